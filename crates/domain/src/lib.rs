//! xuexi's domain: pure types and rules — materials and their layout, questions and grading,
//! sessions and paper drawing, plans, the study log, stats and points, the review schedule — and
//! the Chinese text handling they stand on. No file format, no database, no network, no clock
//! reads (see docs/ARCHITECTURE.md; `tests/architecture.rs` checks what this crate may depend on).
#![forbid(unsafe_code)]

pub mod domain;
pub mod text;
