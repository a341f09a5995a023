//! Expected clues, computed from the gold (what the documents say) and the roster rows (what
//! the files say) by the rules of DESIGN.md §5, without any code of `jiuzhu-link`.
//!
//! Person linkage, in order:
//!
//! 1. equal valid ID numbers are one person;
//! 2. case links: documents with the same case number merge their persons of equal name
//!    (anonymised names included); an enforcement ruling's applicants merge with the victim
//!    side of the judgment its 执行依据 names — by equal name, or one to one when each side
//!    has exactly one;
//! 3. a group without an ID joins the one group with an ID that has one of its
//!    (non-anonymised) names and agrees on birth date and sex; with several candidates it
//!    links to none (ambiguous);
//! 4. remaining groups without an ID gather by name when birth date and sex agree.
//!
//! Anonymised names never link by name (rules 3 and 4). The generator plants namesakes so
//! that rules 3 and 4 never meet a real ambiguity (every named mention of a namesake states
//! an ID or a birth date); `Resolution::ambiguous` counts any that occur, and the tests
//! require zero.
//!
//! Sets (dictionaries/models.toml with screen.charges = 故意伤害罪, 交通肇事罪 and
//! screen.civil_causes = 机动车交通事故责任纠纷): procuratorate victims, court victims,
//! failed enforcement; unpaid = court victims & failed enforcement; M1 = procuratorate
//! victims & hardship; M2 = unpaid & hardship; M3 = social aid & (procuratorate victims |
//! unpaid); M4 = judicial aid − social aid.

use std::collections::HashMap;

use jiuzhu_core::{CompensationStatus, Date, Gender, Kind, Outcome, Role, normalize_name};
use serde::Serialize;

use crate::doc::GoldDoc;
use crate::roster::SetKind;

/// `screen.charges` of the generated jiuzhu.toml.
pub const SCREEN_CHARGES: [&str; 2] = ["故意伤害罪", "交通肇事罪"];
/// `screen.civil_causes` of the generated jiuzhu.toml.
pub const SCREEN_CAUSES: [&str; 1] = ["机动车交通事故责任纠纷"];

const R_VICTIM: u16 = 1;
const R_INCIDENTAL: u16 = 2;
const R_PLAINTIFF: u16 = 4;
const R_APPLICANT: u16 = 8;

fn role_bits(roles: &[Role]) -> u16 {
    roles.iter().fold(0, |acc, r| {
        acc | match r {
            Role::Victim => R_VICTIM,
            Role::IncidentalPlaintiff => R_INCIDENTAL,
            Role::Plaintiff => R_PLAINTIFF,
            Role::Applicant => R_APPLICANT,
            _ => 0,
        }
    })
}

struct DocFacts {
    kind: Kind,
    screened: bool,
    settled: bool,
    outcome: Option<Outcome>,
    case: Option<String>,
    basis: Option<String>,
    mentions: std::ops::Range<u32>,
}

#[derive(Clone)]
struct Mention {
    name: u32,
    anon: bool,
    id: Option<Box<str>>,
    birth: Option<Date>,
    sex: Option<Gender>,
    roles: u16,
}

struct RosterRow {
    set: SetKind,
    name: u32,
    id: Option<Box<str>>,
}

/// Collects documents and roster rows, then resolves.
#[derive(Default)]
pub struct Resolver {
    names: HashMap<String, u32>,
    name_list: Vec<String>,
    docs: Vec<DocFacts>,
    mentions: Vec<Mention>,
    rows: Vec<RosterRow>,
}

/// One expected clue: a model and a person (the `jiuzhu-eval` expected-clue format).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ExpectedClue {
    /// `M1` … `M4`.
    pub model: String,
    /// Who the clue is about.
    pub person: CluePerson,
}

/// The person of an expected clue: the name as the roster gives it, and the canonical ID
/// when any document or roster row gives a valid one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CluePerson {
    /// Normalised name.
    pub name: String,
    /// Canonical 18-character ID, or `None`.
    pub id_number: Option<String>,
}

/// Set sizes (in persons) of the funnel, for the summary.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SetSizes {
    /// Victims of screened, not settled indictments and arrest reviews.
    pub procuratorate_victims: usize,
    /// Victim side of screened criminal and civil judgments.
    pub court_victims: usize,
    /// Applicants of rulings ending in 终本 or 终结执行.
    pub failed_enforcement: usize,
    /// Court victims who are also failed-enforcement applicants.
    pub unpaid: usize,
    /// People on a hardship roster.
    pub hardship: usize,
    /// People on the social-aid roster.
    pub social_aid: usize,
    /// People on the judicial-aid roster.
    pub judicial_aid: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Resolution {
    pub clues: Vec<ExpectedClue>,
    pub sets: SetSizes,
    /// Victim-side mentions with an anonymised name that linked to nothing named.
    pub unlinkable: usize,
    /// Groups without an ID that agreed with several candidates (rules 3 and 4).
    pub ambiguous: usize,
    /// Case links that would have merged two different IDs (never applied).
    pub id_clashes: usize,
}

struct Uf {
    parent: Vec<u32>,
}

impl Uf {
    fn new(n: usize) -> Uf {
        Uf {
            parent: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            // The smaller index wins, so roots (and thus chosen names) are deterministic.
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.parent[hi as usize] = lo;
        }
    }
}

/// What a group of mentions knows about its person.
#[derive(Clone, Default)]
struct Known {
    id: Option<Box<str>>,
    birth: Option<Date>,
    sex: Option<Gender>,
}

impl Known {
    fn compatible(&self, other: &Known) -> bool {
        let birth_ok = match (self.birth, other.birth) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let sex_ok = match (self.sex, other.sex) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        birth_ok && sex_ok
    }
}

fn id_birth_sex(id: &str) -> (Option<Date>, Option<Gender>) {
    let b = id.as_bytes();
    let num = |r: std::ops::Range<usize>| id[r].parse::<u32>().ok();
    let birth = match (num(6..10), num(10..12), num(12..14)) {
        (Some(y), Some(m), Some(d)) => Date::new(y, m, d).ok(),
        _ => None,
    };
    let sex = b.get(16).map(|&c| {
        if (c - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    });
    (birth, sex)
}

impl Resolver {
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&i) = self.names.get(name) {
            return i;
        }
        let i = self.name_list.len() as u32;
        self.name_list.push(name.to_string());
        self.names.insert(name.to_string(), i);
        i
    }

    /// Adds what one document says. Organisations are left out: only natural persons are
    /// aid candidates.
    pub fn add_doc(&mut self, g: &GoldDoc) {
        let start = self.mentions.len() as u32;
        for p in &g.persons {
            if p.org {
                continue;
            }
            let name = self.intern(&p.name);
            self.mentions.push(Mention {
                name,
                anon: p.anonymized,
                id: p.id_number.as_deref().map(Box::from),
                birth: p.birth_date,
                sex: p.gender,
                roles: role_bits(&p.roles),
            });
        }
        let screened = g
            .charges
            .iter()
            .any(|c| SCREEN_CHARGES.contains(&c.as_str()))
            || g.cause
                .as_deref()
                .is_some_and(|c| SCREEN_CAUSES.contains(&c));
        self.docs.push(DocFacts {
            kind: g.kind,
            screened,
            settled: g.compensation.status == CompensationStatus::Settled,
            outcome: g.enforcement.as_ref().map(|e| e.outcome),
            case: g.case_number.clone(),
            basis: g
                .enforcement
                .as_ref()
                .and_then(|e| e.basis_case_number.clone()),
            mentions: start..self.mentions.len() as u32,
        });
    }

    /// Adds a roster row as a screening reads it (rows left out are not added).
    pub fn add_row(&mut self, set: SetKind, name: &str, id: Option<&str>) {
        let name = self.intern(&normalize_name(name));
        self.rows.push(RosterRow {
            set,
            name,
            id: id.map(|s| Box::from(s.to_ascii_uppercase().as_str())),
        });
    }

    pub fn run(&self) -> Resolution {
        let m = self.mentions.len();
        let n = m + self.rows.len();
        let mut uf = Uf::new(n);
        let mut res = Resolution::default();
        let node_id = |i: usize| -> Option<&str> {
            if i < m {
                self.mentions[i].id.as_deref()
            } else {
                self.rows[i - m].id.as_deref()
            }
        };
        let node_name = |i: usize| -> u32 {
            if i < m {
                self.mentions[i].name
            } else {
                self.rows[i - m].name
            }
        };
        let node_anon = |i: usize| i < m && self.mentions[i].anon;

        // Rule 1: equal IDs.
        let mut by_id: HashMap<&str, u32> = HashMap::new();
        for i in 0..n {
            if let Some(id) = node_id(i) {
                match by_id.get(id) {
                    Some(&j) => uf.union(i as u32, j),
                    None => {
                        by_id.insert(id, i as u32);
                    }
                }
            }
        }

        // The ID a root stands for, to refuse merges of two different IDs.
        let id_of_root = |uf: &mut Uf| -> HashMap<u32, Box<str>> {
            let mut out = HashMap::new();
            for i in 0..n {
                if let Some(id) = node_id(i) {
                    out.insert(uf.find(i as u32), Box::from(id));
                }
            }
            out
        };
        let mut root_ids = id_of_root(&mut uf);
        let case_union = |uf: &mut Uf,
                          a: u32,
                          b: u32,
                          res: &mut Resolution,
                          root_ids: &mut HashMap<u32, Box<str>>| {
            let (ra, rb) = (uf.find(a), uf.find(b));
            if ra == rb {
                return;
            }
            match (root_ids.get(&ra).cloned(), root_ids.get(&rb).cloned()) {
                (Some(x), Some(y)) if x != y => res.id_clashes += 1,
                (x, y) => {
                    uf.union(ra, rb);
                    let r = uf.find(ra);
                    if let Some(id) = x.or(y) {
                        root_ids.insert(r, id);
                    }
                }
            }
        };

        // Rule 2a: same case number, same name.
        let mut by_case: HashMap<&str, Vec<usize>> = HashMap::new();
        for (d, doc) in self.docs.iter().enumerate() {
            if let Some(c) = &doc.case {
                by_case.entry(c.as_str()).or_default().push(d);
            }
        }
        let mut cases: Vec<(&&str, &Vec<usize>)> =
            by_case.iter().filter(|(_, v)| v.len() > 1).collect();
        cases.sort();
        for (_, docs) in cases {
            let mut first_by_name: HashMap<u32, u32> = HashMap::new();
            for &d in docs {
                for i in self.docs[d].mentions.clone() {
                    let name = self.mentions[i as usize].name;
                    match first_by_name.get(&name) {
                        Some(&j) => case_union(&mut uf, i, j, &mut res, &mut root_ids),
                        None => {
                            first_by_name.insert(name, i);
                        }
                    }
                }
            }
        }

        // Rule 2b: a ruling's applicants and the victim side of its 执行依据.
        for doc in &self.docs {
            let (Some(basis), Kind::EnforcementRuling) = (&doc.basis, doc.kind) else {
                continue;
            };
            let Some(judgments) = by_case.get(basis.as_str()) else {
                continue;
            };
            let applicants: Vec<u32> = doc
                .mentions
                .clone()
                .filter(|&i| self.mentions[i as usize].roles & R_APPLICANT != 0)
                .collect();
            for &j in judgments {
                let jd = &self.docs[j];
                if !matches!(jd.kind, Kind::CriminalJudgment | Kind::CivilJudgment) {
                    continue;
                }
                let victims: Vec<u32> = jd
                    .mentions
                    .clone()
                    .filter(|&i| {
                        self.mentions[i as usize].roles & (R_VICTIM | R_INCIDENTAL | R_PLAINTIFF)
                            != 0
                    })
                    .collect();
                for &a in &applicants {
                    let an = self.mentions[a as usize].name;
                    let same: Vec<u32> = victims
                        .iter()
                        .copied()
                        .filter(|&v| self.mentions[v as usize].name == an)
                        .collect();
                    if !same.is_empty() {
                        for v in same {
                            case_union(&mut uf, a, v, &mut res, &mut root_ids);
                        }
                    } else if applicants.len() == 1 && victims.len() == 1 {
                        case_union(&mut uf, a, victims[0], &mut res, &mut root_ids);
                    }
                }
            }
        }

        // What each group knows, and its non-anonymised names.
        let know = |uf: &mut Uf| -> (HashMap<u32, Known>, HashMap<u32, Vec<u32>>) {
            let mut known: HashMap<u32, Known> = HashMap::new();
            let mut names: HashMap<u32, Vec<u32>> = HashMap::new();
            for i in 0..n {
                let r = uf.find(i as u32);
                let k = known.entry(r).or_default();
                if let Some(id) = node_id(i) {
                    k.id = Some(Box::from(id));
                    let (b, s) = id_birth_sex(id);
                    k.birth = k.birth.or(b);
                    k.sex = k.sex.or(s);
                }
                if i < m {
                    k.birth = k.birth.or(self.mentions[i].birth);
                    k.sex = k.sex.or(self.mentions[i].sex);
                }
                if !node_anon(i) {
                    let list = names.entry(r).or_default();
                    let nm = node_name(i);
                    if !list.contains(&nm) {
                        list.push(nm);
                    }
                }
            }
            (known, names)
        };

        // Rule 3: groups without an ID join the unique compatible ID group of their name.
        let (known, names) = know(&mut uf);
        let mut id_groups_by_name: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut roots: Vec<u32> = names.keys().copied().collect();
        roots.sort_unstable();
        for &r in &roots {
            if known[&r].id.is_some() {
                for &nm in &names[&r] {
                    id_groups_by_name.entry(nm).or_default().push(r);
                }
            }
        }
        let mut unlinked: Vec<u32> = Vec::new();
        for &r in &roots {
            let k = &known[&r];
            if k.id.is_some() {
                continue;
            }
            let mut cands: Vec<u32> = Vec::new();
            for nm in &names[&r] {
                for &g in id_groups_by_name.get(nm).map(Vec::as_slice).unwrap_or(&[]) {
                    if known[&g].compatible(k) && !cands.contains(&g) {
                        cands.push(g);
                    }
                }
            }
            match cands.len() {
                0 => unlinked.push(r),
                1 => uf.union(r, cands[0]),
                _ => res.ambiguous += 1,
            }
        }

        // Rule 4: remaining groups without an ID gather by name when compatible.
        let mut by_name: HashMap<u32, Vec<u32>> = HashMap::new();
        for &r in &unlinked {
            for &nm in &names[&r] {
                by_name.entry(nm).or_default().push(r);
            }
        }
        let mut buckets: Vec<(u32, Vec<u32>)> =
            by_name.into_iter().filter(|(_, v)| v.len() > 1).collect();
        buckets.sort();
        for (_, mut groups) in buckets {
            // Most specific first: birth date and sex known, then birth date, then sex, then
            // neither. Each group joins the one gathering it agrees with, starts a new one
            // when it agrees with none, and stays alone when it agrees with several.
            let rank = |k: &Known| match (k.birth.is_some(), k.sex.is_some()) {
                (true, true) => 0,
                (true, false) => 1,
                (false, true) => 2,
                (false, false) => 3,
            };
            groups.sort_by_key(|g| (rank(&known[g]), *g));
            let mut gatherings: Vec<(u32, Known)> = Vec::new();
            for g in groups {
                let k = &known[&g];
                let fits: Vec<usize> = gatherings
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, gk))| gk.compatible(k))
                    .map(|(i, _)| i)
                    .collect();
                match fits.as_slice() {
                    [] => gatherings.push((g, k.clone())),
                    [i] => {
                        let (root, gk) = &mut gatherings[*i];
                        uf.union(*root, g);
                        gk.birth = gk.birth.or(k.birth);
                        gk.sex = gk.sex.or(k.sex);
                    }
                    _ => res.ambiguous += 1,
                }
            }
        }

        // Sets over the resolved persons.
        #[derive(Default, Clone)]
        struct Flags {
            pv: bool,
            cv: bool,
            fe: bool,
            hardship: bool,
            social: bool,
            judicial: bool,
            name: Option<u32>,
            roster_name: Option<u32>,
            id: Option<Box<str>>,
            first: u32,
        }
        let mut ents: HashMap<u32, Flags> = HashMap::new();
        for doc in &self.docs {
            let pv_doc = matches!(doc.kind, Kind::Indictment | Kind::ArrestReview)
                && doc.screened
                && !doc.settled;
            let cv_doc =
                matches!(doc.kind, Kind::CriminalJudgment | Kind::CivilJudgment) && doc.screened;
            let fe_doc = doc.kind == Kind::EnforcementRuling
                && matches!(
                    doc.outcome,
                    Some(Outcome::TerminatedThisRound | Outcome::Terminated)
                );
            for i in doc.mentions.clone() {
                let mt = &self.mentions[i as usize];
                let r = uf.find(i);
                let f = ents.entry(r).or_insert_with(|| Flags {
                    first: i,
                    ..Flags::default()
                });
                f.pv |= pv_doc && mt.roles & (R_VICTIM | R_INCIDENTAL) != 0;
                f.cv |= cv_doc && mt.roles & (R_VICTIM | R_INCIDENTAL | R_PLAINTIFF) != 0;
                f.fe |= fe_doc && mt.roles & R_APPLICANT != 0;
                if !mt.anon && f.name.is_none() {
                    f.name = Some(mt.name);
                }
                if f.id.is_none() {
                    f.id = mt.id.clone();
                }
            }
        }
        for (k, row) in self.rows.iter().enumerate() {
            let i = (m + k) as u32;
            let r = uf.find(i);
            let f = ents.entry(r).or_insert_with(|| Flags {
                first: i,
                ..Flags::default()
            });
            match row.set {
                SetKind::Hardship => f.hardship = true,
                SetKind::SocialAid => f.social = true,
                SetKind::JudicialAid => f.judicial = true,
            }
            if f.roster_name.is_none() {
                f.roster_name = Some(row.name);
            }
            if f.id.is_none() {
                f.id = row.id.clone();
            }
        }
        // Anonymised victim-side mentions whose group has no real name cannot reach a roster.
        for doc in &self.docs {
            for i in doc.mentions.clone() {
                let mt = &self.mentions[i as usize];
                if mt.anon && mt.roles != 0 {
                    let r = uf.find(i);
                    if ents
                        .get(&r)
                        .is_some_and(|f| f.name.is_none() && f.roster_name.is_none())
                    {
                        res.unlinkable += 1;
                    }
                }
            }
        }

        let mut list: Vec<Flags> = ents.into_values().collect();
        list.sort_by_key(|f| f.first);
        let s = &mut res.sets;
        for f in &list {
            let unpaid = f.cv && f.fe;
            s.procuratorate_victims += usize::from(f.pv);
            s.court_victims += usize::from(f.cv);
            s.failed_enforcement += usize::from(f.fe);
            s.unpaid += usize::from(unpaid);
            s.hardship += usize::from(f.hardship);
            s.social_aid += usize::from(f.social);
            s.judicial_aid += usize::from(f.judicial);
            let models = [
                ("M1", f.pv && f.hardship),
                ("M2", unpaid && f.hardship),
                ("M3", f.social && (f.pv || unpaid)),
                ("M4", f.judicial && !f.social),
            ];
            for (model, hit) in models {
                if !hit {
                    continue;
                }
                let Some(name) = f.roster_name.or(f.name) else {
                    continue;
                };
                res.clues.push(ExpectedClue {
                    model: model.to_string(),
                    person: CluePerson {
                        name: self.name_list[name as usize].clone(),
                        id_number: f.id.as_deref().map(String::from),
                    },
                });
            }
        }
        res.clues.sort();
        res
    }
}
