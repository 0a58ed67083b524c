//! The deadline and the remote opening (不见面开标; 电子招标投标办法 Art. 30–31;
//! 实施条例 Art. 44).
//!
//! At the deadline the tender closes by the server's clock; with fewer than 3
//! bids it fails and is not opened. In the decryption window each bidder posts the
//! file key its client unwrapped locally; the server checks it against the header
//! MAC, decrypts and verifies the whole bid (signature by the registered key, every
//! attachment hash) and records the outcome. When the window ends the agency
//! produces the opening record: bids never decrypted are deemed revoked (撤销). The
//! record is signed and logged; bidders confirm it or object, and the agency answers.

use crate::AppState;
use crate::auth::{Caller, MaybeCaller};
use crate::error::{Error, Result};
use crate::log::Audience;
use crate::routes::tenders;
use axum::Json;
use axum::extract::{Path, State};
use base64::Engine;
use serde_json::json;
use sqlx::Row;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::bid::{Opener, open_bid};
use tenderbox_seal::envelope::FileKey;
use tenderbox_seal::identity::PublicIdentity;
use tenderbox_seal::package::{DiscardSink, Manifest};
use tenderbox_wire::{
    BidOutcome, BidRequest, OPENING_DOMAIN, Objection, OpeningLine, OpeningRecord, OpeningState, PlatformFault, PostFileKey, REMEDY_DOMAIN,
    Role, TenderStatus, TextBody,
};

/// Fewer bids than this at the deadline and the tender fails (实施条例 Art. 44).
pub const MIN_BIDS: i64 = 3;

/// Closes every open tender whose deadline has passed by the server's clock.
pub async fn close_due(s: &AppState) -> Result<()> {
    let now = s.now();
    let due: Vec<String> =
        sqlx::query_scalar("SELECT id FROM tenders WHERE status IN ('open', 'awaiting_committee_key') AND deadline <= $1")
            .bind(now.unix())
            .fetch_all(&s.pool)
            .await?;
    for id in due {
        let mut guard = s.log.lock().await;
        let mut tx = s.pool.begin().await?;
        // Bidders are companies: count distinct USCCs (the ≥ 3 rule).
        let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT i.uscc) FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND b.status = 'active'",
        )
            .bind(&id)
            .fetch_one(&mut *tx)
            .await?;
        let (status, kind) = if n < MIN_BIDS { ("failed", "tender.failed") } else { ("closed", "tender.closed") };
        let changed = sqlx::query("UPDATE tenders SET status = $1 WHERE id = $2 AND status IN ('open', 'awaiting_committee_key')")
            .bind(status)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        if changed.rows_affected() == 0 {
            continue;
        }
        // What was secret until now becomes public: every submission, withdrawal
        // and early sign-in of this tender. The leaves do not change (only who may
        // read them), and the close event lists them so anyone can check each one.
        let revealed: Vec<i64> = sqlx::query_scalar(
            "SELECT idx FROM events WHERE tender_id = $1 AND audience <> 'public' AND kind IN ('bid.received', 'bid.withdrawn', 'opening.signed_in', 'guarantee.issued', 'guarantee.revoked', 'deposit.recorded') ORDER BY idx",
        )
        .bind(&id)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE events SET audience = 'public' WHERE tender_id = $1 AND kind IN ('bid.received', 'bid.withdrawn', 'opening.signed_in', 'guarantee.issued', 'guarantee.revoked', 'deposit.recorded')",
        )
        .bind(&id)
        .execute(&mut *tx)
        .await?;
        let body = if n < MIN_BIDS {
            json!({ "bids": n, "revealed": revealed, "reason": format!("{n} bid(s) at the deadline; at least {MIN_BIDS} are needed (招标投标法实施条例 Art. 44): no opening") })
        } else {
            json!({ "bids": n, "revealed": revealed })
        };
        guard.append(&mut tx, kind, Some(&id), Audience::Public, now, body).await?;
        // The credit check again at the deadline, kept for the committee and supervisors.
        let t = super::tenders::load(&mut tx, &id).await?;
        let checks = super::credit::check_bidders(&mut tx, &id, t.document.trading_type, &t.document.centre, "deadline", now).await?;
        let barred: Vec<&str> = checks.iter().filter(|c| !c.findings.is_empty()).map(|c| c.bidder.as_str()).collect();
        guard
            .append(
                &mut tx,
                "credit.checked",
                Some(&id),
                Audience::Public,
                now,
                json!({ "stage": "deadline", "bidders": checks.len(), "barred": barred }),
            )
            .await?;
        // Bid security at the deadline (security.at_deadline); the opening rejects a bid without it.
        if t.document.security.is_some() {
            let sec = super::security::check_at_deadline(&mut tx, &t, t.document.deadline).await?;
            let missing: Vec<&str> = sec.iter().filter(|c| !c.outcome.ok).map(|c| c.bidder.as_str()).collect();
            guard
                .append(
                    &mut tx,
                    "security.checked",
                    Some(&id),
                    Audience::Public,
                    now,
                    json!({ "bidders": sec.len(), "without_security": missing }),
                )
                .await?;
        }
        tx.commit().await?;
        guard.commit();
    }
    Ok(())
}

/// Runs [`close_due`] every half second.
pub fn spawn_closer(s: AppState) {
    tokio::spawn(async move {
        let mut ticks = 0u64;
        loop {
            ticks += 1;
            // Every minute, the audit chain's head goes into the log.
            if ticks.is_multiple_of(120)
                && let Err(e) = crate::routes::log_audit_head(&s).await
            {
                tracing::error!(error = %e, "logging the audit chain head failed");
            }
            if let Err(e) = close_due(&s).await {
                tracing::error!(error = %e, "closing tenders at their deadline failed");
            }
            if let Err(e) = crate::routes::draws::expire_due(&s).await {
                tracing::error!(error = %e, "expiring unanswered invitations failed");
            }
            if let Err(e) = crate::routes::draws::recheck_at_deadline(&s).await {
                tracing::error!(error = %e, "re-checking drawn experts at the deadline failed");
            }
            if let Err(e) = crate::routes::bids::expire_uploads(&s).await {
                tracing::error!(error = %e, "expiring stale uploads failed");
            }
            tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        }
    });
}

async fn closed_tender(s: &AppState, id: &str) -> Result<tenderbox_wire::TenderRecord> {
    close_due(s).await?;
    let mut conn = s.pool.acquire().await?;
    let t = tenders::load(&mut conn, id).await?;
    match t.summary.status {
        TenderStatus::Closed => Ok(t),
        TenderStatus::Failed => {
            Err(Error::Conflict("tender.failed", "the tender failed at its deadline (fewer than 3 bids); there is no opening".into()))
        }
        _ => Err(Error::Conflict(
            "opening.not_yet",
            format!("the opening starts after the deadline {} (Beijing {})", t.document.deadline, t.document.deadline.to_beijing()),
        )),
    }
}

/// The `bid.decrypted` event: the lots read out, or — for a bid that fails the
/// opening checks — the reasons instead of its figures.
fn decrypted_event(t: &tenderbox_wire::TenderRecord, sha: &str, m: &Manifest, by: Option<&str>) -> serde_json::Value {
    let problems = m.problems_against(&t.document, &t.summary.hash);
    let mut body = json!({ "sha256": sha, "bidder_uscc": m.bidder.uscc, "bidder_name": m.bidder.name });
    if problems.is_empty() {
        body["lots"] = json!(m.lots);
    } else {
        body["lots"] = json!([]);
        body["rejected"] = json!(problems);
    }
    if let Some(by) = by {
        body["by"] = json!(by);
    }
    body
}

fn window_end(t: &tenderbox_wire::TenderRecord) -> Timestamp {
    t.document.opening_at.plus_seconds(t.document.decryption_window_minutes as i64 * 60)
}

async fn identity_doc(s: &AppState, id: &str) -> Result<PublicIdentity> {
    let doc: String = sqlx::query_scalar("SELECT document FROM identities WHERE id = $1").bind(id).fetch_one(&s.pool).await?;
    serde_json::from_str(&doc).map_err(Error::internal)
}

/// Sign-in (签到) to the remote opening hall: a bidder with a bid in the opening
/// says it is present, from 30 minutes before the opening until the window ends.
/// Decryption is accepted only from signed-in bidders.
#[utoipa::path(post, path = "/v1/tenders/{id}/opening/sign-in", tag = "opening", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = OpeningState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn sign_in(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<OpeningState>> {
    caller.require(Role::Bidder)?;
    close_due(&s).await?;
    let t = {
        let mut conn = s.pool.acquire().await?;
        tenders::load(&mut conn, &id).await?
    };
    let now = s.now();
    if now < t.document.opening_at.plus_seconds(-30 * 60) || now > window_end(&t) {
        return Err(Error::Conflict(
            "opening.sign_in_window",
            format!("sign-in is open from 30 minutes before the opening {} until {}", t.document.opening_at, window_end(&t)),
        ));
    }
    if matches!(t.summary.status, TenderStatus::Failed | TenderStatus::Cancelled) {
        return Err(Error::Conflict("tender.failed", "there is no opening for this tender".into()));
    }
    let active: Option<String> =
        sqlx::query_scalar("SELECT sha256 FROM bids WHERE tender_id = $1 AND bidder_id = $2 AND status = 'active'")
            .bind(&id)
            .bind(&caller.id)
            .fetch_optional(&s.pool)
            .await?;
    if active.is_none() {
        return Err(Error::NotFound("bid.not_found", "you have no bid in this opening".into()));
    }
    let me = identity_doc(&s, &caller.id).await?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let done: Option<String> = sqlx::query_scalar("SELECT bidder_id FROM opening_sign_ins WHERE tender_id = $1 AND bidder_id = $2")
        .bind(&id)
        .bind(&caller.id)
        .fetch_optional(&mut *tx)
        .await?;
    if done.is_none() {
        sqlx::query("INSERT INTO opening_sign_ins (tender_id, bidder_id, at) VALUES ($1, $2, $3)")
            .bind(&id)
            .bind(&caller.id)
            .bind(now.unix())
            .execute(&mut *tx)
            .await?;
        guard
            .append(
                &mut tx,
                "opening.signed_in",
                Some(&id),
                // Signed in before the deadline: secret until the tender closes.
                if now < t.document.deadline { Audience::Identity(caller.id.clone()) } else { Audience::Public },
                now,
                json!({ "bidder_uscc": me.uscc, "bidder_name": me.name }),
            )
            .await?;
    }
    tx.commit().await?;
    guard.commit();
    opening_state(&s, &id, Some(&caller.id)).await.map(Json)
}

/// A bidder posts its file key in the decryption window.
#[utoipa::path(post, path = "/v1/tenders/{id}/opening/key", tag = "opening", params(("id" = String, Path)), request_body = PostFileKey, security(("bearer" = [])), responses((status = 200, body = Object), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn post_key(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<PostFileKey>,
) -> Result<Json<serde_json::Value>> {
    caller.require(Role::Bidder)?;
    let t = closed_tender(&s, &id).await?;
    let now = s.now();
    if now < t.document.opening_at || now > window_end(&t) {
        return Err(Error::Conflict(
            "opening.window",
            format!("the decryption window is {} to {} (server time now {})", t.document.opening_at, window_end(&t), now),
        ));
    }
    let row = sqlx::query("SELECT sha256, outcome FROM bids WHERE tender_id = $1 AND bidder_id = $2 AND status = 'active'")
        .bind(&id)
        .bind(&caller.id)
        .fetch_optional(&s.pool)
        .await?;
    let row = row.ok_or_else(|| Error::NotFound("bid.not_found", "you have no bid in this opening".into()))?;
    let sha: String = row.try_get("sha256")?;
    if row.try_get::<Option<String>, _>("outcome")?.is_some() {
        return Err(Error::Conflict("opening.decided", "your bid's outcome is already recorded".into()));
    }
    let signed_in: Option<String> = sqlx::query_scalar("SELECT bidder_id FROM opening_sign_ins WHERE tender_id = $1 AND bidder_id = $2")
        .bind(&id)
        .bind(&caller.id)
        .fetch_optional(&s.pool)
        .await?;
    if signed_in.is_none() {
        return Err(Error::Conflict("opening.not_signed_in", "sign in to the opening hall before decrypting".into()));
    }
    let key = base64::engine::general_purpose::STANDARD
        .decode(&b.file_key)
        .ok()
        .and_then(|k| FileKey::from_bytes(&k).ok())
        .ok_or_else(|| Error::BadRequest("opening.key_format", "file_key must be 32 bytes of base64".into()))?;
    let kept = base64::engine::general_purpose::STANDARD.encode(key.expose());
    let me = identity_doc(&s, &caller.id).await?;
    let signer = me.signing_key_bytes().map_err(Error::internal)?;
    let blob = s.data.join("blobs").join(&sha);
    let manifest = tokio::task::spawn_blocking(move || -> std::result::Result<Manifest, tenderbox_seal::SealError> {
        let f = std::io::BufReader::new(std::fs::File::open(&blob)?);
        open_bid(f, Opener::FileKey(key), &mut DiscardSink, Some(&signer), &mut |_| {}).map(|(_, p)| p.manifest)
    })
    .await
    .map_err(Error::internal)?
    .map_err(|e| match e {
        tenderbox_seal::SealError::HeaderMac => Error::BadRequest(
            "opening.bad_key",
            "this file key does not open your bid (header MAC mismatch); unwrap it again from the bidder stanza".into(),
        ),
        other => Error::BadRequest("opening.bad_bid", format!("the bid did not verify when decrypted: {other}")),
    })?;
    let body = decrypted_event(&t, &sha, &manifest, None);
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    sqlx::query(
        "UPDATE bids SET outcome = 'decrypted', manifest = $1, file_key = $4 WHERE tender_id = $2 AND bidder_id = $3 AND status = 'active'",
    )
    .bind(serde_json::to_string(&manifest).map_err(Error::internal)?)
    .bind(&id)
    .bind(&caller.id)
    .bind(&kept)
    .execute(&mut *tx)
    .await?;
    let ev = guard.append(&mut tx, "bid.decrypted", Some(&id), Audience::Public, now, body).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(json!({ "outcome": "decrypted", "log_index": ev.index })))
}

/// The committee remedy: a bidder who cannot decrypt its bid asks, in the
/// decryption window, that the custodians open it (a centre admin may ask on its
/// behalf, e.g. after checking in person a company that lost its key). Signed
/// for the exact submission; logged with the signature. Without it, custodians'
/// partials for that bid are refused and the bid is revoked if not decrypted.
#[utoipa::path(post, path = "/v1/tenders/{id}/opening/remedy", tag = "opening", params(("id" = String, Path)), request_body = BidRequest, security(("bearer" = [])), responses((status = 200, body = Object), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn request_remedy(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<BidRequest>,
) -> Result<Json<serde_json::Value>> {
    if !caller.has(Role::Bidder) && !caller.has(Role::CentreAdmin) {
        return Err(Error::Forbidden("auth.role", "the committee remedy is asked for by the bidder or a centre admin".into()));
    }
    let t = closed_tender(&s, &id).await?;
    if !t.document.envelope.committee_opens_on_bidder_failure {
        return Err(Error::Conflict(
            "opening.no_remedy",
            "this tender does not let the custodians open a bid its bidder cannot decrypt".into(),
        ));
    }
    let now = s.now();
    if now < t.document.opening_at || now > window_end(&t) {
        return Err(Error::Conflict(
            "opening.window",
            format!("the remedy is asked for in the decryption window {} to {}", t.document.opening_at, window_end(&t)),
        ));
    }
    let row = sqlx::query("SELECT bidder_id, log_index, outcome FROM bids WHERE tender_id = $1 AND sha256 = $2 AND status = 'active'")
        .bind(&id)
        .bind(&req.sha256)
        .fetch_optional(&s.pool)
        .await?
        .ok_or_else(|| Error::NotFound("bid.not_found", "no active bid with this SHA-256 in the opening".into()))?;
    let bidder: String = row.try_get("bidder_id")?;
    if !caller.has(Role::CentreAdmin) && bidder != caller.id {
        return Err(Error::NotFound("bid.not_found", "no active bid of yours with this SHA-256 in the opening".into()));
    }
    if row.try_get::<Option<String>, _>("outcome")?.is_some() {
        return Err(Error::Conflict("opening.decided", "this bid's outcome is already recorded".into()));
    }
    if req.tender != id || req.log_index != row.try_get::<i64, _>("log_index")? as u64 {
        return Err(Error::BadRequest("remedy.mismatch", "the request does not name this submission (tender, hash and log index)".into()));
    }
    let me = identity_doc(&s, &caller.id).await?;
    if !req.verify_as(REMEDY_DOMAIN, &me.signing_key_bytes().map_err(Error::internal)?) {
        return Err(Error::BadRequest("remedy.signature", "the request is not signed by your registered signing key".into()));
    }
    if crate::routes::committee::committee_share(&s, &req.sha256)?.is_none() {
        return Err(Error::Conflict("committee.no_stanza", "this bid has no committee stanza: the custodians cannot open it".into()));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let exists: Option<String> = sqlx::query_scalar("SELECT sha256 FROM remedy_requests WHERE tender_id = $1 AND sha256 = $2")
        .bind(&id)
        .bind(&req.sha256)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(Error::Conflict("remedy.repeated", "the committee remedy was already asked for this bid".into()));
    }
    sqlx::query("INSERT INTO remedy_requests (tender_id, sha256, by_id, signature, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(&req.sha256)
        .bind(&caller.id)
        .bind(&req.signature)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    let ev = guard
        .append(
            &mut tx,
            "bid.remedy_requested",
            Some(&id),
            Audience::Public,
            now,
            json!({ "sha256": req.sha256, "log_index": req.log_index, "by": caller.id, "signature": req.signature }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(json!({ "remedy": "requested", "log_index": ev.index })))
}

/// After the window, the agency produces the signed opening record.
#[utoipa::path(post, path = "/v1/tenders/{id}/opening/record", tag = "opening", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = OpeningState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn make_record(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<OpeningState>> {
    caller.require(Role::Agency)?;
    {
        let mut conn = s.pool.acquire().await?;
        if tenders::load(&mut conn, &id).await?.agency_id != caller.id {
            return Err(Error::NotFound("tender.not_found", format!("no tender {id} of yours")));
        }
    }
    let t = closed_tender(&s, &id).await?;
    let now = s.now();
    // Where the tender allows it, the custodians' quorum opens the bids their
    // bidders did not decrypt — before the record, outside its transaction.
    let mut by_committee: Vec<(String, Manifest, String)> = Vec::new();
    if (t.document.envelope.committee_opens_on_bidder_failure || t.document.envelope.committee_opens_every_bid) && now > window_end(&t) {
        let undecided = sqlx::query("SELECT b.sha256, i.document FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND b.status = 'active' AND b.outcome IS NULL")
            .bind(&id)
            .fetch_all(&s.pool)
            .await?;
        for r in undecided {
            let sha: String = r.try_get("sha256")?;
            if !crate::routes::committee::remedy_applies(&s, &t, &sha).await? {
                continue;
            }
            let Some(combined) = crate::routes::committee::combined_for(&s, &t, &sha).await? else { continue };
            let doc: PublicIdentity = serde_json::from_str(&r.try_get::<String, _>("document")?).map_err(Error::internal)?;
            let signer = doc.signing_key_bytes().map_err(Error::internal)?;
            let blob = s.data.join("blobs").join(&sha);
            let opened = tokio::task::spawn_blocking(move || -> std::result::Result<(Manifest, String), tenderbox_seal::SealError> {
                // The file key the quorum recovered, kept for the evaluation members.
                let header = tenderbox_seal::envelope::read_header(&mut std::io::BufReader::new(std::fs::File::open(&blob)?))?;
                let fk = header.unwrap_committee(&combined)?;
                let kept = base64::engine::general_purpose::STANDARD.encode(fk.expose());
                let f = std::io::BufReader::new(std::fs::File::open(&blob)?);
                open_bid(f, Opener::FileKey(fk), &mut DiscardSink, Some(&signer), &mut |_| {}).map(|(_, p)| (p.manifest, kept))
            })
            .await
            .map_err(Error::internal)?;
            match opened {
                Ok((m, kept)) => by_committee.push((sha, m, kept)),
                Err(e) => tracing::warn!(%sha, error = %e, "the committee's combined share did not open the bid"),
            }
        }
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    for (sha, m, kept) in &by_committee {
        sqlx::query("UPDATE bids SET outcome = 'decrypted_by_committee', manifest = $1, file_key = $4 WHERE tender_id = $2 AND sha256 = $3 AND status = 'active' AND outcome IS NULL")
            .bind(serde_json::to_string(m).map_err(Error::internal)?)
            .bind(&id)
            .bind(sha)
            .bind(kept)
            .execute(&mut *tx)
            .await?;
        guard.append(&mut tx, "bid.decrypted", Some(&id), Audience::Public, now, decrypted_event(&t, sha, m, Some("committee"))).await?;
    }
    let exists: Option<String> =
        sqlx::query_scalar("SELECT tender_id FROM openings WHERE tender_id = $1").bind(&id).fetch_optional(&mut *tx).await?;
    if exists.is_some() {
        return Err(Error::Conflict("opening.recorded", "the opening record already exists".into()));
    }
    let rows = sqlx::query("SELECT b.bidder_id, b.sha256, b.outcome, b.manifest, i.uscc, i.name FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND b.status = 'active' ORDER BY b.log_index")
        .bind(&id)
        .fetch_all(&mut *tx)
        .await?;
    let undecided = rows.iter().filter(|r| r.try_get::<Option<String>, _>("outcome").ok().flatten().is_none()).count();
    if undecided > 0 && now <= window_end(&t) {
        return Err(Error::Conflict("opening.window_open", format!("{undecided} bid(s) may still be decrypted until {}", window_end(&t))));
    }
    let security = super::security::checks_of(&mut tx, &id).await?;
    let mut lines = Vec::new();
    for r in &rows {
        let stored = r.try_get::<Option<String>, _>("outcome")?;
        let outcome = match stored.as_deref() {
            Some("decrypted" | "decrypted_by_committee") => BidOutcome::Decrypted,
            Some("withdrawn") => BidOutcome::Withdrawn,
            _ => BidOutcome::Revoked,
        };
        let uscc: String = r.try_get("uscc")?;
        let (lots, rejected) = match r.try_get::<Option<String>, _>("manifest")? {
            Some(m) if outcome == BidOutcome::Decrypted => {
                let m = serde_json::from_str::<Manifest>(&m).map_err(Error::internal)?;
                let mut problems = m.problems_against(&t.document, &t.summary.hash);
                // security.at_deadline: a bid without valid security is not read out.
                if let Some(c) = security.iter().find(|c| c.bidder == uscc && !c.outcome.ok) {
                    problems.push(tenderbox_core::problem::Problem::new(
                        "security.missing",
                        "security",
                        c.outcome.reason.clone().unwrap_or_else(|| "未按招标文件要求提交投标保证金".into()),
                    ));
                }
                if problems.is_empty() { (m.lots, problems) } else { (vec![], problems) }
            }
            _ => (vec![], vec![]),
        };
        lines.push(OpeningLine {
            bidder_uscc: uscc,
            bidder_name: r.try_get("name")?,
            sha256: r.try_get("sha256")?,
            outcome,
            opened_by_committee: stored.as_deref() == Some("decrypted_by_committee"),
            lots,
            rejected,
        });
    }
    sqlx::query("UPDATE bids SET outcome = 'revoked' WHERE tender_id = $1 AND status = 'active' AND outcome IS NULL")
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    let record = OpeningRecord {
        tender: id.clone(),
        version: t.summary.version,
        tender_hash: t.summary.hash.clone(),
        opened_at: now,
        bids_at_deadline: rows.len() as u32,
        lines,
    };
    let bytes = tenderbox_core::canonical::to_canonical_vec(&record).map_err(Error::internal)?;
    let signature = base64::engine::general_purpose::STANDARD.encode(s.sign(OPENING_DOMAIN, &bytes));
    let ev = guard
        .append(&mut tx, "opening.record", Some(&id), Audience::Public, now, json!({ "record": record, "signature": signature }))
        .await?;
    sqlx::query("INSERT INTO openings (tender_id, record, signature, log_index, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(String::from_utf8(bytes).map_err(Error::internal)?)
        .bind(&signature)
        .bind(ev.index as i64)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    guard.commit();
    opening_state(&s, &id, Some(&caller.id)).await.map(Json)
}

/// `viewer`: a bidder who sees its own sign-in before the tender closes.
pub(crate) async fn opening_state(s: &AppState, id: &str, viewer: Option<&str>) -> Result<OpeningState> {
    let row = sqlx::query("SELECT record, signature FROM openings WHERE tender_id = $1").bind(id).fetch_optional(&s.pool).await?;
    let (record, signature) = match row {
        Some(r) => (
            Some(serde_json::from_str::<OpeningRecord>(&r.try_get::<String, _>("record")?).map_err(Error::internal)?),
            Some(r.try_get("signature")?),
        ),
        None => (None, None),
    };
    let confirmed_by: Vec<String> = sqlx::query_scalar(
        "SELECT i.uscc FROM opening_confirmations c JOIN identities i ON i.id = c.bidder_id WHERE c.tender_id = $1 ORDER BY c.at, i.uscc",
    )
    .bind(id)
    .fetch_all(&s.pool)
    .await?;
    let rows = sqlx::query(
        "SELECT o.*, i.uscc FROM objections o JOIN identities i ON i.id = o.bidder_id WHERE o.tender_id = $1 ORDER BY o.at, o.id",
    )
    .bind(id)
    .fetch_all(&s.pool)
    .await?;
    let mut objections = Vec::new();
    for r in rows {
        objections.push(Objection {
            id: r.try_get("id")?,
            bidder_uscc: r.try_get("uscc")?,
            text: r.try_get("text")?,
            at: Timestamp::from_unix(r.try_get("at")?),
            answer: r.try_get("answer")?,
            answered_at: r.try_get::<Option<i64>, _>("answered_at")?.map(Timestamp::from_unix),
        });
    }
    // Before the tender closes, who has signed in says who is bidding.
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM tenders WHERE id = $1").bind(id).fetch_optional(&s.pool).await?;
    let signed_in: Vec<String> = if matches!(status.as_deref(), Some("closed" | "failed")) {
        sqlx::query_scalar(
            "SELECT i.uscc FROM opening_sign_ins g JOIN identities i ON i.id = g.bidder_id WHERE g.tender_id = $1 ORDER BY g.at, i.uscc",
        )
        .bind(id)
        .fetch_all(&s.pool)
        .await?
    } else {
        sqlx::query_scalar(
            "SELECT i.uscc FROM opening_sign_ins g JOIN identities i ON i.id = g.bidder_id WHERE g.tender_id = $1 AND g.bidder_id = $2",
        )
        .bind(id)
        .bind(viewer.unwrap_or_default())
        .fetch_all(&s.pool)
        .await?
    };
    Ok(OpeningState { record, signature, signed_in, confirmed_by, objections })
}

/// Public: the opening record once made, confirmations and objections.
#[utoipa::path(get, path = "/v1/tenders/{id}/opening", tag = "opening", params(("id" = String, Path)), responses((status = 200, body = OpeningState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_opening(State(s): State<AppState>, caller: MaybeCaller, Path(id): Path<String>) -> Result<Json<OpeningState>> {
    let mut conn = s.pool.acquire().await?;
    tenders::load(&mut conn, &id).await?;
    drop(conn);
    let viewer = caller.0.map(|c| c.id);
    opening_state(&s, &id, viewer.as_deref()).await.map(Json)
}

async fn bidder_in_record(s: &AppState, caller: &Caller, id: &str) -> Result<PublicIdentity> {
    caller.require(Role::Bidder)?;
    let st = opening_state(s, id, None).await?;
    let rec = st.record.ok_or_else(|| Error::Conflict("opening.no_record", "the opening record is not made yet".into()))?;
    let me = identity_doc(s, &caller.id).await?;
    if !rec.lines.iter().any(|l| l.bidder_uscc == me.uscc.as_str()) {
        return Err(Error::NotFound("opening.not_bidder", "you have no bid in this opening".into()));
    }
    Ok(me)
}

#[utoipa::path(post, path = "/v1/tenders/{id}/opening/confirm", tag = "opening", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = OpeningState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn confirm(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<OpeningState>> {
    let me = bidder_in_record(&s, &caller, &id).await?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let done: Option<String> = sqlx::query_scalar("SELECT bidder_id FROM opening_confirmations WHERE tender_id = $1 AND bidder_id = $2")
        .bind(&id)
        .bind(&caller.id)
        .fetch_optional(&mut *tx)
        .await?;
    if done.is_some() {
        return Err(Error::Conflict("opening.confirmed", "you already confirmed the opening record".into()));
    }
    sqlx::query("INSERT INTO opening_confirmations (tender_id, bidder_id, at) VALUES ($1, $2, $3)")
        .bind(&id)
        .bind(&caller.id)
        .bind(s.now().unix())
        .execute(&mut *tx)
        .await?;
    guard.append(&mut tx, "opening.confirmed", Some(&id), Audience::Public, s.now(), json!({ "bidder_uscc": me.uscc })).await?;
    tx.commit().await?;
    guard.commit();
    opening_state(&s, &id, Some(&caller.id)).await.map(Json)
}

#[utoipa::path(post, path = "/v1/tenders/{id}/opening/objections", tag = "opening", params(("id" = String, Path)), request_body = TextBody, security(("bearer" = [])), responses((status = 200, body = OpeningState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn object(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<TextBody>,
) -> Result<Json<OpeningState>> {
    let me = bidder_in_record(&s, &caller, &id).await?;
    if b.text.trim().is_empty() {
        return Err(Error::BadRequest("objection.empty", "write what you object to".into()));
    }
    let oid = super::random_hex(8);
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    sqlx::query("INSERT INTO objections (id, tender_id, bidder_id, text, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&oid)
        .bind(&id)
        .bind(&caller.id)
        .bind(&b.text)
        .bind(s.now().unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "opening.objection",
            Some(&id),
            Audience::Public,
            s.now(),
            json!({ "id": oid, "bidder_uscc": me.uscc, "text": b.text }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    opening_state(&s, &id, Some(&caller.id)).await.map(Json)
}

#[utoipa::path(post, path = "/v1/tenders/{id}/opening/objections/{oid}/answer", tag = "opening", params(("id" = String, Path), ("oid" = String, Path)), request_body = TextBody, security(("bearer" = [])), responses((status = 200, body = OpeningState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn answer(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, oid)): Path<(String, String)>,
    Json(b): Json<TextBody>,
) -> Result<Json<OpeningState>> {
    caller.require(Role::Agency)?;
    let mut conn = s.pool.acquire().await?;
    let t = tenders::load(&mut conn, &id).await?;
    drop(conn);
    if t.agency_id != caller.id {
        return Err(Error::NotFound("tender.not_found", format!("no tender {id} of yours")));
    }
    if b.text.trim().is_empty() {
        return Err(Error::BadRequest("objection.empty_answer", "write the answer".into()));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let done = sqlx::query("UPDATE objections SET answer = $1, answered_at = $2 WHERE id = $3 AND tender_id = $4 AND answer IS NULL")
        .bind(&b.text)
        .bind(s.now().unix())
        .bind(&oid)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(Error::NotFound("objection.not_found", "no unanswered objection with this id".into()));
    }
    guard.append(&mut tx, "opening.answer", Some(&id), Audience::Public, s.now(), json!({ "objection": oid, "text": b.text })).await?;
    tx.commit().await?;
    guard.commit();
    opening_state(&s, &id, Some(&caller.id)).await.map(Json)
}

/// Art. 31: a bid that could not be decrypted through no fault of its bidder (the
/// platform failed) is deemed withdrawn (撤回), not revoked. The centre admin
/// records that, with the reason, before the opening record is made.
#[utoipa::path(post, path = "/v1/tenders/{id}/opening/platform-fault", tag = "opening", params(("id" = String, Path)), request_body = PlatformFault, security(("bearer" = [])), responses((status = 200, body = Object), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn platform_fault(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<PlatformFault>,
) -> Result<Json<serde_json::Value>> {
    caller.require(Role::CentreAdmin)?;
    if b.reason.trim().is_empty() {
        return Err(Error::BadRequest("opening.reason", "give the reason the platform failed this bidder".into()));
    }
    if b.tender != id {
        return Err(Error::BadRequest("opening.fault_tender", format!("the declaration is for tender {}, not {id}", b.tender)));
    }
    let admin = identity_doc(&s, &caller.id).await?;
    if !b.verify(&admin.signing_key_bytes().map_err(Error::internal)?) {
        return Err(Error::BadRequest("opening.fault_signature", "the declaration is not signed by your registered signing key".into()));
    }
    let t = closed_tender(&s, &id).await?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let recorded: Option<String> =
        sqlx::query_scalar("SELECT tender_id FROM openings WHERE tender_id = $1").bind(&id).fetch_optional(&mut *tx).await?;
    if recorded.is_some() {
        return Err(Error::Conflict("opening.recorded", "the opening record is already made".into()));
    }
    let bidder: Option<String> =
        sqlx::query_scalar("SELECT bidder_id FROM bids WHERE tender_id = $1 AND sha256 = $2 AND status = 'active' AND outcome IS NULL")
            .bind(&id)
            .bind(&b.sha256)
            .fetch_optional(&mut *tx)
            .await?;
    let bidder = bidder.ok_or_else(|| Error::NotFound("bid.not_found", "no undecided bid with this SHA-256 in the opening".into()))?;
    // A bidder who signed in and may still decrypt is not pre-empted on one
    // admin's word: a second admin must confirm.
    let signed_in: Option<String> = sqlx::query_scalar("SELECT bidder_id FROM opening_sign_ins WHERE tender_id = $1 AND bidder_id = $2")
        .bind(&id)
        .bind(&bidder)
        .fetch_optional(&mut *tx)
        .await?;
    let needs_two = signed_in.is_some() && now <= window_end(&t);
    let others: Vec<String> =
        sqlx::query_scalar("SELECT admin_id FROM platform_faults WHERE tender_id = $1 AND sha256 = $2 AND admin_id <> $3")
            .bind(&id)
            .bind(&b.sha256)
            .bind(&caller.id)
            .fetch_all(&mut *tx)
            .await?;
    sqlx::query("DELETE FROM platform_faults WHERE tender_id = $1 AND sha256 = $2 AND admin_id = $3")
        .bind(&id)
        .bind(&b.sha256)
        .bind(&caller.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO platform_faults (tender_id, sha256, admin_id, reason, signature, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&id)
        .bind(&b.sha256)
        .bind(&caller.id)
        .bind(&b.reason)
        .bind(&b.signature)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    if needs_two && others.is_empty() {
        let ev = guard
            .append(
                &mut tx,
                "bid.platform_fault_declared",
                Some(&id),
                Audience::Public,
                now,
                json!({ "sha256": b.sha256, "reason": b.reason, "by": caller.id, "signature": b.signature, "awaiting": "a second centre admin's confirmation: the bidder is signed in and within its decryption window" }),
            )
            .await?;
        tx.commit().await?;
        guard.commit();
        return Ok(Json(json!({ "outcome": "awaiting_confirmation", "log_index": ev.index })));
    }
    sqlx::query("UPDATE bids SET outcome = 'withdrawn' WHERE tender_id = $1 AND sha256 = $2 AND status = 'active' AND outcome IS NULL")
        .bind(&id)
        .bind(&b.sha256)
        .execute(&mut *tx)
        .await?;
    let ev = guard
        .append(
            &mut tx,
            "bid.withdrawn_at_opening",
            Some(&id),
            Audience::Public,
            s.now(),
            json!({ "sha256": b.sha256, "reason": b.reason, "by": caller.id, "signature": b.signature, "confirming": others }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(json!({ "outcome": "withdrawn", "log_index": ev.index })))
}

/// The sealed machine fingerprints of a tender's opened bids, for supervisors:
/// only they can open them and compare bidders (collusion signals).
#[utoipa::path(get, path = "/v1/tenders/{id}/machines", tag = "opening", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<tenderbox_wire::MachineEntry>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn machines(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Vec<tenderbox_wire::MachineEntry>>> {
    if !caller.has(Role::Supervisor) {
        return Err(Error::Forbidden("auth.role", "machine fingerprints are for the supervision system".into()));
    }
    let rows = sqlx::query(
        "SELECT b.sha256, b.manifest, i.uscc, i.name FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND b.status = 'active' AND b.manifest IS NOT NULL ORDER BY b.log_index",
    )
    .bind(&id)
    .fetch_all(&s.pool)
    .await?;
    let mut out = Vec::new();
    for r in rows {
        let manifest: Manifest = serde_json::from_str(&r.try_get::<String, _>("manifest")?).map_err(Error::internal)?;
        out.push(tenderbox_wire::MachineEntry {
            bidder_uscc: r.try_get("uscc")?,
            bidder_name: r.try_get("name")?,
            sha256: r.try_get("sha256")?,
            machine: manifest.machine,
        });
    }
    Ok(Json(out))
}
