//! The theme contract: what templates see (docs/templates.md), as borrowed
//! serialisable views over the site model and the rendered bodies.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::config::Lang;
use crate::content::front_matter::Person;
use crate::markdown::Rendered;
use crate::markdown::headings::Heading;
use crate::site::page::Page;
use crate::site::section::Section;
use crate::site::{PageId, Site, url};

/// Rendered bodies of pages and sections, by id.
pub struct Bodies {
    /// Indexed by `PageId`.
    pub pages: Vec<std::sync::Arc<Rendered>>,
    /// Indexed by `SectionId`.
    pub sections: Vec<std::sync::Arc<Rendered>>,
}

/// A title and where it lives.
#[derive(Debug, Serialize)]
pub struct Link<'a> {
    /// Title.
    pub title: &'a str,
    /// Absolute URL.
    pub url: String,
    /// Language of the target.
    pub lang: &'a str,
}

/// A taxonomy term as linked from a page.
#[derive(Debug, Serialize)]
pub struct TermLink<'a> {
    /// The term's name in the page's language.
    pub name: &'a str,
    /// Its URL segment.
    pub slug: &'a str,
    /// Its page.
    pub url: String,
}

/// The event a report comes from.
#[derive(Debug, Serialize)]
pub struct EventView<'a> {
    /// Name.
    pub name: &'a str,
    /// City.
    pub city: Option<&'a str>,
    /// First day, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// `page` in `page.html`.
#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    title: &'a str,
    description: &'a str,
    lang: &'a str,
    slug: &'a str,
    url: String,
    path: String,
    date: Option<String>,
    updated: Option<String>,
    date_iso: Option<String>,
    updated_iso: Option<String>,
    content: &'a str,
    summary: Option<&'a str>,
    toc: &'a [Heading],
    word_count: usize,
    reading_time: usize,
    draft: bool,
    weight: Option<i64>,
    event: Option<EventView<'a>>,
    people: &'a [Person],
    taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    outdated: bool,
    original: Option<Link<'a>>,
    earlier: Option<Link<'a>>,
    later: Option<Link<'a>>,
    assets: Vec<String>,
    extra: &'a serde_json::Value,
}

/// A page as an item of a list.
#[derive(Debug, Serialize)]
pub struct ListItem<'a> {
    title: &'a str,
    description: &'a str,
    summary: Option<&'a str>,
    date: Option<String>,
    date_iso: Option<String>,
    url: String,
    lang: &'a str,
    word_count: usize,
    reading_time: usize,
    event: Option<EventView<'a>>,
    taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    untranslated: bool,
}

/// `section` in `section.html` and `index.html`.
#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    title: &'a str,
    description: &'a str,
    lang: &'a str,
    url: String,
    path: String,
    content: &'a str,
    pages: Vec<ListItem<'a>>,
    subsections: Vec<Link<'a>>,
    extra: &'a serde_json::Value,
}

/// `paginator`.
#[derive(Debug, Serialize)]
pub struct Paginator<'a> {
    /// This pager's items.
    pub pages: Vec<ListItem<'a>>,
    /// 1-based.
    pub current_index: usize,
    /// How many pagers.
    pub number_pagers: usize,
    /// Items per pager, if paginated.
    pub paginate_by: Option<usize>,
    /// Items across all pagers.
    pub total_pages: usize,
    /// URL of the first pager.
    pub first: String,
    /// URL of the last pager.
    pub last: String,
    /// URL of the previous pager.
    pub previous: Option<String>,
    /// URL of the next pager.
    pub next: Option<String>,
}

static NULL: serde_json::Value = serde_json::Value::Null;

fn abs(site: &Site, path: &str) -> String {
    url::absolute(&site.config, path)
}

fn page_link(site: &Site, id: PageId) -> Link<'_> {
    let p = site.page(id);
    Link {
        title: &p.title,
        url: abs(site, &p.path),
        lang: p.key.lang.as_str(),
    }
}

fn event(page: &Page) -> Option<EventView<'_>> {
    page.front.event.as_ref().map(|e| EventView {
        name: &e.name,
        city: e.city.as_deref(),
        date: e.date.map(|d| d.ymd()),
    })
}

fn taxonomies(page: &Page) -> BTreeMap<&str, Vec<TermLink<'_>>> {
    let _ = page;
    BTreeMap::new()
}

/// The view of one page.
pub fn page<'a>(site: &'a Site, bodies: &'a Bodies, id: PageId) -> PageView<'a> {
    let p = site.page(id);
    let body = &bodies.pages[id.0 as usize];
    let front = &p.front;
    PageView {
        title: &p.title,
        description: front.description.as_deref().unwrap_or(""),
        lang: p.key.lang.as_str(),
        slug: &p.slug,
        url: abs(site, &p.path),
        path: url::rooted(&site.config, &p.path),
        date: p.date.map(|d| d.ymd()),
        updated: front.updated.map(|d| d.ymd()),
        date_iso: p.date.map(|d| d.html()),
        updated_iso: front.updated.map(|d| d.html()),
        content: &body.html,
        summary: body.summary.as_deref(),
        toc: &body.toc,
        word_count: body.word_count,
        reading_time: body.reading_time,
        draft: front.draft,
        weight: front.weight,
        event: event(p),
        people: &front.people,
        taxonomies: taxonomies(p),
        outdated: p.outdated,
        original: p.original.map(|o| page_link(site, o)),
        earlier: p.earlier.map(|o| page_link(site, o)),
        later: p.later.map(|o| page_link(site, o)),
        assets: p
            .assets
            .iter()
            .map(|a| format!("{}{}", abs(site, &p.path), a.rel))
            .collect(),
        extra: front.extra.as_ref().unwrap_or(&NULL),
    }
}

/// A page as a list item in a list of language `list_lang`.
pub fn list_item<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    id: PageId,
    list_lang: &Lang,
) -> ListItem<'a> {
    let p = site.page(id);
    let body = &bodies.pages[id.0 as usize];
    ListItem {
        title: &p.title,
        description: p.front.description.as_deref().unwrap_or(""),
        summary: body.summary.as_deref(),
        date: p.date.map(|d| d.ymd()),
        date_iso: p.date.map(|d| d.html()),
        url: abs(site, &p.path),
        lang: p.key.lang.as_str(),
        word_count: body.word_count,
        reading_time: body.reading_time,
        event: event(p),
        taxonomies: taxonomies(p),
        untranslated: &p.key.lang != list_lang,
    }
}

/// The view of a section; `pages` lists every page unless the section is paginated.
pub fn section<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    section: &'a Section,
    sid: usize,
) -> SectionView<'a> {
    let listed: &[PageId] = if section.front.paginate_by.is_some() {
        &[]
    } else {
        &section.pages
    };
    SectionView {
        title: &section.title,
        description: section.front.description.as_deref().unwrap_or(""),
        lang: section.lang.as_str(),
        url: abs(site, &section.path),
        path: url::rooted(&site.config, &section.path),
        content: &bodies.sections[sid].html,
        pages: listed
            .iter()
            .map(|&id| list_item(site, bodies, id, &section.lang))
            .collect(),
        subsections: section
            .subsections
            .iter()
            .map(|&s| {
                let s = site.section(s);
                Link {
                    title: &s.title,
                    url: abs(site, &s.path),
                    lang: s.lang.as_str(),
                }
            })
            .collect(),
        extra: section.front.extra.as_ref().unwrap_or(&NULL),
    }
}
