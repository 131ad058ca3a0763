//! Posts as real blogs have them: typed typography, root-relative URLs under
//! a sub-path, recurring events with one name on different dates.

use crate::support::SiteTest;

/// The bilingual fixture under `https://example.org/blog`, with `extra`
/// appended to its site.toml.
fn under_blog(extra: &str) -> SiteTest {
    let site = SiteTest::new("bilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("read site.toml");
    let config = config.replace(
        "base_url = \"https://example.org\"",
        "base_url = \"https://example.org/blog\"",
    );
    site.write("site.toml", &format!("{config}\n{extra}"));
    site
}

#[test]
fn typed_quotes_stay_and_straight_ones_take_the_page_languages_marks() {
    let site = under_blog("");
    site.write(
        "content/reports/typografie.md",
        "+++\ntitle = \"\\\"Gerade\\\" und „typografisch“ -- beides\"\n\
         description = \"Was 'Binnenzitate' sind...\"\ndate = 2021-03-01\n+++\n\
         Sie sagte: „Das ist ‚typografisch‘ gesetzt.“ Er sagte: \"Das 'gerade' auch.\"\n\n\
         Die Schweizer schreiben «so» und ‹so›; geht's? Andreas' Buch.\n",
    );
    site.write(
        "content/reports/typografie.en.md",
        "+++\ntitle = \"\\\"Straight\\\" and “typed”\"\ndate = 2021-03-01\n+++\n\
         She said: “Typed ‘inner’ quotes.” He said: \"Straight 'inner' ones.\" Don't.\n",
    );
    site.build().success();
    let de = site.html("/reports/typografie/");
    assert_eq!(de.text("h1").trim(), "„Gerade“ und „typografisch“ – beides");
    assert_eq!(
        de.text("title"),
        "„Gerade“ und „typografisch“ – beides – Konferenznotizen"
    );
    assert_eq!(
        de.attr("meta[name=description]", "content"),
        "Was ‚Binnenzitate‘ sind…"
    );
    let paragraphs: Vec<String> = de
        .select(".article__body p, article p")
        .iter()
        .map(crate::support::text)
        .collect();
    for want in [
        "Sie sagte: „Das ist ‚typografisch‘ gesetzt.“ Er sagte: „Das ‚gerade‘ auch.“",
        "Die Schweizer schreiben «so» und ‹so›; geht’s? Andreas’ Buch.",
    ] {
        assert!(
            paragraphs.iter().any(|p| p == want),
            "no paragraph `{want}` in {paragraphs:?}"
        );
    }
    let en = site.html("/en/reports/typografie/");
    assert_eq!(en.text("h1").trim(), "“Straight” and “typed”");
    let paragraphs: Vec<String> = en
        .select("article p")
        .iter()
        .map(crate::support::text)
        .collect();
    let want = "She said: “Typed ‘inner’ quotes.” He said: “Straight ‘inner’ ones.” Don’t.";
    assert!(
        paragraphs.iter().any(|p| p == want),
        "no paragraph `{want}` in {paragraphs:?}"
    );
}

#[test]
fn a_languages_quotes_are_configurable() {
    let site = under_blog("");
    let config = std::fs::read_to_string(site.root().join("site.toml")).expect("read site.toml");
    site.write(
        "site.toml",
        &config.replace(
            "[languages.de]\n",
            "[languages.de]\nquotes = [\"«\", \"»\", \"‹\", \"›\"]\n",
        ),
    );
    site.write(
        "content/reports/gruezi.md",
        "+++\ntitle = \"\\\"Grüezi\\\"\"\ndate = 2021-03-01\n+++\nEr sagte \"Grüezi 'mitenand'\" und „so“.\n",
    );
    site.build().success();
    let page = site.html("/reports/gruezi/");
    assert_eq!(page.text("h1").trim(), "«Grüezi»");
    let body: Vec<String> = page
        .select("article p")
        .iter()
        .map(crate::support::text)
        .collect();
    assert!(
        body.iter()
            .any(|p| p == "Er sagte «Grüezi ‹mitenand›» und „so“."),
        "{body:?}"
    );

    site.write(
        "site.toml",
        &config.replace(
            "[languages.de]\n",
            "[languages.de]\nquotes = [\"«\", \"»\"]\n",
        ),
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "error: `quotes` takes four marks: double open, double close, single open, single close, e.g. [\"«\", \"»\", \"‹\", \"›\"] (got 2 marks)\n --> site.toml:"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn root_relative_urls_in_markdown_and_raw_html_stay_under_the_sub_path() {
    let site = under_blog("");
    site.write("static/assets/img/a.jpg", "not really a JPEG");
    site.write(
        "content/reports/bilder.md",
        "+++\ntitle = \"Bilder\"\ndate = 2021-03-01\n+++\n\
         ![Ein Bild](/assets/img/a.jpg) [Über uns](/about/) [Extern](https://example.com/x) [Anker](#oben)\n\n\
         <figure>\n<img\n  src=\"/assets/img/a.jpg\"\n  srcset=\"/assets/img/a.jpg 1x, /assets/img/a.jpg 2x\"\n  alt=\"Figur\">\n\
         <figcaption><a href=\"/about/\">Über uns</a></figcaption>\n</figure>\n\n\
         Inline <a href='/reports/'>Berichte</a> und <img src=/assets/img/a.jpg alt=inline>.\n\n\
         Schon mit Pfad: [Über uns](/blog/about/) <a href=\"/blog/reports/\">Berichte</a>\n",
    );
    site.build().success();
    let page = site.html("/reports/bilder/");
    let article = "article";
    let srcs = page.all_attrs(&format!("{article} img"), "src");
    assert_eq!(srcs, ["/blog/assets/img/a.jpg"; 3]);
    assert_eq!(
        page.all_attrs(&format!("{article} img[srcset]"), "srcset"),
        ["/blog/assets/img/a.jpg 1x, /blog/assets/img/a.jpg 2x"]
    );
    let hrefs = page.all_attrs(&format!("{article} p a, {article} figcaption a"), "href");
    assert_eq!(
        hrefs,
        [
            "/blog/about/",
            "https://example.com/x",
            "#oben",
            "/blog/about/",
            "/blog/reports/",
            "/blog/about/",
            "/blog/reports/"
        ]
    );
    // Each of them is a file of the built site.
    assert!(site.exists("/assets/img/a.jpg"));
    assert!(site.exists("/about/"));
}

const MEETUP: &str = "---\ntitle: \"Gruppentreffen\"\n---\nWir trafen uns wieder.\n";

#[test]
fn recurring_names_are_separate_pages_and_a_shared_url_says_how_to_part_them() {
    let site = under_blog("");
    for date in ["2021-06-01", "2021-06-19", "2021-08-10"] {
        site.write(
            &format!("content/meetups/{date}-rse-gruppentreffen.md"),
            MEETUP,
        );
    }
    let run = site.build();
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: content/meetups/2021-06-19-rse-gruppentreffen.md and content/meetups/2021-06-01-rse-gruppentreffen.md would both be published at `/meetups/rse-gruppentreffen/`\n \
         --> content/meetups/2021-06-19-rse-gruppentreffen.md\n  \
         = note: their file names differ only by the date: give one of them a `slug`, or give the section dated URLs in site.toml:\n    \
         [permalinks]\n    meetups = \"/meetups/:year/:month/:day/:slug/\"\n\n\
         error: content/meetups/2021-08-10-rse-gruppentreffen.md and content/meetups/2021-06-19-rse-gruppentreffen.md would both be published at `/meetups/rse-gruppentreffen/`\n \
         --> content/meetups/2021-08-10-rse-gruppentreffen.md\n  \
         = note: their file names differ only by the date: give one of them a `slug`, or give the section dated URLs in site.toml:\n    \
         [permalinks]\n    meetups = \"/meetups/:year/:month/:slug/\"\n\n\
         error: the build failed with 2 errors\n"
    );
}

#[test]
fn a_section_can_give_its_pages_dated_urls() {
    let site = under_blog("[permalinks]\nmeetups = \"/meetups/:year/:month/:day/:slug/\"\n");
    for date in ["2021-06-01", "2021-06-19", "2021-08-10"] {
        site.write(
            &format!("content/meetups/{date}-rse-gruppentreffen.md"),
            MEETUP,
        );
    }
    site.write(
        "content/meetups/2021-06-19-rse-gruppentreffen.en.md",
        "+++\ntitle = \"Group meeting\"\n+++\nWe met again.\n",
    );
    site.write(
        "content/reports/link.md",
        "+++\ntitle = \"Link\"\ndate = 2021-09-01\n+++\n[Juni](@/meetups/2021-06-19-rse-gruppentreffen.md)\n",
    );
    site.build().success();
    for url in [
        "/meetups/2021/06/01/rse-gruppentreffen/",
        "/meetups/2021/06/19/rse-gruppentreffen/",
        "/meetups/2021/08/10/rse-gruppentreffen/",
        "/en/meetups/2021/06/19/rse-gruppentreffen/",
    ] {
        assert!(site.exists(url), "{url} was not written");
    }
    let june = site.html("/meetups/2021/06/19/rse-gruppentreffen/");
    assert_eq!(
        june.attr("link[rel=canonical]", "href"),
        "https://example.org/blog/meetups/2021/06/19/rse-gruppentreffen/"
    );
    assert_eq!(
        june.switcher_link("en"),
        "https://example.org/blog/en/meetups/2021/06/19/rse-gruppentreffen/"
    );
    assert_eq!(
        site.html("/reports/link/").attr("article p a", "href"),
        "https://example.org/blog/meetups/2021/06/19/rse-gruppentreffen/"
    );

    site.write(
        "content/meetups/ohne-datum.md",
        "+++\ntitle = \"Ohne Datum\"\n+++\nText.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: the page has no date, but `[permalinks]` in site.toml gives the pages of `meetups` dated URLs\n \
         --> content/meetups/ohne-datum.md\n  \
         = note: set `date` in its front matter, or start its file name with YYYY-MM-DD-\n\n\
         error: the build failed with 1 error\n"
    );
}

#[test]
fn reports_that_would_vanish_from_lists_are_named() {
    let site = under_blog("");
    site.write(
        "content/reports/ohne-datum.md",
        "+++\ntitle = \"Ohne Datum\"\n+++\nText.\n",
    );
    site.write(
        "content/reports/2008-12-32-leweb.md",
        "+++\ntitle = \"Falsches Datum\"\n+++\nText.\n",
    );
    let run = site.build();
    run.success();
    for want in [
        "warning: `2008-12-32` at the start of the file name is not a date, so the page has none: it is published, but not listed on the home page or in the feeds\n \
         --> content/reports/2008-12-32-leweb.md\n  \
         = note: correct the date in the file name (YYYY-MM-DD), or set `date` in the front matter\n",
        "warning: this report has no date, unlike the others in `reports`: it is published at /blog/reports/ohne-datum/, but not listed on the home page or in the feeds\n \
         --> content/reports/ohne-datum.md\n  \
         = note: set `date = YYYY-MM-DD` in its front matter, or start its file name with YYYY-MM-DD-\n",
    ] {
        assert!(run.stderr.contains(want), "no\n{want}\nin\n{}", run.stderr);
    }
    // Both are published, as the warnings say.
    assert!(site.exists("/reports/ohne-datum/"));
    assert!(site.exists("/reports/2008-12-32-leweb/"));
}

#[test]
fn a_language_suffix_in_capitals_is_an_error_that_says_how_to_write_it() {
    let site = under_blog("");
    site.write(
        "content/reports/2008-12-10-leweb-dell/index.EN.md",
        "+++\ntitle = \"In English\"\n+++\nText.\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error: the file name's language `EN` must be written in lower case: rename it to `index.en.md`\n \
             --> content/reports/2008-12-10-leweb-dell/index.EN.md\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_static_file_that_a_page_replaces_is_named() {
    let site = under_blog("");
    site.write("static/about/index.html", "<p>old about page</p>");
    let run = site.build();
    run.success();
    assert!(
        run.stderr.contains(
            "warning: this file is not published: the page content/about.md is published at the same place, /blog/about/index.html\n \
             --> static/about/index.html\n  \
             = note: rename or move the file, or give the page another `slug`\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!site.read("/about/").contains("old about page"));
    assert_eq!(site.html("/about/").text("h1").trim(), "Über dieses Blog");
}

#[test]
fn check_warns_about_links_that_lead_nowhere() {
    let site = under_blog("");
    site.write("static/assets/img/da.jpg", "an image");
    site.write(
        "content/reports/verweise.md",
        "+++\ntitle = \"Verweise\"\ndate = 2021-03-01\n+++\n\
         ## Oben\n\n\
         [gut](/about/) ![gut](/assets/img/da.jpg) [gut](#oben) [gut](../nur-deutsch/)\n\n\
         [weg](/ueber/) ![weg](/assets/img/fehlt.jpg) [weg](#unten) [weg](../nirgends/)\n\n\
         [Anker](@/reports/nur-deutsch.md#nirgendwo) [extern](https://example.com/nope/)\n\n\
         <img src=\"/assets/img/auch-weg.jpg\" alt=\"\">\n",
    );
    let root = site.root().to_str().expect("UTF-8 path").to_owned();
    let run = site.run(&["check", "--root", &root]);
    run.success();
    let warnings: Vec<&str> = run
        .stderr
        .split("\n\n")
        .filter(|w| w.contains("leads to nothing") || w.contains("has no heading"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: `/ueber/` leads to nothing this site publishes (there is no /blog/ueber/index.html)\n --> content/reports/verweise.md:9:1",
            "warning: `/assets/img/fehlt.jpg` leads to nothing this site publishes (there is no /blog/assets/img/fehlt.jpg)\n --> content/reports/verweise.md:9:16",
            "warning: `#unten`: /blog/reports/verweise/index.html has no heading or element with the id `unten`\n --> content/reports/verweise.md:9:46",
            "warning: `../nirgends/` leads to nothing this site publishes (there is no /blog/reports/nirgends/index.html)\n --> content/reports/verweise.md:9:60",
            "warning: `@/reports/nur-deutsch.md#nirgendwo`: /blog/reports/nur-deutsch/index.html has no heading or element with the id `nirgendwo`\n  --> content/reports/verweise.md:11:1",
            "warning: `/assets/img/auch-weg.jpg` leads to nothing this site publishes (there is no /blog/assets/img/auch-weg.jpg)\n  --> content/reports/verweise.md:13:11",
        ]
    );
}

#[test]
fn names_that_differ_by_more_than_the_date_get_no_dated_url_advice() {
    let site = under_blog("");
    site.write("content/notes/2021-01-01-Über.md", MEETUP);
    site.write("content/notes/2021-02-01-über.md", MEETUP);
    site.write("content/notes/2021-03-01-treffen.md", MEETUP);
    site.write("content/notes/treffen.md", MEETUP);
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("[permalinks]"), "{}", run.stderr);
    assert_eq!(
        run.stderr
            .matches("give one of them another file name or `slug`")
            .count(),
        2,
        "{}",
        run.stderr
    );
}

#[test]
fn check_looks_at_links_in_sections_and_term_pages_too() {
    let site = under_blog("");
    site.write(
        "content/reports/_index.md",
        "+++\ntitle = \"Berichte\"\nsort_by = \"date\"\n+++\nSiehe [alt](/archiv/).\n",
    );
    site.write(
        "content/lessons/zuhoeren.md",
        "+++\ntitle = \"Zuhören vor Senden\"\n+++\nMehr [dazu](../nirgends/).\n",
    );
    let root = site.root().to_str().expect("UTF-8 path").to_owned();
    let run = site.run(&["check", "--root", &root]);
    run.success();
    for want in [
        "warning: `/archiv/` leads to nothing this site publishes (there is no /blog/archiv/index.html)\n --> content/reports/_index.md:5:7\n",
        "warning: `../nirgends/` leads to nothing this site publishes (there is no /blog/lessons/nirgends/index.html)\n --> content/lessons/zuhoeren.md:4:6\n",
    ] {
        assert!(run.stderr.contains(want), "no\n{want}\nin\n{}", run.stderr);
    }
}

#[test]
fn a_permalinks_key_that_names_no_section_is_named() {
    let site = under_blog("[permalinks]\nmetups = \"/metups/:year/:slug/\"\n");
    let run = site.build();
    run.success();
    assert!(
        run.stderr.contains(
            "warning: `[permalinks]` has a pattern for `metups`, but no page is in that folder of content/\n \
             --> site.toml\n  \
             = note: the key is the section's folder under content/, e.g. `reports` for content/reports/\n"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_link_without_the_files_date_prefix_says_which_file_is_meant() {
    let site = under_blog("");
    site.write(
        "content/reports/link.md",
        "+++\ntitle = \"Link\"\ndate = 2021-09-01\n+++\n[LeWeb](@/reports/leweb-dell/index.md)\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error: `@/reports/leweb-dell/index.md` links to a page that does not exist; did you mean `@/reports/2008-12-10-leweb-dell.md`? (a date prefix is part of a file's name)\n \
             --> content/reports/link.md:5:1\n"
        ),
        "{}",
        run.stderr
    );
}
