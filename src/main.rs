//! The `georisk` binary: parses the command line, then opens the window or runs a subcommand.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(error) => {
            // The chain may quote a file name or text from a file: escaped like all output.
            let message =
                georisk::io::printable::escape_except(&format!("{error:#}"), |c| c == '\n').into_owned();
            eprintln!("georisk: {message}");
            ExitCode::from(2)
        }
    }
}
