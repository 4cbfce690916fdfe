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
