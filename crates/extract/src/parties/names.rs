//! Where a name starts and ends: natural persons through the jieba name boundary of
//! `jiuzhu-text`, organisations up to their last suffix (`orgs.toml`), and enumerations
//! (`王某1、李某某和张三`).

use jiuzhu_core::name::{MIDDLE_DOT, normalize_name};
use std::collections::HashMap;

use jiuzhu_dict::{Dictionaries, OrgPosition, PartyField};
use jiuzhu_text::Span;

use super::words::{self, List};
use crate::doc::Doc;

/// A name read from the text.
#[derive(Debug, Clone)]
pub(super) struct NameRead {
    /// Byte span of the name as written.
    pub span: Span,
    /// Normalised name.
    pub name: String,
    /// For an organisation: the span and rule (`org:<id>`) of the suffix that made it one.
    pub org: Option<(Span, String)>,
    /// A bracketed aside right after the name (`(男，殁年51岁)`, `(系被害人之妻)`), its inside.
    pub aside: Option<Span>,
}

/// How much the reader may assume about what follows the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// A party-list entry: the name is followed by a delimiter, so a short run of
    /// ideographs up to it is a name even where the name boundary declines (阿五十四).
    Entry,
    /// Running text: only what the name boundary or an organisation suffix vouches for.
    Mention,
    /// The second or later name of an enumeration (许春辉、袭祥壮): the enumeration vouches
    /// for a name that opens with a rare surname.
    Item,
}

/// Characters that end the stretch a name or organisation is looked for in.
pub(super) fn is_delimiter(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '；'
            | ';'
            | '、'
            | '：'
            | ':'
            | '('
            | ')'
            | '\n'
            | ' '
            | '“'
            | '”'
            | '《'
            | '》'
            | '！'
            | '？'
    )
}

/// Characters a mask or a pseudonym index may consist of, besides the name's own.
fn is_mask_or_index(c: char) -> bool {
    matches!(c, '某' | '×' | '*' | 'x' | 'X' | '○' | '〇' | '□' | '※') || c.is_ascii_digit()
}

/// Whether `c` is a CJK ideograph.
pub(super) fn is_ideo_char(c: char) -> bool {
    is_ideo(c)
}

fn is_ideo(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2FFFF}')
}

/// The largest character boundary of `text` at or before byte `i`.
pub(super) fn floor(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Skips a colon and spaces at `pos`.
pub(super) fn skip_colon(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    pos + rest.len() - rest.trim_start_matches(['：', ':', ' ']).len()
}

/// The end of the stretch after `start` in which a name is looked for: the first delimiter,
/// the next role word, or 60 characters.
fn stretch_end(d: &Doc, start: usize) -> usize {
    let text = d.text;
    let mut end = start;
    for (n, (i, c)) in text[start..].char_indices().enumerate() {
        if is_delimiter(c) || n >= 60 {
            end = start + i;
            break;
        }
        end = start + i + c.len_utf8();
    }
    // A role word ends it too (…有限责任公司法定代表人王乃民 in a text stripped of commas).
    d.dicts
        .roles()
        .find_iter(&text[start..end])
        .find(|h| h.start > 0)
        .map_or(end, |h| start + h.start)
}

/// The organisation named at `start`, if the stretch holds organisation suffixes: the name
/// runs to the last suffix reachable without crossing a clause word. Returns the end, the
/// start of the first suffix, and the last suffix's span and rule.
/// An organisation name read at some start.
struct OrgRead {
    /// Where the name ends (after its last suffix).
    end: usize,
    /// Where its first suffix starts.
    first: usize,
    /// The last suffix, and its rule.
    suffix: Span,
    rule: String,
    /// Whether a suffix that may stand anywhere (公司, 保险, 银行) is part of it.
    strong: bool,
}

fn org_at(d: &Doc, start: usize, end: usize) -> Option<OrgRead> {
    let text = d.text;
    let stretch = &text[start..end];
    let mut first = None;
    let mut last: Option<(usize, Span, String)> = None;
    let mut strong = false;
    let mut prev_end = 0;
    for h in d.dicts.orgs().find_iter(stretch) {
        // Between two suffix words, or before the first, a clause character cuts the name
        // (org_break of parties.toml): an organisation name is a noun phrase.
        let gap = match &last {
            Some((_, prev_span, _)) => &stretch[prev_span.end - start..h.start],
            None => &stretch[prev_end..h.start],
        };
        if words::contains_char(d, List::OrgBreak, gap) {
            break;
        }
        // Short suffixes (厂, 店, 局) only count at the very end of the name, and only
        // when the name is longer than a personal name.
        if h.entry.position == OrgPosition::Suffix {
            let at_end = h.end == stretch.len();
            let long = stretch[..h.end].chars().count() >= 5;
            if !(at_end && long) {
                continue;
            }
        } else {
            strong = true;
        }
        first.get_or_insert(start + h.start);
        last = Some((
            start + h.end,
            Span::new(start + h.start, start + h.end),
            h.rule(),
        ));
        prev_end = h.end;
    }
    let (org_end, suffix, rule) = last?;
    if text[start..org_end].chars().count() < 4 {
        return None;
    }
    // On a short suffix alone, an organisation needs its place (…逃离现场 is a clause).
    if !strong && !placed(d, &text[start..org_end]) {
        return None;
    }
    Some(OrgRead {
        end: org_end,
        first: first?,
        suffix,
        rule,
        strong,
    })
}

/// Whether an organisation name opens with an administrative place (牟定县…局, 广州市…商行),
/// as names built on a short suffix (局, 场) do; a clause ending in 场 (…逃离现场) does not.
fn placed(d: &Doc, name: &str) -> bool {
    name.chars()
        .take(12)
        .any(|c| words::has_char(d, List::Place, c))
}

/// Whether `name` can be a person's name rather than a word, a pronoun or a fragment. In
/// running text ([`Mode::Mention`]) the name must also look like one: open with a surname
/// (or be masked), and not be a common word (陈述, 经济) or a clause word before one
/// (于次日, 向法庭).
pub(super) fn plausible_person(d: &Doc, name: &str, mode: Mode) -> bool {
    let n = name.chars().count();
    let dotted = is_transliterated(name);
    // A masked transliteration keeps a mark per character (帕×××××××, up to ten); a longer
    // run, or one with an index, masks an organisation (江xxxxx2, 四xxxxxxxxxxx).
    let long_mask = is_masked(name) && n <= 10 && !name.chars().any(|c| c.is_ascii_digit());
    if n < 2 || (!dotted && !long_mask && n > 6) || n > 20 {
        return false;
    }
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !is_ideo(first) {
        return false;
    }
    // Pronouns and numerals open no name (其妻, 二人, 该公司, 本人).
    if words::has_char(d, List::NotNameStart, first) {
        return false;
    }
    // Negation, passive and possessive characters do not occur inside given names, but do
    // where a name boundary overran (方不予谅解 → 方不予); a transliteration has its own
    // (阿不都拉).
    if !dotted
        && name
            .chars()
            .skip(1)
            .any(|c| words::has_char(d, List::NotInName, c))
    {
        return false;
    }
    if !name
        .chars()
        .all(|c| is_ideo(c) || c == '·' || is_mask_or_index(c))
    {
        return false;
    }
    // A role word, a kinship word or an organisation is no name (家属, 近亲属, 被害人).
    let starts = |found: Option<usize>| found == Some(0);
    if starts(d.dicts.roles().find(name).map(|h| h.start))
        || starts(d.dicts.relations().find(name).map(|h| h.start))
        || d.dicts.orgs().find(name).is_some()
    {
        return false;
    }
    // A name ending in an administrative division is a place (黄海市, 城关镇).
    let last = name.chars().next_back().unwrap_or(first);
    if n >= 3 && !dotted && words::has_char(d, List::Place, last) {
        return false;
    }
    // Masks and transliterations (阿依努尔·玉素甫) are names by their shape.
    if is_masked(name) || dotted {
        return true;
    }
    let words = d.seg.segment(name, Span::new(0, name.len()));
    // A clause word that is also a surname (于, 向, 经, 系) before a word: 于次日, 向法庭,
    // 系自首.
    let mut b = [0u8; 4];
    let stop = d
        .seg
        .has_tag(first.encode_utf8(&mut b), jiuzhu_text::TermTag::Stop);
    if stop && words.len() == 2 && words[1].len() >= 6 {
        // In a party entry only a legal word after it (系自首) gives it away: 向双双 is a name.
        // In running text the document must use it as a name (曾波阳, but 于次日).
        let rest = words[1].slice(name);
        // An enumeration vouches like a party entry (汤文鹏、应洪武涉嫌…).
        let vouched = mode != Mode::Mention || is_noun(d, rest) && used_as_name(d, name);
        if d.seg.tag_of(rest).is_some() || !vouched {
            return false;
        }
    }
    if has_surname(d, name) {
        // Two characters that make one word (陈述, 支出, 经济) are that word, unless the
        // party list, an enumeration or the document vouches for it (金平, 万顺).
        let word = n == 2 && words.len() == 1;
        return !word || mode != Mode::Mention || may_be_name(d, name) && used_as_name(d, name);
    }
    // Without a known surname (庾海莹, 袭祥壮) a name reads as single characters; words
    // (不予谅解, 基本情况) are no name. Running text needs the surname.
    mode != Mode::Mention && words.iter().all(|w| w.slice(name).chars().count() == 1)
}

/// Whether the dictionary word `word` is a noun (金平, 波阳, 颖慧; not 次日, a time word, nor
/// an organisation), as the part of a name after a surname that is also a clause word must
/// be (曾波阳, but 于次日).
fn is_noun(d: &Doc, word: &str) -> bool {
    // jieba's tags: n, nr, ns, nz, nrt …; nt is an organisation.
    d.seg
        .pos_tag(word)
        .is_some_and(|t| t.starts_with('n') && !t.starts_with("nt"))
}

/// Whether a name boundary may have run on into `c`, the character after a name: a stop
/// character of the legal dictionary (吴志坚|经) or a word no name holds — a verb,
/// preposition, adverb … in jieba's dictionary (路甲|停) — rather than a given name's
/// character (郑妍|婷).
pub(super) fn runs_on_into(d: &Doc, c: char) -> bool {
    let mut b = [0u8; 4];
    let c = c.encode_utf8(&mut b);
    d.seg.has_tag(c, jiuzhu_text::TermTag::Stop) || d.seg.pos_tag(c).is_some_and(function_tag)
}

/// Whether a jieba part-of-speech tag is a verb, preposition, conjunction, adverb, particle,
/// pronoun or locative: words that are no names.
fn function_tag(t: &str) -> bool {
    t.starts_with(['v', 'p', 'c', 'd', 'u', 'r', 'f']) || t == "ad"
}

/// Whether the dictionary word `word` may be a person's name (金平 nr, 万顺 nz, 夏清 t, 余元 m):
/// no verb, preposition, conjunction, adverb, particle, pronoun or locative (应当, 支付,
/// 关于, 之前), and no legal term (陈述).
fn may_be_name(d: &Doc, word: &str) -> bool {
    d.seg.tag_of(word).is_none() && d.seg.pos_tag(word).is_some_and(|t| !function_tag(t))
}

/// Whether the document uses `name` as a person's name: it stands twice where names do,
/// once at least right after a role word (被害人金平的…, 系被害人罗阳之妻; besides a harm
/// opener: 致万花当场死亡), with what ends a name after it: punctuation, an aside, a
/// character in no name (的, 之), or a word that ends names, a harm word, a kinship word or a
/// legal term — or once after a role word, with an aside that describes a person. A harm
/// opener alone vouches for nothing: things are pushed over too (将房子推倒).
fn used_as_name(d: &Doc, name: &str) -> bool {
    let text = d.text;
    let (mut after_role, mut after_opener) = (0, 0);
    for (at, _) in text.match_indices(name) {
        let end = at + name.len();
        if !name_ends(d, &text[end..]) {
            continue;
        }
        let lo = floor(text, at.saturating_sub(30));
        if d.dicts
            .roles()
            .find_iter(&text[lo..at])
            .any(|h| lo + h.end == at)
        {
            // An aside that describes a person vouches by itself (被害人万花(女，殁年41岁),
            // 近亲属雷光(系被害人之夫)).
            if aside_at(text, end).is_some_and(|a| !super::fields::read(d, a).is_empty()) {
                return true;
            }
            after_role += 1;
        } else if words::suffix(d, List::HarmOpener, &text[..at]).is_some() {
            after_opener += 1;
        }
    }
    after_role >= 1 && after_role + after_opener >= 2
}

/// Whether the text right after a name, `rest`, is where a name ends: punctuation, an aside,
/// a character in no name (的, 之), or a word that ends names, a harm word, a kinship word
/// or a legal term.
fn name_ends(d: &Doc, rest: &str) -> bool {
    let Some(c) = rest.chars().next() else {
        return true;
    };
    if is_delimiter(c) || words::has_char(d, List::NotInName, c) {
        return true;
    }
    let head: String = rest.chars().take(MAX_STOP_WORD).collect();
    let legal = head
        .char_indices()
        .skip(1)
        .map(|(i, _)| &head[..i])
        .chain([head.as_str()])
        .any(|w| {
            d.seg.tag_of(w).is_some_and(|t| {
                !matches!(
                    t,
                    jiuzhu_text::TermTag::Stop | jiuzhu_text::TermTag::Surname
                )
            })
        });
    legal
        || stop_word_at(d, &head, usize::MAX)
        || d.dicts
            .relations()
            .find(&head)
            .is_some_and(|h| h.start == 0)
}

fn is_masked(name: &str) -> bool {
    name.chars().any(is_mask_or_index)
}

/// Whether a normalised name is a transliteration: parts of ideographs joined by `·`
/// (阿依努尔·玉素甫).
pub(super) fn is_transliterated(name: &str) -> bool {
    let mut parts = name.split(MIDDLE_DOT);
    parts.clone().count() >= 2 && parts.all(|p| !p.is_empty() && p.chars().all(is_ideo))
}

/// Whether `c` stands for the middle dot of a transliterated name as written (・, •, ．).
fn is_name_dot(c: char) -> bool {
    jiuzhu_text::Segmenter::is_name_dot(c)
}

/// Whether `name` opens with a surname of the legal dictionary (王, or 欧阳 and the other
/// two-character ones).
pub(super) fn has_surname(d: &Doc, name: &str) -> bool {
    let is_surname = |n: usize| {
        name.char_indices().nth(n).is_some_and(|(i, c)| {
            d.seg
                .has_tag(&name[..i + c.len_utf8()], jiuzhu_text::TermTag::Surname)
        })
    };
    is_surname(0) || is_surname(1)
}

/// Names already known in the document, normalised, with whether each is an organisation.
pub(super) type Known = [(String, bool)];

/// The name (person or organisation) starting at `pos` (after a colon or spaces). A name in
/// `known` starting there wins over the name boundary, which can cut a name short (郑国|平)
/// or run it on (吴志坚经).
pub(super) fn read_name_at(d: &Doc, pos: usize, mode: Mode, known: &Known) -> Option<NameRead> {
    read_name_before(d, pos, d.text.len(), mode, known)
}

/// Whether the character at `text[pos..]` continues a masked name (王某 inside 王某某,
/// 王某1) — but not a number that follows it (赔偿被害人杜某3万元).
pub(super) fn continues_name(d: &Doc, text: &str, pos: usize) -> bool {
    let rest = &text[pos..];
    match rest.chars().next() {
        Some(c) if c.is_ascii_digit() => !is_amount(d, rest),
        Some(c) => c == '某' || "甲乙丙丁戊己庚辛壬癸xX*×".contains(c),
        None => false,
    }
}

/// Whether `s` starts with a number followed by a unit (3万元, 12岁; `unit` of
/// parties.toml) or a decimal or thousands separator (2.5), not a pseudonym index (王某1、).
fn is_amount(d: &Doc, s: &str) -> bool {
    let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    s[digits..]
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '.' | ',' | '%') || words::has_char(d, List::Unit, c))
}

fn known_at(d: &Doc, text: &str, start: usize, limit: usize, known: &Known) -> Option<NameRead> {
    let (name, org) = known
        .iter()
        .filter(|(k, _)| {
            !k.is_empty()
                && text[start..].starts_with(k.as_str())
                && start + k.len() <= limit
                && !continues_name(d, text, start + k.len())
        })
        .max_by_key(|(k, _)| k.len())?;
    let span = Span::new(start, start + name.len());
    // A known name of a surname and one character that the text goes on into a longer name
    // is not that name (郑妍婷, the victim, beside her relative 郑妍): the boundary, which stops
    // at stop characters and the words after a name (郑妍|的, 郑妍|诉称), reads on.
    if !org && name.chars().count() == 2 {
        let longer = person_boundary(d, start)
            .filter(|s| s.start == start && s.end > span.end && s.end <= limit)
            .is_some_and(|s| plausible_person(d, &normalize_name(s.slice(text)), Mode::Mention));
        if longer {
            return None;
        }
    }
    Some(NameRead {
        span,
        name: name.clone(),
        org: org.then(|| (span, "org:known".to_string())),
        aside: aside_at(text, span.end),
    })
}

/// [`read_name_at`], with the name ending at `limit` at the latest (the subject of
/// `X申请执行Y` ends where 申请执行 starts).
pub(super) fn read_name_before(
    d: &Doc,
    pos: usize,
    limit: usize,
    mode: Mode,
    known: &Known,
) -> Option<NameRead> {
    let text = d.text;
    if pos >= text.len() || pos >= limit {
        return None;
    }
    let start = skip_colon(text, pos);
    if let Some(k) = known_at(d, text, start, limit, known) {
        return Some(k);
    }
    // A field label after a role word is the party's field, not a name (被执行人住所地村民
    // 委员会: the committee of the respondent's home village).
    let label = words::prefix(d, List::Field, &text[start..]).filter(|(e, p)| {
        p.chars().count() >= 2
            && matches!(
                e.field,
                Some(PartyField::Address | PartyField::Hukou | PartyField::AddressAndHukou)
            )
    });
    if label.is_some() {
        return None;
    }
    let end = stretch_end(d, start).min(limit);
    if end <= start {
        return None;
    }
    let person = person_boundary(d, start)
        .filter(|s| s.start == start && s.end <= end)
        .map(|s| dotted_extent(d, s).min(end))
        .map(|e| Span::new(start, start + stop_word_cut(d, &text[start..e])))
        .filter(|s| plausible_person(d, &normalize_name(s.slice(text)), mode));
    let org = org_at(d, start, end);
    let (span, org) = match (person, org) {
        // The suffix overlaps or touches the person reading (华安|财产保险…), or, in a party
        // entry, the organisation fills the stretch (牟定县|卫生和计划生育局).
        (Some(p), Some(o))
            if o.first <= p.end
                || (mode == Mode::Entry
                    && o.end == end
                    && (o.strong || placed(d, &text[start..o.end]))) =>
        {
            (Span::new(start, o.end), Some((o.suffix, o.rule)))
        }
        (Some(p), _) => (p, None),
        (None, Some(o)) => (Span::new(start, o.end), Some((o.suffix, o.rule))),
        (None, None) => {
            let s = &text[start..end];
            let s = &s[..stop_word_cut(d, s)];
            let n = s.chars().count();
            let name_like = s
                .chars()
                .all(|c| is_ideo(c) || is_mask_or_index(c) || is_name_dot(c));
            let name = normalize_name(s);
            if mode == Mode::Entry
                && (2..=4).contains(&n)
                && name_like
                && plausible_person(d, &name, mode)
            {
                (Span::new(start, start + s.len()), None)
            } else {
                return None;
            }
        }
    };
    let span = if org.is_none() {
        trim_person(d, span, mode)
    } else {
        span
    };
    let name = normalize_name(span.slice(text));
    if org.is_none() && !plausible_person(d, &name, mode) {
        return None;
    }
    let aside = aside_at(text, span.end);
    Some(NameRead {
        span,
        name,
        org,
        aside,
    })
}

/// A person's name as read, without what ran on: an amount after a pseudonym (杜某|3万元)
/// and, in running text, a word after a long name (石超|饮酒).
fn trim_person(d: &Doc, span: Span, mode: Mode) -> Span {
    let text = d.text;
    let digits = trim_index(text, span);
    let span = if digits < span.end && is_amount(d, &text[digits..]) {
        Span::new(span.start, digits)
    } else {
        span
    };
    if mode == Mode::Entry {
        span
    } else {
        trim_run_on(d, span)
    }
}

/// A name of four or more characters whose last two make a word (饮酒, 故意) loses them,
/// unless it opens with a two-character surname (欧阳建国).
fn trim_run_on(d: &Doc, span: Span) -> Span {
    let s = span.slice(d.text);
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    if chars.len() < 4 || s.chars().any(is_mask_or_index) {
        return span;
    }
    let two: String = chars[..2].iter().map(|&(_, c)| c).collect();
    if d.seg.tag_of(&two) == Some(jiuzhu_text::TermTag::Surname) {
        return span;
    }
    let cut = chars[chars.len() - 2].0;
    let tail = &s[cut..];
    let word = d.seg.segment(tail, Span::new(0, tail.len())).len() == 1;
    if (word || words::is(d, List::Harm, tail)) && !tail.chars().any(is_name_dot) {
        Span::new(span.start, span.start + cut)
    } else {
        span
    }
}

/// The jieba name boundary at `start`, knowing the words that end names (`name_stop`).
fn person_boundary(d: &Doc, start: usize) -> Option<Span> {
    d.seg
        .name_after_with(d.text, start, &|at, n| stop_word_at(d, &d.text[at..], n))
}

/// Whether a word that ends a name starts `s`, after `n` characters of a name: a `name_stop`
/// word (表示, 诉称, 发生 …) whose `after` the name has reached, or, after two, a harm word
/// (史岳顺|当场死亡, where 顺当 would be a word) or a civil cause (申请执行钱立新|机动车交通
/// 事故责任纠纷一案, where 新机 would be).
fn stop_word_at(d: &Doc, s: &str, n: usize) -> bool {
    d.stops.starts(s, n)
}

/// Name characters a harm word or a civil cause needs before it to end the name (a
/// one-character name is a surname still being read).
const MIN_NAME_BEFORE_HARM_OR_CAUSE: usize = 2;

/// The words that end a name (`name_stop`, harm words, civil causes), indexed by their first
/// character once per extractor: the name boundary asks at every character of every name.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameStops {
    /// Phrases by first character, each with the fewest name characters it needs before it.
    by_first: HashMap<char, Vec<(Box<str>, usize)>>,
}

impl NameStops {
    pub(crate) fn new(dicts: &Dictionaries) -> NameStops {
        let mut stops = NameStops::default();
        let mut add = |phrase: &str, min: usize| {
            if let Some(c) = phrase.chars().next() {
                stops
                    .by_first
                    .entry(c)
                    .or_default()
                    .push((phrase.into(), min));
            }
        };
        for e in dicts.parties(List::NameStop).entries() {
            e.head.phrases().for_each(|p| add(p, e.min_before()));
        }
        for e in dicts.parties(List::Harm).entries() {
            e.head
                .phrases()
                .for_each(|p| add(p, MIN_NAME_BEFORE_HARM_OR_CAUSE));
        }
        for e in dicts.causes().entries() {
            e.head
                .phrases()
                .for_each(|p| add(p, MIN_NAME_BEFORE_HARM_OR_CAUSE));
        }
        stops
    }

    /// Whether a word that ends a name starts `s`, after `n` characters of the name.
    pub(crate) fn starts(&self, s: &str, n: usize) -> bool {
        let Some(c) = s.chars().next() else {
            return false;
        };
        self.by_first
            .get(&c)
            .is_some_and(|v| v.iter().any(|(p, min)| n >= *min && s.starts_with(&**p)))
    }
}

/// Longest word that ends a name looked at after one, in characters (经医院抢救无效).
const MAX_STOP_WORD: usize = 8;

/// Where a name read as `s` ends at a `name_stop` word (杨晓诉称 → 杨晓, 方平发生 → 方平,
/// 方表示 → none): a byte length of `s`, 0 when the name is cut to fewer than two characters.
fn stop_word_cut(d: &Doc, s: &str) -> usize {
    match s
        .char_indices()
        .enumerate()
        .skip(1)
        .find(|&(n, (i, _))| stop_word_at(d, &s[i..], n))
    {
        Some((n, (i, _))) if n >= 2 => i,
        Some(_) => 0,
        None => s.len(),
    }
}

/// The end of a transliterated name read at `span` (阿依努尔·买买提…), from the document
/// rather than the boundary alone: the text goes on differently after each mention of the
/// same person (买买提的, 买买提发生, 买买提负), and the name is what all mentions share.
/// Mentions that start the last part differently are someone else's (热合曼·阿不来提 beside
/// 热合曼·买买提). Without two mentions that differ, the boundary's end stands.
fn dotted_extent(d: &Doc, span: Span) -> usize {
    let text = d.text;
    let s = span.slice(text);
    let Some((dot, c)) = s.char_indices().rfind(|&(_, c)| is_name_dot(c)) else {
        return span.end;
    };
    let stem_end = span.start + dot + c.len_utf8();
    let stem = &text[span.start..stem_end];
    let Some(lead) = text[stem_end..span.end].chars().next() else {
        return span.end;
    };
    let tails: Vec<&str> = text
        .match_indices(stem)
        .map(|(i, _)| {
            let tail = &text[i + stem.len()..];
            let run = tail
                .char_indices()
                .take(MAX_DOTTED_TAIL)
                .take_while(|&(_, c)| is_ideo(c))
                .last()
                .map_or(0, |(j, c)| j + c.len_utf8());
            &tail[..run]
        })
        .filter(|t| t.starts_with(lead))
        .collect();
    if tails.len() < 2 || tails.iter().all(|t| *t == tails[0]) {
        return span.end;
    }
    let shared = tails[1..].iter().fold(tails[0], |acc, t| {
        let n = acc
            .char_indices()
            .zip(t.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((j, a), _)| j + a.len_utf8());
        &acc[..n]
    });
    stem_end + shared.len()
}

/// Longest last part of a transliterated name looked at across mentions, in characters.
const MAX_DOTTED_TAIL: usize = 8;

/// Where the trailing ASCII digits of the name at `span` start.
fn trim_index(text: &str, span: Span) -> usize {
    let s = span.slice(text);
    span.start + s.trim_end_matches(|c: char| c.is_ascii_digit()).len()
}

/// The inside of a bracketed aside starting at `pos` (`(女，时年67岁)`), at most 80
/// characters long.
pub(super) fn aside_at(text: &str, pos: usize) -> Option<Span> {
    let rest = text.get(pos..)?;
    if !rest.starts_with('(') {
        return None;
    }
    let inner_start = pos + 1;
    for (n, (i, c)) in text[inner_start..].char_indices().enumerate() {
        if n > 80 || c == '\n' || c == '(' {
            return None;
        }
        if c == ')' {
            return Some(Span::new(inner_start, inner_start + i));
        }
    }
    None
}

/// The end of a name together with its aside (after the closing bracket).
pub(super) fn end_with_aside(r: &NameRead) -> usize {
    r.aside.map_or(r.span.end, |a| a.end + 1)
}

/// Every name of an enumeration starting at `pos`: `王某1、李某某和张三`, with asides
/// between them (`马某乙(女，…)、张秀艳`).
pub(super) fn read_names_at(d: &Doc, pos: usize, mode: Mode, known: &Known) -> Vec<NameRead> {
    let mut out: Vec<NameRead> = Vec::new();
    let mut at = pos;
    while let Some(r) = read_name_at(d, at, if out.is_empty() { mode } else { Mode::Item }, known) {
        let after = end_with_aside(&r);
        out.push(r);
        let Some(sep) = separator_at(d, after) else {
            break;
        };
        at = after + sep;
        if out.len() >= 64 {
            break;
        }
    }
    out
}

/// The length of the separator of an enumeration of names at `pos`: 、 or a conjunction
/// (和, 及; `conjunction` of parties.toml).
pub(super) fn separator_at(d: &Doc, pos: usize) -> Option<usize> {
    let rest = &d.text[pos..];
    if rest.starts_with('、') {
        return Some('、'.len_utf8());
    }
    words::prefix(d, List::Conjunction, rest).map(|(_, p)| p.len())
}

/// The length of the separator of an enumeration of names ending at `pos` (the one
/// [`separator_at`] reads forwards).
pub(super) fn separator_before(d: &Doc, pos: usize) -> Option<usize> {
    let before = &d.text[..pos];
    if before.ends_with('、') {
        return Some('、'.len_utf8());
    }
    words::suffix(d, List::Conjunction, before).map(str::len)
}
