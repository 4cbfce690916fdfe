//! Bookmarks and notes: `m` bookmarks where the member is (with an optional label), `'` lists
//! the article's bookmarks, `a` writes a note on the current paragraph (several lines); the
//! notes screen (`n` from the library) lists them all, newest first, and opens each at its place.

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::keys::{self, Command, Context};
use super::screen::{find, find_ref};
use super::{App, Effect, Screen, ScreenKind};
use crate::domain::annotation::{Annotation, AnnotationKind, quote_at};
use crate::domain::material::Position;

/// The longest note kept.
pub const MAX_NOTE_CHARS: usize = 5000;

/// Typing a bookmark's label or a note, in the reader.
pub struct ReaderInput {
    pub kind: AnnotationKind,
    pub material: String,
    pub position: Position,
    pub quote: String,
    pub input: TextArea<'static>,
    /// Esc on a note with text: "throw it away?" is being asked.
    pub asking: bool,
}

impl ReaderInput {
    pub fn text(&self) -> String {
        clean_note(&self.input)
    }
}

/// The article's bookmarks, as an overlay list.
pub struct BookmarkList {
    pub items: Vec<Annotation>,
    pub selected: usize,
}

/// The notes screen.
#[derive(Default)]
pub struct NotesView {
    pub items: Vec<Annotation>,
    pub selected: usize,
    pub offset: usize,
    /// A note or bookmark label being changed (`e`).
    pub editing: Option<NoteEdit>,
    /// A yes/no question over the screen.
    pub ask: Option<Ask>,
}

/// A note or a bookmark's label being changed on the notes screen.
pub struct NoteEdit {
    pub id: i64,
    pub kind: AnnotationKind,
    pub quote: String,
    pub original: String,
    pub input: TextArea<'static>,
}

impl NoteEdit {
    pub fn text(&self) -> String {
        clean_note(&self.input)
    }
}

/// What the member is asked (y or n).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Delete this note or bookmark?
    Delete(i64),
    /// Throw away what was typed?
    Discard,
}

/// A note's text as kept: each line cleaned, the whole trimmed and capped.
fn clean_note(input: &TextArea<'_>) -> String {
    let lines: Vec<String> = input
        .lines()
        .iter()
        .map(|l| crate::text::sanitize::sanitize_line(l))
        .collect();
    lines
        .join("\n")
        .trim()
        .chars()
        .take(MAX_NOTE_CHARS)
        .collect()
}

impl App {
    /// `m` and `a` in the reader: anchored at the first line on screen (a blank line between
    /// paragraphs belongs to the next one; a note belongs to its whole paragraph).
    pub(super) fn start_annotation(&mut self, kind: AnnotationKind) -> Vec<Effect> {
        let Some(r) = self.reader.as_ref() else {
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
        if let Some(r) = self.reader.as_mut()
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
        let Some(r) = self.reader.as_ref() else {
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
        let Some(r) = self.reader.as_mut() else {
            return Vec::new();
        };
        let line = r.layout.line_of(pos);
        let finished = r.scroll_to(line.saturating_sub(r.height / 3));
        self.after_scroll(finished, now)
    }

    /// Library → the notes screen.
    pub fn open_notes(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut fx = self.leave_reader(now, true);
        self.reader = None;
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
        let Some(v) = find!(self.stack, Notes) else {
            return;
        };
        v.items = items;
        v.selected = v.selected.min(v.items.len().saturating_sub(1));
    }

    /// The key table on the notes screen: its list, a note being changed, or a question.
    pub(super) fn notes_context(&self) -> Context {
        match find_ref!(self.stack, Notes) {
            Some(v) if v.ask.is_some() => Context::Ask,
            Some(v) => match v.editing.as_ref().map(|e| e.kind) {
                Some(AnnotationKind::Note) => Context::NoteInput,
                Some(_) => Context::BookmarkInput,
                None => Context::Notes,
            },
            None => Context::Notes,
        }
    }

    pub(super) fn notes_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        use super::keys::Command;
        let context = self.context();
        let c = super::keys::lookup(context, self.facts(), key);
        let Some(v) = find!(self.stack, Notes) else {
            return Vec::new();
        };
        if let Some(ask) = v.ask {
            v.ask = None;
            return match (ask, c) {
                (Ask::Delete(id), Some(Command::Confirm)) => {
                    // (asked from the editor when the note was emptied: it goes with the note)
                    v.editing = None;
                    vec![Effect::DeleteAnnotation(id)]
                }
                (Ask::Discard, Some(Command::Confirm)) => {
                    v.editing = None;
                    Vec::new()
                }
                _ => Vec::new(),
            };
        }
        if let Some(ed) = v.editing.as_mut() {
            match c {
                Some(Command::Save) => {
                    let text = ed.text();
                    let (id, kind, original) = (ed.id, ed.kind, ed.original.clone());
                    if kind == AnnotationKind::Note && text.is_empty() {
                        // an emptied note: deleting it is asked, not done on Ctrl-S
                        v.ask = Some(Ask::Delete(id));
                        return Vec::new();
                    }
                    v.editing = None;
                    if text != original {
                        return vec![Effect::EditAnnotation { id, text }];
                    }
                }
                Some(Command::Cancel) => {
                    if ed.text() == ed.original.trim() {
                        v.editing = None;
                    } else {
                        v.ask = Some(Ask::Discard);
                    }
                }
                _ => {
                    let newlines = ed.kind == AnnotationKind::Note;
                    keys::type_capped(&mut ed.input, key, MAX_NOTE_CHARS, newlines);
                }
            }
            return Vec::new();
        }
        let n = v.items.len();
        match c {
            Some(Command::Edit) => {
                if let Some(a) = v.items.get(v.selected) {
                    let mut input = TextArea::default();
                    input.insert_str(&a.text);
                    v.editing = Some(NoteEdit {
                        id: a.id,
                        kind: a.kind,
                        quote: a.quote.clone(),
                        original: a.text.clone(),
                        input,
                    });
                }
            }
            Some(Command::Delete) => {
                if let Some(a) = v.items.get(v.selected) {
                    v.ask = Some(Ask::Delete(a.id));
                }
            }
            Some(Command::Down) => v.selected = (v.selected + 1).min(n.saturating_sub(1)),
            Some(Command::Up) => v.selected = v.selected.saturating_sub(1),
            Some(Command::First) => v.selected = 0,
            Some(Command::Last) => v.selected = n.saturating_sub(1),
            Some(Command::Open) => {
                let Some(a) = v.items.get(v.selected) else {
                    return Vec::new();
                };
                let target = super::Target {
                    id: a.material.clone(),
                    at: Some(a.position),
                    find: None,
                };
                return self.open_from(target, now);
            }
            Some(Command::Back) => {
                self.stack.show(Screen::Library);
                return vec![Effect::RefreshLibrary];
            }
            Some(Command::Help) => self.help = true,
            Some(Command::Quit) => return self.command(Command::Quit, now),
            _ => {}
        }
        let rows = super::plans::item_rows(self.ctx.size.height).max(1) / 2;
        if let Some(v) = find!(self.stack, Notes) {
            if v.selected < v.offset {
                v.offset = v.selected;
            } else if v.selected >= v.offset + rows.max(1) {
                v.offset = v.selected + 1 - rows.max(1);
            }
        }
        Vec::new()
    }
}
