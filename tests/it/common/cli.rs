//! The `xuexi` binary run in a temporary home and data dir, isolated from the machine's own.

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;
use xuexi::domain::log::Record;
use xuexi::store::{DB_FILE, Store};

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

    /// The data folder's database, opened as the app opens it.
    pub fn store(&self) -> Store {
        Store::open(&self.data().join(DB_FILE)).unwrap()
    }

    /// Ticks item `item` of plan `plan` done, as the member would in the app.
    pub fn tick(&self, plan: &str, item: &str) {
        self.store()
            .tick(plan, item, true, "", jiff::Timestamp::now())
            .unwrap();
    }

    /// Asserts plan `plan`'s items, in order, as (title, id).
    pub fn assert_plan_items(&self, plan: &str, want: &[(&str, &str)]) {
        let plan = self.store().plan(plan).unwrap();
        let got: Vec<(&str, &str)> = plan
            .items
            .iter()
            .map(|i| (i.title.as_str(), i.id.as_str()))
            .collect();
        assert_eq!(got, want);
    }

    /// The JSON a `... --json` command prints.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&stdout(self.cmd().args(args))).unwrap()
    }

    /// A data dir whose log holds a day of reading (25 minutes of 徐州 on 2026-03-01) and that
    /// material finished.
    pub fn with_log() -> CliEnv {
        let e = CliEnv::new();
        e.cmd().args(["plan", "list"]).assert().success(); // creates and syncs the database
        let mut store = e.store();
        let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        store
            .append_events(&[
                (
                    ts("2026-03-01T02:30:00Z"),
                    Record::Reading {
                        session: 1,
                        material: "xuzhou-sixue-jizhi".into(),
                        from: ts("2026-03-01T02:00:00Z"),
                        to: ts("2026-03-01T02:30:00Z"),
                        seconds: 1500,
                    },
                ),
                (
                    ts("2026-03-01T02:31:00Z"),
                    Record::Finished {
                        material: "xuzhou-sixue-jizhi".into(),
                    },
                ),
            ])
            .unwrap();
        e
    }
}

/// What a command that must succeed prints on stdout (its stderr shown when it fails).
pub fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
