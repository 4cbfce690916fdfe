//! Properties of banks and grading: TOML export→import gives the same bank; all right is full
//! marks, nothing answered is zero, partial credit stays within bounds.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use xuexi::domain::quiz::{Answer, Bank, Kind, Paper, Question, Response, grade};
use xuexi::domain::session::{Item, Mode, Session};
use xuexi::import::bank_gift::{export_bank_gift, parse_bank_gift};
use xuexi::import::bank_table::{bank_from_rows, csv_rows, export_bank_csv};
use xuexi::import::bank_toml::{export_bank_toml, parse_bank_toml};

fn text() -> impl Strategy<Value = String> {
    // Chinese and Latin words, punctuation, quotes and TOML-hostile characters
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(vec!["学习", "疫情", "防控", "“四个意识”", "党员", "冬训"])
                .prop_map(String::from),
            "[a-zA-Z0-9]{1,6}",
            prop::sample::select(vec!["\"", "'", "\\", "#", "=", "，", "。", "[", "]"])
                .prop_map(String::from),
        ],
        1..6,
    )
    .prop_map(|v| v.concat())
}

fn question(i: usize) -> impl Strategy<Value = Question> {
    let kind = prop::sample::select(Kind::ALL.to_vec());
    (
        kind,
        text(),
        prop::collection::vec(text(), 2..6),
        any::<u64>(),
        1u32..10, // in halves: 0.5 to 4.5
        prop::option::of(1u8..=5),
    )
        .prop_map(move |(kind, stem, options, bits, points, difficulty)| {
            let (stem, options, answer) = match kind {
                Kind::Single => {
                    let n = options.len();
                    (stem, options, Answer::Choice([bits as usize % n].into()))
                }
                Kind::Multiple => {
                    let n = options.len();
                    let mut set: BTreeSet<usize> = (0..n).filter(|i| bits >> i & 1 == 1).collect();
                    if set.is_empty() {
                        set.insert(0);
                    }
                    (stem, options, Answer::Choice(set))
                }
                Kind::Judge => (stem, vec![], Answer::Judge(bits & 1 == 1)),
                Kind::Fill => {
                    let blanks = 1 + (bits % 3) as usize;
                    let stem = format!("{stem}{}", "（　）".repeat(blanks));
                    let answer = (0..blanks)
                        .map(|b| vec![format!("答{b}"), format!("alt{b}")])
                        .collect();
                    (stem, vec![], Answer::Fill(answer))
                }
            };
            Question {
                id: format!("q{i}"),
                kind,
                stem: stem.replace(['\\', '"'], "").trim().to_string() + "？",
                options: options
                    .into_iter()
                    .map(|o| o.trim().to_string() + "项")
                    .collect(),
                answer,
                explanation: "解析".into(),
                material: None,
                tags: vec!["标签".into()],
                difficulty,
                points: f64::from(points) / 2.0,
                shuffle: true,
            }
        })
}

fn bank() -> impl Strategy<Value = Bank> {
    prop::collection::vec(any::<u8>(), 1..12)
        .prop_flat_map(|v| {
            let qs: Vec<_> = (0..v.len()).map(question).collect();
            qs
        })
        .prop_map(|questions| {
            let singles = questions.iter().filter(|q| q.kind == Kind::Single).count();
            Bank {
                id: "prop".into(),
                title: "性质测试".into(),
                description: String::new(),
                version: Some(1),
                sealed: false,
                papers: if singles > 0 {
                    vec![Paper {
                        id: "p".into(),
                        title: "卷".into(),
                        minutes: 5,
                        pass: 60,
                        draw: vec![(Kind::Single, singles)],
                        tags: vec![],
                        multiple_partial: Some(0.5),
                        points: vec![(Kind::Single, 1.5)],
                        difficulty: vec![],
                        fixed: true,
                        attempts: Some(2),
                    }]
                } else {
                    vec![]
                },
                questions,
            }
        })
}

fn right_response(q: &Question) -> Response {
    match &q.answer {
        Answer::Sealed => unreachable!("no sealed bank in this test"),
        Answer::Choice(s) => Response::Choice(s.clone()),
        Answer::Judge(b) => Response::Judge(*b),
        Answer::Fill(b) => Response::Fill(b.iter().map(|a| a[0].clone()).collect()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn toml_export_then_import_is_the_same_bank(b in bank()) {
        let text = export_bank_toml(&b);
        let again = parse_bank_toml(Path::new("p.toml"), &text, &|_| true);
        let errors = again.as_ref().err().map(|e| format!("{e:?}")).unwrap_or_default();
        prop_assert_eq!(again.as_ref().ok(), Some(&b), "{}\n{}", errors, text);
    }

    #[test]
    fn gift_export_then_import_keeps_the_questions(b in bank()) {
        let text = export_bank_gift(&b);
        let again = parse_bank_gift(Path::new("p.gift"), &text, &b.id, &b.title, &|_| true);
        let errors = again.as_ref().err().map(|e| format!("{e:?}")).unwrap_or_default();
        prop_assert_eq!(again.map(|a| a.questions).ok(), Some(b.questions.clone()), "{}\n{}", errors, text);
    }

    #[test]
    fn csv_export_then_import_keeps_the_questions(b in bank()) {
        let text = export_bank_csv(&b);
        let rows = csv_rows(Path::new("p.csv"), text.as_bytes()).unwrap();
        let again = bank_from_rows(Path::new("p.csv"), &rows, &b.id, &b.title, &|_| true);
        prop_assert_eq!(again.map(|a| a.questions).ok(), Some(b.questions.clone()));
    }

    #[test]
    fn all_right_is_full_marks_nothing_is_zero(b in bank(), partial in prop::option::of(0.0f64..=1.0)) {
        let items: Vec<Item> = b.questions.iter().map(|q| Item::new("b", q.clone(), None)).collect();
        let mut s = Session::new(1, Mode::Exam, "卷".into(), items);
        s.partial = partial;
        let none = s.results();
        prop_assert_eq!(none.score, 0.0);
        for (i, q) in b.questions.iter().enumerate() {
            s.answer(i, right_response(q));
        }
        let all = s.results();
        prop_assert_eq!(all.score, all.max);
        prop_assert_eq!(all.percent, 100.0);
        prop_assert_eq!(all.right, b.questions.len());
    }

    #[test]
    fn partial_credit_is_bounded(q in question(0), bits in any::<u8>(), share in 0.0f64..=1.0) {
        let r = match q.kind {
            Kind::Single | Kind::Multiple => Response::Choice((0..q.options.len()).filter(|i| bits >> i & 1 == 1).collect()),
            Kind::Judge => Response::Judge(bits & 1 == 1),
            Kind::Fill => Response::Fill(vec!["答0".into(), "错".into(), "alt2".into()]),
        };
        let g = grade(&q, Some(&r), Some(share));
        prop_assert!(g.points >= 0.0 && g.points <= q.points);
        if g.correct {
            prop_assert_eq!(g.points, q.points);
        }
        // a wrong pick in a 多选 never earns anything
        if let (Answer::Choice(want), Response::Choice(got)) = (&q.answer, &r)
            && !got.is_subset(want)
        {
            prop_assert_eq!(g.points, 0.0);
        }
    }
}
