//! Whole-pipeline tests: the mixed fixture directory, hostile inputs, sniffed streams.

#[path = "fixtures/mixed.rs"]
mod mixed;

use std::io::Write;
use std::path::Path;

use jiuzhu_ingest::{Ingest, Input, Item};
use mixed::Expect;

fn collect(ingest: &Ingest, inputs: &[Input]) -> Vec<Item> {
    let mut items = Vec::new();
    ingest
        .for_each(inputs, |i| items.push(i))
        .expect("inputs exist");
    items
}

fn read(ingest: &Ingest, name: &str, bytes: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    ingest.read(name, bytes, |i| items.push(i));
    items
}

fn outcome(item: &Item) -> String {
    match item {
        Item::Doc(d) => format!("doc {} {}", d.format.as_str(), d.encoding),
        Item::Reject(r) => format!("reject {}", r.reason.as_str()),
    }
}

#[test]
fn mixed_directory_one_item_per_document() {
    let dir = tempfile::tempdir().unwrap();
    let expected = mixed::build(dir.path());
    let items = collect(&Ingest::new(), &[Input::Path(dir.path().to_path_buf())]);
    let got: Vec<(&str, String)> = items.iter().map(|i| (i.source(), outcome(i))).collect();
    let want: Vec<(&str, String)> = expected
        .iter()
        .map(|(s, e)| {
            let o = match e {
                Expect::Doc {
                    format, encoding, ..
                } => format!("doc {format} {encoding}"),
                Expect::Reject(r) => format!("reject {r}"),
            };
            (s.as_str(), o)
        })
        .collect();
    assert_eq!(got, want);
    for (item, (source, e)) in items.iter().zip(&expected) {
        if let (Item::Doc(d), Expect::Doc { contains, .. }) = (item, e) {
            assert!(d.text.contains(contains), "{source}: {:?}", d.text);
            assert!(
                !d.text.contains('<') || d.format.as_str() == "txt",
                "{source}: markup left"
            );
        }
    }
    let find = |s: &str| items.iter().find(|i| i.source() == s).unwrap();
    // Container metadata travels as hints.
    let Item::Doc(row) = find("csv/dump.csv#1") else {
        panic!()
    };
    assert_eq!(
        row.hints.case_number.as_deref(),
        Some("（2023）云2323执恢39号")
    );
    assert_eq!(row.hints.court.as_deref(), Some("云南省牟定县人民法院"));
    assert_eq!(row.hints.case_type.as_deref(), Some("执行案件"));
    assert_eq!(row.hints.parties, ["李某某1"]);
    assert!(
        row.text.starts_with("云南省牟定县人民法院"),
        "文书内容 stripped"
    );
    assert!(
        row.text.ends_with("书记员窦靓"),
        "advert stripped: {:?}",
        row.text
    );
    let Item::Doc(x) = find("xml/judgment.xml") else {
        panic!()
    };
    assert_eq!(x.text, mixed::JUDGMENT);
    assert_eq!(
        x.hints.case_number.as_deref(),
        Some("（2014）新刑初字第376号")
    );
    assert_eq!(x.hints.parties, ["李保军"]);
    let tags: Vec<&str> = x.hints.sections.iter().map(|s| s.tag.as_str()).collect();
    assert_eq!(tags, ["WS", "SSCYRQJ", "SSCYR", "AJJBQK", "PJJG", "WW"]);
    let Item::Doc(h) = find("html/page.html") else {
        panic!()
    };
    assert_eq!(h.hints.title.as_deref(), Some("判决书"));
    assert!(h.text.contains("被告人李保军") && h.text.contains("失火罪×"));
    assert!(!h.text.contains("var x"));
    let tags: Vec<&str> = h.hints.sections.iter().map(|s| s.tag.as_str()).collect();
    assert_eq!(tags, ["WBSB", "DSRXX", "PJJG"]);
    let Item::Doc(j) = find("jsonl/records.jsonl#4") else {
        panic!()
    };
    assert_eq!(j.text, mixed::JUDGMENT, "fd wins over text");
    assert_eq!(
        j.hints.extra.get("text").map(String::as_str),
        Some("事实部分")
    );
}

#[test]
fn items_iterator_matches_for_each() {
    let dir = tempfile::tempdir().unwrap();
    mixed::build(dir.path());
    let inputs = vec![Input::Path(dir.path().to_path_buf())];
    let pushed = collect(&Ingest::new(), &inputs);
    let items = Ingest::new().items(inputs).unwrap();
    let bytes = items.bytes_read();
    let pulled: Vec<Item> = items.collect();
    assert_eq!(pulled, pushed);
    // Everything but the hidden file; a tar.gz's gzip trailer may be left unread.
    let on_disk =
        walk_size(dir.path()) - std::fs::metadata(dir.path().join(".hidden")).unwrap().len();
    let read = bytes.load(std::sync::atomic::Ordering::Relaxed);
    assert!(
        read <= on_disk && read * 10 >= on_disk * 9,
        "read {read} of {on_disk}"
    );
}

fn walk_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            if e.file_type().unwrap().is_dir() {
                walk_size(&e.path())
            } else {
                e.metadata().unwrap().len()
            }
        })
        .sum()
}

#[test]
fn missing_input_is_an_error_naming_it() {
    let err = Ingest::new()
        .items(vec![Input::parse("/no/such/dir")])
        .err()
        .expect("missing input");
    assert!(err.to_string().contains("/no/such/dir"), "{err}");
}

#[test]
fn file_given_directly_keeps_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a b.txt");
    std::fs::write(&path, mixed::RULING).unwrap();
    let items = collect(&Ingest::new(), &[Input::Path(path.clone())]);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].source(), path.to_string_lossy());
}

fn zip_with(name: &str, bytes: &[u8], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    w.start_file(name, opts).unwrap();
    w.write_all(bytes).unwrap();
    w.finish().unwrap().into_inner()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// Hostile and broken inputs: each yields exactly these (source, reason) rejects or docs.
#[test]
fn hostile_inputs() {
    let zeros = vec![b' '; 40 << 20];
    let bomb_zip = zip_with("bomb.txt", &zeros, zip::CompressionMethod::Deflated);
    let bomb_gz = gzip(&zeros);
    let mut truncated_zip = zip_with(
        "a.txt",
        mixed::RULING.as_bytes(),
        zip::CompressionMethod::Deflated,
    );
    truncated_zip.truncate(truncated_zip.len() / 2);
    let mut truncated_gz = gzip(mixed::RULING.repeat(50).as_bytes());
    truncated_gz.truncate(truncated_gz.len() / 2);
    let unclosed = format!("全文,案号\n\"{}\n", "很长的文本".repeat(100_000));
    let deep_xml = "<a>".repeat(100_000);
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><QW>&b;&b;&b;</QW>";
    let nested = zip_with(
        "l1.zip",
        &zip_with(
            "l2.zip",
            &zip_with("l3.txt", b"deep text", zip::CompressionMethod::Stored),
            zip::CompressionMethod::Stored,
        ),
        zip::CompressionMethod::Stored,
    );
    let small = Ingest::builder()
        .max_document_bytes(100_000)
        .max_archive_nesting(2)
        .build();
    type Row<'a> = (&'a str, Vec<u8>, Vec<(&'a str, &'a str)>);
    let rows: Vec<Row<'_>> = vec![
        (
            "bomb.zip",
            bomb_zip,
            vec![("bomb.zip!bomb.txt", "reject malformed_archive")],
        ),
        (
            "bomb.txt.gz",
            bomb_gz,
            vec![("bomb.txt.gz!bomb.txt", "reject malformed_archive")],
        ),
        // Streamed (as from standard input): the cut member, then the archive.
        (
            "broken.zip",
            truncated_zip,
            vec![
                ("broken.zip!a.txt", "reject malformed_archive"),
                ("broken.zip", "reject malformed_archive"),
            ],
        ),
        (
            "broken.txt.gz",
            truncated_gz,
            vec![("broken.txt.gz!broken.txt", "reject malformed_archive")],
        ),
        (
            "unclosed.csv",
            unclosed.into_bytes(),
            vec![("unclosed.csv#1", "reject too_large")],
        ),
        (
            "big.txt",
            vec![b'x'; 200_000],
            vec![("big.txt", "reject too_large")],
        ),
        (
            "deep.xml",
            deep_xml.into_bytes(),
            vec![("deep.xml", "reject malformed")],
        ),
        (
            "laughs.xml",
            laughs.as_bytes().to_vec(),
            vec![("laughs.xml", "doc xml utf-8")],
        ),
        (
            "nested.zip",
            nested,
            vec![("nested.zip!l1.zip!l2.zip", "reject malformed_archive")],
        ),
        (
            "notzip.zip",
            b"this is not a zip".to_vec(),
            vec![("notzip.zip", "reject malformed_archive")],
        ),
        (
            "word.docx",
            zip_with(
                "word/document.xml",
                b"<w/>",
                zip::CompressionMethod::Deflated,
            ),
            vec![("word.docx", "reject binary")],
        ),
        (
            "pic.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            vec![("pic.png", "reject binary")],
        ),
        (
            "blank.html",
            b"<html><body>  <p> </p></body></html>".to_vec(),
            vec![("blank.html", "reject empty")],
        ),
        (
            "blank.json",
            b"{\"id\": 1, \"title\": \"x\"}".to_vec(),
            vec![("blank.json", "reject no_text")],
        ),
        (
            "scalar.json",
            b"42".to_vec(),
            vec![("scalar.json", "reject malformed")],
        ),
    ];
    for (name, bytes, want) in rows {
        let ingest = if matches!(name, "unclosed.csv" | "big.txt" | "nested.zip") {
            &small
        } else {
            &Ingest::new()
        };
        let items = read(ingest, name, &bytes);
        let got: Vec<(&str, String)> = items.iter().map(|i| (i.source(), outcome(i))).collect();
        let want: Vec<(&str, String)> = want.iter().map(|(s, o)| (*s, o.to_string())).collect();
        assert_eq!(got, want, "{name}: {items:?}");
        if let Some(Item::Doc(d)) = items.first() {
            assert!(d.text.len() < 1000, "{name}: entities expanded");
        }
    }
}

#[test]
fn broken_zip_on_disk_is_one_reject() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = zip_with(
        "a.txt",
        mixed::RULING.as_bytes(),
        zip::CompressionMethod::Deflated,
    );
    bytes.truncate(bytes.len() - 10);
    std::fs::write(dir.path().join("broken.zip"), bytes).unwrap();
    let items = collect(&Ingest::new(), &[Input::Path(dir.path().to_path_buf())]);
    let got: Vec<(&str, String)> = items.iter().map(|i| (i.source(), outcome(i))).collect();
    assert_eq!(
        got,
        [("broken.zip", "reject malformed_archive".to_string())]
    );
}

#[test]
fn sniffed_streams() {
    let jsonl = format!(
        "{}\n{}\n",
        serde_json::json!({"text": mixed::RULING}),
        serde_json::json!({"text": mixed::JUDGMENT})
    );
    let rows: Vec<(Vec<u8>, Vec<&str>)> = vec![
        (
            zip_with(
                "m.txt",
                mixed::RULING.as_bytes(),
                zip::CompressionMethod::Deflated,
            ),
            vec!["-!m.txt"],
        ),
        (gzip(mixed::RULING.as_bytes()), vec!["-!-"]),
        (jsonl.into_bytes(), vec!["-#1", "-#2"]),
        (mixed::judgment_xml().into_bytes(), vec!["-"]),
        (b"  <div>HTML on stdin</div>".to_vec(), vec!["-"]),
    ];
    for (bytes, want) in rows {
        let items = read(&Ingest::new(), "-", &bytes);
        let got: Vec<&str> = items.iter().map(Item::source).collect();
        assert_eq!(got, want, "{items:?}");
        assert!(items.iter().all(|i| matches!(i, Item::Doc(_))), "{items:?}");
    }
}

/// Large JSON files stream element by element; one oversized element is rejected alone.
#[test]
fn large_json_arrays_stream() {
    let big: Vec<serde_json::Value> = (0..20_000)
        .map(|i| serde_json::json!({"id": i, "全文": mixed::JUDGMENT}))
        .collect();
    let bytes = serde_json::to_vec(&big).unwrap();
    assert!(bytes.len() > 4 << 20, "past the in-memory path");
    let items = read(&Ingest::new(), "big.json", &bytes);
    assert_eq!(items.len(), 20_000);
    assert_eq!(items[19_999].source(), "big.json#20000");
    assert!(items.iter().all(|i| matches!(i, Item::Doc(_))));

    let huge = "字".repeat(400_000);
    let mixed_sizes =
        serde_json::json!([{"text": "小"}, {"text": huge}, {"text": "后"}]).to_string();
    let small = Ingest::builder().max_document_bytes(1 << 20).build();
    let items = read(&small, "m.json", mixed_sizes.as_bytes());
    let got: Vec<(&str, String)> = items.iter().map(|i| (i.source(), outcome(i))).collect();
    assert_eq!(
        got,
        [
            ("m.json#1", "doc json utf-8".to_string()),
            ("m.json#2", "reject too_large".to_string()),
        ],
        "elements after an oversized one are not read: {items:?}"
    );
    let Item::Reject(r) = &items[1] else { panic!() };
    assert!(r.detail.contains("not read"), "{}", r.detail);
}

/// Streamed containers in every encoding: rows decode, the encoding is recorded.
#[test]
fn stream_encodings() {
    let csv = format!(
        "案号,全文\n（2014）新刑初字第376号,\"{}\"\n",
        mixed::JUDGMENT
    );
    let jsonl = format!("{}\n", serde_json::json!({"全文": mixed::RULING}));
    let utf16le = |s: &str| {
        let mut v = vec![0xFF, 0xFE];
        s.encode_utf16()
            .for_each(|u| v.extend_from_slice(&u.to_le_bytes()));
        v
    };
    let utf16be = |s: &str| {
        let mut v = vec![0xFE, 0xFF];
        s.encode_utf16()
            .for_each(|u| v.extend_from_slice(&u.to_be_bytes()));
        v
    };
    let gb = |s: &str| encoding_rs::GB18030.encode(s).0.into_owned();
    let rows: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("a.csv", utf16le(&csv), "utf-16le", "犯失火罪"),
        ("a.csv", utf16be(&csv), "utf-16be", "犯失火罪"),
        ("a.csv", gb(&csv), "gb18030", "犯失火罪"),
        (
            "a.csv",
            [b"\xEF\xBB\xBF", csv.as_bytes()].concat(),
            "utf-8",
            "犯失火罪",
        ),
        ("a.jsonl", gb(&jsonl), "gb18030", "终结执行"),
        ("a.jsonl", utf16le(&jsonl), "utf-16le", "终结执行"),
        ("a.json", gb(&jsonl), "gb18030", "终结执行"),
    ];
    for (name, bytes, encoding, contains) in rows {
        let items = read(&Ingest::new(), name, &bytes);
        assert_eq!(items.len(), 1, "{name} {encoding}: {items:?}");
        let Item::Doc(d) = &items[0] else {
            panic!("{name} {encoding}: {items:?}")
        };
        assert_eq!(d.encoding, encoding, "{name}");
        assert!(d.text.contains(contains), "{name} {encoding}: {:?}", d.text);
        if name == "a.csv" {
            assert_eq!(
                d.hints.case_number.as_deref(),
                Some("（2014）新刑初字第376号"),
                "{encoding}: header decoded"
            );
        }
    }
}

#[test]
fn line_breaks_are_unified() {
    let rows: &[(&str, &[u8])] = &[
        ("crlf.txt", b"\xE7\xAC\xAC\xE4\xB8\x80\r\nsecond\rthird\n"),
        (
            "crlf.jsonl",
            b"{\"text\":\"\xE7\xAC\xAC\xE4\xB8\x80\\r\\nsecond\\rthird\"}\r\n",
        ),
        (
            "crlf.csv",
            b"text\r\n\"\xE7\xAC\xAC\xE4\xB8\x80\r\nsecond\rthird\"\r\n",
        ),
    ];
    for &(name, bytes) in rows {
        let items = read(&Ingest::new(), name, bytes);
        let Some(Item::Doc(d)) = items.first() else {
            panic!("{name}: {items:?}")
        };
        assert_eq!(d.text.trim_end(), "第一\nsecond\nthird", "{name}");
    }
}

#[test]
fn configured_text_field() {
    let ingest = Ingest::builder().text_fields(["body"]).build();
    let items = read(
        &ingest,
        "x.jsonl",
        "{\"text\":\"ignored\",\"body\":\"正文\"}\n".as_bytes(),
    );
    let Item::Doc(d) = &items[0] else {
        panic!("{items:?}")
    };
    assert_eq!(d.text, "正文");
    assert_eq!(
        d.hints.extra.get("text").map(String::as_str),
        Some("ignored")
    );
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const NAMES: &[&str] = &[
        "x.txt", "x.csv", "x.tsv", "x.json", "x.jsonl", "x.xml", "x.html", "x.zip", "x.tar",
        "x.tar.gz", "x.gz", "x", "-",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Arbitrary bytes under every name: no panic, and every item names the input.
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), name in 0..NAMES.len()) {
            let name = NAMES[name];
            let items = read(&Ingest::new(), name, &bytes);
            for item in &items {
                prop_assert!(item.source().starts_with(name));
                if let Item::Reject(r) = item {
                    prop_assert_ne!(r.reason.as_str(), "extraction_failed", "{}", r.detail);
                }
            }
        }

        /// Markup-like text: HTML, XML and JSON parsers on near-valid input.
        #[test]
        fn markup_soup_never_panics(parts in proptest::collection::vec(prop_oneof![
            Just("<div>"), Just("</div>"), Just("<p a='"), Just("\""), Just("<!--"), Just("-->"),
            Just("&amp;"), Just("＆ｌｔ;"), Just("<QW value=\""), Just("/>"), Just("{\"text\":"),
            Just("判决书"), Just("\n"), Just("<script>"), Just("<a type=dir name=X>"), Just("]"),
        ], 0..40), name in 0..NAMES.len()) {
            let text: String = parts.concat();
            let items = read(&Ingest::new(), NAMES[name], text.as_bytes());
            for item in &items {
                if let Item::Reject(r) = item {
                    prop_assert_ne!(r.reason.as_str(), "extraction_failed", "{}", r.detail);
                }
            }
        }
    }
}
