//! What the bidder's app checks of an electronic guarantee (电子保函) the platform holds for
//! its bid, with its own copy of the tender: the guarantor's Ed25519 signature with the
//! guarantor's registered identity (whose id and credit code must be the ones the guarantee
//! names), and every term against the tender's security requirement.

use tenderbox_core::security::guarantee_problems;
use tenderbox_core::tender::TenderDocument;
use tenderbox_seal::signed::verify_doc;
use tenderbox_wire::GuaranteeRecord;

/// `Ok` when the guarantee is the guarantor's and meets the tender; otherwise what is wrong.
pub fn verify_guarantee(rec: &GuaranteeRecord, tender: &TenderDocument) -> Result<(), String> {
    let g = &rec.signed;
    if tenderbox_wire::identity_id(&rec.guarantor_identity.signing_key) != g.signer {
        return Err(format!("the guarantee is signed by {}, but the identity given is another", g.signer));
    }
    if rec.guarantor_identity.uscc != g.doc.guarantor.uscc {
        return Err(format!(
            "the guarantee names guarantor {}, but it is signed by {} ({})",
            g.doc.guarantor.uscc, rec.guarantor_identity.name, rec.guarantor_identity.uscc
        ));
    }
    verify_doc(g, &rec.guarantor_identity).map_err(|e| format!("the guarantor's signature does not verify: {e}"))?;
    let req = tender.security.as_ref().ok_or_else(|| format!("tender {} requires no bid security", tender.id))?;
    let p = guarantee_problems(&g.doc, &tender.id, &tender.tenderer, req, tender.deadline);
    if p.is_empty() { Ok(()) } else { Err(p.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("; ")) }
}
