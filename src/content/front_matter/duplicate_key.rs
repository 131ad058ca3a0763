//! A YAML key given twice in one mapping, said for the writer (the YAML
//! library's own message advises its programmer), with the line of the
//! first one.

use serde_saphyr::Error;

use crate::diag::Diagnostic;

/// The error for `e` when it is a duplicate key in the YAML front matter
/// `text`, whose first line is line `first_line` of the file: the first
/// occurrence is named in a note when it can be found. With it, the line
/// and column in `text` of the second one, when the library placed the
/// error elsewhere (at the end of the mapping, past the last line).
pub(super) fn duplicate_key(
    e: &Error,
    text: &str,
    first_line: usize,
) -> Option<(Diagnostic, Option<(usize, usize)>)> {
    let mut e = e;
    while let Error::WithSnippet { error, .. } | Error::AliasError { error, .. } = e {
        e = error;
    }
    let Error::DuplicateMappingKey { key, location } = e else {
        return None;
    };
    let Some(key) = key else {
        return Some((
            Diagnostic::error(
                "invalid front matter: a key appears twice in the same mapping; keep one",
                None,
            ),
            None,
        ));
    };
    let d = Diagnostic::error(
        format!("invalid front matter: the key `{key}` appears twice; keep one"),
        None,
    );
    let (mut line, col) = (location.line() as usize, location.column() as usize);
    // The library may place the error at the end of the mapping, past the
    // last line: the second `key` is then the last one above it.
    let mut moved = None;
    let last = text.lines().count().max(1);
    if line > last {
        // Not found (a key in a `{…}` mapping, say): the last line, at least inside.
        let (at, at_col) = first_of(text, key, line, col).map_or((last, 1), |l| (l, col));
        line = at;
        moved = Some((at, at_col));
    }
    let d = match first_of(text, key, line, col) {
        Some(first) => d.with_note(format!(
            "the first `{key}` is on line {}",
            first_line + first - 1
        )),
        None => d,
    };
    Some((d, moved))
}

/// The 1-based line of `text` before `line` where the mapping that has
/// `key` at `line:col` (1-based) first gives it: scanning up, a line that
/// starts at `col` with `key:`, until a line starts left of the mapping.
fn first_of(text: &str, key: &str, line: usize, col: usize) -> Option<usize> {
    let lines: Vec<&str> = text.lines().take(line.saturating_sub(1)).collect();
    for (i, l) in lines.iter().enumerate().rev() {
        let spaces = l.len() - l.trim_start_matches(' ').len();
        let rest = l[spaces..].trim_end();
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        // `- key: …` starts a mapping inside a list: its key is after the dash.
        let content = rest.trim_start_matches(['-', ' ']);
        let at = l.len() - content.len() + 1;
        if at == col && gives(content, key) {
            return Some(i + 1);
        }
        if spaces + 1 < col && (at != col || rest.starts_with('-')) {
            return None;
        }
    }
    None
}

/// Whether `content` (a line from its first character) gives `key`:
/// `key:`, `"key":` or `'key':`.
fn gives(content: &str, key: &str) -> bool {
    [key.to_owned(), format!("\"{key}\""), format!("'{key}'")]
        .iter()
        .filter_map(|k| content.strip_prefix(k.as_str()))
        .any(|rest| {
            let rest = rest.trim_start_matches(' ');
            rest == ":" || rest.starts_with(": ")
        })
}

#[cfg(test)]
mod tests {
    use super::{duplicate_key, first_of};

    #[test]
    fn the_first_of_two_keys_is_found_in_the_same_mapping() {
        let text = "title: a\ndate: 2009-03-05\n\n# again\ntitle: b\n";
        assert_eq!(first_of(text, "title", 5, 1), Some(1));
        let text = "\"title\": a\ntitle: b\n";
        assert_eq!(first_of(text, "title", 2, 1), Some(1));
        // Nested: not the top-level `name`, and one after a list's dash.
        let text = "name: x\nevent:\n  name: a\n  city: b\n  name: c\n";
        assert_eq!(first_of(text, "name", 5, 3), Some(3));
        let text = "name: x\npeople:\n  - name: a\n    role: b\n    name: c\n";
        assert_eq!(first_of(text, "name", 5, 5), Some(3));
        // Another list item's `name` is another mapping's.
        let text = "people:\n  - name: a\n  - role: b\n    name: c\n";
        assert_eq!(first_of(text, "name", 4, 5), None);
        // A key that only starts the same, or a flow mapping on one line.
        let text = "titles: a\ntitle: b\n";
        assert_eq!(first_of(text, "title", 2, 1), None);
        assert_eq!(first_of("{a: 1, a: 2}\n", "a", 1, 8), None);
    }

    #[test]
    fn a_duplicate_key_says_which_and_where_the_first_is() {
        let text = "title: a\ndate: 2009-03-05\ntitle: b\n";
        let e = serde_saphyr::from_str::<serde_json::Value>(text).unwrap_err();
        let (d, moved) = duplicate_key(&e, text, 2).unwrap();
        assert_eq!(moved, None);
        assert_eq!(
            d.message,
            "invalid front matter: the key `title` appears twice; keep one"
        );
        assert_eq!(d.notes, ["the first `title` is on line 2"]);
        let e = serde_saphyr::from_str::<serde_json::Value>("a: [\n").unwrap_err();
        assert!(duplicate_key(&e, "a: [\n", 2).is_none());
    }

    #[test]
    fn a_duplicate_key_is_always_placed_inside_the_front_matter() {
        // Found by the fuzzer: the library may place the error past the
        // last line, at the end of the mapping.
        for text in [
            "title: a\npaginate_by: 1\npaginate_by: 2",
            "title: a\npaginate_by: 1\npaginate_by: 2\n",
            "{paginate_by: 1, paginate_by: 2}",
        ] {
            let e = serde_saphyr::from_str::<serde_json::Value>(text).unwrap_err();
            let Some((_, moved)) = duplicate_key(&e, text, 2) else {
                continue;
            };
            let line = moved.map_or(e.location().unwrap().line() as usize, |(l, _)| l);
            assert!(
                line >= 1 && line <= text.lines().count(),
                "{text:?}: line {line}"
            );
        }
    }
}
