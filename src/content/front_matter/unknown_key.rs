//! A front matter key that is not allowed, said so that the writer knows
//! what to do: a taxonomy goes under `[taxonomies]`, a typo gets the
//! nearest key, free-form data `[extra]`.

use crate::config::Config;
use crate::diag::Diagnostic;
use crate::nearest::nearest;

use super::Format;

/// serde's "unknown field `x`, expected one of …" (for any struct of the
/// front matter) as a message that says what to do: a taxonomy goes under
/// `[taxonomies]`, a typo gets the nearest key, free-form data `[extra]`.
/// Made only when parsing failed, so parsing stays as fast as serde.
pub(super) fn unknown_key(message: &str, format: Format, config: &Config) -> Option<Diagnostic> {
    let rest = message.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .trim_start_matches(',')
        .trim_start()
        .strip_prefix("expected ")?;
    let expected = expected.strip_prefix("one of ").unwrap_or(expected);
    let allowed: Vec<&str> = expected
        .split(',')
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| !k.is_empty())
        .collect();
    let (table, extra) = match format {
        Format::Toml => ("[taxonomies]", "[extra]"),
        Format::Yaml => ("taxonomies:", "extra:"),
    };
    let is_page = allowed.contains(&"taxonomies");
    if is_page && config.taxonomies.iter().any(|t| t.name == key) {
        let example = match format {
            Format::Toml => format!(
                "`[taxonomies]` on a line of its own after the other keys, then `{key} = [\"…\"]`"
            ),
            Format::Yaml => format!("`taxonomies:`, then `  {key}: [\"…\"]` indented below it"),
        };
        return Some(
            Diagnostic::error(
                format!("`{key}` is a taxonomy: put it under `{table}`"),
                None,
            )
            .with_note(format!("write {example}")),
        );
    }
    let nearest = nearest(key, allowed.iter().copied());
    let mut d = Diagnostic::error(
        match nearest {
            Some(k) => format!("unknown front matter key `{key}`: did you mean `{k}`?"),
            None => format!("unknown front matter key `{key}`"),
        },
        None,
    )
    .with_note(format!("the keys allowed here are {}", allowed.join(", ")));
    if is_page && !config.taxonomies.is_empty() {
        let names: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
        d = d.with_note(format!(
            "terms of a taxonomy ({} in site.toml) go under `{table}`",
            names.join(", ")
        ));
    }
    if allowed.contains(&"extra") {
        d = d.with_note(format!("free-form data for templates goes under `{extra}`"));
    }
    Some(d)
}
