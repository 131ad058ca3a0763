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

/// A `{% … %}` tag: its first word, the rest, and where it starts and ends.
struct Tag<'a> {
    word: &'a str,
    args: &'a str,
    start: usize,
    end: usize,
}

/// The first nesting problem in `text`, if any. `place` turns a byte
/// offset into "line L, column C" for the message.
pub(crate) fn unbalanced(text: &str, place: &dyn Fn(usize) -> String) -> Option<Unbalanced> {
    let mut nesting = Nesting {
        open: Vec::new(),
        place,
    };
    let mut pos = 0;
    // A tag left unclosed ends the scan: Tera's own message about an
    // unclosed `{{`, `{%` or `{#` is clear.
    while let Some(tag) = next_tag(text, pos)? {
        pos = tag.end;
        let step = match tag.word {
            "raw" => find_tag(text, pos, "endraw")
                .map(|end| pos = end)
                .ok_or_else(|| {
                    "this `raw` is never closed: add `{% endraw %}` where the raw text ends"
                        .to_owned()
                }),
            "macro" | "endmacro" | "import" => Err(format!(
                "Tera 2 has no `{}`: write a component instead, \
                 `{{% component name(arg) %}}…{{% endcomponent %}}`, \
                 and call it with `{{{{ <name arg={{value}} /> }}}}`",
                tag.word
            )),
            "if" | "for" | "block" | "filter" | "component" => {
                nesting.open(
                    tag.word,
                    if tag.word == "block" { tag.args } else { "" },
                    &tag,
                );
                Ok(())
            }
            "set" | "set_global" if !tag.args.contains('=') => {
                nesting.open("set", "", &tag);
                Ok(())
            }
            "else" | "elif" => nesting.otherwise(&tag),
            word if word.starts_with("end") => nesting.close(&tag),
            _ => Ok(()),
        };
        if let Err(message) = step {
            return Some(Unbalanced {
                message,
                at: tag.start,
            });
        }
    }
    nesting.open.last().map(|o| Unbalanced {
        message: format!(
            "this `{}` is never closed: add `{{% end{} %}}` where it ends",
            o.kind, o.kind
        ),
        at: o.at,
    })
}

/// The next `{% … %}` tag in `text` from byte `pos`, past `{{ … }}` and
/// `{# … #}`: `Some(None)` when there is none, `None` when a tag is left
/// unclosed.
fn next_tag(text: &str, mut pos: usize) -> Option<Option<Tag<'_>>> {
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
        let len = end_of(rest, close)?;
        pos = start + len;
        if close != "%}" {
            continue;
        }
        let inner = rest[2..len - 2].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let (word, args) = inner
            .split_once(|c: char| c.is_whitespace())
            .map_or((inner, ""), |(w, a)| (w, a.trim()));
        return Some(Some(Tag {
            word,
            args,
            start,
            end: pos,
        }));
    }
    Some(None)
}

/// The tags open at a point of the template, innermost last.
struct Nesting<'a, 'p> {
    open: Vec<Open<'a>>,
    place: &'p dyn Fn(usize) -> String,
}

impl<'a> Nesting<'a, '_> {
    fn open(&mut self, kind: &'a str, name: &'a str, tag: &Tag<'a>) {
        self.open.push(Open {
            kind,
            name,
            at: tag.start,
            else_at: None,
        });
    }

    /// An `else` or `elif`: it belongs to the innermost `if` (or, an
    /// `else`, `for`), which has had no `else` yet.
    fn otherwise(&mut self, tag: &Tag<'_>) -> Result<(), String> {
        let word = tag.word;
        let fits = |o: &Open<'_>| o.kind == "if" || (word == "else" && o.kind == "for");
        match self.open.last() {
            Some(o) if fits(o) => {
                if let Some(else_at) = o.else_at {
                    let what = if word == "else" {
                        "a second `else`"
                    } else {
                        "an `elif` after the `else`"
                    };
                    let opened = self.opened(o);
                    return Err(format!(
                        "{what}: {opened} already has its `else` at {}",
                        (self.place)(else_at)
                    ));
                }
                if word == "else"
                    && let Some(o) = self.open.last_mut()
                {
                    o.else_at = Some(tag.start);
                }
                Ok(())
            }
            Some(o) if self.open.iter().any(fits) => Err(self.unclosed(o, word)),
            _ => {
                let belongs = if word == "else" {
                    "an `if` or `for`"
                } else {
                    "an `if`"
                };
                Err(format!("this `{word}` is not inside {belongs}"))
            }
        }
    }

    /// An `end…` tag: it closes the innermost open tag, of its kind (and
    /// name, when it gives one).
    fn close(&mut self, tag: &Tag<'_>) -> Result<(), String> {
        let (word, args) = (tag.word, tag.args);
        let kind = &word[3..];
        let fits = |o: &Open<'_>| o.kind == kind && (args.is_empty() || o.name == args);
        match self.open.last() {
            Some(o) if fits(o) => {
                self.open.pop();
                Ok(())
            }
            Some(o) if self.open.iter().any(fits) => Err(self.unclosed(o, word)),
            Some(o) => Err(format!(
                "this `{word}` closes nothing: no `{kind}` is open here \
                 (the innermost open tag is {})",
                self.opened(o)
            )),
            None => Err(format!(
                "this `{word}` closes nothing: no `{kind}` is open here"
            )),
        }
    }

    /// "the `block content` opened at line L, column C".
    fn opened(&self, o: &Open<'_>) -> String {
        let name = if o.name.is_empty() {
            String::new()
        } else {
            format!(" {}", o.name)
        };
        format!("the `{}{name}` opened at {}", o.kind, (self.place)(o.at))
    }

    /// The innermost open tag `o`, not closed before the tag `word`.
    fn unclosed(&self, o: &Open<'_>, word: &str) -> String {
        format!(
            "{} is not closed before this `{word}`: add `{{% end{} %}}` before it",
            self.opened(o),
            o.kind
        )
    }
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

    /// Checks that `text` has the problem `message`, shown at the first `at`.
    fn fails(text: &str, message: &str, at: &str) {
        let (got, offset) = check(text).unwrap_or_else(|| panic!("{text}"));
        assert_eq!(got, message, "{text}");
        assert_eq!(offset, text.find(at).unwrap(), "{text}");
    }

    #[test]
    fn balanced_templates_have_no_problem() {
        let text = concat!(
            "{% extends \"base.html\" %}\n{% block content %}",
            "{% if a %}x{% elif b %}y{% else %}z{% endif %}",
            "{% for p in ps %}{{ p }}{% else %}-{% endfor %}",
            "{% filter upper %}{% raw %}{% if %}{% endraw %}{% endfilter %}",
            "{% set x = \"%}\" %}{% set y %}c{% endset %}",
            "{# {% if #}{% endblock content %}\n",
        );
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
    fn a_tag_left_open_inside_another_is_named_where_it_opened() {
        fails(
            "{% block content %}\n  {% if a %}x\n{% endblock content %}\n",
            "the `if` opened at line 2, column 3 is not closed before this `endblock`: add `{% endif %}` before it",
            "{% endblock",
        );
        fails(
            "{% for a in b %}{% if a %}x{% endfor %}",
            "the `if` opened at line 1, column 17 is not closed before this `endfor`: add `{% endif %}` before it",
            "{% endfor",
        );
        fails(
            "{% block a %}{% block b %}x{% endblock a %}",
            "the `block b` opened at line 1, column 14 is not closed before this `endblock`: add `{% endblock %}` before it",
            "{% endblock",
        );
        fails(
            "{% block a %}{% filter upper %}x{%- endblock -%}",
            "the `filter` opened at line 1, column 14 is not closed before this `endblock`: add `{% endfilter %}` before it",
            "{%- endblock",
        );
    }

    #[test]
    fn a_tag_never_closed_is_named_where_it_opened() {
        fails(
            "x\n{% if a %}y\n",
            "this `if` is never closed: add `{% endif %}` where it ends",
            "{% if",
        );
        let raw = "this `raw` is never closed: add `{% endraw %}` where the raw text ends";
        fails("{% raw %}{% if %}", raw, "{% raw");
        assert_eq!(check("{% raw %}{%}").map(|(m, _)| m).as_deref(), Some(raw));
    }

    #[test]
    fn a_closing_tag_or_else_out_of_place_is_named() {
        fails(
            "{% endif %}",
            "this `endif` closes nothing: no `if` is open here",
            "{% endif",
        );
        fails(
            "{% if a %}x{% else %}y{% else %}z{% endif %}",
            "a second `else`: the `if` opened at line 1, column 1 already has its `else` at line 1, column 12",
            "{% else %}z",
        );
    }

    #[test]
    fn letters_beyond_ascii_and_a_bare_tag_opening_are_no_trouble() {
        assert_eq!(
            check("{% set ä = 1 %}{{ ö }}{% raw %}{%}{% endraw %}"),
            None
        );
    }

    #[test]
    fn a_macro_is_told_to_be_a_component() {
        let (got, _) = check("{% macro m() %}x{% endmacro %}").unwrap();
        assert!(
            got.starts_with("Tera 2 has no `macro`: write a component"),
            "{got}"
        );
    }
}
