//! Stage 5: the site model and rendered bodies → output files, in parallel.
//!
//! 1. `plan` lists one job per output file: pages, section and term pagers,
//!    lists, feeds, sitemap, redirects, 404 (each kind of output has its
//!    planning, its rendering and its fingerprint side by side in `kind/`);
//! 2. `run` renders each job: an HTML output with its template and context
//!    (docs/templates.md, `html`), the others directly;
//! 3. a template error names the template line and the content file being rendered.

pub(crate) mod bodies;
mod context;
pub(crate) mod functions;
mod html;
pub(crate) mod items;
pub(crate) mod json_ld;
pub(crate) mod kind;
mod output;
mod preview;
mod template_tags;
pub(crate) mod templates;
pub(crate) mod view;

use std::sync::Arc;

use rayon::prelude::*;
use tera::Tera;

use crate::config::Lang;
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Catalog;
use crate::site::{EventId, PageId, SectionId, Site, TermId, url};

use bodies::Bodies;
use context::globals;
use templates::TemplateSources;

pub(crate) use kind::{plan, weight};
pub(crate) use output::Output;

/// What one output file is made from. Each kind's planning, rendering and
/// fingerprint are in its file of `kind/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum JobKind {
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
pub(crate) enum FeedOf {
    /// A language's newest reports.
    Language(Lang),
    /// A term's reports.
    Term(TermId),
}

/// One output file to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Job {
    /// Output file, relative to the output root (`en/reports/x/index.html`).
    pub out: String,
    /// What it is made from.
    pub kind: JobKind,
}

impl Job {
    /// The job of `kind` whose output is at site path `site_path`.
    pub(crate) fn at(site_path: &str, kind: JobKind) -> Job {
        Job {
            out: url::output_file(site_path),
            kind,
        }
    }
}

/// Everything rendering needs, shared by all jobs.
pub(crate) struct RenderContext<'a> {
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
pub(crate) fn item_partial<'a>(
    site: &Site,
    tera: &'a Tera,
    sources: &TemplateSources,
    print: u64,
) -> Option<items::ItemPartial<'a>> {
    sources
        .is_from_theme(items::ITEM_PARTIAL)
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

/// What to do with a rendered file to keep it in memory: pair it with its path.
pub(crate) fn keep(job: &Job, output: Output<'_, '_>) -> Result<(String, Vec<u8>), Diagnostic> {
    Ok((job.out.clone(), output.bytes()?))
}

/// Renders every job in parallel, handing each output to `emit` to render
/// where it goes: what it made of the outputs, and every failure.
pub(crate) fn try_each<T: Send>(
    jobs: &[Job],
    cx: &RenderContext<'_>,
    emit: &(impl Fn(&Job, Output<'_, '_>) -> Result<T, Diagnostic> + Sync),
) -> (Vec<T>, Vec<Diagnostic>) {
    let globals = globals(cx.site);
    let results: Vec<Result<T, Diagnostic>> = jobs
        .par_iter()
        .map(|job| emit(job, Output::of(job, cx, &globals)))
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
pub(crate) fn summarize(failures: Vec<Diagnostic>) -> Diagnostics {
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
