//! Fuzzing on stable Rust, inside `cargo test`: seed files from
//! `tests/fixtures/` and the default theme, mutated ([`mutate`]), fed to
//! each stage that reads what users write:
//!
//! - content files: UTF-8 check, front matter split and parse (TOML and
//!   YAML), the site model, and the Markdown stage with its `@/` links
//!   (against the fixture's own site);
//! - `site.toml`: loaded, then the bilingual fixture's content read and
//!   assembled with it;
//! - templates: a site override of each theme template, through a whole
//!   in-memory build (Tera parsing and rendering);
//! - the binary: a few whole sites with several files mutated, `check` and
//!   `build` run on each.
//!
//! Properties: nothing panics; every diagnostic has a location, in a file
//! of the site, on a line and column inside that file; the binary exits 0,
//! 1 or 2, `check` exactly when `build` does, and never names a staging
//! folder. `DEBRIEF_FUZZ_CASES` sets the cases per target (default 60),
//! `DEBRIEF_FUZZ_SEED` the first case's seed (default 0): a failure names
//! its seed, and `DEBRIEF_FUZZ_SEED=S DEBRIEF_FUZZ_CASES=1` replays it.

mod mutate;

use std::collections::HashMap;
use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use debrief::config::{self, Config, Overrides};
use debrief::content::source::Source;
use debrief::content::source_file::SourceFile;
use debrief::content::{self, Discovered, Known, Reading};
use debrief::diag::{self, Diagnostic};
use debrief::markdown::{self, highlight::Highlighter};
use debrief::pipeline;
use debrief::site::{self, Site};

use mutate::{Long, Rng, mutate};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Cases per target.
fn cases() -> u64 {
    std::env::var("DEBRIEF_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(60)
}

/// The seed of the first case; case `i` has seed `first + i`.
fn first_seed() -> u64 {
    std::env::var("DEBRIEF_FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Runs `case` for every seed, catching panics; fails listing every seed
/// that panicked or broke a property.
fn run_cases(target: &str, cases: u64, mut case: impl FnMut(&mut Rng) -> Vec<String>) {
    let mut failures = Vec::new();
    let first = first_seed();
    for seed in first..first + cases {
        let mut rng = Rng::new(seed);
        match catch_unwind(AssertUnwindSafe(|| case(&mut rng))) {
            Ok(problems) => failures.extend(
                problems
                    .into_iter()
                    .map(|p| format!("{target}, seed {seed}: {p}")),
            ),
            Err(panic) => failures.push(format!(
                "{target}, seed {seed}: panicked: {}",
                panic_text(&panic)
            )),
        }
    }
    eprintln!(
        "{target}: {cases} cases from seed {first}, {} failures",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures (replay one with DEBRIEF_FUZZ_SEED=SEED DEBRIEF_FUZZ_CASES=1):\n{}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .map(|f| cut(f, 600))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// The texts of the files a diagnostic may point into, by shown path.
type Texts = HashMap<PathBuf, String>;

/// What is wrong with `d`'s location, if anything: it must name a file of
/// `texts`, at a line and column inside it. The diagnostic must also print.
fn misplaced(d: &Diagnostic, texts: &Texts) -> Option<String> {
    let Some(loc) = &d.location else {
        return Some(format!("no location: {}", cut(&d.message, 200)));
    };
    let Some(text) = texts.get(&loc.path) else {
        return Some(format!(
            "names {}, no file of the site: {}",
            loc.path.display(),
            cut(&d.message, 200)
        ));
    };
    if loc.line == 0 {
        return (loc.col != 0).then(|| format!("a column without a line: {loc}"));
    }
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(line) = lines.get(loc.line - 1) else {
        return Some(format!(
            "{loc} is past the last line ({}): {}",
            lines.len(),
            cut(&d.message, 200)
        ));
    };
    let width = line.chars().count() + 1;
    if loc.col > width {
        return Some(format!(
            "{loc} is past the end of its line ({width} columns): {}",
            cut(&d.message, 200)
        ));
    }
    // Printing used to panic past column 65,535 (a format width).
    let printed = catch_unwind(AssertUnwindSafe(|| d.to_string()));
    if let Err(panic) = printed {
        return Some(format!("printing it panicked: {}", panic_text(&panic)));
    }
    None
}

fn misplaced_all<'a>(
    diags: impl IntoIterator<Item = &'a Diagnostic>,
    texts: &Texts,
) -> Vec<String> {
    diags
        .into_iter()
        .filter_map(|d| misplaced(d, texts))
        .collect()
}

/// The text of a file as a diagnostic would show it.
fn lossy(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One fixture site (copied, with the theme), read and modelled once.
struct Fixture {
    _dir: tempfile::TempDir,
    config: Arc<Config>,
    discovered: Discovered,
    sources: Vec<(String, Source)>,
    site: Site,
    texts: Texts,
}

fn fixture(name: &str) -> Fixture {
    let dir = site_copy(name);
    let root = dir.path();
    let overrides = Overrides {
        drafts: true,
        future: true,
        ..Overrides::default()
    };
    let config = Arc::new(config::load(root, &overrides).expect("the fixture's site.toml loads"));
    let (discovered, sources, diags) = content::load(&config, Known::default, Reading::Whole);
    assert!(!diags.has_errors(), "fixture {name}: {diags}");
    let site = site::assemble(
        config.clone(),
        sources.iter().map(|(_, s)| Arc::new(s.clone())).collect(),
        None,
    )
    .unwrap_or_else(|d| panic!("fixture {name}: {d}"));
    let mut texts: Texts = sources
        .iter()
        .map(|(_, s)| (s.file.shown.clone(), s.file.text.clone()))
        .collect();
    texts.insert(
        PathBuf::from("site.toml"),
        read_text(&root.join("site.toml")),
    );
    Fixture {
        _dir: dir,
        config,
        discovered,
        sources,
        site,
        texts,
    }
}

fn read_text(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every file under `dir` (sorted), as (path, bytes).
fn files_under(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in fs::read_dir(&d).expect("read a folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let bytes = fs::read(&path).expect("read a file");
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

const FIXTURES: [&str; 5] = ["bilingual", "cache", "lessons", "realworld", "subpath"];

/// Content files: front matter split and parse, the site model, the
/// Markdown stage with `@/` links.
#[test]
fn content_files_give_located_errors_and_never_panic() {
    let fixtures: Vec<Fixture> = FIXTURES.iter().map(|f| fixture(f)).collect();
    let donors: Vec<&[u8]> = fixtures
        .iter()
        .flat_map(|f| f.sources.iter().map(|(_, s)| s.file.text.as_bytes()))
        .collect();
    let highlighter = Highlighter::new();
    let mut rejected = [0u64; 3];
    run_cases("content", cases() * 4, |rng| {
        let f = &fixtures[rng.below(fixtures.len())];
        let (rel, seed) = &f.sources[rng.below(f.sources.len())];
        let mut bytes = mutate(rng, seed.file.text.as_bytes(), &donors, Long::Allowed);
        if rng.below(3) == 0 {
            // A link to another page of the site, or one that is not.
            let (target, _) = &f.sources[rng.below(f.sources.len())];
            let link = match rng.below(3) {
                0 => format!("\n[link](@/{target})\n"),
                1 => format!("\n[link](@/{target}#anchor)\n"),
                _ => format!("\n[link](@/{target}x)\n"),
            };
            let at = rng.below(bytes.len() + 1);
            bytes.splice(at..at, link.bytes());
        }
        if rng.below(4) == 0 {
            // An interview's turn or a pull quote's attribution.
            let shape = match rng.below(4) {
                0 => "\n\n**Binhammer:** ",
                1 => "\n\nFrage: ",
                2 => "\n> — Binhammer\n",
                _ => "\n>\n> -- ",
            };
            let at = rng.below(bytes.len() + 1);
            bytes.splice(at..at, shape.bytes());
        }
        let shown = seed.file.shown.clone();
        let mut texts = f.texts.clone();
        texts.insert(shown.clone(), lossy(&bytes));
        let text = match diag::utf8(&shown, bytes) {
            Ok(text) => text,
            Err(d) => {
                rejected[0] += 1;
                return misplaced_all([&d], &texts);
            }
        };
        let file = SourceFile::new(seed.file.path.clone(), shown.clone(), text);
        let source = match content::parse_one(&f.config, file, rel, &f.discovered) {
            Ok(source) => source,
            Err(diags) => {
                rejected[1] += 1;
                return misplaced_all(diags.iter(), &texts);
            }
        };
        let mut problems = Vec::new();
        // The Markdown stage, against the fixture's own site.
        let images = debrief::ImageFacts::default();
        let cx = markdown::Context {
            site: &f.site,
            highlighter: &highlighter,
            images: &images,
        };
        let people = match &source.kind {
            content::source::SourceKind::Page(front) => front.people.as_slice(),
            _ => &[],
        };
        if let Err(diags) = markdown::render(
            &cx,
            &source.file,
            source.body.clone(),
            &source.path.lang,
            people,
        ) {
            rejected[2] += 1;
            problems.extend(misplaced_all(diags.iter(), &texts));
        }
        // The site model with the mutated file in place of the seed.
        let sources: Vec<Arc<Source>> = f
            .sources
            .iter()
            .map(|(r, s)| Arc::new(if r == rel { source.clone() } else { s.clone() }))
            .collect();
        if let Err(diags) = site::assemble(f.config.clone(), sources, None) {
            problems.extend(misplaced_all(diags.iter(), &texts));
        }
        problems
    });
    eprintln!(
        "content: {} not UTF-8, {} front matter rejected, {} bodies rejected",
        rejected[0], rejected[1], rejected[2]
    );
}

/// A temporary copy of a fixture with the repo's `themes/`.
fn site_copy(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("make a temp dir");
    for (from, to) in [
        (
            repo().join("tests/fixtures").join(fixture),
            dir.path().to_path_buf(),
        ),
        (repo().join("themes"), dir.path().join("themes")),
    ] {
        for (path, bytes) in files_under(&from) {
            let rel = path.strip_prefix(&from).expect("under the folder");
            let dest = to.join(rel);
            fs::create_dir_all(dest.parent().expect("a parent")).expect("make folders");
            fs::write(&dest, bytes).expect("write a file");
        }
    }
    dir
}

/// `site.toml`: loaded, then the content read and modelled with it.
#[test]
fn site_toml_gives_located_errors_and_never_panics() {
    let dir = site_copy("bilingual");
    let seeds: Vec<Vec<u8>> = FIXTURES
        .iter()
        .map(|f| fs::read(repo().join("tests/fixtures").join(f).join("site.toml")).expect("read"))
        .chain([fs::read(repo().join("site.toml")).expect("read the demo site.toml")])
        .collect();
    let donors: Vec<&[u8]> = seeds.iter().map(Vec::as_slice).collect();
    let content_texts = texts_under(dir.path(), &dir.path().join("content"));
    let mut failed = 0;
    run_cases("site.toml", cases() * 2, |rng| {
        let seed = *rng.pick(&donors);
        let bytes = mutate(rng, seed, &donors, Long::Allowed);
        fs::write(dir.path().join("site.toml"), &bytes).expect("write site.toml");
        let mut texts = content_texts.clone();
        texts.insert(PathBuf::from("site.toml"), lossy(&bytes));
        let config = match config::load(dir.path(), &Overrides::default()) {
            Ok(config) => Arc::new(config),
            Err(diags) => {
                failed += 1;
                return misplaced_all(diags.iter(), &texts);
            }
        };
        let (_, sources, diags) = content::load(&config, Known::default, Reading::Whole);
        let mut problems = misplaced_all(diags.iter(), &texts);
        if !diags.has_errors()
            && let Err(diags) = site::assemble(
                config,
                sources.into_iter().map(|(_, s)| Arc::new(s)).collect(),
                None,
            )
        {
            problems.extend(misplaced_all(diags.iter(), &texts));
        }
        problems
    });
    eprintln!("site.toml: {failed} rejected");
}

/// The text of every file under `dir`, by its path shown relative to `root`.
fn texts_under(root: &Path, dir: &Path) -> Texts {
    files_under(dir)
        .into_iter()
        .map(|(p, b)| {
            let shown = p.strip_prefix(root).expect("in the site").to_path_buf();
            (shown, lossy(&b))
        })
        .collect()
}

/// Templates: each theme template overridden by a mutated copy, through a
/// whole in-memory build.
#[test]
fn templates_give_located_errors_and_never_panic() {
    let dir = site_copy("bilingual");
    let toml = read_text(&dir.path().join("site.toml"));
    // Highlighting is not what is fuzzed here, and loading it is slow.
    fs::write(
        dir.path().join("site.toml"),
        toml.replace("highlight_code = true", "highlight_code = false"),
    )
    .expect("write site.toml");
    let theme = dir.path().join("themes/default/templates");
    let seeds: Vec<(String, Vec<u8>)> = files_under(&theme)
        .into_iter()
        .map(|(p, b)| (content::rel_path(&theme, &p), b))
        .collect();
    let donors: Vec<&[u8]> = seeds.iter().map(|(_, b)| b.as_slice()).collect();
    let texts = texts_under(dir.path(), dir.path());
    let mut failed = 0;
    run_cases("templates", cases() / 2, |rng| {
        let (name, seed) = rng.pick(&seeds);
        let bytes = mutate(rng, seed, &donors, Long::Allowed);
        let over = dir.path().join("templates").join(name);
        fs::create_dir_all(over.parent().expect("a parent")).expect("make templates/");
        fs::write(&over, &bytes).expect("write the template");
        let mut texts = texts.clone();
        texts.insert(Path::new("templates").join(name), lossy(&bytes));
        let built = pipeline::full(dir.path(), &Overrides::default());
        fs::remove_file(&over).expect("remove the template");
        failed += u64::from(built.is_err());
        if std::env::var_os("DEBRIEF_FUZZ_SHOW").is_some()
            && let Err(d) = &built
        {
            eprintln!("{}", cut(&d.to_string(), 300));
        }
        match built {
            Ok(build) => misplaced_all(build.warnings.iter().filter(|d| d.is_error()), &texts),
            Err(diags) => misplaced_all(diags.iter(), &texts),
        }
    });
    eprintln!("templates: {failed} builds failed");
}

/// Whole sites with several files mutated, through the binary: `check`,
/// then `build`, each exits 0, 1 or 2 and never panics.
fn mutated_sites(sites: u64, long: Long) {
    run_cases("binary", sites, |rng| {
        let dir = site_copy("bilingual");
        let root = dir.path();
        let files: Vec<(PathBuf, Vec<u8>)> = files_under(root)
            .into_iter()
            .filter(|(p, _)| {
                let rel = p.strip_prefix(root).expect("in the site");
                !rel.starts_with("themes/default/static")
                    && p.extension()
                        .is_some_and(|e| e == "md" || e == "html" || e == "toml")
            })
            .collect();
        let donors: Vec<&[u8]> = files.iter().map(|(_, b)| b.as_slice()).collect();
        for _ in 0..1 + rng.below(3) {
            let (path, seed) = rng.pick(&files);
            fs::write(path, mutate(rng, seed, &donors, long)).expect("write a mutated file");
        }
        // An alias onto something the build publishes, or a path no file
        // system takes.
        if rng.below(2) == 0 {
            let toml: Vec<&(PathBuf, Vec<u8>)> = files
                .iter()
                .filter(|(p, b)| p.starts_with(root.join("content")) && b.starts_with(b"+++\n"))
                .collect();
            let (path, _) = rng.pick(&toml);
            let alias = mutate::alias(rng);
            if let Ok(text) = fs::read(path) {
                let mut text = text;
                let line = format!("aliases = [\"{alias}\"]\n");
                let at = 4.min(text.len());
                text.splice(at..at, line.bytes());
                fs::write(path, text).expect("write an alias");
            }
        }
        // A content file under another name.
        if rng.below(2) == 0 {
            let content: Vec<&(PathBuf, Vec<u8>)> = files
                .iter()
                .filter(|(p, _)| p.starts_with(root.join("content")))
                .collect();
            let (path, _) = rng.pick(&content);
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .expect("a UTF-8 name");
            let to = path.with_file_name(mutate::file_name(rng, name));
            // The file may be mutated or renamed already: nothing to do then.
            let _ = fs::rename(path, to);
        }
        let root_arg = root.to_str().expect("a UTF-8 temp path");
        let mut problems = Vec::new();
        let mut codes = Vec::new();
        for args in [["check", "--root", root_arg], ["build", "--root", root_arg]] {
            let out = Command::new(env!("CARGO_BIN_EXE_debrief"))
                .args(args)
                .output()
                .expect("run debrief");
            let stderr = String::from_utf8_lossy(&out.stderr);
            codes.push(out.status.code());
            match out.status.code() {
                Some(0..=2) if !stderr.contains("panicked") && !stderr.contains(".debrief-new") => {
                }
                code => problems.push(format!(
                    "`debrief {}` exited {code:?}: {}",
                    args[0],
                    cut(&stderr, 400)
                )),
            }
        }
        // What `check` passes, `build` builds; what `build` fails on,
        // `check` finds.
        if codes[0] != codes[1] {
            problems.push(format!(
                "`check` exited {:?} but `build` {:?}",
                codes[0], codes[1]
            ));
        }
        problems
    });
}

#[test]
fn mutated_sites_exit_0_1_or_2() {
    mutated_sites((cases() / 20).max(3), Long::Avoided);
}

/// Lines over 65,535 columns through the binary (printing a diagnostic
/// beyond that column used to panic: exit 101).
#[test]
fn mutated_sites_with_long_lines_exit_0_1_or_2() {
    mutated_sites((cases() / 20).max(3), Long::Allowed);
}
