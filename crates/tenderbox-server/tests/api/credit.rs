//! The credit library against a real server: a supervisor's signed import (every bad row by
//! line, nothing taken), single entries, corrections and revocations that keep history;
//! each enforcement rule by name — a barred bidder refused at upload creation with the
//! record cited, a consortium with a barred member, a barred agency, a barred expert kept
//! out of the draw, the checks again at the deadline and at the evaluation; the public
//! listing by record kind; an entity's objection answered by a supervisor.

use crate::helpers::*;
use crate::review::{seated, signed};
use tenderbox_client::api::Api;
use tenderbox_core::credit::*;
use tenderbox_core::tender::TradingType;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::signed::sign;
use tenderbox_wire::*;

const SUPERVISOR: &str = "11330500MB1957366U";
const BIDDER: &str = "9135021359498494XQ";
const PARTNER: &str = "91350213678251743X";
const AGENCY: &str = "91350200MA31E12PXF";

pub fn header() -> String {
    COLUMNS.join(",") + "\n"
}

/// A serious-default row barring `uscc` from bidding (all types and centres), 2026.
fn barred_row(uscc: &str, number: &str) -> String {
    format!("entity,{uscc},湖州某公司,严重失信,失信被执行人,湖州市中级人民法院,{number},法〔2016〕285号,2026-01-01,2027-12-31,,,投标\n")
}

pub fn entry(uscc: &str, number: &str, bars: Vec<Bar>) -> CreditEntry {
    CreditEntry {
        format: CREDIT_FORMAT,
        subject_kind: SubjectKind::Entity,
        subject: uscc.into(),
        name: "湖州建工集团有限公司".into(),
        kind: CreditKind::Serious,
        list: "失信被执行人".into(),
        source: "湖州市中级人民法院".into(),
        document_no: number.into(),
        legal_basis: "法〔2016〕285号".into(),
        starts_on: "2026-01-01".into(),
        ends_on: Some("2027-12-31".into()),
        restriction: Restriction { trading_types: vec![], centres: vec![], bars },
        supersedes: None,
        entered_at: Timestamp::from_unix(START),
    }
}

pub fn import_request(who: &Who, csv: &str, rows: u64) -> CreditImportRequest {
    let doc = CreditImport {
        format: CREDIT_FORMAT,
        sha256: sha_hex(csv.as_bytes()),
        rows,
        origin: "信用中国（浙江湖州）导出".into(),
        entered_at: Timestamp::from_unix(START),
    };
    CreditImportRequest { import: signed(doc, who), csv: csv.into() }
}

async fn supervisor(app: &TestApp) -> (Who, Api) {
    let who = Who::new("credit-sup", "湖州市公共资源交易监督管理办公室", SUPERVISOR);
    let api = Api::new(&app.base).with_token(&app.registered(&who, &[Role::Supervisor]).await);
    (who, api)
}

#[tokio::test]
async fn a_supervisor_imports_a_credit_list_and_every_bad_row_is_reported_by_line() {
    let app = spawn().await;
    let (sup, api) = supervisor(&app).await;
    let csv = format!(
        "{}{}{}entity,{PARTNER},长兴路桥工程有限公司,守信,A级纳税人,国家税务总局湖州市税务局,湖税〔2026〕8号,,2026-01-01,2026-12-31,,,\n",
        header(),
        barred_row(BIDDER, "（2026）浙05执1号"),
        barred_row(AGENCY, "（2026）浙05执2号"),
    );
    let r = api.credit_import(&import_request(&sup, &csv, 3)).await.unwrap();
    assert_eq!((r.imported, r.skipped.len()), (3, 0));
    let all = api.credit_records(&[], 0).await.unwrap();
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|v| v.origin == r.id && v.entered_by == sup.id() && v.status == "active"));

    // The same export again: every row is already in force, so skipped by line.
    let again = api.credit_import(&import_request(&sup, &csv, 3)).await;
    // The identical signed import is refused as taken; a new signature over it skips rows.
    assert_eq!(again.unwrap_err().code(), "credit.duplicate");
    let mut req = import_request(&sup, &csv, 3);
    req.import.doc.origin = "第二次导出".into();
    req.import = signed(req.import.doc, &sup);
    let r2 = api.credit_import(&req).await.unwrap();
    assert_eq!(r2.imported, 0);
    assert_eq!(r2.skipped.iter().map(|s| s.line).collect::<Vec<_>>(), [2, 3, 4]);

    // Bad rows: each reported by line and column; nothing of the file is taken.
    let bad = format!(
        "{}{}entity,91350100M000100Y44,某公司,失信,行政处罚,湖州市住建局,湖建罚〔2026〕1号,条例第六十七条,2026-01-10,,,,投标\nentity,{BIDDER},某公司,失信,行政处罚,湖州市住建局,湖建罚〔2026〕2号,条例,2026-13-01,,,,投标\n",
        header(),
        barred_row("91350100M000100Y43", "（2026）浙05执9号")
    );
    let e = api.credit_import(&import_request(&sup, &bad, 3)).await.unwrap_err();
    let msg = e.to_string();
    assert_eq!(e.code(), "credit.import");
    assert!(msg.contains("line 3 subject [uscc.check_mismatch]") && msg.contains("line 4 starts_on [credit.date]"), "{msg}");
    assert!(!msg.contains("line 2 "), "{msg}");
    assert_eq!(api.credit_records(&[], 0).await.unwrap().len(), 3, "nothing of a refused import was taken");

    // The signature binds the file: another file under the same signed statement is refused.
    let mut swapped = import_request(&sup, &csv, 3);
    swapped.csv = csv.replace("2027-12-31", "2026-02-01");
    assert_eq!(api.credit_import(&swapped).await.unwrap_err().code(), "credit.signature");
    // The row count is part of what was signed.
    assert_eq!(api.credit_import(&import_request(&sup, &csv, 2)).await.unwrap_err().code(), "credit.import");
    // Only a supervisor's own signature is taken.
    let other = Who::new("other", "别人", "91350100M000100Y43");
    assert_eq!(api.credit_import(&import_request(&other, &csv, 3)).await.unwrap_err().code(), "credit.signature");
    // Only supervisors import.
    let admin = Api::new(&app.base).with_token(&app.login(&app.admin).await);
    assert_eq!(admin.credit_import(&import_request(&sup, &csv, 3)).await.unwrap_err().code(), "auth.role");

    // The import is a log event naming the file's hash and the supervisor's signature.
    let events = app.get("/v1/events", None).await.into::<EventsPage>().events;
    let ev = events.iter().find(|e| e.kind == "credit.imported").unwrap();
    assert_eq!(ev.body["sha256"], sha_hex(csv.as_bytes()));
    assert_eq!(ev.body["imported"], 3);
}

#[tokio::test]
async fn credit_barred_bidder_is_refused_at_upload_creation_with_the_record_cited() {
    let app = spawn().await;
    let (sup, api) = supervisor(&app).await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", AGENCY);
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let bidder = Who::new("bidder", "湖州建工集团有限公司", BIDDER);
    let token = app.registered(&bidder, &[Role::Bidder]).await;

    // A record for another trading type does not bar an engineering tender.
    let mut other_type = entry(BIDDER, "（2026）浙05执7号", vec![Bar::Bidding]);
    other_type.restriction.trading_types = vec![TradingType::Procurement];
    api.credit_enter(&sign(other_type, &sup.id(), &sup.secret).unwrap()).await.unwrap();
    let ok = app
        .post(&format!("/v1/tenders/{}/uploads", t.id), Some(&token), &app.signed_upload(&t.id, &token, 10, &sha_hex(b"0123456789")).await)
        .await;
    assert!(ok.status.is_success(), "{}", ok.body);

    let rec =
        api.credit_enter(&sign(entry(BIDDER, "（2026）浙05执123号", vec![Bar::Bidding]), &sup.id(), &sup.secret).unwrap()).await.unwrap();
    let r = app
        .post(&format!("/v1/tenders/{}/uploads", t.id), Some(&token), &app.signed_upload(&t.id, &token, 10, &sha_hex(b"0123456789")).await)
        .await;
    assert_eq!(r.status, reqwest::StatusCode::FORBIDDEN);
    assert_eq!(r.code(), "credit.barred_bidder");
    let msg = r.body["message"].as_str().unwrap();
    for cited in ["湖州市中级人民法院", "（2026）浙05执123号", "2027-12-31", rec.id.as_str(), "credit.barred_bidder"] {
        assert!(msg.contains(cited), "the refusal cites {cited}: {msg}");
    }

    // A whole bid already under way is refused at completion too (the record as of now).
    let bid = sealed_bid(&t, &bidder, 100, "b");
    api.credit_revoke(
        &rec.id,
        &signed(
            CreditRevocation {
                format: CREDIT_FORMAT,
                record: rec.id.clone(),
                reason: "法院已解除".into(),
                revoked_at: Timestamp::from_unix(START),
            },
            &sup,
        ),
    )
    .await
    .unwrap();
    let up: UploadState = app
        .post(
            &format!("/v1/tenders/{}/uploads", t.id),
            Some(&token),
            &app.signed_upload(&t.id, &token, bid.len() as u64, &sha_hex(&bid)).await,
        )
        .await
        .into();
    app.patch(&up.id, &token, 0, &bid, None).await;
    api.credit_enter(&sign(entry(BIDDER, "（2026）浙05执124号", vec![Bar::Bidding]), &sup.id(), &sup.secret).unwrap()).await.unwrap();
    let done = app.post(&format!("/v1/uploads/{}/complete", up.id), Some(&token), &serde_json::json!({})).await;
    assert_eq!(done.code(), "credit.barred_bidder", "{}", done.body);
    let mine: Vec<BidRecord> = app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(&token)).await.into();
    assert!(mine.is_empty(), "no bid of a barred bidder was taken");
}

#[tokio::test]
async fn credit_barred_consortium_member_bars_the_consortium() {
    let app = spawn().await;
    let (sup, api) = supervisor(&app).await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", AGENCY);
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let lead = Who::new("lead", "湖州建工集团有限公司", BIDDER);
    let token = app.registered(&lead, &[Role::Bidder]).await;
    api.credit_enter(&sign(entry(PARTNER, "（2026）浙05执55号", vec![Bar::Bidding]), &sup.id(), &sup.secret).unwrap()).await.unwrap();
    let members = vec![PARTNER.to_string()];
    let req = CreateUpload::sign_with_consortium(&t.id, &sha_hex(b"0123456789"), 10, None, &members, &lead.secret);
    let r = app.post(&format!("/v1/tenders/{}/uploads", t.id), Some(&token), &req).await;
    assert_eq!(r.code(), "credit.barred_consortium_member", "{}", r.body);
    assert!(r.body["message"].as_str().unwrap().contains(PARTNER));
    // The members are part of what the lead signed: dropping them breaks the signature.
    let mut stripped = req.clone();
    stripped.consortium.clear();
    assert_eq!(app.post(&format!("/v1/tenders/{}/uploads", t.id), Some(&token), &stripped).await.code(), "upload.signature");
    // Members must be valid, distinct codes other than the lead's.
    let bad = CreateUpload::sign_with_consortium(&t.id, &sha_hex(b"0123456789"), 10, None, &[BIDDER.to_string()], &lead.secret);
    assert_eq!(app.post(&format!("/v1/tenders/{}/uploads", t.id), Some(&token), &bad).await.code(), "upload.consortium");
    // Alone, the lead may bid.
    let alone = app
        .post(&format!("/v1/tenders/{}/uploads", t.id), Some(&token), &app.signed_upload(&t.id, &token, 10, &sha_hex(b"0123456789")).await)
        .await;
    assert!(alone.status.is_success(), "{}", alone.body);
}

#[tokio::test]
async fn credit_barred_agency_cannot_publish() {
    let app = spawn().await;
    let (sup, api) = supervisor(&app).await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", AGENCY);
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let mut e = entry(AGENCY, "湖发改罚〔2026〕3号", vec![Bar::Agency]);
    e.kind = CreditKind::Bad;
    e.list = "招标代理不良行为".into();
    e.restriction.centres = vec!["HZ-DQ".into()];
    api.credit_enter(&sign(e, &sup.id(), &sup.secret).unwrap()).await.unwrap();
    let mut t = tender_doc();
    t.centre = "HZ-DQ".into();
    let r = app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &t)).await;
    assert_eq!(r.code(), "credit.barred_agency", "{}", r.body);
    assert!(r.body["message"].as_str().unwrap().contains("湖发改罚〔2026〕3号"));
    // The restriction is for Deqing only: the city centre's tender goes out.
    let city = tender_doc();
    app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &city)).await.into::<TenderRecord>();
}

#[tokio::test]
async fn credit_barred_expert_is_not_drawn() {
    let w = crate::draws::world().await;
    let (sup, api) = supervisor(&w.app).await;
    // Bar every A08 expert at HZ but three from evaluating: the draw of three from HZ A08
    // must be exactly those three (without the bar, 1 draw in 165 would pick them).
    let barred: Vec<String> = (0..12).filter(|i| ![0, 1, 2].contains(i)).map(|i| format!("HZ-A-{i:03}")).collect();
    let mut csv = header();
    for code in &barred {
        csv.push_str(&format!("expert,{code},专家{code},失信,评标专家不良行为,湖州市发展和改革委员会,湖发改〔2026〕{code}号,评标专家和评标专家库管理办法,2026-01-01,,,,评标专家\n"));
    }
    csv.push_str(
        "expert,HZ-A-900,招标人职工,失信,评标专家不良行为,湖州市发展和改革委员会,湖发改〔2026〕900号,依据,2026-01-01,,,,评标专家\n",
    );
    csv.push_str(
        "expert,HZ-A-901,代理机构职工,失信,评标专家不良行为,湖州市发展和改革委员会,湖发改〔2026〕901号,依据,2026-01-01,,,,评标专家\n",
    );
    api.credit_import(&import_request(&sup, &csv, barred.len() as u64 + 2)).await.unwrap();
    let sup_api = api;
    let mut r = crate::draws::request(&w.tender);
    r.reserves_per_group = 0;
    r.groups = vec![
        DrawGroup { venue: "HZ".into(), specialty: "A08".into(), count: 3 },
        DrawGroup { venue: "HZ-DQ".into(), specialty: "A08".into(), count: 2 },
    ];
    let d = w.admin.request_draw(&r).await.unwrap();
    let d = sup_api.draw_entropy(&d.id, b"credit").await.unwrap();
    let mut drawn = Vec::new();
    for (code, e) in &w.experts {
        if !e.invitations().await.unwrap().is_empty() {
            drawn.push(code.clone());
        }
    }
    assert_eq!(drawn.len(), 5, "{d:?}");
    for code in &drawn {
        assert!(!barred.contains(code), "barred expert {code} was drawn");
    }
    for code in ["HZ-A-000", "HZ-A-001", "HZ-A-002"] {
        assert!(drawn.iter().any(|c| c == code), "{code}, one of the three not barred, was drawn: {drawn:?}");
    }
}

#[tokio::test]
async fn the_credit_check_runs_again_at_the_deadline_and_at_the_evaluation_which_counts() {
    let s = seated().await;
    let app = &s.w.app;
    let (sup, api) = supervisor(app).await;
    // At the deadline nobody was barred.
    let checks = api.tender_credit_checks(&s.t).await.unwrap();
    let at_deadline: Vec<&CreditCheck> = checks.iter().filter(|c| c.stage == "deadline").collect();
    assert_eq!(at_deadline.len(), 3);
    assert!(at_deadline.iter().all(|c| c.findings.is_empty()));
    // A record entered after the deadline, before the committee's work: it counts.
    let barred = s.bidders[0].0.public.uscc.to_string();
    let rec =
        api.credit_enter(&sign(entry(&barred, "（2026）浙05执321号", vec![Bar::Bidding]), &sup.id(), &sup.secret).unwrap()).await.unwrap();
    let work = s.members[0].1.evaluation_work(&s.t).await.unwrap();
    let mine = work.credit.iter().find(|c| c.stage == "evaluation" && c.bidder == barred).expect("the evaluation check");
    assert_eq!(mine.findings[0].document_no, "（2026）浙05执321号");
    // Every member reviews all bids as passing; the committee's conclusion fails the barred one.
    for (seat, m, _) in &s.members {
        let w = m.evaluation_work(&s.t).await.unwrap();
        let sheet = crate::review::review_sheet(&s.t, seat, &w, &[]);
        m.put_review_sheet(&s.t, &signed(sheet, s.who(s.members.iter().position(|x| &x.0 == seat).unwrap()))).await.unwrap();
    }
    let work = s.members[0].1.evaluation_work(&s.t).await.unwrap();
    let c = work.conclusion.unwrap();
    let out = c.iter().find(|r| r.bidder == barred).unwrap();
    assert!(!out.passed);
    let reason = out.reason().unwrap();
    assert!(reason.starts_with("资格审查未通过") && reason.contains("（2026）浙05执321号"), "{reason}");
    assert!(c.iter().filter(|r| r.bidder != barred).all(|r| r.passed));
    // The check is kept as of the evaluation: a later revocation does not change it.
    let rev = CreditRevocation {
        format: CREDIT_FORMAT,
        record: rec.id.clone(),
        reason: "法院已解除".into(),
        revoked_at: Timestamp::from_unix(START),
    };
    api.credit_revoke(&rec.id, &signed(rev, &sup)).await.unwrap();
    let checks = api.tender_credit_checks(&s.t).await.unwrap();
    assert_eq!(checks.iter().filter(|c| c.stage == "evaluation").count(), 3);
    let kept = checks.iter().find(|c| c.stage == "evaluation" && c.bidder == barred).unwrap();
    assert_eq!(kept.findings[0].record, rec.id);
    let work = s.members[0].1.evaluation_work(&s.t).await.unwrap();
    assert!(!work.conclusion.unwrap().iter().find(|r| r.bidder == barred).unwrap().passed, "the record as of the evaluation counts");
    // A bidder does not read the tender's checks.
    assert_eq!(s.bidders[1].1.tender_credit_checks(&s.t).await.unwrap_err().code(), "auth.role");
}

#[tokio::test]
async fn credit_publicity_follows_the_record_kind_and_an_upheld_objection_revokes() {
    let app = spawn().await;
    let (sup, api) = supervisor(&app).await;
    // Today is START (2026): a bad record from 2024 was published for a year only.
    let mut old = entry(BIDDER, "湖建罚〔2024〕9号", vec![]);
    old.kind = CreditKind::Bad;
    old.list = "行政处罚".into();
    old.starts_on = "2024-03-01".into();
    old.ends_on = None;
    let old = api.credit_enter(&sign(old, &sup.id(), &sup.secret).unwrap()).await.unwrap();
    let serious =
        api.credit_enter(&sign(entry(BIDDER, "（2026）浙05执77号", vec![Bar::Bidding]), &sup.id(), &sup.secret).unwrap()).await.unwrap();
    let anon = Api::new(&app.base);
    let listed = anon.credit_public(&[("subject", BIDDER)]).await.unwrap();
    assert_eq!(listed.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), [serious.id.as_str()]);
    assert_eq!(listed[0].published_until.as_deref(), Some("2028-12-31"), "three years for a serious-default entry");
    assert!(!old.published && old.published_until.as_deref() == Some("2025-02-28"));

    // The entity sees both of its records and objects to the serious one.
    let bidder = Who::new("bidder", "湖州建工集团有限公司", BIDDER);
    let b = Api::new(&app.base).with_token(&app.registered(&bidder, &[Role::Bidder]).await);
    let mine = b.credit_mine().await.unwrap();
    assert_eq!(mine.len(), 2);
    let obj = CreditObjection {
        format: CREDIT_FORMAT,
        record: serious.id.clone(),
        text: "该案已于2026年3月执行完毕，法院已出具结案证明。".into(),
        filed_at: Timestamp::from_unix(START),
    };
    let o = b.credit_object(&serious.id, &signed(obj.clone(), &bidder)).await.unwrap();
    assert_eq!(
        b.credit_object(&serious.id, &signed(obj.clone(), &bidder)).await.unwrap_err().code(),
        "credit.objection",
        "one open objection"
    );
    // Another company cannot object to it, nor read it.
    let other = Who::new("other", "长兴路桥工程有限公司", PARTNER);
    let oa = Api::new(&app.base).with_token(&app.registered(&other, &[Role::Bidder]).await);
    assert_eq!(oa.credit_object(&serious.id, &signed(obj, &other)).await.unwrap_err().code(), "credit.not_found");
    assert_eq!(oa.credit_record(&serious.id).await.unwrap_err().code(), "credit.not_found");
    assert_eq!(oa.credit_records(&[], 0).await.unwrap_err().code(), "auth.role");
    // The supervisor sees it open and upholds it: the record is revoked, off the listing.
    assert_eq!(api.credit_objections(true).await.unwrap().len(), 1);
    let ans = CreditObjectionAnswer {
        format: CREDIT_FORMAT,
        objection: o.id.clone(),
        upheld: true,
        text: "经核实，已结案，撤销该记录。".into(),
        answered_at: Timestamp::from_unix(START),
    };
    api.credit_answer(&o.id, &signed(ans.clone(), &sup)).await.unwrap();
    assert_eq!(api.credit_answer(&o.id, &signed(ans, &sup)).await.unwrap_err().code(), "credit.objection");
    let after = b.credit_record(&serious.id).await.unwrap();
    assert_eq!(after.status, "revoked");
    assert!(after.objections[0].answer.as_ref().unwrap().doc.upheld);
    assert!(anon.credit_public(&[("subject", BIDDER)]).await.unwrap().is_empty());
    assert!(api.credit_objections(true).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_correction_and_a_revocation_keep_the_history_and_are_logged() {
    let app = spawn().await;
    let (sup, api) = supervisor(&app).await;
    let first =
        api.credit_enter(&sign(entry(BIDDER, "（2026）浙05执88号", vec![Bar::Bidding]), &sup.id(), &sup.secret).unwrap()).await.unwrap();
    // The same record again is a duplicate.
    let mut same = entry(BIDDER, "（2026）浙05执88号", vec![Bar::Bidding]);
    same.entered_at = Timestamp::from_unix(START + 1);
    assert_eq!(api.credit_enter(&sign(same, &sup.id(), &sup.secret).unwrap()).await.unwrap_err().code(), "credit.duplicate");
    // A correction of the end date.
    let mut fix = entry(BIDDER, "（2026）浙05执88号", vec![Bar::Bidding]);
    fix.ends_on = Some("2026-06-30".into());
    fix.supersedes = Some(first.id.clone());
    let second = api.credit_enter(&sign(fix, &sup.id(), &sup.secret).unwrap()).await.unwrap();
    let old = api.credit_record(&first.id).await.unwrap();
    assert_eq!(old.status, "corrected");
    assert_eq!(old.corrected_by.as_deref(), Some(second.id.as_str()));
    assert_eq!(old.entry.ends_on.as_deref(), Some("2027-12-31"), "the old record is kept as it was");
    // A corrected record cannot be corrected or revoked again.
    let rev = |id: &str| CreditRevocation {
        format: CREDIT_FORMAT,
        record: id.into(),
        reason: "录入错误".into(),
        revoked_at: Timestamp::from_unix(START),
    };
    assert_eq!(api.credit_revoke(&first.id, &signed(rev(&first.id), &sup)).await.unwrap_err().code(), "credit.state");
    // A revocation needs a reason and the supervisor's own signature.
    let mut no_reason = rev(&second.id);
    no_reason.reason = " ".into();
    assert_eq!(api.credit_revoke(&second.id, &signed(no_reason, &sup)).await.unwrap_err().code(), "credit.field");
    let stranger = Who::new("x", "别人", "91350100M000100Y43");
    assert_eq!(api.credit_revoke(&second.id, &signed(rev(&second.id), &stranger)).await.unwrap_err().code(), "credit.signature");
    let done = api.credit_revoke(&second.id, &signed(rev(&second.id), &sup)).await.unwrap();
    assert_eq!(done.status, "revoked");
    assert_eq!(done.revocation.unwrap().doc.reason, "录入错误");
    // Everything is still in the library, and every change is a log event.
    assert_eq!(api.credit_records(&[("subject", BIDDER)], 0).await.unwrap().len(), 2);
    let events = app.get("/v1/events", None).await.into::<EventsPage>().events;
    let kinds: Vec<&str> = events.iter().filter(|e| e.kind.starts_with("credit.")).map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["credit.entered", "credit.corrected", "credit.revoked"]);
    // A bad entry gets every problem named.
    let mut bad = entry("91350100M000100Y44", "", vec![Bar::Expert]);
    bad.starts_on = "2026-02-30".into();
    let e = api.credit_enter(&sign(bad, &sup.id(), &sup.secret).unwrap()).await.unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("subject") && msg.contains("document_no") && msg.contains("starts_on") && msg.contains("restriction"), "{msg}");
}
