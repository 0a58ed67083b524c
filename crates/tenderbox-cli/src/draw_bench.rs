//! `tenderbox bench draw`: the expert draw on a library of N experts — the avoidance
//! rules over every expert, the hash of the eligible pool, and the selection of a
//! committee with reserves — timed over repeated draws, with SHA-256 over the pool's
//! bytes as the reference. Figures, not assertions (docs/benchmarks.md).

use crate::ui::{self, Result};
use std::time::Instant;
use tenderbox_core::experts::{DrawContext, ExpertFacts, ExpertStatus, avoidance};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::draw::{Candidate, pool_hash, seed, select};

const DAY: i64 = 86_400;

fn library(n: usize, now: i64) -> Vec<(ExpertFacts, String)> {
    (0..n)
        .map(|i| {
            let status = match i % 97 {
                0 => ExpertStatus::Removed,
                1 => ExpertStatus::Suspended { until: Timestamp::from_unix(now + 30 * DAY) },
                _ => ExpertStatus::Active,
            };
            let facts = ExpertFacts {
                id: format!("EXP-{i:07}"),
                // About 20 experts per employer.
                employer: format!("9133050{:010}", i / 20),
                status,
                unavailable: if i % 50 == 0 { vec!["2026-12-20".into()] } else { vec![] },
                drawn_at: (0..(i % 5)).map(|k| Timestamp::from_unix(now - (k as i64 * 9 + 1) * DAY)).collect(),
                evaluated: vec![(format!("9133050{:010}", i % 300), Timestamp::from_unix(now - (i as i64 % 200) * DAY))],
                blacklisted: i % 211 == 0,
            };
            // Four first-level engineering specialties, spread evenly.
            (facts, format!("A0{}", 5 + i % 4))
        })
        .collect()
}

pub fn run(experts: usize, draws: usize, json: bool) -> Result<()> {
    let now = ui::now().unix();
    let lib = library(experts, now);
    let ctx = DrawContext {
        tenderer: "91330500000000000T".into(),
        agency: "91330500MA28CK3N4C".into(),
        bidders: (0..30).map(|b| format!("9133050{:010}", b * 7)).collect(),
        excluded: vec![("EXP-0000042".into(), "参与过本项目前期咨询".into())],
        evaluation_day: "2026-12-20".into(),
        now: Timestamp::from_unix(now),
        max_draws: 3,
        window_days: 30,
        same_tenderer_days: 90,
    };
    let groups = [("A05", 2usize), ("A06", 2), ("A07", 1)];
    let (mut t_avoid, mut t_hash, mut t_select, mut t_sha) = (0f64, 0f64, 0f64, 0f64);
    let mut eligible = 0;
    for d in 0..draws {
        let t = Instant::now();
        let pool: Vec<(Candidate, &str)> = lib
            .iter()
            .filter(|(e, _)| avoidance(e, &ctx).is_none())
            .map(|(e, s)| (Candidate { id: e.id.clone(), employer: e.employer.clone() }, s.as_str()))
            .collect();
        t_avoid += t.elapsed().as_secs_f64();
        eligible = pool.len();
        let everyone: Vec<Candidate> = pool.iter().map(|(c, _)| c.clone()).collect();
        let t = Instant::now();
        let h = pool_hash(&[7; 32], &everyone);
        t_hash += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let mut raw = Vec::with_capacity(everyone.len() * 40);
        for c in &everyone {
            raw.extend_from_slice(c.id.as_bytes());
            raw.extend_from_slice(c.employer.as_bytes());
        }
        std::hint::black_box(tenderbox_core::sha256(&raw));
        t_sha += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let sd = seed("BENCH", d as u32, &h, b"supervisor", &[7; 32]);
        let mut chosen = Vec::new();
        for (code, n) in groups {
            let group: Vec<Candidate> = pool.iter().filter(|(_, s)| *s == code).map(|(c, _)| c.clone()).collect();
            select(&sd, code, &group, n + 2, &mut chosen).map_err(|e| ui::Failure::new("draw.counts", format!("{e:?}")))?;
        }
        t_select += t.elapsed().as_secs_f64();
    }
    let per = |t: f64| t / draws as f64 * 1000.0;
    let total = per(t_avoid + t_hash + t_select);
    if json {
        ui::print_json(&serde_json::json!({
            "experts": experts, "eligible": eligible, "draws": draws,
            "avoidance_ms": per(t_avoid), "pool_hash_ms": per(t_hash), "selection_ms": per(t_select),
            "total_ms": total, "raw_sha256_ms": per(t_sha), "pool_hash_vs_raw_sha256": t_hash / t_sha.max(1e-12),
        }));
    } else {
        println!(
            "expert draw: {experts} experts in the library, {eligible} eligible after avoidance, 5 drawn + 2 reserves per specialty, {draws} draws"
        );
        println!("  avoidance rules over the library  {:>9.2} ms", per(t_avoid));
        println!(
            "  pool hash                         {:>9.2} ms   ({:.2}× a raw SHA-256 of the same ids)",
            per(t_hash),
            t_hash / t_sha.max(1e-12)
        );
        println!("  selection (3 specialties)         {:>9.2} ms", per(t_select));
        println!("  total per draw                    {:>9.2} ms   (target < 200 ms)", total);
    }
    Ok(())
}
