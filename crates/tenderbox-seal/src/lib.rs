//! Tenderbox cryptography, exactly as `docs/security.md` and `docs/spec/` describe it.
//!
//! What it is: identities (Ed25519 signing with ring, X25519 encryption with
//! x25519-dalek), the bid package container, the sealed-bid envelope v1 (file key,
//! `bidder` and `committee` stanzas, header MAC, AES-256-GCM STREAM), the committee
//! key (a signed joint-Feldman DKG over Ristretto255 — [`ceremony`] —, partial
//! decryptions with Chaum–Pedersen proofs, Lagrange combination) and the RFC 6962 Merkle log with signed
//! checkpoints. What it is not: it opens no network connection, reads no clock and
//! depends on no async runtime; randomness comes in through [`Entropy`].

#![forbid(unsafe_code)]

pub mod backup;
pub mod bid;
pub mod ceremony;
pub mod checkpoint;
pub mod committee;
pub mod draw;
pub mod entropy;
pub mod envelope;
mod error;
pub mod identity;
pub mod member_key;
pub mod merkle;
pub mod package;
mod primitives;
pub mod reserve;
pub mod signed;
pub mod stream;
pub mod update;

pub use entropy::{DeterministicEntropy, Entropy, SystemEntropy};
pub use error::SealError;
