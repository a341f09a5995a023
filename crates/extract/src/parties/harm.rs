//! Victims named by what happened to them rather than by a role word: 致应国强受伤,
//! 将应国强撞倒, 乘车人周开鑫受伤, 乘客马某乙(女，…)、张秀艳、王文武受伤, 肖某1当场死亡,
//! 与行人X发生碰撞.
//!
//! The pattern is grammar, not vocabulary: a name (or an enumeration of names) standing
//! directly before a harm word (`harm` of parties.toml, with `harm_filler` words such as
//! 不同程度 between), opened by a clause boundary or by one of a few words that introduce the
//! harmed (`harm_opener`: 致, 造成, 将, 乘客 …). Requiring both ends keeps out the many names
//! of a judgment that are near a harm word without being harmed.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use jiuzhu_core::Role;
use jiuzhu_dict::Dictionaries;
use jiuzhu_text::Span;

use super::Book;
use super::names::{self, Known, Mode, NameRead, end_with_aside, has_surname};
use super::words::{self, List};
use crate::doc::Doc;

/// How far before the harm word a name may start, in bytes (12 characters).
const REACH: usize = 36;

/// Every harm word of the dictionaries in one overlapping automaton: where harm words start
/// in a text, each with its shortest phrase (受伤 and 受轻伤, 死亡 inside 当场死亡 are all
/// anchors). One pass instead of one substring search per phrase.
#[derive(Debug, Clone)]
pub(crate) struct HarmWords {
    ac: Option<AhoCorasick>,
}

impl HarmWords {
    pub(crate) fn new(dicts: &Dictionaries) -> HarmWords {
        let phrases: Vec<&str> = dicts
            .parties(List::Harm)
            .entries()
            .flat_map(|e| e.head.phrases())
            .collect();
        // Standard semantics, for overlapping matches; a DFA since the list is a few dozen
        // short phrases. Empty phrases are rejected when the dictionary loads.
        let ac = (!phrases.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(&phrases)
                .expect("harm phrases compile into an Aho-Corasick automaton")
        });
        HarmWords { ac }
    }

    /// (start, end) of every harm word in `text`, by start; at one start, the shortest.
    fn anchors(&self, text: &str) -> Vec<(usize, usize)> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut anchors: Vec<(usize, usize)> = ac
            .find_overlapping_iter(text)
            .map(|m| (m.start(), m.end()))
            .collect();
        anchors.sort_unstable();
        anchors.dedup_by_key(|a| a.0);
        anchors
    }
}

/// Adds the victims of harm patterns to `book`: new persons only, since a party already
/// listed (a driver who was hurt too) keeps the role the party list gives.
pub(super) fn read(d: &Doc, book: &mut Book) {
    let text = d.text;
    let anchors = d.harm.anchors(text);
    for (at, harm_end) in anchors {
        let anchor = strip_fillers(d, at);
        let known = book.known();
        let Some(last) = name_ending_at(d, anchor, &known) else {
            continue;
        };
        let mut found = vec![last];
        while let Some(prev) = previous_item(d, found.last().map_or(0, |n| n.0.span.start), &known)
        {
            found.push(prev);
            if found.len() >= 32 {
                break;
            }
        }
        // One vouched-for item vouches for its enumeration (乘客马某乙、张秀艳、王文武受伤).
        if !found.iter().any(|(_, vouched)| *vouched) {
            continue;
        }
        for (n, _) in found {
            if n.org.is_some() {
                continue;
            }
            let i = match book.find(&n.name) {
                Some(i) if book.has_role(i, Role::Victim) => i,
                Some(_) => continue,
                None => book.get_or_add(d, &n, n.span.start),
            };
            book.add_role(i, Role::Victim);
            book.add_evidence(
                i,
                d.evidence("victim:harm", Span::new(n.span.start, harm_end)),
            );
            if let Some(aside) = n.aside {
                book.apply(d, i, super::fields::read(d, aside));
            }
        }
    }
}

fn strip_fillers(d: &Doc, mut at: usize) -> usize {
    while let Some(f) = words::suffix(d, List::HarmFiller, &d.text[..at]) {
        at -= f.len();
    }
    at
}

/// A person's name (with its aside) that ends exactly at `end` and starts right after a
/// clause boundary or an opener, and whether it is vouched for: after an opener, already
/// known, masked, or used again in the document. After a bare clause boundary (，左胳膊受伤)
/// an unvouched name is no victim unless its enumeration has a vouched one.
fn name_ending_at(d: &Doc, end: usize, known: &Known) -> Option<(NameRead, bool)> {
    let text = d.text;
    // An aside between name and harm word (马某乙(女，1971年5月生，…)、) is skipped.
    let name_end = if text[..end].ends_with(')') {
        let open = text[..end].rfind('(')?;
        if end - open > 300 {
            return None;
        }
        open
    } else {
        end
    };
    let lo = names::floor(text, name_end.saturating_sub(REACH));
    let mut starts: Vec<usize> = Vec::new();
    for (i, c) in text[lo..name_end].char_indices() {
        if names::is_delimiter(c) && c != '(' {
            starts.push(lo + i + c.len_utf8());
        }
    }
    for o in words::phrases(d, List::HarmOpener) {
        for (i, _) in text[lo..name_end].match_indices(o) {
            starts.push(lo + i + o.len());
        }
    }
    starts.sort_unstable();
    starts.dedup();
    let openers: Vec<usize> = words::phrases(d, List::HarmOpener)
        .flat_map(|o| {
            text[lo..name_end]
                .match_indices(o)
                .map(move |(i, _)| lo + i + o.len())
        })
        .collect();
    // The nearest start first: the shortest stretch that is exactly one name.
    starts
        .into_iter()
        .rev()
        .filter(|&s| s < name_end)
        .find_map(|s| {
            let n = names::read_name_before(d, s, end, Mode::Mention, known)?;
            let surname = has_surname(d, &n.name) || names::is_transliterated(&n.name);
            if end_with_aside(&n) != end || n.span.start != s || !surname {
                return None;
            }
            // 左胳膊受伤, 右手受伤: a side and a body part, though 左 is a surname too.
            let first = n.name.chars().next()?;
            let rest = &n.name[first.len_utf8()..];
            let side = words::has_char(d, List::BodySide, first)
                && d.seg
                    .segment(rest, jiuzhu_text::Span::new(0, rest.len()))
                    .len()
                    == 1;
            if side {
                return None;
            }
            let vouched = openers.contains(&s)
                || known.iter().any(|(k, _)| *k == n.name)
                || jiuzhu_core::name::is_anonymized(&n.name)
                || text.match_indices(n.name.as_str()).nth(1).is_some();
            Some((n, vouched))
        })
}

/// The item of an enumeration before the one starting at `start` (`张秀艳、` before 王文武).
fn previous_item(d: &Doc, start: usize, known: &Known) -> Option<(NameRead, bool)> {
    let end = start - names::separator_before(d, start)?;
    name_ending_at(d, end, known)
}
