//! Review outputs of jiuzhu (救助): the clues of a screening run as people read them.
//!
//! Prosecutors review clues, grid workers (网格员) visit households and the social-assistance
//! centre receives referrals; this crate writes what each of them opens:
//!
//! - `clues.csv` ([`Report::csv`]): one row per clue with Chinese headers ([`CLUE_HEADERS`]),
//!   UTF-8 with a byte-order mark so that Excel reads it as UTF-8. Unmasked ID numbers carry
//!   a leading tab so Excel keeps all 18 digits; cells from documents that would start a
//!   formula (`=`, `+`, `-`, `@`) get a leading apostrophe.
//! - `clues.xlsx` ([`Report::xlsx`]): a sheet per model, the referral sheet for the
//!   social-assistance centre (移送社会救助线索, split 本地 / 外地), the funnel (漏斗统计) and
//!   the notes (说明); frozen header rows, filters, ID numbers stored as text, and an empty
//!   核查结果 column for the reviewer.
//! - `report.html` ([`Report::html`]): one self-contained page in Chinese — the seed-style
//!   statistics, a funnel per model, a sortable and filterable clue table, every clue's
//!   evidence with the decisive phrase and the negation cue highlighted, and the documents
//!   with their case numbers. Every piece of document text is HTML-escaped; a
//!   Content-Security-Policy forbids loading anything from outside the file.
//!
//! [`Report::mask_ids`] masks ID numbers (`330382********1540`) in all three, in free text
//! too ([`mask_ids_in`]), for sharing outside the office. [`create_private`] creates files
//! readable by their owner only; [`Report::write_dir`] writes the three files that way.
//!
//! ```
//! use jiuzhu_core::{
//!     Action, Clue, ClueEvidence, ClueLink, CluePerson, ClueSource, Flag, Funnel, Gender,
//!     Injury, Kind, LinkLevel, Locality, ModelFunnel, Role,
//! };
//! use jiuzhu_report::Report;
//!
//! let clue = Clue {
//!     model: "M2".into(),
//!     action: Action::JudicialAid,
//!     person: CluePerson {
//!         name: "陈秀英".into(),
//!         id_number: Some("330382196505121540".into()),
//!         sex: Some(Gender::Female),
//!         age: Some(61),
//!         locality: Locality::Local,
//!         ..CluePerson::default()
//!     },
//!     link: ClueLink { level: LinkLevel::Id, rosters: vec![], reason: "身份证号一致".into() },
//!     sources: vec![ClueSource {
//!         source: "enforcement/e05.txt".into(),
//!         case_number: Some("(2022)浙0382执567号".into()),
//!         kind: Kind::EnforcementRuling,
//!         roles: vec![Role::Applicant],
//!     }],
//!     injury: Injury::Serious,
//!     unpaid_amount: Some(186_000.0),
//!     flags: vec![Flag::Woman, Flag::Elderly],
//!     priority: 0.88,
//!     evidence: vec![ClueEvidence {
//!         source: "enforcement/e05.txt".into(),
//!         rule: "outcome:终结本次执行程序".into(),
//!         text: "裁定终结本次执行程序".into(),
//!         cue: None,
//!     }],
//! };
//! let funnel = Funnel {
//!     documents: 2,
//!     rejects: 0,
//!     models: vec![ModelFunnel {
//!         model: "M2".into(),
//!         name: "无法通过诉讼获得赔偿的当事人".into(),
//!         action: Action::JudicialAid,
//!         expr: "unpaid & hardship".into(),
//!         steps: vec![],
//!         clues: 1,
//!     }],
//! };
//! let clues = [clue];
//! let report = Report::new(&clues, &funnel).mask_ids(true);
//!
//! let mut csv = Vec::new();
//! report.csv(&mut csv).unwrap();
//! let csv = String::from_utf8(csv).unwrap();
//! assert!(csv.starts_with("\u{feff}模型,模型名称,建议,姓名,身份证号码"));
//! assert!(csv.contains("330382********1540") && !csv.contains("330382196505121540"));
//!
//! let mut html = Vec::new();
//! report.html(&mut html).unwrap();
//! let html = String::from_utf8(html).unwrap();
//! assert!(html.contains("<mark class=\"phrase\">终结本次执行程序</mark>"));
//!
//! let xlsx = report.xlsx().unwrap();
//! assert!(xlsx.starts_with(b"PK")); // a zip container
//! ```

#![deny(missing_docs)]

mod columns;
mod csv_out;
mod files;
mod html;
mod mask;
mod xlsx;

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use jiuzhu_core::{Clue, Date, Funnel, Kind};

pub use columns::CLUE_HEADERS;
pub use files::create_private;
pub use mask::{mask_id, mask_ids_in};

/// File name of the CSV clue table.
pub const CSV_FILE: &str = "clues.csv";
/// File name of the workbook.
pub const XLSX_FILE: &str = "clues.xlsx";
/// File name of the HTML report.
pub const HTML_FILE: &str = "report.html";

/// Sheet names of the workbook besides the one per model.
pub mod sheets {
    /// Clues for the social-assistance centre, local first.
    pub const REFERRAL: &str = "移送社会救助线索";
    /// Every model's funnel, and the run's document counts.
    pub const FUNNEL: &str = "漏斗统计";
    /// How to read the workbook: date, region, masking, the priority formula.
    pub const NOTES: &str = "说明";
    /// The reviewer's column, added to every clue sheet, left empty.
    pub const REVIEW_COLUMN: &str = "核查结果";
}

/// Why writing an output failed, with the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be created or written.
    #[error("cannot write {}: {source}; check that the directory exists, is writable and has space", path.display())]
    Io {
        /// The output file.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// The workbook could not be assembled (a limit of the XLSX format, such as more than
    /// 1,048,576 rows in a sheet).
    #[error(
        "cannot build the workbook: {0}; split the run (fewer documents or models per run) or use clues.csv"
    )]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
}

/// The clues of one screening run and what the outputs say about the run, ready to write.
///
/// Built with [`Report::new`] and the setters (each returns the report), then written with
/// [`csv`](Report::csv), [`xlsx`](Report::xlsx), [`html`](Report::html) or all three with
/// [`write_dir`](Report::write_dir). Clues are written in the order given (the screening
/// engine's: model, locality group, priority).
#[derive(Debug, Clone)]
pub struct Report<'a> {
    clues: &'a [Clue],
    funnel: &'a Funnel,
    model_names: BTreeMap<String, String>,
    mask: bool,
    formula: Option<String>,
    rejects: BTreeMap<String, usize>,
    kinds: BTreeMap<Kind, usize>,
    date: Option<Date>,
    region: Option<String>,
}

impl<'a> Report<'a> {
    /// A report of `clues`, with model names and steps from `funnel`.
    pub fn new(clues: &'a [Clue], funnel: &'a Funnel) -> Report<'a> {
        let model_names = funnel
            .models
            .iter()
            .map(|m| (m.model.clone(), m.name.clone()))
            .collect();
        Report {
            clues,
            funnel,
            model_names,
            mask: false,
            formula: None,
            rejects: BTreeMap::new(),
            kinds: BTreeMap::new(),
            date: None,
            region: None,
        }
    }

    /// Masks ID numbers (`330382********1540`), in the ID column and in any text.
    pub fn mask_ids(mut self, yes: bool) -> Self {
        self.mask = yes;
        self
    }

    /// How the priority is computed, shown to reviewers (`jiuzhu_link::PRIORITY_FORMULA`).
    pub fn priority_formula(mut self, formula: impl Into<String>) -> Self {
        self.formula = Some(formula.into());
        self
    }

    /// Documents that could not be read, by reason (`encrypted`, `empty` …).
    pub fn rejects<S: Into<String>>(
        mut self,
        by_reason: impl IntoIterator<Item = (S, usize)>,
    ) -> Self {
        self.rejects = by_reason.into_iter().map(|(r, n)| (r.into(), n)).collect();
        self
    }

    /// Records by document kind.
    pub fn records_by_kind(mut self, by_kind: impl IntoIterator<Item = (Kind, usize)>) -> Self {
        self.kinds = by_kind.into_iter().collect();
        self
    }

    /// The screening date (ages are as of this day).
    pub fn screening_date(mut self, date: Date) -> Self {
        self.date = Some(date);
        self
    }

    /// The region screened (`乐清`), named in headings.
    pub fn region(mut self, name: impl Into<String>) -> Self {
        self.region = Some(name.into());
        self
    }

    /// Writes the clue table as CSV (UTF-8 with BOM, CRLF line ends).
    pub fn csv(&self, w: impl Write) -> io::Result<()> {
        csv_out::write(w, self.clues, &self.row_context())
    }

    /// The workbook, as the bytes of an `.xlsx` file.
    pub fn xlsx(&self) -> Result<Vec<u8>, Error> {
        Ok(xlsx::build(self)?)
    }

    /// Writes the self-contained HTML report.
    pub fn html(&self, w: impl Write) -> io::Result<()> {
        html::write(w, self)
    }

    /// Writes [`CSV_FILE`], [`XLSX_FILE`] and [`HTML_FILE`] into `dir` (which must exist),
    /// each readable by its owner only; returns their paths.
    pub fn write_dir(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let io_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        let csv = dir.join(CSV_FILE);
        write_file(&csv, |w| self.csv(w)).map_err(io_err(&csv))?;
        let xlsx = dir.join(XLSX_FILE);
        let bytes = self.xlsx()?;
        write_file(&xlsx, |w| w.write_all(&bytes)).map_err(io_err(&xlsx))?;
        let html = dir.join(HTML_FILE);
        write_file(&html, |w| self.html(w)).map_err(io_err(&html))?;
        Ok(vec![csv, xlsx, html])
    }

    fn row_context(&self) -> columns::RowContext<'_> {
        columns::RowContext {
            model_names: &self.model_names,
            mask: self.mask,
        }
    }
}

fn write_file(
    path: &Path,
    body: impl FnOnce(&mut BufWriter<std::fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    let mut w = BufWriter::new(create_private(path)?);
    body(&mut w)?;
    w.flush()
}
