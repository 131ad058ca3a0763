//! What `debrief new` and `debrief init` write.
//!
//! `new` scaffolds a report, or the translation of an existing one with the
//! original's date, event, people and terms (`report`); `init` writes a
//! site that builds at once with the default theme built into the binary
//! (`site`).

mod report;
mod site;

pub(crate) use report::{report, report_path};
pub(crate) use site::{pages_files, site_files};
