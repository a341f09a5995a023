//! The embedded word and phrase banks (`data/vocab.txt`, `data/phrases.txt`) and template
//! filling.
//!
//! The banks are data, not code, so the phrasing a rules engineer wants to test can be
//! extended without touching the generator. The format is deliberately tiny: `[section]`
//! headers, one entry per line, an optional `*N` weight at the end, `#` comment lines.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::rng::Rng;

const VOCAB: &str = include_str!("../data/vocab.txt");
const PHRASES: &str = include_str!("../data/phrases.txt");

/// One section: its entries and their weights.
#[derive(Debug, Default)]
pub struct Section {
    pub entries: Vec<&'static str>,
    pub weights: Vec<u32>,
}

#[derive(Debug)]
pub struct Bank {
    sections: HashMap<&'static str, Section>,
}

/// Why a bank file does not parse; names the file and line.
#[derive(Debug, PartialEq, Eq)]
pub struct BankError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

impl Bank {
    fn parse_into(
        sections: &mut HashMap<&'static str, Section>,
        file: &'static str,
        text: &'static str,
    ) -> Result<(), BankError> {
        let mut current: Option<&'static str> = None;
        for (i, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |message: String| BankError {
                file,
                line: i + 1,
                message,
            };
            if let Some(name) = line.strip_prefix('[') {
                let name = name
                    .strip_suffix(']')
                    .ok_or_else(|| err(format!("section header '{line}' lacks its closing ]")))?;
                if sections.contains_key(name) {
                    return Err(err(format!(
                        "section [{name}] is defined twice; merge them"
                    )));
                }
                sections.insert(name, Section::default());
                current = Some(name);
                continue;
            }
            let name = current
                .ok_or_else(|| err("entry before the first [section] header".to_string()))?;
            let (entry, weight) = match line.rsplit_once(" *") {
                Some((e, w)) if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) => {
                    let w: u32 = w
                        .parse()
                        .map_err(|_| err(format!("weight '*{w}' is not a number")))?;
                    if w == 0 {
                        return Err(err("weight *0 would never be drawn; delete the line".into()));
                    }
                    (e.trim_end(), w)
                }
                _ => (line, 1),
            };
            let section = sections.get_mut(name).expect("current section exists");
            section.entries.push(entry);
            section.weights.push(weight);
        }
        Ok(())
    }

    fn load() -> Result<Bank, BankError> {
        let mut sections = HashMap::new();
        Bank::parse_into(&mut sections, "data/vocab.txt", VOCAB)?;
        Bank::parse_into(&mut sections, "data/phrases.txt", PHRASES)?;
        Ok(Bank { sections })
    }

    /// The entries of a section. The banks are embedded and every section the generator
    /// names is checked by a test, so a missing one is a bug in this crate.
    pub fn section(&self, name: &str) -> &Section {
        self.sections
            .get(name)
            .unwrap_or_else(|| panic!("bank section [{name}] is missing from data/*.txt"))
    }

    pub fn list(&self, name: &str) -> &[&'static str] {
        &self.section(name).entries
    }

    /// A weighted draw from a section.
    pub fn pick(&self, rng: &mut Rng, name: &str) -> &'static str {
        let s = self.section(name);
        s.entries[rng.weighted(&s.weights)]
    }
}

/// The embedded banks, parsed once.
pub fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| match Bank::load() {
        Ok(b) => b,
        Err(e) => panic!("{}:{}: {}", e.file, e.line, e.message),
    })
}

/// Replaces `{KEY}` placeholders with their values; an unknown key stays as written, which
/// the phrase-bank test catches.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match vars.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_banks_parse() {
        let b = bank();
        assert!(b.list("surname").len() > 100);
        assert_eq!(b.section("surname").weights[0], 6);
        assert!(!b.list("comp.proc.unsettled").is_empty());
    }

    #[test]
    fn malformed_banks_are_reported_with_file_and_line() {
        let rows: &[(&'static str, usize, &str)] = &[
            ("a\n", 1, "before the first"),
            ("[x\n", 1, "closing ]"),
            ("[x]\n1\n[x]\n", 3, "twice"),
            ("[x]\n\n# c\nfoo *0\n", 4, "*0"),
        ];
        for &(text, line, want) in rows {
            let mut s = HashMap::new();
            let e = Bank::parse_into(&mut s, "t.txt", text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}");
            assert!(e.message.contains(want), "{}", e.message);
        }
    }

    #[test]
    fn fill_replaces_known_keys_only() {
        let rows = [
            ("{A}打了{V}", "张三打了李四"),
            ("{A}{A}", "张三张三"),
            ("{X}与{A}", "{X}与张三"),
            ("无占位", "无占位"),
            ("半{A", "半{A"),
        ];
        for (t, want) in rows {
            assert_eq!(fill(t, &[("A", "张三"), ("V", "李四")]), want);
        }
    }
}
