//! xuexi (学习): an offline terminal app for studying bundled materials.
#![forbid(unsafe_code)]

pub mod app;
pub mod bundle;
pub mod cli;
pub mod commands;
pub mod config;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod service;
pub mod store;
pub mod text;
pub mod tui;
pub mod ui;
