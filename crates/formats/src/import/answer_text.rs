//! An answer as trainers write it, read: letters of a choice (`A、C`, full-width, wrapped in
//! `正确答案：`), a judge's word (对/错, √/×, T/F), a choice as the option's text, the blanks
//! and alternatives of a fill; and the question types no machine can grade.

use std::collections::BTreeSet;

use crate::text::sanitize::sanitize_line;

/// Letters of a choice answer: `B`, `ACD`, `A,C,D`, `A、C、D`, `a c d`, full-width letters.
pub fn parse_letters(s: &str) -> Option<BTreeSet<usize>> {
    let mut set = BTreeSet::new();
    for c in s.chars() {
        let c = match c {
            'Ａ'..='Ｚ' => char::from_u32(c as u32 - 0xfee0)?,
            'ａ'..='ｚ' => char::from_u32(c as u32 - 0xfee0)?,
            c => c,
        };
        match c {
            'A'..='Z' => {
                set.insert((c as u8 - b'A') as usize);
            }
            'a'..='z' => {
                set.insert((c as u8 - b'a') as usize);
            }
            // `A.C`, `（A）`
            ',' | '，' | '、' | ' ' | '　' | ';' | '；' | '/' | '.' | '．' | '(' | ')' | '（'
            | '）' => {}
            _ => return None,
        }
    }
    (!set.is_empty()).then_some(set)
}

/// An answer cell as trainers fill it, its wrapping taken off: `正确答案：对` → `对`,
/// `【答案】B` → `B`, `选A` → `A`, `（A）` → `A`.
pub fn clean_answer(s: &str) -> String {
    let mut t = s.trim();
    for head in ["正确答案", "参考答案", "标准答案", "答案"] {
        if let Some(rest) = t.strip_prefix(head)
            && let Some(rest) = rest.trim_start().strip_prefix([':', '：'])
        {
            t = rest.trim();
            break;
        }
    }
    if let Some(rest) = t.strip_prefix("【答案】") {
        t = rest.trim();
    }
    if let Some(rest) = t.strip_prefix('选')
        && parse_letters(rest).is_some()
    {
        t = rest.trim();
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(inner) = t.strip_prefix(open).and_then(|r| r.strip_suffix(close))
            && !inner.trim().is_empty()
        {
            t = inner.trim();
        }
    }
    t.to_string()
}

/// A choice answer written as the right option's text (学习强国 banks often do): the option
/// equal to the whole answer, or to each of its `、`/`；`/`|`-separated parts.
pub(crate) fn by_option_text(answer: &str, options: &[String]) -> Option<BTreeSet<usize>> {
    let find = |t: &str| {
        options
            .iter()
            .position(|o| o.trim() == t.trim() && !t.trim().is_empty())
    };
    if let Some(i) = find(answer) {
        return Some([i].into());
    }
    let parts: Vec<&str> = answer.split(['、', '；', ';', '|', '｜']).collect();
    if parts.len() < 2 {
        return None;
    }
    parts.iter().map(|p| find(p)).collect()
}

/// A judge answer: true/false, 对/错, 正确/错误, √/×, T/F, 是/否, 1/0 (case-insensitive).
pub fn parse_judge(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "t" | "对" | "正确" | "√" | "✓" | "✔" | "是" | "1" | "yes" | "y" => {
            Some(true)
        }
        "false" | "f" | "错" | "错误" | "×" | "✗" | "✘" | "否" | "0" | "no" | "n" | "x" => {
            Some(false)
        }
        _ => None,
    }
}

/// Question types trainers use that cannot be graded by a machine: 简答, 论述, 材料题,
/// 案例分析, 问答, 名词解释, 计算.
pub fn is_unsupported_kind(s: &str) -> bool {
    let s = s.trim().trim_end_matches('题');
    [
        "简答",
        "论述",
        "材料",
        "材料分析",
        "案例分析",
        "问答",
        "名词解释",
        "计算",
        "主观",
        "数值",
        "匹配",
    ]
    .contains(&s)
}

/// Fill answers written in one cell: blanks split by `；` or `;`, alternatives by `|`.
pub fn split_fill(s: &str) -> Vec<String> {
    s.split(['；', ';']).map(|p| p.trim().to_string()).collect()
}

/// One blank's answer and its `|` alternatives, each cleaned.
pub(crate) fn alternatives(entry: &str) -> Vec<String> {
    entry
        .split(['|', '｜'])
        .map(sanitize_line)
        .filter(|a| !a.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_trainers_write_them() {
        let set = |v: &[usize]| v.iter().copied().collect::<BTreeSet<_>>();
        assert_eq!(parse_letters("B"), Some(set(&[1])));
        assert_eq!(parse_letters("ACD"), Some(set(&[0, 2, 3])));
        assert_eq!(parse_letters("A,C,D"), Some(set(&[0, 2, 3])));
        assert_eq!(parse_letters("A、C、D"), Some(set(&[0, 2, 3])));
        assert_eq!(parse_letters("ａｃ"), Some(set(&[0, 2])));
        assert_eq!(parse_letters("A1"), None);
        assert_eq!(parse_letters(""), None);
        for t in ["对", "正确", "√", "T", "true"] {
            assert_eq!(parse_judge(t), Some(true), "{t}");
        }
        for f in ["错", "错误", "×", "F", "false"] {
            assert_eq!(parse_judge(f), Some(false), "{f}");
        }
        assert_eq!(parse_judge("也许"), None);
        // wrapped as trainers write them
        assert_eq!(parse_letters(&clean_answer("A.C")), Some(set(&[0, 2])));
        assert_eq!(parse_letters(&clean_answer("（A）")), Some(set(&[0])));
        assert_eq!(parse_letters(&clean_answer("选A")), Some(set(&[0])));
        assert_eq!(parse_letters(&clean_answer("答案：BD")), Some(set(&[1, 3])));
        assert_eq!(parse_judge(&clean_answer("正确答案：对")), Some(true));
        assert_eq!(clean_answer("选举"), "选举", "a fill answer keeps its 选");
        let opts = ["形式主义".to_string(), "好人主义".into(), "官僚主义".into()];
        assert_eq!(by_option_text("好人主义", &opts), Some(set(&[1])));
        assert_eq!(
            by_option_text("形式主义、官僚主义", &opts),
            Some(set(&[0, 2]))
        );
        assert_eq!(by_option_text("享乐主义", &opts), None);
        assert_eq!(
            split_fill("四个意识；四个自信;两个维护"),
            ["四个意识", "四个自信", "两个维护"]
        );
    }
}
