//! The push of the national data sets to the provincial platform: a local receiver
//! records what it gets (checking each signature with the platform key); it goes down
//! for a while and the server restarts, and still every row arrives exactly once, in
//! order.

use crate::helpers::*;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tenderbox_wire::*;

#[derive(Clone, Default)]
struct Receiver {
    down: Arc<AtomicBool>,
    /// (delivery id, data set) in arrival order, duplicates included.
    got: Arc<Mutex<Vec<(i64, String)>>>,
    key: Arc<Mutex<Vec<u8>>>,
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: axum::body::Bytes) -> StatusCode {
    if r.down.load(Ordering::SeqCst) {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let sig = headers.get("x-tenderbox-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let sig = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, sig).unwrap_or_default();
    let key = r.key.lock().unwrap().clone();
    let mut msg = tenderbox_server::exchange::DOMAIN.to_vec();
    msg.extend_from_slice(&body);
    if ring::signature::UnparsedPublicKey::new(&ring::signature::ED25519, &key).verify(&msg, &sig).is_err() {
        return StatusCode::UNAUTHORIZED;
    }
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(headers["x-tenderbox-delivery"].to_str().unwrap(), v["delivery"].to_string());
    r.got.lock().unwrap().push((v["delivery"].as_i64().unwrap(), v["dataset"].as_str().unwrap().to_string()));
    StatusCode::OK
}

async fn receiver() -> (Receiver, String) {
    let r = Receiver::default();
    let app = axum::Router::new().route("/push", axum::routing::post(receive)).with_state(r.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/push", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (r, url)
}

async fn status(app: &TestApp) -> ExchangeStatus {
    app.get("/v1/exchange/status", Some(&app.login(&app.admin).await)).await.into()
}

#[tokio::test]
async fn every_data_set_reaches_the_province_once_across_an_outage_and_a_restart() {
    let (rx, url) = receiver().await;
    let dir = tempfile::tempdir().unwrap();
    let database = fresh_postgres().await;
    let u = url.clone();
    let app = spawn_with(dir, database, move |c| c.province_url = Some(u)).await;
    *rx.key.lock().unwrap() = app.state.public_key();
    let client = tenderbox_server::exchange::client();
    let tick = |app: &TestApp| {
        let (s, c) = (app.state.clone(), client.clone());
        async move { tenderbox_server::exchange::tick(&s, &c).await.unwrap() }
    };

    // A tender published: its project, its lot and its announcement reach the province.
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();
    tick(&app).await;
    let sets: Vec<String> = rx.got.lock().unwrap().iter().map(|g| g.1.clone()).collect();
    assert_eq!(sets, ["SECTION", "TENDER_ANNOUNCEMENT", "TENDER_PROJECT"]);
    tick(&app).await;
    assert_eq!(rx.got.lock().unwrap().len(), 3, "nothing is sent twice");
    let st = status(&app).await;
    assert_eq!((st.pending, st.sent, st.endpoint.as_deref()), (0, 3, Some(url.as_str())));

    // The receiver goes down; an amendment's rows wait, with the error and a backoff.
    rx.down.store(true, Ordering::SeqCst);
    app.advance(60);
    let mut v2 = t.clone();
    v2.version = 2;
    v2.deadline = t.deadline.plus_seconds(16 * 86_400);
    v2.opening_at = v2.deadline;
    app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v2)).await.into::<TenderRecord>();
    tick(&app).await;
    let st = status(&app).await;
    assert_eq!((st.pending, st.failing), (3, 1), "{st:?}");
    assert!(st.last_error.as_deref().unwrap().contains("503"), "{st:?}");
    assert_eq!(st.next_attempt_at.unwrap().unix(), app.state.now().unix() + tenderbox_server::exchange::backoff(1));
    tick(&app).await;
    assert_eq!(status(&app).await.failing, 1, "no new attempt before the backoff");
    app.advance(5);
    tick(&app).await;
    let st = status(&app).await;
    assert_eq!(st.next_attempt_at.unwrap().unix(), app.state.now().unix() + tenderbox_server::exchange::backoff(2), "the wait doubles");
    // The status names each data set and each row: what went, what waits and why.
    let ann = st.datasets.iter().find(|d| d.dataset == "TENDER_ANNOUNCEMENT").unwrap();
    assert_eq!((ann.pending, ann.sent), (1, 1));
    assert_eq!(st.recent.len(), 6);
    assert_eq!(st.recent.iter().map(|r| r.delivery).collect::<Vec<_>>(), [6, 5, 4, 3, 2, 1], "newest first");
    let first_waiting = st.recent.iter().rfind(|r| r.sent_at.is_none()).unwrap();
    assert_eq!((first_waiting.delivery, first_waiting.attempts), (4, 2));
    assert!(first_waiting.last_error.as_deref().unwrap().contains("503") && first_waiting.next_attempt_at.is_some());
    assert!(st.recent.iter().filter(|r| r.sent_at.is_some()).all(|r| r.next_attempt_at.is_none() && r.last_error.is_none()));

    // The server restarts on the same data; the receiver comes back: the rows go, once.
    let now = app.state.now().unix();
    let TestApp { dir, database, .. } = app;
    let u = url.clone();
    let app = spawn_with(dir, database, move |c| c.province_url = Some(u)).await;
    app.clock.store(now + 1, Ordering::SeqCst);
    rx.down.store(false, Ordering::SeqCst);
    tick(&app).await;
    assert_eq!(status(&app).await.pending, 3, "the back-off still runs after the restart");
    // The admin sees the receiver is back and sends now rather than waiting it out.
    let bidder = Who::new("b1", "湖州建工集团有限公司", "9135021359498494XQ");
    let bidder_token = app.registered(&bidder, &[Role::Bidder]).await;
    assert_eq!(app.post("/v1/exchange/retry", Some(&bidder_token), &serde_json::json!({})).await.status, StatusCode::FORBIDDEN);
    let st: ExchangeStatus = app.post("/v1/exchange/retry", Some(&app.login(&app.admin).await), &serde_json::json!({})).await.into();
    assert_eq!((st.pending, st.failing, st.sent), (0, 0, 6), "{st:?}");
    let got = rx.got.lock().unwrap().clone();
    let ids: Vec<i64> = got.iter().map(|g| g.0).collect();
    assert_eq!(ids, (1..=6).collect::<Vec<_>>(), "every row once, in order");
    assert_eq!(got[3..].iter().filter(|g| g.1 == "TENDER_ANNOUNCEMENT").count(), 1, "the amendment's announcement");
}

#[tokio::test]
async fn without_an_endpoint_nothing_is_gathered_or_sent() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &tender_doc())).await.into::<TenderRecord>();
    tenderbox_server::exchange::tick(&app.state, &tenderbox_server::exchange::client()).await.unwrap();
    let st = status(&app).await;
    assert_eq!((st.endpoint, st.pending, st.sent, st.gathered_to), (None, 0, 0, None));
    let retry = app.post("/v1/exchange/retry", Some(&app.login(&app.admin).await), &serde_json::json!({})).await;
    assert_eq!(retry.status, StatusCode::BAD_REQUEST);
    assert_eq!(retry.body["code"], "exchange.not_configured");
}
