//! The committee key (docs/spec/committee-v1.md): a joint-Feldman DKG over
//! Ristretto255 run through the server as a message board, partial decryptions
//! with Chaum–Pedersen (DLEQ) proofs, and Lagrange combination in the exponent.
//! The private key is never assembled anywhere.
//!
//! Custodians are numbered 1..=n in the order the tender lists them; that number
//! is the x-coordinate of their share.

use crate::entropy::{Entropy, random_array};
use crate::envelope::{x25519_unwrap, x25519_wrap_with};
use crate::identity::SecretIdentity;
use crate::primitives::{b64, hkdf32, sha512, unb64, unb64_32, unwrap32, wrap32};
use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT as G;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

const INFO_COMMITTEE: &[u8] = b"tenderbox/v1/committee";
const INFO_SHARE: &[u8] = b"tenderbox/v1/dkg-share";
const DLEQ_DOMAIN: &[u8] = b"tenderbox/v1/dleq";
const POK_DOMAIN: &[u8] = b"tenderbox/v1/dkg-pok";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommitteeError {
    #[error("the deal of custodian {dealer} is malformed: {why}")]
    BadDeal { dealer: u32, why: String },
    #[error("the share dealt by custodian {dealer} is invalid: {why}")]
    BadShare { dealer: u32, why: String },
    #[error("the partial decryption of custodian {custodian} is invalid: {why}")]
    BadPartial { custodian: u32, why: String },
    #[error("the ceremony message of custodian {custodian} is refused: {why}")]
    BadMessage { custodian: u32, why: String },
    #[error("{have} valid partial decryption(s); the tender needs {need}")]
    NotEnoughPartials { have: usize, need: usize },
    #[error("invalid committee parameters: {0}")]
    Parameters(String),
    #[error("malformed committee data: {0}")]
    Malformed(String),
}

impl CommitteeError {
    /// The custodian this error accuses, if any.
    pub fn author(&self) -> Option<u32> {
        match self {
            CommitteeError::BadDeal { dealer, .. } | CommitteeError::BadShare { dealer, .. } => Some(*dealer),
            CommitteeError::BadPartial { custodian, .. } | CommitteeError::BadMessage { custodian, .. } => Some(*custodian),
            _ => None,
        }
    }
}

fn point(b64s: &str) -> Option<RistrettoPoint> {
    CompressedRistretto(unb64_32(b64s)?).decompress()
}

fn point_bytes(b: &[u8; 32]) -> Option<RistrettoPoint> {
    CompressedRistretto(*b).decompress()
}

fn scalar(b64s: &str) -> Option<Scalar> {
    Option::from(Scalar::from_canonical_bytes(unb64_32(b64s)?))
}

fn random_scalar(e: &dyn Entropy) -> Scalar {
    let mut wide: [u8; 64] = random_array(e);
    let s = Scalar::from_bytes_mod_order_wide(&wide);
    wide.zeroize();
    s
}

/// The committee's public key PK (Ristretto255).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitteePublicKey(pub(crate) RistrettoPoint);

impl CommitteePublicKey {
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.compress().to_bytes()
    }
    pub fn to_base64(&self) -> String {
        b64(&self.to_bytes())
    }
    pub fn from_base64(s: &str) -> Result<Self, CommitteeError> {
        let p = point(s).ok_or_else(|| CommitteeError::Malformed("committee public key is not a Ristretto255 point".into()))?;
        if p == RistrettoPoint::identity() {
            return Err(CommitteeError::Malformed("committee public key is the identity point".into()));
        }
        Ok(CommitteePublicKey(p))
    }
}

/// A share sent by one dealer to one custodian, encrypted to that custodian's
/// X25519 key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedShare {
    pub recipient: u32,
    pub share: String,
    pub body: String,
}

/// Schnorr proof that the dealer knows a_0 behind C_0 (docs/spec/committee-v1.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnowledgeProof {
    pub c: String,
    pub z: String,
}

/// One dealer's public message in the DKG: Feldman commitments to its polynomial,
/// a proof of knowledge of its constant term, an encrypted share for every
/// custodian, and the dealer's signature over all of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deal {
    pub tender: String,
    /// The ceremony id ([`crate::ceremony::CeremonyParams::id`]).
    pub ceremony: String,
    pub dealer: u32,
    pub threshold: u32,
    /// C_j = a_j·G for j = 0..k, base64.
    pub commitments: Vec<String>,
    pub proof: KnowledgeProof,
    pub shares: Vec<EncryptedShare>,
    /// Ed25519 by the dealer's signing key over `DEAL_DOMAIN || canonical JSON`
    /// of the other fields, base64.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub signature: String,
}

pub(crate) fn share_aad(tender: &str, dealer: u32, recipient: u32) -> Vec<u8> {
    let mut a = INFO_SHARE.to_vec();
    a.push(0);
    a.extend_from_slice(tender.as_bytes());
    a.push(0);
    a.extend_from_slice(&dealer.to_be_bytes());
    a.extend_from_slice(&recipient.to_be_bytes());
    a
}

/// At least 3 custodians and a threshold of at least 2: with threshold 1 any
/// single custodian could open every bid alone.
pub fn check_params(n: usize, k: u32) -> Result<(), CommitteeError> {
    if n < 3 || k < 2 || k as usize > n || n > 255 {
        return Err(CommitteeError::Parameters(format!(
            "threshold {k} of {n} custodians is not allowed (3 ≤ n ≤ 255 custodians, 2 ≤ k ≤ n)"
        )));
    }
    Ok(())
}

fn pok_challenge(ceremony: &str, dealer: u32, c0: &RistrettoPoint, t: &RistrettoPoint) -> Scalar {
    let h = sha512(&[POK_DOMAIN, ceremony.as_bytes(), &dealer.to_be_bytes(), c0.compress().as_bytes(), t.compress().as_bytes()]);
    Scalar::from_bytes_mod_order_wide(&h)
}

/// What a dealer's deterministic stream produces besides the public deal: the
/// ephemeral X25519 secret of each share (index 0 is custodian 1), kept only to
/// answer a complaint.
pub(crate) struct DealSecrets {
    pub ephemerals: Vec<Zeroizing<[u8; 32]>>,
}

/// Deals a random polynomial of degree k−1 for ceremony `ceremony` of `tender`.
/// `custodian_keys[i]` is the X25519 key of custodian i+1. The result is unsigned;
/// [`crate::ceremony`] signs it.
pub(crate) fn deal_unsigned(
    tender: &str,
    ceremony: &str,
    dealer: u32,
    threshold: u32,
    custodian_keys: &[[u8; 32]],
    e: &dyn Entropy,
) -> Result<(Deal, DealSecrets), CommitteeError> {
    check_params(custodian_keys.len(), threshold)?;
    if dealer == 0 || dealer as usize > custodian_keys.len() {
        return Err(CommitteeError::Parameters(format!("dealer {dealer} is not a custodian")));
    }
    let mut coeffs: Vec<Scalar> = (0..threshold).map(|_| random_scalar(e)).collect();
    let commitments: Vec<RistrettoPoint> = coeffs.iter().map(|a| a * G).collect();
    let mut w = random_scalar(e);
    let t = w * G;
    let c = pok_challenge(ceremony, dealer, &commitments[0], &t);
    let z = w + c * coeffs[0];
    w.zeroize();
    let mut shares = Vec::with_capacity(custodian_keys.len());
    let mut ephemerals = Vec::with_capacity(custodian_keys.len());
    for (i, key) in custodian_keys.iter().enumerate() {
        let m = i as u32 + 1;
        let eph = Zeroizing::new(random_array::<32>(e));
        let s = Zeroizing::new(eval(&coeffs, m).to_bytes());
        let (e_pub, body) = x25519_wrap_with(key, &eph, &s, &share_aad(tender, dealer, m), INFO_SHARE)
            .map_err(|err| CommitteeError::Parameters(format!("custodian {m}: {err}")))?;
        shares.push(EncryptedShare { recipient: m, share: b64(&e_pub), body: b64(&body) });
        ephemerals.push(eph);
    }
    coeffs.zeroize();
    let deal = Deal {
        tender: tender.to_string(),
        ceremony: ceremony.to_string(),
        dealer,
        threshold,
        commitments: commitments.iter().map(|p| b64(&p.compress().to_bytes())).collect(),
        proof: KnowledgeProof { c: b64(&c.to_bytes()), z: b64(&z.to_bytes()) },
        shares,
        signature: String::new(),
    };
    Ok((deal, DealSecrets { ephemerals }))
}

fn eval(coeffs: &[Scalar], x: u32) -> Scalar {
    let x = Scalar::from(x as u64);
    coeffs.iter().rev().fold(Scalar::ZERO, |acc, c| acc * x + c)
}

fn commitments_of(d: &Deal, k: u32) -> Result<Vec<RistrettoPoint>, CommitteeError> {
    let bad = |why: &str| CommitteeError::BadDeal { dealer: d.dealer, why: why.to_string() };
    if d.threshold != k {
        return Err(bad("it uses a different threshold"));
    }
    if d.commitments.len() != k as usize {
        return Err(bad("it does not have one commitment per coefficient"));
    }
    d.commitments.iter().map(|c| point(c).ok_or_else(|| bad("a commitment is not a Ristretto255 point"))).collect()
}

/// Σ_j C_j · x^j: the public image of the dealer's polynomial at x.
fn eval_commitments(c: &[RistrettoPoint], x: u32) -> RistrettoPoint {
    let x = Scalar::from(x as u64);
    c.iter().rev().fold(RistrettoPoint::identity(), |acc, cj| acc * x + cj)
}

/// Checks a deal's public structure: its tender, ceremony, dealer and threshold,
/// one valid commitment per coefficient, the proof of knowledge of the constant
/// term, one well-formed encrypted share per custodian. (The signature is checked
/// by [`crate::ceremony`], which knows the dealer's key.)
pub fn check_deal(d: &Deal, tender: &str, ceremony: &str, n: usize, k: u32) -> Result<(), CommitteeError> {
    check_params(n, k)?;
    let bad = |why: String| CommitteeError::BadDeal { dealer: d.dealer, why };
    if d.tender != tender {
        return Err(bad(format!("it is for tender {}, not {tender}", d.tender)));
    }
    if d.ceremony != ceremony {
        return Err(bad("it belongs to another key ceremony (the custodians or the threshold have changed since)".into()));
    }
    if d.dealer == 0 || d.dealer as usize > n {
        return Err(bad("the dealer is not a custodian of this tender".into()));
    }
    let c = commitments_of(d, k)?;
    if c[0] == RistrettoPoint::identity() {
        return Err(bad("its constant commitment is the identity point".into()));
    }
    let pc = scalar(&d.proof.c).ok_or_else(|| bad("the proof's c is not a canonical scalar".into()))?;
    let pz = scalar(&d.proof.z).ok_or_else(|| bad("the proof's z is not a canonical scalar".into()))?;
    let t = pz * G - pc * c[0];
    if pok_challenge(ceremony, d.dealer, &c[0], &t) != pc {
        return Err(bad("the proof of knowledge of its constant term does not verify (a rogue key?)".into()));
    }
    let recipients: BTreeSet<u32> = d.shares.iter().map(|s| s.recipient).collect();
    if d.shares.len() != n || recipients != (1..=n as u32).collect() {
        return Err(bad("it does not have exactly one share for every custodian".into()));
    }
    for s in &d.shares {
        if unb64_32(&s.share).is_none() || unb64(&s.body).is_none_or(|b| b.len() != 48) {
            return Err(bad(format!("the share for custodian {} is malformed", s.recipient)));
        }
    }
    Ok(())
}

/// Decrypts the share for custodian `m` with the X25519 shared secret `open`
/// and checks it against the dealer's commitments.
fn open_share(
    d: &Deal,
    k: u32,
    m: u32,
    open: impl FnOnce(&[u8; 32], &[u8], &[u8]) -> Option<Zeroizing<[u8; 32]>>,
) -> Result<Scalar, CommitteeError> {
    let bad = |why: &str| CommitteeError::BadShare { dealer: d.dealer, why: why.to_string() };
    let c = commitments_of(d, k)?;
    let es = d.shares.iter().find(|s| s.recipient == m).ok_or_else(|| bad("no share for this custodian"))?;
    let eph = unb64_32(&es.share).ok_or_else(|| bad("ephemeral key is not 32 bytes"))?;
    let body = unb64(&es.body).ok_or_else(|| bad("share body is not base64"))?;
    let plain =
        open(&eph, &share_aad(&d.tender, d.dealer, m), &body).ok_or_else(|| bad("it does not decrypt with this custodian's key"))?;
    let s: Scalar = Option::from(Scalar::from_canonical_bytes(*plain)).ok_or_else(|| bad("it is not a canonical scalar"))?;
    if s * G != eval_commitments(&c, m) {
        return Err(bad("it does not match the dealer's Feldman commitments"));
    }
    Ok(s)
}

/// A custodian decrypts and checks the share a dealer sent it. A bad share names
/// the dealer, who must answer the complaint.
pub fn receive_share(d: &Deal, n: usize, k: u32, me: u32, my_key: &SecretIdentity) -> Result<Scalar, CommitteeError> {
    check_params(n, k)?;
    open_share(d, k, me, |eph, aad, body| x25519_unwrap(&my_key.x25519(), eph, aad, INFO_SHARE, body))
}

/// Anyone opens the share for custodian `m` with the ephemeral secret its dealer
/// revealed to answer m's complaint: the ephemeral must match the published share
/// key, and the share must decrypt and match the commitments.
pub(crate) fn open_revealed_share(
    d: &Deal,
    k: u32,
    m: u32,
    recipient_key: &[u8; 32],
    eph_secret: &[u8; 32],
) -> Result<Scalar, CommitteeError> {
    open_share(d, k, m, |eph_pub, aad, body| {
        let secret = x25519_dalek::StaticSecret::from(*eph_secret);
        if x25519_dalek::PublicKey::from(&secret).to_bytes() != *eph_pub {
            return None;
        }
        let shared = secret.diffie_hellman(&x25519_dalek::PublicKey::from(*recipient_key));
        if !shared.was_contributory() {
            return None;
        }
        let wk = hkdf32(shared.as_bytes(), &[&eph_pub[..], &recipient_key[..]].concat(), INFO_SHARE);
        unwrap32(&wk, aad, body)
    })
}

/// A custodian's secret share x_m = Σ_i s_{i→m}. Zeroised on drop.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SecretShare {
    #[zeroize(skip)]
    pub index: u32,
    value: Scalar,
}

impl std::fmt::Debug for SecretShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretShare {{ index: {}, value: <redacted> }}", self.index)
    }
}

impl SecretShare {
    pub fn from_received(index: u32, shares: &[Scalar]) -> Self {
        SecretShare { index, value: shares.iter().sum() }
    }
    /// X_m = x_m·G, to compare with the custodian's verification key.
    pub fn public(&self) -> RistrettoPoint {
        self.value * G
    }
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.value.to_bytes())
    }
    pub fn from_bytes(index: u32, b: &[u8; 32]) -> Result<Self, CommitteeError> {
        let value = Option::from(Scalar::from_canonical_bytes(*b))
            .ok_or_else(|| CommitteeError::Malformed("secret share is not a canonical scalar".into()))?;
        Ok(SecretShare { index, value })
    }
}

/// The public outcome of the DKG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitteeKey {
    pub public_key: CommitteePublicKey,
    /// X_m = x_m·G for custodian m = 1..=n (index 0 is custodian 1).
    pub verification_keys: Vec<RistrettoPoint>,
    pub threshold: u32,
    /// Dealers whose deals make up the key (the qualified set); also the
    /// custodians whose partial decryptions count.
    pub qualified: Vec<u32>,
}

/// Aggregates the deals of the qualified dealers: PK = Σ C_{i,0} and every
/// custodian's verification key. Anyone can run this from the public deals.
pub fn aggregate(deals: &[&Deal], n: usize, k: u32) -> Result<CommitteeKey, CommitteeError> {
    check_params(n, k)?;
    let mut seen = BTreeSet::new();
    let mut pk = RistrettoPoint::identity();
    let mut vks = vec![RistrettoPoint::identity(); n];
    for d in deals {
        if d.dealer == 0 || d.dealer as usize > n || !seen.insert(d.dealer) {
            return Err(CommitteeError::BadDeal { dealer: d.dealer, why: "dealer number is out of range or repeated".into() });
        }
        let c = commitments_of(d, k)?;
        pk += c[0];
        for (i, vk) in vks.iter_mut().enumerate() {
            *vk += eval_commitments(&c, i as u32 + 1);
        }
    }
    if seen.len() < k as usize {
        return Err(CommitteeError::Parameters(format!("only {} qualified dealer(s); at least {k} are needed", seen.len())));
    }
    if pk == RistrettoPoint::identity() {
        return Err(CommitteeError::Malformed("the aggregated key is the identity point".into()));
    }
    Ok(CommitteeKey { public_key: CommitteePublicKey(pk), verification_keys: vks, threshold: k, qualified: seen.into_iter().collect() })
}

/// Encrypts a 32-byte secret to the committee: returns (R, body).
pub(crate) fn wrap_to_committee(pk: &CommitteePublicKey, secret: &[u8; 32], e: &dyn Entropy) -> ([u8; 32], [u8; 48]) {
    let r = random_scalar(e);
    let big_r = (r * G).compress().to_bytes();
    let shared = Zeroizing::new((r * pk.0).compress().to_bytes());
    let pkb = pk.to_bytes();
    let wk = hkdf32(&shared[..], &[&big_r[..], &pkb[..]].concat(), INFO_COMMITTEE);
    (big_r, wrap32(&wk, b"", secret))
}

/// S = x·R recombined from k partials.
pub struct CombinedShare(RistrettoPoint);

impl std::fmt::Debug for CombinedShare {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CombinedShare(<redacted>)")
    }
}

pub(crate) fn unwrap_with_combined(pk: &[u8; 32], r: &[u8; 32], body: &[u8], s: &CombinedShare) -> Option<Zeroizing<[u8; 32]>> {
    let shared = Zeroizing::new(s.0.compress().to_bytes());
    let wk = hkdf32(&shared[..], &[&r[..], &pk[..]].concat(), INFO_COMMITTEE);
    unwrap32(&wk, b"", body)
}

/// D_m = x_m·R with a proof that log_G(X_m) = log_R(D_m).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialDecryption {
    pub custodian: u32,
    pub d: String,
    /// Challenge c and response z, base64 scalars.
    pub c: String,
    pub z: String,
}

fn challenge(
    index: u32,
    pk: &[u8; 32],
    x: &RistrettoPoint,
    r: &RistrettoPoint,
    d: &RistrettoPoint,
    a1: &RistrettoPoint,
    a2: &RistrettoPoint,
) -> Scalar {
    let h = sha512(&[
        DLEQ_DOMAIN,
        &index.to_be_bytes(),
        pk,
        x.compress().as_bytes(),
        r.compress().as_bytes(),
        d.compress().as_bytes(),
        a1.compress().as_bytes(),
        a2.compress().as_bytes(),
    ]);
    Scalar::from_bytes_mod_order_wide(&h)
}

/// A custodian's partial decryption of one committee stanza (R), with its proof.
/// Callers must only do this after the server-signed deadline checkpoint.
pub fn partial_decrypt(
    share: &SecretShare,
    pk: &CommitteePublicKey,
    r_bytes: &[u8; 32],
    e: &dyn Entropy,
) -> Result<PartialDecryption, CommitteeError> {
    let r = point_bytes(r_bytes)
        .filter(|p| *p != RistrettoPoint::identity())
        .ok_or_else(|| CommitteeError::Malformed("stanza share R is not a valid point".into()))?;
    let x = share.value * G;
    let d = share.value * r;
    let mut w = random_scalar(e);
    let (a1, a2) = (w * G, w * r);
    let c = challenge(share.index, &pk.to_bytes(), &x, &r, &d, &a1, &a2);
    let z = w + c * share.value;
    w.zeroize();
    Ok(PartialDecryption { custodian: share.index, d: b64(&d.compress().to_bytes()), c: b64(&c.to_bytes()), z: b64(&z.to_bytes()) })
}

/// Checks a partial against the custodian's verification key; a bad one names
/// its author.
pub fn verify_partial(ck: &CommitteeKey, r_bytes: &[u8; 32], p: &PartialDecryption) -> Result<RistrettoPoint, CommitteeError> {
    let bad = |why: &str| CommitteeError::BadPartial { custodian: p.custodian, why: why.to_string() };
    if p.custodian == 0 || p.custodian as usize > ck.verification_keys.len() {
        return Err(bad("no such custodian"));
    }
    if !ck.qualified.contains(&p.custodian) {
        return Err(bad("this custodian lost its seat in the key ceremony"));
    }
    let r = point_bytes(r_bytes).ok_or_else(|| bad("stanza share R is not a valid point"))?;
    let d = point(&p.d).ok_or_else(|| bad("D is not a Ristretto255 point"))?;
    let c = scalar(&p.c).ok_or_else(|| bad("c is not a canonical scalar"))?;
    let z = scalar(&p.z).ok_or_else(|| bad("z is not a canonical scalar"))?;
    let x = ck.verification_keys[p.custodian as usize - 1];
    let a1 = z * G - c * x;
    let a2 = z * r - c * d;
    if challenge(p.custodian, &ck.public_key.to_bytes(), &x, &r, &d, &a1, &a2) != c {
        return Err(bad("the Chaum–Pedersen proof does not verify: this is not the custodian's real share"));
    }
    Ok(d)
}

/// Combines partials by Lagrange interpolation in the exponent. Every partial is
/// verified first; the first bad one is rejected and named, and so is a repeat.
pub fn combine(ck: &CommitteeKey, r_bytes: &[u8; 32], partials: &[PartialDecryption]) -> Result<CombinedShare, CommitteeError> {
    let mut ds = Vec::new();
    let mut seen = BTreeSet::new();
    for p in partials {
        let d = verify_partial(ck, r_bytes, p)?;
        if !seen.insert(p.custodian) {
            return Err(CommitteeError::BadPartial { custodian: p.custodian, why: "a second partial from the same custodian".into() });
        }
        ds.push((p.custodian, d));
    }
    let need = ck.threshold as usize;
    if ds.len() < need {
        return Err(CommitteeError::NotEnoughPartials { have: ds.len(), need });
    }
    ds.truncate(need);
    let idx: Vec<u32> = ds.iter().map(|(i, _)| *i).collect();
    let s = ds.iter().fold(RistrettoPoint::identity(), |acc, (j, d)| acc + lagrange_at_zero(*j, &idx) * d);
    Ok(CombinedShare(s))
}

fn lagrange_at_zero(j: u32, set: &[u32]) -> Scalar {
    let (mut num, mut den) = (Scalar::ONE, Scalar::ONE);
    let xj = Scalar::from(j as u64);
    for &m in set.iter().filter(|&&m| m != j) {
        let xm = Scalar::from(m as u64);
        num *= xm;
        den *= xm - xj;
    }
    num * den.invert()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DeterministicEntropy;
    use crate::envelope::x25519_wrap;

    fn deal(tender: &str, dealer: u32, k: u32, keys: &[[u8; 32]], e: &dyn Entropy) -> Result<Deal, CommitteeError> {
        deal_unsigned(tender, "ceremony", dealer, k, keys, e).map(|d| d.0)
    }

    pub(crate) struct Ceremony {
        pub key: CommitteeKey,
        pub shares: Vec<SecretShare>,
    }

    pub(crate) fn ceremony(n: usize, k: u32, seed: &[u8]) -> Ceremony {
        let e = DeterministicEntropy::new(seed);
        let ids: Vec<_> = (0..n).map(|_| SecretIdentity::generate(&e)).collect();
        let keys: Vec<_> = ids.iter().map(|i| i.encryption_public()).collect();
        let deals: Vec<_> = (1..=n as u32).map(|d| deal("HZ-T1", d, k, &keys, &e).unwrap()).collect();
        let shares = (1..=n as u32)
            .map(|m| {
                let got: Vec<_> = deals.iter().map(|d| receive_share(d, n, k, m, &ids[m as usize - 1]).unwrap()).collect();
                SecretShare::from_received(m, &got)
            })
            .collect::<Vec<_>>();
        let key = aggregate(&deals.iter().collect::<Vec<_>>(), n, k).unwrap();
        Ceremony { key, shares }
    }

    #[test]
    fn shares_match_verification_keys_and_private_key_is_consistent() {
        let c = ceremony(3, 2, b"dkg");
        for s in &c.shares {
            assert_eq!(s.value * G, c.key.verification_keys[s.index as usize - 1]);
        }
        // Any two shares interpolate to the same secret, whose image is PK (a test
        // only check: production code never does this).
        let x12 = lagrange_at_zero(1, &[1, 2]) * c.shares[0].value + lagrange_at_zero(2, &[1, 2]) * c.shares[1].value;
        let x23 = lagrange_at_zero(2, &[2, 3]) * c.shares[1].value + lagrange_at_zero(3, &[2, 3]) * c.shares[2].value;
        assert_eq!(x12, x23);
        assert_eq!(x12 * G, c.key.public_key.0);
    }

    #[test]
    fn every_pair_opens_and_no_single_custodian_can() {
        let c = ceremony(3, 2, b"pairs");
        let e = DeterministicEntropy::new(b"wrap");
        let secret = [42u8; 32];
        let (r, body) = wrap_to_committee(&c.key.public_key, &secret, &e);
        let pk = c.key.public_key.to_bytes();
        let partials: Vec<_> = c.shares.iter().map(|s| partial_decrypt(s, &c.key.public_key, &r, &e).unwrap()).collect();
        for (a, b) in [(0, 1), (0, 2), (1, 2), (2, 0)] {
            let s = combine(&c.key, &r, &[partials[a].clone(), partials[b].clone()]).unwrap();
            assert_eq!(*unwrap_with_combined(&pk, &r, &body, &s).unwrap(), secret);
        }
        for p in &partials {
            assert_eq!(combine(&c.key, &r, std::slice::from_ref(p)).unwrap_err(), CommitteeError::NotEnoughPartials { have: 1, need: 2 });
            // A single partial used as if it were the whole share does not open it.
            let d = point(&p.d).unwrap();
            assert!(unwrap_with_combined(&pk, &r, &body, &CombinedShare(d)).is_none());
        }
    }

    #[test]
    fn forged_partial_is_rejected_and_names_its_author() {
        let c = ceremony(3, 2, b"forge");
        let e = DeterministicEntropy::new(b"f");
        let (r, _) = wrap_to_committee(&c.key.public_key, &[1; 32], &e);
        let good = partial_decrypt(&c.shares[0], &c.key.public_key, &r, &e).unwrap();
        // Custodian 2 uses a made-up share.
        let fake = SecretShare { index: 2, value: Scalar::from(12345u64) };
        let forged = partial_decrypt(&fake, &c.key.public_key, &r, &e).unwrap();
        let err = combine(&c.key, &r, &[good.clone(), forged]).unwrap_err();
        assert_eq!(err.author(), Some(2));
        // Custodian 3 relabels custodian 1's valid partial as its own.
        let mut stolen = good.clone();
        stolen.custodian = 3;
        assert_eq!(verify_partial(&c.key, &r, &stolen).unwrap_err().author(), Some(3));
        // A partial with a swapped D fails too.
        let mut swapped = good;
        swapped.d = b64(&(Scalar::from(7u64) * G).compress().to_bytes());
        assert_eq!(verify_partial(&c.key, &r, &swapped).unwrap_err().author(), Some(1));
    }

    #[test]
    fn bad_dkg_share_names_the_dealer() {
        let e = DeterministicEntropy::new(b"bad-dealer");
        let ids: Vec<_> = (0..3).map(|_| SecretIdentity::generate(&e)).collect();
        let keys: Vec<_> = ids.iter().map(|i| i.encryption_public()).collect();
        let mut d2 = deal("HZ-T1", 2, 2, &keys, &e).unwrap();
        // Dealer 2 sends custodian 1 a share that is not on its committed polynomial:
        // re-encrypt a wrong scalar.
        let wrong = Scalar::from(99u64).to_bytes();
        let (eph, body) = x25519_wrap(&keys[0], &wrong, &share_aad("HZ-T1", 2, 1), INFO_SHARE, &e).unwrap();
        d2.shares[0] = EncryptedShare { recipient: 1, share: b64(&eph), body: b64(&body) };
        let err = receive_share(&d2, 3, 2, 1, &ids[0]).unwrap_err();
        assert!(matches!(err, CommitteeError::BadShare { dealer: 2, .. }), "{err}");
        // Custodians 2 and 3 got good shares from the same deal.
        assert!(receive_share(&d2, 3, 2, 2, &ids[1]).is_ok());
        // A share addressed to someone else does not decrypt with my key.
        let mut d3 = deal("HZ-T1", 3, 2, &keys, &e).unwrap();
        d3.shares.swap(0, 1);
        d3.shares[0].recipient = 1;
        assert!(matches!(receive_share(&d3, 3, 2, 1, &ids[0]), Err(CommitteeError::BadShare { dealer: 3, .. })));
        // A deal with the wrong number of commitments is named too.
        let mut d1 = deal("HZ-T1", 1, 2, &keys, &e).unwrap();
        d1.commitments.pop();
        assert_eq!(aggregate(&[&d1], 3, 2).unwrap_err().author(), Some(1));
    }

    #[test]
    fn parameters_are_checked() {
        let e = DeterministicEntropy::new(b"p");
        assert!(deal("T", 1, 4, &[[9; 32]; 3], &e).is_err());
        assert!(deal("T", 0, 2, &[[9; 32]; 3], &e).is_err());
        assert!(deal("T", 1, 1, &[[9; 32]; 3], &e).is_err(), "threshold 1");
        assert!(deal("T", 1, 2, &[[9; 32]; 2], &e).is_err(), "two custodians");
    }
}
