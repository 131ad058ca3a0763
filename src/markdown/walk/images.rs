//! Images in a body's pass: a bundle photo gets its size (upright), the
//! narrower copies it is published in (`srcset`, `sizes`) and lazy loading
//! unless it is the body's first; a titled image alone in its paragraph
//! becomes a `<figure>` whose caption is the title (a figure cannot stand
//! inside `<p>`, so it takes the paragraph's place); an image under
//! `static/` gets its size when it can be read.

use std::fmt::Write;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};

use crate::images::{self, Facts};
use crate::markdown::rendered::Preview;
use crate::site::url;

use super::Walk;

/// An image being read: its alternative text comes as events.
pub(super) struct OpenImage {
    /// As published.
    url: String,
    /// As written.
    written: String,
    title: String,
    alt: String,
}

/// A paragraph whose `<p>` waits: were a titled image all it holds, a
/// figure takes its place.
#[derive(Default)]
pub(super) enum Para {
    /// No paragraph waits.
    #[default]
    None,
    /// A paragraph opened and nothing is in it yet.
    Held,
    /// A titled image is all it holds so far: the image inline, and as a figure.
    Image { inline: String, figure: String },
}

/// How an image is shown: its size and the copies of it there are.
struct Shown<'f> {
    size: Option<(u32, u32)>,
    /// The bundle image's facts and the URL of its original, for its copies.
    bundle: Option<(&'f Facts, &'f str)>,
}

impl<'a, 'c: 'a> Walk<'a, 'c> {
    /// An image opened: its URL as published, its text still to come.
    pub(super) fn image_open(&mut self, tag: Tag<'a>, offset: usize) {
        self.depth += 1;
        if let Tag::Image {
            dest_url, title, ..
        } = tag
        {
            let written = dest_url.to_string();
            let url = self.destination(dest_url, offset, false).to_string();
            self.image = Some(OpenImage {
                url,
                written,
                title: title.to_string(),
                alt: String::new(),
            });
        }
    }

    /// An event inside an open image: its text is the alternative text.
    pub(super) fn image_text(image: &mut OpenImage, event: &Event<'_>) {
        match event {
            Event::Text(t) | Event::Code(t) => image.alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => image.alt.push(' '),
            _ => {}
        }
    }

    /// The image closed: its HTML, placed inline or as a figure.
    pub(super) fn image_close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        let Some(image) = self.image.take() else {
            return;
        };
        let first = self.images_seen == 0;
        self.images_seen += 1;
        let bundle = self.bundle_image(&image.written);
        let shown = match &bundle {
            Some((_, Some(facts))) => Shown {
                size: Some((facts.width, facts.height)),
                bundle: Some((facts, &image.url)),
            },
            _ => Shown {
                size: self.local_size(&image.written),
                bundle: None,
            },
        };
        if let Some((src, facts)) = &bundle {
            self.images.push((src.clone(), facts.map(|f| f.hash)));
        }
        if self.preview.is_none() && !images::is_svg(&image.url) {
            self.preview = Some(self.preview_of(&image, &shown));
        }
        let figure = !image.title.is_empty();
        let inline = self.img(&image, &shown, first, true);
        let figure = figure.then(|| {
            let mut html = String::from("<figure>");
            html.push_str(&self.img(&image, &shown, first, false));
            html.push_str("<figcaption>");
            let _ = escape_html(&mut html, &image.title);
            html.push_str("</figcaption></figure>\n");
            html
        });
        match (std::mem::take(&mut self.para), figure) {
            (Para::Held, Some(figure)) if self.heading.is_none() && self.note.is_none() => {
                self.para = Para::Image { inline, figure };
            }
            (para, _) => {
                self.para = para;
                self.emit(Event::InlineHtml(CowStr::from(inline)));
            }
        }
    }

    /// What happens to a paragraph's `<p>` and the event after it: held,
    /// let out, or replaced by the figure waiting in it. `false` when the
    /// event is taken.
    pub(super) fn paragraph(&mut self, event: &Event<'a>) -> bool {
        if self.heading.is_some() || self.note.is_some() {
            return true;
        }
        match std::mem::take(&mut self.para) {
            Para::None if matches!(event, Event::Start(Tag::Paragraph)) => {
                self.para = Para::Held;
                false
            }
            Para::None => true,
            Para::Held => {
                self.out(Event::Start(Tag::Paragraph));
                true
            }
            Para::Image { figure, .. } if matches!(event, Event::End(TagEnd::Paragraph)) => {
                self.out(Event::Html(CowStr::from(figure)));
                false
            }
            Para::Image { inline, .. } => {
                self.out(Event::Start(Tag::Paragraph));
                self.out(Event::InlineHtml(CowStr::from(inline)));
                true
            }
        }
    }

    /// The bundle file a relative image URL names (as the build shows
    /// files, `content/reports/x/photo.jpg`) and its facts, when it is one
    /// the build processes.
    fn bundle_image(&self, written: &str) -> Option<(PathBuf, Option<&'c Facts>)> {
        if written.is_empty() || written.starts_with('/') || written.contains([':', '?', '#']) {
            return None;
        }
        let decoded = url::percent_decode(written)?;
        if !images::is_processed(&decoded) {
            return None;
        }
        let dir = self.file.shown.parent().unwrap_or(Path::new(""));
        let path = normalized(&dir.join(decoded));
        let facts = self.cx.images.get(&path).map(|f| &**f);
        facts.is_some().then_some((path, facts))
    }

    /// The size of an image published as it is, when it can be read: a
    /// root-relative one under the site's or the theme's `static/`, or a
    /// relative one beside the page (an SVG in its bundle).
    fn local_size(&mut self, written: &str) -> Option<(u32, u32)> {
        if written.is_empty() || written.contains([':', '?', '#']) || written.starts_with("//") {
            return None;
        }
        let config = &self.cx.site.config;
        let root = normalized(&config.root);
        let path = match written.strip_prefix('/') {
            Some(rel) => {
                let rel = url::percent_decode(rel)?;
                let dirs = [
                    Some(config.root.join("static")),
                    config.theme_dir().map(|t| t.join("static")),
                ];
                dirs.into_iter()
                    .flatten()
                    .map(|d| normalized(&d.join(&rel)))
                    .find(|p| p.is_file())?
            }
            None => {
                let dir = self.file.shown.parent().unwrap_or(Path::new(""));
                normalized(&config.root.join(dir).join(url::percent_decode(written)?))
            }
        };
        // Nothing outside the site is read.
        if !(path.starts_with(&root) || root.as_os_str().is_empty()) {
            return None;
        }
        let size = images::measure(&path);
        // A cached body is reused only while the file has this size.
        self.images.push((path, images::size_key_of(size)));
        size
    }

    /// The `<img>` element; `title` says whether the title goes into it.
    fn img(&self, image: &OpenImage, shown: &Shown<'_>, first: bool, title: bool) -> String {
        let settings = &self.cx.site.config.images;
        let mut html = String::from("<img src=\"");
        let mut srcset = String::new();
        let mut candidate = |url: &str, w: u32| {
            if !srcset.is_empty() {
                srcset.push_str(", ");
            }
            let _ = escape_href(&mut srcset, url);
            let _ = write!(srcset, " {w}w");
        };
        let src = match shown.bundle {
            Some((facts, url)) => {
                let widths = images::widths(facts, settings);
                for w in &widths {
                    candidate(&images::variant_name(url, *w), *w);
                }
                candidate(url, facts.width);
                widths
                    .last()
                    .map_or_else(|| url.to_owned(), |w| images::variant_name(url, *w))
            }
            None => image.url.clone(),
        };
        let _ = escape_href(&mut html, &src);
        html.push('"');
        if !srcset.is_empty() {
            html.push_str(" srcset=\"");
            html.push_str(&srcset);
            html.push_str("\" sizes=\"");
            let _ = escape_html(&mut html, &settings.sizes);
            html.push('"');
        }
        if let Some((w, h)) = shown.size {
            let _ = write!(html, " width=\"{w}\" height=\"{h}\"");
        }
        html.push_str(" alt=\"");
        let _ = escape_html(&mut html, &image.alt);
        html.push('"');
        if title && !image.title.is_empty() {
            html.push_str(" title=\"");
            let _ = escape_html(&mut html, &image.title);
            html.push('"');
        }
        // The first image is likely in view at once: loaded at once.
        // (`fetchpriority` would say more, but the Nu HTML Checker does not know it yet.)
        html.push_str(match first {
            true => " decoding=\"async\">",
            false => " loading=\"lazy\" decoding=\"async\">",
        });
        html
    }

    /// The preview a link card shows of this image: the narrowest copy at
    /// least `preview_width` wide (else the original).
    fn preview_of(&self, image: &OpenImage, shown: &Shown<'_>) -> Preview {
        let (url, size) = match shown.bundle {
            Some((facts, url)) => {
                let want = self.cx.site.config.images.preview_width;
                match images::widths(facts, &self.cx.site.config.images)
                    .into_iter()
                    .find(|&w| w >= want)
                {
                    Some(w) => (
                        images::variant_name(url, w),
                        Some((w, images::height_at(facts, w))),
                    ),
                    None => (url.to_owned(), Some((facts.width, facts.height))),
                }
            }
            None => (image.url.clone(), shown.size),
        };
        Preview {
            url,
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
            alt: image.alt.clone(),
        }
    }
}

/// `path` with its `.` and `..` parts resolved as text.
fn normalized(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
