//! The branch's picture written out: Markdown (and the A4 page made from it) and the members'
//! table as CSV.

use super::branch_check::Exam;
use super::branch_summary::Summary;
use crate::i18n::{Msg, Strings, msg};

fn cell(t: &str) -> String {
    super::md_escape(t).replace('|', "\\|").replace('\n', " ")
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.0}%", n as f64 * 100.0 / of as f64)
    }
}

/// An exam's cell: its percent and 及格/未及格, and 未核实 when it is the file's word.
fn exam_cell(e: Option<Exam>, s: &Strings) -> String {
    let Some(e) = e else { return "—".into() };
    let word = if e.passed {
        "branch_passed"
    } else {
        "branch_failed"
    };
    let mut t = format!("{:.0}% {}", e.percent, s.problem(&msg(word)));
    if !e.checked {
        t.push_str(&s.problem(&msg("branch_unchecked")));
    }
    t
}

/// The 需要核实 section: each member whose files disagree with themselves or the bank.
fn doubts_md(sum: &Summary, s: &Strings) -> String {
    let mut o = format!("\n## {}\n\n", s.problem(&msg("branch_doubts")));
    if sum.doubts.is_empty() {
        o.push_str(&s.problem(&msg("branch_doubts_none")));
        o.push('\n');
    }
    for (member, account, found) in &sum.doubts {
        o.push_str(&format!("- {}（{}）\n", cell(member), cell(account)));
        for d in found {
            o.push_str(&format!("  - {}\n", cell(&s.problem(&d.msg()))));
        }
    }
    o
}

/// The picture as Markdown.
pub fn to_markdown(sum: &Summary, s: &Strings) -> String {
    let p = |m: Msg| s.problem(&m);
    let mut o = format!("# {}\n\n", p(msg("branch_title")));
    o.push_str(&format!(
        "- {}\n",
        p(msg("branch_counts")
            .arg("members", sum.members.len())
            .arg("exports", sum.exports))
    ));
    if let (Some(a), Some(b)) = (&sum.from, &sum.to) {
        o.push_str(&format!(
            "- {}\n",
            p(msg("branch_period").arg("from", a).arg("to", b))
        ));
    }
    o.push_str(&format!("\n## {}\n\n", p(msg("branch_members"))));
    let with_plan = sum.members.iter().any(|r| r.plan.is_some());
    let (plan_head, plan_rule) = if with_plan {
        (format!(" {} |", p(msg("branch_plan_head"))), "---:|")
    } else {
        (String::new(), "")
    };
    o.push_str(&format!(
        "{}{plan_head}\n|---|---|---|---:|---:|---:|---|{plan_rule}\n",
        p(msg("branch_members_head"))
    ));
    for r in &sum.members {
        let exam = exam_cell(r.best_exam, s);
        let plan = match r.plan {
            Some((done, all)) => format!(" {done}/{all} |"),
            None if with_plan => " — |".into(),
            None => String::new(),
        };
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |{plan}\n",
            cell(&r.member),
            cell(&r.account),
            cell(&r.branch),
            r.minutes,
            r.days,
            r.materials_read,
            exam
        ));
    }
    for (bank, here, n) in &sum.sealed_ungraded {
        o.push_str(&format!("\n{}\n", p(sealed_line(&cell(bank), *here, *n))));
    }
    o.push_str(&doubts_md(sum, s));
    o.push_str(&format!("\n## {}\n\n", p(msg("branch_questions"))));
    o.push_str(&format!(
        "{}\n|---|---|---:|---:|---|---:|\n",
        p(msg("branch_questions_head"))
    ));
    for q in &sum.questions {
        let d = q
            .distractor
            .as_ref()
            .map_or("—".to_string(), |(t, n)| format!("{}（{n}）", cell(t)));
        let stem = if q.stem.is_empty() {
            &q.question
        } else {
            &q.stem
        };
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} | {:.0} |\n",
            cell(stem),
            cell(&q.bank),
            q.answers,
            pct(q.right, q.answers),
            d,
            q.avg_seconds
        ));
    }
    o.push_str(&format!("\n## {}\n\n", p(msg("branch_materials"))));
    o.push_str(&format!(
        "{}\n|---|---:|\n",
        p(msg("branch_materials_head"))
    ));
    for (_, title, n) in &sum.materials {
        o.push_str(&format!(
            "| {} | {} / {} |\n",
            cell(title),
            n,
            sum.members.len()
        ));
    }
    // every field of a member's export, not only the header, may carry controls
    crate::text::sanitize::sanitize_document(&o)
}

/// The line saying a sealed bank's attempts were not graded: its bank is not here, or its
/// answers do not match the bank here.
fn sealed_line(bank: &str, here: bool, n: usize) -> Msg {
    let key = if here {
        "branch_sealed_unmatched"
    } else {
        "branch_sealed_ungraded"
    };
    msg(key).arg("bank", bank).arg("n", n)
}

/// The picture as a page that prints on A4 (the Markdown, laid out like the 述学 report).
pub fn to_html(sum: &Summary, s: &Strings) -> String {
    super::md::markdown_page(&to_markdown(sum, s), s, &s.problem(&msg("branch_title")))
}

/// The members' table as CSV (UTF-8 with a BOM), for a spreadsheet.
pub fn to_csv(sum: &Summary, s: &Strings) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let with_plan = sum.members.iter().any(|r| r.plan.is_some());
    let mut head: Vec<String> = s
        .problem(&msg("branch_members_head"))
        .trim_matches('|')
        .split('|')
        .map(|h| h.trim().to_string())
        .collect();
    head.push(s.problem(&msg("branch_doubts")));
    if with_plan {
        head.push(s.problem(&msg("branch_plan_head")));
    }
    // writing into a Vec cannot fail
    let _ = w.write_record(&head);
    for r in &sum.members {
        let doubts = sum
            .doubts
            .iter()
            .find(|(m, a, _)| *m == r.member && *a == r.account)
            .map(|(_, _, found)| {
                found
                    .iter()
                    .map(|d| s.problem(&d.msg()))
                    .collect::<Vec<_>>()
                    .join("；")
            })
            .unwrap_or_default();
        let _ = w.write_record(
            [
                r.member.clone(),
                r.account.clone(),
                r.branch.clone(),
                r.minutes.to_string(),
                r.days.to_string(),
                r.materials_read.to_string(),
                match r.best_exam {
                    Some(_) => exam_cell(r.best_exam, s),
                    None => String::new(),
                },
                doubts,
            ]
            .into_iter()
            .chain(with_plan.then(|| {
                r.plan
                    .map_or(String::new(), |(done, all)| format!("{done}/{all}"))
            }))
            .collect::<Vec<_>>()
            .iter()
            .map(|c| super::neutralize(c)),
        );
    }
    // a sealed bank not graded here gets its line, as in the Markdown: a member's empty best
    // exam must not read as "took none" (padded to the header's width, the writer is strict)
    for (bank, here, n) in &sum.sealed_ungraded {
        let line = s.problem(&sealed_line(bank, *here, *n));
        let row = std::iter::once(super::neutralize(&line))
            .chain(std::iter::repeat_n(String::new(), head.len() - 1));
        let _ = w.write_record(row);
    }
    let body = w.into_inner().unwrap_or_default();
    crate::text::sanitize::sanitize_document(&format!("\u{feff}{}", String::from_utf8_lossy(&body)))
}
