//! The update signature and public key parsers (docs/spec/update-signature-v1.md) on
//! arbitrary text, and the verifier against a fixed key: errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenderbox_seal::update::{UpdateSigner, parse_for_fuzzing, verify};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = parse_for_fuzzing(text);
    let key = UpdateSigner::from_seed(&[7u8; 32]).unwrap().public();
    let _ = verify(&key, text, b"installer");
});
