#![deny(unsafe_code)] // (the exceptions, allowed where they are: malloc.rs)

mod malloc;

use std::io::{Write, stderr, stdout};
use std::process::ExitCode;

use anyhow::Result;
use clap::FromArgMatches;
use xuexi::app::App;
use xuexi::cli::{
    BankCommand, BranchCommand, Cli, Command, LrsCommand, MaterialsCommand, NotesCommand,
    PackCommand, PaperCommand, PlanCommand, QuizCommand, TableArgs,
};
use xuexi::commands::bank;
use xuexi::commands::cli_text;
use xuexi::commands::{log, plan};
use xuexi::i18n::{Lang, Strings};
use xuexi::service::bootstrap::{Env, init_logging};

/// The library rows read before the first frame (more than any screen shows); a larger library
/// loads the rest beside it.
const LIBRARY_HEAD: usize = 400;
use xuexi::service::import::TableOptions;
use xuexi::tui::{self, SystemClock, TtyEvents};
use xuexi::ui::Theme;

fn main() -> ExitCode {
    malloc::two_malloc_arenas();
    xuexi::service::bootstrap::on_release_memory(malloc::give_back_free_memory);
    // --help in the member's language: LANG or --lang (the config is read after parsing)
    let lang = Lang::choose(lang_arg().as_deref(), None, &|k| std::env::var(k).ok());
    let strings = Strings::load(lang);
    let mut command = xuexi::cli::localized(&strings.help);
    // a terminal that is not UTF-8 is told, under the help, what to set
    if let Some(locale) = xuexi::i18n::non_utf8_locale(&|k| std::env::var(k).ok()) {
        command = command.after_help(xuexi::i18n::fill(
            &strings.welcome_not_utf8,
            &[("locale", &locale)],
        ));
    }
    // clap's own words (Usage, Options, its errors) from our string tables too
    let cmd = cli_text::templated(command, &strings);
    let args = cli_text::help_subcommand_as_flag(std::env::args_os().collect());
    let parsed = cli_text::parse(cmd, args, &strings).and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => return parse_failed(&e, &strings),
    };
    match run(&cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let lang = Lang::choose(cli.global.lang.as_deref(), None, &|k| std::env::var(k).ok());
            let strings = Strings::load(lang);
            // a problem in the config file or the database, in the member's words; anything
            // else as it came
            let text = xuexi::service::errors::render(&e, &strings);
            // (not eprintln!: it panics when stderr is a terminal that has gone)
            let _ = writeln!(stderr(), "{}: {text}", strings.error_prefix);
            ExitCode::FAILURE
        }
    }
}

/// Help and version printed as asked; a parse error in the member's words (exit code 2, as
/// clap's own).
fn parse_failed(e: &clap::Error, strings: &Strings) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(2)
        }
        _ => {
            let _ = write!(stderr(), "{}", cli_text::render_error(e, strings));
            ExitCode::from(2)
        }
    }
}

/// `--lang X` or `--lang=X` among the arguments, before they are parsed.
fn lang_arg() -> Option<String> {
    // (args_os: an argument that is not UTF-8 is worded by the parser, not a panic here)
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .map(str::to_string)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
    })
}

/// `xuexi materials list | head` closes the pipe early: not an error worth a message.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: &Cli) -> Result<ExitCode> {
    // what a package's build runs: no settings read, no data folder made
    if let Some(Command::Completions { .. } | Command::Man) = &cli.command {
        return print_docs(cli);
    }
    let mut env = Env::resolve(&cli.global)?;
    // the TUI on a shared computer's folder: whose profile opens is asked before any store is
    // opened, so that the writer lock taken is the chosen profile's
    if cli.command.is_none() && cli.global.profile.is_none() {
        match tui::picker::choose(&env, &theme(&env)?)? {
            tui::picker::Choice::Quit => return Ok(ExitCode::SUCCESS),
            tui::picker::Choice::Open(None) => {}
            tui::picker::Choice::Open(profile) => {
                let g = &cli.global;
                env = Env::resolve(&xuexi::cli::Global {
                    data_dir: g.data_dir.clone(),
                    config: g.config.clone(),
                    lang: g.lang.clone(),
                    profile,
                })?;
            }
        }
    }
    init_logging(&env.data_dir);
    install_panic_hook(&env);
    command(&env, cli).map_err(|e| {
        // the original words (SQLite's, a parser's) for the log; the member reads them worded
        tracing::warn!(error = %format!("{e:#}"), "the command failed");
        // a damaged database, found on opening or on a page read later: set aside and the way
        // back told, as the TUI does at its start
        if cli.command.is_some() && xuexi::service::errors::is_damage(&e) {
            anyhow::anyhow!(xuexi::commands::backup::damaged_notice(&env, &e))
        } else {
            e
        }
    })
}

/// The command the member asked for (none: the TUI).
fn command(env: &Env, cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        None => run_tui(env),
        Some(Command::Materials(MaterialsCommand::List { json })) => {
            xuexi::commands::materials_list(env, *json, &mut stdout().lock())
        }
        Some(Command::Materials(MaterialsCommand::Remove { id })) => {
            xuexi::commands::materials_remove(env, id, &mut stdout().lock())
        }
        Some(Command::Materials(MaterialsCommand::Import { paths })) => {
            xuexi::commands::materials_import(
                env,
                paths,
                &mut stdout().lock(),
                &mut stderr().lock(),
            )
        }
        Some(Command::Bank(cmd)) => {
            let (out, err) = (&mut stdout().lock(), &mut stderr().lock());
            match cmd {
                BankCommand::Check { files, table } => {
                    bank::check(env, files, &table_options(table), out, err)
                }
                BankCommand::Import {
                    files,
                    table,
                    force,
                } => bank::import(env, files, &table_options(table), *force, out, err),
                BankCommand::List { json } => bank::list(env, *json, out),
                BankCommand::Export {
                    id,
                    format,
                    output,
                    force,
                } => bank::export(
                    env,
                    id,
                    format.as_str(),
                    output.as_deref(),
                    *force,
                    out,
                    err,
                ),
                BankCommand::Remove { id, force } => bank::remove(env, id, *force, out),
            }
        }
        Some(Command::Quiz(QuizCommand::History { json })) => {
            xuexi::commands::quiz_history(env, *json, &mut stdout().lock())
        }
        Some(Command::Pack(cmd)) => {
            let (out, err) = (&mut stdout().lock(), &mut stderr().lock());
            match cmd {
                PackCommand::Build { dir, output, force } => {
                    xuexi::commands::pack::build(env, dir, output, *force, out, err)
                }
                PackCommand::Import { file, yes } => xuexi::commands::pack::import(
                    env,
                    file,
                    *yes,
                    &mut std::io::stdin().lock(),
                    out,
                    err,
                ),
                PackCommand::List { json } => xuexi::commands::pack::list(env, *json, out),
            }
        }
        Some(Command::Lrs(LrsCommand::Push { period })) => {
            xuexi::commands::log::lrs_push(env, period.from, period.to, &mut stdout().lock())
        }
        Some(Command::Branch(BranchCommand::Report {
            files,
            plan,
            banks,
            format,
            output,
            force,
        })) => xuexi::commands::branch::report(
            env,
            &xuexi::commands::branch::BranchRequest {
                files,
                banks,
                plan: plan.as_deref(),
                format: format.as_str(),
                output: output.as_deref(),
                force: *force,
            },
            &mut stdout().lock(),
            &mut stderr().lock(),
        ),
        Some(Command::Paper(PaperCommand::Print {
            bank,
            paper,
            seed,
            key,
            format,
            output,
            force,
        })) => xuexi::commands::paper::print(
            env,
            &xuexi::commands::paper::PrintRequest {
                bank,
                paper: paper.as_deref(),
                seed: *seed,
                key: *key,
                format: format.as_str(),
                output: output.as_deref(),
                force: *force,
            },
            &mut stdout().lock(),
        ),
        Some(Command::Plan(cmd)) => {
            let (out, err) = (&mut stdout().lock(), &mut stderr().lock());
            match cmd {
                PlanCommand::Check { files } => plan::check(env, files, out, err),
                PlanCommand::Import { files } => plan::import(env, files, out, err),
                PlanCommand::List { json } => plan::list(env, *json, out),
                PlanCommand::Remove { id } => plan::remove(env, id, out),
            }
        }
        Some(Command::Search {
            query,
            column,
            limit,
            json,
            count,
        }) => xuexi::commands::search::search(
            env,
            &query.join(" "),
            column.as_deref(),
            *limit,
            if *count {
                xuexi::commands::search::Output::Count
            } else if *json {
                xuexi::commands::search::Output::Json
            } else {
                xuexi::commands::search::Output::Text
            },
            &mut stdout().lock(),
            &mut stderr().lock(),
        ),
        Some(Command::Notes(NotesCommand::Export {
            format,
            output,
            force,
        })) => xuexi::commands::notes::export(
            env,
            format.as_str(),
            output.as_deref(),
            *force,
            &mut stdout().lock(),
            &mut stderr().lock(),
        ),
        Some(Command::Backup { full }) => {
            xuexi::commands::backup::backup(env, *full, &mut stdout().lock())
        }
        Some(Command::Restore { file, yes }) => xuexi::commands::backup::restore(
            env,
            file.as_deref(),
            *yes,
            &mut std::io::stdin().lock(),
            &mut stdout().lock(),
        ),
        Some(Command::Stats { period, json }) => {
            log::stats(env, period.from, period.to, *json, &mut stdout().lock())
        }
        Some(Command::Export {
            format,
            period,
            output,
            force,
        }) => log::export(
            env,
            format.as_str(),
            period.from,
            period.to,
            output.as_deref(),
            *force,
            &mut stdout().lock(),
            &mut stderr().lock(),
        ),
        Some(Command::Completions { .. } | Command::Man) => print_docs(cli),
    }
}

/// `xuexi completions SHELL` and `xuexi man`, in the language of `--help` (--lang, then LANG).
fn print_docs(cli: &Cli) -> Result<ExitCode> {
    let lang = Lang::choose(cli.global.lang.as_deref(), None, &|k| std::env::var(k).ok());
    let out = &mut stdout().lock();
    match &cli.command {
        Some(Command::Completions { shell }) => {
            xuexi::commands::man::completions(*shell, lang, out)?
        }
        _ => xuexi::commands::man::man_page(lang, out)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A panic shows one short line in the member's language, naming the log; the details (message,
/// place, backtrace) go to the log. The TUI's hooks (restore the terminal) run before this one.
fn install_panic_hook(env: &Env) {
    let log = env.data_dir.join("xuexi.log").display().to_string();
    let line = xuexi::i18n::fill(&env.strings.crash_notice, &[("path", &log)]);
    std::panic::set_hook(Box::new(move |info| {
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!(panic = %info, %backtrace, "xuexi panicked");
        let _ = writeln!(stderr(), "{line}");
    }));
}

fn table_options(t: &TableArgs) -> TableOptions {
    TableOptions {
        // one --id for one file; several, one per file in order
        id: (t.id.len() == 1).then(|| t.id[0].clone()),
        ids: if t.id.len() > 1 {
            t.id.clone()
        } else {
            Vec::new()
        },
        title: t.title.clone(),
        sheet: t.sheet.clone(),
        skip_unsupported: t.skip_unsupported,
    }
}

fn run_tui(env: &Env) -> Result<ExitCode> {
    // one writer per data folder: a second TUI on the same folder opens it read-only (a
    // reading command holds the lock for a moment while it opens, hence the short wait)
    let writer = env.take_writer(std::time::Duration::from_secs(1));
    let another =
        matches!(writer, xuexi::service::bootstrap::Writer::Busy) && env.db_path().is_file();
    // everything that can fail on bad data happens before raw mode, so errors print plainly;
    // a damaged database is set aside and a backup offered before anything opens it (by the
    // writer only: the other instance has it open)
    let check = |env| {
        xuexi::commands::backup::check_at_start(env, &mut std::io::stdin().lock(), &mut stdout())
    };
    // read through only after a run that did not end cleanly (see check_needed)
    if !another && xuexi::commands::backup::check_needed(env) && !check(env)? {
        return Ok(ExitCode::FAILURE);
    }
    let mut store = match env.open_store() {
        Ok(store) => store,
        // a database that will not open after a clean exit: damaged since? checked now
        Err(e) if !another && env.db_path().is_file() => {
            tracing::error!(error = %e, "the database did not open; checking it");
            if !check(env)? {
                return Ok(ExitCode::FAILURE);
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
    let today = xuexi::domain::stats::day_of(jiff::Timestamp::now(), &jiff::tz::TimeZone::system());
    // the day's backup, beside the first frame rather than before it (a copy of the whole file
    // takes seconds on a large archive): a connection of its own; the copy is written aside and
    // renamed when whole, so quitting before it is done leaves nothing half-made, and it is made
    // again at the next start (read-only mode: nothing changes, so there is nothing to back up)
    if !store.is_read_only() {
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
    // the first rows of the library now, the whole list beside the first frame: a large
    // archive (100,000 materials) takes a moment to read, and the member sees the screen first
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
    let theme = theme(env)?;
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
        &mut app,
        &mut store,
        &theme,
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
    tracing::info!("left the reader");
    result.map(|()| ExitCode::SUCCESS)
}

/// The screen's colours: the configured theme (auto: the palette for the terminal's background,
/// as COLORFGBG tells it; dark without), none under NO_COLOR.
fn theme(env: &Env) -> Result<Theme> {
    // the terminal is asked once a process: the profile picker and the app after it share it
    static ANSWER: std::sync::OnceLock<Option<bool>> = std::sync::OnceLock::new();
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // auto: the palette for the terminal's background, as the terminal answers OSC 11, else
    // as COLORFGBG tells it (dark without either); other themes, and NO_COLOR, never ask
    let light = (color && env.config.theme == "auto")
        .then(|| {
            *ANSWER.get_or_init(|| {
                tui::background::light_background().or_else(|| {
                    xuexi::ui::theme::light_background(std::env::var("COLORFGBG").ok().as_deref())
                })
            })
        })
        .flatten();
    let theme_name = xuexi::ui::theme::resolve(&env.config.theme, light);
    Theme::load(theme_name, color).map_err(anyhow::Error::msg)
}
