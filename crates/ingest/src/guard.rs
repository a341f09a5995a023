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
