//! A card from the text (挖空): a sentence of a material with a word the member chose taken
//! out, as a fill-in question of their own bank, its source the sentence itself.

use crate::domain::quiz::{Answer, Kind, Question};

/// The longest word that can be taken out (a blank is a word or a phrase, not a clause).
pub const MAX_WORD_CHARS: usize = 30;
/// The longest sentence made into a card.
pub const MAX_SENTENCE_CHARS: usize = 500;
/// The blank in the stem, as the bundled banks write it.
pub const BLANK: &str = "（　）";

/// Why a card could not be made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClozeError {
    /// Nothing typed.
    NoWord,
    /// The word is not in the sentence.
    NotIn,
    /// The word is over [`MAX_WORD_CHARS`].
    TooLong,
}

/// A paragraph's sentences, each ending with its stop (。！？；…), blank ones left out.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            push(&mut out, &mut cur);
            continue;
        }
        cur.push(c);
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            // a closing quote belongs with the sentence it closes
            while let Some(&q) = chars.peek() {
                if matches!(q, '”' | '’' | '」' | '』' | '）' | ')') {
                    cur.push(q);
                    chars.next();
                } else {
                    break;
                }
            }
            push(&mut out, &mut cur);
        }
    }
    push(&mut out, &mut cur);
    out
}

fn push(out: &mut Vec<String>, cur: &mut String) {
    let s = cur.trim();
    if !s.is_empty() {
        out.push(s.chars().take(MAX_SENTENCE_CHARS).collect());
    }
    cur.clear();
}

/// The fill-in question that asks for `word` in `sentence` (its first occurrence blanked),
/// with `id`, from `material`.
pub fn cloze(
    sentence: &str,
    word: &str,
    id: &str,
    material: Option<&str>,
) -> Result<Question, ClozeError> {
    let word = word.trim();
    if word.is_empty() {
        return Err(ClozeError::NoWord);
    }
    if word.chars().count() > MAX_WORD_CHARS {
        return Err(ClozeError::TooLong);
    }
    let Some(at) = sentence.find(word) else {
        return Err(ClozeError::NotIn);
    };
    let stem = format!("{}{BLANK}{}", &sentence[..at], &sentence[at + word.len()..]);
    Ok(Question {
        id: id.to_string(),
        kind: Kind::Fill,
        stem,
        options: Vec::new(),
        answer: Answer::Fill(vec![vec![word.to_string()]]),
        explanation: format!("原文：「{sentence}」"),
        material: material.map(str::to_string),
        tags: Vec::new(),
        difficulty: None,
        points: 1.0,
        shuffle: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_paragraph_splits_into_its_sentences_with_their_quotes() {
        let p =
            "镇江开展“学习强国”线上知识竞赛。全市党员踊跃参加！\n“学以致用。”这是要求；贯彻落实";
        assert_eq!(
            sentences(p),
            [
                "镇江开展“学习强国”线上知识竞赛。",
                "全市党员踊跃参加！",
                "“学以致用。”",
                "这是要求；",
                "贯彻落实"
            ]
        );
        assert!(sentences("  \n ").is_empty());
    }

    #[test]
    fn the_word_becomes_the_blank_and_the_sentence_the_source() {
        let q = cloze(
            "徐州健全“四学机制”，推动学习走深走实。",
            " 四学机制 ",
            "c1",
            Some("xuzhou"),
        )
        .unwrap();
        assert_eq!(q.stem, "徐州健全“（　）”，推动学习走深走实。");
        assert_eq!(q.answer, Answer::Fill(vec![vec!["四学机制".into()]]));
        assert_eq!(crate::domain::quiz::count_blanks(&q.stem), 1);
        assert_eq!(
            crate::domain::quiz::quoted(&q.explanation).as_deref(),
            Some("徐州健全“四学机制”，推动学习走深走实。")
        );
        assert_eq!(q.material.as_deref(), Some("xuzhou"));
        // the question grades as any fill-in: the word is the answer
        let g = crate::domain::quiz::grade(
            &q,
            Some(&crate::domain::quiz::Response::Fill(vec![
                "四学机制".into(),
            ])),
            None,
        );
        assert!(g.correct);
        assert_eq!(cloze("学习", "  ", "c", None), Err(ClozeError::NoWord));
        assert_eq!(cloze("学习", "强国", "c", None), Err(ClozeError::NotIn));
        assert_eq!(
            cloze(&"学".repeat(40), &"学".repeat(31), "c", None),
            Err(ClozeError::TooLong)
        );
    }
}
