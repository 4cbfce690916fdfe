//! The library's and the reader's commands (the keys of the two panes, and the ones every
//! screen shares: quit, help). A full screen answers its own keys ([`super::screen`]).

use jiff::Timestamp;

use super::keys::Command;
use super::{App, Effect, Focus, Screen, ScreenKind, effect, quiz, screen};

impl App {
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
        match c {
            Command::Quit => {
                self.quit = true;
                let mut fx = self.shutdown(now);
                fx.push(Effect::Quit);
                fx
            }
            Command::Help => {
                self.help = true;
                self.help_scroll = 0;
                Vec::new()
            }
            Command::Open => self.open_selected(now),
            Command::Back => self.back(now),
            Command::Focus => self.switch_focus(now),
            Command::Quiz | Command::Practice => self.open_quiz(c, now),
            Command::Plans => self.open_plans(now),
            Command::Search => self.open_search(now),
            Command::Notes => self.open_notes(now),
            Command::Stats => self.open_stats(now),
            Command::Welcome => {
                self.show_welcome(false);
                Vec::new()
            }
            Command::Export => {
                let fx = self.open_stats(now);
                if let Some(v) = screen::find!(self.stack, Stats) {
                    v.export_menu = true;
                }
                fx
            }
            c => self
                .list_command(c, now)
                .or_else(|| self.reader_command(c, now))
                // the quiz's own keys are handled in app::quiz, the plans' in app::plans
                .unwrap_or_default(),
        }
    }

    /// Moving through the library list and narrowing it; `None` for another command.
    fn list_command(&mut self, c: Command, now: Timestamp) -> Option<Vec<Effect>> {
        let selected = self.library.selected as isize;
        Some(match c {
            Command::Down => self.select(selected + 1, now),
            Command::Up => self.select(selected - 1, now),
            Command::First => self.select(0, now),
            Command::Last => self.select(self.library.order.len() as isize - 1, now),
            Command::ListPageDown | Command::ListPageUp => {
                self.page(c == Command::ListPageDown, now)
            }
            Command::Filter => self.start_filter(),
            Command::ClearFilter => self.clear_filter(),
            Command::NextColumn | Command::PrevColumn => {
                match self.column_start(c == Command::NextColumn) {
                    Some(t) => self.select(t as isize, now),
                    None => Vec::new(),
                }
            }
            _ => return None,
        })
    }

    /// Where the next (or the previous) column of the list starts.
    fn column_start(&self, next: bool) -> Option<usize> {
        let starts: Vec<usize> = self
            .library
            .groups
            .iter()
            .scan(0, |n, (_, v)| {
                let s = *n;
                *n += v.len();
                Some(s)
            })
            .collect();
        let selected = self.library.selected;
        if next {
            starts.iter().find(|&&s| s > selected).copied()
        } else {
            starts.iter().rev().find(|&&s| s < selected).copied()
        }
    }

    /// Scrolling, finding and annotating in the reader; `None` for another command.
    fn reader_command(&mut self, c: Command, now: Timestamp) -> Option<Vec<Effect>> {
        use crate::domain::annotation::AnnotationKind;
        let page = self.library.reader.as_ref().map_or(1, |r| r.height.max(1)) as isize;
        Some(match c {
            Command::LineDown => self.scroll(1, now),
            Command::LineUp => self.scroll(-1, now),
            Command::HalfDown => self.scroll((page / 2).max(1), now),
            Command::HalfUp => self.scroll(-(page / 2).max(1), now),
            Command::PageDown => self.scroll((page - 1).max(1), now),
            Command::PageUp => self.scroll(-(page - 1).max(1), now),
            Command::Top => self.scroll_to(0, now),
            Command::Bottom => self.scroll_to(usize::MAX / 2, now),
            Command::Bookmark => self.start_annotation(AnnotationKind::Bookmark),
            Command::Note => self.start_annotation(AnnotationKind::Note),
            Command::Cloze => self.start_cloze(now),
            Command::ShowNotes => {
                if let Some(r) = self.library.reader.as_mut() {
                    r.toggle_notes();
                }
                Vec::new()
            }
            Command::Bookmarks => self.open_bookmarks(now),
            Command::Find => self.open_find_prompt(),
            Command::NextHit => self.next_hit(true, now),
            Command::PrevHit => self.next_hit(false, now),
            _ => return None,
        })
    }

    /// Enter on the library: the selected material in the reader (beside the list when wide).
    fn open_selected(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(id) = self.selected_id().map(str::to_string) else {
            return Vec::new();
        };
        if self.wide() {
            self.library.focus = Focus::Reader;
            if self.library.reader.as_ref().is_some_and(|r| r.id() == id) {
                return Vec::new();
            }
        } else {
            self.stack.show(Screen::Reader);
        }
        let mut fx = self.leave_reader(now, true);
        fx.push(Effect::Open(effect::Target::new(id)));
        fx
    }

    /// Esc in the reader: back to the screen it was opened from, else to the library.
    fn back(&mut self, now: Timestamp) -> Vec<Effect> {
        if self.reader_from().is_some() {
            // the reader opened from a quiz, a plan, a hit or a note: back there
            let mut fx = self.leave_reader(now, true);
            self.library.reader = None;
            // no reader is left to have the keys: side by side, the library has them when the
            // member comes back to it (it had the reader's keys over an empty pane)
            self.library.focus = Focus::Library;
            self.stack.pop();
            if self.stack.kind() == ScreenKind::Plans {
                fx.push(Effect::LoadPlans);
            }
            return fx;
        }
        if self.wide() {
            self.library.focus = Focus::Library;
            Vec::new()
        } else {
            self.stack.show(Screen::Library);
            let fx = self.leave_reader(now, true);
            self.library.reader = None;
            self.keep_selection_visible();
            fx
        }
    }

    /// Tab side by side: the other pane has the keys (the reader opens the selection).
    fn switch_focus(&mut self, now: Timestamp) -> Vec<Effect> {
        if !self.wide() {
            return Vec::new();
        }
        match self.library.focus {
            Focus::Library => {
                self.library.focus = Focus::Reader;
                if self.library.reader.is_none() {
                    return self.command(Command::Open, now);
                }
                Vec::new()
            }
            Focus::Reader => {
                self.library.focus = Focus::Library;
                Vec::new()
            }
        }
    }

    /// The quiz menu, or practice on the material being read.
    fn open_quiz(&mut self, c: Command, now: Timestamp) -> Vec<Effect> {
        let start = if c == Command::Practice {
            let Some(id) = self.library.reader.as_ref().map(|r| r.id().to_string()) else {
                return Vec::new();
            };
            Effect::StartQuiz(quiz::Start::Practice {
                bank: None,
                tag: None,
                material: Some(id),
            })
        } else {
            Effect::LoadQuizMenu
        };
        let mut fx = self.leave_reader(now, true);
        self.stack.show_quiz();
        fx.push(start);
        fx
    }

    /// A key while the help is open: j/k, ↑/↓, PgUp/PgDn scroll a help taller than the screen
    /// (at 40×12 its last rows were out of reach); any other key closes it.
    pub(super) fn help_key(&mut self, key: &ratatui::crossterm::event::KeyEvent) {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let shown = super::layout::help_rows_shown(self.ctx.size.height).max(1);
        let rows = super::keys::active(self.context(), self.facts()).count();
        let last = rows.saturating_sub(shown);
        let plain = !key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        self.help_scroll = match key.code {
            KeyCode::Down | KeyCode::Char('j') if plain => self.help_scroll + 1,
            KeyCode::Up | KeyCode::Char('k') if plain => self.help_scroll.saturating_sub(1),
            KeyCode::PageDown => self.help_scroll + shown,
            KeyCode::PageUp => self.help_scroll.saturating_sub(shown),
            _ => {
                self.help = false;
                0
            }
        }
        .min(last);
    }
}
