//! The app's side of the review browser (错题/复习本): opening it, handing it the loads it asked for
//! (dropped when it has gone), and reading it. The screen's own state and keys are in `cards.rs`,
//! which names nothing of the shell.

use super::App;
use super::cards::*;
use crate::domain::review::ReviewRow;
use ratatui_textarea::TextArea;

impl App {
    /// The cards were loaded (on opening, or again after a change); dropped when the quiz
    /// screen that asked has been left (a late load does not bring it back).
    pub fn cards_loaded(&mut self, rows: Vec<ReviewRow>, today: jiff::civil::Date) {
        if !self.stack.has(super::ScreenKind::Quiz) {
            return;
        }
        self.stack.show_quiz();
        let Some(quiz) = self.stack.quiz_mut() else {
            return;
        };
        let old = quiz.cards.take();
        let mut v = old.unwrap_or_else(|| CardsView {
            rows: Vec::new(),
            shown: Vec::new(),
            selected: 0,
            offset: 0,
            filter: TextArea::default(),
            filtering: false,
            asking: false,
            today,
        });
        v.rows = rows;
        v.today = today;
        v.refilter();
        quiz.cards = Some(v);
    }
}
