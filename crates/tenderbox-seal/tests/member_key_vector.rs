//! Test vector of docs/spec/member-key-v1.md (docs/spec/vectors/member-key-v1.json): a file
//! key wrapped to a member from fixed inputs. TENDERBOX_WRITE_VECTORS=1 regenerates it.

use serde_json::{Value, json};
use std::path::PathBuf;
use tenderbox_seal::DeterministicEntropy;
use tenderbox_seal::envelope::FileKey;
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::member_key::{unwrap, wrap_with};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors/member-key-v1.json")
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn member_key_vector() {
    let member = SecretIdentity::generate(&DeterministicEntropy::new(b"member-key-v1 member"));
    let fk = FileKey::from_bytes(&[0x44; 32]).unwrap();
    let eph = [0x33u8; 32];
    let sha = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e8a0c2e4f6a8b0d2f4e6a8c0b";
    let k = wrap_with(&fk, &member.encryption_public(), &eph, "HZ-GC-2026-0417", sha, "5d0c6e1f2a3b4c5d").unwrap();
    let fresh = json!({
        "description": "File key 32 bytes 0x44 wrapped to the member's X25519 key with ephemeral secret 32 bytes 0x33, bound to tender, bid and member.",
        "member_x25519_public_hex": hex(&member.encryption_public()),
        "file_key_hex": hex(fk.expose()),
        "ephemeral_secret_hex": hex(&eph),
        "member_key": k,
    });
    if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let v: Value = serde_json::from_slice(&std::fs::read(path()).expect("vector file; regenerate with TENDERBOX_WRITE_VECTORS=1")).unwrap();
    assert_eq!(v, fresh, "the member key no longer has the specified bytes");
    assert_eq!(unwrap(&k, &member, "5d0c6e1f2a3b4c5d", "HZ-GC-2026-0417", sha).unwrap().expose(), &[0x44; 32]);
}
