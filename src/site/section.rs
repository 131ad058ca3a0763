//! A section of the site model: a content folder in one language, with its pages.

use std::ops::Range;
use std::sync::Arc;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::config::{Config, Lang};
use crate::content::content_path::PathKind;
use crate::content::front_matter::{SectionFront, SortBy};
use crate::content::source::{Source, SourceKind};
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::page::Page;
use crate::site::{FastMap, FastSet, PageId, SectionId, Site, lists, smart_text, url};

/// One language version of a section (or of the home page, whose folder is `""`).
#[derive(Debug, Clone)]
pub struct Section {
    /// The content folder, `""` for home.
    pub dir: Arc<str>,
    /// The language of this version.
    pub lang: Lang,
    /// The `_index` file, when there is one in this or another language.
    pub file: Option<Arc<SourceFile>>,
    /// The `_index` body's range in `file` (empty while it is `unread`).
    pub body: Range<usize>,
    /// Front matter (defaults when there is no `_index`).
    pub front: SectionFront,
    /// From `_index`, else the other language's `_index`, else the folder name.
    pub title: String,
    /// The description from its `_index`, with smart punctuation.
    pub description: Option<String>,
    /// Site path, e.g. `/en/reports/`.
    pub path: String,
    /// The pages listed, in order: this language's, plus other languages'
    /// untranslated ones unless the language hides them.
    pub pages: Vec<PageId>,
    /// Child sections in the same language.
    pub subsections: Vec<SectionId>,
    /// Whether `_index` exists in this very language.
    pub own_index: bool,
}

impl Section {
    /// Whether this is a language's home page.
    pub fn is_home(&self) -> bool {
        self.dir.is_empty()
    }
}

type SectionIndex = FastMap<(Arc<str>, Lang), SectionId>;

/// One section per folder (and its parents) per language; home always exists.
pub(super) fn build(
    config: &Config,
    sources: Vec<Arc<Source>>,
    pages: &mut [Page],
    diags: &mut Diagnostics,
) -> (Vec<Section>, SectionIndex) {
    let mut dirs: BTreeSet<String> = BTreeSet::from([String::new()]);
    let add_with_parents = |dir: &str, dirs: &mut BTreeSet<String>| {
        let mut d = dir.to_owned();
        loop {
            dirs.insert(d.clone());
            match d.rsplit_once('/') {
                Some((parent, _)) => d = parent.to_owned(),
                None if !d.is_empty() => d = String::new(),
                None => break,
            }
        }
    };
    // Thousands of pages share a few folders: each folder once.
    let page_dirs: FastSet<&str> = pages.iter().map(|p| &*p.dir).collect();
    for dir in page_dirs {
        add_with_parents(dir, &mut dirs);
    }
    let mut indexes: BTreeMap<(String, Lang), Arc<Source>> = BTreeMap::new();
    for s in sources {
        debug_assert_eq!(s.path.kind, PathKind::Section);
        add_with_parents(&s.path.dir, &mut dirs);
        let key = (s.path.dir.clone(), s.path.lang.clone());
        if let Some(other) = indexes.get(&key) {
            diags.push(
                Diagnostic::in_file(
                    format!("two files are the {} `_index` of the same section", key.1),
                    &s.file.shown,
                )
                .with_note(format!("the other one is {}", other.file.shown.display())),
            );
            continue;
        }
        indexes.insert(key, s);
    }

    let mut sections = Vec::new();
    let mut index = SectionIndex::default();
    for dir in &dirs {
        for lang in config.langs() {
            let own = indexes.get(&(dir.clone(), lang.clone()));
            let any = own.or_else(|| {
                config
                    .langs()
                    .find_map(|l| indexes.get(&(dir.clone(), l.clone())))
            });
            let front = match own.map(|s| &s.kind) {
                Some(SourceKind::Section(f)) => f.clone(),
                _ => SectionFront {
                    sort_by: match any.map(|s| &s.kind) {
                        Some(SourceKind::Section(f)) => f.sort_by,
                        _ => Default::default(),
                    },
                    paginate_by: match any.map(|s| &s.kind) {
                        Some(SourceKind::Section(f)) => f.paginate_by,
                        _ => None,
                    },
                    ..SectionFront::default()
                },
            };
            let title = smart_text(
                config,
                lang,
                &section_title(config, lang, dir, own.map(|s| &**s), any.map(|s| &**s)),
            );
            let description = front
                .description
                .as_deref()
                .map(|d| smart_text(config, lang, d));
            let id = SectionId(sections.len() as u32);
            index.insert((Arc::from(dir.as_str()), lang.clone()), id);
            sections.push(Section {
                dir: Arc::from(dir.as_str()),
                lang: lang.clone(),
                file: own.map(|s| s.file.clone()),
                body: own.map_or(0..0, |s| s.body.clone()),
                front,
                title,
                description,
                path: url::section_path(config, lang, dir),
                pages: Vec::new(),
                subsections: Vec::new(),
                own_index: own.is_some(),
            });
        }
    }
    for p in pages.iter_mut() {
        p.section = index[&(p.dir.clone(), p.key.lang.clone())];
    }
    (sections, index)
}

fn section_title(
    config: &Config,
    lang: &Lang,
    dir: &str,
    own: Option<&Source>,
    any: Option<&Source>,
) -> String {
    let title_of = |s: Option<&Source>| match s.map(|s| &s.kind) {
        Some(SourceKind::Section(f)) => f.title.clone(),
        _ => None,
    };
    title_of(own)
        .or_else(|| dir.is_empty().then(|| config.language(lang).title.clone()))
        .or_else(|| title_of(any))
        .unwrap_or_else(|| {
            let name = dir.rsplit('/').next().unwrap_or(dir);
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        })
}

/// Fills each section's list: its own pages (home: every dated page), plus
/// untranslated pages of other languages, ordered by `sort_by`; then links
/// neighbours and subsections.
pub(super) fn fill(site: &mut Site, listing: &lists::Listing) {
    let lang_index = |lang: &Lang| site.config.langs().position(|l| l == lang);
    // The orders other than by date that sections ask for, each ranked once.
    let mut other_orders: Vec<(SortBy, Vec<u32>)> = Vec::new();
    for section in &site.sections {
        let sort_by = section.front.sort_by;
        if sort_by != SortBy::Date && !other_orders.iter().any(|(s, _)| *s == sort_by) {
            other_orders.push((sort_by, lists::Order::new(&site.pages, sort_by).rank));
        }
    }
    let lists: Vec<Vec<PageId>> = site
        .sections
        .par_iter()
        .map(|section| {
            let belongs = |p: &Page| {
                if section.is_home() {
                    p.date.is_some()
                } else {
                    p.dir == section.dir
                }
            };
            let Some(lang) = lang_index(&section.lang) else {
                return Vec::new();
            };
            let mut list: Vec<PageId> = site
                .page_ids()
                .filter(|&id| listing.shown(id, lang) && belongs(site.page(id)))
                .collect();
            match other_orders
                .iter()
                .find(|(s, _)| *s == section.front.sort_by)
            {
                Some((_, rank)) => list.sort_unstable_by_key(|id| rank[id.0 as usize]),
                None => listing.sort_by_date(&mut list),
            }
            list
        })
        .collect();
    for (sid, list) in lists.into_iter().enumerate() {
        let section = &site.sections[sid];
        if !section.is_home() {
            let own: Vec<PageId> = list
                .iter()
                .copied()
                .filter(|id| site.pages[id.0 as usize].key.lang == section.lang)
                .collect();
            for (i, id) in own.iter().enumerate() {
                let page = &mut site.pages[id.0 as usize];
                // Lists run newest first, so the next item is the earlier report.
                page.later = i.checked_sub(1).map(|j| own[j]);
                page.earlier = own.get(i + 1).copied();
            }
        }
        site.sections[sid].pages = list;
    }
    let ids: Vec<SectionId> = site.section_ids().collect();
    for id in ids {
        let (dir, lang) = {
            let s = site.section(id);
            (s.dir.clone(), s.lang.clone())
        };
        if dir.is_empty() {
            continue;
        }
        let parent = dir.rsplit_once('/').map_or("", |(p, _)| p);
        if let Some(pid) = site.section_by_dir(parent, &lang) {
            site.sections[pid.0 as usize].subsections.push(id);
        }
    }
}
