//! Colours from `assets/themes/*.toml`. NO_COLOR keeps bold/italic/reverse and drops colour.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::domain::doc::Mark;
use crate::domain::layout::Style as TextStyle;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    accent: String,
    text: String,
    dim: String,
    heading: String,
    quote: String,
    code: String,
    link: String,
    selected_fg: String,
    selected_bg: String,
    read: String,
    progress: String,
    key: String,
    border: String,
    border_focus: String,
    error: String,
}

#[derive(Clone, Debug)]
pub struct Theme {
    pub accent: Style,
    pub text: Style,
    pub dim: Style,
    pub heading: Style,
    pub quote: Style,
    pub code: Style,
    pub link: Style,
    pub selected: Style,
    pub read: Style,
    pub progress: Style,
    pub key: Style,
    pub border: Style,
    pub border_focus: Style,
    pub error: Style,
}

fn color(s: &str) -> Result<Color, String> {
    Color::from_str(s).map_err(|_| format!("unknown colour `{s}`"))
}

impl Theme {
    /// A bundled theme by name; `color: false` (NO_COLOR) drops every colour.
    pub fn load(name: &str, color_on: bool) -> Result<Theme, String> {
        let path = format!("themes/{name}.toml");
        let text = crate::bundle::asset_text(&path).ok_or_else(|| format!("no theme `{name}`"))?;
        let f: ThemeFile = toml::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        let fg = |s: &str| -> Result<Style, String> {
            Ok(if color_on {
                Style::new().fg(color(s)?)
            } else {
                Style::new()
            })
        };
        let selected = if color_on {
            Style::new()
                .fg(color(&f.selected_fg)?)
                .bg(color(&f.selected_bg)?)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        };
        Ok(Theme {
            accent: fg(&f.accent)?.add_modifier(Modifier::BOLD),
            text: fg(&f.text)?,
            dim: fg(&f.dim)?,
            heading: fg(&f.heading)?.add_modifier(Modifier::BOLD),
            quote: fg(&f.quote)?.add_modifier(Modifier::ITALIC),
            code: fg(&f.code)?,
            link: fg(&f.link)?.add_modifier(Modifier::UNDERLINED),
            selected,
            read: fg(&f.read)?,
            progress: fg(&f.progress)?,
            key: fg(&f.key)?.add_modifier(Modifier::BOLD),
            border: fg(&f.border)?,
            border_focus: fg(&f.border_focus)?,
            error: fg(&f.error)?.add_modifier(Modifier::BOLD),
        })
    }

    /// The default theme, for tests and as a fallback.
    pub fn fallback(color_on: bool) -> Theme {
        // the bundled default is checked by the theme tests
        Theme::load("default", color_on).expect("bundled default theme parses")
    }

    fn mark(&self, base: Style, m: Mark) -> Style {
        let mut s = base;
        if m.bold {
            s = s.add_modifier(Modifier::BOLD);
        }
        if m.italic {
            s = s.add_modifier(Modifier::ITALIC);
        }
        if m.code {
            s = s.patch(self.code);
        }
        if m.link {
            s = s.patch(self.link);
        }
        if m.strike {
            s = s.add_modifier(Modifier::CROSSED_OUT);
        }
        s
    }

    /// The style of a piece of laid-out text.
    pub fn text_style(&self, t: TextStyle) -> Style {
        match t {
            TextStyle::Body(m) => self.mark(self.text, m),
            TextStyle::Heading(level, m) => {
                let s = self.mark(self.heading, m);
                if level <= 1 {
                    s.add_modifier(Modifier::UNDERLINED)
                } else {
                    s
                }
            }
            TextStyle::Quote(m) => self.mark(self.quote, m),
            TextStyle::Code => self.code,
            TextStyle::Marker => self.accent,
            TextStyle::QuoteBar => self.dim,
            TextStyle::Rule => self.dim,
            TextStyle::Note => self.accent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_loads_with_and_without_colour() {
        for name in crate::config::THEMES {
            Theme::load(name, true).unwrap();
            let mono = Theme::load(name, false).unwrap();
            assert_eq!(mono.accent.fg, None, "NO_COLOR leaves no colour");
            assert!(mono.selected.add_modifier.contains(Modifier::REVERSED));
        }
    }
}
