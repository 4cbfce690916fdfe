//! The integration tests: one binary for the whole top crate, one module per area, so that
//! `cargo test` links the app once rather than once per file. `cargo test --test it` runs
//! them all; `cargo test --test it quiz::` the tests of one module. Shared helpers are in
//! `common/`; a new area gets a file here and a `mod` line below. Snapshots are in
//! `snapshots/`, named `it__<module>__<test>.snap`.
//!
//! One process runs every test on many threads: a test must not change the process's
//! environment, working directory or signal handlers. A test that needs another environment
//! runs its part in a child process (`common::run_in_child`).

mod common;

mod architecture;
mod background;
mod backup;
mod bank;
mod bank_cli;
mod bank_foreign;
mod boundaries;
mod branch;
mod branch_forged;
mod branch_spill;
mod bundle;
mod cli;
mod cli_log;
mod cli_words;
mod contest;
mod crash;
mod event_loop;
mod exam;
mod exam_guard;
mod export_dir;
mod faults;
mod find;
mod home;
mod hostile;
mod install;
mod library;
mod log;
mod log_export;
mod lrs;
mod malformed;
mod modes;
mod notes;
mod pack;
mod paper;
mod papers;
mod parser_props;
mod plans;
mod played;
mod profile_picker;
mod quiz;
mod quiz_hints;
mod quiz_props;
mod restore_review;
mod review;
mod screens;
mod sealed;
mod search;
mod shape;
mod store;
mod tty_bytes;
mod welcome;
mod wrap_props;
mod xapi_conformance;
