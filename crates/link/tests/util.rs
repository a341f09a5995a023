//! Helpers: hand-built records, valid ID numbers, rosters and configs in a temporary directory.

use std::path::{Path, PathBuf};

use jiuzhu_core::{
    Amounts, Clue, CompensationStatus, Date, DocRecord, Enforcement, Evidence, Format, Gender,
    Injury, Kind, Outcome, Person, Role,
};
use jiuzhu_link::{Config, Models, Screen, ScreenResult, load_rosters};

/// The day the tests screen on, so ages are stable.
pub fn today() -> Date {
    Date::new(2026, 1, 1).unwrap()
}

/// A valid 18-character ID from its first 17 digits.
pub fn id(first17: &str) -> String {
    let check = jiuzhu_core::id::check_char(first17).expect("17 digits");
    format!("{first17}{check}")
}

pub fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// A record of `kind` with a case number and a date.
pub fn doc(source: &str, kind: Kind, case_number: &str, day: &str) -> DocRecord {
    let mut d = DocRecord::empty(source, Format::Txt, "utf-8");
    d.kind = kind;
    d.case_number = Some(case_number.to_string());
    d.date = Some(date(day));
    d
}

pub fn person(name: &str, roles: &[Role]) -> Person {
    Person {
        name: name.to_string(),
        roles: roles.to_vec(),
        anonymized: jiuzhu_core::is_anonymized(name),
        ..Person::default()
    }
}

pub trait PersonExt {
    fn id(self, id: &str) -> Person;
    fn born(self, day: &str) -> Person;
    fn sex(self, g: Gender) -> Person;
    fn hukou(self, place: &str) -> Person;
}

impl PersonExt for Person {
    fn id(mut self, id: &str) -> Person {
        self.id_number = Some(id.to_string());
        self
    }
    fn born(mut self, day: &str) -> Person {
        self.birth_date = Some(date(day));
        self
    }
    fn sex(mut self, g: Gender) -> Person {
        self.gender = Some(g);
        self
    }
    fn hukou(mut self, place: &str) -> Person {
        self.hukou = Some(place.to_string());
        self
    }
}

pub trait DocExt {
    fn charge(self, c: &str) -> DocRecord;
    fn cause(self, c: &str) -> DocRecord;
    fn with(self, p: Person) -> DocRecord;
    fn compensation(self, s: CompensationStatus, text: &str) -> DocRecord;
    fn enforcement(self, o: Outcome, basis: Option<&str>, text: &str) -> DocRecord;
    fn injury(self, i: Injury) -> DocRecord;
    fn amounts(self, awarded: Option<f64>, paid: Option<f64>, unpaid: Option<f64>) -> DocRecord;
}

impl DocExt for DocRecord {
    fn charge(mut self, c: &str) -> DocRecord {
        self.charges.push(c.to_string());
        self
    }
    fn cause(mut self, c: &str) -> DocRecord {
        self.cause = Some(c.to_string());
        self
    }
    fn with(mut self, p: Person) -> DocRecord {
        self.persons.push(p);
        self
    }
    fn compensation(mut self, s: CompensationStatus, text: &str) -> DocRecord {
        self.compensation.status = s;
        self.compensation.evidence.push(Evidence::new(
            "settle:test",
            0,
            text.chars().count(),
            text,
        ));
        self
    }
    fn enforcement(mut self, o: Outcome, basis: Option<&str>, text: &str) -> DocRecord {
        self.enforcement = Some(Enforcement {
            outcome: o,
            basis_case_number: basis.map(str::to_string),
            evidence: vec![Evidence::new(
                format!("outcome:{}", o.label_zh()),
                0,
                text.chars().count(),
                text,
            )],
        });
        self
    }
    fn injury(mut self, i: Injury) -> DocRecord {
        self.injury = i;
        self
    }
    fn amounts(
        mut self,
        awarded: Option<f64>,
        paid: Option<f64>,
        unpaid: Option<f64>,
    ) -> DocRecord {
        self.amounts = Amounts {
            awarded,
            paid,
            unpaid,
        };
        self
    }
}

/// A temporary directory holding a config and its rosters.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const REGION: &str = r#"
[region]
name = "乐清"
id_prefixes = ["330382"]

[screen]
charges = ["故意伤害罪", "交通肇事罪"]
civil_causes = ["机动车交通事故责任纠纷"]
"#;

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Self {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    /// Writes `jiuzhu.toml` and loads it.
    pub fn config(&self, text: &str) -> Result<Config, jiuzhu_link::ConfigError> {
        self.write("jiuzhu.toml", text);
        Config::load(self.path("jiuzhu.toml"))
    }

    /// Loads the config, its models and rosters, and screens `records` as of [`today`].
    pub fn screen(&self, config_text: &str, records: &[DocRecord]) -> ScreenResult {
        let config = self.config(config_text).unwrap_or_else(|e| panic!("{e}"));
        let models = Models::for_config(&config).unwrap_or_else(|e| panic!("{e}"));
        let (rosters, _) = load_rosters(&config).unwrap_or_else(|e| panic!("{e}"));
        Screen::new(config, models, rosters)
            .unwrap_or_else(|e| panic!("{e}"))
            .with_today(today())
            .run(records)
    }
}

/// A `[[roster]]` entry.
pub fn roster_entry(kind: &str, label: &str, path: &str) -> String {
    format!("\n[[roster]]\nkind = \"{kind}\"\nlabel = \"{label}\"\npath = \"{path}\"\n")
}

/// CSV text from rows.
pub fn csv(rows: &[&[&str]]) -> String {
    rows.iter().map(|r| r.join(",") + "\n").collect()
}

/// Writes rows as an XLSX file (every cell a string) on a named sheet.
pub fn xlsx(path: &Path, sheet: &str, rows: &[&[&str]]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                ws.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// `(model, name)` of every clue, in output order.
pub fn found(result: &ScreenResult) -> Vec<(String, String)> {
    result
        .clues
        .iter()
        .map(|c| (c.model.clone(), c.person.name.clone()))
        .collect()
}

pub fn clue<'a>(result: &'a ScreenResult, model: &str, name: &str) -> &'a Clue {
    result
        .clues
        .iter()
        .find(|c| c.model == model && c.person.name == name)
        .unwrap_or_else(|| panic!("no {model} clue for {name}; clues: {:?}", found(result)))
}

pub fn sources(c: &Clue) -> Vec<&str> {
    c.sources.iter().map(|s| s.source.as_str()).collect()
}
