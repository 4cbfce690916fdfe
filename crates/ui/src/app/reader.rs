//! The reading pane's state: the laid-out article, where the member is, reading time.

use jiff::Timestamp;
use ratatui::layout::Rect;

use super::layout::{MAX_TITLE_LINES, header_width, reader_body};
use crate::domain::doc::Doc;
use crate::domain::layout::{Layout, layout};
use crate::domain::material::{Material, Meta, Origin, Position, Progress, reading_minutes};
use crate::domain::reading::ReadingTimer;
use crate::markdown::parse_markdown;
use crate::text::search::Query;
use crate::text::width::truncate;
use crate::text::wrap::wrap_str;

pub struct Reader {
    pub meta: Meta,
    pub origin: Origin,
    pub doc: Doc,
    pub minutes: u32,
    /// The body laid out at the current width (re-laid only when the width changes).
    pub layout: Layout,
    /// The title wrapped for the header (at most [`MAX_TITLE_LINES`]).
    pub title_lines: Vec<String>,
    /// First visible line.
    pub top: usize,
    /// Visible body lines.
    pub height: usize,
    /// Where the member is, independent of width: kept across re-wraps.
    pub anchor: Position,
    /// Furthest point reached, 0–100.
    pub percent: u8,
    /// Counted as read: at the end, after the time it needs ([`Reader::try_finish`]).
    pub read: bool,
    /// The end was reached (in this or an earlier session).
    pub at_end: bool,
    /// Active seconds counted in earlier sessions.
    pub earlier_secs: i64,
    /// Active seconds it needs to count as read (see `Config::min_read_secs`).
    pub min_secs: i64,
    /// Progress changed since it was last saved.
    pub dirty: bool,
    pub last_save: Timestamp,
    /// Counting reading time while the pane is in front.
    pub timer: Option<ReadingTimer>,
    pub last_checkpoint: Timestamp,
    /// Find in the article (`/`, `n`, `N`), or the hits of the search that opened it.
    pub find: Option<Find>,
    /// This material's bookmarks and notes (notes are marked in the margin).
    pub annotations: Vec<crate::domain::annotation::Annotation>,
    /// The notes are shown under their paragraphs (`v`).
    pub show_notes: bool,
}

impl Reader {
    /// The reader on `material`; `chars`, when known (the library's summary holds it), spares
    /// counting them again (10 ms in a 5 MB article).
    pub fn new(
        material: Material,
        origin: Origin,
        progress: Progress,
        chars: Option<usize>,
        now: Timestamp,
    ) -> Reader {
        let doc = parse_markdown(&material.body);
        let minutes = reading_minutes(chars.unwrap_or_else(|| doc.char_count()));
        Reader {
            meta: material.meta,
            origin,
            doc,
            minutes,
            layout: Layout::default(),
            title_lines: Vec::new(),
            top: 0,
            height: 0,
            anchor: progress.position,
            percent: progress.percent,
            read: progress.read,
            at_end: progress.read || progress.percent >= 100,
            earlier_secs: progress.read_secs,
            min_secs: i64::from(minutes) * 30,
            dirty: false,
            last_save: now,
            timer: None,
            last_checkpoint: now,
            find: None,
            annotations: Vec::new(),
            show_notes: false,
        }
    }

    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// Fits the pane into `area`: re-wraps when the width changed, keeps the member on the
    /// same paragraph.
    pub fn fit(&mut self, area: Rect) {
        let hw = header_width(area).max(2);
        let mut title = wrap_str(&self.meta.title, hw);
        if title.len() > MAX_TITLE_LINES {
            let rest: String = title[MAX_TITLE_LINES - 1..].concat();
            title.truncate(MAX_TITLE_LINES - 1);
            title.push(truncate(&rest, hw));
        }
        self.title_lines = title;
        let body = reader_body(area, self.title_lines.len());
        let width = usize::from(body.width).max(2);
        if self.layout.width != width || self.layout.lines.is_empty() {
            self.relayout(width);
        }
        self.height = usize::from(body.height);
        self.clamp();
    }

    /// Lays the text out at `width` (with the notes under their paragraphs when they are
    /// shown), the member kept on the same paragraph.
    pub fn relayout(&mut self, width: usize) {
        let plain = layout(&self.doc, width);
        self.layout = if self.show_notes {
            let notes: Vec<(usize, String)> = self
                .annotations
                .iter()
                .filter(|a| {
                    a.kind == crate::domain::annotation::AnnotationKind::Note
                        && !a.lost
                        && !a.text.is_empty()
                })
                .map(|a| (a.position.block, a.text.clone()))
                .collect();
            crate::domain::layout::with_notes(plain, &self.doc, &notes)
        } else {
            plain
        };
        self.top = self.layout.line_of(self.anchor);
        self.clamp();
    }

    /// `v`: the notes under their paragraphs, or not.
    pub fn toggle_notes(&mut self) {
        self.show_notes = !self.show_notes;
        let width = self.layout.width.max(2);
        self.relayout(width);
    }

    pub fn total(&self) -> usize {
        self.layout.lines.len()
    }

    fn max_top(&self) -> usize {
        self.total().saturating_sub(self.height.max(1))
    }

    fn clamp(&mut self) {
        self.top = self.top.min(self.max_top());
    }

    /// Moves by `delta` lines (negative: up). Returns true when the member reached the end for
    /// the first time.
    pub fn scroll(&mut self, delta: isize) -> bool {
        let target = if delta < 0 {
            self.top.saturating_sub(delta.unsigned_abs())
        } else {
            self.top.saturating_add(delta as usize)
        };
        self.top = target.min(self.max_top());
        self.anchor = self.layout.position_at(self.top);
        self.dirty = true;
        self.update_progress()
    }

    pub fn scroll_to(&mut self, line: usize) -> bool {
        self.scroll(line as isize - self.top as isize)
    }

    /// How far down the visible part reaches, 0–100.
    pub fn visible_percent(&self) -> u8 {
        let total = self.total();
        if total == 0 {
            return 100;
        }
        let seen = (self.top + self.height).min(total);
        (seen * 100 / total) as u8
    }

    /// Records how far the member has got; true when the end was reached just now (it counts
    /// as read only once the time is there too: [`Reader::try_finish`]).
    pub fn update_progress(&mut self) -> bool {
        if self.height == 0 {
            return false;
        }
        let p = self.visible_percent();
        if p > self.percent {
            self.percent = p;
            self.dirty = true;
        }
        if p >= 100 && !self.at_end {
            self.at_end = true;
            return true;
        }
        false
    }

    /// Active reading seconds so far, this session's included.
    pub fn active_secs(&self, now: Timestamp) -> i64 {
        self.earlier_secs + self.timer.as_ref().map_or(0, |t| t.active_seconds(now))
    }

    /// Seconds still to read before it counts as read (0 when it does).
    pub fn secs_to_go(&self, now: Timestamp) -> i64 {
        (self.min_secs - self.active_secs(now)).max(0)
    }

    /// Marks it read when the end was reached and the time is there; true when that happened
    /// just now. A `G` to the end is not reading it.
    pub fn try_finish(&mut self, now: Timestamp) -> bool {
        if self.read || !self.at_end || self.secs_to_go(now) > 0 {
            return false;
        }
        self.read = true;
        self.dirty = true;
        true
    }

    pub fn position(&self) -> Position {
        self.anchor
    }
}

/// Find in the article: where the query occurs, and which one is current.
pub struct Find {
    pub text: String,
    pub query: Query,
    pub hits: Vec<Position>,
    pub current: usize,
}

impl Find {
    /// Every occurrence of `query` in the reader's blocks.
    pub fn new(reader: &Reader, text: &str, query: Query) -> Find {
        let mut hits = Vec::new();
        for (b, block) in reader.doc.blocks.iter().enumerate() {
            let t = block.text();
            for r in query.occurrences(&t) {
                hits.push(Position {
                    block: b,
                    offset: r.start,
                });
            }
        }
        Find {
            text: text.to_string(),
            query,
            hits,
            current: 0,
        }
    }
}
