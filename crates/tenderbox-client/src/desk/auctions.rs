//! Listings and auctions on the desk: the list, and one auction's room for whoever opens
//! it — the bidder registers, bids with its key and sees its own bids on the live board;
//! the centre announces, seals the seller's reserve and watches; a custodian releases its
//! share once bidding has ended; the buyer and the centre sign the confirmation. The board
//! arrives live from the server's event stream ([`crate::auction_room`]), never polled.

use super::{Desk, DeskError, DeskResult};
use serde::{Deserialize, Serialize};
use tenderbox_core::Decimal;
use tenderbox_core::amount::to_chinese_upper;
use tenderbox_core::auction::{Action, Asset, AuctionTerms, BidStatement, DutchTerms, Mode, Outcome, Phase};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::signed::sign;
use tenderbox_wire::{AuctionBoard, AuctionRecord, AuctionReserveState, AuctionResult};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuctionRow {
    pub id: String,
    pub title: String,
    /// `land`, `mining`, `state_property`.
    pub asset: String,
    /// `listing`, `english`, `dutch`, `sealed`.
    pub mode: String,
    pub centre: String,
    pub starting_price: String,
    /// `not_started`, `listing`, `countdown`, `descending`, `sealed`, `ended`.
    pub phase: String,
    /// When the phase ends or started (ISO, server time).
    pub phase_at: String,
    /// `announced`, `sold`, `no_sale`, `confirmed`, `suspended`.
    pub status: String,
    pub rehearsal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BoardLine {
    #[ts(type = "number")]
    pub seq: u64,
    pub amount: String,
    /// Beijing time.
    pub at: String,
    pub timed: bool,
    /// Placed from this computer by the identity in use.
    pub mine: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BoardView {
    pub auction: String,
    pub phase: String,
    /// The phase's end (or the descending price's next step), ISO; for `ended`, when it ended.
    pub phase_at: String,
    /// A descending auction's price now.
    pub price_now: Option<String>,
    pub current: Option<String>,
    pub current_words: Option<String>,
    pub minimum: Option<String>,
    pub minimum_words: Option<String>,
    /// Newest first: every bid, or on the live stream the latest few.
    pub bids: Vec<BoardLine>,
    /// How many bids there are in all.
    #[ts(type = "number")]
    pub bid_count: u64,
    /// The server's time of this board (unix seconds).
    #[ts(type = "number")]
    pub server_time: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReserveCustodianView {
    pub place: u32,
    pub name: String,
    pub released_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReserveView {
    pub sealed: bool,
    pub sealed_at: Option<String>,
    pub hash: Option<String>,
    pub threshold: u32,
    pub custodians: Vec<ReserveCustodianView>,
    /// Once k shares are out.
    pub reserve: Option<String>,
    /// The identity in use's place among the custodians.
    pub my_place: Option<u32>,
    pub i_released: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConfirmationView {
    pub buyer: String,
    pub buyer_uscc: String,
    pub number: String,
    pub price: String,
    pub price_words: String,
    pub reserve: String,
    pub deposit_applied: String,
    pub balance: String,
    pub bid_at: String,
    pub ended_at: String,
    pub buyer_signed: bool,
    pub centre_signed: bool,
    pub confirmed_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OutcomeView {
    /// `sold`, `no_bids`, `below_reserve`.
    pub outcome: String,
    pub price: Option<String>,
    pub price_words: Option<String>,
    pub number: Option<String>,
    pub highest: Option<String>,
    pub reserve: Option<String>,
    pub ended_at: String,
    pub publicity_until: String,
    pub confirmation: Option<ConfirmationView>,
    /// The identity in use bought it.
    pub i_won: bool,
    #[ts(type = "number")]
    pub steps: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MyRegistrationView {
    /// `awaiting_deposit`, `registered`, `closed`.
    pub status: String,
    pub deposit_reference: String,
    pub deposit_required: String,
    pub deposit_received: String,
    pub number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AuctionRoomView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub asset: String,
    pub mode: String,
    pub centre: String,
    pub seller: String,
    pub rehearsal: bool,
    pub status: String,
    pub starting_price: String,
    pub starting_price_words: String,
    pub increment: String,
    pub whole_increments: bool,
    pub deposit: String,
    pub conditions: Vec<String>,
    pub winner_rule: String,
    pub announced_at: String,
    pub registration_deadline: String,
    /// ISO, for the countdown to registration's close.
    pub registration_deadline_iso: String,
    pub bidding_starts: String,
    pub listing_ends: Option<String>,
    pub countdown_seconds: u32,
    pub terms_hash: String,
    pub board: BoardView,
    pub registration: Option<MyRegistrationView>,
    pub reserve: ReserveView,
    pub result: Option<OutcomeView>,
    /// Why there is no result yet after the end (`auction.reserve_pending`, …), in words.
    pub result_pending: Option<String>,
    /// A sealed round: the price this computer sealed and sent, if any.
    pub my_sealed_price: Option<String>,
    /// Server time minus this computer's time, seconds (measured at the last sync).
    #[ts(type = "number")]
    pub clock_offset: i64,
}

/// The form a centre admin announces a listing or auction with. Times are Beijing local
/// `YYYY-MM-DDTHH:MM`; amounts in yuan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AuctionForm {
    pub id: String,
    pub title: String,
    pub asset: String,
    pub mode: String,
    pub description: String,
    pub seller_name: String,
    pub seller_uscc: String,
    pub starting_price: String,
    pub increment: String,
    pub whole_increments: bool,
    pub deposit: String,
    /// One condition per line.
    pub conditions: String,
    pub winner_rule: String,
    pub registration_deadline: String,
    pub bidding_starts: String,
    /// Listing or sealed round: the close; empty otherwise.
    pub listing_ends: String,
    pub countdown_seconds: u32,
    /// Dutch auction: the step, the interval (s) and the floor.
    pub dutch_step: String,
    pub dutch_interval: u32,
    pub dutch_floor: String,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    AuctionRow::export_all_to(dir)?;
    BoardView::export_all_to(dir)?;
    AuctionRoomView::export_all_to(dir)?;
    AuctionForm::export_all_to(dir)
}

fn key<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn words(d: Decimal) -> String {
    to_chinese_upper(d).unwrap_or_else(|_| d.to_string())
}

fn phase_of(p: &Phase) -> (String, String, Option<String>) {
    match p {
        Phase::NotStarted { starts_at } => ("not_started".into(), starts_at.to_string(), None),
        Phase::Listing { ends_at } => ("listing".into(), ends_at.to_string(), None),
        Phase::Countdown { ends_at } => ("countdown".into(), ends_at.to_string(), None),
        Phase::Descending { price, next_step_at } => ("descending".into(), next_step_at.to_string(), Some(price.to_string())),
        Phase::Sealed { ends_at } => ("sealed".into(), ends_at.to_string(), None),
        Phase::Ended { at } => ("ended".into(), at.to_string(), None),
    }
}

fn row(r: AuctionRecord) -> AuctionRow {
    let (phase, phase_at, _) = phase_of(&r.phase);
    AuctionRow {
        id: r.terms.id.clone(),
        title: r.terms.title.clone(),
        asset: key(&r.terms.asset),
        mode: key(&r.terms.mode),
        centre: r.terms.centre.clone(),
        starting_price: r.terms.starting_price.to_string(),
        phase,
        phase_at,
        status: r.status,
        rehearsal: r.terms.rehearsal,
    }
}

/// The board as the room shows it, this computer's own bids marked.
pub fn board_view(b: &AuctionBoard, mine: &[u64]) -> BoardView {
    let (phase, phase_at, price_now) = phase_of(&b.phase);
    BoardView {
        auction: b.auction.clone(),
        phase,
        phase_at,
        price_now,
        current: b.current.map(|c| c.to_string()),
        current_words: b.current.map(words),
        minimum: b.minimum.map(|m| m.to_string()),
        minimum_words: b.minimum.map(words),
        bids: b
            .bids
            .iter()
            .rev()
            .map(|x| BoardLine {
                seq: x.seq,
                amount: x.amount.to_string(),
                at: x.at.to_beijing(),
                timed: x.timed,
                mine: mine.contains(&x.seq),
            })
            .collect(),
        bid_count: b.bid_count.max(b.bids.len() as u64),
        server_time: b.server_time.unix(),
    }
}

fn reserve_view(st: &AuctionReserveState, me: Option<&str>) -> ReserveView {
    let my_place = st.sealed.as_ref().and_then(|s| s.doc.custodians.iter().position(|c| Some(c.as_str()) == me)).map(|i| i as u32 + 1);
    ReserveView {
        sealed: st.sealed.is_some(),
        sealed_at: st.sealed_at.map(|t| t.to_beijing()),
        hash: st.hash.clone(),
        threshold: st.threshold,
        custodians: st
            .custodians
            .iter()
            .map(|c| ReserveCustodianView { place: c.place, name: c.name.clone(), released_at: c.released_at.map(|t| t.to_beijing()) })
            .collect(),
        reserve: st.reserve.map(|r| r.to_string()),
        i_released: my_place.is_some_and(|p| st.released.iter().any(|r| r.custodian == p)),
        my_place,
    }
}

fn outcome_view(r: &AuctionResult, me: Option<&str>) -> OutcomeView {
    let (outcome, price, number, highest) = match &r.outcome {
        Outcome::Sold { number, price, .. } => ("sold", Some(*price), Some(number.clone()), None),
        Outcome::NoBids => ("no_bids", None, None, None),
        Outcome::BelowReserve { highest } => ("below_reserve", None, None, Some(highest.to_string())),
    };
    let confirmation = r.confirmation.as_ref().map(|c| ConfirmationView {
        buyer: c.buyer.clone(),
        buyer_uscc: c.buyer_uscc.clone(),
        number: c.number.clone(),
        price: c.price.to_string(),
        price_words: c.price_in_words.clone(),
        reserve: c.reserve.to_string(),
        deposit_applied: c.deposit_applied.to_string(),
        balance: c.balance.to_string(),
        bid_at: c.bid_at.to_beijing(),
        ended_at: c.ended_at.to_beijing(),
        buyer_signed: r.buyer_signature.is_some(),
        centre_signed: r.centre_signature.is_some(),
        confirmed_at: r.confirmed_at.map(|t| t.to_beijing()),
    });
    let i_won = match (&r.outcome, me) {
        (Outcome::Sold { number, .. }, Some(me)) => {
            r.history.iter().any(|h| &h.number == number && h.signed.as_ref().is_some_and(|s| s.signer == me))
        }
        _ => false,
    };
    OutcomeView {
        outcome: outcome.into(),
        price: price.map(|p| p.to_string()),
        price_words: price.map(words),
        number,
        highest,
        reserve: r.reserve.map(|v| v.to_string()),
        ended_at: r.ended_at.to_beijing(),
        publicity_until: r.publicity_until.clone(),
        confirmation,
        i_won,
        steps: r.history.len() as u64,
    }
}

fn beijing(text: &str, field: &str) -> DeskResult<Timestamp> {
    let t = text.trim();
    Timestamp::parse(&format!("{t}:00+08:00"))
        .or_else(|_| Timestamp::parse(&format!("{t}+08:00")))
        .map_err(|_| DeskError::new("auction.field", format!("{field}: '{t}' is not a time (YYYY-MM-DDTHH:MM, Beijing)")))
}

fn amount(text: &str, field: &str) -> DeskResult<Decimal> {
    text.trim()
        .replace(',', "")
        .parse::<Decimal>()
        .map_err(|_| DeskError::new("auction.field", format!("{field}: '{}' is not an amount in yuan", text.trim())))
}

impl AuctionForm {
    /// The terms this form describes (the server dates the announcement and checks the rules).
    pub fn to_terms(&self, now: Timestamp, rehearsal: bool) -> DeskResult<AuctionTerms> {
        let asset: Asset = serde_json::from_value(self.asset.clone().into())
            .map_err(|_| DeskError::new("auction.field", format!("asset: '{}' is not land, mining or state_property", self.asset)))?;
        let mode: Mode = serde_json::from_value(self.mode.clone().into())
            .map_err(|_| DeskError::new("auction.field", format!("mode: '{}' is not listing, english, dutch or sealed", self.mode)))?;
        let seller_uscc = tenderbox_core::uscc::Uscc::parse(self.seller_uscc.trim())
            .map_err(|e| DeskError::new("auction.field", format!("seller's credit code: {e}")))?;
        let dutch = if mode == Mode::Dutch {
            Some(DutchTerms {
                step: amount(&self.dutch_step, "step")?,
                interval_seconds: self.dutch_interval,
                floor: amount(&self.dutch_floor, "floor")?,
            })
        } else {
            None
        };
        Ok(AuctionTerms {
            format: tenderbox_core::auction::AUCTION_FORMAT,
            id: self.id.trim().into(),
            title: self.title.trim().into(),
            centre: "HZ".into(),
            asset,
            mode,
            seller: tenderbox_core::tender::Party { name: self.seller_name.trim().into(), uscc: seller_uscc },
            description: self.description.trim().into(),
            starting_price: amount(&self.starting_price, "starting price")?,
            increment: if matches!(mode, Mode::Listing | Mode::English) { amount(&self.increment, "increment")? } else { Decimal::ZERO },
            whole_increments: self.whole_increments,
            deposit: amount(&self.deposit, "deposit")?,
            conditions: self.conditions.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect(),
            winner_rule: self.winner_rule.trim().into(),
            announced_at: now,
            registration_deadline: beijing(&self.registration_deadline, "registration deadline")?,
            bidding_starts: beijing(&self.bidding_starts, "bidding starts")?,
            listing_ends: match mode {
                Mode::Listing | Mode::Sealed => Some(beijing(&self.listing_ends, "listing ends")?),
                _ => None,
            },
            countdown_seconds: self.countdown_seconds,
            dutch,
            rehearsal,
        })
    }
}

impl Desk {
    async fn auction_me(&self) -> Option<String> {
        self.identity().await.ok().flatten().map(|i| i.id)
    }

    fn mine_key(id: &str) -> String {
        format!("auction.mine:{id}")
    }

    /// The board places (bid numbers on the board) of the bids placed from this computer in `id`.
    pub async fn my_auction_bids(&self, id: &str) -> Vec<u64> {
        let text = self.store().meta(&Self::mine_key(id)).await.ok().flatten().unwrap_or_default();
        text.split(',').filter_map(|s| s.parse().ok()).collect()
    }

    /// Every listing and auction (public).
    pub async fn auctions(&self) -> DeskResult<Vec<AuctionRow>> {
        let api = crate::api::Api::new(&self.settings().await.server);
        Ok(api.auctions().await?.into_iter().map(row).collect())
    }

    /// One auction's room for the identity in use.
    pub async fn auction_room(&self, id: &str) -> DeskResult<AuctionRoomView> {
        let public = crate::api::Api::new(&self.settings().await.server);
        let rec = public.auction(id).await?;
        let board = public.auction_board(id).await?;
        let reserve = public.auction_reserve(id).await?;
        let me = self.auction_me().await;
        let roles = self.identity().await.ok().flatten().map(|i| i.roles).unwrap_or_default();
        let registration = if roles.iter().any(|r| r == "bidder") {
            let api = self.session_api().await?;
            match api.auction_registration(id).await {
                Ok(r) => Some(MyRegistrationView {
                    status: r.status,
                    deposit_reference: r.deposit_reference,
                    deposit_required: r.deposit_required.to_string(),
                    deposit_received: r.deposit_received.to_string(),
                    number: r.number,
                }),
                Err(e) if e.code() == "auction.not_registered" => None,
                Err(e) => return Err(e.into()),
            }
        } else {
            None
        };
        let (result, result_pending) = if matches!(board.phase, Phase::Ended { .. }) {
            match public.auction_result(id).await {
                Ok(r) => (Some(outcome_view(&r, me.as_deref())), None),
                Err(crate::api::ApiFailure::Server { message, .. }) => (None, Some(message)),
                Err(e) => return Err(e.into()),
            }
        } else {
            (None, None)
        };
        let mine = self.my_auction_bids(id).await;
        let t = &rec.terms;
        Ok(AuctionRoomView {
            id: t.id.clone(),
            title: t.title.clone(),
            description: t.description.clone(),
            asset: key(&t.asset),
            mode: key(&t.mode),
            centre: t.centre.clone(),
            seller: t.seller.name.clone(),
            rehearsal: t.rehearsal,
            status: rec.status.clone(),
            starting_price: t.starting_price.to_string(),
            starting_price_words: words(t.starting_price),
            increment: t.increment.to_string(),
            whole_increments: t.whole_increments,
            deposit: t.deposit.to_string(),
            conditions: t.conditions.clone(),
            winner_rule: t.winner_rule.clone(),
            announced_at: t.announced_at.to_beijing(),
            registration_deadline: t.registration_deadline.to_beijing(),
            registration_deadline_iso: t.registration_deadline.to_string(),
            bidding_starts: t.bidding_starts.to_beijing(),
            listing_ends: t.listing_ends.map(|e| e.to_beijing()),
            countdown_seconds: t.countdown_seconds,
            terms_hash: rec.terms_hash.clone(),
            board: board_view(&board, &mine),
            registration,
            reserve: reserve_view(&reserve, me.as_deref()),
            result,
            result_pending,
            my_sealed_price: self.store().meta(&format!("auction.sealed:{id}")).await?,
            clock_offset: self.server_now().await.unix() - self.now().unix(),
        })
    }

    /// Applies to bid, accepting the announcement's conditions.
    pub async fn auction_apply(&self, id: &str) -> DeskResult<AuctionRoomView> {
        self.session_api().await?.auction_apply(id, true).await?;
        self.auction_room(id).await
    }

    /// A signed step with the identity's bidding number: a bid of `amount`, the acceptance
    /// of the descending price, or going on to timed bidding. Its place is remembered here
    /// so the board shows the bid as this computer's.
    pub async fn auction_step(&self, id: &str, action: &str, amount_text: Option<&str>) -> DeskResult<BoardView> {
        let api = self.session_api().await?;
        let rec = api.auction(id).await?;
        let reg = api.auction_registration(id).await?;
        let number = reg.number.ok_or_else(|| {
            DeskError::new(
                "auction.not_registered",
                format!("no bidding number yet: the deposit received so far is {}", reg.deposit_received),
            )
        })?;
        let action = match action {
            "bid" => Action::Bid,
            "accept" => Action::Accept,
            "go_on" => Action::GoOn,
            other => return Err(DeskError::new("auction.statement", format!("unknown step {other}"))),
        };
        let amount = amount_text.map(|a| amount(a, "bid")).transpose()?;
        let secret = self.signer().await?;
        let me = self.auction_me().await.unwrap_or_default();
        let statement = BidStatement { auction: id.into(), terms_hash: rec.terms_hash, number, action, amount, signed_at: self.now() };
        let done = api.auction_step(id, &sign(statement, &me, &secret)?).await?;
        let mut mine = self.my_auction_bids(id).await;
        // The board numbers bids, not steps (a wish to go on is a step but not a bid): the
        // bid just taken is the board's last.
        if action != Action::GoOn
            && let Some(last) = done.board.bids.last()
        {
            mine.push(last.seq);
        }
        let text: Vec<String> = mine.iter().map(u64::to_string).collect();
        self.store().set_meta(&Self::mine_key(id), &text.join(",")).await?;
        Ok(board_view(&done.board, &mine))
    }

    /// A sealed round's one price, sealed here to the reserve's custodians (certified, checked
    /// against the pinned log key) and signed: unreadable until they open it after the close.
    pub async fn auction_seal_price(&self, id: &str, price: &str) -> DeskResult<AuctionRoomView> {
        let value = amount(price, "price")?;
        let api = self.session_api().await?;
        let rec = api.auction(id).await?;
        let reg = api.auction_registration(id).await?;
        let number = reg.number.ok_or_else(|| DeskError::new("auction.not_registered", "no bidding number yet"))?;
        let reserve = api
            .auction_reserve(id)
            .await?
            .sealed
            .ok_or_else(|| DeskError::new("auction.reserve_missing", "the round takes prices once its reserve is sealed"))?;
        let keys = self.custodian_keys(&reserve.doc.custodians).await?;
        let sealed =
            tenderbox_seal::reserve::seal(id, &rec.terms_hash, value, &keys, reserve.doc.threshold, &tenderbox_seal::SystemEntropy::new())
                .map_err(|e| DeskError::new("auction.statement", e.to_string()))?;
        let secret = self.signer().await?;
        let me = self.auction_me().await.unwrap_or_default();
        api.submit_sealed_price(id, &sign(tenderbox_seal::reserve::SealedPrice { number, sealed }, &me, &secret)?).await?;
        self.store().set_meta(&format!("auction.sealed:{id}"), &value.to_string()).await?;
        self.auction_room(id).await
    }

    /// The X25519 keys of certified custodians, by id.
    async fn custodian_keys(&self, ids: &[String]) -> DeskResult<Vec<(String, [u8; 32])>> {
        let certified = self.certified_custodians().await?;
        let mut keys = Vec::new();
        for c in ids {
            let (cust, _) = certified
                .iter()
                .find(|(x, _)| &x.id == c)
                .ok_or_else(|| DeskError::new("auction.reserve", format!("{c} is not a certified custodian")))?;
            let k: [u8; 32] = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &cust.encryption_key)
                .ok()
                .and_then(|v| v.try_into().ok())
                .ok_or_else(|| DeskError::new("auction.reserve", format!("custodian {} has no usable encryption key", cust.name)))?;
            keys.push((c.clone(), k));
        }
        Ok(keys)
    }

    /// Announces a listing or auction (centre admin). On a rehearsal platform it is a rehearsal.
    pub async fn auction_announce(&self, form: &AuctionForm) -> DeskResult<AuctionRow> {
        let public = crate::api::Api::new(&self.settings().await.server);
        let rehearsal = public.health().await?.rehearsal;
        let terms = form.to_terms(self.server_now().await, rehearsal)?;
        Ok(row(self.session_api().await?.announce_auction(&terms).await?))
    }

    /// Seals the seller's reserve to `custodians` (certified custodian ids), `threshold` of
    /// them needed (centre admin, before bidding starts). The amount never leaves this
    /// computer in the clear.
    pub async fn auction_seal_reserve(
        &self,
        id: &str,
        reserve: &str,
        custodians: &[String],
        threshold: u32,
    ) -> DeskResult<AuctionRoomView> {
        let value = amount(reserve, "reserve")?;
        let keys = self.custodian_keys(custodians).await?;
        let api = self.session_api().await?;
        let rec = api.auction(id).await?;
        let sealed = tenderbox_seal::reserve::seal(id, &rec.terms_hash, value, &keys, threshold, &tenderbox_seal::SystemEntropy::new())
            .map_err(|e| DeskError::new("auction.reserve", e.to_string()))?;
        let secret = self.signer().await?;
        let me = self.auction_me().await.unwrap_or_default();
        api.seal_reserve(id, &sign(sealed, &me, &secret)?).await?;
        self.auction_room(id).await
    }

    /// A custodian releases its share of the reserve: only once the server's board says
    /// bidding has ended and this computer's clock agrees.
    pub async fn auction_release(&self, id: &str) -> DeskResult<AuctionRoomView> {
        let api = self.session_api().await?;
        let state = api.auction_reserve(id).await?;
        let sealed = state.sealed.ok_or_else(|| DeskError::new("auction.reserve_missing", "no reserve was sealed"))?;
        let me = self.auction_me().await.unwrap_or_default();
        let place = sealed
            .doc
            .custodians
            .iter()
            .position(|c| c == &me)
            .ok_or_else(|| DeskError::new("auction.not_custodian", "you are not a custodian of this reserve"))? as u32
            + 1;
        let board = api.auction_board(id).await?;
        match board.phase {
            Phase::Ended { at } if self.now().unix() + crate::logcheck::CLOCK_TOLERANCE_SECS >= at.unix() => {}
            _ => return Err(DeskError::new("auction.not_ended", "bidding has not ended: the share is released after the end")),
        }
        let secret = self.signer().await?;
        let share = tenderbox_seal::reserve::open_share(&sealed.doc, place, &secret)
            .map_err(|e| DeskError::new("auction.share_invalid", e.to_string()))?;
        // A sealed round: this custodian's shares of every price first.
        if api.auction(id).await?.terms.mode == tenderbox_core::auction::Mode::Sealed {
            let mut shares = Vec::new();
            for p in api.sealed_prices(id).await? {
                let s = tenderbox_seal::reserve::open_share(&p.doc.sealed, place, &secret)
                    .map_err(|e| DeskError::new("auction.share_invalid", format!("the price of bidding number {}: {e}", p.doc.number)))?;
                shares.push(tenderbox_seal::reserve::PriceShare { number: p.doc.number, share: s });
            }
            if !shares.is_empty() {
                api.release_price_shares(id, &shares).await?;
            }
        }
        api.release_reserve_share(id, &share).await?;
        self.auction_room(id).await
    }

    /// Signs the confirmation of the sale as the platform made it (the buyer, a centre admin).
    pub async fn auction_confirm(&self, id: &str) -> DeskResult<AuctionRoomView> {
        let api = self.session_api().await?;
        let r = api.auction_result(id).await?;
        let c = r.confirmation.ok_or_else(|| DeskError::new("auction.no_sale", "the auction ended without a sale"))?;
        let secret = self.signer().await?;
        let me = self.auction_me().await.unwrap_or_default();
        api.confirm_auction(id, &sign(c, &me, &secret)?).await?;
        self.auction_room(id).await
    }

    /// Checks the finished auction as anyone can ([`crate::auction_verify`]), against this
    /// computer's pinned log key. Returns what was checked, in words.
    pub async fn auction_verify(&self, id: &str) -> DeskResult<String> {
        let key = self
            .store()
            .meta(crate::sync::META_LOG_KEY)
            .await?
            .ok_or_else(|| DeskError::new("log.unpinned", "trust the platform's log key first"))?;
        let api = crate::api::Api::new(&self.settings().await.server);
        let r = api.auction_result(id).await?;
        let c = crate::auction_verify::verify(&api, &key, &r).await.map_err(|e| match e {
            crate::auction_verify::AuctionVerifyError::Api(a) => a.into(),
            other => DeskError::new("auction.verify", other.to_string()),
        })?;
        Ok(format!("{} {} {}", c.steps, c.bids, c.log_size))
    }
}
