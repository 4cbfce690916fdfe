//! Pure types and rules: no database, no terminal, no clock reads.

pub mod annotation;
pub mod doc;
pub mod log;
pub mod material;
pub mod plan;
pub mod quiz;
pub mod reading;
pub mod rng;
pub mod session;
pub mod stats;
