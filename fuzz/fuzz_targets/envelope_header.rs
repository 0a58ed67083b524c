//! The envelope preamble parser (docs/spec/envelope-v1.md): magic, length,
//! canonical JSON header, MAC. Any input must give Ok or an error, never a panic;
//! a header that parses must re-encode to exactly the bytes it came from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::{DeterministicEntropy, envelope};

fuzz_target!(|data: &[u8]| {
    let mut r = data;
    if let Ok(h) = envelope::read_header(&mut r) {
        let again = tenderbox_core::canonical::to_canonical_vec(&h.header)
            .expect("a parsed header re-encodes");
        assert_eq!(again, h.mac_input[12..], "canonical form is unique");
        let me = SecretIdentity::generate(&DeterministicEntropy::new(b"fuzz"));
        let _ = h.unwrap_bidder(&me);
        let _ = h.committee_stanza();
        let _ = h.require(&[
            tenderbox_core::tender::StanzaKind::Bidder,
            tenderbox_core::tender::StanzaKind::Committee,
        ]);
    }
});
