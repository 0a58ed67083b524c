//! Anyone's check of a finished listing or auction (`tenderbox auction verify`): every
//! step is signed by a registered bidder for these terms, is the leaf the log holds at
//! its place (with the price, time and statement hash the log says), is included in the
//! server's signed checkpoint, and replays through the rules in order; the reserve opens
//! from the released shares to the value the result states; the outcome is what the
//! rules give; the confirmation's signatures verify. The first failure names the step.

use crate::api::{Api, ApiFailure};
use tenderbox_core::auction::{Outcome, Step};
use tenderbox_seal::checkpoint::Checkpoint;
use tenderbox_seal::merkle;
use tenderbox_seal::signed::verify_doc;
use tenderbox_wire::{AuctionReserveState, AuctionResult, Event};

#[derive(Debug, thiserror::Error)]
pub enum AuctionVerifyError {
    #[error("step {seq}: {why}")]
    Step { seq: u64, why: String },
    #[error("{0}")]
    Record(String),
    #[error(transparent)]
    Api(#[from] ApiFailure),
}

/// What the check covered.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AuctionCheck {
    pub auction: String,
    pub steps: usize,
    pub bids: usize,
    /// The log size the steps were proved included in.
    pub log_size: u64,
    pub reserve: Option<tenderbox_core::Decimal>,
    pub outcome: Outcome,
    /// Confirmation signatures verified (the buyer's; the centre's is checked by the server
    /// against the admin's registered key).
    pub confirmation_signatures: usize,
}

fn sha_hex<T: serde::Serialize>(v: &T) -> Result<String, AuctionVerifyError> {
    tenderbox_core::canonical::to_canonical_vec(v)
        .map(|b| hex::encode(tenderbox_core::sha256(&b)))
        .map_err(|e| AuctionVerifyError::Record(e.to_string()))
}

/// The checks that need nothing but the record: the terms' hash, each step's signature
/// and statement, the replay, the reserve, the outcome, the buyer's signature.
pub fn check_record(r: &AuctionResult, reserve: &AuctionReserveState) -> Result<AuctionCheck, AuctionVerifyError> {
    let rec = |why: String| AuctionVerifyError::Record(why);
    if sha_hex(&r.terms)? != r.terms_hash {
        return Err(rec("the terms do not hash to the announced terms' hash".into()));
    }
    let mut steps = Vec::new();
    for h in &r.history {
        let bad = |why: String| AuctionVerifyError::Step { seq: h.seq, why };
        if h.action == "resume" {
            // The platform's own step after an outage: no bidder signs it; its log entry is
            // checked below, the rules replay it.
            let from = h.paused_from.ok_or_else(|| bad("a resume step without the outage's start".into()))?;
            steps.push(Step::Resume { from, at: h.at });
            continue;
        }
        if h.action == "sealed" {
            // A one-shot round's price: the bidder's signature, and what it opens to from the
            // custodians' published shares.
            let sp = h.sealed_price.as_ref().ok_or_else(|| bad("a sealed step without its sealed price".into()))?;
            if sp.doc.number != h.number || sp.doc.sealed.auction != r.auction || sp.doc.sealed.terms_hash != r.terms_hash {
                return Err(bad("the sealed price is for another auction, terms or number".into()));
            }
            let who = r
                .bidders
                .iter()
                .find(|p| tenderbox_wire::identity_id(&p.signing_key) == sp.signer)
                .ok_or_else(|| bad(format!("its signer {} is not among the published bidders", sp.signer)))?;
            verify_doc(sp, who).map_err(|e| bad(format!("the signature does not verify: {e}")))?;
            let shares: Vec<_> = r.price_shares.iter().filter(|p| p.number == h.number).map(|p| p.share.clone()).collect();
            let opened =
                tenderbox_seal::reserve::open(&sp.doc.sealed, &shares).map_err(|e| bad(format!("the sealed price does not open: {e}")))?;
            if Some(opened) != h.amount {
                return Err(bad(format!("the sealed price opens to {opened}, the record says {:?}", h.amount)));
            }
            if opened >= r.terms.starting_price {
                steps.push(Step::Bid { number: h.number.clone(), amount: opened, at: h.at });
            }
            continue;
        }
        let signed = h.signed.as_ref().ok_or_else(|| bad("the step has no signed statement".into()))?;
        let st = &signed.doc;
        if st.auction != r.auction || st.terms_hash != r.terms_hash {
            return Err(bad("the statement is for other terms".into()));
        }
        if st.number != h.number {
            return Err(bad(format!("the statement's bidding number {} is not the step's {}", st.number, h.number)));
        }
        let action = serde_json::to_value(st.action).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        if action != h.action {
            return Err(bad(format!("the statement says {action}, the record says {}", h.action)));
        }
        if h.action == "bid" && st.amount != h.amount {
            return Err(bad(format!(
                "the signed amount {} is not the recorded {}",
                st.amount.map(|a| a.to_string()).unwrap_or_default(),
                h.amount.map(|a| a.to_string()).unwrap_or_default()
            )));
        }
        let who = r
            .bidders
            .iter()
            .find(|p| tenderbox_wire::identity_id(&p.signing_key) == signed.signer)
            .ok_or_else(|| bad(format!("its signer {} is not among the published bidders", signed.signer)))?;
        verify_doc(signed, who).map_err(|e| bad(format!("the signature does not verify: {e}")))?;
        steps.push(match h.action.as_str() {
            "bid" => {
                Step::Bid { number: h.number.clone(), amount: h.amount.ok_or_else(|| bad("a bid without an amount".into()))?, at: h.at }
            }
            "accept" => Step::Accept { number: h.number.clone(), at: h.at },
            "go_on" => Step::GoOn { number: h.number.clone(), at: h.at },
            other => return Err(bad(format!("unknown action {other}"))),
        });
    }
    let board = tenderbox_core::auction::replay(&r.terms, &steps)
        .map_err(|(n, e)| AuctionVerifyError::Step { seq: n as u64, why: format!("it does not replay under the rules: {}", e.reason) })?;
    let opened = match &reserve.sealed {
        Some(sealed) => {
            let shares = &reserve.released;
            match tenderbox_seal::reserve::open(&sealed.doc, shares) {
                Ok(v) => Some(v),
                Err(tenderbox_seal::reserve::ReserveError::NotEnough { .. }) if board.high().is_none() => None,
                Err(e) => return Err(rec(format!("the sealed reserve does not open from the released shares: {e}"))),
            }
        }
        None => None,
    };
    if opened != r.reserve {
        return Err(rec(format!(
            "the result states the reserve {}, the released shares open {}",
            r.reserve.map(|v| v.to_string()).unwrap_or("none".into()),
            opened.map(|v| v.to_string()).unwrap_or("none".into())
        )));
    }
    let outcome = board.outcome(opened, r.server_time).map_err(|e| rec(e.reason))?;
    if outcome != r.outcome {
        return Err(rec(format!("the rules give {outcome:?}, the result states {:?}", r.outcome)));
    }
    let mut signatures = 0;
    if let (Some(c), Some(sig)) = (&r.confirmation, &r.buyer_signature) {
        if &sig.doc != c {
            return Err(rec("the buyer signed another text than the confirmation".into()));
        }
        let who = r
            .bidders
            .iter()
            .find(|p| tenderbox_wire::identity_id(&p.signing_key) == sig.signer)
            .ok_or_else(|| rec("the confirmation is signed by someone who did not bid".into()))?;
        verify_doc(sig, who).map_err(|e| rec(format!("the buyer's signature on the confirmation does not verify: {e}")))?;
        signatures += 1;
    }
    Ok(AuctionCheck {
        auction: r.auction.clone(),
        steps: r.history.len(),
        bids: board.bids.len(),
        log_size: 0,
        reserve: opened,
        outcome,
        confirmation_signatures: signatures,
    })
}

/// The whole check: [`check_record`], then every step against the log — its leaf at its
/// place says what the record says, and is included in the checkpoint signed by `log_key`.
pub async fn verify(api: &Api, log_key: &str, r: &AuctionResult) -> Result<AuctionCheck, AuctionVerifyError> {
    let reserve = api.auction_reserve(&r.auction).await?;
    let mut check = check_record(r, &reserve)?;
    let note = api.checkpoint().await?;
    let cp = Checkpoint::open(&note.note, log_key).map_err(|e| AuctionVerifyError::Record(format!("the log's checkpoint: {e}")))?;
    for h in &r.history {
        let bad = |why: String| AuctionVerifyError::Step { seq: h.seq, why };
        let leaf = api.log_leaves(h.event, h.event + 1).await?.into_iter().next().ok_or_else(|| bad("the log has no such leaf".into()))?;
        let hash: merkle::Hash =
            hex::decode(&leaf.hash).ok().and_then(|v| v.try_into().ok()).ok_or_else(|| bad("the leaf hash is not 32 bytes".into()))?;
        if let Some(text) = &leaf.leaf {
            if merkle::leaf_hash(text.as_bytes()) != hash {
                return Err(bad("the leaf does not hash to its hash".into()));
            }
            let ev: Event = serde_json::from_str(text).map_err(|e| bad(format!("the leaf is not an event: {e}")))?;
            let body = &ev.body;
            if h.action == "sealed" {
                let sealed = sha_hex(&h.sealed_price)?;
                if ev.kind != "auction.sealed_price" || body["sealed"] != sealed.as_str() || ev.at != h.at {
                    return Err(bad(format!("the sealed price is not the one logged at entry {}", h.event)));
                }
            } else if h.action == "resume" {
                let from = h.paused_from.map(|f| serde_json::to_value(f).unwrap_or_default());
                if ev.kind != "auction.resume"
                    || body["seq"].as_u64() != Some(h.seq)
                    || ev.at != h.at
                    || Some(&body["from"]) != from.as_ref()
                {
                    return Err(bad(format!("the log's entry {} records another resume", h.event)));
                }
            } else {
                let statement = sha_hex(&h.signed)?;
                let amount = body["amount"].as_str().and_then(|a| a.parse::<tenderbox_core::Decimal>().ok());
                if ev.kind != format!("auction.{}", h.action)
                    || body["auction"] != r.auction.as_str()
                    || body["seq"].as_u64() != Some(h.seq)
                    || ev.at != h.at
                    || amount != h.amount
                {
                    return Err(bad(format!("the log's entry {} records another step ({} {:?} at {})", h.event, ev.kind, amount, ev.at)));
                }
                if body["statement"] != statement.as_str() {
                    return Err(bad(format!("the signed statement is not the one logged at entry {}", h.event)));
                }
            }
        } else if h.action != "go_on" {
            return Err(bad(format!("the log's entry {} is not public", h.event)));
        }
        let proof = api.inclusion_proof(h.event, cp.size).await?;
        let proof = crate::logcheck::hashes(&proof).map_err(bad)?;
        merkle::verify_inclusion(&hash, h.event, cp.size, &proof, &cp.root)
            .map_err(|e| bad(format!("its log entry is not in the signed checkpoint: {e}")))?;
    }
    check.log_size = cp.size;
    Ok(check)
}
