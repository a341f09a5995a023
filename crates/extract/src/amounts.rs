//! Money: what was awarded, paid and is still owed (amounts.toml says which cue means
//! which). Enforcement rulings state all three anywhere in their text; other documents'
//! awards are read in the result section only, where 赔偿/支付 are orders rather than claims.

use jiuzhu_core::{DocRecord, Kind};
use jiuzhu_dict::AmountField;
use jiuzhu_text::{Amount, SectionKind, Span, clauses_in, containing, find_amounts};

use crate::doc::Doc;

/// How many bytes after its cue an amount may start (about 30 characters): 执行标的为人民币
/// 12,345元 and 尚欠申请执行人赔偿款及利息共计5万元 both fit, the next clause's amount does not.
const REACH: usize = 90;

/// Fills `amounts` with evidence.
pub(crate) fn read(d: &Doc, rec: &mut DocRecord) {
    let area = if d.kind == Kind::EnforcementRuling {
        Some(d.whole())
    } else {
        d.section(SectionKind::Result)
    };
    let Some(area) = area else {
        return;
    };
    let clauses = clauses_in(d.text, area);
    let mut best: [Option<(f64, Span, String)>; 3] = [None, None, None];
    for hit in d.dicts.amounts().find_iter(d.slice(area)) {
        let cue = Span::new(area.start + hit.start, area.start + hit.end);
        if d.kind != Kind::EnforcementRuling && hit.entry.field != AmountField::Awarded {
            continue;
        }
        let clause = containing(&clauses, cue.start).unwrap_or(cue);
        let Some(amount) = amount_for(d, cue, clause, hit.entry.field) else {
            continue;
        };
        let slot = match hit.entry.field {
            AmountField::Awarded => 0,
            AmountField::Paid => 1,
            AmountField::Unpaid => 2,
        };
        // Enforcement rulings state each figure once, first; a judgment's result itemises
        // an award and then totals it, so there the largest awarded figure is the total.
        let keep = match &best[slot] {
            None => true,
            Some((v, _, _)) => slot == 0 && d.kind != Kind::EnforcementRuling && amount.yuan > *v,
        };
        if keep {
            let span = Span::new(
                cue.start.min(amount.span.start),
                cue.end.max(amount.span.end),
            );
            best[slot] = Some((amount.yuan, span, hit.rule()));
        }
    }
    let names = ["amounts.awarded", "amounts.paid", "amounts.unpaid"];
    for (slot, found) in best.into_iter().enumerate() {
        let Some((yuan, span, rule)) = found else {
            continue;
        };
        match slot {
            0 => rec.amounts.awarded = Some(yuan),
            1 => rec.amounts.paid = Some(yuan),
            _ => rec.amounts.unpaid = Some(yuan),
        }
        rec.field_evidence
            .insert(names[slot].into(), vec![d.evidence(rule, span)]);
    }
}

/// The amount a cue introduces: the first one after it in its clause within [`REACH`]; for
/// an `unpaid` cue with none after it, the amount right before it (…3万元未履行).
fn amount_for(d: &Doc, cue: Span, clause: Span, field: AmountField) -> Option<Amount> {
    let after = Span::new(cue.end, clause.end.max(cue.end));
    let found = find_amounts(d.slice(after))
        .into_iter()
        .map(|a| shift(a, after.start))
        .find(|a| a.span.start - cue.end <= REACH);
    if found.is_some() || field != AmountField::Unpaid {
        return found;
    }
    let before = Span::new(clause.start.min(cue.start), cue.start);
    find_amounts(d.slice(before))
        .into_iter()
        .next_back()
        .map(|a| shift(a, before.start))
        .filter(|a| cue.start - a.span.end <= 6)
}

fn shift(mut a: Amount, by: usize) -> Amount {
    a.span = Span::new(a.span.start + by, a.span.end + by);
    a
}
