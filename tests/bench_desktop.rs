//! `desktop-bench`: the desktop app's figures, printed.
//!
//! 1. Cold start to the first screen: the release app is started N times with a
//!    fresh data folder (the first-run screen); the time from `spawn` to the
//!    window reporting its first drawn screen (`TENDERBOX_STARTUP_PROBE`).
//! 2. Idle memory: 5 s after the first screen, the resident memory (RSS and PSS)
//!    of the app and its WebKit processes.
//! 3. In-app sealing of a 1 GiB bid — `Desk::bid_seal`, the code the window's
//!    "finalise and seal" button runs, key unlock and progress reporting included —
//!    against `tenderbox bench seal` (file to file, fsync included) in the same run.
//!
//! Build first: `cargo build --release -p tenderbox-desktop -p tenderbox-cli -p tenderbox-server`,
//! then `cargo run --release -p tenderbox-e2e --bin desktop-bench [-- --runs 5 --rounds 5 --size BYTES]`.
//! Disk speed on a VM varies a lot from one write to the next, so the seals run in
//! alternating rounds and the medians are compared; the same draft sealed by the
//! bare library call in this process is printed as a control.
//! Needs a display or Xvfb.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn release_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("own path");
    exe.parent().expect("target/release").to_path_buf()
}

fn bin(name: &str) -> PathBuf {
    let p = release_dir().join(name);
    if !p.exists() {
        eprintln!("{} is missing: cargo build --release -p tenderbox-desktop -p tenderbox-cli -p tenderbox-server", p.display());
        std::process::exit(2);
    }
    p
}

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Every process below `pid` (WebKit's web and network processes), and `pid`.
fn tree(pid: u32) -> Vec<u32> {
    let mut out = vec![pid];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        if let Ok(rd) = std::fs::read_dir("/proc") {
            for e in rd.flatten() {
                let Ok(p) = e.file_name().to_string_lossy().parse::<u32>() else { continue };
                let Ok(stat) = std::fs::read_to_string(format!("/proc/{p}/stat")) else { continue };
                // The parent pid is the 2nd field after the parenthesised name.
                let ppid = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)).and_then(|v| v.parse::<u32>().ok());
                if ppid == Some(parent) && !out.contains(&p) {
                    out.push(p);
                }
            }
        }
        i += 1;
    }
    out
}

fn kib(path: &str, key: &str) -> u64 {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(key)).and_then(|l| l.split_whitespace().nth(1)).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// (RSS, PSS) in MiB over the process tree, and the process names.
fn memory(pid: u32) -> (f64, f64, Vec<String>) {
    let mut rss = 0;
    let mut pss = 0;
    let mut names = Vec::new();
    for p in tree(pid) {
        rss += kib(&format!("/proc/{p}/status"), "VmRSS:");
        pss += kib(&format!("/proc/{p}/smaps_rollup"), "Pss:");
        if let Ok(n) = std::fs::read_to_string(format!("/proc/{p}/comm")) {
            names.push(n.trim().to_string());
        }
    }
    (rss as f64 / 1024.0, pss as f64 / 1024.0, names)
}

struct Kill(Child);
impl Drop for Kill {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg("-TERM").arg(self.0.id().to_string()).status();
        std::thread::sleep(Duration::from_millis(300));
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn display() -> (String, Option<Kill>) {
    if let Ok(d) = std::env::var("DISPLAY")
        && !d.is_empty()
    {
        return (d, None);
    }
    let n = 77;
    let child = Command::new("Xvfb")
        .args([&format!(":{n}"), "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("no DISPLAY and no Xvfb (apt-get install xvfb)");
    for _ in 0..100 {
        if Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    (format!(":{n}"), Some(Kill(child)))
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).expect("numbers"));
    v[v.len() / 2]
}

fn startup(runs: u64) -> (Vec<f64>, (f64, f64, Vec<String>)) {
    let (display, _x) = display();
    let mut times = Vec::new();
    let mut mem = (0.0, 0.0, vec![]);
    for run in 0..runs {
        let home = tempfile::tempdir().expect("temp dir");
        let t = Instant::now();
        let mut child = Command::new(bin("tenderbox-desktop"))
            .env("DISPLAY", &display)
            .env("TENDERBOX_HOME", home.path())
            .env("TENDERBOX_SERVER", "http://127.0.0.1:9")
            .env("TENDERBOX_STARTUP_PROBE", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the app");
        let out = child.stdout.take().expect("stdout");
        let pid = child.id();
        let guard = Kill(child);
        let mut lines = BufReader::new(out).lines();
        loop {
            match lines.next() {
                Some(Ok(l)) if l.starts_with("tenderbox-startup: first-screen") => break,
                Some(_) => continue,
                None => panic!("the app exited before drawing its first screen"),
            }
        }
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if run == runs - 1 {
            std::thread::sleep(Duration::from_secs(5));
            mem = memory(pid);
        }
        drop(guard);
    }
    (times, mem)
}

fn cli(dir: &Path, server: &str, args: &[&str]) -> String {
    let o = Command::new(bin("tenderbox"))
        .args(args)
        .current_dir(dir)
        .env("TENDERBOX_HOME", dir.join("cli-home"))
        .env("TENDERBOX_PASSPHRASE", "bench passphrase 2026")
        .env("TENDERBOX_SERVER", server)
        .env("TENDERBOX_LOG_KEY", std::fs::read_to_string(dir.join("server-data/log-key.txt")).unwrap_or_default().trim())
        .output()
        .expect("tenderbox");
    assert!(o.status.success(), "tenderbox {args:?}: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("utf-8")
}

fn uscc(n: u32) -> String {
    let first17 = format!("9133050{n:010}");
    format!("{first17}{}", tenderbox_core::uscc::check_char(&first17).expect("valid"))
}

/// Seals a bid with a `size`-byte attachment through the desk, `rounds` times,
/// each followed by `tenderbox bench seal` of the same size.
async fn in_app_seal(size: u64, rounds: u64) -> Vec<Round> {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
    let server = format!("http://127.0.0.1:{port}");
    cli(d, &server, &["identity", "new", "--name", "admin", "--uscc", &uscc(1), "--keystore", "keys"]);
    cli(d, &server, &["identity", "new", "--name", "agency", "--uscc", &uscc(2), "--keystore", "keys"]);
    let _srv = Kill(
        Command::new(bin("tenderbox-server"))
            .args(["--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(d.join("server-data"))
            .arg("--admin")
            .arg(d.join("keys/admin.identity.json"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("server"),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let rec: serde_json::Value =
        serde_json::from_str(&cli(d, &server, &["server", "register", "--identity", "agency", "--role", "agency", "--keystore", "keys"]))
            .expect("json");
    cli(d, &server, &["server", "approve", rec["id"].as_str().expect("id"), "--identity", "admin", "--keystore", "keys"]);
    cli(d, &server, &["tender", "example", "-o", "tender.json"]);
    cli(d, &server, &["tender", "publish", "tender.json", "--identity", "agency", "--keystore", "keys"]);

    let desk = tenderbox_client::desk::Desk::open(
        &d.join("app-home"),
        Arc::new(|| {
            tenderbox_core::time::Timestamp::from_unix(
                std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("clock").as_secs() as i64,
            )
        }),
    )
    .await
    .expect("desk");
    let s = desk.settings().await;
    // Configured with the key the server published, as an installer would be.
    let log_key = std::fs::read_to_string(d.join("server-data/log-key.txt")).expect("log key").trim().to_string();
    desk.set_settings(tenderbox_client::desk::Settings { server: server.clone(), log_key: Some(log_key), ..s }).await.expect("settings");
    desk.create_identity(
        "湖州建工集团有限公司",
        "9135021359498494XQ",
        tenderbox_client::desk::KeyStoreKind::File,
        Some("bench passphrase".into()),
    )
    .await
    .expect("identity");
    desk.sync().await.expect("sync");
    let id = "HZ-GC-2026-0417";
    desk.bid_set_price(id, "L1", "11250000.00").await.expect("price");
    desk.bid_set_terms(id, "L1", Some(240), Some("合格".into())).await.expect("terms");
    for (item, text) in [("Q1", "投标函"), ("T1", "施工组织设计"), ("T2", "项目管理机构")] {
        desk.bid_respond(id, "L1", item, text).await.expect("respond");
    }
    let small = d.join("licence.pdf");
    std::fs::write(&small, b"%PDF-1.4 bench").expect("write");
    desk.bid_attach(id, "L1", "Q2", small.to_str().expect("utf-8"), None).await.expect("attach");
    desk.bid_attach(id, "L1", "T3", small.to_str().expect("utf-8"), Some("contracts.pdf".into())).await.expect("attach");
    let big = d.join("plan.bin");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).expect("create"));
        let block: Vec<u8> = (0..(1u32 << 20)).map(|i| (i.wrapping_mul(2_654_435_761) >> 11) as u8).collect();
        let mut left = size;
        while left > 0 {
            let n = left.min(block.len() as u64) as usize;
            f.write_all(&block[..n]).expect("write");
            left -= n as u64;
        }
    }
    desk.bid_attach(id, "L1", "T1", big.to_str().expect("utf-8"), Some("施工组织设计.bin".into())).await.expect("attach");
    let _ = std::fs::remove_file(&big);
    let desk = Arc::new(desk);
    let mut out = Vec::new();
    for round in 0..rounds {
        // Both benchmarks start from a quiet disk: earlier writes flushed.
        let _ = Command::new("sync").status();
        let first = Arc::new(std::sync::Mutex::new(None::<Instant>));
        let f2 = first.clone();
        let t = Instant::now();
        let v = desk
            .bid_seal(
                id,
                Arc::new(move |_, _| {
                    f2.lock().expect("lock").get_or_insert_with(Instant::now);
                }),
            )
            .await
            .expect("seal");
        let total = t.elapsed().as_secs_f64();
        let streaming = first.lock().expect("lock").map(|f| f.elapsed().as_secs_f64()).unwrap_or(total);
        let sealed = v.sealed.expect("sealed");
        let _ = std::fs::remove_file(&sealed.file);
        // The CLI's benchmark, right after, on the same disk.
        let _ = Command::new("sync").status();
        let o = Command::new(bin("tenderbox")).args(["--json", "bench", "seal", "--size", &size.to_string()]).output().expect("bench seal");
        assert!(o.status.success(), "bench seal: {}", String::from_utf8_lossy(&o.stderr));
        let cli: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
        let cli_mb_s = cli["seal_mb_s"].as_f64().expect("seal_mb_s");
        let direct_mb_s = {
            // Control: the same draft sealed by the library call alone, in this process.
            let _ = Command::new("sync").status();
            let draft = tenderbox_client::draft::Draft::load(&d.join("app-home/drafts").join(id)).expect("draft");
            let ent = tenderbox_seal::SystemEntropy::new();
            let secret = tenderbox_seal::identity::SecretIdentity::generate(&ent);
            let now = tenderbox_core::time::Timestamp::from_unix(1_800_000_000);
            let public = tenderbox_seal::identity::PublicIdentity::new(
                &secret,
                "x",
                tenderbox_core::uscc::Uscc::parse("91350100M000100Y43").expect("valid"),
                now,
            )
            .expect("id");
            let outp = d.join("direct.tbx");
            let t = Instant::now();
            tenderbox_client::sealing::seal_draft(&draft, Default::default(), (&public, &secret), &outp, now, &ent, &mut |_, _| {})
                .expect("seal");
            let mb_s = size as f64 / t.elapsed().as_secs_f64() / 1e6;
            let _ = std::fs::remove_file(&outp);
            mb_s
        };
        eprintln!(
            "  round {}: in-app {:.0} MB/s, bench seal {cli_mb_s:.0} MB/s, library call {direct_mb_s:.0} MB/s",
            round + 1,
            size as f64 / total / 1e6
        );
        out.push(Round { total, streaming, cli_mb_s, direct_mb_s, sealed: sealed.size });
    }
    out
}

struct Round {
    total: f64,
    streaming: f64,
    cli_mb_s: f64,
    direct_mb_s: f64,
    sealed: u64,
}

fn main() {
    let runs = arg("--runs", 5);
    let size = arg("--size", 1 << 30);
    const MB: f64 = 1_000_000.0;

    eprintln!("Cold start: {runs} runs of the release app with a fresh data folder …");
    let (mut times, (rss, pss, procs)) = startup(runs);
    let list = times.iter().map(|t| format!("{t:.0}")).collect::<Vec<_>>().join(", ");
    let med = median(&mut times);

    let rounds = arg("--rounds", 5);
    eprintln!("Sealing {size} bytes in the app (Desk::bid_seal) and with `tenderbox bench seal`, {rounds} alternating rounds …");
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let r = rt.block_on(in_app_seal(size, rounds));
    let mut app: Vec<f64> = r.iter().map(|x| size as f64 / x.total / MB).collect();
    let mut app_stream: Vec<f64> = r.iter().map(|x| size as f64 / x.streaming / MB).collect();
    let mut cli: Vec<f64> = r.iter().map(|x| x.cli_mb_s).collect();
    let mut direct: Vec<f64> = r.iter().map(|x| x.direct_mb_s).collect();
    let (app_mb_s, app_stream_mb_s, cli_mb_s, direct_mb_s) =
        (median(&mut app), median(&mut app_stream), median(&mut cli), median(&mut direct));
    let sealed = r[0].sealed;
    let app_s = size as f64 / app_mb_s / MB;

    println!("-- desktop app (release) --");
    println!("cold start to first screen   median {med:.0} ms  (runs: {list} ms)");
    println!("idle memory (5 s after)      RSS {rss:.0} MiB, PSS {pss:.0} MiB  over {} processes: {}", procs.len(), procs.join(", "));
    println!("-- sealing a {:.2} GiB bid, file to file, fsync included --", size as f64 / (1u64 << 30) as f64);
    println!("medians of {rounds} alternating rounds (this VM's disk varies a lot from run to run)");
    println!(
        "in-app (Desk::bid_seal)      {app_mb_s:>6.0} MB/s  ({app_s:.2} s, key unlock and checks included; sealed file {sealed} bytes)"
    );
    println!("in-app, streaming part       {app_stream_mb_s:>6.0} MB/s  (from the first progress report)");
    println!("tenderbox bench seal         {cli_mb_s:>6.0} MB/s  (its own process, its own input file)");
    println!("library seal_draft           {direct_mb_s:>6.0} MB/s  (same draft, this process: the control)");
    println!("in-app / bench seal          {:>6.3}  (target ≥ 0.90)", app_mb_s / cli_mb_s);
    println!("in-app / library call        {:>6.3}", app_mb_s / direct_mb_s);
}
