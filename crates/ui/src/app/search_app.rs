//! The app's side of the search screen: opening it, handing it the loads it asked for
//! (dropped when it has gone), and reading it. The screen's own state and keys are in `search.rs`,
//! which names nothing of the shell.

use super::keys::{self, Command, Context};
use super::reader::Find;
use super::screen::{find, find_ref};
use super::search::*;
use super::{App, Effect, Screen, ScreenKind};
use crate::domain::search::SearchHit;
use crate::text::search::Query;
use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

impl App {
    /// Library → the search screen (the last results are kept).
    pub fn open_search(&mut self, now: Timestamp) -> Vec<Effect> {
        let fx = self.leave_reader(now, true);
        self.library.reader = None;
        let view = match self.stack.unpark(ScreenKind::Search) {
            // the last query, selected: typing replaces it, an arrow key keeps it to change it
            Some(Screen::Search(mut v)) => {
                v.input.select_all();
                v
            }
            _ => SearchView {
                input: TextArea::default(),
                results: Vec::new(),
                selected: 0,
                searched: String::new(),
                error: None,
                pending_since: None,
            },
        };
        self.stack.show(Screen::Search(view));
        fx
    }

    /// After a pause in typing, the query is searched for.
    pub(super) fn search_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        find!(self.stack, Search).map_or_else(Vec::new, |v| v.tick(now))
    }

    /// Hits for `text` (or why the query is wrong); dropped when the search screen has gone.
    pub fn search_results(&mut self, text: String, result: Result<Vec<SearchHit>, String>) {
        if let Some(v) = find!(self.stack, Search) {
            v.on(text, result);
        }
    }

    /// The search screen's state, when it is open.
    pub fn search(&self) -> Option<&SearchView> {
        find_ref!(self.stack, Search)
    }

    pub(super) fn open_find_prompt(&mut self) -> Vec<Effect> {
        if self.library.reader.is_some() {
            self.overlay = Some(super::Overlay::Find(TextArea::default()));
        }
        Vec::new()
    }

    /// Keys while the find prompt is open.
    pub(super) fn find_prompt_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        let Some(super::Overlay::Find(input)) = self.overlay.as_mut() else {
            return Vec::new();
        };
        match keys::lookup(Context::FindPrompt, keys::Facts::default(), key) {
            Some(Command::Cancel) => {
                self.overlay = None;
            }
            Some(Command::Find) => {
                let text = input.lines().join(" ");
                self.overlay = None;
                if text.trim().is_empty() {
                    if let Some(r) = self.library.reader.as_mut() {
                        r.find = None;
                    }
                    return Vec::new();
                }
                match Query::parse(&text) {
                    Ok(q) => {
                        if let Some(r) = self.library.reader.as_mut() {
                            let mut f = Find::new(r, &text, q);
                            // the first hit at or after where the member is
                            let here = r.layout.position_at(r.top);
                            f.current = f
                                .hits
                                .iter()
                                .position(|p| (p.block, p.offset) >= (here.block, here.offset))
                                .unwrap_or(0);
                            let empty = f.hits.is_empty();
                            r.find = Some(f);
                            if empty {
                                let text = crate::i18n::fill(
                                    &self.ctx.strings.find_none,
                                    &[("q", &text.trim())],
                                );
                                self.flash(text, true, now);
                                return Vec::new();
                            }
                            return self.jump_to_hit(now);
                        }
                    }
                    Err(e) => {
                        let text = self.ctx.strings.query_error(&e);
                        self.error(text, now)
                    }
                }
            }
            _ => keys::type_capped(input, key, crate::text::search::MAX_QUERY_CHARS, false),
        }
        Vec::new()
    }

    /// `n` / `N`: the next or previous hit, wrapping around.
    pub(super) fn next_hit(&mut self, forward: bool, now: Timestamp) -> Vec<Effect> {
        let Some(f) = self.library.reader.as_mut().and_then(|r| r.find.as_mut()) else {
            return Vec::new();
        };
        let n = f.hits.len();
        if n == 0 {
            return Vec::new();
        }
        f.current = if forward {
            (f.current + 1) % n
        } else {
            (f.current + n - 1) % n
        };
        self.jump_to_hit(now)
    }

    /// Scrolls so the current hit stands a third of the way down the pane.
    fn jump_to_hit(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.library.reader.as_mut() else {
            return Vec::new();
        };
        let Some(pos) = r.find.as_ref().and_then(|f| f.hits.get(f.current)).copied() else {
            return Vec::new();
        };
        let line = r.layout.line_of(pos);
        let target = line.saturating_sub(r.height / 3);
        let finished = r.scroll_to(target);
        self.after_scroll(finished, now)
    }
}
