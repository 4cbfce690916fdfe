//! Papers on paper: a drawn exam paper (or a whole bank) laid out as Chinese exams are — the
//! title, 姓名/支部/得分 lines, sections 一、单选题 … with the points of each, options A–D, blanks
//! as underlines — and, on request, an answer key with the 解析 on a page of its own. Markdown,
//! or HTML that prints on A4 from a browser (CJK fonts named, page breaks, no question split
//! across pages).

use super::html_escape;
use crate::domain::quiz::{Answer, Bank, Kind, Paper, Question, draw_paper, letter, points_text};
use crate::i18n::{Strings, msg};

/// A paper laid out: its title, its line of rules and its sections of questions.
pub struct Printed {
    pub title: String,
    /// 时长 20 分钟 · 满分 28 分 · 60 分及格 (empty for a whole bank).
    pub rules: String,
    pub sections: Vec<Section>,
}

pub struct Section {
    pub kind: Kind,
    /// 一、单选题（每题 1 分，共 10 分）
    pub heading: String,
    pub questions: Vec<Question>,
}

/// The questions of `paper` drawn from `bank` with `seed` (a fixed paper is always the same),
/// each worth what the paper says; or every question of the bank when `paper` is `None`.
/// Grouped in sections by type, numbered through.
pub fn lay_out(bank: &Bank, paper: Option<&Paper>, seed: u64, s: &Strings) -> Printed {
    let questions: Vec<Question> = match paper {
        Some(p) => draw_paper(bank, p, p.seed(&bank.id, seed))
            .into_iter()
            .map(|q| Question {
                points: p.points_for(q.kind, q.points),
                ..q.clone()
            })
            .collect(),
        None => bank.questions.clone(),
    };
    let mut sections = Vec::new();
    for kind in Kind::ALL {
        let qs: Vec<Question> = questions
            .iter()
            .filter(|q| q.kind == kind)
            .cloned()
            .collect();
        if qs.is_empty() {
            continue;
        }
        let total: f64 = qs.iter().map(|q| q.points).sum();
        let each = qs[0].points;
        let same = qs.iter().all(|q| q.points == each);
        let no = s.section_number(sections.len());
        let heading = if same {
            s.problem(
                &msg("print_section_each")
                    .arg("no", no)
                    .arg("kind", s.kind_name(kind))
                    .arg("each", points_text(each))
                    .arg("total", points_text(total)),
            )
        } else {
            s.problem(
                &msg("print_section")
                    .arg("no", no)
                    .arg("kind", s.kind_name(kind))
                    .arg("total", points_text(total)),
            )
        };
        sections.push(Section {
            kind,
            heading,
            questions: qs,
        });
    }
    let total: f64 = sections
        .iter()
        .flat_map(|x| x.questions.iter())
        .map(|q| q.points)
        .sum();
    let (title, rules) = match paper {
        Some(p) => (
            p.title.clone(),
            s.problem(
                &msg("print_rules")
                    .arg("minutes", p.minutes)
                    .arg("total", points_text(total))
                    .arg("pass", p.pass),
            ),
        ),
        None => (bank.title.clone(), String::new()),
    };
    Printed {
        title,
        rules,
        sections,
    }
}

/// A stem as printed: a 填空's blanks as underlines.
fn printed_stem(q: &Question) -> String {
    if q.kind != Kind::Fill {
        return q.stem.clone();
    }
    let mut out = String::new();
    let chars: Vec<char> = q.stem.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '（' | '(') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], ' ' | '　') {
                j += 1;
            }
            if j < chars.len() && matches!(chars[j], '）' | ')') {
                out.push_str("＿＿＿＿＿＿");
                i = j + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The answer as the key prints it: `B`, `ACD`, `对`, `四个意识；四个自信`.
fn printed_answer(q: &Question, s: &Strings) -> String {
    match &q.answer {
        Answer::Choice(set) => set.iter().map(|&i| letter(i)).collect(),
        Answer::Judge(b) => if *b { &s.judge_true } else { &s.judge_false }.clone(),
        Answer::Fill(blanks) => blanks
            .iter()
            .map(|alts| alts.first().cloned().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("；"),
        // a member's copy of a sealed bank has no key to print (`paper print --key` refuses)
        Answer::Sealed => String::new(),
    }
}

/// The paper as Markdown (the key after a rule, when `key`).
pub fn to_markdown(p: &Printed, key: bool, s: &Strings) -> String {
    let esc = super::md_escape;
    let mut out = format!("# {}\n\n", esc(&p.title));
    out.push_str(&format!("{}\n\n", s.problem(&msg("print_name_line"))));
    if !p.rules.is_empty() {
        out.push_str(&format!("{}\n\n", esc(&p.rules)));
    }
    let mut n = 0;
    for sec in &p.sections {
        out.push_str(&format!("## {}\n\n", esc(&sec.heading)));
        for q in &sec.questions {
            n += 1;
            out.push_str(&format!("{n}. {}\n\n", esc(&printed_stem(q))));
            // each option on a line of its own (a hard break: two spaces), not indented, which
            // Markdown would take for code
            let mut lines: Vec<String> = q
                .options
                .iter()
                .enumerate()
                .map(|(i, o)| format!("{}. {}", letter(i), esc(o)))
                .collect();
            if q.kind == Kind::Judge {
                lines.push(s.problem(&msg("print_judge_choice")));
            }
            if !lines.is_empty() {
                out.push_str(&lines.join("  \n"));
                out.push_str("\n\n");
            }
        }
    }
    if key {
        out.push_str(&format!(
            "---\n\n# {}\n\n",
            s.problem(&msg("print_key_title").arg("title", &p.title))
        ));
        let mut n = 0;
        for sec in &p.sections {
            out.push_str(&format!("## {}\n\n", esc(&sec.heading)));
            for q in &sec.questions {
                n += 1;
                out.push_str(&format!("{n}. {}", esc(&printed_answer(q, s))));
                if !q.explanation.is_empty() {
                    out.push_str(&format!(
                        "　{}",
                        esc(&s.problem(&msg("print_explanation").arg("text", &q.explanation)))
                    ));
                }
                out.push_str("\n\n");
            }
        }
    }
    crate::text::sanitize::sanitize_document(&out)
}

/// A4, CJK serif fonts as Chinese exams are set, no question split over two pages, the key on
/// a page of its own.
const CSS: &str = r#"@page { size: A4; margin: 18mm 18mm 20mm 18mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "STSong", serif;
       font-size: 11pt; line-height: 1.7; color: #000; max-width: 174mm; margin: 0 auto; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 6pt; font-weight: bold; }
.name { text-align: center; margin: 0 0 4pt; white-space: pre; }
.rules { text-align: center; font-size: 10pt; margin: 0 0 10pt; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei", sans-serif; }
ol { margin: 0; padding-left: 2em; }
li.q { break-inside: avoid; page-break-inside: avoid; margin: 0 0 6pt; }
.options { list-style: none; padding-left: 0; margin: 2pt 0 0; display: flex; flex-wrap: wrap; column-gap: 2em; }
.options li { min-width: 40%; }
.key { break-before: page; page-break-before: always; }
.key li { margin: 0 0 3pt; }
.explanation { color: #333; font-size: 10pt; }
"#;

/// The paper as an HTML page that prints on A4.
pub fn to_html(p: &Printed, key: bool, s: &Strings) -> String {
    let e = html_escape;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        s.problem(&msg("print_lang")),
        e(&p.title)
    );
    out.push_str(&format!("<h1>{}</h1>\n", e(&p.title)));
    out.push_str(&format!(
        "<p class=\"name\">{}</p>\n",
        e(&s.problem(&msg("print_name_line")))
    ));
    if !p.rules.is_empty() {
        out.push_str(&format!("<p class=\"rules\">{}</p>\n", e(&p.rules)));
    }
    let mut n = 0;
    for sec in &p.sections {
        out.push_str(&format!(
            "<section>\n<h2>{}</h2>\n<ol start=\"{}\">\n",
            e(&sec.heading),
            n + 1
        ));
        for q in &sec.questions {
            n += 1;
            out.push_str(&format!("<li class=\"q\">{}", e(&printed_stem(q))));
            if !q.options.is_empty() {
                out.push_str("\n<ul class=\"options\">");
                for (i, o) in q.options.iter().enumerate() {
                    out.push_str(&format!("<li>{}. {}</li>", letter(i), e(o)));
                }
                out.push_str("</ul>");
            } else if q.kind == Kind::Judge {
                out.push_str(&format!(
                    "<ul class=\"options\"><li>{}</li></ul>",
                    e(&s.problem(&msg("print_judge_choice")))
                ));
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</section>\n");
    }
    if key {
        out.push_str(&format!(
            "<div class=\"key\">\n<h1>{}</h1>\n",
            e(&s.problem(&msg("print_key_title").arg("title", &p.title)))
        ));
        let mut n = 0;
        for sec in &p.sections {
            out.push_str(&format!(
                "<h2>{}</h2>\n<ol start=\"{}\">\n",
                e(&sec.heading),
                n + 1
            ));
            for q in &sec.questions {
                n += 1;
                out.push_str(&format!("<li><b>{}</b>", e(&printed_answer(q, s))));
                if !q.explanation.is_empty() {
                    out.push_str(&format!(
                        " <span class=\"explanation\">{}</span>",
                        e(&s.problem(&msg("print_explanation").arg("text", &q.explanation)))
                    ));
                }
                out.push_str("</li>\n");
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</div>\n");
    }
    out.push_str("</body>\n</html>\n");
    crate::text::sanitize::sanitize_document(&out)
}
