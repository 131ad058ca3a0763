//! `debrief build`'s pipeline: every stage, with each file written as soon
//! as it is rendered, and the build cache.
//!
//! - Cold (no valid cache, `cold`): files stream into a staging folder that
//!   replaces the output only once everything is written; nothing is held
//!   in memory but the model and the bodies.
//! - Cached (`cached`): the model is assembled anew, and only the outputs
//!   whose fingerprint changed (or whose file is no longer the one written)
//!   are rendered, in memory; only when all of them rendered are they
//!   written into the spare copy of the output kept in the cache (hard
//!   links to the output's files), which is then exchanged with the output.
//!
//! Either way the output is replaced by one atomic exchange: after an error
//! or a kill it is the old site or the new one (`output::write`).
//! The output is byte for byte the same whichever way it was built (tested).
//! `check` runs the same stages and writes nothing.

mod cached;
mod check;
mod cold;

use std::path::Path;
use std::sync::Arc;

use super::bodies::CachedBody;
use super::clock::Clock;
use super::derive::Derived;
use super::inputs::{Inputs, read_inputs};
use super::persist::{self, Copied, Files, Snapshot};
use crate::config::Overrides;
use crate::content::Reading;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::error::Error;
use crate::i18n;
use crate::markdown::highlight::Highlighter;
use crate::output::{Sink, Stamp};
use crate::search;
use crate::site::{FastMap, FastSet, Site};

pub use check::check;

/// What a build did.
pub struct Published {
    /// The site model.
    pub site: Arc<Site>,
    /// Warnings found on the way.
    pub warnings: Diagnostics,
    /// Translation coverage notes.
    pub coverage: Diagnostics,
    /// Files in the output.
    pub files: usize,
    /// Files rendered by this build.
    pub rendered: usize,
    /// Whether the previous build's cache was used.
    pub cached: bool,
}

/// Builds the site at `root` into `dest`; with `use_cache`, reuses what the
/// previous build left in `.debrief-cache/` and leaves the same for the next.
pub fn publish(
    root: &Path,
    overrides: &Overrides,
    dest: &Path,
    use_cache: bool,
) -> Result<Published, Error> {
    let mut clock = Clock::start();
    let (mut inputs, highlighter, warnings, last) =
        read_with_cache(root, overrides, dest, use_cache, &mut clock)?;
    clock.lap("inputs");
    if !use_cache {
        // Images are made again, in a folder of their own that goes with the build.
        inputs.images = Arc::new(crate::images::Store::scratch().map_err(|e| Error::Io {
            path: std::env::temp_dir(),
            source: e,
        })?);
    }
    let stored = last.snapshot.as_ref().map(|s| s.lists);
    let keep_in = root.join(persist::DIR);
    let keep_in = use_cache.then_some(&*keep_in);
    let mut done = build(&inputs, &highlighter, dest, keep_in, last.snapshot)?;
    clock.lap("build");
    let files = output_count(
        done.snapshot.files.keys().map(String::as_str),
        done.snapshot.copies.keys().map(String::as_str),
    );
    if use_cache {
        done.snapshot.key = last.key;
        if let Err(e) = persist::save(root, done.snapshot, stored) {
            eprintln!(
                "warning: cannot save the build cache in {}: {e}",
                root.join(persist::DIR).display()
            );
        }
    }
    clock.lap("save cache");
    let coverage = i18n::coverage::report(&done.site, &inputs.catalog);
    clock.lap("coverage");
    let mut warnings = warnings;
    warnings.extend(done.warnings);
    Ok(Published {
        files,
        site: done.site,
        warnings,
        coverage,
        rendered: done.rendered,
        cached: done.cached,
    })
}

/// What the previous build left: the cache key this build's inputs give,
/// and the snapshot, when there is one made with that key.
struct Last {
    key: u64,
    snapshot: Option<Snapshot>,
}

/// Reads the site's inputs; with `use_cache`, loads the previous build's
/// snapshot while the content is found, so that the files it knows need
/// not be read again.
fn read_with_cache(
    root: &Path,
    overrides: &Overrides,
    dest: &Path,
    use_cache: bool,
    clock: &mut Clock,
) -> Result<(Inputs, Arc<Highlighter>, Diagnostics, Last), Error> {
    let mut last = Last {
        key: 0,
        snapshot: None,
    };
    let (inputs, highlighter, warnings) = read_inputs(
        root,
        overrides,
        |config, catalog, templates| {
            last.key = persist::key(config, catalog, templates, dest);
            last.snapshot = use_cache
                .then(|| persist::load(root, last.key))
                .flatten()
                .filter(|_| dest.is_dir());
            clock.lap("load cache");
            last.snapshot
                .as_ref()
                .map(persist::known_sources)
                .unwrap_or_default()
        },
        Reading::FrontMatter,
    )?;
    Ok((inputs, highlighter, warnings, last))
}

/// The cached build when there is a snapshot and it finds little changed,
/// else the cold one.
fn build(
    inputs: &Inputs,
    highlighter: &Highlighter,
    dest: &Path,
    keep_in: Option<&Path>,
    snapshot: Option<Snapshot>,
) -> Result<Done, Error> {
    if let (Some(snapshot), Some(keep_in)) = (snapshot, keep_in)
        && let Some(done) = cached::cached(inputs, highlighter, dest, keep_in, snapshot)?
    {
        return Ok(done);
    }
    cold::cold(inputs, highlighter, dest, keep_in)
}

/// How many files an output holds: those rendered, and those copied that
/// nothing rendered replaces.
fn output_count<'a>(
    rendered: impl Iterator<Item = &'a str>,
    copied: impl Iterator<Item = &'a str>,
) -> usize {
    let mut files: FastSet<&str> = rendered.collect();
    files.extend(copied);
    files.len()
}

/// A finished build and the snapshot describing its output.
struct Done {
    site: Arc<Site>,
    warnings: Diagnostics,
    snapshot: Snapshot,
    rendered: usize,
    cached: bool,
}

fn io_error(e: Error) -> Diagnostic {
    match e {
        Error::Io { path, source } => Diagnostic::error(
            format!("cannot write: {source}"),
            Some(Location::file(&path)),
        ),
        other => Diagnostic::error(other.to_string(), None),
    }
}

/// Copies `src` to `rel` through `sink`, with the stamps the next build
/// compares: the source's, and the copy's as written.
fn copy(sink: &dyn Sink, rel: &str, src: &Path) -> Result<(String, Copied), Error> {
    let src_stamp = Stamp::read(src).ok_or_else(|| {
        Error::io(
            src,
            std::io::Error::new(std::io::ErrorKind::NotFound, "cannot read"),
        )
    })?;
    let stamp = sink.copy(rel, src)?;
    Ok((
        rel.to_owned(),
        Copied {
            src: src.to_path_buf(),
            src_stamp,
            stamp,
        },
    ))
}

/// The build finished as `derived`, with the `files` and `copies` now in
/// the output, and the snapshot the next build starts from.
/// What a build did, `search_cuts` the pages its search index holds only
/// the start of (each a warning).
fn done<T>(
    mut derived: Derived<T>,
    files: Files,
    copies: FastMap<String, Copied>,
    search_cuts: Vec<search::Cut>,
    cached: bool,
) -> Done {
    for cut in &search_cuts {
        derived.warnings.push(cut.warning());
    }
    let rendered = derived.files.len();
    let search = search::fingerprint(&derived.site, &derived.fingerprints);
    // A page's body is rendered again with its page; section and term
    // bodies (few) are kept whole for the list pages that show them.
    let pages: FastSet<&Path> = derived.site.pages.iter().map(|p| &*p.file.shown).collect();
    let bodies: Vec<CachedBody> = derived
        .cache
        .into_values()
        .map(|mut c| {
            if pages.contains(&*c.shown) && !c.rendered.partial {
                c.rendered = Arc::new(c.rendered.list_only());
            }
            c
        })
        .collect();
    drop(pages);
    Done {
        site: derived.site,
        warnings: derived.warnings,
        snapshot: Snapshot {
            key: 0,
            url_set: derived.url_set,
            lists: 0,
            bodies,
            fingerprints: derived.fingerprints,
            files,
            copies,
            search,
            search_cuts,
        },
        rendered,
        cached,
    }
}
