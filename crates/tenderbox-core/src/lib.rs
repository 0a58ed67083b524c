//! Tenderbox domain model and rules.
//!
//! What it is: the tender document, the bid draft and its completeness check, the
//! unified social credit code, the trading centres, money in exact decimals with
//! its 大写 form, and the evaluation arithmetic of docs/domain.md. What it is not: it does
//! no I/O, reads no clock and draws no randomness — callers pass time in — and it
//! depends on no runtime, database or UI crate, so it builds and tests in seconds.

#![forbid(unsafe_code)]

pub mod amount;
pub mod auction;
pub mod bid;
pub mod calendar;
pub mod canonical;
pub mod centre;
pub mod codes;
pub mod collusion;
pub mod complaint;
pub mod credit;
pub mod evaluation;
pub mod expert_library;
pub mod experts;
pub mod periods;
pub mod problem;
pub mod score_sheet;
pub mod scoring;
pub mod security;
pub mod statistics;
pub mod tender;
pub mod time;
pub mod uscc;

pub use rust_decimal::Decimal;

/// SHA-256 of a byte string.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let d = ring::digest::digest(&ring::digest::SHA256, data);
    let mut out = [0u8; 32];
    out.copy_from_slice(d.as_ref());
    out
}
