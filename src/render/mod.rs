//! Stage 5: the site model and rendered bodies → output files, in parallel.
//!
//! 1. `plan` lists one job per output file: pages, section pagers, redirects, 404;
//! 2. `run` renders each job with its template and context (docs/templates.md);
//! 3. a template error names the template line and the content file being rendered.

pub mod feed;
pub mod functions;
pub(crate) mod json_ld;
pub mod redirect;
pub mod sitemap;
pub mod templates;
pub mod view;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::Lang;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Catalog;
use crate::site::{EventId, PageId, SectionId, Site, TermId, event, order, taxonomy, url};

use templates::TemplateSources;
use view::Bodies;

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
        if tax.feed && feed::has_entries(site, &term.pages, &term.lang) {
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
    let parts = sitemap_entries_count(site)
        .div_ceil(sitemap::MAX_URLS)
        .max(1);
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
}

/// Renders every job in parallel; collects every error.
pub fn run(jobs: &[Job], cx: &RenderContext<'_>) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let globals = globals(cx);
    let results: Vec<Result<(String, Vec<u8>), Diagnostic>> = jobs
        .par_iter()
        .map(|job| render_job(job, cx, &globals).map(|bytes| (job.out.clone(), bytes)))
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut failures: Vec<(Diagnostic, usize)> = Vec::new();
    for r in results {
        match r {
            Ok(o) => outputs.push(o),
            // One broken template line fails every page using it: say it once.
            Err(d) => match failures
                .iter_mut()
                .find(|(f, _)| f.message == d.message && f.location == d.location)
            {
                Some((_, more)) => *more += 1,
                None => failures.push((d, 0)),
            },
        }
    }
    if failures.is_empty() {
        return Ok(outputs);
    }
    let mut diags: Diagnostics = failures
        .into_iter()
        .map(|(d, more)| match more {
            0 => d,
            n => d.with_note(format!(
                "and {n} more output{} fail the same way",
                if n == 1 { "" } else { "s" }
            )),
        })
        .collect();
    diags.sort();
    Err(diags)
}

#[derive(Serialize)]
struct LanguageView<'a> {
    code: &'a str,
    title: &'a str,
    description: &'a str,
    url: String,
    events_url: String,
    feed_url: String,
}

#[derive(Serialize)]
struct ConfigView<'a> {
    base_url: String,
    default_language: &'a str,
    languages: Vec<LanguageView<'a>>,
    extra: &'a serde_json::Value,
}

#[derive(Serialize)]
struct MenuItem<'a> {
    title: &'a str,
    url: String,
    section: bool,
}

#[derive(Serialize)]
struct Version<'a> {
    lang: &'a str,
    title: &'a str,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct LanguageLink<'a> {
    lang: &'a str,
    name: &'a str,
    url: String,
    current: bool,
    exists: bool,
}

/// The context every template of a language starts from.
fn globals(cx: &RenderContext<'_>) -> HashMap<Lang, Context> {
    let config = &cx.site.config;
    let languages: Vec<LanguageView<'_>> = config
        .languages
        .iter()
        .map(|l| LanguageView {
            code: l.lang.as_str(),
            title: &l.title,
            description: &l.description,
            url: url::absolute(config, &url::section_path(config, &l.lang, "")),
            events_url: url::absolute(config, &event::list_path(config, &l.lang)),
            feed_url: url::absolute(
                config,
                &format!("{}atom.xml", url::section_path(config, &l.lang, "")),
            ),
        })
        .collect();
    let config_view = ConfigView {
        base_url: config.base_url.absolute(""),
        default_language: config.default_language.as_str(),
        languages,
        extra: &config.extra,
    };
    config
        .languages
        .iter()
        .zip(&config_view.languages)
        .map(|(l, view)| {
            let mut ctx = Context::new();
            ctx.insert("lang", l.lang.as_str());
            ctx.insert("site", view);
            ctx.insert("config", &config_view);
            ctx.insert("highlight_css", &config.markdown.highlight_code);
            ctx.insert("menu", &menu(cx.site, &l.lang));
            (l.lang.clone(), ctx)
        })
        .collect()
}

/// The site's top-level sections, then the pages directly in `content/`
/// (`about.md`), each by weight and title, as listed in `lang`.
fn menu<'a>(site: &'a Site, lang: &Lang) -> Vec<MenuItem<'a>> {
    let config = &site.config;
    let mut sections: Vec<&crate::site::section::Section> = site
        .sections
        .iter()
        .filter(|s| &s.lang == lang && !s.is_home() && !s.dir.contains('/'))
        .filter(|s| s.own_index || !s.pages.is_empty())
        .collect();
    sections.sort_by(|a, b| (a.front.weight, &a.title).cmp(&(b.front.weight, &b.title)));
    let mut pages: Vec<PageId> = site
        .page_ids()
        .filter(|&id| site.page(id).dir.is_empty())
        .filter(|&id| crate::site::lists::shown_in_site(site, id, lang))
        .collect();
    pages.sort_by(|a, b| {
        let (a, b) = (site.page(*a), site.page(*b));
        (a.front.weight, &a.title).cmp(&(b.front.weight, &b.title))
    });
    let sections = sections.into_iter().map(|s| MenuItem {
        title: &s.title,
        url: url::absolute(config, &s.path),
        section: true,
    });
    let pages = pages.into_iter().map(|id| {
        let p = site.page(id);
        MenuItem {
            title: &p.title,
            url: url::absolute(config, &p.path),
            section: false,
        }
    });
    sections.chain(pages).collect()
}

/// What an HTML output is, for the globals every template gets.
struct Frame {
    lang: Lang,
    /// Site path of this output.
    path: String,
    /// `(lang, site path, title)` of every language version, this one included.
    versions: Vec<(Lang, String, String)>,
    /// Where the language switcher goes for a language without a version.
    fallback: fn(&Site, &Lang, usize) -> String,
    /// Passed to `fallback` (a taxonomy index, or unused).
    fallback_arg: usize,
}

fn home_of(site: &Site, lang: &Lang, _: usize) -> String {
    url::section_path(&site.config, lang, "")
}

fn section_of(site: &Site, lang: &Lang, section: usize) -> String {
    let dir = &site.sections[section].dir;
    url::section_path(&site.config, lang, dir)
}

fn taxonomy_list_of(site: &Site, lang: &Lang, tax: usize) -> String {
    taxonomy::list_path(&site.config, lang, &site.config.taxonomies[tax].name)
}

fn event_list_of(site: &Site, lang: &Lang, _: usize) -> String {
    event::list_path(&site.config, lang)
}

fn all_languages(
    site: &Site,
    path_in: impl Fn(&Lang) -> String,
    title: &str,
) -> Vec<(Lang, String, String)> {
    site.config
        .langs()
        .map(|l| (l.clone(), path_in(l), title.to_owned()))
        .collect()
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
        JobKind::Feed(of) => return Ok(feed_xml(site, cx.bodies, of).into_bytes()),
        JobKind::Sitemap(part) => {
            let entries = sitemap_entries(site);
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
                &view::section(site, cx.bodies, section, sid.0 as usize),
            );
            ctx.insert(
                "paginator",
                &paginator(
                    site,
                    cx.bodies,
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
            ctx.insert("term", &view::term(site, cx.bodies, *id));
            ctx.insert(
                "paginator",
                &paginator(
                    site,
                    cx.bodies,
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
                .map(|(i, _)| view::event_page(site, cx.bodies, EventId(i as u32), false))
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
            ctx.insert("event", &view::event_page(site, cx.bodies, *id, true));
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
    full.extend(ctx);
    cx.tera
        .render(&template, &full)
        .map(String::into_bytes)
        .map_err(|e| {
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

fn add_versions(ctx: &mut Context, site: &Site, catalog: &Catalog, frame: &Frame) {
    let config = &site.config;
    let rank = |l: &Lang| config.langs().position(|x| x == l).unwrap_or(usize::MAX);
    let mut versions: Vec<&(Lang, String, String)> = frame.versions.iter().collect();
    versions.sort_by_key(|(l, _, _)| rank(l));
    let translations: Vec<Version<'_>> = versions
        .iter()
        .map(|(l, p, title)| Version {
            lang: l.as_str(),
            title,
            url: url::absolute(config, p),
            current: *l == frame.lang,
        })
        .collect();
    let x_default = versions
        .iter()
        .find(|(l, _, _)| *l == config.default_language)
        .map_or(frame.path.as_str(), |(_, p, _)| p.as_str());
    let links: Vec<LanguageLink<'_>> = config
        .langs()
        .map(|l| {
            let version = versions.iter().find(|(v, _, _)| v == l);
            let path = version.map_or_else(
                || (frame.fallback)(site, l, frame.fallback_arg),
                |(_, p, _)| p.clone(),
            );
            LanguageLink {
                lang: l.as_str(),
                name: catalog.get(l, "language_name").unwrap_or(l.as_str()),
                url: url::absolute(config, &path),
                current: *l == frame.lang,
                exists: version.is_some(),
            }
        })
        .collect();
    ctx.insert("current_url", &url::absolute(config, &frame.path));
    ctx.insert("current_path", &url::rooted(config, &frame.path));
    ctx.insert("translations", &translations);
    ctx.insert("x_default_url", &url::absolute(config, x_default));
    ctx.insert("language_links", &links);
}

#[allow(clippy::too_many_arguments)]
fn paginator<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    pages: &[PageId],
    per: Option<usize>,
    base: &str,
    lang: &Lang,
    index: usize,
) -> view::Paginator<'a> {
    let total = pages.len();
    let count = order::pager_count(total, per);
    let at = |i: usize| url::absolute(&site.config, &url::pager_path(base, i + 1));
    view::Paginator {
        pages: pages[order::pager_range(total, per, index)]
            .iter()
            .map(|&id| view::list_item(site, bodies, id, lang))
            .collect(),
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

fn feed_xml(site: &Site, bodies: &Bodies, of: &FeedOf) -> String {
    let config = &site.config;
    match of {
        FeedOf::Language(lang) => {
            let home = site.section_by_dir("", lang).map(|id| site.section(id));
            let language = config.language(lang);
            let path = url::section_path(config, lang, "");
            feed::atom(
                site,
                bodies,
                &feed::Feed {
                    title: language.title.clone(),
                    subtitle: &language.description,
                    lang,
                    self_path: format!("{path}atom.xml"),
                    alternate_path: &path,
                    pages: home.map_or(&[], |h| h.pages.as_slice()),
                },
            )
        }
        FeedOf::Term(id) => {
            let term = site.term(*id);
            feed::atom(
                site,
                bodies,
                &feed::Feed {
                    title: format!("{} – {}", config.language(&term.lang).title, term.name),
                    subtitle: "",
                    lang: &term.lang,
                    self_path: format!("{}atom.xml", term.path),
                    alternate_path: &term.path,
                    pages: &term.pages,
                },
            )
        }
    }
}

fn sitemap_entries_count(site: &Site) -> usize {
    let langs = site.config.languages.len();
    site.pages.len()
        + site.sections.len()
        + site.terms.len()
        + site.events.len()
        + langs * (site.config.taxonomies.len() + 1)
}

/// Every HTML page a reader may land on, with its language versions.
fn sitemap_entries(site: &Site) -> Vec<sitemap::Entry> {
    let config = &site.config;
    let abs = |p: &str| url::absolute(config, p);
    let mut entries = Vec::with_capacity(sitemap_entries_count(site));
    for p in &site.pages {
        let mut alternates = vec![(p.key.lang.clone(), abs(&p.path))];
        alternates.extend(p.translations.iter().map(|t| {
            let t = site.page(*t);
            (t.key.lang.clone(), abs(&t.path))
        }));
        entries.push(sitemap::Entry {
            url: abs(&p.path),
            lastmod: p.last_changed().map(|d| d.ymd()),
            alternates,
        });
    }
    let every_language = |path_in: &dyn Fn(&Lang) -> String| -> Vec<sitemap::Entry> {
        let alternates: Vec<(Lang, String)> = config
            .langs()
            .map(|l| (l.clone(), abs(&path_in(l))))
            .collect();
        alternates
            .iter()
            .map(|(_, u)| sitemap::Entry {
                url: u.clone(),
                lastmod: None,
                alternates: alternates.clone(),
            })
            .collect()
    };
    let mut dirs: Vec<&str> = site.sections.iter().map(|s| &*s.dir).collect();
    dirs.dedup();
    for dir in dirs {
        entries.extend(every_language(&|l| url::section_path(config, l, dir)));
    }
    for t in &config.taxonomies {
        entries.extend(every_language(&|l| taxonomy::list_path(config, l, &t.name)));
    }
    entries.extend(every_language(&|l| event::list_path(config, l)));
    let versions = |path: &str, lang: &Lang, others: Vec<(Lang, String)>| {
        let mut alternates = vec![(lang.clone(), abs(path))];
        alternates.extend(others);
        sitemap::Entry {
            url: abs(path),
            lastmod: None,
            alternates,
        }
    };
    for t in &site.terms {
        let others = t
            .translations
            .iter()
            .map(|o| site.term(*o))
            .map(|o| (o.lang.clone(), abs(&o.path)))
            .collect();
        entries.push(versions(&t.path, &t.lang, others));
    }
    for e in &site.events {
        let others = e
            .translations
            .iter()
            .map(|o| site.event(*o))
            .map(|o| (o.lang.clone(), abs(&o.path)))
            .collect();
        entries.push(versions(&e.path, &e.lang, others));
    }
    entries
}
