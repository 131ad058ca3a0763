//! List items: each page as the template value lists show, made once per
//! render run, and kept for the next run while its fingerprint holds; with
//! the theme's own item partial, rendered once per report and language.

use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tera::Value;

use crate::config::Lang;
use crate::render::bodies::Bodies;
use crate::render::view::{ListItem, list_item};
use crate::site::page::PageKey;
use crate::site::{FastMap, PageId, Site};

/// Pages as list items, made into template values once per render run and
/// shared by every list that shows them (a report is in its section, the
/// home page, a feed and several term and event pages); with the items of
/// the run before, an item whose fingerprint is unchanged is taken from it.
///
/// When the theme has `partials/list_item.html`, each item also carries
/// that partial rendered for it (`item.html`), so a list of thousands of
/// reports is a list of strings joined, and an edit renders one item again.
pub(crate) struct ListItems<'p> {
    /// By page, then by the list's language (in `config.langs()` order).
    slots: Vec<Vec<OnceLock<(u64, Value)>>>,
    /// By page: its feed entry.
    entries: Vec<OnceLock<(u64, Arc<str>)>>,
    previous: Option<&'p ItemCache>,
    partial: Option<ItemPartial<'p>>,
}

/// What rendering `partials/list_item.html` on its own takes.
pub(crate) struct ItemPartial<'p> {
    /// The compiled templates.
    pub tera: &'p tera::Tera,
    /// Each language's global context (`lang`, `site`, `config`, `menu`, …).
    pub globals: std::collections::HashMap<Lang, tera::Context>,
    /// A fingerprint of the templates, UI strings and globals.
    pub print: u64,
}

/// The partial that renders one list item.
pub(crate) const ITEM_PARTIAL: &str = "partials/list_item.html";

/// List items and feed entries kept from one render run for the next, by
/// page (and, for items, the list's language).
#[derive(Default, Clone)]
pub(crate) struct ItemCache {
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
    pub(crate) fn new(
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
    pub(crate) fn get(&self, site: &Site, bodies: &Bodies, id: PageId, list_lang: &Lang) -> Value {
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
    pub(crate) fn entry(
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
    pub(crate) fn list(
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
    pub(crate) fn into_cache(self, site: &Site) -> ItemCache {
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
