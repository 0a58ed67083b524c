//! Ranking from score sheets alone (`tenderbox evaluation rank SHEET.csv`): rows of
//! `lot,bidder,expert,score`, lots in the order the tender lists them, each lot's bidders
//! ranked by their aggregated score under the tender's rules, and the lots awarded in
//! that order with the limit on lots per bidder. Anyone holding published sheets can
//! recompute a ranking with it; the result does not depend on the order of the rows.

use crate::scoring::{LotAward, Ranked, aggregate, award_lots};
use crate::tender::ScoringRules;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;

/// One score: expert `expert` gave `score` to `bidder` in lot `lot`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRow {
    pub lot: String,
    pub bidder: String,
    pub expert: String,
    pub score: Decimal,
}

/// A bad line of a sheet file (line numbers count the header as line 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetError {
    pub line: u64,
    pub message: String,
}

pub const SHEET_COLUMNS: [&str; 4] = ["lot", "bidder", "expert", "score"];

/// Reads a sheet file; every bad line is reported, and a file with any is refused.
pub fn parse_sheet(text: &str) -> Result<Vec<SheetRow>, Vec<SheetError>> {
    let mut r = csv::ReaderBuilder::new().has_headers(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> = match r.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => return Err(vec![SheetError { line: 1, message: format!("not a CSV file: {e}") }]),
    };
    if header != SHEET_COLUMNS {
        return Err(vec![SheetError { line: 1, message: format!("the first line must be {}", SHEET_COLUMNS.join(",")) }]);
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<(String, String, String), u64> = BTreeMap::new();
    for rec in r.records() {
        let rec = match rec {
            Ok(rec) => rec,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(SheetError { line, message: format!("not a row of 4 columns: {e}") });
                continue;
            }
        };
        let line = rec.position().map(|p| p.line()).unwrap_or(0);
        if rec.len() != 4 {
            errors.push(SheetError { line, message: format!("{} columns; a row has 4", rec.len()) });
            continue;
        }
        let (lot, bidder, expert, score) = (rec[0].to_string(), rec[1].to_string(), rec[2].to_string(), &rec[3]);
        if lot.is_empty() || bidder.is_empty() || expert.is_empty() {
            errors.push(SheetError { line, message: "lot, bidder and expert are required".into() });
            continue;
        }
        let score = match score.parse::<Decimal>() {
            Ok(s) if s >= Decimal::ZERO => s,
            _ => {
                errors.push(SheetError { line, message: format!("'{score}' is not a score (a decimal number, 0 or more)") });
                continue;
            }
        };
        if let Some(first) = seen.insert((lot.clone(), bidder.clone(), expert.clone()), line) {
            errors.push(SheetError { line, message: format!("{expert} scored {bidder} in lot {lot} already on line {first}") });
            continue;
        }
        rows.push(SheetRow { lot, bidder, expert, score });
    }
    if errors.is_empty() { Ok(rows) } else { Err(errors) }
}

/// The lots in the order they first appear in the rows (the file's order).
pub fn lot_order(rows: &[SheetRow]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in rows {
        if !out.contains(&r.lot) {
            out.push(r.lot.clone());
        }
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetLine {
    pub bidder: String,
    pub aggregate: Decimal,
    pub rank: u32,
    pub tied: bool,
    /// (expert, score), by expert.
    pub scores: Vec<(String, Decimal)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetLot {
    pub lot: String,
    pub ranking: Vec<SheetLine>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetResult {
    pub lots: Vec<SheetLot>,
    pub awards: Vec<LotAward>,
}

/// Ranks each lot by aggregated score (higher first; equal aggregates are tied — sheets
/// carry no prices to break them) and awards the lots in `lots` order, each bidder
/// winning at most `max_per_bidder` (None: any number). Every bidder of a lot must be
/// scored by the same experts.
pub fn rank_sheet(rows: &[SheetRow], lots: &[String], rules: &ScoringRules, max_per_bidder: Option<u32>) -> Result<SheetResult, String> {
    let mut out = Vec::new();
    let mut rankings: Vec<(String, Vec<Ranked>)> = Vec::new();
    for lot in lots {
        // bidder → expert → score, ordered, so nothing depends on the rows' order.
        let mut by: BTreeMap<&str, BTreeMap<&str, Decimal>> = BTreeMap::new();
        for r in rows.iter().filter(|r| &r.lot == lot) {
            by.entry(&r.bidder).or_default().insert(&r.expert, r.score);
        }
        let experts: Vec<&str> =
            by.values().flat_map(|m| m.keys().copied()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        for (bidder, scores) in &by {
            if let Some(missing) = experts.iter().find(|e| !scores.contains_key(*e)) {
                return Err(format!("lot {lot}: {missing} gave no score to {bidder}; every member scores every bidder"));
            }
        }
        let mut lines: Vec<SheetLine> = Vec::new();
        for (bidder, scores) in &by {
            let values: Vec<Decimal> = scores.values().copied().collect();
            let agg = aggregate(rules, &values).map_err(|e| format!("lot {lot}: {e}"))?;
            lines.push(SheetLine {
                bidder: bidder.to_string(),
                aggregate: agg,
                rank: 0,
                tied: false,
                scores: scores.iter().map(|(e, s)| (e.to_string(), *s)).collect(),
            });
        }
        lines.sort_by(|a, b| b.aggregate.cmp(&a.aggregate).then(a.bidder.cmp(&b.bidder)));
        for i in 0..lines.len() {
            let equal_prev = i > 0 && lines[i - 1].aggregate == lines[i].aggregate;
            lines[i].rank = if equal_prev { lines[i - 1].rank } else { i as u32 + 1 };
            if equal_prev {
                lines[i - 1].tied = true;
                lines[i].tied = true;
            }
        }
        rankings.push((lot.clone(), lines.iter().map(|l| Ranked { bidder: l.bidder.clone(), rank: l.rank, tied: l.tied }).collect()));
        out.push(SheetLot { lot: lot.clone(), ranking: lines });
    }
    Ok(SheetResult { lots: out, awards: award_lots(lots, &rankings, max_per_bidder, &[]) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tender::Aggregation;

    const SHEET: &str = "lot,bidder,expert,score\n\
        L1,甲,E1,88\nL1,甲,E2,90\nL1,甲,E3,86\n\
        L1,乙,E1,85\nL1,乙,E2,87\nL1,乙,E3,89\n\
        L2,甲,E1,92\nL2,甲,E2,91\nL2,甲,E3,90\n\
        L2,丙,E1,80\nL2,丙,E2,82\nL2,丙,E3,84\n";

    #[test]
    fn a_sheet_ranks_each_lot_and_awards_in_file_order_with_the_lot_limit() {
        let rows = parse_sheet(SHEET).unwrap();
        let lots = lot_order(&rows);
        assert_eq!(lots, ["L1", "L2"]);
        let r = rank_sheet(&rows, &lots, &ScoringRules::default(), Some(1)).unwrap();
        // L1: 甲 (88+90+86)/3 = 88.00, 乙 87.00; L2: 甲 91.00 but already won L1 → 丙.
        assert_eq!(r.lots[0].ranking[0].aggregate, "88.00".parse::<Decimal>().unwrap());
        assert_eq!(
            r.awards,
            vec![LotAward::Winner { lot: "L1".into(), bidder: "甲".into() }, LotAward::Winner { lot: "L2".into(), bidder: "丙".into() }]
        );
        let free = rank_sheet(&rows, &lots, &ScoringRules::default(), None).unwrap();
        assert_eq!(free.awards[1], LotAward::Winner { lot: "L2".into(), bidder: "甲".into() });
    }

    #[test]
    fn a_bad_sheet_names_every_bad_line() {
        let e = parse_sheet("lot,bidder,expert,score\nL1,甲,E1,8x\nL1,甲,E1,80\nL1,甲,E1,81\nL1,,E2,70\n").unwrap_err();
        let lines: Vec<u64> = e.iter().map(|e| e.line).collect();
        assert_eq!(lines, [2, 4, 5], "{e:?}");
        assert!(e[1].message.contains("line 3"));
        assert_eq!(parse_sheet("lot,bidder,score\n").unwrap_err()[0].line, 1);
        let rows = parse_sheet("lot,bidder,expert,score\nL1,甲,E1,80\nL1,乙,E2,70\n").unwrap();
        assert!(rank_sheet(&rows, &lot_order(&rows), &ScoringRules::default(), None).unwrap_err().contains("gave no score"));
    }

    #[test]
    fn equal_aggregates_are_tied_and_hold_later_lots_when_a_bidder_may_win_one() {
        let rows = parse_sheet("lot,bidder,expert,score\nL1,甲,E1,80\nL1,乙,E1,80\nL2,甲,E1,90\nL2,丙,E1,70\n").unwrap();
        let r =
            rank_sheet(&rows, &lot_order(&rows), &ScoringRules { aggregate: Aggregation::Mean, ..Default::default() }, Some(1)).unwrap();
        assert!(r.lots[0].ranking.iter().all(|l| l.tied && l.rank == 1));
        assert_eq!(r.awards[1], LotAward::Pending { lot: "L2".into(), after: "L1".into() });
    }
}
