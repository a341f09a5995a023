//! Bytes to text: BOM sniffing, strict UTF-8, a declared charset, then detection (chardetng)
//! with GB18030 as the Chinese fallback; binary and undecodable input refused with a reason.
//!
//! Thresholds (documented in the crate docs):
//! - binary: a known binary signature, NUL bytes (unless the NULs follow the pattern of
//!   BOM-less UTF-16 that then decodes cleanly), or more than 2% C0 control bytes in the
//!   first [`SNIFF_LEN`] bytes;
//! - undecodable: more than [`UNDECODABLE_RATIO`] of the decoded characters are U+FFFD
//!   replacement characters, and at least [`UNDECODABLE_MIN`] of them (so a single truncated
//!   character at the end of a long file does not lose the document).

use std::io::{self, Read};

use encoding_rs::{BIG5, Encoding, GB18030, GBK, UTF_8, UTF_16BE, UTF_16LE};
use jiuzhu_core::RejectReason;

/// How many leading bytes binary sniffing and stream-encoding detection look at.
pub(crate) const SNIFF_LEN: usize = 64 * 1024;
/// Share of replacement characters above which a document is undecodable.
pub(crate) const UNDECODABLE_RATIO: f64 = 0.01;
/// Replacement characters below which a document is never undecodable.
pub(crate) const UNDECODABLE_MIN: usize = 4;

/// Why bytes did not become text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub reason: RejectReason,
    pub detail: String,
}

impl Refusal {
    pub(crate) fn new(reason: RejectReason, detail: impl Into<String>) -> Self {
        Refusal {
            reason,
            detail: detail.into(),
        }
    }
}

/// Decoded text and the name of the encoding it was decoded from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub text: String,
    pub encoding: String,
    /// What a reviewer should know about the decoding (mixed encodings, bytes replaced).
    pub note: Option<String>,
}

/// The lower-case WHATWG name we record in `Document::encoding` (`utf-8`, `gb18030`, `utf-16le`).
pub(crate) fn encoding_name(enc: &'static Encoding) -> String {
    enc.name().to_ascii_lowercase()
}

/// Signatures of formats that are certainly not text documents.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"%PDF", "PDF document"),
    (b"\x89PNG", "PNG image"),
    (b"\xFF\xD8\xFF", "JPEG image"),
    (b"GIF8", "GIF image"),
    (
        b"\xD0\xCF\x11\xE0",
        "OLE compound file (Word .doc / Excel .xls / WPS)",
    ),
    (
        b"PK\x03\x04",
        "ZIP container (DOCX/XLSX/ODT or a zip without .zip extension)",
    ),
    (b"\x7FELF", "ELF executable"),
    (
        b"Rar!",
        "RAR archive (not supported: repack as .zip or .tar.gz)",
    ),
    (
        b"7z\xBC\xAF",
        "7-Zip archive (not supported: repack as .zip or .tar.gz)",
    ),
    (b"\xFD7zXZ\x00", "XZ stream (not supported: use gzip)"),
    (
        b"\x28\xB5\x2F\xFD",
        "Zstandard stream (not supported: use gzip)",
    ),
    (b"SQLite format 3\x00", "SQLite database"),
];

/// Whether `head` (the first bytes of an input) is binary; the detail says why.
pub(crate) fn sniff_binary(head: &[u8]) -> Option<String> {
    let head = &head[..head.len().min(SNIFF_LEN)];
    if Encoding::for_bom(head).is_some() {
        return None;
    }
    for (sig, what) in SIGNATURES {
        if head.starts_with(sig) {
            return Some(format!("{what} (signature {})", hex(sig)));
        }
    }
    if let Some(pos) = memchr::memchr(0, head) {
        if bomless_utf16(head).is_some() {
            return None;
        }
        return Some(format!("NUL byte at offset {pos}: not a text file"));
    }
    let controls = control_bytes(head);
    if controls >= 2 && controls * 50 > head.len() {
        return Some(format!(
            "{controls} control bytes in the first {} bytes: not a text file",
            head.len()
        ));
    }
    None
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

/// UTF-16 without a BOM: NULs only in the high byte of ASCII code units, on one parity.
fn bomless_utf16(head: &[u8]) -> Option<&'static Encoding> {
    let units = head.len() / 2;
    if units < 2 {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in head[..units * 2].iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    // At least a fifth of the code units must be ASCII for the pattern to mean anything.
    let enc = if even == 0 && odd * 5 >= units {
        UTF_16LE
    } else if odd == 0 && even * 5 >= units {
        UTF_16BE
    } else {
        return None;
    };
    // And what it decodes to must be text: binary with NULs on one parity (a header of
    // small integers) decodes "cleanly" to control characters and stray ideographs.
    let (text, had_errors) = enc.decode_without_bom_handling(&head[..units * 2]);
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}'))
        .count();
    (!had_errors && controls * 50 <= units).then_some(enc)
}

/// A `charset` the document declares itself (`<meta charset=gbk>`, `<?xml … encoding="GB2312"?>`),
/// looked for in the first 1024 bytes.
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        if let Some(pos) = memchr::memmem::find(&lower, key) {
            let rest = &head[pos + key.len()..];
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let end = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_')))
                .unwrap_or(rest.len());
            if let Some(enc) = Encoding::for_label(&rest[..end]) {
                return Some(chinese_superset(enc));
            }
        }
    }
    None
}

/// GBK and GB2312 labels decode as GB18030, their superset (some 2000s exports label
/// GB18030 four-byte characters as GBK).
fn chinese_superset(enc: &'static Encoding) -> &'static Encoding {
    if enc == GBK { GB18030 } else { enc }
}

/// Whether `bytes` look like GB2312-range text: of the double-byte characters, at least 90%
/// have both bytes in 0xA1..=0xFE with the lead at most 0xF7, where GB2312 puts every common
/// hanzi and full-width punctuation. Big5 puts a third of its characters' trail bytes in
/// 0x40..=0x7E, and single-byte Latin text has no such pairs, so neither passes.
fn looks_like_gb2312(bytes: &[u8]) -> bool {
    let (mut pairs, mut gb2312) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let t = bytes[i + 1];
        if (0x30..=0x39).contains(&t) {
            // A GB18030 four-byte sequence.
            i += 4;
            continue;
        }
        pairs += 1;
        if (0xA1..=0xF7).contains(&b) && (0xA1..=0xFE).contains(&t) {
            gb2312 += 1;
        }
        i += 2;
    }
    pairs > 0 && gb2312 * 10 >= pairs * 9
}

/// The length of the valid UTF-8 sequence of two or more bytes starting at `bytes[0]`, if
/// there is one.
fn utf8_seq(bytes: &[u8]) -> Option<usize> {
    let n = match bytes.first()? {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let seq = bytes.get(..n)?;
    std::str::from_utf8(seq).ok().map(|_| n)
}

/// Whether bytes that are not valid UTF-8 are still mostly UTF-8: at least as many bytes sit
/// in valid sequences of three or four bytes (every hanzi in UTF-8) as in no valid sequence.
/// GBK text reaches a fifth of that at most (its byte pairs sometimes form two-byte UTF-8
/// sequences, three-byte ones rarely: 0.19 over the real corpus re-encoded as GBK), so a
/// UTF-8 document with a corrupt stretch or a pasted GBK paragraph is told apart from a GBK
/// document.
pub(crate) fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut wide, mut bad) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x80 {
            i += 1;
            continue;
        }
        match utf8_seq(&bytes[i..]) {
            Some(n) => {
                if n >= 3 {
                    wide += n;
                }
                i += n;
            }
            None => {
                bad += 1;
                i += 1;
            }
        }
    }
    wide > 0 && wide >= bad
}

/// Where a stretch of non-UTF-8 bytes inside mostly-UTF-8 text ends: stepping over it as
/// GB18030 would (two- and four-byte sequences, so an ASCII-range trail byte is not taken
/// for ASCII), up to ASCII or two consecutive hanzi-sized UTF-8 sequences (one may be
/// two GBK characters by chance).
fn foreign_run_end(bytes: &[u8], start: usize) -> usize {
    let wide = |at: usize| utf8_seq(&bytes[at..]).filter(|&n| n >= 3);
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            break;
        }
        if i > start {
            if let Some(n) = wide(i) {
                let next = i + n;
                if next >= bytes.len() || bytes[next] < 0x80 || wide(next).is_some() {
                    break;
                }
            }
        }
        let next = bytes.get(i + 1).copied();
        i += match (b, next) {
            (0x81..=0xFE, Some(0x30..=0x39)) => 4,
            (0x81..=0xFE, Some(0x40..=0x7E | 0x80..=0xFE)) => 2,
            _ => 1,
        };
    }
    i.min(bytes.len())
}

/// A stretch decoded as GB18030 when it is clean Chinese text: no errors, no private-use
/// characters, and every character a hanzi or CJK punctuation (what a pasted GBK paragraph or
/// name is; random bytes decode to anything).
fn as_gb18030(run: &[u8]) -> Option<String> {
    let (text, had_errors) = GB18030.decode_without_bom_handling(run);
    let cjk = |c: char| {
        matches!(c,
            '\u{3000}'..='\u{303F}'   // CJK punctuation
            | '\u{3400}'..='\u{4DBF}' // extension A
            | '\u{4E00}'..='\u{9FFF}' // unified ideographs
            | '\u{FF00}'..='\u{FFEF}' // full-width forms
            | '\u{2010}'..='\u{2027}' // dashes, quotes, ellipsis
            | '\u{00B7}' | '\u{00D7}' | '\u{2460}'..='\u{24FF}' | '\u{2160}'..='\u{217F}')
    };
    (!had_errors && text.chars().all(cjk)).then(|| text.into_owned())
}

/// Decodes mostly-UTF-8 bytes ([`mostly_utf8`]) stretch by stretch: valid UTF-8 as UTF-8,
/// each other stretch as GB18030 when it reads as Chinese, else as replacement characters.
/// Returns the text and a note for the document's hints when anything was not UTF-8.
fn decode_mixed(bytes: &[u8]) -> (String, Option<String>) {
    let mut out = String::with_capacity(bytes.len());
    let (mut gb_runs, mut gb_bytes, mut bad_bytes) = (0usize, 0usize, 0usize);
    let mut rest = bytes;
    let mut offset = 0usize;
    let mut first_bad: Option<usize> = None;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                out.push_str(s);
                break;
            }
            Err(e) => {
                let mut valid = e.valid_up_to();
                // A GBK character often forms a two-byte UTF-8 sequence by chance (Latin
                // letters, never hanzi): ones just before the stretch belong to it.
                while valid >= 2
                    && (0xC2..=0xDF).contains(&rest[valid - 2])
                    && (0x80..=0xBF).contains(&rest[valid - 1])
                {
                    valid -= 2;
                }
                out.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                let end = foreign_run_end(rest, valid).max(valid + 1);
                let run = &rest[valid..end];
                match as_gb18030(run) {
                    Some(t) => {
                        out.push_str(&t);
                        gb_runs += 1;
                        gb_bytes += run.len();
                    }
                    None => {
                        out.push_str(&String::from_utf8_lossy(run));
                        bad_bytes += run.len();
                        first_bad.get_or_insert(offset + valid);
                    }
                }
                offset += end;
                rest = &rest[end..];
            }
        }
    }
    let mut notes = Vec::new();
    if gb_runs > 0 {
        notes.push(format!(
            "mixed encodings: {gb_runs} stretch(es) of {gb_bytes} bytes in this UTF-8 text \
             were GB18030 and were decoded as such"
        ));
    }
    if let Some(at) = first_bad {
        notes.push(format!(
            "{bad_bytes} bytes that are not UTF-8 (first at byte {at}) became U+FFFD"
        ));
    }
    (out, (!notes.is_empty()).then(|| notes.join("; ")))
}

/// A record of a UTF-8 stream (a CSV cell, a JSON Lines line) as text: as it is when valid,
/// else decoded stretch by stretch as [`decode_mixed`] does, with its note.
pub(crate) fn utf8_mixed(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, Option<String>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (std::borrow::Cow::Borrowed(s), None),
        Err(_) => {
            let (text, note) = decode_mixed(bytes);
            (std::borrow::Cow::Owned(text), note)
        }
    }
}

/// Detection for bytes that are neither BOM-marked nor valid UTF-8.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    // chardetng runs dozens of candidate models over every byte (a few MB/s); GBK text, by
    // far the most common non-UTF-8 input here, is recognised first at memory speed.
    if looks_like_gb2312(sample) && !GB18030.decode_without_bom_handling(sample).1 {
        return GB18030;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    let guess = chinese_superset(detector.guess(None, chardetng::Utf8Detection::Allow));
    if guess == GB18030 {
        return GB18030;
    }
    let errors = |enc: &'static Encoding| replacements(&enc.decode_without_bom_handling(sample).0);
    let gb = errors(GB18030);
    // Big5 (Taiwan, Hong Kong) is the one other encoding a Chinese court document may
    // really be in; trust chardetng's Big5 when it decodes cleanly.
    if guess == BIG5 && errors(BIG5) == 0 {
        return BIG5;
    }
    if guess == UTF_8 || gb <= errors(guess) {
        return GB18030;
    }
    // A single-byte code page decodes any bytes without an error, so a guess of one says
    // nothing about text that is mostly high bytes (garbage, or Chinese in some broken
    // form): such text is Chinese or nothing, and the replacement count decides later.
    let high = sample.iter().filter(|&&b| b >= 0x80).count();
    if guess.is_single_byte() && high * 10 > sample.len() {
        return GB18030;
    }
    guess
}

fn replacements(s: &str) -> usize {
    s.chars().filter(|&c| c == '\u{FFFD}').count()
}

/// `Some((replacements, chars))` when `text` has too many replacement characters.
pub(crate) fn too_many_replacements(text: &str) -> Option<(usize, usize)> {
    if !text.contains('\u{FFFD}') {
        return None;
    }
    let bad = replacements(text);
    let chars = text.chars().count().max(1);
    (bad >= UNDECODABLE_MIN && bad as f64 > chars as f64 * UNDECODABLE_RATIO)
        .then_some((bad, chars))
}

fn undecodable(enc: &'static Encoding, bad: usize, chars: usize) -> Refusal {
    Refusal::new(
        RejectReason::Undecodable,
        format!(
            "decoding as {} gave {bad} replacement characters in {chars} (limit {}%): \
             convert the file to UTF-8",
            encoding_name(enc),
            UNDECODABLE_RATIO * 100.0
        ),
    )
}

/// Decodes a whole single-document input. `declared` is the charset the markup names, tried
/// after strict UTF-8 and before detection.
pub(crate) fn decode_document(
    bytes: Vec<u8>,
    declared: Option<&'static Encoding>,
) -> Result<Decoded, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::new(RejectReason::Empty, "zero bytes"));
    }
    if let Some(detail) = sniff_binary(&bytes) {
        return Err(Refusal::new(RejectReason::Binary, detail));
    }
    let sample = &bytes[..bytes.len().min(SNIFF_LEN)];
    let enc = if let Some((enc, _)) = Encoding::for_bom(&bytes) {
        enc
    } else if let Some(enc) = memchr::memchr(0, sample).and_then(|_| bomless_utf16(sample)) {
        // Checked before UTF-8: ASCII-heavy UTF-16 is valid UTF-8 full of NULs.
        enc
    } else {
        match String::from_utf8(bytes) {
            Ok(text) => {
                return Ok(Decoded {
                    text,
                    encoding: "utf-8".into(),
                    note: None,
                });
            }
            Err(e) => {
                let bytes = e.into_bytes();
                // Mostly UTF-8 wins over a declared charset too: a page re-saved as UTF-8
                // keeps its old <meta charset=gbk>.
                if mostly_utf8(&bytes) {
                    let (text, note) = decode_mixed(&bytes);
                    if let Some((bad, chars)) = too_many_replacements(&text) {
                        return Err(undecodable(UTF_8, bad, chars));
                    }
                    return Ok(Decoded {
                        text,
                        encoding: "utf-8".into(),
                        note,
                    });
                }
                let enc = declared
                    .filter(|&d| d != UTF_8)
                    .unwrap_or_else(|| detect(&bytes));
                return finish(enc, &bytes);
            }
        }
    };
    finish(enc, &bytes)
}

fn finish(enc: &'static Encoding, bytes: &[u8]) -> Result<Decoded, Refusal> {
    // `decode` strips a BOM of any Unicode encoding and lets it override `enc`.
    let (text, used, _) = enc.decode(bytes);
    let text = text.into_owned();
    if let Some((bad, chars)) = too_many_replacements(&text) {
        return Err(undecodable(used, bad, chars));
    }
    Ok(Decoded {
        text,
        encoding: encoding_name(used),
        note: None,
    })
}

/// The encoding of a stream (CSV, JSONL) judged from its first bytes. `at_eof` says the head
/// is the whole stream (so a truncated character at its end is an error, not a cut).
pub(crate) fn detect_stream(head: &[u8], at_eof: bool) -> Result<&'static Encoding, Refusal> {
    if head.is_empty() {
        return Err(Refusal::new(RejectReason::Empty, "zero bytes"));
    }
    if let Some((enc, _)) = Encoding::for_bom(head) {
        return Ok(enc);
    }
    if let Some(detail) = sniff_binary_stream(head) {
        return Err(Refusal::new(RejectReason::Binary, detail));
    }
    match std::str::from_utf8(head) {
        Ok(_) => Ok(UTF_8),
        Err(e) if e.error_len().is_none() && !at_eof => Ok(UTF_8),
        // Records with a corrupt or GBK stretch are judged one by one (replacement
        // characters per record); the stream stays UTF-8.
        Err(_) if mostly_utf8(head) => Ok(UTF_8),
        Err(_) => Ok(detect(head)),
    }
}

/// [`sniff_binary`] for record streams (CSV, JSON Lines): a NUL byte is one bad record in a
/// database export, not proof that the whole file is binary, so NULs count as control bytes
/// and only their share decides.
fn sniff_binary_stream(head: &[u8]) -> Option<String> {
    for (sig, what) in SIGNATURES {
        if head.starts_with(sig) {
            return Some(format!("{what} (signature {})", hex(sig)));
        }
    }
    if memchr::memchr(0, head).is_some() && bomless_utf16(head).is_some() {
        return None;
    }
    let controls = control_bytes(head);
    (controls >= 2 && controls * 50 > head.len()).then(|| {
        format!(
            "{controls} control or NUL bytes in the first {} bytes: not a text file",
            head.len()
        )
    })
}

/// C0 control bytes other than tab, line feed, vertical tab, form feed and carriage return.
fn control_bytes(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
        .count()
}

/// `Some(count)` when more than 2% of a record's characters (and at least 2) are control
/// characters (NUL …): a binary or corrupt record in a stream.
pub(crate) fn too_many_controls(text: &str) -> Option<usize> {
    let controls = control_bytes(text.as_bytes());
    (controls >= 2 && controls * 50 > text.chars().count()).then_some(controls)
}

/// A reader that transcodes another reader to UTF-8 (invalid sequences become U+FFFD, counted
/// per record by the caller). A BOM, if present, overrides the given encoding and is removed.
pub(crate) struct Transcoder<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Box<[u8]>,
    in_start: usize,
    in_end: usize,
    eof: bool,
    output: Box<[u8]>,
    out_start: usize,
    out_end: usize,
    finished: bool,
}

impl<R: Read> Transcoder<R> {
    pub(crate) fn new(inner: R, enc: &'static Encoding) -> Self {
        Transcoder {
            inner,
            decoder: enc.new_decoder(),
            input: vec![0; 32 * 1024].into_boxed_slice(),
            in_start: 0,
            in_end: 0,
            eof: false,
            output: vec![0; 64 * 1024].into_boxed_slice(),
            out_start: 0,
            out_end: 0,
            finished: false,
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        while self.out_start == self.out_end && !self.finished {
            if self.in_start == self.in_end && !self.eof {
                self.in_start = 0;
                self.in_end = loop {
                    match self.inner.read(&mut self.input) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(e),
                    }
                };
                self.eof = self.in_end == 0;
            }
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.in_start..self.in_end],
                &mut self.output,
                self.eof,
            );
            self.in_start += read;
            self.out_start = 0;
            self.out_end = written;
            if self.eof && result == encoding_rs::CoderResult::InputEmpty {
                self.finished = true;
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.refill()?;
        let n = buf.len().min(self.out_end - self.out_start);
        buf[..n].copy_from_slice(&self.output[self.out_start..self.out_start + n]);
        self.out_start += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    fn utf16be(s: &str) -> Vec<u8> {
        let mut v = vec![0xFE, 0xFF];
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_be_bytes());
        }
        v
    }

    const JUDGMENT: &str = "浙江省乐清市人民法院\n刑事附带民事判决书\n（2021）浙0382刑初456号\n\
        被告人王某某未赔偿被害人损失，亦未取得被害人家属谅解。";

    #[test]
    fn encodings() {
        let gb = GB18030.encode(JUDGMENT).0.into_owned();
        let big5 = BIG5
            .encode("臺灣高等法院刑事判決書，被告人未賠償被害人損失，亦未取得諒解。")
            .0;
        let rows: Vec<(&str, Vec<u8>, &str)> = vec![
            ("utf-8", JUDGMENT.as_bytes().to_vec(), "utf-8"),
            (
                "utf-8 bom",
                [b"\xEF\xBB\xBF", JUDGMENT.as_bytes()].concat(),
                "utf-8",
            ),
            ("utf-16le bom", utf16le(JUDGMENT, true), "utf-16le"),
            ("utf-16be bom", utf16be(JUDGMENT), "utf-16be"),
            ("gb18030", gb, "gb18030"),
            ("big5", big5.into_owned(), "big5"),
            (
                "utf-16le no bom",
                utf16le("Case No. (2021) 浙0382刑初456号 judgment text", false),
                "utf-16le",
            ),
        ];
        for (name, bytes, want) in rows {
            let d = decode_document(bytes, None).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(d.encoding, want, "{name}");
            assert!(!d.text.starts_with('\u{FEFF}'), "{name}: BOM kept");
            assert!(d.text.contains("刑") || d.text.contains("Case"), "{name}");
        }
        let d = decode_document(GB18030.encode(JUDGMENT).0.into_owned(), None).unwrap();
        assert_eq!(d.text, JUDGMENT);
    }

    #[test]
    fn gb2312_shortcut() {
        let rows: Vec<(Vec<u8>, bool)> = vec![
            (GB18030.encode(JUDGMENT).0.into_owned(), true),
            (
                BIG5.encode("臺灣高等法院刑事判決書，被告人未賠償被害人損失")
                    .0
                    .into_owned(),
                false,
            ),
            (
                encoding_rs::WINDOWS_1252
                    .encode("café crème brûlée")
                    .0
                    .into_owned(),
                false,
            ),
            (b"plain ascii".to_vec(), false),
        ];
        for (bytes, want) in rows {
            assert_eq!(looks_like_gb2312(&bytes), want, "{bytes:?}");
        }
    }

    #[test]
    fn declared_charset_wins_over_detection() {
        let html = "<html><head><meta charset=\"gbk\"></head><body>判决书</body></html>";
        let bytes = GB18030.encode(html).0.into_owned();
        assert_eq!(declared_charset(&bytes), Some(GB18030));
        let d = decode_document(bytes, declared_charset(html.as_bytes())).unwrap();
        assert_eq!(d.encoding, "gb18030");
        assert!(d.text.contains("判决书"));
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            Some(UTF_8)
        );
        assert_eq!(declared_charset(b"<p>no charset</p>"), None);
    }

    #[test]
    fn refusals() {
        let rows: Vec<(&str, Vec<u8>, RejectReason)> = vec![
            ("empty", vec![], RejectReason::Empty),
            (
                "pdf",
                b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec(),
                RejectReason::Binary,
            ),
            (
                "nul",
                b"abc\x00\x01\x02def\x00\x00\x00\xFF\xFE\x00".to_vec(),
                RejectReason::Binary,
            ),
            (
                "controls",
                b"\x01\x02\x03\x04\x05 some text".to_vec(),
                RejectReason::Binary,
            ),
            (
                "NULs on one parity, not UTF-16",
                b"\x00\x01\x02binary".to_vec(),
                RejectReason::Binary,
            ),
            (
                "docx",
                b"PK\x03\x04\x14\x00\x06\x00".to_vec(),
                RejectReason::Binary,
            ),
        ];
        for (name, bytes, want) in rows {
            let err = decode_document(bytes, None).expect_err(name);
            assert_eq!(err.reason, want, "{name}: {}", err.detail);
        }
    }

    #[test]
    fn undecodable_threshold() {
        // A declared charset the bytes do not follow: 0xFF is never valid in EUC-KR.
        let mut bytes = Vec::new();
        for _ in 0..50 {
            bytes.extend_from_slice(b"\xFF\xFF\xFF\xFF abc ");
        }
        let err = decode_document(bytes, Some(encoding_rs::EUC_KR)).expect_err("undecodable");
        assert_eq!(err.reason, RejectReason::Undecodable, "{}", err.detail);
        assert_eq!(too_many_replacements("正常文本"), None);
        assert_eq!(too_many_replacements("a\u{FFFD}b\u{FFFD}"), None);
        let long = format!("{}{}", "字".repeat(1000), "\u{FFFD}".repeat(5));
        assert_eq!(too_many_replacements(&long), None);
        let bad = format!("{}{}", "字".repeat(100), "\u{FFFD}".repeat(5));
        assert_eq!(too_many_replacements(&bad), Some((5, 105)));
    }

    /// Mixed encodings in one file: each stretch decodes in its own encoding; garbage is
    /// replaced, and too much of it is undecodable.
    #[test]
    fn mixed_encodings() {
        let gbk = |s: &str| GB18030.encode(s).0.into_owned();
        let cat = |parts: &[&[u8]]| parts.concat();
        let para = "被告人王某某未赔偿被害人损失，亦未取得被害人家属谅解。\n";
        // (name, bytes, expected text (None: refused), encoding, note mentions)
        type Row<'a> = (&'a str, Vec<u8>, Option<String>, &'a str, &'a str);
        let rows: Vec<Row<'_>> = vec![
            (
                "utf-8 then a gbk paragraph",
                cat(&[JUDGMENT.as_bytes(), b"\n", &gbk(para)]),
                Some(format!("{JUDGMENT}\n{para}")),
                "utf-8",
                "GB18030",
            ),
            (
                "a gbk name inside a utf-8 sentence",
                cat(&[
                    "申请执行人".as_bytes(),
                    &gbk("陈秀英"),
                    "，女，1965年5月12日出生。".as_bytes(),
                ]),
                Some("申请执行人陈秀英，女，1965年5月12日出生。".to_string()),
                "utf-8",
                "GB18030",
            ),
            (
                "a gbk name starting with a two-byte utf-8 look-alike",
                // 郑 is D6 A3 in GBK, a valid two-byte UTF-8 sequence (U+05A3) by chance.
                cat(&["被害人".as_bytes(), &gbk("郑秀英"), "。".as_bytes()]),
                Some("被害人郑秀英。".to_string()),
                "utf-8",
                "GB18030",
            ),
            (
                "utf-8 with three stray bytes",
                cat(&[JUDGMENT.as_bytes(), b"\xFF\xFE\xC3"]),
                Some(format!("{JUDGMENT}\u{FFFD}\u{FFFD}\u{FFFD}")),
                "utf-8",
                "U+FFFD",
            ),
            (
                "all gbk",
                gbk(JUDGMENT),
                Some(JUDGMENT.to_string()),
                "gb18030",
                "",
            ),
            (
                "high-byte garbage around a little chinese",
                cat(&[
                    &(0x80..=0xFFu8).collect::<Vec<u8>>().repeat(10),
                    JUDGMENT.as_bytes(),
                ]),
                None,
                "",
                "",
            ),
            (
                "utf-8 with many bad bytes",
                cat(&[&b"\xFF abc ".repeat(40), JUDGMENT.as_bytes()]),
                None,
                "",
                "",
            ),
        ];
        for (name, bytes, want, encoding, note) in rows {
            match (decode_document(bytes, None), want) {
                (Ok(d), Some(text)) => {
                    assert_eq!(d.text, text, "{name}");
                    assert_eq!(d.encoding, encoding, "{name}");
                    let got = d.note.unwrap_or_default();
                    assert!(got.contains(note), "{name}: {got}");
                }
                (Err(r), None) => assert_eq!(r.reason, RejectReason::Undecodable, "{name}"),
                (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
            }
        }
        // A GBK document never looks mostly UTF-8; the same text in UTF-8 with a GBK line does.
        assert!(!mostly_utf8(&gbk(&JUDGMENT.repeat(20))));
        assert!(mostly_utf8(&cat(&[JUDGMENT.as_bytes(), &gbk(para)])));
        // Records of a UTF-8 stream decode the same way.
        let line = cat(&[b"{\"t\":\"", &gbk("谅解"), b"\"}"]);
        let (text, note) = utf8_mixed(&line);
        assert_eq!(text, "{\"t\":\"谅解\"}");
        assert!(note.is_some());
        assert_eq!(utf8_mixed(b"plain").1, None);
    }

    #[test]
    fn stream_detection_and_transcoding() {
        let gb = GB18030.encode(JUDGMENT).0.into_owned();
        let enc = detect_stream(&gb, true).unwrap();
        assert_eq!(enc, GB18030);
        let mut out = String::new();
        Transcoder::new(&gb[..], enc)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, JUDGMENT);
        // A multi-byte character cut at the end of the head is not an error.
        let utf8 = JUDGMENT.as_bytes();
        assert_eq!(
            detect_stream(&utf8[..utf8.len() - 1], false).unwrap(),
            UTF_8
        );
        let mut out = String::new();
        Transcoder::new(&utf16le(JUDGMENT, true)[..], UTF_8)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, JUDGMENT, "BOM overrides the detected encoding");
        assert_eq!(
            detect_stream(b"", true).unwrap_err().reason,
            RejectReason::Empty
        );
    }
}
