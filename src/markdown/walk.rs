//! One pass over a body's events: each event from pulldown-cmark is turned
//! into the events of debrief's HTML and handed on at once, so that a body
//! is never held as a list of events, only as the HTML it becomes.
//!
//! Only what must be seen whole waits: a heading (its id comes from its
//! text), a footnote (its way back goes into its last paragraph), a code
//! block (highlighted whole) and an HTML block (a tag may span its lines).

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use crate::config::Lang;
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::translations::resolve_link;

use super::footnotes::Footnotes;
use super::headings::{Heading, Ids};
use super::punctuation::Quoter;
use super::{Context, Reference, code_block, html_urls};

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
    ids: Ids,
    pub(super) notes: Footnotes,
    /// The name of each footnote written, in order: its placeholder is its index.
    pub(super) notes_written: Vec<String>,
    pub(super) flat_toc: Vec<Heading>,
    pub(super) words: usize,
    pub(super) links: Vec<(String, String)>,
    pub(super) refs: Vec<Reference>,
    lines: LineIndex,
    pub(super) diags: Diagnostics,
    /// Items ready for the writer.
    pub(super) ready: VecDeque<Item<'a>>,
}

/// Marks where a footnote's links back go, to be filled in once every
/// reference is counted: NUL never reaches the HTML from a source.
pub(super) fn backref_placeholder(index: usize) -> String {
    format!("\u{0}fn{index}\u{0}")
}

impl<'a, 'c: 'a> Walk<'a, 'c> {
    /// A pass over `text`, the body of `file` at byte `start`, in `lang`.
    pub(super) fn new(
        cx: &'c Context<'c>,
        file: &'c SourceFile,
        lang: &'c Lang,
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
            ids: Ids::default(),
            notes: Footnotes::default(),
            notes_written: Vec::new(),
            flat_toc: Vec::new(),
            words: 0,
            links: Vec::new(),
            refs: Vec::new(),
            lines: LineIndex::default(),
            diags: Diagnostics::new(),
            ready: VecDeque::new(),
        }
    }

    /// Takes one event of the parser, whose source is `range` of the body.
    pub(super) fn step(&mut self, event: Event<'a>, range: Range<usize>) {
        let offset = self.start + range.start;
        let event = match event {
            // 1. links and images: `@/` resolved, root-relative ones rebased
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.depth += 1;
                let dest_url = self.destination(dest_url, offset, true);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.depth += 1;
                let dest_url = self.destination(dest_url, offset, false);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            // 2. raw HTML, rebased; a block kept whole
            Event::InlineHtml(h) => Event::InlineHtml(self.raw_html(h, offset)),
            Event::Start(Tag::HtmlBlock) => {
                self.html_block = Some(String::new());
                return;
            }
            Event::Html(h) if self.html_block.is_some() => {
                if let Some(block) = self.html_block.as_mut() {
                    block.push_str(&h);
                }
                return;
            }
            Event::End(TagEnd::HtmlBlock) => {
                let block = self.html_block.take().unwrap_or_default();
                if self.depth == 0 && block.trim() == "<!-- more -->" {
                    self.ready.push_back(Item::SummaryEnd);
                    return;
                }
                Event::Html(self.raw_html(block.into(), offset))
            }
            Event::Html(h) => Event::Html(self.raw_html(h, offset)),
            // 3. code, highlighted whole
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([',', ' ']).next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
                return;
            }
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, buf)) = self.code.as_mut() {
                    buf.push_str(&t);
                }
                return;
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, source) = self.code.take().unwrap_or_default();
                self.words += source.split_whitespace().count();
                let highlighter = self.highlight.then_some(self.cx.highlighter);
                Event::Html(code_block(highlighter, &lang, &source).into())
            }
            // 4. text: quotes in the language's marks, words counted
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
            // 5. headings: ids, anchors, table of contents
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                self.depth += 1;
                self.heading = Some(OpenHeading {
                    level,
                    id,
                    classes,
                    text: String::new(),
                    events: Vec::new(),
                });
                return;
            }
            Event::End(TagEnd::Heading(_)) => {
                self.depth = self.depth.saturating_sub(1);
                if let Some(h) = self.heading.take() {
                    self.close_heading(h);
                }
                return;
            }
            // 6. footnotes: numbered, linked both ways
            Event::FootnoteReference(name) => Event::InlineHtml(self.notes.reference(&name).into()),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.depth += 1;
                let open = self.notes.open(&name);
                self.notes_written.push(name.to_string());
                self.note = Some(OpenNote {
                    index: self.notes_written.len() - 1,
                    events: vec![Event::Html(open.into())],
                    last_paragraph: None,
                });
                return;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.depth = self.depth.saturating_sub(1);
                if let Some(note) = self.note.take() {
                    self.close_note(note);
                }
                return;
            }
            Event::End(TagEnd::Paragraph) if self.note.is_some() && self.heading.is_none() => {
                self.depth = self.depth.saturating_sub(1);
                if let Some(note) = self.note.as_mut() {
                    note.last_paragraph = Some(note.events.len());
                }
                event
            }
            Event::Start(tag) => {
                self.depth += 1;
                Event::Start(tag)
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                if let (0, Some(q)) = (self.depth, self.quoter.as_mut()) {
                    q.end_block();
                }
                Event::End(tag)
            }
            other => other,
        };
        self.emit(event);
    }

    /// Hands `event` on: into the open heading or note, or to the writer.
    fn emit(&mut self, event: Event<'a>) {
        if let Some(h) = self.heading.as_mut() {
            h.events.push(event);
        } else if let Some(n) = self.note.as_mut() {
            n.events.push(event);
        } else {
            self.ready.push_back(Item::Event(event));
        }
    }

    /// A link's or image's URL as published, noted for `check`.
    fn destination(&mut self, dest: CowStr<'a>, offset: usize, link: bool) -> CowStr<'a> {
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

    /// A heading's events, now that its text gives its id.
    fn close_heading(&mut self, h: OpenHeading<'a>) {
        let id = self.ids.unique(h.id.as_deref().unwrap_or(&h.text));
        let level = h.level as u8;
        let mut open = format!("<h{level} id=\"");
        let _ = escape_html(&mut open, &id);
        open.push('"');
        if !h.classes.is_empty() {
            open.push_str(" class=\"");
            let _ = escape_html(&mut open, &h.classes.join(" "));
            open.push('"');
        }
        open.push('>');
        let mut close = String::from("<a class=\"heading-anchor\" href=\"#");
        let _ = escape_html(&mut close, &id);
        close.push_str(&format!(
            "\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n"
        ));
        self.flat_toc.push(Heading {
            level,
            id,
            title: h.text.trim().to_owned(),
            children: Vec::new(),
        });
        self.emit(Event::Html(open.into()));
        for event in h.events {
            self.emit(event);
        }
        self.emit(Event::Html(close.into()));
    }

    /// A footnote's events, with the place for its links back inside its
    /// last paragraph.
    fn close_note(&mut self, mut note: OpenNote<'a>) {
        let at = note.last_paragraph.unwrap_or(note.events.len());
        let mark = Event::InlineHtml(backref_placeholder(note.index).into());
        note.events.insert(at, mark);
        note.events.push(Event::Html("</div>\n".into()));
        for event in note.events {
            self.emit(event);
        }
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
struct LineIndex {
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
