//! The one error type of this crate (STYLE.md 9): I/O failures name the file, bad data names
//! the file and line and says what to write instead.

use std::fmt;
use std::path::PathBuf;

/// One bad line (or one bad item of a slice passed to [`evaluate`](crate::evaluate)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file as given, or the stream name passed to a `read_*` function; `<gold>` /
    /// `<records>` / `<expected clues>` for items of a slice, whose `line` is then the
    /// 1-based index.
    pub path: String,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

/// Why gold, records or clues could not be loaded or scored.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A directory given as gold holds no gold file.
    #[error(
        "{} holds no gold file: a gold directory is read for its files named gold*.jsonl; name the files so or pass them one by one",
        path.display()
    )]
    NoGoldFiles {
        /// The directory.
        path: PathBuf,
    },
    /// Lines that are not valid: every bad line of the input, not just the first, so one
    /// run shows everything to fix.
    #[error("{}", render_problems(.0))]
    Invalid(Vec<Problem>),
}

/// At most this many problems are spelled out in the message; all are in the vector.
const SHOWN: usize = 20;

fn render_problems(problems: &[Problem]) -> String {
    let mut out = match problems.len() {
        1 => String::from("1 invalid line:"),
        n => format!("{n} invalid lines:"),
    };
    for p in problems.iter().take(SHOWN) {
        out.push_str("\n  ");
        out.push_str(&p.to_string());
    }
    if problems.len() > SHOWN {
        out.push_str(&format!("\n  … and {} more", problems.len() - SHOWN));
    }
    out
}
