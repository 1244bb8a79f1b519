//! Layout and PDF output. Text is set line by line: characters map to glyphs through
//! the font's own character map and advance widths (no shaping is needed for the
//! Latin and Cyrillic text habeas prints), words wrap greedily, and a word longer
//! than a line is broken between characters. A character the font lacks prints as
//! its "missing glyph" box but keeps its text, so copying from the PDF still works.

use std::sync::LazyLock;

use krilla::Document;
use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

use super::{Block, Doc, PrintError};

static REGULAR: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../data/fonts/DejaVuSans-Bold.ttf");

/// A4 in points, and its margins.
const WIDTH: f32 = 595.28;
const HEIGHT: f32 = 841.89;
const MARGIN: f32 = 62.0;
const FOOTER: f32 = 28.0;

/// A font with what layout needs from it.
struct Face {
    font: Font,
    data: &'static [u8],
    units_per_em: f32,
}

impl Face {
    fn load(data: &'static [u8]) -> Option<Face> {
        let font = Font::new(krilla::Data::from(data), 0)?;
        let read = skrifa::FontRef::new(data).ok()?;
        let units_per_em = f32::from(
            read.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Some(Face {
            font,
            data,
            units_per_em,
        })
    }

    /// The glyphs of `text`, one per character, with advances in em.
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        let Ok(read) = skrifa::FontRef::new(self.data) else {
            return Vec::new();
        };
        let charmap = read.charmap();
        let metrics = read.glyph_metrics(Size::unscaled(), LocationRef::default());
        text.char_indices()
            .map(|(i, c)| {
                let gid = charmap.map(c).unwrap_or_default();
                let advance = metrics.advance_width(gid).unwrap_or(0.0) / self.units_per_em;
                KrillaGlyph::new(
                    GlyphId::new(gid.to_u32()),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        self.glyphs(text).iter().map(|g| g.x_advance).sum::<f32>() * size
    }
}

struct Faces {
    regular: Face,
    bold: Face,
}

static FACES: LazyLock<Option<Faces>> = LazyLock::new(|| {
    Some(Faces {
        regular: Face::load(REGULAR)?,
        bold: Face::load(BOLD)?,
    })
});

#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    size: f32,
    bold: bool,
    grey: bool,
    /// Space before the block's first line.
    before: f32,
}

fn style(block: &Block) -> Style {
    let s = |size, bold, grey, before| Style {
        size,
        bold,
        grey,
        before,
    };
    match block {
        Block::Title(_) => s(16.0, true, false, 0.0),
        Block::Heading(_) => s(12.0, true, false, 8.0),
        Block::Text(_) => s(10.5, false, false, 4.0),
        Block::Small(_) => s(8.5, false, true, 2.0),
        Block::Space => s(10.5, false, false, 0.0),
    }
}

/// One laid-out line: its text, style and baseline.
struct Line {
    text: String,
    style: Style,
    y: f32,
}

/// Splits `text` into lines no wider than `width` at `size`. Glyph advances simply
/// add up (no shaping), so each word and character is measured once and a line's
/// width is kept as it grows.
fn wrap(face: &Face, text: &str, size: f32, width: f32) -> Vec<String> {
    let space = face.width(" ", size);
    let mut lines = Vec::new();
    for hard in text.split('\n') {
        let (mut line, mut line_width) = (String::new(), 0.0_f32);
        for word in hard.split_whitespace() {
            let word_width = face.width(word, size);
            let joined = if line.is_empty() {
                word_width
            } else {
                line_width + space + word_width
            };
            if joined <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_width = joined;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line_width = 0.0;
            // A word wider than the line is broken between characters.
            for c in word.chars() {
                let c_width = face.width(c.encode_utf8(&mut [0; 4]), size);
                if line_width + c_width > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += c_width;
            }
        }
        lines.push(line);
    }
    lines
}

/// Lays out every section: pages of lines.
fn layout(faces: &Faces, doc: &Doc) -> Vec<Vec<Line>> {
    let width = WIDTH - 2.0 * MARGIN;
    let bottom = HEIGHT - MARGIN - FOOTER;
    let mut pages = Vec::new();
    for section in &doc.sections {
        let mut page: Vec<Line> = Vec::new();
        let mut y = MARGIN;
        for block in section {
            let st = style(block);
            let text = match block {
                Block::Title(t) | Block::Heading(t) | Block::Text(t) | Block::Small(t) => t,
                Block::Space => "",
            };
            let face = if st.bold { &faces.bold } else { &faces.regular };
            let height = st.size * 1.4;
            if !page.is_empty() {
                y += st.before;
            }
            for text in wrap(face, text, st.size, width) {
                if y + height > bottom && !page.is_empty() {
                    pages.push(std::mem::take(&mut page));
                    y = MARGIN;
                }
                page.push(Line {
                    text,
                    style: st,
                    // The baseline sits at about four fifths of the line's height.
                    y: y + st.size * 1.05,
                });
                y += height;
            }
        }
        pages.push(page);
    }
    pages
}

fn draw_line(
    surface: &mut krilla::surface::Surface<'_>,
    face: &Face,
    text: &str,
    x: f32,
    y: f32,
    size: f32,
) {
    let glyphs = face.glyphs(text);
    if glyphs.is_empty() {
        return;
    }
    surface.draw_glyphs(
        Point::from_xy(x, y),
        &glyphs,
        face.font.clone(),
        text,
        size,
        false,
    );
}

/// The document as a PDF: A4, one or more pages per section, a footer with the
/// title and the page number on each page.
pub fn pdf(doc: &Doc) -> Result<Vec<u8>, PrintError> {
    let faces = FACES.as_ref().ok_or(PrintError::Font(
        "DejaVu Sans is not a readable TrueType font",
    ))?;
    let pages = layout(faces, doc);
    let total = pages.len();
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(doc.title.clone())
            .language(doc.lang.clone())
            .creator("habeas".to_string()),
    );
    let grey = krilla::color::rgb::Color::new(90, 90, 90);
    let black = krilla::color::rgb::Color::black();
    for (n, lines) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(WIDTH, HEIGHT)
            .ok_or_else(|| PrintError::Pdf("the page size is invalid".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for line in lines {
            let face = if line.style.bold {
                &faces.bold
            } else {
                &faces.regular
            };
            surface.set_fill(Some(krilla::paint::Fill {
                paint: if line.style.grey { grey } else { black }.into(),
                ..Default::default()
            }));
            draw_line(
                &mut surface,
                face,
                &line.text,
                MARGIN,
                line.y,
                line.style.size,
            );
        }
        surface.set_fill(Some(krilla::paint::Fill {
            paint: grey.into(),
            ..Default::default()
        }));
        let footer = format!("{} · {}/{}", doc.title, n + 1, total);
        let footer: String = footer.chars().take(110).collect();
        draw_line(
            &mut surface,
            &faces.regular,
            &footer,
            MARGIN,
            HEIGHT - MARGIN + 8.0,
            7.5,
        );
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| PrintError::Pdf(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faces() -> &'static Faces {
        match FACES.as_ref() {
            Some(f) => f,
            None => unreachable!("the shipped font loads"),
        }
    }

    #[test]
    fn wraps_within_the_width_and_keeps_every_word() {
        let f = faces();
        let text = "Azad olunsun: Leyla Məmmədova, Лейла Мамедова and a very \
                    long paragraph that cannot fit on one line of a narrow column";
        let lines = wrap(&f.regular, text, 10.0, 120.0);
        assert!(lines.len() > 3, "{lines:?}");
        for l in &lines {
            assert!(f.regular.width(l, 10.0) <= 120.0, "{l:?} is too wide");
        }
        assert_eq!(
            lines.join(" ").split_whitespace().collect::<Vec<_>>(),
            text.split_whitespace().collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let f = faces();
        let word = "x".repeat(200);
        let lines = wrap(&f.regular, &word, 10.0, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn hard_line_breaks_are_kept() {
        let lines = wrap(&faces().regular, "Prosecutor General\n\nBaku", 10.0, 400.0);
        assert_eq!(lines, vec!["Prosecutor General", "", "Baku"]);
    }

    #[test]
    fn azerbaijani_and_cyrillic_letters_have_glyphs() {
        let f = faces();
        for g in f.regular.glyphs("əğışçöüİƏ Жж") {
            assert_ne!(g.glyph_id.to_u32(), 0);
        }
    }

    #[test]
    fn a_long_section_continues_on_new_pages() {
        let doc = Doc {
            title: "t".into(),
            lang: "en".into(),
            sections: vec![
                (0..200).map(|i| Block::Text(format!("line {i}"))).collect(),
                vec![Block::Text("second".into())],
            ],
        };
        let pages = layout(faces(), &doc);
        assert!(pages.len() >= 4, "{}", pages.len());
        assert_eq!(pages.last().map(|p| p[0].text.as_str()), Some("second"));
        for p in &pages {
            for l in p {
                assert!(l.y <= HEIGHT - MARGIN - FOOTER + 1.0);
            }
        }
    }
}
