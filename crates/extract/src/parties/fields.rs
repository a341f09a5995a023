//! The attributes of a party entry (`，男，1980年1月2日出生，公民身份号码…，汉族，住…，
//! 户籍所在地…`) and of a name's aside in the facts (`(女，时年67岁)`).
//!
//! A party paragraph is a list of comma-separated fields in a conventional order; each field
//! is recognised by its own shape, so the order does not matter and unknown fields
//! (`初中文化`, `务工`) are skipped. The labels and values (住, 户籍地, 公民身份号码, 出生, 男 …)
//! are the `[[field]]` entries of `parties.toml`.

use jiuzhu_core::id::IdError;
use jiuzhu_core::{Date, Gender, IdNumber};
use jiuzhu_dict::PartyField;
use jiuzhu_text::{DateValue, Span, find_dates};

use super::words::{self, List};
use crate::doc::Doc;

/// What one stretch of fields says about a person. Each value keeps the span it was read
/// from, for evidence.
#[derive(Debug, Default)]
pub(super) struct Attrs {
    pub gender: Option<(Gender, Span)>,
    pub birth: Option<(Date, Span)>,
    pub id: Option<IdRead>,
    pub ethnicity: Option<(String, Span)>,
    pub address: Option<(String, Span)>,
    pub hukou: Option<(String, Span)>,
    /// A field starting with 系 (系被害人吴志坚之妻): its span, for the relation reader.
    pub relation: Option<Span>,
}

/// An unmasked ID number as written, and what validation made of it.
#[derive(Debug)]
pub(super) struct IdRead {
    pub span: Span,
    pub raw: String,
    pub parsed: Result<IdNumber, IdError>,
}

impl Attrs {
    /// Whether any field was recognised.
    pub fn is_empty(&self) -> bool {
        self.gender.is_none()
            && self.birth.is_none()
            && self.id.is_none()
            && self.ethnicity.is_none()
            && self.address.is_none()
            && self.hukou.is_none()
            && self.relation.is_none()
    }
}

/// The comma-separated fields of `span`, trimmed, as spans.
pub(super) fn fields(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    let s = span.slice(text);
    for (i, c) in s.char_indices() {
        if matches!(c, '，' | ',') {
            out.push(Span::new(start, span.start + i));
            start = span.start + i + c.len_utf8();
        }
    }
    out.push(Span::new(start, span.end));
    out.into_iter()
        .map(|f| trim(text, f))
        .filter(|f| !f.is_empty())
        .collect()
}

fn trim(text: &str, f: Span) -> Span {
    let s = f.slice(text);
    let lead = s.len() - s.trim_start_matches([' ', '。', '；']).len();
    let t = s.trim_end_matches([' ', '。', '；']);
    Span::new(f.start + lead, f.start + t.len())
}

/// Reads every field of `span`.
pub(super) fn read(d: &Doc, span: Span) -> Attrs {
    let mut attrs = Attrs::default();
    for f in fields(d.text, span) {
        read_field(d, f, &mut attrs);
    }
    attrs
}

/// Reads the fields after a name in running text while they are attributes, starting with a
/// strong one (sex, birth date, ID): `屈某某，出生于1985年7月26日，身份证号码…`.
pub(super) fn read_run(d: &Doc, span: Span) -> Attrs {
    let mut attrs = Attrs::default();
    for (n, f) in fields(d.text, span).into_iter().enumerate() {
        let mut one = Attrs::default();
        read_field(d, f, &mut one);
        let strong = one.gender.is_some() || one.birth.is_some() || one.id.is_some();
        if one.is_empty() || (n == 0 && !strong) {
            break;
        }
        read_field(d, f, &mut attrs);
    }
    attrs
}

/// Reads one field into `attrs` (first value of each kind wins).
fn read_field(d: &Doc, f: Span, attrs: &mut Attrs) {
    let s = f.slice(d.text);
    if let Some(g) = gender(d, s) {
        attrs.gender.get_or_insert((g, f));
        return;
    }
    if let Some(id) = id_in(d, f) {
        if attrs.id.is_none() {
            attrs.id = id;
        }
        return;
    }
    if s.starts_with('系') {
        attrs.relation.get_or_insert(f);
        return;
    }
    if let Some((label, phrase)) = words::prefix(d, List::Field, s) {
        let field = label.field;
        let value = value_after(d, &s[phrase.len()..]);
        match field {
            Some(PartyField::Hukou | PartyField::AddressAndHukou) => {
                if !value.is_empty() {
                    attrs.hukou.get_or_insert((value.to_string(), f));
                    // 户籍所在地及住所地X: both.
                    if field == Some(PartyField::AddressAndHukou) {
                        attrs.address.get_or_insert((value.to_string(), f));
                    }
                }
                return;
            }
            Some(PartyField::Address) => {
                let see_above =
                    words::field_phrases(d, PartyField::SeeAbove).any(|p| value.starts_with(p));
                if !value.is_empty() && !see_above {
                    attrs.address.get_or_insert((value.to_string(), f));
                }
                return;
            }
            _ => {}
        }
    }
    if let Some(date) = birth_in(d, s) {
        attrs.birth.get_or_insert((date, f));
        return;
    }
    if is_ethnicity(s) {
        attrs.ethnicity.get_or_insert((s.to_string(), f));
    }
}

/// What a whole phrase of the `[[field]]` list says (男 → male, 为 → link).
fn field_of(d: &Doc, s: &str) -> Option<PartyField> {
    d.dicts.parties(List::Field).lookup(s).and_then(|e| e.field)
}

/// A field's value after its label: without a colon or a link word (住址为…, 户籍地是…).
fn value_after<'s>(d: &Doc, rest: &'s str) -> &'s str {
    let mut b = [0u8; 4];
    rest.trim_start_matches(|c: char| {
        matches!(c, '：' | ':' | ' ')
            || field_of(d, c.encode_utf8(&mut b)) == Some(PartyField::Link)
    })
}

fn gender(d: &Doc, s: &str) -> Option<Gender> {
    match field_of(d, s)? {
        PartyField::Male => Some(Gender::Male),
        PartyField::Female => Some(Gender::Female),
        _ => None,
    }
}

/// A complete birth date in a field that says it is one (`1980年1月2日出生`, `出生于…`,
/// `生于…`, `1961年4月3日生`, `1990年2月17日出生于安徽省太和县`, `出生日期：…`).
fn birth_in(d: &Doc, s: &str) -> Option<Date> {
    let dates = find_dates(s);
    let first = dates.first()?;
    let before = s[..first.span.start].trim_end_matches(['：', ':']);
    let after = &s[first.span.end..];
    let says_birth = words::field_phrases(d, PartyField::Birth)
        .any(|p| after.starts_with(p) || before.ends_with(p));
    match first.value {
        DateValue::Full(date) if says_birth => Some(date),
        _ => None,
    }
}

/// 汉族, 蒙古族, 土家族: two to five ideographs ending in 族, alone in the field.
fn is_ethnicity(s: &str) -> bool {
    let n = s.chars().count();
    (2..=5).contains(&n)
        && s.ends_with('族')
        && s.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
        && s != "家族"
}

/// The ID number in a field holding an ID label, unless it is masked or absent.
fn id_in(d: &Doc, f: Span) -> Option<Option<IdRead>> {
    let s = f.slice(d.text);
    let label = words::field_phrases(d, PartyField::IdNumber)
        .filter_map(|l| s.find(l))
        .min()?;
    // The label may run on (公民身份证号码为：); the number starts at the first digit or mask.
    let rest = &s[label..];
    let lead = rest
        .char_indices()
        .take(10)
        .find(|&(_, c)| c.is_ascii_digit() || is_id_mask(c))
        .map(|(i, _)| i);
    let Some(lead) = lead else {
        return Some(None);
    };
    let num_start = label + lead;
    let run: String = s[num_start..]
        .chars()
        .take_while(|&c| c.is_ascii_digit() || c == 'X' || c == 'x' || is_id_mask(c))
        .collect();
    let masked = run.chars().any(is_id_mask)
        || run
            .char_indices()
            .any(|(i, c)| (c == 'X' || c == 'x') && i + 1 != run.len())
        || run.chars().filter(|c| c.is_ascii_digit()).count() < 15;
    if masked {
        return Some(None);
    }
    let start = f.start + num_start;
    Some(Some(IdRead {
        span: Span::new(start, start + run.len()),
        parsed: IdNumber::parse(&run),
        raw: run,
    }))
}

fn is_id_mask(c: char) -> bool {
    matches!(c, '*' | '×' | '＊' | '○' | '□' | '※')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `f` over `text` read as a document with the embedded dictionaries.
    fn with<T>(text: &str, f: impl FnOnce(&Doc) -> T) -> T {
        crate::Extractor::embedded().with_doc(text, &Default::default(), |d, _| f(d))
    }

    #[test]
    fn field_shapes() {
        let rows: &[(&str, Option<&str>)] = &[
            ("1980年1月2日出生", Some("1980-01-02")),
            ("1990年2月17日出生于安徽省太和县", Some("1990-02-17")),
            ("出生于1985年7月26日", Some("1985-07-26")),
            ("生于1974年11月3日", Some("1974-11-03")),
            ("1961年4月3日生", Some("1961-04-03")),
            ("出生日期：1979年5月6日", Some("1979-05-06")),
            ("1981年**月**日出生", None),
            ("1993年出生", None),
            ("2021年11月20日因涉嫌故意伤害罪被刑事拘留", None),
        ];
        for &(s, want) in rows {
            let got = with(s, |d| birth_in(d, d.text));
            assert_eq!(got.map(|d| d.to_string()).as_deref(), want, "{s}");
        }
        assert!(is_ethnicity("汉族") && is_ethnicity("土家族") && is_ethnicity("蒙古族"));
        assert!(!is_ethnicity("梅里斯达斡尔族区") && !is_ethnicity("族"));
        assert_eq!(with("女性", |d| gender(d, d.text)), Some(Gender::Female));
        assert_eq!(with("男", |d| gender(d, d.text)), Some(Gender::Male));
        assert_eq!(with("男子", |d| gender(d, d.text)), None);
    }

    #[test]
    fn labelled_fields() {
        // (field, address, 户籍)
        let rows: &[(&str, Option<&str>, Option<&str>)] = &[
            ("住乐清市柳市镇", Some("乐清市柳市镇"), None),
            ("住址为乐清市柳市镇", Some("乐清市柳市镇"), None),
            ("住同上", None, None),
            ("户籍地是安徽省太和县", None, Some("安徽省太和县")),
            (
                "户籍所在地及住所地乐清市虹桥镇",
                Some("乐清市虹桥镇"),
                Some("乐清市虹桥镇"),
            ),
            ("生前住永嘉县", Some("永嘉县"), None),
            ("初中文化", None, None),
        ];
        for &(s, address, hukou) in rows {
            let attrs = with(s, |d| read(d, d.whole()));
            assert_eq!(attrs.address.map(|a| a.0).as_deref(), address, "{s}");
            assert_eq!(attrs.hukou.map(|a| a.0).as_deref(), hukou, "{s}");
        }
    }

    #[test]
    fn id_fields() {
        let rows: &[(&str, Option<&str>)] = &[
            ("公民身份号码330382197211032467", Some("330382197211032467")),
            (
                "居民身份证号码411527198912060411",
                Some("411527198912060411"),
            ),
            ("身份证号码：33038219590314417x", Some("33038219590314417x")),
            ("证件号码330382197211032467", Some("330382197211032467")),
            ("公民身份号码XXXXXXXXXXXXXXXXXX", None),
            ("公民身份证号码522225xxxxxxxxxxxx", None),
            ("身份号码×××", None),
            ("公民身份号码330382198*********", None),
            ("公民身份号码330382460712013", Some("330382460712013")),
        ];
        for &(s, want) in rows {
            let got = with(s, |d| id_in(d, d.whole()).flatten().map(|r| r.raw));
            assert_eq!(got.as_deref(), want, "{s}");
        }
    }
}
