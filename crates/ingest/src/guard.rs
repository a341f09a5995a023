//! Readers that count and bound what passes through them. Their failures travel as
//! `io::Error`s wrapping a [`Fault`], which says which reject reason the failure means.

use std::cell::Cell;
use std::fmt;
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use jiuzhu_core::RejectReason;

/// Decompressed sizes below this are never judged by their compression ratio: small, very
/// repetitive files (a form, a list) compress far better than prose and are harmless.
pub(crate) const RATIO_FLOOR: u64 = 1 << 20;

/// A read failure that decides the reject reason.
#[derive(Debug)]
pub(crate) struct Fault {
    pub reason: RejectReason,
    pub detail: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)
    }
}

impl std::error::Error for Fault {}

impl Fault {
    pub(crate) fn io(reason: RejectReason, detail: impl Into<String>) -> io::Error {
        io::Error::other(Fault {
            reason,
            detail: detail.into(),
        })
    }
}

/// The reason and detail an I/O error means; `default` when it carries no [`Fault`].
pub(crate) fn classify(e: &io::Error, default: RejectReason) -> (RejectReason, String) {
    match e.get_ref().and_then(|inner| inner.downcast_ref::<Fault>()) {
        Some(f) => (f.reason, f.detail.clone()),
        None => (default, e.to_string()),
    }
}

/// Counts raw input bytes into a shared counter (for throughput reporting).
pub(crate) struct Counting<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R> Counting<R> {
    pub(crate) fn new(inner: R, counter: Arc<AtomicU64>) -> Self {
        Counting { inner, counter }
    }
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

/// Counts compressed bytes read by a decompressor, for [`Bounded`]'s ratio check.
pub(crate) struct Tally<R> {
    inner: R,
    seen: Rc<Cell<u64>>,
}

impl<R> Tally<R> {
    pub(crate) fn new(inner: R) -> (Self, Rc<Cell<u64>>) {
        let seen = Rc::new(Cell::new(0));
        (
            Tally {
                inner,
                seen: seen.clone(),
            },
            seen,
        )
    }
}

impl<R: Read> Read for Tally<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.seen.set(self.seen.get() + n as u64);
        Ok(n)
    }
}

/// How many compressed bytes produced the output so far.
pub(crate) enum Compressed {
    /// Known up front (a zip member's header).
    Fixed(u64),
    /// Counted as the decompressor reads (gzip).
    Counted(Rc<Cell<u64>>),
}

/// Bounds a decompressed stream: at most `max` bytes, and at most `ratio` output bytes per
/// compressed byte once past [`RATIO_FLOOR`]. Decompression errors become malformed-archive
/// faults naming `what`.
pub(crate) struct Bounded<R> {
    inner: R,
    out: u64,
    max: u64,
    ratio: u64,
    compressed: Compressed,
    what: String,
}

impl<R> Bounded<R> {
    pub(crate) fn new(inner: R, max: u64, ratio: u64, compressed: Compressed, what: &str) -> Self {
        Bounded {
            inner,
            out: 0,
            max,
            ratio,
            compressed,
            what: what.to_string(),
        }
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = match self.inner.read(buf) {
            Ok(n) => n,
            Err(e) if e.get_ref().is_some_and(|i| i.is::<Fault>()) => return Err(e),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => return Err(e),
            Err(e) => {
                return Err(Fault::io(
                    RejectReason::MalformedArchive,
                    format!("corrupt compressed data in {}: {e}", self.what),
                ));
            }
        };
        self.out += n as u64;
        if self.out > self.max {
            return Err(Fault::io(
                RejectReason::TooLarge,
                format!(
                    "{} decompresses to more than {} bytes (the member size limit; \
                     raise it with --max-member-mb)",
                    self.what, self.max
                ),
            ));
        }
        let compressed = match &self.compressed {
            Compressed::Fixed(c) => *c,
            Compressed::Counted(c) => c.get(),
        };
        if self.out > RATIO_FLOOR && self.out > compressed.max(1).saturating_mul(self.ratio) {
            return Err(Fault::io(
                RejectReason::MalformedArchive,
                format!(
                    "{} expands more than {}:1 ({} bytes from {compressed}): a decompression \
                     bomb? (raise the limit with --max-ratio)",
                    self.what, self.ratio, self.out
                ),
            ));
        }
        Ok(n)
    }
}

/// Bounds the bytes of one record (CSV row, JSON value) of a stream: the consumer calls
/// [`RecordMark::mark`] between records; a record longer than `max` fails as too large.
pub(crate) struct PerRecord<R> {
    inner: R,
    since: Rc<Cell<u64>>,
    max: u64,
}

/// The consumer's handle on a [`PerRecord`] reader.
#[derive(Clone)]
pub(crate) struct RecordMark(Rc<Cell<u64>>);

impl RecordMark {
    pub(crate) fn mark(&self) {
        self.0.set(0);
    }
}

impl<R> PerRecord<R> {
    pub(crate) fn new(inner: R, max: u64) -> (Self, RecordMark) {
        let since = Rc::new(Cell::new(0));
        (
            PerRecord {
                inner,
                since: since.clone(),
                max,
            },
            RecordMark(since),
        )
    }
}

impl<R: Read> Read for PerRecord<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let since = self.since.get() + n as u64;
        self.since.set(since);
        // Readers buffer ahead; allow one buffer's worth of slack past the limit.
        if since > self.max + 64 * 1024 {
            return Err(Fault::io(
                RejectReason::TooLarge,
                format!(
                    "record longer than the document size limit of {} bytes \
                     (an unclosed quote? raise the limit with --max-doc-mb)",
                    self.max
                ),
            ));
        }
        Ok(n)
    }
}

/// Where a CSV quote opened and never closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenQuote {
    /// Byte offset of the quote (in the UTF-8 text the CSV reader sees).
    pub byte: u64,
    /// Its 1-based line.
    pub line: u64,
}

/// The quote of `csv` that opens a field and is never closed, if any (see [`QuoteTrack`]).
pub(crate) fn unclosed_quote(csv: &[u8], delimiter: u8) -> Option<OpenQuote> {
    let (mut track, probe) = QuoteTrack::new(csv, delimiter);
    // Reading a slice cannot fail.
    let _ = io::copy(&mut track, &mut io::sink());
    probe.unclosed()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the field's end, or the first of a doubled quote.
    QuoteInQuoted,
}

#[derive(Debug)]
struct QuoteScan {
    state: QuoteState,
    delimiter: u8,
    pos: u64,
    line: u64,
    open: OpenQuote,
    eof: bool,
}

/// Follows the quoting of a CSV stream as the `csv` crate reads it (a quote opens a field
/// only at its start; `""` inside is a quote), so that a quote still open at the end of the
/// stream, which makes the reader swallow every later row into one cell, is found and
/// reported instead of passing as one long document.
pub(crate) struct QuoteTrack<R> {
    inner: R,
    scan: Rc<std::cell::RefCell<QuoteScan>>,
}

/// The consumer's handle on a [`QuoteTrack`].
#[derive(Clone)]
pub(crate) struct QuoteProbe(Rc<std::cell::RefCell<QuoteScan>>);

impl QuoteProbe {
    /// The unclosed quote, once the stream has ended inside a quoted field.
    pub(crate) fn unclosed(&self) -> Option<OpenQuote> {
        let s = self.0.borrow();
        (s.eof && s.state == QuoteState::Quoted).then_some(s.open)
    }
}

impl<R> QuoteTrack<R> {
    pub(crate) fn new(inner: R, delimiter: u8) -> (Self, QuoteProbe) {
        let scan = Rc::new(std::cell::RefCell::new(QuoteScan {
            state: QuoteState::FieldStart,
            delimiter,
            pos: 0,
            line: 1,
            open: OpenQuote { byte: 0, line: 1 },
            eof: false,
        }));
        (
            QuoteTrack {
                inner,
                scan: scan.clone(),
            },
            QuoteProbe(scan),
        )
    }
}

impl QuoteScan {
    fn feed(&mut self, bytes: &[u8]) {
        let mut i = 0;
        while i < bytes.len() {
            if self.state == QuoteState::Quoted {
                // Long quoted cells are most of a dump: jump to the next quote.
                match memchr::memchr(b'"', &bytes[i..]) {
                    Some(k) => {
                        self.line += memchr::memchr_iter(b'\n', &bytes[i..i + k]).count() as u64;
                        i += k + 1;
                        self.state = QuoteState::QuoteInQuoted;
                    }
                    None => {
                        self.line += memchr::memchr_iter(b'\n', &bytes[i..]).count() as u64;
                        i = bytes.len();
                    }
                }
                continue;
            }
            let b = bytes[i];
            let end_of_field = b == self.delimiter || b == b'\n' || b == b'\r';
            self.state = match self.state {
                QuoteState::FieldStart if b == b'"' => {
                    self.open = OpenQuote {
                        byte: self.pos + i as u64,
                        line: self.line,
                    };
                    QuoteState::Quoted
                }
                QuoteState::QuoteInQuoted if b == b'"' => QuoteState::Quoted,
                _ if end_of_field => QuoteState::FieldStart,
                _ => QuoteState::Unquoted,
            };
            if b == b'\n' {
                self.line += 1;
            }
            i += 1;
        }
        self.pos += bytes.len() as u64;
    }
}

impl<R: Read> Read for QuoteTrack<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut scan = self.scan.borrow_mut();
        if n == 0 && !buf.is_empty() {
            scan.eof = true;
        } else {
            scan.feed(&buf[..n]);
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_limits() {
        let data = vec![b'a'; 3 << 20];
        let mut r = Bounded::new(&data[..], 1 << 20, 100, Compressed::Fixed(1 << 20), "m");
        let err = io::copy(&mut r, &mut io::sink()).unwrap_err();
        assert_eq!(
            classify(&err, RejectReason::Unreadable).0,
            RejectReason::TooLarge
        );
        let mut r = Bounded::new(&data[..], u64::MAX, 100, Compressed::Fixed(10_000), "m");
        let err = io::copy(&mut r, &mut io::sink()).unwrap_err();
        let (reason, detail) = classify(&err, RejectReason::Unreadable);
        assert_eq!(reason, RejectReason::MalformedArchive, "{detail}");
        let mut r = Bounded::new(&data[..], u64::MAX, 100, Compressed::Fixed(1 << 20), "m");
        assert_eq!(io::copy(&mut r, &mut io::sink()).unwrap(), 3 << 20);
    }

    #[test]
    fn quote_tracking() {
        // (CSV, unclosed quote as (byte, line))
        let rows: &[(&str, Option<(u64, u64)>)] = &[
            ("a,b\n\"x\",y\n", None),
            ("a,b\n\"x\"\"y\",z\n", None),
            ("a,b\nab\"c,d\n", None),
            ("a,b\n\"multi\nline\",z\n", None),
            ("a,b\n1,\"open\n2,x\n3,y\n", Some((6, 2))),
            ("a,b\n\"x\"\"\n", Some((4, 2))),
            ("a\n\"x\"\",\"\n", None),
            ("a\n\"x\",\"y\n", Some((6, 2))),
        ];
        for &(csv, want) in rows {
            let (mut r, probe) = QuoteTrack::new(csv.as_bytes(), b',');
            // Small reads, as a buffered reader may make them.
            let mut buf = [0u8; 3];
            while r.read(&mut buf).unwrap() > 0 {}
            let got = probe.unclosed().map(|q| (q.byte, q.line));
            assert_eq!(got, want, "{csv:?}");
        }
    }

    #[test]
    fn per_record_limit() {
        let data = vec![b'x'; 300_000];
        let (mut r, mark) = PerRecord::new(&data[..], 100_000);
        let mut buf = [0u8; 50_000];
        for _ in 0..3 {
            r.read_exact(&mut buf).unwrap();
            mark.mark();
        }
        let (mut r, _mark) = PerRecord::new(&data[..], 100_000);
        let err = io::copy(&mut r, &mut io::sink()).unwrap_err();
        assert_eq!(
            classify(&err, RejectReason::Unreadable).0,
            RejectReason::TooLarge
        );
    }
}
