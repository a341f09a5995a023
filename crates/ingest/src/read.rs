//! The reading pipeline: one input (file, directory, archive member, standard input) to
//! documents and rejects, pushed into a sink in a deterministic order.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use jiuzhu_core::{Document, Format, Hints, Reject, RejectReason};
use serde_json::Value;

use crate::decode::{self, Refusal, Transcoder};
use crate::guard::{self, PerRecord, RecordMark};
use crate::{Config, Item, archive, fields, html, json, xml};

/// The sink asked to stop (the consumer went away).
#[derive(Debug)]
pub(crate) struct Stop;

pub(crate) type Flow = Result<(), Stop>;

/// What reading needs: the configuration, the sink, the raw-byte counter.
pub(crate) struct Ctx<'s> {
    pub cfg: &'s Config,
    pub sink: &'s mut dyn FnMut(Item) -> Flow,
    pub counter: Arc<AtomicU64>,
    /// Items handed to the sink so far, so an input that held no document is noticed.
    pub emitted: u64,
}

impl Ctx<'_> {
    pub(crate) fn doc(
        &mut self,
        source: String,
        format: Format,
        encoding: &str,
        text: String,
        hints: Hints,
    ) -> Flow {
        // A NUL is never text (database exports pad with them); what surrounds it may be.
        let text = if memchr::memchr(0, text.as_bytes()).is_some() {
            text.replace('\0', "")
        } else {
            text
        };
        if text.trim().is_empty() {
            return self.reject(source, RejectReason::Empty, "no visible text");
        }
        // One line-break convention for every format: Windows and old Mac breaks become \n.
        let text = if memchr::memchr(b'\r', text.as_bytes()).is_some() {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text
        };
        self.emitted += 1;
        (self.sink)(Item::Doc(Document {
            source,
            format,
            encoding: encoding.to_string(),
            text,
            hints,
        }))
    }

    pub(crate) fn reject(
        &mut self,
        source: String,
        reason: RejectReason,
        detail: impl Into<String>,
    ) -> Flow {
        self.emitted += 1;
        (self.sink)(Item::Reject(Reject {
            source,
            reason,
            detail: detail.into(),
        }))
    }

    fn refuse(&mut self, source: String, r: Refusal) -> Flow {
        self.reject(source, r.reason, r.detail)
    }
}

/// How an input is read, from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Zip,
    Tar,
    TarGz,
    Gz,
    Csv(u8),
    Jsonl,
    Json,
    Xml,
    Html,
    /// `.txt`, `.md`, anything else: sniffed (archive magic, then XML/HTML/JSON/text).
    Text,
}

pub(crate) fn kind_of(name: &str) -> Kind {
    let lower = name.to_ascii_lowercase();
    let ends = |s: &str| lower.ends_with(s);
    if ends(".tar.gz") || ends(".tgz") {
        Kind::TarGz
    } else if ends(".zip") {
        Kind::Zip
    } else if ends(".tar") {
        Kind::Tar
    } else if ends(".gz") {
        Kind::Gz
    } else if ends(".csv") {
        Kind::Csv(b',')
    } else if ends(".tsv") {
        Kind::Csv(b'\t')
    } else if ends(".jsonl") || ends(".ndjson") {
        Kind::Jsonl
    } else if ends(".json") {
        Kind::Json
    } else if ends(".xml") {
        Kind::Xml
    } else if ends(".html") || ends(".htm") || ends(".shtml") || ends(".xhtml") {
        Kind::Html
    } else {
        Kind::Text
    }
}

fn is_archive(kind: Kind) -> bool {
    matches!(kind, Kind::Zip | Kind::Tar | Kind::TarGz | Kind::Gz)
}

/// Reads a file found on disk (given directly or under a directory).
pub(crate) fn file(ctx: &mut Ctx<'_>, path: &Path, source: String) -> Flow {
    let f = match File::open(path) {
        Ok(f) => f,
        Err(e) => {
            return ctx.reject(
                source,
                RejectReason::Unreadable,
                format!("cannot open {}: {e}", path.display()),
            );
        }
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if kind_of(&name) == Kind::Zip {
        // On disk a zip is read through its central directory, members sorted by name. It
        // seeks back and forth, so count its size once instead of every byte read.
        let len = f.metadata().map_or(0, |m| m.len());
        ctx.counter
            .fetch_add(len, std::sync::atomic::Ordering::Relaxed);
        let before = ctx.emitted;
        archive::zip_seekable(ctx, &source, f, 0)?;
        return nothing_inside(ctx, &source, Kind::Zip, before);
    }
    let mut counted = guard::Counting::new(f, ctx.counter.clone());
    stream(ctx, &source, &name, &mut counted, 0)
}

/// One `empty` reject for an input that yielded nothing (an archive of directories, a CSV
/// with only its header, an empty JSON array), so every input is accounted for.
fn nothing_inside(ctx: &mut Ctx<'_>, source: &str, kind: Kind, before: u64) -> Flow {
    if ctx.emitted != before {
        return Ok(());
    }
    let what = match kind {
        Kind::Zip | Kind::Tar | Kind::TarGz | Kind::Gz => {
            "an archive with no files in it (empty, or only directories and links)"
        }
        Kind::Csv(_) => "a header row and no data rows",
        Kind::Jsonl => "JSON Lines without a line that is not blank",
        Kind::Json => "a JSON array without elements",
        _ => "no document",
    };
    ctx.reject(source.to_string(), RejectReason::Empty, what)
}

/// Reads one named stream (a file, an archive member, standard input); `depth` is the
/// number of archives it is inside.
pub(crate) fn stream(
    ctx: &mut Ctx<'_>,
    source: &str,
    name: &str,
    reader: &mut dyn Read,
    depth: u32,
) -> Flow {
    let kind = kind_of(name);
    let before = ctx.emitted;
    if is_archive(kind) {
        archive::archive(ctx, source, name, kind, reader, depth)?;
    } else {
        match kind {
            Kind::Csv(delimiter) => csv_stream(ctx, source, reader, delimiter)?,
            Kind::Jsonl => {
                text_stream(ctx, source, reader, true, |ctx, src, r| jsonl(ctx, src, r))?
            }
            Kind::Json => text_stream(ctx, source, reader, false, |ctx, src, r| {
                json_stream(ctx, src, r)
            })?,
            Kind::Xml | Kind::Html => single(ctx, source, reader, kind)?,
            _ => sniffed(ctx, source, name, reader, depth)?,
        }
    }
    nothing_inside(ctx, source, kind, before)
}

/// An input whose name says nothing: archives by magic number, JSON Lines when the first
/// two lines are objects, otherwise a single document.
fn sniffed(ctx: &mut Ctx<'_>, source: &str, name: &str, reader: &mut dyn Read, depth: u32) -> Flow {
    let mut head = Vec::with_capacity(4096);
    if let Err(e) = reader.take(4096).read_to_end(&mut head) {
        let (reason, detail) = guard::classify(&e, RejectReason::Unreadable);
        return ctx.reject(source.to_string(), reason, detail);
    }
    let mut chained = Cursor::new(head.clone()).chain(reader);
    let magic = if head.starts_with(b"PK\x03\x04") {
        Some(Kind::Zip)
    } else if head.starts_with(b"\x1F\x8B") {
        Some(Kind::Gz)
    } else if head.len() > 262 && &head[257..262] == b"ustar" {
        Some(Kind::Tar)
    } else {
        None
    };
    // A DOCX/XLSX is a zip too, but not an archive of documents: let binary sniffing say so.
    let office = [
        ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".wps", ".jar", ".apk",
    ]
    .iter()
    .any(|e| name.to_ascii_lowercase().ends_with(e));
    if let Some(kind) = magic.filter(|_| !office) {
        return archive::archive(ctx, source, name, kind, &mut chained, depth);
    }
    if looks_like_jsonl(&head) {
        return text_stream(ctx, source, &mut chained, true, |ctx, src, r| {
            jsonl(ctx, src, r)
        });
    }
    single(ctx, source, &mut chained, Kind::Text)
}

/// Two or more lines, the first a complete JSON object and the second starting one.
fn looks_like_jsonl(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let Some(nl) = memchr::memchr(b'\n', head) else {
        return false;
    };
    let first = head[..nl].trim_ascii();
    let second = head[nl + 1..].trim_ascii_start();
    first.starts_with(b"{")
        && second.starts_with(b"{")
        && serde_json::from_slice::<serde_json::Map<String, Value>>(first).is_ok()
}

/// Reads at most `max` bytes; more is a too-large fault.
fn read_bounded(reader: &mut dyn Read, max: u64) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    reader.take(max + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > max {
        return Err(guard::Fault::io(
            RejectReason::TooLarge,
            format!(
                "larger than the document size limit of {max} bytes \
                 (raise it with --max-doc-mb)"
            ),
        ));
    }
    Ok(buf)
}

/// One document from a whole stream.
fn single(ctx: &mut Ctx<'_>, source: &str, reader: &mut dyn Read, kind: Kind) -> Flow {
    let bytes = match read_bounded(reader, ctx.cfg.max_document_bytes) {
        Ok(b) => b,
        Err(e) => {
            let (reason, detail) = guard::classify(&e, RejectReason::Unreadable);
            return ctx.reject(source.to_string(), reason, detail);
        }
    };
    let declared = match kind {
        Kind::Xml | Kind::Html | Kind::Text => decode::declared_charset(&bytes),
        _ => None,
    };
    let decoded = match decode::decode_document(bytes, declared) {
        Ok(d) => d,
        Err(r) => return ctx.refuse(source.to_string(), r),
    };
    document(ctx, source.to_string(), kind, decoded)
}

/// Interprets decoded text by kind; `Text` is sniffed for XML, HTML and JSON content.
fn document(ctx: &mut Ctx<'_>, source: String, kind: Kind, d: decode::Decoded) -> Flow {
    let note = d.note.as_deref();
    let trimmed = d.text.trim_start_matches('\u{FEFF}').trim_start();
    let kind = match kind {
        Kind::Text if trimmed.starts_with("<?xml") || trimmed.starts_with("<writ") => Kind::Xml,
        Kind::Text if trimmed.starts_with('<') && html::looks_like_html(trimmed) => Kind::Html,
        Kind::Text if trimmed.starts_with('{') => Kind::Json,
        k => k,
    };
    let (format, text, hints) = match kind {
        Kind::Html => {
            let h = html::html_to_text(&d.text);
            let hints = Hints {
                title: h.title,
                sections: h.sections,
                ..Hints::default()
            };
            (Format::Html, h.text, hints)
        }
        Kind::Xml => match xml::parse(&d.text) {
            Ok(x) => (Format::Xml, x.text, x.hints),
            Err(r) => return ctx.refuse(source, r),
        },
        Kind::Json => match serde_json::from_str::<Value>(trimmed) {
            Ok(v) => match json::object_to_doc(v, &ctx.cfg.text_fields) {
                Ok((text, hints)) => (Format::Json, text, hints),
                Err(r) => return ctx.refuse(source, r),
            },
            Err(e) => match json::salvage(trimmed, &ctx.cfg.text_fields) {
                Some((field, raw)) => {
                    let mut hb = fields::HintBuilder::default();
                    let text = fields::field_text(&raw, &mut hb);
                    hb.extra(
                        "ingest.warning",
                        format!("invalid JSON ({e}); text salvaged from field {field}"),
                    );
                    (Format::Json, text, hb.finish())
                }
                // Not JSON after all: a text that starts with a brace.
                None => (Format::Txt, d.text, Hints::default()),
            },
        },
        _ => (Format::Txt, d.text, Hints::default()),
    };
    ctx.doc(source, format, &d.encoding, text, noted(hints, note))
}

/// Hints with the decoder's note (mixed encodings, replaced bytes) added to any warning.
fn noted(mut hints: Hints, note: Option<&str>) -> Hints {
    if let Some(n) = note {
        hints
            .extra
            .entry("ingest.warning".to_string())
            .and_modify(|w| {
                w.push_str("; ");
                w.push_str(n);
            })
            .or_insert_with(|| n.to_string());
    }
    hints
}

/// Detects a stream's encoding from its head and hands the transcoded UTF-8 stream on.
/// With `raw_utf8`, a UTF-8 stream is handed on as it is (BOM removed), invalid bytes and
/// all, for a reader that decodes each record itself ([`decode::utf8_mixed`]), so a record
/// with a pasted GBK stretch is read rather than replaced.
fn text_stream(
    ctx: &mut Ctx<'_>,
    source: &str,
    reader: &mut dyn Read,
    raw_utf8: bool,
    then: impl FnOnce(&mut Ctx<'_>, &str, (&mut dyn BufRead, &str)) -> Flow,
) -> Flow {
    let mut head = Vec::with_capacity(decode::SNIFF_LEN);
    if let Err(e) = reader.take(decode::SNIFF_LEN as u64).read_to_end(&mut head) {
        let (reason, detail) = guard::classify(&e, RejectReason::Unreadable);
        return ctx.reject(source.to_string(), reason, detail);
    }
    let at_eof = head.len() < decode::SNIFF_LEN;
    let enc = match decode::detect_stream(&head, at_eof) {
        Ok(enc) => enc,
        Err(r) => return ctx.refuse(source.to_string(), r),
    };
    let name = decode::encoding_name(enc);
    if raw_utf8 && enc == encoding_rs::UTF_8 {
        let bom = if head.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let mut head = Cursor::new(head);
        head.set_position(bom);
        let mut buffered = BufReader::with_capacity(64 * 1024, head.chain(reader));
        return then(ctx, source, (&mut buffered, &name));
    }
    let transcoded = Transcoder::new(Cursor::new(head).chain(reader), enc);
    let mut buffered = BufReader::with_capacity(64 * 1024, transcoded);
    then(ctx, source, (&mut buffered, &name))
}

/// A record's text, refused when it decoded with too many replacement characters.
fn checked(text: String, encoding: &str) -> Result<String, Refusal> {
    if let Some(n) = decode::too_many_controls(&text) {
        return Err(Refusal::new(
            RejectReason::Binary,
            format!("{n} control or NUL characters: binary or corrupt data, not text"),
        ));
    }
    match decode::too_many_replacements(&text) {
        Some((bad, chars)) => Err(Refusal::new(
            RejectReason::Undecodable,
            format!(
                "decoding as {encoding} gave {bad} replacement characters in {chars}: \
                 convert the file to UTF-8"
            ),
        )),
        None => Ok(text),
    }
}

/// JSON Lines: one object a line, `source#N` with N the line number (blank lines are not
/// documents). Lines longer than the document limit are rejected and skipped.
fn jsonl(ctx: &mut Ctx<'_>, source: &str, (reader, encoding): (&mut dyn BufRead, &str)) -> Flow {
    let max = ctx.cfg.max_document_bytes as usize;
    let mut line = Vec::new();
    let mut n = 0usize;
    loop {
        line.clear();
        let (read, too_long) = match read_line_bounded(reader, &mut line, max) {
            Ok(r) => r,
            Err(e) => {
                let (reason, detail) = guard::classify(&e, RejectReason::Unreadable);
                return ctx.reject(
                    format!("{source}#{}", n + 1),
                    reason,
                    format!("{detail}; lines after {n} were not read"),
                );
            }
        };
        if read == 0 {
            return Ok(());
        }
        n += 1;
        let src = format!("{source}#{n}");
        if too_long {
            ctx.reject(
                src,
                RejectReason::TooLarge,
                format!("line {n} is longer than the document size limit of {max} bytes"),
            )?;
            continue;
        }
        let (text, note) = decode::utf8_mixed(&line);
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(v) => match json::object_to_doc(v, &ctx.cfg.text_fields)
                .and_then(|(t, h)| checked(t, encoding).map(|t| (t, h)))
            {
                Ok((t, h)) => {
                    ctx.doc(src, Format::Jsonl, encoding, t, noted(h, note.as_deref()))?
                }
                Err(r) => ctx.refuse(
                    src,
                    Refusal {
                        detail: format!("line {n}: {}", r.detail),
                        ..r
                    },
                )?,
            },
            Err(e) => ctx.reject(
                src,
                RejectReason::Malformed,
                format!("line {n}: invalid JSON: {e}"),
            )?,
        }
    }
}

/// Reads one line into `buf` (without the newline), keeping at most `max` bytes; returns
/// the bytes consumed and whether the line was longer than `max`.
fn read_line_bounded(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut too_long = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((consumed, too_long));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(p) => (p + 1, true),
            None => (chunk.len(), false),
        };
        let body = if done {
            &chunk[..take - 1]
        } else {
            &chunk[..take]
        };
        if buf.len() + body.len() > max {
            too_long = true;
            buf.clear();
        } else if !too_long {
            buf.extend_from_slice(body);
        }
        r.consume(take);
        consumed += take;
        if done {
            return Ok((consumed, too_long));
        }
    }
}

/// A `.json` file: an array streams its elements as `path#N`; one object is one document;
/// several concatenated objects (JSON Lines saved as .json) are `path#N` too.
fn json_stream(
    ctx: &mut Ctx<'_>,
    source: &str,
    (reader, encoding): (&mut dyn BufRead, &str),
) -> Flow {
    let max = ctx.cfg.max_document_bytes;
    let first = loop {
        match reader.fill_buf() {
            Ok([]) => return ctx.reject(source.to_string(), RejectReason::Empty, "no JSON value"),
            Ok(buf) => match buf.iter().position(|b| !b.is_ascii_whitespace()) {
                Some(p) => {
                    let c = buf[p];
                    reader.consume(p);
                    break c;
                }
                None => {
                    let l = buf.len();
                    reader.consume(l);
                }
            },
            Err(e) => {
                let (reason, detail) = guard::classify(&e, RejectReason::Unreadable);
                return ctx.reject(source.to_string(), reason, detail);
            }
        }
    };
    if first != b'[' && first != b'{' {
        return ctx.reject(
            source.to_string(),
            RejectReason::Malformed,
            format!(
                "a .json file must hold an object or an array, found '{}'",
                first as char
            ),
        );
    }
    // Most .json files are one small record: parse those from memory (serde_json reads an
    // io::Read a byte at a time, several times slower).
    let small = SMALL_JSON.min(max);
    let mut buf = Vec::new();
    if let Err(e) = reader.take(small + 1).read_to_end(&mut buf) {
        let (reason, detail) = guard::classify(&e, RejectReason::Unreadable);
        return ctx.reject(source.to_string(), reason, detail);
    }
    if buf.len() as u64 <= small {
        let de = serde_json::Deserializer::from_slice(&buf);
        return if first == b'[' {
            json_array(ctx, source, encoding, de, None)
        } else {
            json_values(ctx, source, encoding, de, None)
        };
    }
    let (guarded, mark) = PerRecord::new(Cursor::new(buf).chain(reader), max);
    let de = serde_json::Deserializer::from_reader(BufReader::with_capacity(64 * 1024, guarded));
    if first == b'[' {
        json_array(ctx, source, encoding, de, Some(mark))
    } else {
        json_values(ctx, source, encoding, de, Some(mark))
    }
}

/// JSON files up to this size are parsed from memory.
const SMALL_JSON: u64 = 4 << 20;

fn json_error(e: serde_json::Error) -> (RejectReason, String) {
    if e.is_io() {
        // Our size guard's fault travels inside the io::Error serde_json wraps.
        return guard::classify(&io::Error::from(e), RejectReason::Unreadable);
    }
    (RejectReason::Malformed, format!("invalid JSON: {e}"))
}

fn json_item(ctx: &mut Ctx<'_>, src: String, encoding: &str, v: Value) -> Flow {
    match json::object_to_doc(v, &ctx.cfg.text_fields)
        .and_then(|(t, h)| checked(t, encoding).map(|t| (t, h)))
    {
        Ok((t, h)) => ctx.doc(src, Format::Json, encoding, t, h),
        Err(r) => ctx.refuse(src, r),
    }
}

fn mark(mark: &Option<RecordMark>) {
    if let Some(m) = mark {
        m.mark();
    }
}

fn json_values<'de, R: serde_json::de::Read<'de>>(
    ctx: &mut Ctx<'_>,
    source: &str,
    encoding: &str,
    de: serde_json::Deserializer<R>,
    marker: Option<RecordMark>,
) -> Flow {
    let mut values = de.into_iter::<Value>();
    let first = match values.next() {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            let (reason, detail) = json_error(e);
            return ctx.reject(source.to_string(), reason, detail);
        }
        None => return ctx.reject(source.to_string(), RejectReason::Empty, "no JSON value"),
    };
    mark(&marker);
    let second = values.next();
    let Some(second) = second else {
        return json_item(ctx, source.to_string(), encoding, first);
    };
    json_item(ctx, format!("{source}#1"), encoding, first)?;
    let mut n = 1;
    let mut next = Some(second);
    while let Some(result) = next {
        n += 1;
        match result {
            Ok(v) => json_item(ctx, format!("{source}#{n}"), encoding, v)?,
            Err(e) => {
                let (reason, detail) = json_error(e);
                return ctx.reject(
                    format!("{source}#{n}"),
                    reason,
                    format!("{detail}; values after {} were not read", n - 1),
                );
            }
        }
        mark(&marker);
        next = values.next();
    }
    Ok(())
}

fn json_array<'de, R: serde_json::de::Read<'de>>(
    ctx: &mut Ctx<'_>,
    source: &str,
    encoding: &str,
    mut de: serde_json::Deserializer<R>,
    marker: Option<RecordMark>,
) -> Flow {
    use serde::de::{Deserializer as _, SeqAccess, Visitor};

    struct Elements<'c, 's, 'e> {
        ctx: &'c mut Ctx<'s>,
        source: &'e str,
        encoding: &'e str,
        marker: Option<RecordMark>,
        n: &'e mut usize,
        stopped: &'e mut bool,
    }

    impl<'de> Visitor<'de> for Elements<'_, '_, '_> {
        type Value = ();

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an array of document objects")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            loop {
                mark(&self.marker);
                let Some(v) = seq.next_element::<Value>()? else {
                    return Ok(());
                };
                *self.n += 1;
                let src = format!("{}#{}", self.source, self.n);
                if json_item(self.ctx, src, self.encoding, v).is_err() {
                    *self.stopped = true;
                    return Err(serde::de::Error::custom("consumer stopped"));
                }
            }
        }
    }

    let mut n = 0usize;
    let mut stopped = false;
    let result = de.deserialize_seq(Elements {
        ctx,
        source,
        encoding,
        marker,
        n: &mut n,
        stopped: &mut stopped,
    });
    if stopped {
        return Err(Stop);
    }
    match result {
        Ok(()) => Ok(()),
        Err(e) => {
            let (reason, detail) = json_error(e);
            ctx.reject(
                format!("{source}#{}", n + 1),
                reason,
                format!(
                    "element {}: {detail}; elements after it were not read",
                    n + 1
                ),
            )
        }
    }
}

/// A CSV (or TSV) stream: one document per row, `source#N` with N the row number (header
/// not counted). Columns are matched by header name, so reordered and missing columns work.
fn csv_stream(ctx: &mut Ctx<'_>, source: &str, reader: &mut dyn Read, delimiter: u8) -> Flow {
    text_stream(ctx, source, reader, true, |ctx, source, (r, encoding)| {
        csv_rows(ctx, source, r, encoding, delimiter)
    })
}

fn csv_rows(
    ctx: &mut Ctx<'_>,
    source: &str,
    reader: &mut dyn BufRead,
    encoding: &str,
    delimiter: u8,
) -> Flow {
    // TSV is read without quoting (below), so only CSV can have a quote left open.
    let quoting = delimiter != b'\t';
    let (tracked, quotes) = guard::QuoteTrack::new(reader, delimiter);
    let (guarded, mark) = PerRecord::new(tracked, ctx.cfg.max_document_bytes);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        // TSV exports rarely quote, and a stray `"` must not swallow the rows after it.
        .quoting(quoting)
        .flexible(true)
        .has_headers(true)
        .from_reader(guarded);
    let headers: Vec<String> = match rdr.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|c| {
                decode::utf8_mixed(c)
                    .0
                    .trim()
                    .trim_start_matches('\u{FEFF}')
                    .to_string()
            })
            .collect(),
        Err(e) => return csv_error(ctx, source, 0, &e),
    };
    if let Some(q) = quotes.unclosed().filter(|_| quoting) {
        return ctx.reject(
            source.to_string(),
            RejectReason::Malformed,
            format!(
                "the header row's quote opened on line {} is never closed, so the whole file \
                 was read as the header; close the quote",
                q.line
            ),
        );
    }
    let text_col = ctx
        .cfg
        .text_fields
        .iter()
        .find_map(|want| headers.iter().position(|h| fields::same_field(h, want)));
    let Some(text_col) = text_col else {
        return ctx.reject(
            source.to_string(),
            RejectReason::NoText,
            format!(
                "no text column: found columns {}; need one of {} (or name yours with --text-field)",
                headers.join(", "),
                ctx.cfg.text_fields.join(", ")
            ),
        );
    };
    let mut record = csv::ByteRecord::new();
    let mut n = 0usize;
    loop {
        mark.mark();
        match rdr.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return csv_error(ctx, source, n, &e),
        }
        n += 1;
        let line = record.position().map_or(0, |p| p.line());
        let src = format!("{source}#{n}");
        let span = record.position().map_or(0, |p| p.byte())..rdr.position().byte();
        if let Some(q) = quotes
            .unclosed()
            .filter(|q| quoting && span.contains(&q.byte))
        {
            // This row ran from its open quote to the end of the file: it is every row
            // after it glued together, not a document.
            return ctx.reject(
                src,
                RejectReason::Malformed,
                format!(
                    "row {n} (line {line}): the quote opened on line {} is never closed, so \
                     everything after it was read as one cell and no later row was read; \
                     close the quote (a quote inside a quoted cell is written twice: \"\")",
                    q.line
                ),
            );
        }
        let Some((cell, note)) = record.get(text_col).map(decode::utf8_mixed) else {
            ctx.reject(
                src,
                RejectReason::NoText,
                format!(
                    "row {n} (line {line}) has {} of {} columns, so no {} column \
                     (a cut or misquoted row?)",
                    record.len(),
                    headers.len(),
                    headers[text_col]
                ),
            )?;
            continue;
        };
        if cell.trim().is_empty() {
            ctx.reject(
                src,
                RejectReason::NoText,
                format!(
                    "row {n} (line {line}): column {} is empty",
                    headers[text_col]
                ),
            )?;
            continue;
        }
        let mut hints = fields::HintBuilder::default();
        for (i, value) in record.iter().enumerate() {
            if i == text_col || value.is_empty() {
                continue;
            }
            let key = headers
                .get(i)
                .map_or_else(|| format!("column{}", i + 1), Clone::clone);
            let value = decode::utf8_mixed(value).0;
            hints.add(&key, &key, &[&value]);
        }
        if let Some(note) = note {
            hints.extra("ingest.warning", note);
        }
        let text = fields::field_text(&cell, &mut hints);
        let text = fields::strip_dump_artifacts(&text).to_string();
        match checked(text, encoding) {
            Ok(text) => ctx.doc(src, Format::Csv, encoding, text, hints.finish())?,
            Err(r) => ctx.refuse(
                src,
                Refusal {
                    detail: format!("row {n} (line {line}): {}", r.detail),
                    ..r
                },
            )?,
        }
    }
}

fn csv_error(ctx: &mut Ctx<'_>, source: &str, rows: usize, e: &csv::Error) -> Flow {
    let (reason, detail) = match e.kind() {
        csv::ErrorKind::Io(io) => guard::classify(io, RejectReason::Unreadable),
        _ => (RejectReason::Malformed, e.to_string()),
    };
    let src = if rows == 0 && reason != RejectReason::TooLarge {
        source.to_string()
    } else {
        format!("{source}#{}", rows + 1)
    };
    ctx.reject(
        src,
        reason,
        format!("{detail}; rows after {rows} were not read"),
    )
}
