//! Every unknown and every missing key of a TOML file in one run: serde stops at the first,
//! so the keys are checked against the file's shape before it is read into its structs.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::{ImportError, line_col, msg};

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

/// Every unknown key (at its place) and every missing one (at its table) of `text`. Empty
/// when the keys are right, or when the text is not TOML at all (the reader then says why).
pub fn key_problems(path: &Path, text: &str, shape: &Shape) -> Vec<ImportError> {
    let Ok(doc) = DeTable::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let at = |offset: usize| line_col(text, offset);
    let mut check = |table: &DeTable<'_>, table_at: usize, s: &TableShape| {
        for (k, _) in table.iter() {
            if !s.allowed.contains(&k.get_ref().as_ref()) {
                let (l, c) = at(k.span().start);
                out.push(ImportError::at(
                    path,
                    l,
                    c,
                    msg("toml_unknown_field")
                        .arg("field", k.get_ref())
                        .arg("expected", s.allowed.join(", ")),
                ));
            }
        }
        for r in s.required {
            if !table.iter().any(|(k, _)| k.get_ref().as_ref() == *r) {
                let (l, c) = at(table_at);
                out.push(ImportError::at(
                    path,
                    l,
                    c,
                    msg("toml_missing_field").arg("field", r),
                ));
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

#[cfg(test)]
mod tests {
    use super::*;

    const SHAPE: Shape = Shape {
        top: TableShape {
            allowed: &["head", "items"],
            required: &["head"],
        },
        tables: &[
            (
                "head",
                TableShape {
                    allowed: &["id", "title"],
                    required: &["id", "title"],
                },
            ),
            (
                "items",
                TableShape {
                    allowed: &["kind"],
                    required: &["kind"],
                },
            ),
        ],
    };

    #[test]
    fn every_unknown_and_missing_key_in_one_run() {
        let text = "[head]\nid = \"x\"\nauthor = \"某\"\n\n[[items]]\nkind = \"a\"\ncolour = 1\n\n[[items]]\nsize = 2\n";
        let e: Vec<String> = key_problems(Path::new("f.toml"), text, &SHAPE)
            .iter()
            .map(ToString::to_string)
            .collect();
        let joined = e.join("\n");
        assert!(
            joined.contains("f.toml:3:1: unknown field `author`"),
            "{joined}"
        );
        assert!(
            joined.contains("f.toml:7:1: unknown field `colour`"),
            "{joined}"
        );
        assert!(
            joined.contains("f.toml:10:1: unknown field `size`"),
            "{joined}"
        );
        assert!(joined.contains("missing field `title`"), "{joined}");
        assert!(joined.contains("missing field `kind`"), "{joined}");
        assert_eq!(e.len(), 5, "{joined}");
        assert!(key_problems(Path::new("f.toml"), "not = = toml", &SHAPE).is_empty());
    }
}
