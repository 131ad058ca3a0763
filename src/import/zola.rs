//! Reading a Zola site: `config.toml` (`base_url`, `default_language`,
//! `[languages]`), `content/` with `NAME.LANG.md` suffixes and bundles,
//! `@/` links (already debrief's), `[taxonomies]`, `[extra]`, `static/`.

use std::path::Path;

use serde_json::{Map, Value};

use crate::config::Config;
use crate::error::Error;
use crate::import::front;
use crate::import::item::{Item, Kind, LangFrom, split_date_name};
use crate::import::links::{Links, map_urls};
use crate::import::mapping::{self, lang_code, text};
use crate::import::media::Statics;
use crate::import::tree::{self, ContentFile};
use crate::import::{Read, Report, shortcodes};
use crate::site::slug::slugify;

/// Reads every page of the Zola site in `source`.
pub(crate) fn read(config: &Config, source: &Path) -> Result<Read, Error> {
    let path = source.join("config.toml");
    if !path.is_file() || !source.join("content").is_dir() {
        return Err(Error::Usage(format!(
            "{} does not look like a Zola site (no config.toml and content/); give the folder that has them",
            source.display()
        )));
    }
    let cfg_text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let cfg: Map<String, Value> = front::toml_config(&path, &cfg_text)?;
    let default = cfg
        .get("default_language")
        .and_then(text)
        .and_then(|l| lang_code(&l))
        .unwrap_or_else(|| "en".into());
    let mut codes: Vec<String> = cfg
        .get("languages")
        .and_then(Value::as_object)
        .map(|l| l.keys().filter_map(|k| lang_code(k)).collect())
        .unwrap_or_default();
    codes.extend(config.langs().map(|l| l.as_str().to_owned()));
    let mut read = Read {
        links: Links::for_site(&cfg.get("base_url").and_then(text).unwrap_or_default()),
        ..Read::default()
    };
    read.statics = Statics::new(vec![("/".into(), source.join("static"))]);
    read.static_dir = Some(source.join("static")).filter(|d| d.is_dir());
    let multilingual = codes.iter().any(|c| *c != default);
    for file in tree::files(&source.join("content"), &codes)? {
        let text = std::fs::read_to_string(&file.path).map_err(|e| Error::io(&file.path, e))?;
        let shown = format!("content/{}", file.rel);
        if let Some(item) = item(
            &file,
            &shown,
            &text,
            &default,
            multilingual,
            &mut read.report,
        ) {
            read.items.push(item);
        }
    }
    Ok(read)
}

fn item(
    file: &ContentFile,
    shown: &str,
    text: &str,
    default: &str,
    multilingual: bool,
    report: &mut Report,
) -> Option<Item> {
    let Some(parsed) = front::parse(text) else {
        report.unmapped(shown, "no front matter; not imported");
        return None;
    };
    for note in &parsed.notes {
        report.unmapped(shown, note.clone());
    }
    let mut unmapped = Vec::new();
    let body = shortcodes::zola(&parsed.body, &mut unmapped);
    let body = map_urls(&body, |url| {
        url.strip_prefix("@/").map(|rest| format!("@src:{rest}"))
    });
    report.unmapped_at_lines(shown, text, unmapped);
    let mapped = mapping::map(parsed.map);
    let mut front = mapped.front;
    let (day, name) =
        split_date_name(&file.name).map_or((None, file.name.as_str()), |(d, n)| (Some(d), n));
    front.date = front.date.or(day.map(str::to_owned));
    let (lang, lang_from) = match &file.lang {
        Some(l) => (Some(l.clone()), LangFrom::Path),
        None if multilingual => (Some(default.to_owned()), LangFrom::Path),
        None => (
            mapped.lang.clone(),
            if mapped.lang.is_some() {
                LangFrom::Front
            } else {
                LangFrom::Detected
            },
        ),
    };
    let kind = if file.section.is_empty() {
        Kind::Page
    } else {
        Kind::Post
    };
    let slug = front.slug.clone().unwrap_or_else(|| slugify(name));
    let prefix = match lang.as_deref() {
        Some(code) if code != default => format!("/{code}"),
        _ => String::new(),
    };
    // Zola's `path` is the whole URL path: no language prefix is added to it.
    let (prefix, own) = match &mapped.url {
        Some(path) => (String::new(), format!("/{}", path.trim_start_matches('/'))),
        None if file.section.is_empty() => (prefix, format!("/{slug}/")),
        None => {
            let dirs: Vec<String> = file.section.iter().map(|s| slugify(s)).collect();
            (prefix, format!("/{}/{slug}/", dirs.join("/")))
        }
    };
    Some(Item {
        source: shown.to_owned(),
        kind,
        name: name.to_owned(),
        front,
        body,
        lang,
        lang_from,
        pair: Some(format!("path:{}", file.key)),
        old_url: Some(format!("{prefix}{own}")),
        bundle: file.bundle.clone(),
        refs: vec![file.rel.clone()],
    })
}
