//! An original without the metadata that tells about its owner, its bytes
//! otherwise untouched: a walk over a JPEG's segments or a PNG's chunks.
//! Kept: the colour profile (ICC), JFIF and Adobe colour markers, and the
//! compressed image itself. Dropped: EXIF and XMP (APP1), IPTC (APP13),
//! every other application segment, comments; PNG text and `eXIf` chunks.

/// `bytes` without personal metadata, or why it is not a well-formed file.
pub(super) fn strip(format: super::Format, bytes: &[u8]) -> Result<Vec<u8>, String> {
    match format {
        super::Format::Jpeg => jpeg(bytes),
        super::Format::Png => png(bytes),
    }
}

/// A JPEG's segments before its first scan, those kept copied; the scan
/// data and all after it as it is.
fn jpeg(bytes: &[u8]) -> Result<Vec<u8>, String> {
    const BROKEN: &str = "is not a well-formed JPEG file (a segment runs past its end)";
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("is not a JPEG file".to_owned());
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut at = 2;
    loop {
        // Fill bytes (0xFF) may stand before a marker.
        while bytes.get(at) == Some(&0xFF) && bytes.get(at + 1) == Some(&0xFF) {
            at += 1;
        }
        let (Some(&0xFF), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return Err(BROKEN.to_owned());
        };
        // Markers without a length: TEM and the restart markers.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            out.extend_from_slice(&bytes[at..at + 2]);
            at += 2;
            continue;
        }
        if marker == 0xD9 || marker == 0xDA {
            out.extend_from_slice(&bytes[at..]);
            return Ok(out);
        }
        let len = match bytes.get(at + 2..at + 4) {
            Some(&[hi, lo]) => usize::from(u16::from_be_bytes([hi, lo])),
            _ => return Err(BROKEN.to_owned()),
        };
        let end = at + 2 + len;
        if len < 2 || end > bytes.len() {
            return Err(BROKEN.to_owned());
        }
        if keeps_jpeg(marker) {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
    }
}

/// Whether a JPEG segment before the scan is kept: everything but the
/// application segments other than JFIF (APP0), ICC (APP2) and Adobe
/// (APP14), and comments.
fn keeps_jpeg(marker: u8) -> bool {
    match marker {
        0xE0 | 0xE2 | 0xEE => true,
        0xE1..=0xEF | 0xFE => false,
        _ => true,
    }
}

/// A PNG's chunks, those that carry text, EXIF or a time left out.
fn png(bytes: &[u8]) -> Result<Vec<u8>, String> {
    const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    const BROKEN: &str = "is not a well-formed PNG file (a chunk runs past its end)";
    if !bytes.starts_with(&SIGNATURE) {
        return Err("is not a PNG file".to_owned());
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&SIGNATURE);
    let mut at = SIGNATURE.len();
    while at < bytes.len() {
        let head = bytes.get(at..at + 8).ok_or(BROKEN)?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind = &head[4..8];
        let end = at
            .checked_add(12)
            .and_then(|n| n.checked_add(len))
            .filter(|&n| n <= bytes.len())
            .ok_or(BROKEN)?;
        if !matches!(kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME") {
            out.extend_from_slice(&bytes[at..end]);
        }
        at = end;
        if kind == b"IEND" {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{jpeg, png};

    /// A JPEG's segments from their markers and payloads.
    fn segments(parts: &[(u8, &[u8])]) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8];
        for (marker, payload) in parts {
            out.extend([0xFF, *marker]);
            out.extend(((payload.len() + 2) as u16).to_be_bytes());
            out.extend(*payload);
        }
        out.extend([0xFF, 0xDA, 0x00, 0x02, 0x12, 0x34, 0xFF, 0xD9]);
        out
    }

    #[test]
    fn jpeg_keeps_colour_and_image_and_drops_exif_xmp_iptc_comments() {
        let file = segments(&[
            (0xE0, b"JFIF\0"),
            (0xE1, b"Exif\0\0GPS"),
            (0xE1, b"http://ns.adobe.com/xap/1.0/\0serial"),
            (0xE2, b"ICC_PROFILE\0"),
            (0xED, b"Photoshop 3.0\0owner"),
            (0xFE, b"shot by Anna"),
            (0xDB, b"quant"),
        ]);
        let want = segments(&[
            (0xE0, b"JFIF\0"),
            (0xE2, b"ICC_PROFILE\0"),
            (0xDB, b"quant"),
        ]);
        assert_eq!(jpeg(&file).unwrap(), want);
    }

    #[test]
    fn broken_files_are_errors_not_panics() {
        let file = segments(&[(0xE1, b"Exif")]);
        for cut in 0..file.len() - 8 {
            let _ = jpeg(&file[..cut]);
        }
        assert!(jpeg(&[0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF]).is_err());
        assert!(jpeg(b"GIF89a").is_err());
        assert!(png(b"\x89PNG\r\n\x1a\n\0\0\0\x05IHDR").is_err());
    }
}
