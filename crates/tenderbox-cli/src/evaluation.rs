//! `tenderbox evaluation …`: the committee's arithmetic, re-run by anyone.

use crate::cli::EvaluationCmd;
use crate::ui::{self, Failure, Result};
use tenderbox_core::score_sheet::{lot_order, parse_sheet, rank_sheet};
use tenderbox_core::scoring::LotAward;
use tenderbox_core::tender::{Aggregation, ScoringRules};

pub fn run(cmd: EvaluationCmd, json: bool) -> Result<()> {
    match cmd {
        EvaluationCmd::Rank { sheet, aggregate, max_lots_per_bidder } => {
            let text = std::fs::read_to_string(&sheet).map_err(|e| Failure::new("io", format!("{}: {e}", sheet.display())))?;
            let rows = parse_sheet(&text).map_err(|errors| {
                let lines: Vec<String> = errors.iter().map(|e| format!("line {}: {}", e.line, e.message)).collect();
                Failure::new("sheet.invalid", format!("{} bad line(s) in {}:\n{}", errors.len(), sheet.display(), lines.join("\n")))
            })?;
            let rules = ScoringRules {
                aggregate: if aggregate == "mean" { Aggregation::Mean } else { Aggregation::Trim },
                ..ScoringRules::default()
            };
            let lots = lot_order(&rows);
            let result = rank_sheet(&rows, &lots, &rules, max_lots_per_bidder).map_err(|e| Failure::new("sheet.invalid", e))?;
            if json {
                ui::print_json(&result);
                return Ok(());
            }
            for lot in &result.lots {
                println!("Lot {}", lot.lot);
                let experts: Vec<&str> =
                    lot.ranking.first().map(|l| l.scores.iter().map(|(e, _)| e.as_str()).collect()).unwrap_or_default();
                println!("  {:<4} {:>9}  {}  bidder", "rank", "aggregate", experts.join("  "));
                for l in &lot.ranking {
                    let scores: Vec<String> = l.scores.iter().map(|(_, s)| s.to_string()).collect();
                    println!(
                        "  {:<4} {:>9}  {}  {}{}",
                        l.rank,
                        format!("{:.2}", l.aggregate),
                        scores.join("  "),
                        l.bidder,
                        if l.tied { "  (tied)" } else { "" }
                    );
                }
            }
            for a in &result.awards {
                match a {
                    LotAward::Winner { lot, bidder } => println!("Lot {lot}: {bidder}"),
                    LotAward::Tied { lot, bidders } => {
                        println!("Lot {lot}: tied between {} — the stated procedure decides", bidders.join(", "))
                    }
                    LotAward::Pending { lot, after } => println!("Lot {lot}: waits for the tie in lot {after} to be decided"),
                    LotAward::NoWinner { lot } => println!("Lot {lot}: no eligible bidder"),
                }
            }
            Ok(())
        }
    }
}
