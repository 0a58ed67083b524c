//! The expert library (评标专家库), shared by the city centre and its six sub-centres.
//! Centre admins import experts from a spreadsheet (every row checked: the employer's
//! credit code, the centre, 8 years and a senior title; any bad row and nothing is
//! imported), list and export them, suspend, remove and reinstate them with a reason,
//! and keep the days each cannot serve. Supervisors read the library. Nothing is
//! deleted: each change is kept with who made it, and logged (without names).

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use tenderbox_core::expert_library::{ExpertRow, parse_csv, to_csv};
use tenderbox_core::time::Timestamp;
use tenderbox_wire::{ExpertAvailability, ExpertImportReport, ExpertRecord, ExpertStatusChange, Role};

fn from_row(r: &sqlx::any::AnyRow) -> Result<ExpertRecord> {
    let profile: String = r.try_get("profile")?;
    let unavailable: String = r.try_get("unavailable")?;
    Ok(ExpertRecord {
        profile: serde_json::from_str(&profile).map_err(Error::internal)?,
        status: r.try_get("status")?,
        suspended_until: r.try_get::<Option<i64>, _>("suspended_until")?.map(Timestamp::from_unix),
        status_reason: r.try_get("status_reason")?,
        unavailable: serde_json::from_str(&unavailable).map_err(Error::internal)?,
        identity: r.try_get("identity_id")?,
        ratings: 0,
        rating_average: None,
        updated_at: Timestamp::from_unix(r.try_get("updated_at")?),
    })
}

fn may_read(caller: &Caller) -> Result<()> {
    if caller.has(Role::CentreAdmin) || caller.has(Role::Supervisor) {
        Ok(())
    } else {
        Err(Error::Forbidden("auth.role", "the expert library is for centre admins and supervisors".into()))
    }
}

async fn record_change(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    code: &str,
    kind: &str,
    detail: serde_json::Value,
    by: &str,
    at: Timestamp,
) -> Result<()> {
    sqlx::query("INSERT INTO expert_changes (id, code, kind, detail, by_identity, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(super::random_hex(12))
        .bind(code)
        .bind(kind)
        .bind(detail.to_string())
        .bind(by)
        .bind(at.unix())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A centre admin imports experts from CSV (the body, UTF-8; columns as
/// `tenderbox_core::expert_library::COLUMNS`). Every bad row is reported by its line; a
/// code already in the library is a bad row too; then nothing is imported.
#[utoipa::path(post, path = "/v1/experts/import", tag = "experts", request_body(content = String, content_type = "text/csv"), security(("bearer" = [])), responses((status = 200, body = ExpertImportReport), (status = "4XX", description = "refused, with a stable code and every bad row by line", body = tenderbox_wire::ApiError)))]
pub async fn import(State(s): State<AppState>, caller: Caller, body: String) -> Result<Json<ExpertImportReport>> {
    caller.require(Role::CentreAdmin)?;
    let report = |errors: Vec<tenderbox_core::expert_library::RowError>| {
        let lines: Vec<String> = errors.iter().map(|e| format!("line {} {} [{}]: {}", e.line, e.column, e.code, e.message)).collect();
        Error::BadRequest("expert.import", format!("{} bad row(s), nothing imported:\n{}", errors.len(), lines.join("\n")))
    };
    let rows = parse_csv(&body).map_err(report)?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    // One read of the codes already in the library, not one query per row.
    let existing: std::collections::HashSet<String> =
        sqlx::query_scalar::<_, String>("SELECT code FROM experts").fetch_all(&mut *tx).await?.into_iter().collect();
    let taken: Vec<_> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| existing.contains(&r.code))
        .map(|(i, r)| tenderbox_core::expert_library::RowError {
            line: i as u64 + 2,
            column: "code".into(),
            code: "expert.duplicate".into(),
            message: format!("'{}' is already in the library", r.code),
        })
        .collect();
    if !taken.is_empty() {
        return Err(report(taken));
    }
    for r in &rows {
        sqlx::query("INSERT INTO experts (code, profile, centre, status, suspended_until, status_reason, unavailable, identity_id, created_at, updated_at) VALUES ($1, $2, $3, 'active', NULL, NULL, '[]', NULL, $4, $4)")
            .bind(&r.code)
            .bind(serde_json::to_string(r).map_err(Error::internal)?)
            .bind(&r.centre)
            .bind(now.unix())
            .execute(&mut *tx)
            .await?;
        record_change(&mut tx, &r.code, "admitted", json!({ "profile": r }), &caller.id, now).await?;
    }
    let codes: Vec<String> = rows.iter().map(|r| r.code.clone()).collect();
    guard
        .append(&mut tx, "expert.imported", None, Audience::Public, now, json!({ "count": codes.len(), "codes": codes, "by": caller.id }))
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(ExpertImportReport { imported: codes.len() as u32, codes }))
}

#[derive(Deserialize)]
pub struct ListQuery {
    centre: Option<String>,
    specialty: Option<String>,
    status: Option<String>,
    /// Part of the name, code or employer.
    q: Option<String>,
}

async fn all(s: &AppState) -> Result<Vec<ExpertRecord>> {
    let rows = sqlx::query("SELECT * FROM experts ORDER BY code").fetch_all(&s.pool).await?;
    let mut out = rows.iter().map(from_row).collect::<Result<Vec<_>>>()?;
    let sums =
        sqlx::query("SELECT expert, COUNT(*) AS n, SUM(punctuality + diligence + fairness) AS total FROM expert_ratings GROUP BY expert")
            .fetch_all(&s.pool)
            .await?;
    let mut by: std::collections::HashMap<String, (i64, i64)> = std::collections::HashMap::new();
    for r in &sums {
        by.insert(r.try_get("expert")?, (r.try_get("n")?, r.try_get("total")?));
    }
    for e in &mut out {
        if let Some((n, total)) = by.get(&e.profile.code) {
            e.ratings = *n as u32;
            e.rating_average = Some(average(*total, *n));
        }
    }
    Ok(out)
}

/// The average of `n` ratings of three criteria summing to `total`, exactly, to two
/// decimals, half up: `total / (3 n)`.
pub fn average(total: i64, n: i64) -> String {
    let den = 3 * n;
    let hundredths = (2 * total * 100 + den) / (2 * den);
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn rating_from_row(r: &sqlx::any::AnyRow) -> Result<tenderbox_wire::ExpertRating> {
    Ok(tenderbox_wire::ExpertRating {
        draw: r.try_get("draw_id")?,
        tender: r.try_get("tender_id")?,
        expert: r.try_get("expert")?,
        rater: r.try_get("rater")?,
        rater_role: r.try_get("rater_role")?,
        punctuality: r.try_get::<i32, _>("punctuality")? as u8,
        diligence: r.try_get::<i32, _>("diligence")? as u8,
        fairness: r.try_get::<i32, _>("fairness")? as u8,
        note: r.try_get("note")?,
        at: Timestamp::from_unix(r.try_get("at")?),
    })
}

/// An expert's ratings, newest first: centre admins, supervisors, and the expert.
#[utoipa::path(get, path = "/v1/experts/{code}/ratings", tag = "experts", params(("code" = String, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<tenderbox_wire::ExpertRating>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn ratings(
    State(s): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
) -> Result<Json<Vec<tenderbox_wire::ExpertRating>>> {
    if may_read(&caller).is_err() {
        let own: Option<String> =
            sqlx::query_scalar("SELECT identity_id FROM experts WHERE code = $1").bind(&code).fetch_optional(&s.pool).await?.flatten();
        if own.as_deref() != Some(caller.id.as_str()) {
            return Err(Error::Forbidden("auth.role", "an expert's ratings are for centre admins, supervisors and the expert".into()));
        }
    }
    let rows = sqlx::query(
        "SELECT r.*, d.tender_id FROM expert_ratings r JOIN draws d ON d.id = r.draw_id WHERE r.expert = $1 ORDER BY r.at DESC, r.id",
    )
    .bind(&code)
    .fetch_all(&s.pool)
    .await?;
    rows.iter().map(rating_from_row).collect::<Result<Vec<_>>>().map(Json)
}

/// The library with filters: centre, specialty (a code serves its deeper codes), status,
/// and a search over name, code and employer (centre admins, supervisors).
#[utoipa::path(get, path = "/v1/experts", tag = "experts", params(("centre" = Option<String>, Query), ("specialty" = Option<String>, Query), ("status" = Option<String>, Query), ("q" = Option<String>, Query)), security(("bearer" = [])), responses((status = 200, body = Vec<ExpertRecord>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn list(State(s): State<AppState>, caller: Caller, Query(q): Query<ListQuery>) -> Result<Json<Vec<ExpertRecord>>> {
    may_read(&caller)?;
    let keep = |e: &ExpertRecord| {
        q.centre.as_ref().is_none_or(|c| e.profile.centre == *c)
            && q.status.as_ref().is_none_or(|st| e.status == *st)
            && q.specialty.as_ref().is_none_or(|sp| e.profile.specialties.iter().any(|x| tenderbox_core::experts::specialty_serves(x, sp)))
            && q.q.as_ref().is_none_or(|t| {
                e.profile.name.contains(t.as_str()) || e.profile.code.contains(t.as_str()) || e.profile.employer_name.contains(t.as_str())
            })
    };
    Ok(Json(all(&s).await?.into_iter().filter(keep).collect()))
}

/// The whole library as CSV, in the import's columns (centre admins).
#[utoipa::path(get, path = "/v1/experts/export", tag = "experts", security(("bearer" = [])), responses((status = 200, description = "CSV", content_type = "text/csv"), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn export(State(s): State<AppState>, caller: Caller) -> Result<([(axum::http::HeaderName, &'static str); 1], String)> {
    caller.require(Role::CentreAdmin)?;
    let rows: Vec<ExpertRow> = all(&s).await?.into_iter().map(|e| e.profile).collect();
    Ok(([(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")], to_csv(&rows)))
}

async fn load(tx: &mut sqlx::Transaction<'_, sqlx::Any>, code: &str) -> Result<ExpertRecord> {
    one(tx, code).await
}

/// One library entry.
pub async fn one(conn: &mut sqlx::AnyConnection, code: &str) -> Result<ExpertRecord> {
    let row = sqlx::query("SELECT * FROM experts WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound("expert.not_found", format!("no expert {code} in the library")))?;
    from_row(&row)
}

/// A centre admin suspends (until a date), removes or reinstates an expert, with the reason.
#[utoipa::path(post, path = "/v1/experts/{code}/status", tag = "experts", params(("code" = String, Path)), request_body = ExpertStatusChange, security(("bearer" = [])), responses((status = 200, body = ExpertRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn set_status(
    State(s): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Json(b): Json<ExpertStatusChange>,
) -> Result<Json<ExpertRecord>> {
    caller.require(Role::CentreAdmin)?;
    let reason = b.reason.trim().to_string();
    if reason.is_empty() {
        return Err(Error::BadRequest("expert.reason", "give the reason for the change".into()));
    }
    let now = s.now();
    let until = match (b.status.as_str(), b.until) {
        ("suspended", Some(t)) if t > now => Some(t),
        ("suspended", _) => return Err(Error::BadRequest("expert.status", "a suspension needs its end, after now".into())),
        ("active" | "removed", _) => None,
        (other, _) => return Err(Error::BadRequest("expert.status", format!("'{other}' is not active, suspended or removed"))),
    };
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let before = load(&mut tx, &code).await?;
    if before.status == "removed" {
        return Err(Error::Conflict(
            "expert.removed",
            format!("{code} was removed from the library ({})", before.status_reason.unwrap_or_default()),
        ));
    }
    sqlx::query("UPDATE experts SET status = $1, suspended_until = $2, status_reason = $3, updated_at = $4 WHERE code = $5")
        .bind(&b.status)
        .bind(until.map(|t| t.unix()))
        .bind(&reason)
        .bind(now.unix())
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    record_change(&mut tx, &code, &b.status, json!({ "until": until, "reason": reason, "was": before.status }), &caller.id, now).await?;
    guard
        .append(
            &mut tx,
            "expert.status",
            None,
            Audience::Public,
            now,
            json!({ "code": code, "status": b.status, "until": until, "by": caller.id }),
        )
        .await?;
    let rec = load(&mut tx, &code).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(rec))
}

/// The caller's own library entry (an expert whose evaluator identity is linked).
#[utoipa::path(get, path = "/v1/experts/me", tag = "experts", security(("bearer" = [])), responses((status = 200, body = ExpertRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn me(State(s): State<AppState>, caller: Caller) -> Result<Json<ExpertRecord>> {
    let code: String =
        sqlx::query_scalar("SELECT code FROM experts WHERE identity_id = $1").bind(&caller.id).fetch_optional(&s.pool).await?.ok_or_else(
            || Error::NotFound("expert.not_found", "this identity is not linked to an expert of the library; ask the centre".into()),
        )?;
    Ok(Json(all(&s).await?.into_iter().find(|e| e.profile.code == code).ok_or_else(|| Error::Internal("linked expert vanished".into()))?))
}

/// The days an expert cannot serve (the list replaces the old one): kept by a centre
/// admin, or by the expert for themselves.
#[utoipa::path(put, path = "/v1/experts/{code}/availability", tag = "experts", params(("code" = String, Path)), request_body = ExpertAvailability, security(("bearer" = [])), responses((status = 200, body = ExpertRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn set_availability(
    State(s): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Json(b): Json<ExpertAvailability>,
) -> Result<Json<ExpertRecord>> {
    if !caller.has(Role::CentreAdmin) {
        let own: Option<String> =
            sqlx::query_scalar("SELECT identity_id FROM experts WHERE code = $1").bind(&code).fetch_optional(&s.pool).await?.flatten();
        if own.as_deref() != Some(caller.id.as_str()) {
            return Err(Error::Forbidden("auth.role", "an expert's days are kept by a centre admin or by the expert".into()));
        }
    }
    let mut days = b.unavailable.clone();
    days.sort();
    days.dedup();
    if days.len() > 366 || days.iter().any(|d| !tenderbox_core::time::is_date(d)) {
        return Err(Error::BadRequest("expert.availability", "give up to 366 dates as YYYY-MM-DD".into()));
    }
    let now = s.now();
    let mut tx = s.pool.begin().await?;
    load(&mut tx, &code).await?;
    sqlx::query("UPDATE experts SET unavailable = $1, updated_at = $2 WHERE code = $3")
        .bind(serde_json::to_string(&days).map_err(Error::internal)?)
        .bind(now.unix())
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    record_change(&mut tx, &code, "availability", json!({ "unavailable": days }), &caller.id, now).await?;
    let rec = load(&mut tx, &code).await?;
    tx.commit().await?;
    Ok(Json(rec))
}
