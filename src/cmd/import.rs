//! `debrief import --from FORMAT SOURCE`: glue from arguments to the importer.

use crate::cli::ImportArgs;
use crate::config::{self, Overrides};
use crate::error::Error;
use crate::import;

use super::Report;

/// Imports SOURCE into the site at `--root` and prints the report.
pub(crate) fn run(args: &ImportArgs, out: &Report) -> Result<(), Error> {
    let config = config::load(&args.root, &Overrides::default())?;
    if !args.source.exists() {
        return Err(Error::Usage(format!(
            "{} does not exist",
            args.source.display()
        )));
    }
    let section = args.section.trim_matches('/');
    if section.is_empty()
        || section
            .split('/')
            .any(|s| s == ".." || s == "." || s.is_empty())
    {
        return Err(Error::Usage(format!(
            "--section {}: give a folder name inside content/, like reports",
            args.section
        )));
    }
    let report = import::run(&config, args.from, &args.source, section)?;
    out.say(&report.to_string());
    Ok(())
}
