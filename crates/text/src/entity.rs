//! HTML character references left over in text (`&nbsp;`, `&times;`, `&#12295;`) and the
//! full-width forms a crawler's half-to-full-width pass makes of them (`＆ｌｄｑｕｏ；`).
//!
//! `ingest` decodes markup properly; this only catches what survives into text fields of dumps
//! (CSV columns, JSON strings, double-escaped `&amp;nbsp;`), so the table holds the references
//! seen in court-document crawls rather than all of HTML.

/// Longest reference name accepted (`thinsp`, `#x1F600` …).
const MAX_NAME: usize = 10;

fn named(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" => '\u{A0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "laquo" => '«',
        "raquo" => '»',
        "times" => '×',
        "divide" => '÷',
        "minus" => '−',
        "plusmn" => '±',
        "hellip" => '…',
        "mdash" => '—',
        "ndash" => '–',
        "middot" => '·',
        "bull" => '•',
        "deg" => '°',
        "permil" => '‰',
        "yen" => '¥',
        "sect" => '§',
        "copy" => '©',
        "reg" => '®',
        "shy" => '\u{AD}',
        "zwsp" => '\u{200B}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        _ => return None,
    })
}

/// Folds a full-width ASCII variant (U+FF01..U+FF5E) to ASCII; other characters unchanged.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// Parses `name;` (or `#123;`, `#x7B;`) at byte `pos` of `s`, with ASCII or full-width
/// characters, and returns the character it names and the byte after the terminator.
fn body(s: &str, pos: usize) -> Option<(char, usize)> {
    let mut name = [0u8; MAX_NAME];
    let mut len = 0;
    let mut iter = s.get(pos..)?.char_indices();
    let mut end = None;
    for (off, c) in iter.by_ref() {
        let f = fold(c);
        if f == ';' {
            end = Some(pos + off + c.len_utf8());
            break;
        }
        if !(f.is_ascii_alphanumeric() || f == '#') || len == MAX_NAME {
            // `&nbsp` without its semicolon is common enough in crawls to accept.
            if &name[..len] == b"nbsp" {
                end = Some(pos + off);
                break;
            }
            return None;
        }
        name[len] = f as u8;
        len += 1;
    }
    if end.is_none() && &name[..len] == b"nbsp" {
        end = Some(s.len());
    }
    let end = end?;
    let name = std::str::from_utf8(&name[..len]).ok()?;
    let c = if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse::<u32>().ok()?,
        };
        char::from_u32(code).filter(|&c| c != '\0')?
    } else {
        named(name)?
    };
    Some((c, end))
}

/// Decodes the reference whose ampersand (`&` or `＆`) starts at byte `start`, returning the
/// character and the byte after the reference. Double-escaped references (`&amp;nbsp;`)
/// decode all the way, as one reference.
pub(crate) fn decode_at(s: &str, start: usize) -> Option<(char, usize)> {
    let amp = s.get(start..)?.chars().next()?;
    if fold(amp) != '&' {
        return None;
    }
    let (mut c, mut end) = body(s, start + amp.len_utf8())?;
    // At most two further levels: `&amp;amp;nbsp;` is as deep as real crawls go.
    for _ in 0..2 {
        if c != '&' {
            break;
        }
        match body(s, end) {
            Some((c2, e2)) => {
                c = c2;
                end = e2;
            }
            None => break,
        }
    }
    Some((c, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references() {
        let rows: &[(&str, Option<(char, usize)>)] = &[
            ("&nbsp;x", Some(('\u{A0}', 6))),
            ("&nbsp x", Some(('\u{A0}', 5))),
            ("&nbsp", Some(('\u{A0}', 5))),
            ("&times;&times;", Some(('×', 7))),
            ("&#12295;一九", Some(('〇', 8))),
            ("&#x3007;", Some(('〇', 8))),
            ("&lt;中华", Some(('<', 4))),
            ("&amp;nbsp;", Some(('\u{A0}', 10))),
            ("&amp;amp;", Some(('&', 9))),
            ("&amp;", Some(('&', 5))),
            ("＆ｌｄｑｕｏ；", Some(('“', 21))),
            ("＆ｒｄｑｕｏ;", Some(('”', 19))),
            ("&unknown;", None),
            ("&#0;", None),
            ("&#x110000;", None),
            ("& 张三", None),
            ("&verylongnamehere;", None),
            ("&ldquo", None),
            ("x&amp;", None),
        ];
        for &(s, want) in rows {
            assert_eq!(decode_at(s, 0), want, "{s}");
        }
    }
}
