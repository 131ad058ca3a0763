//! The search index in the pipeline: made from the rendered pages, kept
//! with the other outputs, made again only when an indexed page changed.
//!
//! `serve` shows an edited page first and brings the index up to date
//! on a thread of its own ([`Build::search_job`]), so an edit never waits
//! for the index.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diag::Diagnostics;
use crate::output::Bytes;
use crate::search;
use crate::site::Site;

use super::{Build, Update};

/// The search index to make for a build's pages, owning what it needs, so
/// that `serve` can make it on a thread of its own while it goes on
/// serving edits ([`Build::search_job`], [`SearchJob::run`],
/// [`Build::apply_search`]).
pub struct SearchJob {
    site: Arc<Site>,
    pages: BTreeMap<String, Bytes>,
    print: u64,
}

/// A search index made by a [`SearchJob`].
pub struct SearchIndex {
    files: Vec<(String, Vec<u8>)>,
    print: u64,
    /// The pages it holds only the start of.
    pub(crate) cuts: Vec<search::Cut>,
}

impl SearchJob {
    /// Makes the index (seconds on a large site).
    pub fn run(self) -> Result<SearchIndex, Diagnostics> {
        let pages = &self.pages;
        let mut cuts = Vec::new();
        let files = search::build(
            &self.site,
            &|out| pages.get(out).map(|b| b.to_vec()),
            &mut cuts,
        )?;
        Ok(SearchIndex {
            files,
            print: self.print,
            cuts,
        })
    }
}

impl Build {
    /// Whether the served search index is older than the pages.
    pub fn search_stale(&self) -> bool {
        self.search_print != search::fingerprint(&self.site, &self.fingerprints)
    }

    /// The index to make when an indexed page changed since the served
    /// index was made.
    pub fn search_job(&self) -> Option<SearchJob> {
        let print = search::fingerprint(&self.site, &self.fingerprints);
        if print == self.search_print {
            return None;
        }
        let pages = search::indexed(&self.site)
            .into_iter()
            .filter_map(|id| {
                let out = search::page_file(&self.site, id);
                let bytes = self.outputs.files.get(&out)?.clone();
                Some((out, bytes))
            })
            .collect();
        Some(SearchJob {
            site: self.site.clone(),
            pages,
            print,
        })
    }

    /// Puts a made index in place of the one served; returns the index
    /// files that changed or went away. An index of pages that changed
    /// again meanwhile is still put in place (it is closer than the one
    /// served), and [`Build::search_stale`] stays true.
    pub fn apply_search(&mut self, index: SearchIndex) -> Update {
        let prefix = format!("{}/", search::DIR);
        let made: std::collections::BTreeSet<&str> =
            index.files.iter().map(|(p, _)| p.as_str()).collect();
        let gone: Vec<String> = (self.outputs.files.keys())
            .filter(|p| p.starts_with(&prefix) && !made.contains(p.as_str()))
            .cloned()
            .collect();
        drop(made);
        let files = index
            .files
            .into_iter()
            .map(|(p, b)| (p, b.into()))
            .collect();
        let changes = self
            .outputs
            .replace(files, &gone, None, &Default::default());
        self.search_print = index.print;
        Update::new(changes, 0)
    }

    /// Makes the search index again, here and now, if an indexed page
    /// changed since it was made; returns the index files that changed or
    /// went away.
    pub fn refresh_search(&mut self) -> Result<Update, Diagnostics> {
        match self.search_job() {
            Some(job) => Ok(self.apply_search(job.run()?)),
            None => Ok(Update::default()),
        }
    }
}
