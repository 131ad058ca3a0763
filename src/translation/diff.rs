//! What changed in an original since the version a translation was made
//! from: added, removed and changed paragraphs (title and description
//! count as paragraphs of their own), not lines, so that re-wrapped text
//! shows no change.

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::stamp::Text;

/// Which part of the text a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Part {
    /// The title.
    Title,
    /// The description.
    Description,
    /// A paragraph of the body.
    Body,
}

/// How a paragraph changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    /// Only in the new version.
    Added,
    /// Only in the old version.
    Removed,
    /// Rewritten: `old` became `new`.
    Changed,
}

/// One changed paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Change {
    /// Added, removed or changed.
    pub kind: Kind,
    /// Title, description or body.
    pub part: Part,
    /// For the body: the paragraph's number (from 1) in the new version;
    /// of a removed one, the number of the paragraph now in its place.
    pub paragraph: Option<usize>,
    /// The old text (not of an added paragraph).
    pub old: Option<String>,
    /// The new text (not of a removed paragraph).
    pub new: Option<String>,
    /// Of a changed paragraph: its sentences that differ, old and new
    /// (either missing for an added or removed sentence).
    pub sentences: Vec<(Option<String>, Option<String>)>,
}

/// The changes from `old` to `new`, in the order of the text.
pub(crate) fn diff(old: &Text, new: &Text) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.title != new.title {
        changes.push(pair(Part::Title, None, Some(&old.title), Some(&new.title)));
    }
    if old.description != new.description {
        changes.push(pair(
            Part::Description,
            None,
            old.description.as_ref(),
            new.description.as_ref(),
        ));
    }
    let (a, b) = (&old.paragraphs, &new.paragraphs);
    for op in capture_diff_slices(Algorithm::Myers, a, b) {
        let (tag, olds, news) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let (olds, news) = (&a[olds], (news.start, &b[news]));
        let paired = olds.len().max(news.1.len());
        for i in 0..paired {
            let at = Some(news.0 + i.min(news.1.len()) + 1);
            changes.push(pair(Part::Body, at, olds.get(i), news.1.get(i)));
        }
    }
    changes
}

/// A change from `old` to `new`, either of which may be missing.
fn pair(
    part: Part,
    paragraph: Option<usize>,
    old: Option<&String>,
    new: Option<&String>,
) -> Change {
    let kind = match (old, new) {
        (Some(_), Some(_)) => Kind::Changed,
        (None, _) => Kind::Added,
        (_, None) => Kind::Removed,
    };
    let sentences = match (old, new) {
        (Some(old), Some(new)) => changed_sentences(old, new),
        _ => Vec::new(),
    };
    Change {
        kind,
        part,
        paragraph,
        old: old.cloned(),
        new: new.cloned(),
        sentences,
    }
}

/// The sentences of `new` that are not those of `old`, paired.
fn changed_sentences(old: &str, new: &str) -> Vec<(Option<String>, Option<String>)> {
    let (a, b) = (sentences(old), sentences(new));
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (tag, olds, news) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        let (olds, news) = (&a[olds], &b[news]);
        for i in 0..olds.len().max(news.len()) {
            out.push((olds.get(i).cloned(), news.get(i).cloned()));
        }
    }
    out
}

/// A one-line paragraph's sentences: each ends with a word ending in `.`,
/// `!`, `?` or `…`, closing quotes and brackets after it included.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for word in text.split(' ') {
        current.push(word);
        let bare = word.trim_end_matches(['“', '”', '"', '\'', '’', '»', '«', ')', ']']);
        if bare.ends_with(['.', '!', '?', '…']) {
            out.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        out.push(current.join(" "));
    }
    out
}

/// The body paragraphs of the new version (numbered from 1) that are new
/// or changed since the old one.
pub(crate) fn changed_paragraphs(changes: &[Change]) -> Vec<usize> {
    changes
        .iter()
        .filter(|c| c.part == Part::Body && c.new.is_some())
        .filter_map(|c| c.paragraph)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Kind, Part, diff};
    use crate::translation::stamp::Text;

    fn text(body: &str) -> Text {
        Text::new("Zuhören bei Dell", None, body)
    }

    #[test]
    fn one_sentence_replaced_is_one_changed_paragraph() {
        let old = text("„Wir hören zu.“\n\nDell antwortet auf Twitter.\n\nEnde.");
        let new = text("„Wir hören zu.“\n\nDell antwortet\nauf Facebook.\n\nEnde.");
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(changes[0].kind, Kind::Changed);
        assert_eq!(changes[0].paragraph, Some(2));
        assert_eq!(
            changes[0].old.as_deref(),
            Some("Dell antwortet auf Twitter.")
        );
        assert_eq!(
            changes[0].new.as_deref(),
            Some("Dell antwortet auf Facebook.")
        );
    }

    #[test]
    fn added_removed_and_title_changes_are_told_apart() {
        let old = text("Eins.\n\nZwei.\n\nDrei.");
        let mut new = Text::new("Zuhören bei Dell, Paris", None, "Eins.\n\nDrei.\n\nVier.");
        let changes = diff(&old, &new);
        let kinds: Vec<_> = changes.iter().map(|c| (c.kind, c.part)).collect();
        assert_eq!(
            kinds,
            [
                (Kind::Changed, Part::Title),
                (Kind::Removed, Part::Body),
                (Kind::Added, Part::Body)
            ]
        );
        assert_eq!(changes[2].new.as_deref(), Some("Vier."));
        new.paragraphs = old.paragraphs.clone();
        new.title = old.title.clone();
        assert!(diff(&old, &new).is_empty());
    }

    #[test]
    fn a_changed_paragraph_names_its_changed_sentence() {
        let old = text("Er sagte: „Wir hören zu.“ Dann ging er. Das war 2008.");
        let new = text("Er sagte: „Wir hören zu.“ Dann lachte er. Das war 2008.");
        let changes = diff(&old, &new);
        assert_eq!(
            changes[0].sentences,
            [(
                Some("Dann ging er.".to_owned()),
                Some("Dann lachte er.".to_owned())
            )]
        );
    }
}
