//! A contest's results as Markdown: the standings, then every question as it went (round,
//! question, who answered, right or wrong, points). Names and stems are escaped: they are
//! typed by players and come from banks.

use super::md_escape;
pub use crate::domain::contest::ContestRecord;
use crate::domain::contest::signed;
use crate::i18n::Strings;

pub fn to_markdown(r: &ContestRecord, s: &Strings, tz: &jiff::tz::TimeZone) -> String {
    let when = |t: jiff::Timestamp| {
        t.to_zoned_datetime(tz.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    };
    let mut out = format!("# {}\n\n", s.contest_md_title);
    out.push_str(&format!(
        "- {}：{} – {}\n\n",
        s.contest_md_time,
        when(r.started_at),
        when(r.finished_at)
    ));
    out.push_str(&format!(
        "| {} | {} | {} |\n|---|---|---:|\n",
        s.contest_md_place, s.contest_md_player, s.contest_md_score
    ));
    for (place, p) in r.standings() {
        out.push_str(&format!(
            "| {place} | {} | {} |\n",
            md_escape(&p.name),
            p.score
        ));
    }
    out.push_str(&format!(
        "\n| {} | {} | {} | {} | {} |\n|---|---|---|---|---:|\n",
        s.contest_md_round,
        s.contest_md_question,
        s.contest_md_player,
        s.contest_md_result,
        s.contest_md_score
    ));
    for t in &r.turns {
        let who = t
            .player
            .and_then(|p| r.players.get(p))
            .map(|p| md_escape(&p.name))
            .unwrap_or_default();
        let result = match (t.player, t.correct) {
            (None, _) => &s.contest_md_nobody,
            (_, Some(true)) => &s.contest_md_right,
            (_, Some(false)) => &s.contest_md_wrong,
            (_, None) => &s.contest_md_timeout,
        };
        out.push_str(&format!(
            "| {} | {} | {who} | {result} | {} |\n",
            s.round_name(t.round),
            md_escape(&t.stem),
            signed(t.delta)
        ));
    }
    crate::text::sanitize::sanitize_document(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contest::{Player, RoundKind, Turn};
    use crate::i18n::Lang;

    #[test]
    fn the_results_list_the_standings_then_every_question() {
        let p = |name: &str, score| Player {
            name: name.into(),
            buzz: 'z',
            score,
            bot: None,
        };
        let turn = |player, correct, delta| Turn {
            round: RoundKind::Buzz,
            bank: "b".into(),
            question: "q".into(),
            stem: "学习|强国".into(),
            player,
            stake: 0,
            correct,
            delta,
        };
        let r = ContestRecord {
            started_at: "2026-11-30T02:00:00Z".parse().unwrap(),
            finished_at: "2026-11-30T02:20:00Z".parse().unwrap(),
            players: vec![p("甲队", 10), p("乙|队", 20), p("丙队", 10)],
            turns: vec![turn(Some(1), Some(true), 10), turn(None, None, 0)],
        };
        let md = to_markdown(
            &r,
            &Strings::load(Lang::ZhCn),
            &jiff::tz::TimeZone::fixed(jiff::tz::offset(8)),
        );
        assert!(
            md.contains("- 时间：2026-11-30 10:00 – 2026-11-30 10:20"),
            "{md}"
        );
        let standings: Vec<&str> = md
            .lines()
            .filter(|l| l.starts_with("| 1 ") || l.starts_with("| 2 "))
            .collect();
        assert_eq!(
            standings,
            [
                "| 1 | 乙\\|队 | 20 |",
                "| 2 | 甲队 | 10 |",
                "| 2 | 丙队 | 10 |"
            ],
            "{md}"
        );
        assert!(
            md.contains("| 抢答题 | 学习\\|强国 | 乙\\|队 | 答对 | +10 |"),
            "{md}"
        );
        assert!(
            md.contains("| 抢答题 | 学习\\|强国 |  | 无人抢答 | 0 |"),
            "{md}"
        );
    }
}
