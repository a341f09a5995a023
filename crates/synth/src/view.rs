//! How the people of a storyline appear in one document: printed names (masked in a
//! published version), what each mention states (sex, birth date, ID), the roles each holds,
//! and from that the document's gold persons in order of first appearance.
//!
//! Writers never build gold persons by hand: whatever a writer prints through a [`View`] is
//! what the gold says, so the two cannot drift apart.

use std::collections::HashMap;

use jiuzhu_core::{Date, Gender, Role, normalize_name};

use crate::doc::GoldPerson;
use crate::people::Person;
use crate::rng::Rng;
use crate::text::{Masker, Shown, describe, sex_word};

struct Entry {
    printed: String,
    anon: bool,
    org: bool,
    id: Option<String>,
    gender: Option<Gender>,
    birth: Option<Date>,
    roles: Vec<Role>,
    /// Inline details (sex, birth date) already printed once.
    detailed: bool,
}

impl Entry {
    fn new(printed: String, anon: bool, org: bool) -> Entry {
        Entry {
            printed,
            anon,
            org,
            id: None,
            gender: None,
            birth: None,
            roles: Vec::new(),
            detailed: false,
        }
    }
}

pub struct View {
    masker: Option<Masker>,
    entries: Vec<Entry>,
    index: HashMap<String, usize>,
}

impl View {
    pub fn new(masker: Option<Masker>) -> View {
        View {
            masker,
            entries: Vec::new(),
            index: HashMap::new(),
        }
    }

    pub fn anon(&self) -> bool {
        self.masker.is_some()
    }

    fn entry(&mut self, p: &Person) -> usize {
        if let Some(&i) = self.index.get(&p.id) {
            return i;
        }
        let printed = match &mut self.masker {
            Some(m) => m.mask(p),
            None => p.written.clone(),
        };
        let anon = self.masker.is_some();
        self.entries.push(Entry::new(printed, anon, false));
        let i = self.entries.len() - 1;
        self.index.insert(p.id.clone(), i);
        i
    }

    /// The printed name (registers the person without stating anything about them).
    pub fn name(&mut self, p: &Person) -> String {
        let i = self.entry(p);
        self.entries[i].printed.clone()
    }

    /// The name at a first mention in running text: strict people (a namesake exists) get
    /// their sex and birth date in brackets once, so the mention can be linked.
    pub fn intro(&mut self, p: &Person) -> String {
        let i = self.entry(p);
        let e = &mut self.entries[i];
        if e.anon || !p.strict || e.detailed || e.birth.is_some() || e.id.is_some() {
            return e.printed.clone();
        }
        e.detailed = true;
        e.gender = Some(p.sex);
        e.birth = Some(p.birth);
        format!(
            "{}（{}，{}出生）",
            e.printed,
            sex_word(p.sex),
            crate::text::date_text(p.birth)
        )
    }

    /// The name with a bracketed sex and age at death (被害人周某某（女，殁年67岁）).
    pub fn intro_deceased(&mut self, p: &Person, year: u32) -> String {
        let i = self.entry(p);
        let e = &mut self.entries[i];
        e.gender = Some(p.sex);
        format!(
            "{}（{}，殁年{}岁）",
            e.printed,
            sex_word(p.sex),
            p.age_in(year)
        )
    }

    /// A party paragraph's `name` and description (`，男，1983年5月6日出生，…`); `p_id` is
    /// the probability the ID is printed.
    pub fn party(
        &mut self,
        rng: &mut Rng,
        p: &Person,
        p_id: f64,
        with_job: bool,
    ) -> (String, String) {
        let i = self.entry(p);
        let shown = match &mut self.masker {
            Some(_) => Shown {
                anon: true,
                id: if rng.chance(0.1) {
                    crate::text::IdShow::Masked
                } else {
                    crate::text::IdShow::None
                },
                birth: false,
                birth_year: rng.chance(0.8),
                sex: true,
            },
            None => {
                let mut s = Shown::party(rng, p, p_id);
                // Strict people always state something that tells namesakes apart.
                if p.strict && s.id == crate::text::IdShow::None {
                    s.birth = true;
                }
                s
            }
        };
        let text = describe(rng, p, &shown, with_job);
        let e = &mut self.entries[i];
        if shown.sex {
            e.gender = Some(p.sex);
        }
        if shown.birth {
            e.birth = Some(p.birth);
        }
        if let Some(id) = shown.gold_id(p) {
            e.id = Some(id);
        }
        (e.printed.clone(), text)
    }

    pub fn role(&mut self, p: &Person, r: Role) {
        let i = self.entry(p);
        let roles = &mut self.entries[i].roles;
        if !roles.contains(&r) {
            roles.push(r);
        }
    }

    /// An organisation party (insurer, company) with a role.
    pub fn org(&mut self, name: &str, r: Role) {
        let key = format!("org:{name}");
        let i = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                self.entries.push(Entry::new(name.to_string(), false, true));
                let i = self.entries.len() - 1;
                self.index.insert(key, i);
                i
            }
        };
        if !self.entries[i].roles.contains(&r) {
            self.entries[i].roles.push(r);
        }
    }

    /// The gold persons: everyone who holds a role, in order of first appearance.
    pub fn gold(&self) -> Vec<GoldPerson> {
        self.entries
            .iter()
            .filter(|e| !e.roles.is_empty())
            .map(|e| GoldPerson {
                name: normalize_name(&e.printed),
                roles: e.roles.clone(),
                org: e.org,
                anonymized: e.anon,
                id_number: e.id.clone(),
                gender: e.gender,
                birth_date: e.birth,
            })
            .collect()
    }

    /// The first `n` parties, joined with 、, as 案件名称 titles begin.
    pub fn lead_parties(&self, n: usize) -> String {
        self.party_names()
            .into_iter()
            .take(n)
            .collect::<Vec<_>>()
            .join("、")
    }

    /// Printed names of the parties with roles, for a dump's 当事人 column.
    pub fn party_names(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| !e.roles.is_empty())
            .map(|e| e.printed.clone())
            .collect()
    }
}
