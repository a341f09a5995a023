//! Sections of judgments, indictments, arrest reviews and enforcement rulings: head, parties,
//! procedure, facts, reasoning, result, tail (and an appendix of statutes).
//!
//! A [`Sectioner`] holds the cue phrases of `dictionaries/sections.toml` (embedded; another
//! file can be loaded with [`Sectioner::from_toml`]) compiled into one Aho-Corasick automaton
//! with leftmost-longest semantics, so `公诉机关指控` (a facts cue) wins over `公诉机关` (a
//! role) and `申请执行人` (a role) over `申请执行` (a procedure cue). Cues are found by phrase,
//! not at line starts, so documents whose paragraphs were flattened into one line still
//! section; a section starts at the beginning of the paragraph — or, within a long
//! paragraph, the sentence — holding its cue (the result starts right after `判决如下：`).
//! Each [`Section`] names the cue that opened it.
//!
//! Sectioning expects [normalised](crate::normalize()) text. When the sections a document kind
//! cannot do without are missing (facts and result for judgments, facts for indictments and
//! arrest reviews, result for enforcement rulings), [`Sections`] carries a warning and
//! [`Sections::span_or_whole`] falls back to the whole text.
//!
//! ```
//! use jiuzhu_core::Kind;
//! use jiuzhu_text::{SectionKind, Sectioner, normalize};
//!
//! // A flattened judgment: paragraphs joined by single spaces.
//! let raw = "某某县人民法院 刑事判决书 (2018)苏0891刑初126号 公诉机关某某县人民检察院。 \
//!            被告人马某祥，男。 某某县人民检察院以起诉书指控被告人马某祥犯故意伤害罪，向本院提起公诉。 \
//!            经审理查明，被告人马某祥将被害人王某1砍伤。 本院认为，其行为已构成故意伤害罪。 \
//!            依照《中华人民共和国刑法》第二百三十四条之规定，判决如下： \
//!            被告人马某祥犯故意伤害罪，判处有期徒刑六个月。 审判长郭振强 二〇一八年七月三十一日";
//! let text = normalize(raw).into_text();
//! let sections = Sectioner::embedded().section(&text, Some(Kind::CriminalJudgment));
//! assert!(sections.is_clean());
//! let facts = sections.get(SectionKind::Facts).unwrap();
//! assert!(facts.span.slice(&text).starts_with("经审理查明"));
//! assert_eq!(facts.cue.as_deref(), Some("经审理查明"));
//! assert_eq!(
//!     sections.span(SectionKind::Result).unwrap().slice(&text),
//!     "被告人马某祥犯故意伤害罪，判处有期徒刑六个月。"
//! );
//! ```

use std::fmt;
use std::sync::{Arc, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use jiuzhu_core::Kind;
use serde::Deserialize;

use crate::error::{Error, line_of};
use crate::normalize::normalize;
use crate::span::Span;
use crate::split::is_punctuated;

/// The embedded default cue file.
pub const SECTIONS_TOML: &str = include_str!("../../../dictionaries/sections.toml");

/// Name under which the embedded cue file reports errors.
const EMBEDDED_NAME: &str = "dictionaries/sections.toml";

/// The parts of a court or procuratorate document, in document order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionKind {
    /// 首部: court, title, case number.
    Head,
    /// 当事人: one paragraph per party.
    Parties,
    /// 诉讼经过: how the case came to the court or procuratorate.
    Procedure,
    /// 事实: allegations (公诉机关指控), claims (诉称, 辩称) and findings (经审理查明).
    Facts,
    /// 理由: 本院认为.
    Reasoning,
    /// 主文: what was decided (after 判决如下 / 裁定如下 / 决定如下).
    Result,
    /// 尾部: judges or prosecutors, date, clerk (审判长 …, 此致 …).
    Tail,
    /// 附: statutes or attachments after the tail.
    Appendix,
}

impl SectionKind {
    /// Every kind, in document order.
    pub const ALL: [SectionKind; 8] = [
        SectionKind::Head,
        SectionKind::Parties,
        SectionKind::Procedure,
        SectionKind::Facts,
        SectionKind::Reasoning,
        SectionKind::Result,
        SectionKind::Tail,
        SectionKind::Appendix,
    ];

    /// Stable lower-case name (`facts`, `result` …).
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Head => "head",
            SectionKind::Parties => "parties",
            SectionKind::Procedure => "procedure",
            SectionKind::Facts => "facts",
            SectionKind::Reasoning => "reasoning",
            SectionKind::Result => "result",
            SectionKind::Tail => "tail",
            SectionKind::Appendix => "appendix",
        }
    }

    /// The Chinese name, for people.
    pub fn label_zh(self) -> &'static str {
        match self {
            SectionKind::Head => "首部",
            SectionKind::Parties => "当事人",
            SectionKind::Procedure => "诉讼经过",
            SectionKind::Facts => "事实",
            SectionKind::Reasoning => "理由",
            SectionKind::Result => "主文",
            SectionKind::Tail => "尾部",
            SectionKind::Appendix => "附录",
        }
    }
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One section: its kind, its byte span in the text, and the cue phrase that opened it
/// (`None` for the head, which has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Which part of the document this is.
    pub kind: SectionKind,
    /// Byte span in the text, trimmed of surrounding whitespace.
    pub span: Span,
    /// The cue phrase that opened the section, as written in the cue file.
    pub cue: Option<Arc<str>>,
}

/// Why a document did not section cleanly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionWarning {
    /// A section this kind of document cannot do without was not found.
    Missing(SectionKind),
    /// No facts, reasoning or result cue at all (kind unknown or `other`).
    NoStructure,
}

impl fmt::Display for SectionWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SectionWarning::Missing(kind) => write!(
                f,
                "no {} section ({}) found; reading the whole text instead",
                kind,
                kind.label_zh()
            ),
            SectionWarning::NoStructure => f.write_str(
                "no facts, reasoning or result cue found; reading the whole text instead",
            ),
        }
    }
}

/// The sections found in one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sections {
    sections: Vec<Section>,
    warnings: Vec<SectionWarning>,
    len: usize,
}

impl Sections {
    /// The sections found, in document order; they tile the text between them.
    pub fn as_slice(&self) -> &[Section] {
        &self.sections
    }

    /// The sections found, in document order.
    pub fn iter(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter()
    }

    /// The section of `kind`, if found.
    pub fn get(&self, kind: SectionKind) -> Option<&Section> {
        self.sections.iter().find(|s| s.kind == kind)
    }

    /// The span of the section of `kind`, if found.
    pub fn span(&self, kind: SectionKind) -> Option<Span> {
        self.get(kind).map(|s| s.span)
    }

    /// The section's span, or the whole text when the section was not found or the document
    /// did not section cleanly (the whole-text fallback).
    pub fn span_or_whole(&self, kind: SectionKind) -> Span {
        match self.span(kind) {
            Some(span) if self.is_clean() => span,
            _ => self.whole(),
        }
    }

    /// The whole text.
    pub fn whole(&self) -> Span {
        Span::new(0, self.len)
    }

    /// The kind of the section holding byte `pos`.
    pub fn kind_at(&self, pos: usize) -> Option<SectionKind> {
        self.sections
            .iter()
            .rev()
            .find(|s| s.span.start <= pos)
            .filter(|s| pos < s.span.end)
            .map(|s| s.kind)
    }

    /// Why the document did not section cleanly (empty when it did).
    pub fn warnings(&self) -> &[SectionWarning] {
        &self.warnings
    }

    /// Whether every section this kind of document needs was found.
    pub fn is_clean(&self) -> bool {
        self.warnings.is_empty()
    }
}

#[derive(Debug)]
struct Cue {
    group: SectionKind,
    phrase: Arc<str>,
}

#[derive(Debug)]
struct Inner {
    automaton: AhoCorasick,
    /// Pattern id → cue.
    cues: Vec<Cue>,
}

/// Finds sections by cue phrase. Cheap to clone (an `Arc`); share one across threads.
#[derive(Debug, Clone)]
pub struct Sectioner {
    inner: Arc<Inner>,
}

impl Default for Sectioner {
    fn default() -> Self {
        Sectioner::embedded()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueFile {
    parties: CueList,
    procedure: CueList,
    facts: CueList,
    reasoning: CueList,
    result: CueList,
    tail: CueList,
    appendix: CueList,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CueList {
    cues: Vec<String>,
}

/// One cue hit in a text.
#[derive(Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    cue: usize,
}

impl Sectioner {
    /// The sectioner for the embedded `dictionaries/sections.toml`, parsed once.
    pub fn embedded() -> Sectioner {
        static EMBEDDED: OnceLock<Sectioner> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                Sectioner::from_toml(SECTIONS_TOML, EMBEDDED_NAME)
                    .unwrap_or_else(|e| panic!("embedded cue file is invalid: {e}"))
            })
            .clone()
    }

    /// Builds a sectioner from the text of a cue file; `file` names it in errors. Rejects
    /// unknown keys, empty or non-normalised cues, and cues listed twice.
    pub fn from_toml(src: &str, file: &str) -> Result<Sectioner, Error> {
        let parsed: CueFile = toml::from_str(src).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(src, s.start));
            Error::dict(file, line, e.message().to_string())
        })?;
        let lists = [
            &parsed.parties,
            &parsed.procedure,
            &parsed.facts,
            &parsed.reasoning,
            &parsed.result,
            &parsed.tail,
            &parsed.appendix,
        ];
        let mut cues: Vec<Cue> = Vec::new();
        // One cue list per section but the head, named as in the file (`[parties]` …).
        for (group, list) in SectionKind::ALL[1..].iter().copied().zip(lists) {
            let name = group.as_str();
            let header_at = src.find(&format!("[{name}]")).unwrap_or(0);
            let header = line_of(src, header_at);
            if list.cues.is_empty() {
                return Err(Error::dict(
                    file,
                    header,
                    format!("[{name}] has no cues; list at least one phrase"),
                ));
            }
            for phrase in &list.cues {
                let line = src[header_at..]
                    .find(&format!("\"{phrase}\""))
                    .map_or(header, |o| line_of(src, header_at + o));
                if phrase.trim().is_empty() {
                    return Err(Error::dict(
                        file,
                        line,
                        format!("[{name}] has an empty cue; remove it"),
                    ));
                }
                let normal = normalize(phrase);
                if normal.text() != phrase {
                    return Err(Error::dict(
                        file,
                        line,
                        format!(
                            "cue \"{phrase}\" is not in normalised form and would never match; \
                             write \"{}\"",
                            normal.text()
                        ),
                    ));
                }
                if let Some(other) = cues.iter().find(|c| &*c.phrase == phrase) {
                    let other_name = other.group.as_str();
                    return Err(Error::dict(
                        file,
                        line,
                        format!(
                            "cue \"{phrase}\" is listed twice (in [{other_name}] and [{name}]); \
                             keep it in one list"
                        ),
                    ));
                }
                cues.push(Cue {
                    group,
                    phrase: Arc::from(phrase.as_str()),
                });
            }
        }
        // A full DFA, as for the dictionaries: a few hundred short cues, one table lookup per
        // byte of every document (the builder would pick a slower NFA for this many).
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(cues.iter().map(|c| &*c.phrase))
            .map_err(|e| Error::dict(file, 1, format!("cannot compile the cues: {e}")))?;
        Ok(Sectioner {
            inner: Arc::new(Inner { automaton, cues }),
        })
    }

    /// Sections normalised `text`. `kind`, when known, decides which sections are required
    /// for a clean result (see the [module docs](self)).
    pub fn section(&self, text: &str, kind: Option<Kind>) -> Sections {
        let inner = &*self.inner;
        let hits: Vec<Hit> = inner
            .automaton
            .find_iter(text)
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                cue: m.pattern().as_usize(),
            })
            .collect();
        let group = |h: &Hit| inner.cues[h.cue].group;
        let punctuated = is_punctuated(text);
        let units = Units::new(text);
        let mut found: Vec<(SectionKind, usize, Option<usize>)> = Vec::new();

        // Parties: the first role word opening a line before any procedure or facts cue;
        // failing that (one-line documents, parties glued to the case number), the first role
        // word there at all.
        let before = hits
            .iter()
            .find(|h| matches!(group(h), SectionKind::Procedure | SectionKind::Facts))
            .map_or(text.len(), |h| h.start);
        let roles = hits
            .iter()
            .filter(|h| group(h) == SectionKind::Parties && h.start < before);
        let parties = roles
            .clone()
            .find(|h| h.start == 0 || text.as_bytes()[h.start - 1] == b'\n')
            .or_else(|| roles.clone().next());
        let mut cursor: Option<usize> = None;
        if let Some(h) = parties {
            found.push((SectionKind::Parties, h.start, Some(h.cue)));
            cursor = Some(h.start);
        }

        // A procedure cue in a party paragraph after its first sentence (`被告人某，男。
        // 因涉嫌盗窃一案于…被刑事拘留`) is custody history, not the procedure; in the first
        // sentence it is (`原告某与被告某…纠纷一案，`).
        let in_party_history = |h: &Hit| {
            let para = units.paragraph(h.start);
            let at = hits.partition_point(|r| r.start < para);
            units.sentence(h.start) > para
                && hits
                    .get(at)
                    .is_some_and(|r| r.start == para && group(r) == SectionKind::Parties)
        };

        // Procedure, facts and reasoning start at the unit holding their first cue, in a later
        // unit than the section before.
        for (g, kind) in [
            (SectionKind::Procedure, SectionKind::Procedure),
            (SectionKind::Facts, SectionKind::Facts),
            (SectionKind::Reasoning, SectionKind::Reasoning),
        ] {
            let next = hits
                .iter()
                .filter(|h| group(h) == g && cursor.is_none_or(|c| h.start > c))
                .filter(|h| g != SectionKind::Procedure || !in_party_history(h))
                .find_map(|h| {
                    // In text without 。 a sentence can be the whole document; fall back on
                    // the clause holding the cue.
                    let mut starts = [units.sentence(h.start), h.start, h.start];
                    if !punctuated {
                        starts[1] = units.clause(h.start);
                    }
                    let after = |u: &usize| cursor.is_none_or(|c| *u > c);
                    let limit = if punctuated { 1 } else { 3 };
                    starts[..limit]
                        .iter()
                        .copied()
                        .find(after)
                        .map(|u| (u, h.cue))
                });
            if let Some((start, cue)) = next {
                found.push((kind, start, Some(cue)));
                cursor = Some(start);
            }
        }

        // The result starts after `判决如下：`.
        let result = hits
            .iter()
            .find(|h| group(h) == SectionKind::Result && cursor.is_none_or(|c| h.start > c));
        if let Some(h) = result {
            let start = h.end + skip_colon(&text[h.end..]);
            found.push((SectionKind::Result, start, Some(h.cue)));
            cursor = Some(start);
        }

        // Tail and appendix: preferably at a unit start, and only after a result or reasoning
        // (`检察员` also opens sentences in the facts of second-instance judgments).
        let concluded = found
            .iter()
            .any(|f| matches!(f.0, SectionKind::Result | SectionKind::Reasoning));
        for (g, kind) in [
            (SectionKind::Tail, SectionKind::Tail),
            (SectionKind::Appendix, SectionKind::Appendix),
        ] {
            let after = |h: &&Hit| group(h) == g && cursor.is_none_or(|c| h.start >= c);
            let hit = hits
                .iter()
                .filter(after)
                .find(|h| units.sentence(h.start) == h.start)
                .or_else(|| hits.iter().find(after));
            if let Some(h) = hit.filter(|_| concluded) {
                found.push((kind, h.start, Some(h.cue)));
                cursor = Some(h.start);
            }
        }

        let mut sections = Vec::with_capacity(found.len() + 1);
        let first = found.first().map_or(text.len(), |f| f.1);
        push(&mut sections, text, SectionKind::Head, 0, first, None);
        for (i, &(kind, start, cue)) in found.iter().enumerate() {
            let end = found.get(i + 1).map_or(text.len(), |f| f.1);
            let cue = cue.map(|c| inner.cues[c].phrase.clone());
            push(&mut sections, text, kind, start, end, cue);
        }

        let has = |k: SectionKind| sections.iter().any(|s: &Section| s.kind == k);
        let required: &[SectionKind] = match kind {
            Some(Kind::CriminalJudgment | Kind::CivilJudgment) => {
                &[SectionKind::Facts, SectionKind::Result]
            }
            Some(Kind::Indictment | Kind::ArrestReview) => &[SectionKind::Facts],
            Some(Kind::EnforcementRuling) => &[SectionKind::Result],
            Some(Kind::Other) | None => &[],
        };
        let mut warnings: Vec<SectionWarning> = required
            .iter()
            .filter(|&&k| !has(k))
            .map(|&k| SectionWarning::Missing(k))
            .collect();
        if required.is_empty()
            && ![
                SectionKind::Facts,
                SectionKind::Reasoning,
                SectionKind::Result,
            ]
            .into_iter()
            .any(has)
        {
            warnings.push(SectionWarning::NoStructure);
        }
        Sections {
            sections,
            warnings,
            len: text.len(),
        }
    }
}

fn push(
    out: &mut Vec<Section>,
    text: &str,
    kind: SectionKind,
    start: usize,
    end: usize,
    cue: Option<Arc<str>>,
) {
    let piece = &text[start..end];
    let trimmed = piece.trim_start_matches(['\n', ' ']);
    let s = start + piece.len() - trimmed.len();
    let e = s + trimmed.trim_end_matches(['\n', ' ']).len();
    if e > s {
        out.push(Section {
            kind,
            span: Span::new(s, e),
            cue,
        });
    }
}

/// Bytes of `：`, `:` and whitespace at the start of `rest`.
fn skip_colon(rest: &str) -> usize {
    rest.len() - rest.trim_start_matches(['：', ':', '\n', ' ']).len()
}

/// Where paragraphs, sentences and clauses of a text start, found in one pass so that every
/// lookup is a binary search (sectioning stays linear on hostile input).
struct Units {
    /// Offsets just after each line break.
    paragraphs: Vec<usize>,
    /// Offsets just after each line break or sentence end (`。！？；!?;`).
    sentences: Vec<usize>,
    /// Offsets just after each line break, sentence end, `，` or `、`.
    clauses: Vec<usize>,
}

impl Units {
    fn new(text: &str) -> Units {
        let bytes = text.as_bytes();
        let mut u = Units {
            paragraphs: vec![0],
            sentences: vec![0],
            clauses: vec![0],
        };
        let mut i = 0;
        while i < bytes.len() {
            // 。 = E3 80 82, 、 = E3 80 81; ！ ？ ； ， = EF BC 81 / 9F / 9B / 8C.
            let (len, level) = match bytes[i] {
                b'\n' => (1, 0),
                b'!' | b'?' | b';' => (1, 1),
                0xE3 if bytes.get(i + 1) == Some(&0x80) => match bytes.get(i + 2) {
                    Some(0x82) => (3, 1),
                    Some(0x81) => (3, 2),
                    _ => (1, 3),
                },
                0xEF if bytes.get(i + 1) == Some(&0xBC) => match bytes.get(i + 2) {
                    Some(0x81 | 0x9F | 0x9B) => (3, 1),
                    Some(0x8C) => (3, 2),
                    _ => (1, 3),
                },
                _ => (1, 3),
            };
            let after = i + len;
            if level == 0 {
                u.paragraphs.push(after);
            }
            if level <= 1 {
                u.sentences.push(after);
            }
            if level <= 2 {
                u.clauses.push(after);
            }
            i = after;
        }
        u
    }

    /// The last boundary in `starts` at or before `pos`.
    fn before(starts: &[usize], pos: usize) -> usize {
        starts[starts.partition_point(|&s| s <= pos) - 1]
    }

    /// Start of the paragraph holding byte `pos`.
    fn paragraph(&self, pos: usize) -> usize {
        Units::before(&self.paragraphs, pos)
    }

    /// Start of the paragraph or sentence holding byte `pos`.
    fn sentence(&self, pos: usize) -> usize {
        Units::before(&self.sentences, pos)
    }

    /// Start of the clause holding byte `pos`.
    fn clause(&self, pos: usize) -> usize {
        Units::before(&self.clauses, pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &Sections) -> Vec<SectionKind> {
        s.iter().map(|s| s.kind).collect()
    }

    #[test]
    fn embedded_file_loads() {
        let s = Sectioner::embedded();
        assert!(s.inner.cues.len() > 100);
        assert!(s.inner.cues.iter().any(|c| &*c.phrase == "经审理查明"));
    }

    #[test]
    fn paragraphed_judgment() {
        let text = "某某市人民法院\n刑事附带民事判决书\n(2021)浙0382刑初456号\n公诉机关某某市人民检察院。\n\
                    附带民事诉讼原告人王某某，男。\n被告人李某，男。\n\
                    某某市人民检察院以某检刑诉(2021)1号起诉书指控被告人李某犯交通肇事罪，于2021年3月1日向本院提起公诉。\n\
                    公诉机关指控，2020年1月1日，被告人李某驾驶汽车将被害人王某撞死。\n\
                    经审理查明的事实与指控一致。\n本院认为，被告人李某的行为构成交通肇事罪。\n\
                    依照《中华人民共和国刑法》第一百三十三条之规定，判决如下：\n一、被告人李某犯交通肇事罪，判处有期徒刑一年。\n\
                    审判员张三\n二〇二一年五月十一日\n书记员李四";
        let s = Sectioner::embedded().section(text, Some(Kind::CriminalJudgment));
        assert!(s.is_clean(), "{:?}", s.warnings());
        assert_eq!(
            kinds(&s),
            [
                SectionKind::Head,
                SectionKind::Parties,
                SectionKind::Procedure,
                SectionKind::Facts,
                SectionKind::Reasoning,
                SectionKind::Result,
                SectionKind::Tail
            ]
        );
        let rows: &[(SectionKind, &str, &str)] = &[
            (SectionKind::Head, "某某市人民法院", "(2021)浙0382刑初456号"),
            (SectionKind::Parties, "公诉机关某某市", "被告人李某，男。"),
            (
                SectionKind::Procedure,
                "某某市人民检察院以",
                "向本院提起公诉。",
            ),
            // 公诉机关指控 (facts) wins over the role word 公诉机关.
            (
                SectionKind::Facts,
                "公诉机关指控",
                "经审理查明的事实与指控一致。",
            ),
            (SectionKind::Reasoning, "本院认为", "判决如下："),
            (SectionKind::Result, "一、被告人李某", "有期徒刑一年。"),
            (SectionKind::Tail, "审判员张三", "书记员李四"),
        ];
        for &(kind, begins, ends) in rows {
            let piece = s.span(kind).unwrap().slice(text);
            assert!(piece.starts_with(begins), "{kind}: {piece}");
            assert!(piece.ends_with(ends), "{kind}: {piece}");
        }
        assert_eq!(
            s.get(SectionKind::Parties).unwrap().cue.as_deref(),
            Some("公诉机关")
        );
        let at = text.find("撞死").unwrap();
        assert_eq!(s.kind_at(at), Some(SectionKind::Facts));
    }

    #[test]
    fn enforcement_without_separators() {
        // Everything on one line, the way plain-text crawls deliver it.
        let text = "某某县人民法院执行裁定书(2020)豫0192执2437号之一申请执行人：谷巧平，女。被执行人：谷小利，女。\
                    关于谷巧平申请执行谷小利民间借贷纠纷一案，依据本院已经发生法律效力的民事判决书，被执行人应偿还借款400,000元。\
                    本院在执行过程中，未发现可供执行的财产。本院认为，本案未发现被执行人可供执行财产。\
                    依照规定，裁定如下：终结本次执行程序。本裁定送达后立即生效。审判长崔纪国审判员田野二〇二一年一月二十五日";
        let s = Sectioner::embedded().section(text, Some(Kind::EnforcementRuling));
        assert!(s.is_clean(), "{:?}", s.warnings());
        let rows: &[(SectionKind, &str)] = &[
            (
                SectionKind::Head,
                "某某县人民法院执行裁定书(2020)豫0192执2437号之一",
            ),
            (
                SectionKind::Parties,
                "申请执行人：谷巧平，女。被执行人：谷小利，女。",
            ),
            (
                SectionKind::Result,
                "终结本次执行程序。本裁定送达后立即生效。",
            ),
            (
                SectionKind::Tail,
                "审判长崔纪国审判员田野二〇二一年一月二十五日",
            ),
        ];
        for &(kind, want) in rows {
            assert_eq!(s.span(kind).unwrap().slice(text), want, "{kind}");
        }
        assert!(
            s.span(SectionKind::Procedure)
                .unwrap()
                .slice(text)
                .starts_with("关于谷巧平")
        );
        assert!(
            s.span(SectionKind::Facts)
                .unwrap()
                .slice(text)
                .starts_with("本院在执行过程中")
        );
    }

    #[test]
    fn fallback_when_required_missing() {
        // A partial judgment that ends before the result.
        let text = "被告人凡×，男。\n某某县人民检察院以起诉书指控被告人凡×犯故意伤害罪，向本院提起公诉。\n\
                    某某县人民检察院指控，被告人凡×将被害人苏×踢伤。";
        let s = Sectioner::embedded().section(text, Some(Kind::CriminalJudgment));
        assert_eq!(s.warnings(), [SectionWarning::Missing(SectionKind::Result)]);
        assert!(!s.is_clean());
        assert!(s.span(SectionKind::Facts).is_some());
        assert_eq!(s.span_or_whole(SectionKind::Facts), s.whole());
        assert_eq!(
            s.warnings()[0].to_string(),
            "no result section (主文) found; reading the whole text instead"
        );

        let s = Sectioner::embedded().section("无结构的一段文字。", None);
        assert_eq!(s.warnings(), [SectionWarning::NoStructure]);
        assert_eq!(kinds(&s), [SectionKind::Head]);
        let s = Sectioner::embedded().section("", Some(Kind::Indictment));
        assert!(s.as_slice().is_empty());
        assert_eq!(s.warnings(), [SectionWarning::Missing(SectionKind::Facts)]);
    }

    #[test]
    fn cue_file_errors_name_file_and_line() {
        let good = SECTIONS_TOML;
        let rows: &[(String, &str)] = &[
            (
                good.replace("[appendix]", "[appendix]\nextra = 1"),
                "unknown field `extra`",
            ),
            (
                good.replace("\"本院认为\"", "\"审判长\""),
                "cue \"审判长\" is listed twice (in [reasoning] and [tail])",
            ),
            (
                good.replace("\"裁决如下\"", "\"裁决如下：\", \"（裁定）\""),
                "cue \"（裁定）\" is not in normalised form and would never match; write \"(裁定)\"",
            ),
            (
                good.replace("\"裁决如下\"", "\"\""),
                "[result] has an empty cue",
            ),
            (
                good.replace(
                    "cues = [\"本院认为\", \"本院经审查认为\", \"本院审查认为\"]",
                    "cues = []",
                ),
                "[reasoning] has no cues",
            ),
            (good.replace("[tail]", "[tail"), "unclosed table"),
        ];
        for (src, want) in rows {
            let err = Sectioner::from_toml(src, "my/sections.toml").unwrap_err();
            let Error::Dict {
                file,
                line,
                message,
            } = &err;
            assert_eq!(file, "my/sections.toml");
            assert!(message.contains(want), "{err}");
            assert!(*line > 1, "{want}: {err}");
        }
        let err = Sectioner::from_toml(&good.replace("\"本院认为\"", "\"审判长\""), "x.toml")
            .unwrap_err();
        let tail = good.find("[tail]").unwrap();
        let want_line = line_of(good, tail + good[tail..].find("\"审判长\"").unwrap());
        assert!(
            err.to_string()
                .starts_with(&format!("x.toml:{want_line}: ")),
            "{err}"
        );
    }
}
