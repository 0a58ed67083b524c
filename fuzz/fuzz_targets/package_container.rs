//! The bid package reader (docs/spec/package-v1.md): entry tags, names, sizes,
//! attachment data, manifest and signature, trailing data.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tenderbox_seal::package::{DiscardSink, read_package};

fuzz_target!(|data: &[u8]| {
    let _ = read_package(data, &mut DiscardSink, None, &mut |_| {});
});
