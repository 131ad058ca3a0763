//! Two languages as readers see them: `<html lang>`, hreflang alternates, the
//! language switcher, `@/` links with fallback, quotes, untranslated and
//! outdated reports, dates and UI strings per language.

use crate::support::{Document, SiteTest, pairs, selector, text};

const REPORT_DE: &str = "/reports/zuhoeren-vor-senden/";
const REPORT_EN: &str = "/en/reports/zuhoeren-vor-senden/";
const URL_DE: &str = "https://example.org/reports/zuhoeren-vor-senden/";
const URL_EN: &str = "https://example.org/en/reports/zuhoeren-vor-senden/";

fn bilingual() -> SiteTest {
    let site = SiteTest::new("bilingual");
    site.build().success();
    site
}

/// The `href` of the link in the article body whose text is `label`.
fn body_link(page: &Document, label: &str) -> String {
    page.select(".article__body a")
        .iter()
        .find(|a| text(a) == label)
        .and_then(|a| a.attr("href"))
        .unwrap_or_else(|| panic!("no body link `{label}`"))
        .to_owned()
}

/// The text of the article body's paragraph containing `needle`.
fn paragraph_with(page: &Document, needle: &str) -> String {
    page.select(".article__body p")
        .iter()
        .map(text)
        .find(|t| t.contains(needle))
        .unwrap_or_else(|| panic!("no paragraph with `{needle}`"))
}

/// The list items of a list page that link to `url`.
fn items_linking_to(page: &Document, url: &str) -> Vec<String> {
    let link = selector("a");
    page.select("main li")
        .iter()
        .filter(|li| li.select(&link).any(|a| a.attr("href") == Some(url)))
        .map(|li| li.html())
        .collect()
}

#[test]
fn html_lang_is_the_page_language() {
    let site = bilingual();
    for (page, lang) in [
        ("/", "de"),
        ("/en/", "en"),
        ("/reports/", "de"),
        ("/en/reports/", "en"),
        (REPORT_DE, "de"),
        (REPORT_EN, "en"),
        ("/en/reports/english-only/", "en"),
    ] {
        assert_eq!(site.html(page).attr("html", "lang"), lang, "{page}");
    }
}

#[test]
fn hreflang_alternates_name_every_version_and_x_default_the_german_one() {
    let site = bilingual();
    let expected = pairs(&[("de", URL_DE), ("en", URL_EN), ("x-default", URL_DE)]);
    assert_eq!(site.html(REPORT_DE).alternates(), expected);
    assert_eq!(site.html(REPORT_EN).alternates(), expected);
}

#[test]
fn hreflang_alternates_of_sections_and_home_name_both_languages() {
    let site = bilingual();
    let expected = pairs(&[
        ("de", "https://example.org/"),
        ("en", "https://example.org/en/"),
        ("x-default", "https://example.org/"),
    ]);
    assert_eq!(site.html("/en/").alternates(), expected);
}

#[test]
fn one_language_page_is_its_own_alternate_and_x_default() {
    let site = bilingual();
    let url = "https://example.org/en/reports/english-only/";
    assert_eq!(
        site.html("/en/reports/english-only/").alternates(),
        pairs(&[("en", url), ("x-default", url)])
    );
}

#[test]
fn language_switcher_links_to_the_translation() {
    let site = bilingual();
    assert_eq!(site.html(REPORT_DE).switcher_link("en"), URL_EN);
    assert_eq!(site.html(REPORT_EN).switcher_link("de"), URL_DE);
}

#[test]
fn language_switcher_of_an_untranslated_page_links_to_the_other_home() {
    let site = bilingual();
    let page = site.html("/reports/nur-deutsch/");
    assert_eq!(page.switcher_link("en"), "https://example.org/en/");
}

#[test]
fn language_switcher_names_languages_in_words() {
    let site = bilingual();
    let page = site.html(REPORT_DE);
    assert_eq!(page.text(".lang-switch a[hreflang=en]").trim(), "English");
}

#[test]
fn internal_link_on_an_english_page_goes_to_the_english_version() {
    let site = bilingual();
    let page = site.html(REPORT_EN);
    assert_eq!(
        body_link(&page, "about me"),
        "https://example.org/en/about/"
    );
}

#[test]
fn internal_link_falls_back_to_the_german_version_without_translation() {
    let site = bilingual();
    let page = site.html(REPORT_EN);
    assert_eq!(
        body_link(&page, "German report"),
        "https://example.org/reports/nur-deutsch/"
    );
}

#[test]
fn german_page_gets_german_quotes() {
    let site = bilingual();
    let page = site.html(REPORT_DE);
    assert_eq!(
        paragraph_with(&page, "sagte"),
        "Er sagte: „Zuhören ist alles.“"
    );
}

#[test]
fn english_page_gets_english_quotes() {
    let site = bilingual();
    let page = site.html(REPORT_EN);
    assert_eq!(
        paragraph_with(&page, "said"),
        "He said: “Listening is everything.”"
    );
}

#[test]
fn german_only_report_is_listed_in_the_english_section_linking_to_german() {
    let site = bilingual();
    let page = site.html("/en/reports/");
    let items = items_linking_to(&page, "https://example.org/reports/nur-deutsch/");
    assert_eq!(items.len(), 1, "{items:?}");
    let link = page
        .select("main li a[href='https://example.org/reports/nur-deutsch/']")
        .into_iter()
        .next()
        .unwrap();
    assert_eq!(link.attr("hreflang"), Some("de"));
}

#[test]
fn english_only_report_is_listed_in_the_german_section_linking_to_english() {
    let site = bilingual();
    let page = site.html("/reports/");
    let items = items_linking_to(&page, "https://example.org/en/reports/english-only/");
    assert_eq!(items.len(), 1, "{items:?}");
}

#[test]
fn show_untranslated_false_hides_the_other_language_reports() {
    let site = SiteTest::new("bilingual");
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &config.replace(
            "[languages.en]\n",
            "[languages.en]\nshow_untranslated = false\n",
        ),
    );
    site.build().success();
    let page = site.html("/en/reports/");
    assert!(items_linking_to(&page, "https://example.org/reports/nur-deutsch/").is_empty());
    assert_eq!(items_linking_to(&page, URL_EN).len(), 1);
}

#[test]
fn outdated_translation_shows_a_notice_linking_to_the_original() {
    let site = bilingual();
    let page = site.html(REPORT_EN);
    let notices = page.all_attrs("[class*=outdated] a", "href");
    assert_eq!(notices, [URL_DE]);
}

#[test]
fn up_to_date_translation_shows_no_outdated_notice() {
    let site = bilingual();
    let page = site.html("/en/reports/leweb-dell/");
    assert!(page.select("[class*=outdated]").is_empty());
}

#[test]
fn dates_are_written_in_the_page_language() {
    let site = bilingual();
    let de = site.html(REPORT_DE).text(".article__date time");
    let en = site.html(REPORT_EN).text(".article__date time");
    assert_eq!(
        (de.as_str(), en.as_str()),
        ("16. Dezember 2008", "18 December 2008")
    );
}

#[test]
fn site_i18n_file_overrides_a_theme_string_in_its_language_only() {
    let site = SiteTest::new("bilingual");
    site.write("i18n/en.toml", "skip_to_content = \"Jump to the report\"\n");
    site.build().success();
    assert_eq!(
        site.html(REPORT_EN).text(".skip-link"),
        "Jump to the report"
    );
    assert_eq!(
        site.html(REPORT_DE).text(".skip-link"),
        "Zum Inhalt springen"
    );
}

#[test]
fn term_page_links_to_the_same_term_in_the_other_language() {
    let site = bilingual();
    assert_eq!(
        site.html("/tags/social-media/").alternates(),
        pairs(&[
            ("de", "https://example.org/tags/social-media/"),
            ("en", "https://example.org/en/tags/social-media/"),
            ("x-default", "https://example.org/tags/social-media/"),
        ])
    );
}

#[test]
fn event_page_links_to_the_same_event_in_the_other_language() {
    let site = bilingual();
    let page = site.html("/en/events/leweb-2008/");
    assert_eq!(
        page.switcher_link("de"),
        "https://example.org/events/leweb-2008/"
    );
}

/// The bilingual site with `content/lessons/listen-first{,.en}.md` term sources.
fn with_term_sources() -> SiteTest {
    let site = SiteTest::new("bilingual");
    site.write(
        "content/lessons/listen-first.md",
        "+++\ntitle = \"Zuhören vor Senden\"\n+++\n\nErst zuhören, dann reden.\n",
    );
    site.write(
        "content/lessons/listen-first.en.md",
        "+++\ntitle = \"Listen before you broadcast\"\n+++\n\nListen first.\n",
    );
    site.build().success();
    site
}

#[test]
fn translated_term_names_make_one_term_under_its_key() {
    let site = with_term_sources();
    let term_de = "https://example.org/lessons/listen-first/";
    let term_en = "https://example.org/en/lessons/listen-first/";
    assert!(
        site.html(REPORT_DE)
            .all_attrs("main a", "href")
            .contains(&term_de.to_owned())
    );
    assert!(
        site.html(REPORT_EN)
            .all_attrs("main a", "href")
            .contains(&term_en.to_owned())
    );
    assert_eq!(
        site.html("/en/lessons/listen-first/").alternates(),
        pairs(&[("de", term_de), ("en", term_en), ("x-default", term_de)])
    );
}

#[test]
fn term_page_shows_the_body_of_its_source() {
    let site = with_term_sources();
    let paragraphs: Vec<String> = site
        .html("/lessons/listen-first/")
        .select("main p")
        .iter()
        .map(text)
        .collect();
    assert!(
        paragraphs.contains(&"Erst zuhören, dann reden.".to_owned()),
        "{paragraphs:?}"
    );
}

#[test]
fn a_pager_the_other_language_lacks_switches_to_that_section() {
    // QA finding: /reports/page/2/ sent English readers to the English home.
    let site = SiteTest::new("bilingual");
    site.write(
        "content/reports/_index.md",
        "+++\ntitle = \"Berichte\"\npaginate_by = 1\n+++\n",
    );
    site.build().success();
    let pager = site.html("/reports/page/2/");
    assert_eq!(pager.switcher_link("en"), "https://example.org/en/reports/");
}
