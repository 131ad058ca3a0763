//! Orders pages for lists, and splits lists into pagers.

use std::cmp::Ordering;

use crate::content::front_matter::SortBy;
use crate::site::page::Page;

/// Compares two pages for a list sorted by `sort_by`; ties fall back to the
/// title and then the path so that every build orders alike.
pub fn compare(sort_by: SortBy, a: &Page, b: &Page) -> Ordering {
    let primary = match sort_by {
        // Newest first; undated pages last.
        SortBy::Date => match (a.date, b.date) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortBy::Title => Ordering::Equal,
        // Lightest first; pages without weight last.
        SortBy::Weight => match (a.front.weight, b.front.weight) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
    };
    primary
        .then_with(|| a.sort_title.cmp(&b.sort_title))
        .then_with(|| a.path.cmp(&b.path))
}

/// Case- and umlaut-insensitive sort key ("Ärger" sorts with "Arger").
pub fn title_key(title: &str) -> String {
    title
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ä' => 'a',
            'ö' => 'o',
            'ü' => 'u',
            'ß' => 's',
            c => c,
        })
        .collect()
}

/// How many pagers `items` items need at `per_page` (at least one, even when empty).
pub fn pager_count(items: usize, per_page: Option<usize>) -> usize {
    match per_page {
        Some(n) if n > 0 => items.div_ceil(n).max(1),
        _ => 1,
    }
}

/// The item range of pager `index` (0-based).
pub fn pager_range(items: usize, per_page: Option<usize>, index: usize) -> std::ops::Range<usize> {
    match per_page {
        Some(n) if n > 0 => (index * n).min(items)..((index + 1) * n).min(items),
        _ => 0..items,
    }
}

#[cfg(test)]
mod tests {
    use super::{pager_count, pager_range, title_key};

    #[test]
    fn pagination() {
        assert_eq!(pager_count(0, Some(10)), 1);
        assert_eq!(pager_count(10, Some(10)), 1);
        assert_eq!(pager_count(11, Some(10)), 2);
        assert_eq!(pager_count(11, None), 1);
        assert_eq!(pager_range(11, Some(10), 1), 10..11);
        assert_eq!(pager_range(11, None, 0), 0..11);
    }

    #[test]
    fn titles_sort_without_case_and_umlauts() {
        let mut titles = vec!["Zebra", "Ärger", "apfel", "Birne"];
        titles.sort_by_key(|t| title_key(t));
        assert_eq!(titles, ["apfel", "Ärger", "Birne", "Zebra"]);
    }
}
