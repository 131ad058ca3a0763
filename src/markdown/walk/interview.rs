//! Interviews: who speaks, and what is quoted.
//!
//! A paragraph that starts with a speaker's label and a colon is a turn of
//! the conversation: `**Binhammer:** Das werde ich oft gefragt …` (bold or
//! not). The label is one of the page's `[[people]]` (the whole name, or
//! one word of it: `Binhammer`, `Richard`) or a question label (`Frage`,
//! `F`, `Question`, `Q`). It is written as the WHATWG suggests for
//! conversations, a paragraph with the speaker in `<b>`, marked by class:
//! `<p class="turn turn-answer"><b class="speaker">Richard Binhammer:</b> …</p>`.
//! A person's first turn shows their whole name, later turns the label as
//! written.
//!
//! A block quote whose last line is an attribution (`— Binhammer`, also
//! `–` or `--`) is a pull quote: `<figure class="pull-quote">` holding the
//! quote and a `<figcaption>` with the name (a person's whole name when the
//! label names one of `[[people]]`).
//!
//! Top-level paragraphs and block quotes wait until they are whole for
//! this; nothing else does.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use crate::content::front_matter::Person;

use super::Walk;

/// The labels that mark the interviewer's question, in both languages.
const QUESTION_LABELS: [&str; 4] = ["Frage", "F", "Question", "Q"];

/// The longest label a turn may start with, in bytes.
const MAX_LABEL: usize = 60;

/// Who speaks in a body: the page's people, and whose turn came already.
#[derive(Default)]
pub(super) struct Speakers<'c> {
    people: &'c [Person],
    /// Per person, whether their whole name was shown in a turn.
    named: Vec<bool>,
}

/// Who a label names.
#[derive(Debug, PartialEq)]
enum Speaker {
    /// The interviewer.
    Question,
    /// One of the page's people, by index.
    Person(usize),
}

impl<'c> Speakers<'c> {
    /// The speakers of a page with `people`.
    pub(super) fn new(people: &'c [Person]) -> Speakers<'c> {
        Speakers {
            people,
            named: vec![false; people.len()],
        }
    }

    /// Who `label` names, if anyone.
    fn find(&self, label: &str) -> Option<Speaker> {
        if QUESTION_LABELS.contains(&label) {
            return Some(Speaker::Question);
        }
        self.person(label).map(Speaker::Person)
    }

    /// The person `label` names: their whole name, or one word of it.
    fn person(&self, label: &str) -> Option<usize> {
        let label = label.trim();
        if label.is_empty() {
            return None;
        }
        self.people
            .iter()
            .position(|p| p.name == label || p.name.split_whitespace().any(|word| word == label))
    }
}

impl<'a, 'c: 'a> Walk<'a, 'c> {
    /// Whether a block that starts now at the top level waits to be seen
    /// whole: a paragraph (it may be a turn) or a block quote (it may be a
    /// pull quote).
    pub(super) fn holds(&self, tag: &Tag<'_>) -> bool {
        self.depth == 0
            && self.heading.is_none()
            && self.note.is_none()
            && matches!(tag, Tag::Paragraph | Tag::BlockQuote(_))
    }

    /// A top-level paragraph or block quote, now whole (`events` from its
    /// start to its end): handed on as a turn, a pull quote, or as it was.
    pub(super) fn close_block(&mut self, mut events: Vec<Event<'a>>) {
        // (A paragraph that was a lone image is its figure by now.)
        let html = match events.first() {
            Some(Event::Start(Tag::Paragraph)) => self.turn(&mut events),
            Some(Event::Start(Tag::BlockQuote(_))) => self.pull_quote(&mut events),
            _ => None,
        };
        if let Some((open, close)) = html {
            events[0] = Event::Html(open.into());
            if let Some(last) = events.last_mut() {
                *last = Event::Html(close.into());
            }
        }
        for event in events {
            self.out(event);
        }
    }

    /// The opening and closing HTML of a paragraph that is a turn, its label
    /// taken out of `events`.
    fn turn(&mut self, events: &mut Vec<Event<'a>>) -> Option<(String, String)> {
        let label = leading_label(events)?;
        let speaker = self.speakers.find(&label.text)?;
        label.take_from(events);
        let label = label.text;
        let (class, name) = match speaker {
            Speaker::Question => ("turn turn-question", label),
            Speaker::Person(i) => {
                let first = !std::mem::replace(&mut self.speakers.named[i], true);
                let name = match first {
                    true => self.speakers.people[i].name.clone(),
                    false => label,
                };
                ("turn turn-answer", name)
            }
        };
        let mut open = format!("<p class=\"{class}\"><b class=\"speaker\">");
        let _ = escape_html(&mut open, &name);
        open.push_str(":</b> ");
        Some((open, "</p>\n".to_owned()))
    }

    /// The opening and closing HTML of a block quote that ends in an
    /// attribution, the attribution taken out of `events`.
    fn pull_quote(&mut self, events: &mut Vec<Event<'a>>) -> Option<(String, String)> {
        let (name, cut) = attribution(events)?;
        // The attribution alone in its paragraph: the paragraph goes too.
        let cut = match events.get(cut.start.wrapping_sub(1)) {
            Some(Event::Start(Tag::Paragraph)) => cut.start - 1..cut.end + 1,
            _ => cut,
        };
        // A quote that is nothing but its attribution stays a quote.
        if cut.start <= 1 && cut.end + 1 >= events.len() {
            return None;
        }
        events.drain(cut);
        let name = match self.speakers.person(&name) {
            Some(i) => self.speakers.people[i].name.clone(),
            None => name,
        };
        let mut close = String::from("</blockquote>\n<figcaption>");
        let _ = escape_html(&mut close, &name);
        close.push_str("</figcaption>\n</figure>\n");
        Some((
            "<figure class=\"pull-quote\">\n<blockquote>\n".to_owned(),
            close,
        ))
    }
}

/// The label a paragraph starts with (`**Name:**`, `**Name**:` or
/// `Name:`), read from `events` but not yet taken out of them.
struct Label {
    text: String,
    /// How many events after the paragraph's start it takes whole.
    events: usize,
    /// How many bytes it takes of the text after those.
    bytes: usize,
}

impl Label {
    /// Takes the label (and the space after it) out of a paragraph's events.
    fn take_from(&self, events: &mut Vec<Event<'_>>) {
        events.drain(1..1 + self.events);
        if let Some(Event::Text(t)) = events.get_mut(1) {
            let rest = t.get(self.bytes..).unwrap_or("").trim_start().to_owned();
            *t = CowStr::from(rest);
        }
    }
}

/// The label the paragraph of `events` starts with, if it has one.
fn leading_label(events: &[Event<'_>]) -> Option<Label> {
    match events.get(1..4) {
        Some(
            [
                Event::Start(Tag::Strong),
                Event::Text(t),
                Event::End(TagEnd::Strong),
            ],
        ) => {
            if let Some(label) = t.strip_suffix(':') {
                return Some(Label {
                    text: label.trim().to_owned(),
                    events: 3,
                    bytes: 0,
                });
            }
            // `**Name**:`: the colon opens the text after the label.
            match events.get(4) {
                Some(Event::Text(after)) if after.starts_with(':') => Some(Label {
                    text: t.trim().to_owned(),
                    events: 3,
                    bytes: 1,
                }),
                _ => None,
            }
        }
        _ => {
            let Some(Event::Text(t)) = events.get(1) else {
                return None;
            };
            let colon = t.find(':').filter(|&i| i > 0 && i <= MAX_LABEL)?;
            let label = &t[..colon];
            // A label is a name, not a clause.
            if label.contains(['.', ',', ';', '(', '"']) {
                return None;
            }
            Some(Label {
                text: label.trim().to_owned(),
                events: 0,
                bytes: colon + 1,
            })
        }
    }
}

/// The name a block quote's last line attributes it to, and which of its
/// events that line is (its text and the line break before it).
fn attribution(events: &[Event<'_>]) -> Option<(String, std::ops::Range<usize>)> {
    // [Start(BlockQuote), …, End(Paragraph), End(BlockQuote)]
    let n = events.len();
    if n < 4 || !matches!(events[n - 2], Event::End(TagEnd::Paragraph)) {
        return None;
    }
    let end = n - 2;
    // The line's text runs back to a line break or the paragraph's start.
    let mut start = end;
    while start > 0 && matches!(events[start - 1], Event::Text(_)) {
        start -= 1;
    }
    let text: String = events[start..end]
        .iter()
        .map(|e| match e {
            Event::Text(t) => t.as_ref(),
            _ => "",
        })
        .collect();
    let name = ["—", "–", "---", "--"]
        .iter()
        .find_map(|dash| text.trim().strip_prefix(dash))?
        .trim();
    if name.is_empty() || name.len() > MAX_LABEL {
        return None;
    }
    match events.get(start.wrapping_sub(1)) {
        Some(Event::SoftBreak | Event::HardBreak) => Some((name.to_owned(), start - 1..end)),
        Some(Event::Start(Tag::Paragraph)) => Some((name.to_owned(), start..end)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use scraper::{Html, Selector};

    use crate::content::front_matter::Person;
    use crate::markdown::tests::md_with;

    fn binhammer() -> Vec<Person> {
        vec![Person {
            name: "Richard Binhammer".into(),
            role: Some("Head of Public Affairs".into()),
            org: Some("Dell".into()),
        }]
    }

    /// The body's HTML, and per top-level element its tag, class and text.
    fn blocks(lang: &str, body: &str) -> Vec<(String, String, String)> {
        let html = md_with(lang, body, &binhammer()).unwrap().html;
        let doc = Html::parse_fragment(&html);
        doc.root_element()
            .child_elements()
            .map(|e| {
                let v = e.value();
                let class = v.attr("class").unwrap_or("").to_owned();
                let text = e.text().collect::<String>().trim().to_owned();
                (v.name().to_owned(), class, text)
            })
            .collect()
    }

    fn speakers(body: &str) -> Vec<String> {
        let html = md_with("de", body, &binhammer()).unwrap().html;
        let doc = Html::parse_fragment(&html);
        let sel = Selector::parse("p.turn > b.speaker:first-child").unwrap();
        doc.select(&sel).map(|e| e.text().collect()).collect()
    }

    #[test]
    fn a_labelled_paragraph_is_a_turn_named_from_people() {
        let body = "**Frage:** Wie groß ist die Abteilung?\n\n\
                    **Binhammer:** Es gibt keine.\n\n\
                    **Frage:** Wirklich nicht?\n\n\
                    Binhammer: Wirklich nicht.\n\n\
                    **Richard**: Und auch „keine“ geplant.\n";
        assert_eq!(
            speakers(body),
            [
                "Frage:",
                "Richard Binhammer:",
                "Frage:",
                "Binhammer:",
                "Richard:"
            ]
        );
        let b = blocks("de", body);
        assert_eq!(b[0].1, "turn turn-question");
        assert_eq!(b[1].1, "turn turn-answer");
        assert_eq!(b[1].2, "Richard Binhammer: Es gibt keine.");
        assert_eq!(b[3].2, "Binhammer: Wirklich nicht.");
        assert_eq!(b[4].2, "Richard: Und auch „keine“ geplant.");
    }

    #[test]
    fn other_labels_and_clauses_stay_paragraphs() {
        for body in [
            "**Hinweis:** nur ein Hinweis.",
            "Fazit: zuhören.",
            "Er sagte, Binhammer: nie.",
            "**Binhammer** sagte: nie.",
            "- Binhammer: in einer Liste",
        ] {
            let html = md_with("de", body, &binhammer()).unwrap().html;
            assert!(!html.contains("turn"), "{body} → {html}");
        }
        // Without people only the question labels make turns.
        let html = md_with("en", "**Binhammer:** x\n\n**Q:** y", &[])
            .unwrap()
            .html;
        assert_eq!(
            html,
            "<p><strong>Binhammer:</strong> x</p>\n\
             <p class=\"turn turn-question\"><b class=\"speaker\">Q:</b> y</p>\n"
        );
    }

    #[test]
    fn a_quote_ending_in_an_attribution_is_a_pull_quote() {
        let body = "> \"Kein Unternehmen hat eine Telefonabteilung.\"\n> — Binhammer\n";
        let html = md_with("de", body, &binhammer()).unwrap().html;
        assert_eq!(
            html,
            "<figure class=\"pull-quote\">\n<blockquote>\n\
             <p>„Kein Unternehmen hat eine Telefonabteilung.“</p>\n\
             </blockquote>\n<figcaption>Richard Binhammer</figcaption>\n</figure>\n"
        );
        // Its own paragraph, typed as two hyphens, a name not among people.
        let b = blocks("en", "> Less is more.\n>\n> -- Mies van der Rohe\n");
        assert_eq!(b.len(), 1);
        assert_eq!((b[0].0.as_str(), b[0].1.as_str()), ("figure", "pull-quote"));
        assert_eq!(b[0].2, "Less is more.\n\nMies van der Rohe");
    }

    #[test]
    fn other_quotes_stay_quotes() {
        for body in [
            "> Nur ein Zitat.\n",
            "> — Binhammer\n",
            "> Ein Zitat mit einem — Gedankenstrich darin.\n",
        ] {
            let b = blocks("de", body);
            assert_eq!(b[0].0, "blockquote", "{body}");
        }
    }
}
