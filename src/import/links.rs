//! Links in imported bodies: the URL positions of Markdown and raw HTML,
//! old URLs and `@src:` markers turned into `@/` links, and the old site's
//! own origin and sub-path taken off so local URLs are root-relative.

use std::collections::HashMap;

/// What is needed to rewrite the links of every imported body.
#[derive(Debug, Default)]
pub(crate) struct Links {
    /// Source path (with and without extension, and the bare file name) → `@/` link.
    pub(crate) by_source: HashMap<String, String>,
    /// Old site path, normalised → `@/` link.
    pub(crate) by_url: HashMap<String, String>,
    /// The old site's absolute URL prefixes (`https://blog.example/sub`).
    pub(crate) prefixes: Vec<String>,
    /// The old site's sub-path (`/sub`), or empty.
    pub(crate) base_path: String,
    /// `@/` link → `(language, site path)` of each version, for raw HTML,
    /// where debrief does not resolve `@/` links.
    pub(crate) published: HashMap<String, Vec<(String, String)>>,
    /// Source path (as `by_source`) → old URL of a draft or a post dated
    /// in the future, which an `@/` link cannot name (the build fails).
    pub(crate) later: HashMap<String, String>,
    /// Old URLs of listing pages (`/archiv/`) debrief's list of posts replaces.
    pub(crate) listings: Vec<String>,
}

impl Links {
    /// The links of a site published at `url` (`https://blog.example/sub`,
    /// or without origin just `/sub`): its own absolute URLs, with either
    /// scheme and with or without `www.`, are taken to be local.
    pub(crate) fn for_site(url: &str) -> Links {
        let url = url.trim().trim_end_matches('/');
        let (host, path) = match url.split_once("://") {
            Some((_, rest)) => match rest.find('/') {
                Some(at) => (&rest[..at], &rest[at..]),
                None => (rest, ""),
            },
            None => ("", url),
        };
        let path = format!("/{}", path.trim_matches('/'));
        let path = if path == "/" { String::new() } else { path };
        let mut prefixes = Vec::new();
        if !host.is_empty() {
            let bare = host.strip_prefix("www.").unwrap_or(host);
            for h in [bare.to_owned(), format!("www.{bare}")] {
                for scheme in ["https://", "http://", "//"] {
                    prefixes.push(format!("{scheme}{h}{path}"));
                }
            }
        }
        Links {
            prefixes,
            base_path: path,
            ..Links::default()
        }
    }

    /// Files a source path under all the names a helper may use for it.
    pub(crate) fn add_source(&mut self, source: &str, link: &str) {
        for key in source_names(source) {
            self.by_source
                .entry(key.to_owned())
                .or_insert_with(|| link.to_owned());
        }
    }

    /// Files the old URL of a draft or future post under its source names:
    /// `{% post_url %}` to it keeps that URL, live once the post is.
    pub(crate) fn add_later(&mut self, source: &str, old_url: &str) {
        for key in source_names(source) {
            self.later
                .entry(key.to_owned())
                .or_insert_with(|| old_url.to_owned());
        }
    }

    /// Files the site path one language's version of `link` publishes at.
    pub(crate) fn add_published(&mut self, link: &str, lang: &str, path: &str) {
        self.published
            .entry(link.to_owned())
            .or_default()
            .push((lang.to_owned(), path.to_owned()));
    }

    /// The site path an `@/` link leads a reader of `lang` to (that
    /// language's version, else the first), for URLs in raw HTML.
    pub(crate) fn path_of(&self, link: &str, lang: &str) -> Option<String> {
        let (bare, fragment) = split_fragment(link);
        let versions = self.published.get(bare)?;
        let (_, path) = versions
            .iter()
            .find(|(l, _)| l == lang)
            .or_else(|| versions.first())?;
        Some(format!("{path}{fragment}"))
    }

    /// Files an old URL.
    pub(crate) fn add_url(&mut self, old: &str, link: &str) {
        self.by_url.insert(normalise(old), link.to_owned());
    }

    /// What one URL becomes; `Err` names a marker that leads nowhere.
    pub(crate) fn rewrite(&self, url: &str) -> Result<Option<String>, String> {
        if let Some(source) = url.strip_prefix("@src:") {
            let (path, fragment) = split_fragment(source);
            let key = path.trim_start_matches('/');
            let ext = key.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
            if ext.is_some_and(|e| !matches!(e.as_str(), "md" | "markdown" | "mkd" | "html")) {
                // `{% link assets/x.png %}`: a file, not a post.
                return Ok(Some(format!("/{key}{fragment}")));
            }
            let without_ext = key.rsplit_once('.').map_or(key, |(s, _)| s);
            let file = without_ext.rsplit('/').next().unwrap_or(without_ext);
            let names = [key, without_ext, file];
            let later = || names.iter().find_map(|k| self.later.get(*k));
            return names
                .iter()
                .find_map(|k| self.by_source.get(*k))
                .or_else(later)
                .map(|link| Some(format!("{link}{fragment}")))
                .ok_or_else(|| {
                    format!("a link to `{path}`, which was not imported; left it as /{key}")
                });
        }
        let local = self.local(url);
        let Some(path) = local.as_deref().or(url.starts_with('/').then_some(url)) else {
            return Ok(None);
        };
        if path.starts_with("//") {
            return Ok(None);
        }
        let (bare, fragment) = split_fragment(path);
        if let Some(link) = self.by_url.get(&normalise(bare)) {
            return Ok(Some(format!("{link}{fragment}")));
        }
        Ok(local)
    }

    /// `url` without the old site's origin and sub-path, when it is the old site's.
    fn local(&self, url: &str) -> Option<String> {
        let mut rest = None;
        for prefix in &self.prefixes {
            if let Some(r) = url.strip_prefix(prefix.as_str()) {
                rest = Some(r);
                break;
            }
        }
        let rest = match rest {
            Some(r) => r,
            None if !self.base_path.is_empty() => url.strip_prefix(self.base_path.as_str())?,
            None => return None,
        };
        match rest {
            "" => Some("/".to_owned()),
            r if r.starts_with(['/', '#', '?']) => Some(r.to_owned()),
            _ => None,
        }
    }
}

/// `_posts/x.md`, `_posts/x` and `x`: the names a helper may use for a source.
fn source_names(source: &str) -> [&str; 3] {
    let without_ext = source.rsplit_once('.').map_or(source, |(s, _)| s);
    let file = without_ext.rsplit('/').next().unwrap_or(without_ext);
    [source, without_ext, file]
}

/// `/2019/05/06/x.html`, `/2019/05/06/x/` and `/2019/05/06/x` are one page.
pub(crate) fn normalise(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let path = path.strip_suffix(".html").unwrap_or(path);
    let decoded = crate::site::url::percent_decode(path).unwrap_or_else(|| path.to_owned());
    format!("/{}", decoded.trim_matches('/'))
}

fn split_fragment(url: &str) -> (&str, &str) {
    match url.find('#') {
        Some(at) => (&url[..at], &url[at..]),
        None => (url, ""),
    }
}

/// Calls `f` on every URL of a Markdown link (also `<…>`-bracketed),
/// image, reference definition, or HTML `src`/`href`/`srcset` candidate,
/// replacing it by what `f` returns.
pub(crate) fn map_urls(body: &str, mut f: impl FnMut(&str) -> Option<String>) -> String {
    map_urls_html(body, |url, _| f(url))
}

/// `map_urls`, telling `f` whether the URL is in a raw HTML attribute.
pub(crate) fn map_urls_html(body: &str, mut f: impl FnMut(&str, bool) -> Option<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some((start, end, kind)) = next_url(rest) {
        out.push_str(&rest[..start]);
        let value = &rest[start..end];
        if kind == Kind::Srcset {
            out.push_str(&map_srcset(value, &mut |u| f(u, true)));
        } else {
            match f(value, kind == Kind::Html) {
                Some(new) => out.push_str(&new),
                None => out.push_str(value),
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `a.jpg 1x, b.jpg 2x` with `f` applied to each candidate's URL.
fn map_srcset(value: &str, f: &mut impl FnMut(&str) -> Option<String>) -> String {
    let candidates: Vec<String> = value
        .split(',')
        .map(|candidate| {
            let lead = candidate.len() - candidate.trim_start().len();
            let (space, body) = candidate.split_at(lead);
            let url_end = body.find(char::is_whitespace).unwrap_or(body.len());
            let (url, descriptor) = body.split_at(url_end);
            match f(url).filter(|_| !url.is_empty()) {
                Some(new) => format!("{space}{new}{descriptor}"),
                None => candidate.to_owned(),
            }
        })
        .collect();
    candidates.join(",")
}

/// Every URL `map_urls` would visit.
#[cfg(test)]
pub(crate) fn urls(body: &str) -> Vec<String> {
    let mut found = Vec::new();
    map_urls(body, |url| {
        found.push(url.to_owned());
        None
    });
    found
}

/// Where a URL was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Markdown,
    Html,
    /// An HTML `srcset`: a list of candidates.
    Srcset,
}

/// The byte range of the next URL in `text`, and where it stands.
fn next_url(text: &str) -> Option<(usize, usize, Kind)> {
    let openers = [
        "](",
        "src=\"",
        "href=\"",
        "src='",
        "href='",
        "]: ",
        "srcset=\"",
        "srcset='",
    ];
    let (at, opener) = openers
        .iter()
        .filter_map(|o| text.find(o).map(|at| (at, *o)))
        .min_by_key(|(at, _)| *at)?;
    let mut start = at + opener.len();
    let markdown = !opener.ends_with(['"', '\'']);
    let kind = if opener.starts_with("srcset") {
        Kind::Srcset
    } else if markdown {
        Kind::Markdown
    } else {
        Kind::Html
    };
    // `![a](<../a b.jpg>)`: CommonMark's bracketed destination may hold spaces.
    let bracketed = markdown && text[start..].starts_with('<');
    if bracketed {
        start += 1;
    }
    let tail = &text[start..];
    let end = match opener.chars().last() {
        _ if bracketed => tail.find(['>', '\n']),
        Some('"') => tail.find('"'),
        Some('\'') => tail.find('\''),
        _ => tail.find(|c: char| c.is_whitespace() || c == ')'),
    }
    .unwrap_or(tail.len());
    if end == 0 {
        // An empty URL: step past the opener so the scan goes on.
        return next_url(tail).map(|(s, e, set)| (s + start, e + start, set));
    }
    Some((start, start + end, kind))
}

#[cfg(test)]
mod tests {
    use super::{Links, map_urls, urls};

    fn links() -> Links {
        let mut links = Links {
            prefixes: vec![
                "https://blog.example/notes".into(),
                "http://blog.example/notes".into(),
            ],
            base_path: "/notes".into(),
            ..Links::default()
        };
        links.add_source(
            "_posts/2019-05-06-republica.md",
            "@/reports/2019-05-06-republica.md",
        );
        links.add_url(
            "/2019/05/06/republica.html",
            "@/reports/2019-05-06-republica.md",
        );
        links
    }

    #[test]
    fn old_urls_markers_and_origins() {
        let l = links();
        let cases = [
            (
                "@src:_posts/2019-05-06-republica.md",
                Some("@/reports/2019-05-06-republica.md"),
            ),
            (
                "@src:2019-05-06-republica#fazit",
                Some("@/reports/2019-05-06-republica.md#fazit"),
            ),
            (
                "/notes/2019/05/06/republica.html",
                Some("@/reports/2019-05-06-republica.md"),
            ),
            (
                "https://blog.example/notes/2019/05/06/republica/",
                Some("@/reports/2019-05-06-republica.md"),
            ),
            (
                "https://blog.example/notes/assets/img/b%C3%BChne.jpg",
                Some("/assets/img/b%C3%BChne.jpg"),
            ),
            ("/assets/x.png", None),
            ("https://other.example/x", None),
            ("//cdn.example/x.js", None),
        ];
        for (url, want) in cases {
            assert_eq!(l.rewrite(url).expect(url).as_deref(), want, "{url}");
        }
        assert!(l.rewrite("@src:_posts/nope.md").is_err());
        assert_eq!(
            l.rewrite("@src:assets/b.pdf").expect("a file").as_deref(),
            Some("/assets/b.pdf")
        );
    }

    #[test]
    fn a_site_with_or_without_www() {
        let l = Links::for_site("https://www.notes.example/blog/");
        assert_eq!(l.base_path, "/blog");
        for url in [
            "http://notes.example/blog/a.png",
            "https://www.notes.example/blog/a.png",
            "/blog/a.png",
        ] {
            assert_eq!(
                l.rewrite(url).expect(url).as_deref(),
                Some("/a.png"),
                "{url}"
            );
        }
        assert_eq!(Links::for_site("https://notes.example").base_path, "");
        assert_eq!(Links::for_site("/sub").base_path, "/sub");
    }

    #[test]
    fn url_positions() {
        let body = "![Bühne](/a.jpg \"Titel\") und [hier](/b/) <img src=\"/c.png\" alt=''> <a href='/d'>d</a>\n[ref]: /e.pdf\n";
        assert_eq!(urls(body), ["/a.jpg", "/b/", "/c.png", "/d", "/e.pdf"]);
        let out = map_urls(body, |u| (u == "/b/").then(|| "@/x.md".to_owned()));
        assert!(out.contains("[hier](@/x.md)"), "{out}");
    }

    #[test]
    fn bracketed_destinations_and_srcset_candidates() {
        let body = "![Foto](<../uploads/foto mit leerzeichen.jpg> \"Titel\")\n<img src=\"/a.jpg\" srcset=\"/a.jpg 1x, /a@2x.jpg 2x\">";
        assert_eq!(
            urls(body),
            [
                "../uploads/foto mit leerzeichen.jpg",
                "/a.jpg",
                "/a.jpg",
                "/a@2x.jpg"
            ]
        );
        let out = map_urls(body, |u| Some(format!("/new{}", u.trim_start_matches('.'))));
        assert!(
            out.contains("(</new/uploads/foto mit leerzeichen.jpg> \"Titel\")"),
            "{out}"
        );
        assert!(
            out.contains("srcset=\"/new/a.jpg 1x, /new/a@2x.jpg 2x\""),
            "{out}"
        );
    }
}
