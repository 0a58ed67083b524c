//! Test vector of docs/spec/supervision-v1.md (docs/spec/vectors/supervision-v1.json): an
//! electronic guarantee signed by a guarantor and a complaint signed by a bidder, each from a
//! fixed seed. TENDERBOX_WRITE_VECTORS=1 regenerates it.

use serde_json::{Value, json};
use std::path::PathBuf;
use tenderbox_core::Decimal;
use tenderbox_core::complaint::{COMPLAINT_FORMAT, Complaint, ComplaintFile};
use tenderbox_core::security::{GUARANTEE_FORMAT, Guarantee};
use tenderbox_core::tender::Party;
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::DeterministicEntropy;
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_seal::signed::{Document, SignedDoc, doc_sha256, sign, signed_bytes, verify_doc};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors/supervision-v1.json")
}

fn party(name: &str, uscc: &str) -> Party {
    Party { name: name.into(), uscc: Uscc::parse(uscc).unwrap() }
}

fn entry<T: Document + serde::Serialize>(signed: &SignedDoc<T>, who: &SecretIdentity) -> Value {
    json!({
        "domain": String::from_utf8(T::DOMAIN.to_vec()).unwrap(),
        "signer_ed25519_public_hex": hex::encode(who.signing_public()),
        "canonical_json": String::from_utf8(signed_bytes(&signed.doc).unwrap()).unwrap(),
        "sha256": doc_sha256(&signed.doc).unwrap(),
        "signed": signed,
    })
}

#[test]
fn supervision_vector() {
    let bank = SecretIdentity::generate(&DeterministicEntropy::new(b"supervision-v1 guarantor"));
    let bidder = SecretIdentity::generate(&DeterministicEntropy::new(b"supervision-v1 bidder"));
    let guarantee = Guarantee {
        format: GUARANTEE_FORMAT,
        number: "湖银保函〔2026〕0520-01".into(),
        guarantor: party("湖州银行股份有限公司", "91330500MA28C0X1LJ"),
        beneficiary: party("湖州市南太湖新区管理委员会", "11330500MB1957366U"),
        applicant: party("长兴路桥工程有限公司", "91330502MA2B3C4D58"),
        tender: "HZ-GC-2026-0520".into(),
        amount: "200000.00".parse::<Decimal>().unwrap(),
        valid_from: "2026-12-03".into(),
        valid_until: "2027-03-31".into(),
        issued_at: Timestamp::parse("2026-12-03T01:30:00Z").unwrap(),
    };
    let complaint = Complaint {
        format: COMPLAINT_FORMAT,
        tender: "HZ-GC-2026-0520".into(),
        complainant: "91330502MA2B3C4D58".into(),
        respondent: "浙江湖信工程咨询有限公司".into(),
        step: "documents".into(),
        known_on: "2026-12-02".into(),
        facts: "招标文件以湖州市内业绩作为加分条件。".into(),
        requests: "责令删除该条款。".into(),
        files: vec![ComplaintFile { name: "招标文件第三章节选.pdf".into(), sha256: "ab".repeat(32), size: 48213 }],
        filed_at: Timestamp::parse("2026-12-03T02:00:00Z").unwrap(),
    };
    let g = sign(guarantee, "5b0e8f9a2c1d3e4f", &bank).unwrap();
    let c = sign(complaint, "9d2c7a1b3e4f5a6b", &bidder).unwrap();
    let mut ce = entry(&c, &bidder);
    ce["complaint_id"] = json!(c.doc.id());
    assert_eq!(c.doc.id(), ce["sha256"].as_str().unwrap()[..24]);
    let mut ge = entry(&g, &bank);
    ge["guarantee_id"] = json!(&ge["sha256"].as_str().unwrap()[..24]);
    let fresh = json!({
        "description": "An electronic guarantee signed by the guarantor generated from the seed 'supervision-v1 guarantor' and a complaint signed by the bidder from 'supervision-v1 bidder' (Ed25519 is deterministic). Ids are the first 24 hex digits of the SHA-256 of the canonical JSON.",
        "guarantee": ge,
        "complaint": ce,
    });
    if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let v: Value = serde_json::from_slice(&std::fs::read(path()).expect("vector file; regenerate with TENDERBOX_WRITE_VECTORS=1")).unwrap();
    assert_eq!(v, fresh, "the signed documents no longer have the specified bytes");
    let back: SignedDoc<Complaint> = serde_json::from_value(v["complaint"]["signed"].clone()).unwrap();
    assert_eq!(back, c);
    let back: SignedDoc<Guarantee> = serde_json::from_value(v["guarantee"]["signed"].clone()).unwrap();
    assert_eq!(back, g);
    // Each verifies against its author's key, and not against the other's.
    let at = Timestamp::parse("2026-12-01T00:00:00Z").unwrap();
    let bank_id = PublicIdentity::new(&bank, "湖州银行股份有限公司", Uscc::parse("91330500MA28C0X1LJ").unwrap(), at).unwrap();
    let bidder_id = PublicIdentity::new(&bidder, "长兴路桥工程有限公司", Uscc::parse("91330502MA2B3C4D58").unwrap(), at).unwrap();
    verify_doc(&back, &bank_id).unwrap();
    assert!(verify_doc(&back, &bidder_id).is_err());
}
