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
use tenderbox_seal::ceremony::{self, Answer, CeremonyParams, DealCommitment, Outcome, Signed, Transcript, Verdict};
use tenderbox_seal::committee::{self, CommitteeKey, Deal};
use tenderbox_seal::envelope;
use tenderbox_wire::{CommitteeStanzaInfo, CommitteeState, PostPartial, Role, TenderRecord, TenderStatus};

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

fn platform_key(s: &AppState) -> [u8; 32] {
    use ring::signature::KeyPair;
    s.key.public_key().as_ref().try_into().expect("Ed25519 public keys are 32 bytes")
}

async fn epoch_of(conn: &mut sqlx::AnyConnection, id: &str) -> Result<u32> {
    let e: i64 = sqlx::query_scalar("SELECT ceremony_epoch FROM tenders WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    Ok(e as u32)
}

/// The ceremony's parameters, from the custodians' certificates.
fn params_of(s: &AppState, t: &TenderRecord, epoch: u32) -> Result<CeremonyParams> {
    t.ceremony_params(&platform_key(s), epoch).map_err(|e| Error::Conflict("committee.custodians", e.message))
}

async fn transcript_of(conn: &mut sqlx::AnyConnection, id: &str, ceremony: &str) -> Result<Transcript> {
    let rows = sqlx::query("SELECT kind, body FROM dkg_messages WHERE tender_id = $1 AND ceremony = $2 ORDER BY kind, custodian, about")
        .bind(id)
        .bind(ceremony)
        .fetch_all(&mut *conn)
        .await?;
    let mut t = Transcript::default();
    for r in rows {
        let body: String = r.try_get("body")?;
        match r.try_get::<String, _>("kind")?.as_str() {
            "commitment" => t.commitments.push(serde_json::from_str(&body).map_err(Error::internal)?),
            "deal" => t.deals.push(serde_json::from_str(&body).map_err(Error::internal)?),
            "verdict" => t.verdicts.push(serde_json::from_str(&body).map_err(Error::internal)?),
            "answer" => t.answers.push(serde_json::from_str(&body).map_err(Error::internal)?),
            other => return Err(Error::Internal(format!("unknown ceremony message kind {other}"))),
        }
    }
    Ok(t)
}

fn state(epoch: u32, params: &CeremonyParams, transcript: Transcript, o: Outcome) -> CommitteeState {
    CommitteeState {
        epoch,
        ceremony: o.ceremony,
        threshold: params.threshold,
        custodians: params.n(),
        transcript,
        phase: o.phase,
        complaints: o.complaints,
        disqualified: o.disqualified.into_iter().collect(),
        qualified: o.key.as_ref().map(|k| k.qualified.clone()).unwrap_or_default(),
        public_key: o.key.as_ref().map(|k| k.public_key.to_base64()),
    }
}

/// The ceremony as its signed transcript proves it, and the key once it is done.
pub async fn state_of(s: &AppState, t: &TenderRecord) -> Result<(CommitteeState, Option<CommitteeKey>)> {
    let mut conn = s.pool.acquire().await?;
    let epoch = epoch_of(&mut conn, &t.summary.id).await?;
    let params = params_of(s, t, epoch)?;
    let transcript = transcript_of(&mut conn, &t.summary.id, &params.id()).await?;
    let o = ceremony::evaluate(&params, &transcript).map_err(|e| Error::Internal(format!("the stored ceremony does not verify: {e}")))?;
    let key = o.key.clone();
    Ok((state(epoch, &params, transcript, o), key))
}

/// Public: the ceremony so far; anyone can recompute the key from it.
#[utoipa::path(get, path = "/v1/tenders/{id}/committee", tag = "committee", params(("id" = String, Path)), responses((status = 200, body = CommitteeState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_committee(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<CommitteeState>> {
    let t = tender(&s, &id).await?;
    if !t.document.uses_committee() {
        return Err(Error::NotFound("committee.none", format!("tender {id} has no committee key")));
    }
    Ok(Json(state_of(&s, &t).await?.0))
}

/// Accepts one signed ceremony message from its custodian: it must be signed for
/// this ceremony by the caller's registered key, come at its turn (no deal before
/// every commitment, no verdict before every deal), be the caller's first of its
/// kind, and leave a transcript that still verifies. Logged publicly.
async fn accept<T: Signed + serde::Serialize>(
    s: &AppState,
    caller: &Caller,
    id: &str,
    kind: &str,
    about: u32,
    msg: T,
    push: impl FnOnce(&mut Transcript, T),
) -> Result<Json<CommitteeState>> {
    let t = tender(s, id).await?;
    let me = custodian_index(&t, caller)?;
    if t.summary.status != TenderStatus::AwaitingCommitteeKey {
        return Err(Error::Conflict("committee.closed", "the key ceremony of this tender is over".into()));
    }
    if msg.author() != me {
        return Err(Error::BadRequest("committee.author", format!("you are custodian {me}; the {kind} says {}", msg.author())));
    }
    let text = serde_json::to_string(&msg).map_err(Error::internal)?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let epoch = epoch_of(&mut tx, id).await?;
    let params = params_of(s, &t, epoch)?;
    ceremony::check_signed(&params, &msg).map_err(|e| Error::BadRequest("committee.signature", e.to_string()))?;
    let ceremony_id = params.id();
    let exists: Option<String> = sqlx::query_scalar(
        "SELECT kind FROM dkg_messages WHERE tender_id = $1 AND ceremony = $2 AND kind = $3 AND custodian = $4 AND about = $5",
    )
    .bind(id)
    .bind(&ceremony_id)
    .bind(kind)
    .bind(me as i32)
    .bind(about as i32)
    .fetch_optional(&mut *tx)
    .await?;
    if exists.is_some() {
        return Err(Error::Conflict("committee.repeated", format!("you have already sent your {kind} in this ceremony")));
    }
    let mut transcript = transcript_of(&mut tx, id, &ceremony_id).await?;
    push(&mut transcript, msg);
    let o = ceremony::evaluate(&params, &transcript).map_err(|e| Error::BadRequest("committee.refused", e.to_string()))?;
    sqlx::query("INSERT INTO dkg_messages (tender_id, ceremony, kind, custodian, about, body, at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(id)
        .bind(&ceremony_id)
        .bind(kind)
        .bind(me as i32)
        .bind(about as i32)
        .bind(&text)
        .bind(s.now().unix())
        .execute(&mut *tx)
        .await?;
    let body: serde_json::Value = serde_json::from_str(&text).map_err(Error::internal)?;
    guard.append(&mut tx, &format!("committee.{kind}"), Some(id), Audience::Public, s.now(), body).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(state(epoch, &params, transcript, o)))
}

/// Step 1: a custodian commits to its deal (the hash of the signed deal).
#[utoipa::path(post, path = "/v1/tenders/{id}/committee/commitments", tag = "committee", params(("id" = String, Path)), request_body(content = Object, description = "a signed deal commitment (docs/spec/committee-v1.md)"), security(("bearer" = [])), responses((status = 200, body = CommitteeState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn post_commitment(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(c): Json<DealCommitment>,
) -> Result<Json<CommitteeState>> {
    accept(&s, &caller, &id, "commitment", 0, c, |t, c| t.commitments.push(c)).await
}

/// Step 2: once every custodian has committed, each reveals its signed deal.
#[utoipa::path(post, path = "/v1/tenders/{id}/committee/deals", tag = "committee", params(("id" = String, Path)), request_body(content = Object, description = "a signed joint-Feldman deal with its proof of knowledge (docs/spec/committee-v1.md)"), security(("bearer" = [])), responses((status = 200, body = CommitteeState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn post_deal(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(deal): Json<Deal>,
) -> Result<Json<CommitteeState>> {
    accept(&s, &caller, &id, "deal", 0, deal, |t, d| t.deals.push(d)).await
}

/// Step 3: once every deal is revealed, each custodian signs its verdict on all of them.
#[utoipa::path(post, path = "/v1/tenders/{id}/committee/verdicts", tag = "committee", params(("id" = String, Path)), request_body(content = Object, description = "a signed verdict: an acknowledgement or a complaint per deal"), security(("bearer" = [])), responses((status = 200, body = CommitteeState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn post_verdict(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(v): Json<Verdict>,
) -> Result<Json<CommitteeState>> {
    accept(&s, &caller, &id, "verdict", 0, v, |t, v| t.verdicts.push(v)).await
}

/// Step 4: a dealer answers a complaint by revealing the disputed share's ephemeral secret.
#[utoipa::path(post, path = "/v1/tenders/{id}/committee/answers", tag = "committee", params(("id" = String, Path)), request_body(content = Object, description = "a signed answer to a complaint"), security(("bearer" = [])), responses((status = 200, body = CommitteeState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn post_answer(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(a): Json<Answer>,
) -> Result<Json<CommitteeState>> {
    let about = a.recipient;
    accept(&s, &caller, &id, "answer", about, a, |t, a| t.answers.push(a)).await
}

/// The committee key the ceremony makes, to check an amendment that sets it.
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
        if !remedy_applies(&s, &t, &sha).await? {
            continue;
        }
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
        if !remedy_applies(&s, &t, &p.sha256).await? {
            return Err(Error::Conflict(
                "committee.not_applicable",
                format!("bid {} is not for the custodians to open: nobody asked for the committee remedy for it", p.sha256),
            ));
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

/// May the custodians open this bid? When the tender says they open every bid,
/// or when its bidder (or a centre admin on its behalf) asked for the committee
/// remedy in the decryption window. A bid its bidder chose not to decrypt stays
/// closed.
pub async fn remedy_applies(s: &AppState, t: &TenderRecord, sha: &str) -> Result<bool> {
    if t.document.envelope.committee_opens_every_bid {
        return Ok(true);
    }
    let asked: Option<String> = sqlx::query_scalar("SELECT sha256 FROM remedy_requests WHERE tender_id = $1 AND sha256 = $2")
        .bind(&t.summary.id)
        .bind(sha)
        .fetch_optional(&s.pool)
        .await?;
    Ok(asked.is_some() && t.document.envelope.committee_opens_on_bidder_failure)
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
