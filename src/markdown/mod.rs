//! Stage 4: Markdown bodies → HTML, in parallel, one page at a time.
//!
//! One pass over pulldown-cmark's events (with source offsets), in steps:
//! 1. `@/` links and images → the target's URL in the page's language (errors at file:line:col);
//! 2. text → straight quotes in the page language's marks (typed ones kept), and words counted;
//! 3. headings → ids, anchor links, table of contents;
//! 4. fenced code → syntect classes;
//! 5. `<!-- more -->` → where the summary ends;
//! 6. footnotes → numbered, linked to their note and back;
//! 7. root-relative URLs (`/img/x.jpg`) in links, images and raw HTML → under the base URL's sub-path.

pub mod footnotes;
pub mod headings;
pub mod highlight;
pub mod html_urls;
pub mod punctuation;

use std::hash::{Hash, Hasher};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

use crate::config::Lang;
use crate::content::source_file::SourceFile;
use crate::diag::{Diagnostic, Diagnostics};
use crate::site::Site;
use crate::site::translations::resolve_link;

use headings::{Heading, Ids};
use highlight::Highlighter;

/// Words a minute, for reading time.
const WORDS_PER_MINUTE: usize = 200;

/// A rendered Markdown body.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// The whole body as HTML.
    pub html: String,
    /// The HTML before `<!-- more -->`, if the marker is there.
    pub summary: Option<String>,
    /// Headings, nested.
    pub toc: Vec<Heading>,
    /// Words of text (code included).
    pub word_count: usize,
    /// Minutes, at least 1.
    pub reading_time: usize,
    /// Every `@/` link and the site path it resolved to, so a cached body can
    /// be reused only while its links still resolve the same way.
    pub links: Vec<(String, String)>,
    /// Links and images to the site's own files (root-relative, relative,
    /// `@/` with an anchor, in Markdown or raw HTML) as published, for
    /// `check` to find those that lead nowhere.
    pub refs: Vec<Reference>,
    /// A hash of everything above but `links` and `refs`, for change detection.
    pub fingerprint: u64,
    /// A hash of what lists show of the body: summary and reading time, so
    /// that most edits below the summary re-render no list.
    pub list_fingerprint: u64,
    /// Only what lists show is here (`html` and `toc` were left out when
    /// it was cached): its own page must render it again.
    pub partial: bool,
}

impl Rendered {
    /// What lists and feeds need of this body, without the body itself.
    pub fn list_only(&self) -> Rendered {
        Rendered {
            html: String::new(),
            toc: Vec::new(),
            partial: true,
            summary: self.summary.clone(),
            links: self.links.clone(),
            refs: self.refs.clone(),
            ..*self
        }
    }
}

/// A URL in a body that should lead to a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reference {
    /// As published (`/blog/about/`, `../x.jpg`, `https://host/blog/x/#a`).
    pub url: String,
    /// As written (`/about/`, `@/reports/x.md#a`).
    pub written: String,
    /// Where it is written in the source file.
    pub line: usize,
    /// See `line`.
    pub col: usize,
}

/// Where each line of a file starts, made on first use: a body with
/// thousands of links is located in one pass, not one per link.
#[derive(Default)]
struct LineIndex {
    newlines: Option<Vec<usize>>,
}

impl LineIndex {
    /// The 1-based line and character column of byte `offset` of `text`.
    fn locate(&mut self, text: &str, offset: usize) -> (usize, usize) {
        let newlines = self.newlines.get_or_insert_with(|| {
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect()
        });
        let offset = offset.min(text.len());
        let line = newlines.partition_point(|&n| n < offset);
        let start = if line == 0 { 0 } else { newlines[line - 1] + 1 };
        let col = text.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        (line + 1, col)
    }
}

/// Whether `url` leads into this site: no scheme, no `//host`.
fn is_local(url: &str) -> bool {
    let before = url.find(['/', '?', '#']).unwrap_or(url.len());
    !url.is_empty() && !url.starts_with("//") && !url[..before].contains(':')
}

/// What a body is rendered with.
pub struct Context<'a> {
    /// For resolving `@/` links.
    pub site: &'a Site,
    /// For fenced code.
    pub highlighter: &'a Highlighter,
}

/// Renders the body `body` of `file`, written in `lang`.
pub fn render(
    cx: &Context<'_>,
    file: &SourceFile,
    body: Range<usize>,
    lang: &Lang,
) -> Result<Rendered, Diagnostics> {
    let markdown = &cx.site.config.markdown;
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if markdown.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let language = cx.site.config.language(lang);
    let mut quoter = markdown
        .smart_punctuation
        .then(|| punctuation::Quoter::new(&language.quotes));
    let text = &file.text[body.clone()];

    let mut out = Vec::new();
    let mut diags = Diagnostics::new();
    let mut ids = Ids::default();
    let mut flat_toc = Vec::new();
    let mut heading: Option<OpenHeading<'_>> = None;
    let mut code: Option<(String, String)> = None;
    let mut words = 0;
    let mut summary_at = None;
    let mut depth = 0usize;
    let mut links = Vec::new();
    let mut html_block: Option<String> = None;
    let mut notes = footnotes::Footnotes::default();
    // The open note: its name and where its last paragraph closes.
    let mut note: Option<(String, Option<usize>)> = None;
    // Each note, and where its links back go.
    let mut backrefs: Vec<(String, usize)> = Vec::new();
    let base_path = cx.site.config.base_url.path.as_str();
    let mut refs = Vec::new();
    let mut lines = LineIndex::default();
    let mut refer = |written: &str, url: &str, offset: usize| {
        if is_local(written) {
            let (line, col) = lines.locate(&file.text, offset);
            refs.push(Reference {
                url: url.to_owned(),
                written: written.to_owned(),
                line,
                col,
            });
        }
    };

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        let offset = body.start + range.start;
        let event = match event {
            // 1. internal links
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                depth += 1;
                let resolved = link_to(cx, &dest_url, lang, file, offset, &mut diags);
                links.push((dest_url.to_string(), resolved.to_string()));
                if dest_url.contains('#') {
                    refer(&dest_url, &resolved, offset);
                }
                let dest_url = resolved;
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                depth += 1;
                let resolved = link_to(cx, &dest_url, lang, file, offset, &mut diags);
                links.push((dest_url.to_string(), resolved.to_string()));
                let dest_url = resolved;
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            // 7. root-relative links and images
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                depth += 1;
                let written = dest_url.to_string();
                let dest_url = rebased(dest_url, base_path);
                refer(&written, &dest_url, offset);
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                depth += 1;
                let written = dest_url.to_string();
                let dest_url = rebased(dest_url, base_path);
                refer(&written, &dest_url, offset);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                })
            }
            Event::InlineHtml(h) => {
                let h = rebased_html(h, base_path);
                refer_html(&mut refer, &h, base_path, offset);
                Event::InlineHtml(h)
            }
            // An HTML block comes line by line: kept whole, so that a tag
            // written over several lines is one tag.
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some(String::new());
                continue;
            }
            Event::Html(h) if html_block.is_some() => {
                if let Some(block) = html_block.as_mut() {
                    block.push_str(&h);
                }
                continue;
            }
            Event::End(TagEnd::HtmlBlock) => {
                let block = html_block.take().unwrap_or_default();
                // 5. summary marker, only between blocks
                if depth == 0 && block.trim() == "<!-- more -->" {
                    summary_at.get_or_insert(out.len());
                    continue;
                }
                let h = rebased_html(block.into(), base_path);
                refer_html(&mut refer, &h, base_path, offset);
                Event::Html(h)
            }
            // 4. fenced code
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split([',', ' ']).next().unwrap_or("").to_owned()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((info, String::new()));
                continue;
            }
            Event::Text(t) if code.is_some() => {
                if let Some((_, buf)) = code.as_mut() {
                    buf.push_str(&t);
                }
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                let (lang, source) = code.take().unwrap_or_default();
                words += source.split_whitespace().count();
                let highlight = markdown.highlight_code.then_some(cx.highlighter);
                Event::Html(code_block(highlight, &lang, &source).into())
            }
            // 2. text
            Event::Text(t) => {
                words += t.split_whitespace().count();
                let mark = quoter
                    .as_mut()
                    .and_then(|q| q.mark(&t, text, range.clone()));
                let t = mark.map_or(t, CowStr::from);
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&t);
                }
                Event::Text(t)
            }
            Event::Code(t) => {
                words += t.split_whitespace().count();
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&t);
                }
                Event::Code(t)
            }
            // 3. headings
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                heading = Some(OpenHeading {
                    level,
                    id,
                    classes,
                    text: String::new(),
                    start: out.len(),
                });
                depth += 1;
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                depth = depth.saturating_sub(1);
                if let Some(h) = heading.take() {
                    let id = ids.unique(h.id.as_deref().unwrap_or(&h.text));
                    let level = h.level as u8;
                    let mut open = format!("<h{level} id=\"");
                    let _ = escape_html(&mut open, &id);
                    open.push('"');
                    if !h.classes.is_empty() {
                        open.push_str(" class=\"");
                        let _ = escape_html(&mut open, &h.classes.join(" "));
                        open.push('"');
                    }
                    open.push('>');
                    out.insert(h.start, Event::Html(open.into()));
                    let mut close = String::from("<a class=\"heading-anchor\" href=\"#");
                    let _ = escape_html(&mut close, &id);
                    close.push_str(&format!(
                        "\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{level}>\n"
                    ));
                    flat_toc.push(Heading {
                        level,
                        id,
                        title: h.text.trim().to_owned(),
                        children: Vec::new(),
                    });
                    Event::Html(close.into())
                } else {
                    continue;
                }
            }
            Event::Html(h) => {
                let h = rebased_html(h, base_path);
                refer_html(&mut refer, &h, base_path, offset);
                Event::Html(h)
            }
            // 6. footnotes
            Event::FootnoteReference(name) => Event::InlineHtml(notes.reference(&name).into()),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                depth += 1;
                let open = notes.open(&name);
                note = Some((name.to_string(), None));
                Event::Html(open.into())
            }
            Event::End(TagEnd::Paragraph) if note.is_some() => {
                depth = depth.saturating_sub(1);
                if let Some((_, last)) = note.as_mut() {
                    *last = Some(out.len());
                }
                event
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
                if let Some((name, last)) = note.take() {
                    // The way back goes inside the note's last paragraph.
                    backrefs.push((name, last.unwrap_or(out.len())));
                }
                Event::Html("</div>\n".into())
            }
            Event::Start(tag) => {
                depth += 1;
                Event::Start(tag)
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if let (0, Some(q)) = (depth, quoter.as_mut()) {
                    q.end_block();
                }
                Event::End(tag)
            }
            other => other,
        };
        out.push(event);
    }
    if diags.has_errors() {
        return Err(diags);
    }
    for (name, at) in backrefs.into_iter().rev() {
        let html = notes.backrefs(&name, lang.as_str());
        if html.is_empty() {
            continue;
        }
        out.insert(at, Event::InlineHtml(html.into()));
        if let Some(s) = summary_at.as_mut().filter(|s| **s > at) {
            *s += 1;
        }
    }
    let summary = summary_at.map(|i| {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, out[..i].iter().cloned());
        s
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    let toc = headings::nest(flat_toc);
    let reading_time = words.div_ceil(WORDS_PER_MINUTE).max(1);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&html, &summary, &toc, words).hash(&mut h);
    let mut l = std::collections::hash_map::DefaultHasher::new();
    (&summary, reading_time).hash(&mut l);
    Ok(Rendered {
        fingerprint: h.finish(),
        list_fingerprint: l.finish(),
        html,
        summary,
        toc,
        word_count: words,
        reading_time,
        links,
        refs,
        partial: false,
    })
}

struct OpenHeading<'a> {
    level: HeadingLevel,
    id: Option<CowStr<'a>>,
    classes: Vec<CowStr<'a>>,
    text: String,
    start: usize,
}

/// Each URL in raw HTML, as written and as published.
fn refer_html(
    refer: &mut impl FnMut(&str, &str, usize),
    html: &str,
    base_path: &str,
    offset: usize,
) {
    for url in html_urls::urls(html) {
        let written = url
            .strip_prefix(base_path)
            .filter(|rest| !base_path.is_empty() && rest.starts_with('/'))
            .unwrap_or(url);
        refer(written, url, offset);
    }
}

/// A root-relative link or image URL under the base URL's sub-path.
fn rebased<'a>(url: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    html_urls::rebase_url(&url, base_path).map_or(url, CowStr::from)
}

/// Raw HTML with its root-relative URLs under the base URL's sub-path.
fn rebased_html<'a>(html: CowStr<'a>, base_path: &str) -> CowStr<'a> {
    match html_urls::rebase(&html, base_path) {
        std::borrow::Cow::Borrowed(_) => html,
        std::borrow::Cow::Owned(s) => CowStr::from(s),
    }
}

/// Resolves an `@/` link to an absolute URL, or records the error at its position.
fn link_to<'a>(
    cx: &Context<'_>,
    dest: &str,
    lang: &Lang,
    file: &SourceFile,
    offset: usize,
    diags: &mut Diagnostics,
) -> CowStr<'a> {
    match resolve_link(cx.site, dest, lang) {
        Ok(path) => cx.site.config.base_url.absolute(&path).into(),
        Err(message) => {
            diags.push(Diagnostic::error(message, Some(file.location(offset))));
            CowStr::from("")
        }
    }
}

/// A code block as HTML: highlighted when the language is known.
fn code_block(highlighter: Option<&Highlighter>, lang: &str, source: &str) -> String {
    let mut html = String::with_capacity(source.len() * 2);
    if lang.is_empty() {
        html.push_str("<pre tabindex=\"0\"><code>");
        let _ = escape_html(&mut html, source);
        html.push_str("</code></pre>\n");
        return html;
    }
    let highlighted = highlighter.and_then(|h| h.highlight(lang, source));
    html.push_str(if highlighted.is_some() {
        "<pre class=\"hl-code\" tabindex=\"0\" data-lang=\""
    } else {
        "<pre tabindex=\"0\" data-lang=\""
    });
    let _ = escape_html(&mut html, lang);
    html.push_str("\"><code class=\"language-");
    let _ = escape_html(&mut html, lang);
    html.push_str("\">");
    match highlighted {
        Some(highlighted) => html.push_str(&highlighted),
        None => {
            let _ = escape_html(&mut html, source);
        }
    }
    html.push_str("</code></pre>\n");
    html
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::{Context, Rendered, render};
    use crate::config::{Overrides, load_str};
    use crate::content::source_file::SourceFile;
    use crate::markdown::highlight::Highlighter;
    use crate::site::{Site, assemble};

    fn empty_site() -> Site {
        let config = load_str(
            "base_url = \"https://x.org/blog\"\ndefault_language = \"de\"\n[languages.de]\n[languages.en]\n",
            &Overrides::default(),
        )
        .unwrap();
        assemble(Arc::new(config), Vec::new()).unwrap()
    }

    fn md(lang: &str, body: &str) -> Result<Rendered, crate::diag::Diagnostics> {
        let site = empty_site();
        let text = format!("+++\ntitle = \"t\"\n+++\n{body}");
        let file = SourceFile::new(PathBuf::from("a.md"), PathBuf::from("content/a.md"), text);
        let highlighter = Highlighter::new();
        let cx = Context {
            site: &site,
            highlighter: &highlighter,
        };
        let lang = site.config.lang(lang).unwrap().clone();
        let body = crate::content::front_matter::split(&file.text)
            .unwrap()
            .body;
        render(&cx, &file, body, &lang)
    }

    #[test]
    fn quotes_follow_the_page_language() {
        assert_eq!(
            md("de", "Er sagte \"Hallo\".").unwrap().html,
            "<p>Er sagte „Hallo“.</p>\n"
        );
        assert_eq!(
            md("en", "He said \"hello\".").unwrap().html,
            "<p>He said “hello”.</p>\n"
        );
        assert_eq!(
            md("de", "`\"code\"`").unwrap().html,
            "<p><code>\"code\"</code></p>\n"
        );
    }

    #[test]
    fn typed_quotes_stay_as_typed() {
        let cases = [
            (
                "de",
                "„Typografisch“ und ‚Einfach‘",
                "„Typografisch“ und ‚Einfach‘",
            ),
            ("de", "«Grüezi» und ‹so›", "«Grüezi» und ‹so›"),
            (
                "de",
                "*„Betont“* und [„Link“](/x)",
                "<em>„Betont“</em> und <a href=\"/blog/x\">„Link“</a>",
            ),
            (
                "de",
                "\"Gerade\" und „typografisch“",
                "„Gerade“ und „typografisch“",
            ),
            ("de", "\"Er sagte 'so'\"", "„Er sagte ‚so‘“"),
            (
                "de",
                "geht's, Andreas' Buch, die '90er",
                "geht’s, Andreas’ Buch, die ’90er",
            ),
            (
                "en",
                "“Typed” and \"straight\", don't",
                "“Typed” and “straight”, don’t",
            ),
            ("en", "'single' -- and... more", "‘single’ – and… more"),
            (
                "de",
                "aus den '90ern, sagte Andreas' Frage",
                "aus den ’90ern, sagte Andreas’ Frage",
            ),
            ("de", "'Zitat' und die '80er", "‚Zitat‘ und die ’80er"),
        ];
        for (lang, body, want) in cases {
            assert_eq!(
                md(lang, body).unwrap().html,
                format!("<p>{want}</p>\n"),
                "{body}"
            );
        }
        let heading = md("de", "## \"Zitat\" im Titel\n").unwrap();
        assert_eq!(heading.toc[0].title, "„Zitat“ im Titel");
    }

    #[test]
    fn footnotes_link_to_their_note_and_back() {
        let r = md(
            "de",
            "Erstens[^a], zweitens[^b], wieder[^a].\n\n[^a]: Die erste.\n\n[^b]: Die zweite,\n\n    in zwei Absätzen.\n",
        )
        .unwrap();
        let want = [
            "<p>Erstens<sup class=\"footnote-reference\" id=\"fnref-a\"><a href=\"#fn-a\" role=\"doc-noteref\">1</a></sup>",
            "wieder<sup class=\"footnote-reference\" id=\"fnref-a-2\"><a href=\"#fn-a\" role=\"doc-noteref\">1</a></sup>.</p>",
            "<div class=\"footnote-definition\" id=\"fn-a\" role=\"doc-endnote\"><sup class=\"footnote-definition-label\">1</sup>\n<p>Die erste. <a href=\"#fnref-a\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Zurück zum Text (1)\">↩</a> <a href=\"#fnref-a-2\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Zurück zum Text (1)\">↩<sup>2</sup></a></p>\n</div>",
            "<p>in zwei Absätzen. <a href=\"#fnref-b\" class=\"footnote-backref\" role=\"doc-backlink\" aria-label=\"Zurück zum Text (2)\">↩</a></p>\n</div>",
        ];
        for w in want {
            assert!(r.html.contains(w), "no\n{w}\nin\n{}", r.html);
        }
    }

    /// Random bodies from the pieces real posts are made of: rendering
    /// never panics, and every quote a writer typed comes out as typed.
    #[test]
    fn random_bodies_render_and_keep_typed_quotes() {
        let pieces = [
            "„",
            "“",
            "‚",
            "‘",
            "«",
            "»",
            "‹",
            "›",
            "\"",
            "'",
            "’",
            "wort",
            " ",
            "\n",
            "\n\n",
            "*",
            "_",
            "[",
            "](/x/)",
            "![b](/i.jpg)",
            "<img src=\"/a.jpg\">",
            "<div>",
            "</div>",
            "[^1]",
            "\n\n[^1]: Notiz",
            "## ",
            "> ",
            "- ",
            "`",
            "```\n",
            "--",
            "...",
            "<!-- more -->",
            "90",
            "&amp;",
            "\\",
            "\r\n",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..2_000 {
            let len = (next() % 30) as usize;
            let body: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            for lang in ["de", "en"] {
                let Ok(r) = md(lang, &body) else { continue };
                let typed = |t: &str| t.chars().filter(|c| "„«»‹›".contains(*c)).count();
                assert!(
                    typed(&r.html) >= typed(&body.replace('`', "")),
                    "{lang}: {body:?} → {}",
                    r.html
                );
            }
        }
    }

    #[test]
    fn headings_get_ids_anchors_and_a_toc() {
        let r = md("de", "## Über uns\n\n### Wer?\n\n## Über uns\n").unwrap();
        assert!(
            r.html.starts_with(
                "<h2 id=\"ueber-uns\">Über uns<a class=\"heading-anchor\" href=\"#ueber-uns\""
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("<h2 id=\"ueber-uns-1\">"));
        assert_eq!(r.toc.len(), 2);
        assert_eq!(r.toc[0].children[0].id, "wer");
    }

    #[test]
    fn summary_ends_at_the_more_marker() {
        let r = md("en", "First *part*.\n\n<!-- more -->\n\nSecond part.\n").unwrap();
        assert_eq!(r.summary.as_deref(), Some("<p>First <em>part</em>.</p>\n"));
        assert!(!r.html.contains("more"));
        assert!(r.html.contains("Second part."));
        assert_eq!(md("en", "No marker.").unwrap().summary, None);
    }

    #[test]
    fn words_and_reading_time() {
        let words = "wort ".repeat(450);
        let r = md("de", &words).unwrap();
        assert_eq!((r.word_count, r.reading_time), (450, 3));
        assert_eq!(md("de", "").unwrap().reading_time, 1);
    }

    #[test]
    fn missing_link_target_is_an_error_at_its_line() {
        let err = md("de", "Text\n\nSiehe [hier](@/reports/nope.md).\n").unwrap_err();
        let d = err.iter().next().unwrap();
        assert!(d.message.contains("@/reports/nope.md"), "{}", d.message);
        let loc = d.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.col), (6, 7));
    }

    #[test]
    fn code_is_highlighted_with_classes_or_escaped() {
        let r = md("en", "```rust\nfn main() {}\n```\n\n```\n<b>\n```\n").unwrap();
        assert!(
            r.html.contains(
                "<pre class=\"hl-code\" tabindex=\"0\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"
            ),
            "{}",
            r.html
        );
        assert!(
            r.html
                .contains("<pre tabindex=\"0\"><code>&lt;b&gt;\n</code></pre>")
        );
    }

    #[test]
    fn tables_footnotes_strikethrough_tasks() {
        let r = md(
            "en",
            "|a|b|\n|-|-|\n|1|2|\n\n~~old~~ new[^1]\n\n- [x] done\n\n[^1]: Note.\n",
        )
        .unwrap();
        for needle in [
            "<table>",
            "<del>old</del>",
            "footnote-reference",
            "type=\"checkbox\"",
        ] {
            assert!(r.html.contains(needle), "{needle} in {}", r.html);
        }
    }
}
