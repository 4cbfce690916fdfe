//! The 错题/复习 browser (`b` on the quiz menu): every question the member has met, with when it
//! is due, how often it was forgotten and whether it is in the wrong-answer book; filter as you
//! type (`/`), suspend (`s`), delete from review (`d`, asked), open the source (Enter).

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::Effect;
use super::keys::{self, Command, Context};
use super::reply::{Ctx, Nav, Reply};
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
    pub(super) fn refilter(&mut self) {
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

impl CardsView {
    /// The key table in force: a question, the filter line, or the list.
    pub fn context(&self) -> Context {
        if self.asking {
            Context::Ask
        } else if self.filtering {
            Context::FindPrompt
        } else {
            Context::Cards
        }
    }

    /// A key in the browser; the flag says it was closed (back to the quiz menu).
    pub fn key(&mut self, key: &KeyEvent, ctx: &Ctx) -> (Reply, bool) {
        let c = keys::lookup(self.context(), keys::Facts::default(), key);
        if self.asking {
            self.asking = false;
            return (Reply::effects(self.forget(c)), false);
        }
        let rows =
            |v: &CardsView| list_rows(ctx.size.height, v.filtering || !v.filter_text().is_empty());
        if self.filtering {
            match c {
                // Enter keeps the filter; Esc clears it
                Some(Command::Find) => self.filtering = false,
                Some(Command::Cancel) => {
                    self.filtering = false;
                    self.filter = TextArea::default();
                }
                _ => keys::type_capped(&mut self.filter, key, MAX_FILTER_CHARS, false),
            }
            self.refilter();
            self.keep_in_view(rows(self));
            return (Reply::default(), false);
        }
        let n = self.shown.len();
        match c {
            Some(Command::Down) => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Some(Command::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Command::First) => self.selected = 0,
            Some(Command::Last) => self.selected = n.saturating_sub(1),
            Some(Command::Search) => self.filtering = true,
            Some(Command::Suspend) => {
                if let Some(&i) = self.shown.get(self.selected) {
                    let r = &mut self.rows[i];
                    r.suspended = !r.suspended;
                    let fx = vec![Effect::SuspendCard {
                        bank: r.bank.clone(),
                        question: r.question.clone(),
                        suspended: r.suspended,
                    }];
                    return (Reply::effects(fx), false);
                }
            }
            Some(Command::Delete) => self.asking = self.current().is_some(),
            Some(Command::OpenSource) => return (self.open_source(ctx), false),
            Some(Command::Back) => return (Reply::effects(vec![Effect::LoadQuizMenu]), true),
            Some(Command::Quit) => return (Reply::nav(Nav::Quit), false),
            _ => {}
        }
        // the selection stays in view
        self.keep_in_view(rows(self));
        match c {
            Some(Command::Help) => (Reply::nav(Nav::Help), false),
            _ => (Reply::default(), false),
        }
    }

    /// y to "forget this card?": it leaves the list and the review.
    fn forget(&mut self, c: Option<Command>) -> Vec<Effect> {
        if c == Some(Command::Confirm)
            && let Some(r) = self.current().cloned()
        {
            let i = self.shown[self.selected];
            self.rows.remove(i);
            self.refilter();
            return vec![Effect::ForgetCard {
                bank: r.bank,
                question: r.question,
            }];
        }
        Vec::new()
    }

    /// The selected question's material in the reader over the browser (when it has one).
    fn open_source(&self, ctx: &Ctx) -> Reply {
        let Some(r) = self.current() else {
            return Reply::default();
        };
        match r.material.clone() {
            Some(id) => Reply::nav(Nav::Open(super::Target::new(id))),
            None => Reply::notice(ctx.strings.cards_no_source.clone()),
        }
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
