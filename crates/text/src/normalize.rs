//! Offset-preserving normalisation of court-document text (STYLE.md practice 7).
//!
//! [`normalize`] makes one pass over the input and returns a [`Normalized`]: the normalised
//! text plus an [`OffsetMap`] from every normalised byte back to the original bytes it came
//! from, in the spirit of lindera's `OffsetMapping`. Extraction reads the normalised text;
//! evidence points back into the original through the map.
//!
//! # What changes, and why
//!
//! | input | output | why |
//! | --- | --- | --- |
//! | full-width digits and letters `０-９ Ａ-Ｚ ａ-ｚ` and ASCII-like symbols `＊ ％ ． － ／ …` | ASCII | amounts, IDs, plates and case numbers compare as ASCII |
//! | brackets `（）〔〕［］【】〖〗﹙﹚[]` | `(` `)` | case numbers are written with all of them (DESIGN.md §2) |
//! | `，。、；：！？` | kept | they drive sentence and clause splitting |
//! | ASCII `,` `:` `;` beside Chinese text | `，` `：` `；` | one form for cue phrases (`申请执行人:` = `申请执行人：`) and clause splitting |
//! | `,` / `，` between a digit and exactly three digits | `,` | thousands separators (`55，810.54元`) are part of the number |
//! | `O o Ｏ ○ ◯ ０ 0` between Chinese digits | `〇` | `二Ｏ一八年` is a date |
//! | `&nbsp;` `&amp;` `&ldquo;` `&times;` `&#12295;` `＆ｌｄｑｕｏ；`, double-escaped `&amp;nbsp;` | the character | HTML leftovers in dump fields |
//! | zero-width characters, BOM, soft hyphen, bidi marks, C0/C1 controls | removed | invisible, and they split words |
//! | Private-Use-Area characters, U+2029 | paragraph break `\n` | crawls use PUA glyphs as paragraph separators |
//! | runs of spaces, tabs, `\u3000`, NBSP, line breaks | nothing, one space or one `\n` (below) | |
//!
//! Paragraphs are separated by exactly one `\n`; there are no blank lines, no leading or
//! trailing whitespace, and no `\r`. A whitespace run between two visible characters becomes:
//!
//! - **`\n`** after a sentence end (`。！？；`), for a PUA/paragraph separator, after a colon
//!   or closing bracket at a line break, and — in *flattened* documents, whose paragraphs were
//!   joined with single spaces (no line breaks at all, like most of `corpora/real/criminal`) —
//!   between two multi-character Chinese tokens (`人民法院 刑事判决书`).
//! - **nothing** inside words: spaced-out titles and names (`执 行 裁 定 书`, `审 判 长`,
//!   `雷 宏`), spaces beside digits (`黔 06民终`, `补助费 6480元`), after `，、(` and before
//!   punctuation, and hard wraps: a line break in the middle of a long line of a punctuated
//!   document (`公开开庭\r\n进行了审理`), or right after a lone first character (`原\r\n告`).
//! - **one space** between two ASCII words, and between Chinese tokens on one line of a
//!   document that has line breaks (`审判员  郭贤安` → `审判员 郭贤安`).
//!
//! Documents whose `。` were stripped keep every line break, so sentence splitting can fall back
//! on them.
//!
//! ```
//! use jiuzhu_text::normalize;
//!
//! let n = normalize("执 行 裁 定 书\n（２０１８）粤0114执4076号\n申请执行人:邹清，欠款55，810.54元&nbsp;");
//! assert_eq!(n.text(), "执行裁定书\n(2018)粤0114执4076号\n申请执行人：邹清，欠款55,810.54元");
//! // Every normalised offset maps back to the original bytes.
//! let at = n.text().find("2018").unwrap();
//! let orig = n.to_original_span(jiuzhu_text::Span::new(at, at + 4));
//! assert_eq!(orig.len(), 12); // ２０１８ is four 3-byte characters
//! ```

use crate::entity;
use crate::span::{Span, count_chars, floor_boundary};

/// Every `CHAR_STEP`-th character's byte offset is remembered, so byte ↔ char conversion
/// walks at most this many characters.
const CHAR_STEP: usize = 64;

/// A line at least this long (in characters) that breaks without punctuation is taken to be
/// hard-wrapped. Headings (court names, titles, case numbers, judges) are shorter.
const WRAP_MIN: usize = 40;

/// Normalises `input` (see the [module docs](self) for the rules).
pub fn normalize(input: &str) -> Normalized {
    Normalizer::new(input).run()
}

/// Normalised text with its map back to the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    map: OffsetMap,
    /// Byte offset of characters 0, CHAR_STEP, 2·CHAR_STEP …
    marks: Vec<usize>,
    chars: usize,
}

impl Normalized {
    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The normalised text, without the map.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The map back to the original.
    pub fn offset_map(&self) -> &OffsetMap {
        &self.map
    }

    /// Number of characters in the normalised text.
    pub fn char_len(&self) -> usize {
        self.chars
    }

    /// Original byte offset where the normalised character at `byte` came from (for a span's
    /// start). Offsets at the end map to the end of the last character's source.
    pub fn to_original(&self, byte: usize) -> usize {
        self.map.to_original(byte)
    }

    /// Original byte offset just after the source of the normalised character ending at
    /// `byte` (for a span's end): whitespace removed after it is not included.
    pub fn to_original_end(&self, byte: usize) -> usize {
        self.map.to_original_end(byte)
    }

    /// The original byte span a normalised byte span came from.
    pub fn to_original_span(&self, span: Span) -> Span {
        self.map.to_original_span(span)
    }

    /// The normalised byte offset of original byte `orig` (the start of the normalised
    /// character it became, or the next one when it was removed).
    pub fn from_original(&self, orig: usize) -> usize {
        self.map.from_original(orig)
    }

    /// Character offset of normalised byte offset `byte` (as [`crate::byte_to_char`]).
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = floor_boundary(&self.text, byte);
        let k = self.marks.partition_point(|&m| m <= byte).saturating_sub(1);
        let base = self.marks.get(k).copied().unwrap_or(0);
        k * CHAR_STEP + count_chars(&self.text.as_bytes()[base..byte])
    }

    /// Byte offset of normalised character `char_idx`; the text length when past the end.
    pub fn byte_offset(&self, char_idx: usize) -> usize {
        if char_idx >= self.chars {
            return self.text.len();
        }
        let base = self.marks[char_idx / CHAR_STEP];
        let rest = &self.text[base..];
        base + rest
            .char_indices()
            .nth(char_idx % CHAR_STEP)
            .map_or(rest.len(), |(b, _)| b)
    }

    /// A byte span of the normalised text as a character span (what evidence records).
    pub fn char_span(&self, span: Span) -> Span {
        Span::new(self.char_offset(span.start), self.char_offset(span.end))
    }

    /// A character span of the normalised text as a byte span.
    pub fn byte_span(&self, chars: Span) -> Span {
        Span::new(self.byte_offset(chars.start), self.byte_offset(chars.end))
    }

    /// The paragraphs (lines between `\n`), as byte spans.
    pub fn paragraphs(&self) -> impl Iterator<Item = Span> + '_ {
        let mut start = 0;
        self.text.split('\n').map(move |line| {
            let span = Span::new(start, start + line.len());
            start = span.end + 1;
            span
        })
    }
}

/// Where each piece of normalised text came from in the original.
///
/// The normalised text is tiled by segments. A *copy* segment is original text kept as it was
/// (same length, mapped linearly); any other segment is one normalised character that replaced
/// a stretch of original (a full-width digit, an entity, a run of whitespace). Original bytes
/// between segments were removed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OffsetMap {
    segs: Vec<Seg>,
    norm_len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seg {
    norm: usize,
    orig: usize,
    orig_end: usize,
}

impl OffsetMap {
    fn norm_end(&self, i: usize) -> usize {
        self.segs.get(i + 1).map_or(self.norm_len, |s| s.norm)
    }

    fn linear(&self, i: usize) -> bool {
        let s = self.segs[i];
        s.orig_end - s.orig == self.norm_end(i) - s.norm
    }

    /// See [`Normalized::to_original`].
    pub fn to_original(&self, norm: usize) -> usize {
        let Some(last) = self.segs.last() else {
            return 0;
        };
        if norm >= self.norm_len {
            return last.orig_end;
        }
        let i = self.segs.partition_point(|s| s.norm <= norm) - 1;
        let s = self.segs[i];
        if self.linear(i) {
            s.orig + (norm - s.norm)
        } else if norm == s.norm {
            s.orig
        } else {
            s.orig_end
        }
    }

    /// See [`Normalized::to_original_end`].
    pub fn to_original_end(&self, norm: usize) -> usize {
        let Some(first) = self.segs.first() else {
            return 0;
        };
        if norm == 0 {
            return first.orig;
        }
        let norm = norm.min(self.norm_len);
        let i = self.segs.partition_point(|s| s.norm < norm) - 1;
        let s = self.segs[i];
        if self.linear(i) {
            s.orig + (norm - s.norm)
        } else {
            s.orig_end
        }
    }

    /// See [`Normalized::to_original_span`].
    pub fn to_original_span(&self, span: Span) -> Span {
        let start = self.to_original(span.start);
        if span.is_empty() {
            return Span::new(start, start);
        }
        Span::new(start, self.to_original_end(span.end).max(start))
    }

    /// See [`Normalized::from_original`].
    pub fn from_original(&self, orig: usize) -> usize {
        let i = self.segs.partition_point(|s| s.orig <= orig);
        if i == 0 {
            return 0;
        }
        let i = i - 1;
        let s = self.segs[i];
        if orig >= s.orig_end {
            self.norm_end(i)
        } else if self.linear(i) {
            s.norm + (orig - s.orig)
        } else {
            s.norm
        }
    }
}

struct MapBuilder {
    segs: Vec<Seg>,
    last_copy: bool,
}

impl MapBuilder {
    #[inline]
    fn copy(&mut self, norm: usize, orig: usize, orig_end: usize) {
        if self.last_copy {
            if let Some(last) = self.segs.last_mut() {
                if last.orig_end == orig {
                    last.orig_end = orig_end;
                    return;
                }
            }
        }
        self.segs.push(Seg {
            norm,
            orig,
            orig_end,
        });
        self.last_copy = true;
    }

    #[inline]
    fn replace(&mut self, norm: usize, orig: usize, orig_end: usize) {
        self.segs.push(Seg {
            norm,
            orig,
            orig_end,
        });
        self.last_copy = false;
    }
}

/// One character of input after entity decoding, with the original bytes it spans.
#[derive(Clone, Copy)]
struct Item {
    c: char,
    start: usize,
    end: usize,
    /// Decoded from a character reference (so the original bytes differ from `c`).
    decoded: bool,
}

#[derive(Clone)]
struct Src<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Src<'a> {
    #[inline]
    fn next(&mut self) -> Option<Item> {
        let start = self.pos;
        let &b = self.s.as_bytes().get(start)?;
        let c = if b < 0x80 {
            b as char
        } else {
            self.s.get(start..)?.chars().next()?
        };
        self.pos += c.len_utf8();
        if c == '&' || c == '＆' {
            if let Some((d, end)) = entity::decode_at(self.s, start) {
                self.pos = end;
                return Some(Item {
                    c: d,
                    start,
                    end,
                    decoded: true,
                });
            }
        }
        Some(Item {
            c,
            start,
            end: self.pos,
            decoded: false,
        })
    }

    /// The next `K` characters that are not dropped, without consuming them.
    fn peek<const K: usize>(&self) -> [Option<char>; K] {
        self.peek_where(|c| c == Class::Drop)
    }

    /// The next `K` visible characters, without consuming them. Decisions that whitespace
    /// removal could later reverse (`二〇 一八`, `55， 810`) look past it, so normalising
    /// normalised text changes nothing visible.
    fn peek_visible<const K: usize>(&self) -> [Option<char>; K] {
        self.peek_where(|c| c != Class::Visible)
    }

    fn peek_where<const K: usize>(&self, skip: impl Fn(Class) -> bool) -> [Option<char>; K] {
        let mut it = self.clone();
        let mut out = [None; K];
        let mut k = 0;
        while k < K {
            match it.next() {
                Some(item) if skip(class(item.c)) => {}
                Some(item) => {
                    out[k] = Some(item.c);
                    k += 1;
                }
                None => break,
            }
        }
        out
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Visible,
    /// Invisible characters removed without a trace (zero-width, BOM, controls).
    Drop,
    /// Horizontal whitespace.
    Space,
    /// Line breaks.
    Break,
    /// Paragraph separators that always survive as `\n` (PUA glyphs, U+2029).
    Hard,
}

#[inline]
fn class(c: char) -> Class {
    match c {
        ' '
        | '\t'
        | '\u{0B}'
        | '\u{A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => Class::Space,
        '\n' | '\r' | '\u{0C}' | '\u{85}' | '\u{2028}' => Class::Break,
        '\u{2029}' | '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{10FFFF}' => Class::Hard,
        '\0'..='\u{08}'
        | '\u{0E}'..='\u{1F}'
        | '\u{7F}'..='\u{84}'
        | '\u{86}'..='\u{9F}'
        | '\u{AD}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' => Class::Drop,
        _ => Class::Visible,
    }
}

/// Visible characters that normalise to themselves in any context.
#[inline]
fn is_plain(c: char) -> bool {
    match c {
        'a'..='n' | 'p'..='z' | 'A'..='N' | 'P'..='Z' | '1'..='9' => true,
        '.' | '-' | '/' | '%' | '*' | '+' | '#' | '(' | ')' | '<' | '>' | '=' | '_' => true,
        '。' | '、' | '；' | '！' | '？' | '：' | '《' | '》' | '“' | '”' | '‘' | '’' | '·'
        | '…' | '—' | '×' | '「' | '」' | '『' | '』' => true,
        _ => is_ideo(c),
    }
}

fn is_gap(c: char) -> bool {
    matches!(class(c), Class::Space | Class::Break | Class::Hard)
}

/// CJK ideographs (and 〇, which behaves like one in dates and names).
#[inline]
pub(crate) fn is_ideo(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}' | '\u{30000}'..='\u{3134F}' | '〇')
}

fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九'
    )
}

fn is_zero_like(c: char) -> bool {
    matches!(c, 'O' | 'o' | 'Ｏ' | 'ｏ' | '○' | '◯' | '０' | '0' | '〇')
}

fn is_digit(c: Option<char>) -> bool {
    matches!(c, Some('0'..='9' | '０'..='９'))
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

fn is_colon(c: char) -> bool {
    matches!(c, '：' | ':')
}

fn is_comma(c: char) -> bool {
    matches!(c, '，' | '、' | ',')
}

fn is_opener(c: char) -> bool {
    matches!(c, '(' | '“' | '‘' | '「' | '『' | '《' | '〈' | '<')
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | '”' | '’' | '」' | '』' | '》' | '〉' | '>')
}

/// Characters that never begin a paragraph or word: whitespace before them is noise.
fn is_trailing_punct(c: char) -> bool {
    is_comma(c) || is_colon(c) || is_closer(c) || ends_sentence(c) || matches!(c, '.' | '…')
}

/// The character a full-width or bracket variant stands for when deciding about whitespace.
fn fold_for_class(c: char) -> char {
    match c {
        '（' | '［' | '〔' | '【' | '〖' | '﹙' | '[' | '｟' => '(',
        '）' | '］' | '〕' | '】' | '〗' | '﹚' | ']' | '｠' => ')',
        '！' | '？' | '：' | '；' | '，' => c,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

#[derive(Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    brk: bool,
    hard: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Emit {
    Nothing,
    Space,
    Newline,
}

struct Normalizer<'a> {
    src: Src<'a>,
    out: String,
    map: MapBuilder,
    marks: Vec<usize>,
    chars: usize,
    /// No line breaks: paragraphs were joined with spaces.
    flattened: bool,
    /// Has `。` at a normal density (not stripped).
    punctuated: bool,
    run: Option<Run>,
    /// Visible characters in the current whitespace-delimited input token.
    tok_len: usize,
    /// Characters since the last `\n` in the output.
    line_chars: usize,
    last: Option<char>,
    /// The last output character that is not a space or line break.
    last_visible: Option<char>,
}

impl<'a> Normalizer<'a> {
    fn new(input: &'a str) -> Self {
        let bytes = input.as_bytes();
        let breaks = memchr::memchr2_iter(b'\n', b'\r', bytes).count();
        let stops = memchr::memmem::find_iter(bytes, "。".as_bytes()).count();
        Normalizer {
            src: Src { s: input, pos: 0 },
            out: String::with_capacity(input.len()),
            map: MapBuilder {
                segs: Vec::with_capacity(input.len() / 64 + 4),
                last_copy: false,
            },
            marks: Vec::with_capacity(input.len() / (CHAR_STEP * 2) + 1),
            chars: 0,
            // Fewer than one line break per ~700 characters: a flattened document.
            flattened: breaks * 2000 < bytes.len(),
            // At least one 。 per ~130 characters.
            punctuated: stops > 0 && stops * 400 >= bytes.len(),
            run: None,
            tok_len: 0,
            line_chars: 0,
            last: None,
            last_visible: None,
        }
    }

    fn run(mut self) -> Normalized {
        while let Some(item) = self.src.next() {
            match class(item.c) {
                Class::Visible => {
                    if let Some(run) = self.run.take() {
                        self.resolve(run, item.c);
                    }
                    self.visible(item);
                    self.copy_plain();
                }
                Class::Drop => {}
                Class::Space => self.gap(item, false, false),
                Class::Break => self.gap(item, true, false),
                Class::Hard => self.gap(item, false, true),
            }
        }
        let norm_len = self.out.len();
        Normalized {
            text: self.out,
            map: OffsetMap {
                segs: self.map.segs,
                norm_len,
            },
            marks: self.marks,
            chars: self.chars,
        }
    }

    #[inline]
    fn gap(&mut self, item: Item, brk: bool, hard: bool) {
        match &mut self.run {
            Some(run) => {
                run.end = item.end;
                run.brk |= brk;
                run.hard |= hard;
            }
            None => {
                self.run = Some(Run {
                    start: item.start,
                    end: item.end,
                    brk,
                    hard,
                })
            }
        }
    }

    /// Decides what the whitespace run before visible character `next` becomes.
    fn resolve(&mut self, run: Run, next: char) {
        let Some(p) = self.last else {
            return; // leading whitespace
        };
        let n = fold_for_class(next);
        let ptok_single = self.tok_len == 1 && is_ideo(p);
        self.tok_len = 0;
        let [after_n, after2] = self.src.peek::<2>();
        let ntok_single = is_ideo(n) && after_n.is_none_or(is_gap);
        // A list item (`2、`, `三、`, `1.`) starts a paragraph even in a long line.
        let item_start = (n.is_ascii_digit() || is_cn_digit(n))
            && matches!(after_n, Some('、' | '.' | '．'))
            || n == '(' && matches!(after2, Some(')' | '）'));
        let emit = self.decide(&run, p, n, ptok_single, ntok_single, item_start);
        match emit {
            Emit::Nothing => {}
            Emit::Space => self.push(' ', run.start, run.end, false),
            Emit::Newline => self.push('\n', run.start, run.end, false),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn decide(
        &self,
        run: &Run,
        p: char,
        n: char,
        ptok_single: bool,
        ntok_single: bool,
        item_start: bool,
    ) -> Emit {
        if run.hard || ends_sentence(p) {
            return Emit::Newline;
        }
        let p_ascii = p.is_ascii_alphanumeric();
        let n_ascii = n.is_ascii_alphanumeric();
        if run.brk {
            if is_colon(p) || is_closer(p) {
                return Emit::Newline;
            }
            if is_opener(p) || is_trailing_punct(n) {
                return Emit::Nothing;
            }
            // `原\r\n告…`, `2、\r\n豫A…`: a paragraph's first character or list marker
            // wrapped away from the rest of its line. (`此致` is a two-character paragraph.)
            if self.line_chars == 1 || self.line_chars == 2 && matches!(p, '、' | '.') {
                return Emit::Nothing;
            }
            if self.punctuated && self.line_chars >= WRAP_MIN && !item_start {
                return if p_ascii && n_ascii {
                    Emit::Space
                } else {
                    Emit::Nothing
                };
            }
            return Emit::Newline;
        }
        if is_comma(p) || is_opener(p) || is_trailing_punct(n) {
            return Emit::Nothing;
        }
        if is_colon(p) {
            return if self.flattened {
                Emit::Newline
            } else {
                Emit::Nothing
            };
        }
        if p_ascii && n_ascii {
            return Emit::Space;
        }
        if p_ascii || n_ascii {
            return Emit::Nothing;
        }
        if (ptok_single && is_ideo(n)) || (ntok_single && is_ideo(p)) {
            return Emit::Nothing;
        }
        if self.flattened {
            Emit::Newline
        } else {
            Emit::Space
        }
    }

    /// Copies the run of plain characters at the input position in one go: characters that
    /// stay as they are whatever surrounds them (ideographs, ASCII letters and digits other
    /// than the zero look-alikes, kept punctuation). Most of a document is such runs.
    fn copy_plain(&mut self) {
        let start = self.src.pos;
        let rest = &self.src.s[start..];
        let mut len = 0;
        let mut count = 0;
        let mut last = None;
        for c in rest.chars() {
            if !is_plain(c) {
                break;
            }
            len += c.len_utf8();
            count += 1;
            last = Some(c);
        }
        let Some(last) = last else {
            return;
        };
        let norm = self.out.len();
        self.map.copy(norm, start, start + len);
        self.out.push_str(&rest[..len]);
        // Remember every CHAR_STEP-th character's offset.
        let first_mark = self.chars.div_ceil(CHAR_STEP) * CHAR_STEP;
        if first_mark < self.chars + count {
            for (k, (b, _)) in (self.chars..).zip(rest[..len].char_indices()) {
                if k % CHAR_STEP == 0 {
                    self.marks.push(norm + b);
                }
            }
        }
        self.chars += count;
        self.line_chars += count;
        self.tok_len += count;
        self.src.pos += len;
        self.last = Some(last);
        self.last_visible = Some(last);
    }

    #[inline]
    fn visible(&mut self, item: Item) {
        let c = item.c;
        let out = if c.is_ascii_alphanumeric() && !matches!(c, 'O' | 'o' | '0')
            || is_ideo(c) && c != '〇'
        {
            c
        } else {
            self.map_char(c)
        };
        self.tok_len += 1;
        let copy = !item.decoded && out == c;
        self.push(out, item.start, item.end, copy);
    }

    fn map_char(&self, c: char) -> char {
        if is_zero_like(c) && self.last_visible.is_some_and(is_cn_digit) {
            let [next] = self.src.peek_visible::<1>();
            if next.is_some_and(|n| is_cn_digit(n) || is_zero_like(n) || n == '年') {
                return '〇';
            }
        }
        match c {
            '（' | '［' | '〔' | '【' | '〖' | '﹙' | '[' | '｟' => '(',
            '）' | '］' | '〕' | '】' | '〗' | '﹚' | ']' | '｠' => ')',
            ',' | '，' => {
                if self.thousands() {
                    ','
                } else {
                    '，'
                }
            }
            ':' | ';' => {
                let [next] = self.src.peek::<1>();
                let ascii_context = self.last.is_some_and(|l| l.is_ascii_alphanumeric())
                    && next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '/');
                match (c, ascii_context) {
                    (_, true) => c,
                    (':', false) => '：',
                    _ => '；',
                }
            }
            '！' | '？' | '：' | '；' => c,
            '｡' => '。',
            '､' => '、',
            '｢' => '「',
            '｣' => '」',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        }
    }

    /// A comma between a digit and a group of exactly three digits separates thousands.
    fn thousands(&self) -> bool {
        if !self.last_visible.is_some_and(|c| c.is_ascii_digit()) {
            return false;
        }
        let [a, b, c, d] = self.src.peek_visible::<4>();
        is_digit(a) && is_digit(b) && is_digit(c) && !is_digit(d)
    }

    #[inline]
    fn push(&mut self, c: char, start: usize, end: usize, copy: bool) {
        let norm = self.out.len();
        if copy {
            self.map.copy(norm, start, end);
        } else {
            self.map.replace(norm, start, end);
        }
        self.out.push(c);
        if self.chars % CHAR_STEP == 0 {
            self.marks.push(norm);
        }
        self.chars += 1;
        self.line_chars = if c == '\n' { 0 } else { self.line_chars + 1 };
        self.last = Some(c);
        if c != ' ' && c != '\n' {
            self.last_visible = Some(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_map_walkthrough() {
        // Like lindera's "１０㍑" walkthrough: each normalised character and where it came from.
        let orig = "（２０１８）黔 06民终&nbsp;号";
        let n = normalize(orig);
        assert_eq!(n.text(), "(2018)黔06民终号");
        let rows: &[(&str, &str)] = &[
            ("(", "（"),
            ("2018", "２０１８"),
            (")", "）"),
            ("黔06", "黔 06"),
            ("民终", "民终"),
            ("号", "号"),
        ];
        for &(norm, want) in rows {
            let at = n.text().find(norm).unwrap();
            let span = n.to_original_span(Span::new(at, at + norm.len()));
            assert_eq!(span.slice(orig), want, "{norm}");
        }
        // The removed &nbsp; is not part of 终's span, nor of 号's.
        let at = n.text().find("号").unwrap();
        assert_eq!(n.from_original(orig.find("&nbsp;").unwrap()), at);
    }

    #[test]
    fn char_offsets() {
        let text = "被告人".repeat(100) + "王某1";
        let n = normalize(&text);
        assert_eq!(n.char_len(), 303);
        for c in [0, 1, 63, 64, 65, 128, 299, 300, 302, 303, 400] {
            let b = n.byte_offset(c);
            assert_eq!(b, crate::char_to_byte(n.text(), c), "char {c}");
            if c <= 303 {
                assert_eq!(n.char_offset(b), c, "byte {b}");
            }
        }
        let at = n.text().find("王某1").unwrap();
        assert_eq!(n.char_span(Span::new(at, at + 7)), Span::new(300, 303));
        assert_eq!(n.byte_span(Span::new(300, 303)), Span::new(at, at + 7));
    }

    #[test]
    fn empty_and_blank() {
        for s in ["", "   ", "\r\n\u{3000}\u{FEFF}", "&nbsp;"] {
            let n = normalize(s);
            assert_eq!(n.text(), "", "{s:?}");
            assert_eq!(n.to_original(0), 0);
            assert_eq!(n.to_original_span(Span::new(0, 0)), Span::new(0, 0));
            assert_eq!(n.paragraphs().count(), 1);
        }
    }
}
