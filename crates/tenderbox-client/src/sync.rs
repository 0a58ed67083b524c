//! The sync engine: one pass pulls the events after the stored cursor, re-fetches
//! and verifies every tender they touch (document hash, agency certificate and
//! signature, log inclusion), demands a consistency proof from the last verified
//! checkpoint (a fork is an alarm, never papered over), and measures the server's
//! clock offset. A failed pass changes nothing; the caller retries with
//! [`backoff`] while offline and catches up from the cursor when the network returns.

use crate::api::{Api, ApiFailure};
use crate::store::{Store, StoreError};
use crate::tenders::fetch_verified;
use serde::Serialize;
use std::collections::BTreeSet;
use std::time::Duration;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::checkpoint::Checkpoint;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Api(#[from] ApiFailure),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("ALARM: the server's log key changed from {old} to {new}; this is not the log this client verified before")]
    KeyChanged { old: String, new: String },
    #[error("ALARM: the log forked: the checkpoint of size {new} does not extend the verified one of size {old} ({why})")]
    Fork { old: u64, new: u64, why: String },
    #[error(
        "first contact with this server: its log key (fingerprint {fingerprint}) is not pinned yet; compare the fingerprint with the one the trading centre publishes and confirm it"
    )]
    Unpinned { offered: String, fingerprint: String },
    #[error(
        "ALARM: the server's log key (fingerprint {offered}) is not the one configured or confirmed (fingerprint {expected}); this is not the trading centre's log"
    )]
    NotTheKey { expected: String, offered: String },
    #[error("ALARM: receipt for bid {sha256} is not in this computer's view of the log: {why}")]
    Receipt { sha256: String, why: String },
    #[error("ALARM: the server now shows tender {tender} at version {offered}, older than version {stored} this client already verified")]
    Rollback { tender: String, stored: u32, offered: u32 },
}

impl SyncError {
    pub fn code(&self) -> &str {
        match self {
            SyncError::Api(e) => e.code(),
            SyncError::Store(e) => e.code(),
            SyncError::KeyChanged { .. } => "log.key_changed",
            SyncError::Fork { .. } => "log.fork",
            SyncError::Rollback { .. } => "tender.rollback",
            SyncError::Unpinned { .. } => "log.unpinned",
            SyncError::NotTheKey { .. } => "log.key_mismatch",
            SyncError::Receipt { .. } => "log.receipt",
        }
    }

    /// Worth retrying later (the network), as opposed to an alarm or a bug.
    pub fn is_offline(&self) -> bool {
        matches!(self, SyncError::Api(ApiFailure::Offline(..)))
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SyncReport {
    pub new_events: usize,
    pub tenders_updated: Vec<String>,
    pub log_size: u64,
    /// Server time minus local time, in seconds (±1 s).
    pub clock_offset: i64,
    pub server_time: Timestamp,
}

/// Meta keys in the store.
pub const META_LOG_KEY: &str = "log_key";
pub const META_CHECKPOINT: &str = "checkpoint";
pub const META_CLOCK_OFFSET: &str = "clock_offset";
pub const META_LAST_SYNC: &str = "last_sync";

/// Delay before retry number `failures` (1, 2, …): doubling from 2 s, capped at 60 s.
pub fn backoff(failures: u32) -> Duration {
    Duration::from_secs((2u64 << failures.saturating_sub(1).min(5)).min(60))
}

/// One sync pass. `local_now` reads the local clock (passed in for tests).
pub async fn sync_once(api: &Api, store: &Store, local_now: &(dyn Fn() -> Timestamp + Sync)) -> Result<SyncReport, SyncError> {
    // Clock offset: the server's time against the midpoint of the request.
    let t0 = local_now();
    let health = api.health().await?;
    let t1 = local_now();
    let clock_offset = health.server_time.unix() - (t0.unix() + t1.unix()) / 2;

    // The key was pinned by configuration or the user's confirmation ([`trust`]),
    // never here from the server's word.
    let key = match store.meta(META_LOG_KEY).await? {
        Some(old) if old != health.log_key => return Err(SyncError::KeyChanged { old, new: health.log_key }),
        Some(k) => k,
        None => {
            let fingerprint = tenderbox_wire::log_key_fingerprint(&health.log_key);
            return Err(SyncError::Unpinned { offered: health.log_key, fingerprint });
        }
    };

    // The log only grows: prove the new checkpoint extends the stored one.
    let note = api.checkpoint().await?;
    let new = Checkpoint::open(&note.note, &key).map_err(|e| ApiFailure::Protocol(format!("checkpoint: {e}")))?;
    if let Some(old_note) = store.meta(META_CHECKPOINT).await? {
        let old = Checkpoint::open(&old_note, &key).map_err(|e| StoreError::Corrupt(format!("stored checkpoint: {e}")))?;
        crate::logcheck::extends(api, &old, &new).await.map_err(|a| match a {
            crate::logcheck::LogAlarm::Fork { old, new, why } => SyncError::Fork { old, new, why },
            crate::logcheck::LogAlarm::Api(e) => SyncError::Api(e),
            other => SyncError::Api(ApiFailure::Protocol(other.to_string())),
        })?;
    }

    // Events after the cursor, page by page; the tenders they touch.
    let mut cursor = store.cursor().await?;
    let mut updated = BTreeSet::new();
    let mut new_events = 0;
    loop {
        let page = api.events_page(None, cursor).await?;
        if page.events.is_empty() {
            break;
        }
        let touched: BTreeSet<&String> =
            page.events.iter().filter(|e| e.kind.starts_with("tender.")).filter_map(|e| e.tender.as_ref()).collect();
        new_events += page.events.len();
        // Tenders first, then the cursor: a failure re-reads these events next time.
        for id in touched {
            if updated.insert(id.clone()) {
                let v = fetch_verified(api, id, &key).await?;
                // A tender's version only ever goes forward.
                if let Some(stored) = store.tender(id).await?
                    && stored.record.summary.version > v.record.summary.version
                {
                    return Err(SyncError::Rollback {
                        tender: id.clone(),
                        stored: stored.record.summary.version,
                        offered: v.record.summary.version,
                    });
                }
                store.put_tender(&v, health.server_time).await?;
            }
        }
        cursor = page.next_after;
        store.add_events(&page.events, cursor).await?;
    }
    // Receipts not yet anchored: each must sit in this verified view.
    // A receipt the view cannot hold stays an alarm at every sync.
    for (r, a) in store.receipts_anchored().await? {
        match a {
            Ok(Some(_)) => continue,
            Err(why) => return Err(SyncError::Receipt { sha256: r.body.sha256.clone(), why }),
            Ok(None) => {}
        }
        match crate::logcheck::anchor_receipt(api, &key, &r, &new, &note.note).await {
            Ok(a) => store.set_anchor(&r.body.sha256, Ok(&a)).await?,
            Err(crate::logcheck::AnchorError::Pending(_)) => {}
            Err(crate::logcheck::AnchorError::Api(e)) => return Err(e.into()),
            Err(crate::logcheck::AnchorError::Invalid(why)) => {
                store.set_anchor(&r.body.sha256, Err(&why)).await?;
                return Err(SyncError::Receipt { sha256: r.body.sha256.clone(), why });
            }
        }
    }
    store.set_meta(META_CHECKPOINT, &note.note).await?;
    store.set_meta(META_CLOCK_OFFSET, &clock_offset.to_string()).await?;
    store.set_meta(META_LAST_SYNC, &health.server_time.unix().to_string()).await?;
    Ok(SyncReport {
        new_events,
        tenders_updated: updated.into_iter().collect(),
        log_size: new.size,
        clock_offset,
        server_time: health.server_time,
    })
}

/// Pins the server's log key in `store`: `confirmation` is the key, or its
/// fingerprint as the user read it from the trading centre (or the configured
/// key). Refused unless the server offers exactly that key; a pinned key is
/// never replaced.
pub async fn trust(api: &Api, store: &Store, confirmation: &str) -> Result<String, SyncError> {
    let offered = api.health().await?.log_key;
    if let Some(old) = store.meta(META_LOG_KEY).await? {
        return if old == offered { Ok(old) } else { Err(SyncError::KeyChanged { old, new: offered }) };
    }
    if confirmation.trim() != offered && !tenderbox_wire::fingerprint_matches(&offered, confirmation) {
        let expected = if confirmation.contains('+') {
            tenderbox_wire::log_key_fingerprint(confirmation.trim())
        } else {
            confirmation.trim().to_string()
        };
        return Err(SyncError::NotTheKey { expected, offered: tenderbox_wire::log_key_fingerprint(&offered) });
    }
    store.set_meta(META_LOG_KEY, &offered).await?;
    Ok(offered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let s: Vec<u64> = (1..=8).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(s, [2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
