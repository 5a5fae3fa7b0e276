//! A chart's SVG rendered to PNG (resvg, pure Rust) for slides and documents that take no SVG:
//! at a chosen scale (2× gives crisp text on a high-density screen or in print), on white.
//!
//! Pure: it reads no file. The fonts are given; [`embedded_fonts`] holds the app's own typeface
//! (egui's Ubuntu Light), so text renders on a system with no fonts at all, and `io` can add the
//! system's fonts to it (`io::load_system_fonts`) for the SVG's own font list and for scripts the
//! embedded font lacks. Only the app saves PNGs, so this sits behind the `gui` feature.

use resvg::{tiny_skia, usvg};
use std::sync::Arc;

pub use usvg::fontdb::Database as Fonts;

/// The largest PNG side this makes, in pixels: a chart is at most a few thousand.
const MAX_SIDE: u32 = 16_384;

#[derive(Debug, thiserror::Error)]
pub enum ChartPngError {
    #[error("the chart's SVG could not be read: {0}")]
    Svg(#[from] usvg::Error),
    #[error("a chart of {width}×{height} pixels at {scale}× is too large for a PNG")]
    TooLarge { width: f32, height: f32, scale: f32 },
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

/// The app's typeface alone, set as the generic sans-serif family (the charts' fallback after
/// `system-ui`, DejaVu Sans and Arial).
pub fn embedded_fonts() -> Fonts {
    let mut fonts = Fonts::new();
    let source = usvg::fontdb::Source::Binary(Arc::new(epaint_default_fonts::UBUNTU_LIGHT));
    let ids = fonts.load_font_source(source);
    let family = ids.first().and_then(|&id| fonts.face(id)).and_then(|face| face.families.first());
    if let Some((family, _)) = family.cloned() {
        fonts.set_sans_serif_family(family);
    }
    fonts
}

/// The SVG as PNG bytes: `scale` pixels per view-box unit, a white background.
pub fn svg_to_png(svg: &str, fonts: Arc<Fonts>, scale: f32) -> Result<Vec<u8>, ChartPngError> {
    let options = usvg::Options { fontdb: fonts, ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options)?;
    let size = tree.size();
    let too_large = ChartPngError::TooLarge { width: size.width(), height: size.height(), scale };
    let (width, height) = ((size.width() * scale).ceil(), (size.height() * scale).ceil());
    if !(1.0..=MAX_SIDE as f32).contains(&width) || !(1.0..=MAX_SIDE as f32).contains(&height) {
        return Err(too_large);
    }
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32).ok_or(too_large)?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| ChartPngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The image's pixels as RGBA rows, and its size.
    fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes)).read_info().expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
        let frame = reader.next_frame(&mut pixels).expect("a frame");
        assert_eq!(frame.color_type, png::ColorType::Rgba);
        pixels.truncate(frame.buffer_size());
        (frame.width, frame.height, pixels)
    }

    fn dark_pixels(pixels: &[u8]) -> usize {
        pixels.chunks(4).filter(|p| p[0] < 128 && p[1] < 128 && p[2] < 128).count()
    }

    const TEXT: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 50">
<text x="10" y="30" style="font-family: system-ui, sans-serif; font-size: 20px; fill: #000">Sanctions</text>
</svg>"#;

    #[test]
    fn text_is_drawn_with_the_embedded_font_alone_at_twice_the_size() {
        let (width, height, pixels) =
            decode(&svg_to_png(TEXT, Arc::new(embedded_fonts()), 2.0).expect("PNG"));
        assert_eq!((width, height), (400, 100));
        assert!(dark_pixels(&pixels) > 200, "the word is drawn: {} dark pixels", dark_pixels(&pixels));
        let blank = TEXT.replace("Sanctions", "");
        let (_, _, pixels) = decode(&svg_to_png(&blank, Arc::new(embedded_fonts()), 2.0).expect("PNG"));
        assert_eq!(dark_pixels(&pixels), 0, "without the text, white");
        assert!(pixels.chunks(4).all(|p| p == [255, 255, 255, 255]), "a white background");
    }

    #[test]
    fn an_svg_that_does_not_parse_is_an_error() {
        assert!(matches!(svg_to_png("<svg", Arc::new(Fonts::new()), 2.0), Err(ChartPngError::Svg(_))));
    }
}
