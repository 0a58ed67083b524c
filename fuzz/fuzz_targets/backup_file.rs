//! The backup reader (docs/spec/backup-v1.md): the raw file's header parser on arbitrary
//! bytes, and the entry parser on arbitrary *authentic* bodies (encrypted here under the
//! known key, so the fuzzer reaches past the AEAD). Errors, never panics, and no unsafe
//! entry name is ever handed out.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;
use tenderbox_seal::backup::{BackupReader, MAGIC, entry_name_ok, new_header, read_header};

fuzz_target!(|data: &[u8]| {
    let mut raw = data;
    let _ = read_header(&mut raw);

    let pass = "fuzz passphrase";
    let header = new_header([9u8; 16], 1, "2026-12-02T08:00:00Z", "fuzz", "9135021359498494XQ");
    let json = serde_json::to_vec(&header).unwrap();
    let mut key = zeroize::Zeroizing::new([0u8; 32]);
    ring::pbkdf2::derive(ring::pbkdf2::PBKDF2_HMAC_SHA256, std::num::NonZeroU32::new(1).unwrap(), &[9u8; 16], pass.as_bytes(), &mut key[..]);
    let mut file = Vec::new();
    file.extend_from_slice(MAGIC);
    file.extend_from_slice(&(json.len() as u32).to_be_bytes());
    file.extend_from_slice(&json);
    let mut s = tenderbox_seal::stream::StreamWriter::new(&key, file);
    s.write_all(&tenderbox_core::sha256(&json)).unwrap();
    s.write_all(data).unwrap();
    let file = s.finish().unwrap();

    let mut input = &file[..];
    let (h, hj) = read_header(&mut input).unwrap();
    let Ok(mut r) = BackupReader::open(input, pass, &h, &hj) else { return };
    for _ in 0..1000 {
        match r.next(&mut |name, _, c| {
            assert!(entry_name_ok(name), "an unsafe name was handed out: {name:?}");
            let mut sink = [0u8; 4096];
            while c.read(&mut sink)? > 0 {}
            Ok(())
        }) {
            Ok(Some(_)) => {}
            _ => break,
        }
    }
});
