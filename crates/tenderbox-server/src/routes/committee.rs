//! The committee key ceremony through the server (a message board: it stores and
//! relays deals, it never learns a share) and the custodians' partial
//! decryptions after the deadline (docs/spec/committee-v1.md).

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use crate::routes::tenders;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::json;
use sqlx::Row;
use tenderbox_seal::committee::{self, CommitteeKey, Deal};
use tenderbox_seal::envelope;
use tenderbox_wire::{CommitteeStanzaInfo, CommitteeState, Complaint, PostPartial, Role, TenderRecord, TenderStatus};

fn custodian_index(t: &TenderRecord, caller: &Caller) -> Result<u32> {
    caller.require(Role::Custodian)?;
    t.document
        .custodians
        .iter()
        .position(|c| c.id == caller.id)
        .map(|i| i as u32 + 1)
        .ok_or_else(|| Error::Forbidden("committee.not_custodian", "you are not a custodian of this tender".into()))
}

async fn tender(s: &AppState, id: &str) -> Result<TenderRecord> {
    let mut conn = s.pool.acquire().await?;
    tenders::load(&mut conn, id).await
}

pub async fn state_of(s: &AppState, t: &TenderRecord) -> Result<(CommitteeState, Option<CommitteeKey>)> {
    let rows =
        sqlx::query("SELECT deal FROM committee_deals WHERE tender_id = $1 ORDER BY dealer").bind(&t.summary.id).fetch_all(&s.pool).await?;
    let deals: Vec<Deal> =
        rows.iter().map(|r| serde_json::from_str(&r.try_get::<String, _>("deal")?).map_err(Error::internal)).collect::<Result<_>>()?;
    let rows =
        sqlx::query("SELECT dealer, by_custodian, reason FROM committee_complaints WHERE tender_id = $1 ORDER BY dealer, by_custodian")
            .bind(&t.summary.id)
            .fetch_all(&s.pool)
            .await?;
    let mut complaints = Vec::new();
    for r in rows {
        complaints.push((
            r.try_get::<i32, _>("dealer")? as u32,
            r.try_get::<i32, _>("by_custodian")? as u32,
            r.try_get::<String, _>("reason")?,
        ));
    }
    let qualified: Vec<&Deal> = deals.iter().filter(|d| !complaints.iter().any(|c| c.0 == d.dealer)).collect();
    let (n, k) = (t.document.custodians.len(), t.document.threshold);
    let key = if qualified.len() >= k as usize && k > 0 { committee::aggregate(&qualified, n, k).ok() } else { None };
    let st = CommitteeState {
        threshold: k,
        custodians: n,
        qualified: qualified.iter().map(|d| d.dealer).collect(),
        public_key: key.as_ref().map(|k| k.public_key.to_base64()),
        deals,
        complaints,
    };
    Ok((st, key))
}

/// Public: the ceremony so far; anyone can recompute the key from it.
#[utoipa::path(get, path = "/v1/tenders/{id}/committee", tag = "committee", params(("id" = String, Path)), responses((status = 200, body = CommitteeState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_committee(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<CommitteeState>> {
    let t = tender(&s, &id).await?;
    Ok(Json(state_of(&s, &t).await?.0))
}

#[utoipa::path(post, path = "/v1/tenders/{id}/committee/deals", tag = "committee", params(("id" = String, Path)), request_body(content = Object, description = "a joint-Feldman deal (docs/spec/committee-v1.md)"), security(("bearer" = [])), responses((status = 200, body = CommitteeState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn post_deal(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(deal): Json<Deal>,
) -> Result<Json<CommitteeState>> {
    let t = tender(&s, &id).await?;
    let me = custodian_index(&t, &caller)?;
    if t.summary.status != TenderStatus::AwaitingCommitteeKey {
        return Err(Error::Conflict("committee.closed", "the key ceremony of this tender is over".into()));
    }
    if deal.dealer != me {
        return Err(Error::BadRequest("committee.dealer", format!("you are custodian {me}; the deal says {}", deal.dealer)));
    }
    committee::check_deal(&deal, &id, t.document.custodians.len(), t.document.threshold)
        .map_err(|e| Error::BadRequest("committee.bad_deal", e.to_string()))?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let exists: Option<i32> = sqlx::query_scalar("SELECT dealer FROM committee_deals WHERE tender_id = $1 AND dealer = $2")
        .bind(&id)
        .bind(me as i32)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(Error::Conflict("committee.dealt", "you have already dealt for this tender".into()));
    }
    let text = serde_json::to_string(&deal).map_err(Error::internal)?;
    sqlx::query("INSERT INTO committee_deals (tender_id, dealer, custodian_id, deal, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(me as i32)
        .bind(&caller.id)
        .bind(&text)
        .bind(s.now().unix())
        .execute(&mut *tx)
        .await?;
    guard.append(&mut tx, "committee.deal", Some(&id), Audience::Public, s.now(), json!({ "dealer": me, "deal": deal })).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(state_of(&s, &t).await?.0))
}

/// A custodian whose share from `dealer` did not verify says so; that dealer is
/// left out of the key.
#[utoipa::path(post, path = "/v1/tenders/{id}/committee/complaints", tag = "committee", params(("id" = String, Path)), request_body = Complaint, security(("bearer" = [])), responses((status = 200, body = CommitteeState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn complain(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(c): Json<Complaint>,
) -> Result<Json<CommitteeState>> {
    let t = tender(&s, &id).await?;
    let me = custodian_index(&t, &caller)?;
    if t.summary.status != TenderStatus::AwaitingCommitteeKey {
        return Err(Error::Conflict("committee.closed", "the key ceremony of this tender is over".into()));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    sqlx::query("INSERT INTO committee_complaints (tender_id, dealer, by_custodian, reason, at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(c.dealer as i32)
        .bind(me as i32)
        .bind(&c.reason)
        .bind(s.now().unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "committee.complaint",
            Some(&id),
            Audience::Public,
            s.now(),
            json!({ "dealer": c.dealer, "by": me, "reason": c.reason }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(state_of(&s, &t).await?.0))
}

/// The committee key the deals make, to check an amendment that sets it.
pub async fn expected_key(s: &AppState, t: &TenderRecord) -> Result<Option<String>> {
    Ok(state_of(s, t).await?.0.public_key)
}

/// After the deadline: the committee stanza share R of every active bid.
#[utoipa::path(get, path = "/v1/tenders/{id}/opening/stanzas", tag = "committee", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<CommitteeStanzaInfo>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn stanzas(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Vec<CommitteeStanzaInfo>>> {
    let t = tender(&s, &id).await?;
    custodian_index(&t, &caller)?;
    if !matches!(t.summary.status, TenderStatus::Closed) {
        return Err(Error::Conflict(
            "opening.not_yet",
            format!("custodians act only after the deadline {} and only for a tender being opened", t.document.deadline),
        ));
    }
    let shas: Vec<String> = sqlx::query_scalar("SELECT sha256 FROM bids WHERE tender_id = $1 AND status = 'active' ORDER BY log_index")
        .bind(&id)
        .fetch_all(&s.pool)
        .await?;
    let mut out = Vec::new();
    for sha in shas {
        if let Some(r) = committee_share(&s, &sha)? {
            out.push(CommitteeStanzaInfo { sha256: sha, share: tenderbox_core_b64(&r) });
        }
    }
    Ok(Json(out))
}

fn tenderbox_core_b64(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

pub fn committee_share(s: &AppState, sha: &str) -> Result<Option<[u8; 32]>> {
    let f = std::fs::File::open(s.data.join("blobs").join(sha)).map_err(Error::internal)?;
    let h = envelope::read_header(&mut std::io::BufReader::new(f)).map_err(Error::internal)?;
    Ok(h.committee_stanza().ok().map(|st| st.share))
}

/// A custodian's partial decryptions, each checked against its verification key;
/// a bad one is refused and names its author.
#[utoipa::path(post, path = "/v1/tenders/{id}/opening/partials", tag = "committee", params(("id" = String, Path)), request_body = Vec<PostPartial>, security(("bearer" = [])), responses((status = 200, body = Object), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn post_partials(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(list): Json<Vec<PostPartial>>,
) -> Result<Json<serde_json::Value>> {
    let t = tender(&s, &id).await?;
    let me = custodian_index(&t, &caller)?;
    crate::routes::close_due(&s).await?;
    let t = tender(&s, &id).await?;
    if !matches!(t.summary.status, TenderStatus::Closed) {
        return Err(Error::Conflict(
            "opening.not_yet",
            format!("partial decryptions are refused before the deadline {} (server time {})", t.document.deadline, s.now()),
        ));
    }
    let (_, key) = state_of(&s, &t).await?;
    let key = key.ok_or_else(|| Error::Conflict("committee.no_key", "this tender has no committee key".into()))?;
    for p in &list {
        if p.partial.custodian != me {
            return Err(Error::BadRequest(
                "committee.bad_partial",
                format!("custodian {me} sent a partial labelled as custodian {}", p.partial.custodian),
            ));
        }
        let active: Option<String> =
            sqlx::query_scalar("SELECT sha256 FROM bids WHERE tender_id = $1 AND sha256 = $2 AND status = 'active'")
                .bind(&id)
                .bind(&p.sha256)
                .fetch_optional(&s.pool)
                .await?;
        if active.is_none() {
            return Err(Error::NotFound("bid.not_found", format!("no active bid {}", p.sha256)));
        }
        let r = committee_share(&s, &p.sha256)?
            .ok_or_else(|| Error::BadRequest("committee.no_stanza", format!("bid {} has no committee stanza", p.sha256)))?;
        committee::verify_partial(&key, &r, &p.partial).map_err(|e| Error::BadRequest("committee.bad_partial", e.to_string()))?;
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    for p in &list {
        sqlx::query("DELETE FROM partials WHERE tender_id = $1 AND sha256 = $2 AND custodian = $3")
            .bind(&id)
            .bind(&p.sha256)
            .bind(me as i32)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO partials (tender_id, sha256, custodian, partial, at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(&p.sha256)
            .bind(me as i32)
            .bind(serde_json::to_string(&p.partial).map_err(Error::internal)?)
            .bind(s.now().unix())
            .execute(&mut *tx)
            .await?;
        guard
            .append(
                &mut tx,
                "committee.partial",
                Some(&id),
                Audience::Public,
                s.now(),
                json!({ "custodian": me, "sha256": p.sha256, "partial": p.partial }),
            )
            .await?;
    }
    tx.commit().await?;
    guard.commit();
    Ok(Json(json!({ "accepted": list.len() })))
}

/// The combined share for a bid, if enough valid partials are in.
pub async fn combined_for(s: &AppState, t: &TenderRecord, sha: &str) -> Result<Option<committee::CombinedShare>> {
    let (_, key) = state_of(s, t).await?;
    let Some(key) = key else { return Ok(None) };
    let Some(r) = committee_share(s, sha)? else { return Ok(None) };
    let rows: Vec<String> = sqlx::query_scalar("SELECT partial FROM partials WHERE tender_id = $1 AND sha256 = $2 ORDER BY custodian")
        .bind(&t.summary.id)
        .bind(sha)
        .fetch_all(&s.pool)
        .await?;
    let partials: Vec<committee::PartialDecryption> =
        rows.iter().map(|p| serde_json::from_str(p).map_err(Error::internal)).collect::<Result<_>>()?;
    if partials.len() < key.threshold as usize {
        return Ok(None);
    }
    committee::combine(&key, &r, &partials).map(Some).map_err(|e| Error::Internal(format!("stored partials do not combine: {e}")))
}
