//! The RFC 6962 / RFC 9162 Merkle tree of the transparency log
//! (docs/spec/log-v1.md): leaf hash SHA-256(0x00 || data), node hash
//! SHA-256(0x01 || left || right), tree head, inclusion and consistency proofs.
//!
//! Proof generation works over a [`HashSource`] so the server can answer from its
//! stored subtree hashes; [`leaves_root`] and friends work over a slice for tests
//! and small trees.

pub type Hash = [u8; 32];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    #[error("root mismatch: expected {}, got {}", hex::encode(.expected), hex::encode(.got))]
    MismatchedRoot { expected: Hash, got: Hash },
    #[error("wrong proof size: expected {expected} hashes, got {got}")]
    WrongProofSize { expected: usize, got: usize },
    #[error("index {index} is not inside a tree of size {size}")]
    IndexOutOfRange { index: u64, size: u64 },
    #[error("sizes {first} and {second} cannot be proven consistent (first must not exceed second)")]
    BadSizes { first: u64, second: u64 },
    #[error("a consistency proof between equal sizes must be empty and the roots equal")]
    EqualSizes,
}

pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut c = ring::digest::Context::new(&ring::digest::SHA256);
    c.update(&[0]);
    c.update(data);
    c.finish().as_ref().try_into().expect("32 bytes")
}

pub fn node_hash(l: &Hash, r: &Hash) -> Hash {
    let mut c = ring::digest::Context::new(&ring::digest::SHA256);
    c.update(&[1]);
    c.update(l);
    c.update(r);
    c.finish().as_ref().try_into().expect("32 bytes")
}

/// SHA-256 of the empty string: the root of the empty tree.
pub fn empty_root() -> Hash {
    ring::digest::digest(&ring::digest::SHA256, b"").as_ref().try_into().expect("32 bytes")
}

/// The largest power of two strictly less than n (n ≥ 2).
fn split(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// Anything that can give the hash of the complete subtree of leaves
/// `[start, start + len)`; a slice of leaf hashes is the simplest.
pub trait HashSource {
    fn subtree(&self, start: u64, len: u64) -> Hash;
}

impl HashSource for [Hash] {
    fn subtree(&self, start: u64, len: u64) -> Hash {
        mth(&self[start as usize..(start + len) as usize])
    }
}

fn mth(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split(n as u64) as usize;
            node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
        }
    }
}

/// An append-only tree in memory that keeps every complete subtree hash, so
/// roots and proofs for any size cost O(log² n) hashes instead of O(n). 64 bytes
/// per leaf: a million events take 64 MiB.
#[derive(Debug, Clone, Default)]
pub struct MerkleTree {
    /// `levels[k][i]` = hash of the complete subtree of leaves `[i·2^k, (i+1)·2^k)`.
    levels: Vec<Vec<Hash>>,
}

impl MerkleTree {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> u64 {
        self.levels.first().map_or(0, |l| l.len() as u64)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn leaf(&self, index: u64) -> Option<Hash> {
        self.levels.first()?.get(index as usize).copied()
    }

    /// Appends a leaf hash (see [`leaf_hash`]) and returns its index.
    pub fn push(&mut self, leaf: Hash) -> u64 {
        if self.levels.is_empty() {
            self.levels.push(Vec::new());
        }
        self.levels[0].push(leaf);
        let index = self.levels[0].len() - 1;
        let (mut k, mut i) = (0, index);
        while i % 2 == 1 {
            let h = node_hash(&self.levels[k][i - 1], &self.levels[k][i]);
            if self.levels.len() == k + 1 {
                self.levels.push(Vec::new());
            }
            self.levels[k + 1].push(h);
            k += 1;
            i /= 2;
        }
        index as u64
    }

    /// Root of the first `size` leaves.
    pub fn root(&self, size: u64) -> Result<Hash, ProofError> {
        if size > self.len() {
            return Err(ProofError::IndexOutOfRange { index: size, size: self.len() });
        }
        Ok(if size == 0 { empty_root() } else { self.subtree(0, size) })
    }
}

impl HashSource for MerkleTree {
    fn subtree(&self, start: u64, len: u64) -> Hash {
        if len.is_power_of_two() && start.is_multiple_of(len) {
            let k = len.trailing_zeros() as usize;
            if let Some(h) = self.levels.get(k).and_then(|l| l.get((start / len) as usize)) {
                return *h;
            }
        }
        let k = split(len);
        node_hash(&self.subtree(start, k), &self.subtree(start + k, len - k))
    }
}

/// Root of a tree given its leaf hashes.
pub fn leaves_root(leaves: &[Hash]) -> Hash {
    mth(leaves)
}

/// RFC 6962 PATH(m, D[0:n]).
pub fn inclusion_proof(src: &(impl HashSource + ?Sized), index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let mut out = Vec::new();
    path(src, index, 0, size, &mut out);
    Ok(out)
}

fn path(src: &(impl HashSource + ?Sized), m: u64, start: u64, n: u64, out: &mut Vec<Hash>) {
    if n <= 1 {
        return;
    }
    let k = split(n);
    if m < k {
        path(src, m, start, k, out);
        out.push(src.subtree(start + k, n - k));
    } else {
        path(src, m - k, start + k, n - k, out);
        out.push(src.subtree(start, k));
    }
}

/// RFC 6962 PROOF(m, D[0:n]).
pub fn consistency_proof(src: &(impl HashSource + ?Sized), first: u64, second: u64) -> Result<Vec<Hash>, ProofError> {
    if first > second {
        return Err(ProofError::BadSizes { first, second });
    }
    let mut out = Vec::new();
    if first > 0 && first < second {
        subproof(src, first, 0, second, true, &mut out);
    }
    Ok(out)
}

fn subproof(src: &(impl HashSource + ?Sized), m: u64, start: u64, n: u64, whole: bool, out: &mut Vec<Hash>) {
    if m == n {
        if !whole {
            out.push(src.subtree(start, n));
        }
        return;
    }
    let k = split(n);
    if m <= k {
        subproof(src, m, start, k, whole, out);
        out.push(src.subtree(start + k, n - k));
    } else {
        subproof(src, m - k, start + k, n - k, false, out);
        out.push(src.subtree(start, k));
    }
}

/// RFC 9162 section 2.1.3.2.
pub fn verify_inclusion(leaf: &Hash, index: u64, size: u64, proof: &[Hash], root: &Hash) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let expected_len = inclusion_len(index, size);
    if proof.len() != expected_len {
        return Err(ProofError::WrongProofSize { expected: expected_len, got: proof.len() });
    }
    let (mut fnn, mut snn) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if fnn & 1 == 1 || fnn == snn {
            r = node_hash(p, &r);
            if fnn & 1 == 0 {
                while fnn & 1 == 0 && fnn != 0 {
                    fnn >>= 1;
                    snn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, p);
        }
        fnn >>= 1;
        snn >>= 1;
    }
    if r != *root {
        return Err(ProofError::MismatchedRoot { expected: *root, got: r });
    }
    Ok(())
}

fn inclusion_len(index: u64, size: u64) -> usize {
    // Levels below the point where the paths to `index` and to the last leaf
    // part, plus the left siblings above it.
    let inner = 64 - (index ^ (size - 1)).leading_zeros();
    let border = if inner >= 64 { 0 } else { (index >> inner).count_ones() };
    (inner + border) as usize
}

/// RFC 9162 section 2.1.4.2.
pub fn verify_consistency(first: u64, second: u64, first_root: &Hash, second_root: &Hash, proof: &[Hash]) -> Result<(), ProofError> {
    if first > second {
        return Err(ProofError::BadSizes { first, second });
    }
    if first == second {
        return if proof.is_empty() && first_root == second_root { Ok(()) } else { Err(ProofError::EqualSizes) };
    }
    if first == 0 {
        // Everything is consistent with the empty tree; the proof is empty.
        if !proof.is_empty() {
            return Err(ProofError::WrongProofSize { expected: 0, got: proof.len() });
        }
        if *first_root != empty_root() {
            return Err(ProofError::MismatchedRoot { expected: empty_root(), got: *first_root });
        }
        return Ok(());
    }
    if proof.is_empty() {
        return Err(ProofError::WrongProofSize { expected: 1, got: 0 });
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    let (mut fnn, mut snn) = (first - 1, second - 1);
    while fnn & 1 == 1 {
        fnn >>= 1;
        snn >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if snn == 0 {
            return Err(ProofError::WrongProofSize { expected: path.len() - 1, got: proof.len() + 1 });
        }
        if fnn & 1 == 1 || fnn == snn {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            if fnn & 1 == 0 {
                while fnn & 1 == 0 && fnn != 0 {
                    fnn >>= 1;
                    snn >>= 1;
                }
            }
        } else {
            sr = node_hash(&sr, c);
        }
        fnn >>= 1;
        snn >>= 1;
    }
    if snn != 0 {
        return Err(ProofError::WrongProofSize { expected: proof.len() + 1, got: proof.len() });
    }
    if fr != *first_root {
        return Err(ProofError::MismatchedRoot { expected: *first_root, got: fr });
    }
    if sr != *second_root {
        return Err(ProofError::MismatchedRoot { expected: *second_root, got: sr });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_memory_tree_agrees_with_the_reference_at_every_size() {
        let l = leaves(70);
        let mut t = MerkleTree::new();
        for (i, h) in l.iter().enumerate() {
            assert_eq!(t.push(*h), i as u64);
            let n = i as u64 + 1;
            assert_eq!(t.root(n).unwrap(), leaves_root(&l[..n as usize]));
            for m in [0, n / 2, n - 1] {
                assert_eq!(inclusion_proof(&t, m, n).unwrap(), inclusion_proof(&l[..], m, n).unwrap());
                assert_eq!(consistency_proof(&t, m, n).unwrap(), consistency_proof(&l[..], m, n).unwrap());
            }
        }
        assert_eq!(t.root(0).unwrap(), empty_root());
        assert!(t.root(71).is_err());
    }

    fn leaves(n: usize) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(&[i as u8, (i * 7) as u8])).collect()
    }

    #[test]
    fn every_inclusion_proof_verifies_and_mangled_ones_do_not() {
        for n in 1..=40u64 {
            let l = leaves(n as usize);
            let root = leaves_root(&l);
            for i in 0..n {
                let p = inclusion_proof(l.as_slice(), i, n).unwrap();
                verify_inclusion(&l[i as usize], i, n, &p, &root).unwrap();
                if n > 1 {
                    let other = (i + 1) % n;
                    assert!(verify_inclusion(&l[i as usize], other, n, &p, &root).is_err());
                    let mut bad = p.clone();
                    bad[0][0] ^= 1;
                    assert!(verify_inclusion(&l[i as usize], i, n, &bad, &root).is_err());
                    assert!(verify_inclusion(&l[i as usize], i, n, &p[..p.len() - 1], &root).is_err());
                }
            }
        }
    }

    #[test]
    fn every_consistency_proof_verifies_and_mangled_ones_do_not() {
        let l = leaves(40);
        for n in 1..=40u64 {
            let rn = leaves_root(&l[..n as usize]);
            for m in 0..=n {
                let rm = leaves_root(&l[..m as usize]);
                let p = consistency_proof(l.as_slice(), m, n).unwrap();
                verify_consistency(m, n, &rm, &rn, &p).unwrap_or_else(|e| panic!("{m}->{n}: {e}"));
                if m > 0 && m < n {
                    let mut bad = p.clone();
                    bad[0][3] ^= 0x80;
                    assert!(verify_consistency(m, n, &rm, &rn, &bad).is_err(), "{m}->{n}");
                    assert!(verify_consistency(m, n, &rm, &rn, &p[..p.len() - 1]).is_err(), "{m}->{n}");
                    let mut longer = p.clone();
                    longer.push([0xcd; 32]);
                    assert!(verify_consistency(m, n, &rm, &rn, &longer).is_err(), "{m}->{n}");
                    // A forked history: a different first tree.
                    let mut forked = l[..m as usize].to_vec();
                    forked[0][0] ^= 1;
                    assert!(verify_consistency(m, n, &leaves_root(&forked), &rn, &p).is_err());
                }
            }
        }
    }
}
