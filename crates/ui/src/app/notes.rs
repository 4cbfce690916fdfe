//! Bookmarks and notes: `m` bookmarks where the member is (with an optional label), `'` lists
//! the article's bookmarks, `a` writes a note on the current paragraph (several lines); the
//! notes screen (`n` from the library) lists them all, newest first, and opens each at its place.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::Effect;
use super::keys::{self, Command, Context};
use super::reply::{Ctx, Nav, Reply};
use crate::domain::annotation::{Annotation, AnnotationKind};
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

impl NotesView {
    /// The key table in force: a question asked, a note being edited, or the list.
    pub fn context(&self) -> Context {
        if self.ask.is_some() {
            return Context::Ask;
        }
        match self.editing.as_ref().map(|e| e.kind) {
            Some(AnnotationKind::Note) => Context::NoteInput,
            Some(_) => Context::BookmarkInput,
            None => Context::Notes,
        }
    }

    /// The notes asked for came back.
    pub fn on(&mut self, items: Vec<Annotation>) {
        self.items = items;
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    /// A key: the question's answer, the editor's, or the list's.
    pub fn key(&mut self, key: &KeyEvent, facts: keys::Facts, ctx: &Ctx) -> Reply {
        // rows of the list on screen (an item is two lines)
        let rows = super::plans::item_rows(ctx.size.height).max(1) / 2;
        let c = keys::lookup(self.context(), facts, key);
        if let Some(ask) = self.ask.take() {
            return Reply::effects(self.answer(ask, c));
        }
        if self.editing.is_some() {
            return Reply::effects(self.edit_key(c, key));
        }
        let n = self.items.len();
        match c {
            Some(Command::Edit) => self.edit(),
            Some(Command::Delete) => {
                if let Some(a) = self.items.get(self.selected) {
                    self.ask = Some(Ask::Delete(a.id));
                }
            }
            Some(Command::Down) => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Some(Command::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Command::First) => self.selected = 0,
            Some(Command::Last) => self.selected = n.saturating_sub(1),
            Some(Command::Open) => {
                let Some(a) = self.items.get(self.selected) else {
                    return Reply::default();
                };
                return Reply::nav(Nav::Open(super::Target {
                    id: a.material.clone(),
                    at: Some(a.position),
                    find: None,
                }));
            }
            Some(Command::Back) => {
                return Reply::effects(vec![Effect::RefreshLibrary]).then(Nav::Home);
            }
            Some(Command::Help) => return Reply::nav(Nav::Help),
            Some(Command::Quit) => return Reply::nav(Nav::Quit),
            _ => {}
        }
        let rows = rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        Reply::default()
    }

    /// y or n to the question asked.
    fn answer(&mut self, ask: Ask, c: Option<Command>) -> Vec<Effect> {
        match (ask, c) {
            (Ask::Delete(id), Some(Command::Confirm)) => {
                // (asked from the editor when the note was emptied: it goes with the note)
                self.editing = None;
                vec![Effect::DeleteAnnotation(id)]
            }
            (Ask::Discard, Some(Command::Confirm)) => {
                self.editing = None;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// `e`: the selected note or label in the editor.
    fn edit(&mut self) {
        if let Some(a) = self.items.get(self.selected) {
            let mut input = TextArea::default();
            input.insert_str(&a.text);
            self.editing = Some(NoteEdit {
                id: a.id,
                kind: a.kind,
                quote: a.quote.clone(),
                original: a.text.clone(),
                input,
            });
        }
    }

    /// A key in the editor: Ctrl-S saves, Esc leaves (asking when something changed).
    fn edit_key(&mut self, c: Option<Command>, key: &KeyEvent) -> Vec<Effect> {
        let Some(ed) = self.editing.as_mut() else {
            return Vec::new();
        };
        match c {
            Some(Command::Save) => {
                let text = ed.text();
                let (id, kind, original) = (ed.id, ed.kind, ed.original.clone());
                if kind == AnnotationKind::Note && text.is_empty() {
                    // an emptied note: deleting it is asked, not done on Ctrl-S
                    self.ask = Some(Ask::Delete(id));
                    return Vec::new();
                }
                self.editing = None;
                if text != original {
                    return vec![Effect::EditAnnotation { id, text }];
                }
            }
            Some(Command::Cancel) => {
                if ed.text() == ed.original.trim() {
                    self.editing = None;
                } else {
                    self.ask = Some(Ask::Discard);
                }
            }
            _ => {
                let newlines = ed.kind == AnnotationKind::Note;
                keys::type_capped(&mut ed.input, key, MAX_NOTE_CHARS, newlines);
            }
        }
        Vec::new()
    }
}
