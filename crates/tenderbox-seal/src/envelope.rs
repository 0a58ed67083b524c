//! The sealed-bid envelope v1 (docs/spec/envelope-v1.md).
//!
//! ```text
//! envelope = magic(8) || header_len(u32 BE) || header(canonical JSON) || mac(32) || payload
//! ```
//! The header is public (tender, bidder, stanzas); everything else — prices
//! included — is in the payload. A random 32-byte file key per bid version is
//! wrapped once per stanza; the header MAC binds the header to that key.

use crate::committee::{self, CommitteePublicKey};
use crate::entropy::{Entropy, random_array};
use crate::error::SealError;
use crate::primitives::{b64, hkdf32, hmac_sha256, hmac_sha256_verify, unb64, unb64_32, unwrap32, wrap32};
use crate::stream::{StreamReader, StreamWriter};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use tenderbox_core::canonical;
use tenderbox_core::tender::StanzaKind;
use zeroize::Zeroizing;

pub const MAGIC: &[u8; 8] = b"TBXENV\x00\x01";
pub const VERSION: u64 = 1;
/// X25519 / Ristretto255 key agreement, HKDF-SHA-256, AES-256-GCM, HMAC-SHA-256.
pub const SUITE_X25519_AES256GCM: u64 = 1;
/// Reserved for the GM suite (SM2 / SM3 / SM4).
pub const SUITE_GM_RESERVED: u64 = 2;
pub const MAX_HEADER: usize = 64 * 1024;
pub const MAX_STANZAS: usize = 16;

const INFO_X25519: &[u8] = b"tenderbox/v1/x25519";
const INFO_HEADER: &[u8] = b"tenderbox/v1/header";
const INFO_PAYLOAD: &[u8] = b"tenderbox/v1/payload";

/// The per-bid symmetric key. Zeroised on drop.
pub struct FileKey(pub(crate) Zeroizing<[u8; 32]>);

impl std::fmt::Debug for FileKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FileKey(<redacted>)")
    }
}

impl FileKey {
    pub fn generate(e: &dyn Entropy) -> Self {
        FileKey(Zeroizing::new(random_array(e)))
    }
    /// The raw key, for the opening hall (the bidder posts it after the deadline).
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
    pub fn from_bytes(b: &[u8]) -> Result<Self, SealError> {
        let a: [u8; 32] = b.try_into().map_err(|_| SealError::BadKey("a file key is 32 bytes".into()))?;
        Ok(FileKey(Zeroizing::new(a)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Stanza {
    /// X25519 to the bidder's own encryption key.
    Bidder {
        /// The recipient's X25519 public key, base64.
        recipient: String,
        /// Ephemeral X25519 share E, base64.
        share: String,
        /// AES-256-GCM(wrap key, file key), 48 bytes, base64.
        body: String,
    },
    /// To the tender's committee key (Ristretto255).
    Committee {
        /// The committee public key PK, base64.
        committee_key: String,
        /// R = rG, base64.
        share: String,
        body: String,
    },
}

impl Stanza {
    pub fn kind(&self) -> StanzaKind {
        match self {
            Stanza::Bidder { .. } => StanzaKind::Bidder,
            Stanza::Committee { .. } => StanzaKind::Committee,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    pub version: u64,
    pub suite: u64,
    pub tender: String,
    /// Hex SHA-256 of the tender document the bid was sealed against.
    pub tender_hash: String,
    /// The bidder's unified social credit code.
    pub bidder: String,
    /// 16 random bytes, base64: the salt of the payload key.
    pub payload_nonce: String,
    pub stanzas: Vec<Stanza>,
}

/// A parsed header with the exact bytes it came from.
#[derive(Debug, Clone)]
pub struct ParsedHeader {
    pub header: Header,
    /// `magic || header_len || header` — the bytes the MAC covers.
    pub mac_input: Vec<u8>,
    pub mac: [u8; 32],
}

impl ParsedHeader {
    /// Total length of the envelope preamble (everything before the payload).
    pub fn len(&self) -> usize {
        self.mac_input.len() + 32
    }
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// A decoded `committee` stanza.
#[derive(Debug, Clone)]
pub struct CommitteeStanza {
    /// The committee public key PK.
    pub committee_key: [u8; 32],
    /// R = rG: what custodians compute their partial decryptions of.
    pub share: [u8; 32],
    pub body: Vec<u8>,
}

/// Who the bid is sealed to.
#[derive(Debug, Default, Clone, Copy)]
pub struct Recipients<'a> {
    pub bidder: Option<&'a [u8; 32]>,
    pub committee: Option<&'a CommitteePublicKey>,
}

/// Public facts written into the header.
#[derive(Debug, Clone)]
pub struct HeaderFacts {
    pub tender: String,
    pub tender_hash: String,
    pub bidder: String,
}

pub(crate) fn x25519_wrap(
    recipient: &[u8; 32],
    secret: &[u8; 32],
    aad: &[u8],
    info: &[u8],
    ent: &dyn Entropy,
) -> Result<([u8; 32], [u8; 48]), SealError> {
    let eph_bytes = Zeroizing::new(random_array::<32>(ent));
    x25519_wrap_with(recipient, &eph_bytes, secret, aad, info)
}

/// [`x25519_wrap`] with a given ephemeral secret: the DKG derives it so that a
/// dealer can later reveal it to answer a complaint (docs/spec/committee-v1.md).
pub(crate) fn x25519_wrap_with(
    recipient: &[u8; 32],
    eph_secret: &[u8; 32],
    secret: &[u8; 32],
    aad: &[u8],
    info: &[u8],
) -> Result<([u8; 32], [u8; 48]), SealError> {
    let eph = x25519_dalek::StaticSecret::from(*eph_secret);
    let e_pub = x25519_dalek::PublicKey::from(&eph).to_bytes();
    let shared = eph.diffie_hellman(&x25519_dalek::PublicKey::from(*recipient));
    if !shared.was_contributory() {
        return Err(SealError::BadKey("the recipient X25519 key is a low-order point".into()));
    }
    let wk = hkdf32(shared.as_bytes(), &[&e_pub[..], &recipient[..]].concat(), info);
    Ok((e_pub, wrap32(&wk, aad, secret)))
}

pub(crate) fn x25519_unwrap(
    my_secret: &x25519_dalek::StaticSecret,
    e_pub: &[u8; 32],
    aad: &[u8],
    info: &[u8],
    body: &[u8],
) -> Option<Zeroizing<[u8; 32]>> {
    let my_pub = x25519_dalek::PublicKey::from(my_secret).to_bytes();
    let shared = my_secret.diffie_hellman(&x25519_dalek::PublicKey::from(*e_pub));
    if !shared.was_contributory() {
        return None;
    }
    let wk = hkdf32(shared.as_bytes(), &[&e_pub[..], &my_pub[..]].concat(), info);
    unwrap32(&wk, aad, body)
}

/// Writes the envelope preamble to `out` and returns the payload writer; call
/// [`StreamWriter::finish`] after the last byte of the package.
pub fn seal<W: Write>(
    mut out: W,
    facts: &HeaderFacts,
    to: Recipients<'_>,
    ent: &dyn Entropy,
) -> Result<(StreamWriter<W>, Header), SealError> {
    if to.bidder.is_none() && to.committee.is_none() {
        return Err(SealError::MissingStanza("recipient (an envelope needs at least one stanza)"));
    }
    let file_key = FileKey::generate(ent);
    let mut stanzas = Vec::new();
    if let Some(r) = to.bidder {
        let (e, body) = x25519_wrap(r, &file_key.0, b"", INFO_X25519, ent)?;
        stanzas.push(Stanza::Bidder { recipient: b64(r), share: b64(&e), body: b64(&body) });
    }
    if let Some(pk) = to.committee {
        let (share, body) = committee::wrap_to_committee(pk, &file_key.0, ent);
        stanzas.push(Stanza::Committee { committee_key: b64(&pk.to_bytes()), share: b64(&share), body: b64(&body) });
    }
    let nonce: [u8; 16] = random_array(ent);
    let header = Header {
        version: VERSION,
        suite: SUITE_X25519_AES256GCM,
        tender: facts.tender.clone(),
        tender_hash: facts.tender_hash.clone(),
        bidder: facts.bidder.clone(),
        payload_nonce: b64(&nonce),
        stanzas,
    };
    let body = canonical::to_canonical_vec(&header).map_err(|e| SealError::BadHeader(e.to_string()))?;
    if body.len() > MAX_HEADER {
        return Err(SealError::BadHeader("header larger than 64 KiB".into()));
    }
    let mut mac_input = Vec::with_capacity(12 + body.len());
    mac_input.extend_from_slice(MAGIC);
    mac_input.extend_from_slice(&(body.len() as u32).to_be_bytes());
    mac_input.extend_from_slice(&body);
    let mac = hmac_sha256(&header_key(&file_key)[..], &[&mac_input]);
    out.write_all(&mac_input)?;
    out.write_all(&mac)?;
    let pk = payload_key(&file_key, &nonce);
    Ok((StreamWriter::new(&pk, out), header))
}

fn header_key(fk: &FileKey) -> Zeroizing<[u8; 32]> {
    hkdf32(&fk.0[..], b"", INFO_HEADER)
}

fn payload_key(fk: &FileKey, nonce: &[u8; 16]) -> Zeroizing<[u8; 32]> {
    hkdf32(&fk.0[..], nonce, INFO_PAYLOAD)
}

fn read_exact_or<R: Read>(r: &mut R, buf: &mut [u8], short: SealError) -> Result<(), SealError> {
    r.read_exact(buf).map_err(|e| if e.kind() == std::io::ErrorKind::UnexpectedEof { short } else { SealError::Io(e) })
}

/// Reads and strictly validates the preamble; the reader is left at the payload.
pub fn read_header<R: Read>(r: &mut R) -> Result<ParsedHeader, SealError> {
    let mut magic = [0u8; 8];
    read_exact_or(r, &mut magic, SealError::NotAnEnvelope)?;
    if &magic != MAGIC {
        return Err(SealError::NotAnEnvelope);
    }
    let mut len = [0u8; 4];
    read_exact_or(r, &mut len, SealError::BadHeader("file ends inside the header length".into()))?;
    let len = u32::from_be_bytes(len) as usize;
    if len == 0 || len > MAX_HEADER {
        return Err(SealError::BadHeader(format!("header length {len} is outside 1..=65536")));
    }
    let mut mac_input = Vec::with_capacity(12 + len);
    mac_input.extend_from_slice(&magic);
    mac_input.extend_from_slice(&(len as u32).to_be_bytes());
    mac_input.resize(12 + len, 0);
    read_exact_or(r, &mut mac_input[12..], SealError::BadHeader("file ends inside the header".into()))?;
    let mut mac = [0u8; 32];
    read_exact_or(r, &mut mac, SealError::BadHeader("file ends inside the header MAC".into()))?;
    let header = parse_header_body(&mac_input[12..])?;
    Ok(ParsedHeader { header, mac_input, mac })
}

/// Parses the header JSON and checks every structural rule of the spec.
pub fn parse_header_body(body: &[u8]) -> Result<Header, SealError> {
    // Version and suite are checked before the strict parse so an envelope from a
    // newer version gets a precise message.
    let loose: serde_json::Value = serde_json::from_slice(body).map_err(|e| SealError::BadHeader(e.to_string()))?;
    if let Some(v) = loose.get("version").and_then(|v| v.as_u64())
        && v != VERSION
    {
        return Err(SealError::UnsupportedVersion(v));
    }
    if let Some(s) = loose.get("suite").and_then(|v| v.as_u64())
        && s != SUITE_X25519_AES256GCM
    {
        return Err(SealError::UnsupportedSuite(s));
    }
    let header: Header = canonical::from_canonical_slice(body).map_err(|e| SealError::BadHeader(e.to_string()))?;
    if header.stanzas.is_empty() {
        return Err(SealError::BadHeader("no stanzas: the bid is not encrypted to anyone".into()));
    }
    if header.stanzas.len() > MAX_STANZAS {
        return Err(SealError::BadHeader(format!("more than {MAX_STANZAS} stanzas")));
    }
    if unb64(&header.payload_nonce).is_none_or(|n| n.len() != 16) {
        return Err(SealError::BadHeader("payload_nonce is not 16 bytes of base64".into()));
    }
    if header.tender_hash.len() != 64 || hex::decode(&header.tender_hash).is_err() {
        return Err(SealError::BadHeader("tender_hash is not 64 hex digits".into()));
    }
    if header.tender.is_empty() || header.bidder.is_empty() {
        return Err(SealError::BadHeader("tender and bidder must be named".into()));
    }
    for s in &header.stanzas {
        let (a, b, body) = match s {
            Stanza::Bidder { recipient, share, body } => (recipient, share, body),
            Stanza::Committee { committee_key, share, body } => (committee_key, share, body),
        };
        if unb64_32(a).is_none() || unb64_32(b).is_none() || unb64(body).is_none_or(|x| x.len() != 48) {
            return Err(SealError::BadHeader("a stanza has a key that is not 32 bytes or a body that is not 48 bytes".into()));
        }
    }
    Ok(header)
}

impl ParsedHeader {
    pub fn has(&self, kind: StanzaKind) -> bool {
        self.header.stanzas.iter().any(|s| s.kind() == kind)
    }

    /// Checks the stanza kinds a tender requires are all present.
    pub fn require(&self, kinds: &[StanzaKind]) -> Result<(), SealError> {
        for k in kinds {
            if !self.has(*k) {
                return Err(SealError::MissingStanza(match k {
                    StanzaKind::Bidder => "bidder",
                    StanzaKind::Committee => "committee",
                }));
            }
        }
        Ok(())
    }

    /// Unwraps the file key with the bidder's X25519 secret and checks the MAC.
    pub fn unwrap_bidder(&self, me: &crate::identity::SecretIdentity) -> Result<FileKey, SealError> {
        let secret = me.x25519();
        for s in &self.header.stanzas {
            if let Stanza::Bidder { share, body, .. } = s {
                let e = unb64_32(share).ok_or(SealError::NoMatchingStanza)?;
                let body = unb64(body).ok_or(SealError::NoMatchingStanza)?;
                if let Some(k) = x25519_unwrap(&secret, &e, b"", INFO_X25519, &body) {
                    let fk = FileKey(k);
                    self.verify_file_key(&fk)?;
                    return Ok(fk);
                }
            }
        }
        Err(SealError::NoMatchingStanza)
    }

    /// Unwraps the file key from the committee stanza with the combined
    /// decryption share S = x·R (see [`committee::combine`]).
    pub fn unwrap_committee(&self, combined: &committee::CombinedShare) -> Result<FileKey, SealError> {
        let st = self.committee_stanza()?;
        let k = committee::unwrap_with_combined(&st.committee_key, &st.share, &st.body, combined).ok_or(SealError::NoMatchingStanza)?;
        let fk = FileKey(k);
        self.verify_file_key(&fk)?;
        Ok(fk)
    }

    /// The committee stanza, decoded; custodians need its share R for partials.
    pub fn committee_stanza(&self) -> Result<CommitteeStanza, SealError> {
        for s in &self.header.stanzas {
            if let Stanza::Committee { committee_key, share, body } = s {
                return Ok(CommitteeStanza {
                    committee_key: unb64_32(committee_key).ok_or(SealError::NoMatchingStanza)?,
                    share: unb64_32(share).ok_or(SealError::NoMatchingStanza)?,
                    body: unb64(body).ok_or(SealError::NoMatchingStanza)?,
                });
            }
        }
        Err(SealError::MissingStanza("committee"))
    }

    /// A file key posted at opening is checked against the header MAC.
    pub fn verify_file_key(&self, fk: &FileKey) -> Result<(), SealError> {
        if hmac_sha256_verify(&header_key(fk)[..], &self.mac_input, &self.mac) { Ok(()) } else { Err(SealError::HeaderMac) }
    }

    /// The payload reader (call after the preamble has been consumed from `r`).
    pub fn payload<R: Read>(&self, fk: &FileKey, r: R) -> Result<StreamReader<R>, SealError> {
        self.verify_file_key(fk)?;
        let nonce: [u8; 16] = unb64(&self.header.payload_nonce)
            .and_then(|n| n.try_into().ok())
            .ok_or_else(|| SealError::BadHeader("payload_nonce".into()))?;
        Ok(StreamReader::new(&payload_key(fk, &nonce), r))
    }
}
