//! Complaints (投诉) to the supervising department, from bidders and any other interested
//! party: the complaint is signed by the complainant and declares its evidence files by
//! SHA-256 (uploaded afterwards, only the declared content accepted); the department of the
//! tender's trading type accepts it or not, in writing and signed, within its time limit,
//! and decides it, signed; the decision is published. The time limits are the named rules of
//! `tenderbox_core::complaint`; a late complaint is recorded as late and cannot be accepted
//! (七部委令第11号 Art. 12). Nothing is deleted; every step is a log event.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use std::path::PathBuf;
use tenderbox_core::complaint::{self, Complaint, ComplaintAcceptance, ComplaintDecision, department_for};
use tenderbox_core::credit::day_of;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::signed::SignedDoc;
use tenderbox_wire::{ComplaintFileState, ComplaintRecord, PublicComplaintDecision, Role};

use super::review::check_signed;
use super::supervision::{covers, ensure_in_scope, scope, trading_type};

fn dir(s: &AppState) -> PathBuf {
    s.data.join("complaint-files")
}

async fn files_of(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Vec<ComplaintFileState>> {
    let rows = sqlx::query("SELECT sha256, name, size, stored_at FROM complaint_files WHERE complaint_id = $1 ORDER BY name")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ComplaintFileState {
                name: r.try_get("name")?,
                sha256: r.try_get("sha256")?,
                size: r.try_get::<i64, _>("size")? as u64,
                stored: r.try_get::<Option<i64>, _>("stored_at")?.is_some(),
            })
        })
        .collect()
}

async fn record_of(conn: &mut sqlx::AnyConnection, r: &sqlx::any::AnyRow, today: &str) -> Result<ComplaintRecord> {
    let id: String = r.try_get("id")?;
    let tender: String = r.try_get("tender_id")?;
    let (title, tt): (String, String) =
        sqlx::query_as("SELECT title, trading_type FROM tenders WHERE id = $1").bind(&tender).fetch_one(&mut *conn).await?;
    let t = trading_type(&tt)?;
    let signed: SignedDoc<Complaint> = serde_json::from_str(&r.try_get::<String, _>("complaint")?).map_err(Error::internal)?;
    let acceptance: Option<SignedDoc<ComplaintAcceptance>> =
        r.try_get::<Option<String>, _>("acceptance")?.map(|a| serde_json::from_str(&a)).transpose().map_err(Error::internal)?;
    let decision: Option<SignedDoc<ComplaintDecision>> =
        r.try_get::<Option<String>, _>("decision")?.map(|a| serde_json::from_str(&a)).transpose().map_err(Error::internal)?;
    let received_on: String = r.try_get("received_on")?;
    let accepted_on: Option<String> = r.try_get("accepted_on")?;
    let refused = acceptance.as_ref().is_some_and(|a| !a.doc.accepted);
    let deadlines = complaint::deadlines(t, &received_on, accepted_on.as_deref(), refused, decision.is_some(), today);
    let state = if decision.is_some() {
        "decided"
    } else if refused {
        "not_accepted"
    } else if acceptance.is_some() {
        "accepted"
    } else {
        "received"
    };
    let complainant_name: String = sqlx::query_scalar("SELECT name FROM identities WHERE id = $1")
        .bind(r.try_get::<String, _>("filed_by")?)
        .fetch_one(&mut *conn)
        .await?;
    Ok(ComplaintRecord {
        files: files_of(conn, &id).await?,
        id,
        tender,
        tender_title: title,
        trading_type: tt,
        department: r.try_get("department")?,
        complainant_name,
        received_at: Timestamp::from_unix(r.try_get("received_at")?),
        last_filing_day: complaint::last_filing_day(t, &signed.doc.known_on),
        received_on,
        late: r.try_get::<i64, _>("late")? != 0,
        state: state.into(),
        deadlines,
        complaint: signed,
        acceptance,
        decision,
    })
}

async fn row(conn: &mut sqlx::AnyConnection, id: &str) -> Result<sqlx::any::AnyRow> {
    sqlx::query("SELECT * FROM complaints WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound("complaint.not_found", format!("there is no complaint {id}")))
}

/// The complainant (any identity of its company) or a supervisor of the tender's department
/// (or a centre admin) may read a complaint; to anyone else it does not exist.
async fn may_read(conn: &mut sqlx::AnyConnection, caller: &Caller, r: &sqlx::any::AnyRow) -> Result<()> {
    let complainant: String = r.try_get("complainant")?;
    if super::credit::caller_uscc(conn, caller).await? == complainant {
        return Ok(());
    }
    let id: String = r.try_get("id")?;
    if caller.has(Role::Supervisor) || caller.has(Role::CentreAdmin) {
        let tender: String = r.try_get("tender_id")?;
        if ensure_in_scope(conn, caller, &tender).await.is_ok() {
            return Ok(());
        }
    }
    Err(Error::NotFound("complaint.not_found", format!("there is no complaint {id}")))
}

/// Files a complaint, signed by the complainant's identity. Refiling the same signed
/// complaint returns it as filed.
#[utoipa::path(post, path = "/v1/complaints", tag = "supervision", request_body(content = Object, description = "SignedDoc<Complaint>"), security(("bearer" = [])), responses((status = 200, body = ComplaintRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn file(State(s): State<AppState>, caller: Caller, Json(signed): Json<SignedDoc<Complaint>>) -> Result<Json<ComplaintRecord>> {
    let now = s.now();
    let today = day_of(now);
    let c = &signed.doc;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    check_signed(&mut tx, &caller, &signed).await?;
    let uscc = super::credit::caller_uscc(&mut tx, &caller).await?;
    if c.complainant != uscc {
        return Err(Error::BadRequest(
            "complaint.field",
            format!("the complaint names complainant {}, but you file for {uscc}", c.complainant),
        ));
    }
    if let Some(p) = c.problems(&today).first() {
        return Err(Error::BadRequest(code_of(&p.code), p.to_string()));
    }
    let tt: Option<(String, String)> =
        sqlx::query_as("SELECT trading_type, status FROM tenders WHERE id = $1").bind(&c.tender).fetch_optional(&mut *tx).await?;
    let (tt, _) = tt.ok_or_else(|| Error::NotFound("tender.not_found", format!("no tender {}", c.tender)))?;
    let t = trading_type(&tt)?;
    let id = c.id();
    if sqlx::query_scalar::<_, String>("SELECT id FROM complaints WHERE id = $1").bind(&id).fetch_optional(&mut *tx).await?.is_some() {
        let r = row(&mut tx, &id).await?;
        let rec = record_of(&mut tx, &r, &today).await?;
        return Ok(Json(rec));
    }
    let late = complaint::filed_late(t, &c.known_on, &today);
    let department = department_for(t).as_str();
    sqlx::query("INSERT INTO complaints (id, tender_id, filed_by, complainant, department, complaint, received_at, received_on, late, acceptance, accepted_on, accepted, decision, decided_at, handled_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, NULL, NULL, NULL, NULL)")
        .bind(&id)
        .bind(&c.tender)
        .bind(&caller.id)
        .bind(&uscc)
        .bind(department)
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(now.unix())
        .bind(&today)
        .bind(i64::from(late))
        .execute(&mut *tx)
        .await?;
    for f in &c.files {
        sqlx::query("INSERT INTO complaint_files (complaint_id, sha256, name, size, stored_at) VALUES ($1, $2, $3, $4, NULL)")
            .bind(&id)
            .bind(&f.sha256)
            .bind(&f.name)
            .bind(f.size as i64)
            .execute(&mut *tx)
            .await?;
    }
    guard
        .append(
            &mut tx,
            "complaint.filed",
            Some(&c.tender),
            Audience::Identity(caller.id.clone()),
            now,
            json!({ "complaint": id, "department": department, "late": late, "signature": signed.signature }),
        )
        .await?;
    let r = row(&mut tx, &id).await?;
    let rec = record_of(&mut tx, &r, &today).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(rec))
}

fn code_of(code: &str) -> &'static str {
    match code {
        "complaint.file" => "complaint.file",
        _ => "complaint.field",
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    tender: Option<String>,
    /// `open` (received or accepted, not decided) or all.
    #[serde(default)]
    state: Option<String>,
}

/// The complaints the caller may read: a supervisor's department's (all for the
/// comprehensive office and centre admins), everyone else its company's own.
#[utoipa::path(get, path = "/v1/complaints", tag = "supervision", params(("tender" = Option<String>, Query), ("state" = Option<String>, Query)), security(("bearer" = [])), responses((status = 200, body = Vec<ComplaintRecord>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn list(State(s): State<AppState>, caller: Caller, Query(q): Query<ListQuery>) -> Result<Json<Vec<ComplaintRecord>>> {
    let today = day_of(s.now());
    let mut conn = s.pool.acquire().await?;
    let official = caller.has(Role::Supervisor) || caller.has(Role::CentreAdmin);
    let rows = if official {
        sqlx::query("SELECT * FROM complaints ORDER BY received_at DESC, id").fetch_all(&mut *conn).await?
    } else {
        let uscc = super::credit::caller_uscc(&mut conn, &caller).await?;
        sqlx::query("SELECT * FROM complaints WHERE complainant = $1 ORDER BY received_at DESC, id")
            .bind(uscc)
            .fetch_all(&mut *conn)
            .await?
    };
    let sc = if official { scope(&mut conn, &caller).await? } else { None };
    let mut out = Vec::new();
    for r in &rows {
        if q.tender.as_deref().is_some_and(|t| r.try_get::<String, _>("tender_id").map(|x| x != t).unwrap_or(true)) {
            continue;
        }
        let rec = record_of(&mut conn, r, &today).await?;
        if official && !covers(&sc, trading_type(&rec.trading_type)?) {
            continue;
        }
        if q.state.as_deref() == Some("open") && !matches!(rec.state.as_str(), "received" | "accepted") {
            continue;
        }
        out.push(rec);
    }
    // What is past a time limit first, then the nearest limit.
    if official {
        out.sort_by(|a, b| {
            b.deadlines.overdue.is_some().cmp(&a.deadlines.overdue.is_some()).then_with(|| b.received_at.unix().cmp(&a.received_at.unix()))
        });
    }
    Ok(Json(out))
}

/// One complaint (the complainant, or the tender's supervising department).
#[utoipa::path(get, path = "/v1/complaints/{id}", tag = "supervision", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = ComplaintRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_one(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<ComplaintRecord>> {
    let mut conn = s.pool.acquire().await?;
    let r = row(&mut conn, &id).await?;
    may_read(&mut conn, &caller, &r).await?;
    Ok(Json(record_of(&mut conn, &r, &day_of(s.now())).await?))
}

/// The complainant uploads a declared evidence file (until the complaint is decided).
#[utoipa::path(put, path = "/v1/complaints/{id}/files/{sha256}", tag = "supervision", params(("id" = String, Path), ("sha256" = String, Path)), request_body(content = Vec<u8>, content_type = "application/octet-stream"), security(("bearer" = [])), responses((status = 200, body = ComplaintFileState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn put_file(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, sha)): Path<(String, String)>,
    body: Body,
) -> Result<Json<ComplaintFileState>> {
    super::tender_files::check_sha(&sha)?;
    let mut conn = s.pool.acquire().await?;
    let r = row(&mut conn, &id).await?;
    if r.try_get::<String, _>("filed_by")? != caller.id {
        return Err(Error::NotFound("complaint.not_found", format!("there is no complaint {id} of yours")));
    }
    if r.try_get::<Option<String>, _>("decision")?.is_some() {
        return Err(Error::Conflict("complaint.decided", format!("complaint {id} is decided; its file is closed")));
    }
    let f = files_of(&mut conn, &id)
        .await?
        .into_iter()
        .find(|f| f.sha256 == sha)
        .ok_or_else(|| Error::NotFound("file.not_found", format!("complaint {id} declares no file {sha}")))?;
    if f.stored {
        return Ok(Json(f));
    }
    drop(conn);
    let size = super::tender_files::store_streamed(&dir(&s), &sha, body, f.size, "a complaint file").await?;
    if size != f.size {
        return Err(Error::BadRequest("file.hash_mismatch", format!("the file was declared with {} bytes, not {size}", f.size)));
    }
    sqlx::query("UPDATE complaint_files SET stored_at = $1 WHERE complaint_id = $2 AND sha256 = $3")
        .bind(s.now().unix())
        .bind(&id)
        .bind(&sha)
        .execute(&s.pool)
        .await?;
    Ok(Json(ComplaintFileState { stored: true, ..f }))
}

/// An evidence file (the complainant, or the tender's supervising department).
#[utoipa::path(get, path = "/v1/complaints/{id}/files/{sha256}", tag = "supervision", params(("id" = String, Path), ("sha256" = String, Path)), security(("bearer" = [])), responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_file(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, sha)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    let mut conn = s.pool.acquire().await?;
    let r = row(&mut conn, &id).await?;
    may_read(&mut conn, &caller, &r).await?;
    let f = files_of(&mut conn, &id)
        .await?
        .into_iter()
        .find(|f| f.sha256 == sha && f.stored)
        .ok_or_else(|| Error::NotFound("file.not_found", format!("complaint {id} has no stored file {sha}")))?;
    super::tender_files::serve_file(&dir(&s).join(&sha), f.size, &f.name, &sha, &headers).await
}

/// The supervising department accepts the complaint (受理) or not (不予受理), signed, with
/// reasons. **complaint.late**: a complaint filed after its last filing day cannot be accepted.
#[utoipa::path(post, path = "/v1/complaints/{id}/acceptance", tag = "supervision", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<ComplaintAcceptance>"), security(("bearer" = [])), responses((status = 200, body = ComplaintRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn accept(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<ComplaintAcceptance>>,
) -> Result<Json<ComplaintRecord>> {
    caller.require(Role::Supervisor)?;
    let a = &signed.doc;
    if a.complaint != id || a.format != complaint::COMPLAINT_FORMAT || a.reasons.trim().is_empty() || a.reasons.chars().count() > 5000 {
        return Err(Error::BadRequest(
            "complaint.acceptance",
            "an acceptance names this complaint, format 1, and its reasons (up to 5000 characters)".into(),
        ));
    }
    let now = s.now();
    let today = day_of(now);
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let r = row(&mut tx, &id).await?;
    let tender: String = r.try_get("tender_id")?;
    ensure_in_scope(&mut tx, &caller, &tender).await?;
    check_signed(&mut tx, &caller, &signed).await?;
    if r.try_get::<Option<String>, _>("acceptance")?.is_some() {
        return Err(Error::Conflict("complaint.handled", format!("complaint {id} has its acceptance decision already")));
    }
    if a.accepted && r.try_get::<i64, _>("late")? != 0 {
        let rec = record_of(&mut tx, &r, &today).await?;
        return Err(Error::Conflict(
            "complaint.late",
            format!(
                "complaint {id} was filed on {}, after its last filing day {}; it can only be not accepted (不予受理)",
                rec.received_on, rec.last_filing_day
            ),
        ));
    }
    sqlx::query("UPDATE complaints SET acceptance = $1, accepted_on = $2, accepted = $3, handled_by = $4 WHERE id = $5")
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(if a.accepted { Some(today.clone()) } else { None })
        .bind(i64::from(a.accepted))
        .bind(&caller.id)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    let filed_by: String = r.try_get("filed_by")?;
    guard
        .append(
            &mut tx,
            if a.accepted { "complaint.accepted" } else { "complaint.not_accepted" },
            Some(&tender),
            Audience::Identity(filed_by),
            now,
            json!({ "complaint": id, "by": caller.id, "signature": signed.signature }),
        )
        .await?;
    let r = row(&mut tx, &id).await?;
    let rec = record_of(&mut tx, &r, &today).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(rec))
}

/// The department's decision (投诉处理决定) on an accepted complaint, signed, then published.
#[utoipa::path(post, path = "/v1/complaints/{id}/decision", tag = "supervision", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<ComplaintDecision>"), security(("bearer" = [])), responses((status = 200, body = ComplaintRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn decide(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<ComplaintDecision>>,
) -> Result<Json<ComplaintRecord>> {
    caller.require(Role::Supervisor)?;
    let d = &signed.doc;
    let upheld = d.finding != "dismissed";
    if d.complaint != id
        || d.format != complaint::COMPLAINT_FORMAT
        || !complaint::FINDINGS.contains(&d.finding.as_str())
        || d.reasons.trim().is_empty()
        || d.reasons.chars().count() > 20000
        || (upheld && d.measures.trim().is_empty())
        || d.measures.chars().count() > 5000
    {
        return Err(Error::BadRequest(
            "complaint.decision",
            format!(
                "a decision names this complaint, one of {}, its reasons, and the measures ordered when the complaint is upheld",
                complaint::FINDINGS.join(", ")
            ),
        ));
    }
    let now = s.now();
    let today = day_of(now);
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let r = row(&mut tx, &id).await?;
    let tender: String = r.try_get("tender_id")?;
    ensure_in_scope(&mut tx, &caller, &tender).await?;
    check_signed(&mut tx, &caller, &signed).await?;
    if r.try_get::<Option<String>, _>("decision")?.is_some() {
        return Err(Error::Conflict("complaint.handled", format!("complaint {id} is decided already")));
    }
    if r.try_get::<Option<i64>, _>("accepted")? != Some(1) {
        return Err(Error::Conflict("complaint.not_accepted", format!("complaint {id} must be accepted before it is decided")));
    }
    sqlx::query("UPDATE complaints SET decision = $1, decided_at = $2, handled_by = $3 WHERE id = $4")
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(now.unix())
        .bind(&caller.id)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    let r = row(&mut tx, &id).await?;
    let rec = record_of(&mut tx, &r, &today).await?;
    let public = public_of(&rec).ok_or_else(|| Error::internal("decided complaint without a decision"))?;
    guard.append(&mut tx, "complaint.decided", Some(&tender), Audience::Public, now, json!(public)).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(rec))
}

fn public_of(rec: &ComplaintRecord) -> Option<PublicComplaintDecision> {
    Some(PublicComplaintDecision {
        complaint: rec.id.clone(),
        tender: rec.tender.clone(),
        tender_title: rec.tender_title.clone(),
        department: rec.department.clone(),
        complainant_name: rec.complainant_name.clone(),
        respondent: rec.complaint.doc.respondent.clone(),
        step: rec.complaint.doc.step.clone(),
        requests: rec.complaint.doc.requests.clone(),
        decision: rec.decision.clone()?,
    })
}

/// Published complaint decisions (public), newest first; one tender's with `tender`.
#[utoipa::path(get, path = "/v1/complaints/decisions", tag = "supervision", params(("tender" = Option<String>, Query)), responses((status = 200, body = Vec<PublicComplaintDecision>)))]
pub async fn decisions(State(s): State<AppState>, Query(q): Query<ListQuery>) -> Result<Json<Vec<PublicComplaintDecision>>> {
    let today = day_of(s.now());
    let mut conn = s.pool.acquire().await?;
    let rows =
        sqlx::query("SELECT * FROM complaints WHERE decision IS NOT NULL ORDER BY decided_at DESC, id").fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for r in &rows {
        if q.tender.as_deref().is_some_and(|t| r.try_get::<String, _>("tender_id").map(|x| x != t).unwrap_or(true)) {
            continue;
        }
        out.extend(public_of(&record_of(&mut conn, r, &today).await?));
    }
    Ok(Json(out))
}
