//! Rosters, person linkage and the model engine of jiuzhu (救助): joins what court and
//! procuratorate documents say with who is in hardship, as the Yueqing procuratorate's four
//! models do (DESIGN.md §5), and says how sure each link is.
//!
//! - [`Config`]: `jiuzhu.toml` (region, screened charges and causes, rosters, model
//!   overrides), validated with file/line errors ([`ConfigError`]).
//! - [`Roster`]: a welfare roster (CSV in any encoding, XLSX/XLS/ODS) with its header row
//!   found from Chinese headers; bad rows become [`RowProblem`]s, never crashes.
//! - [`Models`]: named person sets and models as expressions (`&`, `|`, `-`); the seed's four
//!   models are the embedded default (`dictionaries/models.toml`), a config extends them.
//! - [`Screen`]: resolves every person mention into entities (ID, case number, name with
//!   birth date/sex), evaluates the models and returns one [`Clue`](jiuzhu_core::Clue) per
//!   person per model, with the [`Funnel`](jiuzhu_core::Funnel) of every step.
//!
//! ```
//! use jiuzhu_core::{DocRecord, Format, Kind, Outcome, Person, Role, Enforcement};
//! use jiuzhu_link::{Config, Models, Roster, RosterSpec, RosterKind, Screen};
//!
//! let dir = tempfile::tempdir().unwrap();
//! std::fs::write(dir.path().join("dibao.csv"), "姓名,身份证号,类别\n陈秀英,330382196505121540,低保\n").unwrap();
//! let config = Config::from_str(r#"
//!     [region]
//!     name = "乐清"
//!     id_prefixes = ["330382"]
//!     [screen]
//!     charges = ["故意伤害罪"]
//!     civil_causes = ["机动车交通事故责任纠纷"]
//!     [[roster]]
//!     kind = "hardship"
//!     label = "低保低边"
//!     path = "dibao.csv"
//! "#, "jiuzhu.toml", dir.path()).unwrap();
//! let models = Models::for_config(&config).unwrap();
//! let (roster, problems) = Roster::load(&config.rosters[0], config.base_dir()).unwrap();
//! assert!(problems.is_empty());
//!
//! // A civil judgment and the enforcement ruling that ended without payment (终本).
//! let mut judgment = DocRecord::empty("civil/c02.txt", Format::Txt, "utf-8");
//! judgment.kind = Kind::CivilJudgment;
//! judgment.case_number = Some("(2021)浙0382民初1234号".into());
//! judgment.cause = Some("机动车交通事故责任纠纷".into());
//! judgment.persons.push(Person {
//!     name: "陈秀英".into(),
//!     roles: vec![Role::Plaintiff],
//!     id_number: Some("330382196505121540".into()),
//!     ..Person::default()
//! });
//! let mut ruling = DocRecord::empty("enforcement/e05.txt", Format::Txt, "utf-8");
//! ruling.kind = Kind::EnforcementRuling;
//! ruling.case_number = Some("(2022)浙0382执567号".into());
//! ruling.enforcement = Some(Enforcement {
//!     outcome: Outcome::TerminatedThisRound,
//!     basis_case_number: Some("(2021)浙0382民初1234号".into()),
//!     evidence: vec![],
//! });
//! ruling.persons.push(Person { name: "陈秀英".into(), roles: vec![Role::Applicant], ..Person::default() });
//!
//! let result = Screen::new(config, models, vec![roster]).unwrap().run(&[judgment, ruling]);
//! let m2: Vec<_> = result.clues.iter().filter(|c| c.model == "M2").collect();
//! assert_eq!(m2.len(), 1);
//! assert_eq!(m2[0].person.name, "陈秀英");
//! assert_eq!(m2[0].sources.len(), 2);
//! assert_eq!(m2[0].link.rosters[0].row, 2);
//! ```

#![deny(missing_docs)]

pub mod config;
mod error;
pub mod expr;
pub mod models;
mod resolve;
pub mod roster;
mod screen;

pub use config::{Columns, Config, RegionConfig, RosterKind, RosterSpec, ScreenLists};
pub use error::{ConfigError, ConfigErrorDetail};
pub use models::{ModelDef, Models, RecordFilter, SetDef, SetRule, Split, Values};
pub use roster::{Field, Roster, RosterError, RosterRow, RowProblem, RowProblemKind};
pub use screen::{PRIORITY_FORMULA, Problem, ProblemKind, Screen, ScreenResult, priority};

/// Loads every roster of a config, collecting the row problems of all of them.
pub fn load_rosters(config: &Config) -> Result<(Vec<Roster>, Vec<RowProblem>), RosterError> {
    let mut rosters = Vec::new();
    let mut problems = Vec::new();
    for spec in &config.rosters {
        let (r, p) = Roster::load(spec, config.base_dir())?;
        rosters.push(r);
        problems.extend(p);
    }
    Ok((rosters, problems))
}
