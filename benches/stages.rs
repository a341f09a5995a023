//! Per-stage throughput of the extraction pipeline, on the hand-annotated gold documents
//! (real public documents and the project's own, about 1 MB), with `Throughput::Bytes`.
//! Each benchmark checks its answer first, so a fast wrong answer fails (aho-corasick's
//! rebar practice): decoding must reproduce the text, sectioning must find the result of every
//! full judgment, the scan must find as many hits as a second scan, party parsing alone must
//! find the people whole extraction finds, extraction must meet the victim bar on gold, and
//! screening the sample must give its expected clues.
//!
//! Run: `cargo bench --bench stages` (add `-- extraction` to run one group).

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jiuzhu_core::{Date, DocRecord, Document, Kind};
use jiuzhu_dict::{Dictionaries, Entry, Matcher};
use jiuzhu_eval::{evaluate, load_gold};
use jiuzhu_extract::Extractor;
use jiuzhu_ingest::{Ingest, Input, Item, decode_text};
use jiuzhu_link::{Config, Models, Screen, load_rosters};
use jiuzhu_text::{SectionKind, Sectioner, Segmenter, normalize};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every gold document, decoded.
fn documents() -> Vec<Document> {
    let mut docs = Vec::new();
    Ingest::new()
        .for_each(&[Input::Path(root().join("corpora/gold/docs"))], |item| {
            if let Item::Doc(d) = item {
                docs.push(d);
            }
        })
        .expect("gold documents readable");
    docs
}

fn bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}

/// Raw bytes of every `.txt` file under `dir` (UTF-8 and GB18030 alike).
fn raw_texts(dir: &Path, out: &mut Vec<Vec<u8>>) {
    for e in std::fs::read_dir(dir).expect("readable").flatten() {
        let p = e.path();
        if p.is_dir() {
            raw_texts(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(std::fs::read(&p).expect("readable"));
        }
    }
}

fn count_hits<E: Entry>(m: Matcher<'_, E>, text: &str) -> usize {
    m.find_iter(text).count()
}

/// One pass of every dictionary family over `text`: the scan the pipeline is measured
/// against (the "floor" of BENCHMARKS.md does one automaton over all phrases instead).
fn scan_all(d: &Dictionaries, text: &str) -> usize {
    count_hits(d.charges(), text)
        + count_hits(d.causes(), text)
        + count_hits(d.roles(), text)
        + count_hits(d.compensation(), text)
        + count_hits(d.degrees(), text)
        + count_hits(d.negation(), text)
        + count_hits(d.context(), text)
        + count_hits(d.outcomes(), text)
        + count_hits(d.injuries(), text)
        + count_hits(d.titles(), text)
        + count_hits(d.orgs(), text)
        + count_hits(d.relations(), text)
        + count_hits(d.amounts(), text)
}

fn stages(c: &mut Criterion) {
    let docs = documents();
    let total = bytes(&docs);
    let normalized: Vec<String> = docs
        .iter()
        .map(|d| normalize(&d.text).into_text())
        .collect();
    let dicts = Dictionaries::embedded();

    // decode: raw file bytes to text (UTF-8 validation, GB18030 detection and decoding).
    let mut raw = Vec::new();
    raw_texts(&root().join("corpora/gold/docs"), &mut raw);
    let raw_bytes: u64 = raw.iter().map(|r| r.len() as u64).sum();
    let decoded: usize = raw
        .iter()
        .map(|r| decode_text(r.clone()).expect("decodes").text.len())
        .sum();
    assert!(decoded as u64 >= raw_bytes * 9 / 10, "decoding lost text");
    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Bytes(raw_bytes));
    g.bench_function("txt", |b| {
        b.iter(|| {
            raw.iter()
                .map(|r| {
                    decode_text(black_box(r.clone()))
                        .map(|d| d.text.len())
                        .unwrap_or(0)
                })
                .sum::<usize>()
        })
    });
    g.finish();

    // html: markup to text with block structure.
    let html: Vec<(String, Vec<u8>)> = {
        let mut v = Vec::new();
        let mut files = Vec::new();
        fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).expect("readable").flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, files);
                } else if p.extension().is_some_and(|x| x == "html") {
                    files.push(p);
                }
            }
        }
        walk(&root().join("corpora/gold/docs"), &mut files);
        for f in files {
            v.push((
                f.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&f).unwrap(),
            ));
        }
        v
    };
    let ingest = Ingest::new();
    let html_bytes: u64 = html.iter().map(|(_, b)| b.len() as u64).sum();
    let read_html = || {
        let mut n = 0usize;
        for (name, b) in &html {
            ingest.read(name, b.as_slice(), |item| {
                if let Item::Doc(d) = item {
                    n += d.text.len();
                }
            });
        }
        n
    };
    assert!(read_html() > 0, "html pages yield text");
    let mut g = c.benchmark_group("html");
    g.throughput(Throughput::Bytes(html_bytes));
    g.bench_function("pages", |b| b.iter(read_html));
    g.finish();

    let mut g = c.benchmark_group("text");
    g.throughput(Throughput::Bytes(total));
    g.bench_function("normalise", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| normalize(black_box(&d.text)).text().len())
                .sum::<usize>()
        })
    });
    let sectioner = Sectioner::embedded();
    let judged = normalized
        .iter()
        .zip(&docs)
        .filter(|(_, d)| d.source.contains("judge_test_"))
        .filter(|(t, _)| {
            sectioner
                .section(t, Some(Kind::CriminalJudgment))
                .get(SectionKind::Result)
                .is_none()
        })
        .count();
    assert_eq!(judged, 0, "every full JuDGE judgment has a result section");
    g.bench_function("sections", |b| {
        b.iter(|| {
            normalized
                .iter()
                .map(|t| sectioner.section(black_box(t), None).as_slice().len())
                .sum::<usize>()
        })
    });
    let hits: usize = normalized.iter().map(|t| scan_all(&dicts, t)).sum();
    assert_eq!(
        hits,
        normalized
            .iter()
            .map(|t| scan_all(&dicts, t))
            .sum::<usize>()
    );
    assert!(
        hits > 10_000,
        "the dictionaries match the gold documents ({hits} hits)"
    );
    g.bench_function("automata_scan", |b| {
        b.iter(|| {
            normalized
                .iter()
                .map(|t| scan_all(&dicts, black_box(t)))
                .sum::<usize>()
        })
    });
    // Segmentation windows: the name after every role cue.
    let seg = Segmenter::shared();
    let cues: Vec<(usize, usize)> = normalized
        .iter()
        .enumerate()
        .flat_map(|(i, t)| {
            dicts
                .roles()
                .find_iter(t)
                .map(move |h| (i, h.end))
                .collect::<Vec<_>>()
        })
        .collect();
    let named = cues
        .iter()
        .filter(|(i, at)| seg.name_after(&normalized[*i], *at).is_some())
        .count();
    assert!(
        named * 2 > cues.len(),
        "most role cues are followed by a name ({named}/{})",
        cues.len()
    );
    g.bench_function("segmentation_windows", |b| {
        b.iter(|| {
            cues.iter()
                .filter(|(i, at)| seg.name_after(&normalized[*i], *at).is_some())
                .count()
        })
    });
    g.finish();

    // Whole extraction, checked against the gold.
    let extractor = Extractor::embedded();
    let records: Vec<DocRecord> = docs.iter().map(|d| extractor.extract(d)).collect();

    // Party parsing alone: the same people, by name and role, as whole extraction finds.
    let names = |persons: &[jiuzhu_core::Person]| -> Vec<(String, Vec<jiuzhu_core::Role>)> {
        persons
            .iter()
            .map(|p| (p.name.clone(), p.roles.clone()))
            .collect()
    };
    for (d, r) in docs.iter().zip(&records) {
        assert_eq!(
            names(&extractor.parties(d)),
            names(&r.persons),
            "{}: party parsing alone finds other people",
            d.source
        );
    }
    let gold = load_gold(&[root().join("corpora/gold")]).expect("gold loads");
    let report = evaluate(&gold, &records).expect("scores");
    let f1 = report
        .persons("victim_side")
        .and_then(|p| p.f1)
        .unwrap_or(0.0);
    assert!(
        f1 >= 0.97,
        "victim F1 {f1} below the bar: a fast wrong answer"
    );
    // Both checked above: party parsing alone, and the whole extraction it is part of.
    let mut g = c.benchmark_group("extraction");
    g.throughput(Throughput::Bytes(total));
    g.sample_size(10);
    g.bench_function("party_parsing", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| extractor.parties(black_box(d)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("one_thread", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| extractor.extract(black_box(d)).persons.len())
                .sum::<usize>()
        })
    });
    g.finish();

    // Linkage and models over the bundled sample's records and rosters.
    let config = Config::load(root().join("corpora/sample/jiuzhu.toml")).expect("sample config");
    let models = Models::for_config(&config).expect("models");
    let (rosters, _) = load_rosters(&config).expect("rosters");
    let screen = Screen::new(config, models, rosters)
        .expect("screen")
        .with_today(Date::new(2026, 11, 28).expect("a date"));
    let sample: Vec<DocRecord> = records
        .iter()
        .filter(|r| r.source.starts_with("own/"))
        .map(|r| DocRecord {
            source: r.source.trim_start_matches("own/").to_string(),
            ..r.clone()
        })
        .collect();
    let expected = std::fs::read_to_string(root().join("corpora/sample/expected_clues.jsonl"))
        .expect("expected clues");
    assert_eq!(
        screen.run(&sample).clues.len(),
        expected.lines().count(),
        "the sample's clues"
    );
    let mut g = c.benchmark_group("linkage");
    g.throughput(Throughput::Elements(sample.len() as u64));
    g.bench_function("sample_models", |b| {
        b.iter(|| screen.run(black_box(&sample)).clues.len())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).warm_up_time(std::time::Duration::from_secs(1)).measurement_time(std::time::Duration::from_secs(4));
    targets = stages
}
criterion_main!(benches);
