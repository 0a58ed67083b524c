//! The push of the national data sets to the provincial platform (`--province-url`).
//!
//! **exchange.outbox**: after each public event of a tender, its data sets are
//! recomputed ([`crate::portal::national_export`]) and every row not sent before (by
//! its key: the data set's name and the row's content) is put in the outbox, in the
//! same transaction as the log cursor that says how far the gathering has got — so a
//! restart neither loses nor repeats a row. The sender posts each row, oldest first, as
//! `{delivery, tender, dataset, row}` signed by the server key
//! (`X-Tenderbox-Signature`: base64 Ed25519 over [`DOMAIN`] and the body); a row is
//! marked sent only on the receiver's 2xx. **exchange.backoff**: a failed attempt waits
//! 5 s, then 10 s, 20 s … up to an hour before the next, and nothing after it is sent
//! meanwhile (the receiver sees the rows in order). A crash between the receiver's 2xx
//! and the mark sends the row again with the same delivery id, by which the receiver
//! deduplicates: each row is taken exactly once.

use crate::AppState;
use crate::error::{Error, Result};
use base64::Engine;
use serde_json::json;
use sqlx::Row;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::ExchangeStatus;

/// The signature domain of a pushed row.
pub const DOMAIN: &[u8] = b"tenderbox/v1/exchange-push\n";

/// Rows sent per round.
const BATCH: i64 = 100;

/// The wait after the `attempts`-th failed attempt, in seconds.
pub fn backoff(attempts: i64) -> i64 {
    let n = attempts.clamp(1, 20) as u32;
    (5i64 << (n - 1)).min(3600)
}

fn row_key(dataset: &str, row: &serde_json::Value) -> String {
    let mut h = ring::digest::Context::new(&ring::digest::SHA256);
    h.update(dataset.as_bytes());
    h.update(b"\n");
    h.update(row.to_string().as_bytes());
    hex::encode(h.finish())
}

/// Gathers the rows that public events since the cursor made, into the outbox.
pub async fn gather(s: &AppState) -> Result<usize> {
    let cursor: i64 =
        sqlx::query_scalar("SELECT event_idx FROM exchange_cursor WHERE name = 'national'").fetch_optional(&s.pool).await?.unwrap_or(-1);
    let rows = sqlx::query(
        "SELECT tender_id, MAX(idx) AS last FROM events WHERE idx > $1 AND audience = 'public' AND tender_id IS NOT NULL
         GROUP BY tender_id ORDER BY MAX(idx)",
    )
    .bind(cursor)
    .fetch_all(&s.pool)
    .await?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut upto = cursor;
    let mut pending = Vec::new();
    for r in &rows {
        let tender: String = r.try_get("tender_id")?;
        upto = upto.max(r.try_get::<i64, _>("last")?);
        let export = match crate::portal::national_export(s, &tender).await {
            Ok(e) => e,
            // A tender the events name but the table does not hold (never here): skip it.
            Err(Error::NotFound(..)) => continue,
            Err(e) => return Err(e),
        };
        for (dataset, list) in export {
            for row in list {
                let row = serde_json::to_value(row).map_err(Error::internal)?;
                pending.push((tender.clone(), dataset, row));
            }
        }
    }
    let now = s.now();
    let mut tx = s.pool.begin().await?;
    let mut added = 0;
    for (tender, dataset, row) in pending {
        let key = row_key(dataset, &row);
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT id FROM exchange_outbox WHERE row_key = $1").bind(&key).fetch_optional(&mut *tx).await?;
        if exists.is_some() {
            continue;
        }
        let id: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM exchange_outbox").fetch_one(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO exchange_outbox (id, row_key, tender_id, dataset, body, created_at, attempts, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6, 0, $7)",
        )
        .bind(id)
        .bind(&key)
        .bind(&tender)
        .bind(dataset)
        .bind(row.to_string())
        .bind(now.unix())
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
        added += 1;
    }
    let moved = sqlx::query("UPDATE exchange_cursor SET event_idx = $1 WHERE name = 'national'").bind(upto).execute(&mut *tx).await?;
    if moved.rows_affected() == 0 {
        sqlx::query("INSERT INTO exchange_cursor (name, event_idx) VALUES ('national', $1)").bind(upto).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(added)
}

/// Sends the rows that are due, oldest first; stops at the first failure.
pub async fn send(s: &AppState, client: &reqwest::Client) -> Result<usize> {
    let Some(url) = s.publishing.province_url.clone() else { return Ok(0) };
    let now = s.now();
    let due = sqlx::query(
        "SELECT id, tender_id, dataset, body, attempts FROM exchange_outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY id LIMIT $2",
    )
    .bind(now.unix())
    .bind(BATCH)
    .fetch_all(&s.pool)
    .await?;
    let mut sent = 0;
    for r in &due {
        let id: i64 = r.try_get("id")?;
        let row: serde_json::Value = serde_json::from_str(&r.try_get::<String, _>("body")?).map_err(Error::internal)?;
        let body = serde_json::to_vec(&json!({
            "delivery": id,
            "tender": r.try_get::<String, _>("tender_id")?,
            "dataset": r.try_get::<String, _>("dataset")?,
            "row": row,
        }))
        .map_err(Error::internal)?;
        let signature = base64::engine::general_purpose::STANDARD.encode(s.sign(DOMAIN, &body));
        let outcome = client
            .post(&url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("X-Tenderbox-Delivery", id.to_string())
            .header("X-Tenderbox-Signature", signature)
            .body(body)
            .send()
            .await;
        let error = match outcome {
            Ok(resp) if resp.status().is_success() => None,
            Ok(resp) => Some(format!("the receiver answered {}", resp.status())),
            Err(e) => Some(format!("the receiver cannot be reached: {e}")),
        };
        let attempts = r.try_get::<i64, _>("attempts")? + 1;
        match error {
            None => {
                sqlx::query("UPDATE exchange_outbox SET sent_at = $1, attempts = $2, last_error = NULL WHERE id = $3")
                    .bind(s.now().unix())
                    .bind(attempts)
                    .bind(id)
                    .execute(&s.pool)
                    .await?;
                sent += 1;
            }
            Some(e) => {
                tracing::warn!(delivery = id, attempts, error = %e, "provincial push failed; will retry");
                sqlx::query("UPDATE exchange_outbox SET attempts = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4")
                    .bind(attempts)
                    .bind(now.unix() + backoff(attempts))
                    .bind(&e)
                    .bind(id)
                    .execute(&s.pool)
                    .await?;
                // The rows after it wait too: the receiver takes them in order.
                sqlx::query("UPDATE exchange_outbox SET next_attempt_at = $1 WHERE sent_at IS NULL AND id > $2 AND next_attempt_at < $1")
                    .bind(now.unix() + backoff(attempts))
                    .bind(id)
                    .execute(&s.pool)
                    .await?;
                break;
            }
        }
    }
    Ok(sent)
}

/// One round: gather, then send.
pub async fn tick(s: &AppState, client: &reqwest::Client) -> Result<()> {
    if s.publishing.province_url.is_none() {
        return Ok(());
    }
    gather(s).await?;
    send(s, client).await?;
    Ok(())
}

/// The HTTP client of the push (rustls on ring, 10 s per request).
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().timeout(std::time::Duration::from_secs(10)).build().expect("an HTTP client")
}

/// Runs [`tick`] every `interval` while the server runs, when a provincial endpoint is set.
pub fn spawn_pusher(s: AppState, interval: std::time::Duration) {
    if s.publishing.province_url.is_none() {
        return;
    }
    tokio::spawn(async move {
        let client = client();
        loop {
            if let Err(e) = tick(&s, &client).await {
                tracing::error!(error = %e, "provincial push round failed");
            }
            tokio::time::sleep(interval).await;
        }
    });
}

/// Where the push stands.
pub async fn status(s: &AppState) -> Result<ExchangeStatus> {
    let r = sqlx::query(
        "SELECT
            (SELECT COUNT(*) FROM exchange_outbox WHERE sent_at IS NULL) AS pending,
            (SELECT COUNT(*) FROM exchange_outbox WHERE sent_at IS NULL AND attempts > 0) AS failing,
            (SELECT COUNT(*) FROM exchange_outbox WHERE sent_at IS NOT NULL) AS sent,
            (SELECT MIN(created_at) FROM exchange_outbox WHERE sent_at IS NULL) AS oldest,
            (SELECT MIN(next_attempt_at) FROM exchange_outbox WHERE sent_at IS NULL) AS next_at,
            (SELECT MAX(sent_at) FROM exchange_outbox) AS last_sent,
            (SELECT event_idx FROM exchange_cursor WHERE name = 'national') AS cursor",
    )
    .fetch_one(&s.pool)
    .await?;
    let last_error: Option<String> =
        sqlx::query_scalar("SELECT last_error FROM exchange_outbox WHERE sent_at IS NULL AND last_error IS NOT NULL ORDER BY id LIMIT 1")
            .fetch_optional(&s.pool)
            .await?
            .flatten();
    let ts = |v: Option<i64>| v.map(Timestamp::from_unix);
    let datasets = sqlx::query(
        "SELECT dataset, SUM(CASE WHEN sent_at IS NULL THEN 1 ELSE 0 END) AS pending,
                SUM(CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END) AS sent
         FROM exchange_outbox GROUP BY dataset ORDER BY dataset",
    )
    .fetch_all(&s.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(tenderbox_wire::ExchangeDataset {
            dataset: r.try_get("dataset")?,
            pending: r.try_get::<i64, _>("pending")? as u64,
            sent: r.try_get::<i64, _>("sent")? as u64,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    let recent = sqlx::query(
        "SELECT id, dataset, tender_id, created_at, attempts, sent_at, next_attempt_at, last_error
         FROM exchange_outbox ORDER BY id DESC LIMIT 50",
    )
    .fetch_all(&s.pool)
    .await?
    .iter()
    .map(|r| {
        let sent_at: Option<i64> = r.try_get("sent_at")?;
        Ok(tenderbox_wire::ExchangeRow {
            delivery: r.try_get::<i64, _>("id")? as u64,
            dataset: r.try_get("dataset")?,
            tender: r.try_get("tender_id")?,
            queued_at: Timestamp::from_unix(r.try_get("created_at")?),
            attempts: r.try_get::<i64, _>("attempts")? as u64,
            sent_at: ts(sent_at),
            next_attempt_at: if sent_at.is_none() { ts(Some(r.try_get("next_attempt_at")?)) } else { None },
            last_error: r.try_get("last_error")?,
        })
    })
    .collect::<Result<Vec<_>>>()?;
    Ok(ExchangeStatus {
        endpoint: s.publishing.province_url.clone(),
        pending: r.try_get::<i64, _>("pending")? as u64,
        failing: r.try_get::<i64, _>("failing")? as u64,
        sent: r.try_get::<i64, _>("sent")? as u64,
        oldest_pending_at: ts(r.try_get("oldest")?),
        next_attempt_at: ts(r.try_get("next_at")?),
        last_sent_at: ts(r.try_get("last_sent")?),
        last_error,
        gathered_to: r.try_get::<Option<i64>, _>("cursor")?.filter(|c| *c >= 0).map(|c| c as u64),
        datasets,
        recent,
    })
}

/// Makes every waiting row due now and runs one round at once (the receiver is back:
/// nobody should wait out the back-off). Returns how many rows went.
pub async fn retry_now(s: &AppState) -> Result<usize> {
    if s.publishing.province_url.is_none() {
        return Err(Error::BadRequest("exchange.not_configured", "no provincial endpoint is configured (--province-url)".into()));
    }
    sqlx::query("UPDATE exchange_outbox SET next_attempt_at = $1 WHERE sent_at IS NULL").bind(s.now().unix()).execute(&s.pool).await?;
    gather(s).await?;
    send(s, &client()).await
}
