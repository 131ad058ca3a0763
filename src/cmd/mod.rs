//! One file per subcommand: glue from arguments to the pipeline to a report.

mod build;
mod check;
mod completions;
mod import;
mod init;
mod man;
mod new;
mod progress;
mod scaffold;
mod serve;
mod stamp;
mod summary;

use crate::cli::{Command, Verbosity};
use crate::error::Error;
use crate::term::Term;

/// How a command reports on stderr: how much (`--quiet`, `--verbose`) and
/// to what (colour and the progress line only on a terminal).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Report {
    /// `--quiet` / `--verbose`.
    pub(crate) verbosity: Verbosity,
    /// The stderr written to.
    pub(crate) term: Term,
}

impl Report {
    /// Prints what a command did, unless it was asked to be quiet.
    pub(crate) fn say(&self, text: &str) {
        if !self.verbosity.quiet {
            eprint!("{}", self.term.paint(text));
        }
    }

    /// Prints warnings, which even `--quiet` shows.
    pub(crate) fn warn(&self, text: &str) {
        eprint!("{}", self.term.paint(text));
    }
}

/// Runs a parsed command; what it prints on success goes to stderr (a
/// completion script and the man page to stdout).
pub fn run(command: Command, verbosity: Verbosity) -> Result<(), Error> {
    let report = Report {
        verbosity,
        term: Term::stderr(),
    };
    match command {
        Command::Build(args) => build::run(&args, &report),
        Command::Check(args) => check::run(&args, &report),
        Command::Serve(args) => serve::run(&args, &report),
        Command::New(args) => new::run(&args, &report),
        Command::Init(args) => init::run(&args, &report),
        Command::Import(args) => import::run(&args, &report),
        Command::Stamp(args) => stamp::run(&args, &report),
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => man::run(&args),
    }
}
