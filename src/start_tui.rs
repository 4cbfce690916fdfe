//! The TUI's start: the writer lock, the store opened (and checked when it must be), the
//! day's backup and the library's rest beside the first frame, the app made, and the loop run
//! inside the terminal, which is left as it was whatever the way out.

use std::io::stdout;
use std::process::ExitCode;

use anyhow::Result;
use xuexi::app::App;
use xuexi::service::bootstrap::Env;
use xuexi::tui::{self, SystemClock, TtyEvents};
use xuexi::ui::Theme;

/// The library rows read before the first frame (more than any screen shows); a larger library
/// loads the rest beside it.
const LIBRARY_HEAD: usize = 400;

pub(crate) fn run_tui(env: &Env) -> Result<ExitCode> {
    // one writer per data folder: a second TUI on the same folder opens it read-only (a
    // reading command holds the lock for a moment while it opens, hence the short wait)
    let writer = env.take_writer(std::time::Duration::from_secs(1));
    let another =
        matches!(writer, xuexi::service::bootstrap::Writer::Busy) && env.db_path().is_file();
    let Some(mut store) = open_for_tui(env, another)? else {
        return Ok(ExitCode::FAILURE);
    };
    let today = xuexi::domain::stats::day_of(jiff::Timestamp::now(), &jiff::tz::TimeZone::system());
    if !store.is_read_only() {
        daily_backup_beside(env, today);
        archive_check_beside(env);
    }
    let library = library_head(env, &store)?;
    let theme = theme(env)?;
    let mut app = tui_app(env, &mut store, library, today, another);
    let result = run_in_terminal(env, &mut app, store, &theme);
    tracing::info!("left the reader");
    result.map(|()| ExitCode::SUCCESS)
}

/// The store the TUI opens, and its search index caught up. Everything that can fail on bad
/// data happens here, before raw mode, so errors print plainly; a damaged database is set aside
/// and a backup offered before anything opens it (by the writer only: `another` has it open).
/// `None`: the member declined the way back offered.
fn open_for_tui(env: &Env, another: bool) -> Result<Option<xuexi::store::Store>> {
    use xuexi::service::backup::Scope;
    let check = |env, scope| {
        // asked on the plain terminal: one the picker kept for the app is restored first
        tui::terminal::release();
        let (mut input, mut out) = (std::io::stdin().lock(), stdout());
        xuexi::commands::backup::check_at_start(env, scope, &mut input, &mut out)
    };
    // read through only after a run that did not end cleanly, and then the member's tables
    // (see check_needed; the archive's are checked after the first frame)
    if !another
        && let Some(scope) = xuexi::commands::backup::check_needed(env)
        && !check(env, scope)?
    {
        return Ok(None);
    }
    let store = match env.open_store() {
        Ok(store) => store,
        // a database that will not open after a clean exit: damaged since? checked now
        Err(e) if !another && env.db_path().is_file() => {
            tracing::error!(error = %e, "the database did not open; checking it");
            if !check(env, Scope::All)? {
                return Ok(None);
            }
            env.open_store()?
        }
        Err(e) => return Err(e),
    };
    // materials queued for the search index (an upgrade queues every one), or an index to build
    // again (another engine's version, a restored database): before the screen, with a bar,
    // rather than at the first search (nothing to do: one small query and the index's meta.json)
    if store.search_behind()? {
        xuexi::commands::with_index_bar(env, |p| store.catch_up_search(p))?;
    }
    Ok(Some(store))
}

/// The archive's tables read through beside the app, when a start after an unclean exit owes
/// them a check (only the member's were read before the screen): a read-only connection of
/// its own; what it finds is in its marker for the next start ([`check_archive`]), and in the
/// log.
///
/// [`check_archive`]: xuexi::service::backup::check_archive
fn archive_check_beside(env: &Env) {
    use xuexi::service::backup::{ArchiveCheck, archive_check, check_archive};
    let (db, marker) = (env.db_path(), env.archive_check_marker());
    if archive_check(&marker) != ArchiveCheck::Pending {
        return;
    }
    std::thread::spawn(move || {
        let found = check_archive(&db, &marker);
        tracing::info!(?found, "checked the archive's tables");
    });
}

/// The day's backup, beside the first frame rather than before it (a copy of the whole file
/// takes seconds on a large archive): a connection of its own; the copy is written aside and
/// renamed when whole, so quitting before it is done leaves nothing half-made, and it is made
/// again at the next start (read-only mode: nothing changes, so there is nothing to back up).
fn daily_backup_beside(env: &Env, today: jiff::civil::Date) {
    let (db, day, keep) = (env.db_path(), today.to_string(), env.config.backup.keep);
    std::thread::spawn(move || {
        match xuexi::store::Store::open(&db).and_then(|mut s| s.daily_backup(&day, keep)) {
            Ok(Some(path)) => tracing::info!(path = %path.display(), "made the daily backup"),
            Ok(None) => {}
            // a full disk must not keep the member from studying: logged, tried again next start
            Err(e) => tracing::error!(error = %e, "the daily backup failed"),
        }
    });
}

/// The library's first rows, and the rest to come.
type LibraryHead = (
    Vec<xuexi::domain::material::Summary>,
    Option<std::sync::mpsc::Receiver<Vec<xuexi::domain::material::Summary>>>,
);

/// The first rows of the library now, the whole list beside the first frame: a large archive
/// (100,000 materials) takes a moment to read, and the member sees the screen first.
fn library_head(env: &Env, store: &xuexi::store::Store) -> Result<LibraryHead> {
    let items = store.library(Some(LIBRARY_HEAD))?;
    let rest = (items.len() == LIBRARY_HEAD).then(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        let db = env.db_path();
        std::thread::spawn(move || {
            match xuexi::store::Store::open_read_only(&db).and_then(|s| s.library(None)) {
                // the app may have ended meanwhile: nobody to take it
                Ok(all) => drop(tx.send(all)),
                Err(e) => tracing::error!(error = %e, "loading the library failed"),
            }
        });
        rx
    });
    Ok((items, rest))
}

/// The app at its start: the member's settings, the day's open noted (登录), the last material
/// read, the welcome at the first start, and why it is read-only when it is.
fn tui_app(
    env: &Env,
    store: &mut xuexi::store::Store,
    (items, rest): LibraryHead,
    today: jiff::civil::Date,
    another: bool,
) -> App {
    let mut app = App::new(env.strings.clone(), items, env.config.idle_seconds());
    app.config = env.config.clone();
    app.export_dir = Some(env.export_dir());
    app.data_dir = env.data_dir.display().to_string();
    // 登录: the day's first open (a failure here must not keep the member from studying)
    if !store.is_read_only()
        && let Err(e) = store.record_open(today)
    {
        tracing::error!(error = %e, "noting the day's open failed");
    }
    app.config_path = env.config_path.clone();
    app.start_on(
        store.last_read().ok().flatten(),
        rest,
        jiff::Timestamp::now(),
    );
    // the first start: what is here, where to start, the member's name
    if !store.is_read_only() && matches!(store.meta(xuexi::store::WELCOMED_KEY), Ok(None)) {
        app.show_welcome(true);
        if let Some(w) = app.welcome_mut() {
            w.locale_note = xuexi::i18n::non_utf8_locale(&|k| std::env::var(k).ok());
            w.theme_note = background_unknown(env);
        }
    }
    if store.is_read_only() {
        app.read_only = true;
        let notice = match another {
            true => env.another_writer_notice_tui(),
            false => env.read_only_notice_tui(),
        };
        app.error(notice, jiff::Timestamp::now());
    }
    app
}

/// The terminal entered, the loop run (with the signal flag, the watchdog and the run's
/// marker), the terminal left as it was and the store closed, and then the marker taken away.
fn run_in_terminal(
    env: &Env,
    app: &mut App,
    mut store: xuexi::store::Store,
    theme: &Theme,
) -> Result<()> {
    let stop = tui::terminal::stop_flag(&env.strings)?;
    let tty = TtyEvents::new()?;
    // the fault suite's panic and error triggers exist only in a `--features fault-hooks` build
    #[cfg(feature = "fault-hooks")]
    let mut events = tui::FaultHooks::from_env(tty);
    #[cfg(not(feature = "fault-hooks"))]
    let mut events = tty;
    // no xuexi outlives its terminal: if the loop has not finished soon after a signal or a
    // hang-up, the watchdog ends the process
    let watchdog = tui::tty::Watchdog::start(std::sync::Arc::clone(&stop));
    let mut guard = tui::terminal::enter(&env.strings)?;
    // stands while this run is the folder's writer; a clean end takes it away
    let marker = (!store.is_read_only()).then(|| env.running_marker());
    if let Some(m) = &marker
        && let Err(e) = std::fs::write(m, std::process::id().to_string())
    {
        tracing::error!(error = %e, path = %m.display(), "could not mark the run");
    }
    let result = tui::run(
        guard.terminal(),
        app,
        &mut store,
        theme,
        &mut events,
        &SystemClock,
        &stop,
    );
    watchdog.finished();
    drop(guard);
    drop(store);
    if let Some(m) = &marker {
        let _ = std::fs::remove_file(m);
    }
    result
}

/// The theme is `auto` in colour and the terminal said nothing of its background (no answer to
/// OSC 11, as under tmux 3.3a, and no COLORFGBG): dark was assumed, and the welcome says that
/// `theme = "light"` exists rather than guess.
fn background_unknown(env: &Env) -> bool {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    color && env.config.theme == "auto" && matches!(BACKGROUND.get(), Some(None))
}

/// The terminal's background as it told it (true: light), asked once a process: the profile
/// picker and the app after it share it.
static BACKGROUND: std::sync::OnceLock<Option<bool>> = std::sync::OnceLock::new();

/// The screen's colours: the configured theme (auto: the palette for the terminal's background,
/// as COLORFGBG tells it; dark without), none under NO_COLOR.
pub(crate) fn theme(env: &Env) -> Result<Theme> {
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // auto: the palette for the terminal's background, as the terminal answers OSC 11, else
    // as COLORFGBG tells it (dark without either); other themes, and NO_COLOR, never ask
    let light = (color && env.config.theme == "auto")
        .then(|| {
            *BACKGROUND.get_or_init(|| {
                tui::background::light_background().or_else(|| {
                    xuexi::ui::theme::light_background(std::env::var("COLORFGBG").ok().as_deref())
                })
            })
        })
        .flatten();
    let theme_name = xuexi::ui::theme::resolve(&env.config.theme, light);
    Theme::load(theme_name, color).map_err(anyhow::Error::msg)
}
