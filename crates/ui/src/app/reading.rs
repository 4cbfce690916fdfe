//! Reading from the app's side: opening a material, scrolling, the reading timer, saving
//! progress and the reading session when the member leaves.

use jiff::Timestamp;

use super::reader::Reader;
use super::{App, CHECKPOINT_EVERY_SECS, Effect, SAVE_EVERY_SECS, ScreenKind};
use crate::domain::material::{Material, Origin, Position, Progress};
use crate::domain::reading::ReadingTimer;

impl App {
    /// The reader's part of [`App::tick`]: a material read to the end before its time was
    /// there is finished now; progress saved and the reading session checkpointed now and then.
    pub(super) fn reading_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut fx = Vec::new();
        // read to the end earlier, and now the time is there too
        if self.reader_in_front()
            && let Some(r) = self.library.reader.as_mut()
            && r.try_finish(now)
        {
            fx.extend(self.finished(now));
        }
        let Some(r) = self.library.reader.as_mut() else {
            return fx;
        };
        if r.dirty && (now - r.last_save).as_secs() >= SAVE_EVERY_SECS {
            fx.extend(self.save_progress(now));
        }
        if let Some(r) = self.library.reader.as_mut()
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

    pub(super) fn scroll(&mut self, delta: isize, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.library.reader.as_mut() else {
            return Vec::new();
        };
        let finished = r.scroll(delta);
        self.after_scroll(finished, now)
    }

    pub(super) fn scroll_to(&mut self, line: usize, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.library.reader.as_mut() else {
            return Vec::new();
        };
        let finished = r.scroll_to(line);
        self.after_scroll(finished, now)
    }

    /// After a move: `reached_end` says the end came into view just now. Read (the end, and
    /// the time it needs) is saved at once; at the end too soon, the member is told how long.
    pub(super) fn after_scroll(&mut self, reached_end: bool, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.library.reader.as_mut() else {
            return Vec::new();
        };
        if r.try_finish(now) {
            return self.finished(now);
        }
        if reached_end && !r.read {
            let minutes = (r.secs_to_go(now) + 59) / 60;
            let text = crate::i18n::fill(&self.ctx.strings.read_more_needed, &[("n", &minutes)]);
            self.flash(text, false, now);
        }
        Vec::new()
    }

    /// The material just counted as read: said, saved now (not at the next tick), the library
    /// refreshed.
    pub(super) fn finished(&mut self, now: Timestamp) -> Vec<Effect> {
        let text = self.ctx.strings.finished.clone();
        self.flash(text, false, now);
        let mut fx = self.save_progress(now);
        fx.push(Effect::RefreshLibrary);
        fx
    }

    pub(super) fn save_progress(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.library.reader.as_mut() else {
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
        let idle = self.ctx.idle_secs;
        if let Some(r) = self.library.reader.as_mut()
            && r.timer.is_none()
        {
            r.timer = Some(ReadingTimer::start(&r.meta.id, now, idle));
            r.last_checkpoint = now;
        }
    }

    /// Ends the running reading session, if any.
    pub(super) fn stop_timer(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.library.reader.as_mut() else {
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
        // the time read since the last tick may be what makes it read
        if let Some(r) = self.library.reader.as_mut()
            && r.try_finish(now)
        {
            let text = self.ctx.strings.finished.clone();
            self.flash(text, false, now);
        }
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
        let wanted = if self.wide() || self.stack.kind() == ScreenKind::Reader {
            self.selected_id() == Some(material.meta.id.as_str()) && material.meta.id == target.id
        } else {
            false
        };
        if !wanted {
            return;
        }
        if self.closed_for_exam(now) {
            // a material asked for by moving through the list, side by side: not during an exam
            self.library.reader = None;
            return;
        }
        let resumed = progress.position != Position::default();
        // (the selected row is this material: checked just above)
        let chars = self
            .library
            .order
            .get(self.library.selected)
            .map(|&i| self.library.items[i].chars);
        let mut reader = Reader::new(material, origin, progress, chars, now);
        reader.min_secs = self.ctx.config.min_read_secs(reader.minutes);
        self.library.reader = Some(reader);
        let mut placed = false;
        if let Some(r) = self.library.reader.as_mut() {
            if let Some(at) = target.at {
                r.anchor = at;
                placed = true;
            }
            // the words searched for (or the quote an explanation cites), marked
            if let Some(text) = &target.find
                && let Ok(query) = crate::text::search::Query::parse(text)
            {
                // shown as the member would write it: without the quotes that make a phrase
                let mut f = super::reader::Find::new(r, text.trim_matches('"'), query);
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
        if placed && let Some(r) = self.library.reader.as_mut() {
            let line = r.layout.line_of(r.anchor);
            r.top = line
                .saturating_sub(r.height / 3)
                .min(r.total().saturating_sub(r.height.max(1)));
        }
        if resumed && !placed && self.reader_in_front() {
            let text = self.ctx.strings.resumed.clone();
            self.flash(text, false, now);
        }
        if self.reader_in_front() {
            self.start_timer(now);
            if let Some(r) = self.library.reader.as_mut() {
                // an article shorter than the pane is read as soon as it is in front
                r.update_progress();
            }
        }
    }
}
