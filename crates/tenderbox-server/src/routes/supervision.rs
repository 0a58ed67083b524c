//! Supervision of a tender after its opening: the collusion signals (招标投标法实施条例
//! Art. 40) computed once from what the platform holds — the opened bids' attachments and
//! prices, the network addresses their uploads came from (the audit trail), the accounts
//! their deposits came from — and the alerts a supervisor raises from its own app (the
//! machine fingerprints are sealed to supervision). Each alert is a lead with its evidence;
//! a supervisor records a signed decision with reasons. Supervisors and centre admins read
//! them; nobody else does.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::json;
use sqlx::Row;
use std::collections::{BTreeMap, HashSet};
use tenderbox_core::collusion::{self, AlertDecision, BidFacts, FINDINGS, PriceRule};
use tenderbox_core::complaint::{Department, department_for};
use tenderbox_core::statistics::TenderFact;
use tenderbox_core::tender::TradingType;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::package::Manifest;
use tenderbox_seal::signed::SignedDoc;
use tenderbox_wire::{AuditHit, CollusionAlert, Departments, RaiseAlert, Role, Statistics, SupervisedTender, SupervisionOverview};

use super::review::check_signed;

fn may_read(caller: &Caller) -> Result<()> {
    if caller.has(Role::Supervisor) || caller.has(Role::CentreAdmin) {
        Ok(())
    } else {
        Err(Error::Forbidden("auth.role", "collusion alerts are for supervisors and centre admins".into()))
    }
}

/// The peer address without its port.
fn host_of(remote: &str) -> String {
    match remote.parse::<std::net::SocketAddr>() {
        Ok(a) => a.ip().to_string(),
        Err(_) => remote.to_string(),
    }
}

/// What the platform knows of each opened bid of `tender`.
async fn facts(conn: &mut sqlx::AnyConnection, tender: &str) -> Result<Vec<BidFacts>> {
    let bids = sqlx::query(
        "SELECT b.bidder_id, b.manifest, i.uscc FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND b.status = 'active' AND b.manifest IS NOT NULL ORDER BY i.uscc",
    )
    .bind(tender)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for b in &bids {
        let uscc: String = b.try_get("uscc")?;
        let m: Manifest = serde_json::from_str(&b.try_get::<String, _>("manifest")?).map_err(Error::internal)?;
        // Every upload request of this company for this tender (any of its identities).
        let uploads: Vec<String> =
            sqlx::query_scalar("SELECT u.id FROM uploads u JOIN identities i ON i.id = u.bidder_id WHERE u.tender_id = $1 AND i.uscc = $2")
                .bind(tender)
                .bind(&uscc)
                .fetch_all(&mut *conn)
                .await?;
        let mut addresses = std::collections::BTreeSet::new();
        for u in &uploads {
            let rows: Vec<String> = sqlx::query_scalar("SELECT remote FROM audit WHERE path = $1 OR path = $2")
                .bind(format!("/v1/uploads/{u}"))
                .bind(format!("/v1/uploads/{u}/complete"))
                .fetch_all(&mut *conn)
                .await?;
            addresses.extend(rows.iter().map(|r| host_of(r)));
        }
        let payers: Vec<String> = sqlx::query_scalar("SELECT DISTINCT payer_account FROM deposits WHERE tender_id = $1 AND bidder = $2")
            .bind(tender)
            .bind(&uscc)
            .fetch_all(&mut *conn)
            .await?;
        out.push(BidFacts {
            bidder: uscc,
            machine: vec![],
            files: m.attachments.iter().map(|a| (a.name.clone(), a.sha256.clone())).collect(),
            addresses: addresses.into_iter().collect(),
            tool: None,
            prices: m.lots.iter().map(|l| (l.lot.clone(), l.price)).collect(),
            people: vec![],
            payers,
        });
    }
    Ok(out)
}

async fn alerts_of(conn: &mut sqlx::AnyConnection, tender: &str) -> Result<Vec<CollusionAlert>> {
    let rows = sqlx::query("SELECT * FROM collusion_alerts WHERE tender_id = $1 ORDER BY raised_at, rule, id")
        .bind(tender)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(CollusionAlert {
                id: r.try_get("id")?,
                tender: r.try_get("tender_id")?,
                rule: r.try_get("rule")?,
                bidders: serde_json::from_str(&r.try_get::<String, _>("bidders")?).map_err(Error::internal)?,
                evidence: r.try_get("evidence")?,
                raised_by: r.try_get("raised_by")?,
                raised_at: Timestamp::from_unix(r.try_get("raised_at")?),
                decision: r
                    .try_get::<Option<String>, _>("decision")?
                    .map(|d| serde_json::from_str(&d))
                    .transpose()
                    .map_err(Error::internal)?,
            })
        })
        .collect()
}

async fn insert_alert(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    tender: &str,
    a: &collusion::Alert,
    by: Option<&str>,
    now: Timestamp,
) -> Result<String> {
    let id = super::random_hex(12);
    sqlx::query("INSERT INTO collusion_alerts (id, tender_id, rule, bidders, evidence, raised_by, raised_at, decision, decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, NULL)")
        .bind(&id)
        .bind(tender)
        .bind(&a.rule)
        .bind(serde_json::to_string(&a.bidders).map_err(Error::internal)?)
        .bind(&a.evidence)
        .bind(by)
        .bind(now.unix())
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

/// The collusion alerts of a tender (supervisors, centre admins): computed once the opening
/// record exists, then kept with the decisions.
#[utoipa::path(get, path = "/v1/tenders/{id}/alerts", tag = "supervision", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<CollusionAlert>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn alerts(State(s): State<AppState>, caller: Caller, Path(tender): Path<String>) -> Result<Json<Vec<CollusionAlert>>> {
    may_read(&caller)?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    ensure_in_scope(&mut tx, &caller, &tender).await?;
    let t = super::tenders::load(&mut tx, &tender).await?;
    let opened: Option<String> =
        sqlx::query_scalar("SELECT tender_id FROM openings WHERE tender_id = $1").bind(&tender).fetch_optional(&mut *tx).await?;
    if opened.is_none() {
        return Err(Error::Conflict("opening.not_yet", format!("the collusion signals of {tender} are computed after its opening record")));
    }
    let done: Option<i64> =
        sqlx::query_scalar("SELECT computed_at FROM collusion_runs WHERE tender_id = $1").bind(&tender).fetch_optional(&mut *tx).await?;
    if done.is_none() {
        let bids = facts(&mut tx, &tender).await?;
        let package: HashSet<String> = t.document.files.iter().map(|f| f.sha256.clone()).collect();
        let ceilings: BTreeMap<String, tenderbox_core::Decimal> =
            t.document.lots.iter().filter_map(|l| l.ceiling_price.map(|c| (l.id.clone(), c))).collect();
        let found = collusion::signals(&bids, &package, &ceilings, PriceRule::default());
        for a in &found {
            insert_alert(&mut tx, &tender, a, None, now).await?;
        }
        sqlx::query("INSERT INTO collusion_runs (tender_id, computed_at) VALUES ($1, $2)")
            .bind(&tender)
            .bind(now.unix())
            .execute(&mut *tx)
            .await?;
        // The log records that the signals were computed and how many, never who.
        guard
            .append(
                &mut tx,
                "supervision.signals",
                Some(&tender),
                Audience::Identity(caller.id.clone()),
                now,
                json!({ "bids": bids.len(), "alerts": found.len() }),
            )
            .await?;
    }
    let list = alerts_of(&mut tx, &tender).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(list))
}

/// A supervisor raises an alert its own app found (the same machine fingerprint), naming
/// the tender's bidders and the evidence.
#[utoipa::path(post, path = "/v1/tenders/{id}/alerts", tag = "supervision", params(("id" = String, Path)), request_body = RaiseAlert, security(("bearer" = [])), responses((status = 200, body = CollusionAlert), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn raise(
    State(s): State<AppState>,
    caller: Caller,
    Path(tender): Path<String>,
    Json(req): Json<RaiseAlert>,
) -> Result<Json<CollusionAlert>> {
    caller.require(Role::Supervisor)?;
    if !collusion::RAISED_RULES.contains(&req.rule.as_str()) {
        return Err(Error::BadRequest(
            "alert.rule",
            format!(
                "a supervisor raises {} alerts (from the sealed fingerprints); the others are computed by the platform",
                collusion::RAISED_RULES.join(", ")
            ),
        ));
    }
    let mut bidders = req.bidders.clone();
    bidders.sort();
    bidders.dedup();
    if bidders.len() < 2 || req.evidence.trim().is_empty() {
        return Err(Error::BadRequest("alert.rule", "an alert names at least two bidders and its evidence".into()));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    ensure_in_scope(&mut tx, &caller, &tender).await?;
    for b in &bidders {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM bids x JOIN identities i ON i.id = x.bidder_id WHERE x.tender_id = $1 AND i.uscc = $2 AND x.status = 'active'")
            .bind(&tender)
            .bind(b)
            .fetch_one(&mut *tx)
            .await?;
        if n == 0 {
            return Err(Error::BadRequest("alert.rule", format!("{b} has no bid in tender {tender}")));
        }
    }
    let a = collusion::Alert { rule: req.rule, bidders, evidence: req.evidence.trim().to_string() };
    // Raising the same finding again (a retry, a second look) returns the alert raised.
    let same: Option<String> =
        sqlx::query_scalar("SELECT id FROM collusion_alerts WHERE tender_id = $1 AND rule = $2 AND bidders = $3 AND evidence = $4")
            .bind(&tender)
            .bind(&a.rule)
            .bind(serde_json::to_string(&a.bidders).map_err(Error::internal)?)
            .bind(&a.evidence)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(id) = same {
        let list = alerts_of(&mut tx, &tender).await?;
        return list.into_iter().find(|x| x.id == id).map(Json).ok_or_else(|| Error::internal("raised alert vanished"));
    }
    let id = insert_alert(&mut tx, &tender, &a, Some(&caller.id), now).await?;
    guard
        .append(
            &mut tx,
            "supervision.alert",
            Some(&tender),
            Audience::Identity(caller.id.clone()),
            now,
            json!({ "alert": id, "rule": a.rule }),
        )
        .await?;
    let list = alerts_of(&mut tx, &tender).await?;
    tx.commit().await?;
    guard.commit();
    list.into_iter().find(|x| x.id == id).map(Json).ok_or_else(|| Error::internal("raised alert vanished"))
}

/// A supervisor records the decision on an alert, signed, with the reasons. Once decided an
/// alert stays decided (a new finding is a new alert).
#[utoipa::path(post, path = "/v1/alerts/{id}/decision", tag = "supervision", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<AlertDecision>"), security(("bearer" = [])), responses((status = 200, body = CollusionAlert), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn decide(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<AlertDecision>>,
) -> Result<Json<CollusionAlert>> {
    caller.require(Role::Supervisor)?;
    let d = &signed.doc;
    if d.alert != id || !FINDINGS.contains(&d.finding.as_str()) || d.reasons.trim().is_empty() || d.reasons.chars().count() > 5000 {
        return Err(Error::BadRequest(
            "alert.decision",
            format!("a decision names this alert, one of {} and its reasons (up to 5000 characters)", FINDINGS.join(", ")),
        ));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    check_signed(&mut tx, &caller, &signed)
        .await
        .map_err(|_| Error::BadRequest("alert.decision", "the decision is not signed by your identity".into()))?;
    let r = sqlx::query("SELECT tender_id, decision FROM collusion_alerts WHERE id = $1")
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound("alert.not_found", format!("there is no alert {id}")))?;
    if r.try_get::<Option<String>, _>("decision")?.is_some() {
        return Err(Error::Conflict("alert.decided", format!("alert {id} is decided already")));
    }
    let tender: String = r.try_get("tender_id")?;
    ensure_in_scope(&mut tx, &caller, &tender).await?;
    sqlx::query("UPDATE collusion_alerts SET decision = $1, decided_by = $2, decided_at = $3 WHERE id = $4")
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(&caller.id)
        .bind(now.unix())
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "supervision.decision",
            Some(&tender),
            Audience::Public,
            now,
            json!({ "alert": id, "finding": d.finding, "by": caller.id, "signature": signed.signature }),
        )
        .await?;
    let list = alerts_of(&mut tx, &tender).await?;
    tx.commit().await?;
    guard.commit();
    list.into_iter().find(|x| x.id == id).map(Json).ok_or_else(|| Error::internal("decided alert vanished"))
}

/// The departments the caller supervises: `None` for the comprehensive office (a supervisor
/// with no department assigned) and for centre admins, who see every trading type.
pub(crate) async fn scope(conn: &mut sqlx::AnyConnection, caller: &Caller) -> Result<Option<Vec<Department>>> {
    if !caller.has(Role::Supervisor) {
        return Ok(None);
    }
    let rows: Vec<String> = sqlx::query_scalar("SELECT department FROM supervisor_departments WHERE identity_id = $1 ORDER BY department")
        .bind(&caller.id)
        .fetch_all(&mut *conn)
        .await?;
    let list: Vec<Department> = rows.iter().filter_map(|d| Department::parse(d)).collect();
    Ok(if list.is_empty() { None } else { Some(list) })
}

/// **supervision.scope**: a supervising department sees and acts on the trading types it
/// supervises; the comprehensive office on all.
pub(crate) fn covers(scope: &Option<Vec<Department>>, t: TradingType) -> bool {
    scope.as_ref().is_none_or(|d| d.contains(&department_for(t)))
}

pub(crate) fn trading_type(s: &str) -> Result<TradingType> {
    tenderbox_core::credit::trading_type_of(s).ok_or_else(|| Error::internal(format!("unknown trading type {s}")))
}

/// Refuses a supervisor outside the tender's department (the tender stays unnamed to it).
pub(crate) async fn ensure_in_scope(conn: &mut sqlx::AnyConnection, caller: &Caller, tender: &str) -> Result<TradingType> {
    let t: Option<String> =
        sqlx::query_scalar("SELECT trading_type FROM tenders WHERE id = $1").bind(tender).fetch_optional(&mut *conn).await?;
    let t = trading_type(&t.ok_or_else(|| Error::NotFound("tender.not_found", format!("no tender {tender}")))?)?;
    let sc = scope(conn, caller).await?;
    if covers(&sc, t) {
        Ok(t)
    } else {
        Err(Error::Forbidden(
            "supervision.scope",
            format!(
                "tender {tender} is supervised by {}; your identity supervises {}",
                department_for(t).as_str(),
                sc.unwrap_or_default().iter().map(|d| d.as_str()).collect::<Vec<_>>().join(", ")
            ),
        ))
    }
}

/// A centre admin assigns a supervisor identity its departments (none: the comprehensive
/// office). Logged publicly: who supervises what is not a secret.
#[utoipa::path(put, path = "/v1/identities/{id}/departments", tag = "supervision", params(("id" = String, Path)), request_body = Departments, security(("bearer" = [])), responses((status = 200, body = Departments), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn set_departments(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<Departments>,
) -> Result<Json<Departments>> {
    caller.require(Role::CentreAdmin)?;
    let mut list = Vec::new();
    for d in &req.departments {
        let dep = Department::parse(d).ok_or_else(|| {
            Error::BadRequest(
                "supervision.department",
                format!("'{d}' is not a department: development, finance, natural_resources or state_assets"),
            )
        })?;
        if !list.contains(&dep) {
            list.push(dep);
        }
    }
    list.sort_by_key(|d| d.as_str());
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let roles: Option<String> =
        sqlx::query_scalar("SELECT roles FROM identities WHERE id = $1 AND status = 'approved'").bind(&id).fetch_optional(&mut *tx).await?;
    let roles = roles.ok_or_else(|| Error::NotFound("identity.not_found", format!("no approved identity {id}")))?;
    if !crate::auth::parse_roles(&roles).contains(&Role::Supervisor) {
        return Err(Error::BadRequest("supervision.department", format!("identity {id} is not a supervisor")));
    }
    sqlx::query("DELETE FROM supervisor_departments WHERE identity_id = $1").bind(&id).execute(&mut *tx).await?;
    for d in &list {
        sqlx::query("INSERT INTO supervisor_departments (identity_id, department, assigned_by, assigned_at) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(d.as_str())
            .bind(&caller.id)
            .bind(now.unix())
            .execute(&mut *tx)
            .await?;
    }
    let names: Vec<String> = list.iter().map(|d| d.as_str().to_string()).collect();
    guard
        .append(
            &mut tx,
            "supervision.departments",
            None,
            Audience::Public,
            now,
            json!({ "identity": id, "departments": names, "by": caller.id }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(Departments { departments: names }))
}

/// The supervisor's overview: its departments and every published tender they supervise,
/// newest deadline first, with the alerts and complaints waiting for a decision.
#[utoipa::path(get, path = "/v1/supervision/tenders", tag = "supervision", security(("bearer" = [])), responses((status = 200, body = SupervisionOverview), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn overview(State(s): State<AppState>, caller: Caller) -> Result<Json<SupervisionOverview>> {
    may_read(&caller)?;
    let mut conn = s.pool.acquire().await?;
    let sc = scope(&mut conn, &caller).await?;
    let rows = sqlx::query(
        "SELECT t.id, t.title, t.centre, t.trading_type, t.status, t.deadline,
            (SELECT COUNT(*) FROM openings o WHERE o.tender_id = t.id) AS opened,
            (SELECT COUNT(*) FROM bids b WHERE b.tender_id = t.id AND b.status = 'active') AS bids,
            (SELECT COUNT(*) FROM collusion_alerts a WHERE a.tender_id = t.id) AS alerts,
            (SELECT COUNT(*) FROM collusion_alerts a WHERE a.tender_id = t.id AND a.decision IS NULL) AS alerts_open,
            (SELECT COUNT(*) FROM complaints c WHERE c.tender_id = t.id) AS complaints,
            (SELECT COUNT(*) FROM complaints c WHERE c.tender_id = t.id AND c.decision IS NULL AND (c.accepted IS NULL OR c.accepted = 1)) AS complaints_open
         FROM tenders t ORDER BY t.deadline DESC, t.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut tenders = Vec::new();
    for r in &rows {
        let t = trading_type(&r.try_get::<String, _>("trading_type")?)?;
        if !covers(&sc, t) {
            continue;
        }
        let opened = r.try_get::<i64, _>("opened")? > 0;
        let n = |c: &str| -> Result<u32> { Ok(r.try_get::<i64, _>(c)? as u32) };
        tenders.push(SupervisedTender {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            centre: r.try_get("centre")?,
            trading_type: r.try_get("trading_type")?,
            department: department_for(t).as_str().into(),
            status: r.try_get("status")?,
            deadline: Timestamp::from_unix(r.try_get("deadline")?),
            opened,
            // Nobody learns how many bids a tender holds before its opening.
            bids: if opened { n("bids")? } else { 0 },
            alerts: n("alerts")?,
            alerts_open: n("alerts_open")?,
            complaints: n("complaints")?,
            complaints_open: n("complaints_open")?,
        });
    }
    Ok(Json(SupervisionOverview { departments: sc.unwrap_or_default().iter().map(|d| d.as_str().to_string()).collect(), tenders }))
}

#[derive(serde::Deserialize)]
pub struct StatisticsQuery {
    from: String,
    to: String,
    /// `csv` for the spreadsheet export; JSON otherwise.
    #[serde(default)]
    format: Option<String>,
}

/// One tender's facts for the statistics.
async fn tender_facts(conn: &mut sqlx::AnyConnection, sc: &Option<Vec<Department>>) -> Result<Vec<TenderFact>> {
    let rows = sqlx::query(
        "SELECT t.id, t.centre, t.trading_type, t.status, t.published_at, t.document,
            (SELECT COUNT(*) FROM openings o WHERE o.tender_id = t.id) AS opened,
            (SELECT COUNT(*) FROM bids b WHERE b.tender_id = t.id AND b.status = 'active') AS bids,
            (SELECT COUNT(*) FROM complaints c WHERE c.tender_id = t.id) AS complaints,
            (SELECT r.awards FROM results r WHERE r.tender_id = t.id AND r.awarded_at IS NOT NULL) AS awards
         FROM tenders t ORDER BY t.published_at, t.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let tt: String = r.try_get("trading_type")?;
        if !covers(sc, trading_type(&tt)?) {
            continue;
        }
        let id: String = r.try_get("id")?;
        let doc: tenderbox_core::tender::TenderDocument =
            serde_json::from_str(&r.try_get::<String, _>("document")?).map_err(Error::internal)?;
        let ceilings: tenderbox_core::Decimal = doc.lots.iter().filter_map(|l| l.ceiling_price).sum();
        let value = if ceilings > tenderbox_core::Decimal::ZERO {
            ceilings
        } else {
            doc.security.as_ref().map(|s| s.estimated_price).unwrap_or_default()
        };
        let mut awards = Vec::new();
        if let Some(a) = r.try_get::<Option<String>, _>("awards")? {
            let list: Vec<tenderbox_core::scoring::LotAward> = serde_json::from_str(&a).map_err(Error::internal)?;
            for award in list {
                let tenderbox_core::scoring::LotAward::Winner { lot, bidder } = award else { continue };
                let manifest: Option<String> = sqlx::query_scalar(
                    "SELECT b.manifest FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND i.uscc = $2 AND b.status = 'active'",
                )
                .bind(&id)
                .bind(&bidder)
                .fetch_optional(&mut *conn)
                .await?
                .flatten();
                let Some(m) = manifest else { continue };
                let m: Manifest = serde_json::from_str(&m).map_err(Error::internal)?;
                if let Some(price) = m.lots.iter().find(|l| l.lot == lot).map(|l| l.price) {
                    awards.push((doc.lots.iter().find(|l| l.id == lot).and_then(|l| l.ceiling_price), price));
                }
            }
        }
        out.push(TenderFact {
            centre: r.try_get("centre")?,
            trading_type: tt,
            published_on: tenderbox_core::credit::day_of(Timestamp::from_unix(r.try_get("published_at")?)),
            value,
            bids: (r.try_get::<i64, _>("opened")? > 0).then(|| r.try_get::<i64, _>("bids").map(|n| n as u32)).transpose()?,
            awards,
            failed: r.try_get::<String, _>("status")? == "failed",
            complaints: r.try_get::<i64, _>("complaints")? as u32,
        });
    }
    Ok(out)
}

/// Trading statistics per centre for the tenders published in a period (supervisors within
/// their departments, centre admins): JSON, or `format=csv` for the annual assessment.
#[utoipa::path(get, path = "/v1/statistics", tag = "supervision", params(("from" = String, Query), ("to" = String, Query), ("format" = Option<String>, Query)), security(("bearer" = [])), responses((status = 200, body = Statistics), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn statistics(
    State(s): State<AppState>,
    caller: Caller,
    axum::extract::Query(q): axum::extract::Query<StatisticsQuery>,
) -> Result<axum::response::Response> {
    use axum::response::IntoResponse;
    may_read(&caller)?;
    if !tenderbox_core::time::is_date(&q.from) || !tenderbox_core::time::is_date(&q.to) || q.from > q.to {
        return Err(Error::BadRequest(
            "statistics.period",
            format!("the period needs two dates YYYY-MM-DD, the first not after the second (got {} to {})", q.from, q.to),
        ));
    }
    let mut conn = s.pool.acquire().await?;
    let sc = scope(&mut conn, &caller).await?;
    let facts = tender_facts(&mut conn, &sc).await?;
    let centres: Vec<(String, String)> = sqlx::query_as("SELECT code, name_zh FROM centres ORDER BY code").fetch_all(&mut *conn).await?;
    let codes: Vec<String> = centres.iter().map(|c| c.0.clone()).collect();
    let rows = tenderbox_core::statistics::by_centre(&facts, &codes, &q.from, &q.to);
    if q.format.as_deref() == Some("csv") {
        let csv = tenderbox_core::statistics::to_csv(&rows, |c| {
            centres.iter().find(|x| x.0 == c).map(|x| x.1.clone()).unwrap_or_else(|| c.to_string())
        });
        return Ok(([(axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response());
    }
    let departments = sc.unwrap_or_default().iter().map(|d| d.as_str().to_string()).collect();
    Ok(Json(Statistics { from: q.from, to: q.to, departments, rows }).into_response())
}

/// Where the push of the national data sets to the provincial platform stands: pending,
/// failing and sent rows, the last error, the next attempt (centre admins, supervisors).
#[utoipa::path(get, path = "/v1/exchange/status", tag = "supervision", security(("bearer" = [])), responses((status = 200, body = tenderbox_wire::ExchangeStatus), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn exchange_status(State(s): State<AppState>, caller: Caller) -> Result<Json<tenderbox_wire::ExchangeStatus>> {
    if !(caller.has(Role::CentreAdmin) || caller.has(Role::Supervisor)) {
        return Err(Error::Forbidden("auth.role", "the provincial push's status is for centre admins and supervisors".into()));
    }
    Ok(Json(crate::exchange::status(&s).await?))
}

/// Sends the waiting rows of the provincial push now, without waiting out the back-off
/// (a centre admin, once the receiver is back); answers the status after that round.
#[utoipa::path(post, path = "/v1/exchange/retry", tag = "supervision", security(("bearer" = [])), responses((status = 200, body = tenderbox_wire::ExchangeStatus), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn exchange_retry(State(s): State<AppState>, caller: Caller) -> Result<Json<tenderbox_wire::ExchangeStatus>> {
    caller.require(Role::CentreAdmin)?;
    let sent = crate::exchange::retry_now(&s).await?;
    tracing::info!(sent, by = %caller.id, "provincial push retried by hand");
    Ok(Json(crate::exchange::status(&s).await?))
}

/// The statistics every reader may see (the public portal): every centre, every trading type.
pub(crate) async fn public_statistics(s: &AppState, from: &str, to: &str) -> Result<Vec<tenderbox_core::statistics::CentreFigures>> {
    let mut conn = s.pool.acquire().await?;
    let facts = tender_facts(&mut conn, &None).await?;
    let codes: Vec<String> = sqlx::query_scalar("SELECT code FROM centres ORDER BY code").fetch_all(&mut *conn).await?;
    Ok(tenderbox_core::statistics::by_centre(&facts, &codes, from, to))
}

#[derive(serde::Deserialize, Default)]
pub struct AuditSearch {
    /// An identity id, or a unified social credit code (every identity of the company).
    #[serde(default)]
    identity: Option<String>,
    #[serde(default)]
    tender: Option<String>,
    /// The start of a network address (`10.2.` matches every address in 10.2.0.0/16).
    #[serde(default)]
    address: Option<String>,
    /// RFC 3339 or `YYYY-MM-DD` (Beijing; `to` is inclusive of that day).
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
}

fn instant(s: &str, end_of_day: bool) -> Result<i64> {
    if tenderbox_core::time::is_date(s) {
        let t = Timestamp::parse(&format!("{s}T00:00:00+08:00")).map_err(|e| Error::BadRequest("audit.search", e.to_string()))?;
        return Ok(t.unix() + if end_of_day { 86_399 } else { 0 });
    }
    Timestamp::parse(s)
        .map(|t| t.unix())
        .map_err(|_| Error::BadRequest("audit.search", format!("'{s}' is neither a date (YYYY-MM-DD) nor a time (RFC 3339)")))
}

/// The tender a request path concerns: `/v1/tenders/{id}/…`, or an upload of a tender's bid.
async fn tender_of_path(conn: &mut sqlx::AnyConnection, path: &str) -> Result<Option<String>> {
    if let Some(rest) = path.strip_prefix("/v1/tenders/") {
        return Ok(rest.split('/').next().filter(|s| !s.is_empty()).map(str::to_string));
    }
    if let Some(rest) = path.strip_prefix("/v1/uploads/") {
        let id = rest.split('/').next().unwrap_or_default();
        return Ok(sqlx::query_scalar("SELECT tender_id FROM uploads WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?);
    }
    Ok(None)
}

/// **supervision.audit_search**: the audit trail searched by identity (or company), tender,
/// network address and time, newest first (supervisors within their departments, centre
/// admins). A department sees the requests about its tenders and those about no tender.
#[utoipa::path(get, path = "/v1/audit/search", tag = "supervision", params(("identity" = Option<String>, Query), ("tender" = Option<String>, Query), ("address" = Option<String>, Query), ("from" = Option<String>, Query), ("to" = Option<String>, Query), ("limit" = Option<u32>, Query)), security(("bearer" = [])), responses((status = 200, body = Vec<AuditHit>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn audit_search(
    State(s): State<AppState>,
    caller: Caller,
    axum::extract::Query(q): axum::extract::Query<AuditSearch>,
) -> Result<Json<Vec<AuditHit>>> {
    may_read(&caller)?;
    let mut conn = s.pool.acquire().await?;
    let sc = scope(&mut conn, &caller).await?;
    let tender = q.tender.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    if let Some(t) = &tender {
        ensure_in_scope(&mut conn, &caller, t).await?;
    }
    let mut sql = String::from("SELECT * FROM audit WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    let mut ints: Vec<(usize, i64)> = Vec::new();
    let mut n = 0usize;
    let mark = |binds_len: &mut usize| {
        *binds_len += 1;
        format!("${binds_len}")
    };
    if let Some(who) = q.identity.as_deref().map(str::trim).filter(|w| !w.is_empty()) {
        let ids: Vec<String> = if tenderbox_core::uscc::Uscc::parse(who).is_ok() {
            sqlx::query_scalar("SELECT id FROM identities WHERE uscc = $1").bind(who).fetch_all(&mut *conn).await?
        } else {
            vec![who.to_string()]
        };
        if ids.is_empty() {
            return Ok(Json(vec![]));
        }
        let marks: Vec<String> = ids.iter().map(|_| mark(&mut n)).collect();
        sql.push_str(&format!(" AND identity_id IN ({})", marks.join(", ")));
        binds.extend(ids);
    }
    if let Some(t) = &tender {
        let uploads: Vec<String> = sqlx::query_scalar("SELECT id FROM uploads WHERE tender_id = $1").bind(t).fetch_all(&mut *conn).await?;
        let mut alts = vec![format!("path = {}", mark(&mut n)), format!("path LIKE {}", mark(&mut n))];
        binds.push(format!("/v1/tenders/{t}"));
        binds.push(format!("/v1/tenders/{t}/%"));
        for u in uploads {
            alts.push(format!("path = {}", mark(&mut n)));
            binds.push(format!("/v1/uploads/{u}"));
            alts.push(format!("path = {}", mark(&mut n)));
            binds.push(format!("/v1/uploads/{u}/complete"));
        }
        sql.push_str(&format!(" AND ({})", alts.join(" OR ")));
    }
    if let Some(a) = q.address.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        sql.push_str(&format!(" AND remote LIKE {}", mark(&mut n)));
        binds.push(format!("{}%", a.replace(['%', '_'], "")));
    }
    if let Some(f) = q.from.as_deref().filter(|f| !f.trim().is_empty()) {
        sql.push_str(&format!(" AND at >= {}", mark(&mut n)));
        ints.push((n, instant(f.trim(), false)?));
    }
    if let Some(t) = q.to.as_deref().filter(|t| !t.trim().is_empty()) {
        sql.push_str(&format!(" AND at <= {}", mark(&mut n)));
        ints.push((n, instant(t.trim(), true)?));
    }
    let limit = q.limit.unwrap_or(200).clamp(1, 1000) as i64;
    sql.push_str(&format!(" ORDER BY id DESC LIMIT {}", mark(&mut n)));
    ints.push((n, limit));
    // Only placeholders are formatted in; every value is bound, in placeholder order.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    let mut texts = binds.into_iter();
    for i in 1..=n {
        query = match ints.iter().find(|(k, _)| *k == i) {
            Some((_, v)) => query.bind(*v),
            None => query.bind(texts.next().unwrap_or_default()),
        };
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let record = super::audit_from_row(r)?;
        let concerns = tender_of_path(&mut conn, &record.path).await?;
        if let (Some(_), Some(t)) = (&sc, &concerns) {
            let tt: Option<String> =
                sqlx::query_scalar("SELECT trading_type FROM tenders WHERE id = $1").bind(t).fetch_optional(&mut *conn).await?;
            if let Some(tt) = tt
                && !covers(&sc, trading_type(&tt)?)
            {
                continue;
            }
        }
        let who: Option<(String, String)> = match &record.identity_id {
            Some(id) => sqlx::query_as("SELECT name, uscc FROM identities WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?,
            None => None,
        };
        out.push(AuditHit { identity_name: who.as_ref().map(|w| w.0.clone()), identity_uscc: who.map(|w| w.1), tender: concerns, record });
    }
    Ok(Json(out))
}
