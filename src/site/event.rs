//! Events: every distinct `[event]` (name + year) gets a page per language
//! listing its reports, and each language an events list by date.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::config::{Config, Lang};
use crate::content::date::Date;
use crate::site::lists::{self, Listing};
use crate::site::page::Page;
use crate::site::prior::Prior;
use crate::site::slug::slugify;
use crate::site::{EventId, FastMap, PageId, url};

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

/// Each page's event key, by page id.
pub(crate) type EventKeys = Vec<Option<Arc<str>>>;

/// The key of each page's event: the slug of name and year, made once per
/// distinct event.
fn keys(pages: &[Page]) -> Vec<Option<Arc<str>>> {
    let mut memo = FastMap::default();
    pages.iter().map(|page| key(page, &mut memo)).collect()
}

/// The keys before, with those of the pages `remade` made again.
fn rekeyed(before: &EventKeys, pages: &[Page], remade: &[PageId]) -> EventKeys {
    let mut keys = before.clone();
    let mut memo = FastMap::default();
    for id in remade {
        keys[id.0 as usize] = key(&pages[id.0 as usize], &mut memo);
    }
    keys
}

/// The key of a page's event, through `memo` by name and year.
fn key<'p>(
    page: &'p Page,
    memo: &mut FastMap<(&'p str, Option<i16>), Arc<str>>,
) -> Option<Arc<str>> {
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
}

/// Builds every event in every language, sorted by date (newest first), and
/// links pages to their event in their language.
pub(crate) fn build(
    config: &Config,
    pages: &[Page],
    listing: &Listing,
    prior: Option<Prior<'_>>,
) -> (Vec<Event>, Vec<Option<EventId>>, Arc<EventKeys>) {
    let same = |p: &Prior<'_>| {
        p.agrees(pages, |a, b| {
            a.front.event == b.front.event && a.date == b.date
        })
    };
    let keys_of = match prior {
        Some(p) if same(&p) => p.site.event_keys.clone(),
        Some(p) => Arc::new(rekeyed(&p.site.event_keys, pages, p.remade())),
        None => Arc::new(keys(pages)),
    };
    // The same reports of the same events, listed as before: the events
    // are the ones before (their names, cities and dates are the reports').
    if let Some(p) = prior.filter(|p| Arc::ptr_eq(&p.site.event_keys, &keys_of))
        && listing.is(&p.site.listing)
    {
        let page_events = p.site.pages.iter().map(|page| page.event).collect();
        return (p.site.events.clone(), page_events, keys_of);
    }
    let lists = lists::per_language(listing, pages, |id, _| {
        keys_of[id.0 as usize].iter().cloned().collect()
    });
    let mut events = Vec::new();
    let mut keys: Vec<&Arc<str>> = lists.keys().collect();
    keys.sort();
    for key in keys {
        let per_lang = &lists[key];
        let all = || per_lang.iter().flatten().map(|id| &pages[id.0 as usize]);
        let date = all()
            .filter_map(|p| p.front.event.as_ref().and_then(|e| e.date))
            .min()
            .or_else(|| all().filter_map(|p| p.date).min());
        for (lang, listed) in config.langs().zip(per_lang) {
            if listed.is_empty() {
                continue;
            }
            let mut listed = listed.clone();
            listing.sort_by_date(&mut listed);
            events.push(event(config, pages, key, lang, date, listed));
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
    let index: FastMap<(Arc<str>, Lang), EventId> = events
        .iter()
        .enumerate()
        .map(|(i, e)| ((e.key.clone(), e.lang.clone()), EventId(i as u32)))
        .collect();
    let page_events = pages
        .iter()
        .zip(keys_of.iter())
        .map(|(page, key)| {
            let key = key.as_ref()?;
            index.get(&(key.clone(), page.key.lang.clone())).copied()
        })
        .collect();
    (events, page_events, keys_of)
}

/// The event `key` in `lang`, listing `listed` (sorted): named as its
/// first report in `lang` names it, else as its first report.
fn event(
    config: &Config,
    pages: &[Page],
    key: &Arc<str>,
    lang: &Lang,
    date: Option<Date>,
    listed: Vec<PageId>,
) -> Event {
    let first = listed
        .iter()
        .map(|id| &pages[id.0 as usize])
        .find(|p| &p.key.lang == lang)
        .unwrap_or(&pages[listed[0].0 as usize]);
    let meta = first.front.event.as_ref();
    Event {
        key: key.clone(),
        lang: lang.clone(),
        name: super::smart_text(config, lang, meta.map_or("", |e| e.name.as_str())),
        city: meta.and_then(|e| e.city.clone()),
        date,
        path: format!("{}{key}/", list_path(config, lang)),
        pages: listed,
        translations: Vec::new(),
    }
}
