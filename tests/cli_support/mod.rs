//! Shared by the command-line tests: the real `georisk` binary, run to its end, and what it printed.

#![allow(dead_code, reason = "each test file uses a different part of the helpers")]

use std::ffi::OsStr;
use std::process::Command;

/// How a run ended: its exit code and its output as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The `georisk` binary built for these tests, to be given arguments.
pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_georisk"))
}

/// Runs a command to its end; a process that could not start or was killed fails the test.
pub fn run(command: &mut Command) -> Run {
    let output = command.output().unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"));
    Run {
        code: output.status.code().unwrap_or_else(|| panic!("killed: {output:?}")),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `georisk ARGS...`, run to its end.
pub fn georisk<S: AsRef<OsStr>>(args: &[S]) -> Run {
    run(command().args(args))
}
