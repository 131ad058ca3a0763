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
use crate::content::front_matter::{SortBy, TermFront};
use crate::content::source::{Source, SourceKind};
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::page::Page;
use crate::site::slug::slugify;
use crate::site::{FastMap, FastSet, TkeyIndex};
use crate::site::{PageId, TermId, lists, order, url};

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

/// A page's use of a term: (taxonomy index, term key, the name as written).
type Tag = (usize, Arc<str>, Arc<str>);

/// Term sources by (taxonomy index, key, lang).
type Sources = BTreeMap<(usize, Arc<str>, Lang), TermSource>;

/// Builds every term of every taxonomy, with each page's terms (in the
/// page's language) by page id.
pub(crate) fn build(
    config: &Config,
    term_sources: Vec<Arc<Source>>,
    pages: &[Page],
    by_tkey: &TkeyIndex,
    diags: &mut Diagnostics,
) -> (Vec<Term>, Vec<Vec<TermId>>) {
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
    // Names (slugged) that resolve to a source KEY: in any language.
    let mut by_name: FastMap<(usize, String), Arc<str>> = Default::default();
    for ((tax, key, _), src) in &sources {
        by_name.insert((*tax, key.to_string()), key.clone());
        if let Some(title) = &src.front.title {
            by_name
                .entry((*tax, slugify(title)))
                .or_insert_with(|| key.clone());
        }
    }

    // Each page's (taxonomy, key, name as written). The same few hundred
    // names recur on thousands of pages: resolve each (taxonomy, name) once,
    // then every page's list in parallel.
    let tax_of = |name: &str| config.taxonomies.iter().position(|t| t.name == name);
    let written: FastSet<(usize, &str)> = pages
        .par_iter()
        .fold(FastSet::default, |mut set, page| {
            for (name, values) in &page.front.taxonomies {
                if let Some(tax) = tax_of(name) {
                    set.extend(values.iter().map(|v| (tax, v.as_str())));
                }
            }
            set
        })
        .reduce(FastSet::default, |mut a, b| {
            a.extend(b);
            a
        });
    // (taxonomy, name as written) → (key, trimmed name), or None without a slug.
    type Resolved = Option<(Arc<str>, Arc<str>)>;
    let resolved: FastMap<(usize, &str), Resolved> = written
        .into_iter()
        .map(|(tax, value)| {
            let slug = slugify(value);
            let found = (!slug.is_empty()).then(|| {
                let key = by_name
                    .get(&(tax, slug.clone()))
                    .cloned()
                    .unwrap_or_else(|| Arc::from(slug));
                (key, Arc::from(value.trim()))
            });
            ((tax, value), found)
        })
        .collect();
    let per_page: Vec<(Vec<Tag>, Vec<Diagnostic>)> = pages
        .par_iter()
        .map(|page| {
            let mut keys: Vec<Tag> = Vec::new();
            let mut found = Vec::new();
            for (name, values) in &page.front.taxonomies {
                let Some(tax) = tax_of(name) else {
                    continue;
                };
                for value in values {
                    let Some((key, written)) = resolved[&(tax, value.as_str())].clone() else {
                        found.push(Diagnostic::in_file(
                            format!(
                                "the {name} term `{value}` has no letters or digits to make a URL from"
                            ),
                            &page.file.shown,
                        ));
                        continue;
                    };
                    if !keys.iter().any(|(t, k, _)| *t == tax && *k == key) {
                        keys.push((tax, key, written));
                    }
                }
            }
            (keys, found)
        })
        .collect();
    let mut tagged: Vec<Vec<Tag>> = Vec::with_capacity(pages.len());
    for (keys, found) in per_page {
        tagged.push(keys);
        for d in found {
            diags.push(d);
        }
    }

    let lists = lists::per_language(config, pages, by_tkey, |id, _| {
        tagged[id.0 as usize]
            .iter()
            .map(|(t, k, _)| (*t, k.clone()))
            .collect()
    });

    let mut terms: Vec<Term> = Vec::new();
    let mut index: FastMap<(usize, Arc<str>, Lang), TermId> = FastMap::default();
    let mut keys: Vec<(usize, Arc<str>)> = lists.keys().cloned().collect();
    keys.extend(sources.keys().map(|(t, k, _)| (*t, k.clone())));
    keys.sort();
    keys.dedup();
    for (tax, key) in keys {
        for lang in config.langs() {
            let mut listed = lists
                .get(&(tax, key.clone()))
                .and_then(|m| m.get(lang))
                .cloned()
                .unwrap_or_default();
            let source = sources.get(&(tax, key.clone(), lang.clone())).cloned();
            if listed.is_empty() && source.is_none() {
                continue;
            }
            listed.sort_by(|a, b| {
                order::compare(SortBy::Date, &pages[a.0 as usize], &pages[b.0 as usize])
            });
            let name = term_name(config, &sources, &tagged, pages, tax, &key, lang, &listed);
            let id = TermId(terms.len() as u32);
            index.insert((tax, key.clone(), lang.clone()), id);
            terms.push(Term {
                taxonomy: tax,
                path: format!(
                    "{}{key}/",
                    list_path(config, lang, &config.taxonomies[tax].name)
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
    let page_terms = pages
        .iter()
        .zip(&tagged)
        .map(|(page, tags)| {
            tags.iter()
                .filter_map(|(t, k, _)| index.get(&(*t, k.clone(), page.key.lang.clone())).copied())
                .collect()
        })
        .collect();
    (terms, page_terms)
}

/// The term's name in `lang`: its source's title, else how this language's
/// pages write it, else how the listed (untranslated) pages write it.
#[allow(clippy::too_many_arguments)]
fn term_name(
    config: &Config,
    sources: &Sources,
    tagged: &[Vec<Tag>],
    pages: &[Page],
    tax: usize,
    key: &Arc<str>,
    lang: &Lang,
    listed: &[PageId],
) -> String {
    let from_source = |l: &Lang| {
        sources
            .get(&(tax, key.clone(), l.clone()))
            .and_then(|s| s.front.title.clone())
    };
    let written = |want_own: bool| {
        listed
            .iter()
            .filter(|id| (pages[id.0 as usize].key.lang == *lang) == want_own)
            .find_map(|id| {
                tagged[id.0 as usize]
                    .iter()
                    .find(|(t, k, _)| *t == tax && k == key)
                    .map(|(_, _, name)| name.to_string())
            })
    };
    from_source(lang)
        .or_else(|| written(true))
        .or_else(|| written(false))
        .or_else(|| config.langs().find_map(from_source))
        .unwrap_or_else(|| key.to_string())
}
