//! What a client remembers about a server's transparency log — its key, the last
//! checkpoint it verified, the receipts it holds — and the check that the log
//! only ever grew: a consistency proof from the stored checkpoint to the current
//! one, and every receipt's inclusion in the current tree. A failure is a fork
//! or a forged receipt, reported as an alarm, never papered over.

use crate::api::{Api, ApiFailure};
use crate::files::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::checkpoint::Checkpoint;
use tenderbox_seal::merkle;
use tenderbox_wire::{Event, ProofResponse, Receipt};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LogState {
    pub server: String,
    pub verifier_key: String,
    /// The last checkpoint note verified.
    pub checkpoint: Option<String>,
    pub receipts: Vec<Receipt>,
}

#[derive(Debug, thiserror::Error)]
pub enum LogAlarm {
    #[error("ALARM: the server's log key changed from {old} to {new}; this is not the log you checked before")]
    KeyChanged { old: String, new: String },
    #[error("ALARM: the log forked: the checkpoint of size {new} does not extend the one of size {old} you verified ({why})")]
    Fork { old: u64, new: u64, why: String },
    #[error("ALARM: receipt for bid {sha256} (log index {index}) does not verify against the current log: {why}")]
    Receipt { sha256: String, index: u64, why: String },
    #[error(
        "this computer has not pinned the log key of {server} yet. It offers key fingerprint {fingerprint}: compare it with the fingerprint the trading centre publishes, then confirm it (`tenderbox log trust --fingerprint '{fingerprint}'`) or configure the key (TENDERBOX_LOG_KEY)"
    )]
    Unpinned { server: String, offered: String, fingerprint: String },
    #[error("ALARM: the server's log key {offered} is not the configured one {configured}; this is not the trading centre's log")]
    NotConfigured { configured: String, offered: String },
    #[error("ALARM: the event {kind} at log index {index} the server showed is not in the signed log: {why}")]
    Event { kind: String, index: u64, why: String },
    #[error(transparent)]
    Api(#[from] ApiFailure),
    #[error("local log state {0}: {1}")]
    State(String, String),
}

impl LogAlarm {
    pub fn code(&self) -> &str {
        match self {
            LogAlarm::KeyChanged { .. } => "log.key_changed",
            LogAlarm::Fork { .. } => "log.fork",
            LogAlarm::Receipt { .. } => "log.receipt",
            LogAlarm::Unpinned { .. } => "log.unpinned",
            LogAlarm::Event { .. } => "log.event",
            LogAlarm::NotConfigured { .. } => "log.key_mismatch",
            LogAlarm::Api(e) => e.code(),
            LogAlarm::State(..) => "log.state",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub server: String,
    pub previous_size: Option<u64>,
    pub size: u64,
    pub root: String,
    pub receipts_verified: usize,
}

pub fn state_path(home: &Path, server: &str) -> PathBuf {
    home.join("servers").join(format!("{}.json", &hex::encode(tenderbox_core::sha256(server.as_bytes()))[..16]))
}

pub fn load(path: &Path, server: &str) -> Result<LogState, LogAlarm> {
    match std::fs::read(path) {
        Ok(b) => serde_json::from_slice(&b).map_err(|e| LogAlarm::State(path.display().to_string(), e.to_string())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(LogState { server: server.to_string(), ..Default::default() }),
        Err(e) => Err(LogAlarm::State(path.display().to_string(), e.to_string())),
    }
}

pub fn save(path: &Path, st: &LogState) -> Result<(), LogAlarm> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).map_err(|e| LogAlarm::State(p.display().to_string(), e.to_string()))?;
    }
    write_atomic(path, &serde_json::to_vec_pretty(st).expect("serialisable"), false)
        .map_err(|e| LogAlarm::State(path.display().to_string(), e.to_string()))
}

/// The hashes of a proof answer, each checked to be 32 bytes of hex.
pub(crate) fn hashes(p: &ProofResponse) -> Result<Vec<merkle::Hash>, String> {
    p.proof
        .iter()
        .map(|h| hex::decode(h).ok().and_then(|v| v.try_into().ok()).ok_or_else(|| "a proof hash is not 32 bytes of hex".to_string()))
        .collect()
}

/// The log key to trust for this server: the one pinned in `state`. At first
/// contact the server's key is pinned only if it is the `configured` one (from
/// the trading centre's published configuration); without a configured key the
/// client stops with [`LogAlarm::Unpinned`], showing the fingerprint for the user
/// to compare and confirm with [`trust`] — never silently from `/v1/health`.
/// A changed key, or one other than configured, is an alarm.
pub async fn pinned_key(api: &Api, state: &mut LogState, configured: Option<&str>) -> Result<String, LogAlarm> {
    let offered = api.health().await?.log_key;
    if !state.verifier_key.is_empty() {
        if state.verifier_key != offered {
            return Err(LogAlarm::KeyChanged { old: state.verifier_key.clone(), new: offered });
        }
        if let Some(c) = configured.filter(|c| *c != state.verifier_key) {
            return Err(LogAlarm::NotConfigured { configured: c.to_string(), offered });
        }
        return Ok(offered);
    }
    match configured {
        Some(c) if c == offered => {
            state.verifier_key = offered.clone();
            Ok(offered)
        }
        Some(c) => Err(LogAlarm::NotConfigured { configured: c.to_string(), offered }),
        None => {
            Err(LogAlarm::Unpinned { server: api.base().to_string(), fingerprint: tenderbox_wire::log_key_fingerprint(&offered), offered })
        }
    }
}

/// The user confirms the server's log key at first contact: `confirmation` is
/// the key itself or its fingerprint, as the trading centre publishes it. The key
/// is pinned only if the server offers exactly that key; a key already pinned is
/// never replaced this way.
pub async fn trust(api: &Api, state: &mut LogState, confirmation: &str) -> Result<String, LogAlarm> {
    let offered = api.health().await?.log_key;
    if !state.verifier_key.is_empty() && state.verifier_key != offered {
        return Err(LogAlarm::KeyChanged { old: state.verifier_key.clone(), new: offered });
    }
    if confirmation.trim() != offered && !tenderbox_wire::fingerprint_matches(&offered, confirmation) {
        return Err(LogAlarm::NotConfigured { configured: confirmation.trim().to_string(), offered });
    }
    state.verifier_key = offered.clone();
    Ok(offered)
}

/// Verifies the server's current log against what `state` remembers, and every
/// receipt in it; on success stores the new checkpoint in `state`.
pub async fn verify(api: &Api, state: &mut LogState, configured: Option<&str>) -> Result<VerifyReport, LogAlarm> {
    let key = pinned_key(api, state, configured).await?;
    let note = api.checkpoint().await?;
    let new = Checkpoint::open(&note.note, &key).map_err(|e| ApiFailure::Protocol(format!("checkpoint: {e}")))?;
    let mut previous = None;
    if let Some(old_note) = &state.checkpoint {
        let old = Checkpoint::open(old_note, &key).map_err(|e| LogAlarm::State("stored checkpoint".into(), e.to_string()))?;
        previous = Some(old.size);
        extends(api, &old, &new).await?;
    }
    for r in &state.receipts {
        let alarm = |why: String| LogAlarm::Receipt { sha256: r.body.sha256.clone(), index: r.body.log_index, why };
        match anchor_receipt(api, &key, r, &new, &note.note).await {
            Ok(_) => {}
            Err(AnchorError::Api(e)) => return Err(e.into()),
            Err(AnchorError::Pending(why) | AnchorError::Invalid(why)) => return Err(alarm(why)),
        }
    }
    state.verifier_key = key;
    state.checkpoint = Some(note.note);
    Ok(VerifyReport {
        server: api.base().to_string(),
        previous_size: previous,
        size: new.size,
        root: hex::encode(new.root),
        receipts_verified: state.receipts.len(),
    })
}

/// A receipt's place in this client's own view of the log: the inclusion proof
/// of its leaf in a checkpoint the client verified (and so proved consistent with
/// every checkpoint it stored before and after). Kept with the receipt, it is
/// re-checked offline at any time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The client's verified checkpoint note.
    pub checkpoint: String,
    /// Hex hashes: the leaf's inclusion proof in that checkpoint.
    pub inclusion: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AnchorError {
    /// Not yet: the receipt's checkpoint is newer than this client's view.
    #[error("{0}")]
    Pending(String),
    /// The receipt is forged, or the server showed this bidder another log (a fork).
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Api(#[from] ApiFailure),
}

/// Anchors receipt `r` in the client's verified view `view` (its note `view_note`):
/// the receipt verifies under the pinned `key`, the checkpoint it came with is
/// consistent with the view (a receipt from a log shown only to this bidder is
/// [`AnchorError::Invalid`]: a fork), and its leaf is included in the view.
pub async fn anchor_receipt(api: &Api, key: &str, r: &Receipt, view: &Checkpoint, view_note: &str) -> Result<Anchor, AnchorError> {
    r.verify(key).map_err(|e| AnchorError::Invalid(e.into()))?;
    let own = Checkpoint::open(&r.checkpoint, key).map_err(|e| AnchorError::Invalid(e.to_string()))?;
    if own.size > view.size {
        return Err(AnchorError::Pending(format!(
            "the receipt's checkpoint (size {}) is newer than this computer's verified view (size {}); it is checked at the next sync",
            own.size, view.size
        )));
    }
    if own.size == view.size {
        if own.root != view.root {
            return Err(AnchorError::Invalid("the receipt's checkpoint has the view's size but another root: a fork".into()));
        }
    } else {
        let proof = hashes(&api.consistency_proof(own.size, view.size).await?).map_err(AnchorError::Invalid)?;
        merkle::verify_consistency(own.size, view.size, &own.root, &view.root, &proof).map_err(|e| {
            AnchorError::Invalid(format!("the receipt's checkpoint is not in this computer's view of the log (a fork): {e}"))
        })?;
    }
    let p = api.inclusion_proof(r.body.log_index, view.size).await?;
    let a = Anchor { checkpoint: view_note.to_string(), inclusion: p.proof };
    check_anchor(key, r, &a).map_err(AnchorError::Invalid)?;
    Ok(a)
}

/// Re-checks an [`Anchor`] offline: the receipt verifies under `key`, the anchor's
/// checkpoint is signed by `key`, and the leaf is included in it. Returns the
/// anchoring checkpoint's size.
pub fn check_anchor(key: &str, r: &Receipt, a: &Anchor) -> Result<u64, String> {
    r.verify(key)?;
    let cp = Checkpoint::open(&a.checkpoint, key).map_err(|e| format!("anchoring checkpoint: {e}"))?;
    let proof = hashes(&ProofResponse { proof: a.inclusion.clone() })?;
    merkle::verify_inclusion(&merkle::leaf_hash(r.leaf.as_bytes()), r.body.log_index, cp.size, &proof, &cp.root)
        .map_err(|e| format!("the receipt's leaf is not in this computer's view of the log: {e}"))?;
    Ok(cp.size)
}

/// How far the local clock may lag the deadline when the log already shows the
/// close (clock skew); beyond that the client refuses, whatever the log says.
pub const CLOCK_TOLERANCE_SECS: i64 = 300;

/// The close of tender `id` as this client must see it before any key material
/// — a file key, a partial decryption — leaves it: the `tender.closed` event
/// found in the log, proved included in a checkpoint signed by the pinned key
/// `verifier_key` that extends `stored` (the client's last verified checkpoint),
/// stamped at or after the verified `deadline`, with the local clock (`local_now`)
/// not more than [`CLOCK_TOLERANCE_SECS`] before that deadline. Never the
/// server's word alone. Returns the event and the checkpoint note to store.
pub async fn verified_close(
    api: &Api,
    verifier_key: &str,
    stored: Option<&str>,
    id: &str,
    deadline: Timestamp,
    local_now: Timestamp,
) -> Result<(Event, String), LogAlarm> {
    let refuse = |msg: String| LogAlarm::Api(ApiFailure::Refused("opening.not_closed", msg));
    if local_now.unix() + CLOCK_TOLERANCE_SECS < deadline.unix() {
        return Err(refuse(format!("this computer's clock says {local_now}, before the deadline {deadline}: no key is released")));
    }
    let close = api.events(Some(id)).await?.into_iter().find(|e| e.kind == "tender.closed" && e.tender.as_deref() == Some(id));
    let e = close.ok_or_else(|| refuse(format!("the log does not show tender {id} closed at its deadline yet: no key is released")))?;
    if e.at < deadline {
        return Err(refuse(format!("the log's close of tender {id} is stamped {}, before its deadline {deadline}", e.at)));
    }
    let proved = prove_events(api, verifier_key, stored, std::slice::from_ref(&e), &Default::default()).await.map_err(|a| match a {
        LogAlarm::Event { why, .. } => refuse(format!("the close event is not in the signed log: {why}")),
        other => other,
    })?;
    Ok((e, proved.note))
}

/// What [`prove_events`] proved: the signed checkpoint (size and note) the events
/// are leaves of, and the leaf hashes it proved now (index, hash).
#[derive(Debug, Clone)]
pub struct Proved {
    pub size: u64,
    pub note: String,
    pub fresh: Vec<(u64, merkle::Hash)>,
}

/// Proves `events` (as the server served them) are leaves of the log this
/// client sees: the current checkpoint, signed by the pinned `verifier_key`,
/// extends `stored` (the client's last verified checkpoint), and each event's
/// canonical bytes are included in it at its index. Events whose index is in
/// `known` (proved before, with the same leaf hash) are not asked for again.
pub async fn prove_events(
    api: &Api,
    verifier_key: &str,
    stored: Option<&str>,
    events: &[Event],
    known: &std::collections::HashMap<u64, merkle::Hash>,
) -> Result<Proved, LogAlarm> {
    let note = api.checkpoint().await?;
    let new = Checkpoint::open(&note.note, verifier_key).map_err(|e| ApiFailure::Protocol(format!("checkpoint: {e}")))?;
    if let Some(old_note) = stored {
        let old = Checkpoint::open(old_note, verifier_key).map_err(|e| LogAlarm::State("stored checkpoint".into(), e.to_string()))?;
        extends(api, &old, &new).await?;
    }
    let mut fresh = Vec::new();
    for e in events {
        let alarm = |why: String| LogAlarm::Event { kind: e.kind.clone(), index: e.index, why };
        let leaf = tenderbox_core::canonical::to_canonical_vec(e).map_err(|err| alarm(err.to_string()))?;
        let hash = merkle::leaf_hash(&leaf);
        if known.get(&e.index) == Some(&hash) {
            continue;
        }
        if e.index >= new.size {
            return Err(alarm(format!("it is beyond the signed checkpoint of size {}", new.size)));
        }
        let proof = hashes(&api.inclusion_proof(e.index, new.size).await?).map_err(alarm)?;
        merkle::verify_inclusion(&hash, e.index, new.size, &proof, &new.root)
            .map_err(|err| alarm(format!("it is not the leaf the signed log holds: {err}")))?;
        fresh.push((e.index, hash));
    }
    Ok(Proved { size: new.size, note: note.note, fresh })
}

/// The log only grew from `old` to `new`: a consistency proof, or the same tree.
pub(crate) async fn extends(api: &Api, old: &Checkpoint, new: &Checkpoint) -> Result<(), LogAlarm> {
    let fork = |why: String| LogAlarm::Fork { old: old.size, new: new.size, why };
    if new.size < old.size {
        return Err(fork("the log shrank".into()));
    }
    if new.size == old.size {
        return if new.root == old.root { Ok(()) } else { Err(fork("same size, different root".into())) };
    }
    let proof = hashes(&api.consistency_proof(old.size, new.size).await?).map_err(fork)?;
    merkle::verify_consistency(old.size, new.size, &old.root, &new.root, &proof).map_err(|e| fork(e.to_string()))
}
