//! `/sitemap.xml` with `xhtml:link rel="alternate" hreflang` for every
//! version of every page, split into a sitemap index past 50,000 URLs.

use pulldown_cmark_escape::escape_html;

use crate::config::Lang;
use crate::site::{Site, event, taxonomy, url};

/// Sitemaps may hold at most this many URLs each.
pub const MAX_URLS: usize = 50_000;

/// One URL of the sitemap with its language versions (itself included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Absolute URL.
    pub url: String,
    /// `YYYY-MM-DD`, when known.
    pub lastmod: Option<String>,
    /// `(lang, absolute URL)` of every version, this one included.
    pub alternates: Vec<(Lang, String)>,
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = escape_html(&mut out, text);
    out
}

/// One sitemap file of `entries`.
pub fn urlset(entries: &[Entry]) -> String {
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
pub fn index(files: &[String]) -> String {
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
pub(crate) fn count(site: &Site) -> usize {
    let langs = site.config.languages.len();
    site.pages.len()
        + site.sections.len()
        + site.terms.len()
        + site.events.len()
        + langs * (site.config.taxonomies.len() + 1)
}

/// Every HTML page a reader may land on, with its language versions.
pub(crate) fn entries(site: &Site) -> Vec<Entry> {
    let config = &site.config;
    let abs = |p: &str| url::absolute(config, p);
    let mut entries = Vec::with_capacity(count(site));
    for p in &site.pages {
        let mut alternates = vec![(p.key.lang.clone(), abs(&p.path))];
        alternates.extend(p.translations.iter().map(|t| {
            let t = site.page(*t);
            (t.key.lang.clone(), abs(&t.path))
        }));
        entries.push(Entry {
            url: abs(&p.path),
            lastmod: p.last_changed().map(|d| d.ymd()),
            alternates,
        });
    }
    let every_language = |path_in: &dyn Fn(&Lang) -> String| -> Vec<Entry> {
        let alternates: Vec<(Lang, String)> = config
            .langs()
            .map(|l| (l.clone(), abs(&path_in(l))))
            .collect();
        alternates
            .iter()
            .map(|(_, u)| Entry {
                url: u.clone(),
                lastmod: None,
                alternates: alternates.clone(),
            })
            .collect()
    };
    let mut dirs: Vec<&str> = site.sections.iter().map(|s| &*s.dir).collect();
    dirs.dedup();
    for dir in dirs {
        entries.extend(every_language(&|l| url::section_path(config, l, dir)));
    }
    for t in &config.taxonomies {
        entries.extend(every_language(&|l| taxonomy::list_path(config, l, &t.name)));
    }
    entries.extend(every_language(&|l| event::list_path(config, l)));
    let versions = |path: &str, lang: &Lang, others: Vec<(Lang, String)>| {
        let mut alternates = vec![(lang.clone(), abs(path))];
        alternates.extend(others);
        Entry {
            url: abs(path),
            lastmod: None,
            alternates,
        }
    };
    for t in &site.terms {
        let others = t
            .translations
            .iter()
            .map(|o| site.term(*o))
            .map(|o| (o.lang.clone(), abs(&o.path)))
            .collect();
        entries.push(versions(&t.path, &t.lang, others));
    }
    for e in &site.events {
        let others = e
            .translations
            .iter()
            .map(|o| site.event(*o))
            .map(|o| (o.lang.clone(), abs(&o.path)))
            .collect();
        entries.push(versions(&e.path, &e.lang, others));
    }
    entries
}
