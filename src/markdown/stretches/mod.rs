//! A long body parsed a stretch at a time. pulldown-cmark holds the
//! blocks and inlines of the whole text it is given as a tree of about
//! 50 bytes a node, often ten times the text; a body over two
//! [`STRETCH`]es is cut where a parse of the text after the cut starts in
//! the state the whole parse is in there, and each stretch is parsed on
//! its own, one after the other, into one stream of events.
//!
//! A cut goes where a top-level block starts after a blank line, where a
//! top-level list's next item starts, or where a top-level table's next
//! row starts (that stretch is parsed after the table's head, whose
//! events are left out). The cuts are found by reading lines, which may
//! be wrong about what a line is; the parse checks each cut (the block
//! before it ends where the cut is, the block after it continues the
//! list or table), and when one is wrong the stream stops, failed, and
//! the body is parsed whole. What is not local to a stretch keeps the
//! body whole: a reference definition (`[x]: /url`) may be used from
//! anywhere, and a footnote's references stay in the stretch of its
//! definition (a reference without one is text).

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, DefaultBrokenLinkCallback, Event, OffsetIter, Options, Parser, Tag, TagEnd,
};

/// About how much text a stretch holds.
pub(super) const STRETCH: usize = 256 * 1024;

/// How many cells a table may have filled in before its stretches might
/// parse otherwise than the whole (see [`Top::filled`]).
const MAX_FILLED: usize = 1 << 17;

/// Where a stretch starts.
#[derive(Debug, Clone, PartialEq)]
enum Cut {
    /// A top-level block, after a blank line.
    Block(usize),
    /// The next item of the top-level list open before it.
    Item(usize),
    /// The next row of the top-level table open before it, whose head
    /// (its first two lines) is `head`.
    Row(usize, Range<usize>),
}

impl Cut {
    fn at(&self) -> usize {
        match self {
            Cut::Block(at) | Cut::Item(at) | Cut::Row(at, _) => *at,
        }
    }
}

/// The events of a body, with their ranges in it.
pub(super) enum Events<'a> {
    /// Parsed whole.
    Whole(Box<OffsetIter<'a, DefaultBrokenLinkCallback>>),
    /// Parsed a stretch at a time.
    Stretched(Box<Stretches<'a>>),
}

impl<'a> Events<'a> {
    /// The events of `text`, parsed with `options` a stretch at a time
    /// when it is long enough and `whole` is false.
    pub(super) fn of(text: &'a str, options: Options, stretch: usize, whole: bool) -> Events<'a> {
        match plan(text, stretch).filter(|_| !whole) {
            Some(cuts) => Events::Stretched(Box::new(Stretches::new(text, options, cuts))),
            None => Events::Whole(Box::new(Parser::new_ext(text, options).into_offset_iter())),
        }
    }

    /// Whether a cut turned out wrong: the events stopped short.
    pub(super) fn failed(&self) -> bool {
        matches!(self, Events::Stretched(s) if s.failed)
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Events::Whole(parser) => parser.next(),
            Events::Stretched(s) => s.next(),
        }
    }
}

/// The top-level block being read, as the parse shows it.
#[derive(Default)]
struct Top {
    /// How deep the current event is: 0 between top-level blocks.
    depth: usize,
    /// The kind of the last top-level block opened, and where it starts.
    kind: Option<(Kind, usize)>,
    /// Where the last top-level block closed.
    end: usize,
    /// For a list: whether it is tight, once an item shows it (or, for a
    /// list cut into stretches, a blank line between its items may).
    tight: Option<bool>,
    /// For a list: whether its items in this stretch showed it.
    shown: bool,
    /// For a list: where its part in this stretch starts, and whether it
    /// goes on from the stretch before.
    part: usize,
    continued: bool,
    /// For a table: the alignment of its columns.
    columns: Vec<Alignment>,
    /// For a table: its cells that may be filled in for a short row (the
    /// parser fills at most 2^18 a table).
    filled: usize,
}

/// What kind of top-level block it is, as far as cuts care.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    List,
    Table,
    /// A code or HTML block: its end may be the end of the stretch.
    Raw,
    Other,
}

/// The stretches of a body, parsed in turn.
pub(super) struct Stretches<'a> {
    text: &'a str,
    options: Options,
    cuts: Vec<Cut>,
    /// The index in `cuts` of the cut that ends the stretch being parsed.
    next: usize,
    /// Where the stretch being parsed starts and ends.
    start: usize,
    end: usize,
    parser: Option<std::iter::Peekable<OffsetIter<'a, DefaultBrokenLinkCallback>>>,
    /// The events of a stretch parsed after a table's head.
    queue: VecDeque<(Event<'a>, Range<usize>)>,
    top: Top,
    failed: bool,
}

impl<'a> Stretches<'a> {
    fn new(text: &'a str, options: Options, cuts: Vec<Cut>) -> Stretches<'a> {
        let end = cuts.first().map_or(text.len(), Cut::at);
        Stretches {
            text,
            options,
            cuts,
            next: 0,
            start: 0,
            end,
            parser: Some(
                Parser::new_ext(&text[..end], options)
                    .into_offset_iter()
                    .peekable(),
            ),
            queue: VecDeque::new(),
            top: Top::default(),
            failed: false,
        }
    }

    /// The cut that ends the stretch being parsed.
    fn ending(&self) -> Option<&Cut> {
        self.cuts.get(self.next)
    }

    /// Notes what `event` (at `range` of the body) says of the top-level
    /// block; false when it shows a cut to be wrong.
    fn observe(&mut self, event: &Event<'_>, range: &Range<usize>) -> bool {
        let top = &mut self.top;
        match event {
            Event::Start(tag) => {
                if top.depth == 0 {
                    let kind = match tag {
                        Tag::List(_) => Kind::List,
                        Tag::Table(columns) => {
                            top.columns.clone_from(columns);
                            Kind::Table
                        }
                        Tag::CodeBlock(_) | Tag::HtmlBlock => Kind::Raw,
                        _ => Kind::Other,
                    };
                    top.kind = Some((kind, range.start));
                    top.tight = None;
                    top.shown = false;
                    top.part = range.start;
                    top.continued = false;
                    top.filled = 0;
                }
                if matches!(tag, Tag::TableCell) && range.is_empty() {
                    top.filled += 1;
                    if top.filled >= MAX_FILLED {
                        return false;
                    }
                }
                if top.depth == 2 && matches!(top.kind, Some((Kind::List, _))) {
                    let loose = matches!(tag, Tag::Paragraph);
                    let inline = matches!(
                        tag,
                        Tag::Emphasis
                            | Tag::Strong
                            | Tag::Strikethrough
                            | Tag::Link { .. }
                            | Tag::Image { .. }
                    );
                    if (loose || inline) && !note_tight(top, inline) {
                        return false;
                    }
                }
                top.depth += 1;
            }
            Event::End(_) => {
                top.depth = top.depth.saturating_sub(1);
                if top.depth == 0 {
                    top.end = range.end;
                    if top.continued {
                        return self.part_ends(range.end);
                    }
                }
            }
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
                if top.depth == 2 && matches!(top.kind, Some((Kind::List, _))) =>
            {
                return note_tight(top, true);
            }
            _ => {}
        }
        true
    }

    /// Notes that the part up to `end` of a list cut into stretches ends:
    /// a part whose items did not show whether the list is tight (none
    /// holds a paragraph) may still make it loose, with a blank line
    /// between its items. False when the list's parts disagree.
    fn part_ends(&mut self, end: usize) -> bool {
        let top = &mut self.top;
        if top.shown || !inner_blank(&self.text[top.part..end]) {
            return true;
        }
        note_tight(top, false)
    }

    /// Checks the cut that ended the stretch just parsed and starts the
    /// next stretch; false when there is none, or (failed) the cut was wrong.
    fn advance(&mut self) -> bool {
        let Some(cut) = self.ending().cloned() else {
            return false;
        };
        let ok = self.check(&cut) && self.start_after(&cut);
        self.failed = !ok;
        ok
    }

    /// Whether the stretch just parsed ends as `cut` needs.
    fn check(&self, cut: &Cut) -> bool {
        let top = &self.top;
        match cut {
            // A code or HTML block open at the cut may go on past it.
            Cut::Block(at) => {
                !matches!(top.kind, Some((Kind::Raw, _))) || top.end <= blank_start(self.text, *at)
            }
            // The list or table must be open at the cut (its end was held back).
            Cut::Item(_) => top.depth == 1 && matches!(top.kind, Some((Kind::List, _))),
            Cut::Row(_, head) => {
                top.depth == 1
                    && matches!(top.kind, Some((Kind::Table, start)) if start == head.start)
            }
        }
    }

    /// Starts the stretch after `cut`; false when it does not go on as
    /// the cut says.
    fn start_after(&mut self, cut: &Cut) -> bool {
        let at = cut.at();
        self.next += 1;
        self.start = at;
        self.end = self.ending().map_or(self.text.len(), Cut::at);
        let stretch = &self.text[at..self.end];
        match cut {
            Cut::Block(_) => {
                self.parser = Some(
                    Parser::new_ext(stretch, self.options)
                        .into_offset_iter()
                        .peekable(),
                );
                true
            }
            Cut::Item(_) => {
                let mut parser = Parser::new_ext(stretch, self.options)
                    .into_offset_iter()
                    .peekable();
                let marker = self
                    .top
                    .kind
                    .and_then(|(_, s)| marker(line_at(self.text, s)));
                // The item continues the list: the same marker, and the
                // stretch's own list start left out.
                let continues = matches!(parser.next(), Some((Event::Start(Tag::List(_)), r)) if r.start == 0)
                    && marker.is_some()
                    && marker == self::marker(line_at(self.text, at));
                self.parser = Some(parser);
                self.top.part = at;
                self.top.shown = false;
                self.top.continued = true;
                continues
            }
            Cut::Row(_, head) => self.rows_after(head),
        }
    }

    /// Parses the stretch of rows after the table's head `head`: the
    /// events of the head are left out, the rest queued.
    fn rows_after(&mut self, head: &Range<usize>) -> bool {
        let mut text = String::with_capacity(head.len() + self.end - self.start);
        text.push_str(&self.text[head.clone()]);
        text.push_str(&self.text[self.start..self.end]);
        let shift = head.len();
        let mut events = Parser::new_ext(&text, self.options).into_offset_iter();
        match events.next() {
            Some((Event::Start(Tag::Table(columns)), _)) if columns == self.top.columns => {}
            _ => return false,
        }
        // The stretch's first line must be the table's next row.
        let first = events
            .find(|(e, _)| matches!(e, Event::Start(Tag::TableRow) | Event::End(TagEnd::Table)));
        match first {
            Some((event @ Event::Start(Tag::TableRow), range)) if range.start == shift => {
                self.queue
                    .push_back((event.into_static(), 0..range.end - shift));
            }
            _ => return false,
        }
        for (event, range) in events {
            let range = range.start.saturating_sub(shift)..range.end.saturating_sub(shift);
            self.queue.push_back((event.into_static(), range));
        }
        true
    }

    /// The next event of the stretch being parsed, with its range in the body.
    fn next_of_stretch(&mut self) -> Option<(Event<'a>, Range<usize>)> {
        if let Some((event, range)) = self.queue.pop_front() {
            return Some((event, self.start + range.start..self.start + range.end));
        }
        let parser = self.parser.as_mut()?;
        let (event, range) = parser.next()?;
        if parser.peek().is_none() {
            self.parser = None;
        }
        Some((event, self.start + range.start..self.start + range.end))
    }
}

impl<'a> Iterator for Stretches<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.failed {
                return None;
            }
            let Some((event, range)) = self.next_of_stretch() else {
                if self.advance() {
                    continue;
                }
                return None;
            };
            let closes_top = self.top.depth == 1 && matches!(event, Event::End(_));
            // The last event of a stretch that ends inside a list or table
            // closes it: held back, for the next stretch continues it.
            if closes_top
                && self.parser.is_none()
                && self.queue.is_empty()
                && matches!(self.ending(), Some(Cut::Item(_) | Cut::Row(..)))
            {
                let list = matches!(self.top.kind, Some((Kind::List, _)));
                if range.end != self.end || (list && !self.part_ends(range.end)) {
                    self.failed = true;
                }
                continue;
            }
            if !self.observe(&event, &range) {
                self.failed = true;
                return None;
            }
            return Some((event, range));
        }
    }
}

/// Notes that an item of the top-level list shows it tight (or loose);
/// false when another item showed it otherwise.
fn note_tight(top: &mut Top, tight: bool) -> bool {
    top.shown = true;
    *top.tight.get_or_insert(tight) == tight
}

/// Whether `text` has a blank line with more lines after it.
fn inner_blank(text: &str) -> bool {
    let mut blank = false;
    for line in text.split_inclusive('\n') {
        match is_blank(line) {
            true => blank = true,
            false if blank => return true,
            false => {}
        }
    }
    false
}

/// Where the blank line before `at` (a line start) starts.
fn blank_start(text: &str, at: usize) -> usize {
    text[..at.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |n| n + 1)
}

/// The line that starts at `at`, without its end.
fn line_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

/// The list marker a line starts with (after up to three spaces): the
/// bullet, or an ordered item's delimiter (`.` or `)`).
fn marker(line: &str) -> Option<u8> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return None;
    }
    let bytes = rest.as_bytes();
    let after = |i: usize| {
        bytes
            .get(i)
            .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    };
    match bytes.first()? {
        b @ (b'-' | b'+' | b'*') if after(1) => Some(*b),
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(d @ (b'.' | b')')) if digits <= 9 && after(digits + 1) => Some(*d),
                _ => None,
            }
        }
        _ => None,
    }
}

mod plan;

use plan::{is_blank, plan};
#[cfg(test)]
mod tests;
