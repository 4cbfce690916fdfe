//! A bank written as CSV in the Chinese template.

use crate::domain::quiz::{Answer, Bank, Kind, letter, points_text};

/// Writes a bank's questions as CSV in the Chinese template (UTF-8 with BOM, so Excel and WPS
/// read it). Papers have no place in the template and are left out.
pub fn export_bank_csv(bank: &Bank) -> String {
    let n_opts = bank
        .questions
        .iter()
        .map(|q| q.options.len())
        .max()
        .unwrap_or(0)
        .max(4);
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header: Vec<String> = vec!["编号".into(), "题型".into(), "题干".into()];
    header.extend((0..n_opts).map(|i| format!("选项{}", letter(i))));
    header.extend(["答案", "解析", "分值", "难度", "标签", "出处", "不乱序"].map(String::from));
    // writing into a Vec cannot fail
    let _ = w.write_record(&header);
    for q in &bank.questions {
        let mut rec: Vec<String> = vec![q.id.clone(), q.kind.zh().into(), q.stem.clone()];
        rec.extend((0..n_opts).map(|i| q.options.get(i).cloned().unwrap_or_default()));
        rec.push(match &q.answer {
            Answer::Choice(set) => set.iter().map(|&i| letter(i)).collect(),
            Answer::Judge(b) => if *b { "对" } else { "错" }.into(),
            Answer::Fill(blanks) => blanks
                .iter()
                .map(|a| a.join("|"))
                .collect::<Vec<_>>()
                .join("；"),
            // `bank export` refuses a sealed bank without its key before it gets here
            Answer::Sealed => String::new(),
        });
        rec.push(q.explanation.clone());
        rec.push(crate::domain::quiz::points_text(q.points));
        rec.push(q.difficulty.map(|d| d.to_string()).unwrap_or_default());
        rec.push(q.tags.join("，"));
        rec.push(q.material.clone().unwrap_or_default());
        rec.push(if q.shuffle { "" } else { "是" }.into());
        // a stem or option from a third party opened in Excel/WPS must not run as a formula
        let _ = w.write_record(rec.iter().map(|c| crate::text::sanitize::neutralize(c)));
    }
    let body = w.into_inner().unwrap_or_default();
    let text = format!("\u{feff}{}", String::from_utf8_lossy(&body));
    crate::text::sanitize::sanitize_document(&text)
}

/// Writes a bank's papers as the `<bank>-试卷.csv` that import reads beside a CSV bank (and as
/// a workbook's 试卷 sheet): one row per paper, every field of it. `None` when it has none.
pub fn export_papers_csv(bank: &Bank) -> Option<String> {
    if bank.papers.is_empty() {
        return None;
    }
    let kinds = [Kind::Single, Kind::Multiple, Kind::Judge, Kind::Fill];
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut header: Vec<String> = ["编号", "名称", "时长", "及格线"]
        .map(String::from)
        .to_vec();
    header.extend(kinds.iter().map(|k| format!("{}数", k.zh())));
    header.extend(["标签", "难度"].map(String::from));
    header.extend(kinds.iter().map(|k| format!("{}分值", k.zh())));
    header.extend(["固定试卷", "限考次数", "多选部分得分"].map(String::from));
    // writing into a Vec cannot fail
    let _ = w.write_record(&header);
    for p in &bank.papers {
        let mut rec = vec![
            p.id.clone(),
            p.title.clone(),
            p.minutes.to_string(),
            format!("{}%", p.pass),
        ];
        rec.extend(kinds.iter().map(|k| {
            p.draw
                .iter()
                .find(|(dk, _)| dk == k)
                .map(|(_, n)| n.to_string())
                .unwrap_or_else(|| "0".into())
        }));
        rec.push(p.tags.join("，"));
        rec.push(
            p.difficulty
                .iter()
                .map(u8::to_string)
                .collect::<Vec<_>>()
                .join(","),
        );
        rec.extend(kinds.iter().map(|k| {
            p.points
                .iter()
                .find(|(pk, _)| pk == k)
                .map(|(_, v)| points_text(*v))
                .unwrap_or_default()
        }));
        rec.push(if p.fixed { "是" } else { "否" }.into());
        rec.push(p.attempts.map(|a| a.to_string()).unwrap_or_default());
        rec.push(
            p.multiple_partial
                .map(|m| m.to_string())
                .unwrap_or_default(),
        );
        // a paper's title from a third party opened in Excel/WPS must not run as a formula
        let _ = w.write_record(rec.iter().map(|c| crate::text::sanitize::neutralize(c)));
    }
    let body = w.into_inner().unwrap_or_default();
    let text = format!("\u{feff}{}", String::from_utf8_lossy(&body));
    Some(crate::text::sanitize::sanitize_document(&text))
}
