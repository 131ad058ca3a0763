//! What Pagefind is given for one page: the page as rendered, with the
//! facts the search filters on written into it as Pagefind attributes.
//!
//! The facts come from the model, not from the theme, so any theme's pages
//! are searchable the same way: the page's language, whether it exists only
//! in that language (`solo`), its taxonomy terms by key (one filter value
//! for a term in every language), its event by key and its year.

use std::fmt::Write;

use pulldown_cmark_escape::{FmtWriter, escape_html};

use crate::site::{Site, TermId, page::Page};

/// The filter that marks a page without a translation.
pub(crate) const SOLO: &str = "solo";

/// The page's HTML with its filters and metadata added at the end of its
/// `<main>` (which is what Pagefind indexes), in an element Pagefind
/// reads the attributes of but does not index the text of.
///
/// The page's own buffer becomes the document, the block inserted in
/// place: a huge page is held once here, not once as read, once as text
/// and once more as the document (which is what Pagefind then owns).
pub(crate) fn document(site: &Site, page: &Page, html: Vec<u8>) -> String {
    with_block(html, &facts(site, page))
}

/// `html` as text with `block` at the end of its `<main>`, in `html`'s
/// buffer when it is valid UTF-8 (a rendered page always is).
fn with_block(html: Vec<u8>, block: &str) -> String {
    let mut html = match String::from_utf8(html) {
        Ok(text) => text,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    match html.rfind("</main>") {
        Some(end) => {
            // Exactly the room needed: `insert_str` alone may double it.
            html.reserve_exact(block.len());
            html.insert_str(end, block);
            html
        }
        // A theme without <main>: the whole page is the content.
        None => format!("<html><body><main>{html}{block}</main></body></html>"),
    }
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
            with_block(html.as_bytes().to_vec(), "<div data-pagefind-ignore></div>"),
            "<html><body><main><p>Zuhören</p><div data-pagefind-ignore></div></main>\
             <footer>f</footer></body></html>"
        );
        assert_eq!(
            with_block(b"<p>x</p>".to_vec(), "<i></i>"),
            "<html><body><main><p>x</p><i></i></main></body></html>"
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
        let doc = with_block(page, "<div data-pagefind-ignore></div>");
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
        let doc = with_block(page, "<i></i>");
        assert!(doc.capacity() < len + 4096, "{} for {len}", doc.capacity());
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
