//! The effects that write the member's record: each one store call, its result fed back to the
//! app, and the writes a full disk kept in memory (the loads are `loads.rs` and `worker.rs`).

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
    worker: Option<&super::worker::Worker>,
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
        super::apply_with(app, store, vec![f], now, worker);
    }
}

fn reload_annotations(app: &mut App, store: &Store, material: &str) {
    if let Ok(a) = store.annotations(Some(material)) {
        app.annotations_loaded(material, a);
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
