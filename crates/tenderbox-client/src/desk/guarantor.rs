//! The guarantor's desk (a bank or insurer issuing electronic bid guarantees, 电子保函):
//! the terms a tender asks for, read from its verified record; a guarantee drafted from
//! them, checked here against every term the bidder's app and the server will check, and
//! signed on this computer; the guarantees issued, with their revocation before the deadline.

use super::{Desk, DeskError, DeskResult};
use serde::{Deserialize, Serialize};
use tenderbox_core::Decimal;
use tenderbox_core::credit::day_of;
use tenderbox_core::security::{GUARANTEE_FORMAT, Guarantee, GuaranteeRevocation, guarantee_problems};
use tenderbox_core::tender::Party;
use tenderbox_core::uscc::Uscc;
use tenderbox_wire::GuaranteeRecord;
use ts_rs::TS;

/// What a tender asks of a guarantee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GuaranteeTermsView {
    pub tender: String,
    pub title: String,
    pub beneficiary: String,
    pub beneficiary_uscc: String,
    pub amount: String,
    pub deadline: String,
    /// The last day the guarantee must cover (the bid validity after the deadline).
    pub valid_until: String,
    pub accepts_guarantees: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GuaranteeForm {
    pub tender: String,
    pub applicant_uscc: String,
    pub applicant_name: String,
    pub number: String,
    /// Empty: the tender's security amount.
    pub amount: String,
    /// Empty: the last day the tender asks for.
    pub valid_until: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GuaranteeView {
    pub id: String,
    pub number: String,
    pub tender: String,
    pub applicant: String,
    pub applicant_uscc: String,
    pub amount: String,
    pub valid_from: String,
    pub valid_until: String,
    pub issued_at: String,
    pub revoked_at: Option<String>,
    pub revoked_reason: Option<String>,
}

pub fn export_bindings(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    GuaranteeTermsView::export_all_to(dir)?;
    GuaranteeForm::export_all_to(dir)?;
    GuaranteeView::export_all_to(dir)
}

fn view(g: GuaranteeRecord) -> GuaranteeView {
    let d = g.signed.doc;
    GuaranteeView {
        id: g.id,
        number: d.number,
        tender: d.tender,
        applicant: d.applicant.name,
        applicant_uscc: d.applicant.uscc.to_string(),
        amount: d.amount.to_string(),
        valid_from: d.valid_from,
        valid_until: d.valid_until,
        issued_at: g.received_at.to_beijing(),
        revoked_at: g.revocation.as_ref().map(|r| r.doc.revoked_at.to_beijing()),
        revoked_reason: g.revocation.map(|r| r.doc.reason),
    }
}

impl Desk {
    /// The terms a tender asks of a guarantee, from its record on the server.
    pub async fn guarantee_terms(&self, tender: &str) -> DeskResult<GuaranteeTermsView> {
        let t = self.session_api().await?.tender_record(tender.trim()).await?.document;
        let req =
            t.security.as_ref().ok_or_else(|| DeskError::new("guarantee.terms", format!("tender {} asks for no bid security", t.id)))?;
        Ok(GuaranteeTermsView {
            tender: t.id.clone(),
            title: t.title.clone(),
            beneficiary: t.tenderer.name.clone(),
            beneficiary_uscc: t.tenderer.uscc.to_string(),
            amount: req.amount.to_string(),
            deadline: t.deadline.to_beijing(),
            valid_until: req.covered_until(t.deadline),
            accepts_guarantees: req.forms.contains(&tenderbox_core::security::SecurityForm::Guarantee),
        })
    }

    /// Issues a guarantee: checked here against the tender's every term, signed here.
    pub async fn guarantee_issue(&self, form: GuaranteeForm) -> DeskResult<GuaranteeView> {
        let api = self.session_api().await?;
        let t = api.tender_record(form.tender.trim()).await?.document;
        let req =
            t.security.as_ref().ok_or_else(|| DeskError::new("guarantee.terms", format!("tender {} asks for no bid security", t.id)))?;
        let me = self.identity().await?.ok_or_else(|| DeskError::new("identity.none", "no identity on this computer"))?;
        let applicant = Uscc::parse(form.applicant_uscc.trim())
            .map_err(|e| DeskError::new(e.code(), format!("applicant '{}': {e}", form.applicant_uscc.trim())))?;
        let amount = match form.amount.trim() {
            "" => req.amount,
            a => a
                .replace([',', '，'], "")
                .parse::<Decimal>()
                .ok()
                .filter(|d| *d > Decimal::ZERO && d.scale() <= 2)
                .ok_or_else(|| DeskError::new("guarantee.terms", format!("'{a}' is not an amount in yuan")))?,
        };
        let now = self.server_now().await;
        let g = Guarantee {
            format: GUARANTEE_FORMAT,
            number: form.number.trim().into(),
            guarantor: Party { name: me.name.clone(), uscc: Uscc::parse(&me.uscc).map_err(|e| DeskError::new(e.code(), e.to_string()))? },
            beneficiary: t.tenderer.clone(),
            applicant: Party { name: form.applicant_name.trim().into(), uscc: applicant },
            tender: t.id.clone(),
            amount,
            valid_from: day_of(now),
            valid_until: match form.valid_until.trim() {
                "" => req.covered_until(t.deadline),
                u => u.into(),
            },
            issued_at: now,
        };
        if g.applicant.name.is_empty() {
            return Err(DeskError::new("guarantee.terms", "name the applicant (the bidder) as registered"));
        }
        let problems = guarantee_problems(&g, &t.id, &t.tenderer, req, t.deadline);
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
            return Err(DeskError::new("guarantee.terms", format!("the guarantee does not meet the tender: {}", list.join("; "))));
        }
        let signed = self.signed_by_me(g).await?;
        Ok(view(api.issue_guarantee(&signed).await?))
    }

    /// The guarantees this guarantor issued, newest first.
    pub async fn guarantees_issued(&self) -> DeskResult<Vec<GuaranteeView>> {
        Ok(self.session_api().await?.my_guarantees().await?.into_iter().map(view).collect())
    }

    /// Revokes a guarantee before the deadline, signed here with the reason.
    pub async fn guarantee_revoke(&self, id: &str, reason: &str) -> DeskResult<GuaranteeView> {
        if reason.trim().is_empty() {
            return Err(DeskError::new("guarantee.terms", "give the reason for the revocation"));
        }
        let doc = GuaranteeRevocation {
            format: GUARANTEE_FORMAT,
            guarantee: id.into(),
            reason: reason.trim().into(),
            revoked_at: self.server_now().await,
        };
        let signed = self.signed_by_me(doc).await?;
        Ok(view(self.session_api().await?.revoke_guarantee(id, &signed).await?))
    }
}
