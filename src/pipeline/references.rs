//! `check`'s look at where content links lead: every relative or
//! root-relative link and image, and every `@/` link with an anchor, must
//! lead to a file the build publishes and, with a `#fragment`, to an element
//! with that id. Warnings, not errors: the writer may link to something
//! another tool puts next to the site.
//!
//! An image that would publish its owner's data (GPS position, camera
//! serial number, owner's name) because debrief does not strip its format
//! or its folder (`static/` is copied as it is) is a warning at each place
//! it is shown.

use std::collections::HashSet;

use crate::config::BaseUrl;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::markdown::Reference;
use crate::render::bodies::Bodies;
use crate::site::{FastMap, Site, url};

/// What a check knows of the outputs: every file, and the ids in each HTML one.
pub(crate) struct Published<'a> {
    /// Output paths (`reports/x/index.html`).
    pub(crate) files: HashSet<&'a str>,
    /// The ids of each HTML output.
    pub(crate) ids: FastMap<&'a str, &'a [String]>,
    /// Published as they are, with what their metadata tells of their owner.
    pub(crate) private: FastMap<&'a str, Vec<String>>,
}

/// A warning for each reference in the bodies of pages, sections and term
/// pages that leads nowhere.
pub(crate) fn check(site: &Site, bodies: &Bodies, published: &Published<'_>) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let pages = site.page_ids().map(|id| {
        (
            &site.page(id).file.shown,
            &site.page(id).path,
            &bodies.pages[id.0 as usize],
        )
    });
    let sections = site
        .sections
        .iter()
        .zip(&bodies.sections)
        .filter_map(|(s, body)| s.file.as_ref().map(|f| (&f.shown, &s.path, body)));
    let terms = site
        .terms
        .iter()
        .zip(&bodies.terms)
        .filter_map(|(t, body)| {
            t.source
                .as_ref()
                .map(|src| (&src.file.shown, &t.path, body))
        });
    for (shown, path, body) in pages.chain(sections).chain(terms) {
        for r in &body.refs {
            let at = || Location {
                path: shown.clone(),
                line: r.line,
                col: r.col,
                line_text: None,
            };
            if let Some(message) = lost(site, published, path, r) {
                warnings.push(Diagnostic::warning(message, Some(at())));
            }
            if let Some(d) = private(site, published, path, r, at()) {
                warnings.push(d);
            }
        }
    }
    warnings
}

/// What is wrong with the reference `r` on the page at `page_path`, if anything.
fn lost(site: &Site, published: &Published<'_>, page_path: &str, r: &Reference) -> Option<String> {
    let base = &site.config.base_url;
    let (file, fragment) = target(base, page_path, &r.url)?;
    let found = [file.clone(), format!("{file}/index.html")]
        .into_iter()
        .find(|f| published.files.contains(f.as_str()));
    match (found, fragment) {
        (None, _) => Some(format!(
            "`{}` leads to nothing this site publishes (there is no {}/{file})",
            r.written, base.path
        )),
        (Some(found), Some(fragment)) => match published.ids.get(found.as_str()) {
            Some(ids) if !ids.contains(&fragment) => Some(format!(
                "`{}`: {}/{found} has no heading or element with the id `{fragment}`",
                r.written, base.path
            )),
            _ => None,
        },
        (Some(_), None) => None,
    }
}

/// A warning when `r` shows an image published with its owner's data.
fn private(
    site: &Site,
    published: &Published<'_>,
    page_path: &str,
    r: &Reference,
    at: Location,
) -> Option<Diagnostic> {
    let (file, _) = target(&site.config.base_url, page_path, &r.url)?;
    let found = published.private.get(file.as_str())?;
    let name = file.rsplit('/').next().unwrap_or(&file);
    Some(
        Diagnostic::warning(
            format!(
                "`{}` would publish its {}: debrief removes such data only from the JPEG and PNG files of page bundles",
                r.written,
                found.join(", ")
            ),
            Some(at),
        )
        .with_note(format!(
            "remove it before publishing (`exiftool -all= {name}`), or save the image as a JPEG or PNG in the page's bundle"
        )),
    )
}

/// `text` percent-decoded, or as written when it is not a valid escape.
fn decoded(text: &str) -> String {
    url::percent_decode(text).unwrap_or_else(|| text.to_owned())
}

/// The output file a published URL leads to, and its fragment; `None` for
/// URLs outside the site. `page_path` is the site path of the page the URL
/// is written on.
fn target(base: &BaseUrl, page_path: &str, url: &str) -> Option<(String, Option<String>)> {
    let (url, fragment) = match url.split_once('#') {
        Some((u, f)) => (u, Some(decoded(f))),
        None => (url, None),
    };
    let url = url.split('?').next().unwrap_or(url);
    let site_path = if let Some(rest) = url.strip_prefix(&base.origin) {
        rest.strip_prefix(&base.path)?.to_owned()
    } else if url.contains("://") {
        return None;
    } else if url.starts_with('/') {
        let rest = url.strip_prefix(&base.path)?;
        if !rest.is_empty() && !rest.starts_with('/') {
            return None;
        }
        rest.to_owned()
    } else if url.is_empty() {
        page_path.to_owned()
    } else {
        let dir = &page_path[..page_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{url}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in site_path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            seg => parts.push(seg),
        }
    }
    let mut path = format!("/{}", parts.join("/"));
    if site_path.ends_with('/') && path != "/" {
        path.push('/');
    }
    Some((url::output_file(&decoded(&path)), fragment))
}

#[cfg(test)]
mod tests {
    use super::target;
    use crate::config::BaseUrl;

    #[test]
    fn urls_lead_to_output_files() {
        let base = BaseUrl::parse("https://example.org/blog").unwrap();
        let page = "/reports/x/";
        let t = |url: &str| target(&base, page, url);
        let some =
            |file: &str, frag: Option<&str>| Some((file.to_owned(), frag.map(str::to_owned)));
        assert_eq!(t("/blog/about/"), some("about/index.html", None));
        assert_eq!(t("/blog/"), some("index.html", None));
        assert_eq!(t("/blog/img/a%20b.jpg?v=1"), some("img/a b.jpg", None));
        assert_eq!(
            t("https://example.org/blog/en/#top"),
            some("en/index.html", Some("top"))
        );
        assert_eq!(t("../y/"), some("reports/y/index.html", None));
        assert_eq!(t("../../../../z.png"), some("z.png", None));
        assert_eq!(t("bild.jpg"), some("reports/x/bild.jpg", None));
        assert_eq!(t("#oben"), some("reports/x/index.html", Some("oben")));
        assert_eq!(t("/other/x/"), None);
        assert_eq!(t("/blogger/"), None);
        assert_eq!(t("https://elsewhere.org/blog/x/"), None);
    }
}
