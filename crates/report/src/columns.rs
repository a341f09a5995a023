//! The clue table as reviewers read it: one row per clue, Chinese headers, shared by the CSV
//! and the workbook so that both say the same thing in the same order.

use std::borrow::Cow;
use std::collections::BTreeMap;

use jiuzhu_core::{Clue, ClueEvidence, Date, LinkLevel, Locality, Region};

use crate::mask::{mask_id, mask_ids_in};

/// The clue table's headers, in order (`clues.csv`; the workbook's model sheets add
/// 核查结果, the reviewer's column).
pub const CLUE_HEADERS: [&str; 18] = [
    "模型",
    "模型名称",
    "建议",
    "姓名",
    "身份证号码",
    "性别",
    "出生日期",
    "年龄",
    "户籍",
    "关联方式",
    "名单",
    "案号",
    "文书",
    "伤情",
    "未履行金额",
    "标记",
    "优先级",
    "依据",
];

/// Index of a column in [`CLUE_HEADERS`].
pub(crate) mod col {
    pub const ID: usize = 4;
    pub const PRIORITY: usize = 16;
}

/// Separates several values in one cell (case numbers, documents, evidence).
pub(crate) const SEP: &str = "；";

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Text(String),
    /// An integer (age).
    Int(u32),
    /// Money or a score; written with two decimals in text outputs.
    Number(f64),
    Empty,
}

/// What turning clues into rows needs besides the clues.
pub(crate) struct RowContext<'a> {
    /// Model id → name, from the funnel.
    pub model_names: &'a BTreeMap<String, String>,
    pub mask: bool,
}

impl RowContext<'_> {
    /// Free text as it may be shown: ID numbers masked when asked.
    pub fn text<'t>(&self, s: &'t str) -> Cow<'t, str> {
        if self.mask {
            mask_ids_in(s)
        } else {
            Cow::Borrowed(s)
        }
    }

    pub fn id(&self, id: &str) -> String {
        if self.mask {
            mask_id(id)
        } else {
            id.to_string()
        }
    }
}

/// The row of one clue, in [`CLUE_HEADERS`] order.
pub(crate) fn clue_row(clue: &Clue, cx: &RowContext<'_>) -> Vec<Cell> {
    let p = &clue.person;
    let text = |s: String| {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    };
    vec![
        text(clue.model.clone()),
        text(cx.model_names.get(&clue.model).cloned().unwrap_or_default()),
        text(clue.action.label_zh().to_string()),
        text(cx.text(&p.name).into_owned()),
        text(p.id_number.as_deref().map(|i| cx.id(i)).unwrap_or_default()),
        text(p.sex.map(|s| s.label_zh().to_string()).unwrap_or_default()),
        text(p.birth_date.map(|d| d.to_string()).unwrap_or_default()),
        p.age.map_or(Cell::Empty, Cell::Int),
        text(hukou(p.locality, p.id_number.as_deref(), p.birth_date)),
        text(cx.text(&clue.link.reason).into_owned()),
        text(rosters(clue, cx)),
        text(case_numbers(clue).join(SEP)),
        text(documents(clue, cx)),
        text(clue.injury.label_zh().to_string()),
        clue.unpaid_amount.map_or(Cell::Empty, Cell::Number),
        text(flags(clue)),
        Cell::Number(clue.priority),
        text(
            clue.evidence
                .iter()
                .map(|e| evidence_line(clue, e, cx))
                .collect::<Vec<_>>()
                .join(SEP),
        ),
    ]
}

/// `本地（浙江省温州市乐清市）`: the locality the model used, and where the ID number was
/// issued when there is one.
pub(crate) fn hukou(locality: Locality, id: Option<&str>, birth: Option<Date>) -> String {
    match id.and_then(|i| region_name(i, birth)) {
        Some(region) => format!("{}（{region}）", locality.label_zh()),
        None => locality.label_zh().to_string(),
    }
}

/// The division an ID number was issued under, by its first six digits.
pub(crate) fn region_name(id: &str, birth: Option<Date>) -> Option<String> {
    let code: String = id.chars().take(6).collect();
    let r = Region::lookup(&code, birth.map(|b| b.year()))?;
    let mut name = String::new();
    for part in [r.province, r.city, r.county].into_iter().flatten() {
        name.push_str(part);
    }
    (!name.is_empty()).then_some(name)
}

/// The link level in words.
pub(crate) fn level_zh(level: LinkLevel) -> &'static str {
    match level {
        LinkLevel::Id => "身份证号",
        LinkLevel::NameBirth => "姓名及出生日期",
        LinkLevel::Name => "仅姓名",
        LinkLevel::Case => "执行依据案号",
    }
}

/// `低保低边（rosters/dibao.csv 第7行，低保）；…`
pub(crate) fn rosters(clue: &Clue, cx: &RowContext<'_>) -> String {
    clue.link
        .rosters
        .iter()
        .map(|h| {
            let mut s = format!("{}（{} 第{}行", h.roster, h.file, h.row);
            if let Some(c) = &h.category {
                s.push('，');
                s.push_str(c);
            }
            s.push('）');
            cx.text(&s).into_owned()
        })
        .collect::<Vec<_>>()
        .join(SEP)
}

/// Every case number of the clue's documents, once each, in document order.
pub(crate) fn case_numbers(clue: &Clue) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in &clue.sources {
        if let Some(c) = &s.case_number
            && !out.contains(c)
        {
            out.push(c.clone());
        }
    }
    out
}

/// `civil/c02.txt（民事判决书，原告）；…`
fn documents(clue: &Clue, cx: &RowContext<'_>) -> String {
    clue.sources
        .iter()
        .map(|s| {
            let roles: Vec<&str> = s.roles.iter().map(|r| r.label_zh()).collect();
            let mut line = format!("{}（{}", cx.text(&s.source), s.kind.label_zh());
            if !roles.is_empty() {
                line.push('，');
                line.push_str(&roles.join("、"));
            }
            line.push('）');
            line
        })
        .collect::<Vec<_>>()
        .join(SEP)
}

pub(crate) fn flags(clue: &Clue) -> String {
    clue.flags
        .iter()
        .map(|f| f.label_zh())
        .collect::<Vec<_>>()
        .join("、")
}

/// `(2022)浙0382执3105号：终结本次执行程序`: the document by its case number where it has
/// one (reviewers look cases up by number), else by its source.
fn evidence_line(clue: &Clue, e: &ClueEvidence, cx: &RowContext<'_>) -> String {
    format!("{}：{}", document_label(clue, &e.source), cx.text(&e.text))
}

/// A document's case number when the clue knows it, else its source.
pub(crate) fn document_label<'c>(clue: &'c Clue, source: &'c str) -> &'c str {
    clue.sources
        .iter()
        .find(|s| s.source == source)
        .and_then(|s| s.case_number.as_deref())
        .unwrap_or(source)
}

/// The decisive phrase of an evidence rule: what follows the family prefix
/// (`comp:达成和解` → `达成和解`), or the whole rule when it has no prefix.
pub(crate) fn rule_phrase(rule: &str) -> &str {
    rule.split_once(':').map_or(rule, |(_, p)| p)
}
