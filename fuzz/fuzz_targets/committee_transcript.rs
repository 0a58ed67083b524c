//! The committee key ceremony's parsers and its one rule (`ceremony::evaluate`):
//! arbitrary bytes as a transcript (commitments, deals with proofs, verdicts,
//! answers) for the ceremony of the committee test vector, as a single deal, as a
//! verdict and as a partial decryption. Nothing may panic; a transcript that
//! evaluates must evaluate the same again from its own re-encoding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tenderbox_seal::ceremony::{self, CeremonyParams, Transcript, Verdict};
use tenderbox_seal::committee::{self, CommitteeKey, Deal, PartialDecryption};

struct Fixture {
    params: CeremonyParams,
    key: CommitteeKey,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let v: serde_json::Value = serde_json::from_str(include_str!("../../docs/spec/vectors/committee-v1.json")).unwrap();
        let params: CeremonyParams = serde_json::from_value(v["params"].clone()).unwrap();
        let t: Transcript = serde_json::from_value(v["transcript"].clone()).unwrap();
        let key = ceremony::evaluate(&params, &t).unwrap().key.unwrap();
        Fixture { params, key }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    if let Ok(t) = serde_json::from_slice::<Transcript>(data) {
        if let Ok(o) = ceremony::evaluate(&f.params, &t) {
            let again: Transcript = serde_json::from_slice(&serde_json::to_vec(&t).unwrap()).unwrap();
            assert_eq!(ceremony::evaluate(&f.params, &again).unwrap(), o);
        }
    }
    if let Ok(d) = serde_json::from_slice::<Deal>(data) {
        let _ = committee::check_deal(&d, &f.params.tender, &f.params.id(), f.params.n(), f.params.threshold);
        let _ = ceremony::check_signed(&f.params, &d);
    }
    if let Ok(v) = serde_json::from_slice::<Verdict>(data) {
        let _ = ceremony::check_signed(&f.params, &v);
    }
    if let Ok(p) = serde_json::from_slice::<PartialDecryption>(data) {
        let r = f.key.public_key.to_bytes();
        let _ = committee::verify_partial(&f.key, &r, &p);
    }
});
