//! Loading the real documents in `corpora/real` as the text `ingest` would hand over.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/real")
}

/// Files of `corpora/real/<dir>` whose names start with `prefix`, sorted.
pub fn files(dir: &str, prefix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(corpus_dir().join(dir))
        .unwrap_or_else(|e| panic!("corpora/real/{dir}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix))
        })
        .collect();
    out.sort();
    out
}

/// The document text of a corpus file: the full-text field of a JSON record, the visible text
/// of an HTML page (block elements as line breaks, entities left for the normaliser), or the
/// file itself minus `#` note lines.
pub fn load(path: &Path) -> String {
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => {
            let v: serde_json::Value =
                serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            ["fd", "query", "text", "qwContent"]
                .iter()
                .find_map(|k| v.get(k).and_then(|t| t.as_str()))
                .unwrap_or_else(|| panic!("{}: no text field", path.display()))
                .to_string()
        }
        Some("html") => strip_tags(&raw),
        _ => raw
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// A crude tag stripper for tests: block-level closing tags and `<br>` become `\n`, other
/// tags vanish, text (with its entities and raw line breaks) is kept as is.
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let Some(gt) = rest[lt..].find('>') else {
            rest = &rest[lt..];
            break;
        };
        let tag = rest[lt + 1..lt + gt].to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if matches!(
            name.as_str(),
            "div" | "p" | "br" | "h1" | "h2" | "h3" | "tr" | "li"
        ) && (tag.starts_with('/') || name == "br")
        {
            out.push('\n');
        }
        rest = &rest[lt + gt + 1..];
    }
    out.push_str(rest);
    out
}
