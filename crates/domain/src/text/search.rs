//! Search tokens for Chinese and Latin text, and queries over them.
//!
//! A trigram tokenizer cannot match a one- or two-character query, and most Chinese words are
//! two characters. So search uses tokens made here: every run of CJK characters
//! becomes its overlapping bigrams followed by its last character alone (学习强国 → 学习 习强
//! 强国 国), and every Latin word (letters and digits) one lower-case token. A query is cut the
//! same way, so a phrase of query tokens appears in a document's tokens exactly where the query
//! text appears in the document:
//!
//! - two characters are one bigram token; three or more are a phrase of bigrams;
//! - one character is a prefix token (疫*): every occurrence of a character begins a bigram or
//!   is the last of its run;
//! - a CJK run followed by more of the query (疫情APP) also takes its last-character token, as the
//!   document's run does at that point.
//!
//! The search engine's index (the store's `engine.rs`) also holds every character alone, at the
//! position of the bigram it begins, so there one character is an exact token and a query's
//! tokens are a phrase at consecutive positions. The same tokens, with their byte ranges, find
//! the occurrences to count and highlight.

use std::borrow::Cow;
use std::ops::Range;

/// Is `c` written without spaces between words (Chinese, Japanese, Korean)?
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF        // kana
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xAC00..=0xD7AF      // Hangul syllables
        | 0xF900..=0xFAFF      // compatibility ideographs
        | 0x20000..=0x3FFFF) // extensions B and beyond
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// A token with the byte range of the text it stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token<'a> {
    /// The text itself where it is the token (CJK; a word already in lower case): a body's
    /// thousands of tokens are then not thousands of allocations.
    pub text: Cow<'a, str>,
    pub range: Range<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cjk,
    Word,
    Other,
}

fn class(c: char) -> Class {
    if is_cjk(c) {
        Class::Cjk
    } else if is_word(c) {
        Class::Word
    } else {
        Class::Other
    }
}

/// A run of one class: where it starts and ends (bytes), and whether it is one character.
struct Run {
    class: Class,
    start: usize,
    end: usize,
    single: bool,
}

fn runs(text: &str) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for (i, c) in text.char_indices() {
        let k = class(c);
        let end = i + c.len_utf8();
        match out.last_mut() {
            Some(r) if r.class == k => {
                r.end = end;
                r.single = false;
            }
            _ => out.push(Run {
                class: k,
                start: i,
                end,
                single: true,
            }),
        }
    }
    out.retain(|r| r.class != Class::Other);
    out
}

fn cjk_tokens<'a>(text: &'a str, r: &Run, with_last: bool, out: &mut Vec<Token<'a>>) {
    let mut chars = text[r.start..r.end]
        .char_indices()
        .map(|(i, c)| (r.start + i, c));
    let Some(mut prev) = chars.next() else {
        return;
    };
    for (b, cb) in chars {
        let range = prev.0..b + cb.len_utf8();
        out.push(Token {
            text: Cow::Borrowed(&text[range.clone()]),
            range,
        });
        prev = (b, cb);
    }
    if with_last || r.single {
        let range = prev.0..prev.0 + prev.1.len_utf8();
        out.push(Token {
            text: Cow::Borrowed(&text[range.clone()]),
            range,
        });
    }
}

fn word_token<'a>(text: &'a str, r: &Run) -> Token<'a> {
    let range = r.start..r.end;
    let word = &text[range.clone()];
    let lower = word.chars().flat_map(char::to_lowercase);
    Token {
        text: if lower.clone().eq(word.chars()) {
            Cow::Borrowed(word)
        } else {
            Cow::Owned(lower.collect())
        },
        range,
    }
}

/// Every place `needle` is in `text`, overlapping ones too (学学 twice in 学学学), as
/// [`Term::find`] finds the term's tokens.
fn find_text(text: &str, needle: &str, out: &mut Vec<Range<usize>>) {
    let Some(step) = needle.chars().next().map(char::len_utf8) else {
        return;
    };
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| rest.find(needle)) {
        let start = from + at;
        out.push(start..start + needle.len());
        from = start + step;
    }
}

/// The tokens of a document's text, in order.
pub fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    for r in runs(text) {
        match r.class {
            Class::Cjk => cjk_tokens(text, &r, true, &mut out),
            _ => out.push(word_token(text, &r)),
        }
    }
    out
}

/// One term of a query: all its tokens must appear in a row; the last may be a prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// The text as the member typed it.
    pub text: String,
    pub tokens: Vec<String>,
    pub prefix_last: bool,
}

impl Term {
    fn parse(text: &str) -> Option<Term> {
        let rs = runs(text);
        let mut tokens = Vec::new();
        let mut prefix_last = false;
        for (i, r) in rs.iter().enumerate() {
            let last = i + 1 == rs.len();
            match r.class {
                Class::Cjk => {
                    let mut t = Vec::new();
                    cjk_tokens(text, r, !last, &mut t);
                    if last && r.single {
                        prefix_last = true;
                    }
                    tokens.extend(t.into_iter().map(|t| t.text.into_owned()));
                }
                _ => tokens.push(word_token(text, r).text.into_owned()),
            }
        }
        (!tokens.is_empty()).then(|| Term {
            text: text.to_string(),
            tokens,
            prefix_last,
        })
    }

    /// The text a term of one run of CJK characters stands for (its bigrams chained, or its
    /// one character), which it matches wherever that text is: CJK characters side by side are
    /// one run of a document's tokens, whose bigrams follow each other, and every character
    /// begins a bigram or is its run's last token. `None` for any other term (a word, a phrase
    /// of several runs: 疫情 平台 also matches 疫情，平台).
    fn cjk_text(&self) -> Option<String> {
        let cjk = |t: &String| t.chars().all(is_cjk);
        match self.tokens.as_slice() {
            [one] if self.prefix_last && one.chars().count() == 1 && cjk(one) => Some(one.clone()),
            [first, rest @ ..] if !self.prefix_last => {
                let two = |t: &String| t.chars().count() == 2 && cjk(t);
                if !two(first) || !rest.iter().all(two) {
                    return None;
                }
                let mut text = first.clone();
                let mut last = first.chars().nth(1);
                for t in rest {
                    let mut cs = t.chars();
                    if cs.next() != last {
                        return None;
                    }
                    last = cs.next();
                    text.extend(last);
                }
                Some(text)
            }
            _ => None,
        }
    }

    /// Byte ranges in `text` (whose tokens are `doc`) where this term occurs.
    fn find(&self, doc: &[Token], out: &mut Vec<Range<usize>>) {
        let k = self.tokens.len();
        if k == 0 || doc.len() < k {
            return;
        }
        for i in 0..=doc.len() - k {
            let window = &doc[i..i + k];
            let ok = window
                .iter()
                .zip(&self.tokens)
                .enumerate()
                .all(|(j, (d, q))| {
                    if j + 1 == k && self.prefix_last {
                        d.text.starts_with(q.as_str())
                    } else {
                        d.text == *q
                    }
                });
            if ok {
                let last = &window[k - 1];
                let end = if self.prefix_last {
                    last.range.start + self.tokens[k - 1].len()
                } else {
                    last.range.end
                };
                out.push(window[0].range.start..end);
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty")]
    Empty,
    #[error("a quote (\") is not closed")]
    Unclosed,
    #[error("`{0}` has no letters, digits or Chinese characters to search for")]
    NothingToFind(String),
    #[error("the query is too long (at most {0} characters)")]
    TooLong(usize),
}

/// The longest query accepted.
pub const MAX_QUERY_CHARS: usize = 200;

/// A parsed query: every term must appear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
}

impl Query {
    /// Terms are separated by spaces; "a quoted phrase" is one term, matched as written.
    pub fn parse(q: &str) -> Result<Query, QueryError> {
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong(MAX_QUERY_CHARS));
        }
        if q.chars().filter(|c| *c == '"').count() % 2 == 1 {
            return Err(QueryError::Unclosed);
        }
        let mut raw: Vec<String> = Vec::new();
        for (i, part) in q.split('"').enumerate() {
            if i % 2 == 1 {
                if !part.trim().is_empty() {
                    raw.push(part.to_string());
                }
            } else {
                raw.extend(part.split_whitespace().map(str::to_string));
            }
        }
        if raw.is_empty() {
            return Err(QueryError::Empty);
        }
        let mut terms = Vec::new();
        for r in raw {
            match Term::parse(&r) {
                Some(t) => terms.push(t),
                None => return Err(QueryError::NothingToFind(r)),
            }
        }
        Ok(Query { terms })
    }

    /// Every occurrence of every term in `text`, sorted by position. A term of Chinese
    /// characters alone is found as its text (see [`Term::cjk_text`]); the text is cut into
    /// tokens only for the others: tokens of a search's twenty 5 KB bodies were a tenth of its
    /// time at a million materials.
    pub fn occurrences(&self, text: &str) -> Vec<Range<usize>> {
        let mut doc: Option<Vec<Token>> = None;
        let mut out = Vec::new();
        for t in &self.terms {
            match t.cjk_text() {
                Some(needle) => find_text(text, &needle, &mut out),
                None => t.find(doc.get_or_insert_with(|| tokens(text)), &mut out),
            }
        }
        out.sort_by_key(|r| (r.start, r.end));
        out
    }

    /// Does every term occur in `text`?
    pub fn matches_all(&self, text: &str) -> bool {
        let doc = tokens(text);
        self.terms.iter().all(|t| {
            let mut v = Vec::new();
            t.find(&doc, &mut v);
            !v.is_empty()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(v: &'a [Token<'a>]) -> Vec<&'a str> {
        v.iter().map(|t| t.text.as_ref()).collect()
    }

    #[test]
    fn documents_become_bigrams_and_words() {
        let t = tokens("学习强国APP开设“疫情”专栏，2020年");
        assert_eq!(
            texts(&t),
            [
                "学习", "习强", "强国", "国", "app", "开设", "设", "疫情", "情", "专栏", "栏",
                "2020", "年"
            ]
        );
        assert_eq!(t[4].range, 12..15, "byte range of APP");
    }

    #[test]
    fn queries_are_cut_the_same_way() {
        let q = Query::parse("疫情 学习强国 疫 \"APP 开设\" 国APP").unwrap();
        let t: Vec<(Vec<&str>, bool)> = q
            .terms
            .iter()
            .map(|t| (t.tokens.iter().map(String::as_str).collect(), t.prefix_last))
            .collect();
        assert_eq!(
            t,
            [
                (vec!["疫情"], false),
                (vec!["学习", "习强", "强国"], false),
                (vec!["疫"], true),
                (vec!["app", "开设"], false),
                (vec!["国", "app"], false),
            ]
        );
    }

    #[test]
    fn occurrences_are_found_and_ranged() {
        let text = "学习强国APP开设专栏。学习、学习！";
        let q = Query::parse("学习").unwrap();
        let hits: Vec<&str> = q
            .occurrences(text)
            .iter()
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(hits, ["学习", "学习", "学习"]);
        let q = Query::parse("习").unwrap();
        assert_eq!(q.occurrences(text).len(), 3);
        assert!(q.occurrences(text).iter().all(|r| &text[r.clone()] == "习"));
        let q = Query::parse("app").unwrap();
        assert_eq!(q.occurrences(text).len(), 1, "Latin is case-insensitive");
        let q = Query::parse("国APP开").unwrap();
        let r = &q.occurrences(text)[0];
        assert_eq!(&text[r.clone()], "国APP开");
        assert!(Query::parse("强国 专栏").unwrap().matches_all(text));
        assert!(!Query::parse("强国 疫情").unwrap().matches_all(text));
    }

    /// Text of a few characters of each kind (Chinese most), and queries of fewer, so that
    /// they meet often.
    const TEXT: [char; 18] = [
        '学', '学', '学', '习', '习', '疫', '情', '龘', 'か', '한', 'a', 'B', '１', 'é', ' ', '，',
        '"', '\n',
    ];
    const QUERY: [char; 6] = ['学', '习', '疫', 'a', ' ', '"'];

    fn from(
        chars: &'static [char],
        max: usize,
    ) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        proptest::collection::vec(proptest::sample::select(chars), 0..max)
            .prop_map(|v| v.into_iter().collect())
    }

    proptest::proptest! {
        /// A term of Chinese characters alone, found as its text, is found where its tokens
        /// are (and each place once): the same places, in the same order.
        #[test]
        fn chinese_terms_found_as_text_are_found_as_tokens(
            text in from(&TEXT, 40),
            q in from(&QUERY, 6),
        ) {
            let Ok(q) = Query::parse(&q) else { return Ok(()) };
            let doc = tokens(&text);
            let mut slow = Vec::new();
            for t in &q.terms {
                t.find(&doc, &mut slow);
            }
            slow.sort_by_key(|r| (r.start, r.end));
            proptest::prop_assert_eq!(q.occurrences(&text), slow);
        }
    }

    #[test]
    fn chinese_terms_are_found_as_text_only_when_one_run() {
        let text = |q: &str| Query::parse(q).unwrap().terms[0].cjk_text();
        assert_eq!(text("疫").as_deref(), Some("疫"));
        assert_eq!(text("学习强国").as_deref(), Some("学习强国"));
        assert_eq!(text("学学学").as_deref(), Some("学学学"));
        assert_eq!(
            text("\"疫情 平台\""),
            None,
            "two runs also match 疫情，平台"
        );
        assert_eq!(text("APP开"), None);
        assert_eq!(text("app"), None);
        let hits = Query::parse("学学").unwrap().occurrences("学学学，学学");
        assert_eq!(hits, [0..6, 3..9, 12..18], "overlapping places each count");
    }

    #[test]
    fn bad_queries() {
        assert_eq!(Query::parse("  "), Err(QueryError::Empty));
        assert_eq!(Query::parse("\"学习"), Err(QueryError::Unclosed));
        assert_eq!(
            Query::parse("学习 ，。"),
            Err(QueryError::NothingToFind("，。".into()))
        );
        assert!(matches!(
            Query::parse(&"学".repeat(201)),
            Err(QueryError::TooLong(_))
        ));
    }
}
