use crate::AppState;
use crate::auth::{Caller, parse_roles, roles_to_db, token_hash};
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::extract::{Path, Query, State};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use tenderbox_core::centre::CENTRES;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::identity::{PublicIdentity, verify};
use tenderbox_wire::{
    CERTIFICATE_DOMAIN, ChallengeRequest, ChallengeResponse, IdentityRecord, LOGIN_DOMAIN, LoginRequest, LoginResponse, RegisterRequest,
    RegistrationStatus, Role, identity_id,
};

const CHALLENGE_TTL: i64 = 300;

fn b64(b: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(b)
}

pub async fn seed_centres(s: &AppState) -> Result<()> {
    for c in CENTRES {
        let exists: Option<String> =
            sqlx::query_scalar("SELECT code FROM centres WHERE code = $1").bind(c.code).fetch_optional(&s.pool).await?;
        if exists.is_none() {
            sqlx::query("INSERT INTO centres (code, name_zh, name_en, division, parent) VALUES ($1, $2, $3, $4, $5)")
                .bind(c.code)
                .bind(c.name_zh)
                .bind(c.name_en)
                .bind(c.division)
                .bind(c.parent)
                .execute(&s.pool)
                .await?;
        }
    }
    Ok(())
}

#[utoipa::path(get, path = "/v1/centres", tag = "platform", responses((status = 200, body = Vec<Object>)))]
pub async fn centres(State(s): State<AppState>) -> Result<Json<serde_json::Value>> {
    let rows = sqlx::query("SELECT code, name_zh, name_en, division, parent FROM centres ORDER BY code").fetch_all(&s.pool).await?;
    let mut out = Vec::new();
    for r in rows {
        out.push(json!({
            "code": r.try_get::<String, _>("code")?,
            "name_zh": r.try_get::<String, _>("name_zh")?,
            "name_en": r.try_get::<String, _>("name_en")?,
            "division": r.try_get::<String, _>("division")?,
            "parent": r.try_get::<Option<String>, _>("parent")?,
        }));
    }
    Ok(Json(json!(out)))
}

fn check_document(doc: &PublicIdentity) -> Result<()> {
    doc.verify().map_err(|e| Error::BadRequest("identity.invalid", format!("the identity document does not verify: {e}")))?;
    Uscc::parse(doc.uscc.as_str()).map_err(|e| Error::BadRequest(e.code(), format!("unified social credit code {}: {e}", doc.uscc)))?;
    Ok(())
}

fn certificate(s: &AppState, id: &str, doc: &PublicIdentity, roles: &[Role]) -> Result<String> {
    let at = s.now();
    let body = json!({ "id": id, "identity": doc, "roles": roles, "approved_at": at });
    let bytes = tenderbox_core::canonical::to_canonical_vec(&body).map_err(Error::internal)?;
    let sig = s.sign(CERTIFICATE_DOMAIN, &bytes);
    Ok(json!({ "body": body, "signature": b64(&sig), "key": b64(&s.public_key()) }).to_string())
}

/// Registers (or confirms) an approved centre admin from a public document.
pub async fn bootstrap_admin(s: &AppState, doc: PublicIdentity) -> Result<()> {
    check_document(&doc)?;
    let id = identity_id(&doc.signing_key);
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM identities WHERE id = $1").bind(&id).fetch_optional(&s.pool).await?;
    if exists.is_some() {
        return Ok(());
    }
    let roles = [Role::CentreAdmin];
    let cert = certificate(s, &id, &doc, &roles)?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    sqlx::query("INSERT INTO identities (id, uscc, name, document, roles, status, certificate, created_at) VALUES ($1, $2, $3, $4, $5, 'approved', $6, $7)")
        .bind(&id)
        .bind(doc.uscc.as_str())
        .bind(&doc.name)
        .bind(serde_json::to_string(&doc).map_err(Error::internal)?)
        .bind(roles_to_db(&roles))
        .bind(&cert)
        .bind(s.now().unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "identity.approved",
            None,
            Audience::Public,
            s.now(),
            json!({ "id": id, "uscc": doc.uscc, "name": doc.name, "roles": roles, "bootstrap": true }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(())
}

fn record_from_row(r: &sqlx::any::AnyRow) -> Result<IdentityRecord> {
    let doc: PublicIdentity = serde_json::from_str(&r.try_get::<String, _>("document")?).map_err(Error::internal)?;
    let status = match r.try_get::<String, _>("status")?.as_str() {
        "approved" => RegistrationStatus::Approved,
        "rejected" => RegistrationStatus::Rejected,
        "retired" => RegistrationStatus::Retired,
        _ => RegistrationStatus::Pending,
    };
    Ok(IdentityRecord {
        id: r.try_get("id")?,
        identity: doc,
        roles: parse_roles(&r.try_get::<String, _>("roles")?),
        status,
        certificate: r.try_get("certificate")?,
    })
}

/// Registration: once, for every centre. Pending until a centre admin approves.
#[utoipa::path(post, path = "/v1/identities", tag = "identities", request_body = RegisterRequest, responses((status = 200, body = IdentityRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn register(State(s): State<AppState>, Json(req): Json<RegisterRequest>) -> Result<Json<IdentityRecord>> {
    check_document(&req.identity)?;
    if req.roles.is_empty() {
        return Err(Error::BadRequest("identity.roles", "name at least one role".into()));
    }
    if req.roles.contains(&Role::CentreAdmin) {
        return Err(Error::Forbidden("identity.roles", "centre admins are appointed, not registered".into()));
    }
    let id = identity_id(&req.identity.signing_key);
    super::registration_files::check_declared(&req, &id)?;
    let mut roles = req.roles.clone();
    roles.sort();
    roles.dedup();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let exists: Option<String> = sqlx::query_scalar("SELECT id FROM identities WHERE id = $1").bind(&id).fetch_optional(&mut *tx).await?;
    if exists.is_some() {
        return Err(Error::Conflict("identity.exists", "this identity (signing key) is already registered".into()));
    }
    sqlx::query("INSERT INTO identities (id, uscc, name, document, roles, status, certificate, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', NULL, $6)")
        .bind(&id)
        .bind(req.identity.uscc.as_str())
        .bind(&req.identity.name)
        .bind(serde_json::to_string(&req.identity).map_err(Error::internal)?)
        .bind(roles_to_db(&roles))
        .bind(s.now().unix())
        .execute(&mut *tx)
        .await?;
    for (i, d) in req.documents.iter().enumerate() {
        sqlx::query("INSERT INTO registration_documents (identity_id, sha256, kind, name, size, position, stored_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)")
            .bind(&id)
            .bind(&d.sha256)
            .bind(&d.kind)
            .bind(&d.name)
            .bind(d.size as i64)
            .bind(i as i64)
            .execute(&mut *tx)
            .await?;
    }
    guard
        .append(
            &mut tx,
            "identity.registered",
            None,
            Audience::Public,
            s.now(),
            json!({ "id": id, "uscc": req.identity.uscc, "name": req.identity.name, "roles": roles, "signing_key": req.identity.signing_key, "encryption_key": req.identity.encryption_key, "documents": req.documents.len() }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(IdentityRecord { id, identity: req.identity, roles, status: RegistrationStatus::Pending, certificate: None }))
}

/// Self, a centre admin or a supervisor may read an identity record; anyone
/// else gets 404, as if it did not exist.
#[utoipa::path(get, path = "/v1/identities/{id}", tag = "identities", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = IdentityRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_one(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<IdentityRecord>> {
    let not_found = || Error::NotFound("identity.not_found", "no such identity".into());
    if caller.id != id && !caller.has(Role::CentreAdmin) && !caller.has(Role::Supervisor) {
        return Err(not_found());
    }
    let row = sqlx::query("SELECT * FROM identities WHERE id = $1").bind(&id).fetch_optional(&s.pool).await?.ok_or_else(not_found)?;
    Ok(Json(record_from_row(&row)?))
}

/// Public: the platform certificates of every approved custodian, for agencies to pick a
/// tender's custodians from. Clients check each certificate against the platform key; a
/// custodian's name and encryption key are public once it sits on any tender anyway.
#[utoipa::path(get, path = "/v1/custodians", tag = "identities", responses((status = 200, body = Vec<String>)))]
pub async fn custodians(State(s): State<AppState>) -> Result<Json<Vec<String>>> {
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT roles, certificate FROM identities WHERE status = 'approved' ORDER BY created_at, id")
            .fetch_all(&s.pool)
            .await?;
    Ok(Json(
        rows.into_iter().filter(|(roles, _)| crate::auth::parse_roles(roles).contains(&Role::Custodian)).filter_map(|(_, c)| c).collect(),
    ))
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    status: Option<String>,
}

#[utoipa::path(get, path = "/v1/identities", tag = "identities", params(("status" = Option<String>, Query)), security(("bearer" = [])), responses((status = 200, body = Vec<IdentityRecord>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn list(State(s): State<AppState>, caller: Caller, Query(q): Query<ListQuery>) -> Result<Json<Vec<IdentityRecord>>> {
    if !caller.has(Role::CentreAdmin) && !caller.has(Role::Supervisor) {
        return Err(Error::Forbidden("auth.role", "listing identities needs the centre_admin or supervisor role".into()));
    }
    let rows = match &q.status {
        Some(st) => sqlx::query("SELECT * FROM identities WHERE status = $1 ORDER BY created_at, id").bind(st).fetch_all(&s.pool).await?,
        None => sqlx::query("SELECT * FROM identities ORDER BY created_at, id").fetch_all(&s.pool).await?,
    };
    rows.iter().map(record_from_row).collect::<Result<Vec<_>>>().map(Json)
}

async fn decide(s: &AppState, caller: &Caller, id: &str, approve: bool, reason: Option<String>) -> Result<IdentityRecord> {
    caller.require(Role::CentreAdmin)?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let row = sqlx::query("SELECT * FROM identities WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound("identity.not_found", "no such identity".into()))?;
    let mut rec = record_from_row(&row)?;
    if rec.status != RegistrationStatus::Pending {
        return Err(Error::Conflict("identity.decided", format!("the registration is already {:?}", rec.status).to_lowercase()));
    }
    let (status, cert) = if approve { ("approved", Some(certificate(s, id, &rec.identity, &rec.roles)?)) } else { ("rejected", None) };
    sqlx::query("UPDATE identities SET status = $1, certificate = $2 WHERE id = $3")
        .bind(status)
        .bind(&cert)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let kind = if approve { "identity.approved" } else { "identity.rejected" };
    guard.append(&mut tx, kind, None, Audience::Public, s.now(), json!({ "id": id, "by": caller.id, "reason": reason })).await?;
    if approve {
        // One company, one identity per role: a second identity for the same USCC
        // and a role it shares is a key renewal that retires the old one (its
        // sessions end), never a second participant.
        let others = sqlx::query("SELECT id, roles FROM identities WHERE uscc = $1 AND id <> $2 AND status = 'approved'")
            .bind(rec.identity.uscc.as_str())
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
        for o in others {
            let old: String = o.try_get("id")?;
            let roles = parse_roles(&o.try_get::<String, _>("roles")?);
            if !roles.iter().any(|r| rec.roles.contains(r)) {
                continue;
            }
            sqlx::query("UPDATE identities SET status = 'retired' WHERE id = $1").bind(&old).execute(&mut *tx).await?;
            sqlx::query("DELETE FROM tokens WHERE identity_id = $1").bind(&old).execute(&mut *tx).await?;
            guard
                .append(
                    &mut tx,
                    "identity.retired",
                    None,
                    Audience::Public,
                    s.now(),
                    json!({ "id": old, "replaced_by": id, "uscc": rec.identity.uscc, "by": caller.id, "reason": "key renewal: a new identity of the same company and role was approved" }),
                )
                .await?;
        }
    }
    tx.commit().await?;
    guard.commit();
    rec.status = if approve { RegistrationStatus::Approved } else { RegistrationStatus::Rejected };
    rec.certificate = cert;
    Ok(rec)
}

#[utoipa::path(post, path = "/v1/identities/{id}/approve", tag = "identities", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = IdentityRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn approve(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<IdentityRecord>> {
    decide(&s, &caller, &id, true, None).await.map(Json)
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RejectBody {
    reason: String,
}

#[utoipa::path(post, path = "/v1/identities/{id}/reject", tag = "identities", params(("id" = String, Path)), request_body = RejectBody, security(("bearer" = [])), responses((status = 200, body = IdentityRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn reject(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<RejectBody>,
) -> Result<Json<IdentityRecord>> {
    if b.reason.trim().is_empty() {
        return Err(Error::BadRequest("identity.reason", "give the reason for the rejection".into()));
    }
    decide(&s, &caller, &id, false, Some(b.reason)).await.map(Json)
}

#[utoipa::path(post, path = "/v1/auth/challenge", tag = "identities", request_body = ChallengeRequest, responses((status = 200, body = ChallengeResponse), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn challenge(State(s): State<AppState>, Json(req): Json<ChallengeRequest>) -> Result<Json<ChallengeResponse>> {
    // A challenge is issued whether or not the identity exists, so this endpoint
    // does not reveal who is registered.
    let c = super::random_hex(32);
    let expires = s.now().plus_seconds(CHALLENGE_TTL);
    sqlx::query("DELETE FROM challenges WHERE expires_at <= $1").bind(s.now().unix()).execute(&s.pool).await?;
    sqlx::query("INSERT INTO challenges (challenge, identity_id, expires_at) VALUES ($1, $2, $3)")
        .bind(&c)
        .bind(&req.identity_id)
        .bind(expires.unix())
        .execute(&s.pool)
        .await?;
    Ok(Json(ChallengeResponse { challenge: c, expires_at: expires }))
}

#[utoipa::path(post, path = "/v1/auth/login", tag = "identities", request_body = LoginRequest, responses((status = 200, body = LoginResponse), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn login(State(s): State<AppState>, Json(req): Json<LoginRequest>) -> Result<Json<LoginResponse>> {
    let bad = || Error::Unauthorized("auth.failed", "login failed: unknown identity, wrong or expired challenge, or bad signature".into());
    if tenderbox_wire::normalize_origin(&req.origin).ok().as_deref() != Some(req.origin.as_str()) || !s.accepts_origin(&req.origin) {
        return Err(Error::Unauthorized(
            "auth.origin",
            format!("this login was signed for {}, which is not this server's address", req.origin),
        ));
    }
    let mut tx = s.pool.begin().await?;
    let row = sqlx::query("SELECT identity_id, expires_at FROM challenges WHERE challenge = $1")
        .bind(&req.challenge)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(bad)?;
    // Single use, also under concurrency: only the request whose DELETE removed
    // the row goes on (a concurrent one finds nothing to delete).
    let used = sqlx::query("DELETE FROM challenges WHERE challenge = $1").bind(&req.challenge).execute(&mut *tx).await?.rows_affected();
    tx.commit().await?;
    if used != 1 {
        return Err(bad());
    }
    let for_id: String = row.try_get("identity_id")?;
    let expires: i64 = row.try_get("expires_at")?;
    if for_id != req.identity_id || expires <= s.now().unix() {
        return Err(bad());
    }
    let row =
        sqlx::query("SELECT * FROM identities WHERE id = $1").bind(&req.identity_id).fetch_optional(&s.pool).await?.ok_or_else(bad)?;
    let rec = record_from_row(&row)?;
    let pk = rec.identity.signing_key_bytes().map_err(Error::internal)?;
    let sig = base64::engine::general_purpose::STANDARD.decode(&req.signature).map_err(|_| bad())?;
    if !verify(&pk, LOGIN_DOMAIN, &LoginRequest::message(&req.origin, &req.challenge), &sig) {
        return Err(bad());
    }
    if rec.status != RegistrationStatus::Approved {
        return Err(Error::Forbidden(
            "auth.not_approved",
            if rec.status == RegistrationStatus::Retired {
                "this identity was replaced by a renewed identity of the same company".into()
            } else {
                "the registration is not approved yet".into()
            },
        ));
    }
    let token = super::random_hex(32);
    let expires_at = s.now().plus_seconds(s.token_ttl);
    sqlx::query("INSERT INTO tokens (token_hash, identity_id, expires_at) VALUES ($1, $2, $3)")
        .bind(token_hash(&token))
        .bind(&rec.id)
        .bind(expires_at.unix())
        .execute(&s.pool)
        .await?;
    Ok(Json(LoginResponse { token, expires_at, roles: rec.roles }))
}
