//! Finding things: the search screen (`/` from the library: results as you type, Enter opens
//! the material at the hit) and find in the article (`/` in the reader, `n`/`N`).

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::Effect;
use super::keys::{self, Command, Context};
use super::reply::{Nav, Reply};
use crate::domain::search::SearchHit;

/// Typing pauses this long before the search runs.
pub const DEBOUNCE_MS: i64 = 150;
/// Results shown on the search screen.
pub const RESULTS: usize = 50;

pub struct SearchView {
    pub input: TextArea<'static>,
    pub results: Vec<SearchHit>,
    pub selected: usize,
    /// The text the results are for.
    pub searched: String,
    /// Why the text cannot be searched (shown instead of results).
    pub error: Option<String>,
    /// The input changed at this time and has not been searched yet.
    pub pending_since: Option<Timestamp>,
}

impl SearchView {
    pub fn text(&self) -> String {
        self.input.lines().join(" ")
    }

    /// The key table in force.
    pub fn context(&self) -> Context {
        Context::Search
    }

    /// A key: moving through the hits, opening one, back; anything else is typed.
    pub fn key(&mut self, key: &KeyEvent, now: Timestamp) -> Reply {
        match keys::lookup(self.context(), keys::Facts::default(), key) {
            Some(Command::Back) => {
                return Reply::effects(vec![Effect::RefreshLibrary]).then(Nav::Home);
            }
            Some(Command::Quit) => return Reply::nav(Nav::Quit),
            Some(Command::Down) => {
                self.selected = (self.selected + 1).min(self.results.len().saturating_sub(1))
            }
            Some(Command::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Command::Help) => return Reply::nav(Nav::Help),
            Some(Command::Open) => {
                // results for older text are still the ones shown: open what is shown
                let Some(hit) = self.results.get(self.selected) else {
                    return Reply::default();
                };
                return Reply::nav(Nav::Open(super::Target {
                    id: hit.id.clone(),
                    at: hit.first,
                    find: Some(self.searched.clone()),
                }));
            }
            _ => {
                keys::type_capped(
                    &mut self.input,
                    key,
                    crate::text::search::MAX_QUERY_CHARS,
                    false,
                );
                self.pending_since = Some(now);
            }
        }
        Reply::default()
    }

    /// The query typed is searched for once typing has paused [`DEBOUNCE_MS`].
    pub fn tick(&mut self, now: Timestamp) -> Vec<Effect> {
        match self.pending_since {
            Some(t) if now - t >= SignedDuration::from_millis(DEBOUNCE_MS) => {
                self.pending_since = None;
                let text = self.text();
                if text.trim().is_empty() {
                    self.results.clear();
                    self.error = None;
                    self.searched.clear();
                    return Vec::new();
                }
                vec![Effect::Search(text)]
            }
            _ => Vec::new(),
        }
    }

    /// The hits for `text` came back (or why the query is wrong).
    pub fn on(&mut self, text: String, result: Result<Vec<SearchHit>, String>) {
        self.searched = text;
        match result {
            Ok(hits) => {
                self.results = hits;
                self.error = None;
            }
            Err(e) => {
                self.results.clear();
                self.error = Some(e);
            }
        }
        self.selected = self.selected.min(self.results.len().saturating_sub(1));
    }
}
