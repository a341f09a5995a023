//! `jiuzhu screen`'s review outputs, end to end on the bundled sample: clues.csv, clues.xlsx
//! and report.html hold every clue of clues.jsonl, `--mask-ids` masks every human-facing
//! copy of an ID number, and report.html works in a real browser (headless Chromium).

mod chromium;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use calamine::{Data, Reader, Xlsx, open_workbook};
use jiuzhu_core::{Clue, Funnel};
use jiuzhu_report::{CLUE_HEADERS, Report, sheets};
use serde_json::Value;

use crate::util;

/// The screening date of every run here, so ages (and the elderly flag) do not drift.
const TODAY: &str = "2026-06-01";

/// Runs `jiuzhu screen` on the bundled sample into a fresh directory, from the repository
/// root as `cargo run -- screen` does.
fn screen_sample(extra: &[&str]) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args = vec!["screen", "--today", TODAY, "--out", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let output = util::run(&util::repo_root(), &args);
    assert_eq!(output.status.code(), Some(0), "{}", util::stderr(&output));
    (dir, output)
}

fn out(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join("out").join(name)
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn count_by_model(clues: &[Value]) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for c in clues {
        *m.entry(c["model"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    m
}

/// Every ID number the clues hold.
fn ids(clues: &[Value]) -> Vec<String> {
    let mut v: Vec<String> = clues
        .iter()
        .filter_map(|c| c["person"]["id_number"].as_str().map(str::to_string))
        .collect();
    v.sort();
    v.dedup();
    v
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "{} has no UTF-8 BOM",
        path.display()
    );
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn cell(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn workbook(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let rows = wb
                .worksheet_range(&n)
                .unwrap()
                .rows()
                .map(|r| r.iter().map(cell).collect())
                .collect();
            (n, rows)
        })
        .collect()
}

#[test]
fn sample_finds_clues_for_all_four_models() {
    let (dir, output) = screen_sample(&[]);
    let clues = jsonl(&out(&dir, "clues.jsonl"));
    let by_model = count_by_model(&clues);
    for m in ["M1", "M2", "M3", "M4"] {
        assert!(
            by_model.get(m).copied().unwrap_or(0) > 0,
            "no {m} clue: {by_model:?}"
        );
    }
    // The end summary, in Chinese, names the outputs; no progress bar off a terminal.
    let err = util::stderr(&output);
    for want in [
        "文书 documents: 67 读取",
        "M4 司法救助后可进一步开展社会救助的人员",
        "本地",
        "report.html",
        "clues.xlsx",
    ] {
        assert!(err.contains(want), "summary lacks {want}:\n{err}");
    }
    assert!(
        !err.contains("份/秒"),
        "progress bar off a terminal:\n{err}"
    );
}

#[cfg(unix)]
#[test]
fn every_output_is_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, _) = screen_sample(&[]);
    for name in [
        "records.jsonl",
        "rejects.jsonl",
        "clues.jsonl",
        "funnel.json",
        "problems.jsonl",
        "clues.csv",
        "clues.xlsx",
        "report.html",
    ] {
        let meta = std::fs::metadata(out(&dir, name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{name}");
    }
    // The directory the run created, too.
    let meta = std::fs::metadata(dir.path().join("out")).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o700);
}

#[test]
fn csv_has_bom_chinese_headers_and_every_clue() {
    let (dir, _) = screen_sample(&[]);
    let clues = jsonl(&out(&dir, "clues.jsonl"));
    let rows = csv_rows(&out(&dir, "clues.csv"));
    assert_eq!(rows[0], CLUE_HEADERS);
    assert_eq!(rows.len(), 1 + clues.len());
    let col = |h: &str| CLUE_HEADERS.iter().position(|x| *x == h).unwrap();
    for (row, clue) in rows[1..].iter().zip(&clues) {
        assert_eq!(row[col("模型")], clue["model"].as_str().unwrap());
        assert_eq!(row[col("姓名")], clue["person"]["name"].as_str().unwrap());
        let id = clue["person"]["id_number"].as_str().unwrap_or("");
        // Digits-only IDs carry Excel's text tab; the number itself is whole.
        assert_eq!(row[col("身份证号码")].trim_start_matches('\t'), id);
        let priority: f64 = row[col("优先级")].parse().unwrap();
        assert!((priority - clue["priority"].as_f64().unwrap()).abs() < 0.005);
    }
}

#[test]
fn xlsx_reads_back_with_a_sheet_per_model_referral_and_funnel() {
    let (dir, _) = screen_sample(&[]);
    let clues = jsonl(&out(&dir, "clues.jsonl"));
    let funnel: Value =
        serde_json::from_str(&std::fs::read_to_string(out(&dir, "funnel.json")).unwrap()).unwrap();
    let models = funnel["models"].as_array().unwrap();
    let book = workbook(&out(&dir, "clues.xlsx"));
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    let mut want: Vec<String> = models
        .iter()
        .map(|m| {
            format!(
                "{} {}",
                m["model"].as_str().unwrap(),
                m["name"].as_str().unwrap()
            )
        })
        .collect();
    want.extend([sheets::REFERRAL, sheets::FUNNEL, sheets::NOTES].map(String::from));
    assert_eq!(names, want);

    let by_model = count_by_model(&clues);
    for (i, m) in models.iter().enumerate() {
        let id = m["model"].as_str().unwrap();
        let rows = &book[i].1;
        assert_eq!(rows[0].last().unwrap(), sheets::REVIEW_COLUMN, "{id}");
        assert_eq!(
            rows.len() - 1,
            by_model.get(id).copied().unwrap_or(0),
            "{id}"
        );
        // Each clue row: the model, a name, an ID stored as text (18 characters, never a
        // rounded number), and the review column empty.
        let want_ids: Vec<String> = clues
            .iter()
            .filter(|c| c["model"] == id)
            .map(|c| c["person"]["id_number"].as_str().unwrap_or("").to_string())
            .collect();
        let got_ids: Vec<String> = rows[1..].iter().map(|r| r[4].clone()).collect();
        assert_eq!(got_ids, want_ids, "{id}");
        for r in &rows[1..] {
            assert_eq!(r[0], id);
            assert_eq!(r.get(CLUE_HEADERS.len()).map_or("", |s| s.as_str()), "");
        }
    }

    // Referral: every social-aid clue under its locality's section, local first.
    let referral = &book[models.len()].1;
    let social: Vec<&Value> = clues
        .iter()
        .filter(|c| c["action"] == "social_aid")
        .collect();
    let local = social
        .iter()
        .filter(|c| c["person"]["locality"] == "local")
        .count();
    let non_local = social
        .iter()
        .filter(|c| c["person"]["locality"] == "non_local")
        .count();
    assert!(
        local > 0 && non_local > 0,
        "the sample refers both local and non-local people"
    );
    assert_eq!(referral[1][0], format!("本地人员（户籍乐清）：{local} 人"));
    assert_eq!(referral[2 + local][0], format!("外地人员：{non_local} 人"));
    let referred = referral.iter().filter(|r| r[0].starts_with('M')).count();
    assert_eq!(referred, social.len());

    // Funnel: every step of every model, then the model's clue count.
    let funnel_sheet = &book[models.len() + 1].1;
    for m in models {
        let id = m["model"].as_str().unwrap();
        let rows: Vec<&Vec<String>> = funnel_sheet.iter().filter(|r| r[0] == id).collect();
        let steps = m["steps"].as_array().unwrap();
        assert_eq!(rows.len(), steps.len() + 1, "{id}");
        for (r, s) in rows.iter().zip(steps) {
            assert_eq!(r[4], s["step"].as_str().unwrap());
            assert_eq!(r[6], s["persons"].to_string());
        }
        assert_eq!(rows[steps.len()][6], m["clues"].to_string());
    }
    let read = funnel_sheet.iter().find(|r| r[4] == "读取文书").unwrap();
    assert_eq!(read[5], "67");
}

#[test]
fn mask_ids_masks_csv_xlsx_and_html_but_not_jsonl() {
    let (dir, output) = screen_sample(&["--mask-ids"]);
    let clues = jsonl(&out(&dir, "clues.jsonl"));
    let ids = ids(&clues);
    assert!(ids.len() > 10, "the sample's clues have ID numbers");
    let csv = std::fs::read_to_string(out(&dir, "clues.csv")).unwrap();
    let html = std::fs::read_to_string(out(&dir, "report.html")).unwrap();
    let xlsx: String = workbook(&out(&dir, "clues.xlsx"))
        .into_iter()
        .flat_map(|(_, rows)| rows.into_iter().flatten())
        .collect::<Vec<_>>()
        .join("\n");
    for id in &ids {
        let masked = format!("{}********{}", &id[..6], &id[14..]);
        for (name, text) in [
            ("clues.csv", &csv),
            ("clues.xlsx", &xlsx),
            ("report.html", &html),
        ] {
            assert!(!text.contains(id.as_str()), "{name} shows {id}");
            assert!(text.contains(&masked), "{name} lacks {masked}");
        }
    }
    // No 18-digit run survives anywhere in the human-facing files (IDs in evidence too).
    for (name, text) in [
        ("clues.csv", &csv),
        ("clues.xlsx", &xlsx),
        ("report.html", &html),
    ] {
        assert!(
            longest_digit_run(text) < 15,
            "{name} has an ID-length digit run"
        );
    }
    // clues.jsonl keeps them: the key that links back to documents and rosters.
    let jsonl_text = std::fs::read_to_string(out(&dir, "clues.jsonl")).unwrap();
    assert!(ids.iter().all(|id| jsonl_text.contains(id.as_str())));
    // The summary on the terminal is for people too (it quotes a bad roster ID).
    let err = util::stderr(&output);
    assert!(err.contains("IDs masked"));
    assert!(
        err.contains("330382********5118") && longest_digit_run(&err) < 15,
        "{err}"
    );
}

fn longest_digit_run(text: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in text.chars() {
        if c.is_ascii_digit() {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// JavaScript: the clue bodies the reviewer sees, as `[model, name]` pairs.
const VISIBLE: &str = "Array.from(document.querySelectorAll('tbody.clue'))\
    .filter(b => !b.hidden && b.offsetParent !== null)\
    .map(b => [b.dataset.model, b.querySelector('td.name').textContent])";

fn visible(b: &mut chromium::Browser) -> Vec<(String, String)> {
    b.eval(VISIBLE)
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

#[test]
fn report_html_works_in_headless_chromium() {
    let Some(mut b) = chromium::launch_or_skip("report_html_works_in_headless_chromium") else {
        return;
    };
    let (dir, _) = screen_sample(&[]);
    let clues = jsonl(&out(&dir, "clues.jsonl"));
    let by_model = count_by_model(&clues);
    b.open(&file_url(&out(&dir, "report.html")));
    assert_eq!(b.eval("document.documentElement.dataset.ready"), "true");

    // Every clue is in the table, and the counter says so.
    assert_eq!(visible(&mut b).len(), clues.len());
    assert_eq!(
        b.eval("document.getElementById('shown').textContent"),
        clues.len().to_string()
    );
    // A funnel per model.
    assert_eq!(
        b.eval("document.querySelectorAll('article.funnel').length"),
        by_model.len()
    );

    // Filtering by model narrows the table to that model's clues.
    b.eval("{ const s = document.getElementById('f-model'); s.value = 'M2'; s.dispatchEvent(new Event('change')); }");
    let shown = visible(&mut b);
    assert_eq!(shown.len(), by_model["M2"]);
    assert!(shown.len() < clues.len());
    assert!(shown.iter().all(|(m, _)| m == "M2"));
    assert_eq!(
        b.eval("document.getElementById('shown').textContent"),
        by_model["M2"].to_string()
    );

    // Typing a name narrows further, to rows that mention it (details included).
    let name = clues.iter().find(|c| c["model"] == "M2").unwrap()["person"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    b.eval(&format!(
        "{{ const q = document.getElementById('q'); q.value = {}; q.dispatchEvent(new Event('input')); }}",
        serde_json::to_string(&name).unwrap()
    ));
    let shown = visible(&mut b);
    assert!(
        !shown.is_empty() && shown.len() < by_model["M2"],
        "{shown:?}"
    );
    assert!(shown.iter().any(|(_, n)| *n == name));
    let all_mention = b.eval(&format!(
        "Array.from(document.querySelectorAll('tbody.clue')).filter(b => !b.hidden).every(b => b.textContent.includes({}))",
        serde_json::to_string(&name).unwrap()
    ));
    assert_eq!(all_mention, true);

    // A search nothing matches shows the empty note; reset shows everything again.
    b.eval("{ const q = document.getElementById('q'); q.value = '不存在的人名'; q.dispatchEvent(new Event('input')); }");
    assert!(visible(&mut b).is_empty());
    assert_eq!(b.eval("document.getElementById('empty').hidden"), false);
    b.eval("document.getElementById('reset').click()");
    assert_eq!(visible(&mut b).len(), clues.len());

    // Sorting by priority: descending on the first click, ascending on the second.
    let priorities = |b: &mut chromium::Browser| -> Vec<f64> {
        b.eval("Array.from(document.querySelectorAll('tbody.clue td.prio')).map(td => parseFloat(td.dataset.v))")
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect()
    };
    let click_priority = "Array.from(document.querySelectorAll('thead button.sort')).find(x => x.textContent === '优先级').click()";
    b.eval(click_priority);
    let p = priorities(&mut b);
    assert!(p.windows(2).all(|w| w[0] >= w[1]), "{p:?}");
    b.eval(click_priority);
    let p = priorities(&mut b);
    assert!(p.windows(2).all(|w| w[0] <= w[1]), "{p:?}");
    assert_eq!(p.len(), clues.len());

    // Details open on click and show the evidence with the decisive phrase marked.
    let opened = b.eval(
        "(() => { const body = Array.from(document.querySelectorAll('tbody.clue')).find(b => b.querySelector('mark.phrase'));\
         body.querySelector('button.toggle').click();\
         const d = body.querySelector('tr.detail');\
         return [d.hidden, d.offsetParent !== null, d.textContent.includes('依据')]; })()",
    );
    assert_eq!(opened, serde_json::json!([false, true, true]));

    if let Some(path) = std::env::var_os("JIUZHU_REPORT_SCREENSHOT") {
        b.eval("document.getElementById('expand-all').click()");
        b.screenshot(Path::new(&path));
    }
    let errors = b.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn document_text_with_script_is_shown_as_text() {
    let Some(mut b) = chromium::launch_or_skip("document_text_with_script_is_shown_as_text") else {
        return;
    };
    // The sample, with markup written into the evidence clause of 郑国平's indictment.
    let dir = tempfile::tempdir().unwrap();
    let sample = dir.path().join("sample");
    copy_dir(&util::repo_root().join("corpora/sample"), &sample);
    let doc = sample.join("docs/indictment/leqing_jianxingsu_2022_056_huangzhiyong.txt");
    let text = std::fs::read_to_string(&doc).unwrap();
    let clause = "至今未赔偿被害人郑国平的经济损失";
    assert!(
        text.contains(clause),
        "the fixture clause moved: update this test"
    );
    let hostile = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>";
    std::fs::write(
        &doc,
        text.replace(
            clause,
            &format!("至今未赔偿被害人郑国平{hostile}的经济损失"),
        ),
    )
    .unwrap();
    let output = util::run(
        &sample,
        &[
            "screen",
            "docs",
            "--config",
            "jiuzhu.toml",
            "--out",
            "out",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", util::stderr(&output));
    let clues = std::fs::read_to_string(sample.join("out/clues.jsonl")).unwrap();
    assert!(
        clues.contains("<script>window.__pwned=1</script>"),
        "the markup reached the clue evidence"
    );

    b.open(&file_url(&sample.join("out/report.html")));
    assert_eq!(b.eval("document.documentElement.dataset.ready"), "true");
    // Nothing ran, nothing was added to the page: one script (the report's own), no image.
    assert_eq!(b.eval("typeof window.__pwned"), "undefined");
    assert_eq!(b.eval("document.scripts.length"), 1);
    assert_eq!(b.eval("document.images.length"), 0);
    // The markup is there, as text, in the evidence.
    let shown_as_text = b.eval(&format!(
        "Array.from(document.querySelectorAll('.evidence .quote')).some(q => q.textContent.includes({}))",
        serde_json::to_string(hostile).unwrap()
    ));
    assert_eq!(shown_as_text, true);
    let errors = b.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

#[test]
fn large_report_pages_its_rows_in_chromium() {
    let Some(mut b) = chromium::launch_or_skip("large_report_pages_its_rows_in_chromium") else {
        return;
    };
    // The sample's clues, repeated to 1,234 (a province-wide month), through the library.
    let (dir, _) = screen_sample(&[]);
    let sample: Vec<Clue> = jsonl(&out(&dir, "clues.jsonl"))
        .into_iter()
        .map(|v| serde_json::from_value(v).unwrap())
        .collect();
    let funnel: Funnel =
        serde_json::from_str(&std::fs::read_to_string(out(&dir, "funnel.json")).unwrap()).unwrap();
    let clues: Vec<Clue> = (0..1234)
        .map(|i| {
            let mut c = sample[i % sample.len()].clone();
            c.person.name = format!("{}{i:04}", c.person.name);
            c
        })
        .collect();
    let m4 = clues.iter().filter(|c| c.model == "M4").count();
    let path = dir.path().join("large.html");
    let mut html = Vec::new();
    Report::new(&clues, &funnel).html(&mut html).unwrap();
    std::fs::write(&path, html).unwrap();

    b.open(&file_url(&path));
    assert_eq!(b.eval("document.documentElement.dataset.ready"), "true");
    let state = |b: &mut chromium::Browser| {
        (
            visible(b).len(),
            b.eval("document.getElementById('shown').textContent"),
            b.eval("document.getElementById('more').hidden"),
        )
    };
    // A page of 500, the count of all matches, and the way to the rest.
    assert_eq!(state(&mut b), (500, "1234".into(), false.into()));
    b.eval("document.getElementById('show-more').click()");
    assert_eq!(state(&mut b), (1000, "1234".into(), false.into()));
    b.eval("document.getElementById('show-all').click()");
    assert_eq!(state(&mut b), (1234, "1234".into(), true.into()));
    // A filter starts again at page one, over all matches.
    b.eval("{ const s = document.getElementById('f-model'); s.value = 'M4'; s.dispatchEvent(new Event('change')); }");
    let shown = visible(&mut b);
    assert_eq!(shown.len(), m4.min(500));
    assert!(shown.iter().all(|(m, _)| m == "M4"));
    assert_eq!(
        b.eval("document.getElementById('shown').textContent"),
        m4.to_string()
    );
    // Sorting keeps the page: the 500 highest priorities of all 1,234.
    b.eval("document.getElementById('reset').click()");
    b.eval("Array.from(document.querySelectorAll('thead button.sort')).find(x => x.textContent === '优先级').click()");
    let top: Vec<f64> = b
        .eval("Array.from(document.querySelectorAll('tbody.clue')).filter(b => !b.hidden).map(b => parseFloat(b.querySelector('td.prio').dataset.v))")
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let mut all: Vec<f64> = clues.iter().map(|c| c.priority).collect();
    all.sort_by(|a, b| b.total_cmp(a));
    assert_eq!(top.len(), 500);
    assert_eq!(top, all[..500]);
    let errors = b.errors();
    assert!(errors.is_empty(), "console errors: {errors:#?}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
