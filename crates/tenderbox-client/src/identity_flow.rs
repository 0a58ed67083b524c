//! Registering with the platform, with the documents the centre reviews (营业执照,
//! 授权委托书…): the list is signed with the identity's key, the registration sent,
//! then each file uploaded by its SHA-256. The desktop app and the CLI both register
//! through here.

use crate::api::{Api, ApiFailure, ApiResult};
use std::path::PathBuf;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_wire::{
    IdentityRecord, MAX_REGISTRATION_DOCUMENTS, REGISTRATION_DOCUMENTS_DOMAIN, RegisterRequest, RegistrationDocument, Role,
    registration_documents_message,
};

/// A document to register with: its kind, the name the centre sees, and the file.
#[derive(Debug, Clone)]
pub struct DocumentFile {
    pub kind: String,
    pub name: String,
    pub path: PathBuf,
}

/// Registers `public` for `roles` with `documents`; an identity already registered
/// uploads any declared document that has not arrived yet.
pub async fn register(
    api: &Api,
    public: &PublicIdentity,
    secret: &SecretIdentity,
    roles: &[Role],
    documents: &[DocumentFile],
) -> ApiResult<IdentityRecord> {
    use base64::Engine;
    if documents.len() > MAX_REGISTRATION_DOCUMENTS {
        return Err(ApiFailure::Refused("identity.documents", format!("at most {MAX_REGISTRATION_DOCUMENTS} documents per registration")));
    }
    let id = tenderbox_wire::identity_id(&public.signing_key);
    let mut declared = Vec::new();
    for d in documents {
        let (size, sha256) = crate::api::file_sha256(&d.path)?;
        let doc = RegistrationDocument { kind: d.kind.clone(), name: d.name.clone(), sha256, size };
        if let Some(p) = doc.problem() {
            return Err(ApiFailure::Refused("identity.documents", p));
        }
        declared.push(doc);
    }
    let documents_signature = (!declared.is_empty()).then(|| {
        base64::engine::general_purpose::STANDARD
            .encode(secret.sign(REGISTRATION_DOCUMENTS_DOMAIN, &registration_documents_message(&id, &declared)))
    });
    let req = RegisterRequest { identity: public.clone(), roles: roles.to_vec(), documents: declared.clone(), documents_signature };
    let record = match api.register_request(&req).await {
        Ok(r) => Some(r),
        Err(ApiFailure::Server { code, .. }) if code == "identity.exists" => None,
        Err(e) => return Err(e),
    };
    for (doc, file) in declared.iter().zip(documents) {
        let f = tokio::fs::File::open(&file.path).await?;
        let req = api
            .put_registration_document(&id, &doc.sha256)
            .header(reqwest::header::CONTENT_LENGTH, doc.size)
            .header(reqwest::header::CONTENT_TYPE, "application/octet-stream")
            .body(reqwest::Body::from(f));
        match api.send(req).await {
            Ok(_) => {}
            // Registered earlier without this document, or already decided: nothing to add.
            Err(ApiFailure::Server { code, .. }) if record.is_none() && (code == "file.not_found" || code == "identity.documents") => {}
            Err(e) => return Err(e),
        }
    }
    match record {
        Some(r) => Ok(r),
        None => Err(ApiFailure::Server {
            status: 409,
            code: "identity.exists".into(),
            message: "this identity (signing key) is already registered".into(),
        }),
    }
}
