//! `/404.html`, the page a host shows for a path the site lacks: made only
//! when the templates have `404.html`, in the default language.

use tera::Context;

use crate::render::html::{Html, frame};
use crate::render::templates::TemplateSources;
use crate::render::{Job, JobKind};
use crate::site::{Site, url};

/// Its template.
const TEMPLATE: &str = "404.html";

/// The 404 page, when there is a template for it.
pub(super) fn plan(templates: &TemplateSources, jobs: &mut Vec<Job>) {
    if templates.contains(TEMPLATE) {
        jobs.push(Job::at(url::NOT_FOUND_PATH, JobKind::NotFound));
    }
}

/// Nothing of its own (so no fingerprint of its own either): the globals
/// of the default language.
pub(super) fn html<'s>(site: &Site) -> Html<'s> {
    let lang = &site.config.default_language;
    let frame = frame(lang, url::NOT_FOUND_PATH.to_owned(), Vec::new());
    Html::new(frame, TEMPLATE, Context::new())
}
