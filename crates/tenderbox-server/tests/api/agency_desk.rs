//! The agency's desk against the real server: a tender drafted in the form with
//! every problem named at its field, custodians picked from the platform's certified
//! list, a package file attached, published signed; an amendment shown field by field
//! with the deadline it must move to; a clarification answered; the opening hosted.

use crate::desk::desk_as;
use crate::helpers::*;
use tenderbox_client::desk::{PriceForm, beijing_input, price_preview};
use tenderbox_wire::*;

#[tokio::test]
async fn an_agency_drafts_publishes_and_amends_a_tender_from_the_form() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    app.registered(&agency, &[Role::Agency]).await;
    let custodians = three_custodians(&app).await;
    let home = tempfile::tempdir().unwrap();
    let desk = desk_as(&app, &agency, home.path()).await;

    // A new draft: prefilled, a statutory deadline 21 days out, but the tenderer missing.
    let v = desk.tender_draft_new("HZ-GC-2027-0031").await.unwrap();
    assert_eq!(desk.tender_draft_new("HZ-GC-2027-0031").await.unwrap_err().code, "tender.exists");
    let paths: Vec<_> = v.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["tenderer.uscc", "tenderer.name"], "{:?}", v.problems);
    assert!(v.earliest_deadline.is_some());
    assert!(v.rules.iter().any(|r| r.code == "tender.period_too_short" && r.source.contains("第二十四条")));

    // Filled in, with a deadline too early for a statutory tender: the period rule speaks.
    let mut f = v.form.clone();
    f.title = "湖州市南浔区练市镇污水管网改造工程".into();
    f.tenderer_name = "湖州市南浔区练市镇人民政府".into();
    f.tenderer_uscc = "11330503002584069P".into();
    f.deadline = beijing_input(tenderbox_core::periods::earliest_deadline(app.state.now(), 19));
    f.opening_at = f.deadline.clone();
    let v = desk.tender_draft_save(f.clone()).await.unwrap();
    assert_eq!(v.problems.iter().map(|p| p.code.as_str()).collect::<Vec<_>>(), ["tender.period_too_short"], "{:?}", v.problems);
    assert!(desk.tender_draft_publish(&f.id).await.is_err(), "not published with a problem");

    // The committee: custodians picked from the platform's certified list, 2 of 3.
    let choices = desk.custodian_choices().await.unwrap();
    assert_eq!(choices.len(), 3);
    f.deadline = v.earliest_deadline.clone().unwrap();
    f.opening_at = f.deadline.clone();
    f.committee_required = true;
    f.custodians = choices.iter().map(|c| tenderbox_client::desk::CustodianForm { id: c.id.clone(), name: c.name.clone() }).collect();
    f.threshold = 2;
    let v = desk.tender_draft_save(f.clone()).await.unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    let v = desk.tender_draft_attach(&f.id, "工程量清单.xlsx", b"bill of quantities".to_vec()).await.unwrap();
    assert_eq!(v.form.files.len(), 1);
    assert_eq!(desk.tender_draft_attach(&f.id, "../x", b"x".to_vec()).await.unwrap_err().code, "file.name");

    // The price formula's preview: exact decimals.
    let p = price_preview(
        &PriceForm {
            full_marks: "50".into(),
            points_per_percent_above: "2".into(),
            points_per_percent_below: "1".into(),
            drop_extremes_above: 3,
        },
        &["10000000".into(), "9500000".into(), "10500000".into()],
    )
    .unwrap();
    assert_eq!(p.base, "10000000.00");
    assert_eq!(p.lines.iter().map(|l| l.score.as_str()).collect::<Vec<_>>(), ["50.00", "45.00", "40.00"]);

    // Published: the platform has it signed by this identity, with its file.
    let row = desk.tender_draft_publish(&f.id).await.unwrap();
    assert_eq!((row.version, row.status.as_str()), (1, "awaiting_committee_key"));
    let rec: TenderRecord = app.get(&format!("/v1/tenders/{}", f.id), None).await.into();
    assert_eq!(rec.agency_id, agency.id());
    assert_eq!(rec.document.custodians.len(), 3);
    assert!(rec.document.must_tender_by_law);
    assert_eq!(desk.agency_desk().await.unwrap().published.len(), 1);
    assert!(desk.agency_desk().await.unwrap().drafts.is_empty());

    // The ceremony runs; the agency sets the key it made, which opens the tender.
    assert_eq!(desk.tender_set_committee_key(&f.id).await.unwrap_err().code, "committee.incomplete");
    app.run_ceremony(&f.id, &custodians).await;
    let row = desk.tender_set_committee_key(&f.id).await.unwrap();
    assert_eq!((row.version, row.status.as_str()), (2, "open"));
    // Ten days before the deadline, an amendment lowers the ceiling.
    app.advance(11 * 86_400);
    desk.sync().await.unwrap();
    let v = desk.tender_amend_start(&f.id).await.unwrap();
    assert_eq!((v.amends, v.form.version), (Some(2), 3));
    assert_eq!(v.problems[0].code, "tender_draft.unchanged");
    let mut g = v.form.clone();
    g.lots[0].ceiling_price = "12500000.00".into();
    let v = desk.tender_draft_save(g.clone()).await.unwrap();
    assert_eq!(v.changes.len(), 1);
    assert_eq!(
        (v.changes[0].field.as_str(), v.changes[0].after.as_str(), v.changes[0].substantive),
        ("lots[L1].ceiling_price", "12500000.00", true)
    );
    assert_eq!(v.problems[0].code, "tender.amendment_notice");
    let moved = v.moved_deadline.clone().expect("the deadline must move");
    g.deadline = moved.clone();
    g.opening_at = moved;
    let v = desk.tender_draft_save(g.clone()).await.unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    let row = desk.tender_draft_publish(&f.id).await.unwrap();
    assert_eq!((row.version, row.status.as_str()), (3, "open"), "the committee key stays: the committee did not change");
    let rec: TenderRecord = app.get(&format!("/v1/tenders/{}", f.id), None).await.into();
    assert_eq!(rec.document.files.len(), 1, "the published file stays without being sent again");
    assert!(rec.document.committee_public_key.is_some());

    // Settings → move the data folder: refused into itself or a folder in use; then moved,
    // and the app started on the new folder has everything; the old copy goes at that start.
    let default = home.path().join("app");
    let busy = home.path().join("busy");
    std::fs::create_dir_all(&busy).unwrap();
    std::fs::write(busy.join("x"), b"x").unwrap();
    for bad in ["relative/folder".to_string(), default.join("inside").display().to_string(), busy.display().to_string()] {
        assert_eq!(desk.move_data_folder(&bad, &default).await.unwrap_err().code, "data.target", "{bad}");
    }
    let v = desk.tender_draft_new("HZ-GC-2027-0032").await.unwrap();
    desk.tender_draft_attach(&v.form.id, "图纸.pdf", b"%PDF-1.4 drawings".to_vec()).await.unwrap();
    let moved = home.path().join("moved here");
    let to = desk.move_data_folder(moved.to_str().unwrap(), &default).await.unwrap();
    assert_eq!(tenderbox_client::home::resolve(&default), moved, "{to}");
    drop(desk);
    assert!(tenderbox_client::home::remove_moved_from(&default).unwrap() > 0);
    assert!(!default.join("tenderbox.db").exists());
    let desk = crate::desk::desk_for(&app, &moved).await;
    let again = desk.agency_desk().await.unwrap();
    assert_eq!((again.published.len(), again.drafts.len()), (1, 1));
    assert_eq!(desk.tender_draft("HZ-GC-2027-0032").await.unwrap().form.files.len(), 1);
    assert_eq!(desk.identity().await.unwrap().unwrap().id, agency.id(), "the key moved with the folder");
}

#[tokio::test]
async fn the_agency_answers_a_clarification_and_hosts_the_opening_to_the_record() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let mut bidders = Vec::new();
    for (seed, uscc) in [("b1", "9135021359498494XQ"), ("b2", "91350213678251743X"), ("b3", "91350100M000100Y43")] {
        let who = Who::new(seed, seed, uscc);
        let tok = app.registered(&who, &[Role::Bidder]).await;
        let r = app.submit(&t.id, &tok, &sealed_bid(&t, &who, 500, seed), 4096).await;
        assert!(r.status.is_success(), "{}", r.body);
        bidders.push((who, tok));
    }
    let q: Clarification = app
        .post(&format!("/v1/tenders/{}/clarifications", t.id), Some(&bidders[0].1), &TextBody { text: "工期可否顺延？".into() })
        .await
        .into();
    let home = tempfile::tempdir().unwrap();
    let desk = desk_as(&app, &agency, home.path()).await;
    assert_eq!(desk.answer_clarification(&t.id, &q.id, " ").await.unwrap_err().code, "clarification.empty");
    let list = desk.answer_clarification(&t.id, &q.id, "工期不变，详见招标文件第二章。").await.unwrap();
    assert_eq!(list[0].answer.as_deref(), Some("工期不变，详见招标文件第二章。"));

    // In the window, a centre admin at its desk declares that the platform failed b3
    // (never signed in): b3's bid is withdrawn (撤回), and everyone in the hall sees why.
    app.advance(3600 + 60);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    let admin_home = tempfile::tempdir().unwrap();
    let admin_desk = desk_as(&app, &app.admin, admin_home.path()).await;
    let receipts: Vec<BidRecord> = app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(&bidders[2].1)).await.into();
    let sha = receipts[0].sha256.clone();
    assert_eq!(admin_desk.opening_platform_fault(&t.id, "abc", "网络中断").await.unwrap_err().code, "opening.fault_sha");
    assert_eq!(admin_desk.opening_platform_fault(&t.id, &sha, " ").await.unwrap_err().code, "opening.reason");
    assert_eq!(desk.opening_platform_fault(&t.id, &sha, "网络中断").await.unwrap_err().code, "auth.role", "an agency cannot");
    let v = admin_desk.opening_platform_fault(&t.id, &sha.to_uppercase(), "投标人所在区域网络中断，平台签到服务不可达").await.unwrap();
    assert!(v.admin);
    assert_eq!(v.faults.len(), 1);
    assert_eq!((v.faults[0].sha256.as_str(), v.faults[0].state.as_str()), (sha.as_str(), "withdrawn"));

    // The opening: the desk knows it hosts; the record is made after the window.
    app.advance(30 * 60 - 59);
    desk.sync().await.unwrap();
    let v = desk.opening(&t.id).await.unwrap();
    assert!(v.host && !v.record && !v.admin);
    assert_eq!(v.faults.len(), 1, "the host sees the declared fault");
    let v = desk.opening_make_record(&t.id).await.unwrap();
    assert!(v.record && v.record_verified, "{v:?}");
    assert_eq!(v.lines.len(), 3);
    assert!(v.lines.iter().any(|l| l.outcome == "withdrawn"), "{:?}", v.lines);
    let o: OpeningState = app
        .post(
            &format!("/v1/tenders/{}/opening/objections", t.id),
            Some(&app.login(&bidders[1].0).await),
            &TextBody { text: "我方未能解密".into() },
        )
        .await
        .into();
    let id = o.objections[0].id.clone();
    assert_eq!(desk.opening_answer(&t.id, &id, "").await.unwrap_err().code, "objection.empty_answer");
    let v = desk.opening_answer(&t.id, &id, "经核查，贵方未在解密时限内解密，按撤销处理。").await.unwrap();
    assert_eq!(v.objections[0].answer.as_deref(), Some("经核查，贵方未在解密时限内解密，按撤销处理。"));
}

/// The trading rules catalogue: a centre admin publishes and retires rules from its desk,
/// every field checked; the public list shows the rules in force, the log records each change.
#[tokio::test]
async fn a_centre_admin_keeps_the_trading_rules_catalogue() {
    let app = spawn().await;
    let home = tempfile::tempdir().unwrap();
    let admin = desk_as(&app, &app.admin, home.path()).await;
    let form = tenderbox_client::desk::RuleForm {
        title: "湖州市公共资源交易管理办法".into(),
        issuer: "湖州市人民政府".into(),
        document_number: "湖政发〔2017〕12号".into(),
        category: "general".into(),
        effective_from: "2017-06-01".into(),
        effective_to: String::new(),
        url: "https://www.huzhou.gov.cn/".into(),
        summary: "统一全市公共资源交易平台、专家库与信用管理。".into(),
    };
    let bad = |f: tenderbox_client::desk::RuleForm| async { admin.rule_publish(f).await.unwrap_err().code };
    assert_eq!(bad(tenderbox_client::desk::RuleForm { category: "lottery".into(), ..form.clone() }).await, "rule.category");
    assert_eq!(bad(tenderbox_client::desk::RuleForm { effective_to: "2016-01-01".into(), ..form.clone() }).await, "rule.dates");
    assert_eq!(bad(tenderbox_client::desk::RuleForm { effective_from: "June".into(), ..form.clone() }).await, "rule.dates");
    assert_eq!(bad(tenderbox_client::desk::RuleForm { url: "ftp://x".into(), ..form.clone() }).await, "rule.url");
    assert_eq!(bad(tenderbox_client::desk::RuleForm { title: " ".into(), ..form.clone() }).await, "rule.field");
    let list = admin.rule_publish(form.clone()).await.unwrap();
    assert_eq!((list.len(), list[0].state.as_str(), list[0].effective_from.as_str()), (1, "in_force", "2017-06-01"));
    // A bidder cannot publish one.
    let bidder = Who::new("b", "湖州建工集团有限公司", "9135021359498494XQ");
    let token = app.registered(&bidder, &[Role::Bidder]).await;
    let r = app.post("/v1/rules", Some(&token), &serde_json::json!({ "title": "x", "issuer": "x", "document_number": "x", "category": "general", "effective_from": "2026-01-01T00:00:00Z", "effective_to": null, "url": null, "summary": "" })).await;
    assert_eq!(r.code(), "auth.role");
    // Retired with its reason: gone from the public list, kept with ?all=true, both in the log.
    assert_eq!(admin.rule_retire(&list[0].id, " ").await.unwrap_err().code, "rule.reason");
    let list = admin.rule_retire(&list[0].id, "被新办法替代").await.unwrap();
    assert_eq!((list[0].state.as_str(), list[0].retired_reason.as_deref()), ("retired", Some("被新办法替代")));
    assert!(tenderbox_client::api::Api::new(&app.base).rules(false).await.unwrap().is_empty());
    assert_eq!(admin.rule_retire(&list[0].id, "again").await.unwrap_err().code, "rule.retired");
    let events = tenderbox_client::api::Api::new(&app.base).events(None).await.unwrap();
    assert!(events.iter().any(|e| e.kind == "rule.published") && events.iter().any(|e| e.kind == "rule.retired"));
}
