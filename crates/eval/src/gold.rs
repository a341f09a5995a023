//! The gold format of `corpora/gold/README.md`: one object per annotated document.
//!
//! Parsing is strict on purpose. Every key of the format must be present (`null` says "the
//! document does not state it", so a missing key is a typo or an omission, never a value),
//! every enum value must be one of the format's, and ID numbers and names must already be
//! canonical (18 characters with an upper-case `X`; normalised): a gold value the scorer
//! would have to repair is a gold error, better fixed once in the file. Case numbers are the
//! exception: the format keeps old ones as written (`(2012)合刑初字第00047号`), so they are
//! compared in [`CaseNumber`](jiuzhu_core::CaseNumber)'s canonical form instead. Keys the
//! format does not define are ignored, so the format can grow.

use std::collections::HashSet;

use jiuzhu_core::{
    CompensationStatus, Date, DocRecord, Gender, IdNumber, Injury, Kind, Outcome, Role,
    normalize_name,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One annotated document. Serialises to exactly the gold format (every key, `null`s
/// included), so a program that builds gold (a synthetic corpus) can write it with
/// `serde_json::to_string`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldDoc {
    /// The document's source, as `jiuzhu extract` names it.
    pub source: String,
    /// The document kind.
    pub kind: Kind,
    /// The document's own case number, canonical (ASCII brackets and digits).
    pub case_number: Option<String>,
    /// The issuing court or procuratorate as written in the head.
    pub court: Option<String>,
    /// The date in the tail.
    pub date: Option<Date>,
    /// Canonical 罪名, in order of first appearance.
    pub charges: Vec<String>,
    /// Civil 案由.
    pub cause: Option<String>,
    /// Every party and every victim, in order of first appearance.
    pub persons: Vec<GoldPerson>,
    /// The document-level compensation finding.
    pub compensation: GoldCompensation,
    /// `Some` exactly for enforcement rulings.
    pub enforcement: Option<GoldEnforcement>,
    /// The worst injury in the document.
    pub injury: Injury,
    /// 伤残等级 1–10, the worst (smallest).
    pub disability_grade: Option<u8>,
    /// The annotator's judgement calls; never scored.
    pub notes: Option<String>,
}

/// One person of a gold document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldPerson {
    /// Normalised name as written (anonymised forms included).
    pub name: String,
    /// Procedural roles, at least one.
    pub roles: Vec<Role>,
    /// A company, insurer or institution.
    pub org: bool,
    /// The name is a mask (张某, 李某某 …).
    pub anonymized: bool,
    /// The canonical 18-character resident ID if the document gives it unmasked.
    pub id_number: Option<String>,
    /// Sex, if stated.
    pub gender: Option<Gender>,
    /// Birth date, if stated.
    pub birth_date: Option<Date>,
}

/// `{"status": …}`: an object so the gold line has the record's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldCompensation {
    /// Settled, partial, unsettled or unknown.
    pub status: CompensationStatus,
}

/// The enforcement outcome of an enforcement ruling and its 执行依据.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldEnforcement {
    /// How the enforcement case ended.
    pub outcome: Outcome,
    /// Canonical case number of the judgment enforced.
    pub basis_case_number: Option<String>,
}

const DOC_KEYS: [&str; 13] = [
    "source",
    "kind",
    "case_number",
    "court",
    "date",
    "charges",
    "cause",
    "persons",
    "compensation",
    "enforcement",
    "injury",
    "disability_grade",
    "notes",
];

const PERSON_KEYS: [&str; 7] = [
    "name",
    "roles",
    "org",
    "anonymized",
    "id_number",
    "gender",
    "birth_date",
];

impl GoldDoc {
    /// The gold a perfect extractor would match for this record: what a synthetic corpus
    /// generator knows, or the starting point of a test that then plants mistakes. Persons
    /// whose only role is `representative` are left out, as the gold format excludes them.
    pub fn from_record(record: &DocRecord) -> GoldDoc {
        GoldDoc {
            source: record.source.clone(),
            kind: record.kind,
            case_number: record.case_number.clone(),
            court: record.court.clone(),
            date: record.date,
            charges: record.charges.clone(),
            cause: record.cause.clone(),
            persons: record
                .persons
                .iter()
                .filter(|p| p.roles.iter().any(|&r| r != Role::Representative))
                .map(|p| GoldPerson {
                    name: p.name.clone(),
                    roles: p.roles.clone(),
                    org: p.org,
                    anonymized: p.anonymized,
                    id_number: p.id_number.clone(),
                    gender: p.gender,
                    birth_date: p.birth_date,
                })
                .collect(),
            compensation: GoldCompensation {
                status: record.compensation.status,
            },
            enforcement: record.enforcement.as_ref().map(|e| GoldEnforcement {
                outcome: e.outcome,
                basis_case_number: e.basis_case_number.clone(),
            }),
            injury: record.injury,
            disability_grade: record.disability_grade,
            notes: None,
        }
    }

    /// Parses and validates one gold line; the error says what is wrong and how to fix it.
    pub(crate) fn parse_line(line: &str) -> Result<GoldDoc, String> {
        let value: Value =
            serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
        let Value::Object(obj) = value else {
            return Err("not a JSON object: a gold line is one object per document".into());
        };
        if let Some(key) = DOC_KEYS.iter().find(|k| !obj.contains_key(**k)) {
            return Err(missing_key(key));
        }
        let doc = GoldDoc {
            source: field(&obj, "source", "")?,
            kind: field(&obj, "kind", "")?,
            case_number: field(&obj, "case_number", "")?,
            court: field(&obj, "court", "")?,
            date: field(&obj, "date", "")?,
            charges: field(&obj, "charges", "")?,
            cause: field(&obj, "cause", "")?,
            persons: persons(&obj)?,
            compensation: field(&obj, "compensation", "")?,
            enforcement: field(&obj, "enforcement", "")?,
            injury: field(&obj, "injury", "")?,
            disability_grade: field(&obj, "disability_grade", "")?,
            notes: field(&obj, "notes", "")?,
        };
        doc.validate()?;
        Ok(doc)
    }

    /// Checks the rules of the format that the types cannot express.
    fn validate(&self) -> Result<(), String> {
        if self.source.trim().is_empty() {
            return Err("`source` is empty: give the document's path relative to docs/".into());
        }
        non_empty("case_number", self.case_number.as_deref())?;
        non_empty("court", self.court.as_deref())?;
        non_empty("cause", self.cause.as_deref())?;
        let mut seen = HashSet::new();
        for charge in &self.charges {
            if !charge.ends_with('罪') {
                return Err(format!(
                    "`charges`: '{charge}' is not a canonical 罪名; write it ending in 罪 (故意伤害罪)"
                ));
            }
            if !seen.insert(charge) {
                return Err(format!(
                    "`charges`: '{charge}' is listed twice; list it once"
                ));
            }
        }
        match (&self.enforcement, self.kind) {
            (None, Kind::EnforcementRuling) => {
                return Err("`enforcement` is null but `kind` is enforcement_ruling; give {\"outcome\": …, \"basis_case_number\": …}".into());
            }
            (Some(_), kind) if kind != Kind::EnforcementRuling => {
                return Err(format!(
                    "`enforcement` is set but `kind` is {}; only enforcement rulings have an enforcement outcome, write null",
                    kind.as_str()
                ));
            }
            (Some(e), _) => non_empty(
                "enforcement.basis_case_number",
                e.basis_case_number.as_deref(),
            )?,
            (None, _) => {}
        }
        if let Some(g) = self.disability_grade
            && !(1..=10).contains(&g)
        {
            return Err(format!(
                "`disability_grade` {g} is not a 伤残等级; write 1 to 10 (the worst grade) or null"
            ));
        }
        for (i, p) in self.persons.iter().enumerate() {
            p.validate(i)?;
        }
        Ok(())
    }
}

impl GoldPerson {
    fn validate(&self, i: usize) -> Result<(), String> {
        let at = format!("persons[{i}]");
        if self.name.is_empty() {
            return Err(format!(
                "`{at}.name` is empty; write the name as in the document"
            ));
        }
        let normal = normalize_name(&self.name);
        if normal != self.name {
            return Err(format!(
                "`{at}.name` '{}' is not normalised; write '{normal}'",
                self.name
            ));
        }
        if self.roles.is_empty() {
            return Err(format!(
                "`{at}.roles` is empty; give at least one role (victim, accused, …)"
            ));
        }
        let mut seen = HashSet::new();
        if let Some(r) = self.roles.iter().find(|r| !seen.insert(**r)) {
            return Err(format!(
                "`{at}.roles` lists {} twice; list it once",
                r.as_str()
            ));
        }
        if let Some(id) = &self.id_number {
            match IdNumber::parse(id) {
                Ok(parsed) if parsed.as_str() == id => {}
                Ok(parsed) => {
                    return Err(format!(
                        "`{at}.id_number` '{id}' is not canonical; write '{}'",
                        parsed.as_str()
                    ));
                }
                Err(e) => {
                    return Err(format!(
                        "`{at}.id_number`: {e}; write the ID as the document gives it, or null if it is masked"
                    ));
                }
            }
        }
        Ok(())
    }
}

fn persons(obj: &Map<String, Value>) -> Result<Vec<GoldPerson>, String> {
    let Some(Value::Array(items)) = obj.get("persons") else {
        return Err("`persons`: expected an array of person objects ([] if none)".into());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let at = format!("persons[{i}].");
            let Value::Object(p) = item else {
                return Err(format!("`persons[{i}]`: expected a person object"));
            };
            if let Some(key) = PERSON_KEYS.iter().find(|k| !p.contains_key(**k)) {
                return Err(missing_key(&format!("{at}{key}")));
            }
            Ok(GoldPerson {
                name: field(p, "name", &at)?,
                roles: field(p, "roles", &at)?,
                org: field(p, "org", &at)?,
                anonymized: field(p, "anonymized", &at)?,
                id_number: field(p, "id_number", &at)?,
                gender: field(p, "gender", &at)?,
                birth_date: field(p, "birth_date", &at)?,
            })
        })
        .collect()
}

fn missing_key(key: &str) -> String {
    format!(
        "missing key `{key}`; every gold object has every key of corpora/gold/README.md, with null for \"not stated\""
    )
}

/// One typed value of an object; serde's message names the expected values of an enum.
fn field<T: DeserializeOwned>(obj: &Map<String, Value>, key: &str, at: &str) -> Result<T, String> {
    let value = obj.get(key).unwrap_or(&Value::Null);
    T::deserialize(value).map_err(|e| format!("`{at}{key}`: {e}"))
}

fn non_empty(key: &str, value: Option<&str>) -> Result<(), String> {
    match value {
        Some(v) if v.trim().is_empty() => Err(format!(
            "`{key}` is an empty string; write the value, or null if the document does not state it"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"source": "a.txt", "kind": "criminal_judgment", "case_number": "(2021)浙0382刑初456号", "court": "乐清市人民法院", "date": "2021-05-11", "charges": ["交通肇事罪"], "cause": null, "persons": [{"name": "王某某", "roles": ["victim"], "org": false, "anonymized": true, "id_number": null, "gender": "male", "birth_date": null}], "compensation": {"status": "unsettled"}, "enforcement": null, "injury": "death", "disability_grade": null, "notes": null}"#;

    #[test]
    fn good_line_parses_and_round_trips() {
        let doc = GoldDoc::parse_line(GOOD).unwrap();
        assert_eq!(doc.kind, Kind::CriminalJudgment);
        assert_eq!(doc.persons[0].roles, vec![Role::Victim]);
        let again = GoldDoc::parse_line(&serde_json::to_string(&doc).unwrap()).unwrap();
        assert_eq!(again, doc);
    }

    /// Each row replaces one piece of a good line and names the words the message must
    /// contain, so the annotator sees the key and the fix.
    #[test]
    fn bad_values_are_named() {
        let rows: &[(&str, &str, &[&str])] = &[
            (
                r#""kind": "criminal_judgment""#,
                r#""kind": "judgment""#,
                &["`kind`", "unknown variant"],
            ),
            (
                r#""status": "unsettled""#,
                r#""status": "unsetled""#,
                &["`compensation`", "unsetled"],
            ),
            (r#""injury": "death""#, r#""injury": "dead""#, &["`injury`"]),
            (
                r#""date": "2021-05-11""#,
                r#""date": "2021-02-30""#,
                &["`date`", "does not exist"],
            ),
            (
                r#""date": "2021-05-11""#,
                r#""date": "2021年5月11日""#,
                &["`date`", "ISO"],
            ),
            (
                r#""roles": ["victim"]"#,
                r#""roles": ["victm"]"#,
                &["`persons[0].roles`", "victm"],
            ),
            (
                r#""roles": ["victim"]"#,
                r#""roles": []"#,
                &["`persons[0].roles` is empty"],
            ),
            (
                r#""roles": ["victim"]"#,
                r#""roles": ["victim", "victim"]"#,
                &["twice"],
            ),
            (
                r#""gender": "male""#,
                r#""gender": "男""#,
                &["`persons[0].gender`"],
            ),
            (
                r#""id_number": null"#,
                r#""id_number": "330382196505121548""#,
                &["`persons[0].id_number`", "checksum"],
            ),
            (
                r#""id_number": null"#,
                r#""id_number": "33038219590314417x""#,
                &["not canonical", "33038219590314417X"],
            ),
            (
                r#""name": "王某某""#,
                r#""name": "王 某某""#,
                &["not normalised", "'王某某'"],
            ),
            (
                r#""name": "王某某""#,
                r#""name": """#,
                &["`persons[0].name` is empty"],
            ),
            (
                r#""charges": ["交通肇事罪"]"#,
                r#""charges": ["交通肇事"]"#,
                &["`charges`", "罪"],
            ),
            (
                r#""case_number": "(2021)浙0382刑初456号""#,
                r#""case_number": " ""#,
                &["`case_number` is an empty string"],
            ),
            (
                r#""court": "乐清市人民法院""#,
                r#""court": """#,
                &["`court` is an empty string"],
            ),
            (
                r#""disability_grade": null"#,
                r#""disability_grade": 11"#,
                &["`disability_grade` 11"],
            ),
            (
                r#""disability_grade": null"#,
                r#""disability_grade": "十级""#,
                &["`disability_grade`"],
            ),
            (
                r#""enforcement": null"#,
                r#""enforcement": {"outcome": "terminated", "basis_case_number": null}"#,
                &["only enforcement rulings"],
            ),
            (r#", "notes": null"#, "", &["missing key `notes`"]),
            (
                r#", "birth_date": null"#,
                "",
                &["missing key `persons[0].birth_date`"],
            ),
            (
                r#""source": "a.txt""#,
                r#""source": """#,
                &["`source` is empty"],
            ),
            (GOOD, "[1, 2]", &["not a JSON object"]),
            (GOOD, "{\"source\": ", &["not a JSON object"]),
        ];
        for &(from, to, want) in rows {
            assert!(GOOD.contains(from), "row does not apply: {from}");
            let line = GOOD.replacen(from, to, 1);
            let err = GoldDoc::parse_line(&line).expect_err(&line);
            for w in want {
                assert!(err.contains(w), "{to}: message {err:?} lacks {w:?}");
            }
        }
    }

    #[test]
    fn enforcement_ruling_needs_its_outcome() {
        let line = GOOD.replacen(
            r#""kind": "criminal_judgment""#,
            r#""kind": "enforcement_ruling""#,
            1,
        );
        let err = GoldDoc::parse_line(&line).unwrap_err();
        assert!(err.contains("`enforcement` is null"), "{err}");
        let line = line.replacen(
            r#""enforcement": null"#,
            r#""enforcement": {"outcome": "terminated_this_round", "basis_case_number": ""}"#,
            1,
        );
        let err = GoldDoc::parse_line(&line).unwrap_err();
        assert!(err.contains("enforcement.basis_case_number"), "{err}");
        let line = line.replacen(
            r#""basis_case_number": """#,
            r#""basis_case_number": "(2021)浙0382民初1234号""#,
            1,
        );
        let doc = GoldDoc::parse_line(&line).unwrap();
        assert_eq!(
            doc.enforcement.unwrap().outcome,
            Outcome::TerminatedThisRound
        );
    }

    #[test]
    fn masked_case_numbers_are_kept_as_written() {
        let line = GOOD.replacen("(2021)浙0382刑初456号", "xx公诉刑诉(2018)x号", 1);
        let doc = GoldDoc::parse_line(&line).unwrap();
        assert_eq!(doc.case_number.as_deref(), Some("xx公诉刑诉(2018)x号"));
    }

    #[test]
    fn unknown_keys_are_ignored() {
        let line = GOOD.replacen(
            "\"notes\": null",
            "\"notes\": null, \"reviewer\": \"lw\"",
            1,
        );
        assert!(GoldDoc::parse_line(&line).is_ok());
    }
}
