//! A bank written as CSV in the Chinese template.

use crate::domain::quiz::{Answer, Bank, letter};

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
        });
        rec.push(q.explanation.clone());
        rec.push(crate::domain::quiz::points_text(q.points));
        rec.push(q.difficulty.map(|d| d.to_string()).unwrap_or_default());
        rec.push(q.tags.join("，"));
        rec.push(q.material.clone().unwrap_or_default());
        rec.push(if q.shuffle { "" } else { "是" }.into());
        let _ = w.write_record(&rec);
    }
    let body = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&body))
}
