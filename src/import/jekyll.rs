//! Reading a Jekyll site: `_posts/` and `_drafts/` (also inside language
//! folders), pages, `_config.yml`'s `url`, `baseurl`, `permalink` and
//! Polyglot's `languages`; a post's old URL is made the way Jekyll made it.

use std::path::Path;

use serde_json::{Map, Value};

use crate::config::Config;
use crate::error::Error;
use crate::import::front::{self, yaml};
use crate::import::item::{Item, Kind, LangFrom, split_date_name};
use crate::import::links::Links;
use crate::import::mapping::{self, lang_code, text};
use crate::import::media::Statics;
use crate::import::{Read, html, liquid};

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

/// The parts of `_config.yml` the import uses.
struct Site {
    permalink: String,
    languages: Vec<String>,
    default_lang: Option<String>,
    excerpt_separator: Option<String>,
    exclude: Vec<String>,
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
    let site = settings(&cfg);
    read.links = links(&cfg);
    read.statics = Statics {
        roots: vec![("/".into(), source.to_path_buf())],
    };
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
        let Ok(rel) = entry.path().strip_prefix(source) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let ext = rel
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        if !entry.file_type().is_file()
            || !matches!(ext.as_str(), "md" | "markdown" | "mkd" | "html")
        {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
        if let Some(item) = item(config, &site, &rel, &ext, &text, &mut read.report) {
            read.items.push(item);
        }
    }
    Ok(read)
}

fn settings(cfg: &Map<String, Value>) -> Site {
    let strings = |key: &str| match cfg.get(key) {
        Some(Value::Array(list)) => list.iter().filter_map(text).collect(),
        _ => Vec::new(),
    };
    Site {
        permalink: cfg
            .get("permalink")
            .and_then(text)
            .unwrap_or_else(|| "date".into()),
        languages: strings("languages")
            .iter()
            .filter_map(|l| lang_code(l))
            .collect(),
        default_lang: cfg
            .get("default_lang")
            .and_then(text)
            .and_then(|l| lang_code(&l)),
        excerpt_separator: cfg.get("excerpt_separator").and_then(text),
        exclude: strings("exclude"),
    }
}

/// The old site's origin and sub-path, to take off its own absolute URLs.
fn links(cfg: &Map<String, Value>) -> Links {
    let base = cfg.get("baseurl").and_then(text).unwrap_or_default();
    let base = format!("/{}", base.trim_matches('/'));
    let base = if base == "/" { String::new() } else { base };
    let mut prefixes = Vec::new();
    if let Some(url) = cfg.get("url").and_then(text) {
        let origin = url.trim_end_matches('/');
        let host = origin.split_once("://").map_or(origin, |(_, h)| h);
        for scheme in ["https://", "http://", "//"] {
            prefixes.push(format!("{scheme}{host}{base}"));
        }
    }
    Links {
        prefixes,
        base_path: base,
        ..Links::default()
    }
}

/// One file as an item; `None` for what is no post or page.
fn item(
    config: &Config,
    site: &Site,
    rel: &str,
    ext: &str,
    text: &str,
    report: &mut crate::import::Report,
) -> Option<Item> {
    let dirs: Vec<&str> = rel.split('/').collect();
    let file = dirs.last().copied().unwrap_or(rel);
    let folders = &dirs[..dirs.len() - 1];
    let is_post = folders.contains(&"_posts");
    let is_draft = folders.contains(&"_drafts");
    if folders
        .iter()
        .any(|d| d.starts_with('_') && *d != "_posts" && *d != "_drafts")
    {
        return None;
    }
    let parsed = front::parse(text)?;
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    if !is_post && !is_draft {
        if folders.is_empty() && matches!(stem, "index" | "404")
            || stem == "index" && folders.len() == 1 && is_lang(config, site, folders[0])
        {
            return None;
        }
        if parsed.body.contains("{% for") || parsed.body.contains("paginator") {
            report.unmapped(rel, "a listing made with Liquid loops; debrief makes its own lists, so it was not imported");
            return None;
        }
    }
    for note in &parsed.notes {
        report.unmapped(rel, note.clone());
    }
    let mut unmapped = Vec::new();
    let mut body = liquid::resolve(&parsed.body, &parsed.map, &mut unmapped);
    if let Some(sep) = &site.excerpt_separator {
        body = body.replace(sep.as_str(), "<!-- more -->");
    }
    if ext == "html" {
        match html::to_markdown(&body) {
            Ok(md) => body = md,
            Err(e) => unmapped.push(format!(
                "its HTML could not be converted ({e}); kept as HTML"
            )),
        }
    }
    for what in unmapped {
        report.unmapped(rel, what);
    }
    let mapped = mapping::map(parsed.map);
    let (day, name) = match split_date_name(stem) {
        Some((day, name)) => (Some(day), name),
        None => (None, stem),
    };
    let name = if stem == "index" {
        folders.last().copied().unwrap_or(stem)
    } else {
        name
    };
    let mut front = mapped.front;
    front.date = front.date.or(day.map(str::to_owned));
    front.draft |= is_draft;
    let folder_lang = folders
        .iter()
        .find(|d| is_lang(config, site, d))
        .map(|d| (*d).to_owned());
    let (lang, lang_from) = match (mapped.lang, &folder_lang) {
        (Some(l), _) => (Some(l), LangFrom::Front),
        (None, Some(l)) => (Some(l.clone()), LangFrom::Path),
        (None, None) => (None, LangFrom::Detected),
    };
    let kind = if is_post || is_draft {
        Kind::Post
    } else {
        Kind::Page
    };
    let pair = mapped
        .pair
        .or_else(|| polyglot_key(site, &mapped.url, folder_lang.as_deref(), rel));
    let code = lang.as_deref().and_then(lang_code);
    let polyglot = match (&code, &site.default_lang) {
        (Some(c), Some(d)) if !site.languages.is_empty() && c != d => format!("/{c}"),
        _ => String::new(),
    };
    let old_url = if is_draft {
        None
    } else {
        let own = mapped.url.clone().unwrap_or_else(|| match kind {
            Kind::Post => post_url(
                &site.permalink,
                front.date.as_deref(),
                front.slug.as_deref().unwrap_or(name),
                &front.taxonomies,
            ),
            Kind::Page => page_url(&site.permalink, folders, stem, folder_lang.as_deref()),
        });
        let prefixed = !polyglot.is_empty() && own.starts_with(&format!("{polyglot}/"));
        Some(if prefixed {
            own
        } else {
            format!("{polyglot}{own}")
        })
    };
    Some(Item {
        source: rel.to_owned(),
        kind,
        name: name.to_owned(),
        front,
        body,
        lang,
        lang_from,
        pair,
        old_url,
        bundle: None,
        refs: Vec::new(),
    })
}

/// Whether a folder name is a language (Polyglot's `languages`, or the site's).
fn is_lang(config: &Config, site: &Site, folder: &str) -> bool {
    site.languages.iter().any(|l| l == folder) || config.lang(folder).is_some()
}

/// Polyglot pairs documents with the same permalink, or the same path
/// inside per-language folders.
fn polyglot_key(
    site: &Site,
    permalink: &Option<String>,
    folder_lang: Option<&str>,
    rel: &str,
) -> Option<String> {
    if let Some(p) = permalink.as_ref().filter(|_| !site.languages.is_empty()) {
        return Some(format!("permalink:{}", p.trim_matches('/')));
    }
    let lang = folder_lang?;
    let without: Vec<&str> = rel.split('/').filter(|s| *s != lang).collect();
    Some(format!("path:{}", without.join("/")))
}

/// A post's URL as Jekyll's `permalink` made it (`date`, `pretty`,
/// `none`, `ordinal` or a pattern of `:year`, `:title`, …).
fn post_url(
    permalink: &str,
    date: Option<&str>,
    title: &str,
    taxonomies: &std::collections::BTreeMap<String, Vec<String>>,
) -> String {
    let pattern = match permalink {
        "date" => "/:categories/:year/:month/:day/:title:output_ext",
        "pretty" => "/:categories/:year/:month/:day/:title/",
        "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
        "none" => "/:categories/:title:output_ext",
        custom => custom,
    };
    let day = date
        .and_then(|d| crate::content::date::Date::parse(d).ok())
        .map(|d| d.day());
    let categories: Vec<String> = taxonomies
        .get("categories")
        .map(|c| {
            c.iter()
                .map(|c| c.to_lowercase().replace(' ', "-"))
                .collect()
        })
        .unwrap_or_default();
    let two = |n: i8| format!("{n:02}");
    let mut url = pattern.to_owned();
    let mut put = |key: &str, value: String| url = url.replace(key, &value);
    put(":categories", categories.join("/"));
    put(":output_ext", ".html".into());
    put(":title", title.to_owned());
    put(":slug", crate::site::slug::slugify(title));
    if let Some(d) = day {
        put(":short_year", format!("{:02}", d.year() % 100));
        put(":year", d.year().to_string());
        put(":i_month", d.month().to_string());
        put(":month", two(d.month()));
        put(":i_day", d.day().to_string());
        put(":y_day", format!("{:03}", d.day_of_year()));
        put(":day", two(d.day()));
    }
    collapse(&url)
}

/// A page's URL: its `permalink`, else its path as `.html` (or a folder
/// with `pretty` permalinks); a language folder is part of it.
fn page_url(permalink: &str, folders: &[&str], stem: &str, _lang: Option<&str>) -> String {
    let dir = folders.join("/");
    let path = if stem == "index" {
        format!("/{dir}/")
    } else if permalink == "pretty" || permalink.ends_with('/') {
        format!("/{dir}/{stem}/")
    } else {
        format!("/{dir}/{stem}.html")
    };
    collapse(&path)
}

/// `//` → `/`.
fn collapse(url: &str) -> String {
    let parts: Vec<&str> = url.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = url.ends_with('/');
    let mut out = format!("/{}", parts.join("/"));
    if trailing && out != "/" {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{page_url, post_url};
    use std::collections::BTreeMap;

    #[test]
    fn jekyll_permalinks() {
        let mut tax = BTreeMap::new();
        tax.insert("categories".to_owned(), vec!["Konferenz".to_owned()]);
        let date = Some("2008-12-10 09:00:00 +0100");
        assert_eq!(
            post_url("date", date, "leweb-tag-1", &tax),
            "/konferenz/2008/12/10/leweb-tag-1.html"
        );
        assert_eq!(
            post_url("pretty", date, "leweb-tag-1", &BTreeMap::new()),
            "/2008/12/10/leweb-tag-1/"
        );
        assert_eq!(
            post_url("/blog/:year/:title/", date, "leweb-tag-1", &tax),
            "/blog/2008/leweb-tag-1/"
        );
        assert_eq!(page_url("date", &[], "about", None), "/about.html");
        assert_eq!(page_url("pretty", &["en"], "about", None), "/en/about/");
    }
}
