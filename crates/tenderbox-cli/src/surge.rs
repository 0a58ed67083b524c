//! `tenderbox bench surge`: the deadline surge of issue 3 against a real
//! `tenderbox-server` process on loopback. Setup (identities, approval, the
//! tender, sealing every bid to disk) is not timed; the surge is: every bidder
//! uploads its sealed bid at once (bounded concurrency), retrying and resuming
//! through a server crash when `--kill-after` asks for one. Afterwards every
//! receipt is verified against the final log and every blob on the server's disk
//! against its receipt.

use crate::ui::{Failure, Result};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tenderbox_client::api::{Api, ApiFailure};
use tenderbox_core::bid::{BidDraft, DraftAttachment};
use tenderbox_core::tender::TenderDocument;
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::{Uscc, check_char};
use tenderbox_seal::bid::{AttachmentSource, SealRequest, seal_bid};
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_seal::{Entropy, SystemEntropy};
use tenderbox_wire::{BidRecord, Role};
use tokio::sync::{Mutex, Semaphore};

pub struct Plan {
    pub bidders: usize,
    pub size: u64,
    pub concurrency: usize,
    pub database: Option<String>,
    pub kill_after: Option<usize>,
    pub dir: Option<PathBuf>,
    /// Portal readers running alongside the surge (0: none).
    pub readers: usize,
    /// How long the readers read, seconds (from the surge's start).
    pub read_seconds: u64,
    /// Each reader's pause between pages, milliseconds (0: back to back).
    pub think_ms: u64,
    /// Other published tenders on the portal besides the surge's own.
    pub catalogue: usize,
}

pub(crate) struct ServerProc {
    child: Child,
    port: u16,
    data: PathBuf,
    admin: PathBuf,
    database: Option<String>,
    extra: Vec<String>,
}

impl ServerProc {
    pub(crate) fn spawn(data: &Path, admin: &Path, database: Option<String>, port: u16) -> Result<ServerProc> {
        Self::spawn_with(data, admin, database, port, &[])
    }

    /// [`ServerProc::spawn`] with more server arguments (`--rehearsal`).
    pub(crate) fn spawn_with(data: &Path, admin: &Path, database: Option<String>, port: u16, extra: &[&str]) -> Result<ServerProc> {
        let bin = std::env::current_exe()?.with_file_name(format!("tenderbox-server{}", std::env::consts::EXE_SUFFIX));
        let mut cmd = Command::new(&bin);
        cmd.args(["--listen", &format!("127.0.0.1:{port}"), "--data"]).arg(data).arg("--admin").arg(admin);
        cmd.args(extra);
        if let Some(db) = &database {
            cmd.args(["--database", db]);
        }
        let log = std::fs::OpenOptions::new().create(true).append(true).open(data.with_extension("log"))?;
        let child = cmd.stdout(Stdio::null()).stderr(log).spawn().map_err(|e| {
            Failure::new("bench.server", format!("{}: {e} (build it with cargo build --release -p tenderbox-server)", bin.display()))
        })?;
        let p = ServerProc {
            child,
            port,
            data: data.to_path_buf(),
            admin: admin.to_path_buf(),
            database,
            extra: extra.iter().map(|a| a.to_string()).collect(),
        };
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(p);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(Failure::new("bench.server", "the server did not start"))
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub(crate) fn peak_rss_mib(&self) -> Option<u64> {
        let s = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        s.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse::<u64>().ok().map(|k| k / 1024)
    }

    pub(crate) fn kill9(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The same server started again on its data (after [`ServerProc::kill9`]).
    pub(crate) fn restart(&self) -> Result<ServerProc> {
        let extra: Vec<&str> = self.extra.iter().map(String::as_str).collect();
        Self::spawn_with(&self.data, &self.admin, self.database.clone(), self.port, &extra)
    }
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        self.kill9();
    }
}

pub(crate) fn uscc_for(n: usize) -> Uscc {
    let first17 = format!("9133050{:010}", n + 100);
    Uscc::parse(&format!("{first17}{}", check_char(&first17).expect("digits"))).expect("valid by construction")
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

pub fn run(plan: Plan, json: bool) -> Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Failure::new("runtime", e.to_string()))?;
    rt.block_on(surge(plan, json))
}

async fn surge(plan: Plan, json: bool) -> Result<()> {
    let work = tempfile::Builder::new().prefix("tenderbox-surge-").tempdir_in(plan.dir.clone().unwrap_or_else(std::env::temp_dir))?;
    let ent = SystemEntropy::new();
    let now = crate::ui::now();
    let stamp = Timestamp::from_unix(now.unix());
    let admin = SecretIdentity::generate(&ent);
    let admin_doc = PublicIdentity::new(&admin, "centre-admin", Uscc::parse("91350100M000100Y43").expect("valid"), stamp)?;
    let admin_file = work.path().join("admin.json");
    std::fs::write(&admin_file, serde_json::to_vec(&admin_doc).expect("json"))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let server = ServerProc::spawn(&work.path().join("server-data"), &admin_file, plan.database.clone(), port)?;
    let url = server.url();
    eprintln!("setup: server on {url}, data in {}", work.path().display());

    // Identities, registration and approval.
    let mut admin_api = Api::new(&url);
    admin_api.login(&admin_doc, &admin).await?;
    let agency = SecretIdentity::generate(&ent);
    let agency_doc = PublicIdentity::new(&agency, "agency", Uscc::parse("91350200MA31E12PXF").expect("valid"), stamp)?;
    let mut people = vec![(agency_doc.clone(), Role::Agency)];
    let mut bidders = Vec::new();
    for i in 0..plan.bidders {
        let s = SecretIdentity::generate(&ent);
        let p = PublicIdentity::new(&s, &format!("投标人{i:04}"), uscc_for(i), stamp)?;
        people.push((p.clone(), Role::Bidder));
        bidders.push((p, s));
    }
    for (p, role) in &people {
        let rec = Api::new(&url).register(p, &[*role]).await?;
        let _: tenderbox_wire::IdentityRecord = admin_api.approve_identity(&rec.id).await?;
    }
    let mut t = TenderDocument::example(now);
    t.deadline = now.plus_seconds(3600);
    t.opening_at = t.deadline;
    let mut agency_api = Api::new(&url);
    agency_api.login(&agency_doc, &agency).await?;
    agency_api.publish(&agency, &t, false).await?;
    if plan.catalogue > 0 {
        eprintln!("setup: publishing {} more tenders for the portal ...", plan.catalogue);
    }
    let centres = ["HZ", "HZ-DQ", "HZ-CX", "HZ-AJ", "HZ-WX", "HZ-NX", "HZ-KFQ"];
    let mut others = Vec::new();
    for i in 0..plan.catalogue {
        let mut o = TenderDocument::example(now);
        o.id = format!("HZ-GC-2026-{:04}", 5000 + i);
        o.title = format!("湖州市{}号道路改造工程施工", i + 1);
        o.centre = centres[i % centres.len()].into();
        o.deadline = now.plus_seconds(7200 + 60 * i as i64);
        o.opening_at = o.deadline;
        agency_api.publish(&agency, &o, false).await?;
        others.push(o.id);
    }

    // Seal every bid to disk (each bidder's own envelope).
    eprintln!("setup: sealing {} bids of {} bytes ...", plan.bidders, plan.size);
    let mut big = vec![0u8; plan.size as usize];
    ent.fill(&mut big[..plan.size.min(1 << 20) as usize]);
    let mut files = Vec::new();
    for (i, (p, s)) in bidders.iter().enumerate() {
        let mut d = BidDraft::new(&t).map_err(|e| Failure::new("bench", e.to_string()))?;
        d.lots[0].price = Some(format!("{}.00", 10_000_000 + i * 1000).parse().expect("decimal"));
        d.lots[0].duration_days = Some(240);
        d.lots[0].quality = Some("合格".into());
        d.attachments =
            ["q2.pdf", "t1.bin", "t3.pdf"].iter().map(|n| DraftAttachment { name: n.to_string(), file: format!("files/{n}") }).collect();
        for (item, text, att) in [
            ("Q1", "承诺", None),
            ("Q2", "", Some("q2.pdf")),
            ("T1", "方案", Some("t1.bin")),
            ("T2", "项目经理", None),
            ("T3", "", Some("t3.pdf")),
        ] {
            let r = d.response_mut("L1", item).expect("item");
            r.text = text.into();
            r.attachments = att.into_iter().map(String::from).collect();
        }
        let req = SealRequest {
            tender: &t,
            draft: &d,
            identity: p,
            secret: s,
            machine: &[],
            supervisors: &[],
            finalised_at: now,
            tool_version: "bench",
            omit_optional_committee: false,
        };
        let sources = vec![
            AttachmentSource { name: "q2.pdf".into(), size: 3, reader: Box::new(&b"pdf"[..]) },
            AttachmentSource { name: "t1.bin".into(), size: plan.size, reader: Box::new(&big[..]) },
            AttachmentSource { name: "t3.pdf".into(), size: 3, reader: Box::new(&b"pdf"[..]) },
        ];
        let path = work.path().join(format!("bid-{i:04}.tbx"));
        let f = std::io::BufWriter::new(std::fs::File::create(&path)?);
        let (f, _, _) = seal_bid(f, &req, sources, &ent, &mut |_, _| {})?;
        f.into_inner().map_err(|e| e.into_error())?;
        files.push(path);
    }
    let mut apis = Vec::new();
    for (p, s) in &bidders {
        let mut api = Api::new(&url);
        api.login(p, s).await?;
        apis.push(api);
    }

    let bidders = Arc::new(bidders);

    // The surge.
    eprintln!(
        "surge: {} uploads, {} at a time{}",
        plan.bidders,
        plan.concurrency,
        plan.kill_after.map(|k| format!(", server killed with SIGKILL after {k} receipts")).unwrap_or_default()
    );
    let sem = Arc::new(Semaphore::new(plan.concurrency));
    let receipts_done = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(Mutex::new(false));
    let server_slot = Arc::new(Mutex::new(None::<ServerProc>));
    let start = Instant::now();
    let reading = crate::portal_bench::spawn_readers(
        &url,
        plan.readers,
        Duration::from_secs(plan.read_seconds),
        Duration::from_millis(plan.think_ms),
        &t.id,
        &others,
    );
    let mut tasks = Vec::new();
    let (kill_tx, mut kill_rx) = tokio::sync::mpsc::channel::<()>(1);
    for (i, (api, file)) in apis.into_iter().zip(files.iter().cloned()).enumerate() {
        let sem = sem.clone();
        let done = receipts_done.clone();
        let tender = t.id.clone();
        let kill_tx = kill_tx.clone();
        let kill_after = plan.kill_after;
        let bidders = bidders.clone();
        tasks.push(tokio::spawn(async move {
            let _permit = sem.acquire_owned().await.expect("semaphore");
            let t0 = Instant::now();
            let mut upload: Option<String> = None;
            let mut attempts = 0u32;
            loop {
                attempts += 1;
                let mut created = None;
                let r = api
                    .submit(&tender, &file, upload.as_deref(), &[], &bidders[i].1, &mut |id| created = Some(id.to_string()), &mut |_, _| {})
                    .await;
                if created.is_some() {
                    upload = created;
                }
                match r {
                    Ok(rec) => {
                        let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                        if Some(n) == kill_after {
                            let _ = kill_tx.try_send(());
                        }
                        return Ok::<(usize, f64, BidRecord, u32), String>((i, t0.elapsed().as_secs_f64(), rec, attempts));
                    }
                    Err(ApiFailure::Offline(..)) | Err(ApiFailure::Server { status: 500..=599, .. }) if attempts < 600 => {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    Err(ApiFailure::Server { code, .. }) if code == "upload.closed" || code == "upload.not_found" => {
                        upload = None;
                    }
                    Err(e) => return Err(format!("bid {i}: {e}")),
                }
            }
        }));
    }
    drop(kill_tx);
    let watcher = {
        let slot = server_slot.clone();
        let killed = killed.clone();
        async move {
            if kill_rx.recv().await.is_some() {
                let mut s = slot.lock().await;
                if let Some(srv) = s.as_mut() {
                    srv.kill9();
                    *killed.lock().await = true;
                    tokio::time::sleep(Duration::from_millis(500)).await;
                    let (data, admin, db, port) = (srv.data.clone(), srv.admin.clone(), srv.database.clone(), srv.port);
                    *s = Some(ServerProc::spawn(&data, &admin, db, port).expect("restart the server"));
                }
            }
        }
    };
    *server_slot.lock().await = Some(server);
    let watcher = tokio::spawn(watcher);
    let mut results = Vec::new();
    let mut failures = Vec::new();
    for t in tasks {
        match t.await.map_err(|e| Failure::new("bench", e.to_string()))? {
            Ok(r) => results.push(r),
            Err(e) => failures.push(e),
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let reads = crate::portal_bench::finish(reading, elapsed).await?;
    watcher.abort();
    let mut slot = server_slot.lock().await;
    let srv = slot.as_mut().expect("server");
    let peak = srv.peak_rss_mib();

    // Every receipt against the final log; every blob against its receipt.
    let api = Api::new(&srv.url());
    let mut state = tenderbox_client::logcheck::LogState { server: srv.url(), ..Default::default() };
    state.receipts = results.iter().map(|r| r.2.receipt.clone()).collect();
    // The key the server published in its data folder, as an installer would configure it.
    let published = std::fs::read_to_string(srv.data.join("log-key.txt"))?;
    let report = tenderbox_client::logcheck::verify(&api, &mut state, Some(published.trim())).await?;
    let mut blob_ok = 0;
    for r in &results {
        let (_, sha) = tenderbox_client::api::file_sha256(&srv.data.join("blobs").join(&r.2.sha256))?;
        if sha == r.2.sha256 {
            blob_ok += 1;
        }
    }
    let mut lat: Vec<f64> = results.iter().map(|r| r.1).collect();
    lat.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    let bytes: u64 = results.iter().map(|r| r.2.size).sum();
    let out = serde_json::json!({
        "bidders": plan.bidders,
        "bid_bytes": results.first().map(|r| r.2.size),
        "database": plan.database.as_deref().map(|d| if d.starts_with("postgres") { "postgresql" } else { "other" }).unwrap_or("sqlite"),
        "receipts": results.len(),
        "lost": plan.bidders - results.len(),
        "failures": failures,
        "killed_and_restarted": *killed.lock().await,
        "retried_uploads": results.iter().filter(|r| r.3 > 1).count(),
        "duration_s": (elapsed * 100.0).round() / 100.0,
        "receipt_latency_p50_s": (percentile(&lat, 0.5) * 1000.0).round() / 1000.0,
        "receipt_latency_p99_s": (percentile(&lat, 0.99) * 1000.0).round() / 1000.0,
        "throughput_mb_s": (bytes as f64 / elapsed / 1e6 * 10.0).round() / 10.0,
        "bids_per_s": (results.len() as f64 / elapsed * 10.0).round() / 10.0,
        "server_peak_rss_mib": peak,
        "receipts_verified_in_log": report.receipts_verified,
        "log_size": report.size,
        "blobs_matching_receipts": blob_ok,
    });
    let mut out = out;
    if let Some(r) = &reads {
        out["portal"] = r.clone();
    }
    if json {
        crate::ui::print_json(&out);
    } else {
        for (k, v) in out.as_object().expect("object") {
            if k == "portal" {
                continue;
            }
            println!("{k:<26} {v}");
        }
        if let Some(r) = &reads {
            crate::portal_bench::print(r);
        }
    }
    if !failures.is_empty() || results.len() != plan.bidders || blob_ok != results.len() {
        return Err(Failure::new("bench.lost", "not every bid got a verified receipt"));
    }
    if let Some(r) = &reads
        && r["errors"].as_u64().unwrap_or(0) > 0
    {
        return Err(Failure::new("bench.portal", "some portal pages did not answer 200"));
    }
    Ok(())
}
