//! Tamper tests (docs/security.md): every alteration of a sealed bid is
//! detected with an error, never a panic and never a silent success.

mod common;

use common::*;
use std::collections::BTreeMap;
use std::io::Write;
use tenderbox_seal::bid::{Opener, open_bid};
use tenderbox_seal::package::{AttachmentSink, DiscardSink, OpenedPackage};
use tenderbox_seal::stream::ENCRYPTED_CHUNK;
use tenderbox_seal::{DeterministicEntropy, SealError, envelope};

#[derive(Default)]
struct MemSink(BTreeMap<String, Vec<u8>>);
struct MemFile<'a>(&'a mut Vec<u8>);
impl Write for MemFile<'_> {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
impl AttachmentSink for MemSink {
    fn create(&mut self, name: &str, _: u64) -> std::io::Result<Box<dyn Write + '_>> {
        Ok(Box::new(MemFile(self.0.entry(name.to_string()).or_default())))
    }
}

fn open(bytes: &[u8], who: &Bidder) -> Result<OpenedPackage, SealError> {
    let signer = who.secret.signing_public();
    open_bid(bytes, Opener::Bidder(&who.secret), &mut DiscardSink, Some(&signer), &mut |_| {}).map(|(_, p)| p)
}

#[test]
fn a_sealed_bid_opens_with_every_attachment_intact() {
    let t = tender();
    let a = alice();
    let (sealed, manifest) = seal(&t, &a, [1000, 200_000, 0], &DeterministicEntropy::new(b"s1"));
    let mut sink = MemSink::default();
    let (h, p) = open_bid(&sealed[..], Opener::Bidder(&a.secret), &mut sink, Some(&a.secret.signing_public()), &mut |_| {}).unwrap();
    assert_eq!(p.manifest, manifest);
    assert_eq!(p.manifest.lots[0].price_upper, "壹仟壹佰贰拾伍万元整");
    assert_eq!(sink.0["技术标/施工组织设计.pdf"].len(), 200_000);
    assert_eq!(h.header.bidder, "9135021359498494XQ");
    // The public header carries no price.
    let header_text = String::from_utf8_lossy(&h.mac_input).to_string();
    assert!(!header_text.contains("11250000"));
}

#[test]
fn every_single_byte_flip_is_detected() {
    let t = tender();
    let a = alice();
    let (sealed, _) = seal(&t, &a, [300, 500, 200], &DeterministicEntropy::new(b"flip"));
    assert!(open(&sealed, &a).is_ok());
    for i in 0..sealed.len() {
        let mut bad = sealed.clone();
        bad[i] ^= 0x01;
        let r = std::panic::catch_unwind(|| open(&bad, &a));
        match r {
            Ok(Err(_)) => {}
            Ok(Ok(_)) => panic!("flipping byte {i} of {} went undetected", sealed.len()),
            Err(_) => panic!("flipping byte {i} caused a panic"),
        }
    }
}

#[test]
fn truncation_at_and_between_chunk_boundaries_is_detected() {
    let t = tender();
    let a = alice();
    let (sealed, _) = seal(&t, &a, [70_000, 150_000, 10], &DeterministicEntropy::new(b"trunc"));
    let preamble = envelope::read_header(&mut &sealed[..]).unwrap().len();
    let chunks = (sealed.len() - preamble).div_ceil(ENCRYPTED_CHUNK);
    assert!(chunks >= 3);
    let mut cuts = vec![0, 5, preamble - 1, preamble, preamble + 1, sealed.len() - 1];
    for c in 1..chunks {
        let b = preamble + c * ENCRYPTED_CHUNK;
        cuts.extend([b - 1, b, b + 1, b + ENCRYPTED_CHUNK / 2]);
    }
    for cut in cuts.into_iter().filter(|c| *c < sealed.len()) {
        let e = open(&sealed[..cut], &a).expect_err(&format!("cut at {cut} not detected"));
        let _ = e.code();
    }
    // Cut exactly at a chunk boundary: reported as truncation.
    let at = preamble + 2 * ENCRYPTED_CHUNK;
    assert!(matches!(open(&sealed[..at], &a), Err(SealError::Truncated)));
}

#[test]
fn reordered_and_duplicated_chunks_are_detected() {
    let t = tender();
    let a = alice();
    let (sealed, _) = seal(&t, &a, [70_000, 150_000, 10], &DeterministicEntropy::new(b"order"));
    let p = envelope::read_header(&mut &sealed[..]).unwrap().len();
    let (head, body) = sealed.split_at(p);
    let chunk = |i: usize| &body[i * ENCRYPTED_CHUNK..((i + 1) * ENCRYPTED_CHUNK).min(body.len())];
    let swapped = [head, chunk(1), chunk(0), chunk(2), chunk(3)].concat();
    assert!(matches!(open(&swapped, &a), Err(SealError::CorruptChunk { chunk: 0 })));
    let duplicated = [head, chunk(0), chunk(1), chunk(1), chunk(2), chunk(3)].concat();
    assert!(matches!(open(&duplicated, &a), Err(SealError::CorruptChunk { chunk: 2 })));
    let dropped = [head, chunk(0), chunk(2), chunk(3)].concat();
    assert!(open(&dropped, &a).is_err());
}

#[test]
fn stanzas_and_payloads_swapped_between_bids_are_detected() {
    let t = tender();
    let (a, b) = (alice(), bob());
    let (sa, _) = seal(&t, &a, [100, 100, 100], &DeterministicEntropy::new(b"a"));
    let (sb, _) = seal(&t, &b, [100, 100, 100], &DeterministicEntropy::new(b"b"));
    let ha = envelope::read_header(&mut &sa[..]).unwrap();
    let hb = envelope::read_header(&mut &sb[..]).unwrap();

    // Alice's header with Bob's payload: the payload key differs.
    let mixed = [&sa[..ha.len()], &sb[hb.len()..]].concat();
    assert!(matches!(open(&mixed, &a), Err(SealError::CorruptChunk { chunk: 0 })));

    // Bob's stanza put into Alice's header (re-encoded canonically): Bob's key
    // opens the stanza, but the header MAC no longer matches.
    let mut h = ha.header.clone();
    h.stanzas = hb.header.stanzas.clone();
    let body = tenderbox_core::canonical::to_canonical_vec(&h).unwrap();
    let mut forged = envelope::MAGIC.to_vec();
    forged.extend_from_slice(&(body.len() as u32).to_be_bytes());
    forged.extend_from_slice(&body);
    forged.extend_from_slice(&hb.mac);
    forged.extend_from_slice(&sa[ha.len()..]);
    assert!(matches!(open(&forged, &b), Err(SealError::HeaderMac)));
    assert!(matches!(open(&forged, &a), Err(SealError::NoMatchingStanza)));

    // Bob's whole envelope presented as Alice's: the signer is not Alice.
    let err = open_bid(&sb[..], Opener::Bidder(&b.secret), &mut DiscardSink, Some(&a.secret.signing_public()), &mut |_| {}).unwrap_err();
    assert!(matches!(err, SealError::SignerMismatch { .. }));
}

#[test]
fn a_manifest_signed_by_another_identity_is_rejected() {
    use tenderbox_seal::envelope::{HeaderFacts, Recipients};
    use tenderbox_seal::package::{BidderRef, PackageWriter};
    let t = tender();
    let (a, mallory) = (alice(), bob());
    let (_, manifest) = seal(&t, &a, [10, 10, 10], &DeterministicEntropy::new(b"m"));
    let ent = DeterministicEntropy::new(b"forge");
    let enc = a.secret.encryption_public();
    let facts = HeaderFacts { tender: t.id.clone(), tender_hash: t.hash_hex().unwrap(), bidder: a.public.uscc.to_string() };

    // Mallory signs a manifest that names Alice as the bidder but its own keys.
    let (stream, _) = envelope::seal(Vec::new(), &facts, Recipients { bidder: Some(&enc), committee: None }, &ent).unwrap();
    let mut m = manifest.clone();
    m.bidder = BidderRef { uscc: a.public.uscc.to_string(), ..BidderRef::of(&mallory.public) };
    m.attachments.clear();
    let (stream, _) = PackageWriter::new(stream).unwrap().finish(m, &mallory.secret).unwrap();
    let sealed = stream.finish().unwrap();
    assert!(matches!(open(&sealed, &a), Err(SealError::SignerMismatch { .. })));
    // Without an expected signer, the binding check still refuses it: the bidder
    // stanza is not addressed to the manifest's encryption key.
    let r = open_bid(&sealed[..], Opener::Bidder(&a.secret), &mut DiscardSink, None, &mut |_| {});
    assert!(matches!(r, Err(SealError::ManifestMismatch(_))));
}

#[test]
fn names_that_escape_the_folder_are_refused_before_anything_is_written() {
    let t = tender();
    let a = alice();
    let (mut d, _) = draft(&t, [1, 1, 1]);
    d.attachments[0].name = "../../etc/passwd".into();
    let machine = vec![];
    let req = tenderbox_seal::bid::SealRequest {
        tender: &t,
        draft: &d,
        identity: &a.public,
        secret: &a.secret,
        machine: &machine,
        supervisors: &[],
        finalised_at: now(),
        tool_version: "0",
        omit_optional_committee: false,
    };
    let mut out = Vec::new();
    let r = tenderbox_seal::bid::seal_bid(&mut out, &req, vec![], &DeterministicEntropy::new(b"x"), &mut |_, _| {});
    assert!(matches!(r, Err(SealError::Incomplete(_))));
    assert!(out.is_empty(), "nothing may be written for a refused draft");
}

#[test]
fn plaintext_and_garbage_are_not_envelopes() {
    let a = alice();
    assert!(matches!(open(b"%PDF-1.7 this is a plaintext bid", &a), Err(SealError::NotAnEnvelope)));
    assert!(matches!(open(b"", &a), Err(SealError::NotAnEnvelope)));
}
