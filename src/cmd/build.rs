//! `debrief build`: the pipeline, then the output written and swapped in.

use std::path::PathBuf;
use std::time::Instant;

use crate::cli::BuildArgs;
use crate::config::{BaseUrl, Overrides};
use crate::diag::counted;
use crate::error::Error;
use crate::output;
use crate::pipeline;

use super::Report;
use super::progress::Progress;
use super::summary;

/// Builds the site and writes it.
pub(crate) fn run(args: &BuildArgs, report: &Report) -> Result<(), Error> {
    let started = Instant::now();
    // `public`, not `./public`, in what the build says.
    let dest = args
        .output
        .clone()
        .unwrap_or_else(|| match args.root.as_os_str() {
            root if root == "." => PathBuf::from("public"),
            _ => args.root.join("public"),
        });
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
        report.say(&format!("{note}\n"));
    }
    let progress = Progress::start("Building", report.term.terminal && !report.verbosity.quiet);
    let built = pipeline::publish(&args.root, &overrides, &dest, !args.no_cache);
    progress.done();
    let built = built?;
    if !args.no_cache {
        crate::translation::history::keep_current(&built.site);
    }
    report.warn(&built.warnings.to_string());
    let notes = built.coverage.iter().count();
    if report.verbosity.verbose {
        report.say(&built.coverage.to_string());
    } else if notes > 0 {
        report.say(&format!(
            "{} about missing or outdated translations: `debrief check` lists them\n",
            counted(notes, "translation note")
        ));
    }
    let how = if built.cached {
        format!(", {} rendered again (cached build)", built.rendered)
    } else {
        String::new()
    };
    report.say(&format!(
        "Built {} and {} into {} ({}{how}) in {} ms\n{}{}",
        counted(built.site.pages.len(), "page"),
        counted(built.site.sections.len(), "section"),
        dest.display(),
        counted(built.files, "file"),
        started.elapsed().as_millis(),
        summary::languages(&built.site),
        summary::left_out(&built.site, report.verbosity.verbose),
    ));
    // The process ends here: freeing the model piece by piece would take a
    // few percent of a cached build, for nothing.
    std::mem::forget(built);
    Ok(())
}
