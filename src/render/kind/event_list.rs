//! The list of a language's events (`/en/events/`), rendered with
//! `events.html`.

use std::hash::Hash;

use tera::Context;

use crate::config::{Config, Lang};
use crate::render::context::all_languages;
use crate::render::html::{Html, frame};
use crate::render::{Job, JobKind, RenderContext, view};
use crate::site::{EventId, Site, event};

use super::FpHasher;

/// The events list in `lang`.
pub(super) fn plan(config: &Config, lang: &Lang, jobs: &mut Vec<Job>) {
    jobs.push(Job::at(
        &event::list_path(config, lang),
        JobKind::EventList(lang.clone()),
    ));
}

/// `events`: the language's events, each without its pages.
pub(super) fn html<'s>(cx: &RenderContext<'s>, lang: &Lang) -> Html<'s> {
    let site = &**cx.site;
    let config = &site.config;
    let versions = all_languages(site, |l| event::list_path(config, l), "events");
    let events: Vec<view::EventPageView<'_>> = site
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| &e.lang == lang)
        .map(|(i, _)| view::event_page(site, &cx.list(), EventId(i as u32), false))
        .collect();
    let mut ctx = Context::new();
    ctx.insert("events", &events);
    let path = event::list_path(config, lang);
    Html::new(frame(lang, path, versions), "events.html", ctx)
}

/// Each event of the language with its URL and how many pages it has.
pub(super) fn fingerprint(site: &Site, lang: &Lang, h: &mut FpHasher) {
    for e in site.events.iter().filter(|e| &e.lang == lang) {
        (
            &e.name,
            &e.city,
            e.date.map(|d| d.day()),
            &e.path,
            e.pages.len(),
        )
            .hash(h);
    }
}
