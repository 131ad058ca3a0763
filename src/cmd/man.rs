//! `debrief man`: the man page, made by clap_mangen from the same
//! definition that parses the command line; with `--dir`, one page per
//! subcommand as well (`debrief-build.1`, …).

use clap::CommandFactory;

use crate::cli::{Cli, ManArgs};
use crate::error::Error;

/// Prints `debrief.1` to stdout, or writes every page into `--dir`.
pub(crate) fn run(args: &ManArgs) -> Result<(), Error> {
    let command = Cli::command();
    match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            clap_mangen::generate_to(command, dir).map_err(|e| Error::io(dir, e))
        }
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .map_err(|e| Error::io("stdout", e))?;
            super::completions::print(&page)
        }
    }
}
