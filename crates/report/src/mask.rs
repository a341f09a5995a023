//! Masking resident ID numbers for outputs shared outside the office (`--mask-ids`).

use std::borrow::Cow;

/// Characters kept at the start: the six-digit division code (户籍 region stays readable).
const KEEP_HEAD: usize = 6;
/// Characters kept at the end: enough for a reviewer to tell two people apart on the phone.
const KEEP_TAIL: usize = 4;

/// Masks one ID number: the division code and the last four characters stay, the birth date
/// and sequence become `*` (`330382********123X`). Anything too short to keep both ends is
/// masked whole, so no stray digits leak.
///
/// ```
/// use jiuzhu_report::mask_id;
/// assert_eq!(mask_id("33038219590314417X"), "330382********417X");
/// assert_eq!(mask_id("330382460712013"), "330382*****2013");
/// assert_eq!(mask_id("12345"), "*****");
/// ```
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    let n = chars.len();
    if n <= KEEP_HEAD + KEEP_TAIL {
        return "*".repeat(n);
    }
    let mut out = String::with_capacity(id.len());
    out.extend(&chars[..KEEP_HEAD]);
    out.extend(std::iter::repeat_n('*', n - KEEP_HEAD - KEEP_TAIL));
    out.extend(&chars[n - KEEP_TAIL..]);
    out
}

/// Masks every ID-number-shaped run in free text (evidence sentences, reasons): 18 characters
/// (17 digits and a digit or `X`) or 15 digits, not part of a longer run of digits or
/// letters. Full-width digits count, since court documents use them.
///
/// ```
/// use jiuzhu_report::mask_ids_in;
/// assert_eq!(
///     mask_ids_in("原告陈秀英（公民身份号码330382196505121540）"),
///     "原告陈秀英（公民身份号码330382********1540）",
/// );
/// // Case numbers and amounts are left alone.
/// assert_eq!(mask_ids_in("(2022)浙0382执3105号，72018.40元"), "(2022)浙0382执3105号，72018.40元");
/// ```
pub fn mask_ids_in(text: &str) -> Cow<'_, str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut spans: Vec<(usize, usize)> = Vec::new(); // char index ranges to mask
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i].1) || (i > 0 && is_word(chars[i - 1].1)) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && is_digit(chars[j].1) {
            j += 1;
        }
        let digits = j - i;
        // 17 digits and an X check character.
        let end =
            if digits == 17 && j < chars.len() && matches!(chars[j].1, 'X' | 'x' | 'Ｘ' | 'ｘ') {
                j + 1
            } else {
                j
            };
        let len = end - i;
        let bounded = end == chars.len() || !is_word(chars[end].1);
        if bounded && (len == 18 || len == 15) {
            spans.push((i, end));
        }
        i = end.max(i + 1);
    }
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0; // char index copied so far
    for (s, e) in spans {
        let (from, to) = (byte_at(&chars, text, at), byte_at(&chars, text, s));
        out.push_str(&text[from..to]);
        let id = &text[byte_at(&chars, text, s)..byte_at(&chars, text, e)];
        out.push_str(&mask_id(id));
        at = e;
    }
    out.push_str(&text[byte_at(&chars, text, at)..]);
    Cow::Owned(out)
}

fn byte_at(chars: &[(usize, char)], text: &str, i: usize) -> usize {
    chars.get(i).map_or(text.len(), |c| c.0)
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// A character that would make a digit run part of a longer token (`A330382…`, `…1234567`).
fn is_word(c: char) -> bool {
    is_digit(c) || c.is_ascii_alphabetic() || matches!(c, 'Ｘ' | 'ｘ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mask_id_rows() {
        let rows = [
            ("33038219590314417X", "330382********417X"),
            ("330382196505121540", "330382********1540"),
            ("330382460712013", "330382*****2013"),
            ("3303821965", "**********"),
            ("", ""),
            (
                "３３０３８２１９６５０５１２１５４０",
                "３３０３８２********１５４０",
            ),
        ];
        for (id, want) in rows {
            assert_eq!(mask_id(id), want, "{id}");
        }
    }

    #[test]
    fn mask_ids_in_rows() {
        let rows = [
            ("无号码", "无号码"),
            ("号码330382196505121540。", "号码330382********1540。"),
            ("33038219590314417x住", "330382********417x住"),
            ("旧号330382460712013，", "旧号330382*****2013，"),
            // Two in one sentence.
            (
                "330382196505121540与362322198803091044",
                "330382********1540与362322********1044",
            ),
            // A longer digit run is not an ID number (a bank account, say).
            ("账号6222023303821965051215", "账号6222023303821965051215"),
            // 16 digits: neither length.
            ("3303821965051215", "3303821965051215"),
            // Glued to letters: an order number, not an ID.
            ("AB330382196505121540", "AB330382196505121540"),
            ("(2022)浙0382执3105号", "(2022)浙0382执3105号"),
        ];
        for (text, want) in rows {
            assert_eq!(mask_ids_in(text), want, "{text}");
        }
    }
}
