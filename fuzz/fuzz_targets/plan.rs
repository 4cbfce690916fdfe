//! Fuzz target: the plan parser on raw bytes (see tests/it/common/parser_checks.rs for what must hold).
#![no_main]

#[path = "../../tests/it/common/parser_checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = checks::plan(data) {
        panic!("{e}");
    }
});
