//! One file of a Jekyll site as an item: a post (in `_posts/` or
//! `_drafts/`) or a page, with its name, date, language and old URL, its
//! body as Markdown; or nothing, for Jekyll's own folders, collections and
//! the pages debrief makes itself.

use std::path::{Path, PathBuf};

use super::polyglot::{polyglot_key, polyglot_url};
use super::{File, Site, is_lang};
use crate::config::Config;
use crate::import::front::{self, Parsed};
use crate::import::item::{Front, Item, Kind, LangFrom, split_date_name};
use crate::import::links::map_urls;
use crate::import::liquid::{self, Vars};
use crate::import::mapping::{self, text};
use crate::import::{Report, html, jekyll_url};

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
pub(super) fn item(
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
