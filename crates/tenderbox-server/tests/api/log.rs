use crate::helpers::*;
use reqwest::StatusCode;
use tenderbox_seal::checkpoint::Checkpoint;
use tenderbox_seal::merkle::{self, Hash};
use tenderbox_wire::*;

fn hashes(p: &ProofResponse) -> Vec<Hash> {
    p.proof.iter().map(|h| hex::decode(h).unwrap().try_into().unwrap()).collect()
}

#[tokio::test]
async fn every_event_is_provably_in_the_signed_log_and_the_log_only_grows() {
    let app = spawn().await;
    let key = app.get("/v1/health", None).await.into::<Health>().log_key;
    let first: CheckpointResponse = app.get("/v1/log/checkpoint", None).await.into();
    let cp1 = Checkpoint::open(&first.note, &key).unwrap();
    for (i, (seed, uscc)) in [("a", "9135021359498494XQ"), ("b", "91350213678251743X"), ("c", "91350200MA31E12PXF")].iter().enumerate() {
        app.registered(&Who::new(seed, &format!("公司{i}"), uscc), &[Role::Bidder]).await;
    }
    let second: CheckpointResponse = app.get("/v1/log/checkpoint", None).await.into();
    let cp2 = Checkpoint::open(&second.note, &key).unwrap();
    assert_eq!(cp2.size, cp1.size + 6, "3 registrations + 3 approvals");

    // Every leaf is in the tree, by its own proof; the leaves recompute the root.
    let leaves: Vec<serde_json::Value> = app.get(&format!("/v1/log/leaves?start=0&end={}", cp2.size), None).await.into();
    let mut hashes_seen = Vec::new();
    for l in &leaves {
        let bytes = l["leaf"].as_str().unwrap().as_bytes();
        let h = merkle::leaf_hash(bytes);
        assert_eq!(hex::encode(h), l["hash"].as_str().unwrap());
        let i = l["index"].as_u64().unwrap();
        let p: ProofResponse = app.get(&format!("/v1/log/proof/inclusion?index={i}&size={}", cp2.size), None).await.into();
        merkle::verify_inclusion(&h, i, cp2.size, &hashes(&p), &cp2.root).unwrap();
        hashes_seen.push(h);
    }
    assert_eq!(merkle::leaves_root(&hashes_seen), cp2.root);

    // The newer checkpoint extends the older one.
    let p: ProofResponse = app.get(&format!("/v1/log/proof/consistency?first={}&second={}", cp1.size, cp2.size), None).await.into();
    merkle::verify_consistency(cp1.size, cp2.size, &cp1.root, &cp2.root, &hashes(&p)).unwrap();

    // Events page through in order.
    let page: EventsPage = app.get("/v1/events?after=0&limit=2", None).await.into();
    assert_eq!(page.events.iter().map(|e| e.index).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(page.next_after, Some(2));
    assert_eq!(page.events[0].kind, "identity.registered");

    // Bad proof requests are clear 400s.
    let r = app.get(&format!("/v1/log/proof/inclusion?index={}&size={}", cp2.size, cp2.size), None).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "log.index"));
    let r = app.get("/v1/log/proof/consistency?first=1&second=999", None).await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "log.size"));
}

#[tokio::test]
async fn a_restarted_server_keeps_its_key_and_its_log() {
    let app = spawn().await;
    app.registered(&Who::new("a", "公司", "9135021359498494XQ"), &[Role::Bidder]).await;
    let before: CheckpointResponse = app.get("/v1/log/checkpoint", None).await.into();
    let key = app.get("/v1/health", None).await.into::<Health>().log_key;
    let TestApp { dir, database, .. } = app;
    let again = spawn_in(dir, database).await;
    let after: CheckpointResponse = again.get("/v1/log/checkpoint", None).await.into();
    assert_eq!(again.get("/v1/health", None).await.into::<Health>().log_key, key);
    let (a, b) = (Checkpoint::open(&before.note, &key).unwrap(), Checkpoint::open(&after.note, &key).unwrap());
    assert_eq!((a.size, a.root), (b.size, b.root));
}

#[tokio::test]
async fn the_live_stream_replays_then_follows_new_events() {
    let app = spawn().await;
    let mut resp = app.client.get(format!("{}/v1/events/stream?after=0", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(resp.headers()["content-type"].to_str().unwrap().starts_with("text/event-stream"));
    // A registration after subscribing arrives live.
    let app2 = &app;
    let register = async move {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        app2.registered(&Who::new("a", "公司", "9135021359498494XQ"), &[Role::Bidder]).await;
    };
    let read = async {
        let mut text = String::new();
        while !text.contains("event: identity.approved\n") || text.matches("\nid: ").count() + usize::from(text.starts_with("id: ")) < 2 {
            let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), resp.chunk())
                .await
                .expect("an event within 10 s")
                .unwrap()
                .unwrap();
            text.push_str(&String::from_utf8_lossy(&chunk));
        }
        text
    };
    let (_, text) = tokio::join!(register, read);
    assert!(text.contains("event: identity.registered"), "{text}");
    // Index 0 (the bootstrap admin) was before `after`: not replayed.
    assert!(!text.contains("id: 0\n"), "{text}");
    let first_data = text.lines().find(|l| l.starts_with("data: ")).unwrap();
    let ev: Event = serde_json::from_str(&first_data["data: ".len()..]).unwrap();
    assert_eq!(ev.index, 1);
}

#[tokio::test]
async fn the_openapi_document_is_generated_and_covers_the_api() {
    let app = spawn().await;
    let doc: serde_json::Value = app.get("/v1/openapi.json", None).await.into();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/v1/health",
        "/v1/log/checkpoint",
        "/v1/log/proof/inclusion",
        "/v1/events/stream",
        "/v1/identities/{id}/approve",
        "/v1/auth/login",
        "/v1/tenders/{id}/amend",
        "/v1/uploads/{id}",
        "/v1/uploads/{id}/complete",
        "/v1/tenders/{id}/committee/commitments",
        "/v1/tenders/{id}/committee/deals",
        "/v1/tenders/{id}/committee/verdicts",
        "/v1/tenders/{id}/committee/answers",
        "/v1/tenders/{id}/opening/partials",
        "/v1/tenders/{id}/opening/remedy",
        "/v1/audit",
        "/v1/tenders/{id}/opening/record",
        "/v1/tenders/{id}/opening/objections/{oid}/answer",
        "/v1/tender-files/{sha256}",
        "/v1/tenders/{id}/files/{sha256}",
        "/v1/tenders/{id}/clarifications",
        "/v1/tenders/{id}/clarifications/{cid}/answer",
        "/v1/tenders/{id}/machines",
        "/v1/custodians",
        "/v1/rules",
        "/v1/rules/{id}/retire",
    ] {
        assert!(paths.contains_key(p), "{p} missing from the OpenAPI document");
    }
    // Every path the router serves but /v1/openapi.json itself.
    assert_eq!(paths.len(), 143);
    assert!(paths["/v1/uploads/{id}"]["patch"].is_object());
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for s in ["Receipt", "ReceiptBody", "BidRecord", "OpeningRecord", "ApiError", "LateError", "RegisterRequest"] {
        assert!(schemas.contains_key(s), "schema {s} missing");
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}
