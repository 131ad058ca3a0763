//! The theme contract: what templates see (docs/templates.md), as borrowed
//! serialisable views over the site model and the rendered bodies.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::{Kwargs, State, Value};

use crate::config::Lang;
use crate::content::front_matter::Person;
use crate::markdown::Html;
use crate::render::bodies::Bodies;
use crate::render::json_ld;
use crate::site::page::Page;
use crate::site::section::Section;
use crate::site::taxonomy::Term;
use crate::site::{PageId, Site, url};

/// Makes the list items of pages for a list in a language (see `render::items`).
pub(crate) type List<'a> = dyn Fn(&[PageId], &Lang) -> Vec<Value> + 'a;

/// A title and where it lives.
#[derive(Debug, Serialize)]
pub(crate) struct Link<'a> {
    /// Title.
    pub title: &'a str,
    /// Absolute URL.
    pub url: String,
    /// Language of the target.
    pub lang: &'a str,
}

/// A taxonomy term as linked from a page.
#[derive(Debug, Serialize)]
pub(crate) struct TermLink<'a> {
    /// The term's name in the page's language.
    pub name: &'a str,
    /// Its URL segment.
    pub slug: &'a str,
    /// Its page.
    pub url: String,
}

/// The event a report comes from.
#[derive(Debug, Serialize)]
pub(crate) struct EventView<'a> {
    /// Name.
    pub name: &'a str,
    /// City.
    pub city: Option<&'a str>,
    /// First day, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The event's page in the page's language.
    pub url: Option<String>,
}

/// `page` in `page.html`.
#[derive(Debug, Serialize)]
pub(crate) struct PageView<'a> {
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
    content: &'a Html,
    summary: Option<&'a str>,
    toc: Value,
    word_count: usize,
    reading_time: usize,
    draft: bool,
    weight: Option<i64>,
    event: Option<EventView<'a>>,
    people: &'a [Person],
    taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    outdated: bool,
    outdated_since: Option<String>,
    original: Option<Link<'a>>,
    earlier: Option<Link<'a>>,
    later: Option<Link<'a>>,
    assets: Vec<String>,
    extra: &'a serde_json::Value,
    json_ld: String,
}

/// A page as an item of a list.
#[derive(Debug, Serialize)]
pub(crate) struct ListItem<'a> {
    title: &'a str,
    description: &'a str,
    summary: Option<&'a str>,
    date: Option<String>,
    date_iso: Option<String>,
    url: String,
    lang: &'a str,
    reading_time: usize,
    event: Option<EventView<'a>>,
    taxonomies: BTreeMap<&'a str, Vec<TermLink<'a>>>,
    untranslated: bool,
}

/// `section` in `section.html` and `index.html`.
#[derive(Debug, Serialize)]
pub(crate) struct SectionView<'a> {
    title: &'a str,
    description: &'a str,
    lang: &'a str,
    url: String,
    path: String,
    content: &'a Html,
    pages: Vec<Value>,
    subsections: Vec<Link<'a>>,
    extra: &'a serde_json::Value,
}

/// `paginator`.
#[derive(Debug, Serialize)]
pub(crate) struct Paginator {
    /// This pager's items.
    pub pages: Vec<Value>,
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

/// The `safe` filter, as Tera's own but sharing a string instead of
/// copying it: `{{ page.content | safe }}` copied the whole body.
pub(crate) fn safe(value: &Value, _: Kwargs, _: &State) -> Value {
    if value.is_string() {
        value.clone().mark_safe()
    } else {
        Value::safe_string(&value.to_string())
    }
}

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

fn event<'a>(site: &'a Site, page: &'a Page) -> Option<EventView<'a>> {
    page.front.event.as_ref().map(|e| EventView {
        name: &e.name,
        city: e.city.as_deref(),
        date: e.date.map(|d| d.ymd()),
        url: page.event.map(|id| abs(site, &site.event(id).path)),
    })
}

fn taxonomies<'a>(site: &'a Site, page: &'a Page) -> BTreeMap<&'a str, Vec<TermLink<'a>>> {
    let mut map: BTreeMap<&str, Vec<TermLink<'_>>> = BTreeMap::new();
    for &id in &page.terms {
        let term = site.term(id);
        map.entry(site.config.taxonomies[term.taxonomy].name.as_str())
            .or_default()
            .push(term_link(site, term));
    }
    map
}

/// A term as a link.
pub(crate) fn term_link<'a>(site: &'a Site, term: &'a Term) -> TermLink<'a> {
    TermLink {
        name: &term.name,
        slug: &term.key,
        url: abs(site, &term.path),
    }
}

/// The view of one page.
pub(crate) fn page<'a>(site: &'a Site, bodies: &'a Bodies, id: PageId) -> PageView<'a> {
    let p = site.page(id);
    let body = &bodies.pages[id.0 as usize];
    let front = &p.front;
    PageView {
        title: &p.title,
        description: p.description.as_deref().unwrap_or(""),
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
        toc: body.toc.value(),
        word_count: body.word_count,
        reading_time: body.reading_time,
        draft: front.draft,
        weight: front.weight,
        event: event(site, p),
        people: &p.people,
        taxonomies: taxonomies(site, p),
        outdated: p.outdated,
        outdated_since: p.outdated_since.map(|d| d.ymd()),
        original: p.original.map(|o| page_link(site, o)),
        earlier: p.earlier.map(|o| page_link(site, o)),
        later: p.later.map(|o| page_link(site, o)),
        assets: p
            .assets
            .iter()
            .map(|a| format!("{}{}", abs(site, &p.path), a.rel))
            .collect(),
        extra: front.extra.as_ref().unwrap_or(&NULL),
        json_ld: json_ld::article(site, p),
    }
}

/// A page as a list item in a list of language `list_lang`.
pub(crate) fn list_item<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    id: PageId,
    list_lang: &Lang,
) -> ListItem<'a> {
    let p = site.page(id);
    let body = &bodies.pages[id.0 as usize];
    ListItem {
        title: &p.title,
        description: p.description.as_deref().unwrap_or(""),
        summary: body.summary.as_deref(),
        date: p.date.map(|d| d.ymd()),
        date_iso: p.date.map(|d| d.html()),
        url: abs(site, &p.path),
        lang: p.key.lang.as_str(),
        reading_time: body.reading_time,
        event: event(site, p),
        taxonomies: taxonomies(site, p),
        untranslated: &p.key.lang != list_lang,
    }
}

/// The view of a section; `pages` lists every page unless the section is paginated.
pub(crate) fn section<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    list: &List<'_>,
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
        description: section.description.as_deref().unwrap_or(""),
        lang: section.lang.as_str(),
        url: abs(site, &section.path),
        path: url::rooted(&site.config, &section.path),
        content: &bodies.sections[sid].html,
        pages: list(listed, &section.lang),
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

/// `term` in `taxonomy_term.html`.
#[derive(Debug, Serialize)]
pub(crate) struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    lang: &'a str,
    url: String,
    path: String,
    description: &'a str,
    content: &'a Html,
    pages: Vec<Value>,
    page_count: usize,
    feed_url: Option<String>,
}

/// The view of a term; `pages` lists every page unless the taxonomy paginates.
pub(crate) fn term<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    list: &List<'_>,
    id: crate::site::TermId,
) -> TermView<'a> {
    let t = site.term(id);
    let tax = &site.config.taxonomies[t.taxonomy];
    let listed: &[PageId] = if tax.paginate_by.is_some() {
        &[]
    } else {
        &t.pages
    };
    TermView {
        name: &t.name,
        slug: &t.key,
        lang: t.lang.as_str(),
        url: abs(site, &t.path),
        path: url::rooted(&site.config, &t.path),
        description: t
            .source
            .as_ref()
            .and_then(|s| s.front.description.as_deref())
            .unwrap_or(""),
        content: &bodies.terms[id.0 as usize].html,
        pages: list(listed, &t.lang),
        page_count: t.pages.len(),
        feed_url: (tax.feed && crate::site::lists::has_feed_entries(site, &t.pages, &t.lang))
            .then(|| abs(site, &format!("{}atom.xml", t.path))),
    }
}

/// A term as an entry of its taxonomy's list.
#[derive(Debug, Serialize)]
pub(crate) struct TermItem<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    page_count: usize,
}

/// `taxonomy` in `taxonomy_list.html` and `taxonomy_term.html`.
#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyView<'a> {
    name: &'a str,
    url: String,
    terms: Vec<TermItem<'a>>,
}

/// The view of a taxonomy in `lang`; `with_terms` lists its terms by name.
pub(crate) fn taxonomy<'a>(
    site: &'a Site,
    tax: usize,
    lang: &Lang,
    with_terms: bool,
) -> TaxonomyView<'a> {
    let name = site.config.taxonomies[tax].name.as_str();
    let mut terms: Vec<TermItem<'_>> = if with_terms {
        site.terms
            .iter()
            .filter(|t| t.taxonomy == tax && &t.lang == lang)
            .map(|t| TermItem {
                name: &t.name,
                slug: &t.key,
                url: abs(site, &t.path),
                page_count: t.pages.len(),
            })
            .collect()
    } else {
        Vec::new()
    };
    terms.sort_by_cached_key(|t| t.name.to_lowercase());
    TaxonomyView {
        name,
        url: abs(
            site,
            &crate::site::taxonomy::list_path(&site.config, lang, name),
        ),
        terms,
    }
}

/// An event as a list entry or as `event` in `event.html`.
#[derive(Debug, Serialize)]
pub(crate) struct EventPageView<'a> {
    name: &'a str,
    city: Option<&'a str>,
    date: Option<String>,
    date_iso: Option<String>,
    url: String,
    lang: &'a str,
    page_count: usize,
    pages: Vec<Value>,
}

/// The view of an event; `with_pages` lists its reports.
pub(crate) fn event_page<'a>(
    site: &'a Site,
    list: &List<'_>,
    id: crate::site::EventId,
    with_pages: bool,
) -> EventPageView<'a> {
    let e = site.event(id);
    EventPageView {
        name: &e.name,
        city: e.city.as_deref(),
        date: e.date.map(|d| d.ymd()),
        date_iso: e.date.map(|d| d.html()),
        url: abs(site, &e.path),
        lang: e.lang.as_str(),
        page_count: e.pages.len(),
        pages: if with_pages {
            list(&e.pages, &e.lang)
        } else {
            Vec::new()
        },
    }
}
