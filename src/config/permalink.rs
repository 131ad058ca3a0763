//! `[permalinks]`: a section's own URL pattern for its pages, as in Hugo.
//!
//! ```toml
//! [permalinks]
//! reports = "/reports/:year/:month/:slug/"
//! ```
//!
//! gives `content/reports/2021-06-01-treffen.md` the site path
//! `/reports/2021/06/treffen/` (and `/en/reports/2021/06/treffen/` in
//! English): how a monthly meetup's reports, which share a name, get URLs of
//! their own.

/// One part of a pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Part {
    /// Text written as is.
    Text(String),
    /// `:year`, four digits.
    Year,
    /// `:month`, two digits.
    Month,
    /// `:day`, two digits.
    Day,
    /// `:slug`, the page's slug.
    Slug,
    /// `:section`, the section folder's path.
    Section,
}

/// The URL pattern of the pages in one section folder (and the folders below it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Permalink {
    /// The section folder, `/`-separated, relative to `content/`.
    pub section: String,
    /// The pattern, taken apart.
    pub parts: Vec<Part>,
}

impl Permalink {
    /// Parses `pattern` for the section `section`; the error says what to write.
    pub fn parse(section: &str, pattern: &str) -> Result<Permalink, String> {
        let usage = "e.g. \"/reports/:year/:month/:slug/\"; it may use :year, :month, :day, :slug and :section";
        if !pattern.starts_with('/') || !pattern.ends_with('/') {
            return Err(format!(
                "the URL pattern `{pattern}` for section `{section}` must start and end with `/` ({usage})"
            ));
        }
        if pattern
            .split('/')
            .any(|seg| seg == "." || seg == ".." || seg.contains(['?', '#', '\\', ' ']))
        {
            return Err(format!(
                "the URL pattern `{pattern}` for section `{section}` must be a plain path inside the site ({usage})"
            ));
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut rest = pattern;
        while let Some(at) = rest.find(':') {
            text.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let name_len = after
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(after.len());
            let part = match &after[..name_len] {
                "year" => Part::Year,
                "month" => Part::Month,
                "day" => Part::Day,
                "slug" => Part::Slug,
                "section" => Part::Section,
                other => {
                    return Err(format!(
                        "the URL pattern `{pattern}` for section `{section}` has an unknown placeholder `:{other}` ({usage})"
                    ));
                }
            };
            if !text.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut text)));
            }
            parts.push(part);
            rest = &after[name_len..];
        }
        text.push_str(rest);
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        if !parts.contains(&Part::Slug) {
            return Err(format!(
                "the URL pattern `{pattern}` for section `{section}` has no `:slug`, so its pages would share URLs ({usage})"
            ));
        }
        Ok(Permalink {
            section: section.trim_matches('/').to_owned(),
            parts,
        })
    }

    /// Whether the pattern needs the page's date.
    pub fn is_dated(&self) -> bool {
        self.parts
            .iter()
            .any(|p| matches!(p, Part::Year | Part::Month | Part::Day))
    }

    /// Whether pages in the folder `dir` follow this pattern.
    pub fn covers(&self, dir: &str) -> bool {
        dir == self.section
            || (dir.starts_with(&self.section)
                && dir.as_bytes().get(self.section.len()) == Some(&b'/'))
    }
}

#[cfg(test)]
mod tests {
    use super::{Part, Permalink};

    #[test]
    fn patterns() {
        let p = Permalink::parse("reports", "/reports/:year/:month/:slug/").unwrap();
        assert_eq!(
            p.parts,
            [
                Part::Text("/reports/".into()),
                Part::Year,
                Part::Text("/".into()),
                Part::Month,
                Part::Text("/".into()),
                Part::Slug,
                Part::Text("/".into()),
            ]
        );
        assert!(p.is_dated());
        assert!(p.covers("reports") && p.covers("reports/2021") && !p.covers("reportsx"));
        assert!(
            !Permalink::parse("x", "/:section/:slug/")
                .unwrap()
                .is_dated()
        );
        for (bad, says) in [
            ("reports/:slug/", "must start and end with `/`"),
            ("/reports/:year/", "has no `:slug`"),
            ("/reports/:title/", "unknown placeholder `:title`"),
            ("/../:slug/", "plain path inside the site"),
        ] {
            let err = Permalink::parse("reports", bad).unwrap_err();
            assert!(err.contains(says), "{bad}: {err}");
        }
    }
}
