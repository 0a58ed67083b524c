//! Finalising (固化) and sealing a complete draft — the machine fingerprint sealed to the
//! supervision system named in the verified tender record — and queueing the sealed
//! bid in the outbox.

use super::bid::{BidView, SealedView};
use super::{Desk, DeskError, DeskResult};
use crate::draft::Draft;
use crate::sealing::{SealOptions, seal_draft};
use std::path::Path;
use std::sync::Arc;
use tenderbox_seal::SystemEntropy;

impl Desk {
    /// The sealed file recorded for this draft, when the draft has not changed since.
    pub(super) async fn sealed_of(&self, d: &Draft) -> DeskResult<Option<SealedView>> {
        let Some(raw) = self.store.meta(&format!("sealed:{}", d.bid.tender_id)).await? else { return Ok(None) };
        let s: SealedRecord = serde_json::from_str(&raw).map_err(|e| DeskError::new("store.corrupt", e.to_string()))?;
        let draft_now = draft_fingerprint(d);
        if s.draft != draft_now || !Path::new(&s.view.file).is_file() {
            return Ok(None);
        }
        Ok(Some(s.view))
    }

    /// Finalises (固化) and seals the draft: refused while anything is missing;
    /// `progress(done, total)` in bytes. The sealed file is written atomically.
    pub async fn bid_seal(self: &Arc<Self>, tender: &str, progress: Arc<dyn Fn(u64, u64) + Send + Sync>) -> DeskResult<BidView> {
        let d = self.draft(tender).await?;
        let view = self.bid_view(&d).await?;
        if let Some(p) = view.problems.first() {
            return Err(DeskError::new(
                "bid.incomplete",
                format!("{} item(s) still block finalising; first: {}", view.problems.len(), p.message),
            ));
        }
        let name = self.settings().await.identity.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let ks = self.keystore().await?;
        let now = self.now();
        let out = self.sealed_dir().join(format!("{}-v{}-{}.tbx", crate::keystore::file_stem(tender), d.bid.tender_version, now.unix()));
        std::fs::create_dir_all(self.sealed_dir())?;
        let fingerprint = draft_fingerprint(&d);
        let options = SealOptions {
            supervisors: self.supervisors_for(tender).await?,
            installation: crate::fingerprint::installation_id(self.home()).ok(),
            ..Default::default()
        };
        let (sealed, d) = tokio::task::spawn_blocking(move || -> DeskResult<_> {
            let (public, secret) = ks.load(&name)?;
            let mut last = 0u64;
            let sealed = seal_draft(&d, options, (&public, &secret), &out, now, &SystemEntropy::new(), &mut |done, total| {
                // At most ~200 updates to the window.
                if done == total || done - last >= (total / 200).max(1 << 20) {
                    last = done;
                    progress(done, total);
                }
            })?;
            Ok((sealed, d))
        })
        .await
        .map_err(|e| DeskError::new("bid.seal", e.to_string()))??;
        let (size, sha256) = (sealed.size, sealed.sha256.clone());
        let record = SealedRecord {
            draft: fingerprint,
            view: SealedView {
                file: sealed.path.display().to_string(),
                sha256,
                size,
                sealed_at: now.unix(),
                tender_version: d.bid.tender_version,
            },
        };
        self.store.set_meta(&format!("sealed:{tender}"), &serde_json::to_string(&record).expect("serialisable")).await?;
        self.bid_view(&d).await
    }

    /// Queues the sealed bid for sending; the background loop sends it (now, or
    /// when the network returns).
    pub async fn bid_submit(&self, tender: &str) -> DeskResult<BidView> {
        let d = self.draft(tender).await?;
        let s =
            self.sealed_of(&d).await?.ok_or_else(|| DeskError::new("bid.not_sealed", "finalise and seal the bid before submitting it"))?;
        if s.tender_version != self.current_tender(tender).await?.version {
            return Err(DeskError::new("tender.amended", "the tender was amended after sealing; update the draft and seal again"));
        }
        let members: Vec<String> = d.bid.consortium.iter().map(|m| m.uscc.to_string()).collect();
        self.store.enqueue(tender, &s.file, &s.sha256, s.size, &members, self.now()).await?;
        self.sync_now();
        self.bid_view(&d).await
    }

    /// The supervision system's recipients for a tender's machine fingerprint:
    /// the certificates its verified record carries, checked against the pinned key.
    pub(super) async fn supervisors_for(&self, tender: &str) -> DeskResult<Vec<tenderbox_seal::package::Supervisor>> {
        let Some(t) = self.store.tender(tender).await? else { return Ok(vec![]) };
        let key = self
            .store
            .meta(crate::sync::META_LOG_KEY)
            .await?
            .ok_or_else(|| DeskError::new("log.unpinned", "the platform's log key is not confirmed yet"))?;
        let pk = tenderbox_wire::verifier_public_key(&key).map_err(|e| DeskError::new("log.key", e))?;
        t.record.supervisors(&pk).map_err(|e| DeskError::new("tender.supervision", e))
    }
}

/// What was sealed, and of which draft state.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct SealedRecord {
    draft: String,
    view: SealedView,
}

/// A digest of the draft's content (its JSON and every attachment's size and
/// modification time): a seal is current only while this is unchanged.
pub(super) fn draft_fingerprint(d: &Draft) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    ctx.update(&serde_json::to_vec(&d.bid).expect("serialisable"));
    for a in &d.bid.attachments {
        let m = std::fs::metadata(d.attachment_path(a)).ok();
        let stamp = m.as_ref().and_then(|m| m.modified().ok()).and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        ctx.update(format!("{}|{:?}|{:?}", a.name, m.map(|m| m.len()), stamp).as_bytes());
    }
    hex::encode(ctx.finish())
}
