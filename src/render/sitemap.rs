//! `/sitemap.xml` with `xhtml:link rel="alternate" hreflang` for every
//! version of every page, split into a sitemap index past 50,000 URLs.

use pulldown_cmark_escape::escape_html;

use crate::config::Lang;

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
        xml.push_str(&format!("  <url>\n    <loc>{}</loc>\n", esc(&e.url)));
        if let Some(lastmod) = &e.lastmod {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        if e.alternates.len() > 1 {
            for (lang, href) in &e.alternates {
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{lang}\" href=\"{}\"/>\n",
                    esc(href)
                ));
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
