//! The transparency log (docs/spec/log-v1.md): every event is a leaf, persisted
//! in the `events` table in the same transaction as the change it records, and
//! mirrored in an in-memory [`MerkleTree`] for roots and proofs. Appends are
//! serialised by one lock; a leaf becomes visible in the tree only after its
//! transaction committed.

use crate::error::{Error, Result};
use serde_json::Value;
use sqlx::{AnyConnection, AnyPool, Row};
use tenderbox_core::canonical;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::checkpoint::{Checkpoint, NoteSigner};
use tenderbox_seal::merkle::{self, Hash, MerkleTree};
use tenderbox_wire::Event;
use tokio::sync::{Mutex, MutexGuard};

/// Who may read an event: everyone, or one identity.
#[derive(Debug, Clone)]
pub enum Audience {
    Public,
    Identity(String),
}

impl Audience {
    fn as_db(&self) -> &str {
        match self {
            Audience::Public => "public",
            Audience::Identity(id) => id,
        }
    }
}

#[derive(Debug)]
pub struct Log {
    tree: Mutex<MerkleTree>,
    /// The committed tree's size, readable without waiting for the append lock.
    size: std::sync::atomic::AtomicU64,
    /// Public events committed since this process started (what the portal's
    /// page cache is keyed on: a public change makes every cached page stale).
    public: std::sync::atomic::AtomicU64,
    signer: NoteSigner,
    origin: String,
    /// Every committed event with its audience, for live streams.
    live: tokio::sync::broadcast::Sender<(Event, String)>,
}

impl Log {
    /// Rebuilds the tree from the stored leaves, checking each stored hash.
    pub async fn load(pool: &AnyPool, signer: NoteSigner, origin: String) -> Result<Self> {
        let rows = sqlx::query("SELECT idx, leaf, hash FROM events ORDER BY idx").fetch_all(pool).await?;
        let mut tree = MerkleTree::new();
        for r in rows {
            let idx: i64 = r.try_get("idx")?;
            let leaf: Vec<u8> = r.try_get("leaf")?;
            let hash: Vec<u8> = r.try_get("hash")?;
            if idx as u64 != tree.len() || merkle::leaf_hash(&leaf)[..] != hash[..] {
                return Err(Error::Internal(format!("the stored log is damaged at leaf {idx}")));
            }
            tree.push(merkle::leaf_hash(&leaf));
        }
        Ok(Log {
            size: std::sync::atomic::AtomicU64::new(tree.len()),
            public: Default::default(),
            tree: Mutex::new(tree),
            signer,
            origin,
            live: tokio::sync::broadcast::channel(4096).0,
        })
    }

    pub fn verifier_key(&self) -> String {
        self.signer.verifier_key()
    }

    pub async fn lock(&self) -> LogGuard<'_> {
        LogGuard { tree: self.tree.lock().await, pending: Vec::new(), live: &self.live, size: &self.size, public: &self.public }
    }

    /// Events committed from now on (public and private, with their audience).
    pub fn subscribe(&self) -> tokio::sync::broadcast::Receiver<(Event, String)> {
        self.live.subscribe()
    }

    /// The committed size (public pages: no wait behind an append in progress).
    pub async fn size(&self) -> u64 {
        self.size.load(std::sync::atomic::Ordering::Acquire)
    }

    /// How many public events this process has committed (changes with each one).
    pub fn public_changes(&self) -> u64 {
        self.public.load(std::sync::atomic::Ordering::Acquire)
    }

    /// A signed checkpoint of the current tree.
    pub async fn checkpoint(&self) -> Result<(u64, String)> {
        let tree = self.tree.lock().await;
        self.sign(&tree)
    }

    /// A signed checkpoint of `tree` (under the append lock: [`LogGuard::tree`]).
    pub fn sign(&self, tree: &MerkleTree) -> Result<(u64, String)> {
        let size = tree.len();
        let root = tree.root(size).map_err(Error::internal)?;
        let note = Checkpoint { origin: self.origin.clone(), size, root }.sign(&self.signer).map_err(Error::internal)?;
        Ok((size, note))
    }

    /// A signed checkpoint and, in the same tree, the inclusion proof of `index`.
    pub async fn evidence(&self, index: u64) -> Result<(String, Vec<Hash>)> {
        let tree = self.tree.lock().await;
        let (size, note) = self.sign(&tree)?;
        let proof = merkle::inclusion_proof(&*tree, index, size).map_err(Error::internal)?;
        Ok((note, proof))
    }

    pub async fn inclusion(&self, index: u64, size: u64) -> Result<Vec<Hash>> {
        let tree = self.tree.lock().await;
        if size > tree.len() {
            return Err(Error::BadRequest("log.size", format!("the log has {} leaves, not {size}", tree.len())));
        }
        merkle::inclusion_proof(&*tree, index, size).map_err(|e| Error::BadRequest("log.index", e.to_string()))
    }

    pub async fn consistency(&self, first: u64, second: u64) -> Result<Vec<Hash>> {
        let tree = self.tree.lock().await;
        if second > tree.len() {
            return Err(Error::BadRequest("log.size", format!("the log has {} leaves, not {second}", tree.len())));
        }
        merkle::consistency_proof(&*tree, first, second).map_err(|e| Error::BadRequest("log.sizes", e.to_string()))
    }
}

/// Holds the append lock. Events appended through it join the tree on
/// [`LogGuard::commit`], after the caller's transaction committed.
pub struct LogGuard<'a> {
    tree: MutexGuard<'a, MerkleTree>,
    pending: Vec<(Hash, Event, String)>,
    live: &'a tokio::sync::broadcast::Sender<(Event, String)>,
    size: &'a std::sync::atomic::AtomicU64,
    public: &'a std::sync::atomic::AtomicU64,
}

impl LogGuard<'_> {
    pub async fn append(
        &mut self,
        conn: &mut AnyConnection,
        kind: &str,
        tender: Option<&str>,
        audience: Audience,
        at: Timestamp,
        body: Value,
    ) -> Result<Event> {
        let index = self.tree.len() + self.pending.len() as u64;
        let event = Event { index, kind: kind.to_string(), tender: tender.map(str::to_string), at, body };
        let leaf = canonical::to_canonical_vec(&event).map_err(Error::internal)?;
        let hash = merkle::leaf_hash(&leaf);
        sqlx::query("INSERT INTO events (idx, kind, tender_id, audience, at, leaf, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(index as i64)
            .bind(kind)
            .bind(tender)
            .bind(audience.as_db())
            .bind(at.unix())
            .bind(leaf)
            .bind(hash.to_vec())
            .execute(&mut *conn)
            .await?;
        self.pending.push((hash, event.clone(), audience.as_db().to_string()));
        Ok(event)
    }

    /// Call after the transaction that stored the pending events committed.
    pub fn commit(mut self) -> u64 {
        for (h, event, audience) in std::mem::take(&mut self.pending) {
            self.tree.push(h);
            if audience == "public" {
                self.public.fetch_add(1, std::sync::atomic::Ordering::AcqRel);
            }
            // Nobody listening is fine.
            let _ = self.live.send((event, audience));
        }
        self.size.store(self.tree.len(), std::sync::atomic::Ordering::Release);
        self.tree.len()
    }

    /// The committed tree (pending leaves excluded).
    pub fn tree(&self) -> &MerkleTree {
        &self.tree
    }
}

pub fn decode_event(leaf: &[u8]) -> Result<Event> {
    serde_json::from_slice(leaf).map_err(Error::internal)
}
