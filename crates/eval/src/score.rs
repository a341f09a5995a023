//! Scoring records against gold, document by document (matched by `source`).
//!
//! Three kinds of measure, each in the shape that answers its question:
//!
//! - **Single-valued fields** ([`FieldScore`]): document fields (kind, case number, …) over
//!   every gold document, and person fields (roles, ID number, …) over every matched person.
//!   `accuracy` counts a `null` that meets a `null` as correct, because "the document does
//!   not state it" is an answer an extractor can get right or wrong; `stated_accuracy` counts
//!   only the items whose gold states a value, and is the figure to read for fields that are
//!   mostly `null` (enforcement outcome and basis, disability grade, ID numbers). `spurious`
//!   counts values where gold has `null` (an ID number invented for a person whose document
//!   masks it). For enforcement, "null" is "no enforcement outcome": the gold of every
//!   document that is not an enforcement ruling.
//! - **Sets** ([`Prf`]): charges, and persons by normalised name (all of them and five role
//!   subsets), micro-averaged: matches, spurious and missed items are summed over documents
//!   before precision and recall are taken.
//! - **Confusion matrices** ([`Confusion`]) for the enum fields, with per-label precision
//!   and recall.
//!
//! A gold document without a record counts against every measure (its values as
//! `no_record`, its charges and persons as missed) and is listed in
//! [`Report::missing_documents`]; a record without gold is ignored and counted.

use std::collections::{HashMap, HashSet};

use jiuzhu_core::{
    CaseNumber, CompensationStatus, DocRecord, Gender, IdNumber, Injury, Kind, Outcome, Person,
    Role, normalize_name,
};
use serde::{Deserialize, Serialize};

use crate::clues::ClueReport;
use crate::error::{Error, Problem};
use crate::gold::{GoldDoc, GoldPerson};

/// Accuracy of one single-valued field. Invariant: `total - correct = missed + spurious +
/// mismatched + no_record`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldScore {
    /// The field's name (`compensation`, `enforcement.outcome`, `id_number` …).
    pub field: String,
    /// Items scored: gold documents, or gold persons for person fields.
    pub total: usize,
    /// Items whose value equals gold's, `null` = `null` included.
    pub correct: usize,
    /// `correct / total`; `None` when nothing was scored.
    pub accuracy: Option<f64>,
    /// Items whose gold states a value (is not `null`).
    pub stated_total: usize,
    /// Of those, items with the right value.
    pub stated_correct: usize,
    /// `stated_correct / stated_total`; for `id_number` this is the exactness of IDs.
    pub stated_accuracy: Option<f64>,
    /// Gold states a value, the record has `null`.
    pub missed: usize,
    /// Gold has `null`, the record has a value.
    pub spurious: usize,
    /// Both have a value, and they differ.
    pub mismatched: usize,
    /// The document has no record.
    pub no_record: usize,
}

/// Precision, recall and F1 of a set-valued measure, micro-averaged over documents.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Prf {
    /// Items in both gold and the output (true positives).
    pub matched: usize,
    /// Items only in the output (false positives).
    pub spurious: usize,
    /// Items only in gold (false negatives).
    pub missed: usize,
    /// `matched / (matched + spurious)`; `None` when the output has no item.
    pub precision: Option<f64>,
    /// `matched / (matched + missed)`; `None` when gold has no item.
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall; `None` when either is.
    pub f1: Option<f64>,
}

impl Prf {
    /// The measure for these counts.
    pub fn new(matched: usize, spurious: usize, missed: usize) -> Prf {
        let precision = ratio(matched, matched + spurious);
        let recall = ratio(matched, matched + missed);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        Prf {
            matched,
            spurious,
            missed,
            precision,
            recall,
            f1,
        }
    }

    fn add(&mut self, matched: usize, spurious: usize, missed: usize) {
        *self = Prf::new(
            self.matched + matched,
            self.spurious + spurious,
            self.missed + missed,
        );
    }
}

/// Persons of one role subset, matched by normalised name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubsetScore {
    /// `all`, `victim_side`, `accused`, `applicant`, `respondent` or `relative`.
    pub subset: String,
    /// Precision and recall of the subset's names.
    pub score: Prf,
}

/// Rows are gold values, columns the values the records have, both indexed by `labels`.
/// `labels` are the enum's values in its declared order, then `null` (used by
/// `enforcement.outcome` only: no enforcement outcome) and `no_record` (a column only: the
/// document has no record).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Confusion {
    /// The field.
    pub field: String,
    /// Row and column labels.
    pub labels: Vec<String>,
    /// `counts[gold][got]`.
    pub counts: Vec<Vec<usize>>,
    /// Precision and recall of each enum value (not `null` or `no_record`) as a class.
    pub per_label: Vec<LabelScore>,
}

/// One enum value taken as a class: how often gold has it, how often the records do, and
/// how often both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelScore {
    /// The enum value.
    pub label: String,
    /// Precision, recall and F1 of the value.
    pub score: Prf,
}

/// One disagreement between gold and a record, for people to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disagreement {
    /// The document.
    pub source: String,
    /// The field (`compensation`, `persons`, `roles`, `id_number`, `document` …).
    pub field: String,
    /// For person fields: the person's gold name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Gold's value (`null` when gold has none, `(none)` for a spurious person).
    pub expected: String,
    /// The record's value (`(no record)` when the document has none, `(none)` for a missed
    /// person).
    pub got: String,
}

/// How many documents were scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocumentCounts {
    /// Gold documents.
    pub gold: usize,
    /// Gold documents that have a record.
    pub scored: usize,
    /// Gold documents without a record.
    pub missing: usize,
    /// Records without gold (not scored).
    pub ignored_records: usize,
}

/// Everything the scorer found: serialise it for machines, render it with
/// [`Report::render_text`] and [`Report::render_errors`] for people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Document counts.
    pub documents: DocumentCounts,
    /// Sources of gold documents without a record.
    pub missing_documents: Vec<String>,
    /// Document fields, in [`DOCUMENT_FIELDS`] order.
    pub fields: Vec<FieldScore>,
    /// Charges as sets of canonical 罪名.
    pub charges: Prf,
    /// Persons by normalised name, in [`PERSON_SUBSETS`] order.
    pub persons: Vec<SubsetScore>,
    /// Fields of matched persons, in [`PERSON_FIELDS`] order.
    pub person_fields: Vec<FieldScore>,
    /// Confusion matrices of `kind`, `compensation`, `enforcement.outcome` and `injury`.
    pub confusion: Vec<Confusion>,
    /// Every disagreement, in gold order.
    pub errors: Vec<Disagreement>,
    /// Clues per model, when expected clues were scored (set it from
    /// [`score_clues`](crate::score_clues)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clues: Option<ClueReport>,
}

impl Report {
    /// The score of a document field by name.
    pub fn field(&self, name: &str) -> Option<&FieldScore> {
        self.fields.iter().find(|f| f.field == name)
    }

    /// The score of a person field by name.
    pub fn person_field(&self, name: &str) -> Option<&FieldScore> {
        self.person_fields.iter().find(|f| f.field == name)
    }

    /// The person score of a subset by name.
    pub fn persons(&self, subset: &str) -> Option<&Prf> {
        self.persons
            .iter()
            .find(|s| s.subset == subset)
            .map(|s| &s.score)
    }

    /// The confusion matrix of an enum field by name.
    pub fn confusion(&self, field: &str) -> Option<&Confusion> {
        self.confusion.iter().find(|c| c.field == field)
    }
}

/// A single-valued field: how to read it from gold and from a record, as a canonical
/// string so that equality is the comparison and the error list shows what was compared.
struct FieldDef<G, R> {
    name: &'static str,
    gold: fn(&G) -> Option<String>,
    got: fn(&R) -> Option<String>,
    /// The enum's values for a confusion matrix, in declared order.
    labels: Option<fn() -> Vec<&'static str>>,
}

/// Names of the document fields, in report order.
pub const DOCUMENT_FIELDS: [&str; 10] = [
    "kind",
    "case_number",
    "court",
    "date",
    "cause",
    "compensation",
    "enforcement.outcome",
    "enforcement.basis_case_number",
    "injury",
    "disability_grade",
];

fn document_fields() -> [FieldDef<GoldDoc, DocRecord>; 10] {
    [
        FieldDef {
            name: "kind",
            gold: |g| Some(g.kind.as_str().into()),
            got: |r| Some(r.kind.as_str().into()),
            labels: Some(|| Kind::ALL.iter().map(|k| k.as_str()).collect()),
        },
        FieldDef {
            name: "case_number",
            gold: |g| g.case_number.as_deref().map(canonical_case),
            got: |r| r.case_number.as_deref().map(canonical_case),
            labels: None,
        },
        FieldDef {
            name: "court",
            gold: |g| g.court.as_deref().map(squeeze),
            got: |r| r.court.as_deref().map(squeeze),
            labels: None,
        },
        FieldDef {
            name: "date",
            gold: |g| g.date.map(|d| d.to_string()),
            got: |r| r.date.map(|d| d.to_string()),
            labels: None,
        },
        FieldDef {
            name: "cause",
            gold: |g| g.cause.as_deref().map(squeeze),
            got: |r| r.cause.as_deref().map(squeeze),
            labels: None,
        },
        FieldDef {
            name: "compensation",
            gold: |g| Some(g.compensation.status.as_str().into()),
            got: |r| Some(r.compensation.status.as_str().into()),
            labels: Some(|| CompensationStatus::ALL.iter().map(|c| c.as_str()).collect()),
        },
        FieldDef {
            name: "enforcement.outcome",
            gold: |g| g.enforcement.as_ref().map(|e| e.outcome.as_str().into()),
            got: |r| r.enforcement.as_ref().map(|e| e.outcome.as_str().into()),
            labels: Some(|| Outcome::ALL.iter().map(|o| o.as_str()).collect()),
        },
        FieldDef {
            name: "enforcement.basis_case_number",
            gold: |g| {
                g.enforcement
                    .as_ref()
                    .and_then(|e| e.basis_case_number.as_deref())
                    .map(canonical_case)
            },
            got: |r| {
                r.enforcement
                    .as_ref()
                    .and_then(|e| e.basis_case_number.as_deref())
                    .map(canonical_case)
            },
            labels: None,
        },
        FieldDef {
            name: "injury",
            gold: |g| Some(g.injury.as_str().into()),
            got: |r| Some(r.injury.as_str().into()),
            labels: Some(|| Injury::ALL.iter().map(|i| i.as_str()).collect()),
        },
        FieldDef {
            name: "disability_grade",
            gold: |g| g.disability_grade.map(|d| d.to_string()),
            got: |r| r.disability_grade.map(|d| d.to_string()),
            labels: None,
        },
    ]
}

/// Names of the person fields, in report order.
pub const PERSON_FIELDS: [&str; 6] = [
    "roles",
    "id_number",
    "anonymized",
    "org",
    "gender",
    "birth_date",
];

fn person_fields() -> [FieldDef<GoldPerson, Person>; 6] {
    [
        FieldDef {
            name: "roles",
            gold: |g| Some(role_set(&g.roles)),
            got: |p| Some(role_set(&p.roles)),
            labels: None,
        },
        FieldDef {
            name: "id_number",
            gold: |g| g.id_number.as_deref().map(canonical_id),
            got: |p| p.id_number.as_deref().map(canonical_id),
            labels: None,
        },
        FieldDef {
            name: "anonymized",
            gold: |g| Some(g.anonymized.to_string()),
            got: |p| Some(p.anonymized.to_string()),
            labels: None,
        },
        FieldDef {
            name: "org",
            gold: |g| Some(g.org.to_string()),
            got: |p| Some(p.org.to_string()),
            labels: None,
        },
        FieldDef {
            name: "gender",
            gold: |g| g.gender.map(|x| gender(x).into()),
            got: |p| p.gender.map(|x| gender(x).into()),
            labels: None,
        },
        FieldDef {
            name: "birth_date",
            gold: |g| g.birth_date.map(|d| d.to_string()),
            got: |p| p.birth_date.map(|d| d.to_string()),
            labels: None,
        },
    ]
}

/// Names of the person subsets, in report order.
pub const PERSON_SUBSETS: [&str; 6] = [
    "all",
    "victim_side",
    "accused",
    "applicant",
    "respondent",
    "relative",
];

/// Whether a person (roles, org flag) belongs to a subset of [`PERSON_SUBSETS`].
fn in_subset(subset: &str, roles: &[Role], org: bool) -> bool {
    match subset {
        // The victim side of DESIGN.md §5: natural persons only.
        "victim_side" => !org && roles.iter().any(|r| r.is_victim_side()),
        "accused" => roles.contains(&Role::Accused),
        "applicant" => roles.contains(&Role::Applicant),
        "respondent" => roles.contains(&Role::Respondent),
        "relative" => roles.contains(&Role::Relative),
        _ => true,
    }
}

/// Record persons the gold format covers: gold never annotates agents and 法定代理人, so a
/// record person whose only role is `representative` is neither matched nor spurious.
fn scored_persons(record: &DocRecord) -> Vec<&Person> {
    record
        .persons
        .iter()
        .filter(|p| p.roles.iter().any(|&r| r != Role::Representative))
        .collect()
}

/// Scores records against gold. A source present twice in either input is an error (the
/// loaders report it with file and line; this reports the 1-based index).
pub fn evaluate(gold: &[GoldDoc], records: &[DocRecord]) -> Result<Report, Error> {
    let mut problems = duplicates("<gold>", gold.iter().map(|g| g.source.as_str()));
    problems.extend(duplicates(
        "<records>",
        records.iter().map(|r| r.source.as_str()),
    ));
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let by_source: HashMap<&str, &DocRecord> =
        records.iter().map(|r| (r.source.as_str(), r)).collect();
    let gold_sources: HashSet<&str> = gold.iter().map(|g| g.source.as_str()).collect();

    let doc_defs = document_fields();
    let person_defs = person_fields();
    let mut doc_tallies: Vec<Tally> = doc_defs.iter().map(|d| Tally::new(d.name)).collect();
    let mut person_tallies: Vec<Tally> = person_defs.iter().map(|d| Tally::new(d.name)).collect();
    let mut matrices: Vec<Matrix> = doc_defs
        .iter()
        .filter_map(|d| d.labels.map(|l| Matrix::new(d.name, l())))
        .collect();
    let mut charges = Prf::default();
    let mut subsets = [Prf::default(); PERSON_SUBSETS.len()];
    let mut errors = Vec::new();
    let mut missing = Vec::new();

    for g in gold {
        let source = g.source.as_str();
        let Some(record) = by_source.get(source) else {
            missing.push(g.source.clone());
            errors.push(Disagreement {
                source: g.source.clone(),
                field: "document".into(),
                person: None,
                expected: "a record".into(),
                got: NO_RECORD.into(),
            });
            for (def, tally) in doc_defs.iter().zip(&mut doc_tallies) {
                let want = (def.gold)(g);
                tally.no_record(want.is_some());
                if let Some(m) = matrices.iter_mut().find(|m| m.field == def.name) {
                    m.add(want.as_deref(), None);
                }
            }
            charges.add(0, 0, g.charges.len());
            for (i, subset) in PERSON_SUBSETS.iter().enumerate() {
                let n = g
                    .persons
                    .iter()
                    .filter(|p| in_subset(subset, &p.roles, p.org))
                    .count();
                subsets[i].add(0, 0, n);
            }
            for p in &g.persons {
                for (def, tally) in person_defs.iter().zip(&mut person_tallies) {
                    tally.no_record((def.gold)(p).is_some());
                }
            }
            continue;
        };

        for (def, tally) in doc_defs.iter().zip(&mut doc_tallies) {
            let want = (def.gold)(g);
            let got = (def.got)(record);
            if let Some(m) = matrices.iter_mut().find(|m| m.field == def.name) {
                m.add(want.as_deref(), Some(got.as_deref()));
            }
            if !tally.add(&want, &got) {
                errors.push(Disagreement {
                    source: g.source.clone(),
                    field: def.name.into(),
                    person: None,
                    expected: show(&want),
                    got: show(&got),
                });
            }
        }

        score_charges(g, record, &mut charges, &mut errors);

        let got_persons = scored_persons(record);
        for (i, subset) in PERSON_SUBSETS.iter().enumerate() {
            let want: Vec<String> = g
                .persons
                .iter()
                .filter(|p| in_subset(subset, &p.roles, p.org))
                .map(|p| normalize_name(&p.name))
                .collect();
            let got: Vec<String> = got_persons
                .iter()
                .filter(|p| in_subset(subset, &p.roles, p.org))
                .map(|p| normalize_name(&p.name))
                .collect();
            let (matched, only_got, only_want) = multiset_diff(&want, &got);
            subsets[i].add(matched, only_got.len(), only_want.len());
            // Errors are listed once, for all persons; a subset's misses show up there or
            // as a `roles` disagreement.
            if *subset == "all" {
                for name in only_want {
                    errors.push(person_error(source, "persons", name, name, NONE));
                }
                for name in only_got {
                    errors.push(person_error(source, "persons", name, NONE, name));
                }
            }
        }

        for (gp, rp) in match_persons(&g.persons, &got_persons) {
            for (def, tally) in person_defs.iter().zip(&mut person_tallies) {
                let want = (def.gold)(gp);
                let got = (def.got)(rp);
                if !tally.add(&want, &got) {
                    errors.push(Disagreement {
                        source: g.source.clone(),
                        field: def.name.into(),
                        person: Some(gp.name.clone()),
                        expected: show(&want),
                        got: show(&got),
                    });
                }
            }
        }
    }

    let scored = gold.len() - missing.len();
    Ok(Report {
        documents: DocumentCounts {
            gold: gold.len(),
            scored,
            missing: missing.len(),
            ignored_records: records
                .iter()
                .filter(|r| !gold_sources.contains(r.source.as_str()))
                .count(),
        },
        missing_documents: missing,
        fields: doc_tallies.into_iter().map(Tally::finish).collect(),
        charges,
        persons: PERSON_SUBSETS
            .iter()
            .zip(subsets)
            .map(|(s, score)| SubsetScore {
                subset: (*s).into(),
                score,
            })
            .collect(),
        person_fields: person_tallies.into_iter().map(Tally::finish).collect(),
        confusion: matrices.into_iter().map(Matrix::finish).collect(),
        errors,
        clues: None,
    })
}

const NO_RECORD: &str = "(no record)";
const NONE: &str = "(none)";

fn person_error(source: &str, field: &str, name: &str, expected: &str, got: &str) -> Disagreement {
    Disagreement {
        source: source.into(),
        field: field.into(),
        person: Some(name.into()),
        expected: expected.into(),
        got: got.into(),
    }
}

fn score_charges(g: &GoldDoc, r: &DocRecord, prf: &mut Prf, errors: &mut Vec<Disagreement>) {
    let want: HashSet<&str> = g.charges.iter().map(|c| c.trim()).collect();
    let got: HashSet<&str> = r.charges.iter().map(|c| c.trim()).collect();
    let matched = want.intersection(&got).count();
    prf.add(matched, got.len() - matched, want.len() - matched);
    if want != got {
        errors.push(Disagreement {
            source: g.source.clone(),
            field: "charges".into(),
            person: None,
            expected: show_list(&g.charges),
            got: show_list(&r.charges),
        });
    }
}

/// Pairs gold persons with record persons of the same normalised name, each used once, in
/// order; among equal names a record person with the gold ID is preferred, so two people
/// of one name are paired by ID where the record knows it.
fn match_persons<'g, 'r>(
    gold: &'g [GoldPerson],
    got: &[&'r Person],
) -> Vec<(&'g GoldPerson, &'r Person)> {
    let mut used = vec![false; got.len()];
    let mut pairs = Vec::new();
    for gp in gold {
        let name = normalize_name(&gp.name);
        let want_id = gp.id_number.as_deref().map(canonical_id);
        let candidates: Vec<usize> = (0..got.len())
            .filter(|&i| !used[i] && normalize_name(&got[i].name) == name)
            .collect();
        let same_id = candidates.iter().copied().find(|&i| {
            want_id.is_some() && got[i].id_number.as_deref().map(canonical_id) == want_id
        });
        if let Some(i) = same_id.or(candidates.first().copied()) {
            used[i] = true;
            pairs.push((gp, got[i]));
        }
    }
    pairs
}

/// Multiset comparison: (matched count, items only in `got`, items only in `want`), the
/// latter two in input order.
fn multiset_diff<'a>(want: &'a [String], got: &'a [String]) -> (usize, Vec<&'a str>, Vec<&'a str>) {
    let mut left: HashMap<&str, usize> = HashMap::new();
    for w in want {
        *left.entry(w).or_default() += 1;
    }
    let mut matched = 0;
    let mut only_got = Vec::new();
    for g in got {
        match left.get_mut(g.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                matched += 1;
            }
            _ => only_got.push(g.as_str()),
        }
    }
    let mut only_want = Vec::new();
    for w in want.iter().rev() {
        if let Some(n) = left.get_mut(w.as_str())
            && *n > 0
        {
            *n -= 1;
            only_want.push(w.as_str());
        }
    }
    only_want.reverse();
    (matched, only_got, only_want)
}

fn duplicates<'a>(name: &str, sources: impl Iterator<Item = &'a str>) -> Vec<Problem> {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (i, s) in sources.enumerate() {
        if let Some(f) = first.get(s) {
            problems.push(Problem {
                path: name.into(),
                line: i + 1,
                message: format!(
                    "duplicate source '{s}' (first at item {f}); every document appears once"
                ),
            });
        } else {
            first.insert(s, i + 1);
        }
    }
    problems
}

struct Tally {
    score: FieldScore,
}

impl Tally {
    fn new(field: &str) -> Tally {
        Tally {
            score: FieldScore {
                field: field.into(),
                total: 0,
                correct: 0,
                accuracy: None,
                stated_total: 0,
                stated_correct: 0,
                stated_accuracy: None,
                missed: 0,
                spurious: 0,
                mismatched: 0,
                no_record: 0,
            },
        }
    }

    /// Counts one item; returns whether it was correct.
    fn add(&mut self, want: &Option<String>, got: &Option<String>) -> bool {
        let s = &mut self.score;
        s.total += 1;
        if want.is_some() {
            s.stated_total += 1;
        }
        let correct = want == got;
        match (want, got) {
            _ if correct => {
                s.correct += 1;
                if want.is_some() {
                    s.stated_correct += 1;
                }
            }
            (Some(_), None) => s.missed += 1,
            (None, Some(_)) => s.spurious += 1,
            _ => s.mismatched += 1,
        }
        correct
    }

    fn no_record(&mut self, stated: bool) {
        let s = &mut self.score;
        s.total += 1;
        s.no_record += 1;
        if stated {
            s.stated_total += 1;
        }
    }

    fn finish(mut self) -> FieldScore {
        let s = &mut self.score;
        s.accuracy = ratio(s.correct, s.total);
        s.stated_accuracy = ratio(s.stated_correct, s.stated_total);
        self.score
    }
}

struct Matrix {
    field: &'static str,
    labels: Vec<String>,
    counts: Vec<Vec<usize>>,
}

const NULL_LABEL: &str = "null";
const NO_RECORD_LABEL: &str = "no_record";

impl Matrix {
    fn new(field: &'static str, values: Vec<&'static str>) -> Matrix {
        let mut labels: Vec<String> = values.into_iter().map(String::from).collect();
        labels.push(NULL_LABEL.into());
        labels.push(NO_RECORD_LABEL.into());
        let n = labels.len();
        Matrix {
            field,
            labels,
            counts: vec![vec![0; n]; n],
        }
    }

    fn index(&self, value: Option<&str>) -> usize {
        let label = value.unwrap_or(NULL_LABEL);
        // Values come from the enum's own `as_str`, so every one has a label; anything
        // else would be a bug in this file, shown as null rather than lost.
        self.labels
            .iter()
            .position(|l| l == label)
            .unwrap_or(self.labels.len() - 2)
    }

    /// `got` is `None` when the document has no record.
    fn add(&mut self, want: Option<&str>, got: Option<Option<&str>>) {
        let row = self.index(want);
        let col = match got {
            Some(v) => self.index(v),
            None => self.labels.len() - 1,
        };
        self.counts[row][col] += 1;
    }

    fn finish(self) -> Confusion {
        let values = self.labels.len() - 2;
        let per_label = (0..values)
            .map(|i| {
                let matched = self.counts[i][i];
                let gold: usize = self.counts[i].iter().sum();
                let got: usize = self.counts.iter().map(|row| row[i]).sum();
                LabelScore {
                    label: self.labels[i].clone(),
                    score: Prf::new(matched, got - matched, gold - matched),
                }
            })
            .collect();
        Confusion {
            field: self.field.into(),
            labels: self.labels,
            counts: self.counts,
            per_label,
        }
    }
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// The canonical form of a case number; one that does not parse (masked: `xx刑诉(2018)x号`)
/// compares as written, spaces removed.
pub(crate) fn canonical_case(s: &str) -> String {
    CaseNumber::parse(s)
        .map(|c| c.to_string())
        .unwrap_or_else(|_| squeeze(s))
}

/// The canonical form of an ID number (15 digits converted, upper-case X); an invalid one
/// compares as written, upper-cased, spaces removed.
pub(crate) fn canonical_id(s: &str) -> String {
    IdNumber::parse(s)
        .map(|id| id.as_str().to_string())
        .unwrap_or_else(|_| squeeze(s).to_uppercase())
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn role_set(roles: &[Role]) -> String {
    let mut roles = roles.to_vec();
    roles.sort();
    roles.dedup();
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn gender(g: Gender) -> &'static str {
    match g {
        Gender::Male => "male",
        Gender::Female => "female",
    }
}

fn show(v: &Option<String>) -> String {
    v.clone().unwrap_or_else(|| "null".into())
}

fn show_list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}
