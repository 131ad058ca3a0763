//! How a template's tags nest: which `if`, `for`, `block`, `filter`,
//! `component` or `raw` is left open, for the message about a template Tera
//! refused ("Unknown tag" at an `endblock` means an `if` was not closed).
//!
//! Used only on the error path: Tera has already parsed the template.

/// A tag nesting problem, at byte `at` of the template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unbalanced {
    /// What is wrong and what to do.
    pub(crate) message: String,
    /// Where it shows: the closing tag that comes too early, or the tag
    /// that is never closed.
    pub(crate) at: usize,
}

/// An open tag: its name (`if`), the block's name if it is a `block`, and
/// where it starts; and where its `else` is, once seen.
struct Open<'a> {
    kind: &'a str,
    name: &'a str,
    at: usize,
    else_at: Option<usize>,
}

/// The first nesting problem in `text`, if any. `place` turns a byte
/// offset into "line L, column C" for the message.
pub(crate) fn unbalanced(text: &str, place: &dyn Fn(usize) -> String) -> Option<Unbalanced> {
    let mut open: Vec<Open<'_>> = Vec::new();
    let mut pos = 0;
    let problem = |message: String, at: usize| Some(Unbalanced { message, at });
    while let Some(found) = text[pos..].find('{') {
        let start = pos + found;
        let rest = &text[start..];
        let close = match rest.as_bytes().get(1) {
            Some(b'#') => "#}",
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            _ => {
                pos = start + 1;
                continue;
            }
        };
        let Some(len) = end_of(rest, close) else {
            // Tera's own message about an unclosed `{{`, `{%` or `{#` is clear.
            return None;
        };
        pos = start + len;
        if close != "%}" {
            continue;
        }
        let inner = rest[2..len - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let (word, args) = inner
            .split_once(|c: char| c.is_whitespace())
            .map_or((inner, ""), |(w, a)| (w, a.trim()));
        let innermost = open.last();
        let opened = |o: &Open<'_>| {
            let name = if o.name.is_empty() {
                String::new()
            } else {
                format!(" {}", o.name)
            };
            format!("the `{}{name}` opened at {}", o.kind, place(o.at))
        };
        let unclosed = |o: &Open<'_>, word: &str| {
            format!(
                "{} is not closed before this `{word}`: add `{{% end{} %}}` before it",
                opened(o),
                o.kind
            )
        };
        match word {
            "raw" => match find_tag(text, pos, "endraw") {
                Some(end) => pos = end,
                None => {
                    return problem(
                        "this `raw` is never closed: add `{% endraw %}` where the raw text ends"
                            .to_owned(),
                        start,
                    );
                }
            },
            "macro" | "endmacro" | "import" => {
                return problem(
                    format!(
                        "Tera 2 has no `{word}`: write a component instead, \
                         `{{% component name(arg) %}}…{{% endcomponent %}}`, \
                         and call it with `{{{{ <name arg={{value}} /> }}}}`"
                    ),
                    start,
                );
            }
            "if" | "for" | "block" | "filter" | "component" => open.push(Open {
                kind: word,
                name: if word == "block" { args } else { "" },
                at: start,
                else_at: None,
            }),
            "set" | "set_global" if !args.contains('=') => open.push(Open {
                kind: "set",
                name: "",
                at: start,
                else_at: None,
            }),
            "else" | "elif" => {
                let fits = |o: &Open<'_>| o.kind == "if" || (word == "else" && o.kind == "for");
                match innermost {
                    Some(o) if fits(o) => {
                        if let Some(else_at) = o.else_at {
                            let what = if word == "else" {
                                "a second `else`".to_owned()
                            } else {
                                "an `elif` after the `else`".to_owned()
                            };
                            return problem(
                                format!(
                                    "{what}: {} already has its `else` at {}",
                                    opened(o),
                                    place(else_at)
                                ),
                                start,
                            );
                        }
                        if word == "else"
                            && let Some(o) = open.last_mut()
                        {
                            o.else_at = Some(start);
                        }
                    }
                    Some(o) if open.iter().any(fits) => {
                        return problem(unclosed(o, word), start);
                    }
                    _ => {
                        let belongs = if word == "else" {
                            "an `if` or `for`"
                        } else {
                            "an `if`"
                        };
                        return problem(format!("this `{word}` is not inside {belongs}"), start);
                    }
                }
            }
            _ if word.starts_with("end") => {
                let kind = &word[3..];
                let fits = |o: &Open<'_>| o.kind == kind && (args.is_empty() || o.name == args);
                match innermost {
                    Some(o) if fits(o) => {
                        open.pop();
                    }
                    Some(o) if open.iter().any(fits) => {
                        return problem(unclosed(o, word), start);
                    }
                    Some(o) => {
                        return problem(
                            format!(
                                "this `{word}` closes nothing: no `{kind}` is open here \
                                 (the innermost open tag is {})",
                                opened(o)
                            ),
                            start,
                        );
                    }
                    None => {
                        return problem(
                            format!("this `{word}` closes nothing: no `{kind}` is open here"),
                            start,
                        );
                    }
                }
            }
            _ => {}
        }
    }
    open.last().map(|o| Unbalanced {
        message: format!(
            "this `{}` is never closed: add `{{% end{} %}}` where it ends",
            o.kind, o.kind
        ),
        at: o.at,
    })
}

/// The length of the tag at the start of `rest` up to and with `close`,
/// skipping quoted strings inside it.
fn end_of(rest: &str, close: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 2;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) if b == b'\\' => i += 1,
            Some(_) => {}
            None if close != "#}" && matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if bytes[i..].starts_with(close.as_bytes()) => return Some(i + close.len()),
            None => {}
        }
        i += 1;
    }
    None
}

/// Where the tag `{% word %}` after `from` ends, if there is one.
fn find_tag(text: &str, from: usize, word: &str) -> Option<usize> {
    let mut pos = from;
    while let Some(found) = text[pos..].find("{%") {
        let start = pos + found;
        let end = start + 2 + text[start + 2..].find("%}")? + 2;
        let inner = text[start + 2..end - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if inner == word {
            return Some(end);
        }
        pos = start + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::unbalanced;

    fn check(text: &str) -> Option<(String, usize)> {
        let place = |at: usize| {
            let line = text[..at].matches('\n').count() + 1;
            let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("line {line}, column {col}")
        };
        unbalanced(text, &place).map(|u| (u.message, u.at))
    }

    #[test]
    fn balanced_templates_have_no_problem() {
        let text = "{% extends \"base.html\" %}\n{% block content %}{% if a %}x{% elif b %}y\
                    {% else %}z{% endif %}{% for p in ps %}{{ p }}{% else %}-{% endfor %}\
                    {% filter upper %}{% raw %}{% if %}{% endraw %}{% endfilter %}\
                    {% set x = \"%}\" %}{% set y %}c{% endset %}{# {% if #}{% endblock content %}\n";
        assert_eq!(check(text), None);
    }

    #[test]
    fn the_default_theme_is_balanced_and_every_cut_of_it_is_safe() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for entry in walkdir::WalkDir::new(root.join("themes/default/templates")) {
            let path = entry.unwrap().into_path();
            if !path.is_file() {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(check(&text), None, "{}", path.display());
            // Cut anywhere (as while typing), it never panics.
            for (i, _) in text.char_indices() {
                check(&text[..i]);
            }
        }
    }

    #[test]
    fn an_unclosed_tag_is_named_where_it_shows() {
        let cases = [
            (
                "{% block content %}\n  {% if a %}x\n{% endblock content %}\n",
                "the `if` opened at line 2, column 3 is not closed before this `endblock`: add `{% endif %}` before it",
                "{% endblock",
            ),
            (
                "{% for a in b %}{% if a %}x{% endfor %}",
                "the `if` opened at line 1, column 17 is not closed before this `endfor`: add `{% endif %}` before it",
                "{% endfor",
            ),
            (
                "{% block a %}{% block b %}x{% endblock a %}",
                "the `block b` opened at line 1, column 14 is not closed before this `endblock`: add `{% endblock %}` before it",
                "{% endblock",
            ),
            (
                "{% block a %}{% filter upper %}x{%- endblock -%}",
                "the `filter` opened at line 1, column 14 is not closed before this `endblock`: add `{% endfilter %}` before it",
                "{%- endblock",
            ),
            (
                "x\n{% if a %}y\n",
                "this `if` is never closed: add `{% endif %}` where it ends",
                "{% if",
            ),
            (
                "{% raw %}{% if %}",
                "this `raw` is never closed: add `{% endraw %}` where the raw text ends",
                "{% raw",
            ),
            (
                "{% endif %}",
                "this `endif` closes nothing: no `if` is open here",
                "{% endif",
            ),
            (
                "{% if a %}x{% else %}y{% else %}z{% endif %}",
                "a second `else`: the `if` opened at line 1, column 1 already has its `else` at line 1, column 12",
                "{% else %}z",
            ),
        ];
        for (text, message, at) in cases {
            let (got, offset) = check(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(got, message, "{text}");
            assert_eq!(offset, text.find(at).unwrap(), "{text}");
        }
        // Letters beyond ASCII inside tags, and `{%}`, are no trouble.
        assert_eq!(
            check("{% set ä = 1 %}{{ ö }}{% raw %}{%}{% endraw %}"),
            None
        );
        assert_eq!(
            check("{% raw %}{%}").map(|(m, _)| m),
            Some(
                "this `raw` is never closed: add `{% endraw %}` where the raw text ends".to_owned()
            )
        );
        let (got, _) = check("{% macro m() %}x{% endmacro %}").unwrap();
        assert!(
            got.starts_with("Tera 2 has no `macro`: write a component"),
            "{got}"
        );
    }
}
