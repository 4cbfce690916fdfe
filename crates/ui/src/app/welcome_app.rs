//! The app's side of the welcome screen: opening it, handing it the loads it asked for
//! (dropped when it has gone), and reading it. The screen's own state and keys are in `welcome.rs`,
//! which names nothing of the shell.

use super::screen::{find, find_ref};
use super::welcome::*;
use super::{App, Screen};
use jiff::Timestamp;
use ratatui_textarea::TextArea;

impl App {
    /// Opens the welcome screen, the name the config has ready to keep or change.
    pub fn show_welcome(&mut self, first: bool) {
        let mut input = TextArea::default();
        input.insert_str(&self.ctx.config.member.name);
        self.stack.show(Screen::Welcome(Welcome {
            input,
            first,
            locale_note: None,
            theme_note: false,
        }));
    }

    /// The welcome screen's state, when it is open.
    pub fn welcome(&self) -> Option<&Welcome> {
        find_ref!(self.stack, Welcome)
    }

    /// The welcome screen's state, to change (the loop sets the locale note).
    pub fn welcome_mut(&mut self) -> Option<&mut Welcome> {
        find!(self.stack, Welcome)
    }

    /// The member's name was saved in the config file (`path`): the app uses it from now on.
    pub fn name_saved(&mut self, name: String, path: &str, now: Timestamp) {
        let text = crate::i18n::fill(
            &self.ctx.strings.welcome_name_saved,
            &[("name", &name), ("path", &path)],
        );
        self.ctx.config.member.name = name;
        self.notice(text, now);
    }
}
