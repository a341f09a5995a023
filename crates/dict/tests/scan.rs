//! One pass of the combined automaton finds exactly what each family's own automaton finds.

use jiuzhu_dict::{Dictionaries, Entry, Matcher, Scan};

fn same<E: Entry>(name: &str, m: Matcher<'_, E>, scan: &Scan, text: &str) {
    let own: Vec<(usize, usize, String)> = m
        .find_iter(text)
        .map(|h| (h.start, h.end, h.rule()))
        .collect();
    let scanned: Vec<(usize, usize, String)> =
        m.hits(scan).map(|h| (h.start, h.end, h.rule())).collect();
    assert_eq!(
        own,
        scanned,
        "{name} differs on {:?}",
        text.chars().take(40).collect::<String>()
    );
}

fn check(d: &Dictionaries, text: &str) {
    let scan = d.scan(text);
    same("charges", d.charges(), &scan, text);
    same("causes", d.causes(), &scan, text);
    same("roles", d.roles(), &scan, text);
    same("compensation", d.compensation(), &scan, text);
    same("degrees", d.degrees(), &scan, text);
    same("negation", d.negation(), &scan, text);
    same("context", d.context(), &scan, text);
    same("outcomes", d.outcomes(), &scan, text);
    same("injuries", d.injuries(), &scan, text);
    same("titles", d.titles(), &scan, text);
    same("case_codes", d.case_codes(), &scan, text);
    same("orgs", d.orgs(), &scan, text);
    same("relations", d.relations(), &scan, text);
    same("amounts", d.amounts(), &scan, text);
    for s in jiuzhu_dict::PartySection::ALL {
        same("parties", d.parties(*s), &scan, text);
    }
}

#[test]
fn one_pass_equals_every_family_automaton_on_real_text() {
    let d = Dictionaries::embedded();
    let bank = include_str!("../../../corpora/real/sentences/compensation.jsonl");
    let mut n = 0;
    for line in bank.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        check(&d, v["text"].as_str().unwrap());
        n += 1;
    }
    // Whole documents, where matches of different families overlap all the time.
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpora/real");
    for dir in ["enforcement", "procuratorate", "civil_traffic"] {
        for e in std::fs::read_dir(format!("{root}/{dir}"))
            .unwrap()
            .flatten()
        {
            if let Ok(text) = std::fs::read_to_string(e.path()) {
                check(&d, &text);
                n += 1;
            }
        }
    }
    assert!(n > 600);
}

#[test]
fn hits_in_a_range_keep_whole_text_offsets() {
    let d = Dictionaries::embedded();
    let text = "被害人王某1未获赔偿。附带民事诉讼原告人李某某不予谅解。";
    let scan = d.scan(text);
    let second = text.find('附').unwrap()..text.len();
    let roles: Vec<&str> = d
        .roles()
        .hits_in(&scan, second.clone())
        .map(|h| &text[h.span()])
        .collect();
    assert_eq!(roles, ["附带民事诉讼原告人"]);
    let all: Vec<&str> = d.roles().hits(&scan).map(|h| &text[h.span()]).collect();
    assert_eq!(all, ["被害人", "附带民事诉讼原告人"]);
}
