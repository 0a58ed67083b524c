//! The trading rules catalogue on the centre admin's desk: the rules in force and the
//! retired ones, a rule published from a form (dates as Beijing calendar days), and a rule
//! retired with its reason. Everyone may read the list.

use super::{Desk, DeskError, DeskResult};
use serde::{Deserialize, Serialize};
use tenderbox_core::time::Timestamp;
use tenderbox_wire::{NewRule, TradingRule};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RuleForm {
    pub title: String,
    pub issuer: String,
    pub document_number: String,
    /// `general`, `engineering`, `procurement`, `land_mining`, `property`.
    pub category: String,
    /// `YYYY-MM-DD` (Beijing).
    pub effective_from: String,
    /// `YYYY-MM-DD`, or empty while it has no end.
    pub effective_to: String,
    pub url: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RuleView {
    pub id: String,
    pub title: String,
    pub issuer: String,
    pub document_number: String,
    pub category: String,
    pub effective_from: String,
    pub effective_to: Option<String>,
    pub url: Option<String>,
    pub summary: String,
    /// `in_force`, `not_yet` (takes effect later), `expired` (past its end) or `retired`.
    pub state: String,
    pub retired_reason: Option<String>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    RuleForm::export_all_to(dir)?;
    RuleView::export_all_to(dir)
}

fn day(text: &str, field: &str) -> DeskResult<Timestamp> {
    Timestamp::parse(&format!("{}T00:00:00+08:00", text.trim()))
        .map_err(|_| DeskError::new("rule.dates", format!("{field}: '{}' is not a date (YYYY-MM-DD)", text.trim())))
}

impl RuleForm {
    /// The rule this form describes, every field checked (the desk and the CLI both
    /// publish through this).
    pub fn to_rule(&self) -> DeskResult<NewRule> {
        let rule = NewRule {
            title: self.title.trim().into(),
            issuer: self.issuer.trim().into(),
            document_number: self.document_number.trim().into(),
            category: self.category.trim().into(),
            effective_from: day(&self.effective_from, "effective from")?,
            effective_to: if self.effective_to.trim().is_empty() { None } else { Some(day(&self.effective_to, "effective to")?) },
            url: Some(self.url.trim().to_string()).filter(|u| !u.is_empty()),
            summary: self.summary.trim().into(),
        };
        match rule.problems().into_iter().next() {
            Some(p) => Err(DeskError::new(p.code, format!("{}: {}", p.path, p.message))),
            None => Ok(rule),
        }
    }
}

fn view(r: TradingRule, now: Timestamp) -> RuleView {
    let date = |t: Timestamp| t.to_beijing()[..10].to_string();
    let state = if r.retired_at.is_some() {
        "retired"
    } else if now < r.rule.effective_from {
        "not_yet"
    } else if r.rule.effective_to.is_some_and(|to| now >= to) {
        "expired"
    } else {
        "in_force"
    };
    RuleView {
        id: r.id,
        effective_from: date(r.rule.effective_from),
        effective_to: r.rule.effective_to.map(date),
        title: r.rule.title,
        issuer: r.rule.issuer,
        document_number: r.rule.document_number,
        category: r.rule.category,
        url: r.rule.url,
        summary: r.rule.summary,
        state: state.into(),
        retired_reason: r.retired_reason,
    }
}

impl Desk {
    /// Every rule in the catalogue, the retired ones included, newest first.
    pub async fn rules(&self) -> DeskResult<Vec<RuleView>> {
        let now = self.server_now().await;
        let list = crate::api::Api::new(&self.settings().await.server).rules(true).await?;
        Ok(list.into_iter().map(|r| view(r, now)).collect())
    }

    /// Publishes a rule (centre admins).
    pub async fn rule_publish(&self, f: RuleForm) -> DeskResult<Vec<RuleView>> {
        let rule = f.to_rule()?;
        self.session_api().await?.publish_rule(&rule).await?;
        self.rules().await
    }

    /// Retires a rule with the reason (centre admins).
    pub async fn rule_retire(&self, id: &str, reason: &str) -> DeskResult<Vec<RuleView>> {
        if reason.trim().is_empty() {
            return Err(DeskError::new("rule.reason", "give the reason the rule is retired"));
        }
        self.session_api().await?.retire_rule(id, reason.trim()).await?;
        self.rules().await
    }
}
