//! Hostile and broken rosters and configs: what the loader does with each, asserted.
//!
//! Spreadsheets are built here with rust_xlsxwriter the way clerks make them: repeated
//! headers for household members, merged cells, dates and ID numbers typed as numbers.

use jiuzhu_core::Date;
use jiuzhu_link::{Roster, RosterError, RosterKind, RosterSpec, RowProblemKind};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::util::*;

fn spec(path: &str) -> RosterSpec {
    RosterSpec::new(RosterKind::Hardship, "低保", path)
}

/// `(row, name, id, birth date, category)` of every person read.
type Person = (usize, String, Option<String>, Option<Date>, Option<String>);

fn people(roster: &Roster) -> Vec<Person> {
    roster
        .rows
        .iter()
        .map(|r| {
            (
                r.row,
                r.name.clone(),
                r.id_number.map(|i| i.to_string()),
                r.birth_date,
                r.category.clone(),
            )
        })
        .collect()
}

fn problems(p: &[jiuzhu_link::RowProblem]) -> Vec<(usize, RowProblemKind, bool)> {
    p.iter().map(|p| (p.row, p.kind, p.kept)).collect()
}

fn save(f: &Fixture, name: &str, build: impl FnOnce(&mut Worksheet)) {
    let mut wb = Workbook::new();
    build(wb.add_worksheet());
    wb.save(f.path(name)).unwrap();
}

/// A household roster with the head's and a member's name and ID side by side: the header
/// repeats 姓名 and 身份证号. The first pair is read, and the repeat is reported on the
/// header row rather than silently dropping the members.
#[test]
fn repeated_headers_are_reported() {
    let f = Fixture::new();
    let (head, member) = (id("33038219650512154"), id("33038219700101002"));
    f.write(
        "household.csv",
        csv(&[
            &["姓名", "身份证号", "姓名", "身份证号"],
            &["陈秀英", &head, "李四", &member],
        ]),
    );
    let (roster, found) = Roster::load(&spec("household.csv"), f.dir.path()).unwrap();
    let names: Vec<String> = people(&roster).into_iter().map(|p| p.1).collect();
    assert_eq!(names, ["陈秀英"]);
    assert_eq!(
        problems(&found),
        [(1, RowProblemKind::RepeatedColumn, true)]
    );
    let msg = found[0].to_string();
    for says in [
        "姓名",
        "身份证号",
        "columns 1 and 3",
        "columns 2 and 4",
        "columns = {",
    ] {
        assert!(msg.contains(says), "{says}: {msg}");
    }
}

/// Merged cells: a title merged across the columns above the header, a group label merged
/// over two header cells, and a household's category and address merged down three rows.
/// Every row of a merged block reads the block's value, as the clerk sees it.
#[test]
fn merged_cells_read_as_shown() {
    let f = Fixture::new();
    let ids = [
        id("33038219650512154"),
        id("33038219900303003"),
        id("33038220120101001"),
    ];
    save(&f, "merged.xlsx", |ws| {
        let plain = Format::new();
        ws.merge_range(0, 0, 0, 4, "乐清市2023年低保家庭名单", &plain)
            .unwrap();
        ws.merge_range(1, 1, 1, 2, "家庭成员", &plain).unwrap();
        for (c, h) in ["序号", "姓名", "身份证号", "类别", "住址"]
            .iter()
            .enumerate()
        {
            ws.write_string(2, c as u16, *h).unwrap();
        }
        for (i, (name, id)) in ["陈秀英", "王芳", "王小明"].iter().zip(&ids).enumerate() {
            let r = 3 + i as u32;
            ws.write_number(r, 0, (i + 1) as f64).unwrap();
            ws.write_string(r, 1, *name).unwrap();
            ws.write_string(r, 2, id).unwrap();
        }
        ws.merge_range(3, 3, 5, 3, "低保", &plain).unwrap();
        ws.merge_range(3, 4, 5, 4, "乐清市柳市镇长虹村", &plain)
            .unwrap();
    });
    let (roster, found) = Roster::load(&spec("merged.xlsx"), f.dir.path()).unwrap();
    assert_eq!(roster.header_row, 3);
    assert!(found.is_empty(), "{found:?}");
    let got: Vec<(usize, &str, Option<&str>, Option<&str>)> = roster
        .rows
        .iter()
        .map(|r| {
            (
                r.row,
                r.name.as_str(),
                r.category.as_deref(),
                r.address.as_deref(),
            )
        })
        .collect();
    let addr = Some("乐清市柳市镇长虹村");
    assert_eq!(
        got,
        [
            (4, "陈秀英", Some("低保"), addr),
            (5, "王芳", Some("低保"), addr),
            (6, "王小明", Some("低保"), addr),
        ]
    );
}

/// Birth dates typed as numbers: Excel serial day numbers (a cell in General format shows
/// 23874 for 1965-05-12), the same serial exported to CSV, 19650512 as a number, and a real
/// date cell. A bare year cannot be a birth date and is reported.
#[test]
fn dates_as_excel_serial_numbers() {
    let f = Fixture::new();
    let want = Date::new(1965, 5, 12).unwrap();
    save(&f, "dates.xlsx", |ws| {
        for (c, h) in ["姓名", "出生日期"].iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        let rows: [(&str, f64); 3] = [("甲", 23874.0), ("乙", 23874.75), ("丙", 19650512.0)];
        for (i, (name, n)) in rows.iter().enumerate() {
            ws.write_string(1 + i as u32, 0, *name).unwrap();
            ws.write_number(1 + i as u32, 1, *n).unwrap();
        }
        ws.write_string(4, 0, "丁").unwrap();
        let day = rust_xlsxwriter::ExcelDateTime::from_ymd(1965, 5, 12).unwrap();
        ws.write_datetime_with_format(4, 1, &day, &Format::new().set_num_format("yyyy/m/d"))
            .unwrap();
        ws.write_string(5, 0, "戊").unwrap();
        ws.write_number(5, 1, 1965.0).unwrap();
    });
    let (roster, found) = Roster::load(&spec("dates.xlsx"), f.dir.path()).unwrap();
    let births: Vec<(&str, Option<Date>)> = roster
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.birth_date))
        .collect();
    assert_eq!(
        births,
        [
            ("甲", Some(want)),
            ("乙", Some(want)),
            ("丙", Some(want)),
            ("丁", Some(want)),
            ("戊", None),
        ]
    );
    assert_eq!(problems(&found), [(6, RowProblemKind::BadValue, true)]);
    assert!(found[0].message.contains("1965"), "{}", found[0].message);

    // The same serial number after a CSV export.
    f.write("dates.csv", "姓名,出生日期\n甲,23874\n乙,1965-05-12\n");
    let (roster, found) = Roster::load(&spec("dates.csv"), f.dir.path()).unwrap();
    assert!(found.is_empty(), "{found:?}");
    assert!(roster.rows.iter().all(|r| r.birth_date == Some(want)));
}

/// ID numbers typed as numbers: an 18-digit one lost its last digits (kept, links by name,
/// reported with the fix); a 15-digit first-generation one fits in a number and converts;
/// one typed with a leading apostrophe is text.
#[test]
fn id_numbers_stored_as_numbers() {
    let f = Fixture::new();
    let full = id("33038219650512154");
    let other = id("33038219800101003");
    save(&f, "ids.xlsx", |ws| {
        ws.write_string(0, 0, "姓名").unwrap();
        ws.write_string(0, 1, "身份证号").unwrap();
        ws.write_string(1, 0, "甲").unwrap();
        ws.write_number(1, 1, full.parse::<f64>().unwrap()).unwrap();
        ws.write_string(2, 0, "乙").unwrap();
        ws.write_number(2, 1, 330382650512154.0).unwrap();
        ws.write_string(3, 0, "丙").unwrap();
        ws.write_string(3, 1, format!("'{other}")).unwrap();
    });
    let (roster, found) = Roster::load(&spec("ids.xlsx"), f.dir.path()).unwrap();
    let got: Vec<(String, Option<String>)> =
        people(&roster).into_iter().map(|p| (p.1, p.2)).collect();
    assert_eq!(
        got,
        [
            ("甲".to_string(), None),
            ("乙".to_string(), Some("330382196505121540".to_string())),
            ("丙".to_string(), Some(other.clone())),
        ]
    );
    assert_eq!(problems(&found), [(2, RowProblemKind::IdLostDigits, true)]);
    assert!(found[0].fix.contains("as text"), "{}", found[0].fix);
    // What the cell holds is kept for reviewers, and the message says why it cannot link.
    assert!(roster.rows[0].id_invalid.is_some());
    assert!(found[0].message.contains("number"), "{}", found[0].message);
}

/// Broken CSV rosters: a quote that never closes must not fold the rows after it into one
/// person's name; ragged rows and blank lines keep their row numbers.
#[test]
fn broken_csv_rosters() {
    let f = Fixture::new();
    let (a, b, c) = (
        id("33038219650512154"),
        id("33038219700101002"),
        id("33038219800101003"),
    );
    f.write(
        "unclosed.csv",
        format!("姓名,身份证号\n陈秀英,{a}\n\"李四,{b}\n王五,{c}\n"),
    );
    let (roster, found) = Roster::load(&spec("unclosed.csv"), f.dir.path()).unwrap();
    let names: Vec<String> = people(&roster).into_iter().map(|p| p.1).collect();
    assert_eq!(names, ["陈秀英"], "{found:?}");
    assert_eq!(problems(&found), [(3, RowProblemKind::Malformed, false)]);
    assert!(found[0].message.contains("quote"), "{}", found[0].message);

    f.write(
        "ragged.csv",
        format!("姓名,身份证号,住址\n陈秀英,{a}\n\n李四\n王五,{c},乐清,多余\n赵六,{b}\n"),
    );
    let (roster, found) = Roster::load(&spec("ragged.csv"), f.dir.path()).unwrap();
    let got: Vec<(usize, String)> = people(&roster).into_iter().map(|p| (p.0, p.1)).collect();
    assert_eq!(
        got,
        [
            (2, "陈秀英".to_string()),
            (4, "李四".to_string()),
            (5, "王五".to_string()),
            (6, "赵六".to_string()),
        ]
    );
    assert!(found.is_empty(), "{found:?}");
}

/// Rosters that cannot be read at all are errors naming the file and the fix, never panics.
#[test]
fn unreadable_rosters() {
    let f = Fixture::new();
    f.write("empty.csv", "");
    f.write("header_only.csv", "姓名,身份证号\n");
    f.write("noheader.csv", "a,b\n1,2\n");
    f.write("truncated.xlsx", {
        let mut wb = Workbook::new();
        wb.add_worksheet().write_string(0, 0, "姓名").unwrap();
        let mut bytes = wb.save_to_buffer().unwrap();
        bytes.truncate(bytes.len() / 2);
        bytes
    });
    f.write(
        "random.xlsx",
        (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect::<Vec<u8>>(),
    );
    // A roster is one file read whole: a NUL in it is refused with its offset, not guessed at.
    f.write("nul.csv", "姓名,身份证号\n赵\0六,1\n");
    let rows: &[(&str, &str)] = &[
        (
            "empty.csv",
            "empty.csv: cannot decode the roster as text: zero bytes",
        ),
        (
            "noheader.csv",
            "noheader.csv: no header row with a name column",
        ),
        (
            "truncated.xlsx",
            "truncated.xlsx: cannot open the spreadsheet",
        ),
        ("random.xlsx", "random.xlsx: cannot open the spreadsheet"),
        (
            "nul.csv",
            "nul.csv: cannot decode the roster as text: NUL byte at offset 23",
        ),
    ];
    for &(file, says) in rows {
        let err: RosterError = Roster::load(&spec(file), f.dir.path()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with(says), "{file}: {msg}");
        assert!(msg.contains("fix:"), "{file}: {msg}");
    }
    let (roster, found) = Roster::load(&spec("header_only.csv"), f.dir.path()).unwrap();
    assert!(roster.rows.is_empty() && found.is_empty());
}

/// Configs with typos: every unknown or misspelt key is an error naming the key, the file
/// and its line, with the fix.
#[test]
fn config_typos_name_the_key_and_line() {
    let f = Fixture::new();
    f.write("dibao.csv", "姓名,身份证号\n");
    let roster = "[[roster]]\nkind = \"hardship\"\nlabel = \"低保\"\npath = \"dibao.csv\"\n";
    // (config text, key named, line)
    let rows: Vec<(String, &str, usize)> = vec![
        ("[regoin]\nname = \"乐清\"\n".into(), "regoin", 1),
        ("[region]\nnmae = \"乐清\"\n".into(), "nmae", 2),
        ("[region]\nname = \"乐清\"\nid_prefix = [\"330382\"]\n".into(), "id_prefix", 3),
        ("[screen]\ncharges = [\"故意伤害罪\"]\ncivil_cause = []\n".into(), "civil_cause", 3),
        (format!("{roster}colums = {{ name = \"姓名\" }}\n"), "colums", 5),
        (format!("{roster}columns = {{ nmae = \"姓名\" }}\n"), "nmae", 5),
        ("[[roster]]\nkind = \"hardship\"\nlable = \"x\"\npath = \"dibao.csv\"\n".into(), "lable", 3),
        ("[models]\ndisabled = [\"M3\"]\n".into(), "disabled", 2),
        ("[[model]]\nid = \"M9\"\nname = \"x\"\naction = \"judicial_aid\"\nexpresion = \"hardship\"\n".into(), "expresion", 5),
    ];
    for (text, key, line) in rows {
        let err = f.config(&text).expect_err(&text);
        let msg = err.to_string();
        assert!(msg.contains(key), "{key}: {msg}");
        assert_eq!(err.line, Some(line), "{key}: {msg}");
        assert!(
            msg.starts_with(&format!("{}:{line}:", f.path("jiuzhu.toml").display())),
            "{msg}"
        );
        assert!(msg.contains("fix:"), "{msg}");
    }
    // Not TOML at all, and a value of the wrong type.
    for (text, line, says) in [
        ("[region\nname = 1\n", 1, "TOML"),
        ("[region]\nid_prefixes = \"330382\"\n", 2, "a list"),
    ] {
        let err = f.config(text).expect_err(text);
        assert_eq!(err.line, Some(line), "{err}");
        assert!(
            err.to_string().contains(says) || err.fix.contains(says),
            "{err}"
        );
    }
}
