//! Tenderbox's data for the outside world, as pure mappings from what the server
//! knows to the formats others read: [`ocds`] (the Open Contracting Data Standard
//! 1.1.5 with the bids and lots extensions) and [`national`] (the national public
//! resource trading data specification's data sets). With the `schema` feature,
//! [`schema`] validates what they produce against the standard's own schemas,
//! vendored in `schema/`.

pub mod national;
pub mod ocds;
#[cfg(feature = "schema")]
pub mod schema;
