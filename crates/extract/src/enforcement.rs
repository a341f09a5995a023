//! Enforcement rulings: how the case ended, and the judgment it enforces (执行依据).
//!
//! The outcome is read in the result section (裁定如下：终结本次执行程序): the procedure
//! paragraph of a 终本 ruling explains 终结本次执行程序的依据及法律后果 and a resumed case
//! recites its earlier 终本, neither of which is this ruling's outcome (outcomes.toml). Weak
//! entries (bare 终结, 撤回申请) count only in the result and only when nothing strong
//! speaks. A bare 终结执行 whose grounds say the debt was paid (执行完毕) or settled
//! (执行和解) takes that ground as its outcome: the applicant is not unpaid.

use jiuzhu_core::{CaseCategory, CaseNumber, Enforcement, Outcome};
use jiuzhu_dict::{Entry, Strength};
use jiuzhu_text::{SectionKind, Span};

use crate::doc::Doc;

/// The enforcement part of the record of a ruling whose own case number is `own`.
pub(crate) fn read(d: &Doc, own: Option<&str>) -> Enforcement {
    let result = d.section(SectionKind::Result);
    let decided = result
        .and_then(|r| outcome_in(d, r, true))
        .or_else(|| outcome_in(d, d.whole(), false));
    let mut evidence = Vec::new();
    let mut outcome = Outcome::Other;
    if let Some((o, span, rule)) = decided {
        outcome = o;
        evidence.push(d.evidence(rule, span));
    }
    if outcome == Outcome::Terminated {
        let grounds_end = result.map_or(d.text.len(), |r| r.start);
        if let Some((ground, span, rule)) = outcome_in(d, Span::new(0, grounds_end), false)
            .filter(|(o, _, _)| matches!(o, Outcome::Completed | Outcome::Settled))
        {
            outcome = ground;
            evidence.push(d.evidence(rule, span));
        }
    }
    let basis = basis(d, own);
    if let Some((_, span)) = &basis {
        evidence.push(d.evidence("enforcement:basis", *span));
    }
    Enforcement {
        outcome,
        basis_case_number: basis.map(|(c, _)| c),
        evidence,
    }
}

/// The deciding outcome phrase in `area`: the first strong one that names an outcome other
/// than `other`, else the first strong one, else (in the result only) the first weak one.
fn outcome_in(d: &Doc, area: Span, allow_weak: bool) -> Option<(Outcome, Span, String)> {
    let hits: Vec<_> = d
        .dicts
        .outcomes()
        .find_iter(d.slice(area))
        .map(|h| (h.entry, Span::new(area.start + h.start, area.start + h.end)))
        .collect();
    let strong = |(e, _): &&(&jiuzhu_dict::OutcomeEntry, Span)| e.strength == Strength::Strong;
    let pick = hits
        .iter()
        .filter(strong)
        .find(|(e, _)| e.outcome != Outcome::Other)
        .or_else(|| hits.iter().find(strong))
        .or_else(|| if allow_weak { hits.first() } else { None })?;
    Some((pick.0.outcome, pick.1, pick.0.rule()))
}

/// The 执行依据: the first judgment the ruling cites that is not the ruling's own case and
/// not an earlier enforcement case (a resumed case cites its 终本 case before the judgment)
/// nor a procuratorate number.
fn basis(d: &Doc, own: Option<&str>) -> Option<(String, Span)> {
    let own_key = own
        .and_then(|o| o.parse::<CaseNumber>().ok())
        .map(|c| c.key());
    CaseNumber::find_all(d.text)
        .into_iter()
        .find(|(_, c)| {
            Some(c.key()) != own_key
                && !matches!(
                    c.category(),
                    CaseCategory::Enforcement | CaseCategory::Prosecution
                )
        })
        .map(|(range, c)| (c.to_string(), Span::new(range.start, range.end)))
}
