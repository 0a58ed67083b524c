//! Identities: an Ed25519 signing key (ring) and an X25519 encryption key
//! (x25519-dalek), bound to a name and a unified social credit code by a public
//! identity document. Secrets zeroise on drop and have no `Debug` output.

use crate::entropy::{Entropy, random_array};
use crate::error::SealError;
use crate::primitives::{b64, unb64, unb64_32};
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use serde::{Deserialize, Serialize};
use tenderbox_core::canonical;
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Length of [`SecretIdentity::to_bytes`].
pub const SECRET_LEN: usize = 64;

/// The two private keys of an identity. Cannot be printed, cloned or serialised
/// except through [`SecretIdentity::to_bytes`], which the key store wraps.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SecretIdentity {
    signing_seed: [u8; 32],
    encryption: [u8; 32],
}

impl std::fmt::Debug for SecretIdentity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretIdentity(<redacted>)")
    }
}

impl SecretIdentity {
    pub fn generate(e: &dyn Entropy) -> Self {
        SecretIdentity { signing_seed: random_array(e), encryption: random_array(e) }
    }

    pub fn from_bytes(b: &[u8]) -> Result<Self, SealError> {
        if b.len() != SECRET_LEN {
            return Err(SealError::BadKey(format!("secret key material is {} bytes, expected {SECRET_LEN}", b.len())));
        }
        let mut s = SecretIdentity { signing_seed: [0; 32], encryption: [0; 32] };
        s.signing_seed.copy_from_slice(&b[..32]);
        s.encryption.copy_from_slice(&b[32..]);
        Ok(s)
    }

    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        let mut v = Zeroizing::new(Vec::with_capacity(SECRET_LEN));
        v.extend_from_slice(&self.signing_seed);
        v.extend_from_slice(&self.encryption);
        v
    }

    fn keypair(&self) -> Ed25519KeyPair {
        Ed25519KeyPair::from_seed_unchecked(&self.signing_seed).expect("any 32-byte seed is an Ed25519 key")
    }

    pub fn signing_public(&self) -> [u8; 32] {
        let mut pk = [0u8; 32];
        pk.copy_from_slice(self.keypair().public_key().as_ref());
        pk
    }

    pub fn encryption_public(&self) -> [u8; 32] {
        x25519_dalek::PublicKey::from(&self.x25519()).to_bytes()
    }

    pub(crate) fn x25519(&self) -> x25519_dalek::StaticSecret {
        x25519_dalek::StaticSecret::from(self.encryption)
    }

    /// A 32-byte secret derived from both private keys: HKDF-SHA-256(signing seed ||
    /// encryption key, salt, info). Used for per-ceremony dealer streams.
    pub(crate) fn derive(&self, salt: &[u8], info: &[u8]) -> Zeroizing<[u8; 32]> {
        let mut ikm = Zeroizing::new([0u8; 64]);
        ikm[..32].copy_from_slice(&self.signing_seed);
        ikm[32..].copy_from_slice(&self.encryption);
        crate::primitives::hkdf32(&ikm[..], salt, info)
    }

    /// Ed25519 signature over `domain || message`; every signed object in Tenderbox
    /// has its own domain string so a signature cannot be replayed as another kind.
    pub fn sign(&self, domain: &[u8], message: &[u8]) -> [u8; 64] {
        let mut buf = Vec::with_capacity(domain.len() + message.len());
        buf.extend_from_slice(domain);
        buf.extend_from_slice(message);
        let mut sig = [0u8; 64];
        sig.copy_from_slice(self.keypair().sign(&buf).as_ref());
        sig
    }

    /// Ed25519 signature over `message` with no domain prefix (signed notes add
    /// their own framing).
    pub fn sign_raw(&self, message: &[u8]) -> [u8; 64] {
        self.sign(b"", message)
    }
}

/// Verifies an Ed25519 signature made by [`SecretIdentity::sign`].
pub fn verify(public: &[u8; 32], domain: &[u8], message: &[u8], sig: &[u8]) -> bool {
    let mut buf = Vec::with_capacity(domain.len() + message.len());
    buf.extend_from_slice(domain);
    buf.extend_from_slice(message);
    UnparsedPublicKey::new(&ED25519, public).verify(&buf, sig).is_ok()
}

pub const IDENTITY_DOMAIN: &[u8] = b"tenderbox/v1/identity\n";

/// The public half of an identity, self-signed to prove possession of the signing
/// key. The platform's certificate (server side) signs this same document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicIdentity {
    pub format: u32,
    pub name: String,
    pub uscc: Uscc,
    /// Ed25519 public key, base64.
    pub signing_key: String,
    /// X25519 public key, base64.
    pub encryption_key: String,
    pub created: Timestamp,
    /// Ed25519 over `IDENTITY_DOMAIN || canonical JSON of the other fields`, base64.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub self_signature: String,
}

impl PublicIdentity {
    pub fn new(secret: &SecretIdentity, name: &str, uscc: Uscc, created: Timestamp) -> Result<Self, SealError> {
        if name.trim().is_empty() {
            return Err(SealError::BadKey("the identity name is empty".into()));
        }
        let mut doc = PublicIdentity {
            format: 1,
            name: name.trim().to_string(),
            uscc,
            signing_key: b64(&secret.signing_public()),
            encryption_key: b64(&secret.encryption_public()),
            created,
            self_signature: String::new(),
        };
        let sig = secret.sign(IDENTITY_DOMAIN, &doc.signed_bytes()?);
        doc.self_signature = b64(&sig);
        Ok(doc)
    }

    fn signed_bytes(&self) -> Result<Vec<u8>, SealError> {
        let mut unsigned = self.clone();
        unsigned.self_signature.clear();
        canonical::to_canonical_vec(&unsigned).map_err(|e| SealError::BadKey(e.to_string()))
    }

    pub fn signing_key_bytes(&self) -> Result<[u8; 32], SealError> {
        unb64_32(&self.signing_key).ok_or_else(|| SealError::BadKey("signing key is not 32 bytes of base64".into()))
    }

    pub fn encryption_key_bytes(&self) -> Result<[u8; 32], SealError> {
        unb64_32(&self.encryption_key).ok_or_else(|| SealError::BadKey("encryption key is not 32 bytes of base64".into()))
    }

    /// Checks the keys decode and the self-signature is valid.
    pub fn verify(&self) -> Result<(), SealError> {
        self.encryption_key_bytes()?;
        let pk = self.signing_key_bytes()?;
        let sig = unb64(&self.self_signature).ok_or(SealError::BadSignature)?;
        if verify(&pk, IDENTITY_DOMAIN, &self.signed_bytes()?, &sig) { Ok(()) } else { Err(SealError::BadSignature) }
    }

    /// Short fingerprint people can compare: first 8 bytes of SHA-256 over both keys.
    pub fn fingerprint(&self) -> String {
        let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
        ctx.update(self.signing_key.as_bytes());
        ctx.update(b"\n");
        ctx.update(self.encryption_key.as_bytes());
        let d = ctx.finish();
        d.as_ref()[..8].iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DeterministicEntropy;

    fn uscc() -> Uscc {
        Uscc::parse("91350200MA31E12PXF").unwrap()
    }

    #[test]
    fn public_identity_is_self_signed_and_tamper_evident() {
        let s = SecretIdentity::generate(&DeterministicEntropy::new(b"id"));
        let t = Timestamp::parse("2026-11-30T00:00:00Z").unwrap();
        let mut p = PublicIdentity::new(&s, "湖州建工集团有限公司", uscc(), t).unwrap();
        p.verify().unwrap();
        p.name.push('X');
        assert!(matches!(p.verify(), Err(SealError::BadSignature)));
    }

    #[test]
    fn secret_round_trips_and_is_redacted_in_debug() {
        let s = SecretIdentity::generate(&DeterministicEntropy::new(b"x"));
        let back = SecretIdentity::from_bytes(&s.to_bytes()).unwrap();
        assert_eq!(back.signing_public(), s.signing_public());
        assert_eq!(format!("{s:?}"), "SecretIdentity(<redacted>)");
        assert!(SecretIdentity::from_bytes(&[0; 10]).is_err());
    }

    // RFC 8032 section 7.1, TEST 2: ring signs as the standard says.
    #[test]
    fn rfc8032_test_vector_two() {
        let seed = hex::decode("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb").unwrap();
        let mut b = seed.clone();
        b.extend_from_slice(&[0; 32]);
        let s = SecretIdentity::from_bytes(&b).unwrap();
        assert_eq!(hex::encode(s.signing_public()), "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        let sig = s.sign_raw(&[0x72]);
        assert_eq!(
            hex::encode(sig),
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        );
    }
}
