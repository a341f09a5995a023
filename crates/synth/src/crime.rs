//! Criminal storylines: an offence, its victims (and a deceased victim's relatives), the
//! arrest review and the indictment at the procuratorate, the criminal judgment (with an
//! incidental civil claim, sometimes also published anonymised), an appeal ruling, the
//! enforcement of the civil award, and for traffic deaths and injuries the civil suit.

use jiuzhu_core::{CompensationStatus, Date, Injury, Kind, Role};

use crate::Error;
use crate::bank::{bank, fill};
use crate::doc::{GoldDoc, Rendered, Sec};
use crate::enforce::{self, Basis, Party};
use crate::ids::{add_days, random_date};
use crate::people::{Age, Person, Spec};
use crate::roster::Need;
use crate::text::{
    Brackets, CaseNo, Zero, amount, cents, cn_date, cn_number, date_text, padded, spaced, yuan,
};
use crate::view::View;
use crate::world::{Class, Court, Variant, Want, World};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge {
    Injury,
    Traffic,
    Theft,
    Fraud,
    Robbery,
    Provocation,
}

impl Charge {
    pub fn name(self) -> &'static str {
        match self {
            Charge::Injury => "故意伤害罪",
            Charge::Traffic => "交通肇事罪",
            Charge::Theft => "盗窃罪",
            Charge::Fraud => "诈骗罪",
            Charge::Robbery => "抢劫罪",
            Charge::Provocation => "寻衅滋事罪",
        }
    }

    pub fn short(self) -> &'static str {
        self.name().trim_end_matches('罪')
    }

    fn article(self) -> &'static str {
        match self {
            Charge::Injury => "第二百三十四条第一款",
            Charge::Traffic => "第一百三十三条",
            Charge::Theft => "第二百六十四条",
            Charge::Fraud => "第二百六十六条",
            Charge::Robbery => "第二百六十三条",
            Charge::Provocation => "第二百九十三条",
        }
    }

    fn draw(w: &mut World) -> Charge {
        match w.rng.weighted(&[46, 30, 9, 5, 4, 6]) {
            0 => Charge::Injury,
            1 => Charge::Traffic,
            2 => Charge::Theft,
            3 => Charge::Fraud,
            4 => Charge::Robbery,
            _ => Charge::Provocation,
        }
    }
}

pub struct Victim {
    pub p: Person,
    pub injury: Injury,
    pub wound: String,
    /// 轻伤一级, 重伤二级, 轻微伤.
    pub grade: Option<&'static str>,
    pub disability: Option<u8>,
}

pub struct Relative {
    pub p: Person,
    /// 之妻, 之子 ….
    pub relation: &'static str,
}

struct Traffic {
    vehicle: &'static str,
    plate: String,
    road: &'static str,
    violation: &'static str,
    responsibility: &'static str,
    /// None: a pedestrian.
    victim_vehicle: Option<&'static str>,
    hit_and_run: bool,
}

pub struct Case {
    court: &'static Court,
    charge: Charge,
    accused: Vec<Person>,
    victims: Vec<Victim>,
    relatives: Vec<Relative>,
    offence: Date,
    hour: u32,
    town: &'static str,
    scene: &'static str,
    quarrel: &'static str,
    assault: &'static str,
    traffic: Option<Traffic>,
    item: Option<(&'static str, f64)>,
    loss: f64,
    status_arrest: CompensationStatus,
    status_indict: CompensationStatus,
    status_trial: CompensationStatus,
    paid: f64,
    incidental: bool,
    prior: Option<(&'static str, u32)>,
    detained: Date,
    bail: bool,
    sentence_months: u32,
    probation: bool,
    prosecutor: String,
    judges: Vec<(String, String)>,
    clerk: String,
    agent: Option<(String, &'static str)>,
    defender: Option<(String, &'static str)>,
    guardian: Option<String>,
}

impl Case {
    fn dead(&self) -> bool {
        self.victims.iter().any(|v| v.injury == Injury::Death)
    }

    fn worst(&self) -> Injury {
        self.victims
            .iter()
            .map(|v| v.injury)
            .max_by_key(|i| i.severity())
            .unwrap_or(Injury::Unknown)
    }

    fn disability(&self) -> Option<u8> {
        self.victims.iter().filter_map(|v| v.disability).min()
    }

    fn charges(&self) -> Vec<String> {
        vec![self.charge.name().to_string()]
    }
}

fn evolve(w: &mut World, s: CompensationStatus) -> CompensationStatus {
    use CompensationStatus::*;
    let r = &mut w.rng;
    match s {
        Settled => Settled,
        Unsettled => [Unsettled, Partial, Settled][r.weighted(&[60, 12, 28])],
        Partial => [Partial, Settled][r.weighted(&[65, 35])],
        Unknown => [Unsettled, Partial, Settled, Unknown][r.weighted(&[45, 15, 25, 15])],
    }
}

fn months_text(m: u32) -> String {
    let (y, mo) = (m / 12, m % 12);
    match (y, mo) {
        (0, mo) => format!("{}个月", cn_number(mo)),
        (y, 0) => format!("{}年", cn_number(y)),
        (y, mo) => format!("{}年{}个月", cn_number(y), cn_number(mo)),
    }
}

/// Plans a criminal case: people, facts, compensation at each stage.
fn plan(w: &mut World, namesake: Option<&Person>, strict: bool) -> Case {
    let twin = namesake.is_some() || strict;
    let court = w.court();
    let b = bank();
    let charge = if twin {
        Charge::Injury
    } else {
        Charge::draw(w)
    };
    let prov = court.home_province();
    let local = if prov.is_some() { 0.15 } else { 0.62 };
    let n_accused = if w.rng.chance(0.12) && charge != Charge::Traffic {
        2
    } else {
        1
    };
    let accused: Vec<Person> = (0..n_accused)
        .map(|_| {
            let spec = Spec::new(if w.rng.chance(0.6) {
                Age::Young
            } else {
                Age::Adult
            })
            .local(local)
            .province(prov.filter(|_| w.rng.chance(0.7)))
            .sex(if w.rng.chance(0.9) {
                jiuzhu_core::Gender::Male
            } else {
                jiuzhu_core::Gender::Female
            });
            w.person(spec)
        })
        .collect();
    let n_victims = if !twin && w.rng.chance(0.12) { 2 } else { 1 };
    let death_p = match charge {
        Charge::Traffic => 0.55,
        Charge::Injury => 0.08,
        _ => 0.0,
    };
    let dead = w.rng.chance(death_p) && !twin;
    let mut victims = Vec::new();
    for k in 0..n_victims {
        let age = match w.rng.weighted(&[8, 22, 40, 30]) {
            0 if charge != Charge::Traffic || k > 0 => Age::Minor,
            0 | 1 => Age::Young,
            2 => Age::Adult,
            _ => Age::Elderly,
        };
        let spec = Spec::new(age)
            .local(local)
            .province(prov.filter(|_| w.rng.chance(0.7)));
        let p = match namesake {
            Some(n) => {
                let mut p = w.people.person(&mut w.rng, spec, Some(n));
                p.strict = true;
                p
            }
            None => {
                let mut p = w.person(spec);
                p.strict = strict;
                p
            }
        };
        let (injury, wound, grade, disability) = if dead && k == 0 {
            (Injury::Death, String::new(), None, None)
        } else {
            match charge {
                Charge::Injury | Charge::Provocation
                    if charge == Charge::Injury || w.rng.chance(0.3) =>
                {
                    if charge == Charge::Injury && w.rng.chance(0.2) {
                        let dis = w.rng.chance(0.35).then(|| w.rng.range(5, 9) as u8);
                        (
                            Injury::Serious,
                            b.pick(&mut w.rng, "wound.serious").to_string(),
                            Some(b.pick(&mut w.rng, "grade.serious")),
                            dis,
                        )
                    } else {
                        let dis = w.rng.chance(0.08).then_some(10);
                        (
                            Injury::Minor,
                            b.pick(&mut w.rng, "wound.minor").to_string(),
                            Some(b.pick(&mut w.rng, "grade.minor")),
                            dis,
                        )
                    }
                }
                Charge::Provocation | Charge::Robbery if w.rng.chance(0.6) => (
                    Injury::Slight,
                    b.pick(&mut w.rng, "wound.slight").to_string(),
                    Some("轻微伤"),
                    None,
                ),
                Charge::Traffic => {
                    let dis = w.rng.chance(0.45).then(|| w.rng.range(4, 10) as u8);
                    (
                        Injury::Serious,
                        b.pick(&mut w.rng, "wound.serious").to_string(),
                        Some(b.pick(&mut w.rng, "grade.serious")),
                        dis,
                    )
                }
                _ => (Injury::Unknown, String::new(), None, None),
            }
        };
        let mut p = p;
        p.deceased = injury == Injury::Death;
        victims.push(Victim {
            p,
            injury,
            wound,
            grade,
            disability,
        });
    }
    let mut relatives = Vec::new();
    if dead {
        let v = &victims[0].p;
        let spouse_sex = if v.sex == jiuzhu_core::Gender::Male {
            jiuzhu_core::Gender::Female
        } else {
            jiuzhu_core::Gender::Male
        };
        let vy = v.birth.year();
        let age_like = |y: u32| if y < 1962 { Age::Elderly } else { Age::Adult };
        if vy < 2000 && w.rng.chance(0.85) {
            let spec =
                Spec::new(age_like(vy))
                    .sex(spouse_sex)
                    .local(if v.local { 0.95 } else { 0.1 });
            let p = w.person(spec);
            relatives.push(Relative {
                relation: if spouse_sex == jiuzhu_core::Gender::Female {
                    "之妻"
                } else {
                    "之夫"
                },
                p,
            });
        }
        let kids = if vy < 1990 { w.rng.range(0, 2) } else { 0 };
        for _ in 0..kids {
            let sex = if w.rng.chance(0.5) {
                jiuzhu_core::Gender::Male
            } else {
                jiuzhu_core::Gender::Female
            };
            let age = if vy < 1962 { Age::Adult } else { Age::Young };
            let p = w.person(Spec::new(age).sex(sex).surname(v).local(if v.local {
                0.95
            } else {
                0.1
            }));
            relatives.push(Relative {
                relation: if sex == jiuzhu_core::Gender::Male {
                    "之子"
                } else {
                    "之女"
                },
                p,
            });
        }
        if relatives.is_empty() || (vy >= 1985 && w.rng.chance(0.5)) {
            let sex = if w.rng.chance(0.5) {
                jiuzhu_core::Gender::Male
            } else {
                jiuzhu_core::Gender::Female
            };
            let mut spec = Spec::new(Age::Elderly)
                .sex(sex)
                .local(if v.local { 0.95 } else { 0.1 });
            if sex == jiuzhu_core::Gender::Male {
                spec = spec.surname(v);
            }
            let p = w.person(spec);
            relatives.push(Relative {
                relation: if sex == jiuzhu_core::Gender::Male {
                    "之父"
                } else {
                    "之母"
                },
                p,
            });
        }
    }
    let offence = random_date(&mut w.rng, 2019, 2023);
    let traffic = (charge == Charge::Traffic).then(|| Traffic {
        vehicle: b.pick(&mut w.rng, "vehicle"),
        plate: format!(
            "{}{}",
            b.pick(&mut w.rng, "plate.prefix"),
            plate_tail(&mut w.rng)
        ),
        road: b.pick(&mut w.rng, "road"),
        violation: b.pick(&mut w.rng, "violation"),
        responsibility: b.pick(&mut w.rng, "responsibility"),
        victim_vehicle: w
            .rng
            .chance(0.7)
            .then(|| b.pick(&mut w.rng, "victim.vehicle")),
        hit_and_run: w.rng.chance(0.12),
    });
    let item = matches!(charge, Charge::Theft | Charge::Robbery | Charge::Fraud).then(|| {
        let it = if charge == Charge::Fraud {
            "现金"
        } else {
            b.pick(&mut w.rng, "theft.item")
        };
        (it, amount(&mut w.rng, 800.0, 60_000.0).round())
    });
    let loss = match (charge, dead) {
        (_, true) => amount(&mut w.rng, 300_000.0, 1_300_000.0),
        (Charge::Traffic, false) => amount(&mut w.rng, 60_000.0, 600_000.0),
        (Charge::Injury, false) => {
            if victims[0].injury == Injury::Serious {
                amount(&mut w.rng, 50_000.0, 300_000.0)
            } else {
                amount(&mut w.rng, 5_000.0, 70_000.0)
            }
        }
        _ => item.map_or_else(|| amount(&mut w.rng, 2_000.0, 20_000.0), |(_, v)| v),
    };
    use CompensationStatus::*;
    let s1 = [Unsettled, Partial, Settled, Unknown][w.rng.weighted(&[40, 18, 25, 17])];
    let s2 = if w.rng.chance(0.75) {
        s1
    } else {
        evolve(w, s1)
    };
    let s3 = evolve(w, s2);
    let paid = cents(loss * (0.08 + 0.5 * w.rng.unit()));
    let incidental = match s3 {
        Unsettled | Partial => w.rng.chance(match charge {
            Charge::Injury => 0.75,
            Charge::Traffic => 0.2,
            Charge::Robbery | Charge::Provocation => 0.4,
            _ => 0.1,
        }),
        Settled => w.rng.chance(0.08),
        Unknown => false,
    };
    let detained = add_days(offence, w.rng.range(0, 3));
    let bail = charge == Charge::Traffic && w.rng.chance(0.7) || s1 == Settled && w.rng.chance(0.5);
    let sentence_months = match (charge, dead) {
        (Charge::Injury, true) => w.rng.range(120, 180) as u32,
        (Charge::Traffic, true) => w.rng.range(10, 48) as u32,
        (_, _) if victims[0].injury == Injury::Serious => w.rng.range(36, 96) as u32,
        _ => w.rng.range(6, 30) as u32,
    };
    let probation = s3 == Settled && sentence_months <= 36 && w.rng.chance(0.6);
    let n_judges = if w.rng.chance(0.55) { 1 } else { 3 };
    let judges = (0..n_judges)
        .map(|i| {
            let title = if n_judges == 1 {
                "审判员".to_string()
            } else if i == 0 {
                "审判长".to_string()
            } else if w.rng.chance(0.6) {
                "人民陪审员".to_string()
            } else {
                "审判员".to_string()
            };
            (title, w.extra_name())
        })
        .collect();
    let prior = (w.rng.chance(0.06)).then(|| {
        (
            *w.rng
                .pick(&["盗窃罪", "故意伤害罪", "危险驾驶罪", "寻衅滋事罪"]),
            w.rng.range(2012, 2018) as u32,
        )
    });
    let guardian = victims
        .iter()
        .any(|v| v.p.age_in(offence.year()) < 18)
        .then(|| w.extra_name());
    Case {
        court,
        charge,
        accused,
        victims,
        relatives,
        offence,
        hour: w.rng.range(0, 23) as u32,
        town: court.town(&mut w.rng),
        scene: b.pick(&mut w.rng, "place.scene"),
        quarrel: b.pick(&mut w.rng, "quarrel"),
        assault: b.pick(&mut w.rng, "assault"),
        traffic,
        item,
        loss,
        status_arrest: s1,
        status_indict: s2,
        status_trial: s3,
        paid,
        incidental,
        prior,
        detained,
        bail,
        sentence_months,
        probation,
        prosecutor: w.extra_name(),
        judges,
        clerk: w.extra_name(),
        agent: w
            .rng
            .chance(0.5)
            .then(|| (w.extra_name(), b.pick(&mut w.rng, "lawfirm"))),
        defender: w
            .rng
            .chance(0.6)
            .then(|| (w.extra_name(), b.pick(&mut w.rng, "lawfirm"))),
        guardian,
    }
}

fn plate_tail(rng: &mut crate::rng::Rng) -> String {
    const L: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const D: &[u8] = b"0123456789";
    (0..5)
        .map(|i| {
            let letter = (i == 0 && rng.chance(0.6)) || rng.chance(0.15);
            char::from(*rng.pick(if letter { L } else { D }))
        })
        .collect()
}

/// Names joined with 、.
fn join(names: &[String]) -> String {
    names.join("、")
}

struct Ctx<'a> {
    case: &'a Case,
    /// 犯罪嫌疑人 at arrest review, 被告人 after.
    ra: &'static str,
}

/// The narrative of the offence with the names of this view.
fn narrative(w: &mut World, cx: &Ctx<'_>, view: &mut View, with_grade: bool) -> String {
    let c = cx.case;
    let ra = cx.ra;
    let accused: Vec<String> = c.accused.iter().map(|p| view.name(p)).collect();
    let a = join(&accused);
    let v0 = &c.victims[0];
    let when = format!("{}{}时许", date_text(c.offence), c.hour);
    let mut s = match (&c.traffic, c.charge) {
        (Some(t), _) => {
            let plate = if view.anon() {
                format!(
                    "{}*****",
                    &t.plate[..t.plate.char_indices().nth(2).map_or(0, |(i, _)| i)]
                )
            } else {
                t.plate.clone()
            };
            let v = if v0.injury == Injury::Death && w.rng.chance(0.5) {
                view.intro_deceased(&v0.p, c.offence.year())
            } else {
                view.intro(&v0.p)
            };
            let who = if w.rng.chance(0.6) { "被害人" } else { "" };
            let whom = match t.victim_vehicle {
                Some(vv) => format!("与{who}{v}驾驶的{vv}发生碰撞"),
                None => format!("与步行通过路口的{who}{v}发生碰撞"),
            };
            let result = if v0.injury == Injury::Death {
                if w.rng.chance(0.5) {
                    format!("致{}经抢救无效于当日死亡", view.name(&v0.p))
                } else {
                    format!("致{}当场死亡", view.name(&v0.p))
                }
            } else {
                format!("致{}受伤", view.name(&v0.p))
            };
            let mut s = format!(
                "{when}，{ra}{a}驾驶{plate}号{}沿{}{}{}由{}往{}行驶至{}路口时，{}，{whom}，{result}。经{}交通警察大队认定，{a}负事故{}责任。",
                t.vehicle,
                c.court.city(),
                c.town,
                t.road,
                w.rng.pick(&["东", "南"]),
                w.rng.pick(&["西", "北"]),
                bank().pick(&mut w.rng, "road"),
                t.violation,
                c.court.police,
                t.responsibility
            );
            if t.hit_and_run {
                s.push_str(&format!(
                    "事故发生后，{a}驾车逃离现场，后于次日到公安机关投案。"
                ));
            }
            s
        }
        (None, Charge::Theft) | (None, Charge::Fraud) | (None, Charge::Robbery) => {
            let (item, value) = c.item.unwrap_or(("现金", 1000.0));
            let v = view.intro(&v0.p);
            let verb = match c.charge {
                Charge::Theft => "趁无人注意，窃得",
                Charge::Fraud => "以帮忙办理贷款为由，骗得",
                _ => "采用殴打、威胁的方法，劫得",
            };
            let what = if item == "现金" {
                format!("被害人{v}现金人民币{}元", yuan(value))
            } else {
                format!("被害人{v}的{item}，价值人民币{}元", yuan(value))
            };
            let mut s = format!(
                "{when}，{ra}{a}在{}{}{}，{verb}{what}。",
                c.court.city(),
                c.town,
                c.scene
            );
            if v0.injury == Injury::Slight {
                s.push_str(&format!("{}在反抗过程中受伤。", view.name(&v0.p)));
            }
            s
        }
        _ => {
            let v = if v0.injury == Injury::Death && w.rng.chance(0.5) {
                view.intro_deceased(&v0.p, c.offence.year())
            } else {
                view.intro(&v0.p)
            };
            let act = fill(c.assault, &[("V", &view.name(&v0.p))]);
            let result = match v0.injury {
                Injury::Death => format!("致{}经抢救无效死亡", view.name(&v0.p)),
                Injury::Unknown => format!("致{}受伤", view.name(&v0.p)),
                _ => format!("致{}{}", view.name(&v0.p), v0.wound),
            };
            let lead = if c.charge == Charge::Provocation {
                "借故生非，"
            } else {
                ""
            };
            format!(
                "{when}，{ra}{a}在{}{}{}，因{}与被害人{v}发生争执，{lead}后{}{act}，{result}。",
                c.court.city(),
                c.town,
                c.scene,
                c.quarrel,
                accused[0]
            )
        }
    };
    for (k, v) in c.victims.iter().enumerate().skip(1) {
        let name = view.intro(&v.p);
        if v.injury == Injury::Unknown {
            s.push_str(&format!("同日，{a}以相同手段侵害被害人{name}的财物。"));
        } else {
            s.push_str(&format!(
                "其间，{a}又致被害人{name}{}。",
                if v.wound.is_empty() {
                    "受伤"
                } else {
                    &v.wound
                }
            ));
        }
        let _ = k;
    }
    if with_grade {
        for v in &c.victims {
            if let Some(g) = v.grade
                && v.injury != Injury::Unknown
            {
                let agency = if c.traffic.is_some() || w.rng.chance(0.4) {
                    "经鉴定".to_string()
                } else {
                    format!("经{}物证鉴定室鉴定", c.court.police)
                };
                s.push_str(&format!("{agency}，{}的损伤程度为{g}。", view.name(&v.p)));
            }
        }
    }
    s
}

/// The victim side as compensation sentences refer to it.
fn victim_side(w: &mut World, c: &Case, view: &mut View, incidental: bool) -> String {
    if c.dead() {
        return w
            .rng
            .pick(&["被害人近亲属", "被害人家属", "被害人亲属"])
            .to_string();
    }
    let names: Vec<String> = c.victims.iter().map(|v| view.name(&v.p)).collect();
    if incidental && w.rng.chance(0.5) {
        format!("附带民事诉讼原告人{}", join(&names))
    } else {
        format!("被害人{}", join(&names))
    }
}

fn comp_sentence(
    w: &mut World,
    c: &Case,
    view: &mut View,
    ctx: &str,
    status: CompensationStatus,
    ra: &str,
    incidental: bool,
) -> Option<String> {
    let key = match status {
        CompensationStatus::Unknown => return None,
        CompensationStatus::Partial
            if ctx == "proc" && c.traffic.is_some() && w.rng.chance(0.4) =>
        {
            "comp.proc.partial.traffic".to_string()
        }
        s => format!("comp.{ctx}.{}", s.as_str()),
    };
    let a = view.name(&c.accused[0]);
    let vs = victim_side(w, c, view, incidental);
    let names: Vec<String> = c.victims.iter().map(|v| view.name(&v.p)).collect();
    let t = bank().pick(&mut w.rng, &key);
    Some(fill(
        t,
        &[
            ("RA", ra),
            ("A", &a),
            ("VS", &vs),
            ("V", &join(&names)),
            ("PAID", &yuan(c.paid)),
            ("REST", &yuan(cents(c.loss - c.paid))),
            ("AMT", &yuan(c.loss)),
        ],
    ))
}

fn distractor(
    w: &mut World,
    c: &Case,
    view: &mut View,
    key: &str,
    ra: &str,
    p: &str,
    claim: f64,
) -> String {
    let a = view.name(&c.accused[0]);
    let vs = victim_side(w, c, view, false);
    let t = bank().pick(&mut w.rng, key);
    fill(
        t,
        &[
            ("RA", ra),
            ("A", &a),
            ("VS", &vs),
            ("P", p),
            ("CLAIM", &yuan(claim)),
        ],
    )
}

/// Sometimes, what the accused offers or the victim asks in a procuratorate document: words
/// that mention compensation without being a finding.
fn words_not_findings(w: &mut World, c: &Case, view: &mut View, ra: &str) -> Option<String> {
    if !w.rng.chance(0.3) {
        return None;
    }
    let key = if w.rng.chance(0.5) {
        "dis.accused"
    } else {
        "dis.victim"
    };
    Some(distractor(w, c, view, key, ra, "", 0.0))
}

fn tail_date(w: &mut World, d: Date) -> String {
    let z = Zero::draw(&mut w.rng);
    cn_date(d, z)
}

fn accused_paragraph(
    w: &mut World,
    c: &Case,
    view: &mut View,
    p: &Person,
    ra: &str,
    stage: u8,
) -> String {
    let (name, desc) = view.party(&mut w.rng, p, 0.75, true);
    view.role(p, Role::Accused);
    let mut s = format!("{ra}{name}{desc}。");
    if let Some((prior, year)) = c.prior
        && std::ptr::eq(p, &c.accused[0])
    {
        s.push_str(&format!(
            "{year}年因犯{prior}被判处有期徒刑{}，刑满释放。",
            months_text(w.rng.range(6, 18) as u32)
        ));
    }
    let detained = date_text(c.detained);
    if c.bail {
        s.push_str(&format!(
            "{detained}因涉嫌{}被{}取保候审。",
            c.charge.name(),
            c.court.police
        ));
    } else {
        s.push_str(&format!(
            "{detained}因涉嫌{}被{}刑事拘留",
            c.charge.name(),
            c.court.police
        ));
        if stage >= 1 {
            let arrested = add_days(c.detained, 20);
            let when = if arrested.year() == c.detained.year() {
                format!("同年{}月{}日", arrested.month(), arrested.day())
            } else {
                date_text(arrested)
            };
            s.push_str(&format!(
                "，{when}经{}批准逮捕",
                if stage == 1 {
                    "本院"
                } else {
                    c.court.proc_short()
                }
            ));
        }
        s.push_str(&format!("。现羁押于{}。", c.court.detention));
    }
    s
}

/// A legal guardian is not a party; published versions mask the name all the same.
fn guardian_name(view: &View, g: &str) -> String {
    if view.anon() {
        format!("{}某", g.chars().next().unwrap_or('某'))
    } else {
        g.to_string()
    }
}

fn victim_paragraph(
    w: &mut World,
    view: &mut View,
    v: &Victim,
    guardian: Option<&String>,
    offence_year: u32,
) -> String {
    let (name, desc) = view.party(&mut w.rng, &v.p, 0.6, true);
    view.role(&v.p, Role::Victim);
    let mut s = format!("被害人{name}{desc}。");
    if v.p.age_in(offence_year) < 18
        && let Some(g) = guardian
    {
        let g = guardian_name(view, g);
        s.push_str(&format!(
            "系未成年人，其法定代理人{g}，系{name}之{}。",
            w.rng.pick(&["母", "父"])
        ));
    }
    s
}

fn relative_paragraph(w: &mut World, view: &mut View, r: &Relative, victim: &str) -> String {
    let (name, desc) = view.party(&mut w.rng, &r.p, 0.45, false);
    view.role(&r.p, Role::Relative);
    format!("被害人近亲属{name}{desc}，系被害人{victim}{}。", r.relation)
}

/// A procuratorate document ready for its container.
#[allow(clippy::too_many_arguments)]
fn proc_doc(
    c: &Case,
    kind: Kind,
    dir: &'static str,
    title: &str,
    printed: String,
    date: Date,
    paras: Vec<(Sec, String)>,
    procedure: &'static str,
    parties: Vec<String>,
) -> Rendered {
    Rendered {
        kind,
        dir,
        title: title.to_string(),
        court: c.court.proc_head.to_string(),
        case_print: printed,
        date,
        paras,
        case_type: "检察文书",
        procedure,
        cause: Some(c.charge.short().to_string()),
        parties,
        statutes: Vec::new(),
        case_name: title.to_string(),
        province: c.court.province.to_string(),
    }
}

fn slug(court: &Court, case: &CaseNo, typ: &str) -> String {
    format!("{}_{}_{typ}_{}", court.slug(), case.year, case.seq)
}

fn proc_slug(court: &Court, case: &CaseNo, typ: &str) -> String {
    let s = court.slug();
    format!("{}jian_{}_{typ}_{:03}", s, case.year, case.seq)
}

// ---------------------------------------------------------------- arrest review

#[derive(Clone, Copy, PartialEq, Eq)]
enum ArrestForm {
    Decision,
    Opinion,
    Report,
}

fn arrest_review(w: &mut World, c: &Case, date: Date) -> Result<(), Error> {
    let strict = c.victims.iter().any(|v| v.p.strict);
    let form = match w.rng.weighted(&[30, 40, 30]) {
        0 if !strict => ArrestForm::Decision,
        0 | 1 => ArrestForm::Opinion,
        _ => ArrestForm::Report,
    };
    let v = w.variant(Class::Procuratorate, Want::Any);
    let mut view = w.view(&v);
    let (title, no) = match form {
        ArrestForm::Decision => (
            "批准逮捕决定书",
            w.proc_case(c.court.proc_prefix, "刑批捕", date.year()),
        ),
        ArrestForm::Opinion => (
            "审查逮捕意见书",
            w.proc_case(c.court.proc_prefix, "刑捕受", date.year()),
        ),
        ArrestForm::Report => (
            "逮捕案件审查报告",
            w.proc_case(c.court.proc_prefix, "刑捕受", date.year()),
        ),
    };
    let cx = Ctx {
        case: c,
        ra: "犯罪嫌疑人",
    };
    let brackets = w.brackets(Class::Procuratorate);
    let printed = no.print(brackets);
    let mut paras: Vec<(Sec, String)> = vec![(Sec::Head, c.court.proc_head.to_string())];
    let t = if w.rng.chance(0.3) {
        spaced(title)
    } else {
        title.to_string()
    };
    paras.push((Sec::Head, t));
    let mut gold = GoldDoc::new(Kind::ArrestReview);
    let status;
    let police_no = format!(
        "{}（刑）提捕字〔{}〕{}号",
        c.court.police_abbr(),
        date.year(),
        w.rng.range(100, 1500)
    );
    let accused_names: Vec<String>;
    match form {
        ArrestForm::Decision => {
            paras.push((Sec::Head, printed.clone()));
            accused_names = c.accused.iter().map(|p| view.name(p)).collect();
            for p in &c.accused {
                view.role(p, Role::Accused);
            }
            let a = join(&accused_names);
            let v0 = &c.victims[0];
            let vname = view.intro(&v0.p);
            view.role(&v0.p, Role::Victim);
            let result = match v0.injury {
                Injury::Death => format!("致{}经抢救无效死亡", view.name(&v0.p)),
                Injury::Unknown => "造成财物损失".to_string(),
                _ => format!("致{}{}", view.name(&v0.p), v0.grade.unwrap_or("受伤")),
            };
            let act = match c.charge {
                Charge::Traffic => "驾车与被害人",
                Charge::Theft | Charge::Fraud | Charge::Robbery => "侵害被害人",
                _ => "持械伤害被害人",
            };
            paras.push((Sec::Parties, format!("{}：", c.court.police)));
            paras.push((
                Sec::Facts,
                format!(
                    "你局于{}以{police_no}提请批准逮捕书提请批准逮捕犯罪嫌疑人{a}涉嫌{}一案，经本院审查认为，犯罪嫌疑人{a}涉嫌于{}在{}{}{act}{vname}，{result}，其行为已涉嫌{}犯罪，可能判处徒刑以上刑罚，采取取保候审不足以防止发生社会危险性，根据《中华人民共和国刑事诉讼法》第八十一条、第九十条之规定，决定批准逮捕犯罪嫌疑人{a}。请依法立即执行，并将执行情况在三日以内通知本院。",
                    date_text(add_days(date, -5)),
                    c.charge.name(),
                    date_text(c.offence),
                    c.court.city(),
                    c.town,
                    c.charge.short()
                ),
            ));
            status = CompensationStatus::Unknown;
            paras.push((Sec::Tail, tail_date(w, date)));
            paras.push((Sec::Tail, "（院印）".to_string()));
        }
        ArrestForm::Opinion | ArrestForm::Report => {
            let report = form == ArrestForm::Report;
            if report {
                let a0 = view.name(&c.accused[0]);
                paras.push((
                    Sec::Head,
                    format!("（犯罪嫌疑人{a0}涉嫌{}案）", c.charge.short()),
                ));
                paras.push((Sec::Head, format!("受案号：{printed}")));
                paras.push((Sec::Procedure, "一、受案和审查过程".to_string()));
                paras.push((
                    Sec::Procedure,
                    format!(
                        "{}于{}以{police_no}提请批准逮捕书，提请批准逮捕犯罪嫌疑人{a0}，本院于同日受理。承办检察官依法讯问了犯罪嫌疑人，听取了被害人的意见，审阅了全部案卷材料，现已审查完毕。",
                        c.court.police,
                        date_text(add_days(date, -6))
                    ),
                ));
                paras.push((Sec::Parties, "二、犯罪嫌疑人基本情况".to_string()));
            } else {
                paras.push((Sec::Head, printed.clone()));
            }
            for p in &c.accused {
                let s = accused_paragraph(w, c, &mut view, p, "犯罪嫌疑人", 0);
                paras.push((Sec::Parties, s));
            }
            if report {
                paras.push((Sec::Parties, "三、被害人基本情况".to_string()));
            }
            let named_victims = c.victims.iter().any(|v| v.p.strict) || w.rng.chance(0.75);
            for v in &c.victims {
                if v.injury == Injury::Death {
                    continue;
                }
                if named_victims {
                    let s =
                        victim_paragraph(w, &mut view, v, c.guardian.as_ref(), c.offence.year());
                    paras.push((Sec::Parties, s));
                }
            }
            if c.dead() && w.rng.chance(0.6) {
                let vname = view.name(&c.victims[0].p);
                for r in &c.relatives {
                    let s = relative_paragraph(w, &mut view, r, &vname);
                    paras.push((Sec::Parties, s));
                }
            }
            if !report {
                let a0 = view.name(&c.accused[0]);
                paras.push((
                    Sec::Procedure,
                    format!(
                        "{}于{}以{police_no}提请批准逮捕书提请批准逮捕犯罪嫌疑人{a0}，本院于同日受理。经审查：",
                        c.court.police,
                        date_text(add_days(date, -6))
                    ),
                ));
            } else {
                paras.push((Sec::Facts, "四、经审查认定的案件事实及证据".to_string()));
            }
            let mut facts = narrative(w, &cx, &mut view, true);
            if report {
                facts = format!("经审查认定：{facts}");
            }
            paras.push((Sec::Facts, facts));
            for v in &c.victims {
                view.role(&v.p, Role::Victim);
            }
            paras.push((Sec::Facts, "上述事实有受案登记表、抓获经过、被害人陈述、证人证言、犯罪嫌疑人供述、鉴定意见、监控视频等证据证实。".to_string()));
            status = c.status_arrest;
            let comp = comp_sentence(w, c, &mut view, "proc", status, "犯罪嫌疑人", false);
            if report {
                paras.push((Sec::Reasoning, "五、需要说明的问题".to_string()));
            }
            if let Some(d) = words_not_findings(w, c, &mut view, "犯罪嫌疑人") {
                paras.push((Sec::Reasoning, d));
            }
            if let Some(s) = comp {
                paras.push((
                    Sec::Reasoning,
                    if report {
                        format!("1.赔偿情况。{s}")
                    } else {
                        s
                    },
                ));
            }
            let a0 = view.name(&c.accused[0]);
            let no_arrest = status == CompensationStatus::Settled
                && c.worst() != Injury::Death
                && w.rng.chance(0.6);
            let opinion = if no_arrest {
                format!(
                    "本院认为，犯罪嫌疑人{a0}涉嫌{}，但其到案后如实供述，已与被害人达成和解，社会危险性较小，采取取保候审足以防止发生社会危险性，建议不批准逮捕。",
                    c.charge.name()
                )
            } else {
                format!(
                    "本院认为，犯罪嫌疑人{a0}涉嫌{}，有证据证明有犯罪事实，可能判处徒刑以上刑罚，采取取保候审不足以防止发生社会危险性，符合《中华人民共和国刑事诉讼法》第八十一条第一款规定的逮捕条件，建议批准逮捕。",
                    c.charge.name()
                )
            };
            if report {
                paras.push((Sec::Result, "六、处理意见".to_string()));
            }
            paras.push((Sec::Result, opinion));
            if report {
                paras.push((Sec::Result, "以上意见妥否，请审查决定。".to_string()));
                paras.push((Sec::Tail, format!("承办检察官：{}", c.prosecutor)));
            } else {
                paras.push((Sec::Tail, format!("检察官：{}", c.prosecutor)));
            }
            paras.push((Sec::Tail, tail_date(w, date)));
            accused_names = c.accused.iter().map(|p| view.name(p)).collect();
        }
    }
    gold.case_number = Some(no.canonical());
    gold.court = Some(c.court.proc_head.to_string());
    gold.date = Some(date);
    gold.charges = c.charges();
    gold.compensation.status = status;
    gold.injury = match form {
        ArrestForm::Decision => {
            let v0 = &c.victims[0];
            if v0.injury == Injury::Unknown || (v0.grade.is_none() && v0.injury != Injury::Death) {
                Injury::Unknown
            } else {
                v0.injury
            }
        }
        _ => c.worst(),
    };
    gold.persons = view.gold();
    let doc = proc_doc(
        c,
        Kind::ArrestReview,
        "arrest_review",
        title,
        printed,
        date,
        paras,
        "审查逮捕",
        accused_names,
    );
    let s = proc_slug(
        c.court,
        &no,
        if form == ArrestForm::Decision {
            "pibu"
        } else {
            "bushou"
        },
    );
    w.emit(doc, gold, &v, &s)
}

// ---------------------------------------------------------------- indictment / 不起诉

fn indictment(w: &mut World, c: &Case, date: Date, no: &CaseNo, v: &Variant) -> Result<(), Error> {
    let mut view = w.view(v);
    let cx = Ctx {
        case: c,
        ra: "被告人",
    };
    let (mut paras, printed) = w.head(c.court.proc_head, "起诉书", no, Class::Procuratorate);
    for p in &c.accused {
        let s = accused_paragraph(w, c, &mut view, p, "被告人", 1);
        paras.push((Sec::Parties, s));
    }
    let strict = c.victims.iter().any(|v| v.p.strict);
    if strict || w.rng.chance(0.6) {
        for vi in &c.victims {
            if vi.injury != Injury::Death {
                let s = victim_paragraph(w, &mut view, vi, c.guardian.as_ref(), c.offence.year());
                paras.push((Sec::Parties, s));
            }
        }
    }
    // A deceased victim's relatives: a paragraph each, a mention in the facts, or nothing.
    let rel_mode = if c.dead() {
        w.rng.weighted(&[35, 35, 30])
    } else {
        2
    };
    let rel_in_facts = rel_mode == 1;
    if rel_mode == 0 {
        let vname = view.name(&c.victims[0].p);
        for r in &c.relatives {
            let s = relative_paragraph(w, &mut view, r, &vname);
            paras.push((Sec::Parties, s));
        }
    }
    let a = join(&c.accused.iter().map(|p| view.name(p)).collect::<Vec<_>>());
    let heard = if c.dead() {
        "被害人近亲属"
    } else {
        "被害人"
    };
    paras.push((
        Sec::Procedure,
        format!(
            "本案由{}侦查终结，以被告人{a}涉嫌{}，于{}向本院移送审查起诉。本院受理后，于次日已告知被告人有权委托辩护人，告知{heard}有权委托诉讼代理人，依法讯问了被告人，听取了辩护人、{heard}的意见，审查了全部案件材料。",
            c.court.police,
            c.charge.name(),
            date_text(add_days(date, -40))
        ),
    ));
    paras.push((Sec::Facts, "经依法审查查明：".to_string()));
    let mut facts = narrative(w, &cx, &mut view, true);
    for vi in &c.victims {
        view.role(&vi.p, Role::Victim);
    }
    if rel_in_facts {
        let names: Vec<String> = c
            .relatives
            .iter()
            .map(|r| {
                let n = view.name(&r.p);
                view.role(&r.p, Role::Relative);
                format!("{n}（系被害人{}）", r.relation)
            })
            .collect();
        facts.push_str(&format!(
            "案发后，被害人近亲属{}向公安机关报案。",
            join(&names)
        ));
    }
    paras.push((Sec::Facts, facts));
    let caught = match &c.traffic {
        Some(t) if t.hit_and_run => format!("被告人{a}到案后如实供述了上述犯罪事实。"),
        Some(_) => format!("案发后，被告人{a}在现场等候处理，到案后如实供述了上述犯罪事实。"),
        None => format!(
            "{}，被告人{a}被公安民警抓获，到案后如实供述了上述犯罪事实。",
            date_text(c.detained)
        ),
    };
    paras.push((Sec::Facts, caught));
    if let Some(d) = words_not_findings(w, c, &mut view, "被告人") {
        paras.push((Sec::Facts, d));
    }
    if let Some(s) = comp_sentence(w, c, &mut view, "proc", c.status_indict, "被告人", false) {
        paras.push((Sec::Facts, s));
    }
    paras.push((Sec::Facts, bank().list("dis.evidence")[1].to_string()));
    let dead_or = match c.worst() {
        Injury::Death => "致一人死亡，",
        Injury::Serious => "致一人重伤，",
        Injury::Minor => "致一人轻伤，",
        _ => "",
    };
    paras.push((
        Sec::Reasoning,
        format!(
            "本院认为，被告人{a}{}，{dead_or}其行为触犯了《中华人民共和国刑法》{}，犯罪事实清楚，证据确实、充分，应当以{}追究其刑事责任。根据《中华人民共和国刑事诉讼法》第一百七十六条的规定，提起公诉，请依法判处。",
            match c.charge {
                Charge::Traffic => "违反交通运输管理法规，因而发生重大事故",
                Charge::Injury => "故意伤害他人身体",
                Charge::Theft => "以非法占有为目的，秘密窃取他人财物，数额较大",
                Charge::Fraud => "以非法占有为目的，骗取他人财物，数额较大",
                Charge::Robbery => "以非法占有为目的，当场使用暴力劫取他人财物",
                Charge::Provocation => "随意殴打他人，情节恶劣",
            },
            c.charge.article(),
            c.charge.name()
        ),
    ));
    if w.rng.chance(0.1) {
        paras.push((
            Sec::Reasoning,
            bank().pick(&mut w.rng, "dis.statute.proc").to_string(),
        ));
    }
    paras.push((Sec::Result, "此致".to_string()));
    paras.push((Sec::Result, c.court.head.to_string()));
    let title = *w.rng.pick(&["检察官", "检 察 官", "检察员"]);
    paras.push((Sec::Tail, format!("{title}  {}", padded(&c.prosecutor))));
    paras.push((Sec::Tail, tail_date(w, date)));
    paras.push((Sec::Tail, "（院印）".to_string()));
    if !c.bail {
        paras.push((
            Sec::Tail,
            format!(
                "附件：1.被告人{a}现羁押于{}。2.案卷材料和证据若干册。",
                c.court.detention
            ),
        ));
    }
    let mut gold = GoldDoc::new(Kind::Indictment);
    gold.case_number = Some(no.canonical());
    gold.court = Some(c.court.proc_head.to_string());
    gold.date = Some(date);
    gold.charges = c.charges();
    gold.compensation.status = c.status_indict;
    gold.injury = c.worst();
    gold.persons = view.gold();
    let parties = c.accused.iter().map(|p| view.name(p)).collect();
    let doc = proc_doc(
        c,
        Kind::Indictment,
        "indictment",
        "起诉书",
        printed,
        date,
        paras,
        "审查起诉",
        parties,
    );
    let s = proc_slug(c.court, no, "xingsu");
    w.emit(doc, gold, v, &s)
}

/// 不起诉决定书 (kind other): a minor assault settled by 刑事和解.
fn non_prosecution(w: &mut World, c: &Case, date: Date) -> Result<(), Error> {
    let v = w.variant(Class::Procuratorate, Want::Named);
    let mut view = w.view(&v);
    let cx = Ctx {
        case: c,
        ra: "被不起诉人",
    };
    let no = w.proc_case(c.court.proc_prefix, "刑不诉", date.year());
    let (mut paras, printed) = w.head(c.court.proc_head, "不起诉决定书", &no, Class::Procuratorate);
    let p0 = &c.accused[0];
    let (name, desc) = view.party(&mut w.rng, p0, 0.7, true);
    view.role(p0, Role::Accused);
    paras.push((Sec::Parties, format!("被不起诉人{name}{desc}。")));
    paras.push((
        Sec::Procedure,
        format!(
            "本案由{}侦查终结，以被不起诉人{name}涉嫌{}，于{}向本院移送审查起诉。",
            c.court.police,
            c.charge.name(),
            date_text(add_days(date, -30))
        ),
    ));
    paras.push((
        Sec::Facts,
        format!("经本院依法审查查明：{}", narrative(w, &cx, &mut view, true)),
    ));
    for vi in &c.victims {
        view.role(&vi.p, Role::Victim);
    }
    let comp = comp_sentence(
        w,
        c,
        &mut view,
        "proc",
        CompensationStatus::Settled,
        "被不起诉人",
        false,
    )
    .unwrap_or_default();
    paras.push((Sec::Facts, comp));
    paras.push((
        Sec::Reasoning,
        format!(
            "本院认为，{name}实施了《中华人民共和国刑法》{}规定的行为，但犯罪情节轻微，到案后如实供述，且已与被害人达成和解，取得被害人谅解，根据《中华人民共和国刑法》第三十七条的规定，不需要判处刑罚。依据《中华人民共和国刑事诉讼法》第一百七十七条第二款的规定，决定对{name}不起诉。",
            c.charge.article()
        ),
    ));
    paras.push((
        Sec::Result,
        "被不起诉人如不服本决定，可以自收到本决定书后七日以内向本院申诉。".to_string(),
    ));
    paras.push((Sec::Tail, c.court.proc_head.to_string()));
    paras.push((Sec::Tail, tail_date(w, date)));
    let mut gold = GoldDoc::new(Kind::Other);
    gold.case_number = Some(no.canonical());
    gold.court = Some(c.court.proc_head.to_string());
    gold.date = Some(date);
    gold.charges = c.charges();
    gold.compensation.status = CompensationStatus::Settled;
    gold.injury = c.worst();
    gold.persons = view.gold();
    let doc = proc_doc(
        c,
        Kind::Other,
        "other",
        "不起诉决定书",
        printed,
        date,
        paras,
        "审查起诉",
        vec![name],
    );
    let s = proc_slug(c.court, &no, "busu");
    w.emit(doc, gold, &v, &s)
}

// ---------------------------------------------------------------- criminal judgment

struct Judgment {
    no: CaseNo,
    date: Date,
    award: f64,
    /// Victim-side persons who hold the award (plaintiffs of the incidental claim).
    plaintiffs: Vec<Person>,
    /// The appeal ruling upholding it, as enforcement rulings cite it too.
    appeal: Option<(String, Date)>,
}

fn sentence_text(c: &Case) -> String {
    let mut s = format!("判处有期徒刑{}", months_text(c.sentence_months));
    if c.probation {
        s.push_str(&format!("，缓刑{}", months_text(c.sentence_months + 6)));
    }
    s
}

fn judges_tail(w: &mut World, c: &Case, date: Date, paras: &mut Vec<(Sec, String)>) {
    for (t, n) in &c.judges {
        let title = if t == "审判员" && w.rng.chance(0.3) {
            "审 判 员".to_string()
        } else if t == "审判长" && w.rng.chance(0.5) {
            "审 判 长".to_string()
        } else {
            t.clone()
        };
        paras.push((Sec::Tail, format!("{title}  {}", padded(n))));
    }
    paras.push((Sec::Tail, tail_date(w, date)));
    if w.rng.chance(0.3) {
        paras.push((Sec::Tail, format!("法官助理  {}", padded(&w.extra_name()))));
    }
    let clerk_title = *w.rng.pick(&["书记员", "书 记 员"]);
    paras.push((Sec::Tail, format!("{clerk_title}  {}", padded(&c.clerk))));
}

#[allow(clippy::too_many_arguments)]
fn criminal_judgment(
    w: &mut World,
    c: &Case,
    j: &Judgment,
    indict: &CaseNo,
    indict_date: Date,
    v: &Variant,
) -> Result<(), Error> {
    let mut view = w.view(v);
    let cx = Ctx {
        case: c,
        ra: "被告人",
    };
    let incidental = c.incidental;
    let title = if incidental {
        "刑事附带民事判决书"
    } else {
        "刑事判决书"
    };
    let (mut paras, printed) = w.head(c.court.head, title, &j.no, Class::Court);
    paras.push((Sec::Parties, format!("公诉机关{}。", c.court.proc_head)));
    let mut plaintiff_names = Vec::new();
    if incidental {
        if c.dead() {
            let vname = view.name(&c.victims[0].p);
            for r in &c.relatives {
                let (name, desc) = view.party(&mut w.rng, &r.p, 0.55, false);
                view.role(&r.p, Role::IncidentalPlaintiff);
                view.role(&r.p, Role::Relative);
                paras.push((
                    Sec::Parties,
                    format!(
                        "附带民事诉讼原告人{name}{desc}，系被害人{vname}{}。",
                        r.relation
                    ),
                ));
                plaintiff_names.push(name);
            }
        } else {
            for vi in &c.victims {
                let (name, desc) = view.party(&mut w.rng, &vi.p, 0.5, true);
                view.role(&vi.p, Role::IncidentalPlaintiff);
                view.role(&vi.p, Role::Victim);
                paras.push((
                    Sec::Parties,
                    format!("附带民事诉讼原告人（被害人）{name}{desc}。"),
                ));
                if vi.p.age_in(c.offence.year()) < 18
                    && let Some(g) = &c.guardian
                {
                    let g = guardian_name(&view, g);
                    paras.push((
                        Sec::Parties,
                        format!("法定代理人{g}，系{name}之{}。", w.rng.pick(&["母", "父"])),
                    ));
                }
                plaintiff_names.push(name);
            }
        }
        if let Some((agent, firm)) = &c.agent {
            paras.push((Sec::Parties, format!("委托诉讼代理人{agent}，{firm}律师。")));
        }
    }
    for p in &c.accused {
        let s = accused_paragraph(w, c, &mut view, p, "被告人", 2);
        paras.push((Sec::Parties, s));
    }
    if let Some((d, firm)) = &c.defender {
        paras.push((Sec::Parties, format!("辩护人{d}，{firm}律师。")));
    }
    let a = join(&c.accused.iter().map(|p| view.name(p)).collect::<Vec<_>>());
    let p_join = join(&plaintiff_names);
    let indict_printed = indict.print(w.brackets(Class::Procuratorate));
    let mut proc = format!(
        "{}以{indict_printed}起诉书指控被告人{a}犯{}，于{}向本院提起公诉。",
        c.court.proc_head,
        c.charge.name(),
        date_text(add_days(indict_date, w.rng.range(2, 8)))
    );
    if incidental {
        proc.push_str(&format!(
            "在诉讼过程中，附带民事诉讼原告人{p_join}向本院提起附带民事诉讼。"
        ));
    }
    let simple = c.judges.len() == 1;
    proc.push_str(&format!(
        "本院依法适用{}，{}公开开庭进行了{}审理。{}指派检察官{}出庭支持公诉，被告人{a}到庭参加诉讼。现已审理终结。",
        if simple { "简易程序" } else { "普通程序" },
        if simple { "实行独任审判，" } else { "组成合议庭，" },
        if incidental { "合并" } else { "" },
        c.court.proc_short(),
        c.prosecutor
    ));
    paras.push((Sec::Procedure, proc));
    paras.push((
        Sec::Facts,
        format!(
            "{}指控，{}公诉机关认为，被告人{a}的行为已构成{}，提请本院依法判处。",
            c.court.proc_short(),
            narrative(w, &cx, &mut view, false),
            c.charge.name()
        ),
    ));
    let claim = cents(c.loss * (1.05 + 0.3 * w.rng.unit()));
    if incidental {
        let key = if c.status_trial == CompensationStatus::Unsettled && w.rng.chance(0.5) {
            "dis.claim.crim.unpaid"
        } else {
            "dis.claim.crim"
        };
        let d = distractor(w, c, &mut view, key, "被告人", &p_join, claim);
        paras.push((Sec::Facts, d));
    }
    if c.defender.is_some() && w.rng.chance(0.6) {
        let d = distractor(w, c, &mut view, "dis.defence", "被告人", "", 0.0);
        paras.push((Sec::Facts, d));
    } else if w.rng.chance(0.2) {
        let d = distractor(w, c, &mut view, "dis.accused", "被告人", "", 0.0);
        paras.push((Sec::Facts, d));
    }
    let facts = narrative(w, &cx, &mut view, true);
    paras.push((Sec::Facts, format!("经审理查明，{facts}")));
    for vi in &c.victims {
        view.role(&vi.p, Role::Victim);
    }
    if let Some(d) = c.disability() {
        let who = c
            .victims
            .iter()
            .find(|v| v.disability == Some(d))
            .map(|v| view.name(&v.p))
            .unwrap_or_default();
        paras.push((
            Sec::Facts,
            format!("经鉴定，{who}的伤情构成{}级伤残。", cn_number(u32::from(d))),
        ));
    }
    let mut other = String::new();
    if incidental {
        other.push_str(&format!(
            "另查明，附带民事诉讼原告人{p_join}因本案造成的经济损失为：医疗费、误工费、护理费、交通费等合计{}元。",
            yuan(c.loss)
        ));
    }
    if let Some(s) = comp_sentence(
        w,
        c,
        &mut view,
        "crim",
        c.status_trial,
        "被告人",
        incidental,
    ) {
        if other.is_empty() {
            other = s;
        } else {
            other.push_str(&s);
        }
    }
    if !other.is_empty() {
        paras.push((Sec::Facts, other));
    }
    paras.push((Sec::Facts, bank().list("dis.evidence")[0].to_string()));
    let mut reason = format!(
        "本院认为，被告人{a}的行为已构成{}。公诉机关指控的罪名成立。被告人{a}到案后如实供述自己的罪行，依法可以从轻处罚。",
        c.charge.name()
    );
    if c.status_trial == CompensationStatus::Settled {
        reason.push_str("被告人已赔偿被害方经济损失并取得谅解，可以酌情从轻处罚。");
    }
    if w.rng.chance(if incidental { 0.5 } else { 0.2 }) {
        reason.push_str(bank().pick(&mut w.rng, "dis.statute.crim"));
    }
    reason.push_str(&format!(
        "依照《中华人民共和国刑法》{}、第六十七条第三款之规定，判决如下：",
        c.charge.article()
    ));
    paras.push((Sec::Reasoning, reason));
    let a0 = view.name(&c.accused[0]);
    paras.push((
        Sec::Result,
        format!(
            "一、被告人{a0}犯{}，{}。",
            c.charge.name(),
            sentence_text(c)
        ),
    ));
    if !c.probation {
        paras.push((
            Sec::Result,
            "（刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期一日。）"
                .to_string(),
        ));
    }
    if incidental && j.award > 0.0 {
        paras.push((
            Sec::Result,
            format!("二、被告人{a0}于本判决生效之日起十日内赔偿附带民事诉讼原告人{p_join}经济损失人民币{}元。", yuan(j.award)),
        ));
        paras.push((
            Sec::Result,
            format!("三、驳回附带民事诉讼原告人{p_join}的其他诉讼请求。"),
        ));
    }
    paras.push((
        Sec::Result,
        format!(
            "如不服本判决，可在接到判决书的第二日起十日内，通过本院或者直接向{}提出上诉。书面上诉的，应当提交上诉状正本一份，副本二份。",
            c.court.appeal_head
        ),
    ));
    judges_tail(w, c, j.date, &mut paras);
    let mut gold = GoldDoc::new(Kind::CriminalJudgment);
    gold.case_number = Some(j.no.canonical());
    gold.court = Some(c.court.head.to_string());
    gold.date = Some(j.date);
    gold.charges = c.charges();
    gold.compensation.status = c.status_trial;
    gold.injury = c.worst();
    gold.disability_grade = c.disability();
    gold.persons = view.gold();
    let parties = view.party_names();
    let case_name = format!(
        "{}{}刑事一审{title}",
        parties.first().cloned().unwrap_or_default(),
        c.charge.short()
    );
    let doc = Rendered {
        kind: Kind::CriminalJudgment,
        dir: "criminal",
        title: title.to_string(),
        court: c.court.head.to_string(),
        case_print: printed,
        date: j.date,
        paras,
        case_type: "刑事案件",
        procedure: "刑事一审",
        cause: Some(c.charge.short().to_string()),
        parties,
        statutes: vec![format!("《中华人民共和国刑法》{}", c.charge.article())],
        case_name,
        province: c.court.province.to_string(),
    };
    let s = slug(c.court, &j.no, "xingchu");
    w.emit(doc, gold, v, &s)
}

/// A second-instance ruling upholding the judgment (刑事裁定书, kind other).
/// Returns how an enforcement ruling cites it (浙江省温州市中级人民法院(2022)浙03刑终215号刑事
/// 附带民事裁定书).
fn appeal_ruling(w: &mut World, c: &Case, j: &Judgment, date: Date) -> Result<String, Error> {
    let v = w.variant(Class::Court, Want::Named);
    let mut view = w.view(&v);
    let no = w.court_case(c.court.appeal_code, "刑终", date.year());
    let incidental = c.incidental;
    let title = if incidental {
        "刑事附带民事裁定书"
    } else {
        "刑事裁定书"
    };
    let (mut paras, printed) = w.head(c.court.appeal_head, title, &no, Class::Court);
    paras.push((Sec::Parties, format!("原公诉机关{}。", c.court.proc_head)));
    let p0 = &c.accused[0];
    let (a, desc) = view.party(&mut w.rng, p0, 0.6, true);
    view.role(p0, Role::Accused);
    paras.push((Sec::Parties, format!("上诉人（原审被告人）{a}{desc}。")));
    if incidental {
        for p in &j.plaintiffs {
            let (name, desc) = view.party(&mut w.rng, p, 0.3, false);
            view.role(p, Role::IncidentalPlaintiff);
            if c.relatives.iter().any(|r| r.p.id == p.id) {
                view.role(p, Role::Relative);
            } else {
                view.role(p, Role::Victim);
            }
            paras.push((
                Sec::Parties,
                format!("被上诉人（原审附带民事诉讼原告人）{name}{desc}。"),
            ));
        }
    }
    let jprinted = j.no.print(w.brackets(Class::Court));
    paras.push((
        Sec::Procedure,
        format!(
            "{}审理{}指控原审被告人{a}犯{}一案，于{}作出{jprinted}{}。原审被告人{a}不服，提出上诉。本院依法组成合议庭，经过阅卷，讯问上诉人，认为本案事实清楚，决定不开庭审理。现已审理终结。",
            c.court.short,
            c.court.proc_short(),
            c.charge.name(),
            date_text(j.date),
            if incidental { "刑事附带民事判决" } else { "刑事判决" }
        ),
    ));
    let cx = Ctx {
        case: c,
        ra: "被告人",
    };
    paras.push((
        Sec::Facts,
        format!("原判认定，{}", narrative(w, &cx, &mut view, true)),
    ));
    for vi in &c.victims {
        view.role(&vi.p, Role::Victim);
    }
    paras.push((
        Sec::Facts,
        format!("上诉人{a}上诉提出，原判量刑过重，其家庭困难，请求二审从轻改判。"),
    ));
    let status = match c.status_trial {
        CompensationStatus::Settled => CompensationStatus::Settled,
        CompensationStatus::Unknown => CompensationStatus::Unknown,
        _ => CompensationStatus::Unsettled,
    };
    let finding = match status {
        CompensationStatus::Settled => format!(
            "经审理查明的事实和证据与原判相同。另查明，原审期间上诉人{a}已赔偿{}的经济损失并取得谅解。",
            if c.dead() {
                "被害人近亲属"
            } else {
                "被害人"
            }
        ),
        CompensationStatus::Unknown => "经审理查明的事实和证据与原判相同。".to_string(),
        _ => format!(
            "经审理查明的事实和证据与原判相同。二审期间，上诉人{a}及其家属仍未赔偿{}的经济损失，亦未取得谅解。",
            if c.dead() {
                "被害人近亲属"
            } else {
                "被害人"
            }
        ),
    };
    paras.push((Sec::Facts, finding));
    paras.push((
        Sec::Reasoning,
        format!(
            "本院认为，上诉人{a}的行为已构成{}。原判定罪和适用法律正确，量刑适当，审判程序合法。依照《中华人民共和国刑事诉讼法》第二百三十六条第一款第（一）项之规定，裁定如下：",
            c.charge.name()
        ),
    ));
    paras.push((Sec::Result, "驳回上诉，维持原判。".to_string()));
    paras.push((Sec::Result, "本裁定为终审裁定。".to_string()));
    judges_tail(w, c, date, &mut paras);
    let mut gold = GoldDoc::new(Kind::Other);
    gold.case_number = Some(no.canonical());
    gold.court = Some(c.court.appeal_head.to_string());
    gold.date = Some(date);
    gold.charges = c.charges();
    gold.compensation.status = status;
    gold.injury = c.worst();
    gold.persons = view.gold();
    let parties = view.party_names();
    let doc = Rendered {
        kind: Kind::Other,
        dir: "other",
        title: title.to_string(),
        court: c.court.appeal_head.to_string(),
        case_print: printed,
        date,
        paras,
        case_type: "刑事案件",
        procedure: "刑事二审",
        cause: Some(c.charge.short().to_string()),
        case_name: format!("{a}{}刑事二审{title}", c.charge.short()),
        parties,
        statutes: Vec::new(),
        province: c.court.province.to_string(),
    };
    let s = slug(c.court, &no, "xingzhong");
    let cite = format!(
        "{}{}{title}",
        c.court.appeal_head,
        no.print(Brackets::FullWidth)
    );
    w.emit(doc, gold, &v, &s)?;
    Ok(cite)
}

/// Runs one criminal storyline and returns its (first living) victim. `namesake` plants a
/// victim sharing that person's name; `strict` makes the victim one whose every named
/// mention can be told from a namesake's (the first of a planted pair).
pub fn story(
    w: &mut World,
    namesake: Option<&Person>,
    strict: bool,
) -> Result<Option<Person>, Error> {
    let c = plan(w, namesake, strict);
    let mut date = add_days(c.offence, w.rng.range(12, 35));
    let arrest_p = match c.charge {
        Charge::Traffic => 0.25,
        _ => 0.6,
    };
    if w.left() && !c.bail && w.rng.chance(arrest_p) {
        arrest_review(w, &c, date)?;
    }
    date = add_days(date, w.rng.range(40, 120));
    let minor_settled = c.status_indict == CompensationStatus::Settled
        && c.worst() != Injury::Death
        && c.worst() != Injury::Serious
        && c.charge == Charge::Injury;
    let mut judgment: Option<Judgment> = None;
    if w.left() && minor_settled && w.rng.chance(0.35) {
        non_prosecution(w, &c, date)?;
    } else if w.left() && w.rng.chance(0.92) {
        let indict_no = w.proc_case(c.court.proc_prefix, "刑诉", date.year());
        let v = w.variant(Class::Procuratorate, Want::Any);
        indictment(w, &c, date, &indict_no, &v)?;
        let jdate = add_days(date, w.rng.range(30, 100));
        if w.left() && w.rng.chance(0.9) {
            let no = w.court_case(c.court.code, "刑初", jdate.year());
            let award = if c.incidental && c.status_trial != CompensationStatus::Settled {
                if c.status_trial == CompensationStatus::Partial {
                    cents(c.loss - c.paid)
                } else {
                    c.loss
                }
            } else {
                0.0
            };
            let plaintiffs: Vec<Person> = if c.incidental {
                if c.dead() {
                    c.relatives.iter().map(|r| r.p.clone()).collect()
                } else {
                    c.victims.iter().map(|v| v.p.clone()).collect()
                }
            } else {
                Vec::new()
            };
            let mut j = Judgment {
                no,
                date: jdate,
                award,
                plaintiffs,
                appeal: None,
            };
            // Victim side of the judgment as the case link sees it: the deceased victim
            // counts too. A judgment published only in anonymised form must have exactly
            // one, or its enforcement cannot be linked (DESIGN.md §5).
            let victim_side = if c.incidental && c.dead() {
                c.relatives.len() + 1
            } else {
                c.victims.len()
            };
            let strict = c.victims.iter().any(|v| v.p.strict);
            if w.rng.chance(0.14) && w.budget >= 2 && !strict {
                let vi = w.variant(Class::Court, Want::Internal);
                criminal_judgment(w, &c, &j, &indict_no, date, &vi)?;
                let vp = w.variant(Class::Court, Want::Published);
                criminal_judgment(w, &c, &j, &indict_no, date, &vp)?;
            } else {
                let want = if victim_side > 1 || strict {
                    Want::Named
                } else {
                    Want::Any
                };
                let vj = w.variant(Class::Court, want);
                criminal_judgment(w, &c, &j, &indict_no, date, &vj)?;
            }
            if w.left() && w.rng.chance(0.06) {
                let adate = add_days(jdate, w.rng.range(60, 110));
                j.appeal = Some((appeal_ruling(w, &c, &j, adate)?, adate));
            }
            judgment = Some(j);
        }
    }
    // Enforcement of the incidental award.
    let mut unpaid = false;
    if let Some(j) = &judgment
        && j.award > 0.0
        && w.left()
        && w.rng.chance(0.7)
    {
        let basis = Basis {
            court: c.court,
            no: j.no.clone(),
            judgment_title: if c.incidental {
                "刑事附带民事判决书"
            } else {
                "刑事判决书"
            },
            // The judgment takes effect when the appeal is dismissed.
            date: j.appeal.as_ref().map_or(j.date, |(_, d)| *d),
            cause: None,
            applicants: j.plaintiffs.clone(),
            applicant_orgs: Vec::new(),
            also_cited: j.appeal.as_ref().map(|(cite, _)| cite.clone()),
            respondents: c.accused.iter().map(|p| Party::Person(p.clone())).collect(),
            amount: j.award,
            victim_side: if c.dead() {
                j.plaintiffs.len() + 1
            } else {
                j.plaintiffs.len()
            },
            in_prison: !c.probation,
        };
        unpaid = enforce::chain(w, &basis)?;
    }
    // Traffic: the civil suit against the driver and the insurer.
    if c.charge == Charge::Traffic
        && c.status_trial != CompensationStatus::Settled
        && w.left()
        && w.rng.chance(0.5)
    {
        let plaintiffs: Vec<Person> = if c.dead() {
            c.relatives.iter().map(|r| r.p.clone()).collect()
        } else {
            c.victims.iter().map(|v| v.p.clone()).collect()
        };
        let deceased = c.dead().then(|| c.victims[0].p.clone());
        let relations: Vec<&'static str> = c.relatives.iter().map(|r| r.relation).collect();
        unpaid |= crate::civil::traffic_after_crime(
            w,
            c.court,
            &plaintiffs,
            deceased.as_ref(),
            &relations,
            &c.accused[0],
            c.offence,
            c.victims[0].disability,
            judgment.as_ref().map(|j| j.no.print(Brackets::FullWidth)),
        )?;
    }
    // Rosters.
    let year = c.offence.year();
    for vi in &c.victims {
        let need = Need {
            victim_side: true,
            elderly: vi.p.age_in(2023) >= 60,
            minor: vi.p.age_in(year) < 18,
            disabled: vi.disability.is_some(),
            woman: vi.p.sex == jiuzhu_core::Gender::Female,
            unpaid: unpaid
                || (c.charge.name() == "故意伤害罪"
                    && c.status_trial == CompensationStatus::Unsettled),
        };
        w.consider(&vi.p, need);
    }
    for r in &c.relatives {
        let need = Need {
            victim_side: true,
            elderly: r.p.age_in(2023) >= 60,
            minor: false,
            disabled: false,
            woman: r.p.sex == jiuzhu_core::Gender::Female,
            unpaid,
        };
        w.consider(&r.p, need);
    }
    for p in &c.accused {
        w.consider(p, Need::default());
    }
    Ok(c.victims
        .into_iter()
        .find(|v| v.injury != Injury::Death)
        .map(|v| v.p))
}
