//! The sealed machine fingerprint of a manifest (docs/spec/package-v1.md):
//! arbitrary bytes as its JSON, opened with the supervisor of the envelope test
//! vector, and as raw ciphertext and wrap in place of the vector's own. Nothing
//! may panic; only the vector's own fingerprint opens.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::package::{SealedMachine, open_machine};

struct Fixture {
    sealed: SealedMachine,
    tender: String,
    uscc: String,
    id: String,
    me: SecretIdentity,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let v: serde_json::Value = serde_json::from_str(include_str!("../../docs/spec/vectors/envelope-v1-bidder.json")).unwrap();
        let me = SecretIdentity::from_bytes(&hex::decode(v["supervisor_secret_hex"].as_str().unwrap()).unwrap()).unwrap();
        Fixture {
            sealed: serde_json::from_value(v["manifest"]["machine"].clone()).unwrap(),
            tender: v["manifest"]["tender"]["id"].as_str().unwrap().to_string(),
            uscc: v["manifest"]["bidder"]["uscc"].as_str().unwrap().to_string(),
            id: v["supervisor_id"].as_str().unwrap().to_string(),
            me,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    if let Ok(m) = serde_json::from_slice::<SealedMachine>(data) {
        let _ = open_machine(&m, &f.tender, &f.uscc, &f.id, &f.me);
    }
    // The vector's recipients with arbitrary ciphertext, and its ciphertext with an arbitrary wrap.
    let text = String::from_utf8_lossy(data).into_owned();
    let mut m = f.sealed.clone();
    m.ciphertext = text.clone();
    assert!(open_machine(&m, &f.tender, &f.uscc, &f.id, &f.me).is_err() || text == f.sealed.ciphertext);
    let mut m = f.sealed.clone();
    m.recipients[0].wrapped = text.clone();
    assert!(open_machine(&m, &f.tender, &f.uscc, &f.id, &f.me).is_err() || text == f.sealed.recipients[0].wrapped);
});
