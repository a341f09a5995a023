//! The head and tail fields: the document's own case number, the issuing court or
//! procuratorate, and the date it was signed.

use jiuzhu_core::{CaseNumber, DocRecord, Evidence};
use jiuzhu_text::{SectionKind, Span, find_dates, parse_date};

use crate::doc::Doc;
use crate::kind::head_end;

/// Fills `case_number`, `court` and `date` of `rec`.
pub(crate) fn read(d: &Doc, title: Option<Span>, rec: &mut DocRecord) {
    case_number(d, rec);
    court(d, title, rec);
    date(d, rec);
}

/// The document's own number is the first in its head. Documents without a head (a body
/// copied out of a page) state it in the operative part (本院…作出的（2023）桂1031执386号…);
/// the container's metadata comes last.
fn case_number(d: &Doc, rec: &mut DocRecord) {
    let head = &d.text[..head_end(d.text)];
    let parties_start = d.section(SectionKind::Parties).map_or(head.len(), |s| s.start.min(head.len()));
    let found = CaseNumber::find_all(&head[..parties_start])
        .into_iter()
        .next()
        .or_else(|| CaseNumber::find_all(head).into_iter().next());
    if let Some((range, case)) = found {
        rec.case_number = Some(case.to_string());
        let ev = d.evidence("case_number:head", Span::new(range.start, range.end));
        rec.field_evidence.insert("case_number".into(), vec![ev]);
        return;
    }
    if let Some(hint) = d.hints.case_number.as_deref()
        && let Ok(case) = hint.parse::<CaseNumber>()
    {
        rec.case_number = Some(case.to_string());
        rec.field_evidence.insert(
            "case_number".into(),
            vec![Evidence::new("case_number:hint", 0, 0, hint)],
        );
    }
}

/// The court is the head line naming an issuing body (…人民法院, …人民检察院), before the
/// title; where court and title share a line (浙江省乐清市人民法院刑事判决书), the line up
/// to the title.
fn court(d: &Doc, title: Option<Span>, rec: &mut DocRecord) {
    let head_end = title.map_or_else(|| head_end(d.text), |t| t.start);
    let head = &d.text[..head_end];
    let issuer = d
        .dicts
        .orgs()
        .find_iter(head)
        .filter(|h| h.entry.head.id == ISSUER_ENTRY)
        .last();
    if let Some(hit) = issuer {
        let line_start = head[..hit.start]
            .rfind(|c: char| c == '\n' || c == ' ')
            .map_or(0, |i| i + 1);
        let span = Span::new(line_start, hit.end);
        let name = d.slice(span);
        if name.chars().count() >= 4 {
            rec.court = Some(name.to_string());
            rec.field_evidence.insert("court".into(), vec![d.evidence("court:head", span)]);
            return;
        }
    }
    if let Some(hint) = d.hints.court.as_deref() {
        rec.court = Some(hint.to_string());
        rec.field_evidence.insert("court".into(), vec![Evidence::new("court:hint", 0, 0, hint)]);
    }
}

/// The orgs.toml entry whose phrases name courts and procuratorates.
const ISSUER_ENTRY: &str = "人民法院";

/// The signing date: the last complete date in the tail (二〇二一年五月十一日), else the last
/// complete date of the document's final stretch, else the container's.
fn date(d: &Doc, rec: &mut DocRecord) {
    let tail = d.section(SectionKind::Tail);
    let last_stretch = {
        let mut start = d.text.len().saturating_sub(TAIL_BYTES);
        while !d.text.is_char_boundary(start) {
            start += 1;
        }
        Span::new(start, d.text.len())
    };
    for area in tail.into_iter().chain([last_stretch]) {
        let found = find_dates(d.slice(area))
            .into_iter()
            .filter_map(|m| m.value.date().map(|date| (m.span, date)))
            .last();
        if let Some((span, date)) = found {
            rec.date = Some(date);
            let span = Span::new(area.start + span.start, area.start + span.end);
            rec.field_evidence.insert("date".into(), vec![d.evidence("date:tail", span)]);
            return;
        }
    }
    if let Some(hint) = d.hints.date.as_deref()
        && let Some(date) = parse_date(hint).and_then(|v| v.date())
    {
        rec.date = Some(date);
        rec.field_evidence.insert("date".into(), vec![Evidence::new("date:hint", 0, 0, hint)]);
    }
}

/// How far from the end a signing date may stand when no tail section was found.
const TAIL_BYTES: usize = 300;
