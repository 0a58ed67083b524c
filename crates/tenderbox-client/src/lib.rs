//! Shared by the desktop app and the `tenderbox` CLI: the key store (OS keychain
//! or a passphrase-encrypted key file), bid drafts on disk, the machine
//! fingerprint, and sealing and opening bids to and from files — every file
//! written atomically; the network client of the trading server (`api`), the
//! transparency-log checks (`logcheck`) and verified tender packages (`tenders`).

#![forbid(unsafe_code)]

pub mod api;
pub mod auction_room;
pub mod auction_verify;
pub mod committee;
pub mod desk;
pub mod draft;
pub mod draw_verify;
pub mod endpoints;
pub mod evaluation;
pub mod files;
pub mod fingerprint;
pub mod guarantee;
pub mod home;
pub mod identity_flow;
pub mod keystore;
pub mod logcheck;
pub mod outbox;
pub mod recompute;
pub mod release;
pub mod sealing;
pub mod store;
pub mod supervision;
pub mod sync;
pub mod tenders;

/// Version written into every bid manifest (`tool.version`).
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");
