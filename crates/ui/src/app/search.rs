//! Finding things: the search screen (`/` from the library: results as you type, Enter opens
//! the material at the hit) and find in the article (`/` in the reader, `n`/`N`).

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::keys::{self, Command, Context};
use super::reader::Reader;
use super::screen::{find, find_ref};
use super::{App, Effect, Screen, ScreenKind};
use crate::domain::material::Position;
use crate::domain::search::SearchHit;
use crate::text::search::Query;

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
}

/// Find in the article: where the query occurs, and which one is current.
pub struct Find {
    pub text: String,
    pub query: Query,
    pub hits: Vec<Position>,
    pub current: usize,
}

impl Find {
    /// Every occurrence of `query` in the reader's blocks.
    pub fn new(reader: &Reader, text: &str, query: Query) -> Find {
        let mut hits = Vec::new();
        for (b, block) in reader.doc.blocks.iter().enumerate() {
            let t = block.text();
            for r in query.occurrences(&t) {
                hits.push(Position {
                    block: b,
                    offset: r.start,
                });
            }
        }
        Find {
            text: text.to_string(),
            query,
            hits,
            current: 0,
        }
    }
}

impl App {
    /// Library → the search screen (the last results are kept).
    pub fn open_search(&mut self, now: Timestamp) -> Vec<Effect> {
        let fx = self.leave_reader(now, true);
        self.reader = None;
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

    pub(super) fn search_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        let Some(v) = find!(self.stack, Search) else {
            return Vec::new();
        };
        match keys::lookup(Context::Search, keys::Facts::default(), key) {
            Some(Command::Back) => {
                self.stack.show(Screen::Library);
                return vec![Effect::RefreshLibrary];
            }
            Some(Command::Quit) => return self.command(Command::Quit, now),
            Some(Command::Down) => {
                v.selected = (v.selected + 1).min(v.results.len().saturating_sub(1))
            }
            Some(Command::Up) => v.selected = v.selected.saturating_sub(1),
            Some(Command::Help) => self.help = true,
            Some(Command::Open) => {
                // results for older text are still the ones shown: open what is shown
                let Some(hit) = v.results.get(v.selected) else {
                    return Vec::new();
                };
                let target = super::Target {
                    id: hit.id.clone(),
                    at: hit.first,
                    find: Some(v.searched.clone()),
                };
                return self.open_from(target, now);
            }
            _ => {
                keys::type_capped(
                    &mut v.input,
                    key,
                    crate::text::search::MAX_QUERY_CHARS,
                    false,
                );
                v.pending_since = Some(now);
            }
        }
        Vec::new()
    }

    /// Called by the loop's tick: runs the search once typing has paused.
    pub(super) fn search_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(v) = find!(self.stack, Search) else {
            return Vec::new();
        };
        match v.pending_since {
            Some(t) if now - t >= SignedDuration::from_millis(DEBOUNCE_MS) => {
                v.pending_since = None;
                let text = v.text();
                if text.trim().is_empty() {
                    v.results.clear();
                    v.error = None;
                    v.searched.clear();
                    return Vec::new();
                }
                vec![Effect::Search(text)]
            }
            _ => Vec::new(),
        }
    }

    /// Results (or why the text cannot be searched) for `text`.
    pub fn search_results(&mut self, text: String, result: Result<Vec<SearchHit>, String>) {
        // (dropped when the search screen has gone)
        let Some(v) = find!(self.stack, Search) else {
            return;
        };
        v.searched = text;
        match result {
            Ok(hits) => {
                v.results = hits;
                v.error = None;
            }
            Err(e) => {
                v.results.clear();
                v.error = Some(e);
            }
        }
        v.selected = v.selected.min(v.results.len().saturating_sub(1));
    }

    /// `/` in the reader: opens the find prompt.
    /// The search screen's state, when it is open.
    pub fn search(&self) -> Option<&SearchView> {
        find_ref!(self.stack, Search)
    }

    pub(super) fn open_find_prompt(&mut self) -> Vec<Effect> {
        if self.reader.is_some() {
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
                    if let Some(r) = self.reader.as_mut() {
                        r.find = None;
                    }
                    return Vec::new();
                }
                match Query::parse(&text) {
                    Ok(q) => {
                        if let Some(r) = self.reader.as_mut() {
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
        let Some(f) = self.reader.as_mut().and_then(|r| r.find.as_mut()) else {
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
        let Some(r) = self.reader.as_mut() else {
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
