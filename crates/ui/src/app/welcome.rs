//! The welcome screen: shown on the first run (and with `w` on the library), it says what is
//! here, where to start and where the member's data lives, and takes the member's name (the
//! name exports and the 述学 report carry) so nobody has to edit TOML for it.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::Effect;
use super::keys::{self, Command, Context};
use super::reply::{Ctx, Nav, Reply};

/// Longest name the member can type.
pub const MAX_NAME_CHARS: usize = 40;

pub struct Welcome {
    pub input: TextArea<'static>,
    /// Shown at the first start (Esc then means "later", and the screen is not shown again).
    pub first: bool,
    /// The terminal's locale when it is not UTF-8: the welcome says what to set.
    pub locale_note: Option<String>,
    /// The terminal did not say its background (tmux 3.3a does not answer the query, and no
    /// COLORFGBG): the welcome says the light palette exists rather than guess.
    pub theme_note: bool,
}

impl Welcome {
    /// The key table in force.
    pub fn context(&self) -> Context {
        Context::Welcome
    }

    /// A key: Enter keeps the name (saved when it changed), Esc leaves it for later.
    pub fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> Reply {
        match keys::lookup(self.context(), keys::Facts::default(), key) {
            Some(Command::Save) => {
                let name = self.name();
                let changed = !name.is_empty() && name != ctx.config.member.name;
                Reply::effects(vec![Effect::Welcomed {
                    first: self.first,
                    name: changed.then_some(name),
                }])
                .then(Nav::Home)
            }
            Some(Command::Cancel) => Reply::effects(vec![Effect::Welcomed {
                first: self.first,
                name: None,
            }])
            .then(Nav::Home),
            Some(Command::Help) => Reply::nav(Nav::Help),
            Some(Command::Quit) => Reply::nav(Nav::Quit),
            _ => {
                keys::type_capped(&mut self.input, key, MAX_NAME_CHARS, false);
                Reply::default()
            }
        }
    }

    pub fn name(&self) -> String {
        crate::text::sanitize::sanitize_line(self.input.lines().join(" ").trim())
            .chars()
            .take(MAX_NAME_CHARS)
            .collect()
    }
}
