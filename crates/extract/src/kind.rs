//! What kind of document this is: from the title, then the case-number type code, then the
//! container's metadata — in that order of trust (a 民事裁定书 in a 民初 case is a ruling,
//! not a judgment, whatever the case number says). A document copied without its head (a
//! body cut out of a web page) is judged last by its content: the first party role and
//! whether it has a result section.

use jiuzhu_core::{CaseNumber, Evidence, Hints, Kind, Role};
use jiuzhu_dict::{Dictionaries, Entry};
use jiuzhu_text::{SectionKind, Sectioner, Span};

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
pub(crate) fn detect(
    text: &str,
    hints: &Hints,
    dicts: &Dictionaries,
    sectioner: &Sectioner,
) -> Found {
    let head = &text[..head_end(text)];
    if let Some((kind, span, rule)) = title_in(head, dicts) {
        return Found {
            kind,
            title: Some(span),
            decided_by: Some((rule, span)),
            hint: None,
        };
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
    // The document's own number precedes its parties; a number after them is one the body
    // cites (依据（2017）云2323行审22号行政裁定书 in a headless enforcement ruling).
    if let Some((range, case)) = CaseNumber::find_all(head).into_iter().next()
        && range.start < first_party(head, dicts)
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
    for hint in [hints.case_number.as_deref(), hints.case_type.as_deref()]
        .into_iter()
        .flatten()
    {
        if let Some(kind) = kind_of_hint(hint, dicts) {
            return Found {
                kind,
                title: None,
                decided_by: None,
                hint: Some(format!("metadata: {hint}")),
            };
        }
    }
    if let Some((kind, span)) = from_content(text, dicts, sectioner) {
        return Found {
            kind,
            title: None,
            decided_by: Some(("kind:content".into(), span)),
            hint: None,
        };
    }
    Found {
        kind: Kind::Other,
        title: None,
        decided_by: None,
        hint: None,
    }
}

/// The kind of a headless document from its content: the first party role in its opening
/// (申请执行人 → an enforcement ruling; 被告人 → a criminal judgment when it has a result
/// section, else an indictment; 原告 with a result → a civil judgment). The span is the role
/// word, for evidence.
fn from_content(text: &str, dicts: &Dictionaries, sectioner: &Sectioner) -> Option<(Kind, Span)> {
    let head = &text[..head_end(text)];
    let (role, hit) = dicts
        .roles()
        .find_iter(head)
        .find_map(|h| h.entry.role.role().map(|r| (r, h)))?;
    let has_result = || {
        sectioner
            .section(text, None)
            .get(SectionKind::Result)
            .is_some()
    };
    let kind = match role {
        Role::Applicant | Role::Respondent => Kind::EnforcementRuling,
        Role::Accused if has_result() => Kind::CriminalJudgment,
        Role::Accused => Kind::Indictment,
        Role::Plaintiff | Role::Defendant if has_result() => Kind::CivilJudgment,
        _ => return None,
    };
    Some((kind, Span::new(hit.start, hit.end)))
}

/// The title in the head: a title phrase before the first case number, or where the head
/// has none, before the first party (a title cited in the body — 依据…行政裁定书,
/// 财产报告令 — is not this document's). Where the head holds several (a publisher's
/// case-name line such as 李小华交通肇事一审刑事判决书 before the court's own 刑事判决书), the
/// one standing on a line of its own is the court's, else the last.
fn title_in(head: &str, dicts: &Dictionaries) -> Option<(Kind, Span, String)> {
    let first_party = first_party(head, dicts);
    let first_case = CaseNumber::find_all(head)
        .first()
        .map_or(head.len(), |(r, _)| r.start);
    let own_line = |s: usize, e: usize| {
        let before = head[..s].chars().next_back();
        let after = head[e..].chars().next();
        before.is_none_or(|c| c == '\n') && after.is_none_or(|c| c == '\n')
    };
    // A title on a line of its own before the parties is the document's (web pages put a
    // line with the case number and file name above the court: 〔2023〕浙0382刑初109号刑事判决书);
    // one inside a line counts only before the first case number and the first party, or it
    // may be a document the body cites.
    let hits: Vec<_> = dicts
        .titles()
        .find_iter(head)
        .filter(|h| h.start < first_party)
        .filter(|h| own_line(h.start, h.end) || h.start < first_case.max(1))
        .collect();
    let best = hits
        .iter()
        .find(|h| own_line(h.start, h.end))
        .or_else(|| hits.last())?;
    Some((
        best.entry.kind,
        Span::new(best.start, best.end),
        best.rule(),
    ))
}

/// Where the first party role word (被告人, 申请执行人 …) stands in the head, or its end.
fn first_party(head: &str, dicts: &Dictionaries) -> usize {
    dicts
        .roles()
        .find_iter(head)
        .find(|h| h.entry.role.role().is_some())
        .map_or(head.len(), |h| h.start)
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
