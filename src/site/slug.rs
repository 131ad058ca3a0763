//! Slugs: lower-case ASCII and `-`, with German letters transliterated.

/// Turns a title or file name into a URL segment: "Zuhören vor Senden" → `zuhoeren-vor-senden`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut push = |piece: &str, out: &mut String| {
        for c in piece.chars() {
            if c.is_ascii_alphanumeric() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(c.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        }
    };
    for c in text.chars() {
        match c {
            'ä' | 'Ä' => push("ae", &mut out),
            'ö' | 'Ö' => push("oe", &mut out),
            'ü' | 'Ü' => push("ue", &mut out),
            'ß' | 'ẞ' => push("ss", &mut out),
            // Keep "v1.2" and "rust_fest" readable rather than gluing them together.
            c if c.is_ascii() => push(c.encode_utf8(&mut [0; 4]), &mut out),
            c => push(deunicode::deunicode_char(c).unwrap_or("-"), &mut out),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn german_and_other_letters() {
        let cases = [
            ("Zuhören vor Senden", "zuhoeren-vor-senden"),
            ("Größe ist kein Argument", "groesse-ist-kein-argument"),
            ("Übersetzung & Qualität", "uebersetzung-qualitaet"),
            ("Straße", "strasse"),
            ("Café crème", "cafe-creme"),
            ("  Social Media  ", "social-media"),
            ("LeWeb 2008", "leweb-2008"),
            ("already-a-slug", "already-a-slug"),
            ("Łódź — Kraków", "lodz-krakow"),
            ("C++ / Rust", "c-rust"),
            ("ÄÖÜ", "aeoeue"),
            ("😀", "grinning"),
        ];
        for (input, slug) in cases {
            assert_eq!(slugify(input), slug, "{input}");
        }
    }
}
