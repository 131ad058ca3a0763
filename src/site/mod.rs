//! Stage 3: the cross-file site model, assembled from parsed sources.
//!
//! 1. keep the pages this build publishes (drafts and future pages only on request);
//! 2. give every page a slug and a site path; make a section per folder and language;
//! 3. link translations, find outdated ones;
//! 4. fill and order each section's list (other languages' untranslated pages included);
//!
//! That no two sources write the same output is checked with everything
//! else a build publishes, in `pipeline`.
//!
//! The resulting [`Site`] is immutable; ids index into it, keys survive rebuilds.

pub mod event;
pub(crate) mod lists;
pub mod order;
pub mod page;
pub mod section;
pub mod slug;
pub mod taxonomy;
pub mod translations;
pub mod url;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Lang};
use crate::content::content_path::PathKind;
use crate::content::date::Date;
use crate::content::front_matter::{Person, SectionFront};
use crate::content::source::{Source, SourceKind};
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Diagnostics, Location};

// Defined below every stage (output uses them too); `site::FastMap` still works.
pub(crate) use crate::collections::{FastMap, FastSet};

use event::Event;
use page::{Page, PageKey};
use section::Section;
use slug::slugify;
use taxonomy::Term;

/// Pages by translation key, in language order.
pub(crate) type TkeyIndex = FastMap<Arc<str>, Vec<PageId>>;

/// Index of a page in [`Site::pages`]; valid within one snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PageId(pub u32);

/// Index of a section in [`Site::sections`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SectionId(pub u32);

/// Index of a taxonomy term in [`Site::terms`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId(pub u32);

/// Index of an event in [`Site::events`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventId(pub u32);

/// The whole site, as one immutable snapshot.
#[derive(Debug, Clone)]
pub struct Site {
    /// The configuration it was built with.
    pub config: Arc<Config>,
    /// Every published page, sorted by key.
    pub pages: Vec<Page>,
    /// Every section in every language; home sections included.
    pub sections: Vec<Section>,
    /// Every taxonomy term in every language.
    pub terms: Vec<Term>,
    /// Every event in every language, newest first.
    pub events: Vec<Event>,
    /// Translation keys of pages left out of this build (drafts, future).
    pub unpublished: BTreeSet<Arc<str>>,
    /// The pages left out of this build, by file, for the build's summary
    /// and `check --drafts`.
    pub left_out: Vec<LeftOut>,
    /// What the model noticed that readers would miss: undated reports
    /// among dated ones, file names whose date prefix is no date.
    pub warnings: Diagnostics,
    by_key: FastMap<PageKey, PageId>,
    pub(crate) by_tkey: TkeyIndex,
    sections_by_dir: FastMap<(Arc<str>, Lang), SectionId>,
}

/// A page left out of a build.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LeftOut {
    /// Its file, as shown (`content/reports/x.md`).
    pub file: PathBuf,
    /// Its language.
    pub lang: Lang,
    /// A draft (`draft = true`); else dated in the future.
    pub draft: bool,
}

impl Site {
    /// The page with this id.
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0 as usize]
    }

    /// The section with this id.
    pub fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.0 as usize]
    }

    /// The term with this id.
    pub fn term(&self, id: TermId) -> &Term {
        &self.terms[id.0 as usize]
    }

    /// The event with this id.
    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id.0 as usize]
    }

    /// The page with this key, if published.
    pub fn page_by_key(&self, tkey: &str, lang: &Lang) -> Option<PageId> {
        self.by_key
            .get(&PageKey {
                tkey: Arc::from(tkey),
                lang: lang.clone(),
            })
            .copied()
    }

    /// Every language version of a translation key, in language order.
    pub fn versions(&self, tkey: &str) -> &[PageId] {
        self.by_tkey.get(tkey).map_or(&[], Vec::as_slice)
    }

    /// The section of folder `dir` in `lang`.
    pub fn section_by_dir(&self, dir: &str, lang: &Lang) -> Option<SectionId> {
        self.sections_by_dir
            .get(&(Arc::from(dir), lang.clone()))
            .copied()
    }

    /// All page ids.
    pub fn page_ids(&self) -> impl Iterator<Item = PageId> + '_ {
        (0..self.pages.len() as u32).map(PageId)
    }

    /// All section ids.
    pub fn section_ids(&self) -> impl Iterator<Item = SectionId> + '_ {
        (0..self.sections.len() as u32).map(SectionId)
    }
}

/// Builds the site model from every parsed source. With the model an
/// earlier build made with the same configuration, a page whose source is
/// the same (the same file, not re-read) takes what it derives from that
/// file alone from there; everything between pages is derived again.
pub fn assemble(
    config: Arc<Config>,
    sources: Vec<Arc<Source>>,
    previous: Option<&Site>,
) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::new();
    let now = Date::now();
    let mut unpublished = BTreeSet::new();
    let mut left_out = Vec::new();
    let mut section_sources: Vec<Arc<Source>> = Vec::new();
    let mut term_sources: Vec<Arc<Source>> = Vec::new();
    let mut page_sources: Vec<Arc<Source>> = Vec::new();
    let earlier: FastMap<usize, &Page> = previous
        .filter(|p| Arc::ptr_eq(&p.config, &config))
        .map(|p| {
            p.pages
                .iter()
                .map(|page| (file_id(&page.file), page))
                .collect()
        })
        .unwrap_or_default();
    // Pages whose file name starts with a date that is no date.
    let invalid_dates: Vec<(PathBuf, String, bool)> = sources
        .iter()
        .filter_map(|s| match (&s.kind, &s.path.invalid_date) {
            (SourceKind::Page(front), Some(prefix)) => {
                Some((s.file.shown.clone(), prefix.clone(), front.date.is_some()))
            }
            _ => None,
        })
        .collect();
    for source in sources {
        match &source.kind {
            SourceKind::Section(_) => section_sources.push(source),
            SourceKind::Term { .. } => term_sources.push(source),
            SourceKind::Page(_) => page_sources.push(source),
        }
    }
    // Ok(page) when published, Err(its translation key and why) when left out.
    type Made = Result<(Page, Diagnostics), (Arc<str>, LeftOut)>;
    let made: Vec<Made> = page_sources
        .into_par_iter()
        .map(|source| {
            let SourceKind::Page(front) = &source.kind else {
                unreachable!("only pages were kept")
            };
            let tkey: Arc<str> = Arc::from(source.path.translation_key());
            let date = front.date.or(source.path.date);
            let future = date.is_some_and(|d| d.instant() > now);
            if (front.draft && !config.drafts) || (future && !config.future && !config.drafts) {
                let why = LeftOut {
                    file: source.file.shown.clone(),
                    lang: source.path.lang.clone(),
                    draft: front.draft,
                };
                return Err((tkey, why));
            }
            let same = earlier
                .get(&file_id(&source.file))
                .filter(|page| page.assets == source.assets);
            if let Some(page) = same {
                return Ok((page.unlinked(), Diagnostics::new()));
            }
            let mut found = Diagnostics::new();
            let page = new_page(&config, &source, tkey, date, &mut found);
            Ok((page, found))
        })
        .collect();
    let mut pages: Vec<Page> = Vec::with_capacity(made.len());
    for m in made {
        match m {
            Ok((page, found)) => {
                pages.push(page);
                diags.extend(found);
            }
            Err((tkey, why)) => {
                unpublished.insert(tkey);
                left_out.push(why);
            }
        }
    }
    pages.par_sort_by(|a, b| a.key.cmp(&b.key));
    for pair in pages.windows(2) {
        if pair[0].key == pair[1].key {
            diags.push(
                Diagnostic::in_file(
                    format!(
                        "two files are the {} version of the same page `{}`",
                        pair[1].key.lang, pair[1].key.tkey
                    ),
                    &pair[1].file.shown,
                )
                .with_note(format!("the other one is {}", pair[0].file.shown.display())),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }

    let by_key: FastMap<PageKey, PageId> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.key.clone(), PageId(i as u32)))
        .collect();
    let mut by_tkey: TkeyIndex = FastMap::default();
    for (i, p) in pages.iter().enumerate() {
        by_tkey
            .entry(p.key.tkey.clone())
            .or_default()
            .push(PageId(i as u32));
    }
    let lang_rank = |lang: &Lang| config.langs().position(|l| l == lang).unwrap_or(usize::MAX);
    for ids in by_tkey.values_mut() {
        ids.sort_by_key(|id| lang_rank(&pages[id.0 as usize].key.lang));
    }
    translations::link(&config, &mut pages, &by_tkey);

    let (sections, sections_by_dir) =
        build_sections(&config, section_sources, &mut pages, &mut diags);
    // Terms and events are independent lists over the same pages.
    let mut term_diags = Diagnostics::new();
    let ((terms, page_terms), (events, page_events)) = rayon::join(
        || taxonomy::build(&config, term_sources, &pages, &by_tkey, &mut term_diags),
        || event::build(&config, &pages, &by_tkey),
    );
    diags.extend(term_diags);
    for ((page, terms), event) in pages.iter_mut().zip(page_terms).zip(page_events) {
        page.terms = terms;
        page.event = event;
    }
    let mut site = Site {
        config,
        pages,
        sections,
        terms,
        events,
        unpublished,
        left_out,
        warnings: Diagnostics::new(),
        by_key,
        by_tkey,
        sections_by_dir,
    };
    fill_sections(&mut site);
    site.warnings = undated_warnings(&site, &invalid_dates);
    for permalink in &site.config.permalinks {
        if !site.pages.iter().any(|p| permalink.covers(&p.dir)) {
            site.warnings.push(
                Diagnostic::warning(
                    format!(
                        "`[permalinks]` has a pattern for `{}`, but no page is in that folder of content/",
                        permalink.section
                    ),
                    Some(Location::file(crate::config::CONFIG_FILE)),
                )
                .with_note("the key is the section's folder under content/, e.g. `reports` for content/reports/"),
            );
        }
    }
    diags.into_result().map(|_| site)
}

/// A loaded file's identity: the same while it is not read again.
fn file_id(file: &Arc<SourceFile>) -> usize {
    Arc::as_ptr(file) as usize
}

fn new_page(
    config: &Config,
    source: &Source,
    tkey: Arc<str>,
    date: Option<Date>,
    diags: &mut Diagnostics,
) -> Page {
    let SourceKind::Page(front) = &source.kind else {
        unreachable!("new_page is only called for pages")
    };
    let wanted = front.slug.as_deref().unwrap_or(&source.path.stem);
    let mut slug = slugify(wanted);
    if slug.is_empty() {
        diags.push(Diagnostic::in_file(
            format!("`{wanted}` gives an empty slug; set `slug` in the front matter"),
            &source.file.shown,
        ));
        slug = "page".to_owned();
    }
    for alias in &front.aliases {
        let escapes = alias
            .split(['/', '\\'])
            .any(|seg| seg == ".." || seg == ".")
            || alias.contains("://")
            || alias.trim_matches('/').is_empty();
        if escapes {
            diags.push(Diagnostic::in_file(
                format!("alias `{alias}` must be a path inside the site, like \"/old/url/\""),
                &source.file.shown,
            ));
        }
    }
    let lang = source.path.lang.clone();
    let path = url::page_path(config, &lang, &source.path.dir, &slug, date.as_ref())
        .unwrap_or_else(|message| {
            diags.push(Diagnostic::in_file(message, &source.file.shown).with_note(
                "set `date` in its front matter, or start its file name with YYYY-MM-DD-",
            ));
            url::section_path(config, &lang, &source.path.dir) + &slug + "/"
        });
    let smart = |text: &str| smart_text(config, &lang, text);
    let title = smart(front.title.as_deref().unwrap_or_default());
    let description = front.description.as_deref().map(smart);
    let people = front
        .people
        .iter()
        .map(|p| Person {
            name: smart(&p.name),
            role: p.role.as_deref().map(smart),
            org: p.org.as_deref().map(smart),
        })
        .collect();
    Page {
        key: PageKey { tkey, lang },
        sort_title: order::title_key(&title),
        title,
        description,
        people,
        file: source.file.clone(),
        body: source.body.clone(),
        date,
        slug,
        path,
        dir: Arc::from(source.path.dir.as_str()),
        section: SectionId(0),
        translations: Vec::new(),
        original: None,
        outdated: false,
        outdated_since: None,
        earlier: None,
        later: None,
        terms: Vec::new(),
        event: None,
        assets: source.assets.clone(),
        front: front.clone(),
    }
}

/// A title or description as readers see it: smart punctuation in the
/// language's quotation marks, as in the body.
pub(crate) fn smart_text(config: &Config, lang: &Lang, text: &str) -> String {
    if config.markdown.smart_punctuation {
        crate::markdown::punctuation::smarten(text, &config.language(lang).quotes).into_owned()
    } else {
        text.to_owned()
    }
}

type SectionIndex = FastMap<(Arc<str>, Lang), SectionId>;

/// One section per folder (and its parents) per language; home always exists.
fn build_sections(
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
fn fill_sections(site: &mut Site) {
    let config = site.config.clone();
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
            let mut list: Vec<PageId> = site
                .page_ids()
                .filter(|&id| belongs(site.page(id)))
                .filter(|&id| {
                    lists::shown_in(&config, &site.pages, &site.by_tkey, id, &section.lang)
                })
                .collect();
            let sort_by = section.front.sort_by;
            list.sort_by(|a, b| {
                order::compare(
                    sort_by,
                    &site.pages[a.0 as usize],
                    &site.pages[b.0 as usize],
                )
            });
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

/// Warnings for reports that would vanish from the home page and the feeds
/// without a word: no date among dated reports, or a date prefix that is
/// no date.
fn undated_warnings(site: &Site, invalid_dates: &[(PathBuf, String, bool)]) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let mut flagged: BTreeSet<&Path> = BTreeSet::new();
    for (file, prefix, has_date) in invalid_dates {
        flagged.insert(file);
        let message = if *has_date {
            format!(
                "`{prefix}` at the start of the file name is not a date, so it stays part of the page's slug"
            )
        } else {
            format!(
                "`{prefix}` at the start of the file name is not a date, so the page has none: it is published, but not listed on the home page or in the feeds"
            )
        };
        warnings.push(
            Diagnostic::warning(message, Some(Location::file(file))).with_note(
                "correct the date in the file name (YYYY-MM-DD), or set `date` in the front matter",
            ),
        );
    }
    for section in &site.sections {
        if section.is_home() {
            continue;
        }
        let own = || {
            section
                .pages
                .iter()
                .map(|id| site.page(*id))
                .filter(|p| p.key.lang == section.lang)
        };
        if !own().any(|p| p.date.is_some()) {
            continue;
        }
        for page in own().filter(|p| p.date.is_none()) {
            if flagged.contains(page.file.shown.as_path()) {
                continue;
            }
            warnings.push(
                Diagnostic::warning(
                    format!(
                        "this report has no date, unlike the others in `{}`: it is published at {}, but not listed on the home page or in the feeds",
                        section.dir,
                        url::rooted(&site.config, &page.path)
                    ),
                    Some(Location::file(&page.file.shown)),
                )
                .with_note("set `date = YYYY-MM-DD` in its front matter, or start its file name with YYYY-MM-DD-"),
            );
        }
    }
    warnings
}

/// The site path an alias redirects from: `/old/url/` or `/old.html`.
pub fn alias_path(alias: &str) -> String {
    let path = format!("/{}", alias.trim_start_matches('/'));
    if path.ends_with('/') || path.ends_with(".html") {
        path
    } else {
        format!("{path}/")
    }
}
