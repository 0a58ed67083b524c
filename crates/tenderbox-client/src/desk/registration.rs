//! Registration documents: the applicant attaches its business licence (营业执照) and,
//! where a representative registers, the letter of authorisation (授权委托书) before it
//! registers; the centre admin reads them beside the USCC check.

use super::{Desk, DeskError, DeskResult};
use crate::api::ApiFailure;
use crate::files::write_atomic;
use crate::identity_flow::DocumentFile;
use serde::Serialize;
use std::path::PathBuf;
use tenderbox_wire::{MAX_REGISTRATION_DOCUMENT_BYTES, MAX_REGISTRATION_DOCUMENTS, REGISTRATION_DOCUMENT_KINDS, Role};
use ts_rs::TS;

/// A document attached to a registration (staged here, or as the server has it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RegistrationDocView {
    pub kind: String,
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Empty while only staged on this computer.
    pub sha256: String,
    /// The file reached the server.
    pub stored: bool,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    RegistrationDocView::export_all_to(dir)
}

impl Desk {
    fn staging(&self) -> PathBuf {
        self.home().join("registration")
    }

    /// The documents staged for the registration, licence first.
    pub fn registration_staged(&self) -> DeskResult<Vec<RegistrationDocView>> {
        let mut out = Vec::new();
        for kind in REGISTRATION_DOCUMENT_KINDS {
            let Ok(rd) = std::fs::read_dir(self.staging().join(kind)) else { continue };
            let mut files: Vec<_> = rd.flatten().filter(|e| e.path().is_file()).collect();
            files.sort_by_key(|e| e.file_name());
            for e in files {
                let size = e.metadata()?.len();
                out.push(RegistrationDocView {
                    kind: kind.into(),
                    name: e.file_name().to_string_lossy().into_owned(),
                    size,
                    sha256: String::new(),
                    stored: false,
                });
            }
        }
        Ok(out)
    }

    /// Stages a document for the registration (one licence: a new one replaces the old).
    pub fn registration_attach(&self, kind: &str, name: &str, bytes: &[u8]) -> DeskResult<Vec<RegistrationDocView>> {
        if !REGISTRATION_DOCUMENT_KINDS.contains(&kind) {
            return Err(DeskError::new("identity.documents", format!("unknown document kind '{kind}'")));
        }
        if tenderbox_core::problem::attachment_name_problem(name).is_some() {
            return Err(DeskError::new("attachment.bad_name", format!("'{name}' cannot be used as a file name")));
        }
        if bytes.is_empty() || bytes.len() as u64 > MAX_REGISTRATION_DOCUMENT_BYTES {
            return Err(DeskError::new("identity.documents", format!("'{name}' must hold 1 byte to 20 MiB")));
        }
        let dir = self.staging().join(kind);
        if kind == "licence" {
            let _ = std::fs::remove_dir_all(&dir);
        } else if self.registration_staged()?.len() >= MAX_REGISTRATION_DOCUMENTS {
            return Err(DeskError::new("identity.documents", format!("at most {MAX_REGISTRATION_DOCUMENTS} documents")));
        }
        std::fs::create_dir_all(&dir)?;
        write_atomic(&dir.join(name), bytes, true)?;
        self.registration_staged()
    }

    /// [`Desk::registration_attach`] from a raw IPC request: `kind` and the percent-encoded
    /// `name` as headers, the file's bytes as the body.
    pub fn registration_attach_ipc(
        &self,
        header: &(dyn Fn(&str) -> Option<String> + Sync),
        body: Option<Vec<u8>>,
    ) -> DeskResult<Vec<RegistrationDocView>> {
        let get = |k: &str| super::attachments::ipc_header(header, k);
        let bytes = body.ok_or_else(|| DeskError::new("ipc.body", "send the file's bytes as the raw body"))?;
        self.registration_attach(&get("kind")?, &get("name")?, &bytes)
    }

    /// Removes a staged document.
    pub fn registration_detach(&self, kind: &str, name: &str) -> DeskResult<Vec<RegistrationDocView>> {
        if REGISTRATION_DOCUMENT_KINDS.contains(&kind) && tenderbox_core::problem::attachment_name_problem(name).is_none() {
            let _ = std::fs::remove_file(self.staging().join(kind).join(name));
        }
        self.registration_staged()
    }

    /// The staged documents as files to send; the licence is required.
    pub(super) fn registration_files(&self) -> DeskResult<Vec<DocumentFile>> {
        let staged = self.registration_staged()?;
        if !staged.iter().any(|d| d.kind == "licence") {
            return Err(DeskError::new("identity.documents", "attach the business licence (营业执照) first"));
        }
        Ok(staged
            .into_iter()
            .map(|d| DocumentFile { path: self.staging().join(&d.kind).join(&d.name), kind: d.kind, name: d.name })
            .collect())
    }

    /// Registers as a bidder with the staged documents; they are removed once sent.
    pub(super) async fn register_with_documents(&self, api: &crate::api::Api, name: &str) -> DeskResult<()> {
        let files = self.registration_files()?;
        let (public, secret) = self.keystore().await?.load(name)?;
        match crate::identity_flow::register(api, &public, &secret, &[Role::Bidder], &files).await {
            Ok(_) => {}
            Err(ApiFailure::Server { code, .. }) if code == "identity.exists" => {}
            Err(e) => return Err(e.into()),
        }
        let _ = std::fs::remove_dir_all(self.staging());
        Ok(())
    }

    /// The documents of a registration as the server has them (centre admins, or the applicant).
    pub async fn registration_documents(&self, id: &str) -> DeskResult<Vec<RegistrationDocView>> {
        let api = self.session_api().await?;
        Ok(api
            .registration_documents(id)
            .await?
            .into_iter()
            .map(|d| RegistrationDocView {
                kind: d.document.kind,
                name: d.document.name,
                size: d.document.size,
                sha256: d.document.sha256,
                stored: d.stored,
            })
            .collect())
    }

    /// One registration document's bytes, for the preview.
    pub async fn registration_document_bytes(&self, id: &str, sha256: &str) -> DeskResult<Vec<u8>> {
        let api = self.session_api().await?;
        Ok(api.registration_document(id, sha256).await?)
    }
}
