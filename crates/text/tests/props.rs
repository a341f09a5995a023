//! Property tests over the numeral, amount and date parsers: no input panics them, and a
//! value written the ways court documents write it reads back as itself.

use jiuzhu_core::Date;
use jiuzhu_text::{
    DateValue, find_amounts, find_dates, parse_amount, parse_date, parse_int, parse_number,
};
use proptest::prelude::*;

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CAPITALS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];

/// One group of four digits (0 < n < 10000) with 千百十, zeros collapsed (一千零五), and the
/// leading 一 of 一十 dropped when `head` (十五, but 一百一十五).
fn group(n: u64, digits: &[char; 10], units: [char; 3], head: bool) -> String {
    let d = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let unit = [Some(units[0]), Some(units[1]), Some(units[2]), None];
    let mut out = String::new();
    let mut zero = false;
    for (i, &v) in d.iter().enumerate() {
        if v == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push(digits[0]);
            zero = false;
        }
        if !(head && out.is_empty() && i == 2 && v == 1) {
            out.push(digits[v as usize]);
        }
        if let Some(u) = unit[i] {
            out.push(u);
        }
    }
    out
}

/// `n` in Chinese numerals with 万 and 亿 (ordinary digits or financial capitals).
fn chinese(n: u64, capitals: bool) -> String {
    let (digits, units, big) = if capitals {
        (&CAPITALS, ['仟', '佰', '拾'], ['亿', '万'])
    } else {
        (&DIGITS, ['千', '百', '十'], ['亿', '万'])
    };
    if n == 0 {
        return digits[0].to_string();
    }
    let groups = [n / 100_000_000, n / 10_000 % 10_000, n % 10_000];
    let mut out = String::new();
    for (i, &g) in groups.iter().enumerate() {
        if g == 0 {
            continue;
        }
        // A group below 1000 after a higher one needs its 零 (一万零五百).
        if !out.is_empty() && g < 1000 && !out.ends_with(digits[0]) {
            out.push(digits[0]);
        }
        out.push_str(&group(g, digits, units, out.is_empty()));
        if i < 2 {
            out.push(big[i]);
        }
    }
    out
}

/// `n` with thousands separators (half- or full-width commas).
fn grouped(n: u64, sep: char) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Chinese text with numbers, units, 元 and dates mixed in: what the finders run over.
fn noisy() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(
            &[
                "赔偿",
                "人民币",
                "元",
                "整",
                "余",
                "万",
                "千",
                "伍",
                "拾",
                "5",
                "0",
                ".",
                ",",
                "，",
                "２",
                "年",
                "月",
                "日",
                "号",
                "二〇二一",
                "〇",
                "十",
                "O",
                "○",
                "-",
                "/",
                "被告人",
                "。",
                "\n",
                "约",
                "1981年**月**日",
                "¥",
                "😀",
            ][..],
        ),
        0..40,
    )
    .prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![noisy(), any::<String>()]
}

fn valid_date() -> impl Strategy<Value = Date> {
    (1900u32..=2100, 1u32..=12, 1u32..=31)
        .prop_filter_map("a calendar day", |(y, m, d)| Date::new(y, m, d).ok())
}

/// `2021` → 二〇二一 (a year is read digit by digit).
fn year_digits(y: u32, zero: char) -> String {
    y.to_string()
        .chars()
        .map(|c| match c.to_digit(10).unwrap() {
            0 => zero,
            d => DIGITS[d as usize],
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// No string panics a parser or finder; every span a finder returns lies on character
    /// boundaries, in order and without overlap.
    #[test]
    fn parsers_never_panic(s in any_text()) {
        let _ = (parse_number(&s), parse_int(&s), parse_amount(&s), parse_date(&s));
        let mut end = 0;
        for a in find_amounts(&s) {
            prop_assert!(a.span.start >= end && a.span.start < a.span.end && a.span.end <= s.len());
            prop_assert!(s.is_char_boundary(a.span.start) && s.is_char_boundary(a.span.end));
            prop_assert!(a.yuan.is_finite() && a.yuan >= 0.0);
            end = a.span.end;
        }
        let mut end = 0;
        for d in find_dates(&s) {
            prop_assert!(d.span.start >= end && d.span.start < d.span.end && d.span.end <= s.len());
            prop_assert!(s.is_char_boundary(d.span.start) && s.is_char_boundary(d.span.end));
            end = d.span.end;
        }
    }

    /// An amount found in text is the amount its own text parses to. (A leading 约 makes it
    /// approximate but stays outside the span, so only its own text's 余/多/许 re-parse.)
    #[test]
    fn found_amounts_reparse(s in noisy()) {
        for a in find_amounts(&s) {
            let again = parse_amount(a.span.slice(&s)).map(|b| b.yuan);
            prop_assert_eq!(again, Some(a.yuan), "{}", a.span.slice(&s));
            let after_yue = s[..a.span.start].ends_with('约');
            prop_assert_eq!(parse_amount(a.span.slice(&s)).unwrap().approx || after_yue, a.approx);
        }
    }

    /// A date found in text is the date its own text parses to (a partial date may read
    /// fuller in its context, never differently).
    #[test]
    fn found_dates_reparse(s in noisy()) {
        for d in find_dates(&s) {
            let again = parse_date(d.span.slice(&s));
            prop_assert_eq!(again, Some(d.value), "{}", d.span.slice(&s));
        }
    }

    /// Integers read back in every way documents write them.
    #[test]
    fn integers_round_trip(n in prop_oneof![0u64..100, 0u64..100_000, 0u64..1_000_000_000_000]) {
        for written in [
            n.to_string(),
            grouped(n, ','),
            grouped(n, '，'),
            chinese(n, false),
            chinese(n, true),
            n.to_string().chars().map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap()).collect(),
        ] {
            prop_assert_eq!(parse_int(&written), Some(n), "{}", written);
        }
    }

    /// Yuan and fen read back exactly (through cents, so 55810.54 is the nearest f64).
    #[test]
    fn money_round_trips(yuan in 0u64..100_000_000, fen in 0u64..100, wan in 1u64..10_000, tenth in 0u64..10) {
        let value = yuan as f64 + fen as f64 / 100.0;
        let written = format!("{}.{fen:02}", grouped(yuan, ','));
        prop_assert_eq!(parse_number(&written), Some(value), "{}", written);
        let amount = parse_amount(&format!("人民币{written}元")).unwrap();
        prop_assert_eq!(amount.yuan, value);
        let text = format!("赔偿经济损失{}元整，已支付{wan}.{tenth}万元。", chinese(yuan, true));
        let found: Vec<f64> = find_amounts(&text).iter().map(|a| a.yuan).collect();
        prop_assert_eq!(found, vec![yuan as f64, (wan * 10 + tenth) as f64 * 1000.0], "{}", text);
    }

    /// A date reads back in every way documents write it, alone and inside a sentence.
    #[test]
    fn dates_round_trip(d in valid_date(), zero in prop::sample::select(&['〇', '零', 'Ｏ', '○', 'O'][..])) {
        let (y, m, day) = (d.year(), d.month(), d.day());
        let cn_small = |v: u32| chinese(u64::from(v), false);
        for written in [
            format!("{y}年{m}月{day}日"),
            format!("{y}年{m:02}月{day:02}号"),
            format!("{y}-{m:02}-{day:02}"),
            format!("{y}.{m}.{day}"),
            format!("{y}/{m}/{day}"),
            format!("{}年{}月{}日", year_digits(y, zero), cn_small(m), cn_small(day)),
        ] {
            prop_assert_eq!(parse_date(&written), Some(DateValue::Full(d)), "{}", written);
            let text = format!("被告人于{written}被刑事拘留。");
            let found = find_dates(&text);
            prop_assert_eq!(found.len(), 1, "{}", text);
            prop_assert_eq!(found[0].span.slice(&text), written.as_str());
            prop_assert_eq!(found[0].value, DateValue::Full(d));
        }
    }
}

/// The numeral writer itself, against forms the crate's docs give.
#[test]
fn numeral_writer() {
    let rows: &[(u64, bool, &str)] = &[
        (0, false, "零"),
        (10, false, "十"),
        (15, false, "十五"),
        (115, false, "一百一十五"),
        (1050, false, "一千零五十"),
        (1005, false, "一千零五"),
        (10_500, false, "一万零五百"),
        (52_000, false, "五万二千"),
        (100_000_001, false, "一亿零一"),
        (12_300, true, "壹万贰仟叁佰"),
    ];
    for &(n, capitals, want) in rows {
        assert_eq!(chinese(n, capitals), want, "{n}");
        assert_eq!(parse_int(want), Some(n), "{want}");
    }
}
