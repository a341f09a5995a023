//! Scale-out plumbing shared by `extract` and `screen` (docs/scale.md): `--shard i/n`,
//! `--format jsonl|parquet` outputs, and reading already-extracted records back
//! (`screen --records`).
//!
//! Parquet support is the optional `parquet` cargo feature (crates/parquet-io); without it
//! `--format parquet` and Parquet record files are usage errors that say how to rebuild.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::Context;
use jiuzhu_core::{Clue, DocRecord, Reject};
use serde::Deserialize;

use crate::Failure;

/// One machine's part of a run split over `count` machines: the documents whose source
/// hashes to `index` (see [`shard_of`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shard {
    pub index: u64,
    pub count: u64,
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || {
            format!(
                "'{s}': a shard is i/n with 0 <= i < n, e.g. 0/4 for the first of four machines"
            )
        };
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl Shard {
    /// Whether the document named `source` belongs to this shard.
    pub fn keeps(&self, source: &str) -> bool {
        shard_of(source, self.count) == self.index
    }
}

/// The shard of `source` among `count`: [`source_hash`] modulo `count`.
pub(crate) fn shard_of(source: &str, count: u64) -> u64 {
    source_hash(source) % count.max(1)
}

/// FNV-1a (64-bit) of the source's UTF-8 bytes, mixed by the SplitMix64 finaliser (FNV's low
/// bits alone are uneven for names that differ only in their last digits, such as
/// `dump.csv#17`). Stable across machines, platforms and versions: docs/scale.md gives the
/// same function in Python.
pub(crate) fn source_hash(source: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in source.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// How tables are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum OutFormat {
    /// JSON Lines: one object a line (records.jsonl, rejects.jsonl, clues.jsonl).
    #[default]
    Jsonl,
    /// Parquet (records.parquet, rejects.parquet, clues.parquet; schema in docs/scale.md);
    /// needs a jiuzhu built with `--features parquet`.
    Parquet,
}

impl OutFormat {
    /// The file extension of a table in this format.
    pub fn ext(self) -> &'static str {
        match self {
            OutFormat::Jsonl => "jsonl",
            OutFormat::Parquet => "parquet",
        }
    }

    /// A usage error when this build cannot write the format.
    pub fn check(self) -> Result<(), Failure> {
        if self == OutFormat::Parquet && !cfg!(feature = "parquet") {
            return Err(Failure::Usage(NO_PARQUET.into()));
        }
        Ok(())
    }
}

const NO_PARQUET: &str = "this jiuzhu was built without Parquet support; rebuild it with \
     `cargo build --release --features parquet` (see docs/scale.md), or use --format jsonl";

/// A row type of an output table.
#[cfg(feature = "parquet")]
pub(crate) trait OutRow: serde::Serialize + jiuzhu_parquet::Table {}
/// A row type of an output table.
#[cfg(not(feature = "parquet"))]
pub(crate) trait OutRow: serde::Serialize {}

impl OutRow for DocRecord {}
impl OutRow for Reject {}
impl OutRow for Clue {}

enum Sink<T: OutRow> {
    Jsonl(Box<dyn Write>),
    #[cfg(feature = "parquet")]
    Parquet(Box<jiuzhu_parquet::Writer<T, Box<dyn Write + Send>>>),
    #[cfg(not(feature = "parquet"))]
    _Rows(std::marker::PhantomData<T>),
}

/// One output table (`records`, `rejects`, `clues`) in JSON Lines or Parquet; write
/// failures name the file.
pub(crate) struct TableOut<T: OutRow> {
    name: String,
    sink: Sink<T>,
}

impl<T: OutRow> TableOut<T> {
    /// A table written to `out` (a file, or standard output for JSON Lines), named `name`
    /// in error messages.
    pub fn new(
        format: OutFormat,
        out: Box<dyn Write + Send>,
        name: String,
    ) -> Result<Self, Failure> {
        format.check()?;
        let sink = match format {
            OutFormat::Jsonl => Sink::Jsonl(Box::new(BufWriter::new(out))),
            #[cfg(feature = "parquet")]
            OutFormat::Parquet => Sink::Parquet(Box::new(
                jiuzhu_parquet::Writer::new(Box::new(BufWriter::new(out)) as Box<dyn Write + Send>)
                    .with_context(|| format!("cannot write {name}"))
                    .map_err(Failure::Io)?,
            )),
            #[cfg(not(feature = "parquet"))]
            OutFormat::Parquet => unreachable!("checked above"),
        };
        Ok(TableOut { name, sink })
    }

    /// Appends one row.
    pub fn write(&mut self, row: &T) -> anyhow::Result<()> {
        let written: anyhow::Result<()> = match &mut self.sink {
            Sink::Jsonl(w) => super::write_json_line(w, row),
            #[cfg(feature = "parquet")]
            Sink::Parquet(w) => w.write(row).map_err(Into::into),
            #[cfg(not(feature = "parquet"))]
            Sink::_Rows(_) => Ok(()),
        };
        written.with_context(|| format!("writing {} failed", self.name))
    }

    /// Writes what is buffered (and a Parquet file's footer).
    pub fn finish(self) -> anyhow::Result<()> {
        let name = self.name;
        let done: anyhow::Result<()> = match self.sink {
            Sink::Jsonl(mut w) => w.flush().map_err(Into::into),
            #[cfg(feature = "parquet")]
            Sink::Parquet(w) => w
                .finish()
                .map_err(anyhow::Error::from)
                .and_then(|mut out| out.flush().map_err(Into::into)),
            #[cfg(not(feature = "parquet"))]
            Sink::_Rows(_) => Ok(()),
        };
        done.with_context(|| format!("writing {name} failed"))
    }
}

/// Records and rejects read back from earlier runs, and the files that held none.
#[derive(Default)]
pub(crate) struct ReadBack {
    pub records: Vec<DocRecord>,
    pub rejects: BTreeMap<&'static str, usize>,
    pub files: usize,
    pub skipped: Vec<PathBuf>,
}

/// A line of a JSON Lines records file: `{"record": …}` / `{"reject": …}` (what
/// `extract --stream` writes), or a bare record or reject (records.jsonl, rejects.jsonl).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordLine {
    record: DocRecord,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RejectLine {
    reject: Reject,
}

enum Line {
    Record(Box<DocRecord>),
    Reject(Reject),
}

/// What a JSON line holds: `Ok(None)` when it is no record or reject at all (a clue, a
/// problem, a line of pretty-printed JSON), `Err` when it is one but broken.
fn parse_line(line: &str) -> Result<Option<Line>, String> {
    let t = line.trim_start();
    if t.starts_with("{\"record\"") {
        return serde_json::from_str::<RecordLine>(t)
            .map(|l| Some(Line::Record(Box::new(l.record))))
            .map_err(|e| e.to_string());
    }
    if t.starts_with("{\"reject\"") {
        return serde_json::from_str::<RejectLine>(t)
            .map(|l| Some(Line::Reject(l.reject)))
            .map_err(|e| e.to_string());
    }
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(t) else {
        return Ok(None);
    };
    let value = serde_json::Value::Object(map);
    if value.get("source").is_some() && value.get("kind").is_some() {
        serde_json::from_value::<DocRecord>(value)
            .map(|r| Some(Line::Record(Box::new(r))))
            .map_err(|e| e.to_string())
    } else if value.get("source").is_some() && value.get("reason").is_some() {
        serde_json::from_value::<Reject>(value)
            .map(|r| Some(Line::Reject(r)))
            .map_err(|e| e.to_string())
    } else {
        Ok(None)
    }
}

/// Every file under `paths` (directories walked recursively, in name order), skipping
/// hidden files and Hadoop/Spark markers (`_SUCCESS`, `_committed_…`, `.part-0.crc`).
fn files_under(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
        let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.starts_with('_') {
                continue;
            }
            let path = e.path();
            if std::fs::metadata(&path)?.is_dir() {
                walk(&path, out)?;
            } else {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| {
            Failure::Usage(format!("--records {}: {e} (check the path)", p.display()))
        })?;
        if meta.is_dir() {
            walk(p, &mut out)
                .with_context(|| format!("cannot list {}", p.display()))
                .map_err(Failure::Io)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn is_parquet(path: &Path) -> io::Result<bool> {
    let mut magic = [0u8; 4];
    let mut f = File::open(path)?;
    let mut n = 0;
    while n < 4 {
        match f.read(&mut magic[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n == 4 && &magic == b"PAR1")
}

/// Reads the records and rejects under `paths`: JSON Lines files (`extract --stream`
/// output, records.jsonl, rejects.jsonl, Spark text part files) and Parquet tables
/// (`--format parquet` output, Spark part files). A file is judged by its first line (or its
/// schema): files holding no records or rejects (clues, funnel, problems, CSV) are skipped
/// and listed; a broken line in a records file is an error naming the file and line.
pub(crate) fn read_back(paths: &[PathBuf]) -> Result<ReadBack, Failure> {
    let mut back = ReadBack::default();
    for path in files_under(paths)? {
        let parquet = is_parquet(&path)
            .with_context(|| format!("cannot read {}", path.display()))
            .map_err(Failure::Io)?;
        let held = if parquet {
            read_parquet(&path, &mut back)?
        } else {
            read_jsonl(&path, &mut back)?
        };
        if held {
            back.files += 1;
        } else {
            back.skipped.push(path);
        }
    }
    Ok(back)
}

fn count_reject(back: &mut ReadBack, r: &Reject) {
    *back.rejects.entry(r.reason.as_str()).or_default() += 1;
}

/// Whether the file held records or rejects.
fn read_jsonl(path: &Path, back: &mut ReadBack) -> Result<bool, Failure> {
    let file = File::open(path)
        .with_context(|| format!("cannot open {}", path.display()))
        .map_err(Failure::Io)?;
    let mut judged = false;
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let Ok(line) = line else {
            if judged {
                return Err(Failure::Usage(format!(
                    "{}: line {}: not UTF-8 text; records files are JSON Lines in UTF-8",
                    path.display(),
                    i + 1
                )));
            }
            // A binary or non-UTF-8 file (a spreadsheet, an archive): not records.
            return Ok(false);
        };
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(&line) {
            Ok(Some(Line::Record(r))) => back.records.push(*r),
            Ok(Some(Line::Reject(r))) => count_reject(back, &r),
            Ok(None) if !judged => return Ok(false),
            Ok(None) => {
                return Err(Failure::Usage(format!(
                    "{}: line {}: neither a record nor a reject, in a file of records; a records file holds one record (or {{\"record\": …}} / {{\"reject\": …}}) a line",
                    path.display(),
                    i + 1
                )));
            }
            Err(e) => {
                return Err(Failure::Usage(format!(
                    "{}: line {}: a broken record: {e}; re-extract the document or remove the line",
                    path.display(),
                    i + 1
                )));
            }
        }
        judged = true;
    }
    Ok(judged)
}

#[cfg(feature = "parquet")]
fn read_parquet(path: &Path, back: &mut ReadBack) -> Result<bool, Failure> {
    use jiuzhu_parquet::{Error, Row};
    let rows = match jiuzhu_parquet::read_rows(path) {
        Ok(r) => r,
        // A clues table or someone else's Parquet file: not records.
        Err(Error::NotATable { .. }) => return Ok(false),
        Err(e @ Error::Io { .. }) => return Err(Failure::Io(e.into())),
        Err(e) => return Err(Failure::Usage(e.to_string())),
    };
    for row in rows {
        match row.map_err(|e| Failure::Usage(e.to_string()))? {
            Row::Record(r) => back.records.push(r),
            Row::Reject(r) => count_reject(back, &r),
        }
    }
    Ok(true)
}

#[cfg(not(feature = "parquet"))]
fn read_parquet(path: &Path, _back: &mut ReadBack) -> Result<bool, Failure> {
    Err(Failure::Usage(format!(
        "{} is a Parquet file: {NO_PARQUET}",
        path.display()
    )))
}

/// Puts records in one canonical order (by source, stable) and, with `unique`, refuses two
/// records of one source: the records of one run read back from many part files come in
/// whatever order the files were written, and overlapping inputs would count documents
/// twice.
pub(crate) fn canonical_order(records: &mut [DocRecord], unique: bool) -> Result<(), Failure> {
    records.sort_by(|a, b| a.source.cmp(&b.source));
    if !unique {
        return Ok(());
    }
    if let Some(w) = records.windows(2).find(|w| w[0].source == w[1].source) {
        return Err(Failure::Usage(format!(
            "two records of the document '{}': the --records inputs overlap (the same shard or part file given twice?) or an upstream job gave two documents one source; every source must be unique",
            w[0].source
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_parses_and_refuses() {
        let rows: Vec<(&str, Option<(u64, u64)>)> = vec![
            ("0/1", Some((0, 1))),
            ("3/4", Some((3, 4))),
            (" 2 / 8 ", Some((2, 8))),
            ("4/4", None),
            ("0/0", None),
            ("1", None),
            ("-1/3", None),
            ("a/b", None),
        ];
        for (s, want) in rows {
            let got = s.parse::<Shard>().ok().map(|s| (s.index, s.count));
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn shard_function_is_the_documented_one() {
        // Test vectors shared with docs/scale.md and scripts/spark/jiuzhu_spark.py.
        let rows = [
            ("", 0xf52a_15e9_a9b5_e89b_u64, 3),
            ("criminal/j03.txt", 0x9eb8_87e7_07f6_42b0, 0),
            ("dump.csv#17", 0x00fc_f2be_b416_0bb4, 0),
            ("batch.zip!a/b.html", 0x8117_d8ff_7e28_ecfa, 2),
            ("刑事/判决.txt", 0x5d33_3c44_9e30_96fd, 1),
        ];
        for (source, hash, of4) in rows {
            assert_eq!(source_hash(source), hash, "{source}");
            assert_eq!(shard_of(source, 4), of4, "{source}");
        }
    }

    #[test]
    fn shards_are_balanced_and_partition() {
        for n in [2u64, 3, 7, 8, 16] {
            let mut counts = vec![0u64; n as usize];
            let total = 70_000u64;
            for i in 1..=total {
                let s = format!("wenshu_dump_2021.csv#{i}");
                counts[shard_of(&s, n) as usize] += 1;
                let owners = (0..n)
                    .filter(|&k| Shard { index: k, count: n }.keeps(&s))
                    .count();
                assert_eq!(owners, 1, "{s} among {n}");
            }
            let expected = total as f64 / n as f64;
            for (k, c) in counts.iter().enumerate() {
                let off = (*c as f64 - expected).abs() / expected;
                assert!(off < 0.03, "shard {k}/{n}: {c} of {total} ({off:.3} off)");
            }
        }
    }

    #[test]
    fn json_lines_of_every_shape() {
        let rec = serde_json::to_string(&DocRecord::empty(
            "a.txt",
            jiuzhu_core::Format::Txt,
            "utf-8",
        ))
        .unwrap();
        let rej = r#"{"source":"b.bin","reason":"binary","detail":"NUL bytes"}"#;
        let rows: Vec<(String, &str)> = vec![
            (format!("{{\"record\":{rec}}}"), "record"),
            (rec.clone(), "record"),
            (format!("{{\"reject\":{rej}}}"), "reject"),
            (rej.to_string(), "reject"),
            (r#"{"model":"M1","action":"judicial_aid"}"#.into(), "none"),
            ("{".into(), "none"),
            ("[1,2]".into(), "none"),
            (r#"{"record":{"source":"x"}}"#.into(), "error"),
            (r#"{"source":"x","kind":"nonsense"}"#.into(), "error"),
            (
                r#"{"source":"x","reason":"nonsense","detail":""}"#.into(),
                "error",
            ),
        ];
        for (line, want) in rows {
            let got = match parse_line(&line) {
                Ok(Some(Line::Record(_))) => "record",
                Ok(Some(Line::Reject(_))) => "reject",
                Ok(None) => "none",
                Err(_) => "error",
            };
            assert_eq!(got, want, "{line}");
        }
    }
}
