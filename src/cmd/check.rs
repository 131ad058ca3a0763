//! `debrief check`: every validation of a build, nothing written.

use crate::cli::CheckArgs;
use crate::config::Overrides;
use crate::diag::counted;
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
    eprintln!(
        "No errors: {}, {}, {}; {}",
        counted(checked.site.pages.len(), "page"),
        counted(checked.site.sections.len(), "section"),
        counted(checked.files, "output file"),
        counted(checked.coverage.iter().count(), "translation note")
    );
    Ok(())
}
