//! What the app asks of the event loop: [`Effect`]s, carried out against the store and the
//! services by `tui`, their results fed back to the app.

use crate::domain::material::Position;
use crate::domain::reading::ReadingSession;

/// A material to open, and where: a reading position to start at (a bookmark, a search hit)
/// and text to mark (a search's words, a quiz explanation's quote). Nothing given: where the
/// member left off.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Target {
    pub id: String,
    pub at: Option<Position>,
    pub find: Option<String>,
}

impl Target {
    pub fn new(id: impl Into<String>) -> Target {
        Target {
            id: id.into(),
            ..Target::default()
        }
    }
}

/// What the event loop must do for the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Load a material and hand it to [`App::opened`] with where to open it.
    Open(Target),
    SaveProgress {
        material: String,
        position: Position,
        percent: u8,
        read: bool,
    },
    SaveSession(ReadingSession),
    /// Read the member's progress again (after reading, a quiz, a plan) and hand it to
    /// [`App::set_progress`], with the review due today. The list itself is not read again.
    RefreshLibrary,
    /// Read the whole library again (materials came or went: a pack installed) and hand it to
    /// [`App::set_items`].
    ReloadLibrary,
    /// Build the quiz menu and hand it to [`App::quiz_menu`].
    LoadQuizMenu,
    /// Draw a session, record its attempt, and hand it to [`App::quiz_started`].
    StartQuiz(crate::domain::session::Start),
    /// Write an answer (and what it does to the wrong-answer book).
    SaveAnswer(crate::domain::book::AnswerRecord),
    /// The member graded an answer's recall on its feedback screen: schedule its review card
    /// from that grade instead of the default.
    Rate {
        answer: crate::domain::book::AnswerRecord,
        recall: crate::domain::review::Recall,
    },
    /// Keep an exam answer as given, ungraded: it reaches the log and the wrong-answer book
    /// only with the submission.
    SaveResponse(crate::domain::book::AnswerRecord),
    /// The exam's clock starts at `at` (the member pressed Enter on its start screen).
    BeginExam {
        attempt: i64,
        at: jiff::Timestamp,
    },
    /// Remember the question the member is on and the time used.
    SavePlace {
        attempt: i64,
        current: usize,
        used_secs: i64,
    },
    FinishAttempt {
        attempt: i64,
        results: crate::domain::session::Results,
        used_secs: i64,
        /// Answers graded only now (an exam's), written with the submission.
        graded: Vec<crate::domain::book::AnswerRecord>,
    },
    AbandonAttempt(i64),
    /// Read and check a study pack file; what it would change goes to [`App::pack_checked`].
    PreparePack(String),
    /// Import the study pack file (checked again), after the member said yes.
    ImportPack(String),
    /// An exam closed on its start screen, never begun: forgotten, not abandoned (it does not
    /// count as a try of a paper with a limit).
    DiscardAttempt(i64),
    /// Build every plan's checklist from the log and hand it to [`App::plans_loaded`].
    LoadPlans,
    /// Check (or uncheck) a checklist item (打卡): an event in the log; then reload the plans.
    CheckItem {
        plan: String,
        item: String,
        done: bool,
        note: String,
    },
    AddTask {
        plan: String,
        title: String,
    },
    /// Add an item of the member's own to a plan; then reload the plans.
    AddItem {
        plan: String,
        title: String,
        kind: crate::domain::plan::ItemKind,
        due: Option<jiff::civil::Date>,
    },
    NewPlan {
        title: String,
    },
    /// Remove a task the member added; then reload the plans.
    RemoveItem {
        plan: String,
        item: String,
    },
    /// Remove a plan the member made; then reload the plans.
    RemovePlan(String),
    /// Rename a plan the member made; then reload the plans.
    RenamePlan {
        plan: String,
        title: String,
    },
    /// Change a note's text or a bookmark's label; then reload the notes.
    EditAnnotation {
        id: i64,
        text: String,
    },
    /// Delete a note or bookmark; then reload the notes.
    DeleteAnnotation(i64),
    /// Draw a contest's questions for these players and hand it to [`App::contest_started`].
    StartContest(Vec<crate::domain::contest::Player>),
    /// Keep a finished contest and write its results; report with [`App::contest_saved`].
    SaveContest(crate::domain::contest::ContestRecord),
    /// Make a card from the text (挖空); report with [`App::cloze_made`].
    MakeCloze {
        material: String,
        sentence: String,
        word: String,
    },
    /// The hint of an unanswered question was looked at: remember it with the attempt.
    SaveHint {
        attempt: i64,
        position: usize,
    },
    /// Load every review card and hand them to [`App::cards_loaded`].
    LoadCards,
    /// Stop (or resume) asking a question in reviews.
    SuspendCard {
        bank: String,
        question: String,
        suspended: bool,
    },
    /// Take a question out of review and out of the wrong-answer book.
    ForgetCard {
        bank: String,
        question: String,
    },
    /// The welcome screen was left: remember it was seen (the first time), and save the
    /// member's name in the config file when one was typed.
    Welcomed {
        first: bool,
        name: Option<String>,
    },
    /// Start a plan over on a day (its dates moved to begin then); then reload the plans.
    RestartPlan {
        plan: String,
        on: jiff::civil::Date,
    },
    /// Compute the figures for the period ending today and hand them to [`App::stats_loaded`].
    LoadStats(crate::domain::stats::PeriodKind),
    /// Save a bookmark or a note (a note also goes into the log); then reload the reader's.
    Annotate {
        kind: crate::domain::annotation::AnnotationKind,
        material: String,
        position: Position,
        quote: String,
        text: String,
    },
    /// Load every bookmark and note and hand them to [`App::notes_loaded`].
    LoadNotes,
    /// Search the materials for this text; hand the results to [`App::search_results`].
    Search(String),
    /// Write an export of `period` into the export folder; report with [`App::exported`].
    Export {
        format: crate::domain::report::Format,
        period: crate::domain::stats::Period,
    },
    Quit,
}
