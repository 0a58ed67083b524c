//! Evaluation experts and committees: who may be admitted to the library, what a
//! committee request must look like, and the avoidance rules (回避) that take an
//! expert out of a draw. Pure functions over plain data; the server applies them to
//! the library, and anyone re-checking a draw applies them again.
//!
//! Sources: 招标投标法 Art. 37 (committee of 5 or more, an odd number, technical and
//! economic experts at least two thirds; experts with 8 years in the field and a senior
//! title); 实施条例 Art. 46 (random draw, no designation); 评标委员会和评标方法暂行规定
//! Art. 12 and 政府采购法实施条例 Art. 9 (who must stand aside). The frequency limits
//! (N draws in M days, K days after a tender of the same tenderer) are each centre's
//! settings, not constants.

use crate::problem::Problem;
use crate::time::Timestamp;

/// Years of practice the law asks of an expert.
pub const MIN_YEARS: u32 = 8;
/// The smallest committee.
pub const MIN_COMMITTEE: u32 = 5;
/// Reserve experts per specialty, at most.
pub const MAX_RESERVES: u32 = 2;

/// Professional title (职称).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Title {
    /// 正高级 (教授级高工, 研究员…)
    FullSenior,
    /// 副高级 (高级工程师, 高级经济师…)
    Senior,
    /// 中级
    Intermediate,
    /// 初级 or none
    Junior,
}

impl Title {
    pub fn parse(s: &str) -> Option<Title> {
        Some(match s {
            "full_senior" => Title::FullSenior,
            "senior" => Title::Senior,
            "intermediate" => Title::Intermediate,
            "junior" => Title::Junior,
            _ => return None,
        })
    }
}

/// A specialty code of the national classification: a letter A (工程), B (货物) or C
/// (服务) and up to three more two-digit levels (`A08`, `A0801`, `A080102`).
pub fn specialty_code_ok(code: &str) -> bool {
    let b = code.as_bytes();
    matches!(b.first(), Some(b'A' | b'B' | b'C'))
        && (3..=7).contains(&b.len())
        && !b.len().is_multiple_of(2)
        && b[1..].iter().all(u8::is_ascii_digit)
}

/// The specialty classification as far as this repository holds it
/// (`data/specialties.csv`): the three classes A 工程, B 货物, C 服务 and the first level of
/// A, from the national public resource trading data specification (公共资源交易平台系统
/// 数据规范, 9.8.7 标段（包）分类), which takes them from the experts' specialty
/// classification (发改法规〔2010〕1538号, continued by 〔2018〕316号). Deeper codes, and the
/// first levels of B and C, are accepted under a known parent.
const SPECIALTIES: &str = include_str!("../data/specialties.csv");

/// `(code, Chinese name, English name)` of every listed class.
pub fn specialty_classes() -> Vec<(&'static str, &'static str, &'static str)> {
    SPECIALTIES
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut f = l.splitn(3, ',');
            Some((f.next()?, f.next()?, f.next()?))
        })
        .collect()
}

/// The nearest listed class a code falls under (`A0801` → `A08` 工程施工), or `None` when
/// its parent is not a known class (`A99`, `D01`).
pub fn specialty_class(code: &str) -> Option<(&'static str, &'static str, &'static str)> {
    if !specialty_code_ok(code) {
        return None;
    }
    let classes = specialty_classes();
    let exact_or_parent = |c: &str| classes.iter().find(|(k, _, _)| *k == c).copied();
    // A listed code, or a deeper one under a listed code; A's first level is listed in
    // full, so A plus an unlisted first level is unknown.
    if let Some(hit) = exact_or_parent(&code[..3]) {
        return Some(hit);
    }
    if code.starts_with('A') { None } else { exact_or_parent(&code[..1]) }
}

/// Does an expert with `specialty` serve a request for `wanted`? The same code, or a
/// deeper code under it (`A0801` serves `A08`).
pub fn specialty_serves(specialty: &str, wanted: &str) -> bool {
    specialty.starts_with(wanted)
}

/// Why an applicant cannot be admitted to the library (every reason).
pub fn admission_problems(years: u32, title: Title, specialties: &[String]) -> Vec<Problem> {
    let mut p = Vec::new();
    if years < MIN_YEARS {
        p.push(Problem::new("expert.years", "years", format!("the law asks for {MIN_YEARS} years of practice; {years} given")));
    }
    if !matches!(title, Title::FullSenior | Title::Senior) {
        p.push(Problem::new("expert.title", "title", "the law asks for a senior (副高级 or 正高级) title"));
    }
    if specialties.is_empty() || specialties.len() > 4 {
        p.push(Problem::new("expert.specialty", "specialties", "name one to four specialties"));
    }
    for s in specialties {
        if specialty_code_ok(s) && specialty_class(s).is_none() {
            p.push(Problem::new(
                "expert.specialty",
                format!("specialties[{s}]"),
                format!("'{s}' is not under a known class of the classification (A01–A10, B, C)"),
            ));
        } else if !specialty_code_ok(s) {
            p.push(Problem::new(
                "expert.specialty",
                format!("specialties[{s}]"),
                format!("'{s}' is not a specialty code like A08 or A0801"),
            ));
        }
    }
    p
}

/// A committee request: its size, how many seats the tenderer's representatives take,
/// the experts per specialty, and reserves per specialty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeRequest {
    pub size: u32,
    pub tenderer_representatives: u32,
    /// (specialty code, experts)
    pub groups: Vec<(String, u32)>,
    pub reserves_per_group: u32,
}

/// Every reason a committee request breaks the law or does not add up.
pub fn committee_problems(r: &CommitteeRequest) -> Vec<Problem> {
    let mut p = Vec::new();
    if r.size < MIN_COMMITTEE || r.size.is_multiple_of(2) {
        p.push(Problem::new(
            "draw.size",
            "size",
            format!("a committee has {MIN_COMMITTEE} or more members, an odd number; {} asked", r.size),
        ));
    }
    let experts = r.size.saturating_sub(r.tenderer_representatives);
    if experts * 3 < r.size * 2 {
        p.push(Problem::new(
            "draw.experts_share",
            "tenderer_representatives",
            format!("technical and economic experts must be at least two thirds of the committee: {experts} of {}", r.size),
        ));
    }
    let drawn: u32 = r.groups.iter().map(|(_, n)| n).sum();
    if drawn != experts {
        p.push(Problem::new("draw.counts", "groups", format!("the specialties add up to {drawn} experts, the committee needs {experts}")));
    }
    for (code, n) in &r.groups {
        if specialty_class(code).is_none() || *n == 0 {
            p.push(Problem::new(
                "draw.counts",
                format!("groups[{code}]"),
                format!("'{code}' with {n} experts is not a specialty and a count"),
            ));
        }
    }
    if r.reserves_per_group > MAX_RESERVES {
        p.push(Problem::new("draw.reserves", "reserves_per_group", format!("at most {MAX_RESERVES} reserves per specialty")));
    }
    p
}

/// An expert as the avoidance rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertFacts {
    pub id: String,
    pub employer: String,
    /// `active`, `suspended` (with its end) or `removed`.
    pub status: ExpertStatus,
    /// Days (Beijing dates, `YYYY-MM-DD`) the expert cannot serve.
    pub unavailable: Vec<String>,
    /// When the expert was drawn before (any tender).
    pub drawn_at: Vec<Timestamp>,
    /// (tenderer USCC, when) of the evaluations the expert sat on.
    pub evaluated: Vec<(String, Timestamp)>,
    /// On a credit blacklist (from the credit library) as of the draw.
    pub blacklisted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpertStatus {
    Active,
    Suspended { until: Timestamp },
    Removed,
}

/// What the tender and the centre's settings say about this draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrawContext {
    pub tenderer: String,
    pub agency: String,
    /// Bidders' USCCs as known (at the deadline, the final list).
    pub bidders: Vec<String>,
    /// Experts the tender names for exclusion: (expert id, reason).
    pub excluded: Vec<(String, String)>,
    /// The evaluation day (Beijing, `YYYY-MM-DD`).
    pub evaluation_day: String,
    pub now: Timestamp,
    /// At most `max_draws` draws in the last `window_days` days (the centre's setting).
    pub max_draws: u32,
    pub window_days: u32,
    /// Not within `same_tenderer_days` of an evaluation for the same tenderer (0: no limit).
    pub same_tenderer_days: u32,
}

/// Why an expert stands aside from a draw: a stable code for each named rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Avoidance {
    EmployerIsTenderer,
    EmployerIsAgency,
    EmployerIsBidder,
    NamedExclusion(String),
    DrawnTooOften { times: u32 },
    Suspended,
    Removed,
    Blacklisted,
    Unavailable,
    SameTendererRecently,
}

impl Avoidance {
    pub fn code(&self) -> &'static str {
        match self {
            Avoidance::EmployerIsTenderer => "avoid.tenderer",
            Avoidance::EmployerIsAgency => "avoid.agency",
            Avoidance::EmployerIsBidder => "avoid.bidder",
            Avoidance::NamedExclusion(_) => "avoid.named",
            Avoidance::DrawnTooOften { .. } => "avoid.frequency",
            Avoidance::Suspended => "avoid.suspended",
            Avoidance::Removed => "avoid.removed",
            Avoidance::Blacklisted => "avoid.blacklisted",
            Avoidance::Unavailable => "avoid.unavailable",
            Avoidance::SameTendererRecently => "avoid.same_tenderer",
        }
    }
}

const DAY: i64 = 86_400;

/// The first rule that takes `e` out of this draw, or `None` when it is eligible. (The
/// rule "two experts of one employer" applies during the selection itself.)
pub fn avoidance(e: &ExpertFacts, ctx: &DrawContext) -> Option<Avoidance> {
    match &e.status {
        ExpertStatus::Removed => return Some(Avoidance::Removed),
        ExpertStatus::Suspended { until } if *until > ctx.now => return Some(Avoidance::Suspended),
        _ => {}
    }
    if e.blacklisted {
        return Some(Avoidance::Blacklisted);
    }
    if e.employer == ctx.tenderer {
        return Some(Avoidance::EmployerIsTenderer);
    }
    if e.employer == ctx.agency {
        return Some(Avoidance::EmployerIsAgency);
    }
    if ctx.bidders.contains(&e.employer) {
        return Some(Avoidance::EmployerIsBidder);
    }
    if let Some((_, why)) = ctx.excluded.iter().find(|(id, _)| *id == e.id) {
        return Some(Avoidance::NamedExclusion(why.clone()));
    }
    if e.unavailable.contains(&ctx.evaluation_day) {
        return Some(Avoidance::Unavailable);
    }
    let since = ctx.now.unix() - ctx.window_days as i64 * DAY;
    let times = e.drawn_at.iter().filter(|t| t.unix() > since).count() as u32;
    if ctx.window_days > 0 && times >= ctx.max_draws {
        return Some(Avoidance::DrawnTooOften { times });
    }
    if ctx.same_tenderer_days > 0 {
        let since = ctx.now.unix() - ctx.same_tenderer_days as i64 * DAY;
        if e.evaluated.iter().any(|(t, at)| *t == ctx.tenderer && at.unix() > since) {
            return Some(Avoidance::SameTendererRecently);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expert() -> ExpertFacts {
        ExpertFacts {
            id: "x1".into(),
            employer: "91330500MA28CK3N4C".into(),
            status: ExpertStatus::Active,
            unavailable: vec![],
            drawn_at: vec![],
            evaluated: vec![],
            blacklisted: false,
        }
    }

    fn ctx() -> DrawContext {
        DrawContext {
            tenderer: "T".into(),
            agency: "A".into(),
            bidders: vec!["B1".into(), "B2".into()],
            excluded: vec![],
            evaluation_day: "2026-12-20".into(),
            now: Timestamp::from_unix(1_796_000_000),
            max_draws: 3,
            window_days: 30,
            same_tenderer_days: 90,
        }
    }

    #[test]
    fn admission_needs_eight_years_a_senior_title_and_real_specialties() {
        assert!(admission_problems(8, Title::Senior, &["A08".into()]).is_empty());
        let codes = |p: Vec<Problem>| p.into_iter().map(|p| p.code).collect::<Vec<_>>();
        assert_eq!(codes(admission_problems(7, Title::Senior, &["A08".into()])), ["expert.years"]);
        assert_eq!(codes(admission_problems(20, Title::Intermediate, &["A0801".into()])), ["expert.title"]);
        assert_eq!(codes(admission_problems(20, Title::FullSenior, &["D01".into()])), ["expert.specialty"]);
        assert!(specialty_serves("A0801", "A08") && !specialty_serves("A07", "A08"));
        assert_eq!(codes(admission_problems(20, Title::Senior, &["A99".into()])), ["expert.specialty"], "no class A99");
    }

    #[test]
    fn specialty_codes_fall_under_a_known_class_of_the_vendored_list() {
        assert_eq!(specialty_class("A08").map(|c| c.1), Some("工程施工"));
        assert_eq!(specialty_class("A080102").map(|c| c.0), Some("A08"), "a deeper code under a known class");
        assert_eq!(specialty_class("C05").map(|c| c.0), Some("C"), "C's first level is not listed: accepted under C");
        assert_eq!(specialty_class("A11"), None);
        assert_eq!(specialty_class("D01"), None);
        assert_eq!(specialty_classes().len(), 13);
    }

    #[test]
    fn a_committee_is_five_or_more_odd_with_two_thirds_experts() {
        let r = CommitteeRequest {
            size: 5,
            tenderer_representatives: 1,
            groups: vec![("A08".into(), 3), ("C05".into(), 1)],
            reserves_per_group: 2,
        };
        assert!(committee_problems(&r).is_empty());
        let codes = |r: CommitteeRequest| committee_problems(&r).into_iter().map(|p| p.code).collect::<Vec<_>>();
        assert!(codes(CommitteeRequest { size: 4, ..r.clone() }).contains(&"draw.size".to_string()));
        assert!(codes(CommitteeRequest { size: 6, ..r.clone() }).contains(&"draw.size".to_string()));
        assert_eq!(
            codes(CommitteeRequest { tenderer_representatives: 2, groups: vec![("A08".into(), 3)], ..r.clone() }),
            ["draw.experts_share"]
        );
        assert_eq!(codes(CommitteeRequest { groups: vec![("A08".into(), 3)], ..r.clone() }), ["draw.counts"]);
        assert_eq!(codes(CommitteeRequest { reserves_per_group: 3, ..r }), ["draw.reserves"]);
    }

    #[test]
    fn avoid_the_tenderers_the_agencys_and_a_bidders_employees() {
        assert_eq!(avoidance(&expert(), &ctx()), None);
        for (emp, want) in [("T", Avoidance::EmployerIsTenderer), ("A", Avoidance::EmployerIsAgency), ("B2", Avoidance::EmployerIsBidder)] {
            assert_eq!(avoidance(&ExpertFacts { employer: emp.into(), ..expert() }, &ctx()), Some(want));
        }
    }

    #[test]
    fn avoid_an_expert_the_tender_names_with_its_reason() {
        let c = DrawContext { excluded: vec![("x1".into(), "曾参与本项目设计".into())], ..ctx() };
        assert_eq!(avoidance(&expert(), &c), Some(Avoidance::NamedExclusion("曾参与本项目设计".into())));
    }

    #[test]
    fn avoid_an_expert_drawn_too_often_in_the_window() {
        let now = ctx().now.unix();
        let e = ExpertFacts {
            drawn_at: vec![Timestamp::from_unix(now - DAY), Timestamp::from_unix(now - 2 * DAY), Timestamp::from_unix(now - 40 * DAY)],
            ..expert()
        };
        assert_eq!(avoidance(&e, &ctx()), None, "two draws in the last 30 days; the third is older");
        let e = ExpertFacts { drawn_at: vec![Timestamp::from_unix(now - 3 * DAY); 3], ..e };
        assert_eq!(avoidance(&e, &ctx()), Some(Avoidance::DrawnTooOften { times: 3 }));
    }

    #[test]
    fn avoid_suspended_removed_blacklisted_and_unavailable_experts() {
        let now = ctx().now;
        assert_eq!(
            avoidance(&ExpertFacts { status: ExpertStatus::Suspended { until: now.plus_seconds(DAY) }, ..expert() }, &ctx()),
            Some(Avoidance::Suspended)
        );
        assert_eq!(
            avoidance(&ExpertFacts { status: ExpertStatus::Suspended { until: now.plus_seconds(-DAY) }, ..expert() }, &ctx()),
            None,
            "the suspension ended"
        );
        assert_eq!(avoidance(&ExpertFacts { status: ExpertStatus::Removed, ..expert() }, &ctx()), Some(Avoidance::Removed));
        assert_eq!(avoidance(&ExpertFacts { blacklisted: true, ..expert() }, &ctx()), Some(Avoidance::Blacklisted));
        assert_eq!(avoidance(&ExpertFacts { unavailable: vec!["2026-12-20".into()], ..expert() }, &ctx()), Some(Avoidance::Unavailable));
    }

    #[test]
    fn avoid_an_expert_who_evaluated_for_the_same_tenderer_recently() {
        let now = ctx().now.unix();
        let e = ExpertFacts { evaluated: vec![("T".into(), Timestamp::from_unix(now - 30 * DAY))], ..expert() };
        assert_eq!(avoidance(&e, &ctx()), Some(Avoidance::SameTendererRecently));
        assert_eq!(avoidance(&e, &DrawContext { same_tenderer_days: 0, ..ctx() }), None, "the centre sets no limit");
        let e = ExpertFacts { evaluated: vec![("T".into(), Timestamp::from_unix(now - 100 * DAY))], ..e };
        assert_eq!(avoidance(&e, &ctx()), None);
    }
}
