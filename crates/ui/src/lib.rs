//! xuexi's UI state and drawing: the app (state and its update, no terminal, no database) and
//! the screens drawn from it (see docs/ARCHITECTURE.md).
#![forbid(unsafe_code)]

pub mod app;
pub mod ui;

// the core's modules, under the paths the UI's code names them by
pub(crate) use xuexi_core::{bundle, config, i18n};
pub(crate) use xuexi_domain::{domain, text};
pub(crate) use xuexi_formats::markdown;
