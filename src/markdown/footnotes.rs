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
    fn index(&mut self, name: &str) -> usize {
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
        let Some(&i) = self.by_label.get(&label(name)) else {
            return String::new();
        };
        let number = i + 1;
        let mut html = String::new();
        for k in 1..=self.counts[i] {
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

/// `html` with each footnote's placeholder replaced by its links back, in
/// one pass.
pub(super) fn fill_backrefs(html: &str, backrefs: &[String]) -> String {
    let extra: usize = backrefs.iter().map(String::len).sum();
    let mut out = String::with_capacity(html.len() + extra);
    let mut rest = html;
    while let Some(at) = rest.find('\u{0}') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let filled = after.strip_prefix("fn").and_then(|tail| {
            let end = tail.find('\u{0}')?;
            let index: usize = tail[..end].parse().ok()?;
            Some((backrefs.get(index)?, &tail[end + 1..]))
        });
        match filled {
            Some((backref, tail)) => {
                out.push_str(backref);
                rest = tail;
            }
            None => {
                out.push('\u{0}');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::Footnotes;

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
