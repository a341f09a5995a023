//! Byte spans and byte ↔ character offset helpers.

use std::fmt;
use std::ops::Range;

/// A half-open byte range `start..end` into some text (usually the normalised text).
///
/// Spans are byte offsets because slicing needs them; records cite *character* offsets
/// (DESIGN.md §4), which [`Normalized::char_span`](crate::Normalized::char_span) or
/// [`char_span`] convert to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Length in bytes (0 for an inverted span).
    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers nothing.
    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The span as a range, for slicing.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// The text this span covers, or `""` when it is out of bounds or splits a character.
    pub fn slice(self, text: &str) -> &str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Whether byte `offset` lies inside the span.
    pub const fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// Number of characters in `text[..byte]`. A `byte` inside a character counts that
/// character as not yet reached; a `byte` past the end counts every character.
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    count_chars(&text.as_bytes()[..floor_boundary(text, byte)])
}

/// Byte offset of character number `char_idx` in `text`; `text.len()` when past the end.
pub fn char_to_byte(text: &str, char_idx: usize) -> usize {
    text.char_indices()
        .nth(char_idx)
        .map_or(text.len(), |(b, _)| b)
}

/// Converts a byte span of `text` to a character span.
pub fn char_span(text: &str, span: Span) -> Span {
    let start = byte_to_char(text, span.start);
    let end = start + byte_to_char(text.get(span.start..).unwrap_or(""), span.len());
    Span::new(start, end)
}

/// The largest character boundary of `text` at or before `byte`.
pub(crate) fn floor_boundary(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    b
}

/// Counts UTF-8 characters by counting the bytes that start one (anything but a
/// continuation byte `10xxxxxx`); the compiler vectorises this loop.
pub(crate) fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_char_round_trip() {
        let text = "被告人A某，1,234元";
        let rows: &[(usize, usize)] = &[(0, 0), (3, 1), (9, 3), (10, 4), (13, 5), (16, 6)];
        for &(byte, ch) in rows {
            assert_eq!(byte_to_char(text, byte), ch, "byte {byte}");
            assert_eq!(char_to_byte(text, ch), byte, "char {ch}");
        }
        assert_eq!(byte_to_char(text, 1000), text.chars().count());
        assert_eq!(char_to_byte(text, 1000), text.len());
        // A byte inside 告 has not reached it yet.
        assert_eq!(byte_to_char(text, 4), 1);
    }

    #[test]
    fn spans() {
        let text = "原告陈桥华，男";
        let s = Span::new(6, 15);
        assert_eq!(s.slice(text), "陈桥华");
        assert_eq!(char_span(text, s), Span::new(2, 5));
        assert_eq!(Span::new(1, 2).slice(text), "");
        assert!(Span::new(3, 3).is_empty());
        assert_eq!(s.to_string(), "6..15");
    }
}
