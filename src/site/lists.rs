//! The one rule for every list in one language (section, home, term, event):
//! the language's own pages, plus the first version of every page that has
//! no version in that language, unless the language hides untranslated pages.
//!
//! [`Listing`] applies the rule once per page and language, and ranks the
//! pages once per order, so that the hundreds of lists a site has are each
//! a filter and an integer sort.

use std::hash::Hash;

use rayon::prelude::*;

use crate::config::{Config, Lang};
use crate::content::front_matter::SortBy;
use crate::site::page::Page;
use crate::site::{FastMap, PageId, TkeyIndex, order};

/// For every page, the languages whose lists show it, and its place in
/// each order lists use.
pub(crate) struct Listing {
    langs: usize,
    /// `shown[page * langs + lang]`, languages in `config.langs()` order.
    shown: Vec<bool>,
    /// Each page's place in date order (see [`order::compare`]).
    by_date: Vec<u32>,
}

impl Listing {
    pub(crate) fn new(config: &Config, pages: &[Page], by_tkey: &TkeyIndex) -> Listing {
        let langs: Vec<&Lang> = config.langs().collect();
        let shown = (0..pages.len())
            .into_par_iter()
            .flat_map_iter(|i| {
                let id = PageId(i as u32);
                langs
                    .iter()
                    .map(move |lang| shown_in(config, pages, by_tkey, id, lang))
            })
            .collect();
        Listing {
            langs: langs.len(),
            shown,
            by_date: ranks(pages, SortBy::Date),
        }
    }

    /// Whether page `id` appears in the lists of the `lang`-th language.
    pub(crate) fn shown(&self, id: PageId, lang: usize) -> bool {
        self.shown[id.0 as usize * self.langs + lang]
    }

    /// Sorts a list newest first, as [`order::compare`] by date does.
    pub(crate) fn sort_by_date(&self, list: &mut [PageId]) {
        list.sort_unstable_by_key(|id| self.by_date[id.0 as usize]);
    }
}

/// Each page's place in the order `sort_by` gives: a stable sort of all
/// pages by [`order::compare`], so that sorting any list by place is the
/// same as sorting it (in page order) by `compare`.
pub(crate) fn ranks(pages: &[Page], sort_by: SortBy) -> Vec<u32> {
    let mut ids: Vec<u32> = (0..pages.len() as u32).collect();
    ids.par_sort_by(|a, b| order::compare(sort_by, &pages[*a as usize], &pages[*b as usize]));
    let mut rank = vec![0; pages.len()];
    for (place, id) in ids.into_iter().enumerate() {
        rank[id as usize] = place as u32;
    }
    rank
}

/// Distributes pages carrying keys (a term, an event) into per-language
/// lists, indexed like `config.langs()`, in page order; sort them afterwards.
pub(crate) fn per_language<K: Hash + Eq + Clone>(
    listing: &Listing,
    pages: &[Page],
    keys_of: impl Fn(PageId, &Page) -> Vec<K>,
) -> FastMap<K, Vec<Vec<PageId>>> {
    let mut lists: FastMap<K, Vec<Vec<PageId>>> = FastMap::default();
    for (i, page) in pages.iter().enumerate() {
        let id = PageId(i as u32);
        let keys = keys_of(id, page);
        if keys.is_empty() {
            continue;
        }
        for lang in (0..listing.langs).filter(|&l| listing.shown(id, l)) {
            for key in &keys {
                let per_lang = lists
                    .entry(key.clone())
                    .or_insert_with(|| vec![Vec::new(); listing.langs]);
                per_lang[lang].push(id);
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
