//! The app's side of the notes and bookmarks screen: opening it, handing it the loads it asked for
//! (dropped when it has gone), and reading it. The screen's own state and keys are in `notes.rs`,
//! which names nothing of the shell.

use super::keys::{self, Command, Context};
use super::notes::*;
use super::screen::{find, find_ref};
use super::{App, Effect, Screen, ScreenKind};
use crate::domain::annotation::{Annotation, AnnotationKind, quote_at};
use crate::domain::material::Position;
use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

impl App {
    /// `m` and `a` in the reader: anchored at the first line on screen (a blank line between
    /// paragraphs belongs to the next one; a note belongs to its whole paragraph).
    pub(super) fn start_annotation(&mut self, kind: AnnotationKind) -> Vec<Effect> {
        let Some(r) = self.library.reader.as_ref() else {
            return Vec::new();
        };
        let mut position = r.layout.position_at(r.top);
        let blank = r.layout.lines.get(r.top).is_some_and(|l| l.segs.is_empty());
        if blank || kind == AnnotationKind::Note {
            position.offset = 0;
        }
        let (material, quote) = (r.id().to_string(), quote_at(&r.doc, position));
        self.overlay = Some(super::Overlay::Input(ReaderInput {
            kind,
            material,
            position,
            quote,
            input: TextArea::default(),
            asking: false,
        }));
        Vec::new()
    }

    /// Keys while a label or note is being typed.
    pub(super) fn reader_input_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let context = self.context();
        let Some(super::Overlay::Input(ri)) = self.overlay.as_mut() else {
            return Vec::new();
        };
        let command = keys::lookup(context, keys::Facts::default(), key);
        if ri.asking {
            // y throws the note away; n (Esc) goes back to writing it
            match command {
                Some(Command::Confirm) => self.overlay = None,
                Some(Command::Cancel) => ri.asking = false,
                _ => {}
            }
            return Vec::new();
        }
        if command == Some(Command::Cancel) {
            // a note with words in it is not thrown away on one key
            if ri.kind == AnnotationKind::Note && !ri.text().is_empty() {
                ri.asking = true;
            } else {
                self.overlay = None;
            }
            return Vec::new();
        }
        if command == Some(Command::Save) {
            let text = ri.text();
            if ri.kind == AnnotationKind::Note && text.is_empty() {
                self.overlay = None;
                return Vec::new();
            }
            let fx = Effect::Annotate {
                kind: ri.kind,
                material: ri.material.clone(),
                position: ri.position,
                quote: ri.quote.clone(),
                text,
            };
            self.overlay = None;
            return vec![fx];
        }
        keys::type_capped(&mut ri.input, key, MAX_NOTE_CHARS, true);
        Vec::new()
    }

    /// The material's bookmarks and notes (for the margin marks and `'`).
    pub fn annotations_loaded(&mut self, material: &str, items: Vec<Annotation>) {
        if let Some(r) = self.library.reader.as_mut()
            && r.id() == material
        {
            r.annotations = items;
            if r.show_notes {
                let width = r.layout.width.max(2);
                r.relayout(width);
            }
        }
    }

    /// `'`: the bookmarks of this article.
    pub(super) fn open_bookmarks(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.library.reader.as_ref() else {
            return Vec::new();
        };
        let items: Vec<Annotation> = r
            .annotations
            .iter()
            .filter(|a| a.kind == AnnotationKind::Bookmark && !a.lost)
            .cloned()
            .collect();
        if items.is_empty() {
            let text = self.ctx.strings.bookmarks_none.clone();
            self.flash(text, false, now);
            return Vec::new();
        }
        self.overlay = Some(super::Overlay::Bookmarks(BookmarkList {
            items,
            selected: 0,
        }));
        Vec::new()
    }

    /// Keys while the bookmark list is open.
    pub(super) fn bookmark_list_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        let Some(super::Overlay::Bookmarks(list)) = self.overlay.as_mut() else {
            return Vec::new();
        };
        match keys::lookup(Context::BookmarkList, keys::Facts::default(), key) {
            Some(Command::Down) => {
                list.selected = (list.selected + 1).min(list.items.len().saturating_sub(1))
            }
            Some(Command::Up) => list.selected = list.selected.saturating_sub(1),
            Some(Command::Open) => {
                let pos = list.items.get(list.selected).map(|a| a.position);
                self.overlay = None;
                if let Some(pos) = pos {
                    return self.go_to(pos, now);
                }
            }
            // Esc, and any other key: the list is a passing look
            _ => self.overlay = None,
        }
        Vec::new()
    }

    /// Scrolls the reader so `pos` stands a third of the way down.
    fn go_to(&mut self, pos: Position, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.library.reader.as_mut() else {
            return Vec::new();
        };
        let line = r.layout.line_of(pos);
        let finished = r.scroll_to(line.saturating_sub(r.height / 3));
        self.after_scroll(finished, now)
    }

    /// Library → the notes screen.
    pub fn open_notes(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut fx = self.leave_reader(now, true);
        self.library.reader = None;
        // where the member was in the list last time
        let view = match self.stack.unpark(ScreenKind::Notes) {
            Some(Screen::Notes(v)) => v,
            _ => NotesView::default(),
        };
        self.stack.show(Screen::Notes(view));
        fx.push(Effect::LoadNotes);
        fx
    }

    /// The notes screen's state, when it is open.
    pub fn notes(&self) -> Option<&NotesView> {
        find_ref!(self.stack, Notes)
    }

    pub fn notes_loaded(&mut self, items: Vec<Annotation>) {
        // (dropped when the notes screen has gone)
        if let Some(v) = find!(self.stack, Notes) {
            v.on(items);
        }
    }
}
