//! The search engine's tokens (see `engine.rs`): bigrams and run ends with their positions, or
//! every CJK character alone.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::text::search::is_cjk;

/// Marks a character as the last of its CJK run (`习|` in 学习、强国): a query's run that
/// other query text follows must end where the document's does.
pub(crate) const RUN_END: char = '|';

/// The tokens of `text::search` as a tantivy tokenizer (see the module's comment).
#[derive(Clone)]
pub struct XuexiTokenizer {
    /// Every CJK character alone (and nothing else) rather than bigrams, run ends and words.
    pub(crate) chars: bool,
}

pub struct XuexiStream<'a> {
    chars: bool,
    text: &'a str,
    at: usize,
    /// The character at `at`, read by the token before (the second of its bigram), so that no
    /// character is decoded twice.
    next: Option<char>,
    /// Whether the character before `at` is CJK (a lone character after a run is its end).
    after_cjk: bool,
    position: usize,
    token: Token,
}

impl Tokenizer for XuexiTokenizer {
    type TokenStream<'a> = XuexiStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> XuexiStream<'a> {
        XuexiStream {
            chars: self.chars,
            text,
            at: 0,
            next: text.chars().next(),
            after_cjk: false,
            position: 0,
            token: Token::default(),
        }
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

impl XuexiStream<'_> {
    fn set(&mut self, from: usize, to: usize, position: usize) {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = position;
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
    }
}

impl TokenStream for XuexiStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some(c) = self.next {
            let from = self.at;
            let to = from + c.len_utf8();
            self.at = to;
            let rest = self.text.get(to..).unwrap_or("");
            self.next = rest.chars().next();
            let longer = std::mem::replace(&mut self.after_cjk, is_cjk(c));
            if self.after_cjk {
                let p = self.position;
                self.position += 1;
                if self.chars {
                    self.set(from, to, p);
                    return true;
                }
                match self.next {
                    Some(d) if is_cjk(d) => self.set(from, to + d.len_utf8(), p),
                    _ => {
                        // the end of a run of two or more is one position further on: the
                        // position after its last bigram stays empty, so two bigrams two
                        // positions apart are of one run (see `phrase_terms`)
                        let p = if longer {
                            self.position += 1;
                            p + 1
                        } else {
                            p
                        };
                        self.set(from, to, p);
                        self.token.text.push(RUN_END);
                    }
                }
                return true;
            }
            if self.chars || !is_word(c) {
                continue;
            }
            let mut end = to;
            for d in rest.chars() {
                if !is_word(d) {
                    self.next = Some(d);
                    break;
                }
                end += d.len_utf8();
            }
            if end == self.text.len() {
                self.next = None;
            }
            self.at = end;
            let p = self.position;
            self.position += 1;
            self.token.offset_from = from;
            self.token.offset_to = end;
            self.token.position = p;
            self.token.text.clear();
            let word = &self.text[from..end];
            if word.is_ascii() {
                self.token.text.push_str(word);
                self.token.text.make_ascii_lowercase();
            } else {
                for d in word.chars() {
                    self.token.text.extend(d.to_lowercase());
                }
            }
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// A query term's tokens as the engine's terms with their positions in the phrase, placed as
/// a document's are: one after another, and the end of a run of two or more (`习|` in 学习、强国)
/// one further on. So a bigram at p + 2 is of the same run as one at p, and bigrams no more
/// than two apart from a run's first to its last hold all its characters in order: the others
/// need not be read. Of those covers, the one whose bigrams `cost` least (how many materials
/// hold them) is taken: 党员冬训工作法 is 党员 员冬 训工 作法 when the words 党员 冬训 工作 are in
/// most materials and 员冬 训工 only where the phrase is. `学习、强国` keeps its `习|`. A last
/// character typed alone (`APP开`) is the prefix of the token that begins its run, right after
/// what precedes it.
pub(crate) fn phrase_terms(
    tokens: &[String],
    prefix_last: bool,
    cost: &mut dyn FnMut(&str) -> u64,
) -> Vec<(usize, String)> {
    let last = tokens.len().saturating_sub(1);
    let is_bigram = |s: &str| s.chars().count() == 2 && s.chars().all(is_cjk);
    let mut out = Vec::with_capacity(tokens.len());
    let mut at = 0;
    // the bigrams of the run being read, with their positions
    let mut run: Vec<(usize, &String)> = Vec::new();
    for (j, s) in tokens.iter().enumerate() {
        if is_bigram(s) && !(j == last && prefix_last) {
            run.push((at, s));
            at += 1;
            continue;
        }
        let ended = !run.is_empty();
        cover(&mut run, cost, &mut out);
        let mut cs = s.chars();
        match (cs.next(), cs.next()) {
            _ if j == last && prefix_last => out.push((at, s.clone())),
            // one character the query goes on after: its run ends there (further on when
            // bigrams came before it)
            (Some(c), None) if is_cjk(c) => {
                if ended {
                    at += 1;
                }
                out.push((at, format!("{c}{RUN_END}")));
            }
            _ => out.push((at, s.clone())),
        }
        at += 1;
    }
    cover(&mut run, cost, &mut out);
    out
}

/// The cheapest bigrams of `run` (emptied) that hold every character: its first and last, and
/// none more than two positions after the one before.
fn cover(
    run: &mut Vec<(usize, &String)>,
    cost: &mut dyn FnMut(&str) -> u64,
    out: &mut Vec<(usize, String)>,
) {
    if run.is_empty() {
        return;
    }
    let costs: Vec<u64> = run.iter().map(|(_, s)| cost(s)).collect();
    // best[i]: the least cost of a cover of the run up to bigram i that takes i; from[i]: the
    // bigram taken before it
    let mut best = vec![0u64; run.len()];
    let mut from = vec![0usize; run.len()];
    best[0] = costs[0];
    for i in 1..run.len() {
        let k = if i >= 2 && best[i - 2] < best[i - 1] {
            i - 2
        } else {
            i - 1
        };
        best[i] = best[k].saturating_add(costs[i]);
        from[i] = k;
    }
    let mut taken = vec![run.len() - 1];
    while let Some(&i) = taken.last()
        && i > 0
    {
        taken.push(from[i]);
    }
    out.extend(
        taken
            .into_iter()
            .rev()
            .map(|i| (run[i].0, run[i].1.clone())),
    );
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str, chars: bool) -> Vec<(String, usize)> {
        let mut t = XuexiTokenizer { chars };
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().text.clone(), s.token().position));
            assert_eq!(
                text[s.token().offset_from..s.token().offset_to].to_lowercase(),
                s.token().text.trim_end_matches(RUN_END)
            );
        }
        out
    }

    fn owned(v: &[(&str, usize)]) -> Vec<(String, usize)> {
        v.iter().map(|(s, p)| (s.to_string(), *p)).collect()
    }

    #[test]
    fn bigrams_run_ends_and_lower_case_words() {
        let want = [
            ("学习", 0),
            ("习强", 1),
            ("强国", 2),
            ("国|", 4),
            ("app", 5),
            ("开设", 6),
            ("设|", 8),
            ("2020", 9),
            ("年|", 10),
        ];
        assert_eq!(tokens("学习强国APP开设，2020年", false), owned(&want));
        assert!(tokens("，。 ", false).is_empty());
        let chars = [("学", 0), ("习", 1), ("年", 2)];
        assert_eq!(tokens("学习 APP，年", true), owned(&chars));
    }

    /// Each query's terms are found, at the same distances, in the tokens of the text it
    /// stands for.
    fn at_distances(query: &str, prefix_last: bool, text: &str) -> bool {
        let q = crate::text::search::Query::parse(query).unwrap();
        let terms = phrase_terms(&q.terms[0].tokens, prefix_last, &mut |_| 1);
        let doc = tokens(text, false);
        doc.iter().any(|(_, p0)| {
            terms.iter().all(|(at, s)| {
                doc.iter().any(|(d, p)| {
                    *p == p0 + at && (d == s || (prefix_last && d.starts_with(s.as_str())))
                })
            })
        })
    }

    #[test]
    fn a_phrase_keeps_every_other_bigram_and_its_breaks() {
        let q = crate::text::search::Query::parse("党员冬训工作法 \"学习、强国\" 国APP").unwrap();
        let t = |i: usize| phrase_terms(&q.terms[i].tokens, false, &mut |_| 1);
        let want = [(0, "党员"), (2, "冬训"), (4, "工作"), (5, "作法")];
        assert_eq!(t(0), want.map(|(p, s)| (p, s.to_string())));
        // the rare bigrams where the words are common
        let mut words = |s: &str| {
            if ["员冬", "训工"].contains(&s) {
                10
            } else {
                1000
            }
        };
        let rare = phrase_terms(&q.terms[0].tokens, false, &mut words);
        let want = [(0, "党员"), (1, "员冬"), (3, "训工"), (5, "作法")];
        assert_eq!(rare, want.map(|(p, s)| (p, s.to_string())));
        let want = [(0, "学习"), (2, "习|"), (3, "强国")];
        assert_eq!(t(1), want.map(|(p, s)| (p, s.to_string())));
        let want = [(0, "国|"), (1, "app")];
        assert_eq!(t(2), want.map(|(p, s)| (p, s.to_string())));
        // the sparse phrase is found where the text is, and not where a break or another
        // character stands between its bigrams
        assert!(at_distances("学习强国", false, "在学习强国上"));
        assert!(!at_distances("学习强国", false, "学习、强国"));
        assert!(!at_distances("学习强国", false, "学习APP强国"));
        assert!(at_distances("学习、强国", false, "学习 强国"));
        assert!(!at_distances("学习、强国", false, "学习X强国"));
        assert!(!at_distances("学习、强国", false, "学习强国"));
        assert!(at_distances("国APP", false, "强国，APP"));
        assert!(at_distances("强国APP开", true, "强国APP开设"));
        assert!(at_distances("强国APP开", true, "强国APP开。"));
        assert!(at_distances("学习、强", true, "学习、强国"));
        assert!(at_distances("学习、强", true, "学习、强"));
        assert!(!at_distances("学习、强", true, "学习强国"));
        assert!(at_distances("APP国APP", false, "APP国APP"));
        assert!(!at_distances("APP国APP", false, "APP强国APP"));
    }

    /// The tokenizer as it was before it kept the next character and whether the one before
    /// was CJK (it decoded each twice, and the one before again): every token, its text,
    /// offsets and position.
    fn reference(text: &str, chars: bool) -> Vec<(String, usize, usize, usize)> {
        let mut out = Vec::new();
        let (mut at, mut position) = (0, 0);
        while let Some(c) = text[at..].chars().next() {
            let (from, to) = (at, at + c.len_utf8());
            at = to;
            if is_cjk(c) {
                let p = position;
                position += 1;
                if chars {
                    out.push((text[from..to].to_string(), from, to, p));
                    continue;
                }
                match text[to..].chars().next() {
                    Some(d) if is_cjk(d) => out.push((
                        text[from..to + d.len_utf8()].to_string(),
                        from,
                        to + d.len_utf8(),
                        p,
                    )),
                    _ => {
                        let longer = text[..from].chars().next_back().is_some_and(is_cjk);
                        let p = if longer {
                            position += 1;
                            p + 1
                        } else {
                            p
                        };
                        out.push((format!("{}{RUN_END}", &text[from..to]), from, to, p));
                    }
                }
                continue;
            }
            if chars || !is_word(c) {
                continue;
            }
            let mut end = to;
            for d in text[to..].chars() {
                if !is_word(d) {
                    break;
                }
                end += d.len_utf8();
            }
            at = end;
            let word: String = text[from..end]
                .chars()
                .flat_map(char::to_lowercase)
                .collect();
            out.push((word, from, end, position));
            position += 1;
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_same_tokens_as_before(
            v in proptest::collection::vec(proptest::sample::select(vec![
                '学', '习', '强', '国', '，', '。', ' ', '\n', 'A', 'p', 'Z', '7', '_', 'É', 'ß',
                'Σ', 'İ', '١', '“', '|', '\u{3000}', '\u{20000}',
            ]), 0..40),
            chars in proptest::bool::ANY,
        ) {
            let text: String = v.into_iter().collect();
            let mut t = XuexiTokenizer { chars };
            let mut s = t.token_stream(&text);
            let mut got = Vec::new();
            while s.advance() {
                let k = s.token();
                got.push((k.text.clone(), k.offset_from, k.offset_to, k.position));
            }
            proptest::prop_assert_eq!(got, reference(&text, chars));
        }
    }
}
