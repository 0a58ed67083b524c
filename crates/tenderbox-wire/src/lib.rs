//! The Tenderbox HTTP API's bodies, shared by `tenderbox-server` and every client
//! (CLI, desktop) so the two sides can never disagree. Pure serde types: no I/O.
//!
//! Errors from the API are always [`ApiError`] with a stable `code`.

#![forbid(unsafe_code)]

use base64::Engine;
use serde::{Deserialize, Serialize};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::ceremony::{CeremonyParams, CustodianKeys, Outcome};
use tenderbox_seal::identity::PublicIdentity;

/// Every non-2xx response body.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub server_time: Timestamp,
    pub log_size: u64,
    /// The server's checkpoint verifier key (`name+id+base64`).
    pub log_key: String,
    /// A rehearsal platform: its listings and auctions are practice, not sales.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rehearsal: bool,
}

/// A signed checkpoint note of the transparency log (docs/spec/log-v1.md).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointResponse {
    pub size: u64,
    pub note: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofResponse {
    /// Hex SHA-256 hashes.
    pub proof: Vec<String>,
}

/// One log leaf: an event the platform recorded.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub index: u64,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tender: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub body: serde_json::Value,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventsPage {
    pub events: Vec<Event>,
    /// Pass as `after` to get the next page; equal to the last index, or the request's.
    pub next_after: Option<u64>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Bidder,
    Agency,
    Custodian,
    Evaluator,
    Supervisor,
    CentreAdmin,
    /// A bank or insurer issuing electronic bid guarantees (电子保函).
    Guarantor,
    /// The centre's finance office: deposits received and refunded.
    Finance,
}

impl Role {
    pub const ALL: [Role; 8] =
        [Role::Bidder, Role::Agency, Role::Custodian, Role::Evaluator, Role::Supervisor, Role::CentreAdmin, Role::Guarantor, Role::Finance];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Bidder => "bidder",
            Role::Agency => "agency",
            Role::Custodian => "custodian",
            Role::Evaluator => "evaluator",
            Role::Supervisor => "supervisor",
            Role::CentreAdmin => "centre_admin",
            Role::Guarantor => "guarantor",
            Role::Finance => "finance",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub identity: PublicIdentity,
    pub roles: Vec<Role>,
    /// The documents the centre reviews (business licence, letter of authorisation…),
    /// each then uploaded by its SHA-256 to `/v1/identities/{id}/documents/{sha256}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub documents: Vec<RegistrationDocument>,
    /// Base64 Ed25519 signature by the identity over [`registration_documents_message`]
    /// (domain [`REGISTRATION_DOCUMENTS_DOMAIN`]); required when there are documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents_signature: Option<String>,
}

/// Kinds of registration document: 营业执照, 法定代表人授权委托书, 资质证书, other.
pub const REGISTRATION_DOCUMENT_KINDS: [&str; 4] = ["licence", "authorisation", "qualification", "other"];
/// At most this many documents per registration, each at most [`MAX_REGISTRATION_DOCUMENT_BYTES`].
pub const MAX_REGISTRATION_DOCUMENTS: usize = 5;
pub const MAX_REGISTRATION_DOCUMENT_BYTES: u64 = 20 * 1024 * 1024;
pub const REGISTRATION_DOCUMENTS_DOMAIN: &[u8] = b"tenderbox/v1/registration-documents\0";

/// One document a registration declares.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationDocument {
    /// One of [`REGISTRATION_DOCUMENT_KINDS`].
    pub kind: String,
    /// The file name (`营业执照.pdf`).
    pub name: String,
    pub sha256: String,
    pub size: u64,
}

/// A declared document and whether its file has arrived.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRegistrationDocument {
    #[serde(flatten)]
    pub document: RegistrationDocument,
    pub stored: bool,
}

/// What the identity signs for its documents: the identity id and the list, as JSON.
pub fn registration_documents_message(identity_id: &str, documents: &[RegistrationDocument]) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({ "identity": identity_id, "documents": documents })).expect("serialisable")
}

impl RegistrationDocument {
    /// Every problem with the declared document.
    pub fn problem(&self) -> Option<String> {
        if !REGISTRATION_DOCUMENT_KINDS.contains(&self.kind.as_str()) {
            return Some(format!("the document kind must be one of {}", REGISTRATION_DOCUMENT_KINDS.join(", ")));
        }
        if self.name.trim().is_empty() || self.name.chars().count() > 120 || self.name.contains(['/', '\\', '\0']) {
            return Some(format!("'{}' is not a file name (1 to 120 characters, no folders)", self.name));
        }
        if self.sha256.len() != 64 || !self.sha256.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
            return Some("name the file by its SHA-256: 64 lower-case hex digits".into());
        }
        if self.size == 0 || self.size > MAX_REGISTRATION_DOCUMENT_BYTES {
            return Some(format!("'{}' must hold 1 byte to {} MiB", self.name, MAX_REGISTRATION_DOCUMENT_BYTES / 1024 / 1024));
        }
        None
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Pending,
    Approved,
    Rejected,
    /// Replaced by a renewed identity of the same company (USCC) and role.
    Retired,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityRecord {
    /// Stable identity id: hex of the first 16 bytes of SHA-256(signing key).
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub identity: PublicIdentity,
    pub roles: Vec<Role>,
    pub status: RegistrationStatus,
    /// The platform's signature over the identity document and roles, once approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRequest {
    pub identity_id: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeResponse {
    /// Sign `tenderbox/v1/login\n` || challenge with the identity's signing key.
    pub challenge: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub identity_id: String,
    pub challenge: String,
    /// The server origin the client connected to (`scheme://host[:port]`); the
    /// signature covers it, so a login signed for one server cannot be used at
    /// another (a relaying look-alike server, a test server, another platform).
    pub origin: String,
    /// base64 Ed25519 over `LOGIN_DOMAIN || origin || "\n" || challenge`.
    pub signature: String,
}

impl LoginRequest {
    /// The bytes the login signature covers.
    pub fn message(origin: &str, challenge: &str) -> Vec<u8> {
        [origin.as_bytes(), b"\n", challenge.as_bytes()].concat()
    }

    /// A signed login for `challenge` at the server whose base URL is `base`.
    pub fn sign(
        identity_id: &str,
        base: &str,
        challenge: &str,
        secret: &tenderbox_seal::identity::SecretIdentity,
    ) -> Result<Self, Rejected> {
        checked("auth.origin", || -> Result<Self, String> {
            let origin = normalize_origin(base)?;
            let sig = secret.sign(LOGIN_DOMAIN, &Self::message(&origin, challenge));
            Ok(LoginRequest {
                identity_id: identity_id.to_string(),
                challenge: challenge.to_string(),
                origin,
                signature: base64::engine::general_purpose::STANDARD.encode(sig),
            })
        })
    }
}

/// Why something the platform sent does not check out (a certificate, a signature, a
/// proof, a chain): a stable code of the registry (`tenderbox_core::codes`) and the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Rejected {
    pub code: &'static str,
    pub message: String,
}

impl Rejected {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Rejected { code, message: message.into() }
    }
}

/// Runs a check written with reasons as strings, and gives its failure `code`.
fn checked<T>(code: &'static str, check: impl FnOnce() -> Result<T, String>) -> Result<T, Rejected> {
    check().map_err(|m| Rejected::new(code, m))
}

/// Inside a check, a failed sub-check is one more reason.
impl From<Rejected> for String {
    fn from(r: Rejected) -> String {
        r.message
    }
}

/// `scheme://host[:port]` of a URL, lower-cased, default ports dropped.
pub fn normalize_origin(url: &str) -> Result<String, Rejected> {
    checked("auth.origin", || -> Result<String, String> {
        let bad = || format!("'{url}' is not an http(s) server address");
        let (scheme, rest) = url.split_once("://").ok_or_else(bad)?;
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(bad());
        }
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default().to_ascii_lowercase();
        if host.is_empty() || host.contains('@') {
            return Err(bad());
        }
        let host = match (scheme.as_str(), host.rsplit_once(':')) {
            ("http", Some((h, "80"))) | ("https", Some((h, "443"))) if !h.ends_with(']') || h.starts_with('[') => h.to_string(),
            _ => host,
        };
        Ok(format!("{scheme}://{host}"))
    })
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub expires_at: Timestamp,
    pub roles: Vec<Role>,
}

/// Domain string of the login signature.
pub const LOGIN_DOMAIN: &[u8] = b"tenderbox/v1/login\n";
/// base64 Ed25519 over `domain || bytes` (the signed requests below).
fn sign_b64(secret: &tenderbox_seal::identity::SecretIdentity, domain: &[u8], bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(secret.sign(domain, bytes))
}

fn verify_b64(key: &[u8; 32], domain: &[u8], bytes: &[u8], signature: &str) -> bool {
    base64::engine::general_purpose::STANDARD.decode(signature).is_ok_and(|sig| tenderbox_seal::identity::verify(key, domain, bytes, &sig))
}

/// Domain string of a bidder's signed withdrawal.
pub const WITHDRAW_DOMAIN: &[u8] = b"tenderbox/v1/withdraw\n";
/// Domain string of a signed request that the custodians open a bid its bidder
/// cannot decrypt (the committee remedy).
pub const REMEDY_DOMAIN: &[u8] = b"tenderbox/v1/committee-remedy\n";

/// A signed request about one exact submission (its hash and log index): a
/// withdrawal (撤回) before the deadline, signed by the bidder, or a request for
/// the committee remedy in the decryption window, signed by the bidder or by a
/// centre admin on its behalf. The server cannot make one up, it cannot be
/// replayed on another submission, and the log keeps the signature.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidRequest {
    pub tender: String,
    pub sha256: String,
    pub log_index: u64,
    /// base64 Ed25519 over `domain || canonical JSON of the other fields`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

/// The withdrawal request (domain [`WITHDRAW_DOMAIN`]).
pub type WithdrawRequest = BidRequest;

impl BidRequest {
    fn signed_bytes(&self) -> Vec<u8> {
        let mut unsigned = self.clone();
        unsigned.signature.clear();
        tenderbox_core::canonical::to_canonical_vec(&unsigned).expect("serialisable")
    }

    /// A withdrawal signed by `secret`.
    pub fn sign(tender: &str, sha256: &str, log_index: u64, secret: &tenderbox_seal::identity::SecretIdentity) -> Self {
        Self::sign_as(WITHDRAW_DOMAIN, tender, sha256, log_index, secret)
    }

    pub fn sign_as(domain: &[u8], tender: &str, sha256: &str, log_index: u64, secret: &tenderbox_seal::identity::SecretIdentity) -> Self {
        let mut r = BidRequest { tender: tender.into(), sha256: sha256.into(), log_index, signature: String::new() };
        r.signature = sign_b64(secret, domain, &r.signed_bytes());
        r
    }

    /// Checks a withdrawal's signature.
    pub fn verify(&self, signing_key: &[u8; 32]) -> bool {
        self.verify_as(WITHDRAW_DOMAIN, signing_key)
    }

    pub fn verify_as(&self, domain: &[u8], signing_key: &[u8; 32]) -> bool {
        verify_b64(signing_key, domain, &self.signed_bytes(), &self.signature)
    }
}

/// Domain string of a centre admin's signed platform-fault declaration.
pub const PLATFORM_FAULT_DOMAIN: &[u8] = b"tenderbox/v1/platform-fault\n";

/// A centre admin's signed declaration that the platform failed a bidder at the
/// opening (its bid is then deemed withdrawn, 撤回, not revoked). The signature
/// covers the tender, the bid and the reason; the log keeps it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformFault {
    pub tender: String,
    pub sha256: String,
    pub reason: String,
    /// base64 Ed25519 over `PLATFORM_FAULT_DOMAIN || canonical JSON of the other fields`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

impl PlatformFault {
    fn signed_bytes(&self) -> Vec<u8> {
        let mut unsigned = self.clone();
        unsigned.signature.clear();
        tenderbox_core::canonical::to_canonical_vec(&unsigned).expect("serialisable")
    }

    pub fn sign(tender: &str, sha256: &str, reason: &str, secret: &tenderbox_seal::identity::SecretIdentity) -> Self {
        let mut f = PlatformFault { tender: tender.into(), sha256: sha256.into(), reason: reason.into(), signature: String::new() };
        f.signature = sign_b64(secret, PLATFORM_FAULT_DOMAIN, &f.signed_bytes());
        f
    }

    pub fn verify(&self, signing_key: &[u8; 32]) -> bool {
        verify_b64(signing_key, PLATFORM_FAULT_DOMAIN, &self.signed_bytes(), &self.signature)
    }
}

/// Domain string of the audit trail's hash chain.
pub const AUDIT_DOMAIN: &[u8] = b"tenderbox/v1/audit\n";

/// One record of the audit trail (电子招标投标办法: who did what, when, from
/// where), with its link in the hash chain whose head the log holds.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    pub request_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_id: Option<String>,
    pub remote: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    /// `hex SHA-256(AUDIT_DOMAIN || previous chain || canonical JSON of the record
    /// without chain)`; the first record's previous chain is the empty string.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub chain: String,
}

impl AuditRecord {
    /// This record's chain value after `previous`.
    pub fn link(&self, previous: &str) -> String {
        let mut unchained = self.clone();
        unchained.chain.clear();
        let json = tenderbox_core::canonical::to_canonical_vec(&unchained).expect("serialisable");
        hex::encode(tenderbox_core::sha256(&[AUDIT_DOMAIN, previous.as_bytes(), &json[..]].concat()))
    }

    /// Re-computes the chain over consecutive records that follow `previous`;
    /// returns the head, or names the first record that does not hold.
    pub fn verify_chain(records: &[AuditRecord], previous: &str) -> Result<String, Rejected> {
        checked("audit.chain", || -> Result<String, String> {
            let mut head = previous.to_string();
            for (i, r) in records.iter().enumerate() {
                if i > 0 && r.seq != records[i - 1].seq + 1 {
                    return Err(format!("audit record {} is missing", records[i - 1].seq + 1));
                }
                let link = r.link(&head);
                if link != r.chain {
                    return Err(format!("audit record {} does not match its chain: it was changed after it was written", r.seq));
                }
                head = link;
            }
            Ok(head)
        })
    }
}

/// Domain string of the platform's identity certificate.
pub const CERTIFICATE_DOMAIN: &[u8] = b"tenderbox/v1/certificate\n";

/// The stable id of an identity: hex of the first 16 bytes of SHA-256 over its
/// base64 signing key.
pub fn identity_id(signing_key_b64: &str) -> String {
    let d = tenderbox_core::sha256(signing_key_b64.as_bytes());
    d[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Domain string of an agency's signature over a tender document.
pub const TENDER_DOMAIN: &[u8] = b"tenderbox/v1/tender\n";
/// Domain string of the server's signature over a bid receipt.
pub const RECEIPT_DOMAIN: &[u8] = b"tenderbox/v1/receipt\n";

/// Publication or amendment: the document and the agency's signature over
/// `TENDER_DOMAIN || canonical JSON of the document`.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishTender {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub document: tenderbox_core::tender::TenderDocument,
    pub signature: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TenderStatus {
    /// Published, waiting for the custodians' committee key.
    AwaitingCommitteeKey,
    /// Accepting bids until the deadline.
    Open,
    Closed,
    Failed,
    Cancelled,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderSummary {
    pub id: String,
    pub version: u32,
    pub title: String,
    pub centre: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub trading_type: tenderbox_core::tender::TradingType,
    pub status: TenderStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub deadline: Timestamp,
    /// Hex SHA-256 of the current document.
    pub hash: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub published_at: Timestamp,
}

/// A stored tender package file.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderFileStored {
    pub sha256: String,
    pub size: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenderRecord {
    pub summary: TenderSummary,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub document: tenderbox_core::tender::TenderDocument,
    pub agency_signature: String,
    pub agency_id: String,
    /// The platform's certificate of the publishing agency (see [`Certificate`]),
    /// so anyone can check the agency signature without an account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency_certificate: Option<String>,
    /// The platform's certificate of each custodian, in the document's order, so
    /// anyone can check that each custodian's key is that custodian's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custodian_certificates: Vec<String>,
    /// Platform certificates of the supervision system's identities (approved
    /// supervisors), to whom bidders seal their machine fingerprint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supervisor_certificates: Vec<String>,
}

impl TenderRecord {
    /// The committee key ceremony's parameters for `epoch`, from the custodians'
    /// platform certificates: each must be issued by `platform_key` for the
    /// custodian role, name the id the document lists, and carry exactly the
    /// encryption key the document lists (so nobody can slip its own key into
    /// another custodian's seat).
    pub fn ceremony_params(&self, platform_key: &[u8; 32], epoch: u32) -> Result<CeremonyParams, Rejected> {
        checked("committee.unverified", || -> Result<CeremonyParams, String> {
            let d = &self.document;
            if self.custodian_certificates.len() != d.custodians.len() {
                return Err(format!(
                    "the record carries {} custodian certificate(s) for {} custodian(s)",
                    self.custodian_certificates.len(),
                    d.custodians.len()
                ));
            }
            let mut keys = Vec::new();
            for (i, (c, text)) in d.custodians.iter().zip(&self.custodian_certificates).enumerate() {
                let cert = Certificate::parse(text)?;
                cert.verify(platform_key).map_err(|e| format!("custodian {} ({}): {e}", i + 1, c.name))?;
                check_custodian(c, &cert.body).map_err(|e| format!("custodian {} ({}): {e}", i + 1, c.name))?;
                keys.push(CustodianKeys {
                    id: c.id.clone(),
                    signing_key: cert.body.identity.signing_key.clone(),
                    encryption_key: c.encryption_key.clone(),
                });
            }
            CeremonyParams::new(&d.id, epoch, d.threshold, keys).map_err(|e| e.to_string())
        })
    }

    /// The supervision recipients the record names, each certificate checked
    /// against the platform key: approved, a supervisor, its own encryption key.
    pub fn supervisors(&self, platform_key: &[u8; 32]) -> Result<Vec<tenderbox_seal::package::Supervisor>, Rejected> {
        supervisors_from_certificates(&self.supervisor_certificates, platform_key)
    }

    /// Checks that the document is the one the summary's hash names, that the
    /// agency's certificate was issued by the platform key `platform_key` (the
    /// Ed25519 key inside the log verifier key) for an agency, and that the
    /// agency signed exactly this document.
    pub fn verify(&self, platform_key: &[u8; 32]) -> Result<(), Rejected> {
        checked("tender.unverified", || -> Result<(), String> {
            let bytes = self.document.canonical_bytes().map_err(|e| e.to_string())?;
            if hex::encode(tenderbox_core::sha256(&bytes)) != self.summary.hash {
                return Err("the document does not match the tender hash the server states".into());
            }
            let cert = Certificate::parse(self.agency_certificate.as_deref().ok_or("the record carries no agency certificate")?)?;
            cert.verify(platform_key)?;
            if cert.body.id != self.agency_id {
                return Err(format!("the certificate is for identity {}, not the publishing agency {}", cert.body.id, self.agency_id));
            }
            if !cert.body.roles.contains(&Role::Agency) {
                return Err("the publisher's certificate does not grant the agency role".into());
            }
            let key = cert.body.identity.signing_key_bytes().map_err(|e| e.to_string())?;
            let sig = base64::engine::general_purpose::STANDARD
                .decode(&self.agency_signature)
                .map_err(|_| "the agency signature is not base64")?;
            if !tenderbox_seal::identity::verify(&key, TENDER_DOMAIN, &bytes, &sig) {
                return Err("the agency signature does not verify over this document".into());
            }
            Ok(())
        })
    }
}

/// The supervision recipients named by platform certificates `certificates`,
/// each checked against `platform_key`: a supervisor, with its own encryption key.
pub fn supervisors_from_certificates(
    certificates: &[String],
    platform_key: &[u8; 32],
) -> Result<Vec<tenderbox_seal::package::Supervisor>, Rejected> {
    checked("certificate.invalid", || -> Result<Vec<tenderbox_seal::package::Supervisor>, String> {
        certificates
            .iter()
            .map(|text| {
                let cert = Certificate::parse(text)?;
                cert.verify(platform_key).map_err(|e| format!("supervisor certificate: {e}"))?;
                if !cert.body.roles.contains(&Role::Supervisor) {
                    return Err(format!("identity {} is not certified as a supervisor", cert.body.id));
                }
                let encryption_key = cert.body.identity.encryption_key_bytes().map_err(|e| e.to_string())?;
                Ok(tenderbox_seal::package::Supervisor { id: cert.body.id, encryption_key })
            })
            .collect()
    })
}

/// The custodians named by platform certificates (from `GET /v1/custodians`), each
/// checked against `platform_key` and certified for the custodian role, as entries an
/// agency puts in a tender. A certificate that fails is named in the error.
pub fn custodians_from_certificates(
    certificates: &[String],
    platform_key: &[u8; 32],
) -> Result<Vec<(tenderbox_core::tender::Custodian, String)>, Rejected> {
    checked("certificate.invalid", || -> Result<Vec<(tenderbox_core::tender::Custodian, String)>, String> {
        certificates
            .iter()
            .map(|text| {
                let cert = Certificate::parse(text)?;
                cert.verify(platform_key).map_err(|e| format!("custodian certificate {}: {e}", cert.body.id))?;
                if !cert.body.roles.contains(&Role::Custodian) {
                    return Err(format!("identity {} is not certified as a custodian", cert.body.id));
                }
                let i = &cert.body.identity;
                Ok((
                    tenderbox_core::tender::Custodian {
                        name: i.name.clone(),
                        id: cert.body.id.clone(),
                        encryption_key: i.encryption_key.clone(),
                    },
                    i.uscc.as_str().to_string(),
                ))
            })
            .collect()
    })
}

/// Checks one custodian entry of a tender against that custodian's certified
/// identity: the same id, the custodian role, the same encryption key.
pub fn check_custodian(c: &tenderbox_core::tender::Custodian, body: &CertificateBody) -> Result<(), Rejected> {
    checked("tender.custodian", || -> Result<(), String> {
        if body.id != c.id {
            return Err(format!("the certificate is for identity {}, not {}", body.id, c.id));
        }
        if !body.roles.contains(&Role::Custodian) {
            return Err("the identity is not certified as a custodian".into());
        }
        if body.identity.encryption_key != c.encryption_key {
            return Err("the encryption key in the tender is not the custodian's registered key".into());
        }
        Ok(())
    })
}

/// What the platform certifies about an approved identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateBody {
    pub id: String,
    pub identity: PublicIdentity,
    pub roles: Vec<Role>,
    pub approved_at: Timestamp,
}

/// The platform's identity certificate: `{body, signature, key}` where the
/// signature is Ed25519 by `key` over `CERTIFICATE_DOMAIN || canonical JSON of body`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub body: CertificateBody,
    pub signature: String,
    pub key: String,
}

impl Certificate {
    pub fn parse(text: &str) -> Result<Self, Rejected> {
        checked("certificate.invalid", || -> Result<Self, String> {
            serde_json::from_str(text).map_err(|e| format!("the certificate is malformed: {e}"))
        })
    }

    /// Checks the platform signature (by `platform_key`) and that the identity
    /// document inside is self-consistent with its id.
    pub fn verify(&self, platform_key: &[u8; 32]) -> Result<(), Rejected> {
        checked("certificate.invalid", || -> Result<(), String> {
            let b64 = base64::engine::general_purpose::STANDARD;
            if b64.decode(&self.key).ok().as_deref() != Some(&platform_key[..]) {
                return Err("the certificate was issued under another platform key".into());
            }
            let bytes = tenderbox_core::canonical::to_canonical_vec(&self.body).map_err(|e| e.to_string())?;
            let sig = b64.decode(&self.signature).map_err(|_| "the certificate signature is not base64")?;
            if !tenderbox_seal::identity::verify(platform_key, CERTIFICATE_DOMAIN, &bytes, &sig) {
                return Err("the platform's signature on the certificate does not verify".into());
            }
            if identity_id(&self.body.identity.signing_key) != self.body.id {
                return Err("the certificate's id is not the id of its identity".into());
            }
            Ok(())
        })
    }
}

/// The Ed25519 key inside a log verifier key (`name+id+base64(0x01 || key)`).
pub fn verifier_public_key(verifier_key: &str) -> Result<[u8; 32], Rejected> {
    checked("log.key", || -> Result<[u8; 32], String> {
        let raw = verifier_key.splitn(3, '+').nth(2).ok_or("malformed verifier key")?;
        let raw = base64::engine::general_purpose::STANDARD.decode(raw).map_err(|_| "malformed verifier key")?;
        raw.get(1..).and_then(|k| k.try_into().ok()).ok_or_else(|| "malformed verifier key".to_string())
    })
}

/// The fingerprint people compare before trusting a server's log key: the first
/// 16 bytes of SHA-256 over the verifier key text, as eight groups of four hex
/// digits (`3f2a 91c0 …`). The trading centre publishes it; a client shows it at
/// first contact and pins the key only once the user (or configuration) agrees.
pub fn log_key_fingerprint(verifier_key: &str) -> String {
    let d = tenderbox_core::sha256(verifier_key.as_bytes());
    d[..16].chunks(2).map(|c| format!("{:02x}{:02x}", c[0], c[1])).collect::<Vec<_>>().join(" ")
}

/// `text` names the fingerprint of `verifier_key`, ignoring case, spaces and colons.
pub fn fingerprint_matches(verifier_key: &str, text: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| c.is_ascii_hexdigit()).map(|c| c.to_ascii_lowercase()).collect::<String>();
    let want = norm(&log_key_fingerprint(verifier_key));
    text.chars().all(|c| c.is_ascii_hexdigit() || c == ' ' || c == ':') && norm(text) == want
}

/// Domain string of a bidder's signed submission (the start of an upload).
pub const SUBMIT_DOMAIN: &[u8] = b"tenderbox/v1/submit\n";

/// A submission, signed by the bidder: these exact bytes (hash and length) for
/// this tender, replacing exactly the company's active bid named (or none). The
/// server refuses it when the active bid is another, keeps the signature and
/// logs it with the receipt: it cannot submit, replace or resurrect a bid in a
/// bidder's name.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateUpload {
    pub length: u64,
    /// Hex SHA-256 of the whole sealed file.
    pub sha256: String,
    /// Hex SHA-256 of the active bid this one replaces (更正), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// The other members of a consortium (联合体) bidding under this identity, by USCC;
    /// empty for a bid by one company. Each is checked against the credit library.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consortium: Vec<String>,
    /// base64 Ed25519 by the bidder over `SUBMIT_DOMAIN || canonical JSON of
    /// {consortium (when not empty), length, sha256, supersedes, tender}`.
    #[serde(default)]
    pub signature: String,
}

#[derive(Serialize)]
struct SubmitSigned<'a> {
    tender: &'a str,
    length: u64,
    sha256: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    supersedes: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    consortium: &'a [String],
}

impl CreateUpload {
    fn signed_bytes(&self, tender: &str) -> Vec<u8> {
        let s = SubmitSigned {
            tender,
            length: self.length,
            sha256: &self.sha256,
            supersedes: self.supersedes.as_deref(),
            consortium: &self.consortium,
        };
        tenderbox_core::canonical::to_canonical_vec(&s).expect("serialisable")
    }

    /// A submission of `sha256` (`length` bytes) to `tender`, replacing
    /// `supersedes`, signed by `secret`.
    pub fn sign(
        tender: &str,
        sha256: &str,
        length: u64,
        supersedes: Option<&str>,
        secret: &tenderbox_seal::identity::SecretIdentity,
    ) -> Self {
        Self::sign_with_consortium(tender, sha256, length, supersedes, &[], secret)
    }

    /// The same, for a consortium led by `secret`'s company with the other `members`.
    pub fn sign_with_consortium(
        tender: &str,
        sha256: &str,
        length: u64,
        supersedes: Option<&str>,
        members: &[String],
        secret: &tenderbox_seal::identity::SecretIdentity,
    ) -> Self {
        let mut c = CreateUpload {
            length,
            sha256: sha256.into(),
            supersedes: supersedes.map(str::to_string),
            consortium: members.to_vec(),
            signature: String::new(),
        };
        c.signature = sign_b64(secret, SUBMIT_DOMAIN, &c.signed_bytes(tender));
        c
    }

    /// Checks the bidder's signature (its Ed25519 `signing_key`) for `tender`.
    pub fn verify(&self, tender: &str, signing_key: &[u8; 32]) -> bool {
        verify_b64(signing_key, SUBMIT_DOMAIN, &self.signed_bytes(tender), &self.signature)
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadState {
    pub id: String,
    pub tender: String,
    pub length: u64,
    pub offset: u64,
    pub sha256: String,
    /// Largest chunk a PATCH may carry.
    pub max_chunk: u64,
}

/// The body the server signs for a receipt.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptBody {
    pub tender: String,
    /// Hex SHA-256 of the tender document the bid was sealed against.
    pub tender_hash: String,
    pub bidder_id: String,
    pub bidder_uscc: String,
    pub sha256: String,
    pub size: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub server_time: Timestamp,
    pub log_index: u64,
}

/// A signed receipt, with the log evidence to check it offline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub body: ReceiptBody,
    /// base64 Ed25519 over `RECEIPT_DOMAIN || canonical JSON of body`.
    pub signature: String,
    /// Signed checkpoint note that includes `log_index`.
    pub checkpoint: String,
    /// Inclusion proof of the `bid.received` leaf in that checkpoint (hex).
    pub inclusion: Vec<String>,
    /// The leaf itself (canonical JSON).
    pub leaf: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BidStatus {
    Active,
    Superseded,
    Withdrawn,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BidRecord {
    pub tender: String,
    pub sha256: String,
    pub size: u64,
    pub status: BidStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub received_at: Timestamp,
    /// True when the tender was amended after this bid was sealed: the bidder
    /// must review the changes and submit again.
    pub needs_reconfirmation: bool,
    pub receipt: Receipt,
}

/// Refusal body for a late submission: the server's time and the deadline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LateError {
    pub code: String,
    pub message: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub server_time: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub deadline: Timestamp,
}

impl Receipt {
    /// Checks everything a bidder can check offline: the server's signature over
    /// the body (with the key of `verifier_key`, the log's `name+id+key`), the
    /// signed checkpoint, the leaf's content, and its inclusion proof.
    pub fn verify(&self, verifier_key: &str) -> Result<(), Rejected> {
        checked("receipt.invalid", || -> Result<(), String> {
            let key = verifier_public_key(verifier_key)?;
            let body = tenderbox_core::canonical::to_canonical_vec(&self.body).map_err(|e| e.to_string())?;
            let sig = base64::engine::general_purpose::STANDARD.decode(&self.signature).map_err(|_| "signature is not base64")?;
            if !tenderbox_seal::identity::verify(&key, RECEIPT_DOMAIN, &body, &sig) {
                return Err("the receipt signature is not the server's".into());
            }
            let cp = tenderbox_seal::checkpoint::Checkpoint::open(&self.checkpoint, verifier_key).map_err(|e| e.to_string())?;
            let event: Event = serde_json::from_str(&self.leaf).map_err(|e| format!("leaf: {e}"))?;
            if event.index != self.body.log_index
                || event.kind != "bid.received"
                || event.tender.as_deref() != Some(&self.body.tender)
                || event.body["sha256"] != self.body.sha256
            {
                return Err("the log leaf does not record this bid".into());
            }
            let proof: Vec<[u8; 32]> = self
                .inclusion
                .iter()
                .map(|h| {
                    let v: Vec<u8> = (0..h.len()).step_by(2).filter_map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok()).collect();
                    v.try_into().map_err(|_| "proof hash is not 32 bytes".to_string())
                })
                .collect::<Result<_, _>>()?;
            let leaf = tenderbox_seal::merkle::leaf_hash(self.leaf.as_bytes());
            tenderbox_seal::merkle::verify_inclusion(&leaf, self.body.log_index, cp.size, &proof, &cp.root).map_err(|e| e.to_string())
        })
    }
}

/// One opened bid's sealed machine fingerprint, for the supervision system
/// (`GET /v1/tenders/{id}/machines`, supervisors only, after the opening).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MachineEntry {
    pub bidder_uscc: String,
    pub bidder_name: String,
    pub sha256: String,
    /// Absent when the bid carries none (no supervisor at sealing time).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub machine: Option<tenderbox_seal::package::SealedMachine>,
}

/// A clarification question about a tender (招标文件澄清) and, once given, the
/// agency's answer. Nobody but the asker learns who asked: the agency and the
/// other bidders see the question and the answer only.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clarification {
    pub id: String,
    pub tender: String,
    pub question: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub asked_at: Timestamp,
    pub answer: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub answered_at: Option<Timestamp>,
    /// The caller asked it.
    #[serde(default)]
    pub mine: bool,
}

/// A trading rule in the platform's catalogue (交易规则): a law, regulation or local rule
/// with its source, in force from a date (and until one, where it says).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TradingRule {
    pub id: String,
    #[serde(flatten)]
    pub rule: NewRule,
    pub published_by: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub published_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub retired_at: Option<Timestamp>,
    pub retired_reason: Option<String>,
}

/// What a centre admin enters for a rule.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRule {
    /// 《湖州市公共资源交易管理办法》
    pub title: String,
    /// The issuing body (湖州市人民政府).
    pub issuer: String,
    /// 湖政发〔2017〕12号
    pub document_number: String,
    /// `general`, `engineering`, `procurement`, `land_mining` or `property`.
    pub category: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub effective_from: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub effective_to: Option<Timestamp>,
    /// Where the official text is published (http or https).
    pub url: Option<String>,
    pub summary: String,
}

pub const RULE_CATEGORIES: [&str; 5] = ["general", "engineering", "procurement", "land_mining", "property"];

impl NewRule {
    /// Every field that is not right, as (code, field, reason).
    pub fn problems(&self) -> Vec<tenderbox_core::problem::Problem> {
        use tenderbox_core::problem::Problem;
        let mut p = Vec::new();
        for (field, v, max) in [("title", &self.title, 200), ("issuer", &self.issuer, 200), ("document_number", &self.document_number, 100)]
        {
            if v.trim().is_empty() || v.chars().count() > max {
                p.push(Problem::new("rule.field", field, format!("{field} must be 1 to {max} characters")));
            }
        }
        if !RULE_CATEGORIES.contains(&self.category.as_str()) {
            p.push(Problem::new("rule.category", "category", format!("'{}' is not one of {}", self.category, RULE_CATEGORIES.join(", "))));
        }
        if self.effective_to.is_some_and(|to| to <= self.effective_from) {
            p.push(Problem::new("rule.dates", "effective_to", "a rule must end after it starts"));
        }
        if let Some(u) = &self.url
            && !(u.starts_with("https://") || u.starts_with("http://"))
        {
            p.push(Problem::new("rule.url", "url", "the address must start with http:// or https://"));
        }
        if self.summary.chars().count() > 2000 {
            p.push(Problem::new("rule.field", "summary", "the summary is at most 2000 characters"));
        }
        p
    }
}

/// Domain string of the server's signature over an opening record.
pub const OPENING_DOMAIN: &[u8] = b"tenderbox/v1/opening\n";

/// A bidder's file key, posted in the decryption window (不见面开标解密).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostFileKey {
    /// base64 of the 32-byte file key unwrapped locally from the bidder stanza.
    pub file_key: String,
}

/// Outcome of each bid at the opening (电子招标投标办法 Art. 31).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BidOutcome {
    Decrypted,
    /// 撤销: the bidder's fault (did not decrypt in the window).
    Revoked,
    /// 撤回: not the bidder's fault.
    Withdrawn,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningLine {
    pub bidder_uscc: String,
    pub bidder_name: String,
    pub sha256: String,
    pub outcome: BidOutcome,
    /// True when the custodians' quorum opened it because the bidder did not.
    #[serde(default)]
    pub opened_by_committee: bool,
    /// Lots read out (唱标), from the decrypted, signature-checked manifest.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub lots: Vec<tenderbox_seal::package::LotOffer>,
    /// Why a decrypted bid is not read out as it stands (大写 differs from the
    /// figure, above the ceiling, unknown lot, …); empty for a sound bid.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub rejected: Vec<tenderbox_core::problem::Problem>,
}

/// The opening record (开标记录表), signed by the server and logged.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningRecord {
    pub tender: String,
    pub version: u32,
    pub tender_hash: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub opened_at: Timestamp,
    pub bids_at_deadline: u32,
    pub lines: Vec<OpeningLine>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objection {
    pub id: String,
    pub bidder_uscc: String,
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    pub answer: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub answered_at: Option<Timestamp>,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningState {
    pub record: Option<OpeningRecord>,
    /// base64 server signature over `OPENING_DOMAIN || canonical record`.
    pub signature: Option<String>,
    /// USCCs of the bidders signed in to the opening hall (签到).
    #[serde(default)]
    pub signed_in: Vec<String>,
    pub confirmed_by: Vec<String>,
    pub objections: Vec<Objection>,
}

impl OpeningState {
    /// Checks the platform's signature (key `platform_key`) over the opening record.
    pub fn verify_record(&self, platform_key: &[u8; 32]) -> Result<(), Rejected> {
        checked("opening.record_unverified", || -> Result<(), String> {
            let record = self.record.as_ref().ok_or("there is no opening record yet")?;
            let sig = base64::engine::general_purpose::STANDARD
                .decode(self.signature.as_deref().ok_or("the opening record is not signed")?)
                .map_err(|_| "the record signature is not base64")?;
            let bytes = tenderbox_core::canonical::to_canonical_vec(record).map_err(|e| e.to_string())?;
            if tenderbox_seal::identity::verify(platform_key, OPENING_DOMAIN, &bytes, &sig) {
                Ok(())
            } else {
                Err("the platform's signature on the opening record does not verify".into())
            }
        })
    }
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextBody {
    pub text: String,
}

/// The committee key ceremony of a tender, as the server holds it (all public).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeState {
    /// The tender version from which the current custodians and threshold stand.
    pub epoch: u32,
    /// The ceremony id the messages must name.
    pub ceremony: String,
    pub threshold: u32,
    pub custodians: usize,
    /// Every message posted so far: commitments, deals, verdicts, answers.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub transcript: tenderbox_seal::ceremony::Transcript,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub phase: tenderbox_seal::ceremony::Phase,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub complaints: Vec<tenderbox_seal::ceremony::ComplaintStatus>,
    /// Custodians who lost their seat, and why.
    pub disqualified: Vec<(u32, String)>,
    /// Custodians whose deals make the key and whose partials count.
    pub qualified: Vec<u32>,
    /// The aggregated key, once the ceremony is done.
    pub public_key: Option<String>,
}

impl CommitteeState {
    /// Recomputes the ceremony from its signed transcript, with the custodians'
    /// keys taken from their certificates, never from the server's word: the
    /// parameters must give the ceremony id the server states, and the outcome
    /// is whatever the signed messages prove.
    pub fn evaluate(&self, record: &TenderRecord, platform_key: &[u8; 32]) -> Result<(CeremonyParams, Outcome), Rejected> {
        checked("committee.unverified", || -> Result<(CeremonyParams, Outcome), String> {
            let params = record.ceremony_params(platform_key, self.epoch)?;
            if params.id() != self.ceremony {
                return Err("the server's ceremony id is not the one the tender's custodians and threshold give".into());
            }
            let outcome = tenderbox_seal::ceremony::evaluate(&params, &self.transcript).map_err(|e| e.to_string())?;
            Ok((params, outcome))
        })
    }

    /// Checks that the committee key in `record`'s document is the one this
    /// transcript makes (a bidder's client does this before sealing to it).
    pub fn check_key(&self, record: &TenderRecord, platform_key: &[u8; 32]) -> Result<Outcome, Rejected> {
        checked("committee.key_mismatch", || -> Result<Outcome, String> {
            let (_, outcome) = self.evaluate(record, platform_key)?;
            let made = outcome.key.as_ref().map(|k| k.public_key.to_base64());
            match (&record.document.committee_public_key, made) {
                (Some(doc), Some(made)) if *doc == made => Ok(outcome),
                (Some(_), Some(_)) => Err("the committee key in the tender is not the one the custodians' signed deals make".into()),
                (Some(_), None) => {
                    Err(format!("the tender names a committee key, but the custodians' ceremony is not finished ({:?})", outcome.phase))
                }
                (None, _) => Err("the tender names no committee key".into()),
            }
        })
    }
}

/// What a custodian needs to compute partial decryptions after the deadline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeStanzaInfo {
    pub sha256: String,
    /// base64 R of the bid's committee stanza.
    pub share: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostPartial {
    pub sha256: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub partial: tenderbox_seal::committee::PartialDecryption,
}

#[cfg(test)]
mod vectors {
    //! docs/spec/vectors/requests-v1.json: the login, submission, withdrawal and platform-fault
    //! signatures of docs/spec/identity-v1.md, from a fixed key (Ed25519 is
    //! deterministic). Regenerate with TENDERBOX_WRITE_VECTORS=1 only for a
    //! deliberate format change.
    use super::*;
    use tenderbox_seal::identity::SecretIdentity;

    #[test]
    fn signed_requests_match_the_vectors() {
        let secret = SecretIdentity::from_bytes(&[7u8; 64]).unwrap();
        let public = base64::engine::general_purpose::STANDARD.encode(secret.signing_public());
        let id = identity_id(&public);
        let login = LoginRequest::sign(&id, "HTTPS://GGZY.Huzhou.gov.cn:443/v1", "c0ffee00", &secret).unwrap();
        assert_eq!(login.origin, "https://ggzy.huzhou.gov.cn");
        let withdraw = WithdrawRequest::sign("HZ-GC-2026-0417", &"ab".repeat(32), 42, &secret);
        let fault = PlatformFault::sign("HZ-GC-2026-0417", &"cd".repeat(32), "解密服务 10:02–10:31 不可用", &secret);
        let remedy = BidRequest::sign_as(REMEDY_DOMAIN, "HZ-GC-2026-0417", &"ef".repeat(32), 7, &secret);
        let submit = CreateUpload::sign("HZ-GC-2026-0417", &"12".repeat(32), 1_048_576, Some(&"ab".repeat(32)), &secret);
        let fresh = serde_json::json!({
            "description": "Signed requests of identity-v1.md by the identity whose 64-byte secret is 0x07 repeated.",
            "signing_key": public,
            "login": login,
            "login_message_hex": hex::encode([LOGIN_DOMAIN, &LoginRequest::message(&login.origin, &login.challenge)[..]].concat()),
            "withdraw": withdraw,
            "platform_fault": fault,
            "committee_remedy": remedy,
            "submit": submit,
        });
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors/requests-v1.json");
        if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
            std::fs::write(&path, serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
        }
        let stored: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(stored, fresh, "the signed request formats are no longer as specified");
        let key = secret.signing_public();
        let w: WithdrawRequest = serde_json::from_value(stored["withdraw"].clone()).unwrap();
        assert!(w.verify(&key));
        assert!(!WithdrawRequest { log_index: 43, ..w }.verify(&key));
        let r: BidRequest = serde_json::from_value(stored["committee_remedy"].clone()).unwrap();
        assert!(r.verify_as(REMEDY_DOMAIN, &key) && !r.verify(&key), "a remedy request is not a withdrawal");
        let c: CreateUpload = serde_json::from_value(stored["submit"].clone()).unwrap();
        assert!(c.verify("HZ-GC-2026-0417", &key));
        assert!(!c.verify("HZ-GC-2026-0418", &key), "a submission is bound to its tender");
        assert!(!CreateUpload { supersedes: None, ..c }.verify("HZ-GC-2026-0417", &key), "and to the bid it replaces");
        let f: PlatformFault = serde_json::from_value(stored["platform_fault"].clone()).unwrap();
        assert!(f.verify(&key));
        assert!(!PlatformFault { reason: "另一个理由".into(), ..f }.verify(&key));
        let l: LoginRequest = serde_json::from_value(stored["login"].clone()).unwrap();
        let sig = base64::engine::general_purpose::STANDARD.decode(&l.signature).unwrap();
        assert!(tenderbox_seal::identity::verify(&key, LOGIN_DOMAIN, &LoginRequest::message(&l.origin, &l.challenge), &sig));
        assert!(!tenderbox_seal::identity::verify(&key, LOGIN_DOMAIN, &LoginRequest::message("http://127.0.0.1:8080", &l.challenge), &sig));
    }

    #[test]
    fn origins_are_normalised() {
        assert_eq!(normalize_origin("http://127.0.0.1:8080/").unwrap(), "http://127.0.0.1:8080");
        assert_eq!(normalize_origin("http://LOCALHOST:80").unwrap(), "http://localhost");
        assert_eq!(normalize_origin("https://[::1]:443/x").unwrap(), "https://[::1]");
        assert!(normalize_origin("ftp://x").is_err());
        assert!(normalize_origin("https://user@evil").is_err());
        assert!(normalize_origin("127.0.0.1:8080").is_err());
    }

    #[test]
    fn failed_checks_carry_a_registered_code() {
        assert_eq!(normalize_origin("ftp://x").unwrap_err().code, "auth.origin");
        assert_eq!(verifier_public_key("not a key").unwrap_err().code, "log.key");
        assert_eq!(Certificate::parse("{}").unwrap_err().code, "certificate.invalid");
        let cert = Certificate {
            body: CertificateBody {
                id: "x".into(),
                identity: tenderbox_seal::identity::PublicIdentity::new(
                    &tenderbox_seal::identity::SecretIdentity::generate(&tenderbox_seal::DeterministicEntropy::new(b"w")),
                    "湖州建工集团有限公司",
                    tenderbox_core::uscc::Uscc::parse("9135021359498494XQ").unwrap(),
                    tenderbox_core::time::Timestamp::from_unix(0),
                )
                .unwrap(),
                roles: vec![Role::Bidder],
                approved_at: tenderbox_core::time::Timestamp::from_unix(0),
            },
            signature: String::new(),
            key: String::new(),
        };
        let e = cert.verify(&[7u8; 32]).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), ("certificate.invalid", "the certificate was issued under another platform key"));
        for code in [
            "auth.origin",
            "log.key",
            "certificate.invalid",
            "audit.chain",
            "committee.unverified",
            "committee.key_mismatch",
            "tender.custodian",
            "opening.record_unverified",
            "tender.unverified",
            "receipt.invalid",
        ] {
            assert!(tenderbox_core::codes::Code::ALL.iter().any(|c| c.as_str() == code), "{code} has no wording");
        }
    }
}

/// Platforms a desktop release is built for, as `<os>-<arch>` in the Tauri updater's words.
pub const RELEASE_TARGETS: [&str; 5] = ["linux-x86_64", "linux-aarch64", "windows-x86_64", "darwin-x86_64", "darwin-aarch64"];
/// Installer kinds, as the Tauri updater names the bundle it was installed from.
pub const RELEASE_BUNDLES: [&str; 6] = ["deb", "rpm", "appimage", "msi", "nsis", "app"];

/// A desktop release the platform's release manager publishes: one installer of one
/// version for one platform, with its update signature (`docs/spec/update-signature-v1.md`).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRelease {
    /// Semantic version, `0.2.0`.
    pub version: String,
    /// One of [`RELEASE_TARGETS`].
    pub target: String,
    /// One of [`RELEASE_BUNDLES`].
    pub bundle: String,
    /// The installer's file name (`Tenderbox_0.2.0_amd64.deb`).
    pub file_name: String,
    /// SHA-256 of the installer, stored first with `PUT /v1/release-files/{sha256}`.
    pub sha256: String,
    pub size: u64,
    /// Base64 of the signature file, as the update manifest carries it.
    pub signature: String,
    /// What changed, shown to users before they install.
    pub notes: String,
}

impl NewRelease {
    /// Every field that is not right.
    pub fn problems(&self) -> Vec<tenderbox_core::problem::Problem> {
        use tenderbox_core::problem::Problem;
        let mut p = Vec::new();
        if parse_version(&self.version).is_none() {
            p.push(Problem::new("release.version", "version", format!("'{}' is not a version like 1.2.3", self.version)));
        }
        if !RELEASE_TARGETS.contains(&self.target.as_str()) {
            p.push(Problem::new("release.target", "target", format!("the platform must be one of {}", RELEASE_TARGETS.join(", "))));
        }
        if !RELEASE_BUNDLES.contains(&self.bundle.as_str()) {
            p.push(Problem::new("release.target", "bundle", format!("the package kind must be one of {}", RELEASE_BUNDLES.join(", "))));
        }
        let name_ok = !self.file_name.is_empty()
            && self.file_name.len() <= 200
            && self.file_name.chars().all(|c| c.is_ascii_alphanumeric() || "._-+~".contains(c))
            && !self.file_name.starts_with('.');
        if !name_ok {
            p.push(Problem::new("release.target", "file_name", "the file name must be 1 to 200 letters, digits and . _ - + ~"));
        }
        if self.notes.trim().is_empty() || self.notes.chars().count() > 4000 {
            p.push(Problem::new("release.version", "notes", "say what changed, in at most 4000 characters"));
        }
        p
    }
}

/// A published release.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Release {
    pub id: String,
    #[serde(flatten)]
    pub release: NewRelease,
    pub published_by: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub published_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub withdrawn_at: Option<Timestamp>,
    pub withdrawn_reason: Option<String>,
}

/// The update manifest the Tauri updater reads (its "dynamic server" form); answered by
/// `GET /v1/updates/{target}/{arch}/{bundle}/{current_version}` when a newer release exists.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateManifest {
    pub version: String,
    pub notes: String,
    /// RFC 3339.
    pub pub_date: String,
    /// Where to download the installer.
    pub url: String,
    /// Base64 of the signature file.
    pub signature: String,
    /// The installer's name, SHA-256 and size (the updater ignores them; the app shows them).
    pub file_name: String,
    pub sha256: String,
    pub size: u64,
    /// The release id, for the log event that published it.
    pub release: String,
}

/// A semantic version (a leading `v` allowed).
pub fn parse_version(v: &str) -> Option<semver::Version> {
    semver::Version::parse(v.trim().trim_start_matches('v')).ok()
}

/// An expert of the library as the centre sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertRecord {
    #[serde(flatten)]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub profile: tenderbox_core::expert_library::ExpertRow,
    /// `active`, `suspended` or `removed`.
    pub status: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub suspended_until: Option<Timestamp>,
    pub status_reason: Option<String>,
    /// Beijing dates (`YYYY-MM-DD`) the expert cannot serve.
    pub unavailable: Vec<String>,
    /// The evaluator identity linked to this entry (the expert signs in with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// Ratings received after evaluations, and their average over the three criteria
    /// (exact, to two decimals, half up), when there are any.
    #[serde(default)]
    pub ratings: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_average: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: Timestamp,
}

/// A centre admin changes an expert's standing: `active` (reinstated), `suspended`
/// (until a date) or `removed`, always with the reason.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertStatusChange {
    pub status: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub until: Option<Timestamp>,
    pub reason: String,
}

/// What an import took.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertImportReport {
    pub imported: u32,
    pub codes: Vec<String>,
}

/// The days an expert cannot serve (replacing the list).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertAvailability {
    pub unavailable: Vec<String>,
}

/// A venue of the evaluation (评标场地): the centre whose room the members sit in. For
/// remote off-site evaluation (远程异地评标) one venue is the main one and the others are
/// sub-venues; each draws from its own centre's experts.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawVenue {
    /// Centre code (`HZ`, `HZ-DQ`, …).
    pub centre: String,
    pub main: bool,
    /// The room, as the members will be told (`第三评标室`).
    pub room: String,
}

/// Experts of one specialty to draw for one venue.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawGroup {
    pub venue: String,
    pub specialty: String,
    pub count: u32,
}

/// An expert the tender names for exclusion, with the reason (logged).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawExclusion {
    pub code: String,
    pub reason: String,
}

/// A request for an evaluation committee.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRequest {
    pub tender: String,
    /// The lot, or none for the whole tender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// Members in all (experts and the tenderer's representatives).
    pub size: u32,
    #[serde(default)]
    pub tenderer_representatives: u32,
    pub venues: Vec<DrawVenue>,
    pub groups: Vec<DrawGroup>,
    /// Reserve experts per group (0–2).
    #[serde(default)]
    pub reserves_per_group: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub evaluation_start: Timestamp,
    /// Minutes a drawn expert has to accept or decline.
    pub answer_minutes: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded: Vec<DrawExclusion>,
}

/// The supervisor's contribution to a draw's seed: 1–256 bytes, hex (typed text as its
/// UTF-8 bytes, or random bytes made on the supervisor's desktop).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawEntropy {
    pub entropy_hex: String,
}

/// One group of a round: what was logged for it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawGroupOutcome {
    /// `venue:specialty`, with `/reserve` for reserves.
    pub group: String,
    pub wanted: u32,
    /// Keyed pool hash (hex).
    pub pool_hash: String,
}

/// A group that could not be filled.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawShortfall {
    pub group: String,
    pub wanted: u32,
    pub available: u32,
}

/// One round of a draw (0: the draw; 1, 2, …: supplementary draws 补抽).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRound {
    pub round: u32,
    /// `initial`, `declined`, `expired` or `conflict`.
    pub reason: String,
    /// Log index of the event that started the round (its checkpoint is the log before it).
    pub trigger_index: u64,
    pub checkpoint_size: u64,
    pub checkpoint_root: String,
    /// The log's signed note for that size.
    pub checkpoint_note: String,
    pub groups: Vec<DrawGroupOutcome>,
    /// Keyed commitment to the picks (hex); none when the round failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_hash: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shortfall: Vec<DrawShortfall>,
    /// Log index of the round's own event.
    pub log_index: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

/// A drawn expert's seat (names shown only to the drawing centre before the reveal).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawSeat {
    pub id: String,
    pub round: u32,
    pub group: String,
    pub venue: String,
    pub specialty: String,
    pub reserve: bool,
    pub expert: String,
    pub name: String,
    pub employer_name: String,
    /// `invited`, `accepted`, `declined`, `expired` or `conflict`.
    pub state: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub answer_by: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub answered_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One candidate of a revealed pool.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawCandidate {
    pub id: String,
    pub employer: String,
}

/// The pool one group of one round drew from.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawPool {
    pub round: u32,
    pub group: String,
    pub candidates: Vec<DrawCandidate>,
}

/// An expert the avoidance rules took out of a round, with the rule's code.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawAvoided {
    pub round: u32,
    pub expert: String,
    pub rule: String,
}

/// What the reveal makes public: the secret, every pool, who stood aside and why.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawReveal {
    pub secret: String,
    pub pools: Vec<DrawPool>,
    pub avoided: Vec<DrawAvoided>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub revealed_at: Timestamp,
    pub log_index: u64,
}

/// A draw as the caller may see it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawRecord {
    pub id: String,
    pub tender_title: String,
    pub centre: String,
    pub requested_by: String,
    pub request: DrawRequest,
    pub commitment: String,
    pub commit_index: u64,
    /// `committed` (waiting for the supervisor), `drawn`, `failed` or `revealed`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entropy_hex: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supervisor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entropy_index: Option<u64>,
    pub rounds: Vec<DrawRound>,
    /// Whether `seats` carries names (the drawing centre, or after the reveal).
    pub names_visible: bool,
    pub seats: Vec<DrawSeat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reveal: Option<DrawReveal>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// A drawn expert's invitation, as the expert sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub seat: String,
    pub draw: String,
    pub tender: String,
    pub tender_title: String,
    pub venue: String,
    pub room: String,
    pub main_venue: bool,
    pub specialty: String,
    pub reserve: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub evaluation_start: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub answer_by: Timestamp,
    pub state: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An expert's answer to an invitation; a decline needs its reason.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationAnswer {
    pub accept: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A centre's draw settings: at most `max_draws` draws of one expert in `window_days`
/// days; not within `same_tenderer_days` of an evaluation for the same tenderer (0: no
/// limit); may a tender's agency request its committee.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrawSettings {
    pub centre: String,
    pub max_draws: u32,
    pub window_days: u32,
    pub same_tenderer_days: u32,
    pub agency_may_request: bool,
}

/// Links an approved evaluator identity to its library entry.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertLink {
    pub identity: String,
}

/// A rating of an expert who sat on a committee (1–5 each; a note is required when any
/// score is 2 or less).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateExpert {
    pub expert: String,
    pub punctuality: u8,
    pub diligence: u8,
    pub fairness: u8,
    #[serde(default)]
    pub note: String,
}

/// A kept rating.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpertRating {
    pub draw: String,
    pub tender: String,
    pub expert: String,
    pub rater: String,
    /// `agency` or `supervisor`.
    pub rater_role: String,
    pub punctuality: u8,
    pub diligence: u8,
    pub fairness: u8,
    pub note: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
}

/// A committee member in the evaluation session.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationMember {
    pub seat: String,
    pub expert: String,
    pub name: String,
    pub employer_name: String,
    pub venue: String,
    pub main_venue: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub signed_in_at: Timestamp,
    /// `pending`, `none` (no conflict with any bidder) or `conflict`.
    pub declaration: String,
    /// Declared a conflict: left the committee, their work void, replaced by a supplementary draw.
    pub void: bool,
    /// Votes received for chair.
    pub votes: u32,
    /// The tenderer's representative (not a drawn expert).
    #[serde(default)]
    pub representative: bool,
}

/// A bidder the committee evaluates (from the opening record).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationBidder {
    pub uscc: String,
    pub name: String,
    pub outcome: BidOutcome,
}

/// The evaluation session as a member, a centre admin or a supervisor sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationState {
    pub tender: String,
    pub draw: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub evaluation_start: Timestamp,
    /// Experts the committee needs (the size less the tenderer's representatives).
    pub committee_experts: u32,
    /// Members in all: the experts and the tenderer's representatives.
    #[serde(default)]
    pub committee_size: u32,
    pub members: Vec<EvaluationMember>,
    pub chair: Option<String>,
    /// Members who said the time is too short.
    pub time_requests: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub extended_to: Option<Timestamp>,
    pub extension_reason: Option<String>,
    pub bidders: Vec<EvaluationBidder>,
    /// The caller's own seat, when the caller is a member.
    pub me: Option<String>,
}

/// A member's declaration: the bidders (USCC) they have a conflict with; empty: none.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictDeclaration {
    pub conflicts: Vec<String>,
}

/// A vote for the chair (a member's seat).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChairVote {
    pub candidate: String,
}

/// A member says the time is too short, or the centre extends it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRequest {
    pub reason: String,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationExtension {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub until: Timestamp,
    pub reason: String,
}

/// A bid as a committee member downloads it: the sealed file's hash and size, the bidder
/// with its platform certificate (to check the bidder's signature), and the file key
/// wrapped to this member (docs/spec/member-key-v1.md).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationBid {
    pub bid_sha256: String,
    pub size: u64,
    pub bidder_uscc: String,
    pub bidder_name: String,
    /// The platform's certificate of the bidder's identity (JSON).
    pub bidder_certificate: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub member_key: tenderbox_seal::member_key::MemberKey,
}

/// A bid in the committee's review: the bidder, the lots it offers (with the prices read
/// out), and the items it is reviewed against.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewBid {
    pub bidder_uscc: String,
    pub bidder_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub lots: Vec<tenderbox_seal::package::LotOffer>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub items: Vec<tenderbox_core::evaluation::ReviewItem>,
}

/// A bid admitted to a lot's scoring after the review.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdmittedBid {
    pub bidder_uscc: String,
    pub bidder_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub price: tenderbox_core::Decimal,
}

/// A member's reason for a score that deviates from the others'.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviationReason {
    pub seat: String,
    pub bidder: String,
    pub reason: String,
}

/// One lot's scoring as the caller may see it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotWork {
    pub lot: String,
    pub name: String,
    pub admitted: Vec<AdmittedBid>,
    /// Seats whose sheet for this lot is in.
    pub submitted: Vec<String>,
    /// The sheets the caller may read: their own, and the others' once theirs is in.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub sheets: Vec<tenderbox_seal::signed::SignedDoc<tenderbox_core::evaluation::ScoreSheet>>,
    /// What stops the lot's evaluation (objective scores that differ).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub problems: Vec<tenderbox_core::problem::Problem>,
    /// Once every sheet is in: the lot's evaluation.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub evaluation: Option<tenderbox_core::evaluation::LotEvaluation>,
    pub deviation_reasons: Vec<DeviationReason>,
}

/// The committee's question to a bidder (澄清) and the bidder's signed answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitteeQuestion {
    pub id: String,
    pub tender: String,
    pub bidder_uscc: String,
    pub question: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub asked_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub due_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub answer: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::evaluation::ClarificationAnswer>>,
    /// When the platform received the answer.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub answered_at: Option<Timestamp>,
}

/// The chair asks a bidder to clarify, with the time the answer is due.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AskBidder {
    pub bidder_uscc: String,
    pub question: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub due_at: Timestamp,
}

/// The report's state: its hashes, who signed, whether it is final.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportState {
    pub report_sha256: String,
    pub pdf_sha256: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub generated_at: Timestamp,
    pub signed: Vec<String>,
    pub dissents: u32,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub final_at: Option<Timestamp>,
}

/// The committee's work after the session: the review, each lot's scoring, the questions
/// to bidders, the awards and the report, as the caller may see them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationWork {
    pub tender: String,
    /// "comprehensive" or "lowest_evaluated_price".
    pub method: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub criteria: Vec<tenderbox_core::tender::Criterion>,
    /// The members whose work counts (signed in, no conflict), by seat.
    pub members: Vec<String>,
    pub me: Option<String>,
    pub chair: Option<String>,
    pub bids: Vec<ReviewBid>,
    /// Bids the opening did not read out, with the reason.
    pub rejected_at_opening: Vec<RejectedBid>,
    pub reviews_submitted: Vec<String>,
    /// The review sheets the caller may read: their own, and the others' once theirs is in.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub reviews: Vec<tenderbox_seal::signed::SignedDoc<tenderbox_core::evaluation::ReviewSheet>>,
    /// Once every member's review is in: the committee's conclusion per bid.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<Object>>))]
    pub conclusion: Option<Vec<tenderbox_core::evaluation::BidReview>>,
    pub lots: Vec<LotWork>,
    pub questions: Vec<CommitteeQuestion>,
    /// Ties decided by the tender's stated procedure, recorded by the chair.
    pub tie_decisions: Vec<TieDecision>,
    /// Once every lot is evaluated: the awards and candidates in the tender's lot order.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub awards: Option<tenderbox_core::evaluation::Awards>,
    pub report: Option<ReportState>,
    /// The credit checks of the bidders at the deadline and, once the committee is
    /// complete, at the evaluation (that one counts: a barred bidder fails qualification).
    #[serde(default)]
    pub credit: Vec<CreditCheck>,
}

/// A bid out of the evaluation, with the reason carried to the result.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedBid {
    pub bidder_uscc: String,
    pub bidder_name: String,
    pub reason: String,
}

/// A member's reason for a deviating score.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviationNote {
    pub bidder: String,
    pub reason: String,
}

/// A member of the committee as the report names them.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportMember {
    pub seat: String,
    pub expert: String,
    pub name: String,
    pub employer_name: String,
    /// The venue's centre code and whether it is the main venue.
    pub venue: String,
    pub main_venue: bool,
    pub chair: bool,
}

/// A bidder named in the report.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportBidder {
    pub uscc: String,
    pub name: String,
}

/// One lot in the report: its evaluation and the reasons for deviating scores.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportLot {
    pub lot: String,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub evaluation: tenderbox_core::evaluation::LotEvaluation,
    pub deviation_reasons: Vec<DeviationReason>,
}

/// The evaluation report (评标报告) as data: drawn up from the stored, signed sheets when
/// the work is complete; every member signs the SHA-256 of its canonical JSON and of its
/// PDF (docs/spec/evaluation-v1.md).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationReport {
    pub format: u32,
    pub tender: String,
    pub title: String,
    /// Hex SHA-256 of the tender document's canonical JSON (the version evaluated).
    pub tender_sha256: String,
    pub tender_version: u32,
    pub tenderer: String,
    pub agency: Option<String>,
    /// "comprehensive" or "lowest_evaluated_price".
    pub method: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub criteria: Vec<tenderbox_core::tender::Criterion>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub opened_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub evaluation_start: Timestamp,
    pub committee: Vec<ReportMember>,
    pub bidders: Vec<ReportBidder>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub review: Vec<tenderbox_core::evaluation::BidReview>,
    /// Every bid out of the evaluation (at the opening or the review), with the reason.
    pub rejected: Vec<RejectedBid>,
    pub questions: Vec<CommitteeQuestion>,
    pub lots: Vec<ReportLot>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tie_decisions: Vec<TieDecision>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub awards: tenderbox_core::evaluation::Awards,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub generated_at: Timestamp,
}

/// The report with its state and the members' signatures.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    pub report: EvaluationReport,
    pub state: ReportState,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub signatures: Vec<tenderbox_seal::signed::SignedDoc<tenderbox_core::evaluation::ReportSignature>>,
}

/// The agency publishes the candidates for `days` calendar days (at least 3).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartPublicity {
    pub days: u32,
}

/// A candidate as published.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultCandidate {
    pub lot: String,
    pub place: u32,
    pub bidder_uscc: String,
    pub bidder_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub price: tenderbox_core::Decimal,
    /// The committee's total (comprehensive) or the evaluated price.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub total: tenderbox_core::Decimal,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultLot {
    pub lot: String,
    pub name: String,
    pub candidates: Vec<ResultCandidate>,
    /// The lot's evaluation; each member's score per bid only where the result publishes
    /// them (government procurement), otherwise the committee's aggregates.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub evaluation: tenderbox_core::evaluation::LotEvaluation,
}

/// An objection as the public sees it: when, and whether it is answered.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectionView {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The objector and the texts: for the objector, the agency, centre admins and supervisors.
    pub bidder_uscc: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub objection: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::evaluation::ObjectionText>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub answer: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::evaluation::ObjectionText>>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub answered_at: Option<Timestamp>,
}

/// The published result of a tender: candidates during publicity (中标候选人公示), then the
/// awards (中标结果公告), with every bid out of the evaluation and its reason.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedResult {
    pub tender: String,
    pub title: String,
    /// "publicity", "suspended" (an objection awaits its answer), "publicity_over", "awarded".
    pub status: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub published_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub publicity_until: Timestamp,
    /// True when each member's score per bid is published (government procurement).
    pub member_scores: bool,
    /// The committee, by name, published with the result.
    pub committee: Vec<String>,
    pub lots: Vec<ResultLot>,
    pub rejected: Vec<RejectedBid>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub awards: Vec<tenderbox_core::scoring::LotAward>,
    /// Ties decided by the tender's stated procedure (recomputation applies them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tie_decisions: Vec<TieDecision>,
    pub objections: Vec<ObjectionView>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub awarded_at: Option<Timestamp>,
    /// SHA-256 of the signed evaluation report this result comes from.
    pub report_sha256: String,
}

/// The award notice (中标通知书) to a winner, or the result notice to another bidder,
/// signed by the platform (docs/spec/evaluation-v1.md).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultNotice {
    pub tender: String,
    pub title: String,
    pub bidder_uscc: String,
    pub bidder_name: String,
    /// "award" or "result".
    pub kind: String,
    /// Lots won, with the price.
    pub lots: Vec<ResultCandidate>,
    /// For a bidder who did not win: why (its rank, or the reason its bid was out).
    pub reasons: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub issued_at: Timestamp,
    /// base64 Ed25519 by the platform's log key over `tenderbox/v1/result-notice\n || canonical JSON` of the other fields.
    pub signature: String,
}

/// The recorded decision of a tie the tender's tie-breaks leave open (e.g. lots drawn
/// before the supervisor): the lot, the bidder it goes to, how it was decided.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TieDecision {
    pub lot: String,
    pub bidder: String,
    pub how: String,
}

/// The agency appoints one of the tenderer's registered people as its representative on
/// the committee.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointRepresentative {
    pub identity: String,
}

/// A record of the credit library as supervisors and the subject see it: the signed entry,
/// its state and history.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRecordView {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub entry: tenderbox_core::credit::CreditEntry,
    /// `active`, `revoked` or `corrected`.
    pub status: String,
    /// `entry` (signed one by one) or the id of the import it came in.
    pub origin: String,
    /// The supervisor's identity id and name.
    pub entered_by: String,
    pub entered_by_name: String,
    /// base64 signature over the entry (records entered one by one; an imported record is
    /// covered by its import's signature over the CSV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// The last day it is published on the credit publicity listing (none: while in force).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_until: Option<String>,
    /// Whether it is on the public listing today.
    pub published: bool,
    /// Whether it is in force today.
    pub in_force: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub revocation: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::credit::CreditRevocation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected_by: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objections: Vec<CreditObjectionView>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
}

/// A record on the public credit listing (信用公示): what the record says, without who
/// entered it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicCreditRecord {
    pub id: String,
    pub subject_kind: String,
    pub subject: String,
    pub name: String,
    /// `good`, `bad`, `serious`.
    pub kind: String,
    pub list: String,
    pub source: String,
    pub document_no: String,
    pub legal_basis: String,
    pub starts_on: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_on: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub restriction: tenderbox_core::credit::Restriction,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_until: Option<String>,
    /// The record it corrects, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrects: Option<String>,
}

/// A bulk import: the supervisor's signature over the CSV, and the CSV.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditImportRequest {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub import: tenderbox_seal::signed::SignedDoc<tenderbox_core::credit::CreditImport>,
    pub csv: String,
}

/// What an import took: the records made, and the rows skipped because the same record
/// is already in force (by line, with the record's id).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditImportReport {
    pub id: String,
    pub imported: u64,
    pub skipped: Vec<CreditSkippedRow>,
    pub log_index: u64,
}

#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditSkippedRow {
    pub line: u64,
    pub record: String,
}

/// An objection to a credit record and its answer.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditObjectionView {
    pub id: String,
    pub record: String,
    pub subject: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub objection: tenderbox_seal::signed::SignedDoc<tenderbox_core::credit::CreditObjection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub answer: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::credit::CreditObjectionAnswer>>,
}

/// A credit check of a tender's bidder at the deadline or at the evaluation: the records
/// that bar the bid (empty: none).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditCheck {
    pub bidder: String,
    /// `deadline` or `evaluation`.
    pub stage: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub checked_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub findings: Vec<tenderbox_core::credit::Finding>,
}

/// A bidder's bid security for one tender: what the tender requires, the reference to write
/// on a transfer, what the platform has received, and how it stands now.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityStatus {
    pub tender: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub requirement: Option<tenderbox_core::security::SecurityRequirement>,
    /// The reference for a bank transfer (付款附言), issued to this bidder for this tender.
    pub reference: Option<String>,
    pub deposits: Vec<DepositRecord>,
    pub guarantees: Vec<GuaranteeRecord>,
    /// The credit waiver as the library decides it today (when the tender allows it).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub exemption: Option<tenderbox_core::credit::Exemption>,
    /// How the security stands, as the check at the deadline would see it now.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub outcome: tenderbox_core::security::SecurityOutcome,
}

/// A guarantee held by the platform: the signed document and whether it stands.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuaranteeRecord {
    pub id: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub signed: tenderbox_seal::signed::SignedDoc<tenderbox_core::security::Guarantee>,
    /// The guarantor's registered identity document, to check the signature with.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub guarantor_identity: tenderbox_seal::identity::PublicIdentity,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub received_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub revocation: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::security::GuaranteeRevocation>>,
}

/// A deposit received on the centre's account, and its refund.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositRecord {
    pub id: String,
    pub tender: String,
    pub bidder: String,
    pub reference: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount: tenderbox_core::Decimal,
    pub payer_name: String,
    pub payer_account: String,
    pub bank_serial: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub received_at: Timestamp,
    /// Why it is due back and by when (Beijing date), once it is.
    pub refund_cause: Option<String>,
    pub refund_due: Option<String>,
    pub overdue: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub refunded_at: Option<Timestamp>,
    pub refund_serial: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub refund_amount: Option<tenderbox_core::Decimal>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub interest: Option<tenderbox_core::Decimal>,
}

/// What a bank statement import took.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositImportReport {
    pub recorded: u64,
    /// Lines already recorded (same bank serial), skipped.
    pub skipped: Vec<u64>,
}

/// The finance office records a refund.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRequest {
    pub bank_serial: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount: tenderbox_core::Decimal,
    /// Interest paid with it (招标投标法实施条例 Art. 57).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub interest: tenderbox_core::Decimal,
}

/// The agency records the day the contract was signed (the deposits fall due 5 days later).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractSigned {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub signed_at: Timestamp,
}

/// A bid's security as checked at the deadline.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityCheck {
    pub bidder: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub outcome: tenderbox_core::security::SecurityOutcome,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub checked_at: Timestamp,
}

/// A collusion alert of a tender: the rule, the bidders, the evidence, who raised it (none:
/// the platform's computation after the opening) and the supervisor's signed decision.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollusionAlert {
    pub id: String,
    pub tender: String,
    pub rule: String,
    pub bidders: Vec<String>,
    pub evidence: String,
    pub raised_by: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub raised_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub decision: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::collusion::AlertDecision>>,
}

/// A supervisor raises an alert from what its own app found (the machine fingerprints are
/// sealed to supervision).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaiseAlert {
    pub rule: String,
    pub bidders: Vec<String>,
    pub evidence: String,
}

/// A file a complaint declared, and whether it has arrived.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintFileState {
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub stored: bool,
}

/// A complaint (投诉) as the complainant and the supervising department see it: the signed
/// complaint, its files, the time limits the department keeps, the signed acceptance and
/// the signed decision.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintRecord {
    pub id: String,
    pub tender: String,
    pub tender_title: String,
    pub trading_type: String,
    /// The supervising department (`development`, `finance`, `natural_resources`, `state_assets`).
    pub department: String,
    pub complainant_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub received_at: Timestamp,
    pub received_on: String,
    pub last_filing_day: String,
    /// Filed after the last filing day (the department decides not to accept it, in writing).
    pub late: bool,
    /// `received`, `accepted`, `not_accepted`, `decided`.
    pub state: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub deadlines: tenderbox_core::complaint::Deadlines,
    pub files: Vec<ComplaintFileState>,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub complaint: tenderbox_seal::signed::SignedDoc<tenderbox_core::complaint::Complaint>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub acceptance: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::complaint::ComplaintAcceptance>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub decision: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::complaint::ComplaintDecision>>,
}

/// A published complaint decision (投诉处理决定公告): who complained about what, the
/// finding, the reasons and the measures, with the department's signature.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicComplaintDecision {
    pub complaint: String,
    pub tender: String,
    pub tender_title: String,
    pub department: String,
    pub complainant_name: String,
    pub respondent: String,
    pub step: String,
    pub requests: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub decision: tenderbox_seal::signed::SignedDoc<tenderbox_core::complaint::ComplaintDecision>,
}

/// The supervising departments a supervisor identity answers for; none = the centre's
/// comprehensive supervision office (综合监管), which sees every trading type.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departments {
    pub departments: Vec<String>,
}

/// One tender a supervisor watches: where it stands and what waits for the supervisor.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisedTender {
    pub id: String,
    pub title: String,
    pub centre: String,
    pub trading_type: String,
    pub department: String,
    pub status: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub deadline: Timestamp,
    pub opened: bool,
    pub bids: u32,
    pub alerts: u32,
    pub alerts_open: u32,
    pub complaints: u32,
    pub complaints_open: u32,
}

/// The supervisor's overview: its departments and the tenders they supervise, newest first.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionOverview {
    pub departments: Vec<String>,
    pub tenders: Vec<SupervisedTender>,
}

/// Trading statistics per centre for a period (tenders published from `from` to `to`), the
/// total last; within the caller's departments.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statistics {
    pub from: String,
    pub to: String,
    pub departments: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub rows: Vec<tenderbox_core::statistics::CentreFigures>,
}

/// Where the push of the national data sets to the provincial platform stands (admins,
/// supervisors).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeStatus {
    /// The provincial endpoint; none: the push is not configured.
    pub endpoint: Option<String>,
    /// Rows waiting to be delivered (including those failing).
    pub pending: u64,
    /// Of those, rows whose last attempt failed.
    pub failing: u64,
    pub sent: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub oldest_pending_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub next_attempt_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_sent_at: Option<Timestamp>,
    pub last_error: Option<String>,
    /// The log index up to which the data sets have been gathered.
    pub gathered_to: Option<u64>,
    /// Rows per data set (the national specification's table names).
    #[serde(default)]
    pub datasets: Vec<ExchangeDataset>,
    /// The latest rows, newest first (at most 50): what went, what waits and why.
    #[serde(default)]
    pub recent: Vec<ExchangeRow>,
}

/// One data set's rows in the provincial push.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeDataset {
    pub dataset: String,
    pub pending: u64,
    pub sent: u64,
}

/// One row of the provincial push: its delivery id (what the receiver deduplicates by),
/// data set and tender, when it was queued, and its delivery state.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeRow {
    pub delivery: u64,
    pub dataset: String,
    pub tender: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub queued_at: Timestamp,
    pub attempts: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub sent_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub next_attempt_at: Option<Timestamp>,
    pub last_error: Option<String>,
}

/// One record of an audit search, with the name of the identity that made the request and
/// the tender the request concerned (when the path names one).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHit {
    pub record: AuditRecord,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_uscc: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tender: Option<String>,
}

/// One date of the holiday calendar: a public holiday, or a weekend day worked in exchange.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayEntry {
    /// `YYYY-MM-DD`.
    pub date: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub kind: tenderbox_core::calendar::DayKind,
    /// What the notice calls it (国庆节, 春节调休上班…).
    pub note: String,
}

/// A listing or auction as announced: its terms and where bidding stands by the server's
/// clock (no bidder is named).
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuctionRecord {
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub terms: tenderbox_core::auction::AuctionTerms,
    /// SHA-256 of the terms' canonical JSON (what the announcement's log entry names).
    pub terms_hash: String,
    pub status: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub phase: tenderbox_core::auction::Phase,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub server_time: Timestamp,
}

/// A bidder's registration to bid in a listing or auction, as only that bidder sees it.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuctionRegistration {
    pub auction: String,
    /// `awaiting_deposit`, `registered`, or `closed` (the deadline passed without the deposit).
    pub status: String,
    /// The reference the deposit's transfer must carry.
    pub deposit_reference: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub deposit_required: tenderbox_core::Decimal,
    /// Received before the registration deadline.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub deposit_received: tenderbox_core::Decimal,
    /// The bidding number (竞买号), once registered.
    pub number: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub applied_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub registered_at: Option<Timestamp>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub registration_deadline: Timestamp,
}

/// A bidder's application: it has read and meets the conditions the announcement states.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuctionApplication {
    pub accepts_conditions: bool,
}

/// One bid on the public price board: the price and the server's time, never the bidder.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoardBid {
    pub seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub amount: tenderbox_core::Decimal,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Placed in the timed round after the listing closed.
    pub timed: bool,
}

/// The price board of a listing or auction at the server's time.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuctionBoard {
    pub auction: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub phase: tenderbox_core::auction::Phase,
    /// The highest bid so far.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub current: Option<tenderbox_core::Decimal>,
    /// The lowest next bid (ascending modes while bidding runs).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub minimum: Option<tenderbox_core::Decimal>,
    /// The bids (all of them; the live stream sends the latest [`BOARD_STREAM_BIDS`]).
    pub bids: Vec<BoardBid>,
    /// How many bids there are in all.
    #[serde(default)]
    pub bid_count: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub server_time: Timestamp,
}

/// How many of the latest bids each board on the live stream carries (a room keeps the
/// ones it has and fetches the whole board when it joins or falls behind).
pub const BOARD_STREAM_BIDS: usize = 20;

/// A step the server accepted: its place, the price it counts at and the server's time.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuctionStepRecord {
    pub seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub amount: Option<tenderbox_core::Decimal>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// The log index of the step's event.
    pub event: u64,
    pub board: AuctionBoard,
}

/// A custodian holding a share of an auction's sealed reserve.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReserveCustodian {
    /// Its place (1..n): the share's x-coordinate.
    pub place: u32,
    pub id: String,
    pub name: String,
    /// When it released its share (after bidding ended), if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub released_at: Option<Timestamp>,
}

/// Public: an auction's sealed reserve — the ciphertext and its custodians before the end;
/// the released shares and the reserve once k of them are out.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuctionReserveState {
    pub auction: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub sealed: Option<tenderbox_seal::signed::SignedDoc<tenderbox_seal::reserve::SealedReserve>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub sealed_at: Option<Timestamp>,
    /// SHA-256 of the signed sealed reserve's canonical JSON (what the log names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<String>,
    pub threshold: u32,
    pub custodians: Vec<ReserveCustodian>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub released: Vec<tenderbox_seal::reserve::ReleasedShare>,
    /// The reserve, once opened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub reserve: Option<tenderbox_core::Decimal>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub server_time: Timestamp,
}

/// One recorded step of an auction, published after the end with the bidder's signed
/// statement and the log index of its event.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuctionHistoryStep {
    pub seq: u64,
    /// `bid`, `accept` or `go_on`.
    pub action: String,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub amount: Option<tenderbox_core::Decimal>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    pub event: u64,
    /// The bidder's signed statement (none for the platform's `resume` step).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub signed: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::auction::BidStatement>>,
    /// A `resume` step: the server's last sign of life before the outage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub paused_from: Option<Timestamp>,
    /// A `sealed` step (a one-shot round): the bidder's signed sealed price; `amount` is
    /// what it opened to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub sealed_price: Option<tenderbox_seal::signed::SignedDoc<tenderbox_seal::reserve::SealedPrice>>,
}

/// Public after the end: the outcome against the opened reserve, the confirmation of a
/// sale and who signed it, the whole bidding history with the bidders' identities (so
/// anyone can check every signature and replay the bidding), and the result's publicity.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuctionResult {
    pub auction: String,
    pub terms_hash: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub terms: tenderbox_core::auction::AuctionTerms,
    pub status: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub outcome: tenderbox_core::auction::Outcome,
    /// The opened reserve (none when the seller sealed none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub reserve: Option<tenderbox_core::Decimal>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub ended_at: Timestamp,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub decided_at: Timestamp,
    /// The last day (Beijing) of the result's publicity.
    pub publicity_until: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub confirmation: Option<tenderbox_core::auction::Confirmation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub centre_signature: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::auction::Confirmation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub buyer_signature: Option<tenderbox_seal::signed::SignedDoc<tenderbox_core::auction::Confirmation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub confirmed_at: Option<Timestamp>,
    pub history: Vec<AuctionHistoryStep>,
    /// A sealed round: the custodians' released shares of every price.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub price_shares: Vec<tenderbox_seal::reserve::PriceShare>,
    /// The registered identities of everyone who signed a step.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub bidders: Vec<tenderbox_seal::identity::PublicIdentity>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub server_time: Timestamp,
}

/// One leaf of the log: its hash, and the leaf bytes (canonical JSON of the event) for
/// leaves the caller may read.
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leaf {
    pub index: u64,
    /// Hex SHA-256 leaf hash (RFC 6962).
    pub hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaf: Option<String>,
}
