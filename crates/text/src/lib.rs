//! jiuzhu-text: the layer extraction reads through.
pub mod entity;
pub mod normalize;
pub mod span;

pub use normalize::{Normalized, OffsetMap, normalize};
pub use span::{Span, byte_to_char, char_span, char_to_byte};
pub mod split;
pub use split::{clauses, clauses_in, containing, is_punctuated, sentences};
pub mod error;
pub mod section;
pub use error::Error;
pub use section::{Section, SectionKind, SectionWarning, Sectioner, Sections};
pub mod date;
pub mod number;
pub use date::{DateMatch, DateValue, find_dates, parse_date};
pub use number::{Amount, find_amounts, parse_amount, parse_int, parse_number};
pub mod segment;
pub use segment::{Segmenter, TermTag};
