//! The library list: its items grouped by column, the selection and the rows on screen.

use std::sync::mpsc::{Receiver, TryRecvError};

use jiff::Timestamp;

use super::{App, Effect, Row, layout};
use crate::domain::material::{Progress, Summary, group_by_column};

/// A library larger than its first screen, still loading: the whole list comes from another
/// thread (its own connection), and the material read last is gone to when it is there.
pub struct Loading {
    pub rest: Receiver<Vec<Summary>>,
    /// The material read last, when it was not among the first rows.
    pub open_on: Option<String>,
}

impl App {
    /// Starts the app on the first rows of a large library while the whole list loads.
    pub fn load_rest(&mut self, rest: Receiver<Vec<Summary>>, open_on: Option<String>) {
        self.loading = Some(Loading { rest, open_on });
    }

    /// Takes the whole library when it has loaded (the selection kept on its material, or put
    /// on the one read last), then asks for the progress to be read again (what was read
    /// meanwhile). A loader that failed leaves the first rows.
    pub(super) fn poll_library(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(l) = &self.loading else {
            return Vec::new();
        };
        match l.rest.try_recv() {
            Err(TryRecvError::Empty) => Vec::new(),
            Err(TryRecvError::Disconnected) => {
                self.loading = None;
                Vec::new()
            }
            Ok(items) => {
                let open_on = self.loading.take().and_then(|l| l.open_on);
                self.set_items(items);
                if let Some(id) = open_on
                    && self.selected == 0
                {
                    self.open_on(&id, now);
                }
                vec![Effect::RefreshLibrary]
            }
        }
    }

    /// The member's progress read again (after reading, a quiz, a plan): every item takes its
    /// row's, or none.
    pub fn set_progress(&mut self, progress: Vec<(String, Progress)>) {
        let by_id: std::collections::HashMap<String, Progress> = progress.into_iter().collect();
        for s in &mut self.items {
            s.progress = by_id.get(&s.meta.id).copied().unwrap_or_default();
        }
    }

    /// Replaces the library list, keeping the selection on the same material.
    pub fn set_items(&mut self, items: Vec<Summary>) {
        let keep = self.selected_id().map(str::to_string);
        self.items = items;
        self.groups = group_by_column(&self.items);
        self.order = self
            .groups
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        self.selected = keep
            .and_then(|id| self.order.iter().position(|&i| self.items[i].meta.id == id))
            .unwrap_or(0)
            .min(self.order.len().saturating_sub(1));
        self.keep_selection_visible();
    }

    /// At start: the library opens on the material read last, and offers to go on with it when
    /// it is not finished (Enter opens it where the member stopped).
    pub fn open_on(&mut self, id: &str, now: Timestamp) {
        let Some(pos) = self.order.iter().position(|&i| self.items[i].meta.id == id) else {
            return;
        };
        self.selected = pos;
        self.keep_selection_visible();
        let s = &self.items[self.order[pos]];
        if !s.progress.read && s.progress.percent > 0 {
            let text = crate::i18n::fill(
                &self.strings.library_continue,
                &[("title", &s.meta.title), ("p", &s.progress.percent)],
            );
            self.notice(text, now);
        }
    }

    pub fn selected_id(&self) -> Option<&str> {
        self.order
            .get(self.selected)
            .map(|&i| self.items[i].meta.id.as_str())
    }

    /// The library's rows, as drawn.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        let mut n = 0;
        for (gi, (_, items)) in self.groups.iter().enumerate() {
            rows.push(Row::Column(gi));
            for _ in items {
                rows.push(Row::Item(n));
                n += 1;
            }
        }
        rows
    }

    /// Screen lines of the library list (a column heading is one line, an item two).
    pub(super) fn row_span(row: Row) -> usize {
        match row {
            Row::Column(_) => 1,
            Row::Item(_) => 2,
        }
    }

    pub(super) fn list_height(&self) -> usize {
        self.areas()
            .library
            .map(|r| usize::from(layout::library_inner(r).height))
            .unwrap_or(0)
    }

    /// Scrolls the library so the selected item (and its column heading when it is the first of
    /// its column) is visible.
    pub(super) fn keep_selection_visible(&mut self) {
        let rows = self.rows();
        let height = self.list_height().max(1);
        let Some(sel_row) = rows.iter().position(|r| *r == Row::Item(self.selected)) else {
            self.list_offset = 0;
            return;
        };
        let mut first = sel_row;
        if sel_row > 0 && matches!(rows[sel_row - 1], Row::Column(_)) {
            first = sel_row - 1;
        }
        let line_of = |row: usize| {
            rows[..row]
                .iter()
                .map(|r| Self::row_span(*r))
                .sum::<usize>()
        };
        let top = line_of(first);
        let bottom = line_of(sel_row) + 2;
        if top < self.list_offset {
            self.list_offset = top;
        } else if bottom > self.list_offset + height {
            self.list_offset = bottom.saturating_sub(height);
        }
        let total: usize = rows.iter().map(|r| Self::row_span(*r)).sum();
        self.list_offset = self.list_offset.min(total.saturating_sub(height));
    }

    pub(super) fn select(&mut self, to: isize, now: Timestamp) -> Vec<Effect> {
        if self.order.is_empty() {
            return Vec::new();
        }
        let to = to.clamp(0, self.order.len() as isize - 1) as usize;
        if to == self.selected {
            return Vec::new();
        }
        self.selected = to;
        self.keep_selection_visible();
        if self.wide() {
            // the reader follows the selection
            let mut fx = self.leave_reader(now, true);
            if let Some(id) = self.selected_id() {
                fx.push(Effect::Open(super::Target::new(id)));
            }
            return fx;
        }
        Vec::new()
    }

    /// The text of the column heading for group `gi`.
    pub fn column_name(&self, gi: usize) -> &str {
        match self.groups.get(gi) {
            Some((name, _)) if !name.is_empty() => name,
            _ => &self.strings.column_other,
        }
    }

    /// The item behind display position `n`.
    pub fn item_at(&self, n: usize) -> Option<&Summary> {
        self.order.get(n).map(|&i| &self.items[i])
    }
}
