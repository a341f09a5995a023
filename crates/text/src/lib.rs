//! jiuzhu-text: the layer extraction reads court and procuratorate documents through.
//!
//! - [`normalize()`]: one pass that cleans what crawls and dumps do to the text (full-width
//!   forms, brackets, stray whitespace and separators, hard wraps, spaced-out titles, HTML
//!   leftovers, `二Ｏ一八年`) and keeps an [`OffsetMap`] back to the original, so evidence can
//!   cite both. Evidence in records uses *character* offsets into the normalised text:
//!   [`Normalized::char_span`] converts.
//! - [`sentences`] and [`clauses`]: byte spans, never split inside numbers, brackets or quotes.
//! - [`Sectioner`]: head, parties, procedure, facts, reasoning, result, tail (and appendix) of
//!   judgments, indictments, arrest reviews and enforcement rulings, from the cue phrases in
//!   `dictionaries/sections.toml`, with a warning and a whole-text fallback.
//! - [`Segmenter`]: jieba-rs with the legal dictionary `dictionaries/legal_terms.txt`, for short
//!   windows such as the name after a role cue ([`Segmenter::name_after`]).
//! - Numbers, money and dates: [`parse_number`], [`find_amounts`], [`find_dates`].
//!
//! Everything that needs data (cue phrases, dictionaries) is built once and shared: the
//! sectioner and segmenter are cheap to clone and safe to use from many threads.
//!
//! ```
//! use jiuzhu_core::Kind;
//! use jiuzhu_text::{SectionKind, Sectioner, Segmenter, find_amounts, normalize};
//!
//! // A flattened judgment, as JSON dumps carry them: paragraphs joined by spaces.
//! let raw = "某某县人民法院 刑事判决书 （２０２１）浙0382刑初456号 公诉机关某某县人民检察院。 \
//!            被告人李某，男。 某某县人民检察院以起诉书指控被告人李某犯交通肇事罪，向本院提起公诉。 \
//!            经审理查明，被告人李某驾车将被害人王某1撞伤，至今未赔偿被害人经济损失人民币5.2万元。 \
//!            本院认为，被告人李某构成交通肇事罪。 依照《中华人民共和国刑法》第一百三十三条之规定，判决如下： \
//!            被告人李某犯交通肇事罪，判处有期徒刑一年。 审判员张三 二Ｏ二一年五月十一日";
//! let norm = normalize(raw);
//! let text = norm.text();
//! assert!(text.starts_with("某某县人民法院\n刑事判决书\n(2021)浙0382刑初456号\n"));
//!
//! let sections = Sectioner::embedded().section(text, Some(Kind::CriminalJudgment));
//! assert!(sections.is_clean());
//! let facts = sections.span(SectionKind::Facts).unwrap();
//!
//! // The victim named in the facts, and the unpaid amount, with offsets for evidence.
//! let cue = facts.start + facts.slice(text).find("被害人").unwrap() + "被害人".len();
//! let victim = Segmenter::shared().name_after(text, cue).unwrap();
//! assert_eq!(victim.slice(text), "王某1");
//! let amount = find_amounts(facts.slice(text))[0];
//! assert_eq!((amount.yuan, amount.span.slice(facts.slice(text))), (52000.0, "人民币5.2万元"));
//!
//! // Character offsets for the record, and the original bytes the name came from.
//! let chars = norm.char_span(victim);
//! assert_eq!(text.chars().skip(chars.start).take(chars.len()).collect::<String>(), "王某1");
//! assert_eq!(norm.to_original_span(victim).slice(raw), "王某1");
//! ```

#![warn(missing_docs)]

pub mod date;
mod entity;
pub mod error;
pub mod normalize;
pub mod number;
pub mod section;
pub mod segment;
pub mod span;
pub mod split;

pub use date::{DateMatch, DateValue, find_dates, parse_date};
pub use error::Error;
pub use normalize::{Normalized, OffsetMap, normalize};
pub use number::{Amount, find_amounts, parse_amount, parse_int, parse_number};
pub use section::{Section, SectionKind, SectionWarning, Sectioner, Sections};
pub use segment::{Segmenter, TermTag};
pub use span::{Span, byte_to_char, char_span, char_to_byte};
pub use split::{clauses, clauses_in, containing, is_punctuated, sentences};
