//! Markdown: the 述学 report a member prints and hands in.

use std::collections::HashMap;
use std::fmt::Write as _;

use jiff::tz::TimeZone;

use super::{Header, Names, local};
use crate::domain::log::{Event, Record};
use crate::domain::plan::{ItemState, ItemStatus, Plan};
use crate::domain::stats::{Totals, day_of};
use crate::i18n::{Strings, fill};

/// Escapes text for Markdown (and for a table cell).
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~'
        ) {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Everything the report needs besides the events.
pub struct Report<'a> {
    pub header: &'a Header,
    pub names: &'a Names,
    pub totals: &'a Totals,
    pub plans: &'a [(Plan, Vec<ItemStatus>)],
    pub strings: &'a Strings,
    pub tz: &'a TimeZone,
}

/// The 述学 study report: a document to print and hand in. One section after another, each
/// written by its own step.
pub fn to_markdown(r: &Report<'_>, events: &[Event]) -> String {
    let mut w = Writer {
        r,
        s: r.strings,
        events,
        o: String::new(),
    };
    w.head();
    w.summary();
    w.read();
    w.quizzes();
    w.plans();
    w.notes();
    // signed and dated by hand when handed in
    let _ = writeln!(
        w.o,
        "\n{}",
        w.s.problem(&crate::i18n::msg("report_signature"))
    );
    crate::text::sanitize::sanitize_document(&w.o)
}

/// The report being written: what it is of, and the text so far.
struct Writer<'a> {
    r: &'a Report<'a>,
    s: &'a Strings,
    events: &'a [Event],
    o: String,
}

impl Writer<'_> {
    /// The title, and who, which branch, which period, when written.
    fn head(&mut self) {
        let (r, s, o) = (self.r, self.s, &mut self.o);
        let period = match (r.header.from, r.header.to) {
            (Some(a), Some(b)) => format!("{a} – {b}"),
            (Some(a), None) => format!("{a} –"),
            (None, Some(b)) => format!("– {b}"),
            (None, None) => s.report_all_time.clone(),
        };
        let _ = writeln!(o, "# {}\n", s.report_title);
        let name = if r.header.member.is_empty() {
            s.report_no_name.clone()
        } else {
            md_escape(&r.header.member)
        };
        let sep = &s.report_sep;
        let _ = writeln!(o, "- {}{sep}{}", s.report_member, name);
        if !r.header.branch.is_empty() {
            let _ = writeln!(
                o,
                "- {}{sep}{}",
                s.problem(&crate::i18n::msg("report_branch")),
                md_escape(&r.header.branch)
            );
        }
        let _ = writeln!(o, "- {}{sep}{}", s.report_period, period);
        let _ = writeln!(
            o,
            "- {}{sep}{} · xuexi {}\n",
            s.report_generated,
            local(r.header.generated_at, r.tz)
                .get(..16)
                .unwrap_or_default()
                .replace('T', " "),
            env!("CARGO_PKG_VERSION")
        );
    }

    /// The totals, as a two-column table.
    fn summary(&mut self) {
        let (t, s, o) = (self.r.totals, self.s, &mut self.o);
        let _ = writeln!(o, "## {}\n", s.report_summary);
        let _ = writeln!(o, "| {} | {} |\n|---|---|", s.report_item, s.report_value);
        for (k, v) in [
            (&s.report_study_time, s.hours_minutes(t.study_secs)),
            (&s.report_reading_time, s.hours_minutes(t.reading_secs)),
            (&s.report_quiz_time, s.hours_minutes(t.quiz_secs)),
            (&s.report_points, t.points.to_string()),
            (
                &s.report_days,
                fill(&s.report_n_days, &[("n", &t.days_studied)]),
            ),
            (&s.report_articles, t.articles.to_string()),
            (&s.report_attempts, t.attempts.to_string()),
            (&s.report_exams_passed, t.exams_passed.to_string()),
        ] {
            let _ = writeln!(o, "| {k} | {v} |");
        }
        o.push('\n');
    }

    /// The materials finished, with the reading time in the period.
    fn read(&mut self) {
        let (r, s, o, events) = (self.r, self.s, &mut self.o, self.events);
        let mut per_material: HashMap<&str, i64> = HashMap::new();
        for e in events {
            if let Record::Reading {
                material, seconds, ..
            } = &e.record
            {
                *per_material.entry(material.as_str()).or_default() += seconds;
            }
        }
        let _ = writeln!(o, "## {}\n", s.report_read);
        let finished: Vec<(&Event, &str)> = events
            .iter()
            .filter_map(|e| match &e.record {
                Record::Finished { material } => Some((e, material.as_str())),
                _ => None,
            })
            .collect();
        if finished.is_empty() {
            let _ = writeln!(o, "{}\n", s.report_none);
            return;
        }
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |\n|---|---|---|---|",
            s.report_date, s.report_column, s.report_material, s.report_reading_time
        );
        for (e, m) in finished {
            let column = r.names.materials.get(m).map_or("", |(_, c)| c.as_str());
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                day_of(e.at, r.tz),
                md_escape(column),
                md_escape(r.names.title(m)),
                s.hours_minutes(per_material.get(m).copied().unwrap_or(0))
            );
        }
        o.push('\n');
    }

    /// Every attempt: its date, its name, the score, the result, what it was practice of.
    fn quizzes(&mut self) {
        let s = self.s;
        let _ = writeln!(self.o, "## {}\n", s.report_quizzes);
        let attempts: Vec<&Event> = self
            .events
            .iter()
            .filter(|e| matches!(e.record, Record::Attempt { .. }))
            .collect();
        if attempts.is_empty() {
            let _ = writeln!(self.o, "{}\n", s.report_none);
            return;
        }
        let _ = writeln!(
            self.o,
            "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|",
            s.report_date,
            s.report_quiz,
            s.report_score,
            s.report_percent,
            s.report_result,
            s.problem(&crate::i18n::msg("report_sources"))
        );
        let sources = attempt_sources(self.events, self.r.names);
        for e in attempts {
            self.attempt_row(e, &sources);
        }
        self.o.push('\n');
    }

    /// One attempt's row of the quizzes table.
    fn attempt_row(&mut self, e: &Event, sources: &HashMap<i64, Vec<&str>>) {
        let s = self.s;
        let Record::Attempt {
            attempt,
            title,
            mode,
            score,
            max,
            percent,
            passed,
            ..
        } = &e.record
        else {
            return;
        };
        let mode_name = match mode.as_str() {
            "exam" => &s.mode_exam,
            "daily" => &s.title_daily,
            "challenge" => &s.title_challenge,
            "review" => &s.title_review,
            "weekly" => &s.title_weekly,
            "special" => &s.title_special,
            _ => &s.mode_practice,
        };
        let result = match passed {
            Some(true) => s.quiz_passed.as_str(),
            Some(false) => s.quiz_failed.as_str(),
            None => "—",
        };
        // a built-in mode's own name once (not 每日答题 · 每日答题), in today's language
        let own = match crate::domain::session::Mode::parse(mode) {
            Some(m) => s.session_title(m, title),
            None => title.clone(),
        };
        let name = if own.trim() == mode_name.trim() {
            md_escape(mode_name.trim())
        } else {
            format!("{} · {}", md_escape(mode_name.trim()), md_escape(&own))
        };
        let from = match sources.get(attempt).map(Vec::as_slice) {
            None | Some([]) => "—".to_string(),
            Some([one]) => md_escape(one),
            Some([one, rest @ ..]) => s.problem(
                &crate::i18n::msg("report_sources_more")
                    .arg("title", md_escape(one))
                    .arg("total", rest.len() + 1),
            ),
        };
        if super::sealed_record(&e.record) {
            // a sealed paper: handed in, graded by the trainer; no figure from this machine
            let _ = writeln!(
                self.o,
                "| {} | {} | — | — | {} | {from} |",
                day_of(e.at, self.r.tz),
                name,
                md_escape(&s.quiz_sealed_detail)
            );
            return;
        }
        let _ = writeln!(
            self.o,
            "| {} | {} | {:.1}/{:.0} | {:.0}% | {} | {from} |",
            day_of(e.at, self.r.tz),
            name,
            score,
            max,
            percent,
            result
        );
    }

    /// Each plan with its items ticked or not, when done or due, and the member's notes.
    fn plans(&mut self) {
        let (r, s, o) = (self.r, self.s, &mut self.o);
        let _ = writeln!(o, "## {}\n", s.report_plans);
        if r.plans.is_empty() {
            let _ = writeln!(o, "{}\n", s.report_none);
        }
        for (plan, status) in r.plans {
            let done = status.iter().filter(|x| x.done()).count();
            let _ = writeln!(
                o,
                "### {} ({done}/{})\n",
                md_escape(&plan.title),
                plan.items.len()
            );
            for (item, st) in plan.items.iter().zip(status) {
                let mark = if st.done() { "x" } else { " " };
                let state = match &st.state {
                    ItemState::Done { on } => fill(&s.report_done_on, &[("date", on)]),
                    ItemState::Overdue => fill(
                        &s.report_overdue,
                        &[("date", &item.due.map(|d| d.to_string()).unwrap_or_default())],
                    ),
                    ItemState::Due | ItemState::Open => match item.due {
                        Some(d) => fill(&s.report_due, &[("date", &d)]),
                        None => String::new(),
                    },
                };
                let title = s.item_title(item, r.names);
                let sep = if state.is_empty() { "" } else { " — " };
                let _ = writeln!(o, "- [{mark}] {}{sep}{state}", md_escape(&title));
                if !st.note.is_empty() {
                    let _ = writeln!(o, "  {}{sep}{}", s.report_note, md_escape(&st.note));
                }
            }
            o.push('\n');
        }
    }

    /// The notes: on a plan's item when ticked, on a material's passage; each as it stands
    /// now (edited: its last text; deleted: left out).
    fn notes(&mut self) {
        let (r, s, events) = (self.r, self.s, self.events);
        let (tz, sep) = (r.tz, &s.report_sep);
        let _ = writeln!(self.o, "## {}\n", s.report_notes);
        let current = crate::domain::log::current_notes(events);
        let notes: Vec<String> = events
            .iter()
            .filter(|e| !matches!(e.record, Record::Note { .. }) || current.contains(&e.id))
            .filter_map(|e| match &e.record {
                Record::Tick {
                    plan, item, note, ..
                } if !note.trim().is_empty() => {
                    let item_title = r
                        .plans
                        .iter()
                        .find(|(p, _)| &p.id == plan)
                        .and_then(|(p, _)| p.items.iter().find(|i| &i.id == item))
                        .map(|i| s.item_title(i, r.names))
                        .unwrap_or_else(|| item.clone());
                    Some(format!(
                        "- {} {}{sep}{}",
                        day_of(e.at, tz),
                        md_escape(&item_title),
                        md_escape(note)
                    ))
                }
                Record::Note {
                    material,
                    text,
                    quote,
                    ..
                } => Some(format!(
                    "- {} 《{}》{sep}{}（“{}…”）",
                    day_of(e.at, tz),
                    md_escape(r.names.title(material)),
                    md_escape(text),
                    md_escape(quote)
                )),
                _ => None,
            })
            .collect();
        if notes.is_empty() {
            let _ = writeln!(self.o, "{}", s.report_none);
        } else {
            for n in notes {
                let _ = writeln!(self.o, "{n}");
            }
        }
    }
}

/// The materials each attempt's questions came from (their 出处), most answered first: what a
/// practice was practice of.
fn attempt_sources<'a>(events: &[Event], names: &'a Names) -> HashMap<i64, Vec<&'a str>> {
    let mut count: HashMap<i64, HashMap<&'a str, usize>> = HashMap::new();
    for e in events {
        if let Record::Answer {
            attempt,
            bank,
            question,
            ..
        } = &e.record
            && let Some(m) = names
                .questions
                .get(&(bank.clone(), question.clone()))
                .and_then(|q| q.material.as_deref())
        {
            *count
                .entry(*attempt)
                .or_default()
                .entry(names.title(m))
                .or_default() += 1;
        }
    }
    count
        .into_iter()
        .map(|(a, titles)| {
            let mut t: Vec<(&str, usize)> = titles.into_iter().collect();
            t.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(y.0)));
            (a, t.into_iter().map(|(t, _)| t).collect())
        })
        .collect()
}

/// The 述学 report as an HTML page that prints on A4 (the Markdown, laid out).
pub fn to_html(r: &Report<'_>, events: &[Event]) -> String {
    markdown_page(&to_markdown(r, events), r.strings, &r.strings.report_title)
}

/// A Markdown document as a page that prints on A4 with CJK fonts: the 述学 report and the
/// branch report alike. Raw HTML in the text (a note, a title) is shown as text, never run.
pub(crate) fn markdown_page(md: &str, s: &crate::i18n::Strings, title: &str) -> String {
    let mut body = String::new();
    let opts = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_TASKLISTS;
    let events = pulldown_cmark::Parser::new_ext(md, opts).map(|e| match e {
        pulldown_cmark::Event::Html(t) | pulldown_cmark::Event::InlineHtml(t) => {
            pulldown_cmark::Event::Text(t)
        }
        e => e,
    });
    pulldown_cmark::html::push_html(&mut body, events);
    let escaped = super::html_escape(title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{escaped}</title>\n<style>\n{REPORT_CSS}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        s.problem(&crate::i18n::msg("print_lang")),
    )
}

const REPORT_CSS: &str = r#"@page { size: A4; margin: 18mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif;
       font-size: 11pt; line-height: 1.7; max-width: 174mm; margin: 0 auto; color: #000; }
h1 { text-align: center; font-size: 18pt; }
h2 { font-size: 13pt; margin-top: 14pt; border-bottom: 1px solid #999; }
h3 { font-size: 11.5pt; }
table { border-collapse: collapse; width: 100%; break-inside: avoid; }
th, td { border: 1px solid #666; padding: 2pt 6pt; text-align: left; }
ul { padding-left: 1.5em; }
li { break-inside: avoid; }
p:last-child { margin-top: 24pt; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_escaped() {
        assert_eq!(md_escape("a|b *c*\n#d"), "a\\|b \\*c\\* \\#d");
    }

    #[test]
    fn a_report_of_nothing_says_so_in_every_section_and_an_open_period_keeps_its_dash() {
        let s = Strings::english();
        let header = Header {
            member: String::new(),
            account: String::new(),
            branch: String::new(),
            from: Some("2020-02-01".parse().unwrap()),
            to: None,
            generated_at: jiff::Timestamp::from_second(1_580_515_200).unwrap(),
            installation: String::new(),
        };
        let names = Names::default();
        let totals = Totals::default();
        let r = Report {
            header: &header,
            names: &names,
            totals: &totals,
            plans: &[],
            strings: s,
            tz: &TimeZone::UTC,
        };
        let md = to_markdown(&r, &[]);
        let sep = &s.report_sep;
        assert!(
            md.contains(&format!("- {}{sep}2020-02-01 –\n", s.report_period)),
            "{md}"
        );
        assert!(md.contains(&s.report_no_name), "{md}");
        let branch = s.problem(&crate::i18n::msg("report_branch"));
        assert!(
            !md.contains(&format!("- {branch}{sep}")),
            "no branch line when none is set: {md}"
        );
        // read, quizzes, plans and notes: each says there is nothing
        assert_eq!(md.matches(s.report_none.as_str()).count(), 4, "{md}");
    }
}
