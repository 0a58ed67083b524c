//! An opened bid's file key, re-wrapped by the platform to one member of the evaluation
//! committee (docs/spec/member-key-v1.md). After the opening the platform holds each
//! bid's file key (the bidder gave it, or the custodians' quorum recovered it); when a
//! member signs in to the evaluation it wraps the key to the member's own X25519 key,
//! bound to the tender, the bid and the member, so the member's app decrypts the
//! original sealed bid itself and checks the bidder's signature and manifest — and a key
//! moved to another bid, tender or member opens nothing.

use crate::SealError;
use crate::entropy::{Entropy, random_array};
use crate::envelope::{FileKey, x25519_unwrap, x25519_wrap_with};
use crate::identity::SecretIdentity;
use crate::primitives::{b64, unb64, unb64_32};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

const INFO: &[u8] = b"tenderbox/v1/member-key";
const AAD_DOMAIN: &[u8] = b"tenderbox/v1/member-key\0";

/// A file key wrapped to one member for one bid of one tender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberKey {
    pub tender: String,
    /// Lower-case hex SHA-256 of the sealed bid file.
    pub bid_sha256: String,
    /// The member's identity id.
    pub member: String,
    /// The ephemeral X25519 public key E (base64).
    pub share: String,
    /// AES-256-GCM of the file key (base64, 48 bytes).
    pub body: String,
}

fn lp(out: &mut Vec<u8>, b: &[u8]) {
    out.extend_from_slice(&(b.len() as u32).to_be_bytes());
    out.extend_from_slice(b);
}

fn aad(tender: &str, bid_sha256: &str, member: &str) -> Vec<u8> {
    let mut a = AAD_DOMAIN.to_vec();
    lp(&mut a, tender.as_bytes());
    lp(&mut a, bid_sha256.as_bytes());
    lp(&mut a, member.as_bytes());
    a
}

/// Wraps `fk` to the member's X25519 key `recipient`.
pub fn wrap(
    fk: &FileKey,
    recipient: &[u8; 32],
    tender: &str,
    bid_sha256: &str,
    member: &str,
    ent: &dyn Entropy,
) -> Result<MemberKey, SealError> {
    let eph = Zeroizing::new(random_array::<32>(ent));
    wrap_with(fk, recipient, &eph, tender, bid_sha256, member)
}

/// [`wrap`] with a given ephemeral secret (test vectors).
pub fn wrap_with(
    fk: &FileKey,
    recipient: &[u8; 32],
    eph: &[u8; 32],
    tender: &str,
    bid_sha256: &str,
    member: &str,
) -> Result<MemberKey, SealError> {
    let (e, body) = x25519_wrap_with(recipient, eph, fk.expose(), &aad(tender, bid_sha256, member), INFO)?;
    Ok(MemberKey { tender: tender.into(), bid_sha256: bid_sha256.into(), member: member.into(), share: b64(&e), body: b64(&body) })
}

/// Unwraps a member key for the bid this member expects (`tender`, `bid_sha256`, and the
/// member's own id): a key wrapped for anything else does not open. Check the result
/// against the envelope's header MAC (`ParsedHeader::verify_file_key`) before use.
pub fn unwrap(k: &MemberKey, me: &SecretIdentity, member: &str, tender: &str, bid_sha256: &str) -> Result<FileKey, SealError> {
    let e = unb64_32(&k.share).ok_or(SealError::NoMatchingStanza)?;
    let body = unb64(&k.body).ok_or(SealError::NoMatchingStanza)?;
    let key = x25519_unwrap(&me.x25519(), &e, &aad(tender, bid_sha256, member), INFO, &body).ok_or(SealError::NoMatchingStanza)?;
    FileKey::from_bytes(&key[..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DeterministicEntropy;

    #[test]
    fn a_member_opens_the_key_wrapped_for_them() {
        let m = SecretIdentity::generate(&DeterministicEntropy::new(b"member"));
        let fk = FileKey::from_bytes(&[0x44; 32]).unwrap();
        let k = wrap(&fk, &m.encryption_public(), "T1", "ab", "m1", &DeterministicEntropy::new(b"e")).unwrap();
        assert_eq!(unwrap(&k, &m, "m1", "T1", "ab").unwrap().expose(), &[0x44; 32]);
    }
}
