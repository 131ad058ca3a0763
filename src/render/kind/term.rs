//! A term's pagers (`/en/lessons/listen-first/`): the pages tagged with it,
//! its taxonomy's `paginate_by` to a pager, rendered with
//! `taxonomy_term.html`.

use std::hash::Hash;

use tera::Context;

use crate::render::context::taxonomy_list_of;
use crate::render::html::{Html, frame, paginator};
use crate::render::{Job, JobKind, RenderContext, view};
use crate::site::taxonomy::Term;
use crate::site::{PageId, Site, TermId, order, url};

use super::{FpHasher, Prints};

/// Every pager of term `id`.
pub(super) fn plan(site: &Site, id: TermId, jobs: &mut Vec<Job>) {
    let term = site.term(id);
    for index in 0..order::pager_count(term.pages.len(), per(site, term)) {
        jobs.push(Job::at(
            &url::pager_path(&term.path, index + 1),
            JobKind::TermPager { term: id, index },
        ));
    }
}

/// How many pages a pager of `term` lists, if it is paginated.
fn per(site: &Site, term: &Term) -> Option<usize> {
    site.config.taxonomies[term.taxonomy].paginate_by
}

/// The pages pager `index` (0-based) of term `id` lists.
pub(super) fn shown(site: &Site, id: TermId, index: usize) -> &[PageId] {
    let t = site.term(id);
    &t.pages[order::pager_range(t.pages.len(), per(site, t), index)]
}

/// `taxonomy`, `term` and `paginator`, with the versions of the term in the
/// languages that have this pager.
pub(super) fn html<'s>(cx: &RenderContext<'s>, id: TermId, index: usize) -> Html<'s> {
    let site: &'s Site = cx.site;
    let term = site.term(id);
    let per = per(site, term);
    let versions = std::iter::once(id)
        .chain(term.translations.iter().copied())
        .map(|t| site.term(t))
        .filter(|t| index < order::pager_count(t.pages.len(), per))
        .map(|t| {
            let path = url::pager_path(&t.path, index + 1);
            (t.lang.clone(), path, t.name.clone())
        })
        .collect();
    let mut ctx = Context::new();
    let taxonomy = view::taxonomy(site, term.taxonomy, &term.lang, false);
    ctx.insert("taxonomy", &taxonomy);
    ctx.insert("term", &view::term(site, cx.bodies, &cx.list(), id));
    let paginator = paginator(cx, &term.pages, per, &term.path, &term.lang, index);
    ctx.insert("paginator", &paginator);
    let path = url::pager_path(&term.path, index + 1);
    let mut frame = frame(&term.lang, path, versions);
    frame.fallback = taxonomy_list_of;
    frame.fallback_arg = term.taxonomy;
    let mut html = Html::new(frame, "taxonomy_term.html", ctx);
    html.file = term.source.as_ref().map(|s| &s.file);
    html
}

/// The term's own fields and body, the pages this pager lists, and its
/// versions.
pub(super) fn fingerprint(prints: &Prints<'_>, id: TermId, index: usize, h: &mut FpHasher) {
    let site = prints.site;
    let t = site.term(id);
    (&t.name, &t.path, t.pages.len()).hash(h);
    if let Some(src) = &t.source {
        src.front.description.hash(h);
    }
    prints.bodies.terms[id.0 as usize].fingerprint.hash(h);
    prints.listed(h, shown(site, id, index));
    for v in &t.translations {
        let v = site.term(*v);
        (&v.lang, &v.path, &v.name, v.pages.len()).hash(h);
    }
}
