//! The desktop client's local store, sync engine and outbox against the real
//! server: tenders arrive verified, amendments keep the earlier version, a
//! forked log and a changed key are alarms, an interrupted upload resumes.

use crate::helpers::*;
use tenderbox_client::api::Api;
use tenderbox_client::store::Store;
use tenderbox_client::sync::{SyncError, sync_once};
use tenderbox_core::time::Timestamp;
use tenderbox_wire::*;

fn local_clock() -> Timestamp {
    // The local clock is 90 s behind the server's test clock.
    Timestamp::from_unix(START - 90)
}

#[tokio::test]
async fn sync_stores_verified_tenders_and_keeps_every_version() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("client.db")).await.unwrap();
    app.pin(&store).await;
    let api = Api::new(&app.base);
    let r = sync_once(&api, &store, &local_clock).await.unwrap();
    assert_eq!(r.tenders_updated, vec![t.id.clone()]);
    assert_eq!(r.clock_offset, 90);
    let cached = store.tenders().await.unwrap();
    assert_eq!(cached.len(), 1);
    assert_eq!(cached[0].record.document, t);
    assert_eq!(cached[0].seen_version, None);
    store.mark_seen(&t.id, 1).await.unwrap();

    // Nothing new: nothing fetched.
    let again = sync_once(&api, &store, &local_clock).await.unwrap();
    assert_eq!((again.new_events, again.tenders_updated.len()), (0, 0));

    // An amendment: the new version replaces the cached one; the old stays for comparison.
    let mut v2 = t.clone();
    v2.version = 2;
    v2.title = format!("{}（变更）", t.title);
    app.post(&format!("/v1/tenders/{}/amend", t.id), Some(&token), &sign_tender(&agency, &v2)).await.into::<TenderRecord>();
    let r = sync_once(&api, &store, &local_clock).await.unwrap();
    assert_eq!(r.tenders_updated, vec![t.id.clone()]);
    let now = store.tender(&t.id).await.unwrap().unwrap();
    assert_eq!((now.record.summary.version, now.seen_version), (2, Some(1)));
    assert_eq!(store.tender_version(&t.id, 1).await.unwrap().unwrap(), t);
    assert_eq!(
        store.tender_events(&t.id).await.unwrap().iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
        ["tender.published", "tender.amended"]
    );

    // Reopening the store (an app restart) keeps everything.
    drop(store);
    let store = Store::open(&dir.path().join("client.db")).await.unwrap();
    app.pin(&store).await;
    assert_eq!(store.tenders().await.unwrap()[0].record.summary.version, 2);
    assert!(store.cursor().await.unwrap().is_some());
}

#[tokio::test]
async fn a_forked_log_and_a_changed_key_are_alarms_and_offline_is_retryable() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let token = app.registered(&agency, &[Role::Agency]).await;
    app.post("/v1/tenders", Some(&token), &sign_tender(&agency, &tender_doc())).await.into::<TenderRecord>();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("client.db")).await.unwrap();
    app.pin(&store).await;
    sync_once(&Api::new(&app.base), &store, &local_clock).await.unwrap();

    // A second server with the same signing key but another history: a fork.
    let twin_dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(twin_dir.path().join("data")).unwrap();
    std::fs::copy(app.dir.path().join("data/server.key"), twin_dir.path().join("data/server.key")).unwrap();
    let twin = spawn_in(twin_dir, None).await;
    let agency2 = Who::new("agency2", "湖州中天招标代理有限公司", "91350213678251743X");
    let tok2 = twin.registered(&agency2, &[Role::Agency]).await;
    let mut other = tender_doc();
    other.id = "HZ-GC-2026-0888".into();
    twin.post("/v1/tenders", Some(&tok2), &sign_tender(&agency2, &other)).await.into::<TenderRecord>();
    let e = sync_once(&Api::new(&twin.base), &store, &local_clock).await.unwrap_err();
    assert!(matches!(e, SyncError::Fork { .. }), "{e}");
    assert_eq!(e.code(), "log.fork");
    // Nothing of the fork was stored.
    assert!(store.tender("HZ-GC-2026-0888").await.unwrap().is_none());

    // Another server altogether: its key differs from the pinned one.
    let stranger = spawn().await;
    let e = sync_once(&Api::new(&stranger.base), &store, &local_clock).await.unwrap_err();
    assert_eq!(e.code(), "log.key_changed", "{e}");

    // No server: offline, retryable.
    let e = sync_once(&Api::new("http://127.0.0.1:9"), &store, &local_clock).await.unwrap_err();
    assert!(e.is_offline(), "{e}");
}

#[tokio::test]
async fn an_interrupted_outbox_upload_resumes_and_ends_with_a_stored_receipt() {
    let app = spawn().await;
    let agency = Who::new("agency", "浙江湖信工程咨询有限公司", "91350200MA31E12PXF");
    let agency_token = app.registered(&agency, &[Role::Agency]).await;
    let bidder = Who::new("bidder", "湖州建工集团有限公司", "9135021359498494XQ");
    app.registered(&bidder, &[Role::Bidder]).await;
    let t = tender_doc();
    app.post("/v1/tenders", Some(&agency_token), &sign_tender(&agency, &t)).await.into::<TenderRecord>();

    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("client.db")).await.unwrap();
    app.pin(&store).await;
    let mut api = Api::new(&app.base);
    sync_once(&api, &store, &local_clock).await.unwrap();
    api.login(&bidder.public, &bidder.secret).await.unwrap();
    let sealed = sealed_bid(&t, &bidder, 20 << 20, "outbox");
    let file = dir.path().join("bid.tbx");
    std::fs::write(&file, &sealed).unwrap();
    let item = store.enqueue(&t.id, file.to_str().unwrap(), &sha_hex(&sealed), sealed.len() as u64, &[], local_clock()).await.unwrap();
    assert_eq!(item.state, "queued");

    // Interrupted after the first chunk (the app is closed, or the user pauses).
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let (a2, s2) = (api.clone(), store.clone());
    let signer = tenderbox_seal::identity::SecretIdentity::from_bytes(&bidder.secret.to_bytes()).unwrap();
    let task = tokio::spawn(async move {
        let mut progress = move |sent: u64, _total: u64| {
            let _ = tx.send(sent);
        };
        tenderbox_client::outbox::send(&a2, &s2, &signer, item.id, &local_clock, &mut progress).await
    });
    while let Some(sent) = rx.recv().await {
        if sent > 0 {
            task.abort();
            break;
        }
    }
    let _ = task.await;
    let pending = tenderbox_client::outbox::pending(&store).await.unwrap();
    assert_eq!(pending.len(), 1, "the interrupted item is picked up again");
    assert!(pending[0].upload_id.is_some());

    // Resumed (a restart: a fresh store handle): continues from the server's offset.
    let store = Store::open(&dir.path().join("client.db")).await.unwrap();
    app.pin(&store).await;
    let mut first = None;
    let rec = tenderbox_client::outbox::send(&api, &store, &bidder.secret, item.id, &local_clock, &mut |sent, _| {
        first.get_or_insert(sent);
    })
    .await
    .unwrap();
    assert!(first.unwrap() > 0, "resumed from offset {first:?}, not from the start");
    assert_eq!(rec.sha256, sha_hex(&sealed));
    let sent = store.outbox_get(item.id).await.unwrap().unwrap();
    assert_eq!((sent.state.as_str(), sent.sent), ("sent", sealed.len() as u64));
    let receipts = store.receipts().await.unwrap();
    assert_eq!(receipts.len(), 1);
    receipts[0].verify(&app.log_key().await).unwrap();
    // Sending it again is refused, not duplicated.
    let e = tenderbox_client::outbox::send(&api, &store, &bidder.secret, item.id, &local_clock, &mut |_, _| {}).await.unwrap_err();
    assert_eq!(e.code(), "outbox.sent");
}
