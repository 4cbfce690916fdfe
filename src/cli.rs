//! Command-line interface (clap derive). Subcommands never enter raw mode.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// 学习 xuexi — study bundled materials offline in the terminal; progress stays on this machine.
///
/// With no command, opens the reader. Keys are shown at the bottom of every screen; `?` lists them.
#[derive(Debug, Parser)]
#[command(name = "xuexi", version, about, long_about)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Folder for the database and log [default: ~/.local/share/xuexi]
    #[arg(long, global = true, env = "XUEXI_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Config file [default: ~/.config/xuexi/config.toml]
    #[arg(long, global = true, env = "XUEXI_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Interface language: zh-CN or en [default: config, then LANG, then zh-CN]
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

    /// A member's own profile on a shared computer: its own database, log, backups, config and
    /// exports, in profiles/NAME inside the data folder [default: the data folder itself]
    #[arg(long, global = true, env = "XUEXI_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List and import study materials
    #[command(subcommand)]
    Materials(MaterialsCommand),
    /// Quiz banks for trainers: check, import, list, export, remove
    #[command(subcommand)]
    Bank(BankCommand),
    /// Your quiz attempts
    #[command(subcommand)]
    Quiz(QuizCommand),
    /// Search every material (Chinese words of any length, Latin words, "a phrase")
    ///
    /// Exit status: 0 with hits, 1 with none, 2 on a bad query.
    Search {
        /// Terms separated by spaces must all appear; "a quoted phrase" appears as written
        #[arg(required = true, value_name = "QUERY")]
        query: Vec<String>,
        /// Only materials in this column (栏目)
        #[arg(long, value_name = "COLUMN")]
        column: Option<String>,
        /// At most this many materials
        #[arg(long, default_value_t = 20, value_name = "N")]
        limit: usize,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// Print only how many materials match (no ranking, no snippets)
        #[arg(long, conflicts_with = "json")]
        count: bool,
    },
    /// Your notes and bookmarks
    #[command(subcommand)]
    Notes(NotesCommand),
    /// Back up your own study data (progress, answers, the log, notes, plans, your banks) into
    /// the backups folder now, checked with SQLite's integrity check
    Backup {
        /// Copy the whole database, the library's materials and search index too
        #[arg(long)]
        full: bool,
    },
    /// List the backups, or put one back (asks first): a backup of your data puts your data
    /// back; a whole copy (--full) replaces the database
    Restore {
        /// The backup to restore [default: list them]
        #[arg(value_name = "FILE")]
        file: Option<PathBuf>,
        /// Do not ask
        #[arg(long)]
        yes: bool,
    },
    /// Study plans (学习计划): check, import, list
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Study packs (学习包): a trainer's materials, banks and plans in one file
    #[command(subcommand)]
    Pack(PackCommand),
    /// Exam papers on paper
    #[command(subcommand)]
    Paper(PaperCommand),
    /// For a branch's trainer: the picture from its members' exports
    #[command(subcommand)]
    Branch(BranchCommand),
    /// A learning record store (the only command that uses the network)
    #[command(subcommand)]
    Lrs(LrsCommand),
    /// Your study figures: time, points, streaks, per column
    Stats {
        #[command(flatten)]
        period: PeriodArgs,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Export your study log to hand in: csv, json, md or html (述学 report) or xapi
    Export {
        #[arg(long, value_enum, default_value_t = LogFormat::Md)]
        format: LogFormat,
        #[command(flatten)]
        period: PeriodArgs,
        /// Write to FILE (atomically) instead of standard output
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Print a completion script for a shell (subcommands, options and their values on Tab)
    ///
    /// bash: `xuexi completions bash > ~/.local/share/bash-completion/completions/xuexi`;
    /// the Debian package installs them for bash, zsh and fish.
    Completions {
        /// The shell to complete for
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `xuexi man | man -l -`
    Man,
}

/// The values of an enumerated option, in one place: clap's validation, `--help`'s list and the
/// shell completions all come from the enum.
macro_rules! choices {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
        pub enum $name {
            $(#[value(name = $text)] $variant),+
        }

        impl $name {
            /// The value as written on the command line.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }
    };
}

choices!(
    /// `xuexi export --format`: the study log as a table, data or the 述学 report.
    LogFormat { Csv = "csv", Json = "json", Md = "md", Html = "html", Xapi = "xapi" }
);
choices!(
    /// `xuexi notes export --format`.
    NotesFormat { Md = "md", Json = "json" }
);
choices!(
    /// `xuexi branch report --format`.
    BranchFormat { Md = "md", Csv = "csv", Html = "html" }
);
choices!(
    /// `xuexi paper print --format`.
    PaperFormat { Md = "md", Html = "html" }
);
choices!(
    /// `xuexi bank export --format`.
    BankFormat { Toml = "toml", Csv = "csv", Txt = "txt", Gift = "gift" }
);

/// A period of whole days (your local time), both ends included.
#[derive(Debug, Args, Clone, Copy)]
pub struct PeriodArgs {
    /// First day, YYYY-MM-DD [default: the first day in your log]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<jiff::civil::Date>,
    /// Last day, YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub to: Option<jiff::civil::Date>,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    match s.trim().parse::<jiff::civil::Date>() {
        Ok(d) if s.trim().len() == 10 => Ok(d),
        _ => {
            // clap's own words stay English; ours are in the member's language (LANG)
            let lang = crate::i18n::Lang::choose(None, None, &|k| std::env::var(k).ok());
            let strings = crate::i18n::Strings::load(lang);
            Err(strings.problem(&crate::i18n::msg("not_a_date").arg("value", s)))
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum NotesCommand {
    /// Write every note and bookmark, grouped by material with the paragraph they belong to
    Export {
        #[arg(long, value_enum, default_value_t = NotesFormat::Md)]
        format: NotesFormat,
        /// Write to FILE (atomically) instead of standard output
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum LrsCommand {
    /// Post the period's xAPI statements to [lrs] endpoint (basic auth: [lrs] username, the
    /// password from XUEXI_LRS_PASSWORD or [lrs] password), in batches; statements the LRS
    /// took before are not sent again
    Push {
        #[command(flatten)]
        period: PeriodArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum BranchCommand {
    /// Read members' exports (xuexi export --format json or xapi) and write the branch's picture:
    /// per member, per question, per material; one member's several exports counted once
    Report {
        #[arg(required = true, value_name = "EXPORT")]
        files: Vec<PathBuf>,
        /// Add each member's progress on this plan (as imported here, from a pack or a file)
        #[arg(long, value_name = "ID")]
        plan: Option<String>,
        /// Grade the members' answers against this bank file too (besides the banks imported
        /// here); may be given more than once
        #[arg(long = "bank", value_name = "FILE")]
        banks: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = BranchFormat::Md)]
        format: BranchFormat,
        /// Write to FILE (atomically) instead of standard output
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PaperCommand {
    /// Print a drawn paper (or the whole bank) as Chinese exams are laid out, with --key an
    /// answer key with 解析 on its own page; HTML prints on A4 from a browser
    Print {
        /// The bank
        bank: String,
        /// The paper [default: every question of the bank]
        paper: Option<String>,
        /// Draw with this seed (another seed, another paper of the same rules) [default: 1;
        /// a fixed paper is always the same]
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Add the answer key (with 解析) on a page of its own
        #[arg(long)]
        key: bool,
        #[arg(long, value_enum, default_value_t = PaperFormat::Md)]
        format: PaperFormat,
        /// Write to FILE (atomically) instead of standard output
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Build a pack from a folder (pack.toml, materials/, banks/, plans/, images/): every
    /// file checked first, every problem printed; nothing written if there is one. A sealed
    /// bank (sealed = true in the bank, or in its [[banks]] entry) goes in without its answers
    /// and explanations: members can only take its papers, and branch report grades them
    Build {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The pack file to write (NAME.xuexi)
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Import a pack: says what it adds, updates and removes, asks, then imports all of it or
    /// nothing; a newer version replaces the older (your study stays)
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Do not ask
        #[arg(long)]
        yes: bool,
    },
    /// List the packs installed, with their versions
    List {
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Check plan files without importing; prints every problem with file:line:column
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Check, then import plan files in one transaction (all or nothing)
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// List plans with how many items are done
    List {
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Remove a plan you imported or made (its ticks stay in your study log)
    Remove { id: String },
}

#[derive(Debug, Subcommand)]
pub enum QuizCommand {
    /// List attempts: date, bank/paper, mode, score, percent, passed, duration
    History {
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
}

/// Options for banks read from a spreadsheet.
#[derive(Debug, Args, Clone)]
pub struct TableArgs {
    /// Bank id for a spreadsheet [default: the file name]; give it once per file, in the
    /// files' order, to name several
    #[arg(long)]
    pub id: Vec<String>,
    /// Bank title for a spreadsheet [default: the file name]
    #[arg(long)]
    pub title: Option<String>,
    /// Sheet of a workbook [default: the first that holds a bank's header]
    #[arg(long)]
    pub sheet: Option<String>,
    /// Leave out questions of a type xuexi cannot grade (简答, 论述…), listing them, instead
    /// of refusing the file
    #[arg(long)]
    pub skip_unsupported: bool,
}

#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// Check bank files (.toml, .csv, .txt, .gift, .xlsx) without importing; prints every problem
    Check {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        table: TableArgs,
    },
    /// Check, then import bank files in one transaction (all or nothing). A sealed bank's
    /// full file is imported whole: whoever holds that file is the trainer (the key stays on
    /// this machine, for branch report); members get the copy without answers from a pack
    Import {
        /// Import even though a plan uses a paper the new file no longer has
        #[arg(long)]
        force: bool,
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        table: TableArgs,
    },
    /// List banks with their question and paper counts
    List {
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Write a bank as TOML, CSV, Word-style text or Moodle's GIFT (export then import gives the same bank)
    Export {
        id: String,
        #[arg(long, value_enum, default_value_t = BankFormat::Toml)]
        format: BankFormat,
        /// Write to FILE (atomically) instead of standard output
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long)]
        force: bool,
    },
    /// Remove one of your banks (your answer history is kept); refused while a plan uses it,
    /// unless --force
    Remove {
        id: String,
        /// Remove it even though a plan's items use it
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum MaterialsCommand {
    /// List every material with its column and your progress
    List {
        /// Print a JSON array instead of a table
        #[arg(long)]
        json: bool,
    },
    /// Import your own material files (Markdown with +++ TOML front matter), all or nothing
    Import {
        /// Files or folders (folders are searched for *.md)
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Remove one of your own materials (what you read and noted stays in your study log)
    Remove { id: String },
}

/// The command line in the member's language: every subcommand's and argument's help from
/// the `[help]` table of the string file (keys `bank.import`, `bank.import.skip_unsupported`,
/// `data_dir`…); what the table does not name keeps its English text. clap's own words
/// (Usage, Options) stay as clap writes them.
pub fn localized(help: &std::collections::BTreeMap<String, String>) -> clap::Command {
    use clap::CommandFactory;
    localize(Cli::command(), "", help)
}

fn localize(
    mut cmd: clap::Command,
    path: &str,
    help: &std::collections::BTreeMap<String, String>,
) -> clap::Command {
    let key = |name: &str| {
        if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        }
    };
    let about_key = if path.is_empty() { "about" } else { path };
    if let Some(t) = help.get(about_key) {
        cmd = cmd.about(t.clone()).long_about(None);
    }
    let args: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .filter(|id| id != "help" && id != "version")
        .collect();
    for id in args {
        if let Some(t) = help.get(&key(&id)) {
            let t = t.clone();
            cmd = cmd.mut_arg(id, |a| a.help(t));
        }
    }
    let subs: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for name in subs {
        let sub_path = key(&name);
        cmd = cmd.mut_subcommand(name, |s| localize(s, &sub_path, help));
    }
    cmd
}

/// Every key [`localized`] looks up, in order (for the string tables' test).
pub fn help_keys() -> Vec<String> {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<String>) {
        out.push(if path.is_empty() {
            "about".into()
        } else {
            path.to_string()
        });
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if id == "help" || id == "version" || (a.is_global_set() && !path.is_empty()) {
                continue;
            }
            out.push(if path.is_empty() {
                id.to_string()
            } else {
                format!("{path}.{id}")
            });
        }
        for s in cmd.get_subcommands() {
            if s.get_name() == "help" {
                continue;
            }
            let p = if path.is_empty() {
                s.get_name().to_string()
            } else {
                format!("{path}.{}", s.get_name())
            };
            walk(s, &p, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
