//! The whole lifecycle of one tender through the `tenderbox` CLI against a real
//! `tenderbox-server` process on the real clock: 3 custodians make the committee
//! key (k = 2); 4 bidders — one decrypts itself at the opening, one does not and
//! is opened by the committee (the tender allows it), one gave no committee
//! stanza and is revoked, one is too late and refused; the opening record is
//! checked, confirmed, objected to and answered; `log verify` passes, and again
//! after the server restarts.
//!
//! It waits for a real deadline and a one-minute decryption window (~100 s).

use serde_json::Value;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn server_binary() -> PathBuf {
    let p = Path::new(env!("CARGO_BIN_EXE_tenderbox")).with_file_name(format!("tenderbox-server{}", std::env::consts::EXE_SUFFIX));
    if !p.exists() {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let ok = Command::new(cargo).args(["build", "-p", "tenderbox-server"]).status().unwrap().success();
        assert!(ok, "building tenderbox-server failed");
    }
    p
}

struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(dir: &Path, admin: &Path, port: Option<u16>) -> Server {
        let port = port.unwrap_or_else(|| TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port());
        let mut child = Command::new(server_binary())
            .args(["--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(dir.join("server-data"))
            .arg("--admin")
            .arg(admin)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("server.log")).unwrap())
            .spawn()
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Server { child, url };
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("the server did not start; see {}", dir.join("server.log").display());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Cli {
    dir: PathBuf,
    server: String,
}

impl Cli {
    fn run(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_tenderbox"))
            .args(args)
            .current_dir(&self.dir)
            .env("TENDERBOX_HOME", self.dir.join("home"))
            .env("TENDERBOX_PASSPHRASE", "a long test passphrase")
            .env("TENDERBOX_SERVER", &self.server)
            // The installer's configuration: the key the server published.
            .env("TENDERBOX_LOG_KEY", std::fs::read_to_string(self.dir.join("server-data/log-key.txt")).unwrap_or_default().trim())
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "{args:?}:\n{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    }
    fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"))
    }
    fn as_(&self, who: &str, args: &[&str]) -> String {
        let mut a = args.to_vec();
        a.extend(["--identity", who, "--keystore", "keys"]);
        self.ok(&a)
    }
}

fn uscc(n: u32) -> String {
    let first17 = format!("9133050{n:010}");
    format!("{first17}{}", tenderbox_core::uscc::check_char(&first17).unwrap())
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() as i64
}

fn wait_until(t: i64) {
    while now() < t {
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn one_tender_from_publication_to_a_verified_opening_record() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let mut cli = Cli { dir: dir.clone(), server: String::new() };
    let names = ["admin", "agency", "c1", "c2", "c3", "b1", "b2", "b3", "b4", "sup"];
    for (i, n) in names.iter().enumerate() {
        cli.ok(&["identity", "new", "--name", n, "--uscc", &uscc(i as u32 + 1), "--keystore", "keys"]);
    }
    let mut server = Server::start(&dir, &dir.join("keys/admin.identity.json"), None);
    cli.server = server.url.clone();

    for (n, role) in [
        ("agency", "agency"),
        ("c1", "custodian"),
        ("c2", "custodian"),
        ("c3", "custodian"),
        ("b1", "bidder"),
        ("b2", "bidder"),
        ("b3", "bidder"),
        ("b4", "bidder"),
        ("sup", "supervisor"),
    ] {
        let rec = cli.json(&["server", "register", "--identity", n, "--role", role, "--keystore", "keys"]);
        cli.as_("admin", &["server", "approve", rec["id"].as_str().unwrap()]);
    }

    // The tender: bidder stanza required, committee fallback allowed, k = 2 of 3.
    cli.ok(&["tender", "example", "-o", "example.json"]);
    let mut t: Value = serde_json::from_slice(&std::fs::read(dir.join("example.json")).unwrap()).unwrap();
    let deadline = now() + 60;
    let stamp = |s: i64| tenderbox_core::time::Timestamp::from_unix(s).to_rfc3339();
    t["deadline"] = stamp(deadline).into();
    t["opening_at"] = stamp(deadline).into();
    t["decryption_window_minutes"] = 1.into();
    t["threshold"] = 2.into();
    t["envelope"]["committee_opens_on_bidder_failure"] = true.into();
    t["custodians"] = ["c1", "c2", "c3"]
        .iter()
        .map(|c| {
            let doc: Value = serde_json::from_str(&cli.ok(&["identity", "show", c, "--keystore", "keys"])).unwrap();
            serde_json::json!({ "name": c, "id": tenderbox_wire::identity_id(doc["signing_key"].as_str().unwrap()), "encryption_key": doc["encryption_key"] })
        })
        .collect::<Vec<_>>()
        .into();
    std::fs::write(dir.join("tender.json"), serde_json::to_vec_pretty(&t).unwrap()).unwrap();
    // The package files, listed by hash in the document and stored on publication.
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    let drawings: Vec<u8> = (0..3_000_000u32).map(|i| (i % 253) as u8).collect();
    std::fs::write(dir.join("pkg/施工图纸.pdf"), &drawings).unwrap();
    std::fs::write(dir.join("pkg/工程量清单.xlsx"), b"bill of quantities").unwrap();
    cli.ok(&["tender", "attach", "--tender", "tender.json", "pkg/施工图纸.pdf", "pkg/工程量清单.xlsx"]);
    let id = cli.as_("agency", &["tender", "publish", "tender.json", "--files", "pkg"]);
    let id: Value = serde_json::from_str(&id).unwrap();
    let id = id["id"].as_str().unwrap().to_string();
    assert_eq!(id, "HZ-GC-2026-0417");

    // The key ceremony.
    // Each custodian takes the steps that are due: commit, then (once all have
    // committed) reveal, then (once all deals are out) check its shares and sign its
    // verdict. Three rounds bring everyone through.
    for _round in 0..3 {
        for c in ["c1", "c2", "c3"] {
            cli.as_(c, &["committee", "join", &id]);
        }
    }
    for c in ["c1", "c2", "c3"] {
        let r: Value = serde_json::from_str(&cli.as_(c, &["committee", "check", &id])).unwrap();
        assert_eq!(r["phase"], "done", "{r}");
        assert_eq!(r["disqualified"], serde_json::json!([]));
        assert_eq!(r["qualified"], serde_json::json!([1, 2, 3]));
    }
    let open: Value = serde_json::from_str(&cli.as_("agency", &["committee", "finish", &id])).unwrap();
    assert_eq!(open["status"], "open");

    // Four bidders prepare and seal; three submit before the deadline.
    std::fs::write(dir.join("a.pdf"), b"%PDF-1.4 a").unwrap();
    let prices = ["11250000.00", "11480000.00", "10960000.00", "10500000.00"];
    for (i, b) in ["b1", "b2", "b3", "b4"].iter().enumerate() {
        let d = format!("draft-{b}");
        cli.ok(&["tender", "fetch", &id, "-o", &format!("{b}-tender.json"), "--files", &format!("{b}-pkg")]);
        assert_eq!(std::fs::read(dir.join(format!("{b}-pkg/施工图纸.pdf"))).unwrap(), drawings);
        cli.ok(&["bid", "init", "--tender", &format!("{b}-tender.json"), "-o", &d]);
        cli.ok(&["bid", "price", &d, prices[i], "--duration", "240", "--quality", "合格"]);
        for (item, text) in [("Q1", "承诺"), ("T1", "方案"), ("T2", "项目经理")] {
            cli.ok(&["bid", "respond", &d, "--item", item, text]);
        }
        for (item, name) in [("Q2", "q2.pdf"), ("T1", "t1.pdf"), ("T3", "t3.pdf")] {
            cli.ok(&["bid", "attach", &d, "a.pdf", "--item", item, "--name", name]);
        }
        let mut seal = vec!["bid", "seal", d.as_str(), "-o"];
        let out = format!("{b}.tbx");
        seal.push(&out);
        if *b == "b3" {
            seal.push("--without-committee");
        }
        cli.as_(b, &seal);
        if *b != "b4" {
            cli.as_(b, &["bid", "submit", &out]);
        }
    }
    assert!(now() < deadline, "setting up took longer than the time before the deadline");

    wait_until(deadline + 1);
    let late = cli.run(&["bid", "submit", "b4.tbx", "--identity", "b4", "--keystore", "keys"]);
    assert!(!late.status.success());
    let msg = String::from_utf8_lossy(&late.stderr);
    assert!(msg.contains("deadline") && msg.contains("has passed") && msg.contains("server's time"), "{msg}");

    // The opening: b1 decrypts itself; b2 cannot and asks for the committee remedy;
    // custodians 1 and 3 send partials (for b2's bid only).
    cli.as_("b1", &["opening", "decrypt", "b1.tbx"]);
    cli.as_("b2", &["opening", "remedy", &id]);
    cli.as_("c1", &["committee", "partials", &id]);
    cli.as_("c3", &["committee", "partials", &id]);
    wait_until(deadline + 61);
    let st: Value = serde_json::from_str(&cli.as_("agency", &["--json", "opening", "record", &id])).unwrap();
    let lines = st["record"]["lines"].as_array().unwrap();
    let summary: Vec<(String, String, bool, String)> = lines
        .iter()
        .map(|l| {
            (
                l["bidder_uscc"].as_str().unwrap().to_string(),
                l["outcome"].as_str().unwrap().to_string(),
                l["opened_by_committee"].as_bool().unwrap(),
                l["lots"][0]["price"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (uscc(6), "decrypted".into(), false, "11250000.00".into()),
            (uscc(7), "decrypted".into(), true, "11480000.00".into()),
            (uscc(8), "revoked".into(), false, "".into()),
        ]
    );
    assert_eq!(st["record"]["bids_at_deadline"], 3);

    cli.as_("b1", &["opening", "confirm", &id]);
    let st: Value = serde_json::from_str(&cli.as_("b2", &["--json", "opening", "object", &id, "我方报价由委员会解密，请核对。"])).unwrap();
    let oid = st["objections"][0]["id"].as_str().unwrap().to_string();
    cli.as_("agency", &["opening", "answer", &id, &oid, "已核对，与投标文件一致。"]);
    let shown = cli.ok(&["opening", "show", &id]);
    assert!(shown.contains("已核对，与投标文件一致。") && shown.contains("(by committee)"), "{shown}");

    let v = cli.ok(&["log", "verify"]);
    assert!(v.contains("3 receipt(s) verified"), "{v}");

    // The supervision system: the machine fingerprints, sealed to it, opened with its
    // own key (every bid here was made on this one computer), and the audit trail.
    let denied = cli.run(&["--json", "supervision", "machines", &id, "--identity", "agency", "--keystore", "keys"]);
    assert!(!denied.status.success() && String::from_utf8_lossy(&denied.stderr).contains("auth.role"));
    let m: Value = serde_json::from_str(&cli.as_("sup", &["--json", "supervision", "machines", &id])).unwrap();
    let states: Vec<&str> = m["bids"].as_array().unwrap().iter().map(|b| b["state"].as_str().unwrap()).collect();
    if tenderbox_client::fingerprint::collect().is_empty() {
        assert_eq!(states, ["none", "none"], "{m}");
    } else {
        assert_eq!(states, ["opened", "opened"], "{m}");
        let shared = m["shared"].as_array().unwrap();
        assert!(!shared.is_empty() && shared.iter().all(|g| g["bidders"] == serde_json::json!([uscc(6), uscc(7)])), "{m}");
    }
    // The collusion signals the platform computed, the machine alert the supervisor raises,
    // and a signed decision.
    let m: Value = serde_json::from_str(&cli.as_("sup", &["--json", "supervision", "machines", &id, "--raise"])).unwrap();
    let alerts: Value = serde_json::from_str(&cli.as_("sup", &["--json", "supervision", "alerts", &id])).unwrap();
    let rules: Vec<&str> = alerts.as_array().unwrap().iter().map(|a| a["rule"].as_str().unwrap()).collect();
    assert!(rules.contains(&"collusion.same_address"), "both bids came from this computer: {alerts}");
    let kinds: Vec<&str> = m["shared"].as_array().unwrap().iter().map(|g| g["kind"].as_str().unwrap()).collect();
    let machine = kinds.iter().any(|k| !["cpu", "tool", "person"].contains(k));
    assert_eq!(rules.contains(&"collusion.same_machine"), machine, "{alerts}");
    // Both bids were made with this one installation of the tool.
    assert_eq!(rules.contains(&"collusion.same_tool"), kinds.contains(&"tool"), "{alerts}");
    let first = alerts[0]["id"].as_str().unwrap().to_string();
    cli.as_(
        "sup",
        &["supervision", "decide", &first, "--finding", "no_collusion", "--reasons", "两家投标人在同一测试环境中提交，系测试数据。"],
    );
    let alerts: Value = serde_json::from_str(&cli.as_("sup", &["--json", "supervision", "alerts", &id])).unwrap();
    assert_eq!(alerts[0]["decision"]["doc"]["finding"], "no_collusion");
    let a: Value = serde_json::from_str(&cli.as_("sup", &["--json", "supervision", "audit"])).unwrap();
    assert!(a["records"].as_u64().unwrap() > 50, "{a}");

    // A restart (same address) keeps every receipt verifiable and the log consistent.
    let port: u16 = server.url.rsplit(':').next().unwrap().parse().unwrap();
    drop(server);
    server = Server::start(&dir, &dir.join("keys/admin.identity.json"), Some(port));
    assert_eq!(cli.server, server.url);
    let v = cli.ok(&["log", "verify"]);
    assert!(v.contains("grew from") && v.contains("3 receipt(s) verified"), "{v}");
    // Every OCDS release of the tender passes the standard's schemas.
    let data: Value = serde_json::from_str(&cli.ok(&["--json", "data", "ocds", &id, "--out", "open-data"])).unwrap();
    assert_eq!(data["valid"], true);
    let tags: Vec<&str> = data["releases"].as_array().unwrap().iter().map(|r| r["tag"][0].as_str().unwrap()).collect();
    assert_eq!(tags.first(), Some(&"tender"));
    assert_eq!(tags.last(), Some(&"tenderUpdate"), "the opening is the last public event: {data}");
    assert!(dir.join("open-data").join(format!("{id}.record.json")).is_file());
}
