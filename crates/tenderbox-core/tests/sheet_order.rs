//! Property: the committee's figures do not depend on the order in which members' sheets
//! arrive. Random committees and scores over two or three lots, shuffled: the aggregates,
//! the rankings and the lot awards are the same.

use proptest::prelude::*;
use rust_decimal::Decimal;
use tenderbox_core::score_sheet::{SheetRow, rank_sheet};
use tenderbox_core::tender::{Aggregation, ScoringRules};

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
