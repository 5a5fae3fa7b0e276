//! The `georisk` binary: parses the command line, then opens the window or runs a subcommand.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("georisk: {error:#}");
            ExitCode::from(2)
        }
    }
}
