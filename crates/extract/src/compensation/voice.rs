//! Whose voice each position of a sentence is in (context.toml): the court's or prosecution's
//! finding, a party's claim, the prosecution's allegation inside a judgment, an order, a
//! statute, a hypothetical, a prior case or an evidence list. Only findings say whether a
//! victim was paid.
//!
//! Within a sentence the nearest cue before a position whose scope still reaches it decides
//! (`clause`: up to the next ，；：; `sentence` and `block`: to the sentence end). Cues of
//! sentence scope of three kinds cover the whole sentence, before them too, because Chinese
//! puts the verdict last: a `finding` cue (…的辩护意见，本院予以采纳) turns the sentence's
//! claims into findings; a `claim` cue (…已赔偿被害人损失，请求对其从轻处罚; …为由提出上诉)
//! makes it an argument; an `evidence` cue (…谅解书、收条等证据证实) makes it a list of
//! documents. They decide only where no cue before a position reaches it (另查明，…已代为赔偿
//! 5万元，有收条等证据证实 stays a finding); adoption beats argument. Text under no cue takes
//! the voice inherited from the block or section it sits in.

use jiuzhu_dict::{ContextKind, Dictionaries, Scope};

/// Characters that end a clause for `clause`-scoped context cues.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '，' | '；' | '：' | '。' | '！' | '？' | ',' | ';' | ':' | '!' | '?'
    )
}

/// Someone else's voice that a verdict can close: a party's argument or the allegation.
fn argument(kind: ContextKind) -> bool {
    matches!(kind, ContextKind::Claim | ContextKind::Allegation)
}

#[derive(Debug, Clone, Copy)]
struct Cue {
    start: usize,
    end: usize,
    kind: ContextKind,
    scope: Scope,
}

/// How a sentence leaves the block voice for the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct After {
    /// The voice the next sentence inherits.
    pub voice: ContextKind,
    /// The kind of the last block cue other than an allegation that opened in the sentence
    /// (辩称, 经审理查明, 本院认为): an argument or the court's own findings stand between an
    /// earlier allegation and any later confirmation.
    pub opened: Option<ContextKind>,
    /// A finding verdict (上述事实，…足以认定; 本院予以采纳) in the sentence: it confirms the
    /// allegation just read, when no other block came between.
    pub confirms: bool,
}

/// The voices of one sentence.
#[derive(Debug, Clone)]
pub(crate) struct SentenceVoice {
    inherited: ContextKind,
    cues: Vec<Cue>,
    /// Byte offsets of clause-ending characters.
    breaks: Vec<usize>,
    /// A `finding` cue of sentence scope: the court adopts what the sentence reports.
    adopted: bool,
    /// An `evidence` cue of sentence scope: the sentence lists documents.
    listed: bool,
    /// A `claim` cue of sentence scope: the sentence is an argument.
    argued: bool,
    /// Read allegations as findings: the court confirmed them.
    confirmed: bool,
}

impl SentenceVoice {
    /// Reads the context cues of `text` (one sentence) whose start is in `inherited` voice.
    pub fn new(dicts: &Dictionaries, text: &str, inherited: ContextKind) -> SentenceVoice {
        let cues: Vec<Cue> = dicts
            .context()
            .find_iter(text)
            .filter(|h| h.entry.kind != ContextKind::Neutral)
            .map(|h| Cue {
                start: h.start,
                end: h.end,
                kind: h.entry.kind,
                scope: h.entry.scope,
            })
            .collect();
        let sentence_wide = |kind| {
            cues.iter()
                .any(|c| c.kind == kind && c.scope == Scope::Sentence)
        };
        SentenceVoice {
            inherited,
            adopted: sentence_wide(ContextKind::Finding),
            listed: sentence_wide(ContextKind::Evidence),
            argued: sentence_wide(ContextKind::Claim),
            breaks: text
                .char_indices()
                .filter(|&(_, c)| ends_clause(c))
                .map(|(i, _)| i)
                .collect(),
            cues,
            confirmed: false,
        }
    }

    /// The same sentence inside an allegation the court later confirmed.
    pub fn confirmed(mut self) -> SentenceVoice {
        self.confirmed = true;
        if self.inherited == ContextKind::Allegation {
            self.inherited = ContextKind::Finding;
        }
        self
    }

    /// Whether `pos` is a claim only because a clause cue says so (要求其进行赔偿…), in a
    /// sentence that otherwise speaks as a finding.
    pub fn clause_claim(&self, pos: usize) -> bool {
        self.inherited == ContextKind::Finding
            && !self.argued
            && self
                .covering(pos)
                .is_some_and(|c| c.kind == ContextKind::Claim && c.scope == Scope::Clause)
    }

    /// The nearest cue before `pos` whose scope reaches it.
    fn covering(&self, pos: usize) -> Option<&Cue> {
        self.cues
            .iter()
            .filter(|c| c.start <= pos)
            // A finding verdict only adopts (below); it does not make a list a finding.
            .filter(|c| !(c.kind == ContextKind::Finding && c.scope == Scope::Sentence))
            .filter(|c| {
                c.scope != Scope::Clause || !self.breaks.iter().any(|&b| b >= c.end && b < pos)
            })
            .max_by_key(|c| c.start)
    }

    /// The voice at byte `pos` of the sentence.
    pub fn at(&self, pos: usize) -> ContextKind {
        let covering = self.covering(pos);
        let mut kind = match covering {
            // A list outranks a sentence-wide voice (…被告人的供述…谅解书等证据证实).
            Some(c) if self.listed && c.scope == Scope::Sentence => ContextKind::Evidence,
            Some(c) => c.kind,
            None if self.listed => ContextKind::Evidence,
            None if self.argued => ContextKind::Claim,
            None => self.inherited,
        };
        if kind == ContextKind::Allegation && self.confirmed {
            kind = ContextKind::Finding;
        }
        if argument(kind) && self.adopted {
            kind = ContextKind::Finding;
        }
        kind
    }

    /// How the block voice goes on: a `block` cue opens a stretch in its voice (诉称,
    /// 辩护人提出, 公诉机关指控, 经审理查明), and a `finding` verdict (本院予以采纳, 上述事实…
    /// 足以认定) anywhere in the sentence closes an argument and confirms an allegation. A
    /// sentence-scope `claim` cue does not close an argument — a plea (…请求对其从轻处罚) or a
    /// recommendation (…建议对被告人适用缓刑) is part of it — except that the prosecution's
    /// recommendation (公诉机关认为…，建议判处…) is where its allegation ends. (A court's
    /// rejection, …本院不予采纳, sits in the reasoning, whose blocks end with the sentence.)
    pub fn after(&self) -> After {
        let mut state = self.inherited;
        let mut opened = None;
        let mut confirms = false;
        for c in &self.cues {
            match (c.scope, c.kind) {
                (Scope::Block, ContextKind::Allegation) if self.confirmed => {
                    state = ContextKind::Finding
                }
                (Scope::Block, kind) => {
                    state = kind;
                    if kind != ContextKind::Allegation {
                        opened = Some(kind);
                    }
                    confirms = false;
                }
                (Scope::Sentence, ContextKind::Finding) => {
                    confirms = true;
                    if argument(state) {
                        state = ContextKind::Finding;
                    }
                }
                (Scope::Sentence, ContextKind::Claim) if state == ContextKind::Allegation => {
                    state = ContextKind::Finding
                }
                _ => {}
            }
        }
        After {
            voice: state,
            opened,
            confirms,
        }
    }
}
