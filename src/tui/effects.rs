//! What each [`Effect`] does: writes of the member's record (each one store call, its result
//! fed back to the app), loads for the screens (through the services), and the writes a full
//! disk kept in memory.

use crate::service::errors::store_text;
use jiff::Timestamp;

use super::apply;
use crate::app::{App, Effect};
use crate::domain::annotation::AnnotationKind;
use crate::i18n::fill;
use crate::store::{Store, StoreError};

/// What a write gave back that the app wants to know.
pub(super) enum Written {
    Done,
    /// A new plan, with its id.
    Plan(String),
}

/// The effects that write the member's record (progress, reading time, answers, ticks, notes).
pub(super) fn is_write(fx: &Effect) -> bool {
    write_kind(fx).is_some()
}

/// What a write writes, for the log (the kind only: a note's text is the member's own, not the
/// log's); `None` for an effect that is not a write.
fn write_kind(fx: &Effect) -> Option<&'static str> {
    Some(match fx {
        Effect::SaveProgress { .. } => "progress",
        Effect::SaveSession(_) => "reading session",
        Effect::SaveAnswer(_) => "answer",
        Effect::SaveResponse(_) => "exam answer",
        Effect::Rate { .. } => "grade",
        Effect::SaveHint { .. } => "hint",
        Effect::SuspendCard { .. } => "suspend",
        Effect::ForgetCard { .. } => "review delete",
        Effect::BeginExam { .. } => "exam start",
        Effect::SavePlace { .. } => "exam place",
        Effect::FinishAttempt { .. } => "attempt",
        Effect::AbandonAttempt(_) => "abandon",
        Effect::DiscardAttempt(_) => "discard",
        Effect::CheckItem { .. } => "tick",
        Effect::AddTask { .. } => "task",
        Effect::AddItem { .. } => "plan item",
        Effect::NewPlan { .. } => "plan",
        Effect::RestartPlan { .. } => "plan restart",
        Effect::EditAnnotation { .. } => "note edit",
        Effect::RemoveItem { .. } => "task remove",
        Effect::RemovePlan(_) => "plan remove",
        Effect::RenamePlan { .. } => "plan rename",
        Effect::DeleteAnnotation(_) => "note delete",
        Effect::Annotate { .. } => "note",
        _ => return None,
    })
}

/// Carries out a write of the member's record; `None` when `fx` is not one ([`is_write`]).
pub(super) fn write(
    store: &mut Store,
    fx: &Effect,
    now: Timestamp,
) -> Option<Result<Written, StoreError>> {
    let done = |r: Result<(), StoreError>| Some(r.map(|()| Written::Done));
    match fx {
        Effect::SaveProgress {
            material,
            position,
            percent,
            read,
        } => done(store.save_progress(material, *position, *percent, *read, now)),
        Effect::SaveSession(s) => done(store.save_session(s)),
        Effect::SaveAnswer(a) => done(store.save_answer(a, now)),
        Effect::SaveResponse(a) => done(store.save_response(a, now)),
        Effect::Rate { answer, recall } => done(store.rate(answer, *recall, now).map(drop)),
        Effect::SaveHint { attempt, position } => done(store.mark_hint(*attempt, *position)),
        Effect::SuspendCard {
            bank,
            question,
            suspended,
        } => done(store.suspend_card(bank, question, *suspended)),
        Effect::ForgetCard { bank, question } => done(store.forget_card(bank, question)),
        Effect::BeginExam { attempt, at } => done(store.begin_exam(*attempt, *at)),
        Effect::SavePlace {
            attempt,
            current,
            used_secs,
        } => done(store.save_place(*attempt, *current, *used_secs)),
        Effect::FinishAttempt {
            attempt,
            results,
            used_secs,
            graded,
        } => done(store.finish_attempt(*attempt, results, *used_secs, graded, now)),
        Effect::AbandonAttempt(attempt) => done(store.abandon_attempt(*attempt, now)),
        Effect::DiscardAttempt(attempt) => done(store.discard_attempt(*attempt)),
        Effect::CheckItem {
            plan,
            item,
            done: ticked,
            note,
        } => done(store.tick(plan, item, *ticked, note, now)),
        Effect::AddTask { plan, title } => done(store.add_member_task(plan, title, None).map(drop)),
        Effect::AddItem {
            plan,
            title,
            kind,
            due,
        } => done(
            store
                .add_member_item(plan, title, kind.clone(), *due)
                .map(drop),
        ),
        Effect::NewPlan { title } => Some(store.create_member_plan(title, now).map(Written::Plan)),
        Effect::RestartPlan { plan, on } => done(store.restart_plan(plan, *on, now)),
        Effect::EditAnnotation { id, text } => {
            done(store.edit_annotation(*id, text, now).map(|_| ()))
        }
        Effect::DeleteAnnotation(id) => done(store.delete_annotation(*id, now).map(|_| ())),
        Effect::RemoveItem { plan, item } => done(store.remove_member_item(plan, item).map(|_| ())),
        Effect::RemovePlan(plan) => done(store.remove_member_plan(plan).map(|_| ())),
        Effect::RenamePlan { plan, title } => {
            done(store.rename_member_plan(plan, title, now).map(|_| ()))
        }
        Effect::Annotate {
            kind,
            material,
            position,
            quote,
            text,
        } => Some(
            store
                .annotate(*kind, material, *position, quote, text, now)
                .map(|_| Written::Done),
        ),
        _ => None,
    }
}

/// Feeds a write's result back: a notice or a reload where the screen shows what changed, and
/// a failure reported — or, when the disk is full, the write kept for later.
pub(super) fn written(
    app: &mut App,
    store: &mut Store,
    fx: Effect,
    result: Result<Written, StoreError>,
    now: Timestamp,
) {
    let follow = match &fx {
        Effect::CheckItem { .. }
        | Effect::AddTask { .. }
        | Effect::AddItem { .. }
        | Effect::NewPlan { .. }
        | Effect::RestartPlan { .. }
        | Effect::RemoveItem { .. }
        | Effect::RemovePlan(_)
        | Effect::RenamePlan { .. } => Some(Effect::LoadPlans),
        Effect::EditAnnotation { .. } | Effect::DeleteAnnotation(_) => Some(Effect::LoadNotes),
        _ => None,
    };
    match (&fx, result) {
        (Effect::NewPlan { .. }, Ok(Written::Plan(id))) => {
            if let Some(v) = app.plans_mut() {
                v.want_plan = Some(id);
            }
        }
        (Effect::Annotate { kind, .. }, Ok(_)) => {
            let text = match kind {
                AnnotationKind::Note => app.strings.saved_note.clone(),
                AnnotationKind::Bookmark => app.strings.saved_bookmark.clone(),
            };
            app.notice(text, now);
        }
        (_, Ok(_)) => {}
        (_, Err(e)) => {
            tracing::error!(write = write_kind(&fx), error = %e, "a write failed");
            write_failed(app, fx.clone(), &e, store.held_elsewhere(), now);
        }
    }
    if let Effect::Annotate { material, .. } = &fx {
        reload_annotations(app, store, material);
    }
    if let Some(f) = follow {
        apply(app, store, vec![f], now);
    }
}

fn reload_annotations(app: &mut App, store: &Store, material: &str) {
    if let Ok(a) = store.annotations(Some(material)) {
        app.annotations_loaded(material, a);
    }
}

/// Carries out an effect that loads something for a screen (writes go through [`write`]).
pub(super) fn load(app: &mut App, store: &mut Store, fx: Effect, now: Timestamp) {
    match fx {
        Effect::Open(target) => match store.material(&target.id) {
            Ok((m, origin, progress)) => {
                let id = target.id.clone();
                app.opened(m, origin, progress, &target, now);
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
        },
        Effect::ReloadLibrary => {
            match store.library(None) {
                Ok(items) => app.set_items(items),
                Err(e) => tracing::error!(error = %e, "reloading the library failed"),
            }
            load(app, store, Effect::RefreshLibrary, now);
        }
        Effect::RefreshLibrary => {
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
        Effect::LoadQuizMenu => {
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
        Effect::StartQuiz(start) => {
            match crate::service::quiz::start(store, &start, now, &app.tz, app.config.review.daily)
            {
                Ok((session, day)) => app.quiz_started(session, day, now),
                Err(e) => {
                    tracing::error!(error = %e, "starting a quiz failed");
                    let text = e.message(&app.strings);
                    app.error(text, now);
                    load_menu(app, store, now);
                }
            }
        }
        Effect::LoadPlans => {
            let today = crate::domain::stats::day_of(now, &app.tz);
            match crate::service::report::Log::load(store) {
                Ok(log) => {
                    let status = log.plan_status(&app.tz, today, None);
                    app.plans_loaded(status, log.names.quizzes.clone(), today)
                }
                Err(e) => {
                    tracing::error!(error = %e, "loading the plans failed");
                    app.error(store_text(&e, &app.strings), now);
                }
            }
        }
        Effect::StartContest(players) => match crate::service::quiz::contest(store, players, now) {
            Ok(Some(game)) => app.contest_started(game, now),
            Ok(None) => {
                let text = app.strings.contest_too_few.clone();
                app.error(text, now);
            }
            Err(e) => {
                let text = e.message(&app.strings);
                app.error(text, now);
            }
        },
        Effect::SaveContest(record) => {
            let dir = app.export_dir.clone();
            match crate::service::quiz::save_contest(
                store,
                &record,
                &app.strings,
                &app.tz,
                dir.as_deref(),
            ) {
                Ok(path) => app.contest_saved(path, now),
                Err(e) => {
                    let text = crate::i18n::fill(&app.strings.export_failed, &[("e", &e)]);
                    app.error(text, now);
                }
            }
        }
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
        Effect::LoadCards => {
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
        Effect::LoadStats(kind) => {
            let today = crate::domain::stats::day_of(now, &app.tz);
            let period = crate::domain::stats::Period::ending(kind, today);
            match crate::service::report::Log::load(store) {
                Ok(log) => {
                    let mut stats = log.stats(&app.config, &app.tz, today, period);
                    let tomorrow = today.tomorrow().unwrap_or(today).to_string();
                    let day = today.to_string();
                    stats.review_today = store
                        .review_today(&day, app.config.review.daily)
                        .map_or(0, |v| v.len());
                    stats.review_tomorrow = store.review_due_on(&tomorrow).unwrap_or(0);
                    app.stats_loaded(stats);
                }
                Err(e) => app.error(store_text(&e, &app.strings), now),
            }
        }
        Effect::Welcomed { first, name } => {
            // seen once: not shown at the next start (a read-only database cannot remember it)
            if first
                && !store.is_read_only()
                && let Err(e) = store.set_meta(crate::store::WELCOMED_KEY, &now.to_string())
            {
                tracing::error!(error = %e, "remembering the welcome failed");
            }
            if let Some(name) = name {
                match app.config_path.clone() {
                    Some(path) => {
                        match crate::service::settings::set_member_name(&path, &name, &app.strings)
                        {
                            Ok(()) => app.name_saved(name, &path.display().to_string(), now),
                            Err(text) => app.error(text, now),
                        }
                    }
                    None => {
                        let text = app.strings.problem(&crate::i18n::msg("no_config_path"));
                        app.error(text, now);
                    }
                }
            }
        }
        Effect::LoadNotes => match store.annotations(None) {
            Ok(a) => app.notes_loaded(a),
            Err(e) => app.error(store_text(&e, &app.strings), now),
        },
        Effect::Search(text) => {
            let result = match crate::text::search::Query::parse(&text) {
                Ok(q) => store
                    .search(&q, None, crate::app::search::RESULTS)
                    .map_err(|e| store_text(&e, &app.strings)),
                Err(e) => Err(app.strings.query_error(&e)),
            };
            app.search_results(text, result);
        }
        Effect::Export { format, period } => {
            let result = match &app.export_dir {
                Some(dir) => crate::service::report::export_file(
                    store,
                    &crate::service::report::ExportRequest {
                        config: &app.config,
                        strings: &app.strings,
                        format,
                        from: Some(period.from),
                        to: Some(period.to),
                        now,
                        tz: &app.tz,
                    },
                    dir,
                ),
                None => Err(app.strings.export_no_dir.clone()),
            };
            app.exported(result, now);
        }
        Effect::PreparePack(text) => {
            let path = crate::service::pack::typed_path(&text);
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
        Effect::ImportPack(path) => {
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
                    // the screen turns to the pack's (first) plan
                    if let (Some(v), Some(first)) =
                        (app.plans_mut(), p.contents.plans.items.first())
                    {
                        v.want_plan = Some(first.item.id.clone());
                    }
                    super::apply(
                        app,
                        store,
                        vec![Effect::LoadPlans, Effect::ReloadLibrary],
                        now,
                    );
                    app.notice(text, now);
                }
                Err(text) => app.error(text, now),
            }
        }
        // the writes ([`write`] carried them out) and quitting (the loop's own)
        _ => {}
    }
}

/// How often writes kept in memory are tried again while the disk is full.
pub const RETRY_SECS: i64 = 5;

/// A write failed. A full disk is one state, not an error per save: the write waits in memory
/// (the banner says so) and is tried again every [`RETRY_SECS`]; anything else is reported.
/// `held`: the store is read-only because another xuexi holds the folder, which is the reason
/// the member is told (not an unwritable folder).
fn write_failed(app: &mut App, fx: Effect, e: &StoreError, held: bool, now: Timestamp) {
    if held {
        let text = app.strings.quiz_held_elsewhere.clone();
        app.error(text, now);
    } else if e.is_disk_full() {
        if app.unsaved.is_empty() {
            tracing::warn!("the disk is full: the study record is kept in memory");
            app.retry_at = Some(now + jiff::SignedDuration::from_secs(RETRY_SECS));
        }
        keep_unsaved(app, fx);
    } else {
        let text = fill(
            &app.strings.save_failed,
            &[("e", &store_text(e, &app.strings))],
        );
        app.error(text, now);
    }
}

/// Queues a write; a newer position, reading-session checkpoint or exam time replaces the
/// one of the same material, session or attempt still waiting (each is an upsert).
pub(super) fn keep_unsaved(app: &mut App, fx: Effect) {
    app.unsaved.retain(|old| !same_row(&fx, old));
    app.unsaved.push(fx);
}

fn same_row(new: &Effect, old: &Effect) -> bool {
    match (new, old) {
        (Effect::SaveProgress { material: a, .. }, Effect::SaveProgress { material: b, .. }) => {
            a == b
        }
        (Effect::SavePlace { attempt: a, .. }, Effect::SavePlace { attempt: b, .. }) => a == b,
        (Effect::SaveResponse(a), Effect::SaveResponse(b)) => {
            a.attempt == b.attempt && a.position == b.position
        }
        (Effect::SaveSession(a), Effect::SaveSession(b)) => {
            a.material == b.material && a.started == b.started
        }
        _ => false,
    }
}

/// Tries the writes kept in memory again, in order, when their time has come (`force`: now).
/// When all went through, the banner goes and the member is told.
pub fn retry_unsaved(app: &mut App, store: &mut Store, now: Timestamp, force: bool) {
    if app.unsaved.is_empty() || (!force && app.retry_at.is_some_and(|t| now < t)) {
        return;
    }
    let waiting = std::mem::take(&mut app.unsaved);
    let count = waiting.len();
    apply(app, store, waiting, now);
    if app.unsaved.is_empty() {
        tracing::info!(count, "disk space is back: the kept writes are saved");
        app.retry_at = None;
        let text = app.strings.disk_saved_again.clone();
        app.notice(text, now);
    } else {
        app.retry_at = Some(now + jiff::SignedDuration::from_secs(RETRY_SECS));
    }
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
