//! One file per kind of output, each holding the three things a kind is:
//!
//! 1. `plan`: which outputs of the kind the site has, and at which paths;
//! 2. `html` (its template context, rendered by `render::html`) or
//!    `render` (a file written directly: feeds, sitemaps, redirects);
//! 3. `fingerprint`: a hash of everything step 2 reads, so that an update
//!    renders again only the outputs whose fingerprint changed.
//!
//! This file dispatches over [`JobKind`] to them; the URLs they use are made
//! in `site::url`.

mod event;
mod event_list;
mod feed;
mod not_found;
pub(crate) mod page;
mod redirect;
mod robots;
mod section;
mod sitemap;
mod taxonomy_list;
mod term;

use std::hash::{BuildHasher, Hash, Hasher};

use crate::site::{PageId, Site, TermId};

use super::bodies::Bodies;
use super::templates::TemplateSources;
use super::{FeedOf, Job, JobKind, RenderContext, html};

/// Lists every file the templates produce, in a fixed order (of two
/// outputs at one path, the later is reported): each section's redirect
/// from `page/1/` follows its pagers, each term's feed its pagers, each
/// language's feed its events list.
pub(crate) fn plan(site: &Site, templates: &TemplateSources) -> Vec<Job> {
    let mut jobs = Vec::new();
    page::plan(site, &mut jobs);
    for sid in site.section_ids() {
        section::plan(site, sid, &mut jobs);
        redirect::plan_pager_one(site.section(sid), &mut jobs);
    }
    taxonomy_list::plan(&site.config, &mut jobs);
    for id in (0..site.terms.len()).map(|i| TermId(i as u32)) {
        term::plan(site, id, &mut jobs);
        feed::plan_term(site, id, &mut jobs);
    }
    for lang in site.config.langs() {
        event_list::plan(&site.config, lang, &mut jobs);
        feed::plan_language(&site.config, lang, &mut jobs);
    }
    event::plan(site, &mut jobs);
    redirect::plan_aliases(site, &mut jobs);
    sitemap::plan(site, &mut jobs);
    robots::plan(&mut jobs);
    not_found::plan(templates, &mut jobs);
    jobs
}

/// Roughly how much rendering a job takes: how many pages it lists (one for
/// a page). Rendering the heaviest first keeps both cores busy to the end.
pub(crate) fn weight(site: &Site, job: &Job) -> usize {
    match &job.kind {
        JobKind::Pager { section, index } => section::shown(site, *section, *index).len(),
        JobKind::TermPager { term, index } => term::shown(site, *term, *index).len(),
        JobKind::Event(id) => site.event(*id).pages.len(),
        JobKind::Feed(FeedOf::Term(id)) => site.term(*id).pages.len(),
        JobKind::Feed(FeedOf::Language(_)) | JobKind::Sitemap(_) => site.pages.len(),
        JobKind::EventList(_) => site.events.len(),
        _ => 1,
    }
}

/// What one job makes: a file its kind writes directly, or its kind's
/// template context, to be rendered over its language's globals.
pub(super) enum Made<'s> {
    /// The file itself.
    Bytes(Vec<u8>),
    /// The template context.
    Html(html::Html<'s>),
}

/// Makes one job's file, or its template context.
pub(super) fn make<'s>(job: &Job, cx: &RenderContext<'s>) -> Made<'s> {
    let site = &**cx.site;
    Made::Html(match &job.kind {
        JobKind::Redirect { to, lang } => return Made::Bytes(redirect::render(site, to, lang)),
        JobKind::Feed(of) => return Made::Bytes(feed::render(cx, of)),
        JobKind::Sitemap(part) => return Made::Bytes(sitemap::render(site, *part)),
        JobKind::SitemapIndex(parts) => return Made::Bytes(sitemap::render_index(site, *parts)),
        JobKind::Robots => return Made::Bytes(robots::render(site)),
        JobKind::Page(id) => page::html(cx, *id),
        JobKind::Pager { section, index } => section::html(cx, *section, *index),
        JobKind::TaxonomyList { taxonomy, lang } => taxonomy_list::html(site, *taxonomy, lang),
        JobKind::TermPager { term, index } => term::html(cx, *term, *index),
        JobKind::EventList(lang) => event_list::html(cx, lang),
        JobKind::Event(id) => event::html(cx, *id),
        JobKind::NotFound => not_found::html(site),
    })
}

/// A fast hasher with fixed keys: the same inputs give the same fingerprint
/// in every run of the same binary.
pub(crate) type FpHasher = ahash::AHasher;

/// The hasher of every fingerprint.
pub(crate) fn hasher() -> FpHasher {
    ahash::RandomState::with_seeds(0x6465_6272, 0x6965_6621, 0x7369_7465, 0x6670_7273)
        .build_hasher()
}

/// Hashes a front matter's `[extra]` table as its values, without writing
/// it out as text first (every page's fingerprint reads it).
pub(crate) fn hash_extra(extra: Option<&serde_json::Value>, h: &mut FpHasher) {
    use serde_json::Value;
    fn value(v: &Value, h: &mut FpHasher) {
        std::mem::discriminant(v).hash(h);
        match v {
            Value::Null => {}
            Value::Bool(b) => b.hash(h),
            // Numbers by their digits: an integer and a float differ.
            Value::Number(n) => n.to_string().hash(h),
            Value::String(s) => s.hash(h),
            Value::Array(items) => {
                items.len().hash(h);
                items.iter().for_each(|i| value(i, h));
            }
            Value::Object(map) => {
                map.len().hash(h);
                for (k, v) in map {
                    k.hash(h);
                    value(v, h);
                }
            }
        }
    }
    extra.is_some().hash(h);
    if let Some(v) = extra {
        value(v, h);
    }
}

/// What fingerprints read besides the job: the model, the rendered bodies,
/// and what each page shows of itself in a list.
pub(crate) struct Prints<'a> {
    /// The site snapshot.
    pub(crate) site: &'a Site,
    /// Rendered Markdown.
    pub(crate) bodies: &'a Bodies,
    /// Each page's [`page::meta`] fingerprint (a table made once, or each
    /// computed when asked).
    pub(crate) meta: &'a (dyn Fn(PageId) -> u64 + Sync),
}

impl Prints<'_> {
    /// Hashes the pages a list shows, each with its place in the list.
    fn listed(&self, h: &mut FpHasher, ids: &[PageId]) {
        for id in ids {
            ((self.meta)(*id), id.0).hash(h);
        }
    }
}

/// The fingerprint of one job; `global` (templates, UI strings, menu, URL
/// set) is mixed into each.
pub(crate) fn fingerprint(prints: &Prints<'_>, job: &Job, global: u64) -> u64 {
    let site = prints.site;
    let mut h = hasher();
    (global, &job.out).hash(&mut h);
    match &job.kind {
        JobKind::Page(id) => page::fingerprint(prints, *id, &mut h),
        JobKind::Pager { section, index } => {
            section::fingerprint(prints, *section, *index, &mut h);
        }
        JobKind::TaxonomyList { taxonomy, lang } => {
            taxonomy_list::fingerprint(site, *taxonomy, lang, &mut h);
        }
        JobKind::TermPager { term, index } => term::fingerprint(prints, *term, *index, &mut h),
        JobKind::EventList(lang) => event_list::fingerprint(site, lang, &mut h),
        JobKind::Event(id) => event::fingerprint(prints, *id, &mut h),
        JobKind::Feed(of) => feed::fingerprint(prints, of, &mut h),
        JobKind::Sitemap(_) | JobKind::SitemapIndex(_) => sitemap::fingerprint(site, &mut h),
        JobKind::Redirect { to, lang } => redirect::fingerprint(to, lang, &mut h),
        // Nothing of their own: what they show is in `global`.
        JobKind::Robots | JobKind::NotFound => {}
    }
    h.finish()
}
