//! The access matrix: every protected endpoint × every role × own or another's
//! resource. Only the allowed cells get past access control; the rest get
//! 401/403, or 404 where saying "forbidden" would reveal that the thing exists.

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tenderbox_core::tender::Custodian;
use tenderbox_wire::*;

#[tokio::test]
async fn only_the_allowed_cells_of_the_access_matrix_get_through() {
    let app = spawn().await;
    let admin = app.login(&app.admin).await;
    let agency_a = Who::new("agency-a", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let agency_b = Who::new("agency-b", "湖州中天招标代理有限公司", "91350213678251743X");
    let bidder_x = Who::new("bidder-x", "湖州建工集团有限公司", "9135021359498494XQ");
    let bidder_y = Who::new("bidder-y", "长兴路桥工程有限公司", "91350213678251743X");
    let cust_in = Who::new("cust-in", "交易中心", "91350100M000100Y43");
    let cust_out = Who::new("cust-out", "其他单位", "91330502MA2B1C3D40");
    let evaluator = Who::new("eval", "评标专家甲", "91330503MA2B5E6F78");
    let supervisor = Who::new("super", "监督科", "12330500MB00000889");
    let finance = Who::new("finance", "交易中心财务科", "12330500MB1A2B3C41");
    let guarantor = Who::new("guarantor", "湖州银行股份有限公司", "91330500MA28C0X1LJ");
    let tok = |t: String| Some(t);
    let callers: Vec<(&str, Option<String>)> = vec![
        ("anonymous", None),
        ("admin", tok(admin.clone())),
        ("agency_a", tok(app.registered(&agency_a, &[Role::Agency]).await)),
        ("agency_b", tok(app.registered(&agency_b, &[Role::Agency]).await)),
        ("bidder_x", tok(app.registered(&bidder_x, &[Role::Bidder]).await)),
        ("bidder_y", tok(app.registered(&bidder_y, &[Role::Bidder]).await)),
        ("cust_in", tok(app.registered(&cust_in, &[Role::Custodian]).await)),
        ("cust_out", tok(app.registered(&cust_out, &[Role::Custodian]).await)),
        ("evaluator", tok(app.registered(&evaluator, &[Role::Evaluator]).await)),
        ("supervisor", tok(app.registered(&supervisor, &[Role::Supervisor]).await)),
        ("finance", tok(app.registered(&finance, &[Role::Finance]).await)),
        ("guarantor", tok(app.registered(&guarantor, &[Role::Guarantor]).await)),
    ];
    let token_of = |name: &str| callers.iter().find(|c| c.0 == name).unwrap().1.clone().unwrap();

    // Resources: a tender of agency A with cust_in as its custodian, an upload of bidder X,
    // a pending registration.
    let mut t = tender_doc();
    t.envelope.committee_opens_on_bidder_failure = true;
    t.threshold = 2;
    let others = three_custodians(&app).await;
    t.custodians = vec![Custodian { name: "交易中心".into(), id: cust_in.id(), encryption_key: cust_in.public.encryption_key.clone() }];
    t.custodians.extend(custodian_entries(&others[1..]));
    app.post("/v1/tenders", Some(&token_of("agency_a")), &sign_tender(&agency_a, &t)).await.into::<TenderRecord>();
    let mut open = tender_doc();
    open.id = "HZ-GC-2026-0600".into();
    app.post("/v1/tenders", Some(&token_of("agency_a")), &sign_tender(&agency_a, &open)).await.into::<TenderRecord>();
    let up: UploadState = app
        .post(
            &format!("/v1/tenders/{}/uploads", open.id),
            Some(&token_of("bidder_x")),
            &app.signed_upload(&open.id, &token_of("bidder_x"), 10, &sha_hex(b"0123456789")).await,
        )
        .await
        .into();
    let pending = Who::new("pending", "待审公司", "91350100M000100Y43");
    app.post(
        "/v1/identities",
        None,
        &RegisterRequest { identity: pending.public.clone(), roles: vec![Role::Bidder], documents: vec![], documents_signature: None },
    )
    .await
    .into::<IdentityRecord>();

    // Credit: a record about bidder X (entered by the supervisor), an objection of X's to
    // another record, and signed documents every caller may send (only the supervisor's count).
    let sup_api = tenderbox_client::api::Api::new(&app.base).with_token(&token_of("supervisor"));
    let rec_x = sup_api
        .credit_enter(&crate::review::signed(
            crate::credit::entry(&bidder_x.public.uscc.to_string(), "（2026）浙05执1号", vec![]),
            &supervisor,
        ))
        .await
        .unwrap();
    let rec_x2 = sup_api
        .credit_enter(&crate::review::signed(
            crate::credit::entry(&bidder_x.public.uscc.to_string(), "（2026）浙05执2号", vec![]),
            &supervisor,
        ))
        .await
        .unwrap();
    let x_api = tenderbox_client::api::Api::new(&app.base).with_token(&token_of("bidder_x"));
    let objection_doc = tenderbox_core::credit::CreditObjection {
        format: 1,
        record: rec_x2.id.clone(),
        text: "已履行完毕".into(),
        filed_at: tenderbox_core::time::Timestamp::from_unix(START),
    };
    let objection = x_api.credit_object(&rec_x2.id, &crate::review::signed(objection_doc.clone(), &bidder_x)).await.unwrap();
    let credit_entry = serde_json::to_value(crate::review::signed(
        crate::credit::entry(&bidder_y.public.uscc.to_string(), "（2026）浙05执3号", vec![]),
        &supervisor,
    ))
    .unwrap();
    let credit_import =
        serde_json::to_value(crate::credit::import_request(&supervisor, &tenderbox_core::credit::COLUMNS.join(","), 0)).unwrap();
    let revocation = serde_json::to_value(crate::review::signed(
        tenderbox_core::credit::CreditRevocation {
            format: 1,
            record: rec_x.id.clone(),
            reason: "录入错误".into(),
            revoked_at: tenderbox_core::time::Timestamp::from_unix(START),
        },
        &supervisor,
    ))
    .unwrap();
    let answer_doc = serde_json::to_value(crate::review::signed(
        tenderbox_core::credit::CreditObjectionAnswer {
            format: 1,
            objection: objection.id.clone(),
            upheld: false,
            text: "维持".into(),
            answered_at: tenderbox_core::time::Timestamp::from_unix(START),
        },
        &supervisor,
    ))
    .unwrap();
    let x_objection = serde_json::to_value(crate::review::signed(objection_doc, &bidder_x)).unwrap();
    // Complaints: one of bidder X's about the open tender, and the supervisor's signed steps.
    let complaint = tenderbox_client::api::Api::new(&app.base)
        .with_token(&token_of("bidder_x"))
        .file_complaint(&crate::review::signed(
            tenderbox_core::complaint::Complaint {
                format: 1,
                tender: open.id.clone(),
                complainant: bidder_x.public.uscc.to_string(),
                respondent: "浙江湖信工程咨询有限公司".into(),
                step: "documents".into(),
                known_on: "2026-11-30".into(),
                facts: "事实".into(),
                requests: "请求".into(),
                files: vec![tenderbox_core::complaint::ComplaintFile { name: "a.pdf".into(), sha256: sha_hex(b"evidence"), size: 8 }],
                filed_at: tenderbox_core::time::Timestamp::from_unix(START),
            },
            &bidder_x,
        ))
        .await
        .unwrap();
    let c_accept = serde_json::to_value(crate::review::signed(
        tenderbox_core::complaint::ComplaintAcceptance {
            format: 1,
            complaint: complaint.id.clone(),
            accepted: true,
            reasons: "受理".into(),
            decided_at: tenderbox_core::time::Timestamp::from_unix(START),
        },
        &supervisor,
    ))
    .unwrap();
    let c_decide = serde_json::to_value(crate::review::signed(
        tenderbox_core::complaint::ComplaintDecision {
            format: 1,
            complaint: complaint.id.clone(),
            finding: "dismissed".into(),
            reasons: "理由".into(),
            measures: String::new(),
            decided_at: tenderbox_core::time::Timestamp::from_unix(START),
        },
        &supervisor,
    ))
    .unwrap();
    let sealed_reserve = {
        let keys: Vec<(String, [u8; 32])> = (1..=3).map(|i| (format!("c{i}"), supervisor.secret.encryption_public())).collect();
        let r = tenderbox_seal::reserve::seal(
            "none",
            &"0".repeat(64),
            "1.00".parse().unwrap(),
            &keys,
            2,
            &tenderbox_seal::SystemEntropy::new(),
        )
        .unwrap();
        serde_json::to_value(crate::review::signed(r, &supervisor)).unwrap()
    };
    let sealed_price = {
        let keys: Vec<(String, [u8; 32])> = (1..=3).map(|i| (format!("c{i}"), supervisor.secret.encryption_public())).collect();
        let sealed = tenderbox_seal::reserve::seal(
            "none",
            &"0".repeat(64),
            "1.00".parse().unwrap(),
            &keys,
            2,
            &tenderbox_seal::SystemEntropy::new(),
        )
        .unwrap();
        serde_json::to_value(crate::review::signed(tenderbox_seal::reserve::SealedPrice { number: "0001".into(), sealed }, &supervisor))
            .unwrap()
    };
    let confirmation = serde_json::to_value(crate::review::signed(
        tenderbox_core::auction::Confirmation::of(
            &crate::auctions::property("2027-06-01T10:00:00+08:00"),
            "none",
            "湖州建工集团有限公司",
            "9135021359498494XQ",
            "0001",
            "1.00".parse().unwrap(),
            tenderbox_core::time::Timestamp::from_unix(START),
            "1.00".parse().unwrap(),
            "0".parse().unwrap(),
            tenderbox_core::time::Timestamp::from_unix(START),
        )
        .unwrap(),
        &supervisor,
    ))
    .unwrap();
    let alert_decision = serde_json::to_value(crate::review::signed(
        tenderbox_core::collusion::AlertDecision {
            format: 1,
            alert: "none".into(),
            finding: "no_collusion".into(),
            reasons: "理由".into(),
            decided_at: tenderbox_core::time::Timestamp::from_unix(START),
        },
        &supervisor,
    ))
    .unwrap();
    let guarantee =
        serde_json::to_value(crate::review::signed(crate::security::guarantee_for(&open, &bidder_x, "G-1", "1000.00"), &guarantor))
            .unwrap();
    let g_revocation = serde_json::to_value(crate::review::signed(
        tenderbox_core::security::GuaranteeRevocation {
            format: 1,
            guarantee: "none".into(),
            reason: "撤销".into(),
            revoked_at: tenderbox_core::time::Timestamp::from_unix(START),
        },
        &guarantor,
    ))
    .unwrap();

    let mut v2 = t.clone();
    v2.version = 2;
    let (_, params, _) = app.ceremony(&t.id).await;
    let commitment = tenderbox_seal::ceremony::commit(&params, &cust_in.secret).unwrap();
    let deal = tenderbox_seal::ceremony::deal(&params, &cust_in.secret).unwrap();
    let verdict = tenderbox_seal::ceremony::sign(
        tenderbox_seal::ceremony::Verdict {
            tender: t.id.clone(),
            ceremony: params.id(),
            custodian: 1,
            acks: vec![],
            complaints: vec![],
            signature: String::new(),
        },
        &cust_in.secret,
    );
    let answer = tenderbox_seal::ceremony::answer(&params, &cust_in.secret, 2).unwrap();
    let publish_new = |who: &Who, n: u32| {
        let mut d = tender_doc();
        d.id = format!("HZ-GC-2026-07{n:02}");
        serde_json::to_value(sign_tender(who, &d)).unwrap()
    };

    // (method, path, body, allowed callers)
    let cells: Vec<(Method, String, Value, Vec<&str>)> = vec![
        (Method::GET, "/v1/identities".into(), Value::Null, vec!["admin", "supervisor"]),
        (Method::GET, "/v1/audit".into(), Value::Null, vec!["admin", "supervisor"]),
        (Method::GET, format!("/v1/identities/{}", bidder_x.id()), Value::Null, vec!["admin", "supervisor", "bidder_x"]),
        (Method::POST, format!("/v1/identities/{}/reject", pending.id()), json!({"reason": "材料不全"}), vec!["admin"]),
        (Method::POST, format!("/v1/tenders/{}/amend", t.id), serde_json::to_value(sign_tender(&agency_a, &v2)).unwrap(), vec!["agency_a"]),
        (
            Method::POST,
            format!("/v1/tenders/{}/uploads", open.id),
            json!({"length": 5, "sha256": sha_hex(b"abcde")}),
            vec!["bidder_x", "bidder_y"],
        ),
        (Method::GET, format!("/v1/uploads/{}", up.id), Value::Null, vec!["bidder_x"]),
        (Method::POST, format!("/v1/uploads/{}/complete", up.id), json!({}), vec!["bidder_x"]),
        (Method::GET, format!("/v1/tenders/{}/bids/mine", open.id), Value::Null, vec!["bidder_x", "bidder_y"]),
        (
            Method::POST,
            format!("/v1/tenders/{}/withdraw", open.id),
            json!({"tender": open.id, "sha256": sha_hex(b"none"), "log_index": 0, "signature": ""}),
            vec!["bidder_x", "bidder_y"],
        ),
        (Method::POST, format!("/v1/tenders/{}/committee/commitments", t.id), serde_json::to_value(&commitment).unwrap(), vec!["cust_in"]),
        (Method::POST, format!("/v1/tenders/{}/committee/deals", t.id), serde_json::to_value(&deal).unwrap(), vec!["cust_in"]),
        (Method::POST, format!("/v1/tenders/{}/committee/verdicts", t.id), serde_json::to_value(&verdict).unwrap(), vec!["cust_in"]),
        (Method::POST, format!("/v1/tenders/{}/committee/answers", t.id), serde_json::to_value(&answer).unwrap(), vec!["cust_in"]),
        (Method::GET, format!("/v1/tenders/{}/opening/stanzas", open.id), Value::Null, vec![]),
        (
            Method::POST,
            format!("/v1/tenders/{}/opening/remedy", open.id),
            json!({"tender": open.id, "sha256": sha_hex(b"none"), "log_index": 0, "signature": ""}),
            vec!["admin", "bidder_x", "bidder_y"],
        ),
        (Method::POST, format!("/v1/tenders/{}/opening/key", open.id), json!({"file_key": "AAAA"}), vec!["bidder_x", "bidder_y"]),
        (Method::POST, format!("/v1/tenders/{}/opening/sign-in", open.id), json!({}), vec!["bidder_x", "bidder_y"]),
        (Method::POST, format!("/v1/tenders/{}/opening/partials", t.id), json!([]), vec!["cust_in"]),
        (Method::POST, format!("/v1/tenders/{}/opening/record", open.id), json!({}), vec!["agency_a"]),
        (Method::POST, format!("/v1/tenders/{}/opening/confirm", open.id), json!({}), vec!["bidder_x", "bidder_y"]),
        (Method::POST, format!("/v1/tenders/{}/opening/objections/none/answer", open.id), json!({"text": "答复"}), vec!["agency_a"]),
        (Method::PUT, format!("/v1/tender-files/{}", sha_hex(b"{}")), json!({}), vec!["agency_a", "agency_b"]),
        (Method::POST, format!("/v1/tenders/{}/cancel", open.id), json!({"reason": "项目取消"}), vec!["agency_a"]),
        (Method::POST, "/v1/credit/records".into(), credit_entry, vec!["supervisor"]),
        (Method::POST, "/v1/credit/import".into(), credit_import, vec!["supervisor"]),
        (Method::GET, "/v1/credit/records".into(), Value::Null, vec!["admin", "supervisor"]),
        (Method::GET, format!("/v1/credit/records/{}", rec_x.id), Value::Null, vec!["admin", "supervisor", "bidder_x"]),
        (Method::POST, format!("/v1/credit/records/{}/objections", rec_x2.id), x_objection, vec!["bidder_x"]),
        (Method::GET, "/v1/credit/objections".into(), Value::Null, vec!["admin", "supervisor"]),
        (Method::POST, format!("/v1/credit/objections/{}/answer", objection.id), answer_doc, vec!["supervisor"]),
        (Method::POST, format!("/v1/credit/records/{}/revoke", rec_x.id), revocation, vec!["supervisor"]),
        (
            Method::GET,
            "/v1/credit/mine".into(),
            Value::Null,
            vec![
                "admin",
                "agency_a",
                "agency_b",
                "bidder_x",
                "bidder_y",
                "cust_in",
                "cust_out",
                "evaluator",
                "supervisor",
                "finance",
                "guarantor",
            ],
        ),
        (Method::GET, format!("/v1/tenders/{}/credit-checks", open.id), Value::Null, vec!["admin", "supervisor", "agency_a"]),
        (Method::GET, format!("/v1/tenders/{}/security", open.id), Value::Null, vec!["bidder_x", "bidder_y"]),
        (Method::POST, "/v1/guarantees".into(), guarantee, vec!["guarantor"]),
        (Method::GET, format!("/v1/guarantees?tender={}", open.id), Value::Null, vec!["admin", "supervisor", "finance", "guarantor"]),
        (Method::POST, "/v1/guarantees/none/revoke".into(), g_revocation, vec!["guarantor"]),
        (Method::POST, "/v1/deposits/import".into(), json!("bank_serial"), vec!["finance"]),
        (Method::GET, "/v1/deposits".into(), Value::Null, vec!["admin", "supervisor", "finance"]),
        (Method::POST, "/v1/deposits/none/refund".into(), json!({"bank_serial": "R", "amount": "1.00", "interest": "0"}), vec!["finance"]),
        (Method::POST, format!("/v1/tenders/{}/contract", open.id), json!({"signed_at": "2026-11-30T01:00:00Z"}), vec!["agency_a"]),
        (Method::GET, format!("/v1/tenders/{}/security-checks", open.id), Value::Null, vec!["admin", "supervisor", "finance", "agency_a"]),
        (Method::GET, format!("/v1/tenders/{}/alerts", open.id), Value::Null, vec!["admin", "supervisor"]),
        (
            Method::POST,
            format!("/v1/tenders/{}/alerts", open.id),
            json!({"rule": "collusion.same_machine", "bidders": [], "evidence": ""}),
            vec!["supervisor"],
        ),
        (Method::POST, "/v1/alerts/none/decision".into(), alert_decision, vec!["supervisor"]),
        (Method::GET, "/v1/supervision/tenders".into(), Value::Null, vec!["admin", "supervisor"]),
        (Method::GET, "/v1/statistics?from=2026-11-01&to=2026-11-30".into(), Value::Null, vec!["admin", "supervisor"]),
        (Method::GET, "/v1/exchange/status".into(), Value::Null, vec!["admin", "supervisor"]),
        (Method::POST, "/v1/exchange/retry".into(), json!({}), vec!["admin"]),
        (Method::PUT, "/v1/holidays/2026-10-01".into(), json!({"date": "2026-10-01", "kind": "holiday", "note": "国庆节"}), vec!["admin"]),
        (Method::DELETE, "/v1/holidays/2026-10-02".into(), Value::Null, vec!["admin"]),
        (
            Method::POST,
            "/v1/auctions".into(),
            serde_json::to_value(crate::auctions::property("2027-06-01T10:00:00+08:00")).unwrap(),
            vec!["admin"],
        ),
        (Method::POST, "/v1/auctions/none/registration".into(), json!({"accepts_conditions": true}), vec!["bidder_x", "bidder_y"]),
        (Method::GET, "/v1/auctions/none/registration".into(), Value::Null, vec!["bidder_x", "bidder_y"]),
        (Method::PUT, "/v1/auctions/none/reserve".into(), sealed_reserve, vec!["admin"]),
        (Method::POST, "/v1/auctions/none/reserve/release".into(), json!({"custodian": 1, "share": "AAAA"}), vec!["cust_in", "cust_out"]),
        (Method::POST, "/v1/auctions/none/confirmation".into(), confirmation, vec!["admin", "bidder_x", "bidder_y"]),
        (Method::POST, "/v1/auctions/none/sealed-prices".into(), sealed_price, vec!["bidder_x", "bidder_y"]),
        (Method::POST, "/v1/auctions/none/sealed-prices/release".into(), json!([]), vec!["cust_in", "cust_out"]),
        (Method::GET, format!("/v1/audit/search?tender={}", open.id), Value::Null, vec!["admin", "supervisor"]),
        (Method::PUT, format!("/v1/identities/{}/departments", supervisor.id()), json!({"departments": []}), vec!["admin"]),
        (
            Method::GET,
            "/v1/complaints".into(),
            Value::Null,
            vec![
                "admin",
                "agency_a",
                "agency_b",
                "bidder_x",
                "bidder_y",
                "cust_in",
                "cust_out",
                "evaluator",
                "supervisor",
                "finance",
                "guarantor",
            ],
        ),
        (Method::GET, format!("/v1/complaints/{}", complaint.id), Value::Null, vec!["admin", "supervisor", "bidder_x"]),
        (Method::PUT, format!("/v1/complaints/{}/files/{}", complaint.id, sha_hex(b"evidence")), json!("x"), vec!["bidder_x"]),
        (
            Method::GET,
            format!("/v1/complaints/{}/files/{}", complaint.id, sha_hex(b"evidence")),
            Value::Null,
            vec!["admin", "supervisor", "bidder_x"],
        ),
        (Method::POST, format!("/v1/complaints/{}/acceptance", complaint.id), c_accept, vec!["supervisor"]),
        (Method::POST, format!("/v1/complaints/{}/decision", complaint.id), c_decide, vec!["supervisor"]),
    ];
    let mut report = Vec::new();
    for (method, path, body, allowed) in &cells {
        for (name, token) in &callers {
            let r = app.call(method.clone(), path, token.as_deref(), if body.is_null() { None } else { Some(body) }).await;
            let denied = matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN)
                || (r.status == StatusCode::NOT_FOUND
                    && ["identity.not_found", "upload.not_found", "tender.not_found", "credit.not_found", "complaint.not_found"]
                        .contains(&r.code()));
            let ok = if allowed.contains(name) {
                !denied
            } else {
                denied || matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN | StatusCode::NOT_FOUND)
            };
            if !ok {
                report.push(format!("{method} {path} as {name}: {} {}", r.status, r.body));
            }
            if !allowed.contains(name) {
                assert!(!r.status.is_success(), "{method} {path} as {name} succeeded: {}", r.body);
            }
        }
    }
    // Publishing: agencies only, and only under their own signature.
    for (i, (name, token)) in callers.iter().enumerate() {
        let who = match *name {
            "agency_a" => &agency_a,
            "agency_b" => &agency_b,
            _ => &bidder_x,
        };
        let r = app.call(Method::POST, "/v1/tenders", token.as_deref(), Some(&publish_new(who, i as u32))).await;
        let allowed = matches!(*name, "agency_a" | "agency_b");
        if allowed != r.status.is_success() {
            report.push(format!("POST /v1/tenders as {name}: {} {}", r.status, r.body));
        }
    }
    assert!(report.is_empty(), "access matrix violations:\n{}", report.join("\n"));
}
