//! Hugo shortcodes and Zola template calls in a body: `ref`/`relref` as
//! links, `figure` as an image, the rest kept in an HTML comment and
//! reported (debrief content has no template code).

/// Resolves Hugo's `{{< … >}}` / `{{% … %}}` and hides other template code.
pub(crate) fn hugo(body: &str, unmapped: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(tag) = next_tag(rest, &[("{{<", ">}}"), ("{{%", "%}}")]) {
        out.push_str(tag.before);
        let Some((whole, inner, after)) = tag.closed else {
            out.push_str(&rest[tag.before.len()..]);
            return out;
        };
        rest = after;
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        match name {
            "ref" | "relref" => match first_value(args) {
                Some(target) => out.push_str(&format!("@src:{target}")),
                None => out.push_str(&hidden(whole, unmapped)),
            },
            "figure" => out.push_str(&figure(args).unwrap_or_else(|| hidden(whole, unmapped))),
            _ if name.starts_with('/') => {}
            _ => out.push_str(&hidden(whole, unmapped)),
        }
    }
    out.push_str(rest);
    out
}

/// A template tag found in a body: the text before it, and the tag whole,
/// its inside (trimmed) and the text after it (`None` when it is never
/// closed).
struct Found<'a> {
    before: &'a str,
    closed: Option<(&'a str, &'a str, &'a str)>,
}

/// The first tag in `text` opened by one of `delims` (opener, closer);
/// the closer is looked for after the opener, so `{%}` is no tag.
fn next_tag<'a>(text: &'a str, delims: &[(&str, &str)]) -> Option<Found<'a>> {
    let (at, open, close) = delims
        .iter()
        .filter_map(|(open, close)| text.find(open).map(|at| (at, *open, *close)))
        .min_by_key(|(at, _, _)| *at)?;
    let tail = &text[at..];
    let closed = tail[open.len()..].find(close).map(|e| {
        let end = open.len() + e;
        (
            &tail[..end + close.len()],
            tail[open.len()..end].trim(),
            &tail[end + close.len()..],
        )
    });
    Some(Found {
        before: &text[..at],
        closed,
    })
}

/// Hides Zola's `{{ shortcode(…) }}` and `{% shortcode(…) %}…{% end %}` calls.
pub(crate) fn zola(body: &str, unmapped: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(tag) = next_tag(rest, &[("{{", "}}"), ("{%", "%}")]) {
        out.push_str(tag.before);
        let Some((whole, inner, after)) = tag.closed else {
            out.push_str(&rest[tag.before.len()..]);
            return out;
        };
        rest = after;
        let call = inner.starts_with("figure(") || inner.starts_with("image(");
        if let Some(img) = call
            .then(|| figure(&inner.replace(['(', ')', ','], " ")))
            .flatten()
        {
            out.push_str(&img);
            continue;
        }
        out.push_str(&hidden(whole, unmapped));
    }
    out.push_str(rest);
    out
}

/// The target of `ref`: `"posts/x.md"`, `posts/x.md` or `path="posts/x.md"`.
fn first_value(args: &str) -> Option<String> {
    let args = args.trim();
    let args = args.strip_prefix("path=").unwrap_or(args);
    let value = match args.chars().next()? {
        q @ ('"' | '\'' | '`') => args[1..].split(q).next()?,
        _ => args.split_whitespace().next()?,
    };
    (!value.is_empty()).then(|| value.to_owned())
}

/// `src="…" alt="…"` (or `caption`, `title`) as a Markdown image.
fn figure(args: &str) -> Option<String> {
    let value = |key: &str| {
        let at = args.find(&format!("{key}="))? + key.len() + 1;
        let tail = args[at..].trim_start();
        let q = tail.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        tail[1..].split(q).next().map(str::to_owned)
    };
    let src = value("src").or_else(|| value("path"))?;
    let alt = value("alt")
        .or_else(|| value("caption"))
        .or_else(|| value("title"))
        .unwrap_or_default();
    Some(format!("![{}]({src})", alt.replace(['[', ']'], "")))
}

fn hidden(whole: &str, unmapped: &mut Vec<String>) -> String {
    unmapped.push(format!(
        "`{whole}` has no debrief equivalent; kept it in an HTML comment"
    ));
    format!("<!-- {} -->", whole.replace("--", "- -"))
}

#[cfg(test)]
mod tests {
    use super::{hugo, zola};

    #[test]
    fn hugo_refs_and_figures() {
        let mut unmapped = Vec::new();
        let out = hugo(
            "[Tag 1]({{< ref \"posts/leweb-tag-1.md#fazit\" >}}) {{< figure src=\"buehne.jpg\" alt=\"Bühne\" >}} {{< youtube abc >}} [de]({{< relref path=\"posts/x.md\" lang=\"de\" >}})",
            &mut unmapped,
        );
        assert_eq!(
            out,
            "[Tag 1](@src:posts/leweb-tag-1.md#fazit) ![Bühne](buehne.jpg) <!-- {{< youtube abc >}} --> [de](@src:posts/x.md)"
        );
        assert_eq!(unmapped.len(), 1);
    }

    #[test]
    fn broken_template_code_does_not_panic() {
        for text in [
            "{%}",
            "{{%}}",
            "{{<>}}",
            "{{<",
            "{{}}",
            "{%",
            "{{ x",
            "{{< ref >}}",
            "{{< figure src= >}}",
            "ä{{<ö>}}ü",
        ] {
            let mut unmapped = Vec::new();
            let _ = hugo(text, &mut unmapped);
            let _ = zola(text, &mut unmapped);
        }
    }

    #[test]
    fn zola_calls() {
        let mut unmapped = Vec::new();
        let out = zola(
            "{{ figure(src=\"a.jpg\", alt=\"A\") }} {{ youtube(id=\"x\") }}",
            &mut unmapped,
        );
        assert_eq!(out, "![A](a.jpg) <!-- {{ youtube(id=\"x\") }} -->");
        assert_eq!(unmapped.len(), 1);
    }
}
