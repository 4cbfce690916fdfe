//! What each [`Effect`] that loads something for a screen does, one small function a family:
//! the library and the reader, the quiz, the cards, notes and search, the welcome, and study
//! packs. The loads that read the whole study log (plans, stats, the export) are [`Job`]s,
//! which the running loop hands to its [`Worker`] thread.

use jiff::Timestamp;

use super::worker::{Job, Worker, deliver};
use crate::app::{App, Effect, Target};
use crate::i18n::fill;
use crate::service::errors::store_text;
use crate::store::Store;

/// Carries out an effect that loads something for a screen (writes go through
/// [`super::effects::write`]).
pub(super) fn load(
    app: &mut App,
    store: &mut Store,
    fx: Effect,
    now: Timestamp,
    worker: Option<&Worker>,
) {
    if let Some(job) = Job::of(app, &fx, now) {
        // off the loop thread when there is a worker (and it is still there)
        let job = match worker {
            Some(w) => match w.ask(job) {
                Ok(()) => return,
                Err(job) => job,
            },
            None => job,
        };
        deliver(app, job.run(store), now);
        return;
    }
    match fx {
        Effect::Open(target) => open(app, store, &target, now),
        Effect::ReloadLibrary => {
            match store.library(None) {
                Ok(items) => app.set_items(items),
                Err(e) => tracing::error!(error = %e, "reloading the library failed"),
            }
            refresh_library(app, store, now);
        }
        Effect::RefreshLibrary => refresh_library(app, store, now),
        Effect::LoadQuizMenu => quiz_menu(app, store, now),
        Effect::StartQuiz(start) => start_quiz(app, store, &start, now),
        Effect::StartContest(players) => start_contest(app, store, players, now),
        Effect::SaveContest(record) => save_contest(app, store, &record, now),
        Effect::MakeCloze {
            material,
            sentence,
            word,
        } => {
            let made = crate::service::quiz::make_cloze(
                store,
                &app.strings,
                &material,
                &sentence,
                &word,
                now,
                &app.tz,
            );
            app.cloze_made(made, now);
        }
        Effect::LoadCards => cards(app, store, now),
        Effect::Welcomed { first, name } => welcomed(app, store, first, name, now),
        Effect::LoadNotes => match store.annotations(None) {
            Ok(a) => app.notes_loaded(a),
            Err(e) => app.error(store_text(&e, &app.strings), now),
        },
        Effect::Search(text) => search(app, store, text),
        Effect::PreparePack(text) => prepare_pack(app, store, &text, now),
        Effect::ImportPack(path) => import_pack(app, store, path, now, worker),
        // the writes (effects::write carried them out) and quitting (the loop's own)
        _ => {}
    }
}

/// Opens a material in the reader, with its notes.
fn open(app: &mut App, store: &mut Store, target: &Target, now: Timestamp) {
    match store.material(&target.id) {
        Ok((m, origin, progress)) => {
            let id = target.id.clone();
            app.opened(m, origin, progress, target, now);
            match store.annotations(Some(&id)) {
                Ok(a) => app.annotations_loaded(&id, a),
                Err(e) => tracing::error!(%id, error = %e, "loading notes failed"),
            }
        }
        Err(e) => {
            tracing::error!(id = %target.id, error = %e, "open failed");
            let text = fill(
                &app.strings.open_failed,
                &[("e", &store_text(&e, &app.strings))],
            );
            app.error(text, now);
        }
    }
}

/// The library's progress and the reviews due today, read again.
fn refresh_library(app: &mut App, store: &mut Store, now: Timestamp) {
    match store.all_progress() {
        Ok(p) => app.set_progress(p),
        Err(e) => tracing::error!(error = %e, "reading the progress again failed"),
    }
    let day = crate::domain::stats::day_of(now, &app.tz).to_string();
    app.library.review_due = store
        .review_today(&day, app.config.review.daily)
        .map(|v| v.len())
        .unwrap_or(0);
}

/// The quiz menu, after handing in an exam whose time ran out.
fn quiz_menu(app: &mut App, store: &mut Store, now: Timestamp) {
    if !store.is_read_only() {
        match crate::service::quiz::settle_expired(store, now, &app.tz) {
            Ok(true) => {
                let text = app.strings.quiz_time_up_auto.clone();
                app.notice(text, now);
            }
            Ok(false) => {}
            Err(e) => tracing::error!(error = %e, "submitting a timed-out exam failed"),
        }
    }
    load_menu(app, store, now);
}

fn load_menu(app: &mut App, store: &mut Store, now: Timestamp) {
    match crate::service::quiz::menu(store, &app.strings, now, &app.tz, app.config.review.daily) {
        Ok(menu) => app.quiz_menu(menu),
        Err(e) => {
            tracing::error!(error = %e, "building the quiz menu failed");
            let text = crate::service::errors::render(&e, &app.strings);
            app.error(text, now);
        }
    }
}

fn start_quiz(
    app: &mut App,
    store: &mut Store,
    start: &crate::domain::session::Start,
    now: Timestamp,
) {
    match crate::service::quiz::start(store, start, now, &app.tz, app.config.review.daily) {
        Ok((session, day)) => app.quiz_started(session, day, now),
        Err(e) => {
            tracing::error!(error = %e, "starting a quiz failed");
            let text = e.message(&app.strings);
            app.error(text, now);
            load_menu(app, store, now);
        }
    }
}

fn start_contest(
    app: &mut App,
    store: &mut Store,
    players: Vec<crate::domain::contest::Player>,
    now: Timestamp,
) {
    match crate::service::quiz::contest(store, players, now) {
        Ok(Some(game)) => app.contest_started(game, now),
        Ok(None) => {
            let text = app.strings.contest_too_few.clone();
            app.error(text, now);
        }
        Err(e) => {
            let text = e.message(&app.strings);
            app.error(text, now);
        }
    }
}

fn save_contest(
    app: &mut App,
    store: &mut Store,
    record: &crate::domain::contest::ContestRecord,
    now: Timestamp,
) {
    let dir = app.export_dir.clone();
    match crate::service::quiz::save_contest(store, record, &app.strings, &app.tz, dir.as_deref()) {
        Ok(path) => app.contest_saved(path, now),
        Err(e) => {
            let text = crate::i18n::fill(&app.strings.export_failed, &[("e", &e)]);
            app.error(text, now);
        }
    }
}

/// The 错题/复习 browser's cards.
fn cards(app: &mut App, store: &mut Store, now: Timestamp) {
    let today = crate::domain::stats::day_of(now, &app.tz);
    // the browser's "今日复习" is the menu's figure, counted the same way
    app.library.review_due = store
        .review_today(&today.to_string(), app.config.review.daily)
        .map(|v| v.len())
        .unwrap_or(0);
    match store.review_rows_on(&today.to_string()) {
        Ok(rows) => app.cards_loaded(rows, today),
        Err(e) => app.error(store_text(&e, &app.strings), now),
    }
}

/// The welcome was seen (`first`: at the first start), and the member's name, if given, kept
/// in their config file.
fn welcomed(app: &mut App, store: &mut Store, first: bool, name: Option<String>, now: Timestamp) {
    // seen once: not shown at the next start (a read-only database cannot remember it)
    if first
        && !store.is_read_only()
        && let Err(e) = store.set_meta(crate::store::WELCOMED_KEY, &now.to_string())
    {
        tracing::error!(error = %e, "remembering the welcome failed");
    }
    let Some(name) = name else { return };
    match app.config_path.clone() {
        Some(path) => match crate::service::settings::set_member_name(&path, &name, &app.strings) {
            Ok(()) => app.name_saved(name, &path.display().to_string(), now),
            Err(text) => app.error(text, now),
        },
        None => {
            let text = app.strings.problem(&crate::i18n::msg("no_config_path"));
            app.error(text, now);
        }
    }
}

fn search(app: &mut App, store: &mut Store, text: String) {
    let result = match crate::text::search::Query::parse(&text) {
        Ok(q) => store
            .search(&q, None, crate::app::search::RESULTS)
            .map_err(|e| store_text(&e, &app.strings)),
        Err(e) => Err(app.strings.query_error(&e)),
    };
    app.search_results(text, result);
}

/// A study pack checked, and what it holds shown before it is imported.
fn prepare_pack(app: &mut App, store: &mut Store, text: &str, now: Timestamp) {
    let path = crate::service::pack::typed_path(text);
    match crate::service::pack::prepare(store, &path) {
        Ok(Ok(p)) => {
            let lines = crate::service::pack::describe(&app.strings, &p);
            app.pack_checked(path.display().to_string(), lines);
        }
        Ok(Err(errors)) => {
            let text = crate::service::pack::refused_line(&app.strings, &errors);
            app.error(text, now);
        }
        Err(e) => {
            let text = crate::service::errors::render(&e, &app.strings);
            app.error(text, now);
        }
    }
}

/// A study pack imported; the screen turns to its (first) plan.
fn import_pack(
    app: &mut App,
    store: &mut Store,
    path: String,
    now: Timestamp,
    worker: Option<&Worker>,
) {
    // checked again: the file may have changed since the member saw what it holds
    let path = std::path::PathBuf::from(path);
    let result = match crate::service::pack::prepare(store, &path) {
        Ok(Ok(p)) => crate::service::pack::install(store, &p, now)
            .map(|()| p)
            .map_err(|e| store_text(&e, &app.strings)),
        Ok(Err(errors)) => Err(crate::service::pack::refused_line(&app.strings, &errors)),
        Err(e) => Err(crate::service::errors::render(&e, &app.strings)),
    };
    match result {
        Ok(p) => {
            let text = app.strings.problem(
                &crate::i18n::msg("pack_installed")
                    .arg("id", &p.manifest.pack.id)
                    .arg("version", &p.manifest.pack.version),
            );
            if let (Some(v), Some(first)) = (app.plans_mut(), p.contents.plans.items.first()) {
                v.want_plan = Some(first.item.id.clone());
            }
            super::apply_with(
                app,
                store,
                vec![Effect::LoadPlans, Effect::ReloadLibrary],
                now,
                worker,
            );
            app.notice(text, now);
        }
        Err(text) => app.error(text, now),
    }
}
