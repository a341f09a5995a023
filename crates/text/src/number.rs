//! Numbers and money amounts as court documents write them.
//!
//! [`parse_number`] reads a whole string: Arabic numerals with thousands separators
//! (`123,456.78`, `55，810.54`), Chinese numerals with units (`一千二百三十四`, `二〇二一`,
//! `两万`, `一万二`), financial capitals (`壹万贰仟叁佰`), and mixtures (`5.2万`, `3万5千`).
//! Arithmetic is exact (decimal mantissa and scale), so `5.2万` is exactly `52000`.
//!
//! [`find_amounts`] finds money in text — `人民币5.2万元`, `55，810.54元`, `伍万元整`,
//! `5万余元` — with its value in yuan, its byte span (from `人民币`/`¥` when present to
//! `元`/`整`), and an `approx` flag for `余 多 许` and a leading `约`.
//!
//! ```
//! use jiuzhu_text::{find_amounts, parse_number};
//!
//! assert_eq!(parse_number("5.2万"), Some(52000.0));
//! assert_eq!(parse_number("壹万贰仟叁佰元"), None); // 元 is not part of a number
//! assert_eq!(parse_number("一千零五十"), Some(1050.0));
//!
//! let text = "赔偿人民币5.2万元，尚欠55，810.54元，另付伍万元整及5万余元。";
//! let found: Vec<(&str, f64, bool)> = find_amounts(text)
//!     .iter()
//!     .map(|a| (a.span.slice(text), a.yuan, a.approx))
//!     .collect();
//! assert_eq!(found, [
//!     ("人民币5.2万元", 52000.0, false),
//!     ("55，810.54元", 55810.54, false),
//!     ("伍万元整", 50000.0, false),
//!     ("5万余元", 50000.0, true),
//! ]);
//! ```

use crate::span::Span;

/// An exact non-negative decimal `m / 10^scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dec {
    m: u128,
    scale: u32,
}

impl Dec {
    const ZERO: Dec = Dec { m: 0, scale: 0 };

    fn int(v: u128) -> Dec {
        Dec { m: v, scale: 0 }
    }

    fn rescale(self, scale: u32) -> Option<Dec> {
        let k = 10u128.checked_pow(scale.checked_sub(self.scale)?)?;
        Some(Dec {
            m: self.m.checked_mul(k)?,
            scale,
        })
    }

    fn add(self, other: Dec) -> Option<Dec> {
        let scale = self.scale.max(other.scale);
        let (a, b) = (self.rescale(scale)?, other.rescale(scale)?);
        Some(Dec {
            m: a.m.checked_add(b.m)?,
            scale,
        })
    }

    fn mul(self, k: u128) -> Option<Dec> {
        Some(Dec {
            m: self.m.checked_mul(k)?,
            scale: self.scale,
        })
    }

    fn to_f64(self) -> f64 {
        // Through cents where possible, so 55810.54 comes out as the nearest f64 to it.
        if self.scale <= 2 {
            if let Some(cents) = self.rescale(2) {
                return cents.m as f64 / 100.0;
            }
        }
        self.m as f64 / 10f64.powi(self.scale as i32)
    }

    fn as_int(self) -> Option<u128> {
        let p = 10u128.checked_pow(self.scale)?;
        (self.m % p == 0).then_some(self.m / p)
    }
}

/// Value of a Chinese digit (ordinary, financial or `〇`/`零`/`两`).
pub(crate) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' | '○' => 0,
        '一' | '壹' => 1,
        '二' | '贰' | '貳' | '两' | '兩' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Multiplier of a Chinese unit character.
pub(crate) fn cn_unit(c: char) -> Option<u128> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1_000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Parses a number written in any of the forms in the [module docs](self); `None` for
/// anything else (including empty strings, stray characters and overflow).
pub fn parse_number(s: &str) -> Option<f64> {
    parse_dec(s.trim()).map(Dec::to_f64)
}

/// Parses a whole non-negative integer (`二百三十四`, `二〇二一`, `1,234`, `十五`).
pub fn parse_int(s: &str) -> Option<u64> {
    parse_dec(s.trim())?
        .as_int()
        .and_then(|v| u64::try_from(v).ok())
}

fn parse_dec(s: &str) -> Option<Dec> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return None;
    }
    let mut total = Dec::ZERO;
    let mut section = Dec::ZERO;
    let mut pending: Option<Dec> = None;
    // The unit just before a trailing bare digit: 一万二 = 12000, 三千五 = 3500.
    let mut last_unit: Option<u128> = None;
    let mut pending_after_unit = false;
    let mut any_digit = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if ascii_digit(c).is_some() {
            // An Arabic literal: digits, thousands separators between digits, one point.
            let (value, next) = arabic(&chars, i)?;
            if pending.is_some() {
                return None;
            }
            pending = Some(value);
            pending_after_unit = false;
            any_digit = true;
            i = next;
            continue;
        }
        if let Some(d) = cn_digit(c) {
            // A digit right after a digit is positional (二〇二一); after a unit it starts a
            // new group (一百零五).
            pending = Some(match pending {
                Some(p) if p.scale == 0 => p.mul(10)?.add(Dec::int(d.into()))?,
                Some(_) => return None,
                None => Dec::int(d.into()),
            });
            pending_after_unit = last_unit.is_some() && i > 0 && cn_unit(chars[i - 1]).is_some();
            any_digit = true;
        } else if let Some(u) = cn_unit(c) {
            match u {
                10 | 100 | 1_000 => {
                    section = section.add(pending.unwrap_or(Dec::int(1)).mul(u)?)?;
                }
                _ => {
                    let group = section.add(pending.unwrap_or(Dec::ZERO))?;
                    if group == Dec::ZERO && total == Dec::ZERO {
                        return None; // 万 with nothing before it
                    }
                    total = if u == 100_000_000 {
                        total.add(group)?.mul(u)?
                    } else {
                        total.add(group.mul(u)?)?
                    };
                    section = Dec::ZERO;
                }
            }
            pending = None;
            last_unit = Some(u);
            any_digit |= u == 10;
        } else {
            return None;
        }
        i += 1;
    }
    if !any_digit {
        return None;
    }
    let tail = match (pending, last_unit) {
        (Some(p), Some(u)) if pending_after_unit && u > 10 && p.m < 10 && p.scale == 0 => {
            p.mul(u / 10)?
        }
        (Some(p), _) => p,
        (None, _) => Dec::ZERO,
    };
    total.add(section)?.add(tail)
}

/// Reads an Arabic literal starting at `chars[i]`; returns it and the index after it.
fn arabic(chars: &[char], mut i: usize) -> Option<(Dec, usize)> {
    let mut m: u128 = 0;
    let mut scale = 0u32;
    let mut point = false;
    while i < chars.len() {
        let c = chars[i];
        if let Some(d) = ascii_digit(c) {
            m = m.checked_mul(10)?.checked_add(d.into())?;
            if point {
                scale += 1;
            }
        } else if matches!(c, ',' | '，')
            && !point
            && chars.get(i + 1).and_then(|&n| ascii_digit(n)).is_some()
            && i > 0
            && ascii_digit(chars[i - 1]).is_some()
        {
            // thousands separator
        } else if matches!(c, '.' | '．')
            && !point
            && chars.get(i + 1).and_then(|&n| ascii_digit(n)).is_some()
        {
            point = true;
        } else {
            break;
        }
        i += 1;
    }
    Some((Dec { m, scale }, i))
}

/// A money amount found in text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Amount {
    /// From `人民币`/`¥` (when present) through `元` (and `整`).
    pub span: Span,
    /// The value in yuan.
    pub yuan: f64,
    /// `余`, `多`, `许` or a leading `约`: the value is a lower bound or an estimate.
    pub approx: bool,
}

fn is_amount_char(c: char) -> bool {
    ascii_digit(c).is_some() || cn_digit(c).is_some() || cn_unit(c).is_some()
}

/// Finds every `…元` amount in `text`, in order.
pub fn find_amounts(text: &str) -> Vec<Amount> {
    let mut out = Vec::new();
    for yuan_at in memchr::memmem::find_iter(text.as_bytes(), "元".as_bytes()) {
        if let Some(a) = amount_ending_at(text, yuan_at) {
            if out
                .last()
                .is_none_or(|p: &Amount| p.span.end <= a.span.start)
            {
                out.push(a);
            }
        }
    }
    out
}

/// Parses a string that is exactly one amount (`人民币伍万元整`, `3,022.46元`).
pub fn parse_amount(s: &str) -> Option<Amount> {
    let s = s.trim();
    let at = s.rfind('元')?;
    let a = amount_ending_at(s, at)?;
    (a.span.start == 0 && a.span.end == s.len()).then_some(a)
}

/// The amount whose `元` is at byte `yuan_at`, scanning back over the number.
fn amount_ending_at(text: &str, yuan_at: usize) -> Option<Amount> {
    let before = &text[..yuan_at];
    let mut approx = false;
    let mut end = yuan_at;
    if let Some(c) = before
        .chars()
        .next_back()
        .filter(|c| matches!(c, '余' | '多' | '许'))
    {
        approx = true;
        end -= c.len_utf8();
    }
    // Walk back over the number: digits, units, separators between digits, a decimal point,
    // and one 余/多 between a number and its unit (5000余万元).
    let mut start = end;
    let mut next: Option<char> = None; // the character after the one being examined
    let mut marker: Option<(usize, usize)> = None;
    for (i, c) in text[..end].char_indices().rev() {
        let prev = text[..i].chars().next_back();
        let keep = is_amount_char(c)
            || matches!(c, ',' | '，' | '.' | '．')
                && next.is_some_and(|n| ascii_digit(n).is_some())
                && prev.is_some_and(|p| ascii_digit(p).is_some())
            || matches!(c, '余' | '多')
                && marker.is_none()
                && !approx
                && next.is_some_and(|n| matches!(n, '万' | '千' | '百' | '亿'))
                && prev.is_some_and(is_amount_char);
        if !keep {
            break;
        }
        if matches!(c, '余' | '多') {
            marker = Some((i, i + c.len_utf8()));
            approx = true;
        }
        start = i;
        next = Some(c);
    }
    if start == end {
        return None;
    }
    // A unit cannot open a number, except 十 (十万元).
    let first = text[start..].chars().next()?;
    if matches!(first, '万' | '亿' | '百' | '千' | '萬' | '億' | '佰' | '仟') {
        return None;
    }
    if text[..start].ends_with('第') {
        return None; // an ordinal, not money
    }
    let number = match marker {
        Some((a, b)) => format!("{}{}", &text[start..a], &text[b..end]),
        None => text[start..end].to_string(),
    };
    let value = parse_dec(&number)?.to_f64();
    let mut span_start = start;
    for prefix in ["人民币", "¥", "￥"] {
        if text[..span_start].ends_with(prefix) {
            span_start -= prefix.len();
            break;
        }
    }
    if text[..span_start].ends_with('约') {
        approx = true;
    }
    let mut span_end = yuan_at + '元'.len_utf8();
    if text[span_end..].starts_with('整') {
        span_end += '整'.len_utf8();
    }
    Some(Amount {
        span: Span::new(span_start, span_end),
        yuan: value,
        approx,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let rows: &[(&str, Option<f64>)] = &[
            ("0", Some(0.0)),
            ("123,456.78", Some(123456.78)),
            ("55，810.54", Some(55810.54)),
            ("3,022.46", Some(3022.46)),
            ("5.2万", Some(52000.0)),
            ("1.5亿", Some(150_000_000.0)),
            ("3万5千", Some(35000.0)),
            ("12万3456", Some(123456.0)),
            ("一", Some(1.0)),
            ("十", Some(10.0)),
            ("十五", Some(15.0)),
            ("二十", Some(20.0)),
            ("一百零五", Some(105.0)),
            ("一千零五十", Some(1050.0)),
            ("三千零五", Some(3005.0)),
            ("二百三十四", Some(234.0)),
            ("两万", Some(20000.0)),
            ("一万二", Some(12000.0)),
            ("三千五", Some(3500.0)),
            ("两万五", Some(25000.0)),
            ("十万", Some(100000.0)),
            ("一亿五千万", Some(150_000_000.0)),
            ("一万亿", Some(1e12)),
            ("壹万贰仟叁佰肆拾伍", Some(12345.0)),
            ("伍万", Some(50000.0)),
            ("二〇二一", Some(2021.0)),
            ("二零二一", Some(2021.0)),
            ("一九九八", Some(1998.0)),
            ("１２３", Some(123.0)),
            ("", None),
            ("万", None),
            ("万元", None),
            ("5元", None),
            ("1.2.3", None),
            ("五5", None),
            ("99999999999999999999999999999999999999999999", None),
        ];
        for &(s, want) in rows {
            assert_eq!(parse_number(s), want, "{s}");
        }
        assert_eq!(parse_int("二百三十四"), Some(234));
        assert_eq!(parse_int("三十一"), Some(31));
        assert_eq!(parse_int("5.2"), None);
        assert_eq!(parse_int("5.2万"), Some(52000));
    }

    #[test]
    fn amounts_in_text() {
        // (text, [(span text, yuan, approx)])
        type Row = (&'static str, &'static [(&'static str, f64, bool)]);
        let rows: &[Row] = &[
            ("罚金人民币二万元。", &[("人民币二万元", 20000.0, false)]),
            ("支付案件款58,833元本院", &[("58,833元", 58833.0, false)]),
            (
                "尚未执行到位55，810.54元",
                &[("55，810.54元", 55810.54, false)],
            ),
            (
                "存款人民币3650.00元。",
                &[("人民币3650.00元", 3650.0, false)],
            ),
            ("获利1万元。", &[("1万元", 10000.0, false)]),
            (
                "现金3800余元、2000多元",
                &[("3800余元", 3800.0, true), ("2000多元", 2000.0, true)],
            ),
            ("损失5000余万元", &[("5000余万元", 50_000_000.0, true)]),
            ("约5万元", &[("5万元", 50000.0, true)]),
            ("退赔人民币4000元整，", &[("人民币4000元整", 4000.0, false)]),
            ("￥1,200元", &[("￥1,200元", 1200.0, false)]),
            ("100.00元/天×7日", &[("100.00元", 100.0, false)]),
            (
                "医疗费8993.00元、护理费1573.00元",
                &[("8993.00元", 8993.0, false), ("1573.00元", 1573.0, false)],
            ),
            ("共计44984.20元；2.判令", &[("44984.20元", 44984.2, false)]),
            // Not money: a housing unit, an ordinal, a bare 万元, 多元.
            ("7单元左手", &[]),
            ("第一元", &[]),
            ("数万元", &[]),
            ("多元化", &[]),
            ("元", &[]),
        ];
        for &(text, want) in rows {
            let got: Vec<(&str, f64, bool)> = find_amounts(text)
                .iter()
                .map(|a| (a.span.slice(text), a.yuan, a.approx))
                .collect();
            assert_eq!(got, want, "{text}");
        }
        let a = parse_amount("人民币伍万元整").unwrap();
        assert_eq!((a.yuan, a.approx), (50000.0, false));
        assert!(parse_amount("赔偿5元").is_none());
    }
}
