//! The credit library (信用库): one library for the seven centres, keyed by the unified
//! social credit code (entities) or the expert library code (experts).
//!
//! Supervisors enter records one by one (each signed) or import a credit portal's CSV
//! (the import signed over the file's SHA-256; every bad row reported by line and nothing
//! imported on any error), revoke them with a reason and correct them with a new record
//! that names the old one. Nothing is deleted; every change is a log event. Entities see
//! their own records and object to one (异议); a supervisor answers, and an upheld
//! objection revokes the record. The public listing (信用公示) shows what each record's
//! kind publishes, for as long as it does.
//!
//! The rules are enforced where they bite (`tenderbox_core::credit`): a barred bidder's
//! upload is refused with the record cited, and so is a consortium with one barred member;
//! the bidders are checked again at the deadline and at the evaluation (that check counts,
//! and the committee sees it); barred agencies cannot publish; barred experts are not drawn.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use tenderbox_core::credit::{
    self, CreditEntry, CreditObjection, CreditObjectionAnswer, CreditRevocation, Finding, Record, RecordStatus, SubjectKind, day_of,
    parse_csv,
};
use tenderbox_core::tender::TradingType;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::signed::{SignedDoc, doc_sha256};
use tenderbox_wire::{
    CreditCheck, CreditImportReport, CreditImportRequest, CreditObjectionView, CreditRecordView, CreditSkippedRow, PublicCreditRecord, Role,
};

use super::review::check_signed;

fn subject_kind_str(k: SubjectKind) -> &'static str {
    match k {
        SubjectKind::Entity => "entity",
        SubjectKind::Expert => "expert",
    }
}

fn may_manage(caller: &Caller) -> Result<()> {
    caller.require(Role::Supervisor)
}

fn may_read(caller: &Caller) -> Result<()> {
    if caller.has(Role::Supervisor) || caller.has(Role::CentreAdmin) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "auth.role",
            "the credit library is for supervisors and centre admins; your own records are under /v1/credit/mine".into(),
        ))
    }
}

/// The records in force or not (every status) of the given subjects, as the rules see them.
pub(crate) async fn records_of(conn: &mut sqlx::AnyConnection, kind: SubjectKind, subjects: &[String]) -> Result<Vec<Record>> {
    if subjects.is_empty() {
        return Ok(Vec::new());
    }
    let marks: Vec<String> = (0..subjects.len()).map(|i| format!("${}", i + 2)).collect();
    let sql = format!(
        "SELECT id, entry, status FROM credit_records WHERE subject_kind = $1 AND subject IN ({}) AND status = 'active'",
        marks.join(", ")
    );
    // Only placeholders are formatted in; every value is bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(subject_kind_str(kind));
    for s in subjects {
        q = q.bind(s);
    }
    let rows = q.fetch_all(&mut *conn).await?;
    rows.iter().map(record_of_row).collect()
}

fn record_of_row(r: &sqlx::any::AnyRow) -> Result<Record> {
    Ok(Record {
        id: r.try_get("id")?,
        entry: serde_json::from_str(&r.try_get::<String, _>("entry")?).map_err(Error::internal)?,
        status: RecordStatus::parse(&r.try_get::<String, _>("status")?).ok_or_else(|| Error::internal("unknown credit record status"))?,
    })
}

fn refusal(f: &Finding) -> Error {
    let code = match f.rule.as_str() {
        credit::RULE_BARRED_CONSORTIUM => "credit.barred_consortium_member",
        credit::RULE_BARRED_AGENCY => "credit.barred_agency",
        credit::RULE_BARRED_EXPERT => "credit.barred_expert",
        _ => "credit.barred_bidder",
    };
    Error::Forbidden(code, format!("refused under {}: {}", f.rule, f.citation()))
}

/// **credit.barred_bidder / credit.barred_consortium_member**, where a bid goes in: the
/// refusal cites the record (body, number, end date).
pub(crate) async fn refuse_barred_bid(
    conn: &mut sqlx::AnyConnection,
    lead: &str,
    members: &[String],
    trading_type: TradingType,
    centre: &str,
    now: Timestamp,
) -> Result<()> {
    let mut subjects = vec![lead.to_string()];
    subjects.extend(members.iter().cloned());
    let records = records_of(conn, SubjectKind::Entity, &subjects).await?;
    match credit::bidding_bars(&records, lead, members, trading_type, centre, &day_of(now)).first() {
        Some(f) => Err(refusal(f)),
        None => Ok(()),
    }
}

/// **credit.barred_agency**, where a tender is published.
pub(crate) async fn refuse_barred_agency(
    conn: &mut sqlx::AnyConnection,
    agencies: &[String],
    trading_type: TradingType,
    centre: &str,
    now: Timestamp,
) -> Result<()> {
    let records = records_of(conn, SubjectKind::Entity, agencies).await?;
    for a in agencies {
        if let Some(f) = credit::agency_bars(&records, a, trading_type, centre, &day_of(now)).first() {
            return Err(refusal(f));
        }
    }
    Ok(())
}

/// Every expert record in force that keeps an expert off committees, by expert code.
pub(crate) async fn barred_experts(conn: &mut sqlx::AnyConnection, day: &str) -> Result<std::collections::HashSet<String>> {
    let rows = sqlx::query("SELECT id, entry, status FROM credit_records WHERE subject_kind = 'expert' AND status = 'active'")
        .fetch_all(&mut *conn)
        .await?;
    let records: Vec<Record> = rows.iter().map(record_of_row).collect::<Result<_>>()?;
    Ok(records
        .iter()
        .filter(|r| !credit::expert_bars(std::slice::from_ref(*r), &r.entry.subject, day).is_empty())
        .map(|r| r.entry.subject.clone())
        .collect())
}

/// Checks every active bid of `tender` against the library on the day of `at` and keeps
/// the findings under `stage` (`deadline` or `evaluation`); an existing check of the
/// stage is kept as it was. Returns the checks of the stage.
pub(crate) async fn check_bidders(
    conn: &mut sqlx::AnyConnection,
    tender: &str,
    trading_type: TradingType,
    centre: &str,
    stage: &str,
    at: Timestamp,
) -> Result<Vec<CreditCheck>> {
    let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM credit_checks WHERE tender_id = $1 AND stage = $2")
        .bind(tender)
        .bind(stage)
        .fetch_one(&mut *conn)
        .await?;
    if done == 0 {
        let bids = sqlx::query(
            "SELECT i.uscc, b.consortium FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND b.status = 'active' ORDER BY i.uscc",
        )
        .bind(tender)
        .fetch_all(&mut *conn)
        .await?;
        for b in &bids {
            let lead: String = b.try_get("uscc")?;
            let members: Vec<String> = b
                .try_get::<Option<String>, _>("consortium")?
                .map(|c| serde_json::from_str(&c))
                .transpose()
                .map_err(Error::internal)?
                .unwrap_or_default();
            let mut subjects = vec![lead.clone()];
            subjects.extend(members.iter().cloned());
            let records = records_of(conn, SubjectKind::Entity, &subjects).await?;
            let findings = credit::bidding_bars(&records, &lead, &members, trading_type, centre, &day_of(at));
            sqlx::query("INSERT INTO credit_checks (tender_id, bidder, stage, checked_at, findings) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
                .bind(tender)
                .bind(&lead)
                .bind(stage)
                .bind(at.unix())
                .bind(serde_json::to_string(&findings).map_err(Error::internal)?)
                .execute(&mut *conn)
                .await?;
        }
    }
    checks_of(conn, tender, Some(stage)).await
}

/// The credit checks kept for a tender (one stage, or all).
pub(crate) async fn checks_of(conn: &mut sqlx::AnyConnection, tender: &str, stage: Option<&str>) -> Result<Vec<CreditCheck>> {
    let rows = sqlx::query("SELECT bidder, stage, checked_at, findings FROM credit_checks WHERE tender_id = $1 ORDER BY stage, bidder")
        .bind(tender)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::new();
    for r in rows {
        let st: String = r.try_get("stage")?;
        if stage.is_some_and(|s| s != st) {
            continue;
        }
        out.push(CreditCheck {
            bidder: r.try_get("bidder")?,
            stage: st,
            checked_at: Timestamp::from_unix(r.try_get("checked_at")?),
            findings: serde_json::from_str(&r.try_get::<String, _>("findings")?).map_err(Error::internal)?,
        });
    }
    Ok(out)
}

async fn objections_of(conn: &mut sqlx::AnyConnection, record: Option<&str>, open_only: bool) -> Result<Vec<CreditObjectionView>> {
    let rows = match record {
        Some(r) => {
            sqlx::query("SELECT * FROM credit_objections WHERE record_id = $1 ORDER BY filed_at, id").bind(r).fetch_all(&mut *conn).await?
        }
        None if open_only => {
            sqlx::query("SELECT * FROM credit_objections WHERE answer IS NULL ORDER BY filed_at, id").fetch_all(&mut *conn).await?
        }
        None => sqlx::query("SELECT * FROM credit_objections ORDER BY filed_at DESC, id LIMIT 500").fetch_all(&mut *conn).await?,
    };
    rows.iter()
        .map(|r| {
            Ok(CreditObjectionView {
                id: r.try_get("id")?,
                record: r.try_get("record_id")?,
                subject: r.try_get("subject")?,
                objection: serde_json::from_str(&r.try_get::<String, _>("signed")?).map_err(Error::internal)?,
                answer: r.try_get::<Option<String>, _>("answer")?.map(|a| serde_json::from_str(&a)).transpose().map_err(Error::internal)?,
            })
        })
        .collect()
}

async fn view_of(conn: &mut sqlx::AnyConnection, r: &sqlx::any::AnyRow, today: &str, with_objections: bool) -> Result<CreditRecordView> {
    let rec = record_of_row(r)?;
    let signer: String = r.try_get("signer")?;
    let name: Option<String> =
        sqlx::query_scalar("SELECT name FROM identities WHERE id = $1").bind(&signer).fetch_optional(&mut *conn).await?;
    let objections = if with_objections { objections_of(conn, Some(&rec.id), false).await? } else { Vec::new() };
    Ok(CreditRecordView {
        id: rec.id.clone(),
        status: rec.status.as_str().into(),
        origin: r.try_get("origin")?,
        entered_by: signer,
        entered_by_name: name.unwrap_or_default(),
        signature: r.try_get("signature")?,
        published_until: credit::publicity_until(&rec.entry),
        published: credit::is_published(&rec, today),
        in_force: credit::in_force(&rec, today),
        revocation: r.try_get::<Option<String>, _>("revocation")?.map(|a| serde_json::from_str(&a)).transpose().map_err(Error::internal)?,
        corrected_by: r.try_get("corrected_by")?,
        objections,
        created_at: Timestamp::from_unix(r.try_get("created_at")?),
        entry: rec.entry,
    })
}

async fn load_view(conn: &mut sqlx::AnyConnection, id: &str, today: &str) -> Result<CreditRecordView> {
    let r = sqlx::query("SELECT * FROM credit_records WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound("credit.not_found", format!("there is no credit record {id}")))?;
    view_of(conn, &r, today, true).await
}

fn problems_refusal(what: &str, p: &[(String, String, String)]) -> Error {
    let code = tenderbox_core::codes::Code::parse(&p[0].1).map(|c| c.as_str()).unwrap_or("credit.field");
    let list = p.iter().map(|(f, c, m)| format!("[{c}] {f}: {m}")).collect::<Vec<_>>().join("; ");
    Error::BadRequest(code, format!("{what}: {list}"))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// A USCC or expert code.
    pub subject: Option<String>,
    /// Part of the name, list, body or document number.
    pub q: Option<String>,
    /// `active`, `revoked` or `corrected`.
    pub status: Option<String>,
    /// `good`, `bad` or `serious`.
    pub kind: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// `published_on`: only the records on the public listing that day.
async fn search(conn: &mut sqlx::AnyConnection, q: &ListQuery, published_on: Option<&str>) -> Result<Vec<sqlx::any::AnyRow>> {
    let mut sql = String::from("SELECT * FROM credit_records WHERE 1 = 1");
    let mut binds: Vec<String> = Vec::new();
    if let Some(day) = published_on {
        binds.push(day.to_string());
        sql.push_str(" AND status = 'active' AND starts_on <= $1 AND (published_until IS NULL OR published_until >= $1)");
    }
    let mut add = |cond: &str, v: String, sql: &mut String| {
        binds.push(v);
        sql.push_str(&cond.replace('?', &format!("${}", binds.len())));
    };
    if let Some(s) = q.subject.as_deref().filter(|s| !s.is_empty()) {
        add(" AND subject = ?", s.to_string(), &mut sql);
    }
    if published_on.is_none()
        && let Some(s) = q.status.as_deref().filter(|s| !s.is_empty())
    {
        add(" AND status = ?", s.to_string(), &mut sql);
    }
    if let Some(k) = q.kind.as_deref().filter(|s| !s.is_empty()) {
        add(" AND kind = ?", k.to_string(), &mut sql);
    }
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let like = format!("%{}%", text.replace(['%', '_'], ""));
        binds.push(like);
        let n = binds.len();
        sql.push_str(&format!(" AND (name LIKE ${n} OR list LIKE ${n} OR source LIKE ${n} OR document_no LIKE ${n} OR subject LIKE ${n})"));
    }
    let limit = q.limit.unwrap_or(200).clamp(1, 1000);
    let offset = q.offset.unwrap_or(0).max(0);
    sql.push_str(&format!(" ORDER BY created_at DESC, id LIMIT {limit} OFFSET {offset}"));
    // Fixed fragments, placeholder numbers and clamped integers only; every value is bound.
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for b in &binds {
        query = query.bind(b);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

/// A supervisor enters one record, or a correction (更正) of an active one, signed.
#[utoipa::path(post, path = "/v1/credit/records", tag = "credit", request_body(content = Object, description = "SignedDoc<CreditEntry>"), security(("bearer" = [])), responses((status = 200, body = CreditRecordView), (status = "4XX", description = "refused, with a stable code and every problem", body = tenderbox_wire::ApiError)))]
pub async fn enter(
    State(s): State<AppState>,
    caller: Caller,
    Json(signed): Json<SignedDoc<CreditEntry>>,
) -> Result<Json<CreditRecordView>> {
    may_manage(&caller)?;
    let problems = signed.doc.problems();
    if !problems.is_empty() {
        return Err(problems_refusal("the credit record is not valid", &problems));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    check_signed(&mut tx, &caller, &signed)
        .await
        .map_err(|_| Error::BadRequest("credit.signature", "the record is not signed by your identity".into()))?;
    let e = &signed.doc;
    let id = e.record_id();
    if let Some(old) = &e.supersedes {
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM credit_records WHERE id = $1").bind(old).fetch_optional(&mut *tx).await?;
        match status.as_deref() {
            None => return Err(Error::NotFound("credit.not_found", format!("the record to correct, {old}, is not in the library"))),
            Some("active") => {}
            Some(st) => {
                return Err(Error::Conflict("credit.state", format!("record {old} is {st}; only an active record can be corrected")));
            }
        }
        sqlx::query("UPDATE credit_records SET status = 'corrected', corrected_by = $1, changed_at = $2 WHERE id = $3")
            .bind(&id)
            .bind(now.unix())
            .bind(old)
            .execute(&mut *tx)
            .await?;
    }
    let existing = in_force_duplicate(&mut tx, e).await?;
    if let Some(x) = existing {
        return Err(Error::Conflict(
            "credit.duplicate",
            format!(
                "the library already holds this record in force ({x}: same subject, list, issuing body and number); correct that one instead"
            ),
        ));
    }
    insert_record(&mut tx, &id, e, "entry", &caller.id, Some(&signed.signature), now).await?;
    let kind = if e.supersedes.is_some() { "credit.corrected" } else { "credit.entered" };
    guard
        .append(
            &mut tx,
            kind,
            None,
            Audience::Public,
            now,
            json!({ "record": id, "subject_kind": subject_kind_str(e.subject_kind), "kind": e.kind.as_str(), "sha256": doc_sha256(e).map_err(Error::internal)?, "supersedes": e.supersedes, "by": caller.id, "signature": signed.signature }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    Ok(Json(load_view(&mut conn, &id, &day_of(now)).await?))
}

/// The record in force with the same subject, list, issuing body and number, if any.
async fn in_force_duplicate(conn: &mut sqlx::AnyConnection, e: &CreditEntry) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM credit_records WHERE subject_kind = $1 AND subject = $2 AND list = $3 AND source = $4 AND document_no = $5 AND status = 'active'",
    )
    .bind(subject_kind_str(e.subject_kind))
    .bind(&e.subject)
    .bind(&e.list)
    .bind(&e.source)
    .bind(&e.document_no)
    .fetch_optional(&mut *conn)
    .await?)
}

async fn insert_record(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    e: &CreditEntry,
    origin: &str,
    signer: &str,
    signature: Option<&str>,
    now: Timestamp,
) -> Result<u64> {
    let canonical = String::from_utf8(tenderbox_core::canonical::to_canonical_vec(e).map_err(Error::internal)?).map_err(Error::internal)?;
    Ok(sqlx::query("INSERT INTO credit_records (id, subject_kind, subject, name, kind, list, source, document_no, starts_on, ends_on, entry, origin, signer, signature, status, revocation, corrected_by, changed_at, created_at, published_until) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'active', NULL, NULL, NULL, $15, $16) ON CONFLICT DO NOTHING")
        .bind(id)
        .bind(subject_kind_str(e.subject_kind))
        .bind(&e.subject)
        .bind(&e.name)
        .bind(e.kind.as_str())
        .bind(&e.list)
        .bind(&e.source)
        .bind(&e.document_no)
        .bind(&e.starts_on)
        .bind(&e.ends_on)
        .bind(canonical)
        .bind(origin)
        .bind(signer)
        .bind(signature)
        .bind(now.unix())
        .bind(credit::publicity_until(e))
        .execute(&mut **tx)
        .await?
        .rows_affected())
}

/// A supervisor imports a credit portal's CSV, signed over its SHA-256. Every bad row is
/// reported by line and nothing is imported; rows repeating a record in force are skipped
/// and reported.
#[utoipa::path(post, path = "/v1/credit/import", tag = "credit", request_body = CreditImportRequest, security(("bearer" = [])), responses((status = 200, body = CreditImportReport), (status = "4XX", description = "refused, with a stable code and every bad row by line", body = tenderbox_wire::ApiError)))]
pub async fn import(State(s): State<AppState>, caller: Caller, Json(req): Json<CreditImportRequest>) -> Result<Json<CreditImportReport>> {
    may_manage(&caller)?;
    let sha = hex::encode(tenderbox_core::sha256(req.csv.as_bytes()));
    if req.import.doc.sha256 != sha {
        return Err(Error::BadRequest(
            "credit.signature",
            format!("the signed import names a file with SHA-256 {}, but the file sent has {sha}", req.import.doc.sha256),
        ));
    }
    let at = req.import.doc.entered_at;
    let csv = req.csv.clone();
    let rows = tokio::task::spawn_blocking(move || parse_csv(&csv, at)).await.map_err(Error::internal)?.map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(|e| format!("line {} {} [{}]: {}", e.line, e.column, e.code, e.message)).collect();
        Error::BadRequest("credit.import", format!("{} bad row(s), nothing imported:\n{}", errors.len(), lines.join("\n")))
    })?;
    if req.import.doc.rows != rows.len() as u64 {
        return Err(Error::BadRequest(
            "credit.import",
            format!("the signed import counts {} rows, but the file has {}", req.import.doc.rows, rows.len()),
        ));
    }
    let now = s.now();
    let import_id = doc_sha256(&req.import.doc).map_err(Error::internal)?[..24].to_string();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    check_signed(&mut tx, &caller, &req.import)
        .await
        .map_err(|_| Error::BadRequest("credit.signature", "the import is not signed by your identity".into()))?;
    let mut skipped = Vec::new();
    let mut imported = 0u64;
    for row in &rows {
        let id = row.entry.record_id();
        if insert_record(&mut tx, &id, &row.entry, &import_id, &caller.id, None, now).await? == 1 {
            imported += 1;
        } else {
            let e = &row.entry;
            let existing = in_force_duplicate(&mut tx, e).await?;
            skipped.push(CreditSkippedRow { line: row.line, record: existing.unwrap_or(id) });
        }
    }
    sqlx::query("INSERT INTO credit_imports (id, sha256, rows_imported, rows_skipped, signed, signer, csv, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
        .bind(&import_id)
        .bind(&sha)
        .bind(imported as i64)
        .bind(skipped.len() as i64)
        .bind(serde_json::to_string(&req.import).map_err(Error::internal)?)
        .bind(&caller.id)
        .bind(&req.csv)
        .bind(now.unix())
        .execute(&mut *tx)
        .await
        .map_err(|e| match Error::from(e) {
            Error::Conflict(..) => Error::Conflict("credit.duplicate", format!("this signed import ({import_id}) was already taken")),
            other => other,
        })?;
    let ev = guard
        .append(
            &mut tx,
            "credit.imported",
            None,
            Audience::Public,
            now,
            json!({ "import": import_id, "sha256": sha, "rows": rows.len(), "imported": imported, "skipped": skipped.len(), "origin": req.import.doc.origin, "by": caller.id, "signature": req.import.signature }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(CreditImportReport { id: import_id, imported, skipped, log_index: ev.index }))
}

/// The library for supervisors and centre admins: every record with its state, newest first.
#[utoipa::path(get, path = "/v1/credit/records", tag = "credit", params(ListQuery), security(("bearer" = [])), responses((status = 200, body = Vec<CreditRecordView>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn list(State(s): State<AppState>, caller: Caller, Query(q): Query<ListQuery>) -> Result<Json<Vec<CreditRecordView>>> {
    may_read(&caller)?;
    let today = day_of(s.now());
    let mut conn = s.pool.acquire().await?;
    let rows = search(&mut conn, &q, None).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(view_of(&mut conn, r, &today, false).await?);
    }
    Ok(Json(out))
}

pub(crate) async fn caller_uscc(conn: &mut sqlx::AnyConnection, caller: &Caller) -> Result<String> {
    Ok(sqlx::query_scalar("SELECT uscc FROM identities WHERE id = $1").bind(&caller.id).fetch_one(&mut *conn).await?)
}

/// May the caller see this record as its subject (the entity, or the expert linked to it)?
async fn is_subject(conn: &mut sqlx::AnyConnection, caller: &Caller, v: &CreditRecordView) -> Result<bool> {
    Ok(match v.entry.subject_kind {
        SubjectKind::Entity => caller_uscc(conn, caller).await? == v.entry.subject,
        SubjectKind::Expert => {
            let linked: Option<Option<String>> = sqlx::query_scalar("SELECT identity_id FROM experts WHERE code = $1")
                .bind(&v.entry.subject)
                .fetch_optional(&mut *conn)
                .await?;
            linked.flatten().as_deref() == Some(caller.id.as_str())
        }
    })
}

/// One record with its history (revocation, correction, objections): for supervisors,
/// centre admins, and its subject.
#[utoipa::path(get, path = "/v1/credit/records/{id}", tag = "credit", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = CreditRecordView), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_one(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<CreditRecordView>> {
    let mut conn = s.pool.acquire().await?;
    let v = load_view(&mut conn, &id, &day_of(s.now())).await?;
    if may_read(&caller).is_err() && !is_subject(&mut conn, &caller, &v).await? {
        return Err(Error::NotFound("credit.not_found", format!("there is no credit record {id}")));
    }
    Ok(Json(v))
}

/// A supervisor revokes a record (撤销) with a signed reason; it stays as history.
#[utoipa::path(post, path = "/v1/credit/records/{id}/revoke", tag = "credit", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<CreditRevocation>"), security(("bearer" = [])), responses((status = 200, body = CreditRecordView), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn revoke(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<CreditRevocation>>,
) -> Result<Json<CreditRecordView>> {
    may_manage(&caller)?;
    if signed.doc.record != id {
        return Err(Error::BadRequest("credit.field", format!("the signed revocation names record {}, not {id}", signed.doc.record)));
    }
    if signed.doc.reason.trim().is_empty() || signed.doc.reason.chars().count() > 2000 {
        return Err(Error::BadRequest("credit.field", "a revocation needs its reason (up to 2000 characters)".into()));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    check_signed(&mut tx, &caller, &signed)
        .await
        .map_err(|_| Error::BadRequest("credit.signature", "the revocation is not signed by your identity".into()))?;
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM credit_records WHERE id = $1").bind(&id).fetch_optional(&mut *tx).await?;
    match status.as_deref() {
        None => return Err(Error::NotFound("credit.not_found", format!("there is no credit record {id}"))),
        Some("active") => {}
        Some(st) => return Err(Error::Conflict("credit.state", format!("record {id} is {st} already"))),
    }
    sqlx::query("UPDATE credit_records SET status = 'revoked', revocation = $1, changed_at = $2 WHERE id = $3")
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(now.unix())
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "credit.revoked",
            None,
            Audience::Public,
            now,
            json!({ "record": id, "by": caller.id, "signature": signed.signature }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    Ok(Json(load_view(&mut conn, &id, &day_of(now)).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PublicQuery {
    /// A USCC or expert code.
    pub subject: Option<String>,
    /// Part of the name, list, body or document number.
    pub q: Option<String>,
    /// `good`, `bad` or `serious`.
    pub kind: Option<String>,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The credit publicity listing (信用公示), for anyone without an account: the records each
/// kind publishes today.
#[utoipa::path(get, path = "/v1/credit/public", tag = "credit", params(PublicQuery), responses((status = 200, body = Vec<PublicCreditRecord>)))]
pub async fn public(State(s): State<AppState>, Query(q): Query<PublicQuery>) -> Result<Json<Vec<PublicCreditRecord>>> {
    let today = day_of(s.now());
    let mut conn = s.pool.acquire().await?;
    let lq = ListQuery {
        subject: q.subject.clone(),
        q: q.q.clone(),
        status: None,
        kind: q.kind.clone(),
        limit: Some(q.limit.unwrap_or(100).clamp(1, 500)),
        offset: q.offset,
    };
    let mut out = Vec::new();
    for r in search(&mut conn, &lq, Some(&today)).await? {
        let rec = record_of_row(&r)?;
        let e = rec.entry;
        out.push(PublicCreditRecord {
            published_until: credit::publicity_until(&e),
            id: rec.id,
            subject_kind: subject_kind_str(e.subject_kind).into(),
            subject: e.subject,
            name: e.name,
            kind: e.kind.as_str().into(),
            list: e.list,
            source: e.source,
            document_no: e.document_no,
            legal_basis: e.legal_basis,
            starts_on: e.starts_on,
            ends_on: e.ends_on,
            restriction: e.restriction,
            corrects: e.supersedes,
        });
    }
    Ok(Json(out))
}

/// The caller's own records (as an entity, or as the expert linked to its identity), in
/// every state and whether published or not, with their objections.
#[utoipa::path(get, path = "/v1/credit/mine", tag = "credit", security(("bearer" = [])), responses((status = 200, body = Vec<CreditRecordView>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn mine(State(s): State<AppState>, caller: Caller) -> Result<Json<Vec<CreditRecordView>>> {
    let today = day_of(s.now());
    let mut conn = s.pool.acquire().await?;
    let uscc = caller_uscc(&mut conn, &caller).await?;
    let expert: Option<String> =
        sqlx::query_scalar("SELECT code FROM experts WHERE identity_id = $1").bind(&caller.id).fetch_optional(&mut *conn).await?;
    let rows = sqlx::query(
        "SELECT * FROM credit_records WHERE (subject_kind = 'entity' AND subject = $1) OR (subject_kind = 'expert' AND subject = $2) ORDER BY created_at DESC, id",
    )
    .bind(&uscc)
    .bind(expert.unwrap_or_default())
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(view_of(&mut conn, r, &today, true).await?);
    }
    Ok(Json(out))
}

/// The subject objects (异议) to a record about it, signed; one open objection per record.
#[utoipa::path(post, path = "/v1/credit/records/{id}/objections", tag = "credit", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<CreditObjection>"), security(("bearer" = [])), responses((status = 200, body = CreditObjectionView), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn object(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<CreditObjection>>,
) -> Result<Json<CreditObjectionView>> {
    if signed.doc.record != id {
        return Err(Error::BadRequest("credit.objection", format!("the signed objection names record {}, not {id}", signed.doc.record)));
    }
    let text = signed.doc.text.trim();
    if text.is_empty() || text.chars().count() > 5000 {
        return Err(Error::BadRequest("credit.objection", "say what is wrong with the record (up to 5000 characters)".into()));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let v = load_view(&mut tx, &id, &day_of(now)).await?;
    if !is_subject(&mut tx, &caller, &v).await? {
        return Err(Error::NotFound("credit.not_found", format!("there is no credit record {id} about you")));
    }
    if v.status != "active" {
        return Err(Error::Conflict("credit.state", format!("record {id} is {} already; there is nothing to object to", v.status)));
    }
    if v.objections.iter().any(|o| o.answer.is_none()) {
        return Err(Error::Conflict("credit.objection", "your earlier objection to this record is not answered yet".into()));
    }
    check_signed(&mut tx, &caller, &signed)
        .await
        .map_err(|_| Error::BadRequest("credit.signature", "the objection is not signed by your identity".into()))?;
    let oid = super::random_hex(12);
    sqlx::query("INSERT INTO credit_objections (id, record_id, subject, filer, signed, filed_at, answer, answered_by, answered_at, upheld) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL, NULL, NULL)")
        .bind(&oid)
        .bind(&id)
        .bind(&v.entry.subject)
        .bind(&caller.id)
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard.append(&mut tx, "credit.objection", None, Audience::Public, now, json!({ "objection": oid, "record": id })).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(CreditObjectionView { id: oid, record: id, subject: v.entry.subject, objection: signed, answer: None }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ObjectionsQuery {
    /// Only those not answered yet.
    pub open: Option<bool>,
}

/// Objections to credit records, for supervisors (open ones first to answer).
#[utoipa::path(get, path = "/v1/credit/objections", tag = "credit", params(ObjectionsQuery), security(("bearer" = [])), responses((status = 200, body = Vec<CreditObjectionView>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn objections(
    State(s): State<AppState>,
    caller: Caller,
    Query(q): Query<ObjectionsQuery>,
) -> Result<Json<Vec<CreditObjectionView>>> {
    may_read(&caller)?;
    let mut conn = s.pool.acquire().await?;
    Ok(Json(objections_of(&mut conn, None, q.open.unwrap_or(false)).await?))
}

/// A supervisor answers an objection, signed: upheld revokes the record (the answer is its
/// reason); dismissed keeps it.
#[utoipa::path(post, path = "/v1/credit/objections/{id}/answer", tag = "credit", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<CreditObjectionAnswer>"), security(("bearer" = [])), responses((status = 200, body = CreditObjectionView), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn answer(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<CreditObjectionAnswer>>,
) -> Result<Json<CreditObjectionView>> {
    may_manage(&caller)?;
    if signed.doc.objection != id {
        return Err(Error::BadRequest("credit.objection", format!("the signed answer names objection {}, not {id}", signed.doc.objection)));
    }
    if signed.doc.text.trim().is_empty() || signed.doc.text.chars().count() > 5000 {
        return Err(Error::BadRequest("credit.objection", "the answer needs its reasons (up to 5000 characters)".into()));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    check_signed(&mut tx, &caller, &signed)
        .await
        .map_err(|_| Error::BadRequest("credit.signature", "the answer is not signed by your identity".into()))?;
    let row = sqlx::query("SELECT record_id, answer FROM credit_objections WHERE id = $1")
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound("credit.objection", format!("there is no objection {id}")))?;
    if row.try_get::<Option<String>, _>("answer")?.is_some() {
        return Err(Error::Conflict("credit.objection", format!("objection {id} is answered already")));
    }
    let record: String = row.try_get("record_id")?;
    sqlx::query("UPDATE credit_objections SET answer = $1, answered_by = $2, answered_at = $3, upheld = $4 WHERE id = $5")
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(&caller.id)
        .bind(now.unix())
        .bind(signed.doc.upheld as i32)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    if signed.doc.upheld {
        sqlx::query("UPDATE credit_records SET status = 'revoked', changed_at = $1 WHERE id = $2 AND status = 'active'")
            .bind(now.unix())
            .bind(&record)
            .execute(&mut *tx)
            .await?;
    }
    guard
        .append(
            &mut tx,
            "credit.objection_answered",
            None,
            Audience::Public,
            now,
            json!({ "objection": id, "record": record, "upheld": signed.doc.upheld, "by": caller.id, "signature": signed.signature }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    let v = objections_of(&mut conn, Some(&record), false)
        .await?
        .into_iter()
        .find(|o| o.id == id)
        .ok_or_else(|| Error::internal("answered objection vanished"))?;
    Ok(Json(v))
}

/// The credit checks of a tender's bidders at the deadline and at the evaluation, with
/// the records found: for supervisors, centre admins and the tender's agency.
#[utoipa::path(get, path = "/v1/tenders/{id}/credit-checks", tag = "credit", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<CreditCheck>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn tender_checks(State(s): State<AppState>, caller: Caller, Path(tender): Path<String>) -> Result<Json<Vec<CreditCheck>>> {
    let mut conn = s.pool.acquire().await?;
    let t = super::tenders::load(&mut conn, &tender).await?;
    if !(caller.has(Role::Supervisor) || caller.has(Role::CentreAdmin) || t.agency_id == caller.id) {
        return Err(Error::Forbidden(
            "auth.role",
            "the credit checks of a tender are for its agency, supervisors and centre admins".into(),
        ));
    }
    Ok(Json(checks_of(&mut conn, &tender, None).await?))
}
