//! The search index in the built files: one Pagefind index per language
//! under `pagefind/LANG/` below the base URL's sub-path, made from the
//! rendered pages with their filters, never holding a draft or a future
//! report; the header's search field; `[search]` settings.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use crate::support::{SiteTest, files_under, over_the_index_limit};

/// Every page record of the index of `lang` (Pagefind's fragments: gzip of
/// `pagefind_dcd` and JSON), by URL.
fn records(site: &SiteTest, lang: &str) -> BTreeMap<String, serde_json::Value> {
    let dir = site
        .root()
        .join("public/pagefind")
        .join(lang)
        .join("fragment");
    files_under(&dir)
        .into_iter()
        .map(|path| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(std::fs::File::open(dir.join(&path)).unwrap())
                .read_to_string(&mut text)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let json = text
                .strip_prefix("pagefind_dcd")
                .expect("a Pagefind fragment");
            let record: serde_json::Value = serde_json::from_str(json).expect("JSON");
            (record["url"].as_str().unwrap().to_owned(), record)
        })
        .collect()
}

fn urls(site: &SiteTest, lang: &str) -> Vec<String> {
    records(site, lang).into_keys().collect()
}

#[test]
fn each_language_has_its_own_index_under_the_sub_path() {
    let site = SiteTest::new("search");
    site.build().success();
    for lang in ["de", "en"] {
        for file in [
            "pagefind.js",
            "pagefind-worker.js",
            "pagefind-entry.json",
            "names.json",
        ] {
            assert!(
                site.exists(&format!("/pagefind/{lang}/{file}")),
                "no pagefind/{lang}/{file}"
            );
        }
        let wasm = format!("/pagefind/{lang}/wasm.{lang}.pagefind");
        assert!(site.exists(&wasm), "no stemmer for {lang}");
        let entry: serde_json::Value =
            serde_json::from_str(&site.read(&format!("/pagefind/{lang}/pagefind-entry.json")))
                .unwrap();
        let langs: Vec<&String> = entry["languages"].as_object().unwrap().keys().collect();
        assert_eq!(langs, [lang], "the {lang} index holds other languages");
    }
    // Pagefind's own search UIs are not published: the theme has its own.
    let files = files_under(&site.root().join("public/pagefind"));
    let ui: Vec<_> = files
        .iter()
        .filter(|f| f.to_string_lossy().contains("-ui."))
        .collect();
    assert!(ui.is_empty(), "{ui:?}");
    assert_eq!(
        urls(&site, "de"),
        [
            "/blog/reports/barcamp-koeln/",
            "/blog/reports/leweb-binhammer/",
            "/blog/reports/next-berlin/"
        ]
    );
    assert_eq!(
        urls(&site, "en"),
        [
            "/blog/en/reports/leweb-binhammer/",
            "/blog/en/reports/web-summit-dublin/"
        ]
    );
}

#[test]
fn records_carry_filters_by_key_and_only_the_main_content() {
    let site = SiteTest::new("search");
    site.build().success();
    let de = records(&site, "de");
    let en = records(&site, "en");
    let interview = &de["/blog/reports/leweb-binhammer/"];
    assert_eq!(
        interview["filters"],
        serde_json::json!({
            "event": ["leweb-2008"],
            "lessons": ["zuhoeren-vor-senden"],
            "tags": ["dell", "interview"],
            "year": ["2008"],
        })
    );
    assert_eq!(
        interview["meta"]["title"],
        "„Das Telefon hat keine Abteilung“"
    );
    assert_eq!(interview["meta"]["lang"], "de");
    let content = interview["content"].as_str().unwrap();
    assert!(
        content.contains("Zuhören kommt vor dem Senden"),
        "{content}"
    );
    for chrome in ["Suchen", "Zum Inhalt springen", "Erstellt mit debrief"] {
        assert!(!content.contains(chrome), "{chrome:?} indexed: {content}");
    }
    // The same lesson is the same filter value in English.
    let en_interview = &en["/blog/en/reports/leweb-binhammer/"];
    assert_eq!(
        en_interview["filters"]["lessons"],
        serde_json::json!(["zuhoeren-vor-senden"])
    );
    assert_eq!(en_interview["filters"].get("solo"), None);
    // Pages without a translation are marked, for the other language's readers.
    let dublin = &en["/blog/en/reports/web-summit-dublin/"];
    assert_eq!(dublin["filters"]["solo"], serde_json::json!(["yes"]));
    let names: serde_json::Value =
        serde_json::from_str(&site.read("/pagefind/de/names.json")).unwrap();
    assert_eq!(
        names["lessons"]["zuhoeren-vor-senden"],
        "Zuhören vor Senden"
    );
    assert_eq!(names["event"]["barcamp-koeln-2009"], "Barcamp Köln");
}

#[test]
fn drafts_and_future_reports_are_never_indexed_even_when_built() {
    let site = SiteTest::new("search");
    site.build_with(&["--drafts"]).success();
    assert!(
        site.exists("/reports/entwurf/"),
        "--drafts renders the draft"
    );
    assert!(
        site.exists("/reports/zukunft/"),
        "--drafts renders the future report"
    );
    let de = urls(&site, "de");
    assert_eq!(de.len(), 3, "{de:?}");
    for (_, record) in records(&site, "de") {
        let content = record["content"].as_str().unwrap();
        assert!(!content.contains("wortprobe"), "{content}");
    }
}

#[test]
fn every_page_has_a_labelled_search_field_and_a_local_script() {
    let site = SiteTest::new("search");
    site.build().success();
    for page in ["/", "/en/", "/reports/barcamp-koeln/", "/en/tags/"] {
        let doc = site.html(page);
        let id = doc.attr("form.site-search[role=search] input[type=search]", "id");
        let label = doc.text(&format!("form.site-search label[for={id}]"));
        assert!(!label.is_empty(), "{page}: the field has no label");
        assert_eq!(
            doc.attr("form.site-search", "data-bundle"),
            "/blog/pagefind/"
        );
        assert_eq!(
            doc.attr("script[type=module]", "src"),
            "https://example.org/blog/js/search.js"
        );
    }
    assert_eq!(
        site.html("/").attr("form.site-search", "data-langs"),
        "de en"
    );
    assert_eq!(
        site.html("/en/").attr("form.site-search", "data-langs"),
        "en de"
    );
    assert!(site.exists("/js/search.js"));
}

#[test]
fn search_can_be_turned_off() {
    let site = SiteTest::new("search");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &toml.replace("enabled = true", "enabled = false"),
    );
    site.build().success();
    assert!(!site.root().join("public/pagefind").exists());
    assert!(site.html("/").select("form.site-search").is_empty());
    assert!(site.html("/").select("script[type=module]").is_empty());
}

#[test]
fn an_unknown_search_setting_is_an_error() {
    let site = SiteTest::new("search");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write(
        "site.toml",
        &toml.replace("other_language", "other_languages"),
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error: unknown key `other_languages` in site.toml: did you mean `other_language`?\n  --> site.toml:20:1"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_static_file_in_the_index_folder_is_a_warning_and_the_index_wins() {
    let site = SiteTest::new("search");
    site.write("static/pagefind/de/pagefind.js", "// not Pagefind\n");
    let run = site.build();
    run.success();
    assert!(
        run.stderr.contains("pagefind/de/pagefind.js"),
        "{}",
        run.stderr
    );
    assert_ne!(site.read("/pagefind/de/pagefind.js"), "// not Pagefind\n");
}

#[test]
fn a_cached_build_with_no_change_keeps_the_index_and_an_edit_remakes_it() {
    let site = SiteTest::new("search");
    site.build().success();
    let entry = || site.read("/pagefind/de/pagefind-entry.json");
    let first = entry();
    let stamp = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let wasm = site.out("/pagefind/de/wasm.de.pagefind");
    let was = stamp(&wasm);
    site.build().success();
    assert_eq!(entry(), first);
    assert_eq!(stamp(&wasm), was, "an unchanged index was written again");
    let page = "content/reports/2009-03-05-barcamp-koeln.md";
    let text = std::fs::read_to_string(site.root().join(page)).unwrap();
    site.write(
        page,
        &text.replace("Hinterhof", "Hinterhof mit Kastanienbaum"),
    );
    site.build().success();
    assert_ne!(entry(), first, "the edit is not in the index");
    let barcamp = &records(&site, "de")["/blog/reports/barcamp-koeln/"];
    assert!(
        barcamp["content"]
            .as_str()
            .unwrap()
            .contains("Kastanienbaum")
    );
    // Cold and cached give the same files.
    let cached = files_under(&site.root().join("public/pagefind"));
    site.build_with(&["--no-cache"]).success();
    assert_eq!(files_under(&site.root().join("public/pagefind")), cached);
}

/// A report whose page is over the index's limit: the build succeeds and
/// says which report is searchable only in part and what to do; the index
/// holds its start, with its filters and title, not its end.
#[test]
fn a_huge_report_is_indexed_up_to_the_limit_with_a_warning() {
    let site = SiteTest::new("search");
    let mut text = over_the_index_limit(
        "+++\ntitle = \"Riesiger Bericht\"\n\n[taxonomies]\ntags = [\"Foren\"]\n+++\n\n\
         Auftaktwort: so beginnt der Bericht.\n\n",
    );
    text.push_str("Schlusswort: so endet er.\n");
    let file = "content/reports/2012-01-01-riesig.md";
    site.write(file, &text);
    let run = site.build();
    run.success();
    let html = site.read("/reports/riesig/");
    let start = html.find("<main").unwrap();
    let start = start + html[start..].find('>').unwrap() + 1;
    let len = html.rfind("</main>").unwrap() - start;
    let warning = format!(
        "warning: only the first 1 MiB of this report is searchable: its page is {:.1} MiB of HTML, \
         and the search index takes at most 1 MiB of a page\n \
         --> {file}\n  \
         = note: split the report into several smaller ones to make all of it searchable\n",
        len as f64 / f64::from(1 << 20)
    );
    assert!(run.stderr.contains(&warning), "{}", run.stderr);
    // Every command that sees the page says so: a cached build that keeps
    // the index, one that makes it again after another report changed,
    // and `check`, which makes no index.
    let again = site.build();
    assert!(
        again.stderr.contains(&warning),
        "kept index: {}",
        again.stderr
    );
    let other = "content/reports/2009-03-05-barcamp-koeln.md";
    let text = std::fs::read_to_string(site.root().join(other)).unwrap();
    site.write(
        other,
        &text.replace("Hinterhof", "Hinterhof mit Kastanienbaum"),
    );
    let reindexed = site.build();
    assert!(
        reindexed.stderr.contains(&warning),
        "made again: {}",
        reindexed.stderr
    );
    let check = site.run(&["check", "--root", site.root().to_str().unwrap()]);
    check.success();
    assert!(check.stderr.contains(&warning), "check: {}", check.stderr);
    for file in ["pagefind.js", "pagefind-entry.json", "wasm.de.pagefind"] {
        assert!(site.exists(&format!("/pagefind/de/{file}")), "no {file}");
    }
    let record = &records(&site, "de")["/blog/reports/riesig/"];
    let content = record["content"].as_str().unwrap();
    assert!(
        content[..200].contains("Auftaktwort"),
        "{}",
        &content[..200]
    );
    assert!(!content.contains("Schlusswort"));
    assert_eq!(record["meta"]["title"], "Riesiger Bericht");
    assert_eq!(record["filters"]["year"], serde_json::json!(["2012"]));
    assert_eq!(record["filters"]["tags"], serde_json::json!(["foren"]));
}

/// Once the huge report is split (here: cut down), no build warns of it
/// any more, the cached one included; a draft, which no index holds, is
/// never warned of.
#[test]
fn the_cut_warning_goes_with_the_cut() {
    let site = SiteTest::new("search");
    let text = over_the_index_limit("+++\ntitle = \"Riesig\"\n+++\n\n");
    let file = "content/reports/2012-01-01-riesig.md";
    site.write(file, &text);
    let searchable = "only the first 1 MiB of this report is searchable";
    assert!(site.build().stderr.contains(searchable));
    site.write(file, "+++\ntitle = \"Riesig\"\n+++\n\nNun kurz.\n");
    let short = site.build();
    short.success();
    assert!(!short.stderr.contains(searchable), "{}", short.stderr);
    assert!(!site.build().stderr.contains(searchable));
    site.write(file, &text.replacen("+++\n\n", "draft = true\n+++\n\n", 1));
    let root = site.root().to_str().unwrap();
    for run in [
        site.build(),
        site.build_with(&["--no-cache"]),
        site.run(&["check", "--root", root]),
    ] {
        assert!(!run.stderr.contains(searchable), "{}", run.stderr);
    }
}
