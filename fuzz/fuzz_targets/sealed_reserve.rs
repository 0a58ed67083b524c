//! The sealed reserve's parsers and its opening (`reserve::check`, `reserve::open`):
//! arbitrary bytes as a sealed reserve and as released shares, opened against the
//! reserve vector's seal and shares. Nothing may panic; what opens must open to the same
//! amount from its own re-encoding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tenderbox_seal::reserve::{self, ReleasedShare, SealedReserve};

fn fixture() -> &'static (SealedReserve, Vec<ReleasedShare>) {
    static F: OnceLock<(SealedReserve, Vec<ReleasedShare>)> = OnceLock::new();
    F.get_or_init(|| {
        let v: serde_json::Value = serde_json::from_str(include_str!("../../docs/spec/vectors/reserve-v1.json")).unwrap();
        (serde_json::from_value(v["sealed"].clone()).unwrap(), serde_json::from_value(v["released"].clone()).unwrap())
    })
}

fuzz_target!(|data: &[u8]| {
    let (sealed, shares) = fixture();
    if let Ok(r) = serde_json::from_slice::<SealedReserve>(data) {
        let _ = reserve::check(&r);
        if let Ok(amount) = reserve::open(&r, shares) {
            let again: SealedReserve = serde_json::from_slice(&serde_json::to_vec(&r).unwrap()).unwrap();
            assert_eq!(reserve::open(&again, shares).unwrap(), amount);
        }
    }
    if let Ok(released) = serde_json::from_slice::<Vec<ReleasedShare>>(data) {
        let _ = reserve::open(sealed, &released);
    }
});
