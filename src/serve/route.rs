//! The server's URL space, in one place: the site lives under the base URL's
//! sub-path (`/blog/…`) exactly as a build publishes it, the server's own
//! endpoints under `/blog/__debrief/`, and everything else is outside.
//!
//! Every request path goes through [`UrlSpace::route`]; every URL the server
//! hands out (the reload script, its event stream, the paths in reload
//! messages, redirects) is made here too, so the two cannot disagree.

use crate::site::url::percent_decode;

/// Where the server's own endpoints live, under the sub-path.
const ENDPOINTS: &str = "__debrief";
const SCRIPT: &str = "reload.js";
const EVENTS: &str = "events";
const TRANSLATE: &str = "translate";

/// The URL space of one served site.
#[derive(Debug, Clone)]
pub(crate) struct UrlSpace {
    /// The base URL's path as configured (`/blog` or empty), for URLs put
    /// into pages.
    base: String,
    /// The same, percent-decoded, to compare with decoded request paths.
    decoded: String,
}

/// Where one request goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Route {
    /// An output of the build (`reports/x/index.html` for `/blog/reports/x/`).
    File(String),
    /// A path without trailing slash (`/blog/reports/x`): the output `file`
    /// when the build has one, else a redirect to `folder`
    /// (`/blog/reports/x/`) when the build has `file/index.html`.
    FileOrFolder {
        /// The output path (`reports/x`).
        file: String,
        /// The request path with a slash added.
        folder: String,
    },
    /// The reload script.
    Script,
    /// The reload event stream.
    Events,
    /// The translator's view of a translation key (`reports/leweb`).
    Translate(String),
    /// A permanent redirect to this path (`/` and `/blog` → `/blog/`).
    Redirect(String),
    /// Outside the sub-path: nothing the build publishes.
    Outside,
    /// A path that tries to leave the site or is not valid UTF-8.
    Bad,
}

impl UrlSpace {
    /// The URL space under `base_path` (`/blog` or empty, no trailing slash).
    pub(crate) fn new(base_path: &str) -> UrlSpace {
        let base = base_path.trim_end_matches('/').to_owned();
        let decoded = percent_decode(&base).unwrap_or_else(|| base.clone());
        UrlSpace { base, decoded }
    }

    /// The base URL's path as configured (`/blog` or empty).
    pub(crate) fn base(&self) -> &str {
        &self.base
    }

    /// The site's home page, `/blog/`.
    pub(crate) fn home(&self) -> String {
        format!("{}/", self.base)
    }

    /// The reload script's URL, `/blog/__debrief/reload.js`.
    pub(crate) fn script_url(&self) -> String {
        format!("{}/{ENDPOINTS}/{SCRIPT}", self.base)
    }

    /// The event stream's URL, `/blog/__debrief/events`.
    pub(crate) fn events_url(&self) -> String {
        format!("{}/{ENDPOINTS}/{EVENTS}", self.base)
    }

    /// The decoded URL path of an output (`reports/x/index.html` →
    /// `/blog/reports/x/index.html`), as the reload script compares it with
    /// its own decoded `location.pathname`.
    pub(crate) fn url_of(&self, output_path: &str) -> String {
        format!("{}/{output_path}", self.decoded)
    }

    /// Maps a request path (as sent, percent-encoded) to where it goes.
    pub(crate) fn route(&self, request_path: &str) -> Route {
        let Some(decoded) = percent_decode(request_path) else {
            return Route::Bad;
        };
        if !decoded.starts_with('/') {
            return Route::Bad;
        }
        // Checked on the whole path, inside the sub-path or not.
        if decoded
            .split('/')
            .any(|part| part == ".." || part.contains(['\\', '\0']))
        {
            return Route::Bad;
        }
        let rest = match decoded.strip_prefix(&self.decoded) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
            _ if decoded.split('/').all(|p| p.is_empty() || p == ".") => {
                return Route::Redirect(self.home());
            }
            _ => return Route::Outside,
        };
        if rest.is_empty() {
            return Route::Redirect(self.home());
        }
        let parts: Vec<&str> = rest
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        match parts[..] {
            [ENDPOINTS, SCRIPT] => return Route::Script,
            [ENDPOINTS, EVENTS] => return Route::Events,
            [ENDPOINTS, TRANSLATE, ref key @ ..] if !key.is_empty() => {
                return Route::Translate(key.join("/"));
            }
            _ => {}
        }
        let path = parts.join("/");
        if rest.ends_with('/') || path.is_empty() {
            Route::File(if path.is_empty() {
                "index.html".to_owned()
            } else {
                format!("{path}/index.html")
            })
        } else {
            Route::FileOrFolder {
                file: path,
                folder: format!("/{}/", request_path.trim_start_matches('/')),
            }
        }
    }
}

/// A path for a `Location` header: as given, with bytes outside visible
/// ASCII percent-encoded (a base URL may carry non-ASCII), and always
/// path-absolute: leading slashes collapse into one, as `//en/` would be a
/// redirect to a host named `en`.
pub(crate) fn header_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    out.push('/');
    for byte in path.trim_start_matches('/').bytes() {
        if byte.is_ascii_graphic() {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Route, UrlSpace, header_path};

    fn file(path: &str) -> Route {
        Route::File(path.to_owned())
    }

    fn file_or_folder(file: &str, folder: &str) -> Route {
        Route::FileOrFolder {
            file: file.to_owned(),
            folder: folder.to_owned(),
        }
    }

    #[test]
    fn request_paths_map_into_the_site_only() {
        let redirect = |to: &str| Route::Redirect(to.to_owned());
        let cases = [
            ("", "/", file("index.html")),
            ("", "/en/", file("en/index.html")),
            (
                "",
                "/en/reports/x",
                file_or_folder("en/reports/x", "/en/reports/x/"),
            ),
            (
                "",
                "/css/debrief.css",
                file_or_folder("css/debrief.css", "/css/debrief.css/"),
            ),
            ("", "/CNAME", file_or_folder("CNAME", "/CNAME/")),
            ("", "/reports/z%C3%BC/", file("reports/zü/index.html")),
            ("", "/__debrief/reload.js", Route::Script),
            ("", "/__debrief/events", Route::Events),
            (
                "",
                "/__debrief/other",
                file_or_folder("__debrief/other", "/__debrief/other/"),
            ),
            ("/blog", "/blog/", file("index.html")),
            ("/blog", "/blog//", file("index.html")),
            ("/blog", "/blog", redirect("/blog/")),
            ("/blog", "/", redirect("/blog/")),
            ("/blog", "//", redirect("/blog/")),
            (
                "/blog",
                "/blog/atom.xml",
                file_or_folder("atom.xml", "/blog/atom.xml/"),
            ),
            ("/blog", "/blog/en/", file("en/index.html")),
            ("/blog", "/blog/__debrief/reload.js", Route::Script),
            ("/blog", "/blog/__debrief/events", Route::Events),
            ("/blog", "/bl%6fg/__debrief/events", Route::Events),
            ("/blog", "/__debrief/reload.js", Route::Outside),
            ("/blog", "/other/", Route::Outside),
            ("/blog", "/blogger/", Route::Outside),
            ("/blog", "/index.html", Route::Outside),
            ("/a/b", "/a/b/c/", file("c/index.html")),
            ("/a/b", "/a/", Route::Outside),
            ("/caf%C3%A9", "/caf%C3%A9/", file("index.html")),
            ("/café", "/caf%C3%A9/x/", file("x/index.html")),
            ("", "/../etc/passwd", Route::Bad),
            ("/blog", "/blog/../etc/passwd", Route::Bad),
            ("/blog", "/../blog/x/", Route::Bad),
            ("", "/%2e%2e/etc/passwd", Route::Bad),
            ("", "/a/%2E%2E/%2E%2E/x", Route::Bad),
            ("", "/a/..%2f..%2fx", Route::Bad),
            ("", "/a\\..\\x", Route::Bad),
            ("", "/a%00b", Route::Bad),
            ("", "/%ff", Route::Bad),
            ("", "/%f", Route::Bad),
            ("", "*", Route::Bad),
            // Never a redirect to another host: `//en` is not `//en/`.
            ("", "//en", file_or_folder("en", "/en/")),
            (
                "",
                "///evil.example/x",
                file_or_folder("evil.example/x", "/evil.example/x/"),
            ),
            ("/blog", "//blog//x", Route::Outside),
            ("/blog", "/blog//x", file_or_folder("x", "/blog//x/")),
        ];
        for (base, request, want) in cases {
            assert_eq!(UrlSpace::new(base).route(request), want, "{base} {request}");
        }
    }

    #[test]
    fn urls_handed_out_lie_under_the_sub_path() {
        let urls = UrlSpace::new("/blog");
        assert_eq!(urls.home(), "/blog/");
        assert_eq!(urls.script_url(), "/blog/__debrief/reload.js");
        assert_eq!(urls.events_url(), "/blog/__debrief/events");
        assert_eq!(urls.url_of("en/index.html"), "/blog/en/index.html");
        for url in [urls.script_url(), urls.events_url()] {
            let route = urls.route(&url);
            assert!(
                matches!(route, Route::Script | Route::Events),
                "{url}: {route:?}"
            );
        }
        let root = UrlSpace::new("");
        assert_eq!(root.home(), "/");
        assert_eq!(root.script_url(), "/__debrief/reload.js");
        assert_eq!(
            UrlSpace::new("/caf%C3%A9").url_of("x/index.html"),
            "/café/x/index.html"
        );
        assert_eq!(header_path("/café/"), "/caf%C3%A9/");
        assert_eq!(header_path("//en/"), "/en/");
        assert_eq!(header_path("///evil.example/"), "/evil.example/");
    }
}
