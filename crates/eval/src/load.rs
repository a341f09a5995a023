//! Reading gold and records: JSON Lines, every line checked, every bad line reported with
//! its file and line number.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use jiuzhu_core::DocRecord;

use crate::error::{Error, Problem};
use crate::gold::GoldDoc;

/// Reads gold from files and directories. A file is read whatever its name; a directory
/// contributes its files named `gold*.jsonl` (not recursively, in name order), so a
/// directory such as `corpora/gold/` can hold documents and notes beside the gold, and a
/// synthetic corpus's `expected_clues.jsonl` beside its `gold.jsonl` is not taken for gold.
///
/// Every line is validated ([`GoldDoc`]'s rules); a source annotated twice, in one file or
/// across files, is an error. All problems are returned at once in [`Error::Invalid`].
pub fn load_gold<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<GoldDoc>, Error> {
    let mut files = Vec::new();
    for path in paths {
        let path = path.as_ref();
        if path.is_dir() {
            let found = gold_files_in(path)?;
            if found.is_empty() {
                return Err(Error::NoGoldFiles {
                    path: path.to_path_buf(),
                });
            }
            files.extend(found);
        } else {
            files.push(path.to_path_buf());
        }
    }
    let mut sink = Sink::default();
    for file in &files {
        let reader = open(file)?;
        sink.read(
            reader,
            &file.display().to_string(),
            GoldDoc::parse_line,
            |d| d.source.clone(),
        )
        .map_err(|source| Error::Io {
            path: file.clone(),
            source,
        })?;
    }
    sink.finish()
}

/// Reads gold from one stream; `name` stands for the file in messages (`-` for stdin).
pub fn read_gold(reader: impl BufRead, name: &str) -> Result<Vec<GoldDoc>, Error> {
    let mut sink = Sink::default();
    sink.read(reader, name, GoldDoc::parse_line, |d| d.source.clone())
        .map_err(|source| Error::Io {
            path: PathBuf::from(name),
            source,
        })?;
    sink.finish()
}

/// Reads records (`records.jsonl` as `jiuzhu extract` writes them, one [`DocRecord`] a
/// line) from one or more files. A source present twice is an error: records are matched
/// to gold by source, so a duplicate would be scored twice or not at all.
pub fn load_records<P: AsRef<Path>>(paths: &[P]) -> Result<Vec<DocRecord>, Error> {
    let mut sink = Sink::default();
    for path in paths {
        let path = path.as_ref();
        let reader = open(path)?;
        sink.read(reader, &path.display().to_string(), parse_record, |r| {
            r.source.clone()
        })
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    }
    sink.finish()
}

/// Reads records from one stream; `name` stands for the file in messages.
pub fn read_records(reader: impl BufRead, name: &str) -> Result<Vec<DocRecord>, Error> {
    let mut sink = Sink::default();
    sink.read(reader, name, parse_record, |r| r.source.clone())
        .map_err(|source| Error::Io {
            path: PathBuf::from(name),
            source,
        })?;
    sink.finish()
}

fn parse_record(line: &str) -> Result<DocRecord, String> {
    serde_json::from_str(line).map_err(|e| {
        format!("not a document record ({e}); records.jsonl holds one record per line as `jiuzhu extract` writes it")
    })
}

fn open(path: &Path) -> Result<BufReader<File>, Error> {
    File::open(path)
        .map(BufReader::new)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
}

fn gold_files_in(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let io = |source| Error::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let is_gold = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("gold") && n.ends_with(".jsonl"));
        if is_gold && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Collects parsed items and problems over several inputs, and remembers where each source
/// was first seen so a duplicate names both places.
struct Sink<T> {
    items: Vec<T>,
    problems: Vec<Problem>,
    seen: HashMap<String, (String, usize)>,
}

impl<T> Default for Sink<T> {
    fn default() -> Self {
        Sink {
            items: Vec::new(),
            problems: Vec::new(),
            seen: HashMap::new(),
        }
    }
}

impl<T> Sink<T> {
    fn read(
        &mut self,
        reader: impl BufRead,
        name: &str,
        parse: impl Fn(&str) -> Result<T, String>,
        source_of: impl Fn(&T) -> String,
    ) -> std::io::Result<()> {
        for_each_line(reader, |line_no, line| {
            let problem = |message| Problem {
                path: name.to_string(),
                line: line_no,
                message,
            };
            let line = match line {
                Ok(line) => line,
                Err(message) => return self.problems.push(problem(message)),
            };
            match parse(line) {
                Ok(item) => {
                    let source = source_of(&item);
                    if let Some((file, first)) = self.seen.get(&source) {
                        self.problems.push(problem(format!(
                            "duplicate source '{source}' (first at {file}:{first}); every document appears once, delete or merge one of them"
                        )));
                    } else {
                        self.seen.insert(source, (name.to_string(), line_no));
                        self.items.push(item);
                    }
                }
                Err(message) => self.problems.push(problem(message)),
            }
        })
    }

    fn finish(self) -> Result<Vec<T>, Error> {
        if self.problems.is_empty() {
            Ok(self.items)
        } else {
            Err(Error::Invalid(self.problems))
        }
    }
}

/// Calls `f` with the 1-based number and text of every non-blank line. A line that is not
/// UTF-8 is a problem of that line (`Err` with the message), not an I/O failure of the whole
/// file, so the other lines are still checked. A UTF-8 byte-order mark is skipped.
pub(crate) fn for_each_line(
    mut reader: impl BufRead,
    mut f: impl FnMut(usize, Result<&str, String>),
) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        if reader.read_until(b'\n', &mut buf)? == 0 {
            return Ok(());
        }
        line_no += 1;
        let bytes = if line_no == 1 {
            buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf)
        } else {
            &buf
        };
        match std::str::from_utf8(bytes) {
            Ok(text) if text.trim().is_empty() => {}
            Ok(text) => f(line_no, Ok(text.trim_end_matches(['\n', '\r']))),
            Err(e) => f(
                line_no,
                Err(format!(
                    "not UTF-8 (invalid byte at column {}); save the file as UTF-8",
                    e.valid_up_to() + 1
                )),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn gold_line(source: &str) -> String {
        format!(
            r#"{{"source": "{source}", "kind": "other", "case_number": null, "court": null, "date": null, "charges": [], "cause": null, "persons": [], "compensation": {{"status": "unknown"}}, "enforcement": null, "injury": "unknown", "disability_grade": null, "notes": null}}"#
        )
    }

    fn problems(err: Error) -> Vec<(String, usize, String)> {
        match err {
            Error::Invalid(ps) => ps
                .into_iter()
                .map(|p| (p.path, p.line, p.message))
                .collect(),
            other => panic!("expected Invalid, got {other}"),
        }
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let text = format!(
            "\u{feff}{}\n\n{}\n{{\"source\": 1}}\n{}\r\n",
            gold_line("a.txt"),
            gold_line("b.txt"),
            gold_line("a.txt"),
        );
        let got = problems(read_gold(Cursor::new(text), "g.jsonl").unwrap_err());
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!((got[0].0.as_str(), got[0].1), ("g.jsonl", 4));
        assert!(got[0].2.contains("missing key"), "{}", got[0].2);
        assert_eq!(got[1].1, 5);
        assert!(
            got[1]
                .2
                .contains("duplicate source 'a.txt' (first at g.jsonl:1)"),
            "{}",
            got[1].2
        );
    }

    #[test]
    fn non_utf8_line_is_a_problem_of_that_line() {
        let mut bytes = format!("{}\n", gold_line("a.txt")).into_bytes();
        bytes.extend_from_slice(b"\xC6\xF0\xCB\xDF\n");
        let got = problems(read_gold(Cursor::new(bytes), "g.jsonl").unwrap_err());
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, 2);
        assert!(got[0].2.contains("not UTF-8"));
    }

    #[test]
    fn empty_inputs_give_empty_sets() {
        for text in ["", "\n\n  \n", "\u{feff}"] {
            assert!(read_gold(Cursor::new(text), "g").unwrap().is_empty());
            assert!(read_records(Cursor::new(text), "r").unwrap().is_empty());
        }
    }

    #[test]
    fn directories_contribute_their_gold_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: String| std::fs::write(dir.path().join(name), text).unwrap();
        write("gold-b.jsonl", gold_line("b.txt") + "\n");
        write("gold-a.jsonl", gold_line("a.txt") + "\n");
        write("expected_clues.jsonl", "{\"model\": \"M1\"}\n".into());
        write("notes.md", "# not gold\n".into());
        let docs = load_gold(&[dir.path()]).unwrap();
        let sources: Vec<&str> = docs.iter().map(|d| d.source.as_str()).collect();
        assert_eq!(sources, ["a.txt", "b.txt"]);

        // The same document in two files: the second names the first.
        write("gold-c.jsonl", gold_line("a.txt") + "\n");
        let got = problems(load_gold(&[dir.path()]).unwrap_err());
        assert_eq!(got.len(), 1);
        assert!(got[0].0.ends_with("gold-c.jsonl"));
        assert!(got[0].2.contains("gold-a.jsonl:1"), "{}", got[0].2);

        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            load_gold(&[empty.path()]),
            Err(Error::NoGoldFiles { .. })
        ));
        assert!(matches!(
            load_gold(&[dir.path().join("absent.jsonl")]),
            Err(Error::Io { .. })
        ));
    }

    #[test]
    fn records_are_checked_too() {
        let record = |source: &str| {
            serde_json::to_string(&DocRecord::empty(source, jiuzhu_core::Format::Txt, "utf-8"))
                .unwrap()
        };
        let text = format!(
            "{}\n{}\nnot json\n{}\n",
            record("a"),
            record("b"),
            record("a")
        );
        let got = problems(read_records(Cursor::new(text), "records.jsonl").unwrap_err());
        let lines: Vec<usize> = got.iter().map(|p| p.1).collect();
        assert_eq!(lines, [3, 4]);
        assert!(got[0].2.contains("not a document record"));
        assert!(got[1].2.contains("duplicate source 'a'"));
    }
}
