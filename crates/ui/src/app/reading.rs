//! Reading from the app's side: opening a material, scrolling, the reading timer, saving
//! progress and the reading session when the member leaves.

use jiff::Timestamp;

use super::reader::Reader;
use super::{App, Effect, Screen, search};
use crate::domain::material::{Material, Origin, Position, Progress};
use crate::domain::reading::ReadingTimer;

impl App {
    pub(super) fn scroll(&mut self, delta: isize, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.reader.as_mut() else {
            return Vec::new();
        };
        let finished = r.scroll(delta);
        self.after_scroll(finished, now)
    }

    pub(super) fn scroll_to(&mut self, line: usize, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.reader.as_mut() else {
            return Vec::new();
        };
        let finished = r.scroll_to(line);
        self.after_scroll(finished, now)
    }

    pub(super) fn after_scroll(&mut self, finished: bool, now: Timestamp) -> Vec<Effect> {
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

    pub(super) fn save_progress(&mut self, now: Timestamp) -> Vec<Effect> {
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

    pub(super) fn start_timer(&mut self, now: Timestamp) {
        let idle = self.idle_secs;
        if let Some(r) = self.reader.as_mut()
            && r.timer.is_none()
        {
            r.timer = Some(ReadingTimer::start(&r.meta.id, now, idle));
            r.last_checkpoint = now;
        }
    }

    /// Ends the running reading session, if any.
    pub(super) fn stop_timer(&mut self, now: Timestamp) -> Vec<Effect> {
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
    pub(super) fn leave_reader(&mut self, now: Timestamp, refresh: bool) -> Vec<Effect> {
        let mut fx = self.save_progress(now);
        fx.extend(self.stop_timer(now));
        if refresh && !fx.is_empty() {
            fx.push(Effect::RefreshLibrary);
        }
        fx
    }

    /// A material was loaded for the reader, to open at `target`.
    pub fn opened(
        &mut self,
        material: Material,
        origin: Origin,
        progress: Progress,
        target: &super::Target,
        now: Timestamp,
    ) {
        // a stale load (the selection moved on) is dropped
        let wanted = if self.wide() || self.screen == Screen::Reader {
            self.selected_id() == Some(material.meta.id.as_str()) && material.meta.id == target.id
        } else {
            false
        };
        if !wanted {
            return;
        }
        if self.closed_for_exam(now) {
            // a material asked for by moving through the list, side by side: not during an exam
            self.reader = None;
            return;
        }
        let resumed = progress.position != Position::default();
        self.reader = Some(Reader::new(material, origin, progress, now));
        let mut placed = false;
        if let Some(r) = self.reader.as_mut() {
            if let Some(at) = target.at {
                r.anchor = at;
                placed = true;
            }
            // the words searched for (or the quote an explanation cites), marked
            if let Some(text) = &target.find
                && let Ok(query) = crate::text::search::Query::parse(text)
            {
                let mut f = search::Find::new(r, text, query);
                match target.at {
                    Some(at) => f.current = f.hits.iter().position(|p| *p == at).unwrap_or(0),
                    None => {
                        if let Some(first) = f.hits.first() {
                            r.anchor = *first;
                            placed = true;
                        }
                    }
                }
                r.find = Some(f);
            }
        }
        self.fit_reader();
        if placed && let Some(r) = self.reader.as_mut() {
            let line = r.layout.line_of(r.anchor);
            r.top = line
                .saturating_sub(r.height / 3)
                .min(r.total().saturating_sub(r.height.max(1)));
        }
        if resumed && !placed && self.reader_in_front() {
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
}
