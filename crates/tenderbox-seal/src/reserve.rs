//! The sealed reserve price of a listing or auction (docs/spec/reserve-v1.md).
//!
//! The seller's desk deals one random polynomial f of degree k−1 over Ristretto255's
//! scalars, publishes Feldman commitments C_j = a_j·G, encrypts f(m) to custodian m's
//! X25519 key, and encrypts the reserve under a key derived from a_0 = f(0). Nobody —
//! not the platform's operator, not fewer than k custodians — can read the reserve before
//! k custodians release their shares after bidding ends. Each released share is checked
//! against the commitments, so a wrong share names its custodian; once k are out, anyone
//! can recombine a_0 and read the reserve, and check that a_0·G is C_0.
//!
//! The polynomial serves one reserve only, so releasing the shares afterwards gives
//! nothing away.

use crate::committee::CommitteeError;
use crate::entropy::{Entropy, random_array};
use crate::envelope::{x25519_unwrap, x25519_wrap_with};
use crate::identity::SecretIdentity;
use crate::primitives::{b64, hkdf32, unb64, unb64_32, unwrap32, wrap32};
use curve25519_dalek::constants::RISTRETTO_BASEPOINT_POINT as G;
use curve25519_dalek::ristretto::{CompressedRistretto, RistrettoPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::Identity;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use tenderbox_core::Decimal;
use zeroize::{Zeroize, Zeroizing};

pub const RESERVE_FORMAT: u32 = 1;
const INFO_SHARE: &[u8] = b"tenderbox/v1/reserve-share";
const INFO_KEY: &[u8] = b"tenderbox/v1/reserve-key";

/// One custodian's share, encrypted to its X25519 key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReserveShare {
    /// The custodian's place (1..=n) in `custodians`.
    pub custodian: u32,
    /// The ephemeral X25519 public key, base64.
    pub ephemeral: String,
    /// AES-256-GCM of the 32-byte scalar f(m), base64 (48 bytes).
    pub body: String,
}

/// The sealed reserve as the seller's desk sends it (signed by a centre admin as a
/// [`crate::signed::SignedDoc`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedReserve {
    pub format: u32,
    pub auction: String,
    /// The announced terms' hash: a reserve cannot be carried over to other terms.
    pub terms_hash: String,
    pub threshold: u32,
    /// The custodians' identity ids; custodian m is `custodians[m-1]`.
    pub custodians: Vec<String>,
    /// C_j = a_j·G for j = 0..k, base64.
    pub commitments: Vec<String>,
    pub shares: Vec<ReserveShare>,
    /// AES-256-GCM (zero nonce, fresh key) of the reserve's decimal text padded with NUL to
    /// 32 bytes, base64 (48 bytes). The padding hides how many digits it has.
    pub ciphertext: String,
}

/// A custodian's share in the clear, released after bidding ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleasedShare {
    pub custodian: u32,
    /// f(m), a canonical scalar, base64.
    pub share: String,
}

/// A bidder's price in a one-shot sealed round (一次报价): sealed exactly as the reserve is,
/// to the reserve's custodians with its threshold, and signed by the bidder (as a
/// [`crate::signed::SignedDoc`]) with its bidding number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealedPrice {
    pub number: String,
    pub sealed: SealedReserve,
}

/// A custodian's shares of a sealed round's prices, released after the close: one per
/// bidding number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceShare {
    pub number: String,
    pub share: ReleasedShare,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReserveError {
    #[error("the sealed reserve is malformed: {0}")]
    Malformed(String),
    #[error("the share released by custodian {custodian} is wrong: {why}")]
    BadShare { custodian: u32, why: String },
    #[error("{have} valid share(s) released; the reserve needs {need}")]
    NotEnough { have: usize, need: usize },
    #[error("the shares recombine, but the reserve does not decrypt with them: the sealed reserve was made wrongly")]
    DoesNotOpen,
    #[error("{0}")]
    Parameters(String),
}

impl From<CommitteeError> for ReserveError {
    fn from(e: CommitteeError) -> Self {
        ReserveError::Parameters(e.to_string())
    }
}

fn random_scalar(e: &dyn Entropy) -> Scalar {
    let mut wide: [u8; 64] = random_array(e);
    let s = Scalar::from_bytes_mod_order_wide(&wide);
    wide.zeroize();
    s
}

fn scalar(b64s: &str) -> Option<Scalar> {
    Option::from(Scalar::from_canonical_bytes(unb64_32(b64s)?))
}

fn eval(coeffs: &[Scalar], x: u32) -> Scalar {
    let x = Scalar::from(x as u64);
    coeffs.iter().rev().fold(Scalar::ZERO, |acc, c| acc * x + c)
}

fn eval_commitments(c: &[RistrettoPoint], x: u32) -> RistrettoPoint {
    let x = Scalar::from(x as u64);
    c.iter().rev().fold(RistrettoPoint::identity(), |acc, cj| acc * x + cj)
}

fn share_aad(auction: &str, terms_hash: &str, m: u32) -> Vec<u8> {
    let mut a = INFO_SHARE.to_vec();
    a.push(0);
    a.extend_from_slice(auction.as_bytes());
    a.push(0);
    a.extend_from_slice(terms_hash.as_bytes());
    a.push(0);
    a.extend_from_slice(&m.to_be_bytes());
    a
}

fn reserve_aad(auction: &str, terms_hash: &str) -> Vec<u8> {
    [auction.as_bytes(), &[0], terms_hash.as_bytes()].concat()
}

/// The key that encrypts the reserve: HKDF-SHA256(a_0, salt = C_0, info).
fn reserve_key(a0: &Scalar, c0: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let secret = Zeroizing::new(a0.to_bytes());
    hkdf32(&secret[..], c0, INFO_KEY)
}

fn pad(amount: &Decimal) -> Result<Zeroizing<[u8; 32]>, ReserveError> {
    let text = amount.to_string();
    if text.len() > 32 {
        return Err(ReserveError::Parameters("the reserve is too long to seal (32 characters at most)".into()));
    }
    let mut out = Zeroizing::new([0u8; 32]);
    out[..text.len()].copy_from_slice(text.as_bytes());
    Ok(out)
}

fn unpad(b: &[u8; 32]) -> Result<Decimal, ReserveError> {
    let end = b.iter().position(|&c| c == 0).unwrap_or(32);
    if b[end..].iter().any(|&c| c != 0) {
        return Err(ReserveError::DoesNotOpen);
    }
    std::str::from_utf8(&b[..end]).ok().and_then(|t| t.parse::<Decimal>().ok()).ok_or(ReserveError::DoesNotOpen)
}

/// Seals `reserve` for `auction` (announced with `terms_hash`) to the custodians: `(id,
/// X25519 key)` in order, `threshold` of them needed to open it. The polynomial is wiped
/// before this returns.
pub fn seal(
    auction: &str,
    terms_hash: &str,
    reserve: Decimal,
    custodians: &[(String, [u8; 32])],
    threshold: u32,
    e: &dyn Entropy,
) -> Result<SealedReserve, ReserveError> {
    crate::committee::check_params(custodians.len(), threshold)?;
    let ids: BTreeSet<&String> = custodians.iter().map(|(id, _)| id).collect();
    if ids.len() != custodians.len() {
        return Err(ReserveError::Parameters("a custodian is named twice".into()));
    }
    if reserve <= Decimal::ZERO || reserve.scale() > 2 {
        return Err(ReserveError::Parameters(format!("a reserve is a positive amount in yuan to the fen, not {reserve}")));
    }
    let plain = pad(&reserve)?;
    let mut coeffs: Vec<Scalar> = (0..threshold).map(|_| random_scalar(e)).collect();
    let commitments: Vec<[u8; 32]> = coeffs.iter().map(|a| (a * G).compress().to_bytes()).collect();
    let mut shares = Vec::with_capacity(custodians.len());
    for (i, (_, key)) in custodians.iter().enumerate() {
        let m = i as u32 + 1;
        let eph = Zeroizing::new(random_array::<32>(e));
        let s = Zeroizing::new(eval(&coeffs, m).to_bytes());
        let (e_pub, body) = x25519_wrap_with(key, &eph, &s, &share_aad(auction, terms_hash, m), INFO_SHARE)
            .map_err(|err| ReserveError::Parameters(format!("custodian {m}: {err}")))?;
        shares.push(ReserveShare { custodian: m, ephemeral: b64(&e_pub), body: b64(&body) });
    }
    let key = reserve_key(&coeffs[0], &commitments[0]);
    coeffs.zeroize();
    let ciphertext = wrap32(&key, &reserve_aad(auction, terms_hash), &plain);
    Ok(SealedReserve {
        format: RESERVE_FORMAT,
        auction: auction.to_string(),
        terms_hash: terms_hash.to_string(),
        threshold,
        custodians: custodians.iter().map(|(id, _)| id.clone()).collect(),
        commitments: commitments.iter().map(|c| b64(c)).collect(),
        shares,
        ciphertext: b64(&ciphertext),
    })
}

fn commitments(r: &SealedReserve) -> Result<Vec<RistrettoPoint>, ReserveError> {
    let bad = |why: &str| ReserveError::Malformed(why.to_string());
    if r.commitments.len() != r.threshold as usize {
        return Err(bad("it does not have one commitment per coefficient"));
    }
    r.commitments
        .iter()
        .map(|c| {
            unb64_32(c).and_then(|b| CompressedRistretto(b).decompress()).ok_or_else(|| bad("a commitment is not a Ristretto255 point"))
        })
        .collect()
}

/// Checks a sealed reserve's public structure: the format, k of n allowed, distinct
/// custodians, one commitment per coefficient (C_0 not the identity), one well-formed
/// share per custodian, a ciphertext of the right size. (Whether each share decrypts to
/// the right value only its custodian can check: [`open_share`].)
pub fn check(r: &SealedReserve) -> Result<(), ReserveError> {
    let bad = |why: String| ReserveError::Malformed(why);
    if r.format != RESERVE_FORMAT {
        return Err(bad(format!("format {} is not {RESERVE_FORMAT}", r.format)));
    }
    crate::committee::check_params(r.custodians.len(), r.threshold)?;
    if r.custodians.iter().collect::<BTreeSet<_>>().len() != r.custodians.len() {
        return Err(bad("a custodian is named twice".into()));
    }
    let c = commitments(r)?;
    if c[0] == RistrettoPoint::identity() {
        return Err(bad("its constant commitment is the identity point".into()));
    }
    let places: BTreeSet<u32> = r.shares.iter().map(|s| s.custodian).collect();
    if r.shares.len() != r.custodians.len() || places != (1..=r.custodians.len() as u32).collect() {
        return Err(bad("it does not have exactly one share for every custodian".into()));
    }
    for s in &r.shares {
        if unb64_32(&s.ephemeral).is_none() || unb64(&s.body).is_none_or(|b| b.len() != 48) {
            return Err(bad(format!("the share for custodian {} is malformed", s.custodian)));
        }
    }
    if unb64(&r.ciphertext).is_none_or(|b| b.len() != 48) {
        return Err(bad("the ciphertext is not 48 bytes".into()));
    }
    Ok(())
}

/// Custodian `m` decrypts its share and checks it against the commitments. Its desk may
/// do this at any time (to confirm it holds a good share) but releases it only after
/// bidding has ended.
pub fn open_share(r: &SealedReserve, m: u32, me: &SecretIdentity) -> Result<ReleasedShare, ReserveError> {
    check(r)?;
    let bad = |why: &str| ReserveError::BadShare { custodian: m, why: why.to_string() };
    let es = r.shares.iter().find(|s| s.custodian == m).ok_or_else(|| bad("there is no share for this place"))?;
    let eph = unb64_32(&es.ephemeral).ok_or_else(|| bad("the ephemeral key is not 32 bytes"))?;
    let body = unb64(&es.body).ok_or_else(|| bad("the share is not base64"))?;
    let plain = x25519_unwrap(&me.x25519(), &eph, &share_aad(&r.auction, &r.terms_hash, m), INFO_SHARE, &body)
        .ok_or_else(|| bad("it does not decrypt with this custodian's key"))?;
    let s: Scalar = Option::from(Scalar::from_canonical_bytes(*plain)).ok_or_else(|| bad("it is not a canonical scalar"))?;
    let released = ReleasedShare { custodian: m, share: b64(&s.to_bytes()) };
    check_share(r, &released)?;
    Ok(released)
}

/// Checks a released share against the commitments: f(m)·G = Σ C_j·m^j.
pub fn check_share(r: &SealedReserve, s: &ReleasedShare) -> Result<Scalar, ReserveError> {
    let bad = |why: &str| ReserveError::BadShare { custodian: s.custodian, why: why.to_string() };
    if s.custodian == 0 || s.custodian as usize > r.custodians.len() {
        return Err(bad("there is no such custodian"));
    }
    let c = commitments(r)?;
    let v = scalar(&s.share).ok_or_else(|| bad("it is not a canonical scalar"))?;
    if v * G != eval_commitments(&c, s.custodian) {
        return Err(bad("it does not match the sealed reserve's commitments"));
    }
    Ok(v)
}

fn lagrange_at_zero(j: u32, set: &[u32]) -> Scalar {
    let xj = Scalar::from(j as u64);
    set.iter().filter(|&&m| m != j).fold(Scalar::ONE, |acc, &m| {
        let xm = Scalar::from(m as u64);
        acc * xm * (xm - xj).invert()
    })
}

/// Opens the reserve from released shares: each checked (the first wrong one is named, and
/// so is a second share from the same place), k of them recombined to a_0, a_0·G checked
/// against C_0, the ciphertext decrypted.
pub fn open(r: &SealedReserve, released: &[ReleasedShare]) -> Result<Decimal, ReserveError> {
    check(r)?;
    let mut seen = BTreeSet::new();
    let mut good = Vec::new();
    for s in released {
        let v = check_share(r, s)?;
        if !seen.insert(s.custodian) {
            return Err(ReserveError::BadShare { custodian: s.custodian, why: "a second share from the same custodian".into() });
        }
        good.push((s.custodian, v));
    }
    let need = r.threshold as usize;
    if good.len() < need {
        return Err(ReserveError::NotEnough { have: good.len(), need });
    }
    good.truncate(need);
    let idx: Vec<u32> = good.iter().map(|(m, _)| *m).collect();
    let mut a0 = good.iter().fold(Scalar::ZERO, |acc, (m, v)| acc + lagrange_at_zero(*m, &idx) * v);
    let c = commitments(r)?;
    if a0 * G != c[0] {
        a0.zeroize();
        return Err(ReserveError::DoesNotOpen);
    }
    let key = reserve_key(&a0, &c[0].compress().to_bytes());
    a0.zeroize();
    let body = unb64(&r.ciphertext).ok_or_else(|| ReserveError::Malformed("the ciphertext is not base64".into()))?;
    let plain = unwrap32(&key, &reserve_aad(&r.auction, &r.terms_hash), &body).ok_or(ReserveError::DoesNotOpen)?;
    unpad(&plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DeterministicEntropy;

    fn custodians() -> (Vec<SecretIdentity>, Vec<(String, [u8; 32])>) {
        let ids: Vec<SecretIdentity> =
            (1..=3).map(|i| SecretIdentity::generate(&DeterministicEntropy::new(format!("reserve custodian {i}").as_bytes()))).collect();
        let keys = ids.iter().enumerate().map(|(i, s)| (format!("c{i}"), s.encryption_public())).collect();
        (ids, keys)
    }

    #[test]
    fn two_of_three_custodians_open_the_reserve_and_one_cannot() {
        let (ids, keys) = custodians();
        let e = DeterministicEntropy::new(b"reserve test");
        let r = seal("HZ-TD-2026-031", &"ab".repeat(32), "128000000.00".parse().unwrap(), &keys, 2, &e).unwrap();
        check(&r).unwrap();
        let s1 = open_share(&r, 1, &ids[0]).unwrap();
        let s3 = open_share(&r, 3, &ids[2]).unwrap();
        assert_eq!(open(&r, std::slice::from_ref(&s1)), Err(ReserveError::NotEnough { have: 1, need: 2 }));
        assert_eq!(open(&r, &[s1.clone(), s3.clone()]).unwrap().to_string(), "128000000.00");
        // Another custodian's key does not open a share.
        assert!(matches!(open_share(&r, 2, &ids[0]), Err(ReserveError::BadShare { custodian: 2, .. })));
        // A forged share is named.
        let forged = ReleasedShare { custodian: 3, share: s1.share.clone() };
        assert!(matches!(open(&r, &[s1.clone(), forged]), Err(ReserveError::BadShare { custodian: 3, .. })));
        // The same place twice is refused.
        assert!(matches!(open(&r, &[s1.clone(), s1.clone()]), Err(ReserveError::BadShare { custodian: 1, .. })));
    }

    #[test]
    fn a_reserve_moved_to_other_terms_does_not_open() {
        let (ids, keys) = custodians();
        let e = DeterministicEntropy::new(b"reserve test 2");
        let mut r = seal("HZ-TD-2026-031", &"ab".repeat(32), "9.5".parse().unwrap(), &keys, 2, &e).unwrap();
        r.terms_hash = "cd".repeat(32);
        // The shares were encrypted for the first terms.
        assert!(open_share(&r, 1, &ids[0]).is_err());
    }
}
