//! Stage 5: the site model and rendered bodies → output files, in parallel.
//!
//! 1. `plan` lists one job per output file: pages, section pagers, redirects, 404;
//! 2. `run` renders each job with its template and context (docs/templates.md);
//! 3. a template error names the template line and the content file being rendered.

pub mod functions;
pub mod redirect;
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
use crate::site::{PageId, SectionId, Site, order, url};

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
    let mut diags = Diagnostics::new();
    for r in results {
        match r {
            Ok(o) => outputs.push(o),
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        diags.sort();
        return Err(diags);
    }
    Ok(outputs)
}

#[derive(Serialize)]
struct LanguageView<'a> {
    code: &'a str,
    title: &'a str,
    description: &'a str,
    url: String,
}

#[derive(Serialize)]
struct ConfigView<'a> {
    base_url: String,
    default_language: &'a str,
    languages: Vec<LanguageView<'a>>,
    extra: &'a serde_json::Value,
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
            (l.lang.clone(), ctx)
        })
        .collect()
}

/// Site path and title of each language version of the thing being rendered.
type Versions = Vec<(Lang, String, String)>;

fn render_job(
    job: &Job,
    cx: &RenderContext<'_>,
    globals: &HashMap<Lang, Context>,
) -> Result<Vec<u8>, Diagnostic> {
    let site = &**cx.site;
    let (lang, path, versions, template, what, mut ctx) = match &job.kind {
        JobKind::Redirect { to, lang } => {
            return Ok(
                redirect::page(&url::absolute(&site.config, to), lang.as_str()).into_bytes(),
            );
        }
        JobKind::Page(id) => {
            let page = site.page(*id);
            let versions = std::iter::once(*id)
                .chain(page.translations.iter().copied())
                .map(|v| {
                    let p = site.page(v);
                    (p.key.lang.clone(), p.path.clone(), p.title.clone())
                })
                .collect();
            let mut ctx = Context::new();
            ctx.insert("page", &view::page(site, cx.bodies, *id));
            let template = page
                .front
                .template
                .clone()
                .unwrap_or_else(|| "page.html".to_owned());
            (
                page.key.lang.clone(),
                page.path.clone(),
                versions,
                template,
                Some(page.file.shown.clone()),
                ctx,
            )
        }
        JobKind::Pager {
            section: sid,
            index,
        } => {
            let section = site.section(*sid);
            let path = url::pager_path(&section.path, index + 1);
            let versions = site
                .config
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
            let mut ctx = Context::new();
            ctx.insert(
                "section",
                &view::section(site, cx.bodies, section, sid.0 as usize),
            );
            ctx.insert("paginator", &paginator(site, cx.bodies, *sid, *index));
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
            (section.lang.clone(), path, versions, template, what, ctx)
        }
        JobKind::NotFound => {
            let lang = site.config.default_language.clone();
            (
                lang,
                "/404.html".to_owned(),
                Vec::new(),
                "404.html".to_owned(),
                None,
                Context::new(),
            )
        }
    };
    let mut full = globals[&lang].clone();
    add_versions(&mut full, site, cx.catalog, &lang, &path, &versions);
    full.extend(std::mem::take(&mut ctx));
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

fn add_versions(
    ctx: &mut Context,
    site: &Site,
    catalog: &Catalog,
    lang: &Lang,
    path: &str,
    versions: &Versions,
) {
    let config = &site.config;
    let translations: Vec<Version<'_>> = versions
        .iter()
        .map(|(l, p, title)| Version {
            lang: l.as_str(),
            title,
            url: url::absolute(config, p),
            current: l == lang,
        })
        .collect();
    let x_default = versions
        .iter()
        .find(|(l, _, _)| *l == config.default_language)
        .map_or(path, |(_, p, _)| p.as_str());
    let links: Vec<LanguageLink<'_>> = config
        .langs()
        .map(|l| {
            let version = versions.iter().find(|(v, _, _)| v == l);
            LanguageLink {
                lang: l.as_str(),
                name: catalog.get(l, "language_name").unwrap_or(l.as_str()),
                url: url::absolute(
                    config,
                    &version
                        .map_or_else(|| url::section_path(config, l, ""), |(_, p, _)| p.clone()),
                ),
                current: l == lang,
                exists: version.is_some(),
            }
        })
        .collect();
    ctx.insert("current_url", &url::absolute(config, path));
    ctx.insert("current_path", &url::rooted(config, path));
    ctx.insert("translations", &translations);
    ctx.insert("x_default_url", &url::absolute(config, x_default));
    ctx.insert("language_links", &links);
}

fn paginator<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    sid: SectionId,
    index: usize,
) -> view::Paginator<'a> {
    let section = site.section(sid);
    let per = section.front.paginate_by;
    let total = section.pages.len();
    let count = order::pager_count(total, per);
    let at = |i: usize| url::absolute(&site.config, &url::pager_path(&section.path, i + 1));
    view::Paginator {
        pages: section.pages[order::pager_range(total, per, index)]
            .iter()
            .map(|&id| view::list_item(site, bodies, id, &section.lang))
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
