//! Table-driven tests: loading and validation, match precedence on real snippets, ConText
//! reading, overrides, fingerprints.

use std::collections::HashSet;

use jiuzhu_core::{Injury, Kind, Outcome, Role};

use super::*;

fn dicts() -> Dictionaries {
    Dictionaries::embedded()
}

#[test]
fn every_dictionary_file_loads_and_validates() {
    for &family in Family::ALL {
        let (data, problems) =
            parse::parse_file(family, family.file_name(), embedded_source(family));
        assert!(problems.is_empty(), "{}: {problems:?}", family.file_name());
        let entries = match family {
            Family::Charge => data.charges.len(),
            Family::Cause => data.causes.len(),
            Family::Role => data.roles.len(),
            Family::Compensation => data.comp.len() + data.degrees.len(),
            Family::Negation => data.negation.len(),
            Family::Context => data.context.len(),
            Family::Outcome => data.outcomes.len(),
            Family::Injury => data.injuries.len(),
            Family::Kind => data.kinds.len(),
            Family::Org => data.orgs.len(),
            Family::Relation => data.relations.len(),
            Family::Amount => data.amounts.len(),
            Family::Party => data.parties.len(),
        };
        assert!(
            entries >= 5,
            "{} has only {entries} entries",
            family.file_name()
        );
    }
    let d = dicts();
    assert!(d.charges().pattern_count() >= 120);
    assert!(d.sources().iter().all(|s| s.embedded));
}

#[test]
fn entries_have_unique_rules_and_explain_finds_them() {
    let d = dicts();
    let entries = d.entries();
    let mut rules = HashSet::new();
    for e in &entries {
        assert!(rules.insert(e.rule.clone()), "rule {} twice", e.rule);
        assert!(e.line > 0, "{} has no line", e.rule);
    }
    let e = d.explain("comp:谅解").expect("comp:谅解 exists");
    assert_eq!(e.label, "settled");
    assert!(e.extra.contains(&"negated=unsettled".to_string()));
    assert_eq!(e.file, "compensation.toml");
    assert_eq!(d.explain("role:被执行人").unwrap().label, "respondent");
    assert!(d.explain("comp:不存在").is_none());
}

/// (name, family, file text, fragments every one of which must appear in one problem line).
const MALFORMED: &[(&str, Family, &str, &[&[&str]])] = &[
    (
        "duplicate id",
        Family::Charge,
        "[[charge]]\nid = \"盗窃罪\"\n\n[[charge]]\nid = \"盗窃罪\"\naliases = [\"偷窃\"]\n",
        &[&["bad.toml:4:", "duplicate id `盗窃罪`", "line 1"]],
    ),
    (
        "empty phrase",
        Family::Role,
        "[[role]]\nid = \"x\"\nphrase = \"  \"\nrole = \"victim\"\n",
        &[&["bad.toml:3:", "empty phrase"]],
    ),
    (
        "empty alias",
        Family::Charge,
        "[[charge]]\nid = \"盗窃罪\"\naliases = [\"盗窃\", \"\"]\n",
        &[&["bad.toml:3:", "empty phrase"]],
    ),
    (
        "unknown label",
        Family::Compensation,
        "[[trigger]]\nid = \"谅解\"\nlabel = \"forgiven\"\n",
        &[&[
            "bad.toml:3:",
            "unknown label `forgiven`",
            "settled, partial, unsettled, neutral",
        ]],
    ),
    (
        "bad TOML",
        Family::Negation,
        "[[cue]]\nid = \"未\"\nkind = \"pre\n",
        &[&["bad.toml:3:", "TOML syntax"]],
    ),
    (
        "unknown key",
        Family::Outcome,
        "[[outcome]]\nid = \"终本\"\noutcome = \"terminated_this_round\"\nweight = 2\n",
        &[&["bad.toml:4:", "unknown key `weight`"]],
    ),
    (
        "unknown table",
        Family::Kind,
        "[[titles]]\nid = \"起诉书\"\nkind = \"indictment\"\n",
        &[&[
            "bad.toml:1:",
            "unknown table or key `titles`",
            "[[title]] or [[code]]",
        ]],
    ),
    (
        "unknown role and missing field",
        Family::Role,
        "[[role]]\nid = \"被害人\"\nrole = \"injured\"\n\n[[role]]\nid = \"原告\"\n",
        &[
            &["bad.toml:3:", "unknown role `injured`", "not_party"],
            &["bad.toml:5:", "missing `role`"],
        ],
    ),
    (
        "same phrase in two conflicting entries",
        Family::Compensation,
        "[[trigger]]\nid = \"a\"\nphrase = \"调解\"\nlabel = \"settled\"\n\n[[trigger]]\nid = \"b\"\naliases = [\"调解\"]\nlabel = \"neutral\"\n",
        &[&["bad.toml:6:", "phrase `调解`", "entry `a` (line 1)"]],
    ),
    (
        "negated equal to label",
        Family::Compensation,
        "[[trigger]]\nid = \"谅解\"\nlabel = \"settled\"\nnegated = \"settled\"\n",
        &[&["bad.toml:4:", "same as label"]],
    ),
    (
        "unknown category",
        Family::Cause,
        "[[cause]]\nid = \"离婚纠纷\"\ncategory = \"marriage\"\n",
        &[&["bad.toml:3:", "unknown category `marriage`", "family"]],
    ),
    (
        "grade on death, disability grade out of range",
        Family::Injury,
        "[[injury]]\nid = \"死亡\"\ninjury = \"death\"\ngrade = 1\n\n[[injury]]\nid = \"十一级伤残\"\ninjury = \"serious\"\ndisability_grade = 11\n",
        &[
            &["bad.toml:4:", "grade"],
            &["bad.toml:9:", "disability_grade", "1 to 10"],
        ],
    ),
    (
        "whitespace in phrase and colon in id",
        Family::Org,
        "[[suffix]]\nid = \"a:b\"\nphrase = \"有限 公司\"\nposition = \"anywhere\"\n",
        &[
            &["bad.toml:2:", "contains whitespace or `:`"],
            &["bad.toml:3:", "contains whitespace"],
        ],
    ),
    (
        "cue_chars leaves no name",
        Family::Role,
        "[[role]]\nid = \"被告\"\nrole = \"defendant\"\ncue_chars = 2\n",
        &[&["bad.toml:4:", "cue_chars = 2"]],
    ),
    (
        "max_gap on a terminator, block scope in negation",
        Family::Negation,
        "[[cue]]\nid = \"，\"\nkind = \"terminator\"\nmax_gap = 3\n\n[[cue]]\nid = \"未\"\nkind = \"pre\"\nscope = \"block\"\n",
        &[&["bad.toml:4:", "max_gap"], &["bad.toml:9:", "block"]],
    ),
    (
        "parties: a list left out",
        Family::Party,
        "[[name_stop]]\nid = \"诉称\"\n",
        &[
            &["bad.toml:1:", "no [[harm]] entries", "copy the section"],
            &["no [[field]] entries"],
            &["no [[not_name_start]] entries"],
            &["no [[not_in_name]] entries"],
            &["no [[unit]] entries"],
            &["no [[org_break]] entries"],
            &["no [[place]] entries"],
            &["no [[entry_block]] entries"],
            &["no [[conjunction]] entries"],
            &["no [[harm_opener]] entries"],
            &["no [[harm_filler]] entries"],
            &["no [[body_side]] entries"],
            &["no [[civil_claim]] entries"],
            &["no [[apply]] entries"],
            &["no [[apply_opener]] entries"],
            &["no [[addressee]] entries"],
        ],
    ),
    (
        "one bad entry reports all its problems",
        Family::Compensation,
        "[[trigger]]\nid = \"\"\nlabel = \"paid\"\nstrength = \"very\"\ncolour = \"red\"\n",
        &[
            &["bad.toml:2:", "empty id"],
            &["bad.toml:3:", "unknown label `paid`"],
            &["bad.toml:4:", "unknown strength `very`"],
            &["bad.toml:5:", "unknown key `colour`"],
        ],
    ),
];

#[test]
fn malformed_dictionaries_fail_naming_file_and_line() {
    for (name, family, text, expected) in MALFORMED {
        let err = Dictionaries::from_texts([(*family, "bad.toml", *text)])
            .expect_err(&format!("{name}: should fail"));
        let problems: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(
            problems.len(),
            expected.len(),
            "{name}: expected {} problem(s), got {problems:#?}",
            expected.len()
        );
        for fragments in *expected {
            assert!(
                problems
                    .iter()
                    .any(|p| fragments.iter().all(|f| p.contains(f))),
                "{name}: no problem contains all of {fragments:?}; got {problems:#?}"
            );
        }
        let rendered = err.to_string();
        assert!(rendered.contains("bad.toml:"), "{name}: {rendered}");
    }
}

#[test]
fn parties_fields_are_validated() {
    // Broken entries appended to the embedded file, so that every list is present and only
    // they are at fault.
    let base = embedded_source(Family::Party);
    let first = base.lines().count() + 1;
    let text = format!(
        "{base}\n[[field]]\nid = \"住处\"\n\n[[field]]\nid = \"生日\"\nfield = \"birthday\"\n\n\
         [[harm]]\nid = \"烫伤\"\nfield = \"address\"\n\n[[name_stop]]\nid = \"嚷称\"\nafter = 9\n\n\
         [[harm]]\nid = \"烫死\"\nafter = 2\n"
    );
    let err = Dictionaries::from_texts([(Family::Party, "bad.toml", text.as_str())]).unwrap_err();
    let problems: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    let expected: &[(usize, &[&str])] = &[
        (first + 1, &["missing `field`", "address, hukou"]),
        (first + 6, &["unknown field `birthday`", "birth"]),
        (first + 10, &["unknown key `field` in [[harm]]"]),
        (first + 14, &["`after` must be an integer from 1 to 4"]),
        (first + 18, &["unknown key `after` in [[harm]]"]),
    ];
    assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    for (line, fragments) in expected {
        let at = format!("bad.toml:{line}:");
        assert!(
            problems
                .iter()
                .any(|p| p.contains(&at) && fragments.iter().all(|f| p.contains(f))),
            "no problem at {at} with {fragments:?}: {problems:#?}"
        );
    }
}

#[test]
fn parties_lists_are_separate_automata() {
    let d = dicts();
    // 的 opens a harmed name (被撞的X) and is in no given name: two lists, no conflict.
    assert!(d.parties(PartySection::HarmOpener).lookup("的").is_some());
    assert!(d.parties(PartySection::NotInName).lookup("的").is_some());
    assert!(d.parties(PartySection::Harm).lookup("的").is_none());
    // Leftmost-longest within a list: 当场死亡 over 死亡.
    let hit = d.parties(PartySection::Harm).find("致其当场死亡").unwrap();
    assert_eq!(
        (hit.phrase, hit.entry.head.id.as_str()),
        ("当场死亡", "死亡")
    );
    assert_eq!(hit.rule(), "party:死亡");
    // A field entry's label is its field; other entries' is their list.
    let field = d.parties(PartySection::Field).lookup("户籍地").unwrap();
    assert_eq!(field.field, Some(PartyField::Hukou));
    assert_eq!(field.label(), "hukou");
    assert_eq!(field.section(), "field");
    let stop = d.parties(PartySection::NameStop).lookup("辩称").unwrap();
    assert_eq!((stop.label(), stop.field), ("name_stop".to_string(), None));
    // `after`: right after a surname by default; 发生 is also a given name (陈发生).
    assert_eq!(stop.min_before(), 1);
    let given = d.parties(PartySection::NameStop).lookup("发生").unwrap();
    assert_eq!(given.min_before(), 2);
    assert_eq!(given.extra(), [("after", "2".to_string())]);
    // Every list has entries, and the listing shows them under their section.
    for &s in PartySection::ALL {
        assert!(d.parties(s).pattern_count() > 0, "{s} is empty");
    }
    let info = d.explain("party:申请执行").unwrap();
    assert_eq!(
        (info.section.as_str(), info.file.as_str()),
        ("apply", "parties.toml")
    );
}

#[test]
fn longest_prefix_is_the_longest_phrase_the_text_starts_with() {
    let d = dicts();
    for &section in PartySection::ALL {
        let m = d.parties(section);
        let phrases: Vec<(&str, &str)> = m
            .entries()
            .flat_map(|e| e.head.phrases().map(move |p| (p, e.head.id.as_str())))
            .collect();
        // Trying every phrase is the answer by definition.
        let brute = |s: &str| {
            phrases
                .iter()
                .filter(|(p, _)| s.starts_with(p))
                .max_by_key(|(p, _)| p.len())
                .copied()
        };
        for (p, _) in &phrases {
            let cut = p.char_indices().nth(1).map_or(0, |(i, _)| i);
            for probe in [
                p.to_string(),
                format!("{p}某某称"),
                format!("某{p}"),
                p[cut..].to_string(),
            ] {
                let got = m
                    .longest_prefix(&probe)
                    .map(|(e, p)| (p, e.head.id.as_str()));
                assert_eq!(got, brute(&probe), "{section}: {probe}");
            }
        }
    }
    assert_eq!(d.parties(PartySection::Harm).longest_prefix(""), None);
}

#[test]
fn problems_in_several_files_are_all_reported() {
    let err = Dictionaries::from_texts([
        (Family::Charge, "a.toml", "[[charge]]\nid = \"\"\n"),
        (Family::Org, "b.toml", "[[suffix]]\nid = \"厂\"\n"),
    ])
    .unwrap_err();
    let files: HashSet<&str> = err.problems().iter().map(|p| p.file.as_str()).collect();
    assert_eq!(files, HashSet::from(["a.toml", "b.toml"]));
}

/// Role precedence on real and realistic snippets: (text, [(matched text, target)]).
const ROLE_ROWS: &[(&str, &[(&str, &str)])] = &[
    (
        "附带民事诉讼原告人王某某，男",
        &[("附带民事诉讼原告人", "incidental_plaintiff")],
    ),
    (
        "原告王某某诉被告李某",
        &[("原告", "plaintiff"), ("被告", "defendant")],
    ),
    ("被告人张某某犯故意伤害罪", &[("被告人", "accused")]),
    ("犯罪嫌疑人陈某", &[("犯罪嫌疑人", "accused")]),
    (
        "申请执行人：谷巧平，女，汉族。被执行人：谷小利，女",
        &[("申请执行人", "applicant"), ("被执行人", "respondent")],
    ),
    (
        "被申请人张某，申请人李某",
        &[("被申请人", "respondent"), ("申请人", "applicant")],
    ),
    (
        "上诉人(原审被告人)林文兵",
        &[("上诉人(原审被告人)", "accused")],
    ),
    (
        "上诉人(原审被告)中国平安财产保险股份有限公司贵州分公司。被上诉人(原审原告)田春娥",
        &[
            ("上诉人(原审被告)", "defendant"),
            ("被上诉人(原审原告)", "plaintiff"),
        ],
    ),
    ("被上诉人张某", &[("被上诉人", "unresolved")]),
    ("原审原告周发扬", &[("原审原告", "plaintiff")]),
    (
        "被害人的法定代理人蒙某2",
        &[("被害人的法定代理人", "representative")],
    ),
    ("被害人家属杨某4", &[("被害人家属", "relative")]),
    (
        "辩护人蒋惠亚，委托诉讼代理人李某",
        &[("辩护人", "not_party"), ("委托诉讼代理人", "not_party")],
    ),
    (
        "审判长崔纪国审判员田野书记员张艳涛",
        &[
            ("审判长", "not_party"),
            ("审判员", "not_party"),
            ("书记员", "not_party"),
        ],
    ),
    (
        "现要求被告人保财险梅里斯支公司赔偿",
        &[("被告人保财险", "defendant")],
    ),
    ("被的行人隆某某1", &[("被的行人", "respondent")]),
];

#[test]
fn roles_follow_leftmost_longest_precedence() {
    let d = dicts();
    for (text, want) in ROLE_ROWS {
        let got: Vec<(&str, &str)> = d
            .roles()
            .find_iter(text)
            .map(|h| (h.text(text), h.entry.role.as_str()))
            .collect();
        assert_eq!(&got, want, "{text}");
    }
    let picc = d.roles().find("被告人保财险梅里斯支公司").unwrap();
    assert_eq!(picc.entry.cue_chars, Some(2));
    assert_eq!(
        d.roles().lookup("附带民事诉讼原告人").unwrap().role.role(),
        Some(Role::IncidentalPlaintiff)
    );
}

#[test]
fn charges_and_causes_resolve_to_canonical_names() {
    let d = dicts();
    let rows: &[(&str, &str)] = &[
        ("被告人张某犯故意伤害罪，判处", "故意伤害罪"),
        ("以合同诈骗罪追究其刑事责任", "合同诈骗罪"),
        ("涉嫌诈骗罪", "诈骗罪"),
        ("构成非国家工作人员受贿罪", "非国家工作人员受贿罪"),
        ("犯强制猥亵妇女罪", "强制猥亵、侮辱罪"),
        (
            "犯过失以危险方法危害公共安全罪",
            "过失以危险方法危害公共安全罪",
        ),
        ("犯交通肇事罪", "交通肇事罪"),
    ];
    for (text, want) in rows {
        let hit = d.charges().find(text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(hit.entry.head.phrase, *want, "{text}");
    }
    assert_eq!(
        d.charges().lookup("危险驾驶").unwrap().head.id,
        "危险驾驶罪"
    );
    let causes: &[(&str, &str, CauseCategory)] = &[
        (
            "原告诉被告机动车交通事故责任纠纷一案",
            "机动车交通事故责任纠纷",
            CauseCategory::Traffic,
        ),
        (
            "非机动车交通事故责任纠纷一案",
            "非机动车交通事故责任纠纷",
            CauseCategory::Traffic,
        ),
        (
            "生命权、健康权、身体权纠纷",
            "生命权、身体权、健康权纠纷",
            CauseCategory::PersonalInjury,
        ),
        ("抚育费纠纷", "抚育费纠纷", CauseCategory::Maintenance),
        ("买卖合同纠纷一案", "买卖合同纠纷", CauseCategory::Contract),
        ("信用卡纠纷", "信用卡纠纷", CauseCategory::Loan),
    ];
    for (text, want, cat) in causes {
        let hit = d.causes().find(text).unwrap();
        assert_eq!(
            (hit.entry.head.id.as_str(), hit.entry.category),
            (*want, *cat),
            "{text}"
        );
    }
}

#[test]
fn kinds_from_titles_and_case_codes() {
    let d = dicts();
    let titles: &[(&str, Kind)] = &[
        (
            "浙江省乐清市人民法院刑事附带民事判决书",
            Kind::CriminalJudgment,
        ),
        ("河南省新郑市人民法院民事判决书", Kind::CivilJudgment),
        ("执行裁定书", Kind::EnforcementRuling),
        ("乐清市人民检察院不批准逮捕决定书", Kind::ArrestReview),
        ("起诉书", Kind::Indictment),
        ("民事裁定书", Kind::Other),
        ("结案通知书", Kind::EnforcementRuling),
    ];
    for (text, want) in titles {
        let got = d.titles().find(text).map_or(Kind::Other, |h| h.entry.kind);
        assert_eq!(got, *want, "{text}");
    }
    let codes: &[(&str, Kind)] = &[
        ("(2021)浙0382刑初456号", Kind::CriminalJudgment),
        ("(2015)信刑终字第90号", Kind::CriminalJudgment),
        ("(2018)黔06民终609号", Kind::CivilJudgment),
        ("(2015)瓜民一初字第370号", Kind::CivilJudgment),
        ("(2023)云2323执恢39号", Kind::EnforcementRuling),
        ("(2020)豫0192执2437号之一", Kind::EnforcementRuling),
        ("乐检刑诉(2022)123号", Kind::Indictment),
        ("七检刑诉(2024)74号", Kind::Indictment),
    ];
    for (text, want) in codes {
        let hit = d
            .case_codes()
            .find(text)
            .unwrap_or_else(|| panic!("{text}"));
        assert_eq!(hit.entry.kind, *want, "{text}");
    }
    assert_eq!(
        d.case_codes().find("(2023)云2323执恢39号").unwrap().phrase,
        "执恢"
    );
}

#[test]
fn outcomes_injuries_orgs_relations_on_real_snippets() {
    let d = dicts();
    let outcomes: &[(&str, &str, Outcome)] = &[
        (
            "本院认为，本案未发现被执行人可供执行财产。裁定如下：终结本次执行程序。",
            "终结本次执行程序",
            Outcome::TerminatedThisRound,
        ),
        (
            "终结本次执行程序的依据及法律后果等",
            "终结本次执行程序的依据及法律后果",
            Outcome::Other,
        ),
        (
            "裁定如下：终结(2023)桂1031执386号的执行",
            "终结",
            Outcome::Terminated,
        ),
        (
            "申请执行人可向本院申请恢复执行",
            "申请恢复执行",
            Outcome::Other,
        ),
        ("本案执行完毕", "执行完毕", Outcome::Completed),
        ("双方达成执行和解协议", "达成执行和解协议", Outcome::Settled),
    ];
    for (text, id, want) in outcomes {
        let hit = d
            .outcomes()
            .find_iter(text)
            .find(|h| h.entry.outcome != Outcome::Other || *want == Outcome::Other)
            .unwrap_or_else(|| panic!("{text}"));
        assert_eq!((hit.text(text), hit.entry.outcome), (*id, *want), "{text}");
    }
    assert_eq!(
        d.outcomes()
            .find("终结(2023)桂1031执386号")
            .unwrap()
            .entry
            .strength,
        Strength::Weak
    );

    let injuries: &[(&str, Injury, Option<u8>, Option<u8>)] = &[
        (
            "经鉴定，被害人的损伤程度为轻伤一级",
            Injury::Minor,
            Some(1),
            None,
        ),
        ("损伤程度属轻微伤", Injury::Slight, None, None),
        (
            "被鉴定人黄x0所受损伤,评定为捌级伤残",
            Injury::Serious,
            None,
            Some(8),
        ),
        ("构成伤残10级", Injury::Serious, None, Some(10)),
        ("致被害人重伤二级", Injury::Serious, Some(2), None),
        ("经抢救无效死亡", Injury::Death, None, None),
    ];
    for (text, injury, grade, disability) in injuries {
        let hit = d.injuries().find(text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(
            (
                hit.entry.injury,
                hit.entry.grade,
                hit.entry.disability_grade
            ),
            (*injury, *grade, *disability),
            "{text}"
        );
    }

    let org = "中国人民财产保险股份有限公司宝鸡市分公司";
    let hits: Vec<&str> = d.orgs().find_iter(org).map(|h| h.text(org)).collect();
    assert_eq!(hits, ["财产保险", "股份有限公司", "分公司"]);
    assert_eq!(d.orgs().find("张三").map(|h| h.phrase), None);

    let rel = "附带民事诉讼原告人李四，系死者张三之妻";
    let kinds: Vec<RelationKind> = d
        .relations()
        .find_iter(rel)
        .map(|h| h.entry.relation)
        .collect();
    assert_eq!(kinds, [RelationKind::Marker, RelationKind::Spouse]);
}

/// Issue 5's compensation cases, read the ConText way: (text, expected labels of the
/// non-neutral phrases left to right).
const READING_ROWS: &[(&str, &[CompLabel])] = &[
    (
        "被告人未赔偿被害人经济损失，亦未取得谅解。",
        &[CompLabel::Unsettled, CompLabel::Unsettled],
    ),
    ("双方未能达成调解协议", &[CompLabel::Unsettled]),
    ("经调解未果，原告诉至本院", &[CompLabel::Unsettled]),
    ("被告人现阶段没有赔偿能力", &[CompLabel::Unsettled]),
    (
        "被告人已赔偿并取得谅解",
        &[CompLabel::Settled, CompLabel::Settled],
    ),
    ("被害人出具谅解书", &[CompLabel::Settled]),
    ("双方达成刑事和解", &[CompLabel::Settled]),
    // 撤诉 is neutral: a withdrawal alone says nothing; the payment before it settles.
    ("原告得到赔偿款5万元后撤诉", &[CompLabel::Settled]),
    (
        "家属代为赔偿部分损失，被害人未予谅解",
        &[CompLabel::Partial, CompLabel::Unsettled],
    ),
    ("被告人系初犯，认罪态度较好", &[]),
    ("对被告人不予以谅解", &[CompLabel::Unsettled]),
    ("原告主张的部分赔偿项目费用过高", &[]),
    ("最后由孔店乡政府协调解决的", &[]),
    ("被告人拒不履行", &[CompLabel::Unsettled]),
    ("被告一直未履行完毕", &[CompLabel::Unsettled]),
    ("拒绝按金额400000元进行赔付", &[CompLabel::Unsettled]),
    (
        "原审法院因其未做伤残等级鉴定而驳回其要求赔偿伤残赔偿金的诉讼请求",
        &[CompLabel::Settled],
    ),
    (
        "被害人刘某某甲表示不提起附带民事赔偿",
        &[CompLabel::Unsettled],
    ),
    ("被害人未成年，已赔偿", &[CompLabel::Settled]),
];

#[test]
fn compensation_reading_with_negation_scope() {
    let d = dicts();
    for (text, want) in READING_ROWS {
        let scan = d.negation_scan(text);
        let got: Vec<CompLabel> = d
            .compensation()
            .find_iter(text)
            .map(|h| h.entry.label_when(scan.cue_for(h.span()).is_some()))
            .filter(|l| *l != CompLabel::Neutral)
            .collect();
        assert_eq!(&got, want, "{text}");
    }
    // Neutral topics speak only when negated: 调解未果 and 不提起附带民事赔偿 are unsettled.
    for (text, id) in [
        ("经调解未果", "调解"),
        ("表示不提起附带民事赔偿", "附带民事诉讼"),
    ] {
        let scan = d.negation_scan(text);
        let hit = d
            .compensation()
            .find_iter(text)
            .find(|h| h.entry.head.id == id)
            .unwrap();
        let cue = scan
            .cue_for(hit.span())
            .unwrap_or_else(|| panic!("{text}: no cue"));
        assert_eq!(hit.entry.label_when(true), CompLabel::Unsettled, "{text}");
        assert!(
            matches!(cue.entry.kind, NegKind::Post | NegKind::Pre),
            "{text}"
        );
    }
    // A lexically negative phrase shows its own cue.
    let text = "被告人拒不履行";
    let hit = d.compensation().find(text).unwrap();
    assert_eq!(
        d.negation_scan(text).cue_inside(hit.span()).unwrap().phrase,
        "拒不"
    );
}

#[test]
fn degrees_and_context_cues() {
    let d = dicts();
    let text = "赔偿了被害方部分经济损失";
    assert_eq!(
        d.degrees().find(text).unwrap().entry.degree,
        Degree::Partial
    );
    assert_eq!(
        d.degrees()
            .find("就民事赔偿部分达成协议")
            .unwrap()
            .entry
            .degree,
        Degree::None
    );

    let rows: &[(&str, &[(&str, ContextKind)])] = &[
        (
            "原告诉称，被告至今没有向原告赔偿",
            &[("原告诉称", ContextKind::Claim)],
        ),
        (
            "辩护人提出被告人已赔偿被害人的经济损失。经审理查明",
            &[
                ("辩护人提出", ContextKind::Claim),
                ("经审理查明", ContextKind::Finding),
            ],
        ),
        (
            "附带民事诉讼原告人要求被告人赔偿",
            &[("要求被告人", ContextKind::Claim)],
        ),
        ("被害人家属不同意谅解", &[("不同意", ContextKind::Neutral)]),
        (
            "判决如下:一、被告人赔偿",
            &[("判决如下:", ContextKind::Order)],
        ),
        (
            "依照《中华人民共和国刑法》第二百三十四条之规定",
            &[
                ("依照《", ContextKind::Statute),
                ("之规定", ContextKind::Statute),
            ],
        ),
        (
            "申请执行人于2020年11月30日向本院申请执行",
            &[
                ("申请执行人", ContextKind::Neutral),
                ("申请", ContextKind::Claim),
            ],
        ),
        (
            "如果未按本判决指定的期间履行给付金钱义务",
            &[
                ("如果", ContextKind::Conditional),
                ("本判决指定", ContextKind::Neutral),
            ],
        ),
    ];
    for (text, want) in rows {
        let got: Vec<(&str, ContextKind)> = d
            .context()
            .find_iter(text)
            .map(|h| (h.text(text), h.entry.kind))
            .collect();
        assert_eq!(&got, want, "{text}");
    }
}

#[test]
fn load_dir_overrides_by_file_name_and_falls_back_to_embedded() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("charges.toml"),
        "# one charge only\n[[charge]]\nid = \"失火罪\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("models.toml"),
        "not a dictionary of this crate",
    )
    .unwrap();
    let d = Dictionaries::load_dir(dir.path()).unwrap();
    assert_eq!(d.charges().entries().count(), 1);
    assert!(d.charges().find("犯故意伤害罪").is_none());
    assert_eq!(
        d.roles().entries().count(),
        dicts().roles().entries().count()
    );
    let charges = d
        .sources()
        .iter()
        .find(|s| s.family == Family::Charge)
        .unwrap();
    assert!(!charges.embedded && charges.name.ends_with("charges.toml"));
    assert!(d.sources().iter().filter(|s| s.embedded).count() == Family::ALL.len() - 1);
    assert_ne!(d.fingerprint(), dicts().fingerprint());

    std::fs::write(
        dir.path().join("roles.toml"),
        "[[role]]\nid = \"被害人\"\nrole = \"victm\"\n",
    )
    .unwrap();
    let err = Dictionaries::load_dir(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("roles.toml:3:") && err.contains("victm"),
        "{err}"
    );

    let missing = Dictionaries::load_dir(dir.path().join("nope")).unwrap_err();
    assert!(matches!(missing, DictError::Io { .. }));
    assert!(missing.to_string().contains("nope"));
}

#[test]
fn fingerprint_ignores_comments_and_tracks_content() {
    let base = dicts();
    assert_eq!(base.fingerprint(), Dictionaries::embedded().fingerprint());
    assert_eq!(base.fingerprint().len(), 16);
    let commented = format!("# a new comment\n\n{}", embedded_source(Family::Negation));
    let same = Dictionaries::from_texts([(Family::Negation, "negation.toml", commented.as_str())])
        .unwrap();
    assert_eq!(same.fingerprint(), base.fingerprint());
    let changed_text =
        embedded_source(Family::Negation).replace("pre_max_gap = 15", "pre_max_gap = 14");
    let changed =
        Dictionaries::from_texts([(Family::Negation, "negation.toml", changed_text.as_str())])
            .unwrap();
    assert_ne!(changed.fingerprint(), base.fingerprint());
    assert_eq!(changed.negation_settings().pre_max_gap, 14);
}

#[test]
fn shared_across_threads_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Dictionaries>();
    let d = dicts();
    let c = d.clone();
    assert!(Arc::ptr_eq(&d.inner, &c.inner));
    let texts = [
        "被告人未赔偿被害人损失",
        "已赔偿并取得谅解",
        "调解未果",
        "出具谅解书",
    ];
    let counts: Vec<usize> = std::thread::scope(|s| {
        let handles: Vec<_> = texts
            .iter()
            .map(|t| {
                let d = d.clone();
                s.spawn(move || d.compensation().find_iter(t).count())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(counts, [1, 2, 1, 1]);
}
