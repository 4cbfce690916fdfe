//! The mouse wheel: it moves through lists and scrolls the reading pane under the pointer.

use jiff::Timestamp;
use ratatui::crossterm::event::{MouseEvent, MouseEventKind};
use ratatui::layout::Position as Point;

use super::keys::Command;
use super::{App, Effect, ScreenKind, WHEEL_LINES, layout};

impl App {
    pub(super) fn mouse(&mut self, m: &MouseEvent, now: Timestamp) -> Vec<Effect> {
        let delta = match m.kind {
            MouseEventKind::ScrollDown => WHEEL_LINES,
            MouseEventKind::ScrollUp => -WHEEL_LINES,
            _ => return Vec::new(),
        };
        if self.help || layout::too_small(self.ctx.size) {
            return Vec::new();
        }
        match self.stack.kind() {
            // the wheel moves through a checklist's items; the stats screen does not scroll
            ScreenKind::Plans => {
                let c = if delta > 0 {
                    Command::Down
                } else {
                    Command::Up
                };
                return self.plans_command(c);
            }
            ScreenKind::Stats | ScreenKind::Search | ScreenKind::Notes => return Vec::new(),
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
                && let Some(t) = self.library.reader.as_mut().and_then(|r| r.timer.as_mut())
            {
                t.activity(now);
            }
            return self.scroll(delta, now);
        }
        Vec::new()
    }
}
