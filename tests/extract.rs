//! `jiuzhu extract`: every input document ends in records.jsonl or rejects.jsonl.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::util;

#[path = "../crates/ingest/tests/fixtures/mixed.rs"]
mod mixed;

fn jsonl(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect()
}

#[test]
fn mixed_directory_to_records_and_rejects() {
    let dir = tempfile::tempdir().unwrap();
    let expected = mixed::build(&dir.path().join("in"));
    let out = util::run(dir.path(), &["extract", "in", "--out", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", util::stderr(&out));
    let records = jsonl(&dir.path().join("out/records.jsonl"));
    let rejects = jsonl(&dir.path().join("out/rejects.jsonl"));

    let want_records: Vec<(&str, &str, &str)> = expected
        .iter()
        .filter_map(|(s, e)| match e {
            mixed::Expect::Doc {
                format, encoding, ..
            } => Some((s.as_str(), *format, *encoding)),
            mixed::Expect::Reject(_) => None,
        })
        .collect();
    let got_records: Vec<(&str, &str, &str)> = records
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap(),
                r["format"].as_str().unwrap(),
                r["encoding"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(got_records, want_records);

    let want_rejects: Vec<(&str, &str)> = expected
        .iter()
        .filter_map(|(s, e)| match e {
            mixed::Expect::Reject(r) => Some((s.as_str(), *r)),
            mixed::Expect::Doc { .. } => None,
        })
        .collect();
    let got_rejects: Vec<(&str, &str)> = rejects
        .iter()
        .map(|r| (r["source"].as_str().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(got_rejects, want_rejects);
    assert!(
        rejects
            .iter()
            .all(|r| !r["detail"].as_str().unwrap().is_empty())
    );

    // Records carry the container's hints, and extraction reads the document through them.
    let row = records
        .iter()
        .find(|r| r["source"] == "csv/dump.csv#1")
        .unwrap();
    assert_eq!(row["hints"]["case_number"], "（2023）云2323执恢39号");
    assert_eq!(row["kind"], "enforcement_ruling", "{row}");

    let err = util::stderr(&out);
    let summary = format!(
        "{} documents: {} records, {} rejects",
        expected.len(),
        want_records.len(),
        want_rejects.len()
    );
    assert!(err.contains(&summary), "{err}");
    assert!(err.contains("no_text 2"), "{err}");
}

#[test]
fn without_out_records_go_to_stdout_and_rejects_to_stderr() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), mixed::RULING).unwrap();
    std::fs::write(dir.path().join("b.txt"), b"").unwrap();
    let out = util::run(dir.path(), &["extract", "a.txt", "b.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", util::stderr(&out));
    let stdout = util::stdout(&out);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["source"], "a.txt");
    let err = util::stderr(&out);
    assert!(err.contains("rejected b.txt: empty"), "{err}");
    assert!(
        err.contains("2 documents: 1 records, 1 rejects (empty 1)"),
        "{err}"
    );
}

#[test]
fn standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(util::bin())
        .args(["extract", "-"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(mixed::judgment_xml().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", util::stderr(&out));
    let record: Value = serde_json::from_str(util::stdout(&out).trim()).unwrap();
    assert_eq!(record["source"], "-");
    assert_eq!(record["format"], "xml");
    assert_eq!(record["hints"]["case_number"], "（2014）新刑初字第376号");
}

#[test]
fn exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), mixed::RULING).unwrap();
    std::fs::write(dir.path().join("not-a-dir"), b"x").unwrap();
    let rows: &[(&[&str], i32, &str)] = &[
        (&["extract", "a.txt", "missing.txt"], 1, "missing.txt"),
        (&["extract"], 1, "INPUT"),
        (
            &["extract", "a.txt", "--out", "not-a-dir/out"],
            2,
            "not-a-dir",
        ),
        (&["extract", "a.txt", "--out", "fresh/dir"], 0, "1 records"),
    ];
    for &(args, code, says) in rows {
        let out = util::run(dir.path(), args);
        let err = util::stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert!(dir.path().join("fresh/dir/records.jsonl").exists());
}
