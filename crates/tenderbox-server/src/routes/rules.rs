//! The trading rules catalogue (交易规则): centre admins publish the laws, regulations and
//! local rules in force, each with its issuing body, document number and dates, and retire
//! them with a reason; everyone reads the list (the public portal shows it). Nothing is
//! deleted; every change is a public log event.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::{NewRule, Role, TextBody, TradingRule};

fn from_row(r: &sqlx::any::AnyRow) -> Result<TradingRule> {
    Ok(TradingRule {
        id: r.try_get("id")?,
        rule: NewRule {
            title: r.try_get("title")?,
            issuer: r.try_get("issuer")?,
            document_number: r.try_get("document_number")?,
            category: r.try_get("category")?,
            effective_from: Timestamp::from_unix(r.try_get("effective_from")?),
            effective_to: r.try_get::<Option<i64>, _>("effective_to")?.map(Timestamp::from_unix),
            url: r.try_get("url")?,
            summary: r.try_get("summary")?,
        },
        published_by: r.try_get("published_by")?,
        published_at: Timestamp::from_unix(r.try_get("published_at")?),
        retired_at: r.try_get::<Option<i64>, _>("retired_at")?.map(Timestamp::from_unix),
        retired_reason: r.try_get("retired_reason")?,
    })
}

#[derive(Deserialize)]
pub struct RulesQuery {
    /// Include retired rules.
    #[serde(default)]
    pub(crate) all: bool,
}

/// Public: the rules in force (with `?all=true`, the retired ones too), by effective date.
#[utoipa::path(get, path = "/v1/rules", tag = "rules", params(("all" = Option<bool>, Query)), responses((status = 200, body = Vec<TradingRule>)))]
pub async fn list(State(s): State<AppState>, Query(q): Query<RulesQuery>) -> Result<Json<Vec<TradingRule>>> {
    let rows = if q.all {
        sqlx::query("SELECT * FROM trading_rules ORDER BY effective_from DESC, id").fetch_all(&s.pool).await?
    } else {
        sqlx::query("SELECT * FROM trading_rules WHERE retired_at IS NULL ORDER BY effective_from DESC, id").fetch_all(&s.pool).await?
    };
    rows.iter().map(from_row).collect::<Result<Vec<_>>>().map(Json)
}

/// A centre admin publishes a rule.
#[utoipa::path(post, path = "/v1/rules", tag = "rules", request_body = NewRule, security(("bearer" = [])), responses((status = 200, body = TradingRule), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn publish(State(s): State<AppState>, caller: Caller, Json(b): Json<NewRule>) -> Result<Json<TradingRule>> {
    caller.require(Role::CentreAdmin)?;
    let b = NewRule {
        title: b.title.trim().into(),
        issuer: b.issuer.trim().into(),
        document_number: b.document_number.trim().into(),
        summary: b.summary.trim().into(),
        url: b.url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty()),
        ..b
    };
    if let Some(p) = b.problems().into_iter().next() {
        return Err(Error::BadRequest(
            match p.code.as_str() {
                "rule.category" => "rule.category",
                "rule.dates" => "rule.dates",
                "rule.url" => "rule.url",
                _ => "rule.field",
            },
            format!("{}: {}", p.path, p.message),
        ));
    }
    let id = super::random_hex(8);
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    sqlx::query("INSERT INTO trading_rules (id, title, issuer, document_number, category, effective_from, effective_to, url, summary, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(&id)
        .bind(&b.title)
        .bind(&b.issuer)
        .bind(&b.document_number)
        .bind(&b.category)
        .bind(b.effective_from.unix())
        .bind(b.effective_to.map(|t| t.unix()))
        .bind(&b.url)
        .bind(&b.summary)
        .bind(&caller.id)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(&mut tx, "rule.published", None, Audience::Public, now, json!({ "id": id, "title": b.title, "issuer": b.issuer, "document_number": b.document_number, "category": b.category, "effective_from": b.effective_from, "by": caller.id }))
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(TradingRule { id, rule: b, published_by: caller.id, published_at: now, retired_at: None, retired_reason: None }))
}

/// A centre admin retires a rule, with the reason (superseded, repealed…); it stays listed with `?all=true`.
#[utoipa::path(post, path = "/v1/rules/{id}/retire", tag = "rules", params(("id" = String, Path)), request_body = TextBody, security(("bearer" = [])), responses((status = 200, body = TradingRule), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn retire(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<TextBody>,
) -> Result<Json<TradingRule>> {
    caller.require(Role::CentreAdmin)?;
    let reason = b.text.trim().to_string();
    if reason.is_empty() {
        return Err(Error::BadRequest("rule.reason", "give the reason the rule is retired".into()));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let row = sqlx::query("SELECT * FROM trading_rules WHERE id = $1")
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound("rule.not_found", format!("no rule {id}")))?;
    if from_row(&row)?.retired_at.is_some() {
        return Err(Error::Conflict("rule.retired", "the rule is already retired".into()));
    }
    sqlx::query("UPDATE trading_rules SET retired_at = $1, retired_reason = $2 WHERE id = $3")
        .bind(now.unix())
        .bind(&reason)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    guard.append(&mut tx, "rule.retired", None, Audience::Public, now, json!({ "id": id, "reason": reason, "by": caller.id })).await?;
    let row = sqlx::query("SELECT * FROM trading_rules WHERE id = $1").bind(&id).fetch_one(&mut *tx).await?;
    let rule = from_row(&row)?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(rule))
}
