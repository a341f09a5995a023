//! The default models over the hand-annotated own gold documents (`corpora/gold/gold-own.jsonl`,
//! records as a perfect extractor would give them) with the rosters that
//! `corpora/gold/storylines.md` §3 suggests, against the clues its §4 expects. The annotators
//! wrote the expectations from the documents, not from this engine.

use std::path::Path;

use jiuzhu_core::{
    CompensationStatus, Date, DocRecord, Enforcement, Format, Gender, Injury, Kind, LinkLevel,
    Locality, Outcome, Person, Role,
};
use serde_json::Value;

use crate::util::*;

fn gold_records() -> Vec<DocRecord> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpora/gold/gold-own.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            let s = |k: &str| v[k].as_str().map(str::to_string);
            let mut d = DocRecord::empty(s("source").unwrap(), Format::Txt, "utf-8");
            d.kind = Kind::parse(v["kind"].as_str().unwrap()).unwrap();
            d.case_number = s("case_number");
            d.court = s("court");
            d.date = v["date"].as_str().and_then(|x| x.parse::<Date>().ok());
            d.charges = v["charges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect();
            d.cause = s("cause");
            d.compensation.status =
                CompensationStatus::parse(v["compensation"]["status"].as_str().unwrap()).unwrap();
            d.enforcement = v["enforcement"].as_object().map(|e| Enforcement {
                outcome: Outcome::parse(e["outcome"].as_str().unwrap()).unwrap(),
                basis_case_number: e["basis_case_number"].as_str().map(str::to_string),
                evidence: vec![],
            });
            d.injury = Injury::parse(v["injury"].as_str().unwrap()).unwrap();
            d.persons = v["persons"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| Person {
                    name: p["name"].as_str().unwrap().to_string(),
                    roles: p["roles"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|r| Role::parse(r.as_str().unwrap()).unwrap())
                        .collect(),
                    org: p["org"].as_bool().unwrap(),
                    anonymized: p["anonymized"].as_bool().unwrap(),
                    id_number: p["id_number"].as_str().map(str::to_string),
                    gender: match p["gender"].as_str() {
                        Some("male") => Some(Gender::Male),
                        Some("female") => Some(Gender::Female),
                        _ => None,
                    },
                    birth_date: p["birth_date"].as_str().and_then(|x| x.parse().ok()),
                    ..Person::default()
                })
                .collect();
            d
        })
        .collect()
}

/// storylines.md §3, as a civil-affairs export would have it (title row, then header).
const HARDSHIP: &str = "乐清市低保低边及困难群体名单
姓名,身份证号,类别,住址
郑国平,33038219590314417x,低保,乐清市柳市镇长虹村
叶小芬,330382197211032467,低边,乐清市北白象镇白象村
金彩云,330382195409262023,低保,乐清市城南街道南垟村
李俊杰,330382200605190913,低边,乐清市乐成街道后所村
王丽华,330382197910056644,低保,乐清市城东街道宁康东路
潘美玲,330382197512081289,低保,乐清市盐盆街道盐盆村
陈秀英,330382196505121540,低保,乐清市翁垟街道地团村
施德福,330382194801300114,低保,乐清市淡溪镇寺前村
卢海燕,330382198006255826,低边,乐清市磐石镇西埭村
何雪梅,362322198803091044,困难群体,乐清市虹桥镇（外来务工困难家庭）
储卫东,342126197812012973,残疾,乐清市虹桥镇瑶岙村（暂住）
周金福,330382194607120136,特困,乐清市淡溪镇下岙村
谢玉娥,330382194004040428,低保,乐清市仙溪镇北垟村
林国华,330382196909093312,低边,乐清市北白象镇琯头村
董小红,330382198302142287,低保,乐清市翁垟街道翁垟村
徐彩凤,330382196201180269,低保,乐清市南岳镇杏一村
蔡小军,330382199206145118,低边,乐清市盐盆街道
叶海明,330382197803081115,低边,乐清市虹桥镇幸福东路
胡秀娟,330382196304152244,低保,乐清市大荆镇
郑小宝,330382199908020318,低边,乐清市清江镇
林志明,330382195209170159,特困,乐清市芙蓉镇
";

const SOCIAL: &str = "姓名,身份证号,救助类型
叶小芬,330382197211032467,临时救助
金彩云,330382195409262023,医疗救助
储卫东,342126197812012973,临时救助
周金福,330382194607120136,特困供养
林阿菊,330382195010200621,医疗救助
郑美兰,330382197603300846,临时救助
施德福,330382194801300114,医疗救助
董小红,330382198302142287,临时救助
黄秀菊,330382195801230683,临时救助
";

const JUDICIAL: &str = "姓名,身份证号,救助年度
李俊杰,330382200605190913,2022
吴晓东,330382199604170157,2023
杨光荣,522427198507023538,2023
何雪梅,362322198803091044,2022
储卫东,342126197812012973,2023
周金福,330382194607120136,2023
卢美娇,330382198105190263,2022
";

fn names(result: &jiuzhu_link::ScreenResult, model: &str) -> Vec<String> {
    let mut v: Vec<String> = result
        .clues
        .iter()
        .filter(|c| c.model == model)
        .map(|c| c.person.name.clone())
        .collect();
    v.sort();
    v
}

fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[test]
fn storyline_clues_over_the_gold_records() {
    let f = Fixture::new();
    f.write("rosters/hardship.csv", HARDSHIP);
    f.write("rosters/social.csv", SOCIAL);
    f.write("rosters/judicial.csv", JUDICIAL);
    let config = format!(
        "{REGION}{}{}{}",
        roster_entry("hardship", "低保低边", "rosters/hardship.csv"),
        roster_entry("social_aid", "社会救助", "rosters/social.csv"),
        roster_entry("judicial_aid", "司法救助", "rosters/judicial.csv"),
    );
    let records = gold_records();
    assert_eq!(records.len(), 67);
    let result = f.screen(&config, &records);

    assert_eq!(
        names(&result, "M1"),
        sorted(&["郑国平", "金彩云", "李俊杰", "储卫东", "王丽华", "蔡小军"])
    );
    assert_eq!(
        names(&result, "M2"),
        sorted(&[
            "郑国平",
            "叶小芬",
            "金彩云",
            "李俊杰",
            "潘美玲",
            "陈秀英",
            "何雪梅",
            "储卫东",
            "周金福",
            "徐彩凤",
        ])
    );
    assert_eq!(
        names(&result, "M3"),
        sorted(&["叶小芬", "金彩云", "储卫东", "周金福", "林阿菊"])
    );
    assert_eq!(
        names(&result, "M4"),
        sorted(&["李俊杰", "吴晓东", "卢美娇", "杨光荣", "何雪梅"])
    );

    // The sets §4 lists: procuratorate_victims has 10 persons, one of them (周某某)
    // anonymised; unpaid has 15, one of them (林某某) anonymised.
    let set = |name: &str| {
        let s = result.sets.iter().find(|s| s.step == name).unwrap();
        (s.persons, s.unlinkable)
    };
    assert_eq!(set("procuratorate_victims"), (10, 1));
    assert_eq!(set("unpaid"), (15, 1));

    // The details §4 calls out.
    let rows: Vec<(&str, &str, LinkLevel)> = vec![
        ("M1", "郑国平", LinkLevel::Id),
        ("M1", "王丽华", LinkLevel::Id),
        ("M1", "蔡小军", LinkLevel::Name),
        ("M2", "潘美玲", LinkLevel::Case),
    ];
    for (model, name, level) in rows {
        assert_eq!(
            clue(&result, model, name).link.level,
            level,
            "{model} {name}"
        );
    }
    let wang = clue(&result, "M1", "王丽华");
    assert_eq!(wang.person.id_number.as_deref(), Some("330382197910056644"));
    let li = clue(&result, "M1", "李俊杰");
    assert!(
        li.flags.contains(&jiuzhu_core::Flag::Minor),
        "{:?}",
        li.flags
    );
    let chu = clue(&result, "M1", "储卫东");
    assert!(
        chu.flags.contains(&jiuzhu_core::Flag::Disabled),
        "{:?}",
        chu.flags
    );
    assert_eq!(chu.person.locality, Locality::NonLocal);
    let zhou = clue(&result, "M2", "周金福");
    assert_eq!(zhou.person.id_number.as_deref(), Some("330382194607120136"));
    // M4 by locality: three local, then two non-local.
    let m4: Vec<(&str, Locality)> = result
        .clues
        .iter()
        .filter(|c| c.model == "M4")
        .map(|c| (c.person.name.as_str(), c.person.locality))
        .collect();
    let locals = m4.iter().filter(|(_, l)| *l == Locality::Local).count();
    assert_eq!(locals, 3, "{m4:?}");
    assert!(m4[..3].iter().all(|(_, l)| *l == Locality::Local), "{m4:?}");
    assert!(
        m4[3..].iter().all(|(_, l)| *l == Locality::NonLocal),
        "{m4:?}"
    );
}

#[test]
fn a_maintenance_model_from_the_config_finds_xie_yu_e() {
    // storylines.md §4: 谢玉娥 is unpaid in a 赡养费纠纷 and on the hardship roster; the
    // default models miss her, "a 赡养费 class-case model would find her".
    let f = Fixture::new();
    f.write("rosters/hardship.csv", HARDSHIP);
    let config = format!(
        "{REGION}{}
[sets.maintenance_plaintiffs]
kinds = [\"civil_judgment\"]
causes = [\"赡养费纠纷\", \"赡养纠纷\", \"抚养费纠纷\", \"抚养纠纷\", \"抚育费纠纷\"]
roles = [\"plaintiff\"]

[[model]]
id = \"M5\"
name = \"赡养费、抚养费执行不能的困难当事人\"
action = \"judicial_aid\"
expr = \"maintenance_plaintiffs & failed_enforcement & hardship\"
",
        roster_entry("hardship", "低保低边", "rosters/hardship.csv"),
    );
    let result = f.screen(&config, &gold_records());
    assert_eq!(names(&result, "M5"), vec!["谢玉娥".to_string()]);
    let c = clue(&result, "M5", "谢玉娥");
    assert_eq!(c.sources.len(), 2, "{:?}", sources(c));
    assert_eq!(c.person.id_number.as_deref(), Some("330382194004040428"));
}
