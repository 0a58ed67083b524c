//! The evaluation report (评标报告): drawn up by the chair once the work is complete (every
//! lot evaluated, every deviating score explained, every question to a bidder answered or
//! past its time), as canonical JSON and as a PDF laid out from it; each member signs the
//! SHA-256 of both, a member who disagrees with a written dissent; when every member has
//! signed the report is final, logged, and the session is closed — no member can open a bid
//! or a sheet any more.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use crate::routes::review::{check_signed, ensure_open, report_state, work};
use crate::routes::{evaluation, tenders};
use axum::Json;
use axum::extract::{Path, State};
use serde_json::json;
use sqlx::Row;
use tenderbox_core::evaluation::{self as ev, ReportSignature};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::signed::{SignedDoc, doc_sha256};
use tenderbox_wire::{EvaluationReport, ReportBidder, ReportLot, ReportMember, ReportView, Role};

pub const REPORT_FORMAT: u32 = 1;

/// Everything the report needs that is still missing, named.
fn missing(w: &tenderbox_wire::EvaluationWork, now: Timestamp) -> Vec<String> {
    let mut m = Vec::new();
    if w.conclusion.is_none() {
        m.push(format!("reviews: {} of {} members submitted", w.reviews_submitted.len(), w.members.len()));
    }
    for l in &w.lots {
        match &l.evaluation {
            None => m.push(format!(
                "lot {}: {} of {} score sheets{}",
                l.lot,
                l.submitted.len(),
                w.members.len(),
                if l.problems.is_empty() { "" } else { ", objective scores differ" }
            )),
            Some(e) => {
                for line in &e.lines {
                    for d in &line.deviations {
                        if !l.deviation_reasons.iter().any(|r| r.seat == d.seat && r.bidder == line.bidder) {
                            m.push(format!("lot {}: seat {} has not explained the deviating score for {}", l.lot, d.seat, line.bidder));
                        }
                    }
                }
            }
        }
    }
    for a in w.awards.iter().flat_map(|a| a.awards.iter()) {
        if let tenderbox_core::scoring::LotAward::Tied { lot, bidders } = a {
            m.push(format!("lot {lot}: the tie between {} is not decided yet (record the drawn lot)", bidders.join(", ")));
        }
    }
    for q in &w.questions {
        if q.answer.is_none() && now <= q.due_at {
            m.push(format!("question {} to {} is open until {}", q.id, q.bidder_uscc, q.due_at.to_beijing()));
        }
    }
    m
}

async fn build(conn: &mut sqlx::AnyConnection, tender: &str, caller: &Caller, now: Timestamp) -> Result<EvaluationReport> {
    let w = work(conn, tender, caller, now).await?;
    let gaps = missing(&w, now);
    if !gaps.is_empty() {
        return Err(Error::Conflict("report.incomplete", format!("the report cannot be drawn up yet: {}", gaps.join("; "))));
    }
    let awards = w.awards.clone().ok_or_else(|| Error::Internal("complete work without awards".into()))?;
    let st = evaluation::state(conn, tender, caller).await?;
    let t = tenders::load(conn, tender).await?;
    let record = evaluation::opening_record(conn, tender).await?;
    let doc = &t.document;
    let conclusion = w.conclusion.clone().unwrap_or_default();
    let mut rejected = w.rejected_at_opening.clone();
    for r in conclusion.iter().filter(|r| !r.passed) {
        let name = w.bids.iter().find(|b| b.bidder_uscc == r.bidder).map(|b| b.bidder_name.clone()).unwrap_or_default();
        rejected.push(tenderbox_wire::RejectedBid {
            bidder_uscc: r.bidder.clone(),
            bidder_name: name,
            reason: r.reason().unwrap_or_default(),
        });
    }
    Ok(EvaluationReport {
        format: REPORT_FORMAT,
        tender: tender.to_string(),
        title: doc.title.clone(),
        tender_sha256: doc.hash_hex().map_err(Error::internal)?,
        tender_version: doc.version,
        tenderer: doc.tenderer.name.clone(),
        agency: doc.agency.as_ref().map(|a| a.name.clone()),
        method: w.method.clone(),
        criteria: w.criteria.clone(),
        opened_at: record.opened_at,
        evaluation_start: st.evaluation_start,
        committee: st
            .members
            .iter()
            .filter(|m| w.members.contains(&m.seat))
            .map(|m| ReportMember {
                seat: m.seat.clone(),
                expert: m.expert.clone(),
                name: m.name.clone(),
                employer_name: m.employer_name.clone(),
                venue: m.venue.clone(),
                main_venue: m.main_venue,
                chair: st.chair.as_deref() == Some(m.seat.as_str()),
            })
            .collect(),
        bidders: record.lines.iter().map(|l| ReportBidder { uscc: l.bidder_uscc.clone(), name: l.bidder_name.clone() }).collect(),
        review: conclusion,
        rejected,
        questions: w.questions.clone(),
        lots: w
            .lots
            .iter()
            .filter_map(|l| {
                l.evaluation.clone().map(|evaluation| ReportLot {
                    lot: l.lot.clone(),
                    name: l.name.clone(),
                    evaluation,
                    deviation_reasons: l.deviation_reasons.clone(),
                })
            })
            .collect(),
        tie_decisions: w.tie_decisions.clone(),
        awards,
        generated_at: now,
    })
}

async fn store_pdf(s: &AppState, bytes: &[u8]) -> Result<String> {
    let sha = hex::encode(tenderbox_core::sha256(bytes));
    let dir = s.data.join("blobs");
    let tmp = dir.join(format!("{sha}.report-tmp"));
    {
        use tokio::io::AsyncWriteExt;
        let mut f = tokio::fs::File::create(&tmp).await.map_err(Error::internal)?;
        f.write_all(bytes).await.map_err(Error::internal)?;
        f.sync_all().await.map_err(Error::internal)?;
    }
    tokio::fs::rename(&tmp, dir.join(&sha)).await.map_err(Error::internal)?;
    tokio::fs::File::open(&dir).await.map_err(Error::internal)?.sync_all().await.map_err(Error::internal)?;
    Ok(sha)
}

/// The chair draws up the report (JSON and PDF) once the work is complete.
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/report", tag = "evaluation", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = ReportView), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn draw_up(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<ReportView>> {
    let now = s.now();
    let report = {
        let mut conn = s.pool.acquire().await?;
        let seat = evaluation::member(&mut conn, &id, &caller).await?;
        let st = evaluation::state(&mut conn, &id, &caller).await?;
        if st.chair.as_deref() != Some(seat.as_str()) {
            return Err(Error::Forbidden("evaluation.chair_only", "the chair draws up the report".into()));
        }
        if report_state(&mut conn, &id).await?.is_some() {
            return Err(Error::Conflict("evaluation.report_exists", "the report is drawn up already".into()));
        }
        build(&mut conn, &id, &caller, now).await?
    };
    let for_pdf = report.clone();
    let pdf = tokio::task::spawn_blocking(move || {
        let (regular, bold) = tenderbox_report::default_font_paths();
        let (r, b) = tenderbox_report::load_fonts(&regular, &bold)?;
        tenderbox_report::render(&for_pdf, r, b)
    })
    .await
    .map_err(Error::internal)?
    .map_err(|e| match e {
        tenderbox_report::ReportError::Font(..) => Error::Internal(format!("[report.font] {e}")),
        other => Error::internal(other),
    })?;
    let pdf_sha = store_pdf(&s, &pdf).await?;
    let report_sha = doc_sha256(&report).map_err(Error::internal)?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    if report_state(&mut tx, &id).await?.is_some() {
        return Err(Error::Conflict("evaluation.report_exists", "the report is drawn up already".into()));
    }
    sqlx::query("INSERT INTO evaluation_reports (tender_id, report, report_sha256, pdf_sha256, generated_at, final_at) VALUES ($1, $2, $3, $4, $5, NULL)")
        .bind(&id)
        .bind(serde_json::to_string(&report).map_err(Error::internal)?)
        .bind(&report_sha)
        .bind(&pdf_sha)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "evaluation.report",
            Some(&id),
            Audience::Public,
            now,
            json!({ "report_sha256": report_sha, "pdf_sha256": pdf_sha }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    Ok(Json(view(&mut conn, &id).await?))
}

async fn view(conn: &mut sqlx::AnyConnection, tender: &str) -> Result<ReportView> {
    let row = sqlx::query("SELECT report FROM evaluation_reports WHERE tender_id = $1")
        .bind(tender)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound("report.not_found", format!("tender {tender} has no evaluation report yet")))?;
    let report: EvaluationReport = serde_json::from_str(&row.try_get::<String, _>("report")?).map_err(Error::internal)?;
    let state = report_state(conn, tender).await?.ok_or_else(|| Error::Internal("report state".into()))?;
    let sigs = sqlx::query("SELECT signed FROM evaluation_report_signatures WHERE tender_id = $1 ORDER BY seat_id")
        .bind(tender)
        .fetch_all(&mut *conn)
        .await?;
    let mut signatures = Vec::new();
    for r in &sigs {
        signatures.push(serde_json::from_str(&r.try_get::<String, _>("signed")?).map_err(Error::internal)?);
    }
    Ok(ReportView { report, state, signatures })
}

/// Who reads the report: its committee (also after it is final), centre admins,
/// supervisors, and the tender's agency.
async fn may_read(conn: &mut sqlx::AnyConnection, tender: &str, caller: &Caller) -> Result<()> {
    if caller.has(Role::CentreAdmin) || caller.has(Role::Supervisor) {
        return Ok(());
    }
    let t = tenders::load(conn, tender).await?;
    if t.agency_id == caller.id {
        return Ok(());
    }
    let member: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_members WHERE tender_id = $1 AND identity_id = $2 AND void = 0")
        .bind(tender)
        .bind(&caller.id)
        .fetch_one(&mut *conn)
        .await?;
    if member == 0 {
        return Err(Error::Forbidden(
            "evaluation.not_member",
            "the report is read by its committee, the agency, centre admins and supervisors".into(),
        ));
    }
    Ok(())
}

#[utoipa::path(get, path = "/v1/tenders/{id}/evaluation/report", tag = "evaluation", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = ReportView), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_report(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<ReportView>> {
    let mut conn = s.pool.acquire().await?;
    may_read(&mut conn, &id, &caller).await?;
    Ok(Json(view(&mut conn, &id).await?))
}

#[utoipa::path(get, path = "/v1/tenders/{id}/evaluation/report/pdf", tag = "evaluation", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, description = "the report PDF", content_type = "application/pdf"), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_pdf(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<([(axum::http::HeaderName, &'static str); 1], Vec<u8>)> {
    let mut conn = s.pool.acquire().await?;
    may_read(&mut conn, &id, &caller).await?;
    let st = report_state(&mut conn, &id)
        .await?
        .ok_or_else(|| Error::NotFound("report.not_found", format!("tender {id} has no evaluation report yet")))?;
    let bytes = tokio::fs::read(s.data.join("blobs").join(&st.pdf_sha256)).await.map_err(Error::internal)?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/pdf")], bytes))
}

/// A member signs the report (the SHA-256 of its JSON and of its PDF), with a dissent if
/// they disagree. The last signature makes it final and closes the session.
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/report/sign", tag = "evaluation", params(("id" = String, Path)), request_body = Object, security(("bearer" = [])), responses((status = 200, body = ReportView), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn sign(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<SignedDoc<ReportSignature>>,
) -> Result<Json<ReportView>> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let seat = evaluation::member(&mut tx, &id, &caller).await?;
    ensure_open(&mut tx, &id).await?;
    let st = report_state(&mut tx, &id)
        .await?
        .ok_or_else(|| Error::NotFound("report.not_found", format!("tender {id} has no evaluation report yet")))?;
    check_signed(&mut tx, &caller, &b).await?;
    let d = &b.doc;
    if d.format != ev::SHEET_FORMAT || d.tender != id || d.seat != seat {
        return Err(Error::BadRequest("report.signature", "the signature is not for this tender and your seat".into()));
    }
    if d.report_sha256 != st.report_sha256 || d.pdf_sha256 != st.pdf_sha256 {
        return Err(Error::BadRequest(
            "report.changed",
            format!(
                "you signed another report (JSON {}, PDF {}); the report is JSON {}, PDF {}",
                d.report_sha256, d.pdf_sha256, st.report_sha256, st.pdf_sha256
            ),
        ));
    }
    if let Some(x) = &d.dissent
        && (x.trim().is_empty() || x.chars().count() > ev::MAX_NOTE)
    {
        return Err(Error::BadRequest(
            "report.dissent",
            format!("write the dissent and its reasons (at most {} characters)", ev::MAX_NOTE),
        ));
    }
    if st.signed.contains(&seat) {
        return Err(Error::Conflict("report.signed", "you signed the report already".into()));
    }
    sqlx::query("INSERT INTO evaluation_report_signatures (tender_id, seat_id, signed, at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(&seat)
        .bind(serde_json::to_string(&b).map_err(Error::internal)?)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "evaluation.report_signed",
            Some(&id),
            Audience::Public,
            now,
            json!({ "seat": seat, "dissent": d.dissent.is_some() }),
        )
        .await?;
    let members: Vec<String> = {
        let view = view(&mut tx, &id).await?;
        view.report.committee.iter().map(|m| m.seat.clone()).collect()
    };
    let signed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_report_signatures WHERE tender_id = $1").bind(&id).fetch_one(&mut *tx).await?;
    if signed as usize == members.len() {
        sqlx::query("UPDATE evaluation_reports SET final_at = $1 WHERE tender_id = $2")
            .bind(now.unix())
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        guard
            .append(
                &mut tx,
                "evaluation.report_final",
                Some(&id),
                Audience::Public,
                now,
                json!({ "report_sha256": st.report_sha256, "pdf_sha256": st.pdf_sha256, "signatures": signed }),
            )
            .await?;
    }
    let out = view(&mut tx, &id).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(out))
}
