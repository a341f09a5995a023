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
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0B | 0x0C))
        .count();
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
    let (_, had_errors) = enc.decode_without_bom_handling(&head[..units * 2]);
    (!had_errors).then_some(enc)
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
        GB18030
    } else {
        guess
    }
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
                });
            }
            Err(e) => {
                let bytes = e.into_bytes();
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
    if let Some(detail) = sniff_binary(head) {
        return Err(Refusal::new(RejectReason::Binary, detail));
    }
    match std::str::from_utf8(head) {
        Ok(_) => Ok(UTF_8),
        Err(e) if e.error_len().is_none() && !at_eof => Ok(UTF_8),
        Err(_) => Ok(detect(head)),
    }
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
