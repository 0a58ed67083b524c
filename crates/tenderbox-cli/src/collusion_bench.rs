//! `tenderbox bench collusion`: the collusion signals over a generated tender of N bids with
//! F attachments each (plus machine components, upload addresses, a tool installation,
//! people, deposit payers and prices), a few pairs planted to share each signal. Figures,
//! not assertions (docs/benchmarks.md); the planted pairs must all be found.

use crate::ui::{self, Failure, Result};
use std::collections::{BTreeMap, HashSet};
use std::time::Instant;
use tenderbox_core::Decimal;
use tenderbox_core::collusion::{self, BidFacts, PriceRule};

fn h(parts: &[&str]) -> String {
    hex::encode(tenderbox_core::sha256(parts.join("\n").as_bytes()))
}

pub fn run(bids: usize, files: usize, json: bool) -> Result<()> {
    let package: HashSet<String> = (0..5).map(|i| h(&["package", &i.to_string()])).collect();
    let pkg: Vec<String> = package.iter().cloned().collect();
    let mut facts: Vec<BidFacts> = (0..bids)
        .map(|i| {
            let who = format!("9133050{i:011}");
            let mut f: Vec<(String, String)> = (0..files).map(|k| (format!("附件/{k:02}.pdf"), h(&[&who, &k.to_string()]))).collect();
            // Every bidder returns the tender package's bill of quantities: not a signal.
            f[0].1 = pkg[0].clone();
            BidFacts {
                machine: ["cpu", "disk", "mac", "os"].iter().map(|k| (k.to_string(), h(&[&who, k]))).collect(),
                files: f,
                addresses: vec![format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256)],
                tool: Some(h(&[&who, "tool"])),
                prices: vec![("L1".into(), Decimal::from(10_000_000 + (i as i64 * 7919) % 2_000_000))],
                people: vec![("legal_representative".into(), h(&[&who, "lr"])), ("project_manager".into(), h(&[&who, "pm"]))],
                payers: vec![format!("6222{i:012}")],
                bidder: who,
            }
        })
        .collect();
    if bids < 20 {
        return Err(Failure::new("bench", "plant signals in at least 20 bids"));
    }
    // Planted: one pair per rule.
    facts[1].machine[1].1 = facts[0].machine[1].1.clone();
    facts[3].files[7].1 = facts[2].files[9].1.clone();
    facts[5].addresses = facts[4].addresses.clone();
    facts[7].tool = facts[6].tool.clone();
    facts[9].people[1].1 = facts[8].people[0].1.clone();
    facts[11].payers = facts[10].payers.clone();
    let ceilings: BTreeMap<String, Decimal> = [("L1".to_string(), Decimal::from(12_800_000))].into();
    let rule = PriceRule::default();
    let rounds = 5;
    let mut times = Vec::new();
    let mut alerts = Vec::new();
    for _ in 0..rounds {
        let t = Instant::now();
        alerts = collusion::signals(&facts, &package, &ceilings, rule);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let best = times[0];
    let median = times[rounds / 2];
    let found: Vec<String> = alerts.iter().map(|a| a.rule.clone()).collect();
    for r in [
        collusion::RULE_SAME_MACHINE,
        collusion::RULE_SAME_FILE,
        collusion::RULE_SAME_ADDRESS,
        collusion::RULE_SAME_TOOL,
        collusion::RULE_SAME_PERSON,
        collusion::RULE_SAME_PAYER,
    ] {
        if !found.iter().any(|f| f == r) {
            return Err(Failure::new("bench", format!("the planted {r} was not found")));
        }
    }
    let hashes = bids * files;
    if json {
        ui::print_json(
            &serde_json::json!({ "bids": bids, "files_per_bid": files, "alerts": alerts.len(), "median_seconds": median, "best_seconds": best }),
        );
    } else {
        println!("collusion signals over {bids} bids × {files} files ({hashes} attachment hashes), {rounds} rounds");
        println!("  median {:.3} s, best {:.3} s (target < 10 s)   {:.0} bids/s", median, best, bids as f64 / median);
        println!("  {} alert(s); every planted pair found ({})", alerts.len(), found.join(", "));
    }
    Ok(())
}
