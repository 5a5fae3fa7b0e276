//! The system's fonts, for charts rendered to PNG (`report::chart_png`): reading the font
//! folders is file-system work, so it is here.

use crate::report::chart_png::Fonts;

/// Adds the system's installed fonts (fontconfig's folders on Linux) to `fonts`.
pub fn load_system_fonts(fonts: &mut Fonts) {
    fonts.load_system_fonts();
}
