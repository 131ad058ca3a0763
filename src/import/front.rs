//! Reading a source file's front matter (YAML, TOML) into a plain map,
//! forgiving the YAML that Jekyll accepts and strict parsers do not.

use serde_json::{Map, Value};

use crate::content::front_matter::{Format, split};

/// A source file taken apart: its front matter as a map, and its body.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// Key → value, as the source wrote them.
    pub(crate) map: Map<String, Value>,
    /// The text after the front matter.
    pub(crate) body: String,
    /// What had to be forgiven, for the report.
    pub(crate) notes: Vec<String>,
}

/// Splits and parses `text`; `None` when it has no front matter at all.
pub(crate) fn parse(text: &str) -> Option<Parsed> {
    let split = split(text).ok()?;
    let front = &text[split.front.clone()];
    let body = text[split.body.clone()].to_owned();
    let mut notes = Vec::new();
    let map = match split.format {
        Format::Toml => match toml::from_str::<Value>(front) {
            Ok(Value::Object(map)) => map,
            Ok(_) => Map::new(),
            Err(e) => {
                notes.push(format!(
                    "its TOML front matter does not parse ({})",
                    one_line(&e.to_string())
                ));
                Map::new()
            }
        },
        Format::Yaml => yaml(front, &mut notes),
    };
    Some(Parsed {
        map: map.into_iter().map(|(k, v)| (k, toml_dates(v))).collect(),
        body,
        notes,
    })
}

/// Parses YAML front matter; when a strict parser refuses it (an unquoted
/// `: ` in a title, tabs), reads it line by line as `key: value` and
/// `- item` lists, the way most hand-written Jekyll front matter is shaped.
pub(crate) fn yaml(front: &str, notes: &mut Vec<String>) -> Map<String, Value> {
    if front.trim().is_empty() {
        return Map::new();
    }
    match serde_saphyr::from_str::<Value>(front) {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => Map::new(),
        Ok(_) => lenient(front),
        Err(e) => {
            notes.push(format!(
                "its YAML front matter is not valid YAML ({}); read it line by line",
                one_line(&e.to_string())
            ));
            lenient(front)
        }
    }
}

/// A site configuration in TOML (Hugo's `hugo.toml`, Zola's
/// `config.toml`) as a map; an error names the file, line and column.
pub(crate) fn toml_config(
    path: &std::path::Path,
    text: &str,
) -> Result<Map<String, Value>, crate::error::Error> {
    toml::from_str::<Value>(text)
        .map(|v| v.as_object().cloned().unwrap_or_default())
        .map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            crate::diag::Diagnostic::error(
                format!(
                    "the old site's configuration does not parse: {}",
                    e.message()
                ),
                Some(crate::diag::Location::at_offset(path, text, at)),
            )
            .into()
        })
}

/// `key: value` lines, `key:` followed by `- item` lines, quotes removed.
fn lenient(front: &str) -> Map<String, Value> {
    let mut map = Map::new();
    let mut list_key: Option<String> = None;
    for line in front.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let (Some(item), Some(key)) = (trimmed.strip_prefix("- "), &list_key) {
            if let Some(Value::Array(list)) = map.get_mut(key) {
                list.push(Value::String(unquote(item)));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let key = key.trim().to_owned();
        let value = value.trim();
        if value.is_empty() {
            map.insert(key.clone(), Value::Array(Vec::new()));
            list_key = Some(key);
            continue;
        }
        list_key = None;
        let value = if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Value::Array(
                inner
                    .split(',')
                    .map(|s| Value::String(unquote(s)))
                    .collect(),
            )
        } else {
            match value {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::String(unquote(value)),
            }
        };
        map.insert(key, value);
    }
    map
}

/// Removes one pair of surrounding quotes.
fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|s| s.strip_suffix(q)) {
            return inner.to_owned();
        }
    }
    s.to_owned()
}

/// TOML dates reach serde as a one-entry map; make them the string they are.
fn toml_dates(value: Value) -> Value {
    match value {
        Value::Object(map) if map.len() == 1 && map.contains_key("$__toml_private_datetime") => map
            .into_iter()
            .next()
            .map(|(_, v)| v)
            .unwrap_or(Value::Null),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, toml_dates(v))).collect())
        }
        Value::Array(list) => Value::Array(list.into_iter().map(toml_dates).collect()),
        other => other,
    }
}

/// A parser message on one line, without the source snippet, for the report.
fn one_line(message: &str) -> String {
    let first = message.split(" --> ").next().unwrap_or(message);
    let first = first.lines().next().unwrap_or(first);
    first.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::parse;
    use serde_json::json;

    #[test]
    fn yaml_with_jekyll_dates_and_lists() {
        let p = parse("---\ntitle: „Zuhören“ in Paris\ndate: 2008-12-16 10:00:00 +0100\ntags: [social, dell]\n---\nBody\n")
            .expect("front matter");
        assert_eq!(p.map["title"], json!("„Zuhören“ in Paris"));
        assert_eq!(p.map["date"], json!("2008-12-16 10:00:00 +0100"));
        assert_eq!(p.map["tags"], json!(["social", "dell"]));
        assert_eq!(p.body, "Body\n");
        assert!(p.notes.is_empty());
    }

    #[test]
    fn invalid_yaml_is_read_line_by_line() {
        let p =
            parse("---\ntitle: LeWeb: day one\ncategories:\n  - Konferenz\n  - \"Paris\"\n---\n")
                .expect("front matter");
        assert_eq!(p.map["title"], json!("LeWeb: day one"));
        assert_eq!(p.map["categories"], json!(["Konferenz", "Paris"]));
        assert_eq!(p.notes.len(), 1, "{:?}", p.notes);
    }

    #[test]
    fn toml_dates_become_strings() {
        let p = parse("+++\ntitle = \"x\"\ndate = 2019-05-04\n[extra]\nplace = \"Berlin\"\n+++\n")
            .expect("front matter");
        assert_eq!(p.map["date"], json!("2019-05-04"));
        assert_eq!(p.map["extra"], json!({"place": "Berlin"}));
    }
}
