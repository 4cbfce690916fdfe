//! The string tables: both languages complete, counts worded, placeholders the same.

use super::*;

#[test]
fn english_counts_take_the_right_word() {
    let t = "{n} {n|day|days} left, {m} {m|hit|hits}";
    assert_eq!(fill(t, &[("n", &1), ("m", &2)]), "1 day left, 2 hits");
    assert_eq!(fill(t, &[("n", &0), ("m", &1)]), "0 days left, 1 hit");
    let en = Strings::load(Lang::En);
    assert_eq!(fill(&en.search_hits, &[("n", &1)]), "1 hit");
    assert_eq!(fill(&en.report_n_days, &[("n", &1)]), "1 day");
}

#[test]
fn toml_value_types_are_named_in_the_readers_words() {
    let m = toml_problem("invalid type: integer `5`, expected a string");
    let zh = Strings::load(Lang::ZhCn).problem(&m);
    assert!(zh.contains("整数 `5`") && zh.contains("应为文字"), "{zh}");
    assert!(!zh.contains("integer") && !zh.contains("a string"), "{zh}");
    let en =
        Strings::load(Lang::En).problem(&toml_problem("invalid type: string \"2\", expected f64"));
    assert_eq!(
        en,
        "invalid type: a string (in quotes) \"2\", expected a number"
    );
}

#[test]
fn a_read_material_never_shows_zero_time() {
    let s = Strings::load(Lang::ZhCn);
    assert_eq!(s.hours_minutes(30), "0 小时 1 分");
    assert_eq!(s.hours_minutes(0), "0 小时 0 分");
    assert_eq!(s.hours_minutes(3725), "1 小时 2 分");
}

#[test]
fn session_titles_are_rendered_not_stored() {
    use crate::domain::session::Mode;
    let zh = Strings::load(Lang::ZhCn);
    let en = Strings::load(Lang::En);
    assert_eq!(zh.session_title(Mode::Challenge, "Challenge"), "挑战答题");
    assert_eq!(en.session_title(Mode::Daily, "每日答题"), "Daily quiz");
    assert_eq!(en.session_title(Mode::Review, ""), "Review");
    assert_eq!(
        zh.session_title(Mode::Exam, "理论学习闭卷测试"),
        "理论学习闭卷测试"
    );
}

#[test]
fn every_language_has_every_key() {
    for lang in Lang::ALL {
        let s = Strings::try_load(lang).unwrap_or_else(|e| panic!("{e}"));
        assert!(!s.app_name.is_empty());
    }
}

#[test]
fn placeholders_match_between_languages() {
    let zh = toml::from_str::<toml::Table>(&crate::bundle::asset_text("i18n/zh-CN.toml").unwrap())
        .unwrap();
    let en =
        toml::from_str::<toml::Table>(&crate::bundle::asset_text("i18n/en.toml").unwrap()).unwrap();
    let holes = |s: &str| {
        let mut v: Vec<String> = s
            .split('{')
            .skip(1)
            // `{n|one|other}` counts as the placeholder `n`; `{kind_zh}` as `{kind}` (the
            // same value, named in Chinese where the Chinese text needs it)
            .filter_map(|p| {
                p.split_once('}').map(|(h, _)| {
                    let h = h.split('|').next().unwrap_or(h);
                    h.strip_suffix("_zh").unwrap_or(h).to_string()
                })
            })
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let flat = |t: &toml::Table| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (k, v) in t {
            match v {
                toml::Value::String(s) => out.push((k.clone(), s.clone())),
                toml::Value::Table(sub) => {
                    for (k2, v2) in sub {
                        out.push((format!("{k}.{k2}"), v2.as_str().unwrap_or("").to_string()))
                    }
                }
                _ => panic!("{k} is neither a string nor a table"),
            }
        }
        out
    };
    // `--help` texts are in the Chinese table only (the English is in the code)
    let en_flat: std::collections::BTreeMap<String, String> = flat(&en)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("help."))
        .collect();
    let zh_flat: Vec<(String, String)> = flat(&zh)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("help."))
        .collect();
    assert_eq!(
        zh_flat.len(),
        en_flat.len(),
        "the same keys in both languages"
    );
    for (k, v) in &zh_flat {
        let other = en_flat.get(k).map(String::as_str).unwrap_or("");
        assert_eq!(holes(v), holes(other), "placeholders of {k}");
    }
}

#[test]
fn language_choice_order() {
    let none = |_: &str| None;
    assert_eq!(Lang::choose(None, None, &none), Lang::ZhCn);
    let en_env = |k: &str| (k == "LANG").then(|| "en_US.UTF-8".to_string());
    assert_eq!(Lang::choose(None, None, &en_env), Lang::En);
    assert_eq!(Lang::choose(None, Some("zh-CN"), &en_env), Lang::ZhCn);
    assert_eq!(Lang::choose(Some("en"), Some("zh-CN"), &none), Lang::En);
    let c_env = |k: &str| (k == "LANG").then(|| "C.UTF-8".to_string());
    assert_eq!(Lang::choose(None, None, &c_env), Lang::ZhCn);
}

#[test]
fn a_missing_or_unknown_key_is_an_error() {
    let text = crate::bundle::asset_text("i18n/en.toml").unwrap();
    let mut table: toml::Table = toml::from_str(&text).unwrap();
    table.remove("problems");
    table.remove("help");
    let full: std::collections::BTreeMap<String, String> = table
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap().to_string()))
        .collect();
    let none = std::collections::BTreeMap::new;
    assert!(Strings::from_table(full.clone(), none(), none()).is_ok());
    let mut less = full.clone();
    less.remove("cmd_quit");
    let e = Strings::from_table(less, none(), none()).unwrap_err();
    assert!(e.contains("missing keys: cmd_quit"), "{e}");
    let mut more = full;
    more.insert("cmd_fly".into(), "fly".into());
    let e = Strings::from_table(more, none(), none()).unwrap_err();
    assert!(e.contains("unknown keys: cmd_fly"), "{e}");
}

#[test]
fn fill_replaces_placeholders() {
    assert_eq!(fill("已读 {p}%", &[("p", &42)]), "已读 42%");
}

#[test]
fn a_locale_that_is_not_utf8_is_named() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    };
    assert_eq!(non_utf8_locale(&env(&[("LANG", "zh_CN.UTF-8")])), None);
    assert_eq!(non_utf8_locale(&env(&[("LANG", "en_US.utf8")])), None);
    assert_eq!(
        non_utf8_locale(&env(&[("LANG", "zh_CN.GB18030")])).as_deref(),
        Some("zh_CN.GB18030")
    );
    assert_eq!(
        non_utf8_locale(&env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])).as_deref(),
        Some("C"),
        "LC_ALL wins"
    );
    assert_eq!(non_utf8_locale(&env(&[])).as_deref(), Some("C"));
}

#[test]
fn another_terminals_exam_past_its_deadline_says_time_is_up_not_0_00() {
    use crate::domain::exam::OpenExam;
    let zh = Strings::load(Lang::ZhCn);
    let e = |elsewhere| OpenExam {
        title: "闭卷测试".into(),
        deadline_ms: Some(60_000),
        elsewhere,
    };
    assert_eq!(
        zh.open_exam_label(&e(true), 30_000),
        "在另一个终端中作答：闭卷测试（剩余 00:30）"
    );
    let after = zh.open_exam_label(&e(true), 90_000);
    assert!(after.contains("时间已到"), "{after}");
    assert!(!after.contains("00:00"), "{after}");
    // the member's own exam past its deadline is handed in on the spot: its label is not this
    assert!(!zh.open_exam_label(&e(false), 90_000).contains("时间已到"));
}
