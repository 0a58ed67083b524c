//! The centre finance office's desk (supervisors read it): deposits matched from the deposit
//! account's bank statement — imported here, every bad row shown by its line — the deposits
//! that fall due, with the day each must be back and the overdue ones first, and the refund
//! recorded with the bank's serial and the interest.

use super::experts::{RowErrorView, rows, server_rows};
use super::{Desk, DeskError, DeskResult};
use serde::Serialize;
use tenderbox_core::Decimal;
use tenderbox_core::security::parse_statement;
use tenderbox_wire::{DepositRecord, RefundRequest};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct DepositView {
    pub id: String,
    pub tender: String,
    pub bidder: String,
    pub amount: String,
    pub payer_name: String,
    pub payer_account: String,
    pub bank_serial: String,
    pub received_at: String,
    /// `withdrawn`, `contract_signed`, `tender_ended`; none while the bid stands.
    pub refund_cause: Option<String>,
    pub refund_due: Option<String>,
    pub overdue: bool,
    pub refunded_at: Option<String>,
    pub refund_serial: Option<String>,
    pub interest: Option<String>,
}

/// What a statement import did: deposits recorded, lines skipped as recorded before, or the
/// bad rows (and nothing recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct StatementImportView {
    #[ts(type = "number")]
    pub recorded: u64,
    #[ts(type = "number[]")]
    pub skipped: Vec<u64>,
    pub errors: Vec<RowErrorView>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    DepositView::export_all_to(dir)?;
    StatementImportView::export_all_to(dir)
}

fn view(d: DepositRecord) -> DepositView {
    DepositView {
        id: d.id,
        tender: d.tender,
        bidder: d.bidder,
        amount: d.amount.to_string(),
        payer_name: d.payer_name,
        payer_account: d.payer_account,
        bank_serial: d.bank_serial,
        received_at: d.received_at.to_beijing(),
        refund_cause: d.refund_cause,
        refund_due: d.refund_due,
        overdue: d.overdue,
        refunded_at: d.refunded_at.map(|t| t.to_beijing()),
        refund_serial: d.refund_serial,
        interest: d.interest.map(|i| i.to_string()),
    }
}

impl Desk {
    /// One tender's deposits, or (empty tender) every deposit due back, overdue first.
    pub async fn deposits(&self, tender: &str) -> DeskResult<Vec<DepositView>> {
        let api = self.session_api().await?;
        let t = Some(tender.trim()).filter(|t| !t.is_empty());
        let mut list: Vec<DepositView> = api.deposits(t).await?.into_iter().map(view).collect();
        list.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.refund_due.cmp(&b.refund_due)).then(a.id.cmp(&b.id)));
        Ok(list)
    }

    /// Imports a bank statement: checked here first (every bad row by line, nothing sent),
    /// then by the server, which also refuses references that match no bid.
    pub async fn statement_import(&self, csv: &str) -> DeskResult<StatementImportView> {
        if let Err(errors) = parse_statement(csv) {
            return Ok(StatementImportView { recorded: 0, skipped: vec![], errors: rows(errors) });
        }
        match self.session_api().await?.import_statement(csv).await {
            Ok(r) => Ok(StatementImportView { recorded: r.recorded, skipped: r.skipped, errors: vec![] }),
            Err(crate::api::ApiFailure::Server { code, message, .. }) if code == "deposit.import" => {
                let errors = server_rows(&message);
                Ok(StatementImportView { recorded: 0, skipped: vec![], errors })
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Records a refund: the whole deposit, with the bank's serial and the interest paid.
    pub async fn deposit_refund(&self, id: &str, serial: &str, amount: &str, interest: &str) -> DeskResult<DepositView> {
        let money = |s: &str, what: &str| {
            s.trim()
                .parse::<Decimal>()
                .ok()
                .filter(|d| *d >= Decimal::ZERO && d.scale() <= 2)
                .ok_or_else(|| DeskError::new("deposit.refund", format!("{what} '{s}' is not an amount in yuan")))
        };
        let req =
            RefundRequest { bank_serial: serial.trim().into(), amount: money(amount, "amount")?, interest: money(interest, "interest")? };
        Ok(view(self.session_api().await?.refund_deposit(id, &req).await?))
    }
}
