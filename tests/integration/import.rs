//! `debrief import`: each fixture blog (tests/fixtures/import/) imported
//! into a fresh `debrief init` site under a sub-path, built, and its
//! pages, translations, redirects and images checked in the output.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use scraper::{Html, Selector};

use crate::support::{Run, SiteTest, fixtures};

/// A fresh `init` site at `https://example.org/blog` with `source` imported.
fn imported(from: &str, source: &str) -> (SiteTest, Run) {
    let made = tempfile::tempdir().expect("temp dir");
    let site = made.path().join("site");
    let init = std::process::Command::new(env!("CARGO_BIN_EXE_debrief"))
        .arg("init")
        .arg(&site)
        .output()
        .expect("run debrief init");
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let t = SiteTest::from_folder(&site);
    let config = fs::read_to_string(t.root().join("site.toml")).expect("site.toml");
    t.write(
        "site.toml",
        &config.replace("https://example.org\"", "https://example.org/blog\""),
    );
    let source = fixtures().join("import").join(source);
    let source = source.to_str().expect("UTF-8 path");
    let run = t.run(&["import", "--from", from, source, "--root", "."]);
    (t, run)
}

/// Every HTML page of the output: `(path under public/, parsed)`.
fn pages(t: &SiteTest) -> Vec<(String, Html)> {
    let public = t.root().join("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e.path().strip_prefix(&public).expect("under public");
            let text = fs::read_to_string(e.path()).expect("read a page");
            (
                rel.to_string_lossy().into_owned(),
                Html::parse_document(&text),
            )
        })
        .collect()
}

/// Panics unless every `<img src>` under the site's sub-path is a file of the output.
fn no_broken_local_image(t: &SiteTest) -> usize {
    let img = Selector::parse("img[src]").expect("selector");
    let mut seen = 0;
    for (page, html) in pages(t) {
        for src in html.select(&img).filter_map(|i| i.attr("src")) {
            let local = src
                .strip_prefix("https://example.org/blog/")
                .or_else(|| src.strip_prefix("/blog/"));
            // A bundle's image next to its page.
            let beside = (!src.contains(':') && !src.starts_with('/')).then(|| {
                format!(
                    "{}/{src}",
                    Path::new(&page)
                        .parent()
                        .map(|p| p.to_string_lossy().into_owned())
                        .unwrap_or_default()
                )
            });
            let Some(rel) = local.map(str::to_owned).or(beside) else {
                let elsewhere = src.starts_with("http") && !src.starts_with("https://example.org/");
                assert!(elsewhere, "{page}: <img src={src}> escapes the sub-path");
                continue;
            };
            let rel = debrief::site::url::percent_decode(&rel).unwrap_or_else(|| rel.clone());
            assert!(
                t.root().join("public").join(&rel).is_file(),
                "{page}: <img src={src}> is not in the output"
            );
            seen += 1;
        }
    }
    seen
}

/// Output pages of posts: `reports/SLUG/index.html` in either language.
fn post_pages(t: &SiteTest) -> BTreeSet<String> {
    pages(t)
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| {
            let parts: Vec<&str> = p.trim_start_matches("en/").split('/').collect();
            parts.len() == 3
                && parts[0] == "reports"
                && parts[2] == "index.html"
                && !parts[1].chars().all(|c| c.is_ascii_digit())
        })
        .collect()
}

fn read(t: &SiteTest, rel: &str) -> String {
    fs::read_to_string(t.root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

#[test]
fn jekyll_blog_with_liquid_helpers_and_a_custom_language_key() {
    let (t, run) = imported("jekyll", "jekyll");
    run.success();
    assert!(
        run.stderr.contains(
            "Imported 18 posts (11 de, 7 en) and 2 pages (1 de, 1 en); 1 drafts; 9 files copied."
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Translations: 7 pairs (4 guessed, marked with ?)."),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("  ? de: content/reports/2019-05-06-republica-rueckblick.md <-> en: content/reports/2019-05-06-republica-rueckblick.en.md  (same date 2019-05-06, one post per language)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("archiv.md: a listing made with Liquid loops"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Note: the files in `_talks/` (a Jekyll collection) were not imported"),
        "{}",
        run.stderr
    );
    // A YouTube include is the player it embedded (it used to be hidden).
    assert!(!run.stderr.contains("youtube.html"), "{}", run.stderr);
    let devfest = fs::read_dir(t.root().join("content/reports"))
        .expect("content/reports")
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("2023-11-20-devfest-notes")
        })
        .expect("the DevFest notes");
    let devfest = fs::read_to_string(devfest.path()).expect("read the DevFest notes");
    assert!(
        devfest.contains("<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ\""),
        "{devfest}"
    );
    // The front matter as debrief reads it, TOML, with the old URL kept.
    let interview = read(&t, "content/reports/2008-12-16-interview-binhammer.md");
    assert!(interview.starts_with("+++\ntitle = \"Social Media braucht keine eigene Abteilung\"\ndate = 2008-12-16T09:00:00+01:00\naliases = [\"/2008/12/interview-binhammer/\", \"/interviews/binhammer.html\"]\n"), "{interview}");
    assert!(
        interview
            .contains("Mehr vom ersten Tag: [LeWeb, Tag 1](@/reports/2008-12-10-leweb-tag-1.md)."),
        "{interview}"
    );
    assert!(read(&t, "content/reports/barcamp-koeln-entwurf.md").contains("draft = true"));
    // An image linked where it is not, but found by its name elsewhere.
    assert!(
        read(&t, "content/reports/2023-11-20-devfest-notes.en.md")
            .contains("![The slide everyone photographed](/assets/img/devfest-folie.png)")
    );
    // A relative image path that only worked by luck is made root-relative.
    assert!(
        read(&t, "content/reports/2023-03-01-barcamp-bonn.md")
            .contains("![Die Sessionwand](/assets/img/sessionwand.jpg)")
    );
    assert!(
        read(&t, "content/reports/2009-01-20-gruesse-aus-muenchen.md")
            .contains("title = \"Grüße aus München\"")
    );

    t.build().success();
    // The imported posts, without init's own example report (in both languages).
    let imported: Vec<_> = post_pages(&t)
        .into_iter()
        .filter(|p| !p.contains("/erster-bericht/"))
        .collect();
    assert_eq!(imported.len(), 17, "{imported:?}");
    let de = t.html("/reports/leweb-tag-1/");
    assert_eq!(
        de.alternates(),
        [
            ("de", "https://example.org/blog/reports/leweb-tag-1/"),
            ("en", "https://example.org/blog/en/reports/leweb-day-1/"),
            ("x-default", "https://example.org/blog/reports/leweb-tag-1/"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
    );
    // `{% post_url %}` became an `@/` link: each language links to its own version.
    assert!(
        de.all_attrs("main a", "href")
            .contains(&"https://example.org/blog/reports/interview-binhammer/".to_owned())
    );
    let en = t.html("/en/reports/leweb-day-1/");
    assert!(
        en.all_attrs("main a", "href")
            .contains(&"https://example.org/blog/en/reports/interview-binhammer-en/".to_owned())
    );
    assert_eq!(t.html("/en/reports/republica-recap/").alternates().len(), 3);
    assert!(
        run.stderr.contains("  ? de: content/reports/2010-12-08-leweb-2010.md <-> en: content/reports/2010-12-08-leweb-2010.en.md  (both show /assets/img/leweb-2010-saal.jpg)"),
        "{}",
        run.stderr
    );
    assert!(t.html("/reports/leweb-2010/").alternates().contains(&(
        "en".to_owned(),
        "https://example.org/blog/en/reports/leweb-2010-platforms/".to_owned()
    )));
    // Old URLs redirect.
    for old in [
        "/2008/12/leweb-tag-1/",
        "/interviews/binhammer.html",
        "/ueber/",
        "/2021/07/stammtisch/",
    ] {
        assert!(t.exists(old), "no redirect from {old}");
    }
    assert!(
        t.read("/interviews/binhammer.html")
            .contains("/blog/reports/interview-binhammer/")
    );
    // The recurring Stammtisch keeps two pages.
    assert!(t.exists("/reports/stammtisch/") && t.exists("/reports/stammtisch-2021-07-06/"));
    assert!(!t.exists("/reports/barcamp-koeln-entwurf/"));
    assert!(no_broken_local_image(&t) >= 8);
    assert!(t.exists("/images/stammtisch-köln.png") && t.exists("/files/moderation.pdf"));
    assert!(
        !t.root().join("static/assets/img/unused.png").exists(),
        "only what posts show is copied"
    );
}

#[test]
fn importing_again_overwrites_nothing() {
    let (t, run) = imported("jekyll", "jekyll");
    run.success();
    t.write(
        "content/reports/2008-12-10-leweb-tag-1.md",
        "+++\ntitle = \"Meine Fassung\"\n+++\n",
    );
    let source = fixtures().join("import/jekyll");
    let again = t.run(&[
        "import",
        "--from",
        "jekyll",
        source.to_str().expect("UTF-8"),
        "--root",
        ".",
    ]);
    again.success();
    assert!(
        again
            .stderr
            .contains("Imported 0 posts (0) and 0 pages (0); 0 drafts; 0 files copied."),
        "{}",
        again.stderr
    );
    assert!(
        again
            .stderr
            .contains("Not overwritten (29 exist already):\n"),
        "{}",
        again.stderr
    );
    assert!(
        again
            .stderr
            .contains("\n  content/reports/2008-12-10-leweb-tag-1.md\n"),
        "{}",
        again.stderr
    );
    assert_eq!(
        read(&t, "content/reports/2008-12-10-leweb-tag-1.md"),
        "+++\ntitle = \"Meine Fassung\"\n+++\n"
    );
}

#[test]
fn a_source_of_the_wrong_kind_is_a_usage_error() {
    let (_t, run) = imported("hugo", "jekyll");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("does not look like a Hugo site (no hugo.toml, config.toml or hugo.yaml); give the folder that has it"), "{}", run.stderr);
    let (_t, run) = imported("jekyll", "no-such-blog");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("/import/no-such-blog does not exist\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn hugo_site_with_a_content_folder_per_language_and_translation_keys() {
    let (t, run) = imported("hugo", "hugo/by-folder");
    run.success();
    assert!(
        run.stderr.contains(
            "Imported 5 posts (3 de, 2 en) and 2 pages (1 de, 1 en); 1 drafts; 2 files copied."
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Translations: 3 pairs (0 guessed, marked with ?).\n    de: content/reports/2008-12-16-leweb-interview/index.md <-> en: content/reports/2008-12-16-leweb-interview/index.en.md\n    de: content/reports/2019-05-06-republica.md <-> en: content/reports/2019-05-06-republica.en.md\n    de: content/ueber.md <-> en: content/ueber.en.md\n"), "{}", run.stderr);
    assert!(run.stderr.contains("content/en/posts/leweb-interview/index.md:13: `{{< youtube dQw4w9WgXcQ >}}` has no debrief equivalent"), "{}", run.stderr);
    let interview = read(&t, "content/reports/2008-12-16-leweb-interview/index.md");
    assert!(interview.contains("updated = 2008-12-18\n"), "{interview}");
    assert!(
        interview
            .contains("aliases = [\"/2008/12/binhammer-interview/\", \"/2008/12/binhammer/\"]"),
        "{interview}"
    );
    assert!(
        interview.contains("[extra]\nlocation = \"Paris\"\n"),
        "{interview}"
    );
    assert!(
        interview.contains("![Die Bühne der LeWeb](buehne.jpg)"),
        "{interview}"
    );
    assert!(
        interview.contains("[re:publica](@/reports/2019-05-06-republica.md)"),
        "{interview}"
    );
    t.build().success();
    let de = t.html("/reports/binhammer-interview/");
    assert!(de.alternates().contains(&(
        "en".to_owned(),
        "https://example.org/blog/en/reports/binhammer-interview/".to_owned()
    )));
    assert!(
        t.html("/en/reports/republica-2019/")
            .alternates()
            .contains(&(
                "de".to_owned(),
                "https://example.org/blog/reports/republica/".to_owned()
            ))
    );
    assert_eq!(t.html("/en/about/").alternates().len(), 3);
    assert!(t.exists("/2008/12/binhammer/") && t.exists("/en/2019/05/republica-2019/"));
    assert!(no_broken_local_image(&t) >= 4);
}

#[test]
fn hugo_site_with_language_suffixes_and_another_default_language() {
    let (t, run) = imported("hugo", "hugo/by-suffix");
    run.success();
    // Hugo's default language here is English: `solo.md` is English, so it becomes `solo.en.md`.
    assert!(
        t.root()
            .join("content/reports/2021-04-01-solo.en.md")
            .is_file()
    );
    assert!(
        read(&t, "content/reports/2021-04-01-solo.en.md")
            .contains("[first meetup](@/reports/2021-03-04-first-meetup.md)")
    );
    assert!(
        run.stderr
            .contains("Translations: 2 pairs (0 guessed, marked with ?)."),
        "{}",
        run.stderr
    );
    t.build().success();
    assert!(t.html("/reports/first-meetup/").alternates().contains(&(
        "en".to_owned(),
        "https://example.org/blog/en/reports/first-meetup/".to_owned()
    )));
    let en = t.html("/en/reports/paris-bundle/");
    assert_eq!(en.attr("main img", "src"), "eiffel.png");
    assert!(t.exists("/en/reports/paris-bundle/eiffel.png"));
    assert!(no_broken_local_image(&t) >= 2);
}

#[test]
fn zola_site_with_suffixes_bundles_and_at_links() {
    let (t, run) = imported("zola", "zola");
    run.success();
    assert!(
        run.stderr.contains(
            "Imported 4 posts (2 de, 2 en) and 2 pages (1 de, 1 en); 0 drafts; 3 files copied."
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Translations: 3 pairs (0 guessed, marked with ?)."),
        "{}",
        run.stderr
    );
    let en = read(&t, "content/reports/2023-05-11-rustfest.en.md");
    assert!(
        en.contains(
            "See also the [meetup](@/reports/2023-05-24-meetup.md) and my [about page](@/about.md)."
        ),
        "{en}"
    );
    assert!(en.contains("[extra]\nspeaker = \"Esteban\"\n"), "{en}");
    assert!(
        read(&t, "content/reports/2023-05-11-rustfest.md")
            .contains("aliases = [\"/de/vortraege/rustfest\"]")
    );
    assert!(
        t.root().join("static/robots-extra.txt").is_file(),
        "Zola's static/ comes along whole"
    );
    t.build().success();
    let page = t.html("/en/reports/rustfest/");
    assert!(
        page.all_attrs("main a", "href")
            .contains(&"https://example.org/blog/en/reports/meetup/".to_owned())
    );
    assert!(page.alternates().contains(&(
        "de".to_owned(),
        "https://example.org/blog/reports/rustfest/".to_owned()
    )));
    assert!(t.exists("/de/vortraege/rustfest/") && t.exists("/blog/rustfest/"));
    assert!(no_broken_local_image(&t) >= 3);
}

#[test]
fn wordpress_export_with_polylang_and_wpml_data_and_uploads() {
    let (t, run) = imported("wordpress", "wordpress/export.xml");
    run.success();
    assert!(
        run.stderr.contains(
            "Imported 6 posts (4 de, 2 en) and 2 pages (1 de, 1 en); 1 drafts; 2 files copied."
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Translations: 3 pairs (0 guessed, marked with ?)."),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Languages detected from the text (1; set `lang` to correct one):\n  export.xml (post 40): de\n"), "{}", run.stderr);
    assert!(run.stderr.contains("export.xml (post 30): the shortcode `[gallery ids=\"31,32,33\"]` has no debrief equivalent"), "{}", run.stderr);
    let de = read(&t, "content/reports/2008-12-16-binhammer-interview.md");
    assert!(de.contains("date = 2008-12-16T08:00:00+00:00\n"), "{de}");
    assert!(de.contains("\n<!-- more -->\n"), "{de}");
    assert!(
        de.contains("**Braucht ein Konzern eine Social-Media-Abteilung?**"),
        "{de}"
    );
    assert!(
        de.contains(
            "[mein Rückblick auf die re:publica](@/reports/2019-05-06-republica-rueckblick.md)"
        ),
        "{de}"
    );
    assert!(read(&t, "content/reports/entwurf-barcamp-koeln.md").contains("draft = true"));
    t.build().success();
    let page = t.html("/reports/binhammer-interview/");
    assert!(page.alternates().contains(&(
        "en".to_owned(),
        "https://example.org/blog/en/reports/binhammer-interview-en/".to_owned()
    )));
    assert!(
        t.html("/reports/republica-rueckblick/")
            .alternates()
            .contains(&(
                "en".to_owned(),
                "https://example.org/blog/en/reports/republica-recap/".to_owned()
            ))
    );
    assert!(t.exists("/2008/12/16/binhammer-interview/") && t.exists("/en/about/"));
    assert!(no_broken_local_image(&t) >= 3);
}

#[test]
fn a_broken_wordpress_export_names_file_line_and_column() {
    let made = tempfile::tempdir().expect("temp dir");
    let export = made.path().join("export.xml");
    fs::write(&export, "<?xml version=\"1.0\"?>\n<rss>\n<channel>\n<item><title>Kaputt</titel></item>\n</channel></rss>\n").expect("write");
    let (t, _) = imported("wordpress", "wordpress/export.xml");
    let run = t.run(&[
        "import",
        "--from",
        "wordpress",
        export.to_str().expect("UTF-8"),
        "--root",
        ".",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("export.xml:4:"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("this WordPress export is not well-formed XML"),
        "{}",
        run.stderr
    );
}

#[test]
fn posts_go_into_the_section_named_and_only_inside_content() {
    let (t, _) = imported("zola", "zola");
    let source = fixtures().join("import/hugo/by-suffix");
    let source = source.to_str().expect("UTF-8");
    let run = t.run(&[
        "import",
        "--from",
        "hugo",
        source,
        "--root",
        ".",
        "--section",
        "notes",
    ]);
    run.success();
    assert!(
        t.root()
            .join("content/notes/2021-03-04-first-meetup.md")
            .is_file(),
        "{}",
        run.stderr
    );
    let outside = t.run(&[
        "import",
        "--from",
        "hugo",
        source,
        "--root",
        ".",
        "--section",
        "../x",
    ]);
    assert_eq!(outside.code, 2, "{}", outside.stderr);
    assert_eq!(
        outside.stderr,
        "error: --section ../x: give a folder name inside content/, like reports\n"
    );
    assert!(!t.root().join("x").exists());
}

#[test]
fn a_broken_old_configuration_names_file_line_and_column() {
    let made = tempfile::tempdir().expect("temp dir");
    let old = made.path().join("zola-site");
    fs::create_dir_all(old.join("content")).expect("folders");
    fs::write(
        old.join("config.toml"),
        "base_url = \"https://x.example\"\ntitle = \"Notizen\n",
    )
    .expect("write");
    let (t, _) = imported("zola", "zola");
    let run = t.run(&[
        "import",
        "--from",
        "zola",
        old.to_str().expect("UTF-8"),
        "--root",
        ".",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("zola-site/config.toml:2:"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the old site's configuration does not parse"),
        "{}",
        run.stderr
    );
    let folder = t.run(&[
        "import",
        "--from",
        "wordpress",
        made.path().to_str().expect("UTF-8"),
        "--root",
        ".",
    ]);
    assert_eq!(folder.code, 2, "{}", folder.stderr);
    assert!(
        folder
            .stderr
            .contains("is a folder: give the WordPress export file"),
        "{}",
        folder.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_site_is_not_written_through() {
    let outside = tempfile::tempdir().expect("temp dir");
    let (t, _) = imported("zola", "no-such-blog");
    std::os::unix::fs::symlink(outside.path(), t.root().join("static")).expect("link static/ out");
    let source = fixtures().join("import/jekyll");
    let run = t.run(&[
        "import",
        "--from",
        "jekyll",
        source.to_str().expect("UTF-8"),
        "--root",
        ".",
    ]);
    run.success();
    assert!(
        run.stderr.contains("  static/assets/img/leweb-buehne.jpg: leads outside the site (through a symbolic link); not written\n"),
        "{}",
        run.stderr
    );
    assert!(
        t.root()
            .join("content/reports/2008-12-10-leweb-tag-1.md")
            .is_file(),
        "the posts are still imported"
    );
    assert_eq!(fs::read_dir(outside.path()).expect("list").count(), 0);
}

/// The `srcset` candidates of every page (under the sub-path, or relative
/// to the page), each a file of the output.
fn srcset_candidates(t: &SiteTest) -> Vec<String> {
    let with = Selector::parse("img[srcset], source[srcset]").expect("selector");
    let mut found = Vec::new();
    for (page, html) in pages(t) {
        for set in html.select(&with).filter_map(|i| i.attr("srcset")) {
            for url in set.split(',').filter_map(|c| c.split_whitespace().next()) {
                // Root-relative under the sub-path, or relative to the page
                // (a bundle's own photos and their copies).
                let rel = match url.strip_prefix("/blog/") {
                    Some(rel) => rel.to_owned(),
                    None if !url.starts_with('/') && !url.contains(':') => {
                        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
                        format!(
                            "{dir}/{}",
                            debrief::site::url::percent_decode(url)
                                .unwrap_or_else(|| panic!("{page}: bad escape in {url}"))
                        )
                    }
                    None => panic!("{page}: srcset {url} is not under /blog/"),
                };
                assert!(
                    t.root().join("public").join(&rel).is_file(),
                    "{page}: srcset candidate {url} is not in the output"
                );
                found.push(url.to_owned());
            }
        }
    }
    found
}

/// Shapes a blind test on a made-up 80-post blog broke: `srcset`, a
/// `<…>` image path with spaces, a gallery include, post links in raw
/// HTML, Polyglot's same path in `en/_posts/` with another date, and a
/// custom language key (`sprache: en`), an include's `src=page.image`,
/// an image named only in front matter, a post's own
/// `excerpt_separator`, Windows line ends, and a post in its own folder
/// with its photo (jekyll-postfiles), a theme's `t_id` pairing key, and a
/// link to a post dated in the future, links to the old archive page, and
/// Octopress' and jekyll_picture_tag's image tags, and a language given
/// by `defaults:` in `_config.yml`.
#[test]
fn jekyll_blog_shapes_found_by_a_blind_test() {
    let (t, run) = imported("jekyll", "jekyll-blind");
    run.success();
    assert!(
        run.stderr.contains(concat!(
            "Translations: 2 pairs (0 guessed, marked with ?).\n",
            "    de: content/reports/2019-05-07-republica-19-tag-2.md",
            " <-> en: content/reports/2019-05-07-republica-19-tag-2.en.md\n",
            "    de: content/reports/2019-06-18-stammtisch-bericht.md",
            " <-> en: content/reports/2019-06-18-stammtisch-bericht.en.md\n",
        )),
        "{}",
        run.stderr
    );
    // A theme's own language key is read, not guessed from the text; a
    // file saved with Windows line ends is written with Unix ones.
    let talks = read(&t, "content/reports/2019-06-05-lightning-talks.en.md");
    assert!(!talks.contains('\r'), "{talks:?}");
    assert!(
        !run.stderr.contains("2019-06-05-lightning-talks.md: en"),
        "{}",
        run.stderr
    );
    // `defaults:` in _config.yml gives `_posts/english/` its language.
    assert!(
        t.root()
            .join("content/reports/2019-06-14-hallway-track.en.md")
            .is_file(),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("hallway-track.md: "), "{}", run.stderr);
    t.run(&["build"]).success();
    // The ten imported posts and the example post `init` made.
    assert_eq!(post_pages(&t).len(), 12, "{:?}", post_pages(&t));
    assert!(no_broken_local_image(&t) >= 5);
    // The bundle's photo (its srcset made by the build, relative to the
    // page), and the srcset of the raw HTML the post had.
    assert_eq!(
        srcset_candidates(&t),
        [
            "b%C3%BChne.jpg",
            "/blog/images/2019/buehne.jpg",
            "/blog/images/2019/buehne@2x.jpg"
        ]
    );

    let page = |rel: &str| Html::parse_document(&read(&t, &format!("public/{rel}/index.html")));
    let img = Selector::parse("img").expect("selector");
    let srcs = |html: &Html| -> Vec<String> {
        html.select(&img)
            .filter_map(|i| i.attr("src").map(str::to_owned))
            .collect()
    };
    let report = page("reports/republica-19-tag-2");
    assert!(
        srcs(&report).contains(&"/blog/uploads/2019/foto%20mit%20leerzeichen.jpg".to_owned()),
        "{:?}",
        srcs(&report)
    );
    let alternate = Selector::parse("link[rel=alternate][hreflang=en]").expect("selector");
    assert_eq!(
        report
            .select(&alternate)
            .next()
            .and_then(|l| l.attr("href")),
        Some("https://example.org/blog/en/reports/republica-19-tag-2/")
    );

    // A post link in raw HTML leads to the page in the reader's language.
    let linked = Selector::parse("a[href*='republica']").expect("selector");
    let href = |html: &Html| {
        html.select(&linked)
            .next()
            .and_then(|a| a.attr("href"))
            .map(str::to_owned)
    };
    let podium = page("reports/podium-nachlese");
    assert_eq!(
        href(&podium).as_deref(),
        Some("/blog/reports/republica-19-tag-2/")
    );
    let panel = page("en/reports/panel-notes");
    assert_eq!(
        href(&panel).as_deref(),
        Some("/blog/en/reports/republica-19-tag-2/")
    );

    // A YouTube include: the player it embedded.
    let iframe = Selector::parse("iframe").expect("selector");
    assert_eq!(
        panel.select(&iframe).next().and_then(|f| f.attr("src")),
        Some("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    );
    // The gallery include: one image per path, the one with spaces too.
    assert_eq!(
        srcs(&podium),
        [
            "/blog/assets/img/Publikum.JPG",
            "/blog/uploads/2019/foto%20mit%20leerzeichen.jpg",
            "/blog/images/2019/buehne.jpg",
            // `{% include image.html src=page.image %}`
            "/blog/images/2019/buehne.jpg"
        ]
    );
    // A link to a post dated ahead keeps its old URL (its alias once it is
    // published) rather than an `@/` link, which would fail the build.
    let ahead = Selector::parse("a[href*='barcamp']").expect("selector");
    assert_eq!(
        page("reports/stammtisch-bericht")
            .select(&ahead)
            .next()
            .and_then(|a| a.attr("href")),
        Some("/blog/2099/10/01/barcamp-2099/")
    );
    // A link to the old Liquid archive leads to debrief's list of posts.
    let any_link = Selector::parse("a[href]").expect("selector");
    let list_link = |html: &Html, text: &str| {
        html.select(&any_link)
            .find(|a| a.text().collect::<String>() == text)
            .and_then(|a| a.attr("href"))
            .map(str::to_owned)
    };
    // A Markdown `@/` link is written absolute, a raw HTML one root-relative.
    assert_eq!(
        list_link(&page("reports/stammtisch-bericht"), "Archiv").as_deref(),
        Some("https://example.org/blog/reports/")
    );
    assert_eq!(
        list_link(&panel, "the archive").as_deref(),
        Some("/blog/en/reports/")
    );
    // The post's own `excerpt_separator` ends its summary in the list.
    let list = read(&t, "public/en/reports/index.html");
    assert!(
        list.contains("the best speakers turn that pressure"),
        "{list}"
    );
    assert!(!list.contains("read their slides aloud"), "{list}");
    // Octopress' `img`, jekyll_picture_tag's `picture` (found by its name
    // under assets/images/), and `codeblock`.
    let tags = page("reports/octopress-tags");
    assert_eq!(
        srcs(&tags),
        [
            "/blog/images/2019/buehne.jpg",
            "/blog/assets/images/fotos/publikum-2.jpg"
        ]
    );
    let code = Selector::parse("pre code").expect("selector");
    assert!(
        tags.select(&code)
            .any(|c| c.text().collect::<String>().contains("puts \"Danke!\""))
    );
    // jekyll-postfiles: a post in its own folder keeps its photo beside it.
    assert_eq!(
        srcs(&page("reports/barcamp-koeln")),
        ["b%C3%BChne.jpg"],
        "{:?}",
        srcs(&page("reports/barcamp-koeln"))
    );
    assert!(
        t.root()
            .join("public/reports/barcamp-koeln/bühne.jpg")
            .is_file()
    );
    // A teaser only the front matter names is copied for a theme to show.
    assert!(t.root().join("public/assets/img/teaser.jpg").is_file());
}
