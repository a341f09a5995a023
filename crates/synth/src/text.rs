//! Small text helpers shared by the document writers: dates in Chinese numerals, amounts,
//! case numbers in their printed spellings, anonymisation masks, and party descriptions.

use std::collections::HashSet;

use jiuzhu_core::{Date, Gender};

use crate::ids::legacy15;
use crate::people::Person;
use crate::rng::Rng;

const CN_DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// The figure used for zero in the year of a tail date: 〇 mostly, and the look-alikes
/// clerks type (○ U+25CB, a full-width letter Ｏ, 零).
#[derive(Debug, Clone, Copy)]
pub enum Zero {
    Ling,
    Circle,
    LetterO,
    Word,
}

impl Zero {
    pub fn draw(rng: &mut Rng) -> Zero {
        match rng.weighted(&[80, 12, 5, 3]) {
            0 => Zero::Ling,
            1 => Zero::Circle,
            2 => Zero::LetterO,
            _ => Zero::Word,
        }
    }

    fn glyph(self) -> &'static str {
        match self {
            Zero::Ling => "〇",
            Zero::Circle => "○",
            Zero::LetterO => "Ｏ",
            Zero::Word => "零",
        }
    }
}

fn cn_small(n: u32) -> String {
    // 1..=31 as written in dates: 十, 十一, 二十, 二十一, 三十一.
    match n {
        0..=9 => CN_DIGITS[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", CN_DIGITS[(n % 10) as usize]),
        _ => {
            let tens = CN_DIGITS[(n / 10) as usize];
            if n % 10 == 0 {
                format!("{tens}十")
            } else {
                format!("{tens}十{}", CN_DIGITS[(n % 10) as usize])
            }
        }
    }
}

/// 二〇二二年三月三日.
pub fn cn_date(d: Date, zero: Zero) -> String {
    let year: String = d
        .year()
        .to_string()
        .bytes()
        .map(|b| {
            if b == b'0' {
                zero.glyph()
            } else {
                CN_DIGITS[(b - b'0') as usize]
            }
        })
        .collect();
    format!("{year}年{}月{}日", cn_small(d.month()), cn_small(d.day()))
}

/// 2022年3月3日.
pub fn date_text(d: Date) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// An amount in yuan as judgments write it: whole yuan without decimals, else two decimals.
pub fn yuan(x: f64) -> String {
    let cents = (x * 100.0).round() as i64;
    if cents % 100 == 0 {
        format!("{}", cents / 100)
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

/// Rounds to cents, so that sums of printed amounts add up.
pub fn cents(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// A plausible loss amount between `lo` and `hi` yuan, sometimes with cents.
pub fn amount(rng: &mut Rng, lo: f64, hi: f64) -> f64 {
    let x = lo + (hi - lo) * rng.unit();
    if rng.chance(0.45) {
        cents((x * 10.0).round() / 10.0)
    } else {
        x.round()
    }
}

/// How brackets around the year of a case number are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brackets {
    FullWidth,
    Ascii,
    Tortoise,
    Square,
}

impl Brackets {
    pub fn court(rng: &mut Rng) -> Brackets {
        match rng.weighted(&[72, 14, 10, 4]) {
            0 => Brackets::FullWidth,
            1 => Brackets::Ascii,
            2 => Brackets::Tortoise,
            _ => Brackets::Square,
        }
    }

    pub fn procuratorate(rng: &mut Rng) -> Brackets {
        match rng.weighted(&[15, 3, 78, 4]) {
            0 => Brackets::FullWidth,
            1 => Brackets::Ascii,
            2 => Brackets::Tortoise,
            _ => Brackets::Square,
        }
    }

    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Brackets::FullWidth => ("（", "）"),
            Brackets::Ascii => ("(", ")"),
            Brackets::Tortoise => ("〔", "〕"),
            Brackets::Square => ("[", "]"),
        }
    }
}

/// A case number: a court's `(2022)浙0382刑初312号` or a procuratorate's
/// `乐检刑诉(2022)56号`, with an optional `之一` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNo {
    /// Procuratorate prefix (`乐检刑诉`) or empty for courts.
    pub prefix: String,
    pub year: u32,
    /// Court code and type (`浙0382刑初`) or empty for procuratorates.
    pub court_type: String,
    pub seq: u32,
    /// 之一, 之二 ….
    pub part: Option<u32>,
}

impl CaseNo {
    pub fn canonical(&self) -> String {
        self.print(Brackets::Ascii)
    }

    pub fn print(&self, b: Brackets) -> String {
        let (l, r) = b.pair();
        let part = match self.part {
            Some(n) => format!("之{}", cn_small(n)),
            None => String::new(),
        };
        format!(
            "{}{l}{}{r}{}{}号{part}",
            self.prefix, self.year, self.court_type, self.seq
        )
    }
}

/// Masks names for a published (anonymised) document: 张某, 李某某, 王某1, 王××, 李**.
/// Masks are unique within the document.
#[derive(Debug)]
pub struct Masker {
    style: u8,
    used: HashSet<String>,
}

impl Masker {
    pub fn new(rng: &mut Rng, stars: bool) -> Masker {
        let style = if stars {
            if rng.chance(0.5) { 2 } else { 3 }
        } else {
            match rng.weighted(&[40, 50, 10]) {
                0 => 0,
                1 => 1,
                // 王某1, 李某1: numbered from the first mention on.
                _ => 4,
            }
        };
        Masker {
            style,
            used: HashSet::new(),
        }
    }

    pub fn mask(&mut self, p: &Person) -> String {
        let mut chars = p.name.chars();
        let surname: String = chars.next().into_iter().collect();
        let given = chars.count().max(1);
        let base = match self.style {
            0 | 4 => format!("{surname}某"),
            1 => format!("{surname}某某"),
            2 => format!("{surname}{}", "×".repeat(given)),
            _ => format!("{surname}{}", "*".repeat(given)),
        };
        let mut n = 1;
        let mut m = if self.style == 4 {
            n = 2;
            format!("{base}1")
        } else {
            base.clone()
        };
        while !self.used.insert(m.clone()) {
            m = format!("{base}{n}");
            n += 1;
        }
        m
    }
}

/// How an ID number is printed in one mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdShow {
    None,
    Full,
    Legacy15,
    /// 3303821983****** or ×××: present but masked.
    Masked,
}

/// How a person is presented in one document.
#[derive(Debug, Clone)]
pub struct Shown {
    pub anon: bool,
    pub id: IdShow,
    /// Full birth date printed.
    pub birth: bool,
    /// Birth year only (anonymised documents).
    pub birth_year: bool,
    pub sex: bool,
}

impl Shown {
    /// A named party paragraph's presentation: sex always; birth date usually; the ID with
    /// probability `p_id` (sometimes in its 15-digit form for people born before 1985).
    /// Anonymised documents build theirs in [`crate::view::View::party`].
    pub fn party(rng: &mut Rng, p: &Person, p_id: f64) -> Shown {
        let id = if rng.chance(p_id) {
            if p.birth.year() < 1985 && rng.chance(0.08) {
                IdShow::Legacy15
            } else {
                IdShow::Full
            }
        } else {
            IdShow::None
        };
        let birth = id != IdShow::None || p.strict || rng.chance(0.9);
        Shown {
            anon: false,
            id,
            birth,
            birth_year: false,
            sex: true,
        }
    }

    /// The canonical ID the mention gives, for gold.
    pub fn gold_id(&self, p: &Person) -> Option<String> {
        match self.id {
            IdShow::Full | IdShow::Legacy15 => Some(p.id.clone()),
            _ => None,
        }
    }

    pub fn id_text(&self, p: &Person, rng: &mut Rng) -> Option<String> {
        let label = *rng.pick(&["公民身份号码", "公民身份号码", "身份证号码", "身份证号"]);
        match self.id {
            IdShow::None => None,
            IdShow::Full => Some(format!("{label}{}", p.id)),
            IdShow::Legacy15 => Some(format!(
                "{label}{}",
                legacy15(&p.id).unwrap_or_else(|| p.id.clone())
            )),
            IdShow::Masked => Some(if rng.chance(0.5) {
                format!("{label}{}{}", &p.id[..10], "*".repeat(8))
            } else {
                format!("{label}×××")
            }),
        }
    }
}

pub fn sex_word(g: Gender) -> &'static str {
    match g {
        Gender::Male => "男",
        Gender::Female => "女",
    }
}

/// What a party paragraph says after the name: `，男，1983年5月6日出生，公民身份号码…，汉族，
/// 初中文化，务工，户籍所在地…，住…`. `occupation` is left out for companies' agents and the
/// like by passing false.
pub fn describe(rng: &mut Rng, p: &Person, s: &Shown, with_job: bool) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(8);
    if s.sex {
        parts.push(sex_word(p.sex).to_string());
    }
    if s.birth {
        if rng.chance(0.2) && !p.local {
            parts.push(format!(
                "{}出生于{}",
                date_text(p.birth),
                p.division.full_name()
            ));
        } else {
            parts.push(format!("{}出生", date_text(p.birth)));
        }
    } else if s.birth_year {
        parts.push(format!("{}年出生", p.birth.year()));
    }
    let id = s.id_text(p, rng);
    let id_first = rng.chance(0.5);
    if id_first && let Some(id) = &id {
        parts.push(id.clone());
    }
    parts.push(p.ethnicity.to_string());
    if with_job && !s.anon {
        parts.push(p.education.to_string());
        parts.push(p.occupation.to_string());
    }
    if s.anon {
        parts.push(if p.local || rng.chance(0.3) {
            "住浙江省乐清市".to_string()
        } else {
            format!("住{}", p.division.province)
        });
    } else {
        match rng.below(3) {
            0 => parts.push(format!("户籍所在地{}，住{}", p.hukou, p.residence)),
            1 if !p.local => parts.push(format!("户籍地{}，暂住{}", p.hukou, p.residence)),
            _ => parts.push(format!("住{}", p.residence)),
        }
    }
    if !id_first && let Some(id) = id {
        parts.push(id);
    }
    let mut out = String::new();
    for part in parts {
        out.push('，');
        out.push_str(&part);
    }
    out
}

/// Spaces a title out as printed heads often do: 民 事 判 决 书.
pub fn spaced(title: &str) -> String {
    let mut out = String::with_capacity(title.len() * 2);
    for (i, c) in title.chars().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A person's name with the padding tails use for two-character names: 陈  旭.
pub fn padded(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() == 2 {
        format!("{}  {}", chars[0], chars[1])
    } else {
        name.to_string()
    }
}

/// 一 … 十二 for months and counts.
pub fn cn_number(n: u32) -> String {
    cn_small(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_dates() {
        let rows = [
            ((2022, 3, 3), Zero::Ling, "二〇二二年三月三日"),
            ((2021, 12, 16), Zero::Ling, "二〇二一年十二月十六日"),
            ((2023, 10, 20), Zero::Circle, "二○二三年十月二十日"),
            ((2020, 5, 31), Zero::LetterO, "二Ｏ二Ｏ年五月三十一日"),
        ];
        for ((y, m, d), z, want) in rows {
            assert_eq!(cn_date(Date::new(y, m, d).unwrap(), z), want);
        }
    }

    #[test]
    fn amounts_and_case_numbers() {
        assert_eq!(yuan(45632.5), "45632.50");
        assert_eq!(yuan(52860.0), "52860");
        let c = CaseNo {
            prefix: String::new(),
            year: 2023,
            court_type: "浙0382执".into(),
            seq: 856,
            part: Some(1),
        };
        assert_eq!(c.canonical(), "(2023)浙0382执856号之一");
        assert_eq!(c.print(Brackets::FullWidth), "（2023）浙0382执856号之一");
        let p = CaseNo {
            prefix: "乐检刑诉".into(),
            year: 2022,
            court_type: String::new(),
            seq: 56,
            part: None,
        };
        assert_eq!(p.print(Brackets::Tortoise), "乐检刑诉〔2022〕56号");
        for b in [
            Brackets::FullWidth,
            Brackets::Ascii,
            Brackets::Tortoise,
            Brackets::Square,
        ] {
            for c in [&c, &p] {
                let parsed: jiuzhu_core::CaseNumber = c.print(b).parse().unwrap();
                assert_eq!(parsed.to_string(), c.canonical());
            }
        }
    }

    #[test]
    fn masks_are_unique_within_a_document_and_recognised() {
        use crate::people::{Age, People, Spec};
        let mut rng = Rng::new(2);
        let mut people = People::new();
        let crowd: Vec<Person> = (0..40)
            .map(|_| people.person(&mut rng, Spec::new(Age::Adult), None))
            .collect();
        let mut styles = HashSet::new();
        for (k, stars) in [
            (0, false),
            (1, false),
            (2, true),
            (3, true),
            (4, false),
            (5, false),
        ] {
            let mut m = Masker::new(&mut Rng::new(k), stars);
            styles.insert(m.style);
            let masks: Vec<String> = crowd.iter().map(|p| m.mask(p)).collect();
            let unique: HashSet<&String> = masks.iter().collect();
            assert_eq!(unique.len(), masks.len(), "{masks:?}");
            for (mask, p) in masks.iter().zip(&crowd) {
                assert!(jiuzhu_core::is_anonymized(mask), "{mask}");
                assert_eq!(mask.chars().next(), p.name.chars().next());
                assert_eq!(jiuzhu_core::normalize_name(mask), *mask);
            }
            if m.style == 4 {
                assert!(masks[0].ends_with("某1"), "{}", masks[0]);
            }
        }
        assert!(styles.len() >= 3, "{styles:?}");
    }
}
