//! Stage 5: the site model and rendered bodies → output files, in parallel.
//!
//! 1. `plan` lists one job per output file: pages, section pagers, redirects, 404;
//! 2. `run` renders each job with its template and context (docs/templates.md);
//! 3. a template error names the template line and the content file being rendered.

pub mod bodies;
mod context;
pub mod feed;
pub mod functions;
pub mod items;
pub(crate) mod json_ld;
mod preview;
pub mod redirect;
pub mod sitemap;
mod template_tags;
pub mod templates;
pub mod view;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::config::Lang;
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Catalog;
use crate::site::{EventId, PageId, SectionId, Site, TermId, event, order, taxonomy, url};

use bodies::Bodies;
use context::{
    Frame, add_versions, all_languages, event_list_of, globals, home_of, section_of,
    taxonomy_list_of,
};
use templates::TemplateSources;

/// What one output file is made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobKind {
    /// A page with its template.
    Page(PageId),
    /// Pager `index` (0-based) of a section.
    Pager {
        /// The section.
        section: SectionId,
        /// 0-based pager.
        index: usize,
    },
    /// A taxonomy's term list in a language.
    TaxonomyList {
        /// Index into `config.taxonomies`.
        taxonomy: usize,
        /// The language.
        lang: Lang,
    },
    /// Pager `index` of a term's page.
    TermPager {
        /// The term.
        term: TermId,
        /// 0-based pager.
        index: usize,
    },
    /// The events list in a language.
    EventList(Lang),
    /// An event's page.
    Event(EventId),
    /// An Atom feed.
    Feed(FeedOf),
    /// `sitemap.xml` (or one part of it).
    Sitemap(usize),
    /// The sitemap index, once the site has more URLs than one sitemap holds.
    SitemapIndex(usize),
    /// `robots.txt`.
    Robots,
    /// A redirect to a site path.
    Redirect {
        /// Where to.
        to: String,
        /// Language of the redirect page.
        lang: Lang,
    },
    /// `/404.html`.
    NotFound,
}

/// What a feed lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOf {
    /// A language's newest reports.
    Language(Lang),
    /// A term's reports.
    Term(TermId),
}

/// One output file to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Output file, relative to the output root (`en/reports/x/index.html`).
    pub out: String,
    /// What it is made from.
    pub kind: JobKind,
}

/// Lists every file the templates produce.
pub fn plan(site: &Site, templates: &TemplateSources) -> Vec<Job> {
    let mut jobs = Vec::new();
    for id in site.page_ids() {
        jobs.push(Job {
            out: url::output_file(&site.page(id).path),
            kind: JobKind::Page(id),
        });
    }
    for sid in site.section_ids() {
        let section = site.section(sid);
        let pagers = order::pager_count(section.pages.len(), section.front.paginate_by);
        for index in 0..pagers {
            jobs.push(Job {
                out: url::output_file(&url::pager_path(&section.path, index + 1)),
                kind: JobKind::Pager {
                    section: sid,
                    index,
                },
            });
        }
        if section.front.paginate_by.is_some() {
            jobs.push(Job {
                out: url::output_file(&format!("{}page/1/", section.path)),
                kind: JobKind::Redirect {
                    to: section.path.clone(),
                    lang: section.lang.clone(),
                },
            });
        }
    }
    let config = &site.config;
    for (tax, t) in config.taxonomies.iter().enumerate() {
        for lang in config.langs() {
            jobs.push(Job {
                out: url::output_file(&taxonomy::list_path(config, lang, &t.name)),
                kind: JobKind::TaxonomyList {
                    taxonomy: tax,
                    lang: lang.clone(),
                },
            });
        }
    }
    for (i, term) in site.terms.iter().enumerate() {
        let id = TermId(i as u32);
        let tax = &config.taxonomies[term.taxonomy];
        for index in 0..order::pager_count(term.pages.len(), tax.paginate_by) {
            jobs.push(Job {
                out: url::output_file(&url::pager_path(&term.path, index + 1)),
                kind: JobKind::TermPager { term: id, index },
            });
        }
        if tax.feed && crate::site::lists::has_feed_entries(site, &term.pages, &term.lang) {
            jobs.push(Job {
                out: format!(
                    "{}atom.xml",
                    url::output_file(&term.path).trim_end_matches("index.html")
                ),
                kind: JobKind::Feed(FeedOf::Term(id)),
            });
        }
    }
    for lang in config.langs() {
        jobs.push(Job {
            out: url::output_file(&event::list_path(config, lang)),
            kind: JobKind::EventList(lang.clone()),
        });
        jobs.push(Job {
            out: format!(
                "{}atom.xml",
                url::output_file(&url::section_path(config, lang, ""))
                    .trim_end_matches("index.html")
            ),
            kind: JobKind::Feed(FeedOf::Language(lang.clone())),
        });
    }
    for i in 0..site.events.len() {
        let id = EventId(i as u32);
        jobs.push(Job {
            out: url::output_file(&site.event(id).path),
            kind: JobKind::Event(id),
        });
    }
    for page in &site.pages {
        for alias in &page.front.aliases {
            let path = format!("/{}", alias.trim_start_matches('/'));
            let path = if path.ends_with('/') || path.ends_with(".html") {
                path
            } else {
                format!("{path}/")
            };
            jobs.push(Job {
                out: url::output_file(&path),
                kind: JobKind::Redirect {
                    to: page.path.clone(),
                    lang: page.key.lang.clone(),
                },
            });
        }
    }
    let parts = sitemap::count(site).div_ceil(sitemap::MAX_URLS).max(1);
    if parts == 1 {
        jobs.push(Job {
            out: "sitemap.xml".to_owned(),
            kind: JobKind::Sitemap(0),
        });
    } else {
        for part in 0..parts {
            jobs.push(Job {
                out: format!("sitemap-{}.xml", part + 1),
                kind: JobKind::Sitemap(part),
            });
        }
        jobs.push(Job {
            out: "sitemap.xml".to_owned(),
            kind: JobKind::SitemapIndex(parts),
        });
    }
    jobs.push(Job {
        out: "robots.txt".to_owned(),
        kind: JobKind::Robots,
    });
    if templates.contains("404.html") {
        jobs.push(Job {
            out: "404.html".to_owned(),
            kind: JobKind::NotFound,
        });
    }
    jobs
}

/// Roughly how much rendering a job takes: how many pages it lists (one for
/// a page). Rendering the heaviest first keeps both cores busy to the end.
pub fn weight(site: &Site, job: &Job) -> usize {
    let config = &site.config;
    match &job.kind {
        JobKind::Pager { section, index } => {
            let s = site.section(*section);
            order::pager_range(s.pages.len(), s.front.paginate_by, *index).len()
        }
        JobKind::TermPager { term, index } => {
            let t = site.term(*term);
            let per = config.taxonomies[t.taxonomy].paginate_by;
            order::pager_range(t.pages.len(), per, *index).len()
        }
        JobKind::Event(id) => site.event(*id).pages.len(),
        JobKind::Feed(FeedOf::Term(id)) => site.term(*id).pages.len(),
        JobKind::Feed(FeedOf::Language(_)) | JobKind::Sitemap(_) => site.pages.len(),
        JobKind::EventList(_) => site.events.len(),
        _ => 1,
    }
}

/// Everything rendering needs, shared by all jobs.
pub struct RenderContext<'a> {
    /// The site snapshot.
    pub site: &'a Arc<Site>,
    /// Rendered Markdown.
    pub bodies: &'a Bodies,
    /// Compiled templates.
    pub tera: &'a Tera,
    /// Template files, for error locations.
    pub sources: &'a TemplateSources,
    /// UI strings.
    pub catalog: &'a Catalog,
    /// List items, made once for every list.
    pub items: items::ListItems<'a>,
}

/// What rendering list items on their own takes, when the theme has the
/// partial for it; `print` stands for the templates and UI strings. A
/// site's own `partials/list_item.html` may read what only the list page
/// has (its section, its paginator): it is included in each list instead.
pub fn item_partial<'a>(
    site: &Site,
    tera: &'a Tera,
    sources: &TemplateSources,
    print: u64,
) -> Option<items::ItemPartial<'a>> {
    sources
        .from_theme(items::ITEM_PARTIAL)
        .then(|| items::ItemPartial {
            tera,
            globals: globals(site),
            print,
        })
}

impl RenderContext<'_> {
    /// The list items of pages, for a list in a language.
    fn list(&self) -> impl Fn(&[PageId], &Lang) -> Vec<tera::Value> + '_ {
        |ids, lang| self.items.list(self.site, self.bodies, ids, lang)
    }
}

/// Renders every job in parallel, keeping each output in memory.
pub fn run(jobs: &[Job], cx: &RenderContext<'_>) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let (outputs, failures) = try_each(jobs, cx, &keep);
    if failures.is_empty() {
        Ok(outputs)
    } else {
        Err(summarize(failures))
    }
}

/// What to do with a rendered file to keep it in memory: pair it with its path.
pub fn keep(job: &Job, bytes: Vec<u8>) -> Result<(String, Vec<u8>), Diagnostic> {
    Ok((job.out.clone(), bytes))
}

/// Renders every job in parallel, handing each output to `emit`: what it
/// made of the outputs, and every failure.
pub fn try_each<T: Send>(
    jobs: &[Job],
    cx: &RenderContext<'_>,
    emit: &(impl Fn(&Job, Vec<u8>) -> Result<T, Diagnostic> + Sync),
) -> (Vec<T>, Vec<Diagnostic>) {
    let globals = globals(cx.site);
    let results: Vec<Result<T, Diagnostic>> = jobs
        .par_iter()
        .map(|job| render_job(job, cx, &globals).and_then(|bytes| emit(job, bytes)))
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut failures = Vec::new();
    for r in results {
        match r {
            Ok(o) => outputs.push(o),
            Err(d) => failures.push(d),
        }
    }
    (outputs, failures)
}

/// One broken template line fails every page using it: says it once, with
/// how many more outputs fail the same way.
pub fn summarize(failures: Vec<Diagnostic>) -> Diagnostics {
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    for d in failures {
        match merged
            .iter_mut()
            .find(|(f, _)| f.message == d.message && f.location == d.location)
        {
            Some((_, more)) => *more += 1,
            None => merged.push((d, 0)),
        }
    }
    let mut diags: Diagnostics = merged
        .into_iter()
        .map(|(d, more)| match more {
            0 => d,
            1 => d.with_note("and 1 more output fails the same way"),
            n => d.with_note(format!("and {n} more outputs fail the same way")),
        })
        .collect();
    diags.sort();
    diags
}

fn render_job(
    job: &Job,
    cx: &RenderContext<'_>,
    globals: &HashMap<Lang, Context>,
) -> Result<Vec<u8>, Diagnostic> {
    let site = &**cx.site;
    let config = &site.config;
    let mut ctx = Context::new();
    let frame = |lang: &Lang, path: String, versions| Frame {
        lang: lang.clone(),
        path,
        versions,
        fallback: home_of,
        fallback_arg: 0,
    };
    let (frame, template, what) = match &job.kind {
        JobKind::Redirect { to, lang } => {
            return Ok(redirect::page(&url::absolute(config, to), lang.as_str()).into_bytes());
        }
        JobKind::Feed(of) => return Ok(feed::of(site, cx.bodies, &cx.items, of).into_bytes()),
        JobKind::Sitemap(part) => {
            let entries = sitemap::entries(site);
            let chunk = entries.chunks(sitemap::MAX_URLS).nth(*part).unwrap_or(&[]);
            return Ok(sitemap::urlset(chunk).into_bytes());
        }
        JobKind::SitemapIndex(parts) => {
            let files: Vec<String> = (1..=*parts)
                .map(|n| url::absolute(config, &format!("/sitemap-{n}.xml")))
                .collect();
            return Ok(sitemap::index(&files).into_bytes());
        }
        JobKind::Robots => {
            let map = url::absolute(config, "/sitemap.xml");
            return Ok(format!("User-agent: *\nAllow: /\n\nSitemap: {map}\n").into_bytes());
        }
        JobKind::Page(id) => {
            let page = site.page(*id);
            let mut ids = vec![*id];
            ids.extend(page.translations.iter().copied());
            let versions = ids
                .iter()
                .map(|v| {
                    let p = site.page(*v);
                    (p.key.lang.clone(), p.path.clone(), p.title.clone())
                })
                .collect();
            ctx.insert("page", &view::page(site, cx.bodies, *id));
            let template = page
                .front
                .template
                .clone()
                .unwrap_or_else(|| "page.html".to_owned());
            (
                frame(&page.key.lang, page.path.clone(), versions),
                template,
                Some(page.file.shown.clone()),
            )
        }
        JobKind::Pager {
            section: sid,
            index,
        } => {
            let section = site.section(*sid);
            let versions = config
                .langs()
                .filter_map(|l| site.section_by_dir(&section.dir, l))
                .map(|v| site.section(v))
                .filter(|s| *index < order::pager_count(s.pages.len(), s.front.paginate_by))
                .map(|s| {
                    (
                        s.lang.clone(),
                        url::pager_path(&s.path, index + 1),
                        s.title.clone(),
                    )
                })
                .collect();
            ctx.insert(
                "section",
                &view::section(site, cx.bodies, &cx.list(), section, sid.0 as usize),
            );
            ctx.insert(
                "paginator",
                &paginator(
                    site,
                    cx.bodies,
                    &cx.items,
                    &section.pages,
                    section.front.paginate_by,
                    &section.path,
                    &section.lang,
                    *index,
                ),
            );
            let default = if section.is_home() {
                "index.html"
            } else {
                "section.html"
            };
            let template = section
                .front
                .template
                .clone()
                .unwrap_or_else(|| default.to_owned());
            let what = section.file.as_ref().map(|f| f.shown.clone());
            let mut f = frame(
                &section.lang,
                url::pager_path(&section.path, index + 1),
                versions,
            );
            // A pager the other language lacks: go to that section's first page.
            f.fallback = section_of;
            f.fallback_arg = sid.0 as usize;
            (f, template, what)
        }
        JobKind::TaxonomyList {
            taxonomy: tax,
            lang,
        } => {
            let name = &config.taxonomies[*tax].name;
            let versions = all_languages(site, |l| taxonomy::list_path(config, l, name), name);
            ctx.insert("taxonomy", &view::taxonomy(site, *tax, lang, true));
            (
                frame(lang, taxonomy::list_path(config, lang, name), versions),
                "taxonomy_list.html".to_owned(),
                None,
            )
        }
        JobKind::TermPager { term: id, index } => {
            let term = site.term(*id);
            let per = config.taxonomies[term.taxonomy].paginate_by;
            let mut ids = vec![*id];
            ids.extend(term.translations.iter().copied());
            let versions = ids
                .iter()
                .map(|t| site.term(*t))
                .filter(|t| *index < order::pager_count(t.pages.len(), per))
                .map(|t| {
                    (
                        t.lang.clone(),
                        url::pager_path(&t.path, index + 1),
                        t.name.clone(),
                    )
                })
                .collect();
            ctx.insert(
                "taxonomy",
                &view::taxonomy(site, term.taxonomy, &term.lang, false),
            );
            ctx.insert("term", &view::term(site, cx.bodies, &cx.list(), *id));
            ctx.insert(
                "paginator",
                &paginator(
                    site,
                    cx.bodies,
                    &cx.items,
                    &term.pages,
                    per,
                    &term.path,
                    &term.lang,
                    *index,
                ),
            );
            let mut f = frame(&term.lang, url::pager_path(&term.path, index + 1), versions);
            f.fallback = taxonomy_list_of;
            f.fallback_arg = term.taxonomy;
            (
                f,
                "taxonomy_term.html".to_owned(),
                term.source.as_ref().map(|s| s.file.shown.clone()),
            )
        }
        JobKind::EventList(lang) => {
            let versions = all_languages(site, |l| event::list_path(config, l), "events");
            let events: Vec<view::EventPageView<'_>> = site
                .events
                .iter()
                .enumerate()
                .filter(|(_, e)| &e.lang == lang)
                .map(|(i, _)| view::event_page(site, &cx.list(), EventId(i as u32), false))
                .collect();
            ctx.insert("events", &events);
            (
                frame(lang, event::list_path(config, lang), versions),
                "events.html".to_owned(),
                None,
            )
        }
        JobKind::Event(id) => {
            let e = site.event(*id);
            let mut ids = vec![*id];
            ids.extend(e.translations.iter().copied());
            let versions = ids
                .iter()
                .map(|v| {
                    let e = site.event(*v);
                    (e.lang.clone(), e.path.clone(), e.name.clone())
                })
                .collect();
            ctx.insert("event", &view::event_page(site, &cx.list(), *id, true));
            let mut f = frame(&e.lang, e.path.clone(), versions);
            f.fallback = event_list_of;
            (f, "event.html".to_owned(), None)
        }
        JobKind::NotFound => {
            let lang = config.default_language.clone();
            (
                frame(&lang, "/404.html".to_owned(), Vec::new()),
                "404.html".to_owned(),
                None,
            )
        }
    };
    let mut full = globals[&frame.lang].clone();
    add_versions(&mut full, site, cx.catalog, &frame);
    full.insert(
        "preview",
        &preview::of(site, cx.bodies, cx.catalog, job, &frame),
    );
    full.extend(ctx);
    // Room for the page's body and the theme around it, so that a huge
    // body is not copied over and over as the output grows.
    let body = match &job.kind {
        JobKind::Page(id) => cx.bodies.pages[id.0 as usize].page_len(),
        _ => 0,
    };
    let mut out = Vec::with_capacity(body + body / 8 + 16 * 1024);
    cx.tera
        .render_to(&template, &full, &mut out)
        .map(|()| out)
        .map_err(|e| {
            if let tera::ErrorKind::TemplateNotFound(name) = e.kind()
                && *name == template
                && let Some((file, default)) = template_asked_by(site, job)
            {
                return templates::asked_but_missing(name, file, default, cx.sources);
            }
            let mut d = templates::diagnostics(&e, cx.sources)
                .into_iter()
                .next()
                .unwrap_or_else(|| Diagnostic::error(e.to_string(), None));
            let doing = match &what {
                Some(file) => format!("while rendering {} with {template}", file.display()),
                None => format!("while rendering {} with {template}", job.out),
            };
            d.notes.insert(0, doing);
            d
        })
}

/// The content file whose front matter names the template of `job`
/// (`template = "…"`), and the template it gets without that key.
fn template_asked_by<'s>(site: &'s Site, job: &Job) -> Option<(&'s Arc<SourceFile>, &'static str)> {
    match job.kind {
        JobKind::Page(id) => {
            let page = site.page(id);
            page.front.template.as_ref()?;
            Some((&page.file, "page.html"))
        }
        JobKind::Pager { section, .. } => {
            let section = site.section(section);
            section.front.template.as_ref()?;
            let default = if section.is_home() {
                "index.html"
            } else {
                "section.html"
            };
            Some((section.file.as_ref()?, default))
        }
        _ => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn paginator<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    items: &items::ListItems<'_>,
    pages: &[PageId],
    per: Option<usize>,
    base: &str,
    lang: &Lang,
    index: usize,
) -> view::Paginator {
    let total = pages.len();
    let count = order::pager_count(total, per);
    let at = |i: usize| url::absolute(&site.config, &url::pager_path(base, i + 1));
    view::Paginator {
        pages: items.list(
            site,
            bodies,
            &pages[order::pager_range(total, per, index)],
            lang,
        ),
        current_index: index + 1,
        number_pagers: count,
        paginate_by: per,
        total_pages: total,
        first: at(0),
        last: at(count - 1),
        previous: index.checked_sub(1).map(at),
        next: (index + 1 < count).then(|| at(index + 1)),
    }
}
