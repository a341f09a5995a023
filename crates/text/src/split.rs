//! Sentences and clauses.
//!
//! `。！？；` (and `!?;`) end sentences, and so does a line break (paragraphs never run on).
//! `，、,` end clauses. Nothing splits inside a bracketed or quoted stretch that closes on the
//! same line — `(刑期从判决执行之日起计算。判决执行以前先行羁押的，……)`, a statute quoted in
//! `“…”`, a title in `《…《…》…》` — or inside a number (`1,234`, `55，810.54`): `.` is
//! never a boundary and a comma between two digits is not a clause break.
//!
//! Text whose `。` were stripped (see [`is_punctuated`]) falls back on line breaks and on a
//! space between two Chinese characters as sentence ends.
//!
//! ```
//! use jiuzhu_text::{clauses, sentences};
//!
//! let text = "被告人王某1赔偿55,810.54元。(刑期从判决执行之日起计算。羁押一日折抵刑期一日)\n本院认为，罪名成立";
//! let s: Vec<&str> = sentences(text).iter().map(|s| s.slice(text)).collect();
//! assert_eq!(s, ["被告人王某1赔偿55,810.54元。", "(刑期从判决执行之日起计算。羁押一日折抵刑期一日)", "本院认为，罪名成立"]);
//! let c: Vec<&str> = clauses(text).iter().map(|s| s.slice(text)).collect();
//! assert_eq!(c[2..], ["本院认为，", "罪名成立"]);
//! ```

use crate::normalize::is_ideo;
use crate::span::Span;

/// How far (in bytes) to look for the closing bracket or quote of an opening one. Statute
/// quotations run to a few hundred characters; an unclosed bracket protects nothing.
const CLOSE_LIMIT: usize = 1800;

/// Sentence spans of `text`, trimmed of surrounding whitespace, in order, never empty.
pub fn sentences(text: &str) -> Vec<Span> {
    split(text, Span::new(0, text.len()), Level::Sentence)
}

/// Clause spans of `text` (sentence ends and `，、,`).
pub fn clauses(text: &str) -> Vec<Span> {
    split(text, Span::new(0, text.len()), Level::Clause)
}

/// Clause spans of `text[within]` (for example one sentence), as spans of `text`.
pub fn clauses_in(text: &str, within: Span) -> Vec<Span> {
    split(text, within, Level::Clause)
}

/// The span in `spans` (sorted, non-overlapping, as returned above) that contains byte `pos`.
pub fn containing(spans: &[Span], pos: usize) -> Option<Span> {
    let i = spans.partition_point(|s| s.end <= pos);
    spans.get(i).copied().filter(|s| s.start <= pos)
}

/// Whether `text` uses `。` at a normal density (at least one per ~130 characters). Crawls
/// that stripped punctuation fail this, and their line breaks and spaces end sentences.
pub fn is_punctuated(text: &str) -> bool {
    let stops = memchr::memmem::find_iter(text.as_bytes(), "。".as_bytes()).count();
    stops > 0 && stops * 400 >= text.len()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Sentence,
    Clause,
}

fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';')
}

fn is_break(level: Level, c: char, prev: Option<char>, next: Option<char>) -> bool {
    if ends_sentence(c) {
        return true;
    }
    if level == Level::Sentence {
        return false;
    }
    let in_number =
        prev.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
    match c {
        '，' | ',' => !in_number,
        '、' => true,
        _ => false,
    }
}

fn closer_of(c: char) -> Option<char> {
    Some(match c {
        '(' => ')',
        '（' => '）',
        '“' => '”',
        '‘' => '’',
        '「' => '」',
        '『' => '』',
        '《' => '》',
        '〈' => '〉',
        _ => return None,
    })
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | '）' | '”' | '’' | '」' | '』' | '》' | '〉')
}

/// Byte offset just past the bracket or quote closing each opening one in `body`, keyed by
/// the opening one's offset (sorted): same kind nests (`《…《…》…》`), matches never cross a
/// line break and span at most [`CLOSE_LIMIT`] bytes. One pass with a stack per kind, so
/// text full of unclosed brackets costs no more than any other.
fn bracket_matches(body: &str) -> Vec<(usize, usize)> {
    const OPENERS: [char; 8] = ['(', '（', '“', '‘', '「', '『', '《', '〈'];
    let mut stacks: [Vec<usize>; 8] = Default::default();
    let mut out = Vec::new();
    for (i, c) in body.char_indices() {
        if c == '\n' {
            stacks.iter_mut().for_each(Vec::clear);
        } else if let Some(k) = OPENERS.iter().position(|&o| o == c) {
            stacks[k].push(i);
        } else if let Some(k) = OPENERS.iter().position(|&o| closer_of(o) == Some(c)) {
            if let Some(open) = stacks[k].pop() {
                let end = i + c.len_utf8();
                if end - open <= CLOSE_LIMIT {
                    out.push((open, end));
                }
            }
        }
    }
    out.sort_unstable();
    out
}

fn split(text: &str, within: Span, level: Level) -> Vec<Span> {
    let mut out = Vec::new();
    let Some(body) = text.get(within.start..within.end) else {
        return out;
    };
    let spaces_end = !is_punctuated(body);
    let matches = bracket_matches(body);
    let base = within.start;
    let mut start = base;
    let mut protect_until = base;
    let mut prev: Option<char> = None;
    let mut iter = body.char_indices().peekable();
    while let Some((off, c)) = iter.next() {
        let i = base + off;
        let next = iter.peek().map(|&(_, n)| n);
        if c == '\n' {
            push(text, &mut out, start, i);
            start = i + 1;
            protect_until = start;
        } else if i < protect_until {
            // inside a bracket or quote
        } else if closer_of(c).is_some() {
            // an opening bracket or quote: protected up to its closer, if it has one
            let k = matches.partition_point(|&(o, _)| o < off);
            if let Some(&(_, end)) = matches.get(k).filter(|&&(o, _)| o == off) {
                protect_until = base + end;
            }
        } else if is_break(level, c, prev, next) {
            // A run of terminators and the closing quotes after them stay with the sentence.
            let mut end = i + c.len_utf8();
            while let Some(&(o, n)) = iter.peek() {
                if ends_sentence(n) || is_closer(n) {
                    end = base + o + n.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            push(text, &mut out, start, end);
            start = end;
        } else if c == ' ' && spaces_end && prev.is_some_and(is_ideo) && next.is_some_and(is_ideo) {
            push(text, &mut out, start, i);
            start = i + 1;
        }
        prev = Some(c);
    }
    push(text, &mut out, start, within.end);
    out
}

fn push(text: &str, out: &mut Vec<Span>, start: usize, end: usize) {
    let piece = &text[start..end];
    let trimmed = piece.trim_start_matches([' ', '\n']);
    let s = start + (piece.len() - trimmed.len());
    let e = s + trimmed.trim_end_matches([' ', '\n']).len();
    if e > s {
        out.push(Span::new(s, e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str, spans: &[Span]) -> Vec<String> {
        spans.iter().map(|s| s.slice(text).to_string()).collect()
    }

    #[test]
    fn sentence_rows() {
        let rows: &[(&str, &[&str])] = &[
            (
                "甲。乙！丙？丁；戊",
                &["甲。", "乙！", "丙？", "丁；", "戊"],
            ),
            (
                "他说：“我没钱。”然后走了。",
                &["他说：“我没钱。”然后走了。"],
            ),
            ("问?? 答!好", &["问??", "答!", "好"]),
            ("第一行\n第二行\n\n", &["第一行", "第二行"]),
            (
                "依照《最高人民法院关于适用《中华人民共和国民事诉讼法》的解释》。裁定如下：",
                &[
                    "依照《最高人民法院关于适用《中华人民共和国民事诉讼法》的解释》。",
                    "裁定如下：",
                ],
            ),
            (
                "判处有期徒刑六个月。(刑期从判决执行之日起计算。即自2018年7月16日起)。",
                &[
                    "判处有期徒刑六个月。",
                    "(刑期从判决执行之日起计算。即自2018年7月16日起)。",
                ],
            ),
            // An unclosed bracket protects nothing.
            ("(未闭合。下一句。", &["(未闭合。", "下一句。"]),
            // A bracket does not run past the end of its line.
            ("(甲。\n乙)。", &["(甲。", "乙)。"]),
            (
                "55,810.54元。2001.2101号",
                &["55,810.54元。", "2001.2101号"],
            ),
            // 。 stripped: spaces between Chinese characters end sentences.
            (
                "本案终结本次执行程序 本案尚未执行到位55,810.54元本院认为",
                &[
                    "本案终结本次执行程序",
                    "本案尚未执行到位55,810.54元本院认为",
                ],
            ),
            ("", &[]),
            ("   \n ", &[]),
        ];
        for &(text, want) in rows {
            assert_eq!(pieces(text, &sentences(text)), want, "{text}");
        }
    }

    #[test]
    fn clause_rows() {
        let rows: &[(&str, &[&str])] = &[
            (
                "被害人王某1、李某某，男。",
                &["被害人王某1、", "李某某，", "男。"],
            ),
            (
                "欠款1,234元，已还55，810.54元",
                &["欠款1,234元，", "已还55，810.54元"],
            ),
            (
                "原告(反诉被告，男)周发扬，男",
                &["原告(反诉被告，男)周发扬，", "男"],
            ),
            (
                "第七十六条“由保险公司赔偿，不足部分，按照下列规定”的规定",
                &["第七十六条“由保险公司赔偿，不足部分，按照下列规定”的规定"],
            ),
            (
                "(2021)浙0382民初1234号，二〇二一年五月十一日",
                &["(2021)浙0382民初1234号，", "二〇二一年五月十一日"],
            ),
            ("a, b", &["a,", "b"]),
        ];
        for &(text, want) in rows {
            assert_eq!(pieces(text, &clauses(text)), want, "{text}");
        }
        let text = "前文。甲，乙。后文";
        let s = sentences(text)[1];
        assert_eq!(pieces(text, &clauses_in(text, s)), ["甲，", "乙。"]);
    }

    #[test]
    fn containing_span() {
        let text = "甲。乙。丙";
        let s = sentences(text);
        assert_eq!(containing(&s, 0).map(|s| s.slice(text)), Some("甲。"));
        assert_eq!(containing(&s, 7).map(|s| s.slice(text)), Some("乙。"));
        assert_eq!(containing(&s, 100), None);
    }
}
