//! The shape of the crate, checked: which module may use which (docs/ARCHITECTURE.md), and no
//! source file over 600 lines. Reads `src/**/*.rs` and `crates/*/src/**/*.rs` (the workspace's
//! parts, which the compiler keeps apart as crates too), takes every `crate::X` path (in `use`
//! lines, grouped imports and inline paths) as an edge from the file's top module to `X`, and
//! fails on an edge the layering does not allow.
//!
//! `ALLOWED_BREAKS` lists the edges that break the layering today, so the test is green while
//! they are being removed. It may only shrink: an entry that is no longer needed fails the test
//! too, so each fix takes its line out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What each top module may use (besides itself). Modules missing here may use nothing.
const LAYERS: &[(&str, &[&str])] = &[
    // leaves
    ("text", &[]),
    ("bundle", &["domain", "text"]),
    // (the words of its own value errors, like a date that is not one)
    ("cli", &["i18n"]),
    // the string tables, and the words for domain values and text errors in the member's language
    ("i18n", &["bundle", "domain", "text"]),
    // pure rules
    ("domain", &["text"]),
    // a material's body: CommonMark to the domain's blocks (xuexi-formats)
    ("markdown", &["domain", "text"]),
    // data in and out
    ("store", &["domain", "text", "markdown"]),
    ("import", &["domain", "text", "i18n"]),
    ("export", &["domain", "text", "i18n", "config"]),
    ("config", &["domain", "text", "i18n"]),
    // use cases: the one place that combines the data parts
    (
        "service",
        &[
            "domain", "text", "store", "import", "export", "i18n", "config", "bundle", "cli",
            "markdown",
        ],
    ),
    // the UI: state, drawing, the loop
    ("app", &["domain", "text", "i18n", "config", "markdown"]),
    ("ui", &["app", "domain", "text", "i18n", "config", "bundle"]),
    (
        "tui",
        &[
            "app", "ui", "service", "domain", "text", "i18n", "config", "store",
        ],
    ),
    // the command line: arguments, a service call, printing
    (
        "commands",
        &[
            "service", "domain", "text", "i18n", "config", "cli", "export",
        ],
    ),
];

/// Edges that break the layering today (from, to). Only ever remove lines.
const ALLOWED_BREAKS: &[(&str, &str)] = &[];

/// Files over the size limit today, with the size they may not grow past. Only ever remove
/// lines or lower the number.
const ALLOWED_LONG: &[(&str, usize)] = &[];

const MAX_LINES: usize = 600;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top module a file belongs to: `src/tui/mod.rs` → `tui`,
/// `crates/ui/src/app/keys/mod.rs` → `app`, `crates/core/src/config.rs` → `config`.
fn module_of(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    let after_src = parts.iter().position(|p| p == "src").unwrap() + 1;
    parts[after_src].trim_end_matches(".rs").to_string()
}

/// Every source file of the crate and of the workspace's crates beside it.
fn all_sources(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        let src = entry.unwrap().path().join("src");
        if src.is_dir() {
            rust_files(&src, &mut files);
        }
    }
    files
}

/// The top modules named after `crate::` in `text`, comments left out.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                // `crate::{a::X, b, c::{..}}`: the first segment of each item at depth 0
                let mut depth = 0;
                let mut item = String::new();
                let mut take = true;
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            take = true;
                            item.clear();
                            continue;
                        }
                        _ => {}
                    }
                    if depth == 0 && take {
                        if c.is_alphanumeric() || c == '_' {
                            item.push(c);
                        } else if !item.is_empty() {
                            found.insert(std::mem::take(&mut item));
                            take = false;
                        }
                    }
                }
                if take && !item.is_empty() {
                    found.insert(item);
                }
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
            rest = after;
        }
    }
    found
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every (from, to) edge between different top modules, with a file that makes it.
fn edges() -> BTreeMap<(String, String), String> {
    let root = root();
    let files = all_sources(&root);
    let mut edges = BTreeMap::new();
    for file in files {
        let rel = file.strip_prefix(&root).unwrap().to_path_buf();
        let from = module_of(&rel);
        if from == "lib" || from == "main" {
            continue; // the module list, and the entry point that wires everything
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for to in crate_paths(&text) {
            if to != from {
                edges
                    .entry((from.clone(), to))
                    .or_insert_with(|| rel.display().to_string());
            }
        }
    }
    edges
}

fn allowed(from: &str, to: &str) -> bool {
    LAYERS
        .iter()
        .find(|(m, _)| *m == from)
        .is_some_and(|(_, uses)| uses.contains(&to))
}

#[test]
fn modules_use_only_what_their_layer_may() {
    let edges = edges();
    assert!(
        edges.contains_key(&("app".to_string(), "domain".to_string()))
            && edges.contains_key(&("store".to_string(), "domain".to_string())),
        "the workspace crates' sources were read"
    );
    let mut wrong = Vec::new();
    let mut breaks = BTreeSet::new();
    for ((from, to), file) in &edges {
        if allowed(from, to) {
            continue;
        }
        if ALLOWED_BREAKS.contains(&(from.as_str(), to.as_str())) {
            breaks.insert((from.as_str(), to.as_str()));
        } else {
            wrong.push(format!("{from} → {to} (in {file})"));
        }
    }
    assert!(
        wrong.is_empty(),
        "edges against the layering (see docs/ARCHITECTURE.md):\n{}",
        wrong.join("\n")
    );
    let stale: Vec<_> = ALLOWED_BREAKS
        .iter()
        .filter(|b| !breaks.contains(*b))
        .collect();
    assert!(
        stale.is_empty(),
        "these breaks are gone: take them out of ALLOWED_BREAKS: {stale:?}"
    );
}

#[test]
fn no_source_file_is_over_600_lines() {
    let root = root();
    let files = all_sources(&root);
    let mut long = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&root).unwrap().display().to_string();
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        let limit = ALLOWED_LONG
            .iter()
            .find(|(f, _)| *f == rel)
            .map_or(MAX_LINES, |(_, n)| *n);
        if lines > limit {
            long.push(format!("{rel}: {lines} lines (at most {limit})"));
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
    for (f, n) in ALLOWED_LONG {
        let lines = std::fs::read_to_string(root.join(f)).map_or(0, |t| t.lines().count());
        assert!(
            lines > MAX_LINES,
            "{f} is {lines} lines now: take it out of ALLOWED_LONG (was allowed {n})"
        );
    }
}

#[test]
fn the_path_reader_sees_grouped_and_inline_paths() {
    let text = "use crate::{app::App, store::{Store, X}, text};\n\
                let x = crate::domain::stats::day_of(now); // crate::ui in a comment\n";
    let got: Vec<String> = crate_paths(text).into_iter().collect();
    assert_eq!(got, ["app", "domain", "store", "text"]);
    assert!(!allowed("domain", "store"));
    assert!(allowed("ui", "app"));
}

/// Every message the importers and the config give is a key of the `[problems]` table, in both
/// languages: `msg("…")` with a key that is not there would show the key to a trainer.
#[test]
fn every_problem_message_is_in_both_string_tables() {
    let mut used = BTreeSet::new();
    {
        for file in all_sources(&root()) {
            let text = std::fs::read_to_string(&file).unwrap();
            for part in text.split("msg(\"").skip(1) {
                if let Some(key) = part.split('"').next() {
                    used.insert(key.to_string());
                }
            }
            // the keys chosen by a condition: msg(if … { "a" } else { "b" })
            for part in text.split("msg(if ").skip(1) {
                for q in part.split('{').skip(1).take(2) {
                    if let Some(key) = q.trim().strip_prefix('"').and_then(|k| k.split('"').next())
                    {
                        used.insert(key.to_string());
                    }
                }
            }
        }
    }
    assert!(
        used.len() > 50,
        "the message keys were found ({})",
        used.len()
    );
    for lang in [xuexi::i18n::Lang::ZhCn, xuexi::i18n::Lang::En] {
        let s = xuexi::i18n::Strings::load(lang);
        let missing: Vec<&String> = used
            .iter()
            .filter(|k| !s.problems.contains_key(*k))
            .collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
    }
}

/// Errors the member reads are worded by the string tables: no `bail!`, `anyhow!` or
/// `.context` with words of our own in the source (a path or an OS message formatted into
/// one is fine: `"{}: {e}"`). Test code is not scanned.
#[test]
fn no_error_message_is_written_outside_the_string_tables() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for file in all_sources(root) {
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        // the code before a file's `#[cfg(test)]` tests
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for head in ["bail!(", "anyhow!(", "context("] {
            for (at, _) in code.match_indices(head) {
                let rest = code[at + head.len()..].trim_start();
                let Some(rest) = rest.strip_prefix('"') else {
                    continue;
                };
                let literal = rest.split('"').next().unwrap_or("");
                // placeholders and punctuation only: no words of ours
                let mut words = String::new();
                let mut depth = 0i32;
                for c in literal.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ if depth == 0 => words.push(c),
                        _ => {}
                    }
                }
                if words.chars().any(char::is_alphabetic) {
                    let line = code[..at].lines().count();
                    found.push(format!("{}:{line}: {literal}", file.display()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "messages outside the string tables:\n{}",
        found.join("\n")
    );
}

/// The network is used in one place only: `xuexi lrs push` (src/service/lrs.rs).
#[test]
fn only_lrs_push_reaches_the_network() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let users: Vec<String> = all_sources(root)
        .into_iter()
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.contains("ureq::") || text.contains("TcpStream") || text.contains("UdpSocket")
        })
        .map(|f| f.strip_prefix(root).unwrap().display().to_string())
        .collect();
    assert_eq!(users, ["src/service/lrs.rs"]);
}

/// The crates a file format or the outside world needs: the domain crate may not depend on any
/// of them, even through another crate (a parser's change must not rebuild the rules).
const NOT_IN_DOMAIN: &[&str] = &[
    "calamine",
    "zip",
    "pulldown-cmark",
    "csv",
    "encoding_rs",
    "ureq",
    "rusqlite",
    "tantivy",
    "ratatui",
    "crossterm",
];

/// Every package `Cargo.lock` says `name` depends on, at any depth (all kinds of dependency
/// together, as the lock file records them).
fn locked_dependencies(name: &str) -> BTreeSet<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let mut deps: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for package in lock.split("[[package]]").skip(1) {
        let mut lines = package.lines();
        let Some(pkg) = lines.find_map(|l| l.strip_prefix("name = ")) else {
            continue;
        };
        let list = package
            .split_once("dependencies = [")
            .map_or("", |(_, rest)| rest.split(']').next().unwrap_or(""));
        let names = list
            .split(',')
            .filter_map(|d| d.trim().trim_matches('"').split(' ').next())
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect();
        deps.entry(pkg.trim_matches('"').to_string())
            .or_insert(names);
    }
    let mut seen = BTreeSet::new();
    let mut todo = vec![name.to_string()];
    while let Some(p) = todo.pop() {
        for d in deps.get(&p).into_iter().flatten() {
            if seen.insert(d.clone()) {
                todo.push(d.clone());
            }
        }
    }
    seen
}

#[test]
fn the_domain_crate_needs_no_file_format_database_network_or_terminal() {
    let formats = locked_dependencies("xuexi-formats");
    assert!(
        formats.contains("calamine") && formats.contains("xuexi-domain"),
        "Cargo.lock was read: {formats:?}"
    );
    let domain = locked_dependencies("xuexi-domain");
    let wrong: Vec<&&str> = NOT_IN_DOMAIN
        .iter()
        .filter(|c| domain.contains(**c))
        .collect();
    assert!(wrong.is_empty(), "xuexi-domain depends on {wrong:?}");
    assert!(
        !domain.iter().any(|d| d.starts_with("xuexi")),
        "the domain depends on no other part of xuexi: {domain:?}"
    );
}

/// Which of xuexi's crates each crate may depend on (docs/ARCHITECTURE.md's table), and what
/// no crate but its owner may: the compiler keeps the crates apart, this keeps the edges
/// between them where the design says.
const CRATE_EDGES: &[(&str, &[&str])] = &[
    ("xuexi-domain", &[]),
    ("xuexi-core", &["xuexi-domain"]),
    ("xuexi-formats", &["xuexi-domain", "xuexi-core"]),
    ("xuexi-store", &["xuexi-domain", "xuexi-formats"]),
    ("xuexi-ui", &["xuexi-domain", "xuexi-core", "xuexi-formats"]),
];

/// The packages `name` names directly in `Cargo.lock`.
fn locked_direct(name: &str) -> BTreeSet<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    for package in lock.split("[[package]]").skip(1) {
        if package.lines().any(|l| l == format!("name = \"{name}\"")) {
            let list = package
                .split_once("dependencies = [")
                .map_or("", |(_, rest)| rest.split(']').next().unwrap_or(""));
            return list
                .split(',')
                .filter_map(|d| d.trim().trim_matches('"').split(' ').next())
                .filter(|d| !d.is_empty())
                .map(str::to_string)
                .collect();
        }
    }
    panic!("{name} is not in Cargo.lock");
}

#[test]
fn the_crates_depend_on_each_other_as_the_design_says() {
    for (krate, may) in CRATE_EDGES {
        let ours: BTreeSet<String> = locked_direct(krate)
            .into_iter()
            .filter(|d| d.starts_with("xuexi"))
            .collect();
        let want: BTreeSet<String> = may.iter().map(|s| s.to_string()).collect();
        assert_eq!(ours, want, "{krate}'s xuexi dependencies");
        let all = locked_dependencies(krate);
        // the database and the search index are the store's; the terminal is the UI's
        if *krate != "xuexi-store" {
            assert!(
                !all.contains("rusqlite") && !all.contains("tantivy"),
                "{krate} reaches the database"
            );
        }
        if *krate != "xuexi-ui" {
            assert!(!all.contains("ratatui"), "{krate} reaches the terminal");
        }
    }
    // a file format's crates are the formats' own
    for krate in ["xuexi-core", "xuexi-ui"] {
        let direct = locked_direct(krate);
        for f in ["calamine", "zip", "pulldown-cmark", "csv", "encoding_rs"] {
            assert!(!direct.contains(f), "{krate} names {f} itself");
        }
    }
}
