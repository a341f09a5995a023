//! What kind of document this is: from the title, then the case-number type code, then the
//! container's metadata — in that order of trust (a 民事裁定书 in a 民初 case is a ruling,
//! not a judgment, whatever the case number says).

use jiuzhu_core::{CaseNumber, Evidence, Hints, Kind};
use jiuzhu_dict::{Dictionaries, Entry};
use jiuzhu_text::Span;

use crate::doc::Doc;

/// How far into the text the head (court, title, case number) may reach, in bytes. Published
/// documents put a case-name line and the court before the title; 600 bytes is about 200
/// characters, well past every head in the real corpus and short of the parties' prior
/// convictions, whose 刑事判决书 must not be taken for the title.
pub(crate) const HEAD_BYTES: usize = 600;

/// The kind and what decided it.
pub(crate) struct Found {
    pub kind: Kind,
    /// The title as written, when a title decided.
    pub title: Option<Span>,
    /// The rule that decided and the span it matched (`None` when nothing did).
    decided_by: Option<(String, Span)>,
    /// A metadata hint decided; its text for the evidence.
    hint: Option<String>,
}

impl Found {
    /// Evidence for the kind field.
    pub fn evidence(&self, d: &Doc) -> Option<Evidence> {
        match (&self.decided_by, &self.hint) {
            (Some((rule, span)), _) => Some(d.evidence(rule.clone(), *span)),
            (None, Some(hint)) => Some(Evidence::new("kind:hint", 0, 0, hint.clone())),
            (None, None) => None,
        }
    }
}

/// The end of the head window: `HEAD_BYTES` rounded down to a character boundary.
pub(crate) fn head_end(text: &str) -> usize {
    let mut end = text.len().min(HEAD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Decides the kind of the document whose normalised text is `text`.
pub(crate) fn detect(text: &str, hints: &Hints, dicts: &Dictionaries) -> Found {
    let head = &text[..head_end(text)];
    if let Some((kind, span, rule)) = title_in(head, dicts) {
        return Found { kind, title: Some(span), decided_by: Some((rule, span)), hint: None };
    }
    if let Some(title) = hints.title.as_deref()
        && let Some(hit) = dicts.titles().find(title)
    {
        return Found {
            kind: hit.entry.kind,
            title: None,
            decided_by: None,
            hint: Some(format!("title hint: {title}")),
        };
    }
    if let Some((range, case)) = CaseNumber::find_all(head).into_iter().next()
        && let Some(entry) = dicts.case_codes().lookup(case.type_code())
    {
        let span = Span::new(range.start, range.end);
        return Found {
            kind: entry.kind,
            title: None,
            decided_by: Some((entry.rule(), span)),
            hint: None,
        };
    }
    for hint in [hints.case_number.as_deref(), hints.case_type.as_deref()].into_iter().flatten() {
        if let Some(kind) = kind_of_hint(hint, dicts) {
            return Found {
                kind,
                title: None,
                decided_by: None,
                hint: Some(format!("metadata: {hint}")),
            };
        }
    }
    Found { kind: Kind::Other, title: None, decided_by: None, hint: None }
}

/// The title in the head. Where the head holds several (a publisher's case-name line such as
/// 李小华交通肇事一审刑事判决书 before the court's own 刑事判决书), the one standing on a line
/// of its own is the court's, else the last one before the case number.
fn title_in(head: &str, dicts: &Dictionaries) -> Option<(Kind, Span, String)> {
    let first_case = CaseNumber::find_all(head).first().map_or(head.len(), |(r, _)| r.start);
    let hits: Vec<_> = dicts.titles().find_iter(head).filter(|h| h.start < first_case.max(1)).collect();
    let hits = if hits.is_empty() { dicts.titles().find_iter(head).take(1).collect() } else { hits };
    let own_line = |s: usize, e: usize| {
        let before = head[..s].chars().next_back();
        let after = head[e..].chars().next();
        before.is_none_or(|c| c == '\n') && after.is_none_or(|c| c == '\n')
    };
    let best = hits
        .iter()
        .find(|h| own_line(h.start, h.end))
        .or_else(|| hits.last())?;
    Some((best.entry.kind, Span::new(best.start, best.end), best.rule()))
}

/// A kind from a metadata value: a case number's type code, or a title or case-type phrase.
fn kind_of_hint(hint: &str, dicts: &Dictionaries) -> Option<Kind> {
    if let Ok(case) = hint.parse::<CaseNumber>()
        && let Some(entry) = dicts.case_codes().lookup(case.type_code())
    {
        return Some(entry.kind);
    }
    dicts.titles().find(hint).map(|h| h.entry.kind)
}
