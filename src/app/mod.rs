//! UI state and its update. Never touches the terminal or the database: it returns
//! [`Effect`]s for the event loop to carry out, so it is tested without either.

pub mod find;
pub mod keys;
pub mod layout;
pub mod notes;
pub mod plans;
pub mod quiz;
mod quiz_app;
pub mod reader;

use jiff::Timestamp;
use ratatui::crossterm::event::{Event, KeyEvent, MouseEvent, MouseEventKind};
use ratatui::layout::{Position as Point, Rect};

use crate::domain::material::{Material, Origin, Position, Progress, Summary, group_by_column};
use crate::domain::reading::{ReadingTimer, Session};
use crate::i18n::Strings;
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

/// What the event loop must do for the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Load a material and hand it to [`App::opened`].
    Open(String),
    SaveProgress {
        material: String,
        position: Position,
        percent: u8,
        read: bool,
    },
    SaveSession(Session),
    /// Reload the library list (after progress changed) and hand it to [`App::set_items`].
    RefreshLibrary,
    /// Build the quiz menu and hand it to [`App::quiz_menu`].
    LoadQuizMenu,
    /// Draw a session, record its attempt, and hand it to [`App::quiz_started`].
    StartQuiz(quiz::Start),
    /// Write an answer (and what it does to the wrong-answer book).
    SaveAnswer(crate::domain::book::AnswerRecord),
    SaveQuizTime {
        attempt: i64,
        used_secs: i64,
    },
    FinishAttempt {
        attempt: i64,
        results: crate::domain::session::Results,
        used_secs: i64,
    },
    AbandonAttempt(i64),
    /// Open a material in the reader from a quiz (Esc there returns to the quiz).
    OpenMaterial(String),
    /// Build every plan's checklist from the log and hand it to [`App::plans_loaded`].
    LoadPlans,
    /// Tick (or untick) a task item: an event in the log; then reload the plans.
    Tick {
        plan: String,
        item: String,
        done: bool,
        note: String,
    },
    AddTask {
        plan: String,
        title: String,
    },
    NewPlan {
        title: String,
    },
    /// Compute the figures for the period ending today and hand them to [`App::stats_loaded`].
    LoadStats(crate::domain::stats::PeriodKind),
    /// Save a bookmark or a note (a note also goes into the log); then reload the reader's.
    Annotate {
        kind: crate::domain::annotation::AnnotationKind,
        material: String,
        position: Position,
        quote: String,
        text: String,
    },
    /// Load every bookmark and note and hand them to [`App::notes_loaded`].
    LoadNotes,
    /// Search the materials for this text; hand the results to [`App::search_results`].
    Search(String),
    /// Write an export of `period` into the export folder; report with [`App::exported`].
    Export {
        format: crate::domain::report::Format,
        period: crate::domain::stats::Period,
    },
    Quit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Library,
    Reader,
    Quiz,
    Plans,
    Stats,
    Search,
    Notes,
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
    /// First visible row of the library list.
    pub list_offset: usize,
    pub screen: Screen,
    pub focus: Focus,
    pub reader: Option<Reader>,
    pub help: bool,
    pub quiz: Option<quiz::Quiz>,
    /// Wrong-answer-book questions due today (shown on the library).
    pub book_due: usize,
    /// The reader was opened from a quiz or a plan: going back returns there.
    pub reader_from: Option<Screen>,
    pub plans: Option<plans::PlansView>,
    pub search: Option<find::SearchView>,
    /// The reader's find prompt, while it is open.
    pub find_prompt: Option<ratatui_textarea::TextArea<'static>>,
    /// A search result being opened: (material, query text, query, where its first hit is).
    pub pending_find: Option<(String, String, crate::text::search::Query, Option<Position>)>,
    /// A bookmark or note being opened: (material, where).
    pub pending_position: Option<(String, Position)>,
    /// A bookmark's label or a note being typed in the reader.
    pub reader_input: Option<notes::ReaderInput>,
    pub bookmark_list: Option<notes::BookmarkList>,
    pub notes: Option<notes::NotesView>,
    pub stats: Option<plans::StatsView>,
    /// The member's settings that screens use (point rules, export folder, name).
    pub config: crate::config::Config,
    /// Where the export key writes (the config's `[export] dir`, else `<data dir>/exports`).
    pub export_dir: Option<std::path::PathBuf>,
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
            strings,
            items: Vec::new(),
            groups: Vec::new(),
            order: Vec::new(),
            selected: 0,
            list_offset: 0,
            screen: Screen::Library,
            focus: Focus::Library,
            reader: None,
            help: false,
            quiz: None,
            book_due: 0,
            reader_from: None,
            plans: None,
            search: None,
            find_prompt: None,
            pending_find: None,
            pending_position: None,
            reader_input: None,
            bookmark_list: None,
            notes: None,
            stats: None,
            config: crate::config::Config::default(),
            export_dir: None,
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

    /// Replaces the library list, keeping the selection on the same material.
    pub fn set_items(&mut self, items: Vec<Summary>) {
        let keep = self.selected_id().map(str::to_string);
        self.items = items;
        self.groups = group_by_column(&self.items);
        self.order = self
            .groups
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        self.selected = keep
            .and_then(|id| self.order.iter().position(|&i| self.items[i].meta.id == id))
            .unwrap_or(0)
            .min(self.order.len().saturating_sub(1));
        self.keep_selection_visible();
    }

    pub fn selected_id(&self) -> Option<&str> {
        self.order
            .get(self.selected)
            .map(|&i| self.items[i].meta.id.as_str())
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
            return Context::Notes;
        }
        if let Some(ri) = &self.reader_input {
            return match ri.kind {
                crate::domain::annotation::AnnotationKind::Note => Context::NoteInput,
                crate::domain::annotation::AnnotationKind::Bookmark => Context::BookmarkInput,
            };
        }
        if self.bookmark_list.is_some() {
            return Context::BookmarkList;
        }
        if self.find_prompt.is_some() {
            return Context::FindPrompt;
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

    /// The library's rows, as drawn.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut n = 0;
        for (gi, (_, items)) in self.groups.iter().enumerate() {
            rows.push(Row::Column(gi));
            for _ in items {
                rows.push(Row::Item(n));
                n += 1;
            }
        }
        rows
    }

    /// Screen lines of the library list (a column heading is one line, an item two).
    fn row_span(row: Row) -> usize {
        match row {
            Row::Column(_) => 1,
            Row::Item(_) => 2,
        }
    }

    fn list_height(&self) -> usize {
        self.areas()
            .library
            .map(|r| usize::from(layout::library_inner(r).height))
            .unwrap_or(0)
    }

    /// Scrolls the library so the selected item (and its column heading when it is the first of
    /// its column) is visible.
    fn keep_selection_visible(&mut self) {
        let rows = self.rows();
        let height = self.list_height().max(1);
        let Some(sel_row) = rows.iter().position(|r| *r == Row::Item(self.selected)) else {
            self.list_offset = 0;
            return;
        };
        let mut first = sel_row;
        if sel_row > 0 && matches!(rows[sel_row - 1], Row::Column(_)) {
            first = sel_row - 1;
        }
        let line_of = |row: usize| {
            rows[..row]
                .iter()
                .map(|r| Self::row_span(*r))
                .sum::<usize>()
        };
        let top = line_of(first);
        let bottom = line_of(sel_row) + 2;
        if top < self.list_offset {
            self.list_offset = top;
        } else if bottom > self.list_offset + height {
            self.list_offset = bottom.saturating_sub(height);
        }
        let total: usize = rows.iter().map(|r| Self::row_span(*r)).sum();
        self.list_offset = self.list_offset.min(total.saturating_sub(height));
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
            return vec![Effect::Open(id.to_string())];
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
                _ => {}
            }
            if let Some(fx) = self.reader_input_key(key) {
                return fx;
            }
            if let Some(fx) = self.bookmark_list_key(key, now) {
                return fx;
            }
            if let Some(fx) = self.find_prompt_key(key, now) {
                return fx;
            }
        }
        if layout::too_small(self.size) {
            // only quitting makes sense when nothing can be shown
            return match keys::lookup(self.context(), false, key) {
                Some(Command::Quit) => self.command(Command::Quit, now),
                _ => Vec::new(),
            };
        }
        match keys::lookup(self.context(), self.wide(), key) {
            Some(c) => self.command(c, now),
            None => Vec::new(),
        }
    }

    fn mouse(&mut self, m: &MouseEvent, now: Timestamp) -> Vec<Effect> {
        let delta = match m.kind {
            MouseEventKind::ScrollDown => WHEEL_LINES,
            MouseEventKind::ScrollUp => -WHEEL_LINES,
            _ => return Vec::new(),
        };
        if self.help || layout::too_small(self.size) {
            return Vec::new();
        }
        match self.screen {
            // the wheel moves through a checklist's items; the stats screen does not scroll
            Screen::Plans => {
                let c = if delta > 0 {
                    Command::Down
                } else {
                    Command::Up
                };
                return self.plans_command(c);
            }
            Screen::Stats | Screen::Search | Screen::Notes => return Vec::new(),
            _ => {}
        }
        let at = Point::new(m.column, m.row);
        let areas = self.areas();
        let over_library = areas.library.is_some_and(|r| r.contains(at));
        if over_library {
            let c = if delta > 0 {
                Command::Down
            } else {
                Command::Up
            };
            return self.command(c, now);
        }
        if areas.reader.is_some() {
            if self.reader_in_front()
                && let Some(t) = self.reader.as_mut().and_then(|r| r.timer.as_mut())
            {
                t.activity(now);
            }
            return self.scroll(delta, now);
        }
        Vec::new()
    }

    /// Carries out a command.
    pub fn command(&mut self, c: Command, now: Timestamp) -> Vec<Effect> {
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
                fx.push(Effect::Open(id));
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
            Command::Bookmarks => self.open_bookmarks(now),
            Command::Find => self.open_find_prompt(),
            Command::NextHit => self.next_hit(true, now),
            Command::PrevHit => self.next_hit(false, now),
            Command::Stats => self.open_stats(now),
            // the quiz's own keys are handled in app::quiz, the plans' in app::plans
            _ => Vec::new(),
        }
    }

    fn select(&mut self, to: isize, now: Timestamp) -> Vec<Effect> {
        if self.order.is_empty() {
            return Vec::new();
        }
        let to = to.clamp(0, self.order.len() as isize - 1) as usize;
        if to == self.selected {
            return Vec::new();
        }
        self.selected = to;
        self.keep_selection_visible();
        if self.wide() {
            // the reader follows the selection
            let mut fx = self.leave_reader(now, true);
            if let Some(id) = self.selected_id() {
                fx.push(Effect::Open(id.to_string()));
            }
            return fx;
        }
        Vec::new()
    }

    fn scroll(&mut self, delta: isize, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.reader.as_mut() else {
            return Vec::new();
        };
        let finished = r.scroll(delta);
        self.after_scroll(finished, now)
    }

    fn scroll_to(&mut self, line: usize, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.reader.as_mut() else {
            return Vec::new();
        };
        let finished = r.scroll_to(line);
        self.after_scroll(finished, now)
    }

    fn after_scroll(&mut self, finished: bool, now: Timestamp) -> Vec<Effect> {
        if finished {
            let text = self.strings.finished.clone();
            self.flash(text, false, now);
            // reaching the end matters: save it now, not at the next tick
            let mut fx = self.save_progress(now);
            fx.push(Effect::RefreshLibrary);
            return fx;
        }
        Vec::new()
    }

    fn save_progress(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.reader.as_mut() else {
            return Vec::new();
        };
        if !r.dirty {
            return Vec::new();
        }
        r.dirty = false;
        r.last_save = now;
        vec![Effect::SaveProgress {
            material: r.id().to_string(),
            position: r.position(),
            percent: r.percent,
            read: r.read,
        }]
    }

    fn start_timer(&mut self, now: Timestamp) {
        let idle = self.idle_secs;
        if let Some(r) = self.reader.as_mut()
            && r.timer.is_none()
        {
            r.timer = Some(ReadingTimer::start(&r.meta.id, now, idle));
            r.last_checkpoint = now;
        }
    }

    /// Ends the running reading session, if any.
    fn stop_timer(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.reader.as_mut() else {
            return Vec::new();
        };
        let Some(t) = r.timer.take() else {
            return Vec::new();
        };
        let s = t.session(now);
        if s.active_seconds > 0 {
            vec![Effect::SaveSession(s)]
        } else {
            Vec::new()
        }
    }

    /// Saves what the reader holds and ends its session; `refresh` asks for the library's
    /// progress marks to be reloaded.
    fn leave_reader(&mut self, now: Timestamp, refresh: bool) -> Vec<Effect> {
        let mut fx = self.save_progress(now);
        fx.extend(self.stop_timer(now));
        if refresh && !fx.is_empty() {
            fx.push(Effect::RefreshLibrary);
        }
        fx
    }

    /// A material was loaded for the reader.
    pub fn opened(
        &mut self,
        material: Material,
        origin: Origin,
        progress: Progress,
        now: Timestamp,
    ) {
        // a stale load (the selection moved on) is dropped
        let wanted = if self.wide() || self.screen == Screen::Reader {
            self.selected_id() == Some(material.meta.id.as_str())
        } else {
            false
        };
        if !wanted {
            return;
        }
        let resumed = progress.position != Position::default();
        let id = material.meta.id.clone();
        self.reader = Some(Reader::new(material, origin, progress, now));
        // opened from a search result: at the hit, with the hits marked
        let found = match self.pending_find.take() {
            Some((want, text, query, at)) if want == id => self.reader.as_mut().map(|r| {
                let mut f = find::Find::new(r, &text, query);
                if let Some(at) = at {
                    r.anchor = at;
                    f.current = f.hits.iter().position(|p| *p == at).unwrap_or(0);
                }
                r.find = Some(f);
            }),
            _ => None,
        };
        let found = found.or_else(|| match self.pending_position.take() {
            Some((want, at)) if want == id => self.reader.as_mut().map(|r| r.anchor = at),
            _ => None,
        });
        self.fit_reader();
        if found.is_some()
            && let Some(r) = self.reader.as_mut()
        {
            let line = r.layout.line_of(r.anchor);
            r.top = line
                .saturating_sub(r.height / 3)
                .min(r.total().saturating_sub(r.height.max(1)));
        }
        if resumed && found.is_none() && self.reader_in_front() {
            let text = self.strings.resumed.clone();
            self.flash(text, false, now);
        }
        if self.reader_in_front() {
            self.start_timer(now);
            if let Some(r) = self.reader.as_mut() {
                // an article shorter than the pane is read as soon as it is in front
                r.update_progress();
            }
        }
    }

    /// Called regularly by the loop: saves progress and checkpoints the reading session.
    pub fn tick(&mut self, now: Timestamp) -> Vec<Effect> {
        if self.message.as_ref().is_some_and(|m| now >= m.until) {
            self.message = None;
        }
        let mut fx = Vec::new();
        if self.screen == Screen::Search {
            fx.extend(self.search_tick(now));
        }
        if self.screen == Screen::Quiz
            && let Some(run) = self.quiz.as_mut().and_then(|q| q.run.as_mut())
        {
            fx.extend(run.tick(now));
        }
        let Some(r) = self.reader.as_mut() else {
            return fx;
        };
        if r.dirty && (now - r.last_save).as_secs() >= SAVE_EVERY_SECS {
            fx.extend(self.save_progress(now));
        }
        if let Some(r) = self.reader.as_mut()
            && let Some(t) = &r.timer
            && (now - r.last_checkpoint).as_secs() >= CHECKPOINT_EVERY_SECS
        {
            r.last_checkpoint = now;
            let s = t.session(now);
            if s.active_seconds > 0 {
                fx.push(Effect::SaveSession(s));
            }
        }
        fx
    }

    /// Everything unsaved, for a signal or an error exit.
    pub fn shutdown(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut fx = self.leave_reader(now, false);
        fx.extend(self.quiz_shutdown());
        fx
    }

    /// The text of the column heading for group `gi`.
    pub fn column_name(&self, gi: usize) -> &str {
        match self.groups.get(gi) {
            Some((name, _)) if !name.is_empty() => name,
            _ => &self.strings.column_other,
        }
    }

    /// The item behind display position `n`.
    pub fn item_at(&self, n: usize) -> Option<&Summary> {
        self.order.get(n).map(|&i| &self.items[i])
    }
}
