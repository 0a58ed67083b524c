//! The real desktop window, driven through WebDriver (tauri-driver +
//! WebKitWebDriver) under Xvfb, against a real `tenderbox-server` process with a
//! fresh SQLite database. An agency publishes a tender with package files through
//! the CLI, two other bidders bid through the CLI; the bidder, in the app: creates
//! an identity (USCC checked as typed), registers and is approved, sees the
//! announcement arrive by sync with its countdown, opens it (verified), downloads
//! and checks the package files, fills the bid (price with its 大写, terms, every
//! response, PDFs attached through the file chooser, a preview), sees the
//! completeness panel go green, seals, submits — the server is killed in the middle
//! of the upload and started again, and the upload finishes with a verified receipt
//! — then in the opening hall signs in, decrypts in the window, watches the price
//! reading fill in as the others decrypt, confirms the signed record, objects and
//! reads the agency's answer; finally switches to English. Screenshots of each
//! screen go to `target/e2e-screenshots/`. It waits for a real deadline (3 minutes
//! after publication) and a one-minute decryption window.
//!
//! Needs the binaries built first (`cargo build -p tenderbox-desktop -p
//! tenderbox-server -p tenderbox-cli`), `tauri-driver` on the PATH, and Xvfb:
//! `scripts/test` provides all three.

mod common;
mod portal;

use common::*;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bidder_finds_a_verified_tender_in_the_real_window() {
    // Kept when the test fails (its logs are the first thing to read), removed when it passes.
    let dir = tempfile::Builder::new().prefix("tenderbox-e2e-").tempdir().unwrap().keep();
    eprintln!("e2e working folder: {}", dir.display());

    // The server and the agency's side, through the CLI.
    let mut cli = Cli { dir: dir.clone(), server: String::new() };
    cli.ok(&["identity", "new", "--name", "admin", "--uscc", &uscc(1), "--keystore", "keys"]);
    cli.ok(&["identity", "new", "--name", "agency", "--uscc", &uscc(2), "--keystore", "keys"]);
    // The platform's update key: the server accepts releases signed with it, the app trusts it.
    cli.ok(&["release", "keygen", "--out", "update"]);
    let port = free_port();
    let server = start_server(&dir, port);
    cli.server = format!("http://127.0.0.1:{port}");
    let rec: Value =
        serde_json::from_str(&cli.ok(&["server", "register", "--identity", "agency", "--role", "agency", "--keystore", "keys"])).unwrap();
    cli.as_("admin", &["server", "approve", rec["id"].as_str().unwrap()]);
    // The supervision office, registered before any bid: every bid's machine fingerprint is
    // sealed to it (it witnesses the expert draws and compares the fingerprints later).
    cli.ok(&["identity", "new", "--name", "sup", "--uscc", &uscc(60), "--keystore", "keys"]);
    let rec: Value =
        serde_json::from_str(&cli.ok(&["server", "register", "--identity", "sup", "--role", "supervisor", "--keystore", "keys"])).unwrap();
    cli.as_("admin", &["server", "approve", rec["id"].as_str().unwrap()]);

    // The agency's own app, open beside the bidder's: it answers the bidder's question
    // and hosts the opening from its window.
    let (display, _xvfb) = display(&dir);
    let (agency, agency_driver) = session(&dir, &display, &dir.join("agency-home"), &cli.server).await;
    agency.set_window_rect(1280, 0, 1280, 800).await.expect("placing the agency's window beside the bidder's");
    if let Err(e) = import_and_trust(&agency, &dir, "agency").await {
        panic!("{e}\n(logs kept in {})", dir.display());
    }

    cli.ok(&["tender", "example", "-o", "tender.json"]);
    let mut t: Value = serde_json::from_slice(&std::fs::read(dir.join("tender.json")).unwrap()).unwrap();
    let stamp = |s: i64| tenderbox_core::time::Timestamp::from_unix(s).to_rfc3339();
    // Time enough for the bidder's whole preparation in the window, then the opening.
    let deadline = now() + 240;
    t["deadline"] = json!(stamp(deadline));
    t["opening_at"] = json!(stamp(deadline));
    t["decryption_window_minutes"] = json!(1);
    std::fs::write(dir.join("tender.json"), serde_json::to_vec_pretty(&t).unwrap()).unwrap();
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    let drawings: Vec<u8> = (0..2_500_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(dir.join("pkg/施工图纸.pdf"), &drawings).unwrap();
    std::fs::write(dir.join("pkg/工程量清单.csv"), "序号,项目名称,单位,工程量\n1,挖一般土方,m3,18500\n").unwrap();
    cli.ok(&["tender", "attach", "--tender", "tender.json", "pkg/施工图纸.pdf", "pkg/工程量清单.csv"]);
    cli.as_("agency", &["tender", "publish", "tender.json", "--files", "pkg"]);
    let tender_id = t["id"].as_str().unwrap().to_string();
    // A second tender, of two lots, for the committee's work at the end; its opening runs
    // beside the rest once its deadline (after the first tender's) has passed.
    let two_lot_deadline = deadline + 20;
    let two_lot = two_lot_tender(&cli, &dir, two_lot_deadline);
    let two_lot_opening = two_lot_opening(&cli, &two_lot, two_lot_deadline);

    // Two other bidders bid through the CLI (an opening needs at least three bids).
    std::fs::write(dir.join("a.pdf"), b"%PDF-1.4 other bidders").unwrap();
    for (i, (b, price)) in [("b2", "11480000.00"), ("b3", "10960000.00")].iter().enumerate() {
        cli.ok(&["identity", "new", "--name", b, "--uscc", &uscc(10 + i as u32), "--keystore", "keys"]);
        let rec: Value =
            serde_json::from_str(&cli.ok(&["server", "register", "--identity", b, "--role", "bidder", "--keystore", "keys"])).unwrap();
        cli.as_("admin", &["server", "approve", rec["id"].as_str().unwrap()]);
        let d = format!("draft-{b}");
        cli.ok(&["tender", "fetch", &tender_id, "-o", &format!("{b}-tender.json"), "--files", &format!("{b}-pkg")]);
        cli.ok(&["bid", "init", "--tender", &format!("{b}-tender.json"), "-o", &d]);
        cli.ok(&["bid", "price", &d, price, "--duration", "260", "--quality", "合格"]);
        for (item, text) in [("Q1", "承诺"), ("T1", "方案"), ("T2", "项目经理")] {
            cli.ok(&["bid", "respond", &d, "--item", item, text]);
        }
        for (item, name) in [("Q2", "q2.pdf"), ("T1", "t1.pdf"), ("T3", "t3.pdf")] {
            cli.ok(&["bid", "attach", &d, "a.pdf", "--item", item, "--name", name]);
        }
        cli.as_(b, &["bid", "seal", &d, "-o", &format!("{b}.tbx")]);
        cli.as_(b, &["bid", "submit", &format!("{b}.tbx")]);
    }

    // The bidder's app, in its own data folder, pointed at this server.
    let home = dir.join("app-home");
    let (c, driver) = session(&dir, &display, &home, &cli.server).await;
    let mut server = Some(server);
    let result = run(&c, &agency, &cli, &tender_id, &drawings, &home, &dir, port, &mut server, deadline).await;
    let _ = c.close().await;
    drop(driver);
    if let Err(e) = result {
        panic!("{e}\n(logs kept in {})", dir.display());
    }

    // The agency drafts a tender in the form, publishes it with a package file, and amends it.
    let result = front(&agency).await;
    let result = if result.is_ok() { agency_form(&agency, &cli, &dir).await } else { result };
    let _ = agency.close().await;
    drop(agency_driver);
    if let Err(e) = result {
        panic!("{e}\n(logs kept in {})", dir.display());
    }

    // The centre admin's desk, in a second app with its own data folder: the admin
    // imports the key file the command line made and reviews a registration.
    let (c, driver) = session(&dir, &display, &dir.join("admin-home"), &cli.server).await;
    let result = admin_desk(&c, &cli, &dir).await;
    let result = match result {
        Ok(()) => expert_draw(&c, &cli, &dir, &display, &tender_id).await,
        e => e,
    };
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("{e}\n(logs kept in {})", dir.display());
    }
    drop(driver);

    // A key custodian's desk, in a third app: it takes its ceremony steps in the
    // window while the two other custodians use the command line.
    let tender = custodian_tender(&cli, &dir);
    let (c, driver) = session(&dir, &display, &dir.join("custodian-home"), &cli.server).await;
    let result = custodian_desk(&c, &cli, &dir, &tender).await;
    let _ = c.close().await;
    if let Err(e) = result {
        panic!("{e}\n(logs kept in {})", dir.display());
    }
    drop(driver);

    // A supervisor keeps the credit library beside a bidder's window; bid security on a
    // tender page, with a guarantee from the command line.
    if let Err(e) = credit_desks(&cli, &dir, &display, &tender_id).await {
        panic!("{e}\n(logs kept in {})", dir.display());
    }

    // A live land listing (a rehearsal) with three bidders, one of them in the window.
    if let Err(e) = auction_live(&cli, &dir, &display).await {
        panic!("{e}\n(logs kept in {})", dir.display());
    }

    // The committee's work on the two-lot tender, through to the award (last: it moves
    // the server's clock three days on).
    two_lot_opening.join().expect("the two-lot tender's opening");
    let mut browser = portal::browser(&dir, &cli.server).await;
    if let Err(e) = committee_work(&cli, &dir, &display, &two_lot, &mut browser).await {
        panic!("{e}\n(logs kept in {})", dir.display());
    }

    // The public portal in a real browser, at each stage of the tenders above.
    if let Err(e) = portal_pages(&mut browser, &tender_id, &two_lot).await {
        panic!("{e}\n(logs kept in {})", dir.display());
    }
    drop((_xvfb, server));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Three approved custodians (c1 will be in the window) and a tender whose
/// committee key they are to make; returns its id.
fn custodian_tender(cli: &Cli, dir: &Path) -> String {
    let mut entries = Vec::new();
    for (i, c) in ["c1", "c2", "c3"].iter().enumerate() {
        cli.ok(&["identity", "new", "--name", c, "--uscc", &uscc(30 + i as u32), "--keystore", "keys"]);
        let rec: Value =
            serde_json::from_str(&cli.ok(&["server", "register", "--identity", c, "--role", "custodian", "--keystore", "keys"])).unwrap();
        cli.as_("admin", &["server", "approve", rec["id"].as_str().unwrap()]);
        let doc: Value = serde_json::from_str(&cli.ok(&["identity", "show", c, "--keystore", "keys"])).unwrap();
        entries.push(json!({ "name": c, "id": rec["id"], "encryption_key": doc["encryption_key"] }));
    }
    cli.ok(&["tender", "example", "-o", "committee-tender.json"]);
    let mut t: Value = serde_json::from_slice(&std::fs::read(dir.join("committee-tender.json")).unwrap()).unwrap();
    let stamp = |s: i64| tenderbox_core::time::Timestamp::from_unix(s).to_rfc3339();
    t["id"] = json!("HZ-GC-2026-0418");
    t["title"] = json!("湖州市南浔区练市镇污水管网改造工程施工");
    t["deadline"] = json!(stamp(now() + 3600));
    t["opening_at"] = json!(stamp(now() + 3600));
    t["threshold"] = json!(2);
    t["envelope"]["committee_opens_on_bidder_failure"] = json!(true);
    t["custodians"] = json!(entries);
    std::fs::write(dir.join("committee-tender.json"), serde_json::to_vec_pretty(&t).unwrap()).unwrap();
    cli.as_("agency", &["tender", "publish", "committee-tender.json"]);
    "HZ-GC-2026-0418".into()
}

/// Custodian c1 imports its key and runs its part of the ceremony from the window.
async fn custodian_desk(c: &Client, cli: &Cli, dir: &Path, tender: &str) -> Result<(), String> {
    import_and_trust(c, dir, "c1").await?;
    click(c, "[data-nav=custody]").await?;
    let card = format!("[data-custody='{tender}']");
    // The tender arrives with the next sync; the desk lists it once it is here.
    let start = Instant::now();
    while c.find(Locator::Css(&card)).await.is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "the custodian's tender never showed");
        click(c, "[data-nav=announcements]").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
        click(c, "[data-nav=custody]").await?;
    }
    wait_attr(c, &card, "data-phase", "commit").await;
    screenshot(c, "19-custody-commit").await;
    // Commit (window), then the others commit and reveal; reveal (window), the
    // others check and sign; check and sign (window); the last one signs.
    let button = format!("[data-step='{tender}']");
    for round in 0..3 {
        if round > 0 {
            click(c, "[data-nav=announcements]").await?;
            click(c, "[data-nav=custody]").await?;
        }
        click(c, &button).await?;
        // Taken: nothing is due for this seat until the others have moved.
        let start = Instant::now();
        while c.find(Locator::Css(&button)).await.is_ok() {
            assert!(start.elapsed() < Duration::from_secs(60), "the step in round {round} never completed");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        cli.as_("c2", &["committee", "join", tender]);
        cli.as_("c3", &["committee", "join", tender]);
    }
    click(c, "[data-nav=announcements]").await?;
    click(c, "[data-nav=custody]").await?;
    wait_attr(c, &card, "data-phase", "done").await;
    screenshot(c, "20-custody-done").await;
    let check: Value = serde_json::from_str(&cli.as_("c2", &["committee", "check", tender])).unwrap();
    assert_eq!(check["phase"], "done", "{check}");
    assert_eq!(check["qualified"], json!([1, 2, 3]));
    Ok(())
}

/// Brings a session's window to the front: with two app windows open, WebKit lets
/// WebDriver touch only the active one.
async fn front(c: &Client) -> Result<(), String> {
    let h = c.window().await.map_err(|e| format!("window handle: {e:?}"))?;
    c.switch_to_window(h).await.map_err(|e| format!("activating the window: {e:?}"))
}

/// Sets a form input's value as a user's typing would (for `datetime-local` fields,
/// which WebDriver cannot type into portably) and lets the form see the change.
async fn set_value(c: &Client, css: &str, value: &str) -> Result<(), String> {
    wait_for(c, css).await;
    c.execute(
        "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('input', { bubbles: true }));",
        vec![json!(css), json!(value)],
    )
    .await
    .map(|_| ())
    .map_err(|e| format!("setting {css}: {e:?}"))
}

/// `YYYY-MM-DDTHH:MM` in Beijing time, as the form's date-time fields hold it.
fn beijing_field(unix: i64) -> String {
    tenderbox_core::time::Timestamp::from_unix(unix).to_beijing().replace(' ', "T")[..16].to_string()
}

/// The agency drafts a statutory tender in the form (every problem listed until it is
/// complete), attaches a package file, previews the price scores, signs and publishes it;
/// then amends it with an earlier deadline and a new ceiling price, is told the deadline
/// must move, moves it, and publishes the amendment with its changes listed.
async fn agency_form(c: &Client, cli: &Cli, dir: &Path) -> Result<(), String> {
    let id = "HZ-GC-2027-0031";
    click(c, "[data-nav=agency]").await?;
    type_into(c, "#new-tender-id", id).await;
    click(c, "#new-tender").await?;
    wait_for(c, "#tender-form #form-problems").await;
    screenshot(c, "24-tender-form-new").await;
    type_into(c, "#f-title", "湖州市南浔区练市镇污水管网改造工程").await;
    type_into(c, "#f-tenderer", "湖州市南浔区练市镇人民政府").await;
    type_into(c, "#f-tenderer-uscc", &uscc(40)).await;
    let file = wait_for(c, "#f-files").await;
    file.send_keys(&dir.join("pkg/工程量清单.csv").display().to_string()).await.map_err(|e| format!("choosing the file: {e:?}"))?;
    wait_for(c, "[data-file='工程量清单.csv']").await;
    click(c, "#run-preview").await?;
    wait_for(c, "#preview-bars .bar-row").await;
    // Complete: no problems left, publishing enabled.
    form_complete(c).await?;
    screenshot(c, "25-tender-form-ready").await;
    publish_form(c, cli, id, 1).await?;

    // The amendment: a lower ceiling and a deadline ten days out — a change of substance
    // with less than fifteen days' notice, so the form says where the deadline must move.
    click(c, "[data-nav=agency]").await?;
    click(c, &format!("[data-amend='{id}']")).await?;
    wait_for(c, "#changes").await;
    type_into(c, "input[data-ceiling=L1]", "12500000.00").await;
    let early = beijing_field(now() + 10 * 86_400);
    set_value(c, "#f-deadline", &early).await?;
    set_value(c, "#f-opening", &early).await?;
    wait_for(c, "[data-change='lots[L1].ceiling_price']").await;
    wait_for(c, "#move-deadline").await;
    wait_for(c, "[data-problem='tender.amendment_notice']").await;
    screenshot(c, "26-amendment-must-move").await;
    click(c, "#move-deadline").await?;
    form_complete(c).await?;
    screenshot(c, "27-amendment-diff").await;
    publish_form(c, cli, id, 2).await
}

/// Waits until the tender form lists no problem (it saves and re-checks as it is edited).
async fn form_complete(c: &Client) -> Result<(), String> {
    let start = Instant::now();
    while c.find(Locator::Css("#form-problems")).await.is_ok() {
        if start.elapsed() > Duration::from_secs(30) {
            let left = wait_for(c, "#form-problems").await.text().await.unwrap_or_default();
            return Err(format!("the form still lists problems: {left}"));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    Ok(())
}

/// Signs and publishes the form; the platform then lists tender `id` at `version`.
async fn publish_form(c: &Client, cli: &Cli, id: &str, version: u32) -> Result<(), String> {
    click(c, "#publish").await?;
    click(c, "#confirm-publish").await?;
    wait_for(c, "#clarifications").await;
    let listed: Value = serde_json::from_str(&cli.ok(&["--json", "tender", "list"])).map_err(|e| e.to_string())?;
    let row = listed.as_array().unwrap().iter().find(|t| t["id"] == id).ok_or("the published tender is not on the platform")?.clone();
    if row["version"] != json!(version) {
        return Err(format!("the platform has {row}, not version {version}"));
    }
    Ok(())
}

/// The admin imports its identity, confirms the log key, and approves a company's registration.
async fn admin_desk(c: &Client, cli: &Cli, dir: &Path) -> Result<(), String> {
    // A company applies (through the command line) and waits for review.
    cli.ok(&["identity", "new", "--name", "b9", "--uscc", &uscc(19), "--keystore", "keys"]);
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/营业执照样本.pdf"), dir.join("b9-licence.pdf")).unwrap();
    let applied: Value = serde_json::from_str(&cli.ok(&[
        "server",
        "register",
        "--identity",
        "b9",
        "--role",
        "bidder",
        "--keystore",
        "keys",
        "--document",
        "licence=b9-licence.pdf",
    ]))
    .unwrap();
    let applied = applied["id"].as_str().unwrap().to_string();

    import_and_trust(c, dir, "admin").await?;

    // The approved role brings the review desk; the bidder's desk is not offered.
    click(c, "[data-nav=registrations]").await?;
    assert!(c.find(Locator::Css("[data-nav=submissions]")).await.is_err(), "a centre admin has no bidder's desk");
    let row = format!("tr[data-registration-id='{applied}']");
    wait_for(c, &row).await;
    wait_for(c, &format!("{row} [data-document=licence]")).await;
    screenshot(c, "17-registrations-pending").await;
    // The licence, read in the viewer before deciding.
    click(c, &format!("{row} [data-document=licence]")).await?;
    wait_for(c, "#pdf-canvas").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    screenshot(c, "17a-registration-licence").await;
    c.execute("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'})); window.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))", vec![])
        .await
        .map_err(|e| format!("closing the viewer: {e:?}"))?;
    click(c, &format!("[data-approve='{applied}']")).await?;
    wait_for(c, "#no-registrations").await;
    screenshot(c, "18-registration-approved").await;
    // The centre's tenders by state, below the review.
    wait_for(c, "#centre-overview tr[data-centre='HZ']").await;
    c.execute("document.getElementById('centre-overview').scrollIntoView()", vec![]).await.map_err(|e| format!("scrolling: {e:?}"))?;
    screenshot(c, "18b-centre-overview").await;
    // The trading rules catalogue: a rule published from the form.
    click(c, "[data-nav=rules]").await?;
    type_into(c, "input[name=rule-title]", "湖州市公共资源交易管理办法").await;
    type_into(c, "input[name=rule-issuer]", "湖州市人民政府").await;
    type_into(c, "input[name=rule-number]", "湖政发〔2017〕12号").await;
    set_value(c, "input[name=rule-from]", "2017-06-01").await?;
    type_into(c, "textarea[name=rule-summary]", "统一全市公共资源交易平台、专家库与信用管理。").await;
    click(c, "#rule-publish").await?;
    wait_for(c, "tr[data-rule][data-state=in_force]").await;
    screenshot(c, "18c-trading-rules").await;
    province_push(c, dir).await?;
    let pending: Value = serde_json::from_str(&cli.as_("admin", &["--json", "server", "pending"])).unwrap();
    assert_eq!(pending, json!([]), "the approval reached the platform");
    expert_library(c, dir).await?;
    app_update(c, cli, dir).await
}

/// The push to the provincial platform: down since the server started, so the tenders'
/// data sets wait with the error; the receiver comes up and the admin sends them at once.
async fn province_push(c: &Client, dir: &Path) -> Result<(), String> {
    click(c, "[data-nav=exchange]").await?;
    wait_attr(c, "[data-exchange-state]", "data-exchange-state", "failing").await;
    wait_for(c, "#exchange-rows tr[data-state=failing]").await;
    let error = wait_for(c, "[data-exchange-error]").await.text().await.map_err(|e| format!("the error: {e:?}"))?;
    assert!(error.contains("cannot be reached"), "the error says why: {error}");
    screenshot(c, "18d-province-push-failing").await;
    let got = province_receiver(province_port(dir));
    // The back-off may have run out meanwhile; otherwise the admin does not wait for it.
    click(c, "[data-exchange-refresh]").await?;
    if c.find(Locator::Css("[data-exchange-retry]")).await.is_ok() {
        click(c, "[data-exchange-retry]").await?;
    }
    wait_attr(c, "[data-exchange-state]", "data-exchange-state", "current").await;
    let sent = wait_for(c, "[data-exchange-sent]").await.text().await.map_err(|e| format!("the sent count: {e:?}"))?;
    let sent: usize = sent.trim().parse().map_err(|e| format!("the sent count {sent}: {e}"))?;
    let got = got.lock().unwrap().clone();
    assert!(sent > 0 && got.len() == sent, "the receiver got {} rows, the screen says {sent}", got.len());
    assert!(got.windows(2).all(|w| w[0] < w[1]), "each row once, in order: {got:?}");
    wait_for(c, "#exchange-datasets tr[data-dataset=TENDER_ANNOUNCEMENT]").await;
    screenshot(c, "18e-province-push-delivered").await;
    Ok(())
}

/// The expert library: an import with bad rows is refused with every row named by its
/// line and nothing taken; the corrected file imports; an expert is suspended with a reason.
async fn expert_library(c: &Client, dir: &Path) -> Result<(), String> {
    let header = "code,name,employer_uscc,employer_name,centre,county,specialties,title,years,phone\n";
    let mut good = "HZ-ZJ-0001,沈建国,91330502147052381B,湖州市交通规划设计院,HZ,吴兴区,A08;A0801,副高级,15,0572-2345678\n\
                HZ-ZJ-0002,钱玉芬,91330522704707536Q,长兴县审计事务所,HZ,长兴县,C05,正高级,22,\n\
                HZ-ZJ-0003,陆志明,91330521MA2B0H7Q3U,德清县水利设计院,HZ-DQ,德清县,A0805,副高级,11,\n"
        .to_string();
    for (code, name, employer, centre, county) in LIBRARY_MORE {
        good.push_str(&format!("{code},{name},{},{name}工作单位,{centre},{county},A08,副高级,12,\n", expert_uscc(employer)));
    }
    let bad_line = good.lines().count() + 2;
    let bad = format!("{header}{good}HZ-ZJ-0099,王明,91330502147052381X,某单位,HZ,吴兴区,A08,中级,6,\n");
    std::fs::write(dir.join("experts-bad.csv"), bad).unwrap();
    std::fs::write(dir.join("experts.csv"), format!("{header}{good}")).unwrap();
    click(c, "[data-nav=experts]").await?;
    wait_for(c, "#no-experts").await;
    wait_for(c, "input[name=experts-csv]")
        .await
        .send_keys(&dir.join("experts-bad.csv").display().to_string())
        .await
        .map_err(|e| format!("choosing the CSV: {e:?}"))?;
    wait_for(c, "#import-errors").await;
    wait_for(c, &format!("tr[data-bad-line='{bad_line}']")).await;
    screenshot(c, "18g-experts-import-refused").await;
    assert!(c.find(Locator::Css("tr[data-expert]")).await.is_err(), "nothing of a refused import is in the library");
    wait_for(c, "input[name=experts-csv]")
        .await
        .send_keys(&dir.join("experts.csv").display().to_string())
        .await
        .map_err(|e| format!("choosing the CSV: {e:?}"))?;
    wait_for(c, "tr[data-expert='HZ-ZJ-0003']").await;
    click(c, "[data-suspend='HZ-ZJ-0002']").await?;
    set_value(c, "input[name=suspend-until]", "2027-03-31").await?;
    type_into(c, "input[name=status-reason]", "无故缺席评标两次").await;
    click(c, "tr[data-expert='HZ-ZJ-0002'] button.danger").await?;
    wait_for(c, "tr[data-expert='HZ-ZJ-0002'][data-status=suspended]").await;
    screenshot(c, "18h-expert-library").await;
    Ok(())
}

/// The experts the window imports beside the first three: (code, name, employer number
/// for `expert_uscc`, centre, county). Seven at the city centre, one more at Deqing.
const LIBRARY_MORE: [(&str, &str, u32, &str, &str); 7] = [
    ("HZ-ZJ-0004", "姚建华", 41, "HZ", "南浔区"),
    ("HZ-ZJ-0005", "费国强", 42, "HZ", "吴兴区"),
    ("HZ-ZJ-0006", "闵晓燕", 43, "HZ", "南太湖新区"),
    ("HZ-ZJ-0007", "凌志远", 44, "HZ", "吴兴区"),
    ("HZ-ZJ-0008", "茅卫东", 45, "HZ", "安吉县"),
    ("HZ-ZJ-0009", "潘丽萍", 46, "HZ", "长兴县"),
    ("HZ-ZJ-0010", "莫德明", 47, "HZ-DQ", "德清县"),
];

fn expert_uscc(n: u32) -> String {
    uscc(40 + n)
}

/// The committee draw: each expert of the library has an evaluator identity linked to
/// it (through the command line); the admin requests a 5-member committee in the window
/// for a main venue (HZ) and a sub-venue (Deqing) — remote off-site evaluation — and the
/// commitment shows; the supervisor gives the entropy and the draw appears; one drawn
/// expert declines in their own window and a supplementary round replaces them; once the
/// evaluation has started the admin reveals the draw and the window verifies it; the
/// command line verifies it too, and refuses a copy with an altered secret, entropy or seat.
async fn expert_draw(c: &Client, cli: &Cli, dir: &Path, display: &str, tender: &str) -> Result<(), String> {
    // Identities for the experts, linked to the library by the admin.
    let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    let mut everyone: Vec<(String, String, String)> = vec![
        ("HZ-ZJ-0001".into(), "沈建国".into(), "91330502147052381B".into()),
        ("HZ-ZJ-0003".into(), "陆志明".into(), "91330521MA2B0H7Q3U".into()),
    ];
    everyone.extend(LIBRARY_MORE.iter().map(|(code, name, n, _, _)| (code.to_string(), name.to_string(), expert_uscc(*n))));
    for (code, name, employer) in &everyone {
        cli.ok(&["identity", "new", "--name", name, "--uscc", employer, "--keystore", "keys"]);
        let rec: Value =
            serde_json::from_str(&cli.ok(&["server", "register", "--identity", name, "--role", "evaluator", "--keystore", "keys"]))
                .unwrap();
        let id = rec["id"].as_str().unwrap();
        cli.as_("admin", &["server", "approve", id]);
        cli.as_("admin", &["expert", "link", code, "--to", id]);
        names.insert(code.clone(), name.clone());
    }
    // The request, in the window: 4 experts at the city centre, 1 at the Deqing sub-venue.
    click(c, "[data-nav=draws]").await?;
    wait_for(c, "#no-draws").await;
    click(c, "#draw-new").await?;
    type_into(c, "input[name=draw-tender]", tender).await;
    type_into(c, "input[name=venue-room-0]", "第三评标室").await;
    click(c, "#add-venue").await?;
    wait_for(c, "select[name=venue-centre-1]").await.select_by_value("HZ-DQ").await.map_err(|e| format!("choosing Deqing: {e:?}"))?;
    type_into(c, "input[name=venue-room-1]", "德清分中心远程评标室").await;
    type_into(c, "input[name=group-specialty-0]", "A08").await;
    set_value(c, "input[name=group-count-0]", "4").await?;
    click(c, "#add-group").await?;
    wait_for(c, "select[name=group-venue-1]").await.select_by_value("HZ-DQ").await.map_err(|e| format!("choosing the sub-venue: {e:?}"))?;
    type_into(c, "input[name=group-specialty-1]", "A08").await;
    set_value(c, "input[name=draw-reserves]", "0").await?;
    // The evaluation starts at the second whole minute from now (the field holds minutes).
    let start = (now() / 60 + 3) * 60;
    set_value(c, "input[name=draw-start]", &beijing_field(start)).await?;
    screenshot(c, "19a-draw-request").await;
    click(c, "#draw-submit").await?;
    wait_for(c, "#draw-detail[data-status=committed]").await;
    let id = attr(c, "#draw-detail", "data-draw").await.ok_or("the draw has no id")?;
    wait_for(c, "#seats-none").await;
    screenshot(c, "19b-draw-committed").await;

    // The supervisor present gives the entropy (command line); the admin's window shows the draw.
    cli.as_("sup", &["draw", "run", &id, "--entropy", "2026年12月 湖州 监督员现场输入 7391"]);
    wait_for(c, "#draw-detail[data-status=drawn]").await;
    wait_for(c, "#draw-rounds tr[data-round='0']").await;
    wait_for(c, "#draw-seats tr[data-state=invited]").await;
    screenshot(c, "19c-draw-drawn").await;
    let shown: Value = serde_json::from_str(&cli.as_("admin", &["--json", "draw", "show", &id])).unwrap();
    let seats = shown["seats"].as_array().unwrap();
    assert_eq!(seats.len(), 5, "a 5-member committee: {shown}");
    assert_eq!(seats.iter().filter(|s| s["venue"] == "HZ-DQ").count(), 1, "one member at the sub-venue");
    // The public sees the commitment and the rounds, no names.
    let public: Value = serde_json::from_str(&cli.ok(&["--json", "draw", "show", &id])).unwrap();
    assert_eq!(public["seats"], json!([]), "the committee is confidential before the reveal");
    let seat = &seats[0];
    let (code, seat_id) = (seat["expert"].as_str().unwrap().to_string(), seat["id"].as_str().unwrap().to_string());
    let name = names[&code].clone();

    // The drawn expert, in their own app: the invitation with its countdown; declines.
    let (e, driver) = session(dir, display, &dir.join("expert-home"), &cli.server).await;
    let result = async {
        e.set_window_rect(1280, 0, 1280, 800).await.map_err(|x| format!("placing the expert's window: {x:?}"))?;
        import_and_trust(&e, dir, &tenderbox_client::keystore::file_stem(&name)).await?;
        click(&e, "[data-nav=invitations]").await?;
        wait_for(&e, &format!(".invitation[data-seat='{seat_id}'] .countdown")).await;
        wait_text(&e, "#my-expert", |t| t.contains(&code)).await;
        screenshot(&e, "19d-expert-invitation").await;
        click(&e, &format!("[data-decline='{seat_id}']")).await?;
        type_into(&e, "input[name=decline-reason]", "当日已有省级评标任务，无法到场").await;
        click(&e, ".invitation button.danger").await?;
        wait_for(&e, &format!("#invitation-history tr[data-seat='{seat_id}'][data-state=declined]")).await;
        screenshot(&e, "19e-expert-declined").await;
        Ok::<(), String>(())
    }
    .await;
    let _ = e.close().await;
    drop(driver);
    result?;

    // The admin sees the supplementary draw replace them.
    front(c).await?;
    wait_for(c, "#draw-rounds tr[data-round='1'][data-reason=declined]").await;
    wait_for(c, &format!("#draw-seats tr[data-expert='{code}'][data-state=declined]")).await;
    screenshot(c, "19f-draw-supplementary").await;

    // Once the evaluation has started: the reveal, and the check on this computer.
    while now() < start + 2 {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    click(c, "#draw-reveal").await?;
    wait_for(c, "#draw-detail[data-status=revealed]").await;
    click(c, "#draw-verify").await?;
    wait_for(c, "#verify-steps[data-ok=true]").await;
    c.execute("document.getElementById('verify-steps').scrollIntoView()", vec![]).await.map_err(|e| format!("scrolling: {e:?}"))?;
    screenshot(c, "19g-draw-verified").await;

    // Anyone verifies it from the command line, and an altered copy fails at the step altered.
    let out = cli.ok(&["draw", "verify", &id]);
    assert!(out.contains("verifies"), "{out}");
    let record: Value = serde_json::from_str(&cli.ok(&["--json", "draw", "show", &id])).unwrap();
    for (what, step, alter) in [
        ("secret", "commitment", Box::new(|r: &mut Value| r["reveal"]["secret"] = json!("11".repeat(32))) as Box<dyn Fn(&mut Value)>),
        ("entropy", "entropy", Box::new(|r: &mut Value| r["entropy_hex"] = json!(hex_of(b"another supervisor")))),
        ("seat", "round 0: selection", Box::new(|r: &mut Value| r["seats"][0]["expert"] = json!("HZ-ZJ-0005-X"))),
    ] {
        let mut altered = record.clone();
        alter(&mut altered);
        let file = format!("draw-altered-{what}.json");
        std::fs::write(dir.join(&file), serde_json::to_vec(&altered).unwrap()).unwrap();
        let out = cli.fails(&["draw", "verify", &id, "--record", &file]);
        assert!(out.contains("does not verify") && out.contains(&format!("✗ {step}")), "altering the {what} should fail at {step}: {out}");
    }
    evaluation_session(cli, dir, display, tender, &id, &names).await
}

/// The evaluation session of the same tender (its opening record is made): the drawn
/// experts who have not answered accept (command line); one member, in their own window,
/// enters the session from the invitation, signs in, declares no conflict, downloads and
/// checks the three bids on their computer and reads a PDF of one; the others sign in and
/// declare from the command line, and all vote the window's member chair.
async fn evaluation_session(
    cli: &Cli,
    dir: &Path,
    display: &str,
    tender: &str,
    draw: &str,
    names: &std::collections::HashMap<String, String>,
) -> Result<(), String> {
    let shown: Value = serde_json::from_str(&cli.as_("admin", &["--json", "draw", "show", draw])).unwrap();
    for seat in shown["seats"].as_array().unwrap().iter().filter(|s| s["state"] == "invited") {
        let name = &names[seat["expert"].as_str().unwrap()];
        cli.as_(name, &["expert", "accept", seat["id"].as_str().unwrap()]);
    }
    let shown: Value = serde_json::from_str(&cli.as_("admin", &["--json", "draw", "show", draw])).unwrap();
    let members: Vec<String> = shown["seats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["state"] == "accepted")
        .map(|s| names[s["expert"].as_str().unwrap()].clone())
        .collect();
    assert_eq!(members.len(), 5, "five members accepted: {shown}");
    let (first, others) = members.split_first().unwrap();

    let (e, driver) = session(dir, display, &dir.join("member-home"), &cli.server).await;
    let result = async {
        import_and_trust(&e, dir, &tenderbox_client::keystore::file_stem(first)).await?;
        click(&e, "[data-nav=invitations]").await?;
        click(&e, &format!("[data-session='{tender}']")).await?;
        click(&e, "#eval-sign-in").await?;
        wait_for(&e, "#eval-declare").await;
        screenshot(&e, "20a-evaluation-declare").await;
        click(&e, "#declare-none").await?;
        wait_for(&e, "#eval-members tr.mine[data-declaration=none]").await;
        click(&e, "#eval-open-bids").await?;
        e.wait()
            .at_most(Duration::from_secs(120))
            .for_element(Locator::Css("#eval-bid-list tr[data-verified=yes]:nth-child(3)"))
            .await
            .map_err(|x| format!("waiting for the three bids to be checked: {x}"))?;
        screenshot(&e, "20b-evaluation-bids-verified").await;
        click(&e, "[data-view='施工组织设计.pdf']").await?;
        wait_for(&e, "#pdf-canvas").await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        screenshot(&e, "20c-evaluation-bid-pdf").await;
        e.execute("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'})); window.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))", vec![])
            .await
            .map_err(|x| format!("closing the viewer: {x:?}"))?;
        // The others sign in and declare from the command line; everyone votes the window's member.
        let st: Value = serde_json::from_str(&cli.as_(first, &["--json", "evaluation", "show", tender])).unwrap();
        let chair = st["me"].as_str().unwrap().to_string();
        for m in others {
            cli.as_(m, &["evaluation", "sign-in", tender]);
            cli.as_(m, &["evaluation", "declare", tender, "--none"]);
        }
        for m in &others[..2] {
            cli.as_(m, &["evaluation", "vote", tender, &chair]);
        }
        wait_for(&e, "select[name=chair-candidate]").await.select_by_value(&chair).await.map_err(|x| format!("choosing the chair: {x:?}"))?;
        click(&e, "#eval-vote button[type=submit]").await?;
        wait_text(&e, "#eval-members tr.mine", |t| t.contains("主任委员")).await;
        screenshot(&e, "20d-evaluation-chair").await;
        Ok::<(), String>(())
    }
    .await;
    let _ = e.close().await;
    drop(driver);
    result?;
    Ok(())
}

fn hex_of(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// In-app updates: nothing newer at first; the release manager signs and publishes a
/// newer build; the app offers it, refuses it while the server's copy is altered (a
/// compromised server or mirror), and verifies it once it is genuine. This build runs
/// from a build folder, so the verified installer is kept for a manual install.
async fn app_update(c: &Client, cli: &Cli, dir: &Path) -> Result<(), String> {
    click(c, "[data-nav=settings]").await?;
    wait_for(c, "#updates [data-update-key]").await;
    assert_eq!(cli.ok(&["--json", "release", "list"]).trim(), "[]", "nothing published yet");
    click(c, "#update-check").await?;
    wait_for(c, "#update-none").await;
    // A newer build, signed and published through the command line.
    let installer: Vec<u8> = (0..300_000u32).map(|i| (i * 7 % 253) as u8).collect();
    std::fs::write(dir.join("Tenderbox_9.1.0_amd64.deb"), &installer).unwrap();
    cli.ok(&["release", "sign", "--key", "update/update-key.json", "--version", "9.1.0", "Tenderbox_9.1.0_amd64.deb"]);
    cli.as_(
        "admin",
        &["release", "publish", "--version", "9.1.0", "--notes", "开标大厅显示解密进度；修复断网后回执同步。", "Tenderbox_9.1.0_amd64.deb"],
    );
    click(c, "#update-check").await?;
    wait_text(c, "#update-offer h3", |t| t.contains("9.1.0")).await;
    c.execute("document.getElementById('updates').scrollIntoView()", vec![]).await.map_err(|e| format!("scrolling: {e:?}"))?;
    screenshot(c, "18d-update-available").await;
    // The server's copy altered after publication: the app refuses it and keeps nothing.
    let sha: String = tenderbox_core::sha256(&installer).iter().map(|b| format!("{b:02x}")).collect();
    let stored = dir.join("server-data/release-files").join(&sha);
    let mut altered = installer.clone();
    altered[1000] ^= 0x20;
    std::fs::write(&stored, &altered).unwrap();
    click(c, "#update-download").await?;
    wait_text(c, "#update-error", |t| t.contains("签名无效")).await;
    screenshot(c, "18e-update-refused").await;
    assert!(!dir.join("admin-home/updates").exists(), "nothing of a refused update is kept");
    // Genuine again: downloaded, verified twice, kept for a manual install.
    std::fs::write(&stored, &installer).unwrap();
    click(c, "#update-download").await?;
    wait_for(c, "#update-saved").await;
    wait_text(c, "#update-verified", |t| t.contains("9.1.0")).await;
    screenshot(c, "18f-update-verified").await;
    let kept = std::fs::read(dir.join("admin-home/updates/Tenderbox_9.1.0_amd64.deb"))
        .map_err(|e| format!("the verified update was not kept: {e}"))?;
    assert!(kept == installer, "the kept installer is the genuine one");
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn run(
    c: &Client,
    agency: &Client,
    cli: &Cli,
    tender_id: &str,
    drawings: &[u8],
    home: &Path,
    dir: &Path,
    port: u16,
    server: &mut Option<Proc>,
    deadline: i64,
) -> Result<(), String> {
    // First run: the USCC is checked as typed.
    wait_for(c, "#first-run").await;
    type_into(c, "input[name=name]", "湖州建工集团有限公司").await;
    let bidder_uscc = uscc(7);
    let mut wrong = bidder_uscc.clone();
    let last = wrong.pop().unwrap();
    wrong.push(if last == '0' { '1' } else { '0' });
    type_into(c, "input[name=uscc]", &wrong).await;
    wait_attr(c, "#uscc-check", "data-uscc-check", "uscc.check_mismatch").await;
    assert_eq!(attr(c, "#create-identity", "disabled").await.as_deref(), Some("true"), "a wrong code blocks creation");
    screenshot(c, "01-first-run-invalid-uscc").await;
    type_into(c, "input[name=uscc]", &bidder_uscc).await;
    wait_attr(c, "#uscc-check", "data-uscc-check", "ok").await;
    if c.find(Locator::Css("input[name=passphrase]")).await.is_ok() {
        // No OS keychain here: the passphrase-encrypted key file.
        type_into(c, "input[name=passphrase]", "a long test passphrase").await;
        type_into(c, "input[name=passphrase2]", "a long test passphrase").await;
    }
    click(c, "#create-identity").await?;

    // First contact: the app shows the fingerprint of the server's log key and
    // trusts it only once the user types the one the centre publishes.
    wait_for(c, "nav.sidebar").await;
    wait_for(c, "#trust-server").await;
    let published = std::fs::read_to_string(dir.join("server-data/log-key.txt")).unwrap();
    let fingerprint = tenderbox_wire::log_key_fingerprint(published.trim());
    let shown = wait_text(c, "#offered-fingerprint", |t| !t.is_empty()).await;
    assert_eq!(shown, fingerprint, "the app shows the fingerprint of the key the server published");
    type_into(c, "input[name=fingerprint]", "0000 1111 2222 3333 4444 5555 6666 7777").await;
    click(c, "#trust-confirm").await?;
    wait_for(c, "#trust-error").await;
    let start = Instant::now();
    while attr(c, "#trust-confirm", "disabled").await.is_some() {
        assert!(start.elapsed() < Duration::from_secs(30), "the confirm button stays disabled after a refusal");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(c.find(Locator::Css("#trust-error")).await.is_ok(), "the refusal stays on screen");
    screenshot(c, "01b-first-contact-wrong-fingerprint").await;
    type_into(c, "input[name=fingerprint]", &fingerprint).await;
    click(c, "#trust-confirm").await?;
    wait_attr(c, "[data-net]", "data-net", "online").await;

    // Registration, approved by the centre.
    click(c, "[data-nav=identity]").await?;
    wait_for(c, "[data-registration=unregistered]").await;
    // The business licence goes with the registration; the button waits for it.
    assert_eq!(attr(c, "#register", "disabled").await.as_deref(), Some("true"), "no registration without the licence");
    let licence = Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/营业执照样本.pdf");
    wait_for(c, "input[name=doc-licence]")
        .await
        .send_keys(&licence.display().to_string())
        .await
        .map_err(|e| format!("choosing the licence: {e:?}"))?;
    wait_for(c, "tr[data-staged-doc=licence]").await;
    screenshot(c, "02a-registration-documents").await;
    click(c, "#register").await?;
    wait_for(c, "[data-registration=pending]").await;
    screenshot(c, "02-registration-pending").await;
    let identity: Value = serde_json::from_slice(&std::fs::read(identity_file(home)).unwrap()).unwrap();
    let id = tenderbox_core::sha256(identity["signing_key"].as_str().unwrap().as_bytes());
    let id: String = id[..16].iter().map(|b| format!("{b:02x}")).collect();
    cli.as_("admin", &["server", "approve", &id]);
    click(c, "#refresh-registration").await?;
    let start = Instant::now();
    while c.find(Locator::Css("[data-registration=approved]")).await.is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "the approval never showed");
        if let Ok(b) = c.find(Locator::Css("#refresh-registration")).await {
            let _ = b.click().await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    wait_attr(c, "[data-net]", "data-net", "online").await;

    // The announcement arrived by sync, with its countdown in server time.
    click(c, "[data-nav=announcements]").await?;
    let row = format!("tr[data-tender='{tender_id}']");
    wait_for(c, &row).await;
    let left = wait_text(c, &format!("{row} .countdown"), |t| t.contains(':')).await;
    assert!(left.starts_with("00:0"), "minutes left, shown {left}");
    type_into(c, "#tender-search", "滨湖路").await;
    wait_for(c, &row).await;
    screenshot(c, "03-announcements").await;

    // The detail: verified against the log; the package files downloaded and checked.
    click(c, &format!("{row} td:nth-child(2)")).await?;
    wait_for(c, "[data-verified=true]").await;
    let title = wait_for(c, "#tender-title").await.text().await.map_err(|e| format!("reading the title: {e:?}"))?;
    assert_eq!(title, "湖州市吴兴区滨湖路道路改造工程施工");
    screenshot(c, "04-tender-detail").await;

    // A clarification: the bidder asks in the window; the agency answers in its own
    // window without learning who asked; the answer arrives with the next sync.
    type_into(c, "input[name=question]", "工程量清单第 1 项“挖一般土方”的运距按多少公里计？").await;
    click(c, "#ask").await?;
    wait_for(c, "[data-clarification][data-answered=no]").await;
    let asked: Value =
        serde_json::from_str(&cli.as_("agency", &["--json", "tender", "clarifications", tender_id])).map_err(|e| e.to_string())?;
    assert_eq!(asked[0]["mine"], json!(false), "the agency is not told who asked");
    let qid = asked[0]["id"].as_str().unwrap().to_string();
    front(agency).await?;
    click(agency, "#sync-now").await?;
    click(agency, "[data-nav=announcements]").await?;
    click(agency, &format!("tr[data-tender='{tender_id}'] td:nth-child(2)")).await?;
    type_into(agency, "#clarifications input[name=answer]", "运距按 5 公里计。").await;
    screenshot(agency, "21-agency-answers-clarification").await;
    click(agency, &format!("[data-answer-to='{qid}']")).await?;
    wait_for(agency, "[data-clarification][data-answered=yes]").await;
    front(c).await?;
    click(c, "#sync-now").await?;
    wait_text(c, "[data-clarification][data-answered=yes] [data-answer]", |t| t == "运距按 5 公里计。").await;
    c.execute("document.getElementById('clarifications').scrollIntoView()", vec![]).await.map_err(|e| format!("scrolling: {e:?}"))?;
    screenshot(c, "04b-clarification-answered").await;
    click(c, "#download-files").await?;
    wait_for(c, "tr[data-file='施工图纸.pdf'] .tag.ok").await;
    wait_for(c, "tr[data-file='工程量清单.csv'] .tag.ok").await;
    let saved = std::fs::read(home.join("tenders").join(tender_id).join("施工图纸.pdf")).unwrap();
    assert_eq!(saved, drawings, "the downloaded file is the published one");
    c.execute("document.getElementById('files').scrollIntoView()", vec![]).await.map_err(|e| format!("scrolling: {e:?}"))?;
    screenshot(c, "05-tender-files-verified").await;

    // The bid: price with its 大写, terms, a response for every item, PDFs attached;
    // the completeness panel goes green.
    click(c, "#prepare-bid").await?;
    wait_for(c, "#completeness[data-complete=no]").await;
    screenshot(c, "06-bid-editor-empty").await;
    type_into(c, "input[data-price=L1]", "11,250,000.00").await;
    wait_text(c, "[data-words=L1]", |t| t == "壹仟壹佰贰拾伍万元整").await;
    type_into(c, "input[data-duration=L1]", "240").await;
    type_into(c, "input[data-quality=L1]", "合格").await;
    for (item, text) in
        [("Q1", "我方承诺按招标文件要求完成本工程。"), ("T1", "详见所附施工组织设计。"), ("T2", "项目经理：一级建造师，十年市政道路经验。")]
    {
        type_into(c, &format!("textarea[data-text={item}]"), text).await;
    }
    // A real PDF for the preview; a large scan for the upload that is cut off.
    let pdf = dir.join("施工组织设计.pdf");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/施工图纸.pdf"), &pdf).unwrap();
    let licence = dir.join("营业执照.pdf");
    std::fs::copy(&pdf, &licence).unwrap();
    let scan = dir.join("业绩合同扫描件.pdf");
    std::fs::write(&scan, (0..48u32 << 20).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect::<Vec<u8>>()).unwrap();
    for (item, file) in [("Q2", &licence), ("T1", &pdf), ("T3", &scan)] {
        let input = wait_for(c, &format!("input[data-file-input={item}]")).await;
        input.send_keys(&file.display().to_string()).await.map_err(|e| format!("choosing a file for {item}: {e:?}"))?;
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        wait_for(c, &format!("[data-item={item}] [data-attachment='{name}']")).await;
    }
    // Durations and quality save on change: leave the field.
    click(c, "[data-words=L1]").await?;
    // Copying and hashing the 48 MiB scan into the draft can take a while on a busy machine.
    c.wait()
        .at_most(Duration::from_secs(120))
        .for_element(Locator::Css("#completeness[data-complete=yes]"))
        .await
        .map_err(|e| format!("waiting for the completeness panel to turn green: {e}"))?;
    // The PDF preview renders the attachment with pdf.js.
    click(c, "[data-item=T1] [data-attachment='施工组织设计.pdf'] button.link").await?;
    wait_for(c, "#pdf-canvas").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    screenshot(c, "07-pdf-preview").await;
    c.execute("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'})); window.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))", vec![])
        .await
        .map_err(|e| format!("closing the preview: {e:?}"))?;
    screenshot(c, "08-bid-complete").await;

    // Finalise and seal, with progress; then submit.
    click(c, "#seal").await?;
    wait_for(c, "#sealed").await;
    click(c, "#submit").await?;
    // Cut the server off in the middle of the upload, then bring it back.
    let start = Instant::now();
    loop {
        let text = c.find(Locator::Css("#upload")).await.ok();
        let state = match &text {
            Some(e) => e.attr("data-state").await.ok().flatten(),
            None => None,
        };
        let body = match &text {
            Some(e) => e.text().await.unwrap_or_default(),
            None => String::new(),
        };
        if state.as_deref() == Some("sent") {
            return Err("the upload finished before the server could be cut off; make the bid larger".into());
        }
        if body.contains("MiB /") && !body.starts_with("正在上传 0 B") {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            return Err(format!("the upload never showed progress: {body}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(server.take());
    screenshot(c, "09-upload-cut-off").await;
    wait_attr(c, "[data-net]", "data-net", "offline").await;
    *server = Some(start_server(dir, port));
    wait_attr(c, "#upload", "data-state", "sent").await;
    screenshot(c, "10-bid-delivered").await;

    // The receipt: verified against the log, with the server's time.
    click(c, "[data-nav=submissions]").await?;
    wait_for(c, &format!("tr[data-receipt='{tender_id}'][data-verified=yes]")).await;
    screenshot(c, "11-receipts").await;

    // The opening hall, live: sign in, decrypt in the window (only the file key
    // leaves), the other bids read out as they are decrypted, the signed record,
    // confirmation, an objection and its answer.
    assert!(now() < deadline, "the bid was ready only after the deadline; the machine is too slow for this timeline");
    click(c, "[data-opening]").await?;
    wait_attr(c, "[data-phase]", "data-phase", "before").await;
    while now() < deadline + 2 {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    wait_attr(c, "[data-phase]", "data-phase", "window").await;
    click(c, "#sign-in").await?;
    wait_for(c, "span.tag.ok").await;
    screenshot(c, "13-opening-window").await;
    click(c, "#decrypt").await?;
    wait_for(c, "#my-bid-open").await;
    let mine = wait_text(c, &format!("[data-price='{}']", uscc(7)), |t| !t.is_empty()).await;
    assert_eq!(mine, "11,250,000.00");
    cli.as_("b2", &["opening", "decrypt", "b2.tbx"]);
    cli.as_("b3", &["opening", "decrypt", "b3.tbx"]);
    wait_text(c, &format!("[data-price='{}']", uscc(11)), |t| t == "10,960,000.00").await;
    wait_text(c, &format!("[data-price='{}']", uscc(10)), |t| t == "11,480,000.00").await;
    screenshot(c, "14-opening-price-reading").await;
    // The agency hosts from its window: the counts live, the record once the window ends.
    front(agency).await?;
    click(agency, "[data-nav=agency]").await?;
    click(agency, &format!("[data-host='{tender_id}']")).await?;
    wait_text(agency, "#host-decrypted", |t| t == "3").await;
    screenshot(agency, "22-agency-hosts-opening").await;
    while now() < deadline + 62 {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    wait_attr(agency, "[data-phase]", "data-phase", "after").await;
    click(agency, "#make-record").await?;
    wait_attr(agency, "#record-check", "data-verified", "yes").await;
    front(c).await?;
    wait_attr(c, "#record-check", "data-verified", "yes").await;
    click(c, "#confirm").await?;
    wait_for(c, "#confirmed").await;
    type_into(c, "#objection-text", "我方工期填报为 240 天，请核对开标记录。").await;
    click(c, "#object").await?;
    wait_for(c, "[data-objection]").await;
    let objection = attr(c, "[data-objection]", "data-objection").await.unwrap();
    front(agency).await?;
    type_into(agency, &format!("[data-objection='{objection}'] input"), "已核对：开标记录中工期为 240 天，与投标文件一致。").await;
    click(agency, &format!("[data-answer-objection='{objection}']")).await?;
    wait_for(agency, "[data-answered=yes]").await;
    screenshot(agency, "23-agency-answers-objection").await;
    front(c).await?;
    wait_for(c, "[data-answered=yes]").await;
    screenshot(c, "15-opening-record-answered").await;

    // A backup of the draft and the receipt, from Settings.
    click(c, "[data-nav=settings]").await?;
    let backup = dir.join("bidder-backup.tbbak");
    type_into(c, "input[name=backup-path]", &backup.display().to_string()).await;
    type_into(c, "input[name=backup-passphrase]", "backup passphrase 2026").await;
    type_into(c, "input[name=backup-passphrase2]", "backup passphrase 2026").await;
    click(c, "#backup-export").await?;
    wait_text(c, "#backup-message", |t| t.contains("bidder-backup.tbbak")).await;
    assert!(std::fs::metadata(&backup).map(|m| m.len() > 1000).unwrap_or(false), "the backup file was written");
    c.execute("document.getElementById('backup').scrollIntoView()", vec![]).await.map_err(|e| format!("scrolling: {e:?}"))?;
    screenshot(c, "12a-settings-backup").await;

    // English on request.
    click(c, "[data-nav=settings]").await?;
    let lang = wait_for(c, "select[name=language]").await;
    lang.select_by_value("en").await.map_err(|e| format!("choosing English: {e:?}"))?;
    click(c, "form.card button[type=submit]").await?;
    wait_text(c, "[data-nav=announcements]", |t| t == "Announcements").await;
    screenshot(c, "12-settings-english").await;
    Ok(())
}

/// The public identity document the app saved (keychain or key-file store).
fn identity_file(home: &Path) -> PathBuf {
    for dir in [home.join("identities"), home.join("keys")] {
        if let Ok(rd) = std::fs::read_dir(&dir) {
            for e in rd.flatten() {
                if e.file_name().to_string_lossy().ends_with(".identity.json") {
                    return e.path();
                }
            }
        }
    }
    panic!("the app saved no identity document under {}", home.display());
}

/// The four bidders of the two-lot tender: identity name (the company) and credit code.
fn two_lot_bidders() -> Vec<(String, String)> {
    [("湖州交通建设集团有限公司", 70), ("长兴路桥工程有限公司", 71), ("安吉市政工程有限公司", 72), ("德清水利建设有限公司", 73)]
        .iter()
        .map(|(n, i)| (n.to_string(), uscc(*i)))
        .collect()
}

/// A tender of two lots under 兼投不兼中 (a bidder wins at most one), its deadline at
/// `deadline`; the four bidders bid on both lots through the command line.
fn two_lot_tender(cli: &Cli, dir: &Path, deadline: i64) -> String {
    cli.ok(&["tender", "example", "-o", "two-lot-tender.json"]);
    let mut t: Value = serde_json::from_slice(&std::fs::read(dir.join("two-lot-tender.json")).unwrap()).unwrap();
    let stamp = |s: i64| tenderbox_core::time::Timestamp::from_unix(s).to_rfc3339();
    t["id"] = json!("HZ-GC-2026-0419");
    t["title"] = json!("湖州市南太湖新区环湖大道提升改造工程施工（两个标段）");
    t["deadline"] = json!(stamp(deadline));
    t["opening_at"] = json!(stamp(deadline));
    t["decryption_window_minutes"] = json!(1);
    t["multi_lot"] = json!("at_most_one");
    let mut l2 = t["lots"][0].clone();
    l2["id"] = json!("L2");
    l2["name"] = json!("施工二标段");
    l2["ceiling_price"] = json!("3600000.00");
    t["lots"][0]["name"] = json!("施工一标段");
    t["lots"].as_array_mut().unwrap().push(l2);
    std::fs::write(dir.join("two-lot-tender.json"), serde_json::to_vec_pretty(&t).unwrap()).unwrap();
    cli.as_("agency", &["tender", "publish", "two-lot-tender.json"]);
    let id = "HZ-GC-2026-0419";
    std::fs::write(dir.join("a.pdf"), b"%PDF-1.4 other bidders").unwrap();
    let prices =
        [("10900000.00", "3150000.00"), ("11050000.00", "3080000.00"), ("10700000.00", "3260000.00"), ("11300000.00", "3120000.00")];
    for (k, ((name, code), (p1, p2))) in two_lot_bidders().iter().zip(prices).enumerate() {
        cli.ok(&["identity", "new", "--name", name, "--uscc", code, "--keystore", "keys"]);
        let rec: Value =
            serde_json::from_str(&cli.ok(&["server", "register", "--identity", name, "--role", "bidder", "--keystore", "keys"])).unwrap();
        cli.as_("admin", &["server", "approve", rec["id"].as_str().unwrap()]);
        let d = format!("draft-2lot-{k}");
        cli.ok(&["tender", "fetch", id, "-o", &format!("2lot-{k}-tender.json")]);
        cli.ok(&["bid", "init", "--tender", &format!("2lot-{k}-tender.json"), "-o", &d]);
        for (lot, price) in [("L1", p1), ("L2", p2)] {
            cli.ok(&["bid", "price", &d, price, "--lot", lot, "--duration", "300", "--quality", "合格"]);
            for (item, text) in [("Q1", "承诺"), ("T1", "施工组织设计"), ("T2", "项目经理及管理机构")] {
                cli.ok(&["bid", "respond", &d, "--item", item, text, "--lot", lot]);
            }
            for item in ["Q2", "T1", "T3"] {
                cli.ok(&[
                    "bid",
                    "attach",
                    &d,
                    "a.pdf",
                    "--item",
                    item,
                    "--name",
                    &format!("{}-{}.pdf", lot.to_lowercase(), item.to_lowercase()),
                    "--lot",
                    lot,
                ]);
            }
        }
        cli.as_(name, &["bid", "seal", &d, "-o", &format!("2lot-{k}.tbx")]);
        cli.as_(name, &["bid", "submit", &format!("2lot-{k}.tbx")]);
    }
    id.into()
}

/// The opening of the two-lot tender, run beside the rest: each bidder decrypts in the
/// window after the deadline, and the agency makes the record when the window ends.
fn two_lot_opening(cli: &Cli, tender: &str, deadline: i64) -> std::thread::JoinHandle<()> {
    let cli = Cli { dir: cli.dir.clone(), server: cli.server.clone() };
    let tender = tender.to_string();
    std::thread::spawn(move || {
        while now() < deadline + 3 {
            std::thread::sleep(Duration::from_millis(300));
        }
        for (k, (name, _)) in two_lot_bidders().iter().enumerate() {
            cli.as_(name, &["opening", "decrypt", &format!("2lot-{k}.tbx")]);
        }
        while now() < deadline + 63 {
            std::thread::sleep(Duration::from_millis(300));
        }
        cli.as_("agency", &["opening", "record", &tender]);
    })
}

/// A member's scores for one lot as CSV: per bidder (C1, C2, C3), a comment on full marks.
fn score_csv(rows: &[(&str, [&str; 3])]) -> String {
    let mut s = String::from("bidder,criterion,score,comment\n");
    for (b, v) in rows {
        for (i, c) in ["C1", "C2", "C3"].iter().enumerate() {
            let full = (i == 0 && v[i] == "30") || (i > 0 && v[i] == "10");
            s.push_str(&format!("{b},{c},{},{}\n", v[i], if full { "方案针对性强，措施完整" } else { "" }));
        }
    }
    s
}

/// The committee's work on the two-lot tender, end to end: a committee of five (three at
/// the city centre, two at the Deqing sub-venue) is drawn; one member declares a conflict
/// and a supplementary draw replaces them; the chair works in the window — reviews every
/// bid (one fails compliance with the reason, by majority), asks a bidder to clarify (the
/// bidder answers, signed), scores both lots in the grid, explains a deviating score,
/// draws up, reads and signs the report — while the others work from the command line;
/// all five sign (one with a dissent); the agency publishes the candidates, a bidder
/// objects in its window and the agency answers; three days later (server clock) the
/// award, the notices; the published result recomputed by anyone, and matching.
/// The portal's pages for anyone: announcements (Chinese and English), a tender announced,
/// one opened, one awarded, credit publicity, the rules, the statistics; then the Nu HTML
/// checker over every page kept (the candidates' publicity was visited during the result).
async fn portal_pages(b: &mut portal::Browser, opened: &str, awarded: &str) -> Result<(), String> {
    let home = b.visit("/", "01-home").await?;
    for title in ["湖州市南浔区练市镇污水管网改造工程施工", "已确定中标人", "已开标，评标中"] {
        if !home.contains(title) {
            return Err(format!("the announcements lack {title}"));
        }
    }
    b.visit("/?lang=en", "02-home-en").await?;
    // The agency's form published and amended this one; it is open for bids.
    let announced = b.visit_at("/tenders/HZ-GC-2027-0031", "03-tender-announced", Some("#h-amend")).await?;
    if announced.contains("开标记录") || !announced.contains("正在招标") {
        return Err(format!("the announced tender shows an opening record, or is not open:\n{announced}"));
    }
    let o = b.visit_at(&format!("/tenders/{opened}"), "04-tender-opened", Some("#h-open")).await?;
    if !o.contains("开标记录") {
        return Err(format!("the opened tender {opened} shows no opening record"));
    }
    let a = b.visit_at(&format!("/tenders/{awarded}"), "06-tender-awarded", Some("#result")).await?;
    if !a.contains("中标结果公告") {
        return Err(format!("the awarded tender {awarded} shows no award"));
    }
    b.visit("/credit", "07-credit").await?;
    b.visit("/rules", "08-rules").await?;
    let st = b.visit("/statistics", "09-statistics").await?;
    if !st.contains("合计") {
        return Err("the statistics have no total".into());
    }
    b.visit("/data", "10-open-data").await?;
    b.validate_html()
}

async fn committee_work(cli: &Cli, dir: &Path, display: &str, tender: &str, browser: &mut portal::Browser) -> Result<(), String> {
    let bidders = two_lot_bidders();
    let (b4, b5, b6, b7) = (&bidders[0].1, &bidders[1].1, &bidders[2].1, &bidders[3].1);
    // Two more experts at the Deqing sub-venue, with their identities.
    let header = "code,name,employer_uscc,employer_name,centre,county,specialties,title,years,phone\n";
    let more = [("HZ-ZJ-0011", "沈慧敏", 48), ("HZ-ZJ-0012", "吴志刚", 49)];
    let mut csv = header.to_string();
    for (code, name, n) in more {
        csv.push_str(&format!("{code},{name},{},{name}工作单位,HZ-DQ,德清县,A08,副高级,10,\n", expert_uscc(n)));
    }
    std::fs::write(dir.join("experts-more.csv"), csv).unwrap();
    cli.as_("admin", &["expert", "import", "experts-more.csv"]);
    let mut names: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    names.insert("HZ-ZJ-0001".into(), "沈建国".into());
    names.insert("HZ-ZJ-0003".into(), "陆志明".into());
    for (code, name, _, _, _) in LIBRARY_MORE {
        names.insert(code.into(), name.into());
    }
    for (code, name, n) in more {
        cli.ok(&["identity", "new", "--name", name, "--uscc", &expert_uscc(n), "--keystore", "keys"]);
        let rec: Value =
            serde_json::from_str(&cli.ok(&["server", "register", "--identity", name, "--role", "evaluator", "--keystore", "keys"]))
                .unwrap();
        cli.as_("admin", &["server", "approve", rec["id"].as_str().unwrap()]);
        cli.as_("admin", &["expert", "link", code, "--to", rec["id"].as_str().unwrap()]);
        names.insert(code.into(), name.into());
    }

    // The draw: 3 at the main venue, 2 at the sub-venue; the evaluation starts shortly.
    let stamp = |s: i64| tenderbox_core::time::Timestamp::from_unix(s).to_rfc3339();
    let start = now() + 20;
    let d: Value = serde_json::from_str(&cli.as_(
        "admin",
        &[
            "--json",
            "draw",
            "request",
            tender,
            "--size",
            "5",
            "--venue",
            "HZ:第一评标室",
            "--venue",
            "HZ-DQ:德清分中心远程评标室",
            "--group",
            "HZ:A08=3",
            "--group",
            "HZ-DQ:A08=2",
            "--start",
            &stamp(start),
            "--answer-minutes",
            "30",
        ],
    ))
    .map_err(|e| e.to_string())?;
    let draw = d["id"].as_str().unwrap().to_string();
    cli.as_("sup", &["draw", "run", &draw, "--entropy", "环湖大道 评标抽取 监督员 5120"]);
    let accept_all = || {
        let shown: Value = serde_json::from_str(&cli.as_("admin", &["--json", "draw", "show", &draw])).unwrap();
        for seat in shown["seats"].as_array().unwrap().iter().filter(|s| s["state"] == "invited") {
            cli.as_(&names[seat["expert"].as_str().unwrap()], &["expert", "accept", seat["id"].as_str().unwrap()]);
        }
        serde_json::from_str::<Value>(&cli.as_("admin", &["--json", "draw", "show", &draw])).unwrap()
    };
    let shown = accept_all();
    let seats: Vec<(String, String)> = shown["seats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["state"] == "accepted")
        .map(|s| (names[s["expert"].as_str().unwrap()].clone(), s["venue"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(seats.iter().filter(|(_, v)| v == "HZ").count(), 3, "{shown}");
    assert_eq!(seats.iter().filter(|(_, v)| v == "HZ-DQ").count(), 2, "{shown}");
    let chair = seats.iter().find(|(_, v)| v == "HZ").unwrap().0.clone();
    let leaving = seats.iter().filter(|(_, v)| v == "HZ").nth(1).unwrap().0.clone();
    while now() < start + 1 {
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // One member has a conflict with a bidder: leaves; the supplementary draw replaces them.
    cli.as_(&leaving, &["evaluation", "sign-in", tender]);
    let out = cli.fails(&["--json", "evaluation", "declare", tender, "--conflict", b7, "--identity", &leaving, "--keystore", "keys"]);
    assert!(out.contains("evaluation.left"), "{out}");
    let shown = accept_all();
    assert!(shown["rounds"].as_array().unwrap().iter().any(|r| r["reason"] == "conflict"), "a supplementary round: {shown}");
    let mut others: Vec<String> = shown["seats"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["state"] == "accepted")
        .map(|s| names[s["expert"].as_str().unwrap()].clone())
        .filter(|n| *n != chair && *n != leaving)
        .collect();
    others.sort();
    assert_eq!(others.len(), 4, "{shown}");
    for m in &others {
        cli.as_(m, &["evaluation", "sign-in", tender]);
        cli.as_(m, &["evaluation", "declare", tender, "--none"]);
    }

    let (e, driver) = session(dir, display, &dir.join("chair-home"), &cli.server).await;
    let result = async {
        import_and_trust(&e, dir, &tenderbox_client::keystore::file_stem(&chair)).await?;
        click(&e, "[data-nav=invitations]").await?;
        click(&e, &format!("[data-session='{tender}']")).await?;
        click(&e, "#eval-sign-in").await?;
        wait_for(&e, "#eval-declare").await;
        click(&e, "#declare-none").await?;
        wait_for(&e, "#eval-members tr.mine[data-declaration=none]").await;
        let st: Value = serde_json::from_str(&cli.as_(&chair, &["--json", "evaluation", "show", tender])).unwrap();
        let chair_seat = st["me"].as_str().unwrap().to_string();
        for m in &others[..2] {
            cli.as_(m, &["evaluation", "vote", tender, &chair_seat]);
        }
        wait_for(&e, "select[name=chair-candidate]").await.select_by_value(&chair_seat).await.map_err(|x| format!("choosing the chair: {x:?}"))?;
        click(&e, "#eval-vote button[type=submit]").await?;
        wait_text(&e, "#eval-members tr.mine", |t| t.contains("主任委员")).await;
        screenshot(&e, "24a-committee-seated").await;
        // The four bids, opened and checked here, read side by side against the tender's items.
        click(&e, "#eval-open-bids").await?;
        e.wait()
            .at_most(Duration::from_secs(120))
            .for_element(Locator::Css("#eval-bid-list tr[data-verified=yes]:nth-child(4)"))
            .await
            .map_err(|x| format!("waiting for the four bids to be checked: {x}"))?;
        click(&e, "#eval-compare").await?;
        wait_for(&e, "tr[data-compare-item='L1/T1']").await;
        e.execute("document.getElementById('eval-compare-view').scrollIntoView()", vec![]).await.map_err(|x| format!("scrolling: {x:?}"))?;
        screenshot(&e, "24a2-bids-side-by-side").await;

        // The review: two members fail 德清水利's project manager item; the chair too, here.
        let item = "L1/T2";
        for m in &others[..2] {
            cli.as_(m, &["evaluation", "review", tender, "--fail", &format!("{b7}:{item}:项目经理无有效的注册建造师证书")]);
        }
        for m in &others[2..] {
            cli.as_(m, &["evaluation", "review", tender]);
        }
        click(&e, &format!("input[name='pass-{b7}-{item}']")).await?;
        type_into(&e, &format!("input[name='reason-{b7}-{item}']"), "项目经理注册建造师证书已过有效期").await;
        e.execute(&format!("document.querySelector(\"[data-review-bid='{b7}']\").scrollIntoView()"), vec![])
            .await
            .map_err(|x| format!("scrolling: {x:?}"))?;
        screenshot(&e, "24b-review-fail-with-reason").await;
        click(&e, "#review-submit").await?;
        wait_for(&e, &format!("#review-conclusion tr[data-bidder='{b7}'][data-passed=no]")).await;
        screenshot(&e, "24c-review-conclusion").await;

        // A question to a bidder; the bidder answers, signed (command line).
        wait_for(&e, "select[name=ask-bidder]").await.select_by_value(b5).await.map_err(|x| format!("choosing the bidder: {x:?}"))?;
        type_into(&e, "textarea[name=ask-question]", "请说明二标段投标报价中安全文明施工费的计取依据。").await;
        set_value(&e, "input[name=ask-due]", &beijing_field(now() + 900)).await?;
        click(&e, "#ask-form button[type=submit]").await?;
        wait_for(&e, "#eval-questions [data-question][data-answered=no]").await;
        let qs: Value = serde_json::from_str(&cli.as_(&bidders[1].0, &["--json", "evaluation", "questions"])).unwrap();
        let qid = qs[0]["id"].as_str().unwrap().to_string();
        cli.as_(&bidders[1].0, &["evaluation", "answer", &qid, "--text", "按浙江省建设工程计价规则计取，费率 2.3%，报价不变。"]);

        // Scores: the others from the command line; the chair in the grid, lot by lot.
        let cli_rows: [[(&str, [&str; 3]); 3]; 4] = [
            [(b4, ["24", "10", "6"]), (b5, ["22", "7", "8"]), (b6, ["21", "7", "5"])],
            [(b4, ["25", "8", "6"]), (b5, ["23", "7", "8"]), (b6, ["21", "7", "5"])],
            [(b4, ["26", "8", "6"]), (b5, ["24", "7", "8"]), (b6, ["22", "7", "5"])],
            [(b4, ["27", "8", "6"]), (b5, ["25", "7", "8"]), (b6, ["22", "7", "5"])],
        ];
        for (m, rows) in others.iter().zip(cli_rows.iter()) {
            std::fs::write(dir.join("scores.csv"), score_csv(rows)).unwrap();
            for lot in ["L1", "L2"] {
                cli.as_(m, &["evaluation", "score", tender, "--lot", lot, "scores.csv"]);
            }
        }
        e.execute("window.scrollTo(0, 0)", vec![]).await.map_err(|x| format!("{x:?}"))?;
        for (lot, low) in [("L1", true), ("L2", false)] {
            let mine: [(&str, [&str; 3]); 3] =
                [(b4, ["25", "8", "6"]), (b5, ["23", "7", "8"]), (b6, if low { ["5", "2", "5"] } else { ["21", "7", "5"] })];
            for (b, v) in mine {
                for (c, s) in ["C1", "C2", "C3"].iter().zip(v) {
                    type_into(&e, &format!("#eval-scores-{lot} input[name='score-{b}-{c}']"), s).await;
                }
            }
            if lot == "L1" {
                screenshot(&e, "24d-scores-grid").await;
            }
            click(&e, &format!("#scores-submit-{lot}")).await?;
            wait_for(&e, &format!("#eval-scores-{lot}[data-evaluated=yes]")).await;
        }
        // The chair's 12 points for 安吉市政 in lot 1 deviate: the reason is due, and given.
        type_into(&e, &format!("input[name='deviation-L1-{b6}']"), "施工组织设计未响应环湖段交通导改要求，按细则扣分").await;
        click(&e, &format!("#deviation-submit-L1-{b6}")).await?;
        wait_text(&e, &format!("[data-deviation^='L1-{b6}']"), |t| t.contains("交通导改")).await;
        e.execute("document.getElementById('ranking-L1').scrollIntoView()", vec![]).await.map_err(|x| format!("scrolling: {x:?}"))?;
        screenshot(&e, "24e-ranking-deviation").await;

        // The report: drawn up, read in the viewer, signed by all five (one dissents).
        wait_for(&e, "#eval-questions [data-question][data-answered=yes]").await;
        click(&e, "#report-draw-up").await?;
        wait_for(&e, "#eval-report[data-report=yes]").await;
        click(&e, "#report-view").await?;
        wait_for(&e, "#pdf-canvas").await;
        tokio::time::sleep(Duration::from_millis(1000)).await;
        screenshot(&e, "24f-report-pdf").await;
        e.execute("document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'})); window.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))", vec![])
            .await
            .map_err(|x| format!("closing the viewer: {x:?}"))?;
        cli.as_(&others[0], &["evaluation", "report", tender, "--out", "report.pdf"]);
        pdf_pages(dir, "report.pdf", "24g-report-page");
        for (k, m) in others.iter().enumerate() {
            if k == 3 {
                cli.as_(m, &["evaluation", "sign-report", tender, "--dissent", "二标段长兴路桥的施工组织设计评分偏高，本人保留意见"]);
            } else {
                cli.as_(m, &["evaluation", "sign-report", tender]);
            }
        }
        click(&e, "#report-sign").await?;
        wait_for(&e, "#work-closed").await;
        screenshot(&e, "24h-report-final").await;
        Ok::<(), String>(())
    }
    .await;
    let _ = e.close().await;
    drop(driver);
    result?;
    // After the session nobody opens a bid or reads a sheet.
    let out = cli.fails(&["--json", "evaluation", "work", tender, "--identity", &chair, "--keystore", "keys"]);
    assert!(out.contains("evaluation.closed"), "{out}");

    // The result: publicity; a bidder objects in its own window; the agency answers.
    cli.as_("agency", &["result", "publicity", tender, "--days", "3"]);
    let p = browser.visit_at(&format!("/tenders/{tender}"), "05-tender-publicity", Some("#result")).await?;
    if !p.contains("中标候选人公示") || !p.contains("公示截止时间") {
        return Err(format!("the tender page during publicity shows no candidates:\n{p}"));
    }
    let (b, driver) = session(dir, display, &dir.join("bidder-2lot-home"), &cli.server).await;
    let result = async {
        import_and_trust(&b, dir, &tenderbox_client::keystore::file_stem(&bidders[2].0)).await?;
        click(&b, "[data-nav=announcements]").await?;
        click(&b, &format!("tr[data-tender='{tender}'] td:nth-child(2)")).await?;
        wait_for(&b, "#tender-result[data-status=publicity]").await;
        type_into(&b, "textarea[name=objection]", "第一中标候选人湖州交通建设集团有限公司拟派项目经理目前有在建工程，请核查。").await;
        click(&b, "#objection-form button[type=submit]").await?;
        wait_for(&b, "#tender-result[data-status=suspended]").await;
        b.execute("document.getElementById('tender-result').scrollIntoView()", vec![]).await.map_err(|x| format!("scrolling: {x:?}"))?;
        screenshot(&b, "25a-result-objection").await;
        let r: Value = serde_json::from_str(&cli.ok(&["--json", "result", "show", tender])).unwrap();
        let oid = r["objections"][0]["id"].as_str().unwrap().to_string();
        let out = cli.fails(&["--json", "result", "award", tender, "--identity", "agency", "--keystore", "keys"]);
        assert!(out.contains("result.suspended"), "no award while an objection waits: {out}");
        cli.as_(
            "agency",
            &["result", "answer-objection", tender, &oid, "--text", "经核查，该项目经理原在建工程已于投标截止前竣工验收，异议不成立。"],
        );
        // Three days later by the server clock: the award.
        std::fs::write(dir.join("clock-offset"), (3 * 86_400 + 120).to_string()).unwrap();
        cli.as_("agency", &["result", "award", tender]);
        click(&b, "#sync-now").await?;
        wait_for(&b, "#tender-result[data-status=awarded]").await;
        wait_for(&b, "#result-notice[data-kind=result]").await;
        b.execute("document.getElementById('result-notice').scrollIntoView()", vec![]).await.map_err(|x| format!("scrolling: {x:?}"))?;
        screenshot(&b, "25b-result-notice").await;
        Ok::<(), String>(())
    }
    .await;
    let _ = b.close().await;
    drop(driver);
    result?;
    let notice: Value = serde_json::from_str(&cli.as_(&bidders[0].0, &["--json", "result", "notice", tender])).unwrap();
    assert_eq!((notice["kind"].as_str(), notice["lots"][0]["lot"].as_str()), (Some("award"), Some("L1")), "{notice}");
    let notice: Value = serde_json::from_str(&cli.as_(&bidders[1].0, &["--json", "result", "notice", tender])).unwrap();
    assert_eq!(notice["lots"][0]["lot"].as_str(), Some("L2"), "兼投不兼中: lot 2 goes to the next bidder: {notice}");
    // Anyone recomputes the published result.
    let out = cli.ok(&["evaluation", "recompute", tender]);
    assert!(out.contains("matches the recomputation"), "{out}");
    Ok(())
}

/// The pages of a PDF as PNG screenshots (with Debian's pdftoppm, when it is installed).
fn pdf_pages(dir: &Path, pdf: &str, name: &str) {
    let out = bin_dir().parent().unwrap().join("e2e-screenshots");
    let _ = std::fs::create_dir_all(&out);
    let status = std::process::Command::new("pdftoppm").args(["-r", "60", "-png"]).arg(dir.join(pdf)).arg(out.join(name)).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("pdftoppm is not installed: the report's pages are not kept as images");
    }
}

/// The credit library and bid security in the real windows: the supervisor imports a credit
/// list (a bad file refused with every row by line, then the good one) and sees the library;
/// a bidder reads its own records and objects to one; a bank issues it an electronic
/// guarantee from the command line and its tender page shows the guarantee checked on this
/// computer; the supervisor answers the objection.
async fn credit_desks(cli: &Cli, dir: &Path, display: &str, first_tender: &str) -> Result<(), String> {
    // The supervision office ("sup") was registered first of all.
    for (who, n, role) in
        [("c61", 61, "bidder"), ("bank", 62, "guarantor"), ("c63", 63, "bidder"), ("fin", 64, "finance"), ("c65", 65, "bidder")]
    {
        cli.ok(&["identity", "new", "--name", who, "--uscc", &uscc(n), "--keystore", "keys"]);
        let rec: Value =
            serde_json::from_str(&cli.ok(&["server", "register", "--identity", who, "--role", role, "--keystore", "keys"])).unwrap();
        cli.as_("admin", &["server", "approve", rec["id"].as_str().unwrap()]);
    }
    // A tender of the agency's that asks for ¥200,000 of bid security (transfer or guarantee).
    cli.ok(&["tender", "example", "-o", "secured.json"]);
    let mut t: Value = serde_json::from_slice(&std::fs::read(dir.join("secured.json")).unwrap()).unwrap();
    let secured = "HZ-GC-2026-0520";
    t["id"] = json!(secured);
    t["title"] = json!("湖州市南太湖新区滨湖大道照明提升工程");
    t["security"] = json!({
        "amount": "200000.00", "estimated_price": "12800000.00", "forms": ["deposit", "guarantee"], "credit_exemption": true,
        "bid_validity_days": 90,
        "account": {"bank": "湖州银行股份有限公司营业部", "name": "湖州市公共资源交易中心", "number": "2010 0088 6600 0123 456"}
    });
    std::fs::write(dir.join("secured.json"), serde_json::to_vec_pretty(&t).unwrap()).unwrap();
    cli.as_("agency", &["tender", "publish", "secured.json"]);

    let header = tenderbox_core::credit::COLUMNS_ZH.join(",");
    let c61 = uscc(61);
    let barred = uscc(63);
    let exempt = uscc(65);
    let good = format!(
        "{header}\n企业,{c61},长兴路桥工程有限公司,失信,行政处罚,湖州市南浔区住房和城乡建设局,浔建罚〔2026〕7号,《招标投标法实施条例》第六十七条,2026-09-01,2027-08-31,工程建设,HZ-NX,投标\n\
         企业,{barred},湖州恒远建材贸易有限公司,严重失信,失信被执行人,浙江省湖州市中级人民法院,（2026）浙05执恢17号,法〔2016〕285号,2026-03-15,,,,投标；代理\n\
         企业,{exempt},湖州金达建设有限公司,守信,纳税信用A级纳税人,国家税务总局湖州市税务局,湖税信〔2026〕12号,《纳税信用管理办法》,2026-04-01,2027-03-31,,,\n"
    );
    std::fs::write(dir.join("credit.csv"), &good).unwrap();
    std::fs::write(dir.join("credit-bad.csv"), good.replace("2026-03-15", "2026-02-30")).unwrap();

    // The supervisor's app.
    let (c, driver) = session(dir, display, &dir.join("sup-home"), &cli.server).await;
    import_and_trust(&c, dir, "sup").await?;
    click(&c, "[data-nav=credit]").await?;
    wait_for(&c, "#no-credit").await;
    type_into(&c, "input[name=credit-origin]", "信用中国（浙江湖州）2026-12-01 导出").await;
    let choose = |file: &'static str| {
        let c = c.clone();
        let path = dir.join(file);
        async move {
            wait_for(&c, "input[name=credit-csv]")
                .await
                .send_keys(&path.display().to_string())
                .await
                .map_err(|e| format!("choosing the CSV: {e:?}"))
        }
    };
    choose("credit-bad.csv").await?;
    wait_for(&c, "#credit-import-errors").await;
    wait_for(&c, "tr[data-bad-line='3'][data-code='credit.date']").await;
    screenshot(&c, "40a-credit-import-refused").await;
    assert!(c.find(Locator::Css("tr[data-credit]")).await.is_err(), "nothing of a refused import is in the library");
    choose("credit.csv").await?;
    wait_for(&c, &format!("tr[data-subject='{barred}']")).await;
    wait_for(&c, &format!("tr[data-subject='{c61}']")).await;
    screenshot(&c, "40b-credit-library").await;

    // The bidder's app: its own records, and an objection.
    let (b, bdriver) = session(dir, display, &dir.join("c61-home"), &cli.server).await;
    b.set_window_rect(1280, 0, 1280, 800).await.map_err(|e| format!("placing the bidder's window: {e:?}"))?;
    import_and_trust(&b, dir, "c61").await?;
    click(&b, "[data-nav=my-credit]").await?;
    wait_for(&b, "[data-my-credit][data-status=active]").await;
    click(&b, "[data-object]").await?;
    type_into(&b, "textarea[name=objection-text]", "该处罚已于2026年10月经行政复议撤销，复议决定书附后。").await;
    click(&b, "[data-my-credit] button.primary").await?;
    wait_for(&b, "[data-objection-state=open]").await;
    screenshot(&b, "40c-my-credit-objection").await;

    // The bank issues an electronic guarantee from the command line; the tender page shows it
    // checked on the bidder's computer, with the transfer reference for a deposit.
    cli.as_(
        "bank",
        &[
            "security",
            "issue",
            "--tender",
            secured,
            "--applicant",
            &c61,
            "--applicant-name",
            "长兴路桥工程有限公司",
            "--number",
            "湖银保函〔2026〕0520-01",
        ],
    );
    click(&b, "[data-nav=announcements]").await?;
    let row = format!("tr[data-tender='{secured}']");
    wait_for(&b, &row).await;
    click(&b, &format!("{row} td:nth-child(2)")).await?;
    wait_for(&b, "#bid-security[data-security-how=guarantee] [data-verified=yes]").await;
    wait_for(&b, "#deposit-reference").await;
    b.execute("document.getElementById('bid-security').scrollIntoView()", vec![]).await.map_err(|e| format!("scrolling: {e:?}"))?;
    screenshot(&b, "40d-bid-security-guarantee").await;
    bid_in_window(&b, dir, "c61", "12,150,000.00").await?;
    wait_for(&b, "#upload[data-state=sent]").await;

    // A bidder on the serious-default list prepares a bid in its own window: the platform
    // refuses the submission and the refusal names the court's record.
    let (x, xdriver) = session(dir, display, &dir.join("c63-home"), &cli.server).await;
    import_and_trust(&x, dir, "c63").await?;
    wait_for(&x, &row).await;
    click(&x, &format!("{row} td:nth-child(2)")).await?;
    bid_in_window(&x, dir, "c63", "12,400,000.00").await?;
    let refusal = wait_text(&x, "#submit-refused[data-code='credit.barred_bidder']", |t| t.contains("（2026）浙05执恢17号")).await;
    assert!(refusal.contains("被限制投标") && refusal.contains("浙江省湖州市中级人民法院"), "the refusal cites the record: {refusal}");
    screenshot(&x, "40g-barred-bidder-refused").await;
    let _ = x.close().await;
    drop(xdriver);

    // A bidder with a good credit rating: the tender waives its security, decided from the
    // library; it submits without any deposit or guarantee.
    let (g, gdriver) = session(dir, display, &dir.join("c65-home"), &cli.server).await;
    import_and_trust(&g, dir, "c65").await?;
    wait_for(&g, &row).await;
    click(&g, &format!("{row} td:nth-child(2)")).await?;
    wait_for(&g, "#bid-security[data-security-ok=yes] #security-waiver .ok").await;
    g.execute("document.getElementById('bid-security').scrollIntoView()", vec![]).await.map_err(|e| format!("scrolling: {e:?}"))?;
    screenshot(&g, "40h-security-waived").await;
    bid_in_window(&g, dir, "c65", "12,080,000.00").await?;
    wait_for(&g, "#upload[data-state=sent]").await;
    let _ = g.close().await;
    drop(gdriver);

    // The finance office's window: the bank statement with the bidder's deposit, a bad row
    // refused by line first.
    let status: Value = serde_json::from_str(&cli.as_("c61", &["--json", "security", "status", secured])).unwrap();
    let reference = status["reference"].as_str().unwrap().to_string();
    let head = "bank_serial,received_at,payer_name,payer_account,amount,reference\n";
    let line = format!("HZB20261203000019,2026-12-03 09:30:00,长兴路桥工程有限公司,6228 4800 1234 5678 901,200000.00,{reference}\n");
    std::fs::write(
        dir.join("statement-bad.csv"),
        format!("{head}{line}HZB20261203000020,2026-12-03 09:31:00,某公司,6228 0000,5000.00,BZJNOSUCHBID000\n"),
    )
    .unwrap();
    std::fs::write(dir.join("statement.csv"), format!("{head}{line}")).unwrap();
    let (f, fdriver) = session(dir, display, &dir.join("fin-home"), &cli.server).await;
    f.set_window_rect(1280, 0, 1280, 800).await.map_err(|e| format!("placing the finance window: {e:?}"))?;
    import_and_trust(&f, dir, "fin").await?;
    click(&f, "[data-nav=deposits]").await?;
    wait_for(&f, "#no-deposits").await;
    for file in ["statement-bad.csv", "statement.csv"] {
        wait_for(&f, "input[name=statement-csv]")
            .await
            .send_keys(&dir.join(file).display().to_string())
            .await
            .map_err(|e| format!("choosing the statement: {e:?}"))?;
        if file == "statement-bad.csv" {
            wait_for(&f, "tr[data-bad-line='3'][data-code='deposit.reference']").await;
        }
    }
    set_value(&f, "input[name=deposits-tender]", secured).await?;
    click(&f, "#deposits form button[type=submit]").await?;
    wait_for(&f, "tr[data-deposit][data-overdue=no]").await;
    screenshot(&f, "40f-deposits").await;
    let _ = f.close().await;
    drop(fdriver);

    // The supervisor answers the objection: dismissed, with the reasons.
    click(&c, "[data-nav=announcements]").await?;
    click(&c, "[data-nav=credit]").await?;
    wait_for(&c, "#credit-objections").await;
    screenshot(&c, "40e-credit-objection-to-answer").await;
    click(&c, "[data-dismiss]").await?;
    type_into(&c, "input[name=objection-answer]", "经核实，复议决定维持原处罚，记录不予撤销。").await;
    click(&c, "#credit-objections form button[type=submit]").await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while c.find(Locator::Css("#credit-objections")).await.is_ok() {
        if Instant::now() > deadline {
            return Err("the answered objection stayed open".into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    supervision_desks(&c, &b, dir, first_tender, secured).await?;
    let _ = b.close().await;
    drop(bdriver);
    let _ = c.close().await;
    drop(driver);
    let shown = cli.as_("sup", &["credit", "objections"]);
    assert!(shown.contains("dismissed: 经核实"), "the answer reached the platform, signed: {shown}");
    Ok(())
}

/// The example tender's bid filled in the editor of the tender page shown in `c` (one lot,
/// the three answers, three PDFs of the bidder's own), then sealed and submitted.
async fn bid_in_window(c: &Client, dir: &Path, who: &str, price: &str) -> Result<(), String> {
    click(c, "#prepare-bid").await?;
    wait_for(c, "#completeness[data-complete=no]").await;
    type_into(c, "input[data-price=L1]", price).await;
    type_into(c, "input[data-duration=L1]", "270").await;
    type_into(c, "input[data-quality=L1]", "合格").await;
    for (item, text) in
        [("Q1", "我方承诺按招标文件要求完成本工程。"), ("T1", "详见所附施工组织设计。"), ("T2", "项目经理：一级建造师，八年市政经验。")]
    {
        type_into(c, &format!("textarea[data-text={item}]"), text).await;
    }
    let demo = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/施工图纸.pdf")).unwrap();
    for (item, name) in [("Q2", "投标函"), ("T1", "施工组织设计"), ("T3", "类似业绩")] {
        // Each bidder's own file: the demo drawing with the bidder's name appended.
        let file = dir.join(format!("{who}-{name}.pdf"));
        std::fs::write(&file, [&demo[..], format!("\n% {who}\n").as_bytes()].concat()).unwrap();
        wait_for(c, &format!("input[data-file-input={item}]"))
            .await
            .send_keys(&file.display().to_string())
            .await
            .map_err(|e| format!("choosing a file for {item}: {e:?}"))?;
        wait_for(c, &format!("[data-item={item}] [data-attachment='{who}-{name}.pdf']")).await;
    }
    click(c, "[data-words=L1]").await?;
    c.wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::Css("#completeness[data-complete=yes]"))
        .await
        .map_err(|e| format!("waiting for the completeness panel to turn green: {e}"))?;
    click(c, "#seal").await?;
    wait_for(c, "#sealed").await;
    click(c, "#submit").await
}

/// The supervision office's desk beside a bidder's window: the first tender's collusion
/// alerts after its opening (two CLI bidders attached the same file, and every bid was
/// sealed on this one computer), the machine fingerprints opened in the window and raised,
/// a decision with reasons signed; then the bidder complains about the secured tender with
/// evidence, and the office accepts and decides it, signed and published.
async fn supervision_desks(c: &Client, b: &Client, dir: &Path, first_tender: &str, secured: &str) -> Result<(), String> {
    click(c, "[data-nav=supervision]").await?;
    wait_for(c, "#sup-scope").await;
    click(c, &format!("tr[data-sup-tender='{first_tender}'] td:first-child")).await?;
    wait_for(c, "tr[data-rule='collusion.same_file'][data-decided=no]").await;
    wait_for(c, "tr[data-rule='collusion.same_address']").await;
    screenshot(c, "41a-collusion-alerts").await;
    click(c, "#compare-machines").await?;
    wait_for(c, "[data-shared]").await;
    click(c, "#raise-machines").await?;
    wait_for(c, "tr[data-rule='collusion.same_machine']").await;
    c.execute("document.getElementById('machine-bids').scrollIntoView()", vec![]).await.map_err(|e| format!("scrolling: {e:?}"))?;
    screenshot(c, "41b-machines-compared").await;
    click(c, "tr[data-rule='collusion.same_file'] [data-decide]").await?;
    click(c, "input[name=alert-finding][value=no_collusion]").await?;
    type_into(
        c,
        "textarea[name=alert-reasons]",
        "两家投标人的相同附件为同一份公开的资质证明模板；经约谈两家法定代表人并调取制作记录，未发现串通投标的其他证据。机器指纹相同系在交易中心公共投标室同一台电脑编制，另案核查。",
    )
    .await;
    click(c, "form.decide button[type=submit]").await?;
    wait_for(c, "tr[data-rule='collusion.same_file'][data-decided=yes]").await;
    screenshot(c, "41c-alert-decided").await;

    // The bidder complains about the secured tender from its page, with evidence.
    click(b, "[data-nav=announcements]").await?;
    let row = format!("tr[data-tender='{secured}']");
    wait_for(b, &row).await;
    click(b, &format!("{row} td:nth-child(2)")).await?;
    click(b, "#complain").await?;
    wait_for(b, "#complaint-form").await;
    type_into(b, "input[name=complaint-respondent]", "浙江湖信工程咨询有限公司（招标代理）").await;
    click(b, "select[name=complaint-step] option[value=documents]").await?;
    type_into(
        b,
        "textarea[name=complaint-facts]",
        "招标文件第三章第2.3条要求投标人近三年在湖州市内完成过同类工程，以特定行政区域的业绩作为加分条件，违反《招标投标法实施条例》第三十二条第二款第（三）项。",
    )
    .await;
    type_into(b, "textarea[name=complaint-requests]", "责令招标人删除该条款，并相应顺延投标截止时间。").await;
    let evidence = dir.join("招标文件第三章节选.pdf");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("../demo/施工图纸.pdf"), &evidence).unwrap();
    wait_for(b, "input[name=complaint-files]")
        .await
        .send_keys(&evidence.display().to_string())
        .await
        .map_err(|e| format!("choosing the evidence: {e:?}"))?;
    wait_for(b, "[data-staged='招标文件第三章节选.pdf']").await;
    screenshot(b, "41d-complaint-form").await;
    click(b, "#complaint-submit").await?;
    wait_for(b, "#complaint-detail[data-state=received]").await;
    screenshot(b, "41e-complaint-filed").await;

    // The office: the complaint in its queue with the limit; accepted, then decided.
    click(c, "[data-nav=complaints]").await?;
    wait_for(c, "tr[data-complaint][data-state=received]").await;
    click(c, "tr[data-complaint][data-state=received] td:first-child").await?;
    wait_for(c, "#complaint-accept").await;
    type_into(c, "textarea[name=acceptance-reasons]", "投诉人为本项目潜在投标人，投诉在法定期限内提出，事实和请求明确，予以受理。").await;
    click(c, "#complaint-do-accept").await?;
    wait_for(c, "#complaint-decide").await;
    click(c, "input[name=complaint-finding][value=upheld]").await?;
    type_into(
        c,
        "textarea[name=decision-reasons]",
        "经查，招标文件第三章第2.3条以湖州市内业绩作为加分条件，属于以不合理条件限制、排斥潜在投标人，投诉成立。",
    )
    .await;
    type_into(c, "textarea[name=decision-measures]", "责令招标人修改招标文件，删除该条款，发布澄清并顺延投标截止时间不少于十五日。").await;
    click(c, "#complaint-do-decide").await?;
    wait_for(c, "#complaint-detail[data-state=decided] #complaint-decision").await;
    screenshot(c, "41f-complaint-decided").await;

    // The office's statistics for the year, and the audit trail of the first tender.
    click(c, "[data-nav=supervision]").await?;
    click(c, "#tab-statistics").await?;
    wait_for(c, "#stat-table tr[data-stat-centre=total]").await;
    let total = wait_text(c, "#stat-table tr[data-stat-centre=total]", |t| !t.is_empty()).await;
    assert!(total.contains("合计"), "{total}");
    screenshot(c, "41h-statistics").await;
    click(c, "#tab-audit").await?;
    type_into(c, "input[name=audit-tender]", first_tender).await;
    click(c, "#audit form button[type=submit]").await?;
    wait_for(c, "#audit-hits tr[data-audit]").await;
    screenshot(c, "41i-audit-search").await;

    // The complainant reads the decision.
    click(b, "[data-nav=announcements]").await?;
    click(b, "[data-nav=complaints]").await?;
    click(b, "tr[data-complaint][data-state=decided] td:first-child").await?;
    wait_for(b, "#complaint-decision").await;
    screenshot(b, "41g-complaint-decision-read").await;
    Ok(())
}

/// Waits until the wall clock reaches `t` (unix seconds).
async fn until(t: i64) {
    while now() < t {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A live land listing, as a rehearsal (the e2e server is a rehearsal platform; its
/// identities use credit codes 200–205, clear of every other scenario's: a second identity
/// of one code is that company's key renewal): the centre
/// admin's window announces another auction from the form and seals the listing's reserve
/// to the three custodians; three bidders registered with their deposits — one in the
/// window, two from the command line — bid during the listing (the window's board
/// updating live from the server's stream as the others bid), the close into timed bidding
/// with the countdown restarted by each bid, the end; two custodians release their shares
/// and the reserve opens; the buyer signs the confirmation in the window and the centre
/// from the command line; the record verifies in the window and on the command line, and
/// an altered bid in a saved copy fails. Needs the custodians c1–c3 of `custodian_tender`.
async fn auction_live(cli: &Cli, dir: &Path, display: &str) -> Result<(), String> {
    for (i, (name, role)) in [("lb1", "bidder"), ("lb2", "bidder"), ("lb3", "bidder"), ("afin", "finance")].iter().enumerate() {
        cli.ok(&["identity", "new", "--name", name, "--uscc", &uscc(200 + i as u32), "--keystore", "keys"]);
        let rec: Value =
            serde_json::from_str(&cli.ok(&["server", "register", "--identity", name, "--role", role, "--keystore", "keys"])).unwrap();
        cli.as_("admin", &["server", "approve", rec["id"].as_str().unwrap()]);
    }

    // The listing: registration for 95 s, bidding from 100 s, the listing closing 25 s later,
    // a 15-second countdown in timed bidding.
    cli.ok(&["auction", "example", "-o", "auction.json"]);
    let mut t: Value = serde_json::from_slice(&std::fs::read(dir.join("auction.json")).unwrap()).unwrap();
    let stamp = |s: i64| tenderbox_core::time::Timestamp::from_unix(s).to_rfc3339();
    let starts = now() + 100;
    let id = "HZ-TD-2026-R07";
    t["id"] = json!(id);
    t["title"] = json!("湖州市吴兴区滨湖街道 2026-31 号地块国有建设用地使用权（模拟竞价）");
    t["rehearsal"] = json!(true);
    t["registration_deadline"] = json!(stamp(starts - 5));
    t["bidding_starts"] = json!(stamp(starts));
    t["listing_ends"] = json!(stamp(starts + 25));
    t["countdown_seconds"] = json!(15);
    std::fs::write(dir.join("auction.json"), serde_json::to_vec_pretty(&t).unwrap()).unwrap();
    cli.as_("admin", &["auction", "announce", "auction.json"]);
    let ids: Vec<String> = ["c1", "c2", "c3"]
        .iter()
        .map(|name| {
            let doc: Value = serde_json::from_str(&cli.ok(&["identity", "show", name, "--keystore", "keys"])).unwrap();
            tenderbox_wire::identity_id(doc["signing_key"].as_str().unwrap())
        })
        .collect();

    // The centre admin's window: a state-property auction announced from the form, and the
    // listing's reserve sealed to the three custodians (the amount never leaves the window
    // in the clear).
    {
        let (a, _adriver) = session(dir, display, &dir.join("auction-admin-home"), &cli.server).await;
        import_and_trust(&a, dir, "admin").await?;
        click(&a, "[data-nav=auctions]").await?;
        click(&a, "[data-auction-new]").await?;
        for (f, v) in [
            ("id", "HZ-CQ-2026-R08"),
            ("title", "湖州市交通投资集团所持湖州某汽车客运有限公司 51% 股权（模拟竞价）"),
            ("description", "注册资本 1200 万元，职工 86 人，评估值 15,600,000 元"),
            ("seller_name", "湖州市交通投资集团有限公司"),
            ("seller_uscc", &uscc(205)),
            ("starting_price", "15600000.00"),
            ("deposit", "1500000.00"),
            ("conditions", "意向受让方须为依法存续的企业法人"),
            ("winner_rule", "网络竞价（多次报价），价高者得"),
        ] {
            type_into(&a, &format!("[data-f={f}]"), v).await;
        }
        for (f, v) in [("asset", "state_property"), ("mode", "english")] {
            a.execute(
                "const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![json!(format!("[data-f={f}]")), json!(v)],
            )
            .await
            .map_err(|e| format!("choosing {f}: {e:?}"))?;
        }
        type_into(&a, "[data-f=increment]", "100000.00").await;
        type_into(&a, "[data-f=countdown]", "60").await;
        set_value(&a, "[data-f=registration_deadline]", &beijing_field(now() + 3000)).await?;
        set_value(&a, "[data-f=bidding_starts]", &beijing_field(now() + 3600)).await?;
        screenshot(&a, "44-auction-form").await;
        click(&a, "[data-auction-announce]").await?;
        wait_for(&a, "[data-auction='HZ-CQ-2026-R08']").await;
        click(&a, &format!("[data-auction='{id}'] button")).await?;
        type_into(&a, "[data-reserve-amount]", "121000000.00").await;
        for c in &ids {
            click(&a, &format!("[data-custodian='{c}']")).await?;
        }
        click(&a, "[data-seal]").await?;
        wait_attr(&a, "[data-reserve-state]", "data-reserve-state", "sealed").await;
        screenshot(&a, "44a-auction-reserve-sealed").await;
        let _ = a.close().await;
    }
    let listed = cli.ok(&["auction", "list"]);
    if !listed.contains("HZ-CQ-2026-R08") {
        return Err(format!("the form's auction is not announced: {listed}"));
    }

    let (c, _driver) = session(dir, display, &dir.join("auction-home"), &cli.server).await;
    import_and_trust(&c, dir, "lb1").await?;

    // The window's bidder finds it and applies; the deposit reference is shown.
    click(&c, "[data-nav=auctions]").await?;
    click(&c, &format!("[data-auction='{id}'] button")).await?;
    wait_for(&c, "[data-rehearsal]").await;
    screenshot(&c, "45-auction-room").await;
    click(&c, "[data-accept-conditions]").await?;
    click(&c, "[data-apply]").await?;
    let reference = wait_text(&c, "[data-reference]", |t| !t.is_empty()).await;
    let mut lines = vec![tenderbox_core::security::STATEMENT_COLUMNS.join(",")];
    let today = tenderbox_core::time::Timestamp::from_unix(now()).to_beijing();
    lines.push(format!("HZB7000,{today},lb1,201000999888700,24000000.00,{reference}"));
    for (i, b) in ["lb2", "lb3"].iter().enumerate() {
        let reg: Value = serde_json::from_str(&cli.as_(b, &["--json", "auction", "register", id, "--accept-conditions"])).unwrap();
        lines.push(format!(
            "HZB700{},{today},{b},20100099988870{},24000000.00,{}",
            i + 1,
            i + 1,
            reg["deposit_reference"].as_str().unwrap()
        ));
    }
    std::fs::write(dir.join("auction-statement.csv"), lines.join("\n") + "\n").unwrap();
    cli.as_("afin", &["security", "import-statement", "auction-statement.csv"]);
    // Back in the room: the number.
    click(&c, "[data-nav=auctions]").await?;
    click(&c, &format!("[data-auction='{id}'] button")).await?;
    wait_text(&c, "[data-number]", |t| t.len() >= 4).await;

    // The listing opens: the window bids the starting price, after confirming it in 大写.
    until(starts).await;
    wait_attr(&c, "[data-phase]", "data-phase", "listing").await;
    click(&c, "[data-bid]").await?;
    let words = wait_text(&c, "[data-confirm-words]", |t| !t.is_empty()).await;
    if words != "壹亿贰仟万元整" {
        return Err(format!("the confirmation shows {words}, not 壹亿贰仟万元整"));
    }
    screenshot(&c, "46-auction-confirm").await;
    click(&c, "[data-confirm-step]").await?;
    wait_for(&c, "#auction-bids tr.mine").await;
    // The others bid from the command line: the window's board follows live.
    cli.as_("lb2", &["auction", "bid", id, "120500000.00"]);
    wait_text(&c, "[data-current]", |t| t.contains("120,500,000")).await;
    cli.as_("lb3", &["auction", "bid", id, "121000000.00"]);
    wait_text(&c, "[data-current]", |t| t.contains("121,000,000")).await;
    // The lowest next bid is one increment up; the window takes it and asks to go on.
    click(&c, "[data-bid-plus]").await?;
    click(&c, "[data-bid]").await?;
    click(&c, "[data-confirm-step]").await?;
    wait_text(&c, "[data-current]", |t| t.contains("121,500,000")).await;
    click(&c, "[data-go-on]").await?;
    click(&c, "[data-confirm-step]").await?;
    cli.as_("lb2", &["auction", "go-on", id]);

    // The close: timed bidding, each bid restarting the 15-second countdown.
    until(starts + 25).await;
    wait_attr(&c, "[data-phase]", "data-phase", "countdown").await;
    cli.as_("lb2", &["auction", "bid", id, "122000000.00"]);
    wait_text(&c, "[data-current]", |t| t.contains("122,000,000")).await;
    click(&c, "[data-bid-plus]").await?;
    click(&c, "[data-bid]").await?;
    click(&c, "[data-confirm-step]").await?;
    wait_text(&c, "[data-current]", |t| t.contains("122,500,000")).await;
    // The window's own bids are marked by their places on the board (1, 4 and 6; 5 is lb2's).
    wait_for(&c, "#auction-bids tr.mine[data-seq='6']").await;
    if c.find(Locator::Css("#auction-bids tr.mine[data-seq='5']")).await.is_ok() {
        return Err("another bidder's timed bid is marked as the window's".into());
    }
    screenshot(&c, "47-auction-timed").await;
    let board: Value = serde_json::from_str(&cli.ok(&["--json", "auction", "show", id])).unwrap();
    let timed = board["board"]["bids"].as_array().unwrap().iter().filter(|b| b["timed"] == json!(true)).count();
    if timed != 2 || board["board"]["phase"]["ends_at"].is_null() {
        return Err(format!("expected two timed bids and a running countdown: {board}"));
    }

    // The end: nobody bids for 15 s. Two custodians release their shares; the reserve opens.
    wait_attr(&c, "[data-phase]", "data-phase", "ended").await;
    cli.as_("c2", &["auction", "release", id]);
    let opened = cli.as_("c3", &["auction", "release", id]);
    if !opened.contains("121000000.00") {
        return Err(format!("the reserve did not open: {opened}"));
    }
    wait_attr(&c, "#auction-result", "data-outcome", "sold").await;
    wait_text(&c, "[data-price]", |t| t.contains("122,500,000") && t.contains("壹亿贰仟贰佰伍拾万元整")).await;
    wait_text(&c, "[data-balance]", |t| t.contains("98,500,000")).await;
    click(&c, "[data-sign-confirmation]").await?;
    wait_attr(&c, "[data-signatures]", "data-signatures", "true-false").await;
    cli.as_("admin", &["auction", "confirm", id]);
    click(&c, "[data-nav=auctions]").await?;
    click(&c, &format!("[data-auction='{id}'] button")).await?;
    wait_attr(&c, "[data-signatures]", "data-signatures", "true-true").await;
    click(&c, "[data-verify]").await?;
    wait_for(&c, "[data-verified]").await;
    screenshot(&c, "48-auction-result").await;

    // The result under publicity on the public portal: the outcome, the buyer, the reserve.
    let (status, body) = portal::http_get(&format!("{}/auctions/{id}", cli.server)).await?;
    let page = String::from_utf8_lossy(&body);
    if status != 200
        || !(page.contains("竞价结果公示") && page.contains("lb1") && page.contains("121,000,000.00") && page.contains("模拟竞价"))
    {
        return Err(format!("the portal's auction page ({status}) does not show the result"));
    }

    // Anyone checks the record; a saved copy with an altered bid fails, naming the step.
    let ok = cli.ok(&["auction", "verify", id]);
    if !ok.contains("Verified") {
        return Err(format!("verify: {ok}"));
    }
    cli.ok(&["auction", "result", id, "--save", "auction-record.json"]);
    let mut record: Value = serde_json::from_slice(&std::fs::read(dir.join("auction-record.json")).unwrap()).unwrap();
    record["history"][1]["amount"] = json!("120600000.00");
    record["history"][1]["signed"]["doc"]["amount"] = json!("120600000.00");
    std::fs::write(dir.join("auction-altered.json"), serde_json::to_vec_pretty(&record).unwrap()).unwrap();
    let failed = cli.fails(&["auction", "verify", id, "--record", "auction-altered.json"]);
    if !(failed.contains("step 2") && failed.contains("does not verify")) {
        return Err(format!("an altered bid was not found: {failed}"));
    }
    let _ = c.close().await;
    Ok(())
}
