//! The four seed models (and a fifth from a config) over a small hand-built corpus whose
//! expected clues are known person by person.

use jiuzhu_core::{
    CompensationStatus as C, DocRecord, Flag, Gender, Injury, Kind, LinkLevel, Locality, Outcome,
    Role,
};

use crate::util::*;

const CHEN: &str = "330382196505121540"; // 陈秀英, F, 1965-05-12
const LI: &str = "330382195003010010"; // 李建国, M, 1950-03-01
const ZHANG_ROSTER: &str = "330382199202020033"; // 张伟 on the roster
const ZHANG_DOC: &str = "341221199202020038"; // another 张伟, in a document
const LIU: &str = "330382198808080028"; // 刘芳, F, 1988-08-08
const ZHAO: &str = "330382197003040016"; // 赵强, M
const SUN: &str = "330382198808080044"; // 孙丽, F, local
const ZHOU: &str = "341221198001010031"; // 周杰, M, Anhui
const QIAN: &str = "330382201006010022"; // 钱小红, F, born 2010
const FENG: &str = "330382197508080019"; // 冯军 (checksum fixed in `rosters`)

/// The corpus: who is who is in the comment on each document.
pub fn corpus() -> Vec<DocRecord> {
    vec![
        // 陈秀英: indictment victim, unsettled (M1) …
        doc(
            "procuratorate/i01.txt",
            Kind::Indictment,
            "乐检刑诉(2021)101号",
            "2021-03-01",
        )
        .charge("交通肇事罪")
        .with(person("陈秀英", &[Role::Victim]).id(CHEN))
        .with(person("黄某", &[Role::Accused]))
        .compensation(C::Unsettled, "未赔偿被害人损失")
        .injury(Injury::Serious),
        // … and plaintiff of a traffic civil judgment whose enforcement ended 终本 (M2).
        doc(
            "civil/c01.txt",
            Kind::CivilJudgment,
            "(2021)浙0382民初1234号",
            "2021-09-10",
        )
        .cause("机动车交通事故责任纠纷")
        .with(person("陈秀英", &[Role::Plaintiff]).id(CHEN))
        .with(person("某保险公司", &[Role::Defendant]))
        .injury(Injury::Serious)
        .amounts(Some(200_000.0), None, None),
        doc(
            "enforcement/e01.txt",
            Kind::EnforcementRuling,
            "(2022)浙0382执567号",
            "2022-05-01",
        )
        .with(person("陈秀英", &[Role::Applicant]))
        .enforcement(
            Outcome::TerminatedThisRound,
            Some("（2021）浙0382民初1234号"),
            "终结本次执行程序",
        )
        .amounts(Some(200_000.0), Some(14_000.0), Some(186_000.0)),
        // 李建国: the indictment is settled (out of M1), but the judgment went unpaid (M2).
        doc(
            "procuratorate/i02.txt",
            Kind::Indictment,
            "乐检刑诉(2021)202号",
            "2021-04-01",
        )
        .charge("故意伤害罪")
        .with(person("李建国", &[Role::Victim]).id(LI))
        .compensation(C::Settled, "已赔偿并取得谅解"),
        doc(
            "criminal/j02.txt",
            Kind::CriminalJudgment,
            "(2021)浙0382刑初202号",
            "2021-08-01",
        )
        .charge("故意伤害罪")
        .with(person("李建国", &[Role::Victim, Role::IncidentalPlaintiff]).id(LI))
        .with(person("马某", &[Role::Accused]))
        .injury(Injury::Minor),
        doc(
            "enforcement/e02.txt",
            Kind::EnforcementRuling,
            "(2022)浙0382执202号",
            "2022-06-01",
        )
        .with(person("李建国", &[Role::Applicant]))
        .enforcement(
            Outcome::Terminated,
            Some("(2021)浙0382刑初202号"),
            "终结执行",
        ),
        // 王某某: anonymised on both sides, linked by the 执行依据, but unlinkable to rosters.
        doc(
            "criminal/j03.txt",
            Kind::CriminalJudgment,
            "(2021)浙0382刑初303号",
            "2021-07-01",
        )
        .charge("交通肇事罪")
        .with(person("王某某", &[Role::Victim])),
        doc(
            "enforcement/e03.txt",
            Kind::EnforcementRuling,
            "(2022)浙0382执303号",
            "2022-07-01",
        )
        .with(person("王某某", &[Role::Applicant]))
        .enforcement(
            Outcome::TerminatedThisRound,
            Some("(2021)浙0382刑初303号"),
            "终结本次执行程序",
        ),
        // 张伟: the document's 张伟 has another ID than the roster's: no match.
        doc(
            "procuratorate/a04.txt",
            Kind::ArrestReview,
            "乐检捕(2022)44号",
            "2022-01-10",
        )
        .charge("故意伤害罪")
        .with(person("张伟", &[Role::Victim]).id(ZHANG_DOC)),
        // 刘芳: no ID in the document, birth date and sex agree with the roster (name_birth).
        doc(
            "procuratorate/i05.txt",
            Kind::Indictment,
            "乐检刑诉(2022)55号",
            "2022-02-01",
        )
        .charge("故意伤害罪")
        .with(
            person("刘芳", &[Role::Victim])
                .born("1988-08-08")
                .sex(Gender::Female),
        )
        .compensation(C::Unknown, "")
        .injury(Injury::Slight),
        // 赵强: indictment victim on the social-aid roster only (M3, not M1).
        doc(
            "procuratorate/i06.txt",
            Kind::Indictment,
            "乐检刑诉(2022)66号",
            "2022-03-01",
        )
        .charge("交通肇事罪")
        .with(person("赵强", &[Role::Victim]).id(ZHAO))
        .compensation(C::Unsettled, "尚未赔偿"),
        // 钱小红: a minor at the time, on the hardship roster as 残疾人.
        doc(
            "procuratorate/i10.txt",
            Kind::Indictment,
            "乐检刑诉(2022)110号",
            "2022-03-01",
        )
        .charge("故意伤害罪")
        .with(person("钱小红", &[Role::Victim]).id(QIAN))
        .compensation(C::Partial, "部分赔偿")
        .injury(Injury::Minor),
        // 冯军: unpaid, but a loan case (民间借贷纠纷) is not screened.
        doc(
            "civil/c12.txt",
            Kind::CivilJudgment,
            "(2021)浙0382民初1212号",
            "2021-10-01",
        )
        .cause("民间借贷纠纷")
        .with(person("冯军", &[Role::Plaintiff])),
        doc(
            "enforcement/e12.txt",
            Kind::EnforcementRuling,
            "(2022)浙0382执1212号",
            "2022-08-01",
        )
        .with(person("冯军", &[Role::Applicant]))
        .enforcement(
            Outcome::TerminatedThisRound,
            Some("(2021)浙0382民初1212号"),
            "终结本次执行程序",
        ),
    ]
}

type Rows = Vec<Vec<String>>;

/// Roster rows: hardship (低保低边), social aid, judicial aid.
pub fn roster_rows() -> (Rows, Rows, Rows) {
    let feng = id(&FENG[..17]);
    let row = |cells: &[&str]| cells.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let hardship = vec![
        row(&["乐清市低保低边人员名单", "", "", "", ""]),
        row(&["序号", "姓名", "身份证号码", "家庭住址", "类别"]),
        row(&["1", "陈秀英", CHEN, "乐清市城南街道", "低保"]),
        row(&["2", "李建国", LI, "乐清市柳市镇", "低边"]),
        row(&["3", "张伟", ZHANG_ROSTER, "乐清市虹桥镇", "低保"]),
        row(&["4", "刘芳", LIU, "乐清市北白象镇", "低保"]),
        row(&["5", "钱小红", QIAN, "乐清市乐成街道", "低保；残疾人"]),
        row(&["6", "冯军", &feng, "乐清市白石街道", "低保"]),
        row(&["7", "王某某", "", "", "低保"]),
    ];
    let social = vec![
        row(&["姓名", "公民身份号码", "救助类型"]),
        row(&["赵强", ZHAO, "临时救助"]),
        row(&["吴刚", "330382196001010011", "特困供养"]),
    ];
    let judicial = vec![
        row(&["姓名", "身份证号", "户籍地"]),
        row(&["孙丽", SUN, "浙江省乐清市"]),
        row(&["周杰", ZHOU, "安徽省"]),
        row(&["吴刚", "330382196001010011", "乐清"]),
    ];
    (hardship, social, judicial)
}

fn as_refs(rows: &[Vec<String>]) -> Vec<Vec<&str>> {
    rows.iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect()
}

fn csv_of(rows: &[Vec<String>]) -> String {
    let refs = as_refs(rows);
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    csv(&slices)
}

/// A fixture with the three rosters as UTF-8 CSV, and the config naming them.
pub fn standard() -> (Fixture, String) {
    let f = Fixture::new();
    let (h, s, j) = roster_rows();
    f.write("rosters/dibao.csv", csv_of(&h));
    f.write("rosters/social.csv", csv_of(&s));
    f.write("rosters/judicial.csv", csv_of(&j));
    let config = format!(
        "{REGION}{}{}{}",
        roster_entry("hardship", "低保低边", "rosters/dibao.csv"),
        roster_entry("social_aid", "社会救助", "rosters/social.csv"),
        roster_entry("judicial_aid", "司法救助", "rosters/judicial.csv"),
    );
    (f, config)
}

#[test]
fn expected_clues_per_model() {
    let (f, config) = standard();
    let result = f.screen(&config, &corpus());
    let want: Vec<(&str, &str)> = vec![
        // M1 by priority: 陈秀英 (serious, 186,000 unpaid, woman, elderly: 0.93),
        // 钱小红 (minor injury, minor, woman, disabled: 0.65), 刘芳 (slight, woman,
        // name_birth link: 0.44).
        ("M1", "陈秀英"),
        ("M1", "钱小红"),
        ("M1", "刘芳"),
        ("M2", "陈秀英"),
        ("M2", "李建国"),
        ("M3", "赵强"),
        // M4 split by locality: local first.
        ("M4", "孙丽"),
        ("M4", "周杰"),
    ];
    let got = found(&result);
    let got: Vec<(&str, &str)> = got.iter().map(|(m, n)| (m.as_str(), n.as_str())).collect();
    assert_eq!(got, want);

    // Every model has a funnel, and the final step's size is its clue count.
    let counts: Vec<(&str, usize)> = result
        .funnel
        .models
        .iter()
        .map(|m| (m.model.as_str(), m.clues))
        .collect();
    assert_eq!(counts, vec![("M1", 3), ("M2", 2), ("M3", 1), ("M4", 2)]);
    assert_eq!(result.funnel.documents, corpus().len());
}

#[test]
fn settled_document_leaves_m1_but_its_victim_reaches_m2() {
    let (f, config) = standard();
    let result = f.screen(&config, &corpus());
    assert!(
        !result
            .clues
            .iter()
            .any(|c| c.model == "M1" && c.person.name == "李建国")
    );
    let m2 = clue(&result, "M2", "李建国");
    // The settled indictment is still one of his documents.
    assert_eq!(
        sources(m2),
        vec![
            "procuratorate/i02.txt",
            "criminal/j02.txt",
            "enforcement/e02.txt"
        ]
    );
    // The ruling names him without an ID: the 执行依据 joins it to the judgment.
    assert_eq!(m2.link.level, LinkLevel::Case);
    // The funnel shows the compensation filter dropping his document.
    let m1 = &result.funnel.models[0];
    let steps: Vec<(&str, usize, usize)> = m1
        .steps
        .iter()
        .map(|s| (s.step.as_str(), s.documents, s.persons))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("procuratorate_victims: kinds", 6, 6),
            ("procuratorate_victims: kinds, charges", 6, 6),
            ("procuratorate_victims", 5, 5),
            ("hardship", 0, 7),
            ("procuratorate_victims & hardship", 3, 3),
        ]
    );
}

#[test]
fn one_clue_per_model_each_with_all_sources() {
    let (f, config) = standard();
    let result = f.screen(&config, &corpus());
    let chen: Vec<_> = result
        .clues
        .iter()
        .filter(|c| c.person.name == "陈秀英")
        .collect();
    assert_eq!(chen.len(), 2, "one clue in M1 and one in M2");
    for c in chen {
        assert_eq!(
            sources(c),
            vec![
                "procuratorate/i01.txt",
                "civil/c01.txt",
                "enforcement/e01.txt"
            ],
            "{}",
            c.model
        );
        assert_eq!(c.person.id_number.as_deref(), Some(CHEN));
        assert_eq!(c.person.age, Some(60));
        assert_eq!(c.person.locality, Locality::Local);
        assert_eq!(c.flags, vec![Flag::Woman, Flag::Elderly]);
        assert_eq!(c.unpaid_amount, Some(186_000.0));
        assert_eq!(c.injury, Injury::Serious);
        assert_eq!(c.link.rosters.len(), 1);
        assert_eq!(
            (c.link.rosters[0].row, c.link.rosters[0].category.as_deref()),
            (3, Some("低保"))
        );
        let rules: Vec<&str> = c.evidence.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(rules, vec!["未赔偿被害人损失", "终结本次执行程序"]);
    }
    // The M2 link goes through the 执行依据 (the ruling names her without an ID), and its
    // weakest step is the case link; M1 only needs the indictment's ID.
    let m2 = clue(&result, "M2", "陈秀英");
    assert_eq!(m2.link.level, LinkLevel::Case);
    assert_eq!(m2.link.reason, "身份证号一致；执行依据案号一致");
    let m1 = clue(&result, "M1", "陈秀英");
    assert_eq!(m1.link.level, LinkLevel::Id);
    assert_eq!(m1.link.reason, "身份证号一致");
}

#[test]
fn flags_priority_and_name_birth_links() {
    let (f, config) = standard();
    let result = f.screen(&config, &corpus());
    let qian = clue(&result, "M1", "钱小红");
    assert_eq!(qian.flags, vec![Flag::Minor, Flag::Woman, Flag::Disabled]);
    // minor injury 0.5, unknown amount 0.3, three flags (capped) 1.0, id link 1.0
    assert_eq!(
        qian.priority,
        jiuzhu_link::priority(Injury::Minor, None, &qian.flags, LinkLevel::Id)
    );
    assert_eq!(qian.priority, 0.65);
    let liu = clue(&result, "M1", "刘芳");
    assert_eq!(liu.link.level, LinkLevel::NameBirth);
    assert_eq!(liu.link.reason, "姓名及出生日期一致");
    // The clue carries the roster's ID and what it says.
    assert_eq!(liu.person.id_number.as_deref(), Some(LIU));
    assert_eq!(liu.person.sex, Some(Gender::Female));
}

#[test]
fn same_name_with_a_different_id_is_not_a_match() {
    let (f, config) = standard();
    let result = f.screen(&config, &corpus());
    assert!(
        !result.clues.iter().any(|c| c.person.name == "张伟"),
        "{:?}",
        found(&result)
    );
    // Both 张伟s exist as persons: the document's in procuratorate_victims, the roster's in
    // hardship, but the intersection holds neither.
    let m1 = &result.funnel.models[0];
    assert_eq!(m1.steps.last().unwrap().persons, 3);
}

#[test]
fn anonymised_victim_never_matches_by_name() {
    let (f, config) = standard();
    let result = f.screen(&config, &corpus());
    // The hardship roster has a row named 王某某 (a mask, as in a badly prepared roster):
    // the anonymised victim still does not reach it.
    assert!(!result.clues.iter().any(|c| c.person.name == "王某某"));
    let m2 = &result.funnel.models[1];
    let unpaid = m2
        .steps
        .iter()
        .find(|s| s.step == "unpaid = court_victims & failed_enforcement")
        .unwrap();
    // 陈秀英, 李建国 and 王某某 (joined through the 执行依据) are unpaid; 王某某 is counted
    // unlinkable where the funnel first meets him and where he is dropped.
    assert_eq!((unpaid.persons, unpaid.unlinkable), (3, 0));
    let court = m2.steps.iter().find(|s| s.step == "court_victims").unwrap();
    assert_eq!((court.persons, court.unlinkable), (3, 1));
    let last = m2.steps.last().unwrap();
    assert_eq!(
        (last.step.as_str(), last.persons, last.unlinkable),
        ("unpaid & hardship", 2, 1)
    );
}

#[test]
fn locality_split_of_m4() {
    let (f, config) = standard();
    let result = f.screen(&config, &corpus());
    let sun = clue(&result, "M4", "孙丽");
    let zhou = clue(&result, "M4", "周杰");
    assert_eq!(sun.person.locality, Locality::Local);
    assert_eq!(zhou.person.locality, Locality::NonLocal);
    assert_eq!(sun.action, jiuzhu_core::Action::SocialAid);
    assert!(sun.sources.is_empty());
    let m4 = &result.funnel.models[3];
    let groups: Vec<(&str, usize)> = m4
        .steps
        .iter()
        .filter(|s| s.step.contains("[locality"))
        .map(|s| (s.step.as_str(), s.persons))
        .collect();
    assert_eq!(
        groups,
        vec![
            ("judicial_aid - social_aid [locality = local]", 1),
            ("judicial_aid - social_aid [locality = non_local]", 1),
            ("judicial_aid - social_aid [locality = unknown]", 0),
        ]
    );
}

#[test]
fn locality_rules() {
    // (ID, 户籍地 in the document, expected)
    let rows: &[(Option<&str>, Option<&str>, Locality)] = &[
        (Some(SUN), None, Locality::Local),
        (Some(ZHOU), None, Locality::NonLocal),
        (Some(ZHOU), Some("浙江省乐清市柳市镇"), Locality::Local),
        (None, Some("浙江省乐清市"), Locality::Local),
        (None, Some("安徽省阜阳市"), Locality::NonLocal),
        (None, None, Locality::Unknown),
    ];
    for (i, &(id_number, hukou, want)) in rows.iter().enumerate() {
        let f = Fixture::new();
        f.write("h.csv", "姓名\n林一\n");
        let config = format!("{REGION}{}", roster_entry("hardship", "低保", "h.csv"));
        let mut p = person("林一", &[Role::Victim]);
        if let Some(idn) = id_number {
            p = p.id(idn);
        }
        if let Some(h) = hukou {
            p = p.hukou(h);
        }
        let d = doc("i.txt", Kind::Indictment, "乐检刑诉(2022)1号", "2022-01-01")
            .charge("故意伤害罪")
            .with(p);
        let result = f.screen(&config, &[d]);
        let c = clue(&result, "M1", "林一");
        assert_eq!(c.person.locality, want, "row {i}");
    }
}

#[test]
fn fifth_model_from_the_config_alone() {
    let (f, config) = standard();
    let config = format!(
        "{config}
[sets.maintenance_plaintiffs]
kinds = [\"civil_judgment\"]
causes = [\"赡养费纠纷\", \"抚养费纠纷\"]
roles = [\"plaintiff\"]

[[model]]
id = \"M5\"
name = \"赡养费、抚养费执行不能的困难当事人\"
action = \"judicial_aid\"
expr = \"maintenance_plaintiffs & failed_enforcement & hardship\"
"
    );
    let mut docs = corpus();
    docs.push(
        doc(
            "civil/c20.txt",
            Kind::CivilJudgment,
            "(2022)浙0382民初2020号",
            "2022-04-01",
        )
        .cause("赡养费纠纷")
        .with(person("李建国", &[Role::Plaintiff]).id(LI))
        .with(person("李小军", &[Role::Defendant])),
    );
    docs.push(
        doc(
            "enforcement/e20.txt",
            Kind::EnforcementRuling,
            "(2022)浙0382执2020号",
            "2022-11-01",
        )
        .with(person("李建国", &[Role::Applicant]))
        .enforcement(
            Outcome::TerminatedThisRound,
            Some("(2022)浙0382民初2020号"),
            "终结本次执行程序",
        ),
    );
    // A maintenance case of someone not in hardship: no clue.
    docs.push(
        doc(
            "civil/c21.txt",
            Kind::CivilJudgment,
            "(2022)浙0382民初2121号",
            "2022-04-01",
        )
        .cause("抚养费纠纷")
        .with(person("何静", &[Role::Plaintiff])),
    );
    let result = f.screen(&config, &docs);
    let m5: Vec<&str> = result
        .clues
        .iter()
        .filter(|c| c.model == "M5")
        .map(|c| c.person.name.as_str())
        .collect();
    assert_eq!(m5, vec!["李建国"]);
    let c = clue(&result, "M5", "李建国");
    assert!(sources(c).contains(&"civil/c20.txt"));
    // The default models are all still there, in order, followed by M5.
    let ids: Vec<&str> = result
        .funnel
        .models
        .iter()
        .map(|m| m.model.as_str())
        .collect();
    assert_eq!(ids, vec!["M1", "M2", "M3", "M4", "M5"]);
    let steps: Vec<&str> = result.funnel.models[4]
        .steps
        .iter()
        .map(|s| s.step.as_str())
        .collect();
    assert_eq!(
        steps,
        vec![
            "maintenance_plaintiffs: kinds",
            "maintenance_plaintiffs",
            "failed_enforcement: kinds",
            "failed_enforcement",
            "maintenance_plaintiffs & failed_enforcement",
            "hardship",
            "maintenance_plaintiffs & failed_enforcement & hardship",
        ]
    );
}

#[test]
fn config_replaces_and_disables_models() {
    let (f, config) = standard();
    let config = format!(
        "{config}
[models]
disable = [\"M3\", \"M4\"]

[[model]]
id = \"M1\"
name = \"只看低保低边名单\"
action = \"judicial_aid\"
expr = \"procuratorate_victims & 低保低边\"
"
    );
    let result = f.screen(&config, &corpus());
    let ids: Vec<&str> = result
        .funnel
        .models
        .iter()
        .map(|m| m.model.as_str())
        .collect();
    assert_eq!(ids, vec!["M1", "M2"]);
    assert_eq!(result.funnel.models[0].name, "只看低保低边名单");
    assert_eq!(result.funnel.models[0].clues, 3);
}

#[test]
fn m3_unions_procuratorate_and_unpaid_victims() {
    // 赵强 reaches M3 through an unpaid judgment instead of an indictment.
    let (f, config) = standard();
    let docs = vec![
        doc(
            "civil/c30.txt",
            Kind::CivilJudgment,
            "(2021)浙0382民初3030号",
            "2021-01-01",
        )
        .cause("机动车交通事故责任纠纷")
        .with(person("赵强", &[Role::Plaintiff]).id(ZHAO)),
        doc(
            "enforcement/e30.txt",
            Kind::EnforcementRuling,
            "(2021)浙0382执3030号",
            "2021-12-01",
        )
        .with(person("赵强", &[Role::Applicant]).id(ZHAO))
        .enforcement(Outcome::TerminatedThisRound, None, "终结本次执行程序"),
    ];
    let result = f.screen(&config, &docs);
    assert_eq!(
        found(&result),
        vec![
            ("M3".to_string(), "赵强".to_string()),
            ("M4".to_string(), "孙丽".to_string()),
            ("M4".to_string(), "周杰".to_string()),
        ]
    );
    let steps: Vec<(&str, usize)> = result.funnel.models[2]
        .steps
        .iter()
        .map(|s| (s.step.as_str(), s.persons))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("social_aid", 2),
            ("procuratorate_victims: kinds", 0),
            ("procuratorate_victims: kinds, charges", 0),
            ("procuratorate_victims", 0),
            ("court_victims: kinds", 1),
            ("court_victims", 1),
            ("failed_enforcement: kinds", 1),
            ("failed_enforcement", 1),
            ("unpaid = court_victims & failed_enforcement", 1),
            ("procuratorate_victims | unpaid", 1),
            ("social_aid & (procuratorate_victims | unpaid)", 1),
        ]
    );
}

#[test]
fn every_named_set_is_sized() {
    let (f, config) = standard();
    let result = f.screen(&config, &corpus());
    let sizes: Vec<(&str, usize)> = result
        .sets
        .iter()
        .map(|s| (s.step.as_str(), s.persons))
        .collect();
    assert_eq!(
        sizes,
        vec![
            ("court_victims", 3),
            ("failed_enforcement", 4),
            ("hardship", 7),
            ("judicial_aid", 3),
            ("procuratorate_victims", 5),
            ("social_aid", 2),
            ("unpaid", 3),
            ("低保低边", 7),
            ("司法救助", 3),
            ("社会救助", 2),
        ]
    );
}
