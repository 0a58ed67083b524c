//! Clarifications on the tender detail: the agency's answers, published to all
//! without the asker, and this bidder's own questions (asked before the deadline).

use super::{Desk, DeskError, DeskResult};
use serde::Serialize;
use tenderbox_wire::Clarification;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ClarificationView {
    pub id: String,
    pub question: String,
    #[ts(type = "number")]
    pub asked_at: i64,
    pub answer: Option<String>,
    #[ts(type = "number | null")]
    pub answered_at: Option<i64>,
    /// This identity asked it (nobody else is told who asked).
    pub mine: bool,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    ClarificationView::export_all_to(dir)
}

fn view(c: Clarification) -> ClarificationView {
    ClarificationView {
        id: c.id,
        question: c.question,
        asked_at: c.asked_at.unix(),
        answer: c.answer,
        answered_at: c.answered_at.map(|t| t.unix()),
        mine: c.mine,
    }
}

impl Desk {
    /// A tender's clarifications as this identity may see them (answered ones,
    /// and its own questions), fresh from the platform.
    pub async fn clarifications(&self, tender: &str) -> DeskResult<Vec<ClarificationView>> {
        let api = match self.session_api().await {
            Ok(api) => api,
            Err(_) => crate::api::Api::new(&self.settings().await.server),
        };
        Ok(api.clarifications(tender).await?.into_iter().map(view).collect())
    }

    /// Asks the agency a question about a tender (before its deadline).
    pub async fn ask_clarification(&self, tender: &str, question: &str) -> DeskResult<Vec<ClarificationView>> {
        if question.trim().is_empty() {
            return Err(DeskError::new("clarification.empty", "write the question"));
        }
        self.session_api().await?.ask_clarification(tender, question.trim()).await?;
        self.clarifications(tender).await
    }
}
