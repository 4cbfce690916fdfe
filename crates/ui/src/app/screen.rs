//! The screens and their stack. Each screen that has state of its own carries it in its
//! [`Screen`] variant, so a screen that is not on the stack has no state lying about, and a
//! load that comes back for it finds nothing to change (it is dropped).
//!
//! The library is the base of the stack and never leaves it. A screen opened from the library
//! stands on it; the reader opened from a quiz, a plan, a search hit or a note stands on the
//! screen it was opened from, and going back pops it. A screen left is parked (one of each
//! kind), so coming back to it finds the plan, the query or the period the member left.

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;

use super::keys::{self, Context};
use super::notes::NotesView;
use super::plans::PlansView;
use super::quiz::Quiz;
pub use super::reply::{Ctx, Nav, Reply};
use super::search::SearchView;
use super::stats::StatsView;
use super::welcome::Welcome;
use crate::domain::material::Summary;

/// A screen with its own state.
#[allow(
    clippy::large_enum_variant,
    reason = "a few screens at a time live on the stack; boxing them buys nothing"
)]
pub enum Screen {
    /// The library list (its state is the app's [`super::Library`]: it is always there).
    Library,
    /// The reading pane in front (narrow), or opened from another screen.
    Reader,
    /// The quiz menu, a session, the review browser, a contest. Parked when left, it still
    /// holds the open exam: its clock runs and the book stays closed wherever the member is.
    Quiz(Box<Quiz>),
    Plans(PlansView),
    Stats(StatsView),
    Search(SearchView),
    Notes(NotesView),
    /// The first run's welcome (and `w` later): what is here, and the member's name.
    Welcome(Welcome),
}

/// Which screen, without its state: what tests and the drawing code compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScreenKind {
    Library,
    Reader,
    Quiz,
    Plans,
    Stats,
    Search,
    Notes,
    Welcome,
}

impl Screen {
    pub fn kind(&self) -> ScreenKind {
        match self {
            Screen::Library => ScreenKind::Library,
            Screen::Reader => ScreenKind::Reader,
            Screen::Quiz(_) => ScreenKind::Quiz,
            Screen::Plans(_) => ScreenKind::Plans,
            Screen::Stats(_) => ScreenKind::Stats,
            Screen::Search(_) => ScreenKind::Search,
            Screen::Notes(_) => ScreenKind::Notes,
            Screen::Welcome(_) => ScreenKind::Welcome,
        }
    }

    /// The key table of a full screen, given its state (the library and the reader share
    /// theirs with what stands over them: [`super::App::context`]).
    pub fn context(&self) -> Option<Context> {
        Some(match self {
            Screen::Library | Screen::Reader => return None,
            Screen::Quiz(q) => super::quiz::quiz_context(q),
            Screen::Plans(v) => v.context(),
            Screen::Stats(v) => v.context(),
            Screen::Search(v) => v.context(),
            Screen::Notes(v) => v.context(),
            Screen::Welcome(v) => v.context(),
        })
    }

    /// A key for this screen when it is in front (the library and the reader answer through
    /// the app's commands: [`super::App::command`]). `items`: the library, which the plans
    /// name materials from.
    pub fn key(
        &mut self,
        key: &KeyEvent,
        facts: keys::Facts,
        ctx: &Ctx,
        items: &[Summary],
        now: Timestamp,
    ) -> Reply {
        match self {
            Screen::Library | Screen::Reader => Reply::default(),
            Screen::Quiz(q) => q.answer(key, facts, ctx, now),
            Screen::Plans(v) => v.key(key, facts, ctx, items),
            Screen::Stats(v) => v.key(key, facts, ctx),
            Screen::Search(v) => v.key(key, now),
            Screen::Notes(v) => v.key(key, facts, ctx),
            Screen::Welcome(w) => w.key(key, ctx),
        }
    }

    /// Does this screen fill the whole window (the library and reader panes are not drawn)?
    pub fn is_full(&self) -> bool {
        !matches!(self, Screen::Library | Screen::Reader)
    }
}

/// The screens open, the library at the bottom, and the ones left (one of each kind).
pub struct Stack {
    /// Never empty: `[0]` is the library.
    open: Vec<Screen>,
    parked: Vec<Screen>,
}

impl Default for Stack {
    fn default() -> Stack {
        Stack {
            open: vec![Screen::Library],
            parked: Vec::new(),
        }
    }
}

/// The state of the screen of one kind, found on the stack: `find!(stack, Plans)`.
macro_rules! find {
    ($stack:expr, $kind:ident) => {{
        // (a block, so the iterator is gone before the caller's `if let` body)
        let found = $stack.iter_mut().find_map(|s| match s {
            $crate::app::Screen::$kind(v) => Some(v),
            _ => None,
        });
        found
    }};
}
/// The same, read-only.
macro_rules! find_ref {
    ($stack:expr, $kind:ident) => {
        $stack.iter().find_map(|s| match s {
            $crate::app::Screen::$kind(v) => Some(v),
            _ => None,
        })
    };
}
pub(crate) use {find, find_ref};

impl Stack {
    /// The screen in front.
    pub fn top(&self) -> &Screen {
        // the library is never popped (`show` and `pop` keep `[0]`)
        self.open.last().unwrap_or(&Screen::Library)
    }

    pub fn kind(&self) -> ScreenKind {
        self.top().kind()
    }

    /// The screen in front, to change.
    pub fn top_mut(&mut self) -> &mut Screen {
        if self.open.is_empty() {
            // (never: the library is never popped; kept so this cannot panic)
            self.open.push(Screen::Library);
        }
        let last = self.open.len() - 1;
        &mut self.open[last]
    }

    /// The screens open, the one in front first.
    pub fn iter(&self) -> impl Iterator<Item = &Screen> {
        self.open.iter().rev()
    }

    /// The screens open, the one in front first.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Screen> {
        self.open.iter_mut().rev()
    }

    /// The open screens and then the parked ones, for what a screen remembers (the plans'
    /// quiz titles while a quiz runs).
    pub fn remembered(&self) -> impl Iterator<Item = &Screen> {
        self.open.iter().rev().chain(self.parked.iter())
    }

    /// `screen` in front of the library, every other screen closed (and parked). The library
    /// and the reader do not replace themselves: a reader over a plan stays over it.
    pub fn show(&mut self, screen: Screen) {
        if matches!(screen, Screen::Library | Screen::Reader) && self.kind() == screen.kind() {
            return;
        }
        while self.open.len() > 1 {
            self.pop();
        }
        if !matches!(screen, Screen::Library) {
            self.open.push(screen);
        }
    }

    /// `screen` over the one in front; going back pops it.
    pub fn push(&mut self, screen: Screen) {
        self.open.push(screen);
    }

    /// The screen in front closed and parked (the library stays).
    pub fn pop(&mut self) {
        if self.open.len() > 1
            && let Some(s) = self.open.pop()
            && s.is_full()
        {
            self.parked.retain(|p| p.kind() != s.kind());
            self.parked.push(s);
        }
    }

    /// The parked screen of `kind`, taken to be shown again.
    pub fn unpark(&mut self, kind: ScreenKind) -> Option<Screen> {
        let i = self.parked.iter().position(|s| s.kind() == kind)?;
        Some(self.parked.remove(i))
    }

    /// The screen under the one in front (the library when only it is under).
    pub fn below(&self) -> ScreenKind {
        let n = self.open.len();
        self.open
            .get(n.saturating_sub(2))
            .map_or(ScreenKind::Library, Screen::kind)
    }

    /// The quiz screen's state, open or parked.
    pub fn quiz(&self) -> Option<&Quiz> {
        self.remembered().find_map(|s| match s {
            Screen::Quiz(q) => Some(&**q),
            _ => None,
        })
    }

    /// The same, to change.
    pub fn quiz_mut(&mut self) -> Option<&mut Quiz> {
        self.open
            .iter_mut()
            .rev()
            .chain(self.parked.iter_mut())
            .find_map(|s| match s {
                Screen::Quiz(q) => Some(&mut **q),
                _ => None,
            })
    }

    /// The quiz's state, made (parked) when there is none yet: a menu loaded at start, for
    /// the exam guard, before the member has opened the quiz screen.
    pub fn quiz_or_default(&mut self) -> &mut Quiz {
        if self.quiz().is_none() {
            self.parked.push(Screen::Quiz(Box::default()));
        }
        // (one was just parked when there was none)
        self.quiz_mut().expect("a quiz is open or parked")
    }

    /// The quiz screen in front: the open one (what stood over it closed), else the parked
    /// one, else a new one.
    pub fn show_quiz(&mut self) {
        if let Some(i) = self.open.iter().position(|s| s.kind() == ScreenKind::Quiz) {
            while self.open.len() > i + 1 {
                self.pop();
            }
            return;
        }
        let quiz = self
            .unpark(ScreenKind::Quiz)
            .unwrap_or_else(|| Screen::Quiz(Box::default()));
        self.show(quiz);
    }

    /// Is a screen of `kind` open (so a load it asked for is still wanted)?
    pub fn has(&self, kind: ScreenKind) -> bool {
        self.open.iter().any(|s| s.kind() == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_stays_at_the_bottom_and_a_screen_left_is_parked() {
        let mut s = Stack::default();
        s.pop();
        assert_eq!(s.kind(), ScreenKind::Library);
        s.show(Screen::Stats(StatsView::default()));
        s.push(Screen::Reader);
        assert_eq!(s.kind(), ScreenKind::Reader);
        s.pop();
        assert_eq!(s.kind(), ScreenKind::Stats);
        s.show(Screen::Library);
        assert_eq!(s.kind(), ScreenKind::Library);
        assert!(!s.has(ScreenKind::Stats));
        assert!(s.unpark(ScreenKind::Stats).is_some());
        assert!(s.unpark(ScreenKind::Stats).is_none());
    }
}
