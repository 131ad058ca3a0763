//! The pixel work: an image decoded once, turned upright by its EXIF
//! orientation, and encoded again at each width it is published in
//! (`fast_image_resize`, Lanczos 3). Its colour profile goes with every copy.

use std::io::Cursor;

use fast_image_resize::{ResizeOptions, Resizer};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder};

use super::Format;

/// JPEG quality of an original that had to be turned and so encoded
/// again: high, as it is the copy a reader may download.
const ORIGINAL_QUALITY: u8 = 92;

/// A decoded image, upright, with its colour profile.
pub(super) struct Upright {
    format: Format,
    image: DynamicImage,
    icc: Option<Vec<u8>>,
}

/// Decodes `bytes` and turns the pixels by `orientation` (EXIF 1–8).
pub(super) fn decode(format: Format, bytes: &[u8], orientation: u8) -> Result<Upright, String> {
    let reader = image::ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let icc = decoder.icc_profile().ok().flatten();
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    // Resizing and encoding know 8-bit RGB(A) and grey; a 16-bit PNG is brought down.
    image = match image {
        DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_)
        | DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_) => image,
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    };
    if format == Format::Jpeg && image.color().has_alpha() {
        image = DynamicImage::ImageRgb8(image.to_rgb8());
    }
    image.apply_orientation(
        Orientation::from_exif(orientation).unwrap_or(Orientation::NoTransforms),
    );
    Ok(Upright { format, image, icc })
}

impl Upright {
    /// The whole image encoded again (for an original that had to be turned).
    pub(super) fn original(&self) -> Result<Vec<u8>, String> {
        self.encode(&self.image, ORIGINAL_QUALITY)
    }

    /// A copy `width` × `height` pixels, JPEGs at `quality`.
    pub(super) fn scaled(&self, width: u32, height: u32, quality: u8) -> Result<Vec<u8>, String> {
        let mut dst = DynamicImage::new(width, height, self.image.color());
        Resizer::new()
            .resize(&self.image, &mut dst, &ResizeOptions::new())
            .map_err(|e| e.to_string())?;
        self.encode(&dst, quality)
    }

    fn encode(&self, image: &DynamicImage, quality: u8) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let (w, h, color) = (image.width(), image.height(), image.color().into());
        let result = match self.format {
            Format::Jpeg => {
                let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
                if let Some(icc) = &self.icc {
                    let _ = enc.set_icc_profile(icc.clone());
                }
                enc.write_image(image.as_bytes(), w, h, color)
            }
            Format::Png => {
                let mut enc = image::codecs::png::PngEncoder::new(&mut out);
                if let Some(icc) = &self.icc {
                    let _ = enc.set_icc_profile(icc.clone());
                }
                enc.write_image(image.as_bytes(), w, h, color)
            }
        };
        result.map_err(|e| e.to_string())?;
        Ok(out)
    }
}
