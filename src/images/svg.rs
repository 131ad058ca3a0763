//! The size an SVG file gives itself: its root element's `width` and
//! `height` (in pixels, or unitless), else its `viewBox`. An SVG is
//! published as it is; this only lets its `<img>` reserve its space.

use std::path::Path;

/// The size of the SVG at `path`, when its root element says it.
pub(super) fn size(path: &Path) -> Option<(u32, u32)> {
    let text = std::fs::read_to_string(path).ok()?;
    size_of(&text)
}

fn size_of(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let number = |name: &str| -> Option<f64> {
        let value = attribute(tag, name)?;
        let value = value.trim().trim_end_matches("px");
        value
            .parse::<f64>()
            .ok()
            .filter(|v| *v > 0.0 && *v < 100_000.0)
    };
    let (w, h) = match (number("width"), number("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let view: Vec<f64> = attribute(tag, "viewBox")?
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .filter_map(|s| s.parse().ok())
                .collect();
            match view[..] {
                [_, _, w, h] if w > 0.0 && h > 0.0 && w < 100_000.0 && h < 100_000.0 => (w, h),
                _ => return None,
            }
        }
    };
    Some(((w.round() as u32).max(1), (h.round() as u32).max(1)))
}

/// The value of attribute `name` in the text of a start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let inner = &value[1..];
        return inner.find(quote).map(|end| &inner[..end]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::size_of;

    #[test]
    fn width_and_height_else_the_view_box() {
        let s = |t: &str| size_of(t);
        assert_eq!(
            s(r#"<svg xmlns="x" width="640" height="360px">"#),
            Some((640, 360))
        );
        assert_eq!(
            s(r#"<?xml?><svg viewBox="0 0 800 450" stroke-width="2">"#),
            Some((800, 450))
        );
        assert_eq!(
            s(r#"<svg width="100%" height="100%" viewBox='0,0,32,16'>"#),
            Some((32, 16))
        );
        assert_eq!(s(r#"<svg width="10em">"#), None);
        assert_eq!(s("no svg here"), None);
        assert_eq!(s("<svg viewBox=\"0 0 -5 3\">"), None);
    }
}
