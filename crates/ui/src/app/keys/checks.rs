//! What every key table must hold to. Each check walks `Context::ALL`, which the enum's own
//! declaration makes (`listed!`), so a new context is checked without being added here.

use ratatui::crossterm::event::KeyModifiers;

use super::{Binding, Command, Context, Key, When, table};

/// The same key press: Shift is implied by the character ('G', '?'), as `lookup` takes it.
fn same(a: &Key, b: &Key) -> bool {
    a.code == b.code && a.mods - KeyModifiers::SHIFT == b.mods - KeyModifiers::SHIFT
}

/// A key bound under `earlier` and again under `later` in one table is still one meaning: the
/// two never hold together (options or a blank), or the more particular comes first and wins
/// (a 判断's t/f before the options' letters, a 多选's Space before one answer's, several blanks
/// before one).
fn one_meaning(earlier: When, later: When) -> bool {
    matches!(
        (earlier, later),
        (When::Judge, When::Options)
            | (When::Multiple, When::OneAnswer)
            | (When::Blanks, When::Fill)
            | (When::Options, When::Fill | When::Blanks)
            | (When::Fill | When::Blanks, When::Options)
    )
}

#[test]
fn no_key_is_bound_twice_in_a_table() {
    for &ctx in Context::ALL {
        let mut seen: Vec<(&Key, When)> = Vec::new();
        for b in table(ctx) {
            for key in b.keys {
                if let Some((_, w)) = seen.iter().find(|(k, _)| same(k, key)) {
                    assert!(
                        one_meaning(*w, b.when),
                        "{} bound twice in {ctx:?}",
                        super::key_label(key)
                    );
                }
                seen.push((key, b.when));
            }
        }
    }
}

/// Leaving whatever is on screen: quitting, going back, closing, saying no.
fn leaves(b: &Binding) -> bool {
    matches!(
        b.command,
        Command::Quit
            | Command::Back
            | Command::Leave
            | Command::Cancel
            | Command::CloseMap
            | Command::BackToResults
    )
}

#[test]
fn every_table_has_a_way_out_and_help_or_shows_all_its_keys() {
    for &ctx in Context::ALL {
        let t = table(ctx);
        assert!(
            t.iter().any(|b| b.when == When::Always && leaves(b)),
            "{ctx:?} has no key that always leaves it"
        );
        if t.iter()
            .any(|b| b.command == Command::Help && b.when == When::Always)
        {
            continue;
        }
        // no help: a prompt or a question whose keys are all on its bar (Ctrl-c quits
        // everywhere), or the export menu, which lists its letters itself
        for b in t {
            assert!(
                b.hint || b.command == Command::Quit || ctx == Context::ExportMenu,
                "{ctx:?} has no help, and its {:?} is not on the bar",
                b.command
            );
        }
    }
}

#[test]
fn every_context_has_a_table_and_a_name() {
    assert!(Context::ALL.contains(&Context::ContestAsk) && Context::ALL.contains(&Context::Cards));
    for (i, &ctx) in Context::ALL.iter().enumerate() {
        assert!(!table(ctx).is_empty(), "{ctx:?}");
        assert_eq!(ctx.name(), format!("{ctx:?}"));
        assert!(!Context::ALL[..i].contains(&ctx), "{ctx:?} twice");
    }
    for &c in Command::ALL {
        assert_eq!(c.name(), format!("{c:?}"));
    }
}

/// Strings that name a key of something else, or a letter that is no key: the shell's Tab (to
/// complete a command), an answer's option letters (`B 或 ACD`).
const NOT_OUR_KEYS: &[&str] = &[
    "help.completions",
    "problems.man_examples_member",
    "problems.aiken_no_questions",
    "problems.answer_letters",
];

/// Key names written by hand in `text` (its `{…}` placeholders left out): Enter, Esc, Tab,
/// Space, PgUp, F2, Ctrl-…, y/n, the arrows; and a lone letter, `?` or `/` where a key is named
/// (`按 n 新建`, `（y 或`, `· t 答题`; `Press n`, `q quits`; not the article a).
fn hand_typed_keys(text: &str, chinese: bool) -> Vec<String> {
    // each placeholder as one mark, so that `{i}/{n}` is no lone /
    let mut t = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        t.push_str(&rest[..at]);
        t.push('◇');
        rest = rest[at..].find('}').map_or("", |end| &rest[at + end + 1..]);
    }
    t.push_str(rest);
    let c: Vec<char> = t.chars().collect();
    let at = |i: isize| -> char {
        usize::try_from(i)
            .ok()
            .and_then(|i| c.get(i))
            .copied()
            .unwrap_or(' ')
    };
    let wordy = |ch: char| ch.is_ascii_alphanumeric() || "_◇'’.-/".contains(ch);
    let mut found = Vec::new();
    for word in [
        "Enter",
        "Esc",
        "Tab",
        "Space",
        "Backspace",
        "PgUp",
        "PgDn",
        "Ctrl-",
        "↑",
        "↓",
        "←/→",
    ]
    .into_iter()
    .map(String::from)
    .chain((1..=12).map(|n| format!("F{n}")))
    {
        let w: Vec<char> = word.chars().collect();
        for i in 0..c.len() {
            if c[i..].starts_with(&w)
                && !at(i as isize - 1).is_ascii_alphanumeric()
                && (word.ends_with('-') || !at((i + w.len()) as isize).is_ascii_alphanumeric())
            {
                found.push(word.clone());
            }
        }
    }
    for i in 0..c.len() as isize {
        let (before, ch, after) = (at(i - 1), at(i), at(i + 1));
        // y/n: two lone letters either side of a slash
        if ch == '/'
            && before.is_ascii_lowercase()
            && after.is_ascii_lowercase()
            && !at(i - 2).is_ascii_alphanumeric()
            && !at(i + 2).is_ascii_alphanumeric()
        {
            found.push(format!("{before}/{after}"));
        }
        let lone = (ch.is_ascii_alphabetic() || ch == '?' || ch == '/') && !wordy(before);
        if !lone || after != ' ' {
            continue;
        }
        let named = if chinese {
            let lead = |p: char| "：，（·；".contains(p);
            (before == ' ' && (at(i - 2) == '按' || lead(at(i - 2))))
                || lead(before)
                || c[i as usize + 1..].starts_with(&[' ', '或', ' '])
        } else {
            let pressed = i >= 6
                && matches!(
                    &c[i as usize - 6..i as usize],
                    ['p' | 'P', 'r', 'e', 's', 's', ' ']
                );
            pressed
                || (ch != 'a' && ch.is_ascii_lowercase() || ch == '?' || ch == '/')
                    && at(i + 2).is_ascii_lowercase()
        };
        if named {
            found.push(ch.to_string());
        }
    }
    found
}

#[test]
fn no_string_names_a_key_by_hand_and_every_named_key_is_bound() {
    for lang in crate::i18n::Lang::ALL {
        let mut strings = crate::i18n::Strings::load(lang);
        let mut wrong = Vec::new();
        strings.each_mut(&mut |table, key, text| {
            let name = if table.is_empty() {
                key.to_string()
            } else {
                format!("{table}.{key}")
            };
            for problem in super::fill_keys(text).1 {
                wrong.push(format!("{name}: {problem}"));
            }
            if NOT_OUR_KEYS.contains(&name.as_str()) {
                return;
            }
            let typed = hand_typed_keys(text, lang == crate::i18n::Lang::ZhCn);
            if !typed.is_empty() {
                wrong.push(format!(
                    "{name}: {typed:?} typed by hand (write {{key:Context.Command}})"
                ));
            }
        });
        assert!(wrong.is_empty(), "{lang:?}:\n{}", wrong.join("\n"));
    }
}

#[test]
fn the_key_name_check_sees_what_was_typed_by_hand() {
    let zh = |t| hand_typed_keys(t, true);
    let en = |t| hand_typed_keys(t, false);
    assert_eq!(
        zh("（y 或 Enter 离开 / n 或 Esc 继续作答）"),
        ["Enter", "Esc", "y", "n"]
    );
    assert_eq!(zh("按 w 可以再改 · / 搜索，q 退出"), ["w", "/", "q"]);
    assert_eq!(
        zh("Ctrl-s 交卷，按 F2 看题目，↑↓ 选一句"),
        ["Ctrl-", "↑", "↓", "F2"]
    );
    assert!(zh("得分 {score} / {max}，第 {i}/{n} 题，错题/复习本，JSON 或 CSV").is_empty());
    assert_eq!(
        en("Press n to make one; x abandons it; y/n"),
        ["n", "x", "y/n"]
    );
    assert_eq!(en("q quits, ? lists the keys"), ["q", "?"]);
    assert!(en("A note for a plan; {h} h {m} min; {right}/{total} right; End this").is_empty());
    assert!(zh("按 {key:Library.Open} 阅读").is_empty());
}

#[test]
fn a_placeholder_is_the_key_the_hint_bar_shows() {
    let fill = |t: &str| super::fill_keys(t);
    assert_eq!(fill("按 {key:Exam.Submit} 交卷").0, "按 Ctrl-s 交卷");
    assert_eq!(
        fill("{key:ConfirmLeave.Leave} 或 {key:ConfirmLeave.Leave.2}").0,
        "y 或 Enter"
    );
    assert_eq!(
        fill("{key:Feedback.Rate} {key:ContestSetup.Change}").0,
        "1-4 ←/→"
    );
    for bad in [
        "{key:Library.Submit}",
        "{key:Nowhere.Quit}",
        "{key:Library.Quit.9}",
        "{key:Library}",
        "{key:Library.Quit",
    ] {
        let (out, problems) = fill(bad);
        assert_eq!(out, bad, "left as it was");
        assert_eq!(problems.len(), 1, "{bad}");
    }
}
