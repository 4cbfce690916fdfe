//! Reading the terminal without ever spinning on a terminal that is gone.
//!
//! crossterm 0.29's Unix event source loops inside `event::poll` when its tty is permanently
//! readable but `read` returns 0 (EOF) or EIO — which is what a tty does once its window is
//! closed, its SSH connection dropped or its tmux server killed (crossterm issue #793, fixed in
//! an unreleased PR). The loop never returns, so a signal flag is never checked either: the
//! process stays forever at 10–20 % CPU, ignoring SIGTERM.
//!
//! So we never let crossterm wait. We `poll(2)` the tty ourselves, together with a self-pipe
//! that SIGWINCH, SIGTERM, SIGHUP and SIGINT write to, and call into crossterm (with a zero
//! timeout) only when the tty has bytes or a resize is pending — and never once the tty
//! reports a hang-up (POLLHUP, POLLERR, POLLNVAL). A hang-up becomes [`TerminalGone`], which
//! the loop treats as a normal exit (progress, the reading session and the exam answer are
//! saved). Drop this module's polling for plain `event::poll` once crossterm releases the fix.
//!
//! The tiny window between our poll and crossterm's read (a hang-up in those microseconds)
//! is covered by the [`Watchdog`]: a thread that ends the process if the main loop has not
//! finished 1.5 s after a signal or a hang-up.

use std::io::{self, Read};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};
use rustix::event::{PollFd, PollFlags, Timespec, poll};

use super::EventSource;

/// The terminal hung up: its window closed, the connection dropped, the tmux server died.
#[derive(Debug)]
pub struct TerminalGone;

impl std::fmt::Display for TerminalGone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the terminal hung up")
    }
}

impl std::error::Error for TerminalGone {}

/// Whether `e` (anywhere in its chain) is a [`TerminalGone`].
pub fn is_terminal_gone(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<TerminalGone>().is_some()
            || c.downcast_ref::<io::Error>()
                .and_then(|io| io.get_ref())
                .is_some_and(|inner| inner.is::<TerminalGone>())
    })
}

fn gone() -> io::Error {
    io::Error::other(TerminalGone)
}

const HANG_UP: PollFlags = PollFlags::HUP.union(PollFlags::ERR).union(PollFlags::NVAL);

/// What one `poll(2)` of the tty said.
#[derive(Debug, PartialEq, Eq)]
enum Ready {
    Nothing,
    Input,
    HungUp,
}

/// Polls `tty` (and `wake`, when given) for up to `timeout`.
fn wait(
    tty: BorrowedFd<'_>,
    wake: Option<BorrowedFd<'_>>,
    timeout: Duration,
) -> io::Result<(Ready, bool)> {
    let ts = Timespec {
        tv_sec: timeout.as_secs() as _,
        tv_nsec: timeout.subsec_nanos() as _,
    };
    let mut fds = vec![PollFd::new(&tty, PollFlags::IN)];
    if let Some(w) = &wake {
        fds.push(PollFd::new(w, PollFlags::IN));
    }
    match poll(&mut fds, Some(&ts)) {
        Ok(_) => {}
        // a signal arrived: the caller looks at its flags
        Err(rustix::io::Errno::INTR) => return Ok((Ready::Nothing, true)),
        Err(e) => return Err(e.into()),
    }
    let tty_ready = fds[0].revents();
    let woken = fds.get(1).is_some_and(|w| !w.revents().is_empty());
    let ready = if tty_ready.intersects(HANG_UP) {
        Ready::HungUp
    } else if tty_ready.contains(PollFlags::IN) {
        Ready::Input
    } else {
        Ready::Nothing
    };
    Ok((ready, woken))
}

/// Whether the terminal on standard input has hung up (without waiting).
pub fn stdin_hung_up() -> bool {
    let stdin = io::stdin();
    matches!(
        wait(stdin.as_fd(), None, Duration::ZERO),
        Ok((Ready::HungUp, _))
    )
}

/// Events from the terminal on standard input, read through crossterm only when it has bytes.
pub struct TtyEvents {
    /// The read end of the self-pipe the signals below write a byte to.
    wake: UnixStream,
}

impl TtyEvents {
    /// Registers the wake-up pipe for SIGWINCH (resizes) and the stop signals.
    pub fn new() -> io::Result<TtyEvents> {
        let (read, write) = UnixStream::pair()?;
        read.set_nonblocking(true)?;
        write.set_nonblocking(true)?;
        for sig in [
            signal_hook::consts::SIGWINCH,
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            signal_hook::low_level::pipe::register(sig, write.try_clone()?)?;
        }
        Ok(TtyEvents { wake: read })
    }

    fn drain_wake(&mut self) {
        let mut buf = [0u8; 64];
        while matches!(self.wake.read(&mut buf), Ok(n) if n > 0) {}
    }

    /// crossterm's next event if it has one already (queued, or bytes just arrived), without
    /// letting it wait.
    fn crossterm_now() -> io::Result<Option<Event>> {
        if event::poll(Duration::ZERO)? {
            event::read().map(Some)
        } else {
            Ok(None)
        }
    }
}

impl EventSource for TtyEvents {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        let stdin = io::stdin();
        let tty = stdin.as_fd();
        let deadline = Instant::now() + timeout;
        loop {
            // a hang-up is looked for before crossterm is ever called: once hung up, its
            // read loop would never return
            let left = deadline.saturating_duration_since(Instant::now());
            let (ready, woken) = wait(tty, Some(self.wake.as_fd()), Duration::ZERO)?;
            if ready == Ready::HungUp {
                return Err(gone());
            }
            if woken {
                self.drain_wake();
            }
            // events crossterm queued earlier (a paste, fast typing), a pending resize, or
            // bytes that have just arrived
            if let Some(ev) = Self::crossterm_now()? {
                return Ok(Some(ev));
            }
            if woken {
                // a stop signal: let the loop see its flag now
                return Ok(None);
            }
            if left.is_zero() {
                return Ok(None);
            }
            let (ready, woken) = wait(tty, Some(self.wake.as_fd()), left)?;
            match ready {
                Ready::HungUp => return Err(gone()),
                // go round: crossterm reads what came (or the resize it queued)
                Ready::Input => {}
                Ready::Nothing if woken => {}
                // timed out, or a signal interrupted the wait
                Ready::Nothing => return Ok(None),
            }
        }
    }
}

/// Ends the process if the event loop has not finished 1.5 s after a stop signal or a
/// hang-up: the guarantee that no xuexi outlives its terminal, whatever it was doing.
pub struct Watchdog {
    done: Arc<AtomicBool>,
}

/// How long the loop has to save and leave after a signal or a hang-up.
pub const GRACE: Duration = Duration::from_millis(1500);

impl Watchdog {
    pub fn start(stop: Arc<AtomicBool>) -> Watchdog {
        let done = Arc::new(AtomicBool::new(false));
        let seen = Arc::clone(&done);
        let spawned = std::thread::Builder::new()
            .name("xuexi-watchdog".into())
            .spawn(move || {
                let mut since: Option<Instant> = None;
                while !seen.load(Ordering::Relaxed) {
                    if since.is_none() && (stop.load(Ordering::Relaxed) || stdin_hung_up()) {
                        since = Some(Instant::now());
                    }
                    if since.is_some_and(|t| t.elapsed() >= GRACE) {
                        tracing::error!("the event loop did not finish after a signal or hang-up");
                        std::process::exit(1);
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
            });
        if let Err(e) = spawned {
            tracing::warn!(error = %e, "no watchdog thread");
        }
        Watchdog { done }
    }

    /// The loop has finished: the watchdog stands down.
    pub fn finished(&self) {
        self.done.store(true, Ordering::Relaxed);
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.finished();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_closed_peer_is_a_hang_up_not_input() {
        // a socket pair stands in for the tty: once the other end is closed, poll reports
        // POLLHUP (with POLLIN, as a hung-up tty does)
        let (a, b) = UnixStream::pair().unwrap();
        assert_eq!(
            wait(a.as_fd(), None, Duration::ZERO).unwrap().0,
            Ready::Nothing
        );
        (&b).write_all(b"x").unwrap();
        assert_eq!(
            wait(a.as_fd(), None, Duration::ZERO).unwrap().0,
            Ready::Input
        );
        drop(b);
        assert_eq!(
            wait(a.as_fd(), None, Duration::from_millis(100)).unwrap().0,
            Ready::HungUp
        );
    }

    #[test]
    fn terminal_gone_is_found_through_io_and_anyhow() {
        let e = anyhow::Error::from(gone()).context("reading an event");
        assert!(is_terminal_gone(&e));
        let other = anyhow::Error::from(io::Error::other("disk"));
        assert!(!is_terminal_gone(&other));
    }
}
