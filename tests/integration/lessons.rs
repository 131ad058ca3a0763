//! Lessons learned, events and what hangs off them, as readers see them: term
//! sources named per language, umlaut and one-language terms, term and
//! language feeds, the sitemap, event pages, untranslated and outdated
//! reports in lists, the `check` coverage report, JSON-LD and aliases.

use std::collections::BTreeSet;

use crate::support::{Document, SiteTest, pairs, selector, text};

const BASE: &str = "https://example.org";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const XHTML: &str = "http://www.w3.org/1999/xhtml";
const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// The German-only report, tagged with the KEY `listen-first`.
const REPUBLICA_DE: &str = "https://example.org/reports/republica/";
const LEWEB_DE: &str = "https://example.org/reports/leweb/";
const LEWEB_EN: &str = "https://example.org/en/reports/leweb/";
const WEBINALE_DE: &str = "https://example.org/reports/webinale/";
const WEBINALE_EN: &str = "https://example.org/en/reports/webinale/";

const LISTEN_DE: &str = "https://example.org/lessons/listen-first/";
const LISTEN_EN: &str = "https://example.org/en/lessons/listen-first/";
const SIZE_DE: &str = "https://example.org/lessons/groesse-ist-kein-argument/";
const SIZE_EN: &str = "https://example.org/en/lessons/groesse-ist-kein-argument/";

/// The `lessons` fixture, built.
fn lessons() -> SiteTest {
    let site = SiteTest::new("lessons");
    site.build().success();
    site
}

/// The `lessons` fixture with `show_untranslated = false` for English, built.
fn lessons_hiding_untranslated() -> SiteTest {
    let site = SiteTest::new("lessons");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    assert!(config.contains("[languages.en]\n"));
    site.write(
        "site.toml",
        &config.replace(
            "[languages.en]\n",
            "[languages.en]\nshow_untranslated = false\n",
        ),
    );
    site.build().success();
    site
}

/// The site path of an absolute URL of the fixture: `https://example.org/x/` → `/x/`.
#[track_caller]
fn path_of(url: &str) -> &str {
    path_under(BASE, url)
}

/// The site path of `url` under `base` (no trailing slash).
#[track_caller]
fn path_under<'a>(base: &str, url: &'a str) -> &'a str {
    url.strip_prefix(base)
        .filter(|p| p.starts_with('/'))
        .unwrap_or_else(|| panic!("`{url}` is not under {base}/"))
}

/// The `href` of every list entry's title link, in order.
fn entry_links(page: &Document) -> Vec<String> {
    page.all_attrs("main li.entry .entry__title a", "href")
}

/// The entry title link to `url` in a list page, if listed.
fn entry_link_to<'a>(page: &'a Document, url: &str) -> Option<scraper::ElementRef<'a>> {
    page.select("main li.entry .entry__title a")
        .into_iter()
        .find(|a| a.attr("href") == Some(url))
}

/// The text of the `<h1>`, trimmed.
fn h1(page: &Document) -> String {
    page.text("h1").trim().to_owned()
}

/// `(name, href)` of the lesson links in a report's footer.
fn lesson_links(page: &Document) -> Vec<(String, String)> {
    page.select(".taxonomies__row--lessons a")
        .iter()
        .map(|a| {
            (
                text(a).trim().to_owned(),
                a.attr("href").unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

// Term sources: one term, a name per language.

#[test]
fn term_with_a_source_collects_reports_tagged_by_either_name_or_by_key() {
    let site = lessons();
    // German: "Zuhören vor Senden" (leweb) and the KEY `listen-first` (republica).
    let de = site.html("/lessons/listen-first/");
    assert_eq!(entry_links(&de), [REPUBLICA_DE, LEWEB_DE]);
    // English: "Listen before you broadcast" (leweb.en), plus the German-only report.
    let en = site.html("/en/lessons/listen-first/");
    assert_eq!(entry_links(&en), [REPUBLICA_DE, LEWEB_EN]);
    // The names do not make terms of their own.
    assert!(!site.exists("/lessons/zuhoeren-vor-senden/"));
    assert!(!site.exists("/en/lessons/listen-before-you-broadcast/"));
}

#[test]
fn reports_link_to_the_term_under_its_key_with_the_name_in_their_language() {
    let site = lessons();
    let expect = |name: &str, url: &str| (name.to_owned(), url.to_owned());
    assert!(
        lesson_links(&site.html("/reports/leweb/"))
            .contains(&expect("Zuhören vor Senden", LISTEN_DE))
    );
    assert!(
        lesson_links(&site.html("/en/reports/leweb/"))
            .contains(&expect("Listen before you broadcast", LISTEN_EN))
    );
    // Tagged by KEY: the reader sees the term's name, not the key.
    assert_eq!(
        lesson_links(&site.html("/reports/republica/")),
        [expect("Zuhören vor Senden", LISTEN_DE)]
    );
}

#[test]
fn term_pages_show_their_own_name_in_the_heading() {
    let site = lessons();
    assert_eq!(
        h1(&site.html("/lessons/listen-first/")),
        "Zuhören vor Senden"
    );
    assert_eq!(
        h1(&site.html("/en/lessons/listen-first/")),
        "Listen before you broadcast"
    );
}

#[test]
fn term_pages_in_both_languages_are_hreflang_alternates_of_each_other() {
    let site = lessons();
    let expected = pairs(&[
        ("de", LISTEN_DE),
        ("en", LISTEN_EN),
        ("x-default", LISTEN_DE),
    ]);
    assert_eq!(site.html("/lessons/listen-first/").alternates(), expected);
    assert_eq!(
        site.html("/en/lessons/listen-first/").alternates(),
        expected
    );
}

#[test]
fn term_pages_language_switcher_links_the_two_term_pages() {
    let site = lessons();
    assert_eq!(
        site.html("/lessons/listen-first/").switcher_link("en"),
        LISTEN_EN
    );
    assert_eq!(
        site.html("/en/lessons/listen-first/").switcher_link("de"),
        LISTEN_DE
    );
}

#[test]
fn term_page_shows_the_body_of_its_source_in_its_own_language() {
    let site = lessons();
    let paragraphs = |url: &str| -> Vec<String> {
        site.html(url)
            .select("main p")
            .iter()
            .map(|p| text(p).trim().to_owned())
            .collect()
    };
    let de = paragraphs("/lessons/listen-first/");
    let en = paragraphs("/en/lessons/listen-first/");
    assert!(
        de.contains(&"Erst zuhören, dann senden.".to_owned()),
        "{de:?}"
    );
    assert!(
        !de.contains(&"Listen first, then talk.".to_owned()),
        "{de:?}"
    );
    assert!(
        en.contains(&"Listen first, then talk.".to_owned()),
        "{en:?}"
    );
    assert!(
        !en.contains(&"Erst zuhören, dann senden.".to_owned()),
        "{en:?}"
    );
}

#[test]
fn term_source_with_an_explicit_de_suffix_is_the_same_term() {
    // SPEC's example names the German source `listen-first.de.md`.
    let site = SiteTest::new("lessons");
    let source =
        std::fs::read_to_string(site.root().join("content/lessons/listen-first.md")).unwrap();
    site.remove("content/lessons/listen-first.md");
    site.write("content/lessons/listen-first.de.md", &source);
    site.build().success();
    let de = site.html("/lessons/listen-first/");
    assert_eq!(h1(&de), "Zuhören vor Senden");
    assert_eq!(entry_links(&de), [REPUBLICA_DE, LEWEB_DE]);
    assert_eq!(de.switcher_link("en"), LISTEN_EN);
}

#[test]
fn term_lists_name_each_term_in_their_language_under_its_key() {
    let site = lessons();
    let terms = |url: &str| -> Vec<(String, String)> {
        site.html(url)
            .select("main .terms a")
            .iter()
            .map(|a| {
                (
                    text(a).trim().to_owned(),
                    a.attr("href").unwrap_or_default().to_owned(),
                )
            })
            .collect()
    };
    let de = terms("/lessons/");
    let en = terms("/en/lessons/");
    assert!(
        de.contains(&("Zuhören vor Senden".to_owned(), LISTEN_DE.to_owned())),
        "{de:?}"
    );
    assert!(
        en.contains(&(
            "Listen before you broadcast".to_owned(),
            LISTEN_EN.to_owned()
        )),
        "{en:?}"
    );
    assert!(
        !en.iter().any(|(name, _)| name == "Nur hier gelernt"),
        "{en:?}"
    );
}

// Umlauts, and one term under the same name in both languages.

#[test]
fn umlaut_term_gets_a_transliterated_url_and_keeps_its_name() {
    let site = lessons();
    let page = site.html("/lessons/groesse-ist-kein-argument/");
    assert_eq!(h1(&page), "Größe ist kein Argument");
    assert_eq!(entry_links(&page), [LEWEB_DE]);
    assert_eq!(
        lesson_links(&site.html("/reports/leweb/"))
            .iter()
            .find(|(name, _)| name == "Größe ist kein Argument")
            .map(|(_, url)| url.as_str()),
        Some(SIZE_DE)
    );
}

#[test]
fn term_used_under_the_same_name_in_both_languages_is_one_term() {
    let site = lessons();
    let expected = pairs(&[("de", SIZE_DE), ("en", SIZE_EN), ("x-default", SIZE_DE)]);
    let de = site.html("/lessons/groesse-ist-kein-argument/");
    let en = site.html("/en/lessons/groesse-ist-kein-argument/");
    assert_eq!(de.alternates(), expected);
    assert_eq!(en.alternates(), expected);
    assert_eq!(de.switcher_link("en"), SIZE_EN);
    assert_eq!(en.switcher_link("de"), SIZE_DE);
    assert_eq!(entry_links(&en), [LEWEB_EN]);
}

#[test]
fn one_language_term_switches_to_the_other_language_term_list() {
    let site = lessons();
    // Only the German leweb report has it; its English translation does not.
    assert!(!site.exists("/en/lessons/nur-hier-gelernt/"));
    let page = site.html("/lessons/nur-hier-gelernt/");
    assert_eq!(page.switcher_link("en"), "https://example.org/en/lessons/");
    assert!(site.exists("/en/lessons/"));
    let own = "https://example.org/lessons/nur-hier-gelernt/";
    assert_eq!(page.alternates(), pairs(&[("de", own), ("x-default", own)]));
}

#[test]
fn one_language_term_switcher_does_not_call_the_term_list_a_home_page() {
    // docs/templates.md says `language_links.url` is the other language's home
    // when `exists = false`; for terms it is the term list (as it should be),
    // yet the theme still labels it with `lang_home_only` ("home page").
    let site = lessons();
    let page = site.html("/lessons/nur-hier-gelernt/");
    let label = page.text(".lang-switch a[hreflang=en]");
    assert_eq!(page.switcher_link("en"), "https://example.org/en/lessons/");
    assert!(
        !label.contains("home page"),
        "the link to the English lessons list reads `{}`",
        label.trim()
    );
}

// Feeds.

/// One Atom entry: its link and `published` date.
#[derive(Debug, PartialEq)]
struct Entry {
    link: String,
    published: String,
}

/// An Atom feed, parsed: checks the root is an Atom `<feed>`, returns its
/// `xml:lang` and entries in document order.
#[track_caller]
fn atom(site: &SiteTest, url_path: &str) -> (String, Vec<Entry>) {
    let xml = site.read(url_path);
    let doc =
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{url_path} is not XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "feed", "{url_path}");
    assert_eq!(root.tag_name().namespace(), Some(ATOM), "{url_path}");
    let lang = root
        .attribute((XML, "lang"))
        .unwrap_or_else(|| panic!("{url_path}: no xml:lang"))
        .to_owned();
    let entries = root
        .children()
        .filter(|n| n.tag_name().name() == "entry" && n.tag_name().namespace() == Some(ATOM))
        .map(|e| Entry {
            link: child(e, "link")
                .and_then(|l| l.attribute("href"))
                .unwrap_or_else(|| panic!("{url_path}: an entry without link"))
                .to_owned(),
            published: child(e, "published")
                .and_then(|p| p.text())
                .unwrap_or_else(|| panic!("{url_path}: an entry without published"))
                .to_owned(),
        })
        .collect();
    (lang, entries)
}

/// The first Atom child element `name` of `node`.
fn child<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
    name: &str,
) -> Option<roxmltree::Node<'a, 'input>> {
    node.children()
        .find(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(ATOM))
}

fn links(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.link.as_str()).collect()
}

#[track_caller]
fn assert_newest_first(feed: &str, entries: &[Entry]) {
    let dates: Vec<&str> = entries.iter().map(|e| e.published.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "{feed} is not newest first");
}

#[test]
fn term_feeds_are_atom_in_their_language_newest_first() {
    let site = lessons();
    let (lang, entries) = atom(&site, "/lessons/listen-first/atom.xml");
    assert_eq!(lang, "de");
    assert_eq!(links(&entries), [REPUBLICA_DE, LEWEB_DE]);
    assert_newest_first("German term feed", &entries);
    let (lang, entries) = atom(&site, "/en/lessons/listen-first/atom.xml");
    assert_eq!(lang, "en");
    assert_newest_first("English term feed", &entries);
}

#[test]
fn term_feed_lists_only_reports_in_its_language() {
    let site = lessons();
    // The English term page lists the German-only report; its feed does not.
    assert!(
        entry_links(&site.html("/en/lessons/listen-first/")).contains(&REPUBLICA_DE.to_owned())
    );
    let (_, entries) = atom(&site, "/en/lessons/listen-first/atom.xml");
    assert_eq!(links(&entries), [LEWEB_EN]);
}

#[test]
fn feed_entry_links_are_absolute_and_point_at_written_pages() {
    let site = lessons();
    for feed in [
        "/atom.xml",
        "/en/atom.xml",
        "/lessons/listen-first/atom.xml",
        "/en/lessons/listen-first/atom.xml",
        "/lessons/groesse-ist-kein-argument/atom.xml",
        "/en/lessons/groesse-ist-kein-argument/atom.xml",
    ] {
        let (_, entries) = atom(&site, feed);
        assert!(!entries.is_empty(), "{feed} has no entries");
        for e in entries {
            assert!(
                site.exists(path_of(&e.link)),
                "{feed}: {} is not written",
                e.link
            );
        }
    }
}

#[test]
fn language_feeds_list_their_own_reports_newest_first() {
    let site = lessons();
    let (lang, entries) = atom(&site, "/atom.xml");
    assert_eq!(lang, "de");
    assert_eq!(links(&entries), [REPUBLICA_DE, WEBINALE_DE, LEWEB_DE]);
    assert_newest_first("/atom.xml", &entries);
    let (lang, entries) = atom(&site, "/en/atom.xml");
    assert_eq!(lang, "en");
    assert_eq!(links(&entries), [WEBINALE_EN, LEWEB_EN]);
    assert_newest_first("/en/atom.xml", &entries);
}

/// The `href` of every feed advertised in the head.
fn advertised_feeds(page: &Document) -> Vec<String> {
    page.all_attrs(
        "head link[rel=alternate][type='application/atom+xml']",
        "href",
    )
}

#[test]
fn home_and_term_pages_advertise_their_feeds_in_the_head() {
    let site = lessons();
    assert_eq!(
        advertised_feeds(&site.html("/")),
        ["https://example.org/atom.xml"]
    );
    assert_eq!(
        advertised_feeds(&site.html("/en/")),
        ["https://example.org/en/atom.xml"]
    );
    let term = advertised_feeds(&site.html("/en/lessons/listen-first/"));
    assert!(
        term.contains(&"https://example.org/en/lessons/listen-first/atom.xml".to_owned()),
        "{term:?}"
    );
    for feed in term {
        assert!(site.exists(path_of(&feed)), "{feed} is not written");
    }
}

// The sitemap.

/// Every `<url>` of the sitemap: `(loc, [(hreflang, href)])`.
fn sitemap(site: &SiteTest) -> Vec<(String, Vec<(String, String)>)> {
    let xml = site.read("/sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("the sitemap is XML");
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("url"))
        .map(|u| {
            let loc = u
                .children()
                .find(|n| n.has_tag_name("loc"))
                .and_then(|l| l.text())
                .expect("every <url> has a <loc>")
                .trim()
                .to_owned();
            let alternates = u
                .children()
                .filter(|n| n.has_tag_name((XHTML, "link")))
                .map(|l| {
                    assert_eq!(l.attribute("rel"), Some("alternate"), "{loc}");
                    let attr = |name| l.attribute(name).unwrap_or_default().to_owned();
                    (attr("hreflang"), attr("href"))
                })
                .collect();
            (loc, alternates)
        })
        .collect()
}

#[test]
fn sitemap_urls_and_alternates_are_written_files_listed_once() {
    let site = lessons();
    let urls = sitemap(&site);
    assert!(urls.len() > 20, "too few URLs: {urls:?}");
    let mut seen = BTreeSet::new();
    for (loc, alternates) in &urls {
        assert!(seen.insert(loc), "{loc} is listed twice");
        assert!(site.exists(path_of(loc)), "<loc> {loc} is not written");
        for (lang, href) in alternates {
            assert!(
                site.exists(path_of(href)),
                "{loc}: {lang} {href} is not written"
            );
        }
    }
}

#[test]
fn sitemap_alternates_are_reciprocal_and_include_the_url_itself() {
    let site = lessons();
    let urls = sitemap(&site);
    let alternates_of = |url: &str| -> Option<BTreeSet<&str>> {
        urls.iter()
            .find(|(loc, _)| loc == url)
            .map(|(_, alts)| alts.iter().map(|(_, href)| href.as_str()).collect())
    };
    let mut checked = 0;
    for (loc, alternates) in &urls {
        if alternates.is_empty() {
            continue;
        }
        checked += 1;
        assert!(
            alternates.iter().any(|(_, href)| href == loc),
            "{loc} is not among its own alternates: {alternates:?}"
        );
        for (lang, href) in alternates {
            let back = alternates_of(href)
                .unwrap_or_else(|| panic!("{loc} lists {href}, which is not in the sitemap"));
            assert!(
                back.contains(loc.as_str()),
                "{loc} lists {lang} {href}, which does not list {loc}"
            );
        }
    }
    assert!(checked > 10, "too few URLs with alternates");
}

#[test]
fn sitemap_lists_term_and_event_pages_with_their_translations() {
    let site = lessons();
    let urls = sitemap(&site);
    let find = |url: &str| {
        urls.iter()
            .find(|(loc, _)| loc == url)
            .unwrap_or_else(|| panic!("{url} is not in the sitemap"))
    };
    let (_, alternates) = find(LISTEN_EN);
    assert!(alternates.contains(&("de".to_owned(), LISTEN_DE.to_owned())));
    find(SIZE_DE);
    find("https://example.org/lessons/nur-hier-gelernt/");
    let (_, alternates) = find("https://example.org/events/leweb-2008/");
    assert!(alternates.contains(&(
        "en".to_owned(),
        "https://example.org/en/events/leweb-2008/".to_owned()
    )));
    find("https://example.org/en/events/webinale-2009/");
    find("https://example.org/events/");
    find("https://example.org/en/lessons/");
}

#[test]
fn sitemap_and_feeds_under_a_sub_path_point_at_written_files() {
    let base = "https://example.org/blog";
    let site = SiteTest::new("lessons");
    site.build_with(&["--base-url", "https://example.org/blog/"])
        .success();
    let urls = sitemap(&site);
    assert!(urls.len() > 20, "too few URLs: {urls:?}");
    for (loc, alternates) in &urls {
        assert!(
            site.exists(path_under(base, loc)),
            "<loc> {loc} is not written"
        );
        for (_, href) in alternates {
            assert!(
                site.exists(path_under(base, href)),
                "{loc}: {href} is not written"
            );
        }
    }
    for feed in ["/atom.xml", "/en/lessons/listen-first/atom.xml"] {
        let (_, entries) = atom(&site, feed);
        assert!(!entries.is_empty(), "{feed}");
        for e in entries {
            assert!(site.exists(path_under(base, &e.link)), "{feed}: {}", e.link);
        }
    }
}

// Events.

#[test]
fn events_list_is_ordered_by_event_date_newest_first() {
    // The README does not say; SPEC says "by date", site/event.rs newest first.
    let site = lessons();
    for (list, prefix) in [("/events/", "/"), ("/en/events/", "/en/")] {
        let page = site.html(list);
        let events = page.all_attrs("main li.entry .entry__title a", "href");
        let expected: Vec<String> = ["republica-2010", "webinale-2009", "leweb-2008"]
            .iter()
            .map(|e| format!("{BASE}{prefix}events/{e}/"))
            .collect();
        assert_eq!(events, expected, "{list}");
        let dates = page.all_attrs("main li.entry time", "datetime");
        assert_eq!(dates, ["2010-04-14", "2009-06-02", "2008-12-10"], "{list}");
    }
}

#[test]
fn event_pages_list_their_reports() {
    let site = lessons();
    for (event, reports) in [
        ("/events/leweb-2008/", vec![LEWEB_DE]),
        ("/events/webinale-2009/", vec![WEBINALE_DE]),
        ("/events/republica-2010/", vec![REPUBLICA_DE]),
        ("/en/events/leweb-2008/", vec![LEWEB_EN]),
        ("/en/events/webinale-2009/", vec![WEBINALE_EN]),
    ] {
        assert_eq!(entry_links(&site.html(event)), reports, "{event}");
    }
}

#[test]
fn event_pages_exist_in_english_with_the_event_name() {
    let site = lessons();
    for (event, name) in [
        ("/en/events/leweb-2008/", "LeWeb"),
        ("/en/events/webinale-2009/", "Webinale"),
        ("/en/events/republica-2010/", "Republica"),
    ] {
        let page = site.html(event);
        assert_eq!(page.attr("html", "lang"), "en", "{event}");
        assert_eq!(h1(&page), name, "{event}");
    }
}

#[test]
fn event_without_a_date_takes_the_year_of_its_report_and_a_transliterated_slug() {
    let site = SiteTest::new("lessons");
    site.write(
        "content/reports/medientage.md",
        "+++\ntitle = \"Medien\"\ndate = 2011-10-20\n\n[event]\nname = \"Medientage München\"\ncity = \"München\"\n+++\n\nText.\n",
    );
    site.build().success();
    let event = "https://example.org/events/medientage-muenchen-2011/";
    let page = site.html(path_of(event));
    assert_eq!(h1(&page), "Medientage München");
    assert_eq!(
        entry_links(&page),
        ["https://example.org/reports/medientage/"]
    );
    assert_eq!(
        site.html("/reports/medientage/")
            .all_attrs(".event-box a", "href"),
        [event]
    );
    // The newest event heads the list.
    assert_eq!(
        site.html("/events/")
            .all_attrs("main li.entry .entry__title a", "href")
            .first()
            .map(String::as_str),
        Some(event)
    );
}

#[test]
fn same_event_name_in_another_year_is_another_event() {
    let site = SiteTest::new("lessons");
    site.write(
        "content/reports/leweb09.md",
        "+++\ntitle = \"Wieder in Paris\"\ndate = 2009-12-09\n\n[event]\nname = \"LeWeb\"\ncity = \"Paris\"\ndate = 2009-12-08\n+++\n\nText.\n",
    );
    site.build().success();
    assert_eq!(
        entry_links(&site.html("/events/leweb-2009/")),
        ["https://example.org/reports/leweb09/"]
    );
    assert_eq!(entry_links(&site.html("/events/leweb-2008/")), [LEWEB_DE]);
    let events = site
        .html("/events/")
        .all_attrs("main li.entry .entry__title a", "href");
    assert_eq!(
        events,
        [
            "https://example.org/events/republica-2010/",
            "https://example.org/events/leweb-2009/",
            "https://example.org/events/webinale-2009/",
            "https://example.org/events/leweb-2008/",
        ]
    );
}

#[test]
fn report_event_box_links_to_the_event_page_in_its_language() {
    let site = lessons();
    for (report, event) in [
        ("/reports/leweb/", "https://example.org/events/leweb-2008/"),
        (
            "/en/reports/leweb/",
            "https://example.org/en/events/leweb-2008/",
        ),
        (
            "/reports/republica/",
            "https://example.org/events/republica-2010/",
        ),
    ] {
        let page = site.html(report);
        assert_eq!(page.all_attrs(".event-box a", "href"), [event], "{report}");
    }
}

// Untranslated and outdated reports.

#[test]
fn german_only_report_is_marked_with_its_language_in_english_lists() {
    let site = lessons();
    for list in [
        "/en/",
        "/en/reports/",
        "/en/lessons/listen-first/",
        "/en/events/republica-2010/",
    ] {
        let page = site.html(list);
        let link = entry_link_to(&page, REPUBLICA_DE)
            .unwrap_or_else(|| panic!("{list} does not list the German-only report"));
        assert_eq!(link.attr("hreflang"), Some("de"), "{list}");
        // The English reports themselves are not marked.
        for a in page.select("main li.entry .entry__title a") {
            if a.attr("href") != Some(REPUBLICA_DE) {
                assert_eq!(a.attr("hreflang"), None, "{list}: {}", a.html());
            }
        }
    }
}

#[test]
fn show_untranslated_false_removes_the_german_only_report_from_english_lists() {
    let site = lessons_hiding_untranslated();
    for list in [
        "/en/",
        "/en/reports/",
        "/en/lessons/listen-first/",
        "/en/events/",
    ] {
        let page = site.html(list);
        assert!(
            entry_link_to(&page, REPUBLICA_DE).is_none(),
            "{list} still lists the German-only report"
        );
        assert!(!entry_links(&page).is_empty(), "{list} lists nothing");
    }
    assert_eq!(
        entry_links(&site.html("/en/lessons/listen-first/")),
        [LEWEB_EN]
    );
    // No English event is left that lists only the German report.
    if site.exists("/en/events/republica-2010/") {
        assert!(entry_links(&site.html("/en/events/republica-2010/")).is_empty());
    }
    for event in site
        .html("/en/events/")
        .all_attrs("main li.entry a", "href")
    {
        assert!(
            !entry_links(&site.html(path_of(&event))).is_empty(),
            "the English events list shows {event}, which lists no report"
        );
    }
    // German lists are untouched.
    assert!(entry_link_to(&site.html("/lessons/listen-first/"), REPUBLICA_DE).is_some());
}

#[test]
fn outdated_translation_shows_a_notice_linking_to_the_original() {
    let site = lessons();
    let page = site.html("/en/reports/leweb/");
    let notice = page.select("main [class*=outdated]");
    assert_eq!(notice.len(), 1, "one outdated notice");
    let link: Vec<_> = notice[0]
        .select(&selector("a"))
        .map(|a| (a.attr("href"), a.attr("hreflang")))
        .collect();
    assert_eq!(link, [(Some(LEWEB_DE), Some("de"))]);
    assert!(
        site.html("/en/reports/webinale/")
            .select("main [class*=outdated]")
            .is_empty(),
        "an up-to-date translation shows no notice"
    );
    assert!(
        site.html("/reports/leweb/")
            .select("main [class*=outdated]")
            .is_empty(),
        "the original shows no notice"
    );
}

#[test]
fn translation_updated_after_its_original_is_not_outdated() {
    let site = SiteTest::new("lessons");
    let path = "content/reports/leweb.en.md";
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    site.write(
        path,
        &text.replace(
            "date = 2008-12-17\n",
            "date = 2008-12-17\nupdated = 2008-12-21\n",
        ),
    );
    site.build().success();
    assert!(
        site.html("/en/reports/leweb/")
            .select("main [class*=outdated]")
            .is_empty()
    );
    let (code, blocks) = check(&site);
    assert_eq!(code, 0, "{blocks:#?}");
    assert!(
        !blocks.iter().any(|b| b.contains("outdated translation")),
        "{blocks:#?}"
    );
}

// `debrief check`: the translation coverage report.

/// `debrief check` on the site: exit code and stderr split into its
/// messages (blocks separated by blank lines).
fn check(site: &SiteTest) -> (i32, Vec<String>) {
    let run = site.run(&["check", "--root", site.root().to_str().unwrap()]);
    let blocks = run
        .stderr
        .split("\n\n")
        .map(str::to_owned)
        .filter(|b| !b.trim().is_empty())
        .collect();
    (run.code, blocks)
}

/// The one message pointing at `file`, panicking unless there is exactly one.
#[track_caller]
fn message_at<'a>(blocks: &'a [String], file: &str) -> &'a str {
    let at: Vec<&String> = blocks
        .iter()
        .filter(|b| b.lines().any(|l| l.trim() == format!("--> {file}")))
        .collect();
    assert_eq!(at.len(), 1, "messages at {file}: {blocks:#?}");
    at[0]
}

#[test]
fn check_lists_a_report_missing_its_english_version_and_exits_0() {
    let site = lessons();
    let (code, blocks) = check(&site);
    assert_eq!(code, 0, "{blocks:#?}");
    let message = message_at(&blocks, "content/reports/republica.md");
    assert!(message.contains("warning"), "{message}");
    assert!(message.contains("no en version"), "{message}");
}

#[test]
fn check_lists_an_outdated_translation_naming_its_original() {
    let site = lessons();
    let (code, blocks) = check(&site);
    assert_eq!(code, 0, "{blocks:#?}");
    let message = message_at(&blocks, "content/reports/leweb.en.md");
    assert!(message.contains("outdated"), "{message}");
    assert!(message.contains("content/reports/leweb.md"), "{message}");
}

#[test]
fn check_lists_a_ui_string_missing_in_one_language() {
    // The fixture's i18n/de.toml has a key no English file has.
    let site = lessons();
    let (code, blocks) = check(&site);
    assert_eq!(code, 0, "{blocks:#?}");
    let missing: Vec<&String> = blocks.iter().filter(|b| b.contains("`nur_hier`")).collect();
    assert_eq!(missing.len(), 1, "{blocks:#?}");
    assert!(missing[0].contains("missing in en"), "{}", missing[0]);
}

#[test]
fn check_claims_no_fallback_for_a_ui_string_missing_in_the_default_language() {
    // docs/templates.md: a missing string falls back to the default language;
    // when the default language itself lacks it, `trans` has nothing to use
    // (it needs `default=`), so `check` must not say the German text is used.
    let site = lessons();
    site.write("i18n/en.toml", "nur_englisch = \"Only in English\"\n");
    let (code, blocks) = check(&site);
    assert_eq!(code, 0, "{blocks:#?}");
    let missing: Vec<&String> = blocks
        .iter()
        .filter(|b| b.contains("`nur_englisch`"))
        .collect();
    assert_eq!(missing.len(), 1, "{blocks:#?}");
    assert!(missing[0].contains("missing in de"), "{}", missing[0]);
    assert!(
        !missing[0].contains("the de text is used"),
        "there is no German text to use:\n{}",
        missing[0]
    );
}

#[test]
fn check_says_nothing_about_complete_translations() {
    let site = lessons();
    let (_, blocks) = check(&site);
    for file in [
        "content/reports/webinale.md",
        "content/reports/webinale.en.md",
        "content/reports/leweb.md",
    ] {
        assert!(
            !blocks
                .iter()
                .any(|b| b.lines().any(|l| l.trim() == format!("--> {file}"))),
            "{file} is complete: {blocks:#?}"
        );
    }
}

#[test]
fn site_with_only_translation_warnings_builds_and_checks_with_exit_0() {
    let site = SiteTest::new("lessons");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (code, blocks) = check(&site);
    assert_eq!(code, 0, "{blocks:#?}");
    assert!(
        !blocks.iter().any(|b| b.starts_with("error")),
        "{blocks:#?}"
    );
}

// JSON-LD and aliases.

#[test]
fn report_json_ld_is_an_article_about_the_event_mentioning_the_interviewee() {
    let site = lessons();
    for report in ["/reports/leweb/", "/en/reports/leweb/"] {
        let page = site.html(report);
        let scripts = page.select("head script[type='application/ld+json']");
        assert_eq!(scripts.len(), 1, "{report}");
        let json: serde_json::Value = serde_json::from_str(&text(&scripts[0]))
            .unwrap_or_else(|e| panic!("{report}: JSON-LD does not parse: {e}"));
        assert_eq!(json["@type"], "Article", "{report}");
        assert_eq!(json["about"]["@type"], "Event", "{report}");
        assert_eq!(json["about"]["name"], "LeWeb", "{report}");
        assert_eq!(json["mentions"][0]["@type"], "Person", "{report}");
        assert_eq!(json["mentions"][0]["name"], "Richard Binhammer", "{report}");
        assert_eq!(json["url"], format!("{BASE}{report}"), "{report}");
    }
}

#[test]
fn json_ld_survives_a_closing_script_tag_in_a_name() {
    let site = SiteTest::new("lessons");
    site.write(
        "content/reports/interview.md",
        "+++\ntitle = \"Ein Interview\"\ndate = 2009-01-01\n\n[[people]]\nname = \"Anna </script><b>Bold</b>\"\n+++\n\nText.\n",
    );
    site.build().success();
    let page = site.html("/reports/interview/");
    let scripts = page.select("head script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    let json: serde_json::Value =
        serde_json::from_str(&text(&scripts[0])).expect("the JSON-LD parses");
    assert_eq!(json["mentions"][0]["name"], "Anna </script><b>Bold</b>");
    assert!(page.select("head b").is_empty() && page.select("body > b").is_empty());
}

#[test]
fn alias_is_a_redirect_to_the_page() {
    let site = lessons();
    assert!(site.out("/old/url/").ends_with("public/old/url/index.html"));
    let page = site.html("/old/url/");
    assert_eq!(
        page.attr("meta[http-equiv=refresh]", "content"),
        format!("0; url={LEWEB_DE}")
    );
    assert_eq!(page.attr("link[rel=canonical]", "href"), LEWEB_DE);
    // The redirect is not a page of its own in the sitemap.
    assert!(
        !sitemap(&site)
            .iter()
            .any(|(loc, _)| loc == "https://example.org/old/url/")
    );
}
