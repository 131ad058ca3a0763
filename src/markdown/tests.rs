use std::path::PathBuf;
use std::sync::Arc;

use super::{Context, Events, Rendered, options, render, render_in};
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
    assemble(Arc::new(config), Vec::new(), None).unwrap()
}

fn md(lang: &str, body: &str) -> Result<Rendered, crate::diag::Diagnostics> {
    md_with(lang, body, &[])
}

/// The body `body` rendered in `lang` for a page interviewing `people`.
pub(super) fn md_with(
    lang: &str,
    body: &str,
    people: &[crate::content::front_matter::Person],
) -> Result<Rendered, crate::diag::Diagnostics> {
    let site = empty_site();
    let text = format!("+++\ntitle = \"t\"\n+++\n{body}");
    let file = SourceFile::new(PathBuf::from("a.md"), PathBuf::from("content/a.md"), text);
    let highlighter = Highlighter::new();
    let images = crate::images::ImageFacts::default();
    let cx = Context {
        site: &site,
        highlighter: &highlighter,
        images: &images,
    };
    let lang = site.config.lang(lang).unwrap().clone();
    let body = crate::content::front_matter::split(&file.text)
        .unwrap()
        .body;
    render(&cx, &file, body, &lang, people).map(super::Made::done)
}

/// Bodies long enough to be parsed a stretch at a time render as they
/// do parsed whole: headings' ids and contents, footnotes' numbers and
/// links back, the summary, interview turns and pull quotes, figures.
#[test]
fn a_body_renders_alike_in_stretches() {
    let pieces = [
        "",
        "",
        "Ein \"Absatz\" mit *Betonung*[^1] und [Link](/x).",
        "## Über uns",
        "## Über uns {#eigen}",
        "### Wer?",
        "- Punkt mit [^a]",
        "- noch einer",
        "  - innen",
        "1. erstens",
        "| a | b |",
        "|---|---|",
        "| 1 | \"2\" |",
        "```rust",
        "fn main() {}",
        "```",
        "> \"Zitat\"",
        "> — Binhammer",
        "**Frage:** Was nun?",
        "![Bild](/b.jpg \"Titel\")",
        "<!-- more -->",
        "<div>",
        "</div>",
        "[^1]: Die Notiz.",
        "[^a]: Die andere,",
        "    in zwei Absätzen.",
        "Satz[^1] wieder.",
    ];
    let site = empty_site();
    let highlighter = Highlighter::new();
    let images = crate::images::ImageFacts::default();
    let cx = Context {
        site: &site,
        highlighter: &highlighter,
        images: &images,
    };
    let lang = site.config.lang("de").unwrap().clone();
    let mut next = xorshift(0x853c_49e6_748f_ea9b);
    let mut stretched_bodies = 0;
    for _ in 0..2_000 {
        let n = 10 + (next() % 80) as usize;
        let lines: Vec<&str> = (0..n)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let text = format!("+++\ntitle = \"t\"\n+++\n{}\n", lines.join("\n"));
        let file = SourceFile::new(PathBuf::from("a.md"), PathBuf::from("content/a.md"), text);
        let body = crate::content::front_matter::split(&file.text)
            .unwrap()
            .body;
        let whole =
            render_in(&cx, &file, body.clone(), &lang, &[], usize::MAX / 4).map(super::Made::done);
        let stretch = 1 + (next() % 100) as usize;
        let mut events = Events::of(
            &file.text[body.clone()],
            options(&site.config.markdown),
            stretch,
            false,
        );
        events.by_ref().for_each(drop);
        stretched_bodies += usize::from(matches!(events, Events::Stretched(_)) && !events.failed());
        let stretched = render_in(&cx, &file, body, &lang, &[], stretch).map(super::Made::done);
        assert_eq!(whole.ok(), stretched.ok(), "{}", file.text);
    }
    assert!(stretched_bodies > 200, "{stretched_bodies}");
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
        (
            "de",
            "eine 12\" Platte, 5'10\" groß",
            "eine 12″ Platte, 5’10″ groß",
        ),
        (
            "de",
            "Er sagte: Ende\" und ging.",
            "Er sagte: Ende“ und ging.",
        ),
    ];
    for (lang, body, want) in cases {
        assert_eq!(
            md(lang, body).unwrap().html,
            format!("<p>{want}</p>\n"),
            "{body}"
        );
    }
    let across = md("de", "\"Ein Absatz mit\n\nZeilenumbruch\" endet.").unwrap();
    assert_eq!(
        across.html,
        "<p>„Ein Absatz mit</p>\n<p>Zeilenumbruch“ endet.</p>\n"
    );
    let heading = md("de", "## \"Zitat\" im Titel\n").unwrap();
    assert_eq!(heading.toc.headings()[0].title, "„Zitat“ im Titel");
}

#[test]
fn footnotes_link_to_their_note_and_back() {
    let r = md(
        "de",
        "Erstens[^a], zweitens[^b], wieder[^a].\n\n[^a]: Die erste.\n\n[^b]: Die zweite,\n\n    in zwei Absätzen.\n",
    )
    .unwrap();
    let want = [
        "<p>Erstens<sup class=\"footnote-reference\" id=\"fnref-1\"><a href=\"#fn-1\" role=\"doc-noteref\">1</a></sup>",
        "wieder<sup class=\"footnote-reference\" id=\"fnref-1-2\"><a href=\"#fn-1\" role=\"doc-noteref\">1</a></sup>.</p>",
        "<div class=\"footnote-definition\" id=\"fn-1\" role=\"doc-footnote\"><sup class=\"footnote-definition-label\">1</sup>\n<p>Die erste. <a href=\"#fnref-1\" class=\"footnote-backref\" role=\"doc-backlink\">↩</a> <a href=\"#fnref-1-2\" class=\"footnote-backref\" role=\"doc-backlink\">↩<sup>2</sup></a></p>\n</div>",
        "<p>in zwei Absätzen. <a href=\"#fnref-2\" class=\"footnote-backref\" role=\"doc-backlink\">↩</a></p>\n</div>",
    ];
    for w in want {
        assert!(r.html.contains(w), "no\n{w}\nin\n{}", r.html);
    }
}

/// A small deterministic random source for the tests that throw
/// generated input at a stage.
pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}

/// Random bodies from the pieces real posts are made of: rendering
/// never panics, and without straight quotes to convert every typed
/// quotation mark comes out as it went in, each kind counted apart.
#[test]
fn random_bodies_render_and_keep_typed_quotes() {
    let typed = ["„", "“", "”", "‚", "‘", "’", "«", "»", "‹", "›"];
    let others = [
        "wort",
        " ",
        "\n",
        "\n\n",
        "*",
        "_",
        "[",
        "](/x/)",
        "![b](/i.jpg)",
        "<img src=/a.jpg>",
        "<div>",
        "</div>",
        "[^1]",
        "\n\n[^1]: Notiz",
        "## ",
        "> ",
        "- ",
        "--",
        "...",
        "<!-- more -->",
        "90",
        "&amp;",
        "\\",
        "\r\n",
    ];
    let straight = ["\"", "'", "`", "```\n"];
    let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
    for round in 0..2_000 {
        let with_straight = round % 2 == 0;
        let len = (next() % 30) as usize;
        let body: String = (0..len)
            .map(|_| {
                let pick = next() as usize;
                match pick % 4 {
                    0 => typed[pick / 4 % typed.len()],
                    1 if with_straight => straight[pick / 4 % straight.len()],
                    _ => others[pick / 4 % others.len()],
                }
            })
            .collect();
        for lang in ["de", "en"] {
            let Ok(r) = md(lang, &body) else { continue };
            if with_straight {
                continue;
            }
            // Only text counts: the HTML of images and raw tags holds no marks.
            for mark in typed {
                assert_eq!(
                    r.html.matches(mark).count(),
                    body.matches(mark).count(),
                    "{lang}: {mark} in {body:?} → {}",
                    r.html
                );
            }
        }
    }
}

#[test]
fn a_titled_image_alone_is_a_figure_and_only_the_first_loads_at_once() {
    let r = md(
        "de",
        "![Die „Bühne“](https://x.org/b.jpg \"Auf der Bühne\")\n\nText ![zwei](/z.png \"T\") und ![drei](c.jpg).\n\n> ![vier](d.jpg \"Im Zitat\")\n",
    )
    .unwrap();
    let want = [
        "<figure><img src=\"https://x.org/b.jpg\" alt=\"Die „Bühne“\" decoding=\"async\"><figcaption>Auf der Bühne</figcaption></figure>\n",
        "<p>Text <img src=\"/blog/z.png\" alt=\"zwei\" title=\"T\" loading=\"lazy\" decoding=\"async\"> und <img src=\"c.jpg\" alt=\"drei\" loading=\"lazy\" decoding=\"async\">.</p>",
        "<blockquote>\n<figure><img src=\"d.jpg\" alt=\"vier\" loading=\"lazy\" decoding=\"async\"><figcaption>Im Zitat</figcaption></figure>",
    ];
    for w in want {
        assert!(r.html.contains(w), "no\n{w}\nin\n{}", r.html);
    }
    assert!(!r.html.contains("<p><figure>"), "{}", r.html);
    assert_eq!(r.preview.unwrap().url, "https://x.org/b.jpg");
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
    assert_eq!(r.toc.headings()[0].children[0].id, "wer");
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
