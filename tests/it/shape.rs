//! The shape of the code inside each crate, checked: no circle of files (files that use each
//! other in a loop) and no product function over 120 lines (docs/ARCHITECTURE.md). Reads the
//! sources of `src/` and `crates/*/src/` as text: a small lexer drops comments, strings and
//! character literals, so braces in them are not counted and paths in them are not edges.
//!
//! `ALLOWED_CIRCLES` and `ALLOWED_LONG_FNS` list what is still there, so the test is green while
//! it is being taken apart; they may only shrink (an entry that is gone fails the test too).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest function in product code (tests aside), in lines from `fn` to its closing brace.
const MAX_FN_LINES: usize = 120;

/// Circles of files that are still there: the files of each, sorted, joined by " ↔ ".
const ALLOWED_CIRCLES: &[&str] = &[];

/// Functions over the limit that are still there: (file, function, lines it may not grow past).
const ALLOWED_LONG_FNS: &[(&str, &str, usize)] = &[];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The source folders of the crate and of the workspace's crates beside it.
fn source_roots() -> Vec<PathBuf> {
    let root = root();
    let mut roots = vec![root.join("src")];
    let mut crates: Vec<PathBuf> = std::fs::read_dir(root.join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    crates.sort();
    roots.extend(crates);
    roots
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text with comments, string literals and character literals blanked out (newlines kept,
/// so line numbers hold). Lifetimes (`'a`) are kept.
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
            && raw_string_start(&chars, i).is_some()
        {
            let hashes = raw_string_start(&chars, i).unwrap_or(0);
            // r, the hashes and the quote
            for _ in 0..hashes + 2 {
                out.push(' ');
            }
            i += hashes + 2;
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|h| chars.get(i + h) == Some(&'#')) {
                    for _ in 0..=hashes {
                        out.push(' ');
                    }
                    i += hashes + 1;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && char_literal_len(&chars, i).is_some() {
            let n = char_literal_len(&chars, i).unwrap_or(1);
            for _ in 0..n {
                out.push(' ');
            }
            i += n;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// At `r"` or `r#…#"`: the number of hashes.
fn raw_string_start(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    (chars.get(j) == Some(&'"')).then_some(j - i - 1)
}

/// At `'`: the length of a character literal there (`'{'`, `'\''`, `'\u{7f}'`), or None for a
/// lifetime or a label.
fn char_literal_len(chars: &[char], i: usize) -> Option<usize> {
    if chars.get(i + 1) == Some(&'\\') {
        let end = (i + 2..(i + 14).min(chars.len())).find(|&j| chars[j] == '\'' && j > i + 2)?;
        return Some(end - i + 1);
    }
    (chars.get(i + 2) == Some(&'\'')).then_some(3)
}

/// A file's module path inside its crate: `import/bank_gift/mod.rs` → `import::bank_gift`,
/// `lib.rs` → ``.
fn module_path(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    let last = parts.pop().unwrap_or_default();
    match last.as_str() {
        "mod.rs" | "lib.rs" | "main.rs" => {}
        other => parts.push(other.trim_end_matches(".rs").to_string()),
    }
    parts.join("::")
}

fn parent(module: &str) -> &str {
    module.rsplit_once("::").map_or("", |(p, _)| p)
}

/// Is `a` the same module as `b`, or one of its ancestors?
fn is_ancestor(a: &str, b: &str) -> bool {
    a.is_empty() || a == b || b.starts_with(&format!("{a}::"))
}

/// The paths a piece of code names after `crate::`, `super::` or `self::`, each as its segments
/// from the crate root (groups `{a::X, b}` expanded).
fn named_paths(code: &str, module: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        let rest: String = bytes[i..(i + 7).min(bytes.len())].iter().collect();
        let (base, skip): (Vec<String>, usize) = if boundary && rest.starts_with("crate::") {
            (Vec::new(), 7)
        } else if boundary && rest.starts_with("super::") {
            // super::super::…
            let mut m = parent(module).to_string();
            let mut j = i + 7;
            while bytes[j..].iter().take(7).collect::<String>() == "super::" {
                m = parent(&m).to_string();
                j += 7;
            }
            (segments(&m), j - i)
        } else if boundary && rest.starts_with("self::") {
            (segments(module), 6)
        } else {
            i += 1;
            continue;
        };
        i += skip;
        expand(&bytes, &mut i, base, &mut found);
    }
    found
}

fn segments(module: &str) -> Vec<String> {
    module
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Reads a path (or a `{…}` group of them) at `i`, appending each whole path to `out`.
fn expand(c: &[char], i: &mut usize, mut base: Vec<String>, out: &mut Vec<Vec<String>>) {
    loop {
        while *i < c.len() && c[*i].is_whitespace() {
            *i += 1;
        }
        if *i < c.len() && c[*i] == '{' {
            *i += 1;
            loop {
                expand(c, i, base.clone(), out);
                while *i < c.len() && c[*i].is_whitespace() {
                    *i += 1;
                }
                match c.get(*i) {
                    Some(',') => {
                        *i += 1;
                        while *i < c.len() && c[*i].is_whitespace() {
                            *i += 1;
                        }
                        if c.get(*i) == Some(&'}') {
                            *i += 1;
                            return;
                        }
                    }
                    Some('}') => {
                        *i += 1;
                        return;
                    }
                    _ => return,
                }
            }
        }
        let start = *i;
        while *i < c.len() && (c[*i].is_alphanumeric() || c[*i] == '_') {
            *i += 1;
        }
        if *i == start {
            out.push(base);
            return;
        }
        base.push(c[start..*i].iter().collect());
        if c.get(*i) == Some(&':') && c.get(*i + 1) == Some(&':') {
            *i += 2;
        } else {
            out.push(base);
            return;
        }
    }
}

/// A crate's files and the file-level edges between them (a file names something of another
/// file's module). Edges between a module and its own ancestors are left out: a folder's
/// `mod.rs` and the files under it are one unit.
struct Crate {
    files: BTreeMap<String, String>,
    edges: BTreeMap<String, BTreeSet<String>>,
}

fn read_crate(src: &Path) -> Crate {
    let mut paths = Vec::new();
    rust_files(src, &mut paths);
    let root = root();
    let mut files = BTreeMap::new();
    let mut texts = Vec::new();
    for p in &paths {
        let module = module_path(src, p);
        files.insert(
            module.clone(),
            p.strip_prefix(&root).unwrap().display().to_string(),
        );
        texts.push((module, code_only(&std::fs::read_to_string(p).unwrap())));
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, code) in &texts {
        for path in named_paths(code, module) {
            // the longest prefix of the path that is a file of this crate
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|m| files.contains_key(m));
            let Some(target) = target else { continue };
            if is_ancestor(&target, module) || is_ancestor(module, &target) {
                continue;
            }
            edges.entry(module.clone()).or_default().insert(target);
        }
    }
    Crate { files, edges }
}

/// The strongly connected groups of more than one file (Tarjan's algorithm).
fn circles(c: &Crate) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        next: usize,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on.insert(v);
        if let Some(ws) = s.edges.get(v) {
            for w in ws {
                let w = w.as_str();
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let lw = s.low[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(lw));
                } else if s.on.contains(w) {
                    let iw = s.index[w];
                    let lv = s.low[v];
                    s.low.insert(v, lv.min(iw));
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                group.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                group.sort();
                s.out.push(group);
            }
        }
    }
    let mut s = State {
        edges: &c.edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in c.files.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn no_circle_of_files() {
    let mut found = BTreeSet::new();
    let mut files = 0;
    for src in source_roots() {
        let c = read_crate(&src);
        files += c.files.len();
        for group in circles(&c) {
            let names: Vec<&str> = group.iter().map(|m| c.files[m].as_str()).collect();
            found.insert(names.join(" ↔ "));
        }
    }
    assert!(files > 150, "the sources were read ({files} files)");
    let new: Vec<&String> = found
        .iter()
        .filter(|f| !ALLOWED_CIRCLES.contains(&f.as_str()))
        .collect();
    assert!(
        new.is_empty(),
        "files that use each other in a loop (move what they share into a module both use):\n{}",
        new.iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let gone: Vec<&&str> = ALLOWED_CIRCLES
        .iter()
        .filter(|a| !found.contains(**a))
        .collect();
    assert!(
        gone.is_empty(),
        "these circles are gone: take them out of ALLOWED_CIRCLES: {gone:?}"
    );
}

/// Every function of product code (a file's code before its `#[cfg(test)]`, files named
/// `tests.rs` left out) with its first line and its length in lines.
fn functions(code: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim_start();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        let Some(name) = fn_name(t) else {
            i += 1;
            continue;
        };
        // the body: from the first `{` to the brace that closes it (a `;` first: no body)
        let mut depth = 0i32;
        let mut opened = false;
        let mut j = i;
        'scan: while j < lines.len() {
            for ch in lines[j].chars() {
                match ch {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    ';' if !opened => break 'scan,
                    _ => {}
                }
                if opened && depth == 0 {
                    break 'scan;
                }
            }
            j += 1;
        }
        if opened {
            out.push((name, i + 1, j - i + 1));
            // functions inside a function are counted within it, not again
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// `pub(crate) const fn name(` → `name`.
fn fn_name(line: &str) -> Option<String> {
    let mut rest = line;
    for word in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
        "extern \"C\" ",
    ] {
        rest = rest.strip_prefix(word).unwrap_or(rest);
    }
    let rest = rest.strip_prefix("fn ")?;
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

#[test]
fn no_product_function_is_over_120_lines() {
    let root = root();
    let mut long = Vec::new();
    let mut seen = BTreeSet::new();
    let mut counted = 0;
    for src in source_roots() {
        let mut paths = Vec::new();
        rust_files(&src, &mut paths);
        for p in paths {
            if p.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let rel = p.strip_prefix(&root).unwrap().display().to_string();
            let code = code_only(&std::fs::read_to_string(&p).unwrap());
            for (name, line, len) in functions(&code) {
                counted += 1;
                let limit = ALLOWED_LONG_FNS
                    .iter()
                    .find(|(f, n, _)| *f == rel && *n == name)
                    .map_or(MAX_FN_LINES, |(_, _, l)| *l);
                if len > MAX_FN_LINES {
                    seen.insert((rel.clone(), name.clone()));
                }
                if len > limit {
                    long.push(format!(
                        "{rel}:{line} fn {name}: {len} lines (at most {limit})"
                    ));
                }
            }
        }
    }
    assert!(counted > 1000, "the functions were read ({counted})");
    assert!(
        long.is_empty(),
        "functions too long (a long one becomes small named steps):\n{}",
        long.join("\n")
    );
    let gone: Vec<_> = ALLOWED_LONG_FNS
        .iter()
        .filter(|(f, n, _)| !seen.contains(&(f.to_string(), n.to_string())))
        .collect();
    assert!(
        gone.is_empty(),
        "these are 120 lines or fewer now: take them out of ALLOWED_LONG_FNS: {gone:?}"
    );
}

#[test]
fn the_lexer_and_the_path_reader_see_what_the_compiler_sees() {
    let code = code_only(
        "let a = \"{ crate::x }\"; // crate::y {\nlet b = '{'; let c: &'a str = r#\"}\"#;\n",
    );
    assert!(!code.contains('{') && !code.contains('}'), "{code}");
    assert!(code.contains("&'a str"), "a lifetime is kept: {code}");
    assert_eq!(code.lines().count(), 2);
    let paths = named_paths(
        "use crate::{a::B, c::{d::E, f}}; super::g::h(); self::k::L",
        "m::n",
    );
    let paths: Vec<String> = paths.iter().map(|p| p.join("::")).collect();
    assert_eq!(paths, ["a::B", "c::d::E", "c::f", "m::g::h", "m::n::k::L"]);
    let f = functions("fn a() {\n    if x { y }\n}\npub(crate) fn b();\nfn c() { }\n");
    assert_eq!(f, [("a".to_string(), 1, 3), ("c".to_string(), 5, 1)]);
    // two files that use each other make a circle; a parent and its child do not
    let c = Crate {
        files: ["a", "b", "p", "p::q"]
            .iter()
            .map(|m| (m.to_string(), format!("{m}.rs")))
            .collect(),
        edges: [("a", "b"), ("b", "a"), ("p", "b")]
            .iter()
            .map(|(f, t)| (f.to_string(), BTreeSet::from([t.to_string()])))
            .collect(),
    };
    assert_eq!(circles(&c), [["a".to_string(), "b".to_string()]]);
}
