//! Footnotes that link both ways: each reference to its note, and each
//! note back to every place that refers to it (pulldown-cmark's own HTML
//! has no way back).
//!
//! Numbers are given in the order a footnote is first met, reference or
//! definition, as pulldown-cmark does. A note's links back are only known
//! once the whole body is read, so [`Footnotes::backrefs`] is asked at the
//! end, for each note, where its last paragraph closes.

use std::collections::HashMap;
use std::fmt::Write;

/// What the footnotes of one body are: their numbers and references.
#[derive(Default)]
pub struct Footnotes {
    /// How many references each note has, in number order.
    counts: Vec<usize>,
    /// Each note's index in `counts`, by its label.
    by_label: HashMap<String, usize>,
}

impl Footnotes {
    /// The note `name`'s index (its number less one), given on first mention.
    pub(super) fn index(&mut self, name: &str) -> usize {
        let next = self.counts.len();
        let i = *self.by_label.entry(label(name)).or_insert(next);
        if i == next {
            self.counts.push(0);
        }
        i
    }

    /// The HTML of a reference to the note `name`.
    pub fn reference(&mut self, name: &str) -> String {
        let i = self.index(name);
        self.counts[i] += 1;
        let (number, count) = (i + 1, self.counts[i]);
        let mut html = format!("<sup class=\"footnote-reference\" id=\"fnref-{number}");
        if count > 1 {
            let _ = write!(html, "-{count}");
        }
        let _ = write!(
            html,
            "\"><a href=\"#fn-{number}\" role=\"doc-noteref\">{number}</a></sup>"
        );
        html
    }

    /// The HTML that opens the note `name`.
    pub fn open(&mut self, name: &str) -> String {
        let number = self.index(name) + 1;
        format!(
            "<div class=\"footnote-definition\" id=\"fn-{number}\" role=\"doc-footnote\"><sup class=\"footnote-definition-label\">{number}</sup>"
        )
    }

    /// The links from the note `name` back to each of its references (none
    /// when nothing refers to it). Their role, `doc-backlink`, tells screen
    /// readers what they are, in the reader's own language: no UI string.
    pub fn backrefs(&self, name: &str) -> String {
        match self.by_label.get(&label(name)) {
            Some(&i) => self.backrefs_of(i),
            None => String::new(),
        }
    }

    /// [`Footnotes::backrefs`] of the note with index `i`.
    pub(super) fn backrefs_of(&self, i: usize) -> String {
        let Some(&count) = self.counts.get(i) else {
            return String::new();
        };
        let number = i + 1;
        let mut html = String::new();
        for k in 1..=count {
            let suffix = if k > 1 {
                format!("-{k}")
            } else {
                String::new()
            };
            let mark = if k > 1 {
                format!("↩<sup>{k}</sup>")
            } else {
                "↩".to_owned()
            };
            let _ = write!(
                html,
                " <a href=\"#fnref-{number}{suffix}\" class=\"footnote-backref\" role=\"doc-backlink\">{mark}</a>"
            );
        }
        html
    }
}

/// A footnote's name as CommonMark matches labels: case and runs of
/// white space do not count (`[^Note]` refers to `[^note]:`). Ids are made
/// from numbers, so that no two names can share one.
fn label(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Marks where a footnote's links back go, to be filled in once every
/// reference is counted: NUL never reaches the HTML from a source.
pub(super) fn backref_placeholder(index: usize) -> String {
    format!("\u{0}fn{index}\u{0}")
}

/// The index of the placeholder `rest` starts with, and its length.
fn placeholder(rest: &str) -> Option<(usize, usize)> {
    let tail = rest.strip_prefix("\u{0}fn")?;
    let end = tail.find('\u{0}')?;
    let index = tail[..end].parse().ok()?;
    Some((index, 3 + end + 1))
}

/// Appends `html` to `out` with each footnote's placeholder replaced by
/// its links back (`backref` of its index), in one pass.
pub(super) fn fill_backrefs(out: &mut String, html: &str, backref: &dyn Fn(usize) -> String) {
    let mut rest = html;
    while let Some(at) = rest.find('\u{0}') {
        out.push_str(&rest[..at]);
        match placeholder(&rest[at..]) {
            Some((index, len)) => {
                out.push_str(&backref(index));
                rest = &rest[at + len..];
            }
            None => {
                out.push('\u{0}');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
}

/// `html` with each footnote's placeholder replaced by its links back,
/// moved into place within `html` itself (from the end, each piece once)
/// rather than copied into a second string as long.
pub(super) fn fill_backrefs_in_place(html: String, backref: &dyn Fn(usize) -> String) -> String {
    // Each placeholder: where, how long, its index and its links back's length.
    let mut marks: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find('\u{0}') {
        let at = from + i;
        match placeholder(&html[at..]) {
            Some((index, len)) => {
                marks.push((at, len, index, backref(index).len()));
                from = at + len;
            }
            None => from = at + 1,
        }
    }
    // Filled from the end, every piece moves towards the end: the links
    // back must never, up to any placeholder, be shorter than the
    // placeholders (a note nothing refers to has none).
    let mut grown = 0usize;
    for &(_, len, _, fill) in &marks {
        match (grown + fill).checked_sub(len) {
            Some(g) => grown = g,
            None => {
                let mut out = String::with_capacity(html.len());
                fill_backrefs(&mut out, &html, backref);
                return out;
            }
        }
    }
    if marks.is_empty() {
        return html;
    }
    let old = html.len();
    let mut bytes = html.into_bytes();
    bytes.resize(old + grown, 0);
    let mut end = old;
    for &(at, len, index, fill) in marks.iter().rev() {
        bytes.copy_within(at + len..end, at + len + grown);
        grown = grown + len - fill;
        let links = backref(index);
        bytes[at + grown..at + grown + fill].copy_from_slice(links.as_bytes());
        end = at;
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::{Footnotes, backref_placeholder, fill_backrefs, fill_backrefs_in_place};

    #[test]
    fn links_back_fill_in_place_as_into_a_copy() {
        let links = |i: usize| ["", " ↩", " <a href=\"#x\">↩</a> ↩²"][i % 3].to_owned();
        let cases = [
            vec![1, 2, 1],
            vec![2],
            vec![0, 1],
            vec![1, 0],
            vec![],
            vec![2, 2, 0, 1, 1],
        ];
        for notes in cases {
            let mut html = String::from("<p>a\u{0}b");
            for (k, i) in notes.iter().enumerate() {
                html.push_str(&format!("<p>{k}"));
                html.push_str(&backref_placeholder(*i));
                html.push_str("</p>");
            }
            let mut copy = String::new();
            fill_backrefs(&mut copy, &html, &links);
            assert_eq!(fill_backrefs_in_place(html, &links), copy, "{notes:?}");
        }
    }

    #[test]
    fn references_and_notes_link_both_ways() {
        let mut f = Footnotes::default();
        assert_eq!(
            f.reference("a b"),
            "<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\" role=\"doc-noteref\">1</a></sup>"
        );
        assert!(f.reference("A  b").contains("id=\"fnref-1-2\""));
        assert!(f.reference("a-b").contains("id=\"fnref-2\""));
        assert!(f.open("z").contains("id=\"fn-3\""));
        assert!(f.open("Z").contains(">3</sup>"));
        assert_eq!(f.backrefs("z"), "");
        let back = f.backrefs("a b");
        assert!(back.contains("href=\"#fnref-1\""), "{back}");
        assert!(back.contains("href=\"#fnref-1-2\""), "{back}");
    }
}
