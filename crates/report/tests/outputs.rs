//! The three review outputs over hand-built clues: what a reviewer opens must hold every
//! clue, in the right sheet and row, with IDs masked when asked and document text inert.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use jiuzhu_core::{
    Action, Clue, ClueEvidence, ClueLink, CluePerson, ClueSource, Date, Flag, Funnel, FunnelStep,
    Gender, Injury, Kind, LinkLevel, Locality, ModelFunnel, Role, RosterHit,
};
use jiuzhu_report::{CLUE_HEADERS, Report, sheets};

const ID_CHEN: &str = "330382196505121540";
const ID_HE: &str = "362322198803091044";
const ID_LI: &str = "330382200605190913";
const ID_ZHENG: &str = "33038219590314417X";

fn person(name: &str, id: Option<&str>, sex: Gender, age: u32, locality: Locality) -> CluePerson {
    CluePerson {
        name: name.into(),
        id_number: id.map(str::to_string),
        sex: Some(sex),
        birth_date: id.map(|i| i[6..14].to_string()).map(|d| {
            Date::new(
                d[..4].parse().unwrap(),
                d[4..6].parse().unwrap(),
                d[6..].parse().unwrap(),
            )
            .unwrap()
        }),
        age: Some(age),
        locality,
    }
}

fn source(source: &str, case: Option<&str>, kind: Kind, roles: &[Role]) -> ClueSource {
    ClueSource {
        source: source.into(),
        case_number: case.map(str::to_string),
        kind,
        roles: roles.to_vec(),
    }
}

fn evidence(source: &str, rule: &str, text: &str, cue: Option<&str>) -> ClueEvidence {
    ClueEvidence {
        source: source.into(),
        rule: rule.into(),
        text: text.into(),
        cue: cue.map(str::to_string),
    }
}

fn hit(roster: &str, file: &str, row: usize, category: Option<&str>) -> RosterHit {
    RosterHit {
        roster: roster.into(),
        file: file.into(),
        row,
        category: category.map(str::to_string),
    }
}

/// Six clues over three models: M1 one, M2 two (one with a hostile document), M4 three
/// (local, non-local, unknown). M3 finds nobody.
fn clues() -> Vec<Clue> {
    let m1 = Clue {
        model: "M1".into(),
        action: Action::JudicialAid,
        person: person("郑国平", Some(ID_ZHENG), Gender::Male, 67, Locality::Local),
        link: ClueLink {
            level: LinkLevel::Id,
            rosters: vec![hit("低保低边", "rosters/dibao.csv", 3, Some("低保"))],
            reason: "身份证号一致".into(),
        },
        sources: vec![
            source(
                "indictment/i01.txt",
                Some("乐检刑诉(2022)56号"),
                Kind::Indictment,
                &[Role::Victim],
            ),
            source(
                "arrest/a01.txt",
                Some("乐检刑捕受(2021)612号"),
                Kind::ArrestReview,
                &[Role::Victim],
            ),
        ],
        injury: Injury::Minor,
        unpaid_amount: None,
        flags: vec![Flag::Elderly],
        priority: 0.61,
        evidence: vec![evidence(
            "indictment/i01.txt",
            "comp:取得谅解",
            "犯罪嫌疑人至今未赔偿被害人损失，亦未取得被害人谅解",
            Some("亦未"),
        )],
    };
    let m2_chen = Clue {
        model: "M2".into(),
        action: Action::JudicialAid,
        person: person("陈秀英", Some(ID_CHEN), Gender::Female, 61, Locality::Local),
        link: ClueLink {
            level: LinkLevel::Case,
            rosters: vec![hit("低保低边", "rosters/dibao.csv", 7, Some("低保"))],
            reason: "执行依据案号一致；身份证号一致".into(),
        },
        sources: vec![
            source(
                "civil/c02.txt",
                Some("(2021)浙0382民初1234号"),
                Kind::CivilJudgment,
                &[Role::Plaintiff],
            ),
            source(
                "enforcement/e05.txt",
                Some("(2022)浙0382执567号"),
                Kind::EnforcementRuling,
                &[Role::Applicant],
            ),
        ],
        injury: Injury::Serious,
        unpaid_amount: Some(186_000.0),
        flags: vec![Flag::Woman, Flag::Elderly],
        priority: 0.88,
        evidence: vec![
            evidence(
                "enforcement/e05.txt",
                "outcome:终结本次执行程序",
                "终结本次执行程序",
                None,
            ),
            // A party paragraph quoted whole, with the ID number in it.
            evidence(
                "civil/c02.txt",
                "comp:履行",
                "被告至今未履行，原告陈秀英（公民身份号码330382196505121540）生活困难",
                Some("未"),
            ),
        ],
    };
    let m2_hostile = Clue {
        model: "M2".into(),
        action: Action::JudicialAid,
        person: person(
            "<b>潘美玲</b>",
            Some("330382197512081289"),
            Gender::Female,
            50,
            Locality::Local,
        ),
        link: ClueLink {
            level: LinkLevel::Name,
            rosters: vec![],
            reason: "姓名一致".into(),
        },
        sources: vec![source(
            "dump/<img src=x onerror=alert(1)>.html",
            Some("(2022)浙0382刑初845号"),
            Kind::CriminalJudgment,
            &[Role::Victim],
        )],
        injury: Injury::Unknown,
        unpaid_amount: Some(5_000.5),
        flags: vec![Flag::Woman],
        priority: 0.42,
        evidence: vec![evidence(
            "dump/<img src=x onerror=alert(1)>.html",
            "comp:赔偿",
            "=HYPERLINK(\"http://evil\")被告人未赔偿<script>window.__pwned=1</script>",
            Some("未"),
        )],
    };
    let m4 = |name: &str, id: Option<&str>, sex, loc, p| Clue {
        model: "M4".into(),
        action: Action::SocialAid,
        person: person(name, id, sex, 40, loc),
        link: ClueLink {
            level: LinkLevel::Id,
            rosters: vec![hit("司法救助", "rosters/judicial_aid.csv", 2, None)],
            reason: "仅一处记录，无需关联".into(),
        },
        sources: vec![],
        injury: Injury::Unknown,
        unpaid_amount: None,
        flags: vec![],
        priority: p,
        evidence: vec![],
    };
    vec![
        m1,
        m2_chen,
        m2_hostile,
        m4("李俊杰", Some(ID_LI), Gender::Male, Locality::Local, 0.35),
        m4(
            "何雪梅",
            Some(ID_HE),
            Gender::Female,
            Locality::NonLocal,
            0.45,
        ),
        m4("王某", None, Gender::Male, Locality::Unknown, 0.30),
    ]
}

fn funnel() -> Funnel {
    let step = |s: &str, d, p, u| FunnelStep {
        step: s.into(),
        documents: d,
        persons: p,
        unlinkable: u,
    };
    let model = |id: &str, name: &str, action, expr: &str, steps, clues| ModelFunnel {
        model: id.into(),
        name: name.into(),
        action,
        expr: expr.into(),
        steps,
        clues,
    };
    Funnel {
        documents: 12,
        rejects: 1,
        models: vec![
            model(
                "M1",
                "审查逮捕、审查起诉环节未获赔偿的被害人",
                Action::JudicialAid,
                "procuratorate_victims & hardship",
                vec![
                    step("procuratorate_victims: kinds", 4, 6, 1),
                    step("procuratorate_victims", 3, 4, 1),
                    step("hardship", 0, 20, 0),
                    step("procuratorate_victims & hardship", 2, 1, 0),
                ],
                1,
            ),
            model(
                "M2",
                "无法通过诉讼获得赔偿的当事人",
                Action::JudicialAid,
                "unpaid & hardship",
                vec![step("unpaid & hardship", 4, 2, 0)],
                2,
            ),
            model(
                "M3",
                "已开展社会救助人员中符合司法救助情形的",
                Action::JudicialAid,
                "social_aid & (procuratorate_victims | unpaid)",
                vec![step("social_aid", 0, 9, 0)],
                0,
            ),
            model(
                "M4",
                "司法救助后可进一步开展社会救助的人员",
                Action::SocialAid,
                "judicial_aid - social_aid",
                vec![step("judicial_aid - social_aid", 0, 3, 0)],
                3,
            ),
        ],
    }
}

fn report<'a>(clues: &'a [Clue], funnel: &'a Funnel, mask: bool) -> Report<'a> {
    Report::new(clues, funnel)
        .mask_ids(mask)
        .region("乐清")
        .screening_date(Date::new(2026, 6, 1).unwrap())
        .priority_formula("优先级 = 0.35×伤情 + …")
        .rejects([("encrypted", 1usize)])
        .records_by_kind([(Kind::Indictment, 4), (Kind::EnforcementRuling, 7)])
}

fn csv_text(r: &Report<'_>) -> String {
    let mut out = Vec::new();
    r.csv(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn html_text(r: &Report<'_>) -> String {
    let mut out = Vec::new();
    r.html(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let body = text.strip_prefix('\u{feff}').expect("BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_has_bom_headers_and_one_row_per_clue() {
    let (clues, funnel) = (clues(), funnel());
    let text = csv_text(&report(&clues, &funnel, false));
    assert!(
        text.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 BOM"
    );
    assert!(text.contains("\r\n"), "CRLF line ends for Excel");
    let rows = csv_rows(&text);
    assert_eq!(rows[0], CLUE_HEADERS);
    assert_eq!(rows.len(), 1 + clues.len());
    let col = |h: &str| CLUE_HEADERS.iter().position(|x| *x == h).unwrap();
    let chen = &rows[2];
    let cells = [
        ("模型", "M2"),
        ("模型名称", "无法通过诉讼获得赔偿的当事人"),
        ("建议", "司法救助"),
        ("姓名", "陈秀英"),
        ("身份证号码", "\t330382196505121540"),
        ("性别", "女"),
        ("出生日期", "1965-05-12"),
        ("年龄", "61"),
        ("户籍", "本地（浙江省温州市乐清市）"),
        ("关联方式", "执行依据案号一致；身份证号一致"),
        ("名单", "低保低边（rosters/dibao.csv 第7行，低保）"),
        ("案号", "(2021)浙0382民初1234号；(2022)浙0382执567号"),
        (
            "文书",
            "civil/c02.txt（民事判决书，原告）；enforcement/e05.txt（执行裁定书，申请执行人）",
        ),
        ("伤情", "重伤"),
        ("未履行金额", "186000.00"),
        ("标记", "妇女、老年人"),
        ("优先级", "0.88"),
    ];
    for (h, want) in cells {
        assert_eq!(chen[col(h)], want, "{h}");
    }
    assert!(chen[col("依据")].starts_with(
        "(2022)浙0382执567号：终结本次执行程序；(2021)浙0382民初1234号：被告至今未履行"
    ));
    // An ID ending in X is text to Excel already: no tab.
    assert_eq!(rows[1][col("身份证号码")], ID_ZHENG);
    // A non-local person's 户籍 names where the ID was issued, as far as the division
    // table knows the code (362322, 广丰县 of the former 上饶地区, left it before 2002).
    assert_eq!(rows[5][col("户籍")], "外地（江西省）");
    // A document's formula is inert.
    assert!(rows[3][col("依据")].starts_with("(2022)浙0382刑初845号：=HYPERLINK"));
    // A person without ID, age unknown to nobody: empty cells, not "None".
    assert_eq!(rows[6][col("身份证号码")], "");
    assert_eq!(rows[6][col("未履行金额")], "");
}

#[test]
fn csv_cell_starting_with_a_formula_is_neutralised() {
    let (mut clues, funnel) = (clues(), funnel());
    clues[0].person.name = "=1+1".into();
    clues[0].link.reason = "@SUM(A1)".into();
    let rows = csv_rows(&csv_text(&report(&clues, &funnel, false)));
    let col = |h: &str| CLUE_HEADERS.iter().position(|x| *x == h).unwrap();
    assert_eq!(rows[1][col("姓名")], "'=1+1");
    assert_eq!(rows[1][col("关联方式")], "'@SUM(A1)");
}

/// Every ID number of the fixture, whole.
const IDS: [&str; 5] = [ID_CHEN, ID_HE, ID_LI, ID_ZHENG, "330382197512081289"];

#[test]
fn masking_covers_csv_xlsx_and_html() {
    let (clues, funnel) = (clues(), funnel());
    let r = report(&clues, &funnel, true);
    let csv = csv_text(&r);
    let html = html_text(&r);
    let xlsx = all_cells(&r.xlsx().unwrap());
    for id in IDS {
        assert!(!csv.contains(id), "csv leaks {id}");
        assert!(!html.contains(id), "html leaks {id}");
        assert!(!xlsx.contains(id), "xlsx leaks {id}");
    }
    for masked in [
        "330382********1540",
        "362322********1044",
        "330382********417X",
    ] {
        assert!(csv.contains(masked), "csv lacks {masked}");
        assert!(html.contains(masked), "html lacks {masked}");
        assert!(xlsx.contains(masked), "xlsx lacks {masked}");
    }
    // The ID inside the quoted party paragraph is masked too.
    assert!(csv.contains("公民身份号码330382********1540）"));
    assert!(html.contains("公民身份号码330382********1540）"));
    assert!(html.contains("身份证号码已脱敏"));

    // Unmasked, the same outputs hold the whole numbers.
    let r = report(&clues, &funnel, false);
    let (csv, html, xlsx) = (csv_text(&r), html_text(&r), all_cells(&r.xlsx().unwrap()));
    for id in IDS {
        assert!(
            csv.contains(id) && html.contains(id) && xlsx.contains(id),
            "{id}"
        );
    }
}

type Sheet = Vec<Vec<Data>>;

fn workbook(bytes: &[u8]) -> Vec<(String, Sheet)> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            // Rows as the sheet shows them, from A1 (calamine starts at the first used cell).
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

fn all_cells(bytes: &[u8]) -> String {
    workbook(bytes)
        .iter()
        .flat_map(|(_, rows)| rows.iter().flatten().map(|c| c.to_string()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn xlsx_has_a_sheet_per_model_referral_funnel_and_notes() {
    let (clues, funnel) = (clues(), funnel());
    let book = workbook(&report(&clues, &funnel, false).xlsx().unwrap());
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "M1 审查逮捕、审查起诉环节未获赔偿的被害人",
            "M2 无法通过诉讼获得赔偿的当事人",
            "M3 已开展社会救助人员中符合司法救助情形的",
            "M4 司法救助后可进一步开展社会救助的人员",
            sheets::REFERRAL,
            sheets::FUNNEL,
            sheets::NOTES,
        ]
    );
    let mut header: Vec<String> = CLUE_HEADERS.iter().map(|s| s.to_string()).collect();
    header.push(sheets::REVIEW_COLUMN.into());
    // Rows per model sheet: the header and one per clue of the model.
    for (sheet, model, n) in [(0, "M1", 1), (1, "M2", 2), (2, "M3", 0), (3, "M4", 3)] {
        let rows = &book[sheet].1;
        assert_eq!(
            rows[0].iter().map(text).collect::<Vec<_>>(),
            header,
            "{model}"
        );
        assert_eq!(rows.len(), 1 + n, "{model}");
        for r in &rows[1..] {
            assert_eq!(text(&r[0]), model);
            // The reviewer column is there and empty.
            assert_eq!(r.get(CLUE_HEADERS.len()).map(text).unwrap_or_default(), "");
        }
    }
    let m2 = &book[1].1;
    // ID numbers are text cells, all 18 characters.
    assert_eq!(m2[1][4], Data::String(ID_CHEN.into()));
    assert_eq!(m2[1][3], Data::String("陈秀英".into()));
    // Numbers are numbers: age, amount, priority.
    assert_eq!(m2[1][7], Data::Float(61.0));
    assert_eq!(m2[1][14], Data::Float(186_000.0));
    assert_eq!(m2[1][16], Data::Float(0.88));
    // A document's formula stays text in the workbook.
    assert!(text(&m2[2][17]).contains("=HYPERLINK"));

    // Referral: local first, then non-local, then unknown, each under its section row.
    let referral: Vec<String> = book[4]
        .1
        .iter()
        .map(|r| text(&r[0]) + "|" + &text(&r[3]))
        .collect();
    assert_eq!(
        referral,
        [
            "模型|姓名",
            "本地人员（户籍乐清）：1 人|",
            "M4|李俊杰",
            "外地人员：1 人|",
            "M4|何雪梅",
            "户籍不明：1 人|",
            "M4|王某",
        ]
    );

    // Funnel: each model's steps in order, then its clue count.
    let funnel_rows: Vec<(String, String, String)> = book[5]
        .1
        .iter()
        .map(|r| (text(&r[0]), text(&r[4]), text(&r[6])))
        .collect();
    assert_eq!(
        funnel_rows[0],
        ("模型".into(), "筛查条件".into(), "人数".into())
    );
    assert_eq!(
        funnel_rows[1],
        (
            "M1".into(),
            "procuratorate_victims: kinds".into(),
            "6".into()
        )
    );
    assert_eq!(
        funnel_rows[5],
        (
            "M1".into(),
            "线索（procuratorate_victims & hardship）".into(),
            "1".into()
        )
    );
    let documents = book[5]
        .1
        .iter()
        .find(|r| text(&r[4]) == "读取文书")
        .unwrap();
    assert_eq!(documents[5], Data::Float(12.0));
    let encrypted = book[5]
        .1
        .iter()
        .find(|r| text(&r[4]) == "未能读取：encrypted")
        .unwrap();
    assert_eq!(encrypted[5], Data::Float(1.0));

    let notes = all_cells(&report(&clues, &funnel, false).xlsx().unwrap());
    assert!(notes.contains("优先级 = 0.35×伤情"));
    assert!(notes.contains("2026-06-01"));
}

#[test]
fn xlsx_takes_evidence_longer_than_an_excel_cell() {
    let (mut clues, funnel) = (clues(), funnel());
    // A clause that runs for pages, as a badly punctuated document gives.
    clues[1].evidence[0].text = "被执行人未履行".repeat(6_000);
    let book = workbook(&report(&clues, &funnel, false).xlsx().unwrap());
    let cell = text(&book[1].1[1][17]);
    assert!(cell.chars().count() <= 32_767);
    assert!(cell.ends_with("…（内容过长已截断，全文见 report.html 或 clues.csv）"));
    // The CSV keeps it whole.
    assert!(csv_text(&report(&clues, &funnel, false)).contains(&"被执行人未履行".repeat(6_000)));
}

#[test]
fn xlsx_with_no_clues_still_has_every_sheet() {
    let funnel = funnel();
    let book = workbook(&Report::new(&[], &funnel).xlsx().unwrap());
    assert_eq!(book.len(), 4 + 3);
    assert_eq!(book[0].1.len(), 1, "header only");
    let referral: Vec<String> = book[4].1.iter().map(|r| text(&r[0])).collect();
    assert_eq!(referral, ["模型", "本地人员：0 人", "外地人员：0 人"]);
}

#[test]
fn html_is_self_contained_escaped_and_complete() {
    let (clues, funnel) = (clues(), funnel());
    let html = html_text(&report(&clues, &funnel, false));
    // One clue body per clue, one funnel per model.
    assert_eq!(html.matches("<tbody class=\"clue\"").count(), clues.len());
    assert_eq!(html.matches("<article class=\"funnel").count(), 4);
    assert!(html.contains("id=\"shown\">6</b>"));
    // Hostile document text is text.
    assert!(!html.contains("<script>window.__pwned"));
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    assert!(!html.contains("<img src=x"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;b&gt;潘美玲&lt;/b&gt;"));
    // One script (ours), no external resources.
    assert_eq!(html.matches("<script").count(), 1);
    for external in [
        "src=\"http",
        "href=\"http",
        "url(",
        "@import",
        "<link rel=\"stylesheet",
    ] {
        assert!(!html.contains(external), "{external}");
    }
    assert!(html.contains("Content-Security-Policy"));
    // Evidence: decisive phrase and negation cue marked.
    assert!(html.contains(
        "犯罪嫌疑人至今未赔偿被害人损失，<mark class=\"cue\">亦未</mark><mark class=\"phrase\">取得被害人谅解</mark>"
    ));
    assert!(html.contains("否定词：亦未"));
    // Source documents with case numbers, anchored from the clue.
    assert!(html.contains("<a href=\"#doc-"));
    assert!(html.contains("(2021)浙0382民初1234号</a> 民事判决书 · 原告"));
    assert!(html.contains("<section id=\"documents\">"));
    // The seed-style statistics.
    assert!(html.contains("可能符合司法救助条件的线索 <b>3</b> 条（3 人）"));
    assert!(
        html.contains(
            "可能符合社会救助条件的线索 <b>3</b> 条（本地 1 条、外地 1 条、户籍不明 1 条）"
        )
    );
    assert!(html.contains("妇女 2 人"));
    assert!(html.contains("未能读取 <b>1</b> 份（encrypted 1）"));
}

#[test]
fn html_shows_the_first_page_of_a_long_table() {
    let (base, funnel) = (clues(), funnel());
    let many: Vec<Clue> = (0..501).map(|i| base[i % base.len()].clone()).collect();
    let html = html_text(&report(&many, &funnel, false));
    assert_eq!(
        html.matches("<tbody class=\"clue\" id=\"clue-").count(),
        501
    );
    assert!(html.contains("<tbody class=\"clue\" id=\"clue-500\" data-model"));
    assert!(html.contains("<tbody class=\"clue\" id=\"clue-501\" hidden data-model"));
    assert!(
        html.contains("<p id=\"more\"><span id=\"more-note\">已显示前 500 条，共 501 条</span>")
    );
    // A short table has no pager.
    let html = html_text(&report(&base, &funnel, false));
    assert!(html.contains("<p id=\"more\" hidden>"));
}

#[cfg(unix)]
#[test]
fn write_dir_creates_owner_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let (clues, funnel) = (clues(), funnel());
    let dir = tempfile::tempdir().unwrap();
    // A world-readable leftover of an earlier run is narrowed.
    std::fs::write(dir.path().join("clues.csv"), "old").unwrap();
    std::fs::set_permissions(
        dir.path().join("clues.csv"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let paths = report(&clues, &funnel, false)
        .write_dir(dir.path())
        .unwrap();
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["clues.csv", "clues.xlsx", "report.html"]);
    for p in &paths {
        let mode = std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", p.display());
    }
    assert!(
        std::fs::read_to_string(&paths[0])
            .unwrap()
            .starts_with("\u{feff}模型")
    );
}

#[test]
fn write_dir_names_the_file_it_cannot_write() {
    let (clues, funnel) = (clues(), funnel());
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir");
    let err = report(&clues, &funnel, false)
        .write_dir(&missing)
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("clues.csv") && msg.contains("no-such-dir"),
        "{msg}"
    );
}

/// A large month: 20,000 clues (the seed's Yueqing found about 80 a year; a province-wide
/// run finds thousands). Run with `cargo test --release -p jiuzhu-report -- --ignored
/// --nocapture` to see the times and sizes.
#[test]
#[ignore]
fn scale_20k_clues() {
    let (base, funnel) = (clues(), funnel());
    let many: Vec<Clue> = (0..20_000)
        .map(|i| {
            let mut c = base[i % base.len()].clone();
            c.person.name = format!("{}{i}", c.person.name);
            c
        })
        .collect();
    let r = report(&many, &funnel, true);
    let t = std::time::Instant::now();
    let mut csv = Vec::new();
    r.csv(&mut csv).unwrap();
    let csv_time = t.elapsed();
    let t = std::time::Instant::now();
    let xlsx = r.xlsx().unwrap();
    let xlsx_time = t.elapsed();
    let t = std::time::Instant::now();
    let mut html = Vec::new();
    r.html(&mut html).unwrap();
    let html_time = t.elapsed();
    eprintln!(
        "20,000 clues: csv {:.2} MB in {csv_time:?}, xlsx {:.2} MB in {xlsx_time:?}, html {:.2} MB in {html_time:?}",
        csv.len() as f64 / 1e6,
        xlsx.len() as f64 / 1e6,
        html.len() as f64 / 1e6
    );
    assert_eq!(csv_rows(&String::from_utf8(csv).unwrap()).len(), 20_001);
    if let Some(path) = std::env::var_os("JIUZHU_SCALE_HTML") {
        std::fs::write(path, &html).unwrap();
    }
    let html = String::from_utf8(html).unwrap();
    assert_eq!(html.matches("<tbody class=\"clue\"").count(), 20_000);
}
