//! Test vectors of docs/spec/envelope-v1.md and committee-v1.md, loaded from
//! docs/spec/vectors. Run with TENDERBOX_WRITE_VECTORS=1 to regenerate them after
//! a deliberate format change (and say so in the spec's change log).

mod common;

use common::*;
use serde_json::{Value, json};
use std::path::PathBuf;
use tenderbox_core::tender::StanzaKind;
use tenderbox_seal::bid::{Opener, open_bid};
use tenderbox_seal::ceremony::{self, CeremonyParams, Transcript};
use tenderbox_seal::committee::{self, PartialDecryption};
use tenderbox_seal::identity::SecretIdentity;
use tenderbox_seal::package::DiscardSink;
use tenderbox_seal::{DeterministicEntropy, envelope};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors").join(name)
}

fn load_or_write(name: &str, fresh: Value) -> Value {
    if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
        std::fs::write(path(name), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    serde_json::from_slice(&std::fs::read(path(name)).expect("vector file; regenerate with TENDERBOX_WRITE_VECTORS=1")).unwrap()
}

#[test]
fn bidder_envelope_vector() {
    let t = tender();
    let a = alice();
    let (sealed, manifest) = seal(&t, &a, [5, 3, 0], &DeterministicEntropy::new(b"vector/envelope"));
    let fresh = json!({
        "description": "A complete bid sealed to the bidder stanza only; tender = TenderDocument::example(2026-11-30T10:00:00Z); entropy = SHA-256(seed || counter) with seed 'vector/envelope'.",
        "tender_sha256": t.hash_hex().unwrap(),
        "bidder_secret_hex": hex::encode(&*a.secret.to_bytes()),
        "supervisor_id": supervision_recipient(&supervisor()).id,
        "supervisor_secret_hex": hex::encode(&*supervisor().secret.to_bytes()),
        "machine_hashes": tenderbox_seal::package::machine_hashes(&t.id, &machine_components()),
        "envelope_hex": hex::encode(&sealed),
        "manifest": manifest,
    });
    let v = load_or_write("envelope-v1-bidder.json", fresh);
    // The supervisor opens the sealed machine fingerprint to the specified hashes.
    let sup = SecretIdentity::from_bytes(&hex::decode(v["supervisor_secret_hex"].as_str().unwrap()).unwrap()).unwrap();
    let sealed_machine: tenderbox_seal::package::SealedMachine = serde_json::from_value(v["manifest"]["machine"].clone()).unwrap();
    let opened_machine = tenderbox_seal::package::open_machine(
        &sealed_machine,
        &t.id,
        v["manifest"]["bidder"]["uscc"].as_str().unwrap(),
        v["supervisor_id"].as_str().unwrap(),
        &sup,
    )
    .unwrap();
    assert_eq!(serde_json::to_value(&opened_machine).unwrap(), v["machine_hashes"]);
    assert_eq!(v["tender_sha256"], t.hash_hex().unwrap(), "the example tender's canonical bytes changed");
    let stored = hex::decode(v["envelope_hex"].as_str().unwrap()).unwrap();
    assert_eq!(hex::encode(&sealed), v["envelope_hex"].as_str().unwrap(), "sealing is no longer byte-for-byte the specified format");
    let me = SecretIdentity::from_bytes(&hex::decode(v["bidder_secret_hex"].as_str().unwrap()).unwrap()).unwrap();
    let (_, opened) = open_bid(&stored[..], Opener::Bidder(&me), &mut DiscardSink, None, &mut |_| {}).unwrap();
    assert_eq!(serde_json::to_value(&opened.manifest).unwrap(), v["manifest"]);
}

#[test]
fn committee_envelope_vector() {
    let ent = DeterministicEntropy::new(b"vector/committee");
    let c = custodians(b"vector/committee", 3, 2, 1);
    let (transcript, key, _) = honest_key(&c);
    let mut t = tender();
    t.envelope.required_stanzas = vec![StanzaKind::Committee];
    t.threshold = 2;
    t.committee_public_key = Some(key.public_key.to_base64());
    let a = alice();
    let (sealed, manifest) = seal(&t, &a, [4, 4, 4], &ent);
    let fresh = json!({
        "description": "A committee key ceremony of 3 custodians (k = 2): commitments, signed deals with proofs of knowledge, verdicts; and a bid sealed to the bidder and committee stanzas. Any two partials open it.",
        "custodian_secrets_hex": c.ids.iter().map(|c| hex::encode(&*c.to_bytes())).collect::<Vec<_>>(),
        "params": c.params,
        "ceremony_id": c.params.id(),
        "transcript": transcript,
        "committee_public_key": key.public_key.to_base64(),
        "envelope_hex": hex::encode(&sealed),
        "manifest": manifest,
    });
    let v = load_or_write("committee-v1.json", fresh);

    // Everything below uses only the stored data.
    let ids: Vec<SecretIdentity> = v["custodian_secrets_hex"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| SecretIdentity::from_bytes(&hex::decode(s.as_str().unwrap()).unwrap()).unwrap())
        .collect();
    let params: CeremonyParams = serde_json::from_value(v["params"].clone()).unwrap();
    assert_eq!(params.id(), v["ceremony_id"].as_str().unwrap(), "the ceremony id is no longer computed as specified");
    let transcript: Transcript = serde_json::from_value(v["transcript"].clone()).unwrap();
    // Dealing is deterministic from the identity and the ceremony: the stored deals
    // and commitments are reproduced byte for byte.
    for (i, s) in ids.iter().enumerate() {
        assert_eq!(ceremony::deal(&params, s).unwrap(), transcript.deals[i]);
        assert_eq!(ceremony::commit(&params, s).unwrap(), transcript.commitments[i]);
    }
    let key = ceremony::evaluate(&params, &transcript).unwrap().key.unwrap();
    assert_eq!(key.public_key.to_base64(), v["committee_public_key"].as_str().unwrap());
    let sealed = hex::decode(v["envelope_hex"].as_str().unwrap()).unwrap();
    let r = envelope::read_header(&mut &sealed[..]).unwrap().committee_stanza().unwrap().share;
    let e = DeterministicEntropy::new(b"partials");
    let partials: Vec<PartialDecryption> = ids
        .iter()
        .map(|s| {
            committee::partial_decrypt(&ceremony::secret_share(&params, s, &transcript, &key).unwrap(), &key.public_key, &r, &e).unwrap()
        })
        .collect();
    let combined = committee::combine(&key, &r, &partials[1..]).unwrap();
    let (_, opened) = open_bid(&sealed[..], Opener::Committee(&combined), &mut DiscardSink, None, &mut |_| {}).unwrap();
    assert_eq!(serde_json::to_value(&opened.manifest).unwrap(), v["manifest"]);
    let _ = manifest;
}
