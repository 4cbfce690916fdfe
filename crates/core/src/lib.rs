//! xuexi's core, without a terminal or a database: text handling for Chinese, the domain's
//! rules and types, the importers and exporters, the string tables, the bundled files and the
//! settings. It compiles alongside the store and the UI (see docs/ARCHITECTURE.md).
#![forbid(unsafe_code)]

pub mod bundle;
pub mod config;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod text;
