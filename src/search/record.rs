//! What Pagefind is given for one page: the page as rendered, with the
//! facts the search filters on written into it as Pagefind attributes.
//!
//! The facts come from the model, not from the theme, so any theme's pages
//! are searchable the same way: the page's language, whether it exists only
//! in that language (`solo`), its taxonomy terms by key (one filter value
//! for a term in every language), its event by key and its year.

use std::fmt::Write;

use pulldown_cmark_escape::{FmtWriter, escape_html};

use super::cut;
use crate::site::{Site, TermId, page::Page};

/// The filter that marks a page without a translation.
pub(crate) const SOLO: &str = "solo";

/// The page's HTML with its filters and metadata added at the end of its
/// `<main>` (which is what Pagefind indexes), in an element Pagefind
/// reads the attributes of but does not index the text of; a `<main>`
/// over [`cut::LIMIT`] is cut to its start ([`cut`]) and its full
/// length returned for the warning, the block kept after the cut.
///
/// The page's own buffer becomes the document, the block inserted in
/// place: a huge page is held once here, not once as read, once as text
/// and once more as the document (which is what Pagefind then owns).
pub(crate) fn document(site: &Site, page: &Page, html: Vec<u8>) -> (String, Option<usize>) {
    with_block(html, &facts(site, page), cut::LIMIT)
}

/// `html` as text with `block` at the end of its `<main>`, in `html`'s
/// buffer when it is valid UTF-8 (a rendered page always is), and the
/// length of a `<main>` over `limit`, which is cut.
fn with_block(html: Vec<u8>, block: &str, limit: usize) -> (String, Option<usize>) {
    let mut html = match String::from_utf8(html) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    let Some(end) = html.rfind("</main>") else {
        // A theme without <main>: the whole page is the content.
        let len = html.len();
        if len > limit {
            let (kept, close) = cut::cut(&html, limit);
            html.truncate(kept);
            html.push_str(&close);
        }
        let doc = format!("<html><body><main>{html}{block}</main></body></html>");
        return (doc, (len > limit).then_some(len));
    };
    let start = main_start(&html[..end]);
    if end - start > limit {
        let (kept, close) = cut::cut(&html[start..end], limit);
        html.replace_range(start + kept..end, &(close + block));
        // The rest of the page is let go before Pagefind reads it.
        html.shrink_to_fit();
        return (html, Some(end - start));
    }
    // Exactly the room needed: `insert_str` alone may double it.
    html.reserve_exact(block.len());
    html.insert_str(end, block);
    (html, None)
}

/// How many bytes of HTML the index is given of the page `html` before it
/// is cut: its `<main>`'s content, or all of it when there is no `<main>`.
pub(crate) fn main_len(html: &[u8]) -> Option<usize> {
    let html = std::str::from_utf8(html).ok()?;
    Some(match html.rfind("</main>") {
        Some(end) => end - main_start(&html[..end]),
        None => html.len(),
    })
}

/// Where the content of the `<main>` in `html` starts: after its start
/// tag (at the end when there is none, so that nothing is cut).
fn main_start(html: &str) -> usize {
    let mut from = 0;
    while let Some(at) = html[from..].find("<main").map(|i| from + i) {
        let rest = &html[at + 5..];
        if rest.starts_with(|c: char| c == '>' || c.is_ascii_whitespace()) {
            return rest.find('>').map_or(html.len(), |i| at + 5 + i + 1);
        }
        from = at + 5;
    }
    html.len()
}

/// The hidden block of filters and metadata for `page`.
fn facts(site: &Site, page: &Page) -> String {
    let mut out = String::from("<div data-pagefind-ignore>");
    let config = &site.config;
    for &id in &page.terms {
        let term = site.term(id);
        let name = &config.taxonomies[term.taxonomy].name;
        attr(&mut out, "filter", name, filter_key(site, id));
    }
    if let Some(id) = page.event {
        attr(&mut out, "filter", "event", &site.event(id).key);
    }
    if let Some(date) = page.date {
        let day = date.day();
        attr(&mut out, "filter", "year", &day.year().to_string());
        attr(&mut out, "meta", "date", &day.to_string());
    }
    if page.translations.is_empty() {
        attr(&mut out, "filter", SOLO, "yes");
    }
    attr(&mut out, "meta", "title", &page.title);
    attr(&mut out, "meta", "lang", page.key.lang.as_str());
    out.push_str("</div>");
    out
}

/// The filter value of a term: the key of its version in the default
/// language when it has one, so that a lesson is one value in every language.
pub(crate) fn filter_key(site: &Site, id: TermId) -> &str {
    let term = site.term(id);
    let default = &site.config.default_language;
    std::iter::once(id)
        .chain(term.translations.iter().copied())
        .map(|t| site.term(t))
        .find(|t| &t.lang == default)
        .map_or(&*term.key, |t| &*t.key)
}

/// One empty element that sets a Pagefind filter or metadata value.
fn attr(out: &mut String, kind: &str, key: &str, value: &str) {
    let _ = write!(out, "<span data-pagefind-{kind}=\"");
    let _ = escape_html(FmtWriter(&mut *out), &format!("{key}:{value}"));
    out.push_str("\"></span>");
}

#[cfg(test)]
mod tests {
    use super::{attr, with_block};

    #[test]
    fn the_block_goes_at_the_end_of_main() {
        let html = "<html><body><main><p>Zuhören</p></main><footer>f</footer></body></html>";
        assert_eq!(
            with_block(
                html.as_bytes().to_vec(),
                "<div data-pagefind-ignore></div>",
                1 << 20
            ),
            (
                "<html><body><main><p>Zuhören</p><div data-pagefind-ignore></div></main>\
                 <footer>f</footer></body></html>"
                    .to_owned(),
                None
            )
        );
        assert_eq!(
            with_block(b"<p>x</p>".to_vec(), "<i></i>", 1 << 20),
            (
                "<html><body><main><p>x</p><i></i></main></body></html>".to_owned(),
                None
            )
        );
    }

    /// A huge page is not copied on its way to Pagefind: the document is
    /// the buffer the page was read into.
    #[test]
    fn the_document_is_the_pages_own_buffer() {
        let mut page = Vec::with_capacity(1 << 20);
        page.extend_from_slice(b"<html><body><main>");
        page.resize(1 << 19, b'a');
        page.extend_from_slice(b"</main></body></html>");
        let buffer = page.as_ptr();
        let (doc, _) = with_block(page, "<div data-pagefind-ignore></div>", 1 << 20);
        assert_eq!(doc.as_ptr(), buffer);
        assert!(doc.ends_with("aaa<div data-pagefind-ignore></div></main></body></html>"));
    }

    /// Room is made for the block alone, not twice the page.
    #[test]
    fn the_document_grows_by_the_block_only() {
        let mut page = b"<main>".to_vec();
        page.resize(1 << 20, b'a');
        page.extend_from_slice(b"</main>");
        page.shrink_to_fit();
        let len = page.len();
        let (doc, _) = with_block(page, "<i></i>", 2 << 20);
        assert!(doc.capacity() < len + 4096, "{} for {len}", doc.capacity());
    }

    /// A `<main>` over the limit is cut at a tag, what is open there
    /// closed, the block of filters and what follows `<main>` kept.
    #[test]
    fn a_long_main_is_cut_and_keeps_the_block() {
        let html = "<html><head><title>T</title></head><body><main class=\"r\"><h1>Bericht</h1>\
                    <p>Zuhören <em>Senden</em></p><p>Telefon</p></main><footer>f</footer></body></html>";
        let content = "<h1>Bericht</h1><p>Zuhören <em>Senden</em></p><p>Telefon</p>";
        let limit = "<h1>Bericht</h1><p>Zuhören <em>Sen".len();
        let (doc, long) = with_block(
            html.as_bytes().to_vec(),
            "<div data-pagefind-ignore></div>",
            limit,
        );
        assert_eq!(
            doc,
            "<html><head><title>T</title></head><body><main class=\"r\"><h1>Bericht</h1>\
             <p>Zuhören <em></em></p><div data-pagefind-ignore></div></main>\
             <footer>f</footer></body></html>"
        );
        assert_eq!(long, Some(content.len()));
        // At the limit exactly, nothing is cut.
        let (doc, long) = with_block(html.as_bytes().to_vec(), "<i></i>", content.len());
        assert_eq!(doc, html.replace("</main>", "<i></i></main>"));
        assert_eq!(long, None);
        // Without <main>, the page itself is cut.
        let (doc, long) = with_block(b"<p>aaaa</p><p>bbbb</p>".to_vec(), "<i></i>", 12);
        assert_eq!(
            doc,
            "<html><body><main><p>aaaa</p><i></i></main></body></html>"
        );
        assert_eq!(long, Some(22));
    }

    #[test]
    fn values_are_escaped_in_the_attribute() {
        let mut out = String::new();
        attr(&mut out, "meta", "title", "„Zuhören“ & <Lernen> \"jetzt\"");
        assert_eq!(
            out,
            "<span data-pagefind-meta=\"title:„Zuhören“ &amp; &lt;Lernen&gt; &quot;jetzt&quot;\"></span>"
        );
    }
}
