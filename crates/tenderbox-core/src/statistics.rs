//! Trading statistics per centre and period, for the supervising departments and the
//! annual assessment: tenders published, their value (the sum of the lots' ceiling prices or
//! budgets), bids per opened tender, the awarded value and the savings against the ceiling,
//! failed tenders and complaints. Pure: the server gathers one [`TenderFact`] per tender.
//!
//! **statistics.period**: a tender counts in the period its announcement was published in
//! (Beijing calendar days, both ends inclusive); its bids, awards and complaints count with
//! it, whenever they happened.

use crate::Decimal;
use serde::{Deserialize, Serialize};

/// What the statistics need of one tender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderFact {
    pub centre: String,
    pub trading_type: String,
    /// `YYYY-MM-DD` (Beijing) of the first publication.
    pub published_on: String,
    /// The sum of the lots' ceiling prices (最高投标限价) or budgets; zero when none is stated.
    pub value: Decimal,
    /// Bids opened; `None` before the opening (nobody learns the count earlier).
    pub bids: Option<u32>,
    /// Each awarded lot: its ceiling (if stated) and the winning price.
    pub awards: Vec<(Option<Decimal>, Decimal)>,
    pub failed: bool,
    pub complaints: u32,
}

/// One centre's figures (or the total, centre `""`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CentreFigures {
    pub centre: String,
    pub tenders: u32,
    pub value: Decimal,
    pub opened: u32,
    pub bids: u32,
    /// Bids per opened tender, two decimals (rounded half up); `None` with nothing opened.
    pub bidders_per_tender: Option<Decimal>,
    pub awarded_lots: u32,
    pub awarded_value: Decimal,
    /// The ceilings of the awarded lots that state one, less their winning prices.
    pub savings: Decimal,
    /// `savings` as a percentage of those ceilings, two decimals; `None` without a ceiling.
    pub savings_rate: Option<Decimal>,
    pub failed: u32,
    pub complaints: u32,
}

fn empty(centre: &str) -> CentreFigures {
    CentreFigures {
        centre: centre.into(),
        tenders: 0,
        value: Decimal::ZERO,
        opened: 0,
        bids: 0,
        bidders_per_tender: None,
        awarded_lots: 0,
        awarded_value: Decimal::ZERO,
        savings: Decimal::ZERO,
        savings_rate: None,
        failed: 0,
        complaints: 0,
    }
}

fn round2(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    r
}

fn add(f: &mut CentreFigures, t: &TenderFact, ceilings: &mut Decimal) {
    f.tenders += 1;
    f.value += t.value;
    if let Some(n) = t.bids {
        f.opened += 1;
        f.bids += n;
    }
    for (ceiling, price) in &t.awards {
        f.awarded_lots += 1;
        f.awarded_value += *price;
        if let Some(c) = ceiling {
            f.savings += *c - *price;
            *ceilings += *c;
        }
    }
    f.failed += u32::from(t.failed);
    f.complaints += t.complaints;
}

fn finish(f: &mut CentreFigures, ceilings: Decimal) {
    f.bidders_per_tender = (f.opened > 0).then(|| round2(Decimal::from(f.bids) / Decimal::from(f.opened)));
    f.savings_rate = (ceilings > Decimal::ZERO).then(|| round2(f.savings * Decimal::from(100) / ceilings));
}

/// **statistics.by_centre**: the figures of every centre in `centres` (in that order, each
/// listed even with nothing in the period) for the tenders published from `from` to `to`,
/// then the total.
pub fn by_centre(facts: &[TenderFact], centres: &[String], from: &str, to: &str) -> Vec<CentreFigures> {
    let mut rows: Vec<(CentreFigures, Decimal)> = centres.iter().map(|c| (empty(c), Decimal::ZERO)).collect();
    let mut total = (empty(""), Decimal::ZERO);
    for t in facts.iter().filter(|t| t.published_on.as_str() >= from && t.published_on.as_str() <= to) {
        if let Some(r) = rows.iter_mut().find(|r| r.0.centre == t.centre) {
            add(&mut r.0, t, &mut r.1);
        }
        add(&mut total.0, t, &mut total.1);
    }
    rows.push(total);
    rows.into_iter()
        .map(|(mut f, c)| {
            finish(&mut f, c);
            f
        })
        .collect()
}

/// The figures as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read the
/// Chinese header), one line per centre and the total last.
pub fn to_csv(rows: &[CentreFigures], centre_name: impl Fn(&str) -> String) -> String {
    let mut s = String::from(
        "\u{feff}交易中心,项目数,项目金额（元）,已开标项目数,投标数,平均投标人数,中标标段数,中标金额（元）,节资额（元）,节资率（%）,流标项目数,投诉件数\n",
    );
    let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    for r in rows {
        let name = if r.centre.is_empty() { "合计".to_string() } else { centre_name(&r.centre) };
        s.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{}\n",
            name.replace(',', "，"),
            r.tenders,
            r.value,
            r.opened,
            r.bids,
            opt(r.bidders_per_tender),
            r.awarded_lots,
            r.awarded_value,
            r.savings,
            opt(r.savings_rate),
            r.failed,
            r.complaints
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn fact(centre: &str, on: &str) -> TenderFact {
        TenderFact {
            centre: centre.into(),
            trading_type: "engineering".into(),
            published_on: on.into(),
            value: d("12000000.00"),
            bids: Some(4),
            awards: vec![(Some(d("12000000.00")), d("10800000.00"))],
            failed: false,
            complaints: 1,
        }
    }

    #[test]
    fn figures_add_up_per_centre_and_in_total() {
        let mut failed = fact("HZ-DQ", "2026-11-03");
        failed.bids = Some(2);
        failed.awards = vec![];
        failed.failed = true;
        failed.complaints = 0;
        let mut open = fact("HZ", "2026-11-20");
        open.bids = None;
        open.awards = vec![];
        let facts = vec![fact("HZ", "2026-11-01"), fact("HZ", "2026-11-30"), failed, open, fact("HZ", "2026-12-01")];
        let rows = by_centre(&facts, &["HZ".into(), "HZ-DQ".into(), "HZ-AJ".into()], "2026-11-01", "2026-11-30");
        let hz = &rows[0];
        assert_eq!((hz.tenders, hz.opened, hz.bids, hz.awarded_lots, hz.complaints), (3, 2, 8, 2, 3), "December is outside");
        assert_eq!(hz.value, d("36000000.00"));
        assert_eq!(hz.bidders_per_tender, Some(d("4.00")));
        assert_eq!(hz.savings, d("2400000.00"));
        assert_eq!(hz.savings_rate, Some(d("10.00")));
        let dq = &rows[1];
        assert_eq!((dq.tenders, dq.failed, dq.savings_rate), (1, 1, None));
        assert_eq!(rows[2].tenders, 0, "a centre with nothing is listed");
        let total = rows.last().unwrap();
        assert_eq!((total.centre.as_str(), total.tenders, total.opened, total.bids), ("", 4, 3, 10));
        assert_eq!(total.bidders_per_tender, Some(d("3.33")));
        assert_eq!(total.failed, 1);
    }

    #[test]
    fn a_lot_without_a_ceiling_counts_in_value_not_in_savings() {
        let mut t = fact("HZ", "2026-11-05");
        t.awards = vec![(None, d("500000.00")), (Some(d("1000000.00")), d("900000.00"))];
        let rows = by_centre(&[t], &["HZ".into()], "2026-11-01", "2026-11-30");
        assert_eq!((rows[0].awarded_value, rows[0].savings, rows[0].savings_rate), (d("1400000.00"), d("100000.00"), Some(d("10.00"))));
    }

    #[test]
    fn the_csv_has_a_chinese_header_and_the_total_last() {
        let rows = by_centre(&[fact("HZ", "2026-11-05")], &["HZ".into()], "2026-11-01", "2026-11-30");
        let csv = to_csv(&rows, |c| if c == "HZ" { "湖州市公共资源交易中心".into() } else { c.into() });
        let lines: Vec<&str> = csv.lines().collect();
        assert!(lines[0].starts_with("\u{feff}交易中心,项目数"));
        assert_eq!(lines[1], "湖州市公共资源交易中心,1,12000000.00,1,4,4.00,1,10800000.00,1200000.00,10.00,0,1");
        assert!(lines[2].starts_with("合计,1,"));
    }
}
