//! The default theme's frame: the favicon under the base URL's path and the
//! main navigation's links to the term lists.

use crate::support::{SiteTest, files_under, text};

/// Every HTML page the build wrote, as URL paths (`/en/reports/x/`, `/404.html`).
fn html_pages(site: &SiteTest) -> Vec<String> {
    let public = site.root().join("public");
    files_under(&public)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let rel = p.strip_prefix(&public).expect("under public/");
            let rel = rel.to_str().expect("UTF-8 path").replace('\\', "/");
            format!("/{}", rel.strip_suffix("index.html").unwrap_or(&rel))
        })
        .collect()
}

/// Checks that every theme page links `icon`, and that every redirect page
/// (an alias, pager 1) has the empty icon, so no page makes the browser ask
/// the host's root for `/favicon.ico`. Returns the number of redirects.
#[track_caller]
fn assert_every_page_links_the_icon(site: &SiteTest, icon: &str) -> usize {
    let pages = html_pages(site);
    let mut redirects = 0;
    for page in &pages {
        let doc = site.html(page);
        let icons = doc.all_attrs("head link[rel=icon]", "href");
        if doc.select("meta[http-equiv=refresh]").is_empty() {
            assert_eq!(icons, [icon], "{page}");
            assert_eq!(doc.attr("head link[rel=icon]", "type"), "image/svg+xml");
        } else {
            assert_eq!(icons, ["data:,"], "{page}");
            redirects += 1;
        }
    }
    assert!(pages.len() - redirects > 10, "too few pages: {pages:?}");
    redirects
}

#[test]
fn every_page_links_a_favicon_under_the_sub_path_and_it_is_published_there() {
    let site = SiteTest::new("subpath");
    site.build().success();
    let redirects =
        assert_every_page_links_the_icon(&site, "https://host.example/blog/favicon.svg");
    assert!(redirects > 0, "the fixture's pager 1 should be a redirect");
    // public/ is what the host serves at /blog/.
    let svg = site.read("/favicon.svg");
    let doc = roxmltree::Document::parse(&svg).expect("the icon is XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    assert!(doc.root_element().has_attribute("viewBox"), "{svg}");
}

#[test]
fn at_the_host_root_the_favicon_is_linked_at_the_root() {
    let site = SiteTest::new("bilingual");
    site.build().success();
    assert_every_page_links_the_icon(&site, "https://example.org/favicon.svg");
    assert!(site.exists("/favicon.svg"));
    site.build_with(&["--base-url", "https://example.org/notes"])
        .success();
    assert_eq!(
        site.html("/en/").attr("head link[rel=icon]", "href"),
        "https://example.org/notes/favicon.svg"
    );
}

/// `(label, href)` of every link in the main navigation of a page.
fn nav_links(site: &SiteTest, page: &str) -> Vec<(String, String)> {
    let doc = site.html(page);
    doc.select("nav.site-nav a")
        .iter()
        .map(|a| (text(a), a.attr("href").unwrap_or_default().to_owned()))
        .collect()
}

#[test]
fn the_main_navigation_links_to_both_term_lists_in_both_languages() {
    let site = SiteTest::new("subpath");
    site.build().success();
    let base = "https://host.example/blog";
    for (home, prefix, tags, lessons) in [
        ("/", "/", "Schlagwörter", "Lehren"),
        ("/en/", "/en/", "Tags", "Lessons learned"),
    ] {
        let tags_url = format!("{base}{prefix}tags/");
        let lessons_url = format!("{base}{prefix}lessons/");
        let links = nav_links(&site, home);
        for (label, url, path) in [
            (tags, &tags_url, format!("{prefix}tags/")),
            (lessons, &lessons_url, format!("{prefix}lessons/")),
        ] {
            assert!(
                links.contains(&(label.to_owned(), url.clone())),
                "{home}: no `{label}` → {url} in {links:#?}"
            );
            // The link leads to the list, titled as the link is labelled.
            let list = site.html(&path);
            assert_eq!(list.text("main h1"), label, "{path}");
            assert_eq!(list.attr("nav.site-nav a[aria-current=page]", "href"), *url);
        }
    }
}

#[test]
fn a_term_page_marks_its_list_in_the_navigation() {
    let site = SiteTest::new("bilingual");
    site.build().success();
    let page = site.html("/en/lessons/listen-before-you-broadcast/");
    assert_eq!(
        page.attr("nav.site-nav a.is-active", "href"),
        "https://example.org/en/lessons/"
    );
}

#[test]
fn the_navigation_labels_come_from_the_i18n_strings() {
    let site = SiteTest::new("bilingual");
    site.write("i18n/en.toml", "taxonomy_lessons = \"What we learned\"\n");
    site.build().success();
    let en = nav_links(&site, "/en/");
    assert!(
        en.contains(&(
            "What we learned".to_owned(),
            "https://example.org/en/lessons/".to_owned()
        )),
        "{en:#?}"
    );
    let de = nav_links(&site, "/");
    assert!(
        de.contains(&(
            "Lehren".to_owned(),
            "https://example.org/lessons/".to_owned()
        )),
        "{de:#?}"
    );
}
