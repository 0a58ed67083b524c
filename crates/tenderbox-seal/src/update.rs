//! Signatures on application updates (`docs/spec/update-signature-v1.md`).
//!
//! The desktop app updates itself with the Tauri updater, which checks a
//! minisign signature over the downloaded installer against the public key built
//! into the app. Tenderbox makes and checks those signatures with ring's Ed25519:
//! the legacy minisign algorithm (`Ed`: Ed25519 over the whole file), a trusted
//! comment naming the version, the file and the time of signing, and a global
//! signature over the file signature and that comment. The app checks the same
//! signature again with [`verify`] before it installs anything, and the trading
//! server checks it before it accepts a release.
//!
//! The update key signs nothing else, so a raw Ed25519 signature over an
//! installer cannot be replayed as any other Tenderbox object (those all sign
//! `domain || message` with identity keys).

use crate::SealError;
use crate::entropy::Entropy;
use base64::Engine;
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use zeroize::Zeroizing;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;
/// The untrusted comment written on public keys.
const KEY_COMMENT: &str = "untrusted comment: Tenderbox update key";
/// The untrusted comment written on signatures.
const SIG_COMMENT: &str = "untrusted comment: signature from the Tenderbox update key";
/// Longest accepted signature or public key text (a trusted comment is a line).
pub const MAX_TEXT: usize = 4096;

/// The update public key: an Ed25519 key and the 8-byte key id minisign carries
/// (the first 8 bytes of SHA-256 of the key, so the id follows from the key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdatePublicKey {
    pub key_id: [u8; 8],
    pub key: [u8; 32],
}

fn key_id_of(key: &[u8; 32]) -> [u8; 8] {
    let d = ring::digest::digest(&ring::digest::SHA256, key);
    let mut id = [0u8; 8];
    id.copy_from_slice(&d.as_ref()[..8]);
    id
}

impl UpdatePublicKey {
    /// The minisign public key file: an untrusted comment and base64("Ed" || key id || key).
    pub fn to_text(&self) -> String {
        let mut raw = Vec::with_capacity(42);
        raw.extend_from_slice(b"Ed");
        raw.extend_from_slice(&self.key_id);
        raw.extend_from_slice(&self.key);
        format!("{KEY_COMMENT} {}\n{}\n", self.id_hex(), B64.encode(raw))
    }

    /// The form the Tauri updater's `pubkey` setting takes: base64 of [`Self::to_text`].
    pub fn to_config(&self) -> String {
        B64.encode(self.to_text())
    }

    /// The key id as minisign prints it (upper-case hex of the little-endian number).
    pub fn id_hex(&self) -> String {
        self.key_id.iter().rev().map(|b| format!("{b:02X}")).collect()
    }

    /// Reads a public key file ([`Self::to_text`]) or its base64 ([`Self::to_config`]).
    pub fn parse(text: &str) -> Result<Self, SealError> {
        let bad = |why: &str| SealError::BadUpdateKey(why.to_string());
        if text.len() > MAX_TEXT {
            return Err(bad("longer than any update public key"));
        }
        let text = text.trim();
        let decoded;
        let text = if !text.contains('\n') && !text.starts_with("untrusted comment:") {
            match B64.decode(text).ok().and_then(|b| String::from_utf8(b).ok()) {
                Some(t) if t.contains('\n') => {
                    decoded = t;
                    decoded.trim()
                }
                _ => text,
            }
        } else {
            text
        };
        let mut lines = text.lines().map(str::trim_end).filter(|l| !l.is_empty());
        let first = lines.next().ok_or_else(|| bad("the text is empty"))?;
        let line =
            if first.starts_with("untrusted comment:") { lines.next().ok_or_else(|| bad("no key line after the comment"))? } else { first };
        if lines.next().is_some() {
            return Err(bad("more than a comment and a key line"));
        }
        let raw = B64.decode(line).map_err(|_| bad("the key line is not base64"))?;
        if raw.len() != 42 {
            return Err(bad(&format!("the key is {} bytes, expected 42", raw.len())));
        }
        if &raw[..2] != b"Ed" {
            return Err(bad("not an Ed25519 minisign key"));
        }
        let mut key_id = [0u8; 8];
        key_id.copy_from_slice(&raw[2..10]);
        let mut key = [0u8; 32];
        key.copy_from_slice(&raw[10..]);
        Ok(UpdatePublicKey { key_id, key })
    }
}

/// The release manager's private update key. Cannot be printed or cloned.
pub struct UpdateSigner {
    seed: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for UpdateSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("UpdateSigner(<redacted>)")
    }
}

impl UpdateSigner {
    pub fn generate(e: &dyn Entropy) -> Self {
        let mut seed = Zeroizing::new([0u8; 32]);
        e.fill(&mut seed[..]);
        UpdateSigner { seed }
    }

    pub fn from_seed(b: &[u8]) -> Result<Self, SealError> {
        let seed: [u8; 32] =
            b.try_into().map_err(|_| SealError::BadUpdateKey(format!("the private key is {} bytes, expected 32", b.len())))?;
        Ok(UpdateSigner { seed: Zeroizing::new(seed) })
    }

    pub fn seed(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.seed.to_vec())
    }

    fn keypair(&self) -> Ed25519KeyPair {
        Ed25519KeyPair::from_seed_unchecked(&self.seed[..]).expect("any 32-byte seed is an Ed25519 key")
    }

    pub fn public(&self) -> UpdatePublicKey {
        let mut key = [0u8; 32];
        key.copy_from_slice(self.keypair().public_key().as_ref());
        UpdatePublicKey { key_id: key_id_of(&key), key }
    }

    /// The minisign signature file over `data` with `trusted_comment` (one line).
    pub fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String, SealError> {
        check_comment(trusted_comment)?;
        let kp = self.keypair();
        let id = key_id_of(&{
            let mut k = [0u8; 32];
            k.copy_from_slice(kp.public_key().as_ref());
            k
        });
        let sig = kp.sign(data);
        let mut raw = Vec::with_capacity(74);
        raw.extend_from_slice(b"Ed");
        raw.extend_from_slice(&id);
        raw.extend_from_slice(sig.as_ref());
        let mut global_msg = sig.as_ref().to_vec();
        global_msg.extend_from_slice(trusted_comment.as_bytes());
        let global = kp.sign(&global_msg);
        Ok(format!("{SIG_COMMENT}\n{}\ntrusted comment: {trusted_comment}\n{}\n", B64.encode(raw), B64.encode(global.as_ref())))
    }
}

fn check_comment(c: &str) -> Result<(), SealError> {
    if c.contains(['\n', '\r']) || c.len() > 1024 {
        return Err(SealError::BadUpdateSignature("the trusted comment must be one line of at most 1024 bytes".into()));
    }
    Ok(())
}

/// The trusted comment the Tauri CLI writes and the updater reads:
/// `timestamp:<unix>\tfile:<name>\tversion:<version>`.
pub fn release_comment(timestamp: i64, file: &str, version: &str) -> Result<String, SealError> {
    if file.contains(['\t', '\n', '\r']) || version.contains(['\t', '\n', '\r']) {
        return Err(SealError::BadUpdateSignature("file names and versions cannot hold tabs or line breaks".into()));
    }
    let c = format!("timestamp:{timestamp}\tfile:{file}\tversion:{version}");
    check_comment(&c)?;
    Ok(c)
}

/// What a valid signature says about the file it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedRelease {
    pub trusted_comment: String,
}

impl SignedRelease {
    /// A `key:value` field of the trusted comment (`version`, `file`, `timestamp`).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.trusted_comment.split('\t').find_map(|f| f.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
    }
}

/// A parsed signature file.
struct SigFile {
    key_id: [u8; 8],
    sig: [u8; 64],
    trusted_comment: String,
    global: [u8; 64],
}

fn parse_sig(text: &str) -> Result<SigFile, SealError> {
    let bad = |why: &str| SealError::BadUpdateSignature(why.to_string());
    if text.len() > MAX_TEXT {
        return Err(bad("longer than any update signature"));
    }
    let text = text.trim();
    let decoded;
    let text = if !text.contains('\n') {
        decoded =
            B64.decode(text).ok().and_then(|b| String::from_utf8(b).ok()).ok_or_else(|| bad("neither a signature file nor its base64"))?;
        decoded.trim()
    } else {
        text
    };
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    if lines.len() != 4 {
        return Err(bad(&format!("a signature has 4 lines, this one {}", lines.len())));
    }
    if !lines[0].starts_with("untrusted comment:") {
        return Err(bad("the first line is not an untrusted comment"));
    }
    let raw = B64.decode(lines[1].trim()).map_err(|_| bad("the signature line is not base64"))?;
    if raw.len() != 74 {
        return Err(bad(&format!("the signature is {} bytes, expected 74", raw.len())));
    }
    match &raw[..2] {
        b"Ed" => {}
        b"ED" => return Err(bad("pre-hashed (BLAKE2b) signatures are not used by Tenderbox; sign with `tenderbox release sign`")),
        _ => return Err(bad("not an Ed25519 minisign signature")),
    }
    let trusted_comment =
        lines[2].strip_prefix("trusted comment: ").ok_or_else(|| bad("the third line is not a trusted comment"))?.to_string();
    let global_raw = B64.decode(lines[3].trim()).map_err(|_| bad("the global signature is not base64"))?;
    let global: [u8; 64] = global_raw.try_into().map_err(|_| bad("the global signature is not 64 bytes"))?;
    let mut key_id = [0u8; 8];
    key_id.copy_from_slice(&raw[2..10]);
    let mut sig = [0u8; 64];
    sig.copy_from_slice(&raw[10..]);
    Ok(SigFile { key_id, sig, trusted_comment, global })
}

/// Checks `sig_text` (a signature file or its base64, as the update manifest
/// carries it) over `data` against `key`: the key id, the file signature and the
/// global signature over the trusted comment.
pub fn verify(key: &UpdatePublicKey, sig_text: &str, data: &[u8]) -> Result<SignedRelease, SealError> {
    let s = parse_sig(sig_text)?;
    if s.key_id != key.key_id {
        return Err(SealError::BadUpdateSignature(format!(
            "signed by key {}, not by this app's update key {}",
            s.key_id.iter().rev().map(|b| format!("{b:02X}")).collect::<String>(),
            key.id_hex()
        )));
    }
    let pk = UnparsedPublicKey::new(&ED25519, &key.key);
    pk.verify(data, &s.sig)
        .map_err(|_| SealError::BadUpdateSignature("the file does not match its signature: it was altered or is another file".into()))?;
    let mut global_msg = s.sig.to_vec();
    global_msg.extend_from_slice(s.trusted_comment.as_bytes());
    pk.verify(&global_msg, &s.global).map_err(|_| SealError::BadUpdateSignature("the trusted comment was altered".into()))?;
    Ok(SignedRelease { trusted_comment: s.trusted_comment })
}

/// [`verify`], then the signed version must be the announced one.
pub fn verify_release(key: &UpdatePublicKey, sig_text: &str, data: &[u8], version: &str) -> Result<SignedRelease, SealError> {
    let signed = verify(key, sig_text, data)?;
    match signed.field("version") {
        Some(v) if v.trim_start_matches('v') == version.trim_start_matches('v') => Ok(signed),
        Some(v) => Err(SealError::BadUpdateSignature(format!("the file was signed as version {v}, but is offered as {version}"))),
        None => Err(SealError::BadUpdateSignature("the signature names no version".into())),
    }
}

/// Only the parsing, for the fuzzer: any input gives a value or an error.
pub fn parse_for_fuzzing(text: &str) -> Result<(), SealError> {
    UpdatePublicKey::parse(text).map(|_| ()).or_else(|_| parse_sig(text).map(|_| ()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DeterministicEntropy;

    fn signer() -> UpdateSigner {
        UpdateSigner::generate(&DeterministicEntropy::new(b"update-key"))
    }

    #[test]
    fn signs_and_verifies_with_the_signed_version() {
        let s = signer();
        let c = release_comment(1_790_000_000, "Tenderbox_0.2.0_amd64.deb", "0.2.0").unwrap();
        let sig = s.sign(b"installer bytes", &c).unwrap();
        let got = verify_release(&s.public(), &sig, b"installer bytes", "0.2.0").unwrap();
        assert_eq!(got.field("file"), Some("Tenderbox_0.2.0_amd64.deb"));
        // base64 of the file, as in the update manifest
        verify_release(&s.public(), &B64.encode(&sig), b"installer bytes", "v0.2.0").unwrap();
    }

    #[test]
    fn refuses_altered_files_comments_versions_and_keys() {
        let s = signer();
        let c = release_comment(1, "a.deb", "0.2.0").unwrap();
        let sig = s.sign(b"installer", &c).unwrap();
        let k = s.public();
        assert!(matches!(verify(&k, &sig, b"installeR"), Err(SealError::BadUpdateSignature(m)) if m.contains("altered")));
        let forged = sig.replace("version:0.2.0", "version:9.9.9");
        assert!(matches!(verify(&k, &forged, b"installer"), Err(SealError::BadUpdateSignature(m)) if m.contains("trusted comment")));
        assert!(
            matches!(verify_release(&k, &sig, b"installer", "0.3.0"), Err(SealError::BadUpdateSignature(m)) if m.contains("signed as version 0.2.0"))
        );
        let other = UpdateSigner::generate(&DeterministicEntropy::new(b"other")).public();
        assert!(
            matches!(verify(&other, &sig, b"installer"), Err(SealError::BadUpdateSignature(m)) if m.contains("not by this app's update key"))
        );
    }

    #[test]
    fn public_key_round_trips_in_both_forms() {
        let k = signer().public();
        assert_eq!(UpdatePublicKey::parse(&k.to_text()).unwrap(), k);
        assert_eq!(UpdatePublicKey::parse(&k.to_config()).unwrap(), k);
        assert!(UpdatePublicKey::parse("untrusted comment: x\nAAAA\n").is_err());
        assert!(release_comment(1, "a\tb", "1").is_err());
    }
}
