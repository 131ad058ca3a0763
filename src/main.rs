//! The `debrief` binary: parse arguments, run, print diagnostics, exit 0/1/2.

use std::process::ExitCode;

use clap::Parser;
use debrief::cli::{Cli, Command};
use debrief::error::Error;
use debrief::term::Term;

/// mimalloc: rendering allocates many small strings on both cores, and
/// glibc's allocator spent a tenth of a 10,000-report build in malloc/free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Check(_) => "check found",
        Command::Build(_) | Command::Serve(_) => "the build failed with",
        Command::Import(_) => "the import stopped at",
        _ => "nothing written:",
    };
    match debrief::cmd::run(cli.command, cli.verbosity) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            let term = Term::stderr();
            match &err {
                Error::Invalid(diags) => {
                    eprint!("{}", term.paint(&diags.to_string()));
                    eprint!(
                        "{}",
                        term.paint(&format!("error: {outcome} {}\n", diags.tally()))
                    );
                }
                other => eprint!("{}", term.paint(&format!("error: {other}\n"))),
            }
            ExitCode::from(err.exit_code())
        }
    }
}
