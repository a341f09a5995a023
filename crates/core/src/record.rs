//! The per-document record of DESIGN.md §4 (`records.jsonl`, one object a line).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::document::{Format, Hints};

/// What kind of document this is (DESIGN.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 起诉书.
    Indictment,
    /// 批准逮捕决定书, 审查逮捕意见书, 逮捕案件审查报告.
    ArrestReview,
    /// 刑事判决书, 刑事附带民事判决书 (first and second instance).
    CriminalJudgment,
    /// 民事判决书.
    CivilJudgment,
    /// 执行裁定书, 结案通知书.
    EnforcementRuling,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Indictment,
        Kind::ArrestReview,
        Kind::CriminalJudgment,
        Kind::CivilJudgment,
        Kind::EnforcementRuling,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Indictment => "indictment",
            Kind::ArrestReview => "arrest_review",
            Kind::CriminalJudgment => "criminal_judgment",
            Kind::CivilJudgment => "civil_judgment",
            Kind::EnforcementRuling => "enforcement_ruling",
            Kind::Other => "other",
        }
    }

    /// The Chinese name used in human-facing output.
    pub fn label_zh(self) -> &'static str {
        match self {
            Kind::Indictment => "起诉书",
            Kind::ArrestReview => "审查逮捕文书",
            Kind::CriminalJudgment => "刑事判决书",
            Kind::CivilJudgment => "民事判决书",
            Kind::EnforcementRuling => "执行裁定书",
            Kind::Other => "其他文书",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A person's procedural role in one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 被害人.
    Victim,
    /// 附带民事诉讼原告人.
    IncidentalPlaintiff,
    /// Civil 原告.
    Plaintiff,
    /// 被告人 / 犯罪嫌疑人.
    Accused,
    /// Civil 被告.
    Defendant,
    /// 申请执行人.
    Applicant,
    /// 被执行人.
    Respondent,
    /// 近亲属 of a (usually deceased) victim.
    Relative,
    /// 法定代理人, 委托诉讼代理人 and the like.
    Representative,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Victim,
        Role::IncidentalPlaintiff,
        Role::Plaintiff,
        Role::Accused,
        Role::Defendant,
        Role::Applicant,
        Role::Respondent,
        Role::Relative,
        Role::Representative,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Victim => "victim",
            Role::IncidentalPlaintiff => "incidental_plaintiff",
            Role::Plaintiff => "plaintiff",
            Role::Accused => "accused",
            Role::Defendant => "defendant",
            Role::Applicant => "applicant",
            Role::Respondent => "respondent",
            Role::Relative => "relative",
            Role::Representative => "representative",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Victim => "被害人",
            Role::IncidentalPlaintiff => "附带民事诉讼原告人",
            Role::Plaintiff => "原告",
            Role::Accused => "被告人",
            Role::Defendant => "被告",
            Role::Applicant => "申请执行人",
            Role::Respondent => "被执行人",
            Role::Relative => "近亲属",
            Role::Representative => "代理人",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The victim side of a record (DESIGN.md §5): those who may be owed compensation.
    pub fn is_victim_side(self) -> bool {
        matches!(
            self,
            Role::Victim | Role::IncidentalPlaintiff | Role::Plaintiff
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub fn label_zh(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

/// Why a field has the value it has: the dictionary entry or rule that fired, and where.
/// Offsets are character (not byte) offsets into the normalised text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The rule or dictionary entry id, e.g. `role:被害人`, `settle:谅解`, `outcome:终本`.
    pub rule: String,
    pub start: usize,
    pub end: usize,
    /// The text the offsets point at, or a clause around it (then `start..end` covers it).
    pub text: String,
    /// For compensation phrases: whether a negation cue scoped over the phrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negated: Option<bool>,
    /// The negation cue as it appears in the text (`未`, `未果` …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}

impl Evidence {
    pub fn new(rule: impl Into<String>, start: usize, end: usize, text: impl Into<String>) -> Self {
        Evidence {
            rule: rule.into(),
            start,
            end,
            text: text.into(),
            negated: None,
            cue: None,
        }
    }
}

/// Compensation status of a document (or of one victim where the text says whose).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum CompensationStatus {
    /// Paid in full and/or forgiven, or mediation/reconciliation reached.
    Settled,
    /// Some payment, not full settlement.
    Partial,
    /// Negated compensation, refused forgiveness, failed mediation, non-performance.
    Unsettled,
    /// No evidence either way.
    #[default]
    Unknown,
}

impl CompensationStatus {
    pub const ALL: [CompensationStatus; 4] = [
        CompensationStatus::Settled,
        CompensationStatus::Partial,
        CompensationStatus::Unsettled,
        CompensationStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CompensationStatus::Settled => "settled",
            CompensationStatus::Partial => "partial",
            CompensationStatus::Unsettled => "unsettled",
            CompensationStatus::Unknown => "unknown",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            CompensationStatus::Settled => "已赔偿/谅解",
            CompensationStatus::Partial => "部分赔偿",
            CompensationStatus::Unsettled => "未赔偿",
            CompensationStatus::Unknown => "不明",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Compensation {
    pub status: CompensationStatus,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// How an enforcement case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// 终结本次执行程序 ("终本"): no assets found, the debt stays unpaid.
    TerminatedThisRound,
    /// 终结执行.
    Terminated,
    /// 执行完毕.
    Completed,
    /// 执行和解.
    Settled,
    /// Any other ruling (查封, 扣划, 执行异议 …).
    Other,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::TerminatedThisRound,
        Outcome::Terminated,
        Outcome::Completed,
        Outcome::Settled,
        Outcome::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::TerminatedThisRound => "terminated_this_round",
            Outcome::Terminated => "terminated",
            Outcome::Completed => "completed",
            Outcome::Settled => "settled",
            Outcome::Other => "other",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Outcome::TerminatedThisRound => "终结本次执行程序",
            Outcome::Terminated => "终结执行",
            Outcome::Completed => "执行完毕",
            Outcome::Settled => "执行和解",
            Outcome::Other => "其他",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enforcement {
    pub outcome: Outcome,
    /// 执行依据: canonical case number of the judgment being enforced.
    #[serde(default)]
    pub basis_case_number: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
}

/// The worst injury a document reports.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Injury {
    /// 死亡.
    Death,
    /// 重伤, or a 伤残等级 disability grade with no forensic grade.
    Serious,
    /// 轻伤.
    Minor,
    /// 轻微伤.
    Slight,
    #[default]
    Unknown,
}

impl Injury {
    pub const ALL: [Injury; 5] = [
        Injury::Death,
        Injury::Serious,
        Injury::Minor,
        Injury::Slight,
        Injury::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Injury::Death => "death",
            Injury::Serious => "serious",
            Injury::Minor => "minor",
            Injury::Slight => "slight",
            Injury::Unknown => "unknown",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Injury::Death => "死亡",
            Injury::Serious => "重伤",
            Injury::Minor => "轻伤",
            Injury::Slight => "轻微伤",
            Injury::Unknown => "不明",
        }
    }

    /// Severity rank: higher is worse (death 4 … unknown 0).
    pub fn severity(self) -> u8 {
        match self {
            Injury::Death => 4,
            Injury::Serious => 3,
            Injury::Minor => 2,
            Injury::Slight => 1,
            Injury::Unknown => 0,
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Money amounts in yuan.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Amounts {
    /// Awarded by the judgment, or the enforcement target (执行标的).
    pub awarded: Option<f64>,
    /// Paid or enforced (已赔偿, 已执行到位).
    pub paid: Option<f64>,
    /// Outstanding (尚未执行到位, 未履行).
    pub unpaid: Option<f64>,
}

/// One person named in a document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Person {
    /// Normalised name.
    pub name: String,
    pub roles: Vec<Role>,
    /// An organisation (company, insurer) rather than a natural person.
    pub org: bool,
    /// The name is anonymised (张某, 李某某, 王×) and cannot link by name.
    pub anonymized: bool,
    /// Canonical 18-character resident ID, when the text gives a valid one.
    pub id_number: Option<String>,
    pub gender: Option<Gender>,
    pub birth_date: Option<Date>,
    pub address: Option<String>,
    /// 户籍地 (household registration place).
    pub hukou: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<String>,
    /// For a `relative`: the name of the victim they are related to, and how (之妻, 之子 …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relative_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<String>,
    /// This victim's own compensation status, where the text says whose.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compensation: Option<CompensationStatus>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

impl Person {
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// A natural person on the victim side (DESIGN.md §5).
    pub fn is_victim_side(&self) -> bool {
        !self.org && self.roles.iter().any(|r| r.is_victim_side())
    }
}

/// The record of one document (DESIGN.md §4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocRecord {
    pub source: String,
    pub format: Format,
    pub encoding: String,
    pub kind: Kind,
    pub title: Option<String>,
    /// Canonical case number (ASCII digits and parentheses).
    pub case_number: Option<String>,
    pub court: Option<String>,
    pub date: Option<Date>,
    pub charges: Vec<String>,
    /// 案由 of a civil case.
    pub cause: Option<String>,
    pub persons: Vec<Person>,
    pub compensation: Compensation,
    pub enforcement: Option<Enforcement>,
    pub injury: Injury,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disability_grade: Option<u8>,
    pub amounts: Amounts,
    /// Evidence for document-level fields, keyed by field name (`kind`, `case_number`,
    /// `charges`, `injury`, `amounts.awarded` …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_evidence: BTreeMap<String, Vec<Evidence>>,
    pub warnings: Vec<String>,
    /// Container metadata the document arrived with.
    #[serde(default, skip_serializing_if = "is_default_hints")]
    pub hints: Hints,
}

fn is_default_hints(h: &Hints) -> bool {
    *h == Hints::default()
}

impl DocRecord {
    /// An empty record for a document: kind `other`, nothing found yet.
    pub fn empty(source: impl Into<String>, format: Format, encoding: impl Into<String>) -> Self {
        DocRecord {
            source: source.into(),
            format,
            encoding: encoding.into(),
            kind: Kind::Other,
            title: None,
            case_number: None,
            court: None,
            date: None,
            charges: Vec::new(),
            cause: None,
            persons: Vec::new(),
            compensation: Compensation::default(),
            enforcement: None,
            injury: Injury::Unknown,
            disability_grade: None,
            amounts: Amounts::default(),
            field_evidence: BTreeMap::new(),
            warnings: Vec::new(),
            hints: Hints::default(),
        }
    }

    /// Natural persons on the victim side.
    pub fn victims(&self) -> impl Iterator<Item = &Person> {
        self.persons.iter().filter(|p| p.is_victim_side())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_serialise_as_design_says() {
        let rows = [
            (
                serde_json::to_string(&Kind::ArrestReview).unwrap(),
                "\"arrest_review\"",
            ),
            (
                serde_json::to_string(&Role::IncidentalPlaintiff).unwrap(),
                "\"incidental_plaintiff\"",
            ),
            (
                serde_json::to_string(&Outcome::TerminatedThisRound).unwrap(),
                "\"terminated_this_round\"",
            ),
            (
                serde_json::to_string(&CompensationStatus::Unsettled).unwrap(),
                "\"unsettled\"",
            ),
            (
                serde_json::to_string(&Injury::Slight).unwrap(),
                "\"slight\"",
            ),
        ];
        for (got, want) in rows {
            assert_eq!(got, want);
        }
        for k in Kind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        for r in Role::ALL {
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.as_str())
            );
        }
        for o in Outcome::ALL {
            assert_eq!(
                serde_json::to_string(&o).unwrap(),
                format!("\"{}\"", o.as_str())
            );
        }
    }

    #[test]
    fn design_example_record_deserialises() {
        let line = r#"{"source":"criminal/j03.txt","format":"txt","encoding":"gb18030",
 "kind":"criminal_judgment","title":"刑事附带民事判决书",
 "case_number":"(2021)浙0382刑初456号","court":"乐清市人民法院","date":"2021-05-11",
 "charges":["交通肇事罪"],"cause":null,
 "persons":[{"name":"王某某","roles":["victim"],"org":false,"anonymized":true,
             "id_number":null,"gender":"male","birth_date":null,"address":null,
             "hukou":null,"evidence":[{"rule":"role:被害人","start":812,"end":818,"text":"被害人王某某"}]}],
 "compensation":{"status":"unsettled","evidence":[{"rule":"settle:谅解","negated":true,
                 "cue":"未","start":1203,"end":1215,"text":"亦未取得被害人家属谅解"}]},
 "enforcement":null,
 "injury":"death","amounts":{"awarded":523000.0,"paid":null,"unpaid":null},
 "warnings":[]}"#;
        let rec: DocRecord = serde_json::from_str(line).unwrap();
        assert_eq!(rec.kind, Kind::CriminalJudgment);
        assert_eq!(rec.compensation.status, CompensationStatus::Unsettled);
        assert_eq!(rec.compensation.evidence[0].cue.as_deref(), Some("未"));
        assert_eq!(rec.victims().count(), 1);
        assert_eq!(rec.date.unwrap().to_string(), "2021-05-11");
        // And back: the same JSON shape.
        let again: DocRecord = serde_json::from_str(&serde_json::to_string(&rec).unwrap()).unwrap();
        assert_eq!(again, rec);
    }

    #[test]
    fn victim_side_excludes_organisations() {
        let mut p = Person {
            name: "某保险公司".into(),
            roles: vec![Role::Plaintiff],
            ..Person::default()
        };
        p.org = true;
        assert!(!p.is_victim_side());
        p.org = false;
        assert!(p.is_victim_side());
        p.roles = vec![Role::Accused];
        assert!(!p.is_victim_side());
    }
}
