//! The real binary in a pseudo-terminal: keys written to the pty's master, the screen read
//! back through a terminal emulator (vt100), and the process's state and CPU time from /proc.

use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// Whether the child gets the pty as its controlling terminal (then closing the master sends
/// it SIGHUP, as closing a terminal window does) or only as its standard streams (no signal:
/// only the tty's hang-up tells, as after some SSH drops).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Ctty {
    Yes,
    No,
}

pub struct Pty {
    master: Option<std::fs::File>,
    pub screen: vt100::Parser,
    pub child: Child,
    /// Every byte the app wrote so far, as written.
    pub written: Vec<u8>,
}

impl Pty {
    /// Starts `bin` with `args` in a new session on a fresh pty of `cols`×`rows`.
    pub fn spawn(
        bin: &Path,
        args: &[&str],
        envs: &[(&str, &str)],
        size: (u16, u16),
        ctty: Ctty,
    ) -> Pty {
        let master: OwnedFd =
            openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let name = ptsname(&master, Vec::new()).unwrap();
        let name = name.to_str().unwrap().to_string();
        tcsetwinsize(
            &master,
            Winsize {
                ws_row: size.1,
                ws_col: size.0,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .unwrap();
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&name)
            .unwrap();
        // setsid(1) puts the child in a session of its own, so it never talks to the test
        // runner's terminal through /dev/tty; with --ctty the pty becomes its controlling tty
        let mut cmd = Command::new("setsid");
        if ctty == Ctty::Yes {
            cmd.arg("--ctty");
        }
        cmd.arg(bin).args(args);
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("TERM", "xterm-256color");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let child = cmd
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave))
            .spawn()
            .unwrap();
        Pty {
            master: Some(std::fs::File::from(master)),
            screen: vt100::Parser::new(size.1, size.0, 0),
            child,
            written: Vec::new(),
        }
    }

    /// Reads what the app wrote for up to `wait`, into the emulated screen.
    pub fn pump(&mut self, wait: Duration) {
        let Some(master) = self.master.as_mut() else {
            return;
        };
        let deadline = Instant::now() + wait;
        let mut buf = [0u8; 8192];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let ts = Timespec {
                tv_sec: left.as_secs() as _,
                tv_nsec: left.subsec_nanos() as _,
            };
            let readable = {
                let fd = master.as_fd();
                let mut fds = [PollFd::new(&fd, PollFlags::IN)];
                match poll(&mut fds, Some(&ts)) {
                    Ok(0) => return,
                    Ok(_) => {}
                    Err(rustix::io::Errno::INTR) => continue,
                    Err(_) => return,
                }
                fds[0].revents().contains(PollFlags::IN)
            };
            if !readable {
                return; // the child closed its side
            }
            match master.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    self.screen.process(&buf[..n]);
                    self.written.extend_from_slice(&buf[..n]);
                }
            }
            if left.is_zero() {
                return;
            }
        }
    }

    /// Reads (into the screen) until the app has written `needle`, say a query to the terminal;
    /// false if it did not within `limit`.
    pub fn wait_for_output(&mut self, needle: &[u8], limit: Duration) -> bool {
        let Some(master) = self.master.as_mut() else {
            return false;
        };
        let deadline = Instant::now() + limit;
        let mut seen = Vec::new();
        let mut buf = [0u8; 8192];
        while Instant::now() < deadline {
            let left = deadline.saturating_duration_since(Instant::now());
            let ts = Timespec {
                tv_sec: left.as_secs() as _,
                tv_nsec: left.subsec_nanos() as _,
            };
            {
                let fd = master.as_fd();
                let mut fds = [PollFd::new(&fd, PollFlags::IN)];
                match poll(&mut fds, Some(&ts)) {
                    Ok(0) => return false,
                    Ok(_) if fds[0].revents().contains(PollFlags::IN) => {}
                    Err(rustix::io::Errno::INTR) => continue,
                    _ => return false,
                }
            }
            match master.read(&mut buf) {
                Ok(0) | Err(_) => return false,
                Ok(n) => {
                    self.screen.process(&buf[..n]);
                    self.written.extend_from_slice(&buf[..n]);
                    seen.extend_from_slice(&buf[..n]);
                }
            }
            if seen.windows(needle.len()).any(|w| w == needle) {
                return true;
            }
        }
        false
    }

    pub fn contents(&self) -> String {
        self.screen.screen().contents()
    }

    /// Waits (reading) until the screen shows `text`; panics with the screen after `limit`.
    pub fn wait_for(&mut self, text: &str, limit: Duration) {
        self.wait_for_any(&[text], limit);
    }

    /// Waits until the screen shows one of `texts`.
    pub fn wait_for_any(&mut self, texts: &[&str], limit: Duration) {
        let start = Instant::now();
        while start.elapsed() < limit {
            self.pump(Duration::from_millis(50));
            let screen = self.contents();
            if texts.iter().any(|t| screen.contains(t)) {
                return;
            }
        }
        panic!(
            "waited {limit:?} for {texts:?}; the screen:\n{}",
            self.contents()
        );
    }

    /// Types `keys` (raw bytes: "t", "\r", "\x1b"), then lets the app draw.
    pub fn keys(&mut self, keys: &str) {
        if let Some(m) = self.master.as_mut() {
            m.write_all(keys.as_bytes()).unwrap();
        }
        self.pump(Duration::from_millis(200));
    }

    /// Closes the master side: the terminal "goes away" (window closed, tmux killed).
    pub fn hang_up(&mut self) {
        self.master = None;
    }

    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// User plus system CPU time of a live (or not yet reaped) process, in clock ticks, and
/// whether it has ended (a zombie, or gone).
pub fn cpu_ticks(pid: i32) -> Option<(u64, bool)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // the command name may hold spaces: the fields start after the last ')'
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let state = f.first()?;
    let utime: u64 = f.get(11)?.parse().ok()?;
    let stime: u64 = f.get(12)?.parse().ok()?;
    Some((utime + stime, *state == "Z" || *state == "X"))
}

/// How long a test waits for something the app does at once; long, for a loaded machine.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// The app on `e`'s data folder in a pty of `size`, with `config` as its settings, HOME the
/// temporary folder, in Chinese on Beijing time; then `args` and `envs` (which win).
pub fn spawn_app(
    e: &super::cli::CliEnv,
    config: &std::path::Path,
    args: &[&str],
    envs: &[(&str, &str)],
    size: (u16, u16),
    ctty: Ctty,
) -> Pty {
    let data = e.data();
    let home = e.dir.path().display().to_string();
    let mut all_args = vec!["--data-dir", data.to_str().unwrap()];
    all_args.extend_from_slice(args);
    let mut all_envs = vec![
        ("HOME", home.as_str()),
        ("XUEXI_CONFIG", config.to_str().unwrap()),
        ("LANG", "zh_CN.UTF-8"),
        ("TZ", "CST-8"),
    ];
    all_envs.extend_from_slice(envs);
    Pty::spawn(
        &assert_cmd::cargo::cargo_bin("xuexi"),
        &all_args,
        &all_envs,
        size,
        ctty,
    )
}

/// The app on its bundled data in a pty of `size`, showing the library (past the first start's
/// welcome).
pub fn app_in_pty(e: &super::cli::CliEnv, ctty: Ctty, size: (u16, u16)) -> Pty {
    let config = e.write("empty.toml", "");
    let mut pty = spawn_app(e, &config, &[], &[], size, ctty);
    // a new data folder's first start shows the welcome (a second, read-only app does not):
    // Esc is "later", and the library is there
    pty.wait_for_any(&["欢迎使用", "资料库"], PATIENCE);
    if pty.contents().contains("欢迎使用") {
        pty.keys("\x1b");
    }
    pty.wait_for("资料库", PATIENCE);
    pty
}
