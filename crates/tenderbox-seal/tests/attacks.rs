//! The threat model of the committee key, as code (docs/security.md). Each test
//! is an attack by one party — a custodian, the agency, the platform operator —
//! and shows that it fails. Before the signed ceremony (commit, reveal, verdicts,
//! answers), the rogue-key, substitution, unchecked-share and false-complaint
//! attacks all succeeded: a deal carried no proof and no signature, and a
//! complaint alone removed a dealer.

mod common;

use common::*;
use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT as G;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use tenderbox_seal::DeterministicEntropy;
use tenderbox_seal::ceremony::{self, CeremonyParams, ComplaintEntry, Phase, Verdict, deal_hash, evaluate, sign};
use tenderbox_seal::committee::{self, CommitteeError};
use tenderbox_seal::identity::SecretIdentity;

fn b64(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

fn point(s: &str) -> RistrettoPoint {
    use base64::Engine;
    let b: [u8; 32] = base64::engine::general_purpose::STANDARD.decode(s).unwrap().try_into().unwrap();
    CompressedRistretto(b).decompress().unwrap()
}

/// The transcript with custodian `who`'s deal replaced by `d` (re-committed and
/// re-signed by `who`, so only the deal's own content is on trial).
fn with_deal(c: &Custodians, mut t: ceremony::Transcript, who: usize, d: committee::Deal) -> ceremony::Transcript {
    let d = sign(d, &c.ids[who]);
    let mut commit = t.commitments[who].clone();
    commit.deal_hash = deal_hash(&d);
    t.commitments[who] = sign(commit, &c.ids[who]);
    t.deals[who] = d;
    t.verdicts.clear();
    t
}

#[test]
fn rogue_key_attack_by_the_last_dealer_is_refused() {
    // Custodian 3 (say, an agency that is also a custodian) has seen the other
    // constant commitments and posts C₀ = t·G − C₁₀ − C₂₀, so that the committee
    // key would be t·G with t known to it alone.
    let c = custodians(b"rogue", 3, 2, 1);
    let t = honest_transcript(&c);
    let t_secret = Scalar::from(424242u64);
    let rogue = t_secret * G - point(&t.deals[0].commitments[0]) - point(&t.deals[1].commitments[0]);
    let mut d3 = t.deals[2].clone();
    d3.commitments[0] = b64(&rogue.compress().to_bytes());
    let forged = with_deal(&c, t.clone(), 2, d3);
    let err = evaluate(&c.params, &forged).unwrap_err();
    assert!(matches!(err, CommitteeError::BadDeal { dealer: 3, .. }), "{err}");
    assert!(err.to_string().contains("proof of knowledge"), "{err}");

    // Nor can it borrow dealer 1's commitment and proof under its own number.
    let mut d3 = t.deals[2].clone();
    d3.commitments[0] = t.deals[0].commitments[0].clone();
    d3.proof = t.deals[0].proof.clone();
    let err = evaluate(&c.params, &with_deal(&c, t.clone(), 2, d3)).unwrap_err();
    assert_eq!(err.author(), Some(3), "{err}");

    // Or a proof made for another ceremony of the same custodians (a new epoch).
    let other = custodians(b"rogue", 3, 2, 2);
    let mut d3 = t.deals[2].clone();
    let d3_other = ceremony::deal(&other.params, &other.ids[2]).unwrap();
    d3.commitments = d3_other.commitments;
    d3.proof = d3_other.proof;
    assert_eq!(evaluate(&c.params, &with_deal(&c, t, 2, d3)).unwrap_err().author(), Some(3));
}

#[test]
fn dealer_cannot_reveal_before_everyone_committed_or_change_its_deal_after() {
    let c = custodians(b"commit-first", 3, 2, 1);
    let t = honest_transcript(&c);
    // A deal revealed while custodian 3 has not yet committed.
    let mut early = t.clone();
    early.commitments.pop();
    early.deals.truncate(1);
    early.verdicts.clear();
    assert!(matches!(evaluate(&c.params, &early), Err(CommitteeError::Malformed(_))));
    // A deal that is not the one committed to (chosen after seeing the others).
    let mut changed = t.clone();
    changed.verdicts.clear();
    let mut d3 = changed.deals[2].clone();
    d3.commitments.swap(0, 1);
    changed.deals[2] = sign(d3, &c.ids[2]);
    let err = evaluate(&c.params, &changed).unwrap_err();
    assert!(matches!(err, CommitteeError::BadDeal { dealer: 3, .. }), "{err}");
    assert!(err.to_string().contains("committed"), "{err}");
}

#[test]
fn operator_substituted_deal_is_refused_naming_the_custodian() {
    // The platform operator replaces custodian 2's deal with one of its own
    // (it would know that share of the key). It cannot sign as custodian 2.
    let c = custodians(b"substitute", 3, 2, 1);
    let mut t = honest_transcript(&c);
    let operator = SecretIdentity::generate(&DeterministicEntropy::new(b"operator"));
    let mut mine = ceremony::deal(&c.params, &c.ids[1]).unwrap();
    mine.commitments.reverse();
    t.deals[1] = sign(mine, &operator);
    let err = evaluate(&c.params, &t).unwrap_err();
    assert!(matches!(err, CommitteeError::BadMessage { custodian: 2, .. }), "{err}");
    assert!(err.to_string().contains("signature"), "{err}");

    // Nor can it replay custodian 2's own deal from an earlier ceremony (before an
    // amendment changed the custodians or the threshold).
    let old = custodians(b"substitute", 3, 2, 1);
    let new = custodians(b"substitute", 3, 2, 3);
    let mut t = honest_transcript(&new);
    t.deals[1] = ceremony::deal(&old.params, &old.ids[1]).unwrap();
    assert_eq!(evaluate(&new.params, &t).unwrap_err().author(), Some(2));
}

#[test]
fn key_does_not_exist_until_every_custodian_has_checked_its_shares() {
    let c = custodians(b"acks", 3, 2, 1);
    let mut t = honest_transcript(&c);
    t.verdicts.pop();
    let o = evaluate(&c.params, &t).unwrap();
    assert_eq!(o.phase, Phase::Verify);
    assert!(o.key.is_none(), "a key before custodian 3 acknowledged its shares");
    // A verdict that skips a deal is refused.
    let mut v = t.verdicts[0].clone();
    v.acks.pop();
    t.verdicts[0] = sign(v, &c.ids[0]);
    assert_eq!(evaluate(&c.params, &t).unwrap_err().author(), Some(1));
}

#[test]
fn false_complaint_costs_the_complainer_its_seat_not_the_honest_dealer() {
    let c = custodians(b"false-complaint", 3, 2, 1);
    let mut t = honest_transcript(&c);
    // Custodian 1 lies that dealer 2's share was bad, to push dealer 2 out.
    let h2 = deal_hash(&t.deals[1]);
    let v = Verdict {
        tender: c.params.tender.clone(),
        ceremony: c.params.id(),
        custodian: 1,
        acks: t.verdicts[0].acks.iter().filter(|a| a.dealer != 2).cloned().collect(),
        complaints: vec![ComplaintEntry { dealer: 2, deal_hash: h2, reason: "it does not decrypt".into() }],
        signature: String::new(),
    };
    t.verdicts[0] = sign(v, &c.ids[0]);
    let o = evaluate(&c.params, &t).unwrap();
    assert_eq!(o.phase, Phase::Answer);
    assert!(o.key.is_none(), "a complaint alone must not settle the key");
    // Dealer 2 answers by revealing the share's ephemeral secret.
    t.answers.push(ceremony::answer(&c.params, &c.ids[1], 1).unwrap());
    let o = evaluate(&c.params, &t).unwrap();
    assert_eq!(o.phase, Phase::Done);
    assert!(o.disqualified.contains_key(&1) && !o.disqualified.contains_key(&2), "{:?}", o.disqualified);
    let key = o.key.unwrap();
    assert_eq!(key.qualified, vec![2, 3]);
    // Custodians 2 and 3 still open bids; the liar's partial no longer counts.
    let shares: Vec<_> = c.ids[1..].iter().map(|s| ceremony::secret_share(&c.params, s, &t, &key).unwrap()).collect();
    let e = DeterministicEntropy::new(b"p");
    let r = (Scalar::from(77u64) * G).compress().to_bytes();
    let p2 = committee::partial_decrypt(&shares[0], &key.public_key, &r, &e).unwrap();
    let p3 = committee::partial_decrypt(&shares[1], &key.public_key, &r, &e).unwrap();
    committee::combine(&key, &r, &[p2, p3]).unwrap();
}

#[test]
fn cheating_dealer_is_disqualified_by_its_own_answer() {
    let c = custodians(b"cheat", 3, 2, 1);
    let t = honest_transcript(&c);
    // Dealer 2 sends custodian 1 garbage.
    let mut d2 = t.deals[1].clone();
    d2.shares[0].body = b64(&[7u8; 48]);
    let mut t = with_deal(&c, t, 1, d2);
    t.verdicts = c.ids.iter().map(|s| ceremony::verdict(&c.params, s, &t.deals).unwrap()).collect();
    assert_eq!(t.verdicts[0].complaints.len(), 1, "custodian 1 complains about dealer 2");
    let o = evaluate(&c.params, &t).unwrap();
    assert_eq!(o.phase, Phase::Answer);
    // Its only possible answer reveals the lie.
    t.answers.push(ceremony::answer(&c.params, &c.ids[1], 1).unwrap());
    let o = evaluate(&c.params, &t).unwrap();
    assert!(o.disqualified.contains_key(&2) && !o.disqualified.contains_key(&1), "{:?}", o.disqualified);
    assert_eq!(o.key.unwrap().qualified, vec![1, 3]);
    // An answer with a made-up ephemeral secret convicts it too.
    let mut a = ceremony::answer(&c.params, &c.ids[1], 1).unwrap();
    a.ephemeral_secret = b64(&[9u8; 32]);
    t.answers[0] = sign(a, &c.ids[1]);
    assert!(evaluate(&c.params, &t).unwrap().disqualified.contains_key(&2));
    // Nobody may answer a complaint that was never made.
    t.answers.push(ceremony::answer(&c.params, &c.ids[2], 1).unwrap());
    assert_eq!(evaluate(&c.params, &t).unwrap_err().author(), Some(3));
}

#[test]
fn threshold_one_or_fewer_than_three_custodians_is_refused() {
    let c = custodians(b"params", 3, 2, 1);
    assert!(CeremonyParams::new("T", 1, 1, c.params.custodians.clone()).is_err(), "threshold 1: any custodian alone opens");
    assert!(CeremonyParams::new("T", 1, 2, c.params.custodians[..2].to_vec()).is_err(), "two custodians");
    assert!(CeremonyParams::new("T", 1, 4, c.params.custodians.clone()).is_err(), "threshold above n");
    // The same identity twice (an agency taking two seats) is refused.
    let mut twice = c.params.custodians.clone();
    twice[2] = twice[0].clone();
    assert!(CeremonyParams::new("T", 1, 2, twice).is_err());
}

#[test]
fn a_changed_custodian_set_is_a_new_ceremony() {
    let a = custodians(b"epoch", 3, 2, 1);
    let b = custodians(b"epoch", 3, 2, 2);
    assert_ne!(a.params.id(), b.params.id());
    let mut fewer = a.params.clone();
    fewer.threshold = 3;
    assert_ne!(fewer.id(), a.params.id());
    // The whole old transcript is worthless in the new ceremony.
    assert!(evaluate(&b.params, &honest_transcript(&a)).is_err());
}

#[test]
fn attachment_names_that_windows_would_misread_are_refused() {
    use tenderbox_seal::SealError;
    use tenderbox_seal::package::PackageWriter;
    // A bidder (or a forged package) names files so that, opened on an
    // evaluator's Windows machine, one overwrites another, becomes a device, or
    // hides in an alternate data stream.
    for bad in ["CON", "con.pdf", "资质/NUL.txt", "LPT1", "com9.doc", "报价.pdf:hidden", "报价.pdf.", "报价.pdf ", "目录 /a.pdf"]
    {
        let err = PackageWriter::<Vec<u8>>::check_names([bad]).unwrap_err();
        assert!(matches!(err, SealError::BadAttachmentName { .. }), "{bad:?}: {err}");
    }
    let err = PackageWriter::<Vec<u8>>::check_names(["技术标/方案.PDF", "技术标/方案.pdf"]).unwrap_err();
    assert!(matches!(err, SealError::DuplicateAttachment(_)), "{err}");
    let mut w = PackageWriter::new(Vec::new()).unwrap();
    w.add("Report.pdf", 1, &b"x"[..], &mut |_| {}).unwrap();
    assert!(matches!(w.add("REPORT.PDF", 1, &b"y"[..], &mut |_| {}), Err(SealError::DuplicateAttachment(_))));
    // Ordinary names still pass.
    PackageWriter::<Vec<u8>>::check_names(["资质/营业执照.pdf", "console.pdf", "com10.pdf", "a..b.pdf"]).unwrap();
}

/// Someone who reads an opened bid (the agency, an evaluator, a competitor after
/// the opening) guesses the bidder's machine: MAC addresses have a known vendor
/// prefix and few free bits, CPU models are a short list. With the keyed hashes
/// in the clear and the key derived from the public tender id, every guess could
/// be tested offline. Now the hashes are sealed to the supervision system: the
/// opened manifest holds nothing a guess can be tested against, and only the
/// supervisor finds that two bidders share a machine.
#[test]
fn reader_of_an_opened_bid_brute_forces_its_machine_fingerprint() {
    use tenderbox_seal::bid::{AttachmentSource, SealRequest, seal_bid};
    use tenderbox_seal::package::{machine_hashes, open_machine};
    let t = tender();
    let sup = supervisor();
    let recipient = supervision_recipient(&sup);
    let seal_on = |who: &Bidder, mac: &str, seed: &[u8]| {
        let (d, files) = draft(&t, [3, 2, 1]);
        let machine =
            vec![("cpu".to_string(), "Intel(R) Core(TM) i5-8500 CPU @ 3.00GHz x6".to_string()), ("mac".to_string(), mac.to_string())];
        let req = SealRequest {
            tender: &t,
            draft: &d,
            identity: &who.public,
            secret: &who.secret,
            machine: &machine,
            supervisors: std::slice::from_ref(&recipient),
            finalised_at: now(),
            tool_version: "0.1.0",
            omit_optional_committee: false,
        };
        let sources = files
            .iter()
            .map(|(n, b)| AttachmentSource { name: n.clone(), size: b.len() as u64, reader: Box::new(std::io::Cursor::new(b.clone())) })
            .collect();
        seal_bid(Vec::new(), &req, sources, &DeterministicEntropy::new(seed), &mut |_, _| {}).unwrap().1
    };
    // Two companies bid from one computer (a collusion signal), a third from its own.
    let mac = "3c:7c:3f:1a:2b:4d";
    let a = seal_on(&alice(), mac, b"m-a");
    let b = seal_on(&bob(), mac, b"m-b");
    let c = seal_on(&bidder(b"carol", "91350100M000100Y43", "德清市政建设有限公司"), "3c:7c:3f:99:00:01", b"m-c");

    // The reader's attack: every MAC with the vendor prefix 3c:7c:3f and the
    // last three bytes in a small window, hashed as the manifest would, looked
    // for anywhere in the opened manifest.
    let text = serde_json::to_string(&a).unwrap();
    let mut found = false;
    for x in 0x1a2b00u32..0x1a2c00 {
        let guess = format!("3c:7c:3f:{:02x}:{:02x}:{:02x}", x >> 16, (x >> 8) & 0xff, x & 0xff);
        let h = &machine_hashes(&t.id, &[("mac".into(), guess)])[0].hash;
        found |= text.contains(h.as_str());
    }
    assert!(!found, "the machine fingerprint in an opened manifest can be brute-forced");
    assert!(!text.contains(mac));
    // A reader with some other identity cannot open it.
    let stranger = bidder(b"stranger", "91330500MA28CK3N4C", "浙江湖信工程咨询有限公司");
    let sealed = a.machine.as_ref().unwrap();
    assert!(open_machine(sealed, &t.id, &a.bidder.uscc, &recipient.id, &stranger.secret).is_err());
    // Nor can it be moved to another bid (the bidder is bound in).
    assert!(open_machine(sealed, &t.id, &b.bidder.uscc, &recipient.id, &sup.secret).is_err());

    // The supervisor opens all three and finds the shared machine.
    let open = |m: &tenderbox_seal::package::Manifest| {
        open_machine(m.machine.as_ref().unwrap(), &t.id, &m.bidder.uscc, &recipient.id, &sup.secret).unwrap()
    };
    let (ha, hb, hc) = (open(&a), open(&b), open(&c));
    let mac_of = |v: &[tenderbox_seal::package::MachineComponent]| v.iter().find(|c| c.kind == "mac").unwrap().hash.clone();
    assert_eq!(mac_of(&ha), mac_of(&hb), "same computer, same hash within the tender");
    assert_ne!(mac_of(&ha), mac_of(&hc));
}

/// Before the deadline the draw's pool hash is public (logged), and the pool is the
/// library minus the experts who stand aside — among them everyone employed by a bidder.
/// An insider who holds the library (an admin, a supervisor, a leaked roster) tries every
/// set of suspected bidders and compares: a match tells them who is bidding. The pool
/// hash is keyed by the draw's secret, which stays on the server until the reveal, so no
/// guess can be tested.
#[test]
fn insider_with_the_library_learns_the_bidders_from_the_logged_pool_hash() {
    use tenderbox_seal::draw::{Candidate, commitment, pool_hash};
    // A library of 40 experts at 20 employers; 3 of 8 suspected companies are bidding.
    let employer = |i: usize| format!("91330500MA28{:06}", i);
    let library: Vec<Candidate> = (0..40).map(|i| Candidate { id: format!("HZ-EXP-{i:04}"), employer: employer(i % 20) }).collect();
    let bidders = [employer(2), employer(5), employer(7)];
    let secret = [0x5au8; 32];
    let pool: Vec<Candidate> = library.iter().filter(|c| !bidders.contains(&c.employer)).cloned().collect();
    let logged = pool_hash(&secret, &pool);
    let _ = commitment("DRAW-X", &secret);

    // The attack: every 3 of the 8 suspects, the pool recomputed, the hash compared
    // (with every secret the insider can know: none, so any fixed guess).
    let mut learned = None;
    for a in 0..8 {
        for b in a + 1..8 {
            for c in b + 1..8 {
                let guess = [employer(a), employer(b), employer(c)];
                let p: Vec<Candidate> = library.iter().filter(|x| !guess.contains(&x.employer)).cloned().collect();
                if pool_hash(&[0u8; 32], &p) == logged {
                    learned = Some(guess);
                }
            }
        }
    }
    assert_eq!(learned, None, "the logged pool hash told an insider who is bidding");
}

/// After the opening the platform re-wraps each file key to each committee member. A key
/// it moves to another bid, another tender or another member — to let a member read a bid
/// of a tender they do not sit on, or a stranger read a member's — opens nothing: the
/// wrap is bound to tender, bid and member, and only the member's own key unwraps it.
#[test]
fn operator_moves_a_member_key_to_another_bid_tender_or_member() {
    use tenderbox_seal::envelope::FileKey;
    use tenderbox_seal::member_key::{unwrap, wrap};
    let m1 = tenderbox_seal::identity::SecretIdentity::generate(&DeterministicEntropy::new(b"member one"));
    let m2 = tenderbox_seal::identity::SecretIdentity::generate(&DeterministicEntropy::new(b"member two"));
    let fk = FileKey::from_bytes(&[0x5c; 32]).unwrap();
    let k = wrap(&fk, &m1.encryption_public(), "HZ-GC-2026-0417", "aa11", "m1", &DeterministicEntropy::new(b"eph")).unwrap();
    assert!(unwrap(&k, &m1, "m1", "HZ-GC-2026-0417", "aa11").is_ok());
    assert!(unwrap(&k, &m1, "m1", "HZ-GC-2026-0417", "bb22").is_err(), "moved to another bid");
    assert!(unwrap(&k, &m1, "m1", "HZ-GC-2026-0999", "aa11").is_err(), "moved to another tender");
    assert!(unwrap(&k, &m2, "m2", "HZ-GC-2026-0417", "aa11").is_err(), "handed to another member");
    assert!(unwrap(&k, &m2, "m1", "HZ-GC-2026-0417", "aa11").is_err(), "another member claiming the first's id");
    let mut relabelled = k.clone();
    relabelled.bid_sha256 = "bb22".into();
    assert!(unwrap(&relabelled, &m1, "m1", "HZ-GC-2026-0417", "bb22").is_err(), "relabelled for another bid");
}
