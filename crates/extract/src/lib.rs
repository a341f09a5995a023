//! jiuzhu-extract: one evidence-backed record per document (DESIGN.md §4).
//!
//! The [`Extractor`] reads a decoded [`Document`] through `jiuzhu-text` (normalisation with an
//! offset map, sections, segmentation windows, numbers and dates) and the dictionaries of
//! `jiuzhu-dict`, and fills a [`DocRecord`]: kind, case number, court, date, charges, civil
//! cause, parties and victims with their attributes, compensation status read in its clause
//! with negation cues (the seed's literal rule drops 未赔偿…亦未取得谅解, the very victims
//! jiuzhu exists to find), enforcement outcome and basis, injury and amounts. Every field
//! that is set carries the evidence — rule id, character offsets into the normalised text,
//! and the text — that set it.
//!
//! The extractor is built once and shared: it is `Send + Sync`, and [`Extractor::extract`]
//! takes `&self`, so rayon workers call it in parallel.
//!
//! ```
//! use jiuzhu_core::{CompensationStatus, Document, Format, Hints, Kind, Role};
//! use jiuzhu_extract::Extractor;
//!
//! let text = "浙江省乐清市人民检察院\n起诉书\n乐检刑诉〔2022〕123号\n\
//!             被告人张三，男，1980年1月2日出生。\n\
//!             经依法审查查明：2022年3月1日，被告人张三在乐清市柳市镇殴打被害人陈明华，致其轻伤一级。\
//!             被告人张三未赔偿被害人经济损失，亦未取得被害人谅解。\n\
//!             本院认为，被告人张三的行为已触犯《中华人民共和国刑法》第二百三十四条，应当以故意伤害罪追究其刑事责任。\n\
//!             此致\n乐清市人民法院\n检察员 王五\n2022年5月6日";
//! let doc = Document {
//!     source: "a.txt".into(), format: Format::Txt, encoding: "utf-8".into(),
//!     text: text.into(), hints: Hints::default(),
//! };
//! let rec = Extractor::embedded().extract(&doc);
//! assert_eq!(rec.kind, Kind::Indictment);
//! assert_eq!(rec.case_number.as_deref(), Some("乐检刑诉(2022)123号"));
//! assert_eq!(rec.charges, ["故意伤害罪"]);
//! assert_eq!(rec.compensation.status, CompensationStatus::Unsettled);
//! let victim = rec.persons.iter().find(|p| p.has_role(Role::Victim)).unwrap();
//! assert_eq!(victim.name, "陈明华");
//! ```

mod amounts;
mod charges;
mod compensation;
mod doc;
mod enforcement;
mod header;
mod injury;
mod kind;
mod parties;
mod pipeline;

use std::panic::{AssertUnwindSafe, catch_unwind};

use jiuzhu_core::{DocRecord, Document, Kind, Reject, RejectReason};
use jiuzhu_dict::Dictionaries;
use jiuzhu_text::{Sectioner, Segmenter, normalize};

use crate::doc::Doc;

/// Builds records from documents. Cheap to clone; share one across threads.
#[derive(Debug, Clone)]
pub struct Extractor {
    dicts: Dictionaries,
    sectioner: Sectioner,
    seg: Segmenter,
    stops: parties::NameStops,
    harm: parties::HarmWords,
}

impl Extractor {
    /// An extractor over the embedded dictionaries.
    pub fn embedded() -> Extractor {
        Extractor::with_dictionaries(Dictionaries::embedded())
    }

    /// An extractor over `dicts` (for example loaded with `--dict DIR`).
    pub fn with_dictionaries(dicts: Dictionaries) -> Extractor {
        Extractor {
            stops: parties::NameStops::new(&dicts),
            harm: parties::HarmWords::new(&dicts),
            dicts,
            sectioner: Sectioner::embedded(),
            seg: Segmenter::shared(),
        }
    }

    /// Replaces the section cue phrases (a `sections.toml` from a `--dict DIR`).
    pub fn with_sectioner(mut self, sectioner: Sectioner) -> Extractor {
        self.sectioner = sectioner;
        self
    }

    /// The dictionaries this extractor reads with.
    pub fn dictionaries(&self) -> &Dictionaries {
        &self.dicts
    }

    /// The record of one document.
    pub fn extract(&self, document: &Document) -> DocRecord {
        self.with_doc(&document.text, &document.hints, |d, found| {
            let mut rec = DocRecord::empty(&document.source, document.format, &document.encoding);
            rec.hints = document.hints.clone();
            rec.kind = d.kind;
            rec.title = found.title.map(|s| d.slice(s).to_string());
            if let Some(ev) = found.evidence(d) {
                rec.field_evidence.insert("kind".into(), vec![ev]);
            }
            for w in d.sections.warnings() {
                rec.warnings.push(format!("sections: {w}"));
            }
            header::read(d, found.title, &mut rec);
            charges::read(d, &mut rec);
            let (persons, warnings) = parties::read(d);
            rec.persons = persons;
            rec.warnings.extend(warnings);
            rec.compensation = compensation::read(d, &mut rec.persons);
            if d.kind == Kind::EnforcementRuling {
                rec.enforcement = Some(enforcement::read(d, rec.case_number.as_deref()));
            }
            injury::read(d, &mut rec);
            amounts::read(d, &mut rec);
            rec
        })
    }

    /// The parties of `document` alone (normalise, classify, section, then the party reader;
    /// no charges, compensation or amounts): what `extract` gives as `persons` before the
    /// compensation reader marks who was paid. For the party-parsing benchmark.
    pub fn parties(&self, document: &Document) -> Vec<jiuzhu_core::Person> {
        self.with_doc(&document.text, &document.hints, |d, _| parties::read(d).0)
    }

    /// Normalises, classifies and sections `text`, and hands the readers' view of it (and
    /// what decided its kind) to `f`. The one place a [`Doc`] is built.
    pub(crate) fn with_doc<T>(
        &self,
        text: &str,
        hints: &jiuzhu_core::Hints,
        f: impl FnOnce(&Doc, &kind::Found) -> T,
    ) -> T {
        let norm = normalize(text);
        let found = kind::detect(norm.text(), hints, &self.dicts, &self.sectioner);
        let sections = self.sectioner.section(norm.text(), Some(found.kind));
        let d = Doc {
            text: norm.text(),
            norm: &norm,
            sections: &sections,
            kind: found.kind,
            hints,
            dicts: &self.dicts,
            seg: &self.seg,
            stops: &self.stops,
            harm: &self.harm,
            cache: doc::Cache::default(),
        };
        f(&d, &found)
    }

    /// [`Extractor::extract`], with a panic inside the extractor turned into a reject so that
    /// one pathological document never takes down a run.
    pub fn extract_or_reject(&self, document: &Document) -> Result<DocRecord, Reject> {
        catch_unwind(AssertUnwindSafe(|| self.extract(document))).map_err(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Reject {
                source: document.source.clone(),
                reason: RejectReason::ExtractionFailed,
                detail: format!(
                    "internal error in the extractor ({what}); please report it with this document"
                ),
            }
        })
    }
}
