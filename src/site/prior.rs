//! What an update takes over from the model before it: a derivation
//! between pages (how the pages tag, their events) is redone only when a
//! page made anew changed what it reads.
//!
//! This holds when the pages are the same pages in the same order, so that
//! a page id means the same page in both models; any page added, removed
//! or renamed derives everything again.

use crate::site::page::Page;
use crate::site::{PageId, Site, pages};

/// The model before, whose pages are this model's pages.
#[derive(Clone, Copy)]
pub(crate) struct Prior<'a> {
    pub(crate) site: &'a Site,
    /// The pages made anew from their files.
    remade: &'a [PageId],
}

impl<'a> Prior<'a> {
    /// `previous`, when `pages` are its pages (with `remade` made anew).
    pub(super) fn new(
        previous: Option<&'a Site>,
        pages: &[Page],
        remade: &'a [PageId],
    ) -> Option<Prior<'a>> {
        (previous.filter(|p| pages::same_keys(&p.pages, pages))).map(|site| Prior { site, remade })
    }

    /// The pages made anew from their files.
    pub(crate) fn remade(&self) -> &'a [PageId] {
        self.remade
    }

    /// Whether every page made anew is, by `same`, as it was before.
    pub(crate) fn agrees(&self, pages: &[Page], same: impl Fn(&Page, &Page) -> bool) -> bool {
        (self.remade.iter()).all(|id| same(&pages[id.0 as usize], self.site.page(*id)))
    }
}
