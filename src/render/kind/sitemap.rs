//! `/sitemap.xml` with `xhtml:link rel="alternate" hreflang` for every
//! version of every page, split into parts (`/sitemap-1.xml`, …) under a
//! sitemap index past 50,000 URLs.

use std::hash::Hash;

use pulldown_cmark_escape::escape_html;

use crate::config::Lang;
use crate::render::{Job, JobKind};
use crate::site::{Site, event, taxonomy, url};

use super::FpHasher;

/// Sitemaps may hold at most this many URLs each.
const MAX_URLS: usize = 50_000;

/// One URL of the sitemap with its language versions (itself included).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Absolute URL.
    url: String,
    /// `YYYY-MM-DD`, when known.
    lastmod: Option<String>,
    /// `(lang, absolute URL)` of every version, this one included.
    alternates: Vec<(Lang, String)>,
}

/// The sitemap; or, when its URLs need more than one file, its parts and
/// the index of them at the sitemap's path.
pub(super) fn plan(site: &Site, jobs: &mut Vec<Job>) {
    let parts = count(site).div_ceil(MAX_URLS).max(1);
    if parts == 1 {
        jobs.push(Job::at(url::SITEMAP_PATH, JobKind::Sitemap(0)));
    } else {
        for part in 0..parts {
            let path = url::sitemap_part_path(part + 1);
            jobs.push(Job::at(&path, JobKind::Sitemap(part)));
        }
        jobs.push(Job::at(url::SITEMAP_PATH, JobKind::SitemapIndex(parts)));
    }
}

/// Part `part` (0-based) of the sitemap, or all of it.
pub(super) fn render(site: &Site, part: usize) -> Vec<u8> {
    let entries = entries(site);
    let chunk = entries.chunks(MAX_URLS).nth(part).unwrap_or(&[]);
    urlset(chunk).into_bytes()
}

/// The index of the sitemap's `parts`.
pub(super) fn render_index(site: &Site, parts: usize) -> Vec<u8> {
    let files: Vec<String> = (1..=parts)
        .map(|n| url::absolute(&site.config, &url::sitemap_part_path(n)))
        .collect();
    index(&files).into_bytes()
}

/// What [`entries`] reads: URLs, dates, versions.
pub(super) fn fingerprint(site: &Site, h: &mut FpHasher) {
    for p in &site.pages {
        (&p.path, p.last_changed().map(|d| d.day())).hash(h);
        for t in &p.translations {
            (&site.page(*t).key.lang, &site.page(*t).path).hash(h);
        }
    }
    site.sections.iter().for_each(|s| s.path.hash(h));
    for t in &site.terms {
        (&t.path, &t.translations).hash(h);
    }
    for e in &site.events {
        (&e.path, &e.translations).hash(h);
    }
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = escape_html(&mut out, text);
    out
}

/// One sitemap file of `entries`.
fn urlset(entries: &[Entry]) -> String {
    let mut xml = String::with_capacity(200 + entries.len() * 300);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    for e in entries {
        xml.push_str("  <url>\n    <loc>");
        let _ = escape_html(&mut xml, &e.url);
        xml.push_str("</loc>\n");
        if let Some(lastmod) = &e.lastmod {
            xml.push_str("    <lastmod>");
            xml.push_str(lastmod);
            xml.push_str("</lastmod>\n");
        }
        if e.alternates.len() > 1 {
            for (lang, href) in &e.alternates {
                xml.push_str("    <xhtml:link rel=\"alternate\" hreflang=\"");
                xml.push_str(lang.as_str());
                xml.push_str("\" href=\"");
                let _ = escape_html(&mut xml, href);
                xml.push_str("\"/>\n");
            }
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A sitemap index pointing at `files` (absolute URLs).
fn index(files: &[String]) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for f in files {
        xml.push_str(&format!(
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
            esc(f)
        ));
    }
    xml.push_str("</sitemapindex>\n");
    xml
}

/// How many URLs the sitemap lists, to know how many files it needs.
fn count(site: &Site) -> usize {
    let langs = site.config.languages.len();
    site.pages.len()
        + site.sections.len()
        + site.terms.len()
        + site.events.len()
        + langs * (site.config.taxonomies.len() + 1)
}

/// Every HTML page a reader may land on, with its language versions.
fn entries(site: &Site) -> Vec<Entry> {
    let mut entries = Vec::with_capacity(count(site));
    for p in &site.pages {
        let others = p.translations.iter().map(|t| site.page(*t));
        let others = others.map(|t| (&t.key.lang, t.path.as_str()));
        let lastmod = p.last_changed().map(|d| d.ymd());
        entries.push(entry(site, &p.path, &p.key.lang, others, lastmod));
    }
    lists(site, &mut entries);
    for t in &site.terms {
        let others = t.translations.iter().map(|o| site.term(*o));
        let others = others.map(|o| (&o.lang, o.path.as_str()));
        entries.push(entry(site, &t.path, &t.lang, others, None));
    }
    for e in &site.events {
        let others = e.translations.iter().map(|o| site.event(*o));
        let others = others.map(|o| (&o.lang, o.path.as_str()));
        entries.push(entry(site, &e.path, &e.lang, others, None));
    }
    entries
}

/// The entry of site path `path` in `lang`, whose other versions are `others`.
fn entry<'a>(
    site: &Site,
    path: &str,
    lang: &Lang,
    others: impl Iterator<Item = (&'a Lang, &'a str)>,
    lastmod: Option<String>,
) -> Entry {
    let abs = |p: &str| url::absolute(&site.config, p);
    let mut alternates = vec![(lang.clone(), abs(path))];
    alternates.extend(others.map(|(l, p)| (l.clone(), abs(p))));
    Entry {
        url: abs(path),
        lastmod,
        alternates,
    }
}

/// The lists every language has (sections, taxonomies' term lists, the
/// events list), each listing the other languages' as its versions.
fn lists(site: &Site, entries: &mut Vec<Entry>) {
    let config = &site.config;
    let mut every_language = |path_in: &dyn Fn(&Lang) -> String| {
        let alternates: Vec<(Lang, String)> = config
            .langs()
            .map(|l| (l.clone(), url::absolute(config, &path_in(l))))
            .collect();
        entries.extend(alternates.iter().map(|(_, u)| Entry {
            url: u.clone(),
            lastmod: None,
            alternates: alternates.clone(),
        }));
    };
    let mut dirs: Vec<&str> = site.sections.iter().map(|s| &*s.dir).collect();
    dirs.dedup();
    for dir in dirs {
        every_language(&|l| url::section_path(config, l, dir));
    }
    for t in &config.taxonomies {
        every_language(&|l| taxonomy::list_path(config, l, &t.name));
    }
    every_language(&|l| event::list_path(config, l));
}
