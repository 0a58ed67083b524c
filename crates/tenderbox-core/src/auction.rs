//! Listings (挂牌), auctions (拍卖) and timed bidding (限时竞价) for land use rights,
//! mining rights and state-owned property: the announcement's schedule, each bid's
//! validity at the server's receive time, the countdown, and the outcome against the
//! sealed reserve price (底价).
//!
//! Pure rules, as everything in this crate: the server passes its own receive time as
//! `now` and keeps the bids in its receive order (one lock per auction); the same
//! functions replay a finished auction's signed bids for `tenderbox auction verify`.
//!
//! Sources (see docs/auctions.md): 招标拍卖挂牌出让国有建设用地使用权规定 (国土资源部令
//! 第39号) for land — announcement at least 20 days before bidding starts, a listing open
//! at least 10 (working) days, at the close timed bidding if anyone will go on, otherwise
//! one bidder at or above the reserve wins, several: the highest, a tie: the earliest; below
//! the reserve or no bid: no sale; 企业国有资产交易监督管理办法 (国资委 财政部令第32号) for
//! state property — disclosure of at least 20 working days, ascending, one-shot sealed or
//! descending (Dutch) bidding chosen per listing.

use crate::Decimal;
use crate::calendar::Calendar;
use crate::credit::day_of;
use crate::security::add_days;
use crate::tender::Party;
use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The terms' format version.
pub const AUCTION_FORMAT: u32 = 1;
/// Land and mining rights: calendar days from the announcement to the start of bidding.
pub const LAND_ANNOUNCEMENT_DAYS: i64 = 20;
/// State property: working days of disclosure before bidding starts.
pub const PROPERTY_DISCLOSURE_WORKING_DAYS: u32 = 20;
/// A listing stays open at least this many working days.
pub const LISTING_WORKING_DAYS: u32 = 10;
/// The countdown a bid restarts, bounds in seconds.
pub const COUNTDOWN_RANGE: (u32, u32) = (60, 1800);
/// The shortest countdown of a rehearsal.
pub const REHEARSAL_COUNTDOWN_MIN: u32 = 15;

/// What is sold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Asset {
    /// 国有建设用地使用权
    Land,
    /// 矿业权
    Mining,
    /// 企业国有产权 / 国有资产
    StateProperty,
}

impl Asset {
    /// The trading type the credit library's restrictions and the statistics use.
    pub fn trading_type(self) -> crate::tender::TradingType {
        match self {
            Asset::Land | Asset::Mining => crate::tender::TradingType::LandMining,
            Asset::StateProperty => crate::tender::TradingType::Property,
        }
    }
}

/// How prices arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// 挂牌: open for days, then timed bidding if anyone will go on.
    Listing,
    /// 拍卖 (增价): ascending, each bid restarts the countdown.
    English,
    /// 减价: the price falls by a step each interval until someone accepts (state property).
    Dutch,
    /// 一次报价: one sealed price each, opened at the close.
    Sealed,
}

/// A descending auction's price steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DutchTerms {
    pub step: Decimal,
    pub interval_seconds: u32,
    /// The price the descent stops at (public; the sealed reserve still decides the sale).
    pub floor: Decimal,
}

/// The announcement's terms: what, how, at what price, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuctionTerms {
    pub format: u32,
    pub id: String,
    pub title: String,
    pub centre: String,
    pub asset: Asset,
    pub mode: Mode,
    pub seller: Party,
    /// The parcel or the asset: location, area, use, term, conditions of transfer.
    pub description: String,
    pub starting_price: Decimal,
    pub increment: Decimal,
    /// Bids must be the starting price plus a whole number of increments.
    pub whole_increments: bool,
    pub deposit: Decimal,
    /// Eligibility conditions the announcement states (checked at registration).
    pub conditions: Vec<String>,
    /// How the winner is chosen, in the announcement's words.
    pub winner_rule: String,
    pub announced_at: Timestamp,
    pub registration_deadline: Timestamp,
    pub bidding_starts: Timestamp,
    /// Listing: the listing's close; sealed: the deadline for the sealed prices.
    pub listing_ends: Option<Timestamp>,
    /// Seconds a bid restarts the countdown with (listing's timed round, English auction).
    pub countdown_seconds: u32,
    pub dutch: Option<DutchTerms>,
    /// A rehearsal (模拟竞价) on a training platform: the statutory announcement,
    /// disclosure and listing periods do not apply and the countdown may be as short as
    /// 15 s, so that bidders practise in minutes. Nothing in a rehearsal is a sale; a
    /// platform takes rehearsals only when started as a rehearsal platform, and only them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rehearsal: bool,
}

impl AuctionTerms {
    /// Example terms to edit: a land listing announced `now`, bidding from 21 days on for
    /// 16 days (five-minute countdown), registration closing two days before the close.
    pub fn example(now: Timestamp) -> Self {
        let day = 86_400;
        let d = |s: &str| s.parse::<Decimal>().expect("literal decimal");
        let starts = Timestamp::from_unix((now.unix() / day + 21) * day + 3600);
        AuctionTerms {
            format: AUCTION_FORMAT,
            id: "HZ-TD-2026-031".into(),
            title: "湖州市吴兴区滨湖街道 2026-31 号地块国有建设用地使用权".into(),
            centre: "HZ".into(),
            asset: Asset::Land,
            mode: Mode::Listing,
            seller: Party {
                name: "湖州市自然资源和规划局".into(),
                uscc: crate::uscc::Uscc::parse("11330500002580147W").expect("valid example"),
            },
            description: "出让面积 35210 平方米，住宅用地，出让年限 70 年，容积率 1.0–2.2，建筑密度不大于 25%".into(),
            starting_price: d("120000000.00"),
            increment: d("500000.00"),
            whole_increments: true,
            deposit: d("24000000.00"),
            conditions: vec!["中华人民共和国境内的法人和其他组织，法律另有规定的除外".into(), "不接受联合竞买".into()],
            winner_rule: "挂牌期满，价高者得；有竞买人表示继续竞价的，转入限时竞价，每次有效报价后重新计时 5 分钟".into(),
            announced_at: now,
            registration_deadline: starts.plus_seconds(14 * day),
            bidding_starts: starts,
            listing_ends: Some(starts.plus_seconds(16 * day)),
            countdown_seconds: 300,
            dutch: None,
            rehearsal: false,
        }
    }
}

/// A rule refused something: its stable code and the reason, naming the figures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Refusal {
    pub code: &'static str,
    pub reason: String,
}

fn refuse(code: &'static str, reason: impl Into<String>) -> Refusal {
    Refusal { code, reason: reason.into() }
}

impl AuctionTerms {
    /// Every problem with the terms and their schedule (empty: publishable).
    pub fn problems(&self, cal: &Calendar) -> Vec<Refusal> {
        let mut out = Vec::new();
        let zero = Decimal::ZERO;
        if self.starting_price <= zero {
            out.push(refuse("auction.price", format!("the starting price must be above zero, not {}", self.starting_price)));
        }
        if matches!(self.mode, Mode::Listing | Mode::English) && self.increment <= zero {
            out.push(refuse("auction.price", format!("the increment must be above zero, not {}", self.increment)));
        }
        if self.deposit < zero || self.deposit > self.starting_price {
            out.push(refuse("auction.price", format!("the deposit {} must be between zero and the starting price", self.deposit)));
        }
        let announced = day_of(self.announced_at);
        let starts = day_of(self.bidding_starts);
        if self.bidding_starts < self.announced_at {
            out.push(refuse("auction.announcement_days", "bidding cannot start before the announcement"));
        }
        match self.asset {
            _ if self.rehearsal => {}
            Asset::Land | Asset::Mining => {
                let earliest = add_days(&announced, LAND_ANNOUNCEMENT_DAYS);
                if starts < earliest {
                    out.push(refuse(
                        "auction.announcement_days",
                        format!("bidding may start {LAND_ANNOUNCEMENT_DAYS} days after the announcement of {announced}: on {earliest} at the earliest, not {starts}"),
                    ));
                }
            }
            Asset::StateProperty => {
                let last = cal.add_working_days(&announced, PROPERTY_DISCLOSURE_WORKING_DAYS);
                if starts <= last {
                    out.push(refuse(
                        "auction.disclosure_days",
                        format!(
                            "state property is disclosed for {PROPERTY_DISCLOSURE_WORKING_DAYS} working days from {announced}, through {last}: bidding may start after it, not on {starts}"
                        ),
                    ));
                }
            }
        }
        if self.registration_deadline < self.announced_at {
            out.push(refuse("auction.registration_deadline", "registration closes before the announcement"));
        }
        match (self.mode, self.listing_ends) {
            (Mode::Listing | Mode::Sealed, None) => {
                out.push(refuse("auction.listing_ends", "a listing or a sealed round needs its closing time"));
            }
            (Mode::Listing | Mode::Sealed, Some(end)) => {
                if end <= self.bidding_starts {
                    out.push(refuse("auction.listing_ends", "the close must come after bidding starts"));
                } else if self.registration_deadline >= end {
                    out.push(refuse("auction.registration_deadline", "registration must close before the listing does"));
                }
                if self.mode == Mode::Listing && !self.rehearsal {
                    let days = cal.working_days(&starts, &day_of(end));
                    if days < LISTING_WORKING_DAYS {
                        out.push(refuse(
                            "auction.listing_days",
                            format!(
                                "a listing stays open {LISTING_WORKING_DAYS} working days at least; {starts} to {} has {days}",
                                day_of(end)
                            ),
                        ));
                    }
                }
            }
            (Mode::English | Mode::Dutch, Some(_)) => {
                out.push(refuse("auction.listing_ends", "an auction ends by its countdown or acceptance, not at a set time"));
            }
            (Mode::English | Mode::Dutch, None) => {
                if self.registration_deadline > self.bidding_starts {
                    out.push(refuse("auction.registration_deadline", "registration must close before bidding starts"));
                }
            }
        }
        let shortest = if self.rehearsal { REHEARSAL_COUNTDOWN_MIN } else { COUNTDOWN_RANGE.0 };
        if matches!(self.mode, Mode::Listing | Mode::English) && !(shortest..=COUNTDOWN_RANGE.1).contains(&self.countdown_seconds) {
            out.push(refuse(
                "auction.countdown",
                format!("the countdown must be {} to {} seconds, not {}", shortest, COUNTDOWN_RANGE.1, self.countdown_seconds),
            ));
        }
        match (&self.dutch, self.mode) {
            (Some(d), Mode::Dutch) => {
                if self.asset != Asset::StateProperty {
                    out.push(refuse("auction.dutch", "a descending auction is for state property"));
                }
                if d.step <= zero || d.interval_seconds < 10 || d.floor < zero || d.floor > self.starting_price {
                    out.push(refuse(
                        "auction.dutch",
                        "a descending auction needs a step above zero, an interval of 10 s or more and a floor up to the starting price",
                    ));
                }
            }
            (None, Mode::Dutch) => out.push(refuse("auction.dutch", "a descending auction needs its step, interval and floor")),
            (Some(_), _) => out.push(refuse("auction.dutch", "only a descending auction has price steps")),
            (None, _) => {}
        }
        out
    }
}

/// One accepted bid, in the server's receive order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bid {
    /// Position in the auction's bids, from 1.
    pub seq: u64,
    /// The bidder's bidding number (竞买号): the board never shows who it is.
    pub number: String,
    pub amount: Decimal,
    /// The server's receive time.
    pub at: Timestamp,
    /// Placed in the timed round after the listing closed.
    pub timed: bool,
}

/// Where the bidding stands at a moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum Phase {
    NotStarted {
        starts_at: Timestamp,
    },
    /// The listing is open until `ends_at`.
    Listing {
        ends_at: Timestamp,
    },
    /// Timed bidding (or an English auction): the countdown ends at `ends_at` unless a bid comes.
    Countdown {
        ends_at: Timestamp,
    },
    /// A descending auction at `price` until `next_step_at`.
    Descending {
        price: Decimal,
        next_step_at: Timestamp,
    },
    /// Sealed prices are taken until `ends_at`.
    Sealed {
        ends_at: Timestamp,
    },
    Ended {
        at: Timestamp,
    },
}

/// The outcome, decided once bidding has ended, against the reserve revealed then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Sold {
        number: String,
        price: Decimal,
        at: Timestamp,
    },
    /// 流拍: no bid at all.
    NoBids,
    /// 流拍: the highest bid did not reach the reserve.
    BelowReserve {
        highest: Decimal,
    },
}

/// The bidding of one auction: its terms, who asked to go on to timed bidding, and the
/// accepted bids in receive order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Board {
    pub terms: AuctionTerms,
    pub bids: Vec<Bid>,
    /// Bidding numbers that asked, during the listing, to go on to timed bidding.
    pub continuing: BTreeSet<String>,
    /// Server outages the bidding resumed from, in order.
    pub resumes: Vec<Resume>,
}

/// A server outage the bidding resumed from: nobody could bid from `from` (the server's
/// last sign of life) to `at` (its restart).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resume {
    pub from: Timestamp,
    pub at: Timestamp,
}

impl Board {
    pub fn new(terms: AuctionTerms) -> Self {
        Board { terms, bids: Vec::new(), continuing: BTreeSet::new(), resumes: Vec::new() }
    }

    /// The highest bid so far: highest amount, then earliest.
    pub fn high(&self) -> Option<&Bid> {
        self.bids.iter().reduce(|best, b| if b.amount > best.amount { b } else { best })
    }

    /// The lowest amount the next bid may be (ascending modes).
    pub fn minimum(&self) -> Decimal {
        match self.high() {
            None => self.terms.starting_price,
            Some(h) => h.amount + self.terms.increment,
        }
    }

    fn countdown(&self, from: Timestamp) -> Timestamp {
        from.plus_seconds(i64::from(self.terms.countdown_seconds))
    }

    /// When the descent counts from at `now`: the start, moved on by every outage resumed
    /// from by then.
    fn dutch_start(&self, now: Timestamp) -> Timestamp {
        let shift: i64 = self.resumes.iter().filter(|r| r.at <= now).map(|r| r.at.unix() - r.from.unix()).sum();
        self.terms.bidding_starts.plus_seconds(shift)
    }

    /// The descending price at `now` (the floor once reached).
    pub fn dutch_price(&self, now: Timestamp) -> Option<(Decimal, Timestamp)> {
        let d = self.terms.dutch.as_ref()?;
        let start = self.dutch_start(now);
        let interval = i64::from(d.interval_seconds.max(1));
        let steps = ((now.unix() - start.unix()).max(0)) / interval;
        let price = (self.terms.starting_price - d.step * Decimal::from(steps)).max(d.floor);
        Some((price, start.plus_seconds((steps + 1) * interval)))
    }

    /// The moment the floor price's interval runs out (a descent nobody accepted ends).
    fn dutch_end(&self, now: Timestamp) -> Option<Timestamp> {
        let d = self.terms.dutch.as_ref()?;
        let start = self.dutch_start(now);
        if d.step <= Decimal::ZERO {
            return Some(start);
        }
        let drop = self.terms.starting_price - d.floor;
        let steps = rust_decimal::prelude::ToPrimitive::to_i64(&(drop / d.step).ceil()).unwrap_or(i64::MAX / 4);
        Some(start.plus_seconds((steps + 1) * i64::from(d.interval_seconds.max(1))))
    }

    /// The listing's close: as announced, unless an outage took it in — then one full
    /// countdown after the restart (**auction.resume**).
    fn close(&self) -> Timestamp {
        let mut close = self.terms.listing_ends.unwrap_or(self.terms.bidding_starts);
        for r in &self.resumes {
            if r.from < close && close < self.countdown(r.at) {
                close = self.countdown(r.at);
            }
        }
        close
    }

    /// **auction.resume**: a round cut by a server outage resumes at the restart and never
    /// ends inside the outage — a running countdown (an English auction, timed bidding)
    /// starts again in full at the restart, a listing whose close the outage took in closes
    /// one full countdown after it, and a descending auction's schedule moves on by the
    /// outage's length. Bids accepted before the outage stand.
    pub fn resume(&mut self, from: Timestamp, at: Timestamp) -> Result<(), Refusal> {
        if at < from {
            return Err(refuse("auction.resume", "a restart cannot come before the outage it ends"));
        }
        self.resumes.push(Resume { from, at });
        Ok(())
    }

    /// Where bidding stands at `now` (the server's clock decides, never a client's).
    pub fn phase(&self, now: Timestamp) -> Phase {
        let t = &self.terms;
        if now < t.bidding_starts {
            return Phase::NotStarted { starts_at: t.bidding_starts };
        }
        match t.mode {
            Mode::Listing => {
                let close = self.close();
                if now < close {
                    return Phase::Listing { ends_at: close };
                }
                if !self.timed_round_runs() {
                    return Phase::Ended { at: close };
                }
                let restarted = self.resumes.iter().filter(|r| r.at <= now && r.from >= close).map(|r| r.at).max();
                let last = self.bids.iter().filter(|b| b.timed).map(|b| b.at).chain(restarted).max().unwrap_or(close).max(close);
                let ends = self.countdown(last);
                if now < ends { Phase::Countdown { ends_at: ends } } else { Phase::Ended { at: ends } }
            }
            Mode::English => {
                let restarted = self.resumes.iter().filter(|r| r.at <= now).map(|r| r.at).max();
                let last =
                    self.bids.last().map(|b| b.at).into_iter().chain(restarted).max().unwrap_or(t.bidding_starts).max(t.bidding_starts);
                let ends = self.countdown(last);
                if now < ends { Phase::Countdown { ends_at: ends } } else { Phase::Ended { at: ends } }
            }
            Mode::Dutch => {
                if let Some(b) = self.bids.first() {
                    return Phase::Ended { at: b.at };
                }
                let end = self.dutch_end(now).unwrap_or(t.bidding_starts);
                if now >= end {
                    return Phase::Ended { at: end };
                }
                let (price, next) = self.dutch_price(now).unwrap_or((t.starting_price, end));
                Phase::Descending { price, next_step_at: next.min(end) }
            }
            Mode::Sealed => {
                let close = t.listing_ends.unwrap_or(t.bidding_starts);
                if now < close { Phase::Sealed { ends_at: close } } else { Phase::Ended { at: close } }
            }
        }
    }

    /// A timed round follows the listing when someone who bid asked to go on.
    fn timed_round_runs(&self) -> bool {
        self.continuing.iter().any(|n| self.bids.iter().any(|b| !b.timed && &b.number == n))
    }

    fn ended(&self, now: Timestamp) -> Option<Refusal> {
        match self.phase(now) {
            Phase::Ended { at } => {
                Some(refuse("auction.ended", format!("bidding ended at {}; the server's time is {}", at.to_beijing(), now.to_beijing())))
            }
            Phase::NotStarted { starts_at } => Some(refuse(
                "auction.not_started",
                format!("bidding starts at {}; the server's time is {}", starts_at.to_beijing(), now.to_beijing()),
            )),
            _ => None,
        }
    }

    /// Places a bid received at `now` by bidding number `number` (registered and with its
    /// deposit: the caller checks). Ascending modes: at least the minimum, in whole
    /// increments where the terms say so, never against one's own high bid; the timed
    /// round only for those who bid in the listing. Sealed: one price each, at least the
    /// starting price. Dutch: see [`Board::accept`].
    pub fn place(&mut self, number: &str, amount: Decimal, now: Timestamp) -> Result<&Bid, Refusal> {
        if let Some(r) = self.ended(now) {
            return Err(r);
        }
        let phase = self.phase(now);
        let timed = matches!((self.terms.mode, &phase), (Mode::Listing, Phase::Countdown { .. }));
        match self.terms.mode {
            Mode::Dutch => return Err(refuse("auction.mode", "a descending auction is won by accepting the current price")),
            Mode::Sealed => {
                if self.bids.iter().any(|b| b.number == number) {
                    return Err(refuse("auction.sealed_twice", "a sealed round takes one price from each bidder"));
                }
                if amount < self.terms.starting_price {
                    return Err(refuse(
                        "auction.below_minimum",
                        format!("the price must be at least the starting price {}, not {amount}", self.terms.starting_price),
                    ));
                }
            }
            Mode::Listing | Mode::English => {
                if timed && !self.bids.iter().any(|b| !b.timed && b.number == number) {
                    return Err(refuse("auction.timed_not_eligible", "timed bidding is for bidders who bid during the listing"));
                }
                if self.high().is_some_and(|h| h.number == number) {
                    return Err(refuse("auction.already_highest", "your bid is the highest: wait for another bid before raising"));
                }
                let min = self.minimum();
                if amount < min {
                    return Err(refuse(
                        "auction.below_minimum",
                        format!("the bid must be at least {min} (the current price plus the increment), not {amount}"),
                    ));
                }
                if self.terms.whole_increments && self.terms.increment > Decimal::ZERO {
                    let over = amount - self.terms.starting_price;
                    if !(over % self.terms.increment).is_zero() {
                        return Err(refuse(
                            "auction.not_multiple",
                            format!(
                                "the bid must be the starting price {} plus whole increments of {}; {amount} is not",
                                self.terms.starting_price, self.terms.increment
                            ),
                        ));
                    }
                }
            }
        }
        self.push(number, amount, now, timed);
        Ok(self.bids.last().expect("just pushed"))
    }

    /// Accepts the descending price current at `now` (the server's price, not the client's).
    pub fn accept(&mut self, number: &str, now: Timestamp) -> Result<&Bid, Refusal> {
        if self.terms.mode != Mode::Dutch {
            return Err(refuse("auction.mode", "only a descending auction is won by accepting its price"));
        }
        if let Some(r) = self.ended(now) {
            return Err(r);
        }
        let Phase::Descending { price, .. } = self.phase(now) else {
            return Err(refuse("auction.ended", format!("bidding has ended; the server's time is {}", now.to_beijing())));
        };
        self.push(number, price, now, false);
        Ok(self.bids.last().expect("just pushed"))
    }

    /// A bidder who bid during the listing asks to go on to timed bidding at its close.
    pub fn go_on(&mut self, number: &str, now: Timestamp) -> Result<(), Refusal> {
        if self.terms.mode != Mode::Listing {
            return Err(refuse("auction.mode", "only a listing goes on to timed bidding"));
        }
        if !matches!(self.phase(now), Phase::Listing { .. }) {
            return Err(refuse("auction.go_on_closed", "asking to go on to timed bidding is possible only while the listing is open"));
        }
        if !self.bids.iter().any(|b| b.number == number) {
            return Err(refuse("auction.go_on_without_bid", "only a bidder who bid during the listing may go on to timed bidding"));
        }
        self.continuing.insert(number.to_string());
        Ok(())
    }

    fn push(&mut self, number: &str, amount: Decimal, at: Timestamp, timed: bool) {
        let seq = self.bids.len() as u64 + 1;
        self.bids.push(Bid { seq, number: number.to_string(), amount, at, timed });
    }

    /// The outcome once bidding has ended at `now`, against the reserve revealed then
    /// (`None`: the terms set no reserve). Highest bid at or above the reserve: sold at
    /// that bid (so a listing's single bidder at the reserve buys at it); a tie goes to the
    /// earliest bid; no bids or a highest bid below the reserve: no sale.
    pub fn outcome(&self, reserve: Option<Decimal>, now: Timestamp) -> Result<Outcome, Refusal> {
        if !matches!(self.phase(now), Phase::Ended { .. }) {
            return Err(refuse("auction.not_ended", "the outcome is decided when bidding has ended"));
        }
        let Some(best) = self.high() else {
            return Ok(Outcome::NoBids);
        };
        if reserve.is_some_and(|r| best.amount < r) {
            return Ok(Outcome::BelowReserve { highest: best.amount });
        }
        Ok(Outcome::Sold { number: best.number.clone(), price: best.amount, at: best.at })
    }
}

/// What a bidder signs for each step it takes: the auction and its announced terms'
/// hash, its bidding number, the action and, for a bid, the amount. The server's receive
/// time, not `signed_at`, decides when it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BidStatement {
    pub auction: String,
    pub terms_hash: String,
    pub number: String,
    pub action: Action,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Decimal>,
    /// The bidder's clock when it signed (shown, never trusted).
    pub signed_at: Timestamp,
}

/// **auction.refund_days**: the deposits of the bidders who did not win are returned within
/// 5 working days of the end of bidding, without interest (第39号令 第二十一条); the
/// winner's deposit becomes part of the price. The last day, Beijing date.
pub fn refund_due(cal: &Calendar, ended_at: Timestamp) -> String {
    cal.add_working_days(&crate::credit::day_of(ended_at), 5)
}

/// **auction.publicity_days**: the result is public on the portal for 5 working days for
/// state property (企业国有资产交易监督管理办法 第二十九条: 交易结果公示不少于5个工作日)
/// and for 10 working days for land and mining rights (the order has the result published
/// within 10 working days; the centre keeps it up for that long). The last day, Beijing date.
pub fn publicity_until(cal: &Calendar, asset: Asset, ended_at: Timestamp) -> String {
    let days = match asset {
        Asset::StateProperty => 5,
        Asset::Land | Asset::Mining => 10,
    };
    cal.add_working_days(&crate::credit::day_of(ended_at), days)
}

/// The confirmation of the sale (成交确认书): made by the server from the outcome, and
/// signed word for word by a centre admin and by the buyer. The buyer's deposit counts
/// towards the price; the rest is the balance to pay under the contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    pub auction: String,
    pub terms_hash: String,
    pub title: String,
    pub centre: String,
    pub seller: String,
    pub buyer: String,
    pub buyer_uscc: String,
    pub number: String,
    pub price: Decimal,
    /// The price in 大写, as the confirmation prints it.
    pub price_in_words: String,
    pub reserve: Decimal,
    /// The buyer's deposit, which becomes part of the price.
    pub deposit_applied: Decimal,
    pub balance: Decimal,
    /// The server time the winning bid was taken.
    pub bid_at: Timestamp,
    /// The server time bidding ended.
    pub ended_at: Timestamp,
}

impl Confirmation {
    /// The confirmation of `outcome` (which must be a sale) for `terms`.
    #[allow(clippy::too_many_arguments)]
    pub fn of(
        terms: &AuctionTerms,
        terms_hash: &str,
        buyer: &str,
        buyer_uscc: &str,
        number: &str,
        price: Decimal,
        bid_at: Timestamp,
        reserve: Decimal,
        deposit: Decimal,
        ended_at: Timestamp,
    ) -> Result<Self, Refusal> {
        let words = crate::amount::to_chinese_upper(price).map_err(|e| refuse("auction.price", format!("{e}")))?;
        let applied = deposit.min(price);
        Ok(Confirmation {
            auction: terms.id.clone(),
            terms_hash: terms_hash.to_string(),
            title: terms.title.clone(),
            centre: terms.centre.clone(),
            seller: terms.seller.name.clone(),
            buyer: buyer.to_string(),
            buyer_uscc: buyer_uscc.to_string(),
            number: number.to_string(),
            price,
            price_in_words: words,
            reserve,
            deposit_applied: applied,
            balance: price - applied,
            bid_at,
            ended_at,
        })
    }
}

/// A bidder's step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// A price (ascending modes).
    Bid,
    /// The descending price of the moment.
    Accept,
    /// Go on to timed bidding at the listing's close.
    GoOn,
}

/// One step of a recorded auction, as the log keeps it (the server's receive time each).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    Bid {
        number: String,
        amount: Decimal,
        at: Timestamp,
    },
    Accept {
        number: String,
        at: Timestamp,
    },
    GoOn {
        number: String,
        at: Timestamp,
    },
    /// The platform's own step: the bidding resumed at `at` after an outage from `from`.
    Resume {
        from: Timestamp,
        at: Timestamp,
    },
}

/// Replays a recorded auction: every step must have been valid when the server received
/// it, in order, with the price it recorded. The board it ends with, or the first step
/// (from 1) the rules refuse.
pub fn replay(terms: &AuctionTerms, steps: &[Step]) -> Result<Board, (usize, Refusal)> {
    let mut b = Board::new(terms.clone());
    let mut last = terms.announced_at;
    for (i, s) in steps.iter().enumerate() {
        let n = i + 1;
        let at = match s {
            Step::Bid { at, .. } | Step::Accept { at, .. } | Step::GoOn { at, .. } | Step::Resume { at, .. } => *at,
        };
        if at < last {
            return Err((n, refuse("auction.replay_order", "a step is dated before the one recorded before it")));
        }
        last = at;
        match s {
            Step::Bid { number, amount, at } => b.place(number, *amount, *at).map(|_| ()),
            Step::Accept { number, at } => {
                let want = b.dutch_price(*at).map(|p| p.0);
                b.accept(number, *at).map(|_| ()).and_then(|_| match want {
                    Some(p) if b.bids.last().is_some_and(|x| x.amount == p) => Ok(()),
                    _ => Err(refuse("auction.replay_price", "the accepted price is not the descending price of its time")),
                })
            }
            Step::GoOn { number, at } => b.go_on(number, *at),
            Step::Resume { from, at } => b.resume(*from, *at),
        }
        .map_err(|e| (n, e))?;
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;
    use crate::uscc::Uscc;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn deposits_fall_due_five_working_days_after_the_end_over_a_holiday() {
        // Bidding ends on Wednesday 2026-09-30 (Beijing); 1–7 October are the National Day
        // holiday and Saturday 10 October is worked in exchange.
        let mut days = std::collections::BTreeMap::new();
        for day in 1..=7 {
            days.insert(format!("2026-10-{day:02}"), DayKind::Holiday);
        }
        days.insert("2026-10-10".to_string(), DayKind::Workday);
        let cal = Calendar { days };
        let end = at("2026-09-30T07:00:00Z");
        assert_eq!(refund_due(&cal, end), "2026-10-13");
        assert_eq!(publicity_until(&cal, Asset::StateProperty, end), "2026-10-13");
        assert_eq!(publicity_until(&cal, Asset::Land, end), "2026-10-20");
    }

    fn at(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    /// A land listing: announced 1 December 2026, listing from 22 December 2026 09:00 to
    /// 6 January 2027 10:00 (Beijing), 5-minute countdown.
    fn land() -> AuctionTerms {
        AuctionTerms {
            format: AUCTION_FORMAT,
            id: "HZ-TD-2026-031".into(),
            title: "湖州市吴兴区滨湖街道 2026-31 号地块国有建设用地使用权".into(),
            centre: "HZ".into(),
            asset: Asset::Land,
            mode: Mode::Listing,
            seller: Party { name: "湖州市自然资源和规划局".into(), uscc: Uscc::parse("11330500002580147W").unwrap() },
            description: "出让面积 35210 平方米，住宅用地，出让年限 70 年，容积率 1.0–2.2".into(),
            starting_price: d("120000000.00"),
            increment: d("500000.00"),
            whole_increments: true,
            deposit: d("24000000.00"),
            conditions: vec!["中华人民共和国境内的法人和其他组织".into()],
            winner_rule: "挂牌期满，价高者得；有竞买人表示继续竞价的，转入限时竞价".into(),
            announced_at: at("2026-12-01T09:00:00+08:00"),
            registration_deadline: at("2027-01-04T16:00:00+08:00"),
            bidding_starts: at("2026-12-22T09:00:00+08:00"),
            listing_ends: Some(at("2027-01-06T10:00:00+08:00")),
            countdown_seconds: 300,
            dutch: None,
            rehearsal: false,
        }
    }

    fn codes(v: &[Refusal]) -> Vec<&'static str> {
        v.iter().map(|r| r.code).collect()
    }

    #[test]
    fn a_rehearsal_runs_in_minutes_but_the_real_thing_keeps_its_periods() {
        let now = at("2026-12-03T10:00:00+08:00");
        let mut t = AuctionTerms::example(now);
        t.bidding_starts = now.plus_seconds(120);
        t.registration_deadline = now.plus_seconds(60);
        t.listing_ends = Some(now.plus_seconds(420));
        t.countdown_seconds = 20;
        assert_eq!(
            codes(&t.problems(&Calendar::default())),
            ["auction.announcement_days", "auction.listing_days", "auction.countdown"],
            "the real thing keeps the 20 days, the 10 working days and the one-minute countdown"
        );
        t.rehearsal = true;
        assert!(t.problems(&Calendar::default()).is_empty(), "{:?}", t.problems(&Calendar::default()));
        t.countdown_seconds = 10;
        assert_eq!(codes(&t.problems(&Calendar::default())), ["auction.countdown"]);
        t.countdown_seconds = 20;
        t.bidding_starts = now.plus_seconds(-60);
        t.registration_deadline = now.plus_seconds(-120);
        assert!(codes(&t.problems(&Calendar::default())).contains(&"auction.announcement_days"), "never before the announcement");
        // A rehearsal's terms hash differently from the real thing's; the real thing's bytes are unchanged.
        let real = crate::canonical::to_canonical_vec(&AuctionTerms::example(now)).unwrap();
        assert!(!String::from_utf8(real).unwrap().contains("rehearsal"));
    }

    #[test]
    fn the_example_terms_can_be_announced() {
        let now = at("2026-12-03T10:00:00+08:00");
        assert!(
            AuctionTerms::example(now).problems(&Calendar::default()).is_empty(),
            "{:?}",
            AuctionTerms::example(now).problems(&Calendar::default())
        );
    }

    #[test]
    fn a_land_announcement_comes_twenty_days_before_bidding() {
        let cal = Calendar::default();
        assert!(land().problems(&cal).is_empty(), "{:?}", land().problems(&cal));
        let mut t = land();
        t.bidding_starts = at("2026-12-20T09:00:00+08:00");
        let p = t.problems(&cal);
        assert_eq!(codes(&p), ["auction.announcement_days"]);
        assert!(p[0].reason.contains("2026-12-21"), "{}", p[0].reason);
    }

    #[test]
    fn a_listing_stays_open_ten_working_days() {
        let mut t = land();
        // 22 December to 4 January: 22–25 and 28–31 December, 1 and 4 January: 10 working
        // days, 9 when 1 January is a holiday.
        t.listing_ends = Some(at("2027-01-04T16:00:00+08:00"));
        t.registration_deadline = at("2027-01-04T10:00:00+08:00");
        t.bidding_starts = at("2026-12-22T09:00:00+08:00");
        let no_holiday = Calendar::default();
        let new_year = Calendar::new([("2027-01-01".to_string(), DayKind::Holiday)]).unwrap();
        assert!(t.problems(&no_holiday).is_empty());
        assert_eq!(codes(&t.problems(&new_year)), ["auction.listing_days"]);
    }

    #[test]
    fn state_property_disclosure_counts_working_days_over_a_holiday() {
        // Announced Friday 18 September 2026. Twenty working days without a holiday run
        // through Friday 16 October; with National Day (1–7 October off, Saturday
        // 10 October worked) through Thursday 22 October.
        let mut t = land();
        t.asset = Asset::StateProperty;
        t.mode = Mode::English;
        t.listing_ends = None;
        t.announced_at = at("2026-09-18T09:00:00+08:00");
        t.registration_deadline = at("2026-10-16T17:00:00+08:00");
        t.bidding_starts = at("2026-10-19T10:00:00+08:00");
        let plain = Calendar::default();
        let mut e: Vec<(String, DayKind)> = (1..=7).map(|d| (format!("2026-10-{d:02}"), DayKind::Holiday)).collect();
        e.push(("2026-10-10".into(), DayKind::Workday));
        let national_day = Calendar::new(e).unwrap();
        assert_eq!(plain.add_working_days("2026-09-18", 20), "2026-10-16");
        assert_eq!(national_day.add_working_days("2026-09-18", 20), "2026-10-22");
        assert!(t.problems(&plain).is_empty(), "{:?}", t.problems(&plain));
        let p = t.problems(&national_day);
        assert_eq!(codes(&p), ["auction.disclosure_days"]);
        assert!(p[0].reason.contains("2026-10-22"), "{}", p[0].reason);
        t.bidding_starts = at("2026-10-23T10:00:00+08:00");
        t.registration_deadline = at("2026-10-22T17:00:00+08:00");
        assert!(t.problems(&national_day).is_empty());
    }

    #[test]
    fn terms_that_cannot_run_are_named() {
        let cal = Calendar::default();
        let mut t = land();
        t.increment = Decimal::ZERO;
        t.countdown_seconds = 10;
        t.dutch = Some(DutchTerms { step: d("1"), interval_seconds: 60, floor: d("1") });
        assert_eq!(codes(&t.problems(&cal)), ["auction.price", "auction.countdown", "auction.dutch"]);
        let mut t = land();
        t.mode = Mode::Dutch;
        t.listing_ends = None;
        t.registration_deadline = at("2026-12-21T17:00:00+08:00");
        t.dutch = Some(DutchTerms { step: d("1000000"), interval_seconds: 60, floor: d("100000000") });
        assert_eq!(codes(&t.problems(&cal)), ["auction.dutch"], "land is not sold descending");
    }

    /// The listing of the issue: three bidders, bids during the listing, timed bidding
    /// restarting the countdown, the end decided by the server's clock.
    #[test]
    fn a_listing_goes_on_to_timed_bidding_and_each_bid_restarts_the_countdown() {
        let mut b = Board::new(land());
        let before = at("2026-12-21T09:00:00+08:00");
        assert_eq!(b.place("A01", d("120000000"), before).unwrap_err().code, "auction.not_started");
        b.place("A01", d("120000000"), at("2026-12-22T10:00:00+08:00")).unwrap();
        assert_eq!(b.place("A01", d("121000000"), at("2026-12-22T10:01:00+08:00")).unwrap_err().code, "auction.already_highest");
        assert_eq!(b.place("A02", d("120300000"), at("2026-12-23T10:00:00+08:00")).unwrap_err().code, "auction.below_minimum");
        let e = b.place("A02", d("120700000"), at("2026-12-23T10:00:00+08:00")).unwrap_err();
        assert_eq!(e.code, "auction.not_multiple");
        b.place("A02", d("121000000"), at("2026-12-23T10:00:00+08:00")).unwrap();
        b.place("A03", d("121500000"), at("2027-01-05T15:00:00+08:00")).unwrap();
        assert_eq!(b.go_on("A09", at("2027-01-06T09:00:00+08:00")).unwrap_err().code, "auction.go_on_without_bid");
        b.go_on("A01", at("2027-01-06T09:00:00+08:00")).unwrap();
        b.go_on("A02", at("2027-01-06T09:30:00+08:00")).unwrap();
        let close = at("2027-01-06T10:00:00+08:00");
        assert_eq!(b.go_on("A03", close).unwrap_err().code, "auction.go_on_closed");
        assert_eq!(b.phase(close), Phase::Countdown { ends_at: close.plus_seconds(300) });
        // A bidder who never bid in the listing cannot join the timed round.
        assert_eq!(b.place("A07", d("122000000"), close.plus_seconds(10)).unwrap_err().code, "auction.timed_not_eligible");
        b.place("A01", d("122000000"), close.plus_seconds(100)).unwrap();
        assert_eq!(b.phase(close.plus_seconds(390)), Phase::Countdown { ends_at: close.plus_seconds(400) }, "restarted");
        b.place("A03", d("122500000"), close.plus_seconds(399)).unwrap();
        assert_eq!(b.phase(close.plus_seconds(500)), Phase::Countdown { ends_at: close.plus_seconds(699) });
        let late = b.place("A01", d("123000000"), close.plus_seconds(699)).unwrap_err();
        assert_eq!(late.code, "auction.ended");
        assert!(late.reason.contains("the server's time is 2027-01-06 10:11:39"), "{}", late.reason);
        assert_eq!(b.phase(close.plus_seconds(699)), Phase::Ended { at: close.plus_seconds(699) });
        assert_eq!(
            b.outcome(Some(d("122000000")), close.plus_seconds(700)).unwrap(),
            Outcome::Sold { number: "A03".into(), price: d("122500000"), at: close.plus_seconds(399) }
        );
    }

    #[test]
    fn a_listing_that_ends_below_the_reserve_is_no_sale() {
        let mut b = Board::new(land());
        b.place("A01", d("120000000"), at("2026-12-22T10:00:00+08:00")).unwrap();
        b.place("A02", d("120500000"), at("2026-12-28T10:00:00+08:00")).unwrap();
        let close = at("2027-01-06T10:00:00+08:00");
        assert_eq!(b.outcome(Some(d("125000000")), close.plus_seconds(-1)).unwrap_err().code, "auction.not_ended");
        assert_eq!(b.phase(close), Phase::Ended { at: close }, "nobody asked to go on");
        assert_eq!(b.outcome(Some(d("125000000")), close).unwrap(), Outcome::BelowReserve { highest: d("120500000") });
        assert_eq!(Board::new(land()).outcome(Some(d("1")), close).unwrap(), Outcome::NoBids);
    }

    #[test]
    fn a_listing_with_a_single_bidder_at_the_reserve_is_sold_at_that_price() {
        let mut b = Board::new(land());
        b.place("A05", d("123000000"), at("2026-12-30T11:00:00+08:00")).unwrap();
        b.go_on("A05", at("2027-01-05T11:00:00+08:00")).unwrap();
        let close = at("2027-01-06T10:00:00+08:00");
        // Its own wish to go on starts a countdown nobody else can bid in; it ends unchanged.
        assert_eq!(b.phase(close.plus_seconds(300)), Phase::Ended { at: close.plus_seconds(300) });
        assert_eq!(
            b.outcome(Some(d("123000000")), close.plus_seconds(300)).unwrap(),
            Outcome::Sold { number: "A05".into(), price: d("123000000"), at: at("2026-12-30T11:00:00+08:00") }
        );
    }

    fn dutch() -> AuctionTerms {
        let mut t = land();
        t.id = "HZ-CQ-2026-008".into();
        t.title = "湖州市某国有企业 100% 股权".into();
        t.asset = Asset::StateProperty;
        t.mode = Mode::Dutch;
        t.listing_ends = None;
        t.starting_price = d("8000000.00");
        t.increment = Decimal::ZERO;
        t.deposit = d("800000.00");
        t.announced_at = at("2026-11-02T09:00:00+08:00");
        t.registration_deadline = at("2026-12-01T17:00:00+08:00");
        t.bidding_starts = at("2026-12-03T10:00:00+08:00");
        t.dutch = Some(DutchTerms { step: d("200000.00"), interval_seconds: 60, floor: d("7000000.00") });
        t
    }

    #[test]
    fn a_dutch_auction_falls_by_its_step_and_the_first_acceptance_wins() {
        let t = dutch();
        assert!(t.problems(&Calendar::default()).is_empty(), "{:?}", t.problems(&Calendar::default()));
        let start = t.bidding_starts;
        let mut b = Board::new(t.clone());
        assert_eq!(b.phase(start.plus_seconds(125)), Phase::Descending { price: d("7600000.00"), next_step_at: start.plus_seconds(180) });
        assert_eq!(b.place("B01", d("7600000"), start.plus_seconds(125)).unwrap_err().code, "auction.mode");
        assert_eq!(b.accept("B01", start.plus_seconds(125)).unwrap().amount, d("7600000.00"));
        assert_eq!(b.accept("B02", start.plus_seconds(126)).unwrap_err().code, "auction.ended", "the first acceptance ends it");
        assert_eq!(
            b.outcome(Some(d("7500000")), start.plus_seconds(130)).unwrap(),
            Outcome::Sold { number: "B01".into(), price: d("7600000.00"), at: start.plus_seconds(125) }
        );
        // Nobody accepts: the price stops at the floor and the descent ends an interval later.
        let b = Board::new(t);
        assert_eq!(b.phase(start.plus_seconds(330)), Phase::Descending { price: d("7000000.00"), next_step_at: start.plus_seconds(360) });
        assert_eq!(b.phase(start.plus_seconds(360)), Phase::Ended { at: start.plus_seconds(360) });
        assert_eq!(b.outcome(Some(d("7000000")), start.plus_seconds(360)).unwrap(), Outcome::NoBids);
    }

    #[test]
    fn a_round_cut_by_a_server_outage_resumes_at_the_restart_and_keeps_its_bids() {
        // English, a 300-second countdown: the server dies 100 s after a bid and is back
        // 400 s later — past where the countdown would have ended.
        let mut t = dutch();
        t.mode = Mode::English;
        t.dutch = None;
        t.increment = d("100000.00");
        let start = t.bidding_starts;
        let mut b = Board::new(t.clone());
        b.place("B01", d("8000000"), start.plus_seconds(200)).unwrap();
        b.resume(start.plus_seconds(300), start.plus_seconds(700)).unwrap();
        assert_eq!(
            b.phase(start.plus_seconds(701)),
            Phase::Countdown { ends_at: start.plus_seconds(1000) },
            "a full countdown from the restart"
        );
        b.place("B02", d("8100000"), start.plus_seconds(900)).unwrap();
        assert_eq!(b.bids.len(), 2, "the bid before the outage stands");
        assert_eq!(b.phase(start.plus_seconds(1199)), Phase::Countdown { ends_at: start.plus_seconds(1200) });
        assert_eq!(b.resume(start.plus_seconds(10), start).unwrap_err().code, "auction.resume");

        // A listing whose close the outage took in closes one countdown after the restart;
        // an outage early in the listing moves nothing.
        let l = land();
        let close = l.listing_ends.unwrap();
        let mut early = Board::new(l.clone());
        early.resume(l.bidding_starts.plus_seconds(60), l.bidding_starts.plus_seconds(600)).unwrap();
        assert_eq!(early.phase(close.plus_seconds(-1)), Phase::Listing { ends_at: close });
        let mut late = Board::new(l.clone());
        late.resume(close.plus_seconds(-30), close.plus_seconds(100)).unwrap();
        assert_eq!(late.phase(close.plus_seconds(101)), Phase::Listing { ends_at: close.plus_seconds(100 + 300) });

        // A descending auction's schedule moves on by the outage.
        let t = dutch();
        let start = t.bidding_starts;
        let mut b = Board::new(t);
        assert_eq!(b.phase(start.plus_seconds(125)), Phase::Descending { price: d("7600000.00"), next_step_at: start.plus_seconds(180) });
        b.resume(start.plus_seconds(130), start.plus_seconds(190)).unwrap();
        assert_eq!(b.phase(start.plus_seconds(190)), Phase::Descending { price: d("7600000.00"), next_step_at: start.plus_seconds(240) });

        // And the replay of a recorded auction takes the platform's resume step.
        let steps = [
            Step::Bid { number: "B01".into(), amount: d("120000000"), at: l.bidding_starts.plus_seconds(5) },
            Step::Resume { from: close.plus_seconds(-30), at: close.plus_seconds(100) },
        ];
        let r = replay(&l, &steps).unwrap();
        assert_eq!(r.phase(close.plus_seconds(101)), Phase::Listing { ends_at: close.plus_seconds(400) });
    }

    #[test]
    fn an_english_auction_ends_when_its_countdown_runs_out_and_a_sealed_round_takes_one_price_each() {
        let mut t = dutch();
        t.mode = Mode::English;
        t.dutch = None;
        t.increment = d("100000.00");
        let start = t.bidding_starts;
        let mut b = Board::new(t.clone());
        b.place("B01", d("8000000"), start.plus_seconds(200)).unwrap();
        assert_eq!(b.phase(start.plus_seconds(499)), Phase::Countdown { ends_at: start.plus_seconds(500) });
        assert_eq!(b.place("B02", d("8100000"), start.plus_seconds(500)).unwrap_err().code, "auction.ended");

        let mut t = dutch();
        t.mode = Mode::Sealed;
        t.dutch = None;
        t.listing_ends = Some(start.plus_seconds(3600));
        let mut b = Board::new(t);
        b.place("B01", d("8200000"), start.plus_seconds(10)).unwrap();
        assert_eq!(b.place("B01", d("8300000"), start.plus_seconds(20)).unwrap_err().code, "auction.sealed_twice");
        b.place("B02", d("8200000"), start.plus_seconds(30)).unwrap();
        assert_eq!(b.place("B03", d("7900000"), start.plus_seconds(40)).unwrap_err().code, "auction.below_minimum");
        // A tie goes to the earlier price.
        assert_eq!(
            b.outcome(None, start.plus_seconds(3600)).unwrap(),
            Outcome::Sold { number: "B01".into(), price: d("8200000"), at: start.plus_seconds(10) }
        );
    }

    #[test]
    fn a_recorded_auction_replays_and_any_altered_step_is_found() {
        let close = at("2027-01-06T10:00:00+08:00");
        let steps = vec![
            Step::Bid { number: "A01".into(), amount: d("120000000"), at: at("2026-12-22T10:00:00+08:00") },
            Step::Bid { number: "A02".into(), amount: d("121000000"), at: at("2026-12-23T10:00:00+08:00") },
            Step::GoOn { number: "A01".into(), at: at("2027-01-06T09:00:00+08:00") },
            Step::Bid { number: "A01".into(), amount: d("121500000"), at: close.plus_seconds(60) },
        ];
        let b = replay(&land(), &steps).unwrap();
        assert_eq!(
            b.outcome(None, close.plus_seconds(360)).unwrap(),
            Outcome::Sold { number: "A01".into(), price: d("121500000"), at: close.plus_seconds(60) }
        );
        let mut altered = steps.clone();
        altered[1] = Step::Bid { number: "A02".into(), amount: d("120200000"), at: at("2026-12-23T10:00:00+08:00") };
        assert_eq!(replay(&land(), &altered).unwrap_err().0, 2);
        let mut late = steps.clone();
        late[3] = Step::Bid { number: "A01".into(), amount: d("121500000"), at: close.plus_seconds(301) };
        assert_eq!(replay(&land(), &late).unwrap_err().1.code, "auction.ended");
        let mut reordered = steps;
        reordered.swap(0, 1);
        assert_eq!(replay(&land(), &reordered).unwrap_err().1.code, "auction.replay_order");
    }
}
