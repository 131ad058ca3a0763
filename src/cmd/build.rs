//! `debrief build`: the pipeline, then the output written and swapped in.

use std::time::Instant;

use crate::cli::BuildArgs;
use crate::config::{BaseUrl, Overrides};
use crate::diag::counted;
use crate::error::Error;
use crate::output;
use crate::pipeline;

/// Builds the site and writes it.
pub(crate) fn run(args: &BuildArgs) -> Result<(), Error> {
    let started = Instant::now();
    let dest = args
        .output
        .clone()
        .unwrap_or_else(|| args.root.join("public"));
    let note = output::guard::check(&args.root, &dest, || {
        pipeline::records_output(&args.root, &dest)
    })?;
    // A URL typed on the command line is a usage error, not site.toml's.
    if let Some(url) = &args.base_url {
        BaseUrl::parse(url).map_err(|message| Error::Usage(format!("--base-url {message}")))?;
    }
    let overrides = Overrides {
        base_url: args.base_url.clone(),
        drafts: args.drafts,
        future: args.future,
    };
    if let Some(note) = note {
        eprintln!("{note}");
    }
    let built = pipeline::publish(&args.root, &overrides, &dest, !args.no_cache)?;
    if !args.no_cache {
        crate::translation::history::keep_current(&built.site);
    }
    eprint!("{}", built.warnings);
    let notes = built.coverage.iter().count();
    if notes > 0 {
        eprintln!(
            "{} about missing or outdated translations: `debrief check` lists them",
            counted(notes, "translation note")
        );
    }
    let how = if built.cached {
        format!(", {} rendered again (cached build)", built.rendered)
    } else {
        String::new()
    };
    eprintln!(
        "Built {} and {} into {} ({}{how}) in {} ms",
        counted(built.site.pages.len(), "page"),
        counted(built.site.sections.len(), "section"),
        dest.display(),
        counted(built.files, "file"),
        started.elapsed().as_millis()
    );
    // The process ends here: freeing the model piece by piece would take a
    // few percent of a cached build, for nothing.
    std::mem::forget(built);
    Ok(())
}
