//! What a key does in a running session, phase by phase: the command comes from the key table
//! (the one the hints and help show), the key itself only for the option it names and for
//! typing into a blank.

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;

use super::{Ask, Outcome, Phase, Run};
use crate::app::Effect;
use crate::app::keys::{self, Command};
use crate::domain::quiz::Kind;
use crate::domain::review::Recall;

impl Run {
    /// Handles a key: `command` is what the key table says it does in this phase (the same
    /// table the hints and help show), `key` the key itself (for the option it names, and for
    /// typing into a blank). `leave` in the outcome asks to go back to the quiz menu.
    pub fn key(&mut self, command: Option<Command>, key: &KeyEvent, now: Timestamp) -> Outcome {
        let exam = self.exam();
        let (stay, leave) = (Outcome::stay, Outcome::leave);
        match (self.phase.clone(), command) {
            (Phase::Start, Some(Command::LineDown)) => {
                self.scroll += 1;
                stay(Vec::new())
            }
            (Phase::Start, Some(Command::LineUp)) => {
                self.scroll = self.scroll.saturating_sub(1);
                stay(Vec::new())
            }
            (Phase::Start, Some(Command::Start)) => {
                self.scroll = 0;
                self.phase = Phase::Answering;
                self.session.clock_from_ms = Some(now.as_millisecond());
                self.session.used_ms = 0;
                self.last_tick = Some(now);
                stay(vec![Effect::BeginExam {
                    attempt: self.session.attempt,
                    at: now,
                }])
            }
            // not begun: nothing to keep
            (Phase::Start, Some(Command::Leave)) => {
                leave(vec![Effect::DiscardAttempt(self.session.attempt)])
            }
            (Phase::Results(_), Some(Command::Leave)) => leave(Vec::new()),
            (Phase::Results(r), Some(Command::ReviewAll)) => {
                self.phase = Phase::Review(r, 0);
                stay(Vec::new())
            }
            (Phase::Review(r, i), Some(c)) => self.review_key(r, i, c),
            (Phase::Feedback(_), Some(c)) => self.feedback_key(c, key),
            (Phase::Confirm(Ask::Submit), Some(Command::Submit)) => stay(vec![self.finish()]),
            // the exam stays open, its clock running; its answers so far are saved
            (Phase::Confirm(Ask::Leave), Some(Command::Leave)) => {
                self.phase = Phase::Answering;
                let mut fx = self.step(0);
                fx.push(self.place());
                leave(fx)
            }
            (Phase::Confirm(_), Some(Command::Cancel)) => {
                self.phase = Phase::Answering;
                stay(Vec::new())
            }
            (Phase::Map(cur), Some(c)) => self.map_key(cur, c),
            // leaving an exam asks first: its clock does not stop
            (Phase::Answering, Some(Command::Leave)) if exam => {
                let fx = self.step(0);
                self.phase = Phase::Confirm(Ask::Leave);
                stay(fx)
            }
            (Phase::Answering, Some(Command::Leave)) => leave(Vec::new()),
            (Phase::Answering, command) => stay(self.answering(command, key, exam, now)),
            _ => stay(Vec::new()),
        }
    }

    /// Going through the answers after the results: question by question, or to its source.
    fn review_key(&mut self, r: super::Results, i: usize, c: Command) -> Outcome {
        let n = self.session.len();
        match c {
            Command::BackToResults => self.phase = Phase::Results(r),
            Command::NextQuestion => {
                self.scroll = 0;
                self.phase = Phase::Review(r, (i + 1).min(n.saturating_sub(1)))
            }
            Command::PrevQuestion => {
                self.scroll = 0;
                self.phase = Phase::Review(r, i.saturating_sub(1))
            }
            Command::LineDown => self.scroll += 1,
            Command::LineUp => self.scroll = self.scroll.saturating_sub(1),
            Command::OpenSource => {
                return Outcome {
                    open: self.source(i),
                    ..Outcome::stay(Vec::new())
                };
            }
            _ => {}
        }
        Outcome::stay(Vec::new())
    }

    /// On the feedback after an answer: scroll, the next question, a grade, the source.
    fn feedback_key(&mut self, c: Command, key: &KeyEvent) -> Outcome {
        match c {
            Command::LineDown => {
                self.scroll += 1;
                Outcome::stay(Vec::new())
            }
            Command::LineUp => {
                self.scroll = self.scroll.saturating_sub(1);
                Outcome::stay(Vec::new())
            }
            Command::Leave if self.over => Outcome::leave(vec![self.finish()]),
            Command::Leave => Outcome::leave(Vec::new()),
            Command::NextQuestion => Outcome::stay(self.next_after_feedback()),
            Command::Rate => Outcome::stay(self.rate(key)),
            Command::OpenSource => Outcome {
                open: self.source(self.current),
                ..Outcome::stay(Vec::new())
            },
            _ => Outcome::stay(Vec::new()),
        }
    }

    /// On the exam's map of questions: move, close it, or go to the one chosen.
    fn map_key(&mut self, cur: usize, c: Command) -> Outcome {
        let n = self.session.len();
        match c {
            Command::CloseMap => self.phase = Phase::Answering,
            Command::Down => self.phase = Phase::Map((cur + 1).min(n.saturating_sub(1))),
            Command::Up => self.phase = Phase::Map(cur.saturating_sub(1)),
            Command::GoTo => {
                let fx = self.step(0);
                self.go_to(cur);
                self.phase = Phase::Answering;
                return Outcome::stay(fx);
            }
            _ => {}
        }
        Outcome::stay(Vec::new())
    }

    /// A grade (1–4) for the recall of the answer on the feedback screen.
    fn rate(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let recall = match key.code {
            ratatui::crossterm::event::KeyCode::Char(c) => {
                c.to_digit(10).and_then(|d| Recall::from_number(d.into()))
            }
            _ => None,
        };
        match (&mut self.rated, recall) {
            (Some(r), Some(recall)) if r.recall != recall => {
                r.recall = recall;
                vec![Effect::Rate {
                    answer: r.answer.clone(),
                    recall,
                }]
            }
            _ => Vec::new(),
        }
    }

    /// A key while answering (leaving is the caller's).
    fn answering(
        &mut self,
        command: Option<Command>,
        key: &KeyEvent,
        exam: bool,
        now: Timestamp,
    ) -> Vec<Effect> {
        let n = self.options_len();
        let blanks = self.inputs.len().max(1);
        match command {
            Some(Command::Submit) if exam => self.ask_submit(),
            Some(Command::NextQuestion) if exam => self.step(1),
            Some(Command::PrevQuestion) if exam => self.step(-1),
            Some(Command::Map) if exam => {
                self.phase = Phase::Map(self.current);
                Vec::new()
            }
            Some(Command::Confirm) => self.confirm(now),
            Some(Command::Hint) => {
                // once per question; the answer then earns no 积分 (kept with the attempt at
                // once, and with the answer)
                if let Some(h) = self.session.hinted.get_mut(self.current)
                    && self.session.responses[self.current].is_none()
                    && !*h
                {
                    *h = true;
                    return vec![Effect::SaveHint {
                        attempt: self.session.attempt,
                        position: self.current,
                    }];
                }
                Vec::new()
            }
            Some(Command::NextBlank) => {
                self.blank = (self.blank + 1) % blanks;
                Vec::new()
            }
            Some(Command::PrevBlank) => {
                self.blank = (self.blank + blanks - 1) % blanks;
                Vec::new()
            }
            Some(Command::Pick) => {
                if let Some(i) = keys::option_index(key) {
                    self.pick(i);
                }
                self.save_change()
            }
            Some(Command::PickTrue) => {
                self.pick(0);
                self.save_change()
            }
            Some(Command::PickFalse) => {
                self.pick(1);
                self.save_change()
            }
            Some(Command::Toggle) => {
                self.pick(self.cursor);
                self.save_change()
            }

            Some(Command::Down) => {
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
                Vec::new()
            }
            Some(Command::Up) => {
                self.cursor = self.cursor.saturating_sub(1);
                Vec::new()
            }
            // typing into a blank: every key the table leaves free
            None if self.kind() == Kind::Fill => {
                if let Some(input) = self.inputs.get_mut(self.blank) {
                    input.input(*key);
                }
                if exam {
                    self.typed_at = Some(now);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}
