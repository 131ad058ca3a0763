//! What a photo is before it is published: its format, its size as a
//! reader sees it (turned by its EXIF orientation), a hash of its bytes,
//! and what its metadata would tell about where and with whose camera it
//! was taken. Reads the headers only; nothing is decoded.

use std::io::Cursor;
use std::path::Path;

use image::ImageDecoder;
use image::metadata::Orientation;
use serde::{Deserialize, Serialize};

/// The formats debrief processes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Format {
    /// JPEG (`.jpg`, `.jpeg`).
    Jpeg,
    /// PNG (`.png`).
    Png,
}

impl Format {
    /// The format a file name says, if debrief processes it.
    pub fn of_name(name: &str) -> Option<Format> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" => Some(Format::Jpeg),
            "png" => Some(Format::Png),
            _ => None,
        }
    }

    /// The format the first bytes say.
    fn of_bytes(bytes: &[u8]) -> Option<Format> {
        match bytes {
            [0xFF, 0xD8, 0xFF, ..] => Some(Format::Jpeg),
            [0x89, b'P', b'N', b'G', ..] => Some(Format::Png),
            _ => None,
        }
    }

    pub(super) fn image_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
        }
    }
}

/// One image, as the build knows it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Facts {
    /// Its format.
    pub format: Format,
    /// Width in pixels as shown, after its orientation.
    pub width: u32,
    /// Height in pixels as shown.
    pub height: u32,
    /// The EXIF orientation (1–8; 1 when none).
    pub orientation: u8,
    /// A hash of the file's bytes.
    pub hash: u64,
    /// What its metadata tells that the published copies leave out
    /// (`GPS position`, `camera serial number`, …).
    pub private: Vec<String>,
}

/// The facts of an image whose bytes are `bytes`; an error says why it
/// cannot be read.
pub(super) fn probe(bytes: &[u8]) -> Result<Facts, String> {
    let format = Format::of_bytes(bytes).ok_or("is not a JPEG or PNG file (by its content)")?;
    let reader = image::ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut decoder = reader.into_decoder().map_err(|e| e.to_string())?;
    let (w, h) = decoder.dimensions();
    let exif = decoder.exif_metadata().ok().flatten();
    let orientation = exif
        .as_deref()
        .and_then(Orientation::from_exif_chunk)
        .unwrap_or(Orientation::NoTransforms);
    let (width, height) = if turns(orientation) { (h, w) } else { (w, h) };
    if width == 0 || height == 0 {
        return Err("has no pixels".to_owned());
    }
    Ok(Facts {
        format,
        width,
        height,
        orientation: orientation.to_exif(),
        hash: super::store::content_hash(bytes),
        private: exif.map(private_in_exif).unwrap_or_default(),
    })
}

/// Whether an orientation swaps width and height.
pub(super) fn turns(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// What a raw EXIF block (TIFF data) tells about owner and place.
fn private_in_exif(tiff: Vec<u8>) -> Vec<String> {
    match exif::Reader::new().read_raw(tiff) {
        Ok(exif) => private_fields(&exif),
        Err(_) => Vec::new(),
    }
}

/// The personal facts among an EXIF block's fields, each named once.
fn private_fields(exif: &exif::Exif) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for field in exif.fields() {
        let what = match field.tag {
            t if t.context() == exif::Context::Gps => "GPS position",
            exif::Tag::BodySerialNumber => "camera serial number",
            exif::Tag::LensSerialNumber => "lens serial number",
            exif::Tag::CameraOwnerName => "camera owner's name",
            exif::Tag::Artist => "photographer's name",
            exif::Tag::MakerNote => "maker notes (which may hold the camera's serial number)",
            _ => continue,
        };
        if !found.iter().any(|f| f == what) {
            found.push(what.to_owned());
        }
    }
    found
}

/// What the EXIF of a file in any format EXIF is found in (JPEG, PNG,
/// WebP, TIFF, HEIF) tells about owner and place; for files published as
/// they are (`static/`, formats not processed).
pub(crate) fn private_in_file(path: &Path) -> Vec<String> {
    let Ok(file) = std::fs::File::open(path) else {
        return Vec::new();
    };
    let mut reader = std::io::BufReader::new(file);
    match exif::Reader::new().read_from_container(&mut reader) {
        Ok(exif) => private_fields(&exif),
        Err(_) => Vec::new(),
    }
}
