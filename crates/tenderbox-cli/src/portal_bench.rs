//! Portal readers for `tenderbox bench surge --readers N`: N readers load the
//! public portal's home page and tender pages from the same server while the
//! deadline surge uploads, each timing every page to its last byte. Loopback
//! only; every loop is bounded by the reading time.

use crate::ui::{Failure, Result};
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;

/// One page read: when it started (seconds from the surge's start), how long it
/// took (seconds), which kind of page, and whether it answered 200.
struct Read {
    at: f64,
    took: f64,
    home: bool,
    ok: bool,
}

pub(crate) struct Reading {
    /// The readers' own runtime: the uploaders' hashing does not delay their clocks.
    runtime: tokio::runtime::Runtime,
    tasks: Vec<JoinHandle<Vec<Read>>>,
    readers: usize,
    seconds: u64,
    think_ms: u64,
}

/// Starts `readers` readers now; they stop after `duration`. The pages each
/// reader visits in turn: the home page (all, one centre, English) and tender
/// pages (the surge's tender and the catalogue's).
pub(crate) fn spawn_readers(
    url: &str,
    readers: usize,
    duration: Duration,
    think: Duration,
    surge_tender: &str,
    others: &[String],
) -> Option<Reading> {
    if readers == 0 {
        return None;
    }
    tenderbox_client::api::tls_init();
    let http = reqwest::Client::builder().pool_max_idle_per_host(readers).build().ok()?;
    let mut pages: Vec<(String, bool)> = vec![
        (format!("{url}/"), true),
        (format!("{url}/tenders/{surge_tender}"), false),
        (format!("{url}/?centre=HZ-DQ"), true),
        (format!("{url}/tenders/{surge_tender}?lang=en"), false),
        (format!("{url}/?lang=en&page=2"), true),
    ];
    for o in others.iter().take(20) {
        pages.push((format!("{url}/tenders/{o}"), false));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().ok()?;
    let started = Instant::now();
    let tasks = (0..readers)
        .map(|i| {
            let http = http.clone();
            let pages = pages.clone();
            runtime.spawn(async move {
                let mut out = Vec::new();
                let mut k = i;
                while started.elapsed() < duration {
                    let (page, home) = &pages[k % pages.len()];
                    k += 1;
                    let t0 = Instant::now();
                    let at = started.elapsed().as_secs_f64();
                    let ok = match http.get(page).send().await {
                        Ok(r) => {
                            let status = r.status();
                            r.bytes().await.is_ok() && status == reqwest::StatusCode::OK
                        }
                        Err(_) => false,
                    };
                    out.push(Read { at, took: t0.elapsed().as_secs_f64(), home: *home, ok });
                    if !think.is_zero() {
                        tokio::time::sleep(think).await;
                    }
                }
                out
            })
        })
        .collect();
    Some(Reading { runtime, tasks, readers, seconds: duration.as_secs(), think_ms: think.as_millis() as u64 })
}

fn ms(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let v = sorted[((sorted.len() - 1) as f64 * p).round() as usize];
    (v * 10_000.0).round() / 10.0
}

fn summary(reads: &[&Read]) -> serde_json::Value {
    let mut t: Vec<f64> = reads.iter().map(|r| r.took).collect();
    t.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    serde_json::json!({
        "pages": t.len(),
        "p50_ms": ms(&t, 0.5),
        "p99_ms": ms(&t, 0.99),
        "max_ms": ms(&t, 1.0),
    })
}

/// Waits for the readers and summarises: per kind of page, and the reads that
/// started while the surge was still uploading (`surge_seconds` from the start).
pub(crate) async fn finish(reading: Option<Reading>, surge_seconds: f64) -> Result<Option<serde_json::Value>> {
    let Some(r) = reading else { return Ok(None) };
    let mut all = Vec::new();
    for t in r.tasks {
        all.extend(t.await.map_err(|e| Failure::new("bench", e.to_string()))?);
    }
    r.runtime.shutdown_background();
    // The readers' own span: from the start to the end of the last page read.
    let wall = all.iter().map(|x| x.at + x.took).fold(0.0, f64::max).max(f64::EPSILON);
    let ok: Vec<&Read> = all.iter().filter(|x| x.ok).collect();
    let home: Vec<&Read> = ok.iter().copied().filter(|x| x.home).collect();
    let tender: Vec<&Read> = ok.iter().copied().filter(|x| !x.home).collect();
    let during: Vec<&Read> = ok.iter().copied().filter(|x| x.at < surge_seconds).collect();
    let everything = summary(&ok);
    let p99 = everything["p99_ms"].as_f64().unwrap_or(0.0);
    Ok(Some(serde_json::json!({
        "readers": r.readers,
        "read_seconds": r.seconds,
        "think_ms": r.think_ms,
        "pages_per_s": ((ok.len() as f64 / wall) * 10.0).round() / 10.0,
        "errors": all.len() - ok.len(),
        "all": everything,
        "home": summary(&home),
        "tender": summary(&tender),
        "during_surge": summary(&during),
        "p99_vs_100ms_target": (p99 / 100.0 * 100.0).round() / 100.0,
    })))
}

pub(crate) fn print(r: &serde_json::Value) {
    println!(
        "portal: {} readers for {} s (pause {} ms between pages), {} pages/s, {} errors",
        r["readers"], r["read_seconds"], r["think_ms"], r["pages_per_s"], r["errors"]
    );
    for k in ["all", "home", "tender", "during_surge"] {
        let s = &r[k];
        println!("  {k:<13} {:>7} pages  p50 {:>7} ms  p99 {:>7} ms  max {:>7} ms", s["pages"], s["p50_ms"], s["p99_ms"], s["max_ms"]);
    }
    println!("  p99 / 100 ms target: {}", r["p99_vs_100ms_target"]);
}
