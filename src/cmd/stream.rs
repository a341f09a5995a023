//! `jiuzhu extract --stream`: a filter for pipes (Spark's `RDD.pipe`, Hadoop Streaming,
//! `xargs -P`). Documents come in as JSON lines on standard input, one record or reject goes
//! out per document as a JSON line on standard output, in input order, in bounded memory,
//! flushed batch by batch. The schema is in docs/scale.md; in short:
//!
//! ```text
//! in:  {"source": "…", "text": "…", "hints": {…}?, "format": "…"?, "encoding": "…"?, …metadata}
//!      {"reject": {"source": …, "reason": …, "detail": …}}        (passed through)
//! out: {"record": {…records.jsonl line…}}
//!      {"reject": {"source": …, "reason": …, "detail": …}}
//! ```
//!
//! `text` is read as ingest reads a text file (HTML or judgment XML in it is converted; NUL,
//! control and replacement characters judged the same way), so `extract --documents` output
//! piped through `--stream` gives exactly the records `extract` gives.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::time::Instant;

use jiuzhu_core::{Document, Format, Hints, Reject, RejectReason};
use jiuzhu_extract::Extractor;
use jiuzhu_ingest::{Ingest, Item};
use serde_json::{Map, Value};

use super::scale::Shard;
use crate::Failure;

/// Documents extracted between two flushes of standard output when input keeps coming (the
/// extractor's own batch size); fewer when the input pauses, so a trickle is answered
/// at once.
const CHUNK: usize = 512;
/// The name a line's text is read under: `.txt`, so its content decides how it is read.
const TEXT_NAME: &str = "stream-line.txt";

/// Runs the filter until standard input ends.
pub(crate) fn run(
    extractor: &Extractor,
    ingest: Ingest,
    max_doc_bytes: u64,
    shard: Option<Shard>,
) -> Result<(), Failure> {
    let started = Instant::now();
    let (tx, rx) = mpsc::sync_channel::<Item>(CHUNK);
    let bytes = Arc::new(AtomicU64::new(0));
    let counter = bytes.clone();
    // An escaped JSON string of Chinese text (\uXXXX) is up to twice its UTF-8 size.
    let limit = usize::try_from(max_doc_bytes.saturating_mul(2))
        .unwrap_or(usize::MAX)
        .saturating_add(1 << 20);
    std::thread::Builder::new()
        .name("jiuzhu-stream".into())
        .spawn(move || {
            let stdin = io::stdin();
            read_lines(&mut stdin.lock(), &ingest, limit, shard, &tx, &counter);
        })
        .map_err(|e| {
            Failure::Io(anyhow::Error::new(e).context("cannot start the reading thread"))
        })?;

    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let (mut n_records, mut n_rejects) = (0usize, 0usize);
    let mut failed: Option<io::Error> = None;
    while let Some(chunk) = next_chunk(&rx) {
        extractor.run(chunk.into_iter(), |result| {
            if failed.is_some() {
                return;
            }
            let written = match &result {
                Ok(rec) => {
                    n_records += 1;
                    write_wrapped(&mut out, b"{\"record\":", rec)
                }
                Err(rej) => {
                    n_rejects += 1;
                    write_wrapped(&mut out, b"{\"reject\":", rej)
                }
            };
            if let Err(e) = written {
                failed = Some(e);
            }
        });
        if failed.is_none()
            && let Err(e) = out.flush()
        {
            failed = Some(e);
        }
        if failed.is_some() {
            break;
        }
    }
    if let Some(e) = failed {
        // A consumer that stops reading (`| head`) ends the run; that is its choice.
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Ok(());
        }
        return Err(Failure::Io(
            anyhow::Error::new(e).context("writing standard output failed"),
        ));
    }
    let secs = started.elapsed().as_secs_f64();
    let mb = bytes.load(Ordering::Relaxed) as f64 / 1e6;
    eprintln!(
        "extract --stream{}: {} documents: {n_records} records, {n_rejects} rejects; {mb:.1} MB in {secs:.2} s ({:.1} MB/s)",
        shard.map(|s| format!(" --shard {s}")).unwrap_or_default(),
        n_records + n_rejects,
        mb / secs.max(1e-9),
    );
    Ok(())
}

/// The next items to extract: at least one (waiting for it), then whatever has already
/// arrived, up to [`CHUNK`]; `None` at the end of the input.
fn next_chunk(rx: &Receiver<Item>) -> Option<Vec<Item>> {
    let first = rx.recv().ok()?;
    let mut chunk = Vec::with_capacity(CHUNK);
    chunk.push(first);
    while chunk.len() < CHUNK {
        match rx.try_recv() {
            Ok(item) => chunk.push(item),
            Err(_) => break,
        }
    }
    Some(chunk)
}

/// Writes `{"record":…}\n` or `{"reject":…}\n`.
fn write_wrapped(
    out: &mut impl Write,
    open: &[u8],
    value: &impl serde::Serialize,
) -> io::Result<()> {
    out.write_all(open)?;
    serde_json::to_writer(&mut *out, value).map_err(io::Error::from)?;
    out.write_all(b"}\n")
}

/// Reads standard input line by line into items for the extractor.
fn read_lines(
    input: &mut impl BufRead,
    ingest: &Ingest,
    limit: usize,
    shard: Option<Shard>,
    tx: &SyncSender<Item>,
    bytes: &AtomicU64,
) {
    let mut line = Vec::new();
    let mut n = 0usize;
    loop {
        line.clear();
        let (read, too_long) = match read_line_bounded(input, &mut line, limit) {
            Ok(r) => r,
            Err(e) => {
                let item = Item::Reject(Reject {
                    source: format!("-#{}", n + 1),
                    reason: RejectReason::Unreadable,
                    detail: format!(
                        "reading standard input failed: {e}; lines after {n} were not read"
                    ),
                });
                let _ = tx.send(item);
                return;
            }
        };
        if read == 0 {
            return;
        }
        n += 1;
        bytes.fetch_add(read as u64, Ordering::Relaxed);
        let item = if too_long {
            Item::Reject(Reject {
                source: recover_source(&line).unwrap_or_else(|| format!("-#{n}")),
                reason: RejectReason::TooLarge,
                detail: format!(
                    "line {n} is longer than {limit} bytes (twice --max-doc-mb, escaped); raise --max-doc-mb"
                ),
            })
        } else if line.iter().all(u8::is_ascii_whitespace) {
            // Blank lines are not documents (as in a .jsonl file).
            continue;
        } else {
            line_item(ingest, &line, n)
        };
        if shard.is_some_and(|s| !s.keeps(item.source())) {
            continue;
        }
        if tx.send(item).is_err() {
            return;
        }
    }
}

/// Reads one line into `buf` (without its newline), keeping at most `max` bytes and
/// skipping the rest; returns the bytes consumed and whether the line was cut.
fn read_line_bounded(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    let mut consumed = 0usize;
    let mut cut = false;
    loop {
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((consumed, cut));
        }
        let (take, done) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let content = if done {
            &available[..take - 1]
        } else {
            &available[..take]
        };
        let room = max.saturating_sub(buf.len());
        if content.len() > room {
            cut = true;
        }
        buf.extend_from_slice(&content[..content.len().min(room)]);
        input.consume(take);
        consumed += take;
        if done {
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok((consumed, cut));
        }
    }
}

/// The `"source"` string of a line too broken (or too long) to parse, when it can be found.
fn recover_source(line: &[u8]) -> Option<String> {
    let key = line.windows(8).position(|w| w == b"\"source\"")?;
    let rest = &line[key + 8..];
    let rest = rest
        .trim_ascii_start()
        .strip_prefix(b":")?
        .trim_ascii_start();
    serde_json::Deserializer::from_slice(rest)
        .into_iter::<String>()
        .next()?
        .ok()
}

fn malformed(source: String, detail: String) -> Item {
    Item::Reject(Reject {
        source,
        reason: RejectReason::Malformed,
        detail,
    })
}

/// One input line to a document or a reject (with the caller's source whenever the line
/// has one).
fn line_item(ingest: &Ingest, line: &[u8], n: usize) -> Item {
    let fallback = || recover_source(line).unwrap_or_else(|| format!("-#{n}"));
    let mut map: Map<String, Value> = match serde_json::from_slice(line) {
        Ok(Value::Object(map)) => map,
        Ok(other) => {
            return malformed(
                fallback(),
                format!(
                    "line {n}: a JSON {} where a document object was expected",
                    json_kind(&other)
                ),
            );
        }
        Err(e) => return malformed(fallback(), format!("line {n}: invalid JSON: {e}")),
    };
    if let Some(rej) = map.remove("reject") {
        return match serde_json::from_value::<Reject>(rej) {
            Ok(r) if map.is_empty() => Item::Reject(r),
            Ok(r) => malformed(
                r.source,
                format!("line {n}: a reject line has only the key \"reject\""),
            ),
            Err(e) => malformed(fallback(), format!("line {n}: a broken reject: {e}")),
        };
    }
    let source = match map.remove("source") {
        Some(Value::String(s)) if !s.is_empty() => s,
        _ => {
            return malformed(
                format!("-#{n}"),
                format!(
                    "line {n}: no \"source\" string; every line names its document: {{\"source\": \"…\", \"text\": \"…\"}}"
                ),
            );
        }
    };
    let text = match map.remove("text") {
        Some(Value::String(t)) => t,
        Some(Value::Null) | None => {
            return Item::Reject(Reject {
                source,
                reason: RejectReason::NoText,
                detail: format!("line {n}: no \"text\" string"),
            });
        }
        Some(other) => {
            return malformed(
                source,
                format!(
                    "line {n}: \"text\" is a JSON {}, not a string",
                    json_kind(&other)
                ),
            );
        }
    };
    let format = match map.remove("format") {
        None | Some(Value::Null) => None,
        Some(v) => match serde_json::from_value::<Format>(v) {
            Ok(f) => Some(f),
            Err(e) => return malformed(source, format!("line {n}: \"format\": {e}")),
        },
    };
    let encoding = match map.remove("encoding") {
        None | Some(Value::Null) => None,
        Some(Value::String(e)) => Some(e),
        Some(other) => {
            return malformed(
                source,
                format!(
                    "line {n}: \"encoding\" is a JSON {}, not a string",
                    json_kind(&other)
                ),
            );
        }
    };
    let hints = match map.remove("hints") {
        None | Some(Value::Null) => None,
        Some(v) => match serde_json::from_value::<Hints>(v) {
            Ok(h) => Some(h),
            Err(e) => return malformed(source, format!("line {n}: \"hints\": {e}")),
        },
    };

    let mut items = Vec::with_capacity(1);
    // The text is Unicode already: a UTF-8 BOM keeps ingest from guessing another encoding
    // (a NUL in it would read as BOM-less UTF-16) or an archive signature; it is removed
    // with the decoding.
    ingest.read(
        TEXT_NAME,
        io::Read::chain(&b"\xEF\xBB\xBF"[..], text.as_bytes()),
        |item| items.push(item),
    );
    let item = match items.pop() {
        Some(item) if items.is_empty() && item.source() == TEXT_NAME => item,
        other => {
            let count = items.len() + usize::from(other.is_some());
            return malformed(
                source,
                format!(
                    "line {n}: the text is a container of {count} documents (an archive or JSON Lines), not one document; send its documents one a line"
                ),
            );
        }
    };
    match item {
        Item::Doc(doc) => Item::Doc(Document {
            source,
            format: format.unwrap_or(doc.format),
            encoding: encoding.unwrap_or(doc.encoding),
            text: doc.text,
            hints: merged(doc.hints, hints, map),
        }),
        Item::Reject(r) => Item::Reject(Reject {
            source,
            reason: r.reason,
            detail: format!("line {n}: {}", r.detail),
        }),
    }
}

/// The hints ingest found in the text, overridden by the line's `hints`, with the line's
/// other keys as `extra` metadata (strings verbatim, other values as JSON).
fn merged(found: Hints, given: Option<Hints>, metadata: Map<String, Value>) -> Hints {
    let mut h = found;
    if let Some(g) = given {
        let pick = |a: &mut Option<String>, b: Option<String>| {
            if b.is_some() {
                *a = b;
            }
        };
        pick(&mut h.title, g.title);
        pick(&mut h.case_number, g.case_number);
        pick(&mut h.court, g.court);
        pick(&mut h.date, g.date);
        pick(&mut h.case_type, g.case_type);
        pick(&mut h.cause, g.cause);
        if !g.parties.is_empty() {
            h.parties = g.parties;
        }
        if !g.sections.is_empty() {
            h.sections = g.sections;
        }
        h.extra.extend(g.extra);
    }
    let metadata: BTreeMap<String, String> = metadata
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| match v {
            Value::String(s) => (k, s),
            other => (k, other.to_string()),
        })
        .collect();
    for (k, v) in metadata {
        h.extra.entry(k).or_insert(v);
    }
    h
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Writes one item as a line of `--stream` input: a document as `jiuzhu_core::Document`
/// JSON, a reject as `{"reject": …}` (passed through by `--stream`, so nothing is lost
/// between the two stages).
pub(crate) fn write_document_line(out: &mut impl Write, item: &Item) -> io::Result<()> {
    match item {
        Item::Doc(d) => {
            serde_json::to_writer(&mut *out, d).map_err(io::Error::from)?;
            out.write_all(b"\n")
        }
        Item::Reject(r) => write_wrapped(out, b"{\"reject\":", r),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(line: &str) -> Item {
        line_item(&Ingest::new(), line.as_bytes(), 7)
    }

    fn summary(i: &Item) -> (String, String) {
        match i {
            Item::Doc(d) => (
                d.source.clone(),
                format!("doc:{}:{}", d.format.as_str(), d.text),
            ),
            Item::Reject(r) => (r.source.clone(), format!("reject:{}", r.reason.as_str())),
        }
    }

    #[test]
    fn lines_to_items() {
        let rows: Vec<(&str, (&str, &str))> = vec![
            (
                r#"{"source":"a/1.txt","text":"被告人王某某犯交通肇事罪"}"#,
                ("a/1.txt", "doc:txt:被告人王某某犯交通肇事罪"),
            ),
            (
                r#"{"source":"a/2","text":"x\r\ny","format":"csv","encoding":"gb18030"}"#,
                ("a/2", "doc:csv:x\ny"),
            ),
            (
                r#"{"source":"a/3","text":"<html><body><p>民事判决书</p></body></html>"}"#,
                ("a/3", "doc:html:民事判决书"),
            ),
            (r#"{"source":"a/4","text":"  "}"#, ("a/4", "reject:empty")),
            // Bytes that start like an archive or UTF-16 are still the text they spell.
            (
                r#"{"source":"a/4b","text":"PK\u0003\u0004 判决"}"#,
                ("a/4b", "doc:txt:PK\u{3}\u{4} 判决"),
            ),
            (r#"{"source":"a/5"}"#, ("a/5", "reject:no_text")),
            (r#"{"source":"a/6","text":null}"#, ("a/6", "reject:no_text")),
            (r#"{"source":"a/7","text":42}"#, ("a/7", "reject:malformed")),
            (r#"{"text":"无名"}"#, ("-#7", "reject:malformed")),
            (
                r#"{"source":"","text":"无名"}"#,
                ("-#7", "reject:malformed"),
            ),
            (
                r#"{"source":"a/8","text":"被告人"#,
                ("a/8", "reject:malformed"),
            ),
            (r#"not json"#, ("-#7", "reject:malformed")),
            (r#"["source","a/9"]"#, ("-#7", "reject:malformed")),
            (
                r#"{"source":"a/10","text":"\u0000\u0000\u0000"}"#,
                ("a/10", "reject:empty"),
            ),
            (
                r#"{"source":"a/11","text":"{\"a\":1}\n{\"a\":2}\n"}"#,
                ("a/11", "reject:malformed"),
            ),
            (
                r#"{"reject":{"source":"z.zip!b.bin","reason":"binary","detail":"NUL"}}"#,
                ("z.zip!b.bin", "reject:binary"),
            ),
            (
                r#"{"reject":{"source":"z","reason":"binary","detail":"NUL"},"x":1}"#,
                ("z", "reject:malformed"),
            ),
            (
                r#"{"source":"a/12","text":"正文","format":"pdf"}"#,
                ("a/12", "reject:malformed"),
            ),
        ];
        for (line, (source, what)) in rows {
            let got = summary(&item(line));
            assert_eq!((got.0.as_str(), got.1.as_str()), (source, what), "{line}");
        }
    }

    #[test]
    fn hints_and_metadata_reach_the_document() {
        let line = r#"{"source":"s","text":"判决书正文","hints":{"court":"乐清市人民法院","extra":{"k":"hint"}},"docId":"abc","page":3,"k":"meta","empty":null}"#;
        let Item::Doc(d) = item(line) else {
            panic!("a document")
        };
        assert_eq!(d.hints.court.as_deref(), Some("乐清市人民法院"));
        let extra: Vec<(&str, &str)> = d
            .hints
            .extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(extra, vec![("docId", "abc"), ("k", "hint"), ("page", "3")]);
    }

    #[test]
    fn documents_lines_round_trip() {
        // What `extract --documents` writes reads back as the same document.
        let mut doc = Document {
            source: "dump.csv#3".into(),
            format: Format::Csv,
            encoding: "gb18030".into(),
            text: "刑事判决书\n被告人张某\t犯故意伤害罪".into(),
            hints: Hints::default(),
        };
        doc.hints.case_number = Some("（2021）浙0382刑初456号".into());
        doc.hints.extra.insert("s1".into(), "标题".into());
        let mut line = Vec::new();
        write_document_line(&mut line, &Item::Doc(doc.clone())).unwrap();
        assert_eq!(line_item(&Ingest::new(), &line, 1), Item::Doc(doc));

        let rej = Reject {
            source: "a.zip!x.bin".into(),
            reason: RejectReason::Binary,
            detail: "NUL bytes".into(),
        };
        let mut line = Vec::new();
        write_document_line(&mut line, &Item::Reject(rej.clone())).unwrap();
        assert_eq!(line_item(&Ingest::new(), &line, 1), Item::Reject(rej));
    }

    #[test]
    fn bounded_lines() {
        let input = b"short\nthis line is long\r\n\nlast";
        let mut r = io::BufReader::with_capacity(4, &input[..]);
        let mut got = Vec::new();
        loop {
            let mut buf = Vec::new();
            let (n, cut) = read_line_bounded(&mut r, &mut buf, 8).unwrap();
            if n == 0 {
                break;
            }
            got.push((String::from_utf8(buf).unwrap(), n, cut));
        }
        let want = vec![
            ("short".to_string(), 6, false),
            ("this lin".to_string(), 19, true),
            (String::new(), 1, false),
            ("last".to_string(), 4, false),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn sources_recovered_from_broken_lines() {
        let rows: Vec<(&str, Option<&str>)> = vec![
            (r#"{"source": "a/b.txt", "text": "被告人"#, Some("a/b.txt")),
            (r#"{"text":"…","source" :"x\"y"}"#, Some("x\"y")),
            (r#"{"source":12}"#, None),
            (r#"{"text":"no source"#, None),
        ];
        for (line, want) in rows {
            assert_eq!(recover_source(line.as_bytes()).as_deref(), want, "{line}");
        }
    }
}
