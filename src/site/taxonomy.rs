//! Taxonomy terms ("lessons learned", tags): one term across languages,
//! named per language, listed per language.
//!
//! A term's identity is its KEY: the file name of its term source
//! (`content/lessons/listen-first.de.md`), else the slug of its name. A page
//! may tag with the term's name in any language or with the KEY.

use std::collections::BTreeMap;

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Lang};
use crate::content::front_matter::TermFront;
use crate::content::source::{Source, SourceKind};
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::lists::{self, Listing};
use crate::site::page::Page;
use crate::site::pages::file_id;
use crate::site::prior::Prior;
use crate::site::slug::slugify;
use crate::site::{FastMap, FastSet};
use crate::site::{PageId, TermId, url};

/// A term's own page source in one language.
#[derive(Debug, Clone)]
pub struct TermSource {
    /// The file.
    pub file: Arc<SourceFile>,
    /// The Markdown body's range.
    pub body: Range<usize>,
    /// Its front matter.
    pub front: TermFront,
}

/// One term in one language.
#[derive(Debug, Clone)]
pub struct Term {
    /// Index into `config.taxonomies`.
    pub taxonomy: usize,
    /// Identity across languages, and the slug.
    pub key: Arc<str>,
    /// The language of this version.
    pub lang: Lang,
    /// The name in this language.
    pub name: String,
    /// Site path, `/en/lessons/listen-first/`.
    pub path: String,
    /// The term source in this language, if any.
    pub source: Option<TermSource>,
    /// Pages listed, newest first.
    pub pages: Vec<PageId>,
    /// The same term in other languages.
    pub translations: Vec<TermId>,
}

/// The site path of a taxonomy's term list in `lang`: `/en/lessons/`.
pub fn list_path(config: &Config, lang: &Lang, taxonomy: &str) -> String {
    url::section_path(config, lang, taxonomy)
}

/// An interned term: its (taxonomy index, KEY) in [`Tagging::keys`].
type KeyId = u32;

/// A page's use of a term: the term, and the name as written (an index
/// into [`Tagging::names`]).
type Tag = (KeyId, u32);

/// Term sources by (taxonomy index, key, lang).
type Sources = BTreeMap<(usize, Arc<str>, Lang), TermSource>;

/// How the pages tag: every term named, every name as written, and each
/// page's terms, by index, so that thousands of pages share a few hundred
/// strings without touching them. Kept in the model: an update whose pages
/// tag as before takes it over.
#[derive(Debug, Clone)]
pub(crate) struct Tagging {
    /// The term source files it was made with, by identity.
    files: Vec<usize>,
    /// Every term tagged or with a source, and every name as written.
    terms: Interner,
    /// Whether each of `terms.keys` has a source.
    sourced: Vec<bool>,
    /// Each page's tags, in the order written, one per term.
    tagged: Vec<Vec<Tag>>,
}

/// Builds every term of every taxonomy, with each page's terms (in the
/// page's language) by page id.
pub(crate) fn build(
    config: &Config,
    term_sources: Vec<Arc<Source>>,
    pages: &[Page],
    listing: &Listing,
    prior: Option<Prior<'_>>,
    diags: &mut Diagnostics,
) -> (Vec<Term>, Vec<Vec<TermId>>, Arc<Tagging>) {
    let files: Vec<usize> = term_sources.iter().map(|s| file_id(&s.file)).collect();
    let sources = sources(config, term_sources);
    let same = |p: &Prior<'_>| p.agrees(pages, |a, b| a.front.taxonomies == b.front.taxonomies);
    let tagging = match prior.filter(|p| p.site.tagging.files == files) {
        Some(p) if same(&p) => p.site.tagging.clone(),
        Some(p) => Arc::new(
            p.site
                .tagging
                .retag(config, &sources, pages, p.remade(), diags),
        ),
        None => Arc::new(tagging(config, &sources, files, pages, diags)),
    };
    // Tagged as before and listed as before: the terms are the ones before.
    if let Some(p) = prior.filter(|p| Arc::ptr_eq(&p.site.tagging, &tagging))
        && listing.is(&p.site.listing)
    {
        let page_terms = p.site.pages.iter().map(|page| page.terms.clone()).collect();
        return (p.site.terms.clone(), page_terms, tagging);
    }
    let lists = lists::per_language(listing, pages, |id, _| {
        tagging.tagged[id.0 as usize]
            .iter()
            .map(|(k, _)| *k)
            .collect()
    });
    // Every term tagged, and every term with a source (listing no page yet).
    let mut ids: Vec<KeyId> = (0..tagging.terms.keys.len() as KeyId)
        .filter(|id| lists.contains_key(id) || tagging.sourced[*id as usize])
        .collect();
    ids.sort_by(|a, b| tagging.terms.keys[*a as usize].cmp(&tagging.terms.keys[*b as usize]));
    let mut terms: Vec<Term> = Vec::new();
    // Each key's term in each language, by language index.
    let mut index: FastMap<(KeyId, usize), TermId> = FastMap::default();
    for id in ids {
        let (tax, key) = &tagging.terms.keys[id as usize];
        for (l, lang) in config.langs().enumerate() {
            let mut listed = lists.get(&id).map(|m| m[l].clone()).unwrap_or_default();
            let source = sources.get(&(*tax, key.clone(), lang.clone())).cloned();
            if listed.is_empty() && source.is_none() {
                continue;
            }
            listing.sort_by_date(&mut listed);
            let name = term_name(config, &sources, &tagging, pages, id, lang, &listed);
            index.insert((id, l), TermId(terms.len() as u32));
            terms.push(Term {
                taxonomy: *tax,
                path: format!(
                    "{}{key}/",
                    list_path(config, lang, &config.taxonomies[*tax].name)
                ),
                key: key.clone(),
                lang: lang.clone(),
                name: super::smart_text(config, lang, &name),
                source,
                pages: listed,
                translations: Vec::new(),
            });
        }
    }
    link_translations(&mut terms);
    let lang_index = |lang: &Lang| config.langs().position(|l| l == lang);
    let page_terms = pages
        .iter()
        .zip(&tagging.tagged)
        .map(|(page, tags)| {
            let l = lang_index(&page.key.lang);
            tags.iter()
                .filter_map(|(k, _)| index.get(&(*k, l?)).copied())
                .collect()
        })
        .collect();
    (terms, page_terms, tagging)
}

/// The term pages' sources, by taxonomy, KEY and language.
fn sources(config: &Config, term_sources: Vec<Arc<Source>>) -> Sources {
    let mut sources = Sources::new();
    for s in term_sources {
        let SourceKind::Term { taxonomy, front } = &s.kind else {
            continue;
        };
        let Some(tax) = config.taxonomies.iter().position(|t| &t.name == taxonomy) else {
            continue;
        };
        let key: Arc<str> = Arc::from(slugify(&s.path.stem));
        sources.insert(
            (tax, key, s.path.lang.clone()),
            TermSource {
                file: s.file.clone(),
                body: s.body.clone(),
                front: front.clone(),
            },
        );
    }
    sources
}

/// Terms and names as written, each given an index once.
#[derive(Debug, Clone, Default)]
struct Interner {
    keys: Vec<(usize, Arc<str>)>,
    ids: FastMap<(usize, Arc<str>), KeyId>,
    names: Vec<Arc<str>>,
}

impl Interner {
    fn key(&mut self, tax: usize, key: Arc<str>) -> KeyId {
        *self.ids.entry((tax, key.clone())).or_insert_with(|| {
            self.keys.push((tax, key));
            self.keys.len() as KeyId - 1
        })
    }

    fn name(&mut self, name: &str) -> u32 {
        self.names.push(Arc::from(name));
        self.names.len() as u32 - 1
    }
}

/// Resolves what every page tags. The same few hundred names recur on
/// thousands of pages: each (taxonomy, name) is resolved once, then every
/// page's list is made in parallel.
fn tagging(
    config: &Config,
    sources: &Sources,
    files: Vec<usize>,
    pages: &[Page],
    diags: &mut Diagnostics,
) -> Tagging {
    let mut interner = Interner::default();
    let resolved = resolve(&mut interner, sources, written(config, pages));
    let per_page: Vec<(Vec<Tag>, Vec<Diagnostic>)> = pages
        .par_iter()
        .map(|page| page_tags(config, page, &resolved))
        .collect();
    let mut tagged = Vec::with_capacity(pages.len());
    for (tags, found) in per_page {
        tagged.push(tags);
        for d in found {
            diags.push(d);
        }
    }
    // Terms with a source, whether pages tag them or not.
    let with_source: Vec<KeyId> = (sources.keys())
        .map(|(tax, key, _)| interner.key(*tax, key.clone()))
        .collect();
    let mut sourced = vec![false; interner.keys.len()];
    for id in with_source {
        sourced[id as usize] = true;
    }
    Tagging {
        files,
        terms: interner,
        sourced,
        tagged,
    }
}

/// (taxonomy, name as written) → its tag, or None without a slug: each
/// name resolved once, to a term source's KEY when one is named so.
fn resolve<'p>(
    interner: &mut Interner,
    sources: &Sources,
    written: FastSet<(usize, &'p str)>,
) -> FastMap<(usize, &'p str), Option<Tag>> {
    let by_name = source_names(sources);
    (written.into_iter())
        .map(|(tax, value)| {
            let slug = slugify(value);
            let found = (!slug.is_empty()).then(|| {
                let key =
                    (by_name.get(&(tax, slug.clone())).cloned()).unwrap_or_else(|| Arc::from(slug));
                (interner.key(tax, key), interner.name(value.trim()))
            });
            ((tax, value), found)
        })
        .collect()
}

impl Tagging {
    /// This tagging with the tags of the pages `remade` (the others tag as
    /// before) made again: new terms and names are added, and those no
    /// page tags any more stay unused (a term lists the pages tagging it).
    fn retag(
        &self,
        config: &Config,
        sources: &Sources,
        pages: &[Page],
        remade: &[PageId],
        diags: &mut Diagnostics,
    ) -> Tagging {
        let mut next = self.clone();
        let remade_pages: Vec<&Page> = remade.iter().map(|id| &pages[id.0 as usize]).collect();
        let written = written_by(config, remade_pages.iter().copied());
        let resolved = resolve(&mut next.terms, sources, written);
        for (id, page) in remade.iter().zip(remade_pages) {
            let (tags, found) = page_tags(config, page, &resolved);
            next.tagged[id.0 as usize] = tags;
            found.into_iter().for_each(|d| diags.push(d));
        }
        next.sourced.resize(next.terms.keys.len(), false);
        next
    }
}

/// Names (slugged) that resolve to a source KEY, in any language: the
/// KEY itself and the source's title.
fn source_names(sources: &Sources) -> FastMap<(usize, String), Arc<str>> {
    let mut by_name: FastMap<(usize, String), Arc<str>> = Default::default();
    for ((tax, key, _), src) in sources {
        by_name.insert((*tax, key.to_string()), key.clone());
        if let Some(title) = &src.front.title {
            by_name
                .entry((*tax, slugify(title)))
                .or_insert_with(|| key.clone());
        }
    }
    by_name
}

/// Every (taxonomy, name as written) the pages use.
fn written<'p>(config: &Config, pages: &'p [Page]) -> FastSet<(usize, &'p str)> {
    pages
        .par_chunks(256)
        .map(|chunk| written_by(config, chunk.iter()))
        .reduce(FastSet::default, |mut a, b| {
            a.extend(b);
            a
        })
}

/// [`written`], of some pages.
fn written_by<'p>(
    config: &Config,
    pages: impl Iterator<Item = &'p Page>,
) -> FastSet<(usize, &'p str)> {
    let mut set = FastSet::default();
    for page in pages {
        for (name, values) in &page.front.taxonomies {
            if let Some(tax) = taxonomy_index(config, name) {
                set.extend(values.iter().map(|v| (tax, v.as_str())));
            }
        }
    }
    set
}

/// The index of the taxonomy called `name` in `config.taxonomies`.
fn taxonomy_index(config: &Config, name: &str) -> Option<usize> {
    config.taxonomies.iter().position(|t| t.name == name)
}

/// A page's tags, one per term, in the order written; and what it tags
/// with a name no URL can be made from.
fn page_tags(
    config: &Config,
    page: &Page,
    resolved: &FastMap<(usize, &str), Option<Tag>>,
) -> (Vec<Tag>, Vec<Diagnostic>) {
    let mut tags: Vec<Tag> = Vec::new();
    let mut found = Vec::new();
    for (name, values) in &page.front.taxonomies {
        let Some(tax) = taxonomy_index(config, name) else {
            continue;
        };
        for value in values {
            let Some((key, written)) = resolved[&(tax, value.as_str())] else {
                found.push(Diagnostic::in_file(
                    format!(
                        "the {name} term `{value}` has no letters or digits to make a URL from"
                    ),
                    &page.file.shown,
                ));
                continue;
            };
            if !tags.iter().any(|(k, _)| *k == key) {
                tags.push((key, written));
            }
        }
    }
    (tags, found)
}

/// Links each term to the same term in the other languages.
fn link_translations(terms: &mut [Term]) {
    let mut versions: FastMap<(usize, Arc<str>), Vec<TermId>> = FastMap::default();
    for (i, term) in terms.iter().enumerate() {
        versions
            .entry((term.taxonomy, term.key.clone()))
            .or_default()
            .push(TermId(i as u32));
    }
    for (i, term) in terms.iter_mut().enumerate() {
        term.translations = versions[&(term.taxonomy, term.key.clone())]
            .iter()
            .copied()
            .filter(|id| id.0 as usize != i)
            .collect();
    }
}

/// The term's name in `lang`: its source's title, else how this language's
/// pages write it, else how the listed (untranslated) pages write it.
fn term_name(
    config: &Config,
    sources: &Sources,
    tagging: &Tagging,
    pages: &[Page],
    id: KeyId,
    lang: &Lang,
    listed: &[PageId],
) -> String {
    let (tax, key) = &tagging.terms.keys[id as usize];
    let from_source = |l: &Lang| {
        sources
            .get(&(*tax, key.clone(), l.clone()))
            .and_then(|s| s.front.title.clone())
    };
    let written = |want_own: bool| {
        listed
            .iter()
            .filter(|page| (pages[page.0 as usize].key.lang == *lang) == want_own)
            .find_map(|page| {
                tagging.tagged[page.0 as usize]
                    .iter()
                    .find(|(k, _)| *k == id)
                    .map(|(_, name)| tagging.terms.names[*name as usize].to_string())
            })
    };
    from_source(lang)
        .or_else(|| written(true))
        .or_else(|| written(false))
        .or_else(|| config.langs().find_map(from_source))
        .unwrap_or_else(|| key.to_string())
}
