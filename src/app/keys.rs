//! The one key table: the event loop looks keys up here, and the key-hint bar and the help
//! overlay are drawn from it, so they can never drift from the real keys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

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
    Toggle,
    Confirm,
    NextQuestion,
    PrevQuestion,
    Map,
    Submit,
    OpenSource,
    ReviewAll,
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
    NextPlan,
    PrevPlan,
    Period,
    Export,
    ExportMd,
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
}

/// Which key table applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Library,
    Reader,
    QuizMenu,
    /// A running quiz session (the keys are shown, and handled in `app::quiz`).
    Question,
    Exam,
    Feedback,
    Results,
    Plans,
    /// Typing into a one-line prompt.
    Prompt,
    Stats,
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
}

#[derive(Clone, Copy, Debug)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

const fn code(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    pub keys: &'static [Key],
    pub command: Command,
    /// Shown in the bottom hint bar (all bindings are shown in help).
    pub hint: bool,
    /// Only when library and reader stand side by side.
    pub wide_only: bool,
}

const fn b(keys: &'static [Key], command: Command, hint: bool) -> Binding {
    Binding {
        keys,
        command,
        hint,
        wide_only: false,
    }
}

const FOCUS: Binding = Binding {
    keys: &[code(KeyCode::Tab)],
    command: Command::Focus,
    hint: true,
    wide_only: true,
};

pub const LIBRARY: &[Binding] = &[
    b(&[k('j'), code(KeyCode::Down)], Command::Down, true),
    b(&[k('k'), code(KeyCode::Up)], Command::Up, true),
    b(
        &[code(KeyCode::Enter), k('l'), code(KeyCode::Right)],
        Command::Open,
        true,
    ),
    FOCUS,
    b(&[k('/')], Command::Search, true),
    b(&[k('n')], Command::Notes, false),
    b(&[k('t')], Command::Quiz, true),
    b(&[k('p')], Command::Plans, true),
    b(&[k('s')], Command::Stats, true),
    b(&[k(']')], Command::NextColumn, false),
    b(&[k('[')], Command::PrevColumn, false),
    b(&[k('g'), code(KeyCode::Home)], Command::First, false),
    b(&[k('G'), code(KeyCode::End)], Command::Last, false),
    b(&[k('?'), code(KeyCode::F(1))], Command::Help, true),
    b(&[k('q'), ctrl('c')], Command::Quit, true),
];

pub const READER: &[Binding] = &[
    b(&[k('j'), code(KeyCode::Down)], Command::LineDown, true),
    b(&[k('k'), code(KeyCode::Up)], Command::LineUp, true),
    b(
        &[k(' '), code(KeyCode::PageDown), ctrl('f')],
        Command::PageDown,
        true,
    ),
    b(
        &[code(KeyCode::PageUp), k('b'), ctrl('b')],
        Command::PageUp,
        false,
    ),
    b(&[k('t')], Command::Practice, false),
    b(&[k('/')], Command::Find, true),
    b(&[k('n')], Command::NextHit, false),
    b(&[k('N')], Command::PrevHit, false),
    b(&[k('a')], Command::Note, true),
    b(&[k('m')], Command::Bookmark, false),
    b(&[k('\'')], Command::Bookmarks, false),
    b(&[ctrl('d')], Command::HalfDown, false),
    b(&[ctrl('u')], Command::HalfUp, false),
    b(&[k('g'), code(KeyCode::Home)], Command::Top, false),
    b(&[k('G'), code(KeyCode::End)], Command::Bottom, true),
    b(
        &[
            code(KeyCode::Esc),
            k('h'),
            code(KeyCode::Left),
            code(KeyCode::Backspace),
        ],
        Command::Back,
        true,
    ),
    FOCUS,
    b(&[k('?'), code(KeyCode::F(1))], Command::Help, true),
    b(&[k('q'), ctrl('c')], Command::Quit, true),
];

pub const QUIZ_MENU: &[Binding] = &[
    b(&[k('j'), code(KeyCode::Down)], Command::Down, true),
    b(&[k('k'), code(KeyCode::Up)], Command::Up, true),
    b(&[code(KeyCode::Enter)], Command::Start, true),
    b(&[k('x')], Command::Abandon, false),
    b(&[code(KeyCode::Esc)], Command::Back, true),
    b(&[k('?'), code(KeyCode::F(1))], Command::Help, true),
    b(&[k('q'), ctrl('c')], Command::Quit, true),
];

/// Keys while answering (handled in `app::quiz`; this table is what hints and help show).
pub const QUESTION: &[Binding] = &[
    b(&[k('1'), k('a')], Command::Pick, true),
    b(&[k(' ')], Command::Toggle, true),
    b(&[k('j'), k('k')], Command::Down, false),
    b(&[code(KeyCode::Enter)], Command::Confirm, true),
    b(&[code(KeyCode::Tab)], Command::Focus, false),
    b(&[code(KeyCode::Esc)], Command::Leave, true),
    b(&[code(KeyCode::F(1))], Command::Help, false),
    b(&[ctrl('c')], Command::Quit, false),
];

pub const EXAM: &[Binding] = &[
    b(&[k('1'), k('a')], Command::Pick, true),
    b(&[code(KeyCode::Enter)], Command::Confirm, false),
    b(
        &[code(KeyCode::PageDown), k('n')],
        Command::NextQuestion,
        true,
    ),
    b(
        &[code(KeyCode::PageUp), k('p')],
        Command::PrevQuestion,
        true,
    ),
    b(&[code(KeyCode::F(2)), k('m')], Command::Map, true),
    b(&[ctrl('s'), k('S')], Command::Submit, true),
    b(&[code(KeyCode::Esc)], Command::Leave, false),
    b(&[code(KeyCode::F(1))], Command::Help, false),
    b(&[ctrl('c')], Command::Quit, false),
];

pub const FEEDBACK: &[Binding] = &[
    b(&[code(KeyCode::Enter), k(' ')], Command::NextQuestion, true),
    b(&[k('j'), code(KeyCode::Down)], Command::LineDown, false),
    b(&[k('k'), code(KeyCode::Up)], Command::LineUp, false),
    b(&[k('o')], Command::OpenSource, true),
    b(&[code(KeyCode::Esc)], Command::Leave, true),
    b(&[code(KeyCode::F(1))], Command::Help, false),
    b(&[ctrl('c')], Command::Quit, false),
];

pub const RESULTS: &[Binding] = &[
    b(&[code(KeyCode::Enter), k('r')], Command::ReviewAll, true),
    b(
        &[k('n'), code(KeyCode::PageDown)],
        Command::NextQuestion,
        true,
    ),
    b(
        &[k('p'), code(KeyCode::PageUp)],
        Command::PrevQuestion,
        true,
    ),
    b(&[k('j'), code(KeyCode::Down)], Command::LineDown, false),
    b(&[k('k'), code(KeyCode::Up)], Command::LineUp, false),
    b(&[code(KeyCode::Esc), k('q')], Command::Leave, true),
    b(&[code(KeyCode::F(1))], Command::Help, false),
    b(&[ctrl('c')], Command::Quit, false),
];

pub const PLANS: &[Binding] = &[
    b(&[k('j'), code(KeyCode::Down)], Command::Down, false),
    b(&[k('k'), code(KeyCode::Up)], Command::Up, false),
    b(&[code(KeyCode::Enter)], Command::OpenItem, true),
    b(&[k(' ')], Command::Tick, true),
    b(&[k('a')], Command::AddTask, true),
    b(&[k('n')], Command::NewPlan, true),
    b(
        &[k('l'), k(']'), code(KeyCode::Right)],
        Command::NextPlan,
        true,
    ),
    b(
        &[k('h'), k('['), code(KeyCode::Left)],
        Command::PrevPlan,
        false,
    ),
    b(&[k('g'), code(KeyCode::Home)], Command::First, false),
    b(&[k('G'), code(KeyCode::End)], Command::Last, false),
    b(&[code(KeyCode::Esc)], Command::Back, true),
    b(&[k('?'), code(KeyCode::F(1))], Command::Help, true),
    b(&[k('q'), ctrl('c')], Command::Quit, true),
];

/// Typing: only these two keys are not text (handled in `app::plans`).
pub const PROMPT: &[Binding] = &[
    b(&[code(KeyCode::Enter)], Command::Save, true),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

pub const STATS: &[Binding] = &[
    b(&[k('w')], Command::Period, true),
    b(&[k('e')], Command::Export, true),
    b(&[code(KeyCode::Esc)], Command::Back, true),
    b(&[k('?'), code(KeyCode::F(1))], Command::Help, true),
    b(&[k('q'), ctrl('c')], Command::Quit, true),
];

pub const EXPORT_MENU: &[Binding] = &[
    // the menu itself shows these
    b(&[k('m')], Command::ExportMd, false),
    b(&[k('c')], Command::ExportCsv, false),
    b(&[k('j')], Command::ExportJson, false),
    b(&[k('x')], Command::ExportXapi, false),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

pub const SEARCH: &[Binding] = &[
    b(
        &[code(KeyCode::Down), code(KeyCode::Tab), ctrl('n')],
        Command::Down,
        true,
    ),
    b(&[code(KeyCode::Up), ctrl('p')], Command::Up, true),
    b(&[code(KeyCode::Enter)], Command::Open, true),
    b(&[code(KeyCode::Esc)], Command::Back, true),
    b(&[code(KeyCode::F(1))], Command::Help, true),
    b(&[ctrl('c')], Command::Quit, false),
];

pub const FIND_PROMPT: &[Binding] = &[
    b(&[code(KeyCode::Enter)], Command::Find, true),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

pub const NOTES: &[Binding] = &[
    b(&[k('j'), code(KeyCode::Down)], Command::Down, true),
    b(&[k('k'), code(KeyCode::Up)], Command::Up, true),
    b(&[code(KeyCode::Enter)], Command::Open, true),
    b(&[k('g'), code(KeyCode::Home)], Command::First, false),
    b(&[k('G'), code(KeyCode::End)], Command::Last, false),
    b(&[code(KeyCode::Esc)], Command::Back, true),
    b(&[k('?'), code(KeyCode::F(1))], Command::Help, true),
    b(&[k('q'), ctrl('c')], Command::Quit, true),
];

/// Typing a note: Enter is a new line (handled in `app::notes`).
pub const NOTE_INPUT: &[Binding] = &[
    b(&[ctrl('s'), code(KeyCode::F(2))], Command::Save, true),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

pub const BOOKMARK_INPUT: &[Binding] = &[
    b(&[code(KeyCode::Enter)], Command::Save, true),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

pub const BOOKMARK_LIST: &[Binding] = &[
    b(&[k('j'), code(KeyCode::Down)], Command::Down, true),
    b(&[k('k'), code(KeyCode::Up)], Command::Up, true),
    b(&[code(KeyCode::Enter)], Command::Open, true),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

pub const ALL_CONTEXTS: [Context; 17] = [
    Context::Library,
    Context::Reader,
    Context::QuizMenu,
    Context::Question,
    Context::Exam,
    Context::Feedback,
    Context::Results,
    Context::Plans,
    Context::Prompt,
    Context::Stats,
    Context::ExportMenu,
    Context::Search,
    Context::FindPrompt,
    Context::Notes,
    Context::NoteInput,
    Context::BookmarkInput,
    Context::BookmarkList,
];

pub fn table(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Library => LIBRARY,
        Context::Reader => READER,
        Context::QuizMenu => QUIZ_MENU,
        Context::Question => QUESTION,
        Context::Exam => EXAM,
        Context::Feedback => FEEDBACK,
        Context::Results => RESULTS,
        Context::Plans => PLANS,
        Context::Prompt => PROMPT,
        Context::Stats => STATS,
        Context::ExportMenu => EXPORT_MENU,
        Context::Search => SEARCH,
        Context::FindPrompt => FIND_PROMPT,
        Context::Notes => NOTES,
        Context::NoteInput => NOTE_INPUT,
        Context::BookmarkInput => BOOKMARK_INPUT,
        Context::BookmarkList => BOOKMARK_LIST,
    }
}

/// The bindings that apply now.
pub fn active(ctx: Context, wide: bool) -> impl Iterator<Item = &'static Binding> {
    table(ctx).iter().filter(move |b| wide || !b.wide_only)
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
pub fn lookup(ctx: Context, wide: bool, ev: &KeyEvent) -> Option<Command> {
    if ev.kind == KeyEventKind::Release {
        return None;
    }
    active(ctx, wide)
        .find(|b| b.keys.iter().any(|k| matches(k, ev)))
        .map(|b| b.command)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn lookups() {
        let r = |c, m| lookup(Context::Reader, false, &press(c, m));
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
                true,
                &press(KeyCode::Tab, KeyModifiers::NONE)
            ),
            Some(Command::Focus)
        );
    }
}
