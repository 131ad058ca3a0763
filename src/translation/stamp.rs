//! The version of an original a translation matches: its text (title,
//! description, body) normalised so that whitespace and line wrapping do
//! not count, and a short hash of that, the stamp written as
//! `translated_from = "…"`.

use serde::{Deserialize, Serialize};

use crate::content::front_matter::{self, Format};

/// How many hex digits of the hash a stamp keeps (48 bits).
const STAMP_LEN: usize = 12;

/// An original's text as stamps see it: every run of whitespace one space,
/// paragraphs (split at blank lines) kept apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// The title.
    pub title: String,
    /// The description, when there is one.
    pub description: Option<String>,
    /// The body's paragraphs, each on one line.
    pub paragraphs: Vec<String>,
}

impl Text {
    /// The text of a page with this title, description and Markdown body.
    pub fn new(title: &str, description: Option<&str>, body: &str) -> Text {
        Text {
            title: one_line(title),
            description: description.map(one_line).filter(|d| !d.is_empty()),
            paragraphs: paragraphs(body),
        }
    }

    /// The text of a whole content file (front matter and body), or `None`
    /// when its front matter cannot be read.
    pub fn of_file(text: &str) -> Option<Text> {
        #[derive(Deserialize)]
        struct Head {
            title: Option<String>,
            description: Option<String>,
        }
        let split = front_matter::split(text).ok()?;
        let front = &text[split.front.clone()];
        let head: Head = match split.format {
            Format::Toml => toml::from_str(front).ok()?,
            Format::Yaml => serde_saphyr::from_str(front).ok()?,
        };
        Some(Text::new(
            head.title.as_deref().unwrap_or_default(),
            head.description.as_deref(),
            &text[split.body],
        ))
    }

    /// Its stamp: the first 12 hex digits of the SHA-1 of the normalised text.
    pub fn stamp(&self) -> String {
        let mut hasher = gix::hash::hasher(gix::hash::Kind::Sha1);
        hasher.update(self.title.as_bytes());
        hasher.update(b"\0");
        hasher.update(self.description.as_deref().unwrap_or_default().as_bytes());
        hasher.update(b"\0");
        for p in &self.paragraphs {
            hasher.update(p.as_bytes());
            hasher.update(b"\n\n");
        }
        // Only a forged SHA-1 collision fails; such a text is never current.
        hasher
            .try_finalize()
            .map(|id| id.to_hex_with_len(STAMP_LEN).to_string())
            .unwrap_or_else(|_| "0".repeat(STAMP_LEN))
    }
}

/// `text` with every run of whitespace (line breaks too) one space, trimmed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The paragraphs of a Markdown body: runs of non-blank lines, each made
/// one line.
fn paragraphs(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in body.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(one_line(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Text;

    const ORIGINAL: &str = "+++\ntitle = \"Zuhören bei Dell\"\ndescription = \"Richard Binhammer über „Twitter“\"\n+++\n\nDell hört zu, bevor es sendet.\nDas ist die Lektion.\n\n<p>Roh</p>\n";

    #[test]
    fn rewrapping_and_blank_lines_keep_the_stamp() {
        let wrapped = "---\ntitle: Zuhören   bei Dell\ndescription: Richard Binhammer über „Twitter“\n---\n\n\nDell hört zu,\nbevor es sendet. Das ist\n   die Lektion.\n\n\n\n<p>Roh</p>";
        let a = Text::of_file(ORIGINAL).unwrap();
        let b = Text::of_file(wrapped).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.stamp(), b.stamp());
        assert_eq!(a.stamp().len(), 12);
    }

    #[test]
    fn a_changed_word_or_paragraph_break_changes_the_stamp() {
        let a = Text::of_file(ORIGINAL).unwrap();
        let word = ORIGINAL.replace("zu, bevor", "zu, ehe");
        let split = ORIGINAL.replace("sendet.\nDas", "sendet.\n\nDas");
        let title = ORIGINAL.replace("bei Dell", "bei DELL");
        for other in [word, split, title] {
            assert_ne!(a.stamp(), Text::of_file(&other).unwrap().stamp(), "{other}");
        }
    }

    #[test]
    fn a_file_without_front_matter_has_no_text() {
        assert_eq!(Text::of_file("Dell hört zu.\n"), None);
    }
}
