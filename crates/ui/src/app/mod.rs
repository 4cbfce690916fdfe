//! UI state and its update. Never touches the terminal or the database: it returns
//! [`Effect`]s for the event loop to carry out, so it is tested without either.

pub mod cards;
mod cards_app;
pub mod cloze;
mod commands;
pub mod contest;
mod contest_app;
mod effect;
pub mod keys;
pub mod layout;
pub mod library;
mod mouse;
pub mod notes;
mod notes_app;
pub mod plan_items;
pub mod plans;
mod plans_app;
mod plans_keys;
pub mod profiles;
pub mod quiz;
mod quiz_app;
pub mod reader;
mod reading;
mod reply;
pub mod screen;
pub mod search;
mod search_app;
pub mod stats;
mod stats_app;
#[cfg(test)]
mod tests;
pub mod welcome;
mod welcome_app;

use jiff::Timestamp;
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::Rect;

use crate::domain::material::Summary;
use crate::i18n::Strings;
pub use effect::{Effect, Target};
use keys::{Command, Context};
use reader::Reader;
pub use reply::{Ctx, Nav, Reply};
pub use screen::{Screen, ScreenKind};

/// Unsaved progress is written at most this often while reading.
pub const SAVE_EVERY_SECS: i64 = 2;
/// A running reading session is checkpointed this often.
pub const CHECKPOINT_EVERY_SECS: i64 = 30;
/// How long a message stays in the hint bar.
pub const MESSAGE_SECS: i64 = 4;
/// Lines per mouse-wheel step.
pub const WHEEL_LINES: isize = 3;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    Library,
    Reader,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    pub until: Timestamp,
}

/// What stands over the reading pane.
pub enum Overlay {
    /// `/`: the find prompt.
    Find(ratatui_textarea::TextArea<'static>),
    /// A bookmark's label or a note being typed.
    Input(notes::ReaderInput),
    /// `'`: this material's bookmarks.
    Bookmarks(notes::BookmarkList),
    /// `c`: a card from the text (挖空).
    Cloze(cloze::ClozeInput),
}

/// Who has the keys (see [`App::front`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Front {
    Screen(ScreenKind),
    Filter,
    Overlay,
    Panes,
}

/// One row of the library list as drawn: a column heading or a material (two lines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    Column(usize),
    Item(usize),
}

/// The library's state, with the reading pane beside it: the base of the screen stack, it
/// never leaves it.
#[derive(Default)]
pub struct Library {
    pub items: Vec<Summary>,
    /// Column names in order, with the indices of their items.
    pub groups: Vec<(String, Vec<usize>)>,
    /// Items in display order (grouped by column).
    pub order: Vec<usize>,
    /// Index into `order`.
    pub selected: usize,
    /// The rest of a large library, loading beside the first screen ([`App::load_rest`]).
    pub loading: Option<library::Loading>,
    /// The library's filter (`f`), when one is typed or kept.
    pub filter: Option<library::Filter>,
    /// First visible row of the library list.
    pub list_offset: usize,
    /// Questions the review asks today, within the day's limit (shown on the library).
    pub review_due: usize,
    /// The material open in the reading pane: beside the list when the window is wide, in
    /// front of it (the stack's `Screen::Reader`) when narrow or opened from another screen.
    pub reader: Option<Reader>,
    /// Which of the two panes has the keys side by side.
    pub focus: Focus,
}

/// The shell around the screens: their stack, what stands over them, the status line, the
/// read-only context they are given, and the writes waiting for room on the disk.
pub struct App {
    /// What every screen reads (words, settings, folders, zone, size). The app derefs to it, so
    /// `app.strings` and `app.tz` read as they always did.
    pub ctx: Ctx,
    pub library: Library,
    /// The screens open, the library at the bottom (see [`screen::Stack`]).
    pub stack: screen::Stack,
    pub help: bool,
    /// The help's first row shown, where it is taller than the screen (j/k, ↑/↓, PgUp/PgDn).
    pub help_scroll: usize,
    /// What stands over the reading pane (one at a time): the find prompt, a note or label
    /// being typed, the bookmark list. It decides the keys ([`App::context`]) and is drawn last.
    pub overlay: Option<Overlay>,
    pub message: Option<Message>,
    /// Writes the disk had no room for, in order, kept until it has (see `tui::retry_unsaved`);
    /// while any wait, the bottom line says the disk is full.
    pub unsaved: Vec<Effect>,
    /// When those are tried again.
    pub retry_at: Option<Timestamp>,
    pub quit: bool,
}

impl std::ops::Deref for App {
    type Target = Ctx;
    fn deref(&self) -> &Ctx {
        &self.ctx
    }
}

impl std::ops::DerefMut for App {
    fn deref_mut(&mut self) -> &mut Ctx {
        &mut self.ctx
    }
}

impl App {
    pub fn new(strings: Strings, items: Vec<Summary>, idle_secs: u32) -> App {
        let mut app = App {
            ctx: Ctx {
                // the keys its messages name, written in from the key table
                strings: keys::with_key_names(strings),
                config: crate::config::Config::default(),
                export_dir: None,
                data_dir: String::new(),
                config_path: None,
                read_only: false,
                tz: jiff::tz::TimeZone::system(),
                size: Rect::new(0, 0, 80, 24),
                idle_secs,
            },
            library: Library::default(),
            stack: screen::Stack::default(),
            help: false,
            help_scroll: 0,
            overlay: None,
            message: None,
            unsaved: Vec::new(),
            retry_at: None,
            quit: false,
        };
        app.set_items(items);
        app
    }

    pub fn wide(&self) -> bool {
        layout::is_wide(self.ctx.size)
    }

    pub fn areas(&self) -> layout::Areas {
        layout::areas(self.ctx.size, self.stack.kind() == ScreenKind::Reader)
    }

    /// The quiz's state (its screen open or parked: an open exam outlives the screen).
    pub fn quiz(&self) -> Option<&quiz::Quiz> {
        self.stack.quiz()
    }

    /// The same, to change.
    pub fn quiz_mut(&mut self) -> Option<&mut quiz::Quiz> {
        self.stack.quiz_mut()
    }

    /// The screen in front.
    pub fn screen_kind(&self) -> ScreenKind {
        self.stack.kind()
    }

    /// The screen the reader in front was opened from (going back returns there), when not
    /// the library.
    pub fn reader_from(&self) -> Option<ScreenKind> {
        (self.stack.kind() == ScreenKind::Reader && self.stack.below() != ScreenKind::Library)
            .then(|| self.stack.below())
    }

    /// Who has the keys, in the one order they are asked: a full screen (it keeps its own
    /// dialogs), then the library's filter line, then what stands over the reading pane, then
    /// the panes. Help and a window too small stand before all of them ([`App::key`]); both
    /// the dispatch and the hint bar and help ([`App::context`]) read this.
    fn front(&self) -> Front {
        let top = self.stack.top();
        if top.is_full() {
            Front::Screen(top.kind())
        } else if self.filter_typing() {
            Front::Filter
        } else if self.overlay.is_some() {
            Front::Overlay
        } else {
            Front::Panes
        }
    }

    /// The key table in force.
    pub fn context(&self) -> Context {
        match self.front() {
            Front::Screen(_) => self.stack.top().context().unwrap_or(Context::Library),
            Front::Filter => Context::FindPrompt,
            Front::Overlay => match &self.overlay {
                Some(Overlay::Input(ri)) if ri.asking => Context::Ask,
                Some(Overlay::Input(ri)) => match ri.kind {
                    crate::domain::annotation::AnnotationKind::Note => Context::NoteInput,
                    crate::domain::annotation::AnnotationKind::Bookmark => Context::BookmarkInput,
                },
                Some(Overlay::Bookmarks(_)) => Context::BookmarkList,
                Some(Overlay::Cloze(_)) => Context::ClozeInput,
                Some(Overlay::Find(_)) | None => Context::FindPrompt,
            },
            Front::Panes if self.wide() => match self.library.focus {
                Focus::Library => Context::Library,
                Focus::Reader => Context::Reader,
            },
            Front::Panes => match self.stack.kind() {
                ScreenKind::Reader => Context::Reader,
                _ => Context::Library,
            },
        }
    }

    /// Is the reading pane in front (so reading time counts)?
    fn reader_in_front(&self) -> bool {
        self.library.reader.is_some() && self.context() == Context::Reader
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.ctx.size = Rect::new(0, 0, width, height);
        self.fit_reader();
        self.keep_selection_visible();
        self.keep_item_visible();
    }

    fn fit_reader(&mut self) {
        if let Some(area) = self.areas().reader
            && let Some(r) = self.library.reader.as_mut()
        {
            r.fit(area);
        }
    }

    fn flash(&mut self, text: String, error: bool, now: Timestamp) {
        self.message = Some(Message {
            text,
            error,
            until: now + jiff::SignedDuration::from_secs(MESSAGE_SECS),
        });
    }

    /// Tells the member something went as asked.
    pub fn notice(&mut self, text: String, now: Timestamp) {
        self.flash(text, false, now);
    }

    /// Reports a failed effect to the member.
    pub fn error(&mut self, text: String, now: Timestamp) {
        self.flash(text, true, now);
    }

    /// Handles one terminal event.
    pub fn handle(&mut self, event: &Event, now: Timestamp) -> Vec<Effect> {
        let mut fx = match event {
            Event::Resize(w, h) => self.resize_event(*w, *h),
            Event::Key(key) => self.key(key, now),
            Event::Mouse(m) => self.mouse(m, now),
            _ => Vec::new(),
        };
        fx.extend(self.sync_timer(now));
        fx
    }

    /// A resize may switch between side-by-side and separate screens: the pane in front stays
    /// in front, and side by side the reader shows the selection.
    fn resize_event(&mut self, width: u16, height: u16) -> Vec<Effect> {
        let was_wide = self.wide();
        self.ctx.size = Rect::new(0, 0, width, height);
        let wide = self.wide();
        if self.stack.top().is_full() {
            // (the welcome too: a resize used to drop it for the library behind)
            self.resize(width, height);
            return Vec::new();
        }
        if was_wide && !wide {
            self.stack
                .show(match (self.library.focus, &self.library.reader) {
                    (Focus::Reader, Some(_)) => Screen::Reader,
                    _ => Screen::Library,
                });
        } else if !was_wide && wide {
            self.library.focus = match self.stack.kind() {
                ScreenKind::Reader => Focus::Reader,
                _ => Focus::Library,
            };
        }
        self.resize(width, height);
        if wide
            && let Some(id) = self.selected_id()
            && self.library.reader.as_ref().is_none_or(|r| r.id() != id)
        {
            return vec![Effect::Open(effect::Target::new(id))];
        }
        Vec::new()
    }

    /// Starts or ends the reading session when the reading pane comes to the front or leaves it.
    fn sync_timer(&mut self, now: Timestamp) -> Vec<Effect> {
        let in_front = self.reader_in_front();
        let running = self
            .library
            .reader
            .as_ref()
            .is_some_and(|r| r.timer.is_some());
        if in_front && !running {
            self.start_timer(now);
            // what the pane shows now is read (side by side, Tab brings a preview to the front:
            // an article that fits showed 已读 100% and 94% stayed saved), and saved at once
            if let Some(r) = self.library.reader.as_mut() {
                r.update_progress();
            }
            self.save_progress(now)
        } else if !in_front && running {
            self.stop_timer(now)
        } else {
            Vec::new()
        }
    }

    fn key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        if key.kind == ratatui::crossterm::event::KeyEventKind::Release {
            return Vec::new();
        }
        // a message answers the key before: it lives until the next key (what this key says,
        // it says anew), so none stays on the bar through the dialogs that follow
        self.message = None;
        if self.reader_in_front()
            && let Some(t) = self.library.reader.as_mut().and_then(|r| r.timer.as_mut())
        {
            t.activity(now);
        }
        if self.help {
            self.help_key(key);
            return Vec::new();
        }
        if layout::too_small(self.ctx.size) {
            // only quitting makes sense when nothing can be shown
            return match keys::lookup(self.context(), keys::Facts::default(), key) {
                Some(Command::Quit) => self.command(Command::Quit, now),
                _ => Vec::new(),
            };
        }
        match self.front() {
            Front::Screen(_) => self.screen_key(key, now),
            Front::Filter => self.filter_key(key),
            Front::Overlay => match self.overlay {
                Some(Overlay::Input(_)) => self.reader_input_key(key),
                Some(Overlay::Cloze(_)) => self.cloze_key(key),
                Some(Overlay::Bookmarks(_)) => self.bookmark_list_key(key, now),
                Some(Overlay::Find(_)) => self.find_prompt_key(key, now),
                None => Vec::new(),
            },
            Front::Panes => match keys::lookup(self.context(), self.facts(), key) {
                Some(c) => self.command(c, now),
                None => Vec::new(),
            },
        }
    }

    /// A key for the full screen in front: it answers, and the shell follows its reply.
    fn screen_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        let facts = self.facts();
        let quiz = self.stack.kind() == ScreenKind::Quiz;
        let reply = self
            .stack
            .top_mut()
            .key(key, facts, &self.ctx, &self.library.items, now);
        let home = quiz && reply.nav == Some(screen::Nav::Home);
        let fx = self.follow(reply, now);
        if home {
            // (back from the quiz the list shows the selection, as it did before the quiz)
            self.keep_selection_visible();
        }
        fx
    }

    /// Carries out what a screen answered: its status line, then where it asked to go; its
    /// effects come first and are returned whatever happens to the screen.
    fn follow(&mut self, reply: screen::Reply, now: Timestamp) -> Vec<Effect> {
        let mut fx = reply.effects;
        if let Some(text) = reply.unsay
            && self.message.as_ref().is_some_and(|m| m.text == text)
        {
            self.message = None;
        }
        if let Some((text, error)) = reply.say {
            self.flash(text, error, now);
        }
        match reply.nav {
            None => {}
            Some(screen::Nav::Home) => self.stack.show(Screen::Library),
            Some(screen::Nav::Open(target)) => fx.extend(self.open_from(target, now)),
            Some(screen::Nav::Quiz) => self.stack.show_quiz(),
            Some(screen::Nav::Help) => {
                self.help = true;
                self.help_scroll = 0;
            }
            Some(screen::Nav::Quit) => fx.extend(self.command(Command::Quit, now)),
        }
        fx
    }

    /// Called regularly by the loop: saves progress and checkpoints the reading session.
    pub fn tick(&mut self, now: Timestamp) -> Vec<Effect> {
        if self.message.as_ref().is_some_and(|m| now >= m.until) {
            self.message = None;
        }
        let mut fx = self.poll_library(now);
        if self.stack.kind() == ScreenKind::Search {
            fx.extend(self.search_tick(now));
        }
        fx.extend(self.exam_clock(now));
        if self.stack.kind() == ScreenKind::Quiz {
            fx.extend(self.quiz_tick(now));
        }
        fx.extend(self.reading_tick(now));
        fx
    }

    /// Everything unsaved, for a signal or an error exit.
    pub fn shutdown(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut fx = self.leave_reader(now, false);
        fx.extend(self.quiz_shutdown());
        fx
    }
}
