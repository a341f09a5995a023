//! Property tests over the readers: HTML, XML, CSV, JSON Lines, JSON and archives on
//! arbitrary and near-valid bytes. None panics; every input yields at least one item; every
//! item names its input and every reject says why; and streams account for each record.

use std::io::Write;

use jiuzhu_ingest::{Ingest, Item};
use proptest::prelude::*;

fn read(ingest: &Ingest, name: &str, bytes: &[u8]) -> Vec<Item> {
    let mut items = Vec::new();
    ingest.read(name, bytes, |i| items.push(i));
    items
}

/// What every input owes: at least one item, each naming the input, none from a caught
/// panic, every reject with a reason and a detail.
fn accounted(name: &str, items: &[Item]) -> Result<(), TestCaseError> {
    prop_assert!(!items.is_empty(), "{}: no item at all", name);
    for item in items {
        prop_assert!(
            item.source().starts_with(name),
            "{} named {}",
            name,
            item.source()
        );
        if let Item::Reject(r) = item {
            prop_assert_ne!(
                r.reason.as_str(),
                "extraction_failed",
                "{}: {}",
                name,
                r.detail
            );
            prop_assert!(
                !r.detail.trim().is_empty(),
                "{}: {:?} without detail",
                name,
                r.reason
            );
        }
    }
    Ok(())
}

const NAMES: &[&str] = &[
    "x.html", "x.xml", "x.csv", "x.tsv", "x.jsonl", "x.json", "x.txt", "x.zip", "x.tar.gz", "x.gz",
    "x",
];

/// Fragments of markup, JSON, CSV, encodings and binary signatures.
const SOUP: &[&[u8]] = &[
    b"<div>",
    b"</div>",
    b"<a type='dir' name='SSJL'>",
    b"<QW value=\"",
    b"\"/>",
    b"<?xml version=\"1.0\" encoding=\"gbk\"?>",
    b"<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]>",
    b"&a;",
    b"&#x0;",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"{\"\xE5\x85\xA8\xE6\x96\x87\":\"",
    b"\"}\n",
    b"\n",
    b"\r\n",
    b",",
    b"\"",
    b"\t",
    b"\0",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    "判决书被告人王某某未赔偿被害人".as_bytes(),
    b"\xC5\xD0\xBE\xF6\xCA\xE9",
    b"\xE5\x88",
    b"PK\x03\x04",
    b"\x1F\x8B\x08",
];

/// Bytes that are partly markup, partly text in several encodings, partly garbage.
fn soup() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(SOUP).prop_map(<[u8]>::to_vec),
            prop::collection::vec(any::<u8>(), 0..8),
        ],
        0..48,
    )
    .prop_map(|v| v.concat())
}

/// One JSON Lines line: a document, a record without text, broken JSON, a blank line, an
/// array, or a line of text that is not JSON. (Arbitrary bytes are the other properties'
/// business: they change the encoding of the whole stream.)
#[derive(Debug, Clone)]
enum Line {
    Doc(String),
    NoText,
    Broken(String),
    Blank,
    Array,
    Garbage(String),
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        3 => "[被告人王某甲乙丙丁 ，。a-z0-9\\\\\"]{0,30}".prop_map(|t| Line::Doc(format!("正文{t}"))),
        1 => Just(Line::NoText),
        1 => "\\{\"全文\": \"[^\"\\x00-\\x1F]{0,10}".prop_map(Line::Broken),
        1 => Just(Line::Blank),
        1 => Just(Line::Array),
        1 => "[a-z!#%*][a-z !#%*]{0,10}".prop_map(Line::Garbage),
    ]
}

fn line_bytes(l: &Line) -> Vec<u8> {
    match l {
        Line::Doc(t) => serde_json::json!({"全文": t, "案号": "（2021）浙0382刑初1号"})
            .to_string()
            .into_bytes(),
        Line::NoText => b"{\"id\": 7}".to_vec(),
        Line::Broken(s) => s.clone().into_bytes(),
        Line::Blank => b"   ".to_vec(),
        Line::Array => b"[1, 2]".to_vec(),
        Line::Garbage(b) => b.clone().into_bytes(),
    }
}

/// A CSV cell: text with the characters that need quoting.
fn cell() -> impl Strategy<Value = String> {
    "[王某被告人判决,\"\n ab12。]{0,12}"
}

fn zip_of(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary bytes under every name.
    #[test]
    fn arbitrary_bytes_are_accounted(bytes in prop::collection::vec(any::<u8>(), 0..1024), name in prop::sample::select(NAMES)) {
        let items = read(&Ingest::new(), name, &bytes);
        accounted(name, &items)?;
    }

    /// Markup, JSON, CSV and encoding fragments under every name.
    #[test]
    fn soup_is_accounted(bytes in soup(), name in prop::sample::select(NAMES)) {
        let items = read(&Ingest::new(), name, &bytes);
        accounted(name, &items)?;
        for item in &items {
            if let Item::Doc(d) = item {
                prop_assert!(!d.text.trim().is_empty());
                prop_assert!(!d.text.contains('\0'), "{}: NUL in text", name);
                prop_assert!(!d.text.contains('\r'), "{}: CR in text", name);
            }
        }
    }

    /// JSON Lines: exactly one item per line that is not blank, numbered by its line; a
    /// document for every good line and a reject for every other.
    #[test]
    fn jsonl_one_item_per_line(lines in prop::collection::vec(line(), 1..20)) {
        let bytes: Vec<u8> = lines
            .iter()
            .flat_map(|l| [line_bytes(l), b"\n".to_vec()].concat())
            .collect();
        let items = read(&Ingest::new(), "x.jsonl", &bytes);
        accounted("x.jsonl", &items)?;
        let want: Vec<(String, bool)> = lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !matches!(l, Line::Blank))
            .map(|(i, l)| (format!("x.jsonl#{}", i + 1), matches!(l, Line::Doc(_))))
            .collect();
        if want.is_empty() {
            prop_assert_eq!(items.len(), 1);
            prop_assert_eq!(items[0].source(), "x.jsonl");
            return Ok(());
        }
        let got: Vec<(String, bool)> = items
            .iter()
            .map(|i| (i.source().to_string(), matches!(i, Item::Doc(_))))
            .collect();
        prop_assert_eq!(got, want);
    }

    /// CSV written correctly: one document per row whatever its cells hold (quotes, commas,
    /// line breaks), in order.
    #[test]
    fn csv_rows_all_read(rows in prop::collection::vec((cell(), cell()), 1..15)) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["案号", "全文"]).unwrap();
        for (a, b) in &rows {
            w.write_record([a.as_str(), &format!("正文{b}")]).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let items = read(&Ingest::new(), "x.csv", &bytes);
        accounted("x.csv", &items)?;
        let want: Vec<String> = (1..=rows.len()).map(|n| format!("x.csv#{n}")).collect();
        let got: Vec<&str> = items.iter().map(Item::source).collect();
        prop_assert_eq!(got, want);
        prop_assert!(items.iter().all(|i| matches!(i, Item::Doc(_))), "{:?}", items);
    }

    /// CSV with a quote opening a field and never closing: the rows before it are documents,
    /// the row with it is a malformed reject saying so (not a document of every later row
    /// glued together), and the header's own quote makes the file one reject.
    #[test]
    fn csv_unclosed_quote_is_reported(rows in prop::collection::vec(cell(), 2..12), at in any::<prop::sample::Index>()) {
        let mut text = String::from("案号,全文\n");
        for (i, c) in rows.iter().enumerate() {
            let c = c.replace(['"', '\n', ','], "");
            text.push_str(&format!("A{i},正文{c}\n"));
        }
        // A field start (after a comma or a line break), where a quote opens quoting.
        let starts: Vec<usize> = text
            .char_indices()
            .filter(|&(i, c)| (c == ',' || c == '\n') && i + 2 < text.len())
            .map(|(i, _)| i + 1)
            .collect();
        let pos = starts[at.index(starts.len())];
        text.insert(pos, '"');
        let line = text[..pos].matches('\n').count();
        let items = read(&Ingest::new(), "x.csv", text.as_bytes());
        accounted("x.csv", &items)?;
        let got: Vec<(String, bool)> = items
            .iter()
            .map(|i| (i.source().to_string(), matches!(i, Item::Doc(_))))
            .collect();
        let mut want: Vec<(String, bool)> = (1..line).map(|n| (format!("x.csv#{n}"), true)).collect();
        want.push((if line == 0 { "x.csv".to_string() } else { format!("x.csv#{line}") }, false));
        prop_assert_eq!(got, want, "{}", text);
        let Some(Item::Reject(r)) = items.last() else { unreachable!() };
        prop_assert_eq!(r.reason.as_str(), "malformed");
        prop_assert!(r.detail.contains("never closed"), "{}", r.detail);
    }

    /// Zip archives with arbitrary member names: every member is accounted for under its
    /// name, unsafe paths are rejected by themselves.
    #[test]
    fn zip_members_accounted(members in prop::collection::vec(("[a-z./\\\\]{1,10}", soup()), 1..6)) {
        let mut seen = std::collections::BTreeSet::new();
        let members: Vec<(String, Vec<u8>)> = members
            .into_iter()
            .filter(|(n, _)| !n.ends_with('/') && !n.ends_with('\\') && seen.insert(n.clone()))
            .collect();
        prop_assume!(!members.is_empty());
        let bytes = zip_of(&members);
        for name in ["x.zip", "-"] {
            let items = read(&Ingest::new(), name, &bytes);
            accounted(name, &items)?;
            for item in &items {
                let member = item.source().split_once('!').map_or("", |(_, m)| m);
                if member.starts_with('/') || member.split('/').any(|c| c == "..") {
                    prop_assert!(matches!(item, Item::Reject(r) if r.reason.as_str() == "malformed_archive"), "{:?}", item);
                }
            }
        }
    }
}
