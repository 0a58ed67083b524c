//! Desktop releases and the in-app update feed. A centre admin (the platform's
//! release manager) stores an installer by its SHA-256 and publishes it with its
//! update signature; the server accepts it only when the signature verifies with
//! the update key it was started with (`--update-key`) for the announced version,
//! and logs it publicly, so every update any app installs is in the transparency
//! log. The Tauri updater in the desktop app asks `GET /v1/updates/…` and checks
//! the signature itself; the server is trusted with availability, not integrity.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use crate::log::Audience;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use sqlx::Row;
use std::path::PathBuf;
use tenderbox_core::time::Timestamp;
use tenderbox_wire::{NewRelease, Release, Role, TenderFileStored, TextBody, UpdateManifest, parse_version};

/// The largest installer accepted.
pub const MAX_RELEASE_BYTES: u64 = 512 * 1024 * 1024;

fn dir(s: &AppState) -> PathBuf {
    s.data.join("release-files")
}

fn from_row(r: &sqlx::any::AnyRow) -> Result<Release> {
    Ok(Release {
        id: r.try_get("id")?,
        release: NewRelease {
            version: r.try_get("version")?,
            target: r.try_get("target")?,
            bundle: r.try_get("bundle")?,
            file_name: r.try_get("file_name")?,
            sha256: r.try_get("sha256")?,
            size: r.try_get::<i64, _>("size")? as u64,
            signature: r.try_get("signature")?,
            notes: r.try_get("notes")?,
        },
        published_by: r.try_get("published_by")?,
        published_at: Timestamp::from_unix(r.try_get("published_at")?),
        withdrawn_at: r.try_get::<Option<i64>, _>("withdrawn_at")?.map(Timestamp::from_unix),
        withdrawn_reason: r.try_get("withdrawn_reason")?,
    })
}

async fn load(s: &AppState, id: &str) -> Result<Release> {
    let row = sqlx::query("SELECT * FROM app_releases WHERE id = $1")
        .bind(id)
        .fetch_optional(&s.pool)
        .await?
        .ok_or_else(|| Error::NotFound("release.not_found", format!("no release {id}")))?;
    from_row(&row)
}

/// Stores an installer before its release is published (streamed, hashed, fsynced).
#[utoipa::path(put, path = "/v1/release-files/{sha256}", tag = "releases", params(("sha256" = String, Path)), request_body(content = Vec<u8>, content_type = "application/octet-stream"), security(("bearer" = [])), responses((status = 200, body = TenderFileStored), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn put_file(State(s): State<AppState>, caller: Caller, Path(sha): Path<String>, body: Body) -> Result<Json<TenderFileStored>> {
    caller.require(Role::CentreAdmin)?;
    super::tender_files::check_sha(&sha)?;
    let d = dir(&s);
    if let Ok(m) = tokio::fs::metadata(d.join(&sha)).await {
        return Ok(Json(TenderFileStored { sha256: sha, size: m.len() }));
    }
    let size = super::tender_files::store_streamed(&d, &sha, body, MAX_RELEASE_BYTES, "an installer").await?;
    Ok(Json(TenderFileStored { sha256: sha, size }))
}

/// A centre admin publishes a release: the installer must be stored, and its signature
/// must verify with the server's update key for the announced version.
#[utoipa::path(post, path = "/v1/releases", tag = "releases", request_body = NewRelease, security(("bearer" = [])), responses((status = 200, body = Release), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn publish(State(s): State<AppState>, caller: Caller, Json(b): Json<NewRelease>) -> Result<Json<Release>> {
    caller.require(Role::CentreAdmin)?;
    let b = NewRelease { notes: b.notes.trim().into(), version: b.version.trim().trim_start_matches('v').into(), ..b };
    if let Some(p) = b.problems().into_iter().next() {
        let code = if p.code == "release.target" { "release.target" } else { "release.version" };
        return Err(Error::BadRequest(code, format!("{}: {}", p.path, p.message)));
    }
    let key = s.update_key.as_ref().ok_or_else(|| {
        Error::Conflict("release.no_key", "this server was started without --update-key, so it publishes no updates".into())
    })?;
    super::tender_files::check_sha(&b.sha256)?;
    let path = dir(&s).join(&b.sha256);
    let bytes = match tokio::fs::read(&path).await {
        Ok(b) => b,
        Err(_) => {
            return Err(Error::BadRequest(
                "release.file_missing",
                format!("the installer {} is not stored: PUT it to /v1/release-files/{} first", b.sha256, b.sha256),
            ));
        }
    };
    if bytes.len() as u64 != b.size {
        return Err(Error::BadRequest("release.file_missing", format!("the stored installer has {} bytes, not {}", bytes.len(), b.size)));
    }
    tenderbox_seal::update::verify_release(key, &b.signature, &bytes, &b.version)
        .map_err(|e| Error::BadRequest("update.bad_signature", e.to_string()))?;
    let id = super::random_hex(8);
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    let taken: Option<String> = sqlx::query_scalar("SELECT id FROM app_releases WHERE version = $1 AND target = $2 AND bundle = $3")
        .bind(&b.version)
        .bind(&b.target)
        .bind(&b.bundle)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(other) = taken {
        return Err(Error::Conflict(
            "release.exists",
            format!("version {} for {} ({}) is already published as {other}; publish a new version instead", b.version, b.target, b.bundle),
        ));
    }
    sqlx::query("INSERT INTO app_releases (id, version, target, bundle, file_name, sha256, size, signature, notes, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
        .bind(&id)
        .bind(&b.version)
        .bind(&b.target)
        .bind(&b.bundle)
        .bind(&b.file_name)
        .bind(&b.sha256)
        .bind(b.size as i64)
        .bind(&b.signature)
        .bind(&b.notes)
        .bind(&caller.id)
        .bind(now.unix())
        .execute(&mut *tx)
        .await?;
    guard
        .append(
            &mut tx,
            "release.published",
            None,
            Audience::Public,
            now,
            json!({ "id": id, "version": b.version, "target": b.target, "bundle": b.bundle, "file_name": b.file_name, "sha256": b.sha256, "size": b.size, "key_id": key.id_hex(), "by": caller.id }),
        )
        .await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(Release { id, release: b, published_by: caller.id, published_at: now, withdrawn_at: None, withdrawn_reason: None }))
}

/// Public: every release, newest first, withdrawn ones with when and why.
#[utoipa::path(get, path = "/v1/releases", tag = "releases", responses((status = 200, body = Vec<Release>)))]
pub async fn list(State(s): State<AppState>) -> Result<Json<Vec<Release>>> {
    let rows = sqlx::query("SELECT * FROM app_releases ORDER BY published_at DESC, id").fetch_all(&s.pool).await?;
    rows.iter().map(from_row).collect::<Result<Vec<_>>>().map(Json)
}

/// A centre admin withdraws a release (a bad build): apps stop being offered it.
#[utoipa::path(post, path = "/v1/releases/{id}/withdraw", tag = "releases", params(("id" = String, Path)), request_body = TextBody, security(("bearer" = [])), responses((status = 200, body = Release), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn withdraw(State(s): State<AppState>, caller: Caller, Path(id): Path<String>, Json(b): Json<TextBody>) -> Result<Json<Release>> {
    caller.require(Role::CentreAdmin)?;
    let reason = b.text.trim().to_string();
    if reason.is_empty() {
        return Err(Error::BadRequest("release.reason", "give the reason the release is withdrawn".into()));
    }
    if load(&s, &id).await?.withdrawn_at.is_some() {
        return Err(Error::Conflict("release.withdrawn", format!("release {id} is already withdrawn")));
    }
    let now = s.now();
    let mut guard = s.log.lock().await;
    let mut tx = s.pool.begin().await?;
    sqlx::query("UPDATE app_releases SET withdrawn_at = $1, withdrawn_reason = $2 WHERE id = $3 AND withdrawn_at IS NULL")
        .bind(now.unix())
        .bind(&reason)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    guard.append(&mut tx, "release.withdrawn", None, Audience::Public, now, json!({ "id": id, "reason": reason, "by": caller.id })).await?;
    tx.commit().await?;
    guard.commit();
    Ok(Json(load(&s, &id).await?))
}

/// Public: a release's installer (resumable with `Range: bytes=N-`).
#[utoipa::path(get, path = "/v1/releases/{id}/file", tag = "releases", params(("id" = String, Path)), responses((status = 200, description = "the installer", content_type = "application/octet-stream"), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_file(State(s): State<AppState>, Path(id): Path<String>, headers: HeaderMap) -> Result<Response> {
    let r = load(&s, &id).await?;
    if r.withdrawn_at.is_some() {
        return Err(Error::Conflict(
            "release.withdrawn",
            format!("release {id} was withdrawn: {}", r.withdrawn_reason.unwrap_or_default()),
        ));
    }
    super::tender_files::serve_file(&dir(&s).join(&r.release.sha256), r.release.size, &r.release.file_name, &r.release.sha256, &headers)
        .await
}

/// The address the caller reached us at: a configured public address with that
/// host, else `http://<Host>` (loopback development).
fn base_url(s: &AppState, headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    s.origins.iter().find(|o| o.split_once("://").map(|(_, h)| h) == Some(host)).cloned().unwrap_or_else(|| format!("http://{host}"))
}

/// Public, for the Tauri updater: the newest release for this platform and package kind
/// that is newer than `current_version`, as an update manifest; 204 when there is none.
#[utoipa::path(get, path = "/v1/updates/{target}/{arch}/{bundle}/{current_version}", tag = "releases", params(("target" = String, Path), ("arch" = String, Path), ("bundle" = String, Path), ("current_version" = String, Path)), responses((status = 200, body = UpdateManifest), (status = 204, description = "no newer release"), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn check(
    State(s): State<AppState>,
    Path((target, arch, bundle, current)): Path<(String, String, String, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    let current =
        parse_version(&current).ok_or_else(|| Error::BadRequest("release.version", format!("'{current}' is not a version like 1.2.3")))?;
    let target = format!("{target}-{arch}");
    let rows = sqlx::query("SELECT * FROM app_releases WHERE target = $1 AND bundle = $2 AND withdrawn_at IS NULL")
        .bind(&target)
        .bind(&bundle)
        .fetch_all(&s.pool)
        .await?;
    let newest = rows
        .iter()
        .map(from_row)
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .filter_map(|r| parse_version(&r.release.version).map(|v| (v, r)))
        .filter(|(v, _)| *v > current)
        .max_by(|a, b| a.0.cmp(&b.0));
    let Some((_, r)) = newest else {
        return Ok(StatusCode::NO_CONTENT.into_response());
    };
    Ok(Json(UpdateManifest {
        url: format!("{}/v1/releases/{}/file", base_url(&s, &headers), r.id),
        version: r.release.version,
        notes: r.release.notes,
        pub_date: r.published_at.to_rfc3339(),
        signature: r.release.signature,
        file_name: r.release.file_name,
        sha256: r.release.sha256,
        size: r.release.size,
        release: r.id,
    })
    .into_response())
}
