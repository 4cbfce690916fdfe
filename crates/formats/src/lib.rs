//! xuexi's file formats: bytes in, domain types out, and back — the material Markdown
//! (`markdown`), the banks, plans and study packs a trainer hands out (`import`), and what a
//! member hands in (`export`). Each error carries file, line and column. calamine, zip,
//! pulldown-cmark, csv and encoding_rs are used here and nowhere else (see
//! docs/ARCHITECTURE.md).
#![forbid(unsafe_code)]

pub mod export;
pub mod import;
pub mod markdown;

// the domain's and the core's modules, under the paths this crate's code names them by
pub(crate) use xuexi_core::i18n;
pub(crate) use xuexi_domain::{domain, text};
