//! Test vector of docs/spec/reserve-v1.md (docs/spec/vectors/reserve-v1.json): a reserve
//! sealed 2-of-3 from fixed seeds, the shares the custodians release, and the reserve they
//! open. TENDERBOX_WRITE_VECTORS=1 regenerates it.

use serde_json::{Value, json};
use std::path::PathBuf;
use tenderbox_seal::DeterministicEntropy;
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::reserve::{ReleasedShare, ReserveError, SealedPrice, SealedReserve, open, open_share, seal};
use tenderbox_seal::signed::{Document, sign, signed_bytes};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors/reserve-v1.json")
}

#[test]
fn reserve_vector() {
    let custodians: Vec<SecretIdentity> =
        (1..=3).map(|i| SecretIdentity::generate(&DeterministicEntropy::new(format!("reserve-v1 custodian {i}").as_bytes()))).collect();
    let keys: Vec<(String, [u8; 32])> =
        custodians.iter().enumerate().map(|(i, c)| (format!("custodian-{}", i + 1), c.encryption_public())).collect();
    let terms_hash = "5f".repeat(32);
    let sealed =
        seal("HZ-TD-2026-031", &terms_hash, "128000000.00".parse().unwrap(), &keys, 2, &DeterministicEntropy::new(b"reserve-v1 seller"))
            .unwrap();
    let released: Vec<ReleasedShare> = [1u32, 3].iter().map(|&m| open_share(&sealed, m, &custodians[m as usize - 1]).unwrap()).collect();
    // A sealed round's price: the same sealing, signed by the bidder with its number.
    let bidder = SecretIdentity::generate(&DeterministicEntropy::new(b"reserve-v1 bidder"));
    let price_sealed =
        seal("HZ-TD-2026-031", &terms_hash, "8300000.00".parse().unwrap(), &keys, 2, &DeterministicEntropy::new(b"reserve-v1 price"))
            .unwrap();
    let price = sign(SealedPrice { number: "0417".into(), sealed: price_sealed }, "9d2c7a1b3e4f5a6b", &bidder).unwrap();
    let fresh = json!({
        "description": "A reserve of 128000000.00 sealed 2-of-3 with the entropy 'reserve-v1 seller' to custodians generated from the seeds 'reserve-v1 custodian 1..3'; custodians 1 and 3 release their shares.",
        "custodian_x25519_public_hex": keys.iter().map(|(_, k)| hex::encode(k)).collect::<Vec<_>>(),
        "sealed": sealed,
        "released": released,
        "reserve": "128000000.00",
        "sealed_price": {
            "domain": String::from_utf8(SealedPrice::DOMAIN.to_vec()).unwrap(),
            "bidder_ed25519_public_hex": hex::encode(bidder.signing_public()),
            "canonical_json_sha256": hex::encode(tenderbox_core::sha256(&signed_bytes(&price.doc).unwrap())),
            "signed": price,
        },
    });
    if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let v: Value = serde_json::from_slice(&std::fs::read(path()).expect("vector file; regenerate with TENDERBOX_WRITE_VECTORS=1")).unwrap();
    assert_eq!(v, fresh, "the sealed reserve no longer has the specified bytes");
    let back: SealedReserve = serde_json::from_value(v["sealed"].clone()).unwrap();
    let shares: Vec<ReleasedShare> = serde_json::from_value(v["released"].clone()).unwrap();
    assert_eq!(open(&back, &shares).unwrap().to_string(), "128000000.00");
    // One share is not enough; a tampered ciphertext does not open.
    assert_eq!(open(&back, &shares[..1]), Err(ReserveError::NotEnough { have: 1, need: 2 }));
    let mut altered = back.clone();
    let mut ct = altered.ciphertext.into_bytes();
    ct[3] = if ct[3] == b'A' { b'B' } else { b'A' };
    altered.ciphertext = String::from_utf8(ct).unwrap();
    assert_eq!(open(&altered, &shares), Err(ReserveError::DoesNotOpen));
}
