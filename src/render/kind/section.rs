//! A section's pagers (the home page among them): its pages `paginate_by`
//! to a pager, rendered with `section.html`, `index.html` for the home
//! page, or the template its `_index` front matter names.

use std::hash::Hash;

use tera::Context;

use crate::render::context::section_of;
use crate::render::html::{Html, frame, paginator};
use crate::render::{Job, JobKind, RenderContext, view};
use crate::site::section::Section;
use crate::site::{PageId, SectionId, Site, order, url};

use super::{FpHasher, Prints};

/// Every pager of section `sid`.
pub(super) fn plan(site: &Site, sid: SectionId, jobs: &mut Vec<Job>) {
    let section = site.section(sid);
    for index in 0..pagers(section) {
        jobs.push(Job::at(
            &url::pager_path(&section.path, index + 1),
            JobKind::Pager {
                section: sid,
                index,
            },
        ));
    }
}

fn pagers(section: &Section) -> usize {
    order::pager_count(section.pages.len(), section.front.paginate_by)
}

/// The pages pager `index` (0-based) of section `sid` lists.
pub(super) fn shown(site: &Site, sid: SectionId, index: usize) -> &[PageId] {
    let s = site.section(sid);
    &s.pages[order::pager_range(s.pages.len(), s.front.paginate_by, index)]
}

/// The template of a section whose front matter names none.
fn default_template(section: &Section) -> &'static str {
    if section.is_home() {
        "index.html"
    } else {
        "section.html"
    }
}

/// `section` and `paginator`, with the versions of the section in the
/// languages that have this pager.
pub(super) fn html<'s>(cx: &RenderContext<'s>, sid: SectionId, index: usize) -> Html<'s> {
    let site: &'s Site = cx.site;
    let section = site.section(sid);
    let versions = site
        .config
        .langs()
        .filter_map(|l| site.section_by_dir(&section.dir, l))
        .map(|v| site.section(v))
        .filter(|s| index < pagers(s))
        .map(|s| {
            let path = url::pager_path(&s.path, index + 1);
            (s.lang.clone(), path, s.title.clone())
        })
        .collect();
    let mut ctx = Context::new();
    let view = view::section(site, cx.bodies, &cx.list(), section, sid.0 as usize);
    ctx.insert("section", &view);
    let per = section.front.paginate_by;
    let paginator = paginator(cx, &section.pages, per, &section.path, &section.lang, index);
    ctx.insert("paginator", &paginator);
    let default = default_template(section);
    let named = section.front.template.as_ref();
    let mut frame = frame(
        &section.lang,
        url::pager_path(&section.path, index + 1),
        versions,
    );
    // A pager the other language lacks: go to that section's first page.
    frame.fallback = section_of;
    frame.fallback_arg = sid.0 as usize;
    Html {
        frame,
        template: named.map_or(default, String::as_str).to_owned(),
        ctx,
        file: section.file.as_ref(),
        default_template: named.map(|_| default),
        body_len: 0,
    }
}

/// The section's own fields and body, the pages this pager lists, its
/// subsections, and its versions with their pager counts.
pub(super) fn fingerprint(prints: &Prints<'_>, sid: SectionId, index: usize, h: &mut FpHasher) {
    let site = prints.site;
    let s = site.section(sid);
    (
        &s.title,
        &s.front.description,
        &s.front.template,
        s.front.paginate_by,
    )
        .hash(h);
    super::hash_extra(s.front.extra.as_ref(), h);
    prints.bodies.sections[sid.0 as usize].fingerprint.hash(h);
    (s.pages.len(), pagers(s)).hash(h);
    prints.listed(h, shown(site, sid, index));
    for sub in &s.subsections {
        (&site.section(*sub).title, &site.section(*sub).path).hash(h);
    }
    for l in site.config.langs() {
        if let Some(other) = site.section_by_dir(&s.dir, l).map(|o| site.section(o)) {
            (l, &other.title, pagers(other)).hash(h);
        }
    }
}
