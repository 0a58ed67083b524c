//! Listings and auctions (挂牌、拍卖) of land, mining rights and state property, and the
//! holiday calendar their working-day periods are counted on. The rules are
//! `tenderbox_core::auction`'s; this module stores, logs and answers. A centre admin
//! announces an auction (the server dates the announcement by its own clock); anyone reads
//! the terms and where bidding stands; centre admins keep the calendar, each change a
//! public log event.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::json;
use sqlx::Row;
use tenderbox_core::auction::{AUCTION_FORMAT, Action, AuctionTerms, BidStatement, Board, Phase, Refusal, Step};
use tenderbox_core::calendar::{Calendar, DayKind};
use tenderbox_core::time::{Timestamp, is_date};
use tenderbox_seal::signed::SignedDoc;
use tenderbox_wire::{
    AuctionApplication, AuctionBoard, AuctionRecord, AuctionRegistration, AuctionStepRecord, BoardBid, HolidayEntry, Role,
};

fn kind_key(k: DayKind) -> &'static str {
    match k {
        DayKind::Holiday => "holiday",
        DayKind::Workday => "workday",
    }
}

fn kind_of(s: &str) -> Result<DayKind> {
    match s {
        "holiday" => Ok(DayKind::Holiday),
        "workday" => Ok(DayKind::Workday),
        other => Err(Error::internal(format!("day kind {other}"))),
    }
}

/// The holiday calendar as kept now.
pub(crate) async fn calendar(conn: &mut sqlx::AnyConnection) -> Result<Calendar> {
    let rows = sqlx::query("SELECT date, kind FROM holidays ORDER BY date").fetch_all(&mut *conn).await?;
    let mut days = std::collections::BTreeMap::new();
    for r in rows {
        days.insert(r.try_get::<String, _>("date")?, kind_of(&r.try_get::<String, _>("kind")?)?);
    }
    Ok(Calendar { days })
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<String>,
}

/// Public: the calendar's dates (of one year with `?year=2026`).
#[utoipa::path(get, path = "/v1/holidays", tag = "auctions", params(("year" = Option<String>, Query)), responses((status = 200, body = Vec<HolidayEntry>)))]
pub async fn holidays(State(s): State<AppState>, Query(q): Query<YearQuery>) -> Result<Json<Vec<HolidayEntry>>> {
    let prefix = match q.year.as_deref().filter(|y| !y.is_empty()) {
        None => String::new(),
        Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => format!("{y}-"),
        Some(y) => return Err(Error::BadRequest("calendar.date", format!("{y} is not a year"))),
    };
    let rows = sqlx::query("SELECT date, kind, note FROM holidays WHERE date LIKE $1 ORDER BY date")
        .bind(format!("{prefix}%"))
        .fetch_all(&s.pool)
        .await?;
    rows.iter()
        .map(|r| Ok(HolidayEntry { date: r.try_get("date")?, kind: kind_of(&r.try_get::<String, _>("kind")?)?, note: r.try_get("note")? }))
        .collect::<Result<Vec<_>>>()
        .map(Json)
}

/// A centre admin sets one date of the calendar (a holiday, or a weekend day worked).
#[utoipa::path(put, path = "/v1/holidays/{date}", tag = "auctions", params(("date" = String, Path)), request_body = HolidayEntry, security(("bearer" = [])), responses((status = 200, body = HolidayEntry), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn set_holiday(
    State(s): State<AppState>,
    caller: Caller,
    Path(date): Path<String>,
    Json(e): Json<HolidayEntry>,
) -> Result<Json<HolidayEntry>> {
    caller.require(Role::CentreAdmin)?;
    if !is_date(&date) || e.date != date {
        return Err(Error::BadRequest(
            "calendar.date",
            format!("{date} is not a date written YYYY-MM-DD, or not the entry's date {}", e.date),
        ));
    }
    let note = e.note.trim().to_string();
    if note.is_empty() {
        return Err(Error::BadRequest("calendar.note", "say what the notice calls the day (国庆节, 春节调休上班…)".into()));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    sqlx::query("DELETE FROM holidays WHERE date = $1").bind(&date).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO holidays (date, kind, note, set_by, set_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&date)
        .bind(kind_key(e.kind))
        .bind(&note)
        .bind(&caller.id)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "calendar.set",
            None,
            Audience::Public,
            now,
            json!({ "date": date, "kind": kind_key(e.kind), "note": note, "by": caller.id }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(HolidayEntry { date, kind: e.kind, note }))
}

/// A centre admin removes a date from the calendar (it follows its weekday again).
#[utoipa::path(delete, path = "/v1/holidays/{date}", tag = "auctions", params(("date" = String, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<HolidayEntry>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn clear_holiday(State(s): State<AppState>, caller: Caller, Path(date): Path<String>) -> Result<Json<Vec<HolidayEntry>>> {
    caller.require(Role::CentreAdmin)?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let gone = sqlx::query("DELETE FROM holidays WHERE date = $1").bind(&date).execute(&mut *tx).await?;
    if gone.rows_affected() == 0 {
        return Err(Error::NotFound("calendar.not_found", format!("the calendar has no entry for {date}")));
    }
    guard.append(&mut tx, "calendar.cleared", None, Audience::Public, now, json!({ "date": date, "by": caller.id })).await?;
    tx.commit().await?;
    guard.commit();
    holidays(State(s.clone()), Query(YearQuery { year: date.get(..4).map(str::to_string) })).await
}

fn record(terms: AuctionTerms, terms_hash: String, status: String, now: Timestamp) -> AuctionRecord {
    let phase = Board::new(terms.clone()).phase(now);
    AuctionRecord { terms, terms_hash, status, phase, server_time: now }
}

fn from_row(r: &sqlx::any::AnyRow, now: Timestamp) -> Result<AuctionRecord> {
    let terms: AuctionTerms = serde_json::from_str(&r.try_get::<String, _>("terms")?).map_err(Error::internal)?;
    Ok(record(terms, r.try_get("terms_hash")?, r.try_get("status")?, now))
}

/// A centre admin announces a listing or auction on the seller's behalf. The server dates
/// the announcement by its own clock; the schedule is checked against the rules and the
/// holiday calendar (every problem named); the terms' hash goes into the public log.
#[utoipa::path(post, path = "/v1/auctions", tag = "auctions", request_body(content = Object, description = "AuctionTerms"), security(("bearer" = [])), responses((status = 200, body = AuctionRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn announce(State(s): State<AppState>, caller: Caller, Json(mut terms): Json<AuctionTerms>) -> Result<Json<AuctionRecord>> {
    caller.require(Role::CentreAdmin)?;
    if terms.format != AUCTION_FORMAT {
        return Err(Error::BadRequest("auction.format", format!("terms format {} is not {AUCTION_FORMAT}", terms.format)));
    }
    terms.id = terms.id.trim().to_string();
    if terms.id.is_empty() || terms.id.len() > 64 || !terms.id.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b)) {
        return Err(Error::BadRequest("auction.id", "the project code is 1–64 letters, digits, - or _".into()));
    }
    if terms.title.trim().is_empty() || terms.description.trim().is_empty() {
        return Err(Error::BadRequest("auction.field", "the title and the description of the parcel or asset are needed".into()));
    }
    if tenderbox_core::centre::centre(&terms.centre).is_none() {
        return Err(Error::BadRequest("auction.field", format!("there is no centre {}", terms.centre)));
    }
    if terms.rehearsal != s.rehearsal {
        return Err(Error::BadRequest(
            "auction.rehearsal",
            if s.rehearsal {
                "this is a rehearsal platform: it takes only rehearsals (set \"rehearsal\": true)".into()
            } else {
                "this platform trades for real: a rehearsal belongs on a rehearsal platform".into()
            },
        ));
    }
    let now = s.now();
    terms.announced_at = now;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let cal = calendar(&mut tx).await?;
    let problems = terms.problems(&cal);
    if let Some(first) = problems.first() {
        let all: Vec<String> = problems.iter().map(|p| p.reason.clone()).collect();
        return Err(Error::BadRequest(first.code, all.join("; ")));
    }
    if sqlx::query_scalar::<_, String>("SELECT id FROM auctions WHERE id = $1").bind(&terms.id).fetch_optional(&mut *tx).await?.is_some() {
        return Err(Error::Conflict("auction.exists", format!("an auction {} was announced already", terms.id)));
    }
    let canonical = tenderbox_core::canonical::to_canonical_vec(&terms).map_err(Error::internal)?;
    let hash = hex::encode(tenderbox_core::sha256(&canonical));
    let text = String::from_utf8(canonical).map_err(Error::internal)?;
    let key = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let asset = key(&serde_json::to_value(terms.asset).map_err(Error::internal)?);
    let mode = key(&serde_json::to_value(terms.mode).map_err(Error::internal)?);
    sqlx::query("INSERT INTO auctions (id, terms, terms_hash, centre, asset, mode, created_by, created_at, bidding_starts, status, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'announced', NULL)")
        .bind(&terms.id)
        .bind(&text)
        .bind(&hash)
        .bind(&terms.centre)
        .bind(&asset)
        .bind(&mode)
        .bind(&caller.id)
        .bind(now.unix())
        .bind(terms.bidding_starts.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "auction.announced",
            None,
            Audience::Public,
            now,
            json!({ "auction": terms.id, "terms_hash": hash, "title": terms.title, "centre": terms.centre, "asset": asset, "mode": mode, "by": caller.id }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(record(terms, hash, "announced".into(), now)))
}

/// Public: every listing and auction, by the start of bidding (newest first).
#[utoipa::path(get, path = "/v1/auctions", tag = "auctions", responses((status = 200, body = Vec<AuctionRecord>)))]
pub async fn list(State(s): State<AppState>) -> Result<Json<Vec<AuctionRecord>>> {
    let now = s.now();
    let rows = sqlx::query("SELECT terms, terms_hash, status FROM auctions ORDER BY bidding_starts DESC, id").fetch_all(&s.pool).await?;
    rows.iter().map(|r| from_row(r, now)).collect::<Result<Vec<_>>>().map(Json)
}

/// Public: one listing or auction, its terms and where bidding stands by the server's clock.
#[utoipa::path(get, path = "/v1/auctions/{id}", tag = "auctions", params(("id" = String, Path)), responses((status = 200, body = AuctionRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_one(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<AuctionRecord>> {
    let r = sqlx::query("SELECT terms, terms_hash, status FROM auctions WHERE id = $1")
        .bind(&id)
        .fetch_optional(&s.pool)
        .await?
        .ok_or_else(|| Error::NotFound("auction.not_found", format!("no auction {id}")))?;
    from_row(&r, s.now()).map(Json)
}

/// The announced terms and their hash.
pub(crate) async fn terms_of(conn: &mut sqlx::AnyConnection, id: &str) -> Result<(AuctionTerms, String)> {
    let r = sqlx::query("SELECT terms, terms_hash FROM auctions WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| Error::NotFound("auction.not_found", format!("no auction {id}")))?;
    let terms = serde_json::from_str(&r.try_get::<String, _>("terms")?).map_err(Error::internal)?;
    Ok((terms, r.try_get("terms_hash")?))
}

/// The caller's registration brought up to date: the deposit received (by the transfer's
/// reference, before the registration deadline) and, once it covers the terms' deposit, a
/// bidding number — secret, random, unique in the auction; the registration is a log
/// event only the bidder may read.
async fn registration_of(
    conn: &mut sqlx::AnyConnection,
    s: &AppState,
    guard: &mut crate::log::LogGuard<'_>,
    terms: &AuctionTerms,
    caller: &Caller,
) -> Result<Option<AuctionRegistration>> {
    let Some(r) = sqlx::query("SELECT * FROM auction_registrations WHERE auction_id = $1 AND bidder_id = $2")
        .bind(&terms.id)
        .bind(&caller.id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let reference: String = r.try_get("reference")?;
    let amounts: Vec<String> =
        sqlx::query_scalar("SELECT amount FROM deposits WHERE reference = $1 AND received_at <= $2 ORDER BY received_at")
            .bind(&reference)
            .bind(terms.registration_deadline.unix())
            .fetch_all(&mut *conn)
            .await?;
    let mut received = tenderbox_core::Decimal::ZERO;
    for a in amounts {
        received += a.parse::<tenderbox_core::Decimal>().map_err(Error::internal)?;
    }
    let mut number: Option<String> = r.try_get("number")?;
    let mut registered_at = r.try_get::<Option<i64>, _>("registered_at")?.map(Timestamp::from_unix);
    let now = s.now();
    if number.is_none() && received >= terms.deposit {
        let n = loop {
            let candidate = format!("{:04}", u32::from_str_radix(&super::random_hex(4), 16).unwrap_or(0) % 10_000);
            let taken: Option<String> =
                sqlx::query_scalar("SELECT number FROM auction_registrations WHERE auction_id = $1 AND number = $2")
                    .bind(&terms.id)
                    .bind(&candidate)
                    .fetch_optional(&mut *conn)
                    .await?;
            if taken.is_none() {
                break candidate;
            }
        };
        sqlx::query("UPDATE auction_registrations SET number = $1, registered_at = $2 WHERE auction_id = $3 AND bidder_id = $4")
            .bind(&n)
            .bind(now.unix())
            .bind(&terms.id)
            .bind(&caller.id)
            .execute(&mut *conn)
            .await?;
        guard
            .append(
                conn,
                "auction.registered",
                None,
                Audience::Identity(caller.id.clone()),
                now,
                json!({ "auction": terms.id, "number": n, "deposit": received }),
            )
            .await?;
        number = Some(n);
        registered_at = Some(now);
    }
    let status = match (&number, now > terms.registration_deadline) {
        (Some(_), _) => "registered",
        (None, true) => "closed",
        (None, false) => "awaiting_deposit",
    };
    Ok(Some(AuctionRegistration {
        auction: terms.id.clone(),
        status: status.into(),
        deposit_reference: reference,
        deposit_required: terms.deposit,
        deposit_received: received,
        number,
        applied_at: Timestamp::from_unix(r.try_get("applied_at")?),
        registered_at,
        registration_deadline: terms.registration_deadline,
    }))
}

/// A bidder applies to bid: before the registration deadline, not barred by the credit
/// library for this trading type and centre, accepting the announcement's conditions. The
/// answer carries the deposit's transfer reference; the bidding number follows once the
/// finance office has recorded the deposit (see the GET).
#[utoipa::path(post, path = "/v1/auctions/{id}/registration", tag = "auctions", params(("id" = String, Path)), request_body = AuctionApplication, security(("bearer" = [])), responses((status = 200, body = AuctionRegistration), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn apply(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(a): Json<AuctionApplication>,
) -> Result<Json<AuctionRegistration>> {
    caller.require(Role::Bidder)?;
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let (terms, _) = terms_of(&mut tx, &id).await?;
    if let Some(r) = registration_of(&mut tx, &s, &mut guard, &terms, &caller).await? {
        tx.commit().await?;
        guard.commit();
        return Ok(Json(r));
    }
    if now > terms.registration_deadline {
        return Err(Error::Conflict(
            "auction.registration_closed",
            format!("registration closed at {}; the server's time is {}", terms.registration_deadline.to_beijing(), now.to_beijing()),
        ));
    }
    if !a.accepts_conditions {
        return Err(Error::BadRequest(
            "auction.conditions",
            format!("accept the conditions the announcement states: {}", terms.conditions.join("; ")),
        ));
    }
    let uscc = super::credit::caller_uscc(&mut tx, &caller).await?;
    super::credit::refuse_barred_bid(&mut tx, &uscc, &[], terms.asset.trading_type(), &terms.centre, now).await?;
    let reference = super::security::issue_reference(&mut tx, &terms.id, &uscc, now).await?;
    sqlx::query("INSERT INTO auction_registrations (auction_id, bidder_id, uscc, reference, applied_at, number, registered_at) VALUES ($1, $2, $3, $4, $5, NULL, NULL)")
        .bind(&terms.id)
        .bind(&caller.id)
        .bind(&uscc)
        .bind(&reference)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "auction.applied",
            None,
            Audience::Identity(caller.id.clone()),
            now,
            json!({ "auction": terms.id, "reference": reference }),
        )
        .await?;
    let r =
        registration_of(&mut tx, &s, &mut guard, &terms, &caller).await?.ok_or_else(|| Error::internal("the registration just made"))?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(r))
}

/// The caller's registration: the deposit received so far and, once it covers the
/// deposit, the bidding number.
#[utoipa::path(get, path = "/v1/auctions/{id}/registration", tag = "auctions", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = AuctionRegistration), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn my_registration(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<AuctionRegistration>> {
    caller.require(Role::Bidder)?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let (terms, _) = terms_of(&mut tx, &id).await?;
    let r = registration_of(&mut tx, &s, &mut guard, &terms, &caller)
        .await?
        .ok_or_else(|| Error::NotFound("auction.not_registered", format!("you have not applied to bid in {id}")))?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(r))
}

/// The recorded steps of an auction, in order, as the rules replay them.
pub(crate) async fn steps_of(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Vec<Step>> {
    let rows = sqlx::query("SELECT action, number, amount, at, paused_from FROM auction_steps WHERE auction_id = $1 ORDER BY seq")
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|r| {
            let number: String = r.try_get("number")?;
            let at = Timestamp::from_unix(r.try_get("at")?);
            let amount: Option<String> = r.try_get("amount")?;
            Ok(match r.try_get::<String, _>("action")?.as_str() {
                "bid" => Step::Bid { number, amount: amount.unwrap_or_default().parse().map_err(Error::internal)?, at },
                "accept" => Step::Accept { number, at },
                "resume" => {
                    Step::Resume { from: Timestamp::from_unix(r.try_get::<Option<i64>, _>("paused_from")?.unwrap_or(at.unix())), at }
                }
                _ => Step::GoOn { number, at },
            })
        })
        .collect()
}

/// The board rebuilt from the recorded steps (each checked again by the rules), and how
/// many steps there are (a wish to go on is a step but not a bid).
pub(crate) async fn board_of(conn: &mut sqlx::AnyConnection, terms: &AuctionTerms) -> Result<(Board, usize)> {
    let steps = steps_of(conn, &terms.id).await?;
    let b = tenderbox_core::auction::replay(terms, &steps)
        .map_err(|(n, e)| Error::internal(format!("auction {} step {n} does not replay: {e}", terms.id)))?;
    Ok((b, steps.len()))
}

fn board_view(b: &Board, now: Timestamp) -> AuctionBoard {
    let phase = b.phase(now);
    let running = matches!(phase, Phase::Listing { .. } | Phase::Countdown { .. });
    let ascending = matches!(b.terms.mode, tenderbox_core::auction::Mode::Listing | tenderbox_core::auction::Mode::English);
    AuctionBoard {
        auction: b.terms.id.clone(),
        current: b.high().map(|h| h.amount),
        minimum: (ascending && running).then(|| b.minimum()),
        bids: b.bids.iter().map(|x| BoardBid { seq: x.seq, amount: x.amount, at: x.at, timed: x.timed }).collect(),
        bid_count: b.bids.len() as u64,
        phase,
        server_time: now,
    }
}

/// Public: the price board — the current price, the lowest next bid, every bid's price and
/// server time (never the bidder), and the phase with its countdown by the server's clock.
#[utoipa::path(get, path = "/v1/auctions/{id}/board", tag = "auctions", params(("id" = String, Path)), responses((status = 200, body = AuctionBoard), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn board(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<AuctionBoard>> {
    let mut conn = s.pool.acquire().await?;
    let (terms, _) = terms_of(&mut conn, &id).await?;
    let (b, _) = board_of(&mut conn, &terms).await?;
    Ok(Json(board_view(&b, s.now())))
}

fn step_error(e: Refusal) -> Error {
    match e.code {
        "auction.below_minimum" | "auction.not_multiple" | "auction.mode" => Error::BadRequest(e.code, e.reason),
        _ => Error::Conflict(e.code, e.reason),
    }
}

/// A registered bidder's step, signed: a bid, the acceptance of a descending price, or the
/// wish to go on to timed bidding. Taken under the auction's lock and timed by the server
/// when it gets the lock, so the order of the steps is the order of their times; checked by
/// the rules at that time (a bid after the countdown ran out is refused with the server's
/// time); recorded with the signed statement and logged — the public entry has the price
/// and time, not the bidder.
#[utoipa::path(post, path = "/v1/auctions/{id}/bids", tag = "auctions", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<BidStatement>"), security(("bearer" = [])), responses((status = 200, body = AuctionStepRecord), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn bid(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<BidStatement>>,
) -> Result<Json<AuctionStepRecord>> {
    caller.require(Role::Bidder)?;
    let st = &signed.doc;
    if st.auction != id {
        return Err(Error::BadRequest("auction.statement", format!("the statement is for auction {}, not {id}", st.auction)));
    }
    let lock = lock_of(&s, &id);
    let mut cache = lock.lock().await;
    let mut guard = s.log.lock().await;
    // The receive time: read under the auction's lock, so times follow the order.
    let now = s.now();
    let mut tx = s.pool.begin().await?;
    let (terms, hash) = terms_of(&mut tx, &id).await?;
    if st.terms_hash != hash {
        return Err(Error::BadRequest("auction.statement", "the statement names other terms than those announced".into()));
    }
    super::review::check_signed(&mut tx, &caller, &signed).await?;
    own_number(&mut tx, &id, &caller, &st.number).await?;
    if terms.mode == tenderbox_core::auction::Mode::Sealed {
        return Err(Error::BadRequest(
            "auction.mode",
            "a sealed round takes one sealed price from each bidder (POST …/sealed-prices), not bids on the board".into(),
        ));
    }
    let (mut b, recorded) = cached_board(&mut tx, &terms, &cache).await?;
    let (action, amount) = match st.action {
        Action::Bid => {
            let amount = st.amount.ok_or_else(|| Error::BadRequest("auction.statement", "a bid states its amount".into()))?;
            b.place(&st.number, amount, now).map_err(step_error)?;
            ("bid", Some(amount))
        }
        Action::Accept => {
            let price = b.accept(&st.number, now).map_err(step_error)?.amount;
            ("accept", Some(price))
        }
        Action::GoOn => {
            b.go_on(&st.number, now).map_err(step_error)?;
            ("go_on", None)
        }
    };
    let seq = recorded as u64 + 1;
    let statement_hash =
        hex::encode(tenderbox_core::sha256(&tenderbox_core::canonical::to_canonical_vec(&signed).map_err(Error::internal)?));
    // A price is public at once (the board); who placed it, and a wish to go on, are not.
    let audience = if action == "go_on" { Audience::Identity(caller.id.clone()) } else { Audience::Public };
    let event = guard
        .append(
            &mut tx,
            &format!("auction.{action}"),
            None,
            audience,
            now,
            json!({ "auction": id, "seq": seq, "amount": amount, "statement": statement_hash }),
        )
        .await?;
    sqlx::query("INSERT INTO auction_steps (auction_id, seq, action, number, bidder_id, amount, at, signed, event_idx) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(&id)
        .bind(seq as i64)
        .bind(action)
        .bind(&st.number)
        .bind(&caller.id)
        .bind(amount.map(|a| a.to_string()))
        .bind(now.unix())
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(event.index as i64)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    guard.commit();
    let view = board_view(&b, now);
    // Told under the lock, so the rooms get the boards in the order of the steps.
    announce_board(&s, &id, "board", &latest(&view));
    *cache = Some((recorded + 1, b));
    drop(cache);
    Ok(Json(AuctionStepRecord { seq, amount, at: now, event: event.index, board: view }))
}

/// The board as the live stream sends it: the latest bids only (a board of hundreds of
/// bids to hundreds of rooms after every step would be the server's whole work).
fn latest(v: &AuctionBoard) -> AuctionBoard {
    let mut v = v.clone();
    let keep = tenderbox_wire::BOARD_STREAM_BIDS;
    if v.bids.len() > keep {
        v.bids.drain(..v.bids.len() - keep);
    }
    v
}

/// Refuses a step or price that names a bidding number other than the caller's own, or
/// comes from a bidder with no number (not registered, or its deposit short).
pub(crate) async fn own_number(conn: &mut sqlx::AnyConnection, id: &str, caller: &Caller, number: &str) -> Result<()> {
    let mine: Option<Option<String>> =
        sqlx::query_scalar("SELECT number FROM auction_registrations WHERE auction_id = $1 AND bidder_id = $2")
            .bind(id)
            .bind(&caller.id)
            .fetch_optional(&mut *conn)
            .await?;
    match mine.flatten() {
        Some(n) if n == number => Ok(()),
        Some(_) => Err(Error::BadRequest("auction.statement", "the bidding number it names is not yours".into())),
        None => Err(Error::Forbidden(
            "auction.not_registered",
            format!("you are not registered to bid in {id} (apply, and pay the deposit before the deadline)"),
        )),
    }
}

/// What an auction's lock keeps: the board as replayed from the stored steps, and how many
/// steps it was replayed from (so a step stored elsewhere — another server process on the
/// same PostgreSQL — is noticed and the board replayed again).
pub type Cached = Option<(usize, Board)>;

/// The board from the lock's cache when the stored steps are still the ones it was
/// replayed from, else replayed from the database.
async fn cached_board(conn: &mut sqlx::AnyConnection, terms: &AuctionTerms, cache: &Cached) -> Result<(Board, usize)> {
    let stored: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM auction_steps WHERE auction_id = $1").bind(&terms.id).fetch_one(&mut *conn).await?;
    match cache {
        Some((n, b)) if *n == stored as usize => Ok((b.clone(), *n)),
        _ => board_of(conn, terms).await,
    }
}

/// The auction's own lock: its steps, its reserve and its outcome are taken under it.
pub(crate) fn lock_of(s: &AppState, id: &str) -> std::sync::Arc<tokio::sync::Mutex<Cached>> {
    let mut locks = s.auction_locks.lock().unwrap_or_else(|e| e.into_inner());
    locks.entry(id.to_string()).or_default().clone()
}

/// Tells the bidding rooms watching `id` (a board after each accepted step; the result).
pub(crate) fn announce_board<T: serde::Serialize>(s: &AppState, id: &str, kind: &'static str, data: &T) {
    if let Ok(text) = serde_json::to_string(data) {
        // Nobody watching is not an error.
        let _ = s.boards.send(std::sync::Arc::new(crate::BoardNews { auction: id.to_string(), kind, data: text }));
    }
}

/// Server-sent events for a bidding room: the board at once (event `board`), then the
/// board after every accepted step as the server commits it, and the outcome once decided
/// (event `result`). Between steps the countdown runs on the client from the phase's end
/// and the server's time each board carries; a client that falls behind gets the board
/// afresh.
#[utoipa::path(get, path = "/v1/auctions/{id}/board/stream", tag = "auctions", params(("id" = String, Path)), responses((status = 200, description = "server-sent events: board (an AuctionBoard), result", content_type = "text/event-stream"), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn board_stream(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<
    axum::response::sse::Sse<impl futures_util::Stream<Item = std::result::Result<axum::response::sse::Event, std::convert::Infallible>>>,
> {
    use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
    let mut live = s.boards.subscribe();
    let first = {
        let mut conn = s.pool.acquire().await?;
        let (terms, _) = terms_of(&mut conn, &id).await?;
        board_view(&board_of(&mut conn, &terms).await?.0, s.now())
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<(&'static str, String)>(64);
    let state = s.clone();
    tokio::spawn(async move {
        let Ok(text) = serde_json::to_string(&first) else { return };
        if tx.send(("board", text)).await.is_err() {
            return;
        }
        loop {
            match live.recv().await {
                Ok(news) if news.auction == id => {
                    if tx.send((news.kind, news.data.clone())).await.is_err() {
                        return;
                    }
                }
                Ok(_) => {}
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {
                    let fresh = async {
                        let mut conn = state.pool.acquire().await.ok()?;
                        let (terms, _) = terms_of(&mut conn, &id).await.ok()?;
                        serde_json::to_string(&board_view(&board_of(&mut conn, &terms).await.ok()?.0, state.now())).ok()
                    };
                    let Some(text) = fresh.await else { return };
                    if tx.send(("board", text)).await.is_err() {
                        return;
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        let (kind, data) = rx.recv().await?;
        Some((Ok(SseEvent::default().event(kind).data(data)), rx))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// The file the server's last sign of life is kept in (its clock, unix seconds).
fn heartbeat_path(s: &AppState) -> std::path::PathBuf {
    s.data.join("heartbeat")
}

/// Writes the server's time to the heartbeat file every second (atomically), so that a
/// restart knows when the server stopped — even after `kill -9`.
pub fn spawn_heartbeat(s: AppState) {
    tokio::spawn(async move {
        let path = heartbeat_path(&s);
        let tmp = path.with_extension("tmp");
        loop {
            // Temporary file and rename: a kill mid-write leaves the previous second. No
            // fsync: a process kill keeps the page cache; a power cut at worst moves the
            // outage's start a little earlier.
            if std::fs::write(&tmp, s.now().unix().to_string()).is_ok() {
                let _ = std::fs::rename(&tmp, &path);
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
}

/// At start-up (**auction.resume**): every listing or auction that was bidding at the
/// server's last sign of life gets the platform's `resume` step at the restart — its
/// countdown starts again in full, a close the outage took in moves after it, a descending
/// schedule moves on — logged publicly with the outage. Accepted bids were committed before
/// they were answered, so none is lost.
pub async fn resume_after_outage(s: &AppState) -> Result<()> {
    let Some(last) = std::fs::read_to_string(heartbeat_path(s)).ok().and_then(|t| t.trim().parse::<i64>().ok()) else {
        return Ok(());
    };
    let from = Timestamp::from_unix(last);
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM auctions WHERE status = 'announced' ORDER BY id").fetch_all(&s.pool).await?;
    for id in ids {
        let lock = lock_of(s, &id);
        let _auction = lock.lock().await;
        let mut guard = s.log.lock().await;
        let now = s.now();
        let mut tx = s.pool.begin().await?;
        let (terms, _) = terms_of(&mut tx, &id).await?;
        let (mut b, recorded) = board_of(&mut tx, &terms).await?;
        if !matches!(b.phase(from), Phase::Listing { .. } | Phase::Countdown { .. } | Phase::Descending { .. }) || now <= from {
            continue;
        }
        b.resume(from, now).map_err(|e| Error::internal(e.reason))?;
        let seq = recorded as u64 + 1;
        let event = guard
            .append(&mut tx, "auction.resume", None, Audience::Public, now, json!({ "auction": id, "seq": seq, "from": from, "at": now }))
            .await?;
        sqlx::query("INSERT INTO auction_steps (auction_id, seq, action, number, bidder_id, amount, at, signed, event_idx, paused_from) VALUES ($1, $2, 'resume', '', '', NULL, $3, '', $4, $5)")
            .bind(&id)
            .bind(seq as i64)
            .bind(now.unix())
            .bind(event.index as i64)
            .bind(from.unix())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        guard.commit();
        tracing::warn!(auction = %id, outage_from = %from.to_beijing(), resumed = %now.to_beijing(), "bidding resumed after a server outage");
        announce_board(s, &id, "board", &board_view(&b, now));
    }
    Ok(())
}
