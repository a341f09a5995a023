//! Errors of the configuration and models files: every one names the file, the line (and
//! column where known), the key, what is wrong and the fix.

use std::fmt;
use std::ops::Range;

/// A configuration or models file error; its fields are those of [`ConfigErrorDetail`]
/// (boxed, so results stay small), readable directly: `err.line`, `err.fix`.
///
/// Displays as `FILE:LINE:COLUMN: KEY: MESSAGE` followed by an indented `fix:` line, the
/// format compilers use, so editors can jump to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(Box<ConfigErrorDetail>);

/// What a [`ConfigError`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigErrorDetail {
    /// The file as the user named it (`jiuzhu.toml`), or `dictionaries/models.toml (embedded)`.
    pub file: String,
    /// 1-based line, when the error has a place in the file.
    pub line: Option<usize>,
    /// 1-based column (in characters), when known.
    pub column: Option<usize>,
    /// The key or item concerned (`roster[2].path`, `model M2 expr`, `sets.unpaid`).
    pub key: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl ConfigError {
    pub(crate) fn new(file: &str, message: impl Into<String>, fix: impl Into<String>) -> Self {
        ConfigError(Box::new(ConfigErrorDetail {
            file: file.to_string(),
            line: None,
            column: None,
            key: None,
            message: message.into(),
            fix: fix.into(),
        }))
    }

    pub(crate) fn at(mut self, pos: Option<Pos>) -> Self {
        if let Some(p) = pos {
            self.0.line = Some(p.line);
            self.0.column = Some(p.column);
        }
        self
    }

    pub(crate) fn line_col(mut self, line: Option<usize>, column: Option<usize>) -> Self {
        self.0.line = line;
        self.0.column = column;
        self
    }

    pub(crate) fn key(mut self, key: impl Into<String>) -> Self {
        self.0.key = Some(key.into());
        self
    }
}

impl std::ops::Deref for ConfigError {
    type Target = ConfigErrorDetail;

    fn deref(&self) -> &ConfigErrorDetail {
        &self.0
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        f.write_str(": ")?;
        if let Some(key) = &self.key {
            write!(f, "{key}: ")?;
        }
        write!(f, "{}\n  fix: {}", self.message, self.fix)
    }
}

impl std::error::Error for ConfigError {}

/// A 1-based line and character column in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pos {
    pub line: usize,
    pub column: usize,
}

/// The source text of a TOML file, to turn byte spans into lines and columns.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    pub fn pos(&self, byte: usize) -> Pos {
        let byte = byte.min(self.text.len());
        // Spans come from the TOML parser and fall on character boundaries; be safe anyway.
        let mut b = byte;
        while !self.text.is_char_boundary(b) {
            b -= 1;
        }
        let before = &self.text[..b];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos {
            line,
            column: before[line_start..].chars().count() + 1,
        }
    }

    pub fn span(&self, span: Range<usize>) -> Option<Pos> {
        Some(self.pos(span.start))
    }

    pub fn err(
        &self,
        span: Option<Range<usize>>,
        key: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) -> ConfigError {
        ConfigError::new(self.file, message, fix)
            .at(span.and_then(|s| self.span(s)))
            .key(key)
    }

    /// A TOML syntax or shape error from the parser, with its line and a fix.
    pub fn toml_err(&self, e: &toml::de::Error) -> ConfigError {
        let message = e.message().trim().to_string();
        let fix = if message.contains("unknown field") {
            "remove the key or correct its spelling; the valid keys are listed in the message \
             (DESIGN.md §4 and §5 describe them)"
        } else if message.contains("missing field") {
            "add the missing key"
        } else if message.contains("invalid type") {
            "give the value the type the message asks for (a string in quotes, a list in [ ])"
        } else if message.contains("unknown variant") {
            "use one of the values listed in the message"
        } else {
            "correct the TOML syntax at this place"
        };
        ConfigError::new(self.file, message, fix).at(e.span().map(|s| self.pos(s.start)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let src = Source {
            file: "x.toml",
            text: "a = 1\n名字 = \"x\"\n",
        };
        assert_eq!(src.pos(0), Pos { line: 1, column: 1 });
        let b = src.text.find('=').unwrap();
        assert_eq!(src.pos(b), Pos { line: 1, column: 3 });
        let b = src.text.rfind('=').unwrap();
        assert_eq!(src.pos(b), Pos { line: 2, column: 4 });
    }

    #[test]
    fn display_is_compiler_style() {
        let e = ConfigError::new("jiuzhu.toml", "bad", "do this")
            .at(Some(Pos { line: 3, column: 7 }))
            .key("region.name");
        assert_eq!(
            e.to_string(),
            "jiuzhu.toml:3:7: region.name: bad\n  fix: do this"
        );
        let e = ConfigError::new("jiuzhu.toml", "missing", "create it");
        assert_eq!(e.to_string(), "jiuzhu.toml: missing\n  fix: create it");
    }
}
