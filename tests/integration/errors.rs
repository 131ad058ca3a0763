//! Bad input: each build fails with exit 1, names file, line and column on
//! stderr, and leaves the previous `public/` byte for byte as it was.

use crate::support::SiteTest;

/// A bilingual site built once, so a later failed build has output to keep.
fn built() -> SiteTest {
    let site = SiteTest::new("bilingual");
    site.build().success();
    site
}

/// Builds the (broken) site and checks the failure: exit 1, `--> LOCATION`
/// on stderr, and `public/` unchanged. Returns stderr for further checks.
#[track_caller]
fn assert_fails_at(site: &SiteTest, location: &str) -> String {
    let before = site.output_files();
    let run = site.build();
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr.contains(&format!("--> {location}")),
        "stderr does not point at {location}:\n{}",
        run.stderr
    );
    assert!(
        site.output_files() == before,
        "a failed build changed public/"
    );
    run.stderr
}

#[test]
fn toml_syntax_error_in_front_matter_is_located() {
    let site = built();
    site.write(
        "content/reports/x.md",
        "+++\ntitle = \"X\"\ndescription = \"never closed\n+++\n\nText.\n",
    );
    assert_fails_at(&site, "content/reports/x.md:3:");
}

#[test]
fn unknown_front_matter_key_is_named_and_located() {
    let site = built();
    site.write("content/reports/x.md", "+++\ntitel = \"X\"\n+++\n\nText.\n");
    let stderr = assert_fails_at(&site, "content/reports/x.md:2:1");
    assert_eq!(
        stderr,
        "error: unknown front matter key `titel`: did you mean `title`?\n \
         --> content/reports/x.md:2:1\n  |\n2 | titel = \"X\"\n  | ^\n  \
         = note: the keys allowed here are title, date, updated, description, draft, slug, aliases, weight, template, event, people, taxonomies, extra, translated_from, translations\n  \
         = note: terms of a taxonomy (tags, lessons in site.toml) go under `[taxonomies]`\n  \
         = note: free-form data for templates goes under `[extra]`\n\n\
         error: the build failed with 1 error\n"
    );
}

/// Hugo and Zola habits: a taxonomy written at the top level, in TOML and YAML.
#[test]
fn taxonomy_at_the_top_level_says_to_put_it_under_taxonomies() {
    let site = built();
    site.write(
        "content/reports/x.md",
        "+++\ntitle = \"X\"\ntags = [\"a\"]\n+++\n\nText.\n",
    );
    site.write(
        "content/reports/y.md",
        "---\ntitle: Y\nlessons: [Zuhören]\n---\n\nText.\n",
    );
    let stderr = assert_fails_at(&site, "content/reports/x.md:3:1");
    assert_eq!(
        stderr,
        "error: `tags` is a taxonomy: put it under `[taxonomies]`\n \
         --> content/reports/x.md:3:1\n  |\n3 | tags = [\"a\"]\n  | ^\n  \
         = note: write `[taxonomies]` on a line of its own after the other keys, then `tags = [\"…\"]`\n\n\
         error: `lessons` is a taxonomy: put it under `taxonomies:`\n \
         --> content/reports/y.md:3:1\n  |\n3 | lessons: [Zuhören]\n  | ^\n  \
         = note: write `taxonomies:`, then `  lessons: [\"…\"]` indented below it\n\n\
         error: the build failed with 2 errors\n"
    );
}

#[test]
fn unknown_site_toml_key_is_named_and_located() {
    let site = built();
    let config = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("titel = \"Notizen\"\n{config}"));
    let stderr = assert_fails_at(&site, "site.toml:1:1");
    assert!(stderr.contains("`titel`"), "{stderr}");
}

#[test]
fn link_to_a_missing_page_is_located_at_the_link() {
    let site = built();
    site.write(
        "content/reports/x.md",
        "+++\ntitle = \"X\"\ndate = 2008-12-01\n+++\n\nSiehe [weg](@/reports/nope.md).\n",
    );
    let stderr = assert_fails_at(&site, "content/reports/x.md:6:7");
    assert!(stderr.contains("@/reports/nope.md"), "{stderr}");
}

#[test]
fn link_to_a_draft_fails_and_says_it_is_unpublished() {
    let site = built();
    site.write(
        "content/reports/x.md",
        "+++\ntitle = \"X\"\n+++\n\n[Entwurf](@/reports/entwurf.md)\n",
    );
    let stderr = assert_fails_at(&site, "content/reports/x.md:5:1");
    assert!(stderr.contains("not published"), "{stderr}");
}

#[test]
fn template_syntax_error_is_located_in_the_template() {
    let site = built();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}\n",
    );
    assert_fails_at(&site, "templates/page.html:2:");
}

#[test]
fn template_render_error_names_the_template_and_the_content_file() {
    let site = built();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.nope.deeper }}{% endblock content %}\n",
    );
    let stderr = assert_fails_at(&site, "templates/page.html:2:");
    assert!(
        stderr.contains("while rendering content/") && stderr.contains("with page.html"),
        "{stderr}"
    );
    // Every page fails on the same template line: said once, with a count.
    assert_eq!(
        stderr.matches("templates/page.html:2:").count(),
        1,
        "{stderr}"
    );
    assert!(
        stderr.contains("more outputs fail the same way"),
        "{stderr}"
    );
}

#[test]
fn missing_title_names_the_file() {
    let site = built();
    site.write(
        "content/reports/x.md",
        "+++\ndate = 2008-12-01\n+++\n\nText.\n",
    );
    let stderr = assert_fails_at(&site, "content/reports/x.md:1:");
    assert!(stderr.contains("title"), "{stderr}");
}

#[test]
fn impossible_date_is_located() {
    let site = built();
    site.write(
        "content/reports/x.md",
        "+++\ntitle = \"X\"\ndate = 2008-13-45\n+++\n\nText.\n",
    );
    assert_fails_at(&site, "content/reports/x.md:3:8");
}

#[test]
fn date_in_german_notation_is_located() {
    let site = built();
    site.write(
        "content/reports/x.md",
        "+++\ntitle = \"X\"\ndate = \"16.12.2008\"\n+++\n\nText.\n",
    );
    let stderr = assert_fails_at(&site, "content/reports/x.md:3:8");
    assert!(stderr.contains("16.12.2008"), "{stderr}");
}

#[test]
fn yaml_front_matter_error_is_located() {
    let site = built();
    site.write(
        "content/reports/x.md",
        "---\ntitle: X\ndate: [2008\n---\n\nText.\n",
    );
    let stderr = assert_fails_at(&site, "content/reports/x.md:");
    assert!(stderr.contains("front matter"), "{stderr}");
}

#[test]
fn unconfigured_language_suffix_names_the_file() {
    let site = built();
    site.write(
        "content/reports/x.fr.md",
        "+++\ntitle = \"X\"\n+++\n\nTexte.\n",
    );
    let stderr = assert_fails_at(&site, "content/reports/x.fr.md");
    assert!(stderr.contains("`fr`"), "{stderr}");
}

#[test]
fn two_sources_for_one_url_fail_naming_both_files() {
    let site = built();
    site.write(
        "content/reports/a.md",
        "+++\ntitle = \"A\"\nslug = \"b\"\n+++\n",
    );
    site.write("content/reports/b.md", "+++\ntitle = \"B\"\n+++\n");
    let stderr = assert_fails_at(&site, "content/reports/");
    assert!(stderr.contains("content/reports/a.md"), "{stderr}");
    assert!(stderr.contains("content/reports/b.md"), "{stderr}");
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let site = built();
    site.write(
        "content/reports/x.md",
        "+++\ntitle = \"X\"\ntags = [\"a\"]\n+++\n",
    );
    site.write("content/reports/y.md", "+++\ndate = 2008-12-01\n+++\n");
    assert_fails_at(&site, "content/reports/x.md:3:1");
    assert_fails_at(&site, "content/reports/y.md:1:");
}

/// Latin-1 or Windows-1252 text, as an old editor saves it: each file read
/// as text says where its first bad byte is and how to fix it.
#[test]
fn text_that_is_not_utf8_is_located_at_its_first_bad_byte() {
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "content/reports/x.md",
            b"+++\ntitle = \"Zuh\xf6ren\"\n+++\n\n\x84Zuh\xf6ren\x93\n",
            "error: this file is not UTF-8: byte 0xF6 here is not a UTF-8 character (in Windows-1252 it would be `ö`); save it as UTF-8\n \
             --> content/reports/x.md:2:13\n  |\n2 | title = \"Zuh\u{fffd}ren\"\n  |             ^\n",
        ),
        (
            "site.toml",
            b"# Konferenz in K\xf6ln\n",
            "error: this file is not UTF-8: byte 0xF6 here is not a UTF-8 character (in Windows-1252 it would be `ö`); save it as UTF-8\n \
             --> site.toml:1:17\n  |\n1 | # Konferenz in K\u{fffd}ln\n  |                 ^\n",
        ),
        (
            "templates/404.html",
            b"{% extends \"base.html\" %}\n{# \x84Nicht gefunden\x93 #}\n",
            "error: this file is not UTF-8: byte 0x84 here is not a UTF-8 character (in Windows-1252 it would be `„`); save it as UTF-8\n \
             --> templates/404.html:2:4\n  |\n2 | {# \u{fffd}Nicht gefunden\u{fffd} #}\n  |    ^\n",
        ),
        (
            "i18n/de.toml",
            b"more = \"Weiterlesen \xbb\"\n",
            "error: this file is not UTF-8: byte 0xBB here is not a UTF-8 character (in Windows-1252 it would be `»`); save it as UTF-8\n \
             --> i18n/de.toml:1:21\n  |\n1 | more = \"Weiterlesen \u{fffd}\"\n  |                     ^\n",
        ),
    ];
    for (file, bytes, message) in cases {
        let site = built();
        let path = site.root().join(file);
        // site.toml gets its bad line first, above what it configures.
        let mut text = bytes.to_vec();
        if file == "site.toml" {
            text.extend(std::fs::read(&path).unwrap());
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        let stderr = assert_fails_at(&site, file);
        assert_eq!(
            stderr,
            format!("{message}\nerror: the build failed with 1 error\n"),
            "{file}"
        );
    }
}

/// Tera reports a missing `{% endif %}` as an "Unknown tag" at the
/// `endblock`; the message names the `if` that is still open instead.
#[test]
fn unclosed_tag_in_a_template_is_named_with_where_it_opened() {
    let site = built();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n  {% if page.title %}<h1>{{ page.title }}</h1>\n{% endblock content %}\n",
    );
    let stderr = assert_fails_at(&site, "templates/page.html:4:1");
    assert_eq!(
        stderr,
        "error: the `if` opened at line 3, column 3 is not closed before this `endblock`: add `{% endif %}` before it\n \
         --> templates/page.html:4:1\n  |\n4 | {% endblock content %}\n  | ^\n\n\
         error: the build failed with 1 error\n"
    );
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% for p in page.people %}{{ p.name }}\n",
    );
    let stderr = assert_fails_at(&site, "templates/page.html:3:1");
    assert_eq!(
        stderr,
        "error: this `for` is never closed: add `{% endfor %}` where it ends\n \
         --> templates/page.html:3:1\n  |\n3 | {% for p in page.people %}{{ p.name }}\n  | ^\n\n\
         error: the build failed with 1 error\n"
    );
}

/// `check` and `build` both fail with exactly `errors` (then the tally of
/// `count` errors), naming no staging folder, and `public/` stays as it was.
#[track_caller]
fn assert_check_and_build_fail_with(site: &SiteTest, errors: &str, count: usize) {
    let root = site.root().to_str().expect("temp dir path is UTF-8");
    let noun = if count == 1 { "error" } else { "errors" };
    let check = site.run(&["check", "--root", root]);
    assert_eq!(check.code, 1, "stderr:\n{}", check.stderr);
    assert_eq!(
        check.stderr,
        format!("{errors}error: check found {count} {noun}\n")
    );
    let before = site.output_files();
    let build = site.build();
    assert_eq!(build.code, 1, "stderr:\n{}", build.stderr);
    assert_eq!(
        build.stderr,
        format!("{errors}error: the build failed with {count} {noun}\n")
    );
    assert!(!build.stderr.contains(".debrief-new"), "{}", build.stderr);
    assert!(
        site.output_files() == before,
        "a failed build changed public/"
    );
}

const ALIASED: &str = "+++\ntitle = \"A\"\ndate = 2020-01-01\naliases = [\"ALIAS\"]\n+++\nText.\n";

/// An alias onto the home page used to replace it with a redirect, exit 0.
#[test]
fn an_alias_onto_the_home_page_fails_in_check_and_build() {
    let site = built();
    site.write(
        "content/reports/a.md",
        &ALIASED.replace("ALIAS", "/index.html"),
    );
    assert_check_and_build_fail_with(
        &site,
        "error: an alias in content/reports/a.md and content/_index.md would both be published at `/index.html`\n \
         --> content/reports/a.md:4:13\n  |\n4 | aliases = [\"/index.html\"]\n  |             ^\n  \
         = note: change or remove the alias\n\n",
        1,
    );
}

/// These passed `check` and failed `build` naming a file in the staging folder.
#[test]
fn aliases_onto_feed_sitemap_robots_and_stylesheet_fail_in_check_and_build() {
    let site = built();
    for (alias, what) in [
        ("/atom.xml", "the de feed"),
        ("/sitemap.xml", "the sitemap"),
        ("/robots.txt", "robots.txt"),
        ("/css/highlight.css", "the code highlighting stylesheet"),
    ] {
        site.write("content/reports/a.md", &ALIASED.replace("ALIAS", alias));
        assert_check_and_build_fail_with(
            &site,
            &format!(
                "error: {what} would be published as the file `{alias}`, where an alias in content/reports/a.md needs a folder: it is published at `{alias}/`\n \
                 --> content/reports/a.md:4:13\n  |\n4 | aliases = [\"{alias}\"]\n  |             ^\n  \
                 = note: rename or move one of them\n\n"
            ),
            1,
        );
    }
}

#[test]
fn an_alias_onto_a_pages_own_file_fails() {
    let site = built();
    let alias = "/reports/nur-deutsch/index.html";
    site.write("content/reports/a.md", &ALIASED.replace("ALIAS", alias));
    assert_check_and_build_fail_with(
        &site,
        &format!(
            "error: an alias in content/reports/a.md and content/reports/nur-deutsch.md would both be published at `{alias}`\n \
             --> content/reports/a.md:4:13\n  |\n4 | aliases = [\"{alias}\"]\n  |             ^\n  \
             = note: change or remove the alias\n\n"
        ),
        1,
    );
}

#[test]
fn a_static_file_where_a_section_folder_goes_fails() {
    let site = built();
    site.write("static/reports", "not a folder");
    assert_check_and_build_fail_with(
        &site,
        "error: static/reports would be published as the file `/reports`, where content/reports/2008-12-10-leweb-dell/index.md needs a folder: it is published at `/reports/leweb-dell/`\n \
         --> static/reports\n  = note: rename or move one of them\n\n",
        1,
    );
}

#[test]
fn a_slug_or_term_longer_than_a_file_name_fails_at_its_line() {
    let site = built();
    let long = "a".repeat(256);
    site.write(
        "content/reports/a.md",
        &format!("+++\ntitle = \"A\"\ndate = 2020-01-01\nslug = \"{long}\"\n+++\nText.\n"),
    );
    let cut = format!("{}…", "a".repeat(40));
    // The snippet is a window of the long line.
    let window = |lead: &str| format!("{lead}{}…", "a".repeat(100 - lead.chars().count()));
    assert_check_and_build_fail_with(
        &site,
        &format!(
            "error: content/reports/a.md would be published at `/reports/{cut}/`, whose part `{cut}` is 256 bytes long; file systems take at most 255\n \
             --> content/reports/a.md:4:9\n  |\n4 | {}\n  |         ^\n  \
             = note: give the page a shorter `slug`\n\n",
            window("slug = \"")
        ),
        1,
    );
    site.write(
        "content/reports/a.md",
        &format!(
            "+++\ntitle = \"A\"\ndate = 2020-01-01\n[taxonomies]\ntags = [\"{long}\"]\n+++\nText.\n"
        ),
    );
    let term = format!("error: the de tags term `{cut}` would be published at `/tags/{cut}/`");
    let at = format!(
        " --> content/reports/a.md:5:10\n  |\n5 | {}\n  |          ^\n  = note: give the term a shorter name\n\n",
        window("tags = [\"")
    );
    let part = format!(", whose part `{cut}` is 256 bytes long; file systems take at most 255\n");
    // Its feed and its English page are not reported again.
    assert_check_and_build_fail_with(&site, &format!("{term}{part}{at}"), 1);
}

#[test]
fn a_nul_in_an_alias_fails_at_its_line() {
    let site = built();
    site.write(
        "content/reports/a.md",
        &ALIASED.replace("ALIAS", "/a\\u0000b/"),
    );
    assert_check_and_build_fail_with(
        &site,
        "error: an alias in content/reports/a.md would be published at `/a\\0b/`, which holds a NUL character, which no file system takes\n \
         --> content/reports/a.md:4:1\n  |\n4 | aliases = [\"/a\\u0000b/\"]\n  | ^\n  \
         = note: write the alias as a path of short names, like \"/old/url/\"\n\n",
        1,
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_content_and_static_are_named_as_skipped() {
    let site = built();
    site.write("elsewhere/page.md", "+++\ntitle = \"X\"\n+++\nText.\n");
    site.write("elsewhere/logo.svg", "<svg/>");
    let link = |target: &str, at: &str| {
        std::os::unix::fs::symlink(site.root().join(target), site.root().join(at))
            .expect("make a symbolic link");
    };
    link("elsewhere/page.md", "content/reports/linked.md");
    link("elsewhere", "content/more");
    std::fs::create_dir_all(site.root().join("static")).expect("make static/");
    link("elsewhere/logo.svg", "static/logo.svg");
    let run = site.build();
    run.success();
    for shown in [
        "content/more",
        "content/reports/linked.md",
        "static/logo.svg",
    ] {
        assert!(
            run.stderr.contains(&format!(
                "warning: this symbolic link is skipped: debrief does not follow links, so nothing of it is published\n \
                 --> {shown}\n  = note: put the file or folder itself here instead of a link to it\n"
            )),
            "{shown} not named:\n{}",
            run.stderr
        );
    }
    assert!(!site.exists("/logo.svg"));
    assert!(!site.exists("/reports/linked/"));
}

/// A mistake far along one long line (past column 65,535, where a format
/// width used to panic): exit 1 from `build` and `check`, and the snippet
/// is a window around the column, not the whole line.
#[test]
fn an_error_far_along_a_long_line_shows_a_window_around_it() {
    let site = built();
    let title = "x".repeat(70_000);
    site.write(
        "content/reports/long.md",
        &format!("+++\ntitle = \"{title}\" oops\n+++\n\nText.\n"),
    );
    let window = format!("…{}\" oops", "x".repeat(94));
    let message = format!(
        "error: invalid front matter: unexpected key or value, expected newline, `#`\n \
         --> content/reports/long.md:2:70012\n  |\n2 | {window}\n  | {:>98}\n\n",
        "^"
    );
    let stderr = assert_fails_at(&site, "content/reports/long.md:2:70012");
    assert_eq!(
        stderr,
        format!("{message}error: the build failed with 1 error\n")
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.stderr, format!("{message}error: check found 1 error\n"));
}

/// `new` writes only inside content/: not through `..`, not to an absolute
/// path, not through a folder that is a link leading elsewhere, and not
/// through a link in place of the file. Each is a usage error (exit 2)
/// saying what is allowed, and nothing is written.
#[test]
fn new_refuses_paths_that_leave_content() {
    let site = SiteTest::new("bilingual");
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("content/linked")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("target.md"),
        site.root().join("content/reports/dangling.md"),
    )
    .unwrap();
    let absolute = outside.path().join("content/x.md");
    let absolute = absolute.to_str().unwrap();
    for (path, message) in [
        (
            "content/../../x.md",
            "error: `content/../../x.md` holds `..`: give a path under content/ without `..` \
             (like content/reports/NAME.md)\n",
        ),
        (
            "content/reports/../../site.md",
            "error: `content/reports/../../site.md` holds `..`: give a path under content/ \
             without `..` (like content/reports/NAME.md)\n",
        ),
        (
            absolute,
            &format!(
                "error: `{absolute}` is an absolute path: give the path from the site root, \
                 under content/ (like content/reports/NAME.md)\n"
            ),
        ),
        (
            "content/linked/x.md",
            "error: `content/linked/x.md` leads outside content/ through a symbolic link: \
             new writes only inside the site's content/ folder (like content/reports/NAME.md)\n",
        ),
        (
            "content/linked/sub/x.md",
            "error: `content/linked/sub/x.md` leads outside content/ through a symbolic link: \
             new writes only inside the site's content/ folder (like content/reports/NAME.md)\n",
        ),
        (
            "content/reports/dangling.md",
            "error: content/reports/dangling.md already exists; not overwriting it\n",
        ),
    ] {
        let run = site.run(&["new", path]);
        assert_eq!(run.code, 2, "{path}: {}", run.stderr);
        assert_eq!(run.stderr, message, "{path}");
    }
    assert!(
        crate::support::files_under(outside.path()).is_empty(),
        "written outside the site"
    );
    assert!(!site.root().join("../x.md").exists());
    assert!(!site.root().join("site.md").exists());
}
