//! Throughput and cost figures over the real corpus. Run in release:
//! `cargo test -p jiuzhu-text --release --test text measure -- --ignored --nocapture`

use std::hint::black_box;
use std::time::{Duration, Instant};

use jiuzhu_core::Kind;
use jiuzhu_text::{Sectioner, Segmenter, clauses, find_amounts, find_dates, normalize, sentences};

use crate::common::{files, load};

/// Every real document, as ingest would hand it over.
fn corpus() -> Vec<String> {
    let mut docs = Vec::new();
    for dir in ["criminal", "civil_traffic", "enforcement", "procuratorate"] {
        docs.extend(files(dir, "").iter().map(|p| load(p)));
    }
    docs.extend(files("html", "elitigationxz").iter().map(|p| load(p)));
    docs
}

/// Runs `f` over the corpus until at least `min` has passed; returns MB/s of input.
fn mb_per_s(docs: &[String], min: Duration, mut f: impl FnMut(&str)) -> f64 {
    let bytes: usize = docs.iter().map(String::len).sum();
    let start = Instant::now();
    let mut rounds = 0u32;
    while start.elapsed() < min {
        for d in docs {
            f(d);
        }
        rounds += 1;
    }
    (bytes as f64 * f64::from(rounds)) / start.elapsed().as_secs_f64() / 1e6
}

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn throughput() {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    eprintln!(
        "corpus: {} documents, {:.2} MB",
        docs.len(),
        bytes as f64 / 1e6
    );
    let min = Duration::from_secs(2);
    let normalised: Vec<String> = docs.iter().map(|d| normalize(d).into_text()).collect();
    let sectioner = Sectioner::embedded();
    let rows: [(&str, f64); 5] = [
        (
            "normalize",
            mb_per_s(&docs, min, |d| {
                black_box(normalize(d));
            }),
        ),
        (
            "section",
            mb_per_s(&normalised, min, |d| {
                black_box(sectioner.section(d, Some(Kind::CriminalJudgment)));
            }),
        ),
        (
            "sentences + clauses",
            mb_per_s(&normalised, min, |d| {
                black_box((sentences(d), clauses(d)));
            }),
        ),
        (
            "amounts + dates",
            mb_per_s(&normalised, min, |d| {
                black_box((find_amounts(d), find_dates(d)));
            }),
        ),
        (
            "all of the above",
            mb_per_s(&docs, min, |d| {
                let n = normalize(d);
                let t = n.text();
                black_box((
                    sectioner.section(t, None),
                    sentences(t),
                    find_amounts(t),
                    find_dates(t),
                ));
            }),
        ),
    ];
    for (name, rate) in rows {
        eprintln!("{name:<22} {rate:>8.1} MB/s");
        assert!(rate > 0.0);
    }
}

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn jieba_costs() {
    let start = Instant::now();
    let seg = Segmenter::with_legal_terms(jiuzhu_text::segment::LEGAL_TERMS, "legal_terms.txt")
        .expect("embedded dictionary loads");
    eprintln!(
        "jieba + legal dictionary load: {:.0} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    // Every role cue in the criminal judgments, and the name after it.
    let docs: Vec<String> = files("criminal", "judge_test_")
        .iter()
        .map(|p| normalize(&load(p)).into_text())
        .collect();
    let mut windows = Vec::new();
    for d in &docs {
        for cue in ["被告人", "被害人", "原告", "辩护人", "附带民事诉讼原告人"]
        {
            for (at, _) in d.match_indices(cue) {
                windows.push((d.as_str(), at + cue.len()));
            }
        }
    }
    let start = Instant::now();
    let mut found = 0;
    let rounds = 20;
    for _ in 0..rounds {
        for &(d, at) in &windows {
            found += usize::from(black_box(seg.name_after(d, at)).is_some());
        }
    }
    let per = start.elapsed() / (rounds * windows.len() as u32);
    eprintln!(
        "name_after: {} windows, {:.1} µs per window, {} names found per round",
        windows.len(),
        per.as_secs_f64() * 1e6,
        found / rounds as usize
    );
    assert!(found > 0);
}
