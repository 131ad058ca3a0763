//! Code highlighting with syntect, as CSS classes plus one generated stylesheet.
//!
//! Loading syntect's syntax set takes tens of milliseconds, so it is loaded
//! once, lazily, and can be warmed up in the background while content loads.
//! Highlighting is the most expensive step of rendering Markdown, and a
//! translated report repeats its original's code blocks, so each distinct
//! block is highlighted once per build (or server) and remembered.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix of highlighted spans, so theme CSS cannot clash with them.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// How much highlighted HTML is remembered at most.
const MEMO_BYTES: usize = 32 << 20;

/// Owns syntect's syntax set for the lifetime of a build or a server.
#[derive(Debug, Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    memo: Mutex<Memo>,
}

/// Highlighted blocks by language and code (`None`: an unknown language).
#[derive(Debug, Default)]
struct Memo {
    blocks: HashMap<(String, String), Option<String>>,
    bytes: usize,
}

impl Highlighter {
    /// A highlighter that loads its syntaxes on first use.
    pub fn new() -> Self {
        Highlighter::default()
    }

    /// Starts loading the syntax set on another thread.
    pub fn warm_up(self: &Arc<Self>) {
        let me = Arc::clone(self);
        rayon::spawn(move || {
            me.syntaxes();
        });
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// Highlights `code` as `lang` (a name or file extension), or `None` when
    /// syntect does not know the language.
    pub fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let key = (lang.to_owned(), code.to_owned());
        if let Some(done) = self
            .memo
            .lock()
            .ok()
            .and_then(|m| m.blocks.get(&key).cloned())
        {
            return done;
        }
        let html = self.highlight_anew(lang, code);
        if let Ok(mut memo) = self.memo.lock() {
            let size = code.len() + html.as_ref().map_or(0, String::len);
            if memo.bytes + size <= MEMO_BYTES {
                memo.bytes += size;
                memo.blocks.insert(key, html.clone());
            }
        }
        html
    }

    fn highlight_anew(&self, lang: &str, code: &str) -> Option<String> {
        let set = self.syntaxes();
        let syntax = set
            .find_syntax_by_token(lang)
            .or_else(|| set.find_syntax_by_name(lang))?;
        let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            html.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(html.finalize())
    }
}

/// The stylesheet for the highlighted classes, from a syntect theme by name.
pub fn stylesheet(theme_name: &str) -> Result<String, String> {
    let themes = syntect::highlighting::ThemeSet::load_defaults();
    let theme = themes.themes.get(theme_name).ok_or_else(|| {
        let known: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
        format!(
            "unknown highlight_theme `{theme_name}` (known: {})",
            known.join(", ")
        )
    })?;
    css_for_theme_with_class_style(theme, CLASS_STYLE).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::{Highlighter, stylesheet};

    #[test]
    fn known_language_gets_classes_unknown_gets_none() {
        let h = Highlighter::new();
        let html = h.highlight("rust", "fn main() {}\n").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert_eq!(h.highlight("rust", "fn main() {}\n").unwrap(), html);
        let other = h.highlight("rust", "let x = 1;\n").unwrap();
        assert_ne!(other, html, "each block is remembered by its own code");
        assert!(h.highlight("no-such-language", "x").is_none());
        assert!(stylesheet("InspiredGitHub").unwrap().contains(".hl-"));
        assert!(stylesheet("nope").is_err());
    }
}
