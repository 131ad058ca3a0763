//! One pass over a body's events: each event from pulldown-cmark is turned
//! into the events of debrief's HTML and handed on at once, so that a body
//! is never held as a list of events, only as the HTML it becomes.
//!
//! Only what must be seen whole waits: a heading (its id comes from its
//! text), a footnote (its way back goes into its last paragraph), a code
//! block (highlighted whole) and an HTML block (a tag may span its lines).
//!
//! Links, images and raw HTML are handled in `urls`; code blocks, headings
//! and footnotes, which wait, in `held`.

mod held;
mod images;
mod interview;
mod urls;

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use crate::config::Lang;
use crate::content::front_matter::Person;
use crate::content::source_file::SourceFile;
use crate::diag::Diagnostics;

use super::footnotes::Footnotes;
use super::headings::{Heading, Ids};
use super::punctuation::Quoter;
use super::{Context, Reference};

use interview::Speakers;

use crate::markdown::rendered::Preview;

use images::{OpenImage, Para};
use urls::LineIndex;

/// What the HTML writer is handed: an event, or the place where the
/// summary ends.
pub(super) enum Item<'a> {
    /// An event to write.
    Event(Event<'a>),
    /// `<!-- more -->`: the HTML written so far is the summary.
    SummaryEnd,
}

/// A heading being read: its events wait for its id.
struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    text: String,
    events: Vec<Event<'a>>,
}

/// A footnote being read: its events wait for its end.
struct OpenNote<'a> {
    /// Its index in [`Walk::notes_written`].
    index: usize,
    events: Vec<Event<'a>>,
    /// Where in `events` its last paragraph closes.
    last_paragraph: Option<usize>,
}

/// The state of one body's pass.
pub(super) struct Walk<'a, 'c> {
    cx: &'c Context<'c>,
    file: &'c SourceFile,
    lang: &'c Lang,
    /// The body's text and where it starts in the file.
    text: &'a str,
    start: usize,
    base_path: &'c str,
    /// Whether URLs are noted for `check`.
    check_links: bool,
    highlight: bool,
    quoter: Option<Quoter<'c>>,
    /// Blocks open around the current event.
    depth: usize,
    heading: Option<OpenHeading<'a>>,
    note: Option<OpenNote<'a>>,
    code: Option<(String, String)>,
    html_block: Option<String>,
    /// A top-level paragraph or block quote being read: it waits to be
    /// seen whole (it may be an interview's turn or a pull quote).
    block: Option<Vec<Event<'a>>>,
    speakers: Speakers<'c>,
    pub(super) ids: Ids,
    pub(super) notes: Footnotes,
    /// The note of each footnote written (its index in `notes`), in order:
    /// its placeholder is its index here.
    pub(super) notes_written: Vec<usize>,
    pub(super) flat_toc: Vec<Heading>,
    pub(super) words: usize,
    pub(super) links: Vec<(String, String)>,
    pub(super) refs: Vec<Reference>,
    lines: LineIndex,
    /// The image being read, and the paragraph that may become its figure.
    image: Option<OpenImage>,
    para: Para,
    images_seen: usize,
    pub(super) images: Vec<(std::path::PathBuf, Option<u64>)>,
    pub(super) preview: Option<Preview>,
    pub(super) diags: Diagnostics,
    /// Items ready for the writer.
    pub(super) ready: VecDeque<Item<'a>>,
}

impl<'a, 'c: 'a> Walk<'a, 'c> {
    /// A pass over `text`, the body of `file` at byte `start`, in `lang`,
    /// by a page whose interviewees are `people`.
    pub(super) fn new(
        cx: &'c Context<'c>,
        file: &'c SourceFile,
        lang: &'c Lang,
        people: &'c [Person],
        text: &'a str,
        start: usize,
    ) -> Walk<'a, 'c> {
        let config = &cx.site.config;
        Walk {
            cx,
            file,
            lang,
            text,
            start,
            base_path: &config.base_url.path,
            check_links: config.check_links,
            highlight: config.markdown.highlight_code,
            quoter: config
                .markdown
                .smart_punctuation
                .then(|| Quoter::new(&config.language(lang).quotes)),
            depth: 0,
            heading: None,
            note: None,
            code: None,
            html_block: None,
            block: None,
            speakers: Speakers::new(people),
            ids: Ids::default(),
            notes: Footnotes::default(),
            notes_written: Vec::new(),
            flat_toc: Vec::new(),
            words: 0,
            links: Vec::new(),
            refs: Vec::new(),
            lines: LineIndex::default(),
            image: None,
            para: Para::None,
            images_seen: 0,
            images: Vec::new(),
            preview: None,
            diags: Diagnostics::new(),
            ready: VecDeque::new(),
        }
    }

    /// Takes one event of the parser, whose source is `range` of the body.
    pub(super) fn step(&mut self, event: Event<'a>, range: Range<usize>) {
        let offset = self.start + range.start;
        let event = match event {
            // 1. links and images: `@/` resolved, root-relative ones rebased;
            //    images sized, with their copies, or made figures
            Event::Start(tag @ Tag::Image { .. }) => {
                self.image_open(tag, offset);
                None
            }
            Event::End(TagEnd::Image) if self.image.is_some() => {
                self.image_close();
                None
            }
            Event::Start(tag @ Tag::Link { .. }) => Some(self.link(tag, offset)),
            // 2. raw HTML, rebased; a block kept whole
            Event::InlineHtml(_)
            | Event::Html(_)
            | Event::Start(Tag::HtmlBlock)
            | Event::End(TagEnd::HtmlBlock) => self.html(event, offset),
            // 3. code, highlighted whole
            Event::Start(Tag::CodeBlock(_)) | Event::End(TagEnd::CodeBlock) => self.code(event),
            Event::Text(_) if self.code.is_some() => self.code(event),
            // 4. text: quotes in the language's marks, words counted
            Event::Text(_) | Event::Code(_) => Some(self.text(event, range)),
            // 5. headings: ids, anchors, table of contents
            Event::Start(Tag::Heading { .. }) | Event::End(TagEnd::Heading(_)) => {
                self.heading(event);
                None
            }
            // 6. footnotes: numbered, linked both ways
            Event::FootnoteReference(_)
            | Event::Start(Tag::FootnoteDefinition(_))
            | Event::End(TagEnd::FootnoteDefinition) => self.footnote(event),
            Event::End(TagEnd::Paragraph) if self.note.is_some() && self.heading.is_none() => {
                self.footnote(event)
            }
            // 7. interviews: a paragraph or block quote waits to be whole
            Event::Start(tag) if self.holds(&tag) => {
                self.depth += 1;
                self.block = Some(Vec::new());
                Some(Event::Start(tag))
            }
            Event::Start(tag) => {
                self.depth += 1;
                Some(Event::Start(tag))
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                if let (0, Some(q)) = (self.depth, self.quoter.as_mut()) {
                    q.end_block();
                }
                Some(Event::End(tag))
            }
            other => Some(other),
        };
        if let Some(event) = event {
            self.emit(event);
        }
        if self.depth == 0
            && let Some(block) = self.block.take()
        {
            self.close_block(block);
        }
    }

    /// Text or inline code: quotes in the language's marks, words counted,
    /// and the text of an open heading noted.
    fn text(&mut self, event: Event<'a>, range: Range<usize>) -> Event<'a> {
        match event {
            Event::Text(t) => {
                self.words += t.split_whitespace().count();
                let mark = self
                    .quoter
                    .as_mut()
                    .and_then(|q| q.mark(&t, self.text, range));
                let t = mark.map_or(t, CowStr::from);
                if let Some(h) = self.heading.as_mut() {
                    h.text.push_str(&t);
                }
                Event::Text(t)
            }
            Event::Code(t) => {
                self.words += t.split_whitespace().count();
                if let Some(h) = self.heading.as_mut() {
                    h.text.push_str(&t);
                }
                Event::Code(t)
            }
            other => other,
        }
    }

    /// Hands `event` on: into the open image's text, a waiting paragraph,
    /// the open heading or note, or to the writer.
    fn emit(&mut self, event: Event<'a>) {
        if let Some(image) = self.image.as_mut() {
            Self::image_text(image, &event);
            return;
        }
        if self.paragraph(&event) {
            self.out(event);
        }
    }

    /// Hands `event` into the open heading or note, or to the writer.
    fn out(&mut self, event: Event<'a>) {
        if let Some(h) = self.heading.as_mut() {
            h.events.push(event);
        } else if let Some(n) = self.note.as_mut() {
            n.events.push(event);
        } else if let Some(b) = self.block.as_mut() {
            b.push(event);
        } else {
            self.ready.push_back(Item::Event(event));
        }
    }
}
