//! Test vector of docs/spec/credit-v1.md (docs/spec/vectors/credit-v1.json): a credit entry
//! signed by a supervisor generated from a fixed seed. TENDERBOX_WRITE_VECTORS=1 regenerates it.

use serde_json::{Value, json};
use std::path::PathBuf;
use tenderbox_core::credit::{Bar, CREDIT_FORMAT, CreditEntry, CreditKind, Restriction, SubjectKind};
use tenderbox_core::tender::TradingType;
use tenderbox_core::time::Timestamp;
use tenderbox_seal::DeterministicEntropy;
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::signed::{Document, SignedDoc, doc_sha256, sign, signed_bytes};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors/credit-v1.json")
}

#[test]
fn credit_entry_vector() {
    let supervisor = SecretIdentity::generate(&DeterministicEntropy::new(b"credit-v1 supervisor"));
    let entry = CreditEntry {
        format: CREDIT_FORMAT,
        subject_kind: SubjectKind::Entity,
        subject: "91330500MA2B3C4D5B".into(),
        name: "湖州示例建设工程有限公司".into(),
        kind: CreditKind::Serious,
        list: "失信被执行人".into(),
        source: "湖州市中级人民法院".into(),
        document_no: "（2026）浙05执123号".into(),
        legal_basis: "《关于在招标投标活动中对失信被执行人实施联合惩戒的通知》（法〔2016〕285号）".into(),
        starts_on: "2026-11-20".into(),
        ends_on: Some("2027-11-19".into()),
        restriction: Restriction {
            trading_types: vec![TradingType::Engineering, TradingType::Procurement],
            centres: vec![],
            bars: vec![Bar::Bidding, Bar::Agency],
        },
        supersedes: None,
        entered_at: Timestamp::parse("2026-12-03T02:00:00Z").unwrap(),
    };
    let signed = sign(entry, "7a1c0e9d2b3f4a5c", &supervisor).unwrap();
    let sha = doc_sha256(&signed.doc).unwrap();
    let fresh = json!({
        "description": "A serious-default credit entry signed by the supervisor generated from the seed 'credit-v1 supervisor' (Ed25519 is deterministic). The record id is the first 24 hex digits of the SHA-256.",
        "domain": String::from_utf8(<CreditEntry as Document>::DOMAIN.to_vec()).unwrap(),
        "supervisor_ed25519_public_hex": hex::encode(supervisor.signing_public()),
        "canonical_json": String::from_utf8(signed_bytes(&signed.doc).unwrap()).unwrap(),
        "sha256": sha,
        "record_id": &sha[..24],
        "signed": signed,
    });
    assert_eq!(signed.doc.record_id(), sha[..24]);
    if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let v: Value = serde_json::from_slice(&std::fs::read(path()).expect("vector file; regenerate with TENDERBOX_WRITE_VECTORS=1")).unwrap();
    assert_eq!(v, fresh, "the signed entry no longer has the specified bytes");
    let back: SignedDoc<CreditEntry> = serde_json::from_value(v["signed"].clone()).unwrap();
    assert_eq!(back, signed);
}
