//! What rendering a body gives: its HTML, summary, table of contents and
//! the facts the build cache and `check` keep of it.

use crate::markdown::headings::Heading;

/// A rendered Markdown body.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// The whole body as HTML.
    pub html: String,
    /// The HTML before `<!-- more -->`, if the marker is there.
    pub summary: Option<String>,
    /// Headings, nested.
    pub toc: Vec<Heading>,
    /// Words of text (code included).
    pub word_count: usize,
    /// Minutes, at least 1.
    pub reading_time: usize,
    /// Every `@/` link and the site path it resolved to, so a cached body can
    /// be reused only while its links still resolve the same way.
    pub links: Vec<(String, String)>,
    /// Links and images to the site's own files (root-relative, relative,
    /// `@/` with an anchor, in Markdown or raw HTML) as published, for
    /// `check` to find those that lead nowhere.
    pub refs: Vec<Reference>,
    /// Each bundle image shown, with the hash of its content when it was
    /// rendered (`None`: not readable), so a cached body is reused only
    /// while its images are the same.
    pub images: Vec<(std::path::PathBuf, Option<u64>)>,
    /// The first image shown, for link previews.
    pub preview: Option<Preview>,
    /// A hash of everything above but `links` and `refs`, for change detection.
    pub fingerprint: u64,
    /// A hash of what lists show of the body: summary and reading time, so
    /// that most edits below the summary re-render no list.
    pub list_fingerprint: u64,
    /// Only what lists show is here (`html` and `toc` were left out when
    /// it was cached): its own page must render it again.
    pub partial: bool,
}

impl Rendered {
    /// What lists and feeds need of this body, without the body itself.
    pub fn list_only(&self) -> Rendered {
        Rendered {
            html: String::new(),
            toc: Vec::new(),
            partial: true,
            summary: self.summary.clone(),
            links: self.links.clone(),
            refs: self.refs.clone(),
            images: self.images.clone(),
            preview: self.preview.clone(),
            ..*self
        }
    }
}

/// The image a link preview shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Preview {
    /// As published: relative to the page (`photo-1600w.jpg`), or root-relative, or absolute.
    pub url: String,
    /// Its width in pixels, when known.
    pub width: Option<u32>,
    /// Its height in pixels, when known.
    pub height: Option<u32>,
    /// Its text alternative.
    pub alt: String,
}

/// A URL in a body that should lead to a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    /// As published (`/blog/about/`, `../x.jpg`, `https://host/blog/x/#a`).
    pub url: String,
    /// As written (`/about/`, `@/reports/x.md#a`).
    pub written: String,
    /// Where it is written in the source file.
    pub line: usize,
    /// See `line`.
    pub col: usize,
}
