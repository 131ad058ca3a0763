//! Stage 4: Markdown bodies → HTML, in parallel, one page at a time.
//!
//! One pass over pulldown-cmark's events (with source offsets), in steps:
//! 1. `@/` links and images → the target's URL in the page's language (errors at file:line:col);
//! 2. text → straight quotes in the page language's marks (typed ones kept), and words counted;
//! 3. headings → ids, anchor links, table of contents;
//! 4. fenced code → syntect classes;
//! 5. `<!-- more -->` → where the summary ends;
//! 6. footnotes → numbered, linked to their note and back;
//! 7. root-relative URLs (`/img/x.jpg`) in links, images and raw HTML → under the base URL's sub-path;
//! 8. interviews: a paragraph that starts with a speaker (`**Binhammer:**`) → a turn, a block quote
//!    ending in `— Name` → a pull quote.
//!
//! A long body is parsed a stretch at a time (`stretches`), so that the
//! parser's tree holds a stretch, not the body.

pub mod footnotes;
pub mod headings;
pub mod highlight;
pub mod html_urls;
pub mod punctuation;
pub(crate) mod rendered;
mod stretches;
mod toc;
mod walk;
mod written;

use std::cell::Cell;
use std::hash::{Hash, Hasher};
use std::ops::Range;

use pulldown_cmark::{Event, Options};

use crate::config::{Lang, MarkdownConfig};
use crate::content::front_matter::Person;
use crate::content::source_file::SourceFile;
use crate::diag::Diagnostics;
use crate::images::ImageFacts;
use crate::site::Site;

use highlight::Highlighter;
use stretches::{Events, STRETCH};
use walk::{Item, Walk};
use written::Written;

pub use rendered::{Html, Preview, Reference, Rendered};
pub use toc::Toc;

/// Words a minute, for reading time.
const WORDS_PER_MINUTE: usize = 200;

/// What a body is rendered with.
pub struct Context<'a> {
    /// For resolving `@/` links.
    pub site: &'a Site,
    /// For fenced code.
    pub highlighter: &'a Highlighter,
    /// The bundle images, for their size and published widths.
    pub images: &'a ImageFacts,
}

/// Renders the body `body` of `file`, written in `lang` by a page whose
/// interviewees (who may speak in it) are `people`; its HTML is made the
/// template value it becomes by [`Made::done`], a copy of it, before which
/// the caller of a huge body lets go of the source's text.
pub fn render(
    cx: &Context<'_>,
    file: &SourceFile,
    body: Range<usize>,
    lang: &Lang,
    people: &[Person],
) -> Result<Made, Diagnostics> {
    render_in(cx, file, body, lang, people, STRETCH)
}

/// A rendered body whose HTML is still the string it was written into.
pub struct Made {
    rendered: Rendered,
    html: String,
}

impl Made {
    /// The rendered body, its HTML the template value.
    pub fn done(self) -> Rendered {
        let Made { mut rendered, html } = self;
        rendered.html = Html::from(html.as_str());
        rendered
    }
}

/// [`render`], parsing a body longer than two `stretch`es a stretch at a
/// time (see `stretches`).
fn render_in(
    cx: &Context<'_>,
    file: &SourceFile,
    body: Range<usize>,
    lang: &Lang,
    people: &[Person],
    stretch: usize,
) -> Result<Made, Diagnostics> {
    let text = &file.text[body.clone()];
    let options = options(&cx.site.config.markdown);
    let mut events = Events::of(text, options, stretch, false);
    let rendered = pass(cx, file, body.start, lang, people, text, &mut events);
    if !events.failed() {
        return rendered;
    }
    // A cut the parse showed wrong: the body is parsed whole.
    drop(rendered);
    let mut events = Events::of(text, options, stretch, true);
    pass(cx, file, body.start, lang, people, text, &mut events)
}

/// One pass over `text`, the body at byte `start` of `file`, as `events`.
fn pass<'a>(
    cx: &'a Context<'a>,
    file: &'a SourceFile,
    start: usize,
    lang: &'a Lang,
    people: &'a [Person],
    text: &'a str,
    events: &mut Events<'a>,
) -> Result<Made, Diagnostics> {
    let mut walk = Walk::new(cx, file, lang, people, text, start);
    let (html, summary_at) = write_html(&mut walk, events, text.len());
    if walk.diags.has_errors() {
        return Err(walk.diags);
    }
    let backref = |index: usize| {
        walk.notes_written
            .get(index)
            .map_or_else(String::new, |&note| walk.notes.backrefs_of(note))
    };
    let (html, summary) = html.finish(&backref, summary_at);
    Ok(finish(walk, html, summary))
}

/// The Markdown extensions debrief renders with.
fn options(markdown: &MarkdownConfig) -> Options {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if markdown.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    options
}

/// The HTML of the parser's events as `walk` turns them out, written as
/// they come, and how much of it is the summary (if the body has one);
/// `len` is the body's length, to size the HTML.
fn write_html<'a, 'c: 'a>(
    walk: &mut Walk<'a, 'c>,
    parser: &mut impl Iterator<Item = (Event<'a>, Range<usize>)>,
    len: usize,
) -> (Written, Option<usize>) {
    let mut html = Written::for_body(len);
    // How much HTML is written, for where the summary ends: the writer asks
    // for the next event only once the one before is written.
    let written = Cell::new(0);
    let mut summary_at = None;
    let events = std::iter::from_fn(|| {
        loop {
            match walk.ready.pop_front() {
                Some(Item::Event(event)) => return Some(event),
                Some(Item::SummaryEnd) => {
                    summary_at.get_or_insert(written.get());
                }
                None => {
                    let (event, range) = parser.next()?;
                    walk.step(event, range);
                }
            }
        }
    });
    let sink = Counted {
        out: &mut html,
        written: &written,
    };
    // Writing into memory cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(sink, events);
    (html, summary_at)
}

/// The rendered body: its table of contents, reading time and fingerprints
/// from what the pass collected.
fn finish(mut walk: Walk<'_, '_>, html: String, summary: Option<String>) -> Made {
    // The headings' ids, held to keep them unique, are let go before the
    // table of contents is made: as many strings again.
    drop(std::mem::take(&mut walk.ids));
    let toc = headings::nest(std::mem::take(&mut walk.flat_toc));
    let words = walk.words;
    let reading_time = words.div_ceil(WORDS_PER_MINUTE).max(1);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&html, &summary, &toc, words, &walk.preview).hash(&mut h);
    let mut l = std::collections::hash_map::DefaultHasher::new();
    (&summary, reading_time).hash(&mut l);
    let rendered = Rendered {
        fingerprint: h.finish(),
        list_fingerprint: l.finish(),
        html: Html::default(),
        summary,
        toc: Toc::of(&toc),
        word_count: words,
        reading_time,
        links: walk.links,
        refs: walk.refs,
        images: walk.images,
        preview: walk.preview,
        partial: false,
    };
    Made { rendered, html }
}

/// The HTML writer's output, counted as it is written.
struct Counted<'a> {
    out: &'a mut Written,
    written: &'a Cell<usize>,
}

impl std::fmt::Write for Counted<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.write_str(s)?;
        self.written.set(self.out.len());
        Ok(())
    }
}

#[cfg(test)]
mod tests;
