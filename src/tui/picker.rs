//! The profile picker's loop, before anything of a member's is opened: on a data folder with
//! two or more profiles the member chooses whose data opens (or makes a new profile), so that
//! the writer lock then taken is that profile's. The terminal is entered here and restored on
//! every way out (the guard's Drop, the panic hook, a signal, a hang-up), as in [`super::run`].

use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::Terminal;
use ratatui::backend::Backend;

use super::{EventSource, TICK};
use crate::app::profiles::{Picked, ProfilePicker, ProfileRow};
use crate::i18n::{Strings, msg};
use crate::service::bootstrap::{Env, profile_name_ok};
use crate::ui::Theme;

/// What the member chose.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Open this profile (`None`: the data folder's own).
    Open(Option<String>),
    /// Leave without opening any.
    Quit,
}

/// The profiles on `data_dir` as the picker lists them.
pub fn rows(data_dir: &std::path::Path) -> Vec<ProfileRow> {
    crate::service::profiles::list(data_dir)
        .into_iter()
        .map(|(name, last_studied)| ProfileRow { name, last_studied })
        .collect()
}

/// Asks whose profile opens, when `env` (resolved without a profile) is a data folder with two
/// or more: the folder's own is opened as before when it is the only one, without a screen.
pub fn choose(env: &Env, theme: &Theme) -> anyhow::Result<Choice> {
    let rows = rows(&env.data_dir);
    if rows.len() < 2 {
        return Ok(Choice::Open(None));
    }
    let stop = super::terminal::stop_flag(&env.strings)?;
    let tty = super::TtyEvents::new()?;
    // the fault suite's triggers (F12) in the picker too: its panic is logged as the app's is
    #[cfg(feature = "fault-hooks")]
    let mut events = super::FaultHooks::from_env(tty);
    #[cfg(not(feature = "fault-hooks"))]
    let mut events = tty;
    let mut guard = super::terminal::enter(&env.strings)?;
    let mut picker = ProfilePicker::new(env.strings.clone(), rows);
    let result = pick(guard.terminal(), &mut picker, theme, &mut events, &stop);
    // a profile to open: the app takes the terminal as it is (leaving the alternate screen and
    // entering it again flashed the shell's screen between them)
    if matches!(result, Ok(Choice::Open(_))) {
        super::terminal::keep(guard);
    } else {
        drop(guard);
    }
    match result {
        Err(e) if super::tty::is_terminal_gone(&e) => Ok(Choice::Quit),
        other => other,
    }
}

/// Runs the picker until the member opens a profile or leaves (a signal raised in `stop` is
/// leaving). A new profile's name that is not one to use is refused with the `--profile`
/// rule's words, and the prompt stays open to mend it.
pub fn pick<B: Backend>(
    terminal: &mut Terminal<B>,
    picker: &mut ProfilePicker,
    theme: &Theme,
    events: &mut dyn EventSource,
    stop: &AtomicBool,
) -> anyhow::Result<Choice>
where
    B::Error: Send + Sync + 'static,
{
    loop {
        terminal.draw(|f| crate::ui::profiles::draw(f, picker, theme))?;
        if stop.load(Ordering::Relaxed) {
            return Ok(Choice::Quit);
        }
        let Some(event) = events.next(TICK)? else {
            continue;
        };
        match picker.handle(&event) {
            None => {}
            Some(Picked::Quit) => return Ok(Choice::Quit),
            Some(Picked::Open(name)) => return Ok(Choice::Open(name)),
            Some(Picked::New(name)) if profile_name_ok(&name) => {
                return Ok(Choice::Open(Some(name)));
            }
            Some(Picked::New(name)) => picker.refuse(refusal(&picker.strings, &name)),
        }
    }
}

fn refusal(s: &Strings, name: &str) -> String {
    // typed into the picker, not given as --profile: the message names no option
    s.problem(&msg("profile_bad_name_typed").arg("name", name))
}
