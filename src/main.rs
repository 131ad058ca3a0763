//! The `debrief` binary: parse arguments, run, print diagnostics, exit 0/1/2.

use std::process::ExitCode;

use clap::Parser;
use debrief::cli::{Cli, Command};
use debrief::error::Error;

/// mimalloc: rendering allocates many small strings on both cores, and
/// glibc's allocator spent a tenth of a 10,000-report build in malloc/free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Command::Check(_) => "check found",
        Command::Build(_) | Command::Serve(_) => "the build failed with",
        Command::New(_) | Command::Init(_) | Command::Stamp(_) => "nothing written:",
    };
    match debrief::cmd::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            match &err {
                Error::Invalid(diags) => {
                    eprint!("{diags}");
                    eprintln!("error: {outcome} {}", diags.tally());
                }
                other => eprintln!("error: {other}"),
            }
            ExitCode::from(err.exit_code())
        }
    }
}
