//! Step 3 of loading the configuration: [`RawConfig`] → [`Config`], with
//! every problem found, each at the key of `site.toml` it is about.

use std::path::Path;

use crate::config::lang::default_locale;
use crate::config::raw::RawConfig;
use crate::config::{
    BaseUrl, CONFIG_FILE, Config, ImagesConfig, Lang, LanguageConfig, MarkdownConfig, Overrides,
    PreviewsConfig, Quotes, SearchConfig, TaxonomyConfig, permalink,
};
use crate::diag::{Diagnostic, Diagnostics, Location};

/// Where a key is written in `site.toml`, for the errors serde cannot place.
type AtKey<'a> = &'a dyn Fn(&str) -> Option<Location>;

/// Parses and validates the text of `site.toml` (shown as `shown`) for the
/// site at `root`.
pub(super) fn parse(
    root: &Path,
    shown: &Path,
    text: &str,
    overrides: &Overrides,
) -> Result<Config, Diagnostics> {
    let raw: RawConfig = toml::from_str(text).map_err(|e| {
        let location = e
            .span()
            .map(|span| Location::at_offset(shown, text, span.start));
        unknown_key(e.message().trim(), location.clone())
            .unwrap_or_else(|| Diagnostic::error(e.message().trim().to_owned(), location))
    })?;
    let at_key = |key: &str| key_location(shown, text, key);
    let mut diags = Diagnostics::new();
    let base_url = base_url(&raw, overrides, &at_key, &mut diags);
    let languages = languages(&raw, &at_key, &mut diags);
    let default_language = languages
        .first()
        .map(|l| l.lang.clone())
        .unwrap_or_else(|| Lang::new("en"));
    let taxonomies = taxonomies(&raw, &at_key, &mut diags);
    check_theme(root, &raw, &at_key, &mut diags);
    let permalinks = permalinks(&raw, &at_key, &mut diags);
    let images = images(&raw, &at_key, &mut diags);
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
        images,
        previews: PreviewsConfig {
            image: raw.previews.image.clone(),
        },
        search: SearchConfig {
            enabled: raw.search.enabled,
            other_language: raw.search.other_language,
        },
        permalinks,
        extra,
        drafts: overrides.drafts,
        check_links: false,
        future: overrides.future,
    })
}

/// The base URL: `--base-url` if given, else `base_url` from `site.toml`.
fn base_url(
    raw: &RawConfig,
    overrides: &Overrides,
    at_key: AtKey<'_>,
    diags: &mut Diagnostics,
) -> BaseUrl {
    let base_url_text = overrides.base_url.as_deref().unwrap_or(&raw.base_url);
    BaseUrl::parse(base_url_text).unwrap_or_else(|message| {
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
    })
}

/// Validates `[languages]` and `default_language`; the default comes first.
fn languages(raw: &RawConfig, at_key: AtKey<'_>, diags: &mut Diagnostics) -> Vec<LanguageConfig> {
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
            locale: l.locale.clone().unwrap_or_else(|| default_locale(code)),
        });
    }
    if languages.is_empty() {
        languages.push(LanguageConfig {
            lang: Lang::new(&default),
            title: raw.title.clone().unwrap_or_default(),
            description: raw.description.clone().unwrap_or_default(),
            show_untranslated: true,
            quotes: Quotes::default_for(&default),
            locale: default_locale(&default),
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

/// Validates `[[taxonomies]]`, keeping their order.
fn taxonomies(raw: &RawConfig, at_key: AtKey<'_>, diags: &mut Diagnostics) -> Vec<TaxonomyConfig> {
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
    taxonomies
}

/// Checks that the theme named in `site.toml`, if any, has its folder;
/// the default theme needs none (it is built in).
fn check_theme(root: &Path, raw: &RawConfig, at_key: AtKey<'_>, diags: &mut Diagnostics) {
    if let Some(theme) = &raw.theme {
        let dir = root.join("themes").join(theme);
        if theme != super::theme::BUILTIN && !dir.is_dir() {
            diags.push(
                Diagnostic::error(
                    format!("theme `{theme}` not found: there is no folder themes/{theme}/"),
                    at_key("theme"),
                )
                .with_note(format!(
                    "`theme = \"{}\"` uses the theme built into debrief",
                    super::theme::BUILTIN
                )),
            );
        }
    }
}

/// serde's "unknown field `x`, expected one of …" as a message that names
/// the nearest allowed key, and lists them all in a note.
fn unknown_key(message: &str, location: Option<Location>) -> Option<Diagnostic> {
    let (key, rest) = message.strip_prefix("unknown field `")?.split_once('`')?;
    let expected = rest
        .trim_start_matches([',', ' '])
        .strip_prefix("expected ")?;
    // serde writes "one of `a`, `b`, `c`", "`a` or `b`" or "`a`".
    let allowed: Vec<&str> = expected
        .strip_prefix("one of ")
        .unwrap_or(expected)
        .split([',', ' '])
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty() && *k != "or")
        .collect();
    let text = match crate::nearest::nearest(key, allowed.iter().copied()) {
        Some(near) => format!("unknown key `{key}` in {CONFIG_FILE}: did you mean `{near}`?"),
        None => format!("unknown key `{key}` in {CONFIG_FILE}"),
    };
    let mut d = Diagnostic::error(text, location)
        .with_note(format!("the keys allowed here are {}", allowed.join(", ")));
    if allowed.contains(&"extra") {
        d = d.with_note("free-form data for templates goes under `[extra]`");
    }
    Some(d)
}

/// Parses `[permalinks]`, the longest section first.
fn permalinks(
    raw: &RawConfig,
    at_key: AtKey<'_>,
    diags: &mut Diagnostics,
) -> Vec<permalink::Permalink> {
    let mut permalinks = Vec::new();
    for (section, pattern) in &raw.permalinks {
        match permalink::Permalink::parse(section, pattern) {
            Ok(p) => permalinks.push(p),
            Err(message) => diags.push(Diagnostic::error(message, at_key(section))),
        }
    }
    permalinks.sort_by_key(|p| std::cmp::Reverse(p.section.len()));
    permalinks
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

/// Validates `[images]`: widths from 16 to 8192 pixels, quality from 1 to 100.
fn images(raw: &RawConfig, at_key: AtKey<'_>, diags: &mut Diagnostics) -> ImagesConfig {
    let r = &raw.images;
    let mut widths = r.widths.clone();
    widths.sort_unstable();
    widths.dedup();
    if widths.is_empty() || widths.iter().any(|w| !(16..=8192).contains(w)) {
        diags.push(Diagnostic::error(
            "[images] widths must list one or more widths from 16 to 8192 pixels, e.g. `widths = [480, 960, 1600]`",
            at_key("images.widths"),
        ));
    }
    if !(1..=100).contains(&r.quality) {
        diags.push(Diagnostic::error(
            "[images] quality must be from 1 to 100 (80 is a good start)",
            at_key("images.quality"),
        ));
    }
    ImagesConfig {
        widths,
        quality: r.quality.clamp(1, 100),
        sizes: r.sizes.clone(),
        preview_width: r.preview_width,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::parse;
    use crate::config::Overrides;

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
    fn default_language_comes_first() {
        let config = parse_str(SITE).unwrap();
        let codes: Vec<_> = config.langs().map(|l| l.to_string()).collect();
        assert_eq!(codes, ["de", "en"]);
        assert_eq!(config.base_url.path, "/blog");
        assert_eq!(config.languages[1].title, "Conference Notes");
        assert!(config.taxonomies[0].feed);
    }

    #[test]
    fn locales_default_per_language_and_can_be_set() {
        let config = parse_str(SITE).unwrap();
        let locales: Vec<_> = config.languages.iter().map(|l| l.locale.as_str()).collect();
        assert_eq!(locales, ["de_DE", "en_GB"]);
        let text = SITE.replace(
            "title = \"Conference Notes\"",
            "title = \"Conference Notes\"\nlocale = \"en_US\"",
        );
        assert_eq!(parse_str(&text).unwrap().languages[1].locale, "en_US");
        assert_eq!(super::default_locale("pt-br"), "pt_BR");
        assert_eq!(super::default_locale("fr"), "fr_FR");
    }

    #[test]
    fn image_widths_and_quality_are_checked_at_their_key() {
        let config = parse_str(&format!("{SITE}\n[images]\nwidths = [960, 480, 960]\n")).unwrap();
        assert_eq!(config.images.widths, [480, 960]);
        assert_eq!(config.images.quality, 80);
        let diags =
            parse_str(&format!("{SITE}\n[images]\nwidths = [0]\nquality = 101\n")).unwrap_err();
        let got: Vec<(String, usize)> = diags
            .iter()
            .map(|d| (d.message.clone(), d.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "[images] widths must list one or more widths from 16 to 8192 pixels, e.g. `widths = [480, 960, 1600]`".to_owned(),
                    15
                ),
                ("[images] quality must be from 1 to 100 (80 is a good start)".to_owned(), 16),
            ]
        );
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let text = SITE.replace(
            "title = \"Conference Notes\"",
            "titel = \"Conference Notes\"",
        );
        let diags = parse_str(&text).unwrap_err();
        let d = diags.iter().next().unwrap();
        assert_eq!(
            d.message,
            "unknown key `titel` in site.toml: did you mean `title`?"
        );
        assert_eq!(
            d.notes,
            ["the keys allowed here are title, description, show_untranslated, quotes, locale"]
        );
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
