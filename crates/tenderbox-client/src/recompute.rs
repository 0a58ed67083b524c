//! Recomputation for anyone (`tenderbox evaluation recompute TENDER`): fetch the tender's
//! signed document and its published result, and recompute — with the same functions the
//! platform uses — each lot's price scores, aggregates, totals and ranking from the
//! published prices and scores (each member's score per bid where the result publishes
//! them, otherwise the committee's aggregates), then the awards and candidates in the
//! tender's lot order under its multi-lot rule. Every figure that differs is named.

use crate::api::{Api, ApiFailure};
use serde::Serialize;
use tenderbox_core::evaluation::{LotEvaluation, MemberTotal, award, evaluate_lot};
use tenderbox_core::tender::{EvaluationMethod, TenderDocument};
use tenderbox_wire::PublishedResult;

/// One lot's recomputation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LotCheck {
    pub lot: String,
    pub recomputed: LotEvaluation,
    /// What differs from the published figures (empty: they match).
    pub differences: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recomputation {
    pub tender: String,
    /// True when the members' own scores were published (and recomputed from).
    pub from_member_scores: bool,
    pub lots: Vec<LotCheck>,
    /// What differs in the awards and candidates.
    pub award_differences: Vec<String>,
    pub matches: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RecomputeError {
    #[error(transparent)]
    Api(#[from] ApiFailure),
    #[error("the published result of lot {lot} cannot be recomputed: {why}")]
    Invalid { lot: String, why: String },
}

impl RecomputeError {
    pub fn code(&self) -> &str {
        match self {
            RecomputeError::Api(e) => e.code(),
            RecomputeError::Invalid { .. } => "recompute.invalid",
        }
    }
}

/// Recomputes a published result against its tender document (pure; the CLI fetches both).
pub fn recompute_result(doc: &TenderDocument, r: &PublishedResult) -> Result<Recomputation, RecomputeError> {
    let mut lots = Vec::new();
    for published in &r.lots {
        let e = &published.evaluation;
        let admitted: Vec<(String, tenderbox_core::Decimal)> = e.lines.iter().map(|l| (l.bidder.clone(), l.price)).collect();
        let totals: Vec<MemberTotal> = match &doc.method {
            EvaluationMethod::LowestEvaluatedPrice { .. } => vec![],
            EvaluationMethod::Comprehensive { .. } if r.member_scores => e.lines.iter().flat_map(|l| l.members.clone()).collect(),
            EvaluationMethod::Comprehensive { .. } => e
                .lines
                .iter()
                .map(|l| MemberTotal { seat: "committee".into(), bidder: l.bidder.clone(), score: l.technical.unwrap_or_default() })
                .collect(),
        };
        let again = evaluate_lot(&doc.method, &doc.scoring, &published.lot, &admitted, &totals)
            .map_err(|e| RecomputeError::Invalid { lot: published.lot.clone(), why: e.to_string() })?;
        let mut differences = Vec::new();
        if again.base != e.base {
            differences.push(format!("base price: published {:?}, recomputed {:?}", e.base, again.base));
        }
        for p in &e.lines {
            let Some(a) = again.lines.iter().find(|x| x.bidder == p.bidder) else {
                differences.push(format!("{}: not recomputed", p.bidder));
                continue;
            };
            for (what, x, y) in [
                ("price score", p.price_score.map(|d| d.normalize().to_string()), a.price_score.map(|d| d.normalize().to_string())),
                ("technical", p.technical.map(|d| d.normalize().to_string()), a.technical.map(|d| d.normalize().to_string())),
                ("total", Some(p.total.normalize().to_string()), Some(a.total.normalize().to_string())),
                (
                    "rank",
                    Some(format!("{}{}", p.rank, if p.tied { " (tied)" } else { "" })),
                    Some(format!("{}{}", a.rank, if a.tied { " (tied)" } else { "" })),
                ),
            ] {
                if x != y {
                    differences.push(format!(
                        "{} {what}: published {}, recomputed {}",
                        p.bidder,
                        x.unwrap_or_default(),
                        y.unwrap_or_default()
                    ));
                }
            }
        }
        lots.push(LotCheck { lot: published.lot.clone(), recomputed: again, differences });
    }
    let recomputed: Vec<LotEvaluation> = lots.iter().map(|l| l.recomputed.clone()).collect();
    let decided: Vec<(String, String)> = r.tie_decisions.iter().map(|d| (d.lot.clone(), d.bidder.clone())).collect();
    let awards = award(doc, &recomputed, &decided);
    let mut award_differences = Vec::new();
    if awards.awards != r.awards {
        award_differences.push(format!(
            "awards: published {}, recomputed {}",
            serde_json::to_string(&r.awards).unwrap_or_default(),
            serde_json::to_string(&awards.awards).unwrap_or_default()
        ));
    }
    for (lot, c) in &awards.candidates {
        let published: Vec<String> =
            r.lots.iter().find(|l| &l.lot == lot).map(|l| l.candidates.iter().map(|c| c.bidder_uscc.clone()).collect()).unwrap_or_default();
        if &published != c {
            award_differences.push(format!("lot {lot} candidates: published {published:?}, recomputed {c:?}"));
        }
    }
    let matches = award_differences.is_empty() && lots.iter().all(|l| l.differences.is_empty());
    Ok(Recomputation { tender: r.tender.clone(), from_member_scores: r.member_scores, lots, award_differences, matches })
}

/// Fetches the tender and its published result and recomputes it.
pub async fn recompute(api: &Api, tender: &str) -> Result<Recomputation, RecomputeError> {
    let t = api.tender_record(tender).await?;
    let r = api.tender_result(tender).await?;
    recompute_result(&t.document, &r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tenderbox_core::Decimal;
    use tenderbox_core::tender::TradingType;
    use tenderbox_core::time::Timestamp;
    use tenderbox_wire::{ResultCandidate, ResultLot};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn published(member_scores: bool) -> (TenderDocument, PublishedResult) {
        let mut doc = TenderDocument::example(Timestamp::from_unix(1_780_000_000));
        doc.trading_type = if member_scores { TradingType::Procurement } else { TradingType::Engineering };
        let totals: Vec<MemberTotal> =
            [("S1", "A", "40"), ("S2", "A", "42"), ("S3", "A", "41"), ("S1", "B", "35"), ("S2", "B", "30"), ("S3", "B", "33")]
                .iter()
                .map(|(s, b, x)| MemberTotal { seat: s.to_string(), bidder: b.to_string(), score: d(x) })
                .collect();
        let admitted = vec![("A".to_string(), d("1000000")), ("B".to_string(), d("950000"))];
        let mut e = evaluate_lot(&doc.method, &doc.scoring, "L1", &admitted, &totals).unwrap();
        if !member_scores {
            for l in &mut e.lines {
                l.members.clear();
                l.deviations.clear();
            }
        }
        let a = award(&doc, std::slice::from_ref(&e), &[]);
        let candidates = a.candidates[0]
            .1
            .iter()
            .enumerate()
            .map(|(i, b)| ResultCandidate {
                lot: "L1".into(),
                place: i as u32 + 1,
                bidder_uscc: b.clone(),
                bidder_name: b.clone(),
                price: d("1"),
                total: d("1"),
            })
            .collect();
        let r = PublishedResult {
            tender: doc.id.clone(),
            title: doc.title.clone(),
            status: "publicity".into(),
            published_at: Timestamp::from_unix(0),
            publicity_until: Timestamp::from_unix(0),
            member_scores,
            committee: vec![],
            lots: vec![ResultLot { lot: "L1".into(), name: "施工标段".into(), candidates, evaluation: e }],
            rejected: vec![],
            awards: a.awards,
            tie_decisions: vec![],
            objections: vec![],
            awarded_at: None,
            report_sha256: String::new(),
        };
        (doc, r)
    }

    #[test]
    fn a_published_result_recomputes_from_member_scores_or_the_committees_figures() {
        for member_scores in [true, false] {
            let (doc, r) = published(member_scores);
            let c = recompute_result(&doc, &r).unwrap();
            assert!(c.matches, "{c:?}");
            assert_eq!(c.from_member_scores, member_scores);
        }
    }

    #[test]
    fn an_altered_score_total_or_candidate_is_named() {
        let (doc, mut r) = published(true);
        // One member's score for A published higher than what the aggregate was made from.
        r.lots[0].evaluation.lines[0].members[0].score = d("50");
        let c = recompute_result(&doc, &r).unwrap();
        assert!(!c.matches);
        assert!(c.lots[0].differences.iter().any(|x| x.contains("technical")), "{:?}", c.lots[0].differences);

        let (doc, mut r) = published(false);
        r.lots[0].evaluation.lines[1].total = d("99");
        let c = recompute_result(&doc, &r).unwrap();
        assert!(c.lots[0].differences.iter().any(|x| x.contains("total: published 99")), "{:?}", c.lots[0].differences);

        let (doc, mut r) = published(false);
        r.lots[0].candidates.reverse();
        let c = recompute_result(&doc, &r).unwrap();
        assert_eq!(c.award_differences.len(), 1, "{:?}", c.award_differences);
    }
}
