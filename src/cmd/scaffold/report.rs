//! `debrief new`: the path and text of a new report, or of the translation
//! of an existing one.

use crate::translation::stamp::Text;
use std::path::{Path, PathBuf};

use crate::config::{Config, Lang};
use crate::content::content_path::ContentPath;
use crate::content::front_matter::{self, PageFront};
use crate::content::source_file::SourceFile;
use crate::diag::Diagnostics;
use crate::error::Error;

/// A TOML string literal.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn quoted_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|s| quoted(s)).collect();
    format!("[{}]", items.join(", "))
}

/// The path `new` writes: PATH as given, with `.LANG` added for a
/// non-default `--lang`.
pub(crate) fn report_path(
    config: &Config,
    path: &Path,
    lang: Option<&Lang>,
) -> Result<(PathBuf, Lang), Error> {
    let text = path.to_string_lossy().replace('\\', "/");
    if path.has_root() || path.is_absolute() || text.starts_with('/') {
        return Err(Error::Usage(format!(
            "`{text}` is an absolute path: give the path from the site root, under content/ (like content/reports/NAME.md)"
        )));
    }
    if text.split('/').any(|part| part == "..") {
        return Err(Error::Usage(format!(
            "`{text}` holds `..`: give a path under content/ without `..` (like content/reports/NAME.md)"
        )));
    }
    let rel = text.strip_prefix("content/").ok_or_else(|| {
        Error::Usage(format!(
            "`{text}` is not under content/ (try content/reports/NAME.md)"
        ))
    })?;
    if !rel.ends_with(".md") {
        return Err(Error::Usage(format!("`{text}` must end in .md")));
    }
    let parsed = ContentPath::parse(rel, config).map_err(Error::Usage)?;
    let lang = match lang {
        Some(l) if parsed.explicit_lang && &parsed.lang != l => {
            return Err(Error::Usage(format!(
                "`{text}` is a {} file but --lang is {l}",
                parsed.lang
            )));
        }
        Some(l) if !parsed.explicit_lang && l != &config.default_language => {
            let (stem, _) = text.rsplit_once(".md").unwrap_or((&text, ""));
            return Ok((PathBuf::from(format!("{stem}.{l}.md")), l.clone()));
        }
        Some(l) => l.clone(),
        None => parsed.lang.clone(),
    };
    Ok((PathBuf::from(text), lang))
}

/// Other language versions of the page at `path` (relative to the root).
fn originals(config: &Config, path: &Path) -> Vec<PathBuf> {
    let text = path.to_string_lossy();
    let Some(rel) = text.strip_prefix("content/") else {
        return Vec::new();
    };
    let Ok(parsed) = ContentPath::parse(rel, config) else {
        return Vec::new();
    };
    let base = match parsed.bundle {
        Some(b) => format!("content/{b}/index"),
        None => {
            let file = rel.rsplit_once('/').map_or(rel, |(_, f)| f);
            let name = file.strip_suffix(".md").unwrap_or(file);
            let name = name
                .strip_suffix(&format!(".{}", parsed.lang))
                .unwrap_or(name);
            match rel.rsplit_once('/') {
                Some((dir, _)) => format!("content/{dir}/{name}"),
                None => format!("content/{name}"),
            }
        }
    };
    config
        .langs()
        .filter(|l| *l != &parsed.lang)
        .flat_map(|l| {
            let mut candidates = vec![PathBuf::from(format!("{base}.{l}.md"))];
            if *l == config.default_language {
                candidates.push(PathBuf::from(format!("{base}.md")));
            }
            candidates
        })
        .collect()
}

/// The text of a new report at `path` in `lang`; when another language's
/// version exists, its date, event, people and terms are filled in. The
/// date is the original's, else the `YYYY-MM-DD-` prefix of the file or
/// bundle folder name (which the original shares), else `today`.
pub(crate) fn report(
    config: &Config,
    path: &Path,
    lang: &Lang,
    title: Option<&str>,
    today: &str,
) -> Result<String, Error> {
    let original = originals(config, path)
        .into_iter()
        .find(|p| config.root.join(p).is_file())
        .map(|p| read_front(config, &p))
        .transpose()?;
    // The name without its date prefix and language, and the prefix's date.
    let named = path
        .to_string_lossy()
        .strip_prefix("content/")
        .and_then(|rel| ContentPath::parse(rel, config).ok());
    let fallback_title = original
        .as_ref()
        .and_then(|(front, _, _)| front.title.clone())
        .unwrap_or_else(|| title_from(named.as_ref().map_or("", |p| p.stem.as_str())));
    let mut out = String::from("+++\n");
    out.push_str(&format!(
        "title = {}\n",
        quoted(title.unwrap_or(&fallback_title))
    ));
    let date = original
        .as_ref()
        .and_then(|(front, _, _)| front.date)
        .or_else(|| named.as_ref().and_then(|p| p.date))
        .map_or_else(|| today.to_owned(), |d| d.ymd());
    // No `description = ""` to fill in: without one, the summary is the
    // text before `<!-- more -->`.
    out.push_str(&format!("date = {date}\ndraft = true\n"));
    if let Some(original) = &original {
        from_original(config, lang, original, &mut out);
    }
    // No placeholder text: one in English would stand in a German report
    // (and be published with it once the draft mark is gone).
    out.push_str("+++\n\n");
    Ok(out)
}

/// What a translation takes from the `original` version, added to the
/// front matter `out`: where it is translated from (and, out of the
/// default language, the stamp of that version), its event, people and
/// terms (in `lang`).
fn from_original(config: &Config, lang: &Lang, original: &Original, out: &mut String) {
    let (front, from, text) = original;
    out.insert_str(4, &format!("# Translation of {}\n", from.display()));
    // The version it is translated from (see `debrief stamp`); its text
    // is kept for `check --translations` on a site outside git.
    if let Some(text) = text.as_ref().filter(|_| *lang != config.default_language) {
        out.push_str(&format!("translated_from = \"{}\"\n", text.stamp()));
        let _ = crate::translation::history::keep(&config.root, text);
    }
    if let Some(e) = &front.event {
        out.push_str(&format!("\n[event]\nname = {}\n", quoted(&e.name)));
        if let Some(city) = &e.city {
            out.push_str(&format!("city = {}\n", quoted(city)));
        }
        if let Some(d) = e.date {
            out.push_str(&format!("date = {}\n", d.ymd()));
        }
    }
    for p in &front.people {
        out.push_str(&format!("\n[[people]]\nname = {}\n", quoted(&p.name)));
        if let Some(role) = &p.role {
            out.push_str(&format!("role = {}\n", quoted(role)));
        }
        if let Some(org) = &p.org {
            out.push_str(&format!("org = {}\n", quoted(org)));
        }
    }
    let taxonomies = taxonomies(config, front, lang);
    if !taxonomies.is_empty() {
        out.push_str(&format!("\n[taxonomies]\n{taxonomies}"));
    }
}

/// The `[taxonomies]` lines of a translation in `lang` of `front`: each
/// configured taxonomy's terms, by their names in `lang`.
fn taxonomies(config: &Config, front: &PageFront, lang: &Lang) -> String {
    let mut taxonomies = String::new();
    for taxonomy in &config.taxonomies {
        let name = taxonomy.name.as_str();
        let Some(terms) = front.taxonomies.get(name).filter(|t| !t.is_empty()) else {
            continue;
        };
        let translated: Vec<String> = terms
            .iter()
            .map(|t| term_in(config, name, t, lang))
            .collect();
        taxonomies.push_str(&format!("{name} = {}\n", quoted_list(&translated)));
    }
    taxonomies
}

/// The front matter of the version at `path`, with its path, and its text
/// as stamps see it when it is in the default language (an original).
fn read_front(config: &Config, path: &Path) -> Result<Original, Error> {
    let full = config.root.join(path);
    let bytes = std::fs::read(&full).map_err(|e| Error::io(&full, e))?;
    let text = crate::diag::utf8(path, bytes)?;
    let file = SourceFile::new(full, path.to_path_buf(), text);
    let split = front_matter::split(&file.text).map_err(|(m, at)| {
        Error::Invalid(crate::diag::Diagnostic::error(m, Some(file.location(at))).into())
    })?;
    // Its language, for the quotation marks an error may suggest.
    let lang = path
        .to_str()
        .and_then(|p| p.strip_prefix("content/"))
        .and_then(|rel| ContentPath::parse(rel, config).ok())
        .map_or_else(|| config.default_language.clone(), |p| p.lang);
    let front = front_matter::parse::<PageFront>(&file, &split, config, &lang)
        .map_err(|d| Error::Invalid(Diagnostics::from(d)))?;
    let text = (lang == config.default_language).then(|| {
        Text::new(
            front.title.as_deref().unwrap_or_default(),
            front.description.as_deref(),
            &file.text[split.body.clone()],
        )
    });
    Ok((front, path.to_path_buf(), text))
}

/// What `read_front` returns.
type Original = (PageFront, PathBuf, Option<Text>);

/// A title from a file name: `leweb-interview` → `Leweb interview`.
fn title_from(stem: &str) -> String {
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// A term's name in `lang`: the title of its term source there
/// (`content/TAXONOMY/KEY.LANG.md`), if any, else the name as it is.
fn term_in(config: &Config, taxonomy: &str, name: &str, lang: &Lang) -> String {
    let dir = config.content_dir().join(taxonomy);
    let slug = crate::site::slug::slugify(name);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return name.to_owned();
    };
    let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    files.sort();
    let title_of = |p: &Path| -> Option<String> {
        let shown = p.strip_prefix(&config.root).unwrap_or(p).to_path_buf();
        read_front(config, &shown)
            .ok()
            .and_then(|(f, _, _)| f.title)
    };
    for file in &files {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let key = stem.split('.').next().unwrap_or(&stem).to_owned();
        let matches =
            key == slug || title_of(file).is_some_and(|t| crate::site::slug::slugify(&t) == slug);
        if !matches {
            continue;
        }
        let wanted = if *lang == config.default_language {
            [format!("{key}.md"), format!("{key}.{lang}.md")]
        } else {
            [format!("{key}.{lang}.md"), format!("{key}.{lang}.md")]
        };
        if let Some(title) = wanted
            .iter()
            .map(|w| dir.join(w))
            .find(|p| p.is_file())
            .and_then(|p| title_of(&p))
        {
            return title;
        }
    }
    name.to_owned()
}
