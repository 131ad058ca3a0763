//! Stage 6: the output of a build, and writing it to disk.
//!
//! Rendered files are held as bytes; static files and bundle assets are
//! copied by path, never read into memory. Writing them:
//! 1. `guard`: check that the output folder is one a build may replace;
//! 2. `leftovers`: remove what killed builds left beside it;
//! 3. fill another folder: `staging` (a cold build's new one) or `spare`
//!    (a cached build's second copy), one file at a time through `files`;
//! 4. `swap`: exchange that folder with the output in one step.
//!
//! `write` is the whole of it for a build that has all its outputs at once.
//! `diff` holds the rule for what is published at a path, and compares two
//! builds' outputs by it.

pub(crate) mod diff;
mod files;
pub(crate) mod guard;
mod leftovers;
mod spare;
mod staging;
mod swap;
pub(crate) mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::error::Error;
use crate::rel_path::rel_path;

pub(crate) use crate::stamp::Stamp;

/// The file debrief writes into every output folder it makes, and by which
/// it knows a folder it may replace (or a leftover of a killed build it may
/// remove). It is published with the site: a static host serves it as a
/// small text file that says what it is, and nothing else.
pub(crate) const MARK: &str = ".debrief-output";

/// What [`MARK`] holds; always the same, so that outputs stay byte-identical.
pub(crate) const MARK_TEXT: &str =
    "This folder is the output of `debrief build`, which replaces it whole.\n";

/// Where a build puts files as they are rendered.
pub(crate) trait Sink: Sync {
    /// Writes a rendered file at `rel` under the output root.
    fn put(&self, rel: &str, bytes: &[u8]) -> Result<Stamp, Error>;
    /// Copies `src` to `rel` under the output root.
    fn copy(&self, rel: &str, src: &Path) -> Result<Stamp, Error>;
}

/// A rendered file's bytes, shared between the build and a server without copying.
pub(crate) type Bytes = std::sync::Arc<[u8]>;

/// Everything a build produces, by output path (`en/reports/x/index.html`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outputs {
    /// Rendered files.
    pub files: BTreeMap<String, Bytes>,
    /// Copied files: output path → source file.
    pub copies: BTreeMap<String, PathBuf>,
}

impl Outputs {
    /// How many files a write produces.
    pub fn len(&self) -> usize {
        self.files.len() + self.copies.len()
    }

    /// Whether nothing is produced.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds every file under `dir` as a copy to the same relative path;
    /// later calls replace earlier ones (site `static/` over the theme's).
    /// Symbolic links are not followed: they are returned.
    pub fn copy_tree(&mut self, dir: &Path, prefix: &str) -> Result<Vec<PathBuf>, Diagnostics> {
        let mut links = Vec::new();
        if !dir.is_dir() {
            return Ok(links);
        }
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                Diagnostic::error(format!("cannot read: {e}"), e.path().map(Location::file))
            })?;
            if entry.path_is_symlink() {
                links.push(entry.into_path());
                continue;
            }
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = rel_path(dir, entry.path());
            self.copies
                .insert(format!("{prefix}{rel}"), entry.into_path());
        }
        Ok(links)
    }
}
