//! Code highlighting with syntect, as CSS classes plus one generated stylesheet.
//!
//! Loading syntect's syntax set takes tens of milliseconds, so it is loaded
//! once, lazily, and can be warmed up in the background while content loads.
//! Highlighting is the most expensive step of rendering Markdown, and a
//! translated report repeats its original's code blocks, so each distinct
//! block is highlighted once per build (or server) and remembered.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use pulldown_cmark_escape::escape_html;
use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Class prefix of highlighted spans, so theme CSS cannot clash with them.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// How much highlighted HTML is remembered at most.
const MEMO_BYTES: usize = 32 << 20;

/// Owns syntect's syntax set for the lifetime of a build or a server.
#[derive(Debug, Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
    memo: Mutex<Memo>,
}

/// Highlighted blocks by language and code (`None`: an unknown language).
#[derive(Debug, Default)]
struct Memo {
    blocks: HashMap<(String, String), Option<String>>,
    bytes: usize,
}

impl Highlighter {
    /// A highlighter that loads its syntaxes on first use.
    pub fn new() -> Self {
        Highlighter::default()
    }

    /// Starts loading the syntax set on another thread.
    pub fn warm_up(self: &Arc<Self>) {
        let me = Arc::clone(self);
        rayon::spawn(move || {
            me.syntaxes();
        });
    }

    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// Highlights `code` as `lang` (a name or file extension), or `None` when
    /// syntect does not know the language.
    pub fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let key = (lang.to_owned(), code.to_owned());
        if let Some(done) = self
            .memo
            .lock()
            .ok()
            .and_then(|m| m.blocks.get(&key).cloned())
        {
            return done;
        }
        let html = self.highlight_anew(lang, code);
        if let Ok(mut memo) = self.memo.lock() {
            let size = code.len() + html.as_ref().map_or(0, String::len);
            if memo.bytes + size <= MEMO_BYTES {
                memo.bytes += size;
                memo.blocks.insert(key, html.clone());
            }
        }
        html
    }

    fn highlight_anew(&self, lang: &str, code: &str) -> Option<String> {
        let set = self.syntaxes();
        let syntax = set
            .find_syntax_by_token(lang)
            .or_else(|| set.find_syntax_by_name(lang))?;
        let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            html.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(html.finalize())
    }
}

/// The contrast every token colour keeps with its background (WCAG AA for
/// body text), whatever the syntect theme chose.
const MIN_CONTRAST: f64 = 4.5;

/// The stylesheet for the highlighted classes: the `light` syntect theme,
/// and the `dark` one on screens whose reader prefers a dark colour scheme
/// (printing stays light). The two blocks exclude each other, so no rule of
/// one theme leaks into the other. Token colours too faint against their
/// background are darkened or lightened until they are readable.
pub fn stylesheet(light: &str, dark: &str) -> Result<String, String> {
    let themes = ThemeSet::load_defaults();
    let light = theme_css(&themes, "highlight_theme", light)?;
    let dark = theme_css(&themes, "highlight_theme_dark", dark)?;
    Ok(format!(
        "@media not screen and (prefers-color-scheme: dark) {{\n{}}}\n\n\
         @media screen and (prefers-color-scheme: dark) {{\n{}}}\n",
        indent(&light),
        indent(&dark)
    ))
}

/// The CSS of one syntect theme, named by the `[markdown]` key `key`.
fn theme_css(themes: &ThemeSet, key: &str, name: &str) -> Result<String, String> {
    let mut theme = themes.themes.get(name).cloned().ok_or_else(|| {
        let known: Vec<&str> = themes.themes.keys().map(String::as_str).collect();
        format!("unknown {key} `{name}` (known: {})", known.join(", "))
    })?;
    make_readable(&mut theme);
    css_for_theme_with_class_style(&theme, CLASS_STYLE).map_err(|e| e.to_string())
}

fn indent(css: &str) -> String {
    css.lines()
        .map(|line| {
            if line.is_empty() {
                "\n".to_owned()
            } else {
                format!("  {line}\n")
            }
        })
        .collect()
}

/// Gives every foreground colour of `theme` at least [`MIN_CONTRAST`]
/// against the background it is drawn on: its rule's own background, else
/// the theme's. A theme without a background is drawn on the page's, which
/// is not known here, so it is left alone.
fn make_readable(theme: &mut Theme) {
    let Some(background) = theme.settings.background else {
        return;
    };
    if let Some(fg) = theme.settings.foreground.as_mut() {
        *fg = readable(*fg, background);
    }
    for item in &mut theme.scopes {
        let behind = item.style.background.unwrap_or(background);
        if let Some(fg) = item.style.foreground.as_mut() {
            *fg = readable(*fg, behind);
        }
    }
}

/// `fg`, or the least change of it toward black or white (whichever stands
/// out more from `bg`) that has [`MIN_CONTRAST`] against `bg`. The generated
/// CSS ignores alpha, so colours count as opaque.
fn readable(fg: Color, bg: Color) -> Color {
    if contrast(fg, bg) >= MIN_CONTRAST {
        return fg;
    }
    let toward = if contrast(Color::WHITE, bg) >= contrast(Color::BLACK, bg) {
        Color::WHITE
    } else {
        Color::BLACK
    };
    const STEPS: u16 = 64;
    (1..=STEPS)
        .map(|step| mix(fg, toward, step, STEPS))
        .find(|&c| contrast(c, bg) >= MIN_CONTRAST)
        .unwrap_or(toward)
}

/// `from` moved `step / steps` of the way to `to`.
fn mix(from: Color, to: Color, step: u16, steps: u16) -> Color {
    let channel = |a: u8, b: u8| {
        let (a, b) = (u16::from(a), u16::from(b));
        let mixed = (a * (steps - step) + b * step + steps / 2) / steps;
        u8::try_from(mixed).unwrap_or(u8::MAX)
    };
    Color {
        r: channel(from.r, to.r),
        g: channel(from.g, to.g),
        b: channel(from.b, to.b),
        a: 0xFF,
    }
}

/// The WCAG 2 contrast ratio of two colours, from 1 to 21.
fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG 2 relative luminance of an sRGB colour.
fn luminance(c: Color) -> f64 {
    let linear = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b)
}

/// A code block as HTML: highlighted when the language is known.
pub(super) fn code_block(highlighter: Option<&Highlighter>, lang: &str, source: &str) -> String {
    let mut html = String::with_capacity(source.len() * 2);
    if lang.is_empty() {
        html.push_str("<pre tabindex=\"0\"><code>");
        let _ = escape_html(&mut html, source);
        html.push_str("</code></pre>\n");
        return html;
    }
    let highlighted = highlighter.and_then(|h| h.highlight(lang, source));
    html.push_str(if highlighted.is_some() {
        "<pre class=\"hl-code\" tabindex=\"0\" data-lang=\""
    } else {
        "<pre tabindex=\"0\" data-lang=\""
    });
    let _ = escape_html(&mut html, lang);
    html.push_str("\"><code class=\"language-");
    let _ = escape_html(&mut html, lang);
    html.push_str("\">");
    match highlighted {
        Some(highlighted) => html.push_str(&highlighted),
        None => {
            let _ = escape_html(&mut html, source);
        }
    }
    html.push_str("</code></pre>\n");
    html
}

#[cfg(test)]
mod tests {
    use syntect::highlighting::Color;

    use super::{Highlighter, MIN_CONTRAST, contrast, mix, readable, stylesheet};

    fn rgb(hex: u32) -> Color {
        let [_, r, g, b] = hex.to_be_bytes();
        Color { r, g, b, a: 0xFF }
    }

    #[test]
    fn known_language_gets_classes_unknown_gets_none() {
        let h = Highlighter::new();
        let html = h.highlight("rust", "fn main() {}\n").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert_eq!(h.highlight("rust", "fn main() {}\n").unwrap(), html);
        let other = h.highlight("rust", "let x = 1;\n").unwrap();
        assert_ne!(other, html, "each block is remembered by its own code");
        assert!(h.highlight("no-such-language", "x").is_none());
    }

    #[test]
    fn contrast_ratios_are_wcag_ones() {
        for (a, b, ratio) in [
            (0xffffff, 0x000000, 21.0),
            (0x777777, 0x777777, 1.0),
            (0x767676, 0xffffff, 4.54),
            (0x65737e, 0x2b303b, 2.71),
        ] {
            let got = contrast(rgb(a), rgb(b));
            assert!((got - ratio).abs() < 0.01, "{a:06x} on {b:06x}: {got}");
        }
    }

    #[test]
    fn faint_colours_move_just_far_enough_toward_black_or_white() {
        let cases = [
            (0x65737e, 0x2b303b, true),  // base16-ocean's comment on its background
            (0x969896, 0xffffff, false), // InspiredGitHub's comment on white
            (0x707070, 0x707070, true),
            (0x8a8a8a, 0x8a8a8a, false),
        ];
        for (fg, bg, lighter) in cases {
            let (fg, bg) = (rgb(fg), rgb(bg));
            let got = readable(fg, bg);
            assert!(contrast(got, bg) >= MIN_CONTRAST, "{got:?} on {bg:?}");
            assert_eq!(got.r > fg.r, lighter, "{got:?} from {fg:?}");
            let toward = if lighter { Color::WHITE } else { Color::BLACK };
            let one_step_less = (1..=64)
                .map(|s| mix(fg, toward, s, 64))
                .take_while(|&c| c != got);
            assert!(
                one_step_less
                    .last()
                    .is_none_or(|c| contrast(c, bg) < MIN_CONTRAST),
                "{got:?} is further from {fg:?} than needed"
            );
        }
        let fine = rgb(0xc0c5ce);
        assert_eq!(readable(fine, rgb(0x2b303b)), fine);
    }

    /// (colour, background) of every rule in one `@media` block, the block's
    /// `.hl-code` background standing in where a rule has none.
    fn colour_pairs(block: &str) -> Vec<(String, String)> {
        let value = |body: &str, property: &str| {
            body.lines()
                .map(str::trim)
                .find_map(|l| l.strip_prefix(property)?.strip_suffix(';'))
                .map(str::to_owned)
        };
        let rules: Vec<(&str, &str)> = block
            .split('}')
            .filter_map(|rule| rule.split_once('{'))
            .collect();
        let code = rules
            .iter()
            .find(|(selector, _)| selector.trim().ends_with(".hl-code"))
            .and_then(|(_, body)| value(body, "background-color: "))
            .expect("a .hl-code background");
        rules
            .iter()
            .filter_map(|(_, body)| {
                let bg = value(body, "background-color: ").unwrap_or_else(|| code.clone());
                Some((value(body, "color: ")?, bg))
            })
            .collect()
    }

    fn hex(css: &str) -> Color {
        rgb(u32::from_str_radix(css.trim_start_matches('#'), 16).expect("a #rrggbb colour"))
    }

    #[test]
    fn the_stylesheet_has_a_readable_light_and_dark_block() {
        let css = stylesheet("InspiredGitHub", "base16-ocean.dark").unwrap();
        let (light, dark) = css
            .split_once("@media screen and (prefers-color-scheme: dark) {")
            .expect("a dark block");
        let light = light
            .strip_prefix("@media not screen and (prefers-color-scheme: dark) {")
            .expect("a light block first");
        assert!(light.contains("theme \"GitHub\""), "{light}");
        assert!(dark.contains("theme \"Base16 Ocean Dark\""), "{dark}");
        for block in [light, dark] {
            let pairs = colour_pairs(block);
            assert!(pairs.len() > 20, "{block}");
            for (fg, bg) in pairs {
                let ratio = contrast(hex(&fg), hex(&bg));
                assert!(ratio >= MIN_CONTRAST, "{fg} on {bg}: {ratio:.2}");
            }
        }
        let err = stylesheet("InspiredGitHub", "nope").unwrap_err();
        assert!(
            err.starts_with("unknown highlight_theme_dark `nope` (known: "),
            "{err}"
        );
        assert!(stylesheet("nope", "base16-ocean.dark").is_err());
    }
}
