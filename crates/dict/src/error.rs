//! The crate's one error type: every problem names its file and line.

use std::fmt;
use std::path::PathBuf;

/// One thing wrong with a dictionary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as loaded: `charges.toml` for an embedded default, else its path.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong and, where it helps, how to fix it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// Loading dictionaries failed.
#[derive(Debug, thiserror::Error)]
pub enum DictError {
    /// A dictionary directory or file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// One or more files are malformed; every problem found is listed, not just the first.
    #[error("{} problem(s) in dictionaries:\n{}", .0.len(), render(.0))]
    Invalid(Vec<Problem>),
}

impl DictError {
    /// The problems, for an invalid set (empty for an I/O error).
    pub fn problems(&self) -> &[Problem] {
        match self {
            DictError::Invalid(p) => p,
            DictError::Io { .. } => &[],
        }
    }
}

fn render(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}
