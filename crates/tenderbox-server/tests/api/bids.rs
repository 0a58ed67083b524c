use crate::helpers::*;
use reqwest::StatusCode;
use serde_json::json;
use tenderbox_wire::*;

struct World {
    app: TestApp,
    agency: Who,
    agency_token: String,
    bidder: Who,
    bidder_token: String,
}

async fn world() -> World {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let bidder = Who::new("bidder", "湖州建工集团有限公司", "9135021359498494XQ");
    let bidder_token = app.registered(&bidder, &[Role::Bidder]).await;
    let r = app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &tender_doc())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    World { app, agency, agency_token, bidder, bidder_token }
}

#[tokio::test]
async fn publication_is_checked_and_public() {
    let w = world().await;
    let app = &w.app;
    let list: Vec<TenderSummary> = app.get("/v1/tenders", None).await.into();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].status, TenderStatus::Open);
    let rec: TenderRecord = app.get(&format!("/v1/tenders/{}", list[0].id), None).await.into();
    assert_eq!(rec.summary.hash, tender_doc().hash_hex().unwrap());

    let mut t = tender_doc();
    t.id = "HZ-GC-2026-0999".into();
    // A bidder cannot publish; a bad signature, a broken document, a past deadline are refused.
    assert_eq!(app.post("/v1/tenders", Some(&w.bidder_token), &sign_tender(&w.bidder, &t)).await.code(), "auth.role");
    assert_eq!(app.post("/v1/tenders", Some(&w.agency_token), &sign_tender(&w.bidder, &t)).await.code(), "tender.signature");
    let mut broken = t.clone();
    broken.envelope.required_stanzas.clear();
    let r = app.post("/v1/tenders", Some(&w.agency_token), &sign_tender(&w.agency, &broken)).await;
    assert_eq!(r.code(), "tender.invalid");
    assert!(r.body["message"].as_str().unwrap().contains("envelope.unencrypted"));
    let mut past = t.clone();
    past.deadline = tenderbox_core::time::Timestamp::from_unix(START - 1);
    past.opening_at = past.deadline;
    assert_eq!(app.post("/v1/tenders", Some(&w.agency_token), &sign_tender(&w.agency, &past)).await.code(), "tender.deadline_past");
    let r = app.post("/v1/tenders", Some(&w.agency_token), &sign_tender(&w.agency, &tender_doc())).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "tender.exists"));
}

#[tokio::test]
async fn a_sealed_bid_gets_a_receipt_that_verifies_offline() {
    let w = world().await;
    let t = tender_doc();
    let sealed = sealed_bid(&t, &w.bidder, 300_000, "bid1");
    let rec: BidRecord = w.app.submit(&t.id, &w.bidder_token, &sealed, 100_000).await.into();
    assert_eq!(rec.sha256, sha_hex(&sealed));
    assert_eq!(rec.receipt.body.server_time.unix(), START);
    rec.receipt.verify(&w.app.log_key().await).unwrap();
    // A receipt altered in any field no longer verifies.
    let mut forged = rec.receipt.clone();
    forged.body.server_time = forged.body.server_time.plus_seconds(-60);
    assert!(forged.verify(&w.app.log_key().await).is_err());
    // The blob is stored under its SHA-256 and matches the receipt.
    assert_eq!(std::fs::read(w.app.dir.path().join("data/blobs").join(&rec.sha256)).unwrap(), sealed);
    // The bidder sees its bid; another bidder sees nothing of it.
    let mine: Vec<BidRecord> = w.app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(&w.bidder_token)).await.into();
    assert_eq!(mine.len(), 1);
    mine[0].receipt.verify(&w.app.log_key().await).unwrap();
    let other = Who::new("other", "长兴路桥工程有限公司", "91350213678251743X");
    let other_token = w.app.registered(&other, &[Role::Bidder]).await;
    let theirs: Vec<BidRecord> = w.app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(&other_token)).await.into();
    assert!(theirs.is_empty());
    // Before the deadline the public log does not show the submission at all; the
    // bidder's own view has it, with the ciphertext hash only.
    let page: EventsPage = w.app.get("/v1/events", None).await.into();
    assert!(!page.events.iter().any(|e| e.kind == "bid.received"));
    let page: EventsPage = w.app.get("/v1/events", Some(&w.bidder_token)).await.into();
    let ev = page.events.iter().find(|e| e.kind == "bid.received").unwrap();
    assert!(!ev.body.to_string().contains(&w.bidder.id()) && !ev.body.to_string().contains("9135021359498494XQ"));
}

#[tokio::test]
async fn an_interrupted_upload_resumes_where_it_stopped() {
    let w = world().await;
    let t = tender_doc();
    let sealed = sealed_bid(&t, &w.bidder, 200_000, "resume");
    let up: UploadState = w
        .app
        .post(
            &format!("/v1/tenders/{}/uploads", t.id),
            Some(&w.bidder_token),
            &w.app.signed_upload(&t.id, &w.bidder_token, sealed.len() as u64, &sha_hex(&sealed)).await,
        )
        .await
        .into();
    assert_eq!(w.app.patch(&up.id, &w.bidder_token, 0, &sealed[..70_000], None).await.status, StatusCode::NO_CONTENT);
    // The client lost its state: ask the server where to resume.
    let st: UploadState = w.app.get(&format!("/v1/uploads/{}", up.id), Some(&w.bidder_token)).await.into();
    assert_eq!(st.offset, 70_000);
    let r = w.app.post(&format!("/v1/uploads/{}/complete", up.id), Some(&w.bidder_token), &json!({})).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "upload.incomplete"));
    assert_eq!(w.app.patch(&up.id, &w.bidder_token, st.offset, &sealed[70_000..], None).await.status, StatusCode::NO_CONTENT);
    let rec: BidRecord = w.app.post(&format!("/v1/uploads/{}/complete", up.id), Some(&w.bidder_token), &json!({})).await.into();
    rec.receipt.verify(&w.app.log_key().await).unwrap();
    // Completing again (a retry after a lost answer) returns the same receipt.
    let again: BidRecord = w.app.post(&format!("/v1/uploads/{}/complete", up.id), Some(&w.bidder_token), &json!({})).await.into();
    assert_eq!(again.receipt.body, rec.receipt.body);
}

#[tokio::test]
async fn bad_chunks_and_bad_files_are_refused_and_nothing_is_stored() {
    let w = world().await;
    let (app, tok) = (&w.app, &w.bidder_token);
    let t = tender_doc();
    let sealed = sealed_bid(&t, &w.bidder, 1000, "bad");
    let up: UploadState = app
        .post(
            &format!("/v1/tenders/{}/uploads", t.id),
            Some(tok),
            &app.signed_upload(&t.id, tok, sealed.len() as u64, &sha_hex(&sealed)).await,
        )
        .await
        .into();
    // Wrong offset: 409 naming the real one.
    let r = app.patch(&up.id, tok, 10, &sealed[..10], None).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "upload.offset"));
    assert!(r.body["message"].as_str().unwrap().contains("resume from 0"));
    // Bad checksum: 400, the chunk is discarded.
    let r = app.patch(&up.id, tok, 0, &sealed[..100], Some(sha_hex(b"something else"))).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "upload.checksum"));
    let st: UploadState = app.get(&format!("/v1/uploads/{}", up.id), Some(tok)).await.into();
    assert_eq!(st.offset, 0);
    // Past the declared length; over the chunk limit.
    let long = vec![0u8; sealed.len() + 1];
    assert_eq!(app.patch(&up.id, tok, 0, &long, None).await.code(), "upload.too_long");
    let huge = vec![0u8; (8 << 20) + 1];
    let r = app.patch(&up.id, tok, 0, &huge, None).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Someone else's upload does not exist for them.
    let other = Who::new("other", "长兴路桥工程有限公司", "91350213678251743X");
    let other_token = app.registered(&other, &[Role::Bidder]).await;
    assert_eq!(app.get(&format!("/v1/uploads/{}", up.id), Some(&other_token)).await.status, StatusCode::NOT_FOUND);

    // A plaintext "bid" is refused with the reason.
    let plain = b"%PDF-1.7 our unencrypted bid, price 9,990,000".to_vec();
    let r = app.submit(&t.id, tok, &plain, 1 << 20).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "bid.not_encrypted"));
    // A bid of another bidder, or for another tender.
    let theirs = sealed_bid(&t, &other, 10, "theirs");
    assert_eq!(app.submit(&t.id, tok, &theirs, 1 << 20).await.code(), "bid.wrong_bidder");
    let mut t2 = tender_doc();
    t2.id = "HZ-GC-2026-0500".into();
    app.post("/v1/tenders", Some(&w.agency_token), &sign_tender(&w.agency, &t2)).await.into::<TenderRecord>();
    let for_t2 = sealed_bid(&t2, &w.bidder, 10, "t2");
    assert_eq!(app.submit(&t.id, tok, &for_t2, 1 << 20).await.code(), "bid.wrong_tender");
    // Declared SHA-256 that does not match the bytes.
    let up: UploadState = app
        .post(
            &format!("/v1/tenders/{}/uploads", t.id),
            Some(tok),
            &app.signed_upload(&t.id, tok, sealed.len() as u64, &sha_hex(b"x")).await,
        )
        .await
        .into();
    app.patch(&up.id, tok, 0, &sealed, None).await;
    let r = app.post(&format!("/v1/uploads/{}/complete", up.id), Some(tok), &json!({})).await;
    assert_eq!(r.code(), "upload.sha256_mismatch");
    // Nothing of all that became a bid.
    let mine: Vec<BidRecord> = app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(tok)).await.into();
    assert!(mine.is_empty());
    assert_eq!(std::fs::read_dir(app.dir.path().join("data/blobs")).unwrap().count(), 0);
}

#[tokio::test]
async fn idempotency_keys_replay_and_refuse_reuse() {
    let w = world().await;
    let t = tender_doc();
    let body = w.app.signed_upload(&t.id, &w.bidder_token, 100, &sha_hex(b"x")).await;
    let send = |b: CreateUpload| {
        w.app
            .client
            .post(format!("{}/v1/tenders/{}/uploads", w.app.base, t.id))
            .bearer_auth(&w.bidder_token)
            .header("idempotency-key", "k-1")
            .json(&b)
            .send()
    };
    let a: UploadState = send(body.clone()).await.unwrap().json().await.unwrap();
    let b: UploadState = send(body.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(a.id, b.id);
    let r = send(CreateUpload { length: 101, ..body }).await.unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<ApiError>().await.unwrap().code, "idempotency.mismatch");
}

#[tokio::test]
async fn resubmission_supersedes_withdrawal_and_the_deadline_by_server_time() {
    let w = world().await;
    let t = tender_doc();
    let first = sealed_bid(&t, &w.bidder, 100, "v1");
    let second = sealed_bid(&t, &w.bidder, 200, "v2");
    w.app.submit(&t.id, &w.bidder_token, &first, 1 << 20).await.into::<BidRecord>();
    w.app.submit(&t.id, &w.bidder_token, &second, 1 << 20).await.into::<BidRecord>();
    let mine: Vec<BidRecord> = w.app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(&w.bidder_token)).await.into();
    assert_eq!(mine.iter().map(|b| b.status).collect::<Vec<_>>(), vec![BidStatus::Superseded, BidStatus::Active]);

    // An amendment flags the active bid, and a bid sealed against the old version is refused.
    let mut v2 = tender_doc();
    v2.version = 2;
    v2.title.push_str("（第1号补遗）");
    w.app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&w.agency_token), &sign_tender(&w.agency, &v2)).await.into::<TenderRecord>();
    let mine: Vec<BidRecord> = w.app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(&w.bidder_token)).await.into();
    assert!(mine[1].needs_reconfirmation);
    let r = w.app.submit(&t.id, &w.bidder_token, &sealed_bid(&t, &w.bidder, 10, "old"), 1 << 20).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "tender.amended"));
    let active: BidRecord = w.app.submit(&t.id, &w.bidder_token, &sealed_bid(&v2, &w.bidder, 10, "new"), 1 << 20).await.into();

    // Withdrawal before the deadline, signed by the bidder for this exact submission.
    let req = WithdrawRequest::sign(&t.id, &active.sha256, active.receipt.body.log_index, &w.bidder.secret);
    let r = w.app.post(&format!("/v1/tenders/{}/withdraw", t.id), Some(&w.bidder_token), &req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(w.app.post(&format!("/v1/tenders/{}/withdraw", t.id), Some(&w.bidder_token), &req).await.code(), "bid.not_found");

    // After the deadline (server time), a submission is refused with both times.
    w.app.advance(3600);
    let r = w.app.submit(&t.id, &w.bidder_token, &sealed_bid(&v2, &w.bidder, 10, "late"), 1 << 20).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "bid.late"));
    let late: LateError = serde_json::from_value(r.body).unwrap();
    assert_eq!(late.server_time.unix(), START + 3600);
    assert_eq!(late.deadline.unix(), START + 3600);
}

#[tokio::test]
async fn any_post_retried_with_its_idempotency_key_acts_once() {
    let w = world().await;
    let mut t = tender_doc();
    t.id = "HZ-GC-2026-0800".into();
    let body = sign_tender(&w.agency, &t);
    let send = || {
        w.app
            .client
            .post(format!("{}/v1/tenders", w.app.base))
            .bearer_auth(&w.agency_token)
            .header("idempotency-key", "publish-0800")
            .json(&body)
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let second = send().await.unwrap();
    assert_eq!(second.status(), StatusCode::OK, "a retry is answered, not refused as a duplicate");
    assert_eq!(second.headers()["idempotent-replay"], "true");
    let page: EventsPage = w.app.get("/v1/events?limit=1000", None).await.into();
    assert_eq!(page.events.iter().filter(|e| e.kind == "tender.published" && e.tender.as_deref() == Some("HZ-GC-2026-0800")).count(), 1);
    // Without the key, the second publication is the duplicate it is.
    let r = w.app.post("/v1/tenders", Some(&w.agency_token), &body).await;
    assert_eq!(r.code(), "tender.exists");
}
