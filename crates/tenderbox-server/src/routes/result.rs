//! The result (定标): once the committee's report is final the tender's agency publishes
//! the candidates for at least three calendar days (中标候选人公示, by the server clock);
//! during publicity a bidder of the tender may object (异议), signed, which suspends the
//! process until the agency answers, signed; after publicity, with every objection
//! answered and no tie left to decide, the agency awards: the award notice (中标通知书) to
//! each winner and the result to every other bidder with its reasons, both signed by the
//! platform. The result is public: for government procurement with every member's score
//! per bid, so anyone can recompute the ranking (`tenderbox evaluation recompute`).

use crate::AppState;
use crate::auth::{Caller, MaybeCaller};
use crate::error::{Error, Result};
use crate::log::Audience;
use crate::routes::review::check_signed;
use crate::routes::tenders;
use axum::Json;
use axum::extract::{Path, State};
use base64::Engine;
use serde_json::json;
use sqlx::Row;
use tenderbox_core::evaluation::{self as ev, ObjectionText};
use tenderbox_core::scoring::LotAward;
use tenderbox_core::tender::TradingType;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::signed::{SignedDoc, doc_sha256};
use tenderbox_wire::{EvaluationReport, ObjectionView, PublishedResult, ResultCandidate, ResultLot, ResultNotice, Role, StartPublicity};

/// Shortest publicity, in calendar days.
pub const MIN_PUBLICITY_DAYS: u32 = 3;
/// Longest objection or answer, in characters.
const MAX_TEXT: usize = 2000;
/// Domain of the platform's signature on a result notice.
pub const NOTICE_DOMAIN: &[u8] = b"tenderbox/v1/result-notice\n";

async fn final_report(conn: &mut sqlx::AnyConnection, tender: &str) -> Result<(EvaluationReport, String)> {
    let row = sqlx::query("SELECT report, report_sha256, final_at FROM evaluation_reports WHERE tender_id = $1")
        .bind(tender)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(r) = row.filter(|r| r.try_get::<Option<i64>, _>("final_at").ok().flatten().is_some()) else {
        return Err(Error::Conflict("result.no_report", format!("tender {tender} has no final evaluation report yet")));
    };
    Ok((serde_json::from_str(&r.try_get::<String, _>("report")?).map_err(Error::internal)?, r.try_get("report_sha256")?))
}

async fn agency_of(conn: &mut sqlx::AnyConnection, tender: &str, caller: &Caller) -> Result<tenderbox_wire::TenderRecord> {
    caller.require(Role::Agency)?;
    let t = tenders::load(conn, tender).await?;
    if t.agency_id != caller.id {
        return Err(Error::NotFound("tender.not_found", format!("no tender {tender} of yours")));
    }
    Ok(t)
}

fn candidates(report: &EvaluationReport, lot: &str) -> Vec<ResultCandidate> {
    let list = report.awards.candidates.iter().find(|(l, _)| l == lot).map(|(_, c)| c.clone()).unwrap_or_default();
    let e = report.lots.iter().find(|l| l.lot == lot);
    list.iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let line = e?.evaluation.lines.iter().find(|x| &x.bidder == b)?;
            Some(ResultCandidate {
                lot: lot.to_string(),
                place: i as u32 + 1,
                bidder_uscc: b.clone(),
                bidder_name: report.bidders.iter().find(|x| &x.uscc == b).map(|x| x.name.clone()).unwrap_or_default(),
                price: line.price,
                total: line.total,
            })
        })
        .collect()
}

async fn objections(conn: &mut sqlx::AnyConnection, tender: &str, full: impl Fn(&str) -> bool) -> Result<Vec<ObjectionView>> {
    let rows =
        sqlx::query("SELECT * FROM result_objections WHERE tender_id = $1 ORDER BY at, id").bind(tender).fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for r in &rows {
        let bidder: String = r.try_get("bidder_uscc")?;
        let show = full(&bidder);
        let answer: Option<String> = r.try_get("answer")?;
        out.push(ObjectionView {
            id: r.try_get("id")?,
            at: Timestamp::from_unix(r.try_get("at")?),
            bidder_uscc: show.then(|| bidder.clone()),
            objection: if show { Some(serde_json::from_str(&r.try_get::<String, _>("signed")?).map_err(Error::internal)?) } else { None },
            answer: match (show, answer) {
                (true, Some(a)) => Some(serde_json::from_str(&a).map_err(Error::internal)?),
                _ => None,
            },
            answered_at: r.try_get::<Option<i64>, _>("answered_at")?.map(Timestamp::from_unix),
        });
    }
    Ok(out)
}

pub(crate) async fn published(
    conn: &mut sqlx::AnyConnection,
    tender: &str,
    caller: Option<&Caller>,
    now: Timestamp,
) -> Result<PublishedResult> {
    let row = sqlx::query("SELECT * FROM results WHERE tender_id = $1")
        .bind(tender)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound("result.not_found", format!("tender {tender} has no published result yet")))?;
    let (report, report_sha256) = final_report(conn, tender).await?;
    let t = tenders::load(conn, tender).await?;
    let member_scores = t.document.trading_type == TradingType::Procurement;
    let overseer = caller.is_some_and(|c| c.has(Role::CentreAdmin) || c.has(Role::Supervisor) || c.id == t.agency_id);
    let mine: Option<String> = match caller {
        Some(c) => sqlx::query_scalar("SELECT uscc FROM identities WHERE id = $1").bind(&c.id).fetch_optional(&mut *conn).await?,
        None => None,
    };
    let objections = objections(conn, tender, |b| overseer || mine.as_deref() == Some(b)).await?;
    let awarded_at = row.try_get::<Option<i64>, _>("awarded_at")?.map(Timestamp::from_unix);
    let until = Timestamp::from_unix(row.try_get("publicity_until")?);
    let status = if awarded_at.is_some() {
        "awarded"
    } else if objections.iter().any(|o| o.answered_at.is_none()) {
        "suspended"
    } else if now < until {
        "publicity"
    } else {
        "publicity_over"
    };
    let lots = report
        .lots
        .iter()
        .map(|l| {
            let mut evaluation = l.evaluation.clone();
            if !member_scores {
                for line in &mut evaluation.lines {
                    line.members.clear();
                    line.deviations.clear();
                }
            }
            ResultLot { lot: l.lot.clone(), name: l.name.clone(), candidates: candidates(&report, &l.lot), evaluation }
        })
        .collect();
    Ok(PublishedResult {
        tender: tender.to_string(),
        title: report.title.clone(),
        status: status.into(),
        published_at: Timestamp::from_unix(row.try_get("published_at")?),
        publicity_until: until,
        member_scores,
        committee: report.committee.iter().map(|m| m.name.clone()).collect(),
        lots,
        rejected: report.rejected.clone(),
        awards: report.awards.awards.clone(),
        tie_decisions: report.tie_decisions.clone(),
        objections,
        awarded_at,
        report_sha256,
    })
}

/// The tender's agency publishes the candidates for at least three days.
#[utoipa::path(post, path = "/v1/tenders/{id}/result/publicity", tag = "result", params(("id" = String, Path)), request_body = StartPublicity, security(("bearer" = [])), responses((status = 200, body = PublishedResult), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn start_publicity(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<StartPublicity>,
) -> Result<Json<PublishedResult>> {
    let now = s.now();
    if b.days < MIN_PUBLICITY_DAYS {
        return Err(Error::BadRequest(
            "result.publicity_days",
            format!("the candidates are published for at least {MIN_PUBLICITY_DAYS} days"),
        ));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    agency_of(&mut tx, &id, &caller).await?;
    let (report, report_sha) = final_report(&mut tx, &id).await?;
    let exists: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM results WHERE tender_id = $1").bind(&id).fetch_one(&mut *tx).await?;
    if exists > 0 {
        return Err(Error::Conflict("result.published", "the candidates are published already".into()));
    }
    let until = now.plus_seconds(i64::from(b.days) * 86_400);
    sqlx::query("INSERT INTO results (tender_id, published_at, publicity_until, awarded_at, awards) VALUES ($1, $2, $3, NULL, NULL)")
        .bind(&id)
        .bind(now.unix())
        .bind(until.unix())
        .execute(&mut *tx)
        .await?;
    let lots: Vec<_> = report.lots.iter().map(|l| json!({ "lot": l.lot, "candidates": candidates(&report, &l.lot) })).collect();
    guard
        .append(
            &mut tx,
            "result.publicity",
            Some(&id),
            Audience::Public,
            now,
            json!({ "until": until, "report_sha256": report_sha, "lots": lots }),
        )
        .await?;
    let out = published(&mut tx, &id, Some(&caller), now).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(out))
}

/// The published result; anyone may read it.
#[utoipa::path(get, path = "/v1/tenders/{id}/result", tag = "result", params(("id" = String, Path)), responses((status = 200, body = PublishedResult), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_result(
    State(s): State<AppState>,
    MaybeCaller(caller): MaybeCaller,
    Path(id): Path<String>,
) -> Result<Json<PublishedResult>> {
    let mut conn = s.pool.acquire().await?;
    Ok(Json(published(&mut conn, &id, caller.as_ref(), s.now()).await?))
}

/// The credit code of a bidder of the tender, or a refusal.
async fn bidder_of(conn: &mut sqlx::AnyConnection, tender: &str, caller: &Caller) -> Result<String> {
    caller.require(Role::Bidder)?;
    let uscc: String = sqlx::query_scalar("SELECT uscc FROM identities WHERE id = $1").bind(&caller.id).fetch_one(&mut *conn).await?;
    let record = crate::routes::evaluation::opening_record(conn, tender).await?;
    if !record.lines.iter().any(|l| l.bidder_uscc == uscc) {
        return Err(Error::Forbidden("result.not_bidder", format!("only bidders of tender {tender} may object")));
    }
    Ok(uscc)
}

fn check_text(d: &ObjectionText, tender: &str, kind: &str, answers: Option<&str>) -> Result<()> {
    if d.format != ev::SHEET_FORMAT || d.tender != tender || d.kind != kind || d.answers.as_deref() != answers {
        return Err(Error::BadRequest("result.mismatch", format!("the signed text is not a {kind} for tender {tender}")));
    }
    let n = d.text.trim().chars().count();
    if n == 0 || n > MAX_TEXT {
        return Err(Error::BadRequest("result.text", format!("write the {kind} (at most {MAX_TEXT} characters)")));
    }
    Ok(())
}

/// A bidder objects during publicity; the process waits for the agency's answer.
#[utoipa::path(post, path = "/v1/tenders/{id}/objections", tag = "result", params(("id" = String, Path)), request_body = Object, security(("bearer" = [])), responses((status = 200, body = PublishedResult), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn object(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<SignedDoc<ObjectionText>>,
) -> Result<Json<PublishedResult>> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let uscc = bidder_of(&mut tx, &id, &caller).await?;
    let r = published(&mut tx, &id, Some(&caller), now).await?;
    if r.awarded_at.is_some() || now >= r.publicity_until {
        return Err(Error::Conflict(
            "result.publicity_over",
            format!("objections were open until {} (Beijing)", r.publicity_until.to_beijing()),
        ));
    }
    check_signed(&mut tx, &caller, &b).await?;
    check_text(&b.doc, &id, "objection", None)?;
    let oid = super::random_hex(8);
    sqlx::query("INSERT INTO result_objections (id, tender_id, bidder_uscc, identity_id, signed, at, answer, answered_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)")
        .bind(&oid)
        .bind(&id)
        .bind(&uscc)
        .bind(&caller.id)
        .bind(serde_json::to_string(&b).map_err(Error::internal)?)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "result.objection",
            Some(&id),
            Audience::Public,
            now,
            json!({ "id": oid, "sha256": doc_sha256(&b.doc).map_err(Error::internal)? }),
        )
        .await?;
    let out = published(&mut tx, &id, Some(&caller), now).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(out))
}

/// The agency answers an objection, signed.
#[utoipa::path(post, path = "/v1/tenders/{id}/objections/{oid}/answer", tag = "result", params(("id" = String, Path), ("oid" = String, Path)), request_body = Object, security(("bearer" = [])), responses((status = 200, body = PublishedResult), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn answer_objection(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, oid)): Path<(String, String)>,
    Json(b): Json<SignedDoc<ObjectionText>>,
) -> Result<Json<PublishedResult>> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    agency_of(&mut tx, &id, &caller).await?;
    let answered: Option<Option<i64>> = sqlx::query_scalar("SELECT answered_at FROM result_objections WHERE tender_id = $1 AND id = $2")
        .bind(&id)
        .bind(&oid)
        .fetch_optional(&mut *tx)
        .await?;
    match answered {
        None => return Err(Error::NotFound("result.no_objection", format!("no objection {oid} to tender {id}"))),
        Some(Some(_)) => return Err(Error::Conflict("result.answered", "this objection is answered already".into())),
        Some(None) => {}
    }
    check_signed(&mut tx, &caller, &b).await?;
    check_text(&b.doc, &id, "answer", Some(&oid))?;
    sqlx::query("UPDATE result_objections SET answer = $1, answered_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&b).map_err(Error::internal)?)
        .bind(now.unix())
        .bind(&oid)
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "result.objection_answered",
            Some(&id),
            Audience::Public,
            now,
            json!({ "id": oid, "sha256": doc_sha256(&b.doc).map_err(Error::internal)? }),
        )
        .await?;
    let out = published(&mut tx, &id, Some(&caller), now).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(out))
}

/// After publicity, with every objection answered and no tie undecided, the agency awards.
#[utoipa::path(post, path = "/v1/tenders/{id}/award", tag = "result", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = PublishedResult), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn award(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<PublishedResult>> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    agency_of(&mut tx, &id, &caller).await?;
    let r = published(&mut tx, &id, Some(&caller), now).await?;
    match r.status.as_str() {
        "awarded" => return Err(Error::Conflict("result.awarded", "the tender is awarded already".into())),
        "suspended" => return Err(Error::Conflict("result.suspended", "an objection awaits your answer; the award waits for it".into())),
        "publicity" => {
            return Err(Error::Conflict(
                "result.publicity_running",
                format!("the publicity runs until {} (Beijing)", r.publicity_until.to_beijing()),
            ));
        }
        _ => {}
    }
    if let Some(a) = r.awards.iter().find(|a| matches!(a, LotAward::Tied { .. } | LotAward::Pending { .. })) {
        return Err(Error::Conflict(
            "result.tied",
            format!("a tie is not decided yet: {}", serde_json::to_string(a).map_err(Error::internal)?),
        ));
    }
    sqlx::query("UPDATE results SET awarded_at = $1, awards = $2 WHERE tender_id = $3")
        .bind(now.unix())
        .bind(serde_json::to_string(&r.awards).map_err(Error::internal)?)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    guard.append(&mut tx, "result.awarded", Some(&id), Audience::Public, now, json!({ "awards": r.awards })).await?;
    let out = published(&mut tx, &id, Some(&caller), now).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(out))
}

/// The calling bidder's notice once the tender is awarded: the award notice for the lots
/// it won, or the result with its reasons; signed by the platform.
#[utoipa::path(get, path = "/v1/tenders/{id}/result/notice", tag = "result", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = ResultNotice), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn notice(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<ResultNotice>> {
    let mut conn = s.pool.acquire().await?;
    let uscc = bidder_of(&mut conn, &id, &caller).await?;
    let r = published(&mut conn, &id, Some(&caller), s.now()).await?;
    let awarded_at = r.awarded_at.ok_or_else(|| Error::Conflict("result.not_awarded", format!("tender {id} is not awarded yet")))?;
    let (report, _) = final_report(&mut conn, &id).await?;
    let name = report.bidders.iter().find(|b| b.uscc == uscc).map(|b| b.name.clone()).unwrap_or_default();
    let mut won = Vec::new();
    let mut reasons = Vec::new();
    for a in &r.awards {
        if let LotAward::Winner { lot, bidder } = a
            && *bidder == uscc
            && let Some(c) = r.lots.iter().find(|l| &l.lot == lot).and_then(|l| l.candidates.iter().find(|c| c.bidder_uscc == uscc))
        {
            won.push(ResultCandidate { place: 1, ..c.clone() });
        }
    }
    if won.is_empty() {
        if let Some(x) = r.rejected.iter().find(|x| x.bidder_uscc == uscc) {
            reasons.push(x.reason.clone());
        }
        for l in &r.lots {
            if let Some(line) = l.evaluation.lines.iter().find(|x| x.bidder == uscc) {
                reasons.push(format!("{}：第 {} 名，得分 {}，未中标", l.name, line.rank, line.total));
            }
        }
    }
    let mut n = ResultNotice {
        tender: id.clone(),
        title: r.title.clone(),
        bidder_uscc: uscc,
        bidder_name: name,
        kind: if won.is_empty() { "result".into() } else { "award".into() },
        lots: won,
        reasons,
        issued_at: awarded_at,
        signature: String::new(),
    };
    let bytes = tenderbox_core::canonical::to_canonical_vec(&n).map_err(Error::internal)?;
    n.signature = base64::engine::general_purpose::STANDARD.encode(s.sign(NOTICE_DOMAIN, &bytes));
    Ok(Json(n))
}
