//! Person names: normalisation for comparison, and detection of anonymised names.
//!
//! Court documents and welfare rosters spell the same name differently: spaces inside names
//! (`张 三`, typeset to fill a column), full-width letters and digits, and half a dozen
//! characters standing in for the middle dot of transliterated names (阿依古丽·买买提).
//! [`normalize_name`] maps all of these to one form, so names compare with `==`.
//!
//! Published documents replace names with masks (张某, 李某某, 王×, 赵*). [`is_anonymized`]
//! recognises them, because a masked name must never link two people by name alone.
//!
//! ```
//! use jiuzhu_core::name::{is_anonymized, normalize_name};
//!
//! assert_eq!(normalize_name("阿依古丽・买买提"), "阿依古丽·买买提");
//! assert_eq!(normalize_name(" 张　三 "), "张三");
//! assert!(is_anonymized("李某某"));
//! assert!(is_anonymized("王××"));
//! assert!(!is_anonymized("阿依古丽·买买提"));
//! ```

/// The middle dot every variant is mapped to (U+00B7, as in GB 18030 transliterations).
pub const MIDDLE_DOT: char = '\u{00B7}';

/// Characters typed for the middle dot in transliterated names, because input methods and
/// fonts offer several look-alikes: U+00B7, katakana U+30FB, bullet U+2022, hyphenation
/// point U+2027, half-width katakana U+FF65, runic U+16EB, bullet operator U+2219, dot
/// operator U+22C5, Greek ano teleia U+0387, word separator U+2E31, Latin letter sinological
/// dot U+A78F.
const DOT_VARIANTS: &[char] = &[
    '\u{00B7}', '\u{30FB}', '\u{2022}', '\u{2027}', '\u{FF65}', '\u{16EB}', '\u{2219}', '\u{22C5}',
    '\u{0387}', '\u{2E31}', '\u{A78F}',
];

/// Full stops typed in place of the middle dot (阿依古丽.买买提); only treated as a dot
/// between two non-ASCII characters, so Latin initials (`J.K.`) keep theirs.
const STOP_AS_DOT: &[char] = &['.', '\u{FF0E}', '\u{FE52}', '\u{3002}'];

/// Characters that only ever mask a name: ×, ✕, ✖, ╳, *, ＊, ○, 〇 (as a letter, not a
/// digit), □, ■, △, ▲, ※, ＿, _, and the ellipsis.
const MASK_CHARS: &[char] = &[
    '×', '✕', '✖', '╳', '*', '＊', '○', '〇', '◯', '□', '■', '△', '▲', '※', '＿', '_', '…',
];

/// Ordinal markers that stand in for a name when used alone (甲, 乙 …), as in 被害人甲.
const ORDINALS: &[char] = &['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];

fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Normalises a person's name for comparison: removes all spaces (ASCII, ideographic,
/// no-break, zero-width), maps full-width letters and digits to ASCII, maps every middle-dot
/// variant (and a full stop between two Chinese characters) to U+00B7, collapses repeated
/// dots and drops dots at either end. Idempotent: `normalize_name(normalize_name(s)) ==
/// normalize_name(s)`.
pub fn normalize_name(name: &str) -> String {
    let folded: Vec<char> = name
        .chars()
        .filter(|&c| !is_space(c))
        .map(|c| match c {
            'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '０'..='９' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ if DOT_VARIANTS.contains(&c) => MIDDLE_DOT,
            _ => c,
        })
        .collect();
    let mut out = String::with_capacity(name.len());
    for (i, &c) in folded.iter().enumerate() {
        let c = if STOP_AS_DOT.contains(&c) {
            let before = folded[..i].iter().rev().find(|&&p| !is_dot_like(p));
            let after = folded[i + 1..].iter().find(|&&n| !is_dot_like(n));
            match (before, after) {
                (Some(b), Some(a)) if !b.is_ascii() && !a.is_ascii() => MIDDLE_DOT,
                _ => c,
            }
        } else {
            c
        };
        if c == MIDDLE_DOT && (out.is_empty() || out.ends_with(MIDDLE_DOT)) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(MIDDLE_DOT) {
        out.pop();
    }
    out
}

fn is_dot_like(c: char) -> bool {
    c == MIDDLE_DOT || STOP_AS_DOT.contains(&c)
}

/// Whether a name is an anonymisation mask rather than a real name.
///
/// The rule, on the normalised name:
/// - it contains 某 ("a certain"): 张某, 李某某, 王某1, 王某甲, 某甲, X某. 某 is not used in
///   given names in practice, so a real name is never taken for a mask; a false positive
///   would only mean the person links by ID number instead of by name;
/// - it contains a mask character: × ✕ * ＊ ○ 〇 □ ※ _ … (王×, 王××, 赵*, 李**, ×××);
/// - it contains an ASCII digit (王1, 张三2): real names have none;
/// - its only Latin letters are `x`/`X` (xxx, 王XX, X某), while real Latin-script names such
///   as `Alex` have other letters;
/// - it is only ordinal markers 甲乙丙丁… (被害人甲 → 甲).
///
/// The empty string is not a mask (it is no name at all).
pub fn is_anonymized(name: &str) -> bool {
    let name = normalize_name(name);
    if name.is_empty() {
        return false;
    }
    if name
        .chars()
        .any(|c| c == '某' || MASK_CHARS.contains(&c) || c.is_ascii_digit())
    {
        return true;
    }
    let mut latin = name.chars().filter(char::is_ascii_alphabetic).peekable();
    if latin.peek().is_some() && latin.all(|c| c == 'x' || c == 'X') {
        return true;
    }
    name.chars().all(|c| ORDINALS.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        let rows: &[(&str, &str)] = &[
            ("张三", "张三"),
            (" 张 三 ", "张三"),
            ("张\u{3000}三", "张三"),
            ("张\u{00A0}三\u{200B}", "张三"),
            ("王ＡＢ１２", "王AB12"),
            ("ａｂｃ", "abc"),
            ("阿依古丽·买买提", "阿依古丽·买买提"),
            ("阿依古丽・买买提", "阿依古丽·买买提"),
            ("阿依古丽•买买提", "阿依古丽·买买提"),
            ("阿依古丽‧买买提", "阿依古丽·买买提"),
            ("阿依古丽･买买提", "阿依古丽·买买提"),
            ("阿依古丽᛫买买提", "阿依古丽·买买提"),
            ("阿依古丽∙买买提", "阿依古丽·买买提"),
            ("阿依古丽⋅买买提", "阿依古丽·买买提"),
            ("阿依古丽.买买提", "阿依古丽·买买提"),
            ("阿依古丽．买买提", "阿依古丽·买买提"),
            ("阿依古丽 · 买买提", "阿依古丽·买买提"),
            ("阿依古丽··买买提", "阿依古丽·买买提"),
            ("阿依古丽.·买买提", "阿依古丽·买买提"),
            ("·阿依古丽·买买提·", "阿依古丽·买买提"),
            ("J.K.Rowling", "J.K.Rowling"),
            ("", ""),
        ];
        for &(input, want) in rows {
            assert_eq!(normalize_name(input), want, "{input:?}");
        }
    }

    #[test]
    fn anonymised_names() {
        let masked = [
            "张某",
            "李某某",
            "王某1",
            "王某甲",
            "王×",
            "王××",
            "赵*",
            "李**",
            "某甲",
            "×××",
            "xxx",
            "X某",
            "王XX",
            "王某 某",
            "张＊",
            "刘○○",
            "陈□",
            "王1",
            "甲",
            "乙",
            "ＸＸＸ",
        ];
        for name in masked {
            assert!(is_anonymized(name), "{name} should be a mask");
        }
        let real = [
            "张三",
            "李四",
            "阿依古丽·买买提",
            "欧阳修",
            "Alex",
            "Max Müller",
            "",
            "王小甲",
        ];
        for name in real {
            assert!(!is_anonymized(name), "{name} should be a real name");
        }
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn normalisation_is_idempotent(
                s in "[张王李阿依古丽买提 ·・•‧･᛫.．。\u{3000}ＡａＸ０9a-z]{0,12}"
            ) {
                let once = normalize_name(&s);
                prop_assert_eq!(normalize_name(&once), once.clone());
            }

            #[test]
            fn normalised_names_have_no_spaces_or_foreign_dots(s in "\\PC{0,16}") {
                let n = normalize_name(&s);
                prop_assert_eq!(normalize_name(&n), n.clone());
                prop_assert!(!n.chars().any(|c| c.is_whitespace()));
                prop_assert!(!n.chars().any(|c| DOT_VARIANTS.contains(&c) && c != MIDDLE_DOT));
                prop_assert!(!n.starts_with(MIDDLE_DOT) && !n.ends_with(MIDDLE_DOT));
            }
        }
    }
}
