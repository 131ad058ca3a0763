//! The theme contract: what templates see (docs/templates.md), as borrowed
//! serialisable views over the site model and the rendered bodies.

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tera::Value;

use crate::config::Lang;
use crate::content::front_matter::Person;
use crate::markdown::Rendered;
use crate::markdown::headings::Heading;
use crate::render::json_ld;
use crate::site::page::{Page, PageKey};
use crate::site::section::Section;
use crate::site::taxonomy::Term;
use crate::site::{FastMap, PageId, Site, url};

/// Pages as list items, made into template values once per render run and
/// shared by every list that shows them (a report is in its section, the
/// home page, a feed and several term and event pages); with the items of
/// the run before, an item whose fingerprint is unchanged is taken from it.
///
/// When the theme has `partials/list_item.html`, each item also carries
/// that partial rendered for it (`item.html`), so a list of thousands of
/// reports is a list of strings joined, and an edit renders one item again.
pub struct ListItems<'p> {
    /// By page, then by the list's language (in `config.langs()` order).
    slots: Vec<Vec<OnceLock<(u64, Value)>>>,
    /// By page: its feed entry.
    entries: Vec<OnceLock<(u64, Arc<str>)>>,
    previous: Option<&'p ItemCache>,
    partial: Option<ItemPartial<'p>>,
}

/// What rendering `partials/list_item.html` on its own takes.
pub struct ItemPartial<'p> {
    /// The compiled templates.
    pub tera: &'p tera::Tera,
    /// Each language's global context (`lang`, `site`, `config`, `menu`, …).
    pub globals: std::collections::HashMap<Lang, tera::Context>,
    /// A fingerprint of the templates, UI strings and globals.
    pub print: u64,
}

/// The partial that renders one list item.
pub const ITEM_PARTIAL: &str = "partials/list_item.html";

/// List items and feed entries kept from one render run for the next, by
/// page (and, for items, the list's language).
#[derive(Default, Clone)]
pub struct ItemCache {
    items: FastMap<(PageKey, Lang), (u64, Value)>,
    entries: FastMap<PageKey, (u64, Arc<str>)>,
}

/// A list item with its rendered partial.
#[derive(Serialize)]
struct WithHtml<'a> {
    #[serde(flatten)]
    item: ListItem<'a>,
    html: String,
}

impl<'p> ListItems<'p> {
    /// Empty slots for the pages of `site`; items still valid are taken
    /// from `previous`; with `partial`, each item is rendered too.
    pub fn new(
        site: &Site,
        previous: Option<&'p ItemCache>,
        partial: Option<ItemPartial<'p>>,
    ) -> Self {
        let langs = site.config.languages.len();
        ListItems {
            slots: (0..site.pages.len())
                .map(|_| (0..langs).map(|_| OnceLock::new()).collect())
                .collect(),
            entries: (0..site.pages.len()).map(|_| OnceLock::new()).collect(),
            previous,
            partial,
        }
    }

    /// Page `id` as an item of a list in `list_lang`.
    pub fn get(&self, site: &Site, bodies: &Bodies, id: PageId, list_lang: &Lang) -> Value {
        let page = site.page(id);
        let untranslated = &page.key.lang != list_lang;
        let at = site
            .config
            .langs()
            .position(|l| l == list_lang)
            .unwrap_or(0);
        let (_, value) = self.slots[id.0 as usize][at].get_or_init(|| {
            let mut print = item_fingerprint(site, bodies, id, untranslated);
            if let Some(partial) = &self.partial {
                print = ahash::RandomState::with_seeds(1, 3, 5, 7).hash_one((
                    print,
                    partial.print,
                    list_lang,
                ));
            }
            let kept = self
                .previous
                .and_then(|c| c.items.get(&(page.key.clone(), list_lang.clone())))
                .filter(|(p, _)| *p == print);
            if let Some(kept) = kept {
                return kept.clone();
            }
            let item = list_item(site, bodies, id, list_lang);
            let value = Value::from_serializable(&item);
            let html = self.partial.as_ref().and_then(|partial| {
                let mut cx = partial.globals.get(list_lang)?.clone();
                cx.insert_value("item", value.clone());
                // An item the partial cannot render alone (it wants more of
                // the list's context) is left to the list's own include.
                partial.tera.render(ITEM_PARTIAL, &cx).ok()
            });
            match html {
                Some(html) => (print, Value::from_serializable(&WithHtml { item, html })),
                None => (print, value),
            }
        });
        value.clone()
    }

    /// Page `id`'s feed entry, made by `make` unless kept from the run
    /// before with the same `print`.
    pub fn entry(
        &self,
        site: &Site,
        id: PageId,
        print: u64,
        make: impl FnOnce() -> String,
    ) -> Arc<str> {
        let key = &site.page(id).key;
        let (_, entry) = self.entries[id.0 as usize].get_or_init(|| {
            let kept = self
                .previous
                .and_then(|c| c.entries.get(key))
                .filter(|(p, _)| *p == print);
            match kept {
                Some(kept) => kept.clone(),
                None => (print, Arc::from(make())),
            }
        });
        entry.clone()
    }

    /// Pages `ids` as items of a list in `list_lang`.
    pub fn list(
        &self,
        site: &Site,
        bodies: &Bodies,
        ids: &[PageId],
        list_lang: &Lang,
    ) -> Vec<Value> {
        ids.iter()
            .map(|&id| self.get(site, bodies, id, list_lang))
            .collect()
    }

    /// The items of this run, with those of the run before that this one
    /// did not need and that belong to a page still in `site` (validated
    /// by their fingerprint when next used).
    pub fn into_cache(self, site: &Site) -> ItemCache {
        let mut cache = self.previous.cloned().unwrap_or_default();
        let published = |key: &PageKey| site.page_by_key(&key.tkey, &key.lang).is_some();
        cache.items.retain(|(key, _), _| published(key));
        cache.entries.retain(|key, _| published(key));
        let langs: Vec<&Lang> = site.config.langs().collect();
        for (id, (slots, entry)) in self.slots.into_iter().zip(self.entries).enumerate() {
            let key = &site.pages[id].key;
            for (lang, slot) in langs.iter().zip(slots) {
                if let Some(item) = slot.into_inner() {
                    cache.items.insert((key.clone(), (*lang).clone()), item);
                }
            }
            if let Some(entry) = entry.into_inner() {
                cache.entries.insert(key.clone(), entry);
            }
        }
        cache
    }
}

/// Everything [`list_item`] shows of a page: equal fingerprints, equal items.
fn item_fingerprint(site: &Site, bodies: &Bodies, id: PageId, untranslated: bool) -> u64 {
    let p = site.page(id);
    let mut h = ahash::RandomState::with_seeds(13, 14, 15, 16).build_hasher();
    (
        &site.config.base_url.origin,
        &site.config.base_url.path,
        untranslated,
    )
        .hash(&mut h);
    (
        &p.key,
        &p.title,
        &p.description,
        &p.path,
        p.date.map(|d| d.rfc3339()),
    )
        .hash(&mut h);
    bodies.pages[id.0 as usize].list_fingerprint.hash(&mut h);
    if let Some(e) = &p.front.event {
        (&e.name, &e.city, e.date.map(|d| d.ymd())).hash(&mut h);
    }
    p.event.map(|e| &site.event(e).path).hash(&mut h);
    for t in &p.terms {
        let t = site.term(*t);
        (t.taxonomy, &t.name, &t.key, &t.path).hash(&mut h);
    }
    h.finish()
}

/// Rendered bodies of pages, sections and term sources, by id.
pub struct Bodies {
    /// Indexed by `PageId`.
    pub pages: Vec<std::sync::Arc<Rendered>>,
    /// Indexed by `SectionId`.
    pub sections: Vec<std::sync::Arc<Rendered>>,
    /// Indexed by `TermId` (empty when the term has no source).
    pub terms: Vec<std::sync::Arc<Rendered>>,
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
    /// The event's page in the page's language.
    pub url: Option<String>,
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
    json_ld: String,
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
    pages: Vec<Value>,
    subsections: Vec<Link<'a>>,
    extra: &'a serde_json::Value,
}

/// `paginator`.
#[derive(Debug, Serialize)]
pub struct Paginator {
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
pub fn term_link<'a>(site: &'a Site, term: &'a Term) -> TermLink<'a> {
    TermLink {
        name: &term.name,
        slug: &term.key,
        url: abs(site, &term.path),
    }
}

/// The view of one page.
pub fn page<'a>(site: &'a Site, bodies: &'a Bodies, id: PageId) -> PageView<'a> {
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
        toc: &body.toc,
        word_count: body.word_count,
        reading_time: body.reading_time,
        draft: front.draft,
        weight: front.weight,
        event: event(site, p),
        people: &p.people,
        taxonomies: taxonomies(site, p),
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
        json_ld: json_ld::article(site, p),
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
pub fn section<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    items: &ListItems<'_>,
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
        pages: items.list(site, bodies, listed, &section.lang),
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
pub struct TermView<'a> {
    name: &'a str,
    slug: &'a str,
    lang: &'a str,
    url: String,
    path: String,
    description: &'a str,
    content: &'a str,
    pages: Vec<Value>,
    page_count: usize,
    feed_url: Option<String>,
}

/// The view of a term; `pages` lists every page unless the taxonomy paginates.
pub fn term<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    items: &ListItems<'_>,
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
        pages: items.list(site, bodies, listed, &t.lang),
        page_count: t.pages.len(),
        feed_url: (tax.feed && crate::render::feed::has_entries(site, &t.pages, &t.lang))
            .then(|| abs(site, &format!("{}atom.xml", t.path))),
    }
}

/// A term as an entry of its taxonomy's list.
#[derive(Debug, Serialize)]
pub struct TermItem<'a> {
    name: &'a str,
    slug: &'a str,
    url: String,
    page_count: usize,
}

/// `taxonomy` in `taxonomy_list.html` and `taxonomy_term.html`.
#[derive(Debug, Serialize)]
pub struct TaxonomyView<'a> {
    name: &'a str,
    url: String,
    terms: Vec<TermItem<'a>>,
}

/// The view of a taxonomy in `lang`; `with_terms` lists its terms by name.
pub fn taxonomy<'a>(site: &'a Site, tax: usize, lang: &Lang, with_terms: bool) -> TaxonomyView<'a> {
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
pub struct EventPageView<'a> {
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
pub fn event_page<'a>(
    site: &'a Site,
    bodies: &'a Bodies,
    items: &ListItems<'_>,
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
            items.list(site, bodies, &e.pages, &e.lang)
        } else {
            Vec::new()
        },
    }
}
