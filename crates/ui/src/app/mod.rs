//! UI state and its update. Never touches the terminal or the database: it returns
//! [`Effect`]s for the event loop to carry out, so it is tested without either.

pub mod cards;
pub mod cloze;
pub mod contest;
mod effect;
pub mod keys;
pub mod layout;
pub mod library;
mod mouse;
pub mod notes;
pub mod plan_items;
pub mod plans;
pub mod profiles;
pub mod quiz;
mod quiz_app;
pub mod reader;
mod reading;
pub mod search;
pub mod stats;
pub mod welcome;

use jiff::Timestamp;
use ratatui::crossterm::event::{Event, KeyEvent};
use ratatui::layout::Rect;

use crate::domain::material::Summary;
use crate::i18n::Strings;
pub use effect::{Effect, Target};
use keys::{Command, Context};
use reader::Reader;

/// Unsaved progress is written at most this often while reading.
pub const SAVE_EVERY_SECS: i64 = 2;
/// A running reading session is checkpointed this often.
pub const CHECKPOINT_EVERY_SECS: i64 = 30;
/// How long a message stays in the hint bar.
pub const MESSAGE_SECS: i64 = 4;
/// Lines per mouse-wheel step.
pub const WHEEL_LINES: isize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
    Quiz,
    Plans,
    Stats,
    Search,
    Notes,
    /// The first run's welcome (and `w` later): what is here, and the member's name.
    Welcome,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
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

/// One row of the library list as drawn: a column heading or a material (two lines).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    Column(usize),
    Item(usize),
}

pub struct App {
    pub strings: Strings,
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
    pub screen: Screen,
    pub focus: Focus,
    pub reader: Option<Reader>,
    pub help: bool,
    pub quiz: Option<quiz::Quiz>,
    /// Questions the review asks today, within the day's limit (shown on the library).
    pub review_due: usize,
    /// The reader was opened from a quiz or a plan: going back returns there.
    pub reader_from: Option<Screen>,
    pub plans: Option<plans::PlansView>,
    pub search: Option<search::SearchView>,
    /// What stands over the reading pane (one at a time): the find prompt, a note or label
    /// being typed, the bookmark list. It decides the keys ([`App::context`]) and is drawn last.
    pub overlay: Option<Overlay>,
    pub notes: Option<notes::NotesView>,
    pub stats: Option<stats::StatsView>,
    /// The member's settings that screens use (point rules, export folder, name).
    pub config: crate::config::Config,
    /// Where the export key writes (the config's `[export] dir`, else the documents folder).
    pub export_dir: Option<std::path::PathBuf>,
    /// The data folder, as the welcome screen names it.
    pub data_dir: String,
    /// The config file the welcome screen writes the member's name to.
    pub config_path: Option<std::path::PathBuf>,
    pub welcome: Option<welcome::Welcome>,
    /// The database is open read-only (the data folder cannot be written): shown in the key
    /// hints line; the loop drops the periodic saves.
    pub read_only: bool,
    /// The member's time zone: days, streaks and due dates are local.
    pub tz: jiff::tz::TimeZone,
    pub size: Rect,
    pub message: Option<Message>,
    /// Writes the disk had no room for, in order, kept until it has (see `tui::retry_unsaved`);
    /// while any wait, the bottom line says the disk is full.
    pub unsaved: Vec<Effect>,
    /// When those are tried again.
    pub retry_at: Option<Timestamp>,
    pub idle_secs: u32,
    pub quit: bool,
}

impl App {
    pub fn new(strings: Strings, items: Vec<Summary>, idle_secs: u32) -> App {
        let mut app = App {
            // the keys its messages name, written in from the key table
            strings: keys::with_key_names(strings),
            items: Vec::new(),
            groups: Vec::new(),
            order: Vec::new(),
            selected: 0,
            loading: None,
            filter: None,
            list_offset: 0,
            screen: Screen::Library,
            focus: Focus::Library,
            reader: None,
            help: false,
            quiz: None,
            review_due: 0,
            reader_from: None,
            plans: None,
            search: None,
            overlay: None,
            notes: None,
            stats: None,
            config: crate::config::Config::default(),
            export_dir: None,
            data_dir: String::new(),
            config_path: None,
            welcome: None,
            read_only: false,
            tz: jiff::tz::TimeZone::system(),
            size: Rect::new(0, 0, 80, 24),
            message: None,
            unsaved: Vec::new(),
            retry_at: None,
            idle_secs,
            quit: false,
        };
        app.set_items(items);
        app
    }

    pub fn wide(&self) -> bool {
        layout::is_wide(self.size)
    }

    pub fn areas(&self) -> layout::Areas {
        layout::areas(self.size, self.screen == Screen::Reader)
    }

    /// The key table in force.
    pub fn context(&self) -> Context {
        if self.screen == Screen::Quiz {
            return self.quiz_context();
        }
        if matches!(self.screen, Screen::Plans | Screen::Stats) {
            return self.plans_context();
        }
        if self.screen == Screen::Search {
            return Context::Search;
        }
        if self.screen == Screen::Notes {
            return self.notes_context();
        }
        if self.screen == Screen::Welcome {
            return Context::Welcome;
        }
        if self.filter_typing() {
            return Context::FindPrompt;
        }
        match &self.overlay {
            Some(Overlay::Input(ri)) if ri.asking => return Context::Ask,
            Some(Overlay::Input(ri)) => {
                return match ri.kind {
                    crate::domain::annotation::AnnotationKind::Note => Context::NoteInput,
                    crate::domain::annotation::AnnotationKind::Bookmark => Context::BookmarkInput,
                };
            }
            Some(Overlay::Bookmarks(_)) => return Context::BookmarkList,
            Some(Overlay::Cloze(_)) => return Context::ClozeInput,
            Some(Overlay::Find(_)) => return Context::FindPrompt,
            None => {}
        }
        if self.wide() {
            match self.focus {
                Focus::Library => Context::Library,
                Focus::Reader => Context::Reader,
            }
        } else {
            match self.screen {
                Screen::Reader => Context::Reader,
                _ => Context::Library,
            }
        }
    }

    /// Is the reading pane in front (so reading time counts)?
    fn reader_in_front(&self) -> bool {
        self.reader.is_some() && self.context() == Context::Reader
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.fit_reader();
        self.keep_selection_visible();
        self.keep_item_visible();
    }

    fn fit_reader(&mut self) {
        if let Some(area) = self.areas().reader
            && let Some(r) = self.reader.as_mut()
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
        self.size = Rect::new(0, 0, width, height);
        let wide = self.wide();
        if matches!(
            self.screen,
            Screen::Quiz | Screen::Plans | Screen::Stats | Screen::Search | Screen::Notes
        ) {
            self.resize(width, height);
            return Vec::new();
        }
        if was_wide && !wide {
            self.screen = match (self.focus, &self.reader) {
                (Focus::Reader, Some(_)) => Screen::Reader,
                _ => Screen::Library,
            };
        } else if !was_wide && wide {
            self.focus = match self.screen {
                Screen::Reader => Focus::Reader,
                _ => Focus::Library,
            };
        }
        self.resize(width, height);
        if wide
            && let Some(id) = self.selected_id()
            && self.reader.as_ref().is_none_or(|r| r.id() != id)
        {
            return vec![Effect::Open(effect::Target::new(id))];
        }
        Vec::new()
    }

    /// Starts or ends the reading session when the reading pane comes to the front or leaves it.
    fn sync_timer(&mut self, now: Timestamp) -> Vec<Effect> {
        let in_front = self.reader_in_front();
        let running = self.reader.as_ref().is_some_and(|r| r.timer.is_some());
        if in_front && !running {
            self.start_timer(now);
            Vec::new()
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
            && let Some(t) = self.reader.as_mut().and_then(|r| r.timer.as_mut())
        {
            t.activity(now);
        }
        if self.help {
            self.help = false;
            return Vec::new();
        }
        if self.screen == Screen::Quiz && !layout::too_small(self.size) {
            return self.quiz_key(key, now);
        }
        if !layout::too_small(self.size) {
            match self.screen {
                Screen::Plans => return self.plans_key(key, now),
                Screen::Stats => return self.stats_key(key, now),
                Screen::Search => return self.search_key(key, now),
                Screen::Notes => return self.notes_key(key, now),
                Screen::Welcome => return self.welcome_key(key, now),
                _ => {}
            }
            if self.filter_typing() {
                return self.filter_key(key);
            }
            match self.overlay {
                Some(Overlay::Input(_)) => return self.reader_input_key(key),
                Some(Overlay::Cloze(_)) => return self.cloze_key(key),
                Some(Overlay::Bookmarks(_)) => return self.bookmark_list_key(key, now),
                Some(Overlay::Find(_)) => return self.find_prompt_key(key, now),
                None => {}
            }
        }
        if layout::too_small(self.size) {
            // only quitting makes sense when nothing can be shown
            return match keys::lookup(self.context(), keys::Facts::default(), key) {
                Some(Command::Quit) => self.command(Command::Quit, now),
                _ => Vec::new(),
            };
        }
        match keys::lookup(self.context(), self.facts(), key) {
            Some(c) => self.command(c, now),
            None => Vec::new(),
        }
    }

    /// Carries out a command.
    pub fn command(&mut self, c: Command, now: Timestamp) -> Vec<Effect> {
        // closed book: while an exam is open the materials, search, notes and practice wait
        if matches!(
            c,
            Command::Open | Command::Focus | Command::Search | Command::Notes | Command::Practice
        ) && self.closed_for_exam(now)
        {
            return Vec::new();
        }
        let page = self.reader.as_ref().map_or(1, |r| r.height.max(1)) as isize;
        match c {
            Command::Quit => {
                self.quit = true;
                let mut fx = self.shutdown(now);
                fx.push(Effect::Quit);
                fx
            }
            Command::Help => {
                self.help = true;
                Vec::new()
            }
            Command::Down => self.select(self.selected as isize + 1, now),
            Command::Up => self.select(self.selected as isize - 1, now),
            Command::First => self.select(0, now),
            Command::Last => self.select(self.order.len() as isize - 1, now),
            Command::ListPageDown | Command::ListPageUp => {
                self.page(c == Command::ListPageDown, now)
            }
            Command::Filter => self.start_filter(),
            Command::ClearFilter => self.clear_filter(),
            Command::NextColumn | Command::PrevColumn => {
                let starts: Vec<usize> = self
                    .groups
                    .iter()
                    .scan(0, |n, (_, v)| {
                        let s = *n;
                        *n += v.len();
                        Some(s)
                    })
                    .collect();
                let target = if c == Command::NextColumn {
                    starts.iter().find(|&&s| s > self.selected).copied()
                } else {
                    starts.iter().rev().find(|&&s| s < self.selected).copied()
                };
                match target {
                    Some(t) => self.select(t as isize, now),
                    None => Vec::new(),
                }
            }
            Command::Open => {
                let Some(id) = self.selected_id().map(str::to_string) else {
                    return Vec::new();
                };
                if self.wide() {
                    self.focus = Focus::Reader;
                    if self.reader.as_ref().is_some_and(|r| r.id() == id) {
                        return Vec::new();
                    }
                } else {
                    self.screen = Screen::Reader;
                }
                let mut fx = self.leave_reader(now, true);
                fx.push(Effect::Open(effect::Target::new(id)));
                fx
            }
            Command::Back => {
                if let Some(back) = self.reader_from.take() {
                    let mut fx = self.leave_reader(now, true);
                    self.reader = None;
                    self.screen = back;
                    if back == Screen::Plans {
                        fx.push(Effect::LoadPlans);
                    }
                    return fx;
                }
                if self.wide() {
                    self.focus = Focus::Library;
                    Vec::new()
                } else {
                    self.screen = Screen::Library;
                    let fx = self.leave_reader(now, true);
                    self.reader = None;
                    self.keep_selection_visible();
                    fx
                }
            }
            Command::Focus => {
                if !self.wide() {
                    return Vec::new();
                }
                match self.focus {
                    Focus::Library => {
                        self.focus = Focus::Reader;
                        if self.reader.is_none() {
                            return self.command(Command::Open, now);
                        }
                        Vec::new()
                    }
                    Focus::Reader => {
                        self.focus = Focus::Library;
                        Vec::new()
                    }
                }
            }
            Command::LineDown => self.scroll(1, now),
            Command::LineUp => self.scroll(-1, now),
            Command::HalfDown => self.scroll((page / 2).max(1), now),
            Command::HalfUp => self.scroll(-(page / 2).max(1), now),
            Command::PageDown => self.scroll((page - 1).max(1), now),
            Command::PageUp => self.scroll(-(page - 1).max(1), now),
            Command::Top => self.scroll_to(0, now),
            Command::Bottom => self.scroll_to(usize::MAX / 2, now),
            Command::Quiz => {
                let mut fx = self.leave_reader(now, true);
                self.screen = Screen::Quiz;
                fx.push(Effect::LoadQuizMenu);
                fx
            }
            Command::Practice => {
                let Some(id) = self.reader.as_ref().map(|r| r.id().to_string()) else {
                    return Vec::new();
                };
                let mut fx = self.leave_reader(now, true);
                self.screen = Screen::Quiz;
                fx.push(Effect::StartQuiz(quiz::Start::Practice {
                    bank: None,
                    tag: None,
                    material: Some(id),
                }));
                fx
            }
            Command::Plans => self.open_plans(now),
            Command::Search => self.open_search(now),
            Command::Notes => self.open_notes(now),
            Command::Bookmark => {
                self.start_annotation(crate::domain::annotation::AnnotationKind::Bookmark)
            }
            Command::Note => self.start_annotation(crate::domain::annotation::AnnotationKind::Note),
            Command::Cloze => self.start_cloze(now),
            Command::ShowNotes => {
                if let Some(r) = self.reader.as_mut() {
                    r.toggle_notes();
                }
                Vec::new()
            }
            Command::Bookmarks => self.open_bookmarks(now),
            Command::Find => self.open_find_prompt(),
            Command::NextHit => self.next_hit(true, now),
            Command::PrevHit => self.next_hit(false, now),
            Command::Stats => self.open_stats(now),
            Command::Welcome => {
                self.show_welcome(false);
                Vec::new()
            }
            Command::Export => {
                let fx = self.open_stats(now);
                if let Some(v) = self.stats.as_mut() {
                    v.export_menu = true;
                }
                fx
            }
            // the quiz's own keys are handled in app::quiz, the plans' in app::plans
            _ => Vec::new(),
        }
    }

    /// Called regularly by the loop: saves progress and checkpoints the reading session.
    pub fn tick(&mut self, now: Timestamp) -> Vec<Effect> {
        if self.message.as_ref().is_some_and(|m| now >= m.until) {
            self.message = None;
        }
        let mut fx = self.poll_library(now);
        if self.screen == Screen::Search {
            fx.extend(self.search_tick(now));
        }
        fx.extend(self.exam_clock(now));
        if self.screen == Screen::Quiz {
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
