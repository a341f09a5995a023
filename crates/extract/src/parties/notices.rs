//! Enforcement documents that name their parties in a sentence rather than a party list:
//! a 结案通知书 addressed to the applicant (`施德福：` … `你申请执行钱立新、中国人寿…一案`)
//! and `X申请执行Y…一案` (`牟定县卫生和计划生育局申请执行李某某1行政非诉一案`).

use jiuzhu_core::{Kind, Role};
use jiuzhu_text::Span;

use super::Book;
use super::names::{self, Known, Mode, NameRead};
use super::words::{self, List};
use crate::doc::Doc;

/// How far into the document the addressee line may be, in bytes.
const ADDRESSEE_REACH: usize = 600;

pub(super) fn read(d: &Doc, book: &mut Book) {
    if d.kind != Kind::EnforcementRuling {
        return;
    }
    let text = d.text;
    let addressees = addressees(d, &book.known());
    for hit in d.dicts.parties(List::Apply).find_iter(text) {
        let (at, after) = (hit.start, hit.end);
        // 申请执行人 is a role word; 向本院申请执行 has its subject further back.
        let window = &text[at..names::floor(text, at + 30)];
        if d.dicts.roles().find(window).is_some_and(|r| r.start == 0) {
            continue;
        }
        let before = &text[..at];
        let subjects: Vec<NameRead> = if words::suffix(d, List::Addressee, before).is_some() {
            addressees.clone()
        } else {
            subject_before(d, at, &book.known()).into_iter().collect()
        };
        if subjects.is_empty() {
            continue;
        }
        // The construction vouches for the names after it as an enumeration does (申请执行
        // 王国、冯然松赡养费纠纷一案, 申请执行陶金刑事附带民事赔偿一案): they are read as
        // items, which may be words (王国) or open with a clause word (向银辉).
        let objects = names::read_names_at(d, after, Mode::Item, &book.known());
        let span = Span::new(
            subjects[0].span.start.min(at),
            objects.last().map_or(after, |n| n.span.end),
        );
        let rule = hit.rule();
        add(d, book, &subjects, Role::Applicant, &rule, span);
        add(d, book, &objects, Role::Respondent, &rule, span);
    }
}

fn add(d: &Doc, book: &mut Book, names: &[NameRead], role: Role, rule: &str, span: Span) {
    for n in names {
        let i = match book.find(&n.name) {
            Some(i) => i,
            None if !book.is_listed_role(role) => book.get_or_add(d, n, n.span.start),
            None => continue,
        };
        book.add_role(i, role);
        book.add_evidence(i, d.evidence(rule, span));
    }
}

/// The names a notice is addressed to: `施德福：` on the line after the case number, or
/// `李**、安亚君：` right after it in a flattened text.
fn addressees(d: &Doc, known: &Known) -> Vec<NameRead> {
    let text = d.text;
    let reach = names::floor(text, ADDRESSEE_REACH.min(text.len()));
    for (colon, _) in text[..reach].match_indices('：') {
        let line_start = text[..colon].rfind(['\n', '号']).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
        let found = names::read_names_at(d, line_start, Mode::Entry, known);
        if found
            .last()
            .is_some_and(|n| names::end_with_aside(n) == colon)
        {
            return found;
        }
    }
    Vec::new()
}

/// The applicant right before `申请执行`: a name after a clause boundary or an
/// `apply_opener` (关于).
fn subject_before(d: &Doc, at: usize, known: &Known) -> Option<NameRead> {
    let text = d.text;
    let lo = names::floor(text, at.saturating_sub(120));
    let mut starts: Vec<usize> = text[lo..at]
        .char_indices()
        .filter(|&(_, c)| names::is_delimiter(c))
        .map(|(i, c)| lo + i + c.len_utf8())
        .collect();
    for o in words::phrases(d, List::ApplyOpener) {
        starts.extend(text[lo..at].match_indices(o).map(|(i, _)| lo + i + o.len()));
    }
    if lo == 0 {
        starts.push(0);
    }
    starts.sort_unstable();
    starts.into_iter().rev().find_map(|s| {
        let n = names::read_name_before(d, s, at, Mode::Mention, known)?;
        (n.span.start == s && n.span.end == at).then_some(n)
    })
}
