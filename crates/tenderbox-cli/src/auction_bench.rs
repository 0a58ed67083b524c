//! `tenderbox bench auction`: the last minute of a timed round against a real
//! `tenderbox-server` process on loopback (a rehearsal platform, so that the round opens
//! at once). Setup — identities, approval, the announcement, registrations, deposits
//! through a bank statement — is not timed. Then every bidder follows the board on the
//! server's event stream (reconnecting by itself) and bids for SECONDS: it waits a random
//! think time, signs a bid at the lowest next price it has seen (sometimes an increment or
//! two more) and sends it. Measured: each bid's time from request to answer (accepted, or
//! refused because another bid got there first), and for every accepted bid how long from
//! its sending until each bidder's board showed it. With `--kill-at`, the server is killed with
//! SIGKILL that many seconds into the round and started again: no accepted bid may be
//! missing afterwards, and the round resumes by the documented rule (`auction.resume`).

use crate::surge::{ServerProc, percentile, uscc_for};
use crate::ui::{Failure, Result};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tenderbox_client::api::Api;
use tenderbox_client::auction_room::{RoomNews, follow};
use tenderbox_core::Decimal;
use tenderbox_core::auction::{Action, AuctionTerms, BidStatement, Mode};
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::SystemEntropy;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_seal::signed::sign;
use tenderbox_wire::Role;

pub struct Plan {
    pub bidders: usize,
    pub seconds: u64,
    /// Each bidder's pause between bids: uniform in [min, max] milliseconds.
    pub think_ms: (u64, u64),
    pub kill_at: Option<u64>,
    pub database: Option<String>,
}

pub fn run(plan: Plan, json: bool) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::new("runtime", e.to_string()))?;
    rt.block_on(bench(plan, json))
}

fn me(secret: &SecretIdentity) -> String {
    tenderbox_wire::identity_id(&base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret.signing_public()))
}

/// What one bidder saw of the board: the lowest next bid, and when each bid first showed.
#[derive(Default)]
struct Seen {
    minimum: Option<Decimal>,
    first: HashMap<u64, Instant>,
}

/// A small deterministic generator per bidder (think times, extra increments).
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

async fn bench(plan: Plan, json: bool) -> Result<()> {
    let work = tempfile::Builder::new().prefix("tenderbox-auction-bench-").tempdir()?;
    let ent = SystemEntropy::new();
    let now = crate::ui::now();
    let admin = SecretIdentity::generate(&ent);
    let admin_doc = PublicIdentity::new(&admin, "centre-admin", Uscc::parse("12330500MB1957210B").expect("valid"), now)?;
    let admin_file = work.path().join("admin.json");
    std::fs::write(&admin_file, serde_json::to_vec(&admin_doc).expect("json"))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let server = ServerProc::spawn_with(&work.path().join("server-data"), &admin_file, plan.database.clone(), port, &["--rehearsal"])?;
    let url = server.url();
    eprintln!("setup: server on {url} (rehearsal platform), {} bidders", plan.bidders);

    let mut admin_api = Api::new(&url);
    admin_api.login(&admin_doc, &admin).await?;
    let fin = SecretIdentity::generate(&ent);
    let fin_doc = PublicIdentity::new(&fin, "湖州市公共资源交易中心财务科", Uscc::parse("12330500MB1A2B3C41").expect("valid"), now)?;
    let rec = Api::new(&url).register(&fin_doc, &[Role::Finance]).await?;
    admin_api.approve_identity(&rec.id).await?;
    let mut bidders = Vec::new();
    for i in 0..plan.bidders {
        let s = SecretIdentity::generate(&ent);
        let p = PublicIdentity::new(&s, &format!("竞买人{i:04}"), uscc_for(i), now)?;
        let rec = Api::new(&url).register(&p, &[Role::Bidder]).await?;
        admin_api.approve_identity(&rec.id).await?;
        bidders.push((p, s));
    }

    // An English auction (every bid restarts a 60-second countdown), registration for the
    // setup's length, bidding right after.
    let setup_seconds = 20 + plan.bidders as i64 / 5;
    let now = crate::ui::now();
    let mut t = AuctionTerms::example(now);
    t.id = "HZ-TD-2026-B01".into();
    t.mode = Mode::English;
    t.listing_ends = None;
    t.rehearsal = true;
    t.starting_price = "10000000.00".parse().expect("decimal");
    t.increment = "10000.00".parse().expect("decimal");
    t.deposit = "1000000.00".parse().expect("decimal");
    t.countdown_seconds = 60;
    t.registration_deadline = now.plus_seconds(setup_seconds);
    t.bidding_starts = now.plus_seconds(setup_seconds + 2);
    let rec = admin_api.announce_auction(&t).await?;
    let id = rec.terms.id.clone();
    let mut apis = Vec::new();
    let mut lines = vec![tenderbox_core::security::STATEMENT_COLUMNS.join(",")];
    for (i, (p, s)) in bidders.iter().enumerate() {
        let mut api = Api::new(&url);
        api.login(p, s).await?;
        let reg = api.auction_apply(&id, true).await?;
        lines.push(format!("HZB{i:08},{},{},6228{i:012},1000000.00,{}", now.to_beijing(), p.name, reg.deposit_reference));
        apis.push(api);
    }
    let mut fin_api = Api::new(&url);
    fin_api.login(&fin_doc, &fin).await?;
    fin_api.import_statement(&(lines.join("\n") + "\n")).await?;
    let mut numbers = Vec::new();
    for api in &apis {
        let reg = api.auction_registration(&id).await?;
        numbers.push(reg.number.ok_or_else(|| Failure::new("bench", "a bidder has no number after its deposit"))?);
    }
    if crate::ui::now() >= t.registration_deadline {
        return Err(Failure::new("bench", "the setup took longer than the registration window; rerun"));
    }
    let round_starts = t.bidding_starts;
    eprintln!("setup: {} registered; bidding from {}", numbers.len(), round_starts.to_beijing());

    // Every bidder follows the board.
    let stop = Arc::new(AtomicBool::new(false));
    let seen: Vec<Arc<Mutex<Seen>>> = (0..plan.bidders).map(|_| Arc::new(Mutex::new(Seen::default()))).collect();
    let reconnects = Arc::new(AtomicU64::new(0));
    for view in &seen {
        let (view, stop, url, id, reconnects) = (view.clone(), stop.clone(), url.clone(), id.clone(), reconnects.clone());
        tokio::spawn(async move {
            follow(&url, &id, |news| {
                match news {
                    RoomNews::Board(b) => {
                        let at = Instant::now();
                        let mut v = view.lock().unwrap_or_else(|e| e.into_inner());
                        v.minimum = b.minimum;
                        for x in &b.bids {
                            v.first.entry(x.seq).or_insert(at);
                        }
                    }
                    RoomNews::Connection(false) => {
                        reconnects.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {}
                }
                !stop.load(Ordering::Relaxed)
            })
            .await
        });
    }
    while crate::ui::now() < round_starts {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The round: everyone bids for SECONDS.
    let begun = Instant::now();
    let until = begun + Duration::from_secs(plan.seconds);
    let accepted: Arc<Mutex<Vec<(u64, Decimal, Instant)>>> = Arc::default();
    let latencies: Arc<Mutex<Vec<(f64, bool)>>> = Arc::default();
    let failed = Arc::new(AtomicU64::new(0));
    let killed_at: Arc<Mutex<Option<(Instant, Instant)>>> = Arc::default();
    let server = Arc::new(tokio::sync::Mutex::new(server));
    let killer = plan.kill_at.map(|k| {
        let (server, killed_at) = (server.clone(), killed_at.clone());
        tokio::spawn(async move {
            tokio::time::sleep_until((begun + Duration::from_secs(k)).into()).await;
            let mut s = server.lock().await;
            let down = Instant::now();
            s.kill9();
            eprintln!("round: server killed with SIGKILL at {k} s; starting it again");
            match s.restart() {
                Ok(again) => {
                    *s = again;
                    *killed_at.lock().unwrap_or_else(|e| e.into_inner()) = Some((down, Instant::now()));
                }
                Err(e) => eprintln!("round: the server did not start again: {e:?}"),
            }
        })
    });
    let mut tasks = Vec::new();
    for (i, ((api, (p, s)), number)) in apis.into_iter().zip(bidders).zip(numbers).enumerate() {
        let (view, accepted, latencies, failed, id, hash) =
            (seen[i].clone(), accepted.clone(), latencies.clone(), failed.clone(), id.clone(), rec.terms_hash.clone());
        let (lo, hi) = plan.think_ms;
        tasks.push(tokio::spawn(async move {
            let mut api = api;
            let mut rng = 0x9E37_79B9_7F4A_7C15u64 ^ (i as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D);
            let increment: Decimal = "10000.00".parse().expect("decimal");
            loop {
                let pause = lo + next(&mut rng) % (hi - lo + 1);
                tokio::time::sleep(Duration::from_millis(pause)).await;
                if Instant::now() >= until {
                    return;
                }
                let Some(min) = view.lock().unwrap_or_else(|e| e.into_inner()).minimum else { continue };
                let amount = min + increment * Decimal::from(next(&mut rng) % 3);
                let st = BidStatement {
                    auction: id.clone(),
                    terms_hash: hash.clone(),
                    number: number.clone(),
                    action: Action::Bid,
                    amount: Some(amount),
                    signed_at: crate::ui::now(),
                };
                let Ok(signed) = sign(st, &me(&s), &s) else { continue };
                let t0 = Instant::now();
                match api.auction_step(&id, &signed).await {
                    Ok(done) => {
                        let t1 = Instant::now();
                        latencies.lock().unwrap_or_else(|e| e.into_inner()).push(((t1 - t0).as_secs_f64() * 1000.0, true));
                        let seq = done.board.bids.last().map(|b| b.seq).unwrap_or(0);
                        // Delivery is timed from the bid's sending (an upper bound on the
                        // time from its acceptance, which only the server knows).
                        accepted.lock().unwrap_or_else(|e| e.into_inner()).push((seq, amount, t0));
                    }
                    Err(e) if e.code().starts_with("auction.") => {
                        latencies.lock().unwrap_or_else(|e| e.into_inner()).push(((Instant::now() - t0).as_secs_f64() * 1000.0, false));
                    }
                    Err(e) if e.code().starts_with("auth.") => {
                        let _ = api.login(&p, &s).await;
                    }
                    Err(_) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                }
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    if let Some(k) = killer {
        let _ = k.await;
    }
    // Let the last boards arrive, then read the board everyone should have.
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::Relaxed);
    let final_board = Api::new(&url).auction_board(&id).await?;
    let accepted = accepted.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let on_board: HashMap<u64, Decimal> = final_board.bids.iter().map(|b| (b.seq, b.amount)).collect();
    let lost = accepted.iter().filter(|(seq, amount, _)| on_board.get(seq) != Some(amount)).count();

    // Latencies.
    let lat = latencies.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let mut ok: Vec<f64> = lat.iter().filter(|(_, a)| *a).map(|(m, _)| *m).collect();
    let mut all: Vec<f64> = lat.iter().map(|(m, _)| *m).collect();
    ok.sort_by(f64::total_cmp);
    all.sort_by(f64::total_cmp);
    // Delivery: for each accepted bid and each bidder, first sight minus the acceptance.
    let outage = *killed_at.lock().unwrap_or_else(|e| e.into_inner());
    let mut delivery = Vec::new();
    let mut delivery_outage = Vec::new();
    let mut missing = 0usize;
    for view in &seen {
        let v = view.lock().unwrap_or_else(|e| e.into_inner());
        for (seq, _, at) in &accepted {
            match v.first.get(seq) {
                Some(t) => {
                    let ms = t.saturating_duration_since(*at).as_secs_f64() * 1000.0;
                    // Bids accepted in the last second before the kill reach the others after the restart.
                    let near_kill = outage.is_some_and(|(down, _)| *at + Duration::from_secs(1) >= down && *at <= down);
                    if near_kill { delivery_outage.push(ms) } else { delivery.push(ms) }
                }
                None => missing += 1,
            }
        }
    }
    delivery.sort_by(f64::total_cmp);
    let over = delivery.iter().filter(|m| **m > 500.0).count();
    let peak_rss = server.lock().await.peak_rss_mib();
    let report = serde_json::json!({
        "bidders": plan.bidders,
        "round_seconds": plan.seconds,
        "think_ms": [plan.think_ms.0, plan.think_ms.1],
        "attempts": all.len(),
        "accepted": ok.len(),
        "refused_as_outbid": all.len() - ok.len(),
        "failed_connections": failed.load(Ordering::Relaxed),
        "bids_per_second": ok.len() as f64 / plan.seconds as f64,
        "accept_ms": { "p50": percentile(&ok, 0.5), "p99": percentile(&ok, 0.99), "max": ok.last().copied().unwrap_or(0.0), "target_p99": 50.0, "ratio": percentile(&ok, 0.99) / 50.0 },
        "answer_ms_all": { "p50": percentile(&all, 0.5), "p99": percentile(&all, 0.99) },
        "board_delivery_ms": { "p50": percentile(&delivery, 0.5), "p99": percentile(&delivery, 0.99), "max": delivery.last().copied().unwrap_or(0.0), "over_500": over, "samples": delivery.len(), "target_max": 500.0 },
        "missing_from_a_board": missing,
        "killed": outage.map(|(d, u)| serde_json::json!({ "restart_ms": (u - d).as_secs_f64() * 1000.0, "bids_around_the_kill_delivered_max_ms": delivery_outage.iter().copied().fold(0.0, f64::max), "sse_reconnects": reconnects.load(Ordering::Relaxed) })),
        "accepted_bids_lost": lost,
        "final_bids_on_board": final_board.bids.len(),
        "final_phase": final_board.phase,
        "server_peak_rss_mib": peak_rss,
    });
    if json {
        crate::ui::print_json(&report);
    } else {
        println!(
            "auction round: {} bidders, {} s, think {}–{} ms{}",
            plan.bidders,
            plan.seconds,
            plan.think_ms.0,
            plan.think_ms.1,
            if outage.is_some() { ", server killed with SIGKILL mid-round and restarted" } else { "" }
        );
        println!(
            "  bids: {} sent, {} accepted ({:.1}/s), {} refused as outbid, {} failed connections",
            all.len(),
            ok.len(),
            ok.len() as f64 / plan.seconds as f64,
            all.len() - ok.len(),
            failed.load(Ordering::Relaxed)
        );
        println!(
            "  request to acceptance: p50 {:.1} ms, p99 {:.1} ms (target < 50 ms, ratio {:.2}), max {:.1} ms",
            percentile(&ok, 0.5),
            percentile(&ok, 0.99),
            percentile(&ok, 0.99) / 50.0,
            ok.last().copied().unwrap_or(0.0)
        );
        println!(
            "  every board shows every accepted bid (timed from the bid's sending): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target within 500 ms; {} of {} later; {} never)",
            percentile(&delivery, 0.5),
            percentile(&delivery, 0.99),
            delivery.last().copied().unwrap_or(0.0),
            over,
            delivery.len(),
            missing
        );
        if let Some((d, u)) = outage {
            println!(
                "  kill -9: server back in {:.0} ms; bids accepted just before it reached the boards within {:.0} ms; {} stream reconnects",
                (u - d).as_secs_f64() * 1000.0,
                delivery_outage.iter().copied().fold(0.0, f64::max),
                reconnects.load(Ordering::Relaxed)
            );
        }
        println!(
            "  accepted bids lost: {lost} (of {}); the board holds {}; server peak RSS {} MiB",
            accepted.len(),
            final_board.bids.len(),
            peak_rss.unwrap_or(0)
        );
    }
    Ok(())
}
