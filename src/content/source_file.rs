//! A content file's text, and how byte offsets in it become locations.

use std::path::PathBuf;

use crate::diag::Location;

/// The text of one file, kept whole so any stage can point into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Where it was read from.
    pub path: PathBuf,
    /// The path shown in messages (relative to the site root).
    pub shown: PathBuf,
    /// The whole file.
    pub text: String,
}

impl SourceFile {
    /// Wraps a file's text.
    pub fn new(path: PathBuf, shown: PathBuf, text: String) -> Self {
        SourceFile { path, shown, text }
    }

    /// The line and column of byte `offset` (line 1 is the opening `+++`).
    pub fn location(&self, offset: usize) -> Location {
        Location::at_offset(&self.shown, &self.text, offset)
    }

    /// The 1-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.text.as_bytes()[..offset.min(self.text.len())]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }
}
