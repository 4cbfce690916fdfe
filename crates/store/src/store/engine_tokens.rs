//! The search engine's tokens (see `engine.rs`): bigrams and run ends with their positions, or
//! every CJK character alone.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::engine::RUN_END;
use crate::text::search::is_cjk;

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
        while let Some(c) = self.text[self.at..].chars().next() {
            let from = self.at;
            let to = from + c.len_utf8();
            self.at = to;
            if is_cjk(c) {
                let p = self.position;
                self.position += 1;
                if self.chars {
                    self.set(from, to, p);
                    return true;
                }
                match self.text[to..].chars().next() {
                    Some(d) if is_cjk(d) => self.set(from, to + d.len_utf8(), p),
                    _ => {
                        self.set(from, to, p);
                        self.token.text.push(RUN_END);
                    }
                }
                return true;
            }
            if self.chars {
                continue;
            }
            if is_word(c) {
                let mut end = to;
                for d in self.text[to..].chars() {
                    if !is_word(d) {
                        break;
                    }
                    end += d.len_utf8();
                }
                self.at = end;
                let p = self.position;
                self.position += 1;
                self.token.offset_from = from;
                self.token.offset_to = end;
                self.token.position = p;
                self.token.text.clear();
                for d in self.text[from..end].chars() {
                    self.token.text.extend(d.to_lowercase());
                }
                return true;
            }
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
            ("国|", 3),
            ("app", 4),
            ("开设", 5),
            ("设|", 6),
            ("2020", 7),
            ("年|", 8),
        ];
        assert_eq!(tokens("学习强国APP开设，2020年", false), owned(&want));
        assert!(tokens("，。 ", false).is_empty());
        let chars = [("学", 0), ("习", 1), ("年", 2)];
        assert_eq!(tokens("学习 APP，年", true), owned(&chars));
    }
}
