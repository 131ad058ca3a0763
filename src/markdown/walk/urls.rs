//! Links, images and raw HTML in a body's pass: `@/` links resolved,
//! root-relative URLs moved under the base URL's sub-path, and every URL
//! that should lead to a file of the site noted for `check`.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::diag::Diagnostic;
use crate::markdown::html_urls;
use crate::site::translations::resolve_link;

use super::{Item, Reference, Walk};

impl<'a, 'c: 'a> Walk<'a, 'c> {
    /// A link opened: its URL as published.
    pub(super) fn link(&mut self, tag: Tag<'a>, offset: usize) -> Event<'a> {
        self.depth += 1;
        let tag = match tag {
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let dest_url = self.destination(dest_url, offset, true);
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
            }
            other => other,
        };
        Event::Start(tag)
    }

    /// Raw HTML rebased, or `None` while an HTML block is being read whole
    /// (or when it was `<!-- more -->`).
    pub(super) fn html(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        match event {
            Event::InlineHtml(h) => Some(Event::InlineHtml(self.raw_html(h, offset))),
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some(String::new());
                None
            }
            Event::Html(h) if self.html_block.is_some() => {
                if let Some(block) = self.html_block.as_mut() {
                    block.push_str(&h);
                }
                None
            }
            Event::End(TagEnd::HtmlBlock) => {
                let block = self.html_block.take().unwrap_or_default();
                if self.depth == 0 && block.trim() == "<!-- more -->" {
                    self.ready.push_back(Item::SummaryEnd);
                    return None;
                }
                Some(Event::Html(self.raw_html(block.into(), offset)))
            }
            Event::Html(h) => Some(Event::Html(self.raw_html(h, offset))),
            other => Some(other),
        }
    }

    /// A link's or image's URL as published, noted for `check`.
    pub(super) fn destination(
        &mut self,
        dest: CowStr<'a>,
        offset: usize,
        link: bool,
    ) -> CowStr<'a> {
        if !dest.starts_with("@/") {
            let Some(rebased) = html_urls::rebase_url(&dest, self.base_path) else {
                self.refer(&dest, &dest, offset);
                return dest;
            };
            self.refer(&dest, &rebased, offset);
            return rebased.into();
        }
        let resolved: CowStr<'a> = match resolve_link(self.cx.site, &dest, self.lang) {
            Ok(path) => self.cx.site.config.base_url.absolute(&path).into(),
            Err(message) => {
                let at = self.file.location(offset);
                self.diags.push(Diagnostic::error(message, Some(at)));
                CowStr::from("")
            }
        };
        self.links.push((dest.to_string(), resolved.to_string()));
        if link && dest.contains('#') {
            self.refer(&dest, &resolved, offset);
        }
        resolved
    }

    /// Raw HTML with its root-relative URLs rebased, each URL noted.
    fn raw_html(&mut self, html: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let scanned = html_urls::rebase(&html, self.base_path, self.check_links);
        for (at, written) in scanned.urls {
            let url = html_urls::rebase_url(written, self.base_path);
            self.refer(written, url.as_deref().unwrap_or(written), offset + at);
        }
        match scanned.html {
            std::borrow::Cow::Borrowed(_) => html,
            std::borrow::Cow::Owned(s) => CowStr::from(s),
        }
    }

    /// Notes a URL that should lead to a file of the site.
    fn refer(&mut self, written: &str, url: &str, offset: usize) {
        if !self.check_links || !is_local(written) {
            return;
        }
        let (line, col) = self.lines.locate(&self.file.text, offset);
        self.refs.push(Reference {
            url: url.to_owned(),
            written: written.to_owned(),
            line,
            col,
        });
    }
}

/// Whether `url` leads into this site: no scheme, no `//host`.
fn is_local(url: &str) -> bool {
    let before = url.find(['/', '?', '#']).unwrap_or(url.len());
    !url.is_empty() && !url.starts_with("//") && !url[..before].contains(':')
}

/// Where each line of a file starts, made on first use: a body with
/// thousands of links is located in one pass, not one per link.
#[derive(Default)]
pub(super) struct LineIndex {
    newlines: Option<Vec<usize>>,
}

impl LineIndex {
    /// The 1-based line and character column of byte `offset` of `text`.
    fn locate(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let newlines = self.newlines.get_or_insert_with(|| {
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect()
        });
        let offset = offset.min(text.len());
        let line = newlines.partition_point(|&n| n < offset);
        let start = if line == 0 { 0 } else { newlines[line - 1] + 1 };
        let col = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, col)
    }
}
