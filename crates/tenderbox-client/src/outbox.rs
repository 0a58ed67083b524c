//! The outbox: a finalised (sealed) bid is queued in the local store and sent
//! with the resumable upload. The upload id is stored before the first byte is
//! sent, so going offline, pausing (dropping the future) or restarting the app
//! all continue from the offset the server holds. The receipt is verified
//! against the pinned log key before the item is marked sent.

use crate::api::{Api, ApiFailure};
use crate::store::{OutboxItem, Store, StoreError};
use std::path::Path;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::BidRecord;

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error(transparent)]
    Api(#[from] ApiFailure),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("nothing in the outbox has id {0}")]
    Missing(i64),
    #[error("this bid was already sent; its receipt is in the receipts list")]
    AlreadySent,
    #[error("the receipt does not verify against this server's pinned log key: {0}")]
    Receipt(String),
}

impl OutboxError {
    pub fn code(&self) -> &str {
        match self {
            OutboxError::Api(e) => e.code(),
            OutboxError::Store(e) => e.code(),
            OutboxError::Missing(_) => "outbox.missing",
            OutboxError::AlreadySent => "outbox.sent",
            OutboxError::Receipt(_) => "receipt.invalid",
        }
    }

    pub fn is_offline(&self) -> bool {
        matches!(self, OutboxError::Api(ApiFailure::Offline(..)))
    }
}

/// Items the app should (re)start sending: queued ones and ones a crash or
/// restart interrupted mid-send. Paused and failed ones wait for the user.
pub async fn pending(store: &Store) -> Result<Vec<OutboxItem>, StoreError> {
    Ok(store.outbox().await?.into_iter().filter(|i| matches!(i.state.as_str(), "queued" | "sending")).collect())
}

/// Sends outbox item `id` with a logged-in `api`, the submission signed by
/// `signer` (the bidder's identity). On success the receipt is
/// stored and the item marked sent in one transaction. Offline: the item goes
/// back to `queued` with the reason, to be retried; another failure marks it
/// `failed` with the server's reason.
pub async fn send(
    api: &Api,
    store: &Store,
    signer: &tenderbox_seal::identity::SecretIdentity,
    id: i64,
    now: &(dyn Fn() -> Timestamp + Sync),
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<BidRecord, OutboxError> {
    let item = store.outbox_get(id).await?.ok_or(OutboxError::Missing(id))?;
    if item.state == "sent" {
        return Err(OutboxError::AlreadySent);
    }
    store.outbox_update(id, "sending", None, None, None, now()).await?;
    // How far the server has confirmed, kept when the transfer stops.
    let reached = std::sync::atomic::AtomicU64::new(item.sent);
    let result: Result<BidRecord, OutboxError> = async {
        let file = Path::new(&item.file);
        let (state, sha) = api.begin_upload(&item.tender_id, file, item.upload_id.as_deref(), &item.consortium, signer).await?;
        if sha != item.sha256 {
            return Err(OutboxError::Api(ApiFailure::Refused(
                "outbox.changed",
                format!("the sealed file {} changed after it was queued; seal the bid again", item.file),
            )));
        }
        store.outbox_update(id, "sending", Some(state.offset), Some(&state.id), None, now()).await?;
        let mut record = |sent: u64, total: u64| {
            reached.store(sent, std::sync::atomic::Ordering::Relaxed);
            progress(sent, total);
        };
        api.send_chunks(&state, file, &mut record).await?;
        let rec = api.complete_upload(&state.id, &sha, state.length).await?;
        let key = store
            .meta(crate::sync::META_LOG_KEY)
            .await?
            .ok_or_else(|| OutboxError::Receipt("no log key is pinned for this server yet; confirm it first".into()))?;
        rec.receipt.verify(&key).map_err(|e| OutboxError::Receipt(e.into()))?;
        store.put_receipt(Some(id), &rec.receipt, now()).await?;
        Ok(rec)
    }
    .await;
    if let Err(e) = &result {
        let state = if e.is_offline() { "queued" } else { "failed" };
        let sent = reached.load(std::sync::atomic::Ordering::Relaxed);
        // The server's stable code is kept in front of its reason, for the user's language.
        let text = match e {
            OutboxError::Api(ApiFailure::Server { code, message, .. }) => format!("[{code}] {message}"),
            other => other.to_string(),
        };
        store.outbox_update(id, state, Some(sent), None, Some(&text), now()).await?;
    }
    result
}
