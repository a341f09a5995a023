//! jieba-rs segmentation with the legal user dictionary, for short windows only.
//!
//! Segmenting whole documents is slow and unnecessary: extraction finds cue phrases with
//! automata and asks the [`Segmenter`] only where a word boundary matters — chiefly where a
//! person's name after a role cue ends (`被告人马某祥犯故意伤害罪`, `郑步驾驶`, `陈家添受伤`,
//! `原告杨晓诉称`, `被害人阿依努尔·玉素甫发生争执`), since names are not in any dictionary.
//! A caller with words of its own that end names (表示, 提出 …) passes them to
//! [`Segmenter::name_after_with`].
//!
//! `dictionaries/legal_terms.txt` is a jieba user dictionary (`word freq tag`, one entry a
//! line) with these tags:
//!
//! | tag | what | use |
//! | --- | --- | --- |
//! | `role` | 被告人, 附带民事诉讼原告人 … | added to jieba |
//! | `charge` | 故意伤害罪, 交通肇事 … | added to jieba |
//! | `law` | 刑事拘留, 诉称, 驾驶, 受伤 … | added to jieba |
//! | `org` | insurers (中国人民财产保险股份有限公司 …), company suffixes | added to jieba |
//! | `court` | 人民法院, 公安局, 看守所 … | added to jieba |
//! | `stop` | single characters that end a name (犯 与 因 于 系 …) | name boundaries only |
//! | `surname` | surnames (王, 付, 欧阳 …) | name boundaries only |
//!
//! `stop` and `surname` entries are not added to jieba (they would skew its frequencies). A
//! character may be both (`向` is a surname and ends a name: `张三向被害人…`); a word listed
//! twice with the same tag is an error.
//!
//! ```
//! use jiuzhu_text::Segmenter;
//!
//! let seg = Segmenter::shared();
//! let text = "被害人王某1、李某某，被告人马某祥犯故意伤害罪，原告陈桥华，男";
//! let names: Vec<&str> = ["被害人", "被告人", "原告"]
//!     .iter()
//!     .flat_map(|role| {
//!         let at = text.find(role).unwrap() + role.len();
//!         seg.names_after(text, at)
//!     })
//!     .map(|s| s.slice(text))
//!     .collect();
//! assert_eq!(names, ["王某1", "李某某", "马某祥", "陈桥华"]);
//! ```

use std::sync::{Arc, OnceLock};

use jieba_rs::Jieba;
use jiuzhu_core::name::{MIDDLE_DOT, normalize_name};

use crate::error::Error;
use crate::normalize::is_ideo;
use crate::span::Span;

/// The embedded legal user dictionary.
pub const LEGAL_TERMS: &str = include_str!("../../../dictionaries/legal_terms.txt");

const EMBEDDED_NAME: &str = "dictionaries/legal_terms.txt";

/// How far past the role cue a name is looked for, in characters.
const WINDOW_CHARS: usize = 12;

/// Longest word prefix checked against the dictionary at a name boundary, in characters.
const MAX_WORD_CHARS: usize = 4;

/// Longest part of a transliterated name between dots (帕提古丽, 阿卜杜热合曼), in characters.
const MAX_DOTTED_PART: usize = 6;

/// Category of a legal-dictionary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermTag {
    /// 被告人, 被害人, 申请执行人 …
    Role,
    /// 故意伤害罪, 交通肇事 …
    Charge,
    /// Legal phrases: 刑事拘留, 诉称, 驾驶, 受伤 …
    Law,
    /// Insurers and company suffixes.
    Org,
    /// Courts, procuratorates, police and their units.
    Court,
    /// Characters that end a name (犯, 与, 因 …).
    Stop,
    /// Surnames (王, 欧阳 …).
    Surname,
}

impl TermTag {
    fn bit(self) -> u8 {
        1 << (self as u8)
    }

    fn parse(s: &str) -> Option<TermTag> {
        Some(match s {
            "role" => TermTag::Role,
            "charge" => TermTag::Charge,
            "law" => TermTag::Law,
            "org" => TermTag::Org,
            "court" => TermTag::Court,
            "stop" => TermTag::Stop,
            "surname" => TermTag::Surname,
            _ => return None,
        })
    }
}

/// The tags of one dictionary word: the first listed, and all of them as bits.
#[derive(Debug, Clone, Copy)]
struct Tags {
    first: TermTag,
    all: u8,
}

#[derive(Debug)]
struct Inner {
    jieba: Jieba,
    /// Looked up at every character of a name candidate: a fast hash (foldhash).
    terms: foldhash::HashMap<Box<str>, Tags>,
}

/// jieba with the legal dictionary, built once. Cheap to clone (an `Arc`) and shared across
/// threads.
#[derive(Debug, Clone)]
pub struct Segmenter {
    inner: Arc<Inner>,
}

impl Segmenter {
    /// The segmenter with jieba's dictionary and the embedded legal dictionary, loaded once
    /// per process (about a fifth of a second in a release build).
    pub fn shared() -> Segmenter {
        static SHARED: OnceLock<Segmenter> = OnceLock::new();
        SHARED
            .get_or_init(|| {
                Segmenter::with_legal_terms(LEGAL_TERMS, EMBEDDED_NAME)
                    .unwrap_or_else(|e| panic!("embedded legal dictionary is invalid: {e}"))
            })
            .clone()
    }

    /// A segmenter with jieba's dictionary plus the legal dictionary in `src` (format above);
    /// `file` names it in errors.
    pub fn with_legal_terms(src: &str, file: &str) -> Result<Segmenter, Error> {
        let mut jieba = Jieba::new();
        let mut terms: foldhash::HashMap<Box<str>, Tags> = foldhash::HashMap::default();
        for (i, line) in src.lines().enumerate() {
            let line_no = i + 1;
            let mut fields = line.split_whitespace();
            let Some(word) = fields.next() else {
                continue;
            };
            let (Some(freq), Some(tag), None) = (fields.next(), fields.next(), fields.next())
            else {
                return Err(Error::dict(
                    file,
                    line_no,
                    format!("expected `word freq tag`, found `{line}`"),
                ));
            };
            let freq: usize = freq.parse().map_err(|_| {
                Error::dict(
                    file,
                    line_no,
                    format!("frequency `{freq}` of `{word}` is not a whole number"),
                )
            })?;
            let tag_value = TermTag::parse(tag).ok_or_else(|| {
                Error::dict(
                    file,
                    line_no,
                    format!(
                        "unknown tag `{tag}` for `{word}`; use role, charge, law, org, court, \
                         stop or surname"
                    ),
                )
            })?;
            if freq == 0 {
                return Err(Error::dict(
                    file,
                    line_no,
                    format!("frequency of `{word}` is 0; jieba needs a positive frequency"),
                ));
            }
            let entry = terms.entry(word.into()).or_insert(Tags {
                first: tag_value,
                all: 0,
            });
            if entry.all & tag_value.bit() != 0 {
                return Err(Error::dict(
                    file,
                    line_no,
                    format!("`{word}` is listed twice as `{tag}`; keep one entry"),
                ));
            }
            entry.all |= tag_value.bit();
            if !matches!(tag_value, TermTag::Stop | TermTag::Surname) {
                jieba.add_word(word, Some(freq), Some(tag));
            }
        }
        Ok(Segmenter {
            inner: Arc::new(Inner { jieba, terms }),
        })
    }

    /// The legal-dictionary tag of `word` (the first listed, when it has several).
    pub fn tag_of(&self, word: &str) -> Option<TermTag> {
        self.inner.terms.get(word).map(|t| t.first)
    }

    /// Whether `word` is in the legal dictionary with `tag`.
    pub fn has_tag(&self, word: &str, tag: TermTag) -> bool {
        self.inner
            .terms
            .get(word)
            .is_some_and(|t| t.all & tag.bit() != 0)
    }

    /// Whether `c`, between two ideographs, stands for the middle dot of a transliterated
    /// name as written (阿依努尔·玉素甫): U+00B7 or a look-alike that
    /// `jiuzhu_core::name::normalize_name` folds into it (・, •, ．, a full stop …).
    pub fn is_name_dot(c: char) -> bool {
        c == MIDDLE_DOT
            || !is_ideo(c) && !c.is_alphanumeric() && normalize_name(&format!("名{c}名")) == "名·名"
    }

    /// jieba's part-of-speech tag of `word` when its dictionary has it as one word (`nr` for
    /// 金平, `ns` for 罗阳, `v` for 应当, `p` for 关于). A word that is a noun may be a
    /// person's name as well; a verb, preposition or adverb is none. jieba's tags are not
    /// always right (陈述 is `nr`), and a legal-dictionary word keeps the tag jieba had for
    /// it: ask [`tag_of`](Segmenter::tag_of) first.
    pub fn pos_tag<'a>(&'a self, word: &'a str) -> Option<&'a str> {
        match self.inner.jieba.tag(word, false).as_slice() {
            [t] if t.word == word => Some(t.tag),
            _ => None,
        }
    }

    /// jieba's segmentation (no HMM) of `text[window]`, as spans of `text`. For short windows.
    pub fn segment(&self, text: &str, window: Span) -> Vec<Span> {
        let Some(piece) = text.get(window.start..window.end) else {
            return Vec::new();
        };
        self.inner
            .jieba
            .cut(piece, false)
            .into_iter()
            .map(|t| Span::new(window.start + t.byte_start, window.start + t.byte_end))
            .collect()
    }

    /// Whether a dictionary word of two or more characters (jieba's or the legal one) starts
    /// at the beginning of `chars`.
    fn word_starts(&self, chars: &[char]) -> bool {
        let mut buf = String::with_capacity(MAX_WORD_CHARS * 4);
        for (n, &c) in chars.iter().take(MAX_WORD_CHARS).enumerate() {
            buf.push(c);
            if n >= 1 && (self.inner.jieba.has_word(&buf) || self.inner.terms.contains_key(&*buf)) {
                return true;
            }
        }
        false
    }

    fn is_stop(&self, c: char) -> bool {
        let mut b = [0u8; 4];
        self.has_tag(c.encode_utf8(&mut b), TermTag::Stop)
    }

    fn is_surname(&self, c: char) -> bool {
        let mut b = [0u8; 4];
        self.has_tag(c.encode_utf8(&mut b), TermTag::Surname)
    }

    /// The person name starting at byte `pos` of `text`, typically right after a role cue:
    /// `：`, spaces and a bracketed qualifier (`(原审原告)：`) are skipped first. Handles
    /// masked names (`王某1`, `李某某`, `马某祥`, `林某乙`, `苏×`), names closed by punctuation
    /// (`陈桥华，男`), transliterated names joined by a middle dot or a look-alike
    /// (`阿依努尔·玉素甫`, `艾则孜・依明`) and names run into the next word (`郑步驾驶`,
    /// `张德来犯交通肇事罪`, `杨晓诉称`). Returns `None` where no person name starts (an
    /// organisation, a role word, punctuation).
    pub fn name_after(&self, text: &str, pos: usize) -> Option<Span> {
        self.name_after_with(text, pos, &|_: usize, _: usize| false)
    }

    /// [`name_after`](Segmenter::name_after) with more words that end a name: `ends(at, n)`
    /// says whether one starts at byte `at` of `text`, after `n` characters of the name. A
    /// caller with its own list (the words a party's name runs into: 表示, 诉称, a civil
    /// cause …) passes it here, so that the boundary knows them as it knows the legal
    /// dictionary's words; `n` lets it keep a word that is also a given name (陈发生) once the
    /// name has one. The caller sees the whole text, not only the boundary's window.
    pub fn name_after_with(
        &self,
        text: &str,
        pos: usize,
        ends: &dyn Fn(usize, usize) -> bool,
    ) -> Option<Span> {
        let start = skip_preamble(text, pos)?;
        let window: Vec<(usize, char)> = text[start..]
            .char_indices()
            .take(WINDOW_CHARS)
            .take_while(|&(_, c)| !is_delimiter(c))
            .map(|(o, c)| (start + o, c))
            .collect();
        let chars: Vec<char> = window.iter().map(|&(_, c)| c).collect();
        let offsets: Vec<usize> = window.iter().map(|&(o, _)| o).collect();
        let n = Boundary {
            seg: self,
            ends,
            offsets: &offsets,
        }
        .name_len(&chars)?;
        let end = window
            .get(n)
            .map_or_else(|| window[n - 1].0 + chars[n - 1].len_utf8(), |&(o, _)| o);
        Some(Span::new(start, end))
    }

    /// Every name in an enumeration starting at `pos`: `王某1、李某某和张三` gives three spans.
    pub fn names_after(&self, text: &str, pos: usize) -> Vec<Span> {
        let mut out = Vec::new();
        let mut at = pos;
        while let Some(span) = self.name_after(text, at) {
            out.push(span);
            let rest = &text[span.end..];
            let Some(sep) = ['、', '和', '及', '与']
                .into_iter()
                .find(|&c| rest.starts_with(c))
            else {
                break;
            };
            at = span.end + sep.len_utf8();
            if out.len() >= 64 {
                break;
            }
        }
        out
    }

    /// Whether a legal-dictionary word (not a stop character) starts `chars`.
    fn legal_term_starts(&self, chars: &[char]) -> bool {
        let legal = [
            TermTag::Role,
            TermTag::Charge,
            TermTag::Law,
            TermTag::Org,
            TermTag::Court,
        ]
        .into_iter()
        .fold(0, |mask, t| mask | t.bit());
        // One buffer and one lookup per prefix: this runs at every character of every name
        // candidate.
        let mut buf = String::with_capacity(MAX_WORD_CHARS * 2 * 4);
        chars
            .iter()
            .take(MAX_WORD_CHARS * 2)
            .enumerate()
            .any(|(n, &c)| {
                buf.push(c);
                n >= 1
                    && self
                        .inner
                        .terms
                        .get(buf.as_str())
                        .is_some_and(|t| t.all & legal != 0)
            })
    }
}

/// The name boundary: the segmenter's dictionaries and the caller's words that end a name.
struct Boundary<'a> {
    seg: &'a Segmenter,
    ends: &'a dyn Fn(usize, usize) -> bool,
    /// Byte offset in the text of each window character.
    offsets: &'a [usize],
}

impl Boundary<'_> {
    /// Whether one of the caller's words that end a name starts at `chars[k]`, after `k`
    /// characters of the name (`chars` is the window from the name's start).
    fn ends_at(&self, chars: &[char], k: usize) -> bool {
        k < chars.len() && (self.ends)(self.offsets[k], k)
    }

    /// Whether a word that ends a name starts at `chars[k]`: a legal-dictionary word or one
    /// of the caller's.
    fn term_starts(&self, chars: &[char], k: usize) -> bool {
        k < chars.len() && (self.seg.legal_term_starts(&chars[k..]) || self.ends_at(chars, k))
    }

    /// Length in characters of the name at the start of `chars` (a window that ends at the
    /// first delimiter).
    fn name_len(&self, chars: &[char]) -> Option<usize> {
        let seg = self.seg;
        let first = *chars.first()?;
        // 的供述, 在庭审中 are no names; 付建, 向双双 are.
        if !is_ideo(first) || seg.is_stop(first) && !seg.is_surname(first) {
            return None;
        }
        // 曾于案发后, 于在: a clause word that is also a surname, then another clause word, is
        // a clause.
        if seg.is_stop(first) && chars.get(1).is_some_and(|&c| seg.is_stop(c)) {
            return None;
        }
        let surname = if chars.len() >= 2 {
            let two: String = chars[..2].iter().collect();
            if seg.tag_of(&two) == Some(TermTag::Surname) {
                2
            } else {
                1
            }
        } else {
            1
        };

        // Masked: 王某, 李某某, 王某1, 林某乙, 苏×, 张**, and 马某祥 (one given-name character
        // after a single mask).
        let mask_run = chars[surname..]
            .iter()
            .take_while(|&&c| is_mask(Some(c)))
            .count();
        if mask_run > 0 {
            let mut n = surname + mask_run;
            let digits = chars[n..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0 {
                return Some(n + digits);
            }
            match chars.get(n) {
                Some(&c) if is_ordinal(c) => n += 1,
                Some(&c)
                    if mask_run == 1
                        && is_ideo(c)
                        && !seg.is_stop(c)
                        && !self.ends_at(chars, n)
                        && !seg.word_starts(&chars[n..]) =>
                {
                    n += 1
                }
                _ => {}
            }
            return Some(n);
        }

        if let Some(n) = self.dotted_len(chars) {
            return Some(n);
        }

        // Everything up to the delimiter is short enough to be the name — up to a word that
        // ends names inside it (杨晓诉称, 张三受伤); one inside the given name (的供述,
        // 人保财险) makes it none.
        if chars.iter().all(|&c| is_ideo(c)) && (2..=4).contains(&chars.len()) {
            return match (0..chars.len()).find(|&k| self.term_starts(chars, k)) {
                None => Some(chars.len()),
                Some(k) if k >= 2 => Some(k),
                Some(_) => None,
            };
        }

        // A window opening with an organisation, place, court, role or legal word is no
        // person (中国人民财产保险股份有限公司…, 人保财险…, 宝鸡市众信出租汽车有限责任公司) —
        // but a two-character place led by a surname is as often a name's start (秦国|坤,
        // 王国|健, 苏丹|莉); an organisation after it is the caller's to read.
        if surname == 1 {
            let window: String = chars.iter().collect();
            if let Some(first) = seg.inner.jieba.tag(&window, false).first() {
                let place = first.tag.starts_with("ns");
                let not_person = matches!(first.tag, "org" | "court" | "role" | "charge" | "law")
                    || place
                    || first.tag.starts_with("nt");
                // 郑林国 is a place in jieba's dictionary, but 郑林 is nothing: a name; 苏州市
                // is 苏州 and its division.
                let word_chars = first.word.chars().count();
                let prefix: String = chars.iter().take(2).collect();
                let name_start = place
                    && seg.is_surname(chars[0])
                    && (word_chars == 2 || word_chars == 3 && !seg.inner.jieba.has_word(&prefix));
                if word_chars >= 2 && not_person && !name_start {
                    return None;
                }
            }
        }

        // Run into the next word: the surname, a forced first given-name character, then
        // at most one more unless a stop character or a dictionary word begins there — but a
        // character right before a stop character or legal term still belongs to the name
        // (张德来|犯, 陈家添|受伤). One of the caller's words right after the surname leaves
        // no name (方表示谅解).
        if self.ends_at(chars, surname) {
            return None;
        }
        let max = surname + 2;
        let mut n = surname;
        while n < chars.len().min(max) {
            let c = chars[n];
            if !is_ideo(c) {
                break;
            }
            if n > surname {
                let next_is_boundary = chars.get(n + 1).is_some_and(|&d| seg.is_stop(d))
                    || self.term_starts(chars, n + 1);
                if seg.is_stop(c)
                    || self.ends_at(chars, n)
                    || !next_is_boundary && seg.word_starts(&chars[n..])
                {
                    break;
                }
            }
            n += 1;
        }
        (n >= 2).then_some(n)
    }

    /// A transliterated name (阿依努尔·玉素甫, 德里格里·桑): parts of ideographs joined by a
    /// middle dot or a look-alike (・ • ．, or a full stop between ideographs). Every part but
    /// the last ends at its dot; the last at [`Boundary::last_part`].
    fn dotted_len(&self, chars: &[char]) -> Option<usize> {
        let mut at = 0;
        let mut dots = 0;
        loop {
            let part = chars[at..].iter().take_while(|&&c| is_ideo(c)).count();
            let after = at + part;
            let dotted = part > 0
                && part <= MAX_DOTTED_PART
                && chars.get(after).is_some_and(|&c| Segmenter::is_name_dot(c))
                && chars.get(after + 1).is_some_and(|&c| is_ideo(c));
            if dotted {
                at = after + 1;
                dots += 1;
                continue;
            }
            return (dots > 0).then(|| self.last_part(chars, at));
        }
    }

    /// Where the last part of a transliterated name, starting at `chars[start]`, ends: it
    /// runs into the text after it (玉素甫|发生争执, 买买提|的, 阿不都拉|犯): after its second character, a word that
    /// ends names ends it, and so does a stop character or the start of a dictionary word —
    /// unless a stop character or a word that ends names follows, for transliterations hold
    /// stop characters and chance words of their own (买买提在, 阿不都拉犯, 艾则孜).
    fn last_part(&self, chars: &[char], start: usize) -> usize {
        let seg = self.seg;
        let mut k = start;
        // A stop character kept because another follows (阿不都拉|的) keeps no second one:
        // the one after it ends the name (阿不都拉的伤情 → 阿不都拉).
        let mut kept_stop = false;
        while k < chars.len().min(start + MAX_DOTTED_PART) && is_ideo(chars[k]) {
            if k >= start + 2 {
                let stop = seg.is_stop(chars[k]);
                let next_is_boundary = chars
                    .get(k + 1)
                    .is_none_or(|&d| !is_ideo(d) || seg.is_stop(d))
                    || self.term_starts(chars, k + 1);
                if self.term_starts(chars, k)
                    || stop && kept_stop
                    || !next_is_boundary && (stop || seg.word_starts(&chars[k..]))
                {
                    break;
                }
                kept_stop = stop;
            }
            k += 1;
        }
        k
    }
}

/// Skips `：`, spaces and a short bracketed qualifier (`(原审原告)`) after a role cue.
fn skip_preamble(text: &str, pos: usize) -> Option<usize> {
    let mut at = pos;
    loop {
        let rest = text.get(at..)?;
        let trimmed = rest.trim_start_matches(['：', ':', ' ', '\u{3000}']);
        at += rest.len() - trimmed.len();
        let Some(open) = trimmed.chars().next().filter(|&c| c == '(' || c == '（') else {
            return Some(at);
        };
        let inner = &trimmed[open.len_utf8()..];
        let Some(close) = inner.find([')', '）']) else {
            return Some(at);
        };
        if inner[..close].chars().count() > 16 {
            return Some(at);
        }
        let closer = inner[close..].chars().next()?;
        at += open.len_utf8() + close + closer.len_utf8();
    }
}

fn is_delimiter(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '、'
            | '。'
            | '；'
            | ';'
            | '：'
            | ':'
            | '('
            | ')'
            | '（'
            | '）'
            | '\n'
            | ' '
            | '“'
            | '”'
            | '《'
            | '》'
            | '！'
            | '？'
            | '!'
            | '?'
    )
}

fn is_mask(c: Option<char>) -> bool {
    matches!(
        c,
        Some('某' | '×' | '*' | '＊' | 'X' | 'x' | 'Ｘ' | '○' | '〇' | '※' | '□')
    )
}

fn is_ordinal(c: char) -> bool {
    matches!(
        c,
        '甲' | '乙' | '丙' | '丁' | '戊' | '己' | '庚' | '辛' | '壬' | '癸'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_after_roles() {
        let seg = Segmenter::shared();
        // (text, role cue, expected name or "")
        let rows: &[(&str, &str, &str)] = &[
            ("原告陈桥华，男", "原告", "陈桥华"),
            ("原告:陈桥华,男", "原告", "陈桥华"),
            ("被上诉人(原审原告)：田春娥，女", "被上诉人", "田春娥"),
            ("原告(反诉被告)周发扬，男", "原告", "周发扬"),
            ("被告人马某祥犯故意伤害罪", "被告人", "马某祥"),
            ("被害人王某1发生口角", "被害人", "王某1"),
            ("被害人李某甲停在路边", "被害人", "李某甲"),
            ("被告人潘某无视国家法律", "被告人", "潘某"),
            ("被告人牛某持C1型驾驶证", "被告人", "牛某"),
            ("被告人张某某至本区", "被告人", "张某某"),
            ("被害人苏×下体被踢伤", "被害人", "苏×"),
            ("审判员张**二〇二三年", "审判员", "张**"),
            ("被告郑步驾驶赣B×××××小型轿车", "被告", "郑步"),
            ("受害人陈家添受伤后经医院抢救无效死亡", "受害人", "陈家添"),
            ("被告人张德来犯交通肇事罪", "被告人", "张德来"),
            ("被告张军违法驾驶车辆", "被告", "张军"),
            ("被告人董龙无证驾驶", "被告人", "董龙"),
            ("被告人李小华违反交通运输管理法规", "被告人", "李小华"),
            ("被告人袁行善醉酒驾驶", "被告人", "袁行善"),
            ("被告人欧阳某某驾驶", "被告人", "欧阳某某"),
            ("执行员王志文\n二〇一八年", "执行员", "王志文"),
            ("申请执行人德里格里·桑，男", "申请执行人", "德里格里·桑"),
            // Transliterated names: any middle dot, up to the words after the last part.
            ("被害人阿依努尔·玉素甫发生争执", "被害人", "阿依努尔·玉素甫"),
            ("被告人艾则孜・依明，男", "被告人", "艾则孜・依明"),
            ("被害人热合曼.买买提的损伤程度", "被害人", "热合曼.买买提"),
            ("被害人热合曼•阿不都拉的伤情", "被害人", "热合曼•阿不都拉"),
            ("被告人吐尔逊•热合曼驾驶", "被告人", "吐尔逊•热合曼"),
            (
                "被告人阿不都·阿不都拉犯故意伤害罪",
                "被告人",
                "阿不都·阿不都拉",
            ),
            ("被告人帕提古丽·买买提在乐清市", "被告人", "帕提古丽·买买提"),
            // A legal word inside a short window ends the name.
            ("原告杨晓诉称：", "原告", "杨晓"),
            ("被害人张三受伤，", "被害人", "张三"),
            // A two-character place led by a surname starts a name; a longer place does not.
            ("被害人秦国坤的电动自行车", "被害人", "秦国坤"),
            ("被害人王国健发生争执", "被害人", "王国健"),
            ("被告苏州市众信出租汽车有限公司", "被告", ""),
            ("劫得被害人郑林国的手机一部", "被害人", "郑林国"),
            // A clause word that is also a surname, then another: 曾于 is "once, at".
            ("被害人家属曾于案发后表示谅解", "被害人家属", ""),
            ("被告人向双双驾驶", "被告人", "向双双"),
            // Not persons.
            (
                "被告中国人民财产保险股份有限公司齐齐哈尔市分公司",
                "被告",
                "",
            ),
            ("被告人保财险梅里斯支公司辩称", "被告", ""),
            ("原告，男", "原告", ""),
            ("被告人的供述", "被告人", ""),
        ];
        for &(text, role, want) in rows {
            let at = text.find(role).unwrap() + role.len();
            let got = seg.name_after(text, at).map(|s| s.slice(text));
            assert_eq!(got.unwrap_or(""), want, "{text}");
        }
    }

    #[test]
    fn callers_words_end_names() {
        let seg = Segmenter::shared();
        let stops = ["表示", "发生", "提出"];
        // 发生 is also a given name (陈发生): it ends a name only after two characters.
        let ends_in = |text: &'static str| {
            move |at: usize, n: usize| {
                let s: String = text[at..].chars().take(2).collect();
                stops.contains(&s.as_str()) && (n >= 2 || s != "发生")
            }
        };
        // (text, role cue, with the caller's words, without)
        let rows: &[(&str, &str, &str, &str)] = &[
            ("被害人蒋岳表示，", "被害人", "蒋岳", "蒋岳表示"),
            ("被害人季辉表示愿意谅解", "被害人", "季辉", "季辉"),
            ("被害人方表示谅解", "被害人", "", "方表示"),
            ("被告人陈发生驾驶", "被告人", "陈发生", "陈发生"),
            ("被告人潘发生，男", "被告人", "潘发生", "潘发生"),
            ("与被害人方平发生争执", "被害人", "方平", "方平"),
            (
                "被害人阿依努尔·买买提表示谅解",
                "被害人",
                "阿依努尔·买买提",
                "阿依努尔·买买",
            ),
            (
                "被害人阿不都·阿不都拉发生争执",
                "被害人",
                "阿不都·阿不都拉",
                "阿不都·阿不都",
            ),
        ];
        for &(text, role, with, without) in rows {
            let at = text.find(role).unwrap() + role.len();
            let got = seg
                .name_after_with(text, at, &ends_in(text))
                .map(|s| s.slice(text));
            assert_eq!(got.unwrap_or(""), with, "{text}");
            let got = seg.name_after(text, at).map(|s| s.slice(text));
            assert_eq!(got.unwrap_or(""), without, "{text} (segmenter alone)");
        }
    }

    #[test]
    fn enumerations() {
        let seg = Segmenter::shared();
        let text = "被害人王某1、李某某和张三，均受伤";
        let names: Vec<&str> = seg
            .names_after(text, "被害人".len())
            .iter()
            .map(|s| s.slice(text))
            .collect();
        assert_eq!(names, ["王某1", "李某某", "张三"]);
    }

    #[test]
    fn segmentation_uses_the_legal_dictionary() {
        let seg = Segmenter::shared();
        let text = "被告人马某祥犯故意伤害罪，赔偿中国人民财产保险股份有限公司";
        let words: Vec<&str> = seg
            .segment(text, Span::new(0, text.len()))
            .iter()
            .map(|s| s.slice(text))
            .collect();
        assert!(words.contains(&"被告人"), "{words:?}");
        assert!(words.contains(&"故意伤害罪"), "{words:?}");
        assert!(words.contains(&"中国人民财产保险股份有限公司"), "{words:?}");
        assert_eq!(seg.tag_of("交通肇事罪"), Some(TermTag::Charge));
        assert_eq!(seg.tag_of("犯"), Some(TermTag::Stop));
        assert!(seg.has_tag("向", TermTag::Stop) && seg.has_tag("向", TermTag::Surname));
        // jieba's part of speech, for words that are also names (金平) or never are (应当).
        let rows = [
            ("金平", Some("nr")),
            ("罗阳", Some("ns")),
            ("应当", Some("v")),
            ("关于", Some("p")),
            // jieba's own tag, kept when the legal dictionary adds the word again.
            ("陈述", Some("nr")),
            ("金平市", None),
        ];
        for (w, tag) in rows {
            assert_eq!(seg.pos_tag(w), tag, "{w}");
        }
    }

    #[test]
    fn dictionary_errors_name_file_and_line() {
        let rows: &[(&str, usize, &str)] = &[
            (
                "被告人 100 role\n故意伤害罪 abc charge",
                2,
                "frequency `abc`",
            ),
            ("被告人 100", 1, "expected `word freq tag`"),
            ("被告人 100 role extra", 1, "expected `word freq tag`"),
            ("\n被告人 100 person", 2, "unknown tag `person`"),
            (
                "被告人 100 role\n被告人 5 role",
                2,
                "listed twice as `role`",
            ),
            ("被告人 0 role", 1, "frequency of `被告人` is 0"),
        ];
        for &(src, line, want) in rows {
            let err = Segmenter::with_legal_terms(src, "my/legal.txt").unwrap_err();
            let Error::Dict {
                file,
                line: got,
                message,
            } = &err;
            assert_eq!(file, "my/legal.txt");
            assert_eq!(*got, line, "{err}");
            assert!(message.contains(want), "{err}");
        }
    }
}
