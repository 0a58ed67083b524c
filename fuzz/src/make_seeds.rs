//! Writes seed inputs for the fuzz targets into `corpus/<target>/`: a real
//! envelope, a real package plaintext, the payload stream, and the example tender.

use std::io::Write;
use tenderbox_core::tender::TenderDocument;
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::DeterministicEntropy;
use tenderbox_seal::envelope::{self, HeaderFacts, Recipients};
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_seal::package::{BidderRef, Manifest, PackageWriter, TenderRef, Tool};
use tenderbox_seal::stream::StreamWriter;

fn put(target: &str, name: &str, data: &[u8]) {
    let dir = std::path::Path::new("corpus").join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), data).unwrap();
}

fn main() {
    // The committee test vector's transcript and its parts.
    let v: serde_json::Value = serde_json::from_str(include_str!("../../docs/spec/vectors/committee-v1.json")).unwrap();
    let t = &v["transcript"];
    put("committee_transcript", "transcript.json", &serde_json::to_vec(t).unwrap());
    put("committee_transcript", "deal.json", &serde_json::to_vec(&t["deals"][0]).unwrap());
    put("committee_transcript", "verdict.json", &serde_json::to_vec(&t["verdicts"][1]).unwrap());
    put("committee_transcript", "commitment.json", &serde_json::to_vec(&t["commitments"][2]).unwrap());
    // The envelope vector's sealed machine fingerprint.
    let e: serde_json::Value = serde_json::from_str(include_str!("../../docs/spec/vectors/envelope-v1-bidder.json")).unwrap();
    put("machine_fingerprint", "sealed.json", &serde_json::to_vec(&e["manifest"]["machine"]).unwrap());

    let now = Timestamp::parse("2026-11-30T10:00:00Z").unwrap();
    let t = TenderDocument::example(now);
    put(
        "tender_document",
        "example.json",
        &serde_json::to_vec_pretty(&t).unwrap(),
    );
    put(
        "tender_document",
        "canonical.json",
        &t.canonical_bytes().unwrap(),
    );

    let ent = DeterministicEntropy::new(b"seeds");
    let s = SecretIdentity::generate(&ent);
    let p =
        PublicIdentity::new(&s, "seed", Uscc::parse("91350100M000100Y43").unwrap(), now).unwrap();
    let manifest = Manifest {
        format: 1,
        tender: TenderRef {
            id: t.id.clone(),
            version: 1,
            hash: t.hash_hex().unwrap(),
        },
        bidder: BidderRef::of(&p),
        lots: vec![],
        responses: vec![],
        attachments: vec![],
        tool: Tool {
            name: "tenderbox".into(),
            version: "seed".into(),
        },
        finalised_at: now,
        machine: None,
    };
    let mut pw = PackageWriter::new(Vec::new()).unwrap();
    pw.add("a.pdf", 5, &b"%PDF-"[..], &mut |_| {}).unwrap();
    pw.add("dir/b.txt", 3, &b"abc"[..], &mut |_| {}).unwrap();
    let (pkg, _) = pw.finish(manifest, &s).unwrap();
    put("package_container", "package.bin", &pkg);

    let mut sw = StreamWriter::new(&zeroize::Zeroizing::new([7u8; 32]), Vec::new());
    sw.write_all(&vec![1u8; 70_000]).unwrap();
    put("payload_stream", "two_chunks.bin", &sw.finish().unwrap());

    let enc = s.encryption_public();
    let facts = HeaderFacts {
        tender: t.id.clone(),
        tender_hash: t.hash_hex().unwrap(),
        bidder: p.uscc.to_string(),
    };
    let (w, _) = envelope::seal(
        Vec::new(),
        &facts,
        Recipients {
            bidder: Some(&enc),
            committee: None,
        },
        &ent,
    )
    .unwrap();
    put("envelope_header", "envelope.tbx", &w.finish().unwrap());
    println!("seeds written to corpus/");
}
