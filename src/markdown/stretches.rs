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

use std::collections::{HashMap, VecDeque};
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

/// Where to cut `text` into stretches of about `stretch` bytes; `None`
/// when it is to be parsed whole.
fn plan(text: &str, stretch: usize) -> Option<Vec<Cut>> {
    if text.len() < 2 * stretch || may_define_references(text) {
        return None;
    }
    let kept = footnote_spans(text)?;
    let mut cuts = Vec::new();
    let mut lines = Lines::default();
    let mut from = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if let Some(cut) = lines.read(line, at, text)
            && at >= from + stretch
            && text.len() - at >= stretch / 2
            && !inside(&kept, at)
        {
            cuts.push(cut);
            from = at;
        }
        at += line.len();
    }
    (!cuts.is_empty()).then_some(cuts)
}

/// Whether `at` is inside one of `spans` (sorted, apart).
fn inside(spans: &[Range<usize>], at: usize) -> bool {
    let i = spans.partition_point(|s| s.end < at);
    spans.get(i).is_some_and(|s| s.start < at)
}

/// What the lines read so far look like: a guess, which the parse checks.
#[derive(Default)]
struct Lines {
    /// The line before was blank (or there was none).
    blank: bool,
    /// Inside a fenced code block: its fence character and length.
    fence: Option<(u8, usize)>,
    /// Inside an HTML block that a blank line does not end: what ends it.
    html: Option<&'static str>,
    /// Where the current top-level block starts, and its first line's marker.
    block: Option<(usize, Option<u8>)>,
    /// The current top-level block's lines so far.
    block_lines: usize,
    /// The head of the table the current block is.
    table: Option<Range<usize>>,
}

impl Lines {
    /// Reads `line` (with its end), at `at` of `text`: the cut it starts, if any.
    fn read(&mut self, line: &str, at: usize, text: &str) -> Option<Cut> {
        let blank = is_blank(line);
        if let Some((c, n)) = self.fence {
            if closes_fence(line, c, n) {
                self.fence = None;
            }
            self.blank = blank;
            return None;
        }
        if let Some(end) = self.html {
            if line.to_ascii_lowercase().contains(end) {
                self.html = None;
            }
            self.blank = blank;
            return None;
        }
        if blank {
            self.blank = true;
            return None;
        }
        let col0 = !line.starts_with([' ', '\t']);
        let mark = marker(line);
        let cut = match (self.blank, col0, &self.block) {
            (true, true, _) if at > 0 && mark.is_none() => Some(Cut::Block(at)),
            (false, true, Some((_, Some(m)))) if mark == Some(*m) => Some(Cut::Item(at)),
            (false, true, Some(_)) if line.starts_with('|') && self.block_lines >= 2 => {
                self.table.clone().map(|head| Cut::Row(at, head))
            }
            _ => None,
        };
        if (self.blank && col0) || self.block.is_none() {
            self.block = Some((at, mark));
            self.block_lines = 1;
            self.table = None;
        } else {
            self.block_lines += 1;
            if let (2, Some((start, _))) = (self.block_lines, self.block)
                && line_at(text, start).contains('|')
                && is_delimiter_row(line)
            {
                self.table = Some(start..at + line.len());
            }
        }
        self.fence = opens_fence(line);
        if self.fence.is_none() {
            self.html = html_end(line);
        }
        self.blank = false;
        cut
    }
}

/// Whether `line` is blank as Markdown sees it: spaces and tabs only
/// (not other white space, such as a no-break space).
fn is_blank(line: &str) -> bool {
    line.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// A fence that opens a code block: its character and length.
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 {
        return None;
    }
    let c = *rest.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == c).count();
    (n >= 3 && !(c == b'`' && rest[n..].contains('`'))).then_some((c, n))
}

/// Whether `line` closes a fenced code block opened with `n` of `c`.
fn closes_fence(line: &str, c: u8, n: usize) -> bool {
    let rest = line.trim_start_matches(' ');
    let run = rest.bytes().take_while(|&b| b == c).count();
    line.len() - rest.len() <= 3 && run >= n && is_blank(&rest[run..])
}

/// What ends the HTML block `line` opens, when a blank line does not end
/// it and `line` itself does not.
fn html_end(line: &str) -> Option<&'static str> {
    let rest = line.trim_start_matches(' ');
    if line.len() - rest.len() > 3 || !rest.starts_with('<') {
        return None;
    }
    let lower = rest.to_ascii_lowercase();
    let raw = ["script", "pre", "style", "textarea"]
        .into_iter()
        .find(|tag| {
            lower[1..].starts_with(tag)
                && lower[1 + tag.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == '>' || c.is_whitespace())
        });
    let (start, end) = match raw {
        Some("script") => (1, "</script>"),
        Some("pre") => (1, "</pre>"),
        Some("style") => (1, "</style>"),
        Some(_) => (1, "</textarea>"),
        None if lower.starts_with("<!--") => (4, "-->"),
        None if lower.starts_with("<?") => (2, "?>"),
        None if lower.starts_with("<![cdata[") => (9, "]]>"),
        None if lower.starts_with("<!")
            && lower[2..].starts_with(|c: char| c.is_ascii_alphabetic()) =>
        {
            (2, ">")
        }
        None => return None,
    };
    (!lower[start..].contains(end)).then_some(end)
}

/// Whether `line` is a table's delimiter row (`|---|:-:|`).
fn is_delimiter_row(line: &str) -> bool {
    let line = line.trim();
    line.contains('-')
        && line
            .bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// Whether `text` may define a link reference (`[label]: url`): any `]:`
/// but a footnote's with a plain label (`[^note-1]:`).
fn may_define_references(text: &str) -> bool {
    text.match_indices("]:").any(|(at, _)| {
        let before = &text[..at];
        match before.rfind(['[', ']', '\n']) {
            Some(open) if before.as_bytes()[open] == b'[' => !is_plain_label(&before[open + 1..]),
            _ => true,
        }
    })
}

/// `^` and a plain footnote label: letters, digits, `-` and `_`.
fn is_plain_label(label: &str) -> bool {
    label.strip_prefix('^').is_some_and(|name| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    })
}

/// The stretches of text that must not be cut: from the first to the
/// last mention of each footnote that is defined (`[^a]` and `[^a]:`),
/// labels compared without case and white space. `None` when a label is
/// not plain enough to compare that way.
fn footnote_spans(text: &str) -> Option<Vec<Range<usize>>> {
    let mut spans: HashMap<String, (Range<usize>, bool)> = HashMap::new();
    for (at, _) in text.match_indices("[^") {
        let rest = &text[at + 2..];
        // A label is at most 999 characters: look no further.
        let near = &rest.as_bytes()[..rest.len().min(4000)];
        let Some(close) = near.iter().position(|&b| b == b']') else {
            continue;
        };
        let label = &rest[..close];
        let defines = rest[close + 1..].starts_with(':');
        if !label.is_ascii() {
            return None;
        }
        let key: String = label
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let span = spans.entry(key).or_insert((at..at, false));
        span.0.end = at + 2 + close;
        span.1 |= defines;
    }
    let mut defined: Vec<Range<usize>> = spans
        .into_values()
        .filter(|(_, defined)| *defined)
        .map(|(s, _)| s)
        .collect();
    defined.sort_by_key(|s| s.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(defined.len());
    for span in defined {
        match merged.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    Some(merged)
}

#[cfg(test)]
mod tests {
    use std::ops::Range;

    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    use super::{Events, plan};

    fn options() -> Options {
        Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_SMART_PUNCTUATION
    }

    /// The lines random bodies are made of: every kind of block, and the
    /// lines that make a cut wrong (fences, raw HTML, lazy lines, markers).
    const LINES: [&str; 70] = [
        "> - im Zitat",
        "- > Zitat im Punkt",
        "  > eingerückt",
        "- ```",
        "> ```",
        "   ```",
        "  1. innen",
        "<div>Text</div>",
        "  <pre>",
        "|:-|",
        "|-|",
        "- | a |",
        "Absatz | mit Pipe",
        "[^1]",
        "",
        "",
        "",
        "\u{a0}",
        " \t",
        "Zeile\rmit Wagenrücklauf",
        "\r",
        "Text mit *Betonung* und `Code` und [Link](/x) \"so\".",
        "noch eine Zeile",
        "# Titel",
        "## Über uns {#ueber}",
        "Setext",
        "===",
        "---",
        "***",
        "* * *",
        "- eins",
        "- zwei",
        "* stern",
        "+ plus",
        "1. erstens",
        "2) zweitens",
        "10. zehntens",
        "  - innen",
        "    - tiefer",
        "  weiter im Punkt",
        "- [ ] Aufgabe",
        "-",
        "| a | b |",
        "|---|:-:|",
        "| 1 | 2 |",
        "| nur eins |",
        "x | y",
        "|",
        "```",
        "```rust",
        "~~~",
        "  ```",
        "    Code eingerückt",
        "\tTab",
        "<div>",
        "</div>",
        "<pre>",
        "</pre>",
        "<!-- Kommentar",
        "-->",
        "<!-- more -->",
        "> Zitat",
        "> > tiefer",
        ">",
        "Satz[^1] und[^a].",
        "[^1]: Die Notiz.",
        "[^a]: Noch eine,",
        "    weiter in der Notiz.",
        "<script>",
        "</script>",
    ];

    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    /// The events with their ranges, but those of blocks that hold blocks
    /// (a list spanning stretches has its first stretch's, and one that
    /// ends a stretch also holds the blank lines after it), which the
    /// body's pass does not read.
    fn normalized<'a>(
        events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    ) -> Vec<(Event<'a>, Range<usize>)> {
        let holds = |e: &Event<'_>| match e {
            Event::Start(tag) => matches!(
                tag,
                Tag::List(_)
                    | Tag::Item
                    | Tag::Table(_)
                    | Tag::BlockQuote(_)
                    | Tag::FootnoteDefinition(_)
            ),
            Event::End(tag) => matches!(
                tag,
                TagEnd::List(_)
                    | TagEnd::Item
                    | TagEnd::Table
                    | TagEnd::BlockQuote(_)
                    | TagEnd::FootnoteDefinition
            ),
            _ => false,
        };
        events
            .map(|(e, r)| if holds(&e) { (e, 0..0) } else { (e, r) })
            .collect()
    }

    /// Every event and range of random bodies is the same parsed a
    /// stretch at a time (cut wherever the lines allow) as parsed whole,
    /// unless the parse shows a cut wrong (then the body is parsed whole).
    #[test]
    fn stretches_parse_as_the_whole() {
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let (mut cut, mut failed) = (0, 0);
        for _ in 0..30_000 {
            let n = 5 + (next() % 60) as usize;
            let lines: Vec<&str> = (0..n)
                .map(|_| LINES[(next() % LINES.len() as u64) as usize])
                .collect();
            let text = lines.join("\n") + if next().is_multiple_of(2) { "\n" } else { "" };
            let whole = normalized(Parser::new_ext(&text, options()).into_offset_iter());
            let stretch = 1 + (next() % 40) as usize;
            if plan(&text, stretch).is_none() {
                continue;
            }
            let mut events = Events::of(&text, options(), stretch, false);
            let stretched = normalized(events.by_ref());
            if events.failed() {
                failed += 1;
                continue;
            }
            cut += 1;
            assert_eq!(
                stretched,
                whole,
                "{text:?} cut at {:?}",
                plan(&text, stretch)
            );
        }
        assert!(
            cut > 3_000 && failed < cut / 2,
            "{cut} cut, {failed} failed"
        );
    }

    #[test]
    fn a_short_body_or_one_with_references_is_whole() {
        let long = "Absatz.\n\n".repeat(100);
        assert!(plan(&long, 50).is_some());
        assert!(plan(&long, 1000).is_none());
        assert!(plan(&format!("{long}[x]: /y\n"), 50).is_none());
        assert!(plan(&format!("{long}[^x]: Notiz\n"), 50).is_some());
        assert!(plan(&format!("{long}[^ä]: Notiz\n"), 50).is_none());
    }
}
