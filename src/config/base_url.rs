//! The site's base URL, split into origin and sub-path: every URL the site
//! publishes lives under it.

/// The site's base URL split into origin and sub-path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://example.org` (scheme and host, no trailing slash).
    pub origin: String,
    /// `/blog` or empty: the sub-path every URL lives under, without trailing slash.
    pub path: String,
}

impl BaseUrl {
    /// Parses `https://host[:port][/sub/path][/]`. The error says what is
    /// wrong with `url` and how to write it; the caller adds where it came
    /// from (`base_url` in `site.toml`, or `--base-url`).
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let Some(rest) = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
        else {
            let host = url.split_once("://").map_or(url, |(_, rest)| rest);
            return Err(format!(
                "`{url}` must start with https:// or http:// (e.g. `https://{}`)",
                host.trim_start_matches('/')
            ));
        };
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() {
            return Err(format!(
                "`{url}` has no host after the scheme (e.g. `https://example.org/blog`)"
            ));
        }
        if host.contains(char::is_whitespace) {
            return Err(format!(
                "`{url}` has a space in its host `{host}`: remove it"
            ));
        }
        if path.contains(['?', '#']) || path.contains(char::is_whitespace) {
            return Err(format!(
                "`{url}` may carry a sub-path but no query (`?`), fragment (`#`) or space: remove them"
            ));
        }
        let path = path.trim_end_matches('/');
        let scheme_len = url.len() - rest.len();
        Ok(BaseUrl {
            origin: url[..scheme_len + host.len()].to_owned(),
            path: if path.is_empty() {
                String::new()
            } else {
                format!("/{path}")
            },
        })
    }

    /// The absolute URL for a site path (`/en/reports/x/`).
    pub fn absolute(&self, site_path: &str) -> String {
        format!("{}{}{}", self.origin, self.path, site_path)
    }
}

#[cfg(test)]
mod tests {
    use super::BaseUrl;

    #[test]
    fn base_url_keeps_sub_path_without_trailing_slash() {
        let cases = [
            ("https://example.org", "https://example.org", ""),
            ("https://example.org/", "https://example.org", ""),
            ("https://host:8080/blog/", "https://host:8080", "/blog"),
            ("http://host/a/b", "http://host", "/a/b"),
        ];
        for (input, origin, path) in cases {
            let url = BaseUrl::parse(input).unwrap();
            assert_eq!(
                (url.origin.as_str(), url.path.as_str()),
                (origin, path),
                "{input}"
            );
        }
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https:///blog").is_err());
    }
}
