//! Translations that know what changed: `translated_from` stamps written by
//! `new --lang` and `stamp`, outdated by content (not by date), and
//! `check --translations` showing the original's changed paragraphs from
//! git history or the build cache.

use std::path::Path;
use std::process::Command;

use crate::support::SiteTest;

const ORIGINAL: &str = "content/reports/leweb-dell/index.md";
const TRANSLATION: &str = "content/reports/leweb-dell/index.en.md";
const PAGE_EN: &str = "/en/reports/leweb-dell/";

/// The German original: a bundle with typed quotes, umlauts and raw HTML.
const GERMAN: &str = "+++\n\
title = \"Wie das Telefon: Dell und Social Media\"\n\
date = 2008-12-16\n\
description = \"Richard Binhammer über „Zuhören“ auf der LeWeb\"\n\
draft = false\n\
\n\
[event]\n\
name = \"LeWeb\"\n\
city = \"Paris\"\n\
+++\n\
\n\
Am 10. Dezember 2008 traf ich Richard Binhammer in Paris. Er sagte: „Social\n\
Media ist wie das Telefon.“ Niemand hat eine Telefonabteilung.\n\
\n\
<p class=\"aside\">Das Gespräch dauerte eine halbe Stunde.</p>\n\
\n\
Mehr dazu im [ersten Bericht](/blog/reports/erster-bericht/).\n";

/// The English translation's body.
const ENGLISH_BODY: &str = "On 10 December 2008 I met Richard Binhammer in Paris. He said: “Social media is like the telephone.” Nobody has a telephone department.\n";

/// A site from the `subpath` fixture with the report and its translation
/// scaffolded by `debrief new --lang en`, filled in, not a draft.
fn site_with_translation() -> SiteTest {
    let site = SiteTest::new("subpath");
    site.write(ORIGINAL, GERMAN);
    let root = site.root().to_str().unwrap().to_owned();
    site.run(&[
        "new",
        "content/reports/leweb-dell/index.md",
        "--lang",
        "en",
        "--root",
        &root,
    ])
    .success();
    let scaffolded = read(&site, TRANSLATION);
    let filled = scaffolded
        .replace("draft = true", "draft = false")
        .replace("Translate the report here.\n", ENGLISH_BODY);
    site.write(TRANSLATION, &filled);
    site
}

fn read(site: &SiteTest, path: &str) -> String {
    std::fs::read_to_string(site.root().join(path)).unwrap()
}

/// `debrief ARGS --root ROOT`: exit code, stdout, stderr.
fn debrief(site: &SiteTest, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_debrief"))
        .args(args)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap(),
        text(&out.stdout),
        text(&out.stderr),
    )
}

fn git(root: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.org"])
        .args(args)
        .current_dir(root)
        .env("GIT_AUTHOR_DATE", "2009-01-05T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2009-01-05T10:00:00Z")
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

fn commit_all(site: &SiteTest, message: &str) {
    git(site.root(), &["add", "-A"]);
    git(site.root(), &["commit", "-q", "-m", message]);
}

fn init_git(site: &SiteTest) {
    git(site.root(), &["init", "-q"]);
    commit_all(site, "first");
}

/// The outdated notice of the English page, after a build.
fn notice(site: &SiteTest) -> Option<String> {
    site.build().success();
    let page = site.html(PAGE_EN);
    let found = page.select("main [class*=outdated]");
    found.first().map(crate::support::text)
}

/// The JSON report of `check --translations --format json`.
fn json(site: &SiteTest) -> serde_json::Value {
    let (code, out, err) = debrief(site, &["check", "--translations", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn new_stamps_and_an_edit_of_the_original_without_updated_makes_it_outdated_until_stamped() {
    let site = site_with_translation();
    assert!(
        read(&site, TRANSLATION).contains("\ntranslated_from = \""),
        "{}",
        read(&site, TRANSLATION)
    );
    init_git(&site);
    assert_eq!(notice(&site), None, "a fresh translation is current");
    assert!(json(&site)["outdated"].as_array().unwrap().is_empty());

    // One sentence replaced; no `updated`.
    let edited = GERMAN.replace(
        "Niemand hat eine Telefonabteilung.",
        "Keine Firma hat eine Telefonabteilung.",
    );
    site.write(ORIGINAL, &edited);
    let shown = notice(&site).expect("the page says it is outdated");
    assert!(shown.contains("Wie das Telefon"), "{shown}");
    let link = site
        .html(PAGE_EN)
        .all_attrs("main [class*=outdated] a", "href");
    assert_eq!(link, ["https://host.example/blog/reports/leweb-dell/"]);

    let (code, out, _) = debrief(&site, &["check", "--translations"]);
    assert_eq!(code, 0);
    assert!(out.contains(&format!("outdated: {TRANSLATION}")), "{out}");
    assert!(out.contains("stamped version from commit"), "{out}");
    assert!(out.contains("- Am 10. Dezember 2008 traf ich Richard Binhammer in Paris. Er sagte: „Social Media ist wie das Telefon.“ Niemand hat eine Telefonabteilung."), "{out}");
    assert!(out.contains("+ Am 10. Dezember 2008 traf ich Richard Binhammer in Paris. Er sagte: „Social Media ist wie das Telefon.“ Keine Firma hat eine Telefonabteilung."), "{out}");
    assert!(
        out.contains("    sentence:\n      - Niemand hat eine Telefonabteilung.\n      + Keine Firma hat eine Telefonabteilung.\n"),
        "{out}"
    );
    let report = json(&site);
    let change = &report["outdated"][0]["changes"][0];
    assert_eq!(change["kind"], "changed");
    assert_eq!(change["paragraph"], 1);
    assert_eq!(
        report["outdated"][0]["changes"].as_array().unwrap().len(),
        1
    );

    // Stamping changes one line of the translation, and makes it current.
    let before = read(&site, TRANSLATION);
    let (code, _, err) = debrief(&site, &["stamp", TRANSLATION]);
    assert_eq!(code, 0, "{err}");
    let after = read(&site, TRANSLATION);
    let changed: Vec<_> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(changed[0].1.starts_with("translated_from = \""));
    assert_eq!(notice(&site), None);
}

#[test]
fn rewrapping_the_original_keeps_a_stamped_translation_current_though_its_date_is_later() {
    let site = site_with_translation();
    let rewrapped = GERMAN
        .replace(
            "in Paris. Er sagte: „Social\nMedia",
            "in Paris.\nEr sagte:   „Social Media",
        )
        .replace("\n\nMehr dazu", "\n\n\n\nMehr dazu")
        .replace("draft = false\n", "draft = false\nupdated = 2009-02-01\n");
    site.write(ORIGINAL, &rewrapped);
    assert_eq!(
        notice(&site),
        None,
        "whitespace does not count; the stamp beats the date rule"
    );
    let (_, out, _) = debrief(&site, &["check", "--translations"]);
    assert!(!out.contains("outdated:"), "{out}");
    // The same date without a stamp is outdated by the date rule.
    let unstamped: String = read(&site, TRANSLATION)
        .lines()
        .filter(|l| !l.starts_with("translated_from"))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write(TRANSLATION, &unstamped);
    assert!(notice(&site).is_some());
    let report = json(&site);
    assert_eq!(report["outdated"][0]["rule"], "date");
}

#[test]
fn outside_git_the_build_cache_has_the_stamped_version() {
    let site = site_with_translation();
    assert!(!site.root().join(".git").exists());
    // A clone has no build cache: its first build keeps the current
    // originals of stamped translations.
    std::fs::remove_dir_all(site.root().join(".debrief-cache/originals")).unwrap();
    site.build().success();
    site.write(
        ORIGINAL,
        &GERMAN.replace(
            "Das Gespräch dauerte eine halbe Stunde.",
            "Wir sprachen dreißig Minuten.",
        ),
    );
    let (_, out, _) = debrief(&site, &["check", "--translations"]);
    assert!(out.contains("stamped version from build cache"), "{out}");
    assert!(
        out.contains("- <p class=\"aside\">Das Gespräch dauerte eine halbe Stunde.</p>"),
        "{out}"
    );
    assert!(
        out.contains("+ <p class=\"aside\">Wir sprachen dreißig Minuten.</p>"),
        "{out}"
    );
}

#[test]
fn a_stamp_that_matches_no_known_version_is_outdated_and_says_so() {
    let site = site_with_translation();
    let text = read(&site, TRANSLATION);
    let stamp = text
        .lines()
        .find(|l| l.starts_with("translated_from"))
        .unwrap()
        .to_owned();
    site.write(
        TRANSLATION,
        &text.replace(&stamp, "translated_from = \"0123456789ab\""),
    );
    init_git(&site);
    assert!(notice(&site).is_some());
    let (_, out, _) = debrief(&site, &["check", "--translations"]);
    assert!(
        out.contains("the stamped version is in neither the git history nor the build cache"),
        "{out}"
    );
    let report = json(&site);
    assert_eq!(report["outdated"][0]["found_in"], serde_json::Value::Null);
}

#[test]
fn an_original_renamed_in_git_history_is_followed() {
    let site = SiteTest::new("subpath");
    let old_original = "content/reports/dell/index.md";
    let old_translation = "content/reports/dell/index.en.md";
    site.write(old_original, GERMAN);
    site.write(
        old_translation,
        &format!("+++\ntitle = \"Like the telephone\"\ndate = 2008-12-16\n+++\n\n{ENGLISH_BODY}"),
    );
    let (code, _, err) = debrief(&site, &["stamp", old_translation]);
    assert_eq!(code, 0, "{err}");
    init_git(&site);
    // Edited, then renamed: the stamped text is only at the old name.
    site.write(
        old_original,
        &GERMAN.replace("Niemand hat", "Kein Konzern hat"),
    );
    commit_all(&site, "edit");
    git(
        site.root(),
        &["mv", "content/reports/dell", "content/reports/leweb-dell"],
    );
    commit_all(&site, "rename");
    let report = json(&site);
    let found = report["outdated"][0]["found_in"]
        .as_str()
        .unwrap_or_else(|| panic!("{report:#}"));
    assert!(
        found.starts_with("commit ") && found.ends_with("(content/reports/dell/index.md)"),
        "{found}"
    );
    assert_eq!(report["outdated"][0]["changes"][0]["kind"], "changed");
    // Renamed and edited in one commit: found all the same.
    git(
        site.root(),
        &[
            "mv",
            "content/reports/leweb-dell",
            "content/reports/dell-paris",
        ],
    );
    let moved = "content/reports/dell-paris/index.md";
    site.write(
        moved,
        &read(&site, moved).replace("Kein Konzern", "Keine Firma"),
    );
    commit_all(&site, "rename and edit");
    let report = json(&site);
    let found = report["outdated"][0]["found_in"]
        .as_str()
        .unwrap_or_else(|| panic!("{report:#}"));
    assert!(
        found.ends_with("(content/reports/dell/index.md)"),
        "{found}"
    );
}

#[test]
fn a_report_in_one_language_on_purpose_is_not_missing() {
    let site = SiteTest::new("subpath");
    let (_, _, err) = debrief(&site, &["check"]);
    assert!(err.contains("has no en version"), "{err}");
    let text = read(&site, "content/reports/zweiter-bericht/index.md");
    site.write(
        "content/reports/zweiter-bericht/index.md",
        &text.replacen("+++\n", "+++\ntranslations = false\n", 1),
    );
    let (code, _, err) = debrief(&site, &["check"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("has no en version"), "{err}");
    assert!(
        err.contains("reports      en: 1 translated, 0 missing, 0 outdated"),
        "{err}"
    );
    // English readers still see it in the list.
    site.build().success();
    let list = site.html("/en/reports/");
    assert!(
        list.all_attrs("main a", "href")
            .iter()
            .any(|h| h.ends_with("/blog/reports/zweiter-bericht/"))
    );
}

#[test]
fn stamp_all_current_stamps_yaml_and_leaves_outdated_ones() {
    let site = SiteTest::new("subpath");
    site.write(ORIGINAL, GERMAN);
    let yaml = format!(
        "---\n# English version\ntitle: Like the telephone\ndate: 2008-12-17\n---\n{ENGLISH_BODY}"
    );
    site.write(TRANSLATION, &yaml);
    let (code, _, err) = debrief(&site, &["stamp", "--all-current"]);
    assert_eq!(code, 0, "{err}");
    let stamped = read(&site, TRANSLATION);
    assert!(stamped.starts_with("---\n# English version\ntitle: Like the telephone\ndate: 2008-12-17\ntranslated_from: \""), "{stamped}");
    assert!(stamped.ends_with(&format!("---\n{ENGLISH_BODY}")));
    let first = read(&site, "content/reports/erster-bericht.en.md");
    assert!(first.contains("translated_from"), "{first}");
    let (code, _, err) = debrief(&site, &["stamp", ORIGINAL]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is in the default language (de): stamp its translations"),
        "{err}"
    );
}
