//! The expert draw (专家抽取, docs/spec/draw-v1.md). A centre admin (or the tender's
//! agency, where the centre allows it) requests a committee: the server makes a secret
//! and logs its commitment. A supervisor contributes entropy; at that moment the draw
//! runs against the log as it stood just before the entropy leaf: the avoidance rules
//! give each group's pool, the seed joins secret, entropy and root, and the selection
//! fills the seats. Drawn experts accept or decline in their app; a decline, an answer
//! too late, or a conflict found at the deadline (a bidder's employee) starts a
//! supplementary round (补抽) that extends the history. The log carries commitments
//! and hashes only; the names are seen by the drawing centre and each expert (their own
//! seat) until the reveal, which publishes the secret and the pools so that anyone can
//! recompute every step (`tenderbox draw verify`).

use crate::AppState;
use crate::auth::{Caller, MaybeCaller};
use crate::error::{Error, Result};
use crate::log::{Audience, LogGuard};
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use std::collections::HashMap;
use tenderbox_core::codes::Code;
use tenderbox_core::expert_library::ExpertRow;
use tenderbox_core::experts::{self, CommitteeRequest, DrawContext, ExpertFacts, ExpertStatus};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::draw::{self, Candidate};
use tenderbox_wire::{
    DrawAvoided, DrawCandidate, DrawEntropy, DrawGroupOutcome, DrawPool, DrawRecord, DrawRequest, DrawReveal, DrawRound, DrawSeat,
    DrawSettings, DrawShortfall, ExpertLink, ExpertRating, Invitation, InvitationAnswer, RateExpert, Role, TenderStatus,
};

/// A centre's settings until an admin sets them: at most 4 draws in 30 days, no
/// same-tenderer limit, the agency may not request.
fn default_settings(centre: &str) -> DrawSettings {
    DrawSettings { centre: centre.to_string(), max_draws: 4, window_days: 30, same_tenderer_days: 0, agency_may_request: false }
}

async fn settings_of(conn: &mut sqlx::AnyConnection, centre: &str) -> Result<DrawSettings> {
    let row = sqlx::query("SELECT * FROM draw_settings WHERE centre = $1").bind(centre).fetch_optional(&mut *conn).await?;
    Ok(match row {
        None => default_settings(centre),
        Some(r) => DrawSettings {
            centre: centre.to_string(),
            max_draws: r.try_get::<i32, _>("max_draws")? as u32,
            window_days: r.try_get::<i32, _>("window_days")? as u32,
            same_tenderer_days: r.try_get::<i32, _>("same_tenderer_days")? as u32,
            agency_may_request: r.try_get::<i32, _>("agency_may_request")? != 0,
        },
    })
}

fn code_of(c: &str) -> &'static str {
    Code::parse(c).map(Code::as_str).unwrap_or("draw.invalid")
}

/// Every reason a request cannot be drawn (before anything is stored).
fn request_problems(r: &DrawRequest, t: &tenderbox_wire::TenderRecord, library: &[String], now: Timestamp) -> Vec<(String, String)> {
    let mut p: Vec<(String, String)> = Vec::new();
    let groups: Vec<(String, u32)> = r.groups.iter().map(|g| (g.specialty.clone(), g.count)).collect();
    let core = CommitteeRequest {
        size: r.size,
        tenderer_representatives: r.tenderer_representatives,
        groups,
        reserves_per_group: r.reserves_per_group,
    };
    for x in experts::committee_problems(&core) {
        p.push((x.code, x.message));
    }
    let mains = r.venues.iter().filter(|v| v.main).count();
    if r.venues.is_empty() || mains != 1 {
        p.push(("draw.venues".into(), format!("name the venues with exactly one main venue ({mains} given)")));
    }
    let mut seen = Vec::new();
    for v in &r.venues {
        if tenderbox_core::centre::centre(&v.centre).is_none() {
            p.push(("draw.venues".into(), format!("'{}' is not one of the platform's centres", v.centre)));
        }
        if seen.contains(&v.centre) {
            p.push(("draw.venues".into(), format!("the venue {} is named twice", v.centre)));
        }
        seen.push(v.centre.clone());
        if v.room.trim().is_empty() {
            p.push(("draw.venues".into(), format!("name the room at {}", v.centre)));
        }
        if !r.groups.iter().any(|g| g.venue == v.centre) {
            p.push(("draw.venues".into(), format!("no experts are drawn for the venue {}", v.centre)));
        }
    }
    for g in &r.groups {
        if !r.venues.iter().any(|v| v.centre == g.venue) {
            p.push(("draw.venues".into(), format!("the group {}:{} sits at a venue the request does not name", g.venue, g.specialty)));
        }
    }
    let mut labels: Vec<String> = r.groups.iter().map(|g| format!("{}:{}", g.venue, g.specialty)).collect();
    labels.sort();
    if labels.windows(2).any(|w| w[0] == w[1]) {
        p.push(("draw.counts".into(), "a specialty is listed twice for one venue; give its count once".into()));
    }
    if let Some(lot) = &r.lot
        && !t.document.lots.iter().any(|l| &l.id == lot)
    {
        p.push(("draw.lot".into(), format!("tender {} has no lot {lot}", t.summary.id)));
    }
    if r.evaluation_start <= now {
        p.push(("draw.start".into(), format!("the evaluation start {} has passed", r.evaluation_start.to_beijing())));
    }
    if !(5..=1440).contains(&r.answer_minutes) {
        p.push(("draw.answer_minutes".into(), format!("experts answer within 5 to 1440 minutes; {} given", r.answer_minutes)));
    }
    for x in &r.excluded {
        if !library.contains(&x.code) {
            p.push(("expert.not_found".into(), format!("the excluded expert {} is not in the library", x.code)));
        }
        if x.reason.trim().is_empty() {
            p.push(("draw.exclusion".into(), format!("give the reason to exclude {}", x.code)));
        }
    }
    if matches!(t.summary.status, TenderStatus::Cancelled | TenderStatus::Failed) {
        p.push(("draw.tender".into(), format!("tender {} is {:?}: it has no evaluation", t.summary.id, t.summary.status)));
    }
    p
}

fn refuse(problems: Vec<(String, String)>) -> Error {
    let code = code_of(&problems[0].0);
    let list = problems.iter().map(|(c, m)| format!("[{c}] {m}")).collect::<Vec<_>>().join("; ");
    Error::BadRequest(code, format!("the committee request cannot be drawn: {list}"))
}

/// The group labels of a request in drawing order: members of every group in the
/// request's order, then each group's reserves.
fn labels(r: &DrawRequest) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = r.groups.iter().map(|g| (format!("{}:{}", g.venue, g.specialty), g.count)).collect();
    if r.reserves_per_group > 0 {
        out.extend(r.groups.iter().map(|g| (format!("{}:{}/reserve", g.venue, g.specialty), r.reserves_per_group)));
    }
    out
}

/// (venue, specialty, reserve) of a group label.
fn parse_label(label: &str) -> (String, String, bool) {
    let (base, reserve) = match label.strip_suffix("/reserve") {
        Some(b) => (b, true),
        None => (label, false),
    };
    let (venue, spec) = base.split_once(':').unwrap_or(("", base));
    (venue.to_string(), spec.to_string(), reserve)
}

#[utoipa::path(post, path = "/v1/draws", tag = "draws", request_body = DrawRequest, security(("bearer" = [])), responses((status = 200, body = DrawRecord), (status = "4XX", description = "refused, with a stable code and every problem", body = tenderbox_wire::ApiError)))]
pub async fn request(State(s): State<AppState>, caller: Caller, Json(r): Json<DrawRequest>) -> Result<Json<DrawRecord>> {
    let now = s.now();
    let mut conn = s.pool.acquire().await?;
    let t = super::tenders::load(&mut conn, &r.tender).await?;
    let settings = settings_of(&mut conn, &t.summary.centre).await?;
    let agency = caller.has(Role::Agency) && caller.id == t.agency_id;
    if !(caller.has(Role::CentreAdmin) || agency && settings.agency_may_request) {
        return Err(Error::Forbidden(
            "auth.role",
            if agency {
                format!("centre {} does not let agencies request their committee; ask the centre", t.summary.centre)
            } else {
                "a committee is requested by a centre admin (or the tender's agency where the centre allows it)".into()
            },
        ));
    }
    let library: Vec<String> = sqlx::query_scalar("SELECT code FROM experts").fetch_all(&mut *conn).await?;
    drop(conn);
    let problems = request_problems(&r, &t, &library, now);
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    let mut secret = [0u8; 32];
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut secret).map_err(|_| Error::Internal("OS random".into()))?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draws WHERE tender_id = $1").bind(&r.tender).fetch_one(&mut *tx).await?;
    let id = format!("{}-D{}", r.tender, n + 1);
    let commitment = hex::encode(draw::commitment(&id, &secret));
    let ev = guard
        .append(
            &mut tx,
            "draw.committed",
            Some(&r.tender),
            Audience::Public,
            now,
            json!({
                "draw": id, "commitment": commitment, "lot": r.lot, "size": r.size,
                "tenderer_representatives": r.tenderer_representatives,
                "venues": r.venues.iter().map(|v| json!({ "centre": v.centre, "main": v.main })).collect::<Vec<_>>(),
                "groups": r.groups, "reserves_per_group": r.reserves_per_group,
                "evaluation_start": r.evaluation_start, "excluded": r.excluded, "by": caller.id,
            }),
        )
        .await?;
    let tenderer = t.document.tenderer.uscc.to_string();
    sqlx::query("INSERT INTO draws (id, tender_id, centre, tenderer, requested_by, request, secret, commitment, commit_index, status, entropy, supervisor, entropy_index, deadline_checked, revealed_at, reveal_index, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'committed', NULL, NULL, NULL, 0, NULL, NULL, $10)")
        .bind(&id)
        .bind(&r.tender)
        .bind(&t.summary.centre)
        .bind(&tenderer)
        .bind(&caller.id)
        .bind(serde_json::to_string(&r).map_err(Error::internal)?)
        .bind(hex::encode(secret))
        .bind(&commitment)
        .bind(ev.index as i64)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(view(&s, &id, Some(&caller)).await?))
}

/// One draw as stored.
struct Stored {
    id: String,
    tender: String,
    tenderer: String,
    centre: String,
    requested_by: String,
    request: DrawRequest,
    secret: [u8; 32],
    commitment: String,
    commit_index: u64,
    status: String,
    entropy: Option<Vec<u8>>,
    supervisor: Option<String>,
    entropy_index: Option<u64>,
    revealed_at: Option<Timestamp>,
    reveal_index: Option<u64>,
    created_at: Timestamp,
}

async fn stored(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Stored> {
    let r = sqlx::query("SELECT * FROM draws WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound("draw.not_found", format!("no draw {id}")))?;
    let secret: String = r.try_get("secret")?;
    Ok(Stored {
        id: r.try_get("id")?,
        tender: r.try_get("tender_id")?,
        tenderer: r.try_get("tenderer")?,
        centre: r.try_get("centre")?,
        requested_by: r.try_get("requested_by")?,
        request: serde_json::from_str(&r.try_get::<String, _>("request")?).map_err(Error::internal)?,
        secret: hex::decode(secret).ok().and_then(|b| b.try_into().ok()).ok_or_else(|| Error::Internal("stored draw secret".into()))?,
        commitment: r.try_get("commitment")?,
        commit_index: r.try_get::<i64, _>("commit_index")? as u64,
        status: r.try_get("status")?,
        entropy: r.try_get::<Option<String>, _>("entropy")?.and_then(|h| hex::decode(h).ok()),
        supervisor: r.try_get("supervisor")?,
        entropy_index: r.try_get::<Option<i64>, _>("entropy_index")?.map(|i| i as u64),
        revealed_at: r.try_get::<Option<i64>, _>("revealed_at")?.map(Timestamp::from_unix),
        reveal_index: r.try_get::<Option<i64>, _>("reveal_index")?.map(|i| i as u64),
        created_at: Timestamp::from_unix(r.try_get("created_at")?),
    })
}

/// What a round needs to know about the world at its moment.
async fn facts(
    conn: &mut sqlx::AnyConnection,
    d: &Stored,
    t: &tenderbox_wire::TenderRecord,
    now: Timestamp,
) -> Result<(Vec<(ExpertRow, ExpertFacts)>, DrawContext)> {
    let settings = settings_of(conn, &d.centre).await?;
    let rows = sqlx::query("SELECT * FROM experts ORDER BY code").fetch_all(&mut *conn).await?;
    // Every earlier seat of every draw: when each expert was drawn, and for whom they sat.
    let seats =
        sqlx::query("SELECT s.expert, s.drawn_at, s.state, d.tenderer, d.request, d.id FROM draw_seats s JOIN draws d ON d.id = s.draw_id")
            .fetch_all(&mut *conn)
            .await?;
    let mut drawn: HashMap<String, Vec<Timestamp>> = HashMap::new();
    let mut evaluated: HashMap<String, Vec<(String, Timestamp)>> = HashMap::new();
    for s in &seats {
        let expert: String = s.try_get("expert")?;
        let draw_id: String = s.try_get("id")?;
        if draw_id == d.id {
            continue;
        }
        drawn.entry(expert.clone()).or_default().push(Timestamp::from_unix(s.try_get("drawn_at")?));
        if s.try_get::<String, _>("state")? == "accepted" {
            let req: DrawRequest = serde_json::from_str(&s.try_get::<String, _>("request")?).map_err(Error::internal)?;
            evaluated.entry(expert).or_default().push((s.try_get("tenderer")?, req.evaluation_start));
        }
    }
    // credit.barred_expert: records in force on the evaluation day keep an expert off.
    let barred = super::credit::barred_experts(&mut *conn, &d.request.evaluation_start.to_beijing()[..10]).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let profile: ExpertRow = serde_json::from_str(&r.try_get::<String, _>("profile")?).map_err(Error::internal)?;
        let status = match r.try_get::<String, _>("status")?.as_str() {
            "removed" => ExpertStatus::Removed,
            "suspended" => {
                ExpertStatus::Suspended { until: Timestamp::from_unix(r.try_get::<Option<i64>, _>("suspended_until")?.unwrap_or(i64::MAX)) }
            }
            _ => ExpertStatus::Active,
        };
        let facts = ExpertFacts {
            id: profile.code.clone(),
            employer: profile.employer_uscc.clone(),
            status,
            unavailable: serde_json::from_str(&r.try_get::<String, _>("unavailable")?).map_err(Error::internal)?,
            drawn_at: drawn.remove(&profile.code).unwrap_or_default(),
            evaluated: evaluated.remove(&profile.code).unwrap_or_default(),
            blacklisted: barred.contains(&profile.code),
        };
        out.push((profile, facts));
    }
    let bidders: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT i.uscc FROM bids b JOIN identities i ON i.id = b.bidder_id WHERE b.tender_id = $1 AND b.status = 'active'",
    )
    .bind(&d.tender)
    .fetch_all(&mut *conn)
    .await?;
    let agency = match &t.document.agency {
        Some(a) => a.uscc.to_string(),
        None => sqlx::query_scalar("SELECT uscc FROM identities WHERE id = $1").bind(&t.agency_id).fetch_one(&mut *conn).await?,
    };
    let ctx = DrawContext {
        tenderer: d.tenderer.clone(),
        agency,
        bidders,
        excluded: d.request.excluded.iter().map(|x| (x.code.clone(), x.reason.clone())).collect(),
        evaluation_day: d.request.evaluation_start.to_beijing()[..10].to_string(),
        now,
        max_draws: settings.max_draws,
        window_days: settings.window_days,
        same_tenderer_days: settings.same_tenderer_days,
    };
    Ok((out, ctx))
}

/// Draws one round: the pools of `wanted` groups from the library as it is now, the
/// seed from the draw's secret and entropy and the log's root at `trigger` (the index of
/// the event that started the round; the tree under `guard` has exactly that size), the
/// picks after every expert drawn before. Stores the round and its seats, logs
/// `draw.round` (or `draw.failed` with the shortfall per group).
#[allow(clippy::too_many_arguments)]
async fn run_round(
    s: &AppState,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    guard: &mut LogGuard<'_>,
    d: &Stored,
    round: u32,
    reason: &str,
    trigger: u64,
    wanted: &[(String, u32)],
    now: Timestamp,
) -> Result<bool> {
    let (size, note) = s.log.sign(guard.tree())?;
    if size != trigger {
        return Err(Error::Internal(format!("round {round} of {}: the log has {size} leaves, the trigger is leaf {trigger}", d.id)));
    }
    let root = guard.tree().root(size).map_err(Error::internal)?;
    let t = super::tenders::load(&mut *tx, &d.tender).await?;
    let (library, ctx) = facts(&mut *tx, d, &t, now).await?;
    let entropy = d.entropy.clone().unwrap_or_default();
    let seed = draw::seed(&d.id, round, &d.secret, &entropy, &root);
    // Everyone drawn before, in the order drawn: nobody twice, no employer twice.
    let before =
        sqlx::query("SELECT expert FROM draw_seats WHERE draw_id = $1 ORDER BY round, position").bind(&d.id).fetch_all(&mut **tx).await?;
    let employer_of: HashMap<&str, &str> = library.iter().map(|(p, _)| (p.code.as_str(), p.employer_uscc.as_str())).collect();
    let mut chosen: Vec<Candidate> = Vec::new();
    for r in &before {
        let code: String = r.try_get("expert")?;
        let employer = employer_of.get(code.as_str()).copied().unwrap_or_default().to_string();
        chosen.push(Candidate { id: code, employer });
    }
    let mut avoided: Vec<DrawAvoided> = Vec::new();
    let mut pools: Vec<DrawPool> = Vec::new();
    let mut outcomes: Vec<DrawGroupOutcome> = Vec::new();
    let mut shortfall: Vec<DrawShortfall> = Vec::new();
    let mut picks: Vec<(String, String)> = Vec::new();
    for (label, count) in wanted {
        let (venue, spec, _) = parse_label(label);
        let mut pool = Vec::new();
        for (p, f) in &library {
            if p.centre != venue || !p.specialties.iter().any(|x| experts::specialty_serves(x, &spec)) {
                continue;
            }
            match experts::avoidance(f, &ctx) {
                Some(rule) => {
                    if !avoided.iter().any(|a| a.expert == p.code) {
                        avoided.push(DrawAvoided { round, expert: p.code.clone(), rule: rule.code().to_string() });
                    }
                }
                None => pool.push(Candidate { id: p.code.clone(), employer: p.employer_uscc.clone() }),
            }
        }
        pool.sort();
        outcomes.push(DrawGroupOutcome { group: label.clone(), wanted: *count, pool_hash: hex::encode(draw::pool_hash(&d.secret, &pool)) });
        match draw::select(&seed, label, &pool, *count as usize, &mut chosen) {
            Ok(got) => picks.extend(got.into_iter().map(|c| (label.clone(), c.id))),
            Err(e) => shortfall.push(DrawShortfall { group: e.group, wanted: e.wanted as u32, available: e.available as u32 }),
        }
        pools.push(DrawPool {
            round,
            group: label.clone(),
            candidates: pool.into_iter().map(|c| DrawCandidate { id: c.id, employer: c.employer }).collect(),
        });
    }
    let failed = !shortfall.is_empty();
    let result_hash = (!failed).then(|| hex::encode(draw::result_hash(&d.secret, round, &picks)));
    let ev = if failed {
        guard
            .append(
                &mut *tx,
                "draw.failed",
                Some(&d.tender),
                Audience::Public,
                now,
                json!({ "draw": d.id, "round": round, "reason": reason, "trigger": trigger, "checkpoint_size": size, "checkpoint_root": hex::encode(root), "shortfall": shortfall }),
            )
            .await?
    } else {
        guard
            .append(
                &mut *tx,
                "draw.round",
                Some(&d.tender),
                Audience::Public,
                now,
                json!({ "draw": d.id, "round": round, "reason": reason, "trigger": trigger, "checkpoint_size": size, "checkpoint_root": hex::encode(root), "groups": outcomes, "result_hash": result_hash }),
            )
            .await?
    };
    sqlx::query("INSERT INTO draw_rounds (draw_id, round, reason, trigger_index, checkpoint_size, checkpoint_root, checkpoint_note, groups, pools, avoided, result_hash, shortfall, log_index, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)")
        .bind(&d.id)
        .bind(round as i32)
        .bind(reason)
        .bind(trigger as i64)
        .bind(size as i64)
        .bind(hex::encode(root))
        .bind(&note)
        .bind(serde_json::to_string(&outcomes).map_err(Error::internal)?)
        .bind(serde_json::to_string(&pools).map_err(Error::internal)?)
        .bind(serde_json::to_string(&avoided).map_err(Error::internal)?)
        .bind(&result_hash)
        .bind(serde_json::to_string(&shortfall).map_err(Error::internal)?)
        .bind(ev.index as i64)
        .bind(now.unix())
        .execute(&mut **tx)
        .await?;
    if failed {
        if round == 0 {
            sqlx::query("UPDATE draws SET status = 'failed' WHERE id = $1").bind(&d.id).execute(&mut **tx).await?;
        }
        return Ok(false);
    }
    let answer_by = now.plus_seconds(d.request.answer_minutes as i64 * 60);
    let identities: HashMap<String, String> = sqlx::query("SELECT code, identity_id FROM experts WHERE identity_id IS NOT NULL")
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .filter_map(|r| Some((r.try_get("code").ok()?, r.try_get("identity_id").ok()?)))
        .collect();
    for (position, (label, code)) in picks.iter().enumerate() {
        let seat = super::random_hex(8);
        sqlx::query("INSERT INTO draw_seats (id, draw_id, round, position, grp, expert, state, answer_by, answered_at, reason, drawn_at) VALUES ($1, $2, $3, $4, $5, $6, 'invited', $7, NULL, NULL, $8)")
            .bind(&seat)
            .bind(&d.id)
            .bind(round as i32)
            .bind(position as i32)
            .bind(label)
            .bind(code)
            .bind(answer_by.unix())
            .bind(now.unix())
            .execute(&mut **tx)
            .await?;
        // The expert's app hears of it at once (a private leaf: nobody else reads it).
        if let Some(identity) = identities.get(code) {
            guard
                .append(
                    &mut *tx,
                    "draw.invited",
                    None,
                    Audience::Identity(identity.clone()),
                    now,
                    json!({ "seat": seat, "draw": d.id, "answer_by": answer_by }),
                )
                .await?;
        }
    }
    sqlx::query("UPDATE draws SET status = 'drawn' WHERE id = $1").bind(&d.id).execute(&mut **tx).await?;
    Ok(true)
}

/// A supervisor contributes entropy; the draw runs at once against the log as it stood
/// just before the entropy leaf.
#[utoipa::path(post, path = "/v1/draws/{id}/entropy", tag = "draws", params(("id" = String, Path)), request_body = DrawEntropy, security(("bearer" = [])), responses((status = 200, body = DrawRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn entropy(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<DrawEntropy>,
) -> Result<Json<DrawRecord>> {
    caller.require(Role::Supervisor)?;
    let bytes = hex::decode(b.entropy_hex.trim())
        .ok()
        .filter(|b| (1..=256).contains(&b.len()))
        .ok_or_else(|| Error::BadRequest("draw.entropy", "give 1 to 256 bytes of entropy, as hex".into()))?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let mut d = stored(&mut tx, &id).await?;
    if d.status != "committed" {
        return Err(Error::Conflict("draw.state", format!("draw {id} has its entropy already (it is {})", d.status)));
    }
    let (size, _) = s.log.sign(guard.tree())?;
    let root = guard.tree().root(size).map_err(Error::internal)?;
    let ev = guard
        .append(
            &mut tx,
            "draw.entropy",
            Some(&d.tender),
            Audience::Public,
            now,
            json!({ "draw": id, "entropy": hex::encode(&bytes), "supervisor": caller.id, "checkpoint_size": size, "checkpoint_root": hex::encode(root) }),
        )
        .await?;
    sqlx::query("UPDATE draws SET status = 'drawing', entropy = $1, supervisor = $2, entropy_index = $3 WHERE id = $4")
        .bind(hex::encode(&bytes))
        .bind(&caller.id)
        .bind(ev.index as i64)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    d.entropy = Some(bytes);
    let wanted = labels(&d.request);
    run_round(&s, &mut tx, &mut guard, &d, 0, "initial", ev.index, &wanted, now).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(view(&s, &id, Some(&caller)).await?))
}

/// A seat falls empty (declined, expired, conflict): logs it and draws its replacement
/// as the next round. The caller holds the log and the transaction.
pub(crate) async fn replace(
    s: &AppState,
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    guard: &mut LogGuard<'_>,
    seat: &str,
    state: &str,
    reason: Option<&str>,
    now: Timestamp,
) -> Result<()> {
    let r = sqlx::query("SELECT draw_id, grp FROM draw_seats WHERE id = $1").bind(seat).fetch_one(&mut **tx).await?;
    let draw_id: String = r.try_get("draw_id")?;
    let group: String = r.try_get("grp")?;
    let d = stored(&mut *tx, &draw_id).await?;
    sqlx::query("UPDATE draw_seats SET state = $1, answered_at = $2, reason = $3 WHERE id = $4")
        .bind(state)
        .bind(now.unix())
        .bind(reason)
        .bind(seat)
        .execute(&mut **tx)
        .await?;
    // The event kind: draw.declined, draw.expired or draw.conflict.
    let kind = format!("draw.{state}");
    // The trigger must be the first leaf after the committed tree (the round's checkpoint).
    let ev = guard.append(tx, &kind, Some(&d.tender), Audience::Public, now, json!({ "draw": d.id, "seat": seat, "group": group })).await?;
    let round: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draw_rounds WHERE draw_id = $1").bind(&d.id).fetch_one(&mut **tx).await?;
    if d.status == "revealed" {
        return Ok(());
    }
    run_round(s, tx, guard, &d, round as u32, state, ev.index, &[(group, 1)], now).await?;
    Ok(())
}

async fn seat_owner(conn: &mut sqlx::AnyConnection, seat: &str) -> Result<(String, Option<String>, String, i64)> {
    let r = sqlx::query(
        "SELECT s.draw_id, e.identity_id, s.state, s.answer_by FROM draw_seats s JOIN experts e ON e.code = s.expert WHERE s.id = $1",
    )
    .bind(seat)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or_else(|| Error::NotFound("draw.not_found", format!("no invitation {seat}")))?;
    Ok((r.try_get("draw_id")?, r.try_get("identity_id")?, r.try_get("state")?, r.try_get("answer_by")?))
}

/// The drawn expert accepts or declines (with the reason) before the answer deadline.
/// A decline draws the replacement at once.
#[utoipa::path(post, path = "/v1/invitations/{seat}/answer", tag = "draws", params(("seat" = String, Path)), request_body = InvitationAnswer, security(("bearer" = [])), responses((status = 200, body = Invitation), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn answer(
    State(s): State<AppState>,
    caller: Caller,
    Path(seat): Path<String>,
    Json(b): Json<InvitationAnswer>,
) -> Result<Json<Invitation>> {
    let now = s.now();
    expire_due(&s).await?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let (draw_id, owner, state, answer_by) = seat_owner(&mut tx, &seat).await?;
    if owner.as_deref() != Some(caller.id.as_str()) {
        return Err(Error::Forbidden("draw.not_yours", "this invitation is for another expert".into()));
    }
    if state != "invited" {
        return Err(Error::Conflict("draw.answered", format!("this invitation is {state} already")));
    }
    if now.unix() > answer_by {
        return Err(Error::Conflict(
            "draw.answer_late",
            format!("the time to answer ended at {}", Timestamp::from_unix(answer_by).to_beijing()),
        ));
    }
    if b.accept {
        sqlx::query("UPDATE draw_seats SET state = 'accepted', answered_at = $1 WHERE id = $2")
            .bind(now.unix())
            .bind(&seat)
            .execute(&mut *tx)
            .await?;
        let d = stored(&mut tx, &draw_id).await?;
        guard.append(&mut tx, "draw.accepted", Some(&d.tender), Audience::Public, now, json!({ "draw": draw_id, "seat": seat })).await?;
    } else {
        let reason = b.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).ok_or_else(|| {
            Error::BadRequest("draw.decline_reason", "give the reason you cannot serve (it stays with the centre)".into())
        })?;
        replace(&s, &mut tx, &mut guard, &seat, "declined", Some(reason), now).await?;
    }
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    invitations_of(&mut conn, &caller.id)
        .await?
        .into_iter()
        .find(|i| i.seat == seat)
        .map(Json)
        .ok_or_else(|| Error::Internal("invitation vanished".into()))
}

/// Seats whose answer is overdue: expired, and replaced. Called by the server's ticker
/// and before any answer.
pub async fn expire_due(s: &AppState) -> Result<()> {
    let now = s.now();
    let due: Vec<String> = sqlx::query_scalar("SELECT s.id FROM draw_seats s JOIN draws d ON d.id = s.draw_id WHERE s.state = 'invited' AND s.answer_by < $1 AND d.status = 'drawn' ORDER BY s.answer_by, s.id")
        .bind(now.unix())
        .fetch_all(&s.pool)
        .await?;
    for seat in due {
        let mut guard = s.log.lock().await;
        let mut tx = s.pool.begin().await?;
        let state: String = sqlx::query_scalar("SELECT state FROM draw_seats WHERE id = $1").bind(&seat).fetch_one(&mut *tx).await?;
        if state != "invited" {
            continue;
        }
        replace(s, &mut tx, &mut guard, &seat, "expired", None, now).await?;
        tx.commit().await?;
        guard.commit();
    }
    Ok(())
}

/// At a tender's deadline the bidders are final: a drawn expert who works for one of them
/// stands aside (回避) and is replaced. Runs once per draw after its tender closes.
pub async fn recheck_at_deadline(s: &AppState) -> Result<()> {
    let due: Vec<String> = sqlx::query_scalar(
        "SELECT d.id FROM draws d JOIN tenders t ON t.id = d.tender_id WHERE d.deadline_checked = 0 AND d.status = 'drawn' AND t.status NOT IN ('open', 'awaiting_committee_key')",
    )
    .fetch_all(&s.pool)
    .await?;
    for id in due {
        let bidders: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT i.uscc FROM bids b JOIN identities i ON i.id = b.bidder_id JOIN draws d ON d.tender_id = b.tender_id WHERE d.id = $1 AND b.status = 'active'",
        )
        .bind(&id)
        .fetch_all(&s.pool)
        .await?;
        let seats = sqlx::query("SELECT s.id, e.profile FROM draw_seats s JOIN experts e ON e.code = s.expert WHERE s.draw_id = $1 AND s.state IN ('invited', 'accepted') ORDER BY s.round, s.position")
            .bind(&id)
            .fetch_all(&s.pool)
            .await?;
        let mut conflicted = Vec::new();
        for r in &seats {
            let p: ExpertRow = serde_json::from_str(&r.try_get::<String, _>("profile")?).map_err(Error::internal)?;
            if bidders.contains(&p.employer_uscc) {
                conflicted.push(r.try_get::<String, _>("id")?);
            }
        }
        // Each replacement is its own round, committed before the next, so each round's
        // checkpoint is the log just before its own trigger. A crash in between is safe:
        // the next tick finds the seats not yet replaced.
        for seat in conflicted {
            let now = s.now();
            let mut guard = s.log.lock().await;
            let mut tx = s.pool.begin().await?;
            replace(s, &mut tx, &mut guard, &seat, "conflict", Some(Code::AvoidBidder.as_str()), now).await?;
            tx.commit().await?;
            guard.commit();
        }
        sqlx::query("UPDATE draws SET deadline_checked = 1 WHERE id = $1").bind(&id).execute(&s.pool).await?;
    }
    Ok(())
}

fn round_from_row(r: &sqlx::any::AnyRow) -> Result<DrawRound> {
    Ok(DrawRound {
        round: r.try_get::<i32, _>("round")? as u32,
        reason: r.try_get("reason")?,
        trigger_index: r.try_get::<i64, _>("trigger_index")? as u64,
        checkpoint_size: r.try_get::<i64, _>("checkpoint_size")? as u64,
        checkpoint_root: r.try_get("checkpoint_root")?,
        checkpoint_note: r.try_get("checkpoint_note")?,
        groups: serde_json::from_str(&r.try_get::<String, _>("groups")?).map_err(Error::internal)?,
        result_hash: r.try_get("result_hash")?,
        shortfall: serde_json::from_str(&r.try_get::<String, _>("shortfall")?).map_err(Error::internal)?,
        log_index: r.try_get::<i64, _>("log_index")? as u64,
        at: Timestamp::from_unix(r.try_get("at")?),
    })
}

/// May `caller` see the names of draw `d` before the reveal? The centre admin who
/// requested it, and centre admins of the same centre (the same credit code).
async fn drawing_centre(conn: &mut sqlx::AnyConnection, d: &Stored, caller: Option<&Caller>) -> Result<bool> {
    let Some(c) = caller else { return Ok(false) };
    if !c.has(Role::CentreAdmin) {
        return Ok(false);
    }
    if c.id == d.requested_by {
        return Ok(true);
    }
    let same: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM identities a JOIN identities b ON a.uscc = b.uscc WHERE a.id = $1 AND b.id = $2 AND b.roles LIKE '%centre_admin%'",
    )
    .bind(&c.id)
    .bind(&d.requested_by)
    .fetch_one(&mut *conn)
    .await?;
    Ok(same > 0)
}

async fn view(s: &AppState, id: &str, caller: Option<&Caller>) -> Result<DrawRecord> {
    let mut conn = s.pool.acquire().await?;
    let d = stored(&mut conn, id).await?;
    let title: String = sqlx::query_scalar("SELECT title FROM tenders WHERE id = $1").bind(&d.tender).fetch_one(&mut *conn).await?;
    let rows = sqlx::query("SELECT * FROM draw_rounds WHERE draw_id = $1 ORDER BY round").bind(id).fetch_all(&mut *conn).await?;
    let rounds = rows.iter().map(round_from_row).collect::<Result<Vec<_>>>()?;
    let revealed = d.revealed_at.is_some();
    let names_visible = revealed || drawing_centre(&mut conn, &d, caller).await?;
    let seat_rows = sqlx::query(
        "SELECT s.*, e.profile, e.identity_id FROM draw_seats s JOIN experts e ON e.code = s.expert WHERE s.draw_id = $1 ORDER BY s.round, s.position",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut seats = Vec::new();
    for r in &seat_rows {
        let own = caller.is_some_and(|c| r.try_get::<Option<String>, _>("identity_id").ok().flatten().as_deref() == Some(c.id.as_str()));
        if names_visible || own {
            seats.push(seat_from_row(r)?);
        }
    }
    let reveal = if let (Some(at), Some(index)) = (d.revealed_at, d.reveal_index) {
        let mut pools = Vec::new();
        let mut avoided = Vec::new();
        for r in &rows {
            pools.extend(serde_json::from_str::<Vec<DrawPool>>(&r.try_get::<String, _>("pools")?).map_err(Error::internal)?);
            avoided.extend(serde_json::from_str::<Vec<DrawAvoided>>(&r.try_get::<String, _>("avoided")?).map_err(Error::internal)?);
        }
        Some(DrawReveal { secret: hex::encode(d.secret), pools, avoided, revealed_at: at, log_index: index })
    } else {
        None
    };
    Ok(DrawRecord {
        id: d.id,
        tender_title: title,
        centre: d.centre,
        requested_by: d.requested_by,
        request: d.request,
        commitment: d.commitment,
        commit_index: d.commit_index,
        status: d.status,
        entropy_hex: d.entropy.map(hex::encode),
        supervisor: d.supervisor,
        entropy_index: d.entropy_index,
        rounds,
        names_visible,
        seats,
        reveal,
        created_at: d.created_at,
    })
}

fn seat_from_row(r: &sqlx::any::AnyRow) -> Result<DrawSeat> {
    let p: ExpertRow = serde_json::from_str(&r.try_get::<String, _>("profile")?).map_err(Error::internal)?;
    let group: String = r.try_get("grp")?;
    let (venue, specialty, reserve) = parse_label(&group);
    Ok(DrawSeat {
        id: r.try_get("id")?,
        round: r.try_get::<i32, _>("round")? as u32,
        group,
        venue,
        specialty,
        reserve,
        expert: p.code,
        name: p.name,
        employer_name: p.employer_name,
        state: r.try_get("state")?,
        answer_by: Timestamp::from_unix(r.try_get("answer_by")?),
        answered_at: r.try_get::<Option<i64>, _>("answered_at")?.map(Timestamp::from_unix),
        reason: r.try_get("reason")?,
    })
}

/// A draw: public parts (commitment, rounds, hashes) to anyone; names to the drawing
/// centre, each expert's own seat to that expert; everything after the reveal.
#[utoipa::path(get, path = "/v1/draws/{id}", tag = "draws", params(("id" = String, Path)), responses((status = 200, body = DrawRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_one(State(s): State<AppState>, caller: MaybeCaller, Path(id): Path<String>) -> Result<Json<DrawRecord>> {
    Ok(Json(view(&s, &id, caller.0.as_ref()).await?))
}

#[derive(Deserialize)]
pub struct ListQuery {
    tender: Option<String>,
}

/// Draws, newest first (optionally of one tender), each as the caller may see it.
#[utoipa::path(get, path = "/v1/draws", tag = "draws", params(("tender" = Option<String>, Query)), responses((status = 200, body = Vec<DrawRecord>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn list(State(s): State<AppState>, caller: MaybeCaller, Query(q): Query<ListQuery>) -> Result<Json<Vec<DrawRecord>>> {
    let ids: Vec<String> = match &q.tender {
        Some(t) => {
            sqlx::query_scalar("SELECT id FROM draws WHERE tender_id = $1 ORDER BY created_at DESC, id DESC")
                .bind(t)
                .fetch_all(&s.pool)
                .await?
        }
        None => sqlx::query_scalar("SELECT id FROM draws ORDER BY created_at DESC, id DESC LIMIT 200").fetch_all(&s.pool).await?,
    };
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(view(&s, &id, caller.0.as_ref()).await?);
    }
    Ok(Json(out))
}

/// The reveal: the secret and the pools become public, so anyone can recompute the draw.
/// Allowed to the drawing centre once the evaluation has started (the committee has sat).
#[utoipa::path(post, path = "/v1/draws/{id}/reveal", tag = "draws", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = DrawRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn reveal(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<DrawRecord>> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let d = stored(&mut tx, &id).await?;
    if !drawing_centre(&mut tx, &d, Some(&caller)).await? {
        return Err(Error::Forbidden("auth.role", "the draw is revealed by the centre that made it".into()));
    }
    if d.status != "drawn" && d.status != "failed" {
        return Err(Error::Conflict("draw.state", format!("draw {id} is {}: nothing to reveal", d.status)));
    }
    if now < d.request.evaluation_start {
        return Err(Error::Conflict(
            "draw.too_early",
            format!("the committee stays confidential until the evaluation ({})", d.request.evaluation_start.to_beijing()),
        ));
    }
    let ev = guard
        .append(&mut tx, "draw.revealed", Some(&d.tender), Audience::Public, now, json!({ "draw": id, "secret": hex::encode(d.secret) }))
        .await?;
    sqlx::query("UPDATE draws SET status = 'revealed', revealed_at = $1, reveal_index = $2 WHERE id = $3")
        .bind(now.unix())
        .bind(ev.index as i64)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(view(&s, &id, Some(&caller)).await?))
}

async fn invitations_of(conn: &mut sqlx::AnyConnection, identity: &str) -> Result<Vec<Invitation>> {
    let rows = sqlx::query(
        "SELECT s.*, d.tender_id, d.request, t.title FROM draw_seats s JOIN experts e ON e.code = s.expert JOIN draws d ON d.id = s.draw_id JOIN tenders t ON t.id = d.tender_id WHERE e.identity_id = $1 ORDER BY s.drawn_at DESC, s.id",
    )
    .bind(identity)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let req: DrawRequest = serde_json::from_str(&r.try_get::<String, _>("request")?).map_err(Error::internal)?;
        let group: String = r.try_get("grp")?;
        let (venue, specialty, reserve) = parse_label(&group);
        let v = req.venues.iter().find(|v| v.centre == venue);
        out.push(Invitation {
            seat: r.try_get("id")?,
            draw: r.try_get("draw_id")?,
            tender: r.try_get("tender_id")?,
            tender_title: r.try_get("title")?,
            room: v.map(|v| v.room.clone()).unwrap_or_default(),
            main_venue: v.is_some_and(|v| v.main),
            venue,
            specialty,
            reserve,
            evaluation_start: req.evaluation_start,
            answer_by: Timestamp::from_unix(r.try_get("answer_by")?),
            state: r.try_get("state")?,
            reason: r.try_get("reason")?,
        });
    }
    Ok(out)
}

/// The caller's invitations (an expert's identity linked to the library).
#[utoipa::path(get, path = "/v1/invitations", tag = "draws", security(("bearer" = [])), responses((status = 200, body = Vec<Invitation>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn invitations(State(s): State<AppState>, caller: Caller) -> Result<Json<Vec<Invitation>>> {
    caller.require(Role::Evaluator)?;
    expire_due(&s).await?;
    let mut conn = s.pool.acquire().await?;
    Ok(Json(invitations_of(&mut conn, &caller.id).await?))
}

#[utoipa::path(get, path = "/v1/centres/{code}/draw-settings", tag = "draws", params(("code" = String, Path)), responses((status = 200, body = DrawSettings), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_settings(State(s): State<AppState>, Path(code): Path<String>) -> Result<Json<DrawSettings>> {
    if tenderbox_core::centre::centre(&code).is_none() {
        return Err(Error::NotFound("draw.venues", format!("'{code}' is not one of the platform's centres")));
    }
    let mut conn = s.pool.acquire().await?;
    Ok(Json(settings_of(&mut conn, &code).await?))
}

/// A centre admin sets a centre's draw settings (logged).
#[utoipa::path(put, path = "/v1/centres/{code}/draw-settings", tag = "draws", params(("code" = String, Path)), request_body = DrawSettings, security(("bearer" = [])), responses((status = 200, body = DrawSettings), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn put_settings(
    State(s): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Json(b): Json<DrawSettings>,
) -> Result<Json<DrawSettings>> {
    caller.require(Role::CentreAdmin)?;
    if tenderbox_core::centre::centre(&code).is_none() || b.centre != code {
        return Err(Error::BadRequest(
            "draw.venues",
            format!("'{code}' is not one of the platform's centres (or not the one in the body)"),
        ));
    }
    if b.max_draws == 0 || b.window_days > 366 || b.same_tenderer_days > 366 {
        return Err(Error::BadRequest("draw.settings", "at least one draw per window; windows of at most 366 days".into()));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    sqlx::query("DELETE FROM draw_settings WHERE centre = $1").bind(&code).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO draw_settings (centre, max_draws, window_days, same_tenderer_days, agency_may_request) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&code)
    .bind(b.max_draws as i32)
    .bind(b.window_days as i32)
    .bind(b.same_tenderer_days as i32)
    .bind(b.agency_may_request as i32)
    .execute(&mut *tx)
    .await?;
    guard.append(&mut tx, "draw.settings", None, Audience::Public, now, json!({ "settings": b, "by": caller.id })).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(b))
}

/// After the evaluation (the draw revealed) the tender's agency and supervisors rate each
/// expert who sat: punctuality, diligence, fairness (1–5), a note required for any score
/// of 2 or less; once per rater and expert. Logged without the scores.
#[utoipa::path(post, path = "/v1/draws/{id}/ratings", tag = "draws", params(("id" = String, Path)), request_body = RateExpert, security(("bearer" = [])), responses((status = 200, body = ExpertRating), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn rate(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(b): Json<RateExpert>,
) -> Result<Json<ExpertRating>> {
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let d = stored(&mut tx, &id).await?;
    let agency: String = sqlx::query_scalar("SELECT agency_id FROM tenders WHERE id = $1").bind(&d.tender).fetch_one(&mut *tx).await?;
    let role = if caller.has(Role::Supervisor) {
        "supervisor"
    } else if caller.id == agency {
        "agency"
    } else {
        return Err(Error::Forbidden("auth.role", "experts are rated by the tender's agency and by supervisors".into()));
    };
    if d.revealed_at.is_none() {
        return Err(Error::Conflict("draw.not_revealed", format!("draw {id} is not revealed yet: experts are rated after the evaluation")));
    }
    let sat: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM draw_seats WHERE draw_id = $1 AND expert = $2 AND state = 'accepted'")
        .bind(&id)
        .bind(&b.expert)
        .fetch_one(&mut *tx)
        .await?;
    if sat == 0 {
        return Err(Error::BadRequest("rating.not_member", format!("{} did not sit on the committee of draw {id}", b.expert)));
    }
    let scores = [b.punctuality, b.diligence, b.fairness];
    if scores.iter().any(|x| !(1..=5).contains(x)) {
        return Err(Error::BadRequest("rating.score", "each score is a whole number from 1 to 5".into()));
    }
    let note = b.note.trim().to_string();
    if scores.iter().any(|x| *x <= 2) && note.is_empty() {
        return Err(Error::BadRequest("rating.note", "a score of 2 or less needs a note saying what happened".into()));
    }
    let done: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM expert_ratings WHERE draw_id = $1 AND expert = $2 AND rater = $3")
        .bind(&id)
        .bind(&b.expert)
        .bind(&caller.id)
        .fetch_one(&mut *tx)
        .await?;
    if done > 0 {
        return Err(Error::Conflict("rating.exists", format!("you rated {} for draw {id} already", b.expert)));
    }
    sqlx::query("INSERT INTO expert_ratings (id, draw_id, expert, rater, rater_role, punctuality, diligence, fairness, note, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)")
        .bind(super::random_hex(12))
        .bind(&id)
        .bind(&b.expert)
        .bind(&caller.id)
        .bind(role)
        .bind(b.punctuality as i32)
        .bind(b.diligence as i32)
        .bind(b.fairness as i32)
        .bind(&note)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "expert.rated",
            Some(&d.tender),
            Audience::Public,
            now,
            json!({ "draw": id, "expert": b.expert, "by": caller.id, "role": role }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(ExpertRating {
        draw: id,
        tender: d.tender,
        expert: b.expert,
        rater: caller.id,
        rater_role: role.into(),
        punctuality: b.punctuality,
        diligence: b.diligence,
        fairness: b.fairness,
        note,
        at: now,
    }))
}

/// A centre admin links an approved evaluator identity to its library entry: the same
/// name and the employer's credit code. From then on the expert's invitations reach it.
#[utoipa::path(post, path = "/v1/experts/{code}/identity", tag = "experts", params(("code" = String, Path)), request_body = ExpertLink, security(("bearer" = [])), responses((status = 200, body = tenderbox_wire::ExpertRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn link(
    State(s): State<AppState>,
    caller: Caller,
    Path(code): Path<String>,
    Json(b): Json<ExpertLink>,
) -> Result<Json<tenderbox_wire::ExpertRecord>> {
    caller.require(Role::CentreAdmin)?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let profile: String = sqlx::query_scalar("SELECT profile FROM experts WHERE code = $1")
        .bind(&code)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound("expert.not_found", format!("no expert {code} in the library")))?;
    let p: ExpertRow = serde_json::from_str(&profile).map_err(Error::internal)?;
    let who = sqlx::query("SELECT uscc, name, roles, status FROM identities WHERE id = $1")
        .bind(&b.identity)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Error::NotFound("identity.not_found", format!("no identity {}", b.identity)))?;
    let roles = crate::auth::parse_roles(&who.try_get::<String, _>("roles")?);
    let status: String = who.try_get("status")?;
    let uscc: String = who.try_get("uscc")?;
    let name: String = who.try_get("name")?;
    if status != "approved" || !roles.contains(&Role::Evaluator) {
        return Err(Error::Conflict("expert.link", format!("identity {} is not an approved evaluator", b.identity)));
    }
    if uscc != p.employer_uscc || name.trim() != p.name.trim() {
        return Err(Error::Conflict(
            "expert.link",
            format!(
                "identity {} is registered as {name} of {uscc}; the library has {code} as {} of {}",
                b.identity, p.name, p.employer_uscc
            ),
        ));
    }
    let taken: Option<String> = sqlx::query_scalar("SELECT code FROM experts WHERE identity_id = $1 AND code <> $2")
        .bind(&b.identity)
        .bind(&code)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(other) = taken {
        return Err(Error::Conflict("expert.link", format!("identity {} is linked to expert {other} already", b.identity)));
    }
    sqlx::query("UPDATE experts SET identity_id = $1, updated_at = $2 WHERE code = $3")
        .bind(&b.identity)
        .bind(now.unix())
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO expert_changes (id, code, kind, detail, by_identity, at) VALUES ($1, $2, 'linked', $3, $4, $5)")
        .bind(super::random_hex(12))
        .bind(&code)
        .bind(json!({ "identity": b.identity }).to_string())
        .bind(&caller.id)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(&mut tx, "expert.linked", None, Audience::Public, now, json!({ "code": code, "identity": b.identity, "by": caller.id }))
        .await?;
    tx.commit().await?;
    guard.commit();
    let mut conn = s.pool.acquire().await?;
    super::experts::one(&mut conn, &code).await.map(Json)
}
