//! Round trips through real Parquet files, and the typed columns checked value by value.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::{Array, LargeStringArray, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use jiuzhu_core::{
    Action, Clue, ClueEvidence, ClueLink, CluePerson, ClueSource, CompensationStatus, Date,
    DocRecord, Enforcement, Evidence, Flag, Format, Gender, Injury, Kind, LinkLevel, Locality,
    Outcome, Person, Reject, RejectReason, Role, RosterHit,
};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::{Error, ROW_GROUP_ROWS, Row, Table, Writer, read_rows};

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// A criminal judgment with a victim (ID, birth date, own compensation), an accused, field
/// evidence and hints: every typed column has a value.
fn judgment() -> DocRecord {
    let mut r = DocRecord::empty("criminal/j03.txt", Format::Txt, "gb18030");
    r.kind = Kind::CriminalJudgment;
    r.title = Some("刑事附带民事判决书".into());
    r.case_number = Some("(2021)浙0382刑初456号".into());
    r.court = Some("乐清市人民法院".into());
    r.date = Some(date("2021-05-11"));
    r.charges = vec!["交通肇事罪".into()];
    let mut victim = Person {
        name: "陈秀英".into(),
        roles: vec![Role::Victim, Role::IncidentalPlaintiff],
        id_number: Some("330382196505121548".into()),
        gender: Some(Gender::Female),
        birth_date: Some(date("1965-05-12")),
        hukou: Some("浙江省乐清市".into()),
        compensation: Some(CompensationStatus::Unsettled),
        ..Person::default()
    };
    victim
        .evidence
        .push(Evidence::new("role:被害人", 812, 818, "被害人陈秀英"));
    let accused = Person {
        name: "王某某".into(),
        roles: vec![Role::Accused],
        anonymized: true,
        gender: Some(Gender::Male),
        ..Person::default()
    };
    r.persons = vec![victim, accused];
    r.compensation.status = CompensationStatus::Unsettled;
    let mut ev = Evidence::new("settle:谅解", 1203, 1215, "亦未取得被害人家属谅解");
    ev.negated = Some(true);
    ev.cue = Some("未".into());
    r.compensation.evidence.push(ev);
    r.injury = Injury::Death;
    r.disability_grade = Some(2);
    r.amounts.awarded = Some(523_000.0);
    r.field_evidence.insert(
        "kind".into(),
        vec![Evidence::new(
            "title:刑事附带民事判决书",
            10,
            19,
            "刑事附带民事判决书",
        )],
    );
    r.warnings.push("two dates in the tail".into());
    r.hints.court = Some("乐清市人民法院".into());
    r.hints.extra.insert("docId".into(), "abc".into());
    r
}

/// An enforcement ruling with no persons.
fn ruling() -> DocRecord {
    let mut r = DocRecord::empty("dump.csv#7", Format::Csv, "utf-8");
    r.kind = Kind::EnforcementRuling;
    r.enforcement = Some(Enforcement {
        outcome: Outcome::TerminatedThisRound,
        basis_case_number: Some("(2021)浙0382民初1234号".into()),
        evidence: Vec::new(),
    });
    r.amounts.unpaid = Some(186_000.5);
    r
}

fn clue() -> Clue {
    Clue {
        model: "M2".into(),
        action: Action::JudicialAid,
        person: CluePerson {
            name: "陈秀英".into(),
            id_number: Some("330382196505121548".into()),
            sex: Some(Gender::Female),
            birth_date: Some(date("1965-05-12")),
            age: Some(61),
            locality: Locality::Local,
        },
        link: ClueLink {
            level: LinkLevel::Id,
            rosters: vec![RosterHit {
                roster: "低保低边".into(),
                file: "rosters/dibao.csv".into(),
                row: 7,
                category: Some("低保".into()),
            }],
            reason: "身份证号一致".into(),
        },
        sources: vec![
            ClueSource {
                source: "civil/c02.txt".into(),
                case_number: Some("(2021)浙0382民初1234号".into()),
                kind: Kind::CivilJudgment,
                roles: vec![Role::Plaintiff],
            },
            ClueSource {
                source: "enforcement/e05.txt".into(),
                case_number: None,
                kind: Kind::EnforcementRuling,
                roles: vec![Role::Applicant],
            },
        ],
        injury: Injury::Serious,
        unpaid_amount: Some(186_000.0),
        flags: vec![Flag::Woman, Flag::Elderly],
        priority: 0.82,
        evidence: vec![ClueEvidence {
            source: "enforcement/e05.txt".into(),
            rule: "outcome:终结本次执行程序".into(),
            text: "终结本次执行程序".into(),
            cue: None,
        }],
    }
}

fn write_all<T: Table>(path: &Path, rows: &[T]) {
    let mut w = Writer::<T, _>::new(File::create(path).unwrap()).unwrap();
    for r in rows {
        w.write(r).unwrap();
    }
    assert_eq!(w.rows(), rows.len() as u64);
    w.finish().unwrap();
}

fn batches(path: &Path) -> Vec<RecordBatch> {
    ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap())
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn records_and_rejects_read_back_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<Row>)> = vec![
        (
            "records",
            vec![Row::Record(judgment()), Row::Record(ruling())],
        ),
        (
            "rejects",
            vec![
                Row::Reject(Reject {
                    source: "x.zip!a.bin".into(),
                    reason: RejectReason::Binary,
                    detail: "NUL bytes".into(),
                }),
                Row::Reject(Reject {
                    source: "-#3".into(),
                    reason: RejectReason::Malformed,
                    detail: "line 3: invalid JSON".into(),
                }),
            ],
        ),
        ("no records", vec![]),
    ];
    for (name, rows) in cases {
        let path = dir.path().join(format!("{name}.parquet"));
        let records: Vec<DocRecord> = rows
            .iter()
            .filter_map(|r| match r {
                Row::Record(d) => Some(d.clone()),
                Row::Reject(_) => None,
            })
            .collect();
        let rejects: Vec<Reject> = rows
            .iter()
            .filter_map(|r| match r {
                Row::Reject(d) => Some(d.clone()),
                Row::Record(_) => None,
            })
            .collect();
        if rejects.is_empty() {
            write_all(&path, &records);
        } else {
            write_all(&path, &rejects);
        }
        let reader = read_rows(&path).unwrap();
        assert_eq!(reader.is_records(), rejects.is_empty(), "{name}");
        let got: Vec<Row> = reader.map(Result::unwrap).collect();
        assert_eq!(got, rows, "{name}");
    }
}

#[test]
fn typed_record_columns_hold_the_values() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.parquet");
    write_all(&path, &[judgment(), ruling()]);
    let b = &batches(&path)[0];
    assert_eq!(b.schema(), crate::records_schema());
    let s = |name: &str, i: usize| {
        let c = b.column_by_name(name).unwrap().as_string::<i32>();
        (!c.is_null(i)).then(|| c.value(i).to_string())
    };
    let rows: Vec<(&str, usize, Option<&str>)> = vec![
        ("source", 0, Some("criminal/j03.txt")),
        ("format", 0, Some("txt")),
        ("encoding", 0, Some("gb18030")),
        ("kind", 0, Some("criminal_judgment")),
        ("case_number", 0, Some("(2021)浙0382刑初456号")),
        ("injury", 0, Some("death")),
        ("cause", 0, None),
        ("kind", 1, Some("enforcement_ruling")),
        ("title", 1, None),
    ];
    for (col, i, want) in rows {
        assert_eq!(s(col, i).as_deref(), want, "{col}[{i}]");
    }
    let dates = b
        .column_by_name("date")
        .unwrap()
        .as_primitive::<Date32Type>();
    assert_eq!(dates.value(0), 18_758, "2021-05-11");
    assert!(dates.is_null(1));
    let grade = b
        .column_by_name("disability_grade")
        .unwrap()
        .as_primitive::<Int32Type>();
    assert_eq!((grade.value(0), grade.is_null(1)), (2, true));

    let persons = b.column_by_name("persons").unwrap().as_list::<i32>();
    assert_eq!((persons.value_length(0), persons.value_length(1)), (2, 0));
    let p = persons.value(0);
    let p = p.as_struct();
    let names = p.column_by_name("name").unwrap().as_string::<i32>();
    assert_eq!((names.value(0), names.value(1)), ("陈秀英", "王某某"));
    let roles = p.column_by_name("roles").unwrap().as_list::<i32>();
    let victim_roles = roles.value(0);
    let victim_roles = victim_roles.as_string::<i32>();
    assert_eq!(
        (victim_roles.value(0), victim_roles.value(1)),
        ("victim", "incidental_plaintiff")
    );
    let birth = p
        .column_by_name("birth_date")
        .unwrap()
        .as_primitive::<Date32Type>();
    assert_eq!(birth.value(0), -1_695, "1965-05-12");
    assert!(birth.is_null(1));
    let own = p.column_by_name("compensation").unwrap().as_string::<i32>();
    assert_eq!((own.value(0), own.is_null(1)), ("unsettled", true));
    let anon = p.column_by_name("anonymized").unwrap().as_boolean();
    assert_eq!((anon.value(0), anon.value(1)), (false, true));

    let enf = b.column_by_name("enforcement").unwrap().as_struct();
    assert!(enf.is_null(0));
    let outcome = enf.column_by_name("outcome").unwrap().as_string::<i32>();
    assert_eq!(outcome.value(1), "terminated_this_round");
    let amounts = b.column_by_name("amounts").unwrap().as_struct();
    let unpaid = amounts
        .column_by_name("unpaid")
        .unwrap()
        .as_primitive::<Float64Type>();
    assert_eq!((unpaid.is_null(0), unpaid.value(1)), (true, 186_000.5));
    let comp = b.column_by_name("compensation").unwrap().as_struct();
    let status = comp.column_by_name("status").unwrap().as_string::<i32>();
    assert_eq!(status.value(1), "unknown");

    // `record` is the records.jsonl line exactly.
    assert_eq!(
        s("record", 0).unwrap(),
        serde_json::to_string(&judgment()).unwrap()
    );
}

#[test]
fn clues_are_typed_and_not_records() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clues.parquet");
    write_all(&path, &[clue()]);
    let b = &batches(&path)[0];
    assert_eq!(b.schema(), crate::clues_schema());
    let person = b.column_by_name("person").unwrap().as_struct();
    let age = person
        .column_by_name("age")
        .unwrap()
        .as_primitive::<Int32Type>();
    assert_eq!(age.value(0), 61);
    let link = b.column_by_name("link").unwrap().as_struct();
    let rosters = link.column_by_name("rosters").unwrap().as_list::<i32>();
    let hit = rosters.value(0);
    let row = hit
        .as_struct()
        .column_by_name("row")
        .unwrap()
        .as_primitive::<Int64Type>();
    assert_eq!(row.value(0), 7);
    let sources = b.column_by_name("sources").unwrap().as_list::<i32>();
    assert_eq!(sources.value_length(0), 2);
    let flags = b.column_by_name("flags").unwrap().as_list::<i32>();
    let flags = flags.value(0);
    let flags = flags.as_string::<i32>();
    assert_eq!((flags.value(0), flags.value(1)), ("woman", "elderly"));
    let ev = b.column_by_name("evidence").unwrap().as_list::<i32>();
    let ev = ev.value(0);
    let cue = ev.as_struct().column_by_name("cue").unwrap();
    assert!(cue.is_null(0));

    match read_rows(&path) {
        Err(Error::NotATable { columns, .. }) => assert!(columns.starts_with("model, action")),
        other => panic!("clues read as rows: {:?}", other.map(|r| r.is_records())),
    }
}

#[test]
fn many_rows_stream_through_batches_and_row_groups() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.parquet");
    let n = ROW_GROUP_ROWS + 1500;
    let rows: Vec<DocRecord> = (0..n)
        .map(|i| {
            let mut r = if i % 2 == 0 { judgment() } else { ruling() };
            r.source = format!("dump.csv#{}", i + 1);
            r
        })
        .collect();
    write_all(&path, &rows);
    let meta = ParquetRecordBatchReaderBuilder::try_new(File::open(&path).unwrap())
        .unwrap()
        .metadata()
        .clone();
    assert_eq!(meta.num_row_groups(), 2);
    let got: Vec<String> = read_rows(&path)
        .unwrap()
        .map(|r| match r.unwrap() {
            Row::Record(d) => d.source,
            Row::Reject(r) => panic!("a reject {r:?}"),
        })
        .collect();
    let want: Vec<String> = rows.into_iter().map(|r| r.source).collect();
    assert_eq!(got, want);
}

#[test]
fn other_writers_string_layouts_and_bad_rows() {
    // Spark and pyarrow may write `record` as a large string; an unrelated JSON is a bad row
    // naming the file and row, and the rows after it are still read.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("part-00000.parquet");
    let schema = Arc::new(Schema::new(vec![
        Field::new("kind", DataType::Utf8, true),
        Field::new("record", DataType::LargeUtf8, true),
    ]));
    let good = serde_json::to_string(&ruling()).unwrap();
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            Arc::new(arrow_array::StringArray::from(vec!["x", "y", "z"])),
            Arc::new(LargeStringArray::from(vec![
                Some(good.as_str()),
                Some("{\"not\":\"a record\"}"),
                None,
            ])),
        ],
    )
    .unwrap();
    let mut w = ArrowWriter::try_new(File::create(&path).unwrap(), schema, None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let got: Vec<Result<Row, String>> = read_rows(&path)
        .unwrap()
        .map(|r| r.map_err(|e| e.to_string()))
        .collect();
    assert_eq!(got[0], Ok(Row::Record(ruling())));
    let err = got[1].as_ref().unwrap_err();
    assert!(
        err.contains("part-00000.parquet: row 2:") && err.contains("not a jiuzhu record"),
        "{err}"
    );
    assert!(
        got[2]
            .as_ref()
            .unwrap_err()
            .contains("row 3: `record` is null")
    );
}

#[test]
fn not_parquet_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let rows: Vec<(&str, &[u8], &str)> = vec![
        ("records.jsonl", b"{\"source\":\"a\"}\n", "records.jsonl"),
        ("empty.parquet", b"", "empty.parquet"),
    ];
    for (name, bytes, want) in rows {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let err = read_rows(&path).err().expect("not Parquet").to_string();
        assert!(err.contains(want), "{name}: {err}");
    }
    let missing = read_rows(&dir.path().join("missing.parquet"))
        .err()
        .unwrap()
        .to_string();
    assert!(missing.contains("missing.parquet"), "{missing}");
}

#[test]
fn spark_ddl_of_the_records_table() {
    let ddl = crate::spark_ddl(&crate::records_schema(), &["record"]);
    assert!(ddl.starts_with("source STRING, format STRING, encoding STRING, kind STRING"));
    assert!(ddl.contains(
        "persons ARRAY<STRUCT<name: STRING, roles: ARRAY<STRING>, org: BOOLEAN, anonymized: BOOLEAN"
    ));
    assert!(ddl.contains("birth_date: DATE"));
    assert!(ddl.ends_with("warnings ARRAY<STRING>"));
    assert!(!ddl.contains("record STRING"));
}
