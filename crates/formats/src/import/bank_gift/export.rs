//! A bank written as GIFT: what Moodle imports, and what [`super::parse_bank_gift`] reads back.

use super::escape;
use crate::domain::quiz::{Answer, Bank, Kind, points_text};

/// Writes a bank as GIFT; [`parse_bank_gift`] reads it back to the same questions, and Moodle
/// imports it (xuexi's extra fields are comments to Moodle).
pub fn export_bank_gift(bank: &Bank) -> String {
    let mut out = format!("// {}（{}）\n\n", bank.title, bank.id);
    for q in &bank.questions {
        if q.points != 1.0 {
            out.push_str(&format!("// 分值：{}\n", points_text(q.points)));
        }
        if let Some(d) = q.difficulty {
            out.push_str(&format!("// 难度：{d}\n"));
        }
        if !q.tags.is_empty() {
            out.push_str(&format!("// 标签：{}\n", q.tags.join("，")));
        }
        if let Some(m) = &q.material {
            out.push_str(&format!("// 出处：{m}\n"));
        }
        if !q.shuffle {
            out.push_str("// 不乱序\n");
        }
        if q.kind == Kind::Multiple && matches!(&q.answer, Answer::Choice(s) if s.len() == 1) {
            out.push_str("// 多选\n");
        }
        let plain = if q.stem.starts_with('[') {
            "[plain]"
        } else {
            ""
        };
        out.push_str(&format!("::{}:: {plain}{} {{\n", q.id, escape(&q.stem)));
        match &q.answer {
            Answer::Choice(set) => {
                let right = set.len().max(1);
                for (i, o) in q.options.iter().enumerate() {
                    // an option starting with `%` is not a weight
                    let o = &match o.strip_prefix('%') {
                        Some(rest) => format!("\\%{rest}"),
                        None => o.clone(),
                    };
                    let line = match (q.kind, set.contains(&i)) {
                        (Kind::Multiple, true) => {
                            let share = (100.0 / right as f64 * 100_000.0).round() / 100_000.0;
                            format!("~%{share}%{}", escape(o))
                        }
                        (Kind::Multiple, false) => format!("~%-100%{}", escape(o)),
                        (_, true) => format!("={}", escape(o)),
                        (_, false) => format!("~{}", escape(o)),
                    };
                    out.push_str(&line);
                    out.push('\n');
                }
            }
            Answer::Judge(b) => out.push_str(if *b { "TRUE\n" } else { "FALSE\n" }),
            Answer::Fill(blanks) => {
                if let [alts] = blanks.as_slice() {
                    // one blank: Moodle's alternatives
                    for a in alts {
                        out.push_str(&format!("={}\n", escape(a)));
                    }
                } else {
                    let all: Vec<String> = blanks.iter().map(|a| a.join("|")).collect();
                    out.push_str(&format!("={}\n", escape(&all.join("；"))));
                }
            }
            // `bank export` refuses a sealed bank without its key before it gets here
            Answer::Sealed => {}
        }
        if !q.explanation.is_empty() {
            out.push_str(&format!("####{}\n", escape(&q.explanation)));
        }
        out.push_str("}\n\n");
    }
    crate::text::sanitize::sanitize_document(&out)
}
