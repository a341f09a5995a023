//! Relatives (近亲属) of a victim: the people who claim and receive aid when the victim died.
//!
//! - a relation clause of a party entry or after a name: 系被害人吴志坚之妻, 系受害人陈家添妻子,
//!   (系被害人之妻), 原告徐彩凤系其妻子 (其: the victim named last before it);
//! - a kinship word after the victim: 周开鑫的近亲属周春营、赵玉芳, 死者X之妻Y, 被害人的父亲Y;
//! - the role words of `roles.toml` (被害人近亲属Y, 死者家属Y), read as mentions already;
//! - the 法定代理人 of a victim who died (被害人的法定代理人蒙某2、陆进华): a child's
//!   parents, who claim as the child's heirs.
//!
//! A kinship clause about anyone but a victim (田丽琴(系张军之妻)) makes no relative.

use jiuzhu_core::{Injury, Role};
use jiuzhu_dict::{RelationKind, RoleTarget};
use jiuzhu_text::Span;

use super::Book;
use super::entries::RoleHit;
use super::names::{self, Known, Mode};
use crate::doc::Doc;

/// Who a relation clause points at.
#[derive(Debug, Clone, PartialEq)]
enum Referent {
    /// A name (系死者吴志坚之妻, 系应国强的妻子).
    Named(String),
    /// The victim, unnamed (系被害人之妻).
    Victim,
    /// 其: the victim named last before the clause.
    Pronoun,
}

/// A relation clause read: who, the kinship word as written, its rule and span.
struct Clause {
    referent: Referent,
    kin: String,
    rule: String,
    span: Span,
}

pub(super) fn read(d: &Doc, hits: &[RoleHit], book: &mut Book) {
    let text = d.text;
    // The relatives of the record are those of a victim who died (DESIGN.md §2): a living
    // victim's son who called the police is a witness.
    if !reports_death(d) {
        return;
    }
    // Relation clauses read with party entries and asides.
    for i in 0..book.drafts.len() {
        if let Some(span) = book.drafts[i].relation {
            if let Some(c) = clause_at(d, span.start, span.end, &book.known()) {
                apply(d, book, i, &c);
            }
        }
    }
    // 原告徐彩凤系其妻子: a known name right before 系.
    for (at, _) in text.match_indices('系') {
        let before = &text[..at];
        let subject = (0..book.drafts.len()).find(|&i| {
            let p = &book.drafts[i].person;
            !p.org && before.ends_with(p.name.as_str())
        });
        let Some(i) = subject else {
            continue;
        };
        let end = text[at..]
            .find(['，', '。', '；', '\n'])
            .map_or(text.len(), |k| at + k);
        if let Some(c) = clause_at(d, at, end, &book.known()) {
            apply(d, book, i, &c);
        }
    }
    kin_then_names(d, book);
    representatives_of_the_dead(d, hits, book);
    // 被害人近亲属Y: the victim is the document's only one, when it has only one.
    let victims = book.victims();
    if let [v] = victims[..] {
        let name = book.drafts[v].person.name.clone();
        for dr in &mut book.drafts {
            if dr.person.has_role(Role::Relative)
                && dr.person.relative_of.is_none()
                && dr.person.name != name
            {
                dr.person.relative_of = Some(name.clone());
            }
        }
    }
}

/// Reads a relation clause `系…` in `text[start..end]`.
fn clause_at(d: &Doc, start: usize, end: usize, known: &Known) -> Option<Clause> {
    let text = d.text;
    let s = &text[start..end];
    let mut pos;
    let mut referent = None;
    if let Some(m) = d
        .dicts
        .relations()
        .find(s)
        .filter(|h| h.start == 0 && h.entry.relation == RelationKind::Marker)
    {
        pos = start + m.end;
        referent = Some(Referent::Victim);
    } else if let Some(rest) = s.strip_prefix('系') {
        pos = start + '系'.len_utf8();
        if rest.starts_with('其') {
            pos += '其'.len_utf8();
            referent = Some(Referent::Pronoun);
        }
    } else {
        return None;
    }
    if referent != Some(Referent::Pronoun) {
        if let Some(n) = names::read_name_before(d, pos, end, Mode::Mention, known) {
            if n.org.is_none() {
                pos = n.span.end;
                referent = Some(Referent::Named(n.name));
            }
        }
    }
    let rest = &text[pos..end];
    let skip = if rest.starts_with('的') {
        '的'.len_utf8()
    } else {
        0
    };
    let kin = d
        .dicts
        .relations()
        .find(&rest[skip..])
        .filter(|h| h.start == 0 && h.entry.relation != RelationKind::Marker)?;
    let kin_start = pos + skip;
    Some(Clause {
        referent: referent?,
        kin: kin.phrase.to_string(),
        rule: kin.rule(),
        span: Span::new(start, kin_start + kin.end),
    })
}

/// Makes person `i` a relative when the clause points at a victim.
fn apply(d: &Doc, book: &mut Book, i: usize, c: &Clause) {
    let victim_name = |book: &Book, n: &str| {
        book.find(n)
            .filter(|&v| book.has_role(v, Role::Victim) && v != i)
    };
    let of = match &c.referent {
        Referent::Named(n) => match victim_name(book, n) {
            Some(v) => Some(book.drafts[v].person.name.clone()),
            None => return,
        },
        Referent::Victim => None,
        Referent::Pronoun => {
            let sentence_start = d.text[..c.span.start].rfind(['。', '\n']).unwrap_or(0);
            let window = &d.text[sentence_start..c.span.start];
            let last = book
                .victims()
                .into_iter()
                .filter(|&v| v != i)
                .filter_map(|v| {
                    window
                        .rfind(book.drafts[v].person.name.as_str())
                        .map(|at| (at, v))
                })
                .max();
            match last {
                Some((_, v)) => Some(book.drafts[v].person.name.clone()),
                None => return,
            }
        }
    };
    if book.drafts[i].person.org || book.has_role(i, Role::Accused) {
        return;
    }
    book.add_role(i, Role::Relative);
    let p = &mut book.drafts[i].person;
    if p.relative_of.is_none() {
        p.relative_of = of;
    }
    if p.relation.is_none() {
        p.relation = Some(c.kin.clone());
    }
    book.add_evidence(i, d.evidence(c.rule.clone(), c.span));
}

/// 周开鑫的近亲属周春营、赵玉芳, 死者X之妻Y, 被害人的父亲Y: a kinship word right after a
/// victim (named, or by a victim role word), then the relatives' names. Also a relative
/// speaking of their own family (杨某4证实：…是他与母亲王某2、弟弟杨某5…签订的): a kinship
/// word and a name, in a sentence that a known relative of the victim opens.
fn kin_then_names(d: &Doc, book: &mut Book) {
    let text = d.text;
    let victim_words = super::entries::victim_words(d);
    let kin_hits: Vec<_> = d
        .dicts
        .relations()
        .find_iter(text)
        .filter(|h| h.entry.relation != RelationKind::Marker)
        .collect();
    for h in &kin_hits {
        let before = &text[..h.start];
        let before = before.strip_suffix('的').unwrap_or(before);
        let named = book
            .victims()
            .into_iter()
            .find(|&v| before.ends_with(book.drafts[v].person.name.as_str()));
        let (of, relation) = match named {
            Some(v) => (
                Some(book.drafts[v].person.name.clone()),
                Some(h.phrase.to_string()),
            ),
            None if victim_words.iter().any(|w| before.ends_with(w)) => {
                (None, Some(h.phrase.to_string()))
            }
            // Kin of a relative: their relation to the victim is not stated.
            None if spoken_by_relative(d, book, h.start) => (None, None),
            None => continue,
        };
        let mut at = h.end;
        while let Some(n) = names::read_name_at(d, at, Mode::Mention, &book.known()) {
            if n.org.is_none() {
                let i = match book.find(&n.name) {
                    Some(i)
                        if book.has_role(i, Role::Accused) || book.has_role(i, Role::Victim) =>
                    {
                        None
                    }
                    Some(i) => Some(i),
                    None => Some(book.get_or_add(d, &n, n.span.start)),
                };
                if let Some(i) = i {
                    book.add_role(i, Role::Relative);
                    let p = &mut book.drafts[i].person;
                    if p.relative_of.is_none() {
                        p.relative_of = of.clone();
                    }
                    if p.relation.is_none() {
                        p.relation = relation.clone();
                    }
                    book.add_evidence(i, d.evidence(h.rule(), Span::new(h.start, n.span.end)));
                }
            }
            // The enumeration goes on: 、Y or 、弟弟Z.
            let after = names::end_with_aside(&n);
            let Some(sep) = names::separator_at(d, after) else {
                break;
            };
            at = after + sep;
            if let Some(k) = kin_hits.iter().find(|k| k.start == at) {
                at = k.end;
            }
        }
    }
}

/// Whether the sentence holding `pos` opens with a known relative of the victim.
fn spoken_by_relative(d: &Doc, book: &Book, pos: usize) -> bool {
    let text = d.text;
    let start = text[..pos].rfind(['。', '\n']).map_or(0, |i| {
        i + text[i..].chars().next().map_or(0, char::len_utf8)
    });
    let sentence = &text[start..pos];
    book.drafts.iter().any(|dr| {
        dr.person.has_role(Role::Relative)
            && sentence
                .trim_start_matches(['\n', ' '])
                .starts_with(dr.person.name.as_str())
    })
}

/// The 法定代理人 of a victim (被害人的法定代理人X) are relatives when the document reports a
/// death: they are the parents of a child who died and claim as heirs.
fn representatives_of_the_dead(d: &Doc, hits: &[RoleHit], book: &mut Book) {
    for hit in hits {
        if hit.target != RoleTarget::Party(Role::Representative) || !hit.of_victim {
            continue;
        }
        for n in names::read_names_at(d, hit.name_at, Mode::Mention, &book.known()) {
            if n.org.is_some() {
                continue;
            }
            let i = book.get_or_add(d, &n, n.span.start);
            if book.has_role(i, Role::Accused) || book.has_role(i, Role::Victim) {
                continue;
            }
            book.add_role(i, Role::Relative);
            book.add_evidence(
                i,
                d.evidence(hit.rule.clone(), Span::new(hit.span.start, n.span.end)),
            );
        }
    }
}

/// Whether the document reports a death (injury dictionary, `death` entries).
pub(super) fn reports_death(d: &Doc) -> bool {
    d.dicts
        .injuries()
        .hits(d.scan())
        .any(|h| h.entry.injury == Injury::Death)
}
