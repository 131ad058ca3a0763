//! The offline search: one Pagefind index per language, made from the
//! rendered pages, published under `pagefind/LANG/`.
//!
//! 1. [`indexed`]: the pages a reader can find — every published page but
//!    drafts and pages dated in the future, even when `--drafts` or
//!    `--future` renders them (a preview's search is the real one);
//! 2. [`fingerprint`]: what the index is made from, so that a cached build
//!    or `serve` makes it again only when an indexed page changed;
//! 3. [`build`]: each page's HTML ([`record::document`]) into Pagefind,
//!    one index per language (its stemmer: German for `de`), the files
//!    returned in memory for the one output write; of a page whose
//!    `<main>` is over [`cut::LIMIT`], only the start ([`cut`]), with a
//!    warning.
//!
//! The theme's search script loads the reader's language's index, and the
//! other languages' ones for pages that exist only there.

mod cut;
mod record;

pub(crate) use record::main_len;

use std::hash::{BuildHasher, Hash, Hasher};
use std::path::PathBuf;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::config::{Config, Lang};
use crate::content::date::Date;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::site::{FastMap, PageId, Site, TermId, url};
use serde::{Deserialize, Serialize};

/// The output folder of the indexes, one subfolder per language.
pub(crate) const DIR: &str = "pagefind";

/// The files of an index whose names do not depend on what is indexed.
const FIXED: [&str; 4] = [
    "pagefind.js",
    "pagefind-worker.js",
    "pagefind-entry.json",
    NAMES,
];

/// The names of the filters' values in the index's language, for the
/// theme's filter menus: `{"lessons": {"zuhoeren": "Zuhören"}, …}`.
const NAMES: &str = "names.json";

/// Index files by output path, with their bytes.
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// Files Pagefind makes that the theme's script does not use: its own UIs.
const UNUSED: [&str; 4] = [
    "pagefind-ui.",
    "pagefind-modular-ui.",
    "pagefind-component-ui.",
    "pagefind-highlight.js",
];

/// Output paths the indexes are sure to publish, for the path-claim check
/// (the rest, named by their content, live in subfolders of these).
pub(crate) fn claimed(config: &Config) -> Vec<String> {
    if !config.search.enabled {
        return Vec::new();
    }
    config
        .langs()
        .flat_map(|lang| {
            FIXED
                .iter()
                .map(move |f| format!("{DIR}/{lang}/{f}"))
                .chain([format!("{DIR}/{lang}/wasm.{lang}.pagefind")])
        })
        .collect()
}

/// The pages a reader can find: published, not a draft, not in the future.
pub(crate) fn indexed(site: &Site) -> Vec<PageId> {
    if !site.config.search.enabled {
        return Vec::new();
    }
    let now = Date::now();
    site.page_ids()
        .filter(|&id| {
            let page = site.page(id);
            !page.front.draft && page.date.is_none_or(|d| d.instant() <= now)
        })
        .collect()
}

/// The output file of an indexed page.
pub(crate) fn page_file(site: &Site, id: PageId) -> String {
    url::output_file(&site.page(id).path)
}

/// A digest of what the indexes are made from: the indexed pages' output
/// files and their fingerprints (which cover everything a page is rendered
/// from, its terms and translations too), and the search settings.
pub(crate) fn fingerprint(site: &Site, prints: &FastMap<String, u64>) -> u64 {
    let mut h = ahash::RandomState::with_seeds(11, 12, 13, 14).build_hasher();
    (
        site.config.search.enabled,
        site.config.search.other_language,
    )
        .hash(&mut h);
    pagefind_version().hash(&mut h);
    for id in indexed(site) {
        let out = page_file(site, id);
        prints.get(&out).hash(&mut h);
        out.hash(&mut h);
    }
    // The filter values' names (names.json).
    for lang in site.config.langs() {
        names(site, lang).hash(&mut h);
    }
    h.finish()
}

fn pagefind_version() -> &'static str {
    "1.6"
}

/// Indexes every page of [`indexed`], reading each one's HTML with `html`
/// (by output file), and returns the index files by output path; a page
/// indexed only in part is added to `cuts`.
pub(crate) fn build(
    site: &Site,
    html: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
    cuts: &mut Vec<Cut>,
) -> Result<Files, Diagnostics> {
    let ids = indexed(site);
    if !site.config.search.enabled {
        return Ok(Vec::new());
    }
    let langs: Vec<&Lang> = site.config.langs().collect();
    // A thread per language, each with its own runtime: Pagefind's API is
    // async, and a caller may itself be inside a runtime (`serve`).
    let made: Vec<Result<(Files, Vec<Cut>), Diagnostic>> = std::thread::scope(|scope| {
        let handles: Vec<_> = langs
            .iter()
            .map(|lang| {
                let ids = &ids;
                scope.spawn(move || index_language(site, lang, ids, html))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(Diagnostic::error("the search indexer stopped", None)))
            })
            .collect()
    });
    let mut files = Vec::new();
    let mut diags = Diagnostics::new();
    for m in made {
        match m {
            Ok((f, c)) => {
                files.extend(f);
                cuts.extend(c);
            }
            Err(d) => diags.push(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(files)
}

/// The index of `lang`'s pages.
fn index_language(
    site: &Site,
    lang: &Lang,
    ids: &[PageId],
    html: &(dyn Fn(&str) -> Option<Vec<u8>> + Sync),
) -> Result<(Files, Vec<Cut>), Diagnostic> {
    let failed =
        |e: String| Diagnostic::error(format!("cannot build the {lang} search index: {e}"), None);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(e.to_string()))?;
    runtime.block_on(async {
        let options = PagefindServiceConfig::builder()
            .force_language(lang.as_str().to_owned())
            .root_selector("main".to_owned())
            .build();
        let mut index = PagefindIndex::new(Some(options)).map_err(|e| failed(format!("{e:#}")))?;
        let mut cuts = Vec::new();
        for &id in ids {
            let page = site.page(id);
            if &page.key.lang != lang {
                continue;
            }
            let out = page_file(site, id);
            let Some(bytes) = html(&out) else {
                return Err(failed(format!("the page {out} was not rendered")));
            };
            let (doc, long) = record::document(site, page, bytes);
            if let Some(len) = long {
                cuts.push(Cut {
                    file: page.file.shown.to_path_buf(),
                    len,
                });
            }
            let url = url::rooted(&site.config, &page.path);
            index
                .add_html_file(None, Some(url), doc)
                .await
                .map_err(|e| failed(format!("{e:#}")))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| failed(format!("{e:#}")))?;
        let names = (format!("{DIR}/{lang}/{NAMES}"), names(site, lang));
        let files = std::iter::once(names)
            .chain(files.into_iter().filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                let unused =
                    UNUSED.iter().any(|u| name.starts_with(u)) || name.starts_with("wasm.unknown");
                (!unused).then(|| (format!("{DIR}/{lang}/{name}"), f.contents))
            }))
            .collect();
        Ok((files, cuts))
    })
}

/// A page the index holds only the first [`cut::LIMIT`] bytes of: its
/// content file, and how long its `<main>` is. Kept in the build cache, so
/// that a build that keeps the index warns of it as the one that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Cut {
    /// The report, as messages name it.
    pub(crate) file: PathBuf,
    /// Bytes of HTML in its `<main>`.
    pub(crate) len: usize,
}

/// The cuts an index of `site` makes, from how long the `<main>` of each
/// page is ([`main_len`]) by its output file: for `check`, which makes no
/// index but warns as `build` does.
pub(crate) fn cuts(site: &Site, main_len: impl Fn(&str) -> Option<usize>) -> Vec<Cut> {
    (indexed(site).into_iter())
        .filter_map(|id| {
            let len = main_len(&page_file(site, id)).filter(|&len| len > cut::LIMIT)?;
            Some(Cut {
                file: site.page(id).file.shown.to_path_buf(),
                len,
            })
        })
        .collect()
}

impl Cut {
    /// The warning that the page is searchable only in part.
    pub(crate) fn warning(&self) -> Diagnostic {
        let mib = |n: usize| n as f64 / f64::from(1 << 20);
        Diagnostic::warning(
            format!(
                "only the first {} MiB of this report is searchable: its page is {:.1} MiB of HTML, and the search index takes at most {} MiB of a page",
                cut::LIMIT >> 20,
                mib(self.len),
                cut::LIMIT >> 20,
            ),
            Some(Location::file(&self.file)),
        )
        .with_note("split the report into several smaller ones to make all of it searchable")
    }
}

/// The filter values' names as `lang`'s readers read them: a term or an
/// event by its name in `lang`, else in the language it exists in.
fn names(site: &Site, lang: &Lang) -> Vec<u8> {
    use std::collections::BTreeMap;
    let mut out: BTreeMap<&str, BTreeMap<&str, &str>> = BTreeMap::new();
    let mut put = |filter, key, name, own: bool| {
        let values = out.entry(filter).or_default();
        if own || !values.contains_key(key) {
            values.insert(key, name);
        }
    };
    for (i, term) in site.terms.iter().enumerate() {
        let filter = site.config.taxonomies[term.taxonomy].name.as_str();
        let key = record::filter_key(site, TermId(i as u32));
        put(filter, key, term.name.as_str(), &term.lang == lang);
    }
    for event in &site.events {
        put(
            "event",
            &*event.key,
            event.name.as_str(),
            &event.lang == lang,
        );
    }
    serde_json::to_vec(&out).unwrap_or_default()
}
