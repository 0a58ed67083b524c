//! Collusion signals (串通投标的迹象, 招标投标法实施条例 Art. 40), computed over a tender's
//! opened bids. Each is a named rule with a test; each alert names the bidders and the
//! evidence. An alert is a lead for a supervisor, never a verdict: the supervisor records a
//! decision with reasons.
//!
//! | rule | Art. 40 | evidence |
//! |---|---|---|
//! | `collusion.same_machine` | (一) 不同投标人的投标文件由同一单位或者个人编制 | the same keyed machine fingerprint component (CPU, disk, MAC, OS install) |
//! | `collusion.same_file` | (一)/(四) 异常一致 | an identical attachment (SHA-256), not one of the tender package's files |
//! | `collusion.same_address` | (一) | bids uploaded from the same network address |
//! | `collusion.same_tool` | (一) | bid documents produced by the same tool installation (keyed per tender) |
//! | `collusion.price_pattern` | (四) 投标报价呈规律性差异 | prices of a lot in an arithmetic progression, or all within a narrow band just under the ceiling |
//! | `collusion.same_person` | (二) 委托同一单位或者个人办理投标事宜 | the same legal representative or project manager (ID number, keyed hash) |
//! | `collusion.same_payer` | (五) 投标保证金从同一单位或者个人的账户转出 | deposits paid from the same account |
//!
//! Pure: the caller gathers the facts (the server for files, addresses, tools, prices,
//! people and payers; the supervisor's own app for machine fingerprints, which are sealed
//! to supervision).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashSet};

pub const RULE_SAME_MACHINE: &str = "collusion.same_machine";
pub const RULE_SAME_FILE: &str = "collusion.same_file";
pub const RULE_SAME_ADDRESS: &str = "collusion.same_address";
pub const RULE_SAME_TOOL: &str = "collusion.same_tool";
pub const RULE_PRICE_PATTERN: &str = "collusion.price_pattern";
pub const RULE_SAME_PERSON: &str = "collusion.same_person";
pub const RULE_SAME_PAYER: &str = "collusion.same_payer";

/// What is known about one opened bid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidFacts {
    /// The bidder's unified social credit code.
    pub bidder: String,
    /// (kind, keyed hash) of the machine fingerprint components.
    #[serde(default)]
    pub machine: Vec<(String, String)>,
    /// (file name, SHA-256) of the attachments.
    #[serde(default)]
    pub files: Vec<(String, String)>,
    /// Network addresses the bid's upload requests came from.
    #[serde(default)]
    pub addresses: Vec<String>,
    /// The keyed hash of the tool installation that produced the bid.
    #[serde(default)]
    pub tool: Option<String>,
    /// (lot, price).
    #[serde(default)]
    pub prices: Vec<(String, Decimal)>,
    /// (role, keyed hash of the ID number): legal representative, project manager.
    #[serde(default)]
    pub people: Vec<(String, String)>,
    /// Accounts the deposits came from.
    #[serde(default)]
    pub payers: Vec<String>,
}

/// One lead: the rule, the bidders it joins, and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub rule: String,
    pub bidders: Vec<String>,
    pub evidence: String,
}

/// What a supervisor finds on an alert, signed with the reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertDecision {
    pub format: u32,
    /// The platform's id of the alert.
    pub alert: String,
    /// `collusion` (串通投标, handled under Art. 67), `no_collusion`, or `referred` (to
    /// another authority, e.g. public security).
    pub finding: String,
    pub reasons: String,
    pub decided_at: crate::time::Timestamp,
}

/// The rule a component shared in the sealed fingerprints raises: the tool installation
/// (`tool`), a person named in both bids (`person`), or the machine (anything else).
pub fn rule_of_component(kind: &str) -> &'static str {
    match kind {
        "tool" => RULE_SAME_TOOL,
        "person" => RULE_SAME_PERSON,
        _ => RULE_SAME_MACHINE,
    }
}

/// Whether a shared component identifies one computer or installation. A CPU model is
/// shared by every computer of that model: shown, never raised.
pub fn identifies(kind: &str) -> bool {
    kind != "cpu"
}

/// The alerts a supervisor raises from the components shared in the opened sealed
/// fingerprints (`(kind, keyed hash, bidders)` each): one per rule and set of bidders, the
/// machine's components together ("the same disk, mac, os_install"); the CPU model left out.
pub fn sealed_alerts(shared: &[(String, String, Vec<String>)]) -> Vec<Alert> {
    // (rule, bidders) → the (kind, keyed hash) components they share.
    type Parts<'a> = Vec<(&'a str, &'a str)>;
    let mut groups: BTreeMap<(&'static str, Vec<String>), Parts> = BTreeMap::new();
    for (kind, hash, bidders) in shared.iter().filter(|(k, _, _)| identifies(k)) {
        let mut b = bidders.clone();
        b.sort();
        groups.entry((rule_of_component(kind), b)).or_default().push((kind.as_str(), hash.as_str()));
    }
    groups
        .into_iter()
        .map(|((rule, bidders), mut parts)| {
            parts.sort();
            let kinds: Vec<&str> = parts.iter().map(|p| p.0).collect();
            let hashes: Vec<String> = parts.iter().map(|p| format!("{}…", &p.1[..p.1.len().min(16)])).collect();
            let what = match kinds.as_slice() {
                ["tool"] => "tool installation".to_string(),
                ["person"] => "person (legal representative or project manager identity number)".to_string(),
                _ => kinds.join(", "),
            };
            let evidence = format!(
                "the same {what} (keyed hash{} {}), found by opening the sealed fingerprints",
                if hashes.len() > 1 { "es" } else { "" },
                hashes.join(", ")
            );
            Alert { rule: rule.into(), bidders, evidence }
        })
        .collect()
}

/// The rules a supervisor raises from its own app (the data is sealed to supervision).
pub const RAISED_RULES: [&str; 3] = [RULE_SAME_MACHINE, RULE_SAME_TOOL, RULE_SAME_PERSON];

pub const FINDINGS: [&str; 3] = ["collusion", "no_collusion", "referred"];

/// Settings of the price rule (data a centre may change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRule {
    /// At least this many prices in a lot before a pattern counts.
    pub min_bids: usize,
    /// "Just under the ceiling": every price within this percentage below it.
    pub band_percent: Decimal,
}

impl Default for PriceRule {
    fn default() -> Self {
        PriceRule { min_bids: 3, band_percent: Decimal::new(5, 1) }
    }
}

/// Groups bidders by a shared key; keys shared by two or more bidders become alerts.
fn shared<'a, I>(rule: &str, bids: &'a [BidFacts], keys: impl Fn(&'a BidFacts) -> I, evidence: impl Fn(&str) -> String) -> Vec<Alert>
where
    I: IntoIterator<Item = String>,
{
    let mut by_key: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for b in bids {
        for k in keys(b) {
            by_key.entry(k).or_default().insert(b.bidder.as_str());
        }
    }
    // One alert per group of bidders, listing every key they share.
    let mut groups: BTreeMap<Vec<&str>, Vec<String>> = BTreeMap::new();
    for (k, who) in by_key {
        if who.len() > 1 {
            groups.entry(who.into_iter().collect()).or_default().push(k);
        }
    }
    groups
        .into_iter()
        .map(|(who, keys)| Alert {
            rule: rule.to_string(),
            bidders: who.into_iter().map(str::to_string).collect(),
            evidence: keys.iter().map(|k| evidence(k)).collect::<Vec<_>>().join("; "),
        })
        .collect()
}

/// **collusion.same_machine**.
pub fn same_machine(bids: &[BidFacts]) -> Vec<Alert> {
    shared(
        RULE_SAME_MACHINE,
        bids,
        |b| b.machine.iter().map(|(k, h)| format!("{k}:{h}")),
        |k| {
            let (kind, hash) = k.split_once(':').unwrap_or((k, ""));
            format!("the same {kind} (keyed hash {}…)", &hash[..hash.len().min(16)])
        },
    )
}

/// **collusion.same_file**: identical attachments, except the tender package's own files
/// (`package`: their SHA-256), which every bidder may legitimately return.
pub fn same_file(bids: &[BidFacts], package: &HashSet<String>) -> Vec<Alert> {
    shared(
        RULE_SAME_FILE,
        bids,
        |b| b.files.iter().filter(|(_, sha)| !package.contains(sha)).map(|(_, sha)| sha.clone()).collect::<BTreeSet<_>>(),
        |sha| {
            let names: BTreeSet<&str> =
                bids.iter().flat_map(|b| b.files.iter()).filter(|(_, s)| s == sha).map(|(n, _)| n.as_str()).collect();
            format!("{} (SHA-256 {}…)", names.into_iter().collect::<Vec<_>>().join(" / "), &sha[..sha.len().min(16)])
        },
    )
}

/// **collusion.same_address**.
pub fn same_address(bids: &[BidFacts]) -> Vec<Alert> {
    shared(RULE_SAME_ADDRESS, bids, |b| b.addresses.iter().cloned().collect::<BTreeSet<_>>(), |a| format!("uploaded from {a}"))
}

/// **collusion.same_tool**.
pub fn same_tool(bids: &[BidFacts]) -> Vec<Alert> {
    shared(RULE_SAME_TOOL, bids, |b| b.tool.clone(), |t| format!("the same tool installation ({}…)", &t[..t.len().min(16)]))
}

/// **collusion.same_person**.
pub fn same_person(bids: &[BidFacts]) -> Vec<Alert> {
    shared(
        RULE_SAME_PERSON,
        bids,
        |b| b.people.iter().map(|(_, h)| h.clone()).collect::<BTreeSet<_>>(),
        |h| {
            let roles: BTreeSet<&str> =
                bids.iter().flat_map(|b| b.people.iter()).filter(|(_, x)| x == h).map(|(r, _)| r.as_str()).collect();
            format!("the same person as {} (ID keyed hash {}…)", roles.into_iter().collect::<Vec<_>>().join(" / "), &h[..h.len().min(16)])
        },
    )
}

/// **collusion.same_payer**.
pub fn same_payer(bids: &[BidFacts]) -> Vec<Alert> {
    shared(RULE_SAME_PAYER, bids, |b| b.payers.iter().cloned().collect::<BTreeSet<_>>(), |a| format!("deposits paid from account {a}"))
}

/// **collusion.price_pattern**: per lot with at least `min_bids` prices, the prices (sorted)
/// step by one and the same difference; or every price lies within `band_percent` below
/// the lot's ceiling (`ceilings`: lot → ceiling).
pub fn price_pattern(bids: &[BidFacts], ceilings: &BTreeMap<String, Decimal>, rule: PriceRule) -> Vec<Alert> {
    let mut by_lot: BTreeMap<&str, Vec<(&str, Decimal)>> = BTreeMap::new();
    for b in bids {
        for (lot, p) in &b.prices {
            by_lot.entry(lot.as_str()).or_default().push((b.bidder.as_str(), *p));
        }
    }
    let mut out = Vec::new();
    for (lot, mut prices) in by_lot {
        if prices.len() < rule.min_bids.max(2) {
            continue;
        }
        prices.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)));
        let bidders: Vec<String> = {
            let mut v: Vec<String> = prices.iter().map(|(b, _)| b.to_string()).collect();
            v.sort();
            v
        };
        let step = prices[1].1 - prices[0].1;
        if step > Decimal::ZERO && prices.windows(2).all(|w| w[1].1 - w[0].1 == step) {
            out.push(Alert {
                rule: RULE_PRICE_PATTERN.into(),
                bidders: bidders.clone(),
                evidence: format!(
                    "lot {lot}: the {} prices step by exactly {step} ({})",
                    prices.len(),
                    prices.iter().map(|(_, p)| p.to_string()).collect::<Vec<_>>().join(", ")
                ),
            });
        }
        if let Some(c) = ceilings.get(lot) {
            let floor = *c - *c * rule.band_percent / Decimal::from(100);
            if prices.iter().all(|(_, p)| *p <= *c && *p >= floor) {
                out.push(Alert {
                    rule: RULE_PRICE_PATTERN.into(),
                    bidders,
                    evidence: format!(
                        "lot {lot}: all {} prices lie within {}% under the ceiling {c} ({} to {})",
                        prices.len(),
                        rule.band_percent,
                        prices[0].1,
                        prices[prices.len() - 1].1
                    ),
                });
            }
        }
    }
    out
}

/// Every server-side signal over a tender's opened bids (the machine fingerprint is the
/// supervisor's own app's, see [`same_machine`]).
pub fn signals(bids: &[BidFacts], package: &HashSet<String>, ceilings: &BTreeMap<String, Decimal>, rule: PriceRule) -> Vec<Alert> {
    let mut out = Vec::new();
    out.extend(same_machine(bids));
    out.extend(same_file(bids, package));
    out.extend(same_address(bids));
    out.extend(same_tool(bids));
    out.extend(price_pattern(bids, ceilings, rule));
    out.extend(same_person(bids));
    out.extend(same_payer(bids));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn bid(who: &str) -> BidFacts {
        BidFacts { bidder: who.into(), ..Default::default() }
    }

    #[test]
    fn the_same_machine_component_in_two_bids_is_an_alert() {
        let mut a = bid("A");
        a.machine = vec![("disk".into(), "aa11".into()), ("mac".into(), "bb22".into())];
        let mut b = bid("B");
        b.machine = vec![("disk".into(), "aa11".into()), ("mac".into(), "cc33".into())];
        let mut c = bid("C");
        c.machine = vec![("disk".into(), "dd44".into())];
        let alerts = same_machine(&[a, b, c]);
        assert_eq!(alerts.len(), 1);
        assert_eq!(alerts[0].rule, RULE_SAME_MACHINE);
        assert_eq!(alerts[0].bidders, ["A", "B"]);
        assert!(alerts[0].evidence.contains("disk"));
    }

    #[test]
    fn identical_attachments_are_an_alert_but_not_the_tender_packages_own_files() {
        let mut a = bid("A");
        a.files = vec![("技术标/施工组织设计.pdf".into(), "f1".into()), ("工程量清单.csv".into(), "pkg".into())];
        let mut b = bid("B");
        b.files = vec![("技术标/方案.pdf".into(), "f1".into()), ("工程量清单.csv".into(), "pkg".into())];
        let package: HashSet<String> = ["pkg".to_string()].into();
        let alerts = same_file(&[a.clone(), b.clone()], &package);
        assert_eq!(alerts.len(), 1);
        assert!(alerts[0].evidence.contains("施工组织设计.pdf") && alerts[0].evidence.contains("方案.pdf"), "{}", alerts[0].evidence);
        assert_eq!(same_file(&[a, b], &HashSet::new()).len(), 1, "both files shared by the same pair: one alert");
    }

    #[test]
    fn bids_from_one_address_one_tool_one_person_or_one_payer_are_alerts() {
        let mut a = bid("A");
        let mut b = bid("B");
        let mut c = bid("C");
        a.addresses = vec!["10.0.0.7".into()];
        b.addresses = vec!["10.0.0.7".into(), "10.0.0.8".into()];
        c.addresses = vec!["10.0.0.9".into()];
        a.tool = Some("t1".into());
        c.tool = Some("t1".into());
        b.people = vec![("project_manager".into(), "p9".into())];
        c.people = vec![("legal_representative".into(), "p9".into())];
        a.payers = vec!["6222 0001".into()];
        b.payers = vec!["6222 0001".into()];
        let bids = [a, b, c];
        assert_eq!(same_address(&bids)[0].bidders, ["A", "B"]);
        assert_eq!(same_tool(&bids)[0].bidders, ["A", "C"]);
        let p = same_person(&bids);
        assert_eq!(p[0].bidders, ["B", "C"]);
        assert!(p[0].evidence.contains("legal_representative") && p[0].evidence.contains("project_manager"));
        assert_eq!(same_payer(&bids)[0].rule, RULE_SAME_PAYER);
    }

    #[test]
    fn prices_in_an_arithmetic_progression_or_huddled_under_the_ceiling_are_an_alert() {
        let mk = |who: &str, p: &str| BidFacts { bidder: who.into(), prices: vec![("L1".into(), d(p))], ..Default::default() };
        let ceilings: BTreeMap<String, Decimal> = [("L1".to_string(), d("12800000.00"))].into();
        let steps = [mk("A", "11000000.00"), mk("B", "11200000.00"), mk("C", "11400000.00")];
        let a = price_pattern(&steps, &ceilings, PriceRule::default());
        assert_eq!(a.len(), 1);
        assert!(a[0].evidence.contains("step by exactly 200000.00"), "{}", a[0].evidence);
        let uneven = [mk("A", "11000000.00"), mk("B", "11200000.00"), mk("C", "11450000.00")];
        assert!(price_pattern(&uneven, &ceilings, PriceRule::default()).is_empty());
        let huddled = [mk("A", "12790000.00"), mk("B", "12750000.00"), mk("C", "12780000.00")];
        let a = price_pattern(&huddled, &ceilings, PriceRule::default());
        assert_eq!(a.len(), 1);
        assert!(a[0].evidence.contains("within 0.5% under the ceiling"), "{}", a[0].evidence);
        let two = [mk("A", "11000000.00"), mk("B", "11200000.00")];
        assert!(price_pattern(&two, &ceilings, PriceRule::default()).is_empty(), "two prices make no pattern");
    }

    #[test]
    fn alerts_do_not_depend_on_the_order_bids_arrive_in() {
        let mut a = bid("A");
        a.files = vec![("x.pdf".into(), "f1".into())];
        a.addresses = vec!["1.2.3.4".into()];
        let mut b = bid("B");
        b.files = vec![("y.pdf".into(), "f1".into())];
        b.addresses = vec!["1.2.3.4".into()];
        let c = bid("C");
        let one = signals(&[a.clone(), b.clone(), c.clone()], &HashSet::new(), &BTreeMap::new(), PriceRule::default());
        let two = signals(&[c, b, a], &HashSet::new(), &BTreeMap::new(), PriceRule::default());
        assert_eq!(one, two);
        assert_eq!(one.len(), 2);
    }

    #[test]
    fn a_machine_shared_by_the_same_bidders_is_one_alert_and_a_cpu_model_none() {
        let h = |c: char| c.to_string().repeat(64);
        let ab = vec!["B".to_string(), "A".to_string()];
        let shared = vec![
            ("disk".to_string(), h('1'), ab.clone()),
            ("mac".to_string(), h('2'), vec!["A".into(), "B".into()]),
            ("cpu".to_string(), h('3'), ab.clone()),
            ("tool".to_string(), h('4'), ab.clone()),
            ("person".to_string(), h('5'), vec!["A".into(), "C".into()]),
        ];
        let alerts = sealed_alerts(&shared);
        assert_eq!(alerts.len(), 3, "{alerts:?}");
        let machine = alerts.iter().find(|a| a.rule == RULE_SAME_MACHINE).unwrap();
        assert_eq!(machine.bidders, vec!["A", "B"]);
        assert_eq!(
            machine.evidence,
            "the same disk, mac (keyed hashes 1111111111111111…, 2222222222222222…), found by opening the sealed fingerprints"
        );
        assert!(!machine.evidence.contains("cpu"));
        assert!(alerts.iter().any(|a| a.rule == RULE_SAME_TOOL && a.evidence.starts_with("the same tool installation (keyed hash 4444")));
        assert!(alerts.iter().any(|a| a.rule == RULE_SAME_PERSON && a.bidders == vec!["A", "C"]));
    }
}
