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
    let checked = pipeline::check(&args.root, &overrides)?;
    eprint!("{}", checked.warnings);
    eprint!("{}", checked.coverage);
    let notes = checked.coverage.iter().count();
    eprintln!(
        "No errors: {} pages, {} sections, {} output files; {notes} translation note{}",
        checked.site.pages.len(),
        checked.site.sections.len(),
        checked.files,
        if notes == 1 { "" } else { "s" }
    );
    Ok(())
}
