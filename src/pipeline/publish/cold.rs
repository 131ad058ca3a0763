//! The cold build: everything rendered, each file streamed into a staging
//! folder that replaces the output once all are written.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Done, copy, done, io_error};
use crate::error::Error;
use crate::markdown::highlight::Highlighter;
use crate::output::Sink;
use crate::output::diff::copies_shown;
use crate::output::write::{Spare, Staging};
use crate::pipeline::clock::Clock;
use crate::pipeline::derive::{BodyMode, derive, plan_dirty, prepare};
use crate::pipeline::inputs::Inputs;
use crate::pipeline::persist::Files;
use crate::pipeline::statics::{HIGHLIGHT_CSS, builtin_static, highlight_css};
use crate::search;
use crate::site::FastMap;

/// Renders everything, streaming files into a staging folder; the spare
/// copy of the output kept in `keep_in` (the cache) is of no use after it.
pub(super) fn cold(
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
    let derived = derive(inputs, highlighter, prepared, None, |job, output| {
        let stamp = staging
            .put_with(&job.out, |out| output.write_into(out))
            .map_err(io_error)??;
        Ok((job.out.clone(), stamp))
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
    let mut cuts = Vec::new();
    let index = search::build(&derived.site, &|out| staging.read(out), &mut cuts)?;
    for (rel, bytes) in &index {
        files.insert(rel.clone(), staging.put(rel, bytes)?);
    }
    drop(index);
    clock.lap("search index");
    let to_copy: Vec<(&String, &PathBuf)> =
        copies_shown(&derived.copies, |rel| files.contains_key(rel)).collect();
    let copies = to_copy
        .par_iter()
        .map(|(rel, src)| copy(&staging, rel, src))
        .collect::<Result<FastMap<_, _>, Error>>()?;
    clock.lap("write");
    staging.commit()?;
    clock.lap("swap");
    Ok(done(derived, files, copies, cuts, false))
}
