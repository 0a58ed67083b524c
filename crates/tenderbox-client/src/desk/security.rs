//! Bid security on the bidder's tender page: what the tender requires, where and with which
//! reference to pay a deposit, what the platform has received, each electronic guarantee
//! checked here (the guarantor's signature and every term, against this computer's verified
//! copy of the tender), the credit waiver as the library decides it, and how it stands.

use super::{Desk, DeskResult};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SecurityView {
    pub required: bool,
    /// Yuan, as written in the tender; and in words (大写).
    pub amount: Option<String>,
    pub amount_words: Option<String>,
    /// `deposit`, `guarantee`.
    pub forms: Vec<String>,
    pub credit_exemption: bool,
    pub bid_validity_days: u32,
    /// The last day a guarantee must cover (Beijing).
    pub covered_until: Option<String>,
    pub account_bank: Option<String>,
    pub account_name: Option<String>,
    pub account_number: Option<String>,
    /// The reference to write on the transfer (付款附言).
    pub reference: Option<String>,
    pub deposits: Vec<DepositLine>,
    pub guarantees: Vec<GuaranteeLine>,
    /// Whether the credit library grants the waiver today (when the tender allows it).
    pub exempt: Option<bool>,
    /// `deposit`, `guarantee`, `exempt`, `not_required`, `missing`.
    pub how: String,
    pub ok: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DepositLine {
    pub amount: String,
    pub payer: String,
    pub received_at: String,
    pub refund: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GuaranteeLine {
    pub number: String,
    pub guarantor: String,
    pub amount: String,
    pub valid_from: String,
    pub valid_until: String,
    /// Checked here: signature and terms.
    pub verified: bool,
    pub problem: Option<String>,
    pub revoked: Option<String>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    SecurityView::export_all_to(dir)
}

impl Desk {
    /// The bid security of this computer's company for a tender.
    pub async fn security_status(&self, tender: &str) -> DeskResult<SecurityView> {
        let doc = self.current_tender(tender).await?;
        let api = self.session_api().await?;
        let st = api.my_security(tender).await?;
        let req = doc.security.as_ref();
        let guarantees = st
            .guarantees
            .iter()
            .map(|g| {
                let check = crate::guarantee::verify_guarantee(g, &doc);
                let d = &g.signed.doc;
                GuaranteeLine {
                    number: d.number.clone(),
                    guarantor: d.guarantor.name.clone(),
                    amount: d.amount.to_string(),
                    valid_from: d.valid_from.clone(),
                    valid_until: d.valid_until.clone(),
                    verified: check.is_ok(),
                    problem: check.err(),
                    revoked: g.revocation.as_ref().map(|r| format!("{} {}", r.doc.revoked_at.to_beijing(), r.doc.reason)),
                }
            })
            .collect();
        Ok(SecurityView {
            required: req.is_some(),
            amount: req.map(|r| r.amount.to_string()),
            amount_words: req.and_then(|r| tenderbox_core::amount::to_chinese_upper(r.amount).ok()),
            forms: req
                .map(|r| {
                    r.forms
                        .iter()
                        .map(|f| serde_json::to_value(f).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default())
                        .collect()
                })
                .unwrap_or_default(),
            credit_exemption: req.is_some_and(|r| r.credit_exemption),
            bid_validity_days: req.map(|r| r.bid_validity_days).unwrap_or(0),
            covered_until: req.map(|r| r.covered_until(doc.deadline)),
            account_bank: req.and_then(|r| r.account.as_ref()).map(|a| a.bank.clone()),
            account_name: req.and_then(|r| r.account.as_ref()).map(|a| a.name.clone()),
            account_number: req.and_then(|r| r.account.as_ref()).map(|a| a.number.clone()),
            reference: st.reference,
            deposits: st
                .deposits
                .iter()
                .map(|d| DepositLine {
                    amount: d.amount.to_string(),
                    payer: format!("{}（{}）", d.payer_name, d.payer_account),
                    received_at: d.received_at.to_beijing(),
                    refund: match (&d.refunded_at, &d.refund_due) {
                        (Some(at), _) => Some(format!("refunded:{}", at.to_beijing())),
                        (None, Some(due)) => Some(format!("due:{due}")),
                        _ => None,
                    },
                })
                .collect(),
            guarantees,
            exempt: st.exemption.map(|e| e.exempt),
            how: st.outcome.how,
            ok: st.outcome.ok,
            reason: st.outcome.reason,
        })
    }
}
