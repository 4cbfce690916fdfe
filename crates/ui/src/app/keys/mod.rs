//! The one key table: the event loop looks keys up here, and the key-hint bar and the help
//! overlay are drawn from it, so they can never drift from the real keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// An enum and `ALL`, every variant in the order written, from one list: a variant is in `ALL`
/// by being written, so what walks `ALL` (the table checks, a `{key:…}` in a string table) cannot
/// miss a new one.
macro_rules! listed {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $v:ident,)* }) => {
        $(#[$m])*
        pub enum $name {
            $($(#[$vm])* $v,)*
        }

        impl $name {
            /// Every variant, in the order written.
            pub const ALL: &'static [$name] = &[$($name::$v),*];

            /// The variant's name as written (`Exam`, `Submit`): how a string table names it.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$v => stringify!($v),)*
                }
            }
        }
    };
}

listed! {
/// What a key asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    Quit,
    Help,
    // library
    Up,
    Down,
    First,
    Last,
    NextColumn,
    PrevColumn,
    ListPageDown,
    ListPageUp,
    /// Library: narrow the list as the member types.
    Filter,
    /// Library: drop the filter kept.
    ClearFilter,
    Open,
    // reader
    Back,
    LineUp,
    LineDown,
    HalfUp,
    HalfDown,
    PageUp,
    PageDown,
    Top,
    Bottom,
    // both, side by side only
    Focus,
    // quiz
    /// Library: open the quiz menu. Reader: practise the questions on this material.
    Quiz,
    Practice,
    Start,
    Abandon,
    Pick,
    /// 判断: true / false.
    PickTrue,
    PickFalse,
    Toggle,
    /// 填空: the next / previous blank.
    NextBlank,
    PrevBlank,
    Confirm,
    NextQuestion,
    PrevQuestion,
    Map,
    /// The exam's question map: close it, go to the question chosen.
    CloseMap,
    GoTo,
    Submit,
    OpenSource,
    ReviewAll,
    /// From reviewing the questions back to the score.
    BackToResults,
    /// Back to the quiz menu.
    Leave,
    // plans and stats
    Plans,
    /// Open a plan item: its material, or its quiz.
    OpenItem,
    Stats,
    Tick,
    AddTask,
    NewPlan,
    /// Show the question's hint (查看提示): the source sentence, the answer hidden.
    Hint,
    /// Quiz menu: the 错题/复习 browser.
    Cards,
    /// Reader: make a card from the text (挖空).
    Cloze,
    /// Reader: show (or hide) the notes under their paragraphs.
    ShowNotes,
    /// A new plan item: what it is (a task, a material, a quiz, minutes).
    ItemKind,
    /// Contest setup: change the value on the cursor's row (← fewer, → more).
    Change,
    /// Contest: a player's buzz key.
    Buzz,
    /// Contest 风险: stake 10, 20 or 30 (1–3).
    Stake,
    /// Contest: on to the next question or round.
    GoOn,
    /// Contest: another one, with the same players.
    Again,
    /// The browser: stop (or resume) asking the question in reviews.
    Suspend,
    /// Feedback: grade how well the answer was recalled (1 忘了 … 4 简单), for long-term review.
    Rate,
    /// Rename the member's own plan.
    RenamePlan,
    /// Delete the member's own plan (asked first).
    DeletePlan,
    /// Change the selected note or bookmark label.
    Edit,
    /// Delete the selected note or bookmark (asked first).
    Delete,
    /// The welcome screen again (what is here, where the data lives, the member's name).
    Welcome,
    /// Start the plan on screen over (from a day the member gives; today by default).
    RestartPlan,
    /// Plans: import a study pack (a file prompt, then what it changes, then y).
    ImportPack,
    NextPlan,
    PrevPlan,
    Period,
    Export,
    ExportMd,
    /// The 述学 report as a web page that prints on A4.
    ExportHtml,
    ExportCsv,
    ExportJson,
    ExportXapi,
    /// Confirm a text prompt.
    Save,
    /// Close a prompt or menu without doing anything (a note prompt still ticks).
    Cancel,
    // bookmarks and notes
    Notes,
    Bookmark,
    Bookmarks,
    Note,
    // finding
    Search,
    Find,
    NextHit,
    PrevHit,
    /// The profile picker: make a new profile (its name typed).
    NewProfile,
}
}

listed! {
/// Which key table applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Library,
    Reader,
    QuizMenu,
    /// A running quiz session (the keys are shown, and handled in `app::quiz`).
    Question,
    Exam,
    /// The exam's question map (F2).
    ExamMap,
    /// "Submit now?" before an exam is handed in.
    Confirm,
    /// An exam's start screen.
    ExamStart,
    /// "Leave the exam screen?" (its clock keeps running).
    ConfirmLeave,
    /// "Abandon the open exam?" on the quiz menu.
    ConfirmAbandon,
    /// "Import this study pack?" with what it changes, on the plans screen.
    ConfirmPack,
    Feedback,
    Results,
    /// Going through the questions after the score.
    Review,
    Plans,
    /// Typing into a one-line prompt.
    Prompt,
    /// The welcome screen (typing the member's name).
    Welcome,
    /// A yes/no question over the screen (delete a note, throw away what was typed).
    Ask,
    Stats,
    /// The 错题/复习 browser.
    Cards,
    /// Making a card from the text: a sentence chosen, the word typed.
    ClozeInput,
    /// The knowledge contest: its setup, a round's card or an answer shown, a stake being
    /// chosen, a question up, the results.
    ContestSetup,
    ContestNext,
    ContestStake,
    ContestAsk,
    ContestOver,
    ExportMenu,
    /// The search screen (typing; handled in `app::search`).
    Search,
    /// The reader's find prompt.
    FindPrompt,
    Notes,
    /// Typing a note (several lines).
    NoteInput,
    /// Typing a bookmark's label.
    BookmarkInput,
    /// The article's bookmarks.
    BookmarkList,
    /// The profile picker at start, on a data folder with two or more profiles.
    Profiles,
}
}

#[cfg(test)]
mod checks;
mod common;
mod contest;
mod names;
mod tables;

pub use names::{binding_label, fill_keys, key_label, with_key_names};
pub use tables::table;

#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

pub(super) const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}

pub(super) const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

pub(super) const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

/// When a binding applies, beyond its context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Always,
    /// Library and reader stand side by side.
    Wide,
    /// A question with options (单选, 多选, 判断): letters and digits choose.
    Options,
    /// A 判断 question.
    Judge,
    /// A 多选 question: Space ticks and unticks.
    Multiple,
    /// A 单选 or 判断 question: Space picks the highlighted option.
    OneAnswer,
    /// A 填空 question: letters and digits are typed into the blank.
    Fill,
    /// A 填空 with more than one blank.
    Blanks,
    /// The checklist screen has more than one plan to switch between.
    SeveralPlans,
    /// The question on screen has a hint not looked at yet (practice, daily, review).
    Hint,
    /// The feedback on screen is of an answer whose recall can be graded.
    Rated,
    /// A contest's question is up and nobody has buzzed yet.
    Buzzing,
    /// The prompt names a new plan item.
    ItemPrompt,
    /// The library is narrowed by a filter kept (Esc shows it whole again).
    Filtered,
}

/// What the conditions of the bindings are tested against.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub wide: bool,
    /// The question on screen: `Some(true)` a 填空, `Some(false)` one with options.
    pub fill: Option<bool>,
    pub judge: bool,
    /// The question on screen is a 多选.
    pub multiple: bool,
    /// The 填空 on screen has more than one blank.
    pub blanks: bool,
    /// The checklist screen has more than one plan.
    pub plans: bool,
    /// A hint can be shown for the question on screen.
    pub hint: bool,
    /// The answer on screen can be graded (1–4).
    pub rated: bool,
    /// A contest's question waits for a buzz.
    pub buzzing: bool,
    /// The prompt open is a new plan item's.
    pub item_prompt: bool,
    /// The library has a filter kept.
    pub filtered: bool,
}

impl When {
    pub fn holds(self, f: &Facts) -> bool {
        match self {
            When::Always => true,
            When::Wide => f.wide,
            When::Hint => f.hint,
            When::Rated => f.rated,
            When::Buzzing => f.buzzing,
            When::ItemPrompt => f.item_prompt,
            When::Filtered => f.filtered,
            When::Options => f.fill == Some(false),
            When::Judge => f.judge,
            When::Multiple => f.fill == Some(false) && f.multiple,
            When::OneAnswer => f.fill == Some(false) && !f.multiple,
            When::Fill => f.fill == Some(true),
            When::Blanks => f.fill == Some(true) && f.blanks,
            When::SeveralPlans => f.plans,
        }
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub command: Command,
    /// Shown in the bottom hint bar (all bindings that apply are shown in help).
    pub hint: bool,
    pub when: When,
}

pub(super) const fn b(keys: &'static [Key], command: Command, hint: bool) -> Binding {
    Binding {
        keys,
        command,
        hint,
        when: When::Always,
    }
}

/// A binding that applies only `when`.
pub(super) const fn bw(keys: &'static [Key], command: Command, hint: bool, when: When) -> Binding {
    Binding {
        keys,
        command,
        hint,
        when,
    }
}

/// The bindings that apply now.
pub fn active(ctx: Context, facts: Facts) -> impl Iterator<Item = &'static Binding> {
    table(ctx).iter().filter(move |b| b.when.holds(&facts))
}

/// The first binding of `command` in `ctx`'s table, whatever its condition: the one a message
/// names.
pub fn binding(ctx: Context, command: Command) -> Option<&'static Binding> {
    table(ctx).iter().find(|b| b.command == command)
}

fn matches(key: &Key, ev: &KeyEvent) -> bool {
    if key.code != ev.code {
        return false;
    }
    // Shift is implied by the character for letters and symbols ('G', '?')
    let mods = ev.modifiers - KeyModifiers::SHIFT;
    let want = key.mods - KeyModifiers::SHIFT;
    mods == want
}

/// The command for a key press, if any.
pub fn lookup(ctx: Context, facts: Facts, ev: &KeyEvent) -> Option<Command> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    active(ctx, facts)
        .find(|b| b.keys.iter().any(|k| matches(k, ev)))
        .map(|b| b.command)
}

/// Types `ev` into `input`, which holds at most `max` characters: once it is full, keys that
/// would add one (a character, or a new line where `newlines`) are dropped; moving and
/// deleting always work. The one capped input of every prompt, search box and note.
pub fn type_capped(
    input: &mut ratatui_textarea::TextArea<'_>,
    ev: &KeyEvent,
    max: usize,
    newlines: bool,
) {
    if ev.code == KeyCode::Char('u') && ev.modifiers.contains(KeyModifiers::CONTROL) {
        // Ctrl-U clears the line, as in a shell (the text area's own binding is undo)
        input.cancel_selection();
        input.move_cursor(ratatui_textarea::CursorMove::End);
        input.delete_line_by_head();
        return;
    }
    // a selected text (the last query) is replaced by what is typed or deleted; any other key
    // (an arrow, Home) lets it go and moves in it
    let edits = matches!(
        ev.code,
        KeyCode::Char(_) | KeyCode::Backspace | KeyCode::Delete
    ) && !ev.modifiers.contains(KeyModifiers::CONTROL);
    if !edits && input.selection_range().is_some() {
        input.cancel_selection();
    }
    let count: usize = input.lines().iter().map(|l| l.chars().count()).sum();
    let adds = match ev.code {
        KeyCode::Char(_) => !ev.modifiers.contains(KeyModifiers::CONTROL),
        KeyCode::Enter => newlines,
        _ => false,
    };
    if count < max || !adds {
        input.input(*ev);
    }
}

/// The option a choosing key stands for: 1–8 and a–h (A–H) are options 0–7.
pub fn option_index(ev: &KeyEvent) -> Option<usize> {
    match ev.code {
        KeyCode::Char(c @ '1'..='8') => Some(c as usize - '1' as usize),
        KeyCode::Char(c @ 'a'..='h') => Some(c as usize - 'a' as usize),
        KeyCode::Char(c @ 'A'..='H') => Some(c as usize - 'A' as usize),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn lookups() {
        let r = |c, m| lookup(Context::Reader, Facts::default(), &press(c, m));
        assert_eq!(
            r(KeyCode::Char('j'), KeyModifiers::NONE),
            Some(Command::LineDown)
        );
        assert_eq!(
            r(KeyCode::Char('d'), KeyModifiers::CONTROL),
            Some(Command::HalfDown)
        );
        assert_eq!(r(KeyCode::Char('d'), KeyModifiers::NONE), None);
        assert_eq!(
            r(KeyCode::Char('G'), KeyModifiers::SHIFT),
            Some(Command::Bottom)
        );
        assert_eq!(
            r(KeyCode::Char(' '), KeyModifiers::NONE),
            Some(Command::PageDown)
        );
        assert_eq!(
            r(KeyCode::Tab, KeyModifiers::NONE),
            None,
            "Tab only side by side"
        );
        assert_eq!(
            lookup(
                Context::Reader,
                Facts {
                    wide: true,
                    ..Facts::default()
                },
                &press(KeyCode::Tab, KeyModifiers::NONE)
            ),
            Some(Command::Focus)
        );
    }

    #[test]
    fn a_question_type_decides_what_its_keys_do() {
        let key = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        let choice = Facts {
            fill: Some(false),
            ..Facts::default()
        };
        let judge = Facts {
            judge: true,
            ..choice
        };
        let fill = Facts {
            fill: Some(true),
            ..Facts::default()
        };
        assert_eq!(
            lookup(Context::Exam, choice, &key('b')),
            Some(Command::Pick)
        );
        assert_eq!(option_index(&key('b')), Some(1));
        assert_eq!(option_index(&key('3')), Some(2));
        // 判断: t and f say true and false (f is not the sixth option)
        assert_eq!(
            lookup(Context::Exam, judge, &key('f')),
            Some(Command::PickFalse)
        );
        assert_eq!(
            lookup(Context::Exam, choice, &key('f')),
            Some(Command::Pick)
        );
        // 填空: letters, digits and n/p/m/S are typed into the blank
        for c in ['a', '1', 'n', 'p', 'm', 'S', 'j'] {
            assert_eq!(lookup(Context::Exam, fill, &key(c)), None, "{c}");
        }
        assert_eq!(
            lookup(
                Context::Exam,
                fill,
                &press(KeyCode::Tab, KeyModifiers::NONE)
            ),
            Some(Command::NextBlank)
        );
        assert_eq!(
            lookup(
                Context::Exam,
                fill,
                &press(KeyCode::PageDown, KeyModifiers::NONE)
            ),
            Some(Command::NextQuestion)
        );
    }

    #[test]
    fn a_capped_input_drops_only_what_would_add() {
        let mut input = ratatui_textarea::TextArea::default();
        let key = |c| press(KeyCode::Char(c), KeyModifiers::NONE);
        for c in "学习强国".chars() {
            type_capped(&mut input, &key(c), 3, true);
        }
        assert_eq!(
            input.lines().concat(),
            "学习强",
            "the fourth character is dropped"
        );
        type_capped(
            &mut input,
            &press(KeyCode::Enter, KeyModifiers::NONE),
            3,
            true,
        );
        assert_eq!(input.lines().len(), 1, "no new line once full");
        type_capped(
            &mut input,
            &press(KeyCode::Backspace, KeyModifiers::NONE),
            3,
            true,
        );
        assert_eq!(input.lines().concat(), "学习", "deleting always works");
        type_capped(&mut input, &key('党'), 3, true);
        assert_eq!(input.lines().concat(), "学习党");
    }
}
