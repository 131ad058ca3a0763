//! Language-specific quotes on top of pulldown-cmark's smart punctuation.
//!
//! pulldown-cmark produces English quotes (“…” ‘…’). German pages get „…“ and
//! ‚…‘. An apostrophe inside a word (geht’s) stays an apostrophe.

/// Whether pages in `lang` use German quotation marks.
pub fn uses_german_quotes(lang: &str) -> bool {
    lang == "de" || lang.starts_with("de-")
}

/// Whether `text` holds a quote that [`germanize`] would change; most text
/// events hold none, and need no copy.
pub fn has_curly_quotes(text: &str) -> bool {
    text.contains(['\u{201C}', '\u{201D}', '\u{2018}', '\u{2019}'])
}

/// Rewrites English curly quotes into German ones. `open_single` carries
/// whether a single quote is open across text events of one block.
pub fn germanize(text: &str, open_single: &mut bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{201C}' => out.push('\u{201E}'),
            '\u{201D}' => out.push('\u{201C}'),
            '\u{2018}' => {
                *open_single = true;
                out.push('\u{201A}');
            }
            '\u{2019}' if *open_single && !chars.peek().is_some_and(|n| n.is_alphanumeric()) => {
                *open_single = false;
                out.push('\u{2018}');
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::germanize;

    #[test]
    fn german_quotes() {
        let mut open = false;
        assert_eq!(germanize("\u{201C}Hallo\u{201D}", &mut open), "„Hallo“");
        assert_eq!(
            germanize("\u{2018}so\u{2019} geht\u{2019}s", &mut open),
            "‚so‘ geht’s"
        );
        assert!(!open);
        assert_eq!(germanize("geht\u{2019}s", &mut open), "geht’s");
    }
}
