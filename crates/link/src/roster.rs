//! Rosters: welfare lists from the civil-affairs bureau and township grid systems, as CSV in
//! any encoding or as spreadsheets (XLSX, XLS, ODS).
//!
//! The header row is found by its Chinese headers (姓名, 身份证号 …) among the first
//! [`HEADER_SCAN_ROWS`] rows, so title rows above it (`乐清市2022年低保人员名单`) do no harm;
//! the config can name the header row and the header texts instead. Row numbers are as a
//! spreadsheet shows them: 1-based, the header and title rows count.
//!
//! A bad row never aborts a load and is never dropped silently: it becomes a [`RowProblem`]
//! naming file, row, problem and what to do, and is either kept (links by name only) or left
//! out:
//!
//! | problem | row |
//! | --- | --- |
//! | no name | left out |
//! | ID fails a check (checksum, length, date …) | kept, links by name only |
//! | ID stored as a number that lost its last digits (`3.30382E+17`, `…121000`) | kept, links by name only |
//! | the same valid ID on an earlier row | left out, the first row is kept |
//! | sex or birth-date column contradicts the ID | kept, the ID wins |
//! | unreadable birth date or sex | kept, the value is ignored |
//! | a CSV quote never closed (every later line ends up in one cell) | left out, with the lines it swallowed |
//!
//! Birth dates are read from date cells, text (`1965-05-12`, `1965年5月12日`, `19650512`) and
//! Excel serial day numbers (`23874`, a date cell formatted as a number or exported to CSV).
//! Cells merged down several rows (a household's category or address) read as their value
//! on every row, as the spreadsheet shows them. A header that names a field in several
//! columns (姓名 for the household head and for a member) is reported on the header row: the
//! first column is read.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use jiuzhu_core::name::normalize_name;
use jiuzhu_core::{Date, Gender, IdCheck, IdError, IdNumber};
use serde::Serialize;

use crate::config::{RosterKind, RosterSpec, SHEET_EXTENSIONS, extension};

/// How many leading rows are searched for the header.
pub const HEADER_SCAN_ROWS: usize = 10;

/// The fields a roster row can have, with the header texts that name each, best first.
///
/// Kept here rather than in `dictionaries/` because they describe the roster file format the
/// loader reads (like a CSV dialect), not screening vocabulary; the config's `columns` adds
/// any other header text.
const HEADERS: &[(Field, &[&str])] = &[
    (
        Field::Name,
        &[
            "姓名",
            "名字",
            "人员姓名",
            "救助对象姓名",
            "被救助人姓名",
            "对象姓名",
            "成员姓名",
            "申请人姓名",
            "户主姓名",
            "救助对象",
        ],
    ),
    (
        Field::IdNumber,
        &[
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "公民身份证号码",
            "居民身份证号码",
            "证件号码",
            "身份证件号码",
            "证件号",
            "身份证",
        ],
    ),
    (
        Field::Address,
        &[
            "住址",
            "家庭住址",
            "地址",
            "现住址",
            "居住地址",
            "家庭地址",
            "联系地址",
        ],
    ),
    // 户籍地址 is where the household is registered, which decides locality.
    (Field::Hukou, &["户籍地", "户籍所在地", "户籍地址", "户籍"]),
    (
        Field::Township,
        &[
            "乡镇",
            "街道",
            "乡镇街道",
            "乡镇/街道",
            "所属乡镇",
            "所属街道",
            "乡镇街",
        ],
    ),
    (
        Field::Category,
        &[
            "类别",
            "救助类型",
            "困难类型",
            "人员类别",
            "救助类别",
            "保障类别",
            "困难类别",
            "人员类型",
            "对象类别",
            "类型",
        ],
    ),
    (Field::Sex, &["性别"]),
    (
        Field::BirthDate,
        &["出生日期", "出生年月日", "出生年月", "生日"],
    ),
];

/// A column of a roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 姓名.
    Name,
    /// 身份证号.
    IdNumber,
    /// 住址.
    Address,
    /// 户籍地.
    Hukou,
    /// 乡镇 / 街道.
    Township,
    /// 类别.
    Category,
    /// 性别.
    Sex,
    /// 出生日期.
    BirthDate,
}

impl Field {
    /// The key in the config's `columns`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::IdNumber => "id_number",
            Field::Address => "address",
            Field::Hukou => "hukou",
            Field::Township => "township",
            Field::Category => "category",
            Field::Sex => "sex",
            Field::BirthDate => "birth_date",
        }
    }

    fn parse(s: &str) -> Option<Field> {
        HEADERS.iter().map(|(f, _)| *f).find(|f| f.as_str() == s)
    }

    /// Whether a header that merely contains this text (`身份证号码（18位）`) names the field.
    fn loose(self, header: &str) -> bool {
        match self {
            Field::Name => header.ends_with("姓名"),
            Field::IdNumber => header.contains("身份证") || header.contains("证件号"),
            Field::Address => header.ends_with("住址") || header.ends_with("地址"),
            Field::Category => header.ends_with("类别") || header.ends_with("类型"),
            Field::BirthDate => header.starts_with("出生"),
            _ => false,
        }
    }
}

/// One person on a roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    /// 1-based row as a spreadsheet shows it.
    pub row: usize,
    /// Normalised name.
    pub name: String,
    /// The ID number, when valid (15-digit numbers converted).
    pub id_number: Option<IdNumber>,
    /// The ID cell as written, when it is not a valid ID (the row links by name only).
    pub id_invalid: Option<String>,
    /// From the ID when valid, else from the sex column.
    pub sex: Option<Gender>,
    /// From the ID when valid, else from the birth-date column.
    pub birth_date: Option<Date>,
    /// 住址.
    pub address: Option<String>,
    /// 户籍地.
    pub hukou: Option<String>,
    /// 乡镇 / 街道.
    pub township: Option<String>,
    /// 类别.
    pub category: Option<String>,
}

/// A loaded roster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Roster {
    /// From the config.
    pub kind: RosterKind,
    /// From the config.
    pub label: String,
    /// The path as the config gives it (shown in clues).
    pub file: String,
    /// The header's row.
    pub header_row: usize,
    /// The header text of each column used.
    pub columns: BTreeMap<Field, String>,
    /// The encoding a CSV was decoded from (`gb18030`), or `xlsx` etc. for spreadsheets.
    pub encoding: String,
    /// The persons, in file order.
    pub rows: Vec<RosterRow>,
}

/// What is wrong with a roster row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowProblemKind {
    /// No name: the row is left out.
    NoName,
    /// The ID fails a check: kept, linked by name only.
    BadId,
    /// The ID was stored as a number and lost digits: kept, linked by name only.
    IdLostDigits,
    /// The ID is on an earlier row too: left out.
    DuplicateId,
    /// A column contradicts the ID (sex, birth date): kept, the ID wins.
    Conflict,
    /// A value that cannot be read (birth date, sex): kept, the value is ignored.
    BadValue,
    /// The header names a field in more than one column (a household's members side by
    /// side): the first column is read, reported on the header row.
    RepeatedColumn,
    /// A CSV row whose quoting is broken (a quote never closed swallows every later line):
    /// left out.
    Malformed,
}

/// A reported roster row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowProblem {
    /// The roster file as the config names it.
    pub file: String,
    /// 1-based, as a spreadsheet shows it.
    pub row: usize,
    /// What kind of problem.
    pub kind: RowProblemKind,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub fix: String,
    /// Whether the row is still on the roster.
    pub kept: bool,
}

impl fmt::Display for RowProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: row {}: {} ({}); fix: {}",
            self.file,
            self.row,
            self.message,
            if self.kept {
                "row kept"
            } else {
                "row left out"
            },
            self.fix
        )
    }
}

/// Why a roster could not be loaded at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    /// The file cannot be read.
    #[error("{file}: cannot read the roster: {detail}\n  fix: check the path and permissions")]
    Read {
        /// The roster file as the config names it.
        file: String,
        /// The system's reason.
        detail: String,
    },
    /// The CSV's bytes are not text.
    #[error(
        "{file}: cannot decode the roster as text: {detail}\n  fix: save it as CSV (UTF-8 or GB18030) or as XLSX"
    )]
    Decode {
        /// The roster file as the config names it.
        file: String,
        /// Why (binary, undecodable).
        detail: String,
    },
    /// The spreadsheet cannot be opened.
    #[error("{file}: cannot open the spreadsheet: {detail}\n  fix: open and re-save it as XLSX")]
    Spreadsheet {
        /// The roster file as the config names it.
        file: String,
        /// The reader's reason.
        detail: String,
    },
    /// The configured sheet does not exist.
    #[error(
        "{file}: there is no sheet \"{sheet}\"; the sheets are: {available}\n  fix: set sheet to one of them"
    )]
    NoSheet {
        /// The roster file as the config names it.
        file: String,
        /// The sheet asked for.
        sheet: String,
        /// The sheets there are.
        available: String,
    },
    /// No header row names a name column.
    #[error(
        "{file}: no header row with a name column (姓名) in the first {scanned} rows\n  fix: add columns = {{ name = \"…\" }} with the name column's header text to this [[roster]], and header_row if the header is further down"
    )]
    NoHeader {
        /// The roster file as the config names it.
        file: String,
        /// How many rows were searched.
        scanned: usize,
    },
    /// A header text from the config's `columns` is not there.
    #[error(
        "{file}: no column headed \"{header}\" (for {field}) {place}; headers seen: {seen}\n  fix: correct columns.{field} in the config"
    )]
    MissingColumn {
        /// The roster file as the config names it.
        file: String,
        /// The `columns` key.
        field: String,
        /// The header text asked for.
        header: String,
        /// Where it was looked for.
        place: String,
        /// The headers there are.
        seen: String,
    },
    /// The configured header row is past the end of the sheet.
    #[error("{file}: header_row {row} is beyond the last row ({last})\n  fix: correct header_row")]
    HeaderBeyondEnd {
        /// The roster file as the config names it.
        file: String,
        /// The configured header row.
        row: usize,
        /// The last row of the sheet.
        last: usize,
    },
}

/// A cell as read, before interpretation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    /// A spreadsheet number (IDs stored as numbers lose digits).
    Number(f64),
    /// A spreadsheet date.
    Date(Date),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Date(d) => d.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

/// Rows of a table with their spreadsheet row numbers.
pub(crate) type Table = Vec<(usize, Vec<Cell>)>;

/// A header text as compared: no spaces or `*` (required-field marks), no trailing colon,
/// no parenthesised note (`身份证号码（18位）` → `身份证号码`).
fn header_key(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '*' | '＊' | ':' | '：') => {}
            c => out.push(c),
        }
    }
    out
}

/// The best column for every field in one row: an exact header beats a loose one; among
/// exact ones the alias listed first wins; then the leftmost column.
fn detect(cells: &[Cell]) -> BTreeMap<Field, usize> {
    let mut best: BTreeMap<Field, (usize, usize)> = BTreeMap::new();
    for (col, cell) in cells.iter().enumerate() {
        let key = header_key(&cell.text());
        if key.is_empty() {
            continue;
        }
        for (field, aliases) in HEADERS {
            let rank = aliases
                .iter()
                .position(|a| *a == key)
                .or_else(|| field.loose(&key).then_some(100));
            if let Some(rank) = rank {
                let slot = best.entry(*field).or_insert((rank, col));
                if rank < slot.0 {
                    *slot = (rank, col);
                }
            }
        }
    }
    // One column names one field: a column claimed by several keeps the best-ranked claim.
    let mut by_col: BTreeMap<usize, (usize, Field)> = BTreeMap::new();
    for (field, (rank, col)) in &best {
        let slot = by_col.entry(*col).or_insert((*rank, *field));
        if *rank < slot.0 {
            *slot = (*rank, *field);
        }
    }
    by_col.into_iter().map(|(col, (_, f))| (f, col)).collect()
}

fn seen_headers(cells: &[Cell]) -> String {
    let seen: Vec<String> = cells
        .iter()
        .map(Cell::text)
        .filter(|s| !s.is_empty())
        .collect();
    if seen.is_empty() {
        "(none)".to_string()
    } else {
        seen.join(", ")
    }
}

/// Finds the header row and its columns.
fn find_header(
    table: &Table,
    spec: &RosterSpec,
    file: &str,
) -> Result<(usize, BTreeMap<Field, usize>), RosterError> {
    let overrides: Vec<(Field, &str)> = spec
        .columns
        .iter()
        .filter_map(|(k, v)| Field::parse(k).map(|f| (f, v)))
        .collect();
    let candidates: Vec<usize> = match spec.header_row {
        Some(row) => match table.iter().position(|(r, _)| *r == row) {
            Some(i) => vec![i],
            None => {
                return Err(RosterError::HeaderBeyondEnd {
                    file: file.to_string(),
                    row,
                    last: table.last().map_or(0, |(r, _)| *r),
                });
            }
        },
        None => (0..table.len())
            .take_while(|&i| table[i].0 <= HEADER_SCAN_ROWS)
            .collect(),
    };
    let mut best: Option<(usize, usize, BTreeMap<Field, usize>)> = None;
    for &i in &candidates {
        let cells = &table[i].1;
        let mut cols = detect(cells);
        let mut complete = true;
        for (field, header) in &overrides {
            let want = header_key(header);
            match cells.iter().position(|c| header_key(&c.text()) == want) {
                Some(col) => {
                    cols.retain(|_, c| *c != col);
                    cols.insert(*field, col);
                }
                None => complete = false,
            }
        }
        if !complete || !cols.contains_key(&Field::Name) {
            continue;
        }
        let score = cols.len();
        if best.as_ref().is_none_or(|(_, s, _)| score > *s) {
            best = Some((i, score, cols));
        }
    }
    if let Some((i, _, cols)) = best {
        return Ok((i, cols));
    }
    if let Some((field, header)) = overrides.first() {
        // Name the first override that no candidate row has, with the headers seen.
        let first_text = candidates
            .iter()
            .map(|&i| &table[i].1)
            .find(|cells| cells.iter().any(|c| !c.is_empty()))
            .map_or_else(|| "(none)".to_string(), |c| seen_headers(c));
        let fallback = (*field, *header);
        let missing = overrides
            .iter()
            .find(|(_, h)| {
                !candidates.iter().any(|&i| {
                    table[i]
                        .1
                        .iter()
                        .any(|c| header_key(&c.text()) == header_key(h))
                })
            })
            .unwrap_or(&fallback);
        let place = match spec.header_row {
            Some(r) => format!("in row {r}"),
            None => format!("in the first {HEADER_SCAN_ROWS} rows"),
        };
        return Err(RosterError::MissingColumn {
            file: file.to_string(),
            field: missing.0.as_str().to_string(),
            header: missing.1.to_string(),
            place,
            seen: first_text,
        });
    }
    Err(RosterError::NoHeader {
        file: file.to_string(),
        scanned: spec.header_row.map_or(HEADER_SCAN_ROWS, |_| 1),
    })
}

impl Roster {
    /// Reads the `[[roster]]` file into rows; `base_dir` is where a relative path starts
    /// (the config file's directory). Bad rows come back as problems beside the roster.
    pub fn load(
        spec: &RosterSpec,
        base_dir: &Path,
    ) -> Result<(Roster, Vec<RowProblem>), RosterError> {
        let path = spec.resolve(base_dir);
        let file = spec.path.display().to_string();
        let ext = extension(&path);
        let (table, encoding) = if SHEET_EXTENSIONS.contains(&ext.as_str()) {
            (read_sheet(&path, spec.sheet.as_deref(), &file)?, ext)
        } else {
            let bytes = std::fs::read(&path).map_err(|e| RosterError::Read {
                file: file.clone(),
                detail: e.to_string(),
            })?;
            let (text, encoding) = decode(bytes).map_err(|detail| RosterError::Decode {
                file: file.clone(),
                detail,
            })?;
            let mut table = read_delimited(&text, ext == "tsv");
            if let Some(problem) = swallowed_by_quote(&text, ext == "tsv", &mut table, &file) {
                let (roster, mut problems) = Roster::from_table(spec, &file, encoding, &table)?;
                problems.push(problem);
                return Ok((roster, problems));
            }
            (table, encoding)
        };
        Roster::from_table(spec, &file, encoding, &table)
    }

    /// Builds a roster from a read table (shared by the CSV and spreadsheet readers).
    pub(crate) fn from_table(
        spec: &RosterSpec,
        file: &str,
        encoding: String,
        table: &Table,
    ) -> Result<(Roster, Vec<RowProblem>), RosterError> {
        let (header_index, cols) = find_header(table, spec, file)?;
        let header_cells = &table[header_index].1;
        let columns = cols
            .iter()
            .map(|(f, &c)| (*f, header_cells[c].text()))
            .collect();
        let mut rows = Vec::new();
        let mut problems: Vec<RowProblem> =
            repeated_columns(&cols, header_cells, file, table[header_index].0)
                .into_iter()
                .collect();
        let mut seen: BTreeMap<IdNumber, usize> = BTreeMap::new();
        let get = |cells: &[Cell], f: Field| -> Cell {
            cols.get(&f)
                .and_then(|&c| cells.get(c))
                .cloned()
                .unwrap_or(Cell::Empty)
        };
        for (row, cells) in &table[header_index + 1..] {
            let row = *row;
            if cells.iter().all(Cell::is_empty) {
                continue;
            }
            let mut problem = |kind, message: String, fix: &str, kept| {
                problems.push(RowProblem {
                    file: file.to_string(),
                    row,
                    kind,
                    message,
                    fix: fix.to_string(),
                    kept,
                })
            };
            let name = normalize_name(&get(cells, Field::Name).text());
            if name.is_empty() {
                problem(
                    RowProblemKind::NoName,
                    format!("no name (row reads: {})", seen_headers(cells)),
                    "fill in the name, or delete the row if it is a note or a total",
                    false,
                );
                continue;
            }
            let text = |f| Some(get(cells, f).text()).filter(|s| !s.is_empty());
            let mut out = RosterRow {
                row,
                name,
                id_number: None,
                id_invalid: None,
                sex: None,
                birth_date: None,
                address: text(Field::Address),
                hukou: text(Field::Hukou),
                township: text(Field::Township),
                category: text(Field::Category),
            };
            match read_id(&get(cells, Field::IdNumber)) {
                IdCell::Missing => {}
                IdCell::Valid(id) => {
                    if let Some(first) = seen.get(&id) {
                        problem(
                            RowProblemKind::DuplicateId,
                            format!("ID {id} is already on row {first}"),
                            "delete the repeated row, or correct its ID",
                            false,
                        );
                        continue;
                    }
                    seen.insert(id, row);
                    out.id_number = Some(id);
                    out.sex = Some(id.gender());
                    out.birth_date = Some(id.birth_date());
                }
                IdCell::Invalid { raw, error } => {
                    problem(
                        RowProblemKind::BadId,
                        format!("{error}; the row links by name only"),
                        "correct the ID number (18 characters, check digit per GB 11643)",
                        true,
                    );
                    out.id_invalid = Some(raw);
                }
                IdCell::LostDigits { raw, why } => {
                    problem(
                        RowProblemKind::IdLostDigits,
                        format!("ID '{raw}' {why}; the row links by name only"),
                        "format the ID column as text (or prefix the ID with ') and re-enter the full 18-character IDs",
                        true,
                    );
                    out.id_invalid = Some(raw);
                }
            }
            let sex_cell = get(cells, Field::Sex).text();
            let sex = match sex_cell.as_str() {
                "" => None,
                "男" | "男性" | "M" | "m" | "male" | "Male" => Some(Gender::Male),
                "女" | "女性" | "F" | "f" | "female" | "Female" => Some(Gender::Female),
                other => {
                    problem(
                        RowProblemKind::BadValue,
                        format!("sex '{other}' is neither 男 nor 女; ignored"),
                        "write 男 or 女",
                        true,
                    );
                    None
                }
            };
            let birth_cell = get(cells, Field::BirthDate);
            let birth = match &birth_cell {
                Cell::Empty => None,
                Cell::Date(d) => Some(*d),
                other => {
                    let t = other.text();
                    let serial = match other {
                        Cell::Number(n) => excel_serial(*n),
                        _ => t
                            .parse::<f64>()
                            .ok()
                            .filter(|_| t.len() == 5)
                            .and_then(excel_serial),
                    };
                    match parse_date(&t).or(serial) {
                        Some(d) => Some(d),
                        None if t.is_empty() => None,
                        None => {
                            problem(
                                RowProblemKind::BadValue,
                                format!("birth date '{t}' is not a date; ignored"),
                                "write it as 1965-05-12 or 1965年5月12日",
                                true,
                            );
                            None
                        }
                    }
                }
            };
            match out.id_number {
                Some(id) => {
                    if let Some(s) = sex.filter(|&s| s != id.gender()) {
                        problem(
                            RowProblemKind::Conflict,
                            format!(
                                "sex column says {} but ID {id} is a {}'s; the ID is used",
                                s.label_zh(),
                                id.gender().label_zh()
                            ),
                            "check the ID and the sex column",
                            true,
                        );
                    }
                    if let Some(b) = birth.filter(|&b| b != id.birth_date()) {
                        problem(
                            RowProblemKind::Conflict,
                            format!(
                                "birth date column says {b} but ID {id} says {}; the ID is used",
                                id.birth_date()
                            ),
                            "check the ID and the birth-date column",
                            true,
                        );
                    }
                }
                None => {
                    out.sex = sex;
                    out.birth_date = birth;
                }
            }
            rows.push(out);
        }
        Ok((
            Roster {
                kind: spec.kind,
                label: spec.label.clone(),
                file: file.to_string(),
                header_row: table[header_index].0,
                columns,
                encoding,
                rows,
            },
            problems,
        ))
    }
}

/// The header's fields that are named in more than one column (the household head's and a
/// member's 姓名 and 身份证号 side by side): one problem on the header row listing them, since
/// only the first column of each is read.
fn repeated_columns(
    cols: &BTreeMap<Field, usize>,
    header: &[Cell],
    file: &str,
    row: usize,
) -> Option<RowProblem> {
    let mut repeats = Vec::new();
    for &col in cols.values() {
        let key = header_key(&header[col].text());
        let same: Vec<String> = header
            .iter()
            .enumerate()
            .filter(|(_, c)| header_key(&c.text()) == key)
            .map(|(i, _)| (i + 1).to_string())
            .collect();
        if same.len() > 1 {
            let (last, rest) = same.split_last()?;
            repeats.push(format!("{key} (columns {} and {last})", rest.join(", ")));
        }
    }
    (!repeats.is_empty()).then(|| RowProblem {
        file: file.to_string(),
        row,
        kind: RowProblemKind::RepeatedColumn,
        message: format!(
            "the header repeats {}: only the first column of each is read, so people in the \
             later columns are not on the roster",
            repeats.join(", ")
        ),
        fix: "put every person on a row of their own, or choose the column to read with \
              columns = { name = \"…\", id_number = \"…\" } in this [[roster]]"
            .to_string(),
        kept: true,
    })
}

enum IdCell {
    Missing,
    Valid(IdNumber),
    Invalid { raw: String, error: IdError },
    LostDigits { raw: String, why: String },
}

/// Interprets an ID cell, recognising the traces of a number format: scientific notation,
/// a spreadsheet number of 16+ digits, and 18 digits ending in zeros (Excel keeps 15
/// significant digits) or 15 digits that only make sense as the first 15 of 18.
fn read_id(cell: &Cell) -> IdCell {
    if let Cell::Number(n) = cell {
        if n.abs() >= 1e15 {
            return IdCell::LostDigits {
                raw: cell.text(),
                why: "was stored as a number, which keeps only about 15 digits".to_string(),
            };
        }
    }
    let raw: String = cell
        .text()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '‘' && *c != '’')
        .collect();
    if raw.is_empty() {
        return IdCell::Missing;
    }
    // A number exported as text keeps a ".0": what precedes it is the number.
    let raw = match raw.strip_suffix(".0") {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            if digits.len() > 15 {
                return IdCell::LostDigits {
                    why: "was exported from a number cell, which keeps only about 15 digits"
                        .to_string(),
                    raw,
                };
            }
            digits.to_string()
        }
        _ => raw,
    };
    let upper = raw.to_ascii_uppercase();
    if upper.contains("E+")
        && upper
            .replace(['.', 'E', '+'], "")
            .bytes()
            .all(|b| b.is_ascii_digit())
    {
        return IdCell::LostDigits {
            raw,
            why: "is in scientific notation: it was stored as a number and lost its last digits"
                .to_string(),
        };
    }
    match IdNumber::parse(&raw) {
        Ok(id) => IdCell::Valid(id),
        Err(error) => {
            let digits = raw.bytes().all(|b| b.is_ascii_digit());
            let zeros = raw.len() - raw.trim_end_matches('0').len();
            let lost = digits
                && match error.check() {
                    IdCheck::Checksum => raw.len() == 18 && zeros >= 2,
                    IdCheck::Format => raw.len() == 16 || raw.len() == 17,
                    // 15 digits whose 7th-8th read as a 4-digit year: the head of an 18.
                    IdCheck::BirthDate => {
                        raw.len() == 15 && (raw[6..8] == *"19" || raw[6..8] == *"20")
                    }
                    _ => false,
                };
            if lost {
                IdCell::LostDigits {
                    why: format!("{error}, and looks like an 18-character ID stored as a number"),
                    raw,
                }
            } else {
                IdCell::Invalid { raw, error }
            }
        }
    }
}

/// An Excel serial day number as a birth date: five-digit serials (1927-05-18 to 2173) are
/// what a date cell shows formatted as a number; shorter numbers are years or ages, not
/// dates. Serial 25569 is 1970-01-01 (Excel's 1900 system, whose leap-year bug only touches
/// serials before 61).
pub(crate) fn excel_serial(n: f64) -> Option<Date> {
    (10_000.0..100_000.0)
        .contains(&n)
        .then(|| Date::from_days_since_epoch(n.floor() as i64 - 25_569))
}

/// Reads a date as rosters write it: `1965-05-12`, `1965/5/12`, `1965.5.12`, `19650512`,
/// `1965年5月12日`, with an optional time after it.
pub(crate) fn parse_date(s: &str) -> Option<Date> {
    let groups: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let num = |g: &str| g.parse::<u32>().ok();
    match groups.as_slice() {
        [g] if g.len() == 8 => Date::new(num(&g[..4])?, num(&g[4..6])?, num(&g[6..])?).ok(),
        [y, m, d, ..] if y.len() == 4 => Date::new(num(y)?, num(m)?, num(d)?).ok(),
        _ => None,
    }
}

/// Decodes a CSV roster's bytes as ingest decodes a text document: a BOM decides, else
/// strict UTF-8, else chardetng with GB18030 as the Chinese fallback; binary or undecodable
/// bytes are refused with ingest's reason.
///
/// Ingest has no public bytes-to-text function, so the bytes go through its reader as a
/// `.txt` document (a CSV roster never starts with `<` or `{`, so it stays plain text).
fn decode(bytes: Vec<u8>) -> Result<(String, String), String> {
    let ingest = jiuzhu_ingest::Ingest::builder()
        .max_document_bytes(bytes.len() as u64 + 1)
        .build();
    let mut out = Err("ingest produced nothing".to_string());
    ingest.read("roster.txt", bytes.as_slice(), |item| {
        out = match item {
            jiuzhu_ingest::Item::Doc(d) => Ok((d.text, d.encoding)),
            jiuzhu_ingest::Item::Reject(r) => Err(format!("{} ({})", r.detail, r.reason.as_str())),
        };
    });
    out
}

/// Splits delimited text into rows numbered as a spreadsheet would show them: one row per
/// record, blank lines counted, a line break inside a quoted field not starting a new row.
/// A quote that opens a cell and never closes makes the CSV reader take every later line
/// into that cell, so the last row of `table` is many rows glued together: it is taken out
/// and reported (left out), naming the lines it swallowed.
fn swallowed_by_quote(text: &str, tab: bool, table: &mut Table, file: &str) -> Option<RowProblem> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let q = jiuzhu_ingest::csv_unclosed_quote(text.as_bytes(), delimiter_of(text, tab))?;
    let (row, _) = table.pop()?;
    let last = text.trim_end().lines().count();
    Some(RowProblem {
        file: file.to_string(),
        row,
        kind: RowProblemKind::Malformed,
        message: format!(
            "the quote opened on line {} is never closed, so lines {}–{last} were read as one \
             cell; those lines are not on the roster",
            q.line, q.line
        ),
        fix: "close the quote, or delete it (a quote inside a quoted cell is written twice: \"\")"
            .to_string(),
        kept: false,
    })
}

fn delimiter_of(text: &str, tab: bool) -> u8 {
    if tab || sniff_tab(text) { b'\t' } else { b',' }
}

pub(crate) fn read_delimited(text: &str, tab: bool) -> Table {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let delimiter = delimiter_of(text, tab);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    // Line breaks before the current record's start, counted incrementally.
    let (mut counted_to, mut lines_before) = (0usize, 0usize);
    let mut embedded = 0usize;
    let mut record = csv::StringRecord::new();
    loop {
        let at = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {
                // The reader skips blank lines silently; a spreadsheet shows them as rows,
                // so the record's row is its line, found from its byte offset, minus the
                // line breaks inside quoted fields of earlier records.
                let mut start = record.position().map_or(at, |p| p.byte() as usize);
                while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                    start += 1;
                }
                lines_before += count_newlines(&bytes[counted_to..start]);
                counted_to = start;
                out.push((
                    lines_before + 1 - embedded,
                    record.iter().map(|f| Cell::Text(f.to_string())).collect(),
                ));
                embedded += record
                    .iter()
                    .map(|f| f.matches('\n').count())
                    .sum::<usize>();
            }
            Ok(false) => break,
            // A malformed record (only invalid UTF-8 is possible, and the text is a str):
            // keep going rather than lose the rest of the roster.
            Err(_) => continue,
        }
    }
    out
}

fn count_newlines(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c == b'\n').count()
}

fn sniff_tab(text: &str) -> bool {
    let head: String = text.lines().take(5).collect();
    head.matches('\t').count() > head.matches(',').count()
}

fn read_sheet(path: &Path, sheet: Option<&str>, file: &str) -> Result<Table, RosterError> {
    use calamine::{Data, Reader, open_workbook_auto};
    let err = |e: calamine::Error| RosterError::Spreadsheet {
        file: file.to_string(),
        detail: e.to_string(),
    };
    let mut book = open_workbook_auto(path).map_err(err)?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| RosterError::NoSheet {
                file: file.to_string(),
                sheet: s.to_string(),
                available: names.join(", "),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| RosterError::Spreadsheet {
                file: file.to_string(),
                detail: "the workbook has no sheets".to_string(),
            })?,
    };
    let range = book.worksheet_range(&name).map_err(err)?;
    // A sheet whose merge list cannot be read is still read, just without filling merges.
    let merged = match &mut book {
        calamine::Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        calamine::Sheets::Xls(x) => x.merge_cells_by_sheet_name(&name).unwrap_or_default(),
        _ => Vec::new(),
    };
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    let first_col = range.start().map_or(0, |(_, c)| c as usize);
    let mut table: Table = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            // Keep columns where the sheet has them, so column positions match the header.
            let mut row: Vec<Cell> = vec![Cell::Empty; first_col];
            row.extend(cells.iter().map(|c| match c {
                Data::Empty => Cell::Empty,
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                    Cell::Text(s.clone())
                }
                Data::Int(n) => Cell::Text(n.to_string()),
                Data::Float(f) => Cell::Number(*f),
                Data::Bool(b) => Cell::Text(b.to_string()),
                // Excel's calendar runs from serial 1 (1900-01-01) to 2958465 (9999-12-31);
                // anything else in a date cell is not a date (and would overflow).
                Data::DateTime(dt)
                    if dt.is_datetime() && (1.0..2_958_466.0).contains(&dt.as_f64()) =>
                {
                    // Excel serial day 25569 is 1970-01-01.
                    let days = dt.as_f64().floor() as i64 - 25_569;
                    Cell::Date(Date::from_days_since_epoch(days))
                }
                Data::DateTime(dt) => Cell::Number(dt.as_f64()),
                Data::Error(e) => Cell::Text(format!("#{e:?}")),
            }));
            (first_row + i + 1, row)
        })
        .collect();
    let width = first_col + range.width();
    fill_merged(&mut table, first_row, width, &merged);
    Ok(table)
}

/// Gives every cell of a region merged down several rows the region's value (kept in its
/// top-left cell), as the sheet shows it: a household's 类别 or 住址 merged over its
/// members' rows belongs to each of them. Regions within one row (titles, group labels over
/// header cells) are left alone. Work is bounded by the table, however large or numerous
/// the declared regions.
fn fill_merged(table: &mut Table, first_row: usize, width: usize, merged: &[calamine::Dimensions]) {
    let mut budget = table
        .len()
        .saturating_mul(width)
        .saturating_mul(2)
        .max(1 << 16);
    for m in merged {
        let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
        let (r1, c1) = (
            m.end.0 as usize,
            (m.end.1 as usize).min(width.saturating_sub(1)),
        );
        if r1 <= r0 || r0 < first_row || c1 < c0 {
            continue;
        }
        let value = match table
            .get(r0 - first_row)
            .and_then(|(_, cells)| cells.get(c0))
        {
            Some(v) if !v.is_empty() => v.clone(),
            _ => continue,
        };
        let last = (r1 - first_row).min(table.len().saturating_sub(1));
        for (_, cells) in &mut table[r0 - first_row..=last] {
            if cells.len() <= c1 {
                cells.resize(c1 + 1, Cell::Empty);
            }
            for cell in &mut cells[c0..=c1] {
                if budget == 0 {
                    return;
                }
                budget -= 1;
                if cell.is_empty() {
                    *cell = value.clone();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_table(rows: &[&[&str]]) -> Table {
        rows.iter()
            .enumerate()
            .map(|(i, r)| (i + 1, r.iter().map(|s| Cell::Text(s.to_string())).collect()))
            .collect()
    }

    fn spec() -> RosterSpec {
        RosterSpec::new(RosterKind::Hardship, "低保低边", "dibao.csv")
    }

    #[test]
    fn header_keys_drop_notes_and_marks() {
        let rows = [
            ("身份证号码（18位）", "身份证号码"),
            ("* 姓名", "姓名"),
            ("姓 名：", "姓名"),
            ("乡镇(街道)", "乡镇"),
        ];
        for (raw, key) in rows {
            assert_eq!(header_key(raw), key, "{raw}");
        }
    }

    #[test]
    fn header_detection_table() {
        // (header cells, expected field per column, None = unused)
        let rows: &[(&[&str], &[Option<Field>])] = &[
            (
                &["序号", "姓名", "身份证号", "住址", "类别"],
                &[
                    None,
                    Some(Field::Name),
                    Some(Field::IdNumber),
                    Some(Field::Address),
                    Some(Field::Category),
                ],
            ),
            (
                &["户主姓名", "姓名", "公民身份号码", "户籍地址", "现住址"],
                &[
                    None,
                    Some(Field::Name),
                    Some(Field::IdNumber),
                    Some(Field::Hukou),
                    Some(Field::Address),
                ],
            ),
            (
                &[
                    "名字",
                    "证件号码",
                    "乡镇（街道）",
                    "困难类型",
                    "性别",
                    "出生年月",
                ],
                &[
                    Some(Field::Name),
                    Some(Field::IdNumber),
                    Some(Field::Township),
                    Some(Field::Category),
                    Some(Field::Sex),
                    Some(Field::BirthDate),
                ],
            ),
            (
                &["救助对象姓名", "身份证号码(18位)", "家庭住址", "人员类别"],
                &[
                    Some(Field::Name),
                    Some(Field::IdNumber),
                    Some(Field::Address),
                    Some(Field::Category),
                ],
            ),
        ];
        for (cells, want) in rows {
            let cells: Vec<Cell> = cells.iter().map(|s| Cell::Text(s.to_string())).collect();
            let got = detect(&cells);
            for (col, field) in want.iter().enumerate() {
                match field {
                    Some(f) => assert_eq!(got.get(f), Some(&col), "{cells:?} {f:?}"),
                    None => assert!(!got.values().any(|c| *c == col), "{cells:?} col {col}"),
                }
            }
        }
    }

    #[test]
    fn header_below_title_rows_and_row_numbers() {
        let table = text_table(&[
            &["乐清市2022年低保低边人员名单"],
            &["制表单位：民政局", "", ""],
            &[],
            &["序号", "姓名", "身份证号码", "类别"],
            &["1", "陈秀英", "330382196505121540", "低保"],
            &["2", "", "330382196505121540", "低边"],
            &["合计", "", "", ""],
        ]);
        let (roster, problems) =
            Roster::from_table(&spec(), "dibao.csv", "utf-8".into(), &table).unwrap();
        assert_eq!(roster.header_row, 4);
        assert_eq!(roster.rows.len(), 1);
        assert_eq!(roster.rows[0].row, 5);
        assert_eq!(roster.rows[0].category.as_deref(), Some("低保"));
        let got: Vec<(usize, RowProblemKind, bool)> =
            problems.iter().map(|p| (p.row, p.kind, p.kept)).collect();
        assert_eq!(
            got,
            vec![
                (6, RowProblemKind::NoName, false),
                (7, RowProblemKind::NoName, false)
            ]
        );
    }

    #[test]
    fn bad_rows_are_reported_and_kept_or_left_out() {
        let table = text_table(&[
            &["姓名", "身份证号", "性别", "出生日期"],
            &["陈秀英", "330382196505121540", "女", "1965-05-12"],
            &["李四", "330382196505121549", "", ""],
            &["王五", "3.30382E+17", "", ""],
            &["赵六", "330382196505121000", "", ""],
            &["钱七", "330382196505121", "", ""],
            &["陈秀英二", "330382196505121540", "", ""],
            &["孙八", "", "男", "1970年3月4日"],
            &["周九", "330382196505121540x", "", ""],
            &["吴十", "110101198001010053", "女", "1981-01-01"],
            &["郑一", "", "未知", "去年"],
            &["冯二", "330382500301001.0", "", ""],
            &["褚三", "330382196505121540.0", "", ""],
            &["卫四", "3.30382196505122e+17", "", ""],
        ]);
        let (roster, problems) =
            Roster::from_table(&spec(), "dibao.csv", "utf-8".into(), &table).unwrap();
        let kept: Vec<&str> = roster.rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            kept,
            [
                "陈秀英",
                "李四",
                "王五",
                "赵六",
                "钱七",
                "孙八",
                "周九",
                "吴十",
                "郑一",
                "冯二",
                "褚三",
                "卫四"
            ]
        );
        let got: Vec<(usize, RowProblemKind, bool)> =
            problems.iter().map(|p| (p.row, p.kind, p.kept)).collect();
        assert_eq!(
            got,
            vec![
                (3, RowProblemKind::BadId, true),
                (4, RowProblemKind::IdLostDigits, true),
                (5, RowProblemKind::IdLostDigits, true),
                (6, RowProblemKind::IdLostDigits, true),
                (7, RowProblemKind::DuplicateId, false),
                (9, RowProblemKind::BadId, true),
                (10, RowProblemKind::Conflict, true),
                (10, RowProblemKind::Conflict, true),
                (11, RowProblemKind::BadValue, true),
                (11, RowProblemKind::BadValue, true),
                (13, RowProblemKind::IdLostDigits, true),
                (14, RowProblemKind::IdLostDigits, true),
            ]
        );
        // A 15-digit number with ".0" is an old ID, exact in a number cell: it converts.
        let feng = roster.rows.iter().find(|r| r.name == "冯二").unwrap();
        assert_eq!(
            feng.id_number.map(|i| i.to_string()).as_deref(),
            Some("330382195003010010")
        );
        assert!(problems[4].message.contains("row 2"), "{}", problems[4]);
        let sun = roster.rows.iter().find(|r| r.name == "孙八").unwrap();
        assert_eq!(sun.sex, Some(Gender::Male));
        assert_eq!(sun.birth_date, Date::new(1970, 3, 4).ok());
        let li = roster.rows.iter().find(|r| r.name == "李四").unwrap();
        assert_eq!(li.id_number, None);
        assert_eq!(li.id_invalid.as_deref(), Some("330382196505121549"));
        // The ID wins over contradicting columns.
        let wu = roster.rows.iter().find(|r| r.name == "吴十").unwrap();
        assert_eq!(wu.sex, Some(Gender::Male));
        assert_eq!(wu.birth_date, Date::new(1980, 1, 1).ok());
    }

    #[test]
    fn numbers_from_spreadsheets() {
        let table: Table = vec![
            (
                1,
                vec![
                    Cell::Text("姓名".into()),
                    Cell::Text("身份证号".into()),
                    Cell::Text("出生日期".into()),
                ],
            ),
            (
                2,
                vec![
                    Cell::Text("王五".into()),
                    Cell::Number(330382196505121540.0),
                    Cell::Empty,
                ],
            ),
            (
                3,
                vec![
                    Cell::Text("钱七".into()),
                    Cell::Number(330382650512154.0),
                    Cell::Date(Date::new(1965, 5, 12).unwrap()),
                ],
            ),
        ];
        let (roster, problems) =
            Roster::from_table(&spec(), "x.xlsx", "xlsx".into(), &table).unwrap();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].row, problems[0].kind),
            (2, RowProblemKind::IdLostDigits)
        );
        // A 15-digit number survives a number cell and converts to 18 characters.
        assert_eq!(
            roster.rows[1]
                .id_number
                .map(|i| i.as_str().to_string())
                .as_deref(),
            Some("330382196505121540")
        );
    }

    #[test]
    fn config_columns_and_missing_headers() {
        let table = text_table(&[
            &["标题"],
            &["户名", "证件", "备注"],
            &["陈秀英", "330382196505121540", ""],
        ]);
        let err = Roster::from_table(&spec(), "a.csv", "utf-8".into(), &table).unwrap_err();
        assert!(matches!(err, RosterError::NoHeader { .. }), "{err}");
        assert!(err.to_string().contains("columns = { name"), "{err}");
        let mut s = spec();
        s.columns.name = Some("户名".into());
        s.columns.id_number = Some("证件".into());
        let (roster, _) = Roster::from_table(&s, "a.csv", "utf-8".into(), &table).unwrap();
        assert_eq!(roster.header_row, 2);
        assert!(roster.rows[0].id_number.is_some());
        s.columns.category = Some("类别名".into());
        let err = Roster::from_table(&s, "a.csv", "utf-8".into(), &table).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("\"类别名\"") && msg.contains("columns.category"),
            "{msg}"
        );
        s.columns.category = None;
        s.header_row = Some(9);
        let err = Roster::from_table(&s, "a.csv", "utf-8".into(), &table).unwrap_err();
        assert!(
            matches!(
                err,
                RosterError::HeaderBeyondEnd {
                    row: 9,
                    last: 3,
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn delimited_rows_count_like_a_spreadsheet() {
        let text = "姓名,地址\n\n张三,\"第一行\n第二行\"\n李四,乐清\n";
        let table = read_delimited(text, false);
        let got: Vec<(usize, String)> = table.iter().map(|(r, c)| (*r, c[0].text())).collect();
        assert_eq!(
            got,
            vec![(1, "姓名".into()), (3, "张三".into()), (4, "李四".into())]
        );
        let table = read_delimited("姓名\t身份证号\n张三\t1\n", false);
        assert_eq!(table[1].1.len(), 2);
    }

    #[test]
    fn dates() {
        let rows = [
            ("1965-05-12", Some((1965, 5, 12))),
            ("1965/5/12", Some((1965, 5, 12))),
            ("1965.5.12", Some((1965, 5, 12))),
            ("19650512", Some((1965, 5, 12))),
            ("1965年5月12日", Some((1965, 5, 12))),
            ("1965-05-12 00:00:00", Some((1965, 5, 12))),
            ("1965年5月", None),
            ("1965-02-30", None),
            ("去年", None),
        ];
        for (s, want) in rows {
            let want = want.map(|(y, m, d)| Date::new(y, m, d).unwrap());
            assert_eq!(parse_date(s), want, "{s}");
        }
    }
}
