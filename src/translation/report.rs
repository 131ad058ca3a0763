//! What `debrief check --translations` reports: every missing and outdated
//! translation, for an outdated one the original's paragraphs changed since
//! the stamped version, and the counts per section and language. Text for
//! people, JSON (`--format json`) for CI.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::diff::{self, Change, Kind, Part};
use super::history::{self, Origin};
use crate::site::Site;
use crate::site::page::Page;
use crate::site::translations::text_of;

/// The whole report.
#[derive(Debug, Serialize)]
pub(crate) struct Report {
    /// Counts per section folder and language.
    pub summary: Vec<Row>,
    /// Reports without a version in some language.
    pub missing: Vec<Missing>,
    /// Translations behind their original.
    pub outdated: Vec<Outdated>,
}

/// The counts of one section in one language.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct Row {
    /// The section's folder under `content/` (`reports`; `` for the home).
    pub section: String,
    /// The language.
    pub lang: String,
    /// Reports with a current version in this language.
    pub translated: usize,
    /// Reports without one (one-language reports not counted).
    pub missing: usize,
    /// Reports whose version in this language is outdated.
    pub outdated: usize,
}

/// A report missing a language.
#[derive(Debug, Serialize)]
pub(crate) struct Missing {
    /// The file of the version there is (the first).
    pub file: String,
    /// Its title.
    pub title: String,
    /// The language it lacks.
    pub lang: String,
}

/// An outdated translation.
#[derive(Debug, Serialize)]
pub(crate) struct Outdated {
    /// The translation's file.
    pub file: String,
    /// Its original's file.
    pub original: String,
    /// `stamp` (its original's text changed) or `date` (unstamped: the
    /// original's date is later).
    pub rule: &'static str,
    /// The stamp it has, and the original's stamp now.
    pub stamp: Option<String>,
    /// See `stamp`.
    pub current: Option<String>,
    /// When the original changed, when known (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Where the stamped version was found: `commit abc1234`, `build cache`;
    /// `None` when nowhere.
    pub found_in: Option<String>,
    /// The original's paragraphs changed since the stamped version.
    pub changes: Vec<Change>,
}

/// The report on `site`.
pub(crate) fn report(site: &Site) -> Report {
    let config = &site.config;
    let mut rows: BTreeMap<(String, usize), Row> = BTreeMap::new();
    let mut missing = Vec::new();
    let mut outdated = Vec::new();
    for id in site.page_ids() {
        let page = site.page(id);
        let versions = site.versions(&page.key.tkey);
        if versions.first() != Some(&id) {
            continue;
        }
        let one_language = versions
            .iter()
            .any(|v| site.page(*v).front.translations == Some(false));
        for (rank, lang) in config.langs().enumerate() {
            let row = rows
                .entry((page.dir.to_string(), rank))
                .or_insert_with(|| Row {
                    section: page.dir.to_string(),
                    lang: lang.to_string(),
                    translated: 0,
                    missing: 0,
                    outdated: 0,
                });
            match versions
                .iter()
                .map(|v| site.page(*v))
                .find(|p| &p.key.lang == lang)
            {
                Some(p) if p.outdated => {
                    row.outdated += 1;
                    outdated.push(outdated_entry(site, p));
                }
                Some(_) => row.translated += 1,
                None if one_language => {}
                None => {
                    row.missing += 1;
                    missing.push(Missing {
                        file: page.file.shown.display().to_string(),
                        title: page.title.clone(),
                        lang: lang.to_string(),
                    });
                }
            }
        }
    }
    Report {
        summary: rows.into_values().collect(),
        missing,
        outdated,
    }
}

/// What is known about one outdated translation.
fn outdated_entry(site: &Site, page: &Page) -> Outdated {
    let original = page.original.map(|o| site.page(o));
    let file = page.file.shown.display().to_string();
    let original_file = original
        .map(|o| o.file.shown.display().to_string())
        .unwrap_or_default();
    let since = page.outdated_since.map(|d| d.ymd());
    let (Some(stamp), Some(original)) = (&page.front.translated_from, original) else {
        return Outdated {
            file,
            original: original_file,
            rule: "date",
            stamp: None,
            current: None,
            since,
            found_in: None,
            changes: Vec::new(),
        };
    };
    let now = text_of(original);
    let lookup = history::find(&site.config.root, &original.file.path, stamp);
    let (changes, found_in) = match (&lookup.old, &now) {
        (Some((old, origin)), Some(now)) => (diff::diff(old, now), Some(origin_text(origin))),
        _ => (Vec::new(), None),
    };
    Outdated {
        file,
        original: original_file,
        rule: "stamp",
        stamp: Some(stamp.clone()),
        current: now.map(|t| t.stamp()),
        since,
        found_in,
        changes,
    }
}

fn origin_text(origin: &Origin) -> String {
    match origin {
        Origin::Commit(id, path) => format!("commit {id} ({})", path.display()),
        Origin::Cache => "build cache".to_owned(),
    }
}

impl Report {
    /// The counts as a table, one line per section and language.
    pub(crate) fn summary_text(&self) -> String {
        let mut out =
            String::from("Translations (section, language: translated, missing, outdated):\n");
        for row in &self.summary {
            let section = if row.section.is_empty() {
                "(home)"
            } else {
                &row.section
            };
            let _ = writeln!(
                out,
                "  {section:<12} {}: {} translated, {} missing, {} outdated",
                row.lang, row.translated, row.missing, row.outdated
            );
        }
        out
    }

    /// The whole report as text.
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        for m in &self.missing {
            let _ = writeln!(
                out,
                "missing: {} (`{}`) has no {} version",
                m.file, m.title, m.lang
            );
        }
        for o in &self.outdated {
            write_outdated(&mut out, o);
        }
        if self.missing.is_empty() && self.outdated.is_empty() {
            out.push_str("Every translation is there and current.\n");
        }
        out.push_str(&self.summary_text());
        out
    }
}

fn write_outdated(out: &mut String, o: &Outdated) {
    let since = o
        .since
        .as_deref()
        .map(|d| format!(" (changed on {d})"))
        .unwrap_or_default();
    let _ = writeln!(out, "outdated: {}", o.file);
    if o.rule == "date" {
        let _ = writeln!(
            out,
            "  its original {} has a later date{since}; it has no translated_from stamp, so what changed is not known (`debrief stamp {}` after updating it)",
            o.original, o.file
        );
        return;
    }
    let _ = writeln!(
        out,
        "  its original {} changed since the stamped version {}{since}",
        o.original,
        o.stamp.as_deref().unwrap_or_default(),
    );
    let Some(found) = &o.found_in else {
        let _ = writeln!(
            out,
            "  the stamped version is in neither the git history nor the build cache: what changed cannot be shown"
        );
        return;
    };
    let _ = writeln!(out, "  stamped version from {found}; changed paragraphs:");
    for c in &o.changes {
        let place = match (c.part, c.paragraph) {
            (Part::Title, _) => "title".to_owned(),
            (Part::Description, _) => "description".to_owned(),
            (Part::Body, Some(n)) => format!("paragraph {n}"),
            (Part::Body, None) => "body".to_owned(),
        };
        let kind = match c.kind {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
        };
        let _ = writeln!(out, "  {kind} {place}:");
        if let Some(old) = &c.old {
            let _ = writeln!(out, "    - {old}");
        }
        if let Some(new) = &c.new {
            let _ = writeln!(out, "    + {new}");
        }
        for (old, new) in &c.sentences {
            let _ = writeln!(out, "    sentence:");
            if let Some(old) = old {
                let _ = writeln!(out, "      - {old}");
            }
            if let Some(new) = new {
                let _ = writeln!(out, "      + {new}");
            }
        }
    }
    if o.changes.is_empty() {
        let _ = writeln!(out, "  (no paragraph differs)");
    }
}
