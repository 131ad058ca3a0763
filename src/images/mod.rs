//! Below the Markdown stage: the photos of page bundles, as published.
//!
//! 1. `probe`: a file's format, its size as shown (after its EXIF
//!    orientation) and what its metadata tells about its owner;
//! 2. `strip`: the original without that metadata, losslessly where it
//!    needs no turning;
//! 3. `scale`: the narrower copies a phone or tablet needs;
//! 4. `store`: all of it made once and kept in `.debrief-cache/images/`,
//!    keyed by the file's content and the `[images]` settings.
//!
//! Only JPEG and PNG are processed; any other format is published as it is.

mod probe;
mod scale;
mod store;
mod strip;
mod svg;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::ImagesConfig;
use crate::site::FastMap;

pub(crate) use probe::{Facts, Format, private_in_file};
pub(crate) use store::{Made, Store};

/// What the build knows of each processed image, by its source file as the
/// build shows files (`content/reports/x/photo.jpg`).
pub type ImageFacts = FastMap<PathBuf, Arc<Facts>>;

/// Whether a file name is one of the formats debrief processes.
pub(crate) fn is_processed(name: &str) -> bool {
    Format::of_name(name).is_some()
}

/// The size (as shown) of the JPEG, PNG or SVG at `path`, when it can be read.
pub(crate) fn measure(path: &Path) -> Option<(u32, u32)> {
    if is_svg(&path.to_string_lossy()) {
        return svg::size(path);
    }
    let bytes = std::fs::read(path).ok()?;
    probe::probe(&bytes).ok().map(|f| (f.width, f.height))
}

/// A hash of the size [`measure`] finds, for telling whether an image
/// published as it is changed its size since a body showing it was rendered.
pub(crate) fn size_key(path: &Path) -> Option<u64> {
    size_key_of(measure(path))
}

/// The key of a size as [`size_key`] makes it.
pub(crate) fn size_key_of(size: Option<(u32, u32)>) -> Option<u64> {
    size.map(|s| ahash::RandomState::with_seeds(3, 1, 4, 1).hash_one(s))
}

/// Whether a file name or URL is an SVG's (which link previews cannot show).
pub(crate) fn is_svg(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, e)| e.eq_ignore_ascii_case("svg"))
}

/// The widths `facts` is published in besides its own: the configured
/// ones below its width, ascending.
pub(crate) fn widths(facts: &Facts, settings: &ImagesConfig) -> Vec<u32> {
    settings
        .widths
        .iter()
        .copied()
        .filter(|&w| w < facts.width)
        .collect()
}

/// The height of a copy `width` pixels wide.
pub(crate) fn height_at(facts: &Facts, width: u32) -> u32 {
    let h = (u64::from(facts.height) * u64::from(width) + u64::from(facts.width) / 2)
        / u64::from(facts.width.max(1));
    (h as u32).max(1)
}

/// The name of the copy of `rel` (`photo.jpg`, `img/photo.jpg`) that is
/// `width` pixels wide: `photo-480w.jpg`, next to the original.
pub(crate) fn variant_name(rel: &str, width: u32) -> String {
    let (dir, name) = rel.rsplit_once('/').map_or(("", rel), |(d, n)| (d, n));
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let sep = if dir.is_empty() { "" } else { "/" };
    format!("{dir}{sep}{stem}-{width}w.{ext}")
}

#[cfg(test)]
mod tests {
    use super::variant_name;

    #[test]
    fn variants_sit_next_to_their_original() {
        assert_eq!(variant_name("photo.jpg", 480), "photo-480w.jpg");
        assert_eq!(variant_name("img/Bühne.PNG", 960), "img/Bühne-960w.PNG");
        assert_eq!(variant_name("a.b/c.d.jpeg", 16), "a.b/c.d-16w.jpeg");
    }
}
