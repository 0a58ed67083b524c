//! The outbox of sealed bids waiting to be sent, pausing and resuming them, and the
//! receipts: each re-checked against the pinned log key and this computer's own view
//! of the log, and exported for the bidder's records.

use super::{Desk, DeskError, DeskResult};
use serde::Serialize;
use std::path::PathBuf;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OutboxView {
    #[ts(type = "number")]
    pub id: i64,
    pub tender: String,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    #[ts(type = "number")]
    pub sent: u64,
    /// `queued`, `sending`, `paused`, `sent`, `failed`.
    pub state: String,
    pub error: Option<String>,
    /// The server's stable code of the refusal, when the server refused.
    pub error_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReceiptView {
    pub tender: String,
    pub tender_title: Option<String>,
    pub sha256: String,
    #[ts(type = "number")]
    pub size: u64,
    /// The server's time of receipt (unix seconds).
    #[ts(type = "number")]
    pub server_time: i64,
    #[ts(type = "number")]
    pub log_index: u64,
    pub bidder_uscc: String,
    /// Checked just now against the pinned log key and this computer's own view
    /// of the log: signature, and the leaf's inclusion in a checkpoint this
    /// computer verified (consistent with every one it stored).
    pub verified: bool,
    /// Signed correctly, but not yet anchored in this computer's view: the next
    /// sync checks it (the log must show it, or that is an alarm).
    pub pending: bool,
    /// Size of the verified checkpoint the receipt is anchored in.
    #[ts(type = "number | null")]
    pub anchored_in: Option<u64>,
    pub problem: Option<String>,
}

impl Desk {
    pub async fn outbox(&self) -> DeskResult<Vec<OutboxView>> {
        Ok(self.store.outbox().await?.into_iter().map(outbox_view).collect())
    }

    /// Pauses an upload: the transfer stops now; the server keeps what it has.
    pub async fn outbox_pause(&self, id: i64) -> DeskResult<Vec<OutboxView>> {
        {
            let mut sending = self.sending.lock().await;
            if let Some((_, handle)) = sending.as_ref().filter(|(sid, _)| *sid == id) {
                handle.abort();
                *sending = None;
            }
        }
        self.set_outbox_state(id, "paused").await
    }

    /// Resumes a paused or failed upload from where the server stopped.
    pub async fn outbox_resume(&self, id: i64) -> DeskResult<Vec<OutboxView>> {
        let r = self.set_outbox_state(id, "queued").await;
        self.sync_now();
        r
    }

    /// Moves an outbox item that is not sent yet to `state`.
    pub(super) async fn set_outbox_state(&self, id: i64, state: &str) -> DeskResult<Vec<OutboxView>> {
        let item = self
            .store
            .outbox_get(id)
            .await?
            .ok_or_else(|| DeskError::new("outbox.missing", format!("nothing in the outbox has id {id}")))?;
        if item.state != "sent" {
            self.store.outbox_update(id, state, None, None, None, self.now()).await?;
        }
        self.outbox().await
    }

    /// Every stored receipt, each checked again against the pinned log key and
    /// this computer's stored view of the log: verified once its leaf is proved
    /// in a checkpoint this computer verified; pending until the next sync does so.
    pub async fn receipts(&self) -> DeskResult<Vec<ReceiptView>> {
        let key = self.store.meta(crate::sync::META_LOG_KEY).await?;
        let mut out = Vec::new();
        for (r, anchor) in self.store.receipts_anchored().await? {
            let (anchored_in, pending, problem) = match (&key, &anchor) {
                (None, _) => (None, false, Some("no log key is pinned for this server yet".to_string())),
                (Some(_), Err(why)) => (None, false, Some(why.clone())),
                (Some(k), Ok(Some(a))) => match crate::logcheck::check_anchor(k, &r, a) {
                    Ok(size) => (Some(size), false, None),
                    Err(e) => (None, false, Some(e)),
                },
                (Some(k), Ok(None)) => match r.verify(k) {
                    Ok(()) => (None, true, None),
                    Err(e) => (None, false, Some(e.message)),
                },
            };
            let title = self.store.tender(&r.body.tender).await?.map(|t| t.record.summary.title);
            out.push(ReceiptView {
                tender: r.body.tender.clone(),
                tender_title: title,
                sha256: r.body.sha256.clone(),
                size: r.body.size,
                server_time: r.body.server_time.unix(),
                log_index: r.body.log_index,
                bidder_uscc: r.body.bidder_uscc.clone(),
                verified: anchored_in.is_some(),
                pending,
                anchored_in,
                problem,
            });
        }
        Ok(out)
    }

    /// Writes a receipt (JSON, with its checkpoint and proof) to `path`, atomically.
    pub async fn receipt_export(&self, sha256: &str, path: &str) -> DeskResult<String> {
        let r = self
            .store
            .receipts()
            .await?
            .into_iter()
            .find(|r| r.body.sha256 == sha256)
            .ok_or_else(|| DeskError::new("receipt.unknown", format!("no receipt for {sha256}")))?;
        let p = PathBuf::from(path);
        crate::files::write_atomic(&p, &serde_json::to_vec_pretty(&r).expect("serialisable"), false)?;
        Ok(p.display().to_string())
    }
}

pub(super) fn outbox_view(o: crate::store::OutboxItem) -> OutboxView {
    let (error_code, error) = match o.error {
        Some(e) if e.starts_with('[') && e.contains("] ") => {
            let (code, rest) = e[1..].split_once("] ").expect("checked");
            (Some(code.to_string()), Some(rest.to_string()))
        }
        other => (None, other),
    };
    OutboxView { id: o.id, tender: o.tender_id, sha256: o.sha256, size: o.size, sent: o.sent, state: o.state, error, error_code }
}

/// Writes the bindings of the outbox and receipt views.
pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    ReceiptView::export_all_to(dir)?;
    OutboxView::export_all_to(dir)?;
    Ok(())
}
