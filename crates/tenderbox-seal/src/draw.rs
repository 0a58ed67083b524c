//! The expert draw (`docs/spec/draw-v1.md`): the commitment the server logs before
//! a draw, the seed that joins its secret with a supervisor's entropy and a signed log
//! root, the hash of the eligible pool, and the deterministic selection — a SHA-256
//! counter stream with rejection sampling (no modulo bias), at most one expert per
//! employer. Anyone holding the revealed inputs recomputes every step.

use ring::digest::{Context, SHA256};

const COMMIT_DOMAIN: &[u8] = b"tenderbox/v1/draw-commit\0";
const SEED_DOMAIN: &[u8] = b"tenderbox/v1/draw-seed\0";
const POOL_DOMAIN: &[u8] = b"tenderbox/v1/draw-pool\0";
const STREAM_DOMAIN: &[u8] = b"tenderbox/v1/draw-stream\0";
const RESULT_DOMAIN: &[u8] = b"tenderbox/v1/draw-result\0";

fn field(ctx: &mut Context, bytes: &[u8]) {
    ctx.update(&(bytes.len() as u32).to_be_bytes());
    ctx.update(bytes);
}

fn finish(ctx: Context) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ctx.finish().as_ref());
    out
}

/// What the server logs before the draw: SHA-256(domain || draw id || secret).
pub fn commitment(draw_id: &str, secret: &[u8; 32]) -> [u8; 32] {
    let mut c = Context::new(&SHA256);
    c.update(COMMIT_DOMAIN);
    field(&mut c, draw_id.as_bytes());
    c.update(secret);
    finish(c)
}

/// The seed of one round of a draw: the server's secret (committed before), the
/// supervisor's entropy (logged when given), and the root of a log checkpoint signed
/// after the request (so nobody knew it when committing).
pub fn seed(draw_id: &str, round: u32, secret: &[u8; 32], supervisor_entropy: &[u8], checkpoint_root: &[u8; 32]) -> [u8; 32] {
    let mut c = Context::new(&SHA256);
    c.update(SEED_DOMAIN);
    field(&mut c, draw_id.as_bytes());
    c.update(&round.to_be_bytes());
    c.update(secret);
    field(&mut c, supervisor_entropy);
    c.update(checkpoint_root);
    finish(c)
}

/// One candidate: the expert's id and employer (USCC).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Candidate {
    pub id: String,
    pub employer: String,
}

/// The hash of an eligible pool, keyed by the draw's secret: the candidates sorted by
/// id (ids unique), each as length-prefixed id and employer. Keyed, because the pool
/// is the library minus whoever stands aside — bidders' employees among them — and an
/// unkeyed hash would let anyone holding the library test guesses of who is bidding.
pub fn pool_hash(secret: &[u8; 32], pool: &[Candidate]) -> [u8; 32] {
    let mut sorted: Vec<&Candidate> = pool.iter().collect();
    sorted.sort();
    let mut c = Context::new(&SHA256);
    c.update(POOL_DOMAIN);
    c.update(secret);
    c.update(&(sorted.len() as u32).to_be_bytes());
    for x in sorted {
        field(&mut c, x.id.as_bytes());
        field(&mut c, x.employer.as_bytes());
    }
    finish(c)
}

/// The commitment to a round's result, logged in place of the names: the picks in the
/// order drawn, each as its group and expert id, keyed by the secret (so nobody can
/// test guesses of the committee before the reveal).
pub fn result_hash(secret: &[u8; 32], round: u32, picks: &[(String, String)]) -> [u8; 32] {
    let mut c = Context::new(&SHA256);
    c.update(RESULT_DOMAIN);
    c.update(secret);
    c.update(&round.to_be_bytes());
    c.update(&(picks.len() as u32).to_be_bytes());
    for (group, id) in picks {
        field(&mut c, group.as_bytes());
        field(&mut c, id.as_bytes());
    }
    finish(c)
}

/// The stream of 64-bit numbers a group draws from: SHA-256(domain || seed || group ||
/// block counter), each block read as four big-endian u64.
pub struct Stream {
    seed: [u8; 32],
    group: String,
    block: u64,
    buf: [u8; 32],
    used: usize,
}

impl Stream {
    pub fn new(seed: &[u8; 32], group: &str) -> Self {
        Stream { seed: *seed, group: group.to_string(), block: 0, buf: [0; 32], used: 32 }
    }

    pub fn next_u64(&mut self) -> u64 {
        if self.used == 32 {
            let mut c = Context::new(&SHA256);
            c.update(STREAM_DOMAIN);
            c.update(&self.seed);
            field(&mut c, self.group.as_bytes());
            c.update(&self.block.to_be_bytes());
            self.buf = finish(c);
            self.block += 1;
            self.used = 0;
        }
        let v = u64::from_be_bytes(self.buf[self.used..self.used + 8].try_into().expect("8 bytes"));
        self.used += 8;
        v
    }

    /// A uniform index below `n` (n ≥ 1): values at or above the largest multiple of n
    /// that fits are rejected and the next one taken.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "an index below zero");
        let limit = u64::MAX - (u64::MAX % n + 1) % n;
        loop {
            let v = self.next_u64();
            if v <= limit {
                return v % n;
            }
        }
    }
}

/// Why a group could not be filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    pub group: String,
    pub wanted: usize,
    pub available: usize,
}

/// Draws `count` experts for `group` from `pool` (sorted by id first), without
/// replacement, skipping anyone already `chosen` and anyone whose employer is already
/// represented among `chosen` (one expert per employer in a committee). Each pick is
/// `stream.below(remaining)` into the remaining sorted candidates; a candidate ruled
/// out by the employer rule is removed and the pick is made again.
pub fn select(
    seed: &[u8; 32],
    group: &str,
    pool: &[Candidate],
    count: usize,
    chosen: &mut Vec<Candidate>,
) -> Result<Vec<Candidate>, Shortfall> {
    let mut remaining: Vec<Candidate> = pool.iter().filter(|c| !chosen.iter().any(|x| x.id == c.id)).cloned().collect();
    remaining.sort();
    remaining.dedup_by(|a, b| a.id == b.id);
    let mut stream = Stream::new(seed, group);
    let mut picked = Vec::with_capacity(count);
    while picked.len() < count {
        remaining.retain(|c| !chosen.iter().any(|x| x.employer == c.employer));
        if remaining.is_empty() {
            return Err(Shortfall { group: group.to_string(), wanted: count, available: picked.len() });
        }
        let i = stream.below(remaining.len() as u64) as usize;
        let c = remaining.remove(i);
        chosen.push(c.clone());
        picked.push(c);
    }
    Ok(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(n: usize) -> Vec<Candidate> {
        (0..n).map(|i| Candidate { id: format!("e{i:03}"), employer: format!("emp{i:03}") }).collect()
    }

    #[test]
    fn rejection_sampling_has_no_modulo_bias_at_the_edge() {
        let mut s = Stream::new(&[1; 32], "A08");
        for n in [1u64, 2, 3, 7, 50, u64::MAX / 2 + 1, u64::MAX] {
            for _ in 0..50 {
                assert!(s.below(n) < n);
            }
        }
    }

    #[test]
    fn the_same_inputs_give_the_same_committee_and_the_pool_order_does_not_matter() {
        let sd = seed("D1", 0, &[2; 32], b"supervisor typed this", &[3; 32]);
        let p = pool(30);
        let mut rev = p.clone();
        rev.reverse();
        let a = select(&sd, "A08", &p, 5, &mut vec![]).unwrap();
        let b = select(&sd, "A08", &rev, 5, &mut vec![]).unwrap();
        assert_eq!(a, b);
        assert_eq!(pool_hash(&[2; 32], &p), pool_hash(&[2; 32], &rev));
        assert_ne!(pool_hash(&[2; 32], &p), pool_hash(&[3; 32], &p), "keyed by the secret");
        let other = seed("D1", 1, &[2; 32], b"supervisor typed this", &[3; 32]);
        assert_ne!(select(&other, "A08", &p, 5, &mut vec![]).unwrap(), a, "another round draws afresh");
    }

    #[test]
    fn one_expert_per_employer_and_a_shortfall_names_what_is_missing() {
        let mut p = pool(4);
        p.push(Candidate { id: "e900".into(), employer: "emp000".into() });
        let mut chosen = vec![];
        let got = select(&[4; 32], "B01", &p, 4, &mut chosen).unwrap();
        let mut employers: Vec<_> = got.iter().map(|c| c.employer.clone()).collect();
        employers.sort();
        employers.dedup();
        assert_eq!(employers.len(), 4);
        let e = select(&[4; 32], "C02", &p, 1, &mut chosen).unwrap_err();
        assert_eq!(e, Shortfall { group: "C02".into(), wanted: 1, available: 0 });
    }

    /// Uniformity: 100,000 draws of 5 from 50; each expert is expected 10,000 times. The
    /// chi-square statistic over 50 cells (49 degrees of freedom) must stay below 85.35,
    /// the p = 0.001 critical value.
    #[test]
    fn draws_are_uniform_by_a_chi_square_test() {
        let p = pool(50);
        let mut counts = [0u64; 50];
        for round in 0..100_000u32 {
            let sd = seed("chi", round, &[5; 32], b"", &[6; 32]);
            for c in select(&sd, "A", &p, 5, &mut vec![]).unwrap() {
                counts[c.id[1..].parse::<usize>().unwrap()] += 1;
            }
        }
        let expected = 100_000.0 * 5.0 / 50.0;
        let chi: f64 = counts.iter().map(|&o| (o as f64 - expected).powi(2) / expected).sum();
        assert!(chi < 85.35, "chi-square {chi:.2} over 49 degrees of freedom: p < 0.001");
    }
}
