//! Event paging and proofs at scale: appends N events (default 100 000) through
//! the log, then times `GET /v1/events` pages near the start, middle and end,
//! inclusion and consistency proofs, and a checkpoint, over loopback HTTP.
//!
//!   cargo run --release -p tenderbox-server --example events_bench [-- N [DATABASE_URL]]

use std::time::Instant;
use tenderbox_server::log::Audience;

#[tokio::main]
async fn main() {
    let n: u64 = std::env::args().nth(1).map(|a| a.parse().expect("N")).unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let mut config = tenderbox_server::Config::for_data(dir.path().join("data"));
    config.database = std::env::args().nth(2);
    let state = tenderbox_server::prepare(&config, tenderbox_server::system_clock()).await.unwrap();
    let t = Instant::now();
    let mut i = 0;
    while i < n {
        let mut guard = state.log.lock().await;
        let mut tx = state.pool.begin().await.unwrap();
        for _ in 0..1000.min(n - i) {
            let audience = if i % 10 == 0 { Audience::Identity("someone".into()) } else { Audience::Public };
            let body = serde_json::json!({ "sha256": format!("{i:064x}"), "size": 5_242_880 });
            guard.append(&mut tx, "bid.received", Some("HZ-GC-2026-0417"), audience, state.now(), body).await.unwrap();
            i += 1;
        }
        tx.commit().await.unwrap();
        guard.commit();
    }
    let fill = t.elapsed().as_secs_f64();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = tenderbox_server::routes::router(state.clone());
    tokio::spawn(async move { axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap() });
    tenderbox_client::api::tls_init();
    let client = reqwest::Client::new();
    let size = state.log.size().await;
    let time = |path: String| {
        let client = client.clone();
        let url = format!("{base}{path}");
        async move {
            let mut ms = Vec::new();
            for _ in 0..30 {
                let t = Instant::now();
                let r = client.get(&url).send().await.unwrap();
                assert!(r.status().is_success(), "{url}: {}", r.status());
                r.bytes().await.unwrap();
                ms.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
            (ms[ms.len() / 2], ms[ms.len() * 99 / 100])
        }
    };
    println!("events in the log          {size} (filled in {fill:.1} s, {:.0} events/s)", size as f64 / fill);
    for (label, path) in [
        ("page of 500 at the start", "/v1/events?after=0&limit=500".to_string()),
        ("page of 500 in the middle", format!("/v1/events?after={}&limit=500", size / 2)),
        ("page of 500 at the end", format!("/v1/events?after={}&limit=500", size - 600)),
        ("inclusion proof (middle)", format!("/v1/log/proof/inclusion?index={}&size={size}", size / 2)),
        ("consistency proof", format!("/v1/log/proof/consistency?first={}&second={size}", size / 3)),
        ("signed checkpoint", "/v1/log/checkpoint".to_string()),
    ] {
        let (p50, p99) = time(path).await;
        println!("{label:<26} p50 {p50:>7.2} ms   p99 {p99:>7.2} ms");
    }
}
