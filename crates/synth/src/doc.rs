//! A written document before it is put in a container, and its gold annotation.

use jiuzhu_core::{CompensationStatus, Date, Gender, Injury, Kind, Outcome, Role};
use serde::Serialize;

/// Sections of a document, as the judgment XML and the wenshu HTML anchors name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sec {
    Head,
    Parties,
    Procedure,
    Facts,
    Reasoning,
    Result,
    Tail,
}

/// One document's text and the container metadata a dump or an API would carry with it.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub kind: Kind,
    /// Directory under `docs/` (`criminal`, `enforcement` …).
    pub dir: &'static str,
    /// The title without spacing (`刑事附带民事判决书`).
    pub title: String,
    /// The issuing court or procuratorate as printed in the head.
    pub court: String,
    /// The case number as printed in the head.
    pub case_print: String,
    pub date: Date,
    pub paras: Vec<(Sec, String)>,
    /// 刑事案件 / 民事案件 / 执行案件 / 检察文书.
    pub case_type: &'static str,
    /// 刑事一审, 民事一审, 执行实施 ….
    pub procedure: &'static str,
    pub cause: Option<String>,
    /// Party names as printed, for the dump's 当事人 column.
    pub parties: Vec<String>,
    /// Statutes cited, for the dump's 法律依据 column.
    pub statutes: Vec<String>,
    /// 案件名称 as the dump and the wenshu API title it.
    pub case_name: String,
    /// 所属地区.
    pub province: String,
}

/// `{"status": …}`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct GoldComp {
    pub status: CompensationStatus,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoldEnf {
    pub outcome: Outcome,
    pub basis_case_number: Option<String>,
}

/// One person of a gold line (corpora/gold/README.md).
#[derive(Debug, Clone, Serialize)]
pub struct GoldPerson {
    pub name: String,
    pub roles: Vec<Role>,
    pub org: bool,
    pub anonymized: bool,
    pub id_number: Option<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<Date>,
}

/// One gold line, keys in the order of corpora/gold/README.md.
#[derive(Debug, Clone, Serialize)]
pub struct GoldDoc {
    pub source: String,
    pub kind: Kind,
    pub case_number: Option<String>,
    pub court: Option<String>,
    pub date: Option<Date>,
    pub charges: Vec<String>,
    pub cause: Option<String>,
    pub persons: Vec<GoldPerson>,
    pub compensation: GoldComp,
    pub enforcement: Option<GoldEnf>,
    pub injury: Injury,
    pub disability_grade: Option<u8>,
    pub notes: Option<String>,
}

impl GoldDoc {
    pub fn new(kind: Kind) -> GoldDoc {
        GoldDoc {
            source: String::new(),
            kind,
            case_number: None,
            court: None,
            date: None,
            charges: Vec::new(),
            cause: None,
            persons: Vec::new(),
            compensation: GoldComp {
                status: CompensationStatus::Unknown,
            },
            enforcement: None,
            injury: Injury::Unknown,
            disability_grade: None,
            notes: None,
        }
    }
}
