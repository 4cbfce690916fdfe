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
                let mut f = search::Find::new(r, &text, query);
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
}
