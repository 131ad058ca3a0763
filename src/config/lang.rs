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
    /// The quotation marks straight quotes become in this language.
    pub quotes: Quotes,
    /// The Open Graph locale (`de_DE`, `en_GB`).
    pub locale: String,
}

/// The Open Graph locale of a language code when `site.toml` names none:
/// `de_DE`, `en_GB` (British English, as the demo writes it), `pt-br` → `pt_BR`.
pub(crate) fn default_locale(code: &str) -> String {
    match code.split_once('-') {
        Some((lang, region)) => format!("{lang}_{}", region.to_ascii_uppercase()),
        None if code == "en" => "en_GB".to_owned(),
        None => format!("{code}_{}", code.to_ascii_uppercase()),
    }
}

/// The quotation marks of one language: what smart punctuation turns straight
/// `"…"` and `'…'` into. Quotes the writer typed are never changed.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Quotes {
    /// Opening and closing double quotes (`„` `“` in German).
    pub double: [String; 2],
    /// Opening and closing single quotes (`‚` `‘` in German).
    pub single: [String; 2],
}

impl Quotes {
    /// The usual quotes of a language code: Swiss and Liechtenstein German
    /// and French take guillemets, German „…“ and ‚…‘, every other language
    /// English “…” and ‘…’.
    pub fn default_for(code: &str) -> Quotes {
        let primary = code.split('-').next().unwrap_or(code);
        let region = code.split_once('-').map(|(_, r)| r);
        let marks = match (primary, region) {
            ("de", Some("ch" | "li")) | ("fr", _) => ["«", "»", "‹", "›"],
            ("de", _) => ["„", "“", "‚", "‘"],
            _ => ["“", "”", "‘", "’"],
        };
        Quotes::from_marks(marks.map(str::to_owned))
    }

    /// `quotes = ["„", "“", "‚", "‘"]` from site.toml: double open, double
    /// close, single open, single close.
    pub fn from_list(list: &[String]) -> Result<Quotes, String> {
        match list {
            [a, b, c, d]
                if list
                    .iter()
                    .all(|q| !q.is_empty() && !q.contains(['"', '\''])) =>
            {
                Ok(Quotes::from_marks([a, b, c, d].map(String::clone)))
            }
            _ => Err(format!(
                "`quotes` takes four marks: double open, double close, single open, single close, e.g. [\"«\", \"»\", \"‹\", \"›\"] (got {} {})",
                list.len(),
                if list.len() == 1 { "mark" } else { "marks" }
            )),
        }
    }

    fn from_marks([a, b, c, d]: [String; 4]) -> Quotes {
        Quotes {
            double: [a, b],
            single: [c, d],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Lang, Quotes};

    #[test]
    fn quotes_by_language() {
        let marks = |code: &str| {
            let q = Quotes::default_for(code);
            format!(
                "{}{}{}{}",
                q.double[0], q.double[1], q.single[0], q.single[1]
            )
        };
        assert_eq!(marks("de"), "„“‚‘");
        assert_eq!(marks("de-at"), "„“‚‘");
        assert_eq!(marks("de-ch"), "«»‹›");
        assert_eq!(marks("en"), "“”‘’");
        assert_eq!(marks("pt-br"), "“”‘’");
        let list = ["«", "»", "‹", "›"].map(str::to_owned);
        assert_eq!(
            Quotes::from_list(&list).unwrap(),
            Quotes::default_for("de-ch")
        );
        assert!(Quotes::from_list(&list[..3]).is_err());
        assert!(Quotes::from_list(&["\"".to_owned(), "a".into(), "b".into(), "c".into()]).is_err());
    }

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
