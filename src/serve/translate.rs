//! The translator's view, served only by `serve` (never written by a
//! build): a report's original and its translation side by side, paragraph
//! by paragraph, the original's paragraphs changed since the translation's
//! stamp highlighted, and the translation's file named. At
//! `BASE/__debrief/translate/TRANSLATION-KEY/`; it reloads on every rebuild.

use std::fmt::Write as _;

use pulldown_cmark_escape::escape_html;

use crate::site::Site;
use crate::site::page::Page;
use crate::site::translations::text_of;
use crate::translation::{diff, history};

/// Where the views live, under the base path; a reload message with this
/// path (as `UrlSpace::url_of` makes it) reloads every view.
pub(super) const PREFIX: &str = "__debrief/translate/";

/// The view of translation key `tkey` (`reports/leweb`), or `None` when no
/// translated report has it. `events` is the reload event stream's URL,
/// `reload_path` the path in its messages that reloads views.
pub(super) fn page(site: &Site, tkey: &str, events: &str, reload_path: &str) -> Option<String> {
    let versions = site.versions(tkey);
    let translation = versions
        .iter()
        .map(|v| site.page(*v))
        .find(|p| p.original.is_some())?;
    let original = site.page(translation.original?);
    let (old_text, new_text) = (text_of(original)?, text_of(translation)?);
    let changed = match &translation.front.translated_from {
        Some(stamp) if translation.outdated => {
            let found = history::find(&site.config.root, &original.file.path, stamp).old;
            found.map(|(old, _)| diff::changed_paragraphs(&diff::diff(&old, &old_text)))
        }
        _ => Some(Vec::new()),
    };
    let mut out = String::new();
    head(&mut out, original, translation, events, reload_path);
    state(&mut out, translation, changed.is_none());
    out.push_str("<table class=\"aligned\"><thead><tr>");
    let _ = write!(
        out,
        "<th lang=\"{}\">{}</th>",
        original.key.lang,
        escaped(&original.file.shown.display().to_string())
    );
    let _ = write!(
        out,
        "<th lang=\"{}\">{}</th>",
        translation.key.lang,
        escaped(&translation.file.shown.display().to_string())
    );
    out.push_str("</tr></thead><tbody>\n");
    row(
        &mut out,
        "title",
        Some(&old_text.title),
        Some(&new_text.title),
        false,
    );
    let rows = old_text.paragraphs.len().max(new_text.paragraphs.len());
    let changed = changed.unwrap_or_default();
    for i in 0..rows {
        let was_changed = changed.contains(&(i + 1));
        row(
            &mut out,
            "paragraph",
            old_text.paragraphs.get(i),
            new_text.paragraphs.get(i),
            was_changed,
        );
    }
    out.push_str("</tbody></table></body></html>\n");
    Some(out)
}

/// The output path of the page's translator's view, when it has one.
pub(super) fn view_path(site: &Site, page: &Page) -> Option<String> {
    let translated = page.original.is_some()
        || page
            .translations
            .iter()
            .any(|t| site.page(*t).original.is_some());
    translated.then(|| format!("__debrief/translate/{}/", page.key.tkey))
}

fn head(out: &mut String, original: &Page, translation: &Page, events: &str, reload_path: &str) {
    // A JavaScript string that cannot end the script element.
    let js = |text: &str| {
        serde_json::to_string(text)
            .unwrap_or_default()
            .replace('<', "\\u003c")
    };
    let _ = writeln!(
        out,
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <title>Translate: {title}</title><style>{CSS}</style>\
         <script>new EventSource({events}).addEventListener(\"reload\", (e) => {{ \
         if (JSON.parse(e.data).some((p) => p === \"*\" || p === {prefix})) location.reload(); }});</script>\
         </head><body><h1>Translator’s view: {title}</h1>\
         <p class=\"files\">Original <code class=\"original-file\">{orig}</code>, translation <code class=\"translation-file\">{file}</code></p>",
        lang = translation.key.lang,
        prefix = js(reload_path),
        events = js(events),
        title = escaped(&original.title),
        orig = escaped(&original.file.shown.display().to_string()),
        file = escaped(&translation.file.shown.display().to_string()),
    );
}

fn state(out: &mut String, translation: &Page, unknown: bool) {
    let text = match (&translation.front.translated_from, translation.outdated) {
        (None, true) => "Outdated by date (no translated_from stamp): what changed is not known.",
        (None, false) => "Not stamped; current by date.",
        (Some(_), false) => "Current: the original has not changed since the stamp.",
        (Some(_), true) if unknown => {
            "Outdated: the stamped version is in neither git nor the build cache, so changed paragraphs cannot be marked."
        }
        (Some(_), true) => {
            "Outdated: the highlighted paragraphs of the original changed since the stamp."
        }
    };
    let class = if translation.outdated {
        "outdated"
    } else {
        "current"
    };
    let _ = writeln!(out, "<p class=\"state {class}\">{text}</p>");
}

fn row(
    out: &mut String,
    kind: &str,
    original: Option<&String>,
    translation: Option<&String>,
    changed: bool,
) {
    let class = if changed { " class=\"changed\"" } else { "" };
    let cell = |text: Option<&String>| text.map(|t| escaped(t)).unwrap_or_default();
    let _ = writeln!(
        out,
        "<tr data-kind=\"{kind}\"><td{class}>{}</td><td>{}</td></tr>",
        cell(original),
        cell(translation)
    );
}

fn escaped(text: &str) -> String {
    let mut out = String::new();
    let _ = escape_html(&mut out, text);
    out
}

const CSS: &str = "body{font-family:sans-serif;margin:1.5rem}table{border-collapse:collapse;width:100%}\
td,th{vertical-align:top;padding:.5rem;border-bottom:1px solid #ddd;width:50%;text-align:left}\
td.changed{background:#fff3c4;border-left:4px solid #d9a400}.state.outdated{color:#8a5a00}";
