//! The stats screen (学习统计): its state, keys and the export menu.

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;

use super::keys::{self, Command, Context};
use super::screen::{find, find_ref};
use super::{App, Effect, Screen, ScreenKind};
use crate::domain::report::Format;
use crate::domain::stats::{PeriodKind, Stats};

pub struct StatsView {
    pub stats: Option<Stats>,
    pub kind: PeriodKind,
    pub export_menu: bool,
    /// Rows scrolled down, on a screen too low for the whole page (j/k, PgDn/PgUp).
    pub scroll: u16,
}

impl Default for StatsView {
    fn default() -> StatsView {
        StatsView {
            stats: None,
            kind: PeriodKind::Week,
            export_menu: false,
            scroll: 0,
        }
    }
}

/// Rows the whole stats page takes on a small screen (the day's caps wrap at 40 columns).
pub const STATS_ROWS: u16 = 30;
/// The stats area of a screen at least this high shows the whole page (80×24: 23 rows).
pub const STATS_FITS: u16 = 23;

/// How far the stats page scrolls on a screen `height` rows high (its hint bar included).
pub fn stats_scroll_max(height: u16) -> u16 {
    let area = height.saturating_sub(1);
    if area >= STATS_FITS {
        0
    } else {
        STATS_ROWS.saturating_sub(area)
    }
}

impl App {
    /// Library → the stats screen.
    pub fn open_stats(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut fx = self.leave_reader(now, true);
        self.reader = None;
        // the period the member looked at last
        let kind = match self.stack.unpark(ScreenKind::Stats) {
            Some(Screen::Stats(v)) => v.kind,
            _ => PeriodKind::Week,
        };
        self.stack.show(Screen::Stats(StatsView {
            kind,
            ..StatsView::default()
        }));
        fx.push(Effect::LoadStats(kind));
        fx
    }

    /// The figures asked for; dropped when the stats screen has gone.
    pub fn stats_loaded(&mut self, stats: Stats) {
        if let Some(v) = find!(self.stack, Stats) {
            v.stats = Some(stats);
        }
    }

    pub(super) fn stats_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        let command = keys::lookup(Context::Stats, self.facts(), key);
        let size = self.ctx.size;
        let Some(v) = find!(self.stack, Stats) else {
            return Vec::new();
        };
        if v.export_menu {
            v.export_menu = false;
            let format = match keys::lookup(Context::ExportMenu, keys::Facts::default(), key) {
                Some(Command::ExportMd) => Format::Md,
                Some(Command::ExportHtml) => Format::Html,
                Some(Command::ExportCsv) => Format::Csv,
                Some(Command::ExportJson) => Format::Json,
                Some(Command::ExportXapi) => Format::Xapi,
                _ => return Vec::new(),
            };
            let Some(period) = v.stats.as_ref().map(|s| s.period) else {
                return Vec::new();
            };
            return vec![Effect::Export { format, period }];
        }
        let max = stats_scroll_max(size.height);
        let page = size.height.saturating_sub(4).max(1);
        match command {
            Some(Command::Down) => v.scroll = (v.scroll + 1).min(max),
            Some(Command::Up) => v.scroll = v.scroll.saturating_sub(1),
            Some(Command::PageDown) => v.scroll = (v.scroll + page).min(max),
            Some(Command::PageUp) => v.scroll = v.scroll.saturating_sub(page),
            _ => {}
        }
        match command {
            Some(Command::Period) => {
                v.kind = v.kind.next();
                vec![Effect::LoadStats(v.kind)]
            }
            Some(Command::Export) => {
                v.export_menu = true;
                Vec::new()
            }
            Some(Command::Back) => {
                self.stack.show(Screen::Library);
                Vec::new()
            }
            Some(Command::Help) => {
                self.help = true;
                Vec::new()
            }
            Some(Command::Quit) => self.command(Command::Quit, now),
            _ => Vec::new(),
        }
    }

    /// The stats screen's state, when it is open.
    pub fn stats(&self) -> Option<&StatsView> {
        find_ref!(self.stack, Stats)
    }

    /// A written export, or why it failed.
    pub fn exported(&mut self, result: Result<String, String>, now: Timestamp) {
        match result {
            Ok(path) => {
                let text = crate::i18n::fill(&self.ctx.strings.export_written, &[("path", &path)]);
                self.flash(text, false, now);
            }
            Err(e) => {
                let text = crate::i18n::fill(&self.ctx.strings.export_failed, &[("e", &e)]);
                self.error(text, now);
            }
        }
    }
}
