//! The worst injury a document reports, and the disability grade (伤残等级).
//!
//! Read from the findings — facts and reasoning, or the whole text before the result where
//! the document did not section — skipping what only looks like an injury: negated phrases
//! (尚不构成轻微伤), statute quotations (致人重伤、死亡的，处…), hypotheticals and prior
//! convictions, and heads of damages (死亡赔偿金, a shadow entry in injury.toml). A 伤残等级
//! counts as `serious` only when the document gives no forensic grade (DESIGN.md §4).

use jiuzhu_core::{DocRecord, Injury};
use jiuzhu_dict::ContextKind;
use jiuzhu_text::{SectionKind, Span, containing};

use crate::doc::Doc;

/// Sections whose injuries are this case's findings (or claims that restate them).
const READ_IN: [SectionKind; 3] = [
    SectionKind::Facts,
    SectionKind::Reasoning,
    SectionKind::Procedure,
];
/// Sections never read: orders, signatures, statute appendices.
const SKIP: [SectionKind; 3] = [
    SectionKind::Result,
    SectionKind::Tail,
    SectionKind::Appendix,
];

/// Fills `injury` and `disability_grade`, with evidence.
pub(crate) fn read(d: &Doc, rec: &mut DocRecord) {
    let clean = d.sections.is_clean();
    let sents = d.sentences();
    let scan = d.negation();
    let mut forensic: Option<(Injury, Span, String)> = None;
    let mut disability: Option<(u8, Span, String)> = None;
    for hit in d.dicts.injuries().hits(d.scan()) {
        if hit.entry.injury == Injury::Unknown {
            continue;
        }
        let in_scope = if clean {
            d.in_sections(hit.start, &READ_IN)
        } else {
            !d.in_sections(hit.start, &SKIP)
        };
        if !in_scope || scan.cue_for(hit.span()).is_some() {
            continue;
        }
        let sentence = containing(sents, hit.start).unwrap_or(Span::new(hit.start, hit.end));
        if matches!(
            d.voice_at(sentence.start, hit.start),
            Some(ContextKind::Statute | ContextKind::Conditional | ContextKind::Prior)
        ) {
            continue;
        }
        let span = Span::new(hit.start, hit.end);
        if let Some(grade) = hit.entry.disability_grade {
            if disability.as_ref().is_none_or(|(g, _, _)| grade < *g) {
                disability = Some((grade, span, hit.rule()));
            }
        } else if forensic
            .as_ref()
            .is_none_or(|(i, _, _)| hit.entry.injury.severity() > i.severity())
        {
            forensic = Some((hit.entry.injury, span, hit.rule()));
        }
    }
    let mut evidence = Vec::new();
    match (&forensic, &disability) {
        (Some((injury, span, rule)), _) => {
            rec.injury = *injury;
            evidence.push(d.evidence(rule.clone(), *span));
        }
        (None, Some((_, span, rule))) => {
            rec.injury = Injury::Serious;
            evidence.push(d.evidence(rule.clone(), *span));
        }
        (None, None) => {}
    }
    if let Some((grade, span, rule)) = disability {
        rec.disability_grade = Some(grade);
        rec.field_evidence
            .insert("disability_grade".into(), vec![d.evidence(rule, span)]);
    }
    if !evidence.is_empty() {
        rec.field_evidence.insert("injury".into(), evidence);
    }
}
