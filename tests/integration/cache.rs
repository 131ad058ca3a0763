//! The build cache in `.debrief-cache/`: after every kind of edit, a cached
//! `debrief build` leaves `public/` byte for byte (and folder for folder) as
//! a cold `debrief build --no-cache` of the same sources writes it.
//!
//! Each case builds [`edits::site`] (the `cache` fixture and 20 generated
//! reports) cold, edits it, builds again with the cache, and compares
//! `public/` with a `--no-cache` build into another folder. The edit
//! scripts of `edits.rs` are run here and, against `pipeline::full`, by the
//! incremental suite.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::edits::{
    self, BOTH_EN, Edit, Expect, GERMAN_ONLY, HANDOUT, LISTEN, LISTEN_EN, Script, edit, read,
    replace, site,
};
use crate::support::{Run, SiteTest};

const CACHE_FILE: &str = ".debrief-cache/build.bin";

// ---------------------------------------------------------------------------
// Output trees and their comparison

/// Everything in an output folder: every folder (empty ones too) and every
/// file with its bytes, by path relative to the folder.
#[derive(PartialEq, Eq)]
struct Tree {
    dirs: BTreeSet<PathBuf>,
    files: BTreeMap<PathBuf, Vec<u8>>,
}

fn tree(root: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, tree: &mut Tree) {
        let entries =
            fs::read_dir(dir).unwrap_or_else(|e| panic!("read folder {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("read a folder entry").path();
            let rel = path.strip_prefix(root).expect("under the root").to_owned();
            if path.is_dir() {
                tree.dirs.insert(rel);
                walk(root, &path, tree);
            } else {
                let bytes =
                    fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
                tree.files.insert(rel, bytes);
            }
        }
    }
    assert!(root.is_dir(), "no output folder {}", root.display());
    let mut tree = Tree {
        dirs: BTreeSet::new(),
        files: BTreeMap::new(),
    };
    walk(root, root, &mut tree);
    tree
}

/// What differs between two trees, for a failure message; `None` when equal.
fn difference(a_name: &str, a: &Tree, b_name: &str, b: &Tree) -> Option<String> {
    fn only(x: &BTreeSet<&Path>, y: &BTreeSet<&Path>) -> Vec<String> {
        x.difference(y).map(|p| p.display().to_string()).collect()
    }
    fn paths(t: &Tree) -> (BTreeSet<&Path>, BTreeSet<&Path>) {
        (
            t.files.keys().map(PathBuf::as_path).collect(),
            t.dirs.iter().map(PathBuf::as_path).collect(),
        )
    }
    let ((a_files, a_dirs), (b_files, b_dirs)) = (paths(a), paths(b));
    let mut report = Vec::new();
    for (what, list) in [
        (format!("files only in {a_name}"), only(&a_files, &b_files)),
        (format!("files only in {b_name}"), only(&b_files, &a_files)),
        (format!("folders only in {a_name}"), only(&a_dirs, &b_dirs)),
        (format!("folders only in {b_name}"), only(&b_dirs, &a_dirs)),
    ] {
        if !list.is_empty() {
            report.push(format!("{what}: {list:?}"));
        }
    }
    for (path, x) in &a.files {
        let Some(y) = b.files.get(path).filter(|y| *y != x) else {
            continue;
        };
        let (x, y) = (String::from_utf8_lossy(x), String::from_utf8_lossy(y));
        report.push(format!(
            "{} differs:\n{}",
            path.display(),
            changed_lines(a_name, &x, b_name, &y)
        ));
    }
    (!report.is_empty()).then(|| report.join("\n    "))
}

/// The lines between the common beginning and the common end of two texts,
/// each side's (at most 8), marked with its name.
fn changed_lines(a_name: &str, a: &str, b_name: &str, b: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let head = a.iter().zip(&b).take_while(|(p, q)| p == q).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(p, q)| p == q)
        .count();
    let side = |name: &str, lines: &[&str]| -> String {
        let shown: Vec<String> = lines[head..lines.len() - tail]
            .iter()
            .take(8)
            .map(|l| format!("      {name:>7} | {l}"))
            .collect();
        if shown.is_empty() {
            format!("      {name:>7} | (nothing)")
        } else {
            shown.join("\n")
        }
    };
    format!(
        "      from line {}:\n{}\n{}",
        head + 1,
        side(a_name, &a),
        side(b_name, &b)
    )
}

// ---------------------------------------------------------------------------
// Builds

fn public(site: &SiteTest) -> PathBuf {
    site.root().join("public")
}

fn cache_bytes(site: &SiteTest) -> Option<Vec<u8>> {
    fs::read(site.root().join(CACHE_FILE)).ok()
}

fn is_cached(run: &Run) -> bool {
    run.stderr.contains("(cached build)")
}

/// The first build of a fresh site: cold, and it leaves a cache.
fn cold_build(site: &SiteTest) {
    let run = site.build();
    run.success();
    assert!(!is_cached(&run), "a first build is cold:\n{}", run.stderr);
    assert!(
        site.root().join(CACHE_FILE).is_file(),
        "the first build leaves {CACHE_FILE}"
    );
}

/// Builds the site with `--no-cache ARGS` into a fresh folder and panics
/// unless that equals `public/`; also checks that the `--no-cache` build
/// neither touched the cache nor left anything behind.
#[track_caller]
fn assert_same_as_cold(site: &SiteTest, args: &[&str], label: &str) {
    let cold = tempfile::tempdir().expect("create a temp dir");
    let out = cold.path().join("public");
    let cache = cache_bytes(site);
    let out_arg = out.to_str().expect("temp dir path is UTF-8");
    let run = site.build_with(&[&["--no-cache", "--output", out_arg], args].concat());
    assert_eq!(
        run.code, 0,
        "{label}: the --no-cache build failed:\n{}",
        run.stderr
    );
    assert!(
        !is_cached(&run),
        "{label}: --no-cache said:\n{}",
        run.stderr
    );
    assert_eq!(
        cache_bytes(site),
        cache,
        "{label}: --no-cache changed {CACHE_FILE}"
    );
    if let Some(diff) = difference("cached", &tree(&public(site)), "cold", &tree(&out)) {
        panic!("{label}: public/ after the cached build is not the cold build's:\n    {diff}");
    }
    let leftovers: Vec<String> = fs::read_dir(site.root())
        .expect("read the site root")
        .map(|e| {
            e.expect("read an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.contains("debrief-new") || n.contains("debrief-old"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "{label}: staging folders left: {leftovers:?}"
    );
}

/// The number in "N rendered again (cached build)".
fn rendered_again(run: &Run) -> Option<usize> {
    let before = run.stderr.split(" rendered again").next()?;
    before.rsplit(' ').next()?.parse().ok()
}

/// Applies `edit` to a site whose `public/` is `before`, builds with the
/// cache, and checks the result against a cold build; returns the new tree.
fn step(site: &SiteTest, edit: &Edit, before: &Tree) -> Tree {
    let name = edit.name;
    edits::apply(site, edit);
    let run = site.build();
    assert_eq!(
        run.code, 0,
        "{name}: the cached build failed:\n{}",
        run.stderr
    );
    match edit.expect {
        Expect::Cached | Expect::Restored => assert!(
            is_cached(&run),
            "{name}: expected a cached build, stderr:\n{}",
            run.stderr
        ),
        Expect::Cold => assert!(
            !is_cached(&run),
            "{name}: expected a cold build (cache invalid), stderr:\n{}",
            run.stderr
        ),
        Expect::Either => {}
    }
    if let Some(n) = edit.rendered {
        assert_eq!(
            rendered_again(&run),
            Some(n),
            "{name}: stderr:\n{}",
            run.stderr
        );
    }
    assert_same_as_cold(site, &[], name);
    let after = tree(&public(site));
    for path in &edit.appears {
        assert!(public(site).join(path).exists(), "{name}: no public/{path}");
    }
    for path in &edit.gone {
        assert!(
            !public(site).join(path).exists(),
            "{name}: public/{path} is still there"
        );
    }
    if edit.expect == Expect::Restored {
        if let Some(diff) = difference("restored", &after, "before", before) {
            panic!("{name}: the tampered output was not restored:\n    {diff}");
        }
    } else {
        // An edit that changes no output would test nothing.
        assert!(after != *before, "{name}: the edit changed no output");
    }
    after
}

/// Runs every script on its own fresh site, in parallel: a cold build, then
/// a [`step`] for each of its edits.
fn run_scripts(scripts: &[Script]) {
    edits::run_each(scripts, |script| {
        let site = site();
        cold_build(&site);
        let mut before = tree(&public(&site));
        for edit in &script.edits {
            before = step(&site, edit, &before);
        }
    });
}

#[test]
fn after_every_kind_of_content_edit_a_cached_build_equals_a_cold_one() {
    run_scripts(&edits::content_scripts());
}

#[test]
fn after_static_and_asset_edits_a_cached_build_equals_a_cold_one() {
    run_scripts(&edits::static_scripts());
}

#[test]
fn after_config_template_or_ui_string_edits_the_build_is_cold_and_equal() {
    run_scripts(&edits::config_scripts());
}

#[test]
fn a_cached_build_restores_outputs_changed_by_hand() {
    run_scripts(&edits::each(vec![
        edit("rendered page edited by hand").restored().tamper(
            "reports/bericht-03/index.html",
            "edited by hand, and longer\n",
        ),
        edit("feed edited by hand")
            .restored()
            .tamper("atom.xml", "<feed/>"),
        edit("copied static file edited by hand").restored().tamper(
            "files/handout.txt",
            "edited by hand, and longer than before\n",
        ),
        edit("rendered page deleted by hand")
            .restored()
            .delete_output("reports/bericht-03/index.html"),
        edit("copied bundle asset deleted by hand")
            .restored()
            .delete_output("en/reports/leweb-dell/notes.svg"),
        edit("highlight stylesheet deleted by hand")
            .restored()
            .delete_output("css/highlight.css"),
        edit("output folder deleted by hand")
            .restored()
            .delete_output("en/tags"),
    ]));
}

/// Several edits at once, then again and again: each cached build starts
/// from the previous cached build's output and cache.
#[test]
fn a_chain_of_cached_builds_stays_equal_to_cold_builds() {
    const MORE_SVG: &str = "content/reports/2008-12-10-leweb-dell/more.svg";
    run_scripts(&[Script {
        name: "a chain of cached builds",
        edits: vec![
            edit("body, static file and new bundle asset")
                .cached()
                .replace(LISTEN, "Er sagte", "Sie sagte")
                .write(HANDOUT, "Handout zur LeWeb 2008, neu.\n")
                .write(MORE_SVG, "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            edit("title, tag added, theme CSS overridden, output deleted")
                .cached()
                .replace(GERMAN_ONLY, "Nur auf Deutsch", "Nur noch auf Deutsch")
                .replace(GERMAN_ONLY, "tags = [\"Dell\"]", "tags = [\"Dell\", \"Neu\"]")
                .write("static/css/debrief.css", "body { color: black; }\n")
                .delete_output("reports/bericht-03/index.html")
                .appears(&["tags/neu/index.html", "reports/bericht-03/index.html"]),
            edit("event renamed, date removed, lesson edited, asset removed")
                .cached()
                .replace(edits::BOTH, "name = \"Webinale\"", "name = \"Webinale Berlin\"")
                .replace(BOTH_EN, "name = \"Webinale\"", "name = \"Webinale Berlin\"")
                .replace("content/reports/bericht-10.md", "date = 2009-03-10\n", "")
                .replace(edits::LESSON, "dann senden", "dann lange senden")
                .remove(MORE_SVG)
                .gone(&[
                    "events/webinale-2009",
                    "reports/leweb-dell/more.svg",
                    "page/5",
                    "en/page/5",
                ]),
            edit("override removed, tags removed, copy edited by hand")
                .cached()
                .remove("static/css/debrief.css")
                .replace(GERMAN_ONLY, "tags = [\"Dell\", \"Neu\"]", "tags = []")
                .replace(LISTEN_EN, "date = 2008-12-18", "date = 2008-12-21")
                .tamper("files/handout.txt", "edited by hand, and longer than before\n")
                .gone(&["tags/neu", "tags/dell"]),
            edit("new report and deleted translation")
                .write(
                    "content/reports/neu.md",
                    "+++\ntitle = \"Neu\"\ndate = 2009-03-15\n\n[taxonomies]\ntags = [\"Dell\"]\n+++\n\nNeu.\n",
                )
                .remove("content/reports/bericht-12.en.md")
                .appears(&["reports/neu/index.html", "tags/dell/index.html", "page/5/index.html"])
                .gone(&["en/reports/bericht-12"]),
            edit("summary and date reordering after a fallback")
                .cached()
                .replace(LISTEN, "Der Vorspann", "Ein neuer Vorspann")
                .replace("content/reports/neu.md", "date = 2009-03-15", "date = 2008-11-30"),
            edit("date given back, static file added")
                .cached()
                .replace(
                    "content/reports/bericht-10.md",
                    "title = \"Bericht 10\"\n",
                    "title = \"Bericht 10\"\ndate = 2009-03-10\n",
                )
                .write("static/files/neu/plan.txt", "Plan.\n")
                .appears(&["files/neu/plan.txt"]),
        ],
    }]);
}

/// A build that fails, in the cached path (content) or the cold one (a
/// template), exits 1 naming the file and leaves `public/` as it was.
#[test]
fn a_failed_build_leaves_public_untouched_and_the_next_one_recovers() {
    struct Broken {
        what: &'static str,
        file: &'static str,
        from: &'static str,
        to: &'static str,
        message: &'static str,
    }
    let cases = [
        Broken {
            what: "broken TOML front matter",
            file: GERMAN_ONLY,
            from: "title = \"Nur auf Deutsch\"",
            to: "title = ",
            message: "content/reports/nur-deutsch.md:2:",
        },
        Broken {
            what: "link to a missing page",
            file: "content/reports/bericht-02.md",
            from: "Text 2.",
            to: "Text 2, [siehe](@/reports/fehlt.md).",
            message: "content/reports/bericht-02.md:",
        },
        Broken {
            what: "broken template",
            file: "themes/default/templates/page.html",
            from: "{% block content %}",
            to: "{% block content %}{{ nope(",
            message: "page.html",
        },
    ];
    for case in cases {
        let what = case.what;
        let site = site();
        cold_build(&site);
        // A good cached build first: the failing build starts from a cache
        // that a cached build wrote.
        replace(&site, LISTEN, "Er sagte", "Sie sagte");
        let run = site.build();
        run.success();
        assert!(is_cached(&run), "{what}: {}", run.stderr);
        let before = tree(&public(&site));
        let good = read(&site, case.file);
        replace(&site, case.file, case.from, case.to);
        let run = site.build();
        assert_eq!(run.code, 1, "{what}: stderr:\n{}", run.stderr);
        assert!(
            run.stderr.contains(case.message),
            "{what}: the error names `{}`:\n{}",
            case.message,
            run.stderr
        );
        if let Some(diff) = difference("after", &tree(&public(&site)), "before", &before) {
            panic!("{what}: the failed build changed public/:\n    {diff}");
        }
        // Fixed, plus a further edit: equal to a cold build.
        site.write(case.file, &good);
        replace(&site, GERMAN_ONLY, "Diesen Bericht", "Jetzt diesen Bericht");
        site.build().success();
        assert_same_as_cold(&site, &[], &format!("{what}, fixed"));
    }
}

#[test]
fn no_cache_build_does_not_create_the_cache() {
    let site = site();
    site.build_with(&["--no-cache"]).success();
    assert!(
        !site.root().join(".debrief-cache").exists(),
        "--no-cache created .debrief-cache/"
    );
    assert!(site.exists("/reports/nur-deutsch/"));
    // The next build has no cache to use: cold, and it creates one.
    cold_build(&site);
}

#[test]
fn a_no_cache_build_into_public_in_between_keeps_the_next_cached_build_correct() {
    let site = site();
    cold_build(&site);
    replace(
        &site,
        GERMAN_ONLY,
        "Nur auf Deutsch",
        "Nur auf Deutsch, zwei",
    );
    site.build_with(&["--no-cache"]).success();
    replace(&site, LISTEN, "Er sagte", "Sie sagte");
    site.build().success();
    assert_same_as_cold(&site, &[], "cached build after a --no-cache build");
}

#[test]
fn without_its_cache_folder_the_next_build_is_cold_and_correct() {
    let site = site();
    cold_build(&site);
    replace(&site, GERMAN_ONLY, "tags = [\"Dell\"]", "tags = []");
    site.remove(BOTH_EN);
    fs::remove_dir_all(site.root().join(".debrief-cache")).expect("remove the cache");
    let run = site.build();
    run.success();
    assert!(!is_cached(&run), "no cache, yet:\n{}", run.stderr);
    assert!(site.root().join(CACHE_FILE).is_file(), "the cache is back");
    assert!(!public(&site).join("tags/dell").exists());
    assert_same_as_cold(&site, &[], "cache folder deleted");

    // A cache file that is not one (truncated, garbage) counts as none.
    fs::write(site.root().join(CACHE_FILE), b"not a cache").expect("spoil the cache");
    replace(&site, LISTEN, "Er sagte", "Sie sagte");
    let run = site.build();
    run.success();
    assert!(
        !is_cached(&run),
        "a spoiled cache was used:\n{}",
        run.stderr
    );
    assert_same_as_cold(&site, &[], "cache file spoiled");
}

#[test]
fn other_options_or_another_output_folder_make_a_cold_build_that_equals_a_no_cache_one() {
    let site = site();
    cold_build(&site);
    let other = tempfile::tempdir().expect("create a temp dir");
    let other_out = other.path().join("site");
    let other_arg = other_out
        .to_str()
        .expect("temp dir path is UTF-8")
        .to_owned();
    for args in [
        vec!["--drafts"],
        vec!["--future"],
        vec!["--base-url", "https://example.net/blog"],
        vec![],
    ] {
        replace(&site, LISTEN, "Zuhören ist", "Zuhören ist fast");
        let run = site.build_with(&args);
        run.success();
        assert!(!is_cached(&run), "{args:?} used the cache:\n{}", run.stderr);
        assert_same_as_cold(&site, &args, &format!("build {args:?}"));
    }
    // The cache belongs to the folder it was written for.
    let run = site.build_with(&["--output", &other_arg]);
    run.success();
    assert!(
        !is_cached(&run),
        "--output used public/'s cache:\n{}",
        run.stderr
    );
    let run = site.build();
    run.success();
    assert!(
        !is_cached(&run),
        "public/ used --output's cache:\n{}",
        run.stderr
    );
    assert_same_as_cold(&site, &[], "back to public/");
    if let Some(diff) = difference(
        "--output",
        &tree(&other_out),
        "public",
        &tree(&public(&site)),
    ) {
        panic!("the two output folders differ:\n    {diff}");
    }
}

/// Each output file's modification time.
fn mtimes(site: &SiteTest) -> BTreeMap<PathBuf, std::time::SystemTime> {
    let public = public(site);
    crate::support::files_under(&public)
        .into_iter()
        .map(|path| {
            let modified = fs::metadata(&path)
                .and_then(|m| m.modified())
                .unwrap_or_else(|e| panic!("stat {}: {e}", path.display()));
            let rel = path
                .strip_prefix(&public)
                .expect("under public/")
                .to_owned();
            (rel, modified)
        })
        .collect()
}

/// The files whose modification time is not the one in `before`.
fn rewritten(site: &SiteTest, before: &BTreeMap<PathBuf, std::time::SystemTime>) -> Vec<String> {
    mtimes(site)
        .into_iter()
        .filter(|(path, modified)| before.get(path) != Some(modified))
        .map(|(path, _)| path.display().to_string())
        .collect()
}

#[test]
fn a_cached_build_rewrites_only_the_files_it_renders_or_copies() {
    let site = site();
    cold_build(&site);
    let cold = mtimes(&site);
    let run = site.build();
    run.success();
    assert_eq!(rendered_again(&run), Some(0), "{}", run.stderr);
    assert_eq!(
        rewritten(&site, &cold),
        Vec::<String>::new(),
        "no edit, yet rewritten"
    );

    let before = mtimes(&site);
    replace(&site, LISTEN, "Er sagte", "Sie sagte");
    let run = site.build();
    run.success();
    assert_eq!(rendered_again(&run), Some(1), "{}", run.stderr);
    let page = "reports/zuhoeren-vor-senden/index.html";
    let rewrote = rewritten(&site, &before);
    // The German search index holds the page's words: some of its files
    // change; Pagefind's own script and stemmer, and the English index, not.
    let others: Vec<&String> = (rewrote.iter())
        .filter(|p| *p != page && !p.starts_with("pagefind/de/"))
        .collect();
    assert!(others.is_empty(), "a body edit rewrote {others:?}");
    assert!(
        rewrote
            .iter()
            .any(|p| p.starts_with("pagefind/de/fragment/")),
        "the index was not brought up to date: {rewrote:?}"
    );
    for kept in ["pagefind/de/pagefind.js", "pagefind/de/wasm.de.pagefind"] {
        assert!(!rewrote.iter().any(|p| p == kept), "{kept} rewritten");
    }

    let before = mtimes(&site);
    site.write(HANDOUT, "Handout zur LeWeb 2008, zweite Fassung.\n");
    site.build().success();
    let others: Vec<String> = rewritten(&site, &before)
        .into_iter()
        .filter(|p| p != "files/handout.txt")
        .collect();
    assert!(others.is_empty(), "a static file edit rewrote {others:?}");
    assert_same_as_cold(&site, &[], "after edits that rewrite one file each");
}

#[test]
fn a_deleted_output_folder_is_written_whole_again() {
    let site = site();
    cold_build(&site);
    replace(&site, LISTEN, "Er sagte", "Sie sagte");
    fs::remove_dir_all(public(&site)).expect("remove public/");
    site.build().success();
    assert_same_as_cold(&site, &[], "public/ deleted by hand");
}

/// `debrief build` in the site root and `debrief build --root /abs/site`
/// build the same site into the same folder: one reuses the other's cache.
#[test]
fn the_cache_is_used_however_the_site_root_is_spelled() {
    let site = site();
    cold_build(&site);
    replace(&site, LISTEN, "Er sagte", "Sie sagte");
    let run = site.run(&["build"]);
    run.success();
    assert!(
        is_cached(&run),
        "`debrief build` in the site root after `debrief build --root {}` did not use the cache:\n{}",
        site.root().display(),
        run.stderr
    );
    assert_same_as_cold(&site, &[], "build in the site root");
}

/// A report of `paragraphs` paragraphs after its summary: long enough that
/// its body lies past the first 4 KiB that a cached build reads of a file
/// it has seen before (only the front matter is needed then).
fn long_report(title: &str, date: &str, link: &str, paragraphs: usize) -> String {
    let body: String = (0..paragraphs)
        .map(|i| {
            format!("Absatz {i}: Wir haben erst zugehört und dann gesendet, wie besprochen.\n\n")
        })
        .collect();
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\n\n[taxonomies]\ntags = [\"Dell\"]\n+++\n\nVorspann zu {title}, siehe [hier]({link}).\n\n<!-- more -->\n\n{body}Ende.\n"
    )
}

#[test]
fn long_reports_read_only_up_to_their_front_matter_still_come_out_right() {
    let site = site();
    site.write(
        "content/reports/lang.md",
        &long_report("Lang", "2009-04-01", "@/reports/beide.md", 120),
    );
    site.write(
        "content/reports/lang.en.md",
        &long_report("Long", "2009-04-01", "@/reports/beide.md", 120),
    );
    site.write(
        "content/reports/verweis.md",
        &long_report("Verweis", "2009-04-02", "@/reports/lang.md", 120),
    );
    assert!(read(&site, "content/reports/lang.md").len() > 8192);
    cold_build(&site);
    let mut before = tree(&public(&site));
    let steps = vec![
        edit("the end of a long body")
            .cached()
            .replace("content/reports/lang.md", "Ende.", "Das Ende.")
            .rendered(1),
        edit("the title of a long report").cached().replace(
            "content/reports/verweis.md",
            "title = \"Verweis\"",
            "title = \"Hinweis\"",
        ),
        edit("the summary of a long report").cached().replace(
            "content/reports/lang.en.md",
            "Vorspann zu Long",
            "Lead of Long",
        ),
        edit("the slug its neighbour links to")
            .replace(
                "content/reports/lang.md",
                "date = 2009-04-01\n",
                "date = 2009-04-01\nslug = \"sehr-lang\"\n",
            )
            .appears(&["reports/sehr-lang/index.html"])
            .gone(&["reports/lang"]),
        edit("a long report's translation removed")
            .remove("content/reports/lang.en.md")
            .gone(&["en/reports/lang"]),
    ];
    for e in &steps {
        before = step(&site, e, &before);
    }
    let linking = read(&site, "public/reports/verweis/index.html");
    assert!(
        linking.contains("/reports/sehr-lang/"),
        "the body of the unchanged long report follows the new slug"
    );
}

/// Three reports whose order by title is the reverse of their order by
/// date: the first and the last keep one neighbour each, on the other side.
fn reversible(site: &SiteTest) {
    for (name, title, day) in [("a", "Alpha", 1), ("b", "Beta", 2), ("c", "Gamma", 3)] {
        site.write(
            &format!("content/notes/{name}.md"),
            &format!("+++\ntitle = \"{title}\"\ndate = 2009-03-{day:02}\n+++\nText.\n"),
        );
    }
}

#[test]
fn a_sections_new_order_moves_its_pages_neighbour_links_in_a_cached_build() {
    let site = site();
    reversible(&site);
    site.write(
        "content/notes/_index.md",
        "+++\ntitle = \"Notizen\"\nsort_by = \"date\"\n+++\n",
    );
    cold_build(&site);
    for sort_by in ["title", "weight", "date"] {
        site.write(
            "content/notes/_index.md",
            &format!("+++\ntitle = \"Notizen\"\nsort_by = \"{sort_by}\"\n+++\n"),
        );
        site.build().success();
        assert_same_as_cold(&site, &[], &format!("sort_by = \"{sort_by}\""));
    }
}

#[test]
fn a_cached_build_that_fails_writing_half_way_leaves_public_as_it_was() {
    let site = site();
    cold_build(&site);
    replace(&site, LISTEN, "Er sagte", "Sie sagte");
    site.build().success();
    let before = tree(&public(&site));
    // Pages rendered again, then a static file larger than the process
    // may write (EFBIG): the cached build fails once the pages are written.
    replace(&site, LISTEN_EN, "He said", "She said");
    site.write("static/video.bin", &"x".repeat(3 << 20));
    let run = site.build_with_small_files(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!(
            "error: {}: File too large (os error 27)\n",
            site.root().join("static/video.bin").display()
        )
    );
    if let Some(diff) = difference("after", &tree(&public(&site)), "before", &before) {
        panic!("the failed build changed public/:\n    {diff}");
    }
    // Fixed: the next cached build is whole again.
    site.remove("static/video.bin");
    let run = site.build();
    run.success();
    assert!(is_cached(&run), "{}", run.stderr);
    assert_same_as_cold(&site, &[], "after a failed write");
}

#[test]
fn a_cached_build_removes_what_killed_builds_left_beside_public() {
    let site = site();
    cold_build(&site);
    site.write(".public.debrief-new-999999999/.debrief-output", "x");
    site.write(".public.debrief-new-999999999/index.html", "<p>half</p>");
    replace(&site, LISTEN, "Er sagte", "Sie sagte");
    let run = site.build();
    run.success();
    assert!(is_cached(&run), "{}", run.stderr);
    assert!(!site.root().join(".public.debrief-new-999999999").exists());
    assert_same_as_cold(&site, &[], "after leftovers");
}
