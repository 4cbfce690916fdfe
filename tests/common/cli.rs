//! The `xuexi` binary run in a temporary home and data dir, isolated from the machine's own.

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

pub struct CliEnv {
    pub dir: TempDir,
}

impl CliEnv {
    pub fn new() -> CliEnv {
        CliEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// The command, with a clean environment (Chinese locale, Beijing time as a POSIX TZ so
    /// no time zone database is needed).
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("xuexi").unwrap();
        c.env_clear()
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("share"))
            .env("LANG", "zh_CN.UTF-8")
            .env("TZ", "CST-8")
            .arg("--data-dir")
            .arg(self.data());
        c
    }

    /// Writes a file under the temporary dir (creating folders) and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// The JSON a `... --json` command prints.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}
