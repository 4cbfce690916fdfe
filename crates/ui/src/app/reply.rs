//! What a screen is given and what it answers: the read-only [`Ctx`] every screen reads, the
//! [`Reply`] it gives to a key (effects, where to go, a line to say) and the [`Nav`] in it. The
//! screens and the shell both name these; the screens name nothing of the shell (`screen.rs`,
//! the stack, which names every screen).

/// What a screen answers to a key: the effects it wants carried out, in order, and what it
/// asks of the shell around it (to go somewhere, to say something).
#[derive(Default)]
pub struct Reply {
    pub effects: Vec<super::Effect>,
    pub nav: Option<Nav>,
    /// A line for the status bar, and whether it reports a failure.
    pub say: Option<(String, bool)>,
    /// A line the status bar is to stop showing, if it still does (a nudge no longer true).
    pub unsay: Option<String>,
}

impl Reply {
    /// Only these effects.
    pub fn effects(effects: Vec<super::Effect>) -> Reply {
        Reply {
            effects,
            ..Reply::default()
        }
    }

    /// Only this way to go.
    pub fn nav(nav: Nav) -> Reply {
        Reply {
            nav: Some(nav),
            ..Reply::default()
        }
    }

    /// Only a notice on the status line.
    pub fn notice(text: String) -> Reply {
        Reply {
            say: Some((text, false)),
            ..Reply::default()
        }
    }

    /// Only a failure on the status line.
    pub fn error(text: String) -> Reply {
        Reply {
            say: Some((text, true)),
            ..Reply::default()
        }
    }

    /// These effects, and then this way to go.
    pub fn then(mut self, nav: Nav) -> Reply {
        self.nav = Some(nav);
        self
    }
}

/// Where a screen asks the shell to go.
#[derive(Clone, Debug, PartialEq)]
pub enum Nav {
    /// Back to the library (this screen closed, and parked).
    Home,
    /// The material opened in the reader over this screen; going back returns here.
    Open(super::Target),
    /// The quiz screen in front (the effects start what it shows).
    Quiz,
    /// The key help over everything.
    Help,
    /// The app ends (everything unsaved saved first).
    Quit,
}

/// What every screen may read and none changes: the words, the member's settings, the
/// folders, the clock's zone and the window's size. The app changes it (a resize, a saved
/// name); a screen gets it as `&Ctx`.
pub struct Ctx {
    pub strings: crate::i18n::Strings,
    /// The member's settings that screens use (point rules, export folder, name).
    pub config: crate::config::Config,
    /// Where the export key writes (the config's `[export] dir`, else the documents folder).
    pub export_dir: Option<std::path::PathBuf>,
    /// The data folder, as the welcome screen names it.
    pub data_dir: String,
    /// The config file the welcome screen writes the member's name to.
    pub config_path: Option<std::path::PathBuf>,
    /// The database is open read-only (the data folder cannot be written): shown in the key
    /// hints line; the loop drops the periodic saves.
    pub read_only: bool,
    /// The member's time zone: days, streaks and due dates are local.
    pub tz: jiff::tz::TimeZone,
    pub size: ratatui::layout::Rect,
    pub idle_secs: u32,
}
