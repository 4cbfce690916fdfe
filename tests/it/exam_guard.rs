//! An open exam belongs to the xuexi that opened it and closes its bank's key until it is
//! handed in; its deadline is a fact wherever the member is; a restore does not undo it.

use crate::common;

use common::*;
use jiff::Timestamp;
use xuexi::app::quiz::Start;
use xuexi::app::{Effect, Screen};
use xuexi::i18n::{Lang, Strings};
use xuexi::import::bank_toml::parse_bank_toml;
use xuexi::service::quiz::{QuizError, menu, start};
use xuexi::store::Store;

const UTC: jiff::tz::TimeZone = jiff::tz::TimeZone::UTC;

/// A bank of six singles with a one-minute paper that may be taken twice.
fn bank_toml() -> String {
    let mut t = String::from("[bank]\nid = \"rules\"\ntitle = \"规则\"\n");
    for i in 0..6 {
        t.push_str(&format!(
            "\n[[questions]]\nid = \"s{i}\"\ntype = \"single\"\nstem = \"单选{i}（　）\"\noptions = [\"甲\", \"乙\", \"丙\"]\nanswer = \"A\"\nexplanation = \"解析{i}\"\n"
        ));
    }
    t + "\n[[papers]]\nid = \"exam\"\ntitle = \"一分钟测验\"\nminutes = 1\npass = 60\ndraw = { single = 3 }\nattempts = 2\n"
}

fn import_rules(store: &mut Store) {
    let text = bank_toml();
    let bank = parse_bank_toml(std::path::Path::new("rules.toml"), &text, &|_| true)
        .unwrap_or_else(|e| panic!("{e:?}"));
    store
        .import_banks(&[(bank, "h".into(), "rules.toml".into())], t0())
        .unwrap();
}

fn exam() -> Start {
    Start::Exam {
        bank: "rules".into(),
        paper: "exam".into(),
    }
}

/// Starts the exam and its clock at `t0()`: its attempt's id.
fn open_exam(store: &mut Store) -> i64 {
    let (session, _) = start(store, &exam(), t0(), &UTC, 20).unwrap();
    store.begin_exam(session.attempt, t0()).unwrap();
    session.attempt
}

fn no_results() -> xuexi::domain::session::Results {
    xuexi::domain::session::Results {
        sealed: false,
        score: 0.0,
        max: 6.0,
        percent: 0.0,
        passed: Some(false),
        right: 0,
        answered: 0,
        by_kind: Vec::new(),
    }
}

fn zh() -> Strings {
    Strings::load(Lang::ZhCn)
}

// ---- 1. a read-only xuexi (another holds the folder) never opens the exam

#[test]
fn a_second_xuexi_shows_the_exam_as_answered_elsewhere_and_never_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xuexi.db");
    let id = {
        let mut w = Store::open(&db).unwrap();
        import_rules(&mut w);
        open_exam(&mut w)
    };
    let mut ro = Store::open_read_only(&db).unwrap();
    ro.set_held_elsewhere();
    let m = menu(&ro, &zh(), at(10), &UTC, 20).unwrap();
    let line = &m[0];
    assert!(
        line.label.starts_with("在另一个终端中作答：一分钟测验"),
        "{}",
        line.label
    );
    assert!(line.label.contains("00:50"), "its clock: {}", line.label);
    assert_eq!(line.start, None, "Enter does not open it");
    assert_eq!(line.abandon, None, "nor may it be given up here");
    let why = line.closed.as_deref().unwrap();
    assert!(why.contains("另一个 xuexi"), "the real reason: {why}");
    assert!(!why.contains("写不了"), "not an unwritable folder: {why}");
    // resuming it by id is refused too, naming the other xuexi
    let err = start(&mut ro, &Start::Resume(id), at(10), &UTC, 20).unwrap_err();
    assert!(
        matches!(err, QuizError::ReadOnly { elsewhere: true }),
        "{err}"
    );
    assert!(err.message(&zh()).contains("另一个 xuexi"));

    // through the app: nothing opens, the message names the other xuexi, closed book holds
    let mut app = common::app(&ro, Lang::ZhCn, 80, 24);
    app.read_only = true;
    app.stack.show_quiz();
    xuexi::tui::apply(&mut app, &mut ro, vec![Effect::LoadQuizMenu], at(10));
    assert!(app.exam_open(), "the materials stay closed here too");
    xuexi::tui::apply(
        &mut app,
        &mut ro,
        vec![Effect::StartQuiz(Start::Resume(id))],
        at(10),
    );
    assert!(app.quiz().unwrap().run.is_none(), "no exam opened");
    let shown = screen_text(&draw(&app, 80, 24));
    assert!(shown.contains("在另一个终端中作答"), "{shown}");
    // the writer still has it open, untouched
    let w = Store::open(&db).unwrap();
    assert_eq!(w.open_exam().unwrap().unwrap().id, id);
}

#[test]
fn a_second_xuexi_starts_no_session_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xuexi.db");
    drop({
        let mut w = Store::open(&db).unwrap();
        import_rules(&mut w);
        w
    });
    let mut ro = Store::open_read_only(&db).unwrap();
    ro.set_held_elsewhere();
    let err = start(&mut ro, &exam(), t0(), &UTC, 20).unwrap_err();
    let text = err.message(&zh());
    assert!(text.contains("另一个 xuexi"), "{text}");
    // a folder that cannot be written is another reason, said as such
    let mut unwritable = Store::open_read_only(&db).unwrap();
    let err = start(&mut unwritable, &exam(), t0(), &UTC, 20).unwrap_err();
    assert!(matches!(err, QuizError::ReadOnly { elsewhere: false }));
}

// ---- 2. while it runs, nothing shows its bank's key

#[test]
fn while_an_exam_runs_its_key_and_the_practice_of_answers_are_refused() {
    let mut store = store();
    import_rules(&mut store);
    open_exam(&mut store);
    let s = zh();
    let why = xuexi::service::exam::guard(&store, &s, Some("rules"), at(15)).unwrap_err();
    assert!(why.contains("一分钟测验") && why.contains("00:45"), "{why}");
    // another bank's key is its own business; the materials are closed to every exam
    assert!(xuexi::service::exam::guard(&store, &s, Some("other"), at(15)).is_ok());
    assert!(xuexi::service::exam::guard(&store, &s, None, at(15)).is_err());
    // practice (which shows the answers) waits until the paper is handed in
    let practice = Start::Practice {
        bank: Some("rules".into()),
        tag: None,
        material: None,
    };
    let err = start(&mut store, &practice, at(15), &UTC, 20).unwrap_err();
    assert!(err.message(&s).contains("一分钟测验"), "{err}");
    // once its time is up the exam is over and guards nothing
    assert!(xuexi::service::exam::guard(&store, &s, Some("rules"), at(61)).is_ok());
}

#[test]
fn the_cli_prints_no_key_no_bank_and_no_search_during_an_exam() {
    let env = common::cli::CliEnv::new();
    let bank = env.dir.path().join("rules.toml");
    std::fs::write(&bank, bank_toml()).unwrap();
    env.cmd()
        .args(["bank", "import"])
        .arg(&bank)
        .assert()
        .success();
    {
        let mut store = env.store();
        let (session, _) = start(&mut store, &exam(), Timestamp::now(), &UTC, 20).unwrap();
        store.begin_exam(session.attempt, Timestamp::now()).unwrap();
    }
    for args in [
        &["paper", "print", "rules", "--key"][..],
        &["bank", "export", "rules", "--format", "toml"][..],
        &["search", "学习"][..],
    ] {
        let out = env.cmd().args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?} refused");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(!stdout.contains("解析"), "{args:?} printed: {stdout}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("一分钟测验") && stderr.contains("剩余"),
            "{args:?}: {stderr}"
        );
    }
    // the paper without its key is what the member sees anyway
    env.cmd()
        .args(["paper", "print", "rules"])
        .assert()
        .success();
}

// ---- 3. the deadline is a fact

#[test]
fn an_exam_that_ran_out_while_closed_is_handed_in_at_its_deadline() {
    let mut store = store();
    import_rules(&mut store);
    let id = open_exam(&mut store);
    // xuexi closed; started again an hour later
    let later = at(3600);
    assert!(xuexi::service::quiz::settle_expired(&mut store, later, &UTC).unwrap());
    let h = store.history().unwrap();
    let a = h.iter().find(|a| a.id == id).unwrap();
    assert_eq!(a.status, "submitted");
    assert_eq!(a.duration_secs, 60, "never more than its limit");
    let finished: String = store
        .conn()
        .query_row(
            "SELECT finished_at FROM attempts WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        finished.parse::<Timestamp>().unwrap(),
        at(60),
        "at its deadline"
    );
}

#[test]
fn a_late_hand_in_records_no_more_than_the_limit() {
    let mut store = store();
    import_rules(&mut store);
    let id = open_exam(&mut store);
    let results = no_results();
    // the screen counted 66 s (a tick late, a suspended laptop)
    store.finish_attempt(id, &results, 66, &[], at(66)).unwrap();
    let h = store.history().unwrap();
    assert_eq!(h[0].duration_secs, 60);
}

#[test]
fn the_menus_clock_counts_down_and_the_exam_is_handed_in_from_the_menu() {
    let mut store = store();
    import_rules(&mut store);
    let id = open_exam(&mut store);
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    xuexi::tui::apply(&mut app, &mut store, vec![Effect::LoadQuizMenu], at(5));
    // the member is elsewhere (the library); the menu's line still runs
    app.stack.show(Screen::Library);
    let label = |app: &xuexi::app::App| app.quiz().unwrap().menu[0].label.clone();
    let fx = app.tick(at(6));
    xuexi::tui::apply(&mut app, &mut store, fx, at(6));
    assert!(label(&app).contains("00:54"), "{}", label(&app));
    let fx = app.tick(at(7));
    xuexi::tui::apply(&mut app, &mut store, fx, at(7));
    assert!(
        label(&app).contains("00:53"),
        "redrawn each second: {}",
        label(&app)
    );
    for s in 8..=62 {
        let fx = app.tick(at(s));
        xuexi::tui::apply(&mut app, &mut store, fx, at(s));
    }
    assert!(store.open_exam().unwrap().is_none(), "handed in");
    let h = store.history().unwrap();
    let a = h.iter().find(|a| a.id == id).unwrap();
    assert_eq!((a.status.as_str(), a.duration_secs), ("submitted", 60));
}

// ---- 4. a restore does not undo an attempt

#[test]
fn restoring_a_backup_keeps_the_attempts_recorded_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xuexi.db");
    let backup = dir.path().join("morning.db");
    let mut store = Store::open(&db).unwrap();
    import_rules(&mut store);
    store.backup_to(&backup).unwrap();
    // both tries of the paper used after the backup
    for n in 0..2 {
        let id = open_exam(&mut store);
        let results = no_results();
        store
            .finish_attempt(id, &results, 30, &[], at(30 + n))
            .unwrap();
    }
    assert_eq!(store.exam_attempts("rules", "exam").unwrap(), 2);
    let events_before = store.events(None, None).unwrap().len();
    let back = store.restore_member_data(&backup).unwrap();
    assert_eq!(back.attempts_kept, 2, "the summary says what was kept");
    assert_eq!(
        store.exam_attempts("rules", "exam").unwrap(),
        2,
        "a paper's limit is not undone by restoring"
    );
    assert_eq!(store.history().unwrap().len(), 2);
    assert_eq!(
        store.events(None, None).unwrap().len(),
        events_before,
        "their log events too"
    );
    let err = start(&mut store, &exam(), at(100), &UTC, 20).unwrap_err();
    assert!(matches!(err, QuizError::NoAttemptsLeft(2)), "{err}");
    // restoring the same backup again keeps them once, not twice
    let again = store.restore_member_data(&backup).unwrap();
    assert_eq!(again.attempts_kept, 2);
    assert_eq!(store.history().unwrap().len(), 2);
}
