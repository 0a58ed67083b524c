//! The committee's work after the session opens (评审): each member's signed review sheet
//! (资格审查 / 符合性审查), the committee's conclusion by majority once every member's is in,
//! each member's signed score sheet per lot (others' sheets readable only after one's own),
//! the reasons of members whose score deviates, and the chair's questions to bidders (澄清)
//! with their signed answers. Every figure is recomputed from the stored, signed sheets by
//! `tenderbox_core::evaluation`; nothing is typed twice. Sheets count only from members who
//! signed in and declared no conflict; a member who left is void and so is their work.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use crate::routes::{evaluation, tenders};
use axum::Json;
use axum::extract::{Path, State};
use serde_json::json;
use sqlx::Row;
use tenderbox_core::codes::Code;
use tenderbox_core::evaluation::{self as ev, ClarificationAnswer, ReviewSheet, ScoreSheet, conclude_review, member_totals, review_items};
use tenderbox_core::problem::Problem;
use tenderbox_core::tender::{CriterionKind, EvaluationMethod};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::identity::PublicIdentity;
use tenderbox_seal::signed::{SignedDoc, doc_sha256, verify_doc};
use tenderbox_wire::{
    AdmittedBid, AskBidder, BidOutcome, CommitteeQuestion, DeviationNote, DeviationReason, EvaluationWork, LotWork, RejectedBid,
    ReportState, ReviewBid, Role, TieDecision,
};

/// Longest question or answer, in characters.
const MAX_TEXT: usize = 2000;

pub(crate) fn refuse(what: &str, problems: &[Problem]) -> Error {
    let code = Code::parse(&problems[0].code).map(Code::as_str).unwrap_or("evaluation.invalid");
    let list = problems.iter().map(|p| format!("[{}] {}: {}", p.code, p.path, p.message)).collect::<Vec<_>>().join("; ");
    Error::BadRequest(code, format!("{what}: {list}"))
}

/// The caller's registered public identity.
pub(crate) async fn identity_of(conn: &mut sqlx::AnyConnection, id: &str) -> Result<PublicIdentity> {
    let doc: String = sqlx::query_scalar("SELECT document FROM identities WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    serde_json::from_str(&doc).map_err(Error::internal)
}

/// Checks that `signed` is by the caller and verifies with their registered key.
pub(crate) async fn check_signed<T: tenderbox_seal::signed::Document>(
    conn: &mut sqlx::AnyConnection,
    caller: &Caller,
    signed: &SignedDoc<T>,
) -> Result<()> {
    if signed.signer != caller.id {
        return Err(Error::BadRequest("signature.invalid", format!("the document is signed by {}, not by you", signed.signer)));
    }
    let me = identity_of(conn, &caller.id).await?;
    verify_doc(signed, &me).map_err(|e| Error::BadRequest("signature.invalid", e.to_string()))
}

/// Refuses once the report is final: the session is over for everyone.
pub(crate) async fn ensure_open(conn: &mut sqlx::AnyConnection, tender: &str) -> Result<()> {
    let fin: Option<Option<i64>> =
        sqlx::query_scalar("SELECT final_at FROM evaluation_reports WHERE tender_id = $1").bind(tender).fetch_optional(&mut *conn).await?;
    if fin.flatten().is_some() {
        return Err(Error::Forbidden(
            "evaluation.closed",
            format!("the evaluation of tender {tender} is over: its report is final and the bids and sheets are closed"),
        ));
    }
    Ok(())
}

fn opening_reason(l: &tenderbox_wire::OpeningLine) -> Option<String> {
    match l.outcome {
        BidOutcome::Revoked => Some("未在解密时限内解密，投标被撤销".into()),
        BidOutcome::Withdrawn => Some("投标已撤回".into()),
        BidOutcome::Decrypted if !l.rejected.is_empty() => {
            Some(format!("开标时不予唱标：{}", l.rejected.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("；")))
        }
        BidOutcome::Decrypted => None,
    }
}

async fn signed_rows<T: tenderbox_seal::signed::Document>(
    conn: &mut sqlx::AnyConnection,
    sql: &'static str,
    tender: &str,
    members: &[String],
) -> Result<Vec<(String, SignedDoc<T>)>> {
    let rows = sqlx::query(sql).bind(tender).fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for r in &rows {
        let seat: String = r.try_get("seat_id")?;
        if members.contains(&seat) {
            out.push((seat, serde_json::from_str(&r.try_get::<String, _>("signed")?).map_err(Error::internal)?));
        }
    }
    Ok(out)
}

/// The committee's work as the caller may see it.
pub(crate) async fn work(conn: &mut sqlx::AnyConnection, tender: &str, caller: &Caller, now: Timestamp) -> Result<EvaluationWork> {
    let st = evaluation::state(conn, tender, caller).await?;
    ensure_open(conn, tender).await?;
    let t = tenders::load(conn, tender).await?;
    let doc = &t.document;
    let record = evaluation::opening_record(conn, tender).await?;
    let members: Vec<String> = st.members.iter().filter(|m| !m.void && m.declaration == "none").map(|m| m.seat.clone()).collect();
    let overseer = st.me.is_none() && (caller.has(Role::CentreAdmin) || caller.has(Role::Supervisor));
    let full = members.len() as u32 == st.committee_size;
    let bids: Vec<ReviewBid> = record
        .lines
        .iter()
        .filter(|l| opening_reason(l).is_none())
        .map(|l| {
            let lots: Vec<String> = l.lots.iter().map(|o| o.lot.clone()).collect();
            ReviewBid {
                bidder_uscc: l.bidder_uscc.clone(),
                bidder_name: l.bidder_name.clone(),
                lots: l.lots.clone(),
                items: review_items(doc, &lots),
            }
        })
        .collect();
    let rejected_at_opening = record
        .lines
        .iter()
        .filter_map(|l| {
            opening_reason(l).map(|reason| RejectedBid { bidder_uscc: l.bidder_uscc.clone(), bidder_name: l.bidder_name.clone(), reason })
        })
        .collect();
    let review_bids: Vec<(String, Vec<ev::ReviewItem>)> = bids.iter().map(|b| (b.bidder_uscc.clone(), b.items.clone())).collect();

    let reviews: Vec<(String, SignedDoc<ReviewSheet>)> =
        signed_rows(conn, "SELECT seat_id, signed FROM evaluation_reviews WHERE tender_id = $1 ORDER BY seat_id", tender, &members).await?;
    let reviews_submitted: Vec<String> = reviews.iter().map(|(s, _)| s.clone()).collect();
    let i_reviewed = st.me.as_ref().is_some_and(|m| reviews_submitted.contains(m));
    // The credit check as of the evaluation (once the committee is complete) counts.
    let credit = if full {
        super::credit::check_bidders(conn, tender, doc.trading_type, &doc.centre, "evaluation", now).await?;
        super::credit::checks_of(conn, tender, None).await?
    } else {
        super::credit::checks_of(conn, tender, Some("deadline")).await?
    };
    let barred: Vec<(String, Vec<String>)> = credit
        .iter()
        .filter(|c| c.stage == "evaluation")
        .map(|c| (c.bidder.clone(), c.findings.iter().map(|f| f.citation()).collect()))
        .collect();
    let conclusion = (full && reviews_submitted.len() == members.len()).then(|| {
        let mut c = conclude_review(&review_bids, &reviews.iter().map(|(_, s)| s.doc.clone()).collect::<Vec<_>>());
        ev::apply_credit(&mut c, &barred);
        c
    });
    let visible_reviews =
        reviews.iter().filter(|(s, _)| overseer || i_reviewed || st.me.as_ref() == Some(s)).map(|(_, d)| d.clone()).collect();

    let sheets: Vec<(String, SignedDoc<ScoreSheet>)> =
        signed_rows(conn, "SELECT seat_id, signed FROM evaluation_sheets WHERE tender_id = $1 ORDER BY lot, seat_id", tender, &members)
            .await?;
    let reasons =
        sqlx::query("SELECT seat_id, lot, bidder, reason FROM evaluation_deviation_reasons WHERE tender_id = $1 ORDER BY seat_id")
            .bind(tender)
            .fetch_all(&mut *conn)
            .await?;
    let criteria = doc.criteria().to_vec();
    let mut lots = Vec::new();
    for lot in &doc.lots {
        let admitted: Vec<AdmittedBid> = match &conclusion {
            Some(c) => bids
                .iter()
                .filter(|b| c.iter().any(|r| r.bidder == b.bidder_uscc && r.passed))
                .filter_map(|b| {
                    b.lots.iter().find(|o| o.lot == lot.id).map(|o| AdmittedBid {
                        bidder_uscc: b.bidder_uscc.clone(),
                        bidder_name: b.bidder_name.clone(),
                        price: o.price,
                    })
                })
                .collect(),
            None => vec![],
        };
        let of_lot: Vec<&(String, SignedDoc<ScoreSheet>)> = sheets.iter().filter(|(_, s)| s.doc.lot == lot.id).collect();
        let submitted: Vec<String> = of_lot.iter().map(|(s, _)| s.clone()).collect();
        let mine_in = st.me.as_ref().is_some_and(|m| submitted.contains(m));
        let docs: Vec<ScoreSheet> = of_lot.iter().map(|(_, s)| s.doc.clone()).collect();
        let problems = ev::objective_differences(&criteria, &docs);
        let prices: Vec<(String, tenderbox_core::Decimal)> = admitted.iter().map(|a| (a.bidder_uscc.clone(), a.price)).collect();
        let evaluation = match &doc.method {
            _ if conclusion.is_none() => None,
            EvaluationMethod::LowestEvaluatedPrice { .. } => ev::evaluate_lot(&doc.method, &doc.scoring, &lot.id, &prices, &[]).ok(),
            EvaluationMethod::Comprehensive { .. } => {
                let complete = admitted.is_empty() || (submitted.len() == members.len() && problems.is_empty());
                if complete {
                    Some(
                        ev::evaluate_lot(&doc.method, &doc.scoring, &lot.id, &prices, &member_totals(&docs))
                            .map_err(|e| Error::Internal(format!("lot {}: {e}", lot.id)))?,
                    )
                } else {
                    None
                }
            }
        };
        let mut deviation_reasons = Vec::new();
        for r in reasons.iter().filter(|r| r.try_get::<String, _>("lot").is_ok_and(|l| l == lot.id)) {
            deviation_reasons.push(DeviationReason {
                seat: r.try_get("seat_id")?,
                bidder: r.try_get("bidder")?,
                reason: r.try_get("reason")?,
            });
        }
        lots.push(LotWork {
            lot: lot.id.clone(),
            name: lot.name.clone(),
            admitted,
            sheets: of_lot.iter().filter(|(s, _)| overseer || mine_in || st.me.as_ref() == Some(s)).map(|(_, d)| d.clone()).collect(),
            submitted,
            problems,
            evaluation,
            deviation_reasons,
        });
    }
    let tie_decisions = tie_decisions(conn, tender).await?;
    let decided: Vec<(String, String)> = tie_decisions.iter().map(|d| (d.lot.clone(), d.bidder.clone())).collect();
    let awards = if lots.iter().all(|l| l.evaluation.is_some()) {
        let evaluated: Vec<ev::LotEvaluation> = lots.iter().filter_map(|l| l.evaluation.clone()).collect();
        Some(ev::award(doc, &evaluated, &decided))
    } else {
        None
    };
    Ok(EvaluationWork {
        tender: tender.to_string(),
        method: match doc.method {
            EvaluationMethod::Comprehensive { .. } => "comprehensive".into(),
            EvaluationMethod::LowestEvaluatedPrice { .. } => "lowest_evaluated_price".into(),
        },
        criteria,
        members,
        me: st.me.clone(),
        chair: st.chair.clone(),
        bids,
        rejected_at_opening,
        reviews_submitted,
        reviews: visible_reviews,
        conclusion,
        lots,
        questions: questions(conn, Of::Tender(tender)).await?,
        tie_decisions,
        awards,
        report: report_state(conn, tender).await?,
        credit,
    })
}

pub(crate) async fn tie_decisions(conn: &mut sqlx::AnyConnection, tender: &str) -> Result<Vec<TieDecision>> {
    let rows = sqlx::query("SELECT lot, bidder, how FROM evaluation_tie_decisions WHERE tender_id = $1 ORDER BY at, lot")
        .bind(tender)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::new();
    for r in &rows {
        out.push(TieDecision { lot: r.try_get("lot")?, bidder: r.try_get("bidder")?, how: r.try_get("how")? });
    }
    Ok(out)
}

/// The chair records how a tie the tender's tie-breaks leave open was decided (by the
/// procedure the tender states, e.g. lots drawn before the supervisor), before the report.
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/ties", tag = "evaluation", params(("id" = String, Path)), request_body = TieDecision, security(("bearer" = [])), responses((status = 200, body = EvaluationWork), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn decide_tie(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<TieDecision>,
) -> Result<Json<EvaluationWork>> {
    let now = s.now();
    let how = b.how.trim().to_string();
    if how.is_empty() || how.chars().count() > ev::MAX_NOTE {
        return Err(Error::BadRequest("evaluation.reason", "say how the tie was decided (the procedure the tender states)".into()));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let seat = working_member(&mut tx, &id, &caller).await?;
    let w = work(&mut tx, &id, &caller, s.now()).await?;
    if w.chair.as_deref() != Some(seat.as_str()) {
        return Err(Error::Forbidden("evaluation.chair_only", "the chair records how a tie was decided".into()));
    }
    if w.report.is_some() {
        return Err(Error::Conflict("evaluation.report_exists", "the report is drawn up; the awards can no longer change".into()));
    }
    let tied = w.awards.as_ref().and_then(|a| {
        a.awards.iter().find_map(|x| match x {
            tenderbox_core::scoring::LotAward::Tied { lot, bidders } if *lot == b.lot => Some(bidders.clone()),
            _ => None,
        })
    });
    let Some(bidders) = tied else {
        return Err(Error::Conflict("evaluation.not_tied", format!("lot {} has no open tie to decide", b.lot)));
    };
    if !bidders.contains(&b.bidder) {
        return Err(Error::BadRequest("evaluation.bidder", format!("{} is not one of the tied bidders {}", b.bidder, bidders.join(", "))));
    }
    sqlx::query("INSERT INTO evaluation_tie_decisions (tender_id, lot, bidder, how, seat_id, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&id)
        .bind(&b.lot)
        .bind(&b.bidder)
        .bind(&how)
        .bind(&seat)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "evaluation.tie_decided",
            Some(&id),
            Audience::Public,
            now,
            json!({ "lot": b.lot, "bidder": b.bidder, "how": how }),
        )
        .await?;
    let after = work(&mut tx, &id, &caller, s.now()).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(after))
}

pub(crate) async fn report_state(conn: &mut sqlx::AnyConnection, tender: &str) -> Result<Option<ReportState>> {
    let Some(r) = sqlx::query("SELECT * FROM evaluation_reports WHERE tender_id = $1").bind(tender).fetch_optional(&mut *conn).await?
    else {
        return Ok(None);
    };
    let sigs = sqlx::query("SELECT seat_id, signed FROM evaluation_report_signatures WHERE tender_id = $1 ORDER BY seat_id")
        .bind(tender)
        .fetch_all(&mut *conn)
        .await?;
    let mut signed = Vec::new();
    let mut dissents = 0;
    for s in &sigs {
        signed.push(s.try_get::<String, _>("seat_id")?);
        let d: SignedDoc<ev::ReportSignature> = serde_json::from_str(&s.try_get::<String, _>("signed")?).map_err(Error::internal)?;
        if d.doc.dissent.is_some() {
            dissents += 1;
        }
    }
    Ok(Some(ReportState {
        report_sha256: r.try_get("report_sha256")?,
        pdf_sha256: r.try_get("pdf_sha256")?,
        generated_at: Timestamp::from_unix(r.try_get("generated_at")?),
        signed,
        dissents,
        final_at: r.try_get::<Option<i64>, _>("final_at")?.map(Timestamp::from_unix),
    }))
}

/// Questions by tender, by bidder, or one by id.
enum Of<'a> {
    Tender(&'a str),
    Bidder(&'a str),
    Id(&'a str),
}

async fn questions(conn: &mut sqlx::AnyConnection, of: Of<'_>) -> Result<Vec<CommitteeQuestion>> {
    let (sql, value) = match of {
        Of::Tender(v) => ("SELECT * FROM evaluation_questions WHERE tender_id = $1 ORDER BY asked_at, id", v),
        Of::Bidder(v) => ("SELECT * FROM evaluation_questions WHERE bidder_uscc = $1 ORDER BY asked_at, id", v),
        Of::Id(v) => ("SELECT * FROM evaluation_questions WHERE id = $1", v),
    };
    let rows = sqlx::query(sql).bind(value).fetch_all(&mut *conn).await?;
    let mut out = Vec::new();
    for r in &rows {
        out.push(CommitteeQuestion {
            id: r.try_get("id")?,
            tender: r.try_get("tender_id")?,
            bidder_uscc: r.try_get("bidder_uscc")?,
            question: r.try_get("question")?,
            asked_at: Timestamp::from_unix(r.try_get("asked_at")?),
            due_at: Timestamp::from_unix(r.try_get("due_at")?),
            answer: match r.try_get::<Option<String>, _>("answer")? {
                Some(a) => Some(serde_json::from_str(&a).map_err(Error::internal)?),
                None => None,
            },
            answered_at: r.try_get::<Option<i64>, _>("answered_at")?.map(Timestamp::from_unix),
        });
    }
    Ok(out)
}

#[utoipa::path(get, path = "/v1/tenders/{id}/evaluation/work", tag = "evaluation", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = EvaluationWork), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_work(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<EvaluationWork>> {
    let mut conn = s.pool.acquire().await?;
    Ok(Json(work(&mut conn, &id, &caller, s.now()).await?))
}

/// A member who declared no conflict, in a session still open.
async fn working_member(conn: &mut sqlx::AnyConnection, tender: &str, caller: &Caller) -> Result<String> {
    let seat = evaluation::member(conn, tender, caller).await?;
    let declared: Option<String> = sqlx::query_scalar("SELECT declaration FROM evaluation_members WHERE tender_id = $1 AND seat_id = $2")
        .bind(tender)
        .bind(&seat)
        .fetch_one(&mut *conn)
        .await?;
    if declared.as_deref() != Some("[]") {
        return Err(Error::Conflict("evaluation.declare_first", "declare your conflicts with the bidders first".into()));
    }
    Ok(seat)
}

/// A member submits (or, until every member's is in, replaces) their signed review sheet.
#[utoipa::path(put, path = "/v1/tenders/{id}/evaluation/review", tag = "evaluation", params(("id" = String, Path)), request_body = Object, security(("bearer" = [])), responses((status = 200, body = EvaluationWork), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn put_review(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<SignedDoc<ReviewSheet>>,
) -> Result<Json<EvaluationWork>> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let seat = working_member(&mut tx, &id, &caller).await?;
    let w = work(&mut tx, &id, &caller, s.now()).await?;
    if w.conclusion.is_some() {
        return Err(Error::Conflict("review.closed", "every member's review is in and the committee's conclusion is drawn".into()));
    }
    check_signed(&mut tx, &caller, &b).await?;
    let bids: Vec<(String, Vec<ev::ReviewItem>)> = w.bids.iter().map(|b| (b.bidder_uscc.clone(), b.items.clone())).collect();
    let problems = ev::check_review(&b.doc, &id, &seat, &bids);
    if !problems.is_empty() {
        return Err(refuse("the review sheet is refused", &problems));
    }
    let sha = doc_sha256(&b.doc).map_err(Error::internal)?;
    sqlx::query("DELETE FROM evaluation_reviews WHERE tender_id = $1 AND seat_id = $2").bind(&id).bind(&seat).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO evaluation_reviews (tender_id, seat_id, signed, submitted_at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(&seat)
        .bind(serde_json::to_string(&b).map_err(Error::internal)?)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard.append(&mut tx, "evaluation.review_submitted", Some(&id), Audience::Public, now, json!({ "seat": seat, "sha256": sha })).await?;
    let after = work(&mut tx, &id, &caller, s.now()).await?;
    if let Some(c) = &after.conclusion {
        let out: Vec<_> = c.iter().filter(|r| !r.passed).map(|r| json!({ "bidder": r.bidder, "reason": r.reason() })).collect();
        guard.append(&mut tx, "evaluation.review_concluded", Some(&id), Audience::Public, now, json!({ "out": out })).await?;
    }
    tx.commit().await?;
    guard.commit();
    Ok(Json(after))
}

/// A member submits their signed score sheet for a lot. Once another member's sheet for
/// the lot is in, the member's subjective scores are locked (they may have read the
/// others'); objective scores may still be corrected until they agree.
#[utoipa::path(put, path = "/v1/tenders/{id}/evaluation/sheets/{lot}", tag = "evaluation", params(("id" = String, Path), ("lot" = String, Path)), request_body = Object, security(("bearer" = [])), responses((status = 200, body = EvaluationWork), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn put_sheet(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, lot)): Path<(String, String)>,
    Json(b): Json<SignedDoc<ScoreSheet>>,
) -> Result<Json<EvaluationWork>> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let seat = working_member(&mut tx, &id, &caller).await?;
    let w = work(&mut tx, &id, &caller, s.now()).await?;
    if w.conclusion.is_none() {
        return Err(Error::Conflict("score.review_first", "scoring starts when every member's review is in".into()));
    }
    if w.method != "comprehensive" {
        return Err(Error::Conflict(
            "score.no_scoring",
            "this tender is evaluated by the lowest evaluated price: nothing is scored".into(),
        ));
    }
    let lw = w.lots.iter().find(|l| l.lot == lot).ok_or_else(|| Error::NotFound("score.lot", format!("tender {id} has no lot {lot}")))?;
    if lw.evaluation.is_some() {
        return Err(Error::Conflict("score.closed", format!("every member's sheet for lot {lot} is in and the lot is evaluated")));
    }
    check_signed(&mut tx, &caller, &b).await?;
    let bidders: Vec<String> = lw.admitted.iter().map(|a| a.bidder_uscc.clone()).collect();
    let problems = ev::check_scores(&b.doc, &id, &seat, &lot, &w.criteria, &bidders, &t_rules(&mut tx, &id).await?);
    if !problems.is_empty() {
        return Err(refuse("the score sheet is refused", &problems));
    }
    let others_in = lw.submitted.iter().any(|x| *x != seat);
    if let Some(prev) = lw.sheets.iter().find(|d| d.doc.seat == seat)
        && others_in
    {
        let subjective = |sheet: &ScoreSheet| {
            let mut v: Vec<(String, String, tenderbox_core::Decimal)> = sheet
                .scores
                .iter()
                .filter(|c| w.criteria.iter().any(|k| k.id == c.criterion && k.kind == CriterionKind::Subjective))
                .map(|c| (c.bidder.clone(), c.criterion.clone(), c.score.normalize()))
                .collect();
            v.sort();
            v
        };
        if subjective(&prev.doc) != subjective(&b.doc) {
            return Err(Error::Conflict(
                "score.locked",
                "another member's sheet is in, so your subjective scores are locked; only objective scores may be corrected".into(),
            ));
        }
    }
    let sha = doc_sha256(&b.doc).map_err(Error::internal)?;
    sqlx::query("DELETE FROM evaluation_sheets WHERE tender_id = $1 AND seat_id = $2 AND lot = $3")
        .bind(&id)
        .bind(&seat)
        .bind(&lot)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO evaluation_sheets (tender_id, seat_id, lot, signed, submitted_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(&seat)
        .bind(&lot)
        .bind(serde_json::to_string(&b).map_err(Error::internal)?)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(&mut tx, "evaluation.sheet_submitted", Some(&id), Audience::Public, now, json!({ "seat": seat, "lot": lot, "sha256": sha }))
        .await?;
    let after = work(&mut tx, &id, &caller, s.now()).await?;
    if let Some(e) = after.lots.iter().find(|l| l.lot == lot).and_then(|l| l.evaluation.as_ref()) {
        let ranking: Vec<_> = e.lines.iter().map(|l| json!({ "bidder": l.bidder, "total": l.total, "rank": l.rank })).collect();
        guard
            .append(&mut tx, "evaluation.lot_evaluated", Some(&id), Audience::Public, now, json!({ "lot": lot, "ranking": ranking }))
            .await?;
    }
    tx.commit().await?;
    guard.commit();
    Ok(Json(after))
}

async fn t_rules(conn: &mut sqlx::AnyConnection, id: &str) -> Result<tenderbox_core::tender::ScoringRules> {
    Ok(tenders::load(conn, id).await?.document.scoring)
}

/// A member flagged for a deviating score writes the reason.
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/deviations/{lot}", tag = "evaluation", params(("id" = String, Path), ("lot" = String, Path)), request_body = DeviationNote, security(("bearer" = [])), responses((status = 200, body = EvaluationWork), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn explain_deviation(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, lot)): Path<(String, String)>,
    Json(b): Json<DeviationNote>,
) -> Result<Json<EvaluationWork>> {
    let now = s.now();
    let reason = b.reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > ev::MAX_NOTE {
        return Err(Error::BadRequest(
            "evaluation.reason",
            format!("write the reason for your score (at most {} characters)", ev::MAX_NOTE),
        ));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let seat = working_member(&mut tx, &id, &caller).await?;
    let w = work(&mut tx, &id, &caller, s.now()).await?;
    if w.report.is_some() {
        return Err(Error::Conflict("evaluation.report_exists", "the report is drawn up; reasons can no longer change".into()));
    }
    let flagged = w
        .lots
        .iter()
        .find(|l| l.lot == lot)
        .and_then(|l| l.evaluation.as_ref())
        .and_then(|e| e.lines.iter().find(|x| x.bidder == b.bidder))
        .is_some_and(|x| x.deviations.iter().any(|d| d.seat == seat));
    if !flagged {
        return Err(Error::Conflict(
            "evaluation.not_deviating",
            format!("your score for {} in lot {lot} does not deviate beyond the tender's threshold", b.bidder),
        ));
    }
    sqlx::query("DELETE FROM evaluation_deviation_reasons WHERE tender_id = $1 AND seat_id = $2 AND lot = $3 AND bidder = $4")
        .bind(&id)
        .bind(&seat)
        .bind(&lot)
        .bind(&b.bidder)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO evaluation_deviation_reasons (tender_id, seat_id, lot, bidder, reason, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&id)
        .bind(&seat)
        .bind(&lot)
        .bind(&b.bidder)
        .bind(&reason)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "evaluation.deviation_explained",
            Some(&id),
            Audience::Public,
            now,
            json!({ "seat": seat, "lot": lot, "bidder": b.bidder }),
        )
        .await?;
    let after = work(&mut tx, &id, &caller, s.now()).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(after))
}

/// The chair asks a bidder to clarify its bid (澄清), with the time the answer is due.
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/questions", tag = "evaluation", params(("id" = String, Path)), request_body = AskBidder, security(("bearer" = [])), responses((status = 200, body = EvaluationWork), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn ask_bidder(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<AskBidder>,
) -> Result<Json<EvaluationWork>> {
    let now = s.now();
    let question = b.question.trim().to_string();
    if question.is_empty() || question.chars().count() > MAX_TEXT {
        return Err(Error::BadRequest("clarification.empty", format!("write the question (at most {MAX_TEXT} characters)")));
    }
    if b.due_at <= now {
        return Err(Error::BadRequest("clarification.due", "the answer must be due after now".into()));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let seat = working_member(&mut tx, &id, &caller).await?;
    let w = work(&mut tx, &id, &caller, s.now()).await?;
    if w.chair.as_deref() != Some(seat.as_str()) {
        return Err(Error::Forbidden("evaluation.chair_only", "the chair sends the committee's questions".into()));
    }
    if w.report.is_some() {
        return Err(Error::Conflict("evaluation.report_exists", "the report is drawn up; no more questions".into()));
    }
    if !w.bids.iter().any(|x| x.bidder_uscc == b.bidder_uscc) {
        return Err(Error::BadRequest("evaluation.bidder", format!("{} is not a bidder under evaluation in tender {id}", b.bidder_uscc)));
    }
    let qid = super::random_hex(8);
    sqlx::query("INSERT INTO evaluation_questions (id, tender_id, bidder_uscc, question, asked_by, asked_at, due_at, answer, answered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL)")
        .bind(&qid)
        .bind(&id)
        .bind(&b.bidder_uscc)
        .bind(&question)
        .bind(&seat)
        .bind(now.unix())
        .bind(b.due_at.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "evaluation.question",
            Some(&id),
            Audience::Public,
            now,
            json!({ "id": qid, "bidder": b.bidder_uscc, "due_at": b.due_at, "sha256": hex::encode(tenderbox_core::sha256(question.as_bytes())) }),
        )
        .await?;
    let after = work(&mut tx, &id, &caller, s.now()).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(after))
}

async fn caller_uscc(conn: &mut sqlx::AnyConnection, caller: &Caller) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT uscc FROM identities WHERE id = $1").bind(&caller.id).fetch_one(&mut *conn).await?)
}

/// The committee's questions to the calling bidder, across tenders.
#[utoipa::path(get, path = "/v1/evaluation-questions", tag = "evaluation", security(("bearer" = [])), responses((status = 200, body = Vec<CommitteeQuestion>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn my_questions(State(s): State<AppState>, caller: Caller) -> Result<Json<Vec<CommitteeQuestion>>> {
    caller.require(Role::Bidder)?;
    let mut conn = s.pool.acquire().await?;
    let uscc = caller_uscc(&mut conn, &caller).await?;
    Ok(Json(questions(&mut conn, Of::Bidder(&uscc)).await?))
}

/// The bidder answers, signed, before the answer is due. The answer explains the bid; it
/// cannot change the price or the substance (the committee reads it as such).
#[utoipa::path(post, path = "/v1/evaluation-questions/{qid}/answer", tag = "evaluation", params(("qid" = String, Path)), request_body = Object, security(("bearer" = [])), responses((status = 200, body = CommitteeQuestion), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn answer_question(
    State(s): State<AppState>,
    caller: Caller,
    Path(qid): Path<String>,
    Json(b): Json<SignedDoc<ClarificationAnswer>>,
) -> Result<Json<CommitteeQuestion>> {
    caller.require(Role::Bidder)?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let uscc = caller_uscc(&mut tx, &caller).await?;
    let q = questions(&mut tx, Of::Id(&qid))
        .await?
        .into_iter()
        .find(|q| q.bidder_uscc == uscc)
        .ok_or_else(|| Error::NotFound("clarification.not_found", format!("no question {qid} to you")))?;
    ensure_open(&mut tx, &q.tender).await?;
    if q.answer.is_some() {
        return Err(Error::Conflict("clarification.answered", "this question is answered already".into()));
    }
    if now > q.due_at {
        return Err(Error::Conflict("clarification.closed", format!("the answer was due at {} (Beijing)", q.due_at.to_beijing())));
    }
    check_signed(&mut tx, &caller, &b).await?;
    let d = &b.doc;
    let text = d.answer.trim();
    if d.format != ev::SHEET_FORMAT
        || d.tender != q.tender
        || d.question != qid
        || d.bidder != uscc
        || d.question_sha256 != hex::encode(tenderbox_core::sha256(q.question.as_bytes()))
    {
        return Err(Error::BadRequest("clarification.mismatch", "the signed answer is not for this question, tender and bidder".into()));
    }
    if text.is_empty() || text.chars().count() > MAX_TEXT {
        return Err(Error::BadRequest("clarification.empty", format!("write the answer (at most {MAX_TEXT} characters)")));
    }
    sqlx::query("UPDATE evaluation_questions SET answer = $1, answered_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&b).map_err(Error::internal)?)
        .bind(now.unix())
        .bind(&qid)
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "evaluation.answer",
            Some(&q.tender),
            Audience::Public,
            now,
            json!({ "id": qid, "bidder": uscc, "sha256": doc_sha256(d).map_err(Error::internal)? }),
        )
        .await?;
    let out = questions(&mut tx, Of::Id(&qid)).await?.into_iter().next().ok_or_else(|| Error::Internal("question vanished".into()))?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(out))
}
