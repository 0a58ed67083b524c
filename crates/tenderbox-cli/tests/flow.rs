//! The scripted bidder flow of issue 2, run against the real `tenderbox` binary:
//! identity, example tender, draft, check, seal, inspect, open, and the failures a
//! script must be able to rely on (non-zero exit, clear message, nothing written).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Env { dir: tempfile::tempdir().unwrap() }
    }
    fn p(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tenderbox"))
            .args(args)
            .current_dir(self.dir.path())
            .env("TENDERBOX_HOME", self.p("home"))
            .env("TENDERBOX_PASSPHRASE", "a long test passphrase")
            .output()
            .unwrap()
    }
    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "{args:?} failed:\n{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    }
    fn fails(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(!o.status.success(), "{args:?} should have failed");
        String::from_utf8(o.stderr).unwrap()
    }
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

fn fill(env: &Env) {
    std::fs::write(env.p("licence.pdf"), b"%PDF-1.4\n% business licence\n").unwrap();
    std::fs::write(env.p("plan.pdf"), vec![b'p'; 300_000]).unwrap();
    std::fs::write(env.p("contracts.pdf"), b"%PDF-1.4\n% contracts\n").unwrap();
    env.ok(&["bid", "price", "draft", "11,250,000.00", "--duration", "240", "--quality", "合格"]);
    env.ok(&["bid", "respond", "draft", "--item", "Q1", "我方承诺按招标文件要求完成本工程。"]);
    env.ok(&["bid", "respond", "draft", "--item", "T1", "详见施工组织设计。", "--criterion", "C1"]);
    env.ok(&["bid", "respond", "draft", "--item", "T2", "项目经理：王建国，一级建造师。"]);
    env.ok(&["bid", "attach", "draft", "licence.pdf", "--item", "Q2", "--name", "资质/营业执照.pdf"]);
    env.ok(&["bid", "attach", "draft", "plan.pdf", "--item", "T1"]);
    env.ok(&["bid", "attach", "draft", "contracts.pdf", "--item", "T3"]);
}

#[test]
fn scripted_bid_flow_from_identity_to_verified_opening() {
    let env = Env::new();
    let bad = env.fails(&["identity", "new", "--name", "x", "--uscc", "91350100M000100Y44", "--keystore", "keys"]);
    assert!(bad.contains("check character is '4' but the first 17 characters require '3'"), "{bad}");

    let id = json(&env.ok(&["identity", "new", "--name", "湖州建工集团有限公司", "--uscc", "9135021359498494XQ", "--keystore", "keys"]));
    assert_eq!(id["uscc"], "9135021359498494XQ");
    assert!(id["encryption_key"].as_str().unwrap().len() == 44);
    let listed = env.ok(&["identity", "list", "--keystore", "keys"]);
    assert!(listed.contains("湖州建工集团有限公司"));

    env.ok(&["tender", "example", "-o", "tender.json"]);
    env.ok(&["bid", "init", "--tender", "tender.json", "-o", "draft"]);
    let o = env.run(&["--json", "bid", "check", "draft"]);
    assert!(!o.status.success());
    let report = json(&String::from_utf8(o.stdout).unwrap());
    let codes: Vec<&str> = report["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
    assert_eq!(codes.len(), 9, "{codes:?}");
    assert!(codes.contains(&"price.missing") && codes.contains(&"response.attachment_missing"));

    // Sealing an incomplete draft is refused and writes nothing.
    let seal = ["bid", "seal", "draft", "--identity", "湖州建工集团有限公司", "--keystore", "keys", "-o", "bid.tbx"];
    let err = env.fails(&seal);
    assert!(err.contains("price.missing"), "{err}");
    assert!(!env.p("bid.tbx").exists());

    fill(&env);
    assert!(env.ok(&["bid", "check", "draft"]).contains("complete"));
    let sealed = json(&env.ok(&seal));
    assert_eq!(sealed["lots"][0]["price_upper"], "壹仟壹佰贰拾伍万元整");

    let inspect = env.ok(&["bid", "inspect", "bid.tbx"]);
    let h = json(&inspect);
    assert_eq!(h["header"]["bidder"], "9135021359498494XQ");
    assert_eq!(h["stanza_kinds"], serde_json::json!(["bidder"]));
    assert!(!inspect.contains("11250000"), "the public header must not reveal the price");

    let manifest = json(&env.ok(&["bid", "open", "bid.tbx", "--identity", "湖州建工集团有限公司", "--keystore", "keys", "-o", "opened"]));
    assert_eq!(manifest["lots"][0]["price"], "11250000.00");
    assert_eq!(std::fs::read(env.p("opened/attachments/plan.pdf")).unwrap(), std::fs::read(env.p("plan.pdf")).unwrap());
    assert!(env.p("opened/attachments/资质/营业执照.pdf").is_file());
    assert!(env.p("opened/manifest.sig").is_file());

    let again = env.fails(&["bid", "open", "bid.tbx", "--identity", "湖州建工集团有限公司", "--keystore", "keys", "-o", "opened"]);
    assert!(again.contains("already exists"), "{again}");
}

fn no_partial_leftovers(dir: &Path) -> bool {
    std::fs::read_dir(dir).unwrap().flatten().all(|e| !e.file_name().to_string_lossy().contains(".partial-"))
}

#[test]
fn tampered_bid_fails_to_open_and_leaves_nothing_half_written() {
    let env = Env::new();
    env.ok(&["identity", "new", "--name", "acme", "--uscc", "91350213678251743X", "--keystore", "keys"]);
    env.ok(&["tender", "example", "-o", "tender.json"]);
    env.ok(&["bid", "init", "--tender", "tender.json", "-o", "draft"]);
    fill(&env);
    env.ok(&["bid", "seal", "draft", "--identity", "acme", "--keystore", "keys", "-o", "bid.tbx"]);
    let mut bytes = std::fs::read(env.p("bid.tbx")).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(env.p("tampered.tbx"), &bytes).unwrap();
    let err = env.fails(&["bid", "open", "tampered.tbx", "--identity", "acme", "--keystore", "keys", "-o", "out"]);
    assert!(err.contains("corrupted or altered at chunk"), "{err}");
    assert!(!env.p("out").exists());
    assert!(no_partial_leftovers(env.dir.path()));

    std::fs::write(env.p("plain.tbx"), b"%PDF-1.7 unencrypted bid").unwrap();
    let err = env.fails(&["bid", "open", "plain.tbx", "--identity", "acme", "--keystore", "keys", "-o", "out"]);
    assert!(err.contains("not a Tenderbox sealed bid"), "{err}");

    let o = Command::new(env!("CARGO_BIN_EXE_tenderbox"))
        .args(["--json", "bid", "open", "bid.tbx", "--identity", "acme", "--keystore", "keys", "-o", "out"])
        .current_dir(env.dir.path())
        .env("TENDERBOX_PASSPHRASE", "not the passphrase")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert_eq!(json(&String::from_utf8(o.stderr).unwrap())["code"], "keystore.wrong_passphrase");
}

#[test]
fn without_a_keychain_the_user_is_told_to_choose_a_key_file() {
    let env = Env::new();
    let o = Command::new(env!("CARGO_BIN_EXE_tenderbox"))
        .args(["identity", "new", "--name", "acme", "--uscc", "91350213678251743X"])
        .env("TENDERBOX_HOME", env.p("home"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/tenderbox-test-bus")
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(err.contains("no OS keychain is available") && err.contains("--keystore DIR"), "{err}");
    assert!(!env.p("home/identities").exists() || std::fs::read_dir(env.p("home/identities")).unwrap().next().is_none());
}

/// `tenderbox evaluation rank`: anyone ranks bidders from published score sheets; lots in
/// the file's order, at most one lot per bidder when asked, a bad sheet named by line.
#[test]
fn score_sheets_are_ranked_and_lots_awarded_from_the_command_line() {
    let env = Env::new();
    std::fs::write(
        env.p("sheet.csv"),
        "lot,bidder,expert,score\n\
         L1,甲,E1,88\nL1,甲,E2,90\nL1,乙,E1,85\nL1,乙,E2,87\n\
         L2,甲,E1,92\nL2,甲,E2,91\nL2,丙,E1,80\nL2,丙,E2,82.5\n",
    )
    .unwrap();
    let v: Value = serde_json::from_str(&env.ok(&["--json", "evaluation", "rank", "sheet.csv", "--max-lots-per-bidder", "1"])).unwrap();
    assert_eq!(v["lots"][1]["ranking"][1]["aggregate"], "81.25", "(80 + 82.5) / 2");
    assert_eq!(v["awards"][0], serde_json::json!({ "outcome": "winner", "lot": "L1", "bidder": "甲" }));
    assert_eq!(v["awards"][1], serde_json::json!({ "outcome": "winner", "lot": "L2", "bidder": "丙" }), "甲 won L1 already");
    let text = env.ok(&["evaluation", "rank", "sheet.csv", "--aggregate", "mean"]);
    assert!(text.contains("Lot L2: 甲"), "{text}");
    std::fs::write(env.p("bad.csv"), "lot,bidder,expert,score\nL1,甲,E1,x\n").unwrap();
    let e = env.fails(&["evaluation", "rank", "bad.csv"]);
    assert!(e.contains("line 2") && e.contains("'x' is not a score"), "{e}");
}
