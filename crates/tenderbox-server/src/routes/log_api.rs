use crate::AppState;
use crate::auth::MaybeCaller;
use crate::error::{Error, Result};
use axum::Json;
use axum::extract::{Query, State};
use serde::Deserialize;
use sqlx::Row;
use tenderbox_wire::{CheckpointResponse, EventsPage, Health, ProofResponse};

#[utoipa::path(get, path = "/v1/health", tag = "platform", responses((status = 200, body = tenderbox_wire::Health)))]
pub async fn health(State(s): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        server_time: s.now(),
        log_size: s.log.size().await,
        log_key: s.log.verifier_key(),
        rehearsal: s.rehearsal,
    })
}

#[utoipa::path(get, path = "/v1/log/checkpoint", tag = "log", responses((status = 200, body = tenderbox_wire::CheckpointResponse)))]
pub async fn checkpoint(State(s): State<AppState>) -> Result<Json<CheckpointResponse>> {
    let (size, note) = s.log.checkpoint().await?;
    Ok(Json(CheckpointResponse { size, note }))
}

#[derive(Deserialize)]
pub struct InclusionQuery {
    index: u64,
    size: u64,
}

#[utoipa::path(get, path = "/v1/log/proof/inclusion", tag = "log", params(("index" = u64, Query), ("size" = u64, Query)), responses((status = 200, body = tenderbox_wire::ProofResponse), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn inclusion(State(s): State<AppState>, Query(q): Query<InclusionQuery>) -> Result<Json<ProofResponse>> {
    let p = s.log.inclusion(q.index, q.size).await?;
    Ok(Json(ProofResponse { proof: p.iter().map(hex::encode).collect() }))
}

#[derive(Deserialize)]
pub struct ConsistencyQuery {
    first: u64,
    second: u64,
}

#[utoipa::path(get, path = "/v1/log/proof/consistency", tag = "log", params(("first" = u64, Query), ("second" = u64, Query)), responses((status = 200, body = tenderbox_wire::ProofResponse), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn consistency(State(s): State<AppState>, Query(q): Query<ConsistencyQuery>) -> Result<Json<ProofResponse>> {
    let p = s.log.consistency(q.first, q.second).await?;
    Ok(Json(ProofResponse { proof: p.iter().map(hex::encode).collect() }))
}

#[derive(Deserialize)]
pub struct LeavesQuery {
    start: u64,
    end: u64,
}

pub use tenderbox_wire::Leaf;

/// Leaf hashes of `[start, end)` (at most 1000), with the leaf itself where the
/// caller may read it, so anyone can recompute the tree.
#[utoipa::path(get, path = "/v1/log/leaves", tag = "log", params(("start" = u64, Query), ("end" = u64, Query)), responses((status = 200, body = Vec<Leaf>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn leaves(State(s): State<AppState>, caller: MaybeCaller, Query(q): Query<LeavesQuery>) -> Result<Json<Vec<Leaf>>> {
    if q.end < q.start || q.end - q.start > 1000 {
        return Err(Error::BadRequest("log.range", "ask for at most 1000 leaves with start ≤ end".into()));
    }
    let rows = sqlx::query("SELECT idx, audience, leaf, hash FROM events WHERE idx >= $1 AND idx < $2 ORDER BY idx")
        .bind(q.start as i64)
        .bind(q.end as i64)
        .fetch_all(&s.pool)
        .await?;
    let me = caller.0.map(|c| c.id);
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let audience: String = r.try_get("audience")?;
        let visible = audience == "public" || Some(&audience) == me.as_ref();
        let leaf: Vec<u8> = r.try_get("leaf")?;
        let hash: Vec<u8> = r.try_get("hash")?;
        out.push(Leaf {
            index: r.try_get::<i64, _>("idx")? as u64,
            hash: hex::encode(hash),
            leaf: visible.then(|| String::from_utf8_lossy(&leaf).into_owned()),
        });
    }
    Ok(Json(out))
}

#[derive(Deserialize)]
pub struct EventsQuery {
    #[serde(default)]
    after: Option<u64>,
    #[serde(default)]
    limit: Option<u32>,
    /// Only the events of this tender.
    #[serde(default)]
    tender: Option<String>,
}

/// Public events, plus the caller's private ones, after `after` (exclusive).
#[utoipa::path(get, path = "/v1/events", tag = "log", params(("after" = Option<u64>, Query), ("limit" = Option<u32>, Query), ("tender" = Option<String>, Query)), responses((status = 200, body = tenderbox_wire::EventsPage), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn events(State(s): State<AppState>, caller: MaybeCaller, Query(q): Query<EventsQuery>) -> Result<Json<EventsPage>> {
    let limit = q.limit.unwrap_or(500).clamp(1, 1000) as i64;
    let after = q.after.map(|a| a as i64).unwrap_or(-1);
    let me = caller.0.map(|c| c.id).unwrap_or_else(|| "public".into());
    let rows = match &q.tender {
        None => {
            sqlx::query("SELECT leaf FROM events WHERE idx > $1 AND (audience = 'public' OR audience = $2) ORDER BY idx LIMIT $3")
                .bind(after)
                .bind(me)
                .bind(limit)
                .fetch_all(&s.pool)
                .await?
        }
        Some(t) => sqlx::query(
            "SELECT leaf FROM events WHERE tender_id = $4 AND idx > $1 AND (audience = 'public' OR audience = $2) ORDER BY idx LIMIT $3",
        )
        .bind(after)
        .bind(me)
        .bind(limit)
        .bind(t)
        .fetch_all(&s.pool)
        .await?,
    };
    let mut events = Vec::with_capacity(rows.len());
    for r in rows {
        events.push(crate::log::decode_event(&r.try_get::<Vec<u8>, _>("leaf")?)?);
    }
    let next_after = events.last().map(|e| e.index).or(q.after);
    Ok(Json(EventsPage { events, next_after }))
}

#[derive(Deserialize)]
pub struct StreamQuery {
    #[serde(default)]
    after: Option<u64>,
}

/// Server-sent events: the events after `after` (public, plus the caller's own),
/// then every new one as it is committed — the opening hall's live feed. Each
/// message's id is the event's log index, so a client resumes with `after`.
#[utoipa::path(get, path = "/v1/events/stream", tag = "log", params(("after" = Option<u64>, Query)), responses((status = 200, description = "server-sent events; each data is an Event", content_type = "text/event-stream")))]
pub async fn stream(
    State(s): State<AppState>,
    caller: MaybeCaller,
    Query(q): Query<StreamQuery>,
) -> axum::response::sse::Sse<impl futures_util::Stream<Item = std::result::Result<axum::response::sse::Event, std::convert::Infallible>>> {
    use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
    let me = caller.0.map(|c| c.id).unwrap_or_else(|| "public".into());
    let mut live = s.log.subscribe();
    let (tx, rx) = tokio::sync::mpsc::channel::<tenderbox_wire::Event>(256);
    let state = s.clone();
    tokio::spawn(async move {
        let mut last = q.after.map(|a| a as i64).unwrap_or(-1);
        // Catch up from the database, then follow the live feed; after a lag, catch up again.
        'outer: loop {
            loop {
                let rows = sqlx::query(
                    "SELECT leaf FROM events WHERE idx > $1 AND (audience = 'public' OR audience = $2) ORDER BY idx LIMIT 1000",
                )
                .bind(last)
                .bind(&me)
                .fetch_all(&state.pool)
                .await;
                let Ok(rows) = rows else { break 'outer };
                if rows.is_empty() {
                    break;
                }
                for r in rows {
                    let Ok(ev) = r.try_get::<Vec<u8>, _>("leaf").map_err(Error::from).and_then(|l| crate::log::decode_event(&l)) else {
                        break 'outer;
                    };
                    last = ev.index as i64;
                    if tx.send(ev).await.is_err() {
                        break 'outer;
                    }
                }
            }
            loop {
                match live.recv().await {
                    Ok((ev, audience)) => {
                        if (ev.index as i64) <= last || (audience != "public" && audience != me) {
                            continue;
                        }
                        last = ev.index as i64;
                        if tx.send(ev).await.is_err() {
                            break 'outer;
                        }
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => continue 'outer,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => break 'outer,
                }
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        let ev = rx.recv().await?;
        let msg = SseEvent::default().id(ev.index.to_string()).event(ev.kind.clone()).json_data(&ev).unwrap_or_default();
        Some((Ok(msg), rx))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
