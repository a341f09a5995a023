//! End-to-end tests of generated corpora: determinism, gold that the judge accepts, source
//! names that the reader reproduces, valid planted IDs, storyline invariants, and expected
//! clues that follow from what was planted.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use jiuzhu_core::{IdNumber, Kind, Outcome, Role};
use jiuzhu_eval::{GoldDoc, load_expected_clues, load_gold};
use jiuzhu_ingest::{Ingest, Input, Item};
use jiuzhu_synth::{Summary, SynthConfig, generate};

const DOCS: usize = 2500;
const SEED: u64 = 20_240_601;

/// One corpus shared by the tests (generation is the expensive part), in cargo's scratch
/// directory for integration tests, replaced on every run.
fn corpus() -> &'static (PathBuf, Summary) {
    static C: OnceLock<(PathBuf, Summary)> = OnceLock::new();
    C.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("jiuzhu-synth-corpus");
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        let summary = generate(
            &SynthConfig {
                docs: DOCS,
                seed: SEED,
                ..SynthConfig::default()
            },
            &dir,
        )
        .unwrap();
        (dir, summary)
    })
}

fn gold(dir: &Path) -> Vec<GoldDoc> {
    load_gold(&[dir.join("gold.jsonl")]).unwrap_or_else(|e| panic!("gold does not validate: {e}"))
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |name: &str, seed: u64| {
        let d = tmp.path().join(name);
        generate(
            &SynthConfig {
                docs: 700,
                seed,
                ..SynthConfig::default()
            },
            &d,
        )
        .unwrap();
        files(&d)
    };
    let a = run("a", 9);
    let b = run("b", 9);
    assert!(a.len() > 50, "{} files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            bytes == &b[path],
            "{} differs between two runs",
            path.display()
        );
    }
    let c = run("c", 10);
    assert_ne!(
        a.get(Path::new("gold.jsonl")),
        c.get(Path::new("gold.jsonl"))
    );
}

/// `roster_rows` pads the rosters to the asked size and leaves the documents, the gold and
/// the unpadded corpus's own rows as they were.
#[test]
fn roster_padding_keeps_the_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |name: &str, roster_rows: usize| {
        let d = tmp.path().join(name);
        let summary = generate(
            &SynthConfig {
                docs: 300,
                seed: 4,
                roster_rows,
            },
            &d,
        )
        .unwrap();
        (files(&d), summary)
    };
    let (plain, plain_summary) = run("plain", 0);
    let (padded, padded_summary) = run("padded", 20_000);
    let rows = |s: &jiuzhu_synth::Summary| s.roster_rows.values().sum::<usize>();
    assert!(
        rows(&plain_summary) < 2_000,
        "{:?}",
        plain_summary.roster_rows
    );
    assert!(
        rows(&padded_summary) >= 20_000,
        "{:?}",
        padded_summary.roster_rows
    );
    for (path, bytes) in &plain {
        if path.starts_with("docs") || path == Path::new("gold.jsonl") {
            assert!(bytes == &padded[path], "{} changed", path.display());
        }
    }
    // The padding is spread over the civil-affairs lists, most of it on the hardship
    // lists; the judicial-aid roster keeps its rows.
    for (file, n) in &padded_summary.roster_rows {
        if file.contains("judicial") {
            assert_eq!(*n, plain_summary.roster_rows[file], "{file}");
        } else {
            assert!(*n > plain_summary.roster_rows[file], "{file}: {n}");
        }
    }
    let dibao = padded_summary.roster_rows["rosters/dibao_dibian.csv"];
    assert!(
        dibao * 3 > rows(&padded_summary),
        "{:?}",
        padded_summary.roster_rows
    );
}

#[test]
fn refuses_a_non_empty_output_directory() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("keep.txt"), "x").unwrap();
    let err = generate(
        &SynthConfig {
            docs: 5,
            seed: 1,
            ..SynthConfig::default()
        },
        tmp.path(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
    assert!(tmp.path().join("keep.txt").exists());
}

#[test]
fn gold_and_expected_clues_validate_and_cover_every_kind() {
    let (dir, summary) = corpus();
    let g = gold(dir);
    assert_eq!(g.len(), DOCS);
    assert_eq!(summary.docs, DOCS);
    let kinds: BTreeSet<Kind> = g.iter().map(|d| d.kind).collect();
    assert_eq!(kinds.len(), Kind::ALL.len(), "{kinds:?}");
    let clues = load_expected_clues(&[dir.join("expected_clues.jsonl")])
        .unwrap_or_else(|e| panic!("expected clues do not validate: {e}"));
    for m in ["M1", "M2", "M3", "M4"] {
        assert!(clues.iter().any(|c| c.model == m), "no {m} clue");
    }
    assert_eq!(summary.ambiguous, 0, "a namesake made linkage ambiguous");
    // Every container and both encodings appear.
    for c in [
        "txt-utf8",
        "txt-gb18030",
        "html-wenshu",
        "html-portal",
        "html-12309",
        "html-susong51",
        "xml",
        "dump-csv",
        "jsonl-fulltext",
        "jsonl-api",
        "zip-member-utf8",
    ] {
        assert!(
            summary.by_container.get(c).copied().unwrap_or(0) > 0,
            "no {c}"
        );
    }
    // Every compensation status, enforcement outcome and injury appears.
    let statuses: BTreeSet<_> = g.iter().map(|d| d.compensation.status).collect();
    assert_eq!(statuses.len(), 4, "{statuses:?}");
    let outcomes: BTreeSet<_> = g
        .iter()
        .filter_map(|d| d.enforcement.as_ref().map(|e| e.outcome))
        .collect();
    assert_eq!(outcomes.len(), Outcome::ALL.len(), "{outcomes:?}");
    let injuries: BTreeSet<_> = g.iter().map(|d| d.injury).collect();
    assert_eq!(injuries.len(), 5, "{injuries:?}");
    assert!(g.iter().any(|d| d.persons.iter().any(|p| p.anonymized)));
    assert!(g.iter().any(|d| d.disability_grade.is_some()));
}

/// The reader names every document exactly as the gold does, and rejects none.
#[test]
fn sources_are_what_the_reader_names() {
    let (dir, _) = corpus();
    let want: BTreeSet<String> = gold(dir).into_iter().map(|d| d.source).collect();
    let mut got = BTreeSet::new();
    let mut rejects = Vec::new();
    Ingest::new()
        .for_each(&[Input::Path(dir.join("docs"))], |item| match item {
            Item::Doc(d) => {
                got.insert(d.source);
            }
            Item::Reject(r) => rejects.push(format!("{}: {:?}", r.source, r.reason)),
        })
        .unwrap();
    assert!(rejects.is_empty(), "{rejects:?}");
    let missing: Vec<_> = want.difference(&got).take(5).collect();
    let extra: Vec<_> = got.difference(&want).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing {missing:?}, extra {extra:?}"
    );
}

/// Every ID number printed in any document passes GB 11643 and agrees with the gold, and no
/// template placeholder is left unfilled.
#[test]
fn every_printed_id_is_valid_and_no_placeholder_is_left() {
    let (dir, _) = corpus();
    let gold_ids: HashSet<String> = gold(dir)
        .iter()
        .flat_map(|d| d.persons.iter().filter_map(|p| p.id_number.clone()))
        .collect();
    let mut seen = 0;
    let labels = ["公民身份号码", "身份证号码", "身份证号"];
    Ingest::new()
        .for_each(&[Input::Path(dir.join("docs"))], |item| {
            let Item::Doc(doc) = item else { return };
            assert!(
                !doc.text.contains(['{', '}']),
                "{}: an unfilled placeholder",
                doc.source
            );
            for label in labels {
                for (at, _) in doc.text.match_indices(label) {
                    let rest = &doc.text[at + label.len()..];
                    let rest = rest.strip_prefix('：').unwrap_or(rest);
                    let id: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || matches!(c, 'X' | '０'..='９'))
                        .collect();
                    if id.chars().count() < 15 || rest[id.len()..].starts_with(['*', '×']) {
                        continue; // masked
                    }
                    let parsed =
                        IdNumber::parse(&id).unwrap_or_else(|e| panic!("{}: {e}", doc.source));
                    assert!(
                        gold_ids.contains(parsed.as_str()),
                        "{}: {id} not in gold",
                        doc.source
                    );
                    seen += 1;
                }
            }
        })
        .unwrap();
    assert!(seen > DOCS / 2, "only {seen} IDs printed");
}

/// A roster row as a screening reads it: its set, name and valid ID (if any).
struct RosterRow {
    set: &'static str,
    name: String,
    id: Option<String>,
}

fn csv_rows(path: &Path, set: &'static str) -> Vec<RosterRow> {
    let text = jiuzhu_ingest::decode_text(std::fs::read(path).unwrap())
        .unwrap()
        .text;
    let lines: Vec<Vec<String>> = text
        .lines()
        .map(|l| l.split(',').map(|c| c.trim().to_string()).collect())
        .collect();
    let h = lines
        .iter()
        .position(|r| r.iter().any(|c| c == "姓名"))
        .unwrap();
    let name = lines[h].iter().position(|c| c == "姓名").unwrap();
    let id = lines[h]
        .iter()
        .position(|c| c.contains("身份证") || c.contains("身份号码"))
        .unwrap();
    lines[h + 1..]
        .iter()
        .map(|r| RosterRow {
            set,
            name: r[name].clone(),
            id: IdNumber::parse(&r[id]).ok().map(|i| i.as_str().to_string()),
        })
        .collect()
}

fn rosters(dir: &Path) -> Vec<RosterRow> {
    use calamine::{Reader, open_workbook_auto};
    let mut rows = csv_rows(&dir.join("rosters/dibao_dibian.csv"), "hardship");
    rows.extend(csv_rows(&dir.join("rosters/kunnan_qunti.csv"), "hardship"));
    rows.extend(csv_rows(
        &dir.join("rosters/judicial_aid.csv"),
        "judicial_aid",
    ));
    let mut wb = open_workbook_auto(dir.join("rosters/social_aid.xlsx")).unwrap();
    let sheet = wb.worksheet_range_at(0).unwrap().unwrap();
    for r in sheet.rows().skip(1) {
        let id = match &r[2] {
            calamine::Data::String(s) => IdNumber::parse(s).ok().map(|i| i.as_str().to_string()),
            _ => None,
        };
        rows.push(RosterRow {
            set: "social_aid",
            name: r[1].to_string(),
            id,
        });
    }
    rows.retain(|r| !r.name.is_empty());
    rows
}

#[test]
fn roster_flaws_are_the_planted_ones() {
    let (dir, summary) = corpus();
    let text =
        jiuzhu_ingest::decode_text(std::fs::read(dir.join("rosters/dibao_dibian.csv")).unwrap())
            .unwrap();
    assert_eq!(text.encoding, "gb18030");
    assert!(text.text.starts_with("乐清市低保低边"), "title row");
    let bom = std::fs::read(dir.join("rosters/judicial_aid.csv")).unwrap();
    assert!(bom.starts_with(&[0xEF, 0xBB, 0xBF]));
    let rows = rosters(dir);
    let total: usize = summary.roster_rows.values().sum();
    assert!(
        rows.len() <= total && rows.len() + total / 50 + 3 >= total,
        "{} of {total}",
        rows.len()
    );
    // Every invalid ID cell is a planted flaw: a wrong check character, or an ID a
    // spreadsheet stored as a number (3.30382E+17).
    for file in ["dibao_dibian.csv", "kunnan_qunti.csv", "judicial_aid.csv"] {
        let text =
            jiuzhu_ingest::decode_text(std::fs::read(dir.join("rosters").join(file)).unwrap())
                .unwrap()
                .text;
        for (n, line) in text.lines().enumerate() {
            let Some(cell) = line
                .split(',')
                .find(|c| c.len() >= 15 && c.starts_with(|ch: char| ch.is_ascii_digit()))
            else {
                continue;
            };
            if let Err(e) = IdNumber::parse(cell) {
                assert!(
                    e.check() == jiuzhu_core::IdCheck::Checksum || cell.contains("E+17"),
                    "{file} line {}: {e}",
                    n + 1
                );
            }
        }
    }
    // Most rows carry a valid ID.
    let invalid = rows.iter().filter(|r| r.id.is_none()).count();
    assert!(
        invalid * 40 < rows.len(),
        "{invalid} of {} rows without a valid ID",
        rows.len()
    );
}

fn is_victim_side(p: &jiuzhu_eval::GoldPerson) -> bool {
    !p.org
        && p.roles.iter().any(|r| {
            matches!(
                r,
                Role::Victim | Role::IncidentalPlaintiff | Role::Plaintiff
            )
        })
}

/// Storyline invariants, checked on the files alone.
#[test]
fn storylines_hold_together() {
    let (dir, _) = corpus();
    let g = gold(dir);
    let judgments: HashMap<&str, &GoldDoc> = g
        .iter()
        .filter(|d| matches!(d.kind, Kind::CriminalJudgment | Kind::CivilJudgment))
        .filter_map(|d| d.case_number.as_deref().map(|c| (c, d)))
        .collect();
    let mut with_basis = 0;
    for d in g.iter().filter(|d| d.kind == Kind::EnforcementRuling) {
        let e = d.enforcement.as_ref().unwrap();
        if let Some(b) = &e.basis_case_number {
            with_basis += 1;
            let j = judgments
                .get(b.as_str())
                .unwrap_or_else(|| panic!("{}: basis {b} is not among the judgments", d.source));
            assert!(j.date <= d.date, "{}: ruled before its basis", d.source);
        }
        assert!(
            d.persons.iter().any(|p| p.roles.contains(&Role::Applicant)),
            "{}",
            d.source
        );
    }
    assert!(with_basis > 50);
    // Published versions of one case: same case number, one named, one anonymised.
    let mut by_case: HashMap<&str, Vec<&GoldDoc>> = HashMap::new();
    for d in &g {
        if let Some(c) = d.case_number.as_deref() {
            by_case.entry(c).or_default().push(d);
        }
    }
    let twins: Vec<_> = by_case.values().filter(|v| v.len() > 1).collect();
    assert!(!twins.is_empty(), "no case published twice");
    for v in twins {
        assert_eq!(v.len(), 2);
        let anon = |d: &GoldDoc| d.persons.iter().filter(|p| !p.org).all(|p| p.anonymized);
        assert!(
            anon(v[0]) != anon(v[1]),
            "{} and {}",
            v[0].source,
            v[1].source
        );
        assert_eq!(v[0].compensation.status, v[1].compensation.status);
    }
    // People with the same name and different IDs.
    let mut ids_by_name: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for d in &g {
        for p in d.persons.iter().filter(|p| !p.anonymized) {
            if let Some(id) = &p.id_number {
                ids_by_name.entry(p.name.as_str()).or_default().insert(id);
            }
        }
    }
    assert!(
        ids_by_name.values().any(|ids| ids.len() > 1),
        "no namesakes"
    );
    // 15-digit IDs are converted in the gold (and printed somewhere).
    assert!(
        g.iter()
            .flat_map(|d| &d.persons)
            .any(|p| p.id_number.as_deref().is_some_and(|id| &id[6..8] == "19"))
    );
}

/// Each expected clue follows from the planted documents and rosters (DESIGN.md §5), checked
/// here with simple lookups by ID or name rather than the generator's resolver.
#[test]
fn expected_clues_follow_from_documents_and_rosters() {
    let (dir, _) = corpus();
    let g = gold(dir);
    let rows = rosters(dir);
    let clues = load_expected_clues(&[dir.join("expected_clues.jsonl")]).unwrap();
    let same = |p: &jiuzhu_eval::GoldPerson, name: &str, id: Option<&str>| {
        !p.anonymized && (p.name == name || (id.is_some() && p.id_number.as_deref() == id))
    };
    let on = |set: &str, name: &str, id: Option<&str>| {
        rows.iter().any(|r| {
            r.set == set
                && match (&r.id, id) {
                    (Some(a), Some(b)) => a == b,
                    _ => r.name == name,
                }
        })
    };
    let screened_charge = |d: &GoldDoc| {
        d.charges
            .iter()
            .any(|c| c == "故意伤害罪" || c == "交通肇事罪")
    };
    let screened =
        |d: &GoldDoc| screened_charge(d) || d.cause.as_deref() == Some("机动车交通事故责任纠纷");
    let judgments: HashMap<&str, &GoldDoc> = g
        .iter()
        .filter(|d| matches!(d.kind, Kind::CriminalJudgment | Kind::CivilJudgment))
        .filter_map(|d| d.case_number.as_deref().map(|c| (c, d)))
        .collect();
    let proc_victim = |name: &str, id: Option<&str>| {
        g.iter().any(|d| {
            matches!(d.kind, Kind::Indictment | Kind::ArrestReview)
                && screened_charge(d)
                && d.compensation.status != jiuzhu_core::CompensationStatus::Settled
                && d.persons.iter().any(|p| {
                    same(p, name, id)
                        && p.roles
                            .iter()
                            .any(|r| matches!(r, Role::Victim | Role::IncidentalPlaintiff))
                })
        })
    };
    // The 执行依据 links a ruling to its judgment: by equal names, or one to one (the ruling's
    // only applicant is the judgment's only victim-side person, whatever the masks).
    let victims_of = |j: &GoldDoc| -> Vec<jiuzhu_eval::GoldPerson> {
        j.persons
            .iter()
            .filter(|p| is_victim_side(p))
            .cloned()
            .collect()
    };
    let applicants_of = |r: &GoldDoc| -> Vec<jiuzhu_eval::GoldPerson> {
        r.persons
            .iter()
            .filter(|p| !p.org && p.roles.contains(&Role::Applicant))
            .cloned()
            .collect()
    };
    let one_to_one =
        |r: &GoldDoc, j: &GoldDoc| applicants_of(r).len() == 1 && victims_of(j).len() == 1;
    let basis_of = |r: &GoldDoc| {
        r.enforcement
            .as_ref()
            .and_then(|e| e.basis_case_number.as_deref())
            .and_then(|b| judgments.get(b).copied())
    };
    // The person is on the victim side of judgment `j`: named there, or the applicant of a
    // ruling linked to `j` one to one.
    let victim_of = |j: &GoldDoc, name: &str, id: Option<&str>| {
        victims_of(j).iter().any(|p| same(p, name, id))
            || g.iter().any(|r| {
                basis_of(r).is_some_and(|b| std::ptr::eq(b, j))
                    && one_to_one(r, j)
                    && applicants_of(r).iter().any(|p| same(p, name, id))
            })
    };
    let unpaid = |name: &str, id: Option<&str>| {
        let court_victim = g.iter().any(|d| {
            matches!(d.kind, Kind::CriminalJudgment | Kind::CivilJudgment)
                && screened(d)
                && d.persons
                    .iter()
                    .any(|p| same(p, name, id) && is_victim_side(p))
        });
        g.iter().any(|r| {
            let failed = r.enforcement.as_ref().is_some_and(|e| {
                matches!(
                    e.outcome,
                    Outcome::TerminatedThisRound | Outcome::Terminated
                )
            });
            let applicant = applicants_of(r).iter().any(|p| same(p, name, id));
            let via_basis = basis_of(r).is_some_and(|j| {
                screened(j) && victim_of(j, name, id) && (applicant || one_to_one(r, j))
            });
            failed && ((applicant && court_victim) || via_basis)
        })
    };
    let mut per_model: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &clues {
        let (name, id) = (c.person.name.as_str(), c.person.id_number.as_deref());
        let ok = match c.model.as_str() {
            "M1" => proc_victim(name, id) && on("hardship", name, id),
            "M2" => unpaid(name, id) && on("hardship", name, id),
            "M3" => on("social_aid", name, id) && (proc_victim(name, id) || unpaid(name, id)),
            "M4" => on("judicial_aid", name, id) && !on("social_aid", name, id),
            m => panic!("unknown model {m}"),
        };
        assert!(
            ok,
            "{} {name} {id:?} does not follow from the planted data",
            c.model
        );
        *per_model.entry(c.model.as_str()).or_default() += 1;
    }
    // And the converse for the judicial-aid model, whose rule needs no document: every
    // judicial-aid row with a valid ID that is not on the social-aid roster is a clue.
    for r in rows.iter().filter(|r| r.set == "judicial_aid") {
        if let Some(id) = &r.id
            && !on("social_aid", &r.name, Some(id))
        {
            assert!(
                clues
                    .iter()
                    .any(|c| c.model == "M4" && c.person.id_number.as_deref() == Some(id.as_str())),
                "judicial-aid row {} {id} without an M4 clue",
                r.name
            );
        }
    }
    assert_eq!(per_model.len(), 4, "{per_model:?}");
}

/// 10,000 documents, timed (run with `cargo test --release -p jiuzhu-synth -- --ignored`).
#[test]
#[ignore]
fn ten_thousand_documents_timed() {
    let tmp = tempfile::tempdir().unwrap();
    let start = std::time::Instant::now();
    let s = generate(
        &SynthConfig {
            docs: 10_000,
            seed: 1,
            ..SynthConfig::default()
        },
        &tmp.path().join("c"),
    )
    .unwrap();
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "10,000 documents, {:.1} MB in {secs:.2} s: {:.0} docs/s, {:.1} MB/s",
        s.bytes as f64 / 1e6,
        s.docs as f64 / secs,
        s.bytes as f64 / 1e6 / secs
    );
    assert_eq!(s.docs, 10_000);
    assert!(secs < 30.0, "{secs:.1} s");
}
