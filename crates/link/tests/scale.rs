//! Throughput of resolution and screening on a synthetic corpus (run with `--ignored`; prints
//! the time). Not a benchmark with a verdict: it checks the answer's size and reports speed.

use std::time::Instant;

use jiuzhu_core::{CompensationStatus, Kind, Outcome, Role};

use crate::util::*;

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";
const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华建国平红玉兰霞刚桂芝海燕";

fn name(i: usize) -> String {
    let s: Vec<char> = SURNAMES.chars().collect();
    let g: Vec<char> = GIVEN.chars().collect();
    format!(
        "{}{}{}",
        s[i % s.len()],
        g[(i / s.len()) % g.len()],
        g[(i / 7) % g.len()]
    )
}

fn id_of(i: usize) -> String {
    // 330382 + birth date 1950..1999 + sequence; sex digit varies.
    let year = 1950 + i % 50;
    let month = 1 + (i / 50) % 12;
    let day = 1 + (i / 600) % 28;
    id(&format!("330382{year:04}{month:02}{day:02}{:03}", i % 1000))
}

#[test]
#[ignore]
fn screening_scales() {
    let people = 40_000;
    let mut docs = Vec::new();
    for i in 0..people {
        let with_id = i % 2 == 0;
        let mut v = person(&name(i), &[Role::Victim]);
        if with_id {
            v = v.id(&id_of(i));
        }
        docs.push(
            doc(
                &format!("i{i}.txt"),
                Kind::Indictment,
                &format!("乐检刑诉(2022){i}号"),
                "2022-01-01",
            )
            .charge("故意伤害罪")
            .with(v)
            .compensation(
                if i % 5 == 0 {
                    CompensationStatus::Settled
                } else {
                    CompensationStatus::Unsettled
                },
                "x",
            ),
        );
        if i % 3 == 0 {
            let case = format!("(2021)浙0382民初{i}号");
            docs.push(
                doc(
                    &format!("c{i}.txt"),
                    Kind::CivilJudgment,
                    &case,
                    "2021-01-01",
                )
                .cause("机动车交通事故责任纠纷")
                .with(person(&name(i), &[Role::Plaintiff]).id(&id_of(i))),
            );
            docs.push(
                doc(
                    &format!("e{i}.txt"),
                    Kind::EnforcementRuling,
                    &format!("(2022)浙0382执{i}号"),
                    "2022-01-01",
                )
                .with(person(&name(i), &[Role::Applicant]))
                .enforcement(Outcome::TerminatedThisRound, Some(&case), "终本"),
            );
        }
    }
    let mut roster = String::from("姓名,身份证号,类别\n");
    for i in (0..people).step_by(4) {
        roster.push_str(&format!("{},{},低保\n", name(i), id_of(i)));
    }
    let f = Fixture::new();
    f.write("dibao.csv", &roster);
    let config = format!(
        "{REGION}{}",
        roster_entry("hardship", "低保低边", "dibao.csv")
    );
    let start = Instant::now();
    let result = f.screen(&config, &docs);
    let secs = start.elapsed().as_secs_f64();
    let m1 = result.funnel.models[0].clues;
    let m2 = result.funnel.models[1].clues;
    eprintln!(
        "{} records, {} roster rows: M1 {m1} clues, M2 {m2} clues, {} problems, {secs:.2} s ({:.0} records/s)",
        docs.len(),
        people / 4,
        result.problems.len(),
        docs.len() as f64 / secs
    );
    assert!(m1 > 0 && m2 > 0);
}
