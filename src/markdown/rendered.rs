//! What rendering a body gives: its HTML, summary, table of contents and
//! the facts the build cache and `check` keep of it.

use std::hash::{Hash, Hasher};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tera::Value;

use crate::markdown::toc::Toc;

/// A rendered Markdown body.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// The whole body as HTML.
    pub html: Html,
    /// The HTML before `<!-- more -->`, if the marker is there.
    pub summary: Option<String>,
    /// Headings, nested.
    pub toc: Toc,
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
    /// About how much of its page this body makes: its HTML and its table
    /// of contents as a theme lists it (room for a page that is never
    /// written is never touched, room too small is copied as it grows).
    pub fn page_len(&self) -> usize {
        self.html.len() + self.toc.listed()
    }

    /// What lists and feeds need of this body, without the body itself.
    pub fn list_only(&self) -> Rendered {
        Rendered {
            html: Html::default(),
            toc: Toc::default(),
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

/// A body's HTML, held as the template value its page is given: a page's
/// render shares it with the template instead of copying it (a huge body
/// was held three times while its page rendered). Cloning shares it too.
#[derive(Clone)]
pub struct Html(Value);

impl Default for Html {
    fn default() -> Html {
        Html::from("")
    }
}

impl Html {
    /// The HTML.
    pub fn as_str(&self) -> &str {
        self.0.as_str().unwrap_or_default()
    }

    /// How many bytes of HTML.
    pub fn len(&self) -> usize {
        self.as_str().len()
    }

    /// Whether there is no HTML.
    pub fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
}

impl From<&str> for Html {
    fn from(html: &str) -> Html {
        Html(Value::normal_string(html))
    }
}

impl std::ops::Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Html {
    fn eq(&self, other: &Html) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Html {}

impl PartialEq<&str> for Html {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Html {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl Hash for Html {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::fmt::Display for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Html {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

/// As the string it is: to a template, the shared value itself (Tera passes
/// a value it meets through), to the build cache a string.
impl Serialize for Html {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Html {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Html, D::Error> {
        let html = String::deserialize(deserializer)?;
        Ok(Html::from(html.as_str()))
    }
}
