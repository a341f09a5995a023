//! Helpers for running the built `jiuzhu` binary in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The path of the binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_jiuzhu"))
}

/// The repository root (where `corpora/` and `dictionaries/` live).
#[allow(dead_code)]
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `jiuzhu ARGS…` in `dir` and returns its output.
pub fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run jiuzhu")
}

/// Standard output as UTF-8.
#[allow(dead_code)]
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Standard error as UTF-8.
#[allow(dead_code)]
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
