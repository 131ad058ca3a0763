//! The default theme's frame: the favicon under the base URL's path, the
//! main navigation's links to the term lists, and the light and dark
//! highlighting stylesheet.

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

/// An `#rrggbb` colour as sRGB channels.
fn rgb(hex: &str) -> [f64; 3] {
    let hex = hex.trim().trim_start_matches('#');
    assert_eq!(hex.len(), 6, "not #rrggbb: {hex}");
    let channel = |i: usize| f64::from(u8::from_str_radix(&hex[i..i + 2], 16).expect("hex digits"));
    [channel(0), channel(2), channel(4)]
}

/// WCAG 2 relative luminance.
fn luminance(hex: &str) -> f64 {
    let [r, g, b] = rgb(hex).map(|v| {
        let v = v / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    });
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

fn contrast(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

/// The `(color, background-color)` of the `.hl-code` rule in `css`.
fn code_colours(css: &str) -> (String, String) {
    let body = css
        .split_once(".hl-code {")
        .and_then(|(_, rest)| rest.split_once('}'))
        .map(|(body, _)| body)
        .unwrap_or_else(|| panic!("no .hl-code rule in {css}"));
    let value = |property: &str| {
        body.lines()
            .find_map(|l| l.trim().strip_prefix(property)?.strip_suffix(';'))
            .unwrap_or_else(|| panic!("no {property} in {body}"))
            .to_owned()
    };
    (value("color: "), value("background-color: "))
}

/// The light and the dark half of the generated highlight.css.
fn highlight_blocks(site: &SiteTest) -> (String, String) {
    let css = site.read("/css/highlight.css");
    let (light, dark) = css
        .split_once("@media screen and (prefers-color-scheme: dark) {")
        .unwrap_or_else(|| panic!("no dark block in {css}"));
    let light = light
        .strip_prefix("@media not screen and (prefers-color-scheme: dark) {")
        .unwrap_or_else(|| panic!("the light block does not exclude dark mode: {css}"));
    (light.to_owned(), dark.to_owned())
}

#[test]
fn code_blocks_get_a_light_and_a_dark_readable_colour_scheme() {
    let site = SiteTest::new("bilingual");
    site.build().success();
    let page = site.html("/reports/zuhoeren-vor-senden/");
    assert_eq!(
        page.attr("head link[href$='css/highlight.css']", "rel"),
        "stylesheet"
    );
    assert!(!page.select("pre.hl-code span[class^=hl-]").is_empty());
    let (light, dark) = highlight_blocks(&site);
    let (light_fg, light_bg) = code_colours(&light);
    let (dark_fg, dark_bg) = code_colours(&dark);
    assert!(luminance(&light_bg) > 0.8, "light background {light_bg}");
    assert!(luminance(&dark_bg) < 0.05, "dark background {dark_bg}");
    for (fg, bg) in [(light_fg, light_bg), (dark_fg, dark_bg)] {
        assert!(contrast(&fg, &bg) >= 4.5, "{fg} on {bg}");
    }
}

#[test]
fn the_dark_highlight_theme_is_configurable_and_checked() {
    let site = SiteTest::new("bilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    let with_dark = |name: &str| {
        config.replace(
            "highlight_code = true",
            &format!("highlight_code = true\nhighlight_theme_dark = \"{name}\""),
        )
    };
    site.write("site.toml", &with_dark("Solarized (dark)"));
    site.build().success();
    let (light, dark) = highlight_blocks(&site);
    assert!(dark.contains("theme \"Solarized (dark)\""), "{dark}");
    assert!(!light.contains("Solarized"), "{light}");

    site.write("site.toml", &with_dark("Nope"));
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("error: unknown highlight_theme_dark `Nope` (known: InspiredGitHub, "),
        "{}",
        run.stderr
    );
    assert!(first.contains(", base16-ocean.dark, "), "{first}");
    assert!(run.stderr.contains(" --> site.toml\n"), "{}", run.stderr);
}

/// The default theme's lists show each report as `item.html`: the item
/// partial rendered once on its own. The same site whose templates include
/// the partial in every list instead must come out byte for byte the same.
#[test]
fn list_items_rendered_once_equal_the_partial_included_in_each_list() {
    let once = SiteTest::new("bilingual");
    once.build().success();
    let included = SiteTest::new("bilingual");
    let theme = included.root().join("themes/default/templates");
    for name in ["partials/listing.html", "event.html"] {
        let text = std::fs::read_to_string(theme.join(name)).expect("the theme's template");
        let with_include = text.replace(
            "{% if item.html %}{{ item.html | safe }}{% else %}{% include \"partials/list_item.html\" %}{% endif %}",
            "{% include \"partials/list_item.html\" %}",
        );
        assert_ne!(text, with_include, "{name} no longer shows item.html");
        included.write(&format!("templates/{name}"), &with_include);
    }
    included.build().success();
    let (a, b) = (once.output_files(), included.output_files());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(
            b[path] == *bytes,
            "{} differs between item.html and the included partial",
            path.display()
        );
    }
}

/// A site's own item partial may read what only the list page has (here
/// the section's title, where there is one): each list includes it, and it
/// sees the list's context as before.
#[test]
fn a_sites_own_item_partial_is_included_in_each_list() {
    let site = SiteTest::new("bilingual");
    site.write(
        "templates/partials/list_item.html",
        "<li class=\"entry\"><a href=\"{{ item.url }}\">{{ item.title }}</a> <small>{% if section is defined %}{{ section.title }}{% endif %}</small></li>\n",
    );
    site.build().success();
    let doc = site.html("/reports/");
    let entries = doc.select("li.entry small");
    assert!(!entries.is_empty(), "no entries on /reports/");
    for small in entries {
        assert_eq!(text(&small), "Berichte");
    }
}
