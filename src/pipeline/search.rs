//! The search index in the pipeline: made from the rendered pages, kept
//! with the other outputs, made again only when an indexed page changed.
//!
//! `serve` shows an edited page first and brings the index up to date
//! right after ([`Build::refresh_search`]), so a text edit never waits for
//! the index.

use crate::diag::Diagnostics;
use crate::output::Outputs;
use crate::search;
use crate::site::Site;

use super::{Build, Update};

/// The index files for `site`, made from the pages in `outputs`.
pub(super) fn index_outputs(
    site: &Site,
    outputs: &Outputs,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    search::build(site, &|out| outputs.files.get(out).map(|b| b.to_vec()))
}

impl Build {
    /// Whether the served search index is older than the pages.
    pub fn search_stale(&self) -> bool {
        self.search_print != search::fingerprint(&self.site, &self.fingerprints)
    }

    /// Makes the search index again if an indexed page changed since it
    /// was made; returns the index files that changed or went away.
    pub fn refresh_search(&mut self) -> Result<Update, Diagnostics> {
        let print = search::fingerprint(&self.site, &self.fingerprints);
        if print == self.search_print {
            return Ok(Update::default());
        }
        let files = index_outputs(&self.site, &self.outputs)?;
        let prefix = format!("{}/", search::DIR);
        let made: std::collections::BTreeSet<&str> =
            files.iter().map(|(p, _)| p.as_str()).collect();
        let gone: Vec<String> = (self.outputs.files.keys())
            .filter(|p| p.starts_with(&prefix) && !made.contains(p.as_str()))
            .cloned()
            .collect();
        drop(made);
        let files = files.into_iter().map(|(p, b)| (p, b.into())).collect();
        let changes = self
            .outputs
            .replace(files, &gone, None, &Default::default());
        self.search_print = print;
        Ok(Update::new(changes, 0))
    }
}
