//! One table row per linkage rule: a victim in an indictment, a hardship roster, and whether
//! M1 links them, at which level and why.

use jiuzhu_core::{Gender, Kind, LinkLevel, Outcome, Person, Role};
use jiuzhu_link::ProblemKind;

use crate::util::*;

const CHEN: &str = "330382196505121540"; // 陈秀英, F, 1965-05-12
const CHEN_15: &str = "330382650512154"; // the same, pre-1999 form
const OTHER: &str = "330382199202020033"; // someone else (M, 1992-02-02)
/// Another woman born the same day in the same county: only the ID tells them apart.
const TWIN: &str = "330382196505121567";
const WOMAN_1988: &str = "330382198808080028";

struct Row {
    what: &'static str,
    victim: Person,
    roster: String,
    want: Option<(LinkLevel, &'static str)>,
}

fn victim(name: &str) -> Person {
    person(name, &[Role::Victim])
}

fn m1(victim: Person, roster_csv: &str) -> jiuzhu_link::ScreenResult {
    let f = Fixture::new();
    f.write("dibao.csv", roster_csv);
    let config = format!(
        "{REGION}{}",
        roster_entry("hardship", "低保低边", "dibao.csv")
    );
    let d = doc("i.txt", Kind::Indictment, "乐检刑诉(2022)1号", "2022-01-01")
        .charge("故意伤害罪")
        .with(victim);
    f.screen(&config, &[d])
}

#[test]
fn linkage_rules() {
    let rows = vec![
        Row {
            what: "equal IDs",
            victim: victim("陈秀英").id(CHEN),
            roster: "姓名,身份证号\n陈秀英,330382196505121540\n".into(),
            want: Some((LinkLevel::Id, "身份证号一致")),
        },
        Row {
            what: "equal IDs, the roster's in the 15-digit form",
            victim: victim("陈秀英").id(CHEN),
            roster: format!("姓名,身份证号\n陈秀英,{CHEN_15}\n"),
            want: Some((LinkLevel::Id, "身份证号一致")),
        },
        Row {
            what: "equal IDs, different spelling of the name",
            victim: victim("陈秀英").id(CHEN),
            roster: "姓名,身份证号\n陈 秀 英,330382196505121540\n".into(),
            want: Some((LinkLevel::Id, "身份证号一致")),
        },
        Row {
            what: "same name, different ID",
            victim: victim("陈秀英").id(CHEN),
            roster: format!("姓名,身份证号\n陈秀英,{OTHER}\n"),
            want: None,
        },
        Row {
            what: "same name, birth date and sex, different ID",
            victim: victim("陈秀英").id(CHEN),
            roster: format!("姓名,身份证号\n陈秀英,{TWIN}\n"),
            want: None,
        },
        Row {
            what: "no ID in the document: the name",
            victim: victim("陈秀英"),
            roster: "姓名,身份证号\n陈秀英,330382196505121540\n".into(),
            want: Some((LinkLevel::Name, "姓名一致")),
        },
        Row {
            what: "no ID in the document, birth date agrees",
            victim: victim("陈秀英").born("1965-05-12").sex(Gender::Female),
            roster: "姓名,身份证号\n陈秀英,330382196505121540\n".into(),
            want: Some((LinkLevel::NameBirth, "姓名及出生日期一致")),
        },
        Row {
            what: "no ID in the document, birth date conflicts",
            victim: victim("陈秀英").born("1966-05-12"),
            roster: "姓名,身份证号\n陈秀英,330382196505121540\n".into(),
            want: None,
        },
        Row {
            what: "no ID in the document, sex conflicts",
            victim: victim("陈秀英").sex(Gender::Male),
            roster: "姓名,身份证号\n陈秀英,330382196505121540\n".into(),
            want: None,
        },
        Row {
            what: "anonymised name, even with the same mask on the roster",
            victim: victim("陈某某"),
            roster: "姓名,身份证号\n陈某某,330382196505121540\n".into(),
            want: None,
        },
        Row {
            what: "roster ID fails the checksum: by name only",
            victim: victim("陈秀英").id(CHEN),
            roster: "姓名,身份证号\n陈秀英,330382196505121549\n".into(),
            want: Some((LinkLevel::Name, "姓名一致")),
        },
        Row {
            what: "two roster people with the name: ambiguous",
            victim: victim("陈秀英"),
            roster: "姓名,身份证号\n陈秀英,330382196505121540\n陈秀英,330382198808080028\n".into(),
            want: None,
        },
        Row {
            what: "two roster people with the name, the birth date decides",
            victim: victim("陈秀英").born("1988-08-08"),
            roster: "姓名,身份证号\n陈秀英,330382196505121540\n陈秀英,330382198808080028\n".into(),
            want: Some((LinkLevel::NameBirth, "姓名及出生日期一致")),
        },
        Row {
            what: "no IDs on either side: the name",
            victim: victim("陈秀英"),
            roster: "姓名,住址\n陈秀英,乐清市\n".into(),
            want: Some((LinkLevel::Name, "姓名一致")),
        },
        Row {
            what: "no IDs on either side, birth dates agree",
            victim: victim("陈秀英").born("1965-05-12"),
            roster: "姓名,出生日期\n陈秀英,1965年5月12日\n".into(),
            want: Some((LinkLevel::NameBirth, "姓名及出生日期一致")),
        },
        Row {
            what: "no IDs on either side, birth dates conflict",
            victim: victim("陈秀英").born("1965-05-12"),
            roster: "姓名,出生日期\n陈秀英,1965-06-12\n".into(),
            want: None,
        },
        Row {
            what: "no IDs on either side, sexes conflict",
            victim: victim("陈秀英").sex(Gender::Female),
            roster: "姓名,性别\n陈秀英,男\n".into(),
            want: None,
        },
    ];
    for row in rows {
        let result = m1(row.victim, &row.roster);
        let got = result
            .clues
            .iter()
            .find(|c| c.model == "M1")
            .map(|c| (c.link.level, c.link.reason.as_str()));
        assert_eq!(got, row.want, "{}", row.what);
    }
}

#[test]
fn ambiguity_is_reported() {
    let result = m1(
        victim("陈秀英"),
        "姓名,身份证号\n陈秀英,330382196505121540\n陈秀英,330382198808080028\n",
    );
    assert!(result.clues.is_empty());
    let p: Vec<_> = result
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::AmbiguousName)
        .collect();
    assert_eq!(p.len(), 1, "{:?}", result.problems);
    assert_eq!(p[0].sources, vec!["i.txt"]);
    assert!(
        p[0].message.contains(CHEN) && p[0].message.contains(WOMAN_1988),
        "{}",
        p[0].message
    );
    assert!(p[0].message.contains("dibao.csv#2"), "{}", p[0].message);
    // The funnel counts the ambiguous victim as unlinkable.
    let first = &result.funnel.models[0].steps;
    let set = first
        .iter()
        .find(|s| s.step == "procuratorate_victims")
        .unwrap();
    assert_eq!((set.persons, set.unlinkable), (1, 1));
}

#[test]
fn names_without_ids_gather_unless_birth_dates_conflict() {
    // Three documents name 陈秀英 without an ID: born 1965, born 1970, and unknown. The two
    // birth dates are two people; the third could be either and stays alone.
    let f = Fixture::new();
    f.write("dibao.csv", "姓名\n无关\n");
    let config = format!(
        "{REGION}{}",
        roster_entry("hardship", "低保低边", "dibao.csv")
    );
    let mk = |src: &str, case: &str, p: Person| {
        doc(src, Kind::Indictment, case, "2022-01-01")
            .charge("故意伤害罪")
            .with(p)
    };
    let docs = vec![
        mk(
            "a.txt",
            "乐检刑诉(2022)1号",
            victim("陈秀英").born("1965-05-12"),
        ),
        mk(
            "b.txt",
            "乐检刑诉(2022)2号",
            victim("陈秀英").born("1970-01-01"),
        ),
        mk("c.txt", "乐检刑诉(2022)3号", victim("陈秀英")),
        mk(
            "d.txt",
            "乐检刑诉(2022)4号",
            victim("陈秀英").born("1965-05-12"),
        ),
    ];
    let result = f.screen(&config, &docs);
    let set = result
        .sets
        .iter()
        .find(|s| s.step == "procuratorate_victims")
        .unwrap();
    // a+d, b, c.
    assert_eq!((set.persons, set.documents, set.unlinkable), (3, 4, 1));
    assert_eq!(
        result
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::AmbiguousName)
            .map(|p| p.sources.clone())
            .collect::<Vec<_>>(),
        vec![vec!["c.txt".to_string()]]
    );
}

fn m2(
    judgment_victims: Vec<Person>,
    applicants: Vec<Person>,
    basis: Option<&str>,
    roster: &str,
) -> jiuzhu_link::ScreenResult {
    let f = Fixture::new();
    f.write("dibao.csv", roster);
    let config = format!(
        "{REGION}{}",
        roster_entry("hardship", "低保低边", "dibao.csv")
    );
    let mut j = doc(
        "j.txt",
        Kind::CriminalJudgment,
        "(2021)浙0382刑初1号",
        "2021-05-01",
    )
    .charge("交通肇事罪");
    for v in judgment_victims {
        j = j.with(v);
    }
    let mut e = doc(
        "e.txt",
        Kind::EnforcementRuling,
        "(2022)浙0382执1号",
        "2022-05-01",
    )
    .enforcement(Outcome::TerminatedThisRound, basis, "终结本次执行程序");
    for a in applicants {
        e = e.with(a);
    }
    f.screen(&config, &[j, e])
}

fn applicant(name: &str) -> Person {
    person(name, &[Role::Applicant])
}

/// (what, judgment victims, applicants, basis, expected M2 link level)
type CaseRow = (
    &'static str,
    Vec<Person>,
    Vec<Person>,
    Option<&'static str>,
    Option<LinkLevel>,
);

#[test]
fn case_links_through_the_basis_case_number() {
    let roster = "姓名,身份证号\n陈秀英,330382196505121540\n";
    let basis = Some("（2021）浙0382刑初1号");
    let rows: Vec<CaseRow> = vec![
        (
            "one victim and one applicant pair up even when the ruling anonymises her",
            vec![victim("陈秀英").id(CHEN)],
            vec![applicant("陈某")],
            basis,
            Some(LinkLevel::Case),
        ),
        (
            "without the basis an anonymised applicant links to nobody",
            vec![victim("陈秀英").id(CHEN)],
            vec![applicant("陈某")],
            None,
            None,
        ),
        (
            "without the basis the person links by name",
            vec![victim("陈秀英").id(CHEN)],
            vec![applicant("陈秀英")],
            None,
            Some(LinkLevel::Name),
        ),
        (
            "several victims: the applicant is matched by name",
            vec![victim("陈秀英").id(CHEN), victim("李四")],
            vec![applicant("陈秀英")],
            basis,
            Some(LinkLevel::Case),
        ),
        (
            "several victims and another name: no pairing",
            vec![victim("陈秀英").id(CHEN), victim("李四")],
            vec![applicant("陈某")],
            basis,
            None,
        ),
        (
            "the basis never joins two different IDs",
            vec![victim("陈秀英").id(CHEN)],
            vec![applicant("陈秀英").id(TWIN)],
            basis,
            None,
        ),
        (
            "a basis naming another case links nothing",
            vec![victim("陈秀英").id(CHEN)],
            vec![applicant("陈某")],
            Some("(2021)浙0382刑初2号"),
            None,
        ),
    ];
    for (what, victims, applicants, basis, want) in rows {
        let result = m2(victims, applicants, basis, roster);
        let got = result
            .clues
            .iter()
            .find(|c| c.model == "M2")
            .map(|c| c.link.level);
        assert_eq!(got, want, "{what}");
        if want.is_some() {
            let c = result.clues.iter().find(|c| c.model == "M2").unwrap();
            assert_eq!(sources(c), vec!["j.txt", "e.txt"], "{what}");
        }
    }
}

#[test]
fn anonymised_persons_of_one_case_are_one_person() {
    // The same judgment published twice (two sources, one case number): the masked victim is
    // one person, named by both documents.
    let f = Fixture::new();
    f.write("dibao.csv", "姓名\n无关\n");
    let config = format!(
        "{REGION}{}",
        roster_entry("hardship", "低保低边", "dibao.csv")
    );
    let mk = |src: &str| {
        doc(
            src,
            Kind::CriminalJudgment,
            "(2021)浙0382刑初9号",
            "2021-05-01",
        )
        .charge("交通肇事罪")
        .with(victim("王某某"))
    };
    let result = f.screen(&config, &[mk("html/a.html"), mk("xml/a.xml")]);
    let set = result
        .sets
        .iter()
        .find(|s| s.step == "court_victims")
        .unwrap();
    assert_eq!((set.persons, set.documents, set.unlinkable), (1, 2, 1));
}

#[test]
fn models_using_unconfigured_roster_kinds_are_reported() {
    // Only a hardship roster: M3 needs social_aid, M4 judicial_aid and social_aid.
    let result = m1(victim("陈秀英"), "姓名\n陈秀英\n");
    let got: Vec<(&str, bool)> = result
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::EmptyRosterSet)
        .map(|p| {
            (
                p.message.split(' ').nth(1).unwrap_or(""),
                p.message.contains("finds nobody"),
            )
        })
        .collect();
    assert_eq!(got, vec![("M3", true), ("M4", true), ("M4", true)]);
}
