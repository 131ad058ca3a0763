//! Front matter: split it off with a line scanner, parse TOML or YAML, and
//! report errors at positions counted in the whole file.
//!
//! What front matter may hold is in `schema`; the advice for a key it may
//! not hold, in `unknown_key`; for a quote that ends a TOML string early,
//! in `inner_quote`; for a YAML key given twice, in `duplicate_key`; for a
//! value of the wrong kind, in `wrong_type`.

mod duplicate_key;
mod inner_quote;
mod schema;
mod unknown_key;
mod wrong_type;

use std::ops::Range;

use serde::de::DeserializeOwned;

use crate::config::{Config, Lang};
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Location};

use duplicate_key::duplicate_key;
use inner_quote::inner_quote;
use unknown_key::unknown_key;
use wrong_type::{failing_path, wrong_type};

pub use schema::{EventMeta, PageFront, Person, SectionFront, SortBy, TermFront};

/// TOML (`+++`) or YAML (`---`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Between `+++` lines.
    Toml,
    /// Between `---` lines.
    Yaml,
}

/// Where the front matter and the body are in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// TOML or YAML.
    pub format: Format,
    /// The front matter text, without the delimiter lines.
    pub front: Range<usize>,
    /// The Markdown body after the closing delimiter line.
    pub body: Range<usize>,
}

/// Finds the front matter: the first line is `+++` or `---`, and the same line closes it.
pub fn split(text: &str) -> Result<Split, (String, usize)> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = line_ranges(text, start);
    let Some(first) = lines.next() else {
        return Err((
            "the file is empty; it needs front matter with at least a title".into(),
            start,
        ));
    };
    let format = match text[first.clone()].trim_end() {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            return Err((
                "expected front matter: the first line must be `+++` (TOML) or `---` (YAML)".into(),
                start,
            ));
        }
    };
    let delimiter = text[first.clone()].trim_end();
    for line in lines {
        if text[line.clone()].trim_end() == delimiter {
            return Ok(Split {
                format,
                front: first.end..line.start,
                body: line.end..text.len(),
            });
        }
    }
    Err((
        format!("the front matter opened on line 1 is never closed with `{delimiter}`"),
        start,
    ))
}

/// Ranges of each line including its newline, starting at `start`.
fn line_ranges(text: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= text.len() {
            return None;
        }
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let range = pos..end;
        pos = end;
        Some(range)
    })
}

/// Parses the front matter of `file` (in `lang`) into `T`, with errors
/// located in the file; `config` names the taxonomies, for the message about
/// a taxonomy written at the top level, and `lang`'s quotation marks.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    split: &Split,
    config: &Config,
    lang: &Lang,
) -> Result<T, Diagnostic> {
    let text = &file.text[split.front.clone()];
    // The parser's `message` about the value at byte `at` of `text`.
    let explain = |message: &str, at: usize, location: Location| {
        let mut d = unknown_key(message, split.format, config)
            .or_else(|| {
                let path = failing_path::<T>(text, split.format);
                wrong_type(message, &path, split.format, text, at, config)
            })
            .unwrap_or_else(|| Diagnostic::error(format!("invalid front matter: {message}"), None));
        d.location = Some(location);
        d
    };
    match split.format {
        Format::Toml => toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            let quotes = &config.language(lang).quotes;
            if let Some((at, mut d)) = inner_quote(text, at, quotes) {
                d.location = Some(file.location(split.front.start + at));
                return d;
            }
            explain(
                e.message().trim(),
                at,
                file.location(split.front.start + at),
            )
        }),
        Format::Yaml => {
            // YAML treats an empty document as null, which no struct accepts.
            let text = if text.trim().is_empty() { "{}" } else { text };
            serde_saphyr::from_str(text).map_err(|e| {
                let front_line = file.line_of(split.front.start);
                let location = e.location().map(|l| {
                    Location::in_text(
                        &file.shown,
                        &file.text,
                        front_line + l.line() as usize - 1,
                        l.column() as usize,
                    )
                });
                let location = location.unwrap_or_else(|| file.location(split.front.start));
                if let Some((mut d, moved)) = duplicate_key(&e, text, front_line) {
                    d.location = Some(match moved {
                        Some((line, col)) => {
                            Location::in_text(&file.shown, &file.text, front_line + line - 1, col)
                        }
                        None => location,
                    });
                    return d;
                }
                let at = e.location().map_or(0, |l| {
                    offset_of(text, l.line() as usize, l.column() as usize)
                });
                explain(&yaml_message(&e), at, location)
            })
        }
    }
}

/// Where the value of the top-level `key` is written in the front matter
/// of `file`, for an error about it found after parsing: `key = value`
/// before the first table (TOML), `key: value` unindented (YAML). `None`
/// when the text at hand has no such line (or the build cache spared
/// reading it).
pub fn value_location(file: &SourceFile, key: &str) -> Option<Location> {
    let split = split(&file.text).ok()?;
    let sign = match split.format {
        Format::Toml => '=',
        Format::Yaml => ':',
    };
    for line in line_ranges(&file.text, split.front.start) {
        if line.start >= split.front.end {
            break;
        }
        let text = &file.text[line.clone()];
        if split.format == Format::Toml && text.trim_start().starts_with('[') {
            break;
        }
        let Some(rest) = text.trim_start_matches([' ', '\t']).strip_prefix(key) else {
            continue;
        };
        let Some(value) = rest.trim_start_matches([' ', '\t']).strip_prefix(sign) else {
            continue;
        };
        let value = value.trim_start_matches([' ', '\t']);
        let indented = text.len() != text.trim_start_matches([' ', '\t']).len();
        if split.format == Format::Yaml && indented {
            continue;
        }
        return Some(file.location(line.end - value.len()));
    }
    None
}

/// The byte offset of 1-based `line` and `col` (in characters) in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The YAML error without its own snippet or position (we print ours).
fn yaml_message(e: &serde_saphyr::Error) -> String {
    let full = e.without_snippet().to_string();
    let first = full.lines().next().unwrap_or_default();
    match first.find(" at line ") {
        Some(i) => first[..i].to_owned(),
        None => first.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Format, PageFront, SectionFront, parse, split, value_location};
    use crate::config::{Config, Lang, Overrides, load_str};
    use crate::content::source_file::SourceFile;

    fn config() -> Config {
        let site = "base_url = \"https://example.org\"\n\
                    [[taxonomies]]\nname = \"tags\"\n[[taxonomies]]\nname = \"lessons\"\n";
        load_str(site, &Overrides::default()).unwrap()
    }

    fn de() -> Lang {
        Lang::new("de")
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new(
            "content/a.md".into(),
            "content/a.md".into(),
            text.to_owned(),
        )
    }

    #[test]
    fn splits_toml_and_yaml_with_trailing_whitespace() {
        let text = "+++  \ntitle = \"x\"\n+++\r\nBody\n";
        let s = split(text).unwrap();
        assert_eq!(s.format, Format::Toml);
        assert_eq!(&text[s.front.clone()], "title = \"x\"\n");
        assert_eq!(&text[s.body.clone()], "Body\n");
        let text = "---\ntitle: x\n---\n";
        let s = split(text).unwrap();
        assert_eq!(s.format, Format::Yaml);
        assert_eq!(&text[s.body], "");
    }

    #[test]
    fn a_delimiter_inside_the_body_is_body() {
        let text = "+++\ntitle = \"x\"\n+++\n```toml\n+++\n```\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.body], "```toml\n+++\n```\n");
    }

    #[test]
    fn missing_or_unclosed_front_matter() {
        assert!(
            split("# Hello\n")
                .unwrap_err()
                .0
                .contains("first line must be")
        );
        assert!(
            split("+++\ntitle = 1\n")
                .unwrap_err()
                .0
                .contains("never closed")
        );
    }

    #[test]
    fn toml_error_is_located_in_the_whole_file() {
        let text = "+++\ntitle = \"x\"\ndate = 2008-13-45\n+++\n";
        let f = file(text);
        let err = parse::<PageFront>(&f, &split(text).unwrap(), &config(), &de()).unwrap_err();
        let loc = err.location.unwrap();
        assert_eq!(loc.line, 3, "{}", err.message);
    }

    #[test]
    fn a_top_level_key_is_found_where_its_value_is_written() {
        let at = |text: &str, key: &str| value_location(&file(text), key).map(|l| (l.line, l.col));
        let text = "+++\ntitle = \"x\"\ntemplates = 1\n  template  =  \"t.html\"\n\
                    [extra]\nslug = \"s\"\n+++\nslug = \"body\"\n";
        assert_eq!(at(text, "template"), Some((4, 16)));
        // Not in a table, nor in the body.
        assert_eq!(at(text, "slug"), None);
        let text = "---\ntitle: x\nevent:\n  slug: a\nslug:   b\n---\n";
        assert_eq!(at(text, "slug"), Some((5, 9)));
        assert_eq!(at("", "slug"), None);
    }

    #[test]
    fn a_quote_that_ends_a_toml_string_is_pointed_at() {
        let text = "+++\ntitle = \"The \"Small Teams\" keynote\"\n+++\n";
        let en = Lang::new("en");
        let err =
            parse::<PageFront>(&file(text), &split(text).unwrap(), &config(), &en).unwrap_err();
        assert!(err.message.contains("ends the string"), "{}", err.message);
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.col), (2, 14));
        assert!(err.notes[0].ends_with("“Small Teams”"), "{:?}", err.notes);
    }

    #[test]
    fn a_taxonomy_at_the_top_level_says_where_it_belongs() {
        let text = "+++\ntitle = \"x\"\ntags = [\"a\"]\n+++\n";
        let err =
            parse::<PageFront>(&file(text), &split(text).unwrap(), &config(), &de()).unwrap_err();
        assert_eq!(
            err.message,
            "`tags` is a taxonomy: put it under `[taxonomies]`"
        );
        assert_eq!(
            err.notes,
            [
                "write `[taxonomies]` on a line of its own after the other keys, then `tags = [\"…\"]`"
            ]
        );
        let loc = err.location.unwrap();
        assert_eq!((loc.line, loc.col), (3, 1));
        let text = "---\ntitle: x\n  \nlessons: [a]\n---\n";
        let err =
            parse::<PageFront>(&file(text), &split(text).unwrap(), &config(), &de()).unwrap_err();
        assert_eq!(
            err.message,
            "`lessons` is a taxonomy: put it under `taxonomies:`"
        );
        assert_eq!(err.location.unwrap().line, 4);
    }

    #[test]
    fn an_unknown_key_gets_the_nearest_allowed_one() {
        let cases = [
            (
                "titel",
                "unknown front matter key `titel`: did you mean `title`?",
            ),
            (
                "dtae",
                "unknown front matter key `dtae`: did you mean `date`?",
            ),
            ("categories", "unknown front matter key `categories`"),
        ];
        for (key, message) in cases {
            let text = format!("+++\n{key} = \"x\"\n+++\n");
            let err = parse::<PageFront>(&file(&text), &split(&text).unwrap(), &config(), &de())
                .unwrap_err();
            assert_eq!(err.message, message);
            assert_eq!(err.notes.len(), 3, "{:?}", err.notes);
            assert!(
                err.notes[0].ends_with("people, taxonomies, extra, translated_from, translations"),
                "{:?}",
                err.notes
            );
        }
        // A section's keys, and a cut-off one.
        let text = "+++\nsort = \"date\"\n+++\n";
        let err = parse::<SectionFront>(&file(text), &split(text).unwrap(), &config(), &de())
            .unwrap_err();
        assert_eq!(
            err.message,
            "unknown front matter key `sort`: did you mean `sort_by`?"
        );
        assert_eq!(
            err.notes,
            [
                "the keys allowed here are title, description, sort_by, paginate_by, template, weight, extra",
                "free-form data for templates goes under `[extra]`"
            ]
        );
    }

    #[test]
    fn yaml_front_matter_and_its_errors() {
        let text = "---\ntitle: Hallo\ndate: 2008-12-16\ntaxonomies:\n  tags: [a, b]\n---\n";
        let f = file(text);
        let front: PageFront = parse(&f, &split(text).unwrap(), &config(), &de()).unwrap();
        assert_eq!(front.title.as_deref(), Some("Hallo"));
        assert_eq!(front.date.unwrap().ymd(), "2008-12-16");
        assert_eq!(front.taxonomies["tags"], ["a", "b"]);
        let text = "---\ntitle: Hallo\nwho: [\n---\n";
        let f = file(text);
        let err = parse::<PageFront>(&f, &split(text).unwrap(), &config(), &de()).unwrap_err();
        assert!(err.location.unwrap().line >= 3, "{}", err.message);
    }
}
