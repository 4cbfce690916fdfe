//! How the key table is shown: a key as the hint bar and the help write it, and what a command
//! does in the member's language. The table itself (which key does what) is `app::keys`.

use crate::app::ScreenKind;
use crate::app::keys::{self, Binding, Command};
use crate::i18n::Strings;

pub use crate::app::keys::key_label;

/// What a command does, in the member's language.
pub fn describe(s: &Strings, c: Command) -> &str {
    match c {
        Command::Quit => &s.cmd_quit,
        Command::Help => &s.cmd_help,
        Command::Up => &s.cmd_up,
        Command::Down => &s.cmd_down,
        Command::First => &s.cmd_first,
        Command::Last => &s.cmd_last,
        Command::NextColumn => &s.cmd_next_column,
        Command::PrevColumn => &s.cmd_prev_column,
        Command::ListPageDown => &s.cmd_page_down,
        Command::ListPageUp => &s.cmd_page_up,
        Command::Filter => &s.cmd_filter,
        Command::ClearFilter => &s.cmd_clear_filter,
        Command::Open => &s.cmd_open,
        Command::Back => &s.cmd_back,
        Command::LineUp => &s.cmd_line_up,
        Command::LineDown => &s.cmd_line_down,
        Command::HalfUp => &s.cmd_half_up,
        Command::HalfDown => &s.cmd_half_down,
        Command::PageUp => &s.cmd_page_up,
        Command::PageDown => &s.cmd_page_down,
        Command::Top => &s.cmd_top,
        Command::Bottom => &s.cmd_bottom,
        Command::Focus => &s.cmd_focus,
        Command::Quiz => &s.cmd_quiz,
        Command::Practice => &s.cmd_practice,
        Command::Start => &s.cmd_start,
        Command::Abandon => &s.cmd_abandon,
        Command::Pick => &s.cmd_pick,
        Command::PickTrue => &s.cmd_pick_true,
        Command::PickFalse => &s.cmd_pick_false,
        Command::NextBlank => &s.cmd_next_blank,
        Command::PrevBlank => &s.cmd_prev_blank,
        Command::CloseMap => &s.cmd_close_map,
        Command::GoTo => &s.cmd_go_to,
        Command::BackToResults => &s.cmd_back_to_results,
        Command::Toggle => &s.cmd_toggle,
        Command::Confirm => &s.cmd_confirm,
        Command::NextQuestion => &s.cmd_next_question,
        Command::PrevQuestion => &s.cmd_prev_question,
        Command::Map => &s.cmd_map,
        Command::Submit => &s.cmd_submit,
        Command::OpenSource => &s.cmd_open_source,
        Command::ReviewAll => &s.cmd_review_all,
        Command::Leave => &s.cmd_leave,
        Command::Plans => &s.cmd_plans,
        Command::OpenItem => &s.cmd_open_item,
        Command::Stats => &s.cmd_stats,
        Command::Tick => &s.cmd_tick,
        Command::AddTask => &s.cmd_add_task,
        Command::NewPlan => &s.cmd_new_plan,
        Command::Welcome => &s.cmd_welcome,
        Command::Edit => &s.cmd_edit,
        Command::RenamePlan => &s.cmd_rename_plan,
        Command::DeletePlan => &s.cmd_delete_plan,
        Command::Hint => &s.cmd_hint,
        Command::Rate => &s.cmd_rate,
        Command::Cards => &s.cmd_cards,
        Command::Cloze => &s.cmd_cloze,
        Command::ShowNotes => &s.cmd_show_notes,
        Command::ItemKind => &s.cmd_item_kind,
        Command::Change => &s.cmd_change,
        Command::Buzz => &s.cmd_buzz,
        Command::Stake => &s.cmd_stake,
        Command::GoOn => &s.cmd_go_on,
        Command::Again => &s.cmd_again,
        Command::Suspend => &s.cmd_suspend,
        Command::Delete => &s.cmd_delete,
        Command::RestartPlan => &s.cmd_restart_plan,
        Command::ImportPack => &s.cmd_import_pack,
        Command::NextPlan => &s.cmd_next_plan,
        Command::PrevPlan => &s.cmd_prev_plan,
        Command::Period => &s.cmd_period,
        Command::Export => &s.cmd_export,
        Command::ExportMd => &s.export_md,
        Command::ExportHtml => &s.export_html,
        Command::ExportCsv => &s.export_csv,
        Command::ExportJson => &s.export_json,
        Command::ExportXapi => &s.export_xapi,
        Command::Save => &s.cmd_save,
        Command::Cancel => &s.cmd_cancel,
        Command::Search => &s.cmd_search,
        Command::Notes => &s.cmd_notes,
        Command::Bookmark => &s.cmd_bookmark,
        Command::Bookmarks => &s.cmd_bookmarks,
        Command::Note => &s.cmd_note,
        Command::Find => &s.cmd_find,
        Command::NextHit => &s.cmd_next_hit,
        Command::PrevHit => &s.cmd_prev_hit,
        Command::NewProfile => &s.cmd_new_profile,
    }
}

/// What the hint bar and the help read of the app, gathered once by `ui::render`: the keys'
/// context and facts, and the few things that change what a key is called or labelled here.
#[derive(Clone, Debug)]
pub struct Here {
    pub context: keys::Context,
    pub facts: keys::Facts,
    /// The screen in front.
    pub screen: ScreenKind,
    /// The screen the reader in front was opened from, when not the library.
    pub reader_from: Option<ScreenKind>,
    /// The plans screen's prompt asks for a study pack (Enter checks the file).
    pub pack_prompt: bool,
    /// A card from the text (挖空) is being made over the reader.
    pub cloze: bool,
    /// The review browser (错题本) is open in the quiz.
    pub cards: bool,
    /// A session runs over the review browser: leaving it goes back to the browser.
    pub over_cards: bool,
    /// The quiz screen shows the review browser (in front, or under a reader opened from it).
    pub browser_under: bool,
    /// The library's filter is being typed.
    pub filter_typing: bool,
    /// Ending a contest under way is being asked.
    pub contest_leaving: bool,
    /// The notes screen asks whether to delete.
    pub notes_delete: bool,
    /// How many options the question on screen has (a 单选 or 多选; a 判断 has two).
    pub options: Option<usize>,
    /// The buzz keys of the contest's players at the terminal: `z/m/p`.
    pub buzz_keys: String,
}

/// What a key does here, in words: as [`describe`], but going back from a reader opened from
/// another screen names that screen (Esc returns to the quiz, not the library).
pub fn describe_here(s: &Strings, here: &Here, c: Command) -> String {
    match (c, here.reader_from) {
        (Command::Back, Some(from)) if here.screen == ScreenKind::Reader => {
            let screen = match from {
                // opened from the review browser: back to it
                ScreenKind::Quiz if here.browser_under => &s.cmd_cards,
                ScreenKind::Quiz => &s.screen_quiz,
                ScreenKind::Plans => &s.screen_plans,
                ScreenKind::Search => &s.screen_search,
                ScreenKind::Notes => &s.screen_notes,
                ScreenKind::Stats => &s.screen_stats,
                ScreenKind::Library | ScreenKind::Reader | ScreenKind::Welcome => &s.screen_home,
            };
            crate::i18n::fill(&s.cmd_back_to, &[("screen", screen)])
        }
        // a session over the review browser (practice from a reader opened from it) leaves
        // for the browser, not the quiz menu (the bar said 返回答题菜单)
        (Command::Leave, _) if here.over_cards => {
            crate::i18n::fill(&s.cmd_back_to, &[("screen", &s.cmd_cards)])
        }
        // the review browser's Esc goes back to the quiz menu, not the library
        (Command::Back, _) if here.cards => {
            crate::i18n::fill(&s.cmd_back_to, &[("screen", &s.screen_quiz)])
        }
        // the study pack prompt's Enter checks the file (nothing is saved yet)
        (Command::Save, _) if here.screen == ScreenKind::Plans && here.pack_prompt => {
            s.cmd_check_pack.clone()
        }
        // the bookmark list's Enter goes to the place marked, as its title says (the bar said
        // 阅读 where the title said 跳转)
        (Command::Open, _) if here.context == keys::Context::BookmarkList => s.cmd_go_there.clone(),
        (Command::Save, _) if here.screen == ScreenKind::Welcome => s.cmd_welcome_save.clone(),
        (Command::Save, _) if here.cloze => s.cmd_cloze.clone(),
        // the review browser's / filters the list; Enter keeps the filter (only while the
        // browser is in front: a reader opened from it finds in the text)
        (Command::Search, _) if here.cards => s.cmd_filter.clone(),
        // …as the library's filter does
        (Command::Find, _) if here.cards || here.filter_typing => s.cmd_confirm.clone(),
        // ending a contest under way: y ends it, n plays on
        (Command::Confirm | Command::Cancel, _)
            if here.context == keys::Context::Ask && here.contest_leaving =>
        {
            if c == Command::Confirm {
                s.cmd_end_contest.clone()
            } else {
                s.cmd_go_on.clone()
            }
        }
        // a yes/no question says what y and n do
        (Command::Confirm | Command::Cancel, _) if here.context == keys::Context::Ask => {
            let deleting =
                matches!(here.screen, ScreenKind::Plans | ScreenKind::Quiz) || here.notes_delete;
            match (c, deleting) {
                (Command::Confirm, true) => s.cmd_delete.clone(),
                (Command::Confirm, false) => s.cmd_discard.clone(),
                (_, true) => s.cmd_keep.clone(),
                (_, false) => s.cmd_keep_writing.clone(),
            }
        }
        (Command::Cancel, _) if here.screen == ScreenKind::Welcome => s.cmd_welcome_later.clone(),
        _ => describe(s, c).to_string(),
    }
}

/// The bindings that apply now, each with what it does here: the one list the hint bar (those
/// marked for it, by their label) and the help overlay (all, with every key) are drawn from.
pub fn shown(s: &Strings, here: &Here) -> Vec<(&'static Binding, String)> {
    keys::active(here.context, here.facts)
        .map(|b| (b, describe_here(s, here, b.command)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_hint_on_the_bar_is_a_row_of_help() {
        for lang in crate::i18n::Lang::ALL {
            let app = crate::app::App::new(Strings::load(lang), Vec::new(), 0);
            let here = super::super::here(&app);
            let bar = super::super::hints::hint_items(&app.strings, &here, 500);
            let help = super::super::help::help_rows(&app.strings, &here);
            assert!(bar.len() > 5 && help.len() > bar.len(), "{bar:?}");
            for (key, words) in &bar {
                assert!(
                    help.iter()
                        .any(|(keys, w)| w == words && keys.split("  ").any(|k| k == key)),
                    "{key} {words} is on the bar and not in help"
                );
            }
        }
    }

    #[test]
    fn a_reader_opened_from_the_review_browser_finds_in_the_text() {
        let now = jiff::Timestamp::UNIX_EPOCH;
        for lang in crate::i18n::Lang::ALL {
            let s = Strings::load(lang);
            let mut app = crate::app::App::new(s.clone(), Vec::new(), 0);
            app.resize(80, 24);
            app.command(Command::Quiz, now);
            app.cards_loaded(Vec::new(), jiff::civil::date(2026, 12, 7));
            // the browser in front: / filters, Enter keeps the filter
            let here = crate::ui::here(&app);
            assert_eq!(describe_here(&s, &here, Command::Search), s.cmd_filter);
            // its Esc goes back to the quiz menu (English said "back to library")
            let back = describe_here(&s, &here, Command::Back);
            assert_eq!(
                back,
                crate::i18n::fill(&s.cmd_back_to, &[("screen", &s.screen_quiz)])
            );
            assert_eq!(describe_here(&s, &here, Command::Find), s.cmd_confirm);
            // a material opened from it (Enter on a row): / finds in the text, and Esc goes
            // back to the browser (it said 返回答题)
            app.stack.push(crate::app::Screen::Reader);
            let here = crate::ui::here(&app);
            assert_eq!(describe_here(&s, &here, Command::Find), s.cmd_find);
            assert_eq!(
                describe_here(&s, &here, Command::Back),
                crate::i18n::fill(&s.cmd_back_to, &[("screen", &s.cmd_cards)])
            );
        }
    }

    #[test]
    fn every_command_has_words_in_every_language() {
        for lang in crate::i18n::Lang::ALL {
            let s = Strings::load(lang);
            for &c in Command::ALL {
                assert!(!describe(&s, c).is_empty(), "{c:?}");
            }
        }
    }
}
