//! Welfare rosters: who is planted on which list, with the flaws real exports have, and the
//! files as a civil-affairs bureau would send them.
//!
//! | file | kind | format |
//! | --- | --- | --- |
//! | `rosters/dibao_dibian.csv` | hardship (低保低边) | GB18030, CRLF, a title row above the header |
//! | `rosters/kunnan_qunti.csv` | hardship (困难群体, 基层治理四平台) | UTF-8, no title row |
//! | `rosters/social_aid.xlsx` | social_aid (已开展社会救助) | XLSX, IDs as text |
//! | `rosters/judicial_aid.csv` | judicial_aid (司法救助) | UTF-8 with BOM |
//!
//! Flaws, each a trap with a known right answer: a wrong check character (the row links by
//! name only), a missing name (the row is left out), an ID stored as a number that lost its
//! digits (links by name only), a lower-case `x`, and a repeated row (the first is kept).

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::Error;
use crate::bank::bank;
use crate::ids::corrupt_check;
use crate::people::Person;
use crate::rng::Rng;

/// The roster files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RosterFile {
    Dibao,
    Kunnan,
    Social,
    Judicial,
}

/// The set a roster file feeds (DESIGN.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    Hardship,
    SocialAid,
    JudicialAid,
}

impl RosterFile {
    pub const ALL: [RosterFile; 4] = [
        RosterFile::Dibao,
        RosterFile::Kunnan,
        RosterFile::Social,
        RosterFile::Judicial,
    ];

    pub fn set(self) -> SetKind {
        match self {
            RosterFile::Dibao | RosterFile::Kunnan => SetKind::Hardship,
            RosterFile::Social => SetKind::SocialAid,
            RosterFile::Judicial => SetKind::JudicialAid,
        }
    }

    pub fn path(self) -> &'static str {
        match self {
            RosterFile::Dibao => "rosters/dibao_dibian.csv",
            RosterFile::Kunnan => "rosters/kunnan_qunti.csv",
            RosterFile::Social => "rosters/social_aid.xlsx",
            RosterFile::Judicial => "rosters/judicial_aid.csv",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RosterFile::Dibao => "低保低边",
            RosterFile::Kunnan => "困难群体",
            RosterFile::Social => "已开展社会救助",
            RosterFile::Judicial => "司法救助",
        }
    }
}

/// What is wrong with a row, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flaw {
    None,
    /// The check character is wrong: the row links by name only.
    BadCheck,
    /// The name cell is empty: the row is left out.
    NoName,
    /// The ID was stored as a number (3.30382E+17): links by name only.
    NumericId,
    /// A final `X` written as `x`: still the same valid ID.
    LowerX,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub file: RosterFile,
    pub name: String,
    pub id: String,
    pub address: String,
    pub category: &'static str,
    pub year: u32,
    pub flaw: Flaw,
}

impl Row {
    /// The name and valid ID as a screening tool should read the row: `None` when the row is
    /// left out (no name); the ID is `None` when it cannot be used.
    pub fn effective(&self) -> Option<(&str, Option<&str>)> {
        match self.flaw {
            Flaw::NoName => None,
            Flaw::BadCheck | Flaw::NumericId => Some((&self.name, None)),
            Flaw::None | Flaw::LowerX => Some((&self.name, Some(&self.id))),
        }
    }
}

/// Why a person is considered for a roster.
#[derive(Debug, Clone, Copy, Default)]
pub struct Need {
    pub victim_side: bool,
    pub elderly: bool,
    pub minor: bool,
    pub disabled: bool,
    pub woman: bool,
    /// A victim left unpaid in a screened case: likelier to have had judicial aid already.
    pub unpaid: bool,
}

#[derive(Default)]
pub struct Plan {
    pub rows: Vec<Row>,
    /// Planted people by file, before fillers (for the summary).
    pub planted: usize,
}

impl Plan {
    fn push(&mut self, rng: &mut Rng, file: RosterFile, p: &Person, flaws: bool) {
        let b = bank();
        let category = match file {
            RosterFile::Dibao => b.pick(rng, "roster.hardship.category"),
            RosterFile::Kunnan => b.pick(rng, "roster.difficult.category"),
            RosterFile::Social => b.pick(rng, "roster.social.type"),
            RosterFile::Judicial => b.pick(rng, "roster.judicial.agency"),
        };
        let flaw = if !flaws || p.strict {
            if p.id.ends_with('X') && rng.chance(0.5) {
                Flaw::LowerX
            } else {
                Flaw::None
            }
        } else {
            match rng.weighted(&[9860, 60, 40, 40]) {
                1 => Flaw::BadCheck,
                2 => Flaw::NoName,
                3 if file != RosterFile::Judicial => Flaw::NumericId,
                _ if p.id.ends_with('X') && rng.chance(0.5) => Flaw::LowerX,
                _ => Flaw::None,
            }
        };
        self.rows.push(Row {
            file,
            name: p.written.clone(),
            id: p.id.clone(),
            address: p.residence.clone(),
            category,
            year: rng.range(2020, 2024) as u32,
            flaw,
        });
        // A row repeated in an export: same person, same ID, later row left out.
        if flaws && rng.chance(0.003) {
            let mut again = self.rows.last().expect("just pushed").clone();
            again.flaw = Flaw::None;
            self.rows.push(again);
        }
    }

    /// Decides which rosters a person of a storyline is on.
    pub fn consider(&mut self, rng: &mut Rng, p: &Person, need: Need) {
        if p.deceased {
            return;
        }
        let before = self.rows.len();
        if !need.victim_side {
            // Accused people are poor too; they must never become clues.
            if rng.chance(0.015) {
                self.push(rng, RosterFile::Dibao, p, true);
            }
            return;
        }
        let mut hardship = 0.2;
        if need.elderly {
            hardship += 0.12;
        }
        if need.minor {
            hardship += 0.1;
        }
        if need.disabled {
            hardship += 0.1;
        }
        if need.woman {
            hardship += 0.04;
        }
        let on_hardship = rng.chance(hardship);
        if on_hardship {
            match rng.weighted(&[62, 30, 8]) {
                0 => self.push(rng, RosterFile::Dibao, p, true),
                1 => self.push(rng, RosterFile::Kunnan, p, true),
                _ => {
                    self.push(rng, RosterFile::Dibao, p, true);
                    self.push(rng, RosterFile::Kunnan, p, true);
                }
            }
        }
        if rng.chance(if on_hardship { 0.3 } else { 0.06 }) {
            self.push(rng, RosterFile::Social, p, true);
        }
        if rng.chance(if need.unpaid { 0.12 } else { 0.03 }) {
            self.push(rng, RosterFile::Judicial, p, true);
        }
        if self.rows.len() > before {
            self.planted += 1;
        }
    }

    /// Adds roster-only people (no document names them), about `share` of each file.
    pub fn fill(&mut self, rng: &mut Rng, people: &mut crate::people::People, share: f64) {
        for file in RosterFile::ALL {
            let n = self.rows.iter().filter(|r| r.file == file).count();
            let extra = ((n as f64 * share).ceil() as usize).max(3);
            for _ in 0..extra {
                let age = if rng.chance(0.4) {
                    crate::people::Age::Elderly
                } else {
                    crate::people::Age::AnyAdult
                };
                let p = people.person(rng, crate::people::Spec::new(age).local(0.85), None);
                self.push(rng, file, &p, true);
            }
        }
    }

    /// Adds roster-only people until there are `total` rows, on the civil-affairs lists
    /// (hardship and social aid) in the proportions they already have: those are the lists
    /// that run to a city's size; the procuratorate's own judicial-aid roster stays as it is.
    pub fn pad(&mut self, rng: &mut Rng, people: &mut crate::people::People, total: usize) {
        const PADDED: [RosterFile; 3] = [RosterFile::Dibao, RosterFile::Kunnan, RosterFile::Social];
        let weights: Vec<u32> = PADDED
            .iter()
            .map(|&f| self.rows.iter().filter(|r| r.file == f).count().max(1) as u32)
            .collect();
        while self.rows.len() < total {
            let file = PADDED[rng.weighted(&weights)];
            let age = if rng.chance(0.4) {
                crate::people::Age::Elderly
            } else {
                crate::people::Age::AnyAdult
            };
            let p = people.person(rng, crate::people::Spec::new(age).local(0.85), None);
            self.push(rng, file, &p, true);
        }
    }

    /// Writes the four files; rows are shuffled within each file (exports are sorted by
    /// household or town, never by case).
    pub fn write(&mut self, rng: &mut Rng, out: &Path) -> Result<Vec<(RosterFile, usize)>, Error> {
        let dir = out.join("rosters");
        fs::create_dir_all(&dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        let mut counts = Vec::new();
        let mut ordered = Vec::with_capacity(self.rows.len());
        for file in RosterFile::ALL {
            let mut rows: Vec<Row> = self
                .rows
                .iter()
                .filter(|r| r.file == file)
                .cloned()
                .collect();
            rng.shuffle(&mut rows);
            let path = out.join(file.path());
            match file {
                RosterFile::Dibao => write_dibao(&path, &rows)?,
                RosterFile::Kunnan => write_kunnan(&path, &rows, rng)?,
                RosterFile::Social => write_social(&path, &rows, rng)?,
                RosterFile::Judicial => write_judicial(&path, &rows, rng)?,
            }
            counts.push((file, rows.len()));
            ordered.extend(rows);
        }
        self.rows = ordered;
        Ok(counts)
    }
}

fn id_cell(r: &Row) -> String {
    match r.flaw {
        Flaw::BadCheck => corrupt_check(&r.id),
        Flaw::LowerX => r.id.replace('X', "x"),
        Flaw::NumericId => {
            // What a spreadsheet shows after storing the ID as a number.
            let digits: String = r.id.chars().take(6).collect();
            format!("{}.{}E+17", &digits[..1], &digits[1..])
        }
        Flaw::None | Flaw::NoName => r.id.clone(),
    }
}

fn name_cell(r: &Row) -> &str {
    if r.flaw == Flaw::NoName { "" } else { &r.name }
}

fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let file = File::create(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut w = BufWriter::new(file);
    w.write_all(bytes)
        .and_then(|_| w.flush())
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })
}

fn write_dibao(path: &Path, rows: &[Row]) -> Result<(), Error> {
    let mut s = String::from(
        "乐清市低保低边及困难群体名单（2023年6月）\r\n序号,姓名,身份证号,类别,住址\r\n",
    );
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&format!(
            "{},{},{},{},{}\r\n",
            i + 1,
            name_cell(r),
            id_cell(r),
            r.category,
            r.address
        ));
    }
    let (bytes, _, _) = encoding_rs::GB18030.encode(&s);
    write_bytes(path, &bytes)
}

fn write_kunnan(path: &Path, rows: &[Row], rng: &mut Rng) -> Result<(), Error> {
    let mut s = String::from("姓名,公民身份号码,困难类型,所属乡镇（街道）,登记日期\n");
    for r in rows {
        let town = bank().pick(rng, "yq.town");
        s.push_str(&format!(
            "{},{},{},{},{}-{:02}-{:02}\n",
            name_cell(r),
            id_cell(r),
            r.category,
            town,
            r.year,
            rng.range(1, 12),
            rng.range(1, 28)
        ));
    }
    write_bytes(path, s.as_bytes())
}

fn write_judicial(path: &Path, rows: &[Row], rng: &mut Rng) -> Result<(), Error> {
    let mut s = String::from("\u{FEFF}姓名,身份证号,救助年度,救助机关,救助金额（元）\n");
    for r in rows {
        s.push_str(&format!(
            "{},{},{},{},{}\n",
            name_cell(r),
            id_cell(r),
            r.year,
            r.category,
            rng.range(3, 60) * 1000
        ));
    }
    write_bytes(path, s.as_bytes())
}

fn write_social(path: &Path, rows: &[Row], rng: &mut Rng) -> Result<(), Error> {
    let xerr = |e: rust_xlsxwriter::XlsxError| Error::Xlsx {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut wb = Workbook::new();
    // A fixed creation time: the same seed must give the same bytes.
    let created = ExcelDateTime::from_ymd(2023, 6, 30).map_err(xerr)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = wb.add_worksheet();
    ws.set_name("救助名单").map_err(xerr)?;
    let header = [
        "序号",
        "姓名",
        "身份证号码",
        "救助类型",
        "救助时间",
        "救助金额（元）",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).map_err(xerr)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        ws.write_number(row, 0, (i + 1) as f64).map_err(xerr)?;
        ws.write_string(row, 1, name_cell(r)).map_err(xerr)?;
        if r.flaw == Flaw::NumericId {
            let n: f64 = r.id[..17].parse().unwrap_or(0.0);
            ws.write_number(row, 2, n * 10.0).map_err(xerr)?;
        } else {
            ws.write_string(row, 2, id_cell(r)).map_err(xerr)?;
        }
        ws.write_string(row, 3, r.category).map_err(xerr)?;
        ws.write_string(
            row,
            4,
            format!("{}-{:02}-{:02}", r.year, rng.range(1, 12), rng.range(1, 28)),
        )
        .map_err(xerr)?;
        ws.write_number(row, 5, (rng.range(5, 300) * 100) as f64)
            .map_err(xerr)?;
    }
    wb.save(path).map_err(xerr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiuzhu_core::IdNumber;

    #[test]
    fn flawed_cells_fail_as_intended() {
        let row = |flaw| Row {
            file: RosterFile::Dibao,
            name: "郑国平".into(),
            id: "33038219590314417X".into(),
            address: String::new(),
            category: "低保",
            year: 2022,
            flaw,
        };
        let rows = [
            (Flaw::None, true, true),
            (Flaw::LowerX, true, true),
            (Flaw::BadCheck, false, true),
            (Flaw::NumericId, false, true),
            (Flaw::NoName, true, false),
        ];
        for (flaw, id_ok, kept) in rows {
            let r = row(flaw);
            assert_eq!(IdNumber::parse(&id_cell(&r)).is_ok(), id_ok, "{flaw:?}");
            assert_eq!(r.effective().is_some(), kept, "{flaw:?}");
            if let Some((_, id)) = r.effective() {
                assert_eq!(id.is_some(), id_ok, "{flaw:?}");
            }
        }
        assert_eq!(id_cell(&row(Flaw::NumericId)), "3.30382E+17");
    }
}
