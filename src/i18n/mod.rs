//! UI strings per language: the theme's `i18n/LANG.toml`, overridden key by
//! key by the site's `i18n/LANG.toml`, falling back to the default language.

pub(crate) mod coverage;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::config::{Config, Lang, theme};
use crate::diag::{Diagnostic, Diagnostics, Location};

/// All UI strings of all languages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Catalog {
    default: Option<Lang>,
    strings: BTreeMap<Lang, BTreeMap<String, String>>,
    /// The files each language's strings were read from (as shown, theme
    /// first), for the message about a string that is in none of them.
    read_from: BTreeMap<Lang, Vec<PathBuf>>,
}

impl Catalog {
    /// The string for `key` in `lang`, else in the default language.
    pub(crate) fn get(&self, lang: &Lang, key: &str) -> Option<&str> {
        let find = |l: &Lang| {
            self.strings
                .get(l)
                .and_then(|m| m.get(key))
                .map(String::as_str)
        };
        find(lang).or_else(|| self.default.as_ref().and_then(find))
    }

    /// The message for a `key` that [`Catalog::get`] does not find in
    /// `lang`: which files it looked in, and a note on what to do.
    pub(crate) fn not_found(&self, lang: &Lang, key: &str) -> Diagnostic {
        let files = |l: &Lang| {
            // The site's file first: its strings override the theme's.
            let read = self.read_from.get(l).map_or(&[][..], Vec::as_slice);
            let names: Vec<String> = read.iter().rev().map(|p| p.display().to_string()).collect();
            if names.is_empty() {
                format!("i18n/{l}.toml (neither the site nor the theme has one)")
            } else {
                names.join(" or ")
            }
        };
        let mut message = format!("no UI string `{key}` in {}", files(lang));
        if let Some(default) = self.default.as_ref().filter(|d| *d != lang) {
            message.push_str(&format!(
                ", nor in the {default} strings it falls back to ({})",
                files(default)
            ));
        }
        Diagnostic::error(message, None).with_note(format!(
            "add `{key} = \"…\"` to the site's i18n/{lang}.toml, or give `trans` a `default`"
        ))
    }

    /// Keys some language has that `lang` lacks, for `check`.
    pub(crate) fn missing(&self, lang: &Lang) -> Vec<&str> {
        let all: BTreeSet<&str> = self
            .strings
            .values()
            .flat_map(|m| m.keys().map(String::as_str))
            .collect();
        let own = self.strings.get(lang);
        all.into_iter()
            .filter(|k| own.is_none_or(|m| !m.contains_key(*k)))
            .collect()
    }

    /// Adds the strings of one file (shown as `shown`), over those before.
    fn add(&mut self, lang: Lang, table: BTreeMap<String, String>, shown: PathBuf) {
        self.strings.entry(lang.clone()).or_default().extend(table);
        self.read_from.entry(lang).or_default().push(shown);
    }

    /// The files a catalog is read from, theme first, for watching.
    pub(crate) fn files(config: &Config) -> Vec<PathBuf> {
        let mut dirs: Vec<PathBuf> = config
            .theme_dir()
            .into_iter()
            .map(|d| d.join("i18n"))
            .collect();
        dirs.push(config.root.join("i18n"));
        dirs.into_iter()
            .flat_map(|d| config.langs().map(move |l| d.join(format!("{l}.toml"))))
            .collect()
    }
}

/// Reads every language's strings.
pub(crate) fn load(config: &Config) -> Result<Catalog, Diagnostics> {
    let mut catalog = Catalog {
        default: Some(config.default_language.clone()),
        ..Catalog::default()
    };
    let mut diags = Diagnostics::new();
    if config.builtin_theme() {
        for (name, bytes) in theme::builtin_files("i18n") {
            let Some(lang) = name
                .strip_suffix(".toml")
                .and_then(|code| config.lang(code))
                .cloned()
            else {
                continue;
            };
            let shown = PathBuf::from(format!("{}/i18n/{name}", theme::BUILTIN_SHOWN));
            match crate::diag::utf8(&shown, bytes.to_vec()).and_then(|t| parse(&t, &shown)) {
                Ok(table) => catalog.add(lang, table, shown),
                Err(d) => diags.push(d),
            }
        }
    }
    for path in Catalog::files(config) {
        let Some(lang) = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|code| config.lang(code))
            .cloned()
        else {
            continue;
        };
        let shown = path
            .strip_prefix(&config.root)
            .unwrap_or(&path)
            .to_path_buf();
        match read(&path, &shown) {
            Ok(Some(table)) => catalog.add(lang, table, shown),
            Ok(None) => {}
            Err(d) => diags.push(d),
        }
    }
    diags.into_result().map(|_| catalog)
}

fn read(path: &Path, shown: &Path) -> Result<Option<BTreeMap<String, String>>, Diagnostic> {
    let text = match std::fs::read(path) {
        Ok(bytes) => crate::diag::utf8(shown, bytes)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Diagnostic::in_file(format!("cannot read: {e}"), shown)),
    };
    parse(&text, shown).map(Some)
}

/// Parses the text of a UI strings file.
fn parse(text: &str, shown: &Path) -> Result<BTreeMap<String, String>, Diagnostic> {
    toml::from_str(text).map_err(|e| {
        let location = e.span().map(|s| Location::at_offset(shown, text, s.start));
        Diagnostic::error(
            format!(
                "invalid UI strings (expected `key = \"text\"` lines): {}",
                e.message().trim()
            ),
            location,
        )
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    use super::Catalog;
    use crate::config::Lang;

    #[test]
    fn falls_back_to_default_language_and_lists_missing_keys() {
        let de = Lang::new("de");
        let en = Lang::new("en");
        let map = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        let catalog = Catalog {
            default: Some(de.clone()),
            strings: BTreeMap::from([
                (
                    de.clone(),
                    map(&[("more", "Weiterlesen"), ("toc", "Inhalt")]),
                ),
                (en.clone(), map(&[("more", "Read more")])),
            ]),
            read_from: BTreeMap::from([
                (
                    de.clone(),
                    vec![
                        PathBuf::from("themes/t/i18n/de.toml"),
                        PathBuf::from("i18n/de.toml"),
                    ],
                ),
                (en.clone(), vec![PathBuf::from("themes/t/i18n/en.toml")]),
            ]),
        };
        assert_eq!(catalog.get(&en, "more"), Some("Read more"));
        assert_eq!(catalog.get(&en, "toc"), Some("Inhalt"));
        assert_eq!(catalog.get(&en, "nope"), None);
        assert_eq!(catalog.missing(&en), ["toc"]);
        assert!(catalog.missing(&de).is_empty());
        // Not found: the files looked in, the site's first, each once.
        assert_eq!(
            catalog.not_found(&de, "nope").message,
            "no UI string `nope` in i18n/de.toml or themes/t/i18n/de.toml"
        );
        let d = catalog.not_found(&en, "nope");
        assert_eq!(
            d.message,
            "no UI string `nope` in themes/t/i18n/en.toml, nor in the de strings it falls back \
             to (i18n/de.toml or themes/t/i18n/de.toml)"
        );
        assert!(d.notes[0].starts_with("add `nope = \"…\"` to the site's i18n/en.toml"));
        let fr = Lang::new("fr");
        assert!(
            catalog
                .not_found(&fr, "nope")
                .message
                .starts_with("no UI string `nope` in i18n/fr.toml (neither the site nor")
        );
    }
}
