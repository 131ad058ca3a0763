//! Events: every distinct `[event]` (name + year) gets a page per language
//! listing its reports, and each language an events list by date.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::{Config, Lang};
use crate::content::date::Date;
use crate::content::front_matter::SortBy;
use crate::site::TkeyIndex;
use crate::site::page::Page;
use crate::site::slug::slugify;
use crate::site::{EventId, PageId, lists, order, url};

/// One event in one language.
#[derive(Debug, Clone)]
pub struct Event {
    /// `leweb-2008`: identity across languages, and the slug.
    pub key: Arc<str>,
    /// The language of this version.
    pub lang: Lang,
    /// As the listed reports name it (own language first).
    pub name: String,
    /// Where it took place.
    pub city: Option<String>,
    /// Its first day: the earliest `[event] date`, else the earliest report date.
    pub date: Option<Date>,
    /// Site path, `/en/events/leweb-2008/`.
    pub path: String,
    /// Reports listed, newest first.
    pub pages: Vec<PageId>,
    /// The same event in other languages.
    pub translations: Vec<EventId>,
}

/// The site path of the events list in `lang`.
pub fn list_path(config: &Config, lang: &Lang) -> String {
    url::section_path(config, lang, "events")
}

/// The key of each page's event: the slug of name and year, made once per
/// distinct event.
fn keys(pages: &[Page]) -> Vec<Option<Arc<str>>> {
    let mut memo: HashMap<(&str, Option<i16>), Arc<str>> = HashMap::new();
    pages
        .iter()
        .map(|page| {
            let event = page.front.event.as_ref()?;
            let year = event.date.or(page.date).map(|d| d.year());
            let key = memo.entry((event.name.as_str(), year)).or_insert_with(|| {
                let text = match year {
                    Some(y) => format!("{} {y}", event.name),
                    None => event.name.clone(),
                };
                Arc::from(slugify(&text))
            });
            Some(key.clone())
        })
        .collect()
}

/// Builds every event in every language, sorted by date (newest first), and
/// links pages to their event in their language.
pub(crate) fn build(
    config: &Config,
    pages: &[Page],
    by_tkey: &TkeyIndex,
) -> (Vec<Event>, Vec<Option<EventId>>) {
    let keys_of = keys(pages);
    let lists = lists::per_language(config, pages, by_tkey, |id, _| {
        keys_of[id.0 as usize].iter().cloned().collect()
    });
    let mut events = Vec::new();
    let mut keys: Vec<&Arc<str>> = lists.keys().collect();
    keys.sort();
    for key in keys {
        let per_lang = &lists[key];
        let all: Vec<&Page> = per_lang
            .values()
            .flatten()
            .map(|id| &pages[id.0 as usize])
            .collect();
        let date = all
            .iter()
            .filter_map(|p| p.front.event.as_ref().and_then(|e| e.date))
            .min()
            .or_else(|| all.iter().filter_map(|p| p.date).min());
        for lang in config.langs() {
            let Some(listed) = per_lang.get(lang) else {
                continue;
            };
            let mut listed = listed.clone();
            listed.sort_by(|a, b| {
                order::compare(SortBy::Date, &pages[a.0 as usize], &pages[b.0 as usize])
            });
            let first = listed
                .iter()
                .map(|id| &pages[id.0 as usize])
                .find(|p| &p.key.lang == lang)
                .unwrap_or(&pages[listed[0].0 as usize]);
            let meta = first.front.event.as_ref();
            events.push(Event {
                key: key.clone(),
                lang: lang.clone(),
                name: super::smart_text(config, lang, meta.map_or("", |e| e.name.as_str())),
                city: meta.and_then(|e| e.city.clone()),
                date,
                path: format!("{}{key}/", list_path(config, lang)),
                pages: listed,
                translations: Vec::new(),
            });
        }
    }
    events.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.key.cmp(&b.key))
            .then_with(|| a.lang.cmp(&b.lang))
    });
    let mut versions: BTreeMap<Arc<str>, Vec<EventId>> = BTreeMap::new();
    for (i, e) in events.iter().enumerate() {
        versions
            .entry(e.key.clone())
            .or_default()
            .push(EventId(i as u32));
    }
    for (i, e) in events.iter_mut().enumerate() {
        e.translations = versions[&e.key]
            .iter()
            .copied()
            .filter(|id| id.0 as usize != i)
            .collect();
    }
    let index: HashMap<(Arc<str>, Lang), EventId> = events
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.key.clone(), e.lang.clone()), EventId(i as u32)))
        .collect();
    let page_events = pages
        .iter()
        .zip(keys_of)
        .map(|(page, key)| key.and_then(|k| index.get(&(k, page.key.lang.clone())).copied()))
        .collect();
    (events, page_events)
}
