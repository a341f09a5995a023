//! ConText negation scope (Chapman et al., "ConText: an algorithm for determining negation,
//! experiencer, and temporal status from clinical reports", 2009), as `negation.toml`
//! defines it. The cue words are data; this module is the few rules that give them meaning,
//! kept next to the data so that `jiuzhu dict explain` and the extractor read cues alike.

use std::ops::Range;

use crate::entry::{NegEntry, NegationSettings};
use crate::family::{NegKind, Scope};
use crate::matcher::{Hit, Matcher};

/// The negation-family matches of one text (a sentence or clause group), ready to answer
/// "does a cue scope over this span?".
///
/// Rules, for a phrase at `span` (both in bytes of the same text):
/// 1. A cue whose match contains the whole phrase negates it (未支付 over 支付).
/// 2. Otherwise the nearest forward-looking cue (`pre`, `both`) that starts before the phrase
///    negates it when the words between the cue's end and the phrase's start (characters,
///    with a run of ASCII letters and digits such as 400000 counting as one) number at
///    most its `max_gap` (default `settings.pre_max_gap`) and no terminator lies between that
///    ends the cue's scope: a `sentence` terminator (。！？) ends every scope, a `clause`
///    terminator (，；： 但 …) ends `clause` scopes only. A cue whose end overlaps the phrase's
///    start (不予 in 不予以谅解 against 予以谅解) counts with a gap of zero.
/// 3. Otherwise the nearest backward-looking cue (`post`, `both`) after the phrase, by the
///    same rules with `settings.post_max_gap` (调解未果, 协商赔偿事宜未果).
/// 4. Pseudo-negations (不足, 未成年, 无异议) never negate: leftmost-longest matching has
///    already consumed the text, so the shorter cue inside them is not matched at all.
#[derive(Debug, Clone)]
pub struct NegationScan<'d, 't> {
    text: &'t str,
    settings: NegationSettings,
    hits: Vec<Hit<'d, NegEntry>>,
    /// The widest gap any cue here may span (the settings' and every entry's `max_gap`).
    reach: usize,
}

impl<'d, 't> NegationScan<'d, 't> {
    pub(crate) fn new(
        matcher: Matcher<'d, NegEntry>,
        settings: NegationSettings,
        text: &'t str,
    ) -> Self {
        NegationScan::from_hits(matcher.find_all(text), settings, text)
    }

    /// The scan of a text whose negation-family matches are already known (from
    /// [`Dictionaries::scan`](crate::Dictionaries::scan)).
    pub(crate) fn from_hits(
        hits: Vec<Hit<'d, NegEntry>>,
        settings: NegationSettings,
        text: &'t str,
    ) -> Self {
        let reach = hits
            .iter()
            .filter_map(|c| c.entry.max_gap)
            .chain([settings.pre_max_gap, settings.post_max_gap])
            .max()
            .unwrap_or(0);
        NegationScan {
            text,
            settings,
            hits,
            reach,
        }
    }

    /// Every negation-family match (cues, pseudo-negations, terminators), left to right.
    pub fn hits(&self) -> &[Hit<'d, NegEntry>] {
        &self.hits
    }

    /// The cue that scopes over `span`, if any (rules in the type's docs).
    pub fn cue_for(&self, span: Range<usize>) -> Option<Hit<'d, NegEntry>> {
        // Hits never overlap, so at most the last one starting by `span.start` can contain it.
        let upto = self.hits.partition_point(|c| c.start <= span.start);
        if let Some(c) = upto.checked_sub(1).map(|i| self.hits[i])
            && (c.entry.kind.looks_forward() || c.entry.kind.looks_backward())
            && c.end >= span.end
        {
            return Some(c);
        }
        self.pre_cue(&span).or_else(|| self.post_cue(&span))
    }

    fn pre_cue(&self, span: &Range<usize>) -> Option<Hit<'d, NegEntry>> {
        // Nearest first; the gap only grows going left, so stop once it exceeds every cue's
        // reach (this keeps a query proportional to its window, not to the text).
        let reach = self.reach();
        let before = self.hits.partition_point(|c| c.start < span.start);
        for c in self.hits[..before].iter().rev() {
            let gap_end = span.start.max(c.end);
            let gap = self.chars(c.end.min(gap_end), gap_end);
            if gap > reach {
                break;
            }
            if c.entry.kind.looks_forward() && c.end < span.end {
                let max = c.entry.max_gap.unwrap_or(self.settings.pre_max_gap);
                if gap <= max && !self.blocked(c.end, span.start, c.entry.scope) {
                    return Some(*c);
                }
            }
        }
        None
    }

    fn post_cue(&self, span: &Range<usize>) -> Option<Hit<'d, NegEntry>> {
        let reach = self.reach();
        let after = self.hits.partition_point(|c| c.start <= span.start);
        for c in &self.hits[after..] {
            let gap_start = span.end.min(c.start);
            let gap = self.chars(gap_start, c.start.max(gap_start));
            if gap > reach {
                break;
            }
            if c.entry.kind.looks_backward() && c.end > span.end {
                let max = c.entry.max_gap.unwrap_or(self.settings.post_max_gap);
                if gap <= max && !self.blocked(span.end, c.start, c.entry.scope) {
                    return Some(*c);
                }
            }
        }
        None
    }

    fn reach(&self) -> usize {
        self.reach
    }

    /// A cue lying inside `span`: the negation a lexically negative phrase carries itself
    /// (拒不 in 拒不履行, 没有 in 没有赔偿能力), for evidence that shows its cue.
    pub fn cue_inside(&self, span: Range<usize>) -> Option<Hit<'d, NegEntry>> {
        self.hits
            .iter()
            .find(|c| {
                !matches!(c.entry.kind, NegKind::Pseudo | NegKind::Terminator)
                    && c.start >= span.start
                    && c.end <= span.end
            })
            .copied()
    }

    /// Whether a terminator between `from` and `to` ends a scope of this extent.
    fn blocked(&self, from: usize, to: usize, scope: Scope) -> bool {
        let first = self.hits.partition_point(|t| t.start < from);
        self.hits[first..]
            .iter()
            .take_while(|t| t.start < to)
            .any(|t| {
                t.entry.kind == NegKind::Terminator
                    && t.end <= to
                    && (t.entry.scope == Scope::Sentence || scope == Scope::Clause)
            })
    }

    /// The distance between cue and phrase in words: each character counts one, except that
    /// a run of ASCII letters and digits (with `.` inside a number) counts one, the way a
    /// token window would see 400000元 or 第2257、2258号.
    fn chars(&self, from: usize, to: usize) -> usize {
        if from >= to {
            return 0;
        }
        self.text.get(from..to).map_or(usize::MAX, gap_words)
    }
}

/// The length of `gap` in words, as negation.toml's `max_gap` counts it: each character
/// counts one, except that a run of ASCII letters and digits (with `.` inside a number)
/// counts one — 400000元 is two words. Readers measuring other windows the same way (a
/// degree word near its phrase) use this too.
pub fn gap_words(gap: &str) -> usize {
    let mut units = 0;
    let mut in_word = false;
    for c in gap.chars() {
        let word_char = c.is_ascii_alphanumeric() || (in_word && c == '.');
        if !(word_char && in_word) {
            units += 1;
        }
        in_word = word_char;
    }
    units
}
