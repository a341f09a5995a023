//! The crate's error type.

/// A dictionary or cue file that cannot be used, with where and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// A malformed entry in a data file (`dictionaries/sections.toml`,
    /// `dictionaries/legal_terms.txt`, or a user override of either).
    #[error("{file}:{line}: {message}")]
    Dict {
        /// The file as the caller named it.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong and what to write instead.
        message: String,
    },
}

impl Error {
    pub(crate) fn dict(file: &str, line: usize, message: impl Into<String>) -> Error {
        Error::Dict {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

/// 1-based line number of byte `offset` in `src`.
pub(crate) fn line_of(src: &str, offset: usize) -> usize {
    let end = offset.min(src.len());
    1 + memchr::memchr_iter(b'\n', &src.as_bytes()[..end]).count()
}
