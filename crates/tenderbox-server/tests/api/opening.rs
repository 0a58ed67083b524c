use crate::helpers::*;
use base64::Engine;
use reqwest::StatusCode;
use serde_json::json;
use tenderbox_wire::*;

#[tokio::test]
async fn remote_opening_decrypts_revokes_and_records_with_objections_answered() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let mut bidders = Vec::new();
    for (seed, name, uscc) in [
        ("b1", "湖州建工集团有限公司", "9135021359498494XQ"),
        ("b2", "长兴路桥工程有限公司", "91350213678251743X"),
        ("b3", "德清市政建设有限公司", "91350100M000100Y43"),
        ("b4", "安吉交通建设有限公司", "91350200MA31E12PXF"),
    ] {
        let who = Who::new(seed, name, uscc);
        let token = app.registered(&who, &[Role::Bidder]).await;
        let sealed = sealed_bid(&t, &who, 1000, seed);
        app.submit(&t.id, &token, &sealed, 1 << 20).await.into::<BidRecord>();
        bidders.push((who, token, sealed));
    }
    // Before the deadline there is no opening.
    let r = app.post(&format!("/v1/tenders/{}/opening/key", t.id), Some(&bidders[0].1), &file_key(&bidders[0].2, &bidders[0].0)).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "opening.not_yet"));

    app.advance(3600);
    // Decryption needs a sign-in first (签到).
    let r = app.post(&format!("/v1/tenders/{}/opening/key", t.id), Some(&bidders[0].1), &file_key(&bidders[0].2, &bidders[0].0)).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "opening.not_signed_in"));
    for (_, token, _) in &bidders[..3] {
        app.post(&format!("/v1/tenders/{}/opening/sign-in", t.id), Some(token), &json!({})).await.into::<OpeningState>();
    }
    // A wrong key is refused and changes nothing; the right keys decrypt.
    let wrong = PostFileKey { file_key: base64::engine::general_purpose::STANDARD.encode([9u8; 32]) };
    assert_eq!(app.post(&format!("/v1/tenders/{}/opening/key", t.id), Some(&bidders[0].1), &wrong).await.code(), "opening.bad_key");
    for (who, token, sealed) in &bidders[..2] {
        let r = app.post(&format!("/v1/tenders/{}/opening/key", t.id), Some(token), &file_key(sealed, who)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    // Someone else's key does not open my bid.
    let r = app.post(&format!("/v1/tenders/{}/opening/key", t.id), Some(&bidders[2].1), &file_key(&bidders[0].2, &bidders[0].0)).await;
    assert_eq!(r.code(), "opening.bad_key");
    // The platform failed b4 (not its fault): withdrawn (撤回), not revoked. Only the centre admin says so.
    let fault = PlatformFault::sign(&t.id, &sha_hex(&bidders[3].2), "解密服务 10:02–10:31 不可用", &app.admin.secret);
    assert_eq!(app.post(&format!("/v1/tenders/{}/opening/platform-fault", t.id), Some(&agency_token), &fault).await.code(), "auth.role");
    let admin = app.login(&app.admin).await;
    assert_eq!(app.post(&format!("/v1/tenders/{}/opening/platform-fault", t.id), Some(&admin), &fault).await.status, StatusCode::OK);
    // The record waits for the window to end while a bid is undecided.
    let r = app.post(&format!("/v1/tenders/{}/opening/record", t.id), Some(&agency_token), &json!({})).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "opening.window_open"));
    app.advance(30 * 60 + 1);
    let st: OpeningState = app.post(&format!("/v1/tenders/{}/opening/record", t.id), Some(&agency_token), &json!({})).await.into();
    let rec = st.record.clone().unwrap();
    assert_eq!(rec.bids_at_deadline, 4);
    let outcomes: Vec<_> = rec.lines.iter().map(|l| (l.bidder_name.as_str(), l.outcome)).collect();
    assert_eq!(
        outcomes,
        vec![
            ("湖州建工集团有限公司", BidOutcome::Decrypted),
            ("长兴路桥工程有限公司", BidOutcome::Decrypted),
            ("德清市政建设有限公司", BidOutcome::Revoked),
            ("安吉交通建设有限公司", BidOutcome::Withdrawn),
        ]
    );
    assert_eq!(rec.lines[0].lots[0].price.to_string(), "11250000.00");
    assert_eq!(rec.lines[0].lots[0].price_upper, "壹仟壹佰贰拾伍万元整");
    assert!(rec.lines[2].lots.is_empty(), "a revoked bid's prices are never read out");
    // The record is signed by the server and in the log.
    let key = app.log_key().await;
    let pk: [u8; 32] =
        base64::engine::general_purpose::STANDARD.decode(key.splitn(3, '+').nth(2).unwrap()).unwrap()[1..].try_into().unwrap();
    let sig = base64::engine::general_purpose::STANDARD.decode(st.signature.as_ref().unwrap()).unwrap();
    assert!(tenderbox_seal::identity::verify(&pk, OPENING_DOMAIN, &tenderbox_core::canonical::to_canonical_vec(&rec).unwrap(), &sig));
    let page: EventsPage = app.get("/v1/events?limit=1000", None).await.into();
    assert!(page.events.iter().any(|e| e.kind == "opening.record" && e.body["signature"] == st.signature.clone().unwrap()));

    // Confirm, object, answer — all recorded.
    app.post(&format!("/v1/tenders/{}/opening/confirm", t.id), Some(&bidders[0].1), &json!({})).await.into::<OpeningState>();
    let st: OpeningState = app
        .post(
            &format!("/v1/tenders/{}/opening/objections", t.id),
            Some(&bidders[1].1),
            &TextBody { text: "我方工期应为240日历天，记录有误？".into() },
        )
        .await
        .into();
    let oid = st.objections[0].id.clone();
    let r = app
        .post(&format!("/v1/tenders/{}/opening/objections/{oid}/answer", t.id), Some(&bidders[1].1), &TextBody { text: "x".into() })
        .await;
    assert_eq!(r.code(), "auth.role");
    let st: OpeningState = app
        .post(
            &format!("/v1/tenders/{}/opening/objections/{oid}/answer", t.id),
            Some(&agency_token),
            &TextBody { text: "经核对，记录为240日历天，无误。".into() },
        )
        .await
        .into();
    assert_eq!(st.confirmed_by, vec!["9135021359498494XQ".to_string()]);
    assert_eq!(st.objections[0].answer.as_deref(), Some("经核对，记录为240日历天，无误。"));
    let public: OpeningState = app.get(&format!("/v1/tenders/{}/opening", t.id), None).await.into();
    assert_eq!(public, st);
    // A second record is refused.
    assert_eq!(app.post(&format!("/v1/tenders/{}/opening/record", t.id), Some(&agency_token), &json!({})).await.code(), "opening.recorded");
}

#[tokio::test]
async fn fewer_than_three_bids_fail_the_tender_at_the_deadline() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let who = Who::new("b1", "湖州建工集团有限公司", "9135021359498494XQ");
    let token = app.registered(&who, &[Role::Bidder]).await;
    let sealed = sealed_bid(&t, &who, 100, "b1");
    app.submit(&t.id, &token, &sealed, 1 << 20).await.into::<BidRecord>();
    app.advance(3600);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    let rec: TenderRecord = app.get(&format!("/v1/tenders/{}", t.id), None).await.into();
    assert_eq!(rec.summary.status, TenderStatus::Failed);
    let page: EventsPage = app.get("/v1/events?limit=1000", None).await.into();
    let failed = page.events.iter().find(|e| e.kind == "tender.failed").unwrap();
    assert_eq!(failed.body["bids"], 1);
    let r = app.post(&format!("/v1/tenders/{}/opening/key", t.id), Some(&token), &file_key(&sealed, &who)).await;
    assert_eq!(r.code(), "tender.failed");
}
