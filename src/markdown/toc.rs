//! A body's table of contents, kept compact (the headings' ids and titles
//! in one string, a few numbers a heading) until its page is rendered,
//! then made into the template value `page.toc` for that page alone: a
//! heading as a template value costs about 550 bytes, and a report with
//! 200,000 headings held them that way besides its headings.

use std::ops::Range;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use tera::Value;

use super::headings::Heading;

/// The headings of a body, nested by level.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Toc {
    /// Each heading's id, then its title, one heading after the other.
    text: String,
    /// The headings in the order they come.
    entries: Vec<Entry>,
}

/// One heading: where its id and title are in [`Toc::text`].
#[derive(Clone, Copy, PartialEq, Eq)]
struct Entry {
    level: u8,
    at: usize,
    id: usize,
    title: usize,
    /// How many headings come below it (its subheadings, theirs, …).
    below: usize,
}

impl Toc {
    /// The table of contents of `headings`.
    pub fn of(headings: &[Heading]) -> Toc {
        fn add(toc: &mut Toc, headings: &[Heading]) {
            for h in headings {
                let index = toc.entries.len();
                toc.entries.push(Entry {
                    level: h.level,
                    at: toc.text.len(),
                    id: h.id.len(),
                    title: h.title.len(),
                    below: 0,
                });
                toc.text.push_str(&h.id);
                toc.text.push_str(&h.title);
                add(toc, &h.children);
                toc.entries[index].below = toc.entries.len() - index - 1;
            }
        }
        let mut toc = Toc::default();
        add(&mut toc, headings);
        toc
    }

    /// How many headings of the top level.
    pub fn len(&self) -> usize {
        self.level(0..self.entries.len()).count()
    }

    /// Whether there is no heading.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// About how long a theme's list of it is.
    pub fn listed(&self) -> usize {
        64 * self.entries.len() + 2 * self.text.len()
    }

    /// The headings.
    pub fn headings(&self) -> Vec<Heading> {
        self.read(0..self.entries.len())
    }

    /// `page.toc`: each heading `{level, id, title, children}`, every
    /// heading without subheadings sharing one empty `children`.
    pub fn value(&self) -> Value {
        let none = Value::from(Vec::<Value>::new());
        let level = Level {
            toc: self,
            range: 0..self.entries.len(),
            none: &none,
        };
        Value::try_from_serializable(&level).unwrap_or(none)
    }

    /// The index of each heading of the top level of `range`, a level's
    /// headings with all theirs below them.
    fn level(&self, range: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        let mut i = range.start;
        std::iter::from_fn(move || {
            let at = i;
            i += 1 + self.entries.get(at)?.below;
            (at < range.end).then_some(at)
        })
    }

    /// A heading's id and title.
    fn texts(&self, e: &Entry) -> (&str, &str) {
        let id = &self.text[e.at..e.at + e.id];
        let title = &self.text[e.at + e.id..e.at + e.id + e.title];
        (id, title)
    }

    /// The headings of `range`, nested.
    fn read(&self, range: Range<usize>) -> Vec<Heading> {
        self.level(range)
            .map(|i| {
                let e = &self.entries[i];
                let (id, title) = self.texts(e);
                Heading {
                    level: e.level,
                    id: id.to_owned(),
                    title: title.to_owned(),
                    children: self.read(i + 1..i + 1 + e.below),
                }
            })
            .collect()
    }
}

impl std::fmt::Debug for Toc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.headings().fmt(f)
    }
}

/// As its headings (what the build cache keeps of a section's body).
impl Serialize for Toc {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.headings().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Toc {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Toc, D::Error> {
        Ok(Toc::of(&Vec::<Heading>::deserialize(deserializer)?))
    }
}

/// The headings of one level of `range`, as template values.
struct Level<'a> {
    toc: &'a Toc,
    range: Range<usize>,
    none: &'a Value,
}

impl Serialize for Level<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let len = self.toc.level(self.range.clone()).count();
        let mut seq = serializer.serialize_seq(Some(len))?;
        for i in self.toc.level(self.range.clone()) {
            let e = &self.toc.entries[i];
            let (id, title) = self.toc.texts(e);
            let mut entry = HeadingValue {
                level: e.level,
                id,
                title,
                children: None,
                none: self.none,
            };
            if e.below > 0 {
                entry.children = Some(Level {
                    toc: self.toc,
                    range: i + 1..i + 1 + e.below,
                    none: self.none,
                });
            }
            seq.serialize_element(&entry)?;
        }
        seq.end()
    }
}

/// One heading, as a derived `Heading` serializes, but sharing `none`.
struct HeadingValue<'a> {
    level: u8,
    id: &'a str,
    title: &'a str,
    children: Option<Level<'a>>,
    none: &'a Value,
}

impl Serialize for HeadingValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut entry = serializer.serialize_struct("Heading", 4)?;
        entry.serialize_field("level", &self.level)?;
        entry.serialize_field("id", self.id)?;
        entry.serialize_field("title", self.title)?;
        match &self.children {
            Some(children) => entry.serialize_field("children", children)?,
            None => entry.serialize_field("children", self.none)?,
        }
        entry.end()
    }
}

#[cfg(test)]
mod tests {
    use super::Toc;
    use crate::markdown::headings::{Heading, nest};

    #[test]
    fn headings_come_back_as_they_went_in() {
        let h = |level, id: &str| Heading {
            level,
            id: id.into(),
            title: format!("Titel {id}"),
            children: vec![],
        };
        let flat = vec![
            h(2, "a"),
            h(3, "b"),
            h(4, "c"),
            h(3, "d"),
            h(2, "e"),
            h(1, "f"),
            h(5, "g"),
        ];
        let nested = nest(flat);
        let toc = Toc::of(&nested);
        assert_eq!(toc.headings(), nested);
        assert_eq!(toc.len(), 3);
        let value = toc.value();
        assert_eq!(value, tera::Value::from_serializable(&nested));
        assert!(Toc::of(&[]).is_empty());
    }
}
