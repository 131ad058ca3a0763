//! Reading a Jekyll site: `_posts/` and `_drafts/` (also inside language
//! folders), pages, `_config.yml`'s `url`, `baseurl`, `permalink` and
//! Polyglot's `languages`; a post's old URL is made the way Jekyll made it.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::config::Config;
use crate::error::Error;
use crate::import::front::{self, Parsed, yaml};
use crate::import::item::{Front, Item, Kind, LangFrom, split_date_name};
use crate::import::jekyll_defaults::Defaults;
use crate::import::links::{Links, map_urls};
use crate::import::liquid::{self, Vars};
use crate::import::mapping::{self, lang_code, text};
use crate::import::media::Statics;
use crate::import::{Read, Report, html, jekyll_url};

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

/// Where a file is in the Jekyll site, as far as its import goes.
struct Place<'a> {
    /// The folders it is in, from the top.
    folders: &'a [&'a str],
    /// Where `_posts/` or `_drafts/` is among them: a post's file.
    posts_at: Option<usize>,
    is_draft: bool,
    /// Its file name without the extension.
    stem: &'a str,
    /// The language a folder it is in names.
    folder_lang: Option<String>,
}

/// One file as an item; `None` for what is no post or page.
fn item(
    config: &Config,
    site: &Site,
    file: &File,
    listings: &mut Vec<String>,
    report: &mut Report,
) -> Option<Item> {
    let rel = file.rel.as_str();
    let dirs: Vec<&str> = rel.split('/').collect();
    let folders = &dirs[..dirs.len() - 1];
    let posts_at = folders
        .iter()
        .position(|d| *d == "_posts" || *d == "_drafts");
    if in_machinery_or_collection(folders, posts_at, report) {
        return None;
    }
    let mut parsed = front::parse(&file.text)?;
    let scope = if posts_at.is_some() { "posts" } else { "pages" };
    site.defaults.apply(rel, scope, &mut parsed.map);
    let file_name = dirs.last().copied().unwrap_or(rel);
    let place = Place {
        folders,
        posts_at,
        is_draft: folders.contains(&"_drafts"),
        stem: file_name.rsplit_once('.').map_or(file_name, |(s, _)| s),
        folder_lang: (folders.iter())
            .find(|d| is_lang(config, site, d))
            .map(|d| (*d).to_owned()),
    };
    let stem = place.stem;
    if posts_at.is_none() && skipped_page(config, site, folders, stem, &parsed.body, rel, report) {
        if !matches!(stem, "index" | "404") {
            // A listing (`/archiv/`): links to it lead to debrief's list of posts.
            let own = parsed.map.get("permalink").and_then(text);
            let url = own.unwrap_or_else(|| jekyll_url::page(&site.permalink, folders, stem));
            listings.push(url);
        }
        return None;
    }
    for note in &parsed.notes {
        report.unmapped(rel, note.clone());
    }
    let body = body(site, file, &parsed, report);
    Some(mapped_item(config, site, rel, &place, parsed, body))
}

/// Whether a file is in a folder of Jekyll's machinery, or of a collection
/// (reported), rather than among the posts and pages.
fn in_machinery_or_collection(
    folders: &[&str],
    posts_at: Option<usize>,
    report: &mut Report,
) -> bool {
    // jekyll-multiple-languages keeps each language's posts in `_i18n/LANG/_posts/`.
    let other = folders.iter().find(|d| {
        d.starts_with('_')
            && !matches!(**d, "_posts" | "_drafts")
            && !(**d == "_i18n" && posts_at.is_some())
    });
    let Some(dir) = other else {
        return false;
    };
    // Theme and data folders hold no content; any other is a collection.
    let machinery = ["_layouts", "_includes", "_sass", "_data", "_plugins"];
    if !machinery.contains(dir) && !dir.starts_with("_site") {
        report.notes.insert(format!(
            "the files in `{dir}/` (a Jekyll collection) were not imported; move them into _posts/ to import them as posts"
        ));
    }
    true
}

/// The item of the post or page at `rel`, from its front matter as
/// `parsed` and its `body` as Markdown.
fn mapped_item(
    config: &Config,
    site: &Site,
    rel: &str,
    place: &Place<'_>,
    parsed: Parsed,
    body: String,
) -> Item {
    let mapped = mapping::map(parsed.map);
    let (day, name, name_lang) = post_name(config, site, place);
    let mut front = mapped.front;
    front.date = front.date.or(day.map(str::to_owned));
    front.draft |= place.is_draft;
    let (lang, lang_from) = match (mapped.lang, name_lang.or(place.folder_lang.clone())) {
        (Some(l), _) => (Some(l), LangFrom::Front),
        (None, Some(l)) => (Some(l), LangFrom::Path),
        (None, None) => (None, LangFrom::Detected),
    };
    let kind = if place.posts_at.is_some() {
        Kind::Post
    } else {
        Kind::Page
    };
    let pair = (mapped.pair)
        .or_else(|| polyglot_key(site, &mapped.url, place.folder_lang.as_deref(), rel));
    let old_url = (!place.is_draft).then(|| {
        old_url(
            site,
            place,
            mapped.url.as_ref(),
            kind,
            &front,
            name,
            lang.as_deref(),
        )
    });
    Item {
        source: rel.to_owned(),
        kind,
        name: name.to_owned(),
        front,
        body,
        lang,
        lang_from,
        pair,
        old_url,
        bundle: post_folder(config, site, place.folders, place.posts_at, place.stem),
        refs: Vec::new(),
    }
}

/// The day and name a post's file (or its folder) gives it, and the
/// language in the name: `2019-05-06-x.en.md` (as in Hugo and Zola).
fn post_name<'a>(
    config: &Config,
    site: &Site,
    place: &Place<'a>,
) -> (Option<&'a str>, &'a str, Option<String>) {
    let stem = place.stem;
    // `_posts/2021-09-10-x/index.md` is named, and dated, by its folder.
    let base = if stem == "index" {
        place.folders.last().copied().unwrap_or(stem)
    } else {
        stem
    };
    let (day, name) = split_date_name(base).map_or((None, base), |(d, n)| (Some(d), n));
    match name.rsplit_once('.') {
        Some((base, l)) if is_lang(config, site, l) => (day, base, Some(l.to_owned())),
        _ => (day, name, None),
    }
}

/// The URL Jekyll published an item at: its own permalink (a pattern or a
/// path), else the site's.
fn old_url(
    site: &Site,
    place: &Place<'_>,
    own: Option<&String>,
    kind: Kind,
    front: &Front,
    name: &str,
    lang: Option<&str>,
) -> String {
    let title = front.slug.as_deref().unwrap_or(name);
    // Folders above `_posts/` are categories in Jekyll's URLs; a
    // language folder is not where Polyglot adds `/LANG/` itself.
    let polyglot = !site.languages.is_empty();
    let folder_lang = place.folder_lang.as_deref();
    let above: Vec<&str> = place.folders[..place.posts_at.unwrap_or(0)]
        .iter()
        .copied()
        .filter(|f| *f != "_i18n" && (!polyglot || Some(*f) != folder_lang))
        .collect();
    let date = front.date.as_deref();
    let url = match (own, kind) {
        (Some(p), _) if p.contains(':') => {
            jekyll_url::post(p, date, title, &front.taxonomies, &above)
        }
        (Some(p), _) => p.clone(),
        (None, Kind::Post) => {
            jekyll_url::post(&site.permalink, date, title, &front.taxonomies, &above)
        }
        (None, Kind::Page) => jekyll_url::page(&site.permalink, place.folders, place.stem),
    };
    polyglot_url(site, lang, url)
}

/// Pages debrief makes itself (home, 404, Liquid listings) are not imported.
fn skipped_page(
    config: &Config,
    site: &Site,
    folders: &[&str],
    stem: &str,
    body: &str,
    rel: &str,
    report: &mut Report,
) -> bool {
    let home = matches!(stem, "index" | "404")
        && (folders.is_empty() || folders.len() == 1 && is_lang(config, site, folders[0]));
    if home {
        return true;
    }
    let listing = body.contains("{% for") || body.contains("{%- for") || body.contains("paginator");
    if listing {
        report.unmapped(
            rel,
            "a listing made with Liquid loops; debrief makes its own lists, so it was not imported",
        );
    }
    listing
}

/// The body as Markdown: Liquid resolved, the excerpt mark debrief's,
/// HTML converted, relative image paths made root-relative.
fn body(site: &Site, file: &File, parsed: &Parsed, report: &mut Report) -> String {
    let mut unmapped = Vec::new();
    let vars = Vars {
        page: &parsed.map,
        site: &site.vars,
    };
    let mut body = liquid::resolve(&parsed.body, &vars, &mut unmapped);
    // A post's own `excerpt_separator` wins over `_config.yml`'s.
    let separator = parsed
        .map
        .get("excerpt_separator")
        .and_then(text)
        .or_else(|| site.excerpt_separator.clone());
    if let Some(sep) = separator {
        body = body.replace(sep.as_str(), "<!-- more -->");
    }
    if file.html {
        match html::to_markdown(&body) {
            Ok(md) => body = md,
            Err(e) => unmapped.push(format!(
                "its HTML could not be converted ({e}); kept as HTML"
            )),
        }
    }
    report.unmapped_at_lines(&file.rel, &file.text, unmapped);
    map_urls(&body, |url| rooted(&site.source, url))
}

/// `../assets/x.png` or `assets/x.png` as `/assets/x.png` when the site has
/// that file: a post's URL is not its file's place, so a relative path
/// only ever worked by luck.
fn rooted(source: &Path, url: &str) -> Option<String> {
    let relative = !url.is_empty() && !url.starts_with(['/', '#', '@', '?']) && !url.contains(':');
    if !relative {
        return None;
    }
    let path = url.split(['#', '?']).next()?;
    let trimmed = path.trim_start_matches("./");
    let mut rest = trimmed;
    while let Some(r) = rest.strip_prefix("../") {
        rest = r;
    }
    let decoded = crate::site::url::percent_decode(rest).unwrap_or_else(|| rest.to_owned());
    let inside = Path::new(&decoded)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    (inside && source.join(&decoded).is_file()).then(|| format!("/{rest}"))
}

/// A post in its own folder under `_posts/` with its photos beside it
/// (jekyll-postfiles: `_posts/2021-09-10-x/2021-09-10-x.md` or `index.md`,
/// the one Markdown file there): imported as a bundle, its files with it.
fn post_folder(
    config: &Config,
    site: &Site,
    folders: &[&str],
    posts_at: Option<usize>,
    stem: &str,
) -> Option<PathBuf> {
    let parent = *folders.last()?;
    if folders.len() <= posts_at? + 1 || is_lang(config, site, parent) {
        return None;
    }
    if !(stem == "index" || stem == parent || split_date_name(parent).is_some()) {
        return None;
    }
    let dir = site.source.join(folders.join("/"));
    let (mut markdown, mut other) = (0, 0);
    for entry in std::fs::read_dir(&dir).ok()?.flatten() {
        if !entry.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        if [".md", ".markdown", ".mkd", ".html"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            markdown += 1;
        } else {
            other += 1;
        }
    }
    (markdown == 1 && other > 0).then_some(dir)
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
    // A pattern (`/:year/:title/`, say from `defaults:`) is no one page's URL.
    let placeholders = [
        ":year",
        ":title",
        ":slug",
        ":categories",
        ":name",
        ":path",
        ":day",
    ];
    let fixed = permalink
        .as_ref()
        .filter(|p| !placeholders.iter().any(|h| p.contains(h)));
    if let Some(p) = fixed.filter(|_| !site.languages.is_empty()) {
        return Some(format!("permalink:{}", p.trim_matches('/')));
    }
    if folder_lang.is_none() && !site.languages.is_empty() {
        // The default language's `_posts/x.md`, whose translation is `en/_posts/x.md`.
        return Some(format!("path:{rel}"));
    }
    let lang = folder_lang?;
    let without: Vec<&str> = rel.split('/').filter(|s| *s != lang).collect();
    Some(format!("path:{}", without.join("/")))
}

/// Polyglot publishes the other languages under `/LANG/`.
fn polyglot_url(site: &Site, lang: Option<&str>, own: String) -> String {
    let code = lang.and_then(lang_code);
    match (code, &site.default_lang) {
        (Some(c), Some(d))
            if !site.languages.is_empty() && c != *d && !own.starts_with(&format!("/{c}/")) =>
        {
            format!("/{c}{own}")
        }
        _ => own,
    }
}
