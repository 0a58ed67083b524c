//! Test vector of docs/spec/auction-v1.md (docs/spec/vectors/auction-v1.json): a bid
//! statement signed by a bidder from a fixed seed. TENDERBOX_WRITE_VECTORS=1 regenerates it.

use serde_json::{Value, json};
use std::path::PathBuf;
use tenderbox_core::auction::{Action, BidStatement, Confirmation};
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::DeterministicEntropy;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_seal::signed::{Document, SignedDoc, doc_sha256, sign, signed_bytes, verify_doc};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors/auction-v1.json")
}

#[test]
fn auction_vector() {
    let bidder = SecretIdentity::generate(&DeterministicEntropy::new(b"auction-v1 bidder"));
    let statement = BidStatement {
        auction: "HZ-TD-2026-031".into(),
        terms_hash: "5f".repeat(32),
        number: "0417".into(),
        action: Action::Bid,
        amount: Some("122500000.00".parse().unwrap()),
        signed_at: Timestamp::parse("2027-01-06T02:06:39Z").unwrap(),
    };
    let signed = sign(statement, "9d2c7a1b3e4f5a6b", &bidder).unwrap();
    let confirmation = Confirmation {
        auction: "HZ-TD-2026-031".into(),
        terms_hash: "5f".repeat(32),
        title: "湖州市吴兴区滨湖街道 2026-31 号地块国有建设用地使用权".into(),
        centre: "HZ".into(),
        seller: "湖州市自然资源和规划局".into(),
        buyer: "湖州建工集团有限公司".into(),
        buyer_uscc: "9135021359498494XQ".into(),
        number: "0417".into(),
        price: "122500000.00".parse().unwrap(),
        price_in_words: tenderbox_core::amount::to_chinese_upper("122500000.00".parse().unwrap()).unwrap(),
        reserve: "120000000.00".parse().unwrap(),
        deposit_applied: "24000000.00".parse().unwrap(),
        balance: "98500000.00".parse().unwrap(),
        bid_at: Timestamp::parse("2027-01-06T02:06:40Z").unwrap(),
        ended_at: Timestamp::parse("2027-01-06T02:11:40Z").unwrap(),
    };
    let confirmed = sign(confirmation, "9d2c7a1b3e4f5a6b", &bidder).unwrap();
    let fresh = json!({
        "description": "A bid statement signed by the bidder generated from the seed 'auction-v1 bidder' (Ed25519 is deterministic).",
        "domain": String::from_utf8(BidStatement::DOMAIN.to_vec()).unwrap(),
        "signer_ed25519_public_hex": hex::encode(bidder.signing_public()),
        "canonical_json": String::from_utf8(signed_bytes(&signed.doc).unwrap()).unwrap(),
        "sha256": doc_sha256(&signed.doc).unwrap(),
        "signed": signed,
        "confirmation": {
            "domain": String::from_utf8(Confirmation::DOMAIN.to_vec()).unwrap(),
            "canonical_json": String::from_utf8(signed_bytes(&confirmed.doc).unwrap()).unwrap(),
            "signed": confirmed,
        },
    });
    if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let v: Value = serde_json::from_slice(&std::fs::read(path()).expect("vector file; regenerate with TENDERBOX_WRITE_VECTORS=1")).unwrap();
    assert_eq!(v, fresh, "the signed statement no longer has the specified bytes");
    let back: SignedDoc<BidStatement> = serde_json::from_value(v["signed"].clone()).unwrap();
    assert_eq!(back, signed);
    let at = Timestamp::parse("2026-12-01T00:00:00Z").unwrap();
    let me = PublicIdentity::new(&bidder, "湖州建工集团有限公司", Uscc::parse("9135021359498494XQ").unwrap(), at).unwrap();
    verify_doc(&back, &me).unwrap();
    // Any altered field breaks the signature.
    let mut altered = back.clone();
    altered.doc.amount = Some("122000000.00".parse().unwrap());
    assert!(verify_doc(&altered, &me).is_err());
    let c: SignedDoc<Confirmation> = serde_json::from_value(v["confirmation"]["signed"].clone()).unwrap();
    verify_doc(&c, &me).unwrap();
    let mut cheaper = c.clone();
    cheaper.doc.balance = "98000000.00".parse().unwrap();
    assert!(verify_doc(&cheaper, &me).is_err());
}
