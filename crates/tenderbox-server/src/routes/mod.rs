//! The HTTP API, `/v1/…`. Handlers are short: check the caller, run one
//! transaction, append the event to the log in that transaction, answer.

pub(crate) mod auction_result;
pub(crate) mod auctions;
mod bids;
pub(crate) mod clarifications;
mod committee;
mod complaints;
pub(crate) mod credit;
mod draws;
mod evaluation;
mod experts;
mod identities;
mod log_api;
pub(crate) mod opening;
mod registration_files;
mod releases;
mod report;
pub(crate) mod result;
mod review;
pub(crate) mod rules;
mod security;
pub(crate) mod supervision;
pub(crate) mod tender_files;
pub(crate) mod tenders;

use crate::AppState;
use crate::error::Result;
use crate::log::Audience;
use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post, put};
use sqlx::Row;
use std::net::SocketAddr;
use tenderbox_wire::{AuditRecord, Role};

pub use bids::expire_uploads;
pub use draws::{expire_due as expire_invitations, recheck_at_deadline};
pub use identities::{bootstrap_admin, seed_centres};
pub use opening::{close_due, spawn_closer};

/// The OpenAPI document, generated from the handlers' annotations and the
/// `tenderbox-wire` types; served at `/v1/openapi.json`.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(title = "Tenderbox trading server", description = "Identities, tenders, sealed-bid submission with signed receipts, the committee key, the remote opening and the transparency log. Every error is {code, message}."),
    paths(
        log_api::health, log_api::checkpoint, log_api::inclusion, log_api::consistency, log_api::leaves, log_api::events, log_api::stream,
        identities::centres, identities::register, identities::list, identities::get_one, identities::approve, identities::reject, identities::challenge, identities::login, identities::custodians, registration_files::put_file, registration_files::list, registration_files::get_file,
        tenders::publish, tenders::amend, tenders::cancel, tenders::list, tenders::get_one, tender_files::put_file, tender_files::get_file,
        clarifications::ask, clarifications::list, clarifications::answer,
        rules::list, rules::publish, rules::retire,
        auctions::holidays, auctions::set_holiday, auctions::clear_holiday, auctions::announce, auctions::list, auctions::get_one, auctions::apply, auctions::my_registration, auctions::board, auctions::bid, auctions::board_stream, auction_result::seal_reserve, auction_result::reserve_state, auction_result::release_share, auction_result::result, auction_result::confirm, auction_result::submit_sealed_price, auction_result::release_price_shares, auction_result::sealed_prices,
        experts::import, experts::list, experts::export, experts::set_status, experts::set_availability, experts::me, experts::ratings, draws::link, draws::rate,
        draws::request, draws::entropy, draws::answer, draws::get_one, draws::list, draws::reveal, draws::invitations, draws::get_settings, draws::put_settings,
        releases::put_file, releases::publish, releases::list, releases::withdraw, releases::get_file, releases::check,
        bids::create_upload, bids::get_upload, bids::patch_upload, bids::complete_upload, bids::my_bids, bids::withdraw,
        committee::get_committee, committee::post_commitment, committee::post_deal, committee::post_verdict, committee::post_answer, committee::stanzas, committee::post_partials,
        evaluation::get_state, evaluation::sign_in, evaluation::declare, evaluation::vote, evaluation::more_time, evaluation::extend, evaluation::bids, evaluation::bid_file, evaluation::appoint,
        review::get_work, review::put_review, review::put_sheet, review::explain_deviation, review::ask_bidder, review::decide_tie, review::my_questions, review::answer_question,
        report::draw_up, report::get_report, report::get_pdf, report::sign,
        result::start_publicity, result::get_result, result::notice, result::object, result::answer_objection, result::award,
        opening::sign_in, opening::post_key, opening::make_record, opening::platform_fault, opening::request_remedy, opening::get_opening, opening::confirm, opening::object, opening::answer, opening::machines,
        credit::enter, credit::import, credit::list, credit::get_one, credit::revoke, credit::public, credit::mine, credit::object, credit::objections, credit::answer, credit::tender_checks,
        security::my_security, security::issue, security::revoke, security::list_guarantees, security::import_statement, security::list_deposits, security::refund, security::contract, security::tender_checks,
        supervision::alerts, supervision::raise, supervision::decide, supervision::set_departments, supervision::overview, supervision::statistics, supervision::audit_search, supervision::exchange_status, supervision::exchange_retry,
        complaints::file, complaints::list, complaints::get_one, complaints::put_file, complaints::get_file, complaints::accept, complaints::decide, complaints::decisions,
        get_audit,
    ),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        doc.components.get_or_insert_with(Default::default).add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).description(Some("token from /v1/auth/login")).build()),
        );
    }
}

async fn openapi() -> axum::Json<utoipa::openapi::OpenApi> {
    axum::Json(<ApiDoc as utoipa::OpenApi>::openapi())
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/openapi.json", get(openapi))
        .route("/v1/health", get(log_api::health))
        .route("/v1/centres", get(identities::centres))
        .route("/v1/log/checkpoint", get(log_api::checkpoint))
        .route("/v1/log/proof/inclusion", get(log_api::inclusion))
        .route("/v1/log/proof/consistency", get(log_api::consistency))
        .route("/v1/log/leaves", get(log_api::leaves))
        .route("/v1/events", get(log_api::events))
        .route("/v1/events/stream", get(log_api::stream))
        .route("/v1/identities", post(identities::register).get(identities::list))
        .route("/v1/identities/{id}", get(identities::get_one))
        .route("/v1/identities/{id}/documents", get(registration_files::list))
        .route(
            "/v1/identities/{id}/documents/{sha256}",
            put(registration_files::put_file).get(registration_files::get_file).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/v1/custodians", get(identities::custodians))
        .route("/v1/rules", get(rules::list).post(rules::publish))
        .route("/v1/holidays", get(auctions::holidays))
        .route("/v1/holidays/{date}", put(auctions::set_holiday).delete(auctions::clear_holiday))
        .route("/v1/auctions", get(auctions::list).post(auctions::announce))
        .route("/v1/auctions/{id}", get(auctions::get_one))
        .route("/v1/auctions/{id}/registration", get(auctions::my_registration).post(auctions::apply))
        .route("/v1/auctions/{id}/board", get(auctions::board))
        .route("/v1/auctions/{id}/bids", post(auctions::bid))
        .route("/v1/auctions/{id}/board/stream", get(auctions::board_stream))
        .route("/v1/auctions/{id}/reserve", get(auction_result::reserve_state).put(auction_result::seal_reserve))
        .route("/v1/auctions/{id}/reserve/release", post(auction_result::release_share))
        .route("/v1/auctions/{id}/result", get(auction_result::result))
        .route("/v1/auctions/{id}/sealed-prices", get(auction_result::sealed_prices).post(auction_result::submit_sealed_price))
        .route("/v1/auctions/{id}/sealed-prices/release", post(auction_result::release_price_shares))
        .route("/v1/auctions/{id}/confirmation", post(auction_result::confirm))
        .route("/v1/rules/{id}/retire", post(rules::retire))
        .route("/v1/credit/records", post(credit::enter).get(credit::list))
        .route("/v1/credit/import", post(credit::import).layer(axum::extract::DefaultBodyLimit::max(128 << 20)))
        .route("/v1/credit/records/{id}", get(credit::get_one))
        .route("/v1/credit/records/{id}/revoke", post(credit::revoke))
        .route("/v1/credit/records/{id}/objections", post(credit::object))
        .route("/v1/credit/objections", get(credit::objections))
        .route("/v1/credit/objections/{id}/answer", post(credit::answer))
        .route("/v1/credit/public", get(credit::public))
        .route("/v1/credit/mine", get(credit::mine))
        .route("/v1/tenders/{id}/credit-checks", get(credit::tender_checks))
        .route("/v1/tenders/{id}/security", get(security::my_security))
        .route("/v1/tenders/{id}/alerts", get(supervision::alerts).post(supervision::raise))
        .route("/v1/alerts/{id}/decision", post(supervision::decide))
        .route("/v1/identities/{id}/departments", put(supervision::set_departments))
        .route("/v1/supervision/tenders", get(supervision::overview))
        .route("/v1/statistics", get(supervision::statistics))
        .route("/v1/audit/search", get(supervision::audit_search))
        .route("/v1/exchange/status", get(supervision::exchange_status))
        .route("/v1/exchange/retry", post(supervision::exchange_retry))
        .route("/v1/complaints", post(complaints::file).get(complaints::list))
        .route("/v1/complaints/decisions", get(complaints::decisions))
        .route("/v1/complaints/{id}", get(complaints::get_one))
        .route(
            "/v1/complaints/{id}/files/{sha256}",
            put(complaints::put_file).get(complaints::get_file).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/v1/complaints/{id}/acceptance", post(complaints::accept))
        .route("/v1/complaints/{id}/decision", post(complaints::decide))
        .route("/v1/tenders/{id}/security-checks", get(security::tender_checks))
        .route("/v1/tenders/{id}/contract", post(security::contract))
        .route("/v1/guarantees", post(security::issue).get(security::list_guarantees))
        .route("/v1/guarantees/{id}/revoke", post(security::revoke))
        .route("/v1/deposits/import", post(security::import_statement).layer(axum::extract::DefaultBodyLimit::max(16 << 20)))
        .route("/v1/deposits", get(security::list_deposits))
        .route("/v1/deposits/{id}/refund", post(security::refund))
        .route("/v1/experts", get(experts::list))
        .route("/v1/experts/import", post(experts::import).layer(axum::extract::DefaultBodyLimit::max(16 << 20)))
        .route("/v1/experts/export", get(experts::export))
        .route("/v1/experts/me", get(experts::me))
        .route("/v1/experts/{code}/status", post(experts::set_status))
        .route("/v1/experts/{code}/availability", put(experts::set_availability))
        .route("/v1/experts/{code}/identity", post(draws::link))
        .route("/v1/experts/{code}/ratings", get(experts::ratings))
        .route("/v1/draws/{id}/ratings", post(draws::rate))
        .route("/v1/draws", post(draws::request).get(draws::list))
        .route("/v1/draws/{id}", get(draws::get_one))
        .route("/v1/draws/{id}/entropy", post(draws::entropy))
        .route("/v1/draws/{id}/reveal", post(draws::reveal))
        .route("/v1/invitations", get(draws::invitations))
        .route("/v1/invitations/{seat}/answer", post(draws::answer))
        .route("/v1/centres/{code}/draw-settings", get(draws::get_settings).put(draws::put_settings))
        .route("/v1/release-files/{sha256}", put(releases::put_file).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/v1/releases", get(releases::list).post(releases::publish))
        .route("/v1/releases/{id}/withdraw", post(releases::withdraw))
        .route("/v1/releases/{id}/file", get(releases::get_file))
        .route("/v1/updates/{target}/{arch}/{bundle}/{current_version}", get(releases::check))
        .route("/v1/identities/{id}/approve", post(identities::approve))
        .route("/v1/identities/{id}/reject", post(identities::reject))
        .route("/v1/auth/challenge", post(identities::challenge))
        .route("/v1/auth/login", post(identities::login))
        .route("/v1/tenders", post(tenders::publish).get(tenders::list))
        .route("/v1/tenders/{id}", get(tenders::get_one))
        .route("/v1/tenders/{id}/amend", post(tenders::amend))
        .route("/v1/tenders/{id}/cancel", post(tenders::cancel))
        .route("/v1/tender-files/{sha256}", put(tender_files::put_file).layer(axum::extract::DefaultBodyLimit::disable()))
        .route("/v1/tenders/{id}/files/{sha256}", get(tender_files::get_file))
        .route("/v1/tenders/{id}/uploads", post(bids::create_upload))
        .route("/v1/tenders/{id}/bids/mine", get(bids::my_bids))
        .route("/v1/tenders/{id}/withdraw", post(bids::withdraw))
        .route(
            "/v1/uploads/{id}",
            get(bids::get_upload).patch(bids::patch_upload).layer(axum::extract::DefaultBodyLimit::max(bids::MAX_CHUNK as usize + 1024)),
        )
        .route("/v1/uploads/{id}/complete", post(bids::complete_upload))
        .route("/v1/tenders/{id}/committee", get(committee::get_committee))
        .route("/v1/tenders/{id}/committee/deals", post(committee::post_deal))
        .route("/v1/tenders/{id}/committee/commitments", post(committee::post_commitment))
        .route("/v1/tenders/{id}/committee/verdicts", post(committee::post_verdict))
        .route("/v1/tenders/{id}/committee/answers", post(committee::post_answer))
        .route("/v1/tenders/{id}/opening/stanzas", get(committee::stanzas))
        .route("/v1/tenders/{id}/opening/partials", post(committee::post_partials))
        .route("/v1/tenders/{id}/opening", get(opening::get_opening))
        .route("/v1/tenders/{id}/opening/sign-in", post(opening::sign_in))
        .route("/v1/tenders/{id}/opening/key", post(opening::post_key))
        .route("/v1/tenders/{id}/opening/record", post(opening::make_record))
        .route("/v1/tenders/{id}/opening/platform-fault", post(opening::platform_fault))
        .route("/v1/tenders/{id}/opening/remedy", post(opening::request_remedy))
        .route("/v1/audit", get(get_audit))
        .route("/v1/tenders/{id}/machines", get(opening::machines))
        .route("/v1/tenders/{id}/clarifications", post(clarifications::ask).get(clarifications::list))
        .route("/v1/tenders/{id}/clarifications/{cid}/answer", post(clarifications::answer))
        .route("/v1/tenders/{id}/opening/confirm", post(opening::confirm))
        .route("/v1/tenders/{id}/opening/objections", post(opening::object))
        .route("/v1/tenders/{id}/evaluation", get(evaluation::get_state))
        .route("/v1/tenders/{id}/evaluation/sign-in", post(evaluation::sign_in))
        .route("/v1/tenders/{id}/evaluation/declaration", post(evaluation::declare))
        .route("/v1/tenders/{id}/evaluation/chair", post(evaluation::vote))
        .route("/v1/tenders/{id}/evaluation/more-time", post(evaluation::more_time))
        .route("/v1/tenders/{id}/evaluation/extend", post(evaluation::extend))
        .route("/v1/tenders/{id}/evaluation/representatives", post(evaluation::appoint))
        .route("/v1/tenders/{id}/evaluation/bids", get(evaluation::bids))
        .route("/v1/tenders/{id}/evaluation/bids/{sha256}", get(evaluation::bid_file))
        .route("/v1/tenders/{id}/evaluation/work", get(review::get_work))
        .route("/v1/tenders/{id}/evaluation/review", put(review::put_review))
        .route("/v1/tenders/{id}/evaluation/sheets/{lot}", put(review::put_sheet))
        .route("/v1/tenders/{id}/evaluation/deviations/{lot}", post(review::explain_deviation))
        .route("/v1/tenders/{id}/evaluation/questions", post(review::ask_bidder))
        .route("/v1/tenders/{id}/evaluation/ties", post(review::decide_tie))
        .route("/v1/tenders/{id}/evaluation/report", post(report::draw_up).get(report::get_report))
        .route("/v1/tenders/{id}/evaluation/report/pdf", get(report::get_pdf))
        .route("/v1/tenders/{id}/evaluation/report/sign", post(report::sign))
        .route("/v1/tenders/{id}/result/publicity", post(result::start_publicity))
        .route("/v1/tenders/{id}/result", get(result::get_result))
        .route("/v1/tenders/{id}/result/notice", get(result::notice))
        .route("/v1/tenders/{id}/objections", post(result::object))
        .route("/v1/tenders/{id}/objections/{oid}/answer", post(result::answer_objection))
        .route("/v1/tenders/{id}/award", post(result::award))
        .route("/v1/evaluation-questions", get(review::my_questions))
        .route("/v1/evaluation-questions/{qid}/answer", post(review::answer_question))
        .route("/v1/tenders/{id}/opening/objections/{oid}/answer", post(opening::answer))
        .merge(crate::portal::router())
        .layer(middleware::from_fn_with_state(state.clone(), idempotency))
        .layer(middleware::from_fn_with_state(state.clone(), audit))
        .with_state(state)
}

pub(crate) fn random_hex(n: usize) -> String {
    let mut b = vec![0u8; n];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut b).expect("OS random");
    hex::encode(b)
}

/// Gives every request an id (`x-request-id`) and records every state-changing
/// request in the audit table: time, identity, remote address, method, path,
/// status (电子招标投标办法: who did what, when, from where).
async fn audit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let request_id = random_hex(8);
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let remote = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.to_string()).unwrap_or_else(|| "unknown".into());
    let token = req
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(crate::auth::token_hash);
    let mut resp = next.run(req).await;
    resp.headers_mut().insert("x-request-id", HeaderValue::from_str(&request_id).expect("hex"));
    let status = resp.status().as_u16();
    tracing::info!(request_id = %request_id, %method, %path, status, "handled");
    if method != Method::GET
        && method != Method::HEAD
        && let Err(e) = record_audit(&state, &request_id, token.as_deref(), &remote, method.as_str(), &path, status).await
    {
        tracing::error!(error = %e, "audit record failed");
    }
    resp
}

async fn record_audit(
    state: &AppState,
    request_id: &str,
    token_hash: Option<&str>,
    remote: &str,
    method: &str,
    path: &str,
    status: u16,
) -> Result<()> {
    let identity: Option<String> = match token_hash {
        Some(h) => sqlx::query_scalar("SELECT identity_id FROM tokens WHERE token_hash = $1").bind(h).fetch_optional(&state.pool).await?,
        None => None,
    };
    // One writer at a time: each record links to the one before it.
    let _chain = state.audit_chain.lock().await;
    let last = sqlx::query("SELECT id, chain FROM audit ORDER BY id DESC LIMIT 1").fetch_optional(&state.pool).await?;
    let (seq, previous) = match last {
        Some(r) => (r.try_get::<i64, _>("id")? + 1, r.try_get::<Option<String>, _>("chain")?.unwrap_or_default()),
        None => (1, String::new()),
    };
    let mut rec = AuditRecord {
        seq: seq as u64,
        at: state.now(),
        request_id: request_id.to_string(),
        identity_id: identity,
        remote: remote.to_string(),
        method: method.to_string(),
        path: path.to_string(),
        status,
        chain: String::new(),
    };
    rec.chain = rec.link(&previous);
    sqlx::query("INSERT INTO audit (id, at, request_id, identity_id, remote, method, path, status, chain) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(seq)
        .bind(rec.at.unix())
        .bind(&rec.request_id)
        .bind(&rec.identity_id)
        .bind(&rec.remote)
        .bind(&rec.method)
        .bind(&rec.path)
        .bind(status as i32)
        .bind(&rec.chain)
        .execute(&state.pool)
        .await?;
    Ok(())
}

pub(crate) fn audit_from_row(r: &sqlx::any::AnyRow) -> Result<AuditRecord> {
    Ok(AuditRecord {
        seq: r.try_get::<i64, _>("id")? as u64,
        at: tenderbox_core::time::Timestamp::from_unix(r.try_get("at")?),
        request_id: r.try_get("request_id")?,
        identity_id: r.try_get("identity_id")?,
        remote: r.try_get("remote")?,
        method: r.try_get("method")?,
        path: r.try_get("path")?,
        status: r.try_get::<i32, _>("status")? as u16,
        chain: r.try_get::<Option<String>, _>("chain")?.unwrap_or_default(),
    })
}

/// Links audit records written before the chain existed (a migrated database).
pub async fn backfill_audit_chain(state: &AppState) -> Result<()> {
    let _chain = state.audit_chain.lock().await;
    let missing: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM audit WHERE chain IS NULL").fetch_one(&state.pool).await?;
    let Some(from) = missing else { return Ok(()) };
    let mut previous: String = sqlx::query_scalar("SELECT chain FROM audit WHERE id < $1 ORDER BY id DESC LIMIT 1")
        .bind(from)
        .fetch_optional(&state.pool)
        .await?
        .flatten()
        .unwrap_or_default();
    let rows = sqlx::query("SELECT * FROM audit WHERE id >= $1 ORDER BY id").bind(from).fetch_all(&state.pool).await?;
    for r in rows {
        let rec = audit_from_row(&r)?;
        let chain = rec.link(&previous);
        sqlx::query("UPDATE audit SET chain = $1 WHERE id = $2").bind(&chain).bind(rec.seq as i64).execute(&state.pool).await?;
        previous = chain;
    }
    Ok(())
}

/// Puts the audit chain's head into the transparency log (public: a count and a
/// hash), when it has moved since the last time. From then on, a record edited or
/// removed no longer matches the log.
pub async fn log_audit_head(state: &AppState) -> Result<()> {
    let mut logged = state.audit_chain.lock().await;
    let last = sqlx::query("SELECT id, chain FROM audit ORDER BY id DESC LIMIT 1").fetch_optional(&state.pool).await?;
    let Some(r) = last else { return Ok(()) };
    let seq: i64 = r.try_get("id")?;
    if seq <= *logged {
        return Ok(());
    }
    let chain: Option<String> = r.try_get("chain")?;
    let mut guard = state.log.lock().await;
    let mut tx = state.pool.begin().await?;
    guard.append(&mut tx, "audit.head", None, Audience::Public, state.now(), serde_json::json!({ "seq": seq, "chain": chain })).await?;
    tx.commit().await?;
    guard.commit();
    *logged = seq;
    Ok(())
}

#[derive(serde::Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    after: Option<u64>,
    #[serde(default)]
    limit: Option<u32>,
}

/// The audit trail for supervisors and centre admins, in order, with its chain.
#[utoipa::path(get, path = "/v1/audit", tag = "platform", params(("after" = Option<u64>, Query), ("limit" = Option<u32>, Query)), security(("bearer" = [])), responses((status = 200, body = Vec<AuditRecord>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_audit(
    State(state): State<AppState>,
    caller: crate::auth::Caller,
    axum::extract::Query(q): axum::extract::Query<AuditQuery>,
) -> Result<axum::Json<Vec<AuditRecord>>> {
    if !caller.has(Role::Supervisor) && !caller.has(Role::CentreAdmin) {
        return Err(crate::error::Error::Forbidden("auth.role", "the audit trail is for supervisors and centre admins".into()));
    }
    let rows = sqlx::query("SELECT * FROM audit WHERE id > $1 ORDER BY id LIMIT $2")
        .bind(q.after.unwrap_or(0) as i64)
        .bind(q.limit.unwrap_or(1000).clamp(1, 1000) as i64)
        .fetch_all(&state.pool)
        .await?;
    rows.iter().map(audit_from_row).collect::<Result<Vec<_>>>().map(axum::Json)
}

/// Largest POST body remembered for idempotent replay.
const IDEMPOTENT_BODY_LIMIT: usize = 1 << 20;

/// Every POST may carry `Idempotency-Key`: a retry with the same key and the same
/// body gets the stored answer instead of acting twice; the same key with another
/// body is refused. Keys are per identity with a live token; anonymous requests
/// and expired tokens get no replay.
async fn idempotency(State(state): State<AppState>, req: Request, next: Next) -> Response {
    use axum::response::IntoResponse;
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let Some(key) = req.headers().get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_string) else {
        return next.run(req).await;
    };
    // Only a caller with a live token has a space of keys: anonymous requests
    // (registration, challenge, login — whose answer is a bearer token, which must
    // never be stored) and expired tokens pass straight through and replay nothing.
    let Some(bearer) = req
        .headers()
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(crate::auth::token_hash)
    else {
        return next.run(req).await;
    };
    let owner: String = match sqlx::query_scalar::<_, String>("SELECT identity_id FROM tokens WHERE token_hash = $1 AND expires_at > $2")
        .bind(&bearer)
        .bind(state.now().unix())
        .fetch_optional(&state.pool)
        .await
    {
        Ok(Some(id)) => id,
        Ok(None) => return next.run(req).await,
        Err(e) => return crate::error::Error::from(e).into_response(),
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, IDEMPOTENT_BODY_LIMIT).await else {
        return crate::error::Error::TooLarge("idempotency.body", "the request body is too large".into()).into_response();
    };
    let mut h = ring::digest::Context::new(&ring::digest::SHA256);
    h.update(parts.uri.path().as_bytes());
    h.update(b"\0");
    h.update(&bytes);
    let request_hash = hex::encode(h.finish());
    let stored = sqlx::query("SELECT request_hash, status, body FROM idempotency WHERE identity_id = $1 AND key = $2")
        .bind(&owner)
        .bind(&key)
        .fetch_optional(&state.pool)
        .await;
    match stored {
        Err(e) => return crate::error::Error::from(e).into_response(),
        Ok(Some(row)) => {
            use sqlx::Row;
            let same = row.try_get::<String, _>("request_hash").map(|h| h == request_hash).unwrap_or(false);
            if !same {
                return crate::error::Error::BadRequest(
                    "idempotency.mismatch",
                    "this Idempotency-Key was used for a different request".into(),
                )
                .into_response();
            }
            let status = row
                .try_get::<i32, _>("status")
                .ok()
                .and_then(|s| axum::http::StatusCode::from_u16(s as u16).ok())
                .unwrap_or(axum::http::StatusCode::OK);
            let body: String = row.try_get("body").unwrap_or_default();
            let mut r = (status, body).into_response();
            r.headers_mut().insert(axum::http::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
            r.headers_mut().insert("idempotent-replay", HeaderValue::from_static("true"));
            return r;
        }
        Ok(None) => {}
    }
    let resp = next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await;
    if !resp.status().is_success() {
        return resp;
    }
    let (parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 << 20).await else {
        return crate::error::Error::Internal("response too large to remember".into()).into_response();
    };
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let saved = sqlx::query("INSERT INTO idempotency (identity_id, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5)")
        .bind(&owner)
        .bind(&key)
        .bind(&request_hash)
        .bind(parts.status.as_u16() as i32)
        .bind(&text)
        .execute(&state.pool)
        .await;
    if let Err(e) = saved {
        tracing::warn!(error = %e, "idempotency record not saved");
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}
