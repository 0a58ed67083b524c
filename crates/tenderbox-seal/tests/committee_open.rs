//! Threshold opening of whole bids: with n = 3 custodians and k = 2, every pair
//! opens a committee stanza, a single custodian cannot, and a forged partial is
//! rejected and named.

mod common;

use common::*;
use tenderbox_core::tender::StanzaKind;
use tenderbox_seal::bid::{Opener, open_bid};
use tenderbox_seal::committee::{self, CommitteeError};
use tenderbox_seal::package::DiscardSink;
use tenderbox_seal::{DeterministicEntropy, SealError, envelope};

#[test]
fn every_pair_of_custodians_opens_a_bid_and_one_cannot() {
    let ent = DeterministicEntropy::new(b"committee-bid");
    let (_, key, shares) = honest_key(&custodians(b"committee-bid", 3, 2, 1));
    let mut t = tender();
    t.envelope.required_stanzas = vec![StanzaKind::Bidder, StanzaKind::Committee];
    t.envelope.committee_opens_on_bidder_failure = true;
    t.threshold = 2;
    t.committee_public_key = Some(key.public_key.to_base64());
    let a = alice();
    let (sealed, manifest) = seal(&t, &a, [100, 70_000, 3], &ent);
    let header = envelope::read_header(&mut &sealed[..]).unwrap();
    header.require(&t.envelope.required_stanzas).unwrap();
    let r = header.committee_stanza().unwrap().share;
    let partials: Vec<_> = shares.iter().map(|s| committee::partial_decrypt(s, &key.public_key, &r, &ent).unwrap()).collect();

    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
        let combined = committee::combine(&key, &r, &[partials[i].clone(), partials[j].clone()]).unwrap();
        let (_, opened) =
            open_bid(&sealed[..], Opener::Committee(&combined), &mut DiscardSink, Some(&a.secret.signing_public()), &mut |_| {}).unwrap();
        assert_eq!(opened.manifest, manifest, "custodians {} and {}", i + 1, j + 1);
    }
    for p in &partials {
        assert_eq!(
            committee::combine(&key, &r, std::slice::from_ref(p)).unwrap_err(),
            CommitteeError::NotEnoughPartials { have: 1, need: 2 }
        );
    }
    // A forged partial is rejected and names custodian 3.
    let mut forged = partials[2].clone();
    forged.d = partials[0].d.clone();
    let err = committee::combine(&key, &r, &[partials[0].clone(), forged]).unwrap_err();
    assert_eq!(err.author(), Some(3));
}

#[test]
fn a_tender_that_requires_the_committee_refuses_to_seal_without_its_key() {
    let mut t = tender();
    t.envelope.required_stanzas = vec![StanzaKind::Bidder, StanzaKind::Committee];
    t.threshold = 2;
    let a = alice();
    let (d, _) = draft(&t, [1, 1, 1]);
    let req = tenderbox_seal::bid::SealRequest {
        tender: &t,
        draft: &d,
        identity: &a.public,
        secret: &a.secret,
        machine: &[],
        supervisors: &[],
        finalised_at: now(),
        tool_version: "0",
        omit_optional_committee: false,
    };
    let files = ["资质/营业执照.pdf", "技术标/施工组织设计.pdf", "业绩/合同.pdf"]
        .iter()
        .map(|n| tenderbox_seal::bid::AttachmentSource { name: n.to_string(), size: 1, reader: Box::new(&b"x"[..]) })
        .collect();
    let r = tenderbox_seal::bid::seal_bid(Vec::new(), &req, files, &DeterministicEntropy::new(b"k"), &mut |_, _| {});
    assert!(matches!(r, Err(SealError::NoCommitteeKey)));
}

#[test]
fn a_bid_without_the_required_committee_stanza_is_named() {
    let t = tender();
    let (sealed, _) = seal(&t, &alice(), [1, 1, 1], &DeterministicEntropy::new(b"n"));
    let h = envelope::read_header(&mut &sealed[..]).unwrap();
    let e = h.require(&[StanzaKind::Bidder, StanzaKind::Committee]).unwrap_err();
    assert_eq!(e.to_string(), "the envelope has no committee stanza");
}
