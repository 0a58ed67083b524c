//! A sealed bid opened from the file manager (the `.tbx` file association): what anyone
//! can see without a key — the tender it was sealed for, whether that is the version this
//! computer verified, the bidder's code, who can open it — and whether this computer holds
//! the platform's receipt for exactly this file. Never the contents.

use super::{Desk, DeskError, DeskResult};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SealedFileView {
    pub file: String,
    #[ts(type = "number")]
    pub size: u64,
    pub sha256: String,
    pub tender: String,
    /// The tender's title, when this computer has it.
    pub tender_title: Option<String>,
    /// `current` (sealed against the version this computer verified last), `older`
    /// (an earlier version: the bid must be sealed again), or `unknown` (not on this computer).
    pub tender_version: String,
    pub bidder_uscc: String,
    /// `bidder` or `committee`, per stanza.
    pub stanzas: Vec<String>,
    /// The platform's receipt for this exact file is on this computer.
    pub delivered: bool,
    #[ts(type = "number | null")]
    pub receipt_log_index: Option<u64>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    SealedFileView::export_all_to(dir)
}

impl Desk {
    pub async fn inspect_sealed(&self, path: &str) -> DeskResult<SealedFileView> {
        let p = std::path::PathBuf::from(path);
        let i = tokio::task::spawn_blocking(move || crate::sealing::inspect(&p))
            .await
            .map_err(|e| DeskError::new("io", e.to_string()))?
            .map_err(|e| DeskError::new(e.code(), format!("{path}: {e}")))?;
        let stored = self.store.tender(&i.header.tender).await?;
        let tender_version = match &stored {
            None => "unknown",
            Some(t) if t.record.summary.hash == i.header.tender_hash => "current",
            Some(_) => "older",
        };
        let receipt = self.store.receipts().await?.into_iter().find(|r| r.body.sha256 == i.sha256);
        Ok(SealedFileView {
            file: path.to_string(),
            size: i.size,
            sha256: i.sha256,
            tender_title: stored.map(|t| t.record.document.title),
            tender: i.header.tender,
            tender_version: tender_version.into(),
            bidder_uscc: i.header.bidder,
            stanzas: i.stanza_kinds.iter().map(|s| s.to_string()).collect(),
            delivered: receipt.is_some(),
            receipt_log_index: receipt.map(|r| r.body.log_index),
        })
    }
}
