//! The cached build: the model assembled anew, only the outputs whose
//! fingerprint changed (or whose file is no longer the one written)
//! rendered, in memory, then written into the spare copy of the output
//! kept in the cache, which is exchanged with the output.
//!
//! The last build's rendered files are known by their stamps only, so
//! fingerprints decide which of them to render again. What it knows by
//! value, its copies (by source) and the search index's files (read back
//! from the output), is compared with this build's by `output::diff`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Done, copy, done};
use crate::error::Error;
use crate::markdown::highlight::Highlighter;
use crate::output::diff::{copies_shown, diff};
use crate::output::write::Spare;
use crate::output::{Bytes, Outputs, Sink, Stamp};
use crate::pipeline::bodies::BodyCache;
use crate::pipeline::clock::Clock;
use crate::pipeline::derive::{BodyMode, Derived, Prepared, Reuse, derive, plan_dirty, prepare};
use crate::pipeline::inputs::Inputs;
use crate::pipeline::persist::{Copied, Files, OutputCheck, Snapshot};
use crate::pipeline::statics::{HIGHLIGHT_CSS, builtin_static, highlight_css};
use crate::render;
use crate::search;
use crate::site::{FastMap, FastSet};

/// A rendered file of this build: output path, bytes.
type Rendered = (String, Vec<u8>);

/// Renders what changed since `snapshot` and writes it into `dest`, by way
/// of the spare copy kept in `keep_in`; `None` when so much changed that a
/// cold build is as quick.
pub(super) fn cached(
    inputs: &Inputs,
    highlighter: &Highlighter,
    dest: &Path,
    keep_in: &Path,
    mut snapshot: Snapshot,
) -> Result<Option<Done>, Error> {
    let mut clock = Clock::start();
    let check = OutputCheck::start(dest, std::mem::take(&mut snapshot.files));
    let Some((prepared, written, intact)) =
        plan(inputs, highlighter, &mut snapshot, check, &mut clock)?
    else {
        return Ok(None);
    };
    let derived = derive(inputs, highlighter, prepared, None, render::keep)?;
    // Everything rendered: only now is anything written, and into the
    // spare copy, never into the output.
    let mut writes = decide(inputs, &derived, &snapshot, &written, intact, dest)?;
    let cuts = std::mem::take(&mut writes.search_cuts);
    let (files, copies) = writes.write(&derived, dest, keep_in, &mut clock)?;
    Ok(Some(done(derived, files, copies, cuts, true)))
}

/// Assembles the model anew with the snapshot's bodies, and adds to the
/// jobs whose fingerprint changed those whose file is not the one written.
/// Returns the plan, the files written last time and those of them still
/// as written; `None` when more than half the jobs are to be rendered.
fn plan(
    inputs: &Inputs,
    highlighter: &Highlighter,
    snapshot: &mut Snapshot,
    check: OutputCheck,
    clock: &mut Clock,
) -> Result<Option<(Prepared, Files, Files)>, Error> {
    let bodies: BodyCache = std::mem::take(&mut snapshot.bodies)
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
    let (written, intact) = check.join();
    clock.lap("check output");
    let stale: Vec<render::Job> = prepared
        .jobs
        .iter()
        .zip(&prepared.prints)
        .filter(|(job, print)| {
            snapshot.fingerprints.get(&job.out) == Some(*print) && !intact.contains_key(&job.out)
        })
        .map(|(job, _)| job.clone())
        .collect();
    prepared.dirty.extend(stale);
    if prepared.dirty.len() * 2 > prepared.jobs.len() {
        return Ok(None);
    }
    Ok(Some((prepared, written, intact)))
}

/// What a cached build writes into the spare copy besides the files it
/// rendered, and what it keeps of the output as it is.
struct Writes<'a> {
    /// Files written before, still as written, that this build publishes too.
    files: Files,
    /// The highlighting stylesheet, when its file is not the one written.
    css: Option<String>,
    /// The built-in theme's files that are missing or not as written.
    theme: Vec<(String, &'static [u8])>,
    /// The search index, when it is made again.
    index: Option<Reindexed>,
    /// The pages the index published holds only the start of.
    search_cuts: Vec<search::Cut>,
    /// Copies kept as they are.
    copies: FastMap<String, Copied>,
    /// Copies to make again.
    to_copy: Vec<(&'a String, &'a PathBuf)>,
    /// Paths published last time and no longer.
    removed: Vec<&'a str>,
}

/// Decides, once this build's files are rendered, what else goes into the
/// spare copy: what `written` last time is to be removed, which of the
/// files still `intact` are kept, and which generated files and copies are
/// made again.
fn decide<'a>(
    inputs: &Inputs,
    derived: &'a Derived<Rendered>,
    snapshot: &'a Snapshot,
    written: &'a Files,
    intact: Files,
    dest: &Path,
) -> Result<Writes<'a>, Error> {
    let config = &inputs.config;
    let mut wanted: FastSet<&str> = derived.fingerprints.keys().map(String::as_str).collect();
    if config.markdown.highlight_code {
        wanted.insert(HIGHLIGHT_CSS);
    }
    let theme = builtin_static(config);
    wanted.extend(theme.iter().map(|(rel, _)| rel.as_str()));
    // A written file kept only while something still makes it (a built-in
    // theme file gives way to the site's static/ file of the same name).
    // (The search index's files are decided below, by `index_again`.)
    let index_prefix = format!("{}/", search::DIR);
    let files: Files = intact
        .into_iter()
        .filter(|(rel, _)| wanted.contains(rel.as_str()) || rel.starts_with(&index_prefix))
        .collect();
    wanted.extend(derived.copies.keys().map(String::as_str));
    let index = index_again(inputs, derived, snapshot.search, written, &files, dest)?;
    match &index {
        Some(made) => wanted.extend(made.paths.iter().map(String::as_str)),
        None => wanted.extend(search_files(written)),
    }
    let removed: Vec<&str> = (written.keys().chain(snapshot.copies.keys()))
        .map(String::as_str)
        .filter(|rel| !wanted.contains(rel))
        .collect();
    // The stylesheet follows from the configuration, which the key covers:
    // it is made again only when its file is not the one written.
    let css = match files.contains_key(HIGHLIGHT_CSS) {
        true => None,
        false => highlight_css(config)?,
    };
    // The built-in theme's files too, written again only when missing.
    let theme: Vec<(String, &'static [u8])> = theme
        .into_iter()
        .filter(|(rel, _)| !files.contains_key(rel))
        .collect();
    let rendered: FastSet<&str> = (files.keys().chain(derived.files.iter().map(|(rel, _)| rel)))
        .map(String::as_str)
        .chain(css.as_ref().map(|_| HIGHLIGHT_CSS))
        .chain(theme.iter().map(|(rel, _)| rel.as_str()))
        .chain(index.iter().flat_map(|i| &i.paths).map(String::as_str))
        .collect();
    let shown = copies_shown(&derived.copies, |rel| rendered.contains(rel)).collect();
    let (copies, to_copy) = sort_copies(shown, &snapshot.copies, dest);
    let search_cuts = match &index {
        Some(made) => made.cuts.clone(),
        None => snapshot.search_cuts.clone(),
    };
    Ok(Writes {
        files,
        css,
        theme,
        index,
        search_cuts,
        copies,
        to_copy,
        removed,
    })
}

/// The copies a reader gets (`shown`), as those kept and those to copy
/// again. A copy is made again when `output::diff` finds it changed since
/// the `last` build (its source is another file, or was edited in place),
/// or when the copy in `dest` is no longer the one written.
fn sort_copies<'a>(
    shown: Vec<(&'a String, &'a PathBuf)>,
    last: &FastMap<String, Copied>,
    dest: &Path,
) -> (FastMap<String, Copied>, Vec<(&'a String, &'a PathBuf)>) {
    let before = Outputs {
        files: BTreeMap::new(),
        copies: (shown.iter())
            .filter_map(|(rel, _)| Some(((*rel).clone(), last.get(*rel)?.src.clone())))
            .collect(),
    };
    let now = Outputs {
        files: BTreeMap::new(),
        copies: (shown.iter())
            .map(|(rel, src)| ((*rel).clone(), (*src).clone()))
            .collect(),
    };
    // A source's stamp is read only when the copy is of the same file.
    let edited: BTreeSet<PathBuf> = (shown.iter())
        .filter(|(rel, src)| {
            last.get(*rel)
                .is_some_and(|c| &c.src == *src && Stamp::read(src) != Some(c.src_stamp))
        })
        .map(|(_, src)| (*src).clone())
        .collect();
    let paths = shown.iter().map(|(rel, _)| rel.as_str());
    let changed: FastSet<String> = diff(&before, &now, paths, &edited)
        .changed
        .into_iter()
        .collect();
    let mut kept = FastMap::default();
    let mut to_copy = Vec::new();
    for (rel, src) in shown {
        let was = (last.get(rel).filter(|_| !changed.contains(rel)))
            .filter(|c| Stamp::read(&dest.join(rel)) == Some(c.stamp));
        match was {
            Some(c) => {
                kept.insert(rel.clone(), c.clone());
            }
            None => to_copy.push((rel, src)),
        }
    }
    (kept, to_copy)
}

impl Writes<'_> {
    /// Every path where the output is to differ from the spare copy.
    fn changed<'s>(&'s self, derived: &'s Derived<Rendered>) -> BTreeSet<&'s str> {
        (derived.files.iter().map(|(rel, _)| rel.as_str()))
            .chain(self.css.as_ref().map(|_| HIGHLIGHT_CSS))
            .chain(self.theme.iter().map(|(rel, _)| rel.as_str()))
            .chain(self.to_copy.iter().map(|(rel, _)| rel.as_str()))
            .chain(
                (self.index.iter())
                    .flat_map(|i| &i.changed)
                    .map(|(rel, _)| rel.as_str()),
            )
            .chain(self.removed.iter().copied())
            .collect()
    }

    /// Brings the spare copy kept in `keep_in` up to date with `derived`'s
    /// files and these, and exchanges it with `dest`; returns the files and
    /// copies the output now holds.
    fn write(
        mut self,
        derived: &Derived<Rendered>,
        dest: &Path,
        keep_in: &Path,
        clock: &mut Clock,
    ) -> Result<(Files, FastMap<String, Copied>), Error> {
        let mut files = std::mem::take(&mut self.files);
        let mut copies = std::mem::take(&mut self.copies);
        let changed = self.changed(derived);
        let spare = Spare::open(dest, keep_in)?;
        clock.lap("spare");
        spare.prepare(&changed)?;
        for rel in &self.removed {
            spare.remove(rel)?;
        }
        let written = derived
            .files
            .par_iter()
            .map(|(rel, bytes)| spare.put(rel, bytes).map(|s| (rel.clone(), s)))
            .collect::<Result<Vec<_>, Error>>()?;
        files.extend(written);
        for (rel, bytes) in self.index.iter().flat_map(|i| &i.changed) {
            files.insert(rel.clone(), spare.put(rel, bytes)?);
        }
        if let Some(css) = &self.css {
            files.insert(
                HIGHLIGHT_CSS.to_owned(),
                spare.put(HIGHLIGHT_CSS, css.as_bytes())?,
            );
        }
        for (rel, bytes) in &self.theme {
            files.insert(rel.clone(), spare.put(rel, bytes)?);
        }
        let copied = (self.to_copy.par_iter())
            .map(|(rel, src)| copy(&spare, rel, src))
            .collect::<Result<Vec<_>, Error>>()?;
        copies.extend(copied);
        clock.lap("write");
        spare.commit(&changed)?;
        clock.lap("swap");
        Ok((files, copies))
    }
}

/// The search index made again, when an indexed page changed since the
/// last build or a file of the index is not the one written; `None` when
/// the index in the output is still right.
fn index_again(
    inputs: &Inputs,
    derived: &Derived<Rendered>,
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
    let mut cuts = Vec::new();
    let made = search::build(&derived.site, &html, &mut cuts)?;
    let paths = made.iter().map(|(rel, _)| rel.clone()).collect();
    let now = Outputs {
        files: made.into_iter().map(|(rel, b)| (rel, b.into())).collect(),
        copies: BTreeMap::new(),
    };
    // Files whose bytes are the same (Pagefind's script, the stemmer) stay:
    // the output's file is read back only while it is the one written.
    let before = Outputs {
        files: (now.files.keys())
            .filter(|rel| intact.contains_key(*rel))
            .filter_map(|rel| Some((rel.clone(), std::fs::read(dest.join(rel)).ok()?.into())))
            .collect(),
        copies: BTreeMap::new(),
    };
    let changes = diff(
        &before,
        &now,
        now.files.keys().map(String::as_str),
        &BTreeSet::new(),
    );
    let mut files = now.files;
    let changed = (changes.changed.into_iter())
        .filter_map(|rel| files.remove_entry(&rel))
        .collect();
    Ok(Some(Reindexed {
        paths,
        changed,
        cuts,
    }))
}

/// A search index made again: all its files, and those to write.
struct Reindexed {
    paths: Vec<String>,
    changed: Vec<(String, Bytes)>,
    /// The pages it holds only the start of.
    cuts: Vec<search::Cut>,
}

/// The files of the search index among `files`.
fn search_files(files: &Files) -> impl Iterator<Item = &str> {
    let prefix = format!("{}/", search::DIR);
    files
        .keys()
        .map(String::as_str)
        .filter(move |rel| rel.starts_with(&prefix))
}
