//! The head and tail fields: the document's own case number, the issuing court or
//! procuratorate, and the date it was signed.

use jiuzhu_core::{CaseCategory, CaseNumber, DocRecord, Evidence, Kind};
use jiuzhu_text::{SectionKind, Span, find_dates, parse_date};

use crate::doc::Doc;
use crate::kind::head_end;

/// Fills `case_number`, `court` and `date` of `rec`.
pub(crate) fn read(d: &Doc, title: Option<Span>, rec: &mut DocRecord) {
    case_number(d, title, rec);
    court(d, title, rec);
    date(d, rec);
}

/// The document's own number is the first in its head. Documents without a head (a body
/// copied out of a page) state it in the operative part (本院…作出的（2023）桂1031执386号…);
/// the container's metadata comes last.
fn case_number(d: &Doc, title: Option<Span>, rec: &mut DocRecord) {
    if title.is_none()
        && d.kind == Kind::EnforcementRuling
        && let Some((span, case)) = own_enforcement_number(d)
    {
        rec.case_number = Some(case.to_string());
        rec.field_evidence.insert(
            "case_number".into(),
            vec![d.evidence("case_number:result", span)],
        );
        return;
    }
    let head = &d.text[..head_end(d.text)];
    let parties_start = d
        .section(SectionKind::Parties)
        .map_or(head.len(), |s| s.start.min(head.len()));
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

/// A headless enforcement ruling names its own case in the result (终结(2023)桂1031执386号的
/// 执行): the first enforcement number there, else anywhere in the text.
fn own_enforcement_number(d: &Doc) -> Option<(Span, CaseNumber)> {
    let areas = d
        .section(SectionKind::Result)
        .into_iter()
        .chain([d.whole()]);
    areas.into_iter().find_map(|area| {
        CaseNumber::find_all(d.slice(area))
            .into_iter()
            .find(|(_, c)| c.category() == CaseCategory::Enforcement)
            .map(|(r, c)| (Span::new(area.start + r.start, area.start + r.end), c))
    })
}

/// The court is the head's name of an issuing body (…人民法院, …人民检察院) before the
/// title: the run of Chinese characters ending in the issuer word, cut where a case-name line
/// or another title ends (李小华交通肇事一审刑事判决书广东省东莞市第二人民法院). Documents
/// without a head sometimes sign with the court's name on a line of its own in the tail.
fn court(d: &Doc, title: Option<Span>, rec: &mut DocRecord) {
    let head_end = title.map_or_else(|| first_party(d).min(head_end(d.text)), |t| t.start);
    let head = Span::new(0, head_end);
    let tail = d.section(SectionKind::Tail);
    let found = issuer_in(d, head, false).or_else(|| tail.and_then(|t| issuer_in(d, t, true)));
    if let Some(span) = found {
        rec.court = Some(d.slice(span).to_string());
        rec.field_evidence
            .insert("court".into(), vec![d.evidence("court:head", span)]);
        return;
    }
    if let Some(hint) = d.hints.court.as_deref() {
        rec.court = Some(hint.to_string());
        rec.field_evidence.insert(
            "court".into(),
            vec![Evidence::new("court:hint", 0, 0, hint)],
        );
    }
}

/// The last issuer name in `area`; with `own_line`, only one that fills its line.
fn issuer_in(d: &Doc, area: Span, own_line: bool) -> Option<Span> {
    let text = d.slice(area);
    // Cut points: a title or a role word just before the name (公诉机关浙江省乐清市人民检察院).
    let cuts: Vec<usize> = d
        .dicts
        .titles()
        .find_iter(text)
        .map(|h| h.end)
        .chain(d.dicts.roles().find_iter(text).map(|h| h.end))
        .collect();
    d.dicts
        .orgs()
        .find_iter(text)
        .filter(|h| h.entry.head.id == ISSUER_ENTRY)
        .filter_map(|h| {
            let mut start = h.start;
            for (i, c) in text[..h.start].char_indices().rev() {
                if !is_name_char(c) || cuts.contains(&(i + c.len_utf8())) {
                    break;
                }
                start = i;
            }
            let name = &text[start..h.end];
            let chars = name.chars().count();
            if !(4..=MAX_COURT_CHARS).contains(&chars) {
                return None;
            }
            let line_ok = !own_line
                || (text[..start].ends_with('\n') || start == 0)
                    && text[h.end..].chars().next().is_none_or(|c| c == '\n');
            line_ok.then(|| Span::new(area.start + start, area.start + h.end))
        })
        .last()
}

/// Characters a court's name is written in: Chinese characters, and brackets for the rare
/// 乌鲁木齐铁路运输中级法院(…) forms.
fn is_name_char(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || matches!(c, '(' | ')')
}

/// The longest court name (新疆维吾尔自治区高级人民法院生产建设兵团分院 is 20).
const MAX_COURT_CHARS: usize = 24;

/// Where the first party role word stands in the head (or the head's end): a headless
/// document's court, if any, comes before it.
fn first_party(d: &Doc) -> usize {
    let head = &d.text[..head_end(d.text)];
    d.dicts
        .roles()
        .find_iter(head)
        .find(|h| h.entry.role.role().is_some())
        .map_or(head.len(), |h| h.start)
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
            .rev()
            .find_map(|m| m.value.date().map(|date| (m.span, date)));
        if let Some((span, date)) = found {
            rec.date = Some(date);
            let span = Span::new(area.start + span.start, area.start + span.end);
            rec.field_evidence
                .insert("date".into(), vec![d.evidence("date:tail", span)]);
            return;
        }
    }
    if let Some(hint) = d.hints.date.as_deref()
        && let Some(date) = parse_date(hint).and_then(|v| v.date())
    {
        rec.date = Some(date);
        rec.field_evidence
            .insert("date".into(), vec![Evidence::new("date:hint", 0, 0, hint)]);
    }
}

/// How far from the end a signing date may stand when no tail section was found.
const TAIL_BYTES: usize = 300;
