//! The committee's work as data, and the rules on it: each member's review sheet
//! (资格审查 and 符合性审查: pass or fail per item per bid, a reason for every fail) and
//! score sheet (per criterion per bid, within the tender's ranges, a comment at either end
//! of a range); the committee's conclusion on each bid (an item fails when more than half
//! of the members who reviewed fail it); and the evaluation of each lot from the members'
//! totals — price scores by the tender's formula, aggregation, deviation flags, ranking —
//! with the lots awarded in the tender's order under its multi-lot rule.
//!
//! The server checks and stores the sheets; `tenderbox evaluation recompute` runs the same
//! functions on the published result. Nothing here depends on the order sheets arrive in.

use crate::problem::Problem;
use crate::scoring::{self, Evaluated, LotAward, Ranked, ScoringError};
use crate::tender::{Criterion, CriterionKind, EvaluationMethod, ScoringRules, TenderDocument};
use crate::time::Timestamp;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Format of review and score sheets.
pub const SHEET_FORMAT: u32 = 1;

/// Longest reason or comment, in characters.
pub const MAX_NOTE: usize = 1000;

/// The two pass/fail steps before scoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStep {
    /// 资格审查: the tender's qualification items.
    Qualification,
    /// 符合性审查: the bid responds to each required item of the lots it offers.
    Compliance,
}

impl ReviewStep {
    /// The words the published result uses for a bid that fails this step.
    pub fn failure_words(self) -> &'static str {
        match self {
            ReviewStep::Qualification => "资格审查未通过",
            ReviewStep::Compliance => "符合性审查不通过",
        }
    }
}

/// One item a bid is reviewed against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub step: ReviewStep,
    /// The qualification item's id, or `lot/item` for a compliance item.
    pub id: String,
    pub text: String,
}

/// The items of one bid's review: the tender's qualification items, then one compliance
/// item per required item of each lot the bid offers, in the tender's order.
pub fn review_items(doc: &TenderDocument, offered_lots: &[String]) -> Vec<ReviewItem> {
    let qualification = match &doc.method {
        EvaluationMethod::Comprehensive { qualification, .. } | EvaluationMethod::LowestEvaluatedPrice { qualification } => qualification,
    };
    let mut out: Vec<ReviewItem> =
        qualification.iter().map(|q| ReviewItem { step: ReviewStep::Qualification, id: q.id.clone(), text: q.text.clone() }).collect();
    for lot in doc.lots.iter().filter(|l| offered_lots.contains(&l.id)) {
        for item in &lot.items {
            out.push(ReviewItem {
                step: ReviewStep::Compliance,
                id: format!("{}/{}", lot.id, item.id),
                text: if doc.lots.len() > 1 { format!("{}：{}", lot.name, item.title) } else { item.title.clone() },
            });
        }
    }
    out
}

/// One member's mark on one item of one bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewMark {
    /// The bidder's credit code.
    pub bidder: String,
    pub step: ReviewStep,
    pub item: String,
    pub pass: bool,
    /// Required for a fail: what the bid lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A member's review of every bid (signed by the member before it counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewSheet {
    pub format: u32,
    pub tender: String,
    /// The member's seat on the committee.
    pub seat: String,
    pub marks: Vec<ReviewMark>,
    pub signed_at: Timestamp,
}

fn note_problem(code: &str, path: &str, note: &Option<String>, required: bool, what: &str) -> Option<Problem> {
    let text = note.as_deref().map(str::trim).unwrap_or_default();
    if required && text.is_empty() {
        return Some(Problem::new(code, path, format!("{what} needs a written reason")));
    }
    if text.chars().count() > MAX_NOTE {
        return Some(Problem::new("evaluation.note_too_long", path, format!("at most {MAX_NOTE} characters")));
    }
    None
}

/// Every problem of a review sheet for the bids `bids` (bidder → its items): one mark per
/// item per bid, a reason for every fail.
pub fn check_review(sheet: &ReviewSheet, tender: &str, seat: &str, bids: &[(String, Vec<ReviewItem>)]) -> Vec<Problem> {
    let mut p = Vec::new();
    if sheet.format != SHEET_FORMAT {
        p.push(Problem::new("review.format", "format", format!("format {} is not {SHEET_FORMAT}", sheet.format)));
    }
    if sheet.tender != tender || sheet.seat != seat {
        p.push(Problem::new(
            "review.tender",
            "tender",
            format!("the sheet is for {} seat {}, not {tender} seat {seat}", sheet.tender, sheet.seat),
        ));
    }
    let mut seen = BTreeSet::new();
    for m in &sheet.marks {
        let at = format!("marks[{}/{}]", m.bidder, m.item);
        let known =
            bids.iter().find(|(b, _)| *b == m.bidder).and_then(|(_, items)| items.iter().find(|i| i.id == m.item && i.step == m.step));
        if known.is_none() {
            p.push(Problem::new("review.unknown", &at, format!("{} is not an item of bidder {}'s review", m.item, m.bidder)));
            continue;
        }
        if !seen.insert((m.bidder.clone(), m.item.clone())) {
            p.push(Problem::new("review.duplicate", &at, "marked twice"));
        }
        p.extend(note_problem("review.reason", &at, &m.reason, !m.pass, "a fail"));
    }
    for (bidder, items) in bids {
        for i in items {
            if !seen.contains(&(bidder.clone(), i.id.clone())) {
                p.push(Problem::new("review.missing", format!("marks[{bidder}/{}]", i.id), format!("{bidder}: {} is not marked", i.text)));
            }
        }
    }
    p
}

/// An item the committee failed a bid on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemFailure {
    pub step: ReviewStep,
    pub item: String,
    pub text: String,
    /// Members who failed it, of those who reviewed.
    pub fails: u32,
    pub of: u32,
    /// The members' reasons, in seat order.
    pub reasons: Vec<String>,
}

/// The committee's conclusion on one bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidReview {
    pub bidder: String,
    pub passed: bool,
    pub failures: Vec<ItemFailure>,
}

impl BidReview {
    /// The reason carried to the published result, in the words used today:
    /// `资格审查未通过：…；符合性审查不通过：…`.
    pub fn reason(&self) -> Option<String> {
        if self.passed {
            return None;
        }
        let mut by_step: BTreeMap<ReviewStep, Vec<String>> = BTreeMap::new();
        for f in &self.failures {
            let why = f.reasons.first().map(|r| format!("{}（{}）", f.text, r)).unwrap_or_else(|| f.text.clone());
            by_step.entry(f.step).or_default().push(why);
        }
        Some(by_step.iter().map(|(s, v)| format!("{}：{}", s.failure_words(), v.join("；"))).collect::<Vec<_>>().join("；"))
    }
}

/// The committee's conclusion (少数服从多数): a bid fails an item when more than half of
/// the members whose sheets are given failed it, and is out when it fails any item.
pub fn conclude_review(bids: &[(String, Vec<ReviewItem>)], sheets: &[ReviewSheet]) -> Vec<BidReview> {
    let mut sheets: Vec<&ReviewSheet> = sheets.iter().collect();
    sheets.sort_by(|a, b| a.seat.cmp(&b.seat));
    let of = sheets.len() as u32;
    bids.iter()
        .map(|(bidder, items)| {
            let failures: Vec<ItemFailure> = items
                .iter()
                .filter_map(|i| {
                    let fails: Vec<&ReviewMark> = sheets
                        .iter()
                        .filter_map(|s| s.marks.iter().find(|m| &m.bidder == bidder && m.item == i.id && m.step == i.step))
                        .filter(|m| !m.pass)
                        .collect();
                    (fails.len() as u32 * 2 > of).then(|| ItemFailure {
                        step: i.step,
                        item: i.id.clone(),
                        text: i.text.clone(),
                        fails: fails.len() as u32,
                        of,
                        reasons: fails.iter().filter_map(|m| m.reason.as_deref().map(|r| r.trim().to_string())).collect(),
                    })
                })
                .collect();
            BidReview { bidder: bidder.clone(), passed: failures.is_empty(), failures }
        })
        .collect()
}

/// The review item under which a bid barred by the credit library fails qualification.
pub const CREDIT_ITEM: &str = "credit";

/// **credit.at_evaluation** (财库〔2016〕125号: the record as of the evaluation counts): a
/// bidder the library bars at the evaluation fails qualification on the credit item, with
/// each record cited as the reason, whatever the members marked.
pub fn apply_credit(conclusion: &mut [BidReview], barred: &[(String, Vec<String>)]) {
    for r in conclusion.iter_mut() {
        let Some((_, citations)) = barred.iter().find(|(b, c)| b == &r.bidder && !c.is_empty()) else { continue };
        let of = r.failures.first().map(|f| f.of).unwrap_or(0);
        r.failures.insert(
            0,
            ItemFailure {
                step: ReviewStep::Qualification,
                item: CREDIT_ITEM.into(),
                text: "信用记录（评标时查询）".into(),
                fails: of,
                of,
                reasons: citations.clone(),
            },
        );
        r.passed = false;
    }
}

/// One member's score for one criterion of one bid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionScore {
    pub bidder: String,
    pub criterion: String,
    pub score: Decimal,
    /// Required when the score is at either end of the criterion's range.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A member's scores for one lot (signed by the member before it counts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSheet {
    pub format: u32,
    pub tender: String,
    pub seat: String,
    pub lot: String,
    pub scores: Vec<CriterionScore>,
    pub signed_at: Timestamp,
}

/// Every problem of a score sheet for `bidders` (those admitted to the lot after the
/// review) under `criteria`: one score per criterion per bidder, within 0 … the
/// criterion's points, no more decimals than the tender publishes, a comment at either
/// end of the range.
pub fn check_scores(
    sheet: &ScoreSheet,
    tender: &str,
    seat: &str,
    lot: &str,
    criteria: &[Criterion],
    bidders: &[String],
    rules: &ScoringRules,
) -> Vec<Problem> {
    let mut p = Vec::new();
    if sheet.format != SHEET_FORMAT {
        p.push(Problem::new("score.format", "format", format!("format {} is not {SHEET_FORMAT}", sheet.format)));
    }
    if sheet.tender != tender || sheet.seat != seat || sheet.lot != lot {
        p.push(Problem::new(
            "score.tender",
            "tender",
            format!("the sheet is for {} seat {} lot {}, not {tender} seat {seat} lot {lot}", sheet.tender, sheet.seat, sheet.lot),
        ));
    }
    let mut seen = BTreeSet::new();
    for s in &sheet.scores {
        let at = format!("scores[{}/{}]", s.bidder, s.criterion);
        let Some(c) = criteria.iter().find(|c| c.id == s.criterion) else {
            p.push(Problem::new("score.unknown", &at, format!("{} is not a criterion of the tender", s.criterion)));
            continue;
        };
        if !bidders.contains(&s.bidder) {
            p.push(Problem::new("score.unknown", &at, format!("{} is not a bidder admitted to lot {lot}", s.bidder)));
            continue;
        }
        if !seen.insert((s.bidder.clone(), s.criterion.clone())) {
            p.push(Problem::new("score.duplicate", &at, "scored twice"));
        }
        if s.score < Decimal::ZERO || s.score > c.max_points {
            p.push(Problem::new("score.range", &at, format!("{} is outside 0 … {} for {}", s.score, c.max_points, c.name)));
            continue;
        }
        if s.score.normalize().scale() > rules.decimals {
            p.push(Problem::new("score.decimals", &at, format!("{} has more than {} decimal places", s.score, rules.decimals)));
        }
        let at_end = s.score == Decimal::ZERO || s.score == c.max_points;
        p.extend(note_problem("score.comment", &at, &s.comment, at_end, &format!("a score of {} (an end of the range)", s.score)));
    }
    for b in bidders {
        for c in criteria {
            if !seen.contains(&(b.clone(), c.id.clone())) {
                p.push(Problem::new("score.missing", format!("scores[{b}/{}]", c.id), format!("{b}: {} is not scored", c.name)));
            }
        }
    }
    p
}

/// Objective criteria are counted from facts, so every member gives the same score; a
/// difference is named (criterion, bidder, the scores) and must be settled before the
/// lot is evaluated.
pub fn objective_differences(criteria: &[Criterion], sheets: &[ScoreSheet]) -> Vec<Problem> {
    let mut seen: BTreeMap<(String, String), BTreeSet<Decimal>> = BTreeMap::new();
    for s in sheets {
        for c in &s.scores {
            if criteria.iter().any(|k| k.id == c.criterion && k.kind == CriterionKind::Objective) {
                seen.entry((c.criterion.clone(), c.bidder.clone())).or_default().insert(c.score.normalize());
            }
        }
    }
    seen.into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|((c, b), v)| {
            Problem::new(
                "score.objective_differs",
                format!("scores[{b}/{c}]"),
                format!(
                    "members gave {} for an objective criterion; they must agree",
                    v.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")
                ),
            )
        })
        .collect()
}

/// A member's score for one bid: the sum of their criterion scores.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MemberTotal {
    pub seat: String,
    pub bidder: String,
    pub score: Decimal,
}

/// Each member's total per bidder from their sheets (exact, unrounded: the scores are).
pub fn member_totals(sheets: &[ScoreSheet]) -> Vec<MemberTotal> {
    let mut t: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    for s in sheets {
        for c in &s.scores {
            *t.entry((s.seat.clone(), c.bidder.clone())).or_default() += c.score;
        }
    }
    t.into_iter().map(|((seat, bidder), score)| MemberTotal { seat, bidder, score }).collect()
}

/// A member whose score for a bid deviates from the members' mean by more than the
/// tender's threshold (评分偏离度): they must write a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatDeviation {
    pub seat: String,
    pub percent: Decimal,
}

/// One bidder's line in a lot's evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotLine {
    pub bidder: String,
    pub price: Decimal,
    /// Comprehensive method: the price score and the price's deviation from the base (%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_score: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_deviation_percent: Option<Decimal>,
    /// Each member's total for this bid, by seat.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberTotal>,
    /// The committee's aggregated score of the criteria.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical: Option<Decimal>,
    /// Technical + price score (comprehensive), or the price (lowest evaluated price).
    pub total: Decimal,
    pub rank: u32,
    pub tied: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub deviations: Vec<SeatDeviation>,
}

/// A lot's evaluation: its lines in ranking order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotEvaluation {
    pub lot: String,
    /// The evaluation base price (comprehensive method).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<Decimal>,
    pub lines: Vec<LotLine>,
}

/// Evaluates one lot from the admitted bids (bidder, price) and the members' totals:
/// price scores by the tender's formula, each bid's aggregate under the tender's rules,
/// deviation flags, and the ranking with the tender's tie-breaks. Under the lowest
/// evaluated price method the admitted prices alone rank the bids.
pub fn evaluate_lot(
    method: &EvaluationMethod,
    rules: &ScoringRules,
    lot: &str,
    admitted: &[(String, Decimal)],
    totals: &[MemberTotal],
) -> Result<LotEvaluation, ScoringError> {
    let mut admitted = admitted.to_vec();
    admitted.sort();
    if admitted.is_empty() {
        return Ok(LotEvaluation { lot: lot.to_string(), base: None, lines: vec![] });
    }
    match method {
        EvaluationMethod::LowestEvaluatedPrice { .. } => {
            let entries: Vec<Evaluated> =
                admitted.iter().map(|(b, p)| Evaluated { bidder: b.clone(), total: *p, price: *p, technical: Decimal::ZERO }).collect();
            let ranking = scoring::rank_lowest_price(rules, &entries);
            let lines = ranking
                .iter()
                .map(|r| {
                    let price = admitted.iter().find(|(b, _)| *b == r.bidder).map(|(_, p)| *p).unwrap_or_default();
                    LotLine {
                        bidder: r.bidder.clone(),
                        price,
                        price_score: None,
                        price_deviation_percent: None,
                        members: vec![],
                        technical: None,
                        total: price,
                        rank: r.rank,
                        tied: r.tied,
                        deviations: vec![],
                    }
                })
                .collect();
            Ok(LotEvaluation { lot: lot.to_string(), base: None, lines })
        }
        EvaluationMethod::Comprehensive { price, .. } => {
            let prices = scoring::price_scores(price, rules, &admitted)?;
            let mut lines = Vec::new();
            for (bidder, p) in &admitted {
                let mut members: Vec<MemberTotal> = totals.iter().filter(|t| &t.bidder == bidder).cloned().collect();
                members.sort();
                let scores: Vec<Decimal> = members.iter().map(|m| m.score).collect();
                let technical = scoring::aggregate(rules, &scores)?;
                let ps = prices.scores.iter().find(|s| &s.bidder == bidder).ok_or(ScoringError::NoPrices)?;
                let deviations = scoring::deviating_experts(&scores, rules.deviation_percent)
                    .into_iter()
                    .map(|d| SeatDeviation { seat: members[d.expert].seat.clone(), percent: d.percent })
                    .collect();
                lines.push(LotLine {
                    bidder: bidder.clone(),
                    price: *p,
                    price_score: Some(ps.score),
                    price_deviation_percent: Some(ps.deviation_percent),
                    members,
                    technical: Some(technical),
                    total: technical + ps.score,
                    rank: 0,
                    tied: false,
                    deviations,
                });
            }
            let entries: Vec<Evaluated> = lines
                .iter()
                .map(|l| Evaluated { bidder: l.bidder.clone(), total: l.total, price: l.price, technical: l.technical.unwrap_or_default() })
                .collect();
            let ranking = scoring::rank_comprehensive(rules, &entries);
            let mut ranked = Vec::new();
            for r in &ranking {
                if let Some(mut l) = lines.iter().find(|l| l.bidder == r.bidder).cloned() {
                    l.rank = r.rank;
                    l.tied = r.tied;
                    ranked.push(l);
                }
            }
            Ok(LotEvaluation { lot: lot.to_string(), base: Some(prices.base), lines: ranked })
        }
    }
}

/// The lots' awards and candidates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Awards {
    /// In the tender's lot order.
    pub awards: Vec<LotAward>,
    /// Up to three candidates per lot (中标候选人), best first: the winner, then the
    /// ranking without bidders who won an earlier lot where a bidder may win only so many.
    pub candidates: Vec<(String, Vec<String>)>,
}

/// Awards the evaluated lots in the tender's lot order under its multi-lot rule; `decided`
/// holds recorded decisions of ties (lot → bidder).
pub fn award(doc: &TenderDocument, lots: &[LotEvaluation], decided: &[(String, String)]) -> Awards {
    let order: Vec<String> = doc.lots.iter().map(|l| l.id.clone()).collect();
    let rankings: Vec<(String, Vec<Ranked>)> = lots
        .iter()
        .map(|l| (l.lot.clone(), l.lines.iter().map(|x| Ranked { bidder: x.bidder.clone(), rank: x.rank, tied: x.tied }).collect()))
        .collect();
    let max = scoring::max_lots(doc.multi_lot);
    let awards = scoring::award_lots(&order, &rankings, max, decided);
    let mut earlier: Vec<String> = Vec::new();
    let mut candidates = Vec::new();
    for a in &awards {
        let (lot, winner) = match a {
            LotAward::Winner { lot, bidder } => (lot, Some(bidder)),
            LotAward::Tied { lot, .. } | LotAward::Pending { lot, .. } | LotAward::NoWinner { lot } => (lot, None),
        };
        let ranking = rankings.iter().find(|(l, _)| l == lot).map(|(_, r)| r.as_slice()).unwrap_or_default();
        let mut c: Vec<String> = winner.into_iter().cloned().collect();
        for r in ranking {
            let barred = max.is_some() && earlier.contains(&r.bidder);
            if !barred && !c.contains(&r.bidder) && c.len() < 3 {
                c.push(r.bidder.clone());
            }
        }
        if let Some(w) = winner {
            earlier.push(w.clone());
        }
        candidates.push((lot.clone(), c));
    }
    Awards { awards, candidates }
}

/// Columns of a member's score file: one row per bidder and criterion.
pub const SCORE_COLUMNS: [&str; 4] = ["bidder", "criterion", "score", "comment"];

/// Reads a member's scores for one lot from CSV (`bidder,criterion,score,comment`); every
/// bad line is reported, and a file with any is refused. The rules on the scores
/// themselves are [`check_scores`]'s.
pub fn parse_score_csv(
    text: &str,
    tender: &str,
    seat: &str,
    lot: &str,
    signed_at: Timestamp,
) -> Result<ScoreSheet, Vec<crate::score_sheet::SheetError>> {
    use crate::score_sheet::SheetError;
    let mut r = csv::ReaderBuilder::new().has_headers(true).flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> = match r.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Err(vec![SheetError { line: 1, message: format!("not a CSV file: {e}") }]),
    };
    if header != SCORE_COLUMNS {
        return Err(vec![SheetError { line: 1, message: format!("the first line must be {}", SCORE_COLUMNS.join(",")) }]);
    }
    let mut scores = Vec::new();
    let mut errors = Vec::new();
    for rec in r.records() {
        let rec = match rec {
            Ok(rec) => rec,
            Err(e) => {
                errors.push(SheetError { line: e.position().map(|p| p.line()).unwrap_or(0), message: e.to_string() });
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.len() < 3 || rec.len() > 4 {
            errors.push(SheetError { line, message: format!("{} columns; a row has 3 or 4", rec.len()) });
            continue;
        }
        match rec[2].parse::<Decimal>() {
            Ok(score) => scores.push(CriterionScore {
                bidder: rec[0].to_string(),
                criterion: rec[1].to_string(),
                score,
                comment: rec.get(3).map(str::trim).filter(|c| !c.is_empty()).map(str::to_string),
            }),
            Err(_) => errors.push(SheetError { line, message: format!("'{}' is not a number", &rec[2]) }),
        }
    }
    if errors.is_empty() {
        Ok(ScoreSheet { format: SHEET_FORMAT, tender: tender.into(), seat: seat.into(), lot: lot.into(), scores, signed_at })
    } else {
        Err(errors)
    }
}

/// A member's signature on the evaluation report (评标报告): the hash of its canonical JSON
/// and of its PDF, and — for a member who disagrees — the written dissent (signed with it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSignature {
    pub format: u32,
    pub tender: String,
    pub seat: String,
    /// Hex SHA-256 of the report's canonical JSON.
    pub report_sha256: String,
    /// Hex SHA-256 of the report's PDF.
    pub pdf_sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dissent: Option<String>,
    pub signed_at: Timestamp,
}

/// A bidder's answer to the committee's question (澄清): it may explain the bid, never
/// change its price or substance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClarificationAnswer {
    pub format: u32,
    pub tender: String,
    pub question: String,
    /// Hex SHA-256 of the question's text, so the answer is bound to what was asked.
    pub question_sha256: String,
    pub bidder: String,
    pub answer: String,
    pub signed_at: Timestamp,
}

/// A bidder's objection (异议) to the candidates during publicity, or the tenderer's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ObjectionText {
    pub format: u32,
    pub tender: String,
    /// "objection" or "answer".
    pub kind: String,
    /// For an answer: the objection's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<String>,
    pub text: String,
    pub signed_at: Timestamp,
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bidder_barred_at_the_evaluation_fails_qualification_with_the_record_cited() {
        let mut c = vec![
            BidReview { bidder: "A".into(), passed: true, failures: vec![] },
            BidReview { bidder: "B".into(), passed: true, failures: vec![] },
        ];
        apply_credit(&mut c, &[("B".into(), vec!["湖州市中级人民法院 （2026）浙05执123号".into()]), ("A".into(), vec![])]);
        assert!(c[0].passed);
        assert!(!c[1].passed);
        assert_eq!(c[1].failures[0].item, CREDIT_ITEM);
        let reason = c[1].reason().unwrap();
        assert!(reason.starts_with("资格审查未通过") && reason.contains("（2026）浙05执123号"), "{reason}");
    }

    use super::*;
    use crate::tender::{RequiredItem, ResponseKind};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn doc() -> TenderDocument {
        let mut t = TenderDocument::example(Timestamp::from_unix(1_780_000_000));
        let mut l2 = t.lots[0].clone();
        l2.id = "L2".into();
        l2.name = "监理标段".into();
        l2.items = vec![RequiredItem { id: "Q1".into(), title: "监理大纲".into(), response: ResponseKind::Text, criterion: None }];
        t.lots[0].name = "施工标段".into();
        t.lots.push(l2);
        t
    }

    fn items(t: &TenderDocument, lots: &[&str]) -> Vec<ReviewItem> {
        review_items(t, &lots.iter().map(|l| l.to_string()).collect::<Vec<_>>())
    }

    fn mark(bidder: &str, i: &ReviewItem, pass: bool, reason: Option<&str>) -> ReviewMark {
        ReviewMark { bidder: bidder.into(), step: i.step, item: i.id.clone(), pass, reason: reason.map(str::to_string) }
    }

    fn review(seat: &str, bids: &[(String, Vec<ReviewItem>)], fail: &[(&str, &str)]) -> ReviewSheet {
        let marks = bids
            .iter()
            .flat_map(|(b, items)| {
                items.iter().map(move |i| {
                    let f = fail.iter().any(|(fb, fi)| fb == b && *fi == i.id);
                    mark(b, i, !f, f.then_some("未提供"))
                })
            })
            .collect();
        ReviewSheet { format: SHEET_FORMAT, tender: "T".into(), seat: seat.into(), marks, signed_at: Timestamp::from_unix(0) }
    }

    #[test]
    fn review_items_are_the_qualification_items_then_the_offered_lots_required_items() {
        let t = doc();
        let i = items(&t, &["L2"]);
        let ids: Vec<_> = i.iter().map(|i| (i.step, i.id.as_str())).collect();
        assert_eq!(ids, [(ReviewStep::Qualification, "Z1"), (ReviewStep::Qualification, "Z2"), (ReviewStep::Compliance, "L2/Q1")]);
        assert_eq!(i[2].text, "监理标段：监理大纲");
        assert_eq!(items(&t, &["L1", "L2"]).len(), 2 + 5 + 1);
    }

    #[test]
    fn a_fail_needs_a_reason_and_every_item_is_marked_once() {
        let t = doc();
        let bids = vec![("A".to_string(), items(&t, &["L2"]))];
        let mut s = review("S1", &bids, &[]);
        assert!(check_review(&s, "T", "S1", &bids).is_empty());
        s.marks[0].pass = false;
        let p = check_review(&s, "T", "S1", &bids);
        assert_eq!(p.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), ["review.reason"]);
        s.marks[0].reason = Some("  ".into());
        assert_eq!(check_review(&s, "T", "S1", &bids)[0].code, "review.reason");
        s.marks[0].reason = Some("资质证书已过期".into());
        s.marks.pop();
        let dup = s.marks[0].clone();
        s.marks.push(dup);
        let codes: Vec<_> = check_review(&s, "T", "S1", &bids).into_iter().map(|p| p.code).collect();
        assert_eq!(codes, ["review.duplicate", "review.missing"]);
        assert_eq!(check_review(&s, "T", "S2", &bids)[0].code, "review.tender");
        s.marks[0].item = "L1/Q1".into();
        assert!(check_review(&s, "T", "S1", &bids).iter().any(|p| p.code == "review.unknown"), "an item of a lot the bid does not offer");
    }

    #[test]
    fn a_bid_fails_an_item_when_more_than_half_of_the_members_fail_it() {
        let t = doc();
        let bids = vec![("A".to_string(), items(&t, &["L2"])), ("B".to_string(), items(&t, &["L2"]))];
        let sheets =
            vec![review("S1", &bids, &[("A", "L2/Q1"), ("B", "Z1")]), review("S2", &bids, &[("A", "L2/Q1")]), review("S3", &bids, &[])];
        let c = conclude_review(&bids, &sheets);
        assert!(!c[0].passed, "2 of 3 failed A on L2/Q1");
        assert_eq!(c[0].failures[0].fails, 2);
        assert_eq!(c[0].failures[0].of, 3);
        assert_eq!(c[0].reason().unwrap(), "符合性审查不通过：监理标段：监理大纲（未提供）");
        assert!(c[1].passed, "1 of 3 failed B on Z1: the majority passed it");
        assert_eq!(c[1].reason(), None);
        // The conclusion does not depend on the order the sheets arrive in.
        let mut rev = sheets.clone();
        rev.reverse();
        assert_eq!(conclude_review(&bids, &rev), c);
    }

    #[test]
    fn the_published_reason_names_each_failed_step() {
        let r = BidReview {
            bidder: "A".into(),
            passed: false,
            failures: vec![
                ItemFailure {
                    step: ReviewStep::Compliance,
                    item: "L1/T1".into(),
                    text: "施工组织设计".into(),
                    fails: 3,
                    of: 5,
                    reasons: vec![],
                },
                ItemFailure {
                    step: ReviewStep::Qualification,
                    item: "Z1".into(),
                    text: "具有三级资质".into(),
                    fails: 5,
                    of: 5,
                    reasons: vec!["资质证书已过期".into()],
                },
            ],
        };
        assert_eq!(r.reason().unwrap(), "资格审查未通过：具有三级资质（资质证书已过期）；符合性审查不通过：施工组织设计");
    }

    fn criteria() -> Vec<Criterion> {
        match &doc().method {
            EvaluationMethod::Comprehensive { criteria, .. } => criteria.clone(),
            _ => unreachable!(),
        }
    }

    fn sheet(seat: &str, lot: &str, rows: &[(&str, &str, &str)]) -> ScoreSheet {
        ScoreSheet {
            format: SHEET_FORMAT,
            tender: "T".into(),
            seat: seat.into(),
            lot: lot.into(),
            scores: rows
                .iter()
                .map(|(b, c, s)| CriterionScore { bidder: b.to_string(), criterion: c.to_string(), score: d(s), comment: None })
                .collect(),
            signed_at: Timestamp::from_unix(0),
        }
    }

    #[test]
    fn scores_are_within_the_range_with_the_tenders_decimals_and_a_comment_at_either_end() {
        let c = criteria();
        let bidders = vec!["A".to_string()];
        let rules = ScoringRules::default();
        let mut s = sheet("S1", "L1", &[("A", "C1", "25.5"), ("A", "C2", "8"), ("A", "C3", "6")]);
        assert!(check_scores(&s, "T", "S1", "L1", &c, &bidders, &rules).is_empty());
        let codes = |s: &ScoreSheet| check_scores(s, "T", "S1", "L1", &c, &bidders, &rules).into_iter().map(|p| p.code).collect::<Vec<_>>();
        s.scores[0].score = d("30.5");
        assert_eq!(codes(&s), ["score.range"]);
        s.scores[0].score = d("-1");
        assert_eq!(codes(&s), ["score.range"]);
        s.scores[0].score = d("25.125");
        assert_eq!(codes(&s), ["score.decimals"]);
        s.scores[0].score = d("25.50");
        assert!(codes(&s).is_empty(), "trailing zeros are not extra decimals");
        s.scores[0].score = d("30");
        assert_eq!(codes(&s), ["score.comment"], "full marks need a comment");
        s.scores[0].comment = Some("方案完整，针对性强".into());
        assert!(codes(&s).is_empty());
        s.scores[1].score = d("0");
        assert_eq!(codes(&s), ["score.comment"], "zero needs a comment");
        s.scores.pop();
        assert_eq!(codes(&s), ["score.comment", "score.missing"]);
        s.scores.push(CriterionScore { bidder: "Z".into(), criterion: "C3".into(), score: d("1"), comment: None });
        assert!(codes(&s).contains(&"score.unknown".to_string()), "a bidder not admitted");
    }

    #[test]
    fn a_score_file_is_read_with_every_bad_line_named() {
        let ok = "bidder,criterion,score,comment\nA,C1,30,方案完整\nA,C2,8\n";
        let s = parse_score_csv(ok, "T", "S1", "L1", Timestamp::from_unix(0)).unwrap();
        assert_eq!(s.scores.len(), 2);
        assert_eq!(s.scores[0].comment.as_deref(), Some("方案完整"));
        assert_eq!(s.scores[1].comment, None);
        let bad = "bidder,criterion,score,comment\nA,C1,三十\nA\n";
        let e = parse_score_csv(bad, "T", "S1", "L1", Timestamp::from_unix(0)).unwrap_err();
        assert_eq!(e.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(parse_score_csv("a,b\n", "T", "S1", "L1", Timestamp::from_unix(0)).unwrap_err()[0].line, 1);
    }

    #[test]
    fn objective_criteria_must_agree_across_members() {
        let c = criteria();
        let a = sheet("S1", "L1", &[("A", "C1", "20"), ("A", "C3", "6")]);
        let b = sheet("S2", "L1", &[("A", "C1", "25"), ("A", "C3", "6.0")]);
        assert!(objective_differences(&c, &[a.clone(), b]).is_empty(), "subjective scores differ freely; 6 = 6.0");
        let b = sheet("S2", "L1", &[("A", "C1", "25"), ("A", "C3", "8")]);
        let p = objective_differences(&c, &[a, b]);
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].code, "score.objective_differs");
        assert_eq!(p[0].path, "scores[A/C3]");
    }

    fn five_members() -> Vec<ScoreSheet> {
        // Technical totals (C1 + C2 + C3):
        //   A: 40, 42, 41, 39, 43   B: 35, 36, 34, 35, 20 (S5 deviates)
        let rows = [
            ("S1", ["25", "9", "6"], ["21", "8", "6"]),
            ("S2", ["27", "9", "6"], ["22", "8", "6"]),
            ("S3", ["26", "9", "6"], ["20", "8", "6"]),
            ("S4", ["24", "9", "6"], ["21", "8", "6"]),
            ("S5", ["28", "9", "6"], ["10", "4", "6"]),
        ];
        rows.iter()
            .map(|(seat, a, b)| {
                sheet(
                    seat,
                    "L1",
                    &[("A", "C1", a[0]), ("A", "C2", a[1]), ("A", "C3", a[2]), ("B", "C1", b[0]), ("B", "C2", b[1]), ("B", "C3", b[2])],
                )
            })
            .collect()
    }

    #[test]
    fn a_lot_is_evaluated_from_the_members_totals_and_the_prices() {
        let t = doc();
        let totals = member_totals(&five_members());
        assert_eq!(totals.len(), 10);
        let admitted = vec![("A".to_string(), d("1000000")), ("B".to_string(), d("980000"))];
        let e = evaluate_lot(&t.method, &t.scoring, "L1", &admitted, &totals).unwrap();
        // Price: 2 bids, base = 990 000; A +1.0101…% → 50 − 2.0202… = 47.98; B −1.0101…% → 48.99.
        assert_eq!(e.base, Some(d("990000")));
        let a = e.lines.iter().find(|l| l.bidder == "A").unwrap();
        let b = e.lines.iter().find(|l| l.bidder == "B").unwrap();
        assert_eq!(a.price_score, Some(d("47.98")));
        assert_eq!(b.price_score, Some(d("48.99")));
        // 5 members: no trimming; A = 205 / 5 = 41; B = 160 / 5 = 32.
        assert_eq!(a.technical, Some(d("41")));
        assert_eq!(b.technical, Some(d("32")));
        assert_eq!(a.total, d("88.98"));
        assert_eq!((e.lines[0].bidder.as_str(), e.lines[0].rank), ("A", 1));
        // B's mean is 32; S5's 20 deviates by −37.5 % (> 20 %).
        assert_eq!(b.deviations, vec![SeatDeviation { seat: "S5".into(), percent: d("-37.50") }]);
        assert!(a.deviations.is_empty());
    }

    #[test]
    fn the_lowest_evaluated_price_method_ranks_the_admitted_prices() {
        let mut t = doc();
        t.method = EvaluationMethod::LowestEvaluatedPrice { qualification: vec![] };
        let admitted = vec![("A".to_string(), d("1000000")), ("B".to_string(), d("980000"))];
        let e = evaluate_lot(&t.method, &t.scoring, "L1", &admitted, &[]).unwrap();
        assert_eq!(e.lines.iter().map(|l| (l.bidder.as_str(), l.rank)).collect::<Vec<_>>(), [("B", 1), ("A", 2)]);
    }

    #[test]
    fn a_bid_nobody_scored_cannot_be_evaluated() {
        let t = doc();
        let admitted = vec![("A".to_string(), d("1000000")), ("C".to_string(), d("990000"))];
        let totals = member_totals(&five_members());
        assert_eq!(evaluate_lot(&t.method, &t.scoring, "L1", &admitted, &totals), Err(ScoringError::NoScores));
    }

    #[test]
    fn candidates_skip_bidders_who_won_an_earlier_lot_when_one_lot_each() {
        let mut t = doc();
        t.multi_lot = crate::tender::MultiLotRule::AtMostOne;
        let line = |b: &str, rank| LotLine {
            bidder: b.into(),
            price: d("1"),
            price_score: None,
            price_deviation_percent: None,
            members: vec![],
            technical: None,
            total: d("1"),
            rank,
            tied: false,
            deviations: vec![],
        };
        let lots = vec![
            LotEvaluation { lot: "L2".into(), base: None, lines: vec![line("A", 1), line("C", 2), line("B", 3), line("D", 4)] },
            LotEvaluation { lot: "L1".into(), base: None, lines: vec![line("A", 1), line("B", 2)] },
        ];
        let a = award(&t, &lots, &[]);
        assert_eq!(
            a.awards,
            vec![LotAward::Winner { lot: "L1".into(), bidder: "A".into() }, LotAward::Winner { lot: "L2".into(), bidder: "C".into() }]
        );
        assert_eq!(a.candidates[0], ("L1".to_string(), vec!["A".to_string(), "B".to_string()]));
        assert_eq!(a.candidates[1], ("L2".to_string(), vec!["C".to_string(), "B".to_string(), "D".to_string()]));
    }
}
