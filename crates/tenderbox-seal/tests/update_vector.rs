//! Test vector of docs/spec/update-signature-v1.md (docs/spec/vectors/update-signature-v1.json),
//! and the proof that the Tauri updater's own verifier (minisign-verify, as the updater calls it)
//! accepts what `tenderbox release sign` makes and refuses an altered installer.
//! Run with TENDERBOX_WRITE_VECTORS=1 to regenerate the vector after a deliberate format change.

use serde_json::{Value, json};
use std::path::PathBuf;
use tenderbox_seal::update::{UpdatePublicKey, UpdateSigner, release_comment, verify_release};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors/update-signature-v1.json")
}

const INSTALLER: &[u8] = b"!<arch>\ndebian-binary   a stand-in for an installer's bytes\n";

#[test]
fn update_signature_vector() {
    let seed = [0x07u8; 32];
    let s = UpdateSigner::from_seed(&seed).unwrap();
    let comment = release_comment(1_796_169_600, "Tenderbox_0.2.0_amd64.deb", "0.2.0").unwrap();
    let sig = s.sign(INSTALLER, &comment).unwrap();
    let fresh = json!({
        "description": "An update signature: Ed25519 seed = 32 bytes 0x07; the file is the bytes of data_hex.",
        "seed_hex": hex::encode(seed),
        "data_hex": hex::encode(INSTALLER),
        "public_key": s.public().to_text(),
        "public_key_config": s.public().to_config(),
        "signature": sig,
    });
    if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let v: Value = serde_json::from_slice(&std::fs::read(path()).expect("vector file; regenerate with TENDERBOX_WRITE_VECTORS=1")).unwrap();
    assert_eq!(v, fresh, "the signer no longer makes the specified bytes");
    let key = UpdatePublicKey::parse(v["public_key_config"].as_str().unwrap()).unwrap();
    let signed = verify_release(&key, v["signature"].as_str().unwrap(), INSTALLER, "0.2.0").unwrap();
    assert_eq!(signed.field("timestamp"), Some("1796169600"));
}

/// Exactly the updater's check: base64-decode the configured key and the manifest's
/// signature, then `PublicKey::verify(data, &signature, allow_legacy = true)`.
fn tauri_updater_accepts(pubkey_config: &str, signature_b64: &str, data: &[u8]) -> bool {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let key_text = String::from_utf8(b64.decode(pubkey_config).unwrap()).unwrap();
    let sig_text = String::from_utf8(b64.decode(signature_b64).unwrap()).unwrap();
    let key = minisign_verify::PublicKey::decode(&key_text).unwrap();
    let sig = minisign_verify::Signature::decode(&sig_text).unwrap();
    key.verify(data, &sig, true).is_ok()
}

#[test]
fn the_tauri_updater_accepts_our_signature_and_refuses_an_altered_installer() {
    use base64::Engine;
    let s = UpdateSigner::from_seed(&[0x07; 32]).unwrap();
    let sig = s.sign(INSTALLER, &release_comment(1, "a.deb", "0.2.0").unwrap()).unwrap();
    let sig_b64 = base64::engine::general_purpose::STANDARD.encode(&sig);
    let cfg = s.public().to_config();
    assert!(tauri_updater_accepts(&cfg, &sig_b64, INSTALLER));
    let mut altered = INSTALLER.to_vec();
    altered[20] ^= 1;
    assert!(!tauri_updater_accepts(&cfg, &sig_b64, &altered));
    let forged = base64::engine::general_purpose::STANDARD.encode(sig.replace("version:0.2.0", "version:0.3.0"));
    assert!(!tauri_updater_accepts(&cfg, &forged, INSTALLER), "the trusted comment (with the version) is covered too");
    let other = UpdateSigner::from_seed(&[0x08; 32]).unwrap().public().to_config();
    assert!(!tauri_updater_accepts(&other, &sig_b64, INSTALLER));
}
