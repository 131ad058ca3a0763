//! What a build writes: files at the SPEC's URLs, canonical links, headings,
//! summaries, drafts and future pages, pagination, highlighting, sub-paths.

use std::path::Path;

use crate::support::{SiteTest, files_under, selector, text};

const REPORT_DE: &str = "/reports/zuhoeren-vor-senden/";
const REPORT_EN: &str = "/en/reports/zuhoeren-vor-senden/";

fn bilingual() -> SiteTest {
    let site = SiteTest::new("bilingual");
    site.build().success();
    site
}

#[test]
fn home_sections_and_pages_are_written_at_their_urls_in_both_languages() {
    let site = bilingual();
    for url in [
        "/",
        "/en/",
        "/reports/",
        "/en/reports/",
        "/about/",
        "/en/about/",
        REPORT_DE,
        REPORT_EN,
        "/reports/leweb-dell/",
        "/en/reports/leweb-dell/",
    ] {
        assert!(site.exists(url), "{url} was not written");
    }
}

#[test]
fn one_language_report_is_written_only_in_its_language() {
    let site = bilingual();
    assert!(site.exists("/reports/nur-deutsch/"));
    assert!(!site.exists("/en/reports/nur-deutsch/"));
    assert!(site.exists("/en/reports/english-only/"));
    assert!(!site.exists("/reports/english-only/"));
}

#[test]
fn slug_from_a_file_name_with_umlauts_is_transliterated() {
    let site = bilingual();
    assert_eq!(
        site.html(REPORT_DE).text("h1").trim(),
        "Größe ist kein Argument"
    );
}

#[test]
fn date_prefix_of_a_bundle_folder_is_its_date_not_part_of_its_slug() {
    let site = bilingual();
    let page = site.html("/reports/leweb-dell/");
    assert_eq!(page.attr("article time", "datetime"), "2008-12-10");
}

#[test]
fn bundle_asset_is_copied_next_to_both_language_versions() {
    let site = bilingual();
    let source = std::fs::read(
        site.root()
            .join("content/reports/2008-12-10-leweb-dell/notes.svg"),
    )
    .unwrap();
    for page in ["/reports/leweb-dell/", "/en/reports/leweb-dell/"] {
        let src = site.html(page).attr("article img", "src");
        let copied = std::fs::read(site.out(page).with_file_name(&src))
            .unwrap_or_else(|e| panic!("{page}: image `{src}` not next to the page: {e}"));
        assert_eq!(copied, source, "{page}");
    }
}

#[test]
fn not_found_page_exists() {
    let site = bilingual();
    assert_eq!(site.html("/404.html").attr("html", "lang"), "de");
}

#[test]
fn canonical_link_is_the_absolute_page_url() {
    let site = bilingual();
    for (page, url) in [
        (
            REPORT_DE,
            "https://example.org/reports/zuhoeren-vor-senden/",
        ),
        (
            REPORT_EN,
            "https://example.org/en/reports/zuhoeren-vor-senden/",
        ),
        ("/en/", "https://example.org/en/"),
        ("/reports/", "https://example.org/reports/"),
    ] {
        assert_eq!(site.html(page).attr("link[rel=canonical]", "href"), url);
    }
}

#[test]
fn heading_gets_a_transliterated_id_and_an_anchor_link() {
    let site = bilingual();
    let page = site.html(REPORT_DE);
    let heading = page
        .select(".article__body h2")
        .into_iter()
        .find(|h| text(h).contains("Über das Gespräch"))
        .expect("the heading is rendered");
    assert_eq!(heading.attr("id"), Some("ueber-das-gespraech"));
    let anchors: Vec<_> = heading
        .select(&selector("a"))
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(anchors, ["#ueber-das-gespraech"]);
}

#[test]
fn summary_before_the_more_marker_is_shown_in_the_section_list() {
    let site = bilingual();
    let list = site.html("/reports/");
    let item = list
        .select("li")
        .into_iter()
        .find(|li| {
            li.select(&selector("a"))
                .any(|a| a.attr("href") == Some("https://example.org/reports/zuhoeren-vor-senden/"))
        })
        .expect("the report is listed");
    let shown = text(&item);
    assert!(shown.contains("Der Vorspann über das Zuhören."), "{shown}");
    assert!(!shown.contains("Zuhören ist alles"), "{shown}");
}

#[test]
fn drafts_are_left_out_by_default() {
    let site = bilingual();
    assert!(!site.exists("/reports/entwurf/"));
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let site = SiteTest::new("bilingual");
    site.build_with(&["--drafts"]).success();
    assert!(site.exists("/reports/entwurf/"));
}

#[test]
fn future_pages_are_left_out_by_default() {
    let site = bilingual();
    assert!(!site.exists("/reports/zukunft/"));
}

#[test]
fn future_pages_are_built_with_the_future_flag() {
    let site = SiteTest::new("bilingual");
    site.build_with(&["--future"]).success();
    assert!(site.exists("/reports/zukunft/"));
}

fn paginated_by_one() -> SiteTest {
    let site = SiteTest::new("bilingual");
    site.write(
        "content/reports/_index.md",
        "+++\ntitle = \"Berichte\"\npaginate_by = 1\n+++\n",
    );
    site.build().success();
    site
}

#[test]
fn paginated_section_writes_further_pagers_under_page_n() {
    let site = paginated_by_one();
    let next = site.html("/reports/").attr("a[rel=next]", "href");
    assert_eq!(next, "https://example.org/reports/page/2/");
    assert!(site.exists("/reports/page/2/"));
    assert_eq!(site.html("/reports/page/2/").select("li.entry").len(), 1);
}

#[test]
fn first_pager_url_redirects_to_the_section() {
    let site = paginated_by_one();
    let refresh = site
        .html("/reports/page/1/")
        .attr("meta[http-equiv=refresh]", "content");
    assert_eq!(refresh, "0; url=https://example.org/reports/");
}

#[test]
fn home_lists_reports_newest_first() {
    let site = bilingual();
    let titles: Vec<String> = site
        .html("/")
        .select(".entry__title a")
        .iter()
        .map(|a| text(a).trim().to_owned())
        .collect();
    assert_eq!(
        titles,
        [
            "Größe ist kein Argument",
            "Only in English",
            "Nur auf Deutsch",
            "Das Telefon hat keine Abteilung"
        ]
    );
}

#[test]
fn code_block_is_highlighted_with_css_classes() {
    let site = bilingual();
    let page = site.html(REPORT_DE);
    let spans = page.select("pre code span[class]");
    assert!(
        spans
            .iter()
            .any(|s| s.value().classes().any(|c| c.starts_with("hl-"))),
        "no span with an hl- class in the code block"
    );
}

#[test]
fn highlight_stylesheet_is_written_and_linked() {
    let site = bilingual();
    assert!(site.read("/css/highlight.css").contains(".hl-"));
    let stylesheets = site
        .html(REPORT_DE)
        .all_attrs("link[rel=stylesheet]", "href");
    assert!(
        stylesheets.contains(&"https://example.org/css/highlight.css".to_owned()),
        "{stylesheets:?}"
    );
}

#[test]
fn a_rebuild_removes_the_output_of_a_deleted_page() {
    let site = bilingual();
    site.remove("content/reports/english-only.en.md");
    site.build().success();
    assert!(!site.exists("/en/reports/english-only/"));
}

/// Every URL in a sub-path site's HTML: `href`, `src` and meta refresh targets.
fn urls_in(site: &SiteTest) -> Vec<(String, String)> {
    let public = site.root().join("public");
    let mut urls = Vec::new();
    for file in files_under(&public) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let url_path = format!("/{}", file.strip_prefix(&public).unwrap().display());
        let page = site.html(&url_path);
        for attr in ["href", "src"] {
            for value in page.all_attrs(&format!("[{attr}]"), attr) {
                urls.push((url_path.clone(), value));
            }
        }
        for refresh in page.all_attrs("meta[http-equiv=refresh]", "content") {
            let target = refresh.split_once("url=").map_or("", |(_, u)| u);
            urls.push((url_path.clone(), target.to_owned()));
        }
    }
    urls
}

#[test]
fn no_link_escapes_the_base_url_sub_path() {
    let site = SiteTest::new("subpath");
    site.build().success();
    let urls = urls_in(&site);
    assert!(urls.len() > 20, "too few URLs found: {urls:?}");
    let escaping: Vec<_> = urls
        .iter()
        .filter(|(_, url)| {
            let relative = !url.contains(':') && !url.starts_with('/');
            // A data: URL (a redirect page's empty icon) is fetched from nowhere.
            let inline = url.starts_with("data:");
            !(url.starts_with("https://host.example/blog/")
                || url.starts_with('#')
                || relative
                || inline)
        })
        .collect();
    assert!(escaping.is_empty(), "links outside /blog/: {escaping:#?}");
}

#[test]
fn relative_links_under_a_sub_path_point_at_copied_files() {
    let site = SiteTest::new("subpath");
    site.build().success();
    let relative: Vec<_> = urls_in(&site)
        .into_iter()
        .filter(|(_, url)| !url.contains(':') && !url.starts_with(['/', '#']))
        .collect();
    assert!(!relative.is_empty(), "the bundle image should be relative");
    for (page, url) in relative {
        let target = site.out(&page).with_file_name(Path::new(&url));
        assert!(target.is_file(), "{page}: `{url}` points at nothing");
    }
}

#[test]
fn sub_path_pages_live_under_the_sub_path() {
    let site = SiteTest::new("subpath");
    site.build().success();
    let canonical = site
        .html("/en/reports/erster-bericht/")
        .attr("link[rel=canonical]", "href");
    assert_eq!(
        canonical,
        "https://host.example/blog/en/reports/erster-bericht/"
    );
}

// Feeds, sitemap, robots.txt, terms, events, aliases.

#[test]
fn atom_feed_per_language_lists_reports_newest_first() {
    let site = bilingual();
    for (feed, first) in [
        (
            "/atom.xml",
            "https://example.org/reports/zuhoeren-vor-senden/",
        ),
        (
            "/en/atom.xml",
            "https://example.org/en/reports/zuhoeren-vor-senden/",
        ),
    ] {
        let xml = site.read(feed);
        let doc = roxmltree::Document::parse(&xml).expect("the feed is XML");
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "feed");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2005/Atom")
        );
        let entry = root
            .children()
            .find(|n| n.has_tag_name("entry"))
            .expect("the feed has entries");
        let link = entry
            .children()
            .find(|n| n.has_tag_name("link"))
            .and_then(|l| l.attribute("href"));
        assert_eq!(link, Some(first), "{feed}");
    }
}

#[test]
fn sitemap_lists_pages_with_their_hreflang_alternates() {
    let site = bilingual();
    let xml = site.read("/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the sitemap is XML");
    let url = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .find(|u| {
            u.children().any(|l| {
                l.has_tag_name("loc")
                    && l.text() == Some("https://example.org/reports/zuhoeren-vor-senden/")
            })
        })
        .expect("the report is in the sitemap");
    let alternates: Vec<_> = url
        .children()
        .filter(|n| n.has_tag_name("link") && n.attribute("rel") == Some("alternate"))
        .map(|n| (n.attribute("hreflang"), n.attribute("href")))
        .collect();
    assert!(
        alternates.contains(&(
            Some("en"),
            Some("https://example.org/en/reports/zuhoeren-vor-senden/")
        )),
        "{alternates:?}"
    );
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let site = bilingual();
    assert!(
        site.read("/robots.txt")
            .lines()
            .any(|l| l.trim() == "Sitemap: https://example.org/sitemap.xml")
    );
}

#[test]
fn term_pages_are_written_per_language() {
    let site = bilingual();
    for url in [
        "/tags/social-media/",
        "/en/tags/social-media/",
        "/lessons/zuhoeren-vor-senden/",
        "/en/lessons/listen-before-you-broadcast/",
    ] {
        assert!(site.exists(url), "{url} was not written");
    }
}

#[test]
fn term_of_a_taxonomy_with_feed_gets_its_own_atom_feed() {
    let site = bilingual();
    let xml = site.read("/en/tags/social-media/atom.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the feed is XML");
    let entries = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .count();
    assert_eq!(entries, 1);
}

#[test]
fn event_page_lists_its_reports() {
    let site = bilingual();
    let links = site.html("/events/leweb-2008/").all_attrs("main a", "href");
    assert!(
        links.contains(&"https://example.org/reports/zuhoeren-vor-senden/".to_owned()),
        "{links:?}"
    );
}

#[test]
fn alias_redirects_to_the_page() {
    let site = SiteTest::new("bilingual");
    site.write(
        "content/reports/nur-deutsch.md",
        "+++\ntitle = \"Nur auf Deutsch\"\ndate = 2008-12-12\naliases = [\"/alt/nur-deutsch/\"]\n+++\n",
    );
    site.build().success();
    let refresh = site
        .html("/alt/nur-deutsch/")
        .attr("meta[http-equiv=refresh]", "content");
    assert_eq!(refresh, "0; url=https://example.org/reports/nur-deutsch/");
}

// The output folder: replaced whole, so only one that debrief made.

/// Every file and folder under `dir` (recursively), with the files' bytes.
fn snapshot(dir: &Path) -> Vec<(std::path::PathBuf, Option<Vec<u8>>)> {
    let mut all = Vec::new();
    for entry in walkdir(dir) {
        let bytes = entry.is_file().then(|| std::fs::read(&entry).unwrap());
        all.push((entry.strip_prefix(dir).unwrap().to_path_buf(), bytes));
    }
    all
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        out.push(path.clone());
        if path.is_dir() && !path.is_symlink() {
            out.extend(walkdir(&path));
        }
    }
    out.sort();
    out
}

/// What lies in the site root next to `public/`, but the sources.
fn beside_public(site: &SiteTest) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            !["content", "themes", "static", "site.toml", ".debrief-cache"].contains(&n.as_str())
        })
        .collect();
    names.sort();
    names
}

#[test]
fn a_non_empty_folder_that_debrief_did_not_make_is_refused_as_output_and_kept() {
    let site = SiteTest::new("bilingual");
    site.write("thesis/thesis.tex", "\\documentclass{book}\n");
    site.write("thesis/photos/leweb.jpg", "jpeg");
    site.write("thesis/.git/HEAD", "ref: refs/heads/main\n");
    let before = snapshot(&site.root().join("thesis"));
    let run = site.run(&["build", "--output", "thesis"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: refusing to write the site into thesis: it is not empty and holds no \
         .debrief-output, the mark debrief leaves in every output folder it builds, so it \
         would be replaced whole with files debrief did not make; give --output a new or \
         empty folder, or empty this one first\n"
    );
    assert_eq!(snapshot(&site.root().join("thesis")), before);
}

#[test]
fn a_file_is_refused_as_output_and_kept() {
    let site = SiteTest::new("bilingual");
    let config = std::fs::read(site.root().join("site.toml")).unwrap();
    let run = site.run(&["build", "--output", "site.toml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: refusing to write the site into site.toml: it is a file, not a folder; give \
         --output a new or empty folder, or one that debrief built before\n"
    );
    assert_eq!(
        std::fs::read(site.root().join("site.toml")).unwrap(),
        config
    );
}

#[test]
fn the_site_root_or_a_folder_above_it_or_inside_the_sources_is_refused_as_output() {
    let site = SiteTest::new("bilingual");
    let before = snapshot(site.root());
    let cases = [
        (
            ".",
            "it is the site root, and the output folder is replaced whole; leave out --output \
             to write into public/, or choose a folder of its own",
        ),
        (
            "..",
            "it holds the site's sources, and the output folder is replaced whole; leave out \
             --output to write into public/, or choose a folder of its own",
        ),
        (
            "content/out",
            "it is inside the site's content/ folder, and the output folder is replaced whole; \
             leave out --output to write into public/, or choose a folder outside the sources",
        ),
        (
            "themes",
            "it is inside the site's themes/ folder, and the output folder is replaced whole; \
             leave out --output to write into public/, or choose a folder outside the sources",
        ),
    ];
    for (output, why) in cases {
        let run = site.run(&["build", "--output", output]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            format!("error: refusing to write the site into {output}: {why}\n")
        );
    }
    assert_eq!(snapshot(site.root()), before);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_refused_as_output() {
    let site = SiteTest::new("bilingual");
    let target = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(target.path(), site.root().join("public")).unwrap();
    let run = site.build();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "error: refusing to write the site into {}: it is a symbolic link, which the build \
             would replace with a folder; give the folder it points to as --output\n",
            site.root().join("public").display()
        )
    );
    assert!(site.root().join("public").is_symlink());
}

#[test]
fn an_empty_folder_is_taken_as_output_marked_and_replaced_by_the_next_build() {
    let site = SiteTest::new("bilingual");
    std::fs::create_dir(site.root().join("out")).unwrap();
    site.run(&["build", "--output", "out"]).success();
    let mark = std::fs::read_to_string(site.root().join("out/.debrief-output")).unwrap();
    assert_eq!(
        mark,
        "This folder is the output of `debrief build`, which replaces it whole.\n"
    );
    site.write("out/stray.txt", "by hand");
    site.run(&["build", "--output", "out", "--no-cache"])
        .success();
    assert!(site.root().join("out/index.html").is_file());
    assert!(!site.root().join("out/stray.txt").exists());
    assert_eq!(beside_public(&site), vec!["out".to_owned()]);
}

#[test]
fn an_unmarked_output_of_an_older_debrief_is_replaced_when_the_cache_records_it() {
    let site = SiteTest::new("bilingual");
    site.build().success();
    // What an older debrief left: the same output without the mark.
    std::fs::remove_file(site.root().join("public/.debrief-output")).unwrap();
    let run = site.run(&["build"]);
    run.success();
    assert!(
        run.stderr.starts_with(
            "note: public holds no .debrief-output, but the build cache records it as this \
             site's output (built by an older debrief): replacing it, marked from now on\n"
        ),
        "{}",
        run.stderr
    );
    assert!(site.root().join("public/.debrief-output").is_file());
    // One that only looks like an output (its files not the ones the cache
    // records) is refused.
    std::fs::remove_file(site.root().join("public/.debrief-output")).unwrap();
    site.write("public/index.html", "<p>by hand</p>");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: refusing to write the site into public: it is not empty"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("/"), "<p>by hand</p>");
}

#[test]
fn a_build_removes_what_killed_builds_left_beside_the_output_and_nothing_else() {
    let site = SiteTest::new("bilingual");
    site.build().success();
    // A staging folder of a killed build (its process is gone), one killed
    // right after making it, and a folder of the same name that is not
    // debrief's.
    site.write(".public.debrief-new-999999999/.debrief-output", "x");
    site.write(".public.debrief-new-999999999/index.html", "<p>half</p>");
    std::fs::create_dir(site.root().join(".public.debrief-old-999999998")).unwrap();
    site.write(".public.debrief-new-999999997/notes.txt", "mine");
    site.build_with(&["--no-cache"]).success();
    assert_eq!(
        beside_public(&site),
        vec![
            ".public.debrief-new-999999997".to_owned(),
            "public".to_owned()
        ]
    );
}

#[test]
fn a_write_error_half_way_leaves_the_old_output_exactly_as_it_was() {
    let site = SiteTest::new("bilingual");
    site.build().success();
    let before = snapshot(&site.root().join("public"));
    // A static file larger than the process may write: pages are written
    // before it, then the file system refuses it (EFBIG).
    site.write("static/video.bin", &"x".repeat(3 << 20));
    let run = site.build_with_small_files(&["--no-cache"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "error: {}: File too large (os error 27)\n",
            site.root().join("static/video.bin").display()
        )
    );
    assert_eq!(snapshot(&site.root().join("public")), before);
    assert_eq!(beside_public(&site), vec!["public".to_owned()]);
}

#[test]
fn a_marked_folder_holding_version_control_is_refused_and_kept() {
    let site = SiteTest::new("bilingual");
    site.build().success();
    // A deploy checkout that got a copy of the site, mark included.
    site.write("ghp/.git/config", "[core]\n");
    site.write("ghp/.debrief-output", "copied along with the site\n");
    site.write("ghp/index.html", "<p>deployed</p>");
    let run = site.run(&["build", "--output", "ghp"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: refusing to write the site into ghp: it holds .git, a version-control folder, \
         which the build would delete with the rest; build into public/ (or another folder of \
         its own) and copy the site from there\n"
    );
    assert!(site.root().join("ghp/.git/config").is_file());
    assert!(site.root().join("ghp/index.html").is_file());
}

#[test]
fn an_output_named_through_a_link_or_ending_in_dots_is_refused() {
    let site = SiteTest::new("bilingual");
    site.build().success();
    let target = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(target.path(), site.root().join("link")).unwrap();
    let run = site.run(&["build", "--output", "link/"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: refusing to write the site into link/: it is a symbolic link, which the build \
         would replace with a folder; give the folder it points to as --output\n"
    );
    let run = site.run(&["build", "--output", "public/x/.."]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "error: refusing to write the site into public/x/..: it ends in `.` or `..`; name the output folder itself\n"
    );
    assert!(!site.root().join("public/x").exists());
}
