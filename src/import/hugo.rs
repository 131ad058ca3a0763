//! Reading a Hugo site: `hugo.toml`/`config.toml` (or YAML), content in
//! one folder with `NAME.LANG.md` suffixes or in one folder per language
//! (`contentDir`, or `content/de` and `content/en`), `translationKey`,
//! `ref`/`relref`, page bundles and `static/`.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::config::Config;
use crate::error::Error;
use crate::import::front::{self, yaml};
use crate::import::item::{Item, Kind, LangFrom, split_date_name};
use crate::import::links::Links;
use crate::import::mapping::{self, lang_code, text};
use crate::import::media::Statics;
use crate::import::tree::{self, ContentFile};
use crate::import::{Read, Report, shortcodes};
use crate::site::slug::slugify;

/// Reads every page of the Hugo site in `source`.
pub(crate) fn read(config: &Config, source: &Path) -> Result<Read, Error> {
    let cfg = settings(source)?;
    let mut read = Read::default();
    let languages = languages(&cfg, config);
    let default = cfg
        .get("defaultContentLanguage")
        .and_then(text)
        .and_then(|l| lang_code(&l))
        .unwrap_or_else(|| "en".into());
    read.links = Links::for_site(&cfg.get("baseURL").and_then(text).unwrap_or_default());
    read.statics = Statics::new(vec![("/".into(), source.join("static"))]);
    read.static_dir = Some(source.join("static")).filter(|d| d.is_dir());
    let permalinks = cfg
        .get("permalinks")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let codes: Vec<String> = languages.iter().map(|(c, _)| c.clone()).collect();
    let multilingual = codes.len() > 1;
    for (dir, dir_lang) in content_dirs(source, &cfg, &languages) {
        for file in tree::files(&dir, &codes)? {
            let text = std::fs::read_to_string(&file.path).map_err(|e| Error::io(&file.path, e))?;
            let shown = file
                .path
                .strip_prefix(source)
                .unwrap_or(&file.path)
                .to_string_lossy()
                .replace('\\', "/");
            let lang = match (&file.lang, &dir_lang) {
                (Some(l), _) => Some((l.clone(), LangFrom::Path)),
                (None, Some(l)) => Some((l.clone(), LangFrom::Path)),
                (None, None) if multilingual => Some((default.clone(), LangFrom::Path)),
                (None, None) => None,
            };
            let ctx = Ctx {
                default: &default,
                permalinks: &permalinks,
            };
            if let Some(item) = item(&ctx, &file, &shown, &text, lang, &mut read.report) {
                read.items.push(item);
            }
        }
    }
    Ok(read)
}

struct Ctx<'a> {
    default: &'a str,
    permalinks: &'a Map<String, Value>,
}

/// The site configuration, from whichever file Hugo would read.
fn settings(source: &Path) -> Result<Map<String, Value>, Error> {
    let names = [
        "hugo.toml",
        "config.toml",
        "hugo.yaml",
        "config.yaml",
        "hugo.yml",
        "config.yml",
        "config/_default/hugo.toml",
        "config/_default/config.toml",
    ];
    let Some(path) = names.iter().map(|n| source.join(n)).find(|p| p.is_file()) else {
        return Err(Error::Usage(format!(
            "{} does not look like a Hugo site (no hugo.toml, config.toml or hugo.yaml); give the folder that has it",
            source.display()
        )));
    };
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    if path.extension().is_some_and(|e| e == "toml") {
        return front::toml_config(&path, &text);
    }
    Ok(yaml(&text, &mut Vec::new()))
}

/// `(code, contentDir)` of each configured language.
fn languages(cfg: &Map<String, Value>, config: &Config) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = cfg
        .get("languages")
        .and_then(Value::as_object)
        .map(|langs| {
            langs
                .iter()
                .filter_map(|(code, l)| {
                    Some((lang_code(code)?, l.get("contentDir").and_then(text)))
                })
                .collect()
        })
        .unwrap_or_default();
    for lang in config.langs() {
        if !out.iter().any(|(c, _)| c == lang.as_str()) {
            out.push((lang.as_str().to_owned(), None));
        }
    }
    out
}

/// The folders to read, each with the language it holds (if it is one per language).
fn content_dirs(
    source: &Path,
    cfg: &Map<String, Value>,
    languages: &[(String, Option<String>)],
) -> Vec<(PathBuf, Option<String>)> {
    let configured: Vec<(PathBuf, Option<String>)> = languages
        .iter()
        .filter_map(|(code, dir)| Some((source.join(dir.as_ref()?), Some(code.clone()))))
        .collect();
    if !configured.is_empty() {
        return configured;
    }
    let content = source.join(
        cfg.get("contentDir")
            .and_then(text)
            .unwrap_or_else(|| "content".into()),
    );
    let per_lang: Vec<(PathBuf, Option<String>)> = languages
        .iter()
        .map(|(code, _)| (content.join(code), Some(code.clone())))
        .filter(|(dir, _)| dir.is_dir())
        .collect();
    if per_lang.len() > 1 {
        per_lang
    } else {
        vec![(content, None)]
    }
}

fn item(
    ctx: &Ctx,
    file: &ContentFile,
    shown: &str,
    text: &str,
    lang: Option<(String, LangFrom)>,
    report: &mut Report,
) -> Option<Item> {
    let Some(parsed) = front::parse(text) else {
        report.unmapped(
            shown,
            "no front matter (JSON front matter is not read); not imported",
        );
        return None;
    };
    for note in &parsed.notes {
        report.unmapped(shown, note.clone());
    }
    let mut unmapped = Vec::new();
    let body = shortcodes::hugo(&parsed.body, &mut unmapped);
    report.unmapped_at_lines(shown, text, unmapped);
    let mapped = mapping::map(parsed.map);
    let mut front = mapped.front;
    let (day, name) =
        split_date_name(&file.name).map_or((None, file.name.as_str()), |(d, n)| (Some(d), n));
    front.date = front.date.or(day.map(str::to_owned));
    let (lang, lang_from) = match (lang, mapped.lang) {
        (Some((l, from)), _) => (Some(l), from),
        (None, Some(l)) => (Some(l), LangFrom::Front),
        (None, None) => (None, LangFrom::Detected),
    };
    let kind = if file.section.is_empty() {
        Kind::Page
    } else {
        Kind::Post
    };
    let slug = front.slug.clone().unwrap_or_else(|| slugify(name));
    let own = mapped.url.clone().unwrap_or_else(|| {
        hugo_url(
            ctx.permalinks,
            &file.section,
            &slug,
            front.title.as_deref(),
            front.date.as_deref(),
        )
    });
    let prefix = match lang.as_deref().and_then(lang_code) {
        Some(code) if code != ctx.default => format!("/{code}"),
        _ => String::new(),
    };
    let rel_no_ext = file
        .rel
        .rsplit_once('.')
        .map_or(file.rel.as_str(), |(s, _)| s);
    Some(Item {
        source: shown.to_owned(),
        kind,
        name: name.to_owned(),
        front,
        body,
        lang,
        lang_from,
        pair: Some(
            mapped
                .pair
                .map_or_else(|| format!("path:{}", file.key), |k| format!("key:{k}")),
        ),
        old_url: Some(format!("{prefix}{own}")),
        bundle: file.bundle.clone(),
        refs: vec![file.rel.clone(), rel_no_ext.to_owned(), file.key.clone()],
    })
}

/// A page's URL as Hugo made it: `[permalinks]` for its section, else `/SECTION/SLUG/`.
fn hugo_url(
    permalinks: &Map<String, Value>,
    section: &[String],
    slug: &str,
    title: Option<&str>,
    date: Option<&str>,
) -> String {
    let top = section.first().map(String::as_str).unwrap_or("");
    let Some(pattern) = permalinks.get(top).and_then(text) else {
        let dir = section.join("/");
        return if dir.is_empty() {
            format!("/{slug}/")
        } else {
            format!("/{dir}/{slug}/")
        };
    };
    let day = date
        .and_then(|d| crate::content::date::Date::parse(d).ok())
        .map(|d| d.day());
    let mut url = pattern;
    for (key, value) in [
        (":year", day.map(|d| d.year().to_string())),
        (":month", day.map(|d| format!("{:02}", d.month()))),
        (":day", day.map(|d| format!("{:02}", d.day()))),
        (":slug", Some(slug.to_owned())),
        (":title", Some(slugify(title.unwrap_or(slug)))),
        (":filename", Some(slug.to_owned())),
        (":section", Some(top.to_owned())),
    ] {
        if let Some(value) = value {
            url = url.replace(key, &value);
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::hugo_url;
    use serde_json::json;

    #[test]
    fn hugo_permalinks() {
        let none = serde_json::Map::new();
        assert_eq!(
            hugo_url(&none, &["posts".into()], "leweb", None, None),
            "/posts/leweb/"
        );
        let p = json!({"posts": "/:year/:month/:title/"})
            .as_object()
            .cloned()
            .expect("object");
        assert_eq!(
            hugo_url(
                &p,
                &["posts".into()],
                "leweb",
                Some("LeWeb: Tag 1"),
                Some("2008-12-10")
            ),
            "/2008/12/leweb-tag-1/"
        );
    }
}
