//! A card from the text (挖空, `c` in the reader): the paragraph at the top of the pane split
//! into its sentences, one chosen with ↑/↓, the word to blank out typed; Enter makes the card.

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::keys::{self, Command, Context};
use super::{App, Effect, Overlay};
use crate::domain::cloze::{MAX_WORD_CHARS, sentences};

pub struct ClozeInput {
    pub material: String,
    pub sentences: Vec<String>,
    pub selected: usize,
    pub input: TextArea<'static>,
}

impl ClozeInput {
    pub fn word(&self) -> String {
        self.input.lines().join("")
    }
}

impl App {
    /// `c` in the reader.
    pub(super) fn start_cloze(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(r) = self.library.reader.as_ref() else {
            return Vec::new();
        };
        let pos = r.layout.position_at(r.top);
        let text = r
            .doc
            .blocks
            .get(pos.block)
            .map(|b| b.text())
            .unwrap_or_default();
        let list = sentences(&text);
        if list.is_empty() {
            let t = self.ctx.strings.cloze_nothing.clone();
            self.notice(t, now);
            return Vec::new();
        }
        self.overlay = Some(Overlay::Cloze(ClozeInput {
            material: r.id().to_string(),
            sentences: list,
            selected: 0,
            input: TextArea::default(),
        }));
        Vec::new()
    }

    pub(super) fn cloze_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let Some(Overlay::Cloze(c)) = self.overlay.as_mut() else {
            return Vec::new();
        };
        match keys::lookup(Context::ClozeInput, keys::Facts::default(), key) {
            Some(Command::Down) => c.selected = (c.selected + 1).min(c.sentences.len() - 1),
            Some(Command::Up) => c.selected = c.selected.saturating_sub(1),
            Some(Command::Cancel) => self.overlay = None,
            Some(Command::Save) => {
                return vec![Effect::MakeCloze {
                    material: c.material.clone(),
                    sentence: c.sentences[c.selected].clone(),
                    word: c.word(),
                }];
            }
            _ => {
                keys::type_capped(&mut c.input, key, MAX_WORD_CHARS, false);
                // what was refused is no longer what is typed
                if self.message.as_ref().is_some_and(|m| m.error) {
                    self.message = None;
                }
            }
        }
        Vec::new()
    }

    /// The card was made (the overlay closes and says so) or not (it stays, saying why).
    pub fn cloze_made(&mut self, result: Result<String, String>, now: Timestamp) {
        match result {
            Ok(stem) => {
                self.overlay = None;
                let text = crate::i18n::fill(
                    &self.ctx.strings.cloze_added,
                    &[
                        ("bank", &self.ctx.strings.cloze_bank_title),
                        ("stem", &stem),
                    ],
                );
                self.notice(text, now);
            }
            Err(why) => self.error(why, now),
        }
    }
}
