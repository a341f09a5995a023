//! jiuzhu-ingest turns whatever court and procuratorate systems export into a stream of
//! decoded [`Document`]s, and every input document that cannot become one into a [`Reject`]
//! saying why. Nothing is lost silently: each input document yields exactly one [`Item`].
//!
//! # Inputs and sources
//!
//! An [`Input`] is a file, a directory (walked recursively, entries sorted by name, hidden
//! entries starting with `.` skipped, symlinked directories not followed, a link to nothing
//! an `unreadable` reject) or standard input (`-`). `source` names follow DESIGN.md §4:
//!
//! | input | source |
//! | --- | --- |
//! | a file given directly | the path as given |
//! | a file under a directory input | its path relative to that directory (`criminal/j03.txt`) |
//! | a CSV row / JSON Lines line / JSON array element | `path#N`, N 1-based (CSV: row number, header not counted; JSONL: line number, blank lines are not documents) |
//! | an archive member | `archive.zip!member.txt`, nested `a.zip!b.tar.gz!c.txt` |
//! | a `.gz` file | `x.csv.gz!x.csv` (the member is named after the archive) |
//! | standard input | `-` |
//!
//! # Formats
//!
//! By extension: `.txt`/`.md`/others (sniffed: archive magic numbers, then XML, HTML, JSON
//! content, else text), `.html`/`.htm` (visible text with block structure; China Judgments
//! Online section anchors become `hints.sections`), `.xml` (judgment XML with
//! `value`/`oValue`/`nameCN`), `.csv`/`.tsv` (the bulk dump and any CSV with a text column;
//! rows streamed), `.jsonl`/`.ndjson` (lines streamed), `.json` (one object, an array streamed
//! element by element, or concatenated objects), `.zip`, `.tar`, `.tar.gz`/`.tgz`, `.gz`.
//! JSON and CSV text fields are chosen from [`DEFAULT_TEXT_FIELDS`] (configurable); a value
//! holding HTML is converted like an HTML file; other fields become [`Hints`].
//!
//! # Encodings
//!
//! A BOM (UTF-8, UTF-16LE/BE) decides; else strict UTF-8; else, when the bytes are still
//! mostly UTF-8 (a corrupt stretch, or a GBK paragraph or name pasted into UTF-8 text),
//! UTF-8 stretch by stretch: each other stretch is decoded as GB18030 when it reads as
//! Chinese, else replaced, and the document's `hints.extra["ingest.warning"]` says so; else
//! a charset the markup declares; else chardetng, with GB18030 (a superset of GBK/GB2312)
//! whenever it decodes at least as cleanly, and never a single-byte code page for text that
//! is mostly high bytes. Streams (CSV, JSONL, JSON) are judged on their first 64 KiB and
//! transcoded on the fly (CSV cells and JSON Lines lines of a UTF-8 stream are decoded one by
//! one, as above). A document is rejected as `undecodable` when more than 1% of its
//! characters (and at least 4) are U+FFFD replacement characters; as `binary` for known
//! binary signatures, NUL bytes (unless BOM-less UTF-16) or more than 2% control bytes (in a
//! CSV or JSON Lines stream a NUL is judged per record: more than 2% control characters
//! rejects the record, fewer are removed); as `empty` when nothing visible remains.
//!
//! An input that holds no document at all (an archive of directories, a CSV with only its
//! header, an empty JSON array, JSON Lines of blank lines) is one `empty` reject, so every
//! input yields at least one item. A CSV quote that is never closed makes the reader take
//! every later row as part of one cell: that row is a `malformed` reject naming the line
//! where the quote opened, not a document.
//!
//! # Memory
//!
//! Whole documents are read one at a time and bounded by
//! [`IngestBuilder::max_document_bytes`]; CSV rows, JSON Lines lines and JSON array elements
//! are read one at a time with the same bound; archive members stream through
//! size and ratio guards. Peak memory does not grow with the size of the input.
//!
//! # Example
//!
//! ```
//! use jiuzhu_ingest::{Ingest, Item};
//!
//! let ingest = Ingest::builder().max_document_bytes(1 << 20).build();
//! let csv = "案号,法院,全文\n（2021）浙0382刑初456号,乐清市人民法院,文书内容被告人王某某……\n";
//! let mut items = Vec::new();
//! ingest.read("dump.csv", csv.as_bytes(), |item| items.push(item));
//! let Item::Doc(doc) = &items[0] else { panic!("a document") };
//! assert_eq!(doc.source, "dump.csv#1");
//! assert_eq!(doc.text, "被告人王某某……");
//! assert_eq!(doc.hints.court.as_deref(), Some("乐清市人民法院"));
//! ```

#![deny(missing_docs)]

mod archive;
mod decode;
mod entities;
mod fields;
mod guard;
mod html;
mod json;
mod read;
mod walk;
mod xml;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc;
use std::thread;

pub use fields::DEFAULT_TEXT_FIELDS;
pub use guard::OpenQuote;
pub use jiuzhu_core::{Document, Format, Hints, Reject, RejectReason, SectionHint};

/// One input document's outcome.
// Most items are documents: boxing them would add an allocation each and save nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Decoded text with its container's hints.
    Doc(Document),
    /// Why there is no document.
    Reject(Reject),
}

impl Item {
    /// The `source` of the document or reject.
    pub fn source(&self) -> &str {
        match self {
            Item::Doc(d) => &d.source,
            Item::Reject(r) => &r.source,
        }
    }
}

/// Something to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or directory.
    Path(PathBuf),
    /// Standard input (`-` on the command line).
    Stdin,
}

impl Input {
    /// `-` is standard input; anything else a path.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// Text decoded from bytes, and the encoding it was decoded from (`utf-8`, `gb18030`,
/// `utf-16le` …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The text, without a BOM.
    pub text: String,
    /// Lower-case WHATWG encoding name.
    pub encoding: String,
}

/// Why bytes are not text: `empty`, `binary` or `undecodable`, with a detail for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{detail} ({})", reason.as_str())]
pub struct DecodeError {
    /// The reject reason the failure means.
    pub reason: RejectReason,
    /// What went wrong and what to do.
    pub detail: String,
}

/// Decodes a whole buffer as ingest decodes a text document (see the crate docs: BOM, strict
/// UTF-8, detection with GB18030 first; binary and undecodable bytes refused). For other
/// crates that read text files of their own, such as rosters.
///
/// ```
/// let gbk = encoding_rs::GBK.encode("姓名,身份证号").0.into_owned();
/// let d = jiuzhu_ingest::decode_text(gbk).unwrap();
/// assert_eq!((d.text.as_str(), d.encoding.as_str()), ("姓名,身份证号", "gb18030"));
/// ```
pub fn decode_text(bytes: Vec<u8>) -> Result<DecodedText, DecodeError> {
    decode::decode_document(bytes, None)
        .map(|d| DecodedText {
            text: d.text,
            encoding: d.encoding,
        })
        .map_err(|r| DecodeError {
            reason: r.reason,
            detail: r.detail,
        })
}

/// The quote of a CSV text that opens a field and is never closed, if any: the `csv` crate
/// then reads every later line into that one field. For other crates' CSV files (rosters);
/// ingest's own CSV reader rejects such a row as `malformed`.
///
/// ```
/// let csv = "姓名,身份证号\n陈秀英,1\n\"李四,2\n王五,3\n";
/// let q = jiuzhu_ingest::csv_unclosed_quote(csv.as_bytes(), b',').unwrap();
/// assert_eq!(q.line, 3);
/// assert_eq!(jiuzhu_ingest::csv_unclosed_quote(b"a,\"b\"\"c\"\n", b','), None);
/// ```
pub fn csv_unclosed_quote(csv: &[u8], delimiter: u8) -> Option<OpenQuote> {
    guard::unclosed_quote(csv, delimiter)
}

/// Errors that stop a run before it starts.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input path does not exist or cannot be inspected.
    #[error("input '{}' cannot be read: {source} (check the path)", path.display())]
    MissingInput {
        /// The path as given.
        path: PathBuf,
        /// What the file system said.
        source: std::io::Error,
    },
    /// The reading thread could not be started.
    #[error("cannot start the reading thread: {0}")]
    Thread(std::io::Error),
}

#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub text_fields: Vec<String>,
    pub max_document_bytes: u64,
    pub max_member_bytes: u64,
    pub max_compression_ratio: u64,
    pub max_archive_nesting: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            text_fields: DEFAULT_TEXT_FIELDS.iter().map(|s| s.to_string()).collect(),
            max_document_bytes: 64 << 20,
            max_member_bytes: 16 << 30,
            max_compression_ratio: 200,
            max_archive_nesting: 3,
        }
    }
}

/// Configures an [`Ingest`].
#[derive(Debug, Clone, Default)]
pub struct IngestBuilder {
    cfg: Config,
}

impl IngestBuilder {
    /// Text fields of JSON records and CSV columns, in order of preference (default
    /// [`DEFAULT_TEXT_FIELDS`]). ASCII names match case-insensitively.
    pub fn text_fields<I, S>(mut self, fields: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.cfg.text_fields = fields.into_iter().map(Into::into).collect();
        self
    }

    /// Largest single document, CSV row or JSON record in bytes (default 64 MiB).
    pub fn max_document_bytes(mut self, bytes: u64) -> Self {
        self.cfg.max_document_bytes = bytes.max(1);
        self
    }

    /// Largest decompressed archive member in bytes (default 16 GiB: a monthly dump CSV
    /// inside a yearly zip is several GB; members stream, so this bounds time, not memory).
    pub fn max_member_bytes(mut self, bytes: u64) -> Self {
        self.cfg.max_member_bytes = bytes.max(1);
        self
    }

    /// Largest decompressed/compressed ratio of a member past its first MiB (default 200;
    /// Chinese prose compresses about 3:1, markup about 10:1, deflate bombs about 1000:1).
    pub fn max_compression_ratio(mut self, ratio: u64) -> Self {
        self.cfg.max_compression_ratio = ratio.max(1);
        self
    }

    /// How many archives deep members are read (default 3: `a.zip!b.zip!c.tar.gz!d.txt`;
    /// an archive whose members would lie deeper is one `malformed_archive` reject; 0 reads
    /// no archive at all).
    pub fn max_archive_nesting(mut self, levels: u32) -> Self {
        self.cfg.max_archive_nesting = levels;
        self
    }

    /// The configured reader.
    pub fn build(self) -> Ingest {
        Ingest {
            cfg: Arc::new(self.cfg),
        }
    }
}

/// Reads inputs into documents and rejects. Cheap to clone.
#[derive(Debug, Clone, Default)]
pub struct Ingest {
    cfg: Arc<Config>,
}

/// A streaming iterator over the items of a run, produced on a background thread through a
/// bounded channel (so memory stays bounded however fast the consumer is).
pub struct Items {
    rx: mpsc::Receiver<Item>,
    bytes: Arc<AtomicU64>,
}

impl Items {
    /// Raw input bytes consumed so far (files and standard input as read from the operating
    /// system, before decompression), for throughput reports.
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        self.bytes.clone()
    }
}

impl Iterator for Items {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        self.rx.recv().ok()
    }
}

impl Ingest {
    /// A builder with the default configuration.
    pub fn builder() -> IngestBuilder {
        IngestBuilder::default()
    }

    /// A reader with the default configuration.
    pub fn new() -> Ingest {
        Ingest::default()
    }

    /// Checks that every path input exists.
    pub fn check_inputs(inputs: &[Input]) -> Result<(), Error> {
        for input in inputs {
            if let Input::Path(path) = input {
                std::fs::metadata(path).map_err(|source| Error::MissingInput {
                    path: path.clone(),
                    source,
                })?;
            }
        }
        Ok(())
    }

    /// Streams the items of `inputs`, in order. Fails before reading anything when an input
    /// path does not exist.
    pub fn items(&self, inputs: Vec<Input>) -> Result<Items, Error> {
        Ingest::check_inputs(&inputs)?;
        let (tx, rx) = mpsc::sync_channel(64);
        let bytes = Arc::new(AtomicU64::new(0));
        let counter = bytes.clone();
        let cfg = self.cfg.clone();
        // Deep directory trees recurse; give the walker room.
        thread::Builder::new()
            .name("jiuzhu-ingest".into())
            .stack_size(16 << 20)
            .spawn(move || {
                let mut send = |item: Item| tx.send(item).map_err(|_| read::Stop);
                run(&cfg, &inputs, &mut send, counter);
            })
            .map_err(Error::Thread)?;
        Ok(Items { rx, bytes })
    }

    /// Reads `inputs` on the calling thread, handing each item to `f`. Returns the raw bytes
    /// read.
    pub fn for_each(&self, inputs: &[Input], mut f: impl FnMut(Item)) -> Result<u64, Error> {
        Ingest::check_inputs(inputs)?;
        let counter = Arc::new(AtomicU64::new(0));
        let mut sink = |item: Item| {
            f(item);
            Ok(())
        };
        run(&self.cfg, inputs, &mut sink, counter.clone());
        Ok(counter.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Reads one stream named `name` (the name decides the format, as a file name would, and
    /// is the source).
    pub fn read(&self, name: &str, mut reader: impl Read, mut f: impl FnMut(Item)) {
        let mut sink = |item: Item| {
            f(item);
            Ok(())
        };
        let mut ctx = read::Ctx {
            cfg: &self.cfg,
            sink: &mut sink,
            counter: Arc::new(AtomicU64::new(0)),
            emitted: 0,
        };
        let _ = guarded(&mut ctx, name, |ctx| {
            let base = name.rsplit('/').next().unwrap_or(name);
            read::stream(ctx, name, base, &mut reader, 0)
        });
    }
}

fn run(
    cfg: &Config,
    inputs: &[Input],
    sink: &mut dyn FnMut(Item) -> read::Flow,
    counter: Arc<AtomicU64>,
) {
    let mut ctx = read::Ctx {
        cfg,
        sink,
        counter,
        emitted: 0,
    };
    for input in inputs {
        let flow = match input {
            Input::Stdin => guarded(&mut ctx, "-", |ctx| {
                let stdin = std::io::stdin();
                let mut counted = guard::Counting::new(stdin.lock(), ctx.counter.clone());
                read::stream(ctx, "-", "", &mut counted, 0)
            }),
            Input::Path(path) => input_path(&mut ctx, path),
        };
        if flow.is_err() {
            return;
        }
    }
}

fn input_path(ctx: &mut read::Ctx<'_>, path: &Path) -> read::Flow {
    let shown = path.to_string_lossy().into_owned();
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => guarded(ctx, &shown, |ctx| walk::directory(ctx, path)),
        Ok(_) => guarded(ctx, &shown, |ctx| read::file(ctx, path, shown.clone())),
        Err(e) => ctx.reject(
            shown,
            RejectReason::Unreadable,
            format!("cannot read {}: {e}", path.display()),
        ),
    }
}

/// Runs `f`, turning a panic (a bug, never expected) into a reject for `source` so one bad
/// input cannot abort the run.
pub(crate) fn guarded(
    ctx: &mut read::Ctx<'_>,
    source: &str,
    f: impl FnOnce(&mut read::Ctx<'_>) -> read::Flow,
) -> read::Flow {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(ctx))) {
        Ok(flow) => flow,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            ctx.reject(
                source.to_string(),
                RejectReason::ExtractionFailed,
                format!("internal error while reading (please report): {msg}"),
            )
        }
    }
}
