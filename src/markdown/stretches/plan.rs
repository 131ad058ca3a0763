//! Where a long body may be cut: read line by line, the top-level blocks
//! and where the next one starts, and what keeps the body whole.

use std::collections::HashMap;
use std::ops::Range;

use super::{Cut, line_at, marker};

/// Where to cut `text` into stretches of about `stretch` bytes; `None`
/// when it is to be parsed whole.
pub(super) fn plan(text: &str, stretch: usize) -> Option<Vec<Cut>> {
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
pub(super) fn is_blank(line: &str) -> bool {
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
