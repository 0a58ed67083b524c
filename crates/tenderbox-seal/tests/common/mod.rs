#![allow(dead_code)]
//! Builds real sealed bids for the integration tests.

use std::io::Cursor;
use tenderbox_core::bid::{BidDraft, DraftAttachment};
use tenderbox_core::tender::TenderDocument;
use tenderbox_core::time::Timestamp;
use tenderbox_core::uscc::Uscc;
use tenderbox_seal::bid::{AttachmentSource, SealRequest, seal_bid};
use tenderbox_seal::identity::{PublicIdentity, SecretIdentity};
use tenderbox_seal::package::Manifest;
use tenderbox_seal::{DeterministicEntropy, Entropy};

pub const NOW: &str = "2026-11-30T10:00:00Z";

pub fn now() -> Timestamp {
    Timestamp::parse(NOW).unwrap()
}

pub fn tender() -> TenderDocument {
    TenderDocument::example(now())
}

pub struct Bidder {
    pub secret: SecretIdentity,
    pub public: PublicIdentity,
}

pub fn bidder(seed: &[u8], uscc: &str, name: &str) -> Bidder {
    let secret = SecretIdentity::generate(&DeterministicEntropy::new(seed));
    let public = PublicIdentity::new(&secret, name, Uscc::parse(uscc).unwrap(), now()).unwrap();
    Bidder { secret, public }
}

pub fn alice() -> Bidder {
    bidder(b"alice", "9135021359498494XQ", "湖州建工集团有限公司")
}

/// The supervision office (湖州市公共资源交易监督管理办公室), recipient of machine fingerprints.
pub fn supervisor() -> Bidder {
    bidder(b"supervisor", "11330500MB1957366U", "湖州市公共资源交易监督管理办公室")
}

/// A supervisor as a sealing recipient: platform identity id and encryption key.
pub fn supervision_recipient(s: &Bidder) -> tenderbox_seal::package::Supervisor {
    let id = hex::encode(&tenderbox_core::sha256(s.public.signing_key.as_bytes())[..16]);
    tenderbox_seal::package::Supervisor { id, encryption_key: s.public.encryption_key_bytes().unwrap() }
}

pub fn bob() -> Bidder {
    bidder(b"bob", "91350213678251743X", "长兴路桥工程有限公司")
}

/// A complete draft with three attachments of the given sizes.
pub fn draft(t: &TenderDocument, sizes: [usize; 3]) -> (BidDraft, Vec<(String, Vec<u8>)>) {
    let mut d = BidDraft::new(t).unwrap();
    d.lots[0].price = Some("11250000.00".parse().unwrap());
    d.lots[0].duration_days = Some(240);
    d.lots[0].quality = Some("合格".into());
    let names = ["资质/营业执照.pdf", "技术标/施工组织设计.pdf", "业绩/合同.pdf"];
    let files: Vec<(String, Vec<u8>)> =
        names.iter().zip(sizes).map(|(n, s)| (n.to_string(), (0..s).map(|i| (i * 7 + n.len()) as u8).collect())).collect();
    d.attachments = names.iter().map(|n| DraftAttachment { name: n.to_string(), file: format!("files/{n}") }).collect();
    for (item, text, att) in [
        ("Q1", "我方承诺按招标文件要求完成本工程。", None),
        ("Q2", "", Some(names[0])),
        ("T1", "详见施工组织设计。", Some(names[1])),
        ("T2", "项目经理：王建国，一级建造师。", None),
        ("T3", "", Some(names[2])),
    ] {
        let r = d.response_mut("L1", item).unwrap();
        r.text = text.into();
        r.attachments = att.into_iter().map(String::from).collect();
    }
    (d, files)
}

/// The raw machine fingerprint of the test bids.
pub fn machine_components() -> Vec<(String, String)> {
    vec![("cpu".to_string(), "Intel Xeon".to_string()), ("mac".to_string(), "52:54:00:12:34:56".to_string())]
}

pub fn seal(t: &TenderDocument, who: &Bidder, sizes: [usize; 3], ent: &dyn Entropy) -> (Vec<u8>, Manifest) {
    let (d, files) = draft(t, sizes);
    let machine = machine_components();
    let req = SealRequest {
        tender: t,
        draft: &d,
        identity: &who.public,
        secret: &who.secret,
        machine: &machine,
        supervisors: &[supervision_recipient(&supervisor())],
        finalised_at: now(),
        tool_version: "0.1.0",
        omit_optional_committee: false,
    };
    let sources = files
        .iter()
        .map(|(n, b)| AttachmentSource { name: n.clone(), size: b.len() as u64, reader: Box::new(Cursor::new(b.clone())) })
        .collect();
    let (out, manifest, _) = seal_bid(Vec::new(), &req, sources, ent, &mut |_, _| {}).unwrap();
    (out, manifest)
}

/// Custodians of a test ceremony and its parameters.
pub struct Custodians {
    pub ids: Vec<SecretIdentity>,
    pub params: tenderbox_seal::ceremony::CeremonyParams,
}

pub fn custodians(seed: &[u8], n: usize, k: u32, epoch: u32) -> Custodians {
    use tenderbox_seal::ceremony::{CeremonyParams, CustodianKeys};
    let ent = DeterministicEntropy::new(seed);
    let ids: Vec<SecretIdentity> = (0..n).map(|_| SecretIdentity::generate(&ent)).collect();
    let b64 = |b: &[u8]| {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(b)
    };
    let keys = ids
        .iter()
        .map(|s| CustodianKeys {
            id: hex::encode(&tenderbox_core::sha256(b64(&s.signing_public()).as_bytes())[..16]),
            signing_key: b64(&s.signing_public()),
            encryption_key: b64(&s.encryption_public()),
        })
        .collect();
    let params = CeremonyParams::new("HZ-GC-2026-0417", epoch, k, keys).unwrap();
    Custodians { ids, params }
}

/// Runs an honest ceremony to the end: commitments, deals, verdicts.
pub fn honest_transcript(c: &Custodians) -> tenderbox_seal::ceremony::Transcript {
    use tenderbox_seal::ceremony;
    let mut t = ceremony::Transcript::default();
    t.commitments = c.ids.iter().map(|s| ceremony::commit(&c.params, s).unwrap()).collect();
    t.deals = c.ids.iter().map(|s| ceremony::deal(&c.params, s).unwrap()).collect();
    t.verdicts = c.ids.iter().map(|s| ceremony::verdict(&c.params, s, &t.deals).unwrap()).collect();
    t
}

/// The key and every custodian's share after an honest ceremony.
pub fn honest_key(
    c: &Custodians,
) -> (tenderbox_seal::ceremony::Transcript, tenderbox_seal::committee::CommitteeKey, Vec<tenderbox_seal::committee::SecretShare>) {
    use tenderbox_seal::ceremony;
    let t = honest_transcript(c);
    let key = ceremony::evaluate(&c.params, &t).unwrap().key.unwrap();
    let shares = c.ids.iter().map(|s| ceremony::secret_share(&c.params, s, &t, &key).unwrap()).collect();
    (t, key, shares)
}
