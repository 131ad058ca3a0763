//! Jekyll's Liquid in a post body: URL helpers resolved (`relative_url`,
//! `site.baseurl`, `{% link %}`, `{% post_url %}`), `{% highlight %}` made
//! a fenced block, kramdown attribute lists dropped, and whatever else
//! kept out of sight in an HTML comment and reported.

use serde_json::{Map, Value};

use crate::import::mapping::text;

/// The values `{{ page.KEY }}` and `{{ site.KEY }}` read.
pub(crate) struct Vars<'a> {
    /// The post's own front matter.
    pub(crate) page: &'a Map<String, Value>,
    /// `_config.yml`.
    pub(crate) site: &'a Map<String, Value>,
}

/// The body with its Liquid resolved; `unmapped` gets what was not.
pub(crate) fn resolve(body: &str, vars: &Vars, unmapped: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = next_tag(rest) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let (close, is_output) = if tail.starts_with("{{") {
            ("}}", true)
        } else if tail.starts_with("{%") {
            ("%}", false)
        } else {
            ("}", false)
        };
        // The close is looked for after the opener: `{%}` is no tag.
        let Some(end) = tail.get(2..).and_then(|t| t.find(close)).map(|e| e + 2) else {
            out.push_str(tail);
            return out;
        };
        let whole = &tail[..end + close.len()];
        let inner = whole[2..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        rest = &tail[end + close.len()..];
        if whole.starts_with("{:") {
            // A kramdown attribute list (`{: .wide}`): debrief has no use for it.
            continue;
        }
        if is_output {
            out.push_str(&output(inner, whole, vars, unmapped));
            continue;
        }
        let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        match name {
            "raw" => {
                let end_raw = find_end(rest, "endraw").unwrap_or((rest.len(), rest.len()));
                out.push_str(&rest[..end_raw.0]);
                rest = &rest[end_raw.1..];
            }
            "endraw" => {}
            "comment" => {
                let (stop, after) =
                    find_end(rest, "endcomment").unwrap_or((rest.len(), rest.len()));
                out.push_str(&format!("<!-- {} -->", rest[..stop].trim()));
                rest = &rest[after..];
            }
            "highlight" => {
                let lang = args.split_whitespace().next().unwrap_or("");
                out.push_str(&format!("```{lang}"));
            }
            "endhighlight" | "endcodeblock" => out.push_str("```"),
            // Octopress: `{% codeblock Title lang:ruby %}`.
            "codeblock" => {
                let lang = args
                    .split_whitespace()
                    .find_map(|a| a.strip_prefix("lang:"))
                    .unwrap_or("");
                out.push_str(&format!("```{lang}"));
            }
            // Octopress `img`, jekyll_picture_tag, jekyll-responsive-image.
            "img" | "image" | "picture" | "responsive_image" => match image_tag(args) {
                Some(markdown) => out.push_str(&markdown),
                None => out.push_str(&hidden(whole, unmapped)),
            },
            "link" | "post_url" => out.push_str(&format!("@src:{}", args.trim())),
            "include" => out.push_str(&include(args, whole, vars, unmapped)),
            _ => out.push_str(&hidden(whole, unmapped)),
        }
    }
    out.push_str(rest);
    out
}

/// The next `{{`, `{%` or kramdown `{:` on one line.
fn next_tag(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find('{').map(|a| a + from) {
        let next = text[at + 1..].chars().next();
        match next {
            Some('{') | Some('%') => return Some(at),
            Some(':')
                if text[at..]
                    .find('}')
                    .is_some_and(|e| !text[at..at + e].contains('\n')) =>
            {
                return Some(at);
            }
            _ => from = at + 1,
        }
    }
    None
}

/// `(start of the end tag, end of it)` of `{% NAME %}` in `text`.
fn find_end(text: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = text[from..].find("{%").map(|a| a + from) {
        let end = text[at..].find("%}")? + at;
        if text[at + 2..end].trim_matches(|c: char| c == '-' || c.is_whitespace()) == name {
            return Some((at, end + 2));
        }
        from = end;
    }
    None
}

/// `{{ "/x" | relative_url }}` → `/x`; `{{ site.baseurl }}` → nothing;
/// `{{ page.KEY }}` → the page's own value.
fn output(inner: &str, whole: &str, vars: &Vars, unmapped: &mut Vec<String>) -> String {
    let mut parts = inner.split('|').map(str::trim);
    let head = parts.next().unwrap_or("");
    let url_filter = parts.any(|f| f.starts_with("relative_url") || f.starts_with("absolute_url"));
    let value = match head {
        "site.baseurl" | "site.url" | "site.github.url" => Some(String::new()),
        _ => quoted(head)
            .map(str::to_owned)
            .or_else(|| variable(head, vars)),
    };
    if let Some(value) = value {
        // `relative_url` makes `img/x.png` site-absolute, as Jekyll does.
        let bare = !value.starts_with('/') && !value.contains("://") && !value.is_empty();
        return if url_filter && bare {
            format!("/{value}")
        } else {
            value
        };
    }
    hidden(whole, unmapped)
}

/// `{% include figure.html image="/a.jpg" caption="…" %}` → an image (a
/// gallery's `images="/a.jpg, /b.jpg"` → one image each); any other
/// include is hidden.
fn include(args: &str, whole: &str, vars: &Vars, unmapped: &mut Vec<String>) -> String {
    let attrs = attributes(args, vars);
    let images: Vec<&str> = attrs
        .iter()
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .filter(|v| looks_like_image(v))
        .collect();
    if images.is_empty() {
        return video(args, &attrs).unwrap_or_else(|| hidden(whole, unmapped));
    }
    let alt = ["alt", "caption", "description", "title"]
        .iter()
        .find_map(|k| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()))
        .unwrap_or_default()
        .replace(['[', ']'], "");
    let markdown: Vec<String> = images
        .iter()
        .map(|src| {
            // A path with spaces is a Markdown destination only in `<…>`.
            if src.contains([' ', '(', ')']) {
                format!("![{alt}](<{src}>)")
            } else {
                format!("![{alt}]({src})")
            }
        })
        .collect();
    markdown.join("\n")
}

/// `{% include youtube.html id="…" %}` (or `vimeo`): the player it embedded.
fn video(args: &str, attrs: &[(String, String)]) -> Option<String> {
    let file = args.split_whitespace().next()?.to_ascii_lowercase();
    let id = ["id", "video_id", "video", "youtube_id", "vimeo_id"]
        .iter()
        .find_map(|k| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()))?;
    let safe = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let src = if file.contains("youtube") {
        format!("https://www.youtube-nocookie.com/embed/{id}")
    } else if file.contains("vimeo") {
        format!("https://player.vimeo.com/video/{id}")
    } else {
        return None;
    };
    safe.then(|| {
        format!("<iframe src=\"{src}\" width=\"560\" height=\"315\" loading=\"lazy\" allowfullscreen></iframe>")
    })
}

/// An image tag's image: its first argument that is an image path
/// (`/images/x.jpg`, `path: assets/x.jpg`), with its `alt`
/// (`alt="…"`, `alt: "…"`, `--alt …`, or Octopress' quoted title).
fn image_tag(args: &str) -> Option<String> {
    let words: Vec<&str> = args.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| looks_like_image(w.trim_matches(['"', '\''])))?;
    let src = words[at].trim_matches(['"', '\'']);
    let src = if src.contains("://") || src.starts_with('/') {
        src.to_owned()
    } else {
        format!("/{src}")
    };
    let rest = words[at + 1..].join(" ");
    let alt = if let Some(after) = rest.split_once("--alt").map(|(_, a)| a) {
        after.split(" --").next().unwrap_or("").trim().to_owned()
    } else {
        let named = ["alt=", "alt:", "title=", "title:"]
            .iter()
            .find_map(|k| rest.split_once(k).map(|(_, a)| a.trim_start()));
        let from = named.unwrap_or(&rest);
        from.find(['"', '\''])
            .and_then(|q| {
                let quote = from[q..].chars().next()?;
                let inner = &from[q + 1..];
                inner.find(quote).map(|end| inner[..end].to_owned())
            })
            .unwrap_or_default()
    };
    Some(format!("![{}]({src})", alt.replace(['[', ']'], "")))
}

/// `key="value"` and `key='value'` pairs, and `key=page.KEY` (or
/// `site.KEY`) with that variable's value.
fn attributes(args: &str, vars: &Vars) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = args;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq]
            .split_whitespace()
            .last()
            .unwrap_or("")
            .to_owned();
        let after = rest[eq + 1..].trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            if let Some(value) = variable(&after[..end], vars) {
                out.push((key, value));
            }
            rest = &after[end..];
            continue;
        };
        let Some(end) = after[1..].find(q) else { break };
        out.push((key, after[1..end + 1].to_owned()));
        rest = &after[end + 2..];
    }
    out
}

/// The text value of `page.KEY` or `site.KEY`.
fn variable(name: &str, vars: &Vars) -> Option<String> {
    let (scope, key) = name.split_once('.')?;
    let map = match scope {
        "page" => vars.page,
        "site" => vars.site,
        _ => return None,
    };
    map.get(key).and_then(text)
}

fn looks_like_image(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif"]
        .iter()
        .any(|e| lower.ends_with(e))
}

fn quoted(text: &str) -> Option<&str> {
    for q in ['"', '\''] {
        if let Some(inner) = text.strip_prefix(q).and_then(|t| t.strip_suffix(q)) {
            return Some(inner);
        }
    }
    None
}

/// Liquid debrief cannot run: kept in a comment, listed in the report.
fn hidden(whole: &str, unmapped: &mut Vec<String>) -> String {
    unmapped.push(format!(
        "Liquid `{whole}` has no debrief equivalent; kept it in an HTML comment"
    ));
    format!("<!-- {} -->", whole.replace("--", "- -"))
}

#[cfg(test)]
mod tests {
    use super::{Vars, resolve};
    use serde_json::{Map, json};

    fn run(body: &str) -> (String, Vec<String>) {
        let page: Map<_, _> = json!({"title": "LeWeb 2008", "image": "/images/leweb.jpg"})
            .as_object()
            .cloned()
            .expect("object");
        let site: Map<_, _> = json!({"author": "Anna"})
            .as_object()
            .cloned()
            .expect("object");
        let vars = Vars {
            page: &page,
            site: &site,
        };
        let mut unmapped = Vec::new();
        (resolve(body, &vars, &mut unmapped), unmapped)
    }

    #[test]
    fn url_helpers() {
        let (out, unmapped) = run(concat!(
            "![Bühne]({{ \"/assets/img/buehne.jpg\" | relative_url }})\n",
            "<img src=\"{{ site.baseurl }}/images/x.png\">\n",
            "[Teil 1]({% post_url 2008-12-10-leweb-tag-1 %}) und [About]({{ site.baseurl }}{% link about.md %})\n",
            "# {{ page.title }}\n",
            "![]({{ 'img/a.png' | relative_url }}) {{ site.author }}\n",
        ));
        assert_eq!(
            out,
            concat!(
                "![Bühne](/assets/img/buehne.jpg)\n",
                "<img src=\"/images/x.png\">\n",
                "[Teil 1](@src:2008-12-10-leweb-tag-1) und [About](@src:about.md)\n",
                "# LeWeb 2008\n",
                "![](/img/a.png) Anna\n",
            )
        );
        assert!(unmapped.is_empty(), "{unmapped:?}");
    }

    #[test]
    fn broken_liquid_does_not_panic() {
        for text in [
            "{%}",
            "{:}",
            "{{}}",
            "{% raw %}",
            "{% comment %}x",
            "{% include a=\"",
            "{% include x=\"/a.png",
            "{{ 'x' | relative_url",
            "ä{%ö%}ü{:ß}",
            "{% highlight %}",
            "{% link %}",
        ] {
            let _ = run(text);
        }
    }

    #[test]
    fn blocks_includes_and_leftovers() {
        let (out, unmapped) = run(concat!(
            "{% highlight ruby linenos %}\nputs \"hi\"\n{% endhighlight %}\n",
            "{% raw %}{{ not liquid }}{% endraw %}\n",
            "{% include figure.html image=\"/assets/podium.jpg\" caption=\"Das Podium\" %}\n",
            "Text{: .lead}\n",
            "{% include newsletter.html %}\n",
            "{% include gallery.html images=\"/fotos/saal 1.jpg, /fotos/b.png\" %}\n",
            "{% include image.html src=page.image alt=\"Bühne\" %}\n",
            "{% img left /images/saal.jpg 300 200 \"Der Saal\" \"Saal 1\" %}\n",
            "{% picture jpt-webp fotos/podium.jpg --alt Das Podium --link /x %}\n",
            "{% responsive_image path: assets/buehne.png alt: \"Bühne\" %}\n",
            "{% codeblock Hallo lang:ruby %}\nputs 1\n{% endcodeblock %}\n",
            "{% include youtube.html id=\"dQw4w9WgXcQ\" %}\n",
            "{% include youtube.html id=\"x\\\" onload=\" %}\n",
        ));
        assert_eq!(
            out,
            concat!(
                "```ruby\nputs \"hi\"\n```\n",
                "{{ not liquid }}\n",
                "![Das Podium](/assets/podium.jpg)\n",
                "Text\n",
                "<!-- {% include newsletter.html %} -->\n",
                "![](</fotos/saal 1.jpg>)\n![](/fotos/b.png)\n",
                "![Bühne](/images/leweb.jpg)\n",
                "![Der Saal](/images/saal.jpg)\n",
                "![Das Podium](/fotos/podium.jpg)\n",
                "![Bühne](/assets/buehne.png)\n",
                "```ruby\nputs 1\n```\n",
                "<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\" width=\"560\" height=\"315\" loading=\"lazy\" allowfullscreen></iframe>\n",
                "<!-- {% include youtube.html id=\"x\\\" onload=\" %} -->\n",
            )
        );
        assert_eq!(unmapped.len(), 2, "{unmapped:?}");
    }
}
