//! xuexi (学习): an offline terminal app for studying bundled materials.
//!
//! The crate is split so its parts compile side by side: `xuexi-core` (text, domain, import,
//! export, i18n, bundle, config), `xuexi-store` (SQLite) and `xuexi-ui` (app, ui) build in
//! parallel; this crate holds the services, the event loop and the command line, and
//! re-exports the others under the paths they always had.
#![forbid(unsafe_code)]

pub use xuexi_core::{bundle, config, i18n};
pub use xuexi_domain::{domain, text};
pub use xuexi_formats::{export, import, markdown};
pub use xuexi_store::store;
pub use xuexi_ui::{app, ui};

pub mod cli;
pub mod commands;
pub mod service;
pub mod tui;
