//! A taxonomy's list of terms in a language (`/en/lessons/`), rendered with
//! `taxonomy_list.html`.

use std::hash::Hash;

use tera::Context;

use crate::config::{Config, Lang};
use crate::render::context::all_languages;
use crate::render::html::{Html, frame};
use crate::render::{Job, JobKind, view};
use crate::site::{Site, taxonomy};

use super::FpHasher;

/// Every taxonomy's list, in every language.
pub(super) fn plan(config: &Config, jobs: &mut Vec<Job>) {
    for (tax, t) in config.taxonomies.iter().enumerate() {
        for lang in config.langs() {
            jobs.push(Job::at(
                &taxonomy::list_path(config, lang, &t.name),
                JobKind::TaxonomyList {
                    taxonomy: tax,
                    lang: lang.clone(),
                },
            ));
        }
    }
}

/// `taxonomy`, with its terms, in every language.
pub(super) fn html<'s>(site: &Site, tax: usize, lang: &Lang) -> Html<'s> {
    let config = &site.config;
    let name = &config.taxonomies[tax].name;
    let versions = all_languages(site, |l| taxonomy::list_path(config, l, name), name);
    let mut ctx = Context::new();
    ctx.insert("taxonomy", &view::taxonomy(site, tax, lang, true));
    let path = taxonomy::list_path(config, lang, name);
    Html::new(frame(lang, path, versions), "taxonomy_list.html", ctx)
}

/// Each term of the list with its URL and how many pages it has.
pub(super) fn fingerprint(site: &Site, tax: usize, lang: &Lang, h: &mut FpHasher) {
    for t in site
        .terms
        .iter()
        .filter(|t| t.taxonomy == tax && &t.lang == lang)
    {
        (&t.name, &t.path, t.pages.len()).hash(h);
    }
}
