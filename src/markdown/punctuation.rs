//! Smart punctuation in each language's own quotation marks.
//!
//! pulldown-cmark decides which straight quote opens and which closes, and
//! hands each one back as a Text event of its own whose source is the
//! straight `"` or `'`. Only those are turned into the language's marks
//! ([`Quotes`]); a quote the writer typed („…“, «…», ‹…›) is text like any
//! other and stays as typed. Titles and descriptions go through the same
//! parser ([`smarten`]), so they read like the body.

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser};

use crate::config::Quotes;

/// The apostrophe, in every language.
const APOSTROPHE: &str = "\u{2019}";

/// Maps the quotes smart punctuation made to one language's marks, across
/// the text events of one block.
pub struct Quoter<'q> {
    quotes: &'q Quotes,
    /// Single quotes opened and not yet closed in this block.
    open_single: usize,
}

impl<'q> Quoter<'q> {
    /// A quoter for one language's marks.
    pub fn new(quotes: &'q Quotes) -> Quoter<'q> {
        Quoter {
            quotes,
            open_single: 0,
        }
    }

    /// A block ended: no quote stays open across blocks.
    pub fn end_block(&mut self) {
        self.open_single = 0;
    }

    /// The marks for the text event `text`, whose source is `source[range]`:
    /// `None` unless smart punctuation made it from a straight quote.
    pub fn mark(
        &mut self,
        text: &str,
        source: &str,
        range: std::ops::Range<usize>,
    ) -> Option<&'q str> {
        let straight = source.get(range.clone())?;
        if straight != "\"" && straight != "'" {
            return None;
        }
        let q = self.quotes;
        let before = source[..range.start].chars().next_back();
        let after = source[range.end..].chars().next();
        match text {
            // A quote pulldown-cmark found no partner for opens, but one
            // right after a word and before a space or the end closes (a
            // quote that ends a paragraph later than it began); after a
            // number it is the inch sign.
            "\u{201C}" if closes_a_word(before, after) => {
                Some(if before.is_some_and(|c| c.is_ascii_digit()) {
                    "\u{2033}"
                } else {
                    &q.double[1]
                })
            }
            "\u{201C}" => Some(&q.double[0]),
            "\u{201D}" => Some(&q.double[1]),
            // An elision ('90er, 's) is no quote, whatever it pairs with.
            "\u{2018}" if source[range.end..].starts_with(|c: char| c.is_ascii_digit()) => {
                Some(APOSTROPHE)
            }
            "\u{2018}" => {
                self.open_single += 1;
                Some(&q.single[0])
            }
            "\u{2019}" => {
                let in_word = before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric);
                if self.open_single > 0 && !in_word {
                    self.open_single -= 1;
                    Some(&q.single[1])
                } else {
                    Some(APOSTROPHE)
                }
            }
            _ => None,
        }
    }
}

/// Whether a quote between `before` and `after` stands where a closing one
/// does: right after a word, before white space, punctuation or the end.
fn closes_a_word(before: Option<char>, after: Option<char>) -> bool {
    let after_word = before.is_some_and(|c| c.is_alphanumeric() || ".,;:!?)]".contains(c));
    let before_gap = after.is_none_or(|c| c.is_whitespace() || ".,;:!?)]".contains(c));
    after_word && before_gap
}

/// `text` (a title, a description: plain text, not Markdown) with straight
/// quotes in `quotes`' marks, `--` and `---` as dashes and `...` as an
/// ellipsis, by the same rules as a body.
pub fn smarten<'t>(text: &'t str, quotes: &Quotes) -> Cow<'t, str> {
    if !text.contains(['"', '\'']) && !text.contains("--") && !text.contains("...") {
        return Cow::Borrowed(text);
    }
    // Every other ASCII punctuation mark escaped, so nothing but the
    // punctuation above means Markdown; the leading "x " keeps a first
    // quote at the start of a word and block syntax (`- `, `1. `, `#`) out.
    let mut escaped = String::with_capacity(text.len() * 2 + 2);
    escaped.push_str("x ");
    for c in text.chars() {
        match c {
            '"' | '\'' | '-' | '.' => escaped.push(c),
            '\n' | '\r' => escaped.push(' '),
            c if c.is_ascii_punctuation() => {
                escaped.push('\\');
                escaped.push(c);
            }
            c => escaped.push(c),
        }
    }
    let mut quoter = Quoter::new(quotes);
    let mut out = String::with_capacity(text.len() + 8);
    let parser = Parser::new_ext(&escaped, Options::ENABLE_SMART_PUNCTUATION);
    for (event, range) in parser.into_offset_iter() {
        if let Event::Text(t) = event {
            match quoter.mark(&t, &escaped, range) {
                Some(mark) => out.push_str(mark),
                None => out.push_str(&t),
            }
        }
    }
    let kept = out.strip_prefix("x ").unwrap_or(&out);
    // Paragraphs lose outer white space; the text keeps its own.
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    Cow::Owned(format!("{lead}{kept}{trail}"))
}

#[cfg(test)]
mod tests {
    use super::smarten;
    use crate::config::Quotes;

    #[test]
    fn titles_get_the_languages_marks() {
        let de = Quotes::default_for("de");
        let en = Quotes::default_for("en");
        let ch = Quotes::default_for("de-ch");
        let cases = [
            (
                &de,
                "\"Zuhören\" -- vor 'Senden'...",
                "„Zuhören“ – vor ‚Senden‘…",
            ),
            (&en, "\"Listen\" --- first", "“Listen” — first"),
            (&ch, "Er sagte \"Grüezi\"", "Er sagte «Grüezi»"),
            (&de, "Geht's? Andreas' Buch", "Geht’s? Andreas’ Buch"),
            (
                &de,
                "„Typografisch“ und ‚Einfach‘",
                "„Typografisch“ und ‚Einfach‘",
            ),
            (
                &de,
                "1. Tag: *nicht* kursiv & <b> \"so\"",
                "1. Tag: *nicht* kursiv & <b> „so“",
            ),
            (&de, "- \"Liste\"? # Nein", "- „Liste“? # Nein"),
            (&de, "Ohne Anführungszeichen", "Ohne Anführungszeichen"),
        ];
        for (quotes, title, want) in cases {
            assert_eq!(smarten(title, quotes), want, "{title}");
        }
    }
}
