//! Steps 1–2 of the model: which pages this build publishes, each made
//! from its file (or taken from the model before when its file is the same
//! one), sorted by key and indexed.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, Lang};
use crate::content::date::Date;
use crate::content::source::{Source, SourceKind};
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::page::{Page, PageKey};
use crate::site::prior::Prior;
use crate::site::{FastMap, LeftOut, PageId, Site, TkeyIndex};

/// The published pages, sorted by key, and what was left out.
pub(super) struct Published {
    pub(super) pages: Vec<Page>,
    /// The pages made from their file in this build, not taken from the
    /// model before.
    pub(super) remade: Vec<PageId>,
    /// Translation keys of pages left out of this build (drafts, future).
    pub(super) unpublished: BTreeSet<Arc<str>>,
    pub(super) left_out: Vec<LeftOut>,
}

/// Ok(page, whether it was made anew) when published, Err(its translation
/// key and why) when left out.
type Made = Result<(Page, bool, Diagnostics), (Arc<str>, LeftOut)>;

/// Makes (or takes over from `previous`) every page `sources` publish.
pub(super) fn publish(
    config: &Config,
    sources: Vec<Arc<Source>>,
    previous: Option<&Site>,
) -> Result<Published, Diagnostics> {
    let now = Date::now();
    let earlier: FastMap<usize, &Page> = previous
        .map(|p| {
            (p.pages.iter())
                .map(|page| (file_id(&page.file), page))
                .collect()
        })
        .unwrap_or_default();
    let made: Vec<Made> = sources
        .into_par_iter()
        .map(|source| {
            let SourceKind::Page(front) = &source.kind else {
                unreachable!("only pages are published here")
            };
            let date = front.date.or(source.path.date);
            let future = date.is_some_and(|d| d.instant() > now);
            if (front.draft && !config.drafts) || (future && !config.future && !config.drafts) {
                let why = LeftOut {
                    file: source.file.shown.clone(),
                    lang: source.path.lang.clone(),
                    draft: front.draft,
                };
                return Err((Arc::from(source.path.translation_key()), why));
            }
            let same =
                (earlier.get(&file_id(&source.file))).filter(|page| page.assets == source.assets);
            if let Some(page) = same {
                return Ok((page.unlinked(), false, Diagnostics::new()));
            }
            let mut found = Diagnostics::new();
            let tkey = Arc::from(source.path.translation_key());
            let page = Page::new(config, &source, tkey, date, &mut found);
            Ok((page, true, found))
        })
        .collect();
    let mut diags = Diagnostics::new();
    let mut pages: Vec<(Page, bool)> = Vec::with_capacity(made.len());
    let mut unpublished = BTreeSet::new();
    let mut left_out = Vec::new();
    for m in made {
        match m {
            Ok((page, new, found)) => {
                pages.push((page, new));
                diags.extend(found);
            }
            Err((tkey, why)) => {
                unpublished.insert(tkey);
                left_out.push(why);
            }
        }
    }
    pages.par_sort_by(|a, b| a.0.key.cmp(&b.0.key));
    let remade = (pages.iter().enumerate())
        .filter(|(_, (_, new))| *new)
        .map(|(i, _)| PageId(i as u32))
        .collect();
    let published = Published {
        pages: pages.into_iter().map(|(page, _)| page).collect(),
        remade,
        unpublished,
        left_out,
    };
    diags.extend(duplicates(&published.pages));
    diags.into_result().map(|_| published)
}

/// Two files that are the same language version of one page.
fn duplicates(pages: &[Page]) -> Diagnostics {
    let mut diags = Diagnostics::new();
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
    diags
}

/// The pages by key, and by translation key in language order.
pub(super) type Indexes = (Arc<FastMap<PageKey, PageId>>, Arc<TkeyIndex>);

/// The indexes of `pages`: those of the model before when `prior` says its
/// pages are these pages.
pub(super) fn index(config: &Config, pages: &[Page], prior: Option<Prior<'_>>) -> Indexes {
    if let Some(p) = prior {
        return (p.site.by_key.clone(), p.site.by_tkey.clone());
    }
    let by_key: FastMap<PageKey, PageId> = (pages.iter().enumerate())
        .map(|(i, p)| (p.key.clone(), PageId(i as u32)))
        .collect();
    let mut by_tkey: TkeyIndex = FastMap::default();
    for (i, p) in pages.iter().enumerate() {
        (by_tkey.entry(p.key.tkey.clone()).or_default()).push(PageId(i as u32));
    }
    let lang_rank = |lang: &Lang| config.langs().position(|l| l == lang).unwrap_or(usize::MAX);
    for ids in by_tkey.values_mut() {
        ids.sort_by_key(|id| lang_rank(&pages[id.0 as usize].key.lang));
    }
    (Arc::new(by_key), Arc::new(by_tkey))
}

/// Whether two page lists have the same keys in the same order: then a
/// page id means the same page in both.
pub(super) fn same_keys(a: &[Page], b: &[Page]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.key == y.key)
}

/// A loaded file's identity: the same while it is not read again.
pub(super) fn file_id(file: &Arc<SourceFile>) -> usize {
    Arc::as_ptr(file) as usize
}
