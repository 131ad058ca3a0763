//! Stage 1: `site.toml` → a validated [`Config`].
//!
//! 1. read `site.toml` and parse it into [`raw::RawConfig`] (unknown keys are errors);
//! 2. apply the command line's overrides (`--base-url`, `--drafts`, `--future`);
//! 3. validate: base URL, languages, taxonomies, theme.

mod lang;
pub mod permalink;
mod raw;

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};

pub use lang::{Lang, LanguageConfig, Quotes};

/// The file name of the site configuration.
pub const CONFIG_FILE: &str = "site.toml";

/// What the command line can change about a build.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// Replaces `base_url` from `site.toml`.
    pub base_url: Option<String>,
    /// Build pages marked `draft = true`.
    pub drafts: bool,
    /// Build pages dated in the future.
    pub future: bool,
}

/// The site's base URL split into origin and sub-path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://example.org` (scheme and host, no trailing slash).
    pub origin: String,
    /// `/blog` or empty: the sub-path every URL lives under, without trailing slash.
    pub path: String,
}

impl BaseUrl {
    /// Parses `https://host[:port][/sub/path][/]`. The error says what is
    /// wrong with `url` and how to write it; the caller adds where it came
    /// from (`base_url` in `site.toml`, or `--base-url`).
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let Some(rest) = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
        else {
            let host = url.split_once("://").map_or(url, |(_, rest)| rest);
            return Err(format!(
                "`{url}` must start with https:// or http:// (e.g. `https://{}`)",
                host.trim_start_matches('/')
            ));
        };
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() {
            return Err(format!(
                "`{url}` has no host after the scheme (e.g. `https://example.org/blog`)"
            ));
        }
        if host.contains(char::is_whitespace) {
            return Err(format!(
                "`{url}` has a space in its host `{host}`: remove it"
            ));
        }
        if path.contains(['?', '#']) || path.contains(char::is_whitespace) {
            return Err(format!(
                "`{url}` may carry a sub-path but no query (`?`), fragment (`#`) or space: remove them"
            ));
        }
        let path = path.trim_end_matches('/');
        let scheme_len = url.len() - rest.len();
        Ok(BaseUrl {
            origin: url[..scheme_len + host.len()].to_owned(),
            path: if path.is_empty() {
                String::new()
            } else {
                format!("/{path}")
            },
        })
    }

    /// The absolute URL for a site path (`/en/reports/x/`).
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}{}", self.origin, self.path, site_path)
    }
}

/// One `[[taxonomies]]` entry.
#[derive(Debug, Clone)]
pub struct TaxonomyConfig {
    /// `tags`, `lessons`: also the URL segment and the front matter key.
    pub name: String,
    /// Whether each term gets an Atom feed.
    pub feed: bool,
    /// Terms per page on a term's page, if paginated.
    pub paginate_by: Option<usize>,
}

/// `[markdown]` settings.
#[derive(Debug, Clone)]
pub struct MarkdownConfig {
    /// Highlight fenced code with syntect.
    pub highlight_code: bool,
    /// The syntect theme the generated stylesheet is made from.
    pub highlight_theme: String,
    /// The syntect theme of the stylesheet's `prefers-color-scheme: dark` block.
    pub highlight_theme_dark: String,
    /// Curly quotes per language, dashes, ellipses.
    pub smart_punctuation: bool,
}

/// The validated site configuration plus build options.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root (the folder holding `site.toml`).
    pub root: PathBuf,
    /// Where every URL lives.
    pub base_url: BaseUrl,
    /// The language served at the root.
    pub default_language: Lang,
    /// All languages, the default first, then by code.
    pub languages: Vec<LanguageConfig>,
    /// The theme folder name under `themes/`, if any.
    pub theme: Option<String>,
    /// Taxonomies in the order of `site.toml`.
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Markdown options.
    pub markdown: MarkdownConfig,
    /// `[permalinks]`: URL patterns of sections' pages, the longest section first.
    pub permalinks: Vec<permalink::Permalink>,
    /// `[extra]`, for templates.
    pub extra: serde_json::Value,
    /// Build drafts.
    pub drafts: bool,
    /// Note every link's and image's URL while rendering, for `check` to
    /// find those that lead nowhere (builds need not pay for it).
    pub check_links: bool,
    /// Build pages dated in the future.
    pub future: bool,
}

impl Config {
    /// The settings of `lang`, which must be configured.
    pub fn language(&self, lang: &Lang) -> &LanguageConfig {
        self.languages
            .iter()
            .find(|l| &l.lang == lang)
            .unwrap_or(&self.languages[0])
    }

    /// The configured language with this code.
    pub fn lang(&self, code: &str) -> Option<&Lang> {
        self.languages
            .iter()
            .map(|l| &l.lang)
            .find(|l| l.as_str() == code)
    }

    /// All configured languages, the default first.
    pub fn langs(&self) -> impl Iterator<Item = &Lang> {
        self.languages.iter().map(|l| &l.lang)
    }

    /// `content/`.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    /// The `[permalinks]` pattern for pages in the section folder `dir`, if any.
    pub fn permalink(&self, dir: &str) -> Option<&permalink::Permalink> {
        self.permalinks.iter().find(|p| p.covers(dir))
    }

    /// `themes/NAME/`, when a theme is set.
    pub fn theme_dir(&self) -> Option<PathBuf> {
        self.theme
            .as_ref()
            .map(|name| self.root.join("themes").join(name))
    }
}

/// Reads and validates `ROOT/site.toml`.
pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Diagnostics> {
    let path = root.join(CONFIG_FILE);
    let shown = PathBuf::from(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|e| {
        Diagnostic::in_file(format!("cannot read the site configuration: {e}"), &shown)
            .with_note(format!("looked in {}", root.display()))
    })?;
    let text = crate::diag::utf8(&shown, bytes)?;
    parse(root, &shown, &text, overrides)
}

fn parse(
    root: &Path,
    shown: &Path,
    text: &str,
    overrides: &Overrides,
) -> Result<Config, Diagnostics> {
    let raw: raw::RawConfig = toml::from_str(text).map_err(|e| {
        let location = e
            .span()
            .map(|span| Location::at_offset(shown, text, span.start));
        Diagnostic::error(e.message().trim().to_owned(), location)
    })?;
    let at_key = |key: &str| key_location(shown, text, key);
    let mut diags = Diagnostics::new();

    let base_url_text = overrides.base_url.as_deref().unwrap_or(&raw.base_url);
    let base_url = BaseUrl::parse(base_url_text).unwrap_or_else(|message| {
        // The command line's URL is checked by `build` first (a usage
        // error); should one get here, it is not blamed on site.toml.
        diags.push(match overrides.base_url {
            Some(_) => Diagnostic::error(format!("--base-url {message}"), None),
            None => Diagnostic::error(format!("base_url {message}"), at_key("base_url")),
        });
        BaseUrl {
            origin: "http://invalid".to_owned(),
            path: String::new(),
        }
    });

    let languages = languages(&raw, &at_key, &mut diags);
    let default_language = languages
        .first()
        .map(|l| l.lang.clone())
        .unwrap_or_else(|| Lang::new("en"));

    let mut taxonomies: Vec<TaxonomyConfig> = Vec::new();
    for t in &raw.taxonomies {
        let valid = !t.name.is_empty()
            && t.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !valid {
            diags.push(Diagnostic::error(
                format!(
                    "taxonomy name `{}` must be lower-case ASCII letters, digits, `-` or `_`",
                    t.name
                ),
                at_key("name"),
            ));
        } else if taxonomies.iter().any(|x| x.name == t.name) {
            diags.push(Diagnostic::error(
                format!("taxonomy `{}` is defined twice", t.name),
                at_key("name"),
            ));
        } else if ["events", "page", "static"].contains(&t.name.as_str()) {
            diags.push(Diagnostic::error(
                format!("`{}` is reserved and cannot name a taxonomy", t.name),
                at_key("name"),
            ));
        }
        taxonomies.push(TaxonomyConfig {
            name: t.name.clone(),
            feed: t.feed,
            paginate_by: t.paginate_by.filter(|n| *n > 0),
        });
    }

    if let Some(theme) = &raw.theme {
        let dir = root.join("themes").join(theme);
        if !dir.is_dir() {
            diags.push(Diagnostic::error(
                format!("theme `{theme}` not found: there is no folder themes/{theme}/"),
                at_key("theme"),
            ));
        }
    }

    let mut permalinks = Vec::new();
    for (section, pattern) in &raw.permalinks {
        match permalink::Permalink::parse(section, pattern) {
            Ok(p) => permalinks.push(p),
            Err(message) => diags.push(Diagnostic::error(message, at_key(section))),
        }
    }
    permalinks.sort_by_key(|p| std::cmp::Reverse(p.section.len()));

    let extra = serde_json::to_value(&raw.extra).unwrap_or(serde_json::Value::Null);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Config {
        root: root.to_path_buf(),
        base_url,
        default_language,
        languages,
        theme: raw.theme,
        taxonomies,
        markdown: MarkdownConfig {
            highlight_code: raw.markdown.highlight_code,
            highlight_theme: raw.markdown.highlight_theme,
            highlight_theme_dark: raw.markdown.highlight_theme_dark,
            smart_punctuation: raw.markdown.smart_punctuation,
        },
        permalinks,
        extra,
        drafts: overrides.drafts,
        check_links: false,
        future: overrides.future,
    })
}

/// Validates `[languages]` and `default_language`; the default comes first.
fn languages(
    raw: &raw::RawConfig,
    at_key: &dyn Fn(&str) -> Option<Location>,
    diags: &mut Diagnostics,
) -> Vec<LanguageConfig> {
    let default = match (&raw.default_language, raw.languages.len()) {
        (Some(code), _) => code.clone(),
        (None, 0) => "en".to_owned(),
        (None, 1) => raw.languages.keys().next().cloned().unwrap_or_default(),
        (None, _) => {
            diags.push(Diagnostic::error(
                "`default_language` is missing: with more than one language, say which one lives at the root",
                Some(Location::file(CONFIG_FILE)),
            ));
            raw.languages.keys().next().cloned().unwrap_or_default()
        }
    };
    let mut languages = Vec::new();
    for (code, l) in &raw.languages {
        if !Lang::is_valid_code(code) {
            diags.push(Diagnostic::error(
                format!("`{code}` is not a language code (expected e.g. `de`, `en`, `pt-br`)"),
                at_key(&format!("languages.{code}")),
            ));
        }
        languages.push(LanguageConfig {
            lang: Lang::new(code),
            title: l
                .title
                .clone()
                .or_else(|| raw.title.clone())
                .unwrap_or_default(),
            description: l
                .description
                .clone()
                .or_else(|| raw.description.clone())
                .unwrap_or_default(),
            show_untranslated: l.show_untranslated.unwrap_or(true),
            quotes: match &l.quotes {
                None => Quotes::default_for(code),
                Some(list) => Quotes::from_list(list).unwrap_or_else(|message| {
                    diags.push(Diagnostic::error(message, at_key("quotes")));
                    Quotes::default_for(code)
                }),
            },
        });
    }
    if languages.is_empty() {
        languages.push(LanguageConfig {
            lang: Lang::new(&default),
            title: raw.title.clone().unwrap_or_default(),
            description: raw.description.clone().unwrap_or_default(),
            show_untranslated: true,
            quotes: Quotes::default_for(&default),
        });
    }
    match languages.iter().position(|l| l.lang.as_str() == default) {
        Some(i) => {
            let first = languages.remove(i);
            languages.insert(0, first);
        }
        None => diags.push(Diagnostic::error(
            format!("default_language `{default}` has no [languages.{default}] table"),
            at_key("default_language"),
        )),
    }
    languages
}

/// Where `key` (or the last part of a dotted key) is first written, for errors
/// that serde cannot place.
fn key_location(shown: &Path, text: &str, key: &str) -> Option<Location> {
    let last = key.rsplit('.').next().unwrap_or(key);
    let header = format!("[{key}]");
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let is_key = trimmed
            .strip_prefix(last)
            .is_some_and(|rest| rest.trim_start().starts_with('='));
        if is_key || trimmed.starts_with(&header) {
            let col = line.len() - trimmed.len();
            return Some(Location::at_offset(shown, text, offset + col));
        }
        offset += line.len();
    }
    Some(Location::file(shown))
}

/// Parses `site.toml` text for a site at `.`, for unit tests of later stages.
#[cfg(test)]
pub(crate) fn load_str(text: &str, overrides: &Overrides) -> Result<Config, Diagnostics> {
    parse(Path::new("."), Path::new(CONFIG_FILE), text, overrides)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{BaseUrl, Overrides, parse};

    const SITE: &str = r#"base_url = "https://example.org/blog/"
default_language = "de"

[languages.de]
title = "Konferenznotizen"

[languages.en]
title = "Conference Notes"

[[taxonomies]]
name = "lessons"
feed = true
"#;

    fn parse_str(text: &str) -> Result<super::Config, crate::diag::Diagnostics> {
        parse(
            Path::new("/site"),
            Path::new("site.toml"),
            text,
            &Overrides::default(),
        )
    }

    #[test]
    fn base_url_keeps_sub_path_without_trailing_slash() {
        let cases = [
            ("https://example.org", "https://example.org", ""),
            ("https://example.org/", "https://example.org", ""),
            ("https://host:8080/blog/", "https://host:8080", "/blog"),
            ("http://host/a/b", "http://host", "/a/b"),
        ];
        for (input, origin, path) in cases {
            let url = BaseUrl::parse(input).unwrap();
            assert_eq!(
                (url.origin.as_str(), url.path.as_str()),
                (origin, path),
                "{input}"
            );
        }
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https:///blog").is_err());
    }

    #[test]
    fn default_language_comes_first() {
        let config = parse_str(SITE).unwrap();
        let codes: Vec<_> = config.langs().map(|l| l.to_string()).collect();
        assert_eq!(codes, ["de", "en"]);
        assert_eq!(config.base_url.path, "/blog");
        assert_eq!(config.languages[1].title, "Conference Notes");
        assert!(config.taxonomies[0].feed);
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let text = SITE.replace(
            "title = \"Conference Notes\"",
            "titel = \"Conference Notes\"",
        );
        let diags = parse_str(&text).unwrap_err();
        let d = diags.iter().next().unwrap();
        assert!(d.message.contains("unknown field `titel`"), "{}", d.message);
        let loc = d.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.col), (8, 1));
    }

    #[test]
    fn bad_base_url_in_site_toml_is_located_there_and_says_how_to_write_it() {
        let text = SITE.replace("https://example.org/blog/", "example.org/blog");
        let diags = parse_str(&text).unwrap_err();
        let d = diags.iter().next().unwrap();
        assert_eq!(
            d.message,
            "base_url `example.org/blog` must start with https:// or http:// (e.g. `https://example.org/blog`)"
        );
        let loc = d.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.col), (1, 1));
    }

    #[test]
    fn bad_base_url_from_the_command_line_is_not_blamed_on_site_toml() {
        let overrides = Overrides {
            base_url: Some("https://exa mple.org".to_owned()),
            ..Overrides::default()
        };
        let diags =
            parse(Path::new("/site"), Path::new("site.toml"), SITE, &overrides).unwrap_err();
        let d = diags.iter().next().unwrap();
        assert_eq!(
            d.message,
            "--base-url `https://exa mple.org` has a space in its host `exa mple.org`: remove it"
        );
        assert_eq!(d.location, None);
    }

    #[test]
    fn default_language_must_be_configured() {
        let text = SITE.replace("default_language = \"de\"", "default_language = \"fr\"");
        let diags = parse_str(&text).unwrap_err();
        let d = diags.iter().next().unwrap();
        assert!(d.message.contains("default_language `fr`"));
        assert_eq!(d.location.as_ref().unwrap().line, 2);
    }
}
