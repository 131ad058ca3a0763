//! Root-relative URLs in raw HTML, moved under the site's sub-path.
//!
//! A writer's `<img src="/assets/x.jpg">` means the site's root, which under
//! `base_url = "https://host/blog"` is `/blog/assets/x.jpg`. This scans the
//! tags of an HTML fragment (comments, `<script>` and `<style>` contents
//! left alone) and prefixes the URL attributes whose value starts with one
//! `/`. Everything else is copied byte for byte.
//!
//! A small scanner rather than an HTML parser crate: it needs tag and
//! attribute boundaries only, must keep the writer's bytes as they are, and
//! runs on every raw HTML event of every page.

use std::borrow::Cow;

/// Attributes that hold one URL.
const URL_ATTRIBUTES: [&str; 6] = ["href", "src", "poster", "action", "formaction", "cite"];

/// `url` under `base_path` when it is root-relative (`/x`, not `//host/x`).
pub fn rebase_url(url: &str, base_path: &str) -> Option<String> {
    (url.starts_with('/') && !url.starts_with("//") && !base_path.is_empty())
        .then(|| format!("{base_path}{url}"))
}

/// `html` with root-relative URLs in `href`, `src`, `srcset` and the like
/// under `base_path` (`/blog`); unchanged when there are none.
pub fn rebase<'h>(html: &'h str, base_path: &str) -> Cow<'h, str> {
    if base_path.is_empty() || !html.contains('/') {
        return Cow::Borrowed(html);
    }
    let mut out = String::new();
    let mut copied = 0;
    scan(html, |attr, value_start, value_end| {
        let value = &html[value_start..value_end];
        let rebased = match attr {
            Attr::Srcset => rebase_srcset(value, base_path),
            Attr::Url => rebase_url(value, base_path),
            Attr::Id => None,
        };
        if let Some(rebased) = rebased {
            out.push_str(&html[copied..value_start]);
            out.push_str(&rebased);
            copied = value_end;
        }
    });
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// Every URL in the URL attributes of `html`'s tags (each `srcset` entry
/// apart), as written.
pub fn urls(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    scan(html, |attr, start, end| match attr {
        Attr::Url => found.push(&html[start..end]),
        Attr::Srcset => found.extend(
            html[start..end]
                .split(',')
                .filter_map(|c| c.split_whitespace().next()),
        ),
        Attr::Id => {}
    });
    found
}

/// Every `id` (and `<a name>`) in `html`: where a `#fragment` can lead.
pub fn ids(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    scan(html, |attr, start, end| {
        if attr == Attr::Id {
            found.push(&html[start..end]);
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
fn scan(html: &str, mut visit: impl FnMut(Attr, usize, usize)) {
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
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        // Attributes up to the tag's `>`.
        loop {
            i += bytes[i..].iter().take_while(|b| is_space(**b)).count();
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
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
            let attr = html[attr_start..i].to_ascii_lowercase();
            let after_name = i + bytes[i..].iter().take_while(|b| is_space(**b)).count();
            if bytes.get(after_name) != Some(&b'=') {
                continue;
            }
            i = after_name + 1;
            i += bytes[i..].iter().take_while(|b| is_space(**b)).count();
            let (value_start, value_end) = match bytes.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = find(bytes, i + 1, q).unwrap_or(bytes.len());
                    let range = (i + 1, end);
                    i = (end + 1).min(bytes.len());
                    range
                }
                _ => {
                    let start = i;
                    i += bytes[i..]
                        .iter()
                        .take_while(|b| !is_space(**b) && **b != b'>')
                        .count();
                    (start, i)
                }
            };
            if attr == "srcset" {
                visit(Attr::Srcset, value_start, value_end);
            } else if URL_ATTRIBUTES.contains(&attr.as_str()) {
                visit(Attr::Url, value_start, value_end);
            } else if attr == "id" || (attr == "name" && name == "a") {
                visit(Attr::Id, value_start, value_end);
            }
        }
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            let rest = html[i..].to_ascii_lowercase();
            i = rest.find(&close).map_or(bytes.len(), |end| i + end);
        }
    }
}

/// A `srcset` (`/a.jpg 1x, /a@2x.jpg 2x`) with each root-relative URL rebased.
fn rebase_srcset(value: &str, base_path: &str) -> Option<String> {
    let mut changed = false;
    let candidates: Vec<String> = value
        .split(',')
        .map(|candidate| {
            let lead = candidate.len() - candidate.trim_start().len();
            let (space, rest) = candidate.split_at(lead);
            let url_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            match rebase_url(&rest[..url_len], base_path) {
                Some(url) => {
                    changed = true;
                    format!("{space}{url}{}", &rest[url_len..])
                }
                None => candidate.to_owned(),
            }
        })
        .collect();
    changed.then(|| candidates.join(","))
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
    use super::{ids, rebase, urls};

    #[test]
    fn urls_and_ids_are_found_in_tags() {
        let html = r#"<p id="a"><a name=b href="/x/">x</a><img src="y.jpg" srcset="/s.jpg 1x, /t.jpg 2x"><span name="c"></span>"#;
        assert_eq!(urls(html), ["/x/", "y.jpg", "/s.jpg", "/t.jpg"]);
        assert_eq!(ids(html), ["a", "b"]);
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
                r#"<!-- <img src="/old.jpg"> --><video poster="/p.jpg" src="/v.mp4" controls></video>"#,
                r#"<!-- <img src="/old.jpg"> --><video poster="/blog/p.jpg" src="/blog/v.mp4" controls></video>"#,
            ),
            (
                r#"<script>var s = '<img src="/x.jpg">';</script><img src="/y.jpg">"#,
                r#"<script>var s = '<img src="/x.jpg">';</script><img src="/blog/y.jpg">"#,
            ),
            ("a < b / c > d", "a < b / c > d"),
            (r#"<img src="/unclosed"#, r#"<img src="/blog/unclosed"#),
            ("<", "<"),
            ("<a href=", "<a href="),
            ("<ä href=\"/x\">", "<ä href=\"/x\">"),
        ];
        for (html, want) in cases {
            assert_eq!(rebase(html, "/blog"), want, "{html}");
            assert_eq!(rebase(html, ""), html, "{html}");
        }
    }

    /// Random fragments made of the characters the scanner looks at: it
    /// never panics, leaves everything but URL values alone, and a rebased
    /// fragment with the prefix taken out again is the fragment.
    #[test]
    fn random_fragments_never_panic_and_only_urls_change() {
        let alphabet: Vec<char> = "<>\"'= /ab\n!-ä→srcethfid,x#:".chars().collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let html: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let rebased = rebase(&html, "/blog");
            assert_eq!(rebase(&html, ""), html);
            assert_eq!(
                rebased.replace("/blog/", "/"),
                html.replace("/blog/", "/"),
                "{html:?}"
            );
            let _ = (urls(&html), ids(&html));
        }
    }
}
