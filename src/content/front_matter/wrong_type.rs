//! A front matter value of the wrong kind (a string where a person's table
//! goes, a table where a list goes), said in the writer's words: serde
//! names Rust types ("expected struct Person", "expected i64"), the YAML
//! parser its events ("expected mapping start").

use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::diag::Diagnostic;

use super::Format;

/// One step of the path to a value: a key, or an item of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Step {
    /// The value of this key.
    Key(String),
    /// An item of a list.
    Item,
}

/// Where parsing `text` into `T` fails, as a path of keys and list items:
/// parsed again, tracking the path, only once it has failed (so parsing
/// stays as fast as serde). Empty at the top, or when it cannot be told.
pub(super) fn failing_path<T: DeserializeOwned>(text: &str, format: Format) -> Vec<Step> {
    let mut path = None;
    let mut keep = |p: &serde_path_to_error::Path| {
        path = Some(
            p.iter()
                .filter_map(|s| match s {
                    serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
                    serde_path_to_error::Segment::Seq { .. } => Some(Step::Item),
                    _ => None,
                })
                .collect(),
        );
    };
    match format {
        Format::Toml => {
            if let Ok(de) = toml::Deserializer::parse(text)
                && let Err(e) = serde_path_to_error::deserialize::<_, T>(de)
            {
                keep(e.path());
            }
        }
        Format::Yaml => {
            let _ = serde_saphyr::with_deserializer_from_str(text, |de| {
                serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
                    keep(e.path());
                    e.into_inner()
                })
            });
        }
    }
    path.unwrap_or_default()
}

/// What a value should have been.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    Table,
    List,
    Number,
    Bool,
    Text,
}

/// What the parser `message` says the value should have been, when it says
/// so in the words of Rust or of YAML's parser.
fn want(message: &str) -> Option<Want> {
    const INTEGERS: [&str; 8] = ["i64", "u64", "i32", "u32", "usize", "isize", "u8", "u16"];
    let last = message.rsplit(' ').next().unwrap_or_default();
    let said = |words: &[&str]| {
        words
            .iter()
            .any(|w| message.ends_with(w) || message == &w[1..])
    };
    if message.contains("expected struct ") || said(&[" expected a map", " expected mapping start"])
    {
        Some(Want::Table)
    } else if said(&[" expected a sequence", " expected sequence start"]) {
        Some(Want::List)
    } else if said(&[" expected a boolean", " invalid boolean"]) {
        Some(Want::Bool)
    } else if said(&[" expected a string", " expected string scalar"]) {
        Some(Want::Text)
    } else if INTEGERS.contains(&last)
        && (message.ends_with(&format!("expected {last}")) || message == format!("invalid {last}"))
    {
        Some(Want::Number)
    } else {
        None
    }
}

/// The value the writer gave, read from the text where the error is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Got {
    /// A string, with its text.
    Text(String),
    List,
    Table,
    /// A number, a boolean, a date: as written.
    Bare(String),
    /// No value at all.
    Nothing,
}

impl Got {
    /// Reads the value at byte `at` of the front matter `text`.
    fn at(text: &str, at: usize, format: Format) -> Got {
        let rest = text.get(at..).unwrap_or_default();
        let rest = rest.lines().next().unwrap_or_default().trim_end();
        let quoted = |q: char| {
            let inner = &rest[1..];
            let end = inner.find(q).unwrap_or(inner.len());
            Got::Text(inner[..end].to_owned())
        };
        // A YAML plain string runs to the end of the line, but in `[…]` or `{…}`.
        let head = text.get(..at).unwrap_or_default();
        let before = &head[head.rfind('\n').map_or(0, |i| i + 1)..];
        let opened = before.matches(['[', '{']).count() > before.matches([']', '}']).count();
        let ends: &[char] = if format == Format::Yaml && !opened {
            &['#']
        } else {
            &[',', ']', '}', '#']
        };
        let token = rest.split(ends).next().unwrap_or_default().trim();
        match rest.chars().next() {
            None => Got::Nothing,
            Some(q @ ('"' | '\'')) => quoted(q),
            Some('[') => Got::List,
            Some('{') => Got::Table,
            Some('-') if format == Format::Yaml && (rest == "-" || rest.starts_with("- ")) => {
                Got::List
            }
            _ if format == Format::Yaml && (token.ends_with(':') || token.contains(": ")) => {
                Got::Table
            }
            _ if format == Format::Yaml
                && token.parse::<f64>().is_err()
                && !["true", "false", "null", "~"].contains(&token) =>
            {
                Got::Text(token.to_owned())
            }
            _ => Got::Bare(token.to_owned()),
        }
    }

    /// In words: `a string, "Paris"`, `a list`, `` `5` ``.
    fn words(&self, format: Format) -> String {
        match self {
            Got::Text(text) => format!("a string, \"{text}\""),
            Got::List => "a list".to_owned(),
            Got::Table if format == Format::Toml => "a table".to_owned(),
            Got::Table => "a mapping".to_owned(),
            Got::Bare(token) if token.is_empty() => "nothing".to_owned(),
            Got::Bare(token) => format!("`{token}`"),
            Got::Nothing => "nothing".to_owned(),
        }
    }

    /// The string given, for an example, else `…`.
    fn text_or_dots(&self) -> &str {
        match self {
            Got::Text(text) if !text.is_empty() => text,
            _ => "…",
        }
    }
}

/// The error for a value of the wrong kind, when `message` (the parser's)
/// says so: at `path`, the value at byte `at` of the front matter `text`.
pub(super) fn wrong_type(
    message: &str,
    path: &[Step],
    format: Format,
    text: &str,
    at: usize,
    config: &Config,
) -> Option<Diagnostic> {
    let want = want(message)?;
    let keys: Vec<&str> = path
        .iter()
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Item => None,
        })
        .collect();
    let got = Got::at(text, at, format);
    let said = Said {
        holds: got.words(format),
        got,
        toml: format == Format::Toml,
        in_list: path.last() == Some(&Step::Item),
    };
    let d = match (keys.as_slice(), want) {
        (["people"], Want::Table | Want::List) => said.people(),
        (["event"], Want::Table) => said.event(),
        (["taxonomies"], Want::Table) => said.taxonomies(config),
        (["taxonomies", name], Want::List) if !said.in_list => said.terms(name),
        (["aliases"], Want::List) if !said.in_list => said.aliases(),
        ([], Want::Table) => error(format!(
            "the front matter holds {}; it is `key: value` lines, like `title: …`",
            said.holds
        )),
        (.., want) => said.other(keys.last().copied().unwrap_or("this value"), want),
    };
    Some(d)
}

/// An error about the front matter.
fn error(message: String) -> Diagnostic {
    Diagnostic::error(format!("invalid front matter: {message}"), None)
}

/// What the writer gave, and how their format says things.
struct Said {
    got: Got,
    /// `got` in words.
    holds: String,
    toml: bool,
    /// Whether the value is an item of a list.
    in_list: bool,
}

impl Said {
    /// What the format calls a table.
    fn table(&self) -> &'static str {
        if self.toml { "table" } else { "mapping" }
    }

    /// What comes between a key and its value.
    fn sign(&self) -> &'static str {
        if self.toml { " =" } else { ":" }
    }

    /// `people`, which is a list of tables.
    fn people(&self) -> Diagnostic {
        let (holds, table) = (&self.holds, self.table());
        let name = self.got.text_or_dots();
        let not_list = if self.in_list { "" } else { ", not a list" };
        let person = format!("each person is a {table} with a `name` (and `role`, `org`)");
        error(format!("`people` holds {holds}{not_list}; {person}")).with_note(if self.toml {
            format!(
                "write each person as a table of its own, after the other keys:\n    [[people]]\n    name = \"{name}\""
            )
        } else {
            format!("write each person as a list item with a `name`:\n    people:\n      - name: {name}")
        })
    }

    /// `event`, which is a table.
    fn event(&self) -> Diagnostic {
        let name = self.got.text_or_dots();
        error(format!(
            "`event` holds {}; it is a {} with a `name` (and `city`, `date`)",
            self.holds,
            self.table()
        ))
        .with_note(if self.toml {
            format!(
                "write it as a table of its own, after the other keys:\n    [event]\n    name = \"{name}\""
            )
        } else {
            format!("write it as a mapping:\n    event:\n      name: {name}")
        })
    }

    /// `taxonomies`, which is a table of lists.
    fn taxonomies(&self, config: &Config) -> Diagnostic {
        let name = config
            .taxonomies
            .first()
            .map_or("tags", |t| t.name.as_str());
        error(format!(
            "`taxonomies` holds {}; it is a {} of each taxonomy's terms",
            self.holds,
            self.table()
        ))
        .with_note(if self.toml {
            format!(
                "write `[taxonomies]` on a line of its own after the other keys, then `{name} = [\"…\"]`"
            )
        } else {
            format!("write `taxonomies:`, then `  {name}: [\"…\"]` indented below it")
        })
    }

    /// The terms of the taxonomy `name`, which are a list.
    fn terms(&self, name: &str) -> Diagnostic {
        let terms = self.got.text_or_dots();
        error(format!(
            "`{name}` holds {}; the terms of a taxonomy are a list",
            self.holds
        ))
        .with_note(if self.toml {
            format!("write `{name} = [\"{terms}\"]`, with a string for each term")
        } else {
            format!("write `{name}: [{terms}]`, with each term in the brackets")
        })
    }

    /// `aliases`, which is a list.
    fn aliases(&self) -> Diagnostic {
        let url = self.got.text_or_dots();
        error(format!(
            "`aliases` holds {}; it is a list of old URLs",
            self.holds
        ))
        .with_note(if self.toml {
            format!("write `aliases = [\"{url}\"]`")
        } else {
            format!("write `aliases: [{url}]`")
        })
    }

    /// Any other key: what it holds, what it takes, and when only the
    /// quotes are wrong, how to write it.
    fn other(&self, key: &str, want: Want) -> Diagnostic {
        let table = self.table();
        let what = match want {
            Want::Table if self.in_list => format!("each item is a {table}"),
            Want::Table => format!("it is a {table}"),
            Want::List => "it is a list".to_owned(),
            Want::Number => "it is a whole number".to_owned(),
            Want::Bool => "it is `true` or `false`".to_owned(),
            Want::Text => "it is a string".to_owned(),
        };
        let d = error(format!("`{key}` holds {}; {what}", self.holds));
        let sign = self.sign();
        match (&self.got, want) {
            (Got::Text(n), Want::Number) if n.parse::<i64>().is_ok() => {
                d.with_note(format!("write it without quotes: `{key}{sign} {n}`"))
            }
            (Got::Text(b), Want::Bool) if b == "true" || b == "false" => {
                d.with_note(format!("write it without quotes: `{key}{sign} {b}`"))
            }
            (Got::Bare(t), Want::Text) if self.toml && !t.is_empty() => {
                d.with_note(format!("write it in quotes: `{key} = \"{t}\"`"))
            }
            _ => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Format, Got, Step, Want, failing_path, want};
    use crate::content::front_matter::PageFront;

    #[test]
    fn rust_and_yaml_words_for_what_was_wanted() {
        let cases = [
            (
                "invalid type: string \"A\", expected struct Person",
                Some(Want::Table),
            ),
            (
                "invalid length 1, expected struct EventMeta with 3 elements",
                Some(Want::Table),
            ),
            ("invalid type: sequence, expected a map", Some(Want::Table)),
            ("expected mapping start", Some(Want::Table)),
            ("invalid type: map, expected a sequence", Some(Want::List)),
            ("expected sequence start", Some(Want::List)),
            (
                "invalid type: string \"1\", expected i64",
                Some(Want::Number),
            ),
            ("invalid usize", Some(Want::Number)),
            (
                "invalid type: integer `1`, expected a string",
                Some(Want::Text),
            ),
            ("expected string scalar", Some(Want::Text)),
            (
                "invalid type: string \"no\", expected a boolean",
                Some(Want::Bool),
            ),
            ("invalid boolean", Some(Want::Bool)),
            ("missing field `name`", None),
            ("invalid date `x`: expected YYYY-MM-DD", None),
        ];
        for (message, wanted) in cases {
            assert_eq!(want(message), wanted, "{message}");
        }
    }

    #[test]
    fn the_value_given_is_read_from_the_text() {
        let got = |text: &str, format| Got::at(text, 0, format);
        assert_eq!(got("\"A B\"]", Format::Toml), Got::Text("A B".into()));
        assert_eq!(got("'A'", Format::Yaml), Got::Text("A".into()));
        assert_eq!(got("[\"a\"]", Format::Toml), Got::List);
        assert_eq!(got("{ name = \"a\" }", Format::Toml), Got::Table);
        assert_eq!(got("5", Format::Toml), Got::Bare("5".into()));
        assert_eq!(got("- a", Format::Yaml), Got::List);
        assert_eq!(got("name: a", Format::Yaml), Got::Table);
        assert_eq!(got("true", Format::Yaml), Got::Bare("true".into()));
        // A plain string in a YAML block runs to the end of the line.
        let text = "tags: a, b # c\nlist: [a, b]\n";
        let at = |after: &str| Got::at(text, text.find(after).unwrap(), Format::Yaml);
        assert_eq!(at("a, b"), Got::Text("a, b".into()));
        assert_eq!(at("a, b]"), Got::Text("a".into()));
        let text = "people: [Richard Binhammer]";
        assert_eq!(
            Got::at(text, 9, Format::Yaml),
            Got::Text("Richard Binhammer".into())
        );
        assert_eq!(got("", Format::Yaml), Got::Nothing);
        assert_eq!(got("#", Format::Toml), Got::Bare(String::new()));
    }

    #[test]
    fn the_path_to_the_failing_value() {
        let key = |k: &str| Step::Key(k.to_owned());
        let toml = "title = \"x\"\npeople = [\"A\"]\n";
        assert_eq!(
            failing_path::<PageFront>(toml, Format::Toml),
            [key("people"), Step::Item]
        );
        let yaml = "title: x\ntaxonomies:\n  tags: a\n";
        assert_eq!(
            failing_path::<PageFront>(yaml, Format::Yaml),
            [key("taxonomies"), key("tags")]
        );
        assert!(failing_path::<PageFront>("title = \"x\"\n", Format::Toml).is_empty());
        assert!(failing_path::<PageFront>("title = \n", Format::Toml).is_empty());
    }
}
