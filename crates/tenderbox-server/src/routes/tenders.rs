use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::extract::{Path, State};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use tenderbox_core::tender::TenderDocument;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::identity::{PublicIdentity, verify};
use tenderbox_wire::{PublishTender, Role, TENDER_DOMAIN, TenderRecord, TenderStatus, TenderSummary};

pub fn status_str(s: TenderStatus) -> &'static str {
    match s {
        TenderStatus::AwaitingCommitteeKey => "awaiting_committee_key",
        TenderStatus::Open => "open",
        TenderStatus::Closed => "closed",
        TenderStatus::Failed => "failed",
        TenderStatus::Cancelled => "cancelled",
    }
}

fn parse_status(s: &str) -> TenderStatus {
    match s {
        "awaiting_committee_key" => TenderStatus::AwaitingCommitteeKey,
        "closed" => TenderStatus::Closed,
        "failed" => TenderStatus::Failed,
        "cancelled" => TenderStatus::Cancelled,
        _ => TenderStatus::Open,
    }
}

pub fn record_from_row(r: &sqlx::any::AnyRow) -> Result<TenderRecord> {
    let document: TenderDocument = serde_json::from_str(&r.try_get::<String, _>("document")?).map_err(Error::internal)?;
    Ok(TenderRecord {
        summary: TenderSummary {
            id: r.try_get("id")?,
            version: r.try_get::<i64, _>("version")? as u32,
            title: r.try_get("title")?,
            centre: r.try_get("centre")?,
            trading_type: document.trading_type,
            status: parse_status(&r.try_get::<String, _>("status")?),
            deadline: document.deadline,
            hash: r.try_get("hash")?,
            published_at: tenderbox_core::time::Timestamp::from_unix(r.try_get("published_at")?),
        },
        document,
        agency_signature: r.try_get("agency_signature")?,
        agency_id: r.try_get("agency_id")?,
        agency_certificate: None,
        custodian_certificates: vec![],
        supervisor_certificates: vec![],
    })
}

pub async fn load(conn: &mut sqlx::AnyConnection, id: &str) -> Result<TenderRecord> {
    let row = sqlx::query("SELECT * FROM tenders WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound("tender.not_found", format!("no tender {id}")))?;
    let mut rec = record_from_row(&row)?;
    rec.agency_certificate = sqlx::query_scalar("SELECT certificate FROM identities WHERE id = $1")
        .bind(&rec.agency_id)
        .fetch_optional(&mut *conn)
        .await?
        .flatten();
    // A custodian who renewed its key later keeps the certificate it had when it
    // was seated, so the ceremony stays checkable.
    for c in &rec.document.custodians {
        let cert: Option<String> =
            sqlx::query_scalar("SELECT certificate FROM identities WHERE id = $1 AND status IN ('approved', 'retired')")
                .bind(&c.id)
                .fetch_optional(&mut *conn)
                .await?
                .flatten();
        match cert {
            Some(cert) => rec.custodian_certificates.push(cert),
            None => break,
        }
    }
    // The supervision system: bidders seal their machine fingerprint to it.
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT roles, certificate FROM identities WHERE status = 'approved' ORDER BY id").fetch_all(&mut *conn).await?;
    rec.supervisor_certificates = rows
        .into_iter()
        .filter(|(roles, _)| crate::auth::parse_roles(roles).contains(&tenderbox_wire::Role::Supervisor))
        .filter_map(|(_, c)| c)
        .collect();
    Ok(rec)
}

/// Every custodian must be an approved identity certified as a custodian, listed
/// with its own registered encryption key (nobody can put its key in another's seat).
async fn check_custodians(s: &AppState, d: &TenderDocument) -> Result<()> {
    for (i, c) in d.custodians.iter().enumerate() {
        let cert: Option<String> = sqlx::query_scalar("SELECT certificate FROM identities WHERE id = $1 AND status = 'approved'")
            .bind(&c.id)
            .fetch_optional(&s.pool)
            .await?
            .flatten();
        let bad = |why: String| Error::BadRequest("tender.custodian", format!("custodian {} ({}): {why}", i + 1, c.name));
        let cert = cert.ok_or_else(|| bad(format!("{} is not an approved identity on this platform", c.id)))?;
        let cert = tenderbox_wire::Certificate::parse(&cert).map_err(|e| Error::Internal(e.into()))?;
        tenderbox_wire::check_custodian(c, &cert.body).map_err(|e| bad(e.into()))?;
    }
    Ok(())
}

/// An amendment that changes the custodians or the threshold starts a new key ceremony.
fn same_committee(a: &TenderDocument, b: &TenderDocument) -> bool {
    a.custodians == b.custodians && a.threshold == b.threshold
}

async fn agency_key(s: &AppState, id: &str) -> Result<[u8; 32]> {
    let doc: String = sqlx::query_scalar("SELECT document FROM identities WHERE id = $1").bind(id).fetch_one(&s.pool).await?;
    let p: PublicIdentity = serde_json::from_str(&doc).map_err(Error::internal)?;
    p.signing_key_bytes().map_err(Error::internal)
}

/// Checks the document and the agency's signature; returns (canonical JSON, hash).
async fn check_publication(s: &AppState, caller: &Caller, p: &PublishTender) -> Result<(String, String)> {
    caller.require(Role::Agency)?;
    let problems = p.document.validate();
    if !problems.is_empty() {
        let list = problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("; ");
        return Err(Error::BadRequest("tender.invalid", format!("the tender document breaks {} rule(s): {list}", problems.len())));
    }
    let bytes = p.document.canonical_bytes().map_err(|e| Error::BadRequest("tender.invalid", e.to_string()))?;
    let sig = base64::engine::general_purpose::STANDARD
        .decode(&p.signature)
        .map_err(|_| Error::BadRequest("tender.signature", "the signature is not base64".into()))?;
    if !verify(&agency_key(s, &caller.id).await?, TENDER_DOMAIN, &bytes, &sig) {
        return Err(Error::BadRequest("tender.signature", "the agency signature does not verify over this document".into()));
    }
    crate::routes::tender_files::check_files_stored(s, &p.document).await?;
    check_custodians(s, &p.document).await?;
    if p.document.deadline <= s.now() {
        return Err(Error::BadRequest(
            "tender.deadline_past",
            format!("the deadline {} is not after the server's time {}", p.document.deadline, s.now()),
        ));
    }
    Ok((
        String::from_utf8(bytes).map_err(Error::internal)?,
        hex::encode(tenderbox_core::sha256(&p.document.canonical_bytes().map_err(Error::internal)?)),
    ))
}

fn initial_status(d: &TenderDocument) -> TenderStatus {
    if d.uses_committee() && d.committee_public_key.is_none() { TenderStatus::AwaitingCommitteeKey } else { TenderStatus::Open }
}

#[utoipa::path(post, path = "/v1/tenders", tag = "tenders", request_body = PublishTender, security(("bearer" = [])), responses((status = 200, body = TenderRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn publish(State(s): State<AppState>, caller: Caller, Json(p): Json<PublishTender>) -> Result<Json<TenderRecord>> {
    let (doc_json, hash) = check_publication(&s, &caller, &p).await?;
    if p.document.version != 1 {
        return Err(Error::BadRequest("tender.version", "a new tender starts at version 1; amend to change it".into()));
    }
    if p.document.committee_public_key.is_some() {
        return Err(Error::BadRequest(
            "committee.key_mismatch",
            "publish without a committee key: the custodians' ceremony makes it, then an amendment sets it".into(),
        ));
    }
    if let Some(problem) = tenderbox_core::periods::publication_problems(&p.document, s.now()).into_iter().next() {
        return Err(Error::BadRequest("tender.period_too_short", problem.message));
    }
    let status = initial_status(&p.document);
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    // credit.barred_agency: the publishing agency (and the one the document names).
    let mut agencies: Vec<String> =
        vec![sqlx::query_scalar("SELECT uscc FROM identities WHERE id = $1").bind(&caller.id).fetch_one(&mut *tx).await?];
    if let Some(a) = &p.document.agency
        && !agencies.contains(&a.uscc.to_string())
    {
        agencies.push(a.uscc.to_string());
    }
    super::credit::refuse_barred_agency(&mut tx, &agencies, p.document.trading_type, &p.document.centre, s.now()).await?;
    let exists: Option<String> =
        sqlx::query_scalar("SELECT id FROM tenders WHERE id = $1").bind(&p.document.id).fetch_optional(&mut *tx).await?;
    if exists.is_some() {
        return Err(Error::Conflict("tender.exists", format!("tender {} is already published", p.document.id)));
    }
    sqlx::query("INSERT INTO tenders (id, version, title, centre, trading_type, agency_id, document, hash, agency_signature, status, deadline, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
        .bind(&p.document.id)
        .bind(p.document.version as i64)
        .bind(&p.document.title)
        .bind(&p.document.centre)
        .bind(serde_json::to_value(p.document.trading_type).map_err(Error::internal)?.as_str().unwrap_or_default().to_string())
        .bind(&caller.id)
        .bind(&doc_json)
        .bind(&hash)
        .bind(&p.signature)
        .bind(status_str(status))
        .bind(p.document.deadline.unix())
        .bind(s.now().unix())
        .execute(&mut *tx)
        .await?;
    record_version(&mut tx, &p, &doc_json, &hash, s.now()).await?;
    guard
        .append(&mut tx, "tender.published", Some(&p.document.id), Audience::Public, s.now(), json!({ "version": 1, "hash": hash, "centre": p.document.centre, "title": p.document.title, "deadline": p.document.deadline, "agency": caller.id, "signature": p.signature }))
        .await?;
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    Ok(Json(load(&mut conn, &p.document.id).await?))
}

/// Keeps a published version for the amendment history.
async fn record_version(conn: &mut sqlx::AnyConnection, p: &PublishTender, doc_json: &str, hash: &str, now: Timestamp) -> Result<()> {
    sqlx::query(
        "INSERT INTO tender_versions (tender_id, version, document, hash, agency_signature, published_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&p.document.id)
    .bind(p.document.version as i64)
    .bind(doc_json)
    .bind(hash)
    .bind(&p.signature)
    .bind(now.unix())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Every published version of a tender, oldest first.
pub(crate) async fn versions(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Vec<(TenderDocument, String, Timestamp)>> {
    let rows = sqlx::query("SELECT document, hash, published_at FROM tender_versions WHERE tender_id = $1 ORDER BY version")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let doc: TenderDocument = serde_json::from_str(&r.try_get::<String, _>("document")?).map_err(Error::internal)?;
            Ok((doc, r.try_get("hash")?, Timestamp::from_unix(r.try_get("published_at")?)))
        })
        .collect()
}

/// An amendment (变更/澄清): a new version of the same tender by the same agency.
/// Bids sealed against an earlier version are flagged for re-confirmation.
#[utoipa::path(post, path = "/v1/tenders/{id}/amend", tag = "tenders", params(("id" = String, Path)), request_body = PublishTender, security(("bearer" = [])), responses((status = 200, body = TenderRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn amend(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(p): Json<PublishTender>,
) -> Result<Json<TenderRecord>> {
    // Ownership first: another agency learns nothing about this tender.
    caller.require(Role::Agency)?;
    {
        let mut conn = s.pool.acquire().await?;
        if load(&mut conn, &id).await?.agency_id != caller.id {
            return Err(Error::NotFound("tender.not_found", format!("no tender {id} of yours")));
        }
    }
    let (doc_json, hash) = check_publication(&s, &caller, &p).await?;
    if p.document.id != id {
        return Err(Error::BadRequest("tender.id", "the document's id differs from the tender amended".into()));
    }
    let before = {
        let mut conn = s.pool.acquire().await?;
        load(&mut conn, &id).await?
    };
    if let Some(problem) = tenderbox_core::periods::amendment_problems(&before.document, &p.document, s.now()).into_iter().next() {
        return Err(Error::BadRequest("tender.amendment_notice", problem.message));
    }
    let restart = !same_committee(&before.document, &p.document);
    if let Some(pk) = &p.document.committee_public_key {
        // A new custodian set or threshold has no finished ceremony: the old key cannot remain.
        let expected = if restart { None } else { crate::routes::committee::expected_key(&s, &before).await? };
        if expected.as_ref() != Some(pk) {
            return Err(Error::BadRequest(
                "committee.key_mismatch",
                if restart {
                    "the amendment changes the custodians or the threshold, which starts a new key ceremony: amend without a committee key"
                        .into()
                } else {
                    "the committee key in the amendment is not the one the custodians' finished ceremony makes".into()
                },
            ));
        }
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let cur = load(&mut tx, &id).await?;
    if cur.agency_id != caller.id {
        return Err(Error::NotFound("tender.not_found", format!("no tender {id} of yours")));
    }
    if !matches!(cur.summary.status, TenderStatus::Open | TenderStatus::AwaitingCommitteeKey) || s.now() >= cur.document.deadline {
        return Err(Error::Conflict("tender.closed", "only an open tender can be amended, before its deadline".into()));
    }
    if p.document.version != cur.summary.version + 1 {
        return Err(Error::BadRequest("tender.version", format!("the amendment must be version {}", cur.summary.version + 1)));
    }
    let status = initial_status(&p.document);
    if !same_committee(&cur.document, &p.document) {
        sqlx::query("UPDATE tenders SET ceremony_epoch = $1 WHERE id = $2")
            .bind(p.document.version as i64)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("UPDATE tenders SET version = $1, title = $2, document = $3, hash = $4, agency_signature = $5, status = $6, deadline = $7 WHERE id = $8")
        .bind(p.document.version as i64)
        .bind(&p.document.title)
        .bind(&doc_json)
        .bind(&hash)
        .bind(&p.signature)
        .bind(status_str(status))
        .bind(p.document.deadline.unix())
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    record_version(&mut tx, &p, &doc_json, &hash, s.now()).await?;
    guard
        .append(&mut tx, "tender.amended", Some(&id), Audience::Public, s.now(), json!({ "version": p.document.version, "hash": hash, "previous_hash": cur.summary.hash, "deadline": p.document.deadline, "signature": p.signature }))
        .await?;
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    Ok(Json(load(&mut conn, &id).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CancelBody {
    reason: String,
}

#[utoipa::path(post, path = "/v1/tenders/{id}/cancel", tag = "tenders", params(("id" = String, Path)), request_body = CancelBody, security(("bearer" = [])), responses((status = 200, body = TenderRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn cancel(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<CancelBody>,
) -> Result<Json<TenderRecord>> {
    caller.require(Role::Agency)?;
    if b.reason.trim().is_empty() {
        return Err(Error::BadRequest("tender.reason", "give the reason for the cancellation".into()));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let cur = load(&mut tx, &id).await?;
    if cur.agency_id != caller.id {
        return Err(Error::NotFound("tender.not_found", format!("no tender {id} of yours")));
    }
    if matches!(cur.summary.status, TenderStatus::Cancelled) {
        return Err(Error::Conflict("tender.cancelled", "the tender is already cancelled".into()));
    }
    sqlx::query("UPDATE tenders SET status = 'cancelled' WHERE id = $1").bind(&id).execute(&mut *tx).await?;
    guard.append(&mut tx, "tender.cancelled", Some(&id), Audience::Public, s.now(), json!({ "reason": b.reason })).await?;
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    Ok(Json(load(&mut conn, &id).await?))
}

/// Public: every published tender, newest first.
#[utoipa::path(get, path = "/v1/tenders", tag = "tenders", responses((status = 200, body = Vec<TenderSummary>)))]
pub async fn list(State(s): State<AppState>) -> Result<Json<Vec<TenderSummary>>> {
    let rows = sqlx::query("SELECT * FROM tenders ORDER BY published_at DESC, id").fetch_all(&s.pool).await?;
    rows.iter().map(|r| record_from_row(r).map(|t| t.summary)).collect::<Result<Vec<_>>>().map(Json)
}

/// Public: one tender with its signed document.
#[utoipa::path(get, path = "/v1/tenders/{id}", tag = "tenders", params(("id" = String, Path)), responses((status = 200, body = TenderRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_one(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<TenderRecord>> {
    let mut conn = s.pool.acquire().await?;
    Ok(Json(load(&mut conn, &id).await?))
}
