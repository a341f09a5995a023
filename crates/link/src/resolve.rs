//! Entity resolution: which person mentions (natural persons in documents, roster rows) are
//! the same person. Runs once, before any set algebra, so every set is a set of entities and
//! `&`, `|`, `-` are plain set operations.
//!
//! The rules, in the order they apply (each merge records its level and a reason):
//!
//! 1. Equal valid ID numbers (15-digit numbers converted) → one entity (`id`, 身份证号一致).
//! 2. Case links (`case`): documents with the same case number are the same case, so their
//!    persons with equal normalised names (anonymised names included) merge (案号一致); an
//!    enforcement ruling's applicants merge with the victim side of the judgment its
//!    执行依据 names: by equal normalised name (anonymised included), or, when the judgment
//!    has exactly one victim-side person and the ruling one applicant, those two
//!    (执行依据案号一致).
//! 3. A group without a valid ID joins the unique group with an ID that has one of its
//!    (non-anonymised) names and no conflicting birth date or sex (`name_birth` when both
//!    birth dates are known, else `name`). Several candidates: ambiguous, not linked, reported.
//! 4. Remaining groups without an ID gather by name where birth date and sex do not conflict,
//!    most specific first (known birth date and sex, then birth date, then sex, then
//!    neither); a group compatible with several gatherings is ambiguous and stays alone.
//!
//! Anonymised names (张某, 李某某, 王×) never take part in rules 3 and 4. No rule ever merges
//! two different valid IDs, or a known birth date or sex with a different one: same name with
//! a different ID is two people.

use std::collections::{BTreeMap, BTreeSet};

use jiuzhu_core::name::{is_anonymized, normalize_name};
use jiuzhu_core::{CaseNumber, Date, DocRecord, Gender, IdNumber, Kind, LinkLevel, Role};

use crate::roster::Roster;

/// Where a mention comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MentionAt {
    Doc { doc: usize, person: usize },
    Roster { roster: usize, row: usize },
}

#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub at: MentionAt,
    pub name: String,
    pub anonymized: bool,
    pub id: Option<IdNumber>,
    pub birth: Option<Date>,
    pub sex: Option<Gender>,
}

/// One merge: two mentions joined, how, and why (for the reviewer).
#[derive(Debug, Clone)]
pub(crate) struct Edge {
    pub a: usize,
    pub b: usize,
    pub level: LinkLevel,
    pub reason: &'static str,
}

pub(crate) const REASON_ID: &str = "身份证号一致";
pub(crate) const REASON_NAME_BIRTH: &str = "姓名及出生日期一致";
pub(crate) const REASON_NAME: &str = "姓名一致";
pub(crate) const REASON_BASIS: &str = "执行依据案号一致";
pub(crate) const REASON_SAME_CASE: &str = "案号一致";

/// A person: mentions (sorted), the merges that joined them, and what they agree on.
#[derive(Debug, Clone)]
pub(crate) struct Entity {
    pub mentions: Vec<usize>,
    pub edges: Vec<usize>,
    pub id: Option<IdNumber>,
    pub birth: Option<Date>,
    pub sex: Option<Gender>,
    /// A name match had several candidates, so the entity was left unlinked.
    pub ambiguous: bool,
}

/// A name that could have linked to several people: a mention of the unlinked person and
/// one mention of each candidate (their entities say the rest).
#[derive(Debug, Clone)]
pub(crate) struct Ambiguity {
    pub mention: usize,
    pub candidates: Vec<usize>,
}

pub(crate) struct Resolution {
    pub mentions: Vec<Mention>,
    pub edges: Vec<Edge>,
    pub entities: Vec<Entity>,
    /// Entity of each mention.
    pub entity_of: Vec<usize>,
    /// Mention index of each (doc, person), when the person is a natural person.
    pub doc_mention: BTreeMap<(usize, usize), usize>,
    /// Mention index of each (roster, row index).
    pub roster_mention: BTreeMap<(usize, usize), usize>,
    pub ambiguities: Vec<Ambiguity>,
}

/// The identity of a case number: core's [`CaseNumber::key`] (brackets, digits, spaces,
/// 字/第 and the year's position do not matter), or, for a number core cannot parse, the text
/// with spaces removed and brackets and digits folded to ASCII.
pub(crate) fn case_key(s: &str) -> String {
    match CaseNumber::parse(s) {
        Ok(c) => c.key(),
        Err(_) => s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                '（' | '〔' | '［' | '[' | '【' | '﹝' => '(',
                '）' | '〕' | '］' | ']' | '】' | '﹞' => ')',
                '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                c => c,
            })
            .collect(),
    }
}

/// What a group of mentions knows about its person.
#[derive(Debug, Clone, Default)]
struct Profile {
    id: Option<IdNumber>,
    birth: Option<Date>,
    sex: Option<Gender>,
    /// Non-anonymised names.
    names: BTreeSet<String>,
    ambiguous: bool,
}

fn conflict<T: PartialEq>(a: &Option<T>, b: &Option<T>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x != y)
}

impl Profile {
    fn compatible(&self, o: &Profile) -> bool {
        !conflict(&self.id, &o.id)
            && !conflict(&self.birth, &o.birth)
            && !conflict(&self.sex, &o.sex)
    }

    fn absorb(&mut self, o: Profile) {
        self.id = self.id.or(o.id);
        self.birth = self.birth.or(o.birth);
        self.sex = self.sex.or(o.sex);
        self.names.extend(o.names);
        self.ambiguous |= o.ambiguous;
    }

    /// Most specific first: birth and sex known (0), birth (1), sex (2), neither (3).
    fn vagueness(&self) -> u8 {
        match (self.birth.is_some(), self.sex.is_some()) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        }
    }
}

struct Groups {
    parent: Vec<usize>,
    profile: Vec<Profile>,
    /// Members of each root (empty for non-roots); merged smaller into larger.
    members: Vec<Vec<usize>>,
    edges: Vec<Edge>,
}

impl Groups {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Merges the groups of `a` and `b` unless they conflict; returns whether they are one.
    fn union(&mut self, a: usize, b: usize, level: LinkLevel, reason: &'static str) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        if !self.profile[ra].compatible(&self.profile[rb]) {
            return false;
        }
        // The smaller index stays the root, so entity numbering follows mention order.
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        let moved = std::mem::take(&mut self.profile[child]);
        self.profile[root].absorb(moved);
        self.parent[child] = root;
        let mut small = std::mem::take(&mut self.members[child]);
        if small.len() > self.members[root].len() {
            std::mem::swap(&mut small, &mut self.members[root]);
        }
        self.members[root].extend(small);
        self.edges.push(Edge {
            a,
            b,
            level,
            reason,
        });
        true
    }
}

fn doc_mention(doc: usize, index: usize, rec: &DocRecord) -> Option<Mention> {
    let p = &rec.persons[index];
    if p.org {
        return None;
    }
    let name = normalize_name(&p.name);
    let id = p.id_number.as_deref().and_then(|s| IdNumber::parse(s).ok());
    Some(Mention {
        at: MentionAt::Doc { doc, person: index },
        anonymized: p.anonymized || is_anonymized(&name),
        birth: id.map(|i| i.birth_date()).or(p.birth_date),
        sex: id.map(|i| i.gender()).or(p.gender),
        id,
        name,
    })
}

pub(crate) fn resolve(records: &[DocRecord], rosters: &[Roster]) -> Resolution {
    let mut mentions = Vec::new();
    let mut doc_mentions = BTreeMap::new();
    let mut roster_mentions = BTreeMap::new();
    for (d, rec) in records.iter().enumerate() {
        for p in 0..rec.persons.len() {
            if let Some(m) = doc_mention(d, p, rec) {
                doc_mentions.insert((d, p), mentions.len());
                mentions.push(m);
            }
        }
    }
    for (r, roster) in rosters.iter().enumerate() {
        for (i, row) in roster.rows.iter().enumerate() {
            roster_mentions.insert((r, i), mentions.len());
            mentions.push(Mention {
                at: MentionAt::Roster { roster: r, row: i },
                anonymized: is_anonymized(&row.name),
                name: row.name.clone(),
                id: row.id_number,
                birth: row.birth_date,
                sex: row.sex,
            });
        }
    }
    let mut g = Groups {
        parent: (0..mentions.len()).collect(),
        profile: mentions
            .iter()
            .map(|m| Profile {
                id: m.id,
                birth: m.birth,
                sex: m.sex,
                names: if m.anonymized || m.name.is_empty() {
                    BTreeSet::new()
                } else {
                    BTreeSet::from([m.name.clone()])
                },
                ambiguous: false,
            })
            .collect(),
        members: (0..mentions.len()).map(|i| vec![i]).collect(),
        edges: Vec::new(),
    };

    // Rule 1: equal IDs.
    let mut by_id: BTreeMap<IdNumber, usize> = BTreeMap::new();
    for (i, m) in mentions.iter().enumerate() {
        if let Some(id) = m.id {
            match by_id.get(&id) {
                Some(&first) => {
                    g.union(first, i, LinkLevel::Id, REASON_ID);
                }
                None => {
                    by_id.insert(id, i);
                }
            }
        }
    }

    // Rule 2: case links.
    let mut by_case: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (d, rec) in records.iter().enumerate() {
        if let Some(cn) = rec.case_number.as_deref().filter(|c| !c.trim().is_empty()) {
            by_case.entry(case_key(cn)).or_default().push(d);
        }
    }
    let persons_of = |d: usize, pred: &dyn Fn(&jiuzhu_core::Person) -> bool| -> Vec<usize> {
        records[d]
            .persons
            .iter()
            .enumerate()
            .filter(|(_, p)| pred(p))
            .filter_map(|(i, _)| doc_mentions.get(&(d, i)).copied())
            .collect()
    };
    for docs in by_case.values().filter(|d| d.len() > 1) {
        let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for &d in docs {
            for m in persons_of(d, &|_| true) {
                if !mentions[m].name.is_empty() {
                    by_name
                        .entry(mentions[m].name.as_str())
                        .or_default()
                        .push(m);
                }
            }
        }
        for ms in by_name.values() {
            for &m in &ms[1..] {
                // Two persons of one document with the same name are not merged here.
                if !same_doc(&mentions[ms[0]], &mentions[m]) {
                    g.union(ms[0], m, LinkLevel::Case, REASON_SAME_CASE);
                }
            }
        }
    }
    for (d, rec) in records.iter().enumerate() {
        if rec.kind != Kind::EnforcementRuling {
            continue;
        }
        let Some(basis) = rec
            .enforcement
            .as_ref()
            .and_then(|e| e.basis_case_number.as_deref())
        else {
            continue;
        };
        let Some(judgments) = by_case.get(&case_key(basis)) else {
            continue;
        };
        let applicants = persons_of(d, &|p| p.has_role(Role::Applicant));
        let victims: Vec<usize> = judgments
            .iter()
            .filter(|&&j| records[j].kind != Kind::EnforcementRuling)
            .flat_map(|&j| persons_of(j, &|p| p.is_victim_side()))
            .collect();
        let victim_names: BTreeSet<&str> =
            victims.iter().map(|&v| mentions[v].name.as_str()).collect();
        for &a in &applicants {
            let same: Vec<usize> = victims
                .iter()
                .copied()
                .filter(|&v| !mentions[a].name.is_empty() && mentions[v].name == mentions[a].name)
                .collect();
            if !same.is_empty() {
                for v in same {
                    g.union(v, a, LinkLevel::Case, REASON_BASIS);
                }
            } else if applicants.len() == 1 && victim_names.len() == 1 {
                for &v in &victims {
                    g.union(v, a, LinkLevel::Case, REASON_BASIS);
                }
            }
        }
    }

    // Rule 3: a group without an ID joins the unique ID group with its name.
    let mut ambiguities = Vec::new();
    let mut id_groups_by_name: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    let roots: BTreeSet<usize> = (0..mentions.len()).map(|i| g.find(i)).collect();
    for &r in &roots {
        if g.profile[r].id.is_some() {
            for n in &g.profile[r].names {
                id_groups_by_name.entry(n.clone()).or_default().insert(r);
            }
        }
    }
    let no_id: Vec<usize> = roots
        .iter()
        .copied()
        .filter(|&r| g.profile[r].id.is_none())
        .collect();
    for r in no_id {
        let profile = g.profile[r].clone();
        let candidates: BTreeSet<usize> = profile
            .names
            .iter()
            .flat_map(|n| id_groups_by_name.get(n).into_iter().flatten())
            .map(|&c| g.find(c))
            .collect::<Vec<_>>()
            .into_iter()
            .filter(|&c| g.profile[c].compatible(&profile))
            .collect();
        match candidates.len() {
            0 => {}
            1 => {
                let c = *candidates.iter().next().unwrap_or(&r);
                let (a, b) = name_pair(&mut g, &mentions, r, c);
                let level = if profile.birth.is_some() {
                    LinkLevel::NameBirth
                } else {
                    LinkLevel::Name
                };
                let reason = if level == LinkLevel::NameBirth {
                    REASON_NAME_BIRTH
                } else {
                    REASON_NAME
                };
                g.union(a, b, level, reason);
            }
            _ => {
                g.profile[r].ambiguous = true;
                ambiguities.push((r, candidates.into_iter().collect::<Vec<_>>()));
            }
        }
    }

    // Rule 4: the rest gather by name.
    let mut by_name: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let roots: BTreeSet<usize> = (0..mentions.len()).map(|i| g.find(i)).collect();
    for &r in &roots {
        let p = &g.profile[r];
        if p.id.is_none() && !p.ambiguous {
            for n in &p.names {
                by_name.entry(n.clone()).or_default().push(r);
            }
        }
    }
    for (_, mut groups) in by_name {
        groups.sort_by_key(|&r| (g.profile[r].vagueness(), r));
        let mut gatherings: Vec<usize> = Vec::new();
        for r in groups {
            let r = g.find(r);
            if g.profile[r].ambiguous || gatherings.iter().any(|&x| g.find(x) == r) {
                continue;
            }
            let roots: Vec<usize> = gatherings.iter().map(|&x| g.find(x)).collect();
            let fits: BTreeSet<usize> = roots
                .into_iter()
                .filter(|&x| g.profile[x].compatible(&g.profile[r]))
                .collect();
            let mut fits = fits.into_iter();
            match (fits.next(), fits.next()) {
                (None, _) => gatherings.push(r),
                (Some(x), None) => {
                    let both_births = g.profile[x].birth.is_some() && g.profile[r].birth.is_some();
                    let (level, reason) = if both_births {
                        (LinkLevel::NameBirth, REASON_NAME_BIRTH)
                    } else {
                        (LinkLevel::Name, REASON_NAME)
                    };
                    let (a, b) = name_pair(&mut g, &mentions, r, x);
                    g.union(a, b, level, reason);
                }
                (Some(x), Some(y)) => {
                    g.profile[r].ambiguous = true;
                    let mut all = vec![x, y];
                    all.extend(fits);
                    ambiguities.push((r, all));
                }
            }
        }
    }

    // Entities, numbered by their first mention.
    let mut entity_of = vec![0; mentions.len()];
    let mut index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut entities: Vec<Entity> = Vec::new();
    for (i, slot) in entity_of.iter_mut().enumerate() {
        let r = g.find(i);
        let e = *index.entry(r).or_insert_with(|| {
            let p = &g.profile[r];
            entities.push(Entity {
                mentions: Vec::new(),
                edges: Vec::new(),
                id: p.id,
                birth: p.birth,
                sex: p.sex,
                ambiguous: p.ambiguous,
            });
            entities.len() - 1
        });
        entities[e].mentions.push(i);
        *slot = e;
    }
    for (k, edge) in g.edges.iter().enumerate() {
        entities[entity_of[edge.a]].edges.push(k);
    }
    let ambiguities = ambiguities
        .into_iter()
        .map(|(mention, candidates)| Ambiguity {
            mention,
            candidates,
        })
        .collect();
    Resolution {
        mentions,
        edges: g.edges,
        entities,
        entity_of,
        doc_mention: doc_mentions,
        roster_mention: roster_mentions,
        ambiguities,
    }
}

fn same_doc(a: &Mention, b: &Mention) -> bool {
    matches!((a.at, b.at), (MentionAt::Doc { doc: x, .. }, MentionAt::Doc { doc: y, .. }) if x == y)
}

/// The two mentions a name merge joins: one of each group, sharing a name where possible
/// (so the recorded edge shows the names that matched); the lowest such pair, for stable
/// output.
fn name_pair(g: &mut Groups, mentions: &[Mention], a_root: usize, b_root: usize) -> (usize, usize) {
    let ra = g.find(a_root);
    let rb = g.find(b_root);
    let mut first_in_b: BTreeMap<&str, usize> = BTreeMap::new();
    for &y in &g.members[rb] {
        if !mentions[y].anonymized {
            let slot = first_in_b.entry(mentions[y].name.as_str()).or_insert(y);
            *slot = (*slot).min(y);
        }
    }
    g.members[ra]
        .iter()
        .filter(|&&x| !mentions[x].anonymized)
        .filter_map(|&x| first_in_b.get(mentions[x].name.as_str()).map(|&y| (x, y)))
        .min()
        .unwrap_or((ra, rb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_keys() {
        let same = [
            ("（2021）浙0382民初１２３４号", "(2021)浙0382民初1234号"),
            ("(2015)信刑终字第90号", "（2015）信刑终90号"),
            ("〔2022〕浙0382执 567号", "(2022)浙0382执567号"),
        ];
        for (a, b) in same {
            assert_eq!(case_key(a), case_key(b), "{a} vs {b}");
        }
        assert_ne!(
            case_key("(2021)浙0382民初1234号"),
            case_key("(2021)浙0382民初1235号")
        );
        // Not a case number core knows: still compared with brackets and digits folded.
        assert_eq!(case_key("某某 〔１〕"), case_key("某某(1)"));
    }
}
