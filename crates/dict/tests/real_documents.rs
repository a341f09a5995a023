//! The outcome, kind and role dictionaries on whole real documents of corpora/real.

use std::path::PathBuf;

use jiuzhu_core::{Kind, Outcome, Role};
use jiuzhu_dict::{Dictionaries, RoleTarget, Strength};

fn real(path: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../corpora/real")
        .join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// The outcome read where outcomes.toml says to read it: the first outcome phrase after
/// 裁定如下, strong before weak.
fn outcome(dicts: &Dictionaries, text: &str) -> Option<Outcome> {
    let at = text.find("裁定如下")?;
    let result = &text[at..];
    let hits = dicts.outcomes().find_all(result);
    hits.iter()
        .find(|h| h.entry.strength == Strength::Strong)
        .or_else(|| hits.first())
        .map(|h| h.entry.outcome)
}

#[test]
fn enforcement_outcomes_of_real_rulings() {
    let dicts = Dictionaries::embedded();
    let rows: &[(&str, Outcome)] = &[
        (
            "enforcement/zhengzhou_hangkonggang_2020_yu0192_zhi2437_zhi1_zhongben.txt",
            Outcome::TerminatedThisRound,
        ),
        (
            "enforcement/xinjiang_bazhou_2022_xin2801_zhi3679_zhongben.txt",
            Outcome::TerminatedThisRound,
        ),
        (
            "enforcement/susong51_gansu_2017_gan2901_zhi162_zhongben.html",
            Outcome::TerminatedThisRound,
        ),
        (
            "enforcement/yunnan_mouding_2023_yun2323_zhihui39_zhongjie_PUAchars.txt",
            Outcome::Terminated,
        ),
        (
            "enforcement/guangxi_2023_gui1031_zhi386_fajin_zhongjie_PUAchars.txt",
            Outcome::Terminated,
        ),
        (
            "enforcement/shaanxi_xian_weiyang_2019_shaan0112_zhi1813_zhongjie_chehui_TRANSCRIBED.txt",
            Outcome::Terminated,
        ),
        (
            "enforcement/guangdong_huadu_2018_yue0114_zhi4076_zhi2_chafeng_qwContent.html",
            Outcome::Other,
        ),
        (
            "enforcement/shaanxi_heyang_2020_shaan0524_zhi63_zhi1_kouhua_fulltext.txt",
            Outcome::Other,
        ),
    ];
    for (path, want) in rows {
        let text = real(path);
        assert_eq!(outcome(&dicts, &text), Some(*want), "{path}");
    }
    // The naive reading — any outcome phrase anywhere — is wrong on the resumed case, which
    // recites its earlier 终本 before ending 终结执行.
    let yunnan = real("enforcement/yunnan_mouding_2023_yun2323_zhihui39_zhongjie_PUAchars.txt");
    assert_eq!(
        dicts.outcomes().find(&yunnan).map(|h| h.entry.outcome),
        Some(Outcome::TerminatedThisRound)
    );
}

#[test]
fn enforcement_parties_of_real_rulings() {
    let dicts = Dictionaries::embedded();
    let text = real("enforcement/zhengzhou_hangkonggang_2020_yu0192_zhi2437_zhi1_zhongben.txt");
    let head: String = text.chars().take(120).collect();
    let roles: Vec<Role> = dicts
        .roles()
        .find_iter(&head)
        .filter_map(|h| h.entry.role.role())
        .collect();
    assert_eq!(roles[..2], [Role::Applicant, Role::Respondent]);
    assert!(
        dicts
            .roles()
            .find_iter(&text)
            .all(|h| h.entry.role != RoleTarget::Party(Role::Accused)),
        "执行人 inside 被执行人 / 申请执行人 must never read as anything else"
    );
}

#[test]
fn real_criminal_judgments_are_titled_as_judgments_or_rulings() {
    let dicts = Dictionaries::embedded();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpora/real/criminal");
    let mut judged = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("judge_test_") {
            continue;
        }
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let fd = v["fd"].as_str().unwrap_or_default();
        let head: String = fd.chars().take(80).collect();
        let kind = dicts.titles().find(&head).map(|h| h.entry.kind);
        assert!(
            matches!(kind, Some(Kind::CriminalJudgment | Kind::Other)),
            "{name}: {head} → {kind:?}"
        );
        judged += usize::from(kind == Some(Kind::CriminalJudgment));
    }
    assert!(judged >= 40, "only {judged} titled 刑事判决书");
}
