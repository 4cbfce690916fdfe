//! How a key is named in words: the hint bar, the help overlay and every message that names a
//! key (a `{key:…}` in the string tables) write it with these functions.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::{Binding, Command, Context, Key};
use crate::i18n::Strings;

/// How a key is written in hints and help: `j`, `↓`, `Ctrl-d`, `PgDn`, `Space`.
pub fn key_label(key: &Key) -> String {
    let base = match key.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if key.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

/// How a binding is written on the hint bar (and in a `{key:…}`): its first key, or the run of
/// keys it stands for (the grades `1-4`, the stakes `1-3`), or `←/→` for a value changed either
/// way.
pub fn binding_label(b: &Binding) -> String {
    let digit = |k: &Key| match k.code {
        KeyCode::Char(c) if k.mods.is_empty() => c.to_digit(10),
        _ => None,
    };
    let run = b.keys.len() > 2
        && b.keys.windows(2).all(|w| {
            digit(&w[0])
                .zip(digit(&w[1]))
                .is_some_and(|(a, b)| a + 1 == b)
        });
    match b.keys {
        [first, .., last] if run => format!("{}-{}", key_label(first), key_label(last)),
        [l, r, ..] if l.code == KeyCode::Left && r.code == KeyCode::Right => "←/→".to_string(),
        [first, ..] => key_label(first),
        [] => String::new(),
    }
}

/// What a string table writes where it names a key: `{key:Context.Command}` is that binding's
/// label as the hint bar writes it ([`binding_label`]), `{key:Context.Command.N}` its N-th key
/// (`{key:ConfirmLeave.Leave.2}` is Enter, the second of y and Enter).
const OPEN: &str = "{key:";

/// The key a placeholder's `Context.Command[.N]` names, or why it names none.
fn named_key(name: &str) -> Result<String, String> {
    let mut parts = name.split('.');
    let (ctx, cmd, nth) = (parts.next(), parts.next(), parts.next());
    let (Some(ctx), Some(cmd), None) = (ctx, cmd, parts.next()) else {
        return Err(format!(
            "{{key:{name}}} is not {{key:Context.Command}} or .N"
        ));
    };
    let context = Context::ALL
        .iter()
        .find(|c| c.name() == ctx)
        .ok_or_else(|| format!("{{key:{name}}}: no context {ctx}"))?;
    let command = Command::ALL
        .iter()
        .find(|c| c.name() == cmd)
        .ok_or_else(|| format!("{{key:{name}}}: no command {cmd}"))?;
    let binding = super::binding(*context, *command)
        .ok_or_else(|| format!("{{key:{name}}}: no key does {cmd} in {ctx}"))?;
    match nth {
        None => Ok(binding_label(binding)),
        Some(n) => n
            .parse::<usize>()
            .ok()
            .and_then(|n| binding.keys.get(n.checked_sub(1)?))
            .map(key_label)
            .ok_or_else(|| format!("{{key:{name}}}: {cmd} in {ctx} has no key {n}")),
    }
}

/// `text` with every `{key:…}` written as the key it names, and what was wrong with those that
/// name none (left as they are: the checks fail on them, a member never sees one).
pub fn fill_keys(text: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(text.len());
    let mut problems = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let Some(end) = after.find('}') else {
            problems.push(format!("{OPEN} not closed"));
            out.push_str(&rest[at..]);
            return (out, problems);
        };
        match named_key(&after[..end]) {
            Ok(label) => out.push_str(&label),
            Err(e) => {
                problems.push(e);
                out.push_str(&rest[at..at + OPEN.len() + end + 1]);
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    (out, problems)
}

/// `strings` with the keys they name written in from the key table, so that a message can
/// never name a key that does something else. (Filled once, where the app and the profile
/// picker take their strings; a string with no `{key:…}` is not touched.)
pub fn with_key_names(mut strings: Strings) -> Strings {
    strings.each_mut(&mut |_, _, text| {
        if text.contains(OPEN) {
            *text = fill_keys(text).0;
        }
    });
    strings
}
