//! Languages: the `Lang` identity and each language's settings.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// A language code from `site.toml` (`de`, `en`); cheap to clone and compare.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Lang(Arc<str>);

impl Lang {
    /// Wraps a code; callers validate it against the configured languages.
    pub fn new(code: &str) -> Self {
        Lang(Arc::from(code))
    }

    /// The code, e.g. `"de"`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `code` has the shape of a language code (`de`, `en`, `pt-br`).
    pub fn is_valid_code(code: &str) -> bool {
        let mut parts = code.split('-');
        let primary = parts.next().unwrap_or_default();
        (2..=3).contains(&primary.len())
            && primary.bytes().all(|b| b.is_ascii_lowercase())
            && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One language's settings from `[languages.LANG]`.
#[derive(Debug, Clone)]
pub struct LanguageConfig {
    /// The language.
    pub lang: Lang,
    /// Site title in this language.
    pub title: String,
    /// Site description in this language.
    pub description: String,
    /// Whether lists in this language show reports that exist only in another language.
    pub show_untranslated: bool,
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn language_codes() {
        for ok in ["de", "en", "pt-br", "gsw"] {
            assert!(Lang::is_valid_code(ok), "{ok}");
        }
        for bad in ["", "d", "DE", "deutsch", "de-", "de_DE"] {
            assert!(!Lang::is_valid_code(bad), "{bad}");
        }
    }
}
