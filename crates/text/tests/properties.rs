//! Property tests: every normalised offset maps back to the original text it came from.

use jiuzhu_text::{Span, byte_to_char, char_to_byte, clauses, normalize, sentences};
use proptest::prelude::*;

/// Pieces the generator strings together: Chinese text, full-width forms, every kind of
/// whitespace and separator the normaliser treats specially, entities, numbers and dates.
const FRAGMENTS: &[&str] = &[
    "被",
    "告",
    "人",
    "王",
    "某",
    "1",
    "执",
    "行",
    "裁",
    "定",
    "书",
    "二",
    "〇",
    "一",
    "八",
    "年",
    "月",
    "日",
    "元",
    "，",
    "。",
    "、",
    "；",
    "：",
    ",",
    ":",
    ";",
    "?",
    "!",
    "（",
    "）",
    "(",
    ")",
    "【",
    "】",
    "〔",
    "〕",
    "［",
    "］",
    "“",
    "”",
    "《",
    "》",
    "１",
    "２",
    "０",
    "Ｏ",
    "O",
    "o",
    "○",
    "0",
    "5",
    "Ａ",
    "ｂ",
    "a",
    "Z",
    ".",
    "．",
    "55，810",
    "1,234",
    "&",
    "＆",
    "&nbsp;",
    "&amp;",
    "&times;",
    "&lt;",
    "&#12295;",
    "&#x3007;",
    "&amp;nbsp;",
    "＆ｌｄｑｕｏ；",
    "&nbsp",
    " ",
    "  ",
    "\t",
    "\u{3000}",
    "\u{A0}",
    "\u{2002}",
    "\n",
    "\r\n",
    "\r",
    "\u{2028}",
    "\u{2029}",
    "\u{E464}",
    "\u{E000}",
    "\u{F8FF}",
    "\u{200B}",
    "\u{FEFF}",
    "\u{AD}",
    "\u{7}",
    "×",
    "·",
    "😀",
    "é",
];

fn doc() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..80).prop_map(|v| v.concat())
}

/// Whether original text `orig` may have produced normalised character `out`.
fn produces(orig: &str, out: char) -> bool {
    if orig.chars().count() == 1 && orig.starts_with(out) {
        return true;
    }
    // Whitespace and separators become one space or line break.
    if out == ' ' || out == '\n' {
        return orig.chars().all(|c| {
            c.is_whitespace()
                || ('\u{E000}'..='\u{F8FF}').contains(&c)
                || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{AD}' | '\u{7}')
        }) || orig.contains("nbsp")
            || orig.contains("ensp");
    }
    // Character references decode to one character.
    if orig.chars().count() > 1 && (orig.starts_with('&') || orig.starts_with('＆')) {
        return matches!(
            (orig, out),
            ("&amp;", '&')
                | ("&times;", '×')
                | ("&lt;", '<')
                | ("&#12295;", '〇')
                | ("&#x3007;", '〇')
                | ("＆ｌｄｑｕｏ；", '“')
        );
    }
    let mut chars = orig.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    match out {
        '(' => "（【〔［[".contains(c),
        ')' => "）】〕］]".contains(c),
        '〇' => "〇OoＯ○0０".contains(c),
        '，' | ',' => "，,".contains(c),
        '：' => c == ':',
        '；' => c == ';',
        _ => {
            // A full-width ASCII variant folds to its ASCII character.
            ('\u{FF01}'..='\u{FF5E}').contains(&c) && (c as u32 - 0xFEE0) == out as u32
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn offsets_map_back_to_their_source(input in doc()) {
        let n = normalize(&input);
        let text = n.text();
        let mut last_end = 0;
        let mut covered = vec![false; input.len()];
        for (b, c) in text.char_indices() {
            let span = n.to_original_span(Span::new(b, b + c.len_utf8()));
            prop_assert!(span.start >= last_end, "overlap at {b} in {text:?}");
            prop_assert!(span.end <= input.len());
            let orig = input.get(span.start..span.end);
            prop_assert!(orig.is_some(), "span {span} splits a character of {input:?}");
            let orig = orig.unwrap();
            prop_assert!(!orig.is_empty(), "{c:?} came from nothing in {input:?}");
            prop_assert!(produces(orig, c), "{c:?} from {orig:?} in {input:?} → {text:?}");
            prop_assert_eq!(n.from_original(span.start), b);
            covered[span.start..span.end].iter_mut().for_each(|x| *x = true);
            last_end = span.end;
        }
        // Nothing visible is lost: each stretch of the input that no output character came
        // from normalises, on its own, to nothing (whitespace, invisible characters, &nbsp;).
        let mut k = 0;
        while k < input.len() {
            if covered[k] {
                k += 1;
                continue;
            }
            let start = k;
            while k < input.len() && !covered[k] {
                k += 1;
            }
            let gap = &input[start..k];
            prop_assert!(normalize(gap).text().is_empty(), "{gap:?} dropped from {input:?}");
        }
        // A longer span maps to the stretch from its first character's source to its last's.
        let bounds: Vec<(usize, char)> = text.char_indices().collect();
        for i in 0..bounds.len() {
            for j in i..bounds.len().min(i + 6) {
                let (a, _) = bounds[i];
                let (b, c) = bounds[j];
                let span = n.to_original_span(Span::new(a, b + c.len_utf8()));
                let first = n.to_original_span(Span::new(a, a + bounds[i].1.len_utf8()));
                let last = n.to_original_span(Span::new(b, b + c.len_utf8()));
                prop_assert_eq!(span, Span::new(first.start, last.end));
            }
        }
        // Original offsets map forward monotonically.
        let mut prev = 0;
        for o in 0..=input.len() {
            let m = n.from_original(o);
            prop_assert!(m >= prev && m <= text.len());
            prev = m;
        }
        // The shape the rest of the pipeline relies on.
        prop_assert!(!text.starts_with(['\n', ' ']) && !text.ends_with(['\n', ' ']));
        prop_assert!(!text.contains("\n\n") && !text.contains('\r') && !text.contains("  "));
        // Byte ↔ char offsets agree with the slow helpers.
        for k in 0..=n.char_len() {
            let b = n.byte_offset(k);
            prop_assert_eq!(b, char_to_byte(text, k));
            prop_assert_eq!(n.char_offset(b), k);
            prop_assert_eq!(byte_to_char(text, b), k);
        }
        // Normalising again changes no visible character (whitespace decisions depend on
        // document-level statistics, which the first pass changes).
        let visible = |s: &str| s.chars().filter(|c| !matches!(c, ' ' | '\n')).collect::<String>();
        prop_assert_eq!(visible(normalize(text).text()), visible(text));
    }

    #[test]
    fn sentences_and_clauses_tile_the_text(input in doc()) {
        let text = normalize(&input).into_text();
        for spans in [sentences(&text), clauses(&text)] {
            let mut last = 0;
            for s in &spans {
                prop_assert!(s.start >= last && s.end > s.start && s.end <= text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                // Only whitespace lies between spans.
                prop_assert!(text[last..s.start].chars().all(|c| c == ' ' || c == '\n'));
                last = s.end;
            }
            prop_assert!(text[last..].chars().all(|c| c == ' ' || c == '\n'));
        }
    }
}

/// Inputs built to make a careless implementation quadratic: each must take well under a
/// second even in a debug build (a quadratic one takes minutes).
#[test]
fn hostile_inputs_stay_linear() {
    use jiuzhu_core::Kind;
    use jiuzhu_text::{Sectioner, Segmenter, find_amounts, find_dates};
    use std::time::{Duration, Instant};

    let rows: Vec<(&str, String)> = vec![
        ("unclosed brackets", "(《“".repeat(70_000)),
        (
            "cues without sentence ends",
            "被告人张三一案审判员".repeat(20_000),
        ),
        ("one long number", format!("{}元", "一".repeat(200_000))),
        ("numerals everywhere", "二〇二一年十二".repeat(30_000)),
        ("entities", "&amp;&#12295;＆ｎｂｓｐ".repeat(30_000)),
        ("whitespace", " \u{3000}\n\u{E000}".repeat(100_000)),
    ];
    let seg = Segmenter::shared();
    for (name, input) in rows {
        let start = Instant::now();
        let n = normalize(&input);
        let text = n.text();
        let _ = sentences(text);
        let _ = clauses(text);
        let _ = Sectioner::embedded().section(text, Some(Kind::CriminalJudgment));
        let _ = find_amounts(text);
        let _ = find_dates(text);
        for (at, _) in text.match_indices("被告人").take(1000) {
            let _ = seg.names_after(text, at + "被告人".len());
        }
        let took = start.elapsed();
        assert!(
            took < Duration::from_secs(5),
            "{name}: {took:?} for {} bytes",
            input.len()
        );
    }
}
