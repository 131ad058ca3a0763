//! One file per subcommand: glue from arguments to the pipeline to a report.

mod build;
mod check;
mod init;
mod new;
mod scaffold;
mod serve;
mod stamp;

use crate::cli::Command;
use crate::error::Error;

/// Runs a parsed command; what it prints on success goes to stderr.
pub fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::New(args) => new::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Stamp(args) => stamp::run(&args),
    }
}
