//! The files of a tender package (招标文件附件): an agency stores each file by its
//! SHA-256 before publishing; the signed, logged tender document lists them, so
//! the tender hash covers every file; anyone downloads a listed file by its hash.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use tenderbox_core::tender::{MAX_TENDER_FILE_BYTES, TenderDocument};
use tenderbox_wire::{Role, TenderFileStored};

pub(crate) fn file_path(s: &AppState, sha: &str) -> PathBuf {
    s.data.join("tender-files").join(sha)
}

pub(crate) fn check_sha(sha: &str) -> Result<()> {
    if sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        Err(Error::BadRequest("file.sha256", "name the file by its SHA-256: 64 lower-case hex digits".into()))
    }
}

async fn stored_size(s: &AppState, sha: &str) -> Result<Option<u64>> {
    let size: Option<i64> = sqlx::query_scalar("SELECT size FROM tender_files WHERE sha256 = $1").bind(sha).fetch_optional(&s.pool).await?;
    Ok(size.map(|n| n as u64))
}

/// Stores one package file, streamed to disk while hashed; kept only when its
/// SHA-256 is the one in the path (fsynced, then renamed into place).
#[utoipa::path(put, path = "/v1/tender-files/{sha256}", tag = "tenders", params(("sha256" = String, Path)), request_body(content = Vec<u8>, content_type = "application/octet-stream"), security(("bearer" = [])), responses((status = 200, body = TenderFileStored), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn put_file(State(s): State<AppState>, caller: Caller, Path(sha): Path<String>, body: Body) -> Result<Json<TenderFileStored>> {
    caller.require(Role::Agency)?;
    check_sha(&sha)?;
    if let Some(size) = stored_size(&s, &sha).await? {
        return Ok(Json(TenderFileStored { sha256: sha, size }));
    }
    let size = store_streamed(&s.data.join("tender-files"), &sha, body, MAX_TENDER_FILE_BYTES, "a package file").await?;
    sqlx::query(
        "INSERT INTO tender_files (sha256, size, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(&sha)
    .bind(size as i64)
    .bind(&caller.id)
    .bind(s.now().unix())
    .execute(&s.pool)
    .await?;
    Ok(Json(TenderFileStored { sha256: sha, size }))
}

/// Streams `body` into `dir/<sha>` while hashing it: written to a temporary file,
/// kept only when its SHA-256 is `sha` (fsynced, renamed into place, the folder
/// fsynced); refused past `max` bytes. Returns the size.
pub(crate) async fn store_streamed(dir: &std::path::Path, sha: &str, body: Body, max: u64, what: &str) -> Result<u64> {
    use futures_util::StreamExt;
    use tokio::io::AsyncWriteExt;
    let tmp = dir.join(format!(".{}.part", crate::routes::random_hex(8)));
    let outcome: Result<u64> = async {
        let mut f = tokio::fs::File::create(&tmp).await.map_err(Error::internal)?;
        let mut sha256 = ring::digest::Context::new(&ring::digest::SHA256);
        let mut n = 0u64;
        let mut stream = body.into_data_stream();
        while let Some(frame) = stream.next().await {
            let frame = frame.map_err(|e| Error::BadRequest("file.body", format!("the upload was cut off: {e}")))?;
            n += frame.len() as u64;
            if n > max {
                return Err(Error::TooLarge("file.too_large", format!("{what} is at most {max} bytes")));
            }
            sha256.update(&frame);
            f.write_all(&frame).await.map_err(Error::internal)?;
        }
        if n == 0 {
            return Err(Error::BadRequest("file.empty", "the file is empty".into()));
        }
        let got = hex::encode(sha256.finish());
        if got != sha {
            return Err(Error::BadRequest("file.hash_mismatch", format!("the content's SHA-256 is {got}, not {sha}; nothing was stored")));
        }
        f.sync_all().await.map_err(Error::internal)?;
        Ok(n)
    }
    .await;
    let size = match outcome {
        Ok(n) => n,
        Err(e) => {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(e);
        }
    };
    tokio::fs::rename(&tmp, dir.join(sha)).await.map_err(Error::internal)?;
    tokio::fs::File::open(dir).await.map_err(Error::internal)?.sync_all().await.map_err(Error::internal)?;
    Ok(size)
}

/// Every file a document lists must be stored, with the listed size.
pub async fn check_files_stored(s: &AppState, doc: &TenderDocument) -> Result<()> {
    for f in &doc.files {
        match stored_size(s, &f.sha256).await? {
            Some(size) if size == f.size => {}
            Some(size) => {
                return Err(Error::BadRequest(
                    "tender.file_size",
                    format!("package file '{}' is listed with {} bytes but the stored file {} has {size}", f.name, f.size, f.sha256),
                ));
            }
            None => {
                return Err(Error::BadRequest(
                    "tender.file_missing",
                    format!("package file '{}' ({}) is not stored yet: PUT it to /v1/tender-files/{} first", f.name, f.sha256, f.sha256),
                ));
            }
        }
    }
    Ok(())
}

/// RFC 8187 `filename*` value.
fn content_disposition(name: &str) -> HeaderValue {
    let mut enc = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            enc.push(b as char);
        } else {
            enc.push_str(&format!("%{b:02X}"));
        }
    }
    HeaderValue::from_str(&format!("attachment; filename*=UTF-8''{enc}")).expect("ASCII")
}

/// Public: a file the tender's current document lists, by its SHA-256. Honours
/// `Range: bytes=N-` so a large download resumes (206).
#[utoipa::path(get, path = "/v1/tenders/{id}/files/{sha256}", tag = "tenders", params(("id" = String, Path), ("sha256" = String, Path)), responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = 206, description = "the rest of the file from the requested offset"), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_file(State(s): State<AppState>, Path((id, sha)): Path<(String, String)>, headers: HeaderMap) -> Result<Response> {
    check_sha(&sha)?;
    let rec = {
        let mut conn = s.pool.acquire().await?;
        crate::routes::tenders::load(&mut conn, &id).await?
    };
    let listed = rec
        .document
        .files
        .iter()
        .find(|f| f.sha256 == sha)
        .ok_or_else(|| Error::NotFound("file.not_found", format!("tender {id} v{} lists no file {sha}", rec.summary.version)))?;
    serve_file(&file_path(&s, &sha), listed.size, &listed.name, &sha, &headers).await
}

/// Streams a stored file with its name, length and SHA-256; honours `Range: bytes=N-` (206).
pub(crate) async fn serve_file(path: &std::path::Path, size: u64, name: &str, sha: &str, headers: &HeaderMap) -> Result<Response> {
    use tokio::io::{AsyncReadExt, AsyncSeekExt};
    let start: u64 = match headers.get(header::RANGE).and_then(|v| v.to_str().ok()) {
        None => 0,
        Some(r) => r
            .strip_prefix("bytes=")
            .and_then(|r| r.strip_suffix('-'))
            .and_then(|n| n.parse().ok())
            .filter(|n| *n < size)
            .ok_or_else(|| Error::BadRequest("file.range", format!("only 'Range: bytes=N-' with N below {} is served", size)))?,
    };
    let mut f = tokio::fs::File::open(path).await.map_err(Error::internal)?;
    f.seek(std::io::SeekFrom::Start(start)).await.map_err(Error::internal)?;
    let stream = futures_util::stream::unfold(f, |mut f| async move {
        let mut buf = vec![0u8; 256 * 1024];
        match f.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok::<_, std::io::Error>(axum::body::Bytes::from(buf)), f))
            }
            Err(e) => Some((Err(e), f)),
        }
    });
    let mut resp = Body::from_stream(stream).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream"));
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(size - start));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(header::CONTENT_DISPOSITION, content_disposition(name));
    h.insert("x-content-sha256", HeaderValue::from_str(sha).expect("hex"));
    if start > 0 {
        h.insert(header::CONTENT_RANGE, HeaderValue::from_str(&format!("bytes {start}-{}/{}", size - 1, size)).expect("ASCII"));
        *resp.status_mut() = StatusCode::PARTIAL_CONTENT;
    }
    Ok(resp)
}
