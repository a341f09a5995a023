//! Role words: party entries (`被告人麻建华，男，1990年2月17日出生…`) and mentions in running
//! text (`被害人王某1、李某某`).

use jiuzhu_core::{Kind, Role};
use jiuzhu_dict::RoleTarget;
use jiuzhu_text::{SectionKind, Span};

use super::names::{self, Mode, NameRead, end_with_aside, is_delimiter};
use super::words::{self, List};
use super::{Book, fields};
use crate::doc::Doc;

/// One role word found in the text, resolved.
#[derive(Debug, Clone)]
pub(super) struct RoleHit {
    /// The role word, with its bracketed qualifier when the dictionary phrase includes one
    /// (上诉人(原审被告人)).
    pub span: Span,
    /// `role:<id>` of the dictionary entry.
    pub rule: String,
    pub target: RoleTarget,
    /// The roles it gives a person, after the qualifier and the document kind.
    pub roles: Vec<Role>,
    /// The roles of the role word alone, without a separate qualifier: what it gives the
    /// second and later names of an enumeration (被告(反诉原告)靳建慧、华安…公司: only 靳建慧
    /// counterclaims).
    pub own_roles: Vec<Role>,
    /// Rules of a separate qualifier (`原告(反诉被告)` → `role:反诉被告`).
    pub qualifier_rules: Vec<String>,
    /// Where the name starts (after qualifier and colon).
    pub name_at: usize,
    /// The phrase starts with a victim role word (被害人的法定代理人, 被害人近亲属).
    pub of_victim: bool,
}

/// Whether documents of `kind` are criminal (their 原告 is the incidental plaintiff).
pub(super) fn is_criminal(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Indictment | Kind::ArrestReview | Kind::CriminalJudgment
    )
}

/// The roles a mention in running text may give in a document of `kind`: a civil judgment
/// citing the related criminal case (被告人孙志鹏) does not make its defendant an accused.
fn mention_allowed(kind: Kind, role: Role) -> bool {
    use Role::*;
    match kind {
        Kind::Indictment | Kind::ArrestReview | Kind::CriminalJudgment => matches!(
            role,
            Victim | IncidentalPlaintiff | Accused | Defendant | Relative
        ),
        Kind::CivilJudgment => matches!(role, Victim | Plaintiff | Defendant | Relative),
        Kind::EnforcementRuling => matches!(role, Applicant | Respondent),
        Kind::Other => role != Representative,
    }
}

/// The phrases of `roles.toml` that name a victim (被害人, 受害人, 死者 …).
pub(super) fn victim_words<'d>(d: &Doc<'d>) -> Vec<&'d str> {
    d.dicts
        .roles()
        .entries()
        .filter(|e| e.role == RoleTarget::Party(Role::Victim))
        .flat_map(|e| e.head.phrases())
        .collect()
}

/// Every role word of the text, resolved.
pub(super) fn role_hits(d: &Doc) -> Vec<RoleHit> {
    let text = d.text;
    let victim_phrases = victim_words(d);
    let mut out = Vec::new();
    for h in d.dicts.roles().hits(d.scan()) {
        let cue_end = match h.entry.cue_chars {
            Some(n) => {
                h.start
                    + h.phrase
                        .char_indices()
                        .nth(n)
                        .map_or(h.phrase.len(), |(i, _)| i)
            }
            None => h.end,
        };
        let mut roles: Vec<Role> = h.entry.role.role().into_iter().collect();
        let own_roles = resolve(d, roles.clone());
        let mut qualifier_rules = Vec::new();
        let mut name_at = cue_end;
        if let Some(inner) =
            names::aside_at(text, cue_end).filter(|s| s.slice(text).chars().count() <= 20)
        {
            for q in d.dicts.roles().find_iter(inner.slice(text)) {
                // 原告(反诉被告): the qualifier's literal sense, the counterclaim's defendant.
                let role = match q.phrase.strip_prefix("反诉") {
                    Some(rest) => d.dicts.roles().lookup(rest).and_then(|e| e.role.role()),
                    None => q.entry.role.role(),
                };
                if let Some(r) = role {
                    roles.push(r);
                    qualifier_rules.push(q.rule());
                }
            }
            name_at = inner.end + 1;
        }
        out.push(RoleHit {
            span: Span::new(h.start, cue_end),
            rule: h.rule(),
            target: h.entry.role,
            roles: resolve(d, roles),
            own_roles,
            qualifier_rules,
            name_at,
            of_victim: victim_phrases
                .iter()
                .any(|p| h.phrase.len() > p.len() && h.phrase.starts_with(p)),
        });
    }
    out
}

/// Roles as the document kind reads them (原告 in a criminal case is the incidental
/// plaintiff), without representatives, each once.
fn resolve(d: &Doc, roles: Vec<Role>) -> Vec<Role> {
    let mut out: Vec<Role> = Vec::new();
    for r in roles {
        let r = match r {
            Role::Plaintiff if is_criminal(d.kind) => Role::IncidentalPlaintiff,
            other => other,
        };
        if r != Role::Representative && !out.contains(&r) {
            out.push(r);
        }
    }
    out
}

/// Whether the character before a role word makes it part of a phrase, not an entry's
/// opening (系被害人…, 与被告人…, 被害人之…; `entry_block` of parties.toml).
fn blocks_entry(d: &Doc, c: char) -> bool {
    c == '、' || words::has_char(d, List::EntryBlock, c)
}

/// A role word read with the names after it, and whether it opens a party entry.
struct Reading {
    names: Vec<NameRead>,
    entry: bool,
}

fn reading(d: &Doc, hit: &RoleHit) -> Reading {
    let text = d.text;
    let prev = text[..hit.span.start].chars().next_back();
    let at_start = prev.is_none_or(|c| matches!(c, '\n' | '。' | '；' | ' ' | ';'));
    let in_party_area = d.in_sections(hit.span.start, &[SectionKind::Head, SectionKind::Parties]);
    let may_open = at_start || (in_party_area && !prev.is_some_and(|c| blocks_entry(d, c)));
    let names = names::read_names_at(
        d,
        hit.name_at,
        if may_open { Mode::Entry } else { Mode::Mention },
        &[],
    );
    let followed = names.last().is_some_and(|n| {
        let end = end_with_aside(n);
        text[end..]
            .chars()
            .next()
            .is_none_or(|c| is_delimiter(c) && c != '、')
    });
    Reading {
        entry: may_open && followed && !names.is_empty(),
        names,
    }
}

/// Reads party entries and role mentions into `book`.
pub(super) fn read(d: &Doc, hits: &[RoleHit], book: &mut Book) {
    let readings: Vec<Reading> = hits.iter().map(|h| reading(d, h)).collect();
    let death = super::relatives::reports_death(d);
    // Entries first, so that mentions know which roles the party list has.
    for (k, hit) in hits.iter().enumerate() {
        if !readings[k].entry {
            continue;
        }
        let next_entry = (k + 1..hits.len())
            .find(|&j| readings[j].entry)
            .map_or(d.text.len(), |j| hits[j].span.start);
        read_entry(d, hit, &readings[k].names, next_entry, book);
    }
    for (k, hit) in hits.iter().enumerate() {
        if readings[k].entry || readings[k].names.is_empty() {
            continue;
        }
        // Read again knowing the party list's names, which the name boundary may cut short.
        let found = names::read_names_at(d, hit.name_at, Mode::Mention, &book.known());
        read_mention(d, hit, &found, death, book);
    }
}

/// Roles an entry gives: its own, or for a bare 上诉人 in a criminal case, the accused.
fn entry_roles(d: &Doc, hit: &RoleHit) -> Vec<Role> {
    if hit.roles.is_empty() && hit.target == RoleTarget::Unresolved && is_criminal(d.kind) {
        return vec![Role::Accused];
    }
    hit.roles.clone()
}

fn read_entry(d: &Doc, hit: &RoleHit, names: &[NameRead], next_entry: usize, book: &mut Book) {
    let roles = entry_roles(d, hit);
    if roles.is_empty() {
        return;
    }
    let text = d.text;
    let Some(last) = names.last() else {
        return;
    };
    let after = end_with_aside(last);
    let para_end = text[after..].find('\n').map_or(text.len(), |k| after + k);
    let seg_end = next_entry.min(para_end).max(after);
    // The entry's own fields run to the end of its first sentence; a list continued after
    // `；` (被害人近亲属：徐彩凤，女，…；应丽娜，女，…) names more people in the same role.
    let segment = Span::new(after, seg_end);
    let pieces: Vec<Span> = split_keep(text, segment, '；');
    let first_piece = pieces.first().copied().unwrap_or(segment);
    let own_end = first_piece
        .slice(text)
        .find('。')
        .map_or(first_piece.end, |k| first_piece.start + k);
    let single = names.len() == 1;
    for n in names {
        let i = book.get_or_add(d, n, hit.span.start);
        add_roles(d, hit, &roles, n, i, book, true);
        if let Some(aside) = n.aside {
            book.apply(d, i, fields::read(d, aside));
        }
        if single {
            book.apply(d, i, fields::read(d, Span::new(after, own_end)));
        }
    }
    for piece in pieces.iter().skip(1) {
        let Some(n) = names::read_name_at(d, piece.start, Mode::Entry, &[]) else {
            continue;
        };
        let rest = Span::new(end_with_aside(&n), piece.end);
        let rest_end = rest
            .slice(text)
            .find('。')
            .map_or(rest.end, |k| rest.start + k);
        let attrs = fields::read(d, Span::new(rest.start, rest_end));
        if attrs.gender.is_none() && attrs.birth.is_none() {
            continue;
        }
        let i = book.get_or_add(d, &n, piece.start);
        add_roles(d, hit, &roles, &n, i, book, true);
        book.apply(d, i, attrs);
    }
}

/// Splits `span` after each `sep`, keeping the pieces' spans (without the separator).
fn split_keep(text: &str, span: Span, sep: char) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    for (i, c) in span.slice(text).char_indices() {
        if c == sep {
            out.push(Span::new(start, span.start + i));
            start = span.start + i + c.len_utf8();
        }
    }
    out.push(Span::new(start, span.end));
    out
}

fn add_roles(
    d: &Doc,
    hit: &RoleHit,
    roles: &[Role],
    n: &NameRead,
    i: usize,
    book: &mut Book,
    listed: bool,
) {
    for &r in roles {
        book.add_role(i, r);
        if listed {
            book.mark_listed(i, r);
        }
    }
    let span = Span::new(hit.span.start.min(n.span.start), n.span.end);
    book.add_evidence(i, d.evidence(hit.rule.clone(), span));
    for q in &hit.qualifier_rules {
        book.add_evidence(i, d.evidence(q.clone(), hit.span));
    }
}

/// A mention adds its names to the persons when they are victims (or, where someone died,
/// their relatives), or when the party list lacks the role.
fn read_mention(d: &Doc, hit: &RoleHit, names: &[NameRead], death: bool, book: &mut Book) {
    if names.is_empty() {
        return;
    }
    let roles: Vec<Role> = hit
        .roles
        .iter()
        .copied()
        .filter(|&r| mention_allowed(d.kind, r))
        .collect();
    let unresolved = hit.target == RoleTarget::Unresolved;
    if roles.is_empty() && !unresolved {
        return;
    }
    // A civil 原告 is in the party list; a 原告张健康 elsewhere is a typo, not a new party.
    let always = roles.iter().any(|r| {
        matches!(r, Role::Victim | Role::IncidentalPlaintiff) || (*r == Role::Relative && death)
    });
    let new_role = roles.iter().any(|&r| !book.is_listed_role(r));
    let filed = if is_criminal(d.kind) && roles.contains(&Role::Victim) {
        names
            .last()
            .and_then(|n| files_civil_claim(d, end_with_aside(n)))
    } else {
        None
    };
    let own: Vec<Role> = roles
        .iter()
        .copied()
        .filter(|r| hit.own_roles.contains(r))
        .collect();
    for (k, n) in names.iter().enumerate() {
        let known = book.find(&n.name);
        let create = !roles.is_empty()
            && (if n.org.is_some() {
                new_role
            } else {
                always || new_role
            });
        let i = match known {
            Some(i) => i,
            None if create => book.get_or_add(d, n, n.span.start),
            None => continue,
        };
        add_roles(
            d,
            hit,
            if k == 0 { &roles } else { &own },
            n,
            i,
            book,
            false,
        );
        if let Some(rule) = &filed {
            book.add_role(i, Role::IncidentalPlaintiff);
            let end = names.last().map_or(n.span.end, end_with_aside);
            book.add_evidence(i, d.evidence(rule.clone(), Span::new(hit.span.start, end)));
        }
        if let Some(aside) = n.aside {
            book.apply(d, i, fields::read(d, aside));
        }
    }
}

/// Whether the clause after `pos` says the names before it filed an incidental civil claim
/// (被害人金某、刘某某均向本院提起刑事附带民事诉讼; `civil_claim` of parties.toml): the
/// phrase within a few characters (均, 向本院), with no clause break before it. Returns the
/// rule of the phrase.
fn files_civil_claim(d: &Doc, pos: usize) -> Option<String> {
    let window: String = d.text[pos..]
        .chars()
        .take_while(|&c| !is_delimiter(c))
        .take(24)
        .collect();
    d.dicts
        .parties(List::CivilClaim)
        .find_iter(&window)
        .find(|h| window[..h.start].chars().count() <= 8)
        .map(|h| h.rule())
}
