//! `debrief check`: every validation of a build, nothing written; with
//! `--translations`, the report on missing and outdated translations.

use crate::cli::{CheckArgs, ReportFormat};
use crate::config::Overrides;
use crate::diag::counted;
use crate::error::Error;
use crate::pipeline;
use crate::translation::report as coverage;

use super::Report;
use super::progress::Progress;
use super::summary;

/// Runs the whole pipeline and reports, writing nothing; with `--drafts`,
/// lists the drafts.
pub(crate) fn run(args: &CheckArgs, report: &Report) -> Result<(), Error> {
    let overrides = Overrides {
        base_url: None,
        drafts: args.drafts,
        future: args.future,
    };
    let progress = Progress::start("Checking", report.term.terminal && !report.verbosity.quiet);
    let checked = pipeline::check(&args.root, &overrides);
    progress.done();
    let checked = checked?;
    let translations = coverage::report(&checked.site);
    if args.translations {
        match args.format {
            ReportFormat::Json => {
                let json = serde_json::to_string_pretty(&translations)
                    .map_err(|e| Error::Usage(format!("cannot write the report: {e}")))?;
                println!("{json}");
            }
            ReportFormat::Text => print!("{}", translations.text()),
        }
        return Ok(());
    }
    report.warn(&checked.warnings.to_string());
    report.warn(&checked.coverage.to_string());
    if checked.site.config.langs().count() > 1 {
        report.say(&translations.summary_text());
    }
    if args.drafts {
        // Asked for: printed even with --quiet.
        eprint!("{}", summary::drafts(&checked.site));
    }
    report.say(&format!(
        "No errors: {}, {}, {}; {}\n{}",
        counted(checked.site.pages.len(), "page"),
        counted(checked.site.sections.len(), "section"),
        counted(checked.files, "output file"),
        counted(checked.coverage.iter().count(), "translation note"),
        summary::left_out(&checked.site, report.verbosity.verbose),
    ));
    Ok(())
}
