//! The defining test of `serve --watch`: after every edit of a scripted
//! series, the incremental update gives byte-identical outputs to a fresh
//! full build of the edited tree (cf. Zola #1064, #757: stale pages).
//! Besides its own series on the `bilingual` fixture, it runs the edit
//! scripts of `edits.rs`, which the cache suite runs against cold builds.

use debrief::Outputs;
use debrief::config::Overrides;
use debrief::pipeline::change::{Layout, classify};
use debrief::pipeline::{self, Build, Watched};

use crate::edits::{self, Edit, Script, edit, read};
use crate::support::SiteTest;

/// Applies `edit` on disk and to `build`, and checks it against a full build.
fn step(site: &SiteTest, build: &mut Build, edit: &Edit) -> pipeline::Update {
    assert!(
        !edit.edits_output(),
        "{}: edits public/, which an in-memory build has not",
        edit.name
    );
    let paths = edits::apply(site, edit);
    let layout = Layout {
        root: site.root().to_path_buf(),
        theme: Some(site.root().join("themes/default")),
        output: Some(site.root().join("public")),
    };
    let changes = classify(&layout, &paths);
    assert!(!changes.is_empty(), "{}: no change classified", edit.name);
    // About every other edit (by its name), as `serve` does it with
    // reports open in tabs: those pages first, handed out before the rest.
    let watched = edit.name.len().is_multiple_of(2);
    let shown = std::cell::RefCell::new(Vec::new());
    let publish = |files: &pipeline::Rendered| shown.borrow_mut().extend(files.to_vec());
    let wants = |path: &str| path.starts_with("reports/") || path.starts_with("en/reports/");
    // Of those, about every other one is first given up for a newer
    // change as soon as the watched pages are out, as `serve` does when
    // the writer saves again meanwhile (unless nothing was left to do by
    // then); the build must be left as it was.
    let first_try = (watched && edit.name.len().is_multiple_of(4)).then(|| {
        let before = build.outputs.clone();
        let tried = build
            .update_watched(
                &changes,
                Some(Watched {
                    wants: &wants,
                    publish: &publish,
                    stop: &|| true,
                }),
            )
            .unwrap_or_else(|d| panic!("{}: update failed:\n{d}", edit.name));
        if tried.superseded {
            assert!(
                build.outputs == before && tried.changed.is_empty(),
                "{}: an update given up changed the build",
                edit.name
            );
        }
        tried
    });
    let update = match first_try {
        Some(done) if !done.superseded => done,
        _ => build
            .update_watched(
                &changes,
                watched.then_some(Watched {
                    wants: &wants,
                    publish: &publish,
                    stop: &|| false,
                }),
            )
            .unwrap_or_else(|d| panic!("{}: update failed:\n{d}", edit.name)),
    };
    assert!(
        !update.superseded,
        "{}: given up with no newer change",
        edit.name
    );
    // `serve` brings the search index up to date right after the pages.
    build
        .refresh_search()
        .unwrap_or_else(|d| panic!("{}: search index failed:\n{d}", edit.name));
    let full = pipeline::full(site.root(), &Overrides::default())
        .unwrap_or_else(|d| panic!("{}: full build failed:\n{d}", edit.name));
    let shown = shown.into_inner();
    for (path, bytes) in shown {
        assert!(
            full.outputs
                .files
                .get(&path)
                .is_some_and(|b| b[..] == bytes[..]),
            "{}: {path} was shown first as it is not in the full build",
            edit.name
        );
    }
    let (a, b) = (&build.outputs.files, &full.outputs.files);
    let stale: Vec<&String> = b.keys().filter(|k| a.get(*k) != b.get(*k)).collect();
    let extra: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    if let Some(first) = stale.first() {
        let (x, y) = (
            String::from_utf8_lossy(&a[*first]),
            String::from_utf8_lossy(&b[*first]),
        );
        let line = x.lines().zip(y.lines()).find(|(p, q)| p != q);
        panic!(
            "{}: stale {stale:?}, extra {extra:?}; first difference (incremental, full): {line:?}",
            edit.name
        );
    }
    assert!(extra.is_empty(), "{}: extra {extra:?}", edit.name);
    assert_eq!(
        build.outputs.copies, full.outputs.copies,
        "{}: copied files differ",
        edit.name
    );
    check_outputs(edit, &build.outputs, &update);
    update
}

/// Whether the outputs hold the file `path`, or files in the folder `path`.
fn holds(outputs: &Outputs, path: &str) -> bool {
    let folder = format!("{path}/");
    outputs
        .files
        .keys()
        .chain(outputs.copies.keys())
        .any(|p| p == path || p.starts_with(&folder))
}

/// The edit's expectations of the outputs after it: what appears, what is
/// gone, how many outputs were rendered.
fn check_outputs(edit: &Edit, outputs: &Outputs, update: &pipeline::Update) {
    let name = edit.name;
    for path in &edit.appears {
        let there = outputs.files.contains_key(*path) || outputs.copies.contains_key(*path);
        assert!(there, "{name}: no output {path}");
    }
    for path in &edit.gone {
        assert!(
            !holds(outputs, path),
            "{name}: output {path} is still there"
        );
    }
    if let Some(n) = edit.rendered {
        assert_eq!(update.rendered, n, "{name}: {update:?}");
    }
}

/// Runs every script on its own fresh [`edits::site`], in parallel: a full
/// build, then a [`step`] for each of its edits, each of which must show.
fn run_scripts(scripts: &[Script]) {
    edits::run_each(scripts, |script| {
        let site = edits::site();
        let mut build = pipeline::full(site.root(), &Overrides::default())
            .unwrap_or_else(|d| panic!("{}: first build failed:\n{d}", script.name));
        for edit in &script.edits {
            let update = step(&site, &mut build, edit);
            assert!(
                !update.changed.is_empty() || !update.removed.is_empty(),
                "{}: nothing changed",
                edit.name
            );
        }
    });
}

#[test]
fn after_every_scripted_content_edit_an_update_equals_a_full_build() {
    run_scripts(&edits::content_scripts());
}

#[test]
fn after_every_scripted_static_or_asset_edit_an_update_equals_a_full_build() {
    run_scripts(&edits::static_scripts());
}

#[test]
fn after_every_scripted_config_template_or_ui_string_edit_an_update_equals_a_full_build() {
    run_scripts(&edits::config_scripts());
}

#[test]
fn every_kind_of_edit_gives_the_full_build_result() {
    let site = SiteTest::new("bilingual");
    let mut build = pipeline::full(site.root(), &Overrides::default()).expect("first build");
    let total = build.outputs.files.len();
    let listen = "content/reports/zuhören-vor-senden.md";
    let german = "content/reports/nur-deutsch.md";
    let listen_text = read(&site, listen);
    let german_text = read(&site, german);
    let english_text = read(&site, "content/reports/english-only.en.md");

    let body = step(
        &site,
        &mut build,
        &edit("body edit").write(listen, listen_text.replace("Er sagte", "Sie sagte")),
    );
    assert!(
        body.changed
            .iter()
            .any(|p| p == "reports/zuhoeren-vor-senden/index.html"),
        "{body:?}"
    );
    // A text edit below the summary touches that page alone.
    assert_eq!(body.rendered, 1, "{body:?}");
    assert!(
        body.rendered * 4 < total,
        "a body edit re-rendered {} of {total} outputs",
        body.rendered
    );

    let summary = listen_text.replace("Der Vorspann", "Ein neuer Vorspann");
    let summary = step(
        &site,
        &mut build,
        &edit("summary edit").write(listen, summary),
    );
    assert!(
        summary.changed.iter().any(|p| p == "reports/index.html"),
        "{summary:?}"
    );

    let steps = vec![
        edit("title edit").write(
            german,
            german_text.replace("Nur auf Deutsch", "Nur auf Deutsch, neu"),
        ),
        edit("tag added").write(
            german,
            german_text.replace(
                "+++\n\n",
                "\n[taxonomies]\ntags = [\"Neu\", \"Social Media\"]\n+++\n\n",
            ),
        ),
        edit("tag removed").write(german, german_text.clone()),
        edit("translation added").write(
            "content/reports/nur-deutsch.en.md",
            "+++\ntitle = \"Now in English\"\ndate = 2008-12-13\n+++\n\nTranslated.\n",
        ),
        edit("translation removed").remove("content/reports/nur-deutsch.en.md"),
        edit("page renamed")
            .remove("content/reports/english-only.en.md")
            .write("content/reports/only-english.en.md", english_text.clone()),
        edit("date changed").write(
            listen,
            listen_text.replace("date = 2008-12-16", "date = 2007-01-02"),
        ),
        edit("draft published").write(
            "content/reports/entwurf.md",
            read(&site, "content/reports/entwurf.md").replace("draft = true", "draft = false"),
        ),
        edit("draft hidden again").write(
            "content/reports/entwurf.md",
            read(&site, "content/reports/entwurf.md"),
        ),
        edit("section index edited").write(
            "content/reports/_index.en.md",
            read(&site, "content/reports/_index.en.md").replace("Reports", "All reports"),
        ),
        edit("term source added").write(
            "content/lessons/zuhoeren-vor-senden.en.md",
            "+++\ntitle = \"Listen first\"\n+++\n\nWhat it means.\n",
        ),
        edit("bundle asset added").write(
            "content/reports/2008-12-10-leweb-dell/more.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        edit("template edited").write(
            "themes/default/templates/page.html",
            read(&site, "themes/default/templates/page.html")
                .replace("{% block content %}", "{% block content %}<!-- edited -->"),
        ),
        edit("UI string edited").write(
            "themes/default/i18n/en.toml",
            read(&site, "themes/default/i18n/en.toml").replace("Page not found", "Nothing here"),
        ),
        edit("static file added").write("static/extra.css", "body { color: black; }"),
        edit("config edited").write(
            "site.toml",
            read(&site, "site.toml").replace("https://", "http://"),
        ),
        edit("page removed").remove("content/reports/only-english.en.md"),
    ];
    for e in steps {
        let name = e.name;
        let update = step(&site, &mut build, &e);
        // Every scripted edit shows somewhere; an edit that changed nothing
        // would make this test pass without testing anything.
        assert!(
            !update.changed.is_empty() || !update.removed.is_empty(),
            "{name}: nothing changed"
        );
    }
}

#[test]
fn a_sections_new_order_moves_its_pages_neighbour_links() {
    let site = SiteTest::new("bilingual");
    // By title the reverse of by date: the first and the last report keep
    // one neighbour each, on the other side.
    for (name, title, day) in [("a", "Alpha", 1), ("b", "Beta", 2), ("c", "Gamma", 3)] {
        site.write(
            &format!("content/notes/{name}.md"),
            &format!("+++\ntitle = \"{title}\"\ndate = 2009-03-{day:02}\n+++\nText.\n"),
        );
    }
    let index = |sort_by: &str| format!("+++\ntitle = \"Notizen\"\nsort_by = \"{sort_by}\"\n+++\n");
    site.write("content/notes/_index.md", &index("date"));
    let mut build = pipeline::full(site.root(), &Overrides::default()).expect("first build");
    for sort_by in ["title", "weight", "date"] {
        step(
            &site,
            &mut build,
            &edit("section order changed").write("content/notes/_index.md", index(sort_by)),
        );
    }
}

#[test]
fn a_static_file_a_removed_page_hid_is_served_again() {
    let site = SiteTest::new("bilingual");
    site.write("static/reports/q/index.html", "<p>the static page</p>");
    site.write(
        "content/reports/q.md",
        "+++\ntitle = \"Q\"\ndate = 2009-03-01\n+++\nThe page.\n",
    );
    let mut build = pipeline::full(site.root(), &Overrides::default()).expect("first build");
    let update = step(
        &site,
        &mut build,
        &edit("page removed").remove("content/reports/q.md"),
    );
    // The server replaces what an update names: the page must be named, so
    // that the static file it hid is what `/reports/q/` serves now.
    let path = "reports/q/index.html".to_owned();
    assert!(update.changed.contains(&path), "{update:?}");
    assert!(!build.outputs.files.contains_key(&path));
    assert!(build.outputs.copies.contains_key(&path));
}

#[test]
fn a_broken_edit_keeps_the_last_good_build_and_recovers() {
    let site = SiteTest::new("bilingual");
    let mut build = pipeline::full(site.root(), &Overrides::default()).expect("first build");
    let before = build.outputs.clone();
    let path = "content/reports/nur-deutsch.md";
    let good = read(&site, path);
    site.write(path, "+++\ntitle = \n+++\n");
    let layout = Layout {
        root: site.root().to_path_buf(),
        theme: None,
        output: None,
    };
    let changes = classify(&layout, &[site.root().join(path)]);
    let err = build
        .update(&changes)
        .expect_err("a broken front matter fails");
    assert!(
        err.to_string()
            .contains("content/reports/nur-deutsch.md:2:"),
        "{err}"
    );
    assert_eq!(build.outputs, before, "a failed update changes nothing");
    step(
        &site,
        &mut build,
        &edit("fixed").write(path, good.replace("Diesen", "Jetzt diesen")),
    );
}
