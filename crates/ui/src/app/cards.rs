//! The 错题/复习 browser (`b` on the quiz menu): every question the member has met, with when it
//! is due, how often it was forgotten and whether it is in the wrong-answer book; filter as you
//! type (`/`), suspend (`s`), delete from review (`d`, asked), open the source (Enter).

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::keys::{self, Command, Context};
use super::{App, Effect};
use crate::domain::review::ReviewRow;

/// The longest filter kept.
const MAX_FILTER_CHARS: usize = 100;

/// The browser's state.
pub struct CardsView {
    pub rows: Vec<ReviewRow>,
    /// Indices into `rows` that the filter lets through, in order.
    pub shown: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
    pub filter: TextArea<'static>,
    /// The filter line has the keys.
    pub filtering: bool,
    /// "Delete this question from review?" is asked.
    pub asking: bool,
    /// The member's day when the list was loaded (what is due is marked).
    pub today: jiff::civil::Date,
}

impl CardsView {
    pub fn filter_text(&self) -> String {
        self.filter.lines().join("")
    }

    /// The row under the cursor.
    pub fn current(&self) -> Option<&ReviewRow> {
        self.rows.get(*self.shown.get(self.selected)?)
    }

    /// Which rows the filter lets through: the stem, the bank (its title or id) or the question
    /// id holding every word typed. The selection stays on a row the filter shows.
    fn refilter(&mut self) {
        let text = self.filter_text().to_lowercase();
        let words: Vec<&str> = text.split_whitespace().collect();
        self.shown = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                let hay =
                    format!("{} {} {} {}", r.stem, r.bank_title, r.bank, r.question).to_lowercase();
                words.iter().all(|w| hay.contains(w))
            })
            .map(|(i, _)| i)
            .collect();
        self.selected = self.selected.min(self.shown.len().saturating_sub(1));
        // the list is drawn from `offset`: past the rows now shown it was an empty list while
        // `s` acted on the selected row nobody could see
        self.offset = self.offset.min(self.selected);
    }

    /// Keeps the selected row within the `rows` drawn from `offset`.
    fn keep_in_view(&mut self, rows: usize) {
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
    }

    /// Due today (or before) in the long-term review or the wrong-answer book, and not
    /// suspended.
    pub fn due(&self, r: &ReviewRow) -> bool {
        !r.suspended && (r.due <= self.today || r.book_due)
    }

    /// The day a row is shown due: today for one due in the wrong-answer book, whatever the
    /// long-term schedule says (a row counted in 到期 showed tomorrow's date).
    pub fn due_day(&self, r: &ReviewRow) -> jiff::civil::Date {
        if r.book_due && !r.suspended {
            r.due.min(self.today)
        } else {
            r.due
        }
    }
}

/// Lines under the list for the selected question (when the screen has room for them).
pub const DETAIL_ROWS: u16 = 4;

/// Rows of the list on a terminal `height` rows high: less the hint bar, the frame, the filter
/// line (when shown) and the selected question's lines.
pub fn list_rows(height: u16, filter_line: bool) -> usize {
    let inner = height.saturating_sub(3);
    let detail = if inner > DETAIL_ROWS + 3 {
        DETAIL_ROWS
    } else {
        0
    };
    usize::from(inner.saturating_sub(detail + u16::from(filter_line))).max(1)
}

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

    pub(super) fn cards_context(v: &CardsView) -> Context {
        if v.asking {
            Context::Ask
        } else if v.filtering {
            Context::FindPrompt
        } else {
            Context::Cards
        }
    }

    pub(super) fn cards_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        let Some(v) = self.stack.quiz_mut().and_then(|q| q.cards.as_mut()) else {
            return Vec::new();
        };
        let c = keys::lookup(Self::cards_context(v), keys::Facts::default(), key);
        if v.asking {
            v.asking = false;
            if c == Some(Command::Confirm)
                && let Some(r) = v.current().cloned()
            {
                let i = v.shown[v.selected];
                v.rows.remove(i);
                v.refilter();
                return vec![Effect::ForgetCard {
                    bank: r.bank,
                    question: r.question,
                }];
            }
            return Vec::new();
        }
        if v.filtering {
            match c {
                // Enter keeps the filter; Esc clears it
                Some(Command::Find) => v.filtering = false,
                Some(Command::Cancel) => {
                    v.filtering = false;
                    v.filter = TextArea::default();
                }
                _ => keys::type_capped(&mut v.filter, key, MAX_FILTER_CHARS, false),
            }
            v.refilter();
            let rows = list_rows(
                self.ctx.size.height,
                v.filtering || !v.filter_text().is_empty(),
            );
            v.keep_in_view(rows);
            return Vec::new();
        }
        let n = v.shown.len();
        match c {
            Some(Command::Down) => v.selected = (v.selected + 1).min(n.saturating_sub(1)),
            Some(Command::Up) => v.selected = v.selected.saturating_sub(1),
            Some(Command::First) => v.selected = 0,
            Some(Command::Last) => v.selected = n.saturating_sub(1),
            Some(Command::Search) => v.filtering = true,
            Some(Command::Suspend) => {
                if let Some(&i) = v.shown.get(v.selected) {
                    let r = &mut v.rows[i];
                    r.suspended = !r.suspended;
                    return vec![Effect::SuspendCard {
                        bank: r.bank.clone(),
                        question: r.question.clone(),
                        suspended: r.suspended,
                    }];
                }
            }
            Some(Command::Delete) => v.asking = v.current().is_some(),
            Some(Command::OpenSource) => {
                let Some(r) = v.current() else {
                    return Vec::new();
                };
                let Some(id) = r.material.clone() else {
                    let text = self.ctx.strings.cards_no_source.clone();
                    self.notice(text, now);
                    return Vec::new();
                };
                return self.open_from(super::Target::new(id), now);
            }
            Some(Command::Back) => {
                if let Some(q) = self.stack.quiz_mut() {
                    q.cards = None;
                }
                return vec![Effect::LoadQuizMenu];
            }
            Some(Command::Help) => self.help = true,
            Some(Command::Quit) => return self.command(Command::Quit, now),
            _ => {}
        }
        let height = self.ctx.size.height;
        if let Some(v) = self.stack.quiz_mut().and_then(|q| q.cards.as_mut()) {
            // the selection stays in view
            let rows = list_rows(height, v.filtering || !v.filter_text().is_empty());
            v.keep_in_view(rows);
        }
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::review::Recall;

    fn row(i: usize) -> ReviewRow {
        ReviewRow {
            bank: "b".into(),
            bank_title: "题库".into(),
            question: format!("q{i}"),
            stem: if i == 3 {
                "三个代表".into()
            } else {
                format!("题{i}")
            },
            material: None,
            due: jiff::civil::date(2026, 11, 28),
            recall: Recall::Good,
            reps: 1,
            lapses: 0,
            suspended: false,
            in_book: false,
            book_due: false,
        }
    }

    #[test]
    fn a_filter_typed_after_the_end_of_the_list_shows_the_row_s_acts_on() {
        // G went to the 30th row (the list drawn from the 25th); a filter that left one row
        // drew nothing from the 25th while the selection, clamped to 0, was that row
        let mut v = CardsView {
            rows: (0..30).map(row).collect(),
            shown: Vec::new(),
            selected: 0,
            offset: 0,
            filter: TextArea::default(),
            filtering: true,
            asking: false,
            today: jiff::civil::date(2026, 11, 28),
        };
        v.refilter();
        v.selected = 29;
        v.keep_in_view(5);
        assert_eq!(v.offset, 25);
        v.filter.insert_str("三个");
        v.refilter();
        assert_eq!(v.shown, [3]);
        assert_eq!(v.current().map(|r| r.question.as_str()), Some("q3"));
        assert!(v.offset <= v.selected, "the selected row is drawn");
    }
}
