//! The library list: its items grouped by column, the selection and the rows on screen.

use std::sync::mpsc::{Receiver, TryRecvError};

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::keys::{self, Command, Context};
use super::{App, Effect, Row, layout};
use crate::domain::material::{Progress, Summary, group_by_column_where};

/// The longest filter kept.
const MAX_FILTER_CHARS: usize = 40;

/// `f` on the library: the list narrowed as the member types, to the materials whose title,
/// source or date holds every word typed (`2020-03` finds a month's materials).
pub struct Filter {
    pub input: TextArea<'static>,
    /// The filter line has the keys (Enter keeps the filter, Esc drops it).
    pub typing: bool,
}

impl Filter {
    pub fn text(&self) -> String {
        self.input.lines().join("")
    }

    fn lets_through(words: &[String], s: &Summary) -> bool {
        words.iter().all(|w| {
            holds(&s.meta.title, w)
                || holds(&s.meta.source, w)
                || s.meta
                    .date
                    .as_deref()
                    .is_some_and(|d| d.contains(w.as_str()))
        })
    }
}

/// Whether `text` holds `word` (lowercase), letter case aside. A word with no cased letter
/// (Chinese, digits) is looked for as it is: no lowercase copy of every title at each key.
fn holds(text: &str, word: &str) -> bool {
    let cased = word.chars().any(|c| c.is_lowercase() || c.is_uppercase());
    if cased {
        text.to_lowercase().contains(word)
    } else {
        text.contains(word)
    }
}

/// A library larger than its first screen, still loading: the whole list comes from another
/// thread (its own connection), and the material read last is gone to when it is there.
pub struct Loading {
    pub rest: Receiver<Vec<Summary>>,
    /// The material read last, when it was not among the first rows.
    pub open_on: Option<String>,
}

impl App {
    /// At start: the library opens on the material read last ([`App::open_on`]) — at once when
    /// it is among the rows there are, else when the whole list has come (`rest`: a large
    /// library's, loading beside the first screen).
    pub fn start_on(
        &mut self,
        last: Option<String>,
        rest: Option<Receiver<Vec<Summary>>>,
        now: Timestamp,
    ) {
        let found = last.as_deref().is_some_and(|id| self.open_on(id, now));
        if let Some(rest) = rest {
            let open_on = last.filter(|_| !found);
            self.library.loading = Some(Loading { rest, open_on });
        }
    }

    /// Takes the whole library when it has loaded (the selection kept on its material, or put
    /// on the one read last), then asks for the progress to be read again (what was read
    /// meanwhile). A loader that failed leaves the first rows.
    pub(super) fn poll_library(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(l) = &self.library.loading else {
            return Vec::new();
        };
        match l.rest.try_recv() {
            Err(TryRecvError::Empty) => Vec::new(),
            Err(TryRecvError::Disconnected) => {
                self.library.loading = None;
                Vec::new()
            }
            Ok(items) => {
                let open_on = self.library.loading.take().and_then(|l| l.open_on);
                self.set_items(items);
                if let Some(id) = open_on
                    && self.library.selected == 0
                {
                    self.open_on(&id, now);
                }
                vec![Effect::RefreshLibrary]
            }
        }
    }

    /// Whether the filter line has the keys.
    pub(super) fn filter_typing(&self) -> bool {
        self.library.filter.as_ref().is_some_and(|f| f.typing)
    }

    /// `f`: the filter line takes the keys (what was typed before stays).
    pub(super) fn start_filter(&mut self) -> Vec<Effect> {
        self.library
            .filter
            .get_or_insert_with(|| Filter {
                input: TextArea::default(),
                typing: false,
            })
            .typing = true;
        self.keep_selection_visible();
        Vec::new()
    }

    /// Esc on a library narrowed by a filter kept: the whole library again.
    pub(super) fn clear_filter(&mut self) -> Vec<Effect> {
        self.library.filter = None;
        self.regroup();
        Vec::new()
    }

    /// A key while the filter is typed: the list narrows at each one; Enter keeps the filter
    /// (an empty one goes), Esc drops it and shows the whole library again.
    pub(super) fn filter_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let c = keys::lookup(Context::FindPrompt, keys::Facts::default(), key);
        let Some(f) = self.library.filter.as_mut() else {
            return Vec::new();
        };
        match c {
            Some(Command::Find) => {
                f.typing = false;
                if f.text().trim().is_empty() {
                    self.library.filter = None;
                }
            }
            Some(Command::Cancel) => self.library.filter = None,
            _ => keys::type_capped(&mut f.input, key, MAX_FILTER_CHARS, false),
        }
        self.regroup();
        Vec::new()
    }

    /// A screenful of the list down (`down`) or up.
    pub(super) fn page(&mut self, down: bool, now: Timestamp) -> Vec<Effect> {
        let step = (self.list_height() / Self::row_span(Row::Item(0))).max(1) as isize;
        let to = self.library.selected as isize + if down { step } else { -step };
        self.select(to, now)
    }

    /// The member's progress read again (after reading, a quiz, a plan): every item takes its
    /// row's, or none.
    pub fn set_progress(&mut self, progress: Vec<(String, Progress)>) {
        let by_id: std::collections::HashMap<String, Progress> = progress.into_iter().collect();
        for s in &mut self.library.items {
            s.progress = by_id.get(&s.meta.id).copied().unwrap_or_default();
        }
    }

    /// Replaces the library list, keeping the selection on the same material.
    pub fn set_items(&mut self, items: Vec<Summary>) {
        self.library.items = items;
        self.regroup();
    }

    /// Groups the items the filter lets through by column, the selection kept on the same
    /// material when it is still shown.
    fn regroup(&mut self) {
        let keep = self.selected_id().map(str::to_string);
        let words: Vec<String> = self
            .library
            .filter
            .as_ref()
            .map(|f| f.text().to_lowercase())
            .unwrap_or_default()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        self.library.groups =
            group_by_column_where(&self.library.items, |s| Filter::lets_through(&words, s));
        self.library.order = self
            .library
            .groups
            .iter()
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        self.library.selected = keep
            .and_then(|id| {
                self.library
                    .order
                    .iter()
                    .position(|&i| self.library.items[i].meta.id == id)
            })
            .unwrap_or(0)
            .min(self.library.order.len().saturating_sub(1));
        self.keep_selection_visible();
    }

    /// The library opens on the material read last, and offers to go on with it when it is not
    /// finished (Enter opens it where the member stopped). Returns whether it is in the list.
    pub fn open_on(&mut self, id: &str, now: Timestamp) -> bool {
        let Some(pos) = self
            .library
            .order
            .iter()
            .position(|&i| self.library.items[i].meta.id == id)
        else {
            return false;
        };
        self.library.selected = pos;
        self.keep_selection_visible();
        let s = &self.library.items[self.library.order[pos]];
        if !s.progress.read && s.progress.percent > 0 {
            let text = crate::i18n::fill(
                &self.ctx.strings.library_continue,
                &[("title", &s.meta.title), ("p", &s.progress.percent)],
            );
            self.notice(text, now);
        }
        true
    }

    pub fn selected_id(&self) -> Option<&str> {
        self.library
            .order
            .get(self.library.selected)
            .map(|&i| self.library.items[i].meta.id.as_str())
    }

    /// The library's rows, as drawn.
    pub fn rows(&self) -> Vec<Row> {
        self.library.rows()
    }

    /// Screen lines of the library list (a column heading is one line, an item two).
    pub(super) fn row_span(row: Row) -> usize {
        match row {
            Row::Column(_) => 1,
            Row::Item(_) => 2,
        }
    }

    /// Lines of the list on screen (less the filter's line when there is one).
    pub(super) fn list_height(&self) -> usize {
        self.areas()
            .library
            .map(|r| usize::from(layout::library_inner(r).height))
            .unwrap_or(0)
            .saturating_sub(usize::from(self.library.filter.is_some()))
    }

    /// Scrolls the library so the selected item (and its column heading when it is the first of
    /// its column) is visible.
    pub(super) fn keep_selection_visible(&mut self) {
        let rows = self.rows();
        let height = self.list_height().max(1);
        let Some(sel_row) = rows
            .iter()
            .position(|r| *r == Row::Item(self.library.selected))
        else {
            self.library.list_offset = 0;
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
        if top < self.library.list_offset {
            self.library.list_offset = top;
        } else if bottom > self.library.list_offset + height {
            self.library.list_offset = bottom.saturating_sub(height);
        }
        let total: usize = rows.iter().map(|r| Self::row_span(*r)).sum();
        self.library.list_offset = self.library.list_offset.min(total.saturating_sub(height));
        // not from an item's second line (a detail under no title): one line further, which
        // still shows the selected item whole when three lines or more are shown
        let mut line = 0;
        let mid_item = rows.iter().any(|r| {
            let here = line;
            line += Self::row_span(*r);
            matches!(r, Row::Item(_)) && here + 1 == self.library.list_offset
        });
        if mid_item && height >= 3 {
            self.library.list_offset += 1;
        }
    }

    pub(super) fn select(&mut self, to: isize, now: Timestamp) -> Vec<Effect> {
        if self.library.order.is_empty() {
            return Vec::new();
        }
        let to = to.clamp(0, self.library.order.len() as isize - 1) as usize;
        if to == self.library.selected {
            return Vec::new();
        }
        self.library.selected = to;
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
        self.library.column_name(gi, &self.ctx.strings)
    }

    /// The item behind display position `n`.
    pub fn item_at(&self, n: usize) -> Option<&Summary> {
        self.library.item_at(n)
    }
}

/// What the library's drawing reads: its rows, their headings and items, from its own state.
impl super::Library {
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

    /// The text of the column heading for group `gi` (a nameless column is "other").
    pub fn column_name<'a>(&'a self, gi: usize, strings: &'a crate::i18n::Strings) -> &'a str {
        match self.groups.get(gi) {
            Some((name, _)) if !name.is_empty() => name,
            _ => &strings.column_other,
        }
    }

    /// The item behind display position `n`.
    pub fn item_at(&self, n: usize) -> Option<&Summary> {
        self.order.get(n).map(|&i| &self.items[i])
    }
}
