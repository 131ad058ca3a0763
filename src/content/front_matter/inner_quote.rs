//! A straight `"` inside a TOML `"…"` string ends the string early, and the
//! TOML parser then complains about the text after it; say instead where
//! the string ended and how to write a quote inside one.

use crate::config::Quotes;
use crate::diag::Diagnostic;

/// For a TOML error at byte `at` of the front matter `text`: when `at` is
/// right after the closing quote of the basic string on a `key = "…"` line,
/// and the line goes on with text and another `"`, the offset of that
/// closing quote and the error to give there. `quotes` are the file's
/// language's marks, suggested instead of the straight ones.
pub(super) fn inner_quote(text: &str, at: usize, quotes: &Quotes) -> Option<(usize, Diagnostic)> {
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = text[start..end].trim_end_matches('\r');
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    let bare = |c: char| c.is_ascii_alphanumeric() || "_-. ".contains(c);
    if key.is_empty() || !key.chars().all(bare) {
        return None;
    }
    let open = line.len() - value.trim_start().len();
    if !line[open..].starts_with('"') || line[open..].starts_with("\"\"\"") {
        return None;
    }
    let close = open + 1 + closing_quote(&line[open + 1..])?;
    // The error is about what follows the closing quote, not before it.
    if !text.get(start + close + 1..at)?.trim().is_empty() {
        return None;
    }
    let rest = line[close + 1..].trim_start();
    let inner = &rest[..rest.find('"')?];
    if inner.trim().is_empty() || rest.starts_with('#') {
        return None;
    }
    let [open_mark, close_mark] = &quotes.double;
    let mut d = Diagnostic::error(
        "invalid front matter: the `\"` here ends the string, and the line goes on after it",
        None,
    )
    .with_note(format!(
        "to quote inside a string, write \\\" or typographic quotes: {open_mark}{}{close_mark}",
        inner.trim()
    ));
    // The string as meant runs to the line's last quote; in single quotes
    // (a TOML literal string) it needs no escapes, unless it holds a `'`.
    let last = line.rfind('"')?;
    let meant = &line[open + 1..last];
    if !meant.contains('\'') {
        d = d.with_note(format!(
            "or put the whole string in single quotes: {key} = '{meant}'"
        ));
    }
    Some((start + close, d))
}

/// The byte offset in `s` (the text after an opening `"`) of the `"` that
/// closes the string, skipping escapes.
fn closing_quote(s: &str) -> Option<usize> {
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return Some(i),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::inner_quote;
    use crate::config::Quotes;

    /// The message's offset and notes for an error at the first byte of
    /// `after` in `text`.
    fn diagnose(text: &str, after: &str, code: &str) -> Option<(usize, Vec<String>)> {
        let at = text.find(after).unwrap();
        inner_quote(text, at, &Quotes::default_for(code)).map(|(at, d)| (at, d.notes))
    }

    #[test]
    fn a_quote_inside_a_string_is_named_where_it_ends_it() {
        let text = "date = 2009-06-04\ntitle = \"Die Keynote \"Kleine Teams\" war gut\"\n";
        let (at, notes) = diagnose(text, "Kleine", "de").unwrap();
        assert_eq!(&text[at..at + 8], "\"Kleine ");
        assert_eq!(
            notes,
            [
                "to quote inside a string, write \\\" or typographic quotes: „Kleine Teams“",
                "or put the whole string in single quotes: \
                 title = 'Die Keynote \"Kleine Teams\" war gut'",
            ]
        );
        // English marks for an English page, and no single quotes for a
        // string that holds an apostrophe; an escaped quote is no end.
        let text = "  name = \"Dell's \\\"new\\\" \"social\" team\"";
        let (at, notes) = diagnose(text, "social", "en").unwrap();
        assert_eq!(&text[at..], "\"social\" team\"");
        assert_eq!(
            notes,
            ["to quote inside a string, write \\\" or typographic quotes: “social”"]
        );
    }

    #[test]
    fn other_errors_after_a_string_are_left_alone() {
        let cases = [
            // Nothing quoted after the string.
            ("title = \"a\" b\n", "b"),
            // A comment.
            ("title = \"a\" #\"b\"\n", "#"),
            // Two strings side by side.
            ("title = \"a\" \"b\"\n", "\"b"),
            // Not right after the closing quote.
            ("title = \"a\" b \"c\"\n", "c"),
            // An error inside the string, not after it.
            ("title = \"a\\q\" \"b\"\n", "q"),
            // A literal or multi-line string, an array, a table header.
            ("title = 'a' b\"c\"\n", "b"),
            ("title = \"\"\"a\"\"\" b\"c\"\n", "b"),
            ("tags = [\"a\" b\"c\"]\n", "b"),
            ("[event] \"x\" b\"c\"\n", "b"),
        ];
        for (text, after) in cases {
            assert_eq!(diagnose(text, after, "de"), None, "{text}");
        }
        // An offset past the end, or on an empty text.
        assert!(inner_quote("", 5, &Quotes::default_for("de")).is_none());
    }
}
