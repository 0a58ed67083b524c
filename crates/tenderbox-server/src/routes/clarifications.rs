//! Clarifications (招标文件澄清, 招标投标法 Art. 23): a bidder asks about a tender
//! before its deadline; the tender's agency answers; the answer is published to
//! everyone — in the log and to every client — without naming the asker, which
//! only the asker's own view shows.

use crate::AppState;
use crate::auth::{Caller, MaybeCaller};
use crate::error::{Error, Result};
use crate::log::Audience;
use crate::routes::tenders;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::json;
use sqlx::Row;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::{Clarification, Role, TextBody};

/// Longest question or answer, in characters.
const MAX_TEXT: usize = 2000;

fn text_of(b: &TextBody, empty: &'static str) -> Result<String> {
    let t = b.text.trim();
    if t.is_empty() {
        return Err(Error::BadRequest(empty, "write the text".into()));
    }
    if t.chars().count() > MAX_TEXT {
        return Err(Error::BadRequest("clarification.too_long", format!("at most {MAX_TEXT} characters")));
    }
    Ok(t.to_string())
}

pub(crate) fn from_row(r: &sqlx::any::AnyRow, caller: Option<&str>) -> Result<Clarification> {
    Ok(Clarification {
        id: r.try_get("id")?,
        tender: r.try_get("tender_id")?,
        question: r.try_get("question")?,
        asked_at: Timestamp::from_unix(r.try_get("asked_at")?),
        answer: r.try_get("answer")?,
        answered_at: r.try_get::<Option<i64>, _>("answered_at")?.map(Timestamp::from_unix),
        mine: caller.is_some_and(|c| r.try_get::<String, _>("asker_id").is_ok_and(|a| a == c)),
    })
}

#[utoipa::path(post, path = "/v1/tenders/{id}/clarifications", tag = "tenders", params(("id" = String, Path)), request_body = TextBody, security(("bearer" = [])), responses((status = 200, body = Clarification), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn ask(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<TextBody>,
) -> Result<Json<Clarification>> {
    caller.require(Role::Bidder)?;
    let question = text_of(&b, "clarification.empty")?;
    let mut conn = s.pool.acquire().await?;
    let t = tenders::load(&mut conn, &id).await?;
    drop(conn);
    if s.now() >= t.document.deadline {
        return Err(Error::Conflict("clarification.closed", "the deadline has passed; questions are closed".into()));
    }
    let cid = super::random_hex(8);
    let now = s.now();
    sqlx::query("INSERT INTO clarifications (id, tender_id, asker_id, question, asked_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&cid)
        .bind(&id)
        .bind(&caller.id)
        .bind(&question)
        .bind(now.unix())
        .execute(&s.pool)
        .await?;
    Ok(Json(Clarification { id: cid, tender: id, question, asked_at: now, answer: None, answered_at: None, mine: true }))
}

#[utoipa::path(get, path = "/v1/tenders/{id}/clarifications", tag = "tenders", params(("id" = String, Path)), responses((status = 200, body = Vec<Clarification>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn list(State(s): State<AppState>, MaybeCaller(caller): MaybeCaller, Path(id): Path<String>) -> Result<Json<Vec<Clarification>>> {
    let mut conn = s.pool.acquire().await?;
    let t = tenders::load(&mut conn, &id).await?;
    drop(conn);
    let me = caller.as_ref().map(|c| c.id.as_str());
    let agency = me == Some(t.agency_id.as_str());
    let rows = sqlx::query("SELECT * FROM clarifications WHERE tender_id = $1 ORDER BY asked_at, id").bind(&id).fetch_all(&s.pool).await?;
    let mut out = Vec::new();
    for r in &rows {
        let c = from_row(r, me)?;
        // Everyone sees answered questions; the agency every question; the asker its own.
        if c.answer.is_some() || agency || c.mine {
            out.push(c);
        }
    }
    Ok(Json(out))
}

#[utoipa::path(post, path = "/v1/tenders/{id}/clarifications/{cid}/answer", tag = "tenders", params(("id" = String, Path), ("cid" = String, Path)), request_body = TextBody, security(("bearer" = [])), responses((status = 200, body = Clarification), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn answer(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, cid)): Path<(String, String)>,
    Json(b): Json<TextBody>,
) -> Result<Json<Clarification>> {
    let text = text_of(&b, "clarification.empty")?;
    let mut conn = s.pool.acquire().await?;
    let t = tenders::load(&mut conn, &id).await?;
    drop(conn);
    if t.agency_id != caller.id {
        return Err(Error::Forbidden("auth.role", "only the tender's agency answers its clarifications".into()));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let row = sqlx::query("SELECT * FROM clarifications WHERE id = $1 AND tender_id = $2")
        .bind(&cid)
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound("clarification.not_found", "no such question".into()))?;
    let mut c = from_row(&row, None)?;
    if c.answer.is_some() {
        return Err(Error::Conflict("clarification.answered", "this question is already answered".into()));
    }
    let now = s.now();
    sqlx::query("UPDATE clarifications SET answer = $1, answered_at = $2 WHERE id = $3 AND answer IS NULL")
        .bind(&text)
        .bind(now.unix())
        .bind(&cid)
        .execute(&mut *tx)
        .await?;
    // Published to everyone, without the asker.
    guard
        .append(&mut tx, "tender.clarified", Some(&id), Audience::Public, now, json!({ "id": cid, "question": c.question, "answer": text }))
        .await?;
    tx.commit().await?;
    guard.commit();
    c.answer = Some(text);
    c.answered_at = Some(now);
    Ok(Json(c))
}
