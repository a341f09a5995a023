//! Screening output (DESIGN.md §4 "Clues"): one clue per person per model, and the funnel.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::record::{Gender, Injury, Kind, Role};

/// What a clue asks a reviewer to consider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// 司法救助: state judicial aid from the procuratorate.
    JudicialAid,
    /// 社会救助: referral to the social-assistance platform.
    SocialAid,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::JudicialAid => "judicial_aid",
            Action::SocialAid => "social_aid",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Action::JudicialAid => "司法救助",
            Action::SocialAid => "社会救助",
        }
    }
}

/// Whether a person belongs to the screening region (户籍地 or ID prefix).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Locality {
    Local,
    NonLocal,
    #[default]
    Unknown,
}

impl Locality {
    pub fn as_str(self) -> &'static str {
        match self {
            Locality::Local => "local",
            Locality::NonLocal => "non_local",
            Locality::Unknown => "unknown",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Locality::Local => "本地",
            Locality::NonLocal => "外地",
            Locality::Unknown => "不明",
        }
    }
}

/// How two mentions of a person were judged to be the same person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkLevel {
    /// Equal resident ID numbers (15-digit converted).
    Id,
    /// Equal normalised name, and equal birth date.
    NameBirth,
    /// Equal normalised name, nothing contradicting (sex, birth date).
    Name,
    /// Through the 执行依据 case number of an enforcement ruling.
    Case,
}

impl LinkLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkLevel::Id => "id",
            LinkLevel::NameBirth => "name_birth",
            LinkLevel::Name => "name",
            LinkLevel::Case => "case",
        }
    }

    /// Strength for ranking (higher is stronger).
    pub fn strength(self) -> u8 {
        match self {
            LinkLevel::Id => 3,
            LinkLevel::Case => 2,
            LinkLevel::NameBirth => 2,
            LinkLevel::Name => 1,
        }
    }
}

/// Flags a reviewer prioritises by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Under 18 at the time of the offence.
    Minor,
    Woman,
    /// 60 or older.
    Elderly,
    /// From a roster category (残疾).
    Disabled,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Minor => "minor",
            Flag::Woman => "woman",
            Flag::Elderly => "elderly",
            Flag::Disabled => "disabled",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Flag::Minor => "未成年人",
            Flag::Woman => "妇女",
            Flag::Elderly => "老年人",
            Flag::Disabled => "残疾人",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CluePerson {
    pub name: String,
    pub id_number: Option<String>,
    pub sex: Option<Gender>,
    pub birth_date: Option<Date>,
    pub age: Option<u32>,
    pub locality: Locality,
}

/// One roster row a person was linked to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterHit {
    /// The roster's label from the config (`低保低边`).
    pub roster: String,
    /// Path as given in the config.
    pub file: String,
    /// 1-based row number in the file (the header row counts, as a spreadsheet shows it).
    pub row: usize,
    #[serde(default)]
    pub category: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClueLink {
    pub level: LinkLevel,
    pub rosters: Vec<RosterHit>,
    /// In words, for the reviewer (身份证号一致, 姓名及出生日期一致 …).
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClueSource {
    pub source: String,
    pub case_number: Option<String>,
    pub kind: Kind,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClueEvidence {
    pub source: String,
    pub rule: String,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}

/// One person found by one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Clue {
    pub model: String,
    pub action: Action,
    pub person: CluePerson,
    pub link: ClueLink,
    pub sources: Vec<ClueSource>,
    pub injury: Injury,
    pub unpaid_amount: Option<f64>,
    pub flags: Vec<Flag>,
    pub priority: f64,
    pub evidence: Vec<ClueEvidence>,
}

/// One step of a model's funnel: the size of a set or of a sub-expression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelStep {
    /// The set name or the sub-expression (`procuratorate_victims & hardship`).
    pub step: String,
    /// Documents contributing to this step (0 for roster-only sets).
    pub documents: usize,
    pub persons: usize,
    /// Persons dropped because they cannot be linked (anonymised names).
    #[serde(default)]
    pub unlinkable: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelFunnel {
    pub model: String,
    pub name: String,
    pub action: Action,
    pub expr: String,
    pub steps: Vec<FunnelStep>,
    pub clues: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Funnel {
    pub documents: usize,
    pub rejects: usize,
    pub models: Vec<ModelFunnel>,
}
