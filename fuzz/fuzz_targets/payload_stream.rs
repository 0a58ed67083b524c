//! The STREAM decryptor over arbitrary ciphertext with a fixed key: truncation,
//! short chunks and garbage must all be errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Read;
use tenderbox_seal::stream::StreamReader;

fuzz_target!(|data: &[u8]| {
    let key = zeroize::Zeroizing::new([7u8; 32]);
    let mut r = StreamReader::new(&key, data);
    let mut sink = Vec::new();
    let _ = r.read_to_end(&mut sink);
});
