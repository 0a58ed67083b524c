//! Randomness is a parameter: production code passes [`SystemEntropy`] (the OS
//! CSPRNG through ring), tests and test vectors pass [`DeterministicEntropy`].

use std::sync::atomic::{AtomicU64, Ordering};

pub trait Entropy {
    /// Fills `dest` with random bytes.
    fn fill(&self, dest: &mut [u8]);
}

/// The operating system's CSPRNG.
#[derive(Debug)]
pub struct SystemEntropy(ring::rand::SystemRandom);

impl SystemEntropy {
    pub fn new() -> Self {
        SystemEntropy(ring::rand::SystemRandom::new())
    }
}

impl Default for SystemEntropy {
    fn default() -> Self {
        Self::new()
    }
}

impl Entropy for SystemEntropy {
    fn fill(&self, dest: &mut [u8]) {
        use ring::rand::SecureRandom;
        // The OS generator failing leaves no safe way to go on.
        self.0.fill(dest).expect("the operating system's random number generator failed");
    }
}

/// A reproducible byte stream, SHA-256(seed || counter), for tests and test
/// vectors only. Never use it for real keys.
#[derive(Debug)]
pub struct DeterministicEntropy {
    seed: Vec<u8>,
    counter: AtomicU64,
}

impl DeterministicEntropy {
    pub fn new(seed: &[u8]) -> Self {
        DeterministicEntropy { seed: seed.to_vec(), counter: AtomicU64::new(0) }
    }
}

impl Entropy for DeterministicEntropy {
    fn fill(&self, dest: &mut [u8]) {
        for chunk in dest.chunks_mut(32) {
            let n = self.counter.fetch_add(1, Ordering::Relaxed);
            let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
            ctx.update(&self.seed);
            ctx.update(&n.to_be_bytes());
            let d = ctx.finish();
            chunk.copy_from_slice(&d.as_ref()[..chunk.len()]);
        }
    }
}

pub(crate) fn random_array<const N: usize>(e: &dyn Entropy) -> [u8; N] {
    let mut a = [0u8; N];
    e.fill(&mut a);
    a
}
