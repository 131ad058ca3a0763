//! The import report: what was written, which translations were paired
//! (guessed ones marked), and every thing that could not be mapped.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// A pair (or group) of translations, as written.
#[derive(Debug, Clone)]
pub(crate) struct Pairing {
    /// `(lang, written path)` for each version.
    pub(crate) versions: Vec<(String, String)>,
    /// `None` when the source said so; otherwise why it was guessed.
    pub(crate) guessed: Option<String>,
}

/// Everything the import tells the writer at the end.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Posts written, per language.
    pub(crate) posts: BTreeMap<String, usize>,
    /// Pages written, per language.
    pub(crate) pages: BTreeMap<String, usize>,
    /// Drafts among them.
    pub(crate) drafts: usize,
    /// Images and other files copied.
    pub(crate) files: usize,
    /// Translations paired.
    pub(crate) pairs: Vec<Pairing>,
    /// `source file: language` for every language guessed from the text.
    pub(crate) detected: Vec<(String, String)>,
    /// `(source file, what could not be mapped)`.
    pub(crate) unmapped: Vec<(String, String)>,
    /// Files that exist already and were left alone.
    pub(crate) refused: Vec<String>,
    /// Choices made once for the whole import (`categories` into `tags`).
    pub(crate) notes: std::collections::BTreeSet<String>,
}

impl Report {
    /// Notes something that could not be mapped, in `file`.
    pub(crate) fn unmapped(&mut self, file: &str, what: impl Into<String>) {
        self.unmapped.push((file.to_owned(), what.into()));
    }

    /// Notes what a body's conversion could not map, each at the line of
    /// `text` (the whole source file) where the code it quotes in
    /// backticks stands: `_posts/x.md:12`.
    pub(crate) fn unmapped_at_lines(&mut self, file: &str, text: &str, messages: Vec<String>) {
        let mut searched: HashMap<String, usize> = HashMap::new();
        for what in messages {
            let quoted = what
                .split('`')
                .nth(1)
                .filter(|q| !q.is_empty())
                .map(str::to_owned);
            let at = quoted.and_then(|q| {
                let from = searched.get(&q).copied().unwrap_or(0);
                let found = text.get(from..)?.find(&q)? + from;
                searched.insert(q.clone(), found + q.len());
                Some(found)
            });
            let place = match at {
                Some(at) => format!("{file}:{}", text[..at].matches('\n').count() + 1),
                None => file.to_owned(),
            };
            self.unmapped.push((place, what));
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = |m: &BTreeMap<String, usize>| {
            let parts: Vec<String> = m.iter().map(|(l, n)| format!("{n} {l}")).collect();
            if parts.is_empty() {
                "0".to_owned()
            } else {
                parts.join(", ")
            }
        };
        writeln!(
            f,
            "Imported {} posts ({}) and {} pages ({}); {} drafts; {} files copied.",
            self.posts.values().sum::<usize>(),
            count(&self.posts),
            self.pages.values().sum::<usize>(),
            count(&self.pages),
            self.drafts,
            self.files
        )?;
        let guessed = self.pairs.iter().filter(|p| p.guessed.is_some()).count();
        writeln!(
            f,
            "Translations: {} pairs ({guessed} guessed, marked with ?).",
            self.pairs.len()
        )?;
        for pair in &self.pairs {
            let versions: Vec<String> = pair
                .versions
                .iter()
                .map(|(lang, path)| format!("{lang}: {path}"))
                .collect();
            match &pair.guessed {
                Some(why) => writeln!(f, "  ? {}  ({why})", versions.join(" <-> "))?,
                None => writeln!(f, "    {}", versions.join(" <-> "))?,
            }
        }
        if !self.detected.is_empty() {
            writeln!(
                f,
                "Languages detected from the text ({}; set `lang` to correct one):",
                self.detected.len()
            )?;
            for (file, lang) in &self.detected {
                writeln!(f, "  {file}: {lang}")?;
            }
        }
        if !self.refused.is_empty() {
            writeln!(f, "Not overwritten ({} exist already):", self.refused.len())?;
            for path in &self.refused {
                writeln!(f, "  {path}")?;
            }
        }
        for note in &self.notes {
            writeln!(f, "Note: {note}")?;
        }
        if self.unmapped.is_empty() {
            return writeln!(f, "Everything was mapped.");
        }
        writeln!(f, "Could not map ({}):", self.unmapped.len())?;
        for (file, what) in &self.unmapped {
            writeln!(f, "  {file}: {what}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::Report;

    #[test]
    fn each_leftover_at_its_own_line() {
        let text = "---\ntitle: x\n---\n{% include a.html %}\ntext\n{% include a.html %}\n";
        let mut report = Report::default();
        let said = |t: &str| format!("Liquid `{t}` has no debrief equivalent");
        report.unmapped_at_lines(
            "_posts/x.md",
            text,
            vec![
                said("{% include a.html %}"),
                said("{% include a.html %}"),
                "no quote".into(),
            ],
        );
        let places: Vec<&str> = report.unmapped.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(places, ["_posts/x.md:4", "_posts/x.md:6", "_posts/x.md"]);
    }
}
