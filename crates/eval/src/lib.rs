//! Scores jiuzhu's output against gold annotations: what `jiuzhu eval` reports to the
//! evaluator, and what the rules engineer watches after a dictionary change.
//!
//! This crate is the judge, so it shares no code with the judged (STYLE.md 2): it depends
//! on `jiuzhu-core` for the vocabulary (records, clues, ID and case numbers, name
//! normalisation) and on neither `jiuzhu-extract` nor `jiuzhu-link`.
//!
//! - **Gold** ([`GoldDoc`], [`load_gold`]): the format of `corpora/gold/README.md`, one
//!   object per document; every line validated, every bad line reported as `file:line` with
//!   the fix ([`Error::Invalid`]).
//! - **Records** ([`load_records`]): `records.jsonl` as `jiuzhu extract` writes it.
//! - **Scores** ([`evaluate`] → [`Report`]): documents matched by `source`; accuracy of
//!   the single-valued fields ([`FieldScore`], with how `null` counts explained in
//!   [`score`]), confusion matrices of the enum fields, micro-averaged precision / recall /
//!   F1 of charges and of persons by normalised name (all, victim side, accused, applicant,
//!   respondent, relative), and the roles, ID numbers, flags, sex and birth date of matched
//!   persons. Gold documents without a record count as wrong everywhere and are listed;
//!   records without gold are counted and ignored.
//! - **Models** ([`score_clues`] → [`ClueReport`]): expected clues against produced clues,
//!   per model; the expected-clue format is in [`clues`].
//! - **Output**: every type is `serde`-serialisable (the JSON summary for machines);
//!   [`Report::render_text`] gives aligned tables and [`Report::render_errors`] the list
//!   of disagreements (source, field, person, expected, got) for people.
//!
//! ```
//! use jiuzhu_core::{CompensationStatus, DocRecord, Format, Kind, Person, Role};
//! use jiuzhu_eval::{GoldDoc, evaluate, read_gold};
//!
//! let gold = read_gold(std::io::Cursor::new(r#"{"source": "j1.txt", "kind": "criminal_judgment",
//!   "case_number": "(2021)浙0382刑初456号", "court": "乐清市人民法院", "date": "2021-05-11",
//!   "charges": ["交通肇事罪"], "cause": null,
//!   "persons": [{"name": "王某某", "roles": ["victim"], "org": false, "anonymized": true,
//!                "id_number": null, "gender": null, "birth_date": null}],
//!   "compensation": {"status": "unsettled"}, "enforcement": null, "injury": "death",
//!   "disability_grade": null, "notes": null}"#.replace('\n', "")), "gold.jsonl").unwrap();
//!
//! // A record that finds the victim but reads the compensation as settled.
//! let mut record = DocRecord::empty("j1.txt", Format::Txt, "utf-8");
//! record.kind = Kind::CriminalJudgment;
//! record.case_number = Some("（2021）浙0382刑初456号".into()); // compared canonically
//! record.persons.push(Person { name: "王某某".into(), roles: vec![Role::Victim],
//!                              anonymized: true, ..Person::default() });
//! record.compensation.status = CompensationStatus::Settled;
//!
//! let report = evaluate(&gold, &[record]).unwrap();
//! assert_eq!(report.field("case_number").unwrap().accuracy, Some(1.0));
//! assert_eq!(report.field("compensation").unwrap().accuracy, Some(0.0));
//! assert_eq!(report.persons("victim_side").unwrap().recall, Some(1.0));
//! let errors = report.render_errors();
//! assert!(errors.contains("j1.txt\tcompensation\t\tunsettled\tsettled"));
//! println!("{}", report.render_text());
//! # let _ = GoldDoc::from_record;
//! ```

#![deny(missing_docs)]

pub mod clues;
mod error;
mod gold;
mod load;
mod render;
pub mod score;

pub use clues::{
    ClueKey, CluePersonKey, ClueReport, ModelScore, load_clues, load_expected_clues, read_clues,
    read_expected_clues, score_clues,
};
pub use error::{Error, Problem};
pub use gold::{GoldCompensation, GoldDoc, GoldEnforcement, GoldPerson};
pub use load::{load_gold, load_records, read_gold, read_records};
pub use score::{
    Confusion, DOCUMENT_FIELDS, Disagreement, DocumentCounts, FieldScore, LabelScore,
    PERSON_FIELDS, PERSON_SUBSETS, Prf, Report, SubsetScore, evaluate,
};
