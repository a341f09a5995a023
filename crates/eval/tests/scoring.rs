//! Crafted mistakes: a hand-built corpus of five records, gold made from them (so the
//! baseline is perfect), then one planted mistake per row with every measure it must move,
//! by exactly how much, and the exact error list. Every measure a row does not name must
//! stay at its baseline, so a mistake that leaks into another field fails the row.

use jiuzhu_core::{
    CompensationStatus, DocRecord, Enforcement, Format, Gender, Injury, Kind, Outcome, Person, Role,
};
use jiuzhu_eval::{ClueKey, Error, GoldDoc, Report, evaluate, read_expected_clues, score_clues};

const ZHENG: &str = "33038219590314417X"; // 郑国平
const HUANG: &str = "330382198305063357"; // 黄志勇
const WU: &str = "330382197008220315"; // 吴志坚
const CHEN: &str = "330382196505121540"; // 陈秀英
const OTHER_ID: &str = "330382197910056644";

fn person(name: &str, roles: &[Role], id: Option<&str>) -> Person {
    Person {
        name: name.into(),
        roles: roles.to_vec(),
        anonymized: jiuzhu_core::is_anonymized(name),
        id_number: id.map(String::from),
        ..Person::default()
    }
}

fn doc(source: &str, kind: Kind, case: &str, date: &str) -> DocRecord {
    let mut r = DocRecord::empty(source, Format::Txt, "utf-8");
    r.kind = kind;
    r.case_number = Some(case.into());
    r.court = Some("乐清市人民法院".into());
    r.date = Some(date.parse().unwrap());
    r
}

/// Five documents, 14 persons (5 on the victim side, 4 with IDs).
fn corpus() -> Vec<DocRecord> {
    let mut a = doc(
        "criminal/j1.txt",
        Kind::CriminalJudgment,
        "(2022)浙0382刑初312号",
        "2022-06-01",
    );
    a.charges = vec!["故意伤害罪".into()];
    let mut zheng = person(
        "郑国平",
        &[Role::Victim, Role::IncidentalPlaintiff],
        Some(ZHENG),
    );
    zheng.gender = Some(Gender::Male);
    a.persons = vec![zheng, person("黄志勇", &[Role::Accused], Some(HUANG))];
    a.compensation.status = CompensationStatus::Unsettled;
    a.injury = Injury::Minor;

    let mut b = doc(
        "procuratorate/i1.txt",
        Kind::Indictment,
        "乐检刑诉(2022)89号",
        "2022-03-28",
    );
    b.court = Some("乐清市人民检察院".into());
    b.charges = vec!["故意伤害罪".into()];
    b.persons = vec![
        person("麻建华", &[Role::Accused], None),
        person("吴志坚", &[Role::Victim], Some(WU)),
        person("叶小芬", &[Role::Relative], None),
        person("吴晓东", &[Role::Relative], None),
    ];
    b.compensation.status = CompensationStatus::Unsettled;
    b.injury = Injury::Death;

    let mut c = doc(
        "civil/c1.txt",
        Kind::CivilJudgment,
        "(2021)浙0382民初1234号",
        "2021-09-10",
    );
    c.cause = Some("机动车交通事故责任纠纷".into());
    let mut insurer = person(
        "中国人民财产保险股份有限公司乐清支公司",
        &[Role::Defendant],
        None,
    );
    insurer.org = true;
    c.persons = vec![
        person("陈秀英", &[Role::Plaintiff], Some(CHEN)),
        insurer,
        person("张某", &[Role::Defendant], None),
    ];
    c.injury = Injury::Serious;
    c.disability_grade = Some(7);

    let mut d = doc(
        "enforcement/e1.txt",
        Kind::EnforcementRuling,
        "(2022)浙0382执567号",
        "2022-05-01",
    );
    d.persons = vec![
        person("陈秀英", &[Role::Applicant], None),
        person("张某", &[Role::Respondent], None),
    ];
    d.compensation.status = CompensationStatus::Unsettled;
    d.enforcement = Some(Enforcement {
        outcome: Outcome::TerminatedThisRound,
        basis_case_number: Some("(2021)浙0382民初1234号".into()),
        evidence: vec![],
    });

    let mut e = doc(
        "criminal/j2.html",
        Kind::CriminalJudgment,
        "(2022)浙0382刑初845号",
        "2022-11-20",
    );
    e.charges = vec!["故意伤害罪".into(), "寻衅滋事罪".into()];
    e.persons = vec![
        person("赵某", &[Role::Accused], None),
        person("李某", &[Role::Victim], None),
        person("王某1", &[Role::Victim], None),
    ];
    e.compensation.status = CompensationStatus::Settled;
    e.injury = Injury::Minor;

    vec![a, b, c, d, e]
}

fn gold() -> Vec<GoldDoc> {
    corpus().iter().map(GoldDoc::from_record).collect()
}

fn rec<'a>(records: &'a mut [DocRecord], source: &str) -> &'a mut DocRecord {
    records.iter_mut().find(|r| r.source == source).unwrap()
}

fn who<'a>(records: &'a mut [DocRecord], source: &str, name: &str) -> &'a mut Person {
    rec(records, source)
        .persons
        .iter_mut()
        .find(|p| p.name == name)
        .unwrap()
}

/// What a row expects of one measure.
enum Check {
    /// A document field: [correct, total, stated_correct, stated_total, missed, spurious,
    /// mismatched, no_record].
    Field(&'static str, [usize; 8]),
    /// A matched-person field, same counts.
    PersonField(&'static str, [usize; 8]),
    /// `charges` or a person subset: [matched, spurious, missed].
    Set(&'static str, [usize; 3]),
    /// Exact precision and recall of a set.
    Pr(&'static str, Option<f64>, Option<f64>),
    /// Exact accuracy and stated accuracy of a document or person field.
    Acc(&'static str, Option<f64>, Option<f64>),
    /// One confusion-matrix cell: field, gold label, record label, count.
    Cell(&'static str, &'static str, &'static str, usize),
    /// Gold documents without a record, and records without gold.
    Docs(&'static [&'static str], usize),
}

use Check::*;

type Mutation = fn(&mut Vec<DocRecord>);
/// Expected disagreements: (source, field, person, expected, got).
type Errs = &'static [(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)];

fn field_counts(r: &Report, name: &str) -> [usize; 8] {
    let f = r
        .field(name)
        .or_else(|| r.person_field(name))
        .unwrap_or_else(|| panic!("no field {name}"));
    [
        f.correct,
        f.total,
        f.stated_correct,
        f.stated_total,
        f.missed,
        f.spurious,
        f.mismatched,
        f.no_record,
    ]
}

fn set(r: &Report, name: &str) -> jiuzhu_eval::Prf {
    if name == "charges" {
        r.charges
    } else {
        *r.persons(name.trim_start_matches("persons."))
            .unwrap_or_else(|| panic!("no set {name}"))
    }
}

fn cell(r: &Report, field: &str, gold: &str, got: &str) -> usize {
    let c = r.confusion(field).unwrap();
    let i = c.labels.iter().position(|l| l == gold).unwrap();
    let j = c.labels.iter().position(|l| l == got).unwrap();
    c.counts[i][j]
}

#[test]
fn baseline_is_perfect() {
    let r = evaluate(&gold(), &corpus()).unwrap();
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    for f in r.fields.iter().chain(&r.person_fields) {
        assert_eq!(f.accuracy, Some(1.0), "{}", f.field);
    }
    for s in &r.persons {
        assert_eq!(s.score.f1, Some(1.0), "{}", s.subset);
    }
    assert_eq!(r.charges.f1, Some(1.0));
    // The corpus is what the rows below count on.
    assert_eq!(field_counts(&r, "kind"), [5, 5, 5, 5, 0, 0, 0, 0]);
    assert_eq!(field_counts(&r, "cause")[..4], [5, 5, 1, 1]);
    assert_eq!(field_counts(&r, "enforcement.outcome")[..4], [5, 5, 1, 1]);
    assert_eq!(field_counts(&r, "id_number")[..4], [14, 14, 4, 4]);
    assert_eq!(field_counts(&r, "gender")[..4], [14, 14, 1, 1]);
    assert_eq!(set(&r, "persons.all").matched, 14);
    assert_eq!(set(&r, "persons.victim_side").matched, 5);
    assert_eq!(set(&r, "persons.accused").matched, 3);
    assert_eq!(set(&r, "persons.relative").matched, 2);
    assert_eq!(set(&r, "charges").matched, 4);
}

#[test]
fn planted_mistakes_move_exactly_their_measures() {
    let rows: Vec<(&str, Mutation, Vec<Check>, Errs)> = vec![
        (
            "missed victim",
            |rs| {
                rec(rs, "criminal/j2.html")
                    .persons
                    .retain(|p| p.name != "王某1")
            },
            vec![
                Set("persons.all", [13, 0, 1]),
                Set("persons.victim_side", [4, 0, 1]),
                Pr("persons.victim_side", Some(1.0), Some(4.0 / 5.0)),
                Pr("persons.all", Some(1.0), Some(13.0 / 14.0)),
                // Person fields are scored on matched persons: one fewer.
                PersonField("roles", [13, 13, 13, 13, 0, 0, 0, 0]),
                PersonField("id_number", [13, 13, 4, 4, 0, 0, 0, 0]),
                PersonField("anonymized", [13, 13, 13, 13, 0, 0, 0, 0]),
                PersonField("org", [13, 13, 13, 13, 0, 0, 0, 0]),
                PersonField("gender", [13, 13, 1, 1, 0, 0, 0, 0]),
                PersonField("birth_date", [13, 13, 0, 0, 0, 0, 0, 0]),
            ],
            &[("criminal/j2.html", "persons", "王某1", "王某1", "(none)")],
        ),
        (
            "spurious victim",
            |rs| {
                rec(rs, "criminal/j1.txt")
                    .persons
                    .push(person("郑小宝", &[Role::Victim], None))
            },
            vec![
                Set("persons.all", [14, 1, 0]),
                Set("persons.victim_side", [5, 1, 0]),
                Pr("persons.victim_side", Some(5.0 / 6.0), Some(1.0)),
            ],
            &[("criminal/j1.txt", "persons", "郑小宝", "(none)", "郑小宝")],
        ),
        (
            "wrong compensation status",
            |rs| rec(rs, "procuratorate/i1.txt").compensation.status = CompensationStatus::Settled,
            vec![
                Field("compensation", [4, 5, 4, 5, 0, 0, 1, 0]),
                Acc("compensation", Some(0.8), Some(0.8)),
                Cell("compensation", "unsettled", "settled", 1),
                Cell("compensation", "unsettled", "unsettled", 2),
            ],
            &[(
                "procuratorate/i1.txt",
                "compensation",
                "",
                "unsettled",
                "settled",
            )],
        ),
        (
            "wrong ID number",
            |rs| who(rs, "criminal/j1.txt", "黄志勇").id_number = Some(OTHER_ID.into()),
            vec![
                PersonField("id_number", [13, 14, 3, 4, 0, 0, 1, 0]),
                Acc("id_number", Some(13.0 / 14.0), Some(0.75)),
            ],
            &[("criminal/j1.txt", "id_number", "黄志勇", HUANG, OTHER_ID)],
        ),
        (
            "spurious ID number",
            |rs| who(rs, "criminal/j2.html", "赵某").id_number = Some(OTHER_ID.into()),
            vec![
                PersonField("id_number", [13, 14, 4, 4, 0, 1, 0, 0]),
                Acc("id_number", Some(13.0 / 14.0), Some(1.0)),
            ],
            &[("criminal/j2.html", "id_number", "赵某", "null", OTHER_ID)],
        ),
        (
            "missed ID number",
            |rs| who(rs, "civil/c1.txt", "陈秀英").id_number = None,
            vec![PersonField("id_number", [13, 14, 3, 4, 1, 0, 0, 0])],
            &[("civil/c1.txt", "id_number", "陈秀英", CHEN, "null")],
        ),
        (
            "ID in lower case and 15 digits is still exact",
            |rs| {
                who(rs, "criminal/j1.txt", "郑国平").id_number = Some(ZHENG.to_lowercase());
                who(rs, "civil/c1.txt", "陈秀英").id_number = Some("330382650512154".into());
            },
            vec![],
            &[],
        ),
        (
            "victim read as accused",
            |rs| who(rs, "procuratorate/i1.txt", "吴志坚").roles = vec![Role::Accused],
            vec![
                Set("persons.victim_side", [4, 0, 1]),
                Set("persons.accused", [3, 1, 0]),
                Pr("persons.accused", Some(0.75), Some(1.0)),
                PersonField("roles", [13, 14, 13, 14, 0, 0, 1, 0]),
            ],
            &[(
                "procuratorate/i1.txt",
                "roles",
                "吴志坚",
                "victim",
                "accused",
            )],
        ),
        (
            "role order does not matter, an extra role does",
            |rs| {
                who(rs, "criminal/j1.txt", "郑国平").roles =
                    vec![Role::IncidentalPlaintiff, Role::Victim];
                who(rs, "procuratorate/i1.txt", "叶小芬").roles =
                    vec![Role::Relative, Role::Victim];
            },
            vec![
                Set("persons.victim_side", [5, 1, 0]),
                PersonField("roles", [13, 14, 13, 14, 0, 0, 1, 0]),
            ],
            &[(
                "procuratorate/i1.txt",
                "roles",
                "叶小芬",
                "relative",
                "victim,relative",
            )],
        ),
        (
            "document without a record",
            |rs| rs.retain(|r| r.source != "procuratorate/i1.txt"),
            vec![
                Docs(&["procuratorate/i1.txt"], 0),
                Field("kind", [4, 5, 4, 5, 0, 0, 0, 1]),
                Field("case_number", [4, 5, 4, 5, 0, 0, 0, 1]),
                Field("court", [4, 5, 4, 5, 0, 0, 0, 1]),
                Field("date", [4, 5, 4, 5, 0, 0, 0, 1]),
                Field("compensation", [4, 5, 4, 5, 0, 0, 0, 1]),
                Field("injury", [4, 5, 4, 5, 0, 0, 0, 1]),
                // Fields its gold leaves null: wrong (no record), though not stated.
                Field("cause", [4, 5, 1, 1, 0, 0, 0, 1]),
                Field("enforcement.outcome", [4, 5, 1, 1, 0, 0, 0, 1]),
                Field("enforcement.basis_case_number", [4, 5, 1, 1, 0, 0, 0, 1]),
                Field("disability_grade", [4, 5, 1, 1, 0, 0, 0, 1]),
                Cell("kind", "indictment", "no_record", 1),
                Set("charges", [3, 0, 1]),
                Set("persons.all", [10, 0, 4]),
                Set("persons.victim_side", [4, 0, 1]),
                Set("persons.accused", [2, 0, 1]),
                Set("persons.relative", [0, 0, 2]),
                Pr("persons.relative", None, Some(0.0)),
                PersonField("roles", [10, 14, 10, 14, 0, 0, 0, 4]),
                PersonField("id_number", [10, 14, 3, 4, 0, 0, 0, 4]),
                PersonField("anonymized", [10, 14, 10, 14, 0, 0, 0, 4]),
                PersonField("org", [10, 14, 10, 14, 0, 0, 0, 4]),
                PersonField("gender", [10, 14, 1, 1, 0, 0, 0, 4]),
                PersonField("birth_date", [10, 14, 0, 0, 0, 0, 0, 4]),
            ],
            &[(
                "procuratorate/i1.txt",
                "document",
                "",
                "a record",
                "(no record)",
            )],
        ),
        (
            "record without gold is ignored",
            |rs| {
                let mut extra = doc(
                    "other/x.txt",
                    Kind::Other,
                    "(2020)浙0382民初1号",
                    "2020-01-01",
                );
                extra.persons.push(person("某人", &[Role::Victim], None));
                rs.push(extra)
            },
            vec![Docs(&[], 1)],
            &[],
        ),
        (
            "wrong charge",
            |rs| rec(rs, "criminal/j2.html").charges = vec!["故意伤害罪".into(), "抢劫罪".into()],
            vec![
                Set("charges", [3, 1, 1]),
                Pr("charges", Some(0.75), Some(0.75)),
            ],
            &[(
                "criminal/j2.html",
                "charges",
                "",
                "[故意伤害罪, 寻衅滋事罪]",
                "[故意伤害罪, 抢劫罪]",
            )],
        ),
        (
            "case numbers compare canonically; a wrong one does not",
            |rs| {
                rec(rs, "criminal/j1.txt").case_number = Some("（２０２２）浙0382刑初312号".into());
                rec(rs, "procuratorate/i1.txt").case_number = Some("乐检刑诉〔2022〕89号".into());
                rec(rs, "enforcement/e1.txt").case_number = Some("(2022)浙0382执00567号".into());
                rec(rs, "civil/c1.txt").case_number = Some("(2021)浙0382民初1243号".into());
            },
            vec![Field("case_number", [4, 5, 4, 5, 0, 0, 1, 0])],
            &[(
                "civil/c1.txt",
                "case_number",
                "",
                "(2021)浙0382民初1234号",
                "(2021)浙0382民初1243号",
            )],
        ),
        (
            "enforcement: wrong outcome, missing basis, spurious outcome elsewhere",
            |rs| {
                let e = rec(rs, "enforcement/e1.txt").enforcement.as_mut().unwrap();
                e.outcome = Outcome::Completed;
                e.basis_case_number = None;
                rec(rs, "criminal/j1.txt").enforcement = Some(Enforcement {
                    outcome: Outcome::Other,
                    basis_case_number: None,
                    evidence: vec![],
                });
            },
            vec![
                Field("enforcement.outcome", [3, 5, 0, 1, 0, 1, 1, 0]),
                Acc("enforcement.outcome", Some(0.6), Some(0.0)),
                Field("enforcement.basis_case_number", [4, 5, 0, 1, 1, 0, 0, 0]),
                Cell(
                    "enforcement.outcome",
                    "terminated_this_round",
                    "completed",
                    1,
                ),
                Cell("enforcement.outcome", "null", "other", 1),
                Cell("enforcement.outcome", "null", "null", 3),
            ],
            &[
                (
                    "criminal/j1.txt",
                    "enforcement.outcome",
                    "",
                    "null",
                    "other",
                ),
                (
                    "enforcement/e1.txt",
                    "enforcement.outcome",
                    "",
                    "terminated_this_round",
                    "completed",
                ),
                (
                    "enforcement/e1.txt",
                    "enforcement.basis_case_number",
                    "",
                    "(2021)浙0382民初1234号",
                    "null",
                ),
            ],
        ),
        (
            "kind, injury, disability grade, date, court, cause",
            |rs| {
                let r = rec(rs, "civil/c1.txt");
                r.kind = Kind::Other;
                r.injury = Injury::Unknown;
                r.disability_grade = None;
                r.date = Some("2021-09-11".parse().unwrap());
                r.court = Some("乐 清 市人民法院".into());
                r.cause = None;
            },
            vec![
                Field("kind", [4, 5, 4, 5, 0, 0, 1, 0]),
                Cell("kind", "civil_judgment", "other", 1),
                Field("injury", [4, 5, 4, 5, 0, 0, 1, 0]),
                Cell("injury", "serious", "unknown", 1),
                Field("disability_grade", [4, 5, 0, 1, 1, 0, 0, 0]),
                Field("date", [4, 5, 4, 5, 0, 0, 1, 0]),
                Field("cause", [4, 5, 0, 1, 1, 0, 0, 0]),
            ],
            &[
                ("civil/c1.txt", "kind", "", "civil_judgment", "other"),
                ("civil/c1.txt", "date", "", "2021-09-10", "2021-09-11"),
                (
                    "civil/c1.txt",
                    "cause",
                    "",
                    "机动车交通事故责任纠纷",
                    "null",
                ),
                ("civil/c1.txt", "injury", "", "serious", "unknown"),
                ("civil/c1.txt", "disability_grade", "", "7", "null"),
            ],
        ),
        (
            "names compare normalised; representatives are not scored",
            |rs| {
                who(rs, "procuratorate/i1.txt", "吴晓东").name = "吴 晓东".into();
                rec(rs, "criminal/j1.txt").persons.push(person(
                    "林美娟",
                    &[Role::Representative],
                    None,
                ));
            },
            vec![],
            &[],
        ),
        (
            "flags and sex of a matched person",
            |rs| {
                let insurer = &mut rec(rs, "civil/c1.txt").persons[1];
                insurer.org = false;
                who(rs, "criminal/j2.html", "李某").anonymized = false;
                who(rs, "criminal/j1.txt", "郑国平").gender = Some(Gender::Female);
            },
            vec![
                // The insurer is a defendant, so losing its org flag moves `org` only.
                PersonField("org", [13, 14, 13, 14, 0, 0, 1, 0]),
                PersonField("anonymized", [13, 14, 13, 14, 0, 0, 1, 0]),
                PersonField("gender", [13, 14, 0, 1, 0, 0, 1, 0]),
            ],
            &[
                ("criminal/j1.txt", "gender", "郑国平", "male", "female"),
                (
                    "civil/c1.txt",
                    "org",
                    "中国人民财产保险股份有限公司乐清支公司",
                    "true",
                    "false",
                ),
                ("criminal/j2.html", "anonymized", "李某", "true", "false"),
            ],
        ),
        (
            "an organisation plaintiff is not on the victim side",
            |rs| {
                let mut company = person("乐清市某运输有限公司", &[Role::Plaintiff], None);
                company.org = true;
                rec(rs, "civil/c1.txt").persons.push(company)
            },
            vec![Set("persons.all", [14, 1, 0])],
            &[(
                "civil/c1.txt",
                "persons",
                "乐清市某运输有限公司",
                "(none)",
                "乐清市某运输有限公司",
            )],
        ),
    ];

    let baseline = evaluate(&gold(), &corpus()).unwrap();
    for (what, mutate, checks, errs) in rows {
        let mut records = corpus();
        mutate(&mut records);
        let r = evaluate(&gold(), &records).unwrap();

        let mut named_fields = Vec::new();
        let mut named_sets = Vec::new();
        let mut docs_checked = false;
        for check in &checks {
            match check {
                Field(name, want) | PersonField(name, want) => {
                    named_fields.push(*name);
                    assert_eq!(field_counts(&r, name), *want, "{what}: {name}");
                }
                Set(name, [m, s, x]) => {
                    named_sets.push(*name);
                    let p = set(&r, name);
                    assert_eq!(
                        (p.matched, p.spurious, p.missed),
                        (*m, *s, *x),
                        "{what}: {name}"
                    );
                }
                Pr(name, p, rc) => {
                    let got = set(&r, name);
                    assert_eq!((got.precision, got.recall), (*p, *rc), "{what}: {name}");
                }
                Acc(name, a, s) => {
                    let f = r.field(name).or_else(|| r.person_field(name)).unwrap();
                    assert_eq!((f.accuracy, f.stated_accuracy), (*a, *s), "{what}: {name}");
                }
                Cell(field, g, got, n) => {
                    assert_eq!(cell(&r, field, g, got), *n, "{what}: {field} {g}→{got}")
                }
                Docs(missing, ignored) => {
                    docs_checked = true;
                    assert_eq!(r.missing_documents, *missing, "{what}");
                    assert_eq!(r.documents.ignored_records, *ignored, "{what}");
                    assert_eq!(r.documents.missing, missing.len(), "{what}");
                    assert_eq!(r.documents.scored, 5 - missing.len(), "{what}");
                }
            }
        }
        // Everything not named stays at the baseline.
        for f in baseline.fields.iter().chain(&baseline.person_fields) {
            if !named_fields.contains(&f.field.as_str()) {
                assert_eq!(
                    field_counts(&r, &f.field),
                    field_counts(&baseline, &f.field),
                    "{what}: {} moved",
                    f.field
                );
            }
        }
        let set_names = std::iter::once("charges".to_string()).chain(
            baseline
                .persons
                .iter()
                .map(|s| format!("persons.{}", s.subset)),
        );
        for name in set_names {
            if !named_sets.contains(&name.as_str()) {
                assert_eq!(
                    set(&r, &name),
                    set(&baseline, &name),
                    "{what}: {name} moved"
                );
            }
        }
        if !docs_checked {
            assert_eq!(r.documents, baseline.documents, "{what}");
        }
        // Invariant of every field score.
        for f in r.fields.iter().chain(&r.person_fields) {
            assert_eq!(
                f.total - f.correct,
                f.missed + f.spurious + f.mismatched + f.no_record,
                "{what}: {}",
                f.field
            );
        }
        let got: Vec<(&str, &str, &str, &str, &str)> = r
            .errors
            .iter()
            .map(|e| {
                (
                    e.source.as_str(),
                    e.field.as_str(),
                    e.person.as_deref().unwrap_or(""),
                    e.expected.as_str(),
                    e.got.as_str(),
                )
            })
            .collect();
        assert_eq!(got, errs, "{what}: error list");
        // The renderings carry every error, and the JSON summary reads back (ratios up to
        // float printing, so compare what has no float).
        assert_eq!(r.render_errors().lines().count(), errs.len() + 1, "{what}");
        let json = serde_json::to_string(&r).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(
            (&back.errors, &back.documents),
            (&r.errors, &r.documents),
            "{what}"
        );
        assert_eq!(back.fields.len(), r.fields.len(), "{what}");
    }
}

/// Gold and records of one evaluation.
type Inputs = (Vec<GoldDoc>, Vec<DocRecord>);

#[test]
fn empty_inputs() {
    // (what, gold, records, gold documents without a record, records without gold)
    let rows: Vec<(&str, Inputs, usize, usize)> = vec![
        ("nothing at all", (vec![], vec![]), 0, 0),
        ("records but no gold", (vec![], corpus()), 0, 5),
        ("gold but no records", (gold(), vec![]), 5, 0),
    ];
    for (what, (g, records), missing, ignored) in rows {
        let r = evaluate(&g, &records).unwrap();
        assert_eq!(r.documents.missing, missing, "{what}");
        assert_eq!(r.documents.ignored_records, ignored, "{what}");
        assert_eq!(r.errors.len(), missing, "{what}");
        for f in r.fields.iter().chain(&r.person_fields) {
            let want = if g.is_empty() { None } else { Some(0.0) };
            assert_eq!(f.accuracy, want, "{what}: {}", f.field);
        }
        // Nothing found: precision undefined; recall 0 when gold had something.
        assert_eq!(r.persons("all").unwrap().precision, None, "{what}");
        let recall = if g.is_empty() { None } else { Some(0.0) };
        assert_eq!(r.persons("all").unwrap().recall, recall, "{what}");
        assert_eq!(r.persons("all").unwrap().f1, None, "{what}");
        // The table renders without dividing by zero.
        let text = r.render_text();
        assert!(text.contains("Documents:"), "{what}");
        assert!(text.contains(" -"), "{what}: undefined ratios show as -");
    }
    let clues = score_clues(&[], &[]);
    assert!(clues.models.is_empty());
    assert_eq!(clues.overall.f1, None);
}

#[test]
fn duplicate_sources_are_errors() {
    let mut doubled_gold = gold();
    doubled_gold.push(doubled_gold[2].clone());
    let mut doubled_records = corpus();
    doubled_records.insert(0, corpus()[4].clone());
    // (what, inputs, where the error points, the duplicated source)
    let rows: Vec<(&str, Inputs, (&str, usize), &str)> = vec![
        (
            "gold",
            (doubled_gold, corpus()),
            ("<gold>", 6),
            "civil/c1.txt",
        ),
        (
            "records",
            (gold(), doubled_records),
            ("<records>", 6),
            "criminal/j2.html",
        ),
    ];
    for (what, (g, records), (path, line), source) in rows {
        match evaluate(&g, &records) {
            Err(Error::Invalid(ps)) => {
                assert_eq!(ps.len(), 1, "{what}");
                assert_eq!((ps[0].path.as_str(), ps[0].line), (path, line), "{what}");
                assert!(ps[0].message.contains(source), "{what}: {}", ps[0].message);
            }
            other => panic!("{what}: expected a duplicate error, got {other:?}"),
        }
    }
}

#[test]
fn same_name_twice_pairs_by_id() {
    // Two 王丽华 in one document: the record lists them in the other order, and pairing by
    // ID keeps each ID exact.
    let w1966 = "330382196602113227";
    let w1979 = "330382197910056644";
    let mut record = doc(
        "civil/c9.txt",
        Kind::CivilJudgment,
        "(2022)浙0382民初1873号",
        "2022-04-01",
    );
    record.persons = vec![
        person("王丽华", &[Role::Plaintiff], Some(w1966)),
        person("王丽华", &[Role::Defendant], Some(w1979)),
    ];
    let g = GoldDoc::from_record(&record);
    record.persons.reverse();
    let r = evaluate(&[g], &[record]).unwrap();
    assert_eq!(
        r.person_field("id_number").unwrap().stated_accuracy,
        Some(1.0)
    );
    assert_eq!(r.person_field("roles").unwrap().accuracy, Some(1.0));
    assert_eq!(r.persons("all").unwrap().f1, Some(1.0));
}

#[test]
fn rendering_is_readable() {
    let mut records = corpus();
    rec(&mut records, "procuratorate/i1.txt")
        .compensation
        .status = CompensationStatus::Settled;
    records.retain(|r| r.source != "enforcement/e1.txt");
    let mut r = evaluate(&gold(), &records).unwrap();
    let expected = read_expected_clues(
        std::io::Cursor::new(format!(
            "{{\"model\": \"M1\", \"person\": {{\"name\": \"郑国平\", \"id_number\": \"{ZHENG}\"}}}}\n"
        )),
        "expected_clues.jsonl",
    )
    .unwrap();
    r.clues = Some(score_clues(
        &expected,
        &[ClueKey::new("M1", "林阿菊", None)],
    ));
    let text = r.render_text();
    for want in [
        "Documents: 5 in gold, 4 scored, 1 without a record, 0 records without gold (ignored)",
        "  enforcement/e1.txt",
        "compensation",
        "0.600",
        "persons.victim_side",
        "compensation (rows: gold, columns: records)",
        "no_record",
        "clues per model",
        "Missed clues:\n  M1 郑国平 33038219590314417X",
        "Spurious clues:\n  M1 林阿菊 (no ID)",
    ] {
        assert!(text.contains(want), "missing {want:?} in\n{text}");
    }
    // Rows of a table line up: every line of the field table is as wide as its header
    // or narrower only by trailing blanks trimmed.
    let header = text
        .lines()
        .find(|l| l.starts_with("document field"))
        .unwrap();
    let kind_row = text.lines().find(|l| l.starts_with("kind ")).unwrap();
    assert_eq!(header.chars().count(), kind_row.chars().count(), "{text}");

    let errors = r.render_errors();
    assert!(errors.starts_with("source\tfield\tperson\texpected\tgot\n"));
    assert!(errors.contains("procuratorate/i1.txt\tcompensation\t\tunsettled\tsettled\n"));
    assert!(errors.contains("enforcement/e1.txt\tdocument\t\ta record\t(no record)\n"));
}
