//! The key problems of a TOML bank, plan or front matter ([`crate::text::toml_shape`]) as
//! located import errors.

use std::path::Path;

use super::{ImportError, line_col};
pub use crate::text::toml_shape::{Shape, TableShape};

/// Every unknown key (at its place) and every missing one (at its table) of `text`. Empty
/// when the keys are right, or when the text is not TOML at all (the reader then says why).
pub fn key_problems(path: &Path, text: &str, shape: &Shape) -> Vec<ImportError> {
    crate::text::toml_shape::key_problems(text, shape)
        .into_iter()
        .map(|p| {
            let (at, m) = crate::i18n::key_problem(&p);
            let (l, c) = line_col(text, at);
            ImportError::at(path, l, c, m)
        })
        .collect()
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
