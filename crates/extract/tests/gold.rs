//! The extractor scored against the hand annotations in `corpora/gold` (real documents and
//! the project's own), by `jiuzhu-eval` — the judge, which shares no code with the
//! extractor. The bars are DESIGN.md §6's; the figures are printed so a run shows them.
//! A bar is never lowered to pass: a failure here is a regression to fix.

use std::path::PathBuf;

use jiuzhu_eval::{Report, evaluate, load_gold};
use jiuzhu_extract::Extractor;
use jiuzhu_ingest::{Ingest, Input};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpora/gold")
}

fn report() -> Report {
    let gold = load_gold(&[root()]).expect("gold loads");
    let items = Ingest::new()
        .items(vec![Input::Path(root().join("docs"))])
        .expect("gold docs exist");
    let mut records = Vec::new();
    Extractor::embedded().run(items, |r| match r {
        Ok(rec) => records.push(rec),
        Err(rej) => panic!("gold document rejected: {} ({})", rej.source, rej.detail),
    });
    let report = evaluate(&gold, &records).expect("sources unique");
    println!("{}", report.render_text());
    println!("{}", report.render_errors());
    report
}

#[test]
fn extraction_meets_the_design_bars_on_gold() {
    let r = report();
    assert_eq!(r.documents.missing, 0, "every gold document has a record");
    let acc = |f: &str| r.field(f).and_then(|s| s.accuracy).unwrap_or(0.0);
    let f1 = |s: &str| r.persons(s).and_then(|p| p.f1).unwrap_or(0.0);
    let bars = [
        ("kind accuracy", acc("kind"), 0.99),
        ("compensation accuracy", acc("compensation"), 0.95),
        (
            "enforcement outcome accuracy",
            acc("enforcement.outcome"),
            0.99,
        ),
        ("victim-side F1", f1("victim_side"), 0.97),
    ];
    let failed: Vec<String> = bars
        .iter()
        .filter(|(_, got, bar)| got < bar)
        .map(|(name, got, bar)| format!("{name} {got:.3} < {bar}"))
        .collect();
    assert!(failed.is_empty(), "below the DESIGN.md §6 bars: {failed:?}");
    // ID numbers exact: every matched person's ID equals gold's, none invented.
    let ids = r.person_field("id_number").expect("id_number scored");
    assert_eq!(ids.correct, ids.total, "ID numbers not exact: {ids:?}");
}
