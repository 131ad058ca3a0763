//! `debrief serve`: arguments → the server.

use crate::cli::ServeArgs;
use crate::error::Error;
use crate::serve;

use super::Report;

/// Serves the site until stopped.
pub(crate) fn run(args: &ServeArgs, report: &Report) -> Result<(), Error> {
    // A folder without site.toml is no site, broken or not: say so and stop
    // rather than serve a page that only shows the error.
    if !args.root.join(crate::config::CONFIG_FILE).exists() {
        crate::config::load(&args.root, &crate::config::Overrides::default())?;
    }
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
