//! The key table, one list per context: what each key does, whether the hint bar shows it,
//! and when it applies. Dispatch, the hint bar and the help overlay all read these lists.
//! (The contest's are in `contest`; the parts several share in `common`.)

use ratatui::crossterm::event::KeyCode;

use super::common::{
    FIRST_LAST, FOCUS, HELP_END, LINES, QUIET_END, SCREEN_END, UP_DOWN, answer, cat, choose, yes_no,
};
use super::contest;
use super::{Binding, Command, Context, When, b, bw, code, ctrl, k};

pub const LIBRARY: &[Binding] = cat![
    UP_DOWN,
    &[
        b(
            &[code(KeyCode::Enter), k('l'), code(KeyCode::Right)],
            Command::Open,
            true,
        ),
        FOCUS,
        b(&[k('/')], Command::Search, true),
        b(&[k('t')], Command::Quiz, true),
        b(&[k('p')], Command::Plans, true),
        b(&[k('s')], Command::Stats, true),
        b(&[k('n')], Command::Notes, true),
        // the stats screen's export menu, from where a member looks for it first
        b(&[k('e')], Command::Export, true),
        b(&[k('f')], Command::Filter, true),
        bw(
            &[code(KeyCode::Esc)],
            Command::ClearFilter,
            true,
            When::Filtered,
        ),
        b(&[k('w')], Command::Welcome, false),
        b(
            &[code(KeyCode::PageDown), k(' '), ctrl('f')],
            Command::ListPageDown,
            false,
        ),
        b(
            &[code(KeyCode::PageUp), ctrl('b')],
            Command::ListPageUp,
            false,
        ),
        b(&[k(']')], Command::NextColumn, false),
        b(&[k('[')], Command::PrevColumn, false),
    ],
    FIRST_LAST,
    SCREEN_END,
];

pub const READER: &[Binding] = cat![
    &[
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
        b(&[k('c')], Command::Cloze, true),
        b(&[k('v')], Command::ShowNotes, false),
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
    ],
    SCREEN_END,
];

pub const QUIZ_MENU: &[Binding] = cat![
    UP_DOWN,
    FIRST_LAST,
    &[
        b(&[code(KeyCode::Enter)], Command::Start, true),
        b(&[k('b')], Command::Cards, true),
        b(&[k('x')], Command::Abandon, false),
        b(&[code(KeyCode::Esc)], Command::Back, true),
    ],
    SCREEN_END,
];

/// Keys while answering a practice, daily, challenge or review question.
pub const QUESTION: &[Binding] = cat![
    &[bw(&[code(KeyCode::F(3))], Command::Hint, true, When::Hint)],
    &choose(true),
    &answer(true),
    &[
        b(&[code(KeyCode::Enter)], Command::Confirm, true),
        b(&[code(KeyCode::Esc)], Command::Leave, true),
    ],
    QUIET_END,
];

/// Keys while answering an exam question: answers change freely until the paper is handed in
/// (the bar, crowded with going from question to question, leaves out t/f, Space and Enter).
pub const EXAM: &[Binding] = cat![
    &choose(false),
    &answer(false),
    &[
        b(&[code(KeyCode::Enter)], Command::Confirm, false),
        b(&[code(KeyCode::PageDown)], Command::NextQuestion, true),
        b(&[code(KeyCode::PageUp)], Command::PrevQuestion, true),
        bw(
            &[k('n'), code(KeyCode::Right)],
            Command::NextQuestion,
            false,
            When::Options,
        ),
        bw(
            &[k('p'), code(KeyCode::Left)],
            Command::PrevQuestion,
            false,
            When::Options,
        ),
        b(&[code(KeyCode::F(2))], Command::Map, true),
        bw(&[k('m')], Command::Map, false, When::Options),
        b(&[ctrl('s')], Command::Submit, true),
        bw(&[k('S')], Command::Submit, false, When::Options),
        // leaving asks first (the clock keeps running)
        b(&[code(KeyCode::Esc)], Command::Leave, true),
    ],
    QUIET_END,
];

pub const EXAM_MAP: &[Binding] = cat![
    &[
        b(
            &[code(KeyCode::Right), code(KeyCode::Down), k('l'), k('j')],
            Command::Down,
            true,
        ),
        b(
            &[code(KeyCode::Left), code(KeyCode::Up), k('h'), k('k')],
            Command::Up,
            true,
        ),
        b(&[code(KeyCode::Enter)], Command::GoTo, true),
        b(
            &[code(KeyCode::Esc), code(KeyCode::F(2)), k('m')],
            Command::CloseMap,
            true,
        ),
    ],
    QUIET_END,
];

/// "Submit now?" before an exam is handed in.
pub const CONFIRM: &[Binding] = cat![&yes_no(Command::Submit), QUIET_END];

/// An exam's start screen: its clock starts on Enter.
pub const EXAM_START: &[Binding] = cat![
    &[
        b(&[code(KeyCode::Enter)], Command::Start, true),
        b(&[code(KeyCode::Esc)], Command::Leave, true),
    ],
    // the rules on a small screen (an arrow on the title line says more is below)
    LINES,
    QUIET_END,
];

/// "Leave the exam? Its clock keeps running."
pub const CONFIRM_LEAVE: &[Binding] = cat![&yes_no(Command::Leave), QUIET_END];

/// A yes/no question: delete this note? throw away what was typed? (Enter says neither.)
pub const ASK: &[Binding] = &[
    b(&[k('y')], Command::Confirm, true),
    b(&[k('n'), code(KeyCode::Esc)], Command::Cancel, true),
];

/// "Import this study pack?" with what it adds, updates and removes.
pub const CONFIRM_PACK: &[Binding] = cat![&yes_no(Command::Confirm), QUIET_END];

/// "Abandon this exam?" on the quiz menu.
pub const CONFIRM_ABANDON: &[Binding] = cat![&yes_no(Command::Abandon), QUIET_END];

pub const FEEDBACK: &[Binding] = cat![
    &[b(
        &[code(KeyCode::Enter), k(' '), k('n'), code(KeyCode::Right)],
        Command::NextQuestion,
        true,
    )],
    LINES,
    &[
        b(&[k('o')], Command::OpenSource, true),
        bw(
            &[k('1'), k('2'), k('3'), k('4')],
            Command::Rate,
            true,
            When::Rated,
        ),
        b(&[code(KeyCode::Esc)], Command::Leave, true),
    ],
    QUIET_END,
];

pub const RESULTS: &[Binding] = cat![
    &[
        b(
            &[code(KeyCode::Enter), k('r'), k(' ')],
            Command::ReviewAll,
            true,
        ),
        b(&[code(KeyCode::Esc), k('q')], Command::Leave, true),
    ],
    QUIET_END,
];

pub const REVIEW: &[Binding] = cat![
    &[
        b(
            &[
                k('n'),
                code(KeyCode::PageDown),
                code(KeyCode::Right),
                code(KeyCode::Enter),
            ],
            Command::NextQuestion,
            true,
        ),
        b(
            &[k('p'), code(KeyCode::PageUp), code(KeyCode::Left)],
            Command::PrevQuestion,
            true,
        ),
    ],
    LINES,
    &[
        b(&[k('o')], Command::OpenSource, true),
        b(&[code(KeyCode::Esc), k('q')], Command::BackToResults, true),
    ],
    QUIET_END,
];

pub const PLANS: &[Binding] = cat![
    &[
        b(&[k('j'), code(KeyCode::Down)], Command::Down, false),
        b(&[k('k'), code(KeyCode::Up)], Command::Up, false),
        b(&[code(KeyCode::Enter)], Command::OpenItem, true),
        b(&[k(' ')], Command::Tick, true),
        b(&[k('a')], Command::AddTask, true),
        b(&[k('n')], Command::NewPlan, true),
        b(&[k('i')], Command::ImportPack, true),
        // offered on the plan's own line when it is over or behind (the bar has no room)
        b(&[k('r')], Command::RestartPlan, false),
        // the member's own items and plans (in ? help; the bar has no room)
        b(&[k('d'), code(KeyCode::Delete)], Command::Delete, false),
        b(&[k('R')], Command::RenamePlan, false),
        b(&[k('D')], Command::DeletePlan, false),
        bw(
            &[k('l'), k(']'), code(KeyCode::Right)],
            Command::NextPlan,
            true,
            When::SeveralPlans,
        ),
        bw(
            &[k('h'), k('['), code(KeyCode::Left)],
            Command::PrevPlan,
            false,
            When::SeveralPlans,
        ),
    ],
    FIRST_LAST,
    &[b(&[code(KeyCode::Esc)], Command::Back, true)],
    SCREEN_END,
];

/// Typing: only these keys are not text (handled in `app::plans`).
pub const PROMPT: &[Binding] = &[
    bw(
        &[code(KeyCode::Tab)],
        Command::ItemKind,
        true,
        When::ItemPrompt,
    ),
    b(&[code(KeyCode::Enter)], Command::Save, true),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

pub const STATS: &[Binding] = cat![
    &[
        // a screen too low for the whole page scrolls (in ? help; the bar has no room)
        b(&[k('j'), code(KeyCode::Down)], Command::Down, false),
        b(&[k('k'), code(KeyCode::Up)], Command::Up, false),
        b(&[code(KeyCode::PageDown), k(' ')], Command::PageDown, false),
        b(&[code(KeyCode::PageUp)], Command::PageUp, false),
        b(&[k('w')], Command::Period, true),
        b(&[k('e')], Command::Export, true),
        b(&[code(KeyCode::Esc)], Command::Back, true),
    ],
    SCREEN_END,
];

pub const EXPORT_MENU: &[Binding] = &[
    // the menu itself shows these
    b(&[k('m')], Command::ExportMd, false),
    b(&[k('h')], Command::ExportHtml, false),
    b(&[k('c')], Command::ExportCsv, false),
    b(&[k('j')], Command::ExportJson, false),
    b(&[k('x')], Command::ExportXapi, false),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

/// Typing the member's name: keys that are not text.
pub const WELCOME: &[Binding] = &[
    b(&[code(KeyCode::Enter)], Command::Save, true),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
    // (one line to type into: its keys are all on the bar)
    b(&[code(KeyCode::F(1))], Command::Help, false),
    b(&[ctrl('c')], Command::Quit, true),
];

pub const SEARCH: &[Binding] = cat![
    &[
        b(
            &[code(KeyCode::Down), code(KeyCode::Tab), ctrl('n')],
            Command::Down,
            true,
        ),
        b(
            &[code(KeyCode::Up), code(KeyCode::BackTab), ctrl('p')],
            Command::Up,
            true,
        ),
        b(&[code(KeyCode::Enter)], Command::Open, true),
        b(&[code(KeyCode::Esc)], Command::Back, true),
    ],
    HELP_END,
];

pub const FIND_PROMPT: &[Binding] = &[
    b(&[code(KeyCode::Enter)], Command::Find, true),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

pub const NOTES: &[Binding] = cat![
    UP_DOWN,
    &[
        b(&[code(KeyCode::Enter)], Command::Open, true),
        b(&[k('e')], Command::Edit, true),
        b(&[k('d'), code(KeyCode::Delete)], Command::Delete, true),
    ],
    FIRST_LAST,
    &[b(&[code(KeyCode::Esc)], Command::Back, true)],
    SCREEN_END,
];

/// Making a card from the text: ↑/↓ choose the sentence, the rest is typed into the word.
pub const CLOZE_INPUT: &[Binding] = &[
    b(&[code(KeyCode::Up)], Command::Up, true),
    b(&[code(KeyCode::Down)], Command::Down, true),
    b(&[code(KeyCode::Enter)], Command::Save, true),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
    b(&[ctrl('c')], Command::Quit, false),
];

/// The 错题/复习 browser.
pub const CARDS: &[Binding] = cat![
    UP_DOWN,
    &[
        b(&[code(KeyCode::Enter), k('o')], Command::OpenSource, true),
        b(&[k('/')], Command::Search, true),
        b(&[k('s')], Command::Suspend, true),
        b(&[k('d'), code(KeyCode::Delete)], Command::Delete, true),
    ],
    FIRST_LAST,
    &[b(&[code(KeyCode::Esc)], Command::Back, true)],
    SCREEN_END,
];

/// Typing a note: Enter is a new line (handled in `app::notes`).
pub const NOTE_INPUT: &[Binding] = &[
    b(&[ctrl('s'), code(KeyCode::F(2))], Command::Save, true),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

pub const BOOKMARK_INPUT: &[Binding] = &[
    b(
        &[code(KeyCode::Enter), ctrl('s'), code(KeyCode::F(2))],
        Command::Save,
        true,
    ),
    b(&[code(KeyCode::Esc)], Command::Cancel, true),
];

pub const BOOKMARK_LIST: &[Binding] = cat![
    UP_DOWN,
    &[
        b(&[code(KeyCode::Enter)], Command::Open, true),
        b(&[code(KeyCode::Esc)], Command::Cancel, true),
    ],
];

/// The profile picker at start: choose whose data opens, or make a new profile.
pub const PROFILES: &[Binding] = cat![
    UP_DOWN,
    &[
        b(&[code(KeyCode::Enter)], Command::Open, true),
        b(&[k('n')], Command::NewProfile, true),
        b(
            &[k('q'), code(KeyCode::Esc), ctrl('c')],
            Command::Quit,
            true,
        ),
    ],
];

/// The table of `ctx`. (No wildcard: a new context fails to compile until it has one.)
pub fn table(ctx: Context) -> &'static [Binding] {
    match ctx {
        Context::Library => LIBRARY,
        Context::Reader => READER,
        Context::QuizMenu => QUIZ_MENU,
        Context::Question => QUESTION,
        Context::Exam => EXAM,
        Context::ExamMap => EXAM_MAP,
        Context::Confirm => CONFIRM,
        Context::ExamStart => EXAM_START,
        Context::ConfirmLeave => CONFIRM_LEAVE,
        Context::ConfirmAbandon => CONFIRM_ABANDON,
        Context::ConfirmPack => CONFIRM_PACK,
        Context::Feedback => FEEDBACK,
        Context::Results => RESULTS,
        Context::Review => REVIEW,
        Context::Plans => PLANS,
        Context::Prompt => PROMPT,
        Context::Stats => STATS,
        Context::ExportMenu => EXPORT_MENU,
        Context::Search => SEARCH,
        Context::Welcome => WELCOME,
        Context::Ask => ASK,
        Context::FindPrompt => FIND_PROMPT,
        Context::Notes => NOTES,
        Context::Cards => CARDS,
        Context::ClozeInput => CLOZE_INPUT,
        Context::ContestSetup => contest::CONTEST_SETUP,
        Context::ContestNext => contest::CONTEST_NEXT,
        Context::ContestStake => contest::CONTEST_STAKE,
        Context::ContestAsk => contest::CONTEST_ASK,
        Context::ContestOver => contest::CONTEST_OVER,
        Context::NoteInput => NOTE_INPUT,
        Context::BookmarkInput => BOOKMARK_INPUT,
        Context::BookmarkList => BOOKMARK_LIST,
        Context::Profiles => PROFILES,
    }
}
