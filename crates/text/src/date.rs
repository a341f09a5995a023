//! Dates as court documents write them: `二〇二一年五月十一日` (tail dates, also with `零`
//! and with `O Ｏ ○ ０` for the zero when not normalised), `2021年5月11日` (also `…号`),
//! `2021.5.11`, `2021-05-11`, `2021/5/11`, and partial dates: `2021年5月`, `2021年`,
//! `1981年**月**日` (masked: the year survives), `同年5月16日` (month and day).
//!
//! ```
//! use jiuzhu_text::{DateValue, find_dates, parse_date};
//!
//! let text = "二〇一八年七月三十一日立案，被告人1981年**月**日出生，5月16日恢复羁押。";
//! let found: Vec<(&str, String)> =
//!     find_dates(text).iter().map(|d| (d.span.slice(text), d.value.to_string())).collect();
//! assert_eq!(found, [("二〇一八年七月三十一日", "2018-07-31".to_string()),
//!                    ("1981年", "1981".to_string()),
//!                    ("5月16日", "--05-16".to_string())]);
//! assert_eq!(parse_date("二Ｏ一八年六月十二日").and_then(|d| d.date()).unwrap().to_string(), "2018-06-12");
//! assert_eq!(parse_date("2021年5月"), Some(DateValue::YearMonth { year: 2021, month: 5 }));
//! ```

use std::fmt;

use jiuzhu_core::Date;

use crate::number::{cn_digit, parse_int};
use crate::span::Span;

/// A date, complete or partial.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateValue {
    /// Year, month and day.
    Full(Date),
    /// `2021年5月`.
    YearMonth {
        /// Four-digit year.
        year: u32,
        /// 1–12.
        month: u32,
    },
    /// `2021年`, or a date whose month and day are masked (`1981年**月**日`).
    Year(u32),
    /// A month and day whose year the text gives elsewhere (`同年5月16日`).
    MonthDay {
        /// 1–12.
        month: u32,
        /// 1–31.
        day: u32,
    },
}

impl DateValue {
    /// The calendar date, when complete.
    pub fn date(self) -> Option<Date> {
        match self {
            DateValue::Full(d) => Some(d),
            _ => None,
        }
    }

    /// Whether any of year, month and day is missing.
    pub fn is_partial(self) -> bool {
        !matches!(self, DateValue::Full(_))
    }

    /// The year, when the text gives it.
    pub fn year(self) -> Option<u32> {
        match self {
            DateValue::Full(d) => Some(d.year()),
            DateValue::YearMonth { year, .. } | DateValue::Year(year) => Some(year),
            DateValue::MonthDay { .. } => None,
        }
    }
}

/// ISO 8601 forms: `2021-05-11`, `2021-05`, `2021`, `--05-11`.
impl fmt::Display for DateValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateValue::Full(d) => write!(f, "{d}"),
            DateValue::YearMonth { year, month } => write!(f, "{year:04}-{month:02}"),
            DateValue::Year(year) => write!(f, "{year:04}"),
            DateValue::MonthDay { month, day } => write!(f, "--{month:02}-{day:02}"),
        }
    }
}

/// A date found in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte span of the date as written.
    pub span: Span,
    /// What it says.
    pub value: DateValue,
}

/// Finds every date in `text`, in order.
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut pos = 0;
    while let Some(c) = text[pos..].chars().next() {
        let found = if c.is_ascii_digit() && !prev.is_some_and(|p| p.is_ascii_digit() || p == '.') {
            arabic_at(text, pos)
        } else if is_cn_numeral(c) && !prev.is_some_and(is_cn_numeral) {
            chinese_at(text, pos)
        } else {
            None
        };
        match found {
            Some((end, value)) => {
                out.push(DateMatch {
                    span: Span::new(pos, end),
                    value,
                });
                prev = text[..end].chars().next_back();
                pos = end;
            }
            None => {
                prev = Some(c);
                pos += c.len_utf8();
            }
        }
    }
    out
}

/// Parses a string that is exactly one date (surrounding whitespace ignored).
pub fn parse_date(s: &str) -> Option<DateValue> {
    let s = s.trim();
    let m = find_dates(s).into_iter().next()?;
    (m.span.start == 0 && m.span.end == s.len()).then_some(m.value)
}

fn is_zero_like(c: char) -> bool {
    matches!(c, 'O' | 'o' | 'Ｏ' | 'ｏ' | '○' | '◯' | '０' | '〇' | '零')
}

fn is_cn_numeral(c: char) -> bool {
    cn_digit(c).is_some() || c == '十' || is_zero_like(c)
}

/// Reads ASCII digits at `i`: (value, count, end).
fn digits(text: &str, i: usize) -> (u32, usize, usize) {
    let bytes = text.as_bytes();
    let mut j = i;
    let mut v: u32 = 0;
    while j < bytes.len() && bytes[j].is_ascii_digit() && j - i < 9 {
        v = v * 10 + u32::from(bytes[j] - b'0');
        j += 1;
    }
    (v, j - i, j)
}

/// Consumes `c` at byte `i` of `text`, returning the byte after it.
fn eat(text: &str, i: usize, c: char) -> Option<usize> {
    text[i..].starts_with(c).then_some(i + c.len_utf8())
}

fn eat_day_end(text: &str, i: usize) -> Option<usize> {
    eat(text, i, '日').or_else(|| eat(text, i, '号'))
}

fn year_ok(year: u32) -> bool {
    (1800..=2200).contains(&year)
}

fn arabic_at(text: &str, i: usize) -> Option<(usize, DateValue)> {
    let (first, n, after) = digits(text, i);
    let bytes = text.as_bytes();
    if n == 4 {
        if let Some(after_year) = eat(text, after, '年') {
            if !year_ok(first) {
                return None;
            }
            let mut best = (after_year, DateValue::Year(first));
            let (month, mn, after_m) = digits(text, after_year);
            if (1..=2).contains(&mn) && (1..=12).contains(&month) {
                if let Some(after_month) = eat(text, after_m, '月') {
                    best = (after_month, DateValue::YearMonth { year: first, month });
                    let (day, dn, after_d) = digits(text, after_month);
                    if (1..=2).contains(&dn) {
                        if let (Some(end), Ok(d)) =
                            (eat_day_end(text, after_d), Date::new(first, month, day))
                        {
                            best = (end, DateValue::Full(d));
                        }
                    }
                }
            }
            return Some(best);
        }
        // 2021-05-11, 2021.5.11, 2021/5/11
        let sep = *bytes.get(after)?;
        if !matches!(sep, b'-' | b'.' | b'/') {
            return None;
        }
        let (month, mn, after_m) = digits(text, after + 1);
        if !(1..=2).contains(&mn) || bytes.get(after_m) != Some(&sep) {
            return None;
        }
        let (day, dn, end) = digits(text, after_m + 1);
        if !(1..=2).contains(&dn) {
            return None;
        }
        // Not part of a longer number (2021.5.11.3, 2021-05-112).
        if bytes.get(end).is_some_and(|&b| {
            b.is_ascii_digit() || b == sep && bytes.get(end + 1).is_some_and(u8::is_ascii_digit)
        }) {
            return None;
        }
        return Date::new(first, month, day)
            .ok()
            .map(|d| (end, DateValue::Full(d)));
    }
    // 5月16日
    if (1..=2).contains(&n) && (1..=12).contains(&first) {
        let after_month = eat(text, after, '月')?;
        let (day, dn, after_d) = digits(text, after_month);
        if !(1..=2).contains(&dn) {
            return None;
        }
        let end = eat_day_end(text, after_d)?;
        // February 29 exists in leap years; check against one.
        Date::new(2000, first, day).ok()?;
        return Some((end, DateValue::MonthDay { month: first, day }));
    }
    None
}

/// Reads a run of Chinese numeral characters (digits, 十, zero look-alikes) at `i`.
fn cn_run(text: &str, i: usize) -> (String, usize) {
    let mut s = String::new();
    let mut end = i;
    for (o, c) in text[i..].char_indices() {
        if !is_cn_numeral(c) || s.chars().count() >= 6 {
            break;
        }
        s.push(if is_zero_like(c) { '〇' } else { c });
        end = i + o + c.len_utf8();
    }
    (s, end)
}

fn chinese_at(text: &str, i: usize) -> Option<(usize, DateValue)> {
    let (run, after) = cn_run(text, i);
    if let Some(after_year) = eat(text, after, '年') {
        // A year is four positional digits (二〇二一), never 二千零二十一.
        if run.chars().count() != 4 || run.contains('十') {
            return None;
        }
        let year = u32::try_from(parse_int(&run)?)
            .ok()
            .filter(|&y| year_ok(y))?;
        let mut best = (after_year, DateValue::Year(year));
        let (mrun, after_m) = cn_run(text, after_year);
        if let Some(month) = small(&mrun, 12) {
            if let Some(after_month) = eat(text, after_m, '月') {
                best = (after_month, DateValue::YearMonth { year, month });
                let (drun, after_d) = cn_run(text, after_month);
                if let (Some(day), Some(end)) = (small(&drun, 31), eat_day_end(text, after_d)) {
                    if let Ok(d) = Date::new(year, month, day) {
                        best = (end, DateValue::Full(d));
                    }
                }
            }
        }
        return Some(best);
    }
    // 五月十一日
    let month = small(&run, 12)?;
    let after_month = eat(text, after, '月')?;
    let (drun, after_d) = cn_run(text, after_month);
    let day = small(&drun, 31)?;
    let end = eat_day_end(text, after_d)?;
    Date::new(2000, month, day).ok()?;
    Some((end, DateValue::MonthDay { month, day }))
}

/// A Chinese month or day number between 1 and `max`.
fn small(run: &str, max: u32) -> Option<u32> {
    let v = u32::try_from(parse_int(run)?).ok()?;
    (1..=max).contains(&v).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn full(y: u32, m: u32, d: u32) -> DateValue {
        DateValue::Full(Date::new(y, m, d).unwrap())
    }

    #[test]
    fn parse_rows() {
        let rows: &[(&str, Option<DateValue>)] = &[
            ("二〇二一年五月十一日", Some(full(2021, 5, 11))),
            ("二零二一年五月十一日", Some(full(2021, 5, 11))),
            ("二Ｏ一八年六月十二日", Some(full(2018, 6, 12))),
            ("二O一八年十二月三十一日", Some(full(2018, 12, 31))),
            ("二〇二〇年七月二十一日", Some(full(2020, 7, 21))),
            ("二〇一六年十月二十四日", Some(full(2016, 10, 24))),
            ("2021年5月11日", Some(full(2021, 5, 11))),
            ("2020年03月31日", Some(full(2020, 3, 31))),
            ("2021年1月14号", Some(full(2021, 1, 14))),
            ("2021.5.11", Some(full(2021, 5, 11))),
            ("2021-05-11", Some(full(2021, 5, 11))),
            ("2021/5/11", Some(full(2021, 5, 11))),
            (
                "2021年5月",
                Some(DateValue::YearMonth {
                    year: 2021,
                    month: 5,
                }),
            ),
            (
                "二〇二一年五月",
                Some(DateValue::YearMonth {
                    year: 2021,
                    month: 5,
                }),
            ),
            ("2021年", Some(DateValue::Year(2021))),
            ("5月16日", Some(DateValue::MonthDay { month: 5, day: 16 })),
            (
                "五月十一日",
                Some(DateValue::MonthDay { month: 5, day: 11 }),
            ),
            ("2020年2月29日", Some(full(2020, 2, 29))),
            // Invalid or not dates.
            ("2021年2月30日", None),
            ("2021-13-01", None),
            ("2001.2101", None),
            ("2021.5", None),
            ("1799年", None),
            ("二千零二十一年", None),
            ("13月1日", None),
            ("", None),
        ];
        for &(s, want) in rows {
            assert_eq!(parse_date(s), want, "{s}");
        }
    }

    #[test]
    fn find_rows() {
        let rows: &[(&str, &[(&str, &str)])] = &[
            (
                "即自2018年7月16日起至2018年12月29日止",
                &[
                    ("2018年7月16日", "2018-07-16"),
                    ("2018年12月29日", "2018-12-29"),
                ],
            ),
            ("1981年**月**日出生", &[("1981年", "1981")]),
            ("2021年2月30日", &[("2021年2月", "2021-02")]),
            ("同年12月31日被取保候审", &[("12月31日", "--12-31")]),
            ("发布日期：2017-11-06", &[("2017-11-06", "2017-11-06")]),
            (
                "审判员雷宏二〇二〇年七月二十一日书记员",
                &[("二〇二〇年七月二十一日", "2020-07-21")],
            ),
            ("2018年2月18日22时许", &[("2018年2月18日", "2018-02-18")]),
            // An ID number and an amount are not dates.
            ("身份证号码411527198912060411，价值2001.21元", &[]),
            ("判处有期徒刑一年六个月", &[]),
        ];
        for &(text, want) in rows {
            let got: Vec<(&str, String)> = find_dates(text)
                .iter()
                .map(|d| (d.span.slice(text), d.value.to_string()))
                .collect();
            let want: Vec<(&str, String)> = want.iter().map(|&(a, b)| (a, b.to_string())).collect();
            assert_eq!(got, want, "{text}");
        }
        let d = parse_date("2021年5月").unwrap();
        assert!(d.is_partial());
        assert_eq!(d.year(), Some(2021));
        assert_eq!(d.date(), None);
    }
}
