//! `debrief check`: every validation of a build, nothing written.

use crate::cli::CheckArgs;
use crate::config::Overrides;
use crate::error::Error;
use crate::pipeline;

/// Runs the whole pipeline and reports, writing nothing.
pub(crate) fn run(args: &CheckArgs) -> Result<(), Error> {
    let overrides = Overrides {
        base_url: None,
        drafts: args.drafts,
        future: args.future,
    };
    let build = pipeline::full(&args.root, &overrides)?;
    eprint!("{}", build.warnings);
    let coverage = build.coverage();
    eprint!("{coverage}");
    let notes = coverage.iter().count();
    eprintln!(
        "No errors: {} pages, {} sections, {} output files; {notes} translation note{}",
        build.site.pages.len(),
        build.site.sections.len(),
        build.outputs.len(),
        if notes == 1 { "" } else { "s" }
    );
    Ok(())
}
