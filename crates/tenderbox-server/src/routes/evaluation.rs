//! The evaluation session (评标) of a tender, after its opening: the committee drawn for
//! it (the accepted seats of its draw) signs in at the evaluation start, each at their
//! venue; each member declares, per bidder of the opening record, no conflict or a
//! conflict (回避) — a member with a conflict leaves, their work is void, and a
//! supplementary draw replaces them; the members elect a chair by majority; when more
//! than a third say the time is too short, the centre admin extends it. Everything is
//! logged by seat (no names). Only the committee's members, centre admins and supervisors
//! see the session.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use crate::routes::tenders;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::json;
use sqlx::Row;
use tenderbox_core::expert_library::ExpertRow;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::{
    ChairVote, ConflictDeclaration, DrawRequest, EvaluationBidder, EvaluationExtension, EvaluationMember, EvaluationState, OpeningRecord,
    Role, TimeRequest,
};

/// The draw that seats the tender's committee: its latest draw that was not a failure.
async fn committee_draw(conn: &mut sqlx::AnyConnection, tender: &str) -> Result<(String, DrawRequest)> {
    let row = sqlx::query(
        "SELECT id, request FROM draws WHERE tender_id = $1 AND status IN ('drawn', 'revealed') ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(tender)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::Conflict("evaluation.no_committee", format!("tender {tender} has no committee drawn yet")))?;
    let request: DrawRequest = serde_json::from_str(&row.try_get::<String, _>("request")?).map_err(Error::internal)?;
    Ok((row.try_get("id")?, request))
}

pub(crate) async fn opening_record(conn: &mut sqlx::AnyConnection, tender: &str) -> Result<OpeningRecord> {
    let record: String =
        sqlx::query_scalar("SELECT record FROM openings WHERE tender_id = $1").bind(tender).fetch_optional(&mut *conn).await?.ok_or_else(
            || {
                Error::Conflict(
                    "evaluation.not_opened",
                    format!("tender {tender} has no opening record yet: the evaluation follows the opening"),
                )
            },
        )?;
    serde_json::from_str(&record).map_err(Error::internal)
}

/// The caller's accepted seat in draw `draw` (seat id, expert code, group).
async fn my_seat(conn: &mut sqlx::AnyConnection, draw: &str, caller: &Caller) -> Result<Option<(String, String, String)>> {
    let row = sqlx::query(
        "SELECT s.id, s.expert, s.grp FROM draw_seats s JOIN experts e ON e.code = s.expert WHERE s.draw_id = $1 AND s.state = 'accepted' AND e.identity_id = $2",
    )
    .bind(draw)
    .bind(&caller.id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some(r) => Some((r.try_get("id")?, r.try_get("expert")?, r.try_get("grp")?)),
        None => None,
    })
}

/// Whether the caller is appointed the tenderer's representative on the tender's committee.
pub(crate) async fn is_representative(conn: &mut sqlx::AnyConnection, tender: &str, caller: &Caller) -> Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_representatives WHERE tender_id = $1 AND identity_id = $2")
        .bind(tender)
        .bind(&caller.id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(n > 0)
}

/// The tender's agency appoints one of the tenderer's registered, approved people as its
/// representative on the committee, within the seats the draw request kept for them.
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/representatives", tag = "evaluation", params(("id" = String, Path)), request_body = tenderbox_wire::AppointRepresentative, security(("bearer" = [])), responses((status = 200, body = tenderbox_wire::AppointRepresentative), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn appoint(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<tenderbox_wire::AppointRepresentative>,
) -> Result<Json<tenderbox_wire::AppointRepresentative>> {
    caller.require(Role::Agency)?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let t = tenders::load(&mut tx, &id).await?;
    if t.agency_id != caller.id {
        return Err(Error::NotFound("tender.not_found", format!("no tender {id} of yours")));
    }
    let (_, request) = committee_draw(&mut tx, &id).await?;
    let row = sqlx::query("SELECT uscc, status FROM identities WHERE id = $1")
        .bind(&b.identity)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound("identity.not_found", format!("no identity {}", b.identity)))?;
    let uscc: String = row.try_get("uscc")?;
    let status: String = row.try_get("status")?;
    if status != "approved" || uscc != t.document.tenderer.uscc.as_str() {
        return Err(Error::BadRequest(
            "evaluation.representative",
            format!(
                "the representative must be an approved identity of the tenderer {} ({})",
                t.document.tenderer.name, t.document.tenderer.uscc
            ),
        ));
    }
    let appointed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_representatives WHERE tender_id = $1").bind(&id).fetch_one(&mut *tx).await?;
    if appointed as u32 >= request.tenderer_representatives {
        return Err(Error::Conflict(
            "evaluation.representatives_full",
            format!("the committee keeps {} seat(s) for the tenderer's representatives, all appointed", request.tenderer_representatives),
        ));
    }
    sqlx::query("INSERT INTO evaluation_representatives (tender_id, identity_id, appointed_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(&id)
        .bind(&b.identity)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard.append(&mut tx, "evaluation.representative", Some(&id), Audience::Public, now, json!({ "identity": b.identity })).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(b))
}

/// A signed-in member who has not left: the caller's seat.
pub(crate) async fn member(conn: &mut sqlx::AnyConnection, tender: &str, caller: &Caller) -> Result<String> {
    let seat: Option<String> =
        sqlx::query_scalar("SELECT seat_id FROM evaluation_members WHERE tender_id = $1 AND identity_id = $2 AND void = 0")
            .bind(tender)
            .bind(&caller.id)
            .fetch_optional(&mut *conn)
            .await?;
    let seat =
        seat.ok_or_else(|| Error::Forbidden("evaluation.not_member", "only the committee's members who signed in take part".into()))?;
    super::review::ensure_open(conn, tender).await?;
    Ok(seat)
}

pub(crate) async fn state(conn: &mut sqlx::AnyConnection, tender: &str, caller: &Caller) -> Result<EvaluationState> {
    let (draw, request) = committee_draw(conn, tender).await?;
    let record = opening_record(conn, tender).await?;
    let rows = sqlx::query(
        "SELECT m.*, e.profile, i.name AS identity_name, (SELECT COUNT(*) FROM evaluation_votes v WHERE v.tender_id = m.tender_id AND v.candidate_seat = m.seat_id) AS votes FROM evaluation_members m LEFT JOIN experts e ON e.code = m.expert JOIN identities i ON i.id = m.identity_id WHERE m.tender_id = $1 ORDER BY m.signed_in_at, m.seat_id",
    )
    .bind(tender)
    .fetch_all(&mut *conn)
    .await?;
    let mut members = Vec::new();
    let mut me = None;
    let mut tenderer: Option<String> = None;
    for r in &rows {
        let profile: Option<String> = r.try_get("profile")?;
        let representative = profile.is_none();
        let (code, name, employer_name) = match profile {
            Some(p) => {
                let p: ExpertRow = serde_json::from_str(&p).map_err(Error::internal)?;
                (p.code, p.name, p.employer_name)
            }
            None => {
                // The tenderer's name, read once for all its representatives.
                if tenderer.is_none() {
                    tenderer = Some(tenders::load(conn, tender).await?.document.tenderer.name);
                }
                (String::new(), r.try_get::<String, _>("identity_name")?, tenderer.clone().unwrap_or_default())
            }
        };
        let seat: String = r.try_get("seat_id")?;
        let venue: String = r.try_get("venue")?;
        let void = r.try_get::<i32, _>("void")? != 0;
        if r.try_get::<String, _>("identity_id")? == caller.id && !void {
            me = Some(seat.clone());
        }
        let declaration: Option<String> = r.try_get("declaration")?;
        members.push(EvaluationMember {
            main_venue: request.venues.iter().any(|v| v.centre == venue && v.main),
            seat,
            expert: code,
            name,
            employer_name,
            venue,
            signed_in_at: Timestamp::from_unix(r.try_get("signed_in_at")?),
            declaration: match declaration.as_deref() {
                None => "pending".into(),
                Some("[]") => "none".into(),
                Some(_) => "conflict".into(),
            },
            void,
            votes: r.try_get::<i64, _>("votes")? as u32,
            representative,
        });
    }
    // Members who left see it no more; a member not signed in yet sees it to sign in.
    let left = rows.iter().any(|r| r.try_get::<String, _>("identity_id").ok().as_deref() == Some(caller.id.as_str()));
    let seated =
        me.is_some() || (!left && (my_seat(conn, &draw, caller).await?.is_some() || is_representative(conn, tender, caller).await?));
    if !seated && !caller.has(Role::CentreAdmin) && !caller.has(Role::Supervisor) {
        return Err(Error::Forbidden(
            "evaluation.not_member",
            "the evaluation is seen by its committee, centre admins and supervisors".into(),
        ));
    }
    let session = sqlx::query("SELECT * FROM evaluation_sessions WHERE tender_id = $1").bind(tender).fetch_optional(&mut *conn).await?;
    let (chair, extended_to, extension_reason) = match &session {
        Some(s) => (
            s.try_get::<Option<String>, _>("chair_seat")?,
            s.try_get::<Option<i64>, _>("extended_to")?.map(Timestamp::from_unix),
            s.try_get::<Option<String>, _>("extension_reason")?,
        ),
        None => (None, None, None),
    };
    let time_requests: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_time_requests WHERE tender_id = $1").bind(tender).fetch_one(&mut *conn).await?;
    Ok(EvaluationState {
        tender: tender.to_string(),
        draw,
        evaluation_start: request.evaluation_start,
        committee_experts: request.size - request.tenderer_representatives,
        committee_size: request.size,
        members,
        chair,
        time_requests: time_requests as u32,
        extended_to,
        extension_reason,
        bidders: record
            .lines
            .iter()
            .map(|l| EvaluationBidder { uscc: l.bidder_uscc.clone(), name: l.bidder_name.clone(), outcome: l.outcome })
            .collect(),
        me,
    })
}

#[utoipa::path(get, path = "/v1/tenders/{id}/evaluation", tag = "evaluation", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = EvaluationState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_state(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<EvaluationState>> {
    let mut conn = s.pool.acquire().await?;
    Ok(Json(state(&mut conn, &id, &caller).await?))
}

/// A member of the committee signs in at their venue, from the evaluation start on.
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/sign-in", tag = "evaluation", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = EvaluationState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn sign_in(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<EvaluationState>> {
    caller.require(Role::Evaluator)?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    opening_record(&mut tx, &id).await?;
    let (draw, request) = committee_draw(&mut tx, &id).await?;
    let (seat, expert, group) = match my_seat(&mut tx, &draw, &caller).await? {
        Some(s) => s,
        // The tenderer's representative sits at the main venue.
        None if is_representative(&mut tx, &id, &caller).await? => {
            let main = request.venues.iter().find(|v| v.main).map(|v| v.centre.clone()).unwrap_or_default();
            (format!("rep-{}", &caller.id[..caller.id.len().min(12)]), String::new(), format!("{main}:representative"))
        }
        None => {
            return Err(Error::Forbidden("evaluation.not_member", format!("you have no accepted seat on the committee of tender {id}")));
        }
    };
    if now < request.evaluation_start {
        return Err(Error::Conflict(
            "evaluation.not_started",
            format!("the evaluation starts at {} (Beijing)", request.evaluation_start.to_beijing()),
        ));
    }
    let already: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_members WHERE tender_id = $1 AND seat_id = $2")
        .bind(&id)
        .bind(&seat)
        .fetch_one(&mut *tx)
        .await?;
    if already == 0 {
        let venue = group.split_once(':').map(|(v, _)| v.to_string()).unwrap_or_default();
        sqlx::query("INSERT INTO evaluation_members (tender_id, seat_id, draw_id, expert, identity_id, venue, signed_in_at, declaration, declared_at, void) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, 0)")
            .bind(&id)
            .bind(&seat)
            .bind(&draw)
            .bind(&expert)
            .bind(&caller.id)
            .bind(&venue)
            .bind(now.unix())
            .execute(&mut *tx)
            .await?;
        guard.append(&mut tx, "evaluation.signed_in", Some(&id), Audience::Public, now, json!({ "seat": seat, "venue": venue })).await?;
        // Each opened bid's file key, wrapped to this member's own key.
        let doc: String = sqlx::query_scalar("SELECT document FROM identities WHERE id = $1").bind(&caller.id).fetch_one(&mut *tx).await?;
        let doc: tenderbox_seal::identity::PublicIdentity = serde_json::from_str(&doc).map_err(Error::internal)?;
        let recipient = doc.encryption_key_bytes().map_err(Error::internal)?;
        let keys = sqlx::query(
            "SELECT sha256, file_key FROM bids WHERE tender_id = $1 AND status = 'active' AND file_key IS NOT NULL ORDER BY log_index",
        )
        .bind(&id)
        .fetch_all(&mut *tx)
        .await?;
        for k in &keys {
            let sha: String = k.try_get("sha256")?;
            let raw = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, k.try_get::<String, _>("file_key")?)
                .map_err(|_| Error::Internal("stored file key".into()))?;
            let fk = tenderbox_seal::envelope::FileKey::from_bytes(&raw).map_err(Error::internal)?;
            let mk = tenderbox_seal::member_key::wrap(&fk, &recipient, &id, &sha, &caller.id, &tenderbox_seal::SystemEntropy::new())
                .map_err(Error::internal)?;
            sqlx::query("INSERT INTO evaluation_member_keys (tender_id, seat_id, bid_sha256, member_key) VALUES ($1, $2, $3, $4)")
                .bind(&id)
                .bind(&seat)
                .bind(&sha)
                .bind(serde_json::to_string(&mk).map_err(Error::internal)?)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    Ok(Json(state(&mut conn, &id, &caller).await?))
}

/// A member declares their conflicts with the bidders (none, or the bidders' codes). A
/// conflict voids the member and draws a replacement.
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/declaration", tag = "evaluation", params(("id" = String, Path)), request_body = ConflictDeclaration, security(("bearer" = [])), responses((status = 200, body = EvaluationState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn declare(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<ConflictDeclaration>,
) -> Result<Json<EvaluationState>> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let seat = member(&mut tx, &id, &caller).await?;
    let record = opening_record(&mut tx, &id).await?;
    let declared: Option<String> = sqlx::query_scalar("SELECT declaration FROM evaluation_members WHERE tender_id = $1 AND seat_id = $2")
        .bind(&id)
        .bind(&seat)
        .fetch_one(&mut *tx)
        .await?;
    if declared.is_some() {
        return Err(Error::Conflict("evaluation.declared", "you declared already".into()));
    }
    let mut conflicts = b.conflicts.clone();
    conflicts.sort();
    conflicts.dedup();
    if let Some(unknown) = conflicts.iter().find(|c| !record.lines.iter().any(|l| &l.bidder_uscc == *c)) {
        return Err(Error::BadRequest("evaluation.bidder", format!("{unknown} is not a bidder of tender {id}")));
    }
    sqlx::query("UPDATE evaluation_members SET declaration = $1, declared_at = $2, void = $3 WHERE tender_id = $4 AND seat_id = $5")
        .bind(serde_json::to_string(&conflicts).map_err(Error::internal)?)
        .bind(now.unix())
        .bind(if conflicts.is_empty() { 0 } else { 1 })
        .bind(&id)
        .bind(&seat)
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "evaluation.declared",
            Some(&id),
            Audience::Public,
            now,
            json!({ "seat": seat, "conflict": !conflicts.is_empty() }),
        )
        .await?;
    if !conflicts.is_empty() {
        // The member leaves: their votes are withdrawn, and a supplementary draw replaces them.
        sqlx::query("DELETE FROM evaluation_votes WHERE tender_id = $1 AND (voter_seat = $2 OR candidate_seat = $2)")
            .bind(&id)
            .bind(&seat)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        guard.commit();
        // A drawn expert is replaced by a supplementary draw; the agency appoints another
        // representative in place of one who left.
        if !seat.starts_with("rep-") {
            let mut guard = s.log.lock().await;
            let mut tx = s.pool.begin().await?;
            super::draws::replace(&s, &mut tx, &mut guard, &seat, "conflict", Some("evaluation.declared_conflict"), now).await?;
            tx.commit().await?;
            guard.commit();
        }
    } else {
        tx.commit().await?;
        guard.commit();
    }
    let mut conn = s.pool.acquire().await?;
    let st = state(&mut conn, &id, &caller).await;
    match st {
        Ok(st) => Ok(Json(st)),
        // A member who left sees the session no more.
        Err(Error::Forbidden(..)) => Err(Error::Forbidden("evaluation.left", "you declared a conflict and left the committee".into())),
        Err(e) => Err(e),
    }
}

/// A member votes for the chair; the candidate with a majority of the committee's experts
/// is elected (recorded, logged). One vote each, members without a conflict only.
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/chair", tag = "evaluation", params(("id" = String, Path)), request_body = ChairVote, security(("bearer" = [])), responses((status = 200, body = EvaluationState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn vote(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<ChairVote>,
) -> Result<Json<EvaluationState>> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let seat = member(&mut tx, &id, &caller).await?;
    let st = state(&mut tx, &id, &caller).await?;
    if st.chair.is_some() {
        return Err(Error::Conflict("evaluation.chair_elected", "the chair is elected already".into()));
    }
    let mine = st.members.iter().find(|m| m.seat == seat).ok_or_else(|| Error::Internal("member vanished".into()))?;
    if mine.declaration != "none" {
        return Err(Error::Conflict("evaluation.declare_first", "declare your conflicts with the bidders before voting".into()));
    }
    let candidate =
        st.members.iter().find(|m| m.seat == b.candidate && !m.void && m.declaration == "none").ok_or_else(|| {
            Error::BadRequest("evaluation.candidate", format!("{} is not a member who declared no conflict", b.candidate))
        })?;
    let voted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_votes WHERE tender_id = $1 AND voter_seat = $2")
        .bind(&id)
        .bind(&seat)
        .fetch_one(&mut *tx)
        .await?;
    if voted > 0 {
        return Err(Error::Conflict("evaluation.voted", "you voted already".into()));
    }
    sqlx::query("INSERT INTO evaluation_votes (tender_id, voter_seat, candidate_seat, at) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(&seat)
        .bind(&candidate.seat)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard.append(&mut tx, "evaluation.vote", Some(&id), Audience::Public, now, json!({ "seat": seat, "for": candidate.seat })).await?;
    let votes = candidate.votes + 1;
    if votes * 2 > st.committee_size {
        sqlx::query("INSERT INTO evaluation_sessions (tender_id, chair_seat, chair_at, extended_to, extension_reason) VALUES ($1, $2, $3, NULL, NULL) ON CONFLICT (tender_id) DO UPDATE SET chair_seat = excluded.chair_seat, chair_at = excluded.chair_at")
            .bind(&id)
            .bind(&candidate.seat)
            .bind(now.unix())
            .execute(&mut *tx)
            .await?;
        guard
            .append(
                &mut tx,
                "evaluation.chair",
                Some(&id),
                Audience::Public,
                now,
                json!({ "seat": candidate.seat, "votes": votes, "of": st.committee_size }),
            )
            .await?;
    }
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    Ok(Json(state(&mut conn, &id, &caller).await?))
}

/// A member says the time is too short (once, with the reason).
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/more-time", tag = "evaluation", params(("id" = String, Path)), request_body = TimeRequest, security(("bearer" = [])), responses((status = 200, body = EvaluationState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn more_time(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<TimeRequest>,
) -> Result<Json<EvaluationState>> {
    let now = s.now();
    let reason = b.reason.trim().to_string();
    if reason.is_empty() {
        return Err(Error::BadRequest("evaluation.reason", "say why the time is too short".into()));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let seat = member(&mut tx, &id, &caller).await?;
    let asked: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_time_requests WHERE tender_id = $1 AND seat_id = $2")
        .bind(&id)
        .bind(&seat)
        .fetch_one(&mut *tx)
        .await?;
    if asked == 0 {
        sqlx::query("INSERT INTO evaluation_time_requests (tender_id, seat_id, reason, at) VALUES ($1, $2, $3, $4)")
            .bind(&id)
            .bind(&seat)
            .bind(&reason)
            .bind(now.unix())
            .execute(&mut *tx)
            .await?;
        guard.append(&mut tx, "evaluation.more_time", Some(&id), Audience::Public, now, json!({ "seat": seat })).await?;
    }
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    Ok(Json(state(&mut conn, &id, &caller).await?))
}

/// The centre admin extends the evaluation, once more than a third of the members asked.
#[utoipa::path(post, path = "/v1/tenders/{id}/evaluation/extend", tag = "evaluation", params(("id" = String, Path)), request_body = EvaluationExtension, security(("bearer" = [])), responses((status = 200, body = EvaluationState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn extend(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<EvaluationExtension>,
) -> Result<Json<EvaluationState>> {
    caller.require(Role::CentreAdmin)?;
    let now = s.now();
    let reason = b.reason.trim().to_string();
    if reason.is_empty() || b.until <= now {
        return Err(Error::BadRequest("evaluation.reason", "give the new end, after now, and the reason".into()));
    }
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let st = state(&mut tx, &id, &caller).await?;
    if st.time_requests * 3 <= st.committee_size {
        return Err(Error::Conflict(
            "evaluation.no_request",
            format!("{} of {} members asked for more time; an extension needs more than a third", st.time_requests, st.committee_size),
        ));
    }
    sqlx::query("INSERT INTO evaluation_sessions (tender_id, chair_seat, chair_at, extended_to, extension_reason) VALUES ($1, NULL, NULL, $2, $3) ON CONFLICT (tender_id) DO UPDATE SET extended_to = excluded.extended_to, extension_reason = excluded.extension_reason")
        .bind(&id)
        .bind(b.until.unix())
        .bind(&reason)
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "evaluation.extended",
            Some(&id),
            Audience::Public,
            now,
            json!({ "until": b.until, "reason": reason, "by": caller.id }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    Ok(Json(state(&mut conn, &id, &caller).await?))
}

/// The opened bids for the calling member: each with its file key wrapped to the member.
#[utoipa::path(get, path = "/v1/tenders/{id}/evaluation/bids", tag = "evaluation", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<tenderbox_wire::EvaluationBid>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn bids(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Vec<tenderbox_wire::EvaluationBid>>> {
    let mut conn = s.pool.acquire().await?;
    let seat = member(&mut conn, &id, &caller).await?;
    let rows = sqlx::query(
        "SELECT k.member_key, b.sha256, b.size, i.uscc, i.name, i.certificate FROM evaluation_member_keys k JOIN bids b ON b.tender_id = k.tender_id AND b.sha256 = k.bid_sha256 AND b.status = 'active' JOIN identities i ON i.id = b.bidder_id WHERE k.tender_id = $1 AND k.seat_id = $2 ORDER BY b.log_index",
    )
    .bind(&id)
    .bind(&seat)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        out.push(tenderbox_wire::EvaluationBid {
            bid_sha256: r.try_get("sha256")?,
            size: r.try_get::<i64, _>("size")? as u64,
            bidder_uscc: r.try_get("uscc")?,
            bidder_name: r.try_get("name")?,
            bidder_certificate: r.try_get("certificate")?,
            member_key: serde_json::from_str(&r.try_get::<String, _>("member_key")?).map_err(Error::internal)?,
        });
    }
    Ok(Json(out))
}

/// The original sealed bid, for a member of the committee; every download is logged
/// (who — by seat —, which file, when).
#[utoipa::path(get, path = "/v1/tenders/{id}/evaluation/bids/{sha256}", tag = "evaluation", params(("id" = String, Path), ("sha256" = String, Path)), security(("bearer" = [])), responses((status = 200, description = "the sealed bid file", content_type = "application/octet-stream"), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn bid_file(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, sha)): Path<(String, String)>,
) -> Result<([(axum::http::HeaderName, &'static str); 1], Vec<u8>)> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let seat = member(&mut tx, &id, &caller).await?;
    let has: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM evaluation_member_keys WHERE tender_id = $1 AND seat_id = $2 AND bid_sha256 = $3")
            .bind(&id)
            .bind(&seat)
            .bind(&sha)
            .fetch_one(&mut *tx)
            .await?;
    if has == 0 {
        return Err(Error::NotFound("evaluation.no_bid", format!("no opened bid {sha} in tender {id}")));
    }
    guard.append(&mut tx, "evaluation.bid_opened", Some(&id), Audience::Public, now, json!({ "seat": seat, "bid": sha })).await?;
    tx.commit().await?;
    guard.commit();
    let bytes = tokio::fs::read(s.data.join("blobs").join(&sha)).await.map_err(Error::internal)?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/octet-stream")], bytes))
}
