//! A parsed content file: its path facts, front matter and body range.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::content::content_path::ContentPath;
use crate::content::front_matter::{PageFront, SectionFront, TermFront};
use crate::content::source_file::SourceFile;

/// What a content file describes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum SourceKind {
    /// A page or report.
    Page(Arc<PageFront>),
    /// A section's `_index`.
    Section(SectionFront),
    /// A taxonomy term's page source, `content/TAXONOMY/KEY.LANG.md`.
    Term {
        /// The taxonomy (`lessons`).
        taxonomy: String,
        /// Its front matter.
        front: TermFront,
    },
}

/// A file of a page bundle that is copied next to the page's output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it is on disk.
    pub src: PathBuf,
    /// Its path relative to the bundle folder, `/`-separated.
    pub rel: String,
}

/// One content file, parsed, with no knowledge of other files.
#[derive(Debug, Clone)]
pub struct Source {
    /// The file and its text.
    pub file: Arc<SourceFile>,
    /// What its path says.
    pub path: ContentPath,
    /// The Markdown body's byte range in `file.text` (empty while the
    /// file is `unread`: rendering reads it whole).
    pub body: Range<usize>,
    /// Page, section or term.
    pub kind: SourceKind,
    /// Bundle assets (pages only).
    pub assets: Arc<Vec<Asset>>,
}
