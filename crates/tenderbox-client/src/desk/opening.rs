//! The remote opening hall (不见面开标) as the bidder sees it: sign in, the
//! decryption window in server time, "decrypt my bid" (the file key is unwrapped
//! here from the bidder stanza; only the key is sent), the price reading filling
//! in as bids are decrypted (from the logged `bid.decrypted` events), the signed
//! opening record (its signature checked), confirmation and objections.

use super::{Desk, DeskError, DeskResult};
use base64::Engine;
use serde::Serialize;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::PostFileKey;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LotReadView {
    pub lot: String,
    pub price: String,
    pub price_upper: String,
    pub duration_days: Option<u32>,
    pub quality: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReadingLineView {
    pub bidder_uscc: String,
    pub bidder_name: String,
    /// `decrypted`, `revoked`, `withdrawn`.
    pub outcome: String,
    pub by_committee: bool,
    pub mine: bool,
    pub lots: Vec<LotReadView>,
    /// Why a decrypted bid is not read out (it failed the opening checks).
    pub rejected: Vec<super::bid::ProblemView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ObjectionView {
    pub id: String,
    pub bidder_uscc: String,
    pub mine: bool,
    pub text: String,
    #[ts(type = "number")]
    pub at: i64,
    pub answer: Option<String>,
    #[ts(type = "number | null")]
    pub answered_at: Option<i64>,
}

/// A platform fault declared by a centre admin at this opening (public, logged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FaultView {
    pub sha256: String,
    pub reason: String,
    /// `awaiting_confirmation` (the bidder is present: a second admin must confirm) or
    /// `withdrawn` (the bid is deemed withdrawn, 撤回).
    pub state: String,
    #[ts(type = "number")]
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OpeningView {
    pub tender_id: String,
    pub tender_title: String,
    /// `before` the opening time, `window` (decrypt now), `after` the window, `recorded`.
    pub phase: String,
    #[ts(type = "number")]
    pub opening_at: i64,
    #[ts(type = "number")]
    pub window_end: i64,
    #[ts(type = "number")]
    pub server_now: i64,
    pub signed_in: bool,
    pub signed_in_count: u32,
    /// This bidder has a delivered bid in this tender (a receipt).
    pub has_bid: bool,
    /// This bidder's bid is decrypted (by itself or the committee).
    pub my_bid_open: bool,
    /// The tender lets the custodians open a bid its bidder cannot decrypt, at its request.
    pub remedy_allowed: bool,
    /// This bidder has asked the custodians to open its bid.
    pub remedy_requested: bool,
    /// The price reading so far (live), or the record's lines once signed.
    pub lines: Vec<ReadingLineView>,
    pub record: bool,
    /// The platform's signature on the record checked against the pinned key.
    pub record_verified: bool,
    /// The live reading's events were each proved leaves of the signed log (this
    /// checkpoint size), which extends the one this computer stored.
    #[ts(type = "number | null")]
    pub proved_in: Option<u64>,
    #[ts(type = "number | null")]
    pub bids_at_deadline: Option<u32>,
    pub confirmed: bool,
    pub confirmed_count: u32,
    pub objections: Vec<ObjectionView>,
    /// This identity is the tender's agency, hosting the opening (makes the record,
    /// answers objections).
    pub host: bool,
    /// This identity is a centre admin (may declare a platform fault before the record).
    pub admin: bool,
    /// Platform faults declared so far (live phase).
    pub faults: Vec<FaultView>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    OpeningView::export_all_to(dir)
}

fn problem_view(p: &tenderbox_core::problem::Problem) -> super::bid::ProblemView {
    super::bid::ProblemView { code: p.code.clone(), path: p.path.clone(), message: p.message.clone() }
}

/// The reasons in a `bid.decrypted` event: coded problems (or, in events logged
/// before they were coded, plain sentences).
fn rejected_of(v: &serde_json::Value) -> Vec<super::bid::ProblemView> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|r| match (serde_json::from_value::<tenderbox_core::problem::Problem>(r.clone()), r.as_str()) {
                    (Ok(p), _) => problem_view(&p),
                    (Err(_), text) => super::bid::ProblemView {
                        code: "opening.bad_bid".into(),
                        path: String::new(),
                        message: text.unwrap_or_default().to_string(),
                    },
                })
                .collect()
        })
        .unwrap_or_default()
}

fn lot_views(v: &serde_json::Value) -> Vec<LotReadView> {
    let offers: Vec<tenderbox_seal::package::LotOffer> = serde_json::from_value(v.clone()).unwrap_or_default();
    offers
        .into_iter()
        .map(|o| LotReadView {
            lot: o.lot,
            price: format!("{:.2}", o.price),
            price_upper: o.price_upper,
            duration_days: o.duration_days,
            quality: o.quality,
        })
        .collect()
}

impl Desk {
    /// The opening hall of a tender, fresh from the server.
    pub async fn opening(&self, tender: &str) -> DeskResult<OpeningView> {
        let t = self.stored_tender(tender).await?;
        let d = &t.record.document;
        let api = crate::api::Api::new(&self.settings().await.server);
        let state = api.opening(tender).await?;
        let health = api.health().await?;
        // Read once per refresh (the hall polls): who this is, and in which roles.
        let who = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let me = who.uscc.clone();
        let window_end = d.opening_at.plus_seconds(d.decryption_window_minutes as i64 * 60);
        let now = health.server_time;
        // Only the pinned key counts; never the one the server offers now.
        let key = self.store.meta(crate::sync::META_LOG_KEY).await?;
        let record_verified = match (&state.record, key.as_deref().map(tenderbox_wire::verifier_public_key)) {
            (Some(_), Some(Ok(pk))) => state.verify_record(&pk).is_ok(),
            _ => false,
        };
        let my_sha = self.store.receipts().await?.into_iter().find(|r| r.body.tender == tender).map(|r| r.body.sha256);
        let mut remedy_requested = false;
        let mut proved_in: Option<u64> = None;
        let mut lines: Vec<ReadingLineView> = Vec::new();
        let mut faults: Vec<FaultView> = Vec::new();
        if let Some(r) = &state.record {
            for l in &r.lines {
                lines.push(ReadingLineView {
                    bidder_uscc: l.bidder_uscc.clone(),
                    bidder_name: l.bidder_name.clone(),
                    outcome: serde_json::to_value(l.outcome).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
                    by_committee: l.opened_by_committee,
                    mine: l.bidder_uscc == me,
                    lots: l
                        .lots
                        .iter()
                        .map(|o| LotReadView {
                            lot: o.lot.clone(),
                            price: format!("{:.2}", o.price),
                            price_upper: o.price_upper.clone(),
                            duration_days: o.duration_days,
                            quality: o.quality.clone(),
                        })
                        .collect(),
                    rejected: l.rejected.iter().map(problem_view).collect(),
                });
            }
        } else {
            // Live: each logged decryption, as it happens, each proved a leaf of the
            // signed log that extends this computer's stored view.
            let events = api.events(Some(tender)).await?;
            remedy_requested =
                events.iter().any(|e| e.kind == "bid.remedy_requested" && my_sha.as_deref().is_some_and(|sha| e.body["sha256"] == sha));
            for e in events.iter().filter(|e| e.kind == "bid.platform_fault_declared" || e.kind == "bid.withdrawn_at_opening") {
                let sha = e.body["sha256"].as_str().unwrap_or_default().to_string();
                let state = if e.kind == "bid.withdrawn_at_opening" { "withdrawn" } else { "awaiting_confirmation" };
                faults.retain(|f| f.sha256 != sha);
                faults.push(FaultView {
                    sha256: sha,
                    reason: e.body["reason"].as_str().unwrap_or_default().into(),
                    state: state.into(),
                    at: e.at.unix(),
                });
            }
            let shown: Vec<_> = events.into_iter().filter(|e| e.kind == "bid.decrypted" || e.kind == "bid.remedy_requested").collect();
            for e in shown.iter().filter(|e| e.kind == "bid.decrypted") {
                let uscc = e.body["bidder_uscc"].as_str().unwrap_or_default().to_string();
                lines.push(ReadingLineView {
                    mine: uscc == me,
                    bidder_uscc: uscc,
                    bidder_name: e.body["bidder_name"].as_str().unwrap_or_default().to_string(),
                    outcome: "decrypted".into(),
                    by_committee: e.body["by"] == "committee",
                    lots: lot_views(&e.body["lots"]),
                    rejected: rejected_of(&e.body["rejected"]),
                });
            }
            if !shown.is_empty() {
                let key = key.as_deref().ok_or_else(|| DeskError::new("log.unpinned", "the platform's log key is not confirmed yet"))?;
                let stored = self.store.meta(crate::sync::META_CHECKPOINT).await?;
                let known = self.proved.lock().await.clone();
                let proved = crate::logcheck::prove_events(&api, key, stored.as_deref(), &shown, &known).await?;
                self.proved.lock().await.extend(proved.fresh);
                proved_in = Some(proved.size);
            }
        }
        let phase = if state.record.is_some() {
            "recorded"
        } else if now < d.opening_at {
            "before"
        } else if now <= window_end {
            "window"
        } else {
            "after"
        };
        let has_bid = self.store.receipts().await?.iter().any(|r| r.body.tender == tender);
        let host = who.id == t.record.agency_id;
        let admin = who.roles.iter().any(|r| r == "centre_admin");
        Ok(OpeningView {
            tender_id: d.id.clone(),
            tender_title: d.title.clone(),
            phase: phase.into(),
            opening_at: d.opening_at.unix(),
            window_end: window_end.unix(),
            server_now: now.unix(),
            signed_in: state.signed_in.contains(&me),
            signed_in_count: state.signed_in.len() as u32,
            has_bid,
            my_bid_open: lines.iter().any(|l| l.mine && l.outcome == "decrypted"),
            remedy_allowed: d.envelope.committee_opens_on_bidder_failure,
            remedy_requested,
            lines,
            record: state.record.is_some(),
            record_verified,
            proved_in,
            bids_at_deadline: state.record.as_ref().map(|r| r.bids_at_deadline),
            confirmed: state.confirmed_by.contains(&me),
            confirmed_count: state.confirmed_by.len() as u32,
            objections: state
                .objections
                .iter()
                .map(|o| ObjectionView {
                    id: o.id.clone(),
                    mine: o.bidder_uscc == me,
                    bidder_uscc: o.bidder_uscc.clone(),
                    text: o.text.clone(),
                    at: o.at.unix(),
                    answer: o.answer.clone(),
                    answered_at: o.answered_at.map(Timestamp::unix),
                })
                .collect(),
            host,
            admin,
            faults,
        })
    }

    pub async fn opening_sign_in(&self, tender: &str) -> DeskResult<OpeningView> {
        let api = self.session_api().await?;
        api.sign_in(tender).await?;
        self.opening(tender).await
    }

    /// Unwraps the file key of this bidder's delivered bid from its own sealed
    /// file, here, and sends only the key.
    pub async fn opening_decrypt(&self, tender: &str) -> DeskResult<OpeningView> {
        let receipts = self.store.receipts().await?;
        let receipt = receipts
            .iter()
            .find(|r| r.body.tender == tender)
            .ok_or_else(|| DeskError::new("bid.not_found", "you have no delivered bid in this tender"))?;
        let item = self
            .store
            .outbox()
            .await?
            .into_iter()
            .find(|o| o.sha256 == receipt.body.sha256)
            .ok_or_else(|| DeskError::new("bid.file_missing", "the sealed file of your delivered bid is not on this computer"))?;
        let file = std::fs::File::open(&item.file)
            .map_err(|e| DeskError::new("bid.file_missing", format!("the sealed file {} cannot be read: {e}", item.file)))?;
        let header = tenderbox_seal::envelope::read_header(&mut std::io::BufReader::new(file))?;
        let name = self.settings().await.identity.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let ks = self.keystore().await?;
        let key = tokio::task::spawn_blocking(move || -> DeskResult<String> {
            let (_, secret) = ks.load(&name)?;
            let k = header.unwrap_bidder(&secret)?;
            Ok(base64::engine::general_purpose::STANDARD.encode(k.expose()))
        })
        .await
        .map_err(|e| DeskError::new("opening.decrypt", e.to_string()))??;
        let api = self.session_api().await?;
        // The key leaves only after this computer has seen the close in the log.
        self.verified_close(&api, tender).await?;
        api.sign_in(tender).await?;
        api.post_file_key(tender, &PostFileKey { file_key: key }).await?;
        self.opening(tender).await
    }

    /// The tender, verified again, once this computer has seen its close in the
    /// log — proved against a checkpoint that extends the one it keeps (which is
    /// then kept) — never on the server's word. Returns the verified record and the
    /// pinned log key. Key material (file keys, partial decryptions) leaves only after this.
    pub(super) async fn verified_close(&self, api: &crate::api::Api, tender: &str) -> DeskResult<(tenderbox_wire::TenderRecord, String)> {
        let log_key = self
            .store
            .meta(crate::sync::META_LOG_KEY)
            .await?
            .ok_or_else(|| DeskError::new("log.key", "this computer has not pinned the platform's log key yet; sync first"))?;
        let v = crate::tenders::fetch_verified(api, tender, &log_key).await?;
        let stored = self.store.meta(crate::sync::META_CHECKPOINT).await?;
        let (_, note) =
            crate::logcheck::verified_close(api, &log_key, stored.as_deref(), tender, v.record.document.deadline, self.now()).await?;
        self.store.set_meta(crate::sync::META_CHECKPOINT, &note).await?;
        Ok((v.record, log_key))
    }

    /// When this bidder cannot decrypt its bid: asks the custodians to open it
    /// (the committee remedy), signed here for its delivered submission.
    pub async fn opening_remedy(&self, tender: &str) -> DeskResult<OpeningView> {
        let receipt = self
            .store
            .receipts()
            .await?
            .into_iter()
            .find(|r| r.body.tender == tender)
            .ok_or_else(|| DeskError::new("bid.not_found", "you have no delivered bid in this tender"))?;
        let name = self.settings().await.identity.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let ks = self.keystore().await?;
        let (sha, index) = (receipt.body.sha256.clone(), receipt.body.log_index);
        let t = tender.to_string();
        let req = tokio::task::spawn_blocking(move || -> DeskResult<tenderbox_wire::BidRequest> {
            let (_, secret) = ks.load(&name)?;
            Ok(tenderbox_wire::BidRequest::sign_as(tenderbox_wire::REMEDY_DOMAIN, &t, &sha, index, &secret))
        })
        .await
        .map_err(|e| DeskError::new("opening.remedy", e.to_string()))??;
        let api = self.session_api().await?;
        api.request_remedy(tender, &req).await?;
        self.opening(tender).await
    }

    pub async fn opening_confirm(&self, tender: &str) -> DeskResult<OpeningView> {
        let api = self.session_api().await?;
        api.confirm_record(tender).await?;
        self.opening(tender).await
    }

    pub async fn opening_object(&self, tender: &str, text: &str) -> DeskResult<OpeningView> {
        if text.trim().is_empty() {
            return Err(DeskError::new("objection.empty", "write what you object to"));
        }
        let api = self.session_api().await?;
        api.object(tender, text.trim()).await?;
        self.opening(tender).await
    }
}
