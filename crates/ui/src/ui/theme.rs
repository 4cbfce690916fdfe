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

/// Is the terminal's background light, by `COLORFGBG` (`fg;bg`, set by xterm's and rxvt's
/// kin, Konsole, …): its last field 7 or 15 is a white background. `None` when unset or not
/// understood.
pub fn light_background(colorfgbg: Option<&str>) -> Option<bool> {
    let bg: u8 = colorfgbg?.rsplit(';').next()?.trim().parse().ok()?;
    Some(matches!(bg, 7 | 15))
}

/// The theme file a configured name uses: `auto` picks `light` on a light background and the
/// dark one (`default`) otherwise; `dark` is `default`.
pub fn resolve(name: &str, light: Option<bool>) -> &str {
    match name {
        "auto" if light == Some(true) => "light",
        "auto" | "dark" => "default",
        other => other,
    }
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
            let name = resolve(name, None);
            Theme::load(name, true).unwrap();
            let mono = Theme::load(name, false).unwrap();
            assert_eq!(mono.accent.fg, None, "NO_COLOR leaves no colour");
            assert!(mono.selected.add_modifier.contains(Modifier::REVERSED));
        }
    }

    /// xterm's default palette: the 16 ANSI colours, the 6×6×6 cube, the grays.
    fn xterm_rgb(i: u8) -> (u8, u8, u8) {
        const ANSI: [(u8, u8, u8); 16] = [
            (0, 0, 0),
            (205, 0, 0),
            (0, 205, 0),
            (205, 205, 0),
            (0, 0, 238),
            (205, 0, 205),
            (0, 205, 205),
            (229, 229, 229),
            (127, 127, 127),
            (255, 0, 0),
            (0, 255, 0),
            (255, 255, 0),
            (92, 92, 255),
            (255, 0, 255),
            (0, 255, 255),
            (255, 255, 255),
        ];
        const LEVEL: [u8; 6] = [0, 95, 135, 175, 215, 255];
        match i {
            0..=15 => ANSI[usize::from(i)],
            16..=231 => {
                let c = i - 16;
                let l = |k: u8| LEVEL[usize::from(k)];
                (l(c / 36), l(c / 6 % 6), l(c % 6))
            }
            _ => {
                let g = 8 + 10 * (i - 232);
                (g, g, g)
            }
        }
    }

    fn rgb(c: Color) -> Option<(u8, u8, u8)> {
        let i = match c {
            Color::Reset => return None,
            Color::Rgb(r, g, b) => return Some((r, g, b)),
            Color::Indexed(i) => i,
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => 8,
            Color::LightRed => 9,
            Color::LightGreen => 10,
            Color::LightYellow => 11,
            Color::LightBlue => 12,
            Color::LightMagenta => 13,
            Color::LightCyan => 14,
            Color::White => 15,
        };
        Some(xterm_rgb(i))
    }

    /// WCAG contrast ratio of two colours.
    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let lum = |(r, g, b): (u8, u8, u8)| {
            let lin = |v: u8| {
                let c = f64::from(v) / 255.0;
                if c <= 0.03928 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
        };
        let (x, y) = (lum(a), lum(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn every_colour_of_a_palette_reads_on_its_background() {
        // ANSI white (#e5e5e5) on xterm's white was 1.3:1, yellow 1.7:1: close to invisible
        let black = (0, 0, 0);
        let white = (255, 255, 255);
        for (name, bg) in [
            ("default", black),
            ("high-contrast", black),
            ("light", white),
        ] {
            let t = Theme::load(name, true).unwrap();
            let fgs = [
                ("accent", t.accent),
                ("text", t.text),
                ("dim", t.dim),
                ("heading", t.heading),
                ("quote", t.quote),
                ("code", t.code),
                ("link", t.link),
                ("read", t.read),
                ("progress", t.progress),
                ("key", t.key),
                ("border", t.border),
                ("border_focus", t.border_focus),
                ("error", t.error),
            ];
            for (what, style) in fgs {
                let Some(fg) = style.fg.and_then(rgb) else {
                    continue;
                };
                let r = contrast(fg, bg);
                assert!(r >= 4.5, "{name}: {what} {fg:?} is {r:.1}:1");
            }
            let (fg, sbg) = (t.selected.fg.and_then(rgb), t.selected.bg.and_then(rgb));
            if let (Some(fg), Some(sbg)) = (fg, sbg) {
                assert!(contrast(fg, sbg) >= 4.5, "{name}: selected");
            }
        }
        // ANSI red was 3.6:1 on black: the dark palette no longer uses it
        assert!(contrast(xterm_rgb(1), black) < 4.5);
    }

    #[test]
    fn auto_picks_the_palette_by_the_background() {
        assert_eq!(light_background(Some("0;15")), Some(true));
        assert_eq!(light_background(Some("15;0")), Some(false));
        assert_eq!(light_background(Some("default;default;7")), Some(true));
        assert_eq!(light_background(Some("x")), None);
        assert_eq!(resolve("auto", Some(true)), "light");
        assert_eq!(resolve("auto", None), "default");
        assert_eq!(resolve("dark", Some(true)), "default");
        assert_eq!(resolve("high-contrast", Some(true)), "high-contrast");
    }
}
