//! Listings and auctions: the holiday calendar centre admins keep, and announcements
//! checked against the rules on it (a state-property disclosure counted in working days
//! over National Day).

use crate::helpers::*;
use reqwest::{Method, StatusCode};
use std::sync::atomic::Ordering;
use tenderbox_core::Decimal;
use tenderbox_core::auction::{AUCTION_FORMAT, Asset, AuctionTerms, Mode, Phase};
use tenderbox_core::calendar::DayKind;
use tenderbox_core::tender::Party;
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use tenderbox_wire::*;

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A state-owned company's equity, sold by ascending auction.
pub fn property(starts: &str) -> AuctionTerms {
    AuctionTerms {
        format: AUCTION_FORMAT,
        id: "HZ-CQ-2026-012".into(),
        title: "湖州市城市建设投资集团所持湖州某物业管理有限公司 100% 股权".into(),
        centre: "HZ".into(),
        asset: Asset::StateProperty,
        mode: Mode::English,
        seller: Party { name: "湖州市城市建设投资集团有限公司".into(), uscc: Uscc::parse("91350100M000100Y43").unwrap() },
        description: "注册资本 500 万元，职工 46 人，评估值 8,120,000 元".into(),
        starting_price: d("8120000.00"),
        increment: d("50000.00"),
        whole_increments: true,
        deposit: d("800000.00"),
        conditions: vec!["意向受让方须为依法存续的企业法人".into()],
        winner_rule: "网络竞价（多次报价），价高者得".into(),
        announced_at: at("2026-01-01T00:00:00Z"),
        registration_deadline: at("2026-10-16T17:00:00+08:00"),
        bidding_starts: at(starts),
        listing_ends: None,
        countdown_seconds: 300,
        dutch: None,
        rehearsal: false,
    }
}

#[tokio::test]
async fn state_property_disclosure_counts_working_days_over_the_holidays_the_admins_keep() {
    // On PostgreSQL too when one is configured (TENDERBOX_TEST_POSTGRES).
    let app = spawn_in(tempfile::tempdir().unwrap(), fresh_postgres().await).await;
    let admin = app.login(&app.admin).await;
    let bidder = Who::new("b1", "湖州建工集团有限公司", "9135021359498494XQ");
    let bidder_token = app.registered(&bidder, &[Role::Bidder]).await;
    // The State Council's notice, entered by a centre admin: 1–7 October off, Saturday 10 October worked.
    let mut days: Vec<(String, DayKind, &str)> = (1..=7).map(|n| (format!("2026-10-{n:02}"), DayKind::Holiday, "国庆节、中秋节")).collect();
    days.push(("2026-10-10".into(), DayKind::Workday, "国庆节调休上班"));
    let entry = |(date, kind, note): &(String, DayKind, &str)| HolidayEntry { date: date.clone(), kind: *kind, note: note.to_string() };
    let refused = app.call(Method::PUT, "/v1/holidays/2026-10-01", Some(&bidder_token), Some(&entry(&days[0]))).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    for day in &days {
        let r = app.call(Method::PUT, &format!("/v1/holidays/{}", day.0), Some(&admin), Some(&entry(day))).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    }
    let bad = app
        .call(
            Method::PUT,
            "/v1/holidays/2026-10-32",
            Some(&admin),
            Some(&HolidayEntry { date: "2026-10-32".into(), kind: DayKind::Holiday, note: "x".into() }),
        )
        .await;
    assert_eq!(bad.code(), "calendar.date");
    let listed: Vec<HolidayEntry> = app.get("/v1/holidays?year=2026", None).await.into();
    assert_eq!(listed.len(), 8);
    assert!(app.get("/v1/holidays?year=2027", None).await.into::<Vec<HolidayEntry>>().is_empty());

    // Announced on Friday 18 September: twenty working days run through 22 October, not 16 October.
    app.clock.store(at("2026-09-18T09:00:00+08:00").unix(), Ordering::SeqCst);
    let early = app.post("/v1/auctions", Some(&admin), &property("2026-10-19T10:00:00+08:00")).await;
    assert_eq!(early.status, StatusCode::BAD_REQUEST);
    assert_eq!(early.code(), "auction.disclosure_days");
    assert!(early.body["message"].as_str().unwrap().contains("2026-10-22"), "{:?}", early.body);
    assert_eq!(app.post("/v1/auctions", Some(&bidder_token), &property("2026-10-23T10:00:00+08:00")).await.status, StatusCode::FORBIDDEN);
    let mut terms = property("2026-10-23T10:00:00+08:00");
    terms.registration_deadline = at("2026-10-22T17:00:00+08:00");
    let rec: AuctionRecord = app.post("/v1/auctions", Some(&admin), &terms).await.into();
    assert_eq!(rec.terms.announced_at, app.state.now(), "the server dates the announcement");
    assert_eq!(rec.phase, Phase::NotStarted { starts_at: terms.bidding_starts });
    let again = app.post("/v1/auctions", Some(&admin), &terms).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "auction.exists"));

    // Anyone reads it; the log names the terms by their hash.
    let got: AuctionRecord = app.get(&format!("/v1/auctions/{}", terms.id), None).await.into();
    let canonical = tenderbox_core::canonical::to_canonical_vec(&got.terms).unwrap();
    assert_eq!(got.terms_hash, sha_hex(&canonical));
    assert_eq!(app.get("/v1/auctions", None).await.into::<Vec<AuctionRecord>>().len(), 1);
    assert_eq!(app.get("/v1/auctions/NO-SUCH", None).await.code(), "auction.not_found");
    app.clock.store(at("2026-10-23T10:00:00+08:00").unix(), Ordering::SeqCst);
    let live: AuctionRecord = app.get(&format!("/v1/auctions/{}", terms.id), None).await.into();
    assert_eq!(live.phase, Phase::Countdown { ends_at: terms.bidding_starts.plus_seconds(300) }, "by the server's clock");

    // Removing a holiday is logged and changes the count.
    let after: Vec<HolidayEntry> = app.call(Method::DELETE, "/v1/holidays/2026-10-10", Some(&admin), None::<&()>).await.into();
    assert_eq!(after.len(), 7);
    assert_eq!(app.call(Method::DELETE, "/v1/holidays/2026-10-10", Some(&admin), None::<&()>).await.code(), "calendar.not_found");
}

#[tokio::test]
async fn a_bidder_gets_a_secret_bidding_number_once_its_deposit_arrives_before_the_deadline() {
    use tenderbox_client::api::Api;
    let app = spawn_in(tempfile::tempdir().unwrap(), fresh_postgres().await).await;
    let admin = app.login(&app.admin).await;
    let fin = Who::new("finance", "湖州市公共资源交易中心财务科", "12330500MB1A2B3C41");
    let finance = Api::new(&app.base).with_token(&app.registered(&fin, &[Role::Finance]).await);
    let a = Who::new("a", "湖州建工集团有限公司", "9135021359498494XQ");
    let b = Who::new("b", "长兴城建投资有限公司", "91330522MA28C3JH08");
    let (ta, tb) = (app.registered(&a, &[Role::Bidder]).await, app.registered(&b, &[Role::Bidder]).await);
    app.clock.store(at("2026-09-18T09:00:00+08:00").unix(), Ordering::SeqCst);
    let terms = property("2026-10-19T10:00:00+08:00");
    let rec: AuctionRecord = app.post("/v1/auctions", Some(&admin), &terms).await.into();
    let path = format!("/v1/auctions/{}/registration", rec.terms.id);

    assert_eq!(app.get(&path, Some(&ta)).await.code(), "auction.not_registered");
    let no = app.post(&path, Some(&ta), &AuctionApplication { accepts_conditions: false }).await;
    assert_eq!(no.code(), "auction.conditions");
    assert!(no.body["message"].as_str().unwrap().contains("企业法人"), "the conditions are quoted");
    let ra: AuctionRegistration = app.post(&path, Some(&ta), &AuctionApplication { accepts_conditions: true }).await.into();
    assert_eq!((ra.status.as_str(), ra.number.as_deref()), ("awaiting_deposit", None));
    assert_eq!(ra.deposit_reference, tenderbox_core::security::deposit_reference(&terms.id, a.public.uscc.as_str()));
    let rb: AuctionRegistration = app.post(&path, Some(&tb), &AuctionApplication { accepts_conditions: true }).await.into();

    // A's deposit arrives in time; B's arrives after registration closed.
    let head = tenderbox_core::security::STATEMENT_COLUMNS.join(",");
    let statement = format!(
        "{head}\nHZB20261012000001,2026-10-12 10:00:00,湖州建工集团有限公司,201000999888777,800000.00,{}\nHZB20261017000002,2026-10-17 09:00:00,长兴城建投资有限公司,201000111222333,800000.00,{}\n",
        ra.deposit_reference, rb.deposit_reference
    );
    assert_eq!(finance.import_statement(&statement).await.unwrap().recorded, 2);
    let ra: AuctionRegistration = app.get(&path, Some(&ta)).await.into();
    assert_eq!(ra.status, "registered");
    let number = ra.number.clone().unwrap();
    assert!(number.len() == 4 && number.bytes().all(|c| c.is_ascii_digit()), "{number}");
    assert_eq!(app.get(&path, Some(&ta)).await.into::<AuctionRegistration>().number, Some(number.clone()), "the number stays");
    let rb: AuctionRegistration = app.get(&path, Some(&tb)).await.into();
    assert_eq!(
        (rb.status.as_str(), rb.deposit_received),
        ("awaiting_deposit", Decimal::ZERO),
        "a deposit after the deadline does not count"
    );
    app.clock.store(at("2026-10-16T17:00:01+08:00").unix(), Ordering::SeqCst);
    assert_eq!(app.get(&path, Some(&tb)).await.into::<AuctionRegistration>().status, "closed");
    let c = Who::new("c", "安吉交通工程有限公司", "91330500MA2B3C4D5B");
    let tc = app.registered(&c, &[Role::Bidder]).await;
    assert_eq!(app.post(&path, Some(&tc), &AuctionApplication { accepts_conditions: true }).await.code(), "auction.registration_closed");

    // Who registered is secret: the public record and the public log name nobody.
    let public = app.get(&format!("/v1/auctions/{}", terms.id), None).await.body.to_string();
    let events = app.get("/v1/log/events", None).await.body.to_string();
    // Whole JSON strings: a four-digit number may well occur inside a hash or a time.
    for secret in [a.public.uscc.as_str(), b.public.uscc.as_str(), number.as_str(), ra.deposit_reference.as_str()] {
        let quoted = format!("\"{secret}\"");
        assert!(!public.contains(&quoted), "{secret} in the auction's public record");
        assert!(!events.contains(&quoted), "{secret} in the public log");
    }
}

/// Two bidders registered (deposits in) for the state-property auction starting at
/// `starts`; the clock at the announcement. Returns the app, the terms and each bidder
/// with its token and bidding number.
pub(crate) async fn registered_pair(starts: &str) -> (TestApp, AuctionRecord, Vec<(Who, String, String)>) {
    registered_pair_with(starts, |_| {}).await
}

/// [`registered_pair`] with the terms changed first.
pub(crate) async fn registered_pair_with(
    starts: &str,
    change: impl Fn(&mut AuctionTerms),
) -> (TestApp, AuctionRecord, Vec<(Who, String, String)>) {
    use tenderbox_client::api::Api;
    let app = spawn_in(tempfile::tempdir().unwrap(), fresh_postgres().await).await;
    let admin = app.login(&app.admin).await;
    let fin = Who::new("finance", "湖州市公共资源交易中心财务科", "12330500MB1A2B3C41");
    let finance = Api::new(&app.base).with_token(&app.registered(&fin, &[Role::Finance]).await);
    let who = [Who::new("a", "湖州建工集团有限公司", "9135021359498494XQ"), Who::new("b", "长兴城建投资有限公司", "91330522MA28C3JH08")];
    let mut tokens = Vec::new();
    for w in &who {
        tokens.push(app.registered(w, &[Role::Bidder]).await);
    }
    app.clock.store(at("2026-09-18T09:00:00+08:00").unix(), Ordering::SeqCst);
    let mut terms = property(starts);
    change(&mut terms);
    let rec: AuctionRecord = app.post("/v1/auctions", Some(&admin), &terms).await.into();
    let path = format!("/v1/auctions/{}/registration", rec.terms.id);
    let head = tenderbox_core::security::STATEMENT_COLUMNS.join(",");
    let mut out = Vec::new();
    for (i, (w, t)) in who.into_iter().zip(tokens).enumerate() {
        let r: AuctionRegistration = app.post(&path, Some(&t), &AuctionApplication { accepts_conditions: true }).await.into();
        let line = format!("HZB2026101200000{i},2026-10-12 10:00:00,{},20100099988877{i},800000.00,{}", w.public.name, r.deposit_reference);
        finance.import_statement(&format!("{head}\n{line}\n")).await.unwrap();
        let r: AuctionRegistration = app.get(&path, Some(&t)).await.into();
        let n = r.number.unwrap();
        out.push((w, t, n));
    }
    (app, rec, out)
}

pub(crate) fn statement(
    rec: &AuctionRecord,
    number: &str,
    amount: Option<&str>,
    action: tenderbox_core::auction::Action,
) -> tenderbox_core::auction::BidStatement {
    tenderbox_core::auction::BidStatement {
        auction: rec.terms.id.clone(),
        terms_hash: rec.terms_hash.clone(),
        number: number.into(),
        action,
        amount: amount.map(d),
        signed_at: at("2026-10-19T10:00:00+08:00"),
    }
}

#[tokio::test]
async fn bids_are_signed_ordered_and_timed_by_the_server_and_the_board_names_no_bidder() {
    use tenderbox_core::auction::Action;
    use tenderbox_seal::signed::sign;
    let (app, rec, mut p) = registered_pair("2026-10-19T10:00:00+08:00").await;
    let (b, tb, nb) = p.pop().unwrap();
    let (a, ta, na) = p.pop().unwrap();
    let bids = format!("/v1/auctions/{}/bids", rec.terms.id);
    let place =
        |who: &Who, number: &str, amount: &str| sign(statement(&rec, number, Some(amount), Action::Bid), &who.id(), &who.secret).unwrap();
    let start = rec.terms.bidding_starts;

    app.clock.store(start.unix() - 60, Ordering::SeqCst);
    assert_eq!(app.post(&bids, Some(&ta), &place(&a, &na, "8120000.00")).await.code(), "auction.not_started");
    app.clock.store(start.unix() + 10, Ordering::SeqCst);
    let first: AuctionStepRecord = app.post(&bids, Some(&ta), &place(&a, &na, "8120000.00")).await.into();
    assert_eq!((first.seq, first.at), (1, app.state.now()));
    assert_eq!(first.board.minimum, Some(d("8170000.00")));
    // Below the minimum; another's number; another's key: each refused by name.
    assert_eq!(app.post(&bids, Some(&tb), &place(&b, &nb, "8150000.00")).await.code(), "auction.below_minimum");
    assert_eq!(app.post(&bids, Some(&tb), &place(&b, &na, "8170000.00")).await.code(), "auction.statement");
    let forged = tenderbox_seal::signed::SignedDoc { signer: b.id(), ..place(&a, &nb, "8170000.00") };
    assert_eq!(app.post(&bids, Some(&tb), &forged).await.code(), "signature.invalid");
    assert_eq!(app.post(&bids, Some(&ta), &place(&a, &na, "8170000.00")).await.code(), "auction.already_highest");
    app.advance(100);
    let second: AuctionStepRecord = app.post(&bids, Some(&tb), &place(&b, &nb, "8170000.00")).await.into();
    assert_eq!(second.board.phase, Phase::Countdown { ends_at: app.state.now().plus_seconds(300) }, "the bid restarted the countdown");

    // The board: prices and times, nobody's name or number.
    let board: AuctionBoard = app.get(&format!("/v1/auctions/{}/board", rec.terms.id), None).await.into();
    assert_eq!(board.bids.iter().map(|x| x.amount).collect::<Vec<_>>(), [d("8120000.00"), d("8170000.00")]);
    assert_eq!(board.current, Some(d("8170000.00")));
    let public = format!(
        "{}{}",
        app.get(&format!("/v1/auctions/{}/board", rec.terms.id), None).await.body,
        app.get("/v1/log/events", None).await.body
    );
    for secret in [&na[..], &nb[..], a.public.uscc.as_str(), b.public.uscc.as_str()] {
        assert!(!public.contains(&format!("\"{secret}\"")), "{secret} is public");
    }

    // The countdown runs out by the server's clock: a late bid is refused with the server's time.
    app.advance(300);
    let late = app.post(&bids, Some(&ta), &place(&a, &na, "8220000.00")).await;
    assert_eq!((late.status, late.code()), (StatusCode::CONFLICT, "auction.ended"));
    assert!(late.body["message"].as_str().unwrap().contains("the server's time is 2026-10-19 10:06:50"), "{:?}", late.body);
    let board: AuctionBoard = app.get(&format!("/v1/auctions/{}/board", rec.terms.id), None).await.into();
    assert_eq!(board.phase, Phase::Ended { at: start.plus_seconds(410) });
    assert_eq!(board.minimum, None);
}

#[tokio::test]
async fn the_reserve_opens_only_after_the_end_and_the_sale_is_confirmed_by_the_centre_and_the_buyer() {
    use tenderbox_core::auction::{Action, Confirmation, Outcome};
    use tenderbox_seal::reserve::{ReleasedShare, SealedReserve, open_share, seal};
    use tenderbox_seal::signed::{SignedDoc, sign};
    let (app, rec, mut p) = registered_pair("2026-10-19T10:00:00+08:00").await;
    let (b, tb, nb) = p.pop().unwrap();
    let (a, ta, na) = p.pop().unwrap();
    let id = rec.terms.id.clone();
    let admin = app.login(&app.admin).await;
    let custodians = three_custodians(&app).await;
    let keys: Vec<(String, [u8; 32])> = custodians.iter().map(|(w, _)| (w.id(), w.secret.encryption_public())).collect();
    let sealed = |amount: &str| -> SignedDoc<SealedReserve> {
        let r = seal(&id, &rec.terms_hash, d(amount), &keys, 2, &tenderbox_seal::SystemEntropy::new()).unwrap();
        sign(r, &app.admin.id(), &app.admin.secret).unwrap()
    };
    let reserve_path = format!("/v1/auctions/{id}/reserve");

    // Only a centre admin seals; to approved custodians; for these terms; before bidding starts.
    assert_eq!(app.call(Method::PUT, &reserve_path, Some(&ta), Some(&sealed("8150000.00"))).await.status, StatusCode::FORBIDDEN);
    let mut stranger = sealed("8150000.00");
    stranger.doc.custodians[1] = a.id();
    let stranger = sign(stranger.doc, &app.admin.id(), &app.admin.secret).unwrap();
    assert_eq!(app.call(Method::PUT, &reserve_path, Some(&admin), Some(&stranger)).await.code(), "auction.reserve");
    let first: AuctionReserveState = app.call(Method::PUT, &reserve_path, Some(&admin), Some(&sealed("9000000.00"))).await.into();
    // A new one replaces the old until bidding starts; the public sees the ciphertext, not the price.
    let state: AuctionReserveState = app.call(Method::PUT, &reserve_path, Some(&admin), Some(&sealed("8150000.00"))).await.into();
    assert_ne!(first.hash, state.hash);
    assert_eq!((state.threshold, state.custodians.len(), state.reserve), (2, 3, None));
    let public = app.get(&reserve_path, None).await.body.to_string();
    assert!(!public.contains("8150000"), "the reserve is not readable before the end");

    let bids = format!("/v1/auctions/{id}/bids");
    let place =
        |who: &Who, number: &str, amount: &str| sign(statement(&rec, number, Some(amount), Action::Bid), &who.id(), &who.secret).unwrap();
    let start = rec.terms.bidding_starts;
    app.clock.store(start.unix() + 5, Ordering::SeqCst);
    // Tokens from the announcement's day have expired: sign in again on bidding day.
    let admin = app.login(&app.admin).await;
    let custodians: Vec<(Who, String)> = {
        let mut out = Vec::new();
        for (w, _) in custodians {
            let t = app.login(&w).await;
            out.push((w, t));
        }
        out
    };
    let late_seal = app.call(Method::PUT, &reserve_path, Some(&admin), Some(&sealed("1.00"))).await;
    assert_eq!((late_seal.status, late_seal.code()), (StatusCode::CONFLICT, "auction.reserve_fixed"));
    let _: AuctionStepRecord = app.post(&bids, Some(&ta), &place(&a, &na, "8120000.00")).await.into();
    app.advance(60);
    let _: AuctionStepRecord = app.post(&bids, Some(&tb), &place(&b, &nb, "8170000.00")).await.into();

    // Custodians cannot release before the end; nobody gets a result before it.
    let share_of = |m: u32| open_share(&state.sealed.as_ref().unwrap().doc, m, &custodians[m as usize - 1].0.secret).unwrap();
    let release = format!("/v1/auctions/{id}/reserve/release");
    assert_eq!(app.post(&release, Some(&custodians[0].1), &share_of(1)).await.code(), "auction.not_ended");
    assert_eq!(app.get(&format!("/v1/auctions/{id}/result"), None).await.code(), "auction.not_ended");

    app.advance(301);
    assert_eq!(app.get(&format!("/v1/auctions/{id}/result"), None).await.code(), "auction.reserve_pending");
    // Another's place, a share that does not match the commitments: refused by name.
    assert_eq!(app.post(&release, Some(&custodians[0].1), &share_of(2)).await.code(), "auction.not_custodian");
    let wrong = ReleasedShare { custodian: 1, share: share_of(3).share };
    assert_eq!(app.post(&release, Some(&custodians[0].1), &wrong).await.code(), "auction.share_invalid");
    let one: AuctionReserveState = app.post(&release, Some(&custodians[0].1), &share_of(1)).await.into();
    assert_eq!(one.reserve, None, "one share is not enough");
    assert_eq!(app.post(&release, Some(&custodians[0].1), &share_of(1)).await.code(), "auction.share_released");
    let two: AuctionReserveState = app.post(&release, Some(&custodians[2].1), &share_of(3)).await.into();
    assert_eq!(two.reserve, Some(d("8150000.00")));

    // Sold to B at its bid (above the reserve); the deposit counts towards the price.
    let result: AuctionResult = app.get(&format!("/v1/auctions/{id}/result"), None).await.into();
    assert_eq!(result.outcome, Outcome::Sold { number: nb.clone(), price: d("8170000.00"), at: start.plus_seconds(65) });
    assert_eq!(result.reserve, Some(d("8150000.00")));
    let c = result.confirmation.clone().unwrap();
    assert_eq!((c.buyer.as_str(), c.deposit_applied, c.balance), (b.public.name.as_str(), d("800000.00"), d("7370000.00")));
    assert_eq!(c.price_in_words, "捌佰壹拾柒万元整");
    assert_eq!(result.history.len(), 2);
    assert_eq!(result.bidders.len(), 2, "after the end the bidders' identities are published with their signed bids");
    // State property: five working days of publicity from Monday 19 October.
    assert_eq!(result.publicity_until, "2026-10-26");

    // The confirmation: signed unchanged, by the buyer and a centre admin only.
    let confirm = format!("/v1/auctions/{id}/confirmation");
    assert_eq!(app.post(&confirm, Some(&ta), &sign(c.clone(), &a.id(), &a.secret).unwrap()).await.code(), "auction.not_party");
    let cheaper = Confirmation { balance: d("7000000.00"), ..c.clone() };
    assert_eq!(app.post(&confirm, Some(&tb), &sign(cheaper, &b.id(), &b.secret).unwrap()).await.code(), "auction.confirmation");
    let half: AuctionResult = app.post(&confirm, Some(&tb), &sign(c.clone(), &b.id(), &b.secret).unwrap()).await.into();
    assert_eq!((half.buyer_signature.is_some(), half.confirmed_at), (true, None));
    let done: AuctionResult = app.post(&confirm, Some(&admin), &sign(c.clone(), &app.admin.id(), &app.admin.secret).unwrap()).await.into();
    assert_eq!((done.status.as_str(), done.confirmed_at), ("confirmed", Some(app.state.now())));
    assert_eq!(app.post(&confirm, Some(&admin), &sign(c, &app.admin.id(), &app.admin.secret).unwrap()).await.code(), "auction.signed");

    // Deposits: A's is due back within five working days of the end; B's is part of the price.
    let fin = Who::new("finance", "湖州市公共资源交易中心财务科", "12330500MB1A2B3C41");
    let tf = app.login(&fin).await;
    let deposits: Vec<DepositRecord> = app.get(&format!("/v1/deposits?tender={id}"), Some(&tf)).await.into();
    let of = |who: &Who| deposits.iter().find(|x| x.bidder == who.public.uscc.as_str()).unwrap().clone();
    assert_eq!((of(&a).refund_cause.as_deref(), of(&a).refund_due.as_deref()), (Some("auction_ended"), Some("2026-10-26")));
    assert_eq!((of(&b).refund_cause.as_deref(), of(&b).refund_due.as_deref()), (Some("applied_to_price"), None));
    let refund = |amount: &str| RefundRequest { bank_serial: "HZB20261020000009".into(), amount: d(amount), interest: Decimal::ZERO };
    assert_eq!(
        app.post(&format!("/v1/deposits/{}/refund", of(&b).id), Some(&tf), &refund("800000.00")).await.code(),
        "deposit.applied_to_price"
    );
    let back: DepositRecord = app.post(&format!("/v1/deposits/{}/refund", of(&a).id), Some(&tf), &refund("800000.00")).await.into();
    assert!(back.refunded_at.is_some());
    // The whole list of due deposits works with auctions in it.
    let due: Vec<DepositRecord> = app.get("/v1/deposits", Some(&tf)).await.into();
    assert!(due.iter().all(|x| x.refunded_at.is_none()));
}

#[tokio::test]
async fn a_rehearsal_platform_takes_only_rehearsals_and_they_run_in_minutes() {
    let real = spawn_in(tempfile::tempdir().unwrap(), None).await;
    let training = spawn_with(tempfile::tempdir().unwrap(), None, |c| c.rehearsal = true).await;
    for app in [&real, &training] {
        let admin = app.login(&app.admin).await;
        let now = app.state.now();
        let mut terms = property("2026-10-19T10:00:00+08:00");
        terms.bidding_starts = now.plus_seconds(180);
        terms.registration_deadline = now.plus_seconds(120);
        terms.countdown_seconds = 30;
        // Real terms in minutes: refused on either platform (by the periods, or as not a rehearsal).
        let r = app.post("/v1/auctions", Some(&admin), &terms).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        terms.rehearsal = true;
        let r = app.post("/v1/auctions", Some(&admin), &terms).await;
        if app.state.rehearsal {
            let rec: AuctionRecord = r.into();
            assert!(rec.terms.rehearsal);
            assert!(app.get("/v1/health", None).await.into::<Health>().rehearsal, "clients are told");
        } else {
            assert_eq!(r.code(), "auction.rehearsal");
            assert!(!app.get("/v1/health", None).await.into::<Health>().rehearsal);
        }
    }
}

#[tokio::test]
async fn a_round_cut_by_a_server_crash_resumes_at_the_restart_with_every_accepted_bid() {
    use tenderbox_core::auction::Action;
    use tenderbox_seal::signed::sign;
    let (app, rec, mut p) = registered_pair("2026-10-19T10:00:00+08:00").await;
    let (b, tb, nb) = p.pop().unwrap();
    let (a, ta, na) = p.pop().unwrap();
    let id = rec.terms.id.clone();
    let bids = format!("/v1/auctions/{id}/bids");
    let place =
        |who: &Who, number: &str, amount: &str| sign(statement(&rec, number, Some(amount), Action::Bid), &who.id(), &who.secret).unwrap();
    let start = rec.terms.bidding_starts;
    app.clock.store(start.unix() + 10, Ordering::SeqCst);
    let _: AuctionStepRecord = app.post(&bids, Some(&ta), &place(&a, &na, "8120000.00")).await.into();
    app.clock.store(start.unix() + 60, Ordering::SeqCst);
    let _: AuctionStepRecord = app.post(&bids, Some(&tb), &place(&b, &nb, "8170000.00")).await.into();
    // The server's last sign of life 40 s later, with 260 s of countdown left; then kill -9.
    let last = start.plus_seconds(100);
    std::fs::write(app.state.data.join("heartbeat"), last.unix().to_string()).unwrap();
    let TestApp { dir, database, .. } = app;
    // Back up later (the test clock starts at START, weeks after): past where the countdown would have ended.
    let app = spawn_in(dir, database).await;
    let restart = app.state.now();
    let board: AuctionBoard = app.get(&format!("/v1/auctions/{id}/board"), None).await.into();
    assert_eq!(board.bids.len(), 2, "no accepted bid is lost");
    assert_eq!(board.phase, Phase::Countdown { ends_at: restart.plus_seconds(300) }, "the countdown starts again in full");
    // Bidding goes on; the rules replay the platform's step.
    app.clock.store(restart.unix() + 50, Ordering::SeqCst);
    let (ta, tb) = (app.login(&a).await, app.login(&b).await);
    let _: AuctionStepRecord = app.post(&bids, Some(&ta), &place(&a, &na, "8220000.00")).await.into();
    let _ = tb;
    app.clock.store(restart.unix() + 351, Ordering::SeqCst);
    let result: AuctionResult = app.get(&format!("/v1/auctions/{id}/result"), None).await.into();
    assert_eq!(result.history.iter().map(|h| h.action.as_str()).collect::<Vec<_>>(), ["bid", "bid", "resume", "bid"]);
    assert_eq!(result.history[2].paused_from, Some(last));
    assert!(result.history[2].signed.is_none());
    let ev = result.history[2].event;
    let leaf = app.get(&format!("/v1/log/leaves?start={ev}&end={}", ev + 1), None).await.body.to_string();
    assert!(leaf.contains("auction.resume"), "the resume is public in the log: {leaf}");
    let reserve: AuctionReserveState = app.get(&format!("/v1/auctions/{id}/reserve"), None).await.into();
    let check = tenderbox_client::auction_verify::check_record(&result, &reserve).unwrap();
    assert_eq!((check.steps, check.bids), (4, 3));
}

#[tokio::test]
async fn a_sealed_round_takes_one_sealed_price_each_and_opens_them_after_the_close() {
    use tenderbox_core::auction::{Mode, Outcome};
    use tenderbox_seal::reserve::{PriceShare, SealedPrice, open_share, seal};
    use tenderbox_seal::signed::{SignedDoc, sign};
    let (app, rec, mut p) = registered_pair_with("2026-10-19T10:00:00+08:00", |t| {
        t.mode = Mode::Sealed;
        t.listing_ends = Some(at("2026-10-19T11:00:00+08:00"));
    })
    .await;
    let (b, _, nb) = p.pop().unwrap();
    let (a, ta, na) = p.pop().unwrap();
    let id = rec.terms.id.clone();
    let admin = app.login(&app.admin).await;
    let custodians = three_custodians(&app).await;
    let keys: Vec<(String, [u8; 32])> = custodians.iter().map(|(w, _)| (w.id(), w.secret.encryption_public())).collect();
    let ent = tenderbox_seal::SystemEntropy::new();
    let reserve = sign(seal(&id, &rec.terms_hash, d("8150000.00"), &keys, 2, &ent).unwrap(), &app.admin.id(), &app.admin.secret).unwrap();
    let _: AuctionReserveState = app.call(Method::PUT, &format!("/v1/auctions/{id}/reserve"), Some(&admin), Some(&reserve)).await.into();
    let price = |who: &Who, number: &str, amount: &str, keys: &[(String, [u8; 32])]| -> SignedDoc<SealedPrice> {
        let sealed = seal(&id, &rec.terms_hash, d(amount), keys, 2, &ent).unwrap();
        sign(SealedPrice { number: number.into(), sealed }, &who.id(), &who.secret).unwrap()
    };
    let path = format!("/v1/auctions/{id}/sealed-prices");
    let start = rec.terms.bidding_starts;

    app.clock.store(start.unix() - 30, Ordering::SeqCst);
    assert_eq!(app.post(&path, Some(&ta), &price(&a, &na, "8300000.00", &keys)).await.code(), "auction.not_started");
    app.clock.store(start.unix() + 10, Ordering::SeqCst);
    let (ta, tb) = (app.login(&a).await, app.login(&b).await);
    let _: serde_json::Value = app.post(&path, Some(&ta), &price(&a, &na, "8300000.00", &keys)).await.into();
    assert_eq!(app.post(&path, Some(&ta), &price(&a, &na, "8400000.00", &keys)).await.code(), "auction.sealed_twice");
    // Sealed to others than the reserve's custodians, or under another's number: refused.
    let strangers: Vec<(String, [u8; 32])> = keys.iter().rev().cloned().collect();
    assert_eq!(app.post(&path, Some(&tb), &price(&b, &nb, "8200000.00", &strangers)).await.code(), "auction.statement");
    assert_eq!(app.post(&path, Some(&tb), &price(&b, &na, "8200000.00", &keys)).await.code(), "auction.statement");
    app.clock.store(start.unix() + 20, Ordering::SeqCst);
    let _: serde_json::Value = app.post(&path, Some(&tb), &price(&b, &nb, "8200000.00", &keys)).await.into();
    // Nothing of them shows before the close: not the prices, not who sent them.
    assert_eq!(app.get(&path, None).await.code(), "auction.not_ended");
    let public = app.get(&format!("/v1/auctions/{id}/board"), None).await.body.to_string();
    assert!(!public.contains("8300000") && !public.contains(&format!("\"{na}\"")));

    // After the close, two custodians release their shares of each price and of the reserve.
    app.clock.store(at("2026-10-19T11:00:01+08:00").unix(), Ordering::SeqCst);
    let prices: Vec<SignedDoc<SealedPrice>> = app.get(&path, None).await.into();
    assert_eq!(prices.len(), 2);
    for m in [1u32, 3] {
        let (who, _) = &custodians[m as usize - 1];
        let token = app.login(who).await;
        let shares: Vec<PriceShare> = prices
            .iter()
            .map(|p| PriceShare { number: p.doc.number.clone(), share: open_share(&p.doc.sealed, m, &who.secret).unwrap() })
            .collect();
        let _: AuctionReserveState = app.post(&format!("{path}/release"), Some(&token), &shares).await.into();
        let share = open_share(&reserve.doc, m, &who.secret).unwrap();
        let _: AuctionReserveState = app.post(&format!("/v1/auctions/{id}/reserve/release"), Some(&token), &share).await.into();
    }
    let result: AuctionResult = app.get(&format!("/v1/auctions/{id}/result"), None).await.into();
    assert_eq!(result.outcome, Outcome::Sold { number: na.clone(), price: d("8300000.00"), at: start.plus_seconds(10) });
    assert_eq!(
        result.history.iter().map(|h| (h.action.as_str(), h.amount)).collect::<Vec<_>>(),
        [("sealed", Some(d("8300000.00"))), ("sealed", Some(d("8200000.00")))]
    );
    let state: AuctionReserveState = app.get(&format!("/v1/auctions/{id}/reserve"), None).await.into();
    let check = tenderbox_client::auction_verify::check_record(&result, &state).unwrap();
    assert_eq!(check.bids, 2);
    // A price altered in the published record is found.
    let mut altered = result.clone();
    altered.history[1].amount = Some(d("8400000.00"));
    assert!(tenderbox_client::auction_verify::check_record(&altered, &state).is_err());
}
