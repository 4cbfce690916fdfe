//! Adding an item to a plan in the app (`a` on the plans screen): Tab chooses what it is — a
//! task ticked by hand, a material to read, a quiz to take, minutes of study — and the line
//! names it (a task's title, a few characters of the material's or the quiz's title, the
//! minutes); Enter shows what was found and asks for the due date (a date, `+7` for a week
//! from today, or nothing).

use jiff::civil::Date;

use crate::domain::plan::ItemKind;
use crate::i18n::fill;

/// What the new item is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum NewItem {
    #[default]
    Task,
    Read,
    Quiz,
    Minutes,
}

impl NewItem {
    /// The next kind (Tab).
    pub fn next(self) -> NewItem {
        match self {
            NewItem::Task => NewItem::Read,
            NewItem::Read => NewItem::Quiz,
            NewItem::Quiz => NewItem::Minutes,
            NewItem::Minutes => NewItem::Task,
        }
    }
}

/// The most minutes an item may ask for.
const MAX_MINUTES: u32 = 100_000;

/// The due date as typed: nothing (`Some(None)`), a date, or `+N` days from `today`; `None`
/// when it is none of these.
pub fn parse_due(text: &str, today: Date) -> Option<Option<Date>> {
    let t = text.trim();
    if t.is_empty() {
        return Some(None);
    }
    if let Some(n) = t.strip_prefix('+') {
        let n: i64 = n.trim().parse().ok().filter(|n| (0..=3650).contains(n))?;
        return today.checked_add(jiff::Span::new().days(n)).ok().map(Some);
    }
    t.parse::<Date>().ok().map(Some)
}

/// The item the line names as `kind`: its title and what completes it (`None`: nothing
/// found — no material or quiz with those characters in its title, not a number of
/// minutes, an empty task).
pub fn named(
    s: &crate::i18n::Strings,
    items: &[crate::domain::material::Summary],
    quiz_titles: Option<&std::collections::HashMap<String, String>>,
    kind: NewItem,
    text: &str,
) -> Option<(String, ItemKind)> {
    let text = text.trim();
    match kind {
        NewItem::Task => (!text.is_empty()).then(|| (text.to_string(), ItemKind::Task)),
        NewItem::Read => {
            let m = items
                .iter()
                .find(|m| !text.is_empty() && (m.meta.title.contains(text) || m.meta.id == text))?;
            Some((
                fill(&s.plan_read, &[("title", &m.meta.title)]),
                ItemKind::Read {
                    material: m.meta.id.clone(),
                },
            ))
        }
        NewItem::Quiz => {
            let titles = quiz_titles?;
            let mut keys: Vec<&String> = titles.keys().collect();
            // banks before their papers, each in id order
            keys.sort();
            let key = keys
                .into_iter()
                .find(|k| !text.is_empty() && (titles[*k].contains(text) || *k == text))?;
            let (bank, paper) = match key.split_once('/') {
                Some((b, p)) => (b.to_string(), Some(p.to_string())),
                None => (key.clone(), None),
            };
            Some((
                titles[key].clone(),
                ItemKind::Quiz {
                    bank,
                    paper,
                    min_percent: None,
                },
            ))
        }
        NewItem::Minutes => {
            let n: u32 = text
                .parse()
                .ok()
                .filter(|n| (1..=MAX_MINUTES).contains(n))?;
            Some((
                fill(&s.plan_minutes, &[("n", &n)]),
                ItemKind::Minutes { minutes: n },
            ))
        }
    }
}

/// The prompt's title for a new item of `kind`, with what the line names so far (in the
/// library, `items`, or among the plans screen's quiz titles).
pub fn prompt_title(
    s: &crate::i18n::Strings,
    items: &[crate::domain::material::Summary],
    quiz_titles: &std::collections::HashMap<String, String>,
    kind: NewItem,
    text: &str,
) -> String {
    let what = match kind {
        NewItem::Task => &s.item_kind_task,
        NewItem::Read => &s.item_kind_read,
        NewItem::Quiz => &s.item_kind_quiz,
        NewItem::Minutes => &s.item_kind_minutes,
    };
    let found = match (kind, named(s, items, Some(quiz_titles), kind, text)) {
        (NewItem::Task, _) | (_, None) => String::new(),
        (_, Some((title, _))) => format!(" → {title}"),
    };
    fill(&s.prompt_item, &[("kind", what), ("found", &found)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_due_date_is_a_date_a_number_of_days_or_nothing() {
        let today: Date = "2026-11-30".parse().unwrap();
        assert_eq!(parse_due("", today), Some(None));
        assert_eq!(
            parse_due("+7", today),
            Some(Some("2026-12-07".parse().unwrap()))
        );
        assert_eq!(
            parse_due("2027-01-15", today),
            Some(Some("2027-01-15".parse().unwrap()))
        );
        assert_eq!(parse_due("下周", today), None);
        assert_eq!(parse_due("+-3", today), None);
        assert_eq!(NewItem::Minutes.next(), NewItem::Task);
    }
}
