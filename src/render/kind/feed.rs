//! Atom 1.0 feeds: per language (its home page's reports) and per term of
//! a taxonomy with `feed = true`, newest first, absolute URLs.

use std::hash::{BuildHasher, Hash, Hasher};

use pulldown_cmark_escape::escape_html;

use crate::config::{Config, Lang};
use crate::render::bodies::Bodies;
use crate::render::items::ListItems;
use crate::render::{FeedOf, Job, JobKind, RenderContext};
use crate::site::{PageId, Site, TermId, lists, url};

use super::{FpHasher, Prints};

/// The feed of `lang`'s home page.
pub(super) fn plan_language(config: &Config, lang: &Lang, jobs: &mut Vec<Job>) {
    let home = url::section_path(config, lang, "");
    jobs.push(Job::at(
        &url::feed_path(&home),
        JobKind::Feed(FeedOf::Language(lang.clone())),
    ));
}

/// The feed of term `id`, when its taxonomy has feeds and it has entries.
pub(super) fn plan_term(site: &Site, id: TermId, jobs: &mut Vec<Job>) {
    let term = site.term(id);
    let tax = &site.config.taxonomies[term.taxonomy];
    if tax.feed && lists::has_feed_entries(site, &term.pages, &term.lang) {
        jobs.push(Job::at(
            &url::feed_path(&term.path),
            JobKind::Feed(FeedOf::Term(id)),
        ));
    }
}

/// The pages a feed may list (of which it shows the dated ones in its
/// language), and for a term its name and URL.
pub(super) fn fingerprint(prints: &Prints<'_>, of: &FeedOf, h: &mut FpHasher) {
    let site = prints.site;
    match of {
        FeedOf::Language(lang) => {
            if let Some(home) = site.section_by_dir("", lang) {
                prints.listed(h, &site.section(home).pages);
            }
        }
        FeedOf::Term(id) => {
            let t = site.term(*id);
            (&t.name, &t.path).hash(h);
            prints.listed(h, &t.pages);
        }
    }
}

/// What a feed is of.
struct Feed<'a> {
    /// Its title.
    title: String,
    /// Its subtitle.
    subtitle: &'a str,
    /// Its language.
    lang: &'a Lang,
    /// Site path of the feed file.
    self_path: String,
    /// Site path of the HTML page it mirrors.
    alternate_path: &'a str,
    /// The entries, newest first (only dated pages are used).
    pages: &'a [PageId],
}

fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = escape_html(&mut out, text);
    out
}

/// Everything [`entry`] shows of a page: equal fingerprints, equal entries.
fn entry_fingerprint(site: &Site, bodies: &Bodies, id: PageId) -> u64 {
    let page = site.page(id);
    let mut h = ahash::RandomState::with_seeds(17, 18, 19, 20).build_hasher();
    (&site.config.base_url.origin, &site.config.base_url.path).hash(&mut h);
    (&page.path, &page.title, &page.description).hash(&mut h);
    (page.date, page.last_changed()).hash(&mut h);
    bodies.pages[id.0 as usize].list_fingerprint.hash(&mut h);
    h.finish()
}

/// A page's `<entry>`.
fn entry(site: &Site, bodies: &Bodies, id: PageId) -> String {
    let page = site.page(id);
    let mut xml = String::with_capacity(1024);
    let link = esc(&url::absolute(&site.config, &page.path));
    let published = page.date.map(|d| d.rfc3339()).unwrap_or_default();
    let changed = page.last_changed().map(|d| d.rfc3339()).unwrap_or_default();
    // Summaries hold relative links (bundle images, #fragments): resolve
    // them against the report, not the feed.
    xml.push_str(&format!("  <entry xml:base=\"{link}\">\n"));
    xml.push_str(&format!("    <title>{}</title>\n", esc(&page.title)));
    xml.push_str(&format!(
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n    <id>{link}</id>\n"
    ));
    xml.push_str(&format!(
        "    <published>{published}</published>\n    <updated>{changed}</updated>\n"
    ));
    let body = &bodies.pages[id.0 as usize];
    match (&body.summary, &page.description) {
        (Some(html), _) => xml.push_str(&format!(
            "    <summary type=\"html\">{}</summary>\n",
            esc(html)
        )),
        (None, Some(text)) => xml.push_str(&format!("    <summary>{}</summary>\n", esc(text))),
        (None, None) => {}
    }
    xml.push_str("  </entry>\n");
    xml
}

/// The feed's XML.
fn atom(site: &Site, bodies: &Bodies, items: &ListItems<'_>, feed: &Feed<'_>) -> String {
    let config = &site.config;
    let entries: Vec<PageId> = feed
        .pages
        .iter()
        .copied()
        .filter(|&id| lists::is_feed_entry(site, id, feed.lang))
        .collect();
    let updated = entries
        .iter()
        .filter_map(|&id| site.page(id).last_changed())
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |d| d.rfc3339());
    let self_url = esc(&url::absolute(config, &feed.self_path));
    let mut xml = String::with_capacity(1024 + entries.len() * 1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        feed.lang
    ));
    xml.push_str(&format!("  <title>{}</title>\n", esc(&feed.title)));
    if !feed.subtitle.is_empty() {
        xml.push_str(&format!("  <subtitle>{}</subtitle>\n", esc(feed.subtitle)));
    }
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{self_url}\"/>\n"
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        esc(&url::absolute(config, feed.alternate_path))
    ));
    xml.push_str(&format!(
        "  <id>{self_url}</id>\n  <updated>{updated}</updated>\n"
    ));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n  <generator>debrief</generator>\n",
        esc(&config.language(feed.lang).title)
    ));
    for id in entries {
        xml.push_str(
            &items.entry(site, id, entry_fingerprint(site, bodies, id), || {
                entry(site, bodies, id)
            }),
        );
    }
    xml.push_str("</feed>\n");
    xml
}

/// The feed a job asks for.
pub(super) fn render(cx: &RenderContext<'_>, of: &FeedOf) -> Vec<u8> {
    let (site, bodies, items) = (&**cx.site, cx.bodies, &cx.items);
    let config = &site.config;
    let xml = match of {
        FeedOf::Language(lang) => {
            let home = site.section_by_dir("", lang).map(|id| site.section(id));
            let language = config.language(lang);
            let path = url::section_path(config, lang, "");
            atom(
                site,
                bodies,
                items,
                &Feed {
                    title: language.title.clone(),
                    subtitle: &language.description,
                    lang,
                    self_path: url::feed_path(&path),
                    alternate_path: &path,
                    pages: home.map_or(&[], |h| h.pages.as_slice()),
                },
            )
        }
        FeedOf::Term(id) => {
            let term = site.term(*id);
            atom(
                site,
                bodies,
                items,
                &Feed {
                    title: format!("{} – {}", config.language(&term.lang).title, term.name),
                    subtitle: "",
                    lang: &term.lang,
                    self_path: url::feed_path(&term.path),
                    alternate_path: &term.path,
                    pages: &term.pages,
                },
            )
        }
    };
    xml.into_bytes()
}
