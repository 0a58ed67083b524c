//! The committee key ceremony as a protocol between identified custodians
//! (docs/spec/committee-v1.md): every message is signed by its custodian's
//! registered signing key and names the tender and the ceremony; dealers commit
//! to their deal before anyone reveals one; every custodian acknowledges or
//! complains about every deal in one signed verdict; a complaint is answered by
//! the dealer revealing the share's ephemeral secret, which lets anyone decide who
//! lied. [`evaluate`] turns a transcript into the outcome and the key; the server
//! and every client run the same function, so nobody takes the key on trust.

use crate::committee::{self, CommitteeError, CommitteeKey, Deal, check_params};
use crate::entropy::Entropy;
use crate::identity::{SecretIdentity, verify};
use crate::primitives::{b64, hmac_sha256, unb64, unb64_32};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicU64, Ordering};
use tenderbox_core::canonical;
use zeroize::Zeroizing;

pub const CEREMONY_DOMAIN: &[u8] = b"tenderbox/v1/dkg-ceremony\n";
pub const COMMIT_DOMAIN: &[u8] = b"tenderbox/v1/dkg-commit\n";
pub const DEAL_DOMAIN: &[u8] = b"tenderbox/v1/dkg-deal\n";
pub const VERDICT_DOMAIN: &[u8] = b"tenderbox/v1/dkg-verdict\n";
pub const ANSWER_DOMAIN: &[u8] = b"tenderbox/v1/dkg-answer\n";
const SEED_INFO: &[u8] = b"tenderbox/v1/dkg-dealer-seed";
const STREAM_INFO: &[u8] = b"tenderbox/v1/dkg-stream";

/// The public keys of one custodian, as its platform certificate states them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustodianKeys {
    /// The identity id (hex of the first 16 bytes of SHA-256 over the base64 signing key).
    pub id: String,
    /// Ed25519, base64.
    pub signing_key: String,
    /// X25519, base64.
    pub encryption_key: String,
}

/// Who runs the ceremony and for what: the tender, the custodians in the
/// tender's order, the threshold, and the epoch (the tender version from which
/// these custodians and this threshold stand; an amendment that changes either
/// starts a new epoch, so no deal of an old ceremony counts in a new one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeremonyParams {
    pub tender: String,
    pub epoch: u32,
    pub threshold: u32,
    pub custodians: Vec<CustodianKeys>,
}

impl CeremonyParams {
    pub fn new(tender: &str, epoch: u32, threshold: u32, custodians: Vec<CustodianKeys>) -> Result<Self, CommitteeError> {
        check_params(custodians.len(), threshold)?;
        let p = CeremonyParams { tender: tender.to_string(), epoch, threshold, custodians };
        let mut ids = BTreeSet::new();
        for (i, c) in p.custodians.iter().enumerate() {
            if unb64_32(&c.signing_key).is_none() || unb64_32(&c.encryption_key).is_none() {
                return Err(CommitteeError::Parameters(format!("custodian {} has a key that is not 32 bytes of base64", i + 1)));
            }
            if !ids.insert(c.id.as_str()) {
                return Err(CommitteeError::Parameters(format!("custodian {} appears twice", c.id)));
            }
        }
        Ok(p)
    }

    pub fn n(&self) -> usize {
        self.custodians.len()
    }

    /// The ceremony id: hex SHA-256 over `CEREMONY_DOMAIN || canonical JSON` of the parameters.
    pub fn id(&self) -> String {
        let json = canonical::to_canonical_vec(self).expect("ceremony parameters serialise");
        hex::encode(tenderbox_core::sha256(&[CEREMONY_DOMAIN, &json[..]].concat()))
    }

    /// 1-based index of the custodian with signing key `signing_key` (base64).
    pub fn index_of(&self, signing_key: &str) -> Option<u32> {
        self.custodians.iter().position(|c| c.signing_key == signing_key).map(|i| i as u32 + 1)
    }

    fn keys(&self, m: u32) -> Result<([u8; 32], [u8; 32]), CommitteeError> {
        let c = self
            .custodians
            .get((m as usize).wrapping_sub(1))
            .ok_or_else(|| CommitteeError::Malformed(format!("custodian {m} is not in this ceremony")))?;
        let bad = || CommitteeError::Parameters(format!("custodian {m} has a key that is not 32 bytes of base64"));
        Ok((unb64_32(&c.signing_key).ok_or_else(bad)?, unb64_32(&c.encryption_key).ok_or_else(bad)?))
    }

    fn encryption_keys(&self) -> Result<Vec<[u8; 32]>, CommitteeError> {
        (1..=self.n() as u32).map(|m| self.keys(m).map(|k| k.1)).collect()
    }
}

/// A dealer's commitment to its deal, posted before any deal is revealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DealCommitment {
    pub tender: String,
    pub ceremony: String,
    pub dealer: u32,
    /// Hex SHA-256 of the canonical JSON of the signed deal.
    pub deal_hash: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

/// One custodian's acknowledgement of a deal whose share verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    pub dealer: u32,
    pub deal_hash: String,
}

/// One custodian's complaint: the share from `dealer` did not verify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplaintEntry {
    pub dealer: u32,
    pub deal_hash: String,
    pub reason: String,
}

/// A custodian's verdict on every deal of the ceremony, signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    pub tender: String,
    pub ceremony: String,
    pub custodian: u32,
    pub acks: Vec<Ack>,
    pub complaints: Vec<ComplaintEntry>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

/// A dealer's answer to a complaint: the ephemeral X25519 secret of the disputed
/// share, with which anyone can open that share and check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub tender: String,
    pub ceremony: String,
    pub dealer: u32,
    pub recipient: u32,
    /// base64 of the 32-byte ephemeral secret.
    pub ephemeral_secret: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

/// Everything posted in one ceremony.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transcript {
    pub commitments: Vec<DealCommitment>,
    pub deals: Vec<Deal>,
    pub verdicts: Vec<Verdict>,
    pub answers: Vec<Answer>,
}

/// A signed ceremony message: its domain, its author and its signature field.
pub trait Signed: Serialize + Clone {
    const DOMAIN: &'static [u8];
    fn author(&self) -> u32;
    fn signature_mut(&mut self) -> &mut String;
    fn signature(&self) -> &str;
    fn tender_and_ceremony(&self) -> (&str, &str);

    /// The bytes the signature covers: canonical JSON without the signature.
    fn signed_bytes(&self) -> Vec<u8> {
        let mut unsigned = self.clone();
        unsigned.signature_mut().clear();
        canonical::to_canonical_vec(&unsigned).expect("ceremony messages serialise")
    }
}

macro_rules! signed {
    ($t:ty, $domain:expr, $author:ident) => {
        impl Signed for $t {
            const DOMAIN: &'static [u8] = $domain;
            fn author(&self) -> u32 {
                self.$author
            }
            fn signature_mut(&mut self) -> &mut String {
                &mut self.signature
            }
            fn signature(&self) -> &str {
                &self.signature
            }
            fn tender_and_ceremony(&self) -> (&str, &str) {
                (&self.tender, &self.ceremony)
            }
        }
    };
}
signed!(DealCommitment, COMMIT_DOMAIN, dealer);
signed!(Deal, DEAL_DOMAIN, dealer);
signed!(Verdict, VERDICT_DOMAIN, custodian);
signed!(Answer, ANSWER_DOMAIN, dealer);

/// Signs a ceremony message as `me` (replacing any signature it had).
pub fn sign<T: Signed>(mut msg: T, me: &SecretIdentity) -> T {
    msg.signature_mut().clear();
    let sig = me.sign(T::DOMAIN, &msg.signed_bytes());
    *msg.signature_mut() = b64(&sig);
    msg
}

/// Checks that `msg` belongs to this ceremony, comes from a custodian of it, and
/// carries that custodian's valid signature. The error names the custodian.
pub fn check_signed<T: Signed>(params: &CeremonyParams, msg: &T) -> Result<(), CommitteeError> {
    let m = msg.author();
    let bad = |why: String| CommitteeError::BadMessage { custodian: m, why };
    let (tender, ceremony) = msg.tender_and_ceremony();
    if tender != params.tender {
        return Err(bad(format!("it is for tender {tender}, not {}", params.tender)));
    }
    if ceremony != params.id() {
        return Err(bad("it belongs to another key ceremony (the custodians or the threshold have changed since)".into()));
    }
    let (signing, _) = params.keys(m).map_err(|_| bad("its author is not a custodian of this ceremony".into()))?;
    let sig = unb64(msg.signature()).ok_or_else(|| bad("its signature is not base64".into()))?;
    if !verify(&signing, T::DOMAIN, &msg.signed_bytes(), &sig) {
        return Err(bad("its signature does not verify with the custodian's registered signing key".into()));
    }
    Ok(())
}

/// Hex SHA-256 of the canonical JSON of a signed deal.
pub fn deal_hash(d: &Deal) -> String {
    hex::encode(tenderbox_core::sha256(&canonical::to_canonical_vec(d).expect("deals serialise")))
}

/// The dealer's stream for one ceremony: HMAC-SHA-256(seed, info || counter),
/// seed = HKDF(the identity's secret keys, salt = ceremony id). Deterministic, so
/// the dealer can commit to its deal, reveal it later, and answer a complaint,
/// without storing any secret; a new ceremony gives a new stream.
struct DealerStream {
    seed: Zeroizing<[u8; 32]>,
    counter: AtomicU64,
}

impl Entropy for DealerStream {
    fn fill(&self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(32) {
            let n = self.counter.fetch_add(1, Ordering::Relaxed);
            let block = Zeroizing::new(hmac_sha256(&self.seed[..], &[STREAM_INFO, &n.to_be_bytes()]));
            chunk.copy_from_slice(&block[..chunk.len()]);
        }
    }
}

fn dealer_stream(params: &CeremonyParams, me: &SecretIdentity) -> DealerStream {
    DealerStream { seed: me.derive(params.id().as_bytes(), SEED_INFO), counter: AtomicU64::new(0) }
}

fn my_index(params: &CeremonyParams, me: &SecretIdentity) -> Result<u32, CommitteeError> {
    params
        .index_of(&b64(&me.signing_public()))
        .ok_or_else(|| CommitteeError::Parameters("this identity is not a custodian of the ceremony".into()))
}

/// This custodian's unsigned deal and its ephemeral secrets, from its stream.
fn my_deal(params: &CeremonyParams, me: &SecretIdentity) -> Result<(Deal, committee::DealSecrets), CommitteeError> {
    let m = my_index(params, me)?;
    committee::deal_unsigned(&params.tender, &params.id(), m, params.threshold, &params.encryption_keys()?, &dealer_stream(params, me))
}

/// This custodian's signed deal (always the same for the same ceremony).
pub fn deal(params: &CeremonyParams, me: &SecretIdentity) -> Result<Deal, CommitteeError> {
    Ok(sign(my_deal(params, me)?.0, me))
}

/// This custodian's signed commitment to its deal.
pub fn commit(params: &CeremonyParams, me: &SecretIdentity) -> Result<DealCommitment, CommitteeError> {
    let d = deal(params, me)?;
    let c = DealCommitment {
        tender: d.tender.clone(),
        ceremony: d.ceremony.clone(),
        dealer: d.dealer,
        deal_hash: deal_hash(&d),
        signature: String::new(),
    };
    Ok(sign(c, me))
}

/// This custodian checks its share of every deal and signs one verdict: an
/// acknowledgement for each share that verified, a complaint for each that did not.
/// Needs every custodian's deal.
pub fn verdict(params: &CeremonyParams, me: &SecretIdentity, deals: &[Deal]) -> Result<Verdict, CommitteeError> {
    let m = my_index(params, me)?;
    let (n, k) = (params.n(), params.threshold);
    let mut acks = Vec::new();
    let mut complaints = Vec::new();
    for dealer in 1..=n as u32 {
        let d = deals
            .iter()
            .find(|d| d.dealer == dealer)
            .ok_or_else(|| CommitteeError::Parameters(format!("custodian {dealer} has not revealed its deal yet")))?;
        check_signed(params, d)?;
        committee::check_deal(d, &params.tender, &params.id(), n, k)?;
        match committee::receive_share(d, n, k, m, me) {
            Ok(_) => acks.push(Ack { dealer, deal_hash: deal_hash(d) }),
            Err(e) => complaints.push(ComplaintEntry { dealer, deal_hash: deal_hash(d), reason: e.to_string() }),
        }
    }
    let v = Verdict { tender: params.tender.clone(), ceremony: params.id(), custodian: m, acks, complaints, signature: String::new() };
    Ok(sign(v, me))
}

/// The dealer's answer to `recipient`'s complaint: the ephemeral secret of that share.
pub fn answer(params: &CeremonyParams, me: &SecretIdentity, recipient: u32) -> Result<Answer, CommitteeError> {
    let m = my_index(params, me)?;
    let (_, secrets) = my_deal(params, me)?;
    let eph = secrets
        .ephemerals
        .get((recipient as usize).wrapping_sub(1))
        .ok_or_else(|| CommitteeError::Parameters(format!("custodian {recipient} is not in this ceremony")))?;
    let a = Answer {
        tender: params.tender.clone(),
        ceremony: params.id(),
        dealer: m,
        recipient,
        ephemeral_secret: b64(&eph[..]),
        signature: String::new(),
    };
    Ok(sign(a, me))
}

/// This custodian's secret share x_m of the finished key: the sum of its shares
/// from the qualified deals. Every one must verify.
pub fn secret_share(
    params: &CeremonyParams,
    me: &SecretIdentity,
    transcript: &Transcript,
    key: &CommitteeKey,
) -> Result<committee::SecretShare, CommitteeError> {
    let m = my_index(params, me)?;
    let mut got = Vec::new();
    for dealer in &key.qualified {
        let d = transcript
            .deals
            .iter()
            .find(|d| d.dealer == *dealer)
            .ok_or_else(|| CommitteeError::Malformed(format!("the deal of qualified custodian {dealer} is missing")))?;
        match committee::receive_share(d, params.n(), params.threshold, m, me) {
            Ok(s) => got.push(s),
            Err(_) => {
                // A share the dealer proved by revealing it (my complaint was judged false).
                let a = transcript.answers.iter().find(|a| a.dealer == *dealer && a.recipient == m);
                let eph = a.and_then(|a| unb64_32(&a.ephemeral_secret));
                let s = eph
                    .map(|e| committee::open_revealed_share(d, params.threshold, m, &params.keys(m)?.1, &e))
                    .transpose()?
                    .ok_or_else(|| CommitteeError::BadShare { dealer: *dealer, why: "my share from this dealer does not verify".into() })?;
                got.push(s);
            }
        }
    }
    let share = committee::SecretShare::from_received(m, &got);
    if share.public() != key.verification_keys[m as usize - 1] {
        return Err(CommitteeError::Malformed("my share does not match my verification key".into()));
    }
    Ok(share)
}

/// Where the ceremony stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Waiting for every custodian's commitment; no deal is revealed yet.
    Commit,
    /// Every custodian has committed; deals are being revealed.
    Reveal,
    /// Every deal is revealed; custodians are checking their shares.
    Verify,
    /// Complaints wait for their dealers' answers.
    Answer,
    /// The key exists.
    Done,
    /// Fewer than `threshold` custodians remain qualified: the agency must amend
    /// the custodians, which starts a new ceremony.
    Failed,
}

/// A complaint and, once answered, who was found to have lied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintStatus {
    pub dealer: u32,
    pub by: u32,
    pub reason: String,
    /// `None` until the dealer answers; then the custodian who lied.
    pub liar: Option<u32>,
    pub judgement: Option<String>,
}

/// What a transcript proves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub ceremony: String,
    pub phase: Phase,
    pub committed: Vec<u32>,
    pub revealed: Vec<u32>,
    pub verdicts: Vec<u32>,
    pub complaints: Vec<ComplaintStatus>,
    /// Custodians who lost their seat, with the reason.
    pub disqualified: BTreeMap<u32, String>,
    /// The key, once the phase is `Done`.
    pub key: Option<CommitteeKey>,
}

fn unique<'a, T: Signed>(params: &CeremonyParams, what: &str, list: &'a [T]) -> Result<BTreeMap<u32, &'a T>, CommitteeError> {
    let mut by = BTreeMap::new();
    for msg in list {
        check_signed(params, msg)?;
        if by.insert(msg.author(), msg).is_some() {
            return Err(CommitteeError::BadMessage { custodian: msg.author(), why: format!("a second {what} from the same custodian") });
        }
    }
    Ok(by)
}

/// Evaluates a transcript: every message must be signed by its custodian for this
/// ceremony, every deal must match its commitment and prove knowledge of its
/// constant term, every verdict must cover every deal, every answer must answer a
/// complaint. Any message that breaks a rule is an error naming its author (a
/// server must never have accepted it). The key exists when every custodian has
/// given its verdict, every complaint is answered, and at least `threshold`
/// custodians remain qualified.
pub fn evaluate(params: &CeremonyParams, t: &Transcript) -> Result<Outcome, CommitteeError> {
    let (n, k, id) = (params.n(), params.threshold, params.id());
    check_params(n, k)?;
    let commits = unique(params, "commitment", &t.commitments)?;
    let deals = unique(params, "deal", &t.deals)?;
    if !deals.is_empty() && commits.len() < n {
        return Err(CommitteeError::Malformed("a deal was revealed before every custodian had committed".into()));
    }
    let mut hashes = BTreeMap::new();
    for (m, d) in &deals {
        let c = commits[m];
        if deal_hash(d) != c.deal_hash {
            return Err(CommitteeError::BadDeal { dealer: *m, why: "it is not the deal its dealer committed to".into() });
        }
        committee::check_deal(d, &params.tender, &id, n, k)?;
        hashes.insert(*m, c.deal_hash.clone());
    }
    let verdicts = unique(params, "verdict", &t.verdicts)?;
    if !verdicts.is_empty() && deals.len() < n {
        return Err(CommitteeError::Malformed("a verdict was given before every deal was revealed".into()));
    }
    let mut complaints = Vec::new();
    for (m, v) in &verdicts {
        let bad = |why: String| CommitteeError::BadMessage { custodian: *m, why };
        let mut covered = BTreeSet::new();
        for a in &v.acks {
            if hashes.get(&a.dealer) != Some(&a.deal_hash) || !covered.insert(a.dealer) {
                return Err(bad(format!(
                    "its verdict acknowledges a deal of custodian {} that is not the revealed one, or twice",
                    a.dealer
                )));
            }
        }
        for c in &v.complaints {
            if hashes.get(&c.dealer) != Some(&c.deal_hash) || !covered.insert(c.dealer) {
                return Err(bad(format!(
                    "its verdict complains about a deal of custodian {} that is not the revealed one, or twice",
                    c.dealer
                )));
            }
            if c.dealer == *m {
                return Err(bad("it complains about its own deal".into()));
            }
            complaints.push(ComplaintStatus { dealer: c.dealer, by: *m, reason: c.reason.clone(), liar: None, judgement: None });
        }
        if covered.len() != n {
            return Err(bad("its verdict does not cover every deal".into()));
        }
    }
    let mut answered = BTreeSet::new();
    for a in &t.answers {
        check_signed(params, a)?;
        let bad = |why: String| CommitteeError::BadMessage { custodian: a.dealer, why };
        let Some(c) = complaints.iter_mut().find(|c| c.dealer == a.dealer && c.by == a.recipient) else {
            return Err(bad(format!("it answers a complaint by custodian {} that was never made", a.recipient)));
        };
        if !answered.insert((a.dealer, a.recipient)) {
            return Err(bad(format!("a second answer to custodian {}'s complaint", a.recipient)));
        }
        let eph = unb64_32(&a.ephemeral_secret).ok_or_else(|| bad("the revealed ephemeral secret is not 32 bytes of base64".into()))?;
        let (_, recipient_key) = params.keys(a.recipient)?;
        match committee::open_revealed_share(deals[&a.dealer], k, a.recipient, &recipient_key, &eph) {
            Ok(_) => {
                c.liar = Some(c.by);
                c.judgement = Some(format!("the share custodian {} revealed is valid: custodian {}'s complaint was false", c.dealer, c.by));
            }
            Err(e) => {
                c.liar = Some(c.dealer);
                c.judgement = Some(format!("the revealed share does not hold: {e}"));
            }
        }
    }
    let mut disqualified = BTreeMap::new();
    for c in &complaints {
        if let (Some(liar), Some(why)) = (c.liar, &c.judgement) {
            disqualified.entry(liar).or_insert_with(|| why.clone());
        }
    }
    let phase = if commits.len() < n {
        Phase::Commit
    } else if deals.len() < n {
        Phase::Reveal
    } else if verdicts.len() < n {
        Phase::Verify
    } else if complaints.iter().any(|c| c.liar.is_none()) {
        Phase::Answer
    } else if n - disqualified.len() < k as usize {
        Phase::Failed
    } else {
        Phase::Done
    };
    let key = if phase == Phase::Done {
        let qual: Vec<&Deal> = deals.iter().filter(|(m, _)| !disqualified.contains_key(m)).map(|(_, d)| *d).collect();
        Some(committee::aggregate(&qual, n, k)?)
    } else {
        None
    };
    Ok(Outcome {
        ceremony: id,
        phase,
        committed: commits.keys().copied().collect(),
        revealed: deals.keys().copied().collect(),
        verdicts: verdicts.keys().copied().collect(),
        complaints,
        disqualified,
        key,
    })
}
