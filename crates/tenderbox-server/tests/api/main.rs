//! Black-box API tests: each starts the real server (in this process) on a
//! random port with a fresh database — SQLite in a temporary folder, or a fresh
//! PostgreSQL database when TENDERBOX_TEST_POSTGRES names a server.

mod access;
mod agency_desk;
mod attacks;
mod auctions;
mod bids;
mod clarifications;
mod client_sync;
mod committee;
mod complaints;
mod credit;
mod desk;
mod draws;
mod evaluation;
mod exchange;
mod experts;
mod files;
mod helpers;
mod identities;
mod log;
mod opening;
mod periods;
mod portal;
mod releases;
mod review;
mod security;
mod supervision;
mod tls;
