//! Reading a Jekyll site: `_posts/` and `_drafts/` (also inside language
//! folders), pages, `_config.yml`'s `url`, `baseurl`, `permalink` and
//! Polyglot's `languages`; a post's old URL is made the way Jekyll made it.
//!
//! Here the site is read (`_config.yml`, the walk over its files); each
//! file becomes an item in `item`, paired with its translations the ways
//! of `polyglot`.

mod item;
mod polyglot;

use std::path::Path;

use serde_json::{Map, Value};

use crate::config::Config;
use crate::error::Error;
use crate::import::front::yaml;
use crate::import::jekyll_defaults::Defaults;
use crate::import::links::Links;
use crate::import::mapping::{lang_code, text};
use crate::import::media::Statics;
use crate::import::{Read, Report};

use item::item;

/// Folders Jekyll never publishes, or that are tools' caches.
const SKIP: [&str; 7] = [
    "_site",
    ".git",
    "node_modules",
    "vendor",
    ".jekyll-cache",
    ".sass-cache",
    ".bundle",
];

/// One source file.
struct File {
    /// Relative to the source folder.
    rel: String,
    /// Its text.
    text: String,
    /// Whether it is HTML rather than Markdown.
    html: bool,
}

/// The parts of `_config.yml` the import uses.
struct Site {
    /// The source folder.
    source: std::path::PathBuf,
    /// `_config.yml` itself, for `{{ site.KEY }}`.
    vars: Map<String, Value>,
    permalink: String,
    languages: Vec<String>,
    default_lang: Option<String>,
    excerpt_separator: Option<String>,
    exclude: Vec<String>,
    defaults: Defaults,
}

/// Reads every post and page of the Jekyll site in `source`.
pub(crate) fn read(config: &Config, source: &Path) -> Result<Read, Error> {
    let cfg_path = ["_config.yml", "_config.yaml"]
        .iter()
        .map(|n| source.join(n))
        .find(|p| p.is_file());
    if cfg_path.is_none() && !source.join("_posts").is_dir() {
        return Err(Error::Usage(format!(
            "{} does not look like a Jekyll site (no _config.yml, no _posts/); give the folder that has them",
            source.display()
        )));
    }
    let mut read = Read::default();
    let mut notes = Vec::new();
    let cfg = match &cfg_path {
        Some(p) => yaml(
            &std::fs::read_to_string(p).map_err(|e| Error::io(p, e))?,
            &mut notes,
        ),
        None => Map::new(),
    };
    for note in notes {
        read.report.unmapped("_config.yml", note);
    }
    let site = settings(source, &cfg);
    read.links = links(&cfg);
    read.statics = Statics::new(vec![("/".into(), source.to_path_buf())]);
    let walker = walkdir::WalkDir::new(source)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(SKIP.contains(&name.as_ref())
                    || site.exclude.iter().any(|x| x.trim_end_matches('/') == name))
        });
    for entry in walker.flatten() {
        let Some(file) = source_file(source, &entry, &mut read.report)? else {
            continue;
        };
        if let Some(item) = item(
            config,
            &site,
            &file,
            &mut read.links.listings,
            &mut read.report,
        ) {
            read.items.push(item);
        }
    }
    Ok(read)
}

/// The post or page at `entry` (Markdown or HTML) with its text, lines
/// ending in `\n`; `None` for any other file.
fn source_file(
    source: &Path,
    entry: &walkdir::DirEntry,
    report: &mut Report,
) -> Result<Option<File>, Error> {
    let Ok(rel) = entry.path().strip_prefix(source) else {
        return Ok(None);
    };
    let rel = rel.to_string_lossy().replace('\\', "/");
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !entry.file_type().is_file() || !matches!(ext.as_str(), "md" | "markdown" | "mkd" | "html") {
        return Ok(None);
    }
    let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
    let text = String::from_utf8(bytes).unwrap_or_else(|e| {
        report.unmapped(&rel, "it is not UTF-8; read it as Latin-1");
        e.into_bytes().iter().map(|&b| char::from(b)).collect()
    });
    // A file saved on Windows: its lines end as every other file's do.
    let text = text.replace("\r\n", "\n");
    Ok(Some(File {
        html: ext == "html",
        rel,
        text,
    }))
}

fn settings(source: &Path, cfg: &Map<String, Value>) -> Site {
    let strings = |key: &str| match cfg.get(key) {
        Some(Value::Array(list)) => list.iter().filter_map(text).collect(),
        _ => Vec::new(),
    };
    let languages: Vec<String> = strings("languages")
        .iter()
        .filter_map(|l| lang_code(l))
        .collect();
    // Polyglot names its default; jekyll-multiple-languages takes the first.
    let default_lang = cfg
        .get("default_lang")
        .and_then(text)
        .and_then(|l| lang_code(&l))
        .or_else(|| languages.first().cloned());
    Site {
        source: source.to_path_buf(),
        vars: cfg.clone(),
        permalink: cfg
            .get("permalink")
            .and_then(text)
            .unwrap_or_else(|| "date".into()),
        languages,
        default_lang,
        excerpt_separator: cfg.get("excerpt_separator").and_then(text),
        exclude: strings("exclude"),
        defaults: Defaults::read(cfg),
    }
}

/// The old site's origin and sub-path, to take off its own absolute URLs.
fn links(cfg: &Map<String, Value>) -> Links {
    let url = cfg.get("url").and_then(text).unwrap_or_default();
    let base = cfg.get("baseurl").and_then(text).unwrap_or_default();
    Links::for_site(&format!(
        "{}/{}",
        url.trim_end_matches('/'),
        base.trim_matches('/')
    ))
}

/// Whether a folder name is a language (Polyglot's `languages`, or the site's).
fn is_lang(config: &Config, site: &Site, folder: &str) -> bool {
    site.languages.iter().any(|l| l == folder) || config.lang(folder).is_some()
}
