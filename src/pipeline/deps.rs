//! What each output depends on, as a fingerprint computed from the model.
//!
//! A job's fingerprint hashes everything its template context is made of:
//! its own fields, the fields of every page it lists, its language
//! versions. Two builds whose fingerprints for an output agree render the
//! same bytes there, so an update re-renders only the jobs whose fingerprint
//! changed. Coarse inputs (templates, UI strings, the menu, the set of URLs
//! that `get_url` can reach) go into one global fingerprint mixed into every
//! job: changing them re-renders everything, which is cheap because Markdown
//! is cached. The incremental-equals-full tests guard this list.

use std::hash::{BuildHasher, Hash, Hasher};

use rayon::prelude::*;

use crate::render::bodies::Bodies;
use crate::render::{FeedOf, Job, JobKind};
use crate::site::page::Page;
use crate::site::{PageId, Site, order};

/// A fast hasher with fixed keys: the same inputs give the same fingerprint
/// in every run of the same binary.
type FpHasher = ahash::AHasher;

fn hasher() -> FpHasher {
    ahash::RandomState::with_seeds(0x6465_6272, 0x6965_6621, 0x7369_7465, 0x6670_7273)
        .build_hasher()
}

/// What a page contributes to every list it is in (its list item, feed
/// entry, sitemap entry) and to its own page.
fn page_meta(site: &Site, bodies: &Bodies, id: PageId) -> u64 {
    let p: &Page = site.page(id);
    let f = &p.front;
    let mut h = hasher();
    (
        &p.key,
        &p.title,
        &p.path,
        &p.slug,
        p.date.map(|d| d.rfc3339()),
    )
        .hash(&mut h);
    (
        f.updated.map(|d| d.rfc3339()),
        &f.description,
        f.draft,
        f.weight,
        &f.template,
    )
        .hash(&mut h);
    f.extra.as_ref().map(|e| e.to_string()).hash(&mut h);
    for person in &f.people {
        (&person.name, &person.role, &person.org).hash(&mut h);
    }
    if let Some(e) = &f.event {
        (&e.name, &e.city, e.date.map(|d| d.ymd())).hash(&mut h);
    }
    p.event.map(|e| &site.event(e).path).hash(&mut h);
    for t in &p.terms {
        let t = site.term(*t);
        (t.taxonomy, &t.name, &t.path).hash(&mut h);
    }
    (
        p.outdated,
        p.outdated_since.map(|d| d.ymd()),
        p.original
            .map(|o| (&site.page(o).path, &site.page(o).title)),
    )
        .hash(&mut h);
    let body = &bodies.pages[id.0 as usize];
    body.list_fingerprint.hash(&mut h);
    h.finish()
}

/// One fingerprint per job, in job order; `global` is mixed into each.
pub(crate) fn fingerprints(site: &Site, bodies: &Bodies, jobs: &[Job], global: u64) -> Vec<u64> {
    let meta: Vec<u64> = (0..site.pages.len() as u32)
        .into_par_iter()
        .map(|id| page_meta(site, bodies, PageId(id)))
        .collect();
    jobs.par_iter()
        .map(|job| fingerprint(site, bodies, job, global, &|id| meta[id.0 as usize]))
        .collect()
}

/// The fingerprint of one page's own output.
pub(crate) fn page_fingerprint(site: &Site, bodies: &Bodies, job: &Job, global: u64) -> u64 {
    fingerprint(site, bodies, job, global, &|id| page_meta(site, bodies, id))
}

/// The fingerprint of one job, given each page's meta fingerprint.
fn fingerprint(
    site: &Site,
    bodies: &Bodies,
    job: &Job,
    global: u64,
    meta: &(dyn Fn(PageId) -> u64 + Sync),
) -> u64 {
    let listed = |h: &mut FpHasher, ids: &[PageId]| {
        for id in ids {
            (meta(*id), id.0).hash(h);
        }
    };
    let config = &site.config;
    {
        {
            let mut h = hasher();
            (global, &job.out).hash(&mut h);
            match &job.kind {
                JobKind::Page(id) => {
                    let p = site.page(*id);
                    meta(*id).hash(&mut h);
                    bodies.pages[id.0 as usize].fingerprint.hash(&mut h);
                    // Each link to another page with the role it has here: a
                    // neighbour that moves from `earlier` to `later` changes
                    // the page as much as a new neighbour does.
                    let link = |v: &PageId| {
                        let v = site.page(*v);
                        (&v.key.lang, &v.path, &v.title)
                    };
                    let translations: Vec<_> = p.translations.iter().map(link).collect();
                    (
                        translations,
                        p.earlier.as_ref().map(link),
                        p.later.as_ref().map(link),
                    )
                        .hash(&mut h);
                    p.assets.iter().map(|a| &a.rel).for_each(|r| r.hash(&mut h));
                }
                JobKind::Pager { section, index } => {
                    let s = site.section(*section);
                    (
                        &s.title,
                        &s.front.description,
                        &s.front.template,
                        s.front.paginate_by,
                    )
                        .hash(&mut h);
                    s.front.extra.as_ref().map(|e| e.to_string()).hash(&mut h);
                    bodies.sections[section.0 as usize].fingerprint.hash(&mut h);
                    let per = s.front.paginate_by;
                    (s.pages.len(), order::pager_count(s.pages.len(), per)).hash(&mut h);
                    let shown = if per.is_some() {
                        &s.pages[order::pager_range(s.pages.len(), per, *index)]
                    } else {
                        &s.pages[..]
                    };
                    listed(&mut h, shown);
                    for sub in &s.subsections {
                        (&site.section(*sub).title, &site.section(*sub).path).hash(&mut h);
                    }
                    for l in config.langs() {
                        if let Some(other) = site.section_by_dir(&s.dir, l).map(|o| site.section(o))
                        {
                            (
                                l,
                                &other.title,
                                order::pager_count(other.pages.len(), other.front.paginate_by),
                            )
                                .hash(&mut h);
                        }
                    }
                }
                JobKind::TaxonomyList { taxonomy, lang } => {
                    for t in site
                        .terms
                        .iter()
                        .filter(|t| t.taxonomy == *taxonomy && &t.lang == lang)
                    {
                        (&t.name, &t.path, t.pages.len()).hash(&mut h);
                    }
                }
                JobKind::TermPager { term, index } => {
                    let t = site.term(*term);
                    let per = config.taxonomies[t.taxonomy].paginate_by;
                    (&t.name, &t.path, t.pages.len()).hash(&mut h);
                    if let Some(src) = &t.source {
                        src.front.description.hash(&mut h);
                    }
                    bodies.terms[term.0 as usize].fingerprint.hash(&mut h);
                    let shown = &t.pages[order::pager_range(t.pages.len(), per, *index)];
                    listed(&mut h, if per.is_some() { shown } else { &t.pages[..] });
                    for v in &t.translations {
                        let v = site.term(*v);
                        (&v.lang, &v.path, &v.name, v.pages.len()).hash(&mut h);
                    }
                }
                JobKind::EventList(lang) => {
                    for e in site.events.iter().filter(|e| &e.lang == lang) {
                        (
                            &e.name,
                            &e.city,
                            e.date.map(|d| d.ymd()),
                            &e.path,
                            e.pages.len(),
                        )
                            .hash(&mut h);
                    }
                }
                JobKind::Event(id) => {
                    let e = site.event(*id);
                    (&e.name, &e.city, e.date.map(|d| d.ymd()), &e.path).hash(&mut h);
                    listed(&mut h, &e.pages);
                    for v in &e.translations {
                        let v = site.event(*v);
                        (&v.lang, &v.path, &v.name).hash(&mut h);
                    }
                }
                JobKind::Feed(FeedOf::Language(lang)) => {
                    if let Some(home) = site.section_by_dir("", lang) {
                        listed(&mut h, &site.section(home).pages);
                    }
                }
                JobKind::Feed(FeedOf::Term(id)) => {
                    let t = site.term(*id);
                    (&t.name, &t.path).hash(&mut h);
                    listed(&mut h, &t.pages);
                }
                JobKind::Sitemap(_) | JobKind::SitemapIndex(_) => {
                    // What `sitemap::entries` reads: URLs, dates, versions.
                    for p in &site.pages {
                        (&p.path, p.last_changed().map(|d| d.ymd())).hash(&mut h);
                        for t in &p.translations {
                            (&site.page(*t).key.lang, &site.page(*t).path).hash(&mut h);
                        }
                    }
                    site.sections.iter().for_each(|s| s.path.hash(&mut h));
                    for t in &site.terms {
                        (&t.path, &t.translations).hash(&mut h);
                    }
                    for e in &site.events {
                        (&e.path, &e.translations).hash(&mut h);
                    }
                }
                JobKind::Redirect { to, lang } => (to, lang).hash(&mut h),
                JobKind::Robots | JobKind::NotFound => {}
            }
            h.finish()
        }
    }
}

/// Every URL an `@/` link or `get_url` can reach: while it is unchanged,
/// every link resolves as before.
pub(crate) fn url_set(site: &Site) -> u64 {
    let mut h = hasher();
    for p in &site.pages {
        (&p.key, &p.path).hash(&mut h);
    }
    for s in &site.sections {
        (&s.dir, &s.lang, &s.path).hash(&mut h);
    }
    site.unpublished.hash(&mut h);
    h.finish()
}

/// The inputs every HTML output shares: the menu and the URL set, plus
/// whatever the caller mixes in (templates, UI strings).
pub(crate) fn global(site: &Site, url_set: u64, extra: u64) -> u64 {
    let mut h = hasher();
    (extra, url_set).hash(&mut h);
    for p in site.pages.iter().filter(|p| p.dir.is_empty()) {
        (&p.title, p.front.weight).hash(&mut h);
    }
    for s in &site.sections {
        (&s.title, s.front.weight, s.own_index, s.pages.is_empty()).hash(&mut h);
    }
    h.finish()
}
