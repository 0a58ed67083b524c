//! After the bidding of a listing or auction: the reserve sealed to custodians before it
//! starts and released by them after it ends, the outcome decided against it, the
//! confirmation of a sale (成交确认书) signed by the centre and the buyer, the deposits
//! (the others' due back within 5 working days, the buyer's part of the price), and the
//! public history that lets anyone replay and check the bidding.

use super::auctions::{board_of, calendar, lock_of, terms_of};
use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::extract::{Path, State};
use serde_json::json;
use sqlx::Row;
use tenderbox_core::Decimal;
use tenderbox_core::auction::{AuctionTerms, Confirmation, Outcome, Phase};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::reserve::{self, PriceShare, ReleasedShare, ReserveError, SealedPrice, SealedReserve};
use tenderbox_seal::signed::SignedDoc;
use tenderbox_wire::{AuctionHistoryStep, AuctionReserveState, AuctionResult, DepositRecord, ReserveCustodian, Role};

fn sha_hex<T: serde::Serialize>(v: &T) -> Result<String> {
    Ok(hex::encode(tenderbox_core::sha256(&tenderbox_core::canonical::to_canonical_vec(v).map_err(Error::internal)?)))
}

async fn sealed_of(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Option<(SignedDoc<SealedReserve>, String, Timestamp)>> {
    let Some(r) = sqlx::query("SELECT signed, hash, sealed_at FROM auction_reserves WHERE auction_id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let signed = serde_json::from_str(&r.try_get::<String, _>("signed")?).map_err(Error::internal)?;
    Ok(Some((signed, r.try_get("hash")?, Timestamp::from_unix(r.try_get("sealed_at")?))))
}

async fn released_of(conn: &mut sqlx::AnyConnection, id: &str) -> Result<Vec<(ReleasedShare, Timestamp)>> {
    let rows =
        sqlx::query("SELECT custodian, share, released_at FROM auction_releases WHERE auction_id = $1 ORDER BY released_at, custodian")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    rows.iter()
        .map(|r| {
            Ok((
                ReleasedShare { custodian: r.try_get::<i32, _>("custodian")? as u32, share: r.try_get("share")? },
                Timestamp::from_unix(r.try_get("released_at")?),
            ))
        })
        .collect()
}

/// A centre admin seals the seller's reserve before bidding starts (a new one replaces the
/// old until then). The server cannot read it: it checks the structure, the signature, the
/// terms it is for and that every custodian is an approved custodian, and logs its hash.
#[utoipa::path(put, path = "/v1/auctions/{id}/reserve", tag = "auctions", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<SealedReserve>"), security(("bearer" = [])), responses((status = 200, body = AuctionReserveState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn seal_reserve(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<SealedReserve>>,
) -> Result<Json<AuctionReserveState>> {
    caller.require(Role::CentreAdmin)?;
    let r = &signed.doc;
    if r.auction != id {
        return Err(Error::BadRequest("auction.reserve", format!("the sealed reserve is for auction {}, not {id}", r.auction)));
    }
    reserve::check(r).map_err(|e| Error::BadRequest("auction.reserve", e.to_string()))?;
    let lock = lock_of(&s, &id);
    let _auction = lock.lock().await;
    let mut guard = s.log.lock().await;
    let now = s.now();
    let mut tx = s.pool.begin().await?;
    let (terms, hash) = terms_of(&mut tx, &id).await?;
    if r.terms_hash != hash {
        return Err(Error::BadRequest("auction.reserve", "the sealed reserve names other terms than those announced".into()));
    }
    if now >= terms.bidding_starts {
        return Err(Error::Conflict(
            "auction.reserve_fixed",
            format!("bidding started at {}: the reserve can no longer be sealed or changed", terms.bidding_starts.to_beijing()),
        ));
    }
    super::review::check_signed(&mut tx, &caller, &signed).await?;
    for (i, c) in r.custodians.iter().enumerate() {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT roles, status FROM identities WHERE id = $1").bind(c).fetch_optional(&mut *tx).await?;
        let ok = row.is_some_and(|(roles, status)| status == "approved" && crate::auth::parse_roles(&roles).contains(&Role::Custodian));
        if !ok {
            return Err(Error::BadRequest(
                "auction.reserve",
                format!("custodian {} ({c}) is not an approved identity with the custodian role", i + 1),
            ));
        }
    }
    let signed_hash = sha_hex(&signed)?;
    sqlx::query("DELETE FROM auction_reserves WHERE auction_id = $1").bind(&id).execute(&mut *tx).await?;
    sqlx::query("INSERT INTO auction_reserves (auction_id, signed, hash, sealed_by, sealed_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(&signed_hash)
        .bind(&caller.id)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "auction.reserve_sealed",
            None,
            Audience::Public,
            now,
            json!({ "auction": id, "sealed": signed_hash, "custodians": r.custodians, "threshold": r.threshold, "by": caller.id }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    drop(_auction);
    reserve_state(State(s), Path(id)).await
}

/// Public: the sealed reserve (ciphertext, commitments, custodians), the shares released so
/// far and, once k are out, the reserve.
#[utoipa::path(get, path = "/v1/auctions/{id}/reserve", tag = "auctions", params(("id" = String, Path)), responses((status = 200, body = AuctionReserveState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn reserve_state(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<AuctionReserveState>> {
    let mut conn = s.pool.acquire().await?;
    terms_of(&mut conn, &id).await?;
    let now = s.now();
    let Some((signed, hash, sealed_at)) = sealed_of(&mut conn, &id).await? else {
        return Ok(Json(AuctionReserveState {
            auction: id,
            sealed: None,
            sealed_at: None,
            hash: None,
            threshold: 0,
            custodians: vec![],
            released: vec![],
            reserve: None,
            server_time: now,
        }));
    };
    let released = released_of(&mut conn, &id).await?;
    let mut custodians = Vec::new();
    for (i, c) in signed.doc.custodians.iter().enumerate() {
        let name: Option<String> =
            sqlx::query_scalar("SELECT name FROM identities WHERE id = $1").bind(c).fetch_optional(&mut *conn).await?;
        let place = i as u32 + 1;
        custodians.push(ReserveCustodian {
            place,
            id: c.clone(),
            name: name.unwrap_or_default(),
            released_at: released.iter().find(|(r, _)| r.custodian == place).map(|(_, at)| *at),
        });
    }
    let shares: Vec<ReleasedShare> = released.into_iter().map(|(r, _)| r).collect();
    let opened = reserve::open(&signed.doc, &shares).ok();
    Ok(Json(AuctionReserveState {
        auction: id,
        threshold: signed.doc.threshold,
        sealed: Some(signed),
        sealed_at: Some(sealed_at),
        hash: Some(hash),
        custodians,
        released: shares,
        reserve: opened,
        server_time: now,
    }))
}

/// A custodian releases its share of the reserve once bidding has ended by the server's
/// clock. The share is checked against the sealed reserve's commitments (a wrong one is
/// refused and names its custodian) and logged publicly; with k of them the reserve opens
/// and the outcome is decided.
#[utoipa::path(post, path = "/v1/auctions/{id}/reserve/release", tag = "auctions", params(("id" = String, Path)), request_body(content = Object, description = "ReleasedShare"), security(("bearer" = [])), responses((status = 200, body = AuctionReserveState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn release_share(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(share): Json<ReleasedShare>,
) -> Result<Json<AuctionReserveState>> {
    caller.require(Role::Custodian)?;
    {
        let mut guard = s.log.lock().await;
        let now = s.now();
        let mut tx = s.pool.begin().await?;
        let (terms, _) = terms_of(&mut tx, &id).await?;
        let (signed, _, _) = sealed_of(&mut tx, &id)
            .await?
            .ok_or_else(|| Error::NotFound("auction.reserve_missing", format!("no reserve was sealed for {id}")))?;
        let place = share.custodian;
        own_place(&signed.doc, &caller, place, &id)?;
        let (b, _) = board_of(&mut tx, &terms).await?;
        if !matches!(b.phase(now), Phase::Ended { .. }) {
            return Err(Error::Conflict(
                "auction.not_ended",
                format!("bidding has not ended; the server's time is {}: release the share after the end", now.to_beijing()),
            ));
        }
        reserve::check_share(&signed.doc, &share).map_err(|e| Error::BadRequest("auction.share_invalid", e.to_string()))?;
        sqlx::query("INSERT INTO auction_releases (auction_id, custodian, custodian_id, share, released_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&id)
            .bind(place as i32)
            .bind(&caller.id)
            .bind(&share.share)
            .bind(now.unix())
            .execute(&mut *tx)
            .await
            .map_err(|e| match Error::from(e) {
                Error::Conflict(..) => Error::Conflict("auction.share_released", "your share of this reserve is released already".into()),
                other => other,
            })?;
        guard
            .append(
                &mut tx,
                "auction.share_released",
                None,
                Audience::Public,
                now,
                json!({ "auction": id, "custodian": place, "share": share.share }),
            )
            .await?;
        tx.commit().await?;
        guard.commit();
    }
    settle(&s, &id).await?;
    reserve_state(State(s), Path(id)).await
}

/// Refuses a share released for a place among the reserve's custodians the caller does not hold.
fn own_place(sealed: &SealedReserve, caller: &Caller, place: u32, id: &str) -> Result<()> {
    if place == 0 || sealed.custodians.get(place as usize - 1) != Some(&caller.id) {
        return Err(Error::Forbidden("auction.not_custodian", format!("you do not hold place {place} of the reserve of {id}")));
    }
    Ok(())
}

/// What [`settle`] found.
pub(crate) enum Settled {
    /// Decided (now or before).
    Decided,
    NotEnded,
    /// Waiting for the custodians: have, need.
    Pending(usize, usize),
    Suspended(String),
}

/// Decides the outcome once bidding has ended and the reserve (if sealed) is open: under
/// the auction's lock (no step in flight), once, logged publicly. A sale gets its
/// confirmation text, with the buyer's deposit counted towards the price.
pub(crate) async fn settle(s: &AppState, id: &str) -> Result<Settled> {
    let lock = lock_of(s, id);
    let _auction = lock.lock().await;
    let mut guard = s.log.lock().await;
    let now = s.now();
    let mut tx = s.pool.begin().await?;
    if sqlx::query_scalar::<_, String>("SELECT auction_id FROM auction_results WHERE auction_id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some()
    {
        return Ok(Settled::Decided);
    }
    let (terms, hash) = terms_of(&mut tx, id).await?;
    let status: String = sqlx::query_scalar("SELECT status FROM auctions WHERE id = $1").bind(id).fetch_one(&mut *tx).await?;
    let (mut b, _) = board_of(&mut tx, &terms).await?;
    let Phase::Ended { at: ended_at } = b.phase(now) else {
        return Ok(Settled::NotEnded);
    };
    if terms.mode == tenderbox_core::auction::Mode::Sealed {
        // The prices open once the custodians' shares are out; they count as bids at their
        // receive times (a price below the starting price does not count).
        let opened = opened_prices(&mut tx, id).await?;
        if let Some(why) = opened.broken {
            return Ok(Settled::Suspended(why));
        }
        if let Some((have, need)) = opened.pending {
            return Ok(Settled::Pending(have, need));
        }
        for p in &opened.prices {
            if let Some(a) = p.amount
                && a >= terms.starting_price
            {
                b.place(&p.signed.doc.number, a, p.at).map_err(|e| Error::internal(e.reason))?;
            }
        }
    }
    let reserve = match (sealed_of(&mut tx, id).await?, b.high()) {
        (None, _) | (_, None) => None,
        (Some((signed, _, _)), Some(_)) => {
            let shares: Vec<ReleasedShare> = released_of(&mut tx, id).await?.into_iter().map(|(r, _)| r).collect();
            match reserve::open(&signed.doc, &shares) {
                Ok(r) => Some(r),
                Err(ReserveError::NotEnough { have, need }) => return Ok(Settled::Pending(have, need)),
                Err(e) => {
                    let why = e.to_string();
                    if status != "suspended" {
                        sqlx::query("UPDATE auctions SET status = 'suspended' WHERE id = $1").bind(id).execute(&mut *tx).await?;
                        guard
                            .append(&mut tx, "auction.suspended", None, Audience::Public, now, json!({ "auction": id, "reason": why }))
                            .await?;
                        tx.commit().await?;
                        guard.commit();
                    }
                    return Ok(Settled::Suspended(why));
                }
            }
        }
    };
    let outcome = b.outcome(reserve, now).map_err(|e| Error::internal(e.reason))?;
    let (status, buyer, confirmation) = match &outcome {
        Outcome::Sold { number, price, at } => {
            let r = sqlx::query("SELECT bidder_id, uscc, reference FROM auction_registrations WHERE auction_id = $1 AND number = $2")
                .bind(id)
                .bind(number)
                .fetch_one(&mut *tx)
                .await?;
            let bidder: String = r.try_get("bidder_id")?;
            let name: String = sqlx::query_scalar("SELECT name FROM identities WHERE id = $1").bind(&bidder).fetch_one(&mut *tx).await?;
            let deposit = received(&mut tx, &r.try_get::<String, _>("reference")?, &terms).await?;
            let c = Confirmation::of(
                &terms,
                &hash,
                &name,
                &r.try_get::<String, _>("uscc")?,
                number,
                *price,
                *at,
                reserve.unwrap_or(Decimal::ZERO),
                deposit,
                ended_at,
            )
            .map_err(|e| Error::internal(e.reason))?;
            ("sold", Some(bidder), Some(c))
        }
        _ => ("no_sale", None, None),
    };
    let outcome_json = serde_json::to_string(&outcome).map_err(Error::internal)?;
    sqlx::query("INSERT INTO auction_results (auction_id, outcome, reserve, ended_at, decided_at, buyer_id, confirmation, centre_signed, buyer_signed, confirmed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, NULL)")
        .bind(id)
        .bind(&outcome_json)
        .bind(reserve.map(|r| r.to_string()))
        .bind(ended_at.unix())
        .bind(now.unix())
        .bind(&buyer)
        .bind(confirmation.as_ref().map(serde_json::to_string).transpose().map_err(Error::internal)?)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE auctions SET status = $1, outcome = $2 WHERE id = $3")
        .bind(status)
        .bind(&outcome_json)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "auction.result",
            None,
            Audience::Public,
            now,
            json!({ "auction": id, "outcome": outcome, "reserve": reserve, "ended_at": ended_at }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    super::auctions::announce_board(s, id, "result", &json!({ "auction": id, "outcome": outcome, "reserve": reserve }));
    Ok(Settled::Decided)
}

/// The deposit received for `reference` before the registration deadline.
pub(crate) async fn received(conn: &mut sqlx::AnyConnection, reference: &str, terms: &AuctionTerms) -> Result<Decimal> {
    let amounts: Vec<String> = sqlx::query_scalar("SELECT amount FROM deposits WHERE reference = $1 AND received_at <= $2")
        .bind(reference)
        .bind(terms.registration_deadline.unix())
        .fetch_all(&mut *conn)
        .await?;
    let mut total = Decimal::ZERO;
    for a in amounts {
        total += a.parse::<Decimal>().map_err(Error::internal)?;
    }
    Ok(total)
}

/// Public once decided: the outcome, the reserve, the confirmation and its signatures, the
/// whole bidding history with the signed statements and the bidders' identities.
#[utoipa::path(get, path = "/v1/auctions/{id}/result", tag = "auctions", params(("id" = String, Path)), responses((status = 200, body = AuctionResult), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn result(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<AuctionResult>> {
    match settle(&s, &id).await? {
        Settled::Decided => {}
        Settled::NotEnded => {
            return Err(Error::Conflict(
                "auction.not_ended",
                format!("bidding has not ended; the server's time is {}", s.now().to_beijing()),
            ));
        }
        Settled::Pending(have, need) => {
            return Err(Error::Conflict(
                "auction.reserve_pending",
                format!("bidding has ended; {have} of the {need} custodians' shares needed to open the reserve are released"),
            ));
        }
        Settled::Suspended(why) => return Err(Error::Conflict("auction.suspended", format!("the auction is suspended: {why}"))),
    }
    let mut conn = s.pool.acquire().await?;
    load_result(&mut conn, &id, s.now()).await.map(Json)
}

pub(crate) async fn load_result(conn: &mut sqlx::AnyConnection, id: &str, now: Timestamp) -> Result<AuctionResult> {
    let (terms, hash) = terms_of(conn, id).await?;
    let status: String = sqlx::query_scalar("SELECT status FROM auctions WHERE id = $1").bind(id).fetch_one(&mut *conn).await?;
    let r = sqlx::query("SELECT * FROM auction_results WHERE auction_id = $1").bind(id).fetch_one(&mut *conn).await?;
    let parse = |col: &str| -> Result<Option<String>> { Ok(r.try_get::<Option<String>, _>(col)?) };
    let ended_at = Timestamp::from_unix(r.try_get("ended_at")?);
    let cal = calendar(conn).await?;
    let rows = sqlx::query(
        "SELECT seq, action, number, amount, at, event_idx, signed, bidder_id, paused_from FROM auction_steps WHERE auction_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut history = Vec::new();
    let mut signers = std::collections::BTreeSet::new();
    for row in rows {
        let bidder: String = row.try_get("bidder_id")?;
        let signed: String = row.try_get("signed")?;
        if !bidder.is_empty() {
            signers.insert(bidder);
        }
        history.push(AuctionHistoryStep {
            seq: row.try_get::<i64, _>("seq")? as u64,
            action: row.try_get("action")?,
            number: row.try_get("number")?,
            amount: row.try_get::<Option<String>, _>("amount")?.map(|a| a.parse()).transpose().map_err(Error::internal)?,
            at: Timestamp::from_unix(row.try_get("at")?),
            event: row.try_get::<i64, _>("event_idx")? as u64,
            signed: if signed.is_empty() { None } else { Some(serde_json::from_str(&signed).map_err(Error::internal)?) },
            paused_from: row.try_get::<Option<i64>, _>("paused_from")?.map(Timestamp::from_unix),
            sealed_price: None,
        });
    }
    // A sealed round: each price as a step, in the order received, with what it opened to.
    let opened = opened_prices(conn, id).await?;
    for (i, p) in opened.prices.iter().enumerate() {
        signers.insert(p.bidder.clone());
        history.push(AuctionHistoryStep {
            seq: (i + 1) as u64,
            action: "sealed".into(),
            number: p.signed.doc.number.clone(),
            amount: p.amount,
            at: p.at,
            event: p.event,
            signed: None,
            paused_from: None,
            sealed_price: Some(p.signed.clone()),
        });
    }
    let mut bidders = Vec::new();
    for b in signers {
        bidders.push(super::review::identity_of(conn, &b).await?);
    }
    fn json_of<T: serde::de::DeserializeOwned>(v: Option<String>) -> Result<Option<T>> {
        v.map(|t| serde_json::from_str(&t)).transpose().map_err(Error::internal)
    }
    Ok(AuctionResult {
        auction: id.to_string(),
        terms_hash: hash,
        status,
        outcome: serde_json::from_str(&r.try_get::<String, _>("outcome")?).map_err(Error::internal)?,
        reserve: parse("reserve")?.map(|v| v.parse()).transpose().map_err(Error::internal)?,
        ended_at,
        decided_at: Timestamp::from_unix(r.try_get("decided_at")?),
        publicity_until: tenderbox_core::auction::publicity_until(&cal, terms.asset, ended_at),
        confirmation: json_of(parse("confirmation")?)?,
        centre_signature: json_of(parse("centre_signed")?)?,
        buyer_signature: json_of(parse("buyer_signed")?)?,
        confirmed_at: r.try_get::<Option<i64>, _>("confirmed_at")?.map(Timestamp::from_unix),
        terms,
        history,
        price_shares: opened.shares,
        bidders,
        server_time: now,
    })
}

/// A sealed round's prices as stored, each opened where k shares are out.
pub(crate) struct OpenedPrice {
    pub signed: SignedDoc<SealedPrice>,
    pub bidder: String,
    pub at: Timestamp,
    pub event: u64,
    pub amount: Option<Decimal>,
}

pub(crate) struct OpenedPrices {
    pub prices: Vec<OpenedPrice>,
    pub shares: Vec<PriceShare>,
    /// Prices still waiting for shares (have, need) — the first such.
    pub pending: Option<(usize, usize)>,
    /// A price whose shares check but which does not open.
    pub broken: Option<String>,
}

pub(crate) async fn opened_prices(conn: &mut sqlx::AnyConnection, id: &str) -> Result<OpenedPrices> {
    let rows = sqlx::query(
        "SELECT number, bidder_id, signed, at, event_idx FROM auction_sealed_prices WHERE auction_id = $1 ORDER BY at, event_idx",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let share_rows =
        sqlx::query("SELECT number, custodian, share FROM auction_price_releases WHERE auction_id = $1 ORDER BY number, custodian")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let mut shares = Vec::new();
    for r in &share_rows {
        shares.push(PriceShare {
            number: r.try_get("number")?,
            share: ReleasedShare { custodian: r.try_get::<i32, _>("custodian")? as u32, share: r.try_get("share")? },
        });
    }
    let mut out = OpenedPrices { prices: Vec::new(), shares, pending: None, broken: None };
    for r in rows {
        let signed: SignedDoc<SealedPrice> = serde_json::from_str(&r.try_get::<String, _>("signed")?).map_err(Error::internal)?;
        let mine: Vec<ReleasedShare> = out.shares.iter().filter(|p| p.number == signed.doc.number).map(|p| p.share.clone()).collect();
        let amount = match reserve::open(&signed.doc.sealed, &mine) {
            Ok(a) => Some(a),
            Err(ReserveError::NotEnough { have, need }) => {
                out.pending.get_or_insert((have, need));
                None
            }
            Err(e) => {
                out.broken.get_or_insert(format!("the sealed price of bidding number {}: {e}", signed.doc.number));
                None
            }
        };
        out.prices.push(OpenedPrice {
            bidder: r.try_get("bidder_id")?,
            at: Timestamp::from_unix(r.try_get("at")?),
            event: r.try_get::<i64, _>("event_idx")? as u64,
            signed,
            amount,
        });
    }
    Ok(out)
}

/// A registered bidder's price in a one-shot sealed round, before the close: sealed to the
/// reserve's custodians with its threshold (so it is unreadable until they release their
/// shares after the close), signed with its bidding number; one per bidder. Logged with
/// its hash, not its bidder.
#[utoipa::path(post, path = "/v1/auctions/{id}/sealed-prices", tag = "auctions", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<SealedPrice>"), security(("bearer" = [])), responses((status = 200, body = Object), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn submit_sealed_price(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<SealedPrice>>,
) -> Result<Json<serde_json::Value>> {
    caller.require(Role::Bidder)?;
    let p = &signed.doc;
    if p.sealed.auction != id {
        return Err(Error::BadRequest("auction.statement", format!("the sealed price is for auction {}, not {id}", p.sealed.auction)));
    }
    reserve::check(&p.sealed).map_err(|e| Error::BadRequest("auction.statement", e.to_string()))?;
    let lock = lock_of(&s, &id);
    let _auction = lock.lock().await;
    let mut guard = s.log.lock().await;
    let now = s.now();
    let mut tx = s.pool.begin().await?;
    let (terms, hash) = terms_of(&mut tx, &id).await?;
    if terms.mode != tenderbox_core::auction::Mode::Sealed {
        return Err(Error::BadRequest("auction.mode", "only a sealed round takes sealed prices; bid on the board".into()));
    }
    if p.sealed.terms_hash != hash {
        return Err(Error::BadRequest("auction.statement", "the sealed price names other terms than those announced".into()));
    }
    super::review::check_signed(&mut tx, &caller, &signed).await?;
    super::auctions::own_number(&mut tx, &id, &caller, &p.number).await?;
    match tenderbox_core::auction::Board::new(terms.clone()).phase(now) {
        Phase::Sealed { .. } => {}
        Phase::NotStarted { starts_at } => {
            return Err(Error::Conflict(
                "auction.not_started",
                format!("sealed prices are taken from {}; the server's time is {}", starts_at.to_beijing(), now.to_beijing()),
            ));
        }
        _ => {
            return Err(Error::Conflict("auction.ended", format!("the sealed round closed; the server's time is {}", now.to_beijing())));
        }
    }
    let (sealed_reserve, _, _) = sealed_of(&mut tx, &id).await?.ok_or_else(|| {
        Error::Conflict("auction.reserve_missing", "a sealed round takes prices once the reserve is sealed to its custodians".into())
    })?;
    if p.sealed.custodians != sealed_reserve.doc.custodians || p.sealed.threshold != sealed_reserve.doc.threshold {
        return Err(Error::BadRequest(
            "auction.statement",
            "the price must be sealed to the reserve's custodians with the reserve's threshold".into(),
        ));
    }
    if sqlx::query_scalar::<_, String>("SELECT number FROM auction_sealed_prices WHERE auction_id = $1 AND number = $2")
        .bind(&id)
        .bind(&p.number)
        .fetch_optional(&mut *tx)
        .await?
        .is_some()
    {
        return Err(Error::Conflict("auction.sealed_twice", "a sealed round takes one price from each bidder".into()));
    }
    let sealed_hash = sha_hex(&signed)?;
    let event =
        guard.append(&mut tx, "auction.sealed_price", None, Audience::Public, now, json!({ "auction": id, "sealed": sealed_hash })).await?;
    sqlx::query("INSERT INTO auction_sealed_prices (auction_id, number, bidder_id, signed, at, event_idx) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(&id)
        .bind(&p.number)
        .bind(&caller.id)
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(now.unix())
        .bind(event.index as i64)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(json!({ "auction": id, "at": now, "event": event.index, "sealed": sealed_hash })))
}

/// After the close (before it they would tell who bid): every sealed price as signed, for
/// the custodians to release their shares of and for anyone to check.
#[utoipa::path(get, path = "/v1/auctions/{id}/sealed-prices", tag = "auctions", params(("id" = String, Path)), responses((status = 200, body = Vec<Object>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn sealed_prices(State(s): State<AppState>, Path(id): Path<String>) -> Result<Json<Vec<SignedDoc<SealedPrice>>>> {
    let mut conn = s.pool.acquire().await?;
    let (terms, _) = terms_of(&mut conn, &id).await?;
    let now = s.now();
    if !matches!(tenderbox_core::auction::Board::new(terms).phase(now), Phase::Ended { .. }) {
        return Err(Error::Conflict(
            "auction.not_ended",
            format!("the sealed prices are shown after the close; the server's time is {}", now.to_beijing()),
        ));
    }
    Ok(Json(opened_prices(&mut conn, &id).await?.prices.into_iter().map(|p| p.signed).collect()))
}

/// A custodian releases its shares of every sealed price after the close (with its share
/// of the reserve, by the other route). Each is checked against that price's commitments.
#[utoipa::path(post, path = "/v1/auctions/{id}/sealed-prices/release", tag = "auctions", params(("id" = String, Path)), request_body(content = Object, description = "Vec<PriceShare>"), security(("bearer" = [])), responses((status = 200, body = AuctionReserveState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn release_price_shares(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(shares): Json<Vec<PriceShare>>,
) -> Result<Json<AuctionReserveState>> {
    caller.require(Role::Custodian)?;
    {
        let mut guard = s.log.lock().await;
        let now = s.now();
        let mut tx = s.pool.begin().await?;
        let (terms, _) = terms_of(&mut tx, &id).await?;
        let (sealed, _, _) = sealed_of(&mut tx, &id)
            .await?
            .ok_or_else(|| Error::NotFound("auction.reserve_missing", format!("no reserve was sealed for {id}")))?;
        if !matches!(tenderbox_core::auction::Board::new(terms).phase(now), Phase::Ended { .. }) {
            return Err(Error::Conflict(
                "auction.not_ended",
                format!("the round has not closed; the server's time is {}", now.to_beijing()),
            ));
        }
        let opened = opened_prices(&mut tx, &id).await?;
        for ps in &shares {
            let place = ps.share.custodian;
            own_place(&sealed.doc, &caller, place, &id)?;
            let price = opened.prices.iter().find(|p| p.signed.doc.number == ps.number).ok_or_else(|| {
                Error::BadRequest("auction.share_invalid", format!("there is no sealed price of bidding number {}", ps.number))
            })?;
            reserve::check_share(&price.signed.doc.sealed, &ps.share)
                .map_err(|e| Error::BadRequest("auction.share_invalid", e.to_string()))?;
            sqlx::query("DELETE FROM auction_price_releases WHERE auction_id = $1 AND number = $2 AND custodian = $3")
                .bind(&id)
                .bind(&ps.number)
                .bind(place as i32)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO auction_price_releases (auction_id, number, custodian, share, released_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&id)
            .bind(&ps.number)
            .bind(place as i32)
            .bind(&ps.share.share)
            .bind(now.unix())
            .execute(&mut *tx)
            .await?;
        }
        guard
            .append(
                &mut tx,
                "auction.price_shares_released",
                None,
                Audience::Public,
                now,
                json!({ "auction": id, "by": caller.id, "shares": shares }),
            )
            .await?;
        tx.commit().await?;
        guard.commit();
    }
    settle(&s, &id).await?;
    reserve_state(State(s), Path(id)).await
}

/// The centre (a centre admin) and the buyer each sign the confirmation of the sale, word
/// for word as the platform made it; with both signatures it is confirmed.
#[utoipa::path(post, path = "/v1/auctions/{id}/confirmation", tag = "auctions", params(("id" = String, Path)), request_body(content = Object, description = "SignedDoc<Confirmation>"), security(("bearer" = [])), responses((status = 200, body = AuctionResult), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn confirm(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(signed): Json<SignedDoc<Confirmation>>,
) -> Result<Json<AuctionResult>> {
    if !(caller.has(Role::CentreAdmin) || caller.has(Role::Bidder)) {
        return Err(Error::Forbidden("auth.role", "the confirmation is signed by a centre admin and the buyer".into()));
    }
    if !matches!(settle(&s, &id).await?, Settled::Decided) {
        return Err(Error::Conflict("auction.not_ended", "the outcome is not decided yet".into()));
    }
    let mut guard = s.log.lock().await;
    let now = s.now();
    let mut tx = s.pool.begin().await?;
    let r = sqlx::query("SELECT confirmation, buyer_id, centre_signed, buyer_signed FROM auction_results WHERE auction_id = $1")
        .bind(&id)
        .fetch_one(&mut *tx)
        .await?;
    let made: Confirmation = match r.try_get::<Option<String>, _>("confirmation")? {
        Some(t) => serde_json::from_str(&t).map_err(Error::internal)?,
        None => return Err(Error::Conflict("auction.no_sale", format!("{id} ended without a sale: there is nothing to confirm"))),
    };
    if signed.doc != made {
        return Err(Error::BadRequest("auction.confirmation", "the signed confirmation is not the text the platform made".into()));
    }
    let buyer: Option<String> = r.try_get("buyer_id")?;
    let column = if buyer.as_deref() == Some(caller.id.as_str()) {
        "buyer_signed"
    } else if caller.has(Role::CentreAdmin) {
        "centre_signed"
    } else {
        return Err(Error::Forbidden("auction.not_party", "only a centre admin and the buyer sign the confirmation".into()));
    };
    if r.try_get::<Option<String>, _>(column)?.is_some() {
        return Err(Error::Conflict("auction.signed", "this side has signed the confirmation already".into()));
    }
    super::review::check_signed(&mut tx, &caller, &signed).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("UPDATE auction_results SET {column} = $1 WHERE auction_id = $2")))
        .bind(serde_json::to_string(&signed).map_err(Error::internal)?)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    let other = if column == "buyer_signed" { "centre_signed" } else { "buyer_signed" };
    let both = r.try_get::<Option<String>, _>(other)?.is_some();
    let side = if column == "buyer_signed" { "buyer" } else { "centre" };
    guard
        .append(
            &mut tx,
            "auction.confirmation_signed",
            None,
            Audience::Public,
            now,
            json!({ "auction": id, "side": side, "by": caller.id, "confirmation": sha_hex(&made)? }),
        )
        .await?;
    if both {
        sqlx::query("UPDATE auction_results SET confirmed_at = $1 WHERE auction_id = $2")
            .bind(now.unix())
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE auctions SET status = 'confirmed' WHERE id = $1").bind(&id).execute(&mut *tx).await?;
        guard.append(&mut tx, "auction.confirmed", None, Audience::Public, now, json!({ "auction": id })).await?;
    }
    let out = load_result(&mut tx, &id, now).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(out))
}

/// Whether `id` is a listing or auction (deposits are kept for tenders and auctions alike).
pub(crate) async fn is_auction(conn: &mut sqlx::AnyConnection, id: &str) -> Result<bool> {
    Ok(sqlx::query_scalar::<_, String>("SELECT id FROM auctions WHERE id = $1").bind(id).fetch_optional(&mut *conn).await?.is_some())
}

/// Why an auction deposit is due back and by when: the winner's becomes part of the price
/// (`applied_to_price`, never due); everyone else's once the outcome is decided, within 5
/// working days of the end (`auction_ended`).
pub(crate) async fn deposit_due(
    conn: &mut sqlx::AnyConnection,
    auction: &str,
    payer_uscc: &str,
) -> Result<Option<(String, Option<String>)>> {
    let Some(r) = sqlx::query("SELECT ended_at, buyer_id FROM auction_results WHERE auction_id = $1")
        .bind(auction)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let buyer: Option<String> = r.try_get("buyer_id")?;
    if let Some(b) = buyer {
        let uscc: String = sqlx::query_scalar("SELECT uscc FROM identities WHERE id = $1").bind(&b).fetch_one(&mut *conn).await?;
        if uscc == payer_uscc {
            return Ok(Some(("applied_to_price".into(), None)));
        }
    }
    let cal = calendar(conn).await?;
    Ok(Some(("auction_ended".into(), Some(tenderbox_core::auction::refund_due(&cal, Timestamp::from_unix(r.try_get("ended_at")?))))))
}

/// A deposit row of an auction as the finance office sees it.
pub(crate) async fn deposit_record(conn: &mut sqlx::AnyConnection, r: &sqlx::any::AnyRow, today: &str) -> Result<DepositRecord> {
    let bidder: String = r.try_get("bidder")?;
    let auction: String = r.try_get("tender_id")?;
    let refunded_at: Option<i64> = r.try_get("refunded_at")?;
    let due = deposit_due(conn, &auction, &bidder).await?;
    let dec = |s: String| s.parse::<Decimal>().map_err(Error::internal);
    let refund_due = due.as_ref().and_then(|(_, d)| d.clone());
    Ok(DepositRecord {
        id: r.try_get("id")?,
        tender: auction,
        reference: r.try_get("reference")?,
        amount: dec(r.try_get("amount")?)?,
        payer_name: r.try_get("payer_name")?,
        payer_account: r.try_get("payer_account")?,
        bank_serial: r.try_get("bank_serial")?,
        received_at: Timestamp::from_unix(r.try_get("received_at")?),
        refund_cause: due.map(|(c, _)| c),
        overdue: refunded_at.is_none() && refund_due.as_deref().is_some_and(|d| d < today),
        refund_due,
        refunded_at: refunded_at.map(Timestamp::from_unix),
        refund_serial: r.try_get("refund_serial")?,
        refund_amount: r.try_get::<Option<String>, _>("refund_amount")?.map(dec).transpose()?,
        interest: r.try_get::<Option<String>, _>("interest")?.map(dec).transpose()?,
        bidder,
    })
}
