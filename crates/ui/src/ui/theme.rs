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

/// Is the background light, by a terminal's answer to the OSC 11 query (`ESC ] 11 ; ?`):
/// `ESC ] 11 ; rgb:RRRR/GGGG/BBBB` ended by BEL or ST, each channel 1–4 hex digits (`rgba:`
/// with a fourth, ignored). Light is where dark text reads better than light text: a relative
/// luminance above 0.179, where the WCAG contrast against black and against white is equal.
/// `None` when `reply` holds no answer we understand (the terminal did not answer, garbage).
pub fn osc11_light(reply: &[u8]) -> Option<bool> {
    let start = reply.windows(5).position(|w| w == b"\x1b]11;")? + 5;
    let rest = &reply[start..];
    let end = rest.iter().enumerate().find_map(|(i, &b)| match b {
        0x07 | 0x9c => Some(i),
        0x1b if rest.get(i + 1) == Some(&b'\\') => Some(i),
        _ => None,
    })?;
    let body = std::str::from_utf8(&rest[..end]).ok()?;
    let (channels, count) = if let Some(c) = body.strip_prefix("rgb:") {
        (c, 3)
    } else {
        (body.strip_prefix("rgba:")?, 4)
    };
    let parts: Vec<&str> = channels.split('/').collect();
    if parts.len() != count {
        return None;
    }
    let mut rgb = [0.0f64; 3];
    for (slot, part) in rgb.iter_mut().zip(&parts) {
        if part.is_empty() || part.len() > 4 {
            return None;
        }
        let v = u32::from_str_radix(part, 16).ok()?;
        let max = (1u32 << (4 * part.len())) - 1;
        *slot = f64::from(v) / f64::from(max);
    }
    Some(relative_luminance(rgb) > 0.179)
}

/// WCAG relative luminance of an sRGB colour with channels in 0..=1.
pub fn relative_luminance([r, g, b]: [f64; 3]) -> f64 {
    let lin = |c: f64| {
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
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
            let c = |v: u8| f64::from(v) / 255.0;
            relative_luminance([c(r), c(g), c(b)])
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

    #[test]
    fn the_osc_11_answer_tells_light_from_dark() {
        // xterm's white, with BEL and with ST (ESC \)
        assert_eq!(osc11_light(b"\x1b]11;rgb:ffff/ffff/ffff\x07"), Some(true));
        assert_eq!(osc11_light(b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\"), Some(true));
        // black in two hex digits a channel, and the 8-bit ST
        assert_eq!(osc11_light(b"\x1b]11;rgb:00/00/00\x1b\\"), Some(false));
        assert_eq!(osc11_light(b"\x1b]11;rgb:0/0/0\x9c"), Some(false));
        // rxvt's rgba; the device-attributes answer that follows the reply is ignored
        assert_eq!(
            osc11_light(b"\x1b]11;rgba:fdfd/f6f6/e3e3/ffff\x1b\\\x1b[?64;1c"),
            Some(true)
        );
        // Solarized dark's base03, GNOME's dark grey, macOS Terminal's white-ish
        assert_eq!(osc11_light(b"\x1b]11;rgb:0000/2b2b/3636\x07"), Some(false));
        assert_eq!(osc11_light(b"\x1b]11;rgb:3030/0a0a/2424\x07"), Some(false));
        assert_eq!(osc11_light(b"\x1b]11;rgb:eeee/eeee/eeee\x07"), Some(true));
        // no answer, no terminator, garbage, too many digits, a wrong count of channels
        assert_eq!(osc11_light(b""), None);
        assert_eq!(osc11_light(b"\x1b[?64;1c"), None);
        assert_eq!(osc11_light(b"\x1b]11;rgb:ffff/ffff/ffff"), None);
        assert_eq!(osc11_light(b"\x1b]11;rgb:zz/zz/zz\x07"), None);
        assert_eq!(osc11_light(b"\x1b]11;rgb:fffff/0/0\x07"), None);
        assert_eq!(osc11_light(b"\x1b]11;rgb:ff/ff\x07"), None);
        assert_eq!(osc11_light(b"\x1b]11;rgb://\x07"), None);
        assert_eq!(osc11_light(b"\x1b]11;#ffffff\x07"), None);
    }

    #[test]
    fn light_is_where_black_text_reads_better_than_white() {
        // mid grey #777777 (L 0.18) sits at the turn; one step either side decides
        let at = |v: f64| relative_luminance([v, v, v]);
        let black_on = |l: f64| (l + 0.05) / 0.05;
        let white_on = |l: f64| 1.05 / (l + 0.05);
        for v in [0x70, 0x74, 0x78, 0x7c] {
            let l = at(f64::from(v) / 255.0);
            assert_eq!(l > 0.179, black_on(l) > white_on(l), "grey {v:#x}");
        }
        assert_eq!(osc11_light(b"\x1b]11;rgb:70/70/70\x07"), Some(false));
        assert_eq!(osc11_light(b"\x1b]11;rgb:80/80/80\x07"), Some(true));
    }
}
