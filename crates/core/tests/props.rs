//! Property tests over the parsers of jiuzhu-core: resident ID numbers, case numbers, dates
//! and names. None may panic on any input; each round-trips where a canonical form exists.

use jiuzhu_core::{CaseNumber, Date, Gender, IdNumber, Region, is_anonymized, normalize_name};
use proptest::prelude::*;

/// The day the tests judge "born in the future" against, so they do not age.
fn today() -> Date {
    Date::new(2026, 1, 1).unwrap()
}

/// Division codes that exist in every table revision since 2002 (GB/T 2260).
const REGIONS: &[&str] = &["330382", "110101", "330102", "510104", "420102", "370202"];

/// A valid 18-character ID and what it encodes.
fn valid_id() -> impl Strategy<Value = (String, Date, Gender)> {
    (
        prop::sample::select(REGIONS),
        1930u32..=2020,
        1u32..=12,
        1u32..=28,
        0u32..=999,
    )
        .prop_map(|(region, y, m, d, seq)| {
            let first17 = format!("{region}{y:04}{m:02}{d:02}{seq:03}");
            let check = jiuzhu_core::id::check_char(&first17).unwrap();
            let gender = if seq % 2 == 1 {
                Gender::Male
            } else {
                Gender::Female
            };
            (
                format!("{first17}{check}"),
                Date::new(y, m, d).unwrap(),
                gender,
            )
        })
}

/// Strings that look like ID numbers: digits half- and full-width, x/X/ｘ, spaces, a few
/// letters, of lengths around 15 and 18.
fn id_like() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(&[
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "X", "x", "ｘ", "３", "０", " ", "-",
            "a", "号", "\u{FEFF}",
        ]),
        13..20,
    )
    .prop_map(|v| v.concat())
}

/// Pieces of case numbers in every spelling documents use, and noise around them.
const CASE_FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "（",
    "）",
    "〔",
    "〕",
    "[",
    "]",
    "［",
    "］",
    "【",
    "】",
    "2021",
    "２０２２",
    "1949",
    "2100",
    "19",
    "浙0382",
    "浙",
    "0382",
    "京01",
    "乐检",
    "呼检公一",
    "最高法",
    "信",
    "刑初",
    "民初",
    "民一初",
    "执",
    "执恢",
    "刑诉",
    "刑捕受",
    "审查逮捕",
    "字",
    "第",
    "号",
    "之一",
    "之十二",
    "-",
    "－",
    "1",
    "45",
    "0456",
    "９",
    " ",
    "\u{3000}",
    "人民法院",
    "以",
    "院",
    "证",
    "，",
    "。",
    "\n",
    "判决书",
    "a",
    "😀",
];

/// Fragment soup: mostly not case numbers, good at finding parser edge cases.
fn case_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(CASE_FRAGMENTS), 0..24).prop_map(|v| v.concat())
}

/// Case numbers built by the grammar, court style (`（2021）浙0382刑初456号`) and agency
/// style (`乐检刑诉〔2022〕123号`), each part mostly right and sometimes wrong (an odd
/// bracket, a year out of range, a made-up type code, 字/第, 之N, text around it): about a
/// third parse as a whole and most are found in text.
fn case_grammar() -> impl Strategy<Value = String> {
    let pick = |v: &'static [&'static str]| prop::sample::select(v);
    let court_style = (
        pick(&["", "", "", "", "", "乐清市人民法院", "，"]),
        pick(&["(", "（", "〔", "[", "［", "【", "(", "（", ""]),
        pick(&[
            "2021",
            "２０１５",
            "1949",
            "2099",
            "2016",
            "2021",
            "1948",
            "21",
        ]),
        pick(&[")", "）", "〕", "]", "］", "】", ")", "）", ""]),
        pick(&[
            "浙0382",
            "京01",
            "信",
            "最高法",
            "浙0382",
            "黔 06",
            "",
            "证",
        ]),
        pick(&["刑初", "民终", "民一初", "执恢", "执", "刑初", "民初", "初"]),
        pick(&["", "", "", "字", "字第", "第"]),
        pick(&["1", "456", "0456", "１２", "99999", "182-1", "7", ""]),
        pick(&["号", "号", "号", "号", "号之一", "号之十二", ""]),
        pick(&["", "", "", "", "", "民事判决书", "。"]),
    )
        .prop_map(|(a, b, c, d, e, f, g, h, i, j)| [a, b, c, d, e, f, g, h, i, j].concat());
    let agency_style = (
        pick(&["", "", "", "人民检察院以"]),
        pick(&["乐检", "呼检公一", "合检", "乐检", ""]),
        pick(&["刑诉", "刑捕受", "审查逮捕", "诉", "刑不诉", "刑"]),
        pick(&["", "", "字"]),
        pick(&["〔", "（", "(", "["]),
        pick(&["2022", "２０１７", "2012", "3000"]),
        pick(&["〕", "）", ")", "]"]),
        pick(&["", "", "第"]),
        pick(&["123", "3", "21", "０８７"]),
        pick(&["号", "号", "号", ""]),
    )
        .prop_map(|(a, b, c, d, e, f, g, h, i, j)| [a, b, c, d, e, f, g, h, i, j].concat());
    prop_oneof![court_style, agency_style]
}

fn case_like() -> impl Strategy<Value = String> {
    prop_oneof![case_grammar(), case_soup()]
}

/// A court case number in a random bracket and digit spelling, and its canonical form.
fn court_case() -> impl Strategy<Value = (String, String)> {
    (
        1990u32..=2030,
        prop::sample::select(&["浙0382", "京01", "沪0115", "黔06", "最高法"][..]),
        prop::sample::select(
            &[
                "刑初",
                "刑终",
                "民初",
                "民终",
                "民一初",
                "执",
                "执恢",
                "执异",
            ][..],
        ),
        1u32..=99_999,
        0usize..5,
        any::<bool>(),
    )
        .prop_map(|(year, court, code, seq, bracket, wide)| {
            let (open, close) = [
                ("(", ")"),
                ("（", "）"),
                ("〔", "〕"),
                ("[", "]"),
                ("［", "］"),
            ][bracket];
            let digits = |n: u32| {
                let s = n.to_string();
                if wide {
                    s.chars()
                        .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
                        .collect()
                } else {
                    s
                }
            };
            (
                format!(
                    "{open}{}{close}{court}{code}{}号",
                    digits(year),
                    digits(seq)
                ),
                format!("({year}){court}{code}{seq}号"),
            )
        })
}

/// Date strings: ISO-like with odd parts, and anything.
fn date_like() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..10_000, 0u32..100, 0u32..100).prop_map(|(y, m, d)| format!("{y}-{m}-{d}")),
        (0u32..10_000, 0u32..100, 0u32..100).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        "[0-9-]{0,14}",
        any::<String>(),
    ]
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any string: parsing an ID never panics, and what parses is canonical and re-parses.
    #[test]
    fn id_parse_never_panics(s in prop_oneof![id_like(), any::<String>()]) {
        if let Ok(id) = IdNumber::parse_on(&s, today()) {
            prop_assert_eq!(id.as_str().len(), 18);
            prop_assert_eq!(id.to_string(), id.as_str());
            let again = IdNumber::parse_on(id.as_str(), today()).unwrap();
            prop_assert_eq!(again.as_str(), id.as_str());
            prop_assert_eq!(again.birth_date(), id.birth_date());
        }
    }

    /// A valid ID parses to itself in every tolerated spelling, and says what it encodes.
    #[test]
    fn valid_ids_round_trip((s, birth, gender) in valid_id()) {
        let id = IdNumber::parse_on(&s, today()).unwrap();
        prop_assert_eq!(id.as_str(), s.as_str());
        prop_assert_eq!(id.birth_date(), birth);
        prop_assert_eq!(id.gender(), gender);
        prop_assert_eq!(&id.region_code(), &&s[..6]);
        prop_assert!(Region::lookup(id.region_code(), Some(birth.year())).is_some());
        let wide: String = s
            .chars()
            .map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c.to_ascii_lowercase() })
            .collect();
        let respelled = IdNumber::parse_on(&format!(" {wide} "), today()).unwrap();
        prop_assert_eq!(respelled.as_str(), s.as_str());
        let parsed: IdNumber = s.parse().unwrap();
        prop_assert_eq!(parsed.as_str(), s.as_str());
    }

    /// GB 11643's MOD 11-2 check catches every changed digit and every swap of two
    /// different neighbouring digits among the first 17.
    #[test]
    fn check_digit_catches_typos((s, _, _) in valid_id(), at in 0usize..17, by in 1u8..10, swap in any::<bool>()) {
        let mut b = s.clone().into_bytes();
        if swap && at < 16 && b[at] != b[at + 1] {
            b.swap(at, at + 1);
        } else {
            b[at] = b'0' + (b[at] - b'0' + by) % 10;
        }
        let typo = String::from_utf8(b).unwrap();
        prop_assert!(IdNumber::parse_on(&typo, today()).is_err(), "{} accepted", typo);
    }

    /// A first-generation 15-digit number converts to the 18-digit one of the same person.
    #[test]
    fn fifteen_digits_convert((s, birth, gender) in valid_id().prop_filter("born in the 1900s", |(_, b, _)| b.year() < 2000)) {
        let old = format!("{}{}{}", &s[..6], &s[8..14], &s[14..17]);
        let id = IdNumber::parse_on(&old, today()).unwrap();
        prop_assert_eq!(id.as_str(), s.as_str());
        prop_assert!(id.was_15_digit());
        prop_assert_eq!((id.birth_date(), id.gender()), (birth, gender));
    }

    /// Case numbers: parsing never panics; anything parsed prints a canonical form that
    /// re-parses to an equal number with the same key.
    #[test]
    fn case_parse_round_trips(s in prop_oneof![case_like(), any::<String>()]) {
        if let Ok(n) = CaseNumber::parse(&s) {
            let canonical = n.to_string();
            let again = CaseNumber::parse(&canonical);
            prop_assert_eq!(again.as_ref(), Ok(&n), "{} → {}", s, canonical);
            prop_assert_eq!(again.unwrap().key(), n.key());
            prop_assert!(canonical.is_ascii() || !canonical.contains(['（', '〔', '［', '０']));
        }
    }

    /// Finding case numbers in running text: ranges are in order, on character boundaries,
    /// do not overlap, and each found number re-parses from its canonical form.
    #[test]
    fn case_find_all_is_sound(s in prop_oneof![case_like(), any::<String>()]) {
        let found = CaseNumber::find_all(&s);
        let mut end = 0;
        for (r, n) in &found {
            prop_assert!(r.start >= end && r.start < r.end && r.end <= s.len());
            prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            end = r.end;
            let again = CaseNumber::parse(&n.to_string());
            prop_assert_eq!(again.as_ref(), Ok(n));
        }
    }

    /// Every bracket and digit spelling of a court number parses to one canonical form.
    #[test]
    fn case_spellings_are_one_number((spelled, canonical) in court_case(), noise in "[，。 ]{0,2}") {
        let n = CaseNumber::parse(&spelled).unwrap();
        prop_assert_eq!(n.to_string(), canonical.clone());
        let text = format!("执行依据为乐清市人民法院{spelled}{noise}民事判决书");
        let found = CaseNumber::find_all(&text);
        prop_assert_eq!(found.len(), 1, "{}", text);
        prop_assert_eq!(&text[found[0].0.clone()], spelled.as_str());
        prop_assert_eq!(found[0].1.key(), n.key());
    }

    /// Dates: parsing never panics; what parses prints as ISO and re-parses; `new` accepts
    /// exactly the days of the calendar (1800..=2200).
    #[test]
    fn dates_parse_and_round_trip(s in date_like(), y in 1700u32..2300, m in 0u32..14, d in 0u32..33) {
        if let Ok(date) = s.parse::<Date>() {
            prop_assert_eq!(date.to_string().parse::<Date>(), Ok(date));
        }
        let valid = (1800..=2200).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m);
        match Date::new(y, m, d) {
            Ok(date) => {
                prop_assert!(valid);
                prop_assert_eq!((date.year(), date.month(), date.day()), (y, m, d));
                prop_assert_eq!(date.to_string().parse::<Date>(), Ok(date));
            }
            Err(_) => prop_assert!(!valid),
        }
    }

    /// Day numbers: any i64 gives a date in the supported range (no overflow); consecutive
    /// days inside it give consecutive dates.
    #[test]
    fn days_since_epoch_never_overflow(days in any::<i64>(), near in -62_091i64..84_370) {
        let d = Date::from_days_since_epoch(days);
        prop_assert!((1800..=2200).contains(&d.year()), "{} → {}", days, d);
        prop_assert_eq!(d.to_string().parse::<Date>(), Ok(d));
        let (a, b) = (Date::from_days_since_epoch(near), Date::from_days_since_epoch(near + 1));
        prop_assert!(a < b, "{} {}", a, b);
    }

    /// Names: normalisation never panics and is idempotent; anonymity is decided on the
    /// normalised name.
    #[test]
    fn names_normalise_idempotently(s in prop_oneof![
        "[王李张某×ＸxX·・•.． \u{3000}]{0,6}",
        any::<String>(),
    ]) {
        let once = normalize_name(&s);
        prop_assert_eq!(normalize_name(&once), once.clone());
        let _ = is_anonymized(&s);
        prop_assert_eq!(is_anonymized(&once), is_anonymized(&normalize_name(&once)));
    }
}

/// The edges of the day range, exactly.
#[test]
fn day_range_edges() {
    let rows: &[(i64, &str)] = &[
        (0, "1970-01-01"),
        (-62_091, "1800-01-01"),
        (84_370, "2200-12-31"),
        (-62_092, "1800-01-01"),
        (84_371, "2200-12-31"),
        (i64::MIN, "1800-01-01"),
        (i64::MAX, "2200-12-31"),
    ];
    for &(days, want) in rows {
        assert_eq!(
            Date::from_days_since_epoch(days).to_string(),
            want,
            "{days}"
        );
    }
}

/// The case-number grammar reaches the parser: a property over strings that never parse
/// would test nothing.
#[test]
fn case_grammar_exercises_the_parser() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut parsed, mut found) = (0, 0);
    for _ in 0..2000 {
        let s = case_grammar().new_tree(&mut runner).unwrap().current();
        parsed += usize::from(CaseNumber::parse(&s).is_ok());
        found += usize::from(!CaseNumber::find_all(&s).is_empty());
    }
    assert!(
        parsed >= 300 && found >= 500,
        "parsed {parsed}, found {found} of 2000"
    );
}
