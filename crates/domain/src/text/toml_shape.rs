//! Every unknown and every missing key of a TOML file in one run: serde stops at the first,
//! so the keys are checked against the file's shape before it is read into its structs. The
//! problems are data (a byte offset and what is wrong); the importers and the config word them.

use toml::de::{DeTable, DeValue};

/// The keys one kind of table may and must have.
pub struct TableShape {
    pub allowed: &'static [&'static str],
    pub required: &'static [&'static str],
}

/// A file's shape: its top-level keys, and for a key holding a table or an array of tables
/// the shape of those.
pub struct Shape {
    pub top: TableShape,
    pub tables: &'static [(&'static str, TableShape)],
}

/// A key problem, at a byte offset of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// `field` is not one of `expected`.
    Unknown {
        at: usize,
        field: String,
        expected: &'static [&'static str],
    },
    /// The table at `at` lacks `field`.
    Missing { at: usize, field: &'static str },
}

/// Every unknown key (at its place) and every missing one (at its table) of `text`. Empty
/// when the keys are right, or when the text is not TOML at all (the reader then says why).
pub fn key_problems(text: &str, shape: &Shape) -> Vec<KeyProblem> {
    let Ok(doc) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut check = |table: &DeTable<'_>, table_at: usize, s: &TableShape| {
        for (k, _) in table.iter() {
            if !s.allowed.contains(&k.get_ref().as_ref()) {
                out.push(KeyProblem::Unknown {
                    at: k.span().start,
                    field: k.get_ref().to_string(),
                    expected: s.allowed,
                });
            }
        }
        for r in s.required {
            if !table.iter().any(|(k, _)| k.get_ref().as_ref() == *r) {
                out.push(KeyProblem::Missing {
                    at: table_at,
                    field: r,
                });
            }
        }
    };
    check(doc.get_ref(), 0, &shape.top);
    for (k, v) in doc.get_ref().iter() {
        let Some((_, s)) = shape
            .tables
            .iter()
            .find(|(n, _)| *n == k.get_ref().as_ref())
        else {
            continue;
        };
        match v.get_ref() {
            DeValue::Table(t) => check(t, k.span().start, s),
            DeValue::Array(items) => {
                for item in items.iter() {
                    if let DeValue::Table(t) = item.get_ref() {
                        check(t, item.span().start, s);
                    }
                }
            }
            _ => {}
        }
    }
    out
}
