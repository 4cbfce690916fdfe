//! Pure types and rules: no database, no terminal, no clock reads.

pub mod annotation;
pub mod book;
pub mod cloze;
pub mod contest;
pub mod doc;
pub mod draw;
pub mod exam;
pub mod layout;
pub mod log;
pub mod material;
pub mod plan;
pub mod points;
pub mod quiz;
pub mod reading;
pub mod removal;
pub mod report;
pub mod review;
pub mod rng;
pub mod sealed;
pub mod search;
pub mod session;
pub mod stats;
