//! `preview` in every HTML template: what a link card shows of the output
//! (Open Graph and Twitter card metadata), in the output's language.
//! A report's image is the first one its body shows, in the narrowest
//! copy at least `[images] preview_width` wide; any other output shows
//! `[previews] image`, when the site names one.

use serde::Serialize;

use crate::config::Config;
use crate::i18n::Catalog;
use crate::site::{PageId, Site, url};

use super::bodies::Bodies;
use super::context::Frame;
use super::{Job, JobKind};

/// The link preview of one HTML output.
#[derive(Debug, Serialize)]
pub(super) struct Preview<'a> {
    title: &'a str,
    description: &'a str,
    /// `article` for a dated page (a report), `website` otherwise.
    kind: &'static str,
    url: String,
    site_name: &'a str,
    /// `de_DE`, `en_GB`, as configured.
    locale: &'a str,
    /// The locale of each other language the output exists in.
    locale_alternates: Vec<&'a str>,
    image: Option<PreviewImage<'a>>,
    published_time: Option<String>,
    modified_time: Option<String>,
    /// `summary_large_image` with an image, else `summary`.
    card: &'static str,
}

/// The image of a preview, with an absolute URL.
#[derive(Debug, Serialize)]
struct PreviewImage<'a> {
    url: String,
    width: Option<u32>,
    height: Option<u32>,
    alt: &'a str,
}

/// The preview of the output `job`, seen through `frame`.
pub(super) fn of<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    catalog: &'a Catalog,
    job: &Job,
    frame: &'a Frame,
) -> Preview<'a> {
    let config = &site.config;
    let language = config.language(&frame.lang);
    let current = frame.versions.iter().find(|(l, _, _)| *l == frame.lang);
    let mut preview = Preview {
        title: current.map_or(&language.title, |(_, _, t)| t.as_str()),
        description: &language.description,
        kind: "website",
        url: url::absolute(config, &frame.path),
        site_name: &language.title,
        locale: &language.locale,
        locale_alternates: (frame.versions.iter())
            .filter(|(l, _, _)| *l != frame.lang)
            .map(|(l, _, _)| config.language(l).locale.as_str())
            .collect(),
        image: site_image(config),
        published_time: None,
        modified_time: None,
        card: "summary",
    };
    let translated = |key: &str| catalog.get(&frame.lang, key);
    match &job.kind {
        JobKind::Page(id) => preview.page(site, bodies, *id),
        JobKind::Pager { section, .. } => {
            let s = site.section(*section);
            if s.is_home() {
                preview.title = &language.title;
            }
            preview.describe(s.description.as_deref());
        }
        JobKind::TermPager { term, .. } => {
            let t = site.term(*term);
            preview.describe(
                t.source
                    .as_ref()
                    .and_then(|s| s.front.description.as_deref()),
            );
        }
        JobKind::TaxonomyList { taxonomy, .. } => {
            let name = &config.taxonomies[*taxonomy].name;
            preview.title = translated(&format!("taxonomy_{name}")).unwrap_or(name);
        }
        JobKind::EventList(_) => preview.title = translated("events").unwrap_or(preview.title),
        JobKind::NotFound => {
            preview.title = translated("not_found_title").unwrap_or(preview.title);
        }
        _ => {}
    }
    if preview.image.is_some() {
        preview.card = "summary_large_image";
    }
    preview
}

/// The site's `[previews] image`, written in site.toml as the site's root
/// sees it: under the sub-path.
fn site_image(config: &Config) -> Option<PreviewImage<'static>> {
    config.previews.image.as_deref().map(|u| PreviewImage {
        url: match u.contains("://") {
            true => u.to_owned(),
            false => config
                .base_url
                .absolute(&format!("/{}", u.trim_start_matches('/'))),
        },
        width: None,
        height: None,
        alt: "",
    })
}

impl<'a> Preview<'a> {
    /// A page's description, dates (a report is an article) and first image.
    fn page(&mut self, site: &'a Site, bodies: &'a Bodies, id: PageId) {
        let page = site.page(id);
        self.describe(page.description.as_deref());
        if page.date.is_some() {
            self.kind = "article";
            self.published_time = page.date.map(|d| d.html());
            self.modified_time = page.front.updated.map(|d| d.html());
        }
        if let Some(p) = &bodies.pages[id.0 as usize].preview {
            self.image = Some(PreviewImage {
                url: absolute(&site.config, &page.path, &p.url),
                width: p.width,
                height: p.height,
                alt: &p.alt,
            });
        }
    }

    /// The output's own description, when it has one, over the site's.
    fn describe(&mut self, description: Option<&'a str>) {
        if let Some(d) = description.filter(|d| !d.is_empty()) {
            self.description = d;
        }
    }
}

/// `url`, as published on the page at site path `page` (relative to it,
/// root-relative and already under the base sub-path, or absolute), made
/// absolute.
fn absolute(config: &Config, page: &str, url: &str) -> String {
    if url.contains("://") {
        url.to_owned()
    } else if url.starts_with('/') {
        format!("{}{url}", config.base_url.origin)
    } else {
        let dir = &page[..page.rfind('/').map_or(0, |i| i + 1)];
        config.base_url.absolute(&format!("{dir}{url}"))
    }
}
