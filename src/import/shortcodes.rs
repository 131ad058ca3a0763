//! Hugo shortcodes and Zola template calls in a body: `ref`/`relref` as
//! links, `figure` as an image, the rest kept in an HTML comment and
//! reported (debrief content has no template code).

/// Resolves Hugo's `{{< … >}}` / `{{% … %}}` and hides other template code.
pub(crate) fn hugo(body: &str, unmapped: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest
        .find("{{<")
        .or_else(|| rest.find("{{%"))
        .map(|a| earliest(rest, a))
    {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let close = if tail.starts_with("{{<") {
            ">}}"
        } else {
            "%}}"
        };
        // The close is looked for after the opener: `{%}` is no tag.
        let Some(end) = tail
            .get(opener_len(tail)..)
            .and_then(|t| t.find(close))
            .map(|e| e + opener_len(tail))
        else {
            out.push_str(tail);
            return out;
        };
        let whole = &tail[..end + 3];
        rest = &tail[end + 3..];
        let inner = whole[3..end].trim();
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

/// Hides Zola's `{{ shortcode(…) }}` and `{% shortcode(…) %}…{% end %}` calls.
pub(crate) fn zola(body: &str, unmapped: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = [rest.find("{{"), rest.find("{%")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let close = if tail.starts_with("{{") { "}}" } else { "%}" };
        // The close is looked for after the opener: `{%}` is no tag.
        let Some(end) = tail
            .get(opener_len(tail)..)
            .and_then(|t| t.find(close))
            .map(|e| e + opener_len(tail))
        else {
            out.push_str(tail);
            return out;
        };
        let whole = &tail[..end + 2];
        rest = &tail[end + 2..];
        let inner = whole[2..end].trim();
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

fn earliest(text: &str, found: usize) -> usize {
    [text.find("{{<"), text.find("{{%")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(found)
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

/// `{{<` and `{{%` are three bytes long, `{{` and `{%` two.
fn opener_len(tail: &str) -> usize {
    if tail.starts_with("{{<") || tail.starts_with("{{%") {
        3
    } else {
        2
    }
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
