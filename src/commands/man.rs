//! What an installed tool answers besides its work: `xuexi completions SHELL` (clap_complete)
//! and `xuexi man` (a roff page by clap_mangen, with sections of our own from the string
//! tables). Both read no settings and no data folder: the Debian package's build runs them.

use std::io::Write;

use clap_mangen::roff::{Roff, bold, italic, roman};

use crate::i18n::{Lang, Strings, msg};

/// The string tables of a language as the caller has them: main's write in the keys they name
/// from the app's key table (`按 ? 查看全部按键`), which the commands may not use.
pub type Load<'a> = &'a dyn Fn(Lang) -> Strings;

/// `xuexi completions bash|zsh|fish|powershell|elvish`: the script on `out`, the commands'
/// descriptions (zsh, fish) in the member's language.
pub fn completions(
    shell: clap_complete::Shell,
    lang: Lang,
    load: Load,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let mut cmd = crate::cli::localized(&load(lang).help);
    // written whole and then copied: clap_complete panics on a write error, and `| head`
    // closing the pipe is not one worth a panic
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "xuexi", &mut script);
    out.write_all(&script)?;
    Ok(())
}

/// `xuexi man`: NAME, SYNOPSIS, a description in Chinese and one in English, the global
/// OPTIONS and every COMMAND in the member's language, FILES, ENVIRONMENT, EXAMPLES.
pub fn man_page(lang: Lang, load: Load, out: &mut dyn Write) -> anyhow::Result<()> {
    let strings = load(lang);
    let cmd = crate::cli::localized(&strings.help);
    let man = clap_mangen::Man::new(cmd.clone())
        .section("1")
        .manual("xuexi")
        .source(concat!("xuexi ", env!("CARGO_PKG_VERSION")));
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    // ragged right: justifying a line of Chinese has no spaces to widen ("cannot adjust line")
    let mut left = Roff::new();
    left.control("ad", ["l"]);
    left.to_writer(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    let mut own = Roff::new();
    // both descriptions on every page: a Chinese page for members, an English one beside it
    for l in [Lang::ZhCn, Lang::En] {
        let s = load(l);
        own.control("SH", [s.problem(&msg("man_description_title")).as_str()]);
        paragraphs(&mut own, &s.problem(&msg("man_description")));
    }
    own.to_writer(&mut page)?;
    man.render_options_section(&mut page)?;
    let mut own = Roff::new();
    own.control("SH", ["COMMANDS"]);
    commands(&mut own, &cmd, "xuexi");
    own.control("SH", ["FILES"]);
    entries(&mut own, &strings.problem(&msg("man_files")));
    own.control("SH", ["ENVIRONMENT"]);
    entries(&mut own, &strings.problem(&msg("man_environment")));
    own.control("SH", ["EXAMPLES"]);
    for (title, examples) in [
        (msg("man_examples_member_title"), msg("man_examples_member")),
        (
            msg("man_examples_trainer_title"),
            msg("man_examples_trainer"),
        ),
    ] {
        own.control("SS", [strings.problem(&title).as_str()]);
        entries(&mut own, &strings.problem(&examples));
    }
    own.control("SH", ["SEE ALSO"]);
    own.text([roman(strings.problem(&msg("man_see_also")))]);
    own.to_writer(&mut page)?;
    man.render_version_section(&mut page)?;
    // (all of it our UTF-8: the string tables and clap's words)
    out.write_all(cjk_breaks(&String::from_utf8_lossy(&page)).as_bytes())?;
    Ok(())
}

/// groff breaks lines only at spaces, and Chinese has none: a paragraph of it ran past the
/// right margin ("can't break line"). `\:` after each Chinese character lets a line break
/// there (never before a closing mark: 避头尾). Control lines (`.SH 描述`) stay as they are.
fn cjk_breaks(roff: &str) -> String {
    let cjk = |c: char| matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}');
    let closing = |c: char| "，。、；：！？）》」』】”’…—".contains(c);
    let mut out = String::with_capacity(roff.len() + roff.len() / 4);
    for line in roff.split_inclusive('\n') {
        if line.starts_with('.') || line.starts_with('\'') {
            out.push_str(line);
            continue;
        }
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            out.push(c);
            if cjk(c) && chars.peek().is_some_and(|n| !closing(*n) && *n != '\n') {
                out.push_str("\\:");
            }
        }
    }
    out
}

/// Paragraphs separated by a blank line.
fn paragraphs(roff: &mut Roff, text: &str) {
    for (i, para) in text.split("\n\n").enumerate() {
        if i > 0 {
            roff.control("PP", []);
        }
        roff.text([roman(para.trim().replace('\n', " "))]);
    }
}

/// Entries separated by a blank line: the first line in bold (a file, a variable, a command
/// line), the rest its explanation, indented.
fn entries(roff: &mut Roff, text: &str) {
    for entry in text.split("\n\n") {
        let mut lines = entry.trim().lines();
        let Some(term) = lines.next() else { continue };
        let rest: Vec<&str> = lines.map(str::trim).collect();
        roff.control("TP", []);
        roff.text([bold(term.trim())]);
        roff.text([roman(rest.join(" "))]);
    }
}

/// Every command that runs something, as `xuexi bank import [--force] FILE...`, its
/// description and its options.
fn commands(roff: &mut Roff, cmd: &clap::Command, path: &str) {
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let path = format!("{path} {}", sub.get_name());
        if sub.has_subcommands() {
            commands(roff, sub, &path);
            continue;
        }
        let args: Vec<&clap::Arg> = sub
            .get_arguments()
            .filter(|a| !a.is_global_set() && !matches!(a.get_id().as_str(), "help" | "version"))
            .collect();
        let mut line = vec![bold(path)];
        for a in &args {
            line.push(roman(" "));
            line.push(italic(usage(a, false)));
        }
        roff.control("TP", []);
        roff.text(line);
        if let Some(about) = sub.get_about() {
            roff.text([roman(about.to_string())]);
        }
        // every argument with something to say: its help, or the values it takes
        let options: Vec<&&clap::Arg> = args
            .iter()
            .filter(|a| a.get_help().is_some() || !a.get_possible_values().is_empty())
            .collect();
        if options.is_empty() {
            continue;
        }
        roff.control("RS", []);
        for a in options {
            roff.control("TP", []);
            roff.text([bold(usage(a, true))]);
            if let Some(help) = a.get_help() {
                roff.text([roman(help.to_string())]);
            }
        }
        roff.control("RE", []);
    }
}

/// How an argument is written: in a command's line `[--format md|html]`, `FILE...`, `[PAPER]`;
/// in its list of options (`listed`) `-o, --output FILE`, without the brackets.
fn usage(a: &clap::Arg, listed: bool) -> String {
    let values: Vec<String> = a
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let value = if !values.is_empty() {
        values.join("|")
    } else {
        a.get_value_names()
            .and_then(|n| n.first())
            .map(|n| n.to_string())
            .unwrap_or_else(|| a.get_id().as_str().to_uppercase())
    };
    let many = matches!(a.get_num_args(), Some(r) if r.max_values() > 1);
    let dots = if many { "..." } else { "" };
    let written = match a.get_long() {
        Some(long) => {
            let flag = match a.get_short() {
                Some(short) if listed => format!("-{short}, --{long}"),
                _ => format!("--{long}"),
            };
            if a.get_action().takes_values() {
                format!("{flag} {value}{dots}")
            } else {
                flag
            }
        }
        None => format!("{value}{dots}"),
    };
    if listed || a.is_required_set() {
        written
    } else {
        format!("[{written}]")
    }
}
