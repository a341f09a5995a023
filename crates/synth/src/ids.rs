//! Resident ID numbers (GB 11643-1999) with computed check characters, the GB/T 2260
//! divisions they are issued under, and day arithmetic for the story calendar.
//!
//! The checksum is computed here, independently of `jiuzhu_core::IdNumber`, and a test
//! checks the two agree: the corpus is the yardstick of the parser, not its echo.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use jiuzhu_core::{Date, Gender};

use crate::rng::Rng;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// The check character of 17 ASCII digits.
pub fn check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(&d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize]
}

/// An 18-character ID: division, birth date, a sequence whose last digit is odd for men, and
/// the check character.
pub fn make_id(division: u32, birth: Date, sex: Gender, rng: &mut Rng) -> String {
    let seq2 = rng.below(100);
    let last = rng.below(5) * 2 + u64::from(sex == Gender::Male);
    let first17 = format!(
        "{division:06}{:04}{:02}{:02}{seq2:02}{last}",
        birth.year(),
        birth.month(),
        birth.day()
    );
    let check = check_char(first17.as_bytes());
    let mut id = first17;
    id.push(char::from(check));
    id
}

/// The pre-1999 15-digit form of an 18-character ID of someone born in the 1900s.
pub fn legacy15(id18: &str) -> Option<String> {
    if id18.len() != 18 || &id18[6..8] != "19" {
        return None;
    }
    Some(format!("{}{}", &id18[..6], &id18[8..17]))
}

/// The same ID with a wrong check character (a typo in a roster).
pub fn corrupt_check(id18: &str) -> String {
    let b = id18.as_bytes();
    let right = b[17];
    let wrong = CHECK.iter().copied().find(|&c| c != right).unwrap_or(b'0');
    let mut s = id18[..17].to_string();
    s.push(char::from(wrong));
    s
}

/// One county-level division of GB/T 2260, with the names of its province and city.
#[derive(Debug, Clone)]
pub struct Division {
    pub code: u32,
    pub province: &'static str,
    /// Empty for the counties of municipalities (北京, 重庆 …).
    pub city: &'static str,
    pub county: &'static str,
}

impl Division {
    /// 户籍地 as a document writes it: province, city, county.
    pub fn full_name(&self) -> String {
        format!("{}{}{}", self.province, self.city, self.county)
    }
}

pub struct Divisions {
    pub by_province: BTreeMap<u32, Vec<Division>>,
    pub local: Division,
}

const GB2260: &str = include_str!("../../../dictionaries/gb2260.tsv");

/// County-level divisions in force in the latest revision, by province: the codes a person
/// born today would be issued.
pub fn divisions() -> &'static Divisions {
    static D: OnceLock<Divisions> = OnceLock::new();
    D.get_or_init(|| {
        let mut names: BTreeMap<u32, &'static str> = BTreeMap::new();
        let mut current = Vec::new();
        for line in GB2260.lines() {
            if line.starts_with('#') || line.starts_with("code") || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&'static str> = line.split('\t').collect();
            let (Some(code), Some(name), Some(last)) = (
                cols.first().and_then(|c| c.parse::<u32>().ok()),
                cols.get(1),
                cols.get(3).and_then(|c| c.trim().parse::<u32>().ok()),
            ) else {
                continue;
            };
            names.insert(code, name);
            if last >= 2021
                && code % 100 != 0
                && *name != "市辖区"
                && !name.ends_with("直辖县级行政区划")
            {
                current.push((code, *name));
            }
        }
        let mut by_province: BTreeMap<u32, Vec<Division>> = BTreeMap::new();
        let mut local = None;
        for (code, county) in current {
            let province = names.get(&(code / 10_000 * 10_000)).copied().unwrap_or("");
            let city = names
                .get(&(code / 100 * 100))
                .copied()
                .filter(|c| *c != "市辖区" && *c != "县" && !c.contains("直辖"))
                .unwrap_or("");
            let d = Division {
                code,
                province,
                city,
                county,
            };
            if code == 330_382 {
                local = Some(d.clone());
            }
            by_province
                .entry(code / 10_000 * 10_000)
                .or_default()
                .push(d);
        }
        Divisions {
            by_province,
            local: local.expect("gb2260.tsv lists 330382 乐清市"),
        }
    })
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn day_number(date: Date) -> i64 {
    days_from_civil(i64::from(date.year()), date.month(), date.day())
}

pub fn add_days(date: Date, days: i64) -> Date {
    Date::from_days_since_epoch(day_number(date) + days)
}

/// A uniformly drawn date in `from..=to` (years, whole).
pub fn random_date(rng: &mut Rng, from_year: u32, to_year: u32) -> Date {
    let lo = days_from_civil(i64::from(from_year), 1, 1);
    let hi = days_from_civil(i64::from(to_year), 12, 31);
    Date::from_days_since_epoch(rng.range(lo, hi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiuzhu_core::IdNumber;

    #[test]
    fn checksums_agree_with_core_and_the_storylines() {
        // IDs of corpora/gold/storylines.md.
        for id in [
            "33038219590314417X",
            "330382196505121540",
            "522427198507023538",
            "342126197812012973",
        ] {
            assert_eq!(check_char(&id.as_bytes()[..17]), id.as_bytes()[17], "{id}");
        }
        let mut rng = Rng::new(3);
        let ds = divisions();
        for (prov, list) in &ds.by_province {
            for d in list.iter().take(5) {
                let birth = random_date(&mut rng, 1940, 2015);
                for sex in [Gender::Male, Gender::Female] {
                    let id = make_id(d.code, birth, sex, &mut rng);
                    let parsed =
                        IdNumber::parse(&id).unwrap_or_else(|e| panic!("{prov} {}: {e}", d.code));
                    assert_eq!(parsed.as_str(), id);
                    assert_eq!(parsed.gender(), sex);
                    assert_eq!(parsed.birth_date(), birth);
                    let bad = corrupt_check(&id);
                    assert!(IdNumber::parse(&bad).is_err());
                    if let Some(old) = legacy15(&id) {
                        assert_eq!(IdNumber::parse(&old).unwrap().as_str(), id);
                    }
                }
            }
        }
        assert_eq!(ds.local.full_name(), "浙江省温州市乐清市");
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let rows = [(1970, 1, 1, 0), (2000, 3, 1, 11_017), (2024, 2, 29, 19_782)];
        for (y, m, d, n) in rows {
            assert_eq!(days_from_civil(y, m, d), n);
            let date = Date::from_days_since_epoch(n);
            assert_eq!((date.year(), date.month(), date.day()), (y as u32, m, d));
        }
        let d = Date::new(2022, 12, 30).unwrap();
        assert_eq!(add_days(d, 3).to_string(), "2023-01-02");
    }
}
