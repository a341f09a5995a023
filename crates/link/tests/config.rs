//! `jiuzhu.toml` and models files: what loads, and errors that name the file, the line and
//! the fix.

use jiuzhu_core::{Action, Kind, Outcome, Role};
use jiuzhu_link::{Config, Models, RecordFilter, RosterKind, SetRule, Split, Values};

use crate::util::*;

const DESIGN_EXAMPLE: &str = r#"[region]
name = "乐清"              # a 户籍地 mentioning it counts as local
id_prefixes = ["330382"]  # resident-ID prefixes counted as local

[screen]
charges = ["故意伤害罪", "交通肇事罪"]
civil_causes = ["机动车交通事故责任纠纷"]

[[roster]]
kind = "hardship"          # hardship | social_aid | judicial_aid
label = "低保低边"
path = "rosters/dibao.csv" # CSV (any encoding) or XLSX
columns = { name = "姓名", id_number = "证件号" }
"#;

#[test]
fn the_design_example_loads() {
    let f = Fixture::new();
    f.write(
        "rosters/dibao.csv",
        "姓名,证件号\n陈秀英,330382196505121540\n",
    );
    let config = f.config(DESIGN_EXAMPLE).unwrap();
    assert_eq!(config.region.name.as_deref(), Some("乐清"));
    assert_eq!(config.region.id_prefixes, vec!["330382"]);
    assert_eq!(config.screen.charges, vec!["故意伤害罪", "交通肇事罪"]);
    assert_eq!(config.rosters.len(), 1);
    let r = &config.rosters[0];
    assert_eq!(
        (r.kind, r.label.as_str()),
        (RosterKind::Hardship, "低保低边")
    );
    assert_eq!(r.columns.id_number.as_deref(), Some("证件号"));
    // The path is kept as written and resolved against the config's directory.
    assert_eq!(r.path.to_str(), Some("rosters/dibao.csv"));
    assert_eq!(r.resolve(config.base_dir()), f.path("rosters/dibao.csv"));
    let (rosters, problems) = jiuzhu_link::load_rosters(&config).unwrap();
    assert!(problems.is_empty());
    assert!(rosters[0].rows[0].id_number.is_some());
}

#[test]
fn embedded_models_are_the_seeds_four() {
    let m = Models::embedded();
    let rows: Vec<(&str, Action, &str, Option<Split>)> = m
        .models()
        .iter()
        .map(|m| (m.id.as_str(), m.action, m.expr_text.as_str(), m.split))
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "M1",
                Action::JudicialAid,
                "procuratorate_victims & hardship",
                None
            ),
            ("M2", Action::JudicialAid, "unpaid & hardship", None),
            (
                "M3",
                Action::JudicialAid,
                "social_aid & (procuratorate_victims | unpaid)",
                None
            ),
            (
                "M4",
                Action::SocialAid,
                "judicial_aid - social_aid",
                Some(Split::Locality)
            ),
        ]
    );
    assert_eq!(m.models()[0].name, "审查逮捕、审查起诉环节未获赔偿的被害人");
    let Some(SetRule::Records(f)) = m.set("procuratorate_victims").map(|s| &s.rule) else {
        panic!("procuratorate_victims is a record set");
    };
    assert_eq!(
        *f,
        RecordFilter {
            kinds: Some(vec![Kind::Indictment, Kind::ArrestReview]),
            charges: Some(Values::ScreenCharges),
            causes: None,
            compensation: None,
            compensation_not: vec![jiuzhu_core::CompensationStatus::Settled],
            outcomes: None,
            roles: Some(vec![Role::Victim, Role::IncidentalPlaintiff]),
        }
    );
    let Some(SetRule::Records(f)) = m.set("failed_enforcement").map(|s| &s.rule) else {
        panic!("failed_enforcement is a record set");
    };
    assert_eq!(
        f.outcomes,
        Some(vec![Outcome::TerminatedThisRound, Outcome::Terminated])
    );
    assert!(matches!(
        m.set("unpaid").map(|s| &s.rule),
        Some(SetRule::Expr(_))
    ));
}

/// (what, config after the region/screen header, error line, substrings of the message)
fn error_rows() -> Vec<(&'static str, String, Option<usize>, Vec<&'static str>)> {
    // REGION is a leading newline and 7 lines: the appended text starts on line 9.
    vec![
        (
            "misspelt key",
            "[screan]\ncharges = []\n".into(),
            Some(9),
            vec!["unknown field `screan`", "fix: remove the key or correct its spelling"],
        ),
        (
            "unknown roster kind",
            roster_entry("poor", "x", "dibao.csv"),
            Some(11),
            vec!["roster[1].kind", "unknown roster kind \"poor\"", "hardship"],
        ),
        (
            "missing roster file",
            roster_entry("hardship", "低保", "rosters/nope.csv"),
            Some(13),
            vec!["roster[1].path", "rosters/nope.csv not found", "relative to the directory of the config file"],
        ),
        (
            "neither CSV nor spreadsheet",
            roster_entry("hardship", "低保", "dibao.pdf"),
            Some(13),
            vec!["neither CSV nor a spreadsheet"],
        ),
        (
            "sheet on a CSV",
            format!("{}sheet = \"Sheet1\"\n", roster_entry("hardship", "低保", "dibao.csv")),
            Some(14),
            vec!["roster[1].sheet", "has no sheets"],
        ),
        (
            "two rosters with one label",
            format!(
                "{}{}",
                roster_entry("hardship", "低保", "dibao.csv"),
                roster_entry("social_aid", "低保", "dibao.csv")
            ),
            Some(17),
            vec!["roster[2].label", "two rosters are labelled \"低保\""],
        ),
        (
            "unknown column key",
            format!("{}columns = {{ nam = \"姓名\" }}\n", roster_entry("hardship", "低保", "dibao.csv")),
            Some(14),
            vec!["unknown field `nam`", "id_number"],
        ),
        (
            "a model using an unknown set",
            "[[model]]\nid = \"M5\"\nname = \"x\"\naction = \"judicial_aid\"\nexpr = \"unpaid & hardshp\"\n".into(),
            Some(13),
            vec!["model M5 expr", "unknown set \"hardshp\" at column 10", "hardship"],
        ),
        (
            "a model with a syntax error",
            "[[model]]\nid = \"M5\"\nname = \"x\"\naction = \"judicial_aid\"\nexpr = \"unpaid & (hardship\"\n".into(),
            Some(13),
            vec!["model M5 expr", "never closed"],
        ),
        (
            "an unknown action",
            "[[model]]\nid = \"M5\"\nname = \"x\"\naction = \"aid\"\nexpr = \"hardship\"\n".into(),
            Some(12),
            vec!["model M5 action", "judicial_aid"],
        ),
        (
            "sets in a cycle",
            "[sets.a]\nexpr = \"b | hardship\"\n[sets.b]\nexpr = \"a\"\n".into(),
            Some(9),
            vec!["cycle: a → b → a"],
        ),
        (
            "a set with filters and expr",
            "[sets.a]\nkinds = [\"indictment\"]\nexpr = \"hardship\"\n".into(),
            Some(11),
            vec!["sets.a", "either filters"],
        ),
        (
            "an unknown kind in a set",
            "[sets.a]\nkinds = [\"indictment\", \"judgement\"]\n".into(),
            Some(10),
            vec!["sets.a.kinds", "unknown value \"judgement\"", "criminal_judgment"],
        ),
        (
            "a misspelt screen reference",
            "[sets.a]\ncharges = \"screen.charge\"\n".into(),
            Some(10),
            vec!["sets.a.charges", "\"screen.charges\""],
        ),
        (
            "a set named like a roster",
            format!(
                "{}[sets.\"低保\"]\nkinds = [\"indictment\"]\n",
                roster_entry("hardship", "低保", "dibao.csv")
            ),
            Some(14),
            vec!["sets.低保", "also the kind or label of a [[roster]]"],
        ),
        (
            "disabling a model that does not exist",
            "[models]\ndisable = [\"M9\"]\n".into(),
            Some(10),
            vec!["models.disable", "no model \"M9\"", "M1, M2, M3, M4"],
        ),
        (
            "a missing models file",
            "[models]\npath = \"my_models.toml\"\n".into(),
            Some(10),
            vec!["models.path", "my_models.toml not found"],
        ),
    ]
}

#[test]
fn errors_name_the_file_line_and_fix() {
    for (what, tail, line, needles) in error_rows() {
        let f = Fixture::new();
        f.write("dibao.csv", "姓名\n陈秀英\n");
        let text = format!("{REGION}{tail}");
        let err = f
            .config(&text)
            .and_then(|c| Models::for_config(&c).map(|_| ()))
            .expect_err(what);
        let shown = err.to_string();
        assert_eq!(err.line, line, "{what}: {shown}");
        assert!(err.file.ends_with("jiuzhu.toml"), "{what}: {shown}");
        assert!(shown.contains("\n  fix: "), "{what}: {shown}");
        for n in needles {
            assert!(shown.contains(n), "{what}: missing {n:?} in {shown}");
        }
    }
}

#[test]
fn region_and_screen_errors() {
    let rows = [
        (
            "[region]\nid_prefixes = [\"33a\"]\n",
            2,
            "region.id_prefixes",
        ),
        ("[region]\nname = \" \"\n", 2, "region.name"),
        ("[screen]\ncharges = \"故意伤害罪\"\n", 2, "invalid type"),
    ];
    for (text, line, needle) in rows {
        let err = Config::from_str(text, "jiuzhu.toml", std::path::Path::new(".")).unwrap_err();
        assert_eq!(err.line, Some(line), "{err}");
        assert!(err.to_string().contains(needle), "{err}");
    }
    // screen.charges used without a [screen] list: named at the set's line.
    let err = Config::from_str("", "jiuzhu.toml", std::path::Path::new("."))
        .and_then(|c| Models::for_config(&c))
        .unwrap_err();
    assert_eq!(err.file, "dictionaries/models.toml (embedded)");
    assert!(
        err.to_string()
            .contains("the config has no [screen] charges"),
        "{err}"
    );
}

#[test]
fn a_models_file_replaces_the_defaults() {
    let f = Fixture::new();
    f.write(
        "my_models.toml",
        "[sets.victims]\nkinds = [\"indictment\"]\n\n[[model]]\nid = \"X1\"\nname = \"仅被害人\"\naction = \"judicial_aid\"\nexpr = \"victims & hardship\"\n",
    );
    let config = f
        .config(&format!("{REGION}[models]\npath = \"my_models.toml\"\n"))
        .unwrap();
    let models = Models::for_config(&config).unwrap();
    let ids: Vec<&str> = models.models().iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, vec!["X1"]);
    assert!(models.set("procuratorate_victims").is_none());
    // Errors in it name that file and line.
    f.write(
        "my_models.toml",
        "[[model]]\nid = \"X1\"\nname = \"x\"\naction = \"judicial_aid\"\nexpr = \"victims &\"\n",
    );
    let err = Models::for_config(&config).unwrap_err();
    assert!(err.file.ends_with("my_models.toml"), "{err}");
    assert_eq!((err.line, err.column), (Some(5), Some(18)), "{err}");
}
