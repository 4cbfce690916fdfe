//! Finding things: the search screen (`/` from the library: results as you type, Enter opens
//! the material at the hit) and find in the article (`/` in the reader, `n`/`N`).

use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::keys::{self, Command, Context};
use super::reader::Reader;
use super::screen::{Nav, Reply, find, find_ref};
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
