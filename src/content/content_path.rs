//! What a path under `content/` says: section, name, language, date, bundle.

use crate::config::{Config, Lang};
use crate::content::date::{Date, split_date_prefix};

/// Whether a file is a page or a section's `_index`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// `NAME.md`, `NAME.LANG.md`, or a bundle's `index[.LANG].md`.
    Page,
    /// `_index.md` or `_index.LANG.md`.
    Section,
}

/// A content file's path, taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentPath {
    /// Page or section.
    pub kind: PathKind,
    /// The section folder, `/`-separated, relative to `content/` (`""` for the root).
    pub dir: String,
    /// The name without date prefix and language (`leweb-interview`); empty for sections.
    pub stem: String,
    /// The language the file is in.
    pub lang: Lang,
    /// Whether the language was written in the name (`.en.md`).
    pub explicit_lang: bool,
    /// The date from a `YYYY-MM-DD-` prefix of the file or bundle folder.
    pub date: Option<Date>,
    /// For a bundle, its folder relative to `content/`.
    pub bundle: Option<String>,
}

impl ContentPath {
    /// Takes apart `rel`, a `/`-separated path relative to `content/` ending in `.md`.
    pub fn parse(rel: &str, config: &Config) -> Result<ContentPath, String> {
        let without_ext = rel
            .strip_suffix(".md")
            .ok_or_else(|| format!("`{rel}` is not a Markdown file"))?;
        let (parent, file) = without_ext.rsplit_once('/').unwrap_or(("", without_ext));
        let (name, lang) = split_lang(file, config)?;
        let explicit_lang = lang.is_some();
        let lang = lang.unwrap_or_else(|| config.default_language.clone());
        match name {
            "_index" => Ok(ContentPath {
                kind: PathKind::Section,
                dir: parent.to_owned(),
                stem: String::new(),
                lang,
                explicit_lang,
                date: None,
                bundle: None,
            }),
            "index" if !parent.is_empty() => {
                let (dir, folder) = parent.rsplit_once('/').unwrap_or(("", parent));
                let (date, stem) = strip_date(folder);
                Ok(ContentPath {
                    kind: PathKind::Page,
                    dir: dir.to_owned(),
                    stem: stem.to_owned(),
                    lang,
                    explicit_lang,
                    date,
                    bundle: Some(parent.to_owned()),
                })
            }
            _ => {
                let (date, stem) = strip_date(name);
                Ok(ContentPath {
                    kind: PathKind::Page,
                    dir: parent.to_owned(),
                    stem: stem.to_owned(),
                    lang,
                    explicit_lang,
                    date,
                    bundle: None,
                })
            }
        }
    }

    /// The identity shared by all language versions: `reports/leweb-interview`,
    /// or `reports/_index` for a section.
    pub fn translation_key(&self) -> String {
        let name = match self.kind {
            PathKind::Page => self.stem.as_str(),
            PathKind::Section => "_index",
        };
        if self.dir.is_empty() {
            name.to_owned()
        } else {
            format!("{}/{name}", self.dir)
        }
    }
}

fn strip_date(name: &str) -> (Option<Date>, &str) {
    match split_date_prefix(name) {
        Some((date, rest)) => (Some(date), rest),
        None => (None, name),
    }
}

/// Splits `name.LANG` into name and language; a suffix that looks like a
/// language code but is not configured is an error rather than part of the name.
fn split_lang<'a>(file: &'a str, config: &Config) -> Result<(&'a str, Option<Lang>), String> {
    let Some((name, suffix)) = file.rsplit_once('.') else {
        return Ok((file, None));
    };
    if let Some(lang) = config.lang(suffix) {
        return Ok((name, Some(lang.clone())));
    }
    if Lang::is_valid_code(suffix) {
        let known: Vec<&str> = config.langs().map(Lang::as_str).collect();
        return Err(format!(
            "the file name asks for language `{suffix}`, which site.toml does not configure (languages: {})",
            known.join(", ")
        ));
    }
    Ok((file, None))
}

#[cfg(test)]
mod tests {
    use super::{ContentPath, PathKind};
    use crate::config::{Overrides, load_str};

    fn config() -> crate::config::Config {
        load_str(
            "base_url = \"https://x.org\"\ndefault_language = \"de\"\n[languages.de]\n[languages.en]\n",
            &Overrides::default(),
        )
        .unwrap()
    }

    #[test]
    fn table_of_paths() {
        let c = config();
        // (path, kind, dir, stem, lang, date, bundle, key)
        let cases = [
            (
                "about.md",
                PathKind::Page,
                "",
                "about",
                "de",
                None,
                None,
                "about",
            ),
            (
                "about.en.md",
                PathKind::Page,
                "",
                "about",
                "en",
                None,
                None,
                "about",
            ),
            (
                "reports/x.de.md",
                PathKind::Page,
                "reports",
                "x",
                "de",
                None,
                None,
                "reports/x",
            ),
            (
                "reports/2008-12-16-leweb.en.md",
                PathKind::Page,
                "reports",
                "leweb",
                "en",
                Some("2008-12-16"),
                None,
                "reports/leweb",
            ),
            (
                "reports/2008-12-16-leweb/index.md",
                PathKind::Page,
                "reports",
                "leweb",
                "de",
                Some("2008-12-16"),
                Some("reports/2008-12-16-leweb"),
                "reports/leweb",
            ),
            (
                "reports/_index.en.md",
                PathKind::Section,
                "reports",
                "",
                "en",
                None,
                None,
                "reports/_index",
            ),
            (
                "_index.md",
                PathKind::Section,
                "",
                "",
                "de",
                None,
                None,
                "_index",
            ),
            (
                "notes/v1.2.md",
                PathKind::Page,
                "notes",
                "v1.2",
                "de",
                None,
                None,
                "notes/v1.2",
            ),
        ];
        for (path, kind, dir, stem, lang, date, bundle, key) in cases {
            let p = ContentPath::parse(path, &c).unwrap();
            assert_eq!(p.kind, kind, "{path}");
            assert_eq!(p.dir, dir, "{path}");
            assert_eq!(p.stem, stem, "{path}");
            assert_eq!(p.lang.as_str(), lang, "{path}");
            assert_eq!(p.date.map(|d| d.ymd()).as_deref(), date, "{path}");
            assert_eq!(p.bundle.as_deref(), bundle, "{path}");
            assert_eq!(p.translation_key(), key, "{path}");
        }
    }

    #[test]
    fn unconfigured_language_suffix_is_an_error() {
        let err = ContentPath::parse("reports/x.fr.md", &config()).unwrap_err();
        assert!(err.contains("language `fr`"), "{err}");
    }
}
