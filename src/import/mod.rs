//! `debrief import`: an existing Jekyll, Hugo, Zola or WordPress blog
//! turned into debrief content, in these steps:
//!
//! 1. read the source into format-neutral items (`jekyll`, `hugo`, `zola`,
//!    `wordpress`), URL helpers resolved to `@src:` markers;
//! 2. settle each item's language (`lang`): named, or detected;
//! 3. pair translations (`pair`): by the source's convention, else by date;
//! 4. plan file names, slugs and URLs (`plan`), old URLs becoming aliases;
//! 5. rewrite links (`links`): old URLs and markers into `@/` links;
//! 6. write each file (`emit`, `write`), never over an existing one, and
//!    copy the images it shows (`media`);
//! 7. report what was done and what could not be mapped (`report`).

mod aliases;
mod emit;
mod front;
mod html;
mod hugo;
mod item;
mod jekyll;
mod jekyll_defaults;
mod jekyll_url;
mod lang;
mod links;
mod liquid;
mod mapping;
mod media;
mod pair;
mod plan;
mod report;
mod shortcodes;
mod tree;
mod wordpress;
mod write;
mod zola;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::Error;

use item::{Item, Kind};
use links::{Links, map_urls_html};
use media::Statics;
use plan::Planned;
pub(crate) use report::Report;

/// Why a file was not written where a symbolic link leads out of the site.
const OUTSIDE: &str = "leads outside the site (through a symbolic link); not written";

/// The kind of blog to import from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Jekyll site folder (with Polyglot or jekyll-multiple-languages, too).
    Jekyll,
    /// A Hugo site folder.
    Hugo,
    /// A Zola site folder.
    Zola,
    /// A WordPress export file (WXR), with `uploads/` beside it if you have it.
    Wordpress,
}

/// What a reader found in the source.
#[derive(Debug, Default)]
pub(crate) struct Read {
    /// Posts and pages.
    pub(crate) items: Vec<Item>,
    /// Where root-relative files are.
    pub(crate) statics: Statics,
    /// The old site's origin and sub-path (the maps are filled later).
    pub(crate) links: Links,
    /// A folder copied whole into `static/` (Hugo's and Zola's `static/`).
    pub(crate) static_dir: Option<PathBuf>,
    /// What reading could not map.
    pub(crate) report: Report,
}

/// Imports `source` into the site of `config`, posts into `section`.
pub(crate) fn run(
    config: &Config,
    from: Format,
    source: &Path,
    section: &str,
) -> Result<Report, Error> {
    let mut read = match from {
        Format::Jekyll => jekyll::read(config, source)?,
        Format::Hugo => hugo::read(config, source)?,
        Format::Zola => zola::read(config, source)?,
        Format::Wordpress => wordpress::read(source)?,
    };
    let report = &mut read.report;
    lang::assign(config, &mut read.items, report);
    pair::follow_references(&mut read.items);
    let groups = pair::pair(&read.items, report);
    let planned = plan::plan(config, &read.items, &groups, section, report);
    fill_links(&mut read.links, &read.items, &planned);
    link_listings(config, &mut read.links, section);
    let aliases = aliases::aliases(config, section, &read.items, &planned, report);
    let root = config.root.as_path();
    let mut done = BTreeSet::new();
    for ((item, planned), aliases) in read.items.iter().zip(&planned).zip(&aliases) {
        let body = rewrite(&read.links, item, &planned.lang, report);
        let bundle = item.bundle.is_some();
        let found = media::locate(&read.statics, &item.source, &body, bundle, report);
        let item = Item {
            body: found.body,
            ..item.clone()
        };
        let rel = planned.file(config);
        let text = emit::file(config, &item, planned, aliases, report);
        match write::text(root, &rel, &text)? {
            write::Outcome::Exists => report.refused.push(rel.clone()),
            write::Outcome::Outside => report.unmapped(&rel, OUTSIDE),
            write::Outcome::Written => count(report, &item, planned),
        }
        report.files += media::copy_found(root, &found.files, &mut done, report)?;
        if !bundle {
            // A bundle's front matter images are its own files, copied with it.
            let shown = media::front_files(&read.statics, &item.front.extra);
            report.files += media::copy_found(root, &shown, &mut done, report)?;
        }
        if let (Some(folder), Some((dest, _))) = (&item.bundle, rel.rsplit_once('/')) {
            report.files += media::copy_bundle(root, folder, dest, &mut done, report)?;
        }
    }
    if let Some(dir) = &read.static_dir {
        report.files += media::copy_bundle(root, dir, "static", &mut done, report)?;
    }
    Ok(read.report)
}

/// Every item's `@/` link under its source path and its old URLs. Drafts
/// and posts dated in the future are left out: a link to a page the build
/// leaves out fails the build.
fn fill_links(links: &mut Links, items: &[Item], planned: &[Planned]) {
    let now = crate::content::date::Date::now();
    for (item, planned) in items.iter().zip(planned) {
        if item.front.draft || dated_after(item, now) {
            if let Some(old) = &item.old_url {
                links.add_later(&item.source, old);
            }
            continue;
        }
        let link = planned.link();
        links.add_published(&link, &planned.lang, &planned.url);
        links.add_source(&item.source, &link);
        for name in &item.refs {
            links.add_source(name, &link);
        }
        for old in item.old_url.iter().chain(&item.front.aliases) {
            links.add_url(old, &link);
        }
    }
}

/// Links to an old listing page (`/archiv/`, not imported) lead to the
/// posts' section, in the reader's language.
fn link_listings(config: &Config, links: &mut Links, section: &str) {
    let link = format!("@/{section}/_index.md");
    for old in std::mem::take(&mut links.listings) {
        links.add_url(&old, &link);
    }
    for lang in config.languages.iter().map(|l| &l.lang) {
        let path = if *lang == config.default_language {
            format!("/{section}/")
        } else {
            format!("/{lang}/{section}/")
        };
        links.add_published(&link, lang.as_str(), &path);
    }
}

/// Whether the item's date is after `now` (a post announced ahead).
fn dated_after(item: &Item, now: jiff::Timestamp) -> bool {
    use crate::content::date::Date;
    let Some(date) = item.front.date.as_deref() else {
        return false;
    };
    let parsed = Date::parse(date)
        .ok()
        .or_else(|| Date::parse(date.get(..10)?).ok());
    parsed.is_some_and(|d| d.instant() > now)
}

/// The body with its links rewritten and the summary marker in debrief's
/// spelling. In raw HTML, which debrief passes through as it is, a link to
/// a post is its site path in the reader's language `lang` (not `@/`).
fn rewrite(links: &Links, item: &Item, lang: &str, report: &mut Report) -> String {
    let body = map_urls_html(&item.body, |url, html| match links.rewrite(url) {
        Ok(Some(new)) if html && new.starts_with("@/") => links.path_of(&new, lang).or(Some(new)),
        Ok(new) => new,
        Err(message) => {
            report.unmapped(&item.source, message);
            url.strip_prefix("@src:")
                .map(|p| format!("/{}", p.trim_start_matches('/')))
        }
    });
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        let bare: String = line.split_whitespace().collect();
        if bare == "<!--more-->" {
            out.push_str("<!-- more -->\n");
        } else {
            out.push_str(line);
        }
    }
    out
}

fn count(report: &mut Report, item: &Item, planned: &Planned) {
    let per = match item.kind {
        Kind::Post => &mut report.posts,
        Kind::Page => &mut report.pages,
    };
    *per.entry(planned.lang.clone()).or_default() += 1;
    if item.front.draft {
        report.drafts += 1;
    }
}
