//! Fuzz target: the wrapper; the first byte is the width, the rest the text (see
//! tests/it/common/parser_checks.rs for what must hold).
#![no_main]

#[path = "../../tests/it/common/parser_checks.rs"]
#[allow(dead_code)]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&width, text)) = data.split_first() else {
        return;
    };
    if let Err(e) = checks::wrapper(&String::from_utf8_lossy(text), usize::from(width)) {
        panic!("{e}");
    }
});
