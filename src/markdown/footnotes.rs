//! Footnotes that link both ways: each reference to its note, and each
//! note back to every place that refers to it (pulldown-cmark's own HTML
//! has no way back).
//!
//! Numbers are given in the order a footnote is first met, reference or
//! definition, as pulldown-cmark does. A note's links back are only known
//! once the whole body is read, so [`Footnotes::backrefs`] is asked at the
//! end, for each note, where its last paragraph closes.

use std::fmt::Write;

use pulldown_cmark_escape::escape_html;

/// What the footnotes of one body are: their numbers and references.
#[derive(Default)]
pub struct Footnotes {
    /// Name, number and how many references it has, in number order.
    notes: Vec<(String, usize)>,
}

impl Footnotes {
    fn index(&mut self, name: &str) -> usize {
        match self.notes.iter().position(|(n, _)| n == name) {
            Some(i) => i,
            None => {
                self.notes.push((name.to_owned(), 0));
                self.notes.len() - 1
            }
        }
    }

    /// The HTML of a reference to the note `name`.
    pub fn reference(&mut self, name: &str) -> String {
        let i = self.index(name);
        self.notes[i].1 += 1;
        let (number, count) = (i + 1, self.notes[i].1);
        let id = id(name);
        let mut html = String::from("<sup class=\"footnote-reference\" id=\"fnref-");
        html.push_str(&id);
        if count > 1 {
            let _ = write!(html, "-{count}");
        }
        let _ = write!(
            html,
            "\"><a href=\"#fn-{id}\" role=\"doc-noteref\">{number}</a></sup>"
        );
        html
    }

    /// The HTML that opens the note `name`.
    pub fn open(&mut self, name: &str) -> String {
        let number = self.index(name) + 1;
        format!(
            "<div class=\"footnote-definition\" id=\"fn-{}\" role=\"doc-endnote\"><sup class=\"footnote-definition-label\">{number}</sup>",
            id(name)
        )
    }

    /// The links from the note `name` back to each of its references
    /// (none when nothing refers to it), labelled in `lang`.
    pub fn backrefs(&self, name: &str, lang: &str) -> String {
        let Some((i, (_, count))) = self.notes.iter().enumerate().find(|(_, (n, _))| n == name)
        else {
            return String::new();
        };
        let label = match lang.split('-').next() {
            Some("de") => "Zurück zum Text",
            _ => "Back to the text",
        };
        let id = id(name);
        let mut html = String::new();
        for k in 1..=*count {
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
                " <a href=\"#fnref-{id}{suffix}\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"{label} ({})\">{mark}</a>",
                i + 1
            );
        }
        html
    }
}

/// A footnote's name as an id: escaped, white space as `-`.
fn id(name: &str) -> String {
    let joined: String = name
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .collect();
    let mut id = String::with_capacity(joined.len());
    let _ = escape_html(&mut id, &joined);
    id
}

#[cfg(test)]
mod tests {
    use super::Footnotes;

    #[test]
    fn references_and_notes_link_both_ways() {
        let mut f = Footnotes::default();
        assert_eq!(
            f.reference("a b"),
            "<sup class=\"footnote-reference\" id=\"fnref-a-b\"><a href=\"#fn-a-b\" role=\"doc-noteref\">1</a></sup>"
        );
        assert!(f.reference("a b").contains("id=\"fnref-a-b-2\""));
        assert!(f.open("z").contains("id=\"fn-z\""));
        assert!(f.open("z").contains(">2</sup>"));
        assert_eq!(f.backrefs("z", "de"), "");
        let back = f.backrefs("a b", "de");
        assert!(back.contains("href=\"#fnref-a-b\""), "{back}");
        assert!(back.contains("href=\"#fnref-a-b-2\""), "{back}");
        assert!(
            back.contains("aria-label=\"Zurück zum Text (1)\""),
            "{back}"
        );
    }
}
