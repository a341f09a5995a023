//! Charges (罪名) and the civil cause (案由).
//!
//! A charge counts where the text names it as this case's: 犯X罪, 以X罪, 涉嫌X罪, 构成X罪 —
//! in every one of them the full name ending in 罪 is written, so the reader takes charge
//! phrases ending in 罪 and ignores bare aliases (交通肇事 in a case-name line, 故意伤害 in a
//! description of facts). The party section, where prior convictions stand
//! (曾因犯盗窃罪被判处…), is skipped, and so is any sentence a `prior` context cue marks.
//! Charges keep the order of their first appearance.

use jiuzhu_core::{DocRecord, Kind};
use jiuzhu_dict::ContextKind;
use jiuzhu_text::{SectionKind, Span, containing, sentences};

use crate::doc::Doc;

/// Fills `charges` (criminal documents) and `cause` (civil judgments and enforcement rulings).
pub(crate) fn read(d: &Doc, rec: &mut DocRecord) {
    if matches!(d.kind, Kind::Indictment | Kind::ArrestReview | Kind::CriminalJudgment) {
        charges(d, rec);
    }
    if matches!(d.kind, Kind::CivilJudgment | Kind::EnforcementRuling) {
        cause(d, rec);
    }
}

fn charges(d: &Doc, rec: &mut DocRecord) {
    let parties = d.section(SectionKind::Parties);
    let sents = sentences(d.text);
    let mut found: Vec<String> = Vec::new();
    let mut evidence = Vec::new();
    for hit in d.dicts.charges().find_iter(d.text) {
        if !hit.text(d.text).ends_with('罪') && !d.text[hit.end..].starts_with('罪') {
            continue;
        }
        if parties.is_some_and(|p| p.start <= hit.start && hit.start < p.end) {
            continue;
        }
        let sentence = containing(&sents, hit.start).unwrap_or(Span::new(hit.start, hit.end));
        let prior = d
            .dicts
            .context()
            .find_iter(d.slice(Span::new(sentence.start, hit.start)))
            .any(|c| c.entry.kind == ContextKind::Prior);
        if prior {
            continue;
        }
        let name = hit.entry.head.phrase.clone();
        if !found.contains(&name) {
            evidence.push(d.evidence(hit.rule(), Span::new(hit.start, hit.end)));
            found.push(name);
        }
    }
    rec.charges = found;
    if !evidence.is_empty() {
        rec.field_evidence.insert("charges".into(), evidence);
    }
}

/// The first 案由 the document names; else the container's.
fn cause(d: &Doc, rec: &mut DocRecord) {
    if let Some(hit) = d.dicts.causes().find(d.text) {
        rec.cause = Some(hit.entry.head.phrase.clone());
        rec.field_evidence
            .insert("cause".into(), vec![d.evidence(hit.rule(), Span::new(hit.start, hit.end))]);
        return;
    }
    if let Some(hint) = d.hints.cause.as_deref()
        && let Some(entry) = d.dicts.causes().lookup(hint)
    {
        rec.cause = Some(entry.head.phrase.clone());
        rec.field_evidence.insert(
            "cause".into(),
            vec![jiuzhu_core::Evidence::new("cause:hint", 0, 0, hint)],
        );
    }
}
