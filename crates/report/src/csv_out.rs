//! `clues.csv`: the clue table for Excel users, UTF-8 with a byte-order mark (without it
//! Excel reads UTF-8 as the system code page and shows 乱码).

use std::io::{self, Write};

use csv::{Terminator, WriterBuilder};

use crate::columns::{CLUE_HEADERS, Cell, RowContext, clue_row, col};
use jiuzhu_core::Clue;

/// The UTF-8 byte-order mark.
pub(crate) const BOM: &str = "\u{feff}";

pub(crate) fn write(mut w: impl Write, clues: &[Clue], cx: &RowContext<'_>) -> io::Result<()> {
    w.write_all(BOM.as_bytes())?;
    // CRLF: what Excel writes and expects; other readers accept it.
    let mut out = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .from_writer(w);
    out.write_record(CLUE_HEADERS)?;
    for clue in clues {
        let row = clue_row(clue, cx);
        let fields: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, c)| match c {
                Cell::Text(s) if i == col::ID => excel_text(s),
                Cell::Text(s) => neutralise_formula(s),
                Cell::Int(n) => n.to_string(),
                Cell::Number(x) => format!("{x:.2}"),
                Cell::Empty => String::new(),
            })
            .collect();
        out.write_record(&fields)?;
    }
    out.flush()?;
    Ok(())
}

/// An ID number Excel keeps as text. Excel turns a run of 18 digits into a number and
/// rounds it to 15 significant digits (330382196505121540 → 330382196505121000), losing the
/// person for good once the sheet is saved; a leading tab makes it text and shows nothing.
/// Masked numbers contain `*` and are text already.
fn excel_text(id: &str) -> String {
    if id.chars().all(|c| c.is_ascii_digit()) {
        format!("\t{id}")
    } else {
        id.to_string()
    }
}

/// Text from documents could start with `=`, `+`, `-` or `@`, which Excel runs as a formula
/// (`=HYPERLINK(…)` in a crafted document); a leading apostrophe makes it plain text.
fn neutralise_formula(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_rows() {
        let rows = [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("陈秀英", "陈秀英"),
            ("", ""),
        ];
        for (s, want) in rows {
            assert_eq!(neutralise_formula(s), want, "{s}");
        }
    }

    #[test]
    fn id_rows() {
        let rows = [
            ("330382196505121540", "\t330382196505121540"),
            ("33038219590314417X", "33038219590314417X"),
            ("330382********1540", "330382********1540"),
        ];
        for (s, want) in rows {
            assert_eq!(excel_text(s), want, "{s}");
        }
    }
}
