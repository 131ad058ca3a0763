//! What a body's pass holds back until it is whole: a code block
//! (highlighted whole), a heading (its id comes from its text) and a
//! footnote (its way back goes into its last paragraph).

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use crate::markdown::footnotes::backref_placeholder;
use crate::markdown::headings::Heading;
use crate::markdown::highlight::code_block;

use super::{OpenHeading, OpenNote, Walk};

impl<'a, 'c: 'a> Walk<'a, 'c> {
    /// A code block's HTML once it is read whole; `None` until then.
    pub(super) fn code(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([',', ' ']).next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some((info, String::new()));
                None
            }
            Event::Text(t) if self.code.is_some() => {
                if let Some((_, buf)) = self.code.as_mut() {
                    buf.push_str(&t);
                }
                None
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, source) = self.code.take().unwrap_or_default();
                self.words += source.split_whitespace().count();
                let highlighter = self.highlight.then_some(self.cx.highlighter);
                Some(Event::Html(code_block(highlighter, &lang, &source).into()))
            }
            other => Some(other),
        }
    }

    /// A heading opened, or closed (its events handed on with its id).
    pub(super) fn heading(&mut self, event: Event<'a>) {
        match event {
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
            }
            Event::End(TagEnd::Heading(_)) => {
                self.depth = self.depth.saturating_sub(1);
                if let Some(h) = self.heading.take() {
                    self.close_heading(h);
                }
            }
            _ => {}
        }
    }

    /// A footnote's reference, or its note opened or closed (its events
    /// handed on whole), or the end of one of its paragraphs.
    pub(super) fn footnote(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        match event {
            Event::FootnoteReference(name) => {
                Some(Event::InlineHtml(self.notes.reference(&name).into()))
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.depth += 1;
                let open = self.notes.open(&name);
                self.notes_written.push(self.notes.index(&name));
                self.note = Some(OpenNote {
                    index: self.notes_written.len() - 1,
                    events: vec![Event::Html(open.into())],
                    last_paragraph: None,
                });
                None
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.depth = self.depth.saturating_sub(1);
                if let Some(note) = self.note.take() {
                    self.close_note(note);
                }
                None
            }
            Event::End(TagEnd::Paragraph) if self.note.is_some() && self.heading.is_none() => {
                self.depth = self.depth.saturating_sub(1);
                if let Some(note) = self.note.as_mut() {
                    note.last_paragraph = Some(note.events.len());
                }
                Some(event)
            }
            other => Some(other),
        }
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
