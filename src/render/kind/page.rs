//! A page (a report, an about page): one output each, rendered with
//! `page.html` or the template its front matter names. Its meta
//! fingerprint is what it shows of itself in every list it is in.

use std::hash::{Hash, Hasher};

use tera::Context;

use crate::render::bodies::Bodies;
use crate::render::html::{Html, frame};
use crate::render::{Job, JobKind, RenderContext, view};
use crate::site::{PageId, Site};

use super::{FpHasher, Prints, hasher};

/// The template of a page whose front matter names none.
const TEMPLATE: &str = "page.html";

/// Every page's output.
pub(super) fn plan(site: &Site, jobs: &mut Vec<Job>) {
    jobs.extend(
        site.page_ids()
            .map(|id| Job::at(&site.page(id).path, JobKind::Page(id))),
    );
}

/// `page`, with the page's language versions.
pub(super) fn html<'s>(cx: &RenderContext<'s>, id: PageId) -> Html<'s> {
    let site: &'s Site = cx.site;
    let page = site.page(id);
    let versions = std::iter::once(id)
        .chain(page.translations.iter().copied())
        .map(|v| {
            let p = site.page(v);
            (p.key.lang.clone(), p.path.clone(), p.title.clone())
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("page", &view::page(site, cx.bodies, id));
    let named = page.front.template.as_ref();
    Html {
        frame: frame(&page.key.lang, page.path.clone(), versions),
        template: named.map_or(TEMPLATE, String::as_str).to_owned(),
        ctx,
        file: Some(&page.file),
        default_template: named.map(|_| TEMPLATE),
        body_len: cx.bodies.pages[id.0 as usize].page_len(),
    }
}

/// The page's own fields and body, and each link to another page with the
/// role it has here: a neighbour that moves from `earlier` to `later`
/// changes the page as much as a new neighbour does.
pub(super) fn fingerprint(prints: &Prints<'_>, id: PageId, h: &mut FpHasher) {
    let site = prints.site;
    let p = site.page(id);
    (prints.meta)(id).hash(h);
    prints.bodies.pages[id.0 as usize].fingerprint.hash(h);
    let link = |v: &PageId| {
        let v = site.page(*v);
        (&v.key.lang, &v.path, &v.title)
    };
    p.translations.len().hash(h);
    p.translations.iter().for_each(|v| link(v).hash(h));
    (p.earlier.as_ref().map(link), p.later.as_ref().map(link)).hash(h);
    p.assets.iter().map(|a| &a.rel).for_each(|r| r.hash(h));
}

/// What a page contributes to every list it is in (its list item, feed
/// entry, sitemap entry) and to its own page.
pub(crate) fn meta(site: &Site, bodies: &Bodies, id: PageId) -> u64 {
    let p = site.page(id);
    let f = &p.front;
    let mut h = hasher();
    (&p.key, &p.title, &p.path, &p.slug, p.date).hash(&mut h);
    (f.updated, &f.description, f.draft, f.weight, &f.template).hash(&mut h);
    super::hash_extra(f.extra.as_ref(), &mut h);
    for person in &f.people {
        (&person.name, &person.role, &person.org).hash(&mut h);
    }
    if let Some(e) = &f.event {
        (&e.name, &e.city, e.date.map(|d| d.day())).hash(&mut h);
    }
    p.event.map(|e| &site.event(e).path).hash(&mut h);
    for t in &p.terms {
        let t = site.term(*t);
        (t.taxonomy, &t.name, &t.path).hash(&mut h);
    }
    (
        p.outdated,
        p.outdated_since.map(|d| d.day()),
        p.original
            .map(|o| (&site.page(o).path, &site.page(o).title)),
    )
        .hash(&mut h);
    let body = &bodies.pages[id.0 as usize];
    body.list_fingerprint.hash(&mut h);
    h.finish()
}
