//! Test vector of docs/spec/draw-v1.md (docs/spec/vectors/draw-v1.json): the commitment,
//! the seed, the pool hash, the first stream block and the committee drawn from fixed
//! inputs. Run with TENDERBOX_WRITE_VECTORS=1 to regenerate it after a deliberate change.

use serde_json::{Value, json};
use std::path::PathBuf;
use tenderbox_seal::draw::{Candidate, Stream, commitment, pool_hash, result_hash, seed, select};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors/draw-v1.json")
}

#[test]
fn draw_vector() {
    let secret = [0x11u8; 32];
    let root = [0x22u8; 32];
    let entropy = "监督员输入：2026-12-02 湖州".as_bytes();
    let pool: Vec<Candidate> =
        (0..12).map(|i| Candidate { id: format!("EXP-{i:04}"), employer: format!("91330500MA2800{:04}", i / 2) }).collect();
    let sd = seed("DRAW-HZ-2026-0001", 0, &secret, entropy, &root);
    let mut stream = Stream::new(&sd, "A08");
    let first: Vec<String> = (0..4).map(|_| format!("{:016x}", stream.next_u64())).collect();
    let mut chosen = vec![];
    let main = select(&sd, "A08", &pool, 3, &mut chosen).unwrap();
    let reserves = select(&sd, "A08/reserve", &pool, 2, &mut chosen).unwrap();
    let picks: Vec<(String, String)> = main
        .iter()
        .map(|c| ("A08".to_string(), c.id.clone()))
        .chain(reserves.iter().map(|c| ("A08/reserve".to_string(), c.id.clone())))
        .collect();
    let fresh = json!({
        "description": "Draw DRAW-HZ-2026-0001, round 0: secret = 32 bytes 0x11, checkpoint root = 32 bytes 0x22, the supervisor's entropy as UTF-8; 12 candidates, two per employer; 3 experts for A08, then 2 reserves (group 'A08/reserve').",
        "draw_id": "DRAW-HZ-2026-0001",
        "secret_hex": hex::encode(secret),
        "commitment_hex": hex::encode(commitment("DRAW-HZ-2026-0001", &secret)),
        "supervisor_entropy": String::from_utf8(entropy.to_vec()).unwrap(),
        "checkpoint_root_hex": hex::encode(root),
        "seed_hex": hex::encode(sd),
        "pool": pool.iter().map(|c| json!({ "id": c.id, "employer": c.employer })).collect::<Vec<_>>(),
        "pool_hash_hex": hex::encode(pool_hash(&secret, &pool)),
        "first_stream_values_A08": first,
        "selected": main.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        "reserves": reserves.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        "result_hash_hex": hex::encode(result_hash(&secret, 0, &picks)),
    });
    if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let v: Value = serde_json::from_slice(&std::fs::read(path()).expect("vector file; regenerate with TENDERBOX_WRITE_VECTORS=1")).unwrap();
    assert_eq!(v, fresh, "the draw no longer gives the specified results");
    // One expert per employer across the committee and its reserves.
    let mut employers: Vec<&str> = main.iter().chain(&reserves).map(|c| c.employer.as_str()).collect();
    employers.sort();
    employers.dedup();
    assert_eq!(employers.len(), 5);
}
