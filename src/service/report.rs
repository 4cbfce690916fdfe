//! Gathers from the store what the stats screen, `xuexi stats` and the exports need, so the
//! TUI and the CLI compute the same figures from the same log.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::config::Config;
use crate::domain::log::Event;
use crate::domain::plan::{ItemStatus, Plan, status};
use crate::domain::stats::{Period, Stats, day_of, stats};
use crate::export::{Actor, Format, Header, Names, Report};
use crate::i18n::Strings;
use crate::store::Store;

/// The whole log with the names it refers to.
pub struct Log {
    pub events: Vec<Event>,
    pub names: Names,
    pub plans: Vec<Plan>,
    /// The database's own id (xAPI statement ids are made from it).
    pub install: String,
    /// The days the app was opened (登录 points).
    pub opened: Vec<jiff::civil::Date>,
}

impl Log {
    pub fn load(store: &Store) -> crate::store::Result<Log> {
        let mut names = Names::default();
        for m in store.list_materials()? {
            names
                .materials
                .insert(m.meta.id, (m.meta.title, m.meta.column));
        }
        for (key, title) in store.quiz_titles()? {
            names.quizzes.insert(key, title);
        }
        Ok(Log {
            events: store.events(None, None)?,
            names,
            plans: store.plans()?,
            install: store.install_id()?,
            opened: store.opened_days()?,
        })
    }

    /// [`Log::load`] with every question's text, which the CSV and JSON exports name (the
    /// plans and stats screens, which load the log often, do without it).
    pub fn load_for_export(store: &Store) -> crate::store::Result<Log> {
        let mut log = Log::load(store)?;
        for b in store.list_banks()? {
            for q in store.bank(&b.id)?.questions {
                log.names.questions.insert((b.id.clone(), q.id.clone()), q);
            }
        }
        Ok(log)
    }

    /// The figures for `period` (with today's points and the streaks as of `today`).
    pub fn stats(&self, config: &Config, tz: &TimeZone, today: Date, period: Period) -> Stats {
        let column_of = |id: &str| {
            self.names
                .materials
                .get(id)
                .map(|(_, c)| c.clone())
                .unwrap_or_default()
        };
        stats(
            &self.events,
            &self.opened,
            &config.points,
            tz,
            today,
            period,
            &column_of,
        )
    }

    /// Every plan with the state of its items, using the events before `until` only.
    pub fn plan_status(
        &self,
        tz: &TimeZone,
        today: Date,
        until: Option<Timestamp>,
    ) -> Vec<(Plan, Vec<ItemStatus>)> {
        let upto: Vec<Event>;
        let events = match until {
            Some(t) => {
                upto = self.events.iter().filter(|e| e.at < t).cloned().collect();
                &upto
            }
            None => &self.events,
        };
        self.plans
            .iter()
            .map(|p| (p.clone(), status(p, events, tz, today)))
            .collect()
    }
}

/// The period `--from`/`--to` give: both ends included; an open start is the first day in
/// the log, an open end today.
pub fn period(
    log: &Log,
    from: Option<Date>,
    to: Option<Date>,
    tz: &TimeZone,
    today: Date,
) -> Period {
    let first = log
        .events
        .first()
        .map(|e| day_of(e.at, tz))
        .unwrap_or(today);
    let to = to.unwrap_or(today);
    let from = from.unwrap_or(first.min(to));
    // a period that starts after today (only `--from` given): empty, never backwards
    Period {
        from,
        to: to.max(from),
    }
}

/// What an export is: its format and period (`None`: from the first record / to today), for
/// whom (the member's settings and language), when and in which time zone.
pub struct ExportRequest<'a> {
    pub config: &'a Config,
    pub strings: &'a Strings,
    pub format: Format,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub now: Timestamp,
    pub tz: &'a TimeZone,
}

/// The text of an export.
pub fn export_text(log: &Log, req: &ExportRequest<'_>) -> Result<String, String> {
    let ExportRequest {
        config,
        strings,
        format,
        from,
        to,
        now,
        tz,
    } = *req;
    let today = day_of(now, tz);
    let p = period(log, from, to, tz, today);
    let lo = from.map(|d| crate::domain::stats::start_of(d, tz));
    let hi = to.map(|_| p.bounds(tz).1);
    let events: Vec<Event> = log
        .events
        .iter()
        .filter(|e| lo.is_none_or(|l| e.at >= l) && hi.is_none_or(|h| e.at < h))
        .cloned()
        .collect();
    // the period as dates, also when the member gave none (from the first day studied to today)
    let header = Header {
        member: config.member_name().to_string(),
        account: config.member.account.trim().to_string(),
        branch: config.member.branch.trim().to_string(),
        from: Some(from.unwrap_or(p.from)),
        to: Some(to.unwrap_or(p.to)),
        generated_at: now,
        installation: log.install.clone(),
    };
    Ok(match format {
        Format::Csv => crate::export::to_csv(&events, &log.names, tz),
        Format::Json => crate::export::to_json(&header, &events, &log.names),
        Format::Xapi => crate::export::to_xapi(
            &events,
            &Actor {
                name: config.member_name().to_string(),
                account: config.member.account.clone(),
                home_page: config.member.home_page.clone(),
                install: log.install.clone(),
            },
            &config.export.xapi_base,
            &log.names,
        )
        .map_err(|m| strings.problem(&m))?,
        Format::Md | Format::Html => {
            let stats = log.stats(config, tz, today, p);
            let plans = log.plan_status(tz, p.to, hi);
            let report = Report {
                header: &header,
                names: &log.names,
                totals: &stats.totals,
                plans: &plans,
                strings,
                tz,
            };
            if format == Format::Html {
                crate::export::to_html(&report, &events)
            } else {
                crate::export::to_markdown(&report, &events)
            }
        }
    })
}

/// Writes an export into `dir` under a name that says what and when (never replacing a file:
/// a second export the same day gets a number). Returns the path written.
pub fn export_file(
    store: &Store,
    req: &ExportRequest<'_>,
    dir: &std::path::Path,
) -> Result<String, String> {
    let log =
        Log::load_for_export(store).map_err(|e| super::errors::store_text(&e, req.strings))?;
    let text = export_text(&log, req)?;
    let today = day_of(req.now, req.tz);
    let period = period(&log, req.from, req.to, req.tz, today);
    let stem = format!("xuexi-{}-{}", period.from, period.to);
    write_new_file(dir, &stem, req.format.extension(), &text, req.strings)
}

/// Writes `text` to `dir/stem.ext` (made if missing), or `stem-1.ext`… when that exists:
/// an export never overwrites an earlier one. The file's path, or what went wrong in words.
pub fn write_new_file(
    dir: &std::path::Path,
    stem: &str,
    ext: &str,
    text: &str,
    strings: &Strings,
) -> Result<String, String> {
    let said = |key: &'static str, path: &std::path::Path, e: std::io::Error| {
        strings.problem(
            &crate::i18n::msg(key)
                .arg("path", path.display())
                .arg("error", e),
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| said("export_dir_failed", dir, e))?;
    let path = (0..1000)
        .map(|n| match n {
            0 => dir.join(format!("{stem}.{ext}")),
            n => dir.join(format!("{stem}-{n}.{ext}")),
        })
        .find(|p| !p.exists())
        .ok_or_else(|| {
            strings.problem(&crate::i18n::msg("export_too_many").arg("path", dir.display()))
        })?;
    super::files::write_atomically(&path, text.as_bytes())
        .map_err(|e| said("export_write_failed", &path, e))?;
    Ok(path.display().to_string())
}

/// A material's id and title with its annotations, each with its paragraph's text.
pub type NoteGroup = (
    String,
    String,
    Vec<(crate::domain::annotation::Annotation, String)>,
);

/// The annotations grouped by material (in title order).
pub fn notes_by_material(store: &Store) -> Result<Vec<NoteGroup>, crate::store::StoreError> {
    let mut by: std::collections::BTreeMap<
        (String, String),
        Vec<(crate::domain::annotation::Annotation, String)>,
    > = std::collections::BTreeMap::new();
    let mut docs = std::collections::HashMap::new();
    let mut all = store.annotations(None)?;
    all.reverse(); // oldest first within a material
    for a in all {
        let paragraph = if a.lost {
            String::new()
        } else {
            if !docs.contains_key(&a.material)
                && let Ok((m, _, _)) = store.material(&a.material)
            {
                docs.insert(a.material.clone(), crate::markdown::parse_markdown(&m.body));
            }
            docs.get(&a.material)
                .and_then(|d| d.blocks.get(a.position.block))
                .map(|b| b.text())
                .unwrap_or_default()
        };
        by.entry((a.title.clone(), a.material.clone()))
            .or_default()
            .push((a, paragraph));
    }
    // in the material's order: by paragraph (those whose paragraph is gone last), then by time
    for v in by.values_mut() {
        v.sort_by_key(|(a, _)| (a.lost, a.position.block, a.created_at));
    }
    Ok(by
        .into_iter()
        .map(|((title, id), v)| (id, title, v))
        .collect())
}

/// Plan `id` of the database, for a branch report's progress column; `None` when it has none.
pub fn find_plan(store: &Store, id: &str) -> Result<Option<Plan>, crate::store::StoreError> {
    Ok(store.plans()?.into_iter().find(|p| p.id == id))
}

/// The most a branch report reads in all (its files together): a branch's exports for a year
/// are far less; more is a mistake (a folder of other files) or wants reading in parts.
pub const BRANCH_INPUT_CAP: u64 = 256 * 1024 * 1024;

/// Members' exports folded into the branch report (each file at most 64 MB, all together at
/// most [`BRANCH_INPUT_CAP`]), one file at a time, each read once: its bytes read, its events
/// folded as they are parsed (an xAPI file's put off in the fold's spill until every JSON export
/// is folded, as their days are left out of it), the file dropped before the next is read. A
/// problem naming each file that is not an export, in the files' order (then the fold is not to
/// be used).
pub fn fold_member_exports(
    files: &[std::path::PathBuf],
    fold: &mut crate::export::branch::Fold<'_>,
) -> Vec<crate::import::ImportError> {
    use crate::export::branch::{fold_export, fold_statements, is_statements};
    use crate::import::{ImportError, decode_utf8, read_limited};
    // all the files together are bounded too, before any is read
    let mut total = 0u64;
    for f in files {
        total = total.saturating_add(std::fs::metadata(f).map_or(0, |m| m.len()));
        if total > BRANCH_INPUT_CAP {
            let m = crate::i18n::msg("branch_input_cap")
                .arg("files", files.len())
                .arg("max", BRANCH_INPUT_CAP / 1024 / 1024);
            return vec![ImportError::file(f, m)];
        }
    }
    let mut errors = Vec::new();
    for f in files {
        let folded = read_limited(f, BRANCH_FILE_CAP).and_then(|b| {
            let text = decode_utf8(f, &b)?;
            let folded = if is_statements(text) {
                fold_statements(text, fold)
            } else {
                fold_export(text, fold)
            };
            folded.map_err(|m| ImportError::file(f, m))
        });
        if let Err(e) = folded {
            errors.push(e);
        }
    }
    errors
}

/// The most one file of a branch report may be.
pub const BRANCH_FILE_CAP: u64 = 64 * 1024 * 1024;

/// The banks a branch report grades against: those imported in the database at `db` (read
/// only; none when there is no database) and the bank files given, which stand for an imported
/// bank of the same id; the files' problems otherwise.
pub fn banks_to_grade(
    db: &std::path::Path,
    files: &[std::path::PathBuf],
) -> (
    Vec<crate::domain::quiz::Bank>,
    Vec<crate::import::ImportError>,
) {
    let mut banks: Vec<crate::domain::quiz::Bank> = Vec::new();
    if db.is_file()
        && let Ok(store) = Store::open_read_only(db)
        && let Ok(list) = store.list_banks()
    {
        banks.extend(list.iter().filter_map(|b| store.bank(&b.id).ok()));
    }
    if files.is_empty() {
        return (banks, Vec::new());
    }
    let checked =
        super::import::check_banks_read_only(db, files, &super::import::TableOptions::default());
    if !checked.is_ok() {
        return (Vec::new(), checked.errors);
    }
    for parsed in checked.items {
        let bank = parsed.item;
        banks.retain(|b| b.id != bank.id);
        banks.push(bank);
    }
    (banks, Vec::new())
}
