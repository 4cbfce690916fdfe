//! Entering and leaving the terminal's raw mode, with every way out restoring it: normal exit,
//! an error returned with `?` (the guard's Drop), a panic (our hook, chained before the one
//! `main` installs to log it and print one line), and SIGTERM / SIGHUP / SIGINT (a flag the
//! loop checks every tick, then the normal path). A terminal that has hung up is left alone:
//! there is nothing to restore, and writing to it only fails.
//!
//! We set the terminal up ourselves rather than with `ratatui::try_init`: ratatui's restore
//! reports its failures with `eprintln!`, which panics when the terminal has gone — inside a
//! Drop or a panic hook, that aborts the process before the log is written.

use std::io::{IsTerminal, stdout};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};
use ratatui::DefaultTerminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use super::tty::stdin_hung_up;

/// Restores the terminal when dropped.
pub struct Guard {
    /// `Some` until dropped.
    terminal: Option<DefaultTerminal>,
}

impl Guard {
    pub fn terminal(&mut self) -> &mut DefaultTerminal {
        // invariant: only `drop` takes it out
        self.terminal
            .as_mut()
            .expect("the terminal is there until the guard is dropped")
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        let Some(mut terminal) = self.terminal.take() else {
            return;
        };
        if std::thread::panicking() || stdin_hung_up() {
            // after a panic the hook has restored the terminal and printed the message below
            // it (a second LeaveAlternateScreen would move the cursor up over it); a terminal
            // that hung up cannot be written to. Either way ratatui's own Drop must not run:
            // it reports a failure with `eprintln!`, which panics on a terminal that is gone.
            std::mem::forget(terminal);
            return;
        }
        restore();
        let _ = terminal.show_cursor();
    }
}

/// Mouse reporting off, raw mode off, the main screen and the cursor back; every failure
/// ignored (there is nobody to tell), and nothing at all once the terminal has hung up.
pub fn restore() {
    if stdin_hung_up() {
        return;
    }
    let _ = execute!(stdout(), DisableMouseCapture);
    let _ = disable_raw_mode();
    let _ = execute!(stdout(), LeaveAlternateScreen, Show);
}

/// A flag raised by SIGTERM, SIGHUP or SIGINT.
pub fn stop_flag(s: &crate::i18n::Strings) -> Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&flag))
            .with_context(|| s.problem(&crate::i18n::msg("terminal_setup")))?;
    }
    Ok(flag)
}

/// The profile picker's terminal, kept for the app that follows ([`keep`]): leaving the
/// alternate screen and entering it again between them flashed the shell's screen.
static KEPT: std::sync::Mutex<Option<Guard>> = std::sync::Mutex::new(None);

/// Keeps `guard`'s terminal as it is (raw, alternate screen) for the next [`enter`]. Whoever
/// keeps one calls [`release`] on every way out that does not enter.
pub fn keep(guard: Guard) {
    if let Ok(mut kept) = KEPT.lock() {
        *kept = Some(guard);
    }
}

/// Is a terminal kept for the next [`enter`]?
pub fn is_kept() -> bool {
    KEPT.lock().is_ok_and(|k| k.is_some())
}

/// Restores a kept terminal (before anything is printed plainly, or on the way out).
pub fn release() {
    let kept = KEPT.lock().ok().and_then(|mut k| k.take());
    drop(kept);
}

/// Chains the terminal's restoring before the panic hook in place (main's: log, one line):
/// a panic then leaves a terminal as it found it.
pub fn hook_restore() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Enters the alternate screen and raw mode, with mouse reporting for the wheel; what fails
/// is said in the member's words (`s`). A terminal kept by the picker is taken as it is,
/// cleared (its restoring already hooked, [`hook_restore`]).
pub fn enter(s: &crate::i18n::Strings) -> Result<Guard> {
    use crate::i18n::msg;
    if let Some(mut guard) = KEPT.lock().ok().and_then(|mut k| k.take()) {
        // cleared, and a terminal of fresh buffers over it so that the first frame is drawn
        // whole (ratatui's own clear asks the terminal where the cursor is, and the answer
        // goes to the key reader already running)
        let fresh = (|| -> std::io::Result<DefaultTerminal> {
            execute!(stdout(), Clear(ClearType::All))?;
            ratatui::Terminal::new(CrosstermBackend::new(stdout()))
        })()
        .with_context(|| s.problem(&msg("terminal_setup")))?;
        // the picker's terminal is let go without its Drop (which would show the cursor)
        if let Some(old) = guard.terminal.replace(fresh) {
            std::mem::forget(old);
        }
        return Ok(guard);
    }
    if !stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(s.problem(&msg("no_terminal")));
    }
    let setup_failed = || s.problem(&msg("terminal_setup"));
    // the hook first, so a failure half-way through setting up still restores: ours restores
    // the terminal, then hands over to the one before it (main's: log, one line)
    hook_restore();
    // a guard from here on: an error below restores what was already changed
    enable_raw_mode().with_context(setup_failed)?;
    let terminal = (|| -> std::io::Result<DefaultTerminal> {
        execute!(stdout(), EnterAlternateScreen)?;
        ratatui::Terminal::new(CrosstermBackend::new(stdout()))
    })();
    let terminal = match terminal {
        Ok(t) => t,
        Err(e) => {
            restore();
            return Err(e).with_context(setup_failed);
        }
    };
    let guard = Guard {
        terminal: Some(terminal),
    };
    execute!(stdout(), EnableMouseCapture).with_context(setup_failed)?;
    Ok(guard)
}
