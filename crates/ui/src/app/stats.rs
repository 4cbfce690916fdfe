//! The stats screen (学习统计): its state, keys and the export menu.

use ratatui::crossterm::event::KeyEvent;

use super::Effect;
use super::keys::{self, Command, Context};
use super::reply::{Ctx, Nav, Reply};
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

impl StatsView {
    /// The key table in force.
    pub fn context(&self) -> Context {
        if self.export_menu {
            Context::ExportMenu
        } else {
            Context::Stats
        }
    }

    /// The figures asked for came back.
    pub fn on(&mut self, stats: Stats) {
        self.stats = Some(stats);
    }

    /// A key: the export menu's format, else scrolling, the period, the menu, back.
    pub fn key(&mut self, key: &KeyEvent, facts: keys::Facts, ctx: &Ctx) -> Reply {
        if self.export_menu {
            return Reply::effects(self.export_key(key));
        }
        let command = keys::lookup(Context::Stats, facts, key);
        let max = stats_scroll_max(ctx.size.height);
        let page = ctx.size.height.saturating_sub(4).max(1);
        match command {
            Some(Command::Down) => self.scroll = (self.scroll + 1).min(max),
            Some(Command::Up) => self.scroll = self.scroll.saturating_sub(1),
            Some(Command::PageDown) => self.scroll = (self.scroll + page).min(max),
            Some(Command::PageUp) => self.scroll = self.scroll.saturating_sub(page),
            Some(Command::Period) => {
                self.kind = self.kind.next();
                return Reply::effects(vec![Effect::LoadStats(self.kind)]);
            }
            Some(Command::Export) => self.export_menu = true,
            Some(Command::Back) => return Reply::nav(Nav::Home),
            Some(Command::Help) => return Reply::nav(Nav::Help),
            Some(Command::Quit) => return Reply::nav(Nav::Quit),
            _ => {}
        }
        Reply::default()
    }

    /// The export menu closes on any key; a format's key writes the period's export.
    fn export_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        self.export_menu = false;
        let format = match keys::lookup(Context::ExportMenu, keys::Facts::default(), key) {
            Some(Command::ExportMd) => Format::Md,
            Some(Command::ExportHtml) => Format::Html,
            Some(Command::ExportCsv) => Format::Csv,
            Some(Command::ExportJson) => Format::Json,
            Some(Command::ExportXapi) => Format::Xapi,
            _ => return Vec::new(),
        };
        match self.stats.as_ref().map(|s| s.period) {
            Some(period) => vec![Effect::Export { format, period }],
            None => Vec::new(),
        }
    }
}

/// Rows the whole stats page takes on a small screen (the day's line and caps and the
/// period's first line wrap at 40 columns).
pub const STATS_ROWS: u16 = 32;
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
