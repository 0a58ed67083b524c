//! Sealing and opening a whole bid: the package inside the envelope, with the
//! checks that tie them to the tender and the bidder. Attachments come in as
//! readers and go out through an [`AttachmentSink`], so this module touches no
//! file system itself.

use crate::committee::{CombinedShare, CommitteePublicKey};
use crate::entropy::Entropy;
use crate::envelope::{self, FileKey, Header, HeaderFacts, ParsedHeader, Recipients};
use crate::error::SealError;
use crate::identity::{PublicIdentity, SecretIdentity};
use crate::package::{self, AttachmentSink, BidderRef, LotOffer, Manifest, OpenedPackage, PackageWriter, TenderRef, Tool};
use std::io::{Read, Write};
use tenderbox_core::amount::to_chinese_upper;
use tenderbox_core::bid::{self as draft_rules, BidDraft};
use tenderbox_core::tender::{StanzaKind, TenderDocument};
use tenderbox_core::time::Timestamp;

/// One attachment to seal: its name in the package, its exact size, its bytes.
pub struct AttachmentSource<'a> {
    pub name: String,
    pub size: u64,
    pub reader: Box<dyn Read + 'a>,
}

pub struct SealRequest<'a> {
    pub tender: &'a TenderDocument,
    pub draft: &'a BidDraft,
    pub identity: &'a PublicIdentity,
    pub secret: &'a SecretIdentity,
    /// Raw machine fingerprint components (kind, value); only keyed hashes of
    /// them enter the manifest, sealed to `supervisors`.
    pub machine: &'a [(String, String)],
    /// The supervision system's recipients (approved supervisor identities).
    pub supervisors: &'a [package::Supervisor],
    pub finalised_at: Timestamp,
    pub tool_version: &'a str,
    /// Leave out the committee stanza where the tender makes it optional (the
    /// bidder then alone can open its bid; if it fails to, the bid is revoked).
    pub omit_optional_committee: bool,
}

/// Finalises (固化) and seals a bid into `out`. `progress(done, total)` reports
/// attachment bytes. Nothing is written for a draft that is incomplete or whose
/// attachment names are refused.
pub fn seal_bid<W: Write>(
    out: W,
    req: &SealRequest<'_>,
    attachments: Vec<AttachmentSource<'_>>,
    ent: &dyn Entropy,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(W, Manifest, Header), SealError> {
    let problems = draft_rules::check(req.tender, req.draft);
    if !problems.is_empty() {
        return Err(SealError::Incomplete(problems));
    }
    if req.identity.signing_key_bytes()? != req.secret.signing_public()
        || req.identity.encryption_key_bytes()? != req.secret.encryption_public()
    {
        return Err(SealError::BadKey("the public identity does not belong to these private keys".into()));
    }
    let declared: Vec<&str> = req.draft.attachments.iter().map(|a| a.name.as_str()).collect();
    let given: Vec<&str> = attachments.iter().map(|a| a.name.as_str()).collect();
    if declared != given {
        return Err(SealError::ManifestMismatch("the attachments supplied are not the draft's attachments in its order".into()));
    }
    PackageWriter::<Vec<u8>>::check_names(given.iter().copied())?;

    let required = req.tender.requires(StanzaKind::Committee);
    let committee = if required || (req.tender.uses_committee() && !req.omit_optional_committee) {
        let pk = req.tender.committee_public_key.as_deref().ok_or(SealError::NoCommitteeKey)?;
        Some(CommitteePublicKey::from_base64(pk).map_err(|e| SealError::BadKey(e.to_string()))?)
    } else {
        None
    };
    let tender_hash = req.tender.hash_hex().map_err(|e| SealError::BadHeader(e.to_string()))?;
    let mut lots = Vec::new();
    for l in &req.draft.lots {
        let price = l.price.expect("checked complete");
        lots.push(LotOffer {
            lot: l.lot.clone(),
            price,
            price_upper: to_chinese_upper(price).expect("checked complete"),
            duration_days: l.duration_days,
            quality: l.quality.clone(),
        });
    }
    let manifest = Manifest {
        format: 1,
        tender: TenderRef { id: req.tender.id.clone(), version: req.tender.version, hash: tender_hash.clone() },
        bidder: BidderRef::of(req.identity),
        lots,
        responses: req.draft.responses.clone(),
        attachments: vec![],
        tool: Tool { name: "tenderbox".into(), version: req.tool_version.into() },
        finalised_at: req.finalised_at,
        machine: package::seal_machine(&req.tender.id, req.identity.uscc.as_str(), req.machine, req.supervisors, ent)?,
    };

    let enc = req.identity.encryption_key_bytes()?;
    let facts = HeaderFacts { tender: req.tender.id.clone(), tender_hash, bidder: req.identity.uscc.to_string() };
    let to = Recipients { bidder: Some(&enc), committee: committee.as_ref() };
    let (stream, header) = envelope::seal(out, &facts, to, ent)?;
    let total: u64 = attachments.iter().map(|a| a.size).sum();
    let mut pw = PackageWriter::new(stream)?;
    let mut before = 0u64;
    for a in attachments {
        let base = before;
        pw.add(&a.name, a.size, a.reader, &mut |d| progress(base + d, total))?;
        before += a.size;
    }
    let (stream, manifest) = pw.finish(manifest, req.secret)?;
    let out = stream.finish()?;
    progress(total, total);
    Ok((out, manifest, header))
}

/// How to get the file key of a bid.
pub enum Opener<'a> {
    /// The bidder's own identity (bidder stanza).
    Bidder(&'a SecretIdentity),
    /// A file key posted at the opening (checked against the header MAC).
    FileKey(FileKey),
    /// The custodians' combined decryption share (committee stanza).
    Committee(&'a CombinedShare),
}

/// Opens a sealed bid: unwraps the file key, decrypts and authenticates every
/// chunk, verifies the manifest signature (and the expected signer, if given),
/// every attachment's size and SHA-256, and the binding to the envelope header.
pub fn open_bid<R: Read>(
    mut input: R,
    opener: Opener<'_>,
    sink: &mut dyn AttachmentSink,
    expected_signer: Option<&[u8; 32]>,
    progress: &mut dyn FnMut(u64),
) -> Result<(ParsedHeader, OpenedPackage), SealError> {
    let header = envelope::read_header(&mut input)?;
    let fk = match opener {
        Opener::Bidder(me) => header.unwrap_bidder(me)?,
        Opener::FileKey(k) => {
            header.verify_file_key(&k)?;
            k
        }
        Opener::Committee(s) => header.unwrap_committee(s)?,
    };
    let payload = header.payload(&fk, input)?;
    let opened = package::read_package(payload, sink, expected_signer, progress)?;
    package::check_binding(&header.header, &opened.manifest)?;
    Ok((header, opened))
}
