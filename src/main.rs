//! The `debrief` binary: parse arguments, run, print diagnostics, exit 0/1/2.

use std::process::ExitCode;

use clap::Parser;
use debrief::cli::Cli;
use debrief::error::Error;

/// mimalloc: rendering allocates many small strings on both cores, and
/// glibc's allocator spent a tenth of a 10,000-report build in malloc/free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match debrief::cmd::run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            match &err {
                Error::Invalid(diags) => {
                    eprint!("{diags}");
                    let errors = diags.iter().filter(|d| d.is_error()).count();
                    eprintln!(
                        "error: the build failed with {errors} error{}",
                        if errors == 1 { "" } else { "s" }
                    );
                }
                other => eprintln!("error: {other}"),
            }
            ExitCode::from(err.exit_code())
        }
    }
}
