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
fn init_copies_no_theme_and_ships_a_lesson_in_both_languages() {
    let site = SiteTest::new("lessons");
    site.run(&["init", "fresh"]).success();
    let fresh = site.root().join("fresh");
    assert!(!fresh.join("themes").exists(), "the theme is built in");
    site.run(&["build", "--root", "fresh"]).success();
    let read = |rel: &str| std::fs::read_to_string(fresh.join("public").join(rel)).unwrap();
    // The theme's stylesheet and templates come from the binary.
    let css = std::fs::read(fresh.join("public/css/debrief.css")).unwrap();
    let shipped = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/static/css/debrief.css"),
    )
    .unwrap();
    assert_eq!(css, shipped);
    // The lesson has its page in each language, with its own title and text,
    // and the report links to the German one.
    let de = scraper::Html::parse_document(&read("lessons/zuhoeren/index.html"));
    let en = scraper::Html::parse_document(&read("en/lessons/zuhoeren/index.html"));
    let h1 = |doc: &scraper::Html| {
        let sel = scraper::Selector::parse("h1").unwrap();
        doc.select(&sel).next().unwrap().text().collect::<String>()
    };
    assert_eq!(h1(&de).trim(), "Zuhören vor Senden");
    assert_eq!(h1(&en).trim(), "Listen before you broadcast");
    assert!(read("lessons/zuhoeren/index.html").contains("Wer erst zuhört"));
    assert!(read("en/lessons/zuhoeren/index.html").contains("Whoever listens first"));
    let report = read("reports/erster-bericht/index.html");
    assert!(
        report.contains("href=\"https://example.org/lessons/zuhoeren/\""),
        "{report}"
    );
    // The home page says the site's title and description once each.
    let home = read("index.html");
    let main = home.split("<main").nth(1).unwrap();
    let main = main.split("</main>").next().unwrap();
    assert_eq!(main.matches("Konferenznotizen").count(), 1, "{main}");
    assert_eq!(
        main.matches("Berichte und Interviews von Konferenzen")
            .count(),
        1,
        "{main}"
    );
}

#[test]
fn init_github_pages_writes_a_workflow_that_builds_under_the_pages_url() {
    let site = SiteTest::new("lessons");
    let run = site.run(&["init", "blog", "--github-pages"]);
    run.success();
    assert!(run.stderr.contains("DEBRIEF_GIT"), "{}", run.stderr);
    let text =
        std::fs::read_to_string(site.root().join("blog/.github/workflows/pages.yml")).unwrap();
    let workflow: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let steps = workflow["jobs"]["build"]["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.contains(&"debrief build --base-url \"${{ steps.pages.outputs.base_url }}\""),
        "{runs:?}"
    );
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(uses.contains(&"actions/configure-pages@v5"), "{uses:?}");
    // The whole history, so that an outdated translation's notice is dated
    // by the commit that changed its original, not by the shallow clone's.
    let checkout = steps
        .iter()
        .find(|s| s["uses"] == "actions/checkout@v4")
        .unwrap();
    assert_eq!(checkout["with"]["fetch-depth"], 0, "{text}");
    let upload = steps
        .iter()
        .find(|s| s["uses"] == "actions/upload-pages-artifact@v3")
        .unwrap();
    assert_eq!(upload["with"]["path"], "public");
    assert_eq!(workflow["permissions"]["pages"], "write");
    let deploy = &workflow["jobs"]["deploy"];
    assert_eq!(deploy["needs"], "build");
    assert_eq!(deploy["steps"][0]["uses"], "actions/deploy-pages@v4");
    // What the workflow runs, with a project site's URL: every link under
    // the sub-path, and the mark that keeps Jekyll away.
    site.run(&[
        "build",
        "--root",
        "blog",
        "--base-url",
        "https://writer.github.io/blog",
    ])
    .success();
    let public = site.root().join("blog/public");
    assert!(public.join(".nojekyll").is_file());
    let home = std::fs::read_to_string(public.join("index.html")).unwrap();
    assert!(
        home.contains("href=\"/blog/css/debrief.css\"")
            || home.contains("href=\"https://writer.github.io/blog/css/debrief.css\""),
        "{home}"
    );
    assert!(!home.contains("href=\"/css/"), "{home}");
    // Without the flag there is neither.
    site.run(&["init", "plain"]).success();
    assert!(!site.root().join("plain/.github").exists());
    assert!(!site.root().join("plain/static/.nojekyll").exists());
    // An existing site gets only the Pages files, and only once.
    let site_toml = std::fs::read(site.root().join("plain/site.toml")).unwrap();
    site.run(&["init", "plain", "--github-pages"]).success();
    assert_eq!(
        std::fs::read_to_string(site.root().join("plain/.github/workflows/pages.yml")).unwrap(),
        text
    );
    assert!(site.root().join("plain/static/.nojekyll").is_file());
    assert_eq!(
        std::fs::read(site.root().join("plain/site.toml")).unwrap(),
        site_toml
    );
    let again = site.run(&["init", "plain", "--github-pages"]);
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("pages.yml exists; not overwriting it"),
        "{}",
        again.stderr
    );
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

#[test]
fn init_in_the_current_folder_names_no_folder_in_its_messages() {
    let site = SiteTest::new("lessons");
    let dir = site.root().join("Konferenzblog");
    std::fs::create_dir_all(&dir).unwrap();
    let init = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_debrief"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    assert_eq!(
        init(&["init", "--github-pages"]),
        (
            Some(0),
            "Created a site here. Next: `debrief serve --watch`, or `debrief build`\n\
             GitHub Pages: .github/workflows/pages.yml publishes the site on every push to main; \
             set the repository variable DEBRIEF_GIT and Settings → Pages → Source: GitHub Actions\n"
                .to_owned()
        )
    );
    assert!(dir.join("site.toml").is_file());
    std::fs::remove_file(dir.join("site.toml")).unwrap();
    assert_eq!(
        init(&["init"]),
        (
            Some(2),
            "error: content/_index.md exists; not overwriting it\n".to_owned()
        )
    );
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

#[test]
fn new_german_report_has_no_english_placeholder_and_no_empty_description() {
    let site = SiteTest::new("lessons");
    site.run(&[
        "new",
        "content/reports/dmexco.md",
        "--title",
        "Zu Gast auf der Dmexco",
    ])
    .success();
    site.run(&["new", "content/reports/dmexco.md", "--lang", "en"])
        .success();
    let german = std::fs::read_to_string(site.root().join("content/reports/dmexco.md")).unwrap();
    let english =
        std::fs::read_to_string(site.root().join("content/reports/dmexco.en.md")).unwrap();
    for text in [&german, &english] {
        assert!(!text.contains("description"), "{text}");
        let body = text.rsplit("+++\n").next().unwrap();
        assert_eq!(body.trim(), "", "no placeholder to forget:\n{text}");
    }
    assert!(
        german.contains("title = \"Zu Gast auf der Dmexco\""),
        "{german}"
    );
    // Both build as drafts, and the summary is not an English placeholder.
    site.build_with(&["--drafts"]).success();
    let listed = site.read("/reports/");
    assert!(!listed.contains("Write the report"), "{listed}");
}
