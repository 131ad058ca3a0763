//! `debrief completions SHELL`: a completion script for the shell, made by
//! clap_complete from the same definition that parses the command line.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::error::Error;

/// Prints the script to stdout.
pub(crate) fn run(args: &CompletionsArgs) -> Result<(), Error> {
    let mut command = Cli::command();
    // Made in memory first: clap_complete panics when its writer fails
    // (as stdout does when piped into `head`).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "debrief", &mut script);
    print(&script)
}

/// Writes `bytes` to stdout; a reader that stopped reading is no error.
pub(super) fn print(bytes: &[u8]) -> Result<(), Error> {
    match std::io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("stdout", e)),
        _ => Ok(()),
    }
}
