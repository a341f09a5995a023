//! `clues.xlsx`: the workbook reviewers fill in.

use std::collections::BTreeSet;

use jiuzhu_core::{Action, Clue, Locality};
use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

use crate::columns::{CLUE_HEADERS, Cell, RowContext, clue_row, col, level_zh};
use crate::{Report, sheets};

/// Excel's limit on sheet-name length.
const SHEET_NAME_MAX: usize = 31;
/// Excel's limit on the characters in a cell; a longer string fails the whole workbook.
const CELL_MAX: usize = 32_767;
/// Appended to a cell cut at [`CELL_MAX`].
const CUT_NOTE: &str = "…（内容过长已截断，全文见 report.html 或 clues.csv）";

/// Column widths (in characters) of the clue sheets, by header; wide text columns wrap.
fn width(header: &str) -> f64 {
    match header {
        "模型" | "性别" | "年龄" | "伤情" | "优先级" => 7.0,
        "建议" | "姓名" => 10.0,
        "出生日期" => 11.0,
        "未履行金额" | "标记" => 13.0,
        "身份证号码" => 21.0,
        "模型名称" | "户籍" | "关联方式" => 22.0,
        "案号" => 26.0,
        "名单" => 34.0,
        "文书" => 44.0,
        "依据" => 60.0,
        _ => 16.0,
    }
}

fn wraps(header: &str) -> bool {
    matches!(
        header,
        "模型名称" | "户籍" | "关联方式" | "名单" | "案号" | "文书" | "依据"
    )
}

struct Formats {
    header: Format,
    text: Format,
    wrap: Format,
    /// `@`: the cell is text, so an ID a reviewer types in stays 18 digits.
    id: Format,
    money: Format,
    score: Format,
    int: Format,
    section: Format,
    review: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(0xBFBFBF));
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin),
            text: base.clone(),
            wrap: base.clone().set_text_wrap(),
            id: base.clone().set_num_format("@"),
            money: base.clone().set_num_format("#,##0.00"),
            score: base.clone().set_num_format("0.00"),
            int: base.clone().set_num_format("0"),
            section: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xFCE4D6))
                .set_border(FormatBorder::Thin),
            review: base.set_background_color(Color::RGB(0xFFF2CC)),
        }
    }
}

pub(crate) fn build(report: &Report<'_>) -> Result<Vec<u8>, XlsxError> {
    let cx = report.row_context();
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title("司法救助线索")
            .set_comment("jiuzhu screening output; contains personal data"),
    );
    let mut used: BTreeSet<String> = BTreeSet::new();

    // One sheet per model: the funnel's models first (models-file order), then any model
    // only the clues name.
    let mut models: Vec<(String, String)> = report
        .funnel
        .models
        .iter()
        .map(|m| (m.model.clone(), m.name.clone()))
        .collect();
    for c in report.clues {
        if !models.iter().any(|(id, _)| *id == c.model) {
            models.push((c.model.clone(), String::new()));
        }
    }
    for (id, name) in &models {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&format!("{id} {name}"), &mut used))?;
        let clues: Vec<&Clue> = report.clues.iter().filter(|c| c.model == *id).collect();
        clue_sheet(ws, &clues, &cx, &f, None)?;
    }

    let referral: Vec<&Clue> = report
        .clues
        .iter()
        .filter(|c| c.action == Action::SocialAid)
        .collect();
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(sheets::REFERRAL, &mut used))?;
    ws.set_tab_color(Color::RGB(0xED7D31));
    clue_sheet(ws, &referral, &cx, &f, Some(report.region.as_deref()))?;

    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(sheets::FUNNEL, &mut used))?;
    funnel_sheet(ws, report, &f)?;

    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(sheets::NOTES, &mut used))?;
    notes_sheet(ws, report, &f)?;

    wb.save_to_buffer()
}

/// A valid, unique sheet name: Excel forbids `[]:*?/\`, more than 31 characters and
/// duplicates (case-insensitively).
fn sheet_name(want: &str, used: &mut BTreeSet<String>) -> String {
    let clean: String = want
        .trim()
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').to_string();
    let base: String = clean.chars().take(SHEET_NAME_MAX).collect();
    let mut name = if base.is_empty() {
        "Sheet".to_string()
    } else {
        base
    };
    let mut n = 2;
    while used.contains(&name.to_lowercase()) {
        let suffix = format!("~{n}");
        let keep = SHEET_NAME_MAX - suffix.chars().count();
        name = clean.chars().take(keep).collect::<String>() + &suffix;
        n += 1;
    }
    used.insert(name.to_lowercase());
    name
}

/// A clue table with the reviewer column. With `split` (the referral sheet; the value is
/// the region's name), clues are grouped 本地, 外地, 户籍不明 under section rows.
fn clue_sheet(
    ws: &mut Worksheet,
    clues: &[&Clue],
    cx: &RowContext<'_>,
    f: &Formats,
    split: Option<Option<&str>>,
) -> Result<(), XlsxError> {
    let review_col = CLUE_HEADERS.len() as u16;
    for (i, h) in CLUE_HEADERS.iter().enumerate() {
        let c = i as u16;
        ws.write_string_with_format(0, c, *h, &f.header)?;
        ws.set_column_width(c, width(h))?;
    }
    ws.write_string_with_format(0, review_col, sheets::REVIEW_COLUMN, &f.header)?;
    ws.set_column_width(review_col, 18.0)?;
    ws.set_row_height(0, 30.0)?;
    ws.set_freeze_panes(1, 0)?;

    let mut row: u32 = 1;
    match split {
        None => {
            for c in clues {
                write_clue(ws, row, c, cx, f)?;
                row += 1;
            }
        }
        Some(region) => {
            let groups = [
                (Locality::Local, true),
                (Locality::NonLocal, true),
                (Locality::Unknown, false),
            ];
            for (loc, always) in groups {
                let members: Vec<&&Clue> =
                    clues.iter().filter(|c| c.person.locality == loc).collect();
                if members.is_empty() && !always {
                    continue;
                }
                let title = section_title(loc, region, members.len());
                ws.merge_range(row, 0, row, review_col, &title, &f.section)?;
                row += 1;
                for c in members {
                    write_clue(ws, row, c, cx, f)?;
                    row += 1;
                }
            }
        }
    }
    ws.autofilter(0, 0, row.saturating_sub(1).max(1), review_col)?;
    Ok(())
}

/// `本地人员（户籍乐清）：3 人` — the split the seed's model 4 asks for.
pub(crate) fn section_title(loc: Locality, region: Option<&str>, n: usize) -> String {
    match (loc, region) {
        (Locality::Local, Some(r)) => format!("本地人员（户籍{r}）：{n} 人"),
        (Locality::Local, None) => format!("本地人员：{n} 人"),
        (Locality::NonLocal, _) => format!("外地人员：{n} 人"),
        (Locality::Unknown, _) => format!("户籍不明：{n} 人"),
    }
}

fn write_clue(
    ws: &mut Worksheet,
    row: u32,
    clue: &Clue,
    cx: &RowContext<'_>,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, cell) in clue_row(clue, cx).into_iter().enumerate() {
        let c = i as u16;
        let header = CLUE_HEADERS[i];
        let cell = match cell {
            Cell::Text(s) => Cell::Text(fit_cell(s)),
            other => other,
        };
        match cell {
            // write_string: never a formula, whatever the document says.
            Cell::Text(s) if i == col::ID => ws.write_string_with_format(row, c, s, &f.id)?,
            Cell::Text(s) if wraps(header) => ws.write_string_with_format(row, c, s, &f.wrap)?,
            Cell::Text(s) => ws.write_string_with_format(row, c, s, &f.text)?,
            Cell::Int(n) => ws.write_number_with_format(row, c, n, &f.int)?,
            Cell::Number(x) if i == col::PRIORITY => {
                ws.write_number_with_format(row, c, x, &f.score)?
            }
            Cell::Number(x) => ws.write_number_with_format(row, c, x, &f.money)?,
            Cell::Empty if i == col::ID => ws.write_blank(row, c, &f.id)?,
            Cell::Empty => ws.write_blank(row, c, &f.text)?,
        };
    }
    ws.write_blank(row, CLUE_HEADERS.len() as u16, &f.review)?;
    Ok(())
}

/// A string Excel accepts in a cell: at most [`CELL_MAX`] characters (UTF-16 units, as
/// Excel counts them), cut with a note where longer (a clue citing hundreds of documents, a
/// document whose clause runs for pages).
fn fit_cell(s: String) -> String {
    if s.encode_utf16().count() <= CELL_MAX {
        return s;
    }
    let budget = CELL_MAX - CUT_NOTE.encode_utf16().count();
    let mut used = 0;
    let mut out = String::new();
    for ch in s.chars() {
        used += ch.len_utf16();
        if used > budget {
            break;
        }
        out.push(ch);
    }
    out.push_str(CUT_NOTE);
    out
}

/// Headers of the funnel sheet.
pub(crate) const FUNNEL_HEADERS: [&str; 8] = [
    "模型",
    "模型名称",
    "建议",
    "步骤",
    "筛查条件",
    "文书数",
    "人数",
    "无法关联人数",
];

fn funnel_sheet(ws: &mut Worksheet, report: &Report<'_>, f: &Formats) -> Result<(), XlsxError> {
    for (i, h) in FUNNEL_HEADERS.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &f.header)?;
    }
    for (i, w) in [7.0, 34.0, 10.0, 7.0, 48.0, 10.0, 10.0, 13.0]
        .iter()
        .enumerate()
    {
        ws.set_column_width(i as u16, *w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut row = 1;
    for m in &report.funnel.models {
        for (n, s) in m.steps.iter().enumerate() {
            ws.write_string_with_format(row, 0, &m.model, &f.text)?;
            ws.write_string_with_format(row, 1, &m.name, &f.wrap)?;
            ws.write_string_with_format(row, 2, m.action.label_zh(), &f.text)?;
            ws.write_number_with_format(row, 3, (n + 1) as f64, &f.int)?;
            ws.write_string_with_format(row, 4, &s.step, &f.wrap)?;
            ws.write_number_with_format(row, 5, s.documents as f64, &f.int)?;
            ws.write_number_with_format(row, 6, s.persons as f64, &f.int)?;
            ws.write_number_with_format(row, 7, s.unlinkable as f64, &f.int)?;
            row += 1;
        }
        ws.write_string_with_format(row, 0, &m.model, &f.section)?;
        ws.write_string_with_format(row, 1, &m.name, &f.section)?;
        ws.write_string_with_format(row, 2, m.action.label_zh(), &f.section)?;
        ws.write_blank(row, 3, &f.section)?;
        ws.write_string_with_format(row, 4, format!("线索（{}）", m.expr), &f.section)?;
        ws.write_blank(row, 5, &f.section)?;
        ws.write_number_with_format(row, 6, m.clues as f64, &f.section)?;
        ws.write_blank(row, 7, &f.section)?;
        row += 1;
    }
    // The run as a whole, in the same columns: documents read and not read, by kind.
    let mut totals: Vec<(String, usize)> = vec![
        ("读取文书".into(), report.funnel.documents),
        ("未能读取".into(), report.funnel.rejects),
    ];
    totals.extend(
        report
            .rejects
            .iter()
            .map(|(r, n)| (format!("未能读取：{r}"), *n)),
    );
    totals.extend(
        report
            .kinds
            .iter()
            .map(|(k, n)| (format!("文书类型：{}", k.label_zh()), *n)),
    );
    for (label, n) in totals {
        ws.write_string_with_format(row, 0, "全部", &f.text)?;
        ws.write_string_with_format(row, 4, &label, &f.text)?;
        ws.write_number_with_format(row, 5, n as f64, &f.int)?;
        row += 1;
    }
    Ok(())
}

fn notes_sheet(ws: &mut Worksheet, report: &Report<'_>, f: &Formats) -> Result<(), XlsxError> {
    ws.set_column_width(0, 16.0)?;
    ws.set_column_width(1, 100.0)?;
    let mut rows: Vec<(String, String)> = Vec::new();
    if let Some(d) = report.date {
        rows.push(("筛查日期".into(), format!("{d}（年龄按此日计算）")));
    }
    if let Some(r) = &report.region {
        rows.push(("筛查地区".into(), r.clone()));
    }
    rows.push((
        "身份证号码".into(),
        if report.mask {
            "已脱敏：保留前6位（户籍地区划代码）与后4位，其余以*代替。".into()
        } else {
            "未脱敏：本文件含完整身份证号码，请按个人信息保护要求保管，对外提供时请使用 --mask-ids 重新生成。".into()
        },
    ));
    if let Some(formula) = &report.formula {
        rows.push(("优先级".into(), formula.clone()));
    }
    rows.push((
        "关联方式".into(),
        [
            level_zh(jiuzhu_core::LinkLevel::Id),
            level_zh(jiuzhu_core::LinkLevel::NameBirth),
            level_zh(jiuzhu_core::LinkLevel::Case),
            level_zh(jiuzhu_core::LinkLevel::Name),
        ]
        .join(" > ")
            + "（由强到弱）；仅姓名一致的线索请重点核实身份。",
    ));
    rows.push((
        sheets::REVIEW_COLUMN.into(),
        "由核查人员填写（如：符合救助条件 / 不符合 / 需入户核查），填写后可按此列筛选。".into(),
    ));
    rows.push((
        sheets::REFERRAL.into(),
        "建议移送社会救助中心的人员，按户籍分为本地与外地，便于分别采取救助措施。".into(),
    ));
    rows.push((
        "依据".into(),
        "文书中认定未获赔偿或执行未果的原文；完整证据与高亮见 report.html。".into(),
    ));
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string_with_format(i as u32, 0, k, &f.header)?;
        ws.write_string_with_format(i as u32, 1, v, &f.wrap)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cell_rows() {
        let long = "未".repeat(CELL_MAX + 10);
        let rows = [
            ("短文本".to_string(), "短文本".to_string()),
            ("x".repeat(CELL_MAX), "x".repeat(CELL_MAX)),
            (
                long.clone(),
                "未".repeat(CELL_MAX - CUT_NOTE.encode_utf16().count()) + CUT_NOTE,
            ),
        ];
        for (s, want) in rows {
            let got = fit_cell(s);
            assert!(got.encode_utf16().count() <= CELL_MAX);
            assert_eq!(got, want);
        }
    }

    #[test]
    fn sheet_name_rows() {
        let mut used = BTreeSet::new();
        let rows = [
            (
                "M1 审查逮捕、审查起诉环节未获赔偿的被害人",
                "M1 审查逮捕、审查起诉环节未获赔偿的被害人",
            ),
            ("M5 a/b[c]:d*e?f\\g", "M5 a_b_c__d_e_f_g"),
            (
                "M6 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
                "M6 一二三四五六七八九十一二三四五六七八九十一二三四五六七八",
            ),
            // A duplicate after truncation gets a suffix within the limit.
            (
                "M6 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十",
                "M6 一二三四五六七八九十一二三四五六七八九十一二三四五六~2",
            ),
            ("", "Sheet"),
        ];
        for (want_in, want) in rows {
            let got = sheet_name(want_in, &mut used);
            assert_eq!(got, want, "{want_in}");
            assert!(got.chars().count() <= SHEET_NAME_MAX);
        }
    }
}
