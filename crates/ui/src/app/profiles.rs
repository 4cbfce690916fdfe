//! The profile picker: on a data folder that holds two or more members' profiles (a branch's
//! shared computer), the TUI starts here, before any database is opened, so that the profile
//! chosen is the one whose writer lock is taken. Its own small state, apart from [`super::App`]:
//! nothing of a member's is loaded yet.

use jiff::civil::Date;
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui_textarea::TextArea;

use super::keys::{self, Command, Context};
use crate::i18n::Strings;

/// Longest profile name the member can type (the rule on names allows 40 characters).
pub const MAX_PROFILE_CHARS: usize = 40;

/// One profile on the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileRow {
    /// `None`: the data folder's own (the one single-member folders have always had).
    pub name: Option<String>,
    /// The last day this profile's member studied (opened xuexi), if ever.
    pub last_studied: Option<Date>,
}

/// What the picker ended with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    /// Open this profile (`None`: the folder's own).
    Open(Option<String>),
    /// Make this new profile and open it; the caller checks the name first and calls
    /// [`ProfilePicker::refuse`] when it will not do.
    New(String),
    Quit,
}

pub struct ProfilePicker {
    pub strings: Strings,
    pub rows: Vec<ProfileRow>,
    pub selected: usize,
    /// The new profile's name being typed, when `n` was pressed.
    pub input: Option<TextArea<'static>>,
    /// Why the name typed was refused (shown until the next key).
    pub error: Option<String>,
}

impl ProfilePicker {
    pub fn new(strings: Strings, rows: Vec<ProfileRow>) -> ProfilePicker {
        ProfilePicker {
            strings: keys::with_key_names(strings),
            rows,
            selected: 0,
            input: None,
            error: None,
        }
    }

    /// Which key table applies: the list's, or the prompt's while a name is typed.
    pub fn context(&self) -> Context {
        match self.input {
            Some(_) => Context::Prompt,
            None => Context::Profiles,
        }
    }

    /// A name typed was not one to use: say why (`why`), the prompt kept open to mend it.
    pub fn refuse(&mut self, why: String) {
        self.error = Some(why);
    }

    /// What an event asks for: `Some` once the picker is done.
    pub fn handle(&mut self, event: &Event) -> Option<Picked> {
        let Event::Key(key) = event else {
            return None;
        };
        let cmd = keys::lookup(self.context(), keys::Facts::default(), key);
        if cmd.is_some() || self.input.is_some() {
            self.error = None;
        }
        if self.input.is_some() {
            return self.prompt_key(key, cmd);
        }
        match cmd? {
            Command::Down => self.selected = (self.selected + 1).min(self.rows.len().max(1) - 1),
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::Open => {
                return self
                    .rows
                    .get(self.selected)
                    .map(|r| Picked::Open(r.name.clone()));
            }
            Command::NewProfile => self.input = Some(TextArea::default()),
            Command::Quit => return Some(Picked::Quit),
            _ => {}
        }
        None
    }

    fn prompt_key(&mut self, key: &KeyEvent, cmd: Option<Command>) -> Option<Picked> {
        match cmd {
            Some(Command::Save) => {
                let typed = self.input.as_ref()?.lines().join("");
                let name = typed.trim().to_string();
                if name.is_empty() {
                    return None;
                }
                // a name already on the list opens that profile rather than another one
                if let Some(i) = self
                    .rows
                    .iter()
                    .position(|r| r.name.as_deref() == Some(name.as_str()))
                {
                    self.selected = i;
                    self.input = None;
                    return Some(Picked::Open(Some(name)));
                }
                Some(Picked::New(name))
            }
            Some(Command::Cancel) => {
                self.input = None;
                None
            }
            _ => {
                if let Some(input) = self.input.as_mut() {
                    keys::type_capped(input, key, MAX_PROFILE_CHARS, false);
                }
                None
            }
        }
    }
}
