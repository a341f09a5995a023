//! Compensation status: settled, partial, unsettled or unknown, for the document and for each
//! victim where a sentence says whose.
//!
//! The seed's rule drops every document that mentions 调解协议, 已赔偿 or 谅解, and so drops
//! 未赔偿被害人经济损失，亦未取得谅解 — the victims jiuzhu exists to find. This reader reads
//! each phrase of `compensation.toml` in its clause, the ConText way:
//!
//! 1. **Voice** ([`voice`]). Only the court's or the prosecution's own findings count. Each
//!    section has a voice (procedure, facts and reasoning: finding; result: order; head,
//!    parties, tail and appendix are not read). `block` cues of `context.toml` open a stretch
//!    in another voice (诉称, 辩称, 辩护人提出) that a finding cue closes (经审理查明, 经查);
//!    the prosecution's allegation inside a judgment (公诉机关指控) stays a claim unless the
//!    court confirms it (上述事实，…足以认定; 指控的犯罪事实清楚), and then is re-read as a
//!    finding. Clause and sentence cues mark requests (要求赔偿), offers (表示愿意赔偿), pleas
//!    (…请求从轻处罚), orders (应当赔偿, 于本判决生效之日起), statutes, hypotheticals, prior
//!    cases and evidence lists (…谅解书、收条等证据证实). In an indictment or arrest review the
//!    whole body is the prosecution's finding; in a civil judgment the reasoning apportions,
//!    so only its non-payment and advances count. A civil judgment over a contract, loan or
//!    wage debt is not read at all (unknown).
//! 2. **Negation** ([`jiuzhu_dict::NegationScan`]): a cue of `negation.toml` scoping over the
//!    phrase gives the phrase's `negated` label (未赔偿 → unsettled, 调解未果 → unsettled);
//!    phrases with their own polarity (拒不履行, 没有赔偿能力) ignore cues.
//! 3. **Degree and amount**: a degree word in the clause turns a payment partial or full
//!    (赔偿了被害方部分经济损失; 分期赔偿; 赔偿完毕); an agreement for more than was paid
//!    (达成赔偿协议…76000元，已经支付46000元) is partial; a payment of 0元 is none.
//! 4. **Combining** ([`reading::combine`]): payment phrase by phrase (a later payment replaces
//!    an earlier refusal; a part stays a part until a complete payment; non-payment after a
//!    sure payment is partial); money paid with forgiveness refused is partial; a waived claim
//!    is a release after a payment and non-payment before one; with no payment, forgiveness
//!    and agreement decide. A judgment that also orders a payment makes a settlement by
//!    payment alone partial (被告已支付原告30000元 … 判决赔偿其余).
//!
//! The document's status combines every finding signal in text order; a victim's combines
//! the signals of the sentences that name that victim and no other victim. Evidence cites
//! each signal: `comp:<id>`, negated, the cue, and the clause with its character offsets.

mod reading;
mod voice;

#[cfg(test)]
mod tests;

use jiuzhu_core::{Compensation, CompensationStatus, Kind, Person, Role};
use jiuzhu_dict::{CauseCategory, CompLabel, ContextKind, Dictionaries, Topic};
use jiuzhu_text::{SectionKind, Span};

use crate::doc::Doc;

pub(crate) use reading::Signal;
use reading::{combine, signals};
use voice::SentenceVoice;

/// One sentence read: whose voice each position is in, and the phrases that speak in a
/// finding's voice.
pub(crate) struct SentenceRead<'d> {
    pub voice: SentenceVoice,
    pub signals: Vec<Signal<'d>>,
}

impl SentenceRead<'_> {
    /// What the sentence by itself says: settled, partial, unsettled, or nothing. (The
    /// document reader combines signals across sentences instead; the sentence bank scores
    /// this.)
    #[cfg(test)]
    pub fn status(&self) -> Option<CompensationStatus> {
        combine(&self.signals.iter().collect::<Vec<_>>())
    }
}

/// The sentence-level reader: `text` (one sentence) whose start is in `voice` (a finding,
/// unless the block or section it sits in says otherwise); its own cues mark what inside it
/// is a claim, an order, a statute or a list. The document reader reads every sentence
/// with it; the sentence bank scores it.
pub(crate) fn read_sentence<'d>(
    dicts: &'d Dictionaries,
    text: &str,
    voice: ContextKind,
) -> SentenceRead<'d> {
    read_with(dicts, text, SentenceVoice::new(dicts, text, voice))
}

/// [`read_sentence`] with the voices already read.
fn read_with<'d>(dicts: &'d Dictionaries, text: &str, voice: SentenceVoice) -> SentenceRead<'d> {
    let signals = signals(dicts, text, &voice);
    SentenceRead { voice, signals }
}

/// One sentence (or the part of it inside one section) with the voice it starts in and its
/// finding signals (spans relative to the sentence).
#[derive(Debug)]
pub(crate) struct SentenceReading<'d> {
    pub span: Span,
    pub voice: ContextKind,
    /// The section it belongs to (`None`: the document did not section).
    pub section: Option<SectionKind>,
    pub signals: Vec<Signal<'d>>,
    /// The sentence orders a payment (判决被告赔偿…; 一审判决…于本判决生效后十日内赔偿…).
    pub orders_payment: bool,
}

/// The voice a section speaks in when no cue says otherwise; `None`: not read.
fn section_voice(kind: Option<SectionKind>, clean: bool) -> Option<ContextKind> {
    match kind {
        Some(SectionKind::Head | SectionKind::Parties) if clean => None,
        Some(SectionKind::Tail | SectionKind::Appendix) => None,
        Some(SectionKind::Result) => Some(ContextKind::Order),
        _ => Some(ContextKind::Finding),
    }
}

/// Every sentence of the read sections with its inherited voice and finding signals.
pub(crate) fn sentence_readings<'d>(d: &Doc<'d>) -> Vec<SentenceReading<'d>> {
    let clean = d.sections.is_clean();
    let prosecution = matches!(d.kind, Kind::Indictment | Kind::ArrestReview);
    let sents = d.sentences();
    let mut out: Vec<SentenceReading> = Vec::new();
    let parts: Vec<(Span, Option<SectionKind>)> = if d.sections.as_slice().is_empty() {
        vec![(d.whole(), None)]
    } else {
        d.sections.iter().map(|s| (s.span, Some(s.kind))).collect()
    };
    // Where the last allegation began: a confirmation re-reads it as the court's finding —
    // in the facts (上述事实，…等证据证实，足以认定) or in the reasoning (公诉机关指控…的犯罪
    // 事实清楚，证据确实、充分), unless the court's own findings or an argument came between.
    let mut allegation_from: Option<usize> = None;
    for (area, kind) in parts {
        let Some(default) = section_voice(kind, clean) else {
            allegation_from = None;
            continue;
        };
        let default = if prosecution && default == ContextKind::Order {
            ContextKind::Finding
        } else {
            default
        };
        let mut state = default;
        for s in sents {
            let span = Span::new(s.start.max(area.start), s.end.min(area.end));
            if span.is_empty() {
                continue;
            }
            if state == ContextKind::Evidence && starts_paragraph(d.text, span.start) {
                // An evidence list runs over numbered paragraphs (2.证人…的证言；3.…); a
                // paragraph that is not a list item ends it (六、需要说明的问题).
                let item =
                    d.text[span.start..].starts_with(|c: char| c.is_ascii_digit() || c == '(');
                if !item {
                    state = default;
                }
            }
            let text = d.slice(span);
            let read = read_sentence(d.dicts, text, state);
            out.push(SentenceReading {
                span,
                voice: state,
                section: kind,
                orders_payment: orders_payment(d.dicts, text, &read.voice),
                signals: apportioned(d, read.signals, kind),
            });
            let after = read.voice.after();
            let replaced = after
                .opened
                .is_some_and(|k| k != ContextKind::Finding || kind == Some(SectionKind::Facts));
            if replaced {
                allegation_from = None;
            }
            if state != ContextKind::Allegation && after.voice == ContextKind::Allegation {
                allegation_from = Some(out.len() - 1);
            }
            if after.confirms
                && let Some(from) = allegation_from.take()
            {
                for r in &mut out[from..] {
                    let text = d.slice(r.span);
                    let voice = SentenceVoice::new(d.dicts, text, r.voice).confirmed();
                    r.signals = apportioned(d, read_with(d.dicts, text, voice).signals, r.section);
                    if r.voice == ContextKind::Allegation {
                        r.voice = ContextKind::Finding;
                    }
                }
            }
            state = match after.voice {
                // The court's reasoning and the procedure quote an argument inside one
                // sentence (…公诉机关指控罪名成立; 关于辩护人提出…的意见，…): only the
                // facts hold whole paragraphs of someone else's voice.
                ContextKind::Claim | ContextKind::Allegation
                    if !matches!(kind, Some(SectionKind::Facts) | None) =>
                {
                    default
                }
                next => next,
            };
        }
    }
    out
}

/// `found`, less what a civil court's reasoning says in payment words: it apportions
/// (由叶建林全额赔偿; 扣除已赔付部分，…应当在…范围内赔偿), and those are shares of what is
/// owed. What it says was not paid, or advanced (其中被告杨海峰垫付500元), still counts.
fn apportioned<'d>(
    d: &Doc,
    mut found: Vec<Signal<'d>>,
    section: Option<SectionKind>,
) -> Vec<Signal<'d>> {
    if d.kind == Kind::CivilJudgment && section == Some(SectionKind::Reasoning) {
        found.retain(|s| s.negated || s.entry.label == CompLabel::Partial);
    }
    found
}

/// The document's compensation status with its evidence, and each victim's own status in
/// `persons` where a sentence names that victim alone.
pub(crate) fn read(d: &Doc, persons: &mut [Person]) -> Compensation {
    if contract_debt(d) {
        return Compensation::default();
    }
    let readings = sentence_readings(d);
    let all: Vec<(&SentenceReading, &Signal)> = readings
        .iter()
        .flat_map(|r| r.signals.iter().map(move |s| (r, s)))
        .collect();
    let signals: Vec<&Signal> = all.iter().map(|(_, s)| *s).collect();
    let mut status = combine(&signals).unwrap_or_default();
    let judgment = matches!(d.kind, Kind::CivilJudgment | Kind::CriminalJudgment);
    if status == CompensationStatus::Settled
        && judgment
        && paid_only(&signals)
        && readings.iter().any(|r| r.orders_payment)
    {
        // The court orders the rest paid: what was paid before was a part (被告已支付原告30000
        // 元 … 判决被告赔偿原告75530.80元).
        status = CompensationStatus::Partial;
    }
    let evidence = all
        .iter()
        .map(|(r, s)| s.evidence(d.slice(r.span), r.span.start, |b| d.norm.char_offset(b)))
        .collect();
    read_victims(d, &readings, persons);
    Compensation { status, evidence }
}

/// Whether byte `at` begins a paragraph.
fn starts_paragraph(text: &str, at: usize) -> bool {
    at == 0 || text[..at].ends_with('\n')
}

/// Whether the document is a civil judgment over a contract, loan or wage debt: its unpaid
/// sums are a debtor's default, not a victim's compensation (sentences README: 未按约履行还款
/// 义务 is `other`).
fn contract_debt(d: &Doc) -> bool {
    if d.kind != Kind::CivilJudgment {
        return false;
    }
    let category = d
        .hints
        .cause
        .as_deref()
        .and_then(|c| d.dicts.causes().lookup(c))
        .or_else(|| d.dicts.causes().hits(d.scan()).next().map(|h| h.entry))
        .map(|e| e.category);
    matches!(
        category,
        Some(CauseCategory::Contract | CauseCategory::Loan | CauseCategory::Labor)
    )
}

/// Whether a settlement rests on payment alone: no forgiveness or agreement settled it.
fn paid_only(signals: &[&Signal]) -> bool {
    signals
        .iter()
        .all(|s| s.topic() == Topic::Payment || s.label != CompLabel::Settled)
}

/// Whether `text` (one sentence, voices `v`) orders a payment: a positive payment phrase in
/// an order's voice.
fn orders_payment(dicts: &Dictionaries, text: &str, v: &SentenceVoice) -> bool {
    let mut hits = dicts.compensation().find_iter(text).peekable();
    if hits.peek().is_none() {
        return false;
    }
    let scan = dicts.negation_scan(text);
    hits.any(|h| {
        h.entry.topic == Topic::Payment
            && h.entry.label == CompLabel::Settled
            && v.at(h.start) == ContextKind::Order
            && scan.cue_for(h.span()).is_none()
    })
}

/// Whether `p` is someone a compensation sentence can be about: a natural person on the
/// victim side, an enforcement applicant or a deceased victim's relative.
fn owed(p: &Person) -> bool {
    !p.org
        && p.roles
            .iter()
            .any(|r| r.is_victim_side() || matches!(r, Role::Applicant | Role::Relative))
}

/// Sets `Person.compensation` from the sentences that name exactly one owed person.
fn read_victims(d: &Doc, readings: &[SentenceReading], persons: &mut [Person]) {
    let names: Vec<(usize, &str)> = persons
        .iter()
        .enumerate()
        .filter(|(_, p)| owed(p) && p.name.chars().count() >= 2)
        .map(|(i, p)| (i, p.name.as_str()))
        .collect();
    if names.is_empty() {
        return;
    }
    let mut per_person: Vec<Vec<&Signal>> = vec![Vec::new(); persons.len()];
    for r in readings.iter().filter(|r| !r.signals.is_empty()) {
        let text = d.slice(r.span);
        let named = named_in(text, &names);
        if let [only] = named[..] {
            per_person[only].extend(r.signals.iter());
        }
    }
    for (i, found) in per_person.iter().enumerate() {
        if let Some(status) = combine(found) {
            persons[i].compensation = Some(status);
        }
    }
}

/// The persons (indices) whose names occur in `text`, a name counting only where no longer
/// name covers the same place (王某 inside 王某1).
fn named_in(text: &str, names: &[(usize, &str)]) -> Vec<usize> {
    let mut spans: Vec<(usize, usize, usize)> = Vec::new();
    for &(i, name) in names {
        for (at, _) in text.match_indices(name) {
            spans.push((at, at + name.len(), i));
        }
    }
    let mut found: Vec<usize> = spans
        .iter()
        .filter(|&&(s, e, _)| {
            !spans
                .iter()
                .any(|&(s2, e2, _)| s2 <= s && e <= e2 && e2 - s2 > e - s)
        })
        .map(|&(_, _, i)| i)
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}
