//! The one rule for every list in one language (section, home, term, event):
//! the language's own pages, plus the first version of every page that has
//! no version in that language, unless the language hides untranslated pages.

use std::collections::BTreeMap;
use std::hash::Hash;

use crate::config::{Config, Lang};
use crate::site::PageId;
use crate::site::page::Page;
use crate::site::{FastMap, TkeyIndex};

/// Distributes pages carrying keys (a term, an event) into per-language
/// lists, in page-key order; sort them afterwards.
pub(crate) fn per_language<K: Hash + Eq + Clone>(
    config: &Config,
    pages: &[Page],
    by_tkey: &TkeyIndex,
    keys_of: impl Fn(PageId, &Page) -> Vec<K>,
) -> FastMap<K, BTreeMap<Lang, Vec<PageId>>> {
    let mut lists: FastMap<K, BTreeMap<Lang, Vec<PageId>>> = FastMap::default();
    for (i, page) in pages.iter().enumerate() {
        let id = PageId(i as u32);
        let keys = keys_of(id, page);
        if keys.is_empty() {
            continue;
        }
        for lang in config.langs() {
            if shown_in(config, pages, by_tkey, id, lang) {
                for key in &keys {
                    lists
                        .entry(key.clone())
                        .or_default()
                        .entry(lang.clone())
                        .or_default()
                        .push(id);
                }
            }
        }
    }
    lists
}

/// Whether page `id` appears in lists of language `lang`.
pub(crate) fn shown_in(
    config: &Config,
    pages: &[Page],
    by_tkey: &TkeyIndex,
    id: PageId,
    lang: &Lang,
) -> bool {
    let page = &pages[id.0 as usize];
    if &page.key.lang == lang {
        return true;
    }
    if !config.language(lang).show_untranslated {
        return false;
    }
    let versions = &by_tkey[&page.key.tkey];
    versions.first() == Some(&id)
        && !versions
            .iter()
            .any(|v| &pages[v.0 as usize].key.lang == lang)
}

/// [`shown_in`] for a finished site.
pub(crate) fn shown_in_site(site: &crate::site::Site, id: PageId, lang: &Lang) -> bool {
    shown_in(&site.config, &site.pages, &site.by_tkey, id, lang)
}

/// A dated report in the feed's language: untranslated reports of another
/// language are in that language's feeds.
pub(crate) fn is_feed_entry(site: &crate::site::Site, id: PageId, lang: &Lang) -> bool {
    let page = site.page(id);
    page.date.is_some() && &page.key.lang == lang
}

/// Whether a feed over `pages` in `lang` has any entry; term feeds without
/// one are not written (nor linked).
pub(crate) fn has_feed_entries(site: &crate::site::Site, pages: &[PageId], lang: &Lang) -> bool {
    pages.iter().any(|&id| is_feed_entry(site, id, lang))
}
