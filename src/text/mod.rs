//! Text handling for the terminal: sanitizing untrusted text, display widths, wrapping, layout.

pub mod layout;
pub mod sanitize;
pub mod search;
pub mod width;
pub mod wrap;
