//! How Polyglot (and jekyll-multiple-languages) tell a Jekyll site's
//! languages apart: which documents are translations of each other, and
//! where the other languages are published.

use super::Site;
use crate::import::mapping::lang_code;

/// Polyglot pairs documents with the same permalink, or the same path
/// inside per-language folders.
pub(super) fn polyglot_key(
    site: &Site,
    permalink: &Option<String>,
    folder_lang: Option<&str>,
    rel: &str,
) -> Option<String> {
    // A pattern (`/:year/:title/`, say from `defaults:`) is no one page's URL.
    let placeholders = [
        ":year",
        ":title",
        ":slug",
        ":categories",
        ":name",
        ":path",
        ":day",
    ];
    let fixed = permalink
        .as_ref()
        .filter(|p| !placeholders.iter().any(|h| p.contains(h)));
    if let Some(p) = fixed.filter(|_| !site.languages.is_empty()) {
        return Some(format!("permalink:{}", p.trim_matches('/')));
    }
    if folder_lang.is_none() && !site.languages.is_empty() {
        // The default language's `_posts/x.md`, whose translation is `en/_posts/x.md`.
        return Some(format!("path:{rel}"));
    }
    let lang = folder_lang?;
    let without: Vec<&str> = rel.split('/').filter(|s| *s != lang).collect();
    Some(format!("path:{}", without.join("/")))
}

/// Polyglot publishes the other languages under `/LANG/`.
pub(super) fn polyglot_url(site: &Site, lang: Option<&str>, own: String) -> String {
    let code = lang.and_then(lang_code);
    match (code, &site.default_lang) {
        (Some(c), Some(d))
            if !site.languages.is_empty() && c != *d && !own.starts_with(&format!("/{c}/")) =>
        {
            format!("/{c}{own}")
        }
        _ => own,
    }
}
