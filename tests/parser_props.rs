//! Property tests of every parser and of the sanitizer and wrapper on arbitrary input: no
//! panic, every error names the file with a place, no control character in any message or
//! result. (The fuzz targets of the robustness issue are not built yet; these run in cargo test.)

use std::path::Path;

use proptest::prelude::*;
use xuexi::text::sanitize::{is_forbidden, sanitize};

/// Text made of the pieces that break parsers: TOML and CSV syntax, front-matter fences,
/// controls, escapes, quotes, Chinese, long runs.
fn nasty() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("+++\n".to_string()),
        Just("[bank]\n".to_string()),
        Just("[[questions]]\n".to_string()),
        Just("[plan]\n".to_string()),
        Just("[[items]]\n".to_string()),
        Just("id = \"x\"\n".to_string()),
        Just("title = \"标题\"\n".to_string()),
        Just("type = \"single\"\n".to_string()),
        Just("kind = \"task\"\n".to_string()),
        Just("answer = \"A\"\n".to_string()),
        Just("options = [\"甲\", \"乙\"]\n".to_string()),
        Just("题型,题干,选项A,选项B,答案\n".to_string()),
        Just("单选,题干（　）,甲,乙,A\n".to_string()),
        Just("\"".to_string()),
        Just(",".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("=".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{1b}]0;t\u{7}".to_string()),
        Just("\u{9b}".to_string()),
        Just("\u{202e}".to_string()),
        Just("\r\n".to_string()),
        Just("\u{0}".to_string()),
        "[a-z学习疫情（　）]{0,12}".prop_map(|s| s),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn clean(s: &str) -> bool {
    !s.chars().any(is_forbidden)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn material_parser(text in nasty()) {
        let path = Path::new("m.md");
        match xuexi::import::material::parse_material(path, &text) {
            Ok(m) => prop_assert!(clean(&m.meta.title) && clean(&m.body) && clean(&m.meta.column)),
            Err(e) => {
                let e = e.to_string();
                prop_assert!(e.starts_with("m.md:") && clean(&e), "{}", e);
            }
        }
    }

    #[test]
    fn bank_toml_parser(text in nasty()) {
        match xuexi::import::bank_toml::parse_bank_toml(Path::new("b.toml"), &text, &|_| true) {
            Ok(b) => {
                prop_assert!(clean(&b.title));
                for q in &b.questions {
                    prop_assert!(clean(&q.stem) && q.options.iter().all(|o| clean(o)));
                }
            }
            Err(errs) => {
                for e in errs {
                    let e = e.to_string();
                    prop_assert!(e.starts_with("b.toml:") && clean(&e), "{}", e);
                }
            }
        }
    }

    #[test]
    fn bank_csv_parser(text in nasty()) {
        let path = Path::new("b.csv");
        let rows = xuexi::import::bank_table::csv_rows(path, text.as_bytes());
        let result = rows.map_err(|e| vec![e]).and_then(|rows| {
            xuexi::import::bank_table::bank_from_rows(path, &rows, "b", "题库", &|_| true)
        });
        match result {
            Ok(b) => prop_assert!(b.questions.iter().all(|q| clean(&q.stem))),
            Err(errs) => {
                for e in errs {
                    let e = e.to_string();
                    prop_assert!(e.starts_with("b.csv:") && clean(&e), "{}", e);
                }
            }
        }
    }

    #[test]
    fn plan_parser(text in nasty()) {
        let refs = xuexi::import::plan::Refs::default();
        match xuexi::import::plan::parse_plan(Path::new("p.toml"), &text, &refs) {
            Ok(p) => prop_assert!(clean(&p.title) && p.items.iter().all(|i| clean(&i.title))),
            Err(errs) => {
                for e in errs {
                    let e = e.to_string();
                    prop_assert!(e.starts_with("p.toml:") && clean(&e), "{}", e);
                }
            }
        }
    }

    #[test]
    fn config_parser(text in nasty()) {
        if let Err(e) = xuexi::config::Config::parse(Path::new("c.toml"), &text) {
            let e = e.to_string();
            prop_assert!(e.starts_with("c.toml:") && clean(&e), "{}", e);
        }
    }

    #[test]
    fn sanitizer_is_clean_and_idempotent(text in nasty()) {
        let once = sanitize(&text);
        prop_assert!(clean(&once));
        prop_assert_eq!(sanitize(&once), once.clone());
    }

    #[test]
    fn wrapper_takes_anything(text in nasty(), width in 1usize..60) {
        for line in xuexi::text::wrap::wrap_str(&sanitize(&text), width.max(2)) {
            prop_assert!(xuexi::text::width::width(&line) <= width.max(2));
        }
    }
}
