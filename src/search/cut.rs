//! How much of a huge page the search index takes: the start of its
//! `<main>`, up to [`LIMIT`] bytes of HTML, cut where a tag starts or ends
//! and with the elements still open there closed, so that Pagefind's
//! parser reads well-formed HTML.
//!
//! Pagefind holds about 32 bytes per word occurrence and 200 per distinct
//! word while it indexes a page, so a 20 MiB report took 200 to 900 MiB
//! (docs/search.md has the figures). Search engines bound a page the same
//! way: Googlebot indexes the first 15 MB of an HTML file.

/// The most of a page's `<main>` that is indexed, in bytes of HTML: a
/// report of several hundred printed pages, which Pagefind indexes in
/// tens of MiB at most whatever its shape.
pub(crate) const LIMIT: usize = 1 << 20;

/// Elements that have no end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is text up to their end tag, `<` and all.
const RAW: [&str; 4] = ["script", "style", "textarea", "title"];

/// Where the searchable part of `content` (the HTML inside a `<main>`,
/// longer than `limit`) ends, at most `limit` bytes in, right before or
/// after a tag, and the end tags that close the elements open there,
/// innermost first.
pub(super) fn cut(content: &str, limit: usize) -> (usize, String) {
    let bytes = content.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut kept = 0;
    let mut from = 0;
    while let Some(lt) = content[from..].find('<').map(|i| from + i) {
        if lt > limit {
            break;
        }
        // The text before the tag is whole: cutting here keeps it.
        kept = lt;
        let Some(end) = tag_end(bytes, lt) else {
            break;
        };
        if end > limit {
            break;
        }
        from = end;
        kept = end;
        let Some((name, closing)) = tag_name(&content[lt..end]) else {
            continue;
        };
        if closing {
            if let Some(i) = open.iter().rposition(|n| *n == name) {
                open.truncate(i);
            }
        } else if RAW.contains(&name.as_str()) {
            // Skip the raw text: its `<` are not tags.
            let Some(close) = find_ci(&content[end..], &format!("</{name}")) else {
                kept = lt;
                break;
            };
            from = end + close;
            open.push(name);
        } else if !VOID.contains(&name.as_str()) && !content[lt..end].ends_with("/>") {
            open.push(name);
        }
    }
    let close = open.iter().rev().map(|n| format!("</{n}>")).collect();
    (kept, close)
}

/// The end (after its `>`) of the tag or comment at `lt`, a `>` inside
/// quotes not ending it; `None` when the page ends first.
fn tag_end(bytes: &[u8], lt: usize) -> Option<usize> {
    if bytes[lt..].starts_with(b"<!--") {
        let rest = &bytes[lt + 4..];
        return rest
            .windows(3)
            .position(|w| w == b"-->")
            .map(|i| lt + 4 + i + 3);
    }
    let mut quote = None;
    for (i, &b) in bytes[lt + 1..].iter().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return Some(lt + 1 + i + 1),
            _ => {}
        }
    }
    None
}

/// The lowercase name of the element a tag opens or closes (`true` when
/// it closes it); `None` for a comment, a doctype or a `<` that is text.
fn tag_name(tag: &str) -> Option<(String, bool)> {
    let rest = &tag[1..];
    let (rest, closing) = match rest.strip_prefix('/') {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let starts_with_letter = name.starts_with(|c: char| c.is_ascii_alphabetic());
    starts_with_letter.then(|| (name.to_ascii_lowercase(), closing))
}

/// The first place of `needle` (ASCII) in `hay`, in any case.
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::cut;

    #[test]
    fn the_cut_is_at_a_tag_and_closes_what_is_open() {
        let html =
            "<article><h1>Bericht</h1><p>Zuhören und <em>Senden</em></p><p>Telefon</p></article>";
        // Inside a text: the cut drops it, after the tag before it, and
        // closes the elements open there.
        let at = html.find("Senden").unwrap();
        let (kept, close) = cut(html, at + 2);
        assert_eq!(
            &html[..kept],
            "<article><h1>Bericht</h1><p>Zuhören und <em>"
        );
        assert_eq!(close, "</em></p></article>");
        // Right before a tag: the text before it is kept.
        let (kept, close) = cut(html, at + 6);
        assert_eq!(
            &html[..kept],
            "<article><h1>Bericht</h1><p>Zuhören und <em>Senden"
        );
        assert_eq!(close, "</em></p></article>");
        // Inside a tag: the cut is before it.
        let (kept, close) = cut(html, 27);
        assert_eq!(&html[..kept], "<article><h1>Bericht</h1>");
        assert_eq!(close, "</article>");
    }

    #[test]
    fn void_elements_comments_and_raw_text_open_nothing() {
        let html = "<div><br><img src=\"a>b.png\"><hr/><!-- <p> --><script>if (a<b) {}</script>\
                    <p>Telefon und Forum und Blog</p></div>";
        let at = html.find("Forum").unwrap();
        let (kept, close) = cut(html, at);
        assert_eq!(&html[..kept], &html[..html.rfind("<p>").unwrap() + 3]);
        assert_eq!(close, "</p></div>");
    }

    #[test]
    fn an_end_tag_closes_the_elements_inside_it() {
        // `<li>` left open by raw HTML is closed by `</ul>`.
        let html = "<ul><li>a<li>b</ul><p>ccccccccccc</p>";
        let (kept, close) = cut(html, html.len() - 3);
        assert_eq!(&html[..kept], "<ul><li>a<li>b</ul><p>ccccccccccc");
        assert_eq!(close, "</p>");
    }
}
