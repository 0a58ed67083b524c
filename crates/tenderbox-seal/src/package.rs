//! The bid package (docs/spec/package-v1.md): the plaintext inside an envelope.
//!
//! ```text
//! package    = magic(8) || attachment* || manifest
//! attachment = 0x01 || name_len(u16 BE) || name(UTF-8) || size(u64 BE) || data
//! manifest   = 0x02 || len(u32 BE) || manifest JSON (RFC 8785) || Ed25519 signature(64)
//! ```
//! The manifest comes last so sealing is a single pass: each attachment is hashed
//! while it is encrypted, and the signed manifest then lists every name, size and
//! SHA-256. A reader checks each name before writing anything and checks sizes,
//! hashes and the signature before it accepts the package.

use crate::error::SealError;
use crate::identity::{PublicIdentity, SecretIdentity, verify};
use crate::primitives::{b64, hmac_sha256, stream_hashed, unb64_32};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io::{self, Read, Write};
use tenderbox_core::Decimal;
use tenderbox_core::bid::Response;
use tenderbox_core::canonical;
use tenderbox_core::problem::{Problem, attachment_name_key, attachment_name_problem};
use tenderbox_core::time::Timestamp;

pub const MAGIC: &[u8; 8] = b"TBXPKG\x00\x01";
pub const MANIFEST_DOMAIN: &[u8] = b"tenderbox/v1/manifest\n";
pub const MAX_MANIFEST: usize = 4 << 20;
pub const MAX_ATTACHMENTS: usize = 10_000;
const TAG_ATTACHMENT: u8 = 1;
const TAG_MANIFEST: u8 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenderRef {
    pub id: String,
    pub version: u32,
    /// Hex SHA-256 of the canonical tender document.
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BidderRef {
    pub name: String,
    pub uscc: String,
    pub signing_key: String,
    pub encryption_key: String,
}

impl BidderRef {
    pub fn of(p: &PublicIdentity) -> Self {
        BidderRef {
            name: p.name.clone(),
            uscc: p.uscc.to_string(),
            signing_key: p.signing_key.clone(),
            encryption_key: p.encryption_key.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LotOffer {
    pub lot: String,
    pub price: Decimal,
    /// The price in 大写 as printed on the bid letter.
    pub price_upper: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentEntry {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

/// One component of the machine fingerprint, keyed-hashed (see [`machine_hashes`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MachineComponent {
    pub kind: String,
    pub hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    pub tender: TenderRef,
    pub bidder: BidderRef,
    pub lots: Vec<LotOffer>,
    pub responses: Vec<Response>,
    pub attachments: Vec<AttachmentEntry>,
    pub tool: Tool,
    pub finalised_at: Timestamp,
    /// The machine fingerprint, sealed to the supervision system; absent when the
    /// platform has no supervisor to seal it to or nothing could be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub machine: Option<SealedMachine>,
}

impl Manifest {
    /// What makes this opened bid unfit to be read out as it stands (checked at
    /// the opening, after decryption and the signature): another tender or
    /// version, no lot, an unknown or repeated lot, a price that is not positive,
    /// above the lot's ceiling (最高投标限价) or whose 大写 differs from the figure,
    /// a missing construction period or quality where the lot asks for them.
    pub fn problems_against(&self, tender: &tenderbox_core::tender::TenderDocument, tender_hash: &str) -> Vec<Problem> {
        let mut p = Vec::new();
        if self.tender.id != tender.id {
            p.push(Problem::new("tender.mismatch", "tender", format!("the bid is for tender {}, not {}", self.tender.id, tender.id)));
        }
        if self.tender.hash != tender_hash {
            p.push(Problem::new(
                "tender.version",
                "tender",
                format!("the bid answers version {} of the tender, not the version {} being opened", self.tender.version, tender.version),
            ));
        }
        if self.lots.is_empty() {
            p.push(Problem::new("lot.none", "lots", "the bid offers no lot"));
        }
        let mut seen = HashSet::new();
        for o in &self.lots {
            let at = format!("lots[{}]", o.lot);
            let Some(lot) = tender.lot(&o.lot) else {
                p.push(Problem::new("lot.unknown", at, format!("lot {} does not exist in the tender", o.lot)));
                continue;
            };
            if !seen.insert(o.lot.as_str()) {
                p.push(Problem::new("lot.duplicate", &at, format!("lot {} is offered twice", o.lot)));
            }
            if o.price <= Decimal::ZERO {
                p.push(Problem::new("price.not_positive", &at, format!("lot {}: the price {} is not positive", o.lot, o.price)));
            }
            if let Some(ceiling) = lot.ceiling_price
                && o.price > ceiling
            {
                p.push(Problem::new(
                    "price.above_ceiling",
                    &at,
                    format!("lot {}: the price {} is above the ceiling {ceiling}", o.lot, o.price),
                ));
            }
            match tenderbox_core::amount::to_chinese_upper(o.price) {
                Ok(words) if words == o.price_upper => {}
                Ok(words) => p.push(Problem::new(
                    "price.words_mismatch",
                    &at,
                    format!("lot {}: the amount in words {} does not match the price {} ({words})", o.lot, o.price_upper, o.price),
                )),
                Err(e) => p.push(Problem::new(
                    "amount.words",
                    &at,
                    format!("lot {}: the price {} cannot be written in words: {e}", o.lot, o.price),
                )),
            }
            if lot.asks_duration_and_quality {
                if o.duration_days.is_none_or(|d| d == 0) {
                    p.push(Problem::new("duration.missing", &at, format!("lot {}: no construction period", o.lot)));
                }
                if o.quality.as_deref().is_none_or(|q| q.trim().is_empty()) {
                    p.push(Problem::new("quality.missing", &at, format!("lot {}: no quality commitment", o.lot)));
                }
            }
        }
        p
    }
}

/// The machine fingerprint as it travels in a manifest: its keyed hashes,
/// encrypted to the supervision system (every approved supervisor identity), so
/// that whoever reads an opened bid — the agency, evaluators, other bidders —
/// cannot test guesses of a MAC address or CPU model against it. Only a
/// supervisor opens it, and compares bids of one tender (docs/spec/package-v1.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedMachine {
    /// One wrap of the content key per supervisor.
    pub recipients: Vec<MachineRecipient>,
    /// base64 AES-256-GCM (zero nonce, single-use key) of the canonical JSON of
    /// the `[{kind, hash}]` list.
    pub ciphertext: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MachineRecipient {
    /// The supervisor's identity id.
    pub id: String,
    /// base64 ephemeral X25519 public key.
    pub epk: String,
    /// base64 of the 48-byte wrapped content key.
    pub wrapped: String,
}

/// A supervision recipient: identity id and X25519 encryption key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Supervisor {
    pub id: String,
    pub encryption_key: [u8; 32],
}

const MACHINE_INFO: &[u8] = b"tenderbox/v1/machine-wrap";
const MACHINE_AAD: &[u8] = b"tenderbox/v1/machine\n";

fn machine_aad(tender_id: &str, bidder_uscc: &str) -> Vec<u8> {
    [MACHINE_AAD, tender_id.as_bytes(), b"\n", bidder_uscc.as_bytes()].concat()
}

fn wrap_aad(tender_id: &str, bidder_uscc: &str, supervisor: &str) -> Vec<u8> {
    [&machine_aad(tender_id, bidder_uscc)[..], b"\n", supervisor.as_bytes()].concat()
}

/// Seals the keyed hashes of `components` to `supervisors`. `None` when there is
/// nothing to seal or nobody to seal it to (no raw value is ever kept instead).
pub fn seal_machine(
    tender_id: &str,
    bidder_uscc: &str,
    components: &[(String, String)],
    supervisors: &[Supervisor],
    ent: &dyn crate::entropy::Entropy,
) -> Result<Option<SealedMachine>, SealError> {
    if components.is_empty() || supervisors.is_empty() {
        return Ok(None);
    }
    let hashes = machine_hashes(tender_id, components);
    let mut plain = canonical::to_canonical_vec(&hashes).map_err(|e| SealError::ManifestMismatch(e.to_string()))?;
    let content_key = zeroize::Zeroizing::new(crate::entropy::random_array::<32>(ent));
    let mut recipients = Vec::new();
    for sup in supervisors {
        let (epk, wrapped) =
            crate::envelope::x25519_wrap(&sup.encryption_key, &content_key, &wrap_aad(tender_id, bidder_uscc, &sup.id), MACHINE_INFO, ent)?;
        recipients.push(MachineRecipient { id: sup.id.clone(), epk: b64(&epk), wrapped: b64(&wrapped) });
    }
    let tag = crate::primitives::aead_key(&content_key)
        .seal_in_place_separate_tag(
            ring::aead::Nonce::assume_unique_for_key([0; 12]),
            ring::aead::Aad::from(machine_aad(tender_id, bidder_uscc)),
            &mut plain,
        )
        .map_err(|_| SealError::BadKey("the machine fingerprint could not be sealed".into()))?;
    plain.extend_from_slice(tag.as_ref());
    Ok(Some(SealedMachine { recipients, ciphertext: b64(&plain) }))
}

/// Opens a sealed machine fingerprint as supervisor `me` (its identity id
/// `my_id`): the keyed hashes, to compare with other bids of the same tender.
pub fn open_machine(
    sealed: &SealedMachine,
    tender_id: &str,
    bidder_uscc: &str,
    my_id: &str,
    me: &SecretIdentity,
) -> Result<Vec<MachineComponent>, SealError> {
    let r = sealed
        .recipients
        .iter()
        .find(|r| r.id == my_id)
        .ok_or_else(|| SealError::BadKey(format!("the machine fingerprint is not sealed to supervisor {my_id}")))?;
    let epk = unb64_32(&r.epk).ok_or_else(|| SealError::BadKey("the machine recipient's ephemeral key is malformed".into()))?;
    let wrapped = crate::primitives::unb64(&r.wrapped).ok_or_else(|| SealError::BadKey("the wrapped machine key is not base64".into()))?;
    let key = crate::envelope::x25519_unwrap(&me.x25519(), &epk, &wrap_aad(tender_id, bidder_uscc, my_id), MACHINE_INFO, &wrapped)
        .ok_or_else(|| SealError::BadKey("the machine key does not open with this supervisor's key".into()))?;
    let mut ct =
        crate::primitives::unb64(&sealed.ciphertext).ok_or_else(|| SealError::BadKey("the machine ciphertext is not base64".into()))?;
    let plain = crate::primitives::aead_key(&key)
        .open_in_place(
            ring::aead::Nonce::assume_unique_for_key([0; 12]),
            ring::aead::Aad::from(machine_aad(tender_id, bidder_uscc)),
            &mut ct,
        )
        .map_err(|_| SealError::BadKey("the machine fingerprint does not open (wrong tender, bidder or damaged)".into()))?;
    serde_json::from_slice(plain).map_err(|e| SealError::BadKey(format!("the machine fingerprint inside is malformed: {e}")))
}

/// Bidders of one tender that share a machine component: one group per
/// (component kind, hash) held by two or more bidders, largest first. The CPU
/// model alone is common to many machines; disk, MAC and OS install id are not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SharedMachine {
    pub kind: String,
    pub hash: String,
    /// USCCs in the order given.
    pub bidders: Vec<String>,
}

pub fn shared_machines(opened: &[(String, Vec<MachineComponent>)]) -> Vec<SharedMachine> {
    let mut groups: Vec<SharedMachine> = Vec::new();
    for (bidder, components) in opened {
        for c in components {
            match groups.iter_mut().find(|g| g.kind == c.kind && g.hash == c.hash) {
                Some(g) if !g.bidders.contains(bidder) => g.bidders.push(bidder.clone()),
                Some(_) => {}
                None => groups.push(SharedMachine { kind: c.kind.clone(), hash: c.hash.clone(), bidders: vec![bidder.clone()] }),
            }
        }
    }
    groups.retain(|g| g.bidders.len() > 1);
    groups.sort_by_key(|g| std::cmp::Reverse(g.bidders.len()));
    groups
}

/// Keyed hashes of the machine fingerprint components (CPU, disk, MAC, OS install
/// id). The key is derived from the tender id, so the same machine gives the same
/// hash for every bid in one tender (collusion check, 实施条例 Art. 40) while the
/// raw identifiers never leave the bidder's computer. They enter a manifest only
/// sealed to the supervision system ([`seal_machine`]).
pub fn machine_hashes(tender_id: &str, components: &[(String, String)]) -> Vec<MachineComponent> {
    let key = crate::primitives::hkdf32(tender_id.as_bytes(), b"", b"tenderbox/v1/machine");
    components
        .iter()
        .map(|(kind, raw)| MachineComponent {
            kind: kind.clone(),
            hash: hex::encode(hmac_sha256(&key[..], &[kind.as_bytes(), b"\0", raw.as_bytes()])),
        })
        .collect()
}

fn check_name(name: &str) -> Result<(), SealError> {
    match attachment_name_problem(name) {
        Some(why) => Err(SealError::BadAttachmentName { name: name.to_string(), why }),
        None => Ok(()),
    }
}

/// Writes a package: attachments first, then the signed manifest.
pub struct PackageWriter<W: Write> {
    out: W,
    entries: Vec<AttachmentEntry>,
    names: HashSet<String>,
}

impl<W: Write> PackageWriter<W> {
    pub fn new(mut out: W) -> Result<Self, SealError> {
        out.write_all(MAGIC)?;
        Ok(PackageWriter { out, entries: vec![], names: HashSet::new() })
    }

    /// Checks every name up front (safe, unique) so nothing is written for a
    /// package that would be refused.
    pub fn check_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<(), SealError> {
        let mut seen = HashSet::new();
        for n in names {
            check_name(n)?;
            if !seen.insert(attachment_name_key(n)) {
                return Err(SealError::DuplicateAttachment(n.to_string()));
            }
        }
        Ok(())
    }

    /// Streams one attachment of exactly `size` bytes, hashing as it goes.
    /// `progress` is called with the bytes written so far in this attachment.
    pub fn add(&mut self, name: &str, size: u64, mut data: impl Read, progress: &mut dyn FnMut(u64)) -> Result<(), SealError> {
        check_name(name)?;
        if !self.names.insert(attachment_name_key(name)) {
            return Err(SealError::DuplicateAttachment(name.to_string()));
        }
        if self.entries.len() >= MAX_ATTACHMENTS {
            return Err(SealError::BadPackage(format!("more than {MAX_ATTACHMENTS} attachments")));
        }
        self.out.write_all(&[TAG_ATTACHMENT])?;
        self.out.write_all(&(name.len() as u16).to_be_bytes())?;
        self.out.write_all(name.as_bytes())?;
        self.out.write_all(&size.to_be_bytes())?;
        let out = &mut self.out;
        let mut written = 0u64;
        let (done, digest) = stream_hashed(&mut data, size, &mut |block| {
            out.write_all(block)?;
            written += block.len() as u64;
            progress(written);
            Ok(())
        })?;
        if done != size {
            return Err(SealError::AttachmentMismatch {
                name: name.into(),
                why: format!("read {done} bytes, expected {size}: the file shrank while it was being sealed"),
            });
        }
        let mut extra = [0u8; 1];
        if data.read(&mut extra).map_err(SealError::Io)? != 0 {
            return Err(SealError::AttachmentMismatch {
                name: name.into(),
                why: format!("the file grew while it was being sealed (expected {size} bytes)"),
            });
        }
        self.entries.push(AttachmentEntry { name: name.to_string(), size, sha256: hex::encode(digest) });
        Ok(())
    }

    /// Completes the manifest with the attachment list, signs it and writes it.
    pub fn finish(mut self, mut manifest: Manifest, signer: &SecretIdentity) -> Result<(W, Manifest), SealError> {
        if unb64_32(&manifest.bidder.signing_key) != Some(signer.signing_public()) {
            return Err(SealError::ManifestMismatch("the manifest names a signing key that is not the signer's".into()));
        }
        manifest.attachments = std::mem::take(&mut self.entries);
        let bytes = canonical::to_canonical_vec(&manifest).map_err(|e| SealError::BadPackage(e.to_string()))?;
        if bytes.len() > MAX_MANIFEST {
            return Err(SealError::BadPackage("manifest larger than 4 MiB".into()));
        }
        let sig = signer.sign(MANIFEST_DOMAIN, &bytes);
        self.out.write_all(&[TAG_MANIFEST])?;
        self.out.write_all(&(bytes.len() as u32).to_be_bytes())?;
        self.out.write_all(&bytes)?;
        self.out.write_all(&sig)?;
        Ok((self.out, manifest))
    }
}

/// Where a reader puts attachment bytes. The reader has checked the name.
pub trait AttachmentSink {
    fn create(&mut self, name: &str, size: u64) -> io::Result<Box<dyn Write + '_>>;
}

/// Discards attachment bytes (verification only, and fuzzing).
#[derive(Debug, Default)]
pub struct DiscardSink;

impl AttachmentSink for DiscardSink {
    fn create(&mut self, _: &str, _: u64) -> io::Result<Box<dyn Write + '_>> {
        Ok(Box::new(io::sink()))
    }
}

/// A verified package: its manifest, the exact signed bytes, and the signature.
#[derive(Debug, Clone)]
pub struct OpenedPackage {
    pub manifest: Manifest,
    pub manifest_bytes: Vec<u8>,
    pub signature: [u8; 64],
}

impl OpenedPackage {
    pub fn signature_b64(&self) -> String {
        b64(&self.signature)
    }
}

fn read_exact<R: Read>(r: &mut R, buf: &mut [u8], what: &str) -> Result<(), SealError> {
    r.read_exact(buf).map_err(|e| match SealError::from_io(e) {
        SealError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => SealError::BadPackage(format!("the package ends inside {what}")),
        other => other,
    })
}

/// Reads and verifies a package. `progress` receives the plaintext bytes read.
/// `expected_signer`, when given, must be the manifest's signing key.
pub fn read_package<R: Read>(
    mut r: R,
    sink: &mut dyn AttachmentSink,
    expected_signer: Option<&[u8; 32]>,
    progress: &mut dyn FnMut(u64),
) -> Result<OpenedPackage, SealError> {
    let mut magic = [0u8; 8];
    read_exact(&mut r, &mut magic, "the magic bytes").map_err(|e| match e {
        SealError::BadPackage(_) => SealError::NotAPackage,
        other => other,
    })?;
    if &magic != MAGIC {
        return Err(SealError::NotAPackage);
    }
    let mut seen: Vec<AttachmentEntry> = Vec::new();
    let mut names = HashSet::new();
    let mut total = 8u64;
    loop {
        let mut tag = [0u8; 1];
        read_exact(&mut r, &mut tag, "an entry tag")?;
        match tag[0] {
            TAG_ATTACHMENT => {
                if seen.len() >= MAX_ATTACHMENTS {
                    return Err(SealError::BadPackage(format!("more than {MAX_ATTACHMENTS} attachments")));
                }
                let mut l = [0u8; 2];
                read_exact(&mut r, &mut l, "an attachment name length")?;
                let mut name = vec![0u8; u16::from_be_bytes(l) as usize];
                read_exact(&mut r, &mut name, "an attachment name")?;
                let name = String::from_utf8(name).map_err(|_| SealError::BadPackage("an attachment name is not UTF-8".into()))?;
                check_name(&name)?;
                if !names.insert(attachment_name_key(&name)) {
                    return Err(SealError::DuplicateAttachment(name));
                }
                let mut s = [0u8; 8];
                read_exact(&mut r, &mut s, "an attachment size")?;
                let size = u64::from_be_bytes(s);
                let mut w = sink.create(&name, size)?;
                let (got, digest) = stream_hashed(&mut r, size, &mut |block| {
                    w.write_all(block)?;
                    total += block.len() as u64;
                    progress(total);
                    Ok(())
                })?;
                if got != size {
                    return Err(SealError::BadPackage(format!("the package ends inside attachment '{name}'")));
                }
                w.flush()?;
                drop(w);
                seen.push(AttachmentEntry { name, size, sha256: hex::encode(digest) });
            }
            TAG_MANIFEST => {
                let mut l = [0u8; 4];
                read_exact(&mut r, &mut l, "the manifest length")?;
                let len = u32::from_be_bytes(l) as usize;
                if len > MAX_MANIFEST {
                    return Err(SealError::BadPackage(format!("manifest of {len} bytes exceeds 4 MiB")));
                }
                let mut bytes = vec![0u8; len];
                read_exact(&mut r, &mut bytes, "the manifest")?;
                let mut sig = [0u8; 64];
                read_exact(&mut r, &mut sig, "the manifest signature")?;
                let mut extra = [0u8; 1];
                loop {
                    match r.read(&mut extra) {
                        Ok(0) => break,
                        Ok(_) => {
                            return Err(SealError::BadPackage("data after the manifest".into()));
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(SealError::from_io(e)),
                    }
                }
                let manifest: Manifest =
                    canonical::from_canonical_slice(&bytes).map_err(|e| SealError::BadPackage(format!("manifest: {e}")))?;
                if manifest.format != 1 {
                    return Err(SealError::BadPackage(format!("manifest format {} is not supported", manifest.format)));
                }
                let signer = unb64_32(&manifest.bidder.signing_key)
                    .ok_or_else(|| SealError::BadPackage("manifest signing key is not 32 bytes of base64".into()))?;
                if !verify(&signer, MANIFEST_DOMAIN, &bytes, &sig) {
                    return Err(SealError::BadSignature);
                }
                if let Some(exp) = expected_signer
                    && *exp != signer
                {
                    return Err(SealError::SignerMismatch { expected: b64(exp), got: manifest.bidder.signing_key.clone() });
                }
                if manifest.attachments.len() != seen.len() {
                    return Err(SealError::AttachmentMismatch {
                        name: "(list)".into(),
                        why: format!("the manifest lists {} attachment(s), the package holds {}", manifest.attachments.len(), seen.len()),
                    });
                }
                for (m, s) in manifest.attachments.iter().zip(&seen) {
                    if m != s {
                        let why = if m.name != s.name {
                            format!("the package holds '{}' where the manifest lists it", s.name)
                        } else if m.size != s.size {
                            format!("{} bytes, the manifest says {}", s.size, m.size)
                        } else {
                            "its SHA-256 differs from the signed manifest".into()
                        };
                        return Err(SealError::AttachmentMismatch { name: m.name.clone(), why });
                    }
                }
                return Ok(OpenedPackage { manifest, manifest_bytes: bytes, signature: sig });
            }
            t => return Err(SealError::BadPackage(format!("unknown entry tag {t:#04x}"))),
        }
    }
}

/// Checks that the manifest belongs to the envelope it came in: same tender,
/// tender hash and bidder, and the bidder stanza (if any) is to the manifest's
/// encryption key. This defeats swapping stanzas or payloads between bids.
pub fn check_binding(header: &crate::envelope::Header, m: &Manifest) -> Result<(), SealError> {
    if header.tender != m.tender.id || header.tender_hash != m.tender.hash {
        return Err(SealError::ManifestMismatch(format!(
            "the envelope is for tender {} but the manifest for {}",
            header.tender, m.tender.id
        )));
    }
    if header.bidder != m.bidder.uscc {
        return Err(SealError::ManifestMismatch(format!("the envelope names bidder {} but the manifest {}", header.bidder, m.bidder.uscc)));
    }
    for s in &header.stanzas {
        if let crate::envelope::Stanza::Bidder { recipient, .. } = s
            && *recipient != m.bidder.encryption_key
        {
            return Err(SealError::ManifestMismatch("the bidder stanza is not addressed to the bidder in the manifest".into()));
        }
    }
    Ok(())
}
