//! The invented people of a corpus: names that are unique unless a storyline plants a
//! namesake on purpose, IDs consistent with sex and birth date, local (乐清, 330382) and
//! non-local 户籍, addresses.

use std::collections::HashSet;

use jiuzhu_core::{Date, Gender, normalize_name};

use crate::bank::bank;
use crate::ids::{Division, divisions, make_id, random_date};
use crate::rng::Rng;

#[derive(Debug, Clone)]
pub struct Person {
    /// Normalised name: what gold and rosters carry.
    pub name: String,
    /// The name as documents print it (a transliterated name may use another dot).
    pub written: String,
    pub sex: Gender,
    pub birth: Date,
    /// Canonical 18-character resident ID.
    pub id: String,
    pub division: &'static Division,
    /// ID prefix 330382 (乐清).
    pub local: bool,
    /// 户籍所在地.
    pub hukou: String,
    /// Where the person lives (住…).
    pub residence: String,
    pub ethnicity: &'static str,
    pub education: &'static str,
    pub occupation: &'static str,
    /// A planted namesake exists: every named mention must show the ID or the birth date, so
    /// linkage stays unambiguous (DESIGN.md §5: same name, different ID is two people).
    pub strict: bool,
    pub deceased: bool,
}

impl Person {
    pub fn age_in(&self, year: u32) -> u32 {
        year.saturating_sub(self.birth.year())
    }
}

/// Age groups a storyline asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    Minor,
    Young,
    Adult,
    Elderly,
    /// Any adult, weighted as victims are.
    AnyAdult,
}

#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub sex: Option<Gender>,
    pub age: Age,
    /// Probability of a 乐清 户籍.
    pub local: f64,
    /// Where non-local people come from: migrant provinces, or this province (for courts
    /// outside Zhejiang).
    pub province: Option<u32>,
    /// A family name to share (a victim's children and father).
    pub surname: Option<char>,
}

impl Spec {
    pub fn new(age: Age) -> Spec {
        Spec {
            sex: None,
            age,
            local: 0.7,
            province: None,
            surname: None,
        }
    }

    pub fn surname(mut self, of: &Person) -> Spec {
        self.surname = of.name.chars().next();
        self
    }

    pub fn sex(mut self, sex: Gender) -> Spec {
        self.sex = Some(sex);
        self
    }

    pub fn local(mut self, p: f64) -> Spec {
        self.local = p;
        self
    }

    pub fn province(mut self, code: Option<u32>) -> Spec {
        self.province = code;
        self
    }
}

/// Hands out people with unique names.
pub struct People {
    used: HashSet<String>,
    pub created: usize,
}

impl People {
    pub fn new() -> People {
        People {
            used: HashSet::new(),
            created: 0,
        }
    }

    fn unique_name(&mut self, rng: &mut Rng, sex: Gender, surname: Option<char>) -> String {
        let b = bank();
        let given = if sex == Gender::Male {
            "given.male"
        } else {
            "given.female"
        };
        for attempt in 0.. {
            let mut name = match surname {
                Some(c) if attempt < 30 => c.to_string(),
                _ => b.pick(rng, "surname").to_string(),
            };
            let two = attempt > 20 || rng.chance(0.78);
            name.push_str(b.pick(rng, given));
            if two {
                name.push_str(b.pick(rng, given));
            }
            if attempt > 40 {
                // The name space is large (~10^6 per sex); this only guards the pathological.
                name.push_str(b.pick(rng, given));
            }
            if self.used.insert(name.clone()) {
                return name;
            }
        }
        unreachable!("the loop returns")
    }

    /// A new person; `namesake` plants a person with an existing name (and makes both
    /// strict at the call site).
    pub fn person(&mut self, rng: &mut Rng, spec: Spec, namesake: Option<&Person>) -> Person {
        self.created += 1;
        let b = bank();
        let sex = namesake
            .map(|p| p.sex)
            .or(spec.sex)
            .unwrap_or(if rng.chance(0.5) {
                Gender::Male
            } else {
                Gender::Female
            });
        let birth = loop {
            let d = match spec.age {
                Age::Minor => random_date(rng, 2005, 2011),
                Age::Young => random_date(rng, 1990, 2003),
                Age::Adult => random_date(rng, 1965, 1989),
                Age::Elderly => random_date(rng, 1935, 1961),
                Age::AnyAdult => match rng.weighted(&[2, 5, 3]) {
                    0 => random_date(rng, 1990, 2003),
                    1 => random_date(rng, 1965, 1989),
                    _ => random_date(rng, 1938, 1962),
                },
            };
            if namesake.is_none_or(|n| n.birth.year() != d.year()) {
                break d;
            }
        };
        let ds = divisions();
        let uyghur = spec.province.is_none() && namesake.is_none() && rng.chance(0.004);
        let division: &'static Division = if uyghur {
            rng.pick(&ds.by_province[&650_000])
        } else if let Some(p) = spec.province {
            match ds.by_province.get(&p) {
                Some(list) => rng.pick(list),
                None => &ds.local,
            }
        } else if rng.chance(spec.local) {
            &ds.local
        } else {
            let prov: u32 = b
                .pick(rng, "migrant.province")
                .parse()
                .expect("migrant.province entries are province codes");
            let list: Vec<&'static Division> = ds.by_province[&prov]
                .iter()
                .filter(|d| d.code != 330_382)
                .collect();
            let i = rng.below(list.len() as u64) as usize;
            list[i]
        };
        let (name, written, ethnicity) = if let Some(n) = namesake {
            (n.name.clone(), n.written.clone(), n.ethnicity)
        } else if uyghur {
            self.uyghur_name(rng, sex)
        } else {
            let n = self.unique_name(rng, sex, spec.surname);
            (n.clone(), n, b.pick(rng, "ethnicity"))
        };
        let id = make_id(division.code, birth, sex, rng);
        let local = division.code == 330_382;
        let hukou = if local {
            format!(
                "浙江省乐清市{}{}",
                b.pick(rng, "yq.town"),
                b.pick(rng, "village")
            )
        } else {
            format!(
                "{}{}{}",
                division.full_name(),
                b.pick(rng, "town.generic"),
                b.pick(rng, "village")
            )
        };
        let residence = if spec.province.is_some() && !local {
            hukou.trim_start_matches(division.province).to_string()
        } else if local || rng.chance(0.8) {
            let town = b.pick(rng, "yq.town");
            if rng.chance(0.5) {
                format!("乐清市{town}{}{}号", b.pick(rng, "road"), rng.range(1, 320))
            } else {
                format!("乐清市{town}{}", b.pick(rng, "village"))
            }
        } else {
            hukou.trim_start_matches(division.province).to_string()
        };
        let age = 2022_u32.saturating_sub(birth.year());
        let education = if age < 16 {
            if age < 12 {
                "小学在读"
            } else {
                "初中在读"
            }
        } else {
            b.pick(rng, "education")
        };
        let occupation = if age < 16 {
            "学生"
        } else if age >= 65 {
            if rng.chance(0.6) { "农民" } else { "无业" }
        } else {
            match b.pick(rng, "occupation") {
                "退休人员" if age < 55 => "务工",
                "学生" if age > 24 => "务工",
                o => o,
            }
        };
        Person {
            name,
            written,
            sex,
            birth,
            id,
            division,
            local,
            hukou,
            residence,
            ethnicity,
            education,
            occupation,
            strict: namesake.is_some(),
            deceased: false,
        }
    }

    fn uyghur_name(&mut self, rng: &mut Rng, sex: Gender) -> (String, String, &'static str) {
        let b = bank();
        let list = if sex == Gender::Male {
            "uyghur.male"
        } else {
            "uyghur.female"
        };
        // The transliterated name space is small (a few hundred); once it is used up,
        // residents of 新疆 get Han names, as many do.
        for _ in 0..20 {
            let given = b.pick(rng, list);
            let father = b.pick(rng, "uyghur.father");
            let dot = b.pick(rng, "dot.variant");
            let written = format!("{given}{dot}{father}");
            let name = normalize_name(&written);
            if self.used.insert(name.clone()) {
                return (name, written, "维吾尔族");
            }
        }
        let name = self.unique_name(rng, sex, None);
        (name.clone(), name, "汉族")
    }

    /// Reserves a name drawn elsewhere (judges, agents), so no party shares it.
    pub fn extra_name(&mut self, rng: &mut Rng) -> String {
        let sex = if rng.chance(0.5) {
            Gender::Male
        } else {
            Gender::Female
        };
        self.unique_name(rng, sex, None)
    }
}

impl Default for People {
    fn default() -> Self {
        People::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiuzhu_core::{IdNumber, is_anonymized};

    #[test]
    fn people_are_consistent_and_names_unique() {
        let mut rng = Rng::new(11);
        let mut people = People::new();
        let mut names = HashSet::new();
        let mut locals = 0;
        for i in 0..3000 {
            let age = [
                Age::Minor,
                Age::Young,
                Age::Adult,
                Age::Elderly,
                Age::AnyAdult,
            ][i % 5];
            let p = people.person(&mut rng, Spec::new(age), None);
            assert!(names.insert(p.name.clone()), "duplicate {}", p.name);
            assert_eq!(normalize_name(&p.written), p.name);
            assert!(!is_anonymized(&p.name), "{}", p.name);
            let id = IdNumber::parse(&p.id).unwrap();
            assert_eq!(id.gender(), p.sex);
            assert_eq!(id.birth_date(), p.birth);
            assert_eq!(p.local, p.id.starts_with("330382"));
            locals += usize::from(p.local);
            if age == Age::Minor {
                assert!(p.age_in(2022) < 18);
            }
        }
        assert!((1800..2400).contains(&locals), "{locals}");
        let first = people.person(&mut rng, Spec::new(Age::Adult), None);
        let twin = people.person(&mut rng, Spec::new(Age::Adult), Some(&first));
        assert_eq!(twin.name, first.name);
        assert_ne!(twin.id, first.id);
        assert_ne!(twin.birth.year(), first.birth.year());
        assert!(twin.strict);
    }

    #[test]
    fn transliterated_names_run_out_gracefully() {
        // Far more 新疆 residents than transliterated names: the rest get unique Han names.
        let mut rng = Rng::new(5);
        let mut people = People::new();
        let mut names = HashSet::new();
        let mut uyghur = 0;
        for i in 0..600 {
            let sex = if i % 2 == 0 {
                Gender::Male
            } else {
                Gender::Female
            };
            let (name, written, ethnicity) = people.uyghur_name(&mut rng, sex);
            assert!(names.insert(name.clone()), "{name}");
            assert_eq!(normalize_name(&written), name);
            uyghur += usize::from(ethnicity == "维吾尔族");
        }
        assert!((100..=170).contains(&uyghur), "{uyghur}");
    }
}
