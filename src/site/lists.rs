//! The one rule for every list in one language (section, home, term, event):
//! the language's own pages, plus the first version of every page that has
//! no version in that language, unless the language hides untranslated pages.
//!
//! [`Listing`] applies the rule once per page and language, and ranks the
//! pages once per order, so that the hundreds of lists a site has are each
//! a filter and an integer sort; an update places again only the pages it
//! made anew.

use std::cmp::Ordering;
use std::hash::Hash;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Lang};
use crate::content::front_matter::SortBy;
use crate::site::page::Page;
use crate::site::prior::Prior;
use crate::site::{FastMap, PageId, TkeyIndex, order};

/// For every page, the languages whose lists show it, and its place in
/// each order lists use. Kept in the model: an update whose pages are the
/// model before's takes it over, placing again only the pages made anew.
#[derive(Debug)]
pub(crate) struct Listing {
    langs: usize,
    /// `shown[page * langs + lang]`, languages in `config.langs()` order.
    shown: Arc<Vec<bool>>,
    /// The pages in date order (see [`order::compare`]).
    by_date: Arc<Order>,
}

impl Listing {
    pub(crate) fn new(
        config: &Config,
        pages: &[Page],
        by_tkey: &TkeyIndex,
        prior: Option<Prior<'_>>,
    ) -> Listing {
        let langs: Vec<&Lang> = config.langs().collect();
        // Which lists show a page depends on the keys alone, which a prior
        // model has the same.
        let shown = match prior {
            Some(p) => p.site.listing.shown.clone(),
            None => Arc::new(
                (0..pages.len())
                    .into_par_iter()
                    .flat_map_iter(|i| {
                        let id = PageId(i as u32);
                        (langs.iter()).map(move |lang| shown_in(config, pages, by_tkey, id, lang))
                    })
                    .collect(),
            ),
        };
        let placed_alike = |a: &Page, b: &Page| {
            (a.date, &a.sort_title, &a.path) == (b.date, &b.sort_title, &b.path)
        };
        let by_date = match prior {
            Some(p) if p.agrees(pages, placed_alike) => p.site.listing.by_date.clone(),
            Some(p) => {
                let before = &p.site.listing.by_date;
                let next = before.replaced(pages, SortBy::Date, p.remade());
                // A page may keep its place when it moved within its day.
                match next.ids == before.ids {
                    true => before.clone(),
                    false => Arc::new(next),
                }
            }
            None => Arc::new(Order::new(pages, SortBy::Date)),
        };
        Listing {
            langs: langs.len(),
            shown,
            by_date,
        }
    }

    /// Whether this listing is `other`'s, shared: then every list made
    /// from it is the one made from `other`.
    pub(crate) fn is(&self, other: &Listing) -> bool {
        Arc::ptr_eq(&self.shown, &other.shown) && Arc::ptr_eq(&self.by_date, &other.by_date)
    }

    /// Whether page `id` appears in the lists of the `lang`-th language.
    pub(crate) fn shown(&self, id: PageId, lang: usize) -> bool {
        self.shown[id.0 as usize * self.langs + lang]
    }

    /// Sorts a list newest first, as [`order::compare`] by date does.
    pub(crate) fn sort_by_date(&self, list: &mut [PageId]) {
        list.sort_unstable_by_key(|id| self.by_date.rank[id.0 as usize]);
    }
}

/// All pages in one order, and each page's place in it.
#[derive(Debug)]
pub(crate) struct Order {
    ids: Vec<u32>,
    /// `rank[page]`: its place in `ids`.
    pub(crate) rank: Vec<u32>,
}

impl Order {
    /// The order `sort_by` gives: a stable sort of all pages by
    /// [`order::compare`], so that sorting any list by place is the same as
    /// sorting it (in page order) by `compare`.
    pub(crate) fn new(pages: &[Page], sort_by: SortBy) -> Order {
        let mut ids: Vec<u32> = (0..pages.len() as u32).collect();
        ids.par_sort_by(|a, b| order::compare(sort_by, &pages[*a as usize], &pages[*b as usize]));
        Order::of(ids)
    }

    /// This order of the same pages, with the pages `moved` placed again.
    /// `compare` orders no two pages alike (their paths differ), so the
    /// result is the one [`Order::new`] gives.
    fn replaced(&self, pages: &[Page], sort_by: SortBy, moved: &[PageId]) -> Order {
        if moved.len() > 64 {
            return Order::new(pages, sort_by);
        }
        let page = |id: u32| &pages[id as usize];
        let mut ids: Vec<u32> = (self.ids.iter().copied())
            .filter(|id| !moved.contains(&PageId(*id)))
            .collect();
        for id in moved {
            let at = ids.partition_point(|&other| {
                order::compare(sort_by, page(other), page(id.0)) == Ordering::Less
            });
            ids.insert(at, id.0);
        }
        Order::of(ids)
    }

    fn of(ids: Vec<u32>) -> Order {
        let mut rank = vec![0; ids.len()];
        for (place, id) in ids.iter().enumerate() {
            rank[*id as usize] = place as u32;
        }
        Order { ids, rank }
    }
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
