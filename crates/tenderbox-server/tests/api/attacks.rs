//! The server's part of the threat model (docs/security.md), as attacks that
//! must fail: each test is named after what an attacker would try. The seal
//! crate's `tests/attacks.rs` holds the cryptographic half.

use crate::helpers::*;
use reqwest::StatusCode;
use tenderbox_seal::ceremony;
use tenderbox_wire::*;

pub(crate) async fn agency(app: &TestApp) -> (Who, String) {
    let a = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let t = app.registered(&a, &[Role::Agency]).await;
    (a, t)
}

/// A server with an agency and the example tender published.
async fn with_tender() -> (TestApp, Who, String, tenderbox_core::tender::TenderDocument) {
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    (app, agency, token, t)
}

/// A bidder signs in to the opening hall and sends its file key, unwrapped here from its own sealed bid.
pub(crate) async fn decrypt(app: &TestApp, tender: &str, who: &Who, token: &str, sealed: &[u8]) {
    use base64::Engine;
    app.post(&format!("/v1/tenders/{tender}/opening/sign-in"), Some(token), &serde_json::json!({})).await.into::<OpeningState>();
    let fk = tenderbox_seal::envelope::read_header(&mut &sealed[..]).unwrap().unwrap_bidder(&who.secret).unwrap();
    let body = PostFileKey { file_key: base64::engine::general_purpose::STANDARD.encode(fk.expose()) };
    app.post(&format!("/v1/tenders/{tender}/opening/key"), Some(token), &body).await.into::<serde_json::Value>();
}

fn committee_tender(custodians: &[(Who, String)]) -> tenderbox_core::tender::TenderDocument {
    let mut t = tender_doc();
    t.envelope.committee_opens_on_bidder_failure = true;
    t.threshold = 2;
    t.custodians = custodian_entries(custodians);
    t
}

/// Three bidders (registered, each with a sealed bid of `size` bytes delivered):
/// (identity, token, sealed file, bid record).
async fn three_bids(app: &TestApp, t: &tenderbox_core::tender::TenderDocument, size: usize) -> Vec<(Who, String, Vec<u8>, BidRecord)> {
    let mut out = Vec::new();
    for (seed, name, uscc) in [
        ("a", "湖州建工集团有限公司", "9135021359498494XQ"),
        ("b", "长兴路桥工程有限公司", "91350213678251743X"),
        ("c", "德清市政建设有限公司", "91350100M000100Y43"),
    ] {
        let who = Who::new(seed, name, uscc);
        let tok = app.registered(&who, &[Role::Bidder]).await;
        let sealed = sealed_bid(t, &who, size, seed);
        let r: BidRecord = app.submit(&t.id, &tok, &sealed, 1 << 20).await.into();
        out.push((who, tok, sealed, r));
    }
    out
}

#[tokio::test]
async fn agency_puts_its_own_key_in_a_custodians_seat() {
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let custodians = three_custodians(&app).await;
    let mut t = committee_tender(&custodians);
    // The agency lists the supervisor by name and id, but with its own X25519 key:
    // every share meant for the supervisor would be readable by the agency.
    t.custodians[1].encryption_key = agency.public.encryption_key.clone();
    let r = app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "tender.custodian"), "{}", r.body);
    assert!(r.body["message"].as_str().unwrap().contains("custodian 2"), "{}", r.body);
    // Nor can it seat an identity that is not a certified custodian (itself).
    let mut t = committee_tender(&custodians);
    t.custodians[2] = tenderbox_core::tender::Custodian {
        name: "代理机构".into(),
        id: agency.id(),
        encryption_key: agency.public.encryption_key.clone(),
    };
    let r = app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await;
    assert_eq!(r.code(), "tender.custodian", "{}", r.body);
}

#[tokio::test]
async fn agency_publishes_a_tender_any_one_custodian_could_open() {
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let custodians = three_custodians(&app).await;
    let mut t = committee_tender(&custodians);
    t.threshold = 1;
    let r = app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await;
    assert_eq!(r.code(), "tender.invalid", "{}", r.body);
    assert!(r.body["message"].as_str().unwrap().contains("custodians.threshold"), "{}", r.body);
    let mut t = committee_tender(&custodians[..2]);
    t.threshold = 2;
    assert_eq!(app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.code(), "tender.invalid");
}

#[tokio::test]
async fn agency_swaps_a_custodian_but_keeps_the_old_committee_key() {
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let custodians = three_custodians(&app).await;
    let t = committee_tender(&custodians);
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let st = app.run_ceremony(&t.id, &custodians).await;
    let old_key = st.public_key.unwrap();
    let mut v2 = t.clone();
    v2.version = 2;
    v2.committee_public_key = Some(old_key.clone());
    app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v2)).await.into::<TenderRecord>();
    // Version 3 replaces custodian 3 with a newcomer but carries the old key on.
    let newcomer = Who::new("c4", "湖州市财政局", "11330500002580452F");
    let newcomer_token = app.registered(&newcomer, &[Role::Custodian]).await;
    let mut seats: Vec<(Who, String)> = custodians.into_iter().take(2).collect();
    seats.push((newcomer, newcomer_token));
    let mut v3 = v2.clone();
    v3.version = 3;
    v3.custodians = custodian_entries(&seats);
    let r = app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v3)).await;
    assert_eq!(r.code(), "committee.key_mismatch", "{}", r.body);
    // Without the key, the amendment is accepted and a new ceremony starts from nothing.
    v3.committee_public_key = None;
    let rec: TenderRecord = app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v3)).await.into();
    assert_eq!(rec.summary.status, TenderStatus::AwaitingCommitteeKey);
    let (st, params, _) = app.ceremony(&t.id).await;
    assert_eq!(st.epoch, 3);
    assert!(st.transcript.commitments.is_empty() && st.public_key.is_none(), "nothing of the old ceremony carries over");
    // An old commitment cannot be replayed into the new ceremony.
    let mut old_params = params.clone();
    old_params.epoch = 1;
    let stale = ceremony::commit(&old_params, &seats[0].0.secret).unwrap();
    let r = app.post(&format!("/v1/tenders/{}/committee/commitments", t.id), Some(&seats[0].1), &stale).await;
    assert_eq!(r.code(), "committee.signature", "{}", r.body);
    let st = app.run_ceremony(&t.id, &seats).await;
    assert_ne!(st.public_key.unwrap(), old_key);
}

#[tokio::test]
async fn custodian_reveals_its_deal_after_seeing_the_others_or_changes_it() {
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let custodians = three_custodians(&app).await;
    let t = committee_tender(&custodians);
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let (_, params, _) = app.ceremony(&t.id).await;
    let path = |k: &str| format!("/v1/tenders/{}/committee/{k}", t.id);
    for (w, tok) in &custodians[..2] {
        app.post(&path("commitments"), Some(tok), &ceremony::commit(&params, &w.secret).unwrap()).await.into::<CommitteeState>();
    }
    // Custodian 1 reveals while custodian 3 has not committed yet.
    let d1 = ceremony::deal(&params, &custodians[0].0.secret).unwrap();
    let r = app.post(&path("deals"), Some(&custodians[0].1), &d1).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "committee.refused"), "{}", r.body);
    let (w3, t3) = &custodians[2];
    app.post(&path("commitments"), Some(t3), &ceremony::commit(&params, &w3.secret).unwrap()).await.into::<CommitteeState>();
    // Custodian 3 reveals a deal other than the one it committed to.
    let mut d3 = ceremony::deal(&params, &w3.secret).unwrap();
    d3.commitments.swap(0, 1);
    let d3 = ceremony::sign(d3, &w3.secret);
    let r = app.post(&path("deals"), Some(t3), &d3).await;
    assert_eq!(r.code(), "committee.refused", "{}", r.body);
    assert!(r.body["message"].as_str().unwrap().contains("committed"), "{}", r.body);
    // A deal in custodian 2's name but signed by custodian 3's key.
    let forged = ceremony::sign(ceremony::deal(&params, &custodians[1].0.secret).unwrap(), &w3.secret);
    let r = app.post(&path("deals"), Some(&custodians[1].1), &forged).await;
    assert_eq!(r.code(), "committee.signature", "{}", r.body);
}

#[tokio::test]
async fn replayed_login_request_gets_no_stored_token() {
    let app = spawn().await;
    let victim = Who::new("victim", "湖州建工集团有限公司", "9135021359498494XQ");
    app.registered(&victim, &[Role::Bidder]).await;
    let c: ChallengeResponse = app.post("/v1/auth/challenge", None, &ChallengeRequest { identity_id: victim.id() }).await.into();
    let login = LoginRequest::sign(&victim.id(), &app.base, &c.challenge, &victim.secret).unwrap();
    let send = || app.client.post(format!("{}/v1/auth/login", app.base)).header("idempotency-key", "login-1").json(&login).send();
    let first = send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    // Someone who saw the request (a proxy log) sends it again with the same key.
    let again = send().await.unwrap();
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED, "a replayed login must not hand out the stored token");
    assert!(again.headers().get("idempotent-replay").is_none());
}

#[tokio::test]
async fn expired_token_replays_a_stored_answer() {
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let t = tender_doc();
    let body = sign_tender(&agency, &t);
    let send = |tok: String| {
        app.client.post(format!("{}/v1/tenders", app.base)).bearer_auth(tok).header("idempotency-key", "pub-1").json(&body).send()
    };
    assert_eq!(send(token.clone()).await.unwrap().status(), StatusCode::OK);
    assert_eq!(send(token.clone()).await.unwrap().headers().get("idempotent-replay").map(|v| v.as_bytes()), Some(&b"true"[..]));
    app.advance(7200 + 1);
    let r = send(token).await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "an expired token replays nothing");
}

#[tokio::test]
async fn competitor_learns_who_is_bidding_before_the_deadline() {
    let (app, _agency, _token, t) = with_tender().await;
    let bidders = three_bids(&app, &t, 300).await;
    // Bidder A signs in to the opening hall early (sign-in opens 30 minutes before).
    app.advance(3600 - 10 * 60);
    app.post(&format!("/v1/tenders/{}/opening/sign-in", t.id), Some(&bidders[0].1), &serde_json::json!({})).await.into::<OpeningState>();
    // A competitor (anonymous, or bidder C with its own token) looks everywhere.
    // (Registrations are public; what must not show is who has submitted.)
    for (tok, own) in [(None, None), (Some(bidders[2].1.as_str()), Some(&bidders[2]))] {
        let size = app.get("/v1/health", None).await.into::<Health>().log_size;
        let places = [
            ("events of the tender", app.get(&format!("/v1/events?tender={}", t.id), tok).await.into::<EventsPage>().events),
            ("events", app.get("/v1/events", tok).await.into::<EventsPage>().events),
            (
                "log leaves",
                app.get(&format!("/v1/log/leaves?start=0&end={size}"), tok)
                    .await
                    .body
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|l| l["leaf"].as_str().map(|x| serde_json::from_str::<Event>(x).unwrap()))
                    .collect(),
            ),
        ];
        for (what, events) in places {
            for e in events {
                let own_sha = own.map(|(_, _, _, r)| r.sha256.as_str());
                let others = bidders
                    .iter()
                    .filter(|b| Some(b.3.sha256.as_str()) != own_sha)
                    .any(|(_, _, _, r)| e.body.to_string().contains(&r.sha256));
                let mine = own_sha.is_some_and(|sha| e.body["sha256"] == sha);
                assert!(
                    (mine || !matches!(e.kind.as_str(), "bid.received" | "bid.withdrawn" | "opening.signed_in")) && !others,
                    "{what} reveal a bidder before the deadline: {e:?}"
                );
            }
        }
        let opening: OpeningState = app.get(&format!("/v1/tenders/{}/opening", t.id), tok).await.into();
        assert!(opening.signed_in.is_empty(), "the opening state says who signed in before the deadline");
    }
    // Each bidder still sees its own submission and its receipt still verifies.
    let mine: EventsPage = app.get(&format!("/v1/events?tender={}", t.id), Some(&bidders[0].1)).await.into();
    assert_eq!(mine.events.iter().filter(|e| e.kind == "bid.received").count(), 1);
    let key = app.log_key().await;
    bidders[0].3.receipt.verify(&key).unwrap();

    // After the deadline everything is public, and the close event lists what was revealed.
    app.advance(11 * 60);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    let ev: EventsPage = app.get(&format!("/v1/events?tender={}", t.id), None).await.into();
    let received = ev.events.iter().filter(|e| e.kind == "bid.received").count();
    assert_eq!(received, 3);
    let closed = ev.events.iter().find(|e| e.kind == "tender.closed").unwrap();
    assert_eq!(closed.body["revealed"].as_array().unwrap().len(), 4, "three submissions and one sign-in");
    let st: OpeningState = app.get(&format!("/v1/tenders/{}/opening", t.id), None).await.into();
    assert_eq!(st.signed_in, vec![bidders[0].0.public.uscc.to_string()]);
}

#[tokio::test]
async fn operator_advances_the_server_clock_to_collect_file_keys_early() {
    use tenderbox_client::logcheck::verified_close;
    use tenderbox_core::time::Timestamp;
    let (app, _agency, _token, t) = with_tender().await;
    three_bids(&app, &t, 300).await;
    let api = tenderbox_client::api::Api::new(&app.base);
    let key = app.log_key().await;
    let stored = app.get("/v1/log/checkpoint", None).await.into::<CheckpointResponse>().note;
    let honest_now = Timestamp::from_unix(START + 60);
    // The server says nothing yet: no key material leaves.
    let e = verified_close(&api, &key, Some(&stored), &t.id, t.deadline, honest_now).await.unwrap_err();
    assert_eq!(e.code(), "opening.not_closed", "{e}");
    // The operator moves the server's clock past the deadline; the server closes
    // the tender and logs it. The bidder's own clock says it is far too early.
    app.advance(3600);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    let e = verified_close(&api, &key, Some(&stored), &t.id, t.deadline, honest_now).await.unwrap_err();
    assert_eq!(e.code(), "opening.not_closed", "{e}");
    // Nor does a deadline the server moved earlier help: the client checks the close
    // against the deadline of the tender it verified.
    let later = t.deadline.plus_seconds(24 * 3600);
    let e = verified_close(&api, &key, Some(&stored), &t.id, later, later).await.unwrap_err();
    assert_eq!(e.code(), "opening.not_closed", "{e}");
    // A checkpoint from another log (a fork shown to this bidder) is an alarm.
    let other = spawn().await;
    let foreign = other.get("/v1/log/checkpoint", None).await.into::<CheckpointResponse>().note;
    assert!(verified_close(&api, &key, Some(&foreign), &t.id, t.deadline, t.deadline).await.is_err());
    // At the real deadline, on the bidder's clock, with the close proved in the log: released.
    let (ev, note) = verified_close(&api, &key, Some(&stored), &t.id, t.deadline, t.deadline).await.unwrap();
    assert_eq!(ev.kind, "tender.closed");
    assert_ne!(note, stored);
}

#[tokio::test]
async fn look_alike_server_relays_a_login_signed_for_itself() {
    let app = spawn().await;
    let victim = Who::new("victim", "湖州建工集团有限公司", "9135021359498494XQ");
    app.registered(&victim, &[Role::Bidder]).await;
    // A look-alike server passes this server's challenge to the victim's client,
    // which signs it for the address it connected to, and relays the signature here.
    let c: ChallengeResponse = app.post("/v1/auth/challenge", None, &ChallengeRequest { identity_id: victim.id() }).await.into();
    let relayed = LoginRequest::sign(&victim.id(), "https://ggzy-huzhou.example.com", &c.challenge, &victim.secret).unwrap();
    let r = app.post("/v1/auth/login", None, &relayed).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "auth.origin"), "{}", r.body);
    // Relabelling the origin breaks the signature.
    let c: ChallengeResponse = app.post("/v1/auth/challenge", None, &ChallengeRequest { identity_id: victim.id() }).await.into();
    let mut relabelled = LoginRequest::sign(&victim.id(), "https://ggzy-huzhou.example.com", &c.challenge, &victim.secret).unwrap();
    relabelled.origin = tenderbox_wire::normalize_origin(&app.base).unwrap();
    assert_eq!(app.post("/v1/auth/login", None, &relabelled).await.code(), "auth.failed");
    // A server with a configured public address accepts only that address.
    let dir = tempfile::tempdir().unwrap();
    let mut config = tenderbox_server::Config::for_data(dir.path().join("data"));
    config.public_urls = vec!["https://ggzy.huzhou.gov.cn".into()];
    let state = tenderbox_server::prepare(&config, tenderbox_server::system_clock()).await.unwrap();
    assert!(state.accepts_origin("https://ggzy.huzhou.gov.cn"));
    assert!(!state.accepts_origin("http://127.0.0.1:8080"));
    assert!(!state.accepts_origin("https://ggzy.huzhou.gov.cn.example.com"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_challenge_signed_once_is_raced_into_several_logins() {
    let app = spawn().await;
    let victim = Who::new("victim", "湖州建工集团有限公司", "9135021359498494XQ");
    app.registered(&victim, &[Role::Bidder]).await;
    let c: ChallengeResponse = app.post("/v1/auth/challenge", None, &ChallengeRequest { identity_id: victim.id() }).await.into();
    let req = LoginRequest::sign(&victim.id(), &app.base, &c.challenge, &victim.secret).unwrap();
    let tries = (0..32).map(|_| app.client.post(format!("{}/v1/auth/login", app.base)).json(&req).send());
    let results = futures_util::future::join_all(tries).await;
    let ok = results.iter().filter(|r| r.as_ref().is_ok_and(|r| r.status() == StatusCode::OK)).count();
    assert_eq!(ok, 1, "one signed challenge must give exactly one token");
}

#[tokio::test]
async fn bidder_with_a_modified_tool_has_a_false_bid_read_out() {
    use tenderbox_seal::package::LotOffer;
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let mut t = tender_doc();
    t.decryption_window_minutes = 30;
    t.lots[0].ceiling_price = Some("12000000.00".parse().unwrap());
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let offer = |price: &str, upper: &str, lot: &str| LotOffer {
        lot: lot.into(),
        price: price.parse().unwrap(),
        price_upper: upper.into(),
        duration_days: Some(240),
        quality: Some("合格".into()),
    };
    let cases = [
        // 大写 says one yuan while the figure says 11.25 million: which one binds?
        ("a", "湖州建工集团有限公司", "9135021359498494XQ", vec![offer("11250000.00", "壹元整", "L1")], "price.words_mismatch"),
        // Above the ceiling (最高投标限价).
        ("b", "长兴路桥工程有限公司", "91350213678251743X", vec![offer("12500000.00", "壹仟贰佰伍拾万元整", "L1")], "price.above_ceiling"),
        // The same lot twice, and a lot that does not exist.
        (
            "c",
            "德清市政建设有限公司",
            "91350100M000100Y43",
            vec![offer("11000000.00", "壹仟壹佰万元整", "L1"), offer("10000000.00", "壹仟万元整", "L1"), offer("1.00", "壹元整", "L9")],
            "lot.duplicate",
        ),
        // A sound bid, for contrast.
        ("d", "安吉建设集团有限公司", "91330523MA28C0WX19", vec![offer("11250000.00", "壹仟壹佰贰拾伍万元整", "L1")], ""),
    ];
    let mut bidders = Vec::new();
    for (seed, name, uscc, lots, why) in cases {
        let who = Who::new(seed, name, uscc);
        let tok = app.registered(&who, &[Role::Bidder]).await;
        let sealed = crafted_bid(&t, &who, lots, seed);
        app.submit(&t.id, &tok, &sealed, 1 << 20).await.into::<BidRecord>();
        bidders.push((who, tok, sealed, why));
    }
    app.advance(3600);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    for (who, tok, sealed, _) in &bidders {
        decrypt(&app, &t.id, who, tok, sealed).await;
    }
    // The live read-out shows no figures for the false bids.
    let ev: EventsPage = app.get(&format!("/v1/events?tender={}", t.id), None).await.into();
    let decrypted: Vec<&Event> = ev.events.iter().filter(|e| e.kind == "bid.decrypted").collect();
    assert_eq!(decrypted.len(), 4);
    app.advance(31 * 60);
    let st: OpeningState = app.post(&format!("/v1/tenders/{}/opening/record", t.id), Some(&token), &serde_json::json!({})).await.into();
    let record = st.record.unwrap();
    for ((who, _, _, why), line) in bidders.iter().zip(&record.lines) {
        assert_eq!(line.bidder_uscc, who.public.uscc.to_string());
        let e = decrypted.iter().find(|e| e.body["bidder_uscc"] == line.bidder_uscc.as_str()).unwrap();
        if why.is_empty() {
            assert!(line.rejected.is_empty() && line.lots.len() == 1, "{line:?}");
        } else {
            assert!(line.lots.is_empty(), "a false bid was read out: {line:?}");
            assert!(line.rejected.iter().any(|r| r.code == *why), "{why}: {:?}", line.rejected);
            assert_eq!(e.body["lots"], serde_json::json!([]));
            assert!(e.body["rejected"].to_string().contains(why), "{e:?}");
        }
    }
}

#[tokio::test]
async fn operator_withdraws_a_bid_its_bidder_never_withdrew() {
    let (app, _agency, _token, t) = with_tender().await;
    let victim = Who::new("victim", "湖州建工集团有限公司", "9135021359498494XQ");
    let tok = app.registered(&victim, &[Role::Bidder]).await;
    let first: BidRecord = app.submit(&t.id, &tok, &sealed_bid(&t, &victim, 100, "v1"), 1 << 20).await.into();
    let path = format!("/v1/tenders/{}/withdraw", t.id);
    // Someone holding the bidder's session token (or the operator) but not its key.
    let forger = Who::new("forger", "某平台运维", "91350213678251743X");
    let forged = WithdrawRequest::sign(&t.id, &first.sha256, first.receipt.body.log_index, &forger.secret);
    let r = app.post(&path, Some(&tok), &forged).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "withdraw.signature"), "{}", r.body);
    let unsigned = WithdrawRequest { signature: String::new(), ..forged };
    assert_eq!(app.post(&path, Some(&tok), &unsigned).await.code(), "withdraw.signature");
    // A real withdrawal of an earlier submission cannot be replayed on the new one.
    let old = WithdrawRequest::sign(&t.id, &first.sha256, first.receipt.body.log_index, &victim.secret);
    let second: BidRecord = app.submit(&t.id, &tok, &sealed_bid(&t, &victim, 100, "v2"), 1 << 20).await.into();
    assert_eq!(app.post(&path, Some(&tok), &old).await.code(), "withdraw.mismatch");
    // The bidder's own signed withdrawal works, and the log keeps its signature.
    let mine = WithdrawRequest::sign(&t.id, &second.sha256, second.receipt.body.log_index, &victim.secret);
    let r: serde_json::Value = app.post(&path, Some(&tok), &mine).await.into();
    let ev: EventsPage = app.get(&format!("/v1/events?tender={}", t.id), Some(&tok)).await.into();
    let w = ev.events.iter().find(|e| e.kind == "bid.withdrawn").unwrap();
    assert_eq!(w.index, r["log_index"].as_u64().unwrap());
    assert_eq!(w.body["signature"], mine.signature.as_str());
}

#[tokio::test]
async fn one_admin_declares_a_platform_fault_to_shut_out_a_bidder_who_is_present() {
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let mut t = tender_doc();
    t.decryption_window_minutes = 30;
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    let bidders = three_bids(&app, &t, 100).await;
    app.advance(3600);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    // Bidder A is present (signed in) and within its window.
    app.post(&format!("/v1/tenders/{}/opening/sign-in", t.id), Some(&bidders[0].1), &serde_json::json!({})).await.into::<OpeningState>();
    let admin = app.login(&app.admin).await;
    let path = format!("/v1/tenders/{}/opening/platform-fault", t.id);
    let sha_a = bidders[0].3.sha256.clone();
    // Without a reason, or unsigned, or signed by someone else: refused.
    let no_reason = PlatformFault::sign(&t.id, &sha_a, " ", &app.admin.secret);
    assert_eq!(app.post(&path, Some(&admin), &no_reason).await.code(), "opening.reason");
    let forged = PlatformFault::sign(&t.id, &sha_a, "服务故障", &bidders[1].0.secret);
    assert_eq!(app.post(&path, Some(&admin), &forged).await.code(), "opening.fault_signature");
    // One admin alone cannot take A's bid out of the opening.
    let fault = PlatformFault::sign(&t.id, &sha_a, "解密服务不可用", &app.admin.secret);
    let r: serde_json::Value = app.post(&path, Some(&admin), &fault).await.into();
    assert_eq!(r["outcome"], "awaiting_confirmation");
    // A can still decrypt: its bid is not decided.
    use base64::Engine;
    let fk = tenderbox_seal::envelope::read_header(&mut &bidders[0].2[..]).unwrap().unwrap_bidder(&bidders[0].0.secret).unwrap();
    let body = PostFileKey { file_key: base64::engine::general_purpose::STANDARD.encode(fk.expose()) };
    let r = app.post(&format!("/v1/tenders/{}/opening/key", t.id), Some(&bidders[0].1), &body).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // For B, who never signed in, one admin's signed declaration suffices, and the log keeps its signature.
    let fault_b = PlatformFault::sign(&t.id, &bidders[1].3.sha256, "签到服务不可用", &app.admin.secret);
    let r: serde_json::Value = app.post(&path, Some(&admin), &fault_b).await.into();
    assert_eq!(r["outcome"], "withdrawn");
    let ev: EventsPage = app.get(&format!("/v1/events?tender={}", t.id), None).await.into();
    let e = ev.events.iter().find(|e| e.kind == "bid.withdrawn_at_opening").unwrap();
    assert_eq!(e.body["signature"], fault_b.signature.as_str());
    // For C, signed in: a second, different admin confirms, and then it stands.
    app.post(&format!("/v1/tenders/{}/opening/sign-in", t.id), Some(&bidders[2].1), &serde_json::json!({})).await.into::<OpeningState>();
    let sha_c = bidders[2].3.sha256.clone();
    let r: serde_json::Value =
        app.post(&path, Some(&admin), &PlatformFault::sign(&t.id, &sha_c, "网络中断", &app.admin.secret)).await.into();
    assert_eq!(r["outcome"], "awaiting_confirmation");
    let again: serde_json::Value =
        app.post(&path, Some(&admin), &PlatformFault::sign(&t.id, &sha_c, "网络中断", &app.admin.secret)).await.into();
    assert_eq!(again["outcome"], "awaiting_confirmation", "the same admin twice is still one admin");
    let second = Who::new("admin2", "湖州市公共资源交易中心长兴分中心", "12330522MB17370496");
    tenderbox_server::routes::bootstrap_admin(&app.state, second.public.clone()).await.unwrap();
    let second_token = app.login(&second).await;
    let r: serde_json::Value =
        app.post(&path, Some(&second_token), &PlatformFault::sign(&t.id, &sha_c, "网络中断（复核）", &second.secret)).await.into();
    assert_eq!(r["outcome"], "withdrawn");
}

#[tokio::test]
async fn operator_rolls_a_tender_back_to_an_earlier_version() {
    use tenderbox_client::store::Store;
    use tenderbox_client::sync::sync_once;
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let t = tender_doc();
    let v1: TenderRecord = app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into();
    let mut v2 = t.clone();
    v2.version = 2;
    v2.title = format!("{}（变更：工期缩短）", t.title);
    app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v2)).await.into::<TenderRecord>();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("client.db")).await.unwrap();
    app.pin(&store).await;
    let api = tenderbox_client::api::Api::new(&app.base);
    let clock = || tenderbox_core::time::Timestamp::from_unix(START);
    sync_once(&api, &store, &clock).await.unwrap();
    assert_eq!(store.tender(&t.id).await.unwrap().unwrap().record.summary.version, 2);
    // The operator puts version 1 back (it is genuinely signed and logged) and
    // touches the tender so that clients fetch it again.
    sqlx::query("UPDATE tenders SET version = 1, document = $1, hash = $2, agency_signature = $3 WHERE id = $4")
        .bind(String::from_utf8(v1.document.canonical_bytes().unwrap()).unwrap())
        .bind(&v1.summary.hash)
        .bind(&v1.agency_signature)
        .bind(&t.id)
        .execute(&app.state.pool)
        .await
        .unwrap();
    let mut guard = app.state.log.lock().await;
    let mut tx = app.state.pool.begin().await.unwrap();
    guard
        .append(&mut tx, "tender.amended", Some(&t.id), tenderbox_server::log::Audience::Public, app.state.now(), serde_json::json!({}))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    guard.commit();
    let e = sync_once(&api, &store, &clock).await.unwrap_err();
    assert_eq!(e.code(), "tender.rollback", "{e}");
    assert_eq!(store.tender(&t.id).await.unwrap().unwrap().record.summary.version, 2, "the stored version never goes back");
}

#[tokio::test]
async fn custodians_open_a_bid_its_bidder_chose_not_to_decrypt() {
    use tenderbox_seal::committee;
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let custodians = three_custodians(&app).await;
    let t = committee_tender(&custodians);
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    app.run_ceremony(&t.id, &custodians).await;
    let (st, params, o) = app.ceremony(&t.id).await;
    let key = o.key.unwrap();
    let mut v2 = t.clone();
    v2.version = 2;
    v2.committee_public_key = Some(key.public_key.to_base64());
    app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v2)).await.into::<TenderRecord>();
    let bidders = three_bids(&app, &v2, 100).await;
    app.advance(3600);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    // Bidder A decides not to decrypt (its way of stepping back at the last
    // minute). Two custodians try to open it anyway.
    let r_a = tenderbox_seal::envelope::read_header(&mut &bidders[0].2[..]).unwrap().committee_stanza().unwrap().share;
    let e = tenderbox_seal::DeterministicEntropy::new(b"p");
    for m in [0usize, 2] {
        let share = ceremony::secret_share(&params, &custodians[m].0.secret, &st.transcript, &key).unwrap();
        let list = vec![PostPartial {
            sha256: bidders[0].3.sha256.clone(),
            partial: committee::partial_decrypt(&share, &key.public_key, &r_a, &e).unwrap(),
        }];
        let r = app.post(&format!("/v1/tenders/{}/opening/partials", t.id), Some(&custodians[m].1), &list).await;
        assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "committee.not_applicable"), "{}", r.body);
    }
    // Nor can someone else ask the remedy for A's bid, or A with a signature not its own.
    let a_req = BidRequest::sign_as(REMEDY_DOMAIN, &t.id, &bidders[0].3.sha256, bidders[0].3.receipt.body.log_index, &bidders[0].0.secret);
    assert_eq!(app.post(&format!("/v1/tenders/{}/opening/remedy", t.id), Some(&bidders[1].1), &a_req).await.code(), "bid.not_found");
    let forged = BidRequest::sign_as(REMEDY_DOMAIN, &t.id, &bidders[0].3.sha256, bidders[0].3.receipt.body.log_index, &bidders[1].0.secret);
    assert_eq!(app.post(&format!("/v1/tenders/{}/opening/remedy", t.id), Some(&bidders[0].1), &forged).await.code(), "remedy.signature");
    // After the window the record revokes A's bid and nothing of it was ever published.
    app.advance(31 * 60);
    let st: OpeningState = app.post(&format!("/v1/tenders/{}/opening/record", t.id), Some(&token), &serde_json::json!({})).await.into();
    let line = st.record.unwrap().lines.into_iter().find(|l| l.sha256 == bidders[0].3.sha256).unwrap();
    assert_eq!((line.outcome, line.lots.len()), (BidOutcome::Revoked, 0));
    let ev: EventsPage = app.get(&format!("/v1/events?tender={}", t.id), None).await.into();
    assert!(!ev.events.iter().any(|e| e.kind == "committee.partial"), "no partial decryption of a bid nobody asked to open");
}

#[tokio::test]
async fn company_registers_a_second_identity_to_bid_twice() {
    let (app, _agency, _token, t) = with_tender().await;
    // Company X bids, then registers a second identity (same USCC, same role) and
    // bids again under it, hoping to count twice — or to keep two prices in play.
    let first = Who::new("x1", "湖州建工集团有限公司", "9135021359498494XQ");
    let first_token = app.registered(&first, &[Role::Bidder]).await;
    app.submit(&t.id, &first_token, &sealed_bid(&t, &first, 100, "x1"), 1 << 20).await.into::<BidRecord>();
    let second = Who::new("x2", "湖州建工集团有限公司", "9135021359498494XQ");
    let second_token = app.registered(&second, &[Role::Bidder]).await;
    // Approving the second identity is a key renewal: the first is retired and logged out.
    let r = app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(&first_token)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "the retired identity's session ended: {}", r.body);
    let r = app.try_login(&first).await;
    assert_eq!(r.code(), "auth.not_approved", "{}", r.body);
    let ev: EventsPage = app.get("/v1/events", None).await.into();
    let retired = ev.events.iter().find(|e| e.kind == "identity.retired").unwrap();
    assert_eq!(
        (retired.body["id"].as_str(), retired.body["replaced_by"].as_str()),
        (Some(first.id().as_str()), Some(second.id().as_str()))
    );
    // The second identity's bid supersedes the company's first: one company, one active bid.
    app.submit(&t.id, &second_token, &sealed_bid(&t, &second, 100, "x2"), 1 << 20).await.into::<BidRecord>();
    let active: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bids WHERE tender_id = $1 AND status = 'active'")
        .bind(&t.id)
        .fetch_one(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(active, 1);
    // With one more company the tender has two bidders, not three: it fails at the deadline.
    let other = Who::new("y", "长兴路桥工程有限公司", "91350213678251743X");
    let other_token = app.registered(&other, &[Role::Bidder]).await;
    app.submit(&t.id, &other_token, &sealed_bid(&t, &other, 100, "y"), 1 << 20).await.into::<BidRecord>();
    app.advance(3600);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    let rec: TenderRecord = app.get(&format!("/v1/tenders/{}", t.id), None).await.into();
    assert_eq!(rec.summary.status, TenderStatus::Failed);
    // A different role of the same company is not a renewal.
    let x_agency = Who::new("x-agency", "湖州建工集团有限公司", "9135021359498494XQ");
    app.registered(&x_agency, &[Role::Agency]).await;
    assert_eq!(app.try_login(&second).await.status, StatusCode::OK);
}

#[tokio::test]
async fn bidder_fills_the_servers_disk_with_unfinished_uploads() {
    let (app, _agency, _token, t) = with_tender().await;
    let who = Who::new("a", "湖州建工集团有限公司", "9135021359498494XQ");
    let tok = app.registered(&who, &[Role::Bidder]).await;
    let path = format!("/v1/tenders/{}/uploads", t.id);
    let mut ids = Vec::new();
    for i in 0..8u64 {
        let len = 1000 + i;
        let up: UploadState =
            app.post(&path, Some(&tok), &app.signed_upload(&t.id, &tok, len, &sha_hex(&len.to_be_bytes())).await).await.into();
        ids.push(up.id);
    }
    // A ninth open upload, or declared bytes beyond the limit, are refused with 429.
    let r = app.post(&path, Some(&tok), &app.signed_upload(&t.id, &tok, 2000, &sha_hex(&2000u64.to_be_bytes())).await).await;
    assert_eq!((r.status, r.code()), (StatusCode::TOO_MANY_REQUESTS, "upload.too_many"), "{}", r.body);
    // Another bidder is not affected.
    let other = Who::new("b", "长兴路桥工程有限公司", "91350213678251743X");
    let other_tok = app.registered(&other, &[Role::Bidder]).await;
    app.post(&path, Some(&other_tok), &app.signed_upload(&t.id, &other_tok, 3000, &sha_hex(&3000u64.to_be_bytes())).await)
        .await
        .into::<UploadState>();
    // A day later the unfinished uploads expire, their files are removed, and a
    // late chunk is told so.
    let parts = app.dir.path().join("data/uploads");
    let count = || std::fs::read_dir(&parts).unwrap().count();
    assert_eq!(count(), 9);
    app.advance(24 * 3600 + 1);
    tenderbox_server::routes::expire_uploads(&app.state).await.unwrap();
    assert_eq!(count(), 0, "stale partial files are removed");
    let tok = app.login(&who).await;
    let r = app.patch(&ids[0], &tok, 0, b"x", None).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "upload.expired"), "{}", r.body);
}

#[tokio::test]
async fn operator_edits_the_audit_trail_silently() {
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &tender_doc())).await.into::<TenderRecord>();
    tenderbox_server::routes::log_audit_head(&app.state).await.unwrap();
    let supervisor = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB0000022K");
    let sup = app.registered(&supervisor, &[Role::Supervisor]).await;
    // The supervisor reads the trail, recomputes the chain and finds the logged head in it.
    let check = |records: &[AuditRecord], ev: &EventsPage| -> Result<(), String> {
        AuditRecord::verify_chain(records, "")?;
        let head = ev.events.iter().rev().find(|e| e.kind == "audit.head").ok_or("no audit head in the log")?;
        let at = records.iter().find(|r| r.seq == head.body["seq"].as_u64().unwrap()).ok_or("the logged record is gone")?;
        if at.chain != head.body["chain"].as_str().unwrap() {
            Err(format!("record {} no longer matches the logged head", at.seq))
        } else {
            Ok(())
        }
    };
    let records: Vec<AuditRecord> = app.get("/v1/audit", Some(&sup)).await.into();
    let ev: EventsPage = app.get("/v1/events", None).await.into();
    assert!(records.len() >= 4 && records.iter().any(|r| r.path == "/v1/tenders" && r.method == "POST"));
    check(&records, &ev).unwrap();
    // Nobody else reads it.
    assert_eq!(app.get("/v1/audit", Some(&token)).await.code(), "auth.role");
    // The operator changes where the publication came from.
    let publication = records.iter().find(|r| r.path == "/v1/tenders").unwrap().seq as i64;
    sqlx::query("UPDATE audit SET remote = '203.0.113.9:40000' WHERE id = $1").bind(publication).execute(&app.state.pool).await.unwrap();
    let edited: Vec<AuditRecord> = app.get("/v1/audit", Some(&sup)).await.into();
    let e = check(&edited, &ev).unwrap_err();
    assert!(e.contains(&format!("record {publication}")), "{e}");
    // A careful operator re-chains everything after the edit: the chain holds, but
    // no longer meets the head the log already holds.
    let mut previous = String::new();
    for r in &edited {
        let chain = r.link(&previous);
        sqlx::query("UPDATE audit SET chain = $1 WHERE id = $2").bind(&chain).bind(r.seq as i64).execute(&app.state.pool).await.unwrap();
        previous = chain;
    }
    let rechained: Vec<AuditRecord> = app.get("/v1/audit", Some(&sup)).await.into();
    let e = check(&rechained, &ev).unwrap_err();
    assert!(e.contains("logged head"), "{e}");
}

#[tokio::test]
async fn look_alike_server_is_trusted_at_first_contact() {
    use tenderbox_client::desk::{Desk, NetState, Settings};
    use tenderbox_client::logcheck::{LogState, pinned_key};
    let genuine = spawn().await;
    let look_alike = spawn().await;
    let (agency, token) = agency(&look_alike).await;
    look_alike.post("/v1/tenders", Some(&token), &sign_tender(&agency, &tender_doc())).await.into::<TenderRecord>();
    let clock = std::sync::Arc::new(|| tenderbox_core::time::Timestamp::from_unix(START));

    // An app installed with the centre's published key, pointed at the look-alike.
    let home = tempfile::tempdir().unwrap();
    let desk = Desk::open(home.path(), clock.clone()).await.unwrap();
    let s = desk.settings().await;
    desk.set_settings(Settings { server: look_alike.base.clone(), log_key: Some(genuine.log_key().await), ..s }).await.unwrap();
    let e = desk.sync().await.unwrap_err();
    assert_eq!(e.code, "log.key_mismatch", "{}", e.message);
    assert_eq!(desk.net().await.state, NetState::Alarm);
    assert!(desk.tenders().await.unwrap().is_empty(), "nothing from the look-alike is kept");

    // An app without configuration: it stops and asks; it trusts nothing on the server's word.
    let home = tempfile::tempdir().unwrap();
    let desk = Desk::open(home.path(), clock).await.unwrap();
    let s = desk.settings().await;
    desk.set_settings(Settings { server: look_alike.base.clone(), log_key: None, ..s }).await.unwrap();
    let e = desk.sync().await.unwrap_err();
    assert_eq!(e.code, "log.unpinned", "{}", e.message);
    assert!(desk.tenders().await.unwrap().is_empty(), "nothing from an unconfirmed server is kept");
    // The user types the centre's published fingerprint: the look-alike does not have it.
    let published = tenderbox_wire::log_key_fingerprint(&genuine.log_key().await);
    assert_eq!(desk.trust_log_key(&published).await.unwrap_err().code, "log.key_mismatch");
    assert_eq!(desk.status().await.unwrap().log_key_fingerprint, None);

    // The command line: the same rule.
    let api = tenderbox_client::api::Api::new(&look_alike.base);
    let mut st = LogState { server: look_alike.base.clone(), ..Default::default() };
    assert_eq!(pinned_key(&api, &mut st, None).await.unwrap_err().code(), "log.unpinned");
    assert_eq!(pinned_key(&api, &mut st, Some(&genuine.log_key().await)).await.unwrap_err().code(), "log.key_mismatch");
    assert!(st.verifier_key.is_empty());
}

#[tokio::test]
async fn server_shows_one_bidder_a_forked_log_for_its_receipt() {
    use tenderbox_client::desk::{Desk, Settings};
    let app = spawn().await;
    let (agency_a, token) = agency(&app).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency_a, &t)).await.into::<TenderRecord>();
    three_bids(&app, &t, 2000).await;

    // The operator runs a twin with the same key and another history, and shows
    // it to one bidder only while it submits.
    let twin_dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(twin_dir.path().join("data")).unwrap();
    std::fs::copy(app.dir.path().join("data/server.key"), twin_dir.path().join("data/server.key")).unwrap();
    let twin = spawn_in(twin_dir, None).await;
    let (agency_b, tok_b) = agency(&twin).await;
    twin.post("/v1/tenders", Some(&tok_b), &sign_tender(&agency_b, &t)).await.into::<TenderRecord>();
    let victim = Who::new("v", "安吉县交通建设有限公司", "91330523MA2D1FQ22X");
    let vt = twin.registered(&victim, &[Role::Bidder]).await;
    let forked: BidRecord = twin.submit(&t.id, &vt, &sealed_bid(&t, &victim, 2000, "v"), 1 << 20).await.into();
    let twin_size = tenderbox_seal::checkpoint::Checkpoint::open(&forked.receipt.checkpoint, &app.log_key().await).unwrap().size;
    let app_size = app.get("/v1/log/checkpoint", None).await.into::<CheckpointResponse>();
    let app_size = tenderbox_seal::checkpoint::Checkpoint::open(&app_size.note, &app.log_key().await).unwrap().size;
    assert!(twin_size < app_size, "the genuine log is the longer one ({twin_size} < {app_size})");
    // The receipt is genuinely signed with the platform's key.
    forked.receipt.verify(&app.log_key().await).unwrap();

    let home = tempfile::tempdir().unwrap();
    let clock = std::sync::Arc::new(|| tenderbox_core::time::Timestamp::from_unix(START));
    let desk = Desk::open(home.path(), clock).await.unwrap();
    let s = desk.settings().await;
    desk.set_settings(Settings { server: app.base.clone(), log_key: Some(app.log_key().await), ..s }).await.unwrap();
    desk.sync().await.unwrap();
    desk.store().put_receipt(None, &forked.receipt, tenderbox_core::time::Timestamp::from_unix(START)).await.unwrap();
    // Against everyone else's log the receipt is not there: an alarm, and the list says so.
    let e = desk.sync().await.unwrap_err();
    assert_eq!(e.code, "log.receipt", "{}", e.message);
    assert_eq!(desk.net().await.state, tenderbox_client::desk::NetState::Alarm);
    let r = desk.receipts().await.unwrap();
    assert!(!r[0].verified && !r[0].pending && r[0].problem.as_deref().unwrap_or("").contains("fork"), "{r:?}");
    // And it stays an alarm at every later sync.
    assert_eq!(desk.sync().await.unwrap_err().code, "log.receipt");

    // The command line's `log verify` refuses it the same way.
    let mut st = tenderbox_client::logcheck::LogState {
        server: app.base.clone(),
        verifier_key: app.log_key().await,
        checkpoint: None,
        receipts: vec![forked.receipt.clone()],
    };
    let e = tenderbox_client::logcheck::verify(&tenderbox_client::api::Api::new(&app.base), &mut st, None).await.unwrap_err();
    assert_eq!(e.code(), "log.receipt", "{e}");
}

#[tokio::test]
async fn operator_reads_out_a_price_the_log_does_not_hold() {
    use base64::Engine;
    use tenderbox_client::desk::{Desk, KeyStoreKind, Settings};
    let (app, _agency, _token, t) = with_tender().await;
    let bids = three_bids(&app, &t, 2000).await;
    // A bidder watching the opening hall from its desk (pinned by configuration).
    let home = tempfile::tempdir().unwrap();
    let clock = app.clock.clone();
    let desk = Desk::open(
        home.path(),
        std::sync::Arc::new(move || tenderbox_core::time::Timestamp::from_unix(clock.load(std::sync::atomic::Ordering::SeqCst))),
    )
    .await
    .unwrap();
    let s = desk.settings().await;
    desk.set_settings(Settings { server: app.base.clone(), log_key: Some(app.log_key().await), ..s }).await.unwrap();
    desk.create_identity("安吉县交通建设有限公司", "91330523MA2D1FQ22X", KeyStoreKind::File, Some("a long passphrase".into()))
        .await
        .unwrap();
    desk.sync().await.unwrap();
    app.advance(3600);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    let (who, tok, sealed, _) = &bids[0];
    let fk = tenderbox_seal::envelope::read_header(&mut &sealed[..]).unwrap().unwrap_bidder(&who.secret).unwrap();
    let body = PostFileKey { file_key: base64::engine::general_purpose::STANDARD.encode(fk.expose()) };
    app.post(&format!("/v1/tenders/{}/opening/sign-in", t.id), Some(tok), &serde_json::json!({})).await.into::<OpeningState>();
    app.post(&format!("/v1/tenders/{}/opening/key", t.id), Some(tok), &body).await.into::<serde_json::Value>();
    desk.sync().await.unwrap();
    let v = desk.opening(&t.id).await.unwrap();
    assert_eq!(v.lines.len(), 1);
    assert!(v.proved_in.is_some());
    let genuine = v.lines[0].lots[0].price.clone();

    // The operator rewrites the logged decryption: another price is read out live.
    let (idx, leaf): (i64, Vec<u8>) =
        sqlx::query_as("SELECT idx, leaf FROM events WHERE kind = 'bid.decrypted'").fetch_one(&app.state.pool).await.unwrap();
    let mut e: Event = serde_json::from_slice(&leaf).unwrap();
    e.body["lots"][0]["price"] = serde_json::json!("8800000.00");
    let forged = tenderbox_core::canonical::to_canonical_vec(&e).unwrap();
    sqlx::query("UPDATE events SET leaf = $1 WHERE idx = $2").bind(forged).bind(idx).execute(&app.state.pool).await.unwrap();
    let served: EventsPage = app.get(&format!("/v1/events?tender={}", t.id), None).await.into();
    assert!(
        served.events.iter().any(|e| e.kind == "bid.decrypted" && e.body["lots"][0]["price"] == "8800000.00"),
        "the server serves the forgery"
    );
    let e = desk.opening(&t.id).await.unwrap_err();
    assert_eq!(e.code, "log.event", "{}", e.message);
    assert_ne!(genuine, "8800000.00");
}

/// Races stale and current chunks of one upload against each other, round after
/// round: whatever the interleaving, the partial file always holds exactly the
/// bytes the server acknowledged, and the upload completes to the declared hash.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn stale_chunk_racing_a_newer_one_cuts_the_file_back() {
    let (app, _agency, _token, t) = with_tender().await;
    let who = Who::new("a", "湖州建工集团有限公司", "9135021359498494XQ");
    let tok = app.registered(&who, &[Role::Bidder]).await;
    let app = std::sync::Arc::new(app);
    for round in 0..12 {
        let sealed = sealed_bid(&t, &who, 300_000, &format!("race-{round}"));
        let third = sealed.len() / 3;
        let (a, b) = (sealed[..third].to_vec(), sealed[third..2 * third].to_vec());
        let up: UploadState = app
            .post(
                &format!("/v1/tenders/{}/uploads", t.id),
                Some(&tok),
                &app.signed_upload(&t.id, &tok, sealed.len() as u64, &sha_hex(&sealed)).await,
            )
            .await
            .into();
        // Chunk A at 0 (current, then stale once it is stored) and chunk B at its offset, all at once.
        let mut tasks = Vec::new();
        for i in 0..9 {
            let (app, tok, id) = (app.clone(), tok.clone(), up.id.clone());
            let (off, chunk) = if i % 3 == 2 { (third as u64, b.clone()) } else { (0, a.clone()) };
            tasks.push(tokio::spawn(async move { app.patch(&id, &tok, off, &chunk, None).await }));
        }
        for task in tasks {
            let r = task.await.unwrap();
            match r.status {
                StatusCode::NO_CONTENT => {}
                StatusCode::CONFLICT => assert!(matches!(r.code(), "upload.busy" | "upload.offset"), "{}", r.body),
                s => panic!("round {round}: unexpected {s}: {}", r.body),
            }
        }
        // The partial file holds exactly what the server acknowledged.
        let st: UploadState = app.get(&format!("/v1/uploads/{}", up.id), Some(&tok)).await.into();
        let part = std::fs::read(app.dir.path().join(format!("data/uploads/{}.part", up.id))).unwrap();
        assert_eq!(part.len() as u64, st.offset, "round {round}: file length is the acknowledged offset");
        assert_eq!(&part[..], &sealed[..st.offset as usize], "round {round}: and those bytes are the bid's");
        // The bidder resumes from the offset the server holds and completes.
        let r = app.patch(&up.id, &tok, st.offset, &sealed[st.offset as usize..], None).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "round {round}: {}", r.body);
        let r: BidRecord = app.post(&format!("/v1/uploads/{}/complete", up.id), Some(&tok), &serde_json::json!({})).await.into();
        assert_eq!(r.sha256, sha_hex(&sealed), "round {round}");
    }
}

/// Mounts a tmpfs of `size` at `dir` (root only); None where mounting is not allowed.
fn small_disk(dir: &std::path::Path, size: &str) -> Option<()> {
    std::fs::create_dir_all(dir).unwrap();
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    ok.then_some(())
}

struct Unmount(std::path::PathBuf);
impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

#[tokio::test]
async fn bidder_fills_the_disk_and_a_stored_bid_is_lost() {
    // The server's data folder on a real 2 MiB file system; the database beside it.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    if small_disk(&data, "2m").is_none() {
        eprintln!("SKIPPED: mounting a small tmpfs needs root (scripts/test runs as root in CI)");
        return;
    }
    let sqlite = format!("sqlite://{}?mode=rwc", dir.path().join("db.sqlite3").display());
    let app = spawn_in(dir, Some(fresh_postgres().await.unwrap_or(sqlite))).await;
    // Unmounted before the temporary folder is removed.
    let _unmount = Unmount(data.clone());
    let (agency, token) = agency(&app).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    // A bid already stored, with its receipt.
    let first = Who::new("a", "湖州建工集团有限公司", "9135021359498494XQ");
    let first_tok = app.registered(&first, &[Role::Bidder]).await;
    let first_bid = sealed_bid(&t, &first, 600_000, "a");
    let first_rec: BidRecord = app.submit(&t.id, &first_tok, &first_bid, 1 << 20).await.into();

    // Another bidder's upload runs into the full disk.
    let other = Who::new("b", "长兴路桥工程有限公司", "91350213678251743X");
    let tok = app.registered(&other, &[Role::Bidder]).await;
    let big = sealed_bid(&t, &other, 3_000_000, "b");
    let up: UploadState = app
        .post(&format!("/v1/tenders/{}/uploads", t.id), Some(&tok), &app.signed_upload(&t.id, &tok, big.len() as u64, &sha_hex(&big)).await)
        .await
        .into();
    let mut off = 0usize;
    let full = loop {
        let end = (off + 256 * 1024).min(big.len());
        let r = app.patch(&up.id, &tok, off as u64, &big[off..end], None).await;
        if r.status == StatusCode::NO_CONTENT {
            off = end;
            assert!(off < big.len(), "the disk never filled");
            continue;
        }
        break r;
    };
    assert_eq!((full.status, full.code()), (StatusCode::INSUFFICIENT_STORAGE, "storage.full"), "{}", full.body);
    assert!(full.body["message"].as_str().unwrap().contains("nothing of this request was kept"));
    // Nothing half-written: the partial file holds exactly the acknowledged bytes…
    let st: UploadState = app.get(&format!("/v1/uploads/{}", up.id), Some(&tok)).await.into();
    assert_eq!(st.offset as usize, off);
    let part = std::fs::read(data.join(format!("uploads/{}.part", up.id))).unwrap();
    assert_eq!(part, big[..off]);
    // …and the stored bid is whole.
    let blob = std::fs::read(data.join("blobs").join(&first_rec.sha256)).unwrap();
    assert_eq!(sha_hex(&blob), first_rec.sha256);
    let mine: Vec<BidRecord> = app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(&first_tok)).await.into();
    assert_eq!(mine[0].sha256, first_rec.sha256);

    // Once the operator adds space, the upload resumes from its offset and completes.
    let grown = std::process::Command::new("mount").args(["-o", "remount,size=16m"]).arg(&data).status().unwrap();
    assert!(grown.success());
    while off < big.len() {
        let end = (off + 1024 * 1024).min(big.len());
        let r = app.patch(&up.id, &tok, off as u64, &big[off..end], None).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
        off = end;
    }
    let r: BidRecord = app.post(&format!("/v1/uploads/{}/complete", up.id), Some(&tok), &serde_json::json!({})).await.into();
    assert_eq!(r.sha256, sha_hex(&big));
}

#[tokio::test]
async fn agency_compares_machine_fingerprints_that_only_supervision_may_see() {
    let app = spawn().await;
    let (agency, token) = agency(&app).await;
    let supervisor = Who::new("sup", "湖州市公共资源交易监督管理办公室", "11330500MB1957366U");
    let sup_token = app.registered(&supervisor, &[Role::Supervisor]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    // Every bidder's client seals its fingerprint to the supervisors the verified record names.
    let rec: TenderRecord = app.get(&format!("/v1/tenders/{}", t.id), None).await.into();
    let pk = verifier_public_key(&app.log_key().await).unwrap();
    let supervisors = rec.supervisors(&pk).unwrap();
    assert_eq!(supervisors.len(), 1);
    let shared = vec![("mac".to_string(), "3c:7c:3f:1a:2b:4d".to_string()), ("os_install".to_string(), "8d1f0c3a".to_string())];
    let own = vec![("mac".to_string(), "00:e0:4c:68:01:02".to_string()), ("os_install".to_string(), "77aa10be".to_string())];
    let mut bidders = Vec::new();
    for (seed, name, uscc, machine) in [
        ("a", "湖州建工集团有限公司", "9135021359498494XQ", &shared),
        ("b", "长兴路桥工程有限公司", "91350213678251743X", &shared),
        ("c", "德清市政建设有限公司", "91350100M000100Y43", &own),
    ] {
        let who = Who::new(seed, name, uscc);
        let tok = app.registered(&who, &[Role::Bidder]).await;
        let sealed = sealed_bid_on(&t, &who, 1000, seed, false, machine, &supervisors);
        app.submit(&t.id, &tok, &sealed, 1 << 20).await.into::<BidRecord>();
        bidders.push((who, tok, sealed));
    }
    app.advance(3600);
    tenderbox_server::routes::close_due(&app.state).await.unwrap();
    for (who, tok, sealed) in &bidders {
        decrypt(&app, &t.id, who, tok, sealed).await;
    }
    // The agency (and any bidder) is refused the fingerprints.
    let path = format!("/v1/tenders/{}/machines", t.id);
    let r = app.get(&path, Some(&token)).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "auth.role"), "{}", r.body);
    let r = app.get(&path, Some(&bidders[0].1)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // The supervisor gets them sealed, opens them locally, and finds a and b on one machine.
    let entries: Vec<MachineEntry> = app.get(&path, Some(&sup_token)).await.into();
    assert_eq!(entries.len(), 3);
    let sup_id = identity_id(&supervisor.public.signing_key);
    let opened: Vec<Vec<tenderbox_seal::package::MachineComponent>> = entries
        .iter()
        .map(|e| {
            tenderbox_seal::package::open_machine(e.machine.as_ref().unwrap(), &t.id, &e.bidder_uscc, &sup_id, &supervisor.secret).unwrap()
        })
        .collect();
    let groups = tenderbox_seal::package::shared_machines(&entries.iter().map(|e| e.bidder_uscc.clone()).zip(opened).collect::<Vec<_>>());
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert!(groups.iter().all(|g| g.bidders == vec![bidders[0].0.public.uscc.to_string(), bidders[1].0.public.uscc.to_string()]));
    // Not even the agency's own key opens one.
    assert!(
        tenderbox_seal::package::open_machine(
            entries[0].machine.as_ref().unwrap(),
            &t.id,
            &entries[0].bidder_uscc,
            &sup_id,
            &agency.secret
        )
        .is_err()
    );
}

/// Someone holding a bidder's session token (stolen, or the operator replaying
/// requests) brings back the bidder's earlier sealed file, so that the older
/// price is the one opened. Every submission is now signed by the bidder for its
/// exact bytes and the exact bid it replaces; the log keeps the signature.
#[tokio::test]
async fn stolen_token_brings_back_a_bid_its_bidder_replaced() {
    let (app, agency, _token, t) = with_tender().await;
    let who = Who::new("a", "湖州建工集团有限公司", "9135021359498494XQ");
    let tok = app.registered(&who, &[Role::Bidder]).await;
    let old = sealed_bid(&t, &who, 500, "old price");
    let new = sealed_bid(&t, &who, 500, "new price");
    let path = format!("/v1/tenders/{}/uploads", t.id);
    let old_request = CreateUpload::sign(&t.id, &sha_hex(&old), old.len() as u64, None, &who.secret);
    let first: BidRecord = app.submit(&t.id, &tok, &old, 1 << 20).await.into();
    let second: BidRecord = app.submit(&t.id, &tok, &new, 1 << 20).await.into();
    assert_eq!(first.sha256, sha_hex(&old));

    // The bidder's own earlier request, replayed: it replaced nothing, but now there is an active bid.
    let r = app.post(&path, Some(&tok), &old_request).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "bid.supersedes"), "{}", r.body);
    // A request for the old file that names the new bid, without the bidder's key.
    let mut forged = CreateUpload::sign(&t.id, &sha_hex(&old), old.len() as u64, Some(&second.sha256), &who.secret);
    forged.signature = CreateUpload::sign(&t.id, &sha_hex(&old), old.len() as u64, Some(&second.sha256), &agency.secret).signature;
    let r = app.post(&path, Some(&tok), &forged).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "upload.signature"), "{}", r.body);
    let unsigned = CreateUpload { signature: String::new(), ..forged };
    assert_eq!(app.post(&path, Some(&tok), &unsigned).await.code(), "upload.signature");
    let mine: Vec<BidRecord> = app.get(&format!("/v1/tenders/{}/bids/mine", t.id), Some(&tok)).await.into();
    let active: Vec<&str> = mine.iter().filter(|b| b.status == BidStatus::Active).map(|b| b.sha256.as_str()).collect();
    assert_eq!(active, [second.sha256.as_str()], "the new price stays the active bid");

    // The log keeps the bidder's signature over the replacement, checkable by anyone after the close.
    let leaf: Event = serde_json::from_str(&second.receipt.leaf).unwrap();
    assert_eq!(leaf.body["supersedes"], first.sha256);
    let signed = CreateUpload {
        length: new.len() as u64,
        sha256: second.sha256.clone(),
        supersedes: Some(first.sha256.clone()),
        consortium: vec![],
        signature: leaf.body["signature"].as_str().unwrap().to_string(),
    };
    assert!(signed.verify(&t.id, &who.public.signing_key_bytes().unwrap()));
}

/// The operator reads the whole database and the data folder before bidding ends: the
/// seller's reserve is nowhere in it (only the sealed ciphertext, shares for custodians,
/// and commitments), and one custodian alone cannot open it.
#[tokio::test]
async fn an_operator_with_the_database_cannot_read_the_reserve_before_the_end() {
    use tenderbox_seal::reserve::{open, open_share, seal};
    let (app, rec, _) = crate::auctions::registered_pair("2026-10-19T10:00:00+08:00").await;
    let id = rec.terms.id.clone();
    let admin = app.login(&app.admin).await;
    let custodians = three_custodians(&app).await;
    let keys: Vec<(String, [u8; 32])> = custodians.iter().map(|(w, _)| (w.id(), w.secret.encryption_public())).collect();
    // A reserve whose digits appear nowhere else (not a price, a deposit or a time).
    let sealed = seal(&id, &rec.terms_hash, "8136947.21".parse().unwrap(), &keys, 2, &tenderbox_seal::SystemEntropy::new()).unwrap();
    let signed = tenderbox_seal::signed::sign(sealed, &app.admin.id(), &app.admin.secret).unwrap();
    let _: AuctionReserveState =
        app.call(reqwest::Method::PUT, &format!("/v1/auctions/{id}/reserve"), Some(&admin), Some(&signed)).await.into();
    // Everything the operator holds: every file under the data folder (the SQLite database
    // with its WAL, the log, the keys) and the API's answers.
    let mut seen = Vec::new();
    let mut stack = vec![app.dir.path().to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.path().is_dir() {
                stack.push(e.path());
            } else if let Ok(b) = std::fs::read(e.path()) {
                seen.push((e.path(), b));
            }
        }
    }
    if app.database.is_none() {
        assert!(seen.iter().any(|(p, _)| p.to_string_lossy().contains("tenderbox.sqlite3")), "the database was read");
    }
    // On PostgreSQL the database is elsewhere: what the reserve and the log hold.
    let rows: Vec<String> = sqlx::query_scalar("SELECT signed FROM auction_reserves").fetch_all(&app.state.pool).await.unwrap();
    let leaves: Vec<Vec<u8>> = sqlx::query_scalar("SELECT leaf FROM events").fetch_all(&app.state.pool).await.unwrap();
    assert!(rows.iter().all(|r| !r.contains("8136947")) && leaves.iter().all(|l| !l.windows(7).any(|w| w == b"8136947")));
    for (path, bytes) in &seen {
        assert!(!bytes.windows(10).any(|w| w == b"8136947.21"), "the reserve is readable in {}", path.display());
    }
    let public = app.get(&format!("/v1/auctions/{id}/reserve"), None).await.body.to_string();
    assert!(!public.contains("8136947"), "the reserve is in the public answer");
    // A single custodian — or the operator holding one custodian's key — cannot open it.
    let state: AuctionReserveState = app.get(&format!("/v1/auctions/{id}/reserve"), None).await.into();
    let doc = &state.sealed.unwrap().doc;
    let one = open_share(doc, 1, &custodians[0].0.secret).unwrap();
    assert!(open(doc, &[one]).is_err());
}
