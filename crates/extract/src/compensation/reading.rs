//! One sentence's compensation phrases read in their clauses, and how phrases combine into a
//! status (the combining rules in the header of `compensation.toml`).

use std::ops::Range;

use jiuzhu_core::{CompensationStatus, Evidence};
use jiuzhu_dict::{
    CompEntry, CompLabel, ContextKind, Degree, Dictionaries, NegKind, Strength, Topic, gap_words,
};

use jiuzhu_text::{Amount, find_amounts};

use super::voice::SentenceVoice;

/// Characters allowed between a degree word and the phrase it qualifies (赔偿了被害方部分经济损失:
/// 3; 尚有4106.36元未获赔偿: 3, a number counting as one).
const DEGREE_GAP: usize = 6;

/// One compensation phrase in a finding clause, read with its negation and degree.
#[derive(Debug, Clone)]
pub(crate) struct Signal<'d> {
    pub entry: &'d CompEntry,
    /// What the phrase says here: settled, partial or unsettled (never neutral).
    pub label: CompLabel,
    /// Byte span of the phrase in the text read.
    pub span: Range<usize>,
    /// Byte span of the clause holding it, for evidence.
    pub clause: Range<usize>,
    /// Whether a negation cue scoped over the phrase (or the phrase carries its own, 拒不履行).
    pub negated: bool,
    /// The cue as written, when there is one.
    pub cue: Option<String>,
    /// The degree word that qualified the phrase (部分, 全部), if any.
    pub degree: Option<Degree>,
    /// The amount the phrase paid (已经支付46000元), when one follows it in its clause.
    pub amount: Option<f64>,
}

impl Signal<'_> {
    pub fn topic(&self) -> Topic {
        self.entry.topic
    }

    /// Money reached the victim side, by a strong or a weak phrase.
    fn paid(&self) -> bool {
        self.topic() == Topic::Payment && !self.negated && self.label != CompLabel::Unsettled
    }

    pub fn weak(&self) -> bool {
        self.entry.strength == Strength::Weak
    }

    /// Money surely reached the victim side: a phrase that means a part payment (垫付,
    /// 执行到位), a strong payment phrase, or a weak one with the sum paid (支付了…2000元).
    fn surely_paid(&self) -> bool {
        self.paid()
            && (self.entry.label == CompLabel::Partial
                || self.label == CompLabel::Partial
                || !self.weak()
                || self.amount.is_some())
    }

    /// A payment said to be complete (赔偿完毕, 全部赔偿, 付清).
    fn full(&self) -> bool {
        self.degree == Some(Degree::Full)
    }

    /// Partial only because of who paid (代为赔偿: a relative pays), not because anything is
    /// said to remain: forgiveness makes it a settlement.
    fn implicitly_partial(&self) -> bool {
        self.label == CompLabel::Partial
            && self.entry.label == CompLabel::Partial
            && self.weak()
            && self.degree.is_none()
    }

    /// Evidence for the record, with `offset` added to the byte spans and `to_chars` turning
    /// byte offsets of the document into character offsets.
    pub fn evidence(
        &self,
        text: &str,
        offset: usize,
        to_chars: impl Fn(usize) -> usize,
    ) -> Evidence {
        let start = self.clause.start + offset;
        let end = self.clause.end + offset;
        let mut ev = Evidence::new(
            jiuzhu_dict::Entry::rule(self.entry),
            to_chars(start),
            to_chars(end),
            text.get(self.clause.clone()).unwrap_or(""),
        );
        ev.negated = Some(self.negated);
        ev.cue = self.cue.clone();
        ev
    }
}

/// The compensation phrases of `text` (one sentence) that speak in a finding voice, in text
/// order. `voice` says whose voice each position is in.
pub(crate) fn signals<'d>(
    dicts: &'d Dictionaries,
    text: &str,
    voice: &SentenceVoice,
) -> Vec<Signal<'d>> {
    let hits = dicts.compensation().find_all(text);
    if hits.is_empty() {
        return Vec::new();
    }
    let scan = dicts.negation_scan(text);
    let degrees: Vec<_> = dicts
        .degrees()
        .find_iter(text)
        .filter(|h| h.entry.degree != Degree::None)
        .collect();
    let breaks = clause_breaks(text, scan.hits());
    let amounts = find_amounts(text);
    let mut out = Vec::new();
    for hit in hits {
        if hit.entry.label == CompLabel::Neutral && hit.entry.negated.is_none() {
            continue;
        }
        let span = hit.span();
        if in_title(text, span.start)
            || (hit.entry.strength == Strength::Weak && listed(text, &span, &amounts))
        {
            continue;
        }
        let negatable = hit.entry.negated.is_some();
        let cue_hit = if negatable {
            scan.cue_for(span.clone())
        } else {
            // A phrase with its own polarity (拒不履行, 没有赔偿能力) shows the cue inside it.
            scan.cue_inside(span.clone())
        };
        let cue = cue_hit.map(|c| c.text(text).to_string());
        let negated = if negatable {
            cue_hit.is_some()
        } else {
            hit.entry.label == CompLabel::Unsettled
        };
        // A request that came to nothing (要求其进行赔偿无果, 索赔未果), told in the court's
        // own words, is its finding of a failed attempt — but not inside a party's statement
        // (原告诉称：…原告多次催讨无果).
        let failed_request = negatable
            && voice.clause_claim(hit.start)
            && cue_hit.is_some_and(|c| c.entry.kind.looks_backward() && c.start >= span.end);
        match voice.at(hit.start) {
            ContextKind::Finding => {}
            ContextKind::Claim if failed_request => {}
            _ => continue,
        }
        let mut label = hit.entry.label_when(negated);
        if label == CompLabel::Neutral {
            continue;
        }
        let clause = clause_of(&breaks, text.len(), hit.start);
        let degree = degrees
            .iter()
            .filter(|d| d.start >= clause.start && d.end <= clause.end)
            .filter(|d| {
                d.end <= hit.start
                    || d.start >= hit.end
                    || (d.start >= hit.start && d.end <= hit.end)
            })
            .filter(|d| {
                let gap = if d.end <= hit.start {
                    gap_words(&text[d.end..hit.start])
                } else if d.start >= hit.end {
                    gap_words(&text[hit.end..d.start])
                } else {
                    0
                };
                gap <= DEGREE_GAP
            })
            .map(|d| d.entry.degree)
            .next();
        // 尚有74453.66元未执行到位 says what remains, not that anything was paid: a remainder
        // is partial only beside a payment (减去已经支付的7800元，尚有4106.36元未获赔偿).
        label = match (label, degree) {
            (CompLabel::Settled, Some(Degree::Partial)) => CompLabel::Partial,
            (CompLabel::Partial, Some(Degree::Full)) if !negated => CompLabel::Settled,
            (l, _) => l,
        };
        let amount = amounts
            .iter()
            .find(|a| {
                a.span.start >= span.end
                    && a.span.start <= clause.end
                    && gap_words(&text[span.end..a.span.start]) <= AMOUNT_GAP
            })
            .map(|a| a.yuan);
        if amount == Some(0.0) && label != CompLabel::Unsettled {
            // 实际执行到位0元: nothing was paid.
            label = CompLabel::Unsettled;
        }
        out.push(Signal {
            entry: hit.entry,
            label,
            span,
            clause,
            negated,
            cue,
            degree,
            amount,
        });
    }
    agreed_more_than_paid(&amounts, &mut out);
    out
}

/// Words allowed between a payment phrase and the amount it paid (已经支付46000元; 已支付
/// 人民币8000元).
const AMOUNT_GAP: usize = 16;

/// An agreement for more than was paid (达成赔偿协议，赔偿于某损失76000元，已经支付46000元) is
/// partly performed: the payment is partial (sentences README, agreements not yet performed).
fn agreed_more_than_paid(amounts: &[Amount], signals: &mut [Signal<'_>]) {
    let agreed = signals
        .iter()
        .any(|s| s.topic() == Topic::Agreement && s.label == CompLabel::Settled);
    if !agreed {
        return;
    }
    for s in signals.iter_mut() {
        if s.topic() != Topic::Payment || s.label != CompLabel::Settled || s.weak() {
            continue;
        }
        let owed = amounts
            .iter()
            .filter(|a| a.span.end <= s.span.start)
            .map(|a| a.yuan)
            .fold(0.0, f64::max);
        if s.amount.is_some_and(|paid| paid < owed) {
            s.label = CompLabel::Partial;
            s.degree = Some(Degree::Partial);
        }
    }
}

/// Whether byte `pos` lies inside a title in 《》 (《和解协议》 names a document).
fn in_title(text: &str, pos: usize) -> bool {
    let before = &text[..pos];
    match (before.rfind('《'), before.rfind('》')) {
        (Some(open), Some(close)) => open > close,
        (Some(_), None) => true,
        _ => false,
    }
}

/// Whether the phrase at `span` is an item of a 、-list (冻结、划拨、变价的财产; 出示了谅解书、
/// 收条、和解协议各一份): a bare weak word there names a measure or a document, it does not
/// report a payment — unless its clause says how much (冻结、划拨被执行人银行存款3512.40元).
fn listed(text: &str, span: &Range<usize>, amounts: &[Amount]) -> bool {
    if text[span.end..].starts_with('、') {
        return true;
    }
    if !text[..span.start].ends_with('、') {
        return false;
    }
    let clause_end = text[span.end..]
        .find(['，', '；', '。', ',', ';'])
        .map_or(text.len(), |i| span.end + i);
    !amounts
        .iter()
        .any(|a| a.span.start >= span.end && a.span.end <= clause_end)
}

/// Clause boundaries of `text` from the negation scan's terminators (，；：。 and their ASCII
/// forms — not 但/而, which end a negation's reach but not an evidence clause).
fn clause_breaks(
    text: &str,
    hits: &[jiuzhu_dict::Hit<'_, jiuzhu_dict::NegEntry>],
) -> Vec<Range<usize>> {
    hits.iter()
        .filter(|h| h.entry.kind == NegKind::Terminator)
        .filter(|h| {
            h.text(text)
                .chars()
                .all(|c| c.is_ascii_punctuation() || !c.is_alphanumeric())
        })
        .map(|h| h.span())
        .collect()
}

/// The clause (between terminators) that holds byte `pos`.
fn clause_of(breaks: &[Range<usize>], len: usize, pos: usize) -> Range<usize> {
    let start = breaks
        .iter()
        .filter(|b| b.end <= pos)
        .map(|b| b.end)
        .max()
        .unwrap_or(0);
    let end = breaks
        .iter()
        .filter(|b| b.start >= pos)
        .map(|b| b.start)
        .min()
        .unwrap_or(len);
    start..end
}

/// The status a sequence of finding signals (in text order) gives, per the combining rules of
/// `compensation.toml`:
///
/// - Payment, phrase by phrase: a later payment replaces an earlier refusal (拒不执行…，
///   并于当日…履行了…11000元; 尚未给付的赔偿义务，赔偿…9190元 → settled); a part payment
///   stays a part until a payment said to be complete (赔偿完毕, 全部) — a sentencing
///   summary (积极赔偿) or a bare 已支付8000元 does not make it whole; non-payment after a sure
///   payment (已垫付…，余款至今未付; 执行到位3000元…尚有…未执行到位) leaves a part paid.
/// - Partial only because a third party paid (代为赔偿), and the victim forgave → settled.
/// - Paid with forgiveness refused, or with mediation failing afterwards → partial: money
///   changed hands (comp-0107).
/// - A waived claim (放弃赔偿请求, 不提起附带民事诉讼) after a payment is a release; before
///   any, it is non-payment.
/// - No payment stated: the last of forgiveness and agreement decides (谅解 → settled,
///   不予谅解 / 调解未果 → unsettled).
pub(crate) fn combine(signals: &[&Signal<'_>]) -> Option<CompensationStatus> {
    use CompensationStatus as S;
    // The victim's claim: waived (放弃…赔偿请求) before any payment it means none came, after
    // one it is a release; still pending (另行提起民事诉讼) after a payment a part remains
    // owed, with no payment it says nothing.
    let first_paid = signals.iter().position(|s| s.paid());
    let signals: Vec<&Signal<'_>> = signals
        .iter()
        .enumerate()
        .filter(|(i, s)| {
            let after_payment = first_paid.is_some_and(|p| p < *i);
            let waived = s.entry.negated.is_some();
            s.topic() != Topic::Claim || after_payment != waived
        })
        .map(|(_, s)| *s)
        .collect();
    let topic = |s: &Signal<'_>| match s.topic() {
        Topic::Claim => Topic::Payment,
        t => t,
    };
    let last_of = |t: Topic| signals.iter().rposition(|s| topic(s) == t);
    let forgiven = last_of(Topic::Forgiveness).map(|i| signals[i].label);
    let payments: Vec<(usize, &Signal<'_>)> = signals
        .iter()
        .enumerate()
        .filter(|(_, s)| topic(s) == Topic::Payment)
        .map(|(i, s)| (i, *s))
        .collect();
    let Some(&(at, last)) = payments.last() else {
        return signals.last().and_then(|s| s.label.status());
    };
    // The payment state, phrase by phrase: a later payment replaces an earlier refusal
    // (拒不执行…，并于当日…履行了…11000元), a part payment stays a part until a payment said
    // to be complete (赔偿完毕), and non-payment after a sure payment leaves a part paid.
    let mut state = None;
    for (i, s) in &payments {
        state = Some(match (state, s.label) {
            (_, CompLabel::Partial) => CompLabel::Partial,
            (Some(CompLabel::Partial), CompLabel::Settled) if !s.full() => CompLabel::Partial,
            (Some(CompLabel::Partial), CompLabel::Unsettled) => CompLabel::Partial,
            (_, CompLabel::Unsettled) if payments.iter().any(|(j, p)| j < i && p.surely_paid()) => {
                CompLabel::Partial
            }
            (_, label) => label,
        });
    }
    let refused = forgiven == Some(CompLabel::Unsettled)
        || last_of(Topic::Agreement)
            .is_some_and(|i| i > at && signals[i].label == CompLabel::Unsettled);
    match state {
        Some(CompLabel::Partial) => {
            let implicit = payments
                .iter()
                .filter(|(_, s)| s.label == CompLabel::Partial)
                .all(|(_, s)| s.implicitly_partial());
            if implicit
                && forgiven == Some(CompLabel::Settled)
                && last.label != CompLabel::Unsettled
            {
                Some(S::Settled)
            } else {
                Some(S::Partial)
            }
        }
        Some(CompLabel::Settled) if refused => Some(S::Partial),
        Some(CompLabel::Settled) => Some(S::Settled),
        _ => Some(S::Unsettled),
    }
}
