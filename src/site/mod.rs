//! Stage 3: the cross-file site model, assembled from parsed sources.
//!
//! 1. keep the pages this build publishes (drafts and future pages only on
//!    request), each with a slug and a site path (`pages`);
//! 2. link translations, find outdated ones (`translations`);
//! 3. make a section per folder and language (`section`);
//! 4. the terms and events, with their lists (`taxonomy`, `event`);
//! 5. fill and order each section's list, other languages' untranslated
//!    pages included (`section`, by the rule in `lists`);
//! 6. what readers would miss (`warnings`).
//!
//! That no two sources write the same output is checked with everything
//! else a build publishes, in `pipeline`.
//!
//! The resulting [`Site`] is immutable; ids index into it, keys survive rebuilds.

pub mod event;
pub(crate) mod lists;
pub mod order;
pub mod page;
mod pages;
mod prior;
pub mod section;
pub mod slug;
pub mod taxonomy;
pub mod translations;
pub mod url;
mod warnings;

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{Config, Lang};
use crate::content::source::{Source, SourceKind};
use crate::diag::Diagnostics;

// Defined below every stage (output uses them too); `site::FastMap` still works.
pub(crate) use crate::collections::{FastMap, FastSet};

use event::Event;
use page::{Page, PageKey};
use prior::Prior;
use section::Section;
use taxonomy::Term;

/// Pages by translation key, in language order.
pub(crate) type TkeyIndex = FastMap<Arc<str>, Vec<PageId>>;

/// Index of a page in [`Site::pages`]; valid within one snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(pub u32);

/// Index of a section in [`Site::sections`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionId(pub u32);

/// Index of a taxonomy term in [`Site::terms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId(pub u32);

/// Index of an event in [`Site::events`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId(pub u32);

/// The whole site, as one immutable snapshot.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration it was built with.
    pub config: Arc<Config>,
    /// Every published page, sorted by key.
    pub pages: Vec<Page>,
    /// Every section in every language; home sections included.
    pub sections: Vec<Section>,
    /// Every taxonomy term in every language.
    pub terms: Vec<Term>,
    /// Every event in every language, newest first.
    pub events: Vec<Event>,
    /// Translation keys of pages left out of this build (drafts, future).
    pub unpublished: BTreeSet<Arc<str>>,
    /// The pages left out of this build, by file, for the build's summary
    /// and `check --drafts`.
    pub left_out: Vec<LeftOut>,
    /// What the model noticed that readers would miss: undated reports
    /// among dated ones, file names whose date prefix is no date.
    pub warnings: Diagnostics,
    by_key: Arc<FastMap<PageKey, PageId>>,
    pub(crate) by_tkey: Arc<TkeyIndex>,
    sections_by_dir: FastMap<(Arc<str>, Lang), SectionId>,
    /// How the pages tag, for the next update to take over.
    tagging: Arc<taxonomy::Tagging>,
    /// Each page's event key, likewise.
    event_keys: Arc<event::EventKeys>,
    /// Which lists show each page, and the pages' date order, likewise.
    listing: Arc<lists::Listing>,
}

/// A page left out of a build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LeftOut {
    /// Its file, as shown (`content/reports/x.md`).
    pub file: PathBuf,
    /// Its language.
    pub lang: Lang,
    /// A draft (`draft = true`); else dated in the future.
    pub draft: bool,
}

impl Site {
    /// The page with this id.
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0 as usize]
    }

    /// The section with this id.
    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.0 as usize]
    }

    /// The term with this id.
    pub fn term(&self, id: TermId) -> &Term {
        &self.terms[id.0 as usize]
    }

    /// The event with this id.
    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id.0 as usize]
    }

    /// The page with this key, if published.
    pub fn page_by_key(&self, tkey: &str, lang: &Lang) -> Option<PageId> {
        self.by_key
            .get(&PageKey {
                tkey: Arc::from(tkey),
                lang: lang.clone(),
            })
            .copied()
    }

    /// Every language version of a translation key, in language order.
    pub fn versions(&self, tkey: &str) -> &[PageId] {
        self.by_tkey.get(tkey).map_or(&[], Vec::as_slice)
    }

    /// The section of folder `dir` in `lang`.
    pub fn section_by_dir(&self, dir: &str, lang: &Lang) -> Option<SectionId> {
        self.sections_by_dir
            .get(&(Arc::from(dir), lang.clone()))
            .copied()
    }

    /// All page ids.
    pub fn page_ids(&self) -> impl Iterator<Item = PageId> + '_ {
        (0..self.pages.len() as u32).map(PageId)
    }

    /// All section ids.
    pub fn section_ids(&self) -> impl Iterator<Item = SectionId> + '_ {
        (0..self.sections.len() as u32).map(SectionId)
    }
}

/// Builds the site model from every parsed source. With the model an
/// earlier build made with the same configuration, a page whose source is
/// the same (the same file, not re-read) is taken from there, and what is
/// derived between pages is taken over while no page made anew changed
/// what it reads ([`prior`]); everything else is derived again.
pub fn assemble(
    config: Arc<Config>,
    sources: Vec<Arc<Source>>,
    previous: Option<&Site>,
) -> Result<Site, Diagnostics> {
    let previous = previous.filter(|p| Arc::ptr_eq(&p.config, &config));
    let invalid_dates = invalid_dates(&sources);
    let (mut section_sources, mut term_sources, mut page_sources) = (vec![], vec![], vec![]);
    for source in sources {
        match &source.kind {
            SourceKind::Section(_) => section_sources.push(source),
            SourceKind::Term { .. } => term_sources.push(source),
            SourceKind::Page(_) => page_sources.push(source),
        }
    }
    let published = pages::publish(&config, page_sources, previous)?;
    let mut pages = published.pages;
    let prior = Prior::new(previous, &pages, &published.remade);
    let (by_key, by_tkey) = pages::index(&config, &pages, prior);
    translations::link(&config, &mut pages, &by_tkey, prior);
    let mut diags = Diagnostics::new();
    let (sections, sections_by_dir) =
        section::build(&config, section_sources, &mut pages, &mut diags);
    let listing = Arc::new(lists::Listing::new(&config, &pages, &by_tkey, prior));
    // Terms and events are independent lists over the same pages.
    let mut term_diags = Diagnostics::new();
    let ((terms, page_terms, tagging), (events, page_events, event_keys)) = rayon::join(
        || {
            taxonomy::build(
                &config,
                term_sources,
                &pages,
                &listing,
                prior,
                &mut term_diags,
            )
        },
        || event::build(&config, &pages, &listing, prior),
    );
    diags.extend(term_diags);
    for ((page, terms), event) in pages.iter_mut().zip(page_terms).zip(page_events) {
        page.terms = terms;
        page.event = event;
    }
    let mut site = Site {
        config,
        pages,
        sections,
        terms,
        events,
        unpublished: published.unpublished,
        left_out: published.left_out,
        warnings: Diagnostics::new(),
        by_key,
        by_tkey,
        sections_by_dir,
        tagging,
        event_keys,
        listing: listing.clone(),
    };
    section::fill(&mut site, &listing);
    site.warnings = warnings::of(&site, &invalid_dates);
    diags.into_result().map(|_| site)
}

/// Pages whose file name starts with a date that is no date: (file, the
/// prefix, whether the page has a `date`).
fn invalid_dates(sources: &[Arc<Source>]) -> Vec<(PathBuf, String, bool)> {
    (sources.iter())
        .filter_map(|s| match (&s.kind, &s.path.invalid_date) {
            (SourceKind::Page(front), Some(prefix)) => {
                Some((s.file.shown.clone(), prefix.clone(), front.date.is_some()))
            }
            _ => None,
        })
        .collect()
}

/// A title or description as readers see it: smart punctuation in the
/// language's quotation marks, as in the body.
pub(crate) fn smart_text(config: &Config, lang: &Lang, text: &str) -> String {
    if config.markdown.smart_punctuation {
        crate::markdown::punctuation::smarten(text, &config.language(lang).quotes).into_owned()
    } else {
        text.to_owned()
    }
}

/// The site path an alias redirects from: `/old/url/` or `/old.html`.
pub use url::alias_path;
