//! Tenderbox's data for the outside world, as pure mappings from what the server
//! knows to the formats others read: [`ocds`] (the Open Contracting Data Standard
//! 1.1.5 with the bids and lots extensions). With the `schema` feature,
//! [`schema`] validates what they produce against the standard's own schemas,
//! vendored in `schema/`.

pub mod ocds;
#[cfg(feature = "schema")]
pub mod schema;
