//! Entering and leaving the terminal's raw mode, with every way out restoring it: normal exit,
//! an error returned with `?` (the guard's Drop), a panic (ratatui's hook, chained after ours),
//! and SIGTERM / SIGHUP / SIGINT (a flag the loop checks every tick, then the normal path).

use std::io::{IsTerminal, stdout};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use anyhow::{Context, Result};
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;

/// Restores the terminal when dropped.
pub struct Guard {
    pub terminal: DefaultTerminal,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if std::thread::panicking() {
            // the panic hook has restored the terminal and printed the message below it; a
            // second LeaveAlternateScreen would move the cursor back up over that message
            return;
        }
        let _ = execute!(stdout(), DisableMouseCapture);
        ratatui::restore();
        let _ = self.terminal.show_cursor();
    }
}

/// A flag raised by SIGTERM, SIGHUP or SIGINT.
pub fn stop_flag() -> Result<Arc<AtomicBool>> {
    let flag = Arc::new(AtomicBool::new(false));
    for sig in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        signal_hook::flag::register(sig, Arc::clone(&flag))
            .context("cannot install the signal handlers")?;
    }
    Ok(flag)
}

/// Enters the alternate screen and raw mode, with mouse reporting for the wheel.
pub fn enter() -> Result<Guard> {
    if !stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "xuexi needs a terminal for its reader; for scripts use its commands (xuexi --help)"
        );
    }
    let terminal = ratatui::try_init().context("cannot set up the terminal")?;
    // ratatui's panic hook (restore, then report) is installed by try_init; ours runs first,
    // turns mouse reporting off and shows the cursor, then hands over to it
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, Show);
        previous(info);
    }));
    let guard = Guard { terminal };
    execute!(stdout(), EnableMouseCapture).context("cannot enable the mouse")?;
    Ok(guard)
}
