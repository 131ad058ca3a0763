//! HTML bodies (WordPress posts, Jekyll `.html` posts) as Markdown, by the
//! htmd crate; WordPress's blank-line paragraphs are made `<p>`s first.

use htmd::HtmlToMarkdown;
use htmd::options::{BulletListMarker, Options};

/// Stands in for `<!--more-->` while htmd, which drops comments, runs.
const MORE: &str = "DEBRIEF-MORE-MARKER";

/// Converts `html` to Markdown; `Err` carries the converter's message.
pub(crate) fn to_markdown(html: &str) -> Result<String, String> {
    let html = html
        .replace("<!--more-->", &format!("<p>{MORE}</p>"))
        .replace("<!-- more -->", &format!("<p>{MORE}</p>"));
    let converter = HtmlToMarkdown::builder()
        .options(Options {
            bullet_list_marker: BulletListMarker::Dash,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Options::default()
        })
        .skip_tags(vec!["script", "style", "noscript"])
        .build();
    let markdown = converter.convert(&html).map_err(|e| e.to_string())?;
    Ok(markdown.replace(MORE, "<!-- more -->") + "\n")
}

/// WordPress stores paragraphs as text parted by blank lines (its
/// `wpautop` adds the `<p>` when showing them): wrap each such block
/// that is not already a block element.
pub(crate) fn paragraphs(text: &str) -> String {
    let block = [
        "<p",
        "<div",
        "<h",
        "<ul",
        "<ol",
        "<li",
        "<blockquote",
        "<pre",
        "<table",
        "<figure",
        "<!--",
        "<hr",
        "<iframe",
    ];
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len() + 64);
    for chunk in text.split("\n\n") {
        let trimmed = chunk.trim();
        if trimmed.is_empty() {
            continue;
        }
        if block.iter().any(|b| trimmed.starts_with(b)) {
            out.push_str(trimmed);
        } else {
            out.push_str("<p>");
            out.push_str(&trimmed.replace('\n', "<br>\n"));
            out.push_str("</p>");
        }
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{paragraphs, to_markdown};

    #[test]
    fn wordpress_text_becomes_markdown() {
        let html = paragraphs(
            "Erster Tag in Paris.\n\n<!--more-->\n\n<h2>„Zuhören“</h2>\n\nMit <a href=\"/2008/12/leweb/\">Link</a> und <img src=\"/wp-content/uploads/2008/12/buehne.jpg\" alt=\"Bühne\">",
        );
        let md = to_markdown(&html).expect("converts");
        assert!(
            md.starts_with("Erster Tag in Paris.\n\n<!-- more -->\n\n## „Zuhören“"),
            "{md}"
        );
        assert!(md.contains("[Link](/2008/12/leweb/)"), "{md}");
        assert!(
            md.contains("![Bühne](/wp-content/uploads/2008/12/buehne.jpg)"),
            "{md}"
        );
    }
}
