//! Heading ids, anchor links and the table of contents.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::site::slug::slugify;

/// One entry of a page's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The `id` attribute, for `#fragment` links.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Headings of a deeper level below this one.
    pub children: Vec<Heading>,
}

/// Hands out unique ids within one page: `ausblick`, `ausblick-1`, …
#[derive(Debug, Default)]
pub struct Ids {
    used: HashMap<String, usize>,
}

impl Ids {
    /// A unique id for a heading with this text (or the id the writer chose).
    pub fn unique(&mut self, wanted: &str) -> String {
        let base = match slugify(wanted) {
            s if s.is_empty() => "section".to_owned(),
            s => s,
        };
        let mut id = base.clone();
        while let Some(n) = self.used.get_mut(&id) {
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone(), 0);
        id
    }
}

/// Nests a flat list of headings by level.
pub fn nest(flat: Vec<Heading>) -> Vec<Heading> {
    let mut roots: Vec<Heading> = Vec::new();
    for h in flat {
        insert(&mut roots, h);
    }
    roots
}

fn insert(list: &mut Vec<Heading>, h: Heading) {
    match list.last_mut() {
        Some(last) if last.level < h.level => insert(&mut last.children, h),
        _ => list.push(h),
    }
}

#[cfg(test)]
mod tests {
    use super::{Heading, Ids, nest};

    #[test]
    fn ids_are_slugs_and_unique() {
        let mut ids = Ids::default();
        assert_eq!(ids.unique("Über uns"), "ueber-uns");
        assert_eq!(ids.unique("Über uns"), "ueber-uns-1");
        assert_eq!(ids.unique("Über uns"), "ueber-uns-2");
        assert_eq!(ids.unique("!!!"), "section");
    }

    #[test]
    fn toc_nests_by_level() {
        let h = |level, id: &str| Heading {
            level,
            id: id.into(),
            title: id.into(),
            children: vec![],
        };
        let toc = nest(vec![h(2, "a"), h(3, "b"), h(3, "c"), h(2, "d"), h(4, "e")]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children.len(), 2);
        assert_eq!(toc[1].children[0].id, "e");
    }
}
