//! Roster files: encodings, spreadsheets, header detection, bad rows; and the same links
//! from a GB18030 CSV as from an XLSX.

use jiuzhu_core::Clue;
use jiuzhu_link::{Field, Roster, RosterError, RosterKind, RosterSpec, RowProblemKind};

use crate::models::{corpus, roster_rows, standard};
use crate::util::*;

fn gb18030(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn without_files(clues: &[Clue]) -> Vec<Clue> {
    clues
        .iter()
        .cloned()
        .map(|mut c| {
            for r in &mut c.link.rosters {
                r.file.clear();
            }
            c
        })
        .collect()
}

#[test]
fn gb18030_csv_and_xlsx_give_the_same_links() {
    let (f, _) = standard();
    let (hardship, _, _) = roster_rows();
    let text: String = hardship.iter().map(|r| r.join(",") + "\r\n").collect();
    f.write("rosters/dibao_gbk.csv", gb18030(&text));
    let refs: Vec<Vec<&str>> = hardship
        .iter()
        .map(|r| r.iter().map(String::as_str).collect())
        .collect();
    let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
    xlsx(&f.path("rosters/dibao.xlsx"), "低保", &slices);

    let run = |path: &str| {
        let config = format!(
            "{REGION}{}{}{}",
            roster_entry("hardship", "低保低边", path),
            roster_entry("social_aid", "社会救助", "rosters/social.csv"),
            roster_entry("judicial_aid", "司法救助", "rosters/judicial.csv"),
        );
        f.screen(&config, &corpus())
    };
    let from_csv = run("rosters/dibao_gbk.csv");
    let from_xlsx = run("rosters/dibao.xlsx");
    let from_utf8 = run("rosters/dibao.csv");
    assert_eq!(from_csv.clues.len(), 8);
    assert_eq!(
        without_files(&from_csv.clues),
        without_files(&from_xlsx.clues)
    );
    assert_eq!(
        without_files(&from_csv.clues),
        without_files(&from_utf8.clues)
    );
    assert_eq!(from_csv.funnel, from_xlsx.funnel);
    // The clue names the file it came from.
    let c = from_xlsx.clues.iter().find(|c| c.model == "M1").unwrap();
    assert_eq!(c.link.rosters[0].file, "rosters/dibao.xlsx");
    assert_eq!(c.link.rosters[0].row, 3);
}

#[test]
fn encodings_of_csv_rosters() {
    let text = "姓名,身份证号码,家庭住址\n陈秀英,330382196505121540,乐清市城南街道\n";
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut bom8 = vec![0xEF, 0xBB, 0xBF];
    bom8.extend(text.as_bytes());
    let rows: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf8.csv", text.as_bytes().to_vec(), "utf-8"),
        ("bom.csv", bom8, "utf-8"),
        ("gbk.csv", gb18030(text), "gb18030"),
        ("utf16.csv", utf16, "utf-16le"),
        ("tabs.tsv", text.replace(',', "\t").into_bytes(), "utf-8"),
    ];
    let f = Fixture::new();
    for (name, bytes, encoding) in rows {
        f.write(name, bytes);
        let spec = RosterSpec::new(RosterKind::Hardship, "低保", name);
        let (roster, problems) = Roster::load(&spec, f.dir.path()).unwrap();
        assert!(problems.is_empty(), "{name}: {problems:?}");
        assert_eq!(roster.encoding, encoding, "{name}");
        assert_eq!(roster.rows.len(), 1, "{name}");
        let r = &roster.rows[0];
        assert_eq!(r.name, "陈秀英", "{name}");
        assert_eq!(
            r.id_number.map(|i| i.to_string()).as_deref(),
            Some("330382196505121540")
        );
        assert_eq!(r.address.as_deref(), Some("乐清市城南街道"), "{name}");
        assert_eq!(r.row, 2, "{name}");
    }
}

#[test]
fn xlsx_with_title_rows_numbers_and_named_sheets() {
    let f = Fixture::new();
    let path = f.path("list.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let first = wb.add_worksheet();
    first.set_name("说明").unwrap();
    first
        .write_string(0, 0, "本表为乐清市困难群众名单")
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("名单").unwrap();
    ws.write_string(0, 0, "乐清市2022年困难群体名单").unwrap();
    ws.write_string(2, 1, "序号").unwrap();
    ws.write_string(2, 2, "人员姓名").unwrap();
    ws.write_string(2, 3, "证件号码").unwrap();
    ws.write_string(2, 4, "困难类型").unwrap();
    ws.write_string(2, 5, "出生日期").unwrap();
    // Row 4: an ID typed as a number, which a spreadsheet cannot hold exactly.
    ws.write_number(3, 1, 1.0).unwrap();
    ws.write_string(3, 2, "王五").unwrap();
    ws.write_number(3, 3, 330382196505121540.0).unwrap();
    ws.write_string(3, 4, "低保").unwrap();
    // Row 5: a good row with a real date cell.
    ws.write_number(4, 1, 2.0).unwrap();
    ws.write_string(4, 2, "钱七").unwrap();
    ws.write_string(4, 3, "330382198808080028").unwrap();
    ws.write_string(4, 4, "残疾人").unwrap();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let d = rust_xlsxwriter::ExcelDateTime::from_ymd(1988, 8, 8).unwrap();
    ws.write_datetime_with_format(4, 5, &d, &date_format)
        .unwrap();
    // Row 6: no name.
    ws.write_number(5, 1, 3.0).unwrap();
    ws.write_string(5, 3, "330382195003010010").unwrap();
    wb.save(&path).unwrap();

    let mut spec = RosterSpec::new(RosterKind::Hardship, "困难群体", "list.xlsx");
    // The first sheet is the explanation: no header there.
    let err = Roster::load(&spec, f.dir.path()).unwrap_err();
    assert!(matches!(err, RosterError::NoHeader { .. }), "{err}");
    spec.sheet = Some("不存在".into());
    let err = Roster::load(&spec, f.dir.path()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "list.xlsx: there is no sheet \"不存在\"; the sheets are: 说明, 名单\n  fix: set sheet to one of them"
    );
    spec.sheet = Some("名单".into());
    let (roster, problems) = Roster::load(&spec, f.dir.path()).unwrap();
    assert_eq!(roster.header_row, 3);
    assert_eq!(
        roster.columns.get(&Field::Name).map(String::as_str),
        Some("人员姓名")
    );
    assert_eq!(
        roster.columns.get(&Field::Category).map(String::as_str),
        Some("困难类型")
    );
    let rows: Vec<(usize, &str)> = roster
        .rows
        .iter()
        .map(|r| (r.row, r.name.as_str()))
        .collect();
    assert_eq!(rows, vec![(4, "王五"), (5, "钱七")]);
    assert_eq!(roster.rows[0].id_number, None);
    assert_eq!(roster.rows[1].birth_date, Some(date("1988-08-08")));
    let got: Vec<(usize, RowProblemKind, bool)> =
        problems.iter().map(|p| (p.row, p.kind, p.kept)).collect();
    assert_eq!(
        got,
        vec![
            (4, RowProblemKind::IdLostDigits, true),
            (6, RowProblemKind::NoName, false)
        ]
    );
    assert_eq!(problems[0].file, "list.xlsx");
    assert!(problems[0].fix.contains("as text"), "{}", problems[0].fix);
}

#[test]
fn problems_read_well() {
    let f = Fixture::new();
    f.write(
        "dibao.csv",
        "姓名,身份证号\n陈秀英,330382196505121540\n陈秀英,330382196505121540\n",
    );
    let spec = RosterSpec::new(RosterKind::Hardship, "低保", "dibao.csv");
    let (_, problems) = Roster::load(&spec, f.dir.path()).unwrap();
    assert_eq!(
        problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
        vec![
            "dibao.csv: row 3: ID 330382196505121540 is already on row 2 (row left out); fix: delete the repeated row, or correct its ID"
        ]
    );
}

#[test]
fn unreadable_rosters_are_errors_not_crashes() {
    let f = Fixture::new();
    f.write("bad.xlsx", b"this is not a zip file");
    f.write("binary.csv", b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n");
    let spec = RosterSpec::new(RosterKind::Hardship, "x", "bad.xlsx");
    let err = Roster::load(&spec, f.dir.path()).unwrap_err();
    assert!(matches!(err, RosterError::Spreadsheet { .. }), "{err}");
    let spec = RosterSpec::new(RosterKind::Hardship, "x", "binary.csv");
    let err = Roster::load(&spec, f.dir.path()).unwrap_err();
    assert!(matches!(err, RosterError::Decode { .. }), "{err}");
    assert!(err.to_string().contains("PDF"), "{err}");
    let spec = RosterSpec::new(RosterKind::Hardship, "x", "missing.csv");
    let err = Roster::load(&spec, f.dir.path()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("missing.csv: cannot read the roster"),
        "{err}"
    );
}
