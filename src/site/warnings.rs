//! What the model notices that readers would miss: reports that vanish
//! from the home page and the feeds without a word, and `[permalinks]`
//! patterns that match no page.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::site::{Site, url};

/// The model's warnings; `invalid_dates` are the pages whose file name
/// starts with a date that is no date (file, prefix, whether it has a
/// `date`).
pub(super) fn of(site: &Site, invalid_dates: &[(PathBuf, String, bool)]) -> Diagnostics {
    let mut warnings = undated(site, invalid_dates);
    warnings.extend(permalinks(site));
    warnings
}

/// `[permalinks]` patterns for folders without pages.
fn permalinks(site: &Site) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    for permalink in &site.config.permalinks {
        if !site.pages.iter().any(|p| permalink.covers(&p.dir)) {
            warnings.push(
                Diagnostic::warning(
                    format!(
                        "`[permalinks]` has a pattern for `{}`, but no page is in that folder of content/",
                        permalink.section
                    ),
                    Some(Location::file(crate::config::CONFIG_FILE)),
                )
                .with_note("the key is the section's folder under content/, e.g. `reports` for content/reports/"),
            );
        }
    }
    warnings
}

/// Warnings for reports that would vanish from the home page and the feeds
/// without a word: no date among dated reports, or a date prefix that is
/// no date.
fn undated(site: &Site, invalid_dates: &[(PathBuf, String, bool)]) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let mut flagged: BTreeSet<&Path> = BTreeSet::new();
    for (file, prefix, has_date) in invalid_dates {
        flagged.insert(file);
        let message = if *has_date {
            format!(
                "`{prefix}` at the start of the file name is not a date, so it stays part of the page's slug"
            )
        } else {
            format!(
                "`{prefix}` at the start of the file name is not a date, so the page has none: it is published, but not listed on the home page or in the feeds"
            )
        };
        warnings.push(
            Diagnostic::warning(message, Some(Location::file(file))).with_note(
                "correct the date in the file name (YYYY-MM-DD), or set `date` in the front matter",
            ),
        );
    }
    for section in &site.sections {
        if section.is_home() {
            continue;
        }
        let own = || {
            section
                .pages
                .iter()
                .map(|id| site.page(*id))
                .filter(|p| p.key.lang == section.lang)
        };
        if !own().any(|p| p.date.is_some()) {
            continue;
        }
        for page in own().filter(|p| p.date.is_none()) {
            if flagged.contains(page.file.shown.as_path()) {
                continue;
            }
            warnings.push(
                Diagnostic::warning(
                    format!(
                        "this report has no date, unlike the others in `{}`: it is published at {}, but not listed on the home page or in the feeds",
                        section.dir,
                        url::rooted(&site.config, &page.path)
                    ),
                    Some(Location::file(&page.file.shown)),
                )
                .with_note("set `date = YYYY-MM-DD` in its front matter, or start its file name with YYYY-MM-DD-"),
            );
        }
    }
    warnings
}
