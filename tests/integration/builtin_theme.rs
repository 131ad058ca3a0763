//! The default theme built into the binary: a site with `theme = "default"`
//! and no `themes/default/` folder builds with it, exactly as with the
//! folder; one template or one UI string is overridden without a copy.

use crate::support::SiteTest;

/// The `subpath` fixture (base URL `https://host.example/blog`) without the
/// theme folder the harness copies in.
fn without_theme_folder() -> SiteTest {
    let site = SiteTest::new("subpath");
    std::fs::remove_dir_all(site.root().join("themes")).unwrap();
    site
}

#[test]
fn the_built_in_theme_gives_the_same_site_as_its_folder() {
    let with_folder = SiteTest::new("subpath");
    with_folder.build().success();
    let built_in = without_theme_folder();
    built_in.build().success();
    let (a, b) = (with_folder.output_files(), built_in.output_files());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(&b[path] == bytes, "{} differs", path.display());
    }
    assert!(b.contains_key(std::path::Path::new("css/debrief.css")));
    // A cached build of the built-in theme keeps it.
    built_in.build().success();
    assert_eq!(built_in.output_files(), b);
}

#[test]
fn one_template_and_one_string_are_overridden_without_copying_the_theme() {
    let site = without_theme_folder();
    site.write(
        "templates/partials/pagination.html",
        "<nav class=\"pagination\">{{ trans(key=\"latest_reports\") }}</nav>\n",
    );
    site.write("i18n/de.toml", "latest_reports = \"Frisch vom Kongress\"\n");
    site.write("static/css/debrief.css", "body { font-size: 20px; }\n");
    let run = site.build();
    run.success();
    let home = site.html("/");
    let nav: String = home.select("nav.pagination")[0].text().collect();
    assert_eq!(nav, "Frisch vom Kongress");
    // The English strings are still the theme's, the rest of its templates too.
    let en = site.html("/en/");
    let nav: String = en.select("nav.pagination")[0].text().collect();
    assert_eq!(nav, "Latest reports");
    assert!(!en.select("header.site-header").is_empty());
    assert_eq!(
        site.read("/css/debrief.css"),
        "body { font-size: 20px; }\n",
        "the site's static/ wins over the theme's"
    );
    // The override gone, the theme's own file is back, also in a cached build.
    site.remove("static/css/debrief.css");
    site.build().success();
    assert!(site.read("/css/debrief.css").contains("default theme"));
}

#[test]
fn an_error_in_an_override_names_the_site_file_and_a_missing_theme_is_still_an_error() {
    let site = without_theme_folder();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}{{ page.nope( }}{% endblock content %}\n",
    );
    let run = site.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("--> templates/page.html:2:"),
        "{}",
        run.stderr
    );
    let other = without_theme_folder();
    let toml = std::fs::read_to_string(other.root().join("site.toml")).unwrap();
    other.write(
        "site.toml",
        &toml.replace("theme = \"default\"", "theme = \"hyde\""),
    );
    let run = other.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("theme `hyde` not found: there is no folder themes/hyde/"),
        "{}",
        run.stderr
    );
}
