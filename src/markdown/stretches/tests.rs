use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::Events;
use super::plan::plan;

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
