//! Where each item goes: one file name per group of translations (so
//! debrief pairs them by path), a `slug` where a version's own name
//! differs, and the site path it will publish at.

use std::collections::BTreeSet;

use crate::config::{Config, Lang};
use crate::content::date::Date;
use crate::import::item::{Item, Kind};
use crate::import::pair::Group;
use crate::import::report::{Pairing, Report};
use crate::site::slug::slugify;
use crate::site::url;

/// One item's place in the site.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    /// The section folder under `content/` (`reports`, `""` for pages).
    pub(crate) dir: String,
    /// The file (or bundle folder) name, with date prefix, without language.
    pub(crate) name: String,
    /// The item's language.
    pub(crate) lang: String,
    /// Whether it is a bundle (`NAME/index.LANG.md`).
    pub(crate) bundle: bool,
    /// A `slug` to write when the file name would give another one.
    pub(crate) slug: Option<String>,
    /// The site path it publishes at: `/en/reports/x/`.
    pub(crate) url: String,
}

impl Planned {
    /// The Markdown file, relative to the site root.
    pub(crate) fn file(&self, config: &Config) -> String {
        let suffix = if self.lang == config.default_language.as_str() {
            String::new()
        } else {
            format!(".{}", self.lang)
        };
        let dir = if self.dir.is_empty() {
            String::new()
        } else {
            format!("{}/", self.dir)
        };
        if self.bundle {
            format!("content/{dir}{}/index{suffix}.md", self.name)
        } else {
            format!("content/{dir}{}{suffix}.md", self.name)
        }
    }

    /// The `@/` link to it, in whatever language the reader reads.
    pub(crate) fn link(&self) -> String {
        let dir = if self.dir.is_empty() {
            String::new()
        } else {
            format!("{}/", self.dir)
        };
        format!("@/{dir}{}.md", self.name)
    }
}

/// Plans every item (indexed like `items`); posts go into `section`.
pub(crate) fn plan(
    config: &Config,
    items: &[Item],
    groups: &[Group],
    section: &str,
    report: &mut Report,
) -> Vec<Planned> {
    let mut planned: Vec<Option<Planned>> = vec![None; items.len()];
    let mut names = BTreeSet::new();
    let mut slugs = reserved(config, section);
    for group in groups {
        let lead = group
            .members
            .iter()
            .copied()
            .find(|&i| items[i].lang.as_deref() == Some(config.default_language.as_str()))
            .unwrap_or(group.members[0]);
        let item = &items[lead];
        let dir = match item.kind {
            Kind::Post => section.to_owned(),
            Kind::Page => String::new(),
        };
        let stem = non_empty_slug(&item.name);
        let base = match (item.kind, item.day()) {
            (Kind::Post, Some(day)) => format!("{day}-{stem}"),
            _ => stem.clone(),
        };
        let name = unique(&mut names, &dir, base);
        let bundle = group.members.iter().any(|&i| items[i].bundle.is_some());
        for &i in &group.members {
            planned[i] = Some(place(
                config, &items[i], &dir, &name, &stem, bundle, &mut slugs,
            ));
        }
        if group.members.len() > 1 {
            let mut versions: Vec<(String, String)> = group
                .members
                .iter()
                .filter_map(|&i| {
                    planned[i]
                        .as_ref()
                        .map(|p| (p.lang.clone(), p.file(config)))
                })
                .collect();
            versions
                .sort_by_key(|(lang, _)| (lang != config.default_language.as_str(), lang.clone()));
            report.pairs.push(Pairing {
                versions,
                guessed: group.guessed.clone(),
            });
        }
    }
    planned.into_iter().flatten().collect()
}

/// One version's slug and URL inside its group's file name.
fn place(
    config: &Config,
    item: &Item,
    dir: &str,
    name: &str,
    stem: &str,
    bundle: bool,
    slugs: &mut BTreeSet<(String, String, String)>,
) -> Planned {
    let lang = item
        .lang
        .clone()
        .unwrap_or_else(|| config.default_language.as_str().to_owned());
    let mut slug = item
        .front
        .slug
        .as_deref()
        .map(slugify)
        .filter(|s| !s.is_empty());
    let mut wanted = slug.clone().unwrap_or_else(|| non_empty_slug(&item.name));
    if slugs.contains(&(lang.clone(), dir.to_owned(), wanted.clone())) {
        let day = item.day().unwrap_or("2");
        wanted = format!("{wanted}-{day}");
        slug = None;
    }
    slugs.insert((lang.clone(), dir.to_owned(), wanted.clone()));
    if slug.is_none() && wanted != stem {
        slug = Some(wanted.clone());
    }
    let date = item.front.date.as_deref().and_then(|d| Date::parse(d).ok());
    let url = url::page_path(config, &Lang::new(&lang), dir, &wanted, date.as_ref())
        .unwrap_or_else(|_| {
            format!(
                "{}{wanted}/",
                url::section_path(config, &Lang::new(&lang), dir)
            )
        });
    Planned {
        dir: dir.to_owned(),
        name: name.to_owned(),
        lang,
        bundle,
        slug,
        url,
    }
}

/// The URLs debrief itself makes at the top of the site (term lists,
/// events, the posts' section, language roots): no page may take them.
fn reserved(config: &Config, section: &str) -> BTreeSet<(String, String, String)> {
    let mut names: Vec<String> = config.taxonomies.iter().map(|t| slugify(&t.name)).collect();
    names.extend(["events".to_owned(), slugify(section)]);
    names.extend(config.langs().map(|l| l.as_str().to_owned()));
    let mut out = BTreeSet::new();
    for lang in config.langs() {
        for name in &names {
            out.insert((lang.as_str().to_owned(), String::new(), name.clone()));
        }
    }
    out
}

/// The slug of a name, or `post` when nothing of it is left.
fn non_empty_slug(name: &str) -> String {
    let slug = slugify(name);
    if slug.is_empty() {
        "post".to_owned()
    } else {
        slug
    }
}

/// `base`, or `base-2`, `base-3`, … when the folder has it already.
fn unique(names: &mut BTreeSet<(String, String)>, dir: &str, base: String) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while !names.insert((dir.to_owned(), name.clone())) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}
