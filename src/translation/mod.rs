//! Translations that know what changed: the stamp of the original's text a
//! translation was made from (`translated_from`), the paragraphs changed
//! since, and where the stamped version is found again.
//!
//! - `stamp`: normalised text and its short hash;
//! - `diff`: changed paragraphs between two versions;
//! - `history`: the stamped version from git or the build cache;
//! - `edit`: writing the stamp into a file's front matter, line by line.

pub(crate) mod diff;
pub(crate) mod edit;
pub(crate) mod history;
pub(crate) mod report;
pub(crate) mod stamp;
