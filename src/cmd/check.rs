//! `debrief check`: every validation of a build, nothing written; with
//! `--translations`, the report on missing and outdated translations.

use crate::cli::{CheckArgs, ReportFormat};
use crate::config::Overrides;
use crate::diag::counted;
use crate::error::Error;
use crate::pipeline;
use crate::translation::report;

/// Runs the whole pipeline and reports, writing nothing.
pub(crate) fn run(args: &CheckArgs) -> Result<(), Error> {
    let overrides = Overrides {
        base_url: None,
        drafts: args.drafts,
        future: args.future,
    };
    let checked = pipeline::check(&args.root, &overrides)?;
    let translations = report::report(&checked.site);
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
    eprint!("{}", checked.warnings);
    eprint!("{}", checked.coverage);
    if checked.site.config.langs().count() > 1 {
        eprint!("{}", translations.summary_text());
    }
    eprintln!(
        "No errors: {}, {}, {}; {}",
        counted(checked.site.pages.len(), "page"),
        counted(checked.site.sections.len(), "section"),
        counted(checked.files, "output file"),
        counted(checked.coverage.iter().count(), "translation note")
    );
    Ok(())
}
