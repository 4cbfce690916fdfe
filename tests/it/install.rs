//! What an installed xuexi answers besides its work: shell completions (run in a real bash)
//! and the manual page. Both must work on a build machine: no settings, no data folder.

use crate::common;

use std::process::Stdio;

use predicates::prelude::*;

use common::cli::CliEnv as Env;

fn stdout_of(e: &Env, args: &[&str]) -> String {
    let out = e.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What bash offers for `line` (the cursor at its end), through the completion function that
/// `complete -p xuexi` names after sourcing `xuexi completions bash`.
fn bash_offers(script: &std::path::Path, line: &str) -> Vec<String> {
    let probe = r#"
set -u
source "$1"
spec=$(complete -p xuexi) || { echo "no completion for xuexi" >&2; exit 3; }
func=$(sed -E 's/.*-F ([^ ]+).*/\1/' <<< "$spec")
COMP_LINE="$2"
COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
if [[ "$COMP_LINE" == *" " ]]; then COMP_WORDS+=(""); fi
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
"$func" xuexi "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let out = std::process::Command::new("bash")
        .args(["--norc", "--noprofile", "-c", probe, "probe"])
        .arg(script)
        .arg(line)
        .stdin(Stdio::null())
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "bash failed on {line:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_subcommands_options_and_their_values() {
    let e = Env::new();
    let script = e.write("xuexi.bash", stdout_of(&e, &["completions", "bash"]));
    assert_eq!(bash_offers(&script, "xuexi bank im"), ["import"]);
    let top = bash_offers(&script, "xuexi ");
    for sub in ["bank", "materials", "export", "completions", "man"] {
        assert!(top.contains(&sub.to_string()), "{sub} not in {top:?}");
    }
    assert_eq!(
        bash_offers(&script, "xuexi export --format "),
        ["csv", "json", "md", "html", "xapi"]
    );
    assert_eq!(
        bash_offers(&script, "xuexi bank export --format g"),
        ["gift"]
    );
    assert!(bash_offers(&script, "xuexi bank import --sk").contains(&"--skip-unsupported".into()));
    assert!(!e.data().exists(), "completions made a data folder");
}

#[test]
fn every_shell_gets_a_script_with_the_commands() {
    let e = Env::new();
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let script = stdout_of(&e, &["completions", shell]);
        assert!(script.contains("import"), "{shell}");
        assert!(script.contains("xapi"), "{shell}: the --format values");
    }
    // zsh and fish show the commands' descriptions in the member's language
    assert!(stdout_of(&e, &["completions", "fish"]).contains("培训者用的题库"));
    assert!(stdout_of(&e, &["--lang", "en", "completions", "fish"]).contains("Quiz banks"));
    e.cmd()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bash"));
}

#[test]
fn enumerated_options_are_checked_and_listed_by_clap() {
    let e = Env::new();
    e.cmd()
        .args(["export", "--format", "pdf"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("csv, json, md, html, xapi"));
    e.cmd()
        .args(["--lang", "en", "paper", "print", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[possible values: md, html]"));
    assert!(!e.data().exists(), "a refused command made a data folder");
}

#[test]
fn the_man_page_has_both_descriptions_files_environment_and_examples() {
    let e = Env::new();
    for (lang, member, trainer) in [
        ("zh-CN", "党员", "培训者"),
        ("en", "For members", "For trainers"),
    ] {
        let page = stdout_of(&e, &["--lang", lang, "man"]);
        assert!(
            page.starts_with(".ie") || page.contains(".TH xuexi 1"),
            "{lang}: a roff page"
        );
        let sections: Vec<&str> = page
            .lines()
            .filter_map(|l| l.strip_prefix(".SH "))
            .collect();
        for want in [
            "NAME",
            "SYNOPSIS",
            "描述",
            "DESCRIPTION",
            "OPTIONS",
            "COMMANDS",
            "FILES",
            "ENVIRONMENT",
            "EXAMPLES",
        ] {
            assert!(
                sections.iter().any(|s| s.trim_matches('"') == want),
                "{lang}: no {want} in {sections:?}"
            );
        }
        let subsections: Vec<&str> = page
            .lines()
            .filter_map(|l| l.strip_prefix(".SS "))
            .map(|s| s.trim().trim_matches('"'))
            .collect();
        assert_eq!(
            subsections,
            [member, trainer],
            "{lang}: the examples' two parts"
        );
        for var in [
            "XUEXI_DATA_DIR",
            "XUEXI_CONFIG",
            "XUEXI_LRS_PASSWORD",
            "NO_COLOR",
        ] {
            assert!(page.contains(var), "{lang}: {var}");
        }
        assert!(
            page.contains("config.toml") && page.contains("xuexi.db"),
            "{lang}"
        );
        // every command that runs something, with its options' values
        assert!(page.contains("xuexi bank import"), "{lang}");
        assert!(page.contains("md|html"), "{lang}");
        // both descriptions whatever the page's language
        let plain = page.replace("\\:", "");
        assert!(plain.contains("离线的终端程序") && plain.contains("offline terminal app"));
    }
    assert!(!e.data().exists(), "man made a data folder");
}

/// Rendered by man-db as `man -l -` would (where man is installed: the Debian package's
/// machine): no warnings from groff, and the sections are there.
#[test]
fn man_renders_the_page_without_warnings() {
    let e = Env::new();
    let page = stdout_of(&e, &["--lang", "en", "man"]);
    let Ok(mut man) = std::process::Command::new("man")
        .args(["-l", "-"])
        .env("MANWIDTH", "80")
        .env("LANG", "C.UTF-8")
        .env("PAGER", "cat")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        eprintln!("man is not installed here: the rendering was not checked");
        return;
    };
    use std::io::Write;
    man.stdin
        .take()
        .unwrap()
        .write_all(page.as_bytes())
        .unwrap();
    let out = man.wait_with_output().unwrap();
    // (bold as overstrike, `X\bX`, where man keeps it: the letters alone)
    let mut text = String::new();
    for c in String::from_utf8_lossy(&out.stdout).chars() {
        match c {
            '\u{8}' => drop(text.pop()),
            c => text.push(c),
        }
    }
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "man failed: {err}");
    assert!(!err.contains("warning") && !err.contains("error"), "{err}");
    for want in [
        "EXAMPLES",
        "ENVIRONMENT",
        "XUEXI_DATA_DIR",
        "xuexi bank import",
    ] {
        assert!(
            text.contains(want),
            "{want} not in the rendered page:\n{text}"
        );
    }
}
