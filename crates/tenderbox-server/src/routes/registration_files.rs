//! The documents of a registration (营业执照, 授权委托书…) for the centre's review. The
//! registration declares them — kind, name, SHA-256, size — signed by the applicant's
//! identity; the applicant then uploads each file by its hash, which needs no login
//! (a pending identity cannot log in) because only the declared content is accepted.
//! The applicant, centre admins and supervisors read them; nobody else.

use crate::AppState;
use crate::auth::Caller;
use crate::error::{Error, Result};
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine;
use sqlx::Row;
use std::path::PathBuf;
use tenderbox_wire::{
    MAX_REGISTRATION_DOCUMENTS, REGISTRATION_DOCUMENTS_DOMAIN, RegisterRequest, RegistrationDocument, Role, StoredRegistrationDocument,
    registration_documents_message,
};

fn dir(s: &AppState) -> PathBuf {
    s.data.join("registration-files")
}

/// The declared documents are well formed, few enough, distinct, and signed by the identity.
pub(crate) fn check_declared(req: &RegisterRequest, id: &str) -> Result<()> {
    let bad = |m: String| Error::BadRequest("identity.documents", m);
    if req.documents.is_empty() {
        return Ok(());
    }
    if req.documents.len() > MAX_REGISTRATION_DOCUMENTS {
        return Err(bad(format!("at most {MAX_REGISTRATION_DOCUMENTS} documents per registration")));
    }
    for (i, d) in req.documents.iter().enumerate() {
        if let Some(p) = d.problem() {
            return Err(bad(p));
        }
        if req.documents[..i].iter().any(|e| e.sha256 == d.sha256) {
            return Err(bad(format!("'{}' is listed twice", d.name)));
        }
    }
    let sig = req
        .documents_signature
        .as_deref()
        .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
        .ok_or_else(|| bad("the document list is not signed by the identity".into()))?;
    let key = req.identity.signing_key_bytes().map_err(|e| Error::BadRequest("identity.invalid", e.to_string()))?;
    if !tenderbox_seal::identity::verify(&key, REGISTRATION_DOCUMENTS_DOMAIN, &registration_documents_message(id, &req.documents), &sig) {
        return Err(bad("the document list's signature is not valid for this identity".into()));
    }
    Ok(())
}

async fn declared(s: &AppState, id: &str) -> Result<Vec<StoredRegistrationDocument>> {
    let rows =
        sqlx::query("SELECT * FROM registration_documents WHERE identity_id = $1 ORDER BY position").bind(id).fetch_all(&s.pool).await?;
    rows.iter()
        .map(|r| {
            Ok(StoredRegistrationDocument {
                document: RegistrationDocument {
                    kind: r.try_get("kind")?,
                    name: r.try_get("name")?,
                    sha256: r.try_get("sha256")?,
                    size: r.try_get::<i64, _>("size")? as u64,
                },
                stored: r.try_get::<Option<i64>, _>("stored_at")?.is_some(),
            })
        })
        .collect()
}

fn may_read(caller: &Caller, id: &str) -> Result<()> {
    if caller.id == id || caller.has(Role::CentreAdmin) || caller.has(Role::Supervisor) {
        Ok(())
    } else {
        Err(Error::NotFound("identity.not_found", "no such identity".into()))
    }
}

/// The applicant uploads a declared document (while the registration is pending).
#[utoipa::path(put, path = "/v1/identities/{id}/documents/{sha256}", tag = "identities", params(("id" = String, Path), ("sha256" = String, Path)), request_body(content = Vec<u8>, content_type = "application/octet-stream"), responses((status = 200, body = StoredRegistrationDocument), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn put_file(
    State(s): State<AppState>,
    Path((id, sha)): Path<(String, String)>,
    body: Body,
) -> Result<Json<StoredRegistrationDocument>> {
    super::tender_files::check_sha(&sha)?;
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM identities WHERE id = $1").bind(&id).fetch_optional(&s.pool).await?;
    if status.as_deref() != Some("pending") {
        return Err(Error::Conflict("identity.documents", "documents are uploaded while the registration is pending".into()));
    }
    let doc = declared(&s, &id)
        .await?
        .into_iter()
        .find(|d| d.document.sha256 == sha)
        .ok_or_else(|| Error::NotFound("file.not_found", format!("registration {id} declares no document {sha}")))?;
    if doc.stored {
        return Ok(Json(doc));
    }
    let size = super::tender_files::store_streamed(&dir(&s), &sha, body, doc.document.size, "a registration document").await?;
    if size != doc.document.size {
        return Err(Error::BadRequest(
            "file.hash_mismatch",
            format!("the document was declared with {} bytes, not {size}", doc.document.size),
        ));
    }
    sqlx::query("UPDATE registration_documents SET stored_at = $1 WHERE identity_id = $2 AND sha256 = $3")
        .bind(s.now().unix())
        .bind(&id)
        .bind(&sha)
        .execute(&s.pool)
        .await?;
    Ok(Json(StoredRegistrationDocument { stored: true, ..doc }))
}

/// The documents a registration declared, and which have arrived (the applicant, admins, supervisors).
#[utoipa::path(get, path = "/v1/identities/{id}/documents", tag = "identities", params(("id" = String, Path)), security(("bearer" = [])), responses((status = 200, body = Vec<StoredRegistrationDocument>), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn list(State(s): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Json<Vec<StoredRegistrationDocument>>> {
    may_read(&caller, &id)?;
    Ok(Json(declared(&s, &id).await?))
}

/// One document's file (the applicant, admins, supervisors).
#[utoipa::path(get, path = "/v1/identities/{id}/documents/{sha256}", tag = "identities", params(("id" = String, Path), ("sha256" = String, Path)), security(("bearer" = [])), responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = "4XX", description = "refused, with a stable code and a reason", body = tenderbox_wire::ApiError)))]
pub async fn get_file(
    State(s): State<AppState>,
    caller: Caller,
    Path((id, sha)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    may_read(&caller, &id)?;
    let doc = declared(&s, &id)
        .await?
        .into_iter()
        .find(|d| d.document.sha256 == sha && d.stored)
        .ok_or_else(|| Error::NotFound("file.not_found", format!("registration {id} has no stored document {sha}")))?;
    super::tender_files::serve_file(&dir(&s).join(&sha), doc.document.size, &doc.document.name, &sha, &headers).await
}
