//! The tender document parser: JSON with unknown fields refused and every rule
//! validated. A document that parses must round-trip through its canonical bytes
//! (same document, same hash).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenderbox_core::tender::TenderDocument;

fuzz_target!(|data: &[u8]| {
    let _ = tenderbox_core::canonical::canonicalize(data);
    if let Ok(t) = TenderDocument::from_json(data) {
        let bytes = t.canonical_bytes().expect("a valid document encodes");
        let back = TenderDocument::from_json(&bytes).expect("its canonical form parses");
        assert_eq!(back, t);
        assert_eq!(back.canonical_bytes().unwrap(), bytes);
    }
});
