//! The agency hosting its tenders: the opening record made and signed by the platform
//! once the decryption window is over, objections answered on the record, and the
//! bidders' clarification questions answered to everyone without naming the asker;
//! and the centre admin's declaration of a platform fault at an opening.

use super::clarify::ClarificationView;
use super::opening::OpeningView;
use super::{Desk, DeskError, DeskResult};

impl Desk {
    /// After the decryption window: the platform makes and signs the opening record.
    pub async fn opening_make_record(&self, tender: &str) -> DeskResult<OpeningView> {
        self.session_api().await?.make_record(tender).await?;
        self.sync_now();
        self.opening(tender).await
    }

    /// Answers a bidder's objection to the opening record; the answer is on the record.
    pub async fn opening_answer(&self, tender: &str, objection: &str, text: &str) -> DeskResult<OpeningView> {
        if text.trim().is_empty() {
            return Err(DeskError::new("objection.empty_answer", "write the answer"));
        }
        self.session_api().await?.answer_objection(tender, objection, text.trim()).await?;
        self.opening(tender).await
    }

    /// Answers a clarification question (the tender's agency): published to everyone
    /// who follows the tender, without the asker.
    pub async fn answer_clarification(&self, tender: &str, id: &str, answer: &str) -> DeskResult<Vec<ClarificationView>> {
        if answer.trim().is_empty() {
            return Err(DeskError::new("clarification.empty", "write the answer"));
        }
        self.session_api().await?.answer_clarification(tender, id, answer.trim()).await?;
        self.sync_now();
        self.clarifications(tender).await
    }
}

impl Desk {
    /// A centre admin declares that the platform failed a bidder at this opening (the bid
    /// with this SHA-256, from the bidder's receipt): signed here with the admin's key. The
    /// bid is then deemed withdrawn (撤回), not revoked — or, when the bidder is signed in
    /// and still within its window, once a second admin confirms.
    pub async fn opening_platform_fault(&self, tender: &str, sha256: &str, reason: &str) -> DeskResult<OpeningView> {
        let sha = sha256.trim().to_lowercase();
        if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(DeskError::new("opening.fault_sha", "give the bid's SHA-256 from the bidder's receipt: 64 hexadecimal digits"));
        }
        if reason.trim().is_empty() {
            return Err(DeskError::new("opening.reason", "give the reason the platform failed this bidder"));
        }
        let name = self.settings().await.identity.ok_or_else(|| DeskError::new("identity.none", "create an identity first"))?;
        let (_, secret) = self.keystore().await?.load(&name)?;
        let fault = tenderbox_wire::PlatformFault::sign(tender, &sha, reason.trim(), &secret);
        self.session_api().await?.platform_fault(tender, &fault).await?;
        self.opening(tender).await
    }
}
