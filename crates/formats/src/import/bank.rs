//! Quiz banks, from the outside: load a bank file whatever its format, and the size past
//! which one is refused. The readers live one a file beside this one (`bank_toml`,
//! `bank_table`, `bank_text`, `bank_gift`, `bank_aiken`, `bank_json`); the checks they share
//! in [`super::question`].

pub use super::bank_load::{TableOptions, load_bank, load_bank_file, load_bank_noting};
pub use super::question::MAX_BANK_BYTES;
