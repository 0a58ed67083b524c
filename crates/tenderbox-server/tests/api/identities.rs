use crate::helpers::*;
use base64::Engine;
use reqwest::StatusCode;
use serde_json::json;
use tenderbox_seal::identity::{PublicIdentity, verify};
use tenderbox_wire::*;

fn bidder() -> Who {
    Who::new("bidder", "湖州建工集团有限公司", "9135021359498494XQ")
}

#[tokio::test]
async fn health_and_centres_are_public() {
    let app = spawn().await;
    let h: Health = app.get("/v1/health", None).await.into();
    assert_eq!(h.status, "ok");
    assert_eq!(h.server_time.unix(), START);
    let c = app.get("/v1/centres", None).await;
    assert_eq!(c.body.as_array().unwrap().len(), 7);
    assert_eq!(c.body[0]["code"], "HZ");
}

#[tokio::test]
async fn registration_is_pending_until_an_admin_approves_and_signs_a_certificate() {
    let app = spawn().await;
    let b = bidder();
    let rec: IdentityRecord = app
        .post(
            "/v1/identities",
            None,
            &RegisterRequest { identity: b.public.clone(), roles: vec![Role::Bidder], documents: vec![], documents_signature: None },
        )
        .await
        .into();
    assert_eq!(rec.status, RegistrationStatus::Pending);
    let r = app.try_login(&b).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "auth.not_approved"));

    let admin = app.login(&app.admin).await;
    let pending: Vec<IdentityRecord> = app.get("/v1/identities?status=pending", Some(&admin)).await.into();
    assert_eq!(pending.iter().map(|p| p.id.clone()).collect::<Vec<_>>(), vec![b.id()]);
    let approved: IdentityRecord = app.post(&format!("/v1/identities/{}/approve", b.id()), Some(&admin), &json!({})).await.into();
    assert_eq!(approved.status, RegistrationStatus::Approved);

    // The certificate is the server's signature over the document and roles.
    let cert: serde_json::Value = serde_json::from_str(approved.certificate.as_ref().unwrap()).unwrap();
    let key: [u8; 32] = base64::engine::general_purpose::STANDARD.decode(cert["key"].as_str().unwrap()).unwrap().try_into().unwrap();
    let sig = base64::engine::general_purpose::STANDARD.decode(cert["signature"].as_str().unwrap()).unwrap();
    let body = tenderbox_core::canonical::to_canonical_vec(&cert["body"]).unwrap();
    assert!(verify(&key, CERTIFICATE_DOMAIN, &body, &sig));
    assert_eq!(cert["body"]["roles"], json!(["bidder"]));

    // Approving twice is a conflict; the bidder can now log in.
    let again = app.post(&format!("/v1/identities/{}/approve", b.id()), Some(&admin), &json!({})).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "identity.decided"));
    let login: LoginResponse = app.try_login(&b).await.into();
    assert_eq!(login.roles, vec![Role::Bidder]);
}

#[tokio::test]
async fn access_rules_for_identity_records() {
    let app = spawn().await;
    let b = bidder();
    let token = app.registered(&b, &[Role::Bidder]).await;
    let other = Who::new("other", "长兴路桥工程有限公司", "91350213678251743X");
    let other_token = app.registered(&other, &[Role::Bidder]).await;

    // Own record: yes. Someone else's: 404, as if it did not exist.
    assert_eq!(app.get(&format!("/v1/identities/{}", b.id()), Some(&token)).await.status, StatusCode::OK);
    let r = app.get(&format!("/v1/identities/{}", b.id()), Some(&other_token)).await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "identity.not_found"));
    let r = app.get("/v1/identities/ffffffffffffffffffffffffffffffff", Some(&other_token)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // Bidders cannot list or approve.
    assert_eq!(app.get("/v1/identities", Some(&token)).await.code(), "auth.role");
    assert_eq!(app.post(&format!("/v1/identities/{}/approve", other.id()), Some(&token), &json!({})).await.code(), "auth.role");
    // No token, a malformed header, an unknown token.
    let r = app.get("/v1/identities", None).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "auth.missing"));
    assert_eq!(app.get("/v1/identities", Some("not-a-token")).await.code(), "auth.invalid");
}

#[tokio::test]
async fn tokens_expire_and_challenges_are_single_use() {
    let app = spawn().await;
    let b = bidder();
    let token = app.registered(&b, &[Role::Bidder]).await;
    app.advance(7201);
    let r = app.get(&format!("/v1/identities/{}", b.id()), Some(&token)).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNAUTHORIZED, "auth.expired"));

    let c: ChallengeResponse = app.post("/v1/auth/challenge", None, &ChallengeRequest { identity_id: b.id() }).await.into();
    let req = LoginRequest::sign(&b.id(), &app.base, &c.challenge, &b.secret).unwrap();
    let sig = req.signature.clone();
    assert_eq!(app.post("/v1/auth/login", None, &req).await.status, StatusCode::OK);
    let replay = app.post("/v1/auth/login", None, &req).await;
    assert_eq!((replay.status, replay.code()), (StatusCode::UNAUTHORIZED, "auth.failed"));

    // A signature by another key, or over another challenge, fails.
    let c: ChallengeResponse = app.post("/v1/auth/challenge", None, &ChallengeRequest { identity_id: b.id() }).await.into();
    let req = LoginRequest { challenge: c.challenge, signature: sig, ..req };
    assert_eq!(app.post("/v1/auth/login", None, &req).await.code(), "auth.failed");
    // An expired challenge fails.
    let c: ChallengeResponse = app.post("/v1/auth/challenge", None, &ChallengeRequest { identity_id: b.id() }).await.into();
    app.advance(301);
    assert_eq!(
        app.post("/v1/auth/login", None, &LoginRequest::sign(&b.id(), &app.base, &c.challenge, &b.secret).unwrap()).await.code(),
        "auth.failed"
    );
}

#[tokio::test]
async fn bad_registrations_are_refused_with_a_reason() {
    let app = spawn().await;
    let b = bidder();
    // A document altered after signing.
    let mut doc = b.public.clone();
    doc.name = "别的公司".into();
    let r = app
        .post(
            "/v1/identities",
            None,
            &RegisterRequest { identity: doc, roles: vec![Role::Bidder], documents: vec![], documents_signature: None },
        )
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "identity.invalid"));
    // A code whose check character is wrong (self-signed, so only the USCC rule stops it).
    let ov = tenderbox_core::uscc::UsccOverride { approved_by: "test".into(), reason: "test".into() };
    let bad = tenderbox_core::uscc::Uscc::with_override("91350100M000100Y44", &ov).unwrap();
    let doc = PublicIdentity::new(&b.secret, "x", bad, tenderbox_core::time::Timestamp::from_unix(START)).unwrap();
    let r = app
        .post(
            "/v1/identities",
            None,
            &RegisterRequest { identity: doc, roles: vec![Role::Bidder], documents: vec![], documents_signature: None },
        )
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::BAD_REQUEST, "uscc.check_mismatch"));
    assert!(r.body["message"].as_str().unwrap().contains("require '3'"));
    // No roles; self-appointed admin; twice.
    let r = app
        .post(
            "/v1/identities",
            None,
            &RegisterRequest { identity: b.public.clone(), roles: vec![], documents: vec![], documents_signature: None },
        )
        .await;
    assert_eq!(r.code(), "identity.roles");
    let r = app
        .post(
            "/v1/identities",
            None,
            &RegisterRequest { identity: b.public.clone(), roles: vec![Role::CentreAdmin], documents: vec![], documents_signature: None },
        )
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "identity.roles"));
    assert_eq!(
        app.post(
            "/v1/identities",
            None,
            &RegisterRequest { identity: b.public.clone(), roles: vec![Role::Bidder], documents: vec![], documents_signature: None }
        )
        .await
        .status,
        StatusCode::OK
    );
    let r = app
        .post(
            "/v1/identities",
            None,
            &RegisterRequest { identity: b.public.clone(), roles: vec![Role::Bidder], documents: vec![], documents_signature: None },
        )
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "identity.exists"));
    // Not JSON at all.
    let r = app
        .client
        .post(format!("{}/v1/identities", app.base))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn every_state_changing_request_is_audited_with_who_and_where() {
    use sqlx::Row;
    let app = spawn().await;
    let b = bidder();
    app.registered(&b, &[Role::Bidder]).await;
    let rows = sqlx::query("SELECT identity_id, remote, method, path, status FROM audit WHERE path LIKE '%/approve'")
        .fetch_all(&app.state.pool)
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.try_get::<Option<String>, _>("identity_id").unwrap(), Some(app.admin.id()));
    assert!(r.try_get::<String, _>("remote").unwrap().starts_with("127.0.0.1:"));
    assert_eq!(r.try_get::<i32, _>("status").unwrap(), 200);
}

/// Registration documents: declared and signed by the identity, then uploaded by hash
/// without a login; only the declared content is taken, only while pending; the applicant,
/// centre admins and supervisors read them, nobody else.
#[tokio::test]
async fn registration_documents_are_declared_signed_uploaded_and_read_only_by_the_centre() {
    let app = spawn().await;
    let b = Who::new("doc", "湖州建工集团有限公司", "9135021359498494XQ");
    let id = b.id();
    let licence = b"%PDF-1.4 licence".to_vec();
    let doc =
        RegistrationDocument {
            kind: "licence".into(), name: "营业执照.pdf".into(), sha256: sha_hex(&licence), size: licence.len() as u64
        };
    let sign = |docs: &[RegistrationDocument]| {
        base64::engine::general_purpose::STANDARD
            .encode(b.secret.sign(REGISTRATION_DOCUMENTS_DOMAIN, &registration_documents_message(&id, docs)))
    };
    let req = |docs: Vec<RegistrationDocument>, sig: Option<String>| RegisterRequest {
        identity: b.public.clone(),
        roles: vec![Role::Bidder],
        documents: docs,
        documents_signature: sig,
    };
    // Unsigned, signed for another list, or malformed: refused, nothing registered.
    assert_eq!(app.post("/v1/identities", None, &req(vec![doc.clone()], None)).await.code(), "identity.documents");
    let other = RegistrationDocument { name: "x.pdf".into(), ..doc.clone() };
    assert_eq!(app.post("/v1/identities", None, &req(vec![doc.clone()], Some(sign(&[other])))).await.code(), "identity.documents");
    let bad = RegistrationDocument { kind: "selfie".into(), ..doc.clone() };
    assert_eq!(app.post("/v1/identities", None, &req(vec![bad.clone()], Some(sign(&[bad])))).await.code(), "identity.documents");
    let r = app.post("/v1/identities", None, &req(vec![doc.clone()], Some(sign(std::slice::from_ref(&doc))))).await;
    assert!(r.status.is_success(), "{}", r.body);
    // Upload by hash: other content, or an undeclared hash, is refused.
    let put = |sha: String, body: Vec<u8>| {
        let url = format!("{}/v1/identities/{id}/documents/{sha}", app.base);
        let client = app.client.clone();
        async move { client.put(url).body(body).send().await.unwrap() }
    };
    assert_eq!(put(doc.sha256.clone(), b"%PDF-1.4 forgery".to_vec()).await.status(), 400);
    assert_eq!(put(sha_hex(b"other"), b"other".to_vec()).await.status(), 404);
    assert!(put(doc.sha256.clone(), licence.clone()).await.status().is_success());
    // Read by the admin; another company gets nothing.
    let admin = app.login(&app.admin).await;
    let listed: Vec<StoredRegistrationDocument> = app.get(&format!("/v1/identities/{id}/documents"), Some(&admin)).await.into();
    assert!(listed[0].stored && listed[0].document == doc);
    let code = format!("91330502MA28C1E21{}", tenderbox_core::uscc::check_char("91330502MA28C1E21").unwrap());
    let other_token = app.registered(&Who::new("o", "湖州公路工程有限公司", &code), &[Role::Bidder]).await;
    assert_eq!(app.get(&format!("/v1/identities/{id}/documents"), Some(&other_token)).await.code(), "identity.not_found");
    let file =
        app.client.get(format!("{}/v1/identities/{id}/documents/{}", app.base, doc.sha256)).bearer_auth(&admin).send().await.unwrap();
    assert_eq!(file.bytes().await.unwrap().to_vec(), licence);
    // Once decided, nothing more is uploaded.
    app.post(&format!("/v1/identities/{id}/approve"), Some(&admin), &serde_json::json!({})).await.into::<IdentityRecord>();
    assert_eq!(put(doc.sha256.clone(), licence.clone()).await.status(), 409);
}
