//! UI strings per language, from `assets/i18n/*.toml` compiled into the binary.
//!
//! The table is a struct with one field per key, filled from the file's keys so that a key
//! missing from a language file, or left over in one, is an error caught by the tests, and code
//! can only use keys that exist.

/// A UI language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// `zh-CN`, `zh`, `zh_CN.UTF-8`, `en`, `en_US.UTF-8`, … (case-insensitive). `C`/`POSIX` and
    /// unknown languages say nothing.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        let base = s.split(['.', '@']).next().unwrap_or("");
        let lang = base.split(['-', '_']).next().unwrap_or("");
        match lang {
            "zh" => Some(Lang::ZhCn),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language to use: the flag, then the config file, then LC_ALL / LC_MESSAGES / LANG;
    /// zh-CN when none says.
    pub fn choose(
        flag: Option<&str>,
        config: Option<&str>,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Lang {
        flag.and_then(Lang::parse)
            .or_else(|| config.and_then(Lang::parse))
            .or_else(|| {
                ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .iter()
                    .filter_map(|k| env(k).filter(|v| !v.is_empty()))
                    .next()
                    .and_then(|v| Lang::parse(&v))
            })
            .unwrap_or_default()
    }
}

/// The terminal's character set when it is not UTF-8 (`LANG=C`, a GB18030 or GBK locale): the
/// locale's name to say so (xuexi writes UTF-8 whatever the locale; Chinese turns to garbage).
/// `None` on a UTF-8 locale. LC_ALL, then LC_CTYPE, then LANG, as the C library reads them.
pub fn non_utf8_locale(env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|k| env(k).filter(|v| !v.is_empty()))
        .next()
        .unwrap_or_else(|| "C".to_string());
    let l = locale.to_ascii_lowercase();
    (!(l.contains("utf-8") || l.contains("utf8"))).then_some(locale)
}

macro_rules! strings {
    ($($key:ident),* $(,)?) => {
        /// Every visible UI string, in one language.
        #[derive(Clone, Debug)]
        pub struct Strings {
            $(pub $key: String,)*
            /// The messages about files trainers give (the `[problems]` table), by key: put
            /// into words by [`Strings::problem`].
            pub problems: std::collections::BTreeMap<String, String>,
            /// The command line's `--help` texts (the `[help]` table; only where they differ
            /// from the English in the code).
            pub help: std::collections::BTreeMap<String, String>,
        }

        impl Strings {
            /// The table from a language file's keys: every key must be there and no other.
            ///
            /// (Not `#[derive(Deserialize)]`: for a struct of this many fields serde's visitor
            /// is one function of ~100,000 LLVM lines, which alone took most of a release
            /// build's time. This is one short call per key.)
            fn from_table(
                mut table: std::collections::BTreeMap<String, String>,
                problems: std::collections::BTreeMap<String, String>,
                help: std::collections::BTreeMap<String, String>,
            ) -> Result<Strings, String> {
                let mut missing = Vec::new();
                let strings = Strings {
                    $($key: take(&mut table, &mut missing, stringify!($key)),)*
                    problems,
                    help,
                };
                if !missing.is_empty() {
                    return Err(format!("missing keys: {}", missing.join(", ")));
                }
                if !table.is_empty() {
                    let unknown: Vec<&str> = table.keys().map(String::as_str).collect();
                    return Err(format!("unknown keys: {}", unknown.join(", ")));
                }
                Ok(strings)
            }

            /// Every string of the table, to read or change in place: `f(table, key, text)`,
            /// `table` being `""` for the top level, else `"problems"` or `"help"`. (How the UI
            /// writes the keys of its key table into the strings that name them.)
            pub fn each_mut(&mut self, f: &mut dyn FnMut(&str, &str, &mut String)) {
                $(f("", stringify!($key), &mut self.$key);)*
                for (k, v) in &mut self.problems {
                    f("problems", k, v);
                }
                for (k, v) in &mut self.help {
                    f("help", k, v);
                }
            }
        }
    };
}

/// Takes `key` out of `table` (noting it in `missing` when it is not there).
#[inline(never)]
fn take(
    table: &mut std::collections::BTreeMap<String, String>,
    missing: &mut Vec<String>,
    key: &str,
) -> String {
    table.remove(key).unwrap_or_else(|| {
        missing.push(key.to_string());
        String::new()
    })
}

strings! {
    app_name, library_title, column_other, minutes, retired, empty_library, no_selection,
    progress_label, progress_preview, documents_folder, library_continue, welcome_title, welcome_intro, welcome_start, welcome_data, welcome_name, welcome_name_saved, welcome_not_utf8, welcome_theme_note, cmd_cards_short, cmd_welcome, cmd_welcome_save, cmd_welcome_later, cmd_edit, cmd_rename_plan, cmd_delete_plan, prompt_rename, plan_item_not_yours, plan_not_yours, ask_delete_item, ask_delete_plan, cmd_hint, quiz_hint, cmd_filter, cmd_end_contest, cli_importing, cli_indexing, cli_index_merging, cmd_item_kind, item_kind_task, item_kind_read, item_kind_quiz, item_kind_minutes, prompt_item, prompt_due, item_not_found, cmd_show_notes, cmd_cloze, cloze_title, cloze_word, cloze_added, cloze_bank_title, cloze_no_word, cloze_not_in, cloze_too_long, cloze_nothing, quiz_contest, contest_title, contest_mode, contest_players_mode, contest_bot_mode, contest_count, contest_level, level_easy, level_normal, level_hard, contest_rules, contest_keys_line, contest_team_names, contest_you, contest_computer, round_required, round_buzz, round_risk, contest_round, contest_progress, contest_intro_required, contest_intro_buzz, contest_intro_risk, contest_press_enter, contest_stake, contest_stake_you, contest_buzz_now, contest_answer_now, contest_answer_you, contest_staked, contest_right, contest_wrong, contest_timeout, contest_nobody, contest_over, contest_place, contest_saved, contest_leave, contest_too_few, contest_md_title, contest_md_time, contest_md_place, contest_md_player, contest_md_score, contest_md_round, contest_md_question, contest_md_result, contest_md_right, contest_md_wrong, contest_md_timeout, contest_md_nobody, cmd_buzz, cmd_stake, cmd_change, cmd_again, cmd_go_on, cmd_cards, cmd_suspend, cards_title, cards_empty, cards_none_match, cards_no_source, cards_book, cards_suspended, cards_counts, cards_detail, cards_last, cards_never_reviewed, cards_filter, ask_forget_card, cmd_rate, recall_again, recall_hard, recall_good, recall_easy, recall_line, recall_days, cmd_delete, cmd_keep, cmd_discard, cmd_keep_writing, ask_delete_note, ask_delete_bookmark, ask_discard, finished, resumed, too_small, help_title, help_close, help_more, cmd_go_there, screen_home,
    screen_reader, label_column, label_source, label_date, label_tags, save_failed, open_failed,
    read_only_notice, read_only_notice_tui, read_only_tag, another_writer, another_writer_notice, crash_notice,
    disk_full, disk_saved_again,
    cmd_quit, cmd_help, cmd_up, cmd_down, cmd_open, cmd_back, cmd_focus, cmd_first, cmd_last,
    cmd_next_column, cmd_prev_column, cmd_line_up, cmd_line_down, cmd_half_up, cmd_half_down,
    cmd_page_up, cmd_page_down, cmd_top, cmd_bottom, cli_header_id, cli_header_column,
    cli_header_title, cli_bank_sealed, cli_bank_sealed_keyless, cli_header_progress, cli_imported, cli_errors, error_line,
    cli_header_questions, cli_header_papers, cli_bank_ok, cli_bank_imported, cli_bank_removed,
    cli_bank_problems, cli_nothing_imported, cmd_quiz, cmd_practice, cmd_start, cmd_abandon,
    cmd_pick, cmd_pick_true, cmd_pick_false, cmd_next_blank, cmd_prev_blank, cmd_close_map,
    cmd_go_to, cmd_back_to_results, cmd_toggle, cmd_confirm, cmd_next_question, cmd_prev_question, cmd_map, cmd_submit,
    cmd_open_source, cmd_review_all, screen_quiz, screen_question, screen_results, quiz_title,
    restore_attempts_kept, quiz_resume, quiz_resume_untimed, quiz_elsewhere, quiz_elsewhere_untimed, quiz_elsewhere_time_up, quiz_held_elsewhere, quiz_exam_guard, quiz_exam_guard_untimed, quiz_resume_session, quiz_time_up_auto, quiz_exam_in_progress, quiz_sealed_guard, quiz_sealed_done, quiz_sealed_note, quiz_sealed_detail, quiz_sealed_taken, quiz_sealed_answered, quiz_start_sealed,
    quiz_leave_exam, quiz_abandon_confirm, quiz_abandon_confirm_limited, quiz_submit_confirm_all, judge_true, judge_false,
    quiz_start_rules, quiz_start_counts, quiz_start_key, quiz_section, quiz_section_short, quiz_section_numbers, quiz_partial,
    quiz_bank_changed, quiz_gone, cli_to_before_from, cli_no_bank, cli_bank_bundled, cli_skipped, cli_notes, cli_used_by_plans, cli_no_plan, cli_plan_removed, cli_no_material, cli_material_removed, cli_plans_lose_item, cli_bank_changes, cli_bank_changed_ids, cli_bank_question_at, cli_bank_removed_ids, export_no_dir, query_empty, query_unclosed, query_nothing, query_too_long, cmd_back_to, read_more_needed, history_open, history_submitted, history_abandoned, quiz_resume_offer, quiz_daily, quiz_daily_done, quiz_practice, quiz_exam,
    quiz_challenge, quiz_review, quiz_best_last, quiz_never, quiz_exam_detail, quiz_attempts_left, quiz_attempts_used, quiz_start_fixed, quiz_start_attempts, quiz_empty,
    quiz_right, quiz_wrong, quiz_answer_is, quiz_your_answer, quiz_explanation, quiz_unanswered,
    quiz_confirm_submit, quiz_answer_first, quiz_time_left, quiz_score, quiz_passed, quiz_failed, quiz_time_used,
    quiz_by_kind, quiz_review_title, quiz_challenge_over, quiz_map_title, quiz_no_questions,
    quiz_practice_material, quiz_blank, cli_history_empty, kind_single, kind_multiple,
    kind_judge, kind_fill, title_daily, title_challenge, title_review, title_weekly, title_special, quiz_weekly, quiz_weekly_left, quiz_daily_left, quiz_weekly_done, quiz_special, quiz_special_scored, points_weekly, points_special,
    home_book_due, cmd_leave, quiz_practice_tag, report_sep, mode_exam, mode_practice, cmd_save, cmd_cancel, cmd_open_item, search_hits, search_none, screen_search, search_prompt, search_help, find_prompt, find_none, find_count, cmd_search, cmd_find, cmd_next_hit, cmd_prev_hit, cmd_notes, cmd_bookmark, cmd_bookmarks, cmd_note, screen_notes, bookmarks_none, bookmark_prompt, bookmarks_title, note_title, saved_bookmark, saved_note, notes_empty, label_bookmark, label_note, note_lost, backup_written, restore_none, restore_confirm, restore_member_confirm, restore_cancelled, restore_done, restore_member_data, library_loading, library_filter, library_none_match, cmd_clear_filter, restore_bad_file, corrupt_found, corrupt_no_backup, corrupt_offer, corrupt_restore_q, corrupt_start_empty,
    cli_plan_ok, cli_plan_imported, cli_plan_nothing_imported, cli_header_done, cli_header_period,
    cli_export_written, cli_export_exists, report_title, report_hm, report_all_time,
    report_no_name, report_member, report_period, report_generated, report_summary, report_item,
    report_value, report_study_time, report_reading_time, report_quiz_time, report_points,
    report_days, report_n_days, report_articles, report_attempts, report_exams_passed, report_read,
    report_none, report_date, report_column, report_material, report_quizzes, report_quiz,
    report_score, report_percent, report_result, report_plans, report_done_on, report_overdue,
    report_due, report_note, report_notes, plan_read, plan_quiz_min, plan_quiz_pass, plan_minutes,
    plan_task, plan_nothing_to_open, plan_ticks_itself, screen_plans, screen_stats, cmd_plans, cmd_stats, cmd_tick, cmd_add_task,
    cmd_new_plan, cmd_restart_plan, prompt_restart, plan_restart_not_a_date, plan_restart_offer, plan_restart_offer_short, item_by_member, cmd_import_pack, cmd_check_pack, pack_confirm_title, prompt_pack, cmd_next_plan, cmd_prev_plan, cmd_period, cmd_export, plans_empty,
    plan_days_left, plan_ended, plan_not_started, plan_done_count, item_done, item_due,
    item_overdue, item_completes, item_note, item_minutes, prompt_note, prompt_task, prompt_plan,
    stats_today, stats_today_line, points_article, points_reading, points_daily, points_exam,
    points_challenge, points_login, points_opinion, stats_streak, stats_streak_line, stats_review, stats_review_line, stats_heat_title, stats_less, stats_more,
    weekdays, months, period_week, period_month, period_year, stats_totals_line1, stats_totals_line2,
    stats_by_column, stats_quiz_row, stats_quiz_chart, stats_none, export_title, export_md, export_html,
    export_csv, export_json, export_xapi, export_written, export_failed,
    picker_title, picker_own, picker_last, picker_never, picker_prompt, cmd_new_profile,
    cmd_open_profile,
}

/// Titles older versions stored for the built-in modes (in either language): shown as the
/// mode's name in today's language instead.
const LEGACY_TITLES: &[&str] = &[
    "每日答题",
    "挑战答题",
    "错题复习",
    "本文练习",
    "Daily quiz",
    "Challenge",
    "Wrong-answer review",
    "Practice on this material",
];

impl Strings {
    /// A session's title as shown: a bank's or paper's own title, else the mode's name in the
    /// member's language (the kind is stored, not words of the moment).
    /// A question type's name: 单选, 多选, 判断, 填空.
    pub fn kind_name(&self, k: crate::domain::quiz::Kind) -> &str {
        use crate::domain::quiz::Kind;
        match k {
            Kind::Single => &self.kind_single,
            Kind::Multiple => &self.kind_multiple,
            Kind::Judge => &self.kind_judge,
            Kind::Fill => &self.kind_fill,
        }
    }

    /// A grade of recall: 忘了, 困难, 记得, 简单.
    pub fn recall_name(&self, r: crate::domain::review::Recall) -> &str {
        use crate::domain::review::Recall;
        match r {
            Recall::Again => &self.recall_again,
            Recall::Hard => &self.recall_hard,
            Recall::Good => &self.recall_good,
            Recall::Easy => &self.recall_easy,
        }
    }

    /// The computer opponent's level: 简单, 普通, 困难.
    pub fn level_name(&self, l: crate::domain::contest::Level) -> &str {
        use crate::domain::contest::Level;
        match l {
            Level::Easy => &self.level_easy,
            Level::Normal => &self.level_normal,
            Level::Hard => &self.level_hard,
        }
    }

    /// A contest round's name: 必答题, 抢答题, 风险题.
    pub fn round_name(&self, r: crate::domain::contest::RoundKind) -> &str {
        use crate::domain::contest::RoundKind;
        match r {
            RoundKind::Required => &self.round_required,
            RoundKind::Buzz => &self.round_buzz,
            RoundKind::Risk => &self.round_risk,
        }
    }

    /// 一、二、三、四 (1. 2. 3. 4.) for the sections of a paper.
    pub fn section_number(&self, k: usize) -> String {
        self.quiz_section_numbers
            .split_whitespace()
            .nth(k)
            .map_or_else(|| (k + 1).to_string(), str::to_string)
    }

    pub fn session_title(&self, mode: crate::domain::session::Mode, stored: &str) -> String {
        use crate::domain::session::Mode;
        if !stored.trim().is_empty() && !LEGACY_TITLES.contains(&stored.trim()) {
            return stored.to_string();
        }
        match mode {
            Mode::Daily => &self.title_daily,
            Mode::Challenge => &self.title_challenge,
            Mode::Review => &self.title_review,
            Mode::Weekly => &self.title_weekly,
            Mode::Special => &self.title_special,
            Mode::Practice => &self.quiz_practice_material,
            Mode::Exam => &self.mode_exam,
        }
        .clone()
    }

    /// The quiz menu's line for the exam left open, with its clock at `now_ms`.
    pub fn open_exam_label(&self, e: &crate::domain::session::OpenExam, now_ms: i64) -> String {
        let (timed, untimed) = match e.elsewhere {
            true => (&self.quiz_elsewhere, &self.quiz_elsewhere_untimed),
            false => (&self.quiz_resume, &self.quiz_resume_untimed),
        };
        match e.left_secs(now_ms) {
            // another terminal's exam whose time ran out: handed in there (or at the next
            // start), not counting on here
            Some(0) if e.elsewhere => fill(&self.quiz_elsewhere_time_up, &[("title", &e.title)]),
            Some(left) => fill(
                timed,
                &[("title", &e.title), ("time", &crate::text::clock(left))],
            ),
            None => fill(untimed, &[("title", &e.title)]),
        }
    }

    /// Why something that would show an open exam's bank (its key, explanations, materials)
    /// is refused while it runs: the exam's title and the time it has left.
    pub fn exam_guard(&self, title: &str, left_secs: Option<i64>) -> String {
        match left_secs {
            Some(left) => fill(
                &self.quiz_exam_guard,
                &[("title", &title), ("time", &crate::text::clock(left))],
            ),
            None => fill(&self.quiz_exam_guard_untimed, &[("title", &title)]),
        }
    }

    /// Why a search or find text cannot be searched, in the member's words.
    pub fn query_error(&self, e: &crate::text::search::QueryError) -> String {
        use crate::text::search::QueryError;
        match e {
            QueryError::Empty => self.query_empty.clone(),
            QueryError::Unclosed => self.query_unclosed.clone(),
            QueryError::NothingToFind(q) => fill(&self.query_nothing, &[("q", q)]),
            QueryError::TooLong(n) => fill(&self.query_too_long, &[("n", n)]),
        }
    }

    /// An item's title, or what completes it when it has none.
    pub fn item_title(
        &self,
        item: &crate::domain::plan::PlanItem,
        names: &crate::domain::report::Names,
    ) -> String {
        if !item.title.is_empty() {
            return item.title.clone();
        }
        match &item.kind {
            crate::domain::plan::ItemKind::Read { material } => {
                fill(&self.plan_read, &[("title", &names.title(material))])
            }
            crate::domain::plan::ItemKind::Quiz {
                bank,
                paper,
                min_percent,
            } => {
                let what = names.quiz(bank, paper.as_deref());
                match min_percent {
                    Some(m) => fill(&self.plan_quiz_min, &[("quiz", &what), ("percent", m)]),
                    None => fill(&self.plan_quiz_pass, &[("quiz", &what)]),
                }
            }
            crate::domain::plan::ItemKind::Minutes { minutes } => {
                fill(&self.plan_minutes, &[("n", minutes)])
            }
            crate::domain::plan::ItemKind::Task => String::new(),
        }
    }

    /// A span of time as whole hours and minutes ("1 小时 5 分", "1 h 5 min").
    pub fn hours_minutes(&self, secs: i64) -> String {
        // the one rule for shown minutes: any study at all is a minute, never "0 小时 0 分"
        let m = crate::domain::stats::minutes(secs);
        fill(&self.report_hm, &[("h", &(m / 60)), ("m", &(m % 60))])
    }

    /// The table for `lang`, from the embedded file.
    pub fn try_load(lang: Lang) -> Result<Strings, String> {
        // (assets/i18n/*.toml, made by build.rs into one text of every key and string and the
        // table of each (0 the top level, 1 `[problems]`, 2 `[help]`) with their lengths)
        type Table = (&'static str, &'static [(u8, u32, u32)]);
        let path = format!("i18n/{}.toml", lang.code());
        let (text, entries): Table = match lang {
            Lang::ZhCn => include!(concat!(env!("OUT_DIR"), "/zh-CN.rs")),
            Lang::En => include!(concat!(env!("OUT_DIR"), "/en.rs")),
        };
        let mut tables: [std::collections::BTreeMap<String, String>; 3] = Default::default();
        let mut at = 0usize;
        for &(table, key, value) in entries {
            let (k, v) = (at + key as usize, at + key as usize + value as usize);
            let (Some(key), Some(value), Some(into)) = (
                text.get(at..k),
                text.get(k..v),
                tables.get_mut(table as usize),
            ) else {
                return Err(format!("{path}: the compiled table is damaged"));
            };
            into.insert(key.to_string(), value.to_string());
            at = v;
        }
        let [top, problems, help] = tables;
        Strings::from_table(top, problems, help).map_err(|e| format!("{path}: {e}"))
    }

    /// The table for `lang`. The files are compiled in and checked by the tests, so a failure
    /// here is a build defect; fall back to the other language rather than stop the member.
    /// Parsed once a process (a start read them twice: for the help, then for the app).
    pub fn load(lang: Lang) -> Strings {
        static LOADED: [std::sync::OnceLock<Strings>; 2] =
            [std::sync::OnceLock::new(), std::sync::OnceLock::new()];
        let slot = match lang {
            Lang::ZhCn => &LOADED[0],
            Lang::En => &LOADED[1],
        };
        slot.get_or_init(|| {
            Strings::try_load(lang)
                .or_else(|_| Strings::try_load(Lang::ZhCn))
                .or_else(|_| Strings::try_load(Lang::En))
                .expect("bundled UI strings parse (checked by i18n tests)")
        })
        .clone()
    }
}

/// A message kept as data until it is shown: a key of the `[problems]` table and its
/// arguments, put into words in the reader's language by [`Strings::problem`]. What the
/// importers and the config say about a file a trainer gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub key: &'static str,
    pub args: Vec<(&'static str, String)>,
}

/// A message by its key, arguments added after: `msg("option_empty").arg("letter", 'B')`.
pub fn msg(key: &'static str) -> Msg {
    Msg {
        key,
        args: Vec::new(),
    }
}

impl Msg {
    pub fn arg(mut self, name: &'static str, value: impl std::fmt::Display) -> Msg {
        self.args.push((name, value.to_string()));
        self
    }
}

impl Strings {
    /// A message about a file in this language; every argument cleaned of controls (they may
    /// quote the file). An unknown key shows as itself with its arguments, never panics.
    pub fn problem(&self, m: &Msg) -> String {
        let args: Vec<(&str, String)> = m
            .args
            .iter()
            .map(|(k, v)| {
                // a value's type (`…_type`) in the reader's words, when the table has them
                let v = match self.problems.get(&format!("type_{v}")) {
                    Some(word) if k.ends_with("_type") => word.clone(),
                    _ => v.clone(),
                };
                (*k, crate::text::sanitize::sanitize_line(&v))
            })
            .collect();
        let dyn_args: Vec<(&str, &dyn std::fmt::Display)> = args
            .iter()
            .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
            .collect();
        match self.problems.get(m.key) {
            Some(t) => fill(t, &dyn_args),
            None => {
                let shown: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{} {}", m.key, shown.join(" "))
            }
        }
    }

    /// The English table, loaded once: how messages read in logs and `Display`.
    pub fn english() -> &'static Strings {
        static EN: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        EN.get_or_init(|| Strings::load(Lang::En))
    }
}

/// What went wrong reading a file, in the member's words: the kind of trouble (no such file, no
/// permission, a folder, a full disk); the system's own words for anything else go to the log.
pub fn io_problem(path: &std::path::Path, e: &std::io::Error) -> Msg {
    match e.kind() {
        std::io::ErrorKind::NotFound => msg("no_such_file"),
        std::io::ErrorKind::PermissionDenied => msg("permission_denied"),
        std::io::ErrorKind::IsADirectory => msg("is_a_folder"),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => msg("disk_full"),
        _ => {
            tracing::info!(path = %path.display(), error = %e, "a file could not be read");
            msg("file_unreadable")
        }
    }
}

/// What the TOML reader said, in the member's words where it is one of the usual slips (an
/// unknown or missing key, a value of the wrong type); its own words otherwise.
pub fn toml_problem(message: &str) -> Msg {
    let m = message.trim();
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    if let Some(rest) = m.strip_prefix("unknown field ") {
        let names = quoted(rest);
        if let Some((field, expected)) = names.split_first() {
            return msg("toml_unknown_field")
                .arg("field", field)
                .arg("expected", expected.join(", "));
        }
    }
    if let Some(rest) = m.strip_prefix("missing field ")
        && let Some(field) = quoted(rest).first()
    {
        return msg("toml_missing_field").arg("field", field);
    }
    if let Some(rest) = m.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        // `integer `5``: the type (worded in the member's language) and the value
        let (found_type, found_value) = match found.split_once(' ') {
            Some((t, v)) => (t, v.trim()),
            None => (found, ""),
        };
        return msg("toml_invalid_type")
            .arg("found_type", value_type(found_type))
            .arg("found", found_value)
            .arg("expected_type", value_type(expected));
    }
    msg("toml_syntax").arg("error", m)
}

/// An unknown or missing key of a TOML file: its byte offset and words.
pub fn key_problem(p: &crate::text::toml_shape::KeyProblem) -> (usize, Msg) {
    use crate::text::toml_shape::KeyProblem;
    match p {
        KeyProblem::Unknown {
            at,
            field,
            expected,
        } => (
            *at,
            msg("toml_unknown_field")
                .arg("field", field)
                .arg("expected", expected.join(", ")),
        ),
        KeyProblem::Missing { at, field } => (*at, msg("toml_missing_field").arg("field", field)),
    }
}

/// serde's name of a value's type as one word: `a string` → `string`, `i64` → `integer`,
/// `struct PaperT` → `table`. Worded by the `type_…` keys of the problems table.
fn value_type(serde_words: &str) -> &str {
    let w = serde_words.trim();
    let w = w
        .strip_prefix("a ")
        .or_else(|| w.strip_prefix("an "))
        .unwrap_or(w);
    match w {
        "string" | "borrowed string" | "str" | "char" => "string",
        "integer" | "i64" | "u64" | "i32" | "u32" | "u8" | "i8" | "u16" | "i16" | "usize" => {
            "integer"
        }
        "float" | "f64" | "f32" => "float",
        "boolean" | "bool" => "boolean",
        "sequence" | "array" => "array",
        "map" | "table" => "table",
        "datetime" | "date" | "time" => "datetime",
        _ if w.starts_with("struct ") => "table",
        _ => w,
    }
}

/// Fills `{name}` placeholders.
///
/// `{name|one|other}` picks a word by the number: `{n} {n|day|days}` gives "1 day", "2 days"
/// (English needs it; Chinese templates never use it).
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        let value = value.to_string();
        let open = format!("{{{name}|");
        while let Some(start) = out.find(&open) {
            let Some(len) = out[start..].find('}') else {
                break;
            };
            let inner = &out[start + open.len()..start + len];
            let (one, other) = inner.split_once('|').unwrap_or((inner, inner));
            let word = if value == "1" { one } else { other }.to_string();
            out.replace_range(start..start + len + 1, &word);
        }
        out = out.replace(&format!("{{{name}}}"), &value);
    }
    out
}

#[cfg(test)]
mod tests;
