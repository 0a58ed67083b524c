//! The Tenderbox HTTP API's bodies, shared by `tenderbox-server` and every client
//! (CLI, desktop) so the two sides can never disagree. Pure serde types: no I/O.
//!
//! Errors from the API are always [`ApiError`] with a stable `code`.

#![forbid(unsafe_code)]

use serde::{Deserialize, Serialize};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::identity::PublicIdentity;

/// Every non-2xx response body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub server_time: Timestamp,
    pub log_size: u64,
    /// The server's checkpoint verifier key (`name+id+base64`).
    pub log_key: String,
}

/// A signed checkpoint note of the transparency log (docs/spec/log-v1.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointResponse {
    pub size: u64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofResponse {
    /// Hex SHA-256 hashes.
    pub proof: Vec<String>,
}

/// One log leaf: an event the platform recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub index: u64,
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tender: Option<String>,
    pub at: Timestamp,
    pub body: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventsPage {
    pub events: Vec<Event>,
    /// Pass as `after` to get the next page; equal to the last index, or the request's.
    pub next_after: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Bidder,
    Agency,
    Custodian,
    Evaluator,
    Supervisor,
    CentreAdmin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Bidder,
        Role::Agency,
        Role::Custodian,
        Role::Evaluator,
        Role::Supervisor,
        Role::CentreAdmin,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Bidder => "bidder",
            Role::Agency => "agency",
            Role::Custodian => "custodian",
            Role::Evaluator => "evaluator",
            Role::Supervisor => "supervisor",
            Role::CentreAdmin => "centre_admin",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRequest {
    pub identity: PublicIdentity,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Pending,
    Approved,
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityRecord {
    /// Stable identity id: hex of the first 16 bytes of SHA-256(signing key).
    pub id: String,
    pub identity: PublicIdentity,
    pub roles: Vec<Role>,
    pub status: RegistrationStatus,
    /// The platform's signature over the identity document and roles, once approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRequest {
    pub identity_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeResponse {
    /// Sign `tenderbox/v1/login\n` || challenge with the identity's signing key.
    pub challenge: String,
    pub expires_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    pub identity_id: String,
    pub challenge: String,
    /// base64 Ed25519 signature.
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    pub expires_at: Timestamp,
    pub roles: Vec<Role>,
}

/// Domain string of the login signature.
pub const LOGIN_DOMAIN: &[u8] = b"tenderbox/v1/login\n";
/// Domain string of the platform's identity certificate.
pub const CERTIFICATE_DOMAIN: &[u8] = b"tenderbox/v1/certificate\n";

/// The stable id of an identity: hex of the first 16 bytes of SHA-256 over its
/// base64 signing key.
pub fn identity_id(signing_key_b64: &str) -> String {
    let d = tenderbox_core::sha256(signing_key_b64.as_bytes());
    d[..16].iter().map(|b| format!("{b:02x}")).collect()
}
