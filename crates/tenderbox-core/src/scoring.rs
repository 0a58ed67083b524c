//! Evaluation arithmetic of docs/domain.md, in exact decimals: the price score, the
//! aggregation of expert scores, the deviation flag (评分偏离度), ranking with stated
//! tie-breaks, and lot awards under 兼投不兼中.
//!
//! Rounding is HALF_UP (away from zero at .5) to 2 places, applied once to each
//! published figure, never to intermediate values — except the price base, which
//! is a money amount and is rounded to the fen before deviations are taken.

use crate::tender::{MultiLotRule, PriceFormula};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoringError {
    #[error("there are no valid bid prices to score")]
    NoPrices,
    #[error("price {0} of bidder {1} is not positive")]
    NonPositivePrice(Decimal, String),
    #[error("there are no expert scores to aggregate")]
    NoScores,
}

/// HALF_UP to 2 decimal places.
pub fn round2(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceScore {
    pub bidder: String,
    pub price: Decimal,
    /// (price − base) / base × 100, rounded to 2 places for display.
    pub deviation_percent: Decimal,
    pub score: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceScores {
    /// The evaluation base price (评标基准价), to the fen.
    pub base: Decimal,
    pub scores: Vec<PriceScore>,
}

/// Price scores of valid bids under the docs/domain.md formula.
pub fn price_scores(f: &PriceFormula, bids: &[(String, Decimal)]) -> Result<PriceScores, ScoringError> {
    if bids.is_empty() {
        return Err(ScoringError::NoPrices);
    }
    if let Some((b, p)) = bids.iter().find(|(_, p)| *p <= Decimal::ZERO) {
        return Err(ScoringError::NonPositivePrice(*p, b.clone()));
    }
    let mut prices: Vec<Decimal> = bids.iter().map(|(_, p)| *p).collect();
    prices.sort();
    let used: &[Decimal] = if prices.len() as u32 > f.drop_extremes_above { &prices[1..prices.len() - 1] } else { &prices };
    let base = round2(used.iter().sum::<Decimal>() / Decimal::from(used.len()));
    let hundred = Decimal::from(100);
    let scores = bids
        .iter()
        .map(|(bidder, price)| {
            let dev = (*price - base) / base * hundred;
            let rate = if dev > Decimal::ZERO { f.points_per_percent_above } else { f.points_per_percent_below };
            let score = (f.full_marks - dev.abs() * rate).max(Decimal::ZERO);
            PriceScore { bidder: bidder.clone(), price: *price, deviation_percent: round2(dev), score: round2(score) }
        })
        .collect();
    Ok(PriceScores { base, scores })
}

/// The committee's score for one bid: the mean of the experts' scores, dropping one
/// highest and one lowest when more than 5 experts scored.
pub fn aggregate(expert_scores: &[Decimal]) -> Result<Decimal, ScoringError> {
    if expert_scores.is_empty() {
        return Err(ScoringError::NoScores);
    }
    let mut s = expert_scores.to_vec();
    s.sort();
    let used = if s.len() > 5 { &s[1..s.len() - 1] } else { &s[..] };
    Ok(round2(used.iter().sum::<Decimal>() / Decimal::from(used.len())))
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deviation {
    pub expert: usize,
    /// (expert score − mean of all experts) / mean × 100, 2 places.
    pub percent: Decimal,
}

/// Experts whose score for one bid deviates from the mean by more than
/// `threshold_percent` (评分偏离度); the supervisor reviews them.
pub fn deviating_experts(expert_scores: &[Decimal], threshold_percent: Decimal) -> Vec<Deviation> {
    if expert_scores.is_empty() {
        return vec![];
    }
    let mean = expert_scores.iter().sum::<Decimal>() / Decimal::from(expert_scores.len());
    if mean.is_zero() {
        return vec![];
    }
    expert_scores
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let pct = (*s - mean) / mean * Decimal::from(100);
            (pct.abs() > threshold_percent).then(|| Deviation { expert: i, percent: round2(pct) })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluated {
    pub bidder: String,
    pub total: Decimal,
    pub price: Decimal,
    pub technical: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked {
    pub bidder: String,
    /// 1 is best; bidders still equal after every tie-break share a rank.
    pub rank: u32,
    /// True when equal to another bidder after every tie-break: a stated
    /// procedure (e.g. a drawn lot) must decide, never the order of entry.
    pub tied: bool,
}

/// Comprehensive scoring order: higher total, then lower price, then higher
/// technical score.
pub fn rank_comprehensive(entries: &[Evaluated]) -> Vec<Ranked> {
    rank_by(entries, |a, b| b.total.cmp(&a.total).then(a.price.cmp(&b.price)).then(b.technical.cmp(&a.technical)))
}

/// Lowest evaluated price order: lower price, then higher technical score.
pub fn rank_lowest_price(entries: &[Evaluated]) -> Vec<Ranked> {
    rank_by(entries, |a, b| a.price.cmp(&b.price).then(b.technical.cmp(&a.technical)))
}

fn rank_by(entries: &[Evaluated], cmp: impl Fn(&Evaluated, &Evaluated) -> std::cmp::Ordering) -> Vec<Ranked> {
    let mut v: Vec<&Evaluated> = entries.iter().collect();
    // Bidder id as the last key only makes the listing deterministic; equal
    // entries are reported as tied, not ordered by it.
    v.sort_by(|a, b| cmp(a, b).then(a.bidder.cmp(&b.bidder)));
    let mut out: Vec<Ranked> = Vec::with_capacity(v.len());
    for (i, e) in v.iter().enumerate() {
        let equal_prev = i > 0 && cmp(v[i - 1], e).is_eq();
        let rank = if equal_prev { out[i - 1].rank } else { i as u32 + 1 };
        if equal_prev {
            out[i - 1].tied = true;
        }
        out.push(Ranked { bidder: e.bidder.clone(), rank, tied: equal_prev });
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LotAward {
    Winner {
        lot: String,
        bidder: String,
    },
    /// The best eligible bidders are tied: the stated procedure must decide.
    Tied {
        lot: String,
        bidders: Vec<String>,
    },
    /// No eligible bidder is left for this lot.
    NoWinner {
        lot: String,
    },
}

/// Awards lots in their stated order. Under [`MultiLotRule::AtMostOne`] (兼投不兼中)
/// a bidder that already won is skipped for the next ranked one.
pub fn award_lots(lots: &[(String, Vec<Ranked>)], rule: MultiLotRule) -> Vec<LotAward> {
    let mut winners: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (lot, ranking) in lots {
        let eligible: Vec<&Ranked> =
            ranking.iter().filter(|r| rule == MultiLotRule::MayWinSeveral || !winners.contains(&r.bidder)).collect();
        let Some(best) = eligible.first() else {
            out.push(LotAward::NoWinner { lot: lot.clone() });
            continue;
        };
        let top: Vec<String> = eligible.iter().filter(|r| r.rank == best.rank).map(|r| r.bidder.clone()).collect();
        if top.len() > 1 {
            out.push(LotAward::Tied { lot: lot.clone(), bidders: top });
        } else {
            winners.push(best.bidder.clone());
            out.push(LotAward::Winner { lot: lot.clone(), bidder: best.bidder.clone() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn formula() -> PriceFormula {
        PriceFormula { full_marks: d("50"), points_per_percent_above: d("2"), points_per_percent_below: d("1"), drop_extremes_above: 3 }
    }

    // docs/domain.md "Price score": more than 3 bids, so the highest (110) and the lowest
    // (90) are dropped: base = (100 + 96 + 104) / 3 = 100. Hand-computed scores:
    // 100 → 50; 96 → 50 − 4×1 = 46; 104 → 50 − 4×2 = 42; 90 → 50 − 10×1 = 40;
    // 110 → 50 − 10×2 = 30.
    #[test]
    fn price_score_drops_extremes_above_three_bids() {
        let bids: Vec<_> =
            [("A", "100"), ("B", "96"), ("C", "104"), ("D", "90"), ("E", "110")].iter().map(|(b, p)| (b.to_string(), d(p))).collect();
        let r = price_scores(&formula(), &bids).unwrap();
        assert_eq!(r.base, d("100"));
        let s: Vec<_> = r.scores.iter().map(|s| s.score).collect();
        assert_eq!(s, [d("50"), d("46"), d("42"), d("40"), d("30")]);
        assert_eq!(r.scores[3].deviation_percent, d("-10"));
    }

    // docs/domain.md "Price score" with 3 bids (none dropped) and rounding:
    // base = 3 010 000 / 3 = 1 003 333.33 (to the fen).
    // 1 000 000: dev = −0.33222...% → 50 − 0.33222 = 49.66777... → 49.67
    //   980 000: dev = −2.32558...% → 50 − 2.32558 = 47.67441... → 47.67
    // 1 030 000: dev = +2.65780...% → 50 − 5.31561 = 44.68438... → 44.68
    #[test]
    fn price_score_with_three_bids_rounds_half_up_at_the_end() {
        let bids = vec![("A".to_string(), d("1000000")), ("B".to_string(), d("980000")), ("C".to_string(), d("1030000"))];
        let r = price_scores(&formula(), &bids).unwrap();
        assert_eq!(r.base, d("1003333.33"));
        let s: Vec<_> = r.scores.iter().map(|s| s.score).collect();
        assert_eq!(s, [d("49.67"), d("47.67"), d("44.68")]);
    }

    #[test]
    fn price_score_never_goes_below_zero() {
        let bids = vec![("A".to_string(), d("100")), ("B".to_string(), d("300"))];
        let r = price_scores(&formula(), &bids).unwrap();
        // base 200; B is +50% → 50 − 100 → 0.
        assert_eq!(r.scores[1].score, d("0"));
    }

    // docs/domain.md "Score aggregation": mean; with more than 5 experts drop one
    // highest and one lowest; HALF_UP to 2 places.
    #[test]
    fn aggregation_drops_extremes_only_above_five_experts() {
        assert_eq!(aggregate(&[d("80"), d("82"), d("85"), d("79"), d("90")]).unwrap(), d("83.20"));
        // 7 experts: drop 90 and 60 → (80+82+85+79+88)/5 = 82.8
        assert_eq!(aggregate(&[d("80"), d("82"), d("85"), d("79"), d("90"), d("60"), d("88")]).unwrap(), d("82.80"));
        // 432.325 / 5 = 86.465 → HALF_UP 86.47
        assert_eq!(aggregate(&[d("85"), d("86"), d("86"), d("87"), d("88.325")]).unwrap(), d("86.47"));
    }

    #[test]
    fn deviation_flags_the_outlier_expert() {
        let s = [d("80"), d("82"), d("81"), d("79"), d("50")];
        // mean 74.4; expert 4: (50 − 74.4)/74.4 = −32.80%
        let f = deviating_experts(&s, d("20"));
        assert_eq!(f, vec![Deviation { expert: 4, percent: d("-32.80") }]);
    }

    #[test]
    fn ties_are_broken_by_price_then_technical_and_never_by_entry_order() {
        let e = |b: &str, t: &str, p: &str, tech: &str| Evaluated { bidder: b.into(), total: d(t), price: d(p), technical: d(tech) };
        let r = rank_comprehensive(&[
            e("Z", "90", "100", "40"),
            e("A", "90", "99", "40"),
            e("M", "95", "120", "45"),
            e("Q", "90", "100", "40"),
        ]);
        let v: Vec<_> = r.iter().map(|r| (r.bidder.as_str(), r.rank, r.tied)).collect();
        assert_eq!(v, [("M", 1, false), ("A", 2, false), ("Q", 3, true), ("Z", 3, true)]);
    }

    // docs/domain.md "Several lots" (兼投不兼中): lots awarded in order, a bidder that
    // already won is skipped for the next ranked one.
    #[test]
    fn at_most_one_lot_per_bidder_skips_previous_winners() {
        let r = |b: &str, rank| Ranked { bidder: b.into(), rank, tied: false };
        let lots = vec![
            ("L1".to_string(), vec![r("A", 1), r("B", 2)]),
            ("L2".to_string(), vec![r("A", 1), r("C", 2), r("B", 3)]),
            ("L3".to_string(), vec![r("A", 1)]),
        ];
        assert_eq!(
            award_lots(&lots, MultiLotRule::AtMostOne),
            vec![
                LotAward::Winner { lot: "L1".into(), bidder: "A".into() },
                LotAward::Winner { lot: "L2".into(), bidder: "C".into() },
                LotAward::NoWinner { lot: "L3".into() },
            ]
        );
        assert_eq!(award_lots(&lots, MultiLotRule::MayWinSeveral)[1], LotAward::Winner { lot: "L2".into(), bidder: "A".into() });
    }
}
