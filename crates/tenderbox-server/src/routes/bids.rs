//! Sealed-bid submission: resumable, content-addressed uploads (tus-like), the
//! envelope checks, and signed receipts issued only after the blob is fsynced and
//! its log leaf committed.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use crate::routes::tenders;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;
use sqlx::Row;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use tenderbox_seal::SealError;
use tenderbox_seal::envelope::{self, Stanza};
use tenderbox_seal::identity::PublicIdentity;
use tenderbox_wire::{
    BidRecord, BidStatus, CreateUpload, RECEIPT_DOMAIN, Receipt, ReceiptBody, Role, TenderStatus, UploadState, WithdrawRequest,
};

/// Largest chunk one PATCH may carry.
pub const MAX_CHUNK: u64 = 8 << 20;
/// Largest sealed bid.
pub const MAX_BID: u64 = 16 << 30;
/// Open uploads one bidder may have at once, and the bytes they may declare.
pub const MAX_OPEN_UPLOADS: i64 = 8;
pub const MAX_OPEN_BYTES: i64 = 32 << 30;
/// An upload not completed within this many seconds expires and its file is removed.
pub const UPLOAD_TTL: i64 = 24 * 3600;

fn part_path(s: &AppState, id: &str) -> PathBuf {
    s.data.join("uploads").join(format!("{id}.part"))
}

fn blob_path(s: &AppState, sha: &str) -> PathBuf {
    s.data.join("blobs").join(sha)
}

struct Upload {
    id: String,
    tender: String,
    bidder: String,
    length: u64,
    sha256: String,
    received: u64,
    status: String,
}

/// Expires uploads left unfinished for [`UPLOAD_TTL`] seconds, or whose tender
/// is no longer open, and removes their partial files.
pub async fn expire_uploads(s: &AppState) -> Result<()> {
    let cutoff = s.now().unix() - UPLOAD_TTL;
    let stale: Vec<String> = sqlx::query_scalar(
        "SELECT u.id FROM uploads u JOIN tenders t ON t.id = u.tender_id WHERE u.status = 'open' AND (u.created_at < $1 OR t.status NOT IN ('open', 'awaiting_committee_key'))",
    )
    .bind(cutoff)
    .fetch_all(&s.pool)
    .await?;
    for id in stale {
        if s.uploads_busy.lock().unwrap_or_else(|p| p.into_inner()).contains(&id) {
            continue;
        }
        sqlx::query("UPDATE uploads SET status = 'expired' WHERE id = $1 AND status = 'open'").bind(&id).execute(&s.pool).await?;
        let _ = std::fs::remove_file(part_path(s, &id));
    }
    Ok(())
}

fn expired() -> Error {
    Error::Conflict(
        "upload.expired",
        format!("this upload was left unfinished for {} hours (or its tender closed) and was removed; start a new one", UPLOAD_TTL / 3600),
    )
}

async fn load_upload(s: &AppState, caller: &Caller, id: &str) -> Result<Upload> {
    let r = sqlx::query("SELECT * FROM uploads WHERE id = $1").bind(id).fetch_optional(&s.pool).await?;
    let r = r.ok_or_else(|| Error::NotFound("upload.not_found", "no such upload".into()))?;
    let u = Upload {
        id: r.try_get("id")?,
        tender: r.try_get("tender_id")?,
        bidder: r.try_get("bidder_id")?,
        length: r.try_get::<i64, _>("length")? as u64,
        sha256: r.try_get("sha256")?,
        received: r.try_get::<i64, _>("received")? as u64,
        status: r.try_get("status")?,
    };
    if u.bidder != caller.id {
        return Err(Error::NotFound("upload.not_found", "no such upload".into()));
    }
    Ok(u)
}

fn state_of(u: &Upload) -> UploadState {
    UploadState {
        id: u.id.clone(),
        tender: u.tender.clone(),
        length: u.length,
        offset: u.received,
        sha256: u.sha256.clone(),
        max_chunk: MAX_CHUNK,
    }
}

async fn open_tender_for_bids(s: &AppState, id: &str) -> Result<tenderbox_wire::TenderRecord> {
    let mut conn = s.pool.acquire().await?;
    let t = tenders::load(&mut conn, id).await?;
    if s.now() >= t.document.deadline {
        return Err(Error::Late { server_time: s.now(), deadline: t.document.deadline });
    }
    match t.summary.status {
        TenderStatus::Open => Ok(t),
        TenderStatus::AwaitingCommitteeKey => {
            Err(Error::Conflict("tender.not_open", "the tender opens for bids when its committee key ceremony is complete".into()))
        }
        _ => Err(Error::Conflict("tender.not_open", format!("the tender is {:?}, not open for bids", t.summary.status).to_lowercase())),
    }
}

#[utoipa::path(post, path = "/v1/tenders/{id}/uploads", tag = "bids", params(("id" = String, Path), ("Idempotency-Key" = Option<String>, Header)), request_body = CreateUpload, security(("bearer" = [])), responses((status = 200, body = UploadState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn create_upload(
    State(s): State<AppState>,
    caller: Caller,
    Path(tender): Path<String>,
    Json(req): Json<CreateUpload>,
) -> Result<Json<UploadState>> {
    caller.require(Role::Bidder)?;
    if req.length == 0 || req.length > MAX_BID {
        return Err(Error::BadRequest("upload.length", format!("a sealed bid is 1 byte to {MAX_BID} bytes; {} was declared", req.length)));
    }
    if req.sha256.len() != 64 || !req.sha256.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        return Err(Error::BadRequest("upload.sha256", "sha256 must be 64 lower-case hex digits".into()));
    }
    // The bidder's signature over this submission, and the bid it replaces.
    let me = caller_identity(&s, &caller).await?;
    let key = me.signing_key_bytes().map_err(Error::internal)?;
    if !req.verify(&tender, &key) {
        return Err(Error::BadRequest(
            "upload.signature",
            "the submission is not signed by your identity (sign tender, SHA-256, length and the bid it replaces)".into(),
        ));
    }
    if let Some(sup) = &req.supersedes
        && (sup.len() != 64 || !sup.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()))
    {
        return Err(Error::BadRequest("upload.supersedes", "supersedes must be 64 lower-case hex digits".into()));
    }
    check_consortium(me.uscc.as_str(), &req.consortium)?;
    let t = open_tender_for_bids(&s, &tender).await?;
    {
        let mut conn = s.pool.acquire().await?;
        super::credit::refuse_barred_bid(
            &mut conn,
            me.uscc.as_str(),
            &req.consortium,
            t.document.trading_type,
            &t.document.centre,
            s.now(),
        )
        .await?;
    }
    check_supersedes(&s.pool, &tender, me.uscc.as_str(), req.supersedes.as_deref()).await?;
    expire_uploads(&s).await?;
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(length), 0) AS BIGINT) AS bytes FROM uploads WHERE bidder_id = $1 AND status = 'open'",
    )
    .bind(&caller.id)
    .fetch_one(&s.pool)
    .await?;
    let (open, bytes): (i64, i64) = (row.try_get("n")?, row.try_get("bytes")?);
    if open >= MAX_OPEN_UPLOADS || bytes + req.length as i64 > MAX_OPEN_BYTES {
        return Err(Error::TooMany(
            "upload.too_many",
            format!(
                "you have {open} unfinished upload(s) of {bytes} bytes; at most {MAX_OPEN_UPLOADS} and {MAX_OPEN_BYTES} bytes — finish or let them expire (after {} hours)",
                UPLOAD_TTL / 3600
            ),
        ));
    }
    let id = super::random_hex(16);
    std::fs::File::create(part_path(&s, &id)).map_err(Error::io)?;
    sqlx::query(
        "INSERT INTO uploads (id, tender_id, bidder_id, length, sha256, received, created_at, status, supersedes, signature, consortium) VALUES ($1, $2, $3, $4, $5, 0, $6, 'open', $7, $8, $9)",
    )
    .bind(&id)
    .bind(&tender)
    .bind(&caller.id)
    .bind(req.length as i64)
    .bind(&req.sha256)
    .bind(s.now().unix())
    .bind(&req.supersedes)
    .bind(&req.signature)
    .bind((!req.consortium.is_empty()).then(|| serde_json::to_string(&req.consortium).unwrap_or_default()))
    .execute(&s.pool)
    .await?;
    let st = UploadState { id, tender, length: req.length, offset: 0, sha256: req.sha256, max_chunk: MAX_CHUNK };
    Ok(Json(st))
}

/// The other members of a consortium: valid, distinct codes other than the lead's.
fn check_consortium(lead: &str, members: &[String]) -> Result<()> {
    if members.len() > MAX_CONSORTIUM {
        return Err(Error::BadRequest(
            "upload.consortium",
            format!("a consortium has at most {} members besides the lead", MAX_CONSORTIUM),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for m in members {
        if let Err(e) = tenderbox_core::uscc::Uscc::parse(m) {
            return Err(Error::BadRequest("upload.consortium", format!("consortium member '{m}': {e}")));
        }
        if m == lead || !seen.insert(m.as_str()) {
            return Err(Error::BadRequest(
                "upload.consortium",
                format!("consortium member {m} is named twice (the lead is a member already)"),
            ));
        }
    }
    Ok(())
}

/// Most members of a consortium besides its lead.
const MAX_CONSORTIUM: usize = 9;

async fn caller_identity(s: &AppState, caller: &Caller) -> Result<PublicIdentity> {
    let doc: String = sqlx::query_scalar("SELECT document FROM identities WHERE id = $1").bind(&caller.id).fetch_one(&s.pool).await?;
    serde_json::from_str(&doc).map_err(Error::internal)
}

/// The company's active bid in `tender` (any identity of USCC `uscc`) must be
/// exactly the one the signed submission says it replaces.
async fn check_supersedes<'e, E: sqlx::Executor<'e, Database = sqlx::Any>>(
    conn: E,
    tender: &str,
    uscc: &str,
    supersedes: Option<&str>,
) -> Result<()> {
    let active: Option<String> = sqlx::query_scalar(
        "SELECT sha256 FROM bids WHERE tender_id = $1 AND status = 'active' AND bidder_id IN (SELECT id FROM identities WHERE uscc = $2)",
    )
    .bind(tender)
    .bind(uscc)
    .fetch_optional(conn)
    .await?;
    if active.as_deref() != supersedes {
        let what = match &active {
            Some(a) => format!("your active bid is {a}"),
            None => "you have no active bid".into(),
        };
        let said = supersedes.map(|s| format!("replaces {s}")).unwrap_or_else(|| "replaces nothing".into());
        return Err(Error::Conflict(
            "bid.supersedes",
            format!("{what}, but the signed submission {said}; check your bids and sign the submission again"),
        ));
    }
    Ok(())
}

#[utoipa::path(get, path = "/v1/uploads/{id}", tag = "bids", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = UploadState), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_upload(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Response> {
    let u = load_upload(&s, &caller, &id).await?;
    let mut r = Json(state_of(&u)).into_response();
    r.headers_mut().insert("upload-offset", HeaderValue::from(u.received));
    r.headers_mut().insert("upload-length", HeaderValue::from(u.length));
    Ok(r)
}

/// Appends one chunk at `Upload-Offset`, checked against `Upload-Checksum:
/// sha256 <hex>` before a byte is stored; made durable before the offset moves.
#[utoipa::path(patch, path = "/v1/uploads/{id}", tag = "bids", params(("id" = String, Path), ("Upload-Offset" = u64, Header), ("Upload-Checksum" = String, Header, description = "sha256 <hex>")), request_body(content = Vec<u8>, content_type = "application/octet-stream"), security(("bearer" = [])), responses((status = 204, description = "stored; Upload-Offset gives the new offset"), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn patch_upload(
    State(s): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Result<Response> {
    use futures_util::StreamExt;
    use tokio::io::{AsyncSeekExt, AsyncWriteExt};
    let offset: u64 = headers
        .get("upload-offset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| Error::BadRequest("upload.offset_missing", "send the Upload-Offset header".into()))?;
    let checksum = headers
        .get("upload-checksum")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("sha256 "))
        .map(str::to_string)
        .ok_or_else(|| Error::BadRequest("upload.checksum_missing", "send 'Upload-Checksum: sha256 <hex>' for the chunk".into()))?;
    // Who may write it (and that it exists) before anything else.
    load_upload(&s, &caller, &id).await?;
    // One writer per upload at a time; the upload's state (its offset above all)
    // is read only under this lock, so a stale request can never act on an
    // offset another writer has since moved, nor cut the file back.
    if !s.uploads_busy.lock().unwrap_or_else(|p| p.into_inner()).insert(id.clone()) {
        return Err(Error::Conflict("upload.busy", "another request is writing this upload; ask for its offset and resume".into()));
    }
    // Released when the request ends, however it ends — before the response is sent.
    struct Release(AppState, String);
    impl Drop for Release {
        fn drop(&mut self) {
            self.0.uploads_busy.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.1);
        }
    }
    let _release = Release(s.clone(), id.clone());
    let u = load_upload(&s, &caller, &id).await?;
    if u.status == "expired" {
        return Err(expired());
    }
    if u.status != "open" {
        return Err(Error::Conflict("upload.closed", "this upload is already complete".into()));
    }
    if offset != u.received {
        return Err(Error::Conflict(
            "upload.offset",
            format!("the upload is at offset {}, not {offset}; resume from {}", u.received, u.received),
        ));
    }
    let too_large = || Error::TooLarge("upload.chunk_too_large", format!("a chunk is at most {MAX_CHUNK} bytes"));
    let too_long = || Error::BadRequest("upload.too_long", format!("the chunk goes past the declared length {}", u.length));
    if let Some(n) = headers.get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok()) {
        if n > MAX_CHUNK {
            return Err(too_large());
        }
        if offset + n > u.length {
            return Err(too_long());
        }
    }

    // Stream the chunk to disk while hashing it: memory stays small whatever the
    // chunk size. On any failure the file is cut back to `offset`: nothing stored.
    let path = part_path(&s, &id);
    let mut f = tokio::fs::OpenOptions::new().write(true).open(&path).await.map_err(Error::internal)?;
    f.set_len(offset).await.map_err(Error::internal)?;
    f.seek(std::io::SeekFrom::Start(offset)).await.map_err(Error::internal)?;
    let mut sha = ring::digest::Context::new(&ring::digest::SHA256);
    let mut n = 0u64;
    let mut stream = body.into_data_stream();
    let outcome: Result<()> = async {
        while let Some(frame) = stream.next().await {
            let frame = frame.map_err(|e| Error::BadRequest("upload.body", format!("the chunk was cut off: {e}")))?;
            n += frame.len() as u64;
            if n > MAX_CHUNK {
                return Err(too_large());
            }
            if offset + n > u.length {
                return Err(too_long());
            }
            sha.update(&frame);
            f.write_all(&frame).await.map_err(Error::io)?;
        }
        if n == 0 {
            return Err(Error::BadRequest("upload.empty_chunk", "the chunk is empty".into()));
        }
        if hex::encode(sha.finish()) != checksum {
            return Err(Error::BadRequest(
                "upload.checksum",
                "the chunk does not match its checksum; it was discarded, send it again".into(),
            ));
        }
        f.flush().await.map_err(Error::io)?;
        f.sync_data().await.map_err(Error::io)
    }
    .await;
    if let Err(e) = outcome {
        let _ = f.set_len(offset).await;
        return Err(e);
    }
    let new = offset + n;
    let done = sqlx::query("UPDATE uploads SET received = $1 WHERE id = $2 AND received = $3")
        .bind(new as i64)
        .bind(&id)
        .bind(offset as i64)
        .execute(&s.pool)
        .await?;
    if done.rows_affected() != 1 {
        return Err(Error::Conflict("upload.offset", "another request moved this upload; ask for its offset and resume".into()));
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert("upload-offset", HeaderValue::from(new));
    Ok(r)
}

fn seal_refusal(e: SealError) -> Error {
    match e {
        SealError::NotAnEnvelope => Error::BadRequest(
            "bid.not_encrypted",
            "the file is not a sealed Tenderbox envelope: the platform accepts only encrypted bids (电子招标投标办法)".into(),
        ),
        SealError::MissingStanza(k) => {
            Error::BadRequest("bid.missing_stanza", format!("the envelope has no {k} stanza, which this tender requires"))
        }
        other => Error::BadRequest("bid.bad_envelope", format!("the envelope is not valid: {other}")),
    }
}

/// Completes an upload: whole-file SHA-256, envelope checks, deadline by the
/// server's clock, then the blob is fsynced, the bid and its log leaf committed,
/// and the signed receipt returned.
#[utoipa::path(post, path = "/v1/uploads/{id}/complete", tag = "bids", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = BidRecord), (status = 403, description = "after the deadline", body = tenderbox_wire::LateError), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn complete_upload(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<BidRecord>> {
    let u = load_upload(&s, &caller, &id).await?;
    if u.status == "completed" {
        // A retry after a lost answer: the same receipt.
        let rec = bid_records(&s, &caller, &u.tender).await?.into_iter().find(|b| b.sha256 == u.sha256);
        return rec.map(Json).ok_or_else(|| Error::Conflict("upload.closed", "this upload was completed and its bid replaced".into()));
    }
    if u.status == "expired" {
        return Err(expired());
    }
    if u.received != u.length {
        return Err(Error::Conflict("upload.incomplete", format!("{} of {} bytes received; resume the upload", u.received, u.length)));
    }
    let path = part_path(&s, &id);
    let p2 = path.clone();
    let (sha, header) =
        tokio::task::spawn_blocking(move || -> std::io::Result<(String, std::result::Result<envelope::ParsedHeader, SealError>)> {
            let mut f = std::fs::File::open(&p2)?;
            let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
            let mut buf = vec![0u8; 1 << 20];
            loop {
                let n = f.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                ctx.update(&buf[..n]);
            }
            f.seek(SeekFrom::Start(0))?;
            let h = envelope::read_header(&mut std::io::BufReader::new(f));
            Ok((hex::encode(ctx.finish()), h))
        })
        .await
        .map_err(Error::internal)?
        .map_err(Error::internal)?;
    let discard = || {
        let _ = std::fs::remove_file(&path);
    };
    if sha != u.sha256 {
        discard();
        sqlx::query("DELETE FROM uploads WHERE id = $1").bind(&id).execute(&s.pool).await?;
        return Err(Error::BadRequest(
            "upload.sha256_mismatch",
            "the uploaded file does not match the declared SHA-256; it was discarded".into(),
        ));
    }
    let header = header.map_err(seal_refusal)?;
    let tender = open_tender_for_bids(&s, &u.tender).await?;
    let me: PublicIdentity = serde_json::from_str(
        &sqlx::query_scalar::<_, String>("SELECT document FROM identities WHERE id = $1").bind(&caller.id).fetch_one(&s.pool).await?,
    )
    .map_err(Error::internal)?;
    if header.header.tender != tender.summary.id {
        return Err(Error::BadRequest(
            "bid.wrong_tender",
            format!("the envelope is sealed for tender {}, not {}", header.header.tender, tender.summary.id),
        ));
    }
    if header.header.bidder != me.uscc.as_str() {
        return Err(Error::BadRequest(
            "bid.wrong_bidder",
            format!("the envelope names bidder {}, but you are {}", header.header.bidder, me.uscc),
        ));
    }
    header.require(&tender.document.envelope.required_stanzas).map_err(seal_refusal)?;
    for st in &header.header.stanzas {
        match st {
            Stanza::Bidder { recipient, .. } if *recipient != me.encryption_key => {
                return Err(Error::BadRequest(
                    "bid.wrong_recipient",
                    "the bidder stanza is not addressed to your registered encryption key; you could not decrypt it at the opening".into(),
                ));
            }
            Stanza::Committee { committee_key, .. } if Some(committee_key) != tender.document.committee_public_key.as_ref() => {
                return Err(Error::BadRequest(
                    "bid.wrong_committee",
                    "the committee stanza is not addressed to this tender's committee key".into(),
                ));
            }
            _ => {}
        }
    }
    if header.header.tender_hash != tender.summary.hash {
        return Err(Error::Conflict(
            "tender.amended",
            format!(
                "the bid was sealed against an earlier version of the tender; review amendment v{} and seal again",
                tender.summary.version
            ),
        ));
    }

    // Durable blob first, then the database and the log, then the receipt.
    let blob = blob_path(&s, &sha);
    let (p3, b3) = (path.clone(), blob.clone());
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        std::fs::File::open(&p3)?.sync_all()?;
        std::fs::rename(&p3, &b3)?;
        if let Some(dir) = b3.parent() {
            std::fs::File::open(dir)?.sync_all()?;
        }
        Ok(())
    })
    .await
    .map_err(Error::internal)?
    .map_err(Error::io)?;

    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    // The server's clock decides, at the moment of commit.
    if now >= tender.document.deadline {
        return Err(Error::Late { server_time: now, deadline: tender.document.deadline });
    }
    // One company, one active bid: exactly the bid the signed submission names
    // is superseded (from any identity of the same USCC: a renewed key), and only
    // if it is still the active one.
    let (supersedes, signature, consortium): (Option<String>, Option<String>, Option<String>) =
        sqlx::query_as("SELECT supersedes, signature, consortium FROM uploads WHERE id = $1").bind(&id).fetch_one(&mut *tx).await?;
    let members: Vec<String> = consortium.as_deref().map(serde_json::from_str).transpose().map_err(Error::internal)?.unwrap_or_default();
    // The record as of now counts: a record entered since the upload began bars it too.
    super::credit::refuse_barred_bid(&mut tx, me.uscc.as_str(), &members, tender.document.trading_type, &tender.document.centre, now)
        .await?;
    check_supersedes(&mut *tx, &u.tender, me.uscc.as_str(), supersedes.as_deref()).await?;
    let superseded = sqlx::query(
        "UPDATE bids SET status = 'superseded' WHERE tender_id = $1 AND status = 'active' AND sha256 = $2 AND bidder_id IN (SELECT id FROM identities WHERE uscc = $3)",
    )
    .bind(&u.tender)
    .bind(supersedes.as_deref().unwrap_or(""))
    .bind(me.uscc.as_str())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    let event = guard
        .append(
            &mut tx,
            "bid.received",
            Some(&u.tender),
            // Who is bidding, how many and when stay secret until the deadline
            // (招标投标法 Art. 22): the leaf is in the tree (the receipt proves it)
            // but readable only by its bidder until the tender closes.
            Audience::Identity(caller.id.clone()),
            now,
            json!({
                "sha256": sha,
                "size": u.length,
                "supersedes_earlier": superseded > 0,
                // The bidder's signed submission (who it is, the close reveals).
                "supersedes": supersedes,
                "consortium": members,
                "signature": signature,
            }),
        )
        .await?;
    let body = ReceiptBody {
        tender: u.tender.clone(),
        tender_hash: tender.summary.hash.clone(),
        bidder_id: caller.id.clone(),
        bidder_uscc: me.uscc.to_string(),
        sha256: sha.clone(),
        size: u.length,
        server_time: now,
        log_index: event.index,
    };
    let signed = tenderbox_core::canonical::to_canonical_vec(&body).map_err(Error::internal)?;
    let signature = base64::engine::general_purpose::STANDARD.encode(s.sign(RECEIPT_DOMAIN, &signed));
    let stored = json!({ "body": body, "signature": signature, "leaf": String::from_utf8(tenderbox_core::canonical::to_canonical_vec(&event).map_err(Error::internal)?).map_err(Error::internal)? });
    sqlx::query("INSERT INTO bids (id, tender_id, bidder_id, tender_hash, sha256, size, status, received_at, log_index, receipt, consortium) VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $9, $10)")
        .bind(super::random_hex(16))
        .bind(&u.tender)
        .bind(&caller.id)
        .bind(&tender.summary.hash)
        .bind(&sha)
        .bind(u.length as i64)
        .bind(now.unix())
        .bind(event.index as i64)
        .bind(stored.to_string())
        .bind(consortium)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE uploads SET status = 'completed' WHERE id = $1").bind(&id).execute(&mut *tx).await?;
    tx.commit().await?;
    guard.commit();
    let (checkpoint, proof) = s.log.evidence(event.index).await?;
    Ok(Json(BidRecord {
        tender: u.tender,
        sha256: sha,
        size: u.length,
        status: BidStatus::Active,
        received_at: now,
        needs_reconfirmation: false,
        receipt: Receipt {
            body,
            signature,
            checkpoint,
            inclusion: proof.iter().map(hex::encode).collect(),
            leaf: stored["leaf"].as_str().unwrap_or_default().to_string(),
        },
    }))
}

async fn bid_records(s: &AppState, caller: &Caller, tender: &str) -> Result<Vec<BidRecord>> {
    let current: Option<String> = sqlx::query_scalar("SELECT hash FROM tenders WHERE id = $1").bind(tender).fetch_optional(&s.pool).await?;
    let current = current.ok_or_else(|| Error::NotFound("tender.not_found", format!("no tender {tender}")))?;
    // The company's bids: those of every identity of the caller's USCC (a renewed key keeps them).
    let rows = sqlx::query(
        "SELECT * FROM bids WHERE tender_id = $1 AND bidder_id IN (SELECT id FROM identities WHERE uscc = (SELECT uscc FROM identities WHERE id = $2)) ORDER BY received_at, log_index",
    )
        .bind(tender)
        .bind(&caller.id)
        .fetch_all(&s.pool)
        .await?;
    let mut out = Vec::new();
    for r in rows {
        let stored: serde_json::Value = serde_json::from_str(&r.try_get::<String, _>("receipt")?).map_err(Error::internal)?;
        let body: ReceiptBody = serde_json::from_value(stored["body"].clone()).map_err(Error::internal)?;
        let (checkpoint, proof) = s.log.evidence(body.log_index).await?;
        let status = match r.try_get::<String, _>("status")?.as_str() {
            "superseded" => BidStatus::Superseded,
            "withdrawn" => BidStatus::Withdrawn,
            _ => BidStatus::Active,
        };
        out.push(BidRecord {
            tender: tender.to_string(),
            sha256: r.try_get("sha256")?,
            size: r.try_get::<i64, _>("size")? as u64,
            status,
            received_at: body.server_time,
            needs_reconfirmation: status == BidStatus::Active && r.try_get::<String, _>("tender_hash")? != current,
            receipt: Receipt {
                signature: stored["signature"].as_str().unwrap_or_default().to_string(),
                leaf: stored["leaf"].as_str().unwrap_or_default().to_string(),
                body,
                checkpoint,
                inclusion: proof.iter().map(hex::encode).collect(),
            },
        });
    }
    Ok(out)
}

/// The caller's own bids for a tender (never anyone else's), with fresh log evidence.
#[utoipa::path(get, path = "/v1/tenders/{id}/bids/mine", tag = "bids", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<BidRecord>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn my_bids(State(s): State<AppState>, caller: Caller, Path(tender): Path<String>) -> Result<Json<Vec<BidRecord>>> {
    caller.require(Role::Bidder)?;
    bid_records(&s, &caller, &tender).await.map(Json)
}

/// Withdrawal before the deadline (the bid stays in the log as withdrawn).
#[utoipa::path(post, path = "/v1/tenders/{id}/withdraw", tag = "bids", params(("id" = String, Path)), request_body = WithdrawRequest, security(("bearer" = [])), responses((status = 200, body = Object), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn withdraw(
    State(s): State<AppState>,
    caller: Caller,
    Path(tender): Path<String>,
    Json(req): Json<WithdrawRequest>,
) -> Result<Json<serde_json::Value>> {
    caller.require(Role::Bidder)?;
    let t = open_tender_for_bids(&s, &tender).await?;
    let signer: String = sqlx::query_scalar("SELECT document FROM identities WHERE id = $1").bind(&caller.id).fetch_one(&s.pool).await?;
    let signer = serde_json::from_str::<tenderbox_seal::identity::PublicIdentity>(&signer)
        .map_err(Error::internal)?
        .signing_key_bytes()
        .map_err(Error::internal)?;
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let row = sqlx::query("SELECT sha256, log_index FROM bids WHERE tender_id = $1 AND bidder_id = $2 AND status = 'active'")
        .bind(&tender)
        .bind(&caller.id)
        .fetch_optional(&mut *tx)
        .await?;
    let row = row.ok_or_else(|| Error::NotFound("bid.not_found", "you have no active bid for this tender".into()))?;
    let sha: String = row.try_get("sha256")?;
    let index = row.try_get::<i64, _>("log_index")? as u64;
    if req.tender != tender || req.sha256 != sha || req.log_index != index {
        return Err(Error::BadRequest(
            "withdraw.mismatch",
            format!("the request names bid {} (log index {}); your active bid is {sha} (log index {index})", req.sha256, req.log_index),
        ));
    }
    if !req.verify(&signer) {
        return Err(Error::BadRequest("withdraw.signature", "the withdrawal is not signed by your registered signing key".into()));
    }
    if s.now() >= t.document.deadline {
        return Err(Error::Late { server_time: s.now(), deadline: t.document.deadline });
    }
    sqlx::query("UPDATE bids SET status = 'withdrawn', withdrawn_at = $3 WHERE tender_id = $1 AND bidder_id = $2 AND status = 'active'")
        .bind(&tender)
        .bind(&caller.id)
        .bind(s.now().unix())
        .execute(&mut *tx)
        .await?;
    let ev = guard
        .append(
            &mut tx,
            "bid.withdrawn",
            Some(&tender),
            Audience::Identity(caller.id.clone()),
            s.now(),
            json!({ "sha256": sha, "log_index": index, "signature": req.signature }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(json!({ "withdrawn": sha, "log_index": ev.index })))
}
