//! Case numbers (案号) of courts and procuratorates.
//!
//! A court case number is `(year)` + court code + case-type code + sequence + `号`:
//! `（2021）浙0382刑初456号` is Yueqing court's (浙0382) first-instance criminal case (刑初)
//! number 456 of 2021. Before 2016 courts wrote an abbreviation of their name and `字第`
//! before the sequence: `(2015)信刑终字第90号`; some documents drop the year altogether
//! (`格刑初字第117号`). A procuratorate writes its own code and the type *before* the year:
//! `乐检刑诉〔2022〕123号`, `呼检公一刑诉（2017）3号`.
//!
//! Documents spell the brackets （）, (), 〔〕, [], ［］, 【】; the digits half- or
//! full-width; and put spaces anywhere (`黔 06民终`). [`CaseNumber`] parses all of them and
//! prints one canonical form: ASCII parentheses and digits, no spaces.
//!
//! **字 and 第 are kept in the canonical form** when the document wrote them, because they
//! are part of the number the court issued (`(2015)信刑终字第90号`) and a search of a court
//! system for the number needs them. They carry no meaning, so [`CaseNumber::key`], which
//! decides whether two numbers name the same case, ignores them, as it ignores where the year
//! stands, leading zeros of the sequence and a `之一` suffix (the first of several rulings in
//! one case).
//!
//! ```
//! use jiuzhu_core::CaseNumber;
//!
//! let a: CaseNumber = "（２０２１）浙 0382刑初456号".parse().unwrap();
//! assert_eq!(a.to_string(), "(2021)浙0382刑初456号");
//! assert_eq!((a.year(), a.court(), a.type_code(), a.sequence()), (Some(2021), "浙0382", "刑初", 456));
//!
//! let text = "执行依据为乐清市人民法院（2021）浙0382民初1234号民事判决书。";
//! let found = CaseNumber::find_all(text);
//! assert_eq!(found.len(), 1);
//! assert_eq!(&text[found[0].0.clone()], "（2021）浙0382民初1234号");
//! ```

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What kind of proceedings a case number belongs to, from its type code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseCategory {
    /// 刑: criminal trials, appeals, retrials, commutation …
    Criminal,
    /// 民: civil cases.
    Civil,
    /// 行: administrative cases.
    Administrative,
    /// 执: enforcement (执, 执恢, 执异 …).
    Enforcement,
    /// 赔: state compensation.
    StateCompensation,
    /// 司救: judicial aid (司法救助) cases.
    JudicialAid,
    /// 破, 强清: bankruptcy and compulsory liquidation.
    Bankruptcy,
    /// Procuratorate numbers: indictments (刑诉), arrest (捕, 审查逮捕), non-prosecution …
    Prosecution,
    /// Preservation (财保, 证保) and other court business.
    Other,
}

/// Case-type codes (案件类型代字) of the Supreme People's Court's 2015 numbering rules
/// (法〔2015〕137号, in force 2016) and the older `…字` forms still cited in documents, with
/// their category. A code may carry a tribunal numeral after its first character (民一初,
/// 刑二终), which [`type_category`] accepts without listing each.
const COURT_TYPES: &[(&str, CaseCategory)] = &[
    ("刑初", CaseCategory::Criminal),
    ("刑终", CaseCategory::Criminal),
    ("刑再", CaseCategory::Criminal),
    ("刑更", CaseCategory::Criminal),
    ("刑申", CaseCategory::Criminal),
    ("刑抗", CaseCategory::Criminal),
    ("刑监", CaseCategory::Criminal),
    ("刑核", CaseCategory::Criminal),
    ("刑辖", CaseCategory::Criminal),
    ("刑他", CaseCategory::Criminal),
    ("刑医", CaseCategory::Criminal),
    ("刑没", CaseCategory::Criminal),
    ("刑请", CaseCategory::Criminal),
    ("刑止", CaseCategory::Criminal),
    ("刑复", CaseCategory::Criminal),
    ("刑执", CaseCategory::Criminal),
    ("刑提", CaseCategory::Criminal),
    ("刑立他", CaseCategory::Criminal),
    ("刑赔", CaseCategory::Criminal),
    ("民初", CaseCategory::Civil),
    ("民终", CaseCategory::Civil),
    ("民再", CaseCategory::Civil),
    ("民申", CaseCategory::Civil),
    ("民特", CaseCategory::Civil),
    ("民辖", CaseCategory::Civil),
    ("民辖终", CaseCategory::Civil),
    ("民监", CaseCategory::Civil),
    ("民抗", CaseCategory::Civil),
    ("民撤", CaseCategory::Civil),
    ("民催", CaseCategory::Civil),
    ("民督", CaseCategory::Civil),
    ("民他", CaseCategory::Civil),
    ("民请", CaseCategory::Civil),
    ("民提", CaseCategory::Civil),
    ("民立", CaseCategory::Civil),
    ("行初", CaseCategory::Administrative),
    ("行终", CaseCategory::Administrative),
    ("行再", CaseCategory::Administrative),
    ("行申", CaseCategory::Administrative),
    ("行审", CaseCategory::Administrative),
    ("行审复", CaseCategory::Administrative),
    ("行辖", CaseCategory::Administrative),
    ("行辖终", CaseCategory::Administrative),
    ("行监", CaseCategory::Administrative),
    ("行抗", CaseCategory::Administrative),
    ("行他", CaseCategory::Administrative),
    ("行提", CaseCategory::Administrative),
    ("行赔初", CaseCategory::Administrative),
    ("行赔终", CaseCategory::Administrative),
    ("行赔申", CaseCategory::Administrative),
    ("行保", CaseCategory::Administrative),
    ("执", CaseCategory::Enforcement),
    ("执恢", CaseCategory::Enforcement),
    ("执异", CaseCategory::Enforcement),
    ("执保", CaseCategory::Enforcement),
    ("执复", CaseCategory::Enforcement),
    ("执监", CaseCategory::Enforcement),
    ("执协", CaseCategory::Enforcement),
    ("执他", CaseCategory::Enforcement),
    ("执请", CaseCategory::Enforcement),
    ("执外", CaseCategory::Enforcement),
    ("执清", CaseCategory::Enforcement),
    ("执提", CaseCategory::Enforcement),
    ("赔", CaseCategory::StateCompensation),
    ("委赔", CaseCategory::StateCompensation),
    ("委赔监", CaseCategory::StateCompensation),
    ("委赔提", CaseCategory::StateCompensation),
    ("法赔", CaseCategory::StateCompensation),
    ("法委赔", CaseCategory::StateCompensation),
    ("司救刑", CaseCategory::JudicialAid),
    ("司救民", CaseCategory::JudicialAid),
    ("司救行", CaseCategory::JudicialAid),
    ("司救执", CaseCategory::JudicialAid),
    ("司救赔", CaseCategory::JudicialAid),
    ("司救访", CaseCategory::JudicialAid),
    ("司惩", CaseCategory::Other),
    ("司惩复", CaseCategory::Other),
    ("破申", CaseCategory::Bankruptcy),
    ("破", CaseCategory::Bankruptcy),
    ("破终", CaseCategory::Bankruptcy),
    ("破监", CaseCategory::Bankruptcy),
    ("强清", CaseCategory::Bankruptcy),
    ("财保", CaseCategory::Other),
    ("证保", CaseCategory::Other),
];

/// Procuratorate document-type codes: 起诉书 (刑诉, and its change/supplement/withdrawal
/// forms), arrest decisions (捕, 批捕, 不捕, 审查逮捕) and non-prosecution (不诉). Bare 诉 is
/// the older form (合检诉字（2012）第21号). The case-handling system's acceptance numbers add
/// 受 (乐检刑捕受〔2022〕87号 for an arrest review, 乐检刑诉受 for a prosecution review).
const PROSECUTION_TYPES: &[&str] = &[
    "刑诉",
    "刑变诉",
    "刑补诉",
    "刑追诉",
    "刑撤诉",
    "刑不诉",
    "不诉",
    "诉",
    "公诉",
    "捕",
    "批捕",
    "刑捕",
    "刑捕受",
    "刑诉受",
    "刑审受",
    "不捕",
    "不批捕",
    "逮捕",
    "审查逮捕",
];

/// Characters that mark the number of some other office, never a court or procuratorate:
/// notary offices (西证执字), forensic appraisal (临鉴字), price certification (格价认),
/// government documents (淮府办〔2011〕7号) and arbitration (劳人仲案字).
const FOREIGN_OFFICE_CHARS: &[char] = &['证', '鉴', '价', '府', '办', '仲'];

/// Where the code of a procuratorate or a yearless court number starts in running text: just
/// after one of these (…人民检察院以乐检刑诉…, …经格刑初字…).
const LEFT_DELIMITERS: &[char] = &[
    '院', '以', '书', '于', '经', '据', '照', '的', '即', '向', '将', '按', '见', '号',
];

const TRIBUNAL_NUMERALS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const YEARS: std::ops::RangeInclusive<u16> = 1949..=2099;

/// A parsed case number. Build one with [`CaseNumber::parse`] or find them in text with
/// [`CaseNumber::find_all`]; `Display` gives the canonical form and re-parses to an equal
/// value. Serialised as the canonical string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CaseNumber {
    year: Option<u16>,
    court: String,
    type_code: String,
    sequence: u32,
    sub_sequence: Option<u32>,
    part: Option<u32>,
    zi: bool,
    di: bool,
    agency_first: bool,
}

/// Why a string is not a case number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("empty case number")]
    Empty,
    #[error("'{input}' is not a case number: {reason}")]
    Syntax { input: String, reason: &'static str },
    #[error("'{input}' is not a case number: year {year} is outside 1949-2099")]
    Year { input: String, year: u32 },
    #[error(
        "'{input}' is not a case number: no case-type code (刑初, 民终, 执, 刑诉 …) ends '{segment}'"
    )]
    TypeCode { input: String, segment: String },
    #[error("'{input}' is not a case number: '{code}' is not a court or procuratorate code{hint}")]
    Court {
        input: String,
        code: String,
        hint: &'static str,
    },
    #[error(
        "'{input}' has text around the case number '{found}'; pass the number alone or use CaseNumber::find_all"
    )]
    Surrounding { input: String, found: String },
}

impl CaseNumber {
    /// Parses a string that is exactly one case number (surrounding spaces allowed).
    pub fn parse(s: &str) -> Result<CaseNumber, CaseError> {
        let input = s.trim();
        if input.is_empty() {
            return Err(CaseError::Empty);
        }
        let toks = tokens_window(input, 0, usize::MAX);
        let err_input = || input.to_string();
        let open = toks.iter().position(|t| t.c == '(');
        let result = match open {
            Some(0) => court_style(&toks, Mode::Whole, true),
            _ if toks[0].c.is_ascii_digit() => court_style(&toks, Mode::Whole, false),
            // Text before the bracket is the agency code, or not part of the number at all
            // (乐清市人民法院(2021)…): report the latter as surrounding text.
            Some(i) => agency_first(&toks[..i], &toks[i..], Mode::Whole)
                .or_else(|e| court_style(&toks[i..], Mode::Whole, true).map_err(|_| e)),
            None => yearless(&toks, None),
        };
        let m = result.map_err(|f| f.into_error(err_input()))?;
        if m.start != 0 || m.end != input.len() {
            return Err(CaseError::Surrounding {
                input: err_input(),
                found: input[m.start..m.end].to_string(),
            });
        }
        Ok(m.number)
    }

    /// Finds every case number in running text, with its byte range, in text order.
    ///
    /// Numbers with a year are found in every bracket style. Numbers without a year
    /// (`格刑初字第117号`) are found only in the old `字第` style with a court abbreviation
    /// of one or two characters, after a delimiter (start, space, punctuation, 院, 以 …),
    /// because without brackets anything longer cannot be told from the words before it.
    pub fn find_all(text: &str) -> Vec<(Range<usize>, CaseNumber)> {
        let mut found: Vec<(Range<usize>, CaseNumber)> = Vec::new();
        let mut prev = ' ';
        for (i, c) in text.char_indices() {
            let c = fold(c);
            let after_digit = prev.is_ascii_digit();
            prev = c;
            if found.last().is_some_and(|(r, _)| r.end > i) {
                continue;
            }
            let m = if c == '(' {
                let forward = tokens_window(text, i, 48);
                court_style(&forward, Mode::Find, true).or_else(|_| {
                    let back = tokens_back(text, i, 20);
                    agency_first(&back, &forward, Mode::Find)
                })
            } else if c.is_ascii_digit() && !after_digit && bare_year_at(&text[i..]) {
                court_style(&tokens_window(text, i, 48), Mode::Find, false)
            } else {
                continue;
            };
            if let Ok(m) = m {
                found.push((m.start..m.end, m.number));
            }
        }
        let with_year = found.len();
        for (i, _) in text.match_indices("字第") {
            let inside = found[..with_year]
                .iter()
                .any(|(r, _)| r.start <= i && i < r.end);
            if inside {
                continue;
            }
            let back = tokens_back(text, i, 12);
            let back_len = back.len();
            let forward = tokens_window(text, i, 16);
            let mut toks = back;
            toks.extend(forward);
            if let Ok(m) = yearless(&toks, Some(back_len)) {
                found.push((m.start..m.end, m.number));
            }
        }
        found.sort_by_key(|(r, _)| r.start);
        found
    }

    /// The year in the brackets; `None` for old numbers written without it.
    pub fn year(&self) -> Option<u16> {
        self.year
    }

    /// The court code (浙0382, 黔06, 最高法; old abbreviations such as 信, 镇坦) or, for
    /// procuratorate numbers, the agency code (乐检, 呼检公一). Empty for old Supreme
    /// People's Court numbers such as `(2015)刑监字第27号`.
    pub fn court(&self) -> &str {
        &self.court
    }

    /// The case-type code as written, tribunal numeral included (刑初, 民一初, 执恢, 刑诉).
    pub fn type_code(&self) -> &str {
        &self.type_code
    }

    /// The sequence number, without leading zeros.
    pub fn sequence(&self) -> u32 {
        self.sequence
    }

    /// The sub-number after a hyphen: `182-1号` → 1.
    pub fn sub_sequence(&self) -> Option<u32> {
        self.sub_sequence
    }

    /// The ruling within a case: `63号之一` → 1.
    pub fn part(&self) -> Option<u32> {
        self.part
    }

    /// Whether the number uses the pre-2016 `字` / `第` wording.
    pub fn is_old_style(&self) -> bool {
        self.zi || self.di
    }

    /// Whether the agency and type come before the year, as in procuratorate numbers.
    pub fn is_agency_first(&self) -> bool {
        self.agency_first
    }

    /// The kind of proceedings, from the type code; a procuratorate-style number is always
    /// [`CaseCategory::Prosecution`].
    pub fn category(&self) -> CaseCategory {
        if self.agency_first {
            return CaseCategory::Prosecution;
        }
        type_category(&self.type_code).unwrap_or(CaseCategory::Other)
    }

    /// The identity of the case: two numbers name the same case iff their keys are equal.
    /// It is the canonical year-first form without `字`/`第`, leading zeros and `之N`:
    /// `(2015)信刑终字第090号之一` and `（2015）信刑终90号` both give `(2015)信刑终90号`;
    /// `乐检刑诉〔2022〕123号` gives `(2022)乐检刑诉123号`.
    pub fn key(&self) -> String {
        let mut k = String::new();
        if let Some(y) = self.year {
            k.push_str(&format!("({y})"));
        }
        k.push_str(&self.court);
        k.push_str(&self.type_code);
        k.push_str(&self.sequence_text());
        k.push('号');
        k
    }

    fn sequence_text(&self) -> String {
        match self.sub_sequence {
            Some(sub) => format!("{}-{sub}", self.sequence),
            None => self.sequence.to_string(),
        }
    }
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let zi = if self.zi { "字" } else { "" };
        let di = if self.di { "第" } else { "" };
        let seq = self.sequence_text();
        match self.year {
            Some(y) if self.agency_first => {
                write!(f, "{}{}{zi}({y}){di}{seq}号", self.court, self.type_code)?
            }
            Some(y) => write!(f, "({y}){}{}{zi}{di}{seq}号", self.court, self.type_code)?,
            None => write!(f, "{}{}{zi}{di}{seq}号", self.court, self.type_code)?,
        }
        if let Some(p) = self.part {
            write!(f, "之{}", chinese_numeral(p))?;
        }
        Ok(())
    }
}

impl FromStr for CaseNumber {
    type Err = CaseError;

    fn from_str(s: &str) -> Result<CaseNumber, CaseError> {
        CaseNumber::parse(s)
    }
}

impl Serialize for CaseNumber {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CaseNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CaseNumber, D::Error> {
        let s = String::deserialize(d)?;
        CaseNumber::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The category of a type code, or `None` if it is not one; accepts a tribunal numeral
/// after the first character (民一初 → 民初).
fn type_category(code: &str) -> Option<CaseCategory> {
    if PROSECUTION_TYPES.contains(&code) {
        return Some(CaseCategory::Prosecution);
    }
    if let Some(&(_, cat)) = COURT_TYPES.iter().find(|(t, _)| *t == code) {
        return Some(cat);
    }
    let mut chars = code.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let without = rest.trim_start_matches(TRIBUNAL_NUMERALS);
    if without.len() == rest.len() || without.is_empty() || !matches!(first, '刑' | '民' | '行')
    {
        return None;
    }
    let plain = format!("{first}{without}");
    COURT_TYPES
        .iter()
        .find(|(t, _)| *t == plain)
        .map(|&(_, cat)| cat)
}

fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        20..=99 if n % 10 == 0 => format!("{}十", DIGITS[(n / 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
        _ => n.to_string(),
    }
}

/// Reads a Chinese numeral up to 99 (一, 十二, 二十, 三十五) or ASCII digits.
fn read_numeral(toks: &[Tok]) -> Option<(u32, usize)> {
    let digit = |c: char| {
        TRIBUNAL_NUMERALS[..9]
            .iter()
            .position(|&d| d == c)
            .map(|p| p as u32 + 1)
    };
    let n_ascii = toks.iter().take_while(|t| t.c.is_ascii_digit()).count();
    if n_ascii > 0 {
        let v = toks[..n_ascii.min(4)]
            .iter()
            .fold(0, |v, t| v * 10 + t.c.to_digit(10).unwrap_or(0));
        return (n_ascii <= 4).then_some((v, n_ascii));
    }
    let c0 = toks.first()?.c;
    let c1 = toks.get(1).map(|t| t.c);
    let c2 = toks.get(2).map(|t| t.c);
    match (c0, c1, c2) {
        ('十', Some(b), _) if digit(b).is_some() => Some((10 + digit(b)?, 2)),
        ('十', _, _) => Some((10, 1)),
        (a, Some('十'), Some(b)) if digit(a).is_some() && digit(b).is_some() => {
            Some((digit(a)? * 10 + digit(b)?, 3))
        }
        (a, Some('十'), _) if digit(a).is_some() => Some((digit(a)? * 10, 2)),
        (a, _, _) => digit(a).map(|d| (d, 1)),
    }
}

/// One character of the input, folded, with its byte range in the input.
#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    c: char,
}

/// Folds the spelling variants of case numbers: brackets to ASCII parentheses, full-width
/// digits to ASCII, dashes to `-`, every kind of space to ' '.
fn fold(c: char) -> char {
    match c {
        '（' | '〔' | '[' | '［' | '【' | '﹝' | '〖' | '❲' | '⦗' | '⸨' => '(',
        '）' | '〕' | ']' | '］' | '】' | '﹞' | '〗' | '❳' | '⦘' | '⸩' => ')',
        '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '－' | '—' | '‐' | '‑' | '–' | '−' | '﹣' => '-',
        '\u{3000}' | '\u{00A0}' | '\t' | '\u{2002}'..='\u{200B}' | '\u{202F}' | '\u{FEFF}' => ' ',
        _ => c,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

impl Tok {
    fn at(start: usize, c: char) -> Tok {
        Tok {
            start,
            end: start + c.len_utf8(),
            c: fold(c),
        }
    }
}

/// Up to `max` characters from byte `at` on.
fn tokens_window(text: &str, at: usize, max: usize) -> Vec<Tok> {
    text[at..]
        .char_indices()
        .take(max)
        .map(|(i, c)| Tok::at(at + i, c))
        .collect()
}

/// Up to `max` characters before byte `at`, in text order.
fn tokens_back(text: &str, at: usize, max: usize) -> Vec<Tok> {
    let mut v: Vec<Tok> = text[..at]
        .char_indices()
        .rev()
        .take(max)
        .map(|(i, c)| Tok::at(i, c))
        .collect();
    v.reverse();
    v
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// The tokens are the whole input: codes may be longer, nothing is trimmed.
    Whole,
    /// The tokens are a window of running text.
    Find,
}

struct Match {
    number: CaseNumber,
    start: usize,
    end: usize,
}

/// What a style has read before the sequence number, which every style ends with.
struct Head {
    year: Option<u16>,
    court: String,
    type_code: String,
    zi: bool,
    di: bool,
    agency_first: bool,
}

impl Head {
    /// Reads the sequence at the cursor and completes the match that began at byte `start`.
    fn finish(self, cur: &mut Cursor<'_>, start: usize) -> Result<Match, Fail> {
        let (sequence, sub_sequence, part) = cur.sequence()?;
        Ok(Match {
            start,
            end: cur.end_byte(),
            number: CaseNumber {
                year: self.year,
                court: self.court,
                type_code: self.type_code,
                sequence,
                sub_sequence,
                part,
                zi: self.zi,
                di: self.di,
                agency_first: self.agency_first,
            },
        })
    }
}

/// Why a window did not hold a case number; becomes a [`CaseError`] in `parse`.
enum Fail {
    Syntax(&'static str),
    Year(u32),
    TypeCode(String),
    Court(String, &'static str),
}

impl Fail {
    fn into_error(self, input: String) -> CaseError {
        match self {
            Fail::Syntax(reason) => CaseError::Syntax { input, reason },
            Fail::Year(year) => CaseError::Year { input, year },
            Fail::TypeCode(segment) => CaseError::TypeCode { input, segment },
            Fail::Court(code, hint) => CaseError::Court { input, code, hint },
        }
    }
}

struct Cursor<'a> {
    toks: &'a [Tok],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.toks.get(self.i).map(|t| t.c)
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn end_byte(&self) -> usize {
        self.toks[self.i - 1].end
    }

    /// `(YYYY)` with optional spaces inside, or a bare `YYYY` when not `bracketed`.
    fn year(&mut self, bracketed: bool) -> Result<u16, Fail> {
        if bracketed && !self.eat('(') {
            return Err(Fail::Syntax("expected an opening bracket before the year"));
        }
        if bracketed {
            self.skip_spaces();
        }
        let mut year = 0u32;
        for _ in 0..4 {
            match self.peek().and_then(|c| c.to_digit(10)) {
                Some(d) => {
                    year = year * 10 + d;
                    self.i += 1;
                }
                None => return Err(Fail::Syntax("the brackets do not hold a four-digit year")),
            }
        }
        if bracketed {
            self.skip_spaces();
            if !self.eat(')') {
                return Err(Fail::Syntax("the brackets do not hold a four-digit year"));
            }
        }
        u16::try_from(year)
            .ok()
            .filter(|y| YEARS.contains(y))
            .ok_or(Fail::Year(year))
    }

    /// Digits, an optional `-digits`, then `号` and an optional `之N`; spaces allowed between.
    fn sequence(&mut self) -> Result<(u32, Option<u32>, Option<u32>), Fail> {
        self.skip_spaces();
        let seq = self.digits()?;
        self.skip_spaces();
        let sub = if self.eat('-') {
            self.skip_spaces();
            let sub = self.digits()?;
            self.skip_spaces();
            Some(sub)
        } else {
            None
        };
        if !self.eat('号') {
            return Err(Fail::Syntax("the sequence number is not followed by 号"));
        }
        let part = if self.peek() == Some('之') {
            match read_numeral(&self.toks[self.i + 1..]) {
                Some((n, len)) => {
                    self.i += 1 + len;
                    Some(n)
                }
                None => None,
            }
        } else {
            None
        };
        Ok((seq, sub, part))
    }

    fn digits(&mut self) -> Result<u32, Fail> {
        let start = self.i;
        let mut v: u64 = 0;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            v = v * 10 + u64::from(d);
            self.i += 1;
            if self.i - start > 8 {
                return Err(Fail::Syntax("the sequence number has more than 8 digits"));
            }
        }
        if self.i == start {
            return Err(Fail::Syntax("no sequence number before 号"));
        }
        u32::try_from(v).map_err(|_| Fail::Syntax("the sequence number is too large"))
    }
}

/// Whether `s` starts with exactly four digits (ASCII or full-width) and then a Chinese
/// character: the only shape in which a year that lost its brackets is tried.
fn bare_year_at(s: &str) -> bool {
    let mut chars = s.chars().map(fold);
    chars.by_ref().take(4).filter(char::is_ascii_digit).count() == 4
        && chars.next().is_some_and(is_cjk)
}

/// `(year)` court type [字][第] seq 号 [之N], starting at `toks[0]`. Without brackets
/// (`2016陕0303民初1038号`, from texts whose punctuation was stripped) the court code must be
/// a post-2016 one with digits, or the number an old `字第` one, so that dates and other
/// numbers are not taken for years.
fn court_style(toks: &[Tok], mode: Mode, bracketed: bool) -> Result<Match, Fail> {
    let mut cur = Cursor { toks, i: 0 };
    let year = cur.year(bracketed)?;
    // The court and type code run up to the first 号; the sequence digits are its tail.
    let body_start = cur.i;
    let hao = toks[body_start..]
        .iter()
        .position(|t| {
            t.c == '号' || !(is_cjk(t.c) || t.c.is_ascii_digit() || t.c == ' ' || t.c == '-')
        })
        .map(|p| body_start + p)
        .filter(|&p| toks[p].c == '号')
        .ok_or(Fail::Syntax(
            "no sequence number followed by 号 after the year",
        ))?;
    let body: Vec<char> = toks[body_start..hao]
        .iter()
        .map(|t| t.c)
        .filter(|&c| c != ' ')
        .collect();
    // Split the tail: [字][第] digits [-digits]
    let mut end = body.len();
    let digit_run = |end: usize| {
        body[..end]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let n = digit_run(end);
    if n == 0 {
        return Err(Fail::Syntax("no sequence number before 号"));
    }
    end -= n;
    if end > 0 && body[end - 1] == '-' && digit_run(end - 1) > 0 {
        end -= 1 + digit_run(end - 1);
    }
    let di = end > 0 && body[end - 1] == '第';
    if di {
        end -= 1;
    }
    let zi = end > 0 && body[end - 1] == '字';
    if zi {
        end -= 1;
    }
    let (court, type_code) = split_code(&body[..end], Code::Court, mode)?;
    let court_len = court.chars().count();
    let court_digits = court.chars().rev().take_while(char::is_ascii_digit).count();
    let new_style = court_digits >= 2 && court_digits < court_len;
    let old_style = zi && di && court_digits == 0 && (1..=4).contains(&court_len);
    if !bracketed && !new_style && !old_style {
        return Err(Fail::Syntax(
            "a year without brackets must be followed by a court code with digits (浙0382) or an old 字第 number",
        ));
    }
    // Re-read the tail with the cursor to get the numbers and the end offset.
    while cur.i < hao {
        let c = toks[cur.i].c;
        if c.is_ascii_digit() && body_tail_starts(toks, cur.i, hao) {
            break;
        }
        cur.i += 1;
    }
    let head = Head {
        year: Some(year),
        court,
        type_code,
        zi,
        di,
        agency_first: false,
    };
    head.finish(&mut cur, toks[0].start)
}

/// Whether the digits at `i` are the sequence: only digits, spaces and `-` follow up to 号.
fn body_tail_starts(toks: &[Tok], i: usize, hao: usize) -> bool {
    toks[i..hao]
        .iter()
        .all(|t| t.c.is_ascii_digit() || t.c == ' ' || t.c == '-')
}

/// agency type [字] `(year)` [第] seq 号: `back` holds the text before the bracket,
/// `forward` starts at the bracket.
fn agency_first(back: &[Tok], forward: &[Tok], mode: Mode) -> Result<Match, Fail> {
    let mut j = back.len();
    while j > 0 && back[j - 1].c == ' ' {
        j -= 1;
    }
    let zi = j > 0 && back[j - 1].c == '字';
    if zi {
        j -= 1;
    }
    let mut start = j;
    while start > 0 {
        let c = back[start - 1].c;
        if !(is_cjk(c) || c.is_ascii_digit()) || LEFT_DELIMITERS.contains(&c) {
            break;
        }
        start -= 1;
    }
    if start == j {
        return Err(Fail::Syntax("no agency code before the year"));
    }
    let code: Vec<char> = back[start..j].iter().map(|t| t.c).collect();
    let (court, type_code) = split_code(&code, Code::Agency, mode)?;
    let mut cur = Cursor {
        toks: forward,
        i: 0,
    };
    let year = cur.year(true)?;
    cur.skip_spaces();
    let di = cur.eat('第');
    let head = Head {
        year: Some(year),
        court,
        type_code,
        zi,
        di,
        agency_first: true,
    };
    head.finish(&mut cur, back[start].start)
}

/// court type [字][第] seq 号 with no year. In running text (`anchor` = index of the `字`
/// of `字第` in `toks`) the code is the short run of Chinese characters before it; for a
/// whole input (`anchor` = `None`) it is everything before the digits.
fn yearless(toks: &[Tok], anchor: Option<usize>) -> Result<Match, Fail> {
    let (start, code_end, code): (usize, usize, Vec<char>) = match anchor {
        Some(zi_at) => {
            let start = toks[..zi_at]
                .iter()
                .rposition(|t| !is_cjk(t.c) || LEFT_DELIMITERS.contains(&t.c))
                .map_or(0, |p| p + 1);
            let code = toks[start..zi_at].iter().map(|t| t.c).collect();
            (start, zi_at + 2, code)
        }
        None => {
            let code_end = toks
                .iter()
                .position(|t| !(is_cjk(t.c) || t.c == ' ') || t.c == '号')
                .unwrap_or(toks.len());
            let code = toks[..code_end]
                .iter()
                .map(|t| t.c)
                .filter(|&c| c != ' ')
                .collect();
            (0, code_end, code)
        }
    };
    let mut code: Vec<char> = code;
    let di = anchor.is_some() || code.last() == Some(&'第');
    if anchor.is_none() && di {
        code.pop();
    }
    let zi = anchor.is_some() || code.last() == Some(&'字');
    if anchor.is_none() && zi {
        code.pop();
    }
    let mode = if anchor.is_some() {
        Mode::Find
    } else {
        Mode::Whole
    };
    let (court, type_code) = split_code(&code, Code::Yearless, mode)?;
    let mut cur = Cursor { toks, i: code_end };
    let head = Head {
        year: None,
        court,
        type_code,
        zi,
        di,
        agency_first: false,
    };
    head.finish(&mut cur, toks.get(start).map_or(0, |t| t.start))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Code {
    /// After the year: court code (Chinese characters then digits) or empty.
    Court,
    /// Before the year: a procuratorate code, which contains 检.
    Agency,
    /// No year: an old court abbreviation.
    Yearless,
}

/// Splits `code` into (court or agency, type code), taking the longest type code that ends
/// it and leaves a valid court or agency in front.
fn split_code(code: &[char], kind: Code, mode: Mode) -> Result<(String, String), Fail> {
    let whole: String = code.iter().collect();
    let mut first_bad_court = None;
    for i in 0..code.len() {
        let type_code: String = code[i..].iter().collect();
        let Some(category) = type_category(&type_code) else {
            continue;
        };
        let court: String = code[..i].iter().collect();
        match court_problem(&court, kind, category, mode) {
            None => return Ok((court, type_code)),
            Some(hint) => {
                first_bad_court.get_or_insert((court, hint));
            }
        }
    }
    match first_bad_court {
        Some((court, hint)) => Err(Fail::Court(court, hint)),
        None => Err(Fail::TypeCode(whole)),
    }
}

/// Why `court` cannot stand before a type code of `category`, or `None` if it can.
fn court_problem(
    court: &str,
    kind: Code,
    category: CaseCategory,
    mode: Mode,
) -> Option<&'static str> {
    if court.chars().any(|c| FOREIGN_OFFICE_CHARS.contains(&c)) {
        return Some(" (it names a notary, appraisal, pricing, government or arbitration office)");
    }
    let n = court.chars().count();
    let letters = court.chars().take_while(|c| is_cjk(*c)).count();
    let digits_after = court.chars().skip(letters).all(|c| c.is_ascii_digit());
    match kind {
        Code::Court => {
            if !digits_after {
                return Some(" (expected Chinese characters, then digits)");
            }
            if n > 10 {
                return Some(" (longer than 10 characters)");
            }
            if n > 0 && letters == 0 {
                return Some(" (expected Chinese characters, then digits)");
            }
            if category == CaseCategory::Prosecution && !court.contains('检') {
                return Some(" (a procuratorate type code needs a code containing 检)");
            }
            None
        }
        Code::Agency => {
            if !court.contains('检') {
                return Some(" (a procuratorate code contains 检)");
            }
            if n > 12 {
                return Some(" (longer than 12 characters)");
            }
            if !court.chars().all(|c| is_cjk(c) || c.is_ascii_digit()) {
                return Some(" (expected Chinese characters and digits)");
            }
            None
        }
        Code::Yearless => {
            let max = if mode == Mode::Find { 2 } else { 8 };
            if n == 0 || n != letters || n > max {
                return Some(" (a number without a year needs a short court abbreviation)");
            }
            if category == CaseCategory::Prosecution && !court.contains('检') && mode == Mode::Find
            {
                return Some(" (a procuratorate type code needs a code containing 检)");
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, canonical, year, court, type, sequence)
    type Row = (
        &'static str,
        &'static str,
        Option<u16>,
        &'static str,
        &'static str,
        u32,
    );

    #[rustfmt::skip]
    const VARIANTS: &[Row] = &[
        ("（2021）浙0382刑初456号", "(2021)浙0382刑初456号", Some(2021), "浙0382", "刑初", 456),
        ("(2021)浙0382刑初456号", "(2021)浙0382刑初456号", Some(2021), "浙0382", "刑初", 456),
        ("〔2022〕浙0382刑初12号", "(2022)浙0382刑初12号", Some(2022), "浙0382", "刑初", 12),
        ("[2022]浙0382民初7号", "(2022)浙0382民初7号", Some(2022), "浙0382", "民初", 7),
        ("［2022］浙0382民初7号", "(2022)浙0382民初7号", Some(2022), "浙0382", "民初", 7),
        ("【2019】浙0382执5号", "(2019)浙0382执5号", Some(2019), "浙0382", "执", 5),
        ("（２０２１）浙０３８２刑初４５６号", "(2021)浙0382刑初456号", Some(2021), "浙0382", "刑初", 456),
        ("（2018）黔 06民终609号", "(2018)黔06民终609号", Some(2018), "黔06", "民终", 609),
        ("（ 2018 ） 黔 06 民终 609 号", "(2018)黔06民终609号", Some(2018), "黔06", "民终", 609),
        ("(2015)信刑终字第90号", "(2015)信刑终字第90号", Some(2015), "信", "刑终", 90),
        ("(2014)新民初字第161号", "(2014)新民初字第161号", Some(2014), "新", "民初", 161),
        ("（2012）西民一初字第295号", "(2012)西民一初字第295号", Some(2012), "西", "民一初", 295),
        ("［2006］枣刑一初字第197号", "(2006)枣刑一初字第197号", Some(2006), "枣", "刑一初", 197),
        ("（2014）三中刑终字第00640号", "(2014)三中刑终字第640号", Some(2014), "三中", "刑终", 640),
        ("（2015）镇坦民初字第29号", "(2015)镇坦民初字第29号", Some(2015), "镇坦", "民初", 29),
        ("（2010）长刑执字第4519号", "(2010)长刑执字第4519号", Some(2010), "长", "刑执", 4519),
        ("（2015）刑监字第27号", "(2015)刑监字第27号", Some(2015), "", "刑监", 27),
        ("（2015）刑立他字第8号", "(2015)刑立他字第8号", Some(2015), "", "刑立他", 8),
        ("格刑初字第117号", "格刑初字第117号", None, "格", "刑初", 117),
        ("乐检刑诉〔2022〕123号", "乐检刑诉(2022)123号", Some(2022), "乐检", "刑诉", 123),
        ("呼检公一刑诉（2017）3号", "呼检公一刑诉(2017)3号", Some(2017), "呼检公一", "刑诉", 3),
        ("乐检刑捕受〔2022〕87号", "乐检刑捕受(2022)87号", Some(2022), "乐检", "刑捕受", 87),
        ("枣检公诉刑变诉［2017］2号", "枣检公诉刑变诉(2017)2号", Some(2017), "枣检公诉", "刑变诉", 2),
        ("合检诉字（2012）第21号", "合检诉字(2012)第21号", Some(2012), "合检", "诉", 21),
        ("犍检公诉刑诉字（2014）第59号", "犍检公诉刑诉字(2014)第59号", Some(2014), "犍检公诉", "刑诉", 59),
        ("沪松检诉刑诉（2015）1608号", "沪松检诉刑诉(2015)1608号", Some(2015), "沪松检诉", "刑诉", 1608),
        ("乐检捕〔2022〕8号", "乐检捕(2022)8号", Some(2022), "乐检", "捕", 8),
        ("乐检批捕〔2022〕8号", "乐检批捕(2022)8号", Some(2022), "乐检", "批捕", 8),
        ("乐检审查逮捕〔2022〕8号", "乐检审查逮捕(2022)8号", Some(2022), "乐检", "审查逮捕", 8),
        ("(2022)浙0382执123号", "(2022)浙0382执123号", Some(2022), "浙0382", "执", 123),
        ("(2023)云2323执恢39号", "(2023)云2323执恢39号", Some(2023), "云2323", "执恢", 39),
        ("(2022)浙0382执异5号", "(2022)浙0382执异5号", Some(2022), "浙0382", "执异", 5),
        ("(2022)浙0382执保5号", "(2022)浙0382执保5号", Some(2022), "浙0382", "执保", 5),
        ("(2022)浙03执复5号", "(2022)浙03执复5号", Some(2022), "浙03", "执复", 5),
        ("(2022)浙执监5号", "(2022)浙执监5号", Some(2022), "浙", "执监", 5),
        ("(2021)黑7530执472号", "(2021)黑7530执472号", Some(2021), "黑7530", "执", 472),
        ("(2020)浙0382刑更12号", "(2020)浙0382刑更12号", Some(2020), "浙0382", "刑更", 12),
        ("(2020)浙03刑再1号", "(2020)浙03刑再1号", Some(2020), "浙03", "刑再", 1),
        ("(2020)浙03民再1号", "(2020)浙03民再1号", Some(2020), "浙03", "民再", 1),
        ("(2020)浙民申1号", "(2020)浙民申1号", Some(2020), "浙", "民申", 1),
        ("(2020)浙0382民特1号", "(2020)浙0382民特1号", Some(2020), "浙0382", "民特", 1),
        ("(2020)浙0382行初1号", "(2020)浙0382行初1号", Some(2020), "浙0382", "行初", 1),
        ("(2020)浙03行终1号", "(2020)浙03行终1号", Some(2020), "浙03", "行终", 1),
        ("(2017)云2323行审22号", "(2017)云2323行审22号", Some(2017), "云2323", "行审", 22),
        ("(2021)最高法民申1234号", "(2021)最高法民申1234号", Some(2021), "最高法", "民申", 1234),
        ("(2020)陕0524执63号之一", "(2020)陕0524执63号之一", Some(2020), "陕0524", "执", 63),
        ("（2012）刑监字第182-1号", "(2012)刑监字第182-1号", Some(2012), "", "刑监", 182),
        ("（2010）刑监字第377－2号", "(2010)刑监字第377-2号", Some(2010), "", "刑监", 377),
        ("(2021)浙0382刑初第456号", "(2021)浙0382刑初第456号", Some(2021), "浙0382", "刑初", 456),
        ("2016陕0303民初1038号", "(2016)陕0303民初1038号", Some(2016), "陕0303", "民初", 1038),
        ("2015信刑终字第90号", "(2015)信刑终字第90号", Some(2015), "信", "刑终", 90),
    ];

    #[test]
    fn every_variant_parses_to_its_fields_and_canonical_form() {
        for &(input, canonical, year, court, type_code, seq) in VARIANTS {
            let n = CaseNumber::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(n.to_string(), canonical, "{input}");
            assert_eq!(
                (n.year(), n.court(), n.type_code(), n.sequence()),
                (year, court, type_code, seq),
                "{input}"
            );
            let again = CaseNumber::parse(canonical).unwrap();
            assert_eq!(again, n, "{canonical} re-parses");
        }
    }

    #[test]
    fn flags_and_categories() {
        // (input, old style, agency first, category, sub-sequence, part)
        type FlagRow = (
            &'static str,
            bool,
            bool,
            CaseCategory,
            Option<u32>,
            Option<u32>,
        );
        #[rustfmt::skip]
        let rows: &[FlagRow] = &[
            ("(2021)浙0382刑初456号", false, false, CaseCategory::Criminal, None, None),
            ("(2015)信刑终字第90号", true, false, CaseCategory::Criminal, None, None),
            ("乐检刑诉〔2022〕123号", false, true, CaseCategory::Prosecution, None, None),
            ("合检诉字（2012）第21号", true, true, CaseCategory::Prosecution, None, None),
            ("(2014)新民初字第161号", true, false, CaseCategory::Civil, None, None),
            ("(2017)云2323行审22号", false, false, CaseCategory::Administrative, None, None),
            ("(2020)陕0524执63号之二", false, false, CaseCategory::Enforcement, None, Some(2)),
            ("(2020)陕0524执恢63号之十二", false, false, CaseCategory::Enforcement, None, Some(12)),
            ("(2012)刑监字第182-1号", true, false, CaseCategory::Criminal, Some(1), None),
            ("(2020)浙03委赔1号", false, false, CaseCategory::StateCompensation, None, None),
            ("(2020)浙0382司救刑1号", false, false, CaseCategory::JudicialAid, None, None),
            ("(2020)浙0382破1号", false, false, CaseCategory::Bankruptcy, None, None),
            ("(2020)浙0382财保1号", false, false, CaseCategory::Other, None, None),
        ];
        for &(input, old, agency, cat, sub, part) in rows {
            let n = CaseNumber::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(n.is_old_style(), old, "{input}");
            assert_eq!(n.is_agency_first(), agency, "{input}");
            assert_eq!(n.category(), cat, "{input}");
            assert_eq!(n.sub_sequence(), sub, "{input}");
            assert_eq!(n.part(), part, "{input}");
        }
    }

    #[test]
    fn keys_decide_sameness() {
        // (a, b, whether they name the same case)
        #[rustfmt::skip]
        let rows: &[(&str, &str, bool)] = &[
            ("（2021）浙0382刑初456号", "(2021)浙0382刑初456号", true),
            ("(2015)信刑终字第90号", "（2015）信刑终90号", true),
            ("(2014)三中刑终字第00640号", "(2014)三中刑终640号", true),
            ("(2020)陕0524执63号之一", "(2020)陕0524执63号", true),
            ("乐检刑诉〔2022〕123号", "(2022)乐检刑诉123号", true),
            ("（2018）黔 06民终609号", "［2018］黔06民终609号", true),
            ("(2021)浙0382刑初456号", "(2022)浙0382刑初456号", false),
            ("(2021)浙0382刑初456号", "(2021)浙0382刑终456号", false),
            ("(2021)浙0382刑初456号", "(2021)浙0381刑初456号", false),
            ("(2021)浙0382刑初456号", "(2021)浙0382刑初457号", false),
            ("(2012)刑监字第182号", "(2012)刑监字第182-1号", false),
            ("格刑初字第117号", "(2014)格刑初字第117号", false),
        ];
        for &(a, b, same) in rows {
            let (a, b) = (CaseNumber::parse(a).unwrap(), CaseNumber::parse(b).unwrap());
            assert_eq!(a.key() == b.key(), same, "{a} vs {b}");
        }
        assert_eq!(
            CaseNumber::parse("乐检刑诉〔2022〕123号").unwrap().key(),
            "(2022)乐检刑诉123号"
        );
    }

    #[test]
    fn rejections_say_why() {
        let rows: &[(&str, &str)] = &[
            ("", "empty"),
            ("(2014)19号", "no case-type code"),
            ("（2014）第76号", "no case-type code"),
            ("（2013）新郑1205号", "no case-type code"),
            ("(2017)西证经字第3924号", "no case-type code"),
            ("(2018)西证执字第233号", "notary"),
            ("［2016］临鉴字第1830号", "no case-type code"),
            ("淮府办〔2011〕7号", "no case-type code"),
            ("格价认（2014）19号", "no case-type code"),
            ("莱公活检字（2008）499号", "no case-type code"),
            ("公诉刑诉〔2018〕12号", "contains 检"),
            ("(3021)浙0382刑初456号", "year 3021"),
            ("(21)浙0382刑初456号", "four-digit year"),
            ("(2021)浙0382刑初号", "no sequence number"),
            ("(2021)浙0382刑初456", "followed by 号"),
            ("乐清市人民法院(2021)浙0382刑初456号", "text around"),
            ("乐清市人民检察院乐检刑诉〔2022〕123号", "text around"),
            ("(2021)浙0382刑初456号民事判决书", "text around"),
            ("2015信刑终90号", "court code with digits"),
            ("2016临鉴字第229号", "no case-type code"),
            ("xx公诉刑诉〔2018〕x号", "contains 检"),
        ];
        for &(input, needle) in rows {
            let err = CaseNumber::parse(input).unwrap_err();
            assert!(err.to_string().contains(needle), "{input}: {err}");
        }
    }

    #[test]
    fn finds_numbers_in_running_text() {
        #[rustfmt::skip]
        let rows: &[(&str, &[&str])] = &[
            ("浙江省乐清市人民法院（2021）浙0382民初1234号民事判决书已经发生法律效力。", &["（2021）浙0382民初1234号"]),
            ("执行依据：(2020)陕0524执63号之二裁定书，及（2019）陕0524民初5号判决。", &["(2020)陕0524执63号之二", "（2019）陕0524民初5号"]),
            ("格尔木市人民检察院以格检公诉刑诉［2018］306号起诉书指控", &["格检公诉刑诉［2018］306号"]),
            ("呼和浩特市人民检察院 起诉书 呼检公一刑诉（2017）3号", &["呼检公一刑诉（2017）3号"]),
            ("犍为县人民检察院以犍检公诉刑诉字（2014）第59号起诉书", &["犍检公诉刑诉字（2014）第59号"]),
            ("青海省格尔木市人民法院 刑事判决书 格刑初字第117号 公诉机关", &["格刑初字第117号"]),
            ("本院（2013）新民初字第3373号民事判决", &["（2013）新民初字第3373号"]),
            (
                "上诉人不服（２０１８）黔 06 民终 609 号判决，",
                &["（２０１８）黔 06 民终 609 号"],
            ),
            ("鉴定意见：青正信司鉴所【2019】临检字第518号，格价认（2014）19号，淮府办〔2011〕7号，(2018)西证执字第233号", &[]),
            ("本院作出格刑初字第117号判决", &[]),
            ("判 决 书2016陕0303民初1038号原告张", &["2016陕0303民初1038号"]),
            ("陕宝中园司鉴所2016临鉴字第229号，12016陕0303民初1038号，2016信刑终90号", &[]),
            ("原判2015信刑终字第90号判决", &["2015信刑终字第90号"]),
            ("于2019年3月5日作出第5号决定", &[]),
            ("于2019年（2019）作出", &[]),
        ];
        for &(text, want) in rows {
            let found = CaseNumber::find_all(text);
            let got: Vec<&str> = found.iter().map(|(r, _)| &text[r.clone()]).collect();
            assert_eq!(got, want, "{text}");
            for (r, n) in &found {
                assert_eq!(
                    CaseNumber::parse(&text[r.clone()]).as_ref(),
                    Ok(n),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn serde_uses_the_canonical_string() {
        let n = CaseNumber::parse("（2021）浙0382刑初456号").unwrap();
        assert_eq!(
            serde_json::to_string(&n).unwrap(),
            "\"(2021)浙0382刑初456号\""
        );
        let back: CaseNumber = serde_json::from_str("\"〔2021〕浙0382刑初456号\"").unwrap();
        assert_eq!(back, n);
        assert!(serde_json::from_str::<CaseNumber>("\"(2021)\"").is_err());
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        fn case_number_text() -> impl Strategy<Value = String> {
            let courts =
                prop::sample::select(vec!["浙0382", "黔06", "最高法", "信", "三中", "", "镇坦"]);
            let types = prop::sample::select(vec![
                "刑初",
                "民终",
                "执",
                "执恢",
                "民一初",
                "刑立他",
                "行审",
            ]);
            let agencies = prop::sample::select(vec!["乐检", "呼检公一", "枣检公诉"]);
            let ptypes = prop::sample::select(vec!["刑诉", "捕", "审查逮捕", "刑变诉"]);
            let brackets = prop::sample::select(vec![
                ("（", "）"),
                ("(", ")"),
                ("〔", "〕"),
                ("[", "]"),
                ("［", "］"),
            ]);
            let court_style = (
                brackets.clone(),
                1949u32..2100,
                courts,
                types,
                any::<bool>(),
                0u32..100_000,
                prop::option::of(1u32..30),
            )
                .prop_map(|((o, c), y, court, t, zidi, seq, part)| {
                    let zd = if zidi { "字第" } else { "" };
                    let part = part
                        .map(|p| format!("之{}", chinese_numeral(p)))
                        .unwrap_or_default();
                    format!("{o}{y}{c}{court}{t}{zd}{seq}号{part}")
                });
            let agency_style = (brackets, 1949u32..2100, agencies, ptypes, 0u32..100_000)
                .prop_map(|((o, c), y, a, t, seq)| format!("{a}{t}{o}{y}{c}{seq}号"));
            prop_oneof![court_style, agency_style]
        }

        proptest! {
            #[test]
            fn display_reparses_to_an_equal_value(s in case_number_text()) {
                let n = CaseNumber::parse(&s).unwrap();
                let shown = n.to_string();
                prop_assert_eq!(CaseNumber::parse(&shown).unwrap(), n.clone());
                let foreign = |c: char| "（）〔〕［］[] ".contains(c) || ('０'..='９').contains(&c);
                prop_assert!(!shown.chars().any(foreign), "{}", shown);
            }

            #[test]
            fn found_in_text_wherever_it_stands(s in case_number_text(), pre in "[，。：、 ]", post in "[，。民刑]") {
                let text = format!("本院认为{pre}{s}{post}判决书");
                let found = CaseNumber::find_all(&text);
                prop_assert_eq!(found.len(), 1, "{}", text);
                prop_assert_eq!(&text[found[0].0.clone()], s.as_str());
            }

            #[test]
            fn parse_and_find_never_panic(s in "\\PC{0,40}") {
                let _ = CaseNumber::parse(&s);
                for (r, n) in CaseNumber::find_all(&s) {
                    prop_assert_eq!(CaseNumber::parse(&s[r]).unwrap(), n);
                }
            }
        }
    }
}
