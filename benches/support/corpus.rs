#![allow(dead_code)] // each bench, example and test uses a part
//! Deterministic generated materials, for benchmarks and load tests: Chinese prose built from
//! the characters of the bundled newsletter, in material-file form.

pub use xuexi::domain::rng::Rng;
use xuexi::markdown::parse_markdown;

/// The characters of the bundled materials' text: the pool generated prose draws from.
fn pool() -> Vec<char> {
    let mut chars = Vec::new();
    for f in xuexi::bundle::material_files() {
        let text = String::from_utf8_lossy(&f.bytes);
        let body = text.splitn(3, "+++").nth(2).unwrap_or("");
        let doc = parse_markdown(body);
        chars.extend(
            doc.plain_text()
                .chars()
                .filter(|c| !c.is_whitespace() && !"，。、；：？！“”（）《》".contains(*c)),
        );
    }
    chars
}

/// Words of the newsletter that generated prose mixes in.
pub const WORDS: &[&str] = &[
    "学习",
    "疫情",
    "防控",
    "党员",
    "冬训",
    "理论",
    "平台",
    "基层",
    "学习强国",
    "四学机制",
    "中心组",
    "疫情防控",
    "宣传",
    "APP",
    // a 7-character phrase, for the phrase query of bench/scale.sh
    "党员冬训工作法",
];

/// Chinese prose of about `bytes` bytes in paragraphs (blank-line separated), with an
/// occasional `## 一、…` heading, punctuated like the newsletter.
pub fn prose(rng: &mut Rng, pool: &[char], bytes: usize) -> String {
    prose_with(rng, pool, WORDS, bytes)
}

/// [`prose`] that mixes in only `words` (a material's topic).
pub fn prose_with(rng: &mut Rng, pool: &[char], words: &[&str], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 256);
    let mut para = 0;
    while out.len() < bytes {
        if para % 6 == 3 {
            out.push_str("## ");
            for _ in 0..(8 + rng.below(10)) {
                out.push(pool[rng.below(pool.len())]);
            }
            out.push_str("\n\n");
        }
        let sentences = 2 + rng.below(5);
        for _ in 0..sentences {
            let clauses = 1 + rng.below(4);
            for c in 0..clauses {
                for _ in 0..(4 + rng.below(14)) {
                    // now and then a real word, so searches for words find something
                    if !words.is_empty() && rng.below(12) == 0 {
                        out.push_str(words[rng.below(words.len())]);
                    } else {
                        out.push(pool[rng.below(pool.len())]);
                    }
                }
                out.push(if c + 1 == clauses { '。' } else { '，' });
            }
        }
        out.push_str("\n\n");
        para += 1;
    }
    out
}

/// A generated material's file: `(file name, file text)`, its date spread over the year by `i`.
fn material_file(id: &str, title: &str, column: &str, i: usize, body: &str) -> (String, String) {
    let text = format!(
        "+++\nid = \"{id}\"\ntitle = \"{title}\"\ncolumn = \"{column}\"\nsource = \"生成语料\"\ndate = 2020-{:02}-{:02}\ntags = [\"生成\"]\n+++\n\n{body}",
        1 + i % 12,
        1 + i % 28
    );
    (format!("materials/{id}.md"), text)
}

/// `n` material files of about `bytes` bytes each: `(file name, file text)`.
pub fn materials(n: usize, bytes: usize, seed: u64) -> Vec<(String, String)> {
    topical_materials(n, bytes, seed).collect()
}

/// [`materials`] one at a time (a million of them do not fit in memory at once).
pub fn topical_materials(
    n: usize,
    bytes: usize,
    seed: u64,
) -> impl Iterator<Item = (String, String)> {
    let pool = pool();
    let mut rng = Rng::new(seed);
    let columns = ["上情下达", "经验交流", "学习动态", "理论学习", "党史学习"];
    (0..n).map(move |i| {
        // each material has a topic: three of the words, so a word search is selective
        let topic: Vec<&str> = (0..3).map(|_| WORDS[rng.below(WORDS.len())]).collect();
        let body = prose_with(&mut rng, &pool, &topic, bytes);
        let title: String = (0..(10 + rng.below(16)))
            .map(|_| pool[rng.below(pool.len())])
            .collect();
        material_file(
            &format!("gen-{i:05}"),
            &title,
            columns[i % columns.len()],
            i,
            &body,
        )
    })
}

/// The sentences of the bundled materials (split after 。！？；), as a member's archive of
/// years of 学习简报 and 会议纪要 repeats them: the pool [`repetitive_materials`] draws from.
fn sentences() -> Vec<String> {
    let mut out = Vec::new();
    for f in xuexi::bundle::material_files() {
        let text = String::from_utf8_lossy(&f.bytes);
        let body = text.splitn(3, "+++").nth(2).unwrap_or("");
        let plain = parse_markdown(body).plain_text();
        let mut cur = String::new();
        for c in plain.chars() {
            if c == '\n' {
                continue;
            }
            cur.push(c);
            if "。！？；".contains(c) {
                let s = std::mem::take(&mut cur);
                // a sentence of a few words at least: headings and list marks are no prose
                if s.chars().count() >= 8 {
                    out.push(s);
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `n` material files of 3–8 KB made only of the bundled newsletter's own sentences,
/// recombined: every sentence is reused in many materials, so the text has few distinct
/// trigrams and very long posting lists (issue 35's repetitive corpus).
pub fn repetitive_materials(n: usize, seed: u64) -> impl Iterator<Item = (String, String)> {
    let pool = sentences();
    let mut rng = Rng::new(seed);
    let columns = ["上情下达", "经验交流", "学习动态"];
    (0..n).map(move |i| {
        let bytes = 3000 + rng.below(5001);
        let mut body = String::with_capacity(bytes + 512);
        while body.len() < bytes {
            for _ in 0..(2 + rng.below(5)) {
                body.push_str(&pool[rng.below(pool.len())]);
            }
            body.push_str("\n\n");
        }
        let first = &pool[rng.below(pool.len())];
        let title: String = first.chars().take(10 + rng.below(12)).collect();
        let title = title
            .trim_end_matches(['。', '！', '？', '；', '，'])
            .replace('"', "");
        material_file(
            &format!("rep-{i:07}"),
            &title,
            columns[i % columns.len()],
            i,
            &body,
        )
    })
}

/// A quiz bank of `n` questions as CSV in the Chinese template (all four types, in turn),
/// built from the bundled newsletter's characters.
pub fn bank_csv(n: usize, seed: u64) -> String {
    let pool = pool();
    let mut rng = Rng::new(seed);
    let word = |rng: &mut Rng, len: usize| -> String {
        (0..len).map(|_| pool[rng.below(pool.len())]).collect()
    };
    let mut out = String::from("题型,题干,选项A,选项B,选项C,选项D,答案,解析,分值,难度,标签\n");
    for i in 0..n {
        let len = 20 + rng.below(30);
        let stem = word(&mut rng, len);
        let expl = word(&mut rng, 30);
        let tag = ["疫情防控", "中心组学习", "党员冬训"][i % 3];
        let line = match i % 4 {
            0 => format!(
                "单选,{stem}（　）,{},{},{},{},{},{expl},1,{},{tag}",
                word(&mut rng, 6),
                word(&mut rng, 6),
                word(&mut rng, 6),
                word(&mut rng, 6),
                ["A", "B", "C", "D"][i / 4 % 4],
                1 + i % 5
            ),
            1 => format!(
                "多选,{stem}（　）,{},{},{},{},\"A,C\",{expl},2,{},{tag}",
                word(&mut rng, 6),
                word(&mut rng, 6),
                word(&mut rng, 6),
                word(&mut rng, 6),
                1 + i % 5
            ),
            2 => format!(
                "判断,{stem}。,,,,,{},{expl},1,,{tag}",
                ["对", "错"][i / 4 % 2]
            ),
            _ => format!(
                "填空,{stem}（　）{}（　）,,,,,{}；{}|{},{expl},2,,{tag}",
                word(&mut rng, 4),
                word(&mut rng, 4),
                word(&mut rng, 4),
                word(&mut rng, 2)
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// A study log of `n` events over the `days` days before `end` (benchmarks): mostly reading
/// checkpoints, then answers, submitted sessions, finished materials and ticks, in time order.
pub fn log_events(
    n: usize,
    days: i64,
    end: jiff::Timestamp,
    seed: u64,
) -> Vec<(jiff::Timestamp, xuexi::domain::log::Record)> {
    use jiff::SignedDuration;
    use xuexi::domain::log::Record;
    let mut rng = Rng::new(seed);
    let materials = [
        "zhongyang-changweihui-0203",
        "shengwei-changweihui-0205",
        "xuzhou-sixue-jizhi",
        "zhenjiang-xuexi-qiangguo-dongxun",
        "siyang-sanxun",
    ];
    let span = days.max(1) * 86_400;
    let mut out: Vec<(jiff::Timestamp, Record)> = (0..n)
        .map(|i| {
            let back = (span as u64 - (i as u64 * span as u64 / n.max(1) as u64)) as i64;
            let at = end - SignedDuration::from_secs(back);
            let material = materials[rng.below(materials.len())].to_string();
            let r = match rng.below(100) {
                0..=69 => Record::Reading {
                    session: (i / 20) as i64,
                    material,
                    from: at - SignedDuration::from_secs(30),
                    to: at,
                    seconds: 1 + rng.below(30) as i64,
                },
                70..=89 => Record::Answer {
                    sealed: false,
                    attempt: (i / 10) as i64,
                    mode: "practice".into(),
                    position: i % 10,
                    bank: "newsletter-2020-02".into(),
                    question: format!("q{:03}", 1 + rng.below(72)),
                    response: format!("[{}]", rng.below(4)),
                    correct: rng.below(4) > 0,
                    points: 1.0,
                    seconds: 5 + rng.below(40) as i64,
                    hinted: false,
                },
                90..=96 => {
                    let percent = (40 + rng.below(61)) as f64;
                    let mode = ["practice", "exam", "daily", "challenge"][rng.below(4)];
                    Record::Attempt {
                        sealed: false,
                        attempt: i as i64,
                        mode: mode.into(),
                        bank: Some("newsletter-2020-02".into()),
                        paper: (mode == "exam").then(|| "bibei-ceshi".into()),
                        title: "理论学习闭卷测试".into(),
                        started: at - SignedDuration::from_secs(600),
                        seconds: 600,
                        score: percent,
                        max: 100.0,
                        percent,
                        passed: (mode == "exam").then_some(percent >= 60.0),
                        right: rng.below(10),
                        answered: 10,
                        hinted: 0,
                    }
                }
                97..=98 => Record::Finished { material },
                _ => Record::Tick {
                    plan: "2020-winter".into(),
                    item: "task-xinde".into(),
                    done: rng.below(2) == 0,
                    note: "学习心得已提交".into(),
                },
            };
            (at, r)
        })
        .collect();
    out.sort_by_key(|(t, _)| *t);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn deterministic_and_sized() {
        let a = super::materials(3, 5000, 7);
        let b = super::materials(3, 5000, 7);
        assert_eq!(a, b);
        for (_, text) in &a {
            assert!(text.len() >= 5000 && text.len() < 6200, "{}", text.len());
            let m = xuexi::import::material::parse_material(std::path::Path::new("x.md"), text)
                .unwrap();
            assert!(m.meta.id.starts_with("gen-"));
        }
        assert_ne!(super::materials(1, 100, 1), super::materials(1, 100, 2));
    }

    #[test]
    fn repetitive_corpus_reuses_the_newsletters_sentences() {
        let a: Vec<_> = super::repetitive_materials(40, 7).collect();
        let b: Vec<_> = super::repetitive_materials(40, 7).collect();
        assert_eq!(a, b, "deterministic");
        let pool = super::sentences();
        assert!(pool.len() > 50, "{} sentences", pool.len());
        let mut seen = std::collections::HashMap::<&str, usize>::new();
        for (_, text) in &a {
            let m = xuexi::import::material::parse_material(std::path::Path::new("x.md"), text)
                .unwrap();
            assert!(m.meta.id.starts_with("rep-"));
            let body = text.splitn(3, "+++").nth(2).unwrap();
            assert!((3000..9500).contains(&body.len()), "{}", body.len());
            for s in &pool {
                if body.contains(s.as_str()) {
                    *seen.entry(s.as_str()).or_default() += 1;
                }
            }
        }
        // repetitive: the sentences used come back in several materials each
        let reused = seen.values().filter(|&&k| k >= 3).count();
        assert!(reused * 2 > seen.len(), "{reused} of {} reused", seen.len());
    }

    #[test]
    fn generated_bank_csv_checks_clean() {
        let csv = super::bank_csv(40, 3);
        let path = std::path::Path::new("g.csv");
        let rows = xuexi::import::bank_table::csv_rows(path, csv.as_bytes()).unwrap();
        let bank = xuexi::import::bank_table::bank_from_rows(path, &rows, "g", "g", &|_| true)
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(bank.questions.len(), 40);
        assert_eq!(super::bank_csv(40, 3), csv, "deterministic");
    }
}
