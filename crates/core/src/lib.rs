//! xuexi's core, what every part of the app reads: the string tables (`i18n`), the files
//! compiled into the binary (`bundle`) and the member's settings (`config`). No file format
//! beyond the settings' TOML, no database (see docs/ARCHITECTURE.md).
#![forbid(unsafe_code)]

pub mod bundle;
pub mod config;
pub mod i18n;

// the domain's modules, under the paths this crate's code names them by
pub(crate) use xuexi_domain::{domain, text};
