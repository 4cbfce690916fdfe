//! Fuzz target: the config check on text (see tests/it/common/parser_checks.rs for what must hold).
#![no_main]

#[path = "../../tests/it/common/parser_checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(e) = checks::config(&String::from_utf8_lossy(data)) {
        panic!("{e}");
    }
});
