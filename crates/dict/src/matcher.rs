//! Compiled automata: one Aho-Corasick automaton per family (or sub-family), every match
//! mapped back to its entry.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::entry::Entry;

/// The match semantics of every automaton in this crate.
///
/// Leftmost-longest: scanning left to right, the match that starts first wins, and among
/// those starting at the same place the longest wins (aho-corasick's `Samwise|Sam` example).
/// That is what the dictionaries are written for: 附带民事诉讼原告人 beats 原告 (same start,
/// longer), 被执行人 beats 执行人 (starts earlier), 部分赔偿项目 (neutral) beats 部分赔偿, and
/// a pseudo-negation (不足, 未成年) swallows the cue inside it. Matches never overlap within
/// one automaton; where two readings must overlap (a negation cue inside a compensation
/// phrase, a degree word inside a trigger) they live in separate automata.
pub const MATCH_KIND: MatchKind = MatchKind::LeftmostLongest;

/// An automaton over some entries of one family.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    ac: AhoCorasick,
    /// Pattern id → (entry index, phrase index within the entry).
    patterns: Vec<(u32, u32)>,
    /// Exact phrase → entry index; looked up per character in the readers, so a fast hash.
    exact: foldhash::HashMap<String, u32>,
    /// The longest phrase, in bytes.
    max_len: usize,
    /// The phrases, by pattern id (for the combined automaton of [`Combined`]).
    phrases: Vec<Box<str>>,
    /// This automaton's slot in a [`Scan`], set when the combined automaton is built.
    pub(crate) slot: usize,
}

impl Compiled {
    /// Compiles the phrases of the entries that `keep` selects.
    pub(crate) fn build<E: Entry>(entries: &[E], keep: impl Fn(&E) -> bool) -> Compiled {
        let mut phrases: Vec<&str> = Vec::new();
        let mut patterns = Vec::new();
        let mut exact = foldhash::HashMap::default();
        for (ei, e) in entries.iter().enumerate() {
            if !keep(e) {
                continue;
            }
            for (pi, p) in e.head().phrases().enumerate() {
                phrases.push(p);
                patterns.push((ei as u32, pi as u32));
                exact.entry(p.to_string()).or_insert(ei as u32);
            }
        }
        // A full DFA: every family is a few hundred short phrases, so the table stays small
        // (tens of kilobytes) and each byte of text costs one table lookup, several times
        // cheaper than the contiguous NFA the builder would pick. Extraction scans every
        // document with these automata many times; this is the hot loop.
        let ac = AhoCorasickBuilder::new()
            .match_kind(MATCH_KIND)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&phrases)
            // Validation rejects empty phrases; the only other failure is exceeding the
            // automaton size limits, which a few thousand short phrases cannot.
            .expect("dictionary phrases compile into an Aho-Corasick automaton");
        let max_len = phrases.iter().map(|p| p.len()).max().unwrap_or(0);
        let phrases = phrases.into_iter().map(Box::from).collect();
        Compiled {
            ac,
            patterns,
            exact,
            max_len,
            phrases,
            slot: usize::MAX,
        }
    }
}

/// Every family's phrases in one automaton, so that one pass over a text finds what every
/// family's own automaton would find ([`Scan`]). Matching is overlapping (standard
/// semantics) and each family's leftmost-longest matches are then selected from the
/// overlapping ones, which gives exactly the family automaton's answer.
#[derive(Debug, Clone)]
pub(crate) struct Combined {
    ac: AhoCorasick,
    /// Combined pattern id → (slot, the family automaton's pattern id).
    map: Vec<(u32, u32)>,
    slots: usize,
}

impl Combined {
    /// A placeholder until the automata it combines exist.
    pub(crate) fn empty() -> Combined {
        Combined::build(Vec::new())
    }

    /// Builds the combined automaton and numbers the slots of `parts` in order.
    pub(crate) fn build(parts: Vec<&mut Compiled>) -> Combined {
        let mut phrases: Vec<&str> = Vec::new();
        let mut map = Vec::new();
        let slots = parts.len();
        let mut owned: Vec<Box<str>> = Vec::new();
        for (slot, c) in parts.into_iter().enumerate() {
            c.slot = slot;
            for (pid, p) in c.phrases.iter().enumerate() {
                owned.push(p.clone());
                map.push((slot as u32, pid as u32));
            }
        }
        phrases.extend(owned.iter().map(|p| &**p));
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&phrases)
            .expect("dictionary phrases compile into an Aho-Corasick automaton");
        Combined { ac, map, slots }
    }

    /// One overlapping pass over `text`, then each slot's leftmost-longest selection.
    pub(crate) fn scan(&self, text: &str) -> Scan {
        let mut slots: Vec<Vec<(u32, u32, u32)>> = vec![Vec::new(); self.slots];
        for m in self.ac.find_overlapping_iter(text) {
            let (slot, pid) = self.map[m.pattern().as_usize()];
            slots[slot as usize].push((m.start() as u32, m.end() as u32, pid));
        }
        for hits in &mut slots {
            // Leftmost first, longest first among equals; then keep each match that starts
            // at or after the end of the last one kept: leftmost-longest, non-overlapping.
            hits.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
            let mut end = 0u32;
            hits.retain(|h| {
                let keep = h.0 >= end;
                if keep {
                    end = h.1;
                }
                keep
            });
        }
        Scan { slots }
    }
}

/// What every dictionary automaton finds in one text, from one pass
/// ([`Dictionaries::scan`](crate::Dictionaries::scan)); read a family's matches with
/// [`Matcher::hits`] or [`Matcher::hits_in`]. Extraction scans each document once and asks
/// every reader's questions of the scan, instead of running a dozen automata over the same
/// text again and again.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Per slot: (start, end, pattern id), in text order, non-overlapping.
    slots: Vec<Vec<(u32, u32, u32)>>,
}

/// A view of one compiled automaton together with the entries it maps to.
///
/// Cheap to copy; borrowed from [`Dictionaries`](crate::Dictionaries), which is `Send + Sync`,
/// so rayon workers share one set of automata.
#[derive(Debug)]
pub struct Matcher<'d, E> {
    compiled: &'d Compiled,
    entries: &'d [E],
}

impl<E> Clone for Matcher<'_, E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E> Copy for Matcher<'_, E> {}

impl<'d, E: Entry> Matcher<'d, E> {
    pub(crate) fn new(compiled: &'d Compiled, entries: &'d [E]) -> Self {
        Matcher { compiled, entries }
    }

    /// Every non-overlapping leftmost-longest match in `text`, left to right.
    pub fn find_iter<'t>(&self, text: &'t str) -> Hits<'d, 't, E> {
        Hits {
            inner: self.compiled.ac.find_iter(text),
            patterns: &self.compiled.patterns,
            entries: self.entries,
        }
    }

    /// This automaton's matches in the scanned text (the same as `find_iter` over it).
    pub fn hits<'s>(&self, scan: &'s Scan) -> impl Iterator<Item = Hit<'d, E>> + use<'d, 's, E> {
        self.hits_in(scan, 0..usize::MAX)
    }

    /// This automaton's matches in the scanned text that lie within `range` (bytes): what
    /// `find_iter` over that slice would find, but for a match crossing the slice's edge,
    /// which hides nothing here. Offsets are those of the whole text.
    pub fn hits_in<'s>(
        &self,
        scan: &'s Scan,
        range: std::ops::Range<usize>,
    ) -> impl Iterator<Item = Hit<'d, E>> + use<'d, 's, E> {
        let hits: &'s [(u32, u32, u32)] = scan.slots.get(self.compiled.slot).map_or(&[], |v| v);
        let first = hits.partition_point(|h| (h.0 as usize) < range.start);
        let (patterns, entries) = (&self.compiled.patterns, self.entries);
        hits[first..]
            .iter()
            .take_while(move |h| (h.0 as usize) < range.end)
            .filter(move |h| h.1 as usize <= range.end)
            .map(move |&(start, end, pid)| {
                let (ei, pi) = patterns[pid as usize];
                let entry = &entries[ei as usize];
                let phrase = entry
                    .head()
                    .phrases()
                    .nth(pi as usize)
                    .expect("pattern index points at a phrase of its entry");
                Hit {
                    entry,
                    phrase,
                    start: start as usize,
                    end: end as usize,
                }
            })
    }

    /// The first leftmost-longest match in `text`.
    pub fn find(&self, text: &str) -> Option<Hit<'d, E>> {
        self.find_iter(text).next()
    }

    /// All matches, collected.
    pub fn find_all(&self, text: &str) -> Vec<Hit<'d, E>> {
        self.find_iter(text).collect()
    }

    /// The entry whose canonical phrase or alias is exactly `phrase` (故意伤害 → 故意伤害罪).
    pub fn lookup(&self, phrase: &str) -> Option<&'d E> {
        self.compiled
            .exact
            .get(phrase)
            .map(|&i| &self.entries[i as usize])
    }

    /// The longest phrase that `text` starts with, and its entry: an anchored
    /// leftmost-longest match. By exact lookups of `text`'s prefixes, longest first (a few
    /// hash lookups, where trying every phrase would cost one comparison per phrase); a
    /// phrase is in one entry of an automaton at most (the parser checks), so the entry is
    /// the one a scan would report.
    pub fn longest_prefix(&self, text: &str) -> Option<(&'d E, &'d str)> {
        let mut end = self.compiled.max_len.min(text.len());
        while end > 0 {
            if text.is_char_boundary(end)
                && let Some((phrase, &i)) = self.compiled.exact.get_key_value(&text[..end])
            {
                return Some((&self.entries[i as usize], phrase.as_str()));
            }
            end -= 1;
        }
        None
    }

    /// The entry with this id.
    pub fn by_id(&self, id: &str) -> Option<&'d E> {
        self.entries().find(|e| e.head().id == id)
    }

    /// The entries this automaton matches, in file order.
    pub fn entries(&self) -> impl Iterator<Item = &'d E> + use<'d, E> {
        let entries = self.entries;
        let mut seen = vec![false; entries.len()];
        for &(ei, _) in &self.compiled.patterns {
            seen[ei as usize] = true;
        }
        entries
            .iter()
            .zip(seen)
            .filter_map(|(e, keep)| keep.then_some(e))
    }

    /// How many phrases (canonical plus aliases) the automaton holds.
    pub fn pattern_count(&self) -> usize {
        self.compiled.patterns.len()
    }
}

/// One match: the entry, the phrase that matched, and its byte span in the text.
#[derive(Debug)]
pub struct Hit<'d, E> {
    /// The dictionary entry that matched.
    pub entry: &'d E,
    /// The dictionary phrase that matched (the canonical phrase or one alias).
    pub phrase: &'d str,
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
}

impl<E> Clone for Hit<'_, E> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<E> Copy for Hit<'_, E> {}

impl<E> PartialEq for Hit<'_, E> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.entry, other.entry) && self.start == other.start && self.end == other.end
    }
}
impl<E> Eq for Hit<'_, E> {}

impl<'d, E: Entry> Hit<'d, E> {
    /// The byte span.
    pub fn span(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    /// The evidence rule id of the entry (`family:id`).
    pub fn rule(&self) -> String {
        self.entry.rule()
    }

    /// The matched text (equal to `phrase`, borrowed from the haystack instead).
    pub fn text<'t>(&self, haystack: &'t str) -> &'t str {
        &haystack[self.start..self.end]
    }
}

/// Iterator over the matches of one automaton in one text.
#[derive(Debug)]
pub struct Hits<'d, 't, E> {
    inner: aho_corasick::FindIter<'d, 't>,
    patterns: &'d [(u32, u32)],
    entries: &'d [E],
}

impl<'d, E: Entry> Iterator for Hits<'d, '_, E> {
    type Item = Hit<'d, E>;

    fn next(&mut self) -> Option<Self::Item> {
        let m = self.inner.next()?;
        let (ei, pi) = self.patterns[m.pattern().as_usize()];
        let entry = &self.entries[ei as usize];
        let phrase = entry
            .head()
            .phrases()
            .nth(pi as usize)
            .expect("pattern index points at a phrase of its entry");
        Some(Hit {
            entry,
            phrase,
            start: m.start(),
            end: m.end(),
        })
    }
}
