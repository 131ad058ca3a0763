//! Root-relative URLs in raw HTML, moved under the site's sub-path.
//!
//! A writer's `<img src="/assets/x.jpg">` means the site's root, which under
//! `base_url = "https://host/blog"` is `/blog/assets/x.jpg`. This scans the
//! tags of an HTML fragment (comments, `<script>` and `<style>` contents
//! left alone) and prefixes the URL attributes whose value starts with one
//! `/` (and is not already under the sub-path). Everything else is copied
//! byte for byte. The same scan finds the URLs and ids `check` looks at.
//!
//! A small scanner rather than an HTML parser crate: it needs tag and
//! attribute boundaries only, must keep the writer's bytes as they are, and
//! runs on every raw HTML event of every page.

use std::borrow::Cow;
use std::ops::Range;

/// Attributes that hold one URL.
const URL_ATTRIBUTES: [&str; 8] = [
    "href",
    "src",
    "poster",
    "action",
    "formaction",
    "cite",
    "data",
    "xlink:href",
];

/// `url` under `base_path` when it is root-relative (`/x`, not `//host/x`,
/// and not already `/blog/x`).
pub fn rebase_url(url: &str, base_path: &str) -> Option<String> {
    let under = url
        .strip_prefix(base_path)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?', '#']));
    (url.starts_with('/') && !url.starts_with("//") && !base_path.is_empty() && !under)
        .then(|| format!("{base_path}{url}"))
}

/// A fragment of raw HTML after [`rebase`].
pub struct Rebased<'h> {
    /// The HTML, with root-relative URLs under the sub-path.
    pub html: Cow<'h, str>,
    /// Each URL as written, with its byte offset in the fragment (only when asked for).
    pub urls: Vec<(usize, &'h str)>,
}

/// `html` with root-relative URLs in `href`, `src`, `srcset` and the like
/// under `base_path` (`/blog`); with `collect`, also every URL as written.
pub fn rebase<'h>(html: &'h str, base_path: &str, collect: bool) -> Rebased<'h> {
    let mut urls = Vec::new();
    if !html.contains('<') || (base_path.is_empty() && !collect) {
        return Rebased {
            html: Cow::Borrowed(html),
            urls,
        };
    }
    let mut out = String::new();
    let mut copied = 0;
    scan(html, |attr, value: Range<usize>| {
        let one = [value.clone()];
        let candidates = match attr {
            Attr::Srcset => srcset_urls(html, value),
            Attr::Url => one.to_vec(),
            Attr::Id => return,
        };
        for url in candidates {
            if collect {
                urls.push((url.start, &html[url.clone()]));
            }
            if let Some(rebased) = rebase_url(&html[url.clone()], base_path) {
                out.push_str(&html[copied..url.start]);
                out.push_str(&rebased);
                copied = url.end;
            }
        }
    });
    let html = if copied == 0 {
        Cow::Borrowed(html)
    } else {
        out.push_str(&html[copied..]);
        Cow::Owned(out)
    };
    Rebased { html, urls }
}

/// Every `id` (and `<a name>`) in `html`: where a `#fragment` can lead.
pub fn ids(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    scan(html, |attr, value| {
        if attr == Attr::Id {
            found.push(&html[value]);
        }
    });
    found
}

/// What an attribute's value is to [`scan`]'s visitor.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attr {
    /// One URL (`href`, `src`, …).
    Url,
    /// A `srcset`: URLs with descriptors.
    Srcset,
    /// An `id` or `name`: a fragment's target.
    Id,
}

/// Calls `visit` with the byte range of every URL, `srcset` and id
/// attribute's value in the tags of `html`.
fn scan(html: &str, mut visit: impl FnMut(Attr, Range<usize>)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = find(bytes, i, b'<') {
        i = lt + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(bytes.len(), |end| i + end + 3);
            continue;
        }
        let name_end = i + bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_end == i || !bytes[i].is_ascii_alphabetic() {
            continue;
        }
        let name = &html[i..name_end];
        i = attributes(html, name_end, name, &mut visit);
        for raw in ["script", "style"] {
            if name.eq_ignore_ascii_case(raw) {
                i = find_closing(html, i, raw).unwrap_or(bytes.len());
            }
        }
    }
}

/// Visits the attributes of the tag `name` from byte `i` (just after its
/// name) up to its `>`, and returns the byte after that.
fn attributes(
    html: &str,
    mut i: usize,
    name: &str,
    visit: &mut impl FnMut(Attr, Range<usize>),
) -> usize {
    let bytes = html.as_bytes();
    loop {
        i += bytes[i..].iter().take_while(|b| is_space(**b)).count();
        match bytes.get(i) {
            None => return i,
            Some(b'>') => return i + 1,
            Some(b'/') => {
                i += 1;
                continue;
            }
            Some(_) => {}
        }
        let attr_start = i;
        i += bytes[i..]
            .iter()
            .take_while(|b| !is_space(**b) && !matches!(b, b'=' | b'>' | b'/'))
            .count()
            .max(1);
        let attr = &html[attr_start..i];
        let after_name = i + bytes[i..].iter().take_while(|b| is_space(**b)).count();
        if bytes.get(after_name) != Some(&b'=') {
            continue;
        }
        i = after_name + 1;
        i += bytes[i..].iter().take_while(|b| is_space(**b)).count();
        let value;
        (value, i) = value_at(bytes, i);
        if attr.eq_ignore_ascii_case("srcset") {
            visit(Attr::Srcset, value);
        } else if URL_ATTRIBUTES.iter().any(|a| attr.eq_ignore_ascii_case(a)) {
            visit(Attr::Url, value);
        } else if attr.eq_ignore_ascii_case("id")
            || (attr.eq_ignore_ascii_case("name") && name.eq_ignore_ascii_case("a"))
        {
            visit(Attr::Id, value);
        }
    }
}

/// The attribute value at byte `i` (quoted or not), without its quotes,
/// and the byte after it.
fn value_at(bytes: &[u8], i: usize) -> (Range<usize>, usize) {
    match bytes.get(i) {
        Some(&q @ (b'"' | b'\'')) => {
            let end = find(bytes, i + 1, q).unwrap_or(bytes.len());
            (i + 1..end, (end + 1).min(bytes.len()))
        }
        _ => {
            let len = bytes[i..]
                .iter()
                .take_while(|b| !is_space(**b) && **b != b'>')
                .count();
            (i..i + len, i + len)
        }
    }
}

/// Where `</name` next starts in `html` from byte `from`, in any case.
fn find_closing(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut i = from;
    while let Some(lt) = find(bytes, i, b'<') {
        let tag = bytes.get(lt + 1..lt + 2 + name.len())?;
        if tag[0] == b'/' && tag[1..].eq_ignore_ascii_case(name.as_bytes()) {
            return Some(lt);
        }
        i = lt + 1;
    }
    None
}

/// The byte ranges (in `html`) of the URLs of the `srcset` at `value`, as
/// the HTML standard splits one: a URL runs to white space (commas at its
/// end close the candidate), its descriptors to the next comma outside
/// parentheses. A `data:` URL may hold commas.
fn srcset_urls(html: &str, value: Range<usize>) -> Vec<Range<usize>> {
    let bytes = html.as_bytes();
    let mut urls = Vec::new();
    let mut i = value.start;
    while i < value.end {
        while i < value.end && (is_space(bytes[i]) || bytes[i] == b',') {
            i += 1;
        }
        let start = i;
        while i < value.end && !is_space(bytes[i]) {
            i += 1;
        }
        let mut end = i;
        let closed = end > start && bytes[end - 1] == b',';
        while end > start && bytes[end - 1] == b',' {
            end -= 1;
        }
        if end > start {
            urls.push(start..end);
        }
        if closed {
            continue;
        }
        let mut parens = 0usize;
        while i < value.end {
            match bytes[i] {
                b'(' => parens += 1,
                b')' => parens = parens.saturating_sub(1),
                b',' if parens == 0 => break,
                _ => {}
            }
            i += 1;
        }
    }
    urls
}

fn find(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|b| *b == byte)
        .map(|p| from + p)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C')
}

#[cfg(test)]
mod tests {
    use super::{ids, rebase};

    fn rebased(html: &str, base: &str) -> String {
        rebase(html, base, false).html.into_owned()
    }

    #[test]
    fn root_relative_urls_move_under_the_sub_path() {
        let cases = [
            (
                r#"<img src="/a.jpg" alt="/no">"#,
                r#"<img src="/blog/a.jpg" alt="/no">"#,
            ),
            (
                "<figure><img\n  src='/a.jpg'\n  srcset=\"/a.jpg 1x, /a@2x.jpg 2x\"></figure>",
                "<figure><img\n  src='/blog/a.jpg'\n  srcset=\"/blog/a.jpg 1x, /blog/a@2x.jpg 2x\"></figure>",
            ),
            (r#"<A HREF=/about/>x</A>"#, r#"<A HREF=/blog/about/>x</A>"#),
            (
                r##"<a href="//cdn.example/x">, <a href="https://x/">, <a href="rel/">, <a href="#top">"##,
                r##"<a href="//cdn.example/x">, <a href="https://x/">, <a href="rel/">, <a href="#top">"##,
            ),
            (
                r#"<a href="/blog/x">, <a href="/blog">, <a href="/blog?q">, <a href="/blogger/">"#,
                r#"<a href="/blog/x">, <a href="/blog">, <a href="/blog?q">, <a href="/blog/blogger/">"#,
            ),
            (
                r#"<!-- <img src="/old.jpg"> --><video poster="/p.jpg" src="/v.mp4" controls></video>"#,
                r#"<!-- <img src="/old.jpg"> --><video poster="/blog/p.jpg" src="/blog/v.mp4" controls></video>"#,
            ),
            (
                r#"<script>var s = '<img src="/x.jpg">';</script><img src="/y.jpg">"#,
                r#"<script>var s = '<img src="/x.jpg">';</script><img src="/blog/y.jpg">"#,
            ),
            (
                r#"<SCRIPT>'<a href="/x">'</Script ><a href="/y">"#,
                r#"<SCRIPT>'<a href="/x">'</Script ><a href="/blog/y">"#,
            ),
            (
                r#"<source srcset="data:image/webp;base64,AA,BB 1x, /c.webp 2x,/d.webp">"#,
                r#"<source srcset="data:image/webp;base64,AA,BB 1x, /blog/c.webp 2x,/blog/d.webp">"#,
            ),
            (
                r#"<svg><use xlink:href="/i.svg#a"/></svg><object data="/o.pdf"></object>"#,
                r#"<svg><use xlink:href="/blog/i.svg#a"/></svg><object data="/blog/o.pdf"></object>"#,
            ),
            ("a < b / c > d", "a < b / c > d"),
            (r#"<img src="/unclosed"#, r#"<img src="/blog/unclosed"#),
            ("<", "<"),
            ("<a href=", "<a href="),
            ("<ä href=\"/x\">", "<ä href=\"/x\">"),
            ("<script>", "<script>"),
        ];
        for (html, want) in cases {
            assert_eq!(rebased(html, "/blog"), want, "{html}");
            assert_eq!(rebased(html, ""), html, "{html}");
        }
    }

    #[test]
    fn urls_and_ids_are_found_in_tags() {
        let html = r#"<p id="a"><a name=b href="/x/">x</a><img src="y.jpg" srcset="/s.jpg 1x, /t.jpg 2x"><span name="c"></span>"#;
        let urls: Vec<&str> = rebase(html, "", true).urls.iter().map(|u| u.1).collect();
        assert_eq!(urls, ["/x/", "y.jpg", "/s.jpg", "/t.jpg"]);
        assert_eq!(ids(html), ["a", "b"]);
        let at = rebase(html, "/blog", true).urls[0].0;
        assert_eq!(&html[at..at + 3], "/x/");
    }

    /// Random fragments made of the characters the scanner looks at: it
    /// never panics, leaves everything but URL values alone, and a rebased
    /// fragment with the prefix taken out again is the fragment.
    #[test]
    fn random_fragments_never_panic_and_only_urls_change() {
        let alphabet: Vec<char> = "<>\"'= /ab\n!-ä→srcethfid,x#:()".chars().collect();
        let mut next = crate::markdown::tests::xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let html: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let out = rebase(&html, "/blog", true);
            assert_eq!(rebased(&html, ""), html);
            assert_eq!(
                out.html.replace("/blog/", "/"),
                html.replace("/blog/", "/"),
                "{html:?}"
            );
            for (at, url) in out.urls {
                assert_eq!(&html[at..at + url.len()], url);
            }
            let _ = ids(&html);
        }
    }
}
