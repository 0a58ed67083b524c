//! The desktop client's local store: one SQLite database (WAL, embedded
//! forward-only migrations) in the app-data folder holding verified tenders and
//! their versions, synced events, the outbox of sealed bids, verified receipts,
//! the sync cursor and the last verified checkpoint. Drafts and attachments are
//! files beside it (see `draft`), written atomically.
//!
//! Every write is one transaction with `synchronous = FULL`: a crash at any
//! moment leaves either the old or the new state.

use crate::tenders::VerifiedTender;
use serde::Serialize;
use sqlx::Row;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use std::path::Path;
use std::str::FromStr;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::{Event, Receipt, TenderRecord};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the local database {path} cannot be opened: {why}")]
    Open { path: String, why: String },
    #[error("the local database failed: {0}")]
    Db(#[from] sqlx::Error),
    #[error("a stored record is damaged: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Open { .. } => "store.open",
            StoreError::Db(_) => "store.db",
            StoreError::Corrupt(_) => "store.corrupt",
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// A tender as the announcement list shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StoredTender {
    pub record: TenderRecord,
    pub log_index: u64,
    pub seen_version: Option<u32>,
}

/// One sealed bid in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxItem {
    pub id: i64,
    pub tender_id: String,
    pub file: String,
    pub sha256: String,
    pub size: u64,
    pub upload_id: Option<String>,
    pub sent: u64,
    /// `queued`, `sending`, `paused`, `sent`, `failed`.
    pub state: String,
    pub error: Option<String>,
    /// The consortium members' credit codes, signed into the submission.
    pub consortium: Vec<String>,
}

impl Store {
    /// Opens (creating when missing) the database at `path` and migrates it.
    pub async fn open(path: &Path) -> StoreResult<Store> {
        let err = |why: String| StoreError::Open { path: path.display().to_string(), why };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
        }
        let opts = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))
            .map_err(|e| err(e.to_string()))?
            .create_if_missing(true)
            .busy_timeout(std::time::Duration::from_secs(10))
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new().max_connections(4).connect_with(opts).await.map_err(|e| err(e.to_string()))?;
        sqlx::migrate!("./migrations").run(&pool).await.map_err(|e| err(e.to_string()))?;
        Ok(Store { pool })
    }

    /// A consistent copy of the whole database at `path` (SQLite `VACUUM INTO`), taken
    /// while the store stays open; `path` must not exist yet.
    pub async fn copy_to(&self, path: &Path) -> StoreResult<()> {
        sqlx::query("VACUUM INTO ?").bind(path.display().to_string()).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn meta(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = ?").bind(key).fetch_optional(&self.pool).await?)
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> StoreResult<()> {
        sqlx::query("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key)
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn delete_meta(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM meta WHERE key = ?").bind(key).execute(&self.pool).await?;
        Ok(())
    }

    /// Stores events (already stored ones are left alone) and moves the cursor
    /// to `cursor`, in one transaction.
    pub async fn add_events(&self, events: &[Event], cursor: Option<u64>) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        for e in events {
            sqlx::query("INSERT OR IGNORE INTO events (idx, kind, tender_id, at, body) VALUES (?, ?, ?, ?, ?)")
                .bind(e.index as i64)
                .bind(&e.kind)
                .bind(&e.tender)
                .bind(e.at.unix())
                .bind(e.body.to_string())
                .execute(&mut *tx)
                .await?;
        }
        if let Some(c) = cursor {
            sqlx::query("INSERT INTO meta (key, value) VALUES ('cursor', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                .bind(c.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn cursor(&self) -> StoreResult<Option<u64>> {
        Ok(self.meta("cursor").await?.and_then(|c| c.parse().ok()))
    }

    /// The events of one tender, oldest first.
    pub async fn tender_events(&self, tender: &str) -> StoreResult<Vec<Event>> {
        self.events_where("tender_id = ?", Some(tender)).await
    }

    /// Registration decisions (`identity.approved` / `identity.rejected`), oldest first.
    pub async fn identity_events(&self) -> StoreResult<Vec<Event>> {
        self.events_where("kind IN ('identity.approved', 'identity.rejected', 'identity.retired')", None).await
    }

    async fn events_where(&self, cond: &str, tender: Option<&str>) -> StoreResult<Vec<Event>> {
        let sql = format!("SELECT idx, kind, tender_id, at, body FROM events WHERE {cond} ORDER BY idx");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some(t) = tender {
            q = q.bind(t);
        }
        let rows = q.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(Event {
                    index: r.get::<i64, _>("idx") as u64,
                    kind: r.get("kind"),
                    tender: r.get("tender_id"),
                    at: Timestamp::from_unix(r.get("at")),
                    body: serde_json::from_str(r.get("body")).map_err(|e| StoreError::Corrupt(e.to_string()))?,
                })
            })
            .collect()
    }

    /// Stores a verified tender (and its version, once) in one transaction.
    pub async fn put_tender(&self, v: &VerifiedTender, now: Timestamp) -> StoreResult<()> {
        let r = &v.record;
        let record = serde_json::to_string(r).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let document = serde_json::to_string(&r.document).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let trading_type =
            serde_json::to_value(r.document.trading_type).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let status = serde_json::to_value(r.summary.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO tenders (id, version, hash, title, centre, trading_type, status, deadline, record, log_index, seen_version, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
             ON CONFLICT (id) DO UPDATE SET version = excluded.version, hash = excluded.hash, title = excluded.title,
               centre = excluded.centre, trading_type = excluded.trading_type, status = excluded.status, deadline = excluded.deadline,
               record = excluded.record, log_index = excluded.log_index, updated_at = excluded.updated_at",
        )
        .bind(&r.summary.id)
        .bind(r.summary.version as i64)
        .bind(&r.summary.hash)
        .bind(&r.summary.title)
        .bind(&r.summary.centre)
        .bind(trading_type)
        .bind(status)
        .bind(r.summary.deadline.unix())
        .bind(record)
        .bind(v.event.index as i64)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT OR IGNORE INTO tender_versions (tender_id, version, hash, document, log_index) VALUES (?, ?, ?, ?, ?)")
            .bind(&r.summary.id)
            .bind(r.summary.version as i64)
            .bind(&r.summary.hash)
            .bind(document)
            .bind(v.event.index as i64)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    fn stored(r: &sqlx::sqlite::SqliteRow) -> StoreResult<StoredTender> {
        Ok(StoredTender {
            record: serde_json::from_str(r.get("record")).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            log_index: r.get::<i64, _>("log_index") as u64,
            seen_version: r.get::<Option<i64>, _>("seen_version").map(|v| v as u32),
        })
    }

    /// Every cached tender, nearest deadline first.
    pub async fn tenders(&self) -> StoreResult<Vec<StoredTender>> {
        let rows = sqlx::query("SELECT record, log_index, seen_version FROM tenders ORDER BY deadline, id").fetch_all(&self.pool).await?;
        rows.iter().map(Self::stored).collect()
    }

    pub async fn tender(&self, id: &str) -> StoreResult<Option<StoredTender>> {
        let row =
            sqlx::query("SELECT record, log_index, seen_version FROM tenders WHERE id = ?").bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(Self::stored).transpose()
    }

    /// A stored version of a tender's document.
    pub async fn tender_version(&self, id: &str, version: u32) -> StoreResult<Option<tenderbox_core::tender::TenderDocument>> {
        let doc: Option<String> = sqlx::query_scalar("SELECT document FROM tender_versions WHERE tender_id = ? AND version = ?")
            .bind(id)
            .bind(version as i64)
            .fetch_optional(&self.pool)
            .await?;
        doc.map(|d| serde_json::from_str(&d).map_err(|e| StoreError::Corrupt(e.to_string()))).transpose()
    }

    /// Remembers that the bidder has looked at `version`.
    pub async fn mark_seen(&self, id: &str, version: u32) -> StoreResult<()> {
        sqlx::query("UPDATE tenders SET seen_version = ? WHERE id = ?").bind(version as i64).bind(id).execute(&self.pool).await?;
        Ok(())
    }

    // --- outbox ---

    fn outbox_item(r: &sqlx::sqlite::SqliteRow) -> OutboxItem {
        OutboxItem {
            id: r.get("id"),
            tender_id: r.get("tender_id"),
            file: r.get("file"),
            sha256: r.get("sha256"),
            size: r.get::<i64, _>("size") as u64,
            upload_id: r.get("upload_id"),
            sent: r.get::<i64, _>("sent") as u64,
            state: r.get("state"),
            error: r.get("error"),
            consortium: r.get::<Option<String>, _>("consortium").and_then(|c| serde_json::from_str(&c).ok()).unwrap_or_default(),
        }
    }

    /// Queues a sealed bid. A bid still waiting for the same tender is replaced
    /// (the newer seal supersedes it); sent ones stay as history.
    pub async fn enqueue(
        &self,
        tender: &str,
        file: &str,
        sha256: &str,
        size: u64,
        consortium: &[String],
        now: Timestamp,
    ) -> StoreResult<OutboxItem> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM outbox WHERE tender_id = ? AND state IN ('queued', 'paused', 'failed')")
            .bind(tender)
            .execute(&mut *tx)
            .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO outbox (tender_id, file, sha256, size, state, created_at, updated_at, consortium) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?) RETURNING id",
        )
        .bind(tender)
        .bind(file)
        .bind(sha256)
        .bind(size as i64)
        .bind(now.unix())
        .bind(now.unix())
        .bind(if consortium.is_empty() { None } else { Some(serde_json::to_string(consortium).expect("a list of strings")) })
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(self.outbox_get(id).await?.expect("just inserted"))
    }

    pub async fn outbox(&self) -> StoreResult<Vec<OutboxItem>> {
        let rows = sqlx::query("SELECT * FROM outbox ORDER BY id").fetch_all(&self.pool).await?;
        Ok(rows.iter().map(Self::outbox_item).collect())
    }

    pub async fn outbox_get(&self, id: i64) -> StoreResult<Option<OutboxItem>> {
        let row = sqlx::query("SELECT * FROM outbox WHERE id = ?").bind(id).fetch_optional(&self.pool).await?;
        Ok(row.as_ref().map(Self::outbox_item))
    }

    pub async fn outbox_update(
        &self,
        id: i64,
        state: &str,
        sent: Option<u64>,
        upload_id: Option<&str>,
        error: Option<&str>,
        now: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE outbox SET state = ?, sent = COALESCE(?, sent), upload_id = COALESCE(?, upload_id), error = ?, updated_at = ? WHERE id = ?",
        )
        .bind(state)
        .bind(sent.map(|s| s as i64))
        .bind(upload_id)
        .bind(error)
        .bind(now.unix())
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    // --- receipts ---

    /// Stores a verified receipt and marks its outbox item sent, in one transaction.
    pub async fn put_receipt(&self, outbox_id: Option<i64>, r: &Receipt, now: Timestamp) -> StoreResult<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO receipts (sha256, tender_id, receipt, log_index, server_time, verified_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (sha256) DO UPDATE SET receipt = excluded.receipt, verified_at = excluded.verified_at",
        )
        .bind(&r.body.sha256)
        .bind(&r.body.tender)
        .bind(serde_json::to_string(r).map_err(|e| StoreError::Corrupt(e.to_string()))?)
        .bind(r.body.log_index as i64)
        .bind(r.body.server_time.unix())
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
        if let Some(id) = outbox_id {
            sqlx::query("UPDATE outbox SET state = 'sent', sent = size, error = NULL, updated_at = ? WHERE id = ?")
                .bind(now.unix())
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every receipt with its anchor in this client's view of the log (or the
    /// reason it could not be anchored), if checked yet.
    pub async fn receipts_anchored(&self) -> StoreResult<Vec<(Receipt, Result<Option<crate::logcheck::Anchor>, String>)>> {
        let rows: Vec<(String, Option<String>, Option<String>)> =
            sqlx::query_as("SELECT receipt, anchor, anchor_problem FROM receipts ORDER BY server_time DESC, log_index DESC")
                .fetch_all(&self.pool)
                .await?;
        let corrupt = |e: serde_json::Error| StoreError::Corrupt(e.to_string());
        rows.into_iter()
            .map(|(r, a, problem)| {
                let r: Receipt = serde_json::from_str(&r).map_err(corrupt)?;
                let a = match problem {
                    Some(p) => Err(p),
                    None => Ok(a.as_deref().map(serde_json::from_str).transpose().map_err(corrupt)?),
                };
                Ok((r, a))
            })
            .collect()
    }

    /// Records receipt `sha256`'s anchor in this client's view of the log, or the
    /// reason the view does not hold it.
    pub async fn set_anchor(&self, sha256: &str, anchor: Result<&crate::logcheck::Anchor, &str>) -> StoreResult<()> {
        let (a, problem) = match anchor {
            Ok(a) => (Some(serde_json::to_string(a).map_err(|e| StoreError::Corrupt(e.to_string()))?), None),
            Err(p) => (None, Some(p)),
        };
        sqlx::query("UPDATE receipts SET anchor = ?, anchor_problem = ? WHERE sha256 = ?")
            .bind(a)
            .bind(problem)
            .bind(sha256)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn receipts(&self) -> StoreResult<Vec<Receipt>> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT receipt FROM receipts ORDER BY server_time DESC, log_index DESC").fetch_all(&self.pool).await?;
        rows.iter().map(|r| serde_json::from_str(r).map_err(|e| StoreError::Corrupt(e.to_string()))).collect()
    }
}
