//! The real gold files of `corpora/gold/` load, name existing documents, and score
//! perfectly against records that say exactly what they say.

use std::path::PathBuf;

use jiuzhu_core::{DocRecord, Enforcement, Format, Person};
use jiuzhu_eval::{GoldDoc, evaluate, load_gold};

fn gold_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpora/gold")
}

/// A record that states what the gold states.
fn as_record(g: &GoldDoc) -> DocRecord {
    let mut r = DocRecord::empty(g.source.clone(), Format::Txt, "utf-8");
    r.kind = g.kind;
    r.case_number = g.case_number.clone();
    r.court = g.court.clone();
    r.date = g.date;
    r.charges = g.charges.clone();
    r.cause = g.cause.clone();
    r.persons = g
        .persons
        .iter()
        .map(|p| Person {
            name: p.name.clone(),
            roles: p.roles.clone(),
            org: p.org,
            anonymized: p.anonymized,
            id_number: p.id_number.clone(),
            gender: p.gender,
            birth_date: p.birth_date,
            ..Person::default()
        })
        .collect();
    r.compensation.status = g.compensation.status;
    r.enforcement = g.enforcement.as_ref().map(|e| Enforcement {
        outcome: e.outcome,
        basis_case_number: e.basis_case_number.clone(),
        evidence: vec![],
    });
    r.injury = g.injury;
    r.disability_grade = g.disability_grade;
    r
}

#[test]
fn gold_files_load_by_directory_and_by_name() {
    let dir = gold_dir();
    let by_dir = load_gold(&[&dir]).unwrap_or_else(|e| panic!("{e}"));
    let files = ["gold-own.jsonl", "gold-real.jsonl"].map(|f| dir.join(f));
    let by_name = load_gold(&files).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(by_dir, by_name);
    // One object per line of each file.
    let lines: usize = files
        .iter()
        .map(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .lines()
                .filter(|l| !l.trim().is_empty())
                .count()
        })
        .sum();
    assert_eq!(by_dir.len(), lines);
    assert!(by_dir.len() >= 100, "{} gold documents", by_dir.len());
    // Every source names a document under docs/ (a CSV/JSONL row by its file).
    for g in &by_dir {
        let file = g.source.split('#').next().unwrap();
        assert!(
            dir.join("docs").join(file).is_file(),
            "{} names no file under docs/",
            g.source
        );
    }
}

#[test]
fn gold_scores_perfectly_against_itself() {
    let gold = load_gold(&[gold_dir()]).unwrap();
    let records: Vec<DocRecord> = gold.iter().map(as_record).collect();
    let r = evaluate(&gold, &records).unwrap();
    assert!(
        r.errors.is_empty(),
        "{:?}",
        &r.errors[..r.errors.len().min(5)]
    );
    for f in r.fields.iter().chain(&r.person_fields) {
        assert_eq!(f.accuracy, Some(1.0), "{}", f.field);
    }
    for s in &r.persons {
        if s.score.matched > 0 {
            assert_eq!(s.score.f1, Some(1.0), "{}", s.subset);
        }
    }
    // And the gold round-trips through its own serialisation.
    for g in &gold {
        let line = serde_json::to_string(g).unwrap();
        let back = jiuzhu_eval::read_gold(std::io::Cursor::new(line), "x").unwrap();
        assert_eq!(&back[0], g);
    }
}
