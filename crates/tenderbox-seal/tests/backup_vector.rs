//! Test vector of docs/spec/backup-v1.md, loaded from docs/spec/vectors/backup-v1.json.
//! Run with TENDERBOX_WRITE_VECTORS=1 to regenerate it after a deliberate format change.

use serde_json::{Value, json};
use std::path::PathBuf;
use tenderbox_seal::backup::{BackupReader, BackupWriter, new_header, read_header};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/spec/vectors/backup-v1.json")
}

#[test]
fn backup_vector() {
    let pass = "vector passphrase";
    let header = new_header([0x42; 16], 1000, "2026-12-02T08:00:00Z", "湖州建工集团有限公司", "9135021359498494XQ");
    let entries: [(&str, &[u8]); 2] = [("drafts/HZ-GC-2026-0417/bid.json", br#"{"format":1}"#), ("receipts.json", b"[]")];
    let mut w = BackupWriter::new(Vec::new(), pass, &header).unwrap();
    for (n, c) in entries {
        w.entry(n, c.len() as u64, &mut &c[..]).unwrap();
    }
    let file = w.finish().unwrap();
    let fresh = json!({
        "description": "A backup of two entries; salt = 16 bytes 0x42, 1000 PBKDF2 iterations (new backups use 600000).",
        "passphrase": pass,
        "entries": entries.iter().map(|(n, c)| json!({ "name": n, "content_hex": hex::encode(c) })).collect::<Vec<_>>(),
        "file_hex": hex::encode(&file),
    });
    if std::env::var_os("TENDERBOX_WRITE_VECTORS").is_some() {
        std::fs::write(path(), serde_json::to_string_pretty(&fresh).unwrap() + "\n").unwrap();
    }
    let v: Value = serde_json::from_slice(&std::fs::read(path()).expect("vector file; regenerate with TENDERBOX_WRITE_VECTORS=1")).unwrap();
    assert_eq!(v["file_hex"], fresh["file_hex"], "the writer no longer makes the specified bytes");
    // And the specified bytes read back to the specified entries.
    let bytes = hex::decode(v["file_hex"].as_str().unwrap()).unwrap();
    let mut input = &bytes[..];
    let (h, json) = read_header(&mut input).unwrap();
    assert_eq!(h, header);
    let mut r = BackupReader::open(input, v["passphrase"].as_str().unwrap(), &h, &json).unwrap();
    let mut got = Vec::new();
    while r
        .next(&mut |name, _, c| {
            let mut b = Vec::new();
            c.read_to_end(&mut b)?;
            got.push(json!({ "name": name, "content_hex": hex::encode(b) }));
            Ok(())
        })
        .unwrap()
        .is_some()
    {}
    assert_eq!(Value::Array(got), v["entries"]);
}
