//! Text renderings of a [`Report`] for people: aligned tables of the scores, and the error
//! list as tab-separated lines.

use crate::clues::{ClueKey, ClueReport};
use crate::score::{Confusion, FieldScore, Prf, Report};

impl Report {
    /// The scores as aligned text tables (document fields, sets, person fields, confusion
    /// matrices, clues per model). Undefined ratios (nothing to score) show as `-`.
    pub fn render_text(&self) -> String {
        let d = &self.documents;
        let mut out = format!(
            "Documents: {} in gold, {} scored, {} without a record, {} records without gold (ignored)\n",
            d.gold, d.scored, d.missing, d.ignored_records
        );
        if !self.missing_documents.is_empty() {
            out.push_str("Without a record:\n");
            for s in &self.missing_documents {
                out.push_str(&format!("  {s}\n"));
            }
        }

        out.push('\n');
        out.push_str(&field_table("document field", &self.fields));

        out.push('\n');
        let mut rows = vec![prf_header("set (micro-averaged)")];
        rows.push(prf_row("charges", &self.charges));
        for s in &self.persons {
            rows.push(prf_row(&format!("persons.{}", s.subset), &s.score));
        }
        out.push_str(&table(&rows));

        out.push('\n');
        out.push_str(&field_table("matched-person field", &self.person_fields));

        for c in &self.confusion {
            out.push('\n');
            out.push_str(&confusion(c));
        }

        if let Some(clues) = &self.clues {
            out.push('\n');
            out.push_str(&clues.render_text());
        }
        out
    }

    /// Every disagreement, one per line: `source`, `field`, `person`, `expected`, `got`,
    /// tab-separated, after a header line. Tabs and line breaks inside values become
    /// spaces so each error stays one line.
    pub fn render_errors(&self) -> String {
        let mut out = String::from("source\tfield\tperson\texpected\tgot\n");
        for e in &self.errors {
            let cells = [
                e.source.as_str(),
                e.field.as_str(),
                e.person.as_deref().unwrap_or(""),
                e.expected.as_str(),
                e.got.as_str(),
            ];
            let cells: Vec<String> = cells.iter().map(|c| one_line(c)).collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
        out
    }
}

impl ClueReport {
    /// Clue scores per model as an aligned table, then the missed and spurious clues.
    pub fn render_text(&self) -> String {
        let mut rows = vec![prf_header("clues per model")];
        for m in &self.models {
            rows.push(prf_row(&m.model, &m.score));
        }
        rows.push(prf_row("all models", &self.overall));
        let mut out = table(&rows);
        let mut list = |title: &str, keys: &[ClueKey]| {
            if keys.is_empty() {
                return;
            }
            out.push_str(&format!("{title}:\n"));
            for k in keys {
                let id = k.person.id_number.as_deref().unwrap_or("(no ID)");
                out.push_str(&format!("  {} {} {id}\n", k.model, k.person.name));
            }
        };
        list("Missed clues", &self.missed);
        list("Spurious clues", &self.spurious);
        out
    }
}

fn field_table(title: &str, fields: &[FieldScore]) -> String {
    let mut rows = vec![
        [
            title,
            "accuracy",
            "correct/total",
            "stated acc.",
            "stated",
            "missed",
            "spurious",
            "mismatched",
            "no record",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for f in fields {
        rows.push(vec![
            f.field.clone(),
            num(f.accuracy),
            format!("{}/{}", f.correct, f.total),
            num(f.stated_accuracy),
            format!("{}/{}", f.stated_correct, f.stated_total),
            f.missed.to_string(),
            f.spurious.to_string(),
            f.mismatched.to_string(),
            f.no_record.to_string(),
        ]);
    }
    table(&rows)
}

fn prf_header(title: &str) -> Vec<String> {
    [
        title,
        "precision",
        "recall",
        "f1",
        "matched",
        "spurious",
        "missed",
    ]
    .map(String::from)
    .to_vec()
}

fn prf_row(name: &str, p: &Prf) -> Vec<String> {
    vec![
        name.to_string(),
        num(p.precision),
        num(p.recall),
        num(p.f1),
        p.matched.to_string(),
        p.spurious.to_string(),
        p.missed.to_string(),
    ]
}

/// A confusion matrix without its all-zero rows and columns, then per-label scores.
fn confusion(c: &Confusion) -> String {
    let n = c.labels.len();
    let rows_used: Vec<usize> = (0..n)
        .filter(|&r| c.counts[r].iter().any(|&x| x > 0))
        .collect();
    let cols_used: Vec<usize> = (0..n)
        .filter(|&col| c.counts.iter().any(|row| row[col] > 0))
        .collect();
    let mut out = format!("{} (rows: gold, columns: records)\n", c.field);
    if rows_used.is_empty() {
        out.push_str("  (nothing scored)\n");
        return out;
    }
    let mut rows = vec![
        std::iter::once(String::new())
            .chain(cols_used.iter().map(|&col| c.labels[col].clone()))
            .collect::<Vec<_>>(),
    ];
    for &r in &rows_used {
        rows.push(
            std::iter::once(c.labels[r].clone())
                .chain(cols_used.iter().map(|&col| c.counts[r][col].to_string()))
                .collect(),
        );
    }
    out.push_str(&table(&rows));
    let mut scores = vec![prf_header("label")];
    for l in &c.per_label {
        if l.score.matched + l.score.spurious + l.score.missed > 0 {
            scores.push(prf_row(&l.label, &l.score));
        }
    }
    out.push_str(&table(&scores));
    out
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |x| format!("{x:.3}"))
}

fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Left-aligns the first column and right-aligns the others. Widths count characters, and
/// a CJK character counts two, as a terminal shows it.
fn table(rows: &[Vec<String>]) -> String {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; cols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i] - width(cell));
            if i == 0 {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str("  ");
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}
