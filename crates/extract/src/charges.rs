//! Charges (罪名) and the civil cause (案由).
//!
//! A charge counts where the text names it as this case's: 犯X罪, 以X罪, 涉嫌X罪, 构成X罪 —
//! in every one of them the full name ending in 罪 is written, so the reader takes charge
//! phrases ending in 罪 and ignores bare aliases (交通肇事 in a case-name line, 故意伤害 in a
//! description of facts). Where it reads matters more than what: the procedure states what
//! the prosecution charged (起诉书指控被告人X犯Y罪), the result what the court convicted of,
//! and an indictment's or arrest review's reasoning what it charges (应当以Y罪追究) — while
//! the head's case-name line, the parties' prior convictions (曾因犯盗窃罪被判处…) and the
//! arguments of counsel (本案应定性为过失致人死亡罪) are not this case's charges. So the reader
//! takes those sections first, falls back to the facts, then to everything but the parties,
//! and drops any mention a `prior` context cue marks. Charges keep the order of their first
//! appearance.

use jiuzhu_core::{CaseCategory, CaseNumber, DocRecord, Kind};
use jiuzhu_dict::ContextKind;
use jiuzhu_text::{SectionKind, Span, containing};

use crate::doc::Doc;

/// Fills `charges` (criminal documents) and `cause` (civil judgments and enforcement rulings).
pub(crate) fn read(d: &Doc, rec: &mut DocRecord) {
    let criminal_number = rec
        .case_number
        .as_deref()
        .and_then(|c| c.parse::<CaseNumber>().ok())
        .is_some_and(|c| {
            matches!(
                c.category(),
                CaseCategory::Criminal | CaseCategory::Prosecution
            )
        });
    match d.kind {
        Kind::Indictment | Kind::ArrestReview => charges(d, &PROSECUTION_TIERS, rec),
        Kind::CriminalJudgment => charges(d, &JUDGMENT_TIERS, rec),
        // A criminal ruling (刑事裁定书) or a non-prosecution decision still names its charge.
        Kind::Other if criminal_number => charges(d, &JUDGMENT_TIERS, rec),
        _ => {}
    }
    if matches!(d.kind, Kind::CivilJudgment | Kind::EnforcementRuling) {
        cause(d, rec);
    }
}

/// Where a court's documents state charges, most trusted first; the first tier that names
/// any wins. A judgment's reasoning weighs the charges counsel argued for
/// (…与过失致人死亡罪的区别), so it is not read before the facts.
const JUDGMENT_TIERS: [&[SectionKind]; 3] = [
    &[SectionKind::Procedure, SectionKind::Result],
    &[SectionKind::Facts, SectionKind::Reasoning],
    ALL_BUT_PARTIES,
];

/// Where a procuratorate's documents state charges: its reasoning is its charge
/// (应当以故意伤害罪追究其刑事责任).
const PROSECUTION_TIERS: [&[SectionKind]; 3] = [
    &[
        SectionKind::Procedure,
        SectionKind::Reasoning,
        SectionKind::Result,
    ],
    &[SectionKind::Facts],
    ALL_BUT_PARTIES,
];

const ALL_BUT_PARTIES: &[SectionKind] = &[
    SectionKind::Procedure,
    SectionKind::Facts,
    SectionKind::Reasoning,
    SectionKind::Result,
    SectionKind::Tail,
];

fn charges(d: &Doc, tiers: &[&[SectionKind]; 3], rec: &mut DocRecord) {
    let sents = d.sentences();
    let hits: Vec<_> = d
        .dicts
        .charges()
        .hits(d.scan())
        .filter(|h| h.text(d.text).ends_with('罪') || d.text[h.end..].starts_with('罪'))
        .filter(|h| {
            let sentence = containing(sents, h.start).unwrap_or(Span::new(h.start, h.end));
            d.voice_at(sentence.start, h.start) != Some(ContextKind::Prior)
        })
        .collect();
    // A document that did not section (a body cut from a page, an unusual layout) is read
    // whole, the prior-conviction filter still applying.
    let tiers: Vec<Option<&[SectionKind]>> = if d.sections.is_clean() {
        tiers.iter().map(|t| Some(*t)).chain([None]).collect()
    } else {
        vec![None]
    };
    for tier in tiers {
        let mut found: Vec<String> = Vec::new();
        let mut evidence = Vec::new();
        for hit in hits
            .iter()
            .filter(|h| tier.is_none_or(|t| d.in_sections(h.start, t)))
        {
            let name = hit.entry.head.phrase.clone();
            if !found.contains(&name) {
                evidence.push(d.evidence(hit.rule(), Span::new(hit.start, hit.end)));
                found.push(name);
            }
        }
        if !found.is_empty() {
            rec.charges = found;
            rec.field_evidence.insert("charges".into(), evidence);
            return;
        }
    }
}

/// The first 案由 the document names; else the container's.
fn cause(d: &Doc, rec: &mut DocRecord) {
    if let Some(hit) = d.dicts.causes().hits(d.scan()).next() {
        rec.cause = Some(hit.entry.head.phrase.clone());
        rec.field_evidence.insert(
            "cause".into(),
            vec![d.evidence(hit.rule(), Span::new(hit.start, hit.end))],
        );
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
