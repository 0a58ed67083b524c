//! A committee member's side of the evaluation: download the original sealed bids, check
//! each file against its hash, unwrap the file key the platform wrapped to this member
//! (bound to tender, bid and member), check the bidder's platform certificate under the
//! pinned log key, and open each bid into its own folder — the bidder's signature and the
//! manifest verified here, not taken from the platform.

use crate::api::{Api, ApiFailure};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tenderbox_seal::bid::Opener;
use tenderbox_seal::identity::SecretIdentity;

/// One bid as this member opened it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenedBid {
    pub bid_sha256: String,
    pub bidder_uscc: String,
    pub bidder_name: String,
    pub folder: PathBuf,
    /// Attachments in the package.
    pub files: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum OpenBidsError {
    #[error(transparent)]
    Api(#[from] ApiFailure),
    #[error("{0}")]
    Refused(String),
}

impl OpenBidsError {
    pub fn code(&self) -> &str {
        match self {
            OpenBidsError::Api(e) => e.code(),
            OpenBidsError::Refused(_) => "evaluation.bid_unverified",
        }
    }
}

/// Downloads and opens every bid for member `member_id` of tender `tender` into
/// `out_dir/<bidder code>/` (a folder that must not exist yet).
pub async fn open_bids(
    api: &Api,
    tender: &str,
    member_id: &str,
    me: &SecretIdentity,
    log_key: &str,
    out_dir: &Path,
) -> Result<Vec<OpenedBid>, OpenBidsError> {
    let refuse = |m: String| OpenBidsError::Refused(m);
    let platform = tenderbox_wire::verifier_public_key(log_key).map_err(|e| refuse(e.to_string()))?;
    let mut out = Vec::new();
    for b in api.evaluation_bids(tender).await? {
        let bytes = api.evaluation_bid_file(tender, &b.bid_sha256).await?;
        let got = hex::encode(tenderbox_core::sha256(&bytes));
        if got != b.bid_sha256 {
            return Err(refuse(format!("the file served for bid {} hashes to {got}", b.bid_sha256)));
        }
        let cert =
            b.bidder_certificate.as_deref().ok_or_else(|| refuse(format!("bidder {} has no platform certificate", b.bidder_uscc)))?;
        let cert = tenderbox_wire::Certificate::parse(cert).map_err(|e| refuse(e.to_string()))?;
        cert.verify(&platform).map_err(|e| refuse(format!("bidder {}: {e}", b.bidder_uscc)))?;
        if cert.body.identity.uscc.as_str() != b.bidder_uscc {
            return Err(refuse(format!("the certificate is for {}, not the bidder {}", cert.body.identity.uscc, b.bidder_uscc)));
        }
        let signer = cert.body.identity.signing_key_bytes().map_err(|e| refuse(e.to_string()))?;
        let fk = tenderbox_seal::member_key::unwrap(&b.member_key, me, member_id, tender, &b.bid_sha256)
            .map_err(|_| refuse(format!("the key for bid {} was not wrapped for this member and this bid", b.bid_sha256)))?;
        let sealed = out_dir.join(".sealed").join(&b.bid_sha256);
        std::fs::create_dir_all(sealed.parent().expect("a parent")).map_err(|e| refuse(e.to_string()))?;
        crate::files::write_atomic(&sealed, &bytes, false).map_err(|e| refuse(e.to_string()))?;
        let folder = out_dir.join(&b.bidder_uscc);
        let (_, opened) = crate::sealing::open_to_dir(&sealed, Opener::FileKey(fk), &folder, Some(&signer), &mut |_| {})
            .map_err(|e| refuse(format!("bid {} of {} does not verify: {e}", b.bid_sha256, b.bidder_name)))?;
        if opened.manifest.bidder.uscc.as_str() != b.bidder_uscc {
            return Err(refuse(format!("bid {} is signed for {}, not {}", b.bid_sha256, opened.manifest.bidder.uscc, b.bidder_uscc)));
        }
        out.push(OpenedBid {
            bid_sha256: b.bid_sha256.clone(),
            bidder_uscc: b.bidder_uscc.clone(),
            bidder_name: b.bidder_name.clone(),
            folder,
            files: opened.manifest.attachments.len(),
        });
    }
    Ok(out)
}

/// A review sheet for this member that passes every item of every bid except `fails`
/// (bidder, item, reason).
pub fn review_sheet(
    work: &tenderbox_wire::EvaluationWork,
    seat: &str,
    fails: &[(String, String, String)],
    now: tenderbox_core::time::Timestamp,
) -> tenderbox_core::evaluation::ReviewSheet {
    use tenderbox_core::evaluation::{ReviewMark, ReviewSheet, SHEET_FORMAT};
    let marks = work
        .bids
        .iter()
        .flat_map(|b| {
            b.items.iter().map(|i| {
                let f = fails.iter().find(|(u, item, _)| *u == b.bidder_uscc && *item == i.id);
                ReviewMark {
                    bidder: b.bidder_uscc.clone(),
                    step: i.step,
                    item: i.id.clone(),
                    pass: f.is_none(),
                    reason: f.map(|(_, _, r)| r.clone()),
                }
            })
        })
        .collect();
    ReviewSheet { format: SHEET_FORMAT, tender: work.tender.clone(), seat: seat.to_string(), marks, signed_at: now }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportSignError {
    #[error(transparent)]
    Api(#[from] ApiFailure),
    #[error("{0}")]
    Mismatch(String),
    #[error("{0}")]
    Sign(String),
}

impl ReportSignError {
    pub fn code(&self) -> &str {
        match self {
            ReportSignError::Api(e) => e.code(),
            ReportSignError::Mismatch(_) => "report.changed",
            ReportSignError::Sign(_) => "signature.document",
        }
    }
}

/// The report and its PDF, downloaded and checked here: the PDF's SHA-256 and the
/// report's canonical JSON hash are recomputed on this computer before anything is signed.
pub async fn fetch_report(api: &Api, tender: &str) -> Result<(tenderbox_wire::ReportView, Vec<u8>), ReportSignError> {
    let view = api.evaluation_report(tender).await?;
    let pdf = api.evaluation_report_pdf(tender).await?;
    let pdf_sha = hex::encode(tenderbox_core::sha256(&pdf));
    if pdf_sha != view.state.pdf_sha256 {
        return Err(ReportSignError::Mismatch(format!(
            "the PDF downloaded hashes to {pdf_sha}, not {} as the platform says",
            view.state.pdf_sha256
        )));
    }
    let json_sha = tenderbox_seal::signed::doc_sha256(&view.report).map_err(|e| ReportSignError::Sign(e.to_string()))?;
    if json_sha != view.state.report_sha256 {
        return Err(ReportSignError::Mismatch(format!(
            "the report hashes to {json_sha}, not {} as the platform says",
            view.state.report_sha256
        )));
    }
    Ok((view, pdf))
}

/// Signs the report as this member (seat `seat`, identity `me`), with a dissent if any.
pub async fn sign_report(
    api: &Api,
    tender: &str,
    seat: &str,
    me: &str,
    secret: &SecretIdentity,
    dissent: Option<String>,
    now: tenderbox_core::time::Timestamp,
) -> Result<tenderbox_wire::ReportView, ReportSignError> {
    let (view, _) = fetch_report(api, tender).await?;
    let doc = tenderbox_core::evaluation::ReportSignature {
        format: tenderbox_core::evaluation::SHEET_FORMAT,
        tender: tender.to_string(),
        seat: seat.to_string(),
        report_sha256: view.state.report_sha256.clone(),
        pdf_sha256: view.state.pdf_sha256.clone(),
        dissent: dissent.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
        signed_at: now,
    };
    let signed = tenderbox_seal::signed::sign(doc, me, secret).map_err(|e| ReportSignError::Sign(e.to_string()))?;
    Ok(api.sign_report(tender, &signed).await?)
}
