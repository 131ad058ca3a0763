//! The rendered Markdown of a build, by model id.

use std::sync::Arc;

use crate::markdown::Rendered;

/// Rendered bodies of pages, sections and term sources, by id.
pub(crate) struct Bodies {
    /// Indexed by `PageId`.
    pub pages: Vec<Arc<Rendered>>,
    /// Indexed by `SectionId`.
    pub sections: Vec<Arc<Rendered>>,
    /// Indexed by `TermId` (empty when the term has no source).
    pub terms: Vec<Arc<Rendered>>,
}
