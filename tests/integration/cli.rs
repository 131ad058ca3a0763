//! The command line: exit codes 0/1/2, `check`, and the `build` flags.

use crate::support::{SiteTest, files_under};

#[test]
fn successful_build_exits_0() {
    let site = SiteTest::new("bilingual");
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.exists("/"));
}

#[test]
fn unknown_flag_exits_2_and_writes_nothing() {
    let site = SiteTest::new("bilingual");
    let run = site.run(&["build", "--nope"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--nope"), "{}", run.stderr);
    assert!(!site.root().join("public").exists());
}

#[test]
fn missing_subcommand_exits_2() {
    let site = SiteTest::new("bilingual");
    assert_eq!(site.run(&[]).code, 2);
}

#[test]
fn output_inside_the_sources_is_refused_with_exit_2() {
    let site = SiteTest::new("bilingual");
    let content = files_under(&site.root().join("content"));
    let run = site.build_with(&["--output", "content"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(files_under(&site.root().join("content")), content);
}

#[test]
fn missing_site_toml_exits_1_naming_it() {
    let site = SiteTest::new("bilingual");
    site.remove("site.toml");
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("site.toml"), "{}", run.stderr);
}

#[test]
fn check_on_a_valid_site_exits_0_and_writes_nothing() {
    let site = SiteTest::new("bilingual");
    let before = files_under(site.root());
    let run = site.run(&["check", "--root", site.root().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(files_under(site.root()), before);
}

#[test]
fn check_on_an_invalid_site_exits_1_naming_the_file() {
    let site = SiteTest::new("bilingual");
    site.write(
        "content/reports/x.md",
        "+++\ntitle = \"X\"\n+++\n\n[weg](@/reports/nope.md)\n",
    );
    let run = site.run(&["check", "--root", site.root().to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("--> content/reports/x.md:5:1"),
        "{}",
        run.stderr
    );
}

#[test]
fn output_flag_writes_the_site_elsewhere() {
    let site = SiteTest::new("bilingual");
    let elsewhere = tempfile::tempdir().unwrap();
    let dest = elsewhere.path().join("site");
    site.build_with(&["--output", dest.to_str().unwrap()])
        .success();
    assert!(
        dest.join("en/reports/zuhoeren-vor-senden/index.html")
            .is_file()
    );
    assert!(!site.root().join("public").exists());
}

#[test]
fn base_url_flag_replaces_the_configured_one() {
    let site = SiteTest::new("bilingual");
    site.build_with(&["--base-url", "https://preview.example/x/"])
        .success();
    let canonical = site
        .html("/en/reports/zuhoeren-vor-senden/")
        .attr("link[rel=canonical]", "href");
    assert_eq!(
        canonical,
        "https://preview.example/x/en/reports/zuhoeren-vor-senden/"
    );
}

#[test]
fn bad_base_url_flag_is_a_usage_error_that_names_the_flag() {
    let site = SiteTest::new("bilingual");
    let cases = [
        (
            "example.org",
            "error: --base-url `example.org` must start with https:// or http:// (e.g. `https://example.org`)\n",
        ),
        (
            "https://exa mple.org",
            "error: --base-url `https://exa mple.org` has a space in its host `exa mple.org`: remove it\n",
        ),
    ];
    for (url, message) in cases {
        let run = site.build_with(&["--base-url", url]);
        assert_eq!((run.code, run.stderr.as_str()), (2, message));
        assert!(!site.root().join("public").exists());
    }
}

#[test]
fn check_and_build_count_in_words_with_the_right_plural() {
    let site = SiteTest::new("bilingual");
    site.run(&["init", "fresh"]).success();
    // One page, and one translation note for its missing English version.
    site.remove("fresh/content/reports/erster-bericht.en.md");
    let check = site.run(&["check", "--root", "fresh"]);
    check.success();
    assert!(
        check
            .stderr
            .ends_with("\nNo errors: 1 page, 4 sections, 32 output files; 1 translation note\n"),
        "{}",
        check.stderr
    );
    let build = site.run(&["build", "--root", "fresh"]);
    build.success();
    assert!(
        build.stderr.starts_with(
            "1 translation note about missing or outdated translations: `debrief check` lists them\n\
             Built 1 page and 4 sections into fresh/public (49 files) in "
        ),
        "{}",
        build.stderr
    );
}

#[test]
fn failed_check_says_what_it_found() {
    let site = SiteTest::new("bilingual");
    let root = site.root().to_str().unwrap();
    site.write(
        "content/reports/x.md",
        "+++\ntitle = \"X\"\n+++\n\n[weg](@/reports/nope.md)\n",
    );
    let run = site.run(&["check", "--root", root]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.ends_with("\n\nerror: check found 1 error\n"),
        "{}",
        run.stderr
    );
    // Two files with broken front matter (found before links are checked).
    site.write("content/reports/x.md", "+++\ntitel = \"X\"\n+++\n");
    site.write("content/reports/y.md", "+++\ndate = 2008-12-01\n+++\n");
    let run = site.run(&["check", "--root", root]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.ends_with("\n\nerror: check found 2 errors\n"),
        "{}",
        run.stderr
    );
}
