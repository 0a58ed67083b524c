//! `tenderbox auction …` and `tenderbox calendar …`: listings and auctions from the command
//! line — the same calls and the same signed statements as the bidding room, so that tests
//! and load runs can drive many bidders.

use crate::cli::{AuctionCmd, CalendarCmd};
use crate::online::{logged_in, runtime};
use crate::ui::{self, Failure, Result};
use tenderbox_client::api::Api;
use tenderbox_core::amount::to_chinese_upper;
use tenderbox_core::auction::{Action, AuctionTerms, BidStatement, Phase};
use tenderbox_core::calendar::DayKind;
use tenderbox_seal::signed::sign;
use tenderbox_wire::{AuctionBoard, AuctionRecord, AuctionRegistration, HolidayEntry};

fn me(secret: &tenderbox_seal::identity::SecretIdentity) -> String {
    tenderbox_wire::identity_id(&base64::Engine::encode(&base64::engine::general_purpose::STANDARD, secret.signing_public()))
}

fn phase_words(p: &Phase) -> String {
    match p {
        Phase::NotStarted { starts_at } => format!("not started (bidding from {})", starts_at.to_beijing()),
        Phase::Listing { ends_at } => format!("listing open until {}", ends_at.to_beijing()),
        Phase::Countdown { ends_at } => format!("countdown: ends {} unless a bid comes", ends_at.to_beijing()),
        Phase::Descending { price, next_step_at } => format!("descending: {price} until {}", next_step_at.to_beijing()),
        Phase::Sealed { ends_at } => format!("sealed prices until {}", ends_at.to_beijing()),
        Phase::Ended { at } => format!("ended at {}", at.to_beijing()),
    }
}

fn print_record(r: &AuctionRecord) {
    let t = &r.terms;
    println!("{} — {}", t.id, t.title);
    println!("  {:?} by {:?}, centre {}, seller {} ({})", t.asset, t.mode, t.centre, t.seller.name, t.seller.uscc);
    println!("  starting price {} (大写 {}), increment {}, deposit {}", t.starting_price, upper(t.starting_price), t.increment, t.deposit);
    println!("  announced {}; registration until {}", t.announced_at.to_beijing(), t.registration_deadline.to_beijing());
    println!("  {}", phase_words(&r.phase));
    println!("  terms SHA-256 {}", r.terms_hash);
}

fn upper(d: tenderbox_core::Decimal) -> String {
    to_chinese_upper(d).unwrap_or_else(|_| d.to_string())
}

fn print_board(b: &AuctionBoard) {
    println!("  server time {} — {}", b.server_time.to_beijing(), phase_words(&b.phase));
    match b.current {
        Some(c) => println!("  current price {c} ({})", upper(c)),
        None => println!("  no bid yet"),
    }
    if let Some(m) = b.minimum {
        println!("  next bid at least {m}");
    }
    for x in &b.bids {
        println!("  #{:<4} {:>18} {}{}", x.seq, x.amount.to_string(), x.at.to_beijing(), if x.timed { " (timed)" } else { "" });
    }
}

/// The X25519 keys of `ids`, each a custodian certified by the platform (checked against
/// the pinned log key).
async fn custodian_keys(api: &Api, server: &str, ids: &[String]) -> Result<Vec<(String, [u8; 32])>> {
    let key = crate::online::pinned_log_key(api, server).await?;
    let platform = tenderbox_wire::verifier_public_key(&key).map_err(|e| Failure::new("log.key", e))?;
    let certified = tenderbox_wire::custodians_from_certificates(&api.custodian_certificates().await?, &platform)
        .map_err(|e| Failure::new("auction.reserve", e.to_string()))?;
    let mut keys = Vec::new();
    for c in ids {
        let (cust, _) = certified
            .iter()
            .find(|(x, _)| &x.id == c)
            .ok_or_else(|| Failure::new("auction.reserve", format!("{c} is not a certified custodian")))?;
        let k: [u8; 32] = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &cust.encryption_key)
            .ok()
            .and_then(|v| v.try_into().ok())
            .ok_or_else(|| Failure::new("auction.reserve", format!("custodian {c} has no usable encryption key")))?;
        keys.push((c.clone(), k));
    }
    Ok(keys)
}

fn outcome_words(o: &tenderbox_core::auction::Outcome) -> String {
    use tenderbox_core::auction::Outcome;
    match o {
        Outcome::Sold { number, price, at } => {
            format!("sold to bidding number {number} at {price} ({}), bid at {}", upper(*price), at.to_beijing())
        }
        Outcome::NoBids => "no sale (流拍): no bids".into(),
        Outcome::BelowReserve { highest } => format!("no sale (流拍): the highest bid {highest} is below the reserve"),
    }
}

fn print_result(r: &tenderbox_wire::AuctionResult) {
    println!("{} — {}", r.auction, r.terms.title);
    println!("  ended {}; {}", r.ended_at.to_beijing(), outcome_words(&r.outcome));
    match r.reserve {
        Some(v) => println!("  reserve {v} ({})", upper(v)),
        None => println!("  no reserve opened"),
    }
    println!("  result public until {}", r.publicity_until);
    if let Some(c) = &r.confirmation {
        println!(
            "  成交确认书: {} ({}) buys at {} ({}); deposit {} counts towards the price, balance {}",
            c.buyer, c.buyer_uscc, c.price, c.price_in_words, c.deposit_applied, c.balance
        );
        let signed = |s: bool| if s { "signed" } else { "not signed yet" };
        println!("  buyer: {}; centre: {}", signed(r.buyer_signature.is_some()), signed(r.centre_signature.is_some()));
    }
    println!("  {} steps in the history", r.history.len());
}

fn print_registration(r: &AuctionRegistration, json: bool) {
    if json {
        ui::print_json(r);
        return;
    }
    match (&r.number, r.status.as_str()) {
        (Some(n), _) => println!("Registered for {}: your bidding number is {n} (keep it to yourself).", r.auction),
        (None, "closed") => {
            println!("Registration for {} closed at {} without your deposit.", r.auction, r.registration_deadline.to_beijing())
        }
        _ => println!(
            "Applied for {}. Transfer the deposit {} with the reference {} before {}; received so far: {}.",
            r.auction,
            r.deposit_required,
            r.deposit_reference,
            r.registration_deadline.to_beijing(),
            r.deposit_received
        ),
    }
}

/// A signed step with the bidder's own number.
async fn step(id: &str, action: Action, amount: Option<&str>, actor: &crate::cli::Actor, json: bool) -> Result<()> {
    let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
    let rec = api.auction(id).await?;
    let reg = api.auction_registration(id).await?;
    let number = reg.number.ok_or_else(|| {
        Failure::new(
            "auction.not_registered",
            format!("you have no bidding number for {id} yet (deposit received: {})", reg.deposit_received),
        )
    })?;
    let amount = match amount {
        None => None,
        Some(a) => Some(a.parse().map_err(|_| Failure::new("auction.statement", format!("{a} is not an amount in yuan")))?),
    };
    let statement = BidStatement { auction: id.into(), terms_hash: rec.terms_hash, number, action, amount, signed_at: ui::now() };
    let done = api.auction_step(id, &sign(statement, &me(&secret), &secret)?).await?;
    if json {
        ui::print_json(&done);
    } else {
        match done.amount {
            Some(a) => println!("Accepted as #{} at {}: {a} ({}).", done.seq, done.at.to_beijing(), upper(a)),
            None => println!("Recorded as #{} at {}: you will go on to timed bidding.", done.seq, done.at.to_beijing()),
        }
        print_board(&done.board);
    }
    Ok(())
}

pub fn run(cmd: AuctionCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        match cmd {
            AuctionCmd::Example { out } => {
                let t = AuctionTerms::example(ui::now());
                let text = serde_json::to_vec_pretty(&t).map_err(|e| Failure::new("io", e.to_string()))?;
                tenderbox_client::files::write_atomic(&out, &text, false)
                    .map_err(|e| Failure::new("io", format!("{}: {e}", out.display())))?;
                if !json {
                    println!("Wrote {} — edit it, then: tenderbox auction announce {}", out.display(), out.display());
                }
            }
            AuctionCmd::Announce { terms, actor } => {
                let text = std::fs::read(&terms).map_err(|e| Failure::new("io", format!("{}: {e}", terms.display())))?;
                let t: AuctionTerms =
                    serde_json::from_slice(&text).map_err(|e| Failure::new("auction.field", format!("{}: {e}", terms.display())))?;
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let rec = api.announce_auction(&t).await?;
                if json {
                    ui::print_json(&rec);
                } else {
                    print_record(&rec);
                }
            }
            AuctionCmd::List { server } => {
                let list = Api::new(&server.server).auctions().await?;
                if json {
                    ui::print_json(&list);
                } else if list.is_empty() {
                    println!("No listings or auctions.");
                } else {
                    for r in &list {
                        println!("{}\t{}\t{}", r.terms.id, r.terms.title, phase_words(&r.phase));
                    }
                }
            }
            AuctionCmd::Show { id, server } => {
                let api = Api::new(&server.server);
                let (rec, board) = (api.auction(&id).await?, api.auction_board(&id).await?);
                if json {
                    ui::print_json(&serde_json::json!({ "auction": rec, "board": board }));
                } else {
                    print_record(&rec);
                    print_board(&board);
                }
            }
            AuctionCmd::Register { id, accept_conditions, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_registration(&api.auction_apply(&id, accept_conditions).await?, json);
            }
            AuctionCmd::Registration { id, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                print_registration(&api.auction_registration(&id).await?, json);
            }
            AuctionCmd::Bid { id, amount, actor } => step(&id, Action::Bid, Some(&amount), &actor, json).await?,
            AuctionCmd::Accept { id, actor } => step(&id, Action::Accept, None, &actor, json).await?,
            AuctionCmd::GoOn { id, actor } => step(&id, Action::GoOn, None, &actor, json).await?,
            AuctionCmd::SealReserve { id, amount, custodians, threshold, actor } => {
                let amount: tenderbox_core::Decimal =
                    amount.parse().map_err(|_| Failure::new("auction.reserve", format!("{amount} is not an amount in yuan")))?;
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let keys = custodian_keys(&api, &actor.server.server, &custodians).await?;
                let rec = api.auction(&id).await?;
                let sealed = tenderbox_seal::reserve::seal(&id, &rec.terms_hash, amount, &keys, threshold, &tenderbox_seal::SystemEntropy::new())
                    .map_err(|e| Failure::new("auction.reserve", e.to_string()))?;
                let state = api.seal_reserve(&id, &sign(sealed, &me(&secret), &secret)?).await?;
                if json {
                    ui::print_json(&state);
                } else {
                    println!(
                        "Sealed the reserve of {id} to {} custodians ({} needed to open it); SHA-256 {}. Nobody can read it before bidding ends.",
                        state.custodians.len(),
                        state.threshold,
                        state.hash.unwrap_or_default()
                    );
                }
            }
            AuctionCmd::SealPrice { id, amount, actor } => {
                let amount: tenderbox_core::Decimal =
                    amount.parse().map_err(|_| Failure::new("auction.statement", format!("{amount} is not an amount in yuan")))?;
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let rec = api.auction(&id).await?;
                let reg = api.auction_registration(&id).await?;
                let number = reg.number.ok_or_else(|| Failure::new("auction.not_registered", format!("you have no bidding number for {id} yet")))?;
                let state = api.auction_reserve(&id).await?;
                let reserve = state
                    .sealed
                    .ok_or_else(|| Failure::new("auction.reserve_missing", "the round takes prices once its reserve is sealed"))?;
                let keys = custodian_keys(&api, &actor.server.server, &reserve.doc.custodians).await?;
                let sealed = tenderbox_seal::reserve::seal(&id, &rec.terms_hash, amount, &keys, reserve.doc.threshold, &tenderbox_seal::SystemEntropy::new())
                    .map_err(|e| Failure::new("auction.statement", e.to_string()))?;
                let doc = tenderbox_seal::reserve::SealedPrice { number, sealed };
                let done = api.submit_sealed_price(&id, &sign(doc, &me(&secret), &secret)?).await?;
                if json {
                    ui::print_json(&done);
                } else {
                    println!(
                        "Sealed your price {amount} ({}) to the {} custodians and sent it; logged at index {}. Nobody can read it before the close.",
                        upper(amount),
                        reserve.doc.custodians.len(),
                        done["event"]
                    );
                }
            }
            AuctionCmd::Reserve { id, server } => {
                let state = Api::new(&server.server).auction_reserve(&id).await?;
                if json {
                    ui::print_json(&state);
                } else if state.sealed.is_none() {
                    println!("No reserve was sealed for {id}.");
                } else {
                    println!("Reserve of {id}: sealed {} to {} custodians, {} needed.", state.sealed_at.map(|t| t.to_beijing()).unwrap_or_default(), state.custodians.len(), state.threshold);
                    for c in &state.custodians {
                        println!("  {} {} {}", c.place, c.name, c.released_at.map(|t| format!("released {}", t.to_beijing())).unwrap_or("not released".into()));
                    }
                    match state.reserve {
                        Some(r) => println!("  opened: {r} ({})", upper(r)),
                        None => println!("  not open"),
                    }
                }
            }
            AuctionCmd::Release { id, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let state = api.auction_reserve(&id).await?;
                let sealed = state.sealed.ok_or_else(|| Failure::new("auction.reserve_missing", format!("no reserve was sealed for {id}")))?;
                let mine = me(&secret);
                let place = sealed
                    .doc
                    .custodians
                    .iter()
                    .position(|c| c == &mine)
                    .ok_or_else(|| Failure::new("auction.not_custodian", format!("you are not a custodian of the reserve of {id}")))?
                    as u32
                    + 1;
                // Never before the end: the server's board says so, and this computer's clock agrees.
                let board = api.auction_board(&id).await?;
                match board.phase {
                    Phase::Ended { at } if ui::now().unix() + tenderbox_client::logcheck::CLOCK_TOLERANCE_SECS >= at.unix() => {}
                    _ => return Err(Failure::new("auction.not_ended", format!("bidding of {id} has not ended ({})", phase_words(&board.phase)))),
                }
                let share = tenderbox_seal::reserve::open_share(&sealed.doc, place, &secret)
                    .map_err(|e| Failure::new("auction.share_invalid", e.to_string()))?;
                // A sealed round: this custodian's shares of every price first, then the reserve's.
                let rec = api.auction(&id).await?;
                if rec.terms.mode == tenderbox_core::auction::Mode::Sealed {
                    let prices = api.sealed_prices(&id).await?;
                    let mut shares = Vec::new();
                    for p in &prices {
                        let s = tenderbox_seal::reserve::open_share(&p.doc.sealed, place, &secret)
                            .map_err(|e| Failure::new("auction.share_invalid", format!("the price of bidding number {}: {e}", p.doc.number)))?;
                        shares.push(tenderbox_seal::reserve::PriceShare { number: p.doc.number.clone(), share: s });
                    }
                    if !shares.is_empty() {
                        api.release_price_shares(&id, &shares).await?;
                    }
                    if !json {
                        println!("Released your shares of {} sealed price(s).", shares.len());
                    }
                }
                let state = api.release_reserve_share(&id, &share).await?;
                if json {
                    ui::print_json(&state);
                } else {
                    let out = state.released.len();
                    match state.reserve {
                        Some(r) => println!("Released your share (place {place}); the reserve is open: {r} ({}).", upper(r)),
                        None => println!("Released your share (place {place}); {out} of {} needed are out.", state.threshold),
                    }
                }
            }
            AuctionCmd::Result { id, save, server } => {
                let r = Api::new(&server.server).auction_result(&id).await?;
                if let Some(path) = &save {
                    let text = serde_json::to_vec_pretty(&r).map_err(|e| Failure::new("io", e.to_string()))?;
                    tenderbox_client::files::write_atomic(path, &text, false)
                        .map_err(|e| Failure::new("io", format!("{}: {e}", path.display())))?;
                }
                if json {
                    ui::print_json(&r);
                } else {
                    print_result(&r);
                }
            }
            AuctionCmd::Confirm { id, actor } => {
                let (api, secret) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                let r = api.auction_result(&id).await?;
                let c = r.confirmation.ok_or_else(|| Failure::new("auction.no_sale", format!("{id} ended without a sale")))?;
                let done = api.confirm_auction(&id, &sign(c, &me(&secret), &secret)?).await?;
                if json {
                    ui::print_json(&done);
                } else {
                    print_result(&done);
                }
            }
            AuctionCmd::Verify { id, record, server } => {
                let api = Api::new(&server.server);
                let r: tenderbox_wire::AuctionResult = match &record {
                    Some(path) => {
                        let text = std::fs::read(path).map_err(|e| Failure::new("io", format!("{}: {e}", path.display())))?;
                        serde_json::from_slice(&text).map_err(|e| Failure::new("auction.verify", format!("{}: {e}", path.display())))?
                    }
                    None => api.auction_result(&id).await?,
                };
                if r.auction != id {
                    return Err(Failure::new("auction.verify", format!("the record is of {}, not {id}", r.auction)));
                }
                let key = crate::online::pinned_log_key(&api, &server.server).await?;
                let check = tenderbox_client::auction_verify::verify(&api, &key, &r).await.map_err(|e| match e {
                    tenderbox_client::auction_verify::AuctionVerifyError::Api(a) => Failure::from(a),
                    other => Failure::new("auction.verify", other.to_string()),
                })?;
                if json {
                    ui::print_json(&check);
                } else {
                    println!(
                        "Verified {id}: {} steps ({} bids) signed by registered bidders, each the log's entry and included in its checkpoint (size {}), replayed under the rules; reserve {}; outcome {}.",
                        check.steps,
                        check.bids,
                        check.log_size,
                        check.reserve.map(|r| r.to_string()).unwrap_or("none sealed".into()),
                        outcome_words(&check.outcome)
                    );
                }
            }
        }
        Ok(())
    })
}

pub fn calendar(cmd: CalendarCmd, json: bool) -> Result<()> {
    runtime()?.block_on(async {
        let list = match cmd {
            CalendarCmd::List { year, server } => Api::new(&server.server).holidays(year.as_deref()).await?,
            CalendarCmd::Set { date, kind, note, actor } => {
                let kind = match kind.as_str() {
                    "holiday" => DayKind::Holiday,
                    "workday" => DayKind::Workday,
                    other => return Err(Failure::new("calendar.kind", format!("{other} is neither holiday nor workday"))),
                };
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                vec![api.set_holiday(&HolidayEntry { date, kind, note }).await?]
            }
            CalendarCmd::Clear { date, actor } => {
                let (api, _) = logged_in(&actor.server.server, &actor.identity, actor.store.keystore.as_deref()).await?;
                api.clear_holiday(&date).await?
            }
        };
        if json {
            ui::print_json(&list);
        } else {
            for e in &list {
                println!("{}\t{}\t{}", e.date, if e.kind == DayKind::Holiday { "holiday" } else { "workday" }, e.note);
            }
        }
        Ok(())
    })
}
