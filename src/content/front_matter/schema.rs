//! What front matter may hold: the keys of a page, a section and a term
//! source, as serde types that reject any other key.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::content::date::Date;

/// The event a report comes from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EventMeta {
    /// `LeWeb`.
    pub name: String,
    /// `Paris`.
    pub city: Option<String>,
    /// When it took place (first day).
    pub date: Option<Date>,
}

/// Someone who was interviewed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Role or job title.
    pub role: Option<String>,
    /// Organisation.
    pub org: Option<String>,
}

/// A page's front matter (SPEC: Content). Serialized, it is what the build
/// cache keeps of an unchanged file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    /// Required; checked after parsing so the error can say so plainly.
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Last substantial update.
    pub updated: Option<Date>,
    /// For lists, feeds, meta description.
    pub description: Option<String>,
    /// Built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Replaces the slug from the file name.
    pub slug: Option<String>,
    /// Old URLs that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Ordering for `sort_by = "weight"`.
    pub weight: Option<i64>,
    /// Another template than `page.html`.
    pub template: Option<String>,
    /// The event the report comes from.
    pub event: Option<EventMeta>,
    /// Who was interviewed.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Taxonomy name → terms.
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// Free-form, for templates.
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
    /// In a translation: the stamp of the original's text it matches
    /// (`debrief stamp` writes it; see `translation::stamp`).
    pub translated_from: Option<String>,
    /// `false`: the report is in one language on purpose, and `check` does
    /// not list it as missing a translation.
    pub translations: Option<bool>,
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    #[default]
    Date,
    /// Alphabetical.
    Title,
    /// Lightest first.
    Weight,
}

/// A section's `_index` front matter.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFront {
    /// Section title.
    pub title: Option<String>,
    /// Shown in lists and meta description.
    pub description: Option<String>,
    /// Page order.
    #[serde(default)]
    pub sort_by: SortBy,
    /// Pages per pager.
    pub paginate_by: Option<usize>,
    /// Another template than `section.html`.
    pub template: Option<String>,
    /// Ordering among sibling sections.
    pub weight: Option<i64>,
    /// Free-form, for templates.
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
}

/// A taxonomy term's own page source (`content/lessons/KEY.LANG.md`).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermFront {
    /// The term's name in this language.
    pub title: Option<String>,
    /// Shown in lists and meta description.
    pub description: Option<String>,
    /// Free-form, for templates.
    #[serde(default)]
    pub extra: Option<serde_json::Value>,
}
