//! Text handling for the terminal: sanitizing untrusted text, display widths, wrapping, layout.

pub mod layout;
pub mod sanitize;
pub mod search;
pub mod width;
pub mod wrap;

/// `mm:ss`, or `h:mm:ss` from an hour on.
pub fn clock(secs: i64) -> String {
    let secs = secs.max(0);
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
    } else {
        format!("{:02}:{:02}", secs / 60, secs % 60)
    }
}
