//! Property: the committee's figures do not depend on the order in which members' sheets
//! arrive. Random committees and scores over two or three lots, shuffled: the aggregates,
//! the rankings and the lot awards are the same.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tenderbox_core::evaluation::{Awards, CriterionScore, LotEvaluation, SHEET_FORMAT, ScoreSheet, award, evaluate_lot, member_totals};
use tenderbox_core::score_sheet::{SheetRow, rank_sheet};
use tenderbox_core::tender::{Aggregation, ScoringRules};
use tenderbox_core::tender::{EvaluationMethod, MultiLotRule, TenderDocument};
use tenderbox_core::time::Timestamp;

fn rows_strategy() -> impl Strategy<Value = (Vec<SheetRow>, Vec<String>)> {
    (2usize..=3, 2usize..=5, 5usize..=7).prop_flat_map(|(lots, bidders, experts)| {
        // Scores in hundredths from 60.00 to 100.00, one per lot × bidder × expert.
        proptest::collection::vec(6000i64..=10000, lots * bidders * experts).prop_map(move |scores| {
            let mut rows = Vec::new();
            let mut i = 0;
            for l in 0..lots {
                for b in 0..bidders {
                    for e in 0..experts {
                        rows.push(SheetRow {
                            lot: format!("L{l}"),
                            bidder: format!("B{b}"),
                            expert: format!("E{e}"),
                            score: Decimal::new(scores[i] - scores[i] % 50, 2),
                        });
                        i += 1;
                    }
                }
            }
            (rows, (0..lots).map(|l| format!("L{l}")).collect())
        })
    })
}

proptest! {
    #[test]
    fn aggregation_ranking_and_awards_do_not_depend_on_the_order_sheets_arrive(
        (rows, lots) in rows_strategy(),
        seed in any::<u64>(),
        trim in any::<bool>(),
        max in prop_oneof![Just(None), Just(Some(1u32)), Just(Some(2u32))],
    ) {
        let rules = ScoringRules { aggregate: if trim { Aggregation::Trim } else { Aggregation::Mean }, ..Default::default() };
        let mut shuffled = rows.clone();
        // A Fisher–Yates shuffle driven by the seed.
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let a = rank_sheet(&rows, &lots, &rules, max).unwrap();
        let b = rank_sheet(&shuffled, &lots, &rules, max).unwrap();
        prop_assert_eq!(a, b);
    }
}

fn shuffle<T>(v: &mut [T], seed: u64) {
    let mut x = seed | 1;
    for i in (1..v.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
}

/// Members' score sheets for two lots (criteria C1 subjective 0–30 and C2 subjective 0–10),
/// and each bidder's price per lot.
fn sheets_strategy() -> impl Strategy<Value = (Vec<ScoreSheet>, Vec<(String, Decimal)>)> {
    (2usize..=4, 3usize..=7).prop_flat_map(|(bidders, members)| {
        (
            proptest::collection::vec((0i64..=60, 0i64..=20), 2 * bidders * members),
            proptest::collection::vec(900_000i64..=1_100_000, bidders),
        )
            .prop_map(move |(scores, prices)| {
                let mut sheets = Vec::new();
                let mut i = 0;
                for lot in ["L1", "L2"] {
                    for m in 0..members {
                        let mut rows = Vec::new();
                        for b in 0..bidders {
                            let (c1, c2) = scores[i];
                            i += 1;
                            for (c, s) in [("C1", Decimal::new(c1 * 5, 1)), ("C2", Decimal::new(c2 * 5, 1))] {
                                rows.push(CriterionScore { bidder: format!("B{b}"), criterion: c.into(), score: s, comment: None });
                            }
                        }
                        sheets.push(ScoreSheet {
                            format: SHEET_FORMAT,
                            tender: "T".into(),
                            seat: format!("S{m}"),
                            lot: lot.into(),
                            scores: rows,
                            signed_at: Timestamp::from_unix(0),
                        });
                    }
                }
                (sheets, prices.iter().enumerate().map(|(b, p)| (format!("B{b}"), Decimal::new(*p, 0))).collect())
            })
    })
}

fn evaluate_all(doc: &TenderDocument, sheets: &[ScoreSheet], prices: &[(String, Decimal)]) -> (Vec<LotEvaluation>, Awards) {
    let lots: Vec<LotEvaluation> = ["L1", "L2"]
        .iter()
        .map(|lot| {
            let of_lot: Vec<ScoreSheet> = sheets.iter().filter(|s| s.lot == *lot).cloned().collect();
            evaluate_lot(&doc.method, &doc.scoring, lot, prices, &member_totals(&of_lot)).unwrap()
        })
        .collect();
    let awards = award(doc, &lots, &[]);
    (lots, awards)
}

proptest! {
    #[test]
    fn a_lots_evaluation_and_the_awards_do_not_depend_on_the_order_sheets_arrive(
        (sheets, prices) in sheets_strategy(),
        seed in any::<u64>(),
        one_lot_each in any::<bool>(),
    ) {
        let mut doc = TenderDocument::example(Timestamp::from_unix(1_780_000_000));
        let mut l2 = doc.lots[0].clone();
        l2.id = "L2".into();
        doc.lots.push(l2);
        doc.multi_lot = if one_lot_each { MultiLotRule::AtMostOne } else { MultiLotRule::MayWinSeveral };
        if let EvaluationMethod::Comprehensive { criteria, .. } = &mut doc.method {
            criteria.truncate(2);
        }
        let a = evaluate_all(&doc, &sheets, &prices);
        let mut shuffled = sheets.clone();
        shuffle(&mut shuffled, seed);
        for s in &mut shuffled {
            shuffle(&mut s.scores, seed.rotate_left(7));
        }
        let mut prices2 = prices.clone();
        shuffle(&mut prices2, seed.rotate_left(13));
        let b = evaluate_all(&doc, &shuffled, &prices2);
        prop_assert_eq!(a, b);
    }
}
