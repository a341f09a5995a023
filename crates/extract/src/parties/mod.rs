//! The persons of a record: every party and every victim, with their attributes.
//!
//! Reading goes in passes over one shared [`Book`] of persons keyed by normalised name, so
//! that one person named in several places becomes one [`Person`] whose roles and evidence
//! accumulate:
//!
//! 1. **Party entries** ([`entries`]): a role word (`roles.toml`) at the start of a
//!    paragraph or sentence, or anywhere in the party section, followed by a name and a
//!    delimiter opens an entry; its fields give sex, birth date, ID number, ethnicity,
//!    address, 户籍 and a relation clause ([`fields`]). Appeal roles map to the first-instance
//!    role through the dictionary (上诉人(原审被告人) → accused) or a bracketed qualifier.
//!    Counsel, agents, 法定代理人, 法定代表人, judges and clerks open entries too — which
//!    ends the previous entry — but are no persons of the record.
//! 2. **Role mentions** in running text (被害人王某1、李某某, 附带民事诉讼原告人叶小芬):
//!    victims and relatives are added wherever they are named; other roles only add to a
//!    party list that lacks them (a typo such as 薛建华 for the listed 薛健华 adds no one).
//! 3. **Victims of harm** ([`harm`]): 致X受伤, 将X撞倒, 乘客X、Y受伤, X当场死亡.
//! 4. **Enforcement notices** ([`notices`]): the addressee of a 结案通知书 and
//!    `X申请执行Y`.
//! 5. **Name repair** (`Book::consolidate`): a name the jieba boundary ran on in running
//!    text (路甲停 beside 路甲, 季辉支 of 季辉支付) merges into the shorter, when the shorter
//!    stands alone somewhere and the extra character is a clause character or verb, or the
//!    longer is always followed by the same text; one it cut short everywhere (储卫 of
//!    储卫东头部, 储卫东重伤) gets its last character back. A longer name that goes on
//!    differently in several places is someone else (the victim 郑妍婷 beside her relative
//!    郑妍). Party-list names are never changed.
//! 6. **Relatives** ([`relatives`]) of a victim who died: 系被害人X之妻, 被害人近亲属Y,
//!    X的近亲属Y、Z, 原告Y系其妻子, and the 法定代理人 of a dead child.
//! 7. **Loose attributes**: a known name followed by its sex, birth date or ID number
//!    elsewhere (`吴志坚(男，殁年51岁)`, `屈某某，出生于1985年7月26日，身份证号码…`).
//!
//! The reader's vocabulary is data: role words in `roles.toml`, organisation suffixes in
//! `orgs.toml`, kinship words in `relations.toml`, and everything else — the words that end
//! a name, party-field labels, harm words and their openers, the civil claim, the
//! enforcement application — in the lists of `parties.toml` ([`words`]). Only punctuation,
//! digits and the anonymisation marks (某, ×, 甲乙丙…) are in code.
//!
//! Where a name ends ([`names`]) is the jieba boundary of `jiuzhu-text`, told the words that
//! end names besides its own (`name_stop` of parties.toml: 杨晓|诉称, 蒋岳|表示; harm words:
//! 史岳顺|当场死亡; civil causes: 钱立新|机动车交通事故责任纠纷). A transliterated name
//! (阿依努尔·买买提, with any middle dot) ends where its mentions in the document part
//! (买买提的, 买买提发生, 买买提负), since its last part runs into the text. A name that is
//! also a word (金平, 万顺, 罗阳) or opens with a clause word (曾波阳, but 曾于, 于次日) is a
//! name in running text when the document uses it as one: twice where names stand, once at
//! least after a role word, or once with an aside describing a person.
//!
//! Names are normalised with `jiuzhu_core::name::normalize_name` and checked to be names (no
//! role words, kinship words, pronouns, common words or amounts; [`names`]); a name already
//! known wins over the jieba boundary wherever it starts. Anonymised names (张某, 李某某,
//! 王某1, 李**) are kept and flagged. An ID number is validated with
//! `jiuzhu_core::IdNumber::parse`: a valid one is stored in canonical 18-character form (a
//! 15-digit one converted), a masked one is ignored, and an invalid one stays out of
//! `id_number` with a warning that names the person, the number and the failed check.

mod entries;
mod fields;
mod harm;
mod names;
mod notices;
mod relatives;
mod words;

pub(crate) use harm::HarmWords;
pub(crate) use names::NameStops;

use std::collections::HashMap;

use jiuzhu_core::name::is_anonymized;
use jiuzhu_core::{Evidence, Person, Role};
use jiuzhu_text::Span;

use crate::doc::Doc;

use self::fields::Attrs;
use self::names::NameRead;

/// Every party and victim of the document, and warnings.
pub(crate) fn read(d: &Doc) -> (Vec<Person>, Vec<String>) {
    let mut book = Book::default();
    let hits = entries::role_hits(d);
    entries::read(d, &hits, &mut book);
    notices::read(d, &mut book);
    harm::read(d, &mut book);
    book.consolidate(d);
    relatives::read(d, &hits, &mut book);
    loose_attributes(d, &mut book);
    book.finish()
}

/// How many evidence items of one rule a person keeps: the first few say why; hundreds of
/// repetitions of 被告人X in a long judgment say nothing more.
const EVIDENCE_PER_RULE: usize = 3;

/// One person being assembled.
#[derive(Debug)]
struct Draft {
    person: Person,
    /// Byte offset of the first appearance, for ordering.
    first: usize,
    /// Named in a party entry.
    listed: bool,
    /// A relation clause (系被害人X之妻) read with the person, resolved once victims are known.
    relation: Option<Span>,
    /// Birth date read from the ID number, used when the text states none.
    id_birth: Option<jiuzhu_core::Date>,
}

/// The persons found so far, by normalised name.
#[derive(Debug, Default)]
struct Book {
    drafts: Vec<Draft>,
    by_name: HashMap<String, usize>,
    warnings: Vec<String>,
    listed_roles: Vec<Role>,
}

impl Book {
    /// The names known so far, with whether each is an organisation.
    fn known(&self) -> Vec<(String, bool)> {
        self.drafts
            .iter()
            .map(|dr| (dr.person.name.clone(), dr.person.org))
            .collect()
    }

    /// The index of the person named `name` (normalised).
    fn find(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// The person `read` names, added if new; `at` is where the text names them.
    fn get_or_add(&mut self, d: &Doc, read: &NameRead, at: usize) -> usize {
        if let Some(i) = self.find(&read.name) {
            let draft = &mut self.drafts[i];
            draft.first = draft.first.min(at);
            return i;
        }
        let mut person = Person {
            name: read.name.clone(),
            org: read.org.is_some(),
            anonymized: is_anonymized(&read.name),
            ..Person::default()
        };
        if let Some((span, rule)) = &read.org {
            person.evidence.push(d.evidence(rule.clone(), *span));
        }
        self.drafts.push(Draft {
            person,
            first: at,
            listed: false,
            relation: None,
            id_birth: None,
        });
        let i = self.drafts.len() - 1;
        self.by_name.insert(read.name.clone(), i);
        i
    }

    fn add_role(&mut self, i: usize, role: Role) {
        let roles = &mut self.drafts[i].person.roles;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }

    fn has_role(&self, i: usize, role: Role) -> bool {
        self.drafts[i].person.has_role(role)
    }

    fn add_evidence(&mut self, i: usize, ev: Evidence) {
        let evidence = &mut self.drafts[i].person.evidence;
        let same = evidence.iter().filter(|e| e.rule == ev.rule).count();
        let dup = evidence
            .iter()
            .any(|e| e.rule == ev.rule && e.start == ev.start);
        if same < EVIDENCE_PER_RULE && !dup {
            evidence.push(ev);
        }
    }

    /// Records that person `i` holds `role` in the party list.
    fn mark_listed(&mut self, i: usize, role: Role) {
        self.drafts[i].listed = true;
        if !self.listed_roles.contains(&role) {
            self.listed_roles.push(role);
        }
    }

    /// Whether the party list names anyone with `role`.
    fn is_listed_role(&self, role: Role) -> bool {
        self.listed_roles.contains(&role)
    }

    /// Natural persons with the victim role, in order of first appearance.
    fn victims(&self) -> Vec<usize> {
        let mut v: Vec<usize> = (0..self.drafts.len())
            .filter(|&i| !self.drafts[i].person.org && self.has_role(i, Role::Victim))
            .collect();
        v.sort_by_key(|&i| self.drafts[i].first);
        v
    }

    /// Fills the attributes of person `i` that are still unset, with evidence; an invalid ID
    /// number is kept out with a warning naming the check it failed.
    fn apply(&mut self, d: &Doc, i: usize, attrs: Attrs) {
        let mut evidence = Vec::new();
        let draft = &mut self.drafts[i];
        let p = &mut draft.person;
        if let (None, Some((g, span))) = (p.gender, attrs.gender) {
            p.gender = Some(g);
            evidence.push(d.evidence("party:gender", span));
        }
        if let (None, Some((date, span))) = (p.birth_date, attrs.birth) {
            p.birth_date = Some(date);
            evidence.push(d.evidence("party:birth_date", span));
        }
        if let (None, Some((e, span))) = (&p.ethnicity, attrs.ethnicity) {
            p.ethnicity = Some(e);
            evidence.push(d.evidence("party:ethnicity", span));
        }
        if let (None, Some((a, span))) = (&p.address, attrs.address) {
            p.address = Some(a);
            evidence.push(d.evidence("party:address", span));
        }
        if let (None, Some((h, span))) = (&p.hukou, attrs.hukou) {
            p.hukou = Some(h);
            evidence.push(d.evidence("party:hukou", span));
        }
        if draft.relation.is_none() {
            draft.relation = attrs.relation;
        }
        if let Some(id) = attrs.id {
            match id.parsed {
                Ok(n) if p.id_number.is_none() => {
                    p.id_number = Some(n.as_str().to_string());
                    draft.id_birth = Some(n.birth_date());
                    evidence.push(d.evidence("party:id_number", id.span));
                }
                Ok(_) => {}
                Err(e) => {
                    let w = format!(
                        "parties: {}: ID number {} kept out of id_number: {e} (failed check: {})",
                        p.name,
                        id.raw,
                        e.check()
                    );
                    if !self.warnings.contains(&w) {
                        self.warnings.push(w);
                    }
                }
            }
        }
        for ev in evidence {
            self.add_evidence(i, ev);
        }
    }

    /// Repairs names the name boundary read wrongly in running text, where the text itself
    /// shows the right one: a name run on by one character (路甲停 beside 路甲) merges into
    /// the shorter; a two-character name always followed by the same character, which the
    /// boundary took for the start of a word (储卫|东头部, 储卫|东重伤), gets that character.
    /// Party-list names are never changed.
    fn consolidate(&mut self, d: &Doc) {
        let text = d.text;
        // Run on: A = B + one character that does not continue a mask (李某甲 is not 李某), when
        // the text shows a run-on: B stands alone somewhere (else B is the one cut short: 贾婷
        // only ever in 贾婷云), and the character is one a boundary runs on into — a clause
        // character or a verb (路甲|停) — or A is always followed by the same text, as a
        // run-on into one word is (季辉支|付, 陈岳虽|接受). A name that goes on differently
        // in several places is someone's (郑妍婷驾驶…, 郑妍婷之夫, beside her relative 郑妍).
        let mut merges: Vec<(usize, usize)> = Vec::new();
        for (a, da) in self.drafts.iter().enumerate() {
            if da.listed || da.person.org {
                continue;
            }
            let name = &da.person.name;
            let Some((cut, last)) = name.char_indices().next_back() else {
                continue;
            };
            if names::continues_name(d, name, cut) || last == '·' {
                continue;
            }
            let short = &name[..cut];
            let Some(b) = self
                .find(short)
                .filter(|&b| b != a && !self.drafts[b].person.org)
            else {
                continue;
            };
            let alone = text
                .match_indices(short)
                .any(|(at, _)| !text[at + short.len()..].starts_with(last));
            let mut next = text
                .match_indices(name.as_str())
                .map(|(at, _)| text[at + name.len()..].chars().next());
            let first = next.next().flatten();
            let one_way = next.all(|c| c == first);
            if alone && (names::runs_on_into(d, last) || one_way) {
                merges.push((a, b));
            }
        }
        // Cut short: every occurrence of a two-character name followed by one character c,
        // and c not a clause character.
        let mut renames: Vec<(usize, String)> = Vec::new();
        for (i, dr) in self.drafts.iter().enumerate() {
            let name = &dr.person.name;
            if dr.listed || dr.person.org || dr.person.anonymized || name.chars().count() != 2 {
                continue;
            }
            let mut next: Option<char> = None;
            let mut count = 0;
            let mut free = false;
            let mut same = true;
            for (at, _) in text.match_indices(name.as_str()) {
                let rest = &text[at + name.len()..];
                let mut cs = rest.chars();
                let c = cs.next();
                count += 1;
                if c.is_none() || next.is_some_and(|n| Some(n) != c) {
                    same = false;
                    break;
                }
                next = c;
                // Does c start a word with the character after it (东头)? If not somewhere,
                // the boundary had no reason to cut there.
                if let (Some(c), Some(c2)) = (c, cs.next()) {
                    let pair: String = [c, c2].iter().collect();
                    if d.seg.segment(&pair, Span::new(0, pair.len())).len() != 1 {
                        free = true;
                    }
                }
            }
            let Some(c) = next else {
                continue;
            };
            let mut b = [0u8; 4];
            let clause_char = !names::is_ideo_char(c)
                || d.seg
                    .has_tag(c.encode_utf8(&mut b), jiuzhu_text::TermTag::Stop)
                || names::continues_name(d, &c.to_string(), 0);
            if same && count >= 2 && free && !clause_char {
                renames.push((i, format!("{name}{c}")));
            }
        }
        for (i, name) in renames {
            if let Some(b) = self.find(&name) {
                merges.push((i, b));
            } else {
                self.by_name.remove(&self.drafts[i].person.name);
                self.drafts[i].person.name = name.clone();
                self.drafts[i].person.anonymized = is_anonymized(&name);
                self.by_name.insert(name, i);
            }
        }
        if merges.is_empty() {
            return;
        }
        let mut gone = vec![false; self.drafts.len()];
        for (a, b) in merges {
            if gone[a] || gone[b] || a == b {
                continue;
            }
            let from = std::mem::take(&mut self.drafts[a].person);
            let first = self.drafts[a].first;
            gone[a] = true;
            let into = &mut self.drafts[b];
            into.first = into.first.min(first);
            let p = &mut into.person;
            for r in from.roles {
                if !p.roles.contains(&r) {
                    p.roles.push(r);
                }
            }
            p.gender = p.gender.or(from.gender);
            p.birth_date = p.birth_date.or(from.birth_date);
            p.id_number = p.id_number.take().or(from.id_number);
            p.evidence.extend(from.evidence);
        }
        let drafts = std::mem::take(&mut self.drafts);
        self.drafts = drafts
            .into_iter()
            .zip(gone)
            .filter_map(|(dr, g)| (!g).then_some(dr))
            .collect();
        self.by_name = self
            .drafts
            .iter()
            .enumerate()
            .map(|(i, dr)| (dr.person.name.clone(), i))
            .collect();
    }

    /// The persons in order of first appearance, and the warnings.
    fn finish(mut self) -> (Vec<Person>, Vec<String>) {
        self.drafts.sort_by_key(|dr| dr.first);
        // 路甲, 陈甲 beside 李某甲: in a document that masks names, a surname with an ordinal
        // (甲, 乙 …) is a pseudonym too; elsewhere it may be a real name (core's rule).
        let masking = self.drafts.iter().any(|dr| dr.person.anonymized);
        for dr in &mut self.drafts {
            let mut cs = dr.person.name.chars();
            if let (true, Some(_), Some(o), None) = (masking, cs.next(), cs.next(), cs.next()) {
                if !dr.person.org && "甲乙丙丁戊己庚辛壬癸".contains(o) {
                    dr.person.anonymized = true;
                }
            }
        }
        let persons = self
            .drafts
            .into_iter()
            .map(|mut dr| {
                if dr.person.birth_date.is_none() {
                    dr.person.birth_date = dr.id_birth;
                }
                dr.person
            })
            .collect();
        (persons, self.warnings)
    }
}

/// Attributes stated next to a known name outside its party entry: an aside
/// (`吴志坚(男，殁年51岁)`) or a run of fields opening with sex, birth date or ID number.
fn loose_attributes(d: &Doc, book: &mut Book) {
    let text = d.text;
    for i in 0..book.drafts.len() {
        if book.drafts[i].person.org {
            continue;
        }
        let name = book.drafts[i].person.name.clone();
        for (at, _) in text.match_indices(name.as_str()) {
            let end = at + name.len();
            // 王某 inside 王某某 or 王某1 is someone else.
            if names::continues_name(d, text, end) {
                continue;
            }
            let attrs = if let Some(aside) = names::aside_at(text, end) {
                fields::read(d, aside)
            } else if text[end..].starts_with('，') {
                let stop = text[end..]
                    .find(['。', '；', '\n'])
                    .map_or(text.len(), |k| end + k);
                fields::read_run(d, Span::new(end + '，'.len_utf8(), stop))
            } else {
                continue;
            };
            if !attrs.is_empty() {
                let attrs = Attrs {
                    relation: None,
                    ..attrs
                };
                book.apply(d, i, attrs);
            }
        }
    }
}
