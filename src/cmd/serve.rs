//! `debrief serve`: arguments → the server.

use crate::cli::ServeArgs;
use crate::error::Error;
use crate::serve;

use super::Report;

/// Serves the site until stopped.
pub(crate) fn run(args: &ServeArgs, report: &Report) -> Result<(), Error> {
    serve::run(&serve::Options {
        root: args.root.clone(),
        interface: args.interface,
        port: args.port,
        watch: args.watch,
        drafts: args.drafts,
        open: args.open,
        quiet: report.verbosity.quiet,
        verbose: report.verbosity.verbose,
    })
}
