//! Chinese resident identity numbers (居民身份证号码, GB 11643-1999).
//!
//! An 18-character number is six digits of administrative division (GB/T 2260), eight of
//! birth date, three of sequence (the last odd for men) and a check character. Numbers issued
//! before 1999 had 15 digits: a two-digit birth year and no check character; [`IdNumber`]
//! converts them to the 18-character form, which is how they compare and print.
//!
//! Parsing runs four checks, in order, and the first that fails is the error:
//! format (length and characters), checksum, birth date (a real date, not after today) and
//! region (the division code is in the merged table of all GB/T 2260 revisions we have,
//! `dictionaries/gb2260.tsv`, directly or through its city `XXXX00` or province `XX0000`).
//!
//! ```
//! use jiuzhu_core::{Date, Gender, IdNumber, RegionLevel};
//!
//! let id = IdNumber::parse(" 33038219650512154０ ").unwrap();
//! assert_eq!(id.as_str(), "330382196505121540");
//! assert_eq!(id.birth_date(), Date::new(1965, 5, 12).unwrap());
//! assert_eq!(id.gender(), Gender::Female);
//! let region = id.region();
//! assert_eq!(region.level, RegionLevel::County);
//! assert_eq!(
//!     (region.province, region.city, region.county),
//!     (Some("浙江省"), Some("温州市"), Some("乐清市"))
//! );
//!
//! let err = IdNumber::parse("330382196505121549").unwrap_err();
//! assert_eq!(err.to_string(), "ID number 330382196505121549 fails the checksum: check character should be 0, found 9");
//! ```

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::date::Date;
use crate::record::Gender;

/// GB 11643-1999 weights of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character indexed by the weighted sum mod 11.
const CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// The merged division table, embedded so a clean build needs no data path.
const GB2260_TSV: &str = include_str!("../../../dictionaries/gb2260.tsv");
const GB2260_FILE: &str = "dictionaries/gb2260.tsv";

/// A valid resident ID number in its canonical 18-character form (upper-case `X`).
///
/// Equality, ordering and hashing use the canonical form, so a legacy 15-digit number equals
/// its 18-digit conversion.
#[derive(Clone, Copy)]
pub struct IdNumber {
    chars: [u8; 18],
    was_15: bool,
}

/// Which check an ID number failed; stable names for reports and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdCheck {
    /// Length (18 or 15) and characters (digits, a final `X`).
    Format,
    /// The GB 11643-1999 check character.
    Checksum,
    /// The birth date is a real calendar date.
    BirthDate,
    /// The birth date is not after the day of checking.
    FutureBirthDate,
    /// The division code is in the GB/T 2260 table (any revision, any level).
    Region,
}

impl IdCheck {
    pub fn as_str(self) -> &'static str {
        match self {
            IdCheck::Format => "format",
            IdCheck::Checksum => "checksum",
            IdCheck::BirthDate => "birth_date",
            IdCheck::FutureBirthDate => "future_birth_date",
            IdCheck::Region => "region",
        }
    }
}

impl fmt::Display for IdCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a string is not a valid resident ID number. Each variant is one check; the message
/// names the check, what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error(
        "ID number '{input}' has {len} characters after trimming; expected 18 (or 15 for a pre-1999 number)"
    )]
    Length { input: String, len: usize },
    #[error(
        "ID number '{input}' has '{found}' at position {position}; only digits are allowed, and 'X' as the 18th character"
    )]
    Character {
        input: String,
        found: char,
        /// 1-based character position in the trimmed input.
        position: usize,
    },
    #[error(
        "ID number {number} fails the checksum: check character should be {expected}, found {found}"
    )]
    Checksum {
        number: String,
        expected: char,
        found: char,
    },
    #[error("ID number {number} fails the birth-date check: {digits} is not a calendar date")]
    BirthDate { number: String, digits: String },
    #[error("ID number {number} fails the birth-date check: born {birth}, after today ({today})")]
    FutureBirthDate {
        number: String,
        birth: Date,
        today: Date,
    },
    #[error(
        "ID number {number} fails the region check: division code {code} is in no GB/T 2260 revision 2002-2021, nor is its city {code4}00 or province {code2}0000 (see dictionaries/gb2260.SOURCE.md)"
    )]
    Region {
        number: String,
        code: String,
        code4: String,
        code2: String,
    },
}

impl IdError {
    /// The check that failed.
    pub fn check(&self) -> IdCheck {
        match self {
            IdError::Length { .. } | IdError::Character { .. } => IdCheck::Format,
            IdError::Checksum { .. } => IdCheck::Checksum,
            IdError::BirthDate { .. } => IdCheck::BirthDate,
            IdError::FutureBirthDate { .. } => IdCheck::FutureBirthDate,
            IdError::Region { .. } => IdCheck::Region,
        }
    }
}

/// The check character (`0`-`9` or `X`) for the first 17 digits of an ID number, or `None`
/// when `first17` is not exactly 17 ASCII digits.
///
/// ```
/// assert_eq!(jiuzhu_core::id::check_char("33038219650512154"), Some('0'));
/// assert_eq!(jiuzhu_core::id::check_char("1234"), None);
/// ```
pub fn check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(char::from(check_byte(b)))
}

fn check_byte(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(&d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Maps the tolerated variants of one ID character to ASCII: full-width digits, and `x`,
/// `ｘ`, `Ｘ` to `X`. Other characters come back unchanged (and are then rejected).
fn fold_char(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        'x' | 'ｘ' | 'Ｘ' => 'X',
        _ => c,
    }
}

impl IdNumber {
    /// Parses and validates an ID number, checking that the birth date is not after today
    /// (China Standard Time).
    pub fn parse(s: &str) -> Result<IdNumber, IdError> {
        IdNumber::parse_on(s, Date::today())
    }

    /// Parses and validates an ID number as of `today`: a birth date after `today` fails.
    pub fn parse_on(s: &str, today: Date) -> Result<IdNumber, IdError> {
        let input = s.trim();
        let folded: Vec<char> = input.chars().map(fold_char).collect();
        let len = folded.len();
        if len != 18 && len != 15 {
            return Err(IdError::Length {
                input: input.to_string(),
                len,
            });
        }
        for (i, &c) in folded.iter().enumerate() {
            let ok = c.is_ascii_digit() || (c == 'X' && len == 18 && i == 17);
            if !ok {
                return Err(IdError::Character {
                    input: input.to_string(),
                    found: input.chars().nth(i).unwrap_or(c),
                    position: i + 1,
                });
            }
        }
        let ascii: Vec<u8> = folded.iter().map(|&c| c as u8).collect();
        let mut chars = [0u8; 18];
        if len == 18 {
            chars.copy_from_slice(&ascii);
            let expected = check_byte(&chars[..17]);
            if chars[17] != expected {
                return Err(IdError::Checksum {
                    number: String::from_utf8_lossy(&chars).into_owned(),
                    expected: char::from(expected),
                    found: char::from(chars[17]),
                });
            }
        } else {
            // Pre-1999 numbers have a two-digit year; every holder was born in the 1900s.
            chars[..6].copy_from_slice(&ascii[..6]);
            chars[6..8].copy_from_slice(b"19");
            chars[8..17].copy_from_slice(&ascii[6..15]);
            chars[17] = check_byte(&chars[..17]);
        }
        let id = IdNumber {
            chars,
            was_15: len == 15,
        };
        let birth = id.birth_date_checked()?;
        if birth > today {
            return Err(IdError::FutureBirthDate {
                number: id.as_str().to_string(),
                birth,
                today,
            });
        }
        if Region::lookup(id.region_code(), Some(birth.year())).is_none() {
            return Err(IdError::Region {
                number: id.as_str().to_string(),
                code: id.region_code().to_string(),
                code4: id.region_code()[..4].to_string(),
                code2: id.region_code()[..2].to_string(),
            });
        }
        Ok(id)
    }

    fn birth_date_checked(&self) -> Result<Date, IdError> {
        let digits = &self.as_str()[6..14];
        let num = |r: std::ops::Range<usize>| -> u32 {
            digits[r]
                .bytes()
                .fold(0, |n, b| n * 10 + u32::from(b - b'0'))
        };
        Date::new(num(0..4), num(4..6), num(6..8)).map_err(|_| IdError::BirthDate {
            number: self.as_str().to_string(),
            digits: digits.to_string(),
        })
    }

    /// The canonical 18-character form, with an upper-case `X`.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits and 'X' are ever stored.
        std::str::from_utf8(&self.chars).unwrap_or_default()
    }

    /// The six-digit administrative-division code (digits 1-6).
    pub fn region_code(&self) -> &str {
        &self.as_str()[..6]
    }

    /// The birth date (digits 7-14).
    pub fn birth_date(&self) -> Date {
        // Validated by every constructor.
        self.birth_date_checked()
            .unwrap_or_else(|_| Date::from_days_since_epoch(0))
    }

    /// Sex from the 17th digit: odd for men, even for women.
    pub fn gender(&self) -> Gender {
        if (self.chars[16] - b'0') % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }

    /// Age in whole years on `on`; 0 if `on` is before the birth date.
    pub fn age_on(&self, on: Date) -> u32 {
        self.birth_date().age_on(on)
    }

    /// The division the number was issued under, with the level at which the table matched.
    pub fn region(&self) -> Region {
        let birth_year = self.birth_date().year();
        Region::lookup(self.region_code(), Some(birth_year)).unwrap_or_else(|| Region {
            code: self.region_code().to_string(),
            matched_code: String::new(),
            level: RegionLevel::Province,
            province: None,
            city: None,
            county: None,
            first_year: 0,
            last_year: 0,
        })
    }

    /// Whether the input was a legacy 15-digit number (converted on parsing).
    pub fn was_15_digit(&self) -> bool {
        self.was_15
    }
}

impl PartialEq for IdNumber {
    fn eq(&self, other: &Self) -> bool {
        self.chars == other.chars
    }
}

impl Eq for IdNumber {}

impl std::hash::Hash for IdNumber {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.chars.hash(state);
    }
}

impl PartialOrd for IdNumber {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdNumber {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.chars.cmp(&other.chars)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.as_str())
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for IdNumber {
    type Err = IdError;

    fn from_str(s: &str) -> Result<IdNumber, IdError> {
        IdNumber::parse(s)
    }
}

impl Serialize for IdNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for IdNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<IdNumber, D::Error> {
        let s = String::deserialize(d)?;
        IdNumber::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The level of the division-table entry an ID's region code matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    /// The full six-digit code is in the table.
    County,
    /// Only the city code `XXXX00` is (the county code was abolished before 2002 or is newer
    /// than the table).
    City,
    /// Only the province code `XX0000` is.
    Province,
}

/// Where an ID number was issued, from the GB/T 2260 table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    /// The six digits as they appear in the ID number.
    pub code: String,
    /// The table code that matched: `code` itself, or its `XXXX00` or `XX0000` fallback.
    pub matched_code: String,
    pub level: RegionLevel,
    /// Province-level name (浙江省, 北京市, 新疆维吾尔自治区 …).
    pub province: Option<&'static str>,
    /// Prefecture-level name (温州市); `None` for municipalities' districts and counties
    /// directly under a province, whose table entry is a placeholder such as 市辖区.
    pub city: Option<&'static str>,
    /// County-level name (乐清市), when the full code matched and it is not the city itself.
    pub county: Option<&'static str>,
    /// First and last revision year (2002-2021) in which the matched code has this name.
    pub first_year: u16,
    pub last_year: u16,
}

impl Region {
    /// Looks up a six-digit division code with the 6 → 4 → 2-digit fallback. Where a code
    /// had several names over the years, the one in force nearest `year` (a birth year) is
    /// used; `None` means the newest. Returns `None` if not even the province is known.
    pub fn lookup(code: &str, year: Option<u32>) -> Option<Region> {
        let b = code.as_bytes();
        if b.len() != 6 || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let n: u32 = code.parse().ok()?;
        let table = divisions();
        let county_code = n;
        let city_code = n / 100 * 100;
        let province_code = n / 10_000 * 10_000;
        let (matched, level) = if table.contains_key(&county_code) {
            let level = if county_code == province_code {
                RegionLevel::Province
            } else if county_code == city_code {
                RegionLevel::City
            } else {
                RegionLevel::County
            };
            (county_code, level)
        } else if table.contains_key(&city_code) {
            (city_code, RegionLevel::City)
        } else if table.contains_key(&province_code) {
            (province_code, RegionLevel::Province)
        } else {
            return None;
        };
        let name = |c: u32| table.get(&c).map(|spans| nearest(spans, year));
        let matched_span = name(matched)?;
        let province = name(province_code).map(|s| s.name);
        let city = if matches!(level, RegionLevel::Province) || city_code == province_code {
            None
        } else {
            name(city_code)
                .map(|s| s.name)
                .filter(|n| !is_placeholder(n))
        };
        let county = match level {
            RegionLevel::County => Some(matched_span.name),
            _ => None,
        };
        Some(Region {
            code: code.to_string(),
            matched_code: format!("{matched:06}"),
            level,
            province,
            city,
            county,
            first_year: matched_span.first,
            last_year: matched_span.last,
        })
    }
}

/// Table entries that stand for a grouping rather than a named prefecture: 市辖区 (city
/// districts), 县 (municipalities' counties), 省直辖县级行政区划 and its variants.
fn is_placeholder(name: &str) -> bool {
    name == "市辖区" || name == "县" || name.contains("直辖")
}

#[derive(Debug, Clone, Copy)]
struct Span {
    name: &'static str,
    first: u16,
    last: u16,
}

fn nearest(spans: &[Span], year: Option<u32>) -> Span {
    let Some(year) = year else {
        return *spans.iter().max_by_key(|s| s.last).unwrap_or(&spans[0]);
    };
    let year = year.min(u32::from(u16::MAX)) as u16;
    let distance = |s: &Span| {
        if year < s.first {
            s.first - year
        } else {
            year.saturating_sub(s.last)
        }
    };
    *spans
        .iter()
        .min_by_key(|s| (distance(s), u16::MAX - s.last))
        .unwrap_or(&spans[0])
}

fn divisions() -> &'static HashMap<u32, Vec<Span>> {
    static TABLE: OnceLock<HashMap<u32, Vec<Span>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        parse_divisions(GB2260_TSV).unwrap_or_else(|e| {
            panic!("embedded {GB2260_FILE} is corrupt ({e}); regenerate it with scripts/gb2260_merge.py")
        })
    })
}

/// Parses `code<TAB>name<TAB>first<TAB>last` rows; `#` lines and the header are skipped.
fn parse_divisions(text: &'static str) -> Result<HashMap<u32, Vec<Span>>, String> {
    let mut table: HashMap<u32, Vec<Span>> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') || line.starts_with("code\t") {
            continue;
        }
        let bad = |what: &str| format!("{GB2260_FILE} line {}: {what}: '{line}'", i + 1);
        let cols: Vec<&'static str> = line.split('\t').collect();
        let [code, name, first, last] = cols[..] else {
            return Err(bad("expected 4 tab-separated columns"));
        };
        let code: u32 = code
            .parse()
            .ok()
            .filter(|c| (100_000..=999_999).contains(c))
            .ok_or_else(|| bad("code is not six digits"))?;
        let first: u16 = first.parse().map_err(|_| bad("first year"))?;
        let last: u16 = last.parse().map_err(|_| bad("last year"))?;
        if name.is_empty() || first > last {
            return Err(bad("empty name or first year after last year"));
        }
        table
            .entry(code)
            .or_default()
            .push(Span { name, first, last });
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: u32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).unwrap()
    }

    const TODAY: (u32, u32, u32) = (2026, 1, 1);

    fn parse(s: &str) -> Result<IdNumber, IdError> {
        IdNumber::parse_on(s, day(TODAY.0, TODAY.1, TODAY.2))
    }

    /// A valid 18-character number for `first17`.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_char(first17).unwrap())
    }

    #[test]
    fn embedded_table_loads_without_bad_rows() {
        let table = parse_divisions(GB2260_TSV).unwrap();
        assert!(table.len() > 4000, "{} codes", table.len());
        assert!(table.contains_key(&330382));
    }

    #[test]
    fn table_row_errors_name_file_and_line() {
        let err =
            parse_divisions("code\tname\tfirst\tlast\n33038\t乐清市\t2002\t2021\n").unwrap_err();
        assert!(err.contains("gb2260.tsv line 2"), "{err}");
        assert!(err.contains("six digits"), "{err}");
        let err = parse_divisions("330382\t乐清市\t2002\n").unwrap_err();
        assert!(err.contains("4 tab-separated"), "{err}");
    }

    #[test]
    fn yueqing_resolves_to_zhejiang_wenzhou_yueqing() {
        let r = Region::lookup("330382", None).unwrap();
        assert_eq!(r.level, RegionLevel::County);
        assert_eq!(r.matched_code, "330382");
        assert_eq!(r.province, Some("浙江省"));
        assert_eq!(r.city, Some("温州市"));
        assert_eq!(r.county, Some("乐清市"));
    }

    #[test]
    fn region_fallback_levels() {
        // (code, matched, level, province, city, county)
        type Row = (
            &'static str,
            &'static str,
            RegionLevel,
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
        );
        #[rustfmt::skip]
        let rows: &[Row] = &[
            // 乐清县, abolished 1993: only the city is in the 2002+ table.
            ("330323", "330300", RegionLevel::City, Some("浙江省"), Some("温州市"), None),
            ("330399", "330300", RegionLevel::City, Some("浙江省"), Some("温州市"), None),
            ("339999", "330000", RegionLevel::Province, Some("浙江省"), None, None),
            ("330300", "330300", RegionLevel::City, Some("浙江省"), Some("温州市"), None),
            ("330000", "330000", RegionLevel::Province, Some("浙江省"), None, None),
            // Beijing's districts: the city entry is the 市辖区 placeholder.
            ("110105", "110105", RegionLevel::County, Some("北京市"), None, Some("朝阳区")),
            // A county directly under Hubei province.
            ("429004", "429004", RegionLevel::County, Some("湖北省"), None, Some("仙桃市")),
            // Newer than GB2260 0.4.1, from the 2021 snapshot.
            ("330383", "330383", RegionLevel::County, Some("浙江省"), Some("温州市"), Some("龙港市")),
        ];
        for &(code, matched, level, province, city, county) in rows {
            let r = Region::lookup(code, Some(1980)).unwrap_or_else(|| panic!("{code}"));
            assert_eq!(
                (
                    r.matched_code.as_str(),
                    r.level,
                    r.province,
                    r.city,
                    r.county
                ),
                (matched, level, province, city, county),
                "{code}"
            );
        }
        for bad in ["990101", "000000", "33038", "3303820", "33038a"] {
            assert!(Region::lookup(bad, None).is_none(), "{bad}");
        }
    }

    #[test]
    fn renamed_codes_use_the_name_nearest_the_birth_year() {
        let rows: &[(&str, Option<u32>, Option<&str>)] = &[
            ("420600", Some(1975), Some("襄樊市")),
            ("420600", Some(2015), Some("襄阳市")),
            ("420600", None, Some("襄阳市")),
        ];
        for &(code, year, city) in rows {
            let r = Region::lookup(code, year).unwrap();
            assert_eq!(r.city, city, "{code} {year:?}");
        }
    }

    #[test]
    fn checksum_rule() {
        let rows: &[(&str, char)] = &[
            ("33038219650512154", '0'),
            ("11010519491231002", 'X'),
            ("44052418800101001", '4'),
            ("61052419850726005", '4'),
            ("41152719891206041", '1'),
        ];
        for &(first17, check) in rows {
            assert_eq!(check_char(first17), Some(check), "{first17}");
        }
        assert_eq!(check_char("3303821965051215"), None);
        assert_eq!(check_char("3303821965051215X"), None);
    }

    #[test]
    fn accepted_spellings() {
        #[rustfmt::skip]
        let rows: &[(&str, &str, bool)] = &[
            ("330382196505121540", "330382196505121540", false),
            ("  330382196505121540\u{3000}", "330382196505121540", false),
            ("３３０３８２１９６５０５１２１５４０", "330382196505121540", false),
            ("11010519491231002x", "11010519491231002X", false),
            ("11010519491231002ｘ", "11010519491231002X", false),
            ("11010519491231002Ｘ", "11010519491231002X", false),
            // 15-digit: 19 inserted before the year, check character computed.
            ("330382650512154", "330382196505121540", true),
            ("110105491231002", "11010519491231002X", true),
        ];
        for &(input, canonical, was_15) in rows {
            let id = parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(id.as_str(), canonical, "{input}");
            assert_eq!(id.to_string(), canonical, "{input}");
            assert_eq!(id.was_15_digit(), was_15, "{input}");
        }
    }

    #[test]
    fn each_check_has_its_own_error() {
        #[rustfmt::skip]
        let rows: &[(&str, IdCheck, &str)] = &[
            ("", IdCheck::Format, "has 0 characters"),
            ("33038219650512154", IdCheck::Format, "has 17 characters"),
            ("3303821965051215408", IdCheck::Format, "has 19 characters"),
            ("33038219650512154a", IdCheck::Format, "'a' at position 18"),
            ("3303821965051X1548", IdCheck::Format, "'X' at position 14"),
            ("33038265051215X", IdCheck::Format, "'X' at position 15"),
            ("330382 96505121548", IdCheck::Format, "' ' at position 7"),
            ("330382196505121549", IdCheck::Checksum, "check character should be 0, found 9"),
            ("330382196502301546", IdCheck::BirthDate, "19650230 is not a calendar date"),
            ("990101196505121548", IdCheck::Checksum, "should be"),
            ("330382650230154", IdCheck::BirthDate, "19650230 is not a calendar date"),
            ("330382651312154", IdCheck::BirthDate, "19651312 is not a calendar date"),
            ("990101650512154", IdCheck::Region, "division code 990101"),
        ];
        for &(input, check, needle) in rows {
            let err = parse(input).unwrap_err();
            assert_eq!(err.check(), check, "{input}: {err}");
            assert!(err.to_string().contains(needle), "{input}: {err}");
        }
    }

    #[test]
    fn birth_date_and_region_checks_on_18_digits() {
        let bad_date = with_check("33038219650230154");
        assert_eq!(parse(&bad_date).unwrap_err().check(), IdCheck::BirthDate);
        let bad_region = with_check("99010119650512154");
        let err = parse(&bad_region).unwrap_err();
        assert_eq!(err.check(), IdCheck::Region);
        assert!(
            err.to_string().contains("city 990100 or province 990000"),
            "{err}"
        );
        let future = with_check("33038220300101154");
        let err = parse(&future).unwrap_err();
        assert_eq!(err.check(), IdCheck::FutureBirthDate);
        assert!(
            err.to_string().contains("after today (2026-01-01)"),
            "{err}"
        );
        // The same number is valid once its birth date has passed.
        assert!(IdNumber::parse_on(&future, day(2030, 1, 1)).is_ok());
        assert_eq!(
            IdNumber::parse_on(&future, day(2029, 12, 31))
                .unwrap_err()
                .check(),
            IdCheck::FutureBirthDate
        );
    }

    #[test]
    fn accessors() {
        // (number, birth date, sex, age on 2026-01-01)
        type AccessorRow = (&'static str, (u32, u32, u32), Gender, u32);
        #[rustfmt::skip]
        let rows: &[AccessorRow] = &[
            ("330382196505121540", (1965, 5, 12), Gender::Female, 60),
            ("11010519491231002X", (1949, 12, 31), Gender::Female, 76),
            ("411527198912060411", (1989, 12, 6), Gender::Male, 36),
            ("610524198507260054", (1985, 7, 26), Gender::Male, 40),
        ];
        for &(input, (y, m, d), gender, age) in rows {
            let id = parse(input).unwrap();
            assert_eq!(id.birth_date(), day(y, m, d), "{input}");
            assert_eq!(id.gender(), gender, "{input}");
            assert_eq!(id.age_on(day(2026, 1, 1)), age, "{input}");
            assert_eq!(id.region_code(), &input[..6]);
        }
        let id = parse("330382196505121540").unwrap();
        assert_eq!(id.age_on(day(2026, 5, 11)), 60);
        assert_eq!(id.age_on(day(2026, 5, 12)), 61);
    }

    #[test]
    fn equality_serde_and_from_str() {
        let long = parse("330382196505121540").unwrap();
        let short = parse("330382650512154").unwrap();
        assert_eq!(long, short);
        assert_eq!(
            serde_json::to_string(&long).unwrap(),
            "\"330382196505121540\""
        );
        let back: IdNumber = serde_json::from_str("\"33038219650512154０\"").unwrap();
        assert_eq!(back, long);
        assert!(serde_json::from_str::<IdNumber>("\"330382196505121549\"").is_err());
        let via_from_str: IdNumber = "330382196505121540".parse().unwrap();
        assert_eq!(via_from_str, long);
        assert_eq!(format!("{long:?}"), "IdNumber(330382196505121540)");
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        /// 17 digits whose division code and birth date are valid, so parsing can only fail
        /// at the checksum.
        fn valid_first17() -> impl Strategy<Value = String> {
            let codes = ["330382", "110105", "429004", "330323", "650102", "540102"];
            (
                0..codes.len(),
                1900u32..=2025,
                1u32..=12,
                1u32..=28,
                0u32..1000,
            )
                .prop_map(move |(c, y, m, d, seq)| {
                    format!("{}{y:04}{m:02}{d:02}{seq:03}", codes[c])
                })
        }

        proptest! {
            #[test]
            fn any_17_digits_plus_check_char_validates_the_checksum(digits in "[0-9]{17}") {
                let full = with_check(&digits);
                match parse(&full) {
                    Ok(id) => prop_assert_eq!(id.as_str(), full.as_str()),
                    Err(e) => prop_assert_ne!(e.check(), IdCheck::Checksum, "{}", e),
                }
                // Every other final character is a checksum failure.
                let right = check_char(&digits).unwrap();
                for wrong in "0123456789X".chars().filter(|&c| c != right) {
                    let err = parse(&format!("{digits}{wrong}")).unwrap_err();
                    prop_assert_eq!(err.check(), IdCheck::Checksum);
                }
            }

            #[test]
            fn valid_numbers_round_trip(first17 in valid_first17()) {
                let full = with_check(&first17);
                let id = parse(&full).unwrap();
                prop_assert_eq!(id.as_str(), full.as_str());
                let lower = full.to_lowercase();
                prop_assert_eq!(parse(&lower).unwrap(), id);
            }

            #[test]
            fn fifteen_to_eighteen_keeps_birth_sex_and_region(first17 in valid_first17()) {
                prop_assume!(&first17[6..8] == "19");
                let short = format!("{}{}", &first17[..6], &first17[8..]);
                let id15 = parse(&short).unwrap();
                let id18 = parse(&with_check(&first17)).unwrap();
                prop_assert!(id15.was_15_digit());
                prop_assert_eq!(id15, id18);
                prop_assert_eq!(id15.birth_date(), id18.birth_date());
                prop_assert_eq!(id15.gender(), id18.gender());
                prop_assert_eq!(id15.region(), id18.region());
            }
        }
    }
}
