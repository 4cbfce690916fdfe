//! Where things go on the screen. Shared by the app (which needs the reader's width and height
//! to wrap and scroll) and the drawing code, so both always agree.

use ratatui::layout::Rect;

/// Below this the app shows a "terminal too small" notice instead of a layout.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width on, library and reader stand side by side.
pub const WIDE_WIDTH: u16 = 120;
/// Width of the library pane when side by side.
pub const LIBRARY_WIDTH: u16 = 46;
/// Most title lines shown in the reader's header.
pub const MAX_TITLE_LINES: usize = 2;

/// The screen's regions for the current size and mode.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    pub library: Option<Rect>,
    pub reader: Option<Rect>,
    /// The reading-progress gauge under the reader.
    pub gauge: Option<Rect>,
    /// The key-hint bar (and messages) at the bottom.
    pub hints: Rect,
}

/// The rows of keys the help shows in one column on a screen `height` rows high (inside the
/// screen's frame, above the hint bar, inside its own border with its closing line): the rest
/// scroll.
pub fn help_rows_shown(height: u16) -> usize {
    usize::from(height.saturating_sub(7))
}

pub fn too_small(size: Rect) -> bool {
    size.width < MIN_WIDTH || size.height < MIN_HEIGHT
}

pub fn is_wide(size: Rect) -> bool {
    size.width >= WIDE_WIDTH
}

/// Regions for `size`. `reading` says whether the reader is the screen in front (narrow mode).
pub fn areas(size: Rect, reading: bool) -> Areas {
    let hints = Rect {
        y: size.y + size.height.saturating_sub(1),
        height: size.height.min(1),
        ..size
    };
    let main = Rect {
        height: size.height.saturating_sub(1),
        ..size
    };
    let with_gauge = |r: Rect| {
        let body = Rect {
            height: r.height.saturating_sub(1),
            ..r
        };
        let gauge = Rect {
            y: r.y + r.height.saturating_sub(1),
            height: r.height.min(1),
            ..r
        };
        (body, gauge)
    };
    if is_wide(size) {
        let lib_w = LIBRARY_WIDTH.min(main.width / 2);
        // the library ends where the reader does (the gauge's row is the reader's)
        let library = Rect {
            width: lib_w,
            height: main.height.saturating_sub(1),
            ..main
        };
        let right = Rect {
            x: main.x + lib_w,
            width: main.width - lib_w,
            ..main
        };
        let (reader, gauge) = with_gauge(right);
        Areas {
            library: Some(library),
            reader: Some(reader),
            gauge: Some(gauge),
            hints,
        }
    } else if reading {
        let (reader, gauge) = with_gauge(main);
        Areas {
            library: None,
            reader: Some(reader),
            gauge: Some(gauge),
            hints,
        }
    } else {
        Areas {
            library: Some(main),
            reader: None,
            gauge: None,
            hints,
        }
    }
}

/// Inside the reader's border: the header (title lines, a meta line, a rule) and the body,
/// which has one column of padding each side.
pub fn reader_inner(reader: Rect) -> Rect {
    Rect {
        x: reader.x + 1,
        y: reader.y + 1,
        width: reader.width.saturating_sub(2),
        height: reader.height.saturating_sub(2),
    }
}

/// The header's width for wrapping the title.
pub fn header_width(reader: Rect) -> usize {
    usize::from(reader_inner(reader).width.saturating_sub(2))
}

/// The body region, given how many title lines the header holds.
pub fn reader_body(reader: Rect, title_lines: usize) -> Rect {
    let inner = reader_inner(reader);
    let header = (title_lines as u16).saturating_add(2).min(inner.height);
    Rect {
        x: inner.x + 1,
        y: inner.y + header,
        width: inner.width.saturating_sub(2),
        height: inner.height - header,
    }
}

/// Rows of the library list inside its border.
pub fn library_inner(library: Rect) -> Rect {
    reader_inner(library)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narrow_and_wide() {
        let a = areas(Rect::new(0, 0, 80, 24), false);
        assert_eq!(a.library, Some(Rect::new(0, 0, 80, 23)));
        assert_eq!(a.reader, None);
        assert_eq!(a.hints, Rect::new(0, 23, 80, 1));
        let a = areas(Rect::new(0, 0, 80, 24), true);
        assert_eq!(a.reader, Some(Rect::new(0, 0, 80, 22)));
        assert_eq!(a.gauge, Some(Rect::new(0, 22, 80, 1)));
        let a = areas(Rect::new(0, 0, 140, 40), false);
        assert_eq!(a.library.unwrap().width + a.reader.unwrap().width, 140);
    }

    #[test]
    fn body_fits_inside_reader() {
        for (w, h) in [(80, 24), (41, 12), (2, 2), (0, 0), (1, 1)] {
            let r = Rect::new(0, 0, w, h);
            let body = reader_body(r, 2);
            assert!(
                body.right() <= r.right().max(body.x) && body.bottom() <= r.bottom().max(body.y)
            );
        }
    }
}
