//! What a client remembers about a server's transparency log — its key, the last
//! checkpoint it verified, the receipts it holds — and the check that the log
//! only ever grew: a consistency proof from the stored checkpoint to the current
//! one, and every receipt's inclusion in the current tree. A failure is a fork
//! or a forged receipt, reported as an alarm, never papered over.

use crate::api::{Api, ApiFailure};
use crate::files::write_atomic;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use tenderbox_seal::checkpoint::Checkpoint;
use tenderbox_seal::merkle;
use tenderbox_wire::{ProofResponse, Receipt};

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

/// The log key to trust for this server: the one pinned in `state`, or — at first
/// contact — the server's, which is then pinned. A changed key is an alarm.
pub async fn pinned_key(api: &Api, state: &mut LogState) -> Result<String, LogAlarm> {
    let key = api.health().await?.log_key;
    if state.verifier_key.is_empty() {
        state.verifier_key = key.clone();
    } else if state.verifier_key != key {
        return Err(LogAlarm::KeyChanged { old: state.verifier_key.clone(), new: key });
    }
    Ok(key)
}

/// Verifies the server's current log against what `state` remembers, and every
/// receipt in it; on success stores the new checkpoint in `state`.
pub async fn verify(api: &Api, state: &mut LogState) -> Result<VerifyReport, LogAlarm> {
    let key = api.health().await?.log_key;
    if !state.verifier_key.is_empty() && state.verifier_key != key {
        return Err(LogAlarm::KeyChanged { old: state.verifier_key.clone(), new: key });
    }
    let note: tenderbox_wire::CheckpointResponse = api.get("/v1/log/checkpoint").await?;
    let new = Checkpoint::open(&note.note, &key).map_err(|e| ApiFailure::Protocol(format!("checkpoint: {e}")))?;
    let mut previous = None;
    if let Some(old_note) = &state.checkpoint {
        let old = Checkpoint::open(old_note, &key).map_err(|e| LogAlarm::State("stored checkpoint".into(), e.to_string()))?;
        previous = Some(old.size);
        if new.size < old.size {
            return Err(LogAlarm::Fork { old: old.size, new: new.size, why: "the log shrank".into() });
        }
        let p: ProofResponse = api.get(&format!("/v1/log/proof/consistency?first={}&second={}", old.size, new.size)).await?;
        let proof = hashes(&p).map_err(|why| LogAlarm::Fork { old: old.size, new: new.size, why })?;
        merkle::verify_consistency(old.size, new.size, &old.root, &new.root, &proof).map_err(|e| LogAlarm::Fork {
            old: old.size,
            new: new.size,
            why: e.to_string(),
        })?;
    }
    for r in &state.receipts {
        let alarm = |why: String| LogAlarm::Receipt { sha256: r.body.sha256.clone(), index: r.body.log_index, why };
        r.verify(&key).map_err(alarm)?;
        if r.body.log_index >= new.size {
            return Err(alarm(format!("the log has only {} leaves", new.size)));
        }
        let p: ProofResponse = api.get(&format!("/v1/log/proof/inclusion?index={}&size={}", r.body.log_index, new.size)).await?;
        let proof = hashes(&p).map_err(alarm)?;
        merkle::verify_inclusion(&merkle::leaf_hash(r.leaf.as_bytes()), r.body.log_index, new.size, &proof, &new.root)
            .map_err(|e| alarm(e.to_string()))?;
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
