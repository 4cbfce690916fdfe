//! What every entry point needs: settings resolved, the data dir, logging, the store opened
//! and the bundled materials synced.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::cli::Global;
use crate::config::{Config, default_data_dir};
use crate::i18n::{Lang, Strings, fill, msg};
use crate::import::plan::Refs;
use crate::store::{DB_FILE, Store, StoreError, SyncReport};

/// What gives the allocator's free memory back to the system, set by the binary (which tunes
/// the allocator; the library has no unsafe code).
static RELEASE_MEMORY: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what [`release_memory`] calls (the first setting stays).
pub fn on_release_memory(release: fn()) {
    let _ = RELEASE_MEMORY.set(release);
}

/// Gives the memory freed so far back to the system, when the binary said how: called after a
/// large passing structure is let go, so that its pages do not stay part of the process (freed
/// small blocks stay in the heap, where the search indexer's large blocks cannot use them).
pub fn release_memory() {
    if let Some(release) = RELEASE_MEMORY.get() {
        release();
    }
}

/// Resolved settings for one run.
pub struct Env {
    pub config: Config,
    pub lang: Lang,
    pub strings: Strings,
    pub data_dir: PathBuf,
    /// The config file: the one given, else where xuexi looks for it (it may not exist yet).
    pub config_path: Option<PathBuf>,
    /// The member's profile on a shared computer (`--profile`), whose folder `data_dir` is.
    pub profile: Option<String>,
    /// The data folder's writer lock, once this process holds it (kept until it exits).
    writer: std::cell::RefCell<Option<std::fs::File>>,
}

/// The advisory lock beside the database that makes one process the writer of a data folder.
/// The kernel releases it when the process dies, however it dies, so a stale lock never blocks.
pub const LOCK_FILE: &str = "xuexi.lock";

/// How long a command that writes waits for another xuexi to let go of the data folder.
pub const WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// What trying to become the data folder's writer gave.
#[derive(Debug)]
pub enum Writer {
    /// This process is the writer now.
    Held,
    /// Another process is: it holds the lock.
    Busy,
    /// No lock file can be made here (a folder the member cannot write): nothing can write.
    NoLock,
}

impl Env {
    pub fn resolve(global: &Global) -> Result<Env> {
        // a profile's settings are its own config.toml in its folder once it has one (the
        // welcome writes the member's name there); until then the computer's
        let base = global.data_dir.clone().or_else(default_data_dir);
        let own = match (&global.profile, &global.config, &base) {
            (Some(p), None, Some(b)) if profile_name_ok(p) => {
                Some(profile_dir(b, p).join("config.toml"))
            }
            _ => None,
        };
        let explicit = global
            .config
            .clone()
            .or_else(|| own.clone().filter(|p| p.exists()));
        let (mut config, _path) = Config::load(explicit.as_deref())?;
        if own.as_ref().is_some_and(|p| !p.exists()) {
            // a new profile takes the computer's settings, not its member: whose name the
            // exports carry is the profile's own to give (the welcome asks)
            let blank = Config::default();
            config.member = blank.member;
            config.member_name = blank.member_name;
        }
        let config_path = global
            .config
            .clone()
            .or(own)
            .or_else(crate::config::default_path);
        let lang = Lang::choose(global.lang.as_deref(), config.language.as_deref(), &|k| {
            std::env::var(k).ok()
        });
        let strings = Strings::load(lang);
        if let Some(flag) = &global.lang
            && Lang::parse(flag).is_none()
        {
            anyhow::bail!(strings.problem(&msg("lang_unknown").arg("lang", flag)));
        }
        let mut data_dir = base.ok_or_else(|| anyhow::anyhow!(strings.problem(&msg("no_home"))))?;
        if let Some(p) = &global.profile {
            if !profile_name_ok(p) {
                anyhow::bail!(strings.problem(&msg("profile_bad_name").arg("name", p)));
            }
            data_dir = profile_dir(&data_dir, p);
        }
        Ok(Env {
            config,
            lang,
            strings,
            data_dir,
            config_path,
            profile: global.profile.clone(),
            writer: std::cell::RefCell::new(None),
        })
    }

    /// Tries for up to `wait` to become the data folder's writer (an exclusive `flock` on
    /// `xuexi.lock`). Once held, the lock stays with this process until it exits.
    pub fn take_writer(&self, wait: std::time::Duration) -> Writer {
        if self.is_writer() {
            return Writer::Held;
        }
        let _ = std::fs::create_dir_all(&self.data_dir);
        let file = match std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(self.data_dir.join(LOCK_FILE))
        {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!(error = %e, "no writer lock file");
                return Writer::NoLock;
            }
        };
        let start = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => {
                    *self.writer.borrow_mut() = Some(file);
                    return Writer::Held;
                }
                Err(std::fs::TryLockError::WouldBlock) if start.elapsed() < wait => {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(std::fs::TryLockError::WouldBlock) => return Writer::Busy,
                Err(std::fs::TryLockError::Error(e)) => {
                    tracing::warn!(error = %e, "the writer lock failed");
                    return Writer::NoLock;
                }
            }
        }
    }

    /// Opens the store for a command that changes it: waits up to [`WRITER_WAIT`] for another
    /// xuexi (a TUI on the same folder) to finish, then refuses with a message.
    pub fn open_store_for_writing(&self) -> Result<Store> {
        match self.take_writer(WRITER_WAIT) {
            Writer::Busy => anyhow::bail!(self.another_writer_notice()),
            Writer::Held | Writer::NoLock => self.open_store(),
        }
    }

    /// What a command that writes says when another xuexi is the folder's writer.
    pub fn another_writer_notice(&self) -> String {
        self.about_folder(&self.strings.another_writer)
    }

    /// What the TUI says when it opened read-only because another xuexi is the writer.
    pub fn another_writer_notice_tui(&self) -> String {
        self.about_folder(&self.strings.another_writer_notice)
    }

    /// A message about the data folder: `template` with `{path}` filled.
    fn about_folder(&self, template: &str) -> String {
        let path = self.data_dir.display().to_string();
        fill(template, &[("path", &path)])
    }

    /// Where the app's export key writes: the config's `[export] dir` (a leading `~/` is the
    /// home folder), else `xuexi/` in the member's documents folder (XDG_DOCUMENTS_DIR: 文档 on
    /// a Chinese desktop; `~/文档` or `~/Documents` by the member's language where none is
    /// set), else `exports/` in the data dir.
    pub fn export_dir(&self) -> PathBuf {
        match &self.config.export.dir {
            Some(d) => match (d.strip_prefix("~"), directories::BaseDirs::new()) {
                (Ok(rest), Some(b)) => b.home_dir().join(rest),
                _ => d.clone(),
            },
            None => directories::UserDirs::new()
                .and_then(|u| {
                    let docs = u.document_dir().map(Path::to_path_buf);
                    docs.or_else(|| Some(u.home_dir().join(&self.strings.documents_folder)))
                })
                .map(|d| d.join("xuexi"))
                // each profile's exports in a folder of its own name
                .map(|d| match &self.profile {
                    Some(p) => d.join(p),
                    None => d,
                })
                .unwrap_or_else(|| self.data_dir.join("exports")),
        }
    }

    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join(DB_FILE)
    }

    /// A file that stands while the app runs on the folder as its writer: still there at a
    /// start, the last run did not end cleanly (a crash, a kill, a power cut), and the
    /// database is checked through before it is opened.
    pub fn running_marker(&self) -> PathBuf {
        self.data_dir.join("xuexi.running")
    }

    /// Stands while the archive's tables are owed a check after an unclean exit, or says what
    /// that check found damaged ([`crate::service::backup::archive_check`]).
    pub fn archive_check_marker(&self) -> PathBuf {
        self.data_dir.join("xuexi.check-archive")
    }

    /// The store, to search: its index opened on a thread of its own while the database is
    /// (both take some milliseconds at a million materials).
    pub fn open_store_to_search(&self) -> Result<Store> {
        let index = crate::store::IndexOpening::start(&self.db_path());
        Ok(self.open_store()?.with_index(index))
    }

    /// Creates the data dir, opens the database and syncs the bundled materials. When the
    /// folder cannot be written but holds a database, opens that read-only (and says so on
    /// stderr): the member can still read, search and export; writes fail with a plain message.
    /// When another xuexi is the folder's writer (a TUI in another terminal), opens it
    /// read-only without syncing: reading commands always work.
    pub fn open_store(&self) -> Result<Store> {
        std::fs::create_dir_all(&self.data_dir).map_err(|e| {
            anyhow::anyhow!(
                self.strings.problem(
                    &msg("data_dir_create")
                        .arg("path", self.data_dir.display())
                        .arg("error", e)
                )
            )
        })?;
        let path = self.db_path();
        if path.is_file() && !self.is_writer() {
            match self.take_writer(std::time::Duration::ZERO) {
                Writer::Busy => {
                    let mut store = Store::open_read_only(&path)?;
                    store.set_held_elsewhere();
                    return Ok(store);
                }
                // a reading command holds the lock only while it opens and syncs, so that a
                // TUI started meanwhile waits a moment rather than opening read-only
                Writer::Held => {
                    let store = self.open_and_sync(&path);
                    self.release_writer();
                    return store;
                }
                Writer::NoLock => {}
            }
        }
        self.open_and_sync(&path)
    }

    fn is_writer(&self) -> bool {
        self.writer.borrow().is_some()
    }

    /// Lets go of a lock taken only for opening (closing the file releases it).
    fn release_writer(&self) {
        self.writer.borrow_mut().take();
    }

    fn open_and_sync(&self, path: &Path) -> Result<Store> {
        let mut store = match Store::open(path) {
            Ok(store) => store,
            Err(StoreError::ReadOnly { .. }) if path.is_file() => {
                return self.open_read_only(path);
            }
            Err(e) => return Err(e.into()),
        };
        let now = jiff::Timestamp::now();
        let report = sync_bundled(&mut store, now)?;
        tracing::info!(?report, "synced bundled materials");
        let banks = sync_bundled_banks(&mut store, now)?;
        tracing::info!(changed = banks, "synced bundled banks");
        let plans = sync_bundled_plans(&mut store, now)?;
        tracing::info!(changed = plans, "synced bundled plans");
        Ok(store)
    }

    /// The read-only mode: the database opened without writing, and the notice on stderr —
    /// once per run, though a command may open the store more than once.
    fn open_read_only(&self, path: &Path) -> Result<Store> {
        let store = Store::open_read_only(path)?;
        static SAID: std::sync::Once = std::sync::Once::new();
        SAID.call_once(|| {
            tracing::warn!(path = %self.data_dir.display(), "data folder not writable: read-only");
            eprintln!("{}", self.read_only_notice());
        });
        Ok(store)
    }

    /// What the member is told in the read-only mode (on stderr).
    pub fn read_only_notice(&self) -> String {
        self.about_folder(&self.strings.read_only_notice)
    }

    /// The read-only notice on the app's bottom line: what to do first, the folder last (the
    /// whole sentence was cut at 80 columns before it said what to do).
    pub fn read_only_notice_tui(&self) -> String {
        self.about_folder(&self.strings.read_only_notice_tui)
    }
}

/// Where a profile lives: `profiles/NAME` in the data folder. Each has its own database (the
/// bundled materials synced into it too: a few MB, and no member's reading or search state can
/// reach another's), log, backups, writer lock and config.
pub fn profile_dir(data_dir: &Path, name: &str) -> PathBuf {
    data_dir.join("profiles").join(name)
}

/// A profile's name is one folder name: not empty, at most 40 characters, no path separators,
/// no control characters, not starting with a dot. Chinese names are welcome.
pub fn profile_name_ok(name: &str) -> bool {
    let n = name.trim();
    !n.is_empty()
        && n == name
        && n.chars().count() <= 40
        && !n.starts_with('.')
        && !n
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\' | ':'))
}

/// Syncs the materials compiled into this binary into `store`.
pub fn sync_bundled(store: &mut Store, now: jiff::Timestamp) -> Result<SyncReport> {
    let files = crate::bundle::material_files();
    let report = store.sync_bundled(&files, now, |f| {
        crate::import::material::parse_material_bytes(Path::new(&f.name), &f.bytes)
    })?;
    Ok(report)
}

/// Syncs the quiz banks compiled into this binary (after the materials they refer to).
pub fn sync_bundled_banks(store: &mut Store, now: jiff::Timestamp) -> Result<usize> {
    let files = crate::bundle::bank_files();
    if store.bundled_banks_current(&files)? {
        return Ok(0);
    }
    let materials = store.list_materials()?;
    let exists = |id: &str| materials.iter().any(|m| m.meta.id == id);
    let changed = store.sync_bundled_banks(&files, now, |f| {
        let text = String::from_utf8_lossy(&f.bytes);
        crate::import::bank_toml::parse_bank_toml(Path::new(&f.name), &text, &exists)
            .map_err(|e| joined(&e))
    })?;
    Ok(changed)
}

/// A bundled file's problems on one line (a bundled file with problems is a build defect).
fn joined(errors: &[crate::import::ImportError]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// What plans may refer to: the materials, banks and papers in `store`.
pub fn plan_refs(store: &Store) -> Result<Refs> {
    let mut refs = Refs::default();
    for m in store.list_materials()? {
        refs.materials.insert(m.meta.id);
    }
    refs.banks = store.bank_papers()?;
    Ok(refs)
}

/// Syncs the study plans compiled into this binary (after the materials and banks).
pub fn sync_bundled_plans(store: &mut Store, now: jiff::Timestamp) -> Result<usize> {
    let files = crate::bundle::plan_files();
    if store.bundled_plans_current(&files)? {
        return Ok(0);
    }
    let refs = plan_refs(store)?;
    let changed = store.sync_bundled_plans(&files, now, |f| {
        let text = String::from_utf8_lossy(&f.bytes);
        crate::import::plan::parse_plan(Path::new(&f.name), &text, &refs).map_err(|e| joined(&e))
    })?;
    Ok(changed)
}

/// Logs to `xuexi.log` in the data dir (never to the terminal). Best effort: a data dir that
/// cannot be written just means no log. The data folder's first, then a profile's once it is
/// chosen (the picker runs before, and a panic in it is logged too). The subscriber is set once a
/// process; a second call points its file elsewhere.
pub fn init_logging(data_dir: &Path) {
    let Ok(()) = std::fs::create_dir_all(data_dir) else {
        return;
    };
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(data_dir.join("xuexi.log"))
    else {
        return;
    };
    if let Ok(mut f) = LOG_FILE.lock() {
        *f = Some(file);
    }
    let _ = tracing_subscriber::fmt()
        .with_writer(|| LogFile)
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .try_init();
}

/// The log file of the moment ([`init_logging`]).
static LOG_FILE: std::sync::Mutex<Option<std::fs::File>> = std::sync::Mutex::new(None);

/// Writes to [`LOG_FILE`]; nothing is lost to an error (there is nobody to tell).
struct LogFile;

impl std::io::Write for LogFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match LOG_FILE.lock().as_deref_mut() {
            Ok(Some(f)) => f.write(buf),
            _ => Ok(buf.len()),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match LOG_FILE.lock().as_deref_mut() {
            Ok(Some(f)) => f.flush(),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static RELEASED: AtomicUsize = AtomicUsize::new(0);

    fn count_release() {
        RELEASED.fetch_add(1, Ordering::SeqCst);
    }

    fn other_release() {
        RELEASED.fetch_add(100, Ordering::SeqCst);
    }

    #[test]
    fn release_memory_calls_what_the_binary_set_first() {
        super::on_release_memory(count_release);
        // a second setting does not replace the first
        super::on_release_memory(other_release);
        super::release_memory();
        super::release_memory();
        // (at least: an import in another test of this binary may call it too)
        let n = RELEASED.load(Ordering::SeqCst);
        assert!((2..100).contains(&n), "called {n}");
    }
}
