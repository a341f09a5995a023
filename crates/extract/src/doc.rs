//! What every field reader sees: one normalised, sectioned document and the shared
//! dictionaries, with helpers that turn byte spans into evidence.

use jiuzhu_core::{Evidence, Hints, Kind};
use jiuzhu_dict::{ContextKind, Dictionaries};
use jiuzhu_text::{Normalized, SectionKind, Sections, Segmenter, Span};

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
    /// The voice a position is in, from the nearest context cue (context.toml) between the
    /// start of its sentence and the position: a statute quotation, a party's claim, a court
    /// order, a hypothetical, a prior conviction, or a finding. `None` when no cue precedes
    /// it in the sentence (the section's own voice).
    pub fn voice_at(&self, sentence_start: usize, pos: usize) -> Option<ContextKind> {
        self.dicts
            .context()
            .find_iter(&self.text[sentence_start..pos])
            .filter(|h| h.entry.kind != ContextKind::Neutral)
            .last()
            .map(|h| h.entry.kind)
    }

    /// Whether `pos` lies in one of `kinds`' sections.
    pub fn in_sections(&self, pos: usize, kinds: &[SectionKind]) -> bool {
        self.sections
            .kind_at(pos)
            .is_some_and(|k| kinds.contains(&k))
    }
}
