//! The key custodian's desk: the tenders whose committee key this identity helps
//! to hold, each ceremony recomputed here from the custodians' signed messages
//! (never the server's summary), the step that is due taken with one action, and
//! at the opening the partial decryptions released — only after this computer
//! has itself seen the tender's close in the log.

use super::{Desk, DeskError, DeskResult};
use serde::Serialize;
use tenderbox_seal::ceremony::Phase;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustodyView {
    pub tender_id: String,
    pub title: String,
    /// Unix seconds.
    #[ts(type = "number")]
    pub deadline: i64,
    /// `commit`, `reveal`, `verify`, `answer`, `done`, `failed` (too few custodians
    /// left: the agency must amend), or `unknown` when the platform could not be reached.
    pub phase: String,
    /// This custodian's seat (1-based), and the ceremony's size.
    pub seat: u32,
    pub custodians: u32,
    pub threshold: u32,
    pub committed: u32,
    pub revealed: u32,
    pub verdicts: u32,
    /// What this custodian has to do now: `commit`, `reveal`, `verify`, `answer`, or none.
    pub my_step: Option<String>,
    /// Complaints raised in the ceremony, as "custodian a about dealer b" (names and seats).
    pub complaints: Vec<String>,
    /// The custodians the ceremony is waiting for in this phase (names), so a missing
    /// one is visible to everyone on the committee.
    pub waiting_for: Vec<String>,
    /// Why this custodian lost its seat, if it did.
    pub disqualified: Option<String>,
    /// The committee key is in the tender (bids can be sealed to it).
    pub key_in_tender: bool,
    /// Fingerprint of the key the ceremony made (first 16 hex of SHA-256).
    pub key_fingerprint: Option<String>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    CustodyView::export_all_to(dir)
}

fn phase_str(p: Phase) -> &'static str {
    match p {
        Phase::Commit => "commit",
        Phase::Reveal => "reveal",
        Phase::Verify => "verify",
        Phase::Answer => "answer",
        Phase::Done => "done",
        _ => "failed",
    }
}

impl Desk {
    /// The tenders this identity is a custodian of, each ceremony verified now.
    pub async fn custody(&self) -> DeskResult<Vec<CustodyView>> {
        let me = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let mut out = Vec::new();
        for t in self.store.tenders().await? {
            if t.record.document.custodians.iter().any(|c| c.id == me.id) {
                out.push(self.custody_of(&t.record.summary.id).await?);
            }
        }
        Ok(out)
    }

    /// One tender's ceremony as this custodian sees it.
    pub async fn custody_of(&self, tender: &str) -> DeskResult<CustodyView> {
        let me = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let t = self.stored_tender(tender).await?;
        let d = &t.record.document;
        let seat = d
            .custodians
            .iter()
            .position(|c| c.id == me.id)
            .map(|i| i as u32 + 1)
            .ok_or_else(|| DeskError::new("committee.not_custodian", format!("you are not a custodian of tender {tender}")))?;
        let mut view = CustodyView {
            tender_id: d.id.clone(),
            title: d.title.clone(),
            deadline: d.deadline.unix(),
            phase: "unknown".into(),
            seat,
            custodians: d.custodians.len() as u32,
            threshold: d.threshold,
            committed: 0,
            revealed: 0,
            verdicts: 0,
            my_step: None,
            complaints: vec![],
            waiting_for: vec![],
            disqualified: None,
            key_in_tender: d.committee_public_key.is_some(),
            key_fingerprint: None,
        };
        let Some(key) = self.store.meta(crate::sync::META_LOG_KEY).await? else { return Ok(view) };
        let api = crate::api::Api::new(&self.settings().await.server);
        let v = match crate::committee::fetch(&api, &t.record, &key).await {
            Ok(v) => v,
            Err(crate::api::ApiFailure::Offline(..)) => return Ok(view),
            Err(e) => return Err(e.into()),
        };
        let o = &v.outcome;
        let tr = &v.state.transcript;
        view.phase = phase_str(o.phase).into();
        view.committed = o.committed.len() as u32;
        view.revealed = o.revealed.len() as u32;
        view.verdicts = o.verdicts.len() as u32;
        let name =
            |seat: u32| d.custodians.get(seat as usize - 1).map(|c| format!("{} ({seat})", c.name)).unwrap_or_else(|| seat.to_string());
        view.complaints = o.complaints.iter().map(|c| format!("{} → {}", name(c.by), name(c.dealer))).collect();
        let done: &[u32] = match o.phase {
            Phase::Commit => &o.committed,
            Phase::Reveal => &o.revealed,
            Phase::Verify => &o.verdicts,
            _ => &[],
        };
        if matches!(o.phase, Phase::Commit | Phase::Reveal | Phase::Verify) {
            view.waiting_for =
                (1..=d.custodians.len() as u32).filter(|s| !done.contains(s) && !o.disqualified.contains_key(s)).map(name).collect();
        }
        view.disqualified = o.disqualified.get(&seat).cloned();
        view.key_fingerprint = o.key.as_ref().map(|k| hex::encode(&tenderbox_core::sha256(k.public_key.to_base64().as_bytes())[..8]));
        view.my_step = if view.disqualified.is_some() {
            None
        } else if !tr.commitments.iter().any(|c| c.dealer == seat) {
            Some("commit".into())
        } else if o.phase == Phase::Reveal && !tr.deals.iter().any(|x| x.dealer == seat) {
            Some("reveal".into())
        } else if o.phase == Phase::Verify && !tr.verdicts.iter().any(|x| x.custodian == seat) {
            Some("verify".into())
        } else if o.complaints.iter().any(|c| c.dealer == seat && !tr.answers.iter().any(|a| a.dealer == seat && a.recipient == c.by)) {
            Some("answer".into())
        } else {
            None
        };
        Ok(view)
    }

    /// Takes every ceremony step that is due for this custodian (commit, reveal,
    /// check the shares and sign the verdict, answer complaints), each after the
    /// transcript is re-verified and this custodian's own deal found unchanged.
    pub async fn custody_step(&self, tender: &str) -> DeskResult<CustodyView> {
        let t = self.stored_tender(tender).await?;
        let key = self
            .store
            .meta(crate::sync::META_LOG_KEY)
            .await?
            .ok_or_else(|| DeskError::new("log.unpinned", "confirm the platform's log key first"))?;
        let api = self.session_api().await?;
        let signer = self.signer().await?;
        crate::committee::step(&api, &t.record, &key, &signer).await?;
        self.custody_of(tender).await
    }

    /// At the opening: this custodian's partial decryptions for the bids the
    /// committee remedy applies to — made here with its share, and only after this
    /// computer has seen the tender's close in the log. Returns how many were sent.
    pub async fn custody_release(&self, tender: &str) -> DeskResult<u32> {
        let api = self.session_api().await?;
        let (record, key) = self.verified_close(&api, tender).await?;
        let signer = self.signer().await?;
        let (sent, _) = crate::committee::release_partials(&api, &record, &key, &signer).await?;
        Ok(sent as u32)
    }
}
