//! The state of one generation run: the random stream, the people, case-number counters,
//! the output sink, the gold file, the roster plan and the resolver's input.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use jiuzhu_core::Kind;

use crate::Error;
use crate::bank::bank;
use crate::doc::{GoldDoc, Rendered, Sec};
use crate::people::{People, Person};
use crate::resolve::Resolver;
use crate::rng::Rng;
use crate::roster::{Need, Plan};
use crate::sink::{Container, Layout, Sink};
use crate::text::{Brackets, CaseNo, Masker, spaced};
use crate::view::View;

/// A court and the agencies around it (data/vocab.txt `[court]`).
#[derive(Debug, Clone)]
pub struct Court {
    /// 浙0382.
    pub code: &'static str,
    /// 浙江省乐清市人民法院 (as printed in heads).
    pub head: &'static str,
    /// 乐清市人民法院.
    pub short: &'static str,
    /// 乐检.
    pub proc_prefix: &'static str,
    /// 浙江省乐清市人民检察院.
    pub proc_head: &'static str,
    pub police: &'static str,
    /// The intermediate court that hears appeals.
    pub appeal_head: &'static str,
    pub appeal_code: &'static str,
    pub detention: &'static str,
    pub province: &'static str,
    pub weight: u32,
}

impl Court {
    /// 乐清市人民检察院 (the procuratorate without its province).
    pub fn proc_short(&self) -> &'static str {
        self.proc_head
            .strip_prefix(self.province)
            .unwrap_or(self.proc_head)
    }

    /// The city or county the court sits in (乐清市, 温州市鹿城区, 上饶市广丰区).
    pub fn city(&self) -> &'static str {
        self.short.trim_end_matches("人民法院")
    }

    /// A town of the court's county, for the scene of an offence or accident.
    pub fn town(&self, rng: &mut Rng) -> &'static str {
        if self.code == "浙0382" {
            bank().pick(rng, "yq.town")
        } else {
            bank().pick(rng, "town.generic")
        }
    }

    /// The police's abbreviation in document numbers (乐公, 瑞公 …).
    pub fn police_abbr(&self) -> String {
        let first: String = self.proc_prefix.chars().take(1).collect();
        format!("{first}公")
    }

    /// The ASCII slug of the court code for file names (浙0382 → zhe0382).
    pub fn slug(&self) -> String {
        let (prov, rest) = self
            .code
            .split_at(self.code.char_indices().nth(1).map_or(0, |(i, _)| i));
        let p = match prov {
            "浙" => "zhe",
            "赣" => "gan",
            "皖" => "wan",
            _ => "x",
        };
        format!("{p}{rest}")
    }

    /// The province code of non-local people this court sees most (its own province when
    /// outside Zhejiang).
    pub fn home_province(&self) -> Option<u32> {
        match self.province {
            "江西省" => Some(360_000),
            "安徽省" => Some(340_000),
            _ => None,
        }
    }
}

pub fn courts() -> &'static [Court] {
    static C: std::sync::OnceLock<Vec<Court>> = std::sync::OnceLock::new();
    C.get_or_init(|| {
        let s = bank().section("court");
        s.entries
            .iter()
            .zip(&s.weights)
            .map(|(e, &w)| {
                let f: Vec<&'static str> = e.split('|').collect();
                assert_eq!(
                    f.len(),
                    10,
                    "data/vocab.txt [court] entry has 10 fields: {e}"
                );
                Court {
                    code: f[0],
                    head: f[1],
                    short: f[2],
                    proc_prefix: f[3],
                    proc_head: f[4],
                    police: f[5],
                    appeal_head: f[6],
                    appeal_code: f[7],
                    detention: f[8],
                    province: f[9],
                    weight: w,
                }
            })
            .collect()
    })
}

/// Which family a document belongs to, for the choice of container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    Procuratorate,
    Court,
}

/// How one document is published: its container, whether it is anonymised, its layout.
#[derive(Debug, Clone, Copy)]
pub struct Variant {
    pub container: Container,
    pub anon: bool,
    pub layout: Layout,
}

/// Constraints a storyline puts on a document's variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Any container; anonymised as the container usually is.
    Any,
    /// Must name its people (a case link depends on it).
    Named,
    /// The internal, named version of a document also published elsewhere.
    Internal,
    /// The published, anonymised version.
    Published,
}

/// Counters for the summary.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub by_kind: BTreeMap<&'static str, usize>,
    pub by_container: BTreeMap<&'static str, usize>,
    pub anonymised: usize,
    pub stories: usize,
}

pub struct World {
    pub rng: Rng,
    pub people: People,
    counters: HashMap<String, u32>,
    pub sink: Sink,
    gold: BufWriter<File>,
    gold_path: PathBuf,
    pub budget: usize,
    pub emitted: usize,
    pub resolver: Resolver,
    pub roster: Plan,
    pub stats: Stats,
}

impl World {
    pub fn new(seed: u64, docs: usize, out: &Path) -> Result<World, Error> {
        let gold_path = out.join("gold.jsonl");
        let file = File::create(&gold_path).map_err(|source| Error::Io {
            path: gold_path.clone(),
            source,
        })?;
        Ok(World {
            rng: Rng::new(seed),
            people: People::new(),
            counters: HashMap::new(),
            sink: Sink::new(out.join("docs")),
            gold: BufWriter::with_capacity(1 << 16, file),
            gold_path,
            budget: docs,
            emitted: 0,
            resolver: Resolver::default(),
            roster: Plan::default(),
            stats: Stats::default(),
        })
    }

    pub fn left(&self) -> bool {
        self.budget > 0
    }

    pub fn court(&mut self) -> &'static Court {
        let cs = courts();
        let w: Vec<u32> = cs.iter().map(|c| c.weight).collect();
        &cs[self.rng.weighted(&w)]
    }

    pub fn person(&mut self, spec: crate::people::Spec) -> Person {
        self.people.person(&mut self.rng, spec, None)
    }

    /// A fresh name for someone who is not a party (judge, clerk, agent, prosecutor).
    pub fn extra_name(&mut self) -> String {
        self.people.extra_name(&mut self.rng)
    }

    /// The next sequence number of a case-number series (court or procuratorate, year,
    /// type), with gaps as real registers have.
    pub fn seq(&mut self, series: &str, year: u32) -> u32 {
        let key = format!("{series}/{year}");
        let step = self.rng.range(1, 9) as u32;
        let start = if series.contains('检') {
            self.rng.range(8, 120)
        } else {
            self.rng.range(20, 600)
        } as u32;
        let v = self.counters.entry(key).or_insert(start);
        *v += step;
        *v
    }

    /// A court case number: `(2022)浙0382刑初312号`.
    pub fn court_case(&mut self, code: &str, typ: &str, year: u32) -> CaseNo {
        let court_type = format!("{code}{typ}");
        let seq = self.seq(&court_type, year);
        CaseNo {
            prefix: String::new(),
            year,
            court_type,
            seq,
            part: None,
        }
    }

    /// A procuratorate case number: `乐检刑诉〔2022〕56号`.
    pub fn proc_case(&mut self, prefix: &str, typ: &str, year: u32) -> CaseNo {
        let prefix = format!("{prefix}{typ}");
        let seq = self.seq(&prefix, year);
        CaseNo {
            prefix,
            year,
            court_type: String::new(),
            seq,
            part: None,
        }
    }

    /// The head of a document: issuer, title (spaced out at times: 民 事 判 决 书), case
    /// number in a drawn bracket style; returns the paragraphs and the printed number.
    pub fn head(
        &mut self,
        issuer: &str,
        title: &str,
        case: &CaseNo,
        class: Class,
    ) -> (Vec<(Sec, String)>, String) {
        let printed = case.print(self.brackets(class));
        let t = if self.rng.chance(0.45) {
            spaced(title)
        } else {
            title.to_string()
        };
        (
            vec![
                (Sec::Head, issuer.to_string()),
                (Sec::Head, t),
                (Sec::Head, printed.clone()),
            ],
            printed,
        )
    }

    pub fn brackets(&mut self, class: Class) -> Brackets {
        match class {
            Class::Procuratorate => Brackets::procuratorate(&mut self.rng),
            Class::Court => Brackets::court(&mut self.rng),
        }
    }

    /// Draws a container, anonymisation and layout for a document.
    pub fn variant(&mut self, class: Class, want: Want) -> Variant {
        let r = &mut self.rng;
        let container = match (class, want) {
            (Class::Procuratorate, Want::Published) => Container::Html12309,
            (Class::Procuratorate, Want::Internal) => Container::Txt { gb: false },
            (Class::Procuratorate, _) => match r.weighted(&[72, 10, 8, 8, 2]) {
                0 => Container::Txt { gb: false },
                1 => Container::Txt { gb: true },
                2 => Container::Html12309,
                3 => Container::Zip { gb: false },
                _ => Container::Zip { gb: true },
            },
            (Class::Court, Want::Internal) => {
                if r.chance(0.7) {
                    Container::Txt { gb: false }
                } else {
                    Container::Xml
                }
            }
            (Class::Court, Want::Published) => match r.weighted(&[40, 40, 10, 10]) {
                0 => Container::HtmlWenshu,
                1 => Container::Dump,
                2 => Container::JsonlFull,
                _ => Container::JsonlApi,
            },
            (Class::Court, _) => match r.weighted(&[36, 7, 12, 5, 3, 6, 17, 4, 5, 4, 1]) {
                0 => Container::Txt { gb: false },
                1 => Container::Txt { gb: true },
                2 => Container::HtmlWenshu,
                3 => Container::HtmlPortal,
                4 => Container::HtmlSusong,
                5 => Container::Xml,
                6 => Container::Dump,
                7 => Container::JsonlFull,
                8 => Container::JsonlApi,
                9 => Container::Zip { gb: false },
                _ => Container::Zip { gb: true },
            },
        };
        let anon = match want {
            Want::Named | Want::Internal => false,
            Want::Published => true,
            Want::Any => {
                let p = match container {
                    Container::Html12309 => 1.0,
                    Container::HtmlWenshu
                    | Container::Dump
                    | Container::JsonlFull
                    | Container::JsonlApi => 0.55,
                    Container::HtmlSusong => 0.3,
                    Container::HtmlPortal => 0.1,
                    _ => 0.03,
                };
                r.chance(p)
            }
        };
        // The 12309 portal only carries anonymised indictments.
        let container = if !anon && container == Container::Html12309 {
            Container::Txt { gb: false }
        } else {
            container
        };
        let gb = matches!(
            container,
            Container::Txt { gb: true } | Container::Zip { gb: true }
        );
        let layout = match container {
            Container::Txt { .. } | Container::Zip { .. } => Layout::draw(r, gb),
            _ => Layout {
                lines: crate::sink::Lines::Lf,
                fullwidth: r.chance(0.02),
            },
        };
        Variant {
            container,
            anon,
            layout,
        }
    }

    /// A view for writing one document in a variant.
    pub fn view(&mut self, v: &Variant) -> View {
        let masker = if v.anon {
            Some(Masker::new(&mut self.rng, v.container.star_masks()))
        } else {
            None
        };
        View::new(masker)
    }

    /// Writes a document in its container, its gold line, and hands it to the resolver.
    pub fn emit(
        &mut self,
        doc: Rendered,
        mut gold: GoldDoc,
        v: &Variant,
        slug: &str,
    ) -> Result<(), Error> {
        debug_assert!(self.budget > 0);
        let stem = format!("d{:06}_{slug}", self.emitted + 1);
        let mut rng = self.rng.fork();
        let source = self
            .sink
            .write(&doc, v.container, v.layout, &stem, &mut rng)?;
        gold.source = source;
        serde_json::to_writer(&mut self.gold, &gold).map_err(|e| Error::Io {
            path: self.gold_path.clone(),
            source: e.into(),
        })?;
        self.gold.write_all(b"\n").map_err(|source| Error::Io {
            path: self.gold_path.clone(),
            source,
        })?;
        self.resolver.add_doc(&gold);
        self.budget -= 1;
        self.emitted += 1;
        *self.stats.by_kind.entry(kind_name(doc.kind)).or_default() += 1;
        *self
            .stats
            .by_container
            .entry(v.container.name())
            .or_default() += 1;
        self.stats.anonymised += usize::from(v.anon);
        Ok(())
    }

    pub fn finish_gold(&mut self) -> Result<(), Error> {
        self.gold.flush().map_err(|source| Error::Io {
            path: self.gold_path.clone(),
            source,
        })
    }

    /// Plants a person on rosters (or not) by what the storyline did to them.
    pub fn consider(&mut self, p: &Person, need: Need) {
        let mut rng = self.rng.fork();
        self.roster.consider(&mut rng, p, need);
    }
}

fn kind_name(k: Kind) -> &'static str {
    k.as_str()
}
