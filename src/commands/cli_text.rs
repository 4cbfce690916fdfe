//! clap's own words in the member's language: the help pages laid out by our template (用法,
//! 命令, 参数, 选项 — not Usage, Commands, Options), the help and version flags described from the
//! string tables, and every parse error worded from its kind and context, never clap's English.
//! clap's syntax words go too: the usage line's `[OPTIONS]` and `<COMMAND>`, and the `[env: …]`,
//! `[default: …]` and `[possible values: …]` after an option's help.

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, Command};

use crate::i18n::{Strings, msg};

/// `cmd` and all its subcommands with help pages in the member's language.
pub fn templated(cmd: Command, s: &Strings) -> Command {
    template_tree(cmd, s, &Words::of(s))
}

/// The command line parsed by `cmd` (from [`templated`]). Help and errors show usage lines with
/// `[OPTIONS]` in our words; working those out builds the whole tree (a few milliseconds in a
/// debug build), so only when the parse stops for help or an error: then it is parsed again.
pub fn parse(
    mut cmd: Command,
    args: Vec<std::ffi::OsString>,
    s: &Strings,
) -> Result<clap::ArgMatches, clap::Error> {
    match cmd.try_get_matches_from_mut(args.clone()) {
        Ok(m) => Ok(m),
        Err(_) => {
            // the usage line as clap works it out (which options, which arguments, once the
            // global options have reached every subcommand), with `[OPTIONS]` in our words
            let mut built = cmd.clone();
            built.build();
            let options = s.problem(&msg("cli_options_word"));
            usage_in_words(cmd, &mut built, &options).try_get_matches_from(args)
        }
    }
}

/// The placeholders clap takes only as `&'static str`: the subcommand's (`<命令>`) and the
/// options' values (`<文件>`), a few short words made once a run.
struct Words {
    command: &'static str,
    values: std::collections::BTreeMap<String, &'static str>,
}

impl Words {
    fn of(s: &Strings) -> Words {
        let values = s
            .problems
            .iter()
            .filter_map(|(k, v)| {
                let name = k.strip_prefix(VALUE_NAME_KEY)?;
                Some((name.to_string(), &*v.clone().leak()))
            })
            .collect();
        Words {
            command: s.problem(&msg("cli_command_word")).leak(),
            values,
        }
    }
}

fn template_tree(cmd: Command, s: &Strings, words: &Words) -> Command {
    let w = |key: &'static str| s.problem(&msg(key));
    let mut cmd = arg_words(cmd, s, words)
        .subcommand_value_name(words.command)
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(w("cli_help_flag"))
                .global(false),
        );
    if cmd.get_version().is_some() {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(w("cli_version_flag")),
        );
    }
    let has_subs = cmd.get_subcommands().next().is_some();
    let has_positionals = cmd.get_positionals().next().is_some();
    let mut template = String::from("{before-help}{about-with-newline}\n");
    let usage = w("cli_usage");
    // (no space after a full-width colon)
    let sep = if usage.ends_with(':') { " " } else { "" };
    template.push_str(&format!("{usage}{sep}{{usage}}\n"));
    if has_subs {
        template.push_str(&format!("\n{}\n{{subcommands}}\n", w("cli_commands")));
    }
    if has_positionals {
        template.push_str(&format!("\n{}\n{{positionals}}\n", w("cli_arguments")));
    }
    template.push_str(&format!(
        "\n{}\n{{options}}{{after-help}}",
        w("cli_options")
    ));
    cmd = cmd.help_template(template);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |c| template_tree(c, s, words));
    }
    cmd
}

/// The string tables' key of an option's placeholder: `cli_value_FILE` for `<FILE>`.
pub const VALUE_NAME_KEY: &str = "cli_value_";

/// `cmd`'s own arguments (at the top, the global ones too, which clap then copies into every
/// subcommand) with the environment variable, default and possible values in our words.
fn arg_words(mut cmd: Command, s: &Strings, words: &Words) -> Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |a| spec_words(a, s, words));
    }
    cmd
}

fn spec_words(mut a: Arg, s: &Strings, placeholders: &Words) -> Arg {
    // the placeholders (`<FILE>`, `<DIR>`) in the member's words: `<文件>`, `<目录>`
    if let Some(names) = a.get_value_names() {
        let names: Vec<clap::builder::Str> = names
            .iter()
            .map(|n| match placeholders.values.get(n.as_str()) {
                Some(word) => (*word).into(),
                None => n.clone(),
            })
            .collect();
        a = a.value_names(names);
    }
    let mut words = Vec::new();
    if let Some(env) = a.get_env().filter(|_| !a.is_hide_env_set()) {
        // (the variable's name only: its value is the member's, not the help's)
        words.push(msg("cli_env").arg("name", env.to_string_lossy()));
        a = a.hide_env(true);
    }
    let takes_values = a.get_action().takes_values();
    if takes_values && !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let values: Vec<_> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy())
            .collect();
        words.push(msg("cli_default").arg("value", values.join(" ")));
        a = a.hide_default_value(true);
    }
    if takes_values && !a.is_hide_possible_values_set() {
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() {
            words.push(msg("cli_possible").arg("values", values.join(", ")));
            a = a.hide_possible_values(true);
        }
    }
    if words.is_empty() {
        return a;
    }
    let words: Vec<String> = words.iter().map(|m| s.problem(m)).collect();
    let words = words.join(" ");
    let with = |help: Option<&clap::builder::StyledStr>| match help {
        Some(h) => format!("{h} {words}"),
        None => words.clone(),
    };
    let help = with(a.get_help());
    let long = a.get_long_help().map(|h| with(Some(h)));
    a = a.help(help);
    if let Some(long) = long {
        a = a.long_help(long);
    }
    a
}

/// Every command's usage line as `built` (the same tree, built) renders it, `[OPTIONS]` worded.
/// (`<COMMAND>` is worded already: it is the subcommand value name.)
fn usage_in_words(mut cmd: Command, built: &mut Command, options: &str) -> Command {
    let rendered = built.render_usage().to_string();
    let line = rendered.trim();
    // (clap writes its own title before the line; ours is in the template)
    let line = line.strip_prefix("Usage:").unwrap_or(line).trim();
    cmd = cmd.override_usage(line.replace("[OPTIONS]", options));
    let names: Vec<String> = built
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        if let Some(sub) = built.find_subcommand_mut(&name) {
            cmd = cmd.mut_subcommand(&name, |c| usage_in_words(c, sub, options));
        }
    }
    cmd
}

/// `xuexi help bank import` as `xuexi bank import --help` (the help subcommand is ours, so
/// that its description is in the member's language too): `help` as the first word that is
/// neither an option nor the value of a global one.
pub fn help_subcommand_as_flag(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    const WITH_VALUE: [&str; 3] = ["--data-dir", "--config", "--lang"];
    let mut i = 1;
    while let Some(a) = args.get(i) {
        let a = a.to_string_lossy();
        if WITH_VALUE.contains(&a.as_ref()) {
            i += 2;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            if a == "help" {
                args.remove(i);
                args.push("--help".into());
            }
            break;
        }
    }
    args
}

/// A parse error in the member's words: what was wrong, then the usage line and where to read
/// more. (Help and version are not errors: print them with `e.print()`.)
pub fn render_error(e: &clap::Error, s: &Strings) -> String {
    let ctx = |k: ContextKind| e.get(k).map(|v| v.to_string()).unwrap_or_default();
    let suggestion = {
        let tip = [
            ContextKind::SuggestedSubcommand,
            ContextKind::SuggestedArg,
            ContextKind::SuggestedValue,
        ]
        .into_iter()
        .map(ctx)
        .find(|t| !t.is_empty());
        tip.map(|t| s.problem(&msg("cli_did_you_mean").arg("tip", t)))
            .unwrap_or_default()
    };
    let arg = ctx(ContextKind::InvalidArg);
    let m = match e.kind() {
        // (no value at all: `--format` last, or `--format=`)
        ErrorKind::InvalidValue if ctx(ContextKind::InvalidValue).is_empty() => {
            let valid = ctx(ContextKind::ValidValue);
            if valid.is_empty() {
                msg("cli_value_needed").arg("arg", &arg)
            } else {
                msg("cli_value_needed_of")
                    .arg("arg", &arg)
                    .arg("valid", valid)
            }
        }
        ErrorKind::InvalidValue => msg("cli_invalid_value")
            .arg("value", ctx(ContextKind::InvalidValue))
            .arg("arg", &arg)
            .arg("valid", ctx(ContextKind::ValidValue)),
        ErrorKind::UnknownArgument => msg("cli_unknown_argument").arg("arg", &arg),
        ErrorKind::InvalidSubcommand => {
            msg("cli_unknown_command").arg("name", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::NoEquals => msg("cli_no_equals").arg("arg", &arg),
        ErrorKind::ValueValidation => {
            // our own value parsers word their errors (a date that is not one) already; the
            // standard library's number parser does not (`invalid digit found in string`)
            let source = std::error::Error::source(e);
            let why = match source.and_then(|s| s.downcast_ref::<std::num::ParseIntError>()) {
                Some(_) => s.problem(&msg("cli_not_a_number")),
                None => source.map(ToString::to_string).unwrap_or_default(),
            };
            msg("cli_bad_value")
                .arg("arg", &arg)
                .arg("value", ctx(ContextKind::InvalidValue))
                .arg("why", why)
        }
        ErrorKind::TooManyValues => msg("cli_too_many")
            .arg("arg", &arg)
            .arg("value", ctx(ContextKind::InvalidValue)),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => msg("cli_wrong_count")
            .arg("arg", &arg)
            .arg("expected", ctx(ContextKind::ExpectedNumValues))
            .arg("found", ctx(ContextKind::ActualNumValues)),
        // (clap's `cannot be used multiple times`)
        ErrorKind::ArgumentConflict if ctx(ContextKind::PriorArg) == arg => {
            msg("cli_once").arg("arg", &arg)
        }
        ErrorKind::ArgumentConflict => msg("cli_conflict")
            .arg("arg", &arg)
            .arg("other", ctx(ContextKind::PriorArg)),
        ErrorKind::MissingRequiredArgument => msg("cli_missing").arg("arg", &arg),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            msg("cli_missing_command").arg("name", ctx(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidUtf8 => msg("cli_not_utf8"),
        _ => msg("cli_error"),
    };
    let usage = ctx(ContextKind::Usage);
    let usage = usage
        .trim()
        .strip_prefix("Usage:")
        .unwrap_or(usage.trim())
        .trim()
        .to_string();
    let line = crate::i18n::fill(&s.error_line, &[("text", &s.problem(&m))]);
    let mut out = format!("{line}{suggestion}\n");
    if !usage.is_empty() {
        let label = s.problem(&msg("cli_usage"));
        let sep = if label.ends_with(':') { " " } else { "" };
        out.push_str(&format!(
            "\n{label}{sep}{}\n",
            crate::text::sanitize::sanitize_line(&usage)
        ));
    }
    out.push_str(&format!("\n{}\n", s.problem(&msg("cli_more"))));
    out
}
