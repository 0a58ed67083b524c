//! The CLI against a running trading server: registration and approval,
//! publication, download checked against the log, sealing, resumable submission
//! with a verified receipt, and `log verify` proving the log only grew.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn start_server(data: PathBuf, admin: PathBuf) -> String {
    start_server_with(data, admin, false)
}

fn start_server_with(data: PathBuf, admin: PathBuf, rehearsal: bool) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async move {
            let mut config = tenderbox_server::Config::for_data(data);
            config.admin = Some(admin);
            config.rehearsal = rehearsal;
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

#[test]
fn a_supervisor_keeps_the_credit_library_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let pre = Cli { dir, server: String::new() };
    pre.ok(&["identity", "new", "--name", "centre-admin", "--uscc", "91350100M000100Y43", "--keystore", "keys"]);
    let server = start_server(dir.join("server-data"), dir.join("keys/centre-admin.identity.json"));
    let cli = Cli { dir, server };
    cli.ok(&["identity", "new", "--name", "supervisor", "--uscc", "11330500MB1957366U", "--keystore", "keys"]);
    cli.ok(&["identity", "new", "--name", "bidder", "--uscc", "9135021359498494XQ", "--keystore", "keys"]);
    for (who, role) in [("supervisor", "supervisor"), ("bidder", "bidder")] {
        let rec = cli.json(&["server", "register", "--identity", who, "--role", role, "--keystore", "keys"]);
        cli.ok(&["server", "approve", rec["id"].as_str().unwrap(), "--identity", "centre-admin", "--keystore", "keys"]);
    }
    let sup = ["--identity", "supervisor", "--keystore", "keys"];
    let header = tenderbox_core::credit::COLUMNS_ZH.join(",");
    // A bad row is reported by line before anything is sent.
    std::fs::write(
        dir.join("bad.csv"),
        format!("{header}\n企业,9135021359498494XQ,湖州建工集团有限公司,严重失信,失信被执行人,湖州市中级人民法院,（2026）浙05执123号,法〔2016〕285号,2026-01-01,2026-00-09,,,投标\n"),
    )
    .unwrap();
    let o = cli.run(&[&["--json", "credit", "import", "bad.csv", "--origin", "信用中国（浙江湖州）"][..], &sup[..]].concat());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("credit.import") && err.contains("line 2 ends_on"), "{err}");
    std::fs::write(
        dir.join("list.csv"),
        format!("{header}\n企业,9135021359498494XQ,湖州建工集团有限公司,严重失信,失信被执行人,湖州市中级人民法院,（2026）浙05执123号,法〔2016〕285号,2026-01-01,2099-12-31,,,投标\n"),
    )
    .unwrap();
    let r = cli.json(&[&["--json", "credit", "import", "list.csv", "--origin", "信用中国（浙江湖州）"][..], &sup[..]].concat());
    assert_eq!(r["imported"], 1);
    // Anyone reads the publicity listing without an account.
    let public = cli.json(&["--json", "credit", "public", "--subject", "9135021359498494XQ"]);
    let id = public[0]["id"].as_str().unwrap().to_string();
    assert_eq!(public[0]["document_no"], "（2026）浙05执123号");
    // The entity sees it and objects; the supervisor dismisses the objection with reasons.
    let mine = cli.json(&["--json", "credit", "mine", "--identity", "bidder", "--keystore", "keys"]);
    assert_eq!(mine[0]["id"], id.as_str());
    let o = cli.json(&["--json", "credit", "object", &id, "--text", "已履行完毕", "--identity", "bidder", "--keystore", "keys"]);
    let objection = o["id"].as_str().unwrap().to_string();
    let open = cli.json(&[&["--json", "credit", "objections", "--open"][..], &sup[..]].concat());
    assert_eq!(open.as_array().unwrap().len(), 1);
    cli.ok(&[&["credit", "answer", &objection, "--text", "法院未出具结案证明，维持记录。"][..], &sup[..]].concat());
    let shown = cli.ok(&[&["credit", "show", &id][..], &sup[..]].concat());
    assert!(shown.contains("dismissed: 法院未出具结案证明"), "{shown}");
    // A single entry and its revocation, kept as history.
    let added = cli.json(
        &[
            &[
                "--json",
                "credit",
                "add",
                "--subject",
                "9135021359498494XQ",
                "--name",
                "湖州建工集团有限公司",
                "--kind",
                "bad",
                "--list",
                "行政处罚",
                "--source",
                "湖州市住房和城乡建设局",
                "--number",
                "湖建罚〔2026〕12号",
                "--basis",
                "《招标投标法实施条例》第六十七条",
                "--from",
                "2026-03-01",
                "--types",
                "engineering",
                "--bars",
                "bidding",
            ][..],
            &sup[..],
        ]
        .concat(),
    );
    let added_id = added[0]["id"].as_str().unwrap().to_string();
    cli.ok(&[&["credit", "revoke", &added_id, "--reason", "复议撤销处罚决定"][..], &sup[..]].concat());
    let all = cli.json(&[&["--json", "credit", "list", "--subject", "9135021359498494XQ"][..], &sup[..]].concat());
    let statuses: Vec<&str> = all.as_array().unwrap().iter().map(|v| v["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["revoked", "active"]);
}

#[test]
fn a_guarantor_issues_an_electronic_guarantee_and_the_bidder_checks_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let pre = Cli { dir, server: String::new() };
    pre.ok(&["identity", "new", "--name", "centre-admin", "--uscc", "91350100M000100Y43", "--keystore", "keys"]);
    let server = start_server(dir.join("server-data"), dir.join("keys/centre-admin.identity.json"));
    let cli = Cli { dir, server };
    for (who, uscc, role) in [
        ("agency", "91350200MA31E12PXF", "agency"),
        ("bank", "91330500MA28C0X1LJ", "guarantor"),
        ("bidder", "9135021359498494XQ", "bidder"),
    ] {
        cli.ok(&["identity", "new", "--name", who, "--uscc", uscc, "--keystore", "keys"]);
        let rec = cli.json(&["server", "register", "--identity", who, "--role", role, "--keystore", "keys"]);
        cli.ok(&["server", "approve", rec["id"].as_str().unwrap(), "--identity", "centre-admin", "--keystore", "keys"]);
    }
    cli.ok(&["tender", "example", "-o", "tender.json"]);
    let mut doc: Value = serde_json::from_slice(&std::fs::read(dir.join("tender.json")).unwrap()).unwrap();
    doc["security"] = serde_json::json!({
        "amount": "200000.00", "estimated_price": "12000000.00", "forms": ["guarantee"], "bid_validity_days": 90
    });
    std::fs::write(dir.join("tender.json"), serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let published = cli.json(&["tender", "publish", "tender.json", "--identity", "agency", "--keystore", "keys"]);
    let id = published["id"].as_str().unwrap().to_string();
    let bank = ["--identity", "bank", "--keystore", "keys"];
    // A guarantee short of the amount is refused here, before anything is sent.
    let o = cli.run(
        &[
            &[
                "--json",
                "security",
                "issue",
                "--tender",
                &id,
                "--applicant",
                "9135021359498494XQ",
                "--applicant-name",
                "湖州建工集团有限公司",
                "--number",
                "HZB-1",
                "--amount",
                "100000.00",
            ][..],
            &bank[..],
        ]
        .concat(),
    );
    assert!(
        !o.status.success() && String::from_utf8_lossy(&o.stderr).contains("guarantee.terms"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let g = cli.json(
        &[
            &[
                "--json",
                "security",
                "issue",
                "--tender",
                &id,
                "--applicant",
                "9135021359498494XQ",
                "--applicant-name",
                "湖州建工集团有限公司",
                "--number",
                "HZB-2",
            ][..],
            &bank[..],
        ]
        .concat(),
    );
    assert_eq!(g["signed"]["doc"]["amount"], "200000.00");
    let status = cli.ok(&["security", "status", &id, "--identity", "bidder", "--keystore", "keys"]);
    assert!(
        status.contains("guarantee HZB-2")
            && status.contains("signature and terms verified here")
            && status.contains("Security stands (guarantee)"),
        "{status}"
    );
    cli.ok(&[&["security", "revoke", g["id"].as_str().unwrap(), "--reason", "申请人未缴纳保费"][..], &bank[..]].concat());
    let status = cli.ok(&["security", "status", &id, "--identity", "bidder", "--keystore", "keys"]);
    assert!(status.contains("revoked: 申请人未缴纳保费") && status.contains("No valid security yet"), "{status}");
}

#[test]
fn a_complaint_is_filed_with_evidence_and_decided_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let pre = Cli { dir, server: String::new() };
    pre.ok(&["identity", "new", "--name", "centre-admin", "--uscc", "91350100M000100Y43", "--keystore", "keys"]);
    let server = start_server(dir.join("server-data"), dir.join("keys/centre-admin.identity.json"));
    let cli = Cli { dir, server };
    let mut ids = std::collections::HashMap::new();
    for (who, uscc, role) in [
        ("agency", "91350200MA31E12PXF", "agency"),
        ("bidder", "9135021359498494XQ", "bidder"),
        ("supervisor", "11330500MB1957366U", "supervisor"),
    ] {
        cli.ok(&["identity", "new", "--name", who, "--uscc", uscc, "--keystore", "keys"]);
        let rec = cli.json(&["server", "register", "--identity", who, "--role", role, "--keystore", "keys"]);
        let id = rec["id"].as_str().unwrap().to_string();
        cli.ok(&["server", "approve", &id, "--identity", "centre-admin", "--keystore", "keys"]);
        ids.insert(who, id);
    }
    cli.ok(&["tender", "example", "-o", "tender.json"]);
    let published = cli.json(&["tender", "publish", "tender.json", "--identity", "agency", "--keystore", "keys"]);
    let tender = published["id"].as_str().unwrap().to_string();
    std::fs::write(dir.join("evidence.pdf"), b"%PDF-1.4 chapter 3").unwrap();
    let today = tenderbox_core::credit::day_of(tenderbox_core::time::Timestamp::from_unix(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64,
    ));
    let bidder = ["--identity", "bidder", "--keystore", "keys"];
    let sup = ["--identity", "supervisor", "--keystore", "keys"];
    // A step the rules do not know is refused here, before anything is sent.
    let o = cli.run(
        &[
            &[
                "--json",
                "complaint",
                "file",
                &tender,
                "--respondent",
                "代理",
                "--step",
                "lunch",
                "--known-on",
                &today,
                "--facts",
                "f",
                "--requests",
                "r",
            ][..],
            &bidder[..],
        ]
        .concat(),
    );
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("step"), "{}", String::from_utf8_lossy(&o.stderr));
    let filed = cli.json(
        &[
            &[
                "--json",
                "complaint",
                "file",
                &tender,
                "--respondent",
                "浙江湖信工程咨询有限公司",
                "--step",
                "documents",
                "--known-on",
                &today,
                "--facts",
                "招标文件要求本地业绩，排斥外地潜在投标人。",
                "--requests",
                "责令修改招标文件。",
                "--file",
                "evidence.pdf",
            ][..],
            &bidder[..],
        ]
        .concat(),
    );
    let id = filed["id"].as_str().unwrap().to_string();
    assert_eq!(filed["files"][0]["stored"], true, "the evidence is uploaded with the complaint");
    let open = cli.json(&[&["--json", "complaint", "list", "--open"][..], &sup[..]].concat());
    assert_eq!(open[0]["id"], id.as_str());
    let overview = cli.ok(&[&["supervision", "tenders"][..], &sup[..]].concat());
    assert!(overview.contains(&tender) && overview.contains("complaints 1/1 open"), "{overview}");
    let sha = filed["files"][0]["sha256"].as_str().unwrap().to_string();
    cli.ok(&[&["complaint", "fetch", &id, &sha, "--out", "got.pdf"][..], &sup[..]].concat());
    assert_eq!(std::fs::read(dir.join("got.pdf")).unwrap(), b"%PDF-1.4 chapter 3");
    cli.ok(&[&["complaint", "accept", &id, "--reasons", "符合受理条件。"][..], &sup[..]].concat());
    let decided = cli.json(
        &[
            &[
                "--json",
                "complaint",
                "decide",
                &id,
                "--finding",
                "upheld",
                "--reasons",
                "设置本地业绩属于排斥潜在投标人。",
                "--measures",
                "责令修改并顺延截止时间。",
            ][..],
            &sup[..],
        ]
        .concat(),
    );
    assert_eq!(decided["state"], "decided");
    let shown = cli.ok(&[&["complaint", "show", &id][..], &bidder[..]].concat());
    assert!(shown.contains("decision:    upheld"), "{shown}");
    let public = cli.ok(&["complaint", "decisions", "--tender", &tender]);
    assert!(public.contains("upheld") && public.contains(&tender), "{public}");
    // The audit trail: the bidder's filing, found by its credit code.
    let hits = cli.json(&[&["--json", "supervision", "search", "--who", "9135021359498494XQ"][..], &sup[..]].concat());
    assert!(hits.as_array().unwrap().iter().any(|h| h["record"]["path"] == "/v1/complaints"), "{hits}");
    // The statistics of the day: one tender, one complaint; and the spreadsheet.
    let st = cli.json(&[&["--json", "supervision", "statistics", "--from", &today, "--to", &today][..], &sup[..]].concat());
    let total = st["rows"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((total["tenders"].as_u64(), total["complaints"].as_u64()), (Some(1), Some(1)));
    cli.ok(&[&["supervision", "statistics", "--from", &today, "--to", &today, "--csv", "stats.csv"][..], &sup[..]].concat());
    let csv = std::fs::read_to_string(dir.join("stats.csv")).unwrap();
    assert!(csv.contains("合计,1,"), "{csv}");
    // A consortium with a barred member: the bidder names it in the draft and at submission,
    // signed; the platform refuses the submission citing the member's record.
    let header = tenderbox_core::credit::COLUMNS_ZH.join(",");
    std::fs::write(
        dir.join("list.csv"),
        format!("{header}\n企业,91350213678251743X,长兴路桥工程有限公司,严重失信,失信被执行人,湖州市中级人民法院,（2026）浙05执88号,法〔2016〕285号,2026-01-01,2099-12-31,,,投标\n"),
    )
    .unwrap();
    cli.ok(&[&["credit", "import", "list.csv", "--origin", "信用中国（浙江湖州）"][..], &sup[..]].concat());
    let offered = cli.json(&["--json", "log", "key"]);
    cli.ok(&["log", "trust", "--fingerprint", offered["fingerprint"].as_str().unwrap()]);
    cli.ok(&["tender", "fetch", &tender, "-o", "fetched.json"]);
    cli.ok(&["bid", "init", "--tender", "fetched.json", "-o", "draft"]);
    cli.ok(&["bid", "price", "draft", "11250000.00", "--duration", "240", "--quality", "合格"]);
    for (item, text) in [("Q1", "承诺"), ("T1", "方案"), ("T2", "项目经理")] {
        cli.ok(&["bid", "respond", "draft", "--item", item, text]);
    }
    for item in ["Q2", "T1", "T3"] {
        cli.ok(&["bid", "attach", "draft", "evidence.pdf", "--item", item, "--name", &format!("{item}.pdf")]);
    }
    let o = cli.run(&["bid", "people", "draft", "--project-manager", "110105194912310021"]);
    assert!(
        !o.status.success() && String::from_utf8_lossy(&o.stderr).contains("check character"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    cli.ok(&["bid", "people", "draft", "--legal-rep", "11010519491231002X", "--project-manager", "11010519491231002X"]);
    let o = cli.run(&["bid", "consortium", "draft", "--member", "91350213678251743Y=长兴路桥工程有限公司"]);
    assert!(!o.status.success(), "a wrong credit code is refused");
    cli.ok(&["bid", "consortium", "draft", "--member", "91350213678251743X=长兴路桥工程有限公司"]);
    cli.ok(&[&["bid", "seal", "draft", "-o", "bid.tbx"][..], &bidder[..]].concat());
    let o = cli.run(&[&["--json", "bid", "submit", "bid.tbx", "--member", "91350213678251743X"][..], &bidder[..]].concat());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("credit.barred_consortium_member") && err.contains("（2026）浙05执88号"), "{err}");
    // The centre admin narrows the supervisor to the finance department: the engineering tender leaves its view.
    cli.ok(&["supervision", "departments", &ids["supervisor"], "finance", "--identity", "centre-admin", "--keystore", "keys"]);
    let overview = cli.json(&[&["--json", "supervision", "tenders"][..], &sup[..]].concat());
    assert_eq!(overview["departments"][0], "finance");
    assert!(overview["tenders"].as_array().unwrap().is_empty());
}

#[test]
fn a_land_listing_is_announced_and_a_bidder_registers_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let pre = Cli { dir, server: String::new() };
    pre.ok(&["identity", "new", "--name", "centre-admin", "--uscc", "91350100M000100Y43", "--keystore", "keys"]);
    let server = start_server(dir.join("server-data"), dir.join("keys/centre-admin.identity.json"));
    let cli = Cli { dir, server };
    for (who, uscc, role) in [("finance", "12330500MB1A2B3C41", "finance"), ("bidder", "9135021359498494XQ", "bidder")] {
        cli.ok(&["identity", "new", "--name", who, "--uscc", uscc, "--keystore", "keys"]);
        let rec = cli.json(&["server", "register", "--identity", who, "--role", role, "--keystore", "keys"]);
        cli.ok(&["server", "approve", rec["id"].as_str().unwrap(), "--identity", "centre-admin", "--keystore", "keys"]);
    }
    let admin = ["--identity", "centre-admin", "--keystore", "keys"];
    let bidder = ["--identity", "bidder", "--keystore", "keys"];
    // The calendar: a holiday set and listed; a wrong kind refused by name.
    cli.ok(&[&["calendar", "set", "2027-01-01", "--kind", "holiday", "--note", "元旦"][..], &admin].concat());
    assert!(cli.ok(&["calendar", "list", "--year", "2027"]).contains("2027-01-01\tholiday\t元旦"));
    let o = cli.run(&[&["--json", "calendar", "set", "2027-01-02", "--kind", "day-off", "--note", "x"][..], &admin].concat());
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("calendar.kind"));

    // The example listing, announced; a schedule that breaks the 20-day rule is refused first.
    cli.ok(&["auction", "example", "-o", "land.json"]);
    let mut terms: Value = serde_json::from_slice(&std::fs::read(dir.join("land.json")).unwrap()).unwrap();
    let good = terms.clone();
    terms["bidding_starts"] = terms["announced_at"].clone();
    std::fs::write(dir.join("early.json"), serde_json::to_vec_pretty(&terms).unwrap()).unwrap();
    let o = cli.run(&[&["--json", "auction", "announce", "early.json"][..], &admin].concat());
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("auction.announcement_days"));
    std::fs::write(dir.join("land.json"), serde_json::to_vec_pretty(&good).unwrap()).unwrap();
    let rec = cli.json(&[&["--json", "auction", "announce", "land.json"][..], &admin].concat());
    let id = rec["terms"]["id"].as_str().unwrap().to_string();
    assert!(cli.ok(&["auction", "list"]).contains(&id));

    // The bidder applies, pays the deposit with its reference, and gets its number.
    let reg = cli.json(&[&["--json", "auction", "register", &id, "--accept-conditions"][..], &bidder].concat());
    assert_eq!(reg["status"], "awaiting_deposit");
    let reference = reg["deposit_reference"].as_str().unwrap();
    let today = tenderbox_core::time::Timestamp::from_unix(
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64,
    )
    .to_beijing();
    std::fs::write(
        dir.join("statement.csv"),
        format!(
            "{}\nHZB0001,{today},湖州建工集团有限公司,201000999888777,24000000.00,{reference}\n",
            tenderbox_core::security::STATEMENT_COLUMNS.join(",")
        ),
    )
    .unwrap();
    cli.ok(&["security", "import-statement", "statement.csv", "--identity", "finance", "--keystore", "keys"]);
    let reg = cli.json(&[&["--json", "auction", "registration", &id][..], &bidder].concat());
    assert_eq!(reg["status"], "registered", "{reg}");
    assert_eq!(reg["number"].as_str().unwrap().len(), 4);
    // Bidding has not started: the signed bid is refused with the server's time.
    let o = cli.run(&[&["--json", "auction", "bid", &id, "120000000.00"][..], &bidder].concat());
    let out = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && out.contains("auction.not_started") && out.contains("the server's time is"), "{out}");
    assert!(cli.ok(&["auction", "show", &id]).contains("no bid yet"));
}

/// `args` as the identity `who` from the test's key files.
fn with<'a>(args: &[&'a str], who: &'a str) -> Vec<&'a str> {
    [args, &["--identity", who, "--keystore", "keys"][..]].concat()
}

/// A rehearsal platform with its centre admin, the finance office, bidders a and b and
/// custodians c1–c3 registered and approved, and the log key trusted; their identity ids.
fn rehearsal_platform(dir: &Path) -> (Cli<'_>, std::collections::HashMap<&'static str, String>) {
    let pre = Cli { dir, server: String::new() };
    pre.ok(&["identity", "new", "--name", "centre-admin", "--uscc", "91350100M000100Y43", "--keystore", "keys"]);
    let server = start_server_with(dir.join("server-data"), dir.join("keys/centre-admin.identity.json"), true);
    let cli = Cli { dir, server };
    let mut ids = std::collections::HashMap::new();
    for (who, uscc, role) in [
        ("finance", "12330500MB1A2B3C41", "finance"),
        ("a", "9135021359498494XQ", "bidder"),
        ("b", "91330522MA28C3JH08", "bidder"),
        ("c1", "12330500MB0000011C", "custodian"),
        ("c2", "11330500MB0000022K", "custodian"),
        ("c3", "11330500002580436R", "custodian"),
    ] {
        cli.ok(&["identity", "new", "--name", who, "--uscc", uscc, "--keystore", "keys"]);
        let rec = cli.json(&["server", "register", "--identity", who, "--role", role, "--keystore", "keys"]);
        ids.insert(who, rec["id"].as_str().unwrap().to_string());
        cli.ok(&["server", "approve", rec["id"].as_str().unwrap(), "--identity", "centre-admin", "--keystore", "keys"]);
    }
    let offered = cli.json(&["--json", "log", "key"]);
    cli.ok(&["log", "trust", "--fingerprint", offered["fingerprint"].as_str().unwrap()]);
    (cli, ids)
}

/// Bidders a and b apply to bid in `id`; the finance office imports their deposits.
fn register_with_deposits(cli: &Cli, id: &str) {
    let mut lines = vec![tenderbox_core::security::STATEMENT_COLUMNS.join(",")];
    for (i, who) in ["a", "b"].into_iter().enumerate() {
        let reg = cli.json(&with(&["--json", "auction", "register", id, "--accept-conditions"], who));
        lines.push(format!(
            "HZB000{i},{},{who},20100099988877{i},24000000.00,{}",
            wall().to_beijing(),
            reg["deposit_reference"].as_str().unwrap()
        ));
    }
    std::fs::write(cli.dir.join("statement.csv"), lines.join("\n") + "\n").unwrap();
    cli.ok(&with(&["security", "import-statement", "statement.csv"], "finance"));
}

fn wall() -> tenderbox_core::time::Timestamp {
    tenderbox_core::time::Timestamp::from_unix(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64)
}

fn wait_until(t: tenderbox_core::time::Timestamp) {
    while wall() < t {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
}

/// A rehearsal auction run end to end from the command line in under a minute: two
/// bidders registered with deposits, the reserve sealed to three custodians, bids, the
/// countdown running out, two custodians opening the reserve, the confirmation signed by
/// the buyer and the centre, and the record verified — and refused once a bid in it is
/// altered.
#[test]
fn a_rehearsal_auction_is_run_opened_confirmed_and_verified_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (cli, ids) = rehearsal_platform(tmp.path());
    let dir = tmp.path();
    // An English auction of the example parcel, as a rehearsal: bidding in 14 s, a 15 s countdown.
    cli.ok(&["auction", "example", "-o", "t.json"]);
    let mut terms: Value = serde_json::from_slice(&std::fs::read(dir.join("t.json")).unwrap()).unwrap();
    let now = wall();
    let starts = now.plus_seconds(14);
    terms["id"] = "HZ-TD-2026-R01".into();
    terms["mode"] = "english".into();
    terms["listing_ends"] = Value::Null;
    terms["rehearsal"] = true.into();
    terms["countdown_seconds"] = 15.into();
    terms["registration_deadline"] = serde_json::to_value(now.plus_seconds(10)).unwrap();
    terms["bidding_starts"] = serde_json::to_value(starts).unwrap();
    std::fs::write(dir.join("t.json"), serde_json::to_vec_pretty(&terms).unwrap()).unwrap();
    let rec = cli.json(&with(&["--json", "auction", "announce", "t.json"], "centre-admin"));
    let id = rec["terms"]["id"].as_str().unwrap().to_string();
    register_with_deposits(&cli, &id);
    let custodians = format!("{},{},{}", ids["c1"], ids["c2"], ids["c3"]);
    let sealed = cli.ok(&with(&["auction", "seal-reserve", &id, "--amount", "120400000.00", "--custodians", &custodians], "centre-admin"));
    assert!(sealed.contains("Nobody can read it"), "{sealed}");
    assert!(!cli.ok(&["--json", "auction", "reserve", &id]).contains("120400000"), "sealed");

    wait_until(starts);
    cli.ok(&with(&["auction", "bid", &id, "120000000.00"], "a"));
    let out = cli.ok(&with(&["auction", "bid", &id, "120500000.00"], "b"));
    assert!(out.contains("壹亿贰仟零伍拾万元整"), "{out}");
    // Not before the end.
    let o = cli.run(&with(&["--json", "auction", "release", &id], "c1"));
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("auction.not_ended"));
    let board: Value = cli.json(&["--json", "auction", "show", &id]);
    let ends = tenderbox_core::time::Timestamp::parse(board["board"]["phase"]["ends_at"].as_str().unwrap()).unwrap();
    wait_until(ends.plus_seconds(1));
    cli.ok(&with(&["auction", "release", &id], "c1"));
    let opened = cli.ok(&with(&["auction", "release", &id], "c3"));
    assert!(opened.contains("the reserve is open: 120400000.00"), "{opened}");

    let result = cli.ok(&["auction", "result", &id, "--save", "record.json"]);
    assert!(result.contains("120500000.00") && result.contains("成交确认书"), "{result}");
    cli.ok(&with(&["auction", "confirm", &id], "b"));
    let o = cli.run(&with(&["--json", "auction", "confirm", &id], "a"));
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("auction.not_party"));
    let done = cli.ok(&with(&["auction", "confirm", &id], "centre-admin"));
    assert!(done.contains("buyer: signed; centre: signed"), "{done}");

    // Anyone verifies the record; an altered bid in it is found.
    let ok = cli.ok(&["auction", "verify", &id, "--record", "record.json"]);
    assert!(ok.contains("Verified HZ-TD-2026-R01: 2 steps"), "{ok}");
    let mut record: Value = serde_json::from_slice(&std::fs::read(dir.join("record.json")).unwrap()).unwrap();
    record["history"][0]["amount"] = "120100000.00".into();
    record["history"][0]["signed"]["doc"]["amount"] = "120100000.00".into();
    std::fs::write(dir.join("altered.json"), serde_json::to_vec_pretty(&record).unwrap()).unwrap();
    let o = cli.run(&["--json", "auction", "verify", &id, "--record", "altered.json"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success() && err.contains("auction.verify") && err.contains("step 1"), "{err}");
}

/// A sealed round (一次报价) as a rehearsal from the command line: two prices sealed to the
/// reserve's custodians, nobody's readable before the close; after it two custodians
/// release their shares of the prices and of the reserve, the higher price wins, the record
/// verifies.
#[test]
fn a_sealed_round_is_opened_by_the_custodians_after_the_close_from_the_command_line() {
    let tmp = tempfile::tempdir().unwrap();
    let (cli, ids) = rehearsal_platform(tmp.path());
    let dir = tmp.path();
    cli.ok(&["auction", "example", "-o", "t.json"]);
    let mut terms: Value = serde_json::from_slice(&std::fs::read(dir.join("t.json")).unwrap()).unwrap();
    let now = wall();
    let starts = now.plus_seconds(10);
    let closes = now.plus_seconds(18);
    terms["id"] = "HZ-TD-2026-R02".into();
    terms["mode"] = "sealed".into();
    terms["rehearsal"] = true.into();
    terms["registration_deadline"] = serde_json::to_value(now.plus_seconds(8)).unwrap();
    terms["bidding_starts"] = serde_json::to_value(starts).unwrap();
    terms["listing_ends"] = serde_json::to_value(closes).unwrap();
    std::fs::write(dir.join("t.json"), serde_json::to_vec_pretty(&terms).unwrap()).unwrap();
    let rec = cli.json(&with(&["--json", "auction", "announce", "t.json"], "centre-admin"));
    let id = rec["terms"]["id"].as_str().unwrap().to_string();
    register_with_deposits(&cli, &id);
    let custodians = format!("{},{},{}", ids["c1"], ids["c2"], ids["c3"]);
    cli.ok(&with(&["auction", "seal-reserve", &id, "--amount", "121000000.00", "--custodians", &custodians], "centre-admin"));
    wait_until(starts);
    assert!(cli.ok(&with(&["auction", "seal-price", &id, "123450000.00"], "a")).contains("Nobody can read it"));
    cli.ok(&with(&["auction", "seal-price", &id, "122000000.00"], "b"));
    let o = cli.run(&with(&["--json", "auction", "seal-price", &id, "125000000.00"], "a"));
    assert!(!o.status.success() && String::from_utf8_lossy(&o.stderr).contains("auction.sealed_twice"));
    wait_until(closes.plus_seconds(1));
    assert!(cli.ok(&with(&["auction", "release", &id], "c1")).contains("2 sealed price(s)"));
    cli.ok(&with(&["auction", "release", &id], "c3"));
    let result = cli.ok(&["auction", "result", &id]);
    assert!(result.contains("at 123450000.00") && result.contains("reserve 121000000.00"), "{result}");
    assert!(cli.ok(&["auction", "verify", &id]).contains("2 steps (2 bids)"));
}
