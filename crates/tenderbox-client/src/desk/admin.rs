//! The centre admin's desk: registrations waiting for review — each with its
//! unified social credit code checked and the key fingerprint to compare with the
//! applicant's — approved, or rejected with a reason the applicant sees.

use super::{Desk, DeskError, DeskResult};
use serde::Serialize;
use tenderbox_wire::IdentityRecord;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RegistrationView {
    pub id: String,
    pub name: String,
    pub uscc: String,
    /// The code's check character is right (GB 32100-2015).
    pub uscc_ok: bool,
    /// The roles asked for.
    pub roles: Vec<String>,
    /// Key fingerprint, for the applicant to read out when in doubt.
    pub fingerprint: String,
    /// When the applicant made the identity (unix seconds).
    #[ts(type = "number")]
    pub created: i64,
    /// The documents it registered with (business licence…), and whether each arrived.
    pub documents: Vec<super::RegistrationDocView>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    RegistrationView::export_all_to(dir)
}

fn view(r: &IdentityRecord) -> RegistrationView {
    RegistrationView {
        id: r.id.clone(),
        name: r.identity.name.clone(),
        uscc: r.identity.uscc.as_str().to_string(),
        uscc_ok: Desk::check_uscc(r.identity.uscc.as_str()).ok,
        roles: r.roles.iter().map(|x| x.as_str().to_string()).collect(),
        fingerprint: r.identity.fingerprint(),
        created: r.identity.created.unix(),
        documents: vec![],
    }
}

impl Desk {
    /// Registrations waiting for the centre's review, oldest first (centre admins).
    pub async fn pending_registrations(&self) -> DeskResult<Vec<RegistrationView>> {
        let api = self.session_api().await?;
        let mut out: Vec<RegistrationView> = api.pending_identities().await?.iter().map(view).collect();
        for r in &mut out {
            r.documents = self.registration_documents(&r.id).await?;
        }
        Ok(out)
    }

    /// Approves a registration: the platform certifies the identity for the roles asked.
    pub async fn approve_registration(&self, id: &str) -> DeskResult<Vec<RegistrationView>> {
        let api = self.session_api().await?;
        api.approve_identity(id).await?;
        self.sync_now();
        self.pending_registrations().await
    }

    /// Rejects a registration with the reason the applicant will read.
    pub async fn reject_registration(&self, id: &str, reason: &str) -> DeskResult<Vec<RegistrationView>> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(DeskError::new("identity.reason", "give the reason for the rejection"));
        }
        let api = self.session_api().await?;
        api.reject_identity(id, reason).await?;
        self.sync_now();
        self.pending_registrations().await
    }
}
