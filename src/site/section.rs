//! A section of the site model: a content folder in one language, with its pages.

use std::ops::Range;
use std::sync::Arc;

use crate::config::Lang;
use crate::content::front_matter::SectionFront;
use crate::content::source_file::SourceFile;
use crate::site::{PageId, SectionId};

/// One language version of a section (or of the home page, whose folder is `""`).
#[derive(Debug, Clone)]
pub struct Section {
    /// The content folder, `""` for home.
    pub dir: Arc<str>,
    /// The language of this version.
    pub lang: Lang,
    /// The `_index` file, when there is one in this or another language.
    pub file: Option<Arc<SourceFile>>,
    /// The `_index` body's range in `file` (empty while it is `unread`).
    pub body: Range<usize>,
    /// Front matter (defaults when there is no `_index`).
    pub front: SectionFront,
    /// From `_index`, else the other language's `_index`, else the folder name.
    pub title: String,
    /// The description from its `_index`, with smart punctuation.
    pub description: Option<String>,
    /// Site path, e.g. `/en/reports/`.
    pub path: String,
    /// The pages listed, in order: this language's, plus other languages'
    /// untranslated ones unless the language hides them.
    pub pages: Vec<PageId>,
    /// Child sections in the same language.
    pub subsections: Vec<SectionId>,
    /// Whether `_index` exists in this very language.
    pub own_index: bool,
}

impl Section {
    /// Whether this is a language's home page.
    pub fn is_home(&self) -> bool {
        self.dir.is_empty()
    }
}
