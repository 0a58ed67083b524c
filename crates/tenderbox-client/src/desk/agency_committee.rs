//! The agency and the tender's committee: the custodians it may pick (each platform
//! certificate checked against the pinned key), and the committee key written into the
//! tender once the custodians' ceremony is finished.

use super::tenders::{TenderRow, row};
use super::{Desk, DeskError, DeskResult};
use serde::Serialize;
use tenderbox_core::tender::Custodian;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CustodianChoice {
    pub id: String,
    pub name: String,
    pub uscc: String,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    CustodianChoice::export_all_to(dir)
}

impl Desk {
    /// After the custodians' ceremony: publishes the next version with the committee key
    /// it made (verified here), which opens the tender for bids.
    pub async fn tender_set_committee_key(&self, id: &str) -> DeskResult<TenderRow> {
        let t = self.stored_tender(id).await?;
        let key = self
            .store()
            .meta(crate::sync::META_LOG_KEY)
            .await?
            .ok_or_else(|| DeskError::new("log.unpinned", "trust the platform's log key first"))?;
        let api = self.session_api().await?;
        let name = self.settings().await.identity.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let (_, secret) = self.keystore().await?.load(&name)?;
        crate::committee::finish(&api, &t.record, &key, &secret).await?;
        self.sync().await?;
        Ok(row(&self.stored_tender(id).await?))
    }

    /// Custodians the platform certified, each certificate checked against the pinned key.
    pub(super) async fn certified_custodians(&self) -> DeskResult<Vec<(Custodian, String)>> {
        let key = self
            .store()
            .meta(crate::sync::META_LOG_KEY)
            .await?
            .ok_or_else(|| DeskError::new("log.unpinned", "trust the platform's log key first"))?;
        let platform = tenderbox_wire::verifier_public_key(&key).map_err(|e| DeskError::new("log.key", e))?;
        let certs = crate::api::Api::new(&self.settings().await.server).custodian_certificates().await?;
        tenderbox_wire::custodians_from_certificates(&certs, &platform).map_err(|e| DeskError::new("tender.custodian", e))
    }

    /// The custodians an agency may put on a tender.
    pub async fn custodian_choices(&self) -> DeskResult<Vec<CustodianChoice>> {
        Ok(self.certified_custodians().await?.into_iter().map(|(c, uscc)| CustodianChoice { id: c.id, name: c.name, uscc }).collect())
    }
}
