//! The agency hosting its tenders: the opening record made and signed by the platform
//! once the decryption window is over, objections answered on the record, and the
//! bidders' clarification questions answered to everyone without naming the asker.

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
