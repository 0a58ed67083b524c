//! Signed checkpoints of the transparency log (docs/spec/log-v1.md), in the C2SP
//! `tlog-checkpoint` body format carried in a C2SP `signed-note`, so standard
//! tooling (and anyone with the verifier key) can check them.
//!
//! ```text
//! <origin>\n<tree size>\n<base64 root hash>\n
//! \n
//! — <key name> <base64(key id (4) || Ed25519 signature (64))>\n
//! ```

use crate::merkle::Hash;
use crate::primitives::{b64, unb64};
use ring::signature::{ED25519, Ed25519KeyPair, KeyPair, UnparsedPublicKey};
use zeroize::Zeroizing;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("malformed signed note: {0}")]
    Malformed(String),
    #[error("malformed verifier key: {0}")]
    BadVerifierKey(String),
    #[error("no signature by {0} on this note")]
    NotSigned(String),
    #[error("the signature by {0} does not verify: the note was altered")]
    BadSignature(String),
    #[error("malformed checkpoint: {0}")]
    BadCheckpoint(String),
}

/// 4-byte key id: SHA-256(name || "\n" || 0x01 || public key)[:4].
pub fn key_id(name: &str, public: &[u8; 32]) -> [u8; 4] {
    let mut c = ring::digest::Context::new(&ring::digest::SHA256);
    c.update(name.as_bytes());
    c.update(b"\n");
    c.update(&[1]);
    c.update(public);
    c.finish().as_ref()[..4].try_into().expect("4 bytes")
}

fn valid_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['+', ' ', '\n']) && !name.chars().any(char::is_whitespace)
}

/// A note signer: a key name and an Ed25519 key (e.g. the server's log key).
pub struct NoteSigner {
    name: String,
    pair: Ed25519KeyPair,
}

impl std::fmt::Debug for NoteSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NoteSigner({})", self.name)
    }
}

impl NoteSigner {
    pub fn new(name: &str, seed: &Zeroizing<[u8; 32]>) -> Result<Self, NoteError> {
        if !valid_name(name) {
            return Err(NoteError::BadVerifierKey(format!("key name '{name}' must be non-empty without '+' or spaces")));
        }
        let pair = Ed25519KeyPair::from_seed_unchecked(&seed[..]).map_err(|_| NoteError::BadVerifierKey("bad seed".into()))?;
        Ok(NoteSigner { name: name.to_string(), pair })
    }

    /// Parses a Go-style `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>`.
    pub fn from_private_key(skey: &str) -> Result<Self, NoteError> {
        let parts: Vec<&str> = skey.splitn(5, '+').collect();
        if parts.len() != 5 || parts[0] != "PRIVATE" || parts[1] != "KEY" {
            return Err(NoteError::BadVerifierKey("not a PRIVATE+KEY+name+id+key string".into()));
        }
        let raw = unb64(parts[4]).ok_or_else(|| NoteError::BadVerifierKey("key is not base64".into()))?;
        if raw.len() != 33 || raw[0] != 1 {
            return Err(NoteError::BadVerifierKey("only Ed25519 (algorithm 1) keys are supported".into()));
        }
        let seed = Zeroizing::new(<[u8; 32]>::try_from(&raw[1..]).expect("32 bytes"));
        let s = NoteSigner::new(parts[2], &seed)?;
        if hex::encode(key_id(&s.name, &s.public())) != parts[3] {
            return Err(NoteError::BadVerifierKey("key id does not match the key".into()));
        }
        Ok(s)
    }

    pub fn public(&self) -> [u8; 32] {
        self.pair.public_key().as_ref().try_into().expect("32 bytes")
    }

    /// `<name>+<hex key id>+<base64(0x01 || public key)>`.
    pub fn verifier_key(&self) -> String {
        verifier_key(&self.name, &self.public())
    }

    /// Signs `text` (which must end in a newline) and returns the whole note.
    pub fn sign(&self, text: &str) -> Result<String, NoteError> {
        if !text.ends_with('\n') || text.contains("\n\n") {
            return Err(NoteError::Malformed("note text must end with a newline and contain no blank line".into()));
        }
        let sig = self.pair.sign(text.as_bytes());
        let mut blob = key_id(&self.name, &self.public()).to_vec();
        blob.extend_from_slice(sig.as_ref());
        Ok(format!("{text}\n\u{2014} {} {}\n", self.name, b64(&blob)))
    }
}

pub fn verifier_key(name: &str, public: &[u8; 32]) -> String {
    let mut raw = vec![1u8];
    raw.extend_from_slice(public);
    format!("{name}+{}+{}", hex::encode(key_id(name, public)), b64(&raw))
}

fn parse_verifier_key(vkey: &str) -> Result<(String, [u8; 4], [u8; 32]), NoteError> {
    let parts: Vec<&str> = vkey.splitn(3, '+').collect();
    if parts.len() != 3 || !valid_name(parts[0]) {
        return Err(NoteError::BadVerifierKey("expected name+id+key".into()));
    }
    let raw = unb64(parts[2]).ok_or_else(|| NoteError::BadVerifierKey("key is not base64".into()))?;
    if raw.len() != 33 || raw[0] != 1 {
        return Err(NoteError::BadVerifierKey("only Ed25519 (algorithm 1) keys are supported".into()));
    }
    let pk: [u8; 32] = raw[1..].try_into().expect("32 bytes");
    let id = key_id(parts[0], &pk);
    if hex::encode(id) != parts[1] {
        return Err(NoteError::BadVerifierKey("key id does not match the key".into()));
    }
    Ok((parts[0].to_string(), id, pk))
}

/// Verifies the note's signature by the given verifier key and returns its text.
pub fn open_note(note: &str, vkey: &str) -> Result<String, NoteError> {
    let (name, id, pk) = parse_verifier_key(vkey)?;
    let split = note.rfind("\n\n").ok_or_else(|| NoteError::Malformed("no blank line before the signatures".into()))?;
    let text = &note[..split + 1];
    let sigs = &note[split + 2..];
    if !sigs.ends_with('\n') || text.contains("\n\n") {
        return Err(NoteError::Malformed("signature block must end with a newline".into()));
    }
    for line in sigs.lines() {
        let rest = line.strip_prefix("\u{2014} ").ok_or_else(|| NoteError::Malformed("a signature line must start with '— '".into()))?;
        let (n, blob) = rest.split_once(' ').ok_or_else(|| NoteError::Malformed("signature line without a signature".into()))?;
        let blob = unb64(blob).ok_or_else(|| NoteError::Malformed("signature is not base64".into()))?;
        if blob.len() < 4 {
            return Err(NoteError::Malformed("signature too short".into()));
        }
        if n == name && blob[..4] == id {
            if blob.len() != 68 || UnparsedPublicKey::new(&ED25519, &pk).verify(text.as_bytes(), &blob[4..]).is_err() {
                return Err(NoteError::BadSignature(name));
            }
            return Ok(text.to_string());
        }
    }
    Err(NoteError::NotSigned(name))
}

/// A log checkpoint: origin, tree size, root hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    pub fn body(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.size, b64(&self.root))
    }

    pub fn parse(body: &str) -> Result<Self, NoteError> {
        let bad = |w: &str| NoteError::BadCheckpoint(w.to_string());
        let mut lines = body.split('\n');
        let origin = lines.next().filter(|o| !o.is_empty()).ok_or_else(|| bad("missing origin"))?;
        let size = lines.next().ok_or_else(|| bad("missing size"))?;
        if size.is_empty() || (size.len() > 1 && size.starts_with('0')) || !size.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("size is not a decimal number"));
        }
        let size: u64 = size.parse().map_err(|_| bad("size out of range"))?;
        let root =
            lines.next().and_then(unb64).and_then(|r| <[u8; 32]>::try_from(r).ok()).ok_or_else(|| bad("root is not 32 bytes of base64"))?;
        if !body.ends_with('\n') {
            return Err(bad("must end with a newline"));
        }
        Ok(Checkpoint { origin: origin.to_string(), size, root })
    }

    pub fn sign(&self, signer: &NoteSigner) -> Result<String, NoteError> {
        signer.sign(&self.body())
    }

    /// Verifies a signed checkpoint note and parses it.
    pub fn open(note: &str, vkey: &str) -> Result<Self, NoteError> {
        Checkpoint::parse(&open_note(note, vkey)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoint_round_trips_and_detects_tampering() {
        let signer = NoteSigner::new("tenderbox.huzhou/log", &Zeroizing::new([3; 32])).unwrap();
        let cp = Checkpoint { origin: "tenderbox.huzhou/log".into(), size: 12, root: [9; 32] };
        let note = cp.sign(&signer).unwrap();
        assert_eq!(Checkpoint::open(&note, &signer.verifier_key()).unwrap(), cp);
        let forged = note.replace("\n12\n", "\n13\n");
        assert!(matches!(Checkpoint::open(&forged, &signer.verifier_key()), Err(NoteError::BadSignature(_))));
        let other = NoteSigner::new("other", &Zeroizing::new([4; 32])).unwrap();
        assert!(matches!(Checkpoint::open(&note, &other.verifier_key()), Err(NoteError::NotSigned(_))));
    }
}
