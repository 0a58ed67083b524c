//! Signed evaluation documents (docs/spec/evaluation-v1.md): a member's review sheet and
//! score sheets, a member's signature on the report (with any dissent), a bidder's answer
//! to the committee's question, an objection and the tenderer's answer. Each is the
//! document's RFC 8785 canonical JSON signed with Ed25519 by the author's registered
//! identity, over a domain string of its own so a signature of one kind is never taken
//! for another.

use crate::error::SealError;
use crate::identity::{PublicIdentity, SecretIdentity, verify};
use crate::primitives::{b64, unb64};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tenderbox_core::canonical;
use tenderbox_core::credit::{CreditEntry, CreditImport, CreditObjection, CreditObjectionAnswer, CreditRevocation};
use tenderbox_core::evaluation::{ClarificationAnswer, ObjectionText, ReportSignature, ReviewSheet, ScoreSheet};

/// A document kind with its signing domain.
pub trait Document: Serialize + DeserializeOwned + Clone {
    const DOMAIN: &'static [u8];
}

impl Document for ReviewSheet {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/review-sheet\n";
}
impl Document for ScoreSheet {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/score-sheet\n";
}
impl Document for ReportSignature {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/report-signature\n";
}
impl Document for ClarificationAnswer {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/clarification-answer\n";
}
impl Document for ObjectionText {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/objection\n";
}
impl Document for tenderbox_core::security::Guarantee {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/guarantee\n";
}
impl Document for tenderbox_core::security::GuaranteeRevocation {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/guarantee-revocation\n";
}
impl Document for tenderbox_core::collusion::AlertDecision {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/alert-decision\n";
}
impl Document for tenderbox_core::complaint::Complaint {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/complaint\n";
}
impl Document for tenderbox_core::complaint::ComplaintAcceptance {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/complaint-acceptance\n";
}
impl Document for tenderbox_core::complaint::ComplaintDecision {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/complaint-decision\n";
}
impl Document for CreditEntry {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/credit-entry\n";
}
impl Document for CreditImport {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/credit-import\n";
}
impl Document for CreditRevocation {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/credit-revocation\n";
}
impl Document for CreditObjection {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/credit-objection\n";
}
impl Document for CreditObjectionAnswer {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/credit-objection-answer\n";
}

impl Document for tenderbox_core::auction::BidStatement {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/auction-bid\n";
}
impl Document for crate::reserve::SealedReserve {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/auction-reserve\n";
}
impl Document for crate::reserve::SealedPrice {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/auction-sealed-price\n";
}
impl Document for tenderbox_core::auction::Confirmation {
    const DOMAIN: &'static [u8] = b"tenderbox/v1/auction-confirmation\n";
}

/// A document with its author's identity id and signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "T: Document", deny_unknown_fields)]
pub struct SignedDoc<T: Document> {
    pub doc: T,
    /// The author's identity id on the platform.
    pub signer: String,
    /// base64 Ed25519 over `DOMAIN || canonical JSON of doc`.
    pub signature: String,
}

/// The bytes a signature covers.
pub fn signed_bytes<T: Document>(doc: &T) -> Result<Vec<u8>, SealError> {
    canonical::to_canonical_vec(doc).map_err(|e| SealError::BadDocument(e.to_string()))
}

/// Signs `doc` as `me`, whose identity id on the platform is `signer`.
pub fn sign<T: Document>(doc: T, signer: &str, me: &SecretIdentity) -> Result<SignedDoc<T>, SealError> {
    let sig = me.sign(T::DOMAIN, &signed_bytes(&doc)?);
    Ok(SignedDoc { doc, signer: signer.to_string(), signature: b64(&sig) })
}

/// Checks the signature with the author's registered identity.
pub fn verify_doc<T: Document>(s: &SignedDoc<T>, author: &PublicIdentity) -> Result<(), SealError> {
    let pk = author.signing_key_bytes()?;
    let sig = unb64(&s.signature).ok_or(SealError::DocumentSignature)?;
    if verify(&pk, T::DOMAIN, &signed_bytes(&s.doc)?, &sig) { Ok(()) } else { Err(SealError::DocumentSignature) }
}

/// Hex SHA-256 of a document's canonical JSON (how the report is named in signatures).
pub fn doc_sha256<T: Serialize>(doc: &T) -> Result<String, SealError> {
    let bytes = canonical::to_canonical_vec(doc).map_err(|e| SealError::BadDocument(e.to_string()))?;
    Ok(hex::encode(tenderbox_core::sha256(&bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DeterministicEntropy;
    use tenderbox_core::evaluation::{CriterionScore, SHEET_FORMAT};
    use tenderbox_core::time::Timestamp;
    use tenderbox_core::uscc::Uscc;

    fn sheet() -> ScoreSheet {
        ScoreSheet {
            format: SHEET_FORMAT,
            tender: "T".into(),
            seat: "S1".into(),
            lot: "L1".into(),
            scores: vec![CriterionScore { bidder: "A".into(), criterion: "C1".into(), score: "25.5".parse().unwrap(), comment: None }],
            signed_at: Timestamp::from_unix(1_780_000_000),
        }
    }

    #[test]
    fn a_changed_score_or_another_kind_of_document_does_not_verify() {
        let me = SecretIdentity::generate(&DeterministicEntropy::new(b"signed doc"));
        let public = PublicIdentity::new(&me, "张评审", Uscc::parse("91350100M000100Y43").unwrap(), Timestamp::from_unix(0)).unwrap();
        let s = sign(sheet(), "id1", &me).unwrap();
        verify_doc(&s, &public).unwrap();
        let mut changed = s.clone();
        changed.doc.scores[0].score = "26".parse().unwrap();
        assert!(verify_doc(&changed, &public).is_err());
        // The same bytes signed as a review sheet's domain are not a score sheet's signature.
        let sig = me.sign(<ReviewSheet as Document>::DOMAIN, &signed_bytes(&s.doc).unwrap());
        let other = SignedDoc { signature: b64(&sig), ..s };
        assert!(verify_doc(&other, &public).is_err());
    }
}
