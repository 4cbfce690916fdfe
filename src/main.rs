#![deny(unsafe_code)] // (the exceptions, allowed where they are: malloc.rs)

mod malloc;
mod start_tui;

use std::io::{Write, stderr, stdout};
use std::process::ExitCode;

use anyhow::Result;
use clap::FromArgMatches;
use xuexi::cli::{
    BankCommand, BranchCommand, Cli, Command, LrsCommand, MaterialsCommand, NotesCommand,
    PackCommand, PaperCommand, PlanCommand, QuizCommand, TableArgs,
};
use xuexi::commands::bank;
use xuexi::commands::cli_text;
use xuexi::commands::{log, plan};
use xuexi::i18n::{Lang, Strings};
use xuexi::service::bootstrap::{Env, init_logging};

use xuexi::service::import::TableOptions;
use xuexi::tui;

fn main() -> ExitCode {
    malloc::two_malloc_arenas();
    xuexi::service::bootstrap::on_release_memory(malloc::give_back_free_memory);
    // --help in the member's language: LANG or --lang (the config is read after parsing)
    let lang = Lang::choose(lang_arg().as_deref(), None, &|k| std::env::var(k).ok());
    let strings = strings_for(lang);
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
    let result = run(&cli);
    // a terminal the picker kept and no app took (an error on the way): restored before
    // anything is printed
    xuexi::tui::terminal::release();
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let lang = Lang::choose(cli.global.lang.as_deref(), None, &|k| std::env::var(k).ok());
            let strings = strings_for(lang);
            // a problem in the config file or the database, in the member's words; anything
            // else as it came
            let text = xuexi::service::errors::render(&e, &strings);
            // (not eprintln!: it panics when stderr is a terminal that has gone)
            let _ = writeln!(
                stderr(),
                "{}",
                xuexi::i18n::fill(&strings.error_line, &[("text", &text)])
            );
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

/// The strings of `lang` with the keys they name written in from the key table (`按 ? 查看全部
/// 按键` in --help and the man page).
fn strings_for(lang: Lang) -> Strings {
    xuexi::app::keys::with_key_names(Strings::load(lang))
}

/// The folders, settings and strings of this run: the strings with the keys they name written
/// in from the key table (the read-only notice, the empty `notes export`).
fn resolve(global: &xuexi::cli::Global) -> Result<Env> {
    let mut env = Env::resolve(global)?;
    env.strings = xuexi::app::keys::with_key_names(env.strings);
    Ok(env)
}

fn run(cli: &Cli) -> Result<ExitCode> {
    // what a package's build runs: no settings read, no data folder made
    if let Some(Command::Completions { .. } | Command::Man) = &cli.command {
        return print_docs(cli);
    }
    let mut env = resolve(&cli.global)?;
    // the TUI on a shared computer's folder: whose profile opens is asked before any store is
    // opened, so that the writer lock taken is the chosen profile's
    if cli.command.is_none() && cli.global.profile.is_none() {
        // a panic in the picker is logged (in the folder's own log) like one in the app
        init_logging(&env.data_dir);
        install_panic_hook(&env);
        match tui::picker::choose(&env, &start_tui::theme(&env)?)? {
            tui::picker::Choice::Quit => return Ok(ExitCode::SUCCESS),
            tui::picker::Choice::Open(None) => {}
            tui::picker::Choice::Open(profile) => {
                let g = &cli.global;
                env = resolve(&xuexi::cli::Global {
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
    if tui::terminal::is_kept() {
        // the picker's terminal, kept for the app: a panic before the app takes it restores it
        tui::terminal::hook_restore();
    }
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

/// The command the member asked for (none: the TUI): a family's commands in a function each.
fn command(env: &Env, cli: &Cli) -> Result<ExitCode> {
    let Some(cmd) = &cli.command else {
        return start_tui::run_tui(env);
    };
    let out = &mut stdout().lock();
    match cmd {
        Command::Materials(cmd) => materials_command(env, cmd),
        Command::Bank(cmd) => bank_command(env, cmd),
        Command::Quiz(QuizCommand::History { json }) => {
            xuexi::commands::quiz_history(env, *json, out)
        }
        Command::Pack(cmd) => pack_command(env, cmd),
        Command::Plan(cmd) => plan_command(env, cmd),
        Command::Branch(cmd) => branch_command(env, cmd),
        Command::Paper(cmd) => paper_command(env, cmd),
        Command::Search {
            query,
            column,
            limit,
            json,
            count,
        } => {
            use xuexi::commands::search::{Output, search};
            let output = match (*count, *json) {
                (true, _) => Output::Count,
                (false, true) => Output::Json,
                (false, false) => Output::Text,
            };
            let query = query.join(" ");
            search(
                env,
                &query,
                column.as_deref(),
                *limit,
                output,
                out,
                &mut stderr().lock(),
            )
        }
        Command::Notes(cmd) => notes_command(env, cmd),
        Command::Backup { full } => xuexi::commands::backup::backup(env, *full, out),
        Command::Restore { file, yes } => {
            let stdin = &mut std::io::stdin().lock();
            xuexi::commands::backup::restore(env, file.as_deref(), *yes, stdin, out)
        }
        Command::Stats { period, json } => log::stats(env, period.from, period.to, *json, out),
        Command::Export {
            format,
            period,
            output,
            force,
        } => {
            let (format, output) = (format.as_str(), output.as_deref());
            let err = &mut stderr().lock();
            log::export(
                env,
                format,
                period.from,
                period.to,
                output,
                *force,
                out,
                err,
            )
        }
        Command::Lrs(LrsCommand::Push { period }) => {
            log::lrs_push(env, period.from, period.to, out)
        }
        Command::Completions { .. } | Command::Man => print_docs(cli),
    }
}

fn materials_command(env: &Env, cmd: &MaterialsCommand) -> Result<ExitCode> {
    let out = &mut stdout().lock();
    match cmd {
        MaterialsCommand::List { json } => xuexi::commands::materials_list(env, *json, out),
        MaterialsCommand::Remove { id } => xuexi::commands::materials_remove(env, id, out),
        MaterialsCommand::Import { paths } => {
            xuexi::commands::materials_import(env, paths, out, &mut stderr().lock())
        }
    }
}

fn bank_command(env: &Env, cmd: &BankCommand) -> Result<ExitCode> {
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

fn pack_command(env: &Env, cmd: &PackCommand) -> Result<ExitCode> {
    let (out, err) = (&mut stdout().lock(), &mut stderr().lock());
    match cmd {
        PackCommand::Build { dir, output, force } => {
            xuexi::commands::pack::build(env, dir, output, *force, out, err)
        }
        PackCommand::Import { file, yes } => {
            xuexi::commands::pack::import(env, file, *yes, &mut std::io::stdin().lock(), out, err)
        }
        PackCommand::List { json } => xuexi::commands::pack::list(env, *json, out),
    }
}

fn plan_command(env: &Env, cmd: &PlanCommand) -> Result<ExitCode> {
    let (out, err) = (&mut stdout().lock(), &mut stderr().lock());
    match cmd {
        PlanCommand::Check { files } => plan::check(env, files, out, err),
        PlanCommand::Import { files } => plan::import(env, files, out, err),
        PlanCommand::List { json } => plan::list(env, *json, out),
        PlanCommand::Remove { id } => plan::remove(env, id, out),
    }
}

/// The branch's report from members' exports.
fn branch_command(env: &Env, cmd: &BranchCommand) -> Result<ExitCode> {
    let BranchCommand::Report {
        files,
        plan,
        banks,
        format,
        output,
        force,
    } = cmd;
    xuexi::commands::branch::report(
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
    )
}

/// A paper printed.
fn paper_command(env: &Env, cmd: &PaperCommand) -> Result<ExitCode> {
    let PaperCommand::Print {
        bank,
        paper,
        seed,
        key,
        format,
        output,
        force,
    } = cmd;
    xuexi::commands::paper::print(
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
    )
}

fn notes_command(env: &Env, cmd: &NotesCommand) -> Result<ExitCode> {
    let NotesCommand::Export {
        format,
        output,
        force,
    } = cmd;
    xuexi::commands::notes::export(
        env,
        format.as_str(),
        output.as_deref(),
        *force,
        &mut stdout().lock(),
        &mut stderr().lock(),
    )
}

/// `xuexi completions SHELL` and `xuexi man`, in the language of `--help` (--lang, then LANG).
fn print_docs(cli: &Cli) -> Result<ExitCode> {
    let lang = Lang::choose(cli.global.lang.as_deref(), None, &|k| std::env::var(k).ok());
    let out = &mut stdout().lock();
    match &cli.command {
        Some(Command::Completions { shell }) => {
            xuexi::commands::man::completions(*shell, lang, &strings_for, out)?
        }
        _ => xuexi::commands::man::man_page(lang, &strings_for, out)?,
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
