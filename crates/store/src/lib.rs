//! xuexi's store: the only code that uses SQLite (see docs/ARCHITECTURE.md).
#![forbid(unsafe_code)]

pub mod store;

// the core's modules, under the paths the store's code names them by
pub(crate) use xuexi_domain::{domain, text};
pub(crate) use xuexi_formats::markdown;
