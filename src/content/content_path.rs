//! What a path under `content/` says: section, name, language, date, bundle.

use crate::config::{Config, Lang};
use crate::content::date::{Date, date_shaped_prefix, split_date_prefix};

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
    /// The name with its date prefix, without language
    /// (`2008-12-16-leweb-interview`): what tells recurring reports apart.
    pub name: String,
    /// The language the file is in.
    pub lang: Lang,
    /// Whether the language was written in the name (`.en.md`).
    pub explicit_lang: bool,
    /// The date from a `YYYY-MM-DD-` prefix of the file or bundle folder.
    pub date: Option<Date>,
    /// For a bundle, its folder relative to `content/`.
    pub bundle: Option<String>,
    /// A `YYYY-MM-DD-` prefix that is no date (`2008-12-32-`), kept in the stem.
    pub invalid_date: Option<String>,
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
                name: String::new(),
                lang,
                explicit_lang,
                date: None,
                bundle: None,
                invalid_date: None,
            }),
            "index" if !parent.is_empty() => {
                let (dir, folder) = parent.rsplit_once('/').unwrap_or(("", parent));
                let (date, stem) = strip_date(folder);
                Ok(ContentPath {
                    kind: PathKind::Page,
                    dir: dir.to_owned(),
                    stem: stem.to_owned(),
                    name: folder.to_owned(),
                    lang,
                    explicit_lang,
                    date,
                    bundle: Some(parent.to_owned()),
                    invalid_date: invalid_date(folder),
                })
            }
            _ => {
                let (date, stem) = strip_date(name);
                Ok(ContentPath {
                    kind: PathKind::Page,
                    dir: parent.to_owned(),
                    stem: stem.to_owned(),
                    name: name.to_owned(),
                    lang,
                    explicit_lang,
                    date,
                    bundle: None,
                    invalid_date: invalid_date(name),
                })
            }
        }
    }

    /// The identity shared by all language versions:
    /// `reports/2008-12-16-leweb-interview` (the date prefix is part of it, so
    /// that a monthly meetup's reports are pages of their own), or
    /// `reports/_index` for a section.
    pub fn translation_key(&self) -> String {
        let name = match self.kind {
            PathKind::Page => self.name.as_str(),
            PathKind::Section => "_index",
        };
        if self.dir.is_empty() {
            name.to_owned()
        } else {
            format!("{}/{name}", self.dir)
        }
    }
}

/// The prefix of `name` when it has the shape `YYYY-MM-DD-` but is no date.
fn invalid_date(name: &str) -> Option<String> {
    match date_shaped_prefix(name)? {
        (Err(prefix), _) => Some(prefix.to_owned()),
        (Ok(_), _) => None,
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
    let lower = suffix.to_ascii_lowercase();
    if lower != suffix && config.lang(&lower).is_some() {
        return Err(format!(
            "the file name's language `{suffix}` must be written in lower case: rename it to `{name}.{lower}.md`"
        ));
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
    use super::ContentPath;
    use crate::config::{Overrides, load_str};

    fn config() -> crate::config::Config {
        load_str(
            "base_url = \"https://x.org\"\ndefault_language = \"de\"\n[languages.de]\n[languages.en]\n",
            &Overrides::default(),
        )
        .unwrap()
    }

    /// `path` taken apart, in one line: kind, folder, stem, language and
    /// translation key, then the date and the bundle when it has them.
    fn parts(path: &str) -> String {
        let p = ContentPath::parse(path, &config()).unwrap();
        let (dir, stem, lang) = (&p.dir, &p.stem, p.lang.as_str());
        let key = p.translation_key();
        let mut parts = format!("{:?} in `{dir}`: `{stem}` ({lang}), key `{key}`", p.kind);
        if let Some(date) = p.date {
            parts.push_str(&format!(", dated {}", date.ymd()));
        }
        if let Some(bundle) = &p.bundle {
            parts.push_str(&format!(", bundle `{bundle}`"));
        }
        parts
    }

    #[test]
    fn a_page_is_in_its_suffix_s_language_else_the_default_one() {
        let cases = [
            ("about.md", "Page in ``: `about` (de), key `about`"),
            ("about.en.md", "Page in ``: `about` (en), key `about`"),
            (
                "reports/x.de.md",
                "Page in `reports`: `x` (de), key `reports/x`",
            ),
        ];
        for (path, parts_of_it) in cases {
            assert_eq!(parts(path), parts_of_it, "{path}");
        }
    }

    #[test]
    fn a_date_prefix_dates_a_page_or_bundle_and_stays_in_its_key() {
        let key = "reports/2008-12-16-leweb";
        assert_eq!(
            parts("reports/2008-12-16-leweb.en.md"),
            format!("Page in `reports`: `leweb` (en), key `{key}`, dated 2008-12-16")
        );
        assert_eq!(
            parts("reports/2008-12-16-leweb/index.md"),
            format!(
                "Page in `reports`: `leweb` (de), key `{key}`, dated 2008-12-16, bundle `{key}`"
            )
        );
    }

    #[test]
    fn an_index_file_is_its_folder_s_section() {
        let cases = [
            (
                "reports/_index.en.md",
                "Section in `reports`: `` (en), key `reports/_index`",
            ),
            ("_index.md", "Section in ``: `` (de), key `_index`"),
        ];
        for (path, parts_of_it) in cases {
            assert_eq!(parts(path), parts_of_it, "{path}");
        }
    }

    #[test]
    fn a_dot_in_a_name_that_is_no_language_stays_in_it() {
        assert_eq!(
            parts("notes/v1.2.md"),
            "Page in `notes`: `v1.2` (de), key `notes/v1.2`"
        );
    }

    #[test]
    fn a_date_shaped_prefix_that_is_no_date_is_kept_and_flagged() {
        let p = ContentPath::parse("reports/2008-12-32-leweb.md", &config()).unwrap();
        assert_eq!((p.date, p.stem.as_str()), (None, "2008-12-32-leweb"));
        assert_eq!(p.invalid_date.as_deref(), Some("2008-12-32"));
        let ok = ContentPath::parse("reports/2008-12-31-leweb.md", &config()).unwrap();
        assert_eq!(ok.invalid_date, None);
        let plain = ContentPath::parse("reports/1999-2000-rueckblick.md", &config()).unwrap();
        assert_eq!(plain.invalid_date, None);
    }

    #[test]
    fn recurring_names_are_different_pages() {
        let keys: Vec<String> = [
            "meetups/2021-06-01-treffen.md",
            "meetups/2021-06-19-treffen.md",
            "meetups/2021-08-10-treffen/index.md",
        ]
        .iter()
        .map(|p| ContentPath::parse(p, &config()).unwrap().translation_key())
        .collect();
        assert_eq!(
            keys,
            [
                "meetups/2021-06-01-treffen",
                "meetups/2021-06-19-treffen",
                "meetups/2021-08-10-treffen"
            ]
        );
    }

    #[test]
    fn an_upper_case_language_suffix_says_how_to_write_it() {
        let err = ContentPath::parse("reports/x/index.EN.md", &config()).unwrap_err();
        assert_eq!(
            err,
            "the file name's language `EN` must be written in lower case: rename it to `index.en.md`"
        );
    }

    #[test]
    fn unconfigured_language_suffix_is_an_error() {
        let err = ContentPath::parse("reports/x.fr.md", &config()).unwrap_err();
        assert!(err.contains("language `fr`"), "{err}");
    }
}
