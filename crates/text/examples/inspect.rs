//! Prints a corpus file's normalised text, sentences or sections:
//! `cargo run -p jiuzhu-text --example inspect -- [norm|sent|sect] FILE…`
#[path = "../tests/common/mod.rs"]
mod common;

fn main() {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_default();
    for path in args {
        let text = common::load(std::path::Path::new(&path));
        let n = jiuzhu_text::normalize(&text);
        println!("===== {path}");
        match mode.as_str() {
            "norm" => println!("{}", n.text()),
            "sent" => {
                for s in jiuzhu_text::sentences(n.text()) {
                    println!("{}", s.slice(n.text()));
                }
            }
            "sect" => {
                let kind = kind_of(&path);
                let sections = jiuzhu_text::Sectioner::embedded().section(n.text(), kind);
                for w in sections.warnings() {
                    println!("!! {w}");
                }
                for s in sections.iter() {
                    let piece = s.span.slice(n.text());
                    let head: String = piece.chars().take(40).collect();
                    let tail: String = {
                        let v: Vec<char> = piece.chars().collect();
                        v[v.len().saturating_sub(20)..].iter().collect()
                    };
                    println!(
                        "[{:<9}] cue={:<10} {} … {}",
                        s.kind.as_str(),
                        s.cue.as_deref().unwrap_or("-"),
                        head.replace('\n', "⏎"),
                        tail.replace('\n', "⏎")
                    );
                }
            }
            _ => eprintln!("unknown mode {mode}"),
        }
    }
}

fn kind_of(path: &str) -> Option<jiuzhu_core::Kind> {
    use jiuzhu_core::Kind;
    Some(
        if path.contains("/criminal/")
            || path.contains("_81")
            || path.contains("_82")
            || path.contains("_85")
        {
            Kind::CriminalJudgment
        } else if path.contains("/enforcement/") {
            Kind::EnforcementRuling
        } else if path.contains("/procuratorate/") {
            Kind::Indictment
        } else if path.contains("civil") || path.contains("_84") {
            Kind::CivilJudgment
        } else {
            return None;
        },
    )
}
