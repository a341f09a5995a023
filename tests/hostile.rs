//! Hostile and broken input, end to end (issue 10): every fixture is generated here in a
//! temporary directory, run through the `jiuzhu` binary, and its fate asserted — which
//! reject reason and what the detail names, or a record — together with the accounting
//! (input documents = records + rejects), the exit codes of DESIGN.md §4, owner-only output
//! files, bounded memory on a 200 MB single-line file, and no network use.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jiuzhu_core::{Document, Evidence, Format, Hints};
use serde_json::Value;

use crate::util;

/// A real enforcement ruling (abridged): what the healthy members and rows hold.
const RULING: &str = "浙江省乐清市人民法院\n执行裁定书\n（2022）浙0382执567号\n\
申请执行人陈秀英，女，1965年5月12日出生。\n被执行人王某某。\n\
本案在执行过程中，未发现被执行人有可供执行的财产。\n\
裁定如下：终结本次执行程序。\n审判员李某\n二〇二二年八月一日";

/// What one source must become.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Fate {
    /// A record; `Some(encoding)` when the encoding matters.
    Record(Option<&'static str>),
    /// A reject with this reason whose detail contains the text.
    Reject(&'static str, &'static str),
}
use Fate::{Record, Reject};

/// One hostile case: the file(s) written, and the fate of every source they hold.
struct Case {
    what: &'static str,
    fates: Vec<(String, Fate)>,
}

fn write(dir: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

fn gbk(s: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(s).0.into_owned()
}

fn zip_of(members: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(method)
            .large_file(bytes.len() > u32::MAX as usize);
        if name.ends_with('/') {
            w.add_directory(*name, opts).unwrap();
        } else {
            w.start_file(*name, opts).unwrap();
            w.write_all(bytes).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A tar with members written by raw header (the tar crate refuses `..` and absolute
/// paths, which is the point here).
fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, bytes) in members {
        let mut h = tar::Header::new_old();
        h.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(bytes);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

/// Pseudo-random bytes (xorshift), the same on every run.
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

fn fate(source: &str, f: Fate) -> (String, Fate) {
    (source.to_string(), f)
}

/// Writes every hostile fixture under `dir` and returns what must become of each source.
fn build(dir: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut case = |what: &'static str, fates: Vec<(String, Fate)>| {
        cases.push(Case { what, fates });
    };
    let ruling = RULING.as_bytes();
    let stored = zip::CompressionMethod::Stored;
    let deflated = zip::CompressionMethod::Deflated;

    // Empty inputs, and containers that hold nothing.
    write(dir, "empty/zero.txt", b"");
    case(
        "zero-byte file",
        vec![fate("empty/zero.txt", Reject("empty", "zero bytes"))],
    );
    write(dir, "empty/blank.txt", " \n\t\u{3000}\n");
    case(
        "whitespace only",
        vec![fate("empty/blank.txt", Reject("empty", "no visible text"))],
    );
    write(dir, "empty/bom.txt", b"\xEF\xBB\xBF");
    case(
        "a BOM and nothing else",
        vec![fate("empty/bom.txt", Reject("empty", "no visible text"))],
    );
    write(dir, "empty/header_only.csv", "案号,全文\n");
    case(
        "CSV with only its header",
        vec![fate(
            "empty/header_only.csv",
            Reject("empty", "no data rows"),
        )],
    );
    write(dir, "empty/blank_lines.jsonl", "\n  \n\n");
    case(
        "JSON Lines of blank lines",
        vec![fate(
            "empty/blank_lines.jsonl",
            Reject("empty", "JSON Lines without"),
        )],
    );
    write(dir, "empty/array.json", "[ ]");
    case(
        "an empty JSON array",
        vec![fate(
            "empty/array.json",
            Reject("empty", "JSON array without elements"),
        )],
    );
    write(
        dir,
        "empty/dirs.zip",
        zip_of(&[("a/", b""), ("a/b/", b"")], stored),
    );
    case(
        "zip of directories only",
        vec![fate(
            "empty/dirs.zip",
            Reject("empty", "archive with no files"),
        )],
    );
    write(dir, "empty/nothing.tar", [0u8; 1024]);
    case(
        "empty tar",
        vec![fate(
            "empty/nothing.tar",
            Reject("empty", "archive with no files"),
        )],
    );

    // Binary files, under text names too.
    write(
        dir,
        "binary/scan.txt",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0",
    );
    case(
        "PNG named .txt",
        vec![fate("binary/scan.txt", Reject("binary", "PNG image"))],
    );
    write(
        dir,
        "binary/judgment.pdf.txt",
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj",
    );
    case(
        "PDF named .txt",
        vec![fate(
            "binary/judgment.pdf.txt",
            Reject("binary", "PDF document"),
        )],
    );
    write(
        dir,
        "binary/program",
        [&b"\x7FELF\x02\x01\x01"[..], &noise(2000, 1)].concat(),
    );
    case(
        "ELF executable",
        vec![fate("binary/program", Reject("binary", "ELF executable"))],
    );
    write(dir, "binary/parity.bin", b"\x00\x01\x02binary");
    case(
        "binary with NULs on one parity (not UTF-16)",
        vec![fate("binary/parity.bin", Reject("binary", "NUL byte"))],
    );
    write(dir, "binary/random.html", noise(8192, 7));
    case(
        "random bytes named .html",
        vec![fate("binary/random.html", Reject("binary", "NUL byte"))],
    );

    // Truncated files.
    let mut cut_zip = zip_of(&[("a.txt", ruling), ("b.txt", ruling)], deflated);
    cut_zip.truncate(cut_zip.len() / 2);
    write(dir, "truncated/cut.zip", cut_zip);
    case(
        "zip cut in half (no central directory)",
        vec![fate(
            "truncated/cut.zip",
            Reject("malformed_archive", "not a readable zip"),
        )],
    );
    let mut cut_gz = gzip(RULING.repeat(40).as_bytes());
    cut_gz.truncate(cut_gz.len() / 2);
    write(dir, "truncated/cut.txt.gz", cut_gz);
    case(
        "gzip cut in half",
        vec![fate(
            "truncated/cut.txt.gz!cut.txt",
            Reject("malformed_archive", "corrupt compressed data"),
        )],
    );
    // Text that does not compress, so the cut lands inside the first member.
    let letters: Vec<u8> = noise(20_000, 5).iter().map(|b| b'a' + b % 26).collect();
    let mut cut_tgz = gzip(&tar_of(&[("m1.txt", &letters), ("m2.txt", ruling)]));
    cut_tgz.truncate(cut_tgz.len() / 3);
    write(dir, "truncated/cut.tar.gz", cut_tgz);
    case(
        "tar.gz cut inside a member: the member, then the archive (what follows is unread)",
        vec![
            fate(
                "truncated/cut.tar.gz!m1.txt",
                Reject("malformed_archive", "corrupt compressed data"),
            ),
            fate(
                "truncated/cut.tar.gz",
                Reject("malformed_archive", "tar unreadable after member 'm1.txt'"),
            ),
        ],
    );
    let xml = format!(
        "<?xml version=\"1.0\"?><writ><QW value=\"{}\">",
        RULING.replace('\n', "&#10;")
    );
    write(dir, "truncated/cut.xml", &xml[..xml.len() - 20]);
    case(
        "XML cut inside an attribute",
        vec![fate(
            "truncated/cut.xml",
            Reject("malformed", "XML error at byte"),
        )],
    );
    write(dir, "truncated/cut_utf8.txt", &ruling[..ruling.len() - 1]);
    case(
        "UTF-8 cut inside the last character",
        vec![fate("truncated/cut_utf8.txt", Record(Some("utf-8")))],
    );
    let json = serde_json::json!({"全文": RULING}).to_string();
    let half = (0..=json.len() / 2)
        .rev()
        .find(|&i| json.is_char_boundary(i))
        .unwrap();
    write(dir, "truncated/cut.json", &json[..half]);
    case(
        "JSON cut inside its text",
        vec![fate(
            "truncated/cut.json",
            Reject("malformed", "invalid JSON"),
        )],
    );

    // Decompression bombs: ratio, declared size, a lying header, a bomb inside an archive.
    let spaces = vec![b' '; 40 << 20];
    let bomb = zip_of(&[("bomb.txt", &spaces), ("ok.txt", ruling)], deflated);
    write(dir, "bombs/bomb.zip", &bomb);
    case(
        "zip bomb (40 MiB of spaces in 40 KiB) beside a good member",
        vec![
            fate(
                "bombs/bomb.zip!bomb.txt",
                Reject("malformed_archive", "decompression bomb"),
            ),
            fate("bombs/bomb.zip!ok.txt", Record(None)),
        ],
    );
    write(dir, "bombs/bomb.txt.gz", gzip(&spaces));
    case(
        "gzip bomb",
        vec![fate(
            "bombs/bomb.txt.gz!bomb.txt",
            Reject("malformed_archive", "decompression bomb"),
        )],
    );
    write(
        dir,
        "bombs/bomb.tar.gz",
        gzip(&tar_of(&[("big.txt", &spaces[..30 << 20])])),
    );
    case(
        "tar.gz bomb",
        vec![
            fate(
                "bombs/bomb.tar.gz!big.txt",
                Reject("malformed_archive", "decompression bomb"),
            ),
            fate(
                "bombs/bomb.tar.gz",
                Reject("malformed_archive", "decompression bomb"),
            ),
        ],
    );
    let mut liar = zip_of(&[("liar.txt", &spaces)], deflated);
    // Claim 1000 bytes in the local header and the central directory.
    liar[22..26].copy_from_slice(&1000u32.to_le_bytes());
    let cd = liar.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
    liar[cd + 24..cd + 28].copy_from_slice(&1000u32.to_le_bytes());
    write(dir, "bombs/liar.zip", liar);
    case(
        "zip whose headers understate the size",
        vec![fate(
            "bombs/liar.zip!liar.txt",
            Reject("malformed_archive", "larger than its declared"),
        )],
    );
    write(
        dir,
        "bombs/nested_bomb.zip",
        zip_of(&[("inner.zip", &bomb)], stored),
    );
    case(
        "zip bomb inside a zip",
        vec![
            fate(
                "bombs/nested_bomb.zip!inner.zip!bomb.txt",
                Reject("malformed_archive", "decompression bomb"),
            ),
            fate("bombs/nested_bomb.zip!inner.zip!ok.txt", Record(None)),
        ],
    );

    // Nested archives: three levels are read, a fourth is refused.
    let l3 = zip_of(&[("doc.txt", ruling)], deflated);
    let l2 = zip_of(&[("l3.zip", &l3)], stored);
    let l1 = zip_of(&[("l2.zip", &l2)], stored);
    write(dir, "nested/three.zip", &l1);
    case(
        "archives three deep",
        vec![fate("nested/three.zip!l2.zip!l3.zip!doc.txt", Record(None))],
    );
    write(dir, "nested/four.zip", zip_of(&[("l1.zip", &l1)], stored));
    case(
        "archives four deep",
        vec![fate(
            "nested/four.zip!l1.zip!l2.zip!l3.zip",
            Reject("malformed_archive", "over the limit of 3"),
        )],
    );

    // Member paths that climb out or are absolute (never unpacked, so never written).
    write(
        dir,
        "paths/evil.zip",
        zip_of(
            &[
                ("../evil.txt", ruling),
                ("/etc/abs.txt", ruling),
                ("a/../../up.txt", ruling),
                ("C:\\win.txt", ruling),
                ("good.txt", ruling),
            ],
            deflated,
        ),
    );
    let unsafe_path = Reject("malformed_archive", "unsafe member path");
    case(
        "zip members with ../, absolute and drive paths",
        vec![
            fate("paths/evil.zip!../evil.txt", unsafe_path.clone()),
            fate("paths/evil.zip!/etc/abs.txt", unsafe_path.clone()),
            fate("paths/evil.zip!C:/win.txt", unsafe_path.clone()),
            fate("paths/evil.zip!a/../../up.txt", unsafe_path.clone()),
            fate("paths/evil.zip!good.txt", Record(None)),
        ],
    );
    write(
        dir,
        "paths/evil.tar",
        tar_of(&[
            ("../evil.txt", ruling),
            ("/abs.txt", ruling),
            ("good.txt", ruling),
        ]),
    );
    case(
        "tar members with ../ and absolute paths",
        vec![
            fate("paths/evil.tar!../evil.txt", unsafe_path.clone()),
            fate("paths/evil.tar!/abs.txt", unsafe_path),
            fate("paths/evil.tar!good.txt", Record(None)),
        ],
    );

    // Deep nesting and entity expansion.
    let n = 100_000;
    write(
        dir,
        "deep/divs.html",
        format!(
            "<html><body>{}{RULING}{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    );
    case(
        "100,000 nested <div>",
        vec![fate("deep/divs.html", Record(Some("utf-8")))],
    );
    write(
        dir,
        "deep/links.html",
        format!("<html><body>{}{RULING}", "<a href=\"#x\">".repeat(n)),
    );
    case(
        "100,000 nested unclosed <a>",
        vec![fate("deep/links.html", Record(Some("utf-8")))],
    );
    write(
        dir,
        "deep/nested.xml",
        format!(
            "<?xml version=\"1.0\"?>{}{RULING}{}",
            "<a>".repeat(n),
            "</a>".repeat(n)
        ),
    );
    case(
        "100,000 nested XML elements",
        vec![fate(
            "deep/nested.xml",
            Reject("malformed", "nested deeper than 256"),
        )],
    );
    write(dir, "deep/laughs.xml", billion_laughs());
    case(
        "billion laughs (entities never expand)",
        vec![fate("deep/laughs.xml", Record(Some("utf-8")))],
    );
    write(dir, "deep/xxe.xml", external_entity());
    case(
        "external entity (never resolved)",
        vec![fate("deep/xxe.xml", Record(Some("utf-8")))],
    );

    write(
        dir,
        "deep/array.json",
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
    );
    case(
        "100,000 nested JSON arrays",
        vec![fate(
            "deep/array.json#1",
            Reject("malformed", "recursion limit exceeded"),
        )],
    );
    let good_line = serde_json::json!({"全文": RULING}).to_string();
    write(
        dir,
        "deep/object.jsonl",
        format!(
            "{{\"全文\": \"x\", \"a\": {}1{}}}\n{good_line}\n",
            "{\"a\":".repeat(n),
            "}".repeat(n)
        ),
    );
    case(
        "a JSON line nested 100,000 deep, then a good line",
        vec![
            fate(
                "deep/object.jsonl#1",
                Reject("malformed", "line 1: invalid JSON: recursion limit"),
            ),
            fate("deep/object.jsonl#2", Record(None)),
        ],
    );

    // Encodings.
    write(
        dir,
        "encodings/stray_bytes.txt",
        [ruling, b"\xFF\xFE\xC3"].concat(),
    );
    case(
        "UTF-8 with stray invalid bytes",
        vec![fate("encodings/stray_bytes.txt", Record(Some("utf-8")))],
    );
    let (head, tail) = RULING.split_at(RULING.find("被执行人").unwrap());
    write(
        dir,
        "encodings/gbk_paragraph.txt",
        [head.as_bytes(), &gbk(tail)].concat(),
    );
    case(
        "UTF-8 with a GBK paragraph",
        vec![fate("encodings/gbk_paragraph.txt", Record(Some("utf-8")))],
    );
    write(dir, "encodings/gbk.txt", gbk(RULING));
    case(
        "GBK throughout",
        vec![fate("encodings/gbk.txt", Record(Some("gb18030")))],
    );
    write(
        dir,
        "encodings/garbage.txt",
        [
            (0x80..=0xFFu8).collect::<Vec<u8>>().repeat(20),
            ruling.to_vec(),
        ]
        .concat(),
    );
    case(
        "high-byte garbage around some Chinese",
        vec![fate(
            "encodings/garbage.txt",
            Reject("undecodable", "replacement characters"),
        )],
    );

    // CSV: unbalanced quotes, NULs, missing and extra columns, a GBK row.
    let line = RULING.replace('\n', "");
    write(
        dir,
        "csv/unbalanced.csv",
        format!("案号,全文\nA1,{line}\nA2,\"{line}\nA3,{line}\nA4,{line}\n"),
    );
    case(
        "CSV quote never closed",
        vec![
            fate("csv/unbalanced.csv#1", Record(None)),
            fate("csv/unbalanced.csv#2", Reject("malformed", "never closed")),
        ],
    );
    write(
        dir,
        "csv/nul.csv",
        [
            format!("案号,全文\nA1,{line}\nA2,\0\0坏\0\n"),
            format!("A3,{line}\0\n"),
        ]
        .concat(),
    );
    case(
        "CSV with NUL bytes",
        vec![
            fate("csv/nul.csv#1", Record(None)),
            fate(
                "csv/nul.csv#2",
                Reject("binary", "row 2 (line 3): 3 control or NUL characters"),
            ),
            fate("csv/nul.csv#3", Record(None)),
        ],
    );
    write(
        dir,
        "csv/ragged.csv",
        format!(
            "案号,法院,全文\nA1,乐清,{line}\nA2\nA3,乐清\nA4,乐清,{line},多余,多余\nA5,乐清,\n"
        ),
    );
    case(
        "CSV with missing, extra and empty columns",
        vec![
            fate("csv/ragged.csv#1", Record(None)),
            fate("csv/ragged.csv#2", Reject("no_text", "has 1 of 3 columns")),
            fate("csv/ragged.csv#3", Reject("no_text", "has 2 of 3 columns")),
            fate("csv/ragged.csv#4", Record(None)),
            fate(
                "csv/ragged.csv#5",
                Reject("no_text", "column 全文 is empty"),
            ),
        ],
    );
    write(
        dir,
        "csv/gbk_row.csv",
        [
            format!("案号,全文\nA1,{line}\nA2,").into_bytes(),
            gbk(&line),
            format!("\nA3,{line}\n").into_bytes(),
        ]
        .concat(),
    );
    case(
        "UTF-8 CSV with one GBK row",
        vec![
            fate("csv/gbk_row.csv#1", Record(Some("utf-8"))),
            fate("csv/gbk_row.csv#2", Record(Some("utf-8"))),
            fate("csv/gbk_row.csv#3", Record(Some("utf-8"))),
        ],
    );

    // JSON Lines: one bad line is one reject.
    let good = serde_json::json!({"全文": RULING, "案号": "（2022）浙0382执567号"}).to_string();
    let jsonl = [
        good.as_str(),
        "{\"全文\": \"cut",
        "",
        "not json",
        "{\"id\": 7}",
        "[1, 2]",
        good.as_str(),
        &format!("{good} trailing"),
        "{\"全文\": \"   \"}",
    ]
    .join("\n");
    write(dir, "jsonl/broken.jsonl", jsonl);
    case(
        "JSON Lines with broken lines",
        vec![
            fate("jsonl/broken.jsonl#1", Record(None)),
            fate(
                "jsonl/broken.jsonl#2",
                Reject("malformed", "line 2: invalid JSON"),
            ),
            fate(
                "jsonl/broken.jsonl#4",
                Reject("malformed", "line 4: invalid JSON"),
            ),
            fate(
                "jsonl/broken.jsonl#5",
                Reject("no_text", "line 5: no text field"),
            ),
            fate(
                "jsonl/broken.jsonl#6",
                Reject("malformed", "line 6: a JSON array"),
            ),
            fate("jsonl/broken.jsonl#7", Record(None)),
            fate(
                "jsonl/broken.jsonl#8",
                Reject("malformed", "line 8: invalid JSON: trailing"),
            ),
            fate("jsonl/broken.jsonl#9", Reject("no_text", "line 9")),
        ],
    );

    // File names that are not UTF-8: GBK from a Windows tool, and bytes that are nothing.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let names: [(&[u8], &str); 3] = [
            (b"\xC5\xD0\xBE\xF6\xCA\xE9.txt", "names/判决书.txt"),
            (b"bad\xFFname.txt", "names/bad\\xFFname.txt"),
            (b"bad\xFF\xFFname.txt", "names/bad\\xFF\\xFFname.txt"),
        ];
        fs::create_dir_all(dir.join("names")).unwrap();
        for (raw, _) in names {
            fs::write(
                dir.join("names").join(std::ffi::OsStr::from_bytes(raw)),
                RULING,
            )
            .unwrap();
        }
        case(
            "file names in GBK and in no encoding (sources stay distinct)",
            names
                .iter()
                .map(|(_, src)| fate(src, Record(None)))
                .collect(),
        );
    }

    // A link to nothing.
    #[cfg(unix)]
    {
        fs::create_dir_all(dir.join("links")).unwrap();
        std::os::unix::fs::symlink("/nonexistent/judgment.txt", dir.join("links/dangling.txt"))
            .unwrap();
        case(
            "symbolic link to nothing",
            vec![fate(
                "links/dangling.txt",
                Reject("unreadable", "symbolic link to /nonexistent/judgment.txt"),
            )],
        );
    }
    cases
}

fn billion_laughs() -> String {
    let mut s = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        s.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    s.push_str(&format!("]>\n<writ><QW>{RULING}&lol9;</QW></writ>"));
    s
}

fn external_entity() -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<doc><p>{}</p><p>&xxe;</p></doc>",
        RULING.replace('\n', "</p><p>")
    )
}

fn jsonl(path: &Path) -> Vec<Value> {
    fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect()
}

/// Every hostile fixture in one directory, through `jiuzhu extract --out`: exit 0, each
/// source in exactly one of records.jsonl and rejects.jsonl with the fate its case says,
/// every reject with a reason and a detail, and the summary adding up.
#[test]
fn every_hostile_input_is_accounted_for() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = build(&tmp.path().join("in"));
    let started = Instant::now();
    let out = util::run(tmp.path(), &["extract", "in", "--out", "out"]);
    let elapsed = started.elapsed();
    let err = util::stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");

    let records = jsonl(&tmp.path().join("out/records.jsonl"));
    let rejects = jsonl(&tmp.path().join("out/rejects.jsonl"));
    let mut got: BTreeMap<String, Vec<Fate>> = BTreeMap::new();
    let mut details: BTreeMap<String, String> = BTreeMap::new();
    for r in &records {
        let src = r["source"].as_str().unwrap().to_string();
        let enc = r["encoding"].as_str().unwrap().to_string();
        got.entry(src.clone()).or_default().push(Record(None));
        details.insert(src, enc);
    }
    for r in &rejects {
        let src = r["source"].as_str().unwrap().to_string();
        let reason = r["reason"].as_str().unwrap_or_default();
        let detail = r["detail"].as_str().unwrap_or_default();
        assert!(!reason.is_empty() && !detail.trim().is_empty(), "{r}");
        got.entry(src.clone()).or_default().push(Reject("", ""));
        details.insert(src, format!("{reason}: {detail}"));
    }
    let mut expected = 0;
    for case in &cases {
        for (source, want) in &case.fates {
            expected += 1;
            let seen = got.remove(source).unwrap_or_default();
            assert_eq!(
                seen.len(),
                1,
                "{}: {source} appears {} times",
                case.what,
                seen.len()
            );
            let detail = &details[source];
            match want {
                Record(encoding) => {
                    assert_eq!(
                        seen[0],
                        Record(None),
                        "{}: {source} should be a record, is {detail}",
                        case.what
                    );
                    if let Some(e) = encoding {
                        assert_eq!(detail, e, "{}: {source} encoding", case.what);
                    }
                }
                Reject(reason, says) => {
                    assert!(
                        detail.starts_with(&format!("{reason}: ")) && detail.contains(says),
                        "{}: {source} should be rejected as {reason} saying '{says}', got {detail}",
                        case.what
                    );
                }
            }
        }
    }
    assert!(got.is_empty(), "sources no case expects: {got:?}");
    let summary = format!(
        "{expected} documents: {} records, {} rejects",
        records.len(),
        rejects.len()
    );
    assert!(err.contains(&summary), "{summary} not in {err}");
    assert_eq!(records.len() + rejects.len(), expected);
    // Nothing was unpacked beside the input: the archives' ../ members stayed inside them.
    for escaped in ["evil.txt", "up.txt", "in/evil.txt"] {
        assert!(!tmp.path().join(escaped).exists(), "{escaped} written");
    }
    // Bombs are refused early: the whole directory takes seconds, not the time to inflate.
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

/// Records of the hostile encodings carry what the reviewer must know, and the names
/// written in GBK inside UTF-8 text are read.
#[test]
fn mixed_encodings_are_noted_and_read() {
    let tmp = tempfile::tempdir().unwrap();
    let (head, tail) = RULING.split_at(RULING.find("被执行人").unwrap());
    write(
        tmp.path(),
        "gbk_paragraph.txt",
        [head.as_bytes(), &gbk(tail)].concat(),
    );
    let name_in_gbk = [
        "浙江省乐清市人民法院\n执行裁定书\n申请执行人".as_bytes(),
        &gbk("陈秀英"),
        "，女，1965年5月12日出生。\n裁定如下：终结本次执行程序。".as_bytes(),
    ]
    .concat();
    write(tmp.path(), "gbk_name.txt", name_in_gbk);
    let out = util::run(
        tmp.path(),
        &["extract", "gbk_name.txt", "gbk_paragraph.txt"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", util::stderr(&out));
    let records: Vec<Value> = util::stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    for r in &records {
        let warning = r["hints"]["extra"]["ingest.warning"]
            .as_str()
            .unwrap_or_default();
        assert!(warning.contains("GB18030"), "{}: {warning}", r["source"]);
        assert_eq!(r["kind"], "enforcement_ruling", "{}", r["source"]);
        let names: Vec<&str> = r["persons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        assert!(names.contains(&"陈秀英"), "{}: {names:?}", r["source"]);
    }
}

/// Entities never expand and external entities are never fetched: the text of the billion
/// laughs document is its own, and /etc/passwd stays out.
#[test]
fn entities_stay_literal() {
    let ingest = jiuzhu_ingest::Ingest::new();
    let rows: &[(&str, String, &str)] = &[
        ("laughs.xml", billion_laughs(), "&lol9;"),
        ("xxe.xml", external_entity(), "&xxe;"),
    ];
    for (name, xml, literal) in rows {
        let mut items = Vec::new();
        ingest.read(name, xml.as_bytes(), |i| items.push(i));
        let [jiuzhu_ingest::Item::Doc(d)] = items.as_slice() else {
            panic!("{name}: {items:?}")
        };
        assert!(
            d.text.len() < 2 * RULING.len(),
            "{name}: {} bytes",
            d.text.len()
        );
        assert!(d.text.contains(literal), "{name}: {}", d.text);
        assert!(!d.text.contains("root:"), "{name}: read /etc/passwd");
        assert!(d.text.contains("终结本次执行程序"), "{name}");
    }
}

/// Peak resident memory of a child, polled from /proc (Linux): VmHWM only grows, so the
/// last reading before exit is the peak.
fn run_measured(dir: &Path, args: &[&str]) -> (std::process::Output, Option<u64>) {
    let mut child = Command::new(util::bin())
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = None;
    loop {
        if let Ok(status) = fs::read_to_string(&status_path) {
            if let Some(kb) = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak_kb = Some(peak_kb.unwrap_or(0).max(kb));
            }
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    (child.wait_with_output().unwrap(), peak_kb)
}

/// A 200 MB file of one line (no line break anywhere), read as text, JSON Lines, CSV and
/// XML: each is refused as too large once past the 64 MiB document limit, reading no more
/// than that, so memory stays bounded by the limit and not by the file.
#[test]
fn a_200_mb_single_line_is_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    fs::create_dir_all(&dir).unwrap();
    let sentence = "被告人王某某殴打被害人李某，致其轻伤一级，未赔偿被害人经济损失。".repeat(32);
    let size = 200usize << 20;
    {
        let mut f = std::io::BufWriter::new(fs::File::create(dir.join("huge.txt")).unwrap());
        let mut written = 0;
        while written < size {
            f.write_all(sentence.as_bytes()).unwrap();
            written += sentence.len();
        }
    }
    #[cfg(unix)]
    for alias in ["huge.jsonl", "huge.csv", "huge.xml"] {
        std::os::unix::fs::symlink(dir.join("huge.txt"), dir.join(alias)).unwrap();
    }
    let started = Instant::now();
    let (out, peak_kb) = run_measured(tmp.path(), &["extract", "in", "--out", "out"]);
    let elapsed = started.elapsed();
    let err = util::stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let rejects = jsonl(&tmp.path().join("out/rejects.jsonl"));
    let got: Vec<(&str, &str)> = rejects
        .iter()
        .map(|r| (r["source"].as_str().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    let mut want = vec![("huge.txt", "too_large")];
    if cfg!(unix) {
        want = vec![
            ("huge.csv#1", "too_large"),
            ("huge.jsonl#1", "too_large"),
            ("huge.txt", "too_large"),
            ("huge.xml", "too_large"),
        ];
    }
    assert_eq!(got, want, "{err}");
    for r in &rejects {
        let detail = r["detail"].as_str().unwrap();
        assert!(
            detail.contains("limit") && detail.contains("67108864"),
            "{detail}"
        );
    }
    assert!(jsonl(&tmp.path().join("out/records.jsonl")).is_empty());
    eprintln!("200 MB single line: {elapsed:?}, peak RSS {peak_kb:?} kB");
    if let Some(kb) = peak_kb {
        // The limit (64 MiB) plus the binary, the dictionaries and one read-ahead buffer.
        assert!(kb < 320 * 1024, "peak RSS {kb} kB for a 200 MB file");
    }
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

/// Archive members over --max-member-mb are refused by their declared size, or while
/// inflating when no size is declared, without reading them.
#[test]
fn member_size_limit() {
    let tmp = tempfile::tempdir().unwrap();
    // Prose-like bytes that compress about 3:1, so the ratio guard stays quiet.
    let text: Vec<u8> = noise(3 << 20, 3).iter().map(|b| b'a' + b % 8).collect();
    write(
        tmp.path(),
        "in/big.zip",
        zip_of(
            &[("big.txt", &text), ("small.txt", RULING.as_bytes())],
            zip::CompressionMethod::Deflated,
        ),
    );
    write(tmp.path(), "in/big.txt.gz", gzip(&text));
    let out = util::run(
        tmp.path(),
        &["extract", "in", "--out", "out", "--max-member-mb", "1"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", util::stderr(&out));
    let rejects = jsonl(&tmp.path().join("out/rejects.jsonl"));
    let got: Vec<(&str, &str)> = rejects
        .iter()
        .map(|r| (r["source"].as_str().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("big.txt.gz!big.txt", "too_large"),
            ("big.zip!big.txt", "too_large")
        ]
    );
    for r in &rejects {
        assert!(
            r["detail"].as_str().unwrap().contains("--max-member-mb"),
            "{r}"
        );
    }
    let records = jsonl(&tmp.path().join("out/records.jsonl"));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["source"], "big.zip!small.txt");
}

/// Exit codes (DESIGN.md §4): 0 with rejects; 1 for usage and configuration errors, naming
/// what is wrong; 2 when the run cannot write its output, naming the file.
#[test]
fn exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.txt", RULING);
    write(d, "empty.txt", "");
    write(d, "a_file", "x");
    fs::create_dir_all(d.join("blocked/records.jsonl")).unwrap();
    write(
        d,
        "rosters/dibao.csv",
        "姓名,身份证号\n陈秀英,330382196505121540\n",
    );
    write(
        d,
        "typo.toml",
        "[region]\nname = \"乐清\"\nid_prefix = [\"330382\"]\n",
    );
    write(
        d,
        "badroster.toml",
        "[[roster]]\nkind = \"hardship\"\nlabel = \"低保\"\npath = \"rosters/missing.csv\"\n",
    );
    write(
        d,
        "ok.toml",
        "[screen]\ncharges = [\"故意伤害罪\"]\ncivil_causes = [\"机动车交通事故责任纠纷\"]\n\n[[roster]]\nkind = \"hardship\"\nlabel = \"低保\"\npath = \"rosters/dibao.csv\"\n",
    );
    write(d, "dict/charges.toml", "this is not toml [");
    let rows: &[(&[&str], i32, &[&str])] = &[
        (
            &["extract", "a.txt", "empty.txt", "--out", "o1"],
            0,
            &["2 documents: 1 records, 1 rejects (empty 1)"],
        ),
        (
            &["extract", "missing.txt"],
            1,
            &["missing.txt", "check the path"],
        ),
        (&["extract"], 1, &["INPUT"]),
        (
            &["extract", "a.txt", "--no-such-flag"],
            1,
            &["--no-such-flag"],
        ),
        (&["extract", "a.txt", "--max-doc-mb", "lots"], 1, &["lots"]),
        (
            &["extract", "a.txt", "--dict", "dict"],
            1,
            &["charges.toml"],
        ),
        (
            &["screen", "a.txt", "--config", "typo.toml", "--out", "o2"],
            1,
            &["typo.toml:3", "id_prefix"],
        ),
        (
            &[
                "screen",
                "a.txt",
                "--config",
                "badroster.toml",
                "--out",
                "o3",
            ],
            1,
            &["badroster.toml:4", "roster[1].path", "missing.csv"],
        ),
        (
            &["screen", "a.txt", "--config", "nowhere.toml", "--out", "o4"],
            1,
            &["nowhere.toml"],
        ),
        (&["extract", "a.txt", "--out", "a_file"], 2, &["a_file"]),
        (
            &["extract", "a.txt", "--out", "blocked"],
            2,
            &["blocked/records.jsonl"],
        ),
        (
            &[
                "screen", "a.txt", "--config", "ok.toml", "--out", "a_file/x",
            ],
            2,
            &["a_file"],
        ),
    ];
    for &(args, code, says) in rows {
        let out = util::run(d, args);
        let err = util::stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        for s in says {
            assert!(err.contains(s), "{args:?} should say {s}: {err}");
        }
    }
}

/// A device that fails every write, standing in for a full disk mid-run: exit 2 naming the
/// file, for --out and for standard output.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_io_failure() {
    if !Path::new("/dev/full").exists() {
        eprintln!("no /dev/full: skipped");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.txt", RULING);
    fs::create_dir_all(d.join("out")).unwrap();
    std::os::unix::fs::symlink("/dev/full", d.join("out/records.jsonl")).unwrap();
    let out = util::run(d, &["extract", "a.txt", "--out", "out"]);
    let err = util::stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("out/records.jsonl") && err.contains("No space left"),
        "{err}"
    );

    let out = Command::new(util::bin())
        .args(["extract", "a.txt"])
        .current_dir(d)
        .stdout(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .output()
        .unwrap();
    let err = util::stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("standard output"), "{err}");
}

/// A reader that stops early (`jiuzhu extract … | head`) is not a failure.
#[test]
fn a_closed_pipe_is_not_a_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let rows: String = (0..3000)
        .map(|i| format!("{}\n", serde_json::json!({"全文": RULING, "id": i})))
        .collect();
    write(tmp.path(), "many.jsonl", rows);
    let mut child = Command::new(util::bin())
        .args(["extract", "many.jsonl"])
        .current_dir(tmp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", util::stderr(&out));
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Outputs name victims and carry ID numbers: `extract --out` creates its directory 0700 and
/// its files 0600, narrows a file an earlier run left readable, and leaves the mode of a
/// directory the analyst made alone.
#[cfg(unix)]
#[test]
fn outputs_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    write(d, "a.txt", RULING);
    let out = util::run(d, &["extract", "a.txt", "--out", "new/nested"]);
    assert_eq!(out.status.code(), Some(0), "{}", util::stderr(&out));
    assert_eq!(mode(&d.join("new")), 0o700);
    assert_eq!(mode(&d.join("new/nested")), 0o700);
    for f in ["records.jsonl", "rejects.jsonl"] {
        assert_eq!(mode(&d.join("new/nested").join(f)), 0o600, "{f}");
    }
    fs::create_dir_all(d.join("shared")).unwrap();
    fs::set_permissions(d.join("shared"), fs::Permissions::from_mode(0o750)).unwrap();
    write(d, "shared/records.jsonl", "old");
    fs::set_permissions(
        d.join("shared/records.jsonl"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let out = util::run(d, &["extract", "a.txt", "--out", "shared"]);
    assert_eq!(out.status.code(), Some(0), "{}", util::stderr(&out));
    assert_eq!(
        mode(&d.join("shared")),
        0o750,
        "the analyst's directory keeps its mode"
    );
    assert_eq!(mode(&d.join("shared/records.jsonl")), 0o600);
    assert_eq!(mode(&d.join("shared/rejects.jsonl")), 0o600);
    assert!(
        !fs::read_to_string(d.join("shared/records.jsonl"))
            .unwrap()
            .contains("old")
    );
}

/// How the network check is made, and what it found.
enum NetCheck {
    /// strace saw the socket and connect calls of the run (there must be none).
    Traced(String),
    /// The run succeeded with no network at all (a fresh network namespace).
    Isolated,
    Unavailable,
}

fn tool_works(cmd: &str, args: &[&str]) -> bool {
    Command::new(cmd)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs jiuzhu ARGS under strace (every socket-family system call of every thread), or
/// failing that in an empty network namespace.
fn network_use(dir: &Path, args: &[&str]) -> NetCheck {
    if tool_works("strace", &["-f", "-qq", "-e", "trace=network", "true"]) {
        let log = dir.join("strace.log");
        let bin = util::bin();
        let mut full = vec![
            "-f",
            "-qq",
            "-e",
            "trace=network",
            "-o",
            log.to_str().unwrap(),
            bin.to_str().unwrap(),
        ];
        full.extend_from_slice(args);
        let out = Command::new("strace")
            .args(&full)
            .current_dir(dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", util::stderr(&out));
        return NetCheck::Traced(fs::read_to_string(log).unwrap_or_default());
    }
    if tool_works("unshare", &["-rn", "true"]) {
        let bin = util::bin();
        let mut full = vec!["-rn", bin.to_str().unwrap()];
        full.extend_from_slice(args);
        let out = Command::new("unshare")
            .args(&full)
            .current_dir(dir)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", util::stderr(&out));
        return NetCheck::Isolated;
    }
    NetCheck::Unavailable
}

/// Nothing jiuzhu does opens a network connection: extract over the hostile fixtures and
/// screen over the bundled sample (records, clues, workbook, HTML report) make no socket
/// system call at all. strace is the robust witness (it sees attempts, not only successes,
/// in every thread); where it is missing, the runs must succeed in a network namespace with
/// no interfaces, which proves they need none.
#[cfg(target_os = "linux")]
#[test]
fn no_network_connections() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    build(&d.join("in"));
    let sample = util::repo_root().join("corpora/sample");
    let config = sample.join("jiuzhu.toml");
    let runs: Vec<Vec<String>> = vec![
        vec!["extract".into(), "in".into(), "--out".into(), "o1".into()],
        vec![
            "screen".into(),
            sample.display().to_string(),
            "--config".into(),
            config.display().to_string(),
            "--out".into(),
            "o2".into(),
        ],
    ];
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        match network_use(d, &args) {
            NetCheck::Traced(log) => {
                assert!(log.trim().is_empty(), "{args:?} used the network:\n{log}")
            }
            NetCheck::Isolated => eprintln!("{args:?}: ran without a network (strace unavailable)"),
            NetCheck::Unavailable => {
                eprintln!("neither strace nor unshare -rn works here: network check skipped");
                return;
            }
        }
    }
}

/// CJK-heavy text built from what the extractor reacts to (roles, names, compensation and
/// negation phrases, injuries, amounts, dates, case numbers, titles) and what
/// normalisation rewrites (full-width forms, odd spaces, entities, line breaks).
fn legalish() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    const PIECES: &[&str] = &[
        "被害人",
        "被告人",
        "原告",
        "被告",
        "申请执行人",
        "被执行人",
        "附带民事诉讼原告人",
        "近亲属",
        "王某某",
        "陈秀英",
        "李四",
        "阿依古丽·买买提",
        "某保险公司",
        "，",
        "。",
        "；",
        "：",
        "、",
        "未赔偿",
        "已赔偿",
        "赔偿",
        "谅解",
        "未取得谅解",
        "亦未",
        "调解协议",
        "达成",
        "未果",
        "拒不",
        "部分赔偿",
        "至今未履行",
        "轻伤一级",
        "重伤二级",
        "死亡",
        "轻微伤",
        "伤残",
        "十级",
        "人民币5.2万元",
        "55，810.54元",
        "伍万元整",
        "2021年5月11日",
        "二〇二一年五月十一日",
        "（2021）浙0382刑初456号",
        "(2022)浙0382执567号",
        "乐检刑诉〔2022〕123号",
        "刑事判决书",
        "民事判决书",
        "执行裁定书",
        "起诉书",
        "终结本次执行程序",
        "执行依据",
        "经审理查明",
        "本院认为",
        "判决如下",
        "裁定如下",
        "故意伤害罪",
        "交通肇事罪",
        "机动车交通事故责任纠纷",
        "男",
        "女",
        "汉族",
        "住",
        "乐清市",
        "户籍地",
        "出生",
        "330382196505121540",
        "１２３",
        "（",
        "）",
        "〔",
        "〕",
        "\u{3000}",
        " ",
        "\t",
        "\n",
        "\r\n",
        "&nbsp;",
        "&amp;",
        "＆ｌｔ；",
        "\u{A0}",
        "\u{200B}",
        "\u{FEFF}",
        "×",
        "😀",
    ];
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

/// The real documents of `corpora/real` (criminal, civil, enforcement, procuratorate), as
/// characters, read once.
fn real_documents() -> &'static [Vec<char>] {
    static DOCS: std::sync::OnceLock<Vec<Vec<char>>> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| {
        let root = util::repo_root().join("corpora/real");
        let mut docs = Vec::new();
        for kind in ["criminal", "civil_traffic", "enforcement", "procuratorate"] {
            let Ok(dir) = fs::read_dir(root.join(kind)) else {
                continue;
            };
            let mut paths: Vec<_> = dir.flatten().map(|e| e.path()).collect();
            paths.sort();
            for p in paths
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            {
                if let Ok(t) = fs::read_to_string(p) {
                    docs.push(t.chars().collect());
                }
            }
        }
        docs
    })
}

/// A window of a real document, cut anywhere, with generated text spliced into it.
fn real_window() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        20usize..4000,
        any::<prop::sample::Index>(),
        legalish(),
    )
        .prop_map(|(doc, start, len, at, noise)| {
            let docs = real_documents();
            if docs.is_empty() {
                return noise;
            }
            let d = &docs[doc.index(docs.len())];
            let from = start.index(d.len());
            let window: Vec<char> = d[from..(from + len).min(d.len())].to_vec();
            let cut = at.index(window.len() + 1);
            let mut text: String = window[..cut].iter().collect();
            text.push_str(&noise);
            text.extend(&window[cut..]);
            text
        })
}

/// Where each piece of evidence of a record is, for the message.
fn all_evidence(rec: &jiuzhu_core::DocRecord) -> Vec<(String, &Evidence)> {
    let mut out: Vec<(String, &Evidence)> = Vec::new();
    for (field, evs) in &rec.field_evidence {
        out.extend(evs.iter().map(|e| (format!("field {field}"), e)));
    }
    for p in &rec.persons {
        out.extend(p.evidence.iter().map(|e| (format!("person {}", p.name), e)));
    }
    out.extend(
        rec.compensation
            .evidence
            .iter()
            .map(|e| ("compensation".to_string(), e)),
    );
    if let Some(en) = &rec.enforcement {
        out.extend(en.evidence.iter().map(|e| ("enforcement".to_string(), e)));
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Every evidence offset points at the quoted text: characters start..end of the
    /// normalised text are exactly the evidence's text, whatever the document.
    #[test]
    fn evidence_offsets_point_at_their_text(text in proptest::prop_oneof![legalish(), real_window()]) {
        let extractor = jiuzhu_extract::Extractor::embedded();
        let doc = Document {
            source: "p.txt".into(),
            format: Format::Txt,
            encoding: "utf-8".into(),
            text: text.clone(),
            hints: Hints::default(),
        };
        let rec = extractor.extract_or_reject(&doc).map_err(|r| {
            proptest::test_runner::TestCaseError::fail(format!("extractor failed: {}", r.detail))
        })?;
        let norm = jiuzhu_text::normalize(&text);
        let chars: Vec<char> = norm.text().chars().collect();
        for (whose, ev) in all_evidence(&rec) {
            proptest::prop_assert!(ev.start <= ev.end && ev.end <= chars.len(),
                "{} {}: {}..{} outside {} chars", whose, ev.rule, ev.start, ev.end, chars.len());
            let at: String = chars[ev.start..ev.end].iter().collect();
            proptest::prop_assert_eq!(&at, &ev.text, "{} {} at {}..{}", whose, ev.rule, ev.start, ev.end);
        }
    }
}

/// Extraction time grows with the document, not with its square. Ignored: it fails today
/// (a 4x longer single-line document takes about 16x longer: NegationScan::cue_for in
/// crates/dict scans every cue for every phrase, parties::entries::read_entry searches to
/// the end of the line for every entry), reported with this reproducer to the owners of
/// crates/dict and crates/extract. Run with `cargo test --release -- --ignored linear`.
#[test]
#[ignore = "quadratic extraction on long documents: reported to the extract/dict owners"]
fn extraction_time_is_linear_in_document_size() {
    let extractor = jiuzhu_extract::Extractor::embedded();
    let sentence = "被告人王某某殴打被害人李某，致其轻伤一级，未赔偿被害人经济损失，亦未取得谅解。";
    let time = |bytes: usize| {
        let text = sentence.repeat(bytes / sentence.len());
        let doc = Document {
            source: "long.txt".into(),
            format: Format::Txt,
            encoding: "utf-8".into(),
            text,
            hints: Hints::default(),
        };
        let started = Instant::now();
        let _ = extractor.extract(&doc);
        started.elapsed()
    };
    let (small, large) = (time(128 << 10), time(512 << 10));
    eprintln!("128 KiB {small:?}, 512 KiB {large:?}");
    assert!(large < small * 8, "128 KiB {small:?} but 512 KiB {large:?}");
}
