//! `debrief new` and `debrief init`: the files they write, as a writer sees them.

use crate::support::SiteTest;

#[test]
fn new_translation_takes_date_event_people_and_lessons_from_the_original() {
    let site = SiteTest::new("lessons");
    let run = site.run(&["new", "content/reports/republica.md", "--lang", "en"]);
    run.success();
    let text =
        std::fs::read_to_string(site.root().join("content/reports/republica.en.md")).unwrap();
    let (front, _) = text
        .trim_start_matches("+++\n")
        .split_once("+++\n")
        .unwrap();
    let front: toml::Table = toml::from_str(front).unwrap();
    assert_eq!(front["date"].to_string(), "2010-04-15");
    assert_eq!(front["draft"].as_bool(), Some(true));
    assert_eq!(front["event"]["name"].as_str(), Some("Republica"));
    assert_eq!(front["event"]["city"].as_str(), Some("Berlin"));
    // The lesson is written by its English name from the term source.
    assert_eq!(
        front["taxonomies"]["lessons"][0].as_str(),
        Some("Listen before you broadcast")
    );
    // The translation builds (with --drafts) and is the English version of the report.
    site.build_with(&["--drafts"]).success();
    assert!(site.exists("/en/reports/republica/"));
}

#[test]
fn new_report_is_a_draft_dated_today_and_never_overwrites() {
    let site = SiteTest::new("lessons");
    site.run(&["new", "content/reports/neu.md", "--title", "Größe zählt"])
        .success();
    let text = std::fs::read_to_string(site.root().join("content/reports/neu.md")).unwrap();
    assert!(
        text.contains("title = \"Größe zählt\"") && text.contains("draft = true"),
        "{text}"
    );
    let again = site.run(&["new", "content/reports/neu.md"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let outside = site.run(&["new", "reports/x.md"]);
    assert_eq!(outside.code, 2);
    assert!(
        outside.stderr.contains("not under content/"),
        "{}",
        outside.stderr
    );
}

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let site = SiteTest::new("lessons");
    site.run(&["init", "fresh"]).success();
    let run = site.run(&["build", "--root", "fresh"]);
    run.success();
    let index = site.root().join("fresh/public/index.html");
    let html = std::fs::read_to_string(index).unwrap();
    assert!(html.contains("<html lang=\"de\">"));
    assert!(
        site.root()
            .join("fresh/public/en/reports/index.html")
            .exists()
    );
    let ignored = std::fs::read_to_string(site.root().join("fresh/.gitignore")).unwrap();
    let lines: Vec<&str> = ignored.lines().collect();
    assert_eq!(lines, ["/public/", "/.debrief-cache/"]);
    assert!(
        site.root().join("fresh/.debrief-cache").is_dir(),
        "the build kept its cache where .gitignore says"
    );
    let again = site.run(&["init", "fresh"]);
    assert_eq!(again.code, 2, "init refuses an existing site");
}

#[test]
fn init_keeps_an_existing_gitignore() {
    let site = SiteTest::new("lessons");
    let dir = site.root().join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".gitignore"), "/target\n").unwrap();
    site.run(&["init", "repo"]).success();
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "/target\n"
    );
    assert!(dir.join("site.toml").exists());
}
