//! `debrief serve` renders with `pipeline::full` and serves its outputs
//! from memory; `debrief build --no-cache` writes the site into `public/`.
//! A reader must get the same bytes at every URL either way: for every
//! fixture under `tests/fixtures/` (found by listing the folder, so a new
//! fixture is covered at once) and for the demo site at the repo root, the
//! set of output paths is the same, and so is every file, byte for byte.
//!
//! Both run with no overrides: `serve` itself builds with the address it
//! listens on as the base URL, which `build --base-url` would give alike.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;

use debrief::config::Overrides;
use debrief::pipeline;

use crate::support::{self, MARK, SiteTest, files_under};

/// What `build` writes into `public/` besides the site, and `serve` does
/// not serve: only the mark by which a later build knows the folder as one
/// it may replace (`src/output/guard.rs`, `src/output/write.rs`). Compared
/// by name at the top of `public/`, nowhere else.
const BOOKKEEPING: [&str; 1] = [MARK];

/// Fixtures that do not build as written (which their own tests check),
/// and what the test appends to their `site.toml` to part them: the
/// `[permalinks]` lines debrief's error suggests. As written, they are
/// checked to fail alike in `serve` and `build`.
const PARTED: &[(&str, &str)] = &[(
    "realworld",
    "\n[permalinks]\nreports = \"/reports/:year/:month/:slug/\"\n",
)];

/// Output path → bytes.
type Files = BTreeMap<String, Vec<u8>>;

/// The name of every fixture site: every folder in `tests/fixtures/` with
/// a `site.toml` (`import/` holds old blogs to import, not sites).
fn fixture_names() -> Vec<String> {
    let dir = support::fixtures();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("list {}: {e}", dir.display()))
        .map(|entry| entry.expect("read a folder entry").path())
        .filter(|path| path.join("site.toml").is_file())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// What `serve` serves: each rendered file, and each copied file (read
/// from its source) that no rendered one hides, as `serve/http.rs` looks
/// them up. `Err` is the diagnostics `serve` prints and overlays.
fn served(site: &SiteTest) -> Result<Files, String> {
    let build = pipeline::full(site.root(), &Overrides::default()).map_err(|d| {
        assert!(d.has_errors(), "a failed full build has errors:\n{d}");
        format!("{d}error: the build failed with {}\n", d.tally())
    })?;
    let mut files: Files = build
        .outputs
        .files
        .iter()
        .map(|(path, bytes)| (path.clone(), bytes.to_vec()))
        .collect();
    for (path, src) in &build.outputs.copies {
        if !files.contains_key(path) {
            let bytes = fs::read(src).unwrap_or_else(|e| panic!("read {}: {e}", src.display()));
            files.insert(path.clone(), bytes);
        }
    }
    Ok(files)
}

/// What `build --no-cache` wrote into `public/`, but its bookkeeping.
/// `Err` is its stderr when it failed (exit 1).
fn built(site: &SiteTest) -> Result<Files, String> {
    let run = site.build_with(&["--no-cache"]);
    if run.code != 0 {
        assert_eq!(run.code, 1, "a failed build exits 1:\n{}", run.stderr);
        return Err(run.stderr);
    }
    let public = site.root().join("public");
    let mut files = Files::new();
    for path in files_under(&public) {
        let rel = path.strip_prefix(&public).expect("under public/");
        let rel = rel.to_str().expect("output paths are UTF-8").to_owned();
        if BOOKKEEPING.contains(&rel.as_str()) {
            continue;
        }
        let bytes = fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        files.insert(rel, bytes);
    }
    Ok(files)
}

/// A window of at most 160 characters of `line` from character `from`.
fn window(line: Option<&str>, from: usize) -> String {
    let Some(line) = line else {
        return "(end of file)".to_owned();
    };
    let part: String = line.chars().skip(from).take(160).collect();
    let more = if line.chars().count() > from + 160 {
        "…"
    } else {
        ""
    };
    let less = if from > 0 { "…" } else { "" };
    format!("{less}{part:?}{more}")
}

/// The first line where two files differ, for a failure message: both
/// sides, from a little before the first character that differs.
fn first_difference(served: &[u8], built: &[u8]) -> String {
    let (a, b) = (
        String::from_utf8_lossy(served),
        String::from_utf8_lossy(built),
    );
    let (mut a_lines, mut b_lines) = (a.split('\n'), b.split('\n'));
    for number in 1.. {
        match (a_lines.next(), b_lines.next()) {
            (None, None) => break,
            (x, y) if x == y => continue,
            (x, y) => {
                let same = x
                    .unwrap_or_default()
                    .chars()
                    .zip(y.unwrap_or_default().chars())
                    .take_while(|(p, q)| p == q)
                    .count();
                let from = same.saturating_sub(40);
                return format!(
                    "first difference at line {number}, column {}:\n        serve: {}\n        build: {}",
                    same + 1,
                    window(x, from),
                    window(y, from)
                );
            }
        }
    }
    // Invalid UTF-8 told apart only by its bytes.
    let at = served.iter().zip(built).take_while(|(x, y)| x == y).count();
    format!("first difference at byte {at} (not UTF-8 text)")
}

/// Every difference between what `serve` serves and what `build` wrote.
fn differences(site: &str, served: &Files, built: &Files) -> Vec<String> {
    let paths = |files: &Files| files.keys().cloned().collect::<BTreeSet<String>>();
    let (a, b) = (paths(served), paths(built));
    let mut found = Vec::new();
    for path in a.difference(&b) {
        found.push(format!("{site}: {path} is served but not built"));
    }
    for path in b.difference(&a) {
        found.push(format!("{site}: {path} is built but not served"));
    }
    for (path, bytes) in served {
        if let Some(other) = built.get(path).filter(|other| *other != bytes) {
            found.push(format!(
                "{site}: {path} differs, {}",
                first_difference(bytes, other)
            ));
        }
    }
    found
}

/// Compares `serve` and `build` on one site; a site that does not build
/// must fail alike in both, with `expect_failure`.
fn compare(name: &str, site: &SiteTest, expect_failure: bool) -> Vec<String> {
    match (served(site), built(site), expect_failure) {
        (Ok(served), Ok(built), false) => {
            assert!(
                served.keys().any(|p| p.ends_with(".html")),
                "{name}: no page at all"
            );
            differences(name, &served, &built)
        }
        (Err(served), Err(built), true) if served == built => Vec::new(),
        (Err(served), Err(built), true) => vec![format!(
            "{name}: serve and build fail differently\n    serve:\n{served}\n    build:\n{built}"
        )],
        (Ok(_), Ok(_), true) => vec![format!(
            "{name}: builds as written now: take it out of PARTED"
        )],
        (Err(served), Err(_), false) => vec![format!("{name}: does not build:\n{served}")],
        (served, built, _) => vec![format!(
            "{name}: one of serve and build fails:\n    serve: {:?}\n    build: {:?}",
            served.err(),
            built.err()
        )],
    }
}

#[test]
fn serve_serves_what_build_no_cache_writes_for_every_fixture_and_the_demo_site() {
    let names = fixture_names();
    for (parted, _) in PARTED {
        assert!(
            names.iter().any(|n| n == parted),
            "PARTED names `{parted}`, which is no fixture"
        );
    }
    let mut failures = Vec::new();
    let mut compared = 0;
    for name in &names {
        let site = SiteTest::new(name);
        let part = PARTED
            .iter()
            .find(|(p, _)| p == name)
            .map(|(_, lines)| lines);
        failures.extend(compare(name, &site, part.is_some()));
        if let Some(lines) = part {
            let config = fs::read_to_string(site.root().join("site.toml")).unwrap();
            site.write("site.toml", &format!("{config}{lines}"));
            fs::remove_dir_all(site.root().join("public")).ok();
            let parted = format!("{name} (parted)");
            failures.extend(compare(&parted, &site, false));
        }
        compared += 1;
    }
    failures.extend(compare("the demo site", &SiteTest::demo(), false));
    assert!(compared >= 5, "only {compared} fixtures in tests/fixtures/");
    assert!(
        failures.is_empty(),
        "serve and build --no-cache differ:\n  {}",
        failures.join("\n  ")
    );
}
