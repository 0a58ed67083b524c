//! The CLI against a running trading server: registration and approval,
//! publication, download checked against the log, sealing, resumable submission
//! with a verified receipt, and `log verify` proving the log only grew.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn start_server(data: PathBuf, admin: PathBuf) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            let mut config = tenderbox_server::Config::for_data(data);
            config.admin = Some(admin);
            let state = tenderbox_server::prepare(&config, tenderbox_server::system_clock()).await.unwrap();
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(format!("http://{}", listener.local_addr().unwrap())).unwrap();
            axum::serve(listener, tenderbox_server::routes::router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
                .await
                .unwrap();
        });
    });
    rx.recv().unwrap()
}

struct Cli<'a> {
    dir: &'a Path,
    server: String,
}

impl Cli<'_> {
    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_tenderbox"))
            .args(args)
            .current_dir(self.dir)
            .env("TENDERBOX_HOME", self.dir.join("home"))
            .env("TENDERBOX_PASSPHRASE", "a long test passphrase")
            .env("TENDERBOX_SERVER", &self.server)
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "{args:?}:\n{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    }
    fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }
}

#[test]
fn a_bidder_submits_through_the_cli_and_the_log_checks_out() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let pre = Cli { dir, server: String::new() };
    pre.ok(&["identity", "new", "--name", "centre-admin", "--uscc", "91350100M000100Y43", "--keystore", "keys"]);
    let server = start_server(dir.join("server-data"), dir.join("keys/centre-admin.identity.json"));
    let cli = Cli { dir, server };

    cli.ok(&["identity", "new", "--name", "agency", "--uscc", "91350200MA31E12PXF", "--keystore", "keys"]);
    cli.ok(&["identity", "new", "--name", "bidder", "--uscc", "9135021359498494XQ", "--keystore", "keys"]);
    let a = cli.json(&["server", "register", "--identity", "agency", "--role", "agency", "--keystore", "keys"]);
    let b = cli.json(&["server", "register", "--identity", "bidder", "--role", "bidder", "--keystore", "keys"]);
    let pending = cli.json(&["--json", "server", "pending", "--identity", "centre-admin", "--keystore", "keys"]);
    assert_eq!(pending.as_array().unwrap().len(), 2);
    for rec in [&a, &b] {
        cli.ok(&["server", "approve", rec["id"].as_str().unwrap(), "--identity", "centre-admin", "--keystore", "keys"]);
    }
    let o = cli.run(&["server", "register", "--identity", "bidder", "--role", "centre_admin", "--keystore", "keys"]);
    assert!(!o.status.success());

    cli.ok(&["tender", "example", "-o", "tender.json"]);
    let published = cli.json(&["tender", "publish", "tender.json", "--identity", "agency", "--keystore", "keys"]);
    let id = published["id"].as_str().unwrap().to_string();
    assert!(cli.ok(&["tender", "list"]).contains(&id));
    // First contact: nothing is trusted until the published fingerprint is confirmed.
    let o = cli.run(&["--json", "tender", "fetch", &id, "-o", "fetched.json"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("log.unpinned"), "{}", String::from_utf8_lossy(&o.stderr));
    let offered = cli.json(&["--json", "log", "key"]);
    let published = std::fs::read_to_string(dir.join("server-data/log-key.txt")).unwrap();
    assert_eq!(offered["key"].as_str().unwrap(), published.trim());
    assert_eq!(offered["pinned"], false);
    let o = cli.run(&["--json", "log", "trust", "--fingerprint", "0000 1111 2222 3333 4444 5555 6666 7777"]);
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("log.key_mismatch"));
    cli.ok(&["log", "trust", "--fingerprint", offered["fingerprint"].as_str().unwrap()]);
    assert_eq!(cli.json(&["--json", "log", "key"])["pinned"], true);
    cli.ok(&["tender", "fetch", &id, "-o", "fetched.json"]);
    cli.ok(&["log", "verify"]);

    cli.ok(&["bid", "init", "--tender", "fetched.json", "-o", "draft"]);
    std::fs::write(dir.join("a.pdf"), b"%PDF-1.4 a").unwrap();
    std::fs::write(dir.join("b.pdf"), vec![b'b'; 200_000]).unwrap();
    cli.ok(&["bid", "price", "draft", "11250000.00", "--duration", "240", "--quality", "合格"]);
    for (item, text) in [("Q1", "承诺"), ("T1", "方案"), ("T2", "项目经理")] {
        cli.ok(&["bid", "respond", "draft", "--item", item, text]);
    }
    cli.ok(&["bid", "attach", "draft", "a.pdf", "--item", "Q2"]);
    cli.ok(&["bid", "attach", "draft", "b.pdf", "--item", "T1"]);
    cli.ok(&["bid", "attach", "draft", "a.pdf", "--item", "T3", "--name", "c.pdf"]);
    cli.ok(&["bid", "seal", "draft", "--identity", "bidder", "--keystore", "keys", "-o", "bid.tbx"]);
    let rec = cli.json(&["bid", "submit", "bid.tbx", "--identity", "bidder", "--keystore", "keys"]);
    assert_eq!(rec["status"], "active");
    assert!(dir.join("bid.tbx.receipt.json").is_file());
    assert!(!dir.join("bid.tbx.upload").exists());

    // The agency amends; the log grows; verification proves consistency and the receipt.
    let mut doc: Value = serde_json::from_slice(&std::fs::read(dir.join("fetched.json")).unwrap()).unwrap();
    doc["version"] = 2.into();
    doc["title"] = format!("{}（补遗一）", doc["title"].as_str().unwrap()).into();
    std::fs::write(dir.join("v2.json"), serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    cli.ok(&["tender", "publish", "v2.json", "--amend", "--identity", "agency", "--keystore", "keys"]);
    let out = cli.ok(&["log", "verify"]);
    assert!(out.contains("grew from") && out.contains("1 receipt(s) verified"), "{out}");

    // A bid sealed against version 1 is now refused with the reason.
    let o = cli.run(&["bid", "submit", "bid.tbx", "--identity", "bidder", "--keystore", "keys"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("earlier version of the tender"));
}
