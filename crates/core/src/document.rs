//! What `ingest` hands to the rest of the pipeline: a decoded document with its source name
//! and the metadata its container carried, or a reject saying why there is no document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The container format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Txt,
    Html,
    Xml,
    Csv,
    Jsonl,
    Json,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Html => "html",
            Format::Xml => "xml",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
        }
    }
}

/// A named span of text the container marked up itself (judgment-XML elements such as
/// `SSCYR` 诉讼参与人 or `PJJG` 判决结果, or the section anchors of a China Judgments Online
/// page). Extraction may trust these over its own sectioning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionHint {
    /// The container's own name for the span (`SSCYR`, `AJJBQK`, `PJJG`, `DSRXX` …).
    pub tag: String,
    /// Its Chinese label where the container gives one (`诉讼参与人`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub text: String,
}

/// Metadata carried by the container (CSV columns, JSON fields, XML attributes, HTML title).
/// Every field is a hint: extraction reads the text first and uses these to fill gaps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub court: Option<String>,
    /// A date as the container wrote it (not yet parsed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// 案件类型 (民事案件, 刑事案件, 执行案件 …) or 审理程序.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_type: Option<String>,
    /// 案由.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// 当事人 names as listed by the container.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parties: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionHint>,
    /// Every other container field, kept verbatim.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// One decoded input document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable unique name: `criminal/j03.txt`, `dump.csv#17`, `batch.zip!a/b.html`.
    pub source: String,
    pub format: Format,
    /// The encoding the bytes were decoded from (`utf-8`, `gb18030`, `utf-16le` …).
    pub encoding: String,
    /// The visible text (markup removed, block structure kept as line breaks).
    pub text: String,
    #[serde(default)]
    pub hints: Hints,
}

/// Why an input produced no document. Codes are stable (for machines); `detail` is for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Could not be read from disk or from its archive.
    Unreadable,
    /// Zero bytes, or no visible text once markup and whitespace are gone.
    Empty,
    /// Binary content (NUL bytes, control characters, a known binary signature).
    Binary,
    /// Decodes only with many replacement characters.
    Undecodable,
    /// A broken or hostile archive (bad central directory, bomb, path traversal).
    MalformedArchive,
    /// A CSV/JSONL/XML/JSON container whose structure is broken at this document.
    Malformed,
    /// A CSV row or JSON record with no text field.
    NoText,
    /// Larger than the configured limit.
    TooLarge,
    /// The extractor failed on this document (an internal error, reported, never a crash).
    ExtractionFailed,
}

impl RejectReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::Unreadable => "unreadable",
            RejectReason::Empty => "empty",
            RejectReason::Binary => "binary",
            RejectReason::Undecodable => "undecodable",
            RejectReason::MalformedArchive => "malformed_archive",
            RejectReason::Malformed => "malformed",
            RejectReason::NoText => "no_text",
            RejectReason::TooLarge => "too_large",
            RejectReason::ExtractionFailed => "extraction_failed",
        }
    }
}

/// An input document that did not become a record, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reject {
    pub source: String,
    pub reason: RejectReason,
    /// What went wrong and, where there is one, what to do about it.
    pub detail: String,
}
