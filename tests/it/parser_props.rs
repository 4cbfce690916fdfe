//! Property tests of every parser and of the sanitizer and wrapper on arbitrary input: no
//! panic, every error names the file with a place, no control character in any message or
//! result. The promises are in tests/it/common/parser_checks.rs, shared with the fuzz targets
//! (fuzz/, run by fuzz/run.sh); every input a fuzzer found is kept in tests/fixtures/fuzz/
//! and re-checked here.

use crate::common::parser_checks as checks;

use proptest::prelude::*;

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

/// Text made of the pieces of the formats other systems write: GIFT, Aiken, JSON — with the
/// escapes, controls and brackets that break them.
fn foreign() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("::Q1::".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("=yes".to_string()),
        Just("~%50%no".to_string()),
        Just("~%-100%".to_string()),
        Just("#feedback".to_string()),
        Just("####".to_string()),
        Just("[html]<b>".to_string()),
        Just("\\".to_string()),
        Just("// [id:x] [tag:t\\]".to_string()),
        Just("{T#a#b}".to_string()),
        Just("A) ".to_string()),
        Just("B. ".to_string()),
        Just("ANSWER: B\n".to_string()),
        Just("答案：A\n".to_string()),
        Just("[{\"content\": \"".to_string()),
        Just("\", \"options\": [\"A. 甲\", ".to_string()),
        Just("\"answer\": \"A\"}".to_string()),
        Just("\n".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{0}".to_string()),
        "[a-z学习疫情（　）]{0,12}".prop_map(|s| s),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

/// A promise kept, or the property fails with its message.
fn hold(r: Result<(), String>) -> Result<(), TestCaseError> {
    r.map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn material_parser(text in nasty()) {
        hold(checks::material(text.as_bytes()))?;
    }

    #[test]
    fn material_parser_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        hold(checks::material(&bytes))?;
    }

    #[test]
    fn bank_toml_parser(text in nasty()) {
        hold(checks::bank_toml(text.as_bytes()))?;
    }

    #[test]
    fn bank_csv_parser(text in nasty()) {
        hold(checks::bank_csv(text.as_bytes()))?;
    }

    #[test]
    fn bank_csv_parser_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        hold(checks::bank_csv(&bytes))?;
    }

    #[test]
    fn foreign_bank_parsers(text in foreign()) {
        for name in ["b.txt", "b.gift", "b.json", "b.csv"] {
            hold(checks::bank_file(name, text.as_bytes()))?;
        }
    }

    #[test]
    fn plan_parser(text in nasty()) {
        hold(checks::plan(text.as_bytes()))?;
    }

    #[test]
    fn config_parser(text in nasty()) {
        hold(checks::config(&text))?;
    }

    #[test]
    fn sanitizer_is_clean_and_idempotent(text in nasty()) {
        hold(checks::sanitizer(&text))?;
    }

    #[test]
    fn wrapper_takes_anything(text in nasty(), width in 1usize..60) {
        hold(checks::wrapper(&text, width))?;
    }
}

/// Every input a fuzz target found (tests/fixtures/fuzz/<target>/), minimized, checked again.
#[test]
fn fuzz_findings_stay_fixed() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut seen = 0;
    for target in std::fs::read_dir(&root).unwrap() {
        let dir = target.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            let result = match name.as_str() {
                "material" => checks::material(&bytes),
                "bank_toml" => checks::bank_toml(&bytes),
                "bank_csv" => checks::bank_csv(&bytes),
                "plan" => checks::plan(&bytes),
                "config" => checks::config(&text),
                "sanitize" => checks::sanitizer(&text),
                // the wrapper's width is the first byte, as in its fuzz target
                "wrap" => checks::wrapper(
                    &String::from_utf8_lossy(bytes.get(1..).unwrap_or_default()),
                    bytes.first().map_or(10, |&w| usize::from(w)),
                ),
                other => panic!("{}: no check for a target named {other}", path.display()),
            };
            assert_eq!(result, Ok(()), "{}", path.display());
            seen += 1;
        }
    }
    assert!(seen > 0, "the findings folder is empty");
}
