//! Test vector of docs/spec/evaluation-v1.md (docs/spec/vectors/evaluation-v1.json): a score
//! sheet signed by a member generated from a fixed seed. TENDERBOX_WRITE_VECTORS=1 regenerates it.

use serde_json::{Value, json};
use std::path::PathBuf;
use tenderbox_core::evaluation::{CriterionScore, SHEET_FORMAT, ScoreSheet};
use tenderbox_core::time::Timestamp;
use tenderbox_seal::DeterministicEntropy;
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::signed::{Document, SignedDoc, doc_sha256, sign, signed_bytes};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors/evaluation-v1.json")
}

#[test]
fn score_sheet_vector() {
    let member = SecretIdentity::generate(&DeterministicEntropy::new(b"evaluation-v1 member"));
    let sheet = ScoreSheet {
        format: SHEET_FORMAT,
        tender: "HZ-GC-2026-0417".into(),
        seat: "d1s3".into(),
        lot: "L1".into(),
        scores: vec![
            CriterionScore {
                bidder: "913305007109251234".into(),
                criterion: "C1".into(),
                score: "30".parse().unwrap(),
                comment: Some("施工组织设计完整，针对性强".into()),
            },
            CriterionScore { bidder: "913305007109251234".into(), criterion: "C2".into(), score: "8.5".parse().unwrap(), comment: None },
        ],
        signed_at: Timestamp::parse("2026-12-02T09:30:00Z").unwrap(),
    };
    let signed = sign(sheet, "5d0c6e1f2a3b4c5d", &member).unwrap();
    let fresh = json!({
        "description": "A score sheet signed by the member generated from the seed 'evaluation-v1 member' (Ed25519 is deterministic).",
        "domain": String::from_utf8(<ScoreSheet as Document>::DOMAIN.to_vec()).unwrap(),
        "member_ed25519_public_hex": hex::encode(member.signing_public()),
        "canonical_json": String::from_utf8(signed_bytes(&signed.doc).unwrap()).unwrap(),
        "sha256": doc_sha256(&signed.doc).unwrap(),
        "signed": signed,
    });
    if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let v: Value = serde_json::from_slice(&std::fs::read(path()).expect("vector file; regenerate with TENDERBOX_WRITE_VECTORS=1")).unwrap();
    assert_eq!(v, fresh, "the signed sheet no longer has the specified bytes");
    let back: SignedDoc<ScoreSheet> = serde_json::from_value(v["signed"].clone()).unwrap();
    assert_eq!(back, signed);
}
