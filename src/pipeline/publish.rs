//! `debrief build`'s pipeline: every stage, with each file written as soon
//! as it is rendered, and the build cache.
//!
//! - Cold (no valid cache): files stream into a staging folder that replaces
//!   the output only once everything is written; nothing is held in memory
//!   but the model and the bodies.
//! - Cached: the model is assembled anew, and only the outputs whose
//!   fingerprint changed (or whose file is no longer the one written) are
//!   rendered, in memory; only when all of them rendered are they written
//!   into the spare copy of the output kept in the cache (hard links to the
//!   output's files), which is then exchanged with the output.
//!
//! Either way the output is replaced by one atomic exchange: after an error
//! or a kill it is the old site or the new one (`output::write`).
//! The output is byte for byte the same whichever way it was built (tested).

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::bodies::{BodyCache, CachedBody};
use super::clock::Clock;
use super::derive::{BodyMode, Derived, Reuse, derive, plan_dirty, prepare};
use super::inputs::{Inputs, read_inputs};
use super::persist::{self, Copied, Files, OutputCheck, Snapshot};
use super::references;
use super::statics::{HIGHLIGHT_CSS, builtin_static, highlight_css};
use crate::config::Overrides;
use crate::content::Reading;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::error::Error;
use crate::i18n;
use crate::markdown::highlight::Highlighter;
use crate::output::diff::copies_shown;
use crate::output::write::{Spare, Staging};
use crate::output::{Sink, Stamp};
use crate::render;
use crate::search;
use crate::site::{FastMap, FastSet, Site};

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
    let mut key = 0;
    let mut snapshot: Option<Snapshot> = None;
    let keep_in = root.join(persist::DIR);
    let (mut inputs, highlighter, warnings) = read_inputs(
        root,
        overrides,
        |config, catalog, templates| {
            key = persist::key(config, catalog, templates, dest);
            snapshot = use_cache
                .then(|| persist::load(root, key))
                .flatten()
                .filter(|_| dest.is_dir());
            clock.lap("load cache");
            snapshot
                .as_ref()
                .map(persist::known_sources)
                .unwrap_or_default()
        },
        Reading::FrontMatter,
    )?;
    clock.lap("inputs");
    if !use_cache {
        // Images are made again, in a folder of their own that goes with the build.
        inputs.images = Arc::new(crate::images::Store::scratch().map_err(|e| Error::Io {
            path: std::env::temp_dir(),
            source: e,
        })?);
    }
    let stored = snapshot.as_ref().map(|s| s.lists);
    let mut done = match snapshot {
        Some(snapshot) => match cached(&inputs, &highlighter, dest, &keep_in, snapshot)? {
            Some(done) => done,
            None => cold(&inputs, &highlighter, dest, use_cache.then_some(&*keep_in))?,
        },
        None => cold(&inputs, &highlighter, dest, use_cache.then_some(&*keep_in))?,
    };
    clock.lap("build");
    let files = output_count(
        done.snapshot.files.keys().map(String::as_str),
        done.snapshot.copies.keys().map(String::as_str),
    );
    if use_cache {
        done.snapshot.key = key;
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

/// Renders everything a build would, writing nothing and keeping no
/// output in memory: what `debrief check` runs.
pub fn check(root: &Path, overrides: &Overrides) -> Result<Published, Error> {
    let (mut inputs, highlighter, mut warnings) = read_inputs(
        root,
        overrides,
        |_, _, _| crate::content::Known::default(),
        Reading::FrontMatter,
    )?;
    inputs.config = Arc::new(crate::config::Config {
        check_links: true,
        ..(*inputs.config).clone()
    });
    // `check` writes nothing: it reads each image's facts, makes no copies.
    inputs.images = Arc::new(crate::images::Store::open(root, false));
    let mut prepared = prepare(&inputs, &highlighter, None, BodyMode::Lean)?;
    plan_dirty(&mut prepared, None);
    // Each output's path, and the ids an HTML one holds, for the links' check.
    let derived = derive(&inputs, &highlighter, prepared, None, None, |job, bytes| {
        let ids = if job.out.ends_with(".html") {
            let html = String::from_utf8_lossy(&bytes);
            crate::markdown::html_urls::ids(&html)
                .into_iter()
                .map(str::to_owned)
                .collect()
        } else {
            Vec::new()
        };
        Ok((job.out.clone(), ids))
    })?;
    let css = highlight_css(&inputs.config)?.map(|_| HIGHLIGHT_CSS);
    let theme = builtin_static(&inputs.config);
    let generated = || {
        css.into_iter()
            .chain(theme.iter().map(|(rel, _)| rel.as_str()))
    };
    warnings.extend(derived.warnings);
    let outputs = references::Published {
        files: derived
            .files
            .iter()
            .map(|(f, _)| f.as_str())
            .chain(generated())
            .chain(derived.copies.keys().map(String::as_str))
            .collect(),
        ids: derived
            .files
            .iter()
            .map(|(f, ids)| (f.as_str(), ids.as_slice()))
            .collect(),
        private: published_as_they_are(&inputs.config.root, &derived.copies, &derived.images),
    };
    warnings.extend(references::check(&derived.site, &derived.bodies, &outputs));
    Ok(Published {
        files: output_count(
            derived
                .files
                .iter()
                .map(|(f, _)| f.as_str())
                .chain(generated()),
            derived.copies.keys().map(String::as_str),
        ),
        rendered: derived.files.len(),
        coverage: i18n::coverage::report(&derived.site, &inputs.catalog),
        site: derived.site,
        warnings,
        cached: false,
    })
}

/// The copied images that debrief does not strip (`static/`, formats it
/// does not process) and whose metadata tells of their owner, by output path.
fn published_as_they_are<'a>(
    root: &Path,
    copies: &'a std::collections::BTreeMap<String, std::path::PathBuf>,
    stripped: &crate::images::ImageFacts,
) -> crate::site::FastMap<&'a str, Vec<String>> {
    const CARRY_EXIF: [&str; 9] = [
        "jpg", "jpeg", "png", "webp", "tif", "tiff", "heic", "heif", "avif",
    ];
    copies
        .par_iter()
        .filter(|(out, _)| {
            let ext = out.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            ext.is_some_and(|e| CARRY_EXIF.contains(&e.as_str()))
        })
        .filter(|(_, src)| !stripped.contains_key(Path::new(&crate::rel_path::rel_path(root, src))))
        .filter_map(|(out, src)| {
            let found = crate::images::private_in_file(src);
            (!found.is_empty()).then_some((out.as_str(), found))
        })
        .collect()
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

/// Renders everything, streaming files into a staging folder; the spare
/// copy of the output kept in `keep_in` (the cache) is of no use after it.
fn cold(
    inputs: &Inputs,
    highlighter: &Highlighter,
    dest: &Path,
    keep_in: Option<&Path>,
) -> Result<Done, Error> {
    let mut prepared = prepare(inputs, highlighter, None, BodyMode::Lean)?;
    plan_dirty(&mut prepared, None);
    let mut clock = Clock::start();
    if let Some(keep_in) = keep_in {
        Spare::discard(keep_in)?;
    }
    let staging = Staging::new(dest)?;
    let derived = derive(inputs, highlighter, prepared, None, None, |job, bytes| {
        staging
            .put(&job.out, &bytes)
            .map(|stamp| (job.out.clone(), stamp))
            .map_err(io_error)
    })?;
    let mut files: Files = derived.files.iter().cloned().collect();
    if let Some(css) = highlight_css(&inputs.config)? {
        files.insert(
            HIGHLIGHT_CSS.to_owned(),
            staging.put(HIGHLIGHT_CSS, css.as_bytes())?,
        );
    }
    for (rel, bytes) in builtin_static(&inputs.config) {
        let stamp = staging.put(&rel, bytes)?;
        files.insert(rel, stamp);
    }
    let index = search::build(&derived.site, &|out| staging.read(out))?;
    for (rel, bytes) in &index {
        files.insert(rel.clone(), staging.put(rel, bytes)?);
    }
    drop(index);
    clock.lap("search index");
    let to_copy: Vec<(&String, &std::path::PathBuf)> =
        copies_shown(&derived.copies, |rel| files.contains_key(rel)).collect();
    let copies = to_copy
        .par_iter()
        .map(|(rel, src)| copy(&staging, rel, src))
        .collect::<Result<FastMap<_, _>, Error>>()?;
    clock.lap("write");
    staging.commit()?;
    clock.lap("swap");
    Ok(done(derived, files, copies, false))
}

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

fn done<T>(
    derived: Derived<T>,
    files: Files,
    copies: FastMap<String, Copied>,
    cached: bool,
) -> Done {
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
        },
        rendered,
        cached,
    }
}

/// Renders what changed since `snapshot` and writes it into `dest`, by way
/// of the spare copy kept in `keep_in`; `None` when so much changed that a
/// cold build is as quick.
fn cached(
    inputs: &Inputs,
    highlighter: &Highlighter,
    dest: &Path,
    keep_in: &Path,
    mut snapshot: Snapshot,
) -> Result<Option<Done>, Error> {
    let mut clock = Clock::start();
    let check = OutputCheck::start(dest, std::mem::take(&mut snapshot.files));
    let bodies: BodyCache = snapshot
        .bodies
        .into_iter()
        .map(|b| (b.shown.clone(), b))
        .collect();
    clock.lap("cache");
    let reuse = Reuse {
        site: None,
        bodies: &bodies,
        url_set: snapshot.url_set,
    };
    let mut prepared = prepare(inputs, highlighter, Some(&reuse), BodyMode::Kept)?;
    plan_dirty(&mut prepared, Some(&snapshot.fingerprints));
    drop(bodies);
    // An output that is not the file written last time is rendered again.
    let (written, files) = check.join();
    clock.lap("check output");
    let stale: Vec<render::Job> = prepared
        .jobs
        .iter()
        .zip(&prepared.prints)
        .filter(|(job, print)| {
            snapshot.fingerprints.get(&job.out) == Some(*print) && !files.contains_key(&job.out)
        })
        .map(|(job, _)| job.clone())
        .collect();
    prepared.dirty.extend(stale);
    if prepared.dirty.len() * 2 > prepared.jobs.len() {
        return Ok(None);
    }
    let derived = derive(inputs, highlighter, prepared, None, None, render::keep)?;
    // Everything rendered: only now is anything written, and into the
    // spare copy, never into the output.
    let mut wanted: FastSet<&str> = derived.fingerprints.keys().map(String::as_str).collect();
    if inputs.config.markdown.highlight_code {
        wanted.insert(HIGHLIGHT_CSS);
    }
    let theme = builtin_static(&inputs.config);
    wanted.extend(theme.iter().map(|(rel, _)| rel.as_str()));
    // A written file kept only while something still makes it (a built-in
    // theme file gives way to the site's static/ file of the same name).
    // (The search index's files are decided below, by `index_again`.)
    let index_prefix = format!("{}/", search::DIR);
    let mut files: Files = files
        .into_iter()
        .filter(|(rel, _)| wanted.contains(rel.as_str()) || rel.starts_with(&index_prefix))
        .collect();
    wanted.extend(derived.copies.keys().map(String::as_str));
    let index = index_again(inputs, &derived, snapshot.search, &written, &files, dest)?;
    match &index {
        Some(made) => wanted.extend(made.paths.iter().map(String::as_str)),
        None => wanted.extend(search_files(&written)),
    }
    let removed: Vec<&str> = (written.keys().chain(snapshot.copies.keys()))
        .map(String::as_str)
        .filter(|rel| !wanted.contains(rel))
        .collect();
    // The stylesheet follows from the configuration, which the key covers:
    // it is made again only when its file is not the one written.
    let css = match files.contains_key(HIGHLIGHT_CSS) {
        true => None,
        false => highlight_css(&inputs.config)?,
    };
    // The built-in theme's files too, written again only when missing.
    let theme: Vec<(&str, &[u8])> = theme
        .iter()
        .filter(|(rel, _)| !files.contains_key(rel))
        .map(|(rel, bytes)| (rel.as_str(), *bytes))
        .collect();
    let rendered: FastSet<&str> = (files.keys().chain(derived.files.iter().map(|(rel, _)| rel)))
        .map(String::as_str)
        .chain(css.as_ref().map(|_| HIGHLIGHT_CSS))
        .chain(theme.iter().map(|(rel, _)| *rel))
        .chain(index.iter().flat_map(|i| &i.paths).map(String::as_str))
        .collect();
    // Copies whose source and copy are as they were are kept.
    let mut copies: FastMap<String, Copied> = FastMap::default();
    let mut to_copy = Vec::new();
    for (rel, src) in copies_shown(&derived.copies, |rel| rendered.contains(rel)) {
        let was = snapshot.copies.get(rel).filter(|c| {
            &c.src == src
                && Stamp::read(src) == Some(c.src_stamp)
                && Stamp::read(&dest.join(rel)) == Some(c.stamp)
        });
        match was {
            Some(c) => {
                copies.insert(rel.clone(), c.clone());
            }
            None => to_copy.push((rel, src)),
        }
    }
    let changed: BTreeSet<&str> = (derived.files.iter().map(|(rel, _)| rel.as_str()))
        .chain(css.as_ref().map(|_| HIGHLIGHT_CSS))
        .chain(theme.iter().map(|(rel, _)| *rel))
        .chain(to_copy.iter().map(|(rel, _)| rel.as_str()))
        .chain(
            index
                .iter()
                .flat_map(|i| &i.changed)
                .map(|(rel, _)| rel.as_str()),
        )
        .chain(removed.iter().copied())
        .collect();
    let spare = Spare::open(dest, keep_in)?;
    clock.lap("spare");
    spare.prepare(&changed)?;
    for rel in &removed {
        spare.remove(rel)?;
    }
    let written = derived
        .files
        .par_iter()
        .map(|(rel, bytes)| spare.put(rel, bytes).map(|s| (rel.clone(), s)))
        .collect::<Result<Vec<_>, Error>>()?;
    files.extend(written);
    for (rel, bytes) in index.iter().flat_map(|i| &i.changed) {
        files.insert(rel.clone(), spare.put(rel, bytes)?);
    }
    if let Some(css) = css {
        files.insert(
            HIGHLIGHT_CSS.to_owned(),
            spare.put(HIGHLIGHT_CSS, css.as_bytes())?,
        );
    }
    for (rel, bytes) in &theme {
        files.insert((*rel).to_owned(), spare.put(rel, bytes)?);
    }
    let copied = to_copy
        .par_iter()
        .map(|(rel, src)| copy(&spare, rel, src))
        .collect::<Result<Vec<_>, Error>>()?;
    copies.extend(copied);
    clock.lap("write");
    spare.commit(&changed)?;
    clock.lap("swap");
    Ok(Some(done(derived, files, copies, true)))
}

/// The search index made again, when an indexed page changed since the
/// last build or a file of the index is not the one written; `None` when
/// the index in the output is still right.
fn index_again(
    inputs: &Inputs,
    derived: &Derived<(String, Vec<u8>)>,
    last: u64,
    written: &Files,
    intact: &Files,
    dest: &Path,
) -> Result<Option<Reindexed>, Error> {
    if !inputs.config.search.enabled {
        return Ok(None);
    }
    let print = search::fingerprint(&derived.site, &derived.fingerprints);
    let whole = search_files(written).all(|rel| intact.contains_key(rel));
    if print == last && whole && search_files(written).next().is_some() {
        return Ok(None);
    }
    let fresh: FastMap<&str, &[u8]> = (derived.files.iter())
        .map(|(rel, bytes)| (rel.as_str(), bytes.as_slice()))
        .collect();
    let html = |out: &str| match fresh.get(out) {
        Some(bytes) => Some(bytes.to_vec()),
        None => std::fs::read(dest.join(out)).ok(),
    };
    let made = search::build(&derived.site, &html)?;
    // Files whose bytes are the same (Pagefind's script, the stemmer) stay.
    let unchanged = |rel: &str, bytes: &[u8]| {
        intact.contains_key(rel) && std::fs::read(dest.join(rel)).is_ok_and(|b| b == bytes)
    };
    let paths = made.iter().map(|(rel, _)| rel.clone()).collect();
    let changed = made
        .into_iter()
        .filter(|(rel, bytes)| !unchanged(rel, bytes))
        .collect();
    Ok(Some(Reindexed { paths, changed }))
}

/// A search index made again: all its files, and those to write.
struct Reindexed {
    paths: Vec<String>,
    changed: Vec<(String, Vec<u8>)>,
}

/// The files of the search index among `files`.
fn search_files(files: &Files) -> impl Iterator<Item = &str> {
    let prefix = format!("{}/", search::DIR);
    files
        .keys()
        .map(String::as_str)
        .filter(move |rel| rel.starts_with(&prefix))
}
