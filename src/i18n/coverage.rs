//! Translation coverage for `debrief check`: pages missing a language,
//! outdated translations, UI strings missing in a language. All warnings.

use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::i18n::Catalog;
use crate::site::Site;

/// Every coverage note of the site, sorted by file.
pub(crate) fn report(site: &Site, catalog: &Catalog) -> Diagnostics {
    let config = &site.config;
    let mut notes = Diagnostics::new();
    for id in site.page_ids() {
        let page = site.page(id);
        let versions = site.versions(&page.key.tkey);
        let present: Vec<_> = versions.iter().map(|v| &site.page(*v).key.lang).collect();
        // Report a missing language once per page, on its first version;
        // not of a report in one language on purpose (`translations = false`).
        let one_language = versions
            .iter()
            .any(|v| site.page(*v).front.translations == Some(false));
        if versions.first() == Some(&id) && !one_language {
            for lang in config.langs().filter(|l| !present.contains(l)) {
                notes.push(Diagnostic::warning(
                    format!("`{}` has no {lang} version", page.title),
                    Some(Location::file(&page.file.shown)),
                ));
            }
        }
        if page.outdated {
            let original = page.original.map(|o| site.page(o));
            let Some(original) = original else {
                continue;
            };
            let message = match (&page.front.translated_from, page.last_changed()) {
                (Some(stamp), _) => {
                    let since = page
                        .outdated_since
                        .map(|d| format!(" (on {})", d.ymd()))
                        .unwrap_or_default();
                    format!(
                        "outdated translation: the original's text changed{since} since the stamped version {stamp}"
                    )
                }
                (None, Some(own)) => {
                    let changed = original.last_changed().map(|d| d.ymd()).unwrap_or_default();
                    format!(
                        "outdated translation: the original changed on {changed}, this translation is from {}",
                        own.ymd()
                    )
                }
                (None, None) => continue,
            };
            notes.push(
                Diagnostic::warning(message, Some(Location::file(&page.file.shown)))
                    .with_note(format!("original: {}", original.file.shown.display()))
                    .with_note("`debrief check --translations` shows what changed"),
            );
        }
    }
    for lang in config.langs() {
        for key in catalog.missing(lang) {
            let consequence = if *lang == config.default_language {
                "the default language, so there is nothing to fall back to".to_owned()
            } else {
                format!("the {} text is used", config.default_language)
            };
            notes.push(Diagnostic::warning(
                format!("UI string `{key}` is missing in {lang}; {consequence}"),
                Some(Location::file(PathBuf::from(format!("i18n/{lang}.toml")))),
            ));
        }
    }
    notes.sort();
    notes
}
