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

/// The front matter `new` wrote at `path`, parsed.
fn front_of(site: &SiteTest, path: &str) -> toml::Table {
    let text = std::fs::read_to_string(site.root().join(path)).unwrap();
    let (front, _) = text
        .strip_prefix("+++\n")
        .and_then(|t| t.split_once("+++\n"))
        .unwrap_or_else(|| panic!("{path} has no front matter:\n{text}"));
    toml::from_str(front).unwrap()
}

#[test]
fn new_translation_of_a_report_dated_by_its_name_gets_that_date() {
    let site = SiteTest::new("lessons");
    let original = "+++\ntitle = \"Social Media braucht keine Abteilung\"\n\n\
                    [event]\nname = \"LeWeb\"\ncity = \"Paris\"\n+++\n\nText.\n";
    site.write("content/reports/2008-12-16-leweb/index.md", original);
    site.write("content/reports/2008-12-17-dell.md", original);
    site.run(&[
        "new",
        "content/reports/2008-12-16-leweb/index.md",
        "--lang",
        "en",
    ])
    .success();
    site.run(&["new", "content/reports/2008-12-17-dell.md", "--lang", "en"])
        .success();
    for (path, date) in [
        ("content/reports/2008-12-16-leweb/index.en.md", "2008-12-16"),
        ("content/reports/2008-12-17-dell.en.md", "2008-12-17"),
    ] {
        let front = front_of(&site, path);
        assert_eq!(front["date"].to_string(), date, "{path}");
        assert_eq!(front["event"]["city"].as_str(), Some("Paris"), "{path}");
    }
}

#[test]
fn new_report_with_a_date_prefix_takes_date_and_title_from_the_name() {
    let site = SiteTest::new("lessons");
    site.run(&["new", "content/reports/2008-12-16-foo.md"])
        .success();
    site.run(&["new", "content/reports/2009-05-01-open-data-camp/index.md"])
        .success();
    let front = front_of(&site, "content/reports/2008-12-16-foo.md");
    assert_eq!(front["title"].as_str(), Some("Foo"));
    assert_eq!(front["date"].to_string(), "2008-12-16");
    let front = front_of(&site, "content/reports/2009-05-01-open-data-camp/index.md");
    assert_eq!(front["title"].as_str(), Some("Open data camp"));
    assert_eq!(front["date"].to_string(), "2009-05-01");
}

#[test]
fn new_translation_carries_the_tags_named_as_in_the_target_language() {
    let site = SiteTest::new("lessons");
    site.write(
        "content/tags/social-media.md",
        "+++\ntitle = \"Soziale Medien\"\n+++\n",
    );
    site.write(
        "content/tags/social-media.en.md",
        "+++\ntitle = \"Social media\"\n+++\n",
    );
    site.write(
        "content/reports/dell.md",
        "+++\ntitle = \"Dell hört zu\"\ndate = 2008-12-16\n\n\
         [taxonomies]\ntags = [\"Soziale Medien\", \"Dell\"]\nlessons = [\"Zuhören vor Senden\"]\n+++\n",
    );
    site.run(&["new", "content/reports/dell.md", "--lang", "en"])
        .success();
    let front = front_of(&site, "content/reports/dell.en.md");
    let terms = |taxonomy: &str| -> Vec<String> {
        front["taxonomies"][taxonomy]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(terms("tags"), ["Social media", "Dell"]);
    assert_eq!(terms("lessons"), ["Listen before you broadcast"]);
    site.build_with(&["--drafts"]).success();
    assert!(site.exists("/en/tags/social-media/"));
}
