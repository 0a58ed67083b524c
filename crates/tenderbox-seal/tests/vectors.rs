//! Loads the test vectors in docs/spec/vectors and checks this implementation
//! against them.

use serde_json::Value;
use std::path::PathBuf;
use tenderbox_seal::checkpoint::{NoteSigner, open_note};
use tenderbox_seal::merkle::{self, Hash};

fn vectors(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors").join(name);
    serde_json::from_slice(&std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).unwrap()
}

fn h(v: &Value) -> Hash {
    hex::decode(v.as_str().unwrap()).unwrap().try_into().unwrap()
}

#[test]
fn merkle_roots_and_proofs_match_rfc6962_vectors() {
    let v = vectors("merkle.json");
    let leaves: Vec<Hash> =
        v["leaves_hex"].as_array().unwrap().iter().map(|l| merkle::leaf_hash(&hex::decode(l.as_str().unwrap()).unwrap())).collect();
    let roots: Vec<Hash> = v["roots_hex"].as_array().unwrap().iter().map(h).collect();
    for n in 0..=8 {
        assert_eq!(merkle::leaves_root(&leaves[..n]), roots[n], "root of size {n}");
    }
    for c in v["inclusion"].as_array().unwrap() {
        let (i, n) = (c["index"].as_u64().unwrap(), c["size"].as_u64().unwrap());
        let proof: Vec<Hash> = c["proof"].as_array().unwrap().iter().map(h).collect();
        assert_eq!(merkle::inclusion_proof(leaves.as_slice(), i, n).unwrap(), proof);
        merkle::verify_inclusion(&leaves[i as usize], i, n, &proof, &roots[n as usize]).unwrap();
    }
    for c in v["consistency"].as_array().unwrap() {
        let (m, n) = (c["first"].as_u64().unwrap(), c["second"].as_u64().unwrap());
        let proof: Vec<Hash> = c["proof"].as_array().unwrap().iter().map(h).collect();
        assert_eq!(merkle::consistency_proof(leaves.as_slice(), m, n).unwrap(), proof, "{m}->{n}");
        merkle::verify_consistency(m, n, &roots[m as usize], &roots[n as usize], &proof).unwrap();
    }
}

#[test]
fn signed_note_matches_the_c2sp_worked_example() {
    let v = vectors("signed-note.json");
    let signer = NoteSigner::from_private_key(v["private_key"].as_str().unwrap()).unwrap();
    assert_eq!(signer.verifier_key(), v["verifier_key"].as_str().unwrap());
    let note = signer.sign(v["text"].as_str().unwrap()).unwrap();
    assert_eq!(note, v["note"].as_str().unwrap());
    assert_eq!(open_note(&note, v["verifier_key"].as_str().unwrap()).unwrap(), v["text"].as_str().unwrap());
    assert!(open_note(&note.replace("cryptography", "cryptographY"), v["verifier_key"].as_str().unwrap()).is_err());
}
