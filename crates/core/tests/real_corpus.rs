//! ID numbers and case numbers in the real public documents of `corpora/real`.
//!
//! Candidates are found here by a deliberately broad scan that shares no code with the
//! parsers, so the parsers are judged by what the documents contain:
//!
//! - ID numbers: 17 digits and a digit or X, not adjacent to other digits. Each must
//!   validate or fail with a named check.
//! - Case numbers: a bracketed four-digit year followed, within 24 characters of Chinese,
//!   digits, spaces and dashes, by 号; a bare four-digit year followed the same way by a
//!   body naming 刑, 民, 执 or 行 (texts whose punctuation was stripped); and `字第` followed
//!   by digits and 号. Each must be
//!   found by `CaseNumber::find_all` or be something else that carries a year and a number
//!   (a forensic report, a price certificate, a government document …), which the test
//!   recognises by its having no case-type code and prints for review), or have digits
//!   masked by the publisher (`(2012)宝x8民初字第2264号`), which no parser can restore.
//!
//! Run with `--nocapture` to see every candidate and its outcome.

use std::collections::BTreeMap;
use std::fs;
use std::ops::Range;
use std::path::{Path, PathBuf};

use jiuzhu_core::{CaseError, CaseNumber, Date, IdCheck, IdNumber};

/// Characters published documents use to mask digits of a case number.
const MASKS: &str = "xX×*＊";

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpora/real");

fn files() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let mut paths = Vec::new();
    walk(Path::new(CORPUS), &mut paths);
    paths.sort();
    assert!(paths.len() > 50, "expected the real corpus under {CORPUS}");
    paths
        .into_iter()
        .map(|p| {
            let text = fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("{}: not UTF-8 as MANIFEST.md says ({e})", p.display()));
            let rel = p.strip_prefix(CORPUS).unwrap_or(&p).to_path_buf();
            (rel, text)
        })
        .collect()
}

fn fold_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// 18-character candidates: 17 digits then a digit or X, with no digit on either side.
fn id_candidates(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|&&c| fold_digit(c).is_some())
            .count();
        if run == 0 {
            i += 1;
            continue;
        }
        let after = chars.get(i + run).copied();
        let with_x = run == 17 && matches!(after, Some('x' | 'X' | 'ｘ' | 'Ｘ'));
        let len = if with_x { 18 } else { run };
        let next_is_digit = chars.get(i + len).is_some_and(|&c| fold_digit(c).is_some());
        if len == 18 && !next_is_digit {
            out.push(chars[i..i + 18].iter().collect());
        }
        i += len.max(1);
    }
    out
}

#[test]
fn id_numbers_validate_or_name_the_failed_check() {
    // A fixed "today" keeps the test stable; every corpus document predates it.
    let today = Date::new(2026, 1, 1).unwrap();
    let mut outcomes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut total = 0;
    for (path, text) in files() {
        for candidate in id_candidates(&text) {
            total += 1;
            match IdNumber::parse_on(&candidate, today) {
                Ok(id) => {
                    let r = id.region();
                    println!(
                        "ID {}: valid — {} {:?} {:?} {:?} {:?}, born {}, {:?} ({})",
                        id,
                        r.matched_code,
                        r.level,
                        r.province,
                        r.city,
                        r.county,
                        id.birth_date(),
                        id.gender(),
                        path.display()
                    );
                    *outcomes.entry("valid").or_default() += 1;
                }
                Err(e) => {
                    println!("ID {candidate}: {} — {e} ({})", e.check(), path.display());
                    // Every failure names a check; a format failure is impossible for a
                    // candidate of 18 digit characters.
                    assert_ne!(e.check(), IdCheck::Format, "{candidate}: {e}");
                    *outcomes.entry(e.check().as_str()).or_default() += 1;
                }
            }
        }
    }
    println!("ID candidates: {total}; outcomes: {outcomes:?}");
    // Measured on the corpus as copied (2 real ID numbers, 1 unified social credit code).
    assert_eq!(total, 3, "{outcomes:?}");
    assert_eq!(outcomes.get("valid"), Some(&2), "{outcomes:?}");
}

/// A bracketed year, then up to 24 characters of Chinese, digits, spaces or dashes, then 号.
fn case_candidates(text: &str) -> Vec<Range<usize>> {
    let idx: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    for (k, &(start, c)) in idx.iter().enumerate() {
        if !"（(〔[［【".contains(c) {
            continue;
        }
        let year: String = idx[k + 1..]
            .iter()
            .take(4)
            .filter_map(|&(_, c)| fold_digit(c))
            .collect();
        let Some(&(_, close)) = idx.get(k + 5) else {
            continue;
        };
        if year.len() != 4 || !"）)〕]］】".contains(close) {
            continue;
        }
        let body = idx[k + 6..].iter().take(25).position(|&(_, c)| {
            c == '号'
                || !(('\u{4E00}'..='\u{9FFF}').contains(&c)
                    || fold_digit(c).is_some()
                    || " 　-－".contains(c)
                    || MASKS.contains(c))
        });
        if let Some(p) = body {
            let (at, c) = idx[k + 6 + p];
            if c == '号' {
                out.push(start..at + '号'.len_utf8());
            }
        }
    }
    // A year whose brackets were stripped: 2016陕0303民初1038号. Only bodies that name a
    // criminal, civil, enforcement or administrative type, so dates (2016年…) stay out.
    for (k, &(start, c)) in idx.iter().enumerate() {
        let prev_digit = k > 0 && fold_digit(idx[k - 1].1).is_some();
        if prev_digit || !matches!(fold_digit(c), Some('1' | '2')) {
            continue;
        }
        let digits = idx[k..]
            .iter()
            .take_while(|&&(_, c)| fold_digit(c).is_some())
            .count();
        let Some(&(_, first)) = idx.get(k + 4) else {
            continue;
        };
        if digits != 4 || !('\u{4E00}'..='\u{9FFF}').contains(&first) || first == '年' {
            continue;
        }
        let body: Vec<(usize, char)> = idx[k + 4..]
            .iter()
            .take(25)
            .take_while(|&&(_, c)| {
                ('\u{4E00}'..='\u{9FFF}').contains(&c)
                    || fold_digit(c).is_some()
                    || MASKS.contains(c)
            })
            .copied()
            .collect();
        if let Some(p) = body.iter().position(|&(_, c)| c == '号') {
            if body[..p].iter().any(|&(_, c)| "刑民执行".contains(c)) {
                out.push(start..body[p].0 + '号'.len_utf8());
            }
        }
    }
    // Yearless old style: …字第<digits>号
    for (at, _) in text.match_indices("字第") {
        let rest = &text[at + "字第".len()..];
        let digits = rest
            .chars()
            .take_while(|&c| fold_digit(c).is_some())
            .count();
        if digits > 0 && rest.chars().nth(digits) == Some('号') {
            let end = at
                + "字第".len()
                + rest
                    .chars()
                    .take(digits + 1)
                    .map(char::len_utf8)
                    .sum::<usize>();
            if !out
                .iter()
                .any(|r: &Range<usize>| r.start <= at && at < r.end)
            {
                let start = text[..at]
                    .char_indices()
                    .rev()
                    .take(6)
                    .last()
                    .map_or(at, |(i, _)| i);
                out.push(start..end);
            }
        }
    }
    out
}

fn context(text: &str, r: &Range<usize>) -> String {
    let start = text[..r.start]
        .char_indices()
        .rev()
        .take(12)
        .last()
        .map_or(r.start, |(i, _)| i);
    let end = text[r.end..]
        .char_indices()
        .nth(6)
        .map_or(text.len(), |(i, _)| r.end + i);
    text[start..end].replace(['\n', '\r'], " ")
}

#[test]
fn case_numbers_in_the_corpus_parse() {
    let mut parsed = 0;
    let mut distinct = std::collections::BTreeSet::new();
    let mut not_case_numbers = Vec::new();
    let mut masked = Vec::new();
    let mut missed = Vec::new();
    for (path, text) in files() {
        let found = CaseNumber::find_all(&text);
        for (r, n) in &found {
            // What find_all returns must parse on its own to the same value.
            assert_eq!(
                CaseNumber::parse(&text[r.clone()]).as_ref(),
                Ok(n),
                "{}",
                path.display()
            );
            parsed += 1;
            distinct.insert(n.to_string());
        }
        for cand in case_candidates(&text) {
            let covered = found
                .iter()
                .any(|(r, _)| r.start < cand.end && cand.start < r.end);
            if covered {
                continue;
            }
            // Not found: acceptable only if the bracketed part has no case-type code, or
            // names a notary/appraisal/pricing office — i.e. it is not a case number.
            let bracketed = &text[cand.clone()];
            if bracketed.contains(|c| MASKS.contains(c)) {
                masked.push(format!("{} | {}", context(&text, &cand), path.display()));
                continue;
            }
            let from_bracket = bracketed
                .char_indices()
                .find(|&(_, c)| "（(〔[［【".contains(c))
                .map_or(bracketed, |(i, _)| &bracketed[i..]);
            match CaseNumber::parse(from_bracket) {
                Err(CaseError::TypeCode { .. }) => {
                    not_case_numbers.push(format!("{} | {}", context(&text, &cand), path.display()))
                }
                Err(CaseError::Court { hint, .. }) if hint.contains("notary") => {
                    not_case_numbers.push(format!("{} | {}", context(&text, &cand), path.display()))
                }
                other => missed.push(format!(
                    "{} | {} | {:?}",
                    context(&text, &cand),
                    path.display(),
                    other
                )),
            }
        }
    }
    println!("case numbers found: {parsed} ({} distinct)", distinct.len());
    for n in &distinct {
        println!("  {n}");
    }
    println!(
        "numbered references that are not case numbers: {}",
        not_case_numbers.len()
    );
    for s in &not_case_numbers {
        println!("  {s}");
    }
    println!(
        "case numbers with masked digits (cannot be parsed): {}",
        masked.len()
    );
    for s in &masked {
        println!("  {s}");
    }
    println!("case-number candidates missed: {}", missed.len());
    for s in &missed {
        println!("  {s}");
    }
    assert!(
        missed.is_empty(),
        "missed case numbers:\n{}",
        missed.join("\n")
    );
    // Measured on the corpus as copied; a drop means find_all lost a bracket or type style.
    assert!(
        parsed >= 276,
        "only {parsed} case numbers found (276 measured)"
    );
    assert_eq!(masked.len(), 2, "{masked:#?}");
}
