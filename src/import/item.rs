//! What every source format is read into: one `Item` per post or page,
//! format-neutral, before languages, pairs and paths are settled.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A post (dated, goes into the reports section) or a page (site root).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A blog post.
    Post,
    /// A standalone page such as `about`.
    Page,
}

/// How an item's language was found (the report lists detected ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LangFrom {
    /// A front matter key (`lang`, `language`, `locale`) or export data.
    Front,
    /// The file's path: a language folder or a `.LANG.md` suffix.
    Path,
    /// Guessed from the text.
    Detected,
    /// Neither named nor detectable: the site's default language.
    Default,
}

/// The mapped front matter of one item.
#[derive(Debug, Clone, Default)]
pub(crate) struct Front {
    /// Title (required by debrief: an item without one gets its file name).
    pub(crate) title: Option<String>,
    /// Publication date as written (`2019-05-04`, `2019-05-04 10:00:00 +0200`).
    pub(crate) date: Option<String>,
    /// Last update as written.
    pub(crate) updated: Option<String>,
    /// Description or excerpt.
    pub(crate) description: Option<String>,
    /// A draft (Jekyll `_drafts/` or `published: false`, a WordPress draft).
    pub(crate) draft: bool,
    /// An explicit slug from the source.
    pub(crate) slug: Option<String>,
    /// Old URLs that must keep working (aliases, `redirect_from`).
    pub(crate) aliases: Vec<String>,
    /// Ordering weight.
    pub(crate) weight: Option<i64>,
    /// Taxonomy name in the source (`tags`, `categories`, …) → terms.
    pub(crate) taxonomies: BTreeMap<String, Vec<String>>,
    /// Everything else, for `[extra]`.
    pub(crate) extra: toml::Table,
}

/// One post or page read from the source.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// The source file, relative to the source folder (shown in the report).
    pub(crate) source: String,
    /// Post or page.
    pub(crate) kind: Kind,
    /// The name without date prefix and language: `leweb-recap`.
    pub(crate) name: String,
    /// Mapped front matter.
    pub(crate) front: Front,
    /// The Markdown body; links to other items are `@src:PATH` markers
    /// until the paths of the import are known.
    pub(crate) body: String,
    /// The language code the source gave, normalised (`de`), if any.
    pub(crate) lang: Option<String>,
    /// How `lang` was found.
    pub(crate) lang_from: LangFrom,
    /// The source's own translation key, if it has one.
    pub(crate) pair: Option<String>,
    /// The root-relative URL the item had on the old site.
    pub(crate) old_url: Option<String>,
    /// A folder whose other files belong to the item (a page bundle).
    pub(crate) bundle: Option<PathBuf>,
    /// Other names the source's link helpers use for it (Hugo `ref`, Zola `@/`).
    pub(crate) refs: Vec<String>,
}

impl Item {
    /// The publication day, `YYYY-MM-DD`, if the date starts with one.
    pub(crate) fn day(&self) -> Option<&str> {
        let date = self.front.date.as_deref()?.trim();
        let day = date.get(..10)?;
        let bytes = day.as_bytes();
        let shaped = bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
        shaped.then_some(day)
    }
}

/// Splits a leading `YYYY-MM-DD-` off a file name: `("2019-05-04", "recap")`.
pub(crate) fn split_date_name(name: &str) -> Option<(&str, &str)> {
    let (day, rest) = (name.get(..10)?, name.get(10..)?);
    let rest = rest.strip_prefix('-')?;
    let shaped = day.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    (shaped && !rest.is_empty()).then_some((day, rest))
}

#[cfg(test)]
mod tests {
    use super::split_date_name;

    #[test]
    fn date_names() {
        assert_eq!(
            split_date_name("2019-05-04-re-publica"),
            Some(("2019-05-04", "re-publica"))
        );
        assert_eq!(split_date_name("2019-05-04"), None);
        assert_eq!(split_date_name("about"), None);
        assert_eq!(split_date_name("2019-5-04-x"), None);
    }
}
