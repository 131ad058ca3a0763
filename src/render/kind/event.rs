//! An event's page (`/en/events/leweb-2008/`): the reports from it,
//! rendered with `event.html`.

use std::hash::Hash;

use tera::Context;

use crate::render::context::event_list_of;
use crate::render::html::{Html, frame};
use crate::render::{Job, JobKind, RenderContext, view};
use crate::site::{EventId, Site};

use super::{FpHasher, Prints};

/// Every event's page.
pub(super) fn plan(site: &Site, jobs: &mut Vec<Job>) {
    for i in 0..site.events.len() {
        let id = EventId(i as u32);
        jobs.push(Job::at(&site.event(id).path, JobKind::Event(id)));
    }
}

/// `event`, with its pages, and the event's language versions.
pub(super) fn html<'s>(cx: &RenderContext<'s>, id: EventId) -> Html<'s> {
    let site = &**cx.site;
    let e = site.event(id);
    let versions = std::iter::once(id)
        .chain(e.translations.iter().copied())
        .map(|v| {
            let e = site.event(v);
            (e.lang.clone(), e.path.clone(), e.name.clone())
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("event", &view::event_page(site, &cx.list(), id, true));
    let mut frame = frame(&e.lang, e.path.clone(), versions);
    frame.fallback = event_list_of;
    Html::new(frame, "event.html", ctx)
}

/// The event's own fields, its pages, and its versions.
pub(super) fn fingerprint(prints: &Prints<'_>, id: EventId, h: &mut FpHasher) {
    let site = prints.site;
    let e = site.event(id);
    (&e.name, &e.city, e.date.map(|d| d.day()), &e.path).hash(h);
    prints.listed(h, &e.pages);
    for v in &e.translations {
        let v = site.event(*v);
        (&v.lang, &v.path, &v.name).hash(h);
    }
}
