//! Bid security (投标保证金). A bidder reads what a tender requires and gets the reference
//! for its bank transfer; the centre's finance office imports the bank statement (every bad
//! row by line, nothing taken on any error) and records refunds; a registered guarantor
//! issues an electronic guarantee (电子保函) as a signed document, checked against the
//! tender's terms, and may revoke it before the deadline. At the deadline every bid's
//! security is checked (`security.at_deadline`); the opening record rejects a bid without it,
//! with the reason. Deposits fall due 5 days (procurement: 5 working days) after a withdrawal,
//! the contract, or the end of a tender that will have none; an overdue refund is an alert.
//!
//! Who pays security for which tender is as secret as who bids: the guarantee and deposit
//! events are readable by their author only until the tender closes, like `bid.received`.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use tenderbox_core::Decimal;
use tenderbox_core::credit::{SubjectKind, day_of};
use tenderbox_core::security::{
    DepositFact, Guarantee, GuaranteeFact, GuaranteeRevocation, RefundCause, SecurityOutcome, deposit_reference, guarantee_problems,
    parse_statement, refund_due, security_at_deadline,
};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::signed::{SignedDoc, doc_sha256};
use tenderbox_wire::{
    ContractSigned, DepositImportReport, DepositRecord, GuaranteeRecord, RefundRequest, Role, SecurityCheck, SecurityStatus, TenderStatus,
};

use super::review::check_signed;

async fn uscc_of(conn: &mut sqlx::AnyConnection, identity: &str) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT uscc FROM identities WHERE id = $1").bind(identity).fetch_one(&mut *conn).await?)
}

fn dec(s: &str) -> Result<Decimal> {
    s.parse().map_err(Error::internal)
}

/// The credit record that exempts `uscc` from security today, if the library grants it.
async fn exemption_of(conn: &mut sqlx::AnyConnection, uscc: &str, at: Timestamp) -> Result<tenderbox_core::credit::Exemption> {
    let records = super::credit::records_of(conn, SubjectKind::Entity, &[uscc.to_string()]).await?;
    Ok(tenderbox_core::credit::security_exemption(&records, uscc, &day_of(at)))
}

async fn deposits_of(conn: &mut sqlx::AnyConnection, tender: &str, bidder: Option<&str>) -> Result<Vec<sqlx::any::AnyRow>> {
    Ok(match bidder {
        Some(b) => {
            sqlx::query("SELECT * FROM deposits WHERE tender_id = $1 AND bidder = $2 ORDER BY received_at, id")
                .bind(tender)
                .bind(b)
                .fetch_all(&mut *conn)
                .await?
        }
        None => {
            sqlx::query("SELECT * FROM deposits WHERE tender_id = $1 ORDER BY bidder, received_at, id")
                .bind(tender)
                .fetch_all(&mut *conn)
                .await?
        }
    })
}

async fn guarantees_of(conn: &mut sqlx::AnyConnection, tender: &str, applicant: Option<&str>) -> Result<Vec<GuaranteeRecord>> {
    let rows = match applicant {
        Some(a) => {
            sqlx::query("SELECT * FROM guarantees WHERE tender_id = $1 AND applicant = $2 ORDER BY received_at, id")
                .bind(tender)
                .bind(a)
                .fetch_all(&mut *conn)
                .await?
        }
        None => {
            sqlx::query("SELECT * FROM guarantees WHERE tender_id = $1 ORDER BY applicant, received_at, id")
                .bind(tender)
                .fetch_all(&mut *conn)
                .await?
        }
    };
    let mut out = Vec::new();
    for r in &rows {
        out.push(guarantee_record(conn, r).await?);
    }
    Ok(out)
}

async fn guarantee_record(conn: &mut sqlx::AnyConnection, r: &sqlx::any::AnyRow) -> Result<GuaranteeRecord> {
    let guarantor: String = r.try_get("guarantor_id")?;
    let doc: String = sqlx::query_scalar("SELECT document FROM identities WHERE id = $1").bind(&guarantor).fetch_one(&mut *conn).await?;
    Ok(GuaranteeRecord {
        id: r.try_get("id")?,
        signed: serde_json::from_str(&r.try_get::<String, _>("signed")?).map_err(Error::internal)?,
        guarantor_identity: serde_json::from_str(&doc).map_err(Error::internal)?,
        received_at: Timestamp::from_unix(r.try_get("received_at")?),
        revocation: r.try_get::<Option<String>, _>("revocation")?.map(|x| serde_json::from_str(&x)).transpose().map_err(Error::internal)?,
    })
}

/// Why and when a deposit of `bidder` in `tender` falls due, if it does yet.
async fn refund_cause(
    conn: &mut sqlx::AnyConnection,
    tender: &tenderbox_wire::TenderRecord,
    bidder: &str,
) -> Result<Option<(RefundCause, Timestamp)>> {
    let withdrawn: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT MAX(b.withdrawn_at) FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND i.uscc = $2 AND b.status = 'withdrawn'",
    )
    .bind(&tender.summary.id)
    .bind(bidder)
    .fetch_optional(&mut *conn)
    .await?;
    let active: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND i.uscc = $2 AND b.status = 'active'",
    )
    .bind(&tender.summary.id)
    .bind(bidder)
    .fetch_one(&mut *conn)
    .await?;
    if active == 0
        && let Some(Some(at)) = withdrawn
    {
        return Ok(Some((RefundCause::Withdrawn, Timestamp::from_unix(at))));
    }
    let contract: Option<i64> = sqlx::query_scalar("SELECT signed_at FROM contracts WHERE tender_id = $1")
        .bind(&tender.summary.id)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(at) = contract {
        return Ok(Some((RefundCause::ContractSigned, Timestamp::from_unix(at))));
    }
    if matches!(tender.summary.status, TenderStatus::Failed | TenderStatus::Cancelled) {
        // The deadline of a failed tender; the cancellation's day is close enough when cancelled
        // before it (the event's time is in the log).
        let at = sqlx::query_scalar::<_, i64>(
            "SELECT MAX(at) FROM events WHERE tender_id = $1 AND kind IN ('tender.failed', 'tender.cancelled')",
        )
        .bind(&tender.summary.id)
        .fetch_one(&mut *conn)
        .await
        .unwrap_or(tender.document.deadline.unix());
        return Ok(Some((RefundCause::TenderEnded, Timestamp::from_unix(at))));
    }
    Ok(None)
}

async fn deposit_record(
    conn: &mut sqlx::AnyConnection,
    r: &sqlx::any::AnyRow,
    tender: &tenderbox_wire::TenderRecord,
    today: &str,
) -> Result<DepositRecord> {
    let bidder: String = r.try_get("bidder")?;
    let refunded_at: Option<i64> = r.try_get("refunded_at")?;
    let cause = refund_cause(conn, tender, &bidder).await?;
    let due = cause.map(|(_, at)| refund_due(tender.document.trading_type, at));
    Ok(DepositRecord {
        id: r.try_get("id")?,
        tender: r.try_get("tender_id")?,
        reference: r.try_get("reference")?,
        amount: dec(&r.try_get::<String, _>("amount")?)?,
        payer_name: r.try_get("payer_name")?,
        payer_account: r.try_get("payer_account")?,
        bank_serial: r.try_get("bank_serial")?,
        received_at: Timestamp::from_unix(r.try_get("received_at")?),
        refund_cause: cause.map(|(c, _)| serde_json::to_value(c).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()),
        overdue: refunded_at.is_none() && due.as_deref().is_some_and(|d| d < today),
        refund_due: due,
        refunded_at: refunded_at.map(Timestamp::from_unix),
        refund_serial: r.try_get("refund_serial")?,
        refund_amount: r.try_get::<Option<String>, _>("refund_amount")?.map(|a| dec(&a)).transpose()?,
        interest: r.try_get::<Option<String>, _>("interest")?.map(|a| dec(&a)).transpose()?,
        bidder,
    })
}

/// The security outcome of `bidder` in `tender` as of `at` (the deadline, or now).
async fn outcome_of(
    conn: &mut sqlx::AnyConnection,
    t: &tenderbox_wire::TenderRecord,
    bidder: &str,
    at: Timestamp,
) -> Result<SecurityOutcome> {
    let deposits: Vec<DepositFact> = deposits_of(conn, &t.summary.id, Some(bidder))
        .await?
        .iter()
        .map(|r| {
            Ok(DepositFact {
                amount: dec(&r.try_get::<String, _>("amount")?)?,
                received_at: Timestamp::from_unix(r.try_get("received_at")?),
            })
        })
        .collect::<Result<_>>()?;
    let guarantees: Vec<GuaranteeFact> = guarantees_of(conn, &t.summary.id, Some(bidder))
        .await?
        .iter()
        .map(|g| GuaranteeFact {
            number: g.signed.doc.number.clone(),
            amount: g.signed.doc.amount,
            issued_at: g.received_at,
            // Terms were checked when it was issued; a later amendment of the tender is checked here.
            terms_ok: t.document.security.as_ref().is_some_and(|req| {
                guarantee_problems(&g.signed.doc, &t.summary.id, &t.document.tenderer, req, t.document.deadline).is_empty()
            }),
            revoked_at: g.revocation.as_ref().map(|r| r.doc.revoked_at.max(g.received_at)),
        })
        .collect();
    let exemption = match &t.document.security {
        Some(req) if req.credit_exemption => exemption_of(conn, bidder, at).await?.because,
        _ => None,
    };
    Ok(security_at_deadline(t.document.security.as_ref(), &deposits, &guarantees, exemption.as_deref(), t.document.deadline))
}

/// At the deadline: every active bid's security, kept for the opening and supervisors.
pub(crate) async fn check_at_deadline(
    conn: &mut sqlx::AnyConnection,
    t: &tenderbox_wire::TenderRecord,
    at: Timestamp,
) -> Result<Vec<SecurityCheck>> {
    let tender = t.summary.id.as_str();
    let bidders: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT i.uscc FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND b.status = 'active' ORDER BY i.uscc",
    )
    .bind(tender)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for b in bidders {
        let outcome = outcome_of(conn, t, &b, at).await?;
        sqlx::query("INSERT INTO security_checks (tender_id, bidder, outcome, checked_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
            .bind(tender)
            .bind(&b)
            .bind(serde_json::to_string(&outcome).map_err(Error::internal)?)
            .bind(at.unix())
            .execute(&mut *conn)
            .await?;
        out.push(SecurityCheck { bidder: b, outcome, checked_at: at });
    }
    Ok(out)
}

/// The security checks of a tender as kept at the deadline.
pub(crate) async fn checks_of(conn: &mut sqlx::AnyConnection, tender: &str) -> Result<Vec<SecurityCheck>> {
    let rows = sqlx::query("SELECT bidder, outcome, checked_at FROM security_checks WHERE tender_id = $1 ORDER BY bidder")
        .bind(tender)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(SecurityCheck {
                bidder: r.try_get("bidder")?,
                outcome: serde_json::from_str(&r.try_get::<String, _>("outcome")?).map_err(Error::internal)?,
                checked_at: Timestamp::from_unix(r.try_get("checked_at")?),
            })
        })
        .collect()
}

/// The transfer reference of a bidder's deposit for a tender or an auction (`id`), kept so
/// that the finance office's statement import finds whose deposit a transfer is.
pub(crate) async fn issue_reference(conn: &mut sqlx::AnyConnection, id: &str, uscc: &str, now: Timestamp) -> Result<String> {
    let r = deposit_reference(id, uscc);
    sqlx::query("INSERT INTO deposit_references (reference, tender_id, bidder, issued_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
        .bind(&r)
        .bind(id)
        .bind(uscc)
        .bind(now.unix())
        .execute(&mut *conn)
        .await?;
    Ok(r)
}

/// A bidder's security for a tender: the requirement, its transfer reference (issued on
/// first reading), what was received, and how it stands now.
#[utoipa::path(get, path = "/v1/tenders/{id}/security", tag = "security", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = SecurityStatus), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn my_security(State(s): State<AppState>, caller: Caller, Path(tender): Path<String>) -> Result<Json<SecurityStatus>> {
    caller.require(Role::Bidder)?;
    let now = s.now();
    let mut conn = s.pool.acquire().await?;
    let t = super::tenders::load(&mut conn, &tender).await?;
    let me = uscc_of(&mut conn, &caller.id).await?;
    let reference = match &t.document.security {
        Some(req) if req.forms.contains(&tenderbox_core::security::SecurityForm::Deposit) => {
            Some(issue_reference(&mut conn, &tender, &me, now).await?)
        }
        _ => None,
    };
    let today = day_of(now);
    let mut deposits = Vec::new();
    for r in deposits_of(&mut conn, &tender, Some(&me)).await? {
        deposits.push(deposit_record(&mut conn, &r, &t, &today).await?);
    }
    let exemption = match &t.document.security {
        Some(req) if req.credit_exemption => Some(exemption_of(&mut conn, &me, now).await?),
        _ => None,
    };
    let outcome = outcome_of(&mut conn, &t, &me, if now < t.document.deadline { t.document.deadline } else { now }).await?;
    Ok(Json(SecurityStatus {
        tender,
        requirement: t.document.security.clone(),
        reference,
        deposits,
        guarantees: guarantees_of(&mut conn, &t.summary.id, Some(&me)).await?,
        exemption,
        outcome,
    }))
}

/// A guarantor issues an electronic guarantee, signed by its registered identity; its terms
/// must meet the tender's requirement, before the deadline.
#[utoipa::path(post, path = "/v1/guarantees", tag = "security", request_body(content = Object, description = "SignedDoc<Guarantee>"), security(("bearer" = [])), responses((status = 200, body = GuaranteeRecord), (status = "4XX", description = "refused, with a stable code and every problem", body = tenderbox_wire::ApiError)))]
pub async fn issue(State(s): State<AppState>, caller: Caller, Json(signed): Json<SignedDoc<Guarantee>>) -> Result<Json<GuaranteeRecord>> {
    caller.require(Role::Guarantor)?;
    let now = s.now();
    let g = &signed.doc;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    check_signed(&mut tx, &caller, &signed)
        .await
        .map_err(|_| Error::BadRequest("guarantee.signature", "the guarantee is not signed by your identity".into()))?;
    if uscc_of(&mut tx, &caller.id).await? != g.guarantor.uscc.as_str() {
        return Err(Error::BadRequest(
            "guarantee.terms",
            format!("the guarantee names guarantor {}, not your organisation", g.guarantor.uscc),
        ));
    }
    let t = super::tenders::load(&mut tx, &g.tender).await?;
    if now >= t.document.deadline || !matches!(t.summary.status, TenderStatus::Open | TenderStatus::AwaitingCommitteeKey) {
        return Err(Error::Conflict("guarantee.late", format!("tender {} is past its deadline; a guarantee no longer counts", g.tender)));
    }
    let req = t
        .document
        .security
        .as_ref()
        .ok_or_else(|| Error::BadRequest("guarantee.terms", format!("tender {} requires no bid security", g.tender)))?;
    let problems = guarantee_problems(g, &t.summary.id, &t.document.tenderer, req, t.document.deadline);
    if !problems.is_empty() {
        return Err(super::review::refuse("the guarantee does not meet the tender's terms", &problems));
    }
    let id = doc_sha256(g).map_err(Error::internal)?[..24].to_string();
    sqlx::query("INSERT INTO guarantees (id, number, tender_id, applicant, guarantor_id, amount, signed, received_at, revoked_at, revocation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL)")
        .bind(&id)
        .bind(&g.number)
        .bind(&g.tender)
        .bind(g.applicant.uscc.as_str())
        .bind(&caller.id)
        .bind(g.amount.to_string())
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(now.unix())
        .execute(&mut *tx)
        .await
        .map_err(|e| match Error::from(e) {
            Error::Conflict(..) => Error::Conflict("guarantee.exists", format!("guarantee number {} was issued already", g.number)),
            other => other,
        })?;
    guard
        .append(
            &mut tx,
            "guarantee.issued",
            Some(&g.tender),
            // Who is bidding stays secret until the deadline; the close reveals it.
            Audience::Identity(caller.id.clone()),
            now,
            json!({ "guarantee": id, "number": g.number, "applicant": g.applicant.uscc, "amount": g.amount, "sha256": doc_sha256(g).map_err(Error::internal)?, "signature": signed.signature }),
        )
        .await?;
    let r = sqlx::query("SELECT * FROM guarantees WHERE id = $1").bind(&id).fetch_one(&mut *tx).await?;
    let rec = guarantee_record(&mut tx, &r).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(rec))
}

/// The guarantor revokes a guarantee it issued, before the deadline, signed.
#[utoipa::path(post, path = "/v1/guarantees/{id}/revoke", tag = "security", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<GuaranteeRevocation>"), security(("bearer" = [])), responses((status = 200, body = GuaranteeRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn revoke(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<GuaranteeRevocation>>,
) -> Result<Json<GuaranteeRecord>> {
    caller.require(Role::Guarantor)?;
    if signed.doc.guarantee != id || signed.doc.reason.trim().is_empty() {
        return Err(Error::BadRequest("guarantee.terms", "the signed revocation must name this guarantee and give the reason".into()));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    check_signed(&mut tx, &caller, &signed)
        .await
        .map_err(|_| Error::BadRequest("guarantee.signature", "the revocation is not signed by your identity".into()))?;
    let r = sqlx::query("SELECT * FROM guarantees WHERE id = $1 AND guarantor_id = $2")
        .bind(&id)
        .bind(&caller.id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound("guarantee.not_found", format!("you issued no guarantee {id}")))?;
    if r.try_get::<Option<i64>, _>("revoked_at")?.is_some() {
        return Err(Error::Conflict("guarantee.revoked", format!("guarantee {id} is revoked already")));
    }
    let tender: String = r.try_get("tender_id")?;
    let t = super::tenders::load(&mut tx, &tender).await?;
    if now >= t.document.deadline {
        return Err(Error::Conflict("guarantee.late", "the deadline has passed: the guarantee stands for the bid validity period".into()));
    }
    sqlx::query("UPDATE guarantees SET revoked_at = $1, revocation = $2 WHERE id = $3")
        .bind(now.unix())
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "guarantee.revoked",
            Some(&tender),
            Audience::Identity(caller.id.clone()),
            now,
            json!({ "guarantee": id, "signature": signed.signature }),
        )
        .await?;
    let r = sqlx::query("SELECT * FROM guarantees WHERE id = $1").bind(&id).fetch_one(&mut *tx).await?;
    let rec = guarantee_record(&mut tx, &r).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(rec))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct GuaranteeQuery {
    /// The tender; without it, a guarantor's own guarantees across tenders.
    #[serde(default)]
    pub tender: Option<String>,
}

/// Guarantees of a tender: a guarantor's own, or all (finance, supervisors, centre admins;
/// the tender's agency after the deadline). Without a tender, a guarantor's own everywhere,
/// newest first (its desk).
#[utoipa::path(get, path = "/v1/guarantees", tag = "security", params(GuaranteeQuery), security(("bearer" = [])), responses((status = 200, body = Vec<GuaranteeRecord>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn list_guarantees(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<GuaranteeQuery>,
) -> Result<Json<Vec<GuaranteeRecord>>> {
    let mut conn = s.pool.acquire().await?;
    let Some(tender) = q.tender.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
        if !caller.has(Role::Guarantor) {
            return Err(Error::BadRequest("guarantee.terms", "name the tender whose guarantees you want (tender=…)".into()));
        }
        let rows = sqlx::query("SELECT * FROM guarantees WHERE guarantor_id = $1 ORDER BY received_at DESC, id")
            .bind(&caller.id)
            .fetch_all(&mut *conn)
            .await?;
        let mut out = Vec::new();
        for r in &rows {
            out.push(guarantee_record(&mut conn, r).await?);
        }
        return Ok(Json(out));
    };
    let t = super::tenders::load(&mut conn, tender).await?;
    let all = caller.has(Role::Finance)
        || caller.has(Role::Supervisor)
        || caller.has(Role::CentreAdmin)
        || (t.agency_id == caller.id && s.now() >= t.document.deadline);
    let list = guarantees_of(&mut conn, tender, None).await?;
    if all {
        return Ok(Json(list));
    }
    if caller.has(Role::Guarantor) {
        return Ok(Json(
            list.into_iter().filter(|g| tenderbox_wire::identity_id(&g.guarantor_identity.signing_key) == caller.id).collect(),
        ));
    }
    Err(Error::Forbidden("auth.role", "the guarantees of a tender are for its guarantors, the finance office and supervisors".into()))
}

/// The finance office imports the deposit account's bank statement: each credit is matched
/// to a bid by its reference. Every bad row (bad field, unknown reference) is reported by
/// line and nothing is recorded; a bank serial already recorded is skipped.
#[utoipa::path(post, path = "/v1/deposits/import", tag = "security", request_body(content = String, content_type = "text/csv"), security(("bearer" = [])), responses((status = 200, body = DepositImportReport), (status = "4XX", description = "refused, with a stable code and every bad row by line", body = tenderbox_wire::ApiError)))]
pub async fn import_statement(State(s): State<AppState>, caller: Caller, body: String) -> Result<Json<DepositImportReport>> {
    caller.require(Role::Finance)?;
    let report = |errors: Vec<tenderbox_core::expert_library::RowError>| {
        let lines: Vec<String> = errors.iter().map(|e| format!("line {} {} [{}]: {}", e.line, e.column, e.code, e.message)).collect();
        Error::BadRequest("deposit.import", format!("{} bad row(s), nothing recorded:\n{}", errors.len(), lines.join("\n")))
    };
    let rows = parse_statement(&body).map_err(report)?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let mut errors = Vec::new();
    let mut matched = Vec::new();
    for r in &rows {
        let bid = sqlx::query("SELECT tender_id, bidder FROM deposit_references WHERE reference = $1")
            .bind(&r.reference)
            .fetch_optional(&mut *tx)
            .await?;
        match bid {
            None => errors.push(tenderbox_core::expert_library::RowError {
                line: r.line,
                column: "reference".into(),
                code: "deposit.reference".into(),
                message: format!("no bid has the reference '{}'; return the transfer to the payer", r.reference),
            }),
            Some(b) => matched.push((r, b.try_get::<String, _>("tender_id")?, b.try_get::<String, _>("bidder")?)),
        }
    }
    if !errors.is_empty() {
        return Err(report(errors));
    }
    let mut skipped = Vec::new();
    let mut recorded = 0u64;
    for (r, tender, bidder) in matched {
        let done = sqlx::query("INSERT INTO deposits (id, tender_id, bidder, reference, amount, payer_name, payer_account, bank_serial, received_at, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING")
            .bind(super::random_hex(12))
            .bind(&tender)
            .bind(&bidder)
            .bind(&r.reference)
            .bind(r.amount.to_string())
            .bind(&r.payer_name)
            .bind(&r.payer_account)
            .bind(&r.bank_serial)
            .bind(r.received_at.unix())
            .bind(&caller.id)
            .bind(now.unix())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if done == 0 {
            skipped.push(r.line);
            continue;
        }
        recorded += 1;
        guard
            .append(
                &mut tx,
                "deposit.recorded",
                Some(&tender),
                Audience::Identity(caller.id.clone()),
                now,
                json!({ "reference": r.reference, "amount": r.amount, "received_at": r.received_at, "bank_serial": r.bank_serial }),
            )
            .await?;
    }
    tx.commit().await?;
    guard.commit();
    Ok(Json(DepositImportReport { recorded, skipped }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DepositQuery {
    /// One tender's deposits; without it, every deposit that is due or overdue.
    pub tender: Option<String>,
}

/// Deposits (finance, supervisors, centre admins): one tender's, or all that are due and not
/// refunded — an overdue one is flagged.
#[utoipa::path(get, path = "/v1/deposits", tag = "security", params(DepositQuery), security(("bearer" = [])), responses((status = 200, body = Vec<DepositRecord>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn list_deposits(State(s): State<AppState>, caller: Caller, Query(q): Query<DepositQuery>) -> Result<Json<Vec<DepositRecord>>> {
    if !(caller.has(Role::Finance) || caller.has(Role::Supervisor) || caller.has(Role::CentreAdmin)) {
        return Err(Error::Forbidden("auth.role", "deposits are for the finance office, supervisors and centre admins".into()));
    }
    // A tender that failed at its deadline a moment ago frees its deposits now.
    super::close_due(&s).await?;
    let today = day_of(s.now());
    let mut conn = s.pool.acquire().await?;
    let tenders: Vec<String> = match &q.tender {
        Some(t) => vec![t.clone()],
        None => {
            sqlx::query_scalar("SELECT DISTINCT tender_id FROM deposits WHERE refunded_at IS NULL ORDER BY tender_id")
                .fetch_all(&mut *conn)
                .await?
        }
    };
    let mut out = Vec::new();
    for id in tenders {
        if super::auction_result::is_auction(&mut conn, &id).await? {
            for r in deposits_of(&mut conn, &id, None).await? {
                let d = super::auction_result::deposit_record(&mut conn, &r, &today).await?;
                if q.tender.is_some() || (d.refunded_at.is_none() && d.refund_due.is_some()) {
                    out.push(d);
                }
            }
            continue;
        }
        let t = super::tenders::load(&mut conn, &id).await?;
        for r in deposits_of(&mut conn, &id, None).await? {
            let d = deposit_record(&mut conn, &r, &t, &today).await?;
            if q.tender.is_some() || (d.refunded_at.is_none() && d.refund_due.is_some()) {
                out.push(d);
            }
        }
    }
    Ok(Json(out))
}

/// The finance office records that a deposit was returned (with its interest).
#[utoipa::path(post, path = "/v1/deposits/{id}/refund", tag = "security", params(("id" = String, Path)), request_body = RefundRequest, security(("bearer" = [])), responses((status = 200, body = DepositRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn refund(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(req): Json<RefundRequest>,
) -> Result<Json<DepositRecord>> {
    caller.require(Role::Finance)?;
    if req.bank_serial.trim().is_empty()
        || req.amount <= Decimal::ZERO
        || req.interest < Decimal::ZERO
        || req.amount.scale() > 2
        || req.interest.scale() > 2
    {
        return Err(Error::BadRequest(
            "deposit.refund",
            "a refund needs the bank's serial, a positive amount and the interest (0 or more), in yuan".into(),
        ));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let r = sqlx::query("SELECT * FROM deposits WHERE id = $1")
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound("deposit.not_found", format!("there is no deposit {id}")))?;
    if r.try_get::<Option<i64>, _>("refunded_at")?.is_some() {
        return Err(Error::Conflict("deposit.refund", format!("deposit {id} was refunded already")));
    }
    let amount = dec(&r.try_get::<String, _>("amount")?)?;
    if req.amount != amount {
        return Err(Error::BadRequest(
            "deposit.refund",
            format!("the deposit was {amount}; the whole of it is returned (interest separately), not {}", req.amount),
        ));
    }
    let tender: String = r.try_get("tender_id")?;
    let auction = super::auction_result::is_auction(&mut tx, &tender).await?;
    let t = if auction {
        match super::auction_result::deposit_due(&mut tx, &tender, &r.try_get::<String, _>("bidder")?).await?.map(|(c, _)| c) {
            None => {
                return Err(Error::Conflict("deposit.not_due", "the deposit is not due yet: the auction's outcome is not decided".into()));
            }
            Some(c) if c == "applied_to_price" => {
                return Err(Error::Conflict(
                    "deposit.applied_to_price",
                    "this is the buyer's deposit: it becomes part of the price and is not returned".into(),
                ));
            }
            Some(_) => None,
        }
    } else {
        let t = super::tenders::load(&mut tx, &tender).await?;
        if refund_cause(&mut tx, &t, &r.try_get::<String, _>("bidder")?).await?.is_none() {
            return Err(Error::Conflict(
                "deposit.not_due",
                "the deposit is not due yet: the bid stands until the contract is signed".into(),
            ));
        }
        Some(t)
    };
    sqlx::query(
        "UPDATE deposits SET refunded_at = $1, refund_serial = $2, refund_amount = $3, interest = $4, refunded_by = $5 WHERE id = $6",
    )
    .bind(now.unix())
    .bind(req.bank_serial.trim())
    .bind(req.amount.to_string())
    .bind(req.interest.to_string())
    .bind(&caller.id)
    .bind(&id)
    .execute(&mut *tx)
    .await?;
    guard
        .append(
            &mut tx,
            "deposit.refunded",
            Some(&tender),
            Audience::Public,
            now,
            json!({ "deposit": id, "amount": req.amount, "interest": req.interest }),
        )
        .await?;
    let r = sqlx::query("SELECT * FROM deposits WHERE id = $1").bind(&id).fetch_one(&mut *tx).await?;
    let d = match &t {
        Some(t) => deposit_record(&mut tx, &r, t, &day_of(now)).await?,
        None => super::auction_result::deposit_record(&mut tx, &r, &day_of(now)).await?,
    };
    tx.commit().await?;
    guard.commit();
    Ok(Json(d))
}

/// The tender's agency records the day the contract was signed: every deposit of the tender
/// falls due 5 days (procurement: 5 working days) later.
#[utoipa::path(post, path = "/v1/tenders/{id}/contract", tag = "security", params(("id" = String, Path)), request_body = ContractSigned, security(("bearer" = [])), responses((status = 200, body = Object), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn contract(
    State(s): State<AppState>,
    caller: Caller,
    Path(tender): Path<String>,
    Json(req): Json<ContractSigned>,
) -> Result<Json<serde_json::Value>> {
    caller.require(Role::Agency)?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let t = super::tenders::load(&mut tx, &tender).await?;
    if t.agency_id != caller.id {
        return Err(Error::NotFound("tender.not_found", format!("tender {tender} is not yours")));
    }
    let awarded: Option<i64> =
        sqlx::query_scalar("SELECT awarded_at FROM results WHERE tender_id = $1").bind(&tender).fetch_optional(&mut *tx).await?.flatten();
    let awarded = awarded
        .ok_or_else(|| Error::Conflict("contract.not_awarded", "a contract follows the award; this tender is not awarded yet".into()))?;
    if req.signed_at.unix() < awarded || req.signed_at > now {
        return Err(Error::BadRequest("contract.date", "the contract is signed after the award and not in the future".into()));
    }
    sqlx::query("INSERT INTO contracts (tender_id, signed_at, recorded_by, recorded_at) VALUES ($1, $2, $3, $4)")
        .bind(&tender)
        .bind(req.signed_at.unix())
        .bind(&caller.id)
        .bind(now.unix())
        .execute(&mut *tx)
        .await
        .map_err(|e| match Error::from(e) {
            Error::Conflict(..) => Error::Conflict("contract.recorded", "the contract signing is recorded already".into()),
            other => other,
        })?;
    guard.append(&mut tx, "contract.signed", Some(&tender), Audience::Public, now, json!({ "signed_at": req.signed_at })).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(json!({ "tender": tender, "signed_at": req.signed_at })))
}

/// The security of every bid as checked at the deadline: for the agency, supervisors,
/// finance and centre admins.
#[utoipa::path(get, path = "/v1/tenders/{id}/security-checks", tag = "security", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<SecurityCheck>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn tender_checks(State(s): State<AppState>, caller: Caller, Path(tender): Path<String>) -> Result<Json<Vec<SecurityCheck>>> {
    let mut conn = s.pool.acquire().await?;
    let t = super::tenders::load(&mut conn, &tender).await?;
    if !(caller.has(Role::Supervisor) || caller.has(Role::CentreAdmin) || caller.has(Role::Finance) || t.agency_id == caller.id) {
        return Err(Error::Forbidden(
            "auth.role",
            "the security checks are for the tender's agency, finance, supervisors and centre admins".into(),
        ));
    }
    Ok(Json(checks_of(&mut conn, &tender).await?))
}
