//! What every field reader sees: one normalised, sectioned document and the shared
//! dictionaries, with helpers that turn byte spans into evidence.

use std::cell::OnceCell;

use jiuzhu_core::{Evidence, Hints, Kind};
use jiuzhu_dict::{ContextKind, Dictionaries, NegationScan, Scan};
use jiuzhu_text::{Normalized, SectionKind, Sections, Segmenter, Span, sentences};

use crate::parties::{HarmWords, NameStops};

/// One document as the readers see it.
pub(crate) struct Doc<'a> {
    /// The normalised text; every span below is a byte span into it.
    pub text: &'a str,
    pub norm: &'a Normalized,
    pub sections: &'a Sections,
    pub kind: Kind,
    pub hints: &'a Hints,
    pub dicts: &'a Dictionaries,
    pub seg: &'a Segmenter,
    /// The words that end a name, indexed (built with the extractor).
    pub stops: &'a NameStops,
    /// The harm words, in one automaton (built with the extractor).
    pub harm: &'a HarmWords,
    /// Computed once on first use: several readers need them.
    pub cache: Cache,
}

/// Per-document results more than one reader needs, computed on first use. Scanning a
/// document is the hot loop of a run; doing it once per document, not once per reader or
/// per hit, is what keeps extraction near the speed of a plain scan.
#[derive(Default)]
pub(crate) struct Cache {
    /// Every dictionary family's matches over the whole text, from one pass.
    scan: OnceCell<Scan>,
    sentences: OnceCell<Vec<Span>>,
    /// Every context cue (context.toml) in the text except neutral shadows: (start, end, kind).
    context: OnceCell<Vec<(usize, usize, ContextKind)>>,
}

impl<'a> Doc<'a> {
    /// Evidence for the byte span `span`, citing `rule`; offsets in characters.
    pub fn evidence(&self, rule: impl Into<String>, span: Span) -> Evidence {
        let chars = self.norm.char_span(span);
        Evidence::new(rule, chars.start, chars.end, span.slice(self.text))
    }

    /// The text of `span`.
    pub fn slice(&self, span: Span) -> &'a str {
        span.slice(self.text)
    }

    /// The span of a section, if the sectioner found it.
    pub fn section(&self, kind: SectionKind) -> Option<Span> {
        self.sections.span(kind)
    }

    /// The whole text.
    pub fn whole(&self) -> Span {
        Span::new(0, self.text.len())
    }
}

impl Doc<'_> {
    /// Every dictionary family's matches over the whole text: read a family's with
    /// `d.dicts.<family>().hits(d.scan())` or `.hits_in(d.scan(), range)`.
    pub fn scan(&self) -> &Scan {
        self.cache.scan.get_or_init(|| self.dicts.scan(self.text))
    }

    /// The negation cues of the whole text, ready for `cue_for`.
    pub fn negation(&self) -> NegationScan<'_, '_> {
        self.dicts.negation_scan_of(self.scan(), self.text)
    }

    /// The sentences of the text (byte spans).
    pub fn sentences(&self) -> &[Span] {
        self.cache.sentences.get_or_init(|| sentences(self.text))
    }

    /// The voice a position is in, from the nearest context cue (context.toml) between the
    /// start of its sentence and the position: a statute quotation, a party's claim, a court
    /// order, a hypothetical, a prior conviction, or a finding. `None` when no cue precedes
    /// it in the sentence (the section's own voice).
    pub fn voice_at(&self, sentence_start: usize, pos: usize) -> Option<ContextKind> {
        let cues = self.cache.context.get_or_init(|| {
            self.dicts
                .context()
                .hits(self.scan())
                .filter(|h| h.entry.kind != ContextKind::Neutral)
                .map(|h| (h.start, h.end, h.entry.kind))
                .collect()
        });
        // Cues are in text order and never overlap: the last one ending by `pos`.
        let upto = cues.partition_point(|c| c.1 <= pos);
        cues[..upto]
            .last()
            .filter(|c| c.0 >= sentence_start)
            .map(|c| c.2)
    }

    /// Whether `pos` lies in one of `kinds`' sections.
    pub fn in_sections(&self, pos: usize, kinds: &[SectionKind]) -> bool {
        self.sections
            .kind_at(pos)
            .is_some_and(|k| kinds.contains(&k))
    }
}
